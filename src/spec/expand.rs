//! Sweep expansion: `[sweep]` axes (cartesian product) × `[[variant]]` rows → configurations.
//!
//! Order: variants in file order; within a variant, the product of the sweep axes with axes
//! sorted by key name and the last axis varying fastest. Ids hash the resolved values, so
//! they are stable under any reordering of keys in the file.

use toml::{Table, Value};

use super::config_id::config_id;
use super::table::{is_known, set_path, short, typed};
use super::validate::check_config;
use super::{Config, ScorerKind, Spec};

/// One configuration of the experiment.
#[derive(Clone, Debug)]
pub struct Configuration {
    /// Short hash of the resolved configuration.
    pub id: String,
    /// Readable label: the variant's label and/or the swept values joined by `/`.
    pub label: String,
    /// Resolved values.
    pub config: Config,
    /// Swept keys and their values for this configuration (`query.scorer` → `"margin"`).
    pub swept: Vec<(String, String)>,
}

/// Keys that may not be swept or set in a variant (experiment-level).
const FIXED: &[&str] = &[
    "name",
    "description",
    "repeats",
    "report",
    "sweep",
    "variant",
    "scale",
    "seed",
];

/// Failure: (key, message).
type Problem = (String, String);

/// The axes of `[sweep]`, sorted by key, each with at least one value.
pub fn axes(sweep: &Table, defaults: &Table) -> Result<Vec<(String, Vec<Value>)>, Problem> {
    let mut out = Vec::new();
    for (key, vals) in sweep {
        let skey = format!("sweep.{key}");
        check_settable(key, defaults).map_err(|m| (skey.clone(), m))?;
        let Value::Array(list) = vals else {
            return Err((
                skey,
                format!("must be a list of values, got {}", short(vals)),
            ));
        };
        if list.is_empty() {
            return Err((skey, "is an empty list; give at least one value".into()));
        }
        out.push((key.clone(), list.clone()));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

fn check_settable(key: &str, defaults: &Table) -> Result<(), String> {
    let head = key.split('.').next().unwrap_or(key);
    if FIXED.contains(&head) {
        return Err(format!(
            "`{key}` is experiment-level and cannot be swept or varied"
        ));
    }
    if !is_known(defaults, key) {
        return Err(format!("`{key}` is not a spec key (see docs/spec.md)"));
    }
    Ok(())
}

/// A parsed `[[variant]]` row.
pub struct Variant {
    /// Its label.
    pub label: String,
    /// Its overrides, dotted keys.
    pub overrides: Vec<(String, Value)>,
}

/// Parse the `[[variant]]` rows; keys may not repeat a sweep axis.
pub fn variants(
    rows: &[Value],
    axes: &[(String, Vec<Value>)],
    defaults: &Table,
) -> Result<Vec<Variant>, Problem> {
    let mut out: Vec<Variant> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let key = format!("variant[{i}]");
        let Value::Table(t) = row else {
            return Err((key, "must be a table ([[variant]])".into()));
        };
        let label = match t.get("label") {
            Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
            Some(v) => {
                return Err((
                    format!("{key}.label"),
                    format!("must be a non-empty string, got {}", short(v)),
                ))
            }
            None => {
                return Err((
                    format!("{key}.label"),
                    "is missing; every [[variant]] needs a label".into(),
                ))
            }
        };
        if out.iter().any(|v| v.label == label) {
            return Err((
                format!("{key}.label"),
                format!("\"{label}\" is used by two variants; labels must be unique"),
            ));
        }
        let mut overrides = Vec::new();
        let mut flat = Vec::new();
        super::table::leaves(t, "", &mut flat);
        for (k, v) in flat {
            if k == "label" {
                continue;
            }
            check_settable(&k, defaults).map_err(|m| (format!("{key}.{k}"), m))?;
            if axes.iter().any(|(a, _)| a == &k) {
                return Err((
                    format!("{key}.{k}"),
                    format!("conflicts with the sweep axis `{k}`; set it in one place only"),
                ));
            }
            overrides.push((k, v));
        }
        out.push(Variant { label, overrides });
    }
    Ok(out)
}

fn display(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Expand into configurations. `base` is the spec table without sweep/variant/scale.
pub fn expand(
    base: &Table,
    defaults: &Table,
    axes: &[(String, Vec<Value>)],
    variants: &[Variant],
) -> Result<Vec<Configuration>, Problem> {
    let plain = [Variant {
        label: String::new(),
        overrides: Vec::new(),
    }];
    let rows: &[Variant] = if variants.is_empty() {
        &plain
    } else {
        variants
    };
    let n_combos: usize = axes.iter().map(|(_, v)| v.len()).product();
    let mut out: Vec<Configuration> = Vec::new();
    for variant in rows {
        for combo in 0..n_combos {
            let mut t = base.clone();
            for (k, v) in &variant.overrides {
                set_path(&mut t, k, v.clone()).map_err(|m| (k.clone(), m))?;
            }
            let mut rest = combo;
            let mut picks = vec![0usize; axes.len()];
            for (i, (_, vals)) in axes.iter().enumerate().rev() {
                picks[i] = rest % vals.len();
                rest /= vals.len();
            }
            let mut swept = Vec::new();
            for ((k, vals), &p) in axes.iter().zip(&picks) {
                set_path(&mut t, k, vals[p].clone()).map_err(|m| (format!("sweep.{k}"), m))?;
                swept.push((k.clone(), display(&vals[p])));
            }
            super::table::dataset_defaults(&mut t);
            let spec: Spec = typed(&t, defaults).map_err(|(k, m)| {
                if axes.iter().any(|(a, _)| *a == k) {
                    (format!("sweep.{k}"), m)
                } else {
                    (k, m)
                }
            })?;
            let config = spec.config();
            check_config(&config).map_err(|(k, m)| {
                if axes.iter().any(|(a, _)| *a == k) {
                    (format!("sweep.{k}"), m)
                } else {
                    (k, m)
                }
            })?;
            let label = label_of(&variant.label, &swept, &config);
            let id = config_id(&config);
            if let Some(prev) = out.iter().find(|c| c.id == id) {
                return Err((
                    "variant".into(),
                    format!(
                        "\"{label}\" resolves to the same configuration as \"{}\"; remove one",
                        prev.label
                    ),
                ));
            }
            if let Some(prev) = out.iter().find(|c| c.label == label) {
                return Err((
                    "variant".into(),
                    format!("two configurations share the label \"{}\"", prev.label),
                ));
            }
            out.push(Configuration {
                id,
                label,
                config,
                swept,
            });
        }
    }
    Ok(out)
}

fn label_of(variant: &str, swept: &[(String, String)], c: &Config) -> String {
    let values: Vec<&str> = swept.iter().map(|(_, v)| v.as_str()).collect();
    match (variant.is_empty(), values.is_empty()) {
        (false, true) => variant.to_string(),
        (false, false) => format!("{variant}/{}", values.join("/")),
        (true, false) => values.join("/"),
        (true, true) => format!("{}/{}", scorer_name(c.query.scorer), sampler_name(c)),
    }
}

fn scorer_name(s: ScorerKind) -> String {
    display(&Value::try_from(s).unwrap_or(Value::String("?".into())))
}

fn sampler_name(c: &Config) -> String {
    display(&Value::try_from(c.query.sampler).unwrap_or(Value::String("?".into())))
}
