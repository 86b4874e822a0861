//! Raw TOML table helpers: dotted-key overrides, unknown-key detection against the defaults,
//! and typed deserialization with errors that name the key.

use toml::{Table, Value};

/// Set `a.b.c = value` in `t`, creating intermediate tables.
/// Fails with a message when an intermediate key holds a non-table value.
pub fn set_path(t: &mut Table, key: &str, value: Value) -> Result<(), String> {
    let mut parts: Vec<&str> = key.split('.').collect();
    let last = parts.pop().unwrap_or(key);
    let mut cur = t;
    let mut walked = String::new();
    for p in parts {
        if !walked.is_empty() {
            walked.push('.');
        }
        walked.push_str(p);
        let entry = cur
            .entry(p.to_string())
            .or_insert_with(|| Value::Table(Table::new()));
        cur = match entry {
            Value::Table(inner) => inner,
            _ => {
                return Err(format!(
                    "`{walked}` is not a table, so `{key}` cannot be set"
                ))
            }
        };
    }
    cur.insert(last.to_string(), value);
    Ok(())
}

/// Get `a.b.c` from `t`.
pub fn get_path<'a>(t: &'a Table, key: &str) -> Option<&'a Value> {
    let mut parts = key.split('.').peekable();
    let mut cur = t;
    while let Some(p) = parts.next() {
        let v = cur.get(p)?;
        if parts.peek().is_none() {
            return Some(v);
        }
        cur = v.as_table()?;
    }
    None
}

/// First key of `user` that does not exist in `defaults` (recursing into tables present in
/// both), as `(dotted key, allowed keys at that level)`.
pub fn unknown_key(user: &Table, defaults: &Table, prefix: &str) -> Option<(String, String)> {
    for (k, v) in user {
        let full = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match defaults.get(k) {
            None => {
                let allowed: Vec<&str> = defaults.keys().map(|s| s.as_str()).collect();
                return Some((full, allowed.join(", ")));
            }
            Some(Value::Table(d)) => {
                if let Value::Table(u) = v {
                    if let Some(found) = unknown_key(u, d, &full) {
                        return Some(found);
                    }
                }
            }
            Some(_) => {}
        }
    }
    None
}

/// Every leaf `(dotted key, value)` of a table (arrays and inline values are leaves).
pub fn leaves(t: &Table, prefix: &str, out: &mut Vec<(String, Value)>) {
    for (k, v) in t {
        let full = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            Value::Table(inner) if !inner.is_empty() => leaves(inner, &full, out),
            _ => out.push((full, v.clone())),
        }
    }
}

/// Whether `key` names a known leaf or table of the defaults.
pub fn is_known(defaults: &Table, key: &str) -> bool {
    get_path(defaults, key).is_some()
}

/// Deserialize `user` into `T`, naming the offending key on failure.
///
/// `defaults` is `T::default()` serialized. Unknown keys are found by comparison with it; a
/// type or value error is pinned to a key by applying each user leaf alone to the defaults.
pub fn typed<T: serde::de::DeserializeOwned>(
    user: &Table,
    defaults: &Table,
) -> Result<T, (String, String)> {
    if let Some((key, allowed)) = unknown_key(user, defaults, "") {
        return Err((key, format!("unknown key; allowed here: {allowed}")));
    }
    match T::deserialize(Value::Table(user.clone())) {
        Ok(v) => Ok(v),
        Err(whole) => {
            let mut all = Vec::new();
            leaves(user, "", &mut all);
            for (key, value) in all {
                let mut probe = defaults.clone();
                if set_path(&mut probe, &key, value.clone()).is_err() {
                    continue;
                }
                if let Err(e) = T::deserialize(Value::Table(probe)) {
                    return Err((
                        key,
                        format!("bad value {}: {}", short(&value), clean(&e.to_string())),
                    ));
                }
            }
            Err((String::from("(spec)"), clean(&whole.to_string())))
        }
    }
}

/// A value as written in TOML, shortened for messages.
pub fn short(v: &Value) -> String {
    let s = match v {
        Value::String(s) => format!("\"{s}\""),
        other => other.to_string(),
    };
    if s.len() > 60 {
        format!("{}…", &s[..s.floor_char_boundary(57)])
    } else {
        s
    }
}

fn clean(msg: &str) -> String {
    msg.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Dataset-dependent defaults that a struct default cannot express, applied to a spec table
/// before it is typed: detection images (`scenes`, `coco`, `yolo`) are 96 × 96 unless
/// `data.image_size` says otherwise
/// (`image-folder` keeps 32), and their report compares `test_map`, `test_map50`,
/// `test_wmap` and `test_loss` unless `report.metrics` is given.
pub fn dataset_defaults(t: &mut Table) {
    if let Some(Value::Table(d)) = t.get_mut("data") {
        if matches!(
            d.get("dataset").and_then(Value::as_str),
            Some("scenes" | "coco" | "yolo")
        ) {
            if !d.contains_key("image_size") {
                d.insert("image_size".into(), Value::Integer(96));
            }
        } else {
            return;
        }
    } else {
        return;
    }
    // detection reports compare detection metrics unless report.metrics says otherwise
    let report = t
        .entry("report")
        .or_insert_with(|| Value::Table(Table::new()));
    if let Value::Table(r) = report {
        if !r.contains_key("metrics") {
            let m = ["test_map", "test_map50", "test_wmap", "test_loss"];
            r.insert(
                "metrics".into(),
                Value::Array(m.iter().map(|s| Value::String(s.to_string())).collect()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_and_get_dotted() {
        let mut t = Table::new();
        set_path(&mut t, "query.scorer", Value::String("margin".into())).unwrap();
        assert_eq!(
            get_path(&t, "query.scorer").and_then(|v| v.as_str()),
            Some("margin")
        );
        t.insert("x".into(), Value::Integer(1));
        assert!(set_path(&mut t, "x.y", Value::Integer(2)).is_err());
    }
}
