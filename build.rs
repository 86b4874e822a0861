//! Embeds the git commit albench is built from as `ALBENCH_COMMIT` (`<short hash>`, with
//! `-dirty` when `src/`, `Cargo.toml`, `Cargo.lock` or this file differ from it; `unknown`
//! outside a git checkout or without git). Results manifests record it, so a run names the
//! code that made it.

use std::path::{Path, PathBuf};
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    Some(String::from_utf8(out.stdout).ok()?.trim().to_string())
}

fn main() {
    for p in ["src", "Cargo.toml", "Cargo.lock", "build.rs"] {
        println!("cargo:rerun-if-changed={p}");
    }
    let commit = match git(&["rev-parse", "--short=7", "HEAD"]) {
        Some(hash) if !hash.is_empty() => {
            // A new commit or a checkout moves HEAD or the branch it names.
            if let Some(dir) = git(&["rev-parse", "--git-dir"]) {
                println!(
                    "cargo:rerun-if-changed={}",
                    Path::new(&dir).join("HEAD").display()
                );
            }
            if let Some(common) = git(&["rev-parse", "--git-common-dir"]) {
                let common = PathBuf::from(common);
                println!(
                    "cargo:rerun-if-changed={}",
                    common.join("refs/heads").display()
                );
                println!(
                    "cargo:rerun-if-changed={}",
                    common.join("packed-refs").display()
                );
            }
            let dirty = git(&[
                "status",
                "--porcelain",
                "--",
                "src",
                "Cargo.toml",
                "Cargo.lock",
                "build.rs",
            ])
            .is_some_and(|s| !s.is_empty());
            if dirty {
                format!("{hash}-dirty")
            } else {
                hash
            }
        }
        _ => "unknown".into(),
    };
    println!("cargo:rustc-env=ALBENCH_COMMIT={commit}");
}
