//! What a run records: one row per round, one row per selected sample, and for A/B runs one
//! row per measurement. The writer ([`super::frame`]) and the reader ([`super::ResultsData`])
//! use these same types, one per table: [`RoundRecord`], [`SelectionRecord`], [`AbRecord`].
//! The reader groups a run's rounds in a [`RunRounds`] and its other rows in a [`PerRun`].

use super::RunStatus;

/// The id of a run, `<config_id>-r<repeat>`: the stem of its files in `runs/` and
/// `selections/`, and its key in the manifest. The only place that spells the format.
pub fn run_id(config_id: &str, repeat: u32) -> String {
    format!("{config_id}-r{repeat}")
}

/// The (config id, repeat) of a run id written by [`run_id`].
pub fn parse_run_id(id: &str) -> Option<(&str, u32)> {
    let (config_id, repeat) = id.rsplit_once("-r")?;
    Some((config_id, repeat.parse().ok()?))
}

/// One measurement of the A/B protocol (`loop.ab`, NVIDIA Table V): one model of one split
/// evaluated on one test set, one metric (per class for `ap`). A row of `ab/<run>.parquet`.
#[derive(Clone, Debug, PartialEq)]
pub struct AbRecord {
    /// Split of the selections (0-based).
    pub split: u32,
    /// `reference` (round 0's model), `active` (trained with the configured sampler's
    /// selection) or `comparison` (with `loop.ab.against`'s).
    pub arm: String,
    /// `union` (both arms' test portions), `comparison` (the comparison arm's test portion
    /// only) or `test` (the run's test set).
    pub test_set: String,
    /// `ap` (per class), `wmap`, `map`, `map50`, `accuracy`, `loss` or `n_images`.
    pub metric: String,
    /// Class name for `ap`, empty otherwise.
    pub class: String,
    /// The value; `None` when undefined (a class without ground truth in the set).
    pub value: Option<f64>,
}

/// Identity of a run, repeated on every row of its files.
#[derive(Clone, Debug, Default)]
pub struct RunMeta {
    /// Experiment name.
    pub experiment: String,
    /// Configuration id.
    pub config_id: String,
    /// Configuration label.
    pub label: String,
    /// Repeat index (0-based).
    pub repeat: u32,
    /// Experiment seed.
    pub seed: u64,
    /// Hash of the resolved spec that produced the run.
    pub spec_hash: String,
    /// Fingerprint of the machine that ran it ([`super::Machine::fingerprint`]).
    pub machine: String,
    /// k's of the `test_top{k}_accuracy` columns.
    pub top_k: Vec<usize>,
    /// Detection: class names of the `test_ap_<class>` columns (empty for classification).
    pub ap_classes: Vec<String>,
    /// Swept keys and this configuration's values.
    pub swept: Vec<(String, String)>,
}

impl RunMeta {
    /// `<config_id>-r<repeat>`.
    pub fn run_id(&self) -> String {
        run_id(&self.config_id, self.repeat)
    }
}

/// One round of a run. Metrics are `None` when they do not apply or the round failed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RoundRecord {
    /// Round (0 = trained on the base set).
    pub round: u32,
    /// Training samples, repeats counted.
    pub n_labeled: usize,
    /// Distinct labeled samples (labeling cost).
    pub n_unique: usize,
    /// Samples selected in this round (0 in round 0).
    pub n_selected: usize,
    /// Epochs trained (member 0).
    pub epochs: Option<usize>,
    /// Training loss of the kept epoch.
    pub train_loss: Option<f64>,
    /// Validation loss.
    pub val_loss: Option<f64>,
    /// Validation accuracy.
    pub val_accuracy: Option<f64>,
    /// Test cross-entropy.
    pub test_loss: Option<f64>,
    /// Test accuracy.
    pub test_accuracy: Option<f64>,
    /// Test top-k accuracy per k of [`RunMeta::top_k`] (empty when the round has none).
    pub test_top_k: Vec<Option<f64>>,
    /// Detection: ground-truth boxes of the distinct labeled images (the NVIDIA paper's
    /// "# BBoxes", a labeling-cost proxy).
    pub n_boxes: Option<usize>,
    /// Detection: COCO AP (IoU 0.50:0.95) on the test set.
    pub test_map: Option<f64>,
    /// Detection: AP at IoU 0.50.
    pub test_map50: Option<f64>,
    /// Detection: the size-weighted mAP (NVIDIA wMAP, docs/detection.md).
    pub test_wmap: Option<f64>,
    /// Detection: AP per class of [`RunMeta::ap_classes`].
    pub test_ap: Vec<Option<f64>>,
    /// Seconds spent training (all members).
    pub time_train_s: f64,
    /// Seconds spent scoring the pool (before this round's training; 0 in round 0).
    pub time_score_s: f64,
    /// Seconds spent selecting.
    pub time_select_s: f64,
    /// How the run ended (every round of a run carries the run's status).
    pub status: RunStatus,
}

impl RoundRecord {
    /// The value of metric column `column` ([`crate::metrics::is_metric_column`]) in this
    /// round of a run of `meta`: the column the writer ([`super::rounds_frame`]) fills from
    /// the field of that name, as f64; `test_top{k}_accuracy` and `test_ap_<class>` by the
    /// position of `k` in [`RunMeta::top_k`] and of the class in [`RunMeta::ap_classes`].
    /// `None` where the value is null or `column` is not a metric column of this run.
    pub fn metric(&self, meta: &RunMeta, column: &str) -> Option<f64> {
        let count = |c: usize| Some(c as f64);
        match column {
            "n_labeled" => count(self.n_labeled),
            "n_unique" => count(self.n_unique),
            "n_boxes" => self.n_boxes.and_then(count),
            "epochs" => self.epochs.and_then(count),
            "train_loss" => self.train_loss,
            "val_loss" => self.val_loss,
            "val_accuracy" => self.val_accuracy,
            "test_loss" => self.test_loss,
            "test_accuracy" => self.test_accuracy,
            "test_map" => self.test_map,
            "test_map50" => self.test_map50,
            "test_wmap" => self.test_wmap,
            "time_train_s" => Some(self.time_train_s),
            "time_score_s" => Some(self.time_score_s),
            "time_select_s" => Some(self.time_select_s),
            _ => self.keyed_metric(meta, column),
        }
    }

    /// `test_top{k}_accuracy` and `test_ap_<class>`: the value at the position of `k` in
    /// `meta.top_k` / of the class in `meta.ap_classes`.
    fn keyed_metric(&self, meta: &RunMeta, column: &str) -> Option<f64> {
        let at = |values: &[Option<f64>], i: Option<usize>| values.get(i?).copied().flatten();
        if let Some(class) = column.strip_prefix("test_ap_") {
            return at(
                &self.test_ap,
                meta.ap_classes.iter().position(|c| c == class),
            );
        }
        let k = column
            .strip_prefix("test_top")?
            .strip_suffix("_accuracy")?
            .parse::<usize>()
            .ok()?;
        at(&self.test_top_k, meta.top_k.iter().position(|&x| x == k))
    }
}

/// One run's round table as read back ([`super::ResultsData::runs`]): the run's identity and
/// its rounds, in round order, each a [`RoundRecord`] as the writer wrote it. The run's
/// `top_k`, `ap_classes` and `swept` are those of its file's columns.
#[derive(Clone, Debug)]
pub struct RunRounds {
    /// Identity.
    pub meta: RunMeta,
    /// Rounds, in round order (at least one: a run file is written after round 0).
    pub rounds: Vec<RoundRecord>,
}

impl RunRounds {
    /// How the run ended: the status of its first round (every round carries the run's).
    pub fn status(&self) -> &RunStatus {
        static DONE: RunStatus = RunStatus::Done;
        self.rounds.first().map_or(&DONE, |r| &r.status)
    }

    /// Metric `column` at round index `i` ([`RoundRecord::metric`]), as the report analyses
    /// it: `n_labeled` is the x axis, never a metric value (`None`, as a column no run has).
    pub fn value(&self, i: usize, column: &str) -> Option<f64> {
        if column == "n_labeled" {
            return None;
        }
        self.rounds[i].metric(&self.meta, column)
    }

    /// Whether some round has a value of metric `column` ([`RunRounds::value`]).
    pub fn has_values(&self, column: &str) -> bool {
        (0..self.rounds.len()).any(|i| self.value(i, column).is_some())
    }

    /// Index of round `round`, if the run has it.
    pub fn index_of(&self, round: u32) -> Option<usize> {
        self.rounds.iter().position(|r| r.round == round)
    }
}

/// One selected sample: a row of `selections/<run>.parquet`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SelectionRecord {
    /// Round in which it was selected (0 = base set).
    pub round: u32,
    /// Index in the pool dataset.
    pub sample: u32,
    /// Its score (NaN for base-set samples, which were not scored; stored as null).
    pub score: f32,
    /// Its rank in this round's ranking (0 = most informative; base set: order drawn).
    pub rank: u32,
    /// The label revealed.
    pub label: u32,
    /// Whether the revealed label is wrong (`data.label_noise`).
    pub mislabeled: bool,
    /// Detection: ground-truth boxes in the image (`None` for classification and in files
    /// written before the column existed).
    pub n_boxes: Option<u32>,
}

/// The rows of one run's table (selections or A/B measurements), as read back: the run's
/// identity and its rows in file order.
#[derive(Clone, Debug, Default)]
pub struct PerRun<T> {
    /// Configuration id.
    pub config_id: String,
    /// Repeat.
    pub repeat: u32,
    /// Rows, in file order.
    pub rows: Vec<T>,
}

/// The selection table of one run, rows round by round.
pub type RunSelections = PerRun<SelectionRecord>;

/// The A/B table of one run.
pub type RunAb = PerRun<AbRecord>;

/// Everything a finished (or failed) run produced.
#[derive(Clone, Debug)]
pub struct RunResult {
    /// Identity.
    pub meta: RunMeta,
    /// Rounds completed (plus the failed one, if any).
    pub rounds: Vec<RoundRecord>,
    /// Selections, in order. In an A/B run, round 1 holds the active arm's selection and
    /// round 2 the comparison arm's (both made from the same round-1 scores).
    pub selections: Vec<SelectionRecord>,
    /// The A/B protocol's measurements (empty unless `loop.ab`).
    pub ab: Vec<AbRecord>,
    /// How it ended; written on every row of its round table.
    pub status: RunStatus,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_ids_round_trip() {
        assert_eq!(run_id("3adbde5b0b", 12), "3adbde5b0b-r12");
        assert_eq!(parse_run_id("3adbde5b0b-r12"), Some(("3adbde5b0b", 12)));
        assert_eq!(parse_run_id("a-rb-r3"), Some(("a-rb", 3)));
        assert_eq!(parse_run_id("nothing"), None);
    }
}
