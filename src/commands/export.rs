//! `albench export`: a results directory → its compact results (docs/results.md).

use std::process::ExitCode;

use albench::results::{compact, ReadError};

use super::inputs::read;
use super::AppError;
use crate::cli::ExportArgs;

/// `albench export RESULTS --out DIR`: prints each file written with its size.
pub fn export(a: ExportArgs) -> Result<ExitCode, AppError> {
    let data = read(&a.results)?;
    if data.runs.runs.is_empty() {
        return Err(AppError::Input(format!(
            "{}: no run has a round table yet: nothing to export",
            a.results.display()
        )));
    }
    let files = compact::write_dir(&a.out, &data).map_err(|e| match e {
        ReadError::Io { .. } => AppError::Failure(e.to_string()),
        _ => AppError::Input(e.to_string()),
    })?;
    let mut out = String::new();
    for name in files {
        let p = a.out.join(name);
        let bytes = std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0);
        out.push_str(&format!("{}\t{bytes} bytes\n", p.display()));
    }
    super::print_out(&out);
    Ok(ExitCode::SUCCESS)
}
