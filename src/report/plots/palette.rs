//! Colours and markers for methods: the Okabe–Ito palette (distinguishable with the common
//! colour-vision deficiencies; yellow last, it is faint on white) and one marker shape per
//! method, so curves stay apart in greyscale too. Both cycle.

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
