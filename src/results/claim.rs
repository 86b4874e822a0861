//! Run claims: two `albench run` processes on one results directory — on one host or on
//! several hosts sharing it — never compute (and so never write) the same run. A worker
//! creates `runs/.<run>.claim` before starting a run, atomically (a hard link of a temp file
//! that already holds its [`Owner`] line, `host=… pid=… start=…`); the claim is removed once
//! the run file is written, and refreshed meanwhile (see [`super::lease`]).
//!
//! A claim is stale when its writer is gone: for a claim of this host, its process no longer
//! runs (pid and start time); for a claim of another host, it has not been refreshed for the
//! lease (default 300 s). A stale claim is taken over, and `run` removes stale claims when it
//! starts. A claim holding only a pid (older versions) is judged by that pid on this host.
//!
//! Should two processes take over one stale claim at the same instant (or a host be cut off
//! longer than the lease and come back), both may compute that run; both then write the same
//! bytes (runs are deterministic) by atomic rename, so the worst case is duplicated work,
//! never a corrupt or mixed file.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::owner::Owner;

/// A held claim; refreshed while held, removed on drop.
#[derive(Debug)]
pub struct Claim {
    path: PathBuf,
}

impl Claim {
    fn held(path: PathBuf) -> Claim {
        super::lease::hold(&path);
        Claim { path }
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        super::lease::release(&self.path);
        // never remove a claim another process took over
        if std::fs::read_to_string(&self.path).is_ok_and(|s| s == Owner::me().line()) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Try to claim `path`: `Ok(None)` when a live process holds it.
pub fn try_claim(path: PathBuf) -> std::io::Result<Option<Claim>> {
    // The owner line goes into a private temp file first, which is then hard-linked to the
    // claim name: the link either fails (claimed) or creates a claim that already holds its
    // owner, so no process ever sees a half-written claim.
    let tmp = super::owner::temp_path(&path);
    let written = std::fs::File::create(&tmp)
        .and_then(|mut f| write!(f, "{}", Owner::me().line()))
        .and_then(|_| crate::fault::hit(crate::fault::Point::Temp, Some(&path)));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    let mut result = Ok(None);
    for _ in 0..2 {
        match std::fs::hard_link(&tmp, &path) {
            Ok(()) => {
                result = Ok(Some(Claim::held(path.clone())));
                break;
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                if !stale(&path) {
                    break;
                }
                // The owner is gone: move its claim aside (rename is atomic, so of several
                // processes taking over at once each moves at most one claim, never a fresh
                // one), then link ours; whoever links first holds the run.
                let me = Owner::me();
                let aside = path.with_extension(format!("stale.{}.{}", me.host, me.pid));
                if std::fs::rename(&path, &aside).is_ok() {
                    let _ = std::fs::remove_file(&aside);
                }
            }
            // A filesystem without hard links: claim with create_new (a process that reads
            // the claim before its owner is written takes it over: a tiny window for
            // duplicated, identical work).
            Err(e) if e.kind() == std::io::ErrorKind::Unsupported => {
                result = claim_by_create(&path);
                break;
            }
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    let _ = std::fs::remove_file(&tmp);
    result
}

fn claim_by_create(path: &Path) -> std::io::Result<Option<Claim>> {
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(mut f) => {
            let claim = Claim::held(path.to_path_buf());
            write!(f, "{}", Owner::me().line())?;
            Ok(Some(claim))
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(None),
        Err(e) => Err(e),
    }
}

/// Whether the claim at `path` belongs to no live writer (see the module doc; an unreadable
/// or empty claim is stale). A claim of this process is not stale.
pub(crate) fn stale(path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else {
        return true;
    };
    if let Some(owner) = Owner::parse_line(&text) {
        return !owner.alive(path);
    }
    match text.trim().parse::<u32>() {
        Ok(pid) => pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists(),
        Err(_) => true,
    }
}

/// Whether the claim at `path` is held by a live writer of another host (a run this host
/// should wait for rather than leave: nobody here will finish it if that host is gone).
pub(crate) fn held_by_other_host(path: &Path) -> bool {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| Owner::parse_line(&t))
        .is_some_and(|o| !o.is_local() && o.alive(path))
}

/// Whether a claim at `path` would be granted now: there is none, or it is stale.
pub(crate) fn free(path: &Path) -> bool {
    !path.exists() || stale(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_claims_hold_and_stale_or_empty_ones_are_taken_over() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join(".run.claim");
        let me = Owner::me();
        let other_fresh = Owner {
            host: "elsewhere~1~1".into(),
            ..me.clone()
        };
        let reused_pid = Owner {
            pid: 1,
            start: super::super::owner::start_time(1).unwrap() + 1,
            ..me.clone()
        };
        // pid 1 always runs; a fresh claim of another host with our very pid holds
        for live in ["1".to_string(), other_fresh.line()] {
            std::fs::write(&p, &live).unwrap();
            assert!(try_claim(p.clone()).unwrap().is_none(), "{live}");
        }
        for stale in ["999999999".to_string(), String::new(), reused_pid.line()] {
            std::fs::write(&p, &stale).unwrap();
            let c = try_claim(p.clone()).unwrap().expect("taken over");
            assert_eq!(std::fs::read_to_string(&p).unwrap(), me.line());
            drop(c);
            assert!(!p.exists(), "released on drop");
        }
        let held = try_claim(p.clone()).unwrap().expect("free");
        assert!(try_claim(p.clone()).unwrap().is_none(), "held by us");
        drop(held);
        let names: Vec<_> = std::fs::read_dir(d.path()).unwrap().flatten().collect();
        assert!(names.is_empty(), "no temp or aside file left");
    }

    #[test]
    fn a_held_claim_is_refreshed_and_a_taken_over_one_is_not_removed() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join(".run.claim");
        let held = try_claim(p.clone()).unwrap().unwrap();
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        std::fs::File::options()
            .write(true)
            .open(&p)
            .unwrap()
            .set_modified(old)
            .unwrap();
        super::super::lease::refresh(&p);
        let age = super::super::owner::age(&p).unwrap();
        assert!(age.as_secs() < 60, "refreshed: {age:?}");
        std::fs::write(&p, "host=x~1~1 pid=1 start=1").unwrap();
        drop(held);
        assert!(p.exists(), "another owner's claim stays");
    }
}
