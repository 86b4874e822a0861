//! `albench map`: COCO-style evaluation of any detector's output.

use std::process::ExitCode;

use albench::data::{read_coco_detections, read_coco_ground_truth};
use albench::metrics::detection::{evaluate, ApSummary, AreaRanges};
use serde_json::{json, Map, Value};

use super::{print_out, AppError};
use crate::cli::{MapArgs, MapFormat};

fn parse_sizes(s: &str) -> Result<AreaRanges, AppError> {
    if s == "coco" {
        return Ok(AreaRanges::COCO);
    }
    let parsed = s
        .split_once(['x', '×'])
        .and_then(|(w, h)| Some((w.parse::<usize>().ok()?, h.parse::<usize>().ok()?)))
        .filter(|&(w, h)| w > 0 && h > 0);
    match parsed {
        Some((w, h)) => Ok(AreaRanges::scaled(w, h)),
        None => Err(AppError::Flag(format!(
            "--sizes: {s:?} is not allowed; use `coco` or WIDTHxHEIGHT (e.g. 96x96)"
        ))),
    }
}

/// The JSON object of a summary: classes without ground truth are omitted from
/// `ap_per_class`; an AP that does not exist is `null`.
pub fn summary_json(s: &ApSummary, names: &[String]) -> Value {
    let mut per_class = Map::new();
    for (name, ap) in names.iter().zip(&s.per_class) {
        if let Some(ap) = ap {
            per_class.insert(name.clone(), json!(ap));
        }
    }
    json!({
        "map": s.map,
        "map50": s.map50,
        "map75": s.map75,
        "ap_per_class": per_class,
        "ap_small": s.by_size[0],
        "ap_medium": s.by_size[1],
        "ap_large": s.by_size[2],
        "wmap": s.wmap,
    })
}

fn cell(v: Option<f64>) -> String {
    v.map_or("—".to_string(), |v| format!("{v:.4}"))
}

fn table(s: &ApSummary, names: &[String], ranges: AreaRanges) -> String {
    let mut out = String::from("| metric | value |\n|---|---:|\n");
    let rows = [
        ("AP (IoU 0.50:0.95)", s.map),
        ("AP50", s.map50),
        ("AP75", s.map75),
        ("AP small", s.by_size[0]),
        ("AP medium", s.by_size[1]),
        ("AP large", s.by_size[2]),
        ("wMAP", s.wmap),
    ];
    for (k, v) in rows {
        out.push_str(&format!("| {k} | {} |\n", cell(v)));
    }
    out.push_str("\n| class | AP |\n|---|---:|\n");
    for (name, ap) in names.iter().zip(&s.per_class) {
        out.push_str(&format!("| {name} | {} |\n", cell(*ap)));
    }
    out.push_str(&format!(
        "\nsizes: small ≤ {:.1} px², medium ≤ {:.1} px², large above; ground-truth boxes (non-crowd) small / medium / large: {} / {} / {}; wMAP weights the size APs by these counts.\n",
        ranges.small, ranges.medium, s.boxes_by_size[0], s.boxes_by_size[1], s.boxes_by_size[2]
    ));
    out
}

/// Run `albench map`.
pub fn map(a: MapArgs) -> Result<ExitCode, AppError> {
    let ranges = parse_sizes(&a.sizes)?;
    let gt = read_coco_ground_truth(&a.ground_truth)?;
    let (dets, foreign) = read_coco_detections(&a.detections, &gt)?;
    if foreign > 0 {
        eprintln!(
            "warning: {}: {foreign} detections have a category_id that is not in {} and are not evaluated",
            a.detections.display(),
            a.ground_truth.display()
        );
    }
    let s = evaluate(
        &gt.annotations,
        &dets,
        &gt.image_ids(),
        &gt.category_ids(),
        ranges,
        100,
    );
    let names: Vec<String> = gt.categories.iter().map(|c| c.1.clone()).collect();
    let text = match a.format {
        MapFormat::Json => format!("{}\n", summary_json(&s, &names)),
        MapFormat::Table => table(&s, &names, ranges),
    };
    print_out(&text);
    Ok(ExitCode::SUCCESS)
}
