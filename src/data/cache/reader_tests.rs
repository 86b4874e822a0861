use super::*;
use crate::data::cache::{Tail, Writer};

/// The runs of consecutive rows, by hand: 5 6 7 | 2 3 | 9 | 9 (a repeat starts a new run).
#[test]
fn runs_of_consecutive_rows() {
    let mut got = Vec::new();
    for_each_run([5, 6, 7, 2, 3, 9, 9].into_iter(), |first, k, pos| {
        got.push((first, k, pos))
    });
    assert_eq!(got, vec![(5, 3, 0), (2, 2, 3), (9, 1, 5), (9, 1, 6)]);
    for_each_run(std::iter::empty(), |_, _, _| panic!("no rows, no run"));
}

/// A u8 file of 10 images of 1×1×2 values: image `r` holds the bytes `(10 r, 10 r + 1)`.
fn tiny_file(dir: &Path, depth: Depth) -> CacheFile {
    let path = dir.join("t.albc");
    let mut w = Writer::create(dir, &path, depth, [1, 1, 2]).unwrap();
    let bytes: Vec<u8> = (0..10u8).flat_map(|r| [10 * r, 10 * r + 1]).collect();
    match depth {
        Depth::U8 => w.push_u8(&bytes).unwrap(),
        Depth::F32 => {
            let floats: Vec<f32> = bytes.iter().map(|&b| b as f32 / 255.0).collect();
            w.push_f32(&floats).unwrap()
        }
    }
    let tail = Tail {
        labels: vec![0; 10],
        class_names: vec!["a".into()],
        key: "k".into(),
        files: Vec::new(),
        ..Tail::default()
    };
    w.finish(&tail).unwrap();
    CacheFile::open(&path, "k").unwrap()
}

/// Rows 3 4 5 0 9 9 read in chunks of 1, 2 and all give the bytes of those rows, in that
/// order, as `b / 255`: 30 31 40 41 50 51 0 1 90 91 90 91; and the same as row by row.
#[test]
fn chunked_reads_give_the_rows_in_the_order_asked() {
    let d = tempfile::tempdir().unwrap();
    let want: Vec<f32> = [30u8, 31, 40, 41, 50, 51, 0, 1, 90, 91, 90, 91]
        .iter()
        .map(|&b| b as f32 / 255.0)
        .collect();
    for depth in [Depth::U8, Depth::F32] {
        let f = tiny_file(d.path(), depth);
        let rows = [3usize, 4, 5, 0, 9, 9];
        for per_chunk in [1, 2, 6, 100] {
            let mut out = vec![7.0];
            f.extend_rows_by(rows.len(), |k| rows[k], 2, &mut out, per_chunk);
            assert_eq!(out[0], 7.0, "appended, not overwritten");
            assert_eq!(
                &out[1..],
                &want[..],
                "{depth:?}, {per_chunk} rows per chunk"
            );
        }
        let mut by_row = Vec::new();
        for r in rows {
            f.extend_row(r, 2, &mut by_row);
        }
        let mut whole = Vec::new();
        f.extend_rows(rows.len(), |k| rows[k], 2, &mut whole);
        assert_eq!(by_row, whole);
    }
}
