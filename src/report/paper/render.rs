//! Publication tables as text: Markdown, CSV, or one standalone LaTeX document (article,
//! booktabs) holding every table.

use super::super::paper_table::{PaperTable, TableFormat};

fn latex_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '_' | '%' | '&' | '#' | '$' | '{' | '}' => {
                o.push('\\');
                o.push(ch);
            }
            '±' => o.push_str("$\\pm$"),
            '†' => o.push_str("$^\\dagger$"),
            '‡' => o.push_str("$^\\ddagger$"),
            '–' => o.push_str("--"),
            '<' => o.push_str("$<$"),
            _ => o.push(ch),
        }
    }
    o
}

fn csv_escape(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Render tables; LaTeX gives one standalone document holding every table.
pub fn render_tables(tables: &[PaperTable], format: TableFormat) -> String {
    let mut out = String::new();
    match format {
        TableFormat::Md => tables.iter().for_each(|t| markdown(t, &mut out)),
        TableFormat::Csv => tables.iter().for_each(|t| csv(t, &mut out)),
        TableFormat::Latex => {
            // article + booktabs: both in Debian's texlive-latex-base / -recommended
            out.push_str("\\documentclass{article}\n\\usepackage[utf8]{inputenc}\n\\usepackage{booktabs}\n\\pagestyle{empty}\n\\begin{document}\n");
            tables.iter().for_each(|t| latex(t, &mut out));
            out.push_str("\\end{document}\n");
        }
    }
    out
}

/// `t` as Markdown: bold caption, table (bold cells in `**`), note.
fn markdown(t: &PaperTable, out: &mut String) {
    out.push_str(&format!("**{}**\n\n", t.caption));
    out.push_str(&format!("| {} |\n", t.header.join(" | ")));
    out.push_str(&format!(
        "|{}|\n",
        t.header
            .iter()
            .enumerate()
            .map(|(i, _)| if i == 0 { "---" } else { "---:" })
            .collect::<Vec<_>>()
            .join("|")
    ));
    for r in &t.rows {
        let cells: Vec<String> = r
            .iter()
            .map(|c| {
                if c.bold {
                    format!("**{}**", c.text)
                } else {
                    c.text.clone()
                }
            })
            .collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    if !t.note.is_empty() {
        out.push_str(&format!("\n{}\n", t.note));
    }
    out.push('\n');
}

/// `t` as CSV under a `# caption` line: values without marks or bold.
fn csv(t: &PaperTable, out: &mut String) {
    out.push_str(&format!("# {}\n", t.caption));
    out.push_str(
        &t.header
            .iter()
            .map(|h| csv_escape(h))
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push('\n');
    for r in &t.rows {
        let cells: Vec<String> = r
            .iter()
            .map(|c| csv_escape(c.text.trim_end_matches(['†', '‡'])))
            .collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
}

/// `t` as a booktabs tabular under its bold caption, the note in footnote size under it.
fn latex(t: &PaperTable, out: &mut String) {
    out.push_str(&format!(
        "\\textbf{{{}}}\\par\\medskip\n",
        latex_escape(&t.caption)
    ));
    let spec = format!("l{}", "r".repeat(t.header.len().saturating_sub(1)));
    out.push_str(&format!("\\begin{{tabular}}{{{spec}}}\n\\toprule\n"));
    let head: Vec<String> = t.header.iter().map(|h| latex_escape(h)).collect();
    out.push_str(&format!("{} \\\\\n\\midrule\n", head.join(" & ")));
    for r in &t.rows {
        let cells: Vec<String> = r
            .iter()
            .map(|c| {
                let e = latex_escape(&c.text);
                if c.bold {
                    format!("\\textbf{{{e}}}")
                } else {
                    e
                }
            })
            .collect();
        out.push_str(&format!("{} \\\\\n", cells.join(" & ")));
    }
    out.push_str("\\bottomrule\n\\end{tabular}\n");
    if !t.note.is_empty() {
        out.push_str(&format!(
            "\\par\\smallskip{{\\footnotesize {}}}\n",
            latex_escape(&t.note)
        ));
    }
    out.push_str("\\bigskip\n\n");
}
