//! Pairwise p-value matrix as a heatmap (darker = smaller p), values printed in cells.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::render::{e, render, Figure, Rendered};
use crate::stats::PValue;

struct Heat<'a> {
    title: String,
    labels: &'a [String],
    matrix: &'a [Vec<PValue>],
}

impl Figure for Heat<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let k = self.labels.len();
        let root = root.titled(&self.title, ("sans-serif", 22)).map_err(e)?;
        let (w, h) = root.dim_in_pixel();
        let left = 180i32;
        let top = 10i32;
        let cell = (((w as i32 - left - 10) / k.max(1) as i32)
            .min((h as i32 - top - 30) / k.max(1) as i32))
        .max(10);
        for (i, row) in self.matrix.iter().enumerate() {
            root.draw(&Text::new(
                self.labels[i].clone(),
                (5, top + i as i32 * cell + cell / 2 - 7),
                ("sans-serif", 14),
            ))
            .map_err(e)?;
            for (j, p) in row.iter().enumerate() {
                let (x, y) = (left + j as i32 * cell, top + i as i32 * cell);
                let (fill, txt, dark) = match p {
                    PValue::Value(v) => {
                        let t = (1.0 - v.clamp(0.0, 1.0)).powi(3);
                        let c = (255.0 - 200.0 * t) as u8;
                        (RGBColor(c, c, 255), format!("{v:.3}"), t > 0.5)
                    }
                    PValue::NotAvailable(_) => (RGBColor(230, 230, 230), "n/a".to_string(), false),
                };
                root.draw(&Rectangle::new(
                    [(x, y), (x + cell - 2, y + cell - 2)],
                    fill.filled(),
                ))
                .map_err(e)?;
                let ink = if dark { WHITE } else { BLACK };
                let font = ("sans-serif", 13).into_font().color(&ink);
                root.draw(&Text::new(txt, (x + cell / 2 - 18, y + cell / 2 - 7), font))
                    .map_err(e)?;
            }
        }
        for (j, l) in self.labels.iter().enumerate() {
            let short: String = l.chars().take(14).collect();
            root.draw(&Text::new(
                short,
                (left + j as i32 * cell + 2, top + k as i32 * cell + 6),
                ("sans-serif", 12),
            ))
            .map_err(e)?;
        }
        Ok(())
    }
}

/// Heatmap of a p-value matrix.
pub fn pvalue_heatmap(
    title: String,
    labels: &[String],
    matrix: &[Vec<PValue>],
) -> Result<Rendered, String> {
    let k = labels.len().max(1) as u32;
    let side = 200 + 90 * k;
    render(
        &Heat {
            title,
            labels,
            matrix,
        },
        side + 60,
        side,
    )
}
