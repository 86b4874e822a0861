//! Why a figure cannot be drawn.

/// A figure cannot be drawn or encoded.
#[derive(Debug, thiserror::Error)]
pub enum PlotError {
    /// plotters failed to draw (its backend's message).
    #[error("{0}")]
    Draw(String),
    /// The bitmap has not the size it was drawn at.
    #[error("bitmap size mismatch")]
    BitmapSize,
    /// The PNG cannot be encoded.
    #[error("cannot encode the PNG: {0}")]
    Png(#[from] image::ImageError),
}

/// A plotters error as a [`PlotError::Draw`] (its drawing-area error is generic over the
/// backend, so it is kept as its message).
pub fn e<E: std::fmt::Display>(err: E) -> PlotError {
    PlotError::Draw(err.to_string())
}
