//! Two jobs at build time:
//!
//! 1. Links the `broadside` binary as a position-dependent executable on
//!    Linux with glibc: the loader then has no relocations to apply to it
//!    (a PIE build has about 47,000, and applying them dirties the pages
//!    that hold them), which was most of the system time of a one-story
//!    build (BENCHMARKS.md, "Speed, round two"). The cost: the image of the
//!    binary itself is not randomised (libraries, heap and stack still are).
//!    `BROADSIDE_PIE` set (`scripts/build-release --pie`) leaves it out, for
//!    a position-independent binary (docs/speed.md says when to choose it).
//! 2. Names the commit the binary is built from, for `broadside --version`
//!    (`BROADSIDE_VERSION`: `0.1.0 (a1b2c3d4e5f6 2026-12-07)`, `-dirty` when
//!    the checkout had changes). Outside a git checkout of this crate (a
//!    source archive, or `git` missing) it is the version alone.

use std::path::Path;
use std::process::Command;

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    println!("cargo:rerun-if-env-changed=BROADSIDE_PIE");
    if os == "linux" && env == "gnu" && std::env::var_os("BROADSIDE_PIE").is_none() {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let full = match commit() {
        Some(commit) => format!("{version} ({commit})"),
        None => version,
    };
    println!("cargo:rustc-env=BROADSIDE_VERSION={full}");
}

/// `a1b2c3d4e5f6 2026-12-07` (with `-dirty`), when this crate's folder is
/// the top of a git checkout; None otherwise.
fn commit() -> Option<String> {
    let here = std::env::var("CARGO_MANIFEST_DIR").ok()?;
    // A source archive unpacked inside another repository is not that
    // repository's commit.
    let top = git(&here, &["rev-parse", "--show-toplevel"])?;
    if Path::new(&top).canonicalize().ok()? != Path::new(&here).canonicalize().ok()? {
        return None;
    }
    // Build again when HEAD moves, the branch gets a commit, or files change.
    for path in ["HEAD", "index", "packed-refs"] {
        rerun_if_changed(&here, path);
    }
    if let Some(branch) = git(&here, &["symbolic-ref", "-q", "HEAD"]) {
        rerun_if_changed(&here, &branch);
    }
    for tracked in ["src", "templates", "assets", "Cargo.toml", "Cargo.lock"] {
        println!("cargo:rerun-if-changed={tracked}");
    }
    let hash = git(&here, &["rev-parse", "--short=12", "HEAD"])?;
    let date = git(&here, &["log", "-1", "--format=%cs", "HEAD"])?;
    let dirty = git(&here, &["status", "--porcelain", "--untracked-files=no"])
        .is_some_and(|s| !s.is_empty());
    Some(format!(
        "{hash}{} {date}",
        if dirty { "-dirty" } else { "" }
    ))
}

fn rerun_if_changed(here: &str, git_path: &str) {
    if let Some(path) = git(
        here,
        &[
            "rev-parse",
            "--path-format=absolute",
            "--git-path",
            git_path,
        ],
    ) && Path::new(&path).exists()
    {
        println!("cargo:rerun-if-changed={path}");
    }
}

/// The trimmed output of `git ARGS` run in `dir`; None if it fails.
fn git(dir: &str, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}
