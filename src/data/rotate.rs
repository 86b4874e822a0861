//! Bilinear rotation of one image about its centre (used by `data.duplicates`).

/// Rotate `src` (`[c, h, w]`) by `angle` radians into `dst` (same shape); pixels that fall
/// outside the source take the value 0. `dst` is fully overwritten.
pub fn rotate_bilinear(src: &[f32], dst: &mut [f32], c: usize, h: usize, w: usize, angle: f64) {
    let (s, co) = angle.sin_cos();
    let (cy, cx) = ((h as f64 - 1.0) / 2.0, (w as f64 - 1.0) / 2.0);
    for y in 0..h {
        for x in 0..w {
            let (dy, dx) = (y as f64 - cy, x as f64 - cx);
            // inverse mapping: source = R(-angle) · dest
            let sx = co * dx + s * dy + cx;
            let sy = -s * dx + co * dy + cy;
            let (x0, y0) = (sx.floor(), sy.floor());
            let (fx, fy) = ((sx - x0) as f32, (sy - y0) as f32);
            let (x0, y0) = (x0 as isize, y0 as isize);
            for ch in 0..c {
                let plane = &src[ch * h * w..(ch + 1) * h * w];
                let at = |yy: isize, xx: isize| -> f32 {
                    if yy < 0 || xx < 0 || yy >= h as isize || xx >= w as isize {
                        0.0
                    } else {
                        plane[yy as usize * w + xx as usize]
                    }
                };
                let v = at(y0, x0) * (1.0 - fx) * (1.0 - fy)
                    + at(y0, x0 + 1) * fx * (1.0 - fy)
                    + at(y0 + 1, x0) * (1.0 - fx) * fy
                    + at(y0 + 1, x0 + 1) * fx * fy;
                dst[ch * h * w + y * w + x] = v;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_angle_is_identity_and_quarter_turn_moves_pixels() {
        let src: Vec<f32> = (0..9).map(|v| v as f32).collect();
        let mut dst = vec![0.0; 9];
        rotate_bilinear(&src, &mut dst, 1, 3, 3, 0.0);
        assert_eq!(src, dst);
        rotate_bilinear(&src, &mut dst, 1, 3, 3, std::f64::consts::FRAC_PI_2);
        // 90° (counter-clockwise in image coordinates, y down): centre stays, corners cycle.
        assert!((dst[4] - 4.0).abs() < 1e-5);
        let mut sorted = dst.clone();
        sorted.sort_by(f32::total_cmp);
        let want: Vec<f32> = (0..9).map(|v| v as f32).collect();
        for (a, b) in sorted.iter().zip(&want) {
            assert!((a - b).abs() < 1e-4, "{dst:?}");
        }
        assert_ne!(dst, src);
    }
}
