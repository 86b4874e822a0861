//! The tiny external-learner spec the external-learner tests share (included by `#[path]`
//! from tests/external_learner*.rs).
#![allow(dead_code)]

use std::process::Command;

/// A tiny `shapes` spec (120 pool, 20 validation, 60 test; base 10, budget 10) whose learner
/// is `command` (TOML array text), with `rounds` rounds and `extra` (more keys of `[model]`,
/// then any further sections) before `[loop]`.
pub fn external_spec(command: &str, rounds: u32, extra: &str) -> String {
    format!(
        r#"
name = "ext"
seed = 5
repeats = 1
[data]
dataset = "shapes"
pool = 120
validation = 20
test = 60
[model]
arch = "external"
command = {command}
{extra}
[loop]
base = 10
budget = 10
rounds = {rounds}
"#
    )
}

/// The first of `python3`, `/usr/bin/python3` that runs `code`; `None` (after saying which
/// test skipped, or failing under CI) when none does.
pub fn python(test: &str, code: &str, what: &str) -> Option<String> {
    for py in ["python3", "/usr/bin/python3"] {
        let ok = Command::new(py).args(["-c", code]).output();
        if ok.is_ok_and(|o| o.status.success()) {
            return Some(py.to_string());
        }
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{test}: {what} is missing, and CI is set: install it (apt-get install -y python3-numpy)"
    );
    eprintln!("skipped: {test} ({what} not found)");
    None
}
