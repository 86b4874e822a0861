//! Loading the dataset of the spec's `[data]` table: its registry loader, then the
//! `data.metadata` CSV.

use super::{attach_metadata, read_metadata, DataError, Source};
use crate::data::DataSpec;

/// Load the dataset named in `d` (with its `data.metadata` CSV, if any). Generated datasets
/// (`shapes`, `scenes`) are drawn from `seed` with just enough images for the requested
/// splits. With a data cache set ([`super::cache::set_cache`]) a cached dataset is read from
/// (and first written to) its cache files; else it is loaded into memory.
pub fn load_source(d: &DataSpec, seed: u64) -> Result<Source, DataError> {
    let cached = match super::cache::cache_config() {
        Some(c) => super::cache::load_cached(d, seed, &c)?,
        None => None,
    };
    let mut s = match cached {
        Some(s) => s,
        None => (d.dataset.info().load)(d, seed)?,
    };
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
