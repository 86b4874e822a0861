//! The little CSV the compact results use: fields quoted only when they hold a comma, a
//! quote or a line break (quotes doubled), numbers in Rust's shortest round-trip form
//! (`{:?}`: `0.1`, `1e-7`, `NaN`), an empty field for a missing value.

/// `s` as one CSV field.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// An optional f64: its shortest round-trip text (parses back to the same bits, NaN aside),
/// empty for `None`.
pub fn opt_f64(v: Option<f64>) -> String {
    v.map_or_else(String::new, |x| format!("{x:?}"))
}

/// An optional integer, empty for `None`.
pub fn opt_int<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or_else(String::new, |x| x.to_string())
}

/// Split `text` into records of fields (the inverse of [`field`] joined by commas, one
/// record per line); a quoted field may span lines. Errors name the 1-based line.
pub fn records(text: &str) -> Result<Vec<Vec<String>>, String> {
    let mut out = Vec::new();
    let (mut rec, mut cur) = (Vec::new(), String::new());
    let (mut quoted, mut line) = (false, 1usize);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cur.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => {
                line += usize::from(c == '\n');
                cur.push(c);
            }
            (false, '"') if cur.is_empty() => quoted = true,
            (false, ',') => rec.push(std::mem::take(&mut cur)),
            (false, '\n') => {
                rec.push(std::mem::take(&mut cur));
                out.push(std::mem::take(&mut rec));
                line += 1;
            }
            (false, c) => cur.push(c),
        }
    }
    if quoted {
        return Err(format!("line {line}: a quoted field is not closed"));
    }
    if !cur.is_empty() || !rec.is_empty() {
        rec.push(cur);
        out.push(rec);
    }
    Ok(out)
}

/// Parse a field: `None` when empty.
pub fn parse_opt<T: std::str::FromStr>(s: &str, what: &str) -> Result<Option<T>, String> {
    if s.is_empty() {
        return Ok(None);
    }
    s.parse::<T>()
        .map(Some)
        .map_err(|_| format!("{what}: cannot read {s:?}"))
}

/// Parse a required field.
pub fn parse<T: std::str::FromStr>(s: &str, what: &str) -> Result<T, String> {
    parse_opt(s, what)?.ok_or_else(|| format!("{what}: missing"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_numbers_round_trip() {
        let fields = ["a", "b,c", "say \"hi\"", "two\nlines", ""];
        let line: Vec<String> = fields.iter().map(|f| field(f)).collect();
        let text = format!("{}\nx,y\n", line.join(","));
        let r = records(&text).unwrap();
        assert_eq!(
            r[0],
            fields.iter().map(|s| s.to_string()).collect::<Vec<_>>()
        );
        assert_eq!(r[1], vec!["x", "y"]);
        for x in [0.1, 1e-7, 0.8634999999999999, f64::MAX, -0.0, 3.0] {
            let back: f64 = parse(&opt_f64(Some(x)), "x").unwrap();
            assert_eq!(back.to_bits(), x.to_bits(), "{x}");
        }
        assert_eq!(parse_opt::<f64>(&opt_f64(None), "x").unwrap(), None);
        assert!(records("\"open").is_err());
    }
}
