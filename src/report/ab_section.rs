//! The report section of the A/B protocol (`loop.ab`): the NVIDIA paper's two-part Table V
//! (improvement over the reference model on both arms' test data, and on the comparison
//! arm's test data only) plus the run's own test set, with verdicts that say no more than
//! the paired tests show.

use super::analysis::{AbAnalysis, AbLine, AbSet};
use super::cells::p;
use super::document::Block;

fn pts(mean: f64, std: f64) -> String {
    if std.is_finite() {
        format!("{mean:+.2} ± {std:.2}")
    } else {
        format!("{mean:+.2}")
    }
}

fn title(set: &AbSet, comparison: &str) -> String {
    let n = if set.n_images.is_finite() {
        format!(", {:.0} images on average", set.n_images)
    } else {
        String::new()
    };
    match set.test_set.as_str() {
        "union" => format!("(a) Both arms' held-out data (Table Va{n})"),
        "comparison" => format!("(b) The {comparison} arm's held-out data only (Table Vb{n})"),
        _ => format!("(c) The experiment's test set{n}"),
    }
}

/// One sentence per line: which arm improves more, on which evidence. With ≥ 2 repeats the
/// per-repeat test decides (splits of one repeat are not independent); with one repeat the
/// split test does, and the sentence says so.
fn verdict(l: &AbLine, active: &str, comparison: &str) -> String {
    let diff = l.active.0 - l.comparison.0;
    let mut evidence = format!(
        "{:+.2} vs {:+.2} points; paired p = {} over {} split pairs",
        l.active.0,
        l.comparison.0,
        p(&l.p_active_vs_comparison),
        l.n,
    );
    let decisive = if l.repeats >= 2 {
        evidence.push_str(&format!(
            ", {} over {} repeat means",
            p(&l.p_repeats),
            l.repeats
        ));
        l.p_repeats.value()
    } else {
        evidence.push_str(", one repeat: splits treated as independent");
        l.p_active_vs_comparison.value()
    };
    match decisive {
        Some(v) if v < 0.05 && diff > 0.0 => {
            format!(
                "{}: {active} **improves more** than {comparison} ({evidence})",
                l.name
            )
        }
        Some(v) if v < 0.05 => {
            format!(
                "{}: {active} **improves less** than {comparison} ({evidence})",
                l.name
            )
        }
        _ => format!(
            "{}: no conclusion between {active} and {comparison} ({evidence})",
            l.name
        ),
    }
}

/// The verdict lines of every A/B configuration: per class AP and wMAP on the paper's two
/// test sets.
pub fn ab_verdicts(all: &[AbAnalysis]) -> Vec<String> {
    let mut out = Vec::new();
    for a in all {
        for set in a.sets.iter().filter(|s| s.test_set != "test") {
            let which = if set.test_set == "union" {
                "both arms' held-out data"
            } else {
                "the comparison arm's held-out data"
            };
            for l in set
                .lines
                .iter()
                .filter(|l| !matches!(l.name.as_str(), "map" | "map50"))
            {
                out.push(format!(
                    "{} — on {which}: {}",
                    a.label,
                    verdict(l, &a.arms.0, &a.arms.1)
                ));
            }
        }
    }
    out
}

fn mean_std(v: &[f64]) -> String {
    if v.is_empty() {
        return "–".into();
    }
    let s = crate::stats::Summary::of(v);
    if s.std.is_finite() {
        format!("{:.1} ± {:.1}", s.mean, s.std)
    } else {
        format!("{:.1}", s.mean)
    }
}

/// The section's blocks for every A/B configuration.
pub fn ab_blocks(all: &[AbAnalysis]) -> Vec<Block> {
    let mut d = Vec::new();
    for a in all {
        let (active, comparison) = (&a.arms.0, &a.arms.1);
        d.push(Block::Heading(
            2,
            format!(
                "Improvement over the reference model: {} (A/B test)",
                a.label
            ),
        ));
        d.push(Block::Paragraph(format!(
            "The reference model is trained on the base set. The active arm ({active}) and the comparison arm ({comparison}) each select the same number of images from one scoring pass; each selection is split into train and held-out portions several times, and per split one model per arm is trained on the base set plus its train portion. Values are AP (IoU 0.50:0.95) or the named metric in points (×100); Δ = model − reference on the same images, mean ± std over the (repeat, split) pairs. p: paired t of active vs comparison over the split pairs (as the paper's cross-validation does, though splits of one repeat share their selections) and over the per-repeat means (the conservative test, shown when there are ≥ 2 repeats)."
        )));
        for set in &a.sets {
            d.push(Block::Heading(3, title(set, comparison)));
            d.push(Block::Table {
                header: vec![
                    "class / metric".into(),
                    "reference".into(),
                    format!("Δ {comparison}"),
                    format!("Δ {active}"),
                    "p (splits)".into(),
                    "p (repeats)".into(),
                    "n".into(),
                ],
                right: vec![false, true, true, true, true, true, true],
                rows: set
                    .lines
                    .iter()
                    .map(|l| {
                        vec![
                            l.name.clone(),
                            format!("{:.2}", l.reference),
                            pts(l.comparison.0, l.comparison.1),
                            pts(l.active.0, l.active.1),
                            p(&l.p_active_vs_comparison),
                            p(&l.p_repeats),
                            format!("{} ({} repeats)", l.n, l.repeats),
                        ]
                    })
                    .collect(),
            });
        }
        d.push(Block::Heading(3, "Labeling cost".into()));
        d.push(Block::Paragraph("Images and ground-truth boxes in each arm's selection, mean ± std over repeats (the paper: the same number of images, about 12 % more objects in the active selection).".into()));
        d.push(Block::Table {
            header: vec!["arm".into(), "images".into(), "boxes".into()],
            right: vec![false, true, true],
            rows: [active, comparison]
                .iter()
                .zip(&a.cost)
                .map(|(name, c)| vec![name.to_string(), mean_std(&c.images), mean_std(&c.boxes)])
                .collect(),
        });
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::PValue;

    fn line(p_splits: f64, p_repeats: Option<f64>, active: f64) -> AbLine {
        AbLine {
            name: "bicycle".into(),
            n: 6,
            repeats: 2,
            reference: 40.0,
            comparison: (1.0, 0.5),
            active: (active, 0.5),
            p_active_vs_comparison: PValue::of(p_splits),
            p_repeats: p_repeats.map_or(
                PValue::na("needs ≥ 2 runs per method (got 1 and 1)"),
                PValue::of,
            ),
            p_vs_reference: (PValue::of(0.01), PValue::of(0.2)),
        }
    }

    #[test]
    fn verdict_wording() {
        assert_eq!(
            verdict(&line(0.001, Some(0.02), 3.0), "round_robin", "expert"),
            "bicycle: round_robin **improves more** than expert (+3.00 vs +1.00 points; paired p = 0.001 over 6 split pairs, 0.020 over 2 repeat means)"
        );
        assert!(verdict(&line(0.001, Some(0.02), -1.0), "rr", "ex").contains("**improves less**"));
        // significant over splits but not over repeat means: no conclusion
        assert!(
            verdict(&line(0.001, Some(0.3), 3.0), "rr", "ex").starts_with("bicycle: no conclusion")
        );
        // one repeat: the split test decides, and says so
        let mut one = line(0.001, None, 3.0);
        one.repeats = 1;
        let v = verdict(&one, "rr", "ex");
        assert!(
            v.contains("**improves more**")
                && v.contains("one repeat: splits treated as independent"),
            "{v}"
        );
        // two repeats without a repeat-level p (zero variance): no conclusion
        assert!(verdict(&line(0.001, None, 3.0), "rr", "ex").contains("no conclusion"));
    }
}
