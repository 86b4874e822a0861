//! Learning curves: mean per round against mean x, with ±1 std shaded bands, one colour and
//! one marker per method (colour-blind-safe, distinct in greyscale), and the legend (with the
//! number of runs) in its own column right of the plot, so it never hides a curve (thesis
//! Figure 3.3).

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;

use super::axis::{axis_label, is_count, tick};
use super::error::{e, PlotError};
use super::palette::{color, dash, MARKERS};
use super::render::{render, Figure, Px, Rendered};
use crate::report::curve::Curve;

/// What to draw.
pub struct CurveSpec<'a> {
    /// Title.
    pub title: String,
    /// x column (`n_labeled`, `round`, …): its axis label and tick style come from
    /// [`super::axis_label`] and [`super::is_count`].
    pub x_label: String,
    /// y column (a metric, `epochs`, or a free text label).
    pub y_label: String,
    /// Curves (label, points); `runs[i]` is the number of runs of curve i.
    pub curves: &'a [Curve],
    /// Runs per curve, for the legend.
    pub runs: Vec<usize>,
    /// What the shaded band shows.
    pub band: crate::report::Band,
}

/// The chart of the curves: f64 × f64 coordinates.
type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

impl CurveSpec<'_> {
    /// The axes' ranges: x over the points, y over the points and their bands with 5 %
    /// padding (a flat curve gets an axis around it).
    fn ranges(&self) -> (std::ops::Range<f64>, std::ops::Range<f64>) {
        let pts = self.curves.iter().flat_map(|c| c.points.iter());
        let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for p in pts {
            let s = self.band.half_width(p);
            x0 = x0.min(p.x);
            x1 = x1.max(p.x);
            y0 = y0.min(p.mean - s);
            y1 = y1.max(p.mean + s);
        }
        if x0 > x1 {
            (x0, x1, y0, y1) = (0.0, 1.0, 0.0, 1.0);
        }
        if x1 - x0 < 1e-9 {
            x1 = x0 + 1.0;
        }
        let pad = if y1 - y0 < 1e-9 {
            // a flat curve (e.g. every round trained the same epochs): an axis around it
            if is_count(&self.y_label) {
                1.0
            } else {
                (y0.abs() * 0.05).max(1e-3)
            }
        } else {
            (y1 - y0) * 0.05
        };
        (x0..x1, (y0 - pad)..(y1 + pad))
    }

    /// Curve `i`'s band and line (dashed for some curves).
    fn draw_line<DB: DrawingBackend>(
        &self,
        chart: &mut Chart<'_, DB>,
        i: usize,
        px: Px,
    ) -> Result<(), PlotError> {
        let (c, col) = (&self.curves[i], color(i));
        let band: Vec<(f64, f64)> = c
            .points
            .iter()
            .map(|p| (p.x, p.mean + self.band.half_width(p)))
            .chain(
                c.points
                    .iter()
                    .rev()
                    .map(|p| (p.x, p.mean - self.band.half_width(p))),
            )
            .collect();
        chart
            .draw_series(std::iter::once(Polygon::new(band, col.mix(0.18))))
            .map_err(e)?;
        let line = c.points.iter().map(|p| (p.x, p.mean));
        match dash(i) {
            None => chart
                .draw_series(LineSeries::new(line, col.stroke_width(px.u(2))))
                .map_err(e)?,
            Some((on, off)) => chart
                .draw_series(DashedLineSeries::new(
                    line,
                    px.u(on),
                    px.u(off),
                    col.stroke_width(px.u(2)),
                ))
                .map_err(e)?,
        };
        Ok(())
    }

    /// Curve `i`'s markers (one shape per method) on its points, and its legend row: the
    /// label with its runs, a line sample with the marker.
    fn draw_marks<DB: DrawingBackend>(
        &self,
        chart: &mut Chart<'_, DB>,
        legend: &DrawingArea<DB, Shift>,
        i: usize,
        px: Px,
    ) -> Result<(), PlotError> {
        let (c, col) = (&self.curves[i], color(i));
        let n = self.runs.get(i).copied().unwrap_or(0);
        let pts = c.points.iter().map(|p| (p.x, p.mean));
        let label = format!("{} ({n} runs)", c.label);
        let fill = col.filled();
        // the legend row of this curve, in the column right of the plot
        let row = (px.i(16), px.i(LEGEND_TOP) + px.i(LEGEND_ROW) * i as i32);
        legend
            .draw(&Text::new(
                label,
                (row.0 + px.i(40), row.1 - px.i(8)),
                ("sans-serif", px.i(14)),
            ))
            .map_err(e)?;
        // one marker shape per method, on the points and in the legend
        macro_rules! marked {
            ($shape:expr) => {{
                let shape = $shape;
                chart
                    .draw_series(pts.map(|xy| EmptyElement::at(xy) + shape(0)))
                    .map_err(e)?;
                let sample = vec![(0, 0), (px.i(30), 0)];
                let stroke = col.stroke_width(px.u(3));
                match dash(i) {
                    None => legend.draw(
                        &(EmptyElement::at(row)
                            + PathElement::new(sample, stroke)
                            + shape(px.i(15))),
                    ),
                    Some((on, off)) => legend.draw(
                        &(EmptyElement::at(row)
                            + DashedPathElement::new(
                                sample.into_iter(),
                                px.u(on),
                                px.u(off),
                                stroke,
                            )
                            + shape(px.i(15))),
                    ),
                }
                .map_err(e)?;
            }};
        }
        match i % MARKERS {
            0 => marked!(move |o: i32| Circle::new((o, 0), px.u(4), fill)),
            1 => marked!(move |o: i32| {
                let a = px.i(4);
                Rectangle::new([(o - a, -a), (o + a, a)], fill)
            }),
            2 => marked!(move |o: i32| {
                let (a, b) = (px.i(5), px.i(4));
                Polygon::new(vec![(o, -a), (o + a, b), (o - a, b)], fill)
            }),
            3 => marked!(move |o: i32| {
                let a = px.i(5);
                Polygon::new(vec![(o, -a), (o + a, 0), (o, a), (o - a, 0)], fill)
            }),
            _ => marked!(move |o: i32| {
                let a = px.i(4);
                PathElement::new(
                    vec![(o - a, -a), (o + a, a), (o, 0), (o - a, a), (o + a, -a)],
                    col.stroke_width(px.u(2)),
                )
            }),
        }
        Ok(())
    }
}

impl Figure for CurveSpec<'_> {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        px: Px,
    ) -> Result<(), PlotError> {
        let (xs, ys) = self.ranges();
        let (root, legend) = root.split_horizontally(px.i(PLOT_WIDTH as i32));
        let mut chart = ChartBuilder::on(&root)
            .caption(&self.title, ("sans-serif", px.i(22)))
            .margin(px.i(12))
            .margin_right(px.i(36))
            .x_label_area_size(px.i(40))
            .y_label_area_size(px.i(60))
            .build_cartesian_2d(xs, ys)
            .map_err(e)?;
        chart
            .configure_mesh()
            .x_desc(axis_label(&self.x_label))
            .y_desc(axis_label(&self.y_label))
            .x_label_formatter(&|v| tick(*v, is_count(&self.x_label)))
            .y_label_formatter(&|v| tick(*v, is_count(&self.y_label)))
            .label_style(("sans-serif", px.i(14)))
            .axis_desc_style(("sans-serif", px.i(14)))
            .draw()
            .map_err(e)?;
        for i in 0..self.curves.len() {
            self.draw_line(&mut chart, i, px)?;
            self.draw_marks(&mut chart, &legend, i, px)?;
        }
        Ok(())
    }
}

/// Width of the plot (axes, title), pixels at 1×; the legend column comes on its right.
const PLOT_WIDTH: u32 = 820;
/// y of the first legend row, pixels at 1×.
const LEGEND_TOP: i32 = 60;
/// Distance between legend rows, pixels at 1×.
const LEGEND_ROW: i32 = 26;

/// Width of the legend column for `spec`'s labels, pixels at 1×: about 7.5 px per character
/// of the longest "label (n runs)" at 14 px, plus the marker sample; 160..=480.
fn legend_width(spec: &CurveSpec<'_>) -> u32 {
    let longest = spec
        .curves
        .iter()
        .zip(spec.runs.iter().chain(std::iter::repeat(&0)))
        .map(|(c, n)| format!("{} ({n} runs)", c.label).chars().count())
        .max()
        .unwrap_or(0) as u32;
    (longest * 15 / 2 + 70).clamp(160, 480)
}

/// Render learning curves: the plot, 820 × 560 at 1×, and the legend column beside it (taller
/// when many methods need more rows).
pub fn curves(spec: &CurveSpec<'_>) -> Result<Rendered, PlotError> {
    let rows = spec.curves.len() as u32;
    let h = 560.max(LEGEND_TOP as u32 + LEGEND_ROW as u32 * rows + 20);
    render(spec, PLOT_WIDTH + legend_width(spec), h)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::analysis::CurvePoint;

    fn curve(label: &str, shift: f64) -> Curve {
        Curve {
            label: label.into(),
            points: (0..4)
                .map(|r| CurvePoint {
                    round: r,
                    x: 100.0 * f64::from(r + 1),
                    mean: 0.5 + 0.1 * f64::from(r) + shift,
                    std: 0.01,
                    n: 3,
                    sem: 0.01 / 3f64.sqrt(),
                })
                .collect(),
        }
    }

    /// Stroked segments of `hex` (an SVG colour) in `svg`.
    fn strokes(svg: &str, hex: &str) -> usize {
        svg.lines()
            .filter(|l| (l.contains("<polyline") || l.contains("<line")) && l.contains(hex))
            .count()
    }

    #[test]
    fn each_method_has_its_own_line_style() {
        let cs = [curve("a", 0.0), curve("b", 0.05), curve("c", 0.1)];
        let spec = CurveSpec {
            title: "t".into(),
            x_label: "n_labeled".into(),
            y_label: "test_accuracy".into(),
            curves: &cs,
            runs: vec![3, 3, 3],
            band: crate::report::Band::Std,
        };
        let svg = curves(&spec).unwrap().svg;
        // method 0 is solid: one line through its points, one legend sample
        assert_eq!(strokes(&svg, "#0072B2"), 2, "{svg}");
        // methods 1 and 2 are dashed, with different patterns: many short segments each,
        // and more of them for the shorter dots of method 2
        let (dashed, dotted) = (strokes(&svg, "#D55E00"), strokes(&svg, "#009E73"));
        assert!(dashed > 10 && dotted > dashed, "{dashed} {dotted}");
        assert_eq!((dash(0), dash(4)), (None, None), "the styles cycle");
    }
}
