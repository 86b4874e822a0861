//! [`parse`]: spec text → TOML table → `[scale.<name>]` overrides → typed [`Spec`] →
//! experiment-level checks → `[sweep]` × `[[variant]]` expansion → the resolved spec and its
//! hash. Each step reports a problem as (dotted key, message); [`parse`] adds the file and
//! the line.

use std::path::Path;

use serde::Serialize;
use toml::{Table, Value};

use super::{
    expand, fnv1a64, inert, locate, table, validate, Configuration, DataSpec, Experiment, LoopSpec,
    ModelSpec, QuerySpec, ReportSpec, Spec, SpecError, TrainSpec,
};

/// A problem at a spec key: (dotted key, message).
type Problem = (String, String);

#[derive(Serialize)]
struct Resolved<'a> {
    name: &'a str,
    description: &'a str,
    seed: u64,
    repeats: u32,
    /// The `--scale` the spec was run with (informational; ignored when loaded again).
    #[serde(skip_serializing_if = "Option::is_none")]
    applied_scale: Option<&'a str>,
    data: &'a DataSpec,
    model: &'a ModelSpec,
    train: &'a TrainSpec,
    #[serde(rename = "loop")]
    al_loop: &'a LoopSpec,
    query: &'a QuerySpec,
    report: &'a ReportSpec,
    sweep: &'a Table,
    variant: &'a [Value],
}

/// Keys whose default is "absent" (they are not serialized then, so that specs written before
/// they existed keep their hash), with a value of their type: the defaults table must list
/// every settable key.
/// (section, key, a value of its type).
type OptionalKey = (&'static str, &'static str, fn() -> Value);

const OPTIONAL_KEYS: &[OptionalKey] = &[
    ("data", "class_weights", || Value::Array(Vec::new())),
    ("data", "sequence_length", || Value::Integer(8)),
    ("data", "night", || Value::Float(0.25)),
    ("data", "filter", || {
        let mut f = Table::new();
        f.insert("night".into(), Value::Boolean(true));
        Value::Table(f)
    }),
    ("data", "metadata", || Value::String(String::new())),
    ("data", "label_noise_kind", || {
        Value::String("uniform".into())
    }),
    ("data", "resample_splits", || Value::Boolean(false)),
    ("data", "reserve", || Value::Integer(0)),
    ("model", "init_scheme", || {
        Value::String("he_uniform".into())
    }),
    ("model", "map_loss", || Value::String("focal".into())),
    ("model", "vae", || Value::String("none".into())),
    ("model", "vae_epochs", || Value::Integer(5)),
    ("model", "command", || Value::Array(Vec::new())),
    ("model", "timeout_s", || Value::Float(600.0)),
    ("query", "classes", || Value::Array(Vec::new())),
    ("query", "filter", || {
        let mut f = Table::new();
        f.insert("night".into(), Value::Boolean(true));
        Value::Table(f)
    }),
    ("query", "joint_samples", || Value::Integer(1000)),
    ("query", "joint_candidates", || Value::Integer(2000)),
    ("query", "neighbours", || Value::Integer(20)),
    ("query", "delta", || Value::Float(1.0)),
    ("query", "targets", || Value::Integer(100)),
    ("query", "prefilter", || Value::Float(1.0)),
    ("loop", "ab", || {
        Value::try_from(super::AbSpec::default()).expect("AbSpec serializes")
    }),
    ("report", "equivalence", || Value::Float(0.0)),
];

fn defaults_table() -> Table {
    let mut t = serialized_defaults();
    for (section, key, value) in OPTIONAL_KEYS {
        if let Some(Value::Table(s)) = t.get_mut(*section) {
            s.entry(key.to_string()).or_insert_with(value);
        }
    }
    t
}

fn serialized_defaults() -> Table {
    match Value::try_from(Spec {
        name: String::new(),
        description: String::new(),
        seed: 7,
        repeats: 3,
        data: Default::default(),
        model: Default::default(),
        train: Default::default(),
        al_loop: Default::default(),
        query: Default::default(),
        report: Default::default(),
    }) {
        Ok(Value::Table(t)) => t,
        _ => unreachable!("the default spec serializes to a table"),
    }
}

/// The sections of a spec that are not configuration keys, taken out of the root table.
struct Sections {
    sweep: Table,
    variants: Vec<Value>,
    scales: Table,
}

/// Take `[sweep]`, `[[variant]]` and `[scale.*]` out of `root` (and `applied_scale`, which a
/// stored spec carries for information: its overrides are already applied there).
fn take_sections(root: &mut Table) -> Result<Sections, Problem> {
    let mut table_at = |key: &str, what: &str| match root.remove(key) {
        None => Ok(Table::new()),
        Some(Value::Table(t)) => Ok(t),
        Some(v) => Err((key.to_string(), format!("{what}, got {}", table::short(&v)))),
    };
    let sweep = table_at("sweep", "must be a table of lists")?;
    let scales = table_at("scale", "must hold [scale.<name>] tables")?;
    let variants = match root.remove("variant") {
        None => Vec::new(),
        Some(Value::Array(a)) => a,
        Some(v) => {
            return Err((
                "variant".into(),
                format!("must be [[variant]] tables, got {}", table::short(&v)),
            ))
        }
    };
    root.remove("applied_scale");
    Ok(Sections {
        sweep,
        variants,
        scales,
    })
}

/// Every scale's keys are checked on every load, not only when that scale is applied, so a
/// typo in `[scale.smoke]` is caught before the full run too.
fn check_scales(scales: &Table, defaults: &Table) -> Result<(), Problem> {
    for (name, v) in scales {
        let Value::Table(over) = v else {
            return Err((
                format!("scale.{name}"),
                "must be a table of overrides".into(),
            ));
        };
        let mut flat = Vec::new();
        table::leaves(over, "", &mut flat);
        for (k, _) in flat {
            if !k.starts_with("sweep.") && !table::is_known(defaults, &k) {
                return Err((
                    format!("scale.{name}.{k}"),
                    format!("`{k}` is not a spec key (see docs/spec.md)"),
                ));
            }
        }
    }
    Ok(())
}

/// Apply `[scale.<scale>]` to `root` (and its `sweep.*` keys to `sweep`).
fn apply_scale(
    root: &mut Table,
    sweep: &mut Table,
    over: &Table,
    scale: &str,
    defaults: &Table,
) -> Result<(), Problem> {
    let mut flat = Vec::new();
    table::leaves(over, "", &mut flat);
    for (k, v) in flat {
        let skey = format!("scale.{scale}.{k}");
        if let Some(axis) = k.strip_prefix("sweep.") {
            sweep.insert(axis.to_string(), v);
        } else if !table::is_known(defaults, &k) {
            return Err((skey, format!("`{k}` is not a spec key (see docs/spec.md)")));
        } else {
            table::set_path(root, &k, v).map_err(|m| (skey, m))?;
        }
    }
    Ok(())
}

/// `report.baseline`, when set, must be one of the configurations' labels.
fn check_baseline(spec: &Spec, configs: &[Configuration]) -> Result<(), Problem> {
    let b = &spec.report.baseline;
    if b.is_empty() || configs.iter().any(|c| &c.label == b) {
        return Ok(());
    }
    let labels: Vec<&str> = configs.iter().map(|c| c.label.as_str()).collect();
    Err((
        "report.baseline".into(),
        format!(
            "\"{b}\" is not a configuration label; labels: {}",
            labels.join(", ")
        ),
    ))
}

/// The line of `key` in `text`: the key itself, its sweep axis, its `[[variant]]` header, or
/// the nearest parent key (for a key inside an inline table).
fn key_line(text: &str, key: &str) -> Option<usize> {
    locate::line_of(text, key)
        .or_else(|| {
            key.strip_prefix("sweep.")
                .and_then(|k| locate::line_of(text, k))
        })
        .or_else(|| variant_line(text, key))
        .or_else(|| {
            let mut k = key;
            while let Some((parent, _)) = k.rsplit_once('.') {
                if let Some(l) = locate::line_of(text, parent) {
                    return Some(l);
                }
                k = parent;
            }
            None
        })
}

/// Line of `variant[i]...`: the i-th `[[variant]]` header.
fn variant_line(text: &str, key: &str) -> Option<usize> {
    let i: usize = key
        .strip_prefix("variant[")?
        .split(']')
        .next()?
        .parse()
        .ok()?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim().starts_with("[[variant]]"))
        .nth(i)
        .map(|(n, _)| n + 1)
}

/// The `[scale.<name>]` that `--scale` selects: none without `--scale` or for `full` (unless
/// the spec defines `[scale.full]`); an error naming the defined scales for any other name.
fn chosen_scale<'a>(
    path: &Path,
    scale: Option<&'a str>,
    scales: &Table,
) -> Result<Option<&'a str>, SpecError> {
    Ok(match scale {
        None => None,
        Some("full") if !scales.contains_key("full") => None,
        Some(s) if scales.contains_key(s) => Some(s),
        Some(s) => {
            let defined: Vec<&str> = scales.keys().map(String::as_str).collect();
            return Err(SpecError::Key {
                path: path.to_path_buf(),
                line: None,
                key: "--scale".into(),
                message: format!(
                    "{s}: this spec has no [scale.{s}]; it defines {}, and `full` is the spec as written",
                    if defined.is_empty() {
                        "none".to_string()
                    } else {
                        defined.join(", ")
                    }
                ),
            });
        }
    })
}

/// The resolved spec (every default written out, as stored in `spec.toml`) and its hash
/// (16 hex digits of FNV-1a 64). The hash covers everything but the description (prose) and
/// the number of repeats (run k's random streams depend on k alone, so more repeats extend
/// the same experiment).
fn resolve(
    spec: &Spec,
    applied_scale: Option<&str>,
    sweep: &Table,
    variants: &[Value],
) -> (String, String) {
    let mut shown = Resolved {
        name: &spec.name,
        description: "",
        seed: spec.seed,
        repeats: 0,
        applied_scale,
        data: &spec.data,
        model: &spec.model,
        train: &spec.train,
        al_loop: &spec.al_loop,
        query: &spec.query,
        report: &spec.report,
        sweep,
        variant: variants,
    };
    let hashed = toml::to_string(&shown).expect("the resolved spec serializes");
    let spec_hash = format!("{:016x}", fnv1a64(hashed.as_bytes()));
    shown.description = &spec.description;
    shown.repeats = spec.repeats;
    let resolved = toml::to_string(&shown).expect("the resolved spec serializes");
    (resolved, spec_hash)
}

/// [`super::load`] on text already read (`path` is used in messages and for the default
/// name). `scale` names a `[scale.<name>]` table of the spec; `full` is the spec as written
/// (unless the spec defines `[scale.full]`); any other name is an error.
pub fn parse(path: &Path, text: &str, scale: Option<&str>) -> Result<Experiment, SpecError> {
    let key_err = |(key, message): Problem| SpecError::Key {
        path: path.to_path_buf(),
        line: key_line(text, &key),
        key,
        message,
    };
    let mut root: Table = toml::from_str(text).map_err(|e| SpecError::Syntax {
        path: path.to_path_buf(),
        line: e
            .span()
            .map_or(1, |s| locate::line_of_offset(text, s.start)),
        message: e.message().trim().to_string(),
    })?;
    let defaults = defaults_table();
    let Sections {
        mut sweep,
        variants: variant_rows,
        scales,
    } = take_sections(&mut root).map_err(key_err)?;
    check_scales(&scales, &defaults).map_err(key_err)?;
    let applied_scale = chosen_scale(path, scale, &scales)?;
    if let Some(s) = applied_scale {
        if let Some(Value::Table(over)) = scales.get(s) {
            apply_scale(&mut root, &mut sweep, over, s, &defaults).map_err(key_err)?;
        }
    }

    table::dataset_defaults(&mut root);
    let mut spec: Spec = table::typed(&root, &defaults).map_err(key_err)?;
    if spec.name.is_empty() {
        spec.name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("experiment")
            .to_string();
    }
    validate::check_spec(&spec).map_err(key_err)?;
    let axes = expand::axes(&sweep, &defaults).map_err(key_err)?;
    let variants = expand::variants(&variant_rows, &axes, &defaults).map_err(key_err)?;
    let configs = expand::expand(&root, &defaults, &axes, &variants).map_err(key_err)?;
    check_baseline(&spec, &configs).map_err(key_err)?;
    let axis_keys: Vec<String> = axes.iter().map(|(k, _)| k.clone()).collect();
    let warnings = inert::check(&configs, &axis_keys, &spec.report.metrics).map_err(key_err)?;

    let (resolved, spec_hash) = resolve(&spec, applied_scale, &sweep, &variant_rows);
    Ok(Experiment {
        path: path.to_path_buf(),
        spec,
        scale: applied_scale.map(str::to_string),
        swept_keys: axis_keys,
        configs,
        resolved,
        spec_hash,
        warnings,
    })
}
