//! Fault injection for the reliability tests: a crash, a full disk or a read-only filesystem
//! at an exact, repeatable moment of `albench run` / `albench report`.
//!
//! Off unless the environment variable `ALBENCH_FAULT` is set (never in normal use):
//!
//! ```text
//! ALBENCH_FAULT=<action>:<point>:<n>[:<path part>]
//! ```
//!
//! - `point`: `step` (after a training step), `temp` (an atomic write has written half of its
//!   bytes to the temp file: the file on disk is partial; also a run claim's pid file, before
//!   it is linked), `rename` (the temp file is complete and synced, not yet renamed);
//! - `n` (≥ 1): act on the n-th hit of that point in this process;
//! - `path part`: count only writes whose target path contains it (`temp`, `rename`);
//! - `action`: `kill` (SIGKILL to this process: no destructor, no flush, like `kill -9` or a
//!   power cut), `enospc` / `erofs` (the write fails as on a full / read-only filesystem),
//!   `sigint` (SIGINT to this process, as Ctrl-C: the sweep stops handing out runs, then
//!   exits 130).
//!
//! Hits are counted per process, so a test is deterministic with `--jobs 1`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// Where a fault can be injected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Point {
    /// After an optimizer step.
    Step,
    /// Half-way through writing an atomic write's temp file.
    Temp,
    /// After the temp file is complete and synced, before the rename.
    Rename,
}

/// What to do at the fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// SIGKILL this process.
    Kill,
    /// Fail the write with ENOSPC.
    NoSpace,
    /// Fail the write with EROFS.
    ReadOnly,
    /// SIGINT this process (Ctrl-C) and go on.
    Interrupt,
}

/// A parsed `ALBENCH_FAULT`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fault {
    /// Action.
    pub action: Action,
    /// Point.
    pub point: Point,
    /// 1-based hit to act on.
    pub n: u64,
    /// Only writes whose path contains this count.
    pub path_part: Option<String>,
}

const USAGE: &str = "expected <kill|enospc|erofs|sigint>:<step|temp|rename>:<n ≥ 1>[:<path part>]";

/// Parse an `ALBENCH_FAULT` value.
pub fn parse(s: &str) -> Result<Fault, String> {
    let bad = || format!("ALBENCH_FAULT={s}: {USAGE}");
    let mut parts = s.splitn(4, ':');
    let action = match parts.next() {
        Some("kill") => Action::Kill,
        Some("enospc") => Action::NoSpace,
        Some("erofs") => Action::ReadOnly,
        Some("sigint") => Action::Interrupt,
        _ => return Err(bad()),
    };
    let point = match parts.next() {
        Some("step") => Point::Step,
        Some("temp") => Point::Temp,
        Some("rename") => Point::Rename,
        _ => return Err(bad()),
    };
    let n: u64 = parts
        .next()
        .and_then(|n| n.parse().ok())
        .filter(|&n| n >= 1)
        .ok_or_else(bad)?;
    let path_part = parts.next().filter(|p| !p.is_empty()).map(str::to_string);
    let io_error = matches!(action, Action::NoSpace | Action::ReadOnly);
    if point == Point::Step && (io_error || path_part.is_some()) {
        return Err(format!(
            "ALBENCH_FAULT={s}: the step point takes only the kill and sigint actions and no path part"
        ));
    }
    Ok(Fault {
        action,
        point,
        n,
        path_part,
    })
}

fn configured() -> &'static Option<Result<Fault, String>> {
    static F: OnceLock<Option<Result<Fault, String>>> = OnceLock::new();
    F.get_or_init(|| std::env::var("ALBENCH_FAULT").ok().map(|v| parse(&v)))
}

/// Check `ALBENCH_FAULT` once at start-up (a malformed value is a usage error).
pub fn check_env() -> Result<(), String> {
    match configured() {
        Some(Err(e)) => Err(e.clone()),
        _ => Ok(()),
    }
}

static HITS: AtomicU64 = AtomicU64::new(0);

/// Reached `point` (writing `path`, if any). Kills the process or returns the injected
/// I/O error when this is the configured hit; otherwise does nothing (one relaxed load when
/// no fault is configured).
pub fn hit(point: Point, path: Option<&std::path::Path>) -> std::io::Result<()> {
    let Some(Ok(f)) = configured() else {
        return Ok(());
    };
    if f.point != point {
        return Ok(());
    }
    if let Some(part) = &f.path_part {
        if !path.is_some_and(|p| p.to_string_lossy().contains(part.as_str())) {
            return Ok(());
        }
    }
    if HITS.fetch_add(1, Ordering::SeqCst) + 1 != f.n {
        return Ok(());
    }
    match f.action {
        Action::Kill => kill_self(),
        Action::NoSpace => Err(std::io::Error::from_raw_os_error(28)),
        Action::ReadOnly => Err(std::io::Error::from_raw_os_error(30)),
        Action::Interrupt => {
            // SAFETY: kill(2) on our own pid with SIGINT has no memory-safety preconditions;
            // the Ctrl-C handler installed by `main` receives it.
            unsafe {
                libc::kill(libc::getpid(), libc::SIGINT);
            }
            Ok(())
        }
    }
}

fn kill_self() -> ! {
    // SAFETY: kill(2) on our own pid with SIGKILL has no memory-safety preconditions.
    unsafe {
        libc::kill(libc::getpid(), libc::SIGKILL);
    }
    // SIGKILL cannot be caught; this is never reached.
    std::process::abort()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_form() {
        assert_eq!(parse("sigint:step:1").unwrap().action, Action::Interrupt);
        assert_eq!(
            parse("kill:temp:2:/runs/").unwrap(),
            Fault {
                action: Action::Kill,
                point: Point::Temp,
                n: 2,
                path_part: Some("/runs/".into())
            }
        );
        assert_eq!(
            parse("enospc:rename:1").unwrap(),
            Fault {
                action: Action::NoSpace,
                point: Point::Rename,
                n: 1,
                path_part: None
            }
        );
        assert_eq!(parse("kill:step:40").unwrap().point, Point::Step);
        assert_eq!(parse("erofs:temp:3").unwrap().action, Action::ReadOnly);
    }

    #[test]
    fn rejects_malformed_values() {
        for s in [
            "",
            "kill",
            "boom:temp:1",
            "kill:write:1",
            "kill:temp:0",
            "kill:temp:x",
            "enospc:step:3",
            "kill:step:3:runs",
        ] {
            assert!(parse(s).is_err(), "{s}");
        }
    }

    #[test]
    fn injected_errors_carry_the_os_codes() {
        assert_eq!(
            std::io::Error::from_raw_os_error(28).kind(),
            std::io::ErrorKind::StorageFull
        );
        assert_eq!(
            std::io::Error::from_raw_os_error(30).kind(),
            std::io::ErrorKind::ReadOnlyFilesystem
        );
    }
}
