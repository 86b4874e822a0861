//! Sweep expansion: count, order, ids stable under key reordering, variants, scales.

use std::path::Path;

use albench::spec::parse;

fn load(text: &str, scale: Option<&str>) -> albench::spec::Experiment {
    parse(Path::new("s.toml"), text, scale).unwrap()
}

#[test]
fn cartesian_product_in_sorted_axis_order() {
    let e = load(
        "[sweep]\n\"query.sampler\" = [\"top_n\", \"pivot\"]\n\"query.scorer\" = [\"random\", \"margin\", \"entropy\"]\n",
        None,
    );
    assert_eq!(e.configs.len(), 6);
    assert_eq!(e.swept_keys, vec!["query.sampler", "query.scorer"]);
    let labels: Vec<&str> = e.configs.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(
        labels,
        vec![
            "top_n/random",
            "top_n/margin",
            "top_n/entropy",
            "pivot/random",
            "pivot/margin",
            "pivot/entropy"
        ]
    );
    assert_eq!(e.n_runs(), 6 * 3);
}

#[test]
fn ids_stable_under_key_reordering() {
    let a = load("seed = 3\n[data]\npool = 9000\nnoise = 0.1\n[sweep]\n\"query.scorer\" = [\"margin\", \"entropy\"]\n\"loop.base\" = [100, 200]\n", None);
    let b = load("seed = 3\n[sweep]\n\"loop.base\" = [100, 200]\n\"query.scorer\" = [\"margin\", \"entropy\"]\n[data]\nnoise = 0.1\npool = 9000\n", None);
    let ids = |e: &albench::spec::Experiment| {
        let mut v: Vec<String> = e.configs.iter().map(|c| c.id.clone()).collect();
        v.sort();
        v
    };
    assert_eq!(ids(&a), ids(&b));
    assert_eq!(a.configs[0].id, b.configs[0].id);
    assert_eq!(a.configs[0].id.len(), 10);
    // A different value gives a different id.
    let c = load("seed = 3\n[data]\npool = 9001\nnoise = 0.1\n[sweep]\n\"query.scorer\" = [\"margin\", \"entropy\"]\n\"loop.base\" = [100, 200]\n", None);
    assert_ne!(ids(&a), ids(&c));
}

#[test]
fn variants_combined_with_sweep() {
    let e = load(
        "[sweep]\n\"query.sampler\" = [\"top_n\", \"top_third\"]\n[[variant]]\nlabel = \"Entropy (max)\"\n\"query.scorer\" = \"entropy\"\n[[variant]]\nlabel = \"Margin\"\n[variant.query]\nscorer = \"margin\"\n",
        None,
    );
    let labels: Vec<&str> = e.configs.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(
        labels,
        vec![
            "Entropy (max)/top_n",
            "Entropy (max)/top_third",
            "Margin/top_n",
            "Margin/top_third"
        ]
    );
    assert_eq!(
        e.configs[2].config.query.scorer,
        albench::spec::ScorerKind::Margin
    );
}

#[test]
fn variants_alone_and_default_label() {
    let e = load(
        "[[variant]]\nlabel = \"p0.25\"\n\"query.sampler\" = \"pivot\"\n\"query.pivot\" = 0.25\n",
        None,
    );
    assert_eq!(e.configs.len(), 1);
    assert_eq!(e.configs[0].config.query.pivot, 0.25);
    let d = load("", None);
    assert_eq!(d.configs[0].label, "margin/top_n");
    assert_eq!(d.spec.name, "s");
}

#[test]
fn scale_smoke_overrides() {
    let t = "repeats = 5\n[loop]\nbudget = 10\nrounds = 2\n[data]\npool = 6000\n[sweep]\n\"query.scorer\" = [\"random\", \"margin\"]\n[scale.smoke]\n\"data.pool\" = 600\nrepeats = 2\n\"sweep.query.scorer\" = [\"random\"]\n";
    let full = load(t, None);
    let smoke = load(t, Some("smoke"));
    assert_eq!(
        (
            full.spec.repeats,
            full.configs.len(),
            full.configs[0].config.data.pool
        ),
        (5, 2, 6000)
    );
    assert_eq!(
        (
            smoke.spec.repeats,
            smoke.configs.len(),
            smoke.configs[0].config.data.pool
        ),
        (2, 1, 600)
    );
    assert_ne!(full.spec_hash, smoke.spec_hash);
    assert!(smoke.resolved.contains("applied_scale = \"smoke\""));
    // The stored spec loads again, to the same configurations.
    let again = load(&smoke.resolved, None);
    assert_eq!(
        again
            .configs
            .iter()
            .map(|c| c.id.clone())
            .collect::<Vec<_>>(),
        smoke
            .configs
            .iter()
            .map(|c| c.id.clone())
            .collect::<Vec<_>>()
    );
}

#[test]
fn any_named_scale_applies_and_an_unknown_one_is_refused() {
    let t = "[loop]\nbase = 10\nbudget = 10\nrounds = 2\n[data]\npool = 6000\n[scale.mid]\n\"data.pool\" = 2000\n[scale.smoke]\n\"data.pool\" = 300\n";
    assert_eq!(load(t, Some("mid")).configs[0].config.data.pool, 2000);
    assert_eq!(load(t, Some("smoke")).configs[0].config.data.pool, 300);
    assert_eq!(load(t, Some("full")).configs[0].config.data.pool, 6000);
    let e = parse(Path::new("s.toml"), t, Some("smok")).unwrap_err();
    assert_eq!(e.key(), Some("--scale"));
    let msg = e.to_string();
    assert!(
        msg.contains("smok: this spec has no [scale.smok]; it defines mid, smoke"),
        "{msg}"
    );
}

#[test]
fn resolved_spec_writes_every_default() {
    let e = load("", None);
    for key in [
        "[data]",
        "pool = 6000",
        "[train]",
        "reshuffle = true",
        "[loop]",
        "budget = 500",
        "[query]",
        "pivot = 0.0",
        "[report]",
    ] {
        assert!(e.resolved.contains(key), "{key} missing in\n{}", e.resolved);
    }
}
