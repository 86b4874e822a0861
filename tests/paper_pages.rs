//! `albench tables --paper`: every spec of experiments/paper/ expands and has a page in the
//! registry; the smallest page is generated end to end at smoke scale, with the source's rows
//! and columns, its claims and the index line.

mod common;

use common::*;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_paper_spec_expands_and_has_a_page() {
    let mut specs: Vec<String> = std::fs::read_dir(root().join("experiments/paper"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    specs.sort();
    let mut pages: Vec<String> = albench::report::PAGES
        .iter()
        .map(|p| format!("{}.toml", p.name))
        .collect();
    pages.sort();
    assert_eq!(specs, pages, "one spec per page and one page per spec");
    for s in &specs {
        let p = format!("experiments/paper/{s}");
        for scale in [None, Some("smoke")] {
            let mut args = vec!["run", p.as_str(), "--dry-run"];
            if let Some(sc) = scale {
                args.extend(["--scale", sc]);
            }
            let o = albench(root(), &args);
            assert!(o.status.success(), "{s} {scale:?}: {}", text(&o));
            assert!(text(&o).contains("training runs"), "{}", text(&o));
        }
    }
    // the specs the pages' baselines are pretrained with parse too, and each weights file
    // is named by the page spec's model.init
    for page in albench::report::PAGES {
        let spec = std::fs::read_to_string(page.spec_path()).unwrap_or_default();
        for b in page.pretrain {
            let o = albench(root(), &["run", b.spec, "--dry-run"]);
            assert!(o.status.success(), "{}: {}", b.spec, text(&o));
            assert!(
                spec.contains(&format!("\"model.init\" = \"{}\"", b.out)),
                "{}: no model.init names {}",
                page.name,
                b.out
            );
        }
    }
}

#[test]
fn the_ab_page_is_generated_at_smoke_scale() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(d.path().join("experiments/paper")).unwrap();
    std::fs::copy(
        root().join("experiments/paper/nvidia_table5.toml"),
        d.path().join("experiments/paper/nvidia_table5.toml"),
    )
    .unwrap();
    let o = albench(
        d.path(),
        &[
            "tables",
            "--paper",
            "--only",
            "nvidia_table5",
            "--scale",
            "smoke",
            "--jobs",
            "2",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let page =
        std::fs::read_to_string(d.path().join("reports/paper-smoke/nvidia_table5.md")).unwrap();
    for want in [
        "# NVIDIA Table V: active learning vs manual selection (A/B test)",
        "## How this page was made",
        "- Command: `albench tables --paper --only nvidia_table5 --scale smoke` (scale `smoke`, 2 repeats per method).",
        "- Elapsed wall time: ",
        "s (the manifest's first run start to its last run end).",
        "- Summed run time: ",
        "- Result directories: `results/paper-smoke/nvidia_table5/` (no other page reads it).",
        "at commit `",
        "**Smoke scale**",
        "## Differs from the source",
        "## Claims",
        "- AL-selected data improves bicycle AP more than manual selection on both test sets (Table Va: +5.94 vs +1.36): ",
        "### (a) Both arms' held-out data (Table Va",
        "### (b) The expert arm's held-out data only (Table Vb",
        "| class / metric | reference | Δ expert | Δ round_robin | p (splits) | p (repeats) | n |",
        "## The source's values",
        "| bicycle | (a) active learning | +5.94 |",
        "| car | (b) manual | +0.58 |",
    ] {
        assert!(page.contains(want), "{want}\n{page}");
    }
    let index = std::fs::read_to_string(d.path().join("reports/paper-smoke/index.md")).unwrap();
    assert!(
        index.contains("| [NVIDIA Table V: active learning vs manual selection (A/B test)](nvidia_table5.md) | `experiments/paper/nvidia_table5.toml` | smoke | "),
        "{index}"
    );
    assert!(
        index.contains("| not generated yet |"),
        "pages not made are listed: {index}"
    );
    // every source result without a page is listed with its reason
    assert!(index.contains("## Not reproduced"), "{index}");
    for n in albench::report::NOT_REPRODUCED {
        assert!(
            index.contains(&format!("- {}: {}.", n.what, n.why)),
            "{index}"
        );
    }
    // resuming: a second call runs nothing and writes the same page (bar nothing: the page
    // has no wall-clock content but the run times, which come from the stored manifest)
    let o = albench(
        d.path(),
        &[
            "tables",
            "--paper",
            "--only",
            "nvidia_table5",
            "--scale",
            "smoke",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("0 to do"), "{}", text(&o));
    let again =
        std::fs::read_to_string(d.path().join("reports/paper-smoke/nvidia_table5.md")).unwrap();
    assert_eq!(page, again);
}

#[test]
fn paper_flag_errors() {
    let d = tempfile::tempdir().unwrap();
    for (args, want) in [
        (
            vec!["tables", "--paper", "--only", "nope"],
            "--only nope: no such page",
        ),
        (
            vec!["tables", "--paper", "--scale", "huge"],
            "--scale huge: with --paper, smoke or full",
        ),
        (
            vec!["tables", "results/x", "--scale", "smoke"],
            "--scale smoke: must be a positive number",
        ),
    ] {
        let o = albench(d.path(), &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
        assert!(text(&o).contains(want), "{args:?}: {}", text(&o));
    }
}

/// Copy `names` from experiments/paper/ into `dir`'s experiments/paper/.
fn copy_specs(dir: &Path, names: &[&str]) {
    std::fs::create_dir_all(dir.join("experiments/paper")).unwrap();
    for n in names {
        std::fs::copy(
            root().join(format!("experiments/paper/{n}.toml")),
            dir.join(format!("experiments/paper/{n}.toml")),
        )
        .unwrap();
    }
}

#[test]
fn the_label_noise_page_counts_mislabeled_picks_and_the_index_survives_a_fresh_clone() {
    let d = tempfile::tempdir().unwrap();
    copy_specs(d.path(), &["thesis_label_noise", "gtc_uncertain"]);
    let make = |name: &str| {
        let o = albench(
            d.path(),
            &[
                "tables", "--paper", "--only", name, "--scale", "smoke", "--jobs", "2",
            ],
        );
        assert!(o.status.success(), "{}", text(&o));
    };
    make("thesis_label_noise");
    let page = std::fs::read_to_string(d.path().join("reports/paper-smoke/thesis_label_noise.md"))
        .unwrap();
    for want in [
        "# Thesis Table 4.1: mislabeled images among the first selected (label noise 0.2)",
        "- entropy at pivot 0 selects more mislabeled images than random (Table 4.1: 39 vs 23 of 100): ",
        "mislabeled among round 1's picks: entropy p0 ",
        "Welch p ",
        "### Mislabeled among round 1's picks",
        "| method | runs | mislabeled (mean ± std over runs) |",
        "| entropy p0.25 | 2 | ",
        "| entropy p0 | disagreements | 39/100 |",
    ] {
        assert!(page.contains(want), "{want}\n{page}");
    }
    // the page's claims are also stored beside it, for the index of a later call
    assert!(d
        .path()
        .join("reports/paper-smoke/thesis_label_noise.json")
        .is_file());
    // a fresh clone has the committed pages but no results: making another page keeps the
    // first page's line in the index (from its .json) instead of "not generated yet"
    std::fs::remove_dir_all(d.path().join("results/paper-smoke/thesis_label_noise")).unwrap();
    make("gtc_uncertain");
    let index = std::fs::read_to_string(d.path().join("reports/paper-smoke/index.md")).unwrap();
    let line = |name: &str| {
        index
            .lines()
            .find(|l| l.contains(&format!("({name}.md)")))
            .unwrap_or_else(|| panic!("{name} in {index}"))
            .to_string()
    };
    assert!(line("thesis_label_noise").contains("| smoke | "), "{index}");
    assert!(line("gtc_uncertain").contains("| smoke | "), "{index}");
    // gtc_uncertain checks its claims at rounds 2 and 6 from the per-round table
    let page =
        std::fs::read_to_string(d.path().join("reports/paper-smoke/gtc_uncertain.md")).unwrap();
    assert!(page.contains("test_accuracy at round 2: "), "{page}");
    assert!(page.contains("test_accuracy at round 6: "), "{page}");
    // one correction over the page's claims: 4 claims, one test each
    assert!(
        page.contains("Holm over the page's 4 claim tests: p "),
        "{page}"
    );
    // the per-round table names its own family (which comparisons, how many)
    assert!(
        page.contains("at every round (Welch; Holm over ")
            && page.contains(" comparisons with random: every method × round)"),
        "{page}"
    );
    assert!(
        page.contains("Pairwise p-values of test_accuracy (Welch; Holm over 3 pairs: every pair of the 3 methods)"),
        "{page}"
    );
}

/// A tiny stand-in for a baseline's pretraining spec: the page's CNN on 28×28 grayscale
/// images of 10 classes (Fashion-MNIST's geometry), trained in seconds.
const TINY_SHAPES_PRETRAIN: &str = r#"
name = "tiny_shapes_pretrain"
seed = 3
[data]
dataset = "shapes"
pool = 200
validation = 50
test = 50
[model]
arch = "cnn"
[train]
max_epochs = 1
[loop]
base = 50
budget = 50
rounds = 1
"#;

#[test]
fn the_baselines_page_pretrains_what_is_missing_and_states_it() {
    let d = tempfile::tempdir().unwrap();
    copy_specs(d.path(), &["thesis_baselines"]);
    // the synthetic baseline will be pretrained by the page, from a tiny stand-in spec at the
    // page's path; the real one is already there (its full-scale pretraining takes a minute)
    let pre = d.path().join("experiments/paper/pretrain");
    std::fs::create_dir_all(&pre).unwrap();
    std::fs::write(
        pre.join("thesis_baselines_shapes.toml"),
        TINY_SHAPES_PRETRAIN,
    )
    .unwrap();
    std::fs::create_dir_all(d.path().join("results/weights")).unwrap();
    let o = albench(
        d.path(),
        &[
            "pretrain",
            "experiments/paper/pretrain/thesis_baselines_shapes.toml",
            "--out",
            "results/weights/thesis_baselines_real.bpk",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    // before: the dry run names the missing file and succeeds
    let o = albench(
        d.path(),
        &[
            "run",
            "experiments/paper/thesis_baselines.toml",
            "--dry-run",
            "--scale",
            "smoke",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("\"results/weights/thesis_baselines_shapes.bpk\" does not exist yet"),
        "{}",
        text(&o)
    );
    let o = albench(
        d.path(),
        &[
            "tables",
            "--paper",
            "--only",
            "thesis_baselines",
            "--scale",
            "smoke",
            "--jobs",
            "2",
        ],
    );
    let t = text(&o);
    assert!(o.status.success(), "{t}");
    assert!(
        t.contains("baseline results/weights/thesis_baselines_shapes.bpk:")
            && !t.contains("baseline results/weights/thesis_baselines_real.bpk:"),
        "only the missing baseline is pretrained: {t}"
    );
    assert!(d
        .path()
        .join("results/weights/thesis_baselines_shapes.bpk")
        .is_file());
    let page =
        std::fs::read_to_string(d.path().join("reports/paper-smoke/thesis_baselines.md")).unwrap();
    for want in [
        "# Thesis Fig. 4.35–4.46: the baseline matters",
        "The baselines were pretrained first",
        "- `albench pretrain experiments/paper/pretrain/thesis_baselines_shapes.toml --out results/weights/thesis_baselines_shapes.bpk`: cnn trained on 200 pool images of experiments/paper/pretrain/thesis_baselines_shapes.toml for 1 epoch; test accuracy ",
        // made before the page ran: the command, without what it printed
        "- `albench pretrain experiments/paper/thesis_baselines.toml --reserved --out results/weights/thesis_baselines_real.bpk`\n",
        "- the baseline matters: from the real baseline the test loss is lower than from random weights",
        "| 1 | ",
        "real/entropy",
        "shapes/loss",
        "untrained/random",
    ] {
        assert!(page.contains(want), "{want}\n{page}");
    }
}
