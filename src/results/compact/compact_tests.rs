use super::*;

/// A missing table is named with its path; a directory without `compact.json` is not compact.
#[test]
fn missing_files_are_named() {
    let d = tempfile::tempdir().unwrap();
    assert!(!is_compact(d.path()));
    std::fs::write(d.path().join(SPEC), "name = \"x\"\n").unwrap();
    std::fs::write(
        d.path().join(HEADER),
        r#"{"manifest": {"albench_version": "0", "backend": "flex", "device": "cpu", "cpu": "x",
            "spec_hash": "h", "started": "", "ended": "", "runs": {}},
            "available": [], "class_names": [], "runs": []}"#,
    )
    .unwrap();
    assert!(is_compact(d.path()));
    let e = read_dir(d.path()).unwrap_err().to_string();
    assert!(e.contains("rounds.csv: missing"), "{e}");
    std::fs::write(d.path().join(ROUNDS), rounds::ROUNDS_HEADER).unwrap();
    std::fs::write(d.path().join(SELECTIONS), b"not gzip").unwrap();
    let e = read_dir(d.path()).unwrap_err().to_string();
    assert!(e.contains("selections.csv.gz: not gzip'd"), "{e}");
    std::fs::write(d.path().join(HEADER), "{").unwrap();
    let e = read_dir(d.path()).unwrap_err().to_string();
    assert!(e.contains("compact.json"), "{e}");
}
