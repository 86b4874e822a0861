//! The experiment spec: TOML schema with defaults, validation with typed errors that name the
//! key and line, sweep expansion and stable configuration ids.
//!
//! Pipeline: text → TOML table → `[scale.<name>]` overrides → typed [`Spec`] (unknown keys and
//! bad types rejected) → experiment-level checks → `[sweep]` × `[[variant]]` expansion → one
//! typed, validated [`Config`] per configuration.

mod budget;
mod config_id;
mod early_stopping;
mod error;
mod expand;
mod locate;
mod schema;
mod table;
mod validate;

pub use budget::Budget;
pub use config_id::{config_id, fnv1a64};
pub use early_stopping::{EarlyStopping, Monitor};
pub use error::SpecError;
pub use expand::Configuration;
pub use schema::*;

use std::path::{Path, PathBuf};

use serde::Serialize;
use toml::{Table, Value};

/// A loaded, expanded, validated experiment.
#[derive(Clone, Debug)]
pub struct Experiment {
    /// The spec file.
    pub path: PathBuf,
    /// Experiment-level keys and the base configuration (after scale overrides).
    pub spec: Spec,
    /// The scale applied (`--scale`), if any.
    pub scale: Option<String>,
    /// Swept keys, sorted.
    pub swept_keys: Vec<String>,
    /// Configurations in expansion order.
    pub configs: Vec<Configuration>,
    /// The resolved spec (all defaults written out), as stored in `spec.toml`.
    pub resolved: String,
    /// FNV-1a hash (16 hex digits) of `resolved`: identifies the spec that wrote a run file.
    pub spec_hash: String,
}

impl Experiment {
    /// Total number of runs (configurations × repeats).
    pub fn n_runs(&self) -> usize {
        self.configs.len() * self.spec.repeats as usize
    }
}

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

fn defaults_table() -> Table {
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

/// Load, expand and validate a spec file. `scale` selects `[scale.<name>]` overrides; a
/// scale the spec does not define changes nothing (`full` is the spec as written).
pub fn load(path: &Path, scale: Option<&str>) -> Result<Experiment, SpecError> {
    let text = std::fs::read_to_string(path).map_err(|source| SpecError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse(path, &text, scale)
}

/// [`load`] on text already read (`path` is used in messages and for the default name).
pub fn parse(path: &Path, text: &str, scale: Option<&str>) -> Result<Experiment, SpecError> {
    let key_err = |key: String, message: String| {
        let line = locate::line_of(text, &key)
            .or_else(|| {
                key.strip_prefix("sweep.")
                    .and_then(|k| locate::line_of(text, k))
            })
            .or_else(|| variant_line(text, &key))
            .or_else(|| {
                // A key inside an inline table: the line of its nearest parent key.
                let mut k = key.as_str();
                while let Some((parent, _)) = k.rsplit_once('.') {
                    if let Some(l) = locate::line_of(text, parent) {
                        return Some(l);
                    }
                    k = parent;
                }
                None
            });
        SpecError::Key {
            path: path.to_path_buf(),
            line,
            key,
            message,
        }
    };
    let mut root: Table = toml::from_str(text).map_err(|e| SpecError::Syntax {
        path: path.to_path_buf(),
        line: e
            .span()
            .map_or(1, |s| locate::line_of_offset(text, s.start)),
        message: e.message().trim().to_string(),
    })?;
    let defaults = defaults_table();

    let mut sweep = match root.remove("sweep") {
        None => Table::new(),
        Some(Value::Table(t)) => t,
        Some(v) => {
            return Err(key_err(
                "sweep".into(),
                format!("must be a table of lists, got {}", table::short(&v)),
            ))
        }
    };
    let variant_rows = match root.remove("variant") {
        None => Vec::new(),
        Some(Value::Array(a)) => a,
        Some(v) => {
            return Err(key_err(
                "variant".into(),
                format!("must be [[variant]] tables, got {}", table::short(&v)),
            ))
        }
    };
    // `applied_scale` is written into results/<name>/spec.toml; the overrides it names are
    // already applied there, so a stored spec loads as written.
    root.remove("applied_scale");
    let scales = match root.remove("scale") {
        None => Table::new(),
        Some(Value::Table(t)) => t,
        Some(v) => {
            return Err(key_err(
                "scale".into(),
                format!("must hold [scale.<name>] tables, got {}", table::short(&v)),
            ))
        }
    };
    // Every scale's keys are checked on every load, not only when that scale is applied, so
    // a typo in [scale.smoke] is caught before the full run too.
    for (name, v) in &scales {
        let Value::Table(over) = v else {
            return Err(key_err(
                format!("scale.{name}"),
                "must be a table of overrides".into(),
            ));
        };
        let mut flat = Vec::new();
        table::leaves(over, "", &mut flat);
        for (k, _) in flat {
            if !k.starts_with("sweep.") && !table::is_known(&defaults, &k) {
                return Err(key_err(
                    format!("scale.{name}.{k}"),
                    format!("`{k}` is not a spec key (see docs/spec.md)"),
                ));
            }
        }
    }
    let applied_scale = scale.filter(|s| *s != "full" || scales.contains_key("full"));
    if let Some(s) = applied_scale {
        if let Some(Value::Table(over)) = scales.get(s) {
            let mut flat = Vec::new();
            table::leaves(over, "", &mut flat);
            for (k, v) in flat {
                let skey = format!("scale.{s}.{k}");
                if let Some(axis) = k.strip_prefix("sweep.") {
                    sweep.insert(axis.to_string(), v);
                } else if !table::is_known(&defaults, &k) {
                    return Err(key_err(
                        skey,
                        format!("`{k}` is not a spec key (see docs/spec.md)"),
                    ));
                } else {
                    table::set_path(&mut root, &k, v).map_err(|m| key_err(skey, m))?;
                }
            }
        }
    }

    let mut spec: Spec = table::typed(&root, &defaults).map_err(|(k, m)| key_err(k, m))?;
    if spec.name.is_empty() {
        spec.name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("experiment")
            .to_string();
    }
    validate::check_spec(&spec).map_err(|(k, m)| key_err(k, m))?;

    let axes = expand::axes(&sweep, &defaults).map_err(|(k, m)| key_err(k, m))?;
    let variants =
        expand::variants(&variant_rows, &axes, &defaults).map_err(|(k, m)| key_err(k, m))?;
    let configs =
        expand::expand(&root, &defaults, &axes, &variants).map_err(|(k, m)| key_err(k, m))?;

    if !spec.report.baseline.is_empty() && !configs.iter().any(|c| c.label == spec.report.baseline)
    {
        let labels: Vec<&str> = configs.iter().map(|c| c.label.as_str()).collect();
        return Err(key_err(
            "report.baseline".into(),
            format!(
                "\"{}\" is not a configuration label; labels: {}",
                spec.report.baseline,
                labels.join(", ")
            ),
        ));
    }

    let resolved = toml::to_string(&Resolved {
        name: &spec.name,
        description: &spec.description,
        seed: spec.seed,
        repeats: spec.repeats,
        applied_scale,
        data: &spec.data,
        model: &spec.model,
        train: &spec.train,
        al_loop: &spec.al_loop,
        query: &spec.query,
        report: &spec.report,
        sweep: &sweep,
        variant: &variant_rows,
    })
    .expect("the resolved spec serializes");
    let spec_hash = format!("{:016x}", fnv1a64(resolved.as_bytes()));
    Ok(Experiment {
        path: path.to_path_buf(),
        spec,
        scale: applied_scale.map(str::to_string),
        swept_keys: axes.into_iter().map(|(k, _)| k).collect(),
        configs,
        resolved,
        spec_hash,
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
