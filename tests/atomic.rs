//! Atomic output: a build killed at any moment leaves either the complete
//! old output or the complete new one, never a mix and never a partial one.
//!
//! The real binary builds a large content folder again and again, and is
//! killed with SIGKILL at a random moment of each build. Consecutive builds
//! alternate between two versions of the site (its name, which is on every
//! page, changes), so every file of the output tells which build wrote it.
//! After each kill the output folder must equal, byte for byte, the output
//! it held before or the output of the killed build.
//!
//! `BROADSIDE_KILL_STORIES` and `BROADSIDE_KILL_BUILDS` change the size of
//! the site (3,000 stories) and the number of killed builds (50);
//! `BROADSIDE_KILL_SEED` replays the kill moments of an earlier run.

#![cfg(unix)]

mod common;

use common::tree;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A small, seedable random number generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn write_content(content: &Path, stories: u64) {
    std::fs::create_dir_all(content).unwrap();
    let filler = "The council met again on Tuesday and heard from residents about the plan. ".repeat(12);
    for i in 0..stories {
        let text = format!(
            "+++\ntitle = \"Council story number {i}\"\ndate = 2020-{:02}-{:02}\n+++\n\n\
             Story {i} begins with its first paragraph.\n\n## What happened\n\n{filler}\n\n\
             > A quote from story {i}.\n\n- one\n- two\n",
            1 + i % 12,
            1 + i % 28,
        );
        std::fs::write(content.join(format!("story-{i:05}.md")), text).unwrap();
    }
}

fn set_version(content: &Path, version: usize) {
    let name = ["Coast News", "Coast News Tonight"][version];
    std::fs::write(content.join("site.toml"), format!("name = \"{name}\"\n"))
        .unwrap();
}

fn build(work: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_broadside"));
    command
        .current_dir(work)
        .args(["--content", "content", "--out", "dist", "--quiet"])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

fn full_build(work: &Path) -> Duration {
    let started = Instant::now();
    let status = build(work).status().unwrap();
    assert!(status.success(), "a full build failed");
    started.elapsed()
}

/// Names in the working folder besides `content` and `dist`: staging
/// folders of killed builds (the next build removes them).
/// Folders beside the output other than the content, the output and the
/// one spare generation the build keeps on purpose (see src/output.rs).
fn leftovers(work: &Path) -> Vec<String> {
    std::fs::read_dir(work)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "content" && n != "dist" && n != ".dist.broadside-spare")
        .collect()
}

#[test]
fn killed_builds_leave_the_old_or_the_new_output_whole() {
    let stories = env_number("BROADSIDE_KILL_STORIES", 3000);
    let builds = env_number("BROADSIDE_KILL_BUILDS", 50);
    let seed = env_number(
        "BROADSIDE_KILL_SEED",
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1,
    );
    eprintln!("kill test: {stories} stories, {builds} builds, BROADSIDE_KILL_SEED={seed}");
    let mut rng = Rng(seed);

    let work = tempfile::tempdir().unwrap();
    let work = work.path();
    let content = work.join("content");
    let dist = work.join("dist");
    write_content(&content, stories);

    // The two complete outputs, from builds that were left to finish.
    let mut snapshots = Vec::new();
    let mut duration = Duration::ZERO;
    for version in [0, 1] {
        set_version(&content, version);
        duration += full_build(work);
        snapshots.push(tree(&dist));
    }
    assert_eq!(snapshots[0].len(), snapshots[1].len());
    assert_eq!(snapshots[0].len() as u64, stories + 1, "a page per story and the front page");
    for (path, bytes) in &snapshots[0] {
        assert_ne!(Some(bytes), snapshots[1].get(path), "{} is the same in both versions", path.display());
    }
    let mut build_time = duration / 2;

    let mut current = 1;
    let (mut killed, mut kept_old, mut got_new) = (0, 0, 0);
    for round in 0..builds {
        let target = 1 - current;
        set_version(&content, target);
        // Somewhere in the build, or just after it: every phase gets hit.
        let delay = build_time.mul_f64(rng.unit() * 1.1);
        let started = Instant::now();
        let mut child = build(work).spawn().unwrap();
        std::thread::sleep(delay);
        let finished_first = child.try_wait().unwrap().is_some();
        child.kill().ok(); // SIGKILL
        let status = child.wait().unwrap();
        if !finished_first {
            killed += 1;
        } else {
            assert!(status.success(), "round {round}: a build that was not killed failed");
            // Keep the kill window matched to how long a build takes now.
            build_time = (build_time * 3 + started.elapsed()) / 4;
        }

        let found = tree(&dist);
        if found == snapshots[target] {
            got_new += 1;
            current = target;
        } else if found == snapshots[current] {
            kept_old += 1;
        } else {
            let stray: Vec<_> = found
                .iter()
                .filter(|(p, b)| snapshots[current].get(*p) != Some(b) && snapshots[target].get(*p) != Some(b))
                .map(|(p, _)| p.display().to_string())
                .take(5)
                .collect();
            panic!(
                "round {round} (seed {seed}, killed after {delay:?}): the output is neither the old nor the new \
                 one: {} files (want {}), e.g. {stray:?}",
                found.len(),
                snapshots[target].len()
            );
        }
    }
    eprintln!("kill test: {killed} of {builds} builds killed; output kept old {kept_old}, new {got_new}");
    assert!(killed >= builds / 4, "too few builds were killed mid-way ({killed} of {builds}): the kill window is off");

    // A build that is left to finish cleans up after the killed ones.
    set_version(&content, 0);
    full_build(work);
    assert!(tree(&dist) == snapshots[0], "the final build's output differs from the first build's");
    assert!(leftovers(work).is_empty(), "staging folders were left behind: {:?}", leftovers(work));
}

#[test]
fn builds_running_at_the_same_time_do_not_break_each_other() {
    let work = tempfile::tempdir().unwrap();
    let work = work.path();
    let content = work.join("content");
    write_content(&content, 300);
    set_version(&content, 0);
    full_build(work);
    let expected = tree(&work.join("dist"));
    for round in 0..8 {
        let children: Vec<_> = (0..3).map(|_| build(work).spawn().unwrap()).collect();
        for mut child in children {
            assert!(child.wait().unwrap().success(), "round {round}: a build failed");
        }
        assert!(tree(&work.join("dist")) == expected, "round {round}: the output is not whole");
    }
    assert!(leftovers(work).is_empty(), "staging folders were left behind: {:?}", leftovers(work));
}
