//! Grouped bars: the fraction of each method's selected samples in each class.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::error::{e, PlotError};
use super::palette::color;
use super::render::{render, Figure, Px, Rendered};

struct Hist<'a> {
    fractions: &'a [(String, Vec<f64>)],
    names: &'a [String],
}

impl Figure for Hist<'_> {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        px: Px,
    ) -> Result<(), PlotError> {
        let k = self.fractions.first().map_or(1, |f| f.1.len()).max(1);
        let m = self.fractions.len().max(1);
        let top = self
            .fractions
            .iter()
            .flat_map(|f| f.1.iter())
            .fold(0.0f64, |a, &b| a.max(b))
            .max(0.01);
        let mut chart = ChartBuilder::on(root)
            .caption(
                "Classes of the selected samples (rounds ≥ 1, all repeats)",
                ("sans-serif", px.i(20)),
            )
            .margin(px.i(12))
            .x_label_area_size(px.i(40))
            .y_label_area_size(px.i(60))
            .build_cartesian_2d(-0.5f64..(k as f64 - 0.5), 0.0..top * 1.1)
            .map_err(e)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(k)
            .x_label_formatter(&|x: &f64| {
                if (x - x.round()).abs() < 1e-6 {
                    let i = x.round() as i64;
                    usize::try_from(i)
                        .ok()
                        .and_then(|i| self.names.get(i))
                        .cloned()
                        .unwrap_or_else(|| i.to_string())
                } else {
                    String::new()
                }
            })
            .x_desc("class")
            .y_desc("fraction of selected")
            .label_style(("sans-serif", px.i(14)))
            .axis_desc_style(("sans-serif", px.i(14)))
            .draw()
            .map_err(e)?;
        let w = 0.8 / m as f64;
        for (j, (label, f)) in self.fractions.iter().enumerate() {
            let col = color(j);
            chart
                .draw_series(f.iter().enumerate().map(|(c, &v)| {
                    let x0 = c as f64 - 0.4 + j as f64 * w;
                    Rectangle::new([(x0, 0.0), (x0 + w, v)], col.filled())
                }))
                .map_err(e)?
                .label(label.clone())
                .legend(move |(x, y)| {
                    let (a, b) = (px.i(5), px.i(12));
                    Rectangle::new([(x, y - a), (x + b, y + a)], col.filled())
                });
        }
        chart
            .configure_series_labels()
            .label_font(("sans-serif", px.i(14)))
            .legend_area_size(px.i(30))
            .margin(px.i(10))
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .position(SeriesLabelPosition::UpperRight)
            .draw()
            .map_err(e)?;
        Ok(())
    }
}

/// Histogram of selected classes per method; x ticks show `names[class]` when given, else
/// the class id.
pub fn class_histogram(
    fractions: &[(String, Vec<f64>)],
    names: &[String],
) -> Result<Rendered, PlotError> {
    render(&Hist { fractions, names }, 900, 480)
}
