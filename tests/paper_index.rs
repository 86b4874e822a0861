//! reports/paper/index.md is what `albench tables --paper` writes from the committed page
//! records (`reports/paper/<name>.json`) and the sizes of the committed results
//! (`reports/paper/results/<name>/`), byte for byte: a fresh clone's index, including
//! its "not reproduced" list, is the generator's. `ALBENCH_BLESS=1` rewrites it.

use std::path::Path;

use albench::report::{index_markdown, MadePage, PAGES};

#[test]
fn the_committed_index_is_the_generators_from_the_committed_records() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("reports/paper");
    let made: Vec<_> = PAGES
        .iter()
        .map(|p| {
            let record = std::fs::read_to_string(dir.join(format!("{}.json", p.name)))
                .ok()
                .and_then(|t| serde_json::from_str::<MadePage>(&t).ok());
            // the bytes of its committed compact results, when there are some
            let size = std::fs::read_dir(dir.join("results").join(p.name))
                .ok()
                .map(|rd| {
                    rd.filter_map(|e| e.ok()?.metadata().ok())
                        .filter(|m| m.is_file())
                        .map(|m| m.len())
                        .sum::<u64>()
                });
            (p, record, size)
        })
        .collect();
    let want = index_markdown(&made);
    let path = dir.join("index.md");
    if std::env::var_os("ALBENCH_BLESS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap();
    assert!(
        have == want,
        "{} is not what the generator writes from the records beside it (ALBENCH_BLESS=1 rewrites it):\n{want}",
        path.display()
    );
}
