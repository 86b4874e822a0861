//! The samplers of the recent baselines (badge, batch_bald, typiclust, probcover, epig) run
//! end to end from a spec, select what the budget asks without repeats, give the same
//! selections twice, and are refused where they cannot work.

mod common;

use common::*;

const SPEC: &str = r#"
name = "methods"
seed = 11
repeats = 1
[data]
pool = 160
validation = 40
test = 60
[model]
arch = "cnn"
width = 4
dropout = 0.2
[train]
max_epochs = 1
batch_size = 16
[query]
mc_samples = 3
[loop]
base = 20
budget = 20
rounds = 2
[sweep]
"query.sampler" = ["badge", "batch_bald", "typiclust", "probcover", "epig"]
"#;

#[test]
fn every_new_sampler_runs_and_repeats_itself() {
    let d = tempfile::tempdir().unwrap();
    let spec = write(d.path(), "m.toml", SPEC);
    let o = albench(d.path(), &["run", spec.to_str().unwrap(), "--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let sel_dir = d.path().join("results/methods/selections");
    let files = visible(&sel_dir);
    assert_eq!(files.len(), 5, "{files:?}");
    for f in &files {
        let picks = picks_per_round(&read_parquet(&sel_dir.join(f)), 3);
        for (r, round) in picks.iter().enumerate().skip(1) {
            let mut p = round.clone();
            assert_eq!(p.len(), 20, "{f} round {r}");
            p.sort();
            p.dedup();
            assert_eq!(p.len(), 20, "{f} round {r}: a sample picked twice");
        }
    }
    let again = tempfile::tempdir().unwrap();
    let spec2 = write(again.path(), "m.toml", SPEC);
    let o = albench(again.path(), &["run", spec2.to_str().unwrap(), "--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    same_results(
        &d.path().join("results/methods"),
        &again.path().join("results/methods"),
    );
}

#[test]
fn one_member_and_bad_keys_are_refused_with_the_key() {
    let d = tempfile::tempdir().unwrap();
    for (edit, key) in [
        ("mc_samples = 3", "query.sampler"),
        ("mc_samples = 3\ndelta = 0.0", "query.delta"),
        ("mc_samples = 3\njoint_samples = 0", "query.joint_samples"),
        (
            "mc_samples = 3\njoint_candidates = 0",
            "query.joint_candidates",
        ),
    ] {
        let one = SPEC
            .replace(
                "mc_samples = 3",
                if key == "query.sampler" {
                    "mc_samples = 1"
                } else {
                    edit
                },
            )
            .replace("\"badge\", ", "");
        let spec = write(d.path(), "one.toml", &one);
        let o = albench(d.path(), &["run", spec.to_str().unwrap(), "--quiet"]);
        assert_eq!(o.status.code(), Some(2), "{}", text(&o));
        assert!(text(&o).contains(key), "{}", text(&o));
    }
}
