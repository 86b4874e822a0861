//! A paper page and the index, as Markdown: the source's table regenerated on our data, the
//! source's values beside it, and one line per claim with its p-value. No IO.

use super::super::ab_section::ab_blocks;
use super::super::analysis::{Analysis, MetricAnalysis};
use super::super::auc::auc_table;
use super::super::document::{Block, Document};
use super::super::family;
use super::super::tables::{final_table, per_round_table, pvalue_table, rounds_table};
use super::claims::{check_claims, text_of, ClaimCheck, Outcome};
use super::pages::{PaperPage, NOT_REPRODUCED};
pub use super::provenance::PageRun;
use super::provenance::{differences, provenance};
use super::source_p::source_p_section;
use crate::stats::Summary;

/// The page of `page` from the analysis `a` of its results; returns the Markdown and the
/// claim checks (for the index).
pub fn page_markdown(page: &PaperPage, a: &Analysis, run: &PageRun) -> (String, Vec<ClaimCheck>) {
    let mut d = vec![
        Block::Heading(1, page.title.to_string()),
        Block::Paragraph(format!("Source: {}.", page.source)),
    ];
    d.extend(provenance(page, run));
    let checks: Vec<ClaimCheck> = check_claims(page.claims, a);
    d.push(Block::Heading(2, "Claims".into()));
    d.push(Block::List(
        checks
            .iter()
            .map(|c| format!("{}: {} ({})", c.text, c.outcome.word(), c.evidence))
            .collect(),
    ));
    d.push(Block::Heading(2, "Our values".into()));
    d.push(Block::Paragraph("The claims above are decided by one correction over the page's claim tests, and by nothing below. The tables below describe the results; each corrected p-value names its own family.".into()));
    if a.ab.is_empty() {
        for m in &a.metrics {
            d.extend(metric_values(m, a));
        }
        d.extend(mislabeled_table(a));
    } else {
        d.extend(ab_blocks(&a.ab).into_iter().map(|b| match b {
            Block::Heading(l, t) => Block::Heading(l + 1, t),
            other => other,
        }));
    }
    d.extend(source_values(page));
    d.extend(source_p_section(page, a));
    d.extend(differences(page));
    let doc = Document {
        title: page.title.to_string(),
        blocks: d,
    };
    (doc.markdown(), checks)
}

/// Our values of one metric: AUC, pairwise p-values, final budget, every round against the
/// baseline (when analysed), metric per round.
fn metric_values(m: &MetricAnalysis, a: &Analysis) -> Vec<Block> {
    let base = a.baseline.as_deref().unwrap_or("the baseline");
    let mut d = vec![Block::Heading(3, format!("AUC of {}", m.metric))];
    d.extend(auc_table(m, a.baseline.as_deref()));
    d.push(Block::Paragraph(format!(
        "p (corrected): {}.",
        family::auc_of(a.correction, m, base)
    )));
    d.push(Block::Heading(
        3,
        format!(
            "Pairwise p-values of {} ({:?}; {})",
            m.metric,
            a.test,
            family::pairwise_of(a.correction, m)
        ),
    ));
    d.push(pvalue_table(m));
    if !m.final_budget.is_empty() {
        let at = match m.window {
            Some((_, hi)) => format!(" ({hi:.0} labels)"),
            None => String::new(),
        };
        d.push(Block::Heading(
            3,
            format!("{} at the final budget{at}", m.metric),
        ));
        d.push(final_table(m, a.baseline.as_deref()));
        d.push(Block::Paragraph(format!(
            "p (corrected): {}.",
            family::final_of(a.correction, m, base)
        )));
    }
    if !m.per_round.is_empty() {
        d.push(Block::Heading(
            3,
            format!(
                "{} against {base} at every round ({:?}; {})",
                m.metric,
                a.test,
                family::per_round_of(a.correction, m, base)
            ),
        ));
        d.push(per_round_table(m, a.baseline.as_deref()));
    }
    d.push(Block::Heading(
        3,
        if m.by_range {
            format!("{} per number of labels", m.metric)
        } else {
            format!("{} per round", m.metric)
        },
    ));
    d.push(rounds_table(m));
    d
}

/// The mislabeled fraction of round 1's picks per method, when recorded.
fn mislabeled_table(a: &Analysis) -> Vec<Block> {
    if a.selections.mislabeled_runs.is_empty() {
        return Vec::new();
    }
    vec![
        Block::Heading(3, "Mislabeled among round 1's picks".into()),
        Block::Table {
            header: vec![
                "method".into(),
                "runs".into(),
                "mislabeled (mean ± std over runs)".into(),
            ],
            right: vec![false, true, true],
            rows: a
                .selections
                .mislabeled_runs
                .iter()
                .map(|(l, v)| {
                    let s = Summary::of(v);
                    vec![
                        l.clone(),
                        s.n.to_string(),
                        format!("{:.1}% ± {:.1}", 100.0 * s.mean, 100.0 * s.std),
                    ]
                })
                .collect(),
        },
    ]
}

/// The source's values: how comparable they are, and the table of them.
fn source_values(page: &PaperPage) -> Vec<Block> {
    let mut d = vec![
        Block::Heading(2, "The source's values".into()),
        Block::Paragraph(page.comparability.to_string()),
    ];
    if !page.paper.is_empty() {
        d.push(Block::Table {
            header: vec!["row".into(), "column".into(), "source".into()],
            right: vec![false, false, true],
            rows: page
                .paper
                .iter()
                .map(|v| vec![v.row.to_string(), v.column.to_string(), v.value.to_string()])
                .collect(),
        });
    }
    d
}

/// A generated page: how it was made and its claim checks.
pub type MadePage = (PageRun, Vec<ClaimCheck>);

/// One page of the index: the page, how it was made (when it was), and the bytes of its
/// committed compact results (when there are some).
pub type IndexEntry<'a> = (&'a PaperPage, Option<MadePage>, Option<u64>);

/// A size in KiB with one decimal.
fn kib(bytes: u64) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}

/// `reports/paper/index.md`: one line per page (with its claims' outcomes when made, and
/// the size of its committed results).
pub fn index_markdown(pages: &[IndexEntry]) -> String {
    let mut rows = Vec::new();
    let total: u64 = pages.iter().filter_map(|e| e.2).sum();
    for (p, made, size) in pages {
        let (scale, claims) = match made {
            Some((run, checks)) => {
                let count = |o: Outcome| checks.iter().filter(|c| c.outcome == o).count();
                // a record made before the page's claims changed: its counts are of other claims
                let stale = checks.len() != p.claims.len()
                    || checks
                        .iter()
                        .zip(p.claims)
                        .any(|(c, k)| c.text != text_of(k));
                (
                    if stale {
                        format!(
                            "{} (made before its claims changed: to regenerate)",
                            run.scale
                        )
                    } else if size.is_none() {
                        // made before pages kept their compact results: by older generators
                        format!(
                            "{} (made before pages kept their results: to regenerate)",
                            run.scale
                        )
                    } else {
                        run.scale.clone()
                    },
                    format!(
                        "{} hold, {} do not, {} no conclusion, {} not computed",
                        count(Outcome::Holds),
                        count(Outcome::Contradicted),
                        count(Outcome::NoConclusion),
                        count(Outcome::NotComputed)
                    ),
                )
            }
            None => ("–".into(), "not generated yet".into()),
        };
        rows.push(vec![
            format!("[{}]({}.md)", p.title, p.name),
            format!("`experiments/paper/{}.toml`", p.name),
            scale,
            claims,
            size.map_or_else(
                || "none".to_string(),
                |b| format!("[{}](results/{}/)", kib(b), p.name),
            ),
        ]);
    }
    Document {
        title: "Paper tables".into(),
        blocks: vec![
            Block::Heading(1, "The source papers' tables on our data".into()),
            Block::Paragraph("Each page regenerates one table of a source paper with one spec under experiments/paper/, states the command, commit, machine, elapsed wall time and summed run time, puts the source's values beside ours, and checks each claim the source makes from the table: **holds** (the claimed direction, p < 0.05 after one correction over the page's claim tests), **does not hold** (the opposite, significant), or no conclusion; and lists how its protocol differs from the source's. Regenerate with `albench tables --paper [--only NAME] [--scale smoke|full]`.".into()),
            Block::Paragraph(format!("Each page's compact results (its runs' round tables, selections and A/B tables; `results/<page>/` beside the pages, {} in all) are committed with it: `albench tables --paper --from-committed [--only NAME] [--scale smoke|full]` rebuilds every page that has them, and this index, without training, byte-identical to the committed pages.", kib(total))),
            Block::Table {
                header: vec!["page".into(), "spec".into(), "scale".into(), "claims".into(), "committed results".into()],
                right: vec![false, false, false, false, true],
                rows,
            },
            Block::Heading(2, "Not reproduced".into()),
            Block::Paragraph("Source results without a page, and why:".into()),
            Block::List(
                NOT_REPRODUCED
                    .iter()
                    .map(|n| format!("{}: {}.", n.what, n.why))
                    .collect(),
            ),
        ],
    }
    .markdown()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::paper::pages::PAGES;

    fn run() -> PageRun {
        PageRun {
            command: "albench tables --paper".into(),
            version: "0".into(),
            commit: "abc".into(),
            run_commit: String::new(),
            machine: "m".into(),
            wall_s: 2.0,
            elapsed_s: Some(1.0),
            scale: "full".into(),
            repeats: 3,
            init_scheme: "keras".into(),
            baselines: Vec::new(),
        }
    }

    #[test]
    fn a_record_of_other_claims_is_marked_stale_in_the_index() {
        let p = &PAGES[0];
        let current: Vec<ClaimCheck> = p
            .claims
            .iter()
            .map(|c| ClaimCheck {
                text: text_of(c).into(),
                outcome: Outcome::Holds,
                evidence: String::new(),
            })
            .collect();
        let mut old = current.clone();
        old[0].text.push_str(" (as it read before)");
        let fresh = index_markdown(&[(p, Some((run(), current.clone())), Some(2048))]);
        let stale = index_markdown(&[(p, Some((run(), old)), None)]);
        let mark = "full (made before its claims changed: to regenerate)";
        assert!(!fresh.contains(mark), "{fresh}");
        assert!(stale.contains(mark), "{stale}");
        assert!(fresh.contains("## Not reproduced"), "{fresh}");
        // the committed results' size, per page and in all
        assert!(fresh.contains("| [2.0 KiB](results/"), "{fresh}");
        assert!(fresh.contains(", 2.0 KiB in all)"), "{fresh}");
        assert!(stale.contains("| none |"), "{stale}");
        // current claims but no committed results: made by older generators
        let bare = index_markdown(&[(p, Some((run(), current)), None)]);
        assert!(
            bare.contains("full (made before pages kept their results: to regenerate)"),
            "{bare}"
        );
    }
}
