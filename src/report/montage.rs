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
pub type MontageRows = Vec<(Vec<Pick>, Vec<Pick>)>;

/// One selected image of a montage: its pool id and the score it was selected with (NaN
/// when it had none).
pub type Pick = (u32, f32);

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
                montage(&pool, &p.labels, rows)?,
            ))
        })
        .collect()
}

/// Images per side of a row.
pub const PER_SIDE: usize = 8;
const PAD: usize = 2;
const GAP: usize = 12;

/// Picks of one run's selection in `round`, ordered by rank: (highest, lowest).
pub fn extremes(sel: &RunSelections, round: u32) -> (Vec<Pick>, Vec<Pick>) {
    let mut rows: Vec<(u32, u32, f32)> = sel
        .rows
        .iter()
        .filter(|r| r.round == round)
        .map(|r| (r.rank, r.sample, r.score))
        .collect();
    rows.sort_unstable_by_key(|r| (r.0, r.1));
    let top = rows.iter().take(PER_SIDE).map(|r| (r.1, r.2)).collect();
    let bottom = rows
        .iter()
        .rev()
        .take(PER_SIDE)
        .map(|r| (r.1, r.2))
        .collect();
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

/// Left margin for the row labels, header height and score line height, pixels.
const LABEL_W: usize = 170;
const HEADER_H: usize = 22;
const SCORE_H: usize = 14;

/// A score as printed under its image (4 significant digits, so that near-ties such as
/// margins of 0.9996 and 1.0000 stay apart; "–" without one).
fn score_text(s: f32) -> String {
    if !s.is_finite() {
        "–".into()
    } else if s != 0.0 && (s.abs() >= 1000.0 || s.abs() < 0.01) {
        format!("{s:.3e}")
    } else if s == 0.0 {
        "0".into()
    } else {
        let digits = (3 - s.abs().log10().floor() as i32).max(0) as usize;
        format!("{s:.digits$}")
    }
}

/// The montage's text: (x, y of the baseline, size in px, text, anchored at the middle).
fn texts(
    labels: &[String],
    rows: &[(Vec<Pick>, Vec<Pick>)],
    h: usize,
    cell_w: usize,
) -> Vec<(usize, usize, u32, String, bool)> {
    let side_w = PER_SIDE * cell_w;
    let right0 = LABEL_W + side_w + GAP;
    let mut t = vec![
        (
            LABEL_W + side_w / 2,
            HEADER_H - 6,
            14,
            format!("{PER_SIDE} highest-scored picks"),
            true,
        ),
        (
            right0 + side_w / 2,
            HEADER_H - 6,
            14,
            format!("{PER_SIDE} lowest-scored picks"),
            true,
        ),
    ];
    for (r, (top, bottom)) in rows.iter().enumerate() {
        let y0 = HEADER_H + r * (h + SCORE_H + PAD);
        let name = labels.get(r).cloned().unwrap_or_default();
        let name = if name.chars().count() > 24 {
            format!("{}…", name.chars().take(23).collect::<String>())
        } else {
            name
        };
        t.push((PAD, y0 + h / 2 + 5, 13, name, false));
        let cells = top
            .iter()
            .enumerate()
            .map(|(i, p)| (LABEL_W + i * cell_w, p))
            .chain(
                bottom
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (right0 + i * cell_w, p)),
            );
        for (x0, p) in cells {
            t.push((
                x0 + cell_w / 2,
                y0 + h + SCORE_H - 3,
                10,
                score_text(p.1),
                true,
            ));
        }
    }
    t
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Render rows of (highest, lowest) picks of `pool` as one image: a row label (`labels`, top
/// to bottom) at the left, a header over each side, each image's score under it. The PNG has
/// the text drawn in; the SVG embeds the pixel-only PNG under SVG `<text>` elements.
pub fn montage(
    pool: &ImageSet,
    labels: &[String],
    rows: &[(Vec<Pick>, Vec<Pick>)],
) -> Result<Rendered, String> {
    use plotters::prelude::*;
    let scale = (56 / pool.height.max(1)).clamp(1, 4);
    let (h, w) = (pool.height * scale, pool.width * scale);
    let cell_w = (w + PAD).max(44);
    let width = LABEL_W + 2 * PER_SIDE * cell_w + GAP + PAD;
    let height = HEADER_H + rows.len().max(1) * (h + SCORE_H + PAD) + PAD;
    let mut img =
        image::RgbImage::from_pixel(width as u32, height as u32, image::Rgb([255, 255, 255]));
    let plane = pool.height * pool.width;
    for (r, (top, bottom)) in rows.iter().enumerate() {
        let y0 = HEADER_H + r * (h + SCORE_H + PAD);
        let right0 = LABEL_W + PER_SIDE * cell_w + GAP;
        let cells = top
            .iter()
            .enumerate()
            .map(|(i, p)| (LABEL_W + i * cell_w + (cell_w - w) / 2, p.0))
            .chain(
                bottom
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (right0 + i * cell_w + (cell_w - w) / 2, p.0)),
            );
        for (x0, sample) in cells {
            let px = pool.image(sample as usize);
            for y in 0..h {
                for x in 0..w {
                    let (sy, sx) = (y / scale, x / scale);
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
    let encode = |img: &image::RgbImage| -> Result<Vec<u8>, String> {
        let mut png = Vec::new();
        img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .map_err(|e| e.to_string())?;
        Ok(png)
    };
    let plain = encode(&img)?;
    let text = texts(labels, rows, h, cell_w);
    // the PNG: the same text drawn onto the pixels
    super::plots::ensure_font();
    let mut rgb = img.into_raw();
    {
        let root =
            BitMapBackend::with_buffer(&mut rgb, (width as u32, height as u32)).into_drawing_area();
        for (x, y, size, t, mid) in &text {
            let style = TextStyle::from(("sans-serif", *size as f64).into_font()).color(&BLACK);
            let style = if *mid {
                style.pos(plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Center,
                    plotters::style::text_anchor::VPos::Bottom,
                ))
            } else {
                style.pos(plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Left,
                    plotters::style::text_anchor::VPos::Bottom,
                ))
            };
            root.draw_text(t, &style, (*x as i32, *y as i32))
                .map_err(|e| e.to_string())?;
        }
        root.present().map_err(|e| e.to_string())?;
    }
    let img = image::RgbImage::from_raw(width as u32, height as u32, rgb)
        .ok_or("montage bitmap size mismatch")?;
    let png = encode(&img)?;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\"><image width=\"{width}\" height=\"{height}\" href=\"data:image/png;base64,{}\"/>",
        base64(&plain)
    );
    for (x, y, size, t, mid) in &text {
        svg.push_str(&format!(
            "<text x=\"{x}\" y=\"{y}\" font-family=\"sans-serif\" font-size=\"{size}\"{}>{}</text>",
            if *mid { " text-anchor=\"middle\"" } else { "" },
            xml_escape(t)
        ));
    }
    svg.push_str("</svg>");
    Ok(Rendered { svg, png })
}

#[cfg(test)]
mod tests {
    #[test]
    fn labels_headers_and_scores_are_svg_text() {
        let pool = crate::data::generate_shapes(20, 1, 0);
        let rows = vec![
            (vec![(0, 0.987), (1, 0.5)], vec![(2, 0.001), (3, f32::NAN)]),
            (vec![(4, 12.5)], vec![(5, 1234.0)]),
        ];
        let labels = vec![
            "margin".to_string(),
            "a_very_long_method_label_that_is_cut".into(),
        ];
        let r = super::montage(&pool, &labels, &rows).unwrap();
        for want in [
            ">margin</text>",
            ">a_very_long_method_labe…</text>",
            ">8 highest-scored picks</text>",
            ">8 lowest-scored picks</text>",
            ">0.9870</text>",
            ">1.000e-3</text>",
            ">–</text>",
            ">12.50</text>",
            ">1.234e3</text>",
            ">0.5000</text>",
        ] {
            assert!(r.svg.contains(want), "{want}");
        }
        assert!(r.png.starts_with(b"\x89PNG"));
        // the PNG has text drawn in: it differs from the pixel-only image the SVG embeds
        assert!(r.png.len() > 100);
    }

    #[test]
    fn base64_known_vectors() {
        assert_eq!(super::base64(b""), "");
        assert_eq!(super::base64(b"f"), "Zg==");
        assert_eq!(super::base64(b"fo"), "Zm8=");
        assert_eq!(super::base64(b"foobar"), "Zm9vYmFy");
    }
}
