//! Keeping held claims fresh: while a run lasts, a background thread rewrites each claim this
//! process holds every quarter lease (the same bytes, so a reader never sees a partial claim;
//! the write moves its mtime), so that processes on other hosts, which judge a claim by its
//! age (see [`super::owner`]), never take over a live run.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};
use std::time::Duration;

use super::owner::{lease, Owner};

/// Claims held by this process.
static HELD: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Keep `path` fresh until [`release`].
pub fn hold(path: &Path) {
    HELD.lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(path.to_path_buf());
    static START: Once = Once::new();
    START.call_once(|| {
        let _ = std::thread::Builder::new()
            .name("albench-lease".into())
            .spawn(refresh_forever);
    });
}

/// Stop refreshing `path`.
pub fn release(path: &Path) {
    HELD.lock()
        .unwrap_or_else(|e| e.into_inner())
        .retain(|p| p != path);
}

/// The refresh period: a quarter of the lease, between 50 ms and 15 s (so a holder with the
/// default lease also stays fresh for processes started with a lease down to about 30 s).
fn period() -> Duration {
    (lease() / 4).clamp(Duration::from_millis(50), Duration::from_secs(15))
}

fn refresh_forever() {
    loop {
        std::thread::sleep(period());
        let held = HELD.lock().unwrap_or_else(|e| e.into_inner()).clone();
        for p in held {
            refresh(&p);
        }
    }
}

/// Rewrite the claim at `path` with its own bytes when it is still this process's.
pub fn refresh(path: &Path) {
    let line = Owner::me().line();
    if std::fs::read_to_string(path).is_ok_and(|s| s == line) {
        if let Ok(mut f) = std::fs::OpenOptions::new().write(true).open(path) {
            let _ = f.write_all(line.as_bytes());
        }
    }
}
