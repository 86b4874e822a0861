//! A labeled set of images in memory.

use super::{ImageMeta, Object};

/// Images and labels. Invariants: `pixels.len() == len() * sample_len()`, labels
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
    /// Pixels in [0, 1], `[n, channels, height, width]` row-major.
    pub pixels: Vec<f32>,
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
            pixels: Vec::new(),
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

    /// Pixels of image `i`.
    pub fn image(&self, i: usize) -> &[f32] {
        let l = self.sample_len();
        &self.pixels[i * l..(i + 1) * l]
    }

    /// True for a detection set (images carry boxes).
    pub fn is_detection(&self) -> bool {
        !self.objects.is_empty()
    }

    /// Append image `i` of `src` (same geometry), with its objects and metadata.
    pub fn push_from(&mut self, src: &ImageSet, i: usize) {
        self.pixels.extend_from_slice(src.image(i));
        self.labels.push(src.labels[i]);
        if !src.objects.is_empty() {
            self.objects.push(src.objects[i].clone());
        }
        if !src.meta.is_empty() {
            self.meta.push(src.meta[i]);
        }
        if !src.files.is_empty() {
            self.files.push(src.files[i].clone());
        }
    }

    /// A new set holding the images at `indices` of `self`, in that order.
    pub fn subset(&self, indices: &[usize]) -> ImageSet {
        let mut out = ImageSet::empty_like(self);
        out.pixels.reserve(indices.len() * self.sample_len());
        for &i in indices {
            out.push_from(self, i);
        }
        out
    }
}
