//! The selection and A/B tables, compact: one CSV line per row, each naming its run
//! (`config_id,repeat`); a run whose table has no row gets one line with the other fields
//! empty. Selections keep everything a page reads (round, sample, label, mislabeled,
//! boxes) and the rank; the informativeness score is left out (the largest column, read only
//! by the montage of `albench report`) and reads back as 0.

use super::csv::{field, opt_f64, opt_int, parse, parse_opt, records};
use crate::results::{AbRecord, PerRun, RunAb, RunSelections, SelectionRecord};

/// The header of `selections.csv` (stored gzip'd).
pub const SELECTIONS_HEADER: &str = "config_id,repeat,round,sample,rank,label,mislabeled,n_boxes";

/// The header of `ab.csv` (stored gzip'd).
pub const AB_HEADER: &str = "config_id,repeat,split,arm,test_set,metric,class,value";

/// Lines of per-run tables: `cells` of each row after the run's two fields.
fn encode<T>(
    header: &str,
    runs: &[PerRun<T>],
    width: usize,
    cells: impl Fn(&T) -> String,
) -> String {
    let mut s = format!("{header}\n");
    for run in runs {
        let id = format!("{},{}", field(&run.config_id), run.repeat);
        if run.rows.is_empty() {
            s.push_str(&format!("{id}{}\n", ",".repeat(width)));
        }
        for row in &run.rows {
            s.push_str(&format!("{id},{}\n", cells(row)));
        }
    }
    s
}

/// The inverse of [`encode`]: runs in order of first appearance.
fn decode<T>(
    text: &str,
    header: &str,
    row: impl Fn(&[String]) -> Result<T, String>,
) -> Result<Vec<PerRun<T>>, String> {
    let recs = records(text)?;
    if recs.first().map(|h| h.join(",")) != Some(header.to_string()) {
        return Err(format!("line 1: the header must read {header}"));
    }
    let width = header.split(',').count();
    let mut out: Vec<PerRun<T>> = Vec::new();
    for (n, c) in recs.iter().enumerate().skip(1) {
        let at = |e: String| format!("line {}: {e}", n + 1);
        if c.len() != width {
            return Err(at(format!("{} fields, {width} expected", c.len())));
        }
        let repeat: u32 = parse(&c[1], "repeat").map_err(at)?;
        if out
            .last()
            .is_none_or(|r| r.config_id != c[0] || r.repeat != repeat)
        {
            out.push(PerRun {
                config_id: c[0].clone(),
                repeat,
                rows: Vec::new(),
            });
        }
        if c[2..].iter().any(|f| !f.is_empty()) {
            let r = row(&c[2..]).map_err(at)?;
            out.last_mut().expect("pushed above").rows.push(r);
        }
    }
    Ok(out)
}

/// `selections.csv` of `runs`.
pub fn encode_selections(runs: &[RunSelections]) -> String {
    encode(SELECTIONS_HEADER, runs, 6, |r: &SelectionRecord| {
        format!(
            "{},{},{},{},{},{}",
            r.round,
            r.sample,
            r.rank,
            r.label,
            u8::from(r.mislabeled),
            opt_int(r.n_boxes)
        )
    })
}

/// `selections.csv` back to the selection tables (scores 0).
pub fn decode_selections(text: &str) -> Result<Vec<RunSelections>, String> {
    decode(text, SELECTIONS_HEADER, |c| {
        Ok(SelectionRecord {
            round: parse(&c[0], "round")?,
            sample: parse(&c[1], "sample")?,
            score: 0.0,
            rank: parse(&c[2], "rank")?,
            label: parse(&c[3], "label")?,
            mislabeled: parse::<u8>(&c[4], "mislabeled")? == 1,
            n_boxes: parse_opt(&c[5], "n_boxes")?,
        })
    })
}

/// `ab.csv` of `runs`.
pub fn encode_ab(runs: &[RunAb]) -> String {
    encode(AB_HEADER, runs, 6, |r: &AbRecord| {
        format!(
            "{},{},{},{},{},{}",
            r.split,
            field(&r.arm),
            field(&r.test_set),
            field(&r.metric),
            field(&r.class),
            opt_f64(r.value)
        )
    })
}

/// `ab.csv` back to the A/B tables.
pub fn decode_ab(text: &str) -> Result<Vec<RunAb>, String> {
    decode(text, AB_HEADER, |c| {
        Ok(AbRecord {
            split: parse(&c[0], "split")?,
            arm: c[1].clone(),
            test_set: c[2].clone(),
            metric: c[3].clone(),
            class: c[4].clone(),
            value: parse_opt(&c[5], "value")?,
        })
    })
}
