//! Colours, markers and line styles for methods: the Okabe–Ito palette (distinguishable with
//! the common colour-vision deficiencies; yellow last, it is faint on white), one marker shape
//! and one dash pattern per method, so curves stay apart in greyscale too. All three cycle.

use plotters::style::RGBColor;

const OKABE_ITO: [RGBColor; 8] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(230, 159, 0),   // orange
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(0, 0, 0),       // black
    RGBColor(240, 228, 66),  // yellow
];

/// Color of the i-th method.
pub fn color(i: usize) -> RGBColor {
    OKABE_ITO[i % OKABE_ITO.len()]
}

/// Number of marker shapes ([`draw_marked`]: circle, square, triangle, diamond, cross).
pub const MARKERS: usize = 5;

/// Number of line styles ([`dash`]).
pub const LINE_STYLES: usize = 4;

/// Dash pattern of the i-th method's line: (dash, gap) in pixels at 1×, `None` = solid. Each
/// time the 8 colours wrap the styles shift by one, so a (colour, line style) pair repeats only
/// every 32 methods (method 8 is not method 0's solid blue again); with the five markers, a
/// (marker, line style) pair repeats only every 20.
pub fn dash(i: usize) -> Option<(u32, u32)> {
    [None, Some((10, 5)), Some((3, 4)), Some((18, 6))][(i + i / OKABE_ITO.len()) % LINE_STYLES]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Nine methods (the methods report): the ninth has the first one's colour, not its line.
    #[test]
    fn colour_and_line_pairs_differ_for_32_methods() {
        assert_eq!(color(8), color(0));
        assert_ne!(dash(8), dash(0));
        for i in 0..32 {
            for j in 0..i {
                assert!(color(i) != color(j) || dash(i) != dash(j), "{i} and {j}");
            }
        }
    }
}
