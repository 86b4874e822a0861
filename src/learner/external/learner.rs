//! [`ExternalLearner`]: the [`Learner`] seam over a learner process speaking protocol 1.
//!
//! The process starts at the run's first `fit` (so that a learner that cannot start is the
//! run's failure, not the sweep's). A failing request (the process exited, hung, or
//! replied wrongly) kills the process and becomes the learner's fault: `fit` returns it as
//! [`LearnerError::Failed`]; `evaluate`, `score` and `embed`, which cannot return errors,
//! record it in [`Learner::fault`] (and hand back well-formed placeholder outputs, never
//! read: the loop checks the fault before using them and records the run as failed).

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::process::Process;
use super::protocol::{self, Reply};
use super::scoring::ChunkSource;
use super::splits::split_files;
use super::validate;
use crate::data::Splits;
use crate::learner::{
    EpochHook, Evaluation, Learner, LearnerConfig, LearnerError, ScoreRequest, ScoreSink,
    TrainReport, Weights,
};
use crate::pool::SampleId;
use crate::rng::Rng;

/// Samples per `predict` / `embed` request: bounds the arrays held at once.
const CHUNK: usize = 8192;

/// Default of `model.timeout_s`: seconds albench waits for any one reply.
pub const DEFAULT_TIMEOUT_S: f64 = 600.0;

/// Where a run's learner runs and writes.
#[derive(Clone, Debug)]
pub struct ExternalPlace {
    /// The spec file's directory: the learner's working directory.
    pub spec_dir: PathBuf,
    /// The run's own directory for the request outputs, `stderr.log` and the split files not
    /// shared through the data cache.
    pub work_dir: PathBuf,
}

/// A learner in another process (`model.arch = "external"`).
pub struct ExternalLearner<'a> {
    config: LearnerConfig<'a>,
    splits: &'a Splits,
    place: ExternalPlace,
    state: RefCell<State>,
}

#[derive(Default)]
struct State {
    process: Option<Process>,
    embedding_dim: usize,
    fault: Option<String>,
    requests: u64,
    round: u32,
}

impl<'a> ExternalLearner<'a> {
    /// The learner of one run; nothing starts until the first `fit`. The work directory is
    /// made absolute: the learner runs in the spec's directory, not in albench's.
    pub fn new(config: LearnerConfig<'a>, splits: &'a Splits, mut place: ExternalPlace) -> Self {
        if let Ok(abs) = std::path::absolute(&place.work_dir) {
            place.work_dir = abs;
        }
        ExternalLearner {
            config,
            splits,
            place,
            state: RefCell::new(State::default()),
        }
    }

    /// `stderr.log` in the run's directory.
    pub fn log_path(&self) -> PathBuf {
        self.place.work_dir.join("stderr.log")
    }

    fn timeout(&self) -> Duration {
        Duration::from_secs_f64(self.config.model.timeout_s.unwrap_or(DEFAULT_TIMEOUT_S))
    }

    /// Write the splits (or find the shared files of the data cache), spawn the command and
    /// send `init`.
    fn start(&self, st: &mut State) -> Result<(), String> {
        let splits = split_files(self.splits, &self.place.work_dir.join("splits"))?;
        std::fs::create_dir_all(self.out_dir()).map_err(|e| e.to_string())?;
        let argv = &self.config.model.command;
        let mut p = Process::spawn(argv, &self.place.spec_dir, &self.log_path(), self.timeout())?;
        let line = protocol::init(
            [&splits[0], &splits[1], &splits[2]],
            self.splits.pool.n_classes(),
            self.config.seed,
            self.config.model.ensemble,
            self.config.train,
        );
        let reply = p.request(&line).and_then(|r| protocol::parse(&r));
        let dim = reply.and_then(|r| r.count("embedding_dim"));
        match dim {
            Ok(0) => Err("malformed reply: \"embedding_dim\" is 0".into()),
            Ok(d) => {
                st.embedding_dim = d;
                st.process = Some(p);
                Ok(())
            }
            Err(e) => Err(e),
        }
        .map_err(|e| format!("init: {e}"))
    }

    fn out_dir(&self) -> PathBuf {
        self.place.work_dir.join("out")
    }

    /// Send request `line` (described by `what` in errors) and parse the reply. Any failure
    /// kills the process and becomes the fault; once faulted, every request fails at once.
    fn call(&self, what: &str, line: impl FnOnce(&Path) -> String) -> Result<Reply, String> {
        let mut st = self.state.borrow_mut();
        if let Some(f) = &st.fault {
            return Err(f.clone());
        }
        if st.process.is_none() {
            if let Err(e) = self.start(&mut st) {
                return Err(self.fail(&mut st, e));
            }
        }
        st.requests += 1;
        let out = self
            .out_dir()
            .join(format!("{}-{}.npy", what_op(what), st.requests));
        let p = st.process.as_mut().expect("started above");
        match p.request(&line(&out)).and_then(|r| protocol::parse(&r)) {
            Ok(r) => Ok(r),
            Err(e) => Err(self.fail(&mut st, format!("{what}: {e}"))),
        }
    }

    /// Record `message` as the fault, stop the process, and return the message.
    fn fail(&self, st: &mut State, message: String) -> String {
        if let Some(mut p) = st.process.take() {
            p.kill();
        }
        st.fault.get_or_insert(message).clone()
    }

    /// Record a fault found after a reply (a bad output file).
    fn fault_with(&self, message: String) -> String {
        self.fail(&mut self.state.borrow_mut(), message)
    }

    /// Class probabilities `[members, mc_samples, ids.len(), classes]` of `ids` (checked).
    fn predict(&self, ids: &[u32], mc_samples: usize) -> Result<Vec<f32>, String> {
        let what = format!(
            "predict (model of round {}, {} pool samples, mc_samples {mc_samples})",
            self.state.borrow().round,
            ids.len()
        );
        let mut out = PathBuf::new();
        self.call(&what, |p| {
            out = p.to_path_buf();
            protocol::predict(ids, mc_samples, p)
        })?;
        let k = self.splits.pool.n_classes();
        let r = validate::probabilities(&out, self.config.model.ensemble, mc_samples, ids.len(), k);
        let _ = std::fs::remove_file(&out);
        r.map_err(|e| self.fault_with(format!("{what}: {e}")))
    }

    /// Embeddings `[ids.len(), embedding_dim]` of `ids` (checked).
    fn embed_ids(&self, ids: &[u32]) -> Result<Vec<f32>, String> {
        let what = format!(
            "embed (model of round {}, {} pool samples)",
            self.state.borrow().round,
            ids.len()
        );
        let mut out = PathBuf::new();
        self.call(&what, |p| {
            out = p.to_path_buf();
            protocol::embed(ids, p)
        })?;
        let dim = self.state.borrow().embedding_dim;
        let r = validate::embeddings(&out, ids.len(), dim);
        let _ = std::fs::remove_file(&out);
        r.map_err(|e| self.fault_with(format!("{what}: {e}")))
    }

    /// Record a fault for a request protocol 1 cannot express.
    fn unsupported(&self, what: &str) {
        self.fault_with(format!(
            "{what} is not supported by an external learner (protocol 1)"
        ));
    }
}

/// The op name at the start of a request description (`predict (…)` → `predict`).
fn what_op(what: &str) -> &str {
    what.split([' ', ':']).next().unwrap_or("request")
}

fn raw(ids: &[SampleId]) -> Vec<u32> {
    ids.iter().map(|id| id.0).collect()
}

impl Learner for ExternalLearner<'_> {
    fn fit(
        &mut self,
        train: &[SampleId],
        round: u32,
        hook: EpochHook<'_>,
    ) -> Result<TrainReport, LearnerError> {
        let ids = raw(train);
        let what = format!("fit (round {round}, {} samples)", ids.len());
        let reply = self
            .call(&what, |_| protocol::fit(round, &ids))
            .map_err(LearnerError::Failed)?;
        let report = (|| -> Result<TrainReport, String> {
            let epochs = reply.count("epochs")?;
            Ok(TrainReport {
                epochs,
                train_loss: reply.number("train_loss")?,
                val_loss: reply.optional_number("val_loss")?.unwrap_or(f64::NAN),
                val_accuracy: reply.optional_number("val_accuracy")?.unwrap_or(f64::NAN),
                steps: 0,
                best_epoch: epochs,
            })
        })()
        .map_err(|e| LearnerError::Failed(self.fault_with(format!("{what}: {e}"))))?;
        self.state.borrow_mut().round = round;
        if report.epochs > 0 {
            hook(report.epochs);
        }
        Ok(report)
    }

    fn evaluate(&self) -> Evaluation {
        let failed = Evaluation {
            loss: f64::NAN,
            ..Default::default()
        };
        let what = format!("evaluate (model of round {})", self.state.borrow().round);
        let Ok(reply) = self.call(&what, |_| protocol::evaluate()) else {
            return failed;
        };
        let metrics = reply.number("loss").and_then(|loss| {
            let a = reply.number("accuracy")?;
            if !(0.0..=1.0).contains(&a) {
                return Err(format!(
                    "malformed reply: \"accuracy\" is {a}, not in [0, 1]"
                ));
            }
            Ok((loss, a))
        });
        match metrics {
            Ok((loss, a)) => Evaluation {
                loss,
                accuracy: Some(a),
                ..Default::default()
            },
            Err(e) => {
                self.fault_with(format!("{what}: {e}"));
                failed
            }
        }
    }

    fn evaluate_on(&self, _ids: &[SampleId]) -> Evaluation {
        self.unsupported("evaluating on pool samples (loop.ab)");
        Evaluation {
            loss: f64::NAN,
            ..Default::default()
        }
    }

    fn anchor(&mut self) {
        self.unsupported("fine-tuning from the reference model (loop.ab)");
    }

    fn restrict_members(&mut self, _members: usize) {
        self.unsupported("restricting the ensemble (loop.ab)");
    }

    fn score(
        &self,
        ids: &[SampleId],
        request: ScoreRequest,
        _masks: &mut Rng,
        sink: ScoreSink<'_>,
    ) {
        if request.member_features || request.reconstruction {
            self.unsupported("a scorer that needs member features or a VAE (grad, vae)");
        }
        super::scoring::stream(self, ids, request, sink, CHUNK);
    }

    fn embed(&self, ids: &[SampleId], weights: Weights) -> Vec<f32> {
        let dim = self.embedding_dim();
        if weights == Weights::Initial {
            self.unsupported("the baseline embedding (query.embedding = \"baseline\")");
        }
        let mut out = Vec::with_capacity(ids.len() * dim);
        for chunk in ids.chunks(CHUNK) {
            match self.fault().is_none().then(|| self.embed_ids(&raw(chunk))) {
                Some(Ok(rows)) => out.extend_from_slice(&rows),
                _ => out.resize(out.len() + chunk.len() * dim, 0.0),
            }
        }
        out
    }

    fn embedding_dim(&self) -> usize {
        self.state.borrow().embedding_dim.max(1)
    }

    fn fault(&self) -> Option<String> {
        self.state.borrow().fault.clone()
    }
}

impl ChunkSource for ExternalLearner<'_> {
    /// Probabilities (and features when asked) of `chunk`, or `None` after a fault.
    fn outputs_of(
        &self,
        chunk: &[SampleId],
        request: ScoreRequest,
    ) -> Option<(Vec<f32>, Option<Vec<f32>>)> {
        if self.fault().is_some() {
            return None;
        }
        let ids = raw(chunk);
        let probs = self.predict(&ids, request.mc_samples.max(1)).ok()?;
        let feats = match request.features {
            true => Some(self.embed_ids(&ids).ok()?),
            false => None,
        };
        Some((probs, feats))
    }

    /// Members per request, classes and pool labels, for [`super::scoring`].
    fn shape(&self) -> (usize, usize, &[u32]) {
        (
            self.config.model.ensemble,
            self.splits.pool.n_classes(),
            &self.splits.pool.labels,
        )
    }

    /// Samples per batch handed to the sink (`query.batch_size`).
    fn batch_size(&self) -> usize {
        self.config.batch_size.max(1)
    }
}

impl Drop for ExternalLearner<'_> {
    fn drop(&mut self) {
        let st = self.state.get_mut();
        if let Some(mut p) = st.process.take() {
            p.set_timeout(Duration::from_secs(10));
            let _ = p.request(&protocol::shutdown());
            p.close(Duration::from_secs(5));
        }
        // the run's own split copies and request outputs are large; the log stays (the
        // shared split files of the data cache are kept for the next run)
        let _ = std::fs::remove_dir_all(self.place.work_dir.join("splits"));
        let _ = std::fs::remove_dir_all(self.out_dir());
    }
}
