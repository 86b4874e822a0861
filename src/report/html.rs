//! report.html: one self-contained file (inline CSS, figures as inline SVG) that opens
//! offline. It is converted from the report's Markdown, which albench itself writes, so the
//! converter handles exactly that subset: headings, paragraphs, `-` lists, pipe tables,
//! fenced code, `<details>` blocks, `**bold**`, `` `code` `` and `![caption](stem.png)` images.

use super::plots::Rendered;

const CSS: &str = "body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}\
table{border-collapse:collapse;margin:1em 0;font-size:14px}th,td{border:1px solid #ccc;padding:4px 8px}\
th{background:#f3f3f3}td{text-align:right}td:first-child,td:nth-child(2){text-align:left}\
pre{background:#f6f6f6;padding:1em;overflow:auto}figure{margin:1em 0}figcaption{color:#555;font-size:14px}\
svg{max-width:100%;height:auto}";

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Inline markup: escape, then `**bold**` and `` `code` ``.
fn inline(s: &str) -> String {
    let mut out = String::new();
    let e = esc(s);
    let mut bold = false;
    let mut code = false;
    let mut chars = e.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '`' => {
                out.push_str(if code { "</code>" } else { "<code>" });
                code = !code;
            }
            '*' if !code && chars.peek() == Some(&'*') => {
                chars.next();
                out.push_str(if bold { "</strong>" } else { "<strong>" });
                bold = !bold;
            }
            c => out.push(c),
        }
    }
    out
}

fn cells(line: &str) -> Vec<&str> {
    let t = line.trim().trim_start_matches('|').trim_end_matches('|');
    t.split('|').map(str::trim).collect()
}

/// Convert the report Markdown to a standalone HTML page, inlining `figures` (stem, caption,
/// rendering) where the Markdown references `stem.png`.
pub fn report_html(title: &str, md: &str, figures: &[(String, String, Rendered)]) -> String {
    let mut h = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>albench report: {}</title><style>{CSS}</style></head><body>\n",
        esc(title)
    );
    let lines: Vec<&str> = md.lines().collect();
    let mut i = 0;
    let mut in_list = false;
    while i < lines.len() {
        let l = lines[i];
        let t = l.trim();
        if in_list && !t.starts_with("- ") {
            h.push_str("</ul>\n");
            in_list = false;
        }
        if let Some(rest) = t.strip_prefix("```") {
            let lang = esc(rest);
            h.push_str(&format!("<pre><code class=\"{lang}\">"));
            i += 1;
            while i < lines.len() && !lines[i].trim_start().starts_with("```") {
                h.push_str(&esc(lines[i]));
                h.push('\n');
                i += 1;
            }
            h.push_str("</code></pre>\n");
        } else if t.starts_with("<details>") || t.starts_with("</details>") {
            h.push_str(t);
            h.push('\n');
        } else if t.starts_with('|') {
            let header = cells(t);
            h.push_str("<table><thead><tr>");
            for c in &header {
                h.push_str(&format!("<th>{}</th>", inline(c)));
            }
            h.push_str("</tr></thead><tbody>\n");
            i += 2; // skip the separator row
            while i < lines.len() && lines[i].trim().starts_with('|') {
                h.push_str("<tr>");
                for c in cells(lines[i]) {
                    h.push_str(&format!("<td>{}</td>", inline(c)));
                }
                h.push_str("</tr>\n");
                i += 1;
            }
            h.push_str("</tbody></table>\n");
            continue;
        } else if let Some(img) = t.strip_prefix("![") {
            let (caption, rest) = img.split_once("](").unwrap_or((img, ""));
            let stem = rest.trim_end_matches(')').trim_end_matches(".png");
            match figures.iter().find(|(n, _, _)| n == stem) {
                Some((_, _, r)) => {
                    let svg = r.svg.split_once("<svg").map_or(r.svg.as_str(), |(_, s)| s);
                    h.push_str(&format!(
                        "<figure id=\"fig-{stem}\"><svg{svg}<figcaption>{}</figcaption></figure>\n",
                        inline(caption)
                    ));
                }
                None => h.push_str(&format!("<p>[missing figure {}]</p>\n", esc(stem))),
            }
        } else if let Some(x) = t.strip_prefix("### ") {
            h.push_str(&format!("<h3>{}</h3>\n", inline(x)));
        } else if let Some(x) = t.strip_prefix("## ") {
            h.push_str(&format!("<h2>{}</h2>\n", inline(x)));
        } else if let Some(x) = t.strip_prefix("# ") {
            h.push_str(&format!("<h1>{}</h1>\n", inline(x)));
        } else if let Some(x) = t.strip_prefix("- ") {
            if !in_list {
                h.push_str("<ul>\n");
                in_list = true;
            }
            h.push_str(&format!("<li>{}</li>\n", inline(x)));
        } else if !t.is_empty() {
            h.push_str(&format!("<p>{}</p>\n", inline(t)));
        }
        i += 1;
    }
    if in_list {
        h.push_str("</ul>\n");
    }
    h.push_str("</body></html>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_the_subset() {
        let md = "# T\n\nText with **bold** and `code` <x>.\n\n- a\n- b\n\n| h1 | h2 |\n|---|---:|\n| 1 | 2 |\n\n```toml\na = 1\n```\n";
        let h = report_html("t", md, &[]);
        assert!(h.contains("<h1>T</h1>"));
        assert!(
            h.contains("<strong>bold</strong>")
                && h.contains("<code>code</code>")
                && h.contains("&lt;x&gt;")
        );
        assert!(h.contains("<ul>\n<li>a</li>\n<li>b</li>\n</ul>"));
        assert!(h.contains("<th>h1</th><th>h2</th>") && h.contains("<td>1</td><td>2</td>"));
        assert!(h.contains("<pre><code class=\"toml\">a = 1\n</code></pre>"));
    }
}
