//! Rendering a figure to SVG text and PNG bytes.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::error::{e, PlotError};
use super::font;

/// The pixel scale of a drawing: every size a figure states in pixels (fonts, margins, marker
/// radii, stroke widths) goes through it, so the PNG can be drawn at 2× the SVG's size with the
/// same layout.
#[derive(Clone, Copy, Debug)]
pub struct Px(pub f64);

impl Px {
    /// `v` pixels at this scale.
    pub fn i(self, v: i32) -> i32 {
        (f64::from(v) * self.0).round() as i32
    }

    /// `v` pixels at this scale (unsigned sizes: stroke widths, radii, areas).
    pub fn u(self, v: u32) -> u32 {
        (f64::from(v) * self.0).round() as u32
    }
}

/// A figure: draws itself on any backend.
pub trait Figure {
    /// Draw on `root` (already sized), with pixel sizes scaled by `px`.
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        px: Px,
    ) -> Result<(), PlotError>;
}

/// The PNG's resolution relative to the SVG's (print, HiDPI screens).
pub const PNG_SCALE: u32 = 2;

/// A rendered figure.
pub struct Rendered {
    /// SVG document.
    pub svg: String,
    /// PNG file bytes.
    pub png: Vec<u8>,
}

/// Render `fig` as an SVG of `w × h` and a PNG of `PNG_SCALE` times that, drawn at that scale
/// (not resampled).
pub fn render(fig: &impl Figure, w: u32, h: u32) -> Result<Rendered, PlotError> {
    font::ensure();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(e)?;
        fig.draw(&root, Px(1.0))?;
        root.present().map_err(e)?;
    }
    let (w, h) = (w * PNG_SCALE, h * PNG_SCALE);
    let mut rgb = vec![0u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(e)?;
        fig.draw(&root, Px(f64::from(PNG_SCALE)))?;
        root.present().map_err(e)?;
    }
    let img = image::RgbImage::from_raw(w, h, rgb).ok_or(PlotError::BitmapSize)?;
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)?;
    Ok(Rendered { svg, png })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A square of 10 px at the figure's scale, at (5, 5).
    struct Square;

    impl Figure for Square {
        fn draw<DB: DrawingBackend>(
            &self,
            root: &DrawingArea<DB, Shift>,
            px: Px,
        ) -> Result<(), PlotError> {
            let (a, b) = (px.i(5), px.i(15));
            root.draw(&Rectangle::new([(a, a), (b, b)], BLACK.filled()))
                .map_err(e)
        }
    }

    #[test]
    fn the_png_is_drawn_at_twice_the_svg_size() {
        let r = render(&Square, 40, 30).unwrap();
        assert!(r.svg.contains("width=\"40\"") && r.svg.contains("height=\"30\""));
        let img = image::load_from_memory(&r.png).unwrap().to_rgb8();
        assert_eq!((img.width(), img.height()), (80, 60));
        // drawn, not resampled: the square covers 10..=30 at 2×, sharp-edged
        assert_eq!(img.get_pixel(20, 20).0, [0, 0, 0]);
        assert_eq!(img.get_pixel(9, 20).0, [255, 255, 255]);
        assert_eq!(img.get_pixel(31, 20).0, [255, 255, 255]);
    }
}
