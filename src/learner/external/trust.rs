//! Trust: a spec that names a command runs code on the user's machine, and specs travel.
//! `albench run` starts a learner command only when the user said so: `--allow-exec`, or a
//! script that lies inside the spec's own directory (shipped with the spec, and listed by
//! `--dry-run`). The manifest records each run's command and the SHA-256 of its script.

use std::io::Read;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The script a command runs: the program itself when it is a relative path
/// (`./learner.py`); else the first argument that is not an option and names an existing
/// file relative to `spec_dir` (`python3 learner.py`, `/usr/bin/python3 learner.py`); else
/// an absolute program (`/opt/learner`). `None` when the command names no file (`python3
/// -c ...`, a program on `PATH` alone).
pub fn script_of(command: &[String], spec_dir: &Path) -> Option<PathBuf> {
    let (program, args) = command.split_first()?;
    let is_file = |a: &str| {
        let p = spec_dir.join(a);
        p.is_file().then_some(p)
    };
    let path = Path::new(program);
    if program.contains('/') && path.is_relative() {
        return is_file(program);
    }
    args.iter()
        .filter(|a| !a.starts_with('-'))
        .find_map(|a| is_file(a))
        .or_else(|| (path.is_absolute() && path.is_file()).then(|| path.to_path_buf()))
}

/// Whether `script` lies inside `spec_dir` (after resolving `..` and links).
pub fn inside(script: &Path, spec_dir: &Path) -> bool {
    match (script.canonicalize(), spec_dir.canonicalize()) {
        (Ok(s), Ok(d)) => s.starts_with(d),
        _ => false,
    }
}

/// The command as one shell-like line (`python3 learner.py`), for messages.
pub fn shown(command: &[String]) -> String {
    command
        .iter()
        .map(|a| {
            let safe = |c: char| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c);
            if a.is_empty() || !a.chars().all(safe) {
                format!("'{}'", a.replace('\'', "'\\''"))
            } else {
                a.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `Ok` when `albench run` may start `command` of a spec in `spec_dir`: with `allow_exec`,
/// or when its script lies inside `spec_dir`. The error (about `model.command`) says why
/// and how to allow it.
pub fn check_allowed(command: &[String], spec_dir: &Path, allow_exec: bool) -> Result<(), String> {
    if allow_exec {
        return Ok(());
    }
    let why = match script_of(command, spec_dir) {
        Some(s) if inside(&s, spec_dir) => return Ok(()),
        Some(s) => format!(
            "its script {} lies outside the spec's directory",
            s.display()
        ),
        None => "it names no script in the spec's directory".to_string(),
    };
    Err(format!(
        "`{}` would run code on this machine and {why}: check it, then pass --allow-exec (or move the script next to the spec)",
        shown(command)
    ))
}

/// SHA-256 of the file at `path`, 64 lowercase hex digits.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// What the manifest records of a run's learner: its command, its script (as found by
/// [`script_of`]) and the script's SHA-256 when it can be read.
pub fn identify(command: &[String], spec_dir: &Path) -> (Option<String>, Option<String>) {
    match script_of(command, spec_dir) {
        Some(s) => {
            let sha = sha256_file(&s).ok();
            (Some(s.display().to_string()), sha)
        }
        None => (None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_script_next_to_the_spec_is_trusted_others_need_allow_exec() {
        let d = tempfile::tempdir().unwrap();
        let spec_dir = d.path().join("exp");
        std::fs::create_dir_all(&spec_dir).unwrap();
        std::fs::write(spec_dir.join("l.py"), "print()").unwrap();
        std::fs::write(d.path().join("outside.py"), "print()").unwrap();
        let inner = argv(&["python3", "-u", "l.py"]);
        assert_eq!(script_of(&inner, &spec_dir), Some(spec_dir.join("l.py")));
        let sh = argv(&["/bin/sh", "l.py"]);
        assert_eq!(script_of(&sh, &spec_dir), Some(spec_dir.join("l.py")));
        let dotted = argv(&["./l.py"]);
        assert!(check_allowed(&dotted, &spec_dir, false).is_ok());
        let binary = argv(&["/bin/sh"]);
        assert!(check_allowed(&binary, &spec_dir, false).is_err());
        assert!(check_allowed(&inner, &spec_dir, false).is_ok());
        let outer = argv(&["python3", "../outside.py"]);
        let e = check_allowed(&outer, &spec_dir, false).unwrap_err();
        assert!(
            e.contains("`python3 ../outside.py`") && e.contains("--allow-exec"),
            "{e}"
        );
        assert!(e.contains("outside the spec's directory"), "{e}");
        assert!(check_allowed(&outer, &spec_dir, true).is_ok());
        let inline = argv(&["python3", "-c", "print(1)"]);
        let e = check_allowed(&inline, &spec_dir, false).unwrap_err();
        assert!(
            e.contains("'print(1)'") && e.contains("names no script"),
            "{e}"
        );
    }

    #[test]
    fn sha256_is_the_standard_digest() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("abc");
        std::fs::write(&p, "abc").unwrap();
        // FIPS 180-2 test vector: SHA-256("abc").
        assert_eq!(
            sha256_file(&p).unwrap(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
