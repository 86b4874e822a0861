//! `data.metadata`: acquisition metadata of on-disk images from a CSV file, one row per image.
//!
//! Format: comma-separated, a header row naming the columns, no quoted fields. Column `file`
//! (required) is the image's path relative to `data.path` (`image-folder`: `class/x.png` or
//! `train/class/x.png`; `coco`: the `file_name` of the JSON; `yolo`: `images/x.png`). Optional
//! columns: `night` (`true`/`false`/`1`/`0`), `sequence` and `frame` (non-negative integers).
//! Every image needs a row; an unknown column, a bad value or a missing row is an error naming
//! the file and the line.

use std::collections::HashMap;
use std::path::Path;

use super::{DataError, ImageMeta, ImageSet};

/// Metadata by file.
pub type MetaTable = HashMap<String, ImageMeta>;

/// Read a metadata CSV.
pub fn read_metadata(path: &Path) -> Result<MetaTable, DataError> {
    let text = std::fs::read_to_string(path).map_err(|e| DataError::io(path, e.to_string()))?;
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = lines.next() else {
        return Err(DataError::annotation(
            path,
            "empty: needs a header row with a `file` column",
        ));
    };
    let cols: Vec<&str> = header.split(',').map(str::trim).collect();
    for c in &cols {
        if !matches!(*c, "file" | "night" | "sequence" | "frame") {
            return Err(DataError::annotation(
                path,
                format!("line 1: unknown column \"{c}\"; allowed: file, night, sequence, frame"),
            ));
        }
    }
    let Some(file_col) = cols.iter().position(|c| *c == "file") else {
        return Err(DataError::annotation(path, "line 1: needs a `file` column"));
    };
    let mut table = MetaTable::new();
    for (i, line) in lines {
        let bad = |m: String| DataError::annotation(path, format!("line {}: {m}", i + 1));
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        if fields.len() != cols.len() {
            return Err(bad(format!(
                "{} fields, the header has {}",
                fields.len(),
                cols.len()
            )));
        }
        let mut m = ImageMeta::default();
        for (c, v) in cols.iter().zip(&fields) {
            match *c {
                "night" => {
                    m.night = match v.to_ascii_lowercase().as_str() {
                        "true" | "1" => true,
                        "false" | "0" => false,
                        _ => return Err(bad(format!("night \"{v}\" must be true, false, 1 or 0"))),
                    }
                }
                "sequence" | "frame" => {
                    let n: u32 = v
                        .parse()
                        .map_err(|_| bad(format!("{c} \"{v}\" must be a non-negative integer")))?;
                    if *c == "sequence" {
                        m.sequence = n;
                    } else {
                        m.frame = n;
                    }
                }
                _ => {}
            }
        }
        if table.insert(fields[file_col].to_string(), m).is_some() {
            return Err(bad(format!("\"{}\" has a second row", fields[file_col])));
        }
    }
    Ok(table)
}

/// Give every image of `set` its row of `table` (`csv` names the file in errors).
pub fn attach_metadata(set: &mut ImageSet, table: &MetaTable, csv: &Path) -> Result<(), DataError> {
    let mut meta = Vec::with_capacity(set.files.len());
    for f in &set.files {
        match table.get(f) {
            Some(m) => meta.push(*m),
            None => {
                return Err(DataError::annotation(
                    csv,
                    format!(
                    "no row for image \"{f}\" (one row per image, `file` relative to data.path)"
                ),
                ))
            }
        }
    }
    set.meta = meta;
    Ok(())
}
