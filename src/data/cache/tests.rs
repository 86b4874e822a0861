use super::*;
use crate::data::Store;
use crate::data::{build_splits, DataSpec, DatasetKind};

fn spec(pool: usize) -> DataSpec {
    DataSpec {
        dataset: DatasetKind::Shapes,
        pool,
        validation: 20,
        test: 30,
        ..Default::default()
    }
}

fn config(dir: &Path) -> CacheConfig {
    CacheConfig {
        dir: dir.to_path_buf(),
        quiet: true,
    }
}

fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// The cached source reads back exactly what the in-memory loader generates, and its
/// splits equal the in-memory splits value for value.
#[test]
fn cached_shapes_equal_the_in_memory_ones_and_are_reused() {
    let d = tempfile::tempdir().unwrap();
    let c = config(d.path());
    let s = spec(100);
    let cached = load_cached(&s, 5, &c).unwrap().expect("shapes are cached");
    let memory = (s.dataset.info().load)(&s, 5).unwrap();
    assert!(cached.train.pixels.is_cached());
    assert_eq!(cached.train.labels, memory.train.labels);
    assert_eq!(cached.train.pixels_f32(), memory.train.pixels_f32());
    let (t1, t2) = (cached.test.unwrap(), memory.test.unwrap());
    assert_eq!(t1.pixels_f32(), t2.pixels_f32());
    let src_m = crate::data::Source {
        train: memory.train,
        test: Some(t2),
    };
    let src_c = crate::data::Source {
        train: cached.train,
        test: Some(t1),
    };
    let (a, b) = (
        build_splits(&s, &src_c, 5, 0).unwrap(),
        build_splits(&s, &src_m, 5, 0).unwrap(),
    );
    assert_eq!(a.pool.pixels_f32(), b.pool.pixels_f32());
    assert_eq!(a.test.pixels_f32(), b.test.pixels_f32());
    // two files, no temp file left
    let names = files(d.path());
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names
        .iter()
        .all(|n| n.ends_with(".albc") && !n.starts_with('.')));
    // a second load reuses them: same files, not rewritten
    let stamp = |n: &str| {
        std::fs::metadata(d.path().join(n))
            .unwrap()
            .modified()
            .unwrap()
    };
    let before: Vec<_> = names.iter().map(|n| stamp(n)).collect();
    drop((src_c, a));
    std::thread::sleep(std::time::Duration::from_millis(20));
    load_cached(&s, 5, &c).unwrap().unwrap();
    let after: Vec<_> = names.iter().map(|n| stamp(n)).collect();
    assert_eq!(before, after, "reused, not rebuilt");
    // another pool size is another training source (another file); the test split is the
    // same and is shared
    load_cached(&spec(50), 5, &c).unwrap().unwrap();
    assert_eq!(files(d.path()).len(), 3);
}

/// Two loads in one process share one open file.
#[test]
fn loads_in_one_process_share_the_open_file() {
    let d = tempfile::tempdir().unwrap();
    let c = config(d.path());
    let a = load_cached(&spec(40), 1, &c).unwrap().unwrap();
    let b = load_cached(&spec(40), 1, &c).unwrap().unwrap();
    let (Store::Cached(ma), Store::Cached(mb)) = (a.train.pixels.store(), b.train.pixels.store())
    else {
        panic!("both cached");
    };
    assert!(Arc::ptr_eq(ma, mb));
}

fn train_file(dir: &Path, s: &DataSpec, seed: u64) -> PathBuf {
    let key = build_key(s, seed, "train").unwrap();
    file_of(dir, s, "train", &key)
}

/// A truncated file, a file of another format version and a foreign file are rebuilt,
/// never read as data.
#[test]
fn damaged_files_are_rebuilt() {
    let d = tempfile::tempdir().unwrap();
    let c = config(d.path());
    let s = spec(60);
    let want = {
        let src = load_cached(&s, 2, &c).unwrap().unwrap();
        src.train.pixels_f32()
    };
    let f = train_file(d.path(), &s, 2);
    let good = std::fs::read(&f).unwrap();
    /// A change to a good file's bytes.
    type Damage = fn(&mut Vec<u8>);
    let damage: [Damage; 3] = [
        |b| b.truncate(b.len() - 100),
        |b| b[8] = 99,
        |b| b[..8].copy_from_slice(b"NOTMINE!"),
    ];
    for hurt in damage {
        let mut b = good.clone();
        hurt(&mut b);
        // a new inode: a file this process has open stays as it was
        let _ = std::fs::remove_file(&f);
        std::fs::write(&f, &b).unwrap();
        clear_open();
        let src = load_cached(&s, 2, &c).unwrap().unwrap();
        assert_eq!(src.train.pixels_f32(), want);
        assert_eq!(
            std::fs::read(&f).unwrap(),
            good,
            "rebuilt to the same bytes"
        );
    }
}

/// Forget the files this process has open (a later run of another process).
fn clear_open() {
    *OPEN.lock().unwrap() = None;
}

/// A cache directory that cannot be created is a `Cache` error naming it; nothing is left.
#[test]
fn an_unusable_directory_is_an_error_naming_it() {
    let d = tempfile::tempdir().unwrap();
    let blocker = d.path().join("file");
    std::fs::write(&blocker, "x").unwrap();
    let c = config(&blocker.join("cache"));
    let Err(e) = load_cached(&spec(10), 1, &c) else {
        panic!("a file in the way of the directory must fail");
    };
    assert!(matches!(e, DataError::Cache { .. }), "{e}");
    let m = e.to_string();
    assert!(m.contains("file/cache") && m.contains("--cache DIR"), "{m}");
    assert_eq!(files(d.path()), vec!["file"]);
}

/// A writer dropped before `finish` (an error mid-write) leaves no file at all; a
/// finished one leaves only its target.
#[test]
fn an_unfinished_writer_leaves_nothing() {
    let d = tempfile::tempdir().unwrap();
    let target = d.path().join("x.albc");
    let mut w = Writer::create(d.path(), &target, Depth::U8, [1, 1, 2]).unwrap();
    w.push_u8(&[1, 2]).unwrap();
    assert_eq!(files(d.path()).len(), 1, "the temp file while writing");
    drop(w);
    assert!(files(d.path()).is_empty());
    let mut w = Writer::create(d.path(), &target, Depth::F32, [1, 1, 2]).unwrap();
    w.push_f32(&[0.25, 1.0]).unwrap();
    let tail = Tail {
        labels: vec![0],
        class_names: vec!["a".into()],
        key: "k".into(),
        ..Tail::default()
    };
    w.finish(&tail).unwrap();
    assert_eq!(files(d.path()), vec!["x.albc"]);
    let m = CacheFile::open(&target, "k").unwrap();
    let mut out = Vec::new();
    m.extend_row(0, 2, &mut out);
    assert_eq!(out, vec![0.25, 1.0]);
    assert!(matches!(
        CacheFile::open(&target, "other"),
        Err(OpenError::Stale(_))
    ));
}
