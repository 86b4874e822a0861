//! Progress display: an indicatif bar of runs done / total with ETA and one line per active
//! run (label, round, epoch); or plain lines for logs and CI (`--quiet`, or no terminal).

use std::io::IsTerminal;
use std::sync::Mutex;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Receives progress events from runs (slot = worker index).
pub trait Progress: Sync {
    /// A run started in `slot`.
    fn start(&self, _slot: usize, _name: &str) {}
    /// A round started.
    fn round(&self, _slot: usize, _round: u32, _rounds: u32) {}
    /// An epoch ended.
    fn epoch(&self, _slot: usize, _epoch: usize, _max: usize) {}
    /// A run finished; `line` summarises it.
    fn finish(&self, _slot: usize, _line: &str) {}
}

/// A worker's line: its bar and (run name, round, rounds).
type Slot = (ProgressBar, Mutex<(String, u32, u32)>);

/// How to show progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProgressMode {
    /// Bars on a terminal, plain lines otherwise.
    Auto,
    /// Plain lines only.
    Plain,
    /// Nothing (tests).
    Silent,
}

/// The progress display of one `albench run`.
pub struct Display {
    mode: ProgressMode,
    total: usize,
    done: Mutex<usize>,
    multi: Option<MultiProgress>,
    main: Option<ProgressBar>,
    slots: Vec<Slot>,
}

impl Display {
    /// A display for `total` runs on `jobs` workers.
    pub fn new(mode: ProgressMode, total: usize, jobs: usize) -> Self {
        let bars = mode == ProgressMode::Auto && std::io::stderr().is_terminal();
        if !bars {
            let mode = if mode == ProgressMode::Silent {
                mode
            } else {
                ProgressMode::Plain
            };
            return Display {
                mode,
                total,
                done: Mutex::new(0),
                multi: None,
                main: None,
                slots: Vec::new(),
            };
        }
        let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
        let main = multi.add(ProgressBar::new(total as u64));
        main.set_style(
            ProgressStyle::with_template(
                "{bar:30} {pos}/{len} runs  {elapsed_precise} elapsed, ETA {eta_precise}",
            )
            .expect("valid template"),
        );
        main.enable_steady_tick(std::time::Duration::from_millis(500));
        let slots = (0..jobs)
            .map(|_| {
                let b = multi.add(ProgressBar::new_spinner());
                b.set_style(ProgressStyle::with_template("  {msg}").expect("valid template"));
                (b, Mutex::new((String::new(), 0, 0)))
            })
            .collect();
        Display {
            mode,
            total,
            done: Mutex::new(0),
            multi: Some(multi),
            main: Some(main),
            slots,
        }
    }

    /// Finish the display.
    pub fn close(&self) {
        for (b, _) in &self.slots {
            b.finish_and_clear();
        }
        if let Some(m) = &self.main {
            m.finish();
        }
        let _ = &self.multi;
    }

    fn line(&self, s: &str) {
        match (&self.multi, self.mode) {
            (Some(m), _) => {
                let _ = m.println(s);
            }
            (None, ProgressMode::Plain) => eprintln!("{s}"),
            _ => {}
        }
    }
}

impl Progress for Display {
    fn start(&self, slot: usize, name: &str) {
        if let Some((b, st)) = self.slots.get(slot) {
            let mut st = st.lock().expect("progress lock");
            *st = (name.to_string(), 0, 0);
            b.set_message(format!("{name}: starting"));
        }
    }
    fn round(&self, slot: usize, round: u32, rounds: u32) {
        if let Some((b, st)) = self.slots.get(slot) {
            let mut st = st.lock().expect("progress lock");
            st.1 = round;
            st.2 = rounds;
            b.set_message(format!("{}: round {round}/{rounds}", st.0));
        }
    }
    fn epoch(&self, slot: usize, epoch: usize, max: usize) {
        if let Some((b, st)) = self.slots.get(slot) {
            let st = st.lock().expect("progress lock");
            b.set_message(format!(
                "{}: round {}/{}, epoch {epoch} (max {max})",
                st.0, st.1, st.2
            ));
        }
    }
    fn finish(&self, slot: usize, line: &str) {
        let n = {
            let mut d = self.done.lock().expect("progress lock");
            *d += 1;
            *d
        };
        if let Some(m) = &self.main {
            m.inc(1);
        }
        if let Some((b, _)) = self.slots.get(slot) {
            b.set_message("idle");
        }
        self.line(&format!("[{n}/{}] {line}", self.total));
    }
}
