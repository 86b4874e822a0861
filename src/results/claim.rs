//! Run claims: two `albench run` processes on one results directory never compute (and so
//! never write) the same run. A worker creates `runs/.<run>.claim` (holding its pid) before
//! starting a run, atomically (a hard link of a temp file that already holds the pid); the
//! claim is removed once the run file is written. A claim whose process no longer exists
//! (killed) is stale: it is taken over, and `run` removes stale claims when it starts.
//!
//! Should two processes take over one stale claim at the same instant, both may compute that
//! run; both then write the same bytes (runs are deterministic) by atomic rename, so the
//! worst case is duplicated work, never a corrupt or mixed file.

use std::io::Write;
use std::path::PathBuf;

/// A held claim; removed on drop.
#[derive(Debug)]
pub struct Claim {
    path: PathBuf,
}

impl Drop for Claim {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Whether the process that named the temp file `.<file>.<pid>.<thread>.tmp` still runs.
pub(crate) fn writer_alive(temp_name: &str) -> bool {
    let parts: Vec<&str> = temp_name.trim_end_matches(".tmp").rsplit('.').collect();
    match parts.get(1).and_then(|p| p.parse::<u32>().ok()) {
        Some(pid) => pid != std::process::id() && alive(pid),
        None => false,
    }
}

fn alive(pid: u32) -> bool {
    pid == std::process::id() || std::path::Path::new(&format!("/proc/{pid}")).exists()
}

/// Try to claim `path`: `Ok(None)` when a live process holds it.
pub fn try_claim(path: PathBuf) -> std::io::Result<Option<Claim>> {
    // The pid goes into a private temp file first, which is then hard-linked to the claim
    // name: the link either fails (claimed) or creates a claim that already holds its pid, so
    // no process ever sees a half-written claim.
    let tmp = super::atomic::temp_path(&path);
    let written = std::fs::File::create(&tmp)
        .and_then(|mut f| write!(f, "{}", std::process::id()))
        .and_then(|_| crate::fault::hit(crate::fault::Point::Temp, Some(&path)));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    let mut result = Ok(None);
    for _ in 0..2 {
        match std::fs::hard_link(&tmp, &path) {
            Ok(()) => {
                result = Ok(Some(Claim { path: path.clone() }));
                break;
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                if !stale(&path) {
                    break;
                }
                // The owner is gone: move its claim aside (rename is atomic, so of several
                // processes taking over at once each moves at most one claim, never a fresh
                // one), then link ours; whoever links first holds the run.
                let aside = path.with_extension(format!("stale.{}", std::process::id()));
                if std::fs::rename(&path, &aside).is_ok() {
                    let _ = std::fs::remove_file(&aside);
                }
            }
            // A filesystem without hard links: claim with create_new (a process that reads
            // the claim before its pid is written takes it over: a tiny window for
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

fn claim_by_create(path: &std::path::Path) -> std::io::Result<Option<Claim>> {
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(mut f) => {
            let claim = Claim {
                path: path.to_path_buf(),
            };
            write!(f, "{}", std::process::id())?;
            Ok(Some(claim))
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(None),
        Err(e) => Err(e),
    }
}

/// Whether the claim at `path` belongs to no running process (its pid is gone, or it is
/// unreadable). A claim of this process is not stale.
pub(crate) fn stale(path: &std::path::Path) -> bool {
    let owner: Option<u32> = std::fs::read_to_string(path)
        .ok()
        .and_then(|s| s.trim().parse().ok());
    !owner.is_some_and(alive)
}

#[cfg(test)]
mod tests {
    #[test]
    fn temp_names_carry_the_writer_pid() {
        assert!(
            !super::writer_alive(".a.parquet.999999999.1.tmp"),
            "no such process"
        );
        assert!(super::writer_alive(".a.parquet.1.1.tmp"), "pid 1 is alive");
        assert!(
            !super::writer_alive(&format!(".a.parquet.{}.1.tmp", std::process::id())),
            "our own leftovers go"
        );
        assert!(!super::writer_alive(".garbage.tmp"));
    }

    #[test]
    fn live_claims_hold_and_stale_or_empty_ones_are_taken_over() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join(".run.claim");
        std::fs::write(&p, "1").unwrap(); // pid 1 always runs
        assert!(super::try_claim(p.clone()).unwrap().is_none());
        for stale in ["999999999", ""] {
            std::fs::write(&p, stale).unwrap();
            let c = super::try_claim(p.clone()).unwrap().expect("taken over");
            assert_eq!(
                std::fs::read_to_string(&p).unwrap(),
                std::process::id().to_string()
            );
            drop(c);
            assert!(!p.exists(), "released on drop");
        }
        let held = super::try_claim(p.clone()).unwrap().expect("free");
        assert!(super::try_claim(p.clone()).unwrap().is_none(), "held by us");
        drop(held);
        let names: Vec<_> = std::fs::read_dir(d.path()).unwrap().flatten().collect();
        assert!(names.is_empty(), "no temp or aside file left");
    }
}
