//! Write-to-temp-then-rename: a reader never sees a partial file.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::fault::{self, Point};

/// Temporary name next to `path`: `.<file name>.<pid>.<thread>.tmp` (hidden, unique per writer).
pub fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tid =
        format!("{:?}", std::thread::current().id()).replace(|c: char| !c.is_ascii_digit(), "");
    path.with_file_name(format!(".{name}.{}.{tid}.tmp", std::process::id()))
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
/// of a live process: another `albench` may be writing into the same directory). A missing
/// directory has nothing to clean.
pub fn clean_stale_temps(dir: &Path) -> std::io::Result<()> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') && name.ends_with(".tmp") && !super::claim::writer_alive(&name) {
            std::fs::remove_file(e.path())?;
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
        // No process has pid 999999999; pid 1 always runs.
        let dead = d.path().join(".a.bin.999999999.1.tmp");
        let live = d.path().join(".a.bin.1.1.tmp");
        std::fs::write(&dead, b"he").unwrap();
        std::fs::write(&live, b"he").unwrap();
        clean_stale_temps(d.path()).unwrap();
        assert!(!dead.exists());
        assert!(live.exists());
        assert!(p.exists());
    }
}
