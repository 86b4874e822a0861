//! Round trips, the exact bytes NumPy writes, and one test per error.

use std::path::Path;

use super::*;

/// The first 10 bytes of every header below, as `numpy.save` (NumPy 1.24.2) writes them:
/// magic, version 1.0, header length 118 (`v`), so the data starts at byte 128.
const PREFIX: &[u8] = b"\x93NUMPY\x01\x00v\x00";

/// A header block as NumPy writes it: `dict`, spaces, `\n`, 128 bytes in all.
fn numpy_header(dict: &str) -> Vec<u8> {
    let mut h = PREFIX.to_vec();
    h.extend_from_slice(dict.as_bytes());
    h.resize(127, b' ');
    h.push(b'\n');
    h
}

fn fault(r: Result<impl std::fmt::Debug, NpyError>) -> NpyFault {
    r.expect_err("an error").fault
}

#[test]
fn header_bytes_match_numpy() {
    let h = Header {
        dtype: DType::F32,
        shape: vec![2, 3],
    };
    let numpy = numpy_header("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }");
    assert_eq!(h.encode(), numpy);
    let h = Header {
        dtype: DType::U8,
        shape: vec![1, 2, 2, 2],
    };
    let numpy = numpy_header("{'descr': '|u1', 'fortran_order': False, 'shape': (1, 2, 2, 2), }");
    assert_eq!(h.encode(), numpy);
}

#[test]
fn reads_a_file_numpy_wrote() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("a.npy");
    // numpy.save(p, numpy.array([1, -2], dtype=numpy.int64))
    let mut bytes = numpy_header("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }");
    bytes.extend_from_slice(&1i64.to_le_bytes());
    bytes.extend_from_slice(&(-2i64).to_le_bytes());
    std::fs::write(&p, bytes).unwrap();
    let a = read::<i64>(&p).unwrap();
    assert_eq!(a.shape, vec![2]);
    assert_eq!(a.data, vec![1, -2]);
}

#[test]
fn round_trips_each_dtype_and_scalars() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("x.npy");
    write(&p, &[2, 3], &[0.5f32, -1.0, 2.25, 3.0, f32::MAX, 0.0]).unwrap();
    let a = read::<f32>(&p).unwrap();
    assert_eq!(
        (a.shape, a.data),
        (vec![2, 3], vec![0.5, -1.0, 2.25, 3.0, f32::MAX, 0.0])
    );
    write(&p, &[3], &[i64::MIN, 0, i64::MAX]).unwrap();
    assert_eq!(read::<i64>(&p).unwrap().data, vec![i64::MIN, 0, i64::MAX]);
    write(&p, &[1, 2, 1, 2], &[0u8, 255, 7, 9]).unwrap();
    match read_any(&p).unwrap() {
        AnyArray::U8(a) => assert_eq!((a.shape, a.data), (vec![1, 2, 1, 2], vec![0, 255, 7, 9])),
        other => panic!("read as {:?}", other.dtype()),
    }
    write(&p, &[], &[1.5f32]).unwrap();
    assert_eq!(read_header(&p).unwrap().shape, Vec::<usize>::new());
    write::<f32>(&p, &[0, 4], &[]).unwrap();
    assert_eq!(read::<f32>(&p).unwrap().shape, vec![0, 4]);
}

#[test]
fn streaming_writer_appends_in_batches_and_renames_at_finish() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("big.npy");
    let values: Vec<f32> = (0..300_000).map(|i| i as f32 * 0.5).collect();
    let mut w = NpyWriter::<f32>::create(&p, &[1000, 300]).unwrap();
    for chunk in values.chunks(7_001) {
        w.write(chunk).unwrap();
        assert!(!p.exists(), "the target appears only at finish");
    }
    w.finish().unwrap();
    assert_eq!(read::<f32>(&p).unwrap().data, values);
    assert_eq!(
        std::fs::read_dir(d.path()).unwrap().count(),
        1,
        "no temp file left"
    );
}

#[test]
fn writer_refuses_a_wrong_count_and_leaves_nothing() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("c.npy");
    let mut w = NpyWriter::<i64>::create(&p, &[2, 2]).unwrap();
    w.write(&[1, 2, 3]).unwrap();
    let f = fault(w.finish());
    assert_eq!(
        f,
        NpyFault::Count {
            expected: 4,
            found: 3
        }
    );
    let mut w = NpyWriter::<i64>::create(&p, &[2]).unwrap();
    assert_eq!(
        fault(w.write(&[1, 2, 3]).map(|_| ())),
        NpyFault::Count {
            expected: 2,
            found: 3
        }
    );
    drop(w);
    assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 0);
}

fn write_raw(dir: &Path, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join("bad.npy");
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn each_fault_is_named_with_the_file() {
    let d = tempfile::tempdir().unwrap();
    let p = write_raw(d.path(), b"PK\x03\x04 not npy at all");
    let e = read::<f32>(&p).unwrap_err();
    assert_eq!(e.fault, NpyFault::BadMagic);
    assert!(
        e.to_string()
            .starts_with(&format!("{}: not a .npy file", p.display())),
        "{e}"
    );

    let mut fortran = numpy_header("{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }");
    fortran.extend_from_slice(&[0; 4]);
    assert_eq!(
        fault(read::<f32>(&write_raw(d.path(), &fortran))),
        NpyFault::FortranOrder
    );

    let mut f8 = numpy_header("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }");
    f8.extend_from_slice(&[0; 8]);
    assert_eq!(
        fault(read::<f32>(&write_raw(d.path(), &f8))),
        NpyFault::UnsupportedDtype("<f8".into())
    );

    let mut big = numpy_header("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }");
    big.extend_from_slice(&[0; 4]);
    assert_eq!(
        fault(read_header(&write_raw(d.path(), &big))),
        NpyFault::UnsupportedDtype(">f4".into())
    );

    let mut i64s = numpy_header("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }");
    i64s.extend_from_slice(&[0; 8]);
    let f = fault(read::<f32>(&write_raw(d.path(), &i64s)));
    assert_eq!(
        f,
        NpyFault::WrongDtype {
            expected: "float32",
            found: "<i8".into()
        }
    );

    let mut short = numpy_header("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }");
    short.extend_from_slice(&[0; 20]);
    let f = fault(read::<f32>(&write_raw(d.path(), &short)));
    assert_eq!(
        f,
        NpyFault::Truncated {
            expected: 24,
            found: 20
        }
    );
    short.extend_from_slice(&[0; 8]);
    let f = fault(read::<f32>(&write_raw(d.path(), &short)));
    assert_eq!(
        f,
        NpyFault::TrailingBytes {
            expected: 24,
            found: 28
        }
    );

    let f = fault(read::<f32>(&write_raw(d.path(), &PREFIX[..9])));
    assert!(
        matches!(f, NpyFault::Header(ref m) if m.contains("truncated")),
        "{f:?}"
    );
    let f = fault(read::<f32>(&d.path().join("missing.npy")));
    assert!(matches!(f, NpyFault::Io(_)), "{f:?}");
}

#[test]
fn header_variants_numpy_may_write_are_read() {
    let d = tempfile::tempdir().unwrap();
    // Keys in another order, double quotes, no trailing comma, Python 2 long integers.
    let mut b = numpy_header("{\"shape\": (2L,), \"fortran_order\": False, \"descr\": \"<u1\"}");
    b.extend_from_slice(&[4, 5]);
    let a = read::<u8>(&write_raw(d.path(), &b)).unwrap();
    assert_eq!((a.shape, a.data), (vec![2], vec![4, 5]));
    let mut b = numpy_header("{'descr': '<f4', 'shape': (1,), }");
    b.extend_from_slice(&[0; 4]);
    let f = fault(read::<f32>(&write_raw(d.path(), &b)));
    assert_eq!(
        f,
        NpyFault::Header("the key 'fortran_order' is missing".into())
    );
    let b = numpy_header("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }");
    let f = fault(read::<f32>(&write_raw(d.path(), &b)));
    assert!(
        matches!(f, NpyFault::Header(ref m) if m.starts_with("shape:")),
        "{f:?}"
    );
}

#[test]
fn check_shape_shows_both_shapes() {
    let p = Path::new("x.npy");
    assert!(check_shape(p, &[3, 5], &[Some(3), None]).is_ok());
    let e = check_shape(p, &[3, 5], &[Some(3), None, None]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "x.npy: shape (3, 5) where (3, ?, ?) is expected"
    );
    let e = check_shape(p, &[4], &[Some(3)]).unwrap_err();
    assert_eq!(e.to_string(), "x.npy: shape (4,) where (3,) is expected");
}
