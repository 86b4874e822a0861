//! Per-run AUC as a horizontal strip plot: one row per method (names on the y axis, so long
//! names never collide), one dot per run, the mean as a bar.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::error::{e, PlotError};
use super::palette::color;
use super::render::{render, Figure, Px, Rendered};

struct Strip<'a> {
    title: String,
    labels: &'a [String],
    runs: &'a [(String, u32, f64)],
    /// Width of the y label area at 1×, from the longest name.
    label_width: i32,
}

/// Row of method `i` of `k` on the y axis: the first method on top.
fn row(i: usize, k: usize) -> f64 {
    (k - 1 - i) as f64
}

impl Figure for Strip<'_> {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        px: Px,
    ) -> Result<(), PlotError> {
        let vals: Vec<f64> = self.runs.iter().map(|r| r.2).collect();
        let (mut lo, mut hi) = vals
            .iter()
            .fold((f64::MAX, f64::MIN), |(a, b), &v| (a.min(v), b.max(v)));
        if lo > hi {
            (lo, hi) = (0.0, 1.0);
        }
        let pad = ((hi - lo) * 0.1).max(1e-4);
        let k = self.labels.len().max(1);
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, ("sans-serif", px.i(22)))
            .margin(px.i(12))
            .margin_right(px.i(30))
            .x_label_area_size(px.i(50))
            .y_label_area_size(px.i(self.label_width))
            .build_cartesian_2d((lo - pad)..(hi + pad), -0.5f64..(k as f64 - 0.5))
            .map_err(e)?;
        let labels = self.labels.to_vec();
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(k)
            .y_label_formatter(&move |y: &f64| {
                let r = y.round();
                if (y - r).abs() < 1e-6 && r >= 0.0 && (r as usize) < labels.len() {
                    labels[labels.len() - 1 - r as usize].clone()
                } else {
                    String::new()
                }
            })
            .x_desc("AUC per run (bar: mean)")
            .label_style(("sans-serif", px.i(14)))
            .axis_desc_style(("sans-serif", px.i(14)))
            .draw()
            .map_err(e)?;
        for (i, l) in self.labels.iter().enumerate() {
            let col = color(i);
            let y = row(i, k);
            let mine: Vec<&(String, u32, f64)> = self.runs.iter().filter(|r| &r.0 == l).collect();
            let n = mine.len().max(1) as f64;
            chart
                .draw_series(mine.iter().enumerate().map(|(j, r)| {
                    let jitter = (j as f64 / n - 0.5) * 0.3;
                    Circle::new((r.2, y + jitter), px.u(5), col.filled())
                }))
                .map_err(e)?;
            if !mine.is_empty() {
                let mean = mine.iter().map(|r| r.2).sum::<f64>() / mine.len() as f64;
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(mean, y - 0.3), (mean, y + 0.3)],
                        BLACK.stroke_width(px.u(2)),
                    )))
                    .map_err(e)?;
            }
        }
        Ok(())
    }
}

/// Strip plot of per-run AUCs (`runs`: label, repeat, auc): 900 px wide at 1×, 60 px per
/// method.
pub fn auc_strip(
    title: String,
    labels: &[String],
    runs: &[(String, u32, f64)],
) -> Result<Rendered, PlotError> {
    let longest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0) as i32;
    let label_width = (longest * 15 / 2 + 24).clamp(60, 360);
    let h = 120 + 60 * labels.len().max(1) as u32;
    render(
        &Strip {
            title,
            labels,
            runs,
            label_width,
        },
        900,
        h,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_method_is_the_top_row() {
        assert_eq!(row(0, 3), 2.0);
        assert_eq!(row(2, 3), 0.0);
    }
}
