//! Record types → polars DataFrames → Parquet bytes. The column order and types here are the
//! results schema (docs/results.md): readers of older directories depend on them.

use polars::prelude::*;

use super::record::{AbRecord, RoundRecord, RunMeta, RunResult, SelectionRecord};

fn rep<T: Clone>(v: T, n: usize) -> Vec<T> {
    vec![v; n]
}

/// A column named `name` holding `f` of every row.
fn column<R, T>(name: &str, rows: &[R], f: impl Fn(&R) -> T) -> Column
where
    Series: NamedFrom<Vec<T>, [T]>,
{
    Column::new(name.into(), rows.iter().map(f).collect::<Vec<T>>())
}

/// `experiment, config_id, label, repeat, seed`: the run's identity on each of `n` rows.
fn identity_columns(m: &RunMeta, n: usize) -> Vec<Column> {
    vec![
        Column::new("experiment".into(), rep(m.experiment.clone(), n)),
        Column::new("config_id".into(), rep(m.config_id.clone(), n)),
        Column::new("label".into(), rep(m.label.clone(), n)),
        Column::new("repeat".into(), rep(m.repeat, n)),
        Column::new("seed".into(), rep(m.seed, n)),
    ]
}

/// `round, n_labeled, n_unique, n_selected, n_boxes, epochs`.
fn count_columns(rounds: &[RoundRecord]) -> Vec<Column> {
    vec![
        column("round", rounds, |x| x.round),
        column("n_labeled", rounds, |x| x.n_labeled as u64),
        column("n_unique", rounds, |x| x.n_unique as u64),
        column("n_selected", rounds, |x| x.n_selected as u64),
        column("n_boxes", rounds, |x| x.n_boxes.map(|b| b as u64)),
        column("epochs", rounds, |x| x.epochs.map(|e| e as u64)),
    ]
}

/// The losses and test metrics: `train_loss, val_loss, val_accuracy, test_loss,
/// test_accuracy, test_top{k}_accuracy…, test_map, test_map50, test_wmap, test_ap_<class>…`.
fn metric_columns(m: &RunMeta, rounds: &[RoundRecord]) -> Vec<Column> {
    let f = |name: &str, get: fn(&RoundRecord) -> Option<f64>| column(name, rounds, get);
    let mut cols = vec![
        f("train_loss", |x| x.train_loss),
        f("val_loss", |x| x.val_loss),
        f("val_accuracy", |x| x.val_accuracy),
        f("test_loss", |x| x.test_loss),
        f("test_accuracy", |x| x.test_accuracy),
    ];
    cols.extend(m.top_k.iter().enumerate().map(|(i, k)| {
        column(&format!("test_top{k}_accuracy"), rounds, |x| {
            x.test_top_k.get(i).copied().flatten()
        })
    }));
    cols.extend([
        f("test_map", |x| x.test_map),
        f("test_map50", |x| x.test_map50),
        f("test_wmap", |x| x.test_wmap),
    ]);
    cols.extend(m.ap_classes.iter().enumerate().map(|(i, name)| {
        column(&format!("test_ap_{name}"), rounds, |x| {
            x.test_ap.get(i).copied().flatten()
        })
    }));
    cols
}

/// The round table of a run (schema in docs/results.md, plus `val_accuracy` and
/// `spec_hash` and `machine`). Detection columns are null for classification.
pub fn rounds_frame(r: &RunResult) -> PolarsResult<DataFrame> {
    let (m, rounds) = (&r.meta, r.rounds.as_slice());
    let n = rounds.len();
    let mut cols = identity_columns(m, n);
    cols.extend(count_columns(rounds));
    cols.extend(metric_columns(m, rounds));
    cols.extend([
        column("time_train_s", rounds, |x| x.time_train_s),
        column("time_score_s", rounds, |x| x.time_score_s),
        column("time_select_s", rounds, |x| x.time_select_s),
        column("status", rounds, |x| x.status.to_string()),
        Column::new("spec_hash".into(), rep(m.spec_hash.clone(), n)),
        Column::new("machine".into(), rep(m.machine.clone(), n)),
    ]);
    for (k, v) in &m.swept {
        cols.push(Column::new(k.as_str().into(), rep(v.clone(), n)));
    }
    DataFrame::new(n, cols)
}

/// The selection table of a run: `repeat, round, sample, score, rank, label, mislabeled,
/// n_boxes` (plus `config_id` so tables of several runs can be concatenated).
pub fn selections_frame(r: &RunResult) -> PolarsResult<DataFrame> {
    let s: &[SelectionRecord] = &r.selections;
    let n = s.len();
    DataFrame::new(
        n,
        vec![
            Column::new("config_id".into(), rep(r.meta.config_id.clone(), n)),
            Column::new("repeat".into(), rep(r.meta.repeat, n)),
            column("round", s, |x| x.round),
            column("sample", s, |x| x.sample),
            column("score", s, |x| (!x.score.is_nan()).then_some(x.score)),
            column("rank", s, |x| x.rank),
            column("label", s, |x| x.label),
            column("mislabeled", s, |x| x.mislabeled),
            column("n_boxes", s, |x| x.n_boxes),
        ],
    )
}

/// The A/B table of a run: `config_id, repeat, split, arm, test_set, metric, class, value`.
pub fn ab_frame(r: &RunResult) -> PolarsResult<DataFrame> {
    let a: &[AbRecord] = &r.ab;
    let n = a.len();
    DataFrame::new(
        n,
        vec![
            Column::new("config_id".into(), rep(r.meta.config_id.clone(), n)),
            Column::new("repeat".into(), rep(r.meta.repeat, n)),
            column("split", a, |x| x.split),
            column("arm", a, |x| x.arm.clone()),
            column("test_set", a, |x| x.test_set.clone()),
            column("metric", a, |x| x.metric.clone()),
            column("class", a, |x| x.class.clone()),
            column("value", a, |x| x.value),
        ],
    )
}

/// Parquet bytes of a frame.
pub fn write_parquet(df: &mut DataFrame) -> PolarsResult<Vec<u8>> {
    let mut bytes = Vec::new();
    ParquetWriter::new(&mut bytes).finish(df)?;
    Ok(bytes)
}
