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
