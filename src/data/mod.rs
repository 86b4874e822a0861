//! Datasets: synthetic generators, file formats, transforms and splits. Every dataset is
//! listed in the registry (`registry.rs`), its loader in its own file.
//!
//! Everything is turned into an [`ImageSet`] (pixels `[n, c, h, w]` row-major, stored as
//! bytes or floats, in memory or in the data cache ([`cache`]), read as `f32` in [0, 1] one
//! image at a time) before the learner sees it. Loaders return [`DataError`]s that name the file and
//! the position of the problem.

mod box_images;
pub mod cache;
mod cifar;
mod coco_json;
mod config;
mod decode;
mod error;
mod features;
mod idx;
mod image_folder;
mod image_set;
mod label_noise;
mod load;
mod metadata_csv;
mod mnist;
mod objects;
mod pixels;
mod progress;
mod registry;
mod rotate;
mod scenes;
mod shapes;
mod source;
mod splits;
mod splits_tests;
mod transforms;

pub use box_images::{load_coco, load_yolo};
pub use cifar::load_cifar10;
pub use coco_json::{
    read_coco_detections, read_coco_ground_truth, CocoGroundTruth, CocoImage, BORDER_TOLERANCE,
};
pub use config::{DataSpec, MetaFilter};
pub use error::DataError;
pub use features::check_features_spec;
pub use idx::{load_idx_pair, read_idx};
pub use image_folder::{image_folder_class_names, load_image_folder};
pub use image_set::ImageSet;
pub use label_noise::{flip_ambiguous, LabelNoiseKind};
pub use load::load_source;
pub use metadata_csv::{attach_metadata, read_metadata, MetaTable};
pub use mnist::FASHION_MNIST_DIR;
pub use objects::{dominant_class, ImageMeta, Object};
pub use pixels::{Pixels, Store};
pub use registry::{
    built_in_class_names, dataset_names, DatasetInfo, DatasetKind, LoadFn, Metadata, Reads, Task,
    DATASETS,
};
pub use rotate::rotate_bilinear;
pub use scenes::{
    generate_scenes, scene_params, SceneParams, DEFAULT_CLASS_WEIGHTS, SCENE_CLASSES,
};
pub use shapes::{generate_shapes, SHAPE_CLASSES};
pub use source::{required_path, Source};
pub use splits::{build_splits, reserved_indices, Splits};
pub use transforms::{
    add_noise, duplicate_origin, duplicate_with_rotation, flip_labels, imbalanced_quota,
};
