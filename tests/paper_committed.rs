//! `albench tables --paper --from-committed`: the pages' compact committed results
//! (`reports/paper*/results/<page>/`) rebuild every page and the index without training,
//! byte-identical to the pages made from the full results directories.

mod common;

use common::*;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Copy every file under `from` to the same relative path under `to`.
fn copy_tree(from: &Path, to: &Path) {
    for f in tree(from) {
        let dst = to.join(&f);
        std::fs::create_dir_all(dst.parent().unwrap()).unwrap();
        std::fs::copy(from.join(&f), dst).unwrap();
    }
}

/// The pages and the index under `pages` (what --from-committed writes), not the committed
/// results.
fn generated(pages: &Path) -> Vec<String> {
    tree(pages)
        .into_iter()
        .filter(|f| !f.starts_with("results/"))
        .collect()
}

/// Remove the pages and the index under `pages`, keeping the committed results.
fn remove_generated(pages: &Path) {
    for f in generated(pages) {
        std::fs::remove_file(pages.join(f)).unwrap();
    }
}

fn from_committed(cwd: &Path, scale: &str) {
    let o = albench(
        cwd,
        &["tables", "--paper", "--from-committed", "--scale", scale],
    );
    assert!(o.status.success(), "{}", text(&o));
}

/// Every file of `want` is in `got` with the same bytes, and nothing else is.
fn same_files(want: &Path, got: &Path) {
    assert_eq!(tree(want), tree(got));
    for f in tree(want) {
        let (a, b) = (
            std::fs::read(want.join(&f)).unwrap(),
            std::fs::read(got.join(&f)).unwrap(),
        );
        assert!(
            a == b,
            "{f} differs:\n--- committed\n{}\n--- rebuilt\n{}",
            String::from_utf8_lossy(&a),
            String::from_utf8_lossy(&b)
        );
    }
}

#[test]
fn the_committed_smoke_pages_rebuild_byte_identical_without_training() {
    // three pages made at smoke scale from their results directories (label noise: the
    // mislabeled selections; gtc_uncertain: claims at given rounds; nvidia_table5: detection
    // and A/B tables), committed with their compact results
    let fixture = root().join("tests/fixtures/paper_committed");
    let d = tempfile::tempdir().unwrap();
    copy_tree(&fixture, d.path());
    let pages = d.path().join("reports/paper-smoke");
    remove_generated(&pages);
    from_committed(d.path(), "smoke");
    // every page, its record and the index as made from the results, and nothing trained
    same_files(&fixture, d.path());
    // the pages read the committed values: another accuracy gives another page
    let rounds = pages.join("results/thesis_label_noise/rounds.csv");
    let csv = std::fs::read_to_string(&rounds).unwrap();
    let line = csv.lines().nth(1).unwrap().to_string();
    let mut cells: Vec<&str> = line.split(',').collect();
    cells[10] = "0.999";
    std::fs::write(&rounds, csv.replace(&line, &cells.join(","))).unwrap();
    from_committed(d.path(), "smoke");
    let page = "reports/paper-smoke/thesis_label_noise.md";
    assert_ne!(
        std::fs::read(fixture.join(page)).unwrap(),
        std::fs::read(d.path().join(page)).unwrap()
    );
}

#[test]
fn a_page_made_from_its_results_is_rebuilt_identically_from_its_compact_form() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(d.path().join("experiments/paper")).unwrap();
    std::fs::copy(
        root().join("experiments/paper/thesis_label_noise.toml"),
        d.path().join("experiments/paper/thesis_label_noise.toml"),
    )
    .unwrap();
    let o = albench(
        d.path(),
        &[
            "tables",
            "--paper",
            "--only",
            "thesis_label_noise",
            "--scale",
            "smoke",
            "--jobs",
            "2",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let pages = d.path().join("reports/paper-smoke");
    let made = tempfile::tempdir().unwrap();
    copy_tree(&pages, made.path());
    let files = tree(made.path());
    for f in [
        "results/thesis_label_noise/committed.json",
        "results/thesis_label_noise/rounds.csv",
        "results/thesis_label_noise/selections.csv.gz",
        "results/thesis_label_noise/spec.toml",
        "thesis_label_noise.md",
        "index.md",
    ] {
        assert!(files.contains(&f.to_string()), "{f}: {files:?}");
    }
    // the thesis' framework's initialisation, stated from the manifest
    let page = std::fs::read_to_string(pages.join("thesis_label_noise.md")).unwrap();
    assert!(
        page.contains("- Initialisation (`model.init_scheme`, from the manifest): `keras`."),
        "{page}"
    );
    // a fresh clone: no results/, no specs; the pages come back byte for byte
    std::fs::remove_dir_all(d.path().join("results")).unwrap();
    std::fs::remove_dir_all(d.path().join("experiments")).unwrap();
    remove_generated(&pages);
    from_committed(d.path(), "smoke");
    same_files(made.path(), &pages);
    assert!(!d.path().join("results").exists(), "nothing is run");
}

#[test]
fn unreadable_committed_results_are_refused_with_the_file() {
    let d = tempfile::tempdir().unwrap();
    copy_tree(&root().join("tests/fixtures/paper_committed"), d.path());
    let rounds = d
        .path()
        .join("reports/paper-smoke/results/nvidia_table5/rounds.csv");
    std::fs::write(&rounds, "run,round\n0,1\n").unwrap();
    let o = albench(
        d.path(),
        &["tables", "--paper", "--from-committed", "--scale", "smoke"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("nvidia_table5/rounds.csv: line 1: the header must read run,round,"),
        "{}",
        text(&o)
    );
}

#[test]
fn the_repository_pages_rebuild_from_their_committed_results() {
    // every committed page with compact results beside it is rebuilt byte for byte; the index
    // too once every page has them (a full regeneration writes them all)
    let committed = root().join("reports/paper");
    let d = tempfile::tempdir().unwrap();
    let pages = d.path().join("reports/paper");
    copy_tree(&committed, &pages);
    let with_results: Vec<&str> = albench::report::PAGES
        .iter()
        .map(|p| p.name)
        .filter(|n| committed.join("results").join(n).is_dir())
        .collect();
    // the pages that have results are deleted first: they must come back from those alone
    for n in &with_results {
        std::fs::remove_file(pages.join(format!("{n}.md"))).unwrap();
        std::fs::remove_file(pages.join(format!("{n}.json"))).unwrap();
    }
    from_committed(d.path(), "full");
    for n in &with_results {
        for f in [format!("{n}.md"), format!("{n}.json")] {
            assert_eq!(
                std::fs::read_to_string(committed.join(&f)).unwrap(),
                std::fs::read_to_string(pages.join(&f)).unwrap(),
                "{f}: rebuilt from reports/paper/results/{n}/ it differs from the committed page"
            );
        }
    }
    if with_results.len() == albench::report::PAGES.len() {
        assert_eq!(
            std::fs::read_to_string(committed.join("index.md")).unwrap(),
            std::fs::read_to_string(pages.join("index.md")).unwrap()
        );
    }
}
