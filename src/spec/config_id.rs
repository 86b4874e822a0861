//! Stable configuration ids: FNV-1a 64 of the canonical JSON of the resolved configuration.
//!
//! The JSON of a typed [`Config`] has a fixed field order, so the id does not depend on the
//! order of keys in the file, only on resolved values. FNV-1a is specified bit for bit, so
//! ids never change with a dependency upgrade.

use super::schema::Config;

/// FNV-1a 64-bit hash.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// 10 hex digits identifying a configuration.
pub fn config_id(c: &Config) -> String {
    let json = serde_json::to_string(c).expect("a Config always serializes");
    format!("{:010x}", fnv1a64(json.as_bytes()) >> 24)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_known_vectors() {
        // Published FNV-1a 64 test vectors.
        assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x85944171f73967e8);
    }
}
