//! Finds the line of a dotted key in the spec text, for error messages.
//!
//! A light scanner over TOML lines: it tracks the current `[table]` / `[[array]]` header and
//! matches `key = ...` lines (bare or quoted, including quoted dotted keys such as
//! `"query.scorer" = [...]` under `[sweep]`). Good enough for error messages; parsing proper
//! is done by the `toml` crate.

/// 1-based line of `key` (e.g. `data.pool`, `sweep.query.scorer`), or of its table header
/// when the key itself is absent, or `None`.
pub fn line_of(text: &str, key: &str) -> Option<usize> {
    let mut table = String::new();
    let mut header_line = None;
    let (parent, _) = key.rsplit_once('.').unwrap_or(("", key));
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        if let Some(h) = line.strip_prefix("[[").and_then(|l| l.split("]]").next()) {
            table = h.trim().to_string();
            if table == parent && header_line.is_none() {
                header_line = Some(i + 1);
            }
            continue;
        }
        if let Some(h) = line.strip_prefix('[').and_then(|l| l.split(']').next()) {
            table = h.trim().to_string();
            if table == parent && header_line.is_none() {
                header_line = Some(i + 1);
            }
            continue;
        }
        let Some((k, _)) = line.split_once('=') else {
            continue;
        };
        let k = k.trim().trim_matches('"').trim_matches('\'');
        let full = if table.is_empty() {
            k.to_string()
        } else {
            format!("{table}.{k}")
        };
        if full == key || k == key {
            return Some(i + 1);
        }
    }
    header_line
}

/// 1-based line of a byte offset.
pub fn line_of_offset(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys() {
        let t = "name = \"x\"\n[data]\npool = 5\n\n[sweep]\n\"query.scorer\" = [\"a\"]\n[query]\npivot = 2\n";
        assert_eq!(line_of(t, "name"), Some(1));
        assert_eq!(line_of(t, "data.pool"), Some(3));
        assert_eq!(line_of(t, "query.scorer"), Some(6));
        assert_eq!(line_of(t, "query.pivot"), Some(8));
        assert_eq!(line_of(t, "data.noise"), Some(2));
        assert_eq!(line_of(t, "model.arch"), None);
    }
}
