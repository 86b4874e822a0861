//! Pairwise p-value matrix as a heatmap: one triangle (the matrix is symmetric and its diagonal
//! is 1), each method's full name on the diagonal, colour on a log scale (−log10 p, saturating
//! at p = 0.001) with a colour bar, values printed in cells ("<0.001" below 0.001), each with
//! the direction of its difference: ▲ when the row's method has the better mean, ▼ when the
//! column's has.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::error::{e, PlotError};
use super::render::{render, Figure, Px, Rendered};
use crate::stats::PValue;

struct Heat<'a> {
    title: String,
    labels: &'a [String],
    matrix: &'a [Vec<PValue>],
    /// Mean per label (matrix order) and whether higher is better: the arrows.
    means: &'a [f64],
    higher: bool,
}

/// ▲ when `row` is better than `col` (by `higher`), ▼ when worse, nothing when equal or unknown.
fn arrow(row: f64, col: f64, higher: bool) -> &'static str {
    let d = if higher { row - col } else { col - row };
    if d > 0.0 {
        " ▲"
    } else if d < 0.0 {
        " ▼"
    } else {
        ""
    }
}

/// Darkness in [0, 1] of a p-value: −log10(p) / 3, so 1 → 0, 0.1 → 1/3, 0.01 → 2/3, ≤ 0.001 → 1.
fn shade(p: f64) -> f64 {
    (-(p.clamp(1e-300, 1.0)).log10() / 3.0).clamp(0.0, 1.0)
}

fn fill(t: f64) -> RGBColor {
    let c = (255.0 - 215.0 * t) as u8;
    RGBColor(c, (255.0 - 150.0 * t) as u8, 255)
}

/// A p-value as printed in a cell.
fn text(p: f64) -> String {
    if p < 0.001 {
        "<0.001".into()
    } else {
        format!("{p:.3}")
    }
}

impl Heat<'_> {
    /// Row `i`: the method's name on the diagonal, then a cell per column `j < i` (colour by
    /// p, the p-value and the arrow of the better method). `(left, top)`: the grid's corner.
    fn draw_row<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        px: Px,
        i: usize,
        (left, top, cell): (i32, i32, i32),
    ) -> Result<(), PlotError> {
        // the diagonal names the method (rows and columns alike); the empty upper
        // triangle leaves room for long names
        let (x, y) = (left + i as i32 * cell, top + i as i32 * cell);
        root.draw(&Text::new(
            self.labels[i].clone(),
            (x + px.i(4), y + cell / 2 - px.i(8)),
            ("sans-serif", px.i(15)).into_font().style(FontStyle::Bold),
        ))
        .map_err(e)?;
        for j in 0..i {
            let (x, y) = (left + j as i32 * cell, top + i as i32 * cell);
            let dir = match (self.means.get(i), self.means.get(j)) {
                (Some(&r), Some(&c)) => arrow(r, c, self.higher),
                _ => "",
            };
            let (colour, txt, dark) = match &self.matrix[i][j] {
                PValue::Value(v) => {
                    let t = shade(*v);
                    (fill(t), format!("{}{dir}", text(*v)), t > 0.55)
                }
                PValue::NotAvailable(_) => (RGBColor(230, 230, 230), "n/a".into(), false),
            };
            root.draw(&Rectangle::new(
                [(x, y), (x + cell - px.i(2), y + cell - px.i(2))],
                colour.filled(),
            ))
            .map_err(e)?;
            let ink = if dark { WHITE } else { BLACK };
            let font = ("sans-serif", px.i(14)).into_font().color(&ink);
            let at = (x + cell / 2 - px.i(28), y + cell / 2 - px.i(7));
            root.draw(&Text::new(txt, at, font)).map_err(e)?;
        }
        Ok(())
    }
}

/// The colour bar at `(bx, by)`, `bh` high: p from 1 (top) to 0.001 (bottom), log scale,
/// with its ticks, its title and what the arrows mean under it.
fn draw_bar<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    px: Px,
    (bx, by, bh): (i32, i32, i32),
) -> Result<(), PlotError> {
    for s in 0..bh {
        let t = s as f64 / (bh - 1).max(1) as f64;
        root.draw(&Rectangle::new(
            [(bx, by + s), (bx + px.i(18), by + s + 1)],
            fill(t).filled(),
        ))
        .map_err(e)?;
    }
    for (p, label) in [(1.0, "1"), (0.1, "0.1"), (0.01, "0.01"), (0.001, "≤0.001")] {
        let y = by + (shade(p) * (bh - 1) as f64) as i32;
        let tick = vec![(bx + px.i(18), y), (bx + px.i(23), y)];
        root.draw(&PathElement::new(tick, BLACK.stroke_width(px.u(1))))
            .map_err(e)?;
        let at = (bx + px.i(26), y - px.i(7));
        root.draw(&Text::new(label, at, ("sans-serif", px.i(13))))
            .map_err(e)?;
    }
    let at = (bx + px.i(4), by - px.i(18));
    root.draw(&Text::new("p", at, ("sans-serif", px.i(14))))
        .map_err(e)?;
    // what the arrows mean, under the bar
    for (n, line) in ["▲ row better", "▼ column better"].iter().enumerate() {
        let at = (bx - px.i(6), by + bh + px.i(8) + px.i(16) * n as i32);
        root.draw(&Text::new(*line, at, ("sans-serif", px.i(12))))
            .map_err(e)?;
    }
    Ok(())
}

/// The title's font size in pixels: 22 (at scale 1) when the title fits the figure's width,
/// else the largest size down to 11 at which it fits (long correction-family names), so that
/// a title is never clipped at the edges.
pub(super) fn title_size<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    px: Px,
) -> Result<i32, PlotError> {
    let width = root.dim_in_pixel().0.saturating_sub(px.u(8));
    let mut size = px.i(22);
    while size > px.i(11) {
        let (w, _) = root
            .estimate_text_size(title, &("sans-serif", size).into_text_style(root))
            .map_err(e)?;
        if w <= width {
            break;
        }
        size -= 1;
    }
    Ok(size)
}

impl Figure for Heat<'_> {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        px: Px,
    ) -> Result<(), PlotError> {
        let k = self.labels.len();
        // plotters pads a title by at most 5 px, which clips tall glyphs at 2×: pad it here
        let root = root.margin(px.i(6), 0, 0, 0);
        let size = title_size(&root, &self.title, px)?;
        let root = root.titled(&self.title, ("sans-serif", size)).map_err(e)?;
        let (w, h) = root.dim_in_pixel();
        let left = px.i(10);
        let top = px.i(10);
        let bar = px.i(120);
        let cell = (((w as i32 - left - bar - px.i(10)) / k.max(1) as i32)
            .min((h as i32 - top - px.i(10)) / k.max(1) as i32))
        .max(px.i(10));
        for i in 0..k {
            self.draw_row(&root, px, i, (left, top, cell))?;
        }
        let bar_at = (
            w as i32 - bar + px.i(10),
            top + px.i(10),
            (h as i32 - top - px.i(80)).max(px.i(40)),
        );
        draw_bar(&root, px, bar_at)
    }
}

/// Heatmap of a p-value matrix; `means` (one per label) and `higher` give each cell's arrow.
pub fn pvalue_heatmap(
    title: String,
    labels: &[String],
    matrix: &[Vec<PValue>],
    means: &[f64],
    higher: bool,
) -> Result<Rendered, PlotError> {
    let k = labels.len().max(1) as u32;
    let side = 60 + 110 * k;
    render(
        &Heat {
            title,
            labels,
            matrix,
            means,
            higher,
        },
        side + 230,
        side,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_shading_and_small_p_text() {
        assert_eq!(shade(1.0), 0.0);
        assert!((shade(0.1) - 1.0 / 3.0).abs() < 1e-12);
        assert!((shade(0.018) - 0.5816).abs() < 1e-3); // no longer looks like 1e-5
        assert_eq!(shade(1e-5), 1.0);
        assert_eq!(text(0.0004), "<0.001");
        assert_eq!(text(0.018), "0.018");
        // accuracy (higher is better): row 0.9 vs column 0.8 is better; a loss the other way
        assert_eq!(arrow(0.9, 0.8, true), " ▲");
        assert_eq!(arrow(0.9, 0.8, false), " ▼");
        assert_eq!(arrow(0.5, 0.5, true), "");
    }
}
