//! The embedded font, registered once for plotters' ab_glyph text renderer.

use std::sync::Once;

use plotters::style::FontStyle;

static FONT: &[u8] = include_bytes!("../../../assets/DejaVuSans.ttf");
static REGISTER: Once = Once::new();

/// Register DejaVu Sans as "sans-serif" (idempotent).
pub fn ensure() {
    REGISTER.call_once(|| {
        plotters::style::register_font("sans-serif", FontStyle::Normal, FONT)
            .unwrap_or_else(|_| unreachable!("the embedded font is a valid TTF"));
    });
}
