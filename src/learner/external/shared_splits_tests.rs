use std::os::unix::fs::MetadataExt;
use std::sync::Arc;

use super::*;
use crate::data::cache::{load_cached, CacheConfig};
use crate::data::{build_splits, DataSpec, DatasetKind, Source, Splits};
use crate::learner::external::splits::{split_files, write_splits, SPLIT_NAMES};

fn spec(resample: bool) -> DataSpec {
    DataSpec {
        dataset: DatasetKind::Shapes,
        pool: 90,
        validation: 20,
        test: 30,
        resample_splits: resample,
        ..Default::default()
    }
}

/// Splits of repeat `repeat` read from the cache in `dir` (built there first if missing).
fn cached_splits(dir: &Path, s: &DataSpec, repeat: u32) -> Splits {
    let c = CacheConfig {
        dir: dir.to_path_buf(),
        quiet: true,
    };
    let src = load_cached(s, 5, &c).unwrap().expect("shapes are cached");
    assert!(src.train.pixels.is_cached());
    build_splits(s, &src, 5, repeat).unwrap()
}

/// The same splits loaded into memory (no cache).
fn memory_splits(s: &DataSpec, repeat: u32) -> Splits {
    let m = (s.dataset.info().load)(s, 5).unwrap();
    let src = Source {
        train: m.train,
        test: m.test,
    };
    assert!(!src.train.pixels.is_cached());
    build_splits(s, &src, 5, repeat).unwrap()
}

fn paths(f: &[SplitFiles; 3]) -> Vec<PathBuf> {
    f.iter().flat_map(|s| [s.x.clone(), s.y.clone()]).collect()
}

/// (inode, modification time in ns) of each file.
fn stamps(p: &[PathBuf]) -> Vec<(u64, i64, i64)> {
    p.iter()
        .map(|p| {
            let m = std::fs::metadata(p).unwrap();
            (m.ino(), m.mtime(), m.mtime_nsec())
        })
        .collect()
}

fn bytes(p: &[PathBuf]) -> Vec<Vec<u8>> {
    p.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

/// Files under `dir` whose name starts with a dot (temp files), recursively.
fn temps(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(temps(&p));
        } else if e.file_name().to_string_lossy().starts_with('.') {
            out.push(p);
        }
    }
    out
}

#[test]
fn a_cached_byte_comes_back_as_itself() {
    // the writer's conversion of a cached byte b, read as b / 255: round(255 · b / 255) = b
    for b in 0..=255u8 {
        let p = b as f32 / 255.0;
        assert_eq!((p.clamp(0.0, 1.0) * 255.0).round() as u8, b);
    }
}

/// The shared files equal, byte for byte, the per-run files of the same splits loaded into
/// memory; a second run finds them (same paths, inodes and modification times) and writes
/// nothing into its own directory.
#[test]
fn shared_files_are_the_per_run_files_and_are_written_once() {
    let d = tempfile::tempdir().unwrap();
    let cache = d.path().join("cache");
    let s = spec(false);
    let splits = cached_splits(&cache, &s, 0);
    assert!(splits.pool.pixels.is_view(), "the pool is a draw of rows");
    let shared = split_files(&splits, &d.path().join("run1")).unwrap();
    let own = write_splits(&memory_splits(&s, 0), &d.path().join("own")).unwrap();
    let (p, o) = (paths(&shared), paths(&own));
    for (i, f) in p.iter().enumerate() {
        assert!(f.starts_with(cache.join(NPY_DIR)), "{f:?}");
        let want = format!("{}_{}.npy", SPLIT_NAMES[i / 2], ["x", "y"][i % 2]);
        assert_eq!(f.file_name().unwrap().to_string_lossy(), want);
    }
    assert_eq!(
        bytes(&p),
        bytes(&o),
        "shared files differ from the per-run ones"
    );
    assert!(
        !d.path().join("run1").exists(),
        "nothing written in the run's directory"
    );
    let before = stamps(&p);
    // another run of the same draw (also from another process's view of the same files)
    let again = split_files(&cached_splits(&cache, &s, 0), &d.path().join("run2")).unwrap();
    assert_eq!(paths(&again), p);
    assert_eq!(stamps(&p), before, "a file was rewritten");
    assert!(!d.path().join("run2").exists());
    assert!(temps(&cache).is_empty(), "{:?}", temps(&cache));
    // shared files are read-only
    let mode = std::fs::metadata(&p[0]).unwrap().permissions();
    assert!(mode.readonly());
}

/// Another draw (a resampled repeat: its pool, validation and test are other rows, in
/// another order) gets other files, again the per-run writer's bytes.
#[test]
fn another_draw_gets_its_own_files() {
    let d = tempfile::tempdir().unwrap();
    let s = spec(true);
    let a = split_files(&cached_splits(d.path(), &s, 0), d.path()).unwrap();
    let b = split_files(&cached_splits(d.path(), &s, 1), d.path()).unwrap();
    assert_ne!(a[0].x, b[0].x);
    assert_ne!(a[1].x, b[1].x);
    assert_ne!(a[2].x, b[2].x);
    let own = write_splits(&memory_splits(&s, 1), &d.path().join("own")).unwrap();
    assert_eq!(bytes(&paths(&b)), bytes(&paths(&own)));
}

/// A damaged file (truncated, another shape) is rewritten; a cache directory that cannot
/// take the files leaves them to the run's own directory, with the same bytes.
#[test]
fn a_damaged_file_is_rewritten_and_an_unusable_directory_falls_back_to_the_run() {
    let d = tempfile::tempdir().unwrap();
    let cache = d.path().join("cache");
    let s = spec(false);
    let splits = cached_splits(&cache, &s, 0);
    let good = bytes(&paths(&split_files(&splits, d.path()).unwrap()));
    let p = paths(&split_files(&splits, d.path()).unwrap());
    std::fs::remove_file(&p[0]).unwrap();
    std::fs::write(&p[0], &good[0][..good[0].len() - 7]).unwrap();
    std::fs::remove_file(&p[3]).unwrap();
    crate::npy::write(&p[3], &[2], &[1i64, 2]).unwrap();
    assert_eq!(paths(&split_files(&splits, d.path()).unwrap()), p);
    assert_eq!(bytes(&p), good);
    // `npy` is a file: no folder can be made there
    let cache2 = d.path().join("cache2");
    let splits2 = cached_splits(&cache2, &s, 0);
    std::fs::write(cache2.join(NPY_DIR), b"in the way").unwrap();
    let run = d.path().join("run");
    let own = paths(&split_files(&splits2, &run).unwrap());
    assert!(own.iter().all(|f| f.starts_with(&run)), "{own:?}");
    assert_eq!(bytes(&own), good);
}

/// Writers racing for the same files (the `--jobs` workers of a sweep) all get the same
/// complete files, and no temp file is left.
#[test]
fn concurrent_writers_publish_one_complete_file() {
    let d = tempfile::tempdir().unwrap();
    let cache = d.path().join("cache");
    let s = spec(false);
    let splits = Arc::new(cached_splits(&cache, &s, 0));
    let got: Vec<Vec<PathBuf>> = std::thread::scope(|sc| {
        let hs: Vec<_> = (0..4)
            .map(|i| {
                let splits = Arc::clone(&splits);
                let run = d.path().join(format!("run{i}"));
                sc.spawn(move || paths(&split_files(&splits, &run).unwrap()))
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(got.iter().all(|g| *g == got[0]), "{got:?}");
    let own = write_splits(&memory_splits(&s, 0), &d.path().join("own")).unwrap();
    assert_eq!(bytes(&got[0]), bytes(&paths(&own)));
    assert!(temps(&cache).is_empty(), "{:?}", temps(&cache));
}

/// The key follows the rows: two samples of one class swapped give the same labels in the
/// same order but another pool file (its rows are the learner's pool indices).
#[test]
fn the_key_follows_the_rows_not_only_the_labels() {
    let d = tempfile::tempdir().unwrap();
    let splits = cached_splits(d.path(), &spec(false), 0);
    let pool = &splits.pool;
    let (i, j) = (0..pool.len())
        .flat_map(|i| (i + 1..pool.len()).map(move |j| (i, j)))
        .find(|&(i, j)| pool.labels[i] == pool.labels[j])
        .expect("two samples of one class");
    let mut order: Vec<usize> = (0..pool.len()).collect();
    order.swap(i, j);
    let swapped = pool.subset(&order);
    assert_eq!(swapped.labels, pool.labels);
    let key = |s: &ImageSet| {
        let (m, rows) = s.pixels.cache_view().unwrap();
        split_key(s, m, rows)
    };
    assert_ne!(key(&swapped), key(pool));
    assert_eq!(
        key(&pool.subset(&(0..pool.len()).collect::<Vec<_>>())),
        key(pool)
    );
}
