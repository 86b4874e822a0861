//! The shape of a model's input and output, taken from the images it learns from.

use crate::data::ImageSet;

/// Input geometry and output size. Whether an architecture takes it is
/// [`Geometry::check`], beside the architectures' facts in the model registry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Geometry {
    /// Channels.
    pub channels: usize,
    /// Height in pixels.
    pub height: usize,
    /// Width in pixels.
    pub width: usize,
    /// Classes.
    pub classes: usize,
}

impl Geometry {
    /// The geometry of the images and classes of `set`.
    pub fn of(set: &ImageSet) -> Geometry {
        Geometry {
            channels: set.channels,
            height: set.height,
            width: set.width,
            classes: set.n_classes(),
        }
    }
}
