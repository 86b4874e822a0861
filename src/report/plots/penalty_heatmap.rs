//! Ash et al.'s (2020) pairwise penalty matrix as a heatmap: row `i`, column `j` holds the
//! share of rounds (summed over settings) at which method `i` is significantly better than
//! method `j`; a last row holds each column's mean over the other methods (how often a method
//! loses). Colour from white (0) to red (`max`, the largest entry possible: the number of
//! settings), each value printed with two decimals; the diagonal is grey and empty.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::error::{e, PlotError};
use super::heatmap::title_size;
use super::render::{render, Figure, Px, Rendered};

struct Penalty<'a> {
    title: String,
    labels: &'a [String],
    /// `[row][column]`, `labels.len()` square.
    matrix: &'a [Vec<f64>],
    /// Per column: the mean over the other rows.
    column_means: &'a [f64],
    /// The value drawn darkest (> 0).
    max: f64,
}

/// White at 0 to a dark red at 1 (`t` clamped to [0, 1]).
fn fill(t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    RGBColor(
        (255.0 - 75.0 * t) as u8,
        (255.0 - 225.0 * t) as u8,
        (255.0 - 215.0 * t) as u8,
    )
}

/// A cell's text: the value with two decimals.
fn text(v: f64) -> String {
    format!("{v:.2}")
}

/// The largest font size (≤ `size`, ≥ 8 px at scale 1) at which `s` is at most `width` wide.
fn fit<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    s: &str,
    size: i32,
    width: i32,
    px: Px,
) -> Result<i32, PlotError> {
    let mut size = size;
    while size > px.i(8) {
        let style = ("sans-serif", size).into_text_style(root);
        let (w, _) = root.estimate_text_size(s, &style).map_err(e)?;
        if w as i32 <= width {
            break;
        }
        size -= 1;
    }
    Ok(size)
}

impl Penalty<'_> {
    /// One cell at grid position `(row, col)` with value `v` (`None`: the grey diagonal).
    fn cell<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        px: Px,
        (x, y, cell): (i32, i32, i32),
        v: Option<f64>,
    ) -> Result<(), PlotError> {
        let colour = v.map_or(RGBColor(225, 225, 225), |v| fill(v / self.max));
        let corner = (x + cell - px.i(2), y + cell - px.i(2));
        root.draw(&Rectangle::new([(x, y), corner], colour.filled()))
            .map_err(e)?;
        let edge = RGBColor(210, 210, 210).stroke_width(px.u(1));
        root.draw(&Rectangle::new([(x, y), corner], edge))
            .map_err(e)?;
        if let Some(v) = v {
            let ink = if v / self.max > 0.55 { WHITE } else { BLACK };
            let font = ("sans-serif", px.i(14)).into_font().color(&ink);
            let at = (x + cell / 2 - px.i(15), y + cell / 2 - px.i(8));
            root.draw(&Text::new(text(v), at, font)).map_err(e)?;
        }
        Ok(())
    }

    /// Row names left of `left`, column names above `top`, every cell and the means row.
    fn grid<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        px: Px,
        (left, top, cell): (i32, i32, i32),
    ) -> Result<(), PlotError> {
        let k = self.labels.len();
        for (j, name) in self.labels.iter().enumerate() {
            let size = fit(root, name, px.i(13), cell - px.i(4), px)?;
            let at = (left + j as i32 * cell + px.i(2), top - px.i(20));
            root.draw(&Text::new(name.clone(), at, ("sans-serif", size)))
                .map_err(e)?;
        }
        let bold = |s: i32| ("sans-serif", s).into_font().style(FontStyle::Bold);
        for i in 0..=k {
            let y = top + i as i32 * cell + if i == k { px.i(8) } else { 0 };
            let name = self.labels.get(i).map_or("column mean", String::as_str);
            let size = fit(root, name, px.i(14), left - px.i(14), px)?;
            let at = (px.i(8), y + cell / 2 - px.i(8));
            root.draw(&Text::new(name.to_string(), at, bold(size)))
                .map_err(e)?;
            for j in 0..k {
                let v = match self.matrix.get(i) {
                    Some(row) => (i != j).then(|| row[j]),
                    None => self.column_means.get(j).copied(),
                };
                self.cell(root, px, (left + j as i32 * cell, y, cell), v)?;
            }
        }
        Ok(())
    }
}

/// The colour bar at `(bx, by)`, `bh` high: 0 at the top to `max` at the bottom.
fn draw_bar<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    px: Px,
    (bx, by, bh): (i32, i32, i32),
    max: f64,
) -> Result<(), PlotError> {
    for s in 0..bh {
        let t = s as f64 / (bh - 1).max(1) as f64;
        let strip = [(bx, by + s), (bx + px.i(18), by + s + 1)];
        root.draw(&Rectangle::new(strip, fill(t).filled()))
            .map_err(e)?;
    }
    // one decimal at most, so that the cells' two-decimal values are the figure's only such
    for t in [0.0, 0.5, 1.0] {
        let y = by + (t * (bh - 1) as f64) as i32;
        let tick = vec![(bx + px.i(18), y), (bx + px.i(23), y)];
        root.draw(&PathElement::new(tick, BLACK.stroke_width(px.u(1))))
            .map_err(e)?;
        let at = (bx + px.i(26), y - px.i(7));
        let label = format!("{}", (t * max * 10.0).round() / 10.0);
        root.draw(&Text::new(label, at, ("sans-serif", px.i(13))))
            .map_err(e)?;
    }
    let at = (bx - px.i(6), by + bh + px.i(8));
    root.draw(&Text::new("row beats column", at, ("sans-serif", px.i(12))))
        .map_err(e)
}

impl Figure for Penalty<'_> {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        px: Px,
    ) -> Result<(), PlotError> {
        let k = self.labels.len().max(1) as i32;
        let root = root.margin(px.i(6), 0, 0, 0);
        let size = title_size(&root, &self.title, px)?;
        let root = root.titled(&self.title, ("sans-serif", size)).map_err(e)?;
        let (w, h) = root.dim_in_pixel();
        let (left, top, bar) = (px.i(130), px.i(34), px.i(130));
        let cell = ((w as i32 - left - bar) / k)
            .min((h as i32 - top - px.i(20)) / (k + 1))
            .max(px.i(10));
        self.grid(&root, px, (left, top, cell))?;
        let bar_at = (w as i32 - bar + px.i(20), top, (cell * k).max(px.i(40)));
        draw_bar(&root, px, bar_at, self.max)
    }
}

/// Heatmap of a penalty matrix (`labels.len()` square) with its column means; `max` is the
/// value drawn darkest (the number of settings summed over; values above it saturate).
pub fn penalty_heatmap(
    title: String,
    labels: &[String],
    matrix: &[Vec<f64>],
    column_means: &[f64],
    max: f64,
) -> Result<Rendered, PlotError> {
    let k = labels.len().max(1) as u32;
    render(
        &Penalty {
            title,
            labels,
            matrix,
            column_means,
            max: if max > 0.0 { max } else { 1.0 },
        },
        130 + 80 * k + 140,
        70 + 80 * (k + 1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_scale_and_text() {
        assert_eq!(fill(0.0), RGBColor(255, 255, 255));
        assert_eq!(fill(1.0), RGBColor(180, 30, 40));
        assert_eq!(fill(2.0), fill(1.0)); // saturates above max
        assert_eq!(text(0.5), "0.50");
        assert_eq!(text(1.0 / 3.0), "0.33");
    }

    #[test]
    fn every_off_diagonal_value_and_mean_is_printed_in_order() {
        // 3 methods: a beats b at ½ the rounds and c at all; b beats c at ¼.
        let labels: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let m = vec![
            vec![0.0, 0.5, 1.0],
            vec![0.0, 0.0, 0.25],
            vec![0.0, 0.0, 0.0],
        ];
        // column means over the other rows: (0+0)/2, (0.5+0)/2, (1+0.25)/2
        let means = [0.0, 0.25, 0.625];
        let r = penalty_heatmap("t".into(), &labels, &m, &means, 1.0).unwrap();
        let texts: Vec<&str> = r
            .svg
            .split("</text>")
            .filter_map(|s| s.rsplit_once('>').map(|(_, t)| t.trim()))
            .filter(|t| t.len() == 4 && t.as_bytes()[1] == b'.')
            .collect();
        let want: Vec<String> = [0.5, 1.0, 0.0, 0.25, 0.0, 0.0, 0.0, 0.25, 0.625]
            .iter()
            .map(|v| format!("{v:.2}"))
            .collect();
        assert_eq!(texts, want);
        assert_eq!(&r.png[..4], b"\x89PNG");
    }
}
