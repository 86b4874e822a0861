//! The cache of detection datasets (`scenes`, `coco`, `yolo`) and of decoded image files
//! (`image-folder`): equal to the in-memory loaders, independent of the number of threads,
//! read (not decoded again) by a second load, and rebuilt when its boxes are damaged.

use super::*;
use crate::data::{DataSpec, DatasetKind};

fn config(dir: &Path) -> CacheConfig {
    CacheConfig {
        dir: dir.to_path_buf(),
        quiet: true,
    }
}

/// Forget the files this process has open (a later run of another process).
fn clear_open() {
    *OPEN.lock().unwrap() = None;
}

/// A source's sets are equal value for value: pixels, labels, boxes, metadata, files.
fn assert_same(a: &ImageSet, b: &ImageSet) {
    assert_eq!(a.pixels_f32(), b.pixels_f32());
    assert_eq!(a.labels, b.labels);
    assert_eq!(a.objects, b.objects);
    assert_eq!(a.meta, b.meta);
    assert_eq!(a.files, b.files);
    assert_eq!(a.class_names, b.class_names);
    assert_eq!(
        (a.channels, a.height, a.width),
        (b.channels, b.height, b.width)
    );
}

fn scenes_spec() -> DataSpec {
    DataSpec {
        dataset: DatasetKind::Scenes,
        image_size: 16,
        pool: 40,
        validation: 10,
        test: 12,
        ..Default::default()
    }
}

/// The cached scenes (floats, with boxes and metadata) equal the generated ones exactly.
#[test]
fn cached_scenes_equal_the_generated_ones() {
    let d = tempfile::tempdir().unwrap();
    let s = scenes_spec();
    let cached = load_cached(&s, 3, &config(d.path())).unwrap().unwrap();
    let memory = (s.dataset.info().load)(&s, 3).unwrap();
    assert!(cached.train.pixels.is_cached());
    assert_eq!(cached.train.pixels.depth_bytes(), 4, "floats, unchanged");
    assert!(cached.train.is_detection() && cached.train.meta.len() == 50);
    assert_same(&cached.train, &memory.train);
    assert_same(&cached.test.unwrap(), &memory.test.unwrap());
}

/// Two PNGs per class folder `a`, `b` (different sizes and values).
fn image_folder(root: &Path) {
    for (c, v) in [("a", 40u8), ("b", 200u8)] {
        std::fs::create_dir_all(root.join(c)).unwrap();
        for i in 0..2u32 {
            image::RgbImage::from_fn(6 + 3 * i, 5, |x, y| {
                image::Rgb([v.wrapping_add((x * 9 + y) as u8), v / 2, (i * 60) as u8])
            })
            .save(root.join(c).join(format!("{i}.png")))
            .unwrap();
        }
    }
}

/// A YOLO folder of three images, boxes on two of them.
fn yolo(root: &Path) {
    std::fs::create_dir_all(root.join("images")).unwrap();
    std::fs::create_dir_all(root.join("labels")).unwrap();
    std::fs::write(root.join("classes.txt"), "car\nperson\n").unwrap();
    for i in 0..3u32 {
        image::RgbImage::from_fn(10 + i, 9, |x, y| {
            image::Rgb([(x * 20) as u8, (y * 9) as u8, 3])
        })
        .save(root.join("images").join(format!("{i}.png")))
        .unwrap();
    }
    std::fs::write(
        root.join("labels/0.txt"),
        "1 0.5 0.5 0.2 0.4\n0 0.3 0.3 0.1 0.1\n",
    )
    .unwrap();
    std::fs::write(root.join("labels/2.txt"), "0 0.25 0.5 0.5 0.5\n").unwrap();
}

/// A COCO JSON beside two images of different sizes.
fn coco(root: &Path) -> PathBuf {
    std::fs::create_dir_all(root).unwrap();
    for (name, w) in [("p.png", 12u32), ("q.png", 20)] {
        image::RgbImage::from_fn(w, 10, |x, y| {
            image::Rgb([(x * 11) as u8, (y * 13) as u8, 77])
        })
        .save(root.join(name))
        .unwrap();
    }
    let json = r#"{"images": [{"id": 1, "file_name": "p.png"}, {"id": 2, "file_name": "q.png"}],
        "categories": [{"id": 3, "name": "car"}, {"id": 1, "name": "person"}],
        "annotations": [{"id": 1, "image_id": 2, "category_id": 3, "bbox": [1, 2, 8, 4]},
                        {"id": 2, "image_id": 1, "category_id": 1, "bbox": [0, 0, 5, 5]}]}"#;
    std::fs::write(root.join("gt.json"), json).unwrap();
    root.join("gt.json")
}

/// The specs of the three decoded datasets on fixtures under `root`.
fn decoded_specs(root: &Path) -> Vec<DataSpec> {
    image_folder(&root.join("folder"));
    yolo(&root.join("yolo"));
    let json = coco(&root.join("coco"));
    let spec = |dataset, path: PathBuf| DataSpec {
        dataset,
        path: path.to_string_lossy().into_owned(),
        image_size: 8,
        ..Default::default()
    };
    vec![
        spec(DatasetKind::ImageFolder, root.join("folder")),
        spec(DatasetKind::Yolo, root.join("yolo")),
        spec(DatasetKind::Coco, json),
    ]
}

/// The bytes of every file in `dir`, by name.
fn contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).unwrap())
        })
        .collect();
    v.sort();
    v
}

/// Built on 1 thread and on 4 threads, the cache files are the same bytes, and they read
/// back as the in-memory loader's sets.
#[test]
fn decoded_caches_do_not_depend_on_threads_and_equal_the_loaders() {
    let d = tempfile::tempdir().unwrap();
    for s in decoded_specs(&d.path().join("data")) {
        let mut built = Vec::new();
        for threads in [1, 4] {
            let dir = d.path().join(format!("{}-{threads}", s.dataset.name()));
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            clear_open();
            let src = pool.install(|| load_cached(&s, 1, &config(&dir)).unwrap().unwrap());
            let memory = (s.dataset.info().load)(&s, 1).unwrap();
            assert_same(&src.train, &memory.train);
            assert_eq!(src.test.is_some(), memory.test.is_some(), "{:?}", s.dataset);
            assert_eq!(src.train.is_detection(), s.dataset.is_detection());
            built.push(contents(&dir));
        }
        assert_eq!(built[0].len(), 2, "train and test files");
        assert_eq!(built[0], built[1], "{:?}: 1 vs 4 threads", s.dataset);
    }
}

/// A second load reads the files without decoding: the images replaced in place by bytes
/// that do not decode (same size and modification time, so the same build key) still load,
/// as the first load's values; with another modification time they are decoded (and fail).
#[test]
fn a_second_load_reads_the_cache_instead_of_decoding() {
    let d = tempfile::tempdir().unwrap();
    for s in decoded_specs(&d.path().join("data")) {
        let c = config(&d.path().join(format!("cache-{}", s.dataset.name())));
        let first = load_cached(&s, 1, &c).unwrap().unwrap();
        let root = Path::new(&s.path);
        let root = if root.is_file() {
            root.parent().unwrap()
        } else {
            root
        };
        let pngs: Vec<PathBuf> = walk(root)
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "png"))
            .collect();
        assert!(pngs.len() >= 2);
        for p in &pngs {
            let m = std::fs::metadata(p).unwrap();
            let f = std::fs::OpenOptions::new().write(true).open(p).unwrap();
            use std::io::Write;
            (&f).write_all(&vec![b'x'; m.len() as usize]).unwrap();
            f.set_modified(m.modified().unwrap()).unwrap();
        }
        clear_open();
        let second = load_cached(&s, 1, &c).unwrap().unwrap();
        assert_same(&first.train, &second.train);
        // touched: another key, decoded again, and the garbage is named
        let f = std::fs::File::options().write(true).open(&pngs[0]).unwrap();
        f.set_modified(std::time::SystemTime::now()).unwrap();
        clear_open();
        let e = load_cached(&s, 1, &c)
            .err()
            .expect("decoded again")
            .to_string();
        assert!(e.contains("cannot decode image"), "{e}");
    }
}

/// Files under `dir`, recursively.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// A detection file whose tail is damaged (one object list too many, the header still
/// consistent) or which is of format version 1 is rebuilt, never read as boxes.
#[test]
fn damaged_boxes_and_version_1_files_are_rebuilt() {
    let d = tempfile::tempdir().unwrap();
    let c = config(d.path());
    let s = scenes_spec();
    let want = load_cached(&s, 3, &c).unwrap().unwrap().train.objects;
    let f = file_of(d.path(), &s, "train", &build_key(&s, 3, "train").unwrap());
    let good = std::fs::read(&f).unwrap();
    let h = Header::decode(&good[..64], good.len() as u64).unwrap();
    let tail = Tail::decode(&good[h.tail_at as usize..], h.count as usize).unwrap();
    // the object-list count follows the classification part of the tail
    let plain = Tail {
        objects: vec![],
        meta: vec![],
        ..tail
    };
    let at = h.tail_at as usize + plain.encode().len() - 8;
    assert_eq!(&good[at..at + 4], &(h.count as u32).to_le_bytes());
    let mut lists = good.clone();
    lists[at] += 1;
    let mut v1 = good.clone();
    v1[8..12].copy_from_slice(&1u32.to_le_bytes());
    for bad in [lists, v1] {
        let _ = std::fs::remove_file(&f);
        std::fs::write(&f, &bad).unwrap();
        clear_open();
        assert!(matches!(
            open_shared(&f, &tail_key(&s)),
            Err(OpenError::Stale(_))
        ));
        let src = load_cached(&s, 3, &c).unwrap().unwrap();
        assert_eq!(src.train.objects, want);
        assert_eq!(
            std::fs::read(&f).unwrap(),
            good,
            "rebuilt to the same bytes"
        );
    }
}

fn tail_key(s: &DataSpec) -> String {
    build_key(s, 3, "train").unwrap()
}
