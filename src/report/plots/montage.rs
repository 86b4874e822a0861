//! The montage of selected images (thesis Figures 7.2–7.3): one row per method with its
//! highest- and lowest-scored picks of a round, separated by a gap, each image's score under
//! it. Pixels are copied from the pool (scaled up by an integer factor, at most 4×); the PNG
//! has the text drawn in, the SVG embeds the pixel-only PNG under SVG `<text>` elements.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::error::{e, PlotError};
use super::render::Rendered;
use crate::data::ImageSet;

/// One selected image of a montage: its pool id and the score it was selected with (NaN
/// when it had none).
pub type Pick = (u32, f32);

/// Images per side of a row.
pub const PER_SIDE: usize = 8;
const PAD: usize = 2;
const GAP: usize = 12;

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
fn texts(labels: &[String], rows: &[(Vec<Pick>, Vec<Pick>)], h: usize, cell_w: usize) -> Vec<Text> {
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

/// A montage's geometry, pixels: image height and width (scaled), cell width, total size.
struct Layout {
    scale: usize,
    h: usize,
    w: usize,
    cell_w: usize,
    width: usize,
    height: usize,
}

impl Layout {
    fn of(pool: &ImageSet, rows: usize) -> Layout {
        let scale = (56 / pool.height.max(1)).clamp(1, 4);
        let (h, w) = (pool.height * scale, pool.width * scale);
        let cell_w = (w + PAD).max(44);
        Layout {
            scale,
            h,
            w,
            cell_w,
            width: LABEL_W + 2 * PER_SIDE * cell_w + GAP + PAD,
            height: HEADER_H + rows.max(1) * (h + SCORE_H + PAD) + PAD,
        }
    }
}

/// The montage's pixels without text: each pick's image at its cell, on white.
fn pixels(pool: &ImageSet, rows: &[(Vec<Pick>, Vec<Pick>)], l: &Layout) -> image::RgbImage {
    let mut img =
        image::RgbImage::from_pixel(l.width as u32, l.height as u32, image::Rgb([255, 255, 255]));
    let plane = pool.height * pool.width;
    for (r, (top, bottom)) in rows.iter().enumerate() {
        let y0 = HEADER_H + r * (l.h + SCORE_H + PAD);
        let right0 = LABEL_W + PER_SIDE * l.cell_w + GAP;
        let cells = top
            .iter()
            .enumerate()
            .map(|(i, p)| (LABEL_W + i * l.cell_w + (l.cell_w - l.w) / 2, p.0))
            .chain(
                bottom
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (right0 + i * l.cell_w + (l.cell_w - l.w) / 2, p.0)),
            );
        for (x0, sample) in cells {
            let px = pool.image(sample as usize);
            for y in 0..l.h {
                for x in 0..l.w {
                    let (sy, sx) = (y / l.scale, x / l.scale);
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
    img
}

/// PNG bytes of `img`.
fn encode(img: &image::RgbImage) -> Result<Vec<u8>, PlotError> {
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)?;
    Ok(png)
}

/// A montage text as (x, y of the baseline, size in px, text, anchored at the middle).
type Text = (usize, usize, u32, String, bool);

/// `img` with `text` drawn onto its pixels.
fn with_text(img: image::RgbImage, text: &[Text]) -> Result<image::RgbImage, PlotError> {
    let (width, height) = img.dimensions();
    super::ensure_font();
    let mut rgb = img.into_raw();
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (width, height)).into_drawing_area();
        for (x, y, size, t, mid) in text {
            let style = TextStyle::from(("sans-serif", *size as f64).into_font()).color(&BLACK);
            let h = if *mid { HPos::Center } else { HPos::Left };
            let style = style.pos(Pos::new(h, VPos::Bottom));
            root.draw_text(t, &style, (*x as i32, *y as i32))
                .map_err(e)?;
        }
        root.present().map_err(e)?;
    }
    image::RgbImage::from_raw(width, height, rgb).ok_or(PlotError::BitmapSize)
}

/// The SVG: the pixel-only PNG `plain` as an embedded image under the `text` as SVG text.
fn svg(width: usize, height: usize, plain: &[u8], text: &[Text]) -> String {
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\"><image width=\"{width}\" height=\"{height}\" href=\"data:image/png;base64,{}\"/>",
        base64(plain)
    );
    for (x, y, size, t, mid) in text {
        svg.push_str(&format!(
            "<text x=\"{x}\" y=\"{y}\" font-family=\"sans-serif\" font-size=\"{size}\"{}>{}</text>",
            if *mid { " text-anchor=\"middle\"" } else { "" },
            xml_escape(t)
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// Render rows of (highest, lowest) picks of `pool` as one image: a row label (`labels`, top
/// to bottom) at the left, a header over each side, each image's score under it.
pub fn montage(
    pool: &ImageSet,
    labels: &[String],
    rows: &[(Vec<Pick>, Vec<Pick>)],
) -> Result<Rendered, PlotError> {
    let l = Layout::of(pool, rows.len());
    let img = pixels(pool, rows, &l);
    let plain = encode(&img)?;
    let text = texts(labels, rows, l.h, l.cell_w);
    let png = encode(&with_text(img, &text)?)?;
    Ok(Rendered {
        svg: svg(l.width, l.height, &plain, &text),
        png,
    })
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
