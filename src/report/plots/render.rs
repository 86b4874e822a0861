//! Rendering a figure to SVG text and PNG bytes.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::font;

/// A figure: draws itself on any backend.
pub trait Figure {
    /// Draw on `root` (already sized). Errors are plotters' messages.
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String>;
}

/// A rendered figure.
pub struct Rendered {
    /// SVG document.
    pub svg: String,
    /// PNG file bytes.
    pub png: Vec<u8>,
}

/// Render `fig` at `w × h` pixels as SVG and PNG.
pub fn render(fig: &impl Figure, w: u32, h: u32) -> Result<Rendered, String> {
    font::ensure();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        fig.draw(&root)?;
        root.present().map_err(|e| e.to_string())?;
    }
    let mut rgb = vec![0u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        fig.draw(&root)?;
        root.present().map_err(|e| e.to_string())?;
    }
    let img = image::RgbImage::from_raw(w, h, rgb).ok_or("bitmap size mismatch")?;
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|e| e.to_string())?;
    Ok(Rendered { svg, png })
}

/// Plotters errors as strings.
pub fn e<E: std::fmt::Display>(err: E) -> String {
    err.to_string()
}
