//! The report as a document model: a list of [`Block`]s built once from the analysis, then
//! rendered to Markdown ([`Document::markdown`]) and to a self-contained HTML page
//! ([`Document::html`], inline CSS, figures as inline SVG, opens offline). Neither renderer
//! parses the other's output.
//!
//! Inline text may use `**bold**` and `` `code` ``; both renderers understand exactly that.

use super::plots::Rendered;

/// One block of a report.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// A heading of level 1–3.
    Heading(u8, String),
    /// A paragraph (each line a paragraph in HTML).
    Paragraph(String),
    /// A bulleted list (nothing when empty).
    List(Vec<String>),
    /// A table: header cells, right alignment per column, rows of cells.
    Table {
        /// Header cells.
        header: Vec<String>,
        /// Whether each column is right-aligned (numbers).
        right: Vec<bool>,
        /// Rows of cells.
        rows: Vec<Vec<String>>,
    },
    /// A figure written beside the report as `<stem>.png` / `<stem>.svg`.
    Figure {
        /// File stem.
        stem: String,
        /// Caption.
        caption: String,
    },
    /// A collapsed block holding a code listing.
    Details {
        /// Summary line.
        summary: String,
        /// Language of the listing.
        lang: String,
        /// The listing, ending with a newline.
        code: String,
    },
}

/// A whole report.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    /// Page title (HTML `<title>`).
    pub title: String,
    /// Blocks in order.
    pub blocks: Vec<Block>,
}

const CSS: &str = "body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}\
table{border-collapse:collapse;margin:1em 0;font-size:14px}th,td{border:1px solid #ccc;padding:4px 8px}\
th{background:#f3f3f3}td{text-align:right}td:first-child,td:nth-child(2){text-align:left}\
pre{background:#f6f6f6;padding:1em;overflow:auto}figure{margin:1em 0}figcaption{color:#555;font-size:14px}\
svg{max-width:100%;height:auto}";

/// One Markdown table row: `| a | b |` (an empty cell is `| |`).
fn md_row(cells: &[String]) -> String {
    let mut s = String::from("|");
    for c in cells {
        if c.is_empty() {
            s.push_str(" |");
        } else {
            s.push(' ');
            s.push_str(c);
            s.push_str(" |");
        }
    }
    s.push('\n');
    s
}

impl Block {
    /// Markdown of the block; every block but a list ends with a blank line.
    fn markdown(&self) -> String {
        match self {
            Block::Heading(level, t) => format!("{} {t}\n\n", "#".repeat(*level as usize)),
            Block::Paragraph(t) => format!("{t}\n\n"),
            Block::List(items) => items.iter().map(|i| format!("- {i}\n")).collect(),
            Block::Table {
                header,
                right,
                rows,
            } => {
                let mut s = md_row(header);
                s.push('|');
                for r in right {
                    s.push_str(if *r { "---:|" } else { "---|" });
                }
                s.push('\n');
                for row in rows {
                    s.push_str(&md_row(row));
                }
                s.push('\n');
                s
            }
            Block::Figure { stem, caption } => format!("![{caption}]({stem}.png)\n\n"),
            Block::Details {
                summary,
                lang,
                code,
            } => format!(
                "<details><summary>{summary}</summary>\n\n```{lang}\n{code}```\n</details>\n\n"
            ),
        }
    }
}

impl Document {
    /// Markdown. A level-2 heading starts a section: one blank line separates it from a
    /// list, two from a table or figure (sections stand apart), one from a paragraph.
    pub fn markdown(&self) -> String {
        let mut s = String::new();
        let mut prev: Option<&Block> = None;
        for b in &self.blocks {
            if let (Block::Heading(2, _), Some(p)) = (b, prev) {
                if !matches!(p, Block::Paragraph(_) | Block::Heading(..)) {
                    s.push('\n');
                }
            }
            s.push_str(&b.markdown());
            prev = Some(b);
        }
        s
    }

    /// A standalone HTML page; `figures` (stem, caption, rendering) are inlined as SVG where
    /// the document places them.
    pub fn html(&self, figures: &[(String, String, Rendered)]) -> String {
        let mut h = format!(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>albench report: {}</title><style>{CSS}</style></head><body>\n",
            esc(&self.title)
        );
        for b in &self.blocks {
            html_block(&mut h, b, figures);
        }
        h.push_str("</body></html>\n");
        h
    }
}

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

fn html_block(h: &mut String, b: &Block, figures: &[(String, String, Rendered)]) {
    match b {
        Block::Heading(level, t) => h.push_str(&format!("<h{level}>{}</h{level}>\n", inline(t))),
        Block::Paragraph(t) => {
            for line in t.lines().map(str::trim).filter(|l| !l.is_empty()) {
                h.push_str(&format!("<p>{}</p>\n", inline(line)));
            }
        }
        Block::List(items) if items.is_empty() => {}
        Block::List(items) => {
            h.push_str("<ul>\n");
            for i in items {
                h.push_str(&format!("<li>{}</li>\n", inline(i)));
            }
            h.push_str("</ul>\n");
        }
        Block::Table { header, rows, .. } => {
            h.push_str("<table><thead><tr>");
            for c in header {
                h.push_str(&format!("<th>{}</th>", inline(c)));
            }
            h.push_str("</tr></thead><tbody>\n");
            for row in rows {
                h.push_str("<tr>");
                for c in row {
                    h.push_str(&format!("<td>{}</td>", inline(c)));
                }
                h.push_str("</tr>\n");
            }
            h.push_str("</tbody></table>\n");
        }
        Block::Figure { stem, caption } => match figures.iter().find(|(n, _, _)| n == stem) {
            Some((_, _, r)) => {
                let svg = r.svg.split_once("<svg").map_or(r.svg.as_str(), |(_, s)| s);
                h.push_str(&format!(
                    "<figure id=\"fig-{stem}\"><svg{svg}<figcaption>{}</figcaption></figure>\n",
                    inline(caption)
                ));
            }
            None => h.push_str(&format!("<p>[missing figure {}]</p>\n", esc(stem))),
        },
        Block::Details {
            summary,
            lang,
            code,
        } => {
            h.push_str(&format!(
                "<details><summary>{summary}</summary>\n<pre><code class=\"{}\">",
                esc(lang)
            ));
            for line in code.lines() {
                h.push_str(&esc(line));
                h.push('\n');
            }
            h.push_str("</code></pre>\n</details>\n");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Document {
        Document {
            title: "t".into(),
            blocks: vec![
                Block::Heading(1, "T".into()),
                Block::Paragraph("Text with **bold** and `code` <x>.".into()),
                Block::List(vec!["a".into(), "b".into()]),
                Block::Heading(2, "S".into()),
                Block::Table {
                    header: vec!["".into(), "h2".into()],
                    right: vec![false, true],
                    rows: vec![vec!["1".into(), "2".into()]],
                },
                Block::Heading(2, "U".into()),
                Block::Details {
                    summary: "Spec".into(),
                    lang: "toml".into(),
                    code: "a = 1\n".into(),
                },
            ],
        }
    }

    #[test]
    fn markdown_spacing() {
        let md = doc().markdown();
        assert_eq!(
            md,
            "# T\n\nText with **bold** and `code` <x>.\n\n- a\n- b\n\n## S\n\n| | h2 |\n|---|---:|\n| 1 | 2 |\n\n\n## U\n\n<details><summary>Spec</summary>\n\n```toml\na = 1\n```\n</details>\n\n"
        );
    }

    #[test]
    fn html_of_each_block() {
        let h = doc().html(&[]);
        assert!(h.contains("<h1>T</h1>"));
        assert!(
            h.contains("<strong>bold</strong>")
                && h.contains("<code>code</code>")
                && h.contains("&lt;x&gt;")
        );
        assert!(h.contains("<ul>\n<li>a</li>\n<li>b</li>\n</ul>"));
        assert!(h.contains("<th></th><th>h2</th>") && h.contains("<td>1</td><td>2</td>"));
        assert!(h.contains("<pre><code class=\"toml\">a = 1\n</code></pre>"));
    }
}
