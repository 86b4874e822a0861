//! Montages of selected images (thesis Figures 7.2–7.3): for a round, one row per method with
//! the 8 highest- and the 8 lowest-scored images among that round's selection (repeat 0),
//! separated by a gap. [`plan`] decides what to draw from the results (pure); [`render`]
//! rebuilds the pool images from the stored spec's `[data]` (the data splits depend only on
//! the seed and `[data]`) and draws.

use super::analysis::Analysis;
use super::plots::Rendered;
use crate::data::{build_splits, load_source, ImageSet};
use crate::results::{ResultsData, RunSelections};
use crate::spec::DataSpec;

/// One montage row per method: its (highest, lowest) selected samples.
pub type MontageRows = Vec<(Vec<u32>, Vec<u32>)>;

/// What the montages show: per round (first and last), the (highest, lowest) samples of each
/// method's repeat-0 selection, rows in label order.
#[derive(Clone, Debug)]
pub struct MontagePlan {
    /// `[data]` of the methods (they all share it).
    pub data: DataSpec,
    /// Experiment seed.
    pub seed: u64,
    /// Method labels, top to bottom.
    pub labels: Vec<String>,
    /// (round, rows).
    pub rounds: Vec<(u32, MontageRows)>,
}

/// The montages of `a`'s methods, or why there are none (`Ok(None)`: nothing to show, e.g.
/// only round 0; `Err`: the stored spec does not allow them).
pub fn plan(data: &ResultsData, a: &Analysis) -> Result<Option<MontagePlan>, String> {
    let exp = data.experiment.as_ref().map_err(Clone::clone)?;
    let mut rows_of: Vec<(String, Option<&RunSelections>)> = Vec::new();
    let mut shared: Option<&DataSpec> = None;
    for l in &a.labels {
        let c = exp
            .configs
            .iter()
            .find(|c| &c.label == l)
            .ok_or_else(|| format!("label {l} is not in the stored spec"))?;
        if shared.is_some_and(|d| d != &c.config.data) {
            return Err("methods use different [data] settings".into());
        }
        shared = Some(&c.config.data);
        rows_of.push((l.clone(), data.selections_of(&c.id, 0)));
    }
    let Some(d) = shared else {
        return Ok(None);
    };
    let last = a
        .metrics
        .iter()
        .flat_map(|m| m.shared_rounds.iter().copied())
        .max()
        .unwrap_or(0);
    if last == 0 || rows_of.iter().any(|(_, s)| s.is_none()) {
        return Ok(None);
    }
    let mut rounds = vec![1];
    if last > 1 {
        rounds.push(last);
    }
    Ok(Some(MontagePlan {
        data: d.clone(),
        seed: exp.spec.seed,
        labels: rows_of.iter().map(|(l, _)| l.clone()).collect(),
        rounds: rounds
            .into_iter()
            .map(|r| {
                let rows = rows_of
                    .iter()
                    .map(|(_, s)| extremes(s.expect("checked above"), r))
                    .collect();
                (r, rows)
            })
            .collect(),
    }))
}

/// Draw the montages of `p`: (file stem, caption, rendering) per round. Loads the pool.
pub fn render(p: &MontagePlan) -> Result<Vec<(String, String, Rendered)>, String> {
    let source = load_source(&p.data, p.seed).map_err(|e| e.to_string())?;
    let pool = build_splits(&p.data, &source, p.seed, 0)
        .map_err(|e| e.to_string())?
        .pool;
    p.rounds
        .iter()
        .map(|(round, rows)| {
            Ok((
                format!("montage_r{round}"),
                format!(
                    "Round {round}, repeat 0: rows {} (top to bottom); left: the {n} highest-scored selected images, right: the {n} lowest-scored",
                    p.labels.join(", "),
                    n = PER_SIDE
                ),
                montage(&pool, rows)?,
            ))
        })
        .collect()
}

/// Images per side of a row.
pub const PER_SIDE: usize = 8;
const SCALE: usize = 2;
const PAD: usize = 2;
const GAP: usize = 12;

/// Samples (pool ids) of one run's selection in `round`, ordered by rank: (highest, lowest).
pub fn extremes(sel: &RunSelections, round: u32) -> (Vec<u32>, Vec<u32>) {
    let mut rows: Vec<(u32, u32)> = sel
        .rows
        .iter()
        .filter(|r| r.round == round)
        .map(|r| (r.rank, r.sample))
        .collect();
    rows.sort_unstable();
    let top = rows.iter().take(PER_SIDE).map(|r| r.1).collect();
    let bottom = rows.iter().rev().take(PER_SIDE).map(|r| r.1).collect();
    (top, bottom)
}

fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let n = (c[0] as u32) << 16
            | (*c.get(1).unwrap_or(&0) as u32) << 8
            | *c.get(2).unwrap_or(&0) as u32;
        for k in 0..4 {
            if k <= c.len() {
                out.push(T[(n >> (18 - 6 * k)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Render rows of (highest, lowest) sample ids of `pool` as one image.
pub fn montage(pool: &ImageSet, rows: &[(Vec<u32>, Vec<u32>)]) -> Result<Rendered, String> {
    let (h, w) = (pool.height * SCALE, pool.width * SCALE);
    let cell_w = w + PAD;
    let width = 2 * PER_SIDE * cell_w + GAP + PAD;
    let height = rows.len().max(1) * (h + PAD) + PAD;
    let mut img =
        image::RgbImage::from_pixel(width as u32, height as u32, image::Rgb([255, 255, 255]));
    let plane = pool.height * pool.width;
    for (r, (top, bottom)) in rows.iter().enumerate() {
        let y0 = PAD + r * (h + PAD);
        let cells = top
            .iter()
            .enumerate()
            .map(|(i, &s)| (PAD + i * cell_w, s))
            .chain(
                bottom
                    .iter()
                    .enumerate()
                    .map(|(i, &s)| (PAD + PER_SIDE * cell_w + GAP + i * cell_w, s)),
            );
        for (x0, sample) in cells {
            let px = pool.image(sample as usize);
            for y in 0..h {
                for x in 0..w {
                    let (sy, sx) = (y / SCALE, x / SCALE);
                    let at = |c: usize| {
                        (px[c * plane + sy * pool.width + sx].clamp(0.0, 1.0) * 255.0) as u8
                    };
                    let rgb = if pool.channels >= 3 {
                        [at(0), at(1), at(2)]
                    } else {
                        [at(0); 3]
                    };
                    img.put_pixel((x0 + x) as u32, (y0 + y) as u32, image::Rgb(rgb));
                }
            }
        }
    }
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|e| e.to_string())?;
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\"><image width=\"{width}\" height=\"{height}\" href=\"data:image/png;base64,{}\"/></svg>",
        base64(&png)
    );
    Ok(Rendered { svg, png })
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_known_vectors() {
        assert_eq!(super::base64(b""), "");
        assert_eq!(super::base64(b"f"), "Zg==");
        assert_eq!(super::base64(b"fo"), "Zm8=");
        assert_eq!(super::base64(b"foobar"), "Zm9vYmFy");
    }
}
