//! The VAE+SSD dual score through the CLI: `vae` combined with a task term.

mod common;

use common::*;

fn spec(model: &str, query: &str) -> String {
    TINY.replace("width = 4", &format!("width = 4\n{model}"))
        .replace(
            "[sweep]\n\"query.scorer\" = [\"random\", \"margin\"]",
            &format!("[query]\n{query}"),
        )
}

const DUAL: &str = "scorer = \"combine\"\ncombine = [{ scorer = \"vae\", weight = 0.5 }, { scorer = \"loss\", weight = 0.5 }]";

#[test]
fn vae_plus_loss_runs_with_a_vae_per_round_and_once() {
    let d = tempfile::tempdir().unwrap();
    for mode in ["per_round", "once"] {
        let p = write(
            d.path(),
            &format!("{mode}.toml"),
            &spec(&format!("vae = \"{mode}\"\nvae_epochs = 2"), DUAL)
                .replace("name = \"tiny\"", &format!("name = \"{mode}\"")),
        );
        let o = albench(
            d.path(),
            &["run", p.to_str().unwrap(), "--quiet", "--no-report"],
        );
        assert!(o.status.success(), "{}", text(&o));
        let sel = visible(&d.path().join(format!("results/{mode}/selections")));
        let df = read_parquet(
            &d.path()
                .join(format!("results/{mode}/selections"))
                .join(&sel[0]),
        );
        let scores = df.column("score").unwrap();
        // base-set rows have no score; every acquired row has one
        assert!(
            scores.null_count() < df.height(),
            "{mode}: no scored selection"
        );
    }
}

/// The round-1 picks (sorted) of the one-repeat experiment `name` with `query`, a VAE
/// trained once.
fn round1_picks(dir: &std::path::Path, name: &str, query: &str) -> Vec<u32> {
    let toml = spec("vae = \"once\"\nvae_epochs = 2", query)
        .replace("name = \"tiny\"", &format!("name = \"{name}\""))
        .replace("repeats = 2", "repeats = 1");
    let p = write(dir, &format!("{name}.toml"), &toml);
    let o = albench(dir, &["run", p.to_str().unwrap(), "--quiet", "--no-report"]);
    assert!(o.status.success(), "{}", text(&o));
    let sel_dir = dir.join(format!("results/{name}/selections"));
    let df = read_parquet(&sel_dir.join(&visible(&sel_dir)[0]));
    let round = df.column("round").unwrap().u32().unwrap().clone();
    let sample = df.column("sample").unwrap().u32().unwrap().clone();
    let mut picks: Vec<u32> = (0..df.height())
        .filter(|&i| round.get(i) == Some(1))
        .map(|i| sample.get(i).unwrap())
        .collect();
    picks.sort_unstable();
    assert_eq!(picks.len(), 20, "{name}");
    picks
}

/// Each term of `0.5 · z(vae) + 0.5 · z(loss)` moves the picks. The three runs share their
/// base set, round-0 classifier and VAE (their training streams do not depend on the
/// query), so the candidates' raw vae and loss scores are the same in all three; with a
/// weight of 0 a term drops out of the ranking. A reconstruction term that contributed
/// nothing (or a constant) would make the dual score pick exactly the loss term's samples.
#[test]
fn the_reconstruction_term_changes_the_picks() {
    let d = tempfile::tempdir().unwrap();
    let term = |vae: f64, loss: f64| {
        format!("scorer = \"combine\"\ncombine = [{{ scorer = \"vae\", weight = {vae:?} }}, {{ scorer = \"loss\", weight = {loss:?} }}]")
    };
    assert_eq!(term(0.5, 0.5), DUAL);
    let dual = round1_picks(d.path(), "dual", &term(0.5, 0.5));
    let loss_only = round1_picks(d.path(), "loss_only", &term(0.0, 1.0));
    let vae_only = round1_picks(d.path(), "vae_only", &term(1.0, 0.0));
    assert_ne!(dual, loss_only, "the reconstruction term changes no pick");
    assert_ne!(dual, vae_only, "the loss term changes no pick");
    assert_ne!(loss_only, vae_only);
}

#[test]
fn the_vae_scorer_needs_a_vae_and_the_vae_needs_the_scorer() {
    let d = tempfile::tempdir().unwrap();
    let p = write(d.path(), "novae.toml", &spec("", DUAL));
    let o = albench(d.path(), &["run", p.to_str().unwrap(), "--dry-run"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("model.vae: the vae scorer needs a VAE"),
        "{}",
        text(&o)
    );
    // a VAE nobody reads: a warning, not an error
    let p = write(
        d.path(),
        "unused.toml",
        &spec("vae = \"once\"", "scorer = \"margin\""),
    );
    let o = albench(d.path(), &["run", p.to_str().unwrap(), "--dry-run"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("model.vae"), "{}", text(&o));
}
