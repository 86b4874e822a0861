//! `round_robin` over `query.classes` through the CLI, and its spec errors.

mod common;

use common::*;

fn spec(query: &str) -> String {
    TINY.replace(
        "[sweep]\n\"query.scorer\" = [\"random\", \"margin\"]",
        &format!("[query]\n{query}"),
    )
}

#[test]
fn round_robin_runs_on_a_classifier_and_on_scenes_at_night() {
    let d = tempfile::tempdir().unwrap();
    let p = write(
        d.path(),
        "rr.toml",
        &spec("scorer = \"entropy\"\nsampler = \"round_robin\"\nclasses = [\"disk\", \"ring\"]"),
    );
    let o = albench(
        d.path(),
        &["run", p.to_str().unwrap(), "--quiet", "--no-report"],
    );
    assert!(o.status.success(), "{}", text(&o));
    // classification runs have no boxes to put on the x axis
    let o = albench(
        d.path(),
        &[
            "compare",
            "results/tiny",
            "--metric",
            "test_accuracy",
            "--x",
            "n-boxes",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("--x n-boxes: these runs record no n_boxes"),
        "{}",
        text(&o)
    );
    // detection: a night-only pool, round robin over person and bicycle with an ensemble's MI
    let det = r#"
name = "night"
seed = 2
repeats = 1
[data]
dataset = "scenes"
image_size = 32
pool = 40
validation = 10
test = 20
filter = { night = true }
[model]
arch = "detector"
width = 4
ensemble = 2
[train]
max_epochs = 1
batch_size = 8
early_stopping = false
[loop]
base = 10
budget = 10
rounds = 1
[query]
scorer = "mutual_information"
sampler = "round_robin"
classes = ["person", "bicycle"]
"#;
    let p = write(d.path(), "night.toml", det);
    let o = albench(
        d.path(),
        &["run", p.to_str().unwrap(), "--quiet", "--no-report"],
    );
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn round_robin_spec_errors() {
    let d = tempfile::tempdir().unwrap();
    let cases = [
        (
            "sampler = \"round_robin\"",
            "query.classes: sampler = \"round_robin\" needs the target classes",
        ),
        (
            "classes = [\"disk\"]",
            "query.classes: is only read by the round_robin and expert samplers",
        ),
        (
            "sampler = \"round_robin\"\nclasses = [\"disk\", \"cat\"]",
            "query.classes[1]: \"cat\" is not a class of this dataset",
        ),
        (
            "scorer = \"loss\"\nsampler = \"round_robin\"\nclasses = [\"disk\"]",
            "query.scorer: \"loss\" has no per-class form",
        ),
        (
            "sampler = \"round_robin\"\nclasses = [\"disk\", \"disk\"]",
            "query.classes[1]: \"disk\" is listed twice",
        ),
    ];
    for (i, (q, want)) in cases.iter().enumerate() {
        let p = write(d.path(), &format!("bad{i}.toml"), &spec(q));
        let o = albench(d.path(), &["run", p.to_str().unwrap(), "--dry-run"]);
        assert_eq!(o.status.code(), Some(2), "case {i}: {}", text(&o));
        assert!(text(&o).contains(want), "case {i}: {}", text(&o));
    }
    let p = write(
        d.path(),
        "filter.toml",
        &TINY.replace("[model]", "filter = { night = true }\n[model]"),
    );
    let o = albench(d.path(), &["run", p.to_str().unwrap(), "--dry-run"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("data.filter: filters on acquisition metadata"),
        "{}",
        text(&o)
    );
}

/// `grad` on a classifier ensemble, members reduced by `query.aggregation`.
#[test]
fn grad_runs_on_a_classifier_ensemble() {
    let d = tempfile::tempdir().unwrap();
    let p = write(
        d.path(),
        "grad.toml",
        &spec("scorer = \"grad\"\naggregation = \"mean\"")
            .replace("width = 4", "width = 4\nensemble = 2"),
    );
    let o = albench(
        d.path(),
        &["run", p.to_str().unwrap(), "--quiet", "--no-report"],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(!text(&o).contains("warning"), "{}", text(&o));
    let p = write(
        d.path(),
        "sum.toml",
        &spec("scorer = \"grad\"\naggregation = \"sum\""),
    );
    let o = albench(d.path(), &["run", p.to_str().unwrap(), "--dry-run"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("query.aggregation: \"sum\" does not apply to query.scorer = \"grad\""),
        "{}",
        text(&o)
    );
}

/// The `expert` sampler on night scenes, and its spec errors.
#[test]
fn expert_runs_on_scenes_and_needs_sequences() {
    let d = tempfile::tempdir().unwrap();
    let det = r#"
name = "expert"
seed = 2
repeats = 1
[data]
dataset = "scenes"
image_size = 32
pool = 40
validation = 10
test = 20
filter = { night = true }
[model]
arch = "detector"
width = 4
[train]
max_epochs = 1
batch_size = 8
early_stopping = false
[loop]
base = 10
budget = 10
rounds = 1
[query]
scorer = "random"
sampler = "expert"
classes = ["person", "car"]
"#;
    let p = write(d.path(), "expert.toml", det);
    let o = albench(
        d.path(),
        &["run", p.to_str().unwrap(), "--quiet", "--no-report"],
    );
    assert!(o.status.success(), "{}", text(&o));
    expert_picks_whole_runs(&p, &d.path().join("results/expert/selections"));
    let p = write(
        d.path(),
        "scored.toml",
        &det.replace("scorer = \"random\"", "scorer = \"entropy\""),
    );
    let o = albench(d.path(), &["run", p.to_str().unwrap(), "--dry-run"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("query.scorer: the expert sampler ignores scores"),
        "{}",
        text(&o)
    );
    let p = write(
        d.path(),
        "shapes.toml",
        &spec("scorer = \"random\"\nsampler = \"expert\"\nclasses = [\"disk\"]"),
    );
    let o = albench(d.path(), &["run", p.to_str().unwrap(), "--dry-run"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("it needs recorded sequences"),
        "{}",
        text(&o)
    );
}

/// What the expert sampler selected in round 1 of the run of `spec`, read against the pool's
/// scenes metadata: whole maximal runs of consecutive frames of one sequence in which a
/// target class (person or car) is visible, one after the other, the last possibly cut
/// short; other candidates only once no such frame is left.
fn expert_picks_whole_runs(spec: &std::path::Path, selections: &std::path::Path) {
    let pool = pool_of(spec);
    let sel = read_parquet(&selections.join(&visible(selections)[0]));
    let picks = picks_per_round(&sel, 2);
    let (base, picks) = (&picks[0], &picks[1]);
    assert_eq!(picks.len(), 10);
    let targets: Vec<u32> = ["person", "car"]
        .iter()
        .map(|c| pool.class_names.iter().position(|n| n == c).unwrap() as u32)
        .collect();
    let shows_target = |i: usize| pool.objects[i].iter().any(|o| targets.contains(&o.class));
    // the candidates (not in the base set) showing a target, by (sequence, frame)
    let at: std::collections::HashMap<(u32, u32), usize> = (0..pool.len())
        .filter(|&i| !base.contains(&(i as u32)) && shows_target(i))
        .map(|i| ((pool.meta[i].sequence, pool.meta[i].frame), i))
        .collect();
    let n_shown = at.len().min(picks.len());
    assert!(
        n_shown >= 4,
        "too few frames show a target to test: {}",
        at.len()
    );
    let key = |s: u32| (pool.meta[s as usize].sequence, pool.meta[s as usize].frame);
    for (k, &s) in picks[..n_shown].iter().enumerate() {
        let (seq, frame) = key(s);
        assert!(
            shows_target(s as usize),
            "pick {k} ({seq}, {frame}) shows no target"
        );
        let continues = k > 0 && key(picks[k - 1]) == (seq, frame.wrapping_sub(1));
        if !continues {
            // a run starts here: its previous frame is no candidate showing a target, and
            // the run before it (if any) ended at its last such frame
            assert!(
                frame == 0 || !at.contains_key(&(seq, frame - 1)),
                "pick {k} ({seq}, {frame}) starts a run in the middle: {picks:?}"
            );
            if k > 0 {
                let (ps, pf) = key(picks[k - 1]);
                assert!(
                    !at.contains_key(&(ps, pf + 1)),
                    "the run ending at pick {} ({ps}, {pf}) was cut short: {picks:?}",
                    k - 1
                );
            }
        }
    }
}
