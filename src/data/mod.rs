//! Datasets: synthetic generators, file formats, transforms and splits.
//!
//! Everything is turned into an [`ImageSet`] (pixels as `f32` in [0, 1], `[n, c, h, w]`
//! row-major) before the learner sees it. Loaders return [`DataError`]s that name the file and
//! the position of the problem.

mod box_images;
mod cifar;
mod coco_json;
mod config;
mod error;
mod idx;
mod image_folder;
mod image_set;
mod metadata_csv;
mod objects;
mod rotate;
mod scenes;
mod shapes;
mod source;
mod splits;
mod transforms;

pub use box_images::{load_coco, load_yolo};
pub use cifar::load_cifar10;
pub use coco_json::{
    read_coco_detections, read_coco_ground_truth, CocoGroundTruth, CocoImage, BORDER_TOLERANCE,
};
pub use config::{DataSpec, MetaFilter};
pub use error::DataError;
pub use idx::{load_idx_pair, read_idx};
pub use image_folder::{image_folder_class_names, load_image_folder};
pub use image_set::ImageSet;
pub use metadata_csv::{attach_metadata, read_metadata, MetaTable};
pub use objects::{dominant_class, ImageMeta, Object};
pub use rotate::rotate_bilinear;
pub use scenes::{generate_scenes, SceneParams, DEFAULT_CLASS_WEIGHTS, SCENE_CLASSES};
pub use shapes::{generate_shapes, SHAPE_CLASSES};
pub use source::{built_in_class_names, load_source, scene_params, Source, FASHION_MNIST_DIR};
pub use splits::{build_splits, reserved_indices, Splits};
pub use transforms::{
    add_noise, duplicate_origin, duplicate_with_rotation, flip_labels, imbalanced_quota,
};
