//! `albench embed`: a trained classifier's penultimate features of a spec's dataset, written
//! as a `features` dataset (`train_features.npy`, `train_labels.npy`, `test_features.npy`,
//! `test_labels.npy`, `classes.txt`): the frozen-backbone half of "frozen backbone + linear
//! head", so that a `features` spec can run on what a `pretrain`ed model sees.

use std::path::{Path, PathBuf};

use crate::data::{load_source, reserved_indices, DataError, ImageSet};
use crate::learner::{embeddings, load_init, make_device, Arch, BackendKind, Geometry};
use crate::learner::{Devices, LearnerError, Net};
use crate::npy::{NpyError, NpyWriter};
use crate::rng::Rng;
use crate::spec;

use super::PipelineError;

/// What to embed.
#[derive(Clone, Debug)]
pub struct EmbedRequest {
    /// The spec whose first configuration gives the dataset (`[data]`) and the model
    /// (`model.arch`, `model.width`).
    pub spec: PathBuf,
    /// The weights file (from `albench pretrain`).
    pub weights: PathBuf,
    /// The directory to write (must not exist).
    pub out: PathBuf,
    /// Backend.
    pub backend: BackendKind,
    /// Device index of the backend.
    pub device: usize,
    /// Spec scale.
    pub scale: Option<String>,
}

/// Images embedded per block written (bounded memory whatever the dataset's size).
const BLOCK: usize = 4096;

/// Embed the whole training split of the spec's dataset, except its `data.reserve` images
/// (those `albench pretrain --reserved` trains on, so the backbone never saw a vector's
/// image), and its test split if it has one, with the weights' backbone (a file trained for
/// another number of classes is fine: only the backbone is used). Everything is written to
/// a temporary directory beside `out`, renamed to `out` at the end: `out` appears complete
/// or not at all. Returns the line that says what was written.
pub fn embed_features(a: &EmbedRequest) -> Result<String, PipelineError> {
    let exp = spec::load(&a.spec, a.scale.as_deref())?;
    let c = &exp.configs[0].config;
    if c.model.arch == Arch::Detector {
        return Err(LearnerError::Config {
            key: "model.arch".into(),
            message: "albench embed exports a classifier's features (mlp, cnn, resnet, linear); the detector has no single feature vector per class label".into(),
        }
        .into());
    }
    if a.out.exists() {
        return Err(DataError::io(
            &a.out,
            "exists: albench embed writes a new directory (remove it or choose another --out)",
        )
        .into());
    }
    let devices = make_device(a.backend, a.device)?;
    super::adapter::warn_if_software(&devices);
    let source = load_source(&c.data, exp.spec.seed)?;
    let g = Geometry::of(&source.train);
    g.check(c.model.arch)?;
    let fresh = Net::new(
        c.model.arch,
        g,
        c.model.width,
        &mut Rng::new(0),
        &devices.train,
    );
    let net = load_init(fresh, &a.weights, &devices.train)?.0.inference();
    let reserved = reserved_indices(c.data.reserve, source.train.len(), exp.spec.seed);
    let mut keep = vec![true; source.train.len()];
    reserved.iter().for_each(|&i| keep[i] = false);
    let train: Vec<usize> = (0..keep.len()).filter(|&i| keep[i]).collect();
    let tmp = temp_dir(&a.out);
    let written = (|| {
        std::fs::create_dir_all(&tmp).map_err(|e| write_error(&tmp, e))?;
        let w = Writer {
            net: &net,
            dir: &tmp,
            batch: c.query.batch_size,
            devices: &devices,
        };
        w.split("train", &source.train, &train)?;
        let n_test = match &source.test {
            Some(t) => w.split("test", t, &(0..t.len()).collect::<Vec<_>>())?,
            None => 0,
        };
        let mut classes = source.train.class_names.join("\n");
        classes.push('\n');
        let file = tmp.join("classes.txt");
        std::fs::write(&file, classes).map_err(|e| write_error(&file, e))?;
        std::fs::rename(&tmp, &a.out).map_err(|e| write_error(&a.out, e))?;
        Ok::<usize, PipelineError>(n_test)
    })();
    let n_test = written.inspect_err(|_| {
        let _ = std::fs::remove_dir_all(&tmp);
    })?;
    Ok(format!(
        "{} train ({} reserved left out) and {n_test} test vectors of {} features from {} ({})",
        train.len(),
        reserved.len(),
        net.feature_dim(),
        c.model.arch.name(),
        a.weights.display()
    ))
}

/// A hidden sibling of `out` unique to this process.
fn temp_dir(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    out.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

fn write_error(path: &Path, source: std::io::Error) -> PipelineError {
    PipelineError::Write {
        path: path.into(),
        source,
    }
}

fn npy_error(e: NpyError) -> PipelineError {
    PipelineError::Write {
        path: e.path,
        source: std::io::Error::other(e.fault.to_string()),
    }
}

/// Writes the splits of one embedding into `dir`.
struct Writer<'a> {
    net: &'a Net,
    dir: &'a Path,
    batch: usize,
    devices: &'a Devices,
}

impl Writer<'_> {
    /// `<name>_features.npy` (`float32 [n, dim]`) and `<name>_labels.npy` (`int64 [n]`) of
    /// images `idx` of `set`, streamed in blocks of [`BLOCK`] images; returns n.
    fn split(&self, name: &str, set: &ImageSet, idx: &[usize]) -> Result<usize, PipelineError> {
        let dim = self.net.feature_dim();
        let xf = self.dir.join(format!("{name}_features.npy"));
        let mut x = NpyWriter::<f32>::create(&xf, &[idx.len(), dim]).map_err(npy_error)?;
        for block in idx.chunks(BLOCK) {
            let f = embeddings(self.net, set, block, self.batch, &self.devices.infer);
            x.write(&f).map_err(npy_error)?;
        }
        x.finish().map_err(npy_error)?;
        let labels: Vec<i64> = idx.iter().map(|&i| set.labels[i] as i64).collect();
        let yf = self.dir.join(format!("{name}_labels.npy"));
        crate::npy::write(&yf, &[idx.len()], &labels).map_err(npy_error)?;
        Ok(idx.len())
    }
}
