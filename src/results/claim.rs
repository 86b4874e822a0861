//! Run claims: two `albench run` processes on one results directory never compute (and so
//! never write) the same run. A worker creates `runs/.<run>.claim` (holding its pid) with
//! `create_new` before starting a run; the claim is removed once the run file is written. A
//! claim whose process no longer exists (killed) is stale and is taken over.

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
    for _ in 0..2 {
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                write!(f, "{}", std::process::id())?;
                return Ok(Some(Claim { path }));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let owner: Option<u32> = std::fs::read_to_string(&path)
                    .ok()
                    .and_then(|s| s.trim().parse().ok());
                match owner {
                    Some(pid) if alive(pid) => return Ok(None),
                    // Stale (owner gone) or half-written: take it over.
                    _ => {
                        let _ = std::fs::remove_file(&path);
                    }
                }
            }
            Err(e) => return Err(e),
        }
    }
    Ok(None)
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
}
