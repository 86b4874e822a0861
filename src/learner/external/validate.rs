//! Checks of the arrays a learner writes: dtype and shape, finite values, and
//! probabilities that are probabilities. Each error says what is wrong and where.

use std::path::Path;

use crate::npy;

/// How far a row of probabilities may sum from 1.
pub const SUM_TOLERANCE: f64 = 1e-4;

/// Read the `predict` output at `path`: `float32 [members, mc_samples, n, classes]`, every
/// value finite and ≥ 0, every row (one member, pass and sample) summing to 1 within
/// [`SUM_TOLERANCE`]. Returns the data in that layout.
pub fn probabilities(
    path: &Path,
    members: usize,
    mc_samples: usize,
    n: usize,
    classes: usize,
) -> Result<Vec<f32>, String> {
    let a = npy::read::<f32>(path).map_err(|e| e.to_string())?;
    npy::check_shape(
        path,
        &a.shape,
        &[Some(members), Some(mc_samples), Some(n), Some(classes)],
    )
    .map_err(|e| format!("{e} ([members, mc_samples, n, classes])"))?;
    for (r, row) in a.data.chunks_exact(classes.max(1)).enumerate() {
        let (m, t, i) = (r / (mc_samples * n), r / n % mc_samples, r % n);
        let at = || format!("member {m}, pass {t}, sample {i} (indices[{i}])");
        if let Some(k) = row.iter().position(|p| !p.is_finite() || *p < 0.0) {
            return Err(format!(
                "probability {} of class {k} at {} is not a probability (negative or not finite)",
                row[k],
                at()
            ));
        }
        let sum: f64 = row.iter().map(|&p| p as f64).sum();
        if (sum - 1.0).abs() > SUM_TOLERANCE {
            return Err(format!(
                "the probabilities at {} sum to {sum}, not 1 (within {SUM_TOLERANCE})",
                at()
            ));
        }
    }
    Ok(a.data)
}

/// Read the `embed` output at `path`: `float32 [n, dim]`, every value finite.
pub fn embeddings(path: &Path, n: usize, dim: usize) -> Result<Vec<f32>, String> {
    let a = npy::read::<f32>(path).map_err(|e| e.to_string())?;
    npy::check_shape(path, &a.shape, &[Some(n), Some(dim)])
        .map_err(|e| format!("{e} ([n, embedding_dim])"))?;
    if let Some(j) = a.data.iter().position(|v| !v.is_finite()) {
        return Err(format!(
            "embedding value {} of sample {} (indices[{}]) is not finite",
            a.data[j],
            j / dim.max(1),
            j / dim.max(1)
        ));
    }
    Ok(a.data)
}

/// `[members, mc_samples, n, classes]` → the [`crate::acquisition::OutputBatch`] layout
/// `[batch, class, member × pass]` of samples `start..start + batch`.
pub fn to_output_layout(
    probs: &[f32],
    (members, mc_samples, n, classes): (usize, usize, usize, usize),
    start: usize,
    batch: usize,
    out: &mut Vec<f32>,
) {
    let outputs = members * mc_samples;
    out.clear();
    out.resize(batch * classes * outputs, 0.0);
    for o in 0..outputs {
        for i in 0..batch {
            let src = &probs[(o * n + start + i) * classes..][..classes];
            for (k, &p) in src.iter().enumerate() {
                out[(i * classes + k) * outputs + o] = p;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, shape: &[usize], data: &[f32]) -> std::path::PathBuf {
        let p = dir.join("p.npy");
        npy::write(&p, shape, data).unwrap();
        p
    }

    #[test]
    fn accepts_probabilities_and_names_each_fault() {
        let d = tempfile::tempdir().unwrap();
        // 1 member, 1 pass, 2 samples, 2 classes.
        let p = write(d.path(), &[1, 1, 2, 2], &[0.25, 0.75, 1.0, 0.0]);
        assert_eq!(
            probabilities(&p, 1, 1, 2, 2).unwrap(),
            vec![0.25, 0.75, 1.0, 0.0]
        );
        let e = probabilities(&p, 2, 1, 2, 2).unwrap_err();
        assert!(
            e.contains("shape (1, 1, 2, 2) where (2, 1, 2, 2) is expected"),
            "{e}"
        );
        let p = write(d.path(), &[1, 1, 2, 2], &[0.25, 0.75, 1.2, -0.2]);
        let e = probabilities(&p, 1, 1, 2, 2).unwrap_err();
        assert!(
            e.contains("-0.2 of class 1 at member 0, pass 0, sample 1"),
            "{e}"
        );
        // 0.5 + 0.4 = 0.9: off by 0.1 > 1e-4.
        let p = write(d.path(), &[1, 1, 2, 2], &[0.5, 0.4, 1.0, 0.0]);
        let e = probabilities(&p, 1, 1, 2, 2).unwrap_err();
        assert!(e.contains("sample 0 (indices[0]) sum to 0.9"), "{e}");
        // 0.50004 + 0.5 = 1.00004: within 1e-4.
        let p = write(d.path(), &[1, 1, 1, 2], &[0.50004, 0.5]);
        assert!(probabilities(&p, 1, 1, 1, 2).is_ok());
        let p = d.path().join("i.npy");
        npy::write(&p, &[1, 1, 1, 2], &[0i64, 1]).unwrap();
        let e = probabilities(&p, 1, 1, 1, 2).unwrap_err();
        assert!(e.contains("dtype '<i8' where float32 is expected"), "{e}");
    }

    #[test]
    fn embeddings_must_be_finite_and_of_the_announced_width() {
        let d = tempfile::tempdir().unwrap();
        let p = write(d.path(), &[2, 3], &[0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(embeddings(&p, 2, 3).unwrap().len(), 6);
        assert!(embeddings(&p, 2, 4)
            .unwrap_err()
            .contains("where (2, 4) is expected"));
        let p = write(d.path(), &[2, 3], &[0.0, 1.0, 2.0, 3.0, f32::NAN, 5.0]);
        assert!(embeddings(&p, 2, 3).unwrap_err().contains("sample 1"));
    }

    #[test]
    fn output_layout_interleaves_members_per_class() {
        // members 2, passes 1, n 2, classes 2: member 0 rows [a b][c d], member 1 [e f][g h].
        let probs = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0];
        let mut out = Vec::new();
        to_output_layout(&probs, (2, 1, 2, 2), 1, 1, &mut out);
        // sample 1: class 0 = (c, g) = (3, 7), class 1 = (d, h) = (4, 8).
        assert_eq!(out, vec![3.0, 7.0, 4.0, 8.0]);
    }
}
