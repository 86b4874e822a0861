//! IDX, CIFAR-10 and image-folder loaders on small files the tests write.

use std::io::Write;
use std::path::Path;

use albench::data::{load_cifar10, load_idx_pair, load_image_folder, read_idx, DataError};

fn idx_images(n: usize, rows: usize, cols: usize) -> Vec<u8> {
    let mut v = vec![0, 0, 8, 3];
    for d in [n, rows, cols] {
        v.extend((d as u32).to_be_bytes());
    }
    v.extend((0..n * rows * cols).map(|i| (i % 256) as u8));
    v
}

fn idx_labels(labels: &[u8]) -> Vec<u8> {
    let mut v = vec![0, 0, 8, 1];
    v.extend((labels.len() as u32).to_be_bytes());
    v.extend_from_slice(labels);
    v
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

const CLASSES: [&str; 3] = ["a", "b", "c"];

#[test]
fn idx_raw_and_gzip() {
    let d = tempfile::tempdir().unwrap();
    let (im, lb) = (d.path().join("img"), d.path().join("lab.gz"));
    std::fs::write(&im, idx_images(3, 2, 2)).unwrap();
    std::fs::write(&lb, gz(&idx_labels(&[2, 0, 1]))).unwrap();
    let s = load_idx_pair(&im, &lb, &CLASSES).unwrap();
    assert_eq!((s.len(), s.channels, s.height, s.width), (3, 1, 2, 2));
    assert_eq!(s.labels, vec![2, 0, 1]);
    assert_eq!(
        s.image(1).as_ref(),
        &[4.0 / 255.0, 5.0 / 255.0, 6.0 / 255.0, 7.0 / 255.0]
    );
}

#[test]
fn idx_wrong_magic_names_file_and_offset() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("bad");
    let mut bytes = idx_images(1, 2, 2);
    bytes[2] = 0x0D; // float type
    std::fs::write(&p, bytes).unwrap();
    let e = read_idx(&p, 3).unwrap_err();
    let msg = e.to_string();
    assert!(matches!(e, DataError::Format { offset: 0, .. }), "{msg}");
    assert!(
        msg.contains("bad") && msg.contains("wrong magic number 0x00000d03"),
        "{msg}"
    );
}

#[test]
fn idx_truncated_data() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("trunc.gz");
    let bytes = idx_images(4, 3, 3);
    std::fs::write(&p, gz(&bytes[..bytes.len() - 5])).unwrap();
    let msg = read_idx(&p, 3).unwrap_err().to_string();
    assert!(
        msg.contains("trunc.gz") && msg.contains("truncated data") && msg.contains("need 36 bytes"),
        "{msg}"
    );
    let short = d.path().join("short");
    std::fs::write(&short, [0u8, 0, 8]).unwrap();
    assert!(read_idx(&short, 1)
        .unwrap_err()
        .to_string()
        .contains("too short"));
}

#[test]
fn idx_label_out_of_range_names_position() {
    let d = tempfile::tempdir().unwrap();
    let (im, lb) = (d.path().join("img"), d.path().join("lab"));
    std::fs::write(&im, idx_images(3, 2, 2)).unwrap();
    std::fs::write(&lb, idx_labels(&[0, 7, 1])).unwrap();
    let msg = load_idx_pair(&im, &lb, &CLASSES).unwrap_err().to_string();
    assert!(
        msg.contains("label 7 of sample 1 is outside 0..3") && msg.contains("byte 9"),
        "{msg}"
    );
}

fn cifar_record(label: u8, fill: u8) -> Vec<u8> {
    let mut r = vec![label];
    r.extend(std::iter::repeat_n(fill, 3072));
    r
}

#[test]
fn cifar_batches() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("cifar-10-batches-bin");
    std::fs::create_dir(&dir).unwrap();
    let mut b1 = cifar_record(3, 255);
    b1.extend(cifar_record(9, 0));
    std::fs::write(dir.join("data_batch_1.bin"), b1).unwrap();
    std::fs::write(dir.join("test_batch.bin"), cifar_record(1, 51)).unwrap();
    let (train, test) = load_cifar10(d.path()).unwrap();
    assert_eq!((train.len(), train.channels, train.height), (2, 3, 32));
    assert_eq!(train.labels, vec![3, 9]);
    assert_eq!(train.image(0)[0], 1.0);
    assert_eq!(test.labels, vec![1]);
    assert!((test.image(0)[3071] - 0.2).abs() < 1e-6);
}

#[test]
fn cifar_truncated_and_bad_label() {
    let d = tempfile::tempdir().unwrap();
    let mut b = cifar_record(1, 0);
    b.truncate(1000);
    std::fs::write(d.path().join("data_batch_1.bin"), &b).unwrap();
    std::fs::write(d.path().join("test_batch.bin"), cifar_record(1, 0)).unwrap();
    let msg = load_cifar10(d.path()).unwrap_err().to_string();
    assert!(
        msg.contains("data_batch_1.bin") && msg.contains("not a multiple of the 3073-byte"),
        "{msg}"
    );
    std::fs::write(d.path().join("data_batch_1.bin"), cifar_record(12, 0)).unwrap();
    let msg = load_cifar10(d.path()).unwrap_err().to_string();
    assert!(msg.contains("label 12 of record 0"), "{msg}");
}

fn png(path: &Path, w: u32, h: u32, v: u8) {
    image::RgbImage::from_pixel(w, h, image::Rgb([v, v / 2, 0]))
        .save(path)
        .unwrap();
}

#[test]
fn image_folder_resizes_and_labels_by_folder() {
    let d = tempfile::tempdir().unwrap();
    for (c, v) in [("cat", 200u8), ("dog", 100u8)] {
        let cd = d.path().join(c);
        std::fs::create_dir(&cd).unwrap();
        png(&cd.join("1.png"), 20, 10, v);
        png(&cd.join("2.png"), 8, 8, v);
    }
    std::fs::write(d.path().join("dog").join("notes.txt"), "ignored").unwrap();
    let (set, test) = load_image_folder(d.path(), 6, false).unwrap();
    assert!(test.is_none());
    assert_eq!(
        (set.len(), set.channels, set.height, set.width),
        (4, 3, 6, 6)
    );
    assert_eq!(set.class_names, vec!["cat", "dog"]);
    assert_eq!(set.labels, vec![0, 0, 1, 1]);
    // channel planes: R = v, G = v/2, B = 0
    let img = set.image(2);
    assert!(
        (img[0] - 100.0 / 255.0).abs() < 1e-6
            && (img[36] - 50.0 / 255.0).abs() < 1e-6
            && img[72] == 0.0
    );
    let (gray, _) = load_image_folder(d.path(), 4, true).unwrap();
    assert_eq!((gray.channels, gray.sample_len()), (1, 16));
}

#[test]
fn image_folder_errors() {
    let d = tempfile::tempdir().unwrap();
    let msg = load_image_folder(&d.path().join("missing"), 8, false)
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("missing") && msg.contains("does not exist"),
        "{msg}"
    );
    let cd = d.path().join("x");
    std::fs::create_dir(&cd).unwrap();
    std::fs::write(cd.join("broken.png"), b"not a png").unwrap();
    let msg = load_image_folder(d.path(), 8, false)
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("broken.png") && msg.contains("cannot decode"),
        "{msg}"
    );
}

#[test]
fn corrupt_idx_through_the_cli_is_bad_input() {
    let d = tempfile::tempdir().unwrap();
    let data = d.path().join("mnist");
    std::fs::create_dir(&data).unwrap();
    let classes: Vec<u8> = (0..100).map(|i| (i % 10) as u8).collect();
    std::fs::write(data.join("train-labels-idx1-ubyte"), idx_labels(&classes)).unwrap();
    std::fs::write(data.join("t10k-images-idx3-ubyte"), idx_images(100, 28, 28)).unwrap();
    std::fs::write(data.join("t10k-labels-idx1-ubyte"), idx_labels(&classes)).unwrap();
    let spec = d.path().join("s.toml");
    std::fs::write(
        &spec,
        format!("[data]\ndataset = \"mnist\"\npath = \"{}\"\npool = 50\nvalidation = 10\ntest = 10\n[loop]\nbase = 10\nbudget = 10\nrounds = 1\n", data.display()),
    )
    .unwrap();
    let mut bad_magic = idx_images(100, 28, 28);
    bad_magic[3] = 1;
    let full = idx_images(100, 28, 28);
    // `albench run` on the current files: exit 2, one line containing every `needle`,
    // nothing under results/.
    let refused = |needles: &[&str]| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_albench"))
            .args(["run", spec.to_str().unwrap(), "--quiet"])
            .current_dir(d.path())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr).into_owned();
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(needles.iter().all(|n| err.contains(n)), "{err}");
        assert!(!d.path().join("results").exists());
    };
    // crafted headers: 4 · 2³¹ · 2³¹ = 2⁶⁴ bytes (an unchecked product wraps to 0), and
    // u32::MAX images of 28×28 (≈ 3.4 TB, far beyond the file)
    let crafted = |dims: [u32; 3]| {
        let mut v = vec![0u8, 0, 8, 3];
        for x in dims {
            v.extend(x.to_be_bytes());
        }
        v.extend(&full[16..]);
        v
    };
    for (bytes, needle) in [
        (bad_magic, "wrong magic number"),
        (full[..5000].to_vec(), "truncated data"),
        (
            crafted([4, 1 << 31, 1 << 31]),
            "dimensions [4, 2147483648, 2147483648] multiply to more bytes",
        ),
        (
            crafted([u32::MAX, 28, 28]),
            "truncated data: dimensions [4294967295, 28, 28] need 3367254359280 bytes",
        ),
    ] {
        std::fs::write(data.join("train-images-idx3-ubyte"), bytes).unwrap();
        refused(&["train-images-idx3-ubyte", needle]);
    }
    // Test images of another size than the training images.
    std::fs::write(data.join("train-images-idx3-ubyte"), &full).unwrap();
    std::fs::write(data.join("t10k-images-idx3-ubyte"), idx_images(100, 32, 32)).unwrap();
    refused(&[
        "t10k-images-idx3-ubyte",
        "byte 8",
        "images are 32×32, the training images are 28×28",
    ]);
}

/// `data.metadata`: a CSV gives on-disk images their acquisition metadata, and
/// `data.filter` shortlists the pool with it.
#[test]
fn metadata_csv_attaches_and_filters_the_pool() {
    use albench::data::{build_splits, load_source};
    use albench::spec::{DataSpec, DatasetKind, MetaFilter};
    let d = tempfile::tempdir().unwrap();
    let mut rows = String::from("file,night,sequence,frame\n");
    for class in ["a", "b"] {
        std::fs::create_dir_all(d.path().join(class)).unwrap();
        for i in 0..10u32 {
            let img = image::RgbImage::from_fn(8, 8, |x, _| image::Rgb([(x * 20 + i) as u8, 0, 0]));
            img.save(d.path().join(format!("{class}/{i}.png"))).unwrap();
            rows.push_str(&format!("{class}/{i}.png,{},{i},0\n", i % 2 == 0));
        }
    }
    let csv = d.path().join("meta.csv");
    std::fs::write(&csv, &rows).unwrap();
    let spec = DataSpec {
        dataset: DatasetKind::ImageFolder,
        path: d.path().to_string_lossy().into_owned(),
        image_size: 8,
        pool: 6,
        validation: 2,
        test: 2,
        metadata: Some(csv.to_string_lossy().into_owned()),
        filter: Some(MetaFilter { night: Some(true) }),
        ..Default::default()
    };
    let src = load_source(&spec, 1).unwrap();
    assert_eq!(src.train.meta.len(), 20);
    assert_eq!(src.train.files[0], "a/0.png");
    assert!(src.train.meta[0].night && !src.train.meta[1].night);
    let s = build_splits(&spec, &src, 1, 0).unwrap();
    assert!(s.pool.meta.iter().all(|m| m.night) && s.pool.len() == 6);
    // errors name the CSV and the line
    for (text, want) in [
        ("file,weather\n", "line 1: unknown column \"weather\""),
        ("night,frame\ntrue,1\n", "line 1: needs a `file` column"),
        (
            "file,night\na/0.png,maybe\n",
            "line 2: night \"maybe\" must be true, false, 1 or 0",
        ),
        ("file,night\na/0.png,true\n", "no row for image \"a/1.png\""),
    ] {
        std::fs::write(&csv, text).unwrap();
        let e = load_source(&spec, 1)
            .err()
            .expect("bad metadata")
            .to_string();
        assert!(e.contains("meta.csv") && e.contains(want), "{e}");
    }
}

#[test]
fn an_image_folder_reports_names_its_classes() {
    let d = tempfile::tempdir().unwrap();
    let data = d.path().join("pets");
    for (c, v) in [("cat", 200u8), ("dog", 100u8), ("emu", 30u8)] {
        let cd = data.join(c);
        std::fs::create_dir_all(&cd).unwrap();
        for i in 0..30u8 {
            png(&cd.join(format!("{i}.png")), 8, 8, v.wrapping_add(i));
        }
    }
    let spec = format!(
        "name = \"pets\"\nrepeats = 1\n[data]\ndataset = \"image-folder\"\npath = \"{}\"\nimage_size = 8\npool = 50\nvalidation = 10\ntest = 20\n[model]\narch = \"mlp\"\nwidth = 4\n[train]\nmax_epochs = 1\nearly_stopping = false\n[loop]\nbase = 10\nbudget = 10\nrounds = 2\n[query]\nscorer = \"margin\"\n",
        data.display()
    );
    std::fs::write(d.path().join("pets.toml"), spec).unwrap();
    let bin = env!("CARGO_BIN_EXE_albench");
    let o = std::process::Command::new(bin)
        .args(["run", "pets.toml", "--quiet"])
        .current_dir(d.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let svg = std::fs::read_to_string(d.path().join("reports/pets/classes.svg")).unwrap();
    for c in ["cat", "dog", "emu"] {
        // plotters writes each text node on its own line
        assert!(
            svg.lines().any(|l| l.trim() == c),
            "{c} missing from classes.svg"
        );
    }
}
