//! COCO ground-truth and results files: the loader's checks and `albench map` end to end.

mod common;

use std::path::Path;

use albench::data::{read_coco_detections, read_coco_ground_truth};
use serde_json::{json, Value};

fn ground_truth() -> Value {
    json!({
        "images": [
            {"id": 1, "file_name": "a.png", "width": 96, "height": 96},
            {"id": 2, "file_name": "b.png", "width": 96, "height": 96}
        ],
        "categories": [{"id": 3, "name": "car"}, {"id": 1, "name": "person"}],
        "annotations": [
            {"id": 1, "image_id": 1, "category_id": 3, "bbox": [10, 10, 30, 20], "area": 600, "iscrowd": 0},
            {"id": 2, "image_id": 1, "category_id": 1, "bbox": [50, 40, 8, 20]},
            {"id": 3, "image_id": 2, "category_id": 3, "bbox": [0, 60, 40, 36]}
        ]
    })
}

fn write(dir: &Path, name: &str, v: &Value) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_vec(v).unwrap()).unwrap();
    p
}

#[test]
fn a_valid_file_loads_with_categories_in_id_order() {
    let d = tempfile::tempdir().unwrap();
    let gt = read_coco_ground_truth(&write(d.path(), "gt.json", &ground_truth())).unwrap();
    assert_eq!(gt.category_ids(), vec![1, 3]);
    assert_eq!(gt.categories[1].1, "car");
    assert_eq!(gt.annotations.len(), 3);
    // area: the file's when given, else w·h
    assert_eq!(gt.annotations[0].area, 600.0);
    assert_eq!(gt.annotations[1].area, 160.0);
    assert_eq!(gt.images[1].size, Some((96.0, 96.0)));
}

/// Each kind of bad annotation is one error naming the file, the annotation and the rule.
#[test]
fn each_bad_annotation_is_named() {
    let d = tempfile::tempdir().unwrap();
    let cases: [(&str, Value, &str); 5] = [
        (
            "outside",
            json!([60, 10, 40, 20]),
            "annotations[0] (id 1): bbox [60, 10, 40, 20] extends outside its 96×96 image 1",
        ),
        (
            "negative",
            json!([10, 10, -5, 20]),
            "annotations[0] (id 1): bbox [10.0, 10.0, -5.0, 20.0] has a negative size",
        ),
        (
            "short",
            json!([10, 10, 5]),
            "annotations[0] (id 1): \"bbox\" must be [x, y, width, height] numbers",
        ),
        (
            "category",
            json!(null),
            "annotations[0] (id 1): unknown category_id 7 (the file's categories are [1, 3])",
        ),
        (
            "image",
            json!(null),
            "annotations[0] (id 1): unknown image_id 9",
        ),
    ];
    for (name, bbox, want) in cases {
        let mut v = ground_truth();
        let a = &mut v["annotations"][0];
        match name {
            "category" => a["category_id"] = json!(7),
            "image" => a["image_id"] = json!(9),
            _ => a["bbox"] = bbox,
        }
        let p = write(d.path(), &format!("{name}.json"), &v);
        let e = read_coco_ground_truth(&p).unwrap_err().to_string();
        assert!(e.starts_with(&p.display().to_string()), "{e}");
        assert!(e.contains(want), "{name}: {e}");
    }
    // a box overshooting by less than the tolerance (rounding in real files) is accepted
    let mut v = ground_truth();
    v["annotations"][0]["bbox"] = json!([66.5, 10, 30, 20]);
    read_coco_ground_truth(&write(d.path(), "ok.json", &v)).unwrap();
    // missing arrays and invalid JSON
    let p = write(
        d.path(),
        "noimages.json",
        &json!({"annotations": [], "categories": []}),
    );
    let e = read_coco_ground_truth(&p).unwrap_err().to_string();
    assert!(e.contains("needs a top-level \"images\" array"), "{e}");
    std::fs::write(d.path().join("broken.json"), "{\"images\": [").unwrap();
    let e = read_coco_ground_truth(&d.path().join("broken.json"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("not valid JSON"), "{e}");
}

#[test]
fn detections_are_checked_against_the_ground_truth() {
    let d = tempfile::tempdir().unwrap();
    let gt = read_coco_ground_truth(&write(d.path(), "gt.json", &ground_truth())).unwrap();
    let ok = json!([
        {"image_id": 1, "category_id": 3, "bbox": [10, 10, 30, 20], "score": 0.9},
        {"image_id": 1, "category_id": 99, "bbox": [10, 10, 30, 20], "score": 0.5}
    ]);
    let (dets, foreign) = read_coco_detections(&write(d.path(), "d.json", &ok), &gt).unwrap();
    assert_eq!((dets.len(), foreign), (1, 1));
    let bad_image = json!([{"image_id": 5, "category_id": 3, "bbox": [1, 1, 2, 2], "score": 0.9}]);
    let e = read_coco_detections(&write(d.path(), "d1.json", &bad_image), &gt)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("detection [0]: image_id 5 is not an image of the ground truth"),
        "{e}"
    );
    let negative = json!([{"image_id": 1, "category_id": 3, "bbox": [1, 1, -2, 2], "score": 0.9}]);
    let e = read_coco_detections(&write(d.path(), "d2.json", &negative), &gt)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("detection [0]: bbox [1.0, 1.0, -2.0, 2.0] must be finite"),
        "{e}"
    );
    let no_score = json!([{"image_id": 1, "category_id": 3, "bbox": [1, 1, 2, 2]}]);
    let e = read_coco_detections(&write(d.path(), "d3.json", &no_score), &gt)
        .unwrap_err()
        .to_string();
    assert!(e.contains("missing field `score`"), "{e}");
}

#[test]
fn map_command_prints_the_documented_json_and_rejects_bad_files() {
    let d = tempfile::tempdir().unwrap();
    let gt = write(d.path(), "gt.json", &ground_truth());
    // perfect on car, person missed entirely: car AP 1, person AP 0, mean 0.5
    let dets = json!([
        {"image_id": 1, "category_id": 3, "bbox": [10, 10, 30, 20], "score": 0.9},
        {"image_id": 2, "category_id": 3, "bbox": [0, 60, 40, 36], "score": 0.8}
    ]);
    let dp = write(d.path(), "dets.json", &dets);
    let o = common::albench(
        d.path(),
        &[
            "map",
            gt.to_str().unwrap(),
            dp.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["ap_per_class"]["car"], json!(1.0));
    assert_eq!(v["ap_per_class"]["person"], json!(0.0));
    assert_eq!(v["map"], json!(0.5));
    assert_eq!(v["map50"], json!(0.5));
    for key in ["map75", "ap_small", "ap_medium", "ap_large", "wmap"] {
        assert!(v.get(key).is_some(), "{key} missing: {v}");
    }
    // the table names the size thresholds
    let o = common::albench(
        d.path(),
        &["map", gt.to_str().unwrap(), dp.to_str().unwrap()],
    );
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("| car | 1.0000 |") && text.contains("small ≤ 1024.0 px²"),
        "{text}"
    );
    // a bad ground truth: exit 2, one line naming the file
    let mut bad = ground_truth();
    bad["annotations"][2]["bbox"] = json!([0, 60, 40, -1]);
    let bp = write(d.path(), "bad.json", &bad);
    let o = common::albench(
        d.path(),
        &["map", bp.to_str().unwrap(), dp.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("bad.json: annotations[2] (id 3)"), "{err}");
    let o = common::albench(
        d.path(),
        &[
            "map",
            gt.to_str().unwrap(),
            dp.to_str().unwrap(),
            "--sizes",
            "big",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
}

fn png(path: &Path, w: u32, h: u32) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x * 7) as u8, (y * 5) as u8, 90]))
        .save(path)
        .unwrap();
}

#[test]
fn coco_dataset_loads_resized_images_with_scaled_boxes() {
    use albench::data::load_coco;
    let d = tempfile::tempdir().unwrap();
    png(&d.path().join("a.png"), 96, 96);
    png(&d.path().join("images/b.png"), 48, 24);
    let mut gt = ground_truth();
    gt["images"][1]["width"] = json!(48);
    gt["images"][1]["height"] = json!(24);
    gt["annotations"][2]["bbox"] = json!([0, 12, 24, 12]);
    // a crowd region is not an object
    gt["annotations"].as_array_mut().unwrap().push(
        json!({"id": 4, "image_id": 2, "category_id": 1, "bbox": [0, 0, 4, 4], "iscrowd": 1}),
    );
    let p = write(d.path(), "instances.json", &gt);
    let set = load_coco(&p, 32).unwrap();
    assert_eq!((set.len(), set.channels, set.height), (2, 3, 32));
    assert_eq!(set.class_names, vec!["person", "car"]); // ascending category id
    assert_eq!(set.objects[0].len(), 2);
    // image 1 is 96×96 → ×1/3: car [10, 10, 30, 20] → [3.33, 3.33, 10, 6.67]
    let car = set.objects[0].iter().find(|o| o.class == 1).unwrap().bbox;
    assert!((car.x - 10.0 / 3.0).abs() < 1e-9 && (car.w - 10.0).abs() < 1e-9);
    // image 2 is 48×24 → x ×2/3, y ×4/3: [0, 12, 24, 12] → [0, 16, 16, 16]; crowd left out
    assert_eq!(set.objects[1].len(), 1);
    let b = set.objects[1][0].bbox;
    assert!((b.y - 16.0).abs() < 1e-9 && (b.w - 16.0).abs() < 1e-9 && (b.h - 16.0).abs() < 1e-9);
    // the image label is the class of the largest box
    assert_eq!(set.labels, vec![1, 1]);
    // an image that does not decode is named
    std::fs::write(d.path().join("a.png"), b"not a png").unwrap();
    let e = load_coco(&p, 32).unwrap_err().to_string();
    assert!(
        e.contains("a.png") && e.contains("cannot decode image"),
        "{e}"
    );
    // a missing image is named
    std::fs::remove_file(d.path().join("a.png")).unwrap();
    let e = load_coco(&p, 32).unwrap_err().to_string();
    assert!(e.contains("image 1 of") && e.contains("not found"), "{e}");
}

#[test]
fn yolo_dataset_loads_and_each_bad_line_is_named() {
    use albench::data::load_yolo;
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("classes.txt"), "car\nperson\n").unwrap();
    png(&d.path().join("images/x.png"), 64, 64);
    png(&d.path().join("images/y.jpg"), 64, 64);
    std::fs::create_dir_all(d.path().join("labels")).unwrap();
    std::fs::write(
        d.path().join("labels/x.txt"),
        "0 0.5 0.5 0.5 0.25\n\n1 0.25 0.25 0.1 0.3\n",
    )
    .unwrap();
    // y has no label file: no boxes
    let set = load_yolo(d.path(), 32).unwrap();
    assert_eq!(set.len(), 2);
    assert_eq!(set.objects[0].len(), 2);
    assert!(set.objects[1].is_empty());
    // car: centre (16, 16), 16 × 8 at 32 px → [8, 12, 16, 8]
    let car = set.objects[0][0].bbox;
    assert!(
        (car.x - 8.0).abs() < 1e-9 && (car.y - 12.0).abs() < 1e-9 && (car.w - 16.0).abs() < 1e-9
    );
    let cases = [
        (
            "0 0.5 0.5 0.5\n",
            "line 1: \"0 0.5 0.5 0.5\" must be `class cx cy w h` (5 fields, got 4)",
        ),
        (
            "2 0.5 0.5 0.1 0.1\n",
            "line 1: class 2 is unknown (classes.txt names 2)",
        ),
        (
            "0 0.5 0.5 0.1 0.1\n0 0.95 0.5 0.2 0.1\n",
            "line 2: box cx 0.95 cy 0.5 w 0.2 h 0.1 extends outside the image",
        ),
        ("0 0.5 0.5 -0.1 0.1\n", "line 1: negative size w = -0.1"),
        ("0 0.5 zero 0.1 0.1\n", "line 1: \"zero\" is not a number"),
    ];
    for (text, want) in cases {
        std::fs::write(d.path().join("labels/x.txt"), text).unwrap();
        let e = load_yolo(d.path(), 32).unwrap_err().to_string();
        assert!(e.contains("labels/x.txt") && e.contains(want), "{e}");
    }
}
