//! Colors for methods (Tableau 10), cycling.

use plotters::style::RGBColor;

const TAB10: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

/// Color of the i-th method.
pub fn color(i: usize) -> RGBColor {
    TAB10[i % TAB10.len()]
}
