//! Montages of selected images (thesis Figures 7.2–7.3): for a round, one row per method with
//! the 8 highest- and the 8 lowest-scored images among that round's selection (repeat 0),
//! separated by a gap. The pool images are rebuilt from the stored spec (the data splits
//! depend only on the seed and `[data]`).

use std::path::Path;

use polars::prelude::*;

use super::plots::Rendered;
use crate::data::ImageSet;

/// Images per side of a row.
pub const PER_SIDE: usize = 8;
const SCALE: usize = 2;
const PAD: usize = 2;
const GAP: usize = 12;

/// Samples (pool ids) of one run's selection in `round`, ordered by rank: (highest, lowest).
pub fn extremes(selection_file: &Path, round: u32) -> PolarsResult<(Vec<u32>, Vec<u32>)> {
    let df = LazyFrame::scan_parquet(
        PlRefPath::new(selection_file.to_string_lossy().as_ref()),
        ScanArgsParquet::default(),
    )?
    .filter(col("round").eq(lit(round)))
    .sort(["rank"], Default::default())
    .select([col("sample")])
    .collect()?;
    let s: Vec<u32> = df.column("sample")?.u32()?.into_no_null_iter().collect();
    let top = s.iter().take(PER_SIDE).copied().collect();
    let bottom = s.iter().rev().take(PER_SIDE).copied().collect();
    Ok((top, bottom))
}

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

/// Render rows of (highest, lowest) sample ids of `pool` as one image.
pub fn montage(pool: &ImageSet, rows: &[(Vec<u32>, Vec<u32>)]) -> Result<Rendered, String> {
    let (h, w) = (pool.height * SCALE, pool.width * SCALE);
    let cell_w = w + PAD;
    let width = 2 * PER_SIDE * cell_w + GAP + PAD;
    let height = rows.len().max(1) * (h + PAD) + PAD;
    let mut img =
        image::RgbImage::from_pixel(width as u32, height as u32, image::Rgb([255, 255, 255]));
    let plane = pool.height * pool.width;
    for (r, (top, bottom)) in rows.iter().enumerate() {
        let y0 = PAD + r * (h + PAD);
        let cells = top
            .iter()
            .enumerate()
            .map(|(i, &s)| (PAD + i * cell_w, s))
            .chain(
                bottom
                    .iter()
                    .enumerate()
                    .map(|(i, &s)| (PAD + PER_SIDE * cell_w + GAP + i * cell_w, s)),
            );
        for (x0, sample) in cells {
            let px = pool.image(sample as usize);
            for y in 0..h {
                for x in 0..w {
                    let (sy, sx) = (y / SCALE, x / SCALE);
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
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|e| e.to_string())?;
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\"><image width=\"{width}\" height=\"{height}\" href=\"data:image/png;base64,{}\"/></svg>",
        base64(&png)
    );
    Ok(Rendered { svg, png })
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_known_vectors() {
        assert_eq!(super::base64(b""), "");
        assert_eq!(super::base64(b"f"), "Zg==");
        assert_eq!(super::base64(b"fo"), "Zm8=");
        assert_eq!(super::base64(b"foobar"), "Zm9vYmFy");
    }
}
