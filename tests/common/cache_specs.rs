//! What the data-cache tests share: a run on an explicit cache directory, and a small YOLO
//! folder with its spec.

use std::path::Path;
use std::process::Output;

use super::albench;

/// `albench run SPEC --out OUT --cache CACHE --quiet --no-report` in `cwd`.
pub fn run_cached(cwd: &Path, spec: &Path, out: &str, cache: &Path) -> Output {
    albench(
        cwd,
        &[
            "run",
            spec.to_str().unwrap(),
            "--out",
            out,
            "--cache",
            cache.to_str().unwrap(),
            "--quiet",
            "--no-report",
        ],
    )
}

/// A YOLO detection experiment on the folder `yolo` beside the spec (see [`yolo_folder`]):
/// 32×32 images, 8 in the pool, one round of 2.
pub const YOLO_SPEC: &str = "name = \"y\"\nseed = 3\n[data]\ndataset = \"yolo\"\n\
    path = \"yolo\"\nimage_size = 32\npool = 8\nvalidation = 2\ntest = 4\n[model]\n\
    arch = \"detector\"\nwidth = 4\n[train]\nmax_epochs = 1\nbatch_size = 4\n[loop]\nbase = 2\n\
    budget = 2\nrounds = 1\n";

/// A YOLO folder at `root` of `n` 40×40 PNGs of varied content, one box each (classes `car`
/// and `person`, alternating).
pub fn yolo_folder(root: &Path, n: u32) {
    std::fs::create_dir_all(root.join("images")).unwrap();
    std::fs::create_dir_all(root.join("labels")).unwrap();
    std::fs::write(root.join("classes.txt"), "car\nperson\n").unwrap();
    for i in 0..n {
        image::RgbImage::from_fn(40, 40, |x, y| {
            image::Rgb([(x * 6 + i * 13) as u8, (y * 5 + i) as u8, (x * y) as u8])
        })
        .save(root.join(format!("images/{i:02}.png")))
        .unwrap();
        std::fs::write(
            root.join(format!("labels/{i:02}.txt")),
            format!("{} 0.5 0.5 0.4 0.3\n", i % 2),
        )
        .unwrap();
    }
}
