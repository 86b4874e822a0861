//! Per-run AUC as a strip plot per method, with the mean as a bar.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::palette::color;
use super::render::{e, render, Figure, Px, Rendered};

struct Strip<'a> {
    title: String,
    labels: &'a [String],
    runs: &'a [(String, u32, f64)],
}

impl Figure for Strip<'_> {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        px: Px,
    ) -> Result<(), String> {
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
            .x_label_area_size(px.i(50))
            .y_label_area_size(px.i(70))
            .build_cartesian_2d(-0.5f64..(k as f64 - 0.5), (lo - pad)..(hi + pad))
            .map_err(e)?;
        let labels = self.labels.to_vec();
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(k)
            .x_label_formatter(&move |x: &f64| {
                let i = x.round();
                if (x - i).abs() < 1e-6 && i >= 0.0 {
                    labels.get(i as usize).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .y_desc("AUC per run")
            .label_style(("sans-serif", px.i(14)))
            .axis_desc_style(("sans-serif", px.i(14)))
            .draw()
            .map_err(e)?;
        for (i, l) in self.labels.iter().enumerate() {
            let col = color(i);
            let mine: Vec<&(String, u32, f64)> = self.runs.iter().filter(|r| &r.0 == l).collect();
            let n = mine.len().max(1) as f64;
            chart
                .draw_series(mine.iter().enumerate().map(|(j, r)| {
                    let jitter = (j as f64 / n - 0.5) * 0.3;
                    Circle::new((i as f64 + jitter, r.2), px.u(5), col.filled())
                }))
                .map_err(e)?;
            if !mine.is_empty() {
                let mean = mine.iter().map(|r| r.2).sum::<f64>() / mine.len() as f64;
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(i as f64 - 0.3, mean), (i as f64 + 0.3, mean)],
                        BLACK.stroke_width(px.u(2)),
                    )))
                    .map_err(e)?;
            }
        }
        Ok(())
    }
}

/// Strip plot of per-run AUCs (`runs`: label, repeat, auc).
pub fn auc_strip(
    title: String,
    labels: &[String],
    runs: &[(String, u32, f64)],
) -> Result<Rendered, String> {
    render(
        &Strip {
            title,
            labels,
            runs,
        },
        900,
        480,
    )
}
