//! Record types → polars DataFrames → Parquet bytes.

use polars::prelude::*;

use super::record::{RunMeta, RunResult};

fn rep<T: Clone>(v: T, n: usize) -> Vec<T> {
    vec![v; n]
}

/// The round table of a run (schema in docs/results.md, plus `val_accuracy` and
/// `spec_hash` and `machine`). Detection columns are null for classification.
pub fn rounds_frame(r: &RunResult) -> PolarsResult<DataFrame> {
    let m: &RunMeta = &r.meta;
    let n = r.rounds.len();
    let f = |get: fn(&super::RoundRecord) -> Option<f64>| -> Vec<Option<f64>> {
        r.rounds.iter().map(get).collect()
    };
    let mut cols = vec![
        Column::new("experiment".into(), rep(m.experiment.clone(), n)),
        Column::new("config_id".into(), rep(m.config_id.clone(), n)),
        Column::new("label".into(), rep(m.label.clone(), n)),
        Column::new("repeat".into(), rep(m.repeat, n)),
        Column::new("seed".into(), rep(m.seed, n)),
        Column::new(
            "round".into(),
            r.rounds.iter().map(|x| x.round).collect::<Vec<u32>>(),
        ),
        Column::new(
            "n_labeled".into(),
            r.rounds
                .iter()
                .map(|x| x.n_labeled as u64)
                .collect::<Vec<u64>>(),
        ),
        Column::new(
            "n_unique".into(),
            r.rounds
                .iter()
                .map(|x| x.n_unique as u64)
                .collect::<Vec<u64>>(),
        ),
        Column::new(
            "n_selected".into(),
            r.rounds
                .iter()
                .map(|x| x.n_selected as u64)
                .collect::<Vec<u64>>(),
        ),
        Column::new(
            "n_boxes".into(),
            r.rounds
                .iter()
                .map(|x| x.n_boxes.map(|b| b as u64))
                .collect::<Vec<Option<u64>>>(),
        ),
        Column::new(
            "epochs".into(),
            r.rounds
                .iter()
                .map(|x| x.epochs.map(|e| e as u64))
                .collect::<Vec<Option<u64>>>(),
        ),
        Column::new("train_loss".into(), f(|x| x.train_loss)),
        Column::new("val_loss".into(), f(|x| x.val_loss)),
        Column::new("val_accuracy".into(), f(|x| x.val_accuracy)),
        Column::new("test_loss".into(), f(|x| x.test_loss)),
        Column::new("test_accuracy".into(), f(|x| x.test_accuracy)),
        Column::new("test_map".into(), f(|x| x.test_map)),
        Column::new("test_map50".into(), f(|x| x.test_map50)),
        Column::new("test_wmap".into(), f(|x| x.test_wmap)),
        Column::new(
            "time_train_s".into(),
            r.rounds
                .iter()
                .map(|x| x.time_train_s)
                .collect::<Vec<f64>>(),
        ),
        Column::new(
            "time_score_s".into(),
            r.rounds
                .iter()
                .map(|x| x.time_score_s)
                .collect::<Vec<f64>>(),
        ),
        Column::new(
            "time_select_s".into(),
            r.rounds
                .iter()
                .map(|x| x.time_select_s)
                .collect::<Vec<f64>>(),
        ),
        Column::new(
            "status".into(),
            r.rounds
                .iter()
                .map(|x| x.status.clone())
                .collect::<Vec<String>>(),
        ),
        Column::new("spec_hash".into(), rep(m.spec_hash.clone(), n)),
        Column::new("machine".into(), rep(m.machine.clone(), n)),
    ];
    // One column per k, right after test_accuracy.
    let at = cols
        .iter()
        .position(|c| c.name().as_str() == "test_accuracy")
        .expect("test_accuracy is a column")
        + 1;
    let top_k = m.top_k.iter().enumerate().map(|(i, k)| {
        Column::new(
            format!("test_top{k}_accuracy").into(),
            r.rounds
                .iter()
                .map(|x| x.test_top_k.get(i).copied().flatten())
                .collect::<Vec<Option<f64>>>(),
        )
    });
    cols.splice(at..at, top_k);
    // One column per class, right after test_wmap.
    let at = cols
        .iter()
        .position(|c| c.name().as_str() == "test_wmap")
        .expect("test_wmap is a column")
        + 1;
    let per_class = m.ap_classes.iter().enumerate().map(|(i, name)| {
        Column::new(
            format!("test_ap_{name}").into(),
            r.rounds
                .iter()
                .map(|x| x.test_ap.get(i).copied().flatten())
                .collect::<Vec<Option<f64>>>(),
        )
    });
    cols.splice(at..at, per_class);
    for (k, v) in &m.swept {
        cols.push(Column::new(k.as_str().into(), rep(v.clone(), n)));
    }
    DataFrame::new(n, cols)
}

/// The selection table of a run: `repeat, round, sample, score, rank, label, mislabeled,
/// n_boxes` (plus `config_id` so tables of several runs can be concatenated).
pub fn selections_frame(r: &RunResult) -> PolarsResult<DataFrame> {
    let s = &r.selections;
    let n = s.len();
    DataFrame::new(
        n,
        vec![
            Column::new("config_id".into(), rep(r.meta.config_id.clone(), n)),
            Column::new("repeat".into(), rep(r.meta.repeat, n)),
            Column::new(
                "round".into(),
                s.iter().map(|x| x.round).collect::<Vec<u32>>(),
            ),
            Column::new(
                "sample".into(),
                s.iter().map(|x| x.sample).collect::<Vec<u32>>(),
            ),
            Column::new(
                "score".into(),
                s.iter()
                    .map(|x| (!x.score.is_nan()).then_some(x.score))
                    .collect::<Vec<Option<f32>>>(),
            ),
            Column::new(
                "rank".into(),
                s.iter().map(|x| x.rank).collect::<Vec<u32>>(),
            ),
            Column::new(
                "label".into(),
                s.iter().map(|x| x.label).collect::<Vec<u32>>(),
            ),
            Column::new(
                "mislabeled".into(),
                s.iter().map(|x| x.mislabeled).collect::<Vec<bool>>(),
            ),
            Column::new(
                "n_boxes".into(),
                s.iter().map(|x| x.n_boxes).collect::<Vec<Option<u32>>>(),
            ),
        ],
    )
}

/// The A/B table of a run: `config_id, repeat, split, arm, test_set, metric, class, value`.
pub fn ab_frame(r: &RunResult) -> PolarsResult<DataFrame> {
    let a = &r.ab;
    let n = a.len();
    let text = |get: fn(&super::AbRecord) -> &str| -> Vec<String> {
        a.iter().map(|x| get(x).to_string()).collect()
    };
    DataFrame::new(
        n,
        vec![
            Column::new("config_id".into(), rep(r.meta.config_id.clone(), n)),
            Column::new("repeat".into(), rep(r.meta.repeat, n)),
            Column::new(
                "split".into(),
                a.iter().map(|x| x.split).collect::<Vec<u32>>(),
            ),
            Column::new("arm".into(), text(|x| x.arm)),
            Column::new("test_set".into(), text(|x| x.test_set)),
            Column::new("metric".into(), text(|x| x.metric)),
            Column::new("class".into(), text(|x| &x.class)),
            Column::new(
                "value".into(),
                a.iter().map(|x| x.value).collect::<Vec<Option<f64>>>(),
            ),
        ],
    )
}

/// Parquet bytes of a frame.
pub fn write_parquet(df: &mut DataFrame) -> PolarsResult<Vec<u8>> {
    let mut bytes = Vec::new();
    ParquetWriter::new(&mut bytes).finish(df)?;
    Ok(bytes)
}
