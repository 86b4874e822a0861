//! Progress of building a data-cache file (generating or decoding its images), shown as
//! `albench run` shows the progress of its runs: an indicatif bar on a terminal, plain lines
//! under `--quiet` or without a terminal. Plain lines are written only for files of at least
//! [`PLAIN_MIN`] images (one at each tenth, one when done), so small builds stay silent and an
//! error stays the only line of a failed run.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};

/// Images from which a build writes plain progress lines.
pub const PLAIN_MIN: usize = 10_000;

/// The progress of one file being built: `n` images.
pub struct LoadProgress {
    bar: Option<ProgressBar>,
    plain: bool,
    what: String,
    n: usize,
    done: AtomicUsize,
    started: Instant,
}

impl LoadProgress {
    /// Progress over `n` images described by `what` (e.g. "decoding 1200 images of coco
    /// (train)"); `quiet`: plain lines instead of a bar.
    pub fn new(quiet: bool, n: usize, what: String) -> Self {
        let terminal = !quiet && std::io::stderr().is_terminal();
        let bar = terminal.then(|| {
            let bar = ProgressBar::new(n as u64);
            if let Ok(s) = ProgressStyle::with_template("{msg} {bar:30} {pos}/{len} images ({eta})")
            {
                bar.set_style(s);
            }
            bar.set_message(format!("data cache: {what}"));
            bar
        });
        LoadProgress {
            bar,
            plain: !terminal && n >= PLAIN_MIN,
            what,
            n,
            done: AtomicUsize::new(0),
            started: Instant::now(),
        }
    }

    /// No progress shown (loading into memory).
    pub fn hidden() -> Self {
        LoadProgress {
            bar: None,
            plain: false,
            what: String::new(),
            n: 0,
            done: AtomicUsize::new(0),
            started: Instant::now(),
        }
    }

    /// `k` more images are done (callable from several threads).
    pub fn inc(&self, k: usize) {
        if let Some(b) = &self.bar {
            b.inc(k as u64);
        }
        let before = self.done.fetch_add(k, Ordering::Relaxed);
        if self.plain && self.n > 0 {
            let (a, b) = (10 * before / self.n, 10 * (before + k) / self.n);
            if b > a && before + k < self.n {
                eprintln!(
                    "data cache: {}: {}/{} images, {:.1} s",
                    self.what,
                    before + k,
                    self.n,
                    self.started.elapsed().as_secs_f64()
                );
            }
        }
    }

    /// The file is complete.
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
        if self.plain {
            eprintln!(
                "data cache: {}: done in {:.1} s",
                self.what,
                self.started.elapsed().as_secs_f64()
            );
        }
    }
}
