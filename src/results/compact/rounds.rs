//! The round tables, compact: each run's identity in the header JSON ([`MetaRecord`]),
//! its rounds in `rounds.csv`, one line per round, `run` the run's position in
//! the header JSON. Every field of [`RoundRecord`] is kept, so the analysis reads exactly
//! what it read from the Parquet files.

use serde::{Deserialize, Serialize};

use super::csv::{field, opt_f64, opt_int, parse, parse_opt, records};
use crate::results::{RoundRecord, RunMeta, RunRounds, RunStatus};

/// The header of `rounds.csv`. `top_k` / `test_ap`: the run's `test_top{k}_accuracy` /
/// `test_ap_<class>` values in the order of its `top_k` / `ap_classes`, space separated
/// (`-` for a missing one).
pub const ROUNDS_HEADER: &str = "run,round,n_labeled,n_unique,n_selected,epochs,train_loss,val_loss,val_accuracy,test_loss,test_accuracy,top_k,n_boxes,test_map,test_map50,test_wmap,test_ap,time_train_s,time_score_s,time_select_s,status";

/// A run's identity ([`RunMeta`]), as the header JSON stores it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MetaRecord {
    /// Experiment name.
    pub experiment: String,
    /// Configuration id.
    pub config_id: String,
    /// Configuration label.
    pub label: String,
    /// Repeat.
    pub repeat: u32,
    /// Seed.
    pub seed: u64,
    /// Resolved spec hash.
    pub spec_hash: String,
    /// Machine fingerprint.
    pub machine: String,
    /// k's of the top-k columns.
    pub top_k: Vec<usize>,
    /// Detection classes of the AP columns.
    pub ap_classes: Vec<String>,
    /// Swept keys and values.
    pub swept: Vec<(String, String)>,
}

impl MetaRecord {
    /// The stored form of `m`.
    pub fn of(m: &RunMeta) -> MetaRecord {
        MetaRecord {
            experiment: m.experiment.clone(),
            config_id: m.config_id.clone(),
            label: m.label.clone(),
            repeat: m.repeat,
            seed: m.seed,
            spec_hash: m.spec_hash.clone(),
            machine: m.machine.clone(),
            top_k: m.top_k.clone(),
            ap_classes: m.ap_classes.clone(),
            swept: m.swept.clone(),
        }
    }

    /// Back to a [`RunMeta`].
    pub fn meta(&self) -> RunMeta {
        RunMeta {
            experiment: self.experiment.clone(),
            config_id: self.config_id.clone(),
            label: self.label.clone(),
            repeat: self.repeat,
            seed: self.seed,
            spec_hash: self.spec_hash.clone(),
            machine: self.machine.clone(),
            top_k: self.top_k.clone(),
            ap_classes: self.ap_classes.clone(),
            swept: self.swept.clone(),
        }
    }
}

/// Space-separated optional values, `-` for a missing one.
fn list(v: &[Option<f64>]) -> String {
    v.iter()
        .map(|x| x.map_or_else(|| "-".to_string(), |x| format!("{x:?}")))
        .collect::<Vec<_>>()
        .join(" ")
}

fn parse_list(s: &str, what: &str) -> Result<Vec<Option<f64>>, String> {
    s.split(' ')
        .filter(|t| !t.is_empty())
        .map(|t| {
            if t == "-" {
                Ok(None)
            } else {
                parse(t, what).map(Some)
            }
        })
        .collect()
}

/// `rounds.csv` of `runs` (header and one line per round).
pub fn encode_rounds(runs: &[RunRounds]) -> String {
    let mut s = format!("{ROUNDS_HEADER}\n");
    for (i, run) in runs.iter().enumerate() {
        for r in &run.rounds {
            let cells = [
                i.to_string(),
                r.round.to_string(),
                r.n_labeled.to_string(),
                r.n_unique.to_string(),
                r.n_selected.to_string(),
                opt_int(r.epochs),
                opt_f64(r.train_loss),
                opt_f64(r.val_loss),
                opt_f64(r.val_accuracy),
                opt_f64(r.test_loss),
                opt_f64(r.test_accuracy),
                list(&r.test_top_k),
                opt_int(r.n_boxes),
                opt_f64(r.test_map),
                opt_f64(r.test_map50),
                opt_f64(r.test_wmap),
                list(&r.test_ap),
                format!("{:?}", r.time_train_s),
                format!("{:?}", r.time_score_s),
                format!("{:?}", r.time_select_s),
                field(&r.status.to_string()),
            ];
            s.push_str(&cells.join(","));
            s.push('\n');
        }
    }
    s
}

/// One line of `rounds.csv` (without its `run` field) back to a [`RoundRecord`].
fn decode_round(c: &[String]) -> Result<RoundRecord, String> {
    Ok(RoundRecord {
        round: parse(&c[1], "round")?,
        n_labeled: parse(&c[2], "n_labeled")?,
        n_unique: parse(&c[3], "n_unique")?,
        n_selected: parse(&c[4], "n_selected")?,
        epochs: parse_opt(&c[5], "epochs")?,
        train_loss: parse_opt(&c[6], "train_loss")?,
        val_loss: parse_opt(&c[7], "val_loss")?,
        val_accuracy: parse_opt(&c[8], "val_accuracy")?,
        test_loss: parse_opt(&c[9], "test_loss")?,
        test_accuracy: parse_opt(&c[10], "test_accuracy")?,
        test_top_k: parse_list(&c[11], "top_k")?,
        n_boxes: parse_opt(&c[12], "n_boxes")?,
        test_map: parse_opt(&c[13], "test_map")?,
        test_map50: parse_opt(&c[14], "test_map50")?,
        test_wmap: parse_opt(&c[15], "test_wmap")?,
        test_ap: parse_list(&c[16], "test_ap")?,
        time_train_s: parse(&c[17], "time_train_s")?,
        time_score_s: parse(&c[18], "time_score_s")?,
        time_select_s: parse(&c[19], "time_select_s")?,
        status: RunStatus::from_stored(&c[20]),
    })
}

/// `rounds.csv` back to the runs of `metas` (in their order). Errors name the line.
pub fn decode_rounds(text: &str, metas: &[MetaRecord]) -> Result<Vec<RunRounds>, String> {
    let mut runs: Vec<RunRounds> = metas
        .iter()
        .map(|m| RunRounds {
            meta: m.meta(),
            rounds: Vec::new(),
        })
        .collect();
    let recs = records(text)?;
    if recs.first().map(|h| h.join(",")) != Some(ROUNDS_HEADER.to_string()) {
        return Err(format!("line 1: the header must read {ROUNDS_HEADER}"));
    }
    for (n, c) in recs.iter().enumerate().skip(1) {
        let at = |e: String| format!("line {}: {e}", n + 1);
        if c.len() != 21 {
            return Err(at(format!("{} fields, 21 expected", c.len())));
        }
        let i: usize = parse(&c[0], "run").map_err(at)?;
        let round = decode_round(c).map_err(at)?;
        runs.get_mut(i)
            .ok_or_else(|| at(format!("run {i}: the header lists {} runs", metas.len())))?
            .rounds
            .push(round);
    }
    Ok(runs)
}
