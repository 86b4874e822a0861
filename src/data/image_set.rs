//! A labeled set of images: labels and annotations in memory, pixels in a [`Pixels`] storage
//! (owned, or a mapped data-cache file).

use std::borrow::Cow;

use super::{ImageMeta, Object, Pixels};

/// Images and labels. Invariants: `pixels` holds `len()` images of `sample_len()` values, labels
/// `< n_classes`; `objects` and `meta` are empty or hold one entry per image.
///
/// Detection sets carry `objects` (the boxes of each image); their `labels` are each image's
/// dominant class ([`super::dominant_class`], 0 for an image without objects).
#[derive(Clone, Debug, Default)]
pub struct ImageSet {
    /// Channels (1 grayscale, 3 RGB).
    pub channels: usize,
    /// Height in pixels.
    pub height: usize,
    /// Width in pixels.
    pub width: usize,
    /// Class names; `n_classes = class_names.len()`.
    pub class_names: Vec<String>,
    /// Pixels in [0, 1], `[n, channels, height, width]` row-major, read one image at a time
    /// ([`ImageSet::image`], [`ImageSet::extend_image`]).
    pub pixels: Pixels,
    /// Labels, one per image.
    pub labels: Vec<u32>,
    /// Detection: the annotated objects of each image (empty for classification sets).
    pub objects: Vec<Vec<Object>>,
    /// Acquisition metadata of each image (empty when the dataset has none).
    pub meta: Vec<ImageMeta>,
    /// The file of each image, relative to `data.path` (empty for generated sets).
    pub files: Vec<String>,
}

impl ImageSet {
    /// An empty set with the geometry of `other`.
    pub fn empty_like(other: &ImageSet) -> Self {
        ImageSet {
            channels: other.channels,
            height: other.height,
            width: other.width,
            class_names: other.class_names.clone(),
            pixels: Pixels::default(),
            labels: Vec::new(),
            objects: Vec::new(),
            meta: Vec::new(),
            files: Vec::new(),
        }
    }

    /// Number of images.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// True when there are no images.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Number of classes.
    pub fn n_classes(&self) -> usize {
        self.class_names.len()
    }

    /// Floats per image (`channels · height · width`).
    pub fn sample_len(&self) -> usize {
        self.channels * self.height * self.width
    }

    /// Pixels of image `i` as floats in [0, 1] (borrowed when stored as floats).
    pub fn image(&self, i: usize) -> Cow<'_, [f32]> {
        self.pixels.image(i, self.sample_len())
    }

    /// Append the pixels of image `i` to `out` (a batch being gathered).
    pub fn extend_image(&self, i: usize, out: &mut Vec<f32>) {
        self.pixels.extend_image(i, self.sample_len(), out)
    }

    /// Append the pixels of images `idx` to `out`, in that order (a batch being gathered:
    /// a cache file is read a chunk at a time, see [`Pixels::extend_images`]).
    pub fn extend_images(&self, idx: &[usize], out: &mut Vec<f32>) {
        self.pixels.extend_images(idx, self.sample_len(), out)
    }

    /// Every pixel as one float vector `[n, c, h, w]` (small sets and transforms only: a
    /// 1M-image pool of 28×28 is 3.1 GB of floats).
    pub fn pixels_f32(&self) -> Vec<f32> {
        self.pixels.to_f32(self.len(), self.sample_len())
    }

    /// True for a detection set (images carry boxes).
    pub fn is_detection(&self) -> bool {
        !self.objects.is_empty()
    }

    /// A new set holding the images at `indices` of `self`, in that order. The pixels are a
    /// view of the same storage (no copy); labels and annotations are copied.
    pub fn subset(&self, indices: &[usize]) -> ImageSet {
        ImageSet {
            channels: self.channels,
            height: self.height,
            width: self.width,
            class_names: self.class_names.clone(),
            pixels: self.pixels.subset(indices),
            labels: indices.iter().map(|&i| self.labels[i]).collect(),
            objects: pick_all(&self.objects, indices),
            meta: pick_all(&self.meta, indices),
            files: pick_all(&self.files, indices),
        }
    }
}

/// `v[indices]` when `v` holds one entry per image, else empty.
fn pick_all<T: Clone>(v: &[T], indices: &[usize]) -> Vec<T> {
    if v.is_empty() {
        return Vec::new();
    }
    indices.iter().map(|&i| v[i].clone()).collect()
}
