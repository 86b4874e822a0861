//! Keys that cannot matter in a configuration ("inert"): `query.pivot` without the pivot
//! sampler, `train.momentum` with Adam, … A sweep or variants that differ only in such a key
//! would run identical "methods" (ΔAUC 0, p = 1) under different names, so that is an error;
//! an inert key set to a non-default value once is a warning.
//!
//! A configuration's *effective* form resets every inert key to its default: two
//! configurations with the same effective form compute the same thing.

use super::{Arch, Config, DatasetKind, Optimizer, SamplerKind, ScorerKind};
use crate::acquisition::scorer_info;
use crate::selection::sampler_info;

/// One rule: `key` has no effect in `c` when `why(c)` says so; `reset` puts the default back.
pub(super) struct Rule {
    pub(super) key: &'static str,
    pub(super) why: fn(&Config) -> Option<String>,
    pub(super) reset: fn(&mut Config, &Config),
}

/// Every rule: those below and the sampler keys' ([`super::inert_methods`]).
fn rules() -> impl Iterator<Item = &'static Rule> {
    RULES.iter().chain(super::inert_methods::METHOD_RULES)
}

fn sampler(c: &Config) -> String {
    format!("query.sampler = \"{}\"", c.query.sampler.name())
}

const RULES: &[Rule] = &[
    Rule {
        key: "query.pivot",
        why: |c| {
            (c.query.sampler != SamplerKind::Pivot)
                .then(|| format!("{} (only the pivot sampler reads it)", sampler(c)))
        },
        reset: |c, d| c.query.pivot = d.query.pivot,
    },
    Rule {
        key: "query.normalize",
        why: |c| {
            (c.query.scorer != ScorerKind::Combine).then(|| {
                format!(
                    "query.scorer = \"{}\" (only combine normalizes its terms)",
                    c.query.scorer.name()
                )
            })
        },
        reset: |c, d| c.query.normalize = d.query.normalize,
    },
    Rule {
        key: "query.aggregation",
        why: |c| {
            let used = c.query.scorers();
            let members = c.model.ensemble * c.query.mc_samples;
            if !c.data.dataset.is_detection() {
                if used.contains(&ScorerKind::Grad) && members > 1 {
                    return None; // grad reduces its members' gradient norms with it
                }
                return Some("the task is classification (one score per image; aggregation reduces detection maps, and grad's several members)".into());
            }
            used.iter()
                .all(|&s| scorer_info(s).aggregations.is_empty())
                .then(|| {
                    format!(
                        "query.scorer = \"{}\" gives one score per image",
                        c.query.scorer.name()
                    )
                })
        },
        reset: |c, d| c.query.aggregation = d.query.aggregation,
    },
    Rule {
        key: "query.embedding",
        why: |c| {
            (!sampler_info(c.query.sampler).needs.embeddings)
                .then(|| format!("{} (it uses no embedding)", sampler(c)))
        },
        reset: |c, d| c.query.embedding = d.query.embedding,
    },
    Rule {
        key: "query.distance",
        why: |c| {
            (!sampler_info(c.query.sampler).needs.embeddings)
                .then(|| format!("{} (it measures no distance)", sampler(c)))
        },
        reset: |c, d| c.query.distance = d.query.distance,
    },
    Rule {
        key: "train.momentum",
        why: |c| {
            (c.train.optimizer != Optimizer::Sgd)
                .then(|| "train.optimizer = \"adam\" (only sgd uses momentum)".into())
        },
        reset: |c, d| c.train.momentum = d.train.momentum,
    },
    Rule {
        key: "data.image_size",
        why: |c| not_image_folder(c, c.data.dataset.info().reads.image_size),
        reset: |c, d| c.data.image_size = d.data.image_size,
    },
    Rule {
        key: "data.grayscale",
        why: |c| not_image_folder(c, c.data.dataset.info().reads.grayscale),
        reset: |c, d| c.data.grayscale = d.data.grayscale,
    },
    Rule {
        key: "data.path",
        why: |c| {
            (!c.data.dataset.info().reads.path).then(|| {
                format!(
                    "data.dataset = \"{}\" (generated, not read from disk)",
                    dataset_name(c)
                )
            })
        },
        reset: |c, d| c.data.path = d.data.path.clone(),
    },
    Rule {
        key: "data.class_weights",
        why: not_scenes,
        reset: |c, d| c.data.class_weights = d.data.class_weights.clone(),
    },
    Rule {
        key: "data.sequence_length",
        why: not_scenes,
        reset: |c, d| c.data.sequence_length = d.data.sequence_length,
    },
    Rule {
        key: "data.night",
        why: not_scenes,
        reset: |c, d| c.data.night = d.data.night,
    },
    Rule {
        key: "model.vae",
        why: no_vae_scorer,
        reset: |c, d| c.model.vae = d.model.vae,
    },
    Rule {
        key: "model.vae_epochs",
        why: no_vae_scorer,
        reset: |c, d| c.model.vae_epochs = d.model.vae_epochs,
    },
    Rule {
        key: "model.map_loss",
        why: |c| {
            (c.model.arch != Arch::Detector)
                .then(|| "model.arch is not \"detector\" (only the detector has class maps)".into())
        },
        reset: |c, d| c.model.map_loss = d.model.map_loss,
    },
    Rule {
        key: "loop.pool",
        why: |c| {
            (!c.al_loop.accumulate).then(|| {
                "loop.accumulate = false (reselection scores the whole pool every round)".into()
            })
        },
        reset: |c, d| c.al_loop.pool = d.al_loop.pool,
    },
];

fn dataset_name(c: &Config) -> String {
    serde_json::to_value(c.data.dataset)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The message of a `[data]` key the dataset does not read (`reads` false).
fn not_image_folder(c: &Config, reads: bool) -> Option<String> {
    (!reads).then(|| {
        format!(
            "data.dataset = \"{}\" (only image-folder resizes and converts images, and scenes are drawn at that size)",
            dataset_name(c)
        )
    })
}

fn no_vae_scorer(c: &Config) -> Option<String> {
    (!c.query.scorers().contains(&ScorerKind::Vae))
        .then(|| "no vae scorer reads it (query.scorer or a query.combine term)".into())
}

fn not_scenes(c: &Config) -> Option<String> {
    (c.data.dataset != DatasetKind::Scenes).then(|| {
        format!(
            "data.dataset = \"{}\" (only the scenes generator reads it)",
            dataset_name(c)
        )
    })
}

/// The inert keys of `c`, each with why it has no effect.
pub fn inert_keys(c: &Config) -> Vec<(&'static str, String)> {
    rules()
        .filter_map(|r| (r.why)(c).map(|why| (r.key, why)))
        .collect()
}

/// `c` with every inert key back at its default (`d` holds the defaults).
pub fn effective(c: &Config, d: &Config) -> Config {
    let mut e = c.clone();
    for r in rules() {
        if (r.why)(c).is_some() {
            (r.reset)(&mut e, d);
        }
    }
    e
}

/// The inert keys of `c` whose value differs from `d`'s (set, but without effect).
pub fn set_but_inert(c: &Config, d: &Config) -> Vec<(&'static str, String)> {
    rules()
        .filter_map(|r| {
            let why = (r.why)(c)?;
            let mut e = c.clone();
            (r.reset)(&mut e, d);
            (e != *c).then_some((r.key, why))
        })
        .collect()
}

/// The value of dotted `key` in `c` (as the resolved spec writes it).
fn value_of(c: &Config, key: &str) -> Option<serde_json::Value> {
    serde_json::to_value(c)
        .ok()?
        .pointer(&format!("/{}", key.replace('.', "/")))
        .cloned()
}

/// Check the expanded configurations: two that differ only in inert keys are an error (the
/// key, the labels, the setting that makes it inert); a metric of `report.metrics` that no
/// configuration records is an error; an inert key set to a non-default value is a warning.
/// `axes` are the swept keys (for the error's location). Returns the warnings.
pub fn check(
    configs: &[super::Configuration],
    axes: &[String],
    metrics: &[String],
) -> Result<Vec<String>, (String, String)> {
    let d = Config::default();
    let effective: Vec<Config> = configs.iter().map(|c| effective(&c.config, &d)).collect();
    for j in 0..configs.len() {
        for i in 0..j {
            if effective[i] != effective[j] {
                continue;
            }
            let (a, b) = (&configs[i], &configs[j]);
            // The inert key they differ in (the first, when several).
            let (key, why) = rules()
                .find_map(|r| {
                    let why = (r.why)(&a.config).or_else(|| (r.why)(&b.config))?;
                    (value_of(&a.config, r.key) != value_of(&b.config, r.key))
                        .then_some((r.key, why))
                })
                .unwrap_or(("sweep", "they are identical".into()));
            let at = if axes.iter().any(|k| k == key) {
                format!("sweep.{key}")
            } else {
                key.to_string()
            };
            return Err((
                at,
                format!(
                    "configurations \"{}\" and \"{}\" differ only in {key}, which has no effect when {why}: they would be the same method under two names; sweep or vary {key} only where it matters",
                    a.label, b.label
                ),
            ));
        }
    }
    for m in metrics {
        if let Some(why) = unrecorded(m, configs) {
            return Err(("report.metrics".into(), format!("\"{m}\": {why}")));
        }
    }
    let mut warnings: Vec<(String, String, usize)> = Vec::new();
    for c in configs {
        for (key, why) in set_but_inert(&c.config, &d) {
            match warnings.iter_mut().find(|w| w.0 == key && w.1 == why) {
                Some(w) => w.2 += 1,
                None => warnings.push((key.to_string(), why, 1)),
            }
        }
    }
    Ok(warnings
        .into_iter()
        .map(|(key, why, n)| {
            format!(
                "{key} is set but has no effect in {n} of {} configuration(s): {why}",
                configs.len()
            )
        })
        .collect())
}

/// Why no configuration records metric `m`, if none does.
fn unrecorded(m: &str, configs: &[super::Configuration]) -> Option<String> {
    let detection = configs.iter().any(|c| c.config.data.dataset.is_detection());
    let classification = configs
        .iter()
        .any(|c| !c.config.data.dataset.is_detection());
    let detection_metric = matches!(m, "test_map" | "test_map50" | "test_wmap" | "n_boxes")
        || m.starts_with("test_ap_");
    if detection_metric && !detection {
        return Some("a detection metric; classification runs never record it".into());
    }
    if let Some(class) = m.strip_prefix("test_ap_") {
        let known = crate::data::SCENE_CLASSES;
        let any_scenes = configs
            .iter()
            .any(|c| c.config.data.dataset == DatasetKind::Scenes);
        if any_scenes && !known.contains(&class) {
            return Some(format!(
                "no class \"{class}\"; the scenes classes are {}",
                known.join(", ")
            ));
        }
        return None;
    }
    if (m == "test_accuracy" || m.starts_with("test_top")) && !classification {
        return Some(
            "a classification metric; detection runs record test_map, test_map50, test_wmap, test_ap_<class> and test_loss".into(),
        );
    }
    let k: usize = m
        .strip_prefix("test_top")?
        .strip_suffix("_accuracy")?
        .parse()
        .ok()?;
    (!configs.iter().any(|c| c.config.train.top_k.0.contains(&k))).then(|| {
        format!("recorded only when train.top_k includes {k}; add it, e.g. top_k = [1, 5, {k}]")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_follow_the_setting_that_makes_them_inert() {
        let d = Config::default();
        let mut c = d.clone();
        c.query.pivot = 0.5;
        assert_eq!(set_but_inert(&c, &d).len(), 1, "top_n ignores the pivot");
        assert_eq!(effective(&c, &d), d);
        c.query.sampler = SamplerKind::Pivot;
        assert!(set_but_inert(&c, &d).is_empty());
        assert_ne!(effective(&c, &d).query.pivot, d.query.pivot);
        let keys: Vec<&str> = inert_keys(&d).into_iter().map(|(k, _)| k).collect();
        for k in [
            "query.pivot",
            "query.normalize",
            "query.aggregation",
            "query.embedding",
            "query.distance",
            "train.momentum",
            "data.image_size",
            "data.grayscale",
            "data.path",
        ] {
            assert!(
                keys.contains(&k),
                "{k} is inert in the default configuration"
            );
        }
        assert!(
            !keys.contains(&"loop.pool"),
            "accumulating: loop.pool matters"
        );
    }
}
