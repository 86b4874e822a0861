//! Stable configuration ids: FNV-1a 64 of the canonical JSON of the resolved configuration.
//!
//! The JSON of a typed [`Config`] has a fixed field order, so the id does not depend on the
//! order of keys in the file, only on resolved values. FNV-1a is specified bit for bit, so
//! ids never change with a dependency upgrade.

use super::Config;
pub use crate::rng::fnv1a64;

/// 10 hex digits identifying a configuration.
pub fn config_id(c: &Config) -> String {
    let json = serde_json::to_string(c).expect("a Config always serializes");
    format!("{:010x}", fnv1a64(json.as_bytes()) >> 24)
}
