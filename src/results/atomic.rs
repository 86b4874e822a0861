//! Write-to-temp-then-rename: a reader never sees a partial file.

use std::io::Write;
use std::path::Path;

use super::owner::{temp_path, Owner};
use crate::fault::{self, Point};

/// The writer named by a temp file name: `.<file>.<host>.<pid>.<start>.<thread>.tmp`, or the
/// older `.<file>.<pid>.<thread>.tmp` (a writer of this host, start time unknown: `None` in
/// the second field means "judge by pid only").
fn temp_owner(name: &str) -> Option<(Owner, bool)> {
    let parts: Vec<&str> = name.strip_suffix(".tmp")?.rsplit('.').collect();
    match parts.get(3) {
        Some(host) if host.contains('~') => Some((
            Owner {
                host: host.to_string(),
                pid: parts[2].parse().ok()?,
                start: parts[1].parse().ok()?,
            },
            true,
        )),
        _ => Some((
            Owner {
                host: Owner::me().host.clone(),
                pid: parts.get(1)?.parse().ok()?,
                start: 0,
            },
            false,
        )),
    }
}

/// Whether the writer of the temp file at `path` may still be writing it: a process of this
/// host that runs (not this process: its own leftovers go), or a writer of another host whose
/// file was modified within the lease. Unparsable names have no writer.
pub(crate) fn writer_alive(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match temp_owner(&name) {
        None => false,
        Some((o, _)) if o.is_local() && o.pid == std::process::id() => false,
        Some((o, true)) => o.alive(path),
        Some((o, false)) => Path::new(&format!("/proc/{}", o.pid)).exists(),
    }
}

/// Write `bytes` to `path` atomically (temp file in the same directory, fsync, rename).
/// On error the temp file is removed and `path` is untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = temp_path(path);
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        let (head, tail) = bytes.split_at(bytes.len() / 2);
        f.write_all(head)?;
        fault::hit(Point::Temp, Some(path))?;
        f.write_all(tail)?;
        f.sync_all()?;
        fault::hit(Point::Rename, Some(path))?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Remove the hidden `.*.tmp` files in `dir` left by writers that no longer run (never those
/// of a live process, on this host or another: see [`writer_alive`]). A missing directory has
/// nothing to clean; a file another process removed first is not an error.
pub fn clean_stale_temps(dir: &Path) -> std::io::Result<()> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') && name.ends_with(".tmp") && !writer_alive(&e.path()) {
            match std::fs::remove_file(e.path()) {
                Err(err) if err.kind() != std::io::ErrorKind::NotFound => return Err(err),
                _ => {}
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_files_and_cleans_only_dead_writers_temps() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("a.bin");
        write_atomic(&p, b"hello").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"hello");
        let me = Owner::me();
        let pid1 = super::super::owner::start_time(1).unwrap();
        let names = [
            // older names: no process has pid 999999999; pid 1 always runs
            (".a.bin.999999999.1.tmp", false),
            (".a.bin.1.1.tmp", true),
            // this host: pid 1 with its start time runs; with another start time it is a
            // reused pid
            (&format!(".a.bin.{}.1.{pid1}.1.tmp", me.host), true),
            (&format!(".a.bin.{}.1.{}.1.tmp", me.host, pid1 + 1), false),
            // another host's fresh temp file (equal pid) lives
            (
                &format!(".a.bin.other~1~2.{}.{}.1.tmp", me.pid, me.start),
                true,
            ),
        ];
        for (n, _) in &names {
            std::fs::write(d.path().join(n), b"he").unwrap();
        }
        clean_stale_temps(d.path()).unwrap();
        for (n, live) in &names {
            assert_eq!(d.path().join(n).exists(), *live, "{n}");
        }
        assert!(p.exists());
    }

    #[test]
    fn temp_names_carry_the_writer() {
        let t = temp_path(Path::new("/x/a.parquet"));
        let name = t.file_name().unwrap().to_string_lossy().into_owned();
        let (o, new) = temp_owner(&name).unwrap();
        assert!(new && o == *Owner::me(), "{name}");
        assert!(!writer_alive(&t), "our own leftovers go");
        assert!(temp_owner(".garbage.tmp").is_none());
    }
}
