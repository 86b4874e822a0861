//! How a paper page was made, as the page states it: command, commit, machine, elapsed wall
//! time and summed run time (each named), the result directories it reads and which other
//! pages share them; and the page's "differs from the source" and source-notes sections.
//! No IO.

use super::super::document::Block;
use super::pages::{PaperPage, PAGES};

/// How a page's results were made (stated on the page).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct PageRun {
    /// The command that regenerates the page.
    pub command: String,
    /// albench version.
    pub version: String,
    /// The git commit the page's compact results were written with, from its runs (`git
    /// describe --always --dirty`), or `unknown` outside a git checkout; `--from-committed`
    /// keeps it (its re-rendered text is that of the commit holding the page). Empty in
    /// records written before it was stated.
    #[serde(default)]
    pub commit: String,
    /// The commit albench was built from when it made the runs (the manifest's
    /// `albench_commit`). Empty when the manifest predates it.
    #[serde(default)]
    pub run_commit: String,
    /// Machine fingerprint(s) of the runs.
    pub machine: String,
    /// Summed run time: the sum of the manifest's per-run wall times, seconds (`--jobs`
    /// runs side by side, so this exceeds the elapsed time).
    pub wall_s: f64,
    /// Elapsed wall time: the manifest's first start to its last end, seconds (pauses
    /// between resumed invocations included); `None` when not recorded.
    #[serde(default)]
    pub elapsed_s: Option<f64>,
    /// `smoke` or `full`.
    pub scale: String,
    /// Repeats per configuration.
    pub repeats: u32,
    /// `model.init_scheme` of the runs, from the manifest (the distinct schemes, comma
    /// separated); empty in records written before it was stated.
    #[serde(default)]
    pub init_scheme: String,
    /// One line per pretrained baseline the runs started from: the `albench pretrain`
    /// command and what it printed (data, epochs, test accuracy and loss).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub baselines: Vec<String>,
}

/// Seconds since the epoch of a `YYYY-MM-DDTHH:MM:SSZ` timestamp (the manifest's format);
/// `None` for anything else.
pub fn epoch_seconds(t: &str) -> Option<i64> {
    let b = t.as_bytes();
    if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[19] != b'Z' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| t.get(r)?.parse::<i64>().ok();
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    // days from civil (Howard Hinnant), the inverse of src/results/time.rs
    let y = if mo <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + h * 3600 + mi * 60 + s)
}

/// Elapsed seconds from `started` to `ended` (manifest timestamps); `None` when either is
/// missing or malformed, or `ended` precedes `started`.
pub fn elapsed_between(started: &str, ended: &str) -> Option<f64> {
    let (a, b) = (epoch_seconds(started)?, epoch_seconds(ended)?);
    (b >= a).then(|| (b - a) as f64)
}

/// The result directories of `page` (its runs, its baselines' weights), each with the other
/// pages that read it.
pub fn result_dirs(page: &PaperPage, results_root: &str) -> Vec<String> {
    let mine = |p: &PaperPage| -> Vec<String> {
        let mut v = vec![format!("{results_root}/{}/", p.name)];
        v.extend(p.pretrain.iter().map(|b| b.out.to_string()));
        v
    };
    mine(page)
        .into_iter()
        .map(|d| {
            let others: Vec<&str> = PAGES
                .iter()
                .filter(|q| q.name != page.name && mine(q).contains(&d))
                .map(|q| q.name)
                .collect();
            if others.is_empty() {
                format!("`{d}` (no other page reads it)")
            } else {
                format!("`{d}` (shared with {})", others.join(", "))
            }
        })
        .collect()
}

/// The "how this page was made" section.
pub fn provenance(page: &PaperPage, run: &PageRun) -> Vec<Block> {
    let root = if run.scale == "smoke" {
        "results/paper-smoke"
    } else {
        "results/paper"
    };
    let commit = if run.commit.is_empty() {
        "not recorded"
    } else {
        &run.commit
    };
    let init = if run.init_scheme.is_empty() {
        "not recorded".to_string()
    } else {
        format!("`{}`", run.init_scheme)
    };
    let elapsed = run.elapsed_s.map_or_else(
        || "not recorded".to_string(),
        |s| format!("{s:.0} s (the manifest's first run start to its last run end)"),
    );
    let mut items = vec![
        format!(
            "Command: `{}` (scale `{}`, {} repeats per method).",
            run.command, run.scale, run.repeats
        ),
        if run.run_commit.is_empty() {
            format!(
                "albench {}; the runs' commit is not recorded (their manifest predates it); its results compacted at commit `{commit}`; the text is rendered by the generators of the commit that holds this page.",
                run.version
            )
        } else {
            format!(
                "albench {}; the runs made at commit `{}` (from the manifest), its results compacted at commit `{commit}`; the text is rendered by the generators of the commit that holds this page.",
                run.version, run.run_commit
            )
        },
        format!("Machine: `{}`.", run.machine),
        format!("Initialisation (`model.init_scheme`, from the manifest): {init}."),
        format!("Elapsed wall time: {elapsed}."),
        format!(
            "Summed run time: {:.0} s (the runs' wall times added up; `--jobs` runs them side by side).",
            run.wall_s
        ),
        format!("Result directories: {}.", result_dirs(page, root).join("; ")),
        format!(
            "Committed compact results: `{}/results/{}/` (`albench tables --paper --from-committed{}` rebuilds this page from them, without training).",
            if run.scale == "smoke" { "reports/paper-smoke" } else { "reports/paper" },
            page.name,
            if run.scale == "smoke" { " --scale smoke" } else { "" },
        ),
    ];
    if run.scale == "smoke" {
        items.push("**Smoke scale**: tiny data and few epochs, to check the pipeline; its numbers are not evidence for or against the claims.".into());
    }
    let mut d = vec![
        Block::Heading(2, "How this page was made".into()),
        Block::List(items),
    ];
    if !run.baselines.is_empty() {
        d.push(Block::Paragraph(
            "The baselines were pretrained first (once, at the spec's full scale, and used by every scale):".into(),
        ));
        d.push(Block::List(run.baselines.clone()));
    }
    d
}

/// The "differs from the source" section and the notes quoting the source.
pub fn differences(page: &PaperPage) -> Vec<Block> {
    let mut d = vec![
        Block::Heading(2, "Differs from the source".into()),
        Block::List(page.differs.iter().map(|s| s.to_string()).collect()),
    ];
    if !page.notes.is_empty() {
        d.push(Block::Heading(2, "Notes on the source".into()));
        d.push(Block::List(
            page.notes.iter().map(|s| s.to_string()).collect(),
        ));
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_and_elapsed() {
        // the inverses of src/results/time.rs's known dates
        assert_eq!(epoch_seconds("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(epoch_seconds("2000-02-29T00:00:00Z"), Some(951_782_400));
        assert_eq!(epoch_seconds("2023-11-14T22:13:20Z"), Some(1_700_000_000));
        assert_eq!(epoch_seconds("2023-11-14 22:13:20"), None);
        // 23:59:30 → 00:01:00 next day: 90 s
        assert_eq!(
            elapsed_between("2026-12-06T23:59:30Z", "2026-12-07T00:01:00Z"),
            Some(90.0)
        );
        assert_eq!(elapsed_between("2026-12-07T00:01:00Z", ""), None);
        assert_eq!(
            elapsed_between("2026-12-07T00:01:00Z", "2026-12-06T00:01:00Z"),
            None
        );
    }

    #[test]
    fn every_page_states_its_differences_and_its_dirs() {
        for p in PAGES {
            assert!(!p.differs.is_empty(), "{} lists no difference", p.name);
            let dirs = result_dirs(p, "results/paper");
            assert!(dirs[0].starts_with(&format!("`results/paper/{}/`", p.name)));
            assert_eq!(dirs.len(), 1 + p.pretrain.len());
        }
    }
}
