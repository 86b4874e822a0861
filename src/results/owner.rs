//! Who wrote a claim or a temp file, and whether that writer still runs — on this host or on
//! another host sharing the results directory (NFS, Lustre, a Kubernetes volume).
//!
//! An [`Owner`] names the host (hostname, boot id, PID namespace) and the process (pid and its
//! start time in clock ticks since boot, `/proc/<pid>/stat` field 22, so that a reused pid is
//! not taken for the writer). A writer of *this* host is alive when its pid runs with the same
//! start time. A writer of *another* host cannot be seen from here: its files are judged by a
//! lease — a claim's holder rewrites it every quarter lease (at most every 15 s) (see [`super::lease`]), and a claim
//! or temp file of another host counts as dead only once it has not been modified for
//! [`lease`] (default 300 s, `ALBENCH_LEASE_SECS` or `albench run --lease-secs`). Ages are
//! measured in the shared filesystem's own clock (the mtime of a probe file written now), so
//! clock skew between hosts does not shorten a lease.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

/// The writer of a claim or temp file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Owner {
    /// Host identity: `<hostname>~<boot id, 8 hex digits>~<pid namespace inode>`, made of
    /// `[A-Za-z0-9_-]` and `~` only (it goes into file names).
    pub host: String,
    /// Process id (in the writer's PID namespace).
    pub pid: u32,
    /// Start time of that process, clock ticks after boot (0 when unknown).
    pub start: u64,
}

/// Default lease, seconds.
pub const DEFAULT_LEASE_SECS: u64 = 300;

/// 0 = not set: read `ALBENCH_LEASE_SECS` (default [`DEFAULT_LEASE_SECS`]).
static LEASE_MS: AtomicU64 = AtomicU64::new(0);

/// How long a claim or temp file of another host may go unmodified before it counts as dead.
pub fn lease() -> Duration {
    let ms = LEASE_MS.load(Ordering::Relaxed);
    if ms > 0 {
        return Duration::from_millis(ms);
    }
    let secs = lease_from_env()
        .ok()
        .flatten()
        .unwrap_or(DEFAULT_LEASE_SECS as f64);
    Duration::from_secs_f64(secs)
}

/// Set the lease (`--lease-secs`); must be > 0.
pub fn set_lease(secs: f64) {
    LEASE_MS.store(((secs * 1000.0) as u64).max(1), Ordering::Relaxed);
}

/// `ALBENCH_LEASE_SECS`: `None` when unset, an error line when not a positive number.
pub fn lease_from_env() -> Result<Option<f64>, String> {
    match std::env::var("ALBENCH_LEASE_SECS") {
        Err(_) => Ok(None),
        Ok(v) => match v.trim().parse::<f64>() {
            Ok(s) if s > 0.0 && s.is_finite() => Ok(Some(s)),
            _ => Err(format!(
                "ALBENCH_LEASE_SECS={v}: expected a positive number of seconds, e.g. 300"
            )),
        },
    }
}

impl Owner {
    /// This process.
    pub fn me() -> &'static Owner {
        static ME: OnceLock<Owner> = OnceLock::new();
        ME.get_or_init(|| {
            let pid = std::process::id();
            Owner {
                host: this_host(),
                pid,
                start: start_time(pid).unwrap_or(0),
            }
        })
    }

    /// The claim line: `host=<host> pid=<pid> start=<start>`.
    pub fn line(&self) -> String {
        format!("host={} pid={} start={}", self.host, self.pid, self.start)
    }

    /// Parse [`Owner::line`].
    pub fn parse_line(s: &str) -> Option<Owner> {
        let mut host = None;
        let (mut pid, mut start) = (None, None);
        for kv in s.split_whitespace() {
            match kv.split_once('=')? {
                ("host", v) => host = Some(v.to_string()),
                ("pid", v) => pid = v.parse().ok(),
                ("start", v) => start = v.parse().ok(),
                _ => {}
            }
        }
        Some(Owner {
            host: host?,
            pid: pid?,
            start: start?,
        })
    }

    /// Whether this owner is this process.
    pub fn is_me(&self) -> bool {
        self == Owner::me()
    }

    /// Whether this owner is on this host (then its liveness can be checked directly).
    pub fn is_local(&self) -> bool {
        self.host == Owner::me().host
    }

    /// For an owner of this host: whether its process runs (same pid, same start time).
    pub fn local_alive(&self) -> bool {
        self.is_me() || (self.pid > 0 && start_time(self.pid) == Some(self.start))
    }

    /// Whether the owner of a file at `path` (a claim or a temp file it wrote) may still be
    /// writing: on this host, its process runs; on another host, the file was modified
    /// within the lease.
    pub fn alive(&self, path: &Path) -> bool {
        if self.is_local() {
            self.local_alive()
        } else {
            age(path).is_none_or(|a| a < lease())
        }
    }
}

/// `<hostname>~<boot id prefix>~<pid namespace>`, sanitized for file names.
fn this_host() -> String {
    let clean = |s: &str| -> String {
        s.trim()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    let read = |p: &str| std::fs::read_to_string(p).unwrap_or_default();
    let boot: String = read("/proc/sys/kernel/random/boot_id")
        .chars()
        .filter(char::is_ascii_hexdigit)
        .take(8)
        .collect();
    let ns: String = std::fs::read_link("/proc/self/ns/pid")
        .map(|l| {
            l.to_string_lossy()
                .chars()
                .filter(char::is_ascii_digit)
                .collect()
        })
        .unwrap_or_default();
    format!(
        "{}~{}~{}",
        clean(&read("/proc/sys/kernel/hostname")),
        clean(&boot),
        clean(&ns)
    )
}

/// Field 22 of `/proc/<pid>/stat` (start time, clock ticks after boot); `None` when no such
/// process.
pub fn start_time(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // the command name (field 2) is in parentheses and may hold spaces: count after it
    let rest = &s[s.rfind(')')? + 1..];
    rest.split_whitespace().nth(19)?.parse().ok()
}

/// How long ago `path` was last modified, in its filesystem's clock (`None` when it does not
/// exist). "Now" is the mtime of a probe file written next to it, falling back to this host's
/// clock where the directory is not writable.
pub fn age(path: &Path) -> Option<Duration> {
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok()?;
    let now = path
        .parent()
        .and_then(fs_now)
        .unwrap_or_else(SystemTime::now);
    Some(now.duration_since(modified).unwrap_or(Duration::ZERO))
}

/// Temporary name next to `path`: `.<file name>.<host>.<pid>.<start>.<thread>.tmp` (hidden,
/// unique per writer thread; `<host>`, `<pid>` and `<start>` are this process's
/// [`Owner`], so that any process on any host sharing the directory can tell whose it is).
pub fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tid =
        format!("{:?}", std::thread::current().id()).replace(|c: char| !c.is_ascii_digit(), "");
    let me = Owner::me();
    path.with_file_name(format!(
        ".{name}.{}.{}.{}.{tid}.tmp",
        me.host, me.pid, me.start
    ))
}

/// The current time of the filesystem holding `dir`: the mtime of a file written there now.
fn fs_now(dir: &Path) -> Option<SystemTime> {
    let probe = temp_path(&dir.join(".now"));
    let t = std::fs::write(&probe, b"")
        .and_then(|_| std::fs::metadata(&probe))
        .and_then(|m| m.modified())
        .ok();
    let _ = std::fs::remove_file(&probe);
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_is_alive_and_named_in_one_line() {
        let me = Owner::me();
        assert!(me.start > 0 && me.host.matches('~').count() == 2, "{me:?}");
        assert_eq!(Owner::parse_line(&me.line()).as_ref(), Some(me));
        assert!(me.local_alive() && me.is_local());
        // pid 1 runs, but not since the start time we name
        let reused = Owner {
            pid: 1,
            start: start_time(1).unwrap() + 1,
            ..me.clone()
        };
        assert!(!reused.local_alive());
        assert!(Owner::parse_line("1234").is_none());
    }

    #[test]
    fn another_hosts_file_lives_while_fresh() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("f");
        std::fs::write(&p, "x").unwrap();
        let other = Owner {
            host: "elsewhere~0~0".into(),
            ..Owner::me().clone()
        };
        assert!(!other.is_local() && other.alive(&p), "fresh");
        let old = SystemTime::now() - lease() - Duration::from_secs(5);
        std::fs::File::options()
            .write(true)
            .open(&p)
            .unwrap()
            .set_modified(old)
            .unwrap();
        assert!(!other.alive(&p), "not refreshed within the lease");
        assert!(
            std::fs::read_dir(d.path()).unwrap().count() == 1,
            "no probe left"
        );
    }
}
