//! The learner process: spawned in its own process group from the spec's directory, fed
//! one request line at a time on stdin, read one reply line at a time from stdout (a
//! reader thread, so that a silent learner is a timeout, never a hang), its stderr
//! appended to a log file whose last lines go into every failure message.
//!
//! No learner outlives albench: every live learner's process group is listed in one
//! registry, and [`kill_all`] (the second Ctrl-C, before the process exits) kills each group;
//! every other way out (a fault, a timeout, the end of a run, a run abandoned after an error
//! elsewhere, a panic's unwinding) drops the [`Process`], which kills the group, workers the
//! learner started included.

use std::fs::OpenOptions;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::Mutex;
use std::time::Duration;

/// The process group ids of the learners started and not yet reaped, in start order;
/// `None` once [`kill_all`] ran (no learner may start after it).
static LIVE: Mutex<Option<Vec<i32>>> = Mutex::new(Some(Vec::new()));

fn live() -> std::sync::MutexGuard<'static, Option<Vec<i32>>> {
    LIVE.lock().unwrap_or_else(|e| e.into_inner())
}

/// SIGKILL the process group `group` (a learner and every worker it started).
fn kill_group(group: i32) {
    // SAFETY: kill(2) on a process group this process created (process_group(0) in
    // `spawn`); no memory is involved.
    unsafe {
        libc::kill(-group, libc::SIGKILL);
    }
}

/// Kill the process group of every learner still running and refuse to start any more
/// (called before albench exits on the second Ctrl-C, where no destructor runs). Returns how
/// many groups were killed.
pub fn kill_all() -> usize {
    let groups = live().take().unwrap_or_default();
    for &g in &groups {
        kill_group(g);
    }
    groups.len()
}

/// The process group ids of the learners now running.
pub fn live_groups() -> Vec<i32> {
    live().clone().unwrap_or_default()
}

/// Lines of the learner's stderr quoted in a failure message.
pub const STDERR_TAIL_LINES: usize = 8;

/// A running learner process.
pub struct Process {
    child: Child,
    stdin: Option<ChildStdin>,
    replies: Receiver<std::io::Result<String>>,
    log: PathBuf,
    timeout: Duration,
    /// The group was killed and the learner reaped ([`Process::kill`] ran).
    killed: bool,
}

/// Where the program of `argv` is: a relative path with a `/` is taken relative to `dir`
/// (the spec's directory), a bare name is looked up on `PATH` by the OS.
pub fn program_path(program: &str, dir: &Path) -> PathBuf {
    let p = Path::new(program);
    if p.is_relative() && program.contains('/') {
        dir.join(p)
    } else {
        p.to_path_buf()
    }
}

impl Process {
    /// Start `argv` in `dir` with stdin and stdout piped and stderr appended to `log`;
    /// every later reply must come within `timeout`. `PYTHONUNBUFFERED=1` is set so that a
    /// Python learner's replies are not held in a buffer.
    pub fn spawn(
        argv: &[String],
        dir: &Path,
        log: &Path,
        timeout: Duration,
    ) -> Result<Self, String> {
        let (program, args) = argv
            .split_first()
            .ok_or_else(|| "model.command is empty".to_string())?;
        let err = OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .map_err(|e| format!("{}: cannot open the learner's log: {e}", log.display()))?;
        let mut child = Command::new(program_path(program, dir))
            .args(args)
            .current_dir(dir)
            .env("PYTHONUNBUFFERED", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(err))
            .process_group(0)
            .spawn()
            .map_err(|e| format!("cannot start {argv:?} in {}: {e}", dir.display()))?;
        let group = child.id() as i32;
        if let Some(groups) = live().as_mut() {
            groups.push(group);
        } else {
            // kill_all ran while this learner was starting: albench is exiting
            kill_group(group);
            let _ = child.wait();
            return Err("albench is stopping (interrupted): the learner was not started".into());
        }
        let stdout = child.stdout.take().expect("stdout is piped");
        let (tx, replies) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let stop = line.is_err();
                if tx.send(line).is_err() || stop {
                    return;
                }
            }
        });
        Ok(Process {
            stdin: child.stdin.take(),
            child,
            replies,
            log: log.to_path_buf(),
            timeout,
            killed: false,
        })
    }

    /// Send one request line and wait for one reply line. Errors say what happened (the
    /// process exited, with its status; or no reply within the timeout, and it was killed)
    /// followed by the last lines of its stderr.
    pub fn request(&mut self, line: &str) -> Result<String, String> {
        let sent = self.stdin.as_mut().map_or(Ok(()), |s| {
            s.write_all(line.as_bytes())
                .and_then(|()| s.write_all(b"\n"))
                .and_then(|()| s.flush())
        });
        if sent.is_err() {
            return Err(self.exited("before reading the request"));
        }
        match self.replies.recv_timeout(self.timeout) {
            Ok(Ok(reply)) => Ok(reply),
            Ok(Err(e)) => Err(format!("cannot read the learner's reply: {e}")),
            Err(RecvTimeoutError::Disconnected) => Err(self.exited("before replying")),
            Err(RecvTimeoutError::Timeout) => {
                self.kill();
                Err(format!(
                    "no reply within model.timeout_s = {} s: the learner was killed{}",
                    self.timeout.as_secs_f64(),
                    self.tail()
                ))
            }
        }
    }

    /// The process ended: wait for it (briefly) and describe its status and stderr.
    fn exited(&mut self, when: &str) -> String {
        let mut status = None;
        for _ in 0..50 {
            if let Ok(Some(s)) = self.child.try_wait() {
                status = Some(s);
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let how = match status {
            Some(s) => format!("the learner exited ({s}) {when}"),
            None => {
                self.kill();
                format!("the learner closed its stdout {when} (it was killed)")
            }
        };
        format!("{how}{}", self.tail())
    }

    /// `; last stderr lines: a | b | c` (empty when it wrote nothing).
    fn tail(&self) -> String {
        let text = std::fs::read(&self.log).unwrap_or_default();
        let text = String::from_utf8_lossy(&text);
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        if lines.is_empty() {
            return "; it wrote nothing to stderr".into();
        }
        let tail = &lines[lines.len().saturating_sub(STDERR_TAIL_LINES)..];
        format!(
            "; last stderr lines ({}): {}",
            self.log.display(),
            tail.join(" | ")
        )
    }

    /// Wait at most `timeout` for each later reply.
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }

    /// Kill the learner's whole process group (it may have started workers), reap the
    /// learner and take it off the registry. Also after the learner exited on its own: the
    /// group's id stays reserved while any worker of it lives, so the kill reaches exactly
    /// the workers it left behind.
    pub fn kill(&mut self) {
        self.stdin = None;
        if std::mem::replace(&mut self.killed, true) {
            return;
        }
        let group = self.child.id() as i32;
        kill_group(group);
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(groups) = live().as_mut() {
            groups.retain(|&g| g != group);
        }
    }

    /// Close stdin and give the learner `grace` to exit on its own; then kill its group
    /// (the learner if it is still there, and any worker it left).
    pub fn close(&mut self, grace: Duration) {
        self.stdin = None;
        let step = Duration::from_millis(20);
        let mut waited = Duration::ZERO;
        while waited < grace {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(step);
            waited += step;
        }
        self.kill();
    }
}

impl Drop for Process {
    /// Kill the group, whether the learner is still running or not (see [`Process::kill`]).
    fn drop(&mut self) {
        self.kill();
    }
}
