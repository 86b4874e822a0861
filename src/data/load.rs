//! Loading the dataset of the spec's `[data]` table: its registry loader, then the
//! `data.metadata` CSV.

use super::{attach_metadata, read_metadata, DataError, Source};
use crate::data::DataSpec;

/// Load the dataset named in `d` (with its `data.metadata` CSV, if any). Generated datasets
/// (`shapes`, `scenes`) are drawn from `seed` with just enough images for the requested
/// splits.
pub fn load_source(d: &DataSpec, seed: u64) -> Result<Source, DataError> {
    let mut s = (d.dataset.info().load)(d, seed)?;
    if let Some(csv) = &d.metadata {
        let path = std::path::Path::new(csv);
        let table = read_metadata(path)?;
        attach_metadata(&mut s.train, &table, path)?;
        if let Some(t) = s.test.as_mut() {
            attach_metadata(t, &table, path)?;
        }
    }
    Ok(s)
}
