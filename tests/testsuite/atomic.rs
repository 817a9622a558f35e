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
//! The output also holds a deploy checkout (`.git` with 1,000 files,
//! `.nojekyll`, `.well-known/`, `CNAME`, and `robots.txt` named in
//! `[output] keep`). After each kill every one of those files must be in
//! the output, or in a staging folder beside it while the transit journal
//! says so (the next build moves it back); after a build that finishes, all
//! are in the output, the `.git` folder the very one (same inode) it was.
//!
//! `BROADSIDE_KILL_STORIES` and `BROADSIDE_KILL_BUILDS` change the size of
//! the site (3,000 stories) and the number of killed builds (50);
//! `BROADSIDE_KILL_SEED` replays the kill moments of an earlier run.
//!
//! `a_kill_at_every_step_loses_no_kept_file` does not depend on timing: the
//! binary aborts at each named step of the protocol (`BROADSIDE_FAILPOINT`).

#![cfg(unix)]

use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Run, TestSite, Tree, add_deploy_checkout, broadside, tree};

/// The deploy files a user keeps in the output: top-level names.
const KEPT: [&str; 5] = [".git", ".nojekyll", ".well-known", "CNAME", "robots.txt"];

/// Puts a deploy checkout into `dist` (made if missing); returns its files.
fn add_deploy_files(dist: &Path, git_files: usize) -> Tree {
    add_deploy_checkout(dist, git_files);
    kept_part(tree(dist))
}

fn is_kept(path: &Path) -> bool {
    path.iter()
        .next()
        .is_some_and(|top| KEPT.iter().any(|k| top == *k))
}

/// The site's part of a tree of the output: without the kept files.
fn site_part(tree: Tree) -> Tree {
    tree.into_iter().filter(|(p, _)| !is_kept(p)).collect()
}

fn kept_part(tree: Tree) -> Tree {
    tree.into_iter().filter(|(p, _)| is_kept(p)).collect()
}

/// Kept files found in broadside's folders beside the output, by path
/// relative to the folder holding them.
fn kept_beside(work: &Path) -> Tree {
    let mut found = Tree::new();
    for entry in std::fs::read_dir(work).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir()
            && path
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".dist.broadside-")
        {
            for (p, bytes) in kept_part(tree(&path)) {
                assert!(
                    found.insert(p.clone(), bytes).is_none(),
                    "{} is in two folders beside the output",
                    p.display()
                );
            }
        }
    }
    found
}

/// After a kill: every kept file is in `dist` (whose files are `found`) or,
/// while the journal says so, beside it, once, as it was.
fn assert_kept_files_safe(work: &Path, found: &Tree, kept: &Tree, what: &str) {
    let in_dist: Tree = found
        .iter()
        .filter(|(p, _)| is_kept(p))
        .map(|(p, b)| (p.clone(), b.clone()))
        .collect();
    let beside = kept_beside(work);
    if !beside.is_empty() {
        assert!(
            work.join(".dist.broadside-transit").is_file(),
            "{what}: kept files are beside the output with no journal to bring them back: {:?}",
            beside.keys().take(3).collect::<Vec<_>>()
        );
    }
    for path in in_dist.keys() {
        assert!(
            !beside.contains_key(path),
            "{what}: {} is both in the output and beside it",
            path.display()
        );
    }
    let mut all = in_dist;
    all.extend(beside);
    assert_eq!(all.len(), kept.len(), "{what}: kept files went missing");
    assert!(&all == kept, "{what}: a kept file changed");
}

/// After a build that finished: every kept file in `dist`, moved, not copied.
fn assert_kept_files_home(work: &Path, kept: &Tree, git_inode: u64, what: &str) {
    assert!(
        &kept_part(tree(&work.join("dist"))) == kept,
        "{what}: the kept files are not all in the output"
    );
    assert!(
        kept_beside(work).is_empty(),
        "{what}: kept files were left beside the output"
    );
    assert_eq!(
        std::fs::metadata(work.join("dist/.git")).unwrap().ino(),
        git_inode,
        "{what}: .git was copied, not moved"
    );
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
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
    let filler =
        "The council met again on Tuesday and heard from residents about the plan. ".repeat(12);
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
    std::fs::write(
        content.join("site.toml"),
        format!("name = \"{name}\"\n[output]\nkeep = [\"robots.txt\"]\n"),
    )
    .unwrap();
}

fn build(work: &Path) -> Command {
    let mut command = broadside();
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
        .filter(|n| {
            n != "content"
                && n != "dist"
                && n != ".dist.broadside-spare"
                && n != ".dist.broadside-record"
        })
        .collect()
}

#[test]
fn killed_builds_leave_the_old_or_the_new_output_whole() {
    let stories = env_number("BROADSIDE_KILL_STORIES", 3000);
    let builds = env_number("BROADSIDE_KILL_BUILDS", 50);
    let seed = env_number(
        "BROADSIDE_KILL_SEED",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64
            | 1,
    );
    eprintln!("kill test: {stories} stories, {builds} builds, BROADSIDE_KILL_SEED={seed}");
    let mut rng = Rng(seed);

    let work = TestSite::new();
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
    let kept = add_deploy_files(&dist, 1000);
    let git_inode = std::fs::metadata(dist.join(".git")).unwrap().ino();
    assert_eq!(snapshots[0].len(), snapshots[1].len());
    // The listing pages (front page's page/2/…, the archive) aside.
    let listing = |p: &&std::path::PathBuf| p.starts_with("page") || p.starts_with("archive");
    assert_eq!(
        snapshots[0].keys().filter(|p| !listing(p)).count() as u64,
        stories + 2,
        "a page per story, the front page and the manifest"
    );
    for (path, bytes) in &snapshots[0] {
        // The manifest lists the same files in both versions.
        if path != Path::new(".broadside-manifest") {
            assert_ne!(
                Some(bytes),
                snapshots[1].get(path),
                "{} is the same in both versions",
                path.display()
            );
        }
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
            assert!(
                status.success(),
                "round {round}: a build that was not killed failed"
            );
            // Keep the kill window matched to how long a build takes now.
            build_time = (build_time * 3 + started.elapsed()) / 4;
        }

        let found = tree(&dist);
        assert_kept_files_safe(
            work,
            &found,
            &kept,
            &format!("round {round} (seed {seed}, killed after {delay:?})"),
        );
        let found = site_part(found);
        if found == snapshots[target] {
            got_new += 1;
            current = target;
        } else if found == snapshots[current] {
            kept_old += 1;
        } else {
            let stray: Vec<_> = found
                .iter()
                .filter(|(p, b)| {
                    snapshots[current].get(*p) != Some(b) && snapshots[target].get(*p) != Some(b)
                })
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
    eprintln!(
        "kill test: {killed} of {builds} builds killed; output kept old {kept_old}, new {got_new}"
    );
    assert!(
        killed >= builds / 4,
        "too few builds were killed mid-way ({killed} of {builds}): the kill window is off"
    );

    // A build that is left to finish cleans up after the killed ones.
    set_version(&content, 0);
    full_build(work);
    assert!(
        site_part(tree(&dist)) == snapshots[0],
        "the final build's output differs from the first build's"
    );
    assert_kept_files_home(work, &kept, git_inode, "the final build");
    assert!(
        leftovers(work).is_empty(),
        "staging folders were left behind: {:?}",
        leftovers(work)
    );
}

#[test]
fn builds_running_at_the_same_time_do_not_break_each_other() {
    let work = TestSite::new();
    let work = work.path();
    let content = work.join("content");
    write_content(&content, 300);
    set_version(&content, 0);
    full_build(work);
    let kept = add_deploy_files(&work.join("dist"), 200);
    let git_inode = std::fs::metadata(work.join("dist/.git")).unwrap().ino();
    let expected = tree(&work.join("dist"));
    for round in 0..8 {
        let children: Vec<_> = (0..3).map(|_| build(work).spawn().unwrap()).collect();
        for mut child in children {
            assert!(
                child.wait().unwrap().success(),
                "round {round}: a build failed"
            );
        }
        assert!(
            tree(&work.join("dist")) == expected,
            "round {round}: the output is not whole"
        );
        assert_kept_files_home(work, &kept, git_inode, &format!("round {round}"));
    }
    assert!(
        leftovers(work).is_empty(),
        "staging folders were left behind: {:?}",
        leftovers(work)
    );
}

/// How the output folder looks before the build that is killed.
#[cfg(feature = "failpoints")]
#[derive(Debug, Clone, Copy)]
enum Start {
    /// broadside's own output, with deploy files.
    Own,
    /// Only the deploy files: a fresh deploy checkout.
    OnlyKept,
    /// Someone else's folder, with deploy files, taken with --force.
    Forced,
    /// The output of a broadside from before the manifest, with the old
    /// (unmarked) spare beside it.
    Older,
}

/// Builds the site of `version` into `work/dist`, passing `extra`.
fn run(
    work: &Path,
    version: usize,
    extra: &[&str],
    failpoint: Option<&str>,
) -> std::process::ExitStatus {
    set_version(&work.join("content"), version);
    let mut command = build(work);
    command.args(extra);
    if let Some(step) = failpoint {
        command.env("BROADSIDE_FAILPOINT", step);
    }
    command.status().unwrap()
}

/// Needs the test-only failpoints (`cargo test --features failpoints`, as
/// `scripts/test` runs it).
#[cfg(feature = "failpoints")]
#[test]
fn a_kill_at_every_step_loses_no_kept_file() {
    let steps = [
        "staged", "journal", "carrying", "carried", "swapped", "disposed",
    ];
    // The two versions' sites, built where nothing else is.
    let reference = TestSite::new();
    write_content(&reference.path().join("content"), 3);
    let sites: Vec<Tree> = (0..2)
        .map(|version| {
            let _ = std::fs::remove_dir_all(reference.path().join("dist"));
            assert!(run(reference.path(), version, &[], None).success());
            tree(&reference.path().join("dist"))
        })
        .collect();
    let without_manifest = |site: &Tree| -> Tree {
        site.iter()
            .filter(|(p, _)| *p != Path::new(".broadside-manifest"))
            .map(|(p, b)| (p.clone(), b.clone()))
            .collect()
    };

    for start in [Start::Own, Start::OnlyKept, Start::Forced, Start::Older] {
        for (i, step) in steps.iter().enumerate() {
            let what = format!("{start:?}, killed at {step}");
            let dir = TestSite::new();
            let work = dir.path();
            let dist = work.join("dist");
            write_content(&work.join("content"), 3);
            let extra: &[&str] = if matches!(start, Start::Forced) {
                &["--force"]
            } else {
                &[]
            };
            let old_site: Tree = match start {
                Start::Own => {
                    assert!(run(work, 0, &[], None).success(), "{what}");
                    sites[0].clone()
                }
                Start::OnlyKept => Tree::new(),
                Start::Forced => {
                    std::fs::create_dir_all(dist.join("drafts")).unwrap();
                    std::fs::write(dist.join("notes.md"), "my notes").unwrap();
                    std::fs::write(dist.join("drafts/a.md"), "a draft").unwrap();
                    tree(&dist)
                }
                Start::Older => {
                    for (path, bytes) in without_manifest(&sites[0]) {
                        std::fs::create_dir_all(dist.join(&path).parent().unwrap()).unwrap();
                        std::fs::write(dist.join(&path), bytes).unwrap();
                    }
                    std::fs::create_dir_all(work.join(".dist.broadside-spare")).unwrap();
                    std::fs::write(
                        work.join(".dist.broadside-spare/index.html"),
                        "an old generation",
                    )
                    .unwrap();
                    tree(&dist)
                }
            };
            let kept = add_deploy_files(&dist, 50);
            let git_inode = std::fs::metadata(dist.join(".git")).unwrap().ino();
            let old_spare = tree(work)
                .into_iter()
                .filter(|(p, _)| p.starts_with(".dist.broadside-spare"))
                .collect::<Tree>();

            let status = run(work, 1, extra, Some(step));
            assert!(
                status.code().is_none(),
                "{what}: the build was not stopped at the step ({status})"
            );
            let found = tree(&dist);
            assert_kept_files_safe(work, &found, &kept, &what);
            let site = site_part(found);
            let swapped = i >= 4;
            let expected = if swapped { &sites[1] } else { &old_site };
            assert!(
                &site == expected,
                "{what}: the output is not the {} site: {:?}",
                if swapped { "new" } else { "old" },
                site.keys().collect::<Vec<_>>()
            );
            if matches!(start, Start::Older) {
                let spare: Tree = tree(work)
                    .into_iter()
                    .filter(|(p, _)| p.starts_with(".dist.broadside-spare"))
                    .collect();
                assert!(
                    spare == old_spare,
                    "{what}: the old spare, not broadside's, was touched"
                );
            }

            // The next build puts everything right.
            assert!(
                run(work, 1, extra, None).success(),
                "{what}: the build after the kill failed"
            );
            assert!(
                site_part(tree(&dist)) == sites[1],
                "{what}: the next build's output is wrong"
            );
            assert_kept_files_home(work, &kept, git_inode, &what);
            let mut beside: Vec<std::path::PathBuf> = std::fs::read_dir(work)
                .unwrap()
                .map(|e| std::path::PathBuf::from(e.unwrap().file_name()))
                .collect();
            beside.retain(|name| {
                name != Path::new(".dist.broadside-spare")
                    && name != Path::new(".dist.broadside-record")
            });
            beside.sort();
            assert_eq!(
                beside,
                ["content", "dist"].map(std::path::PathBuf::from),
                "{what}: left beside the output"
            );
            let spare = if work.join(".dist.broadside-spare").exists() {
                tree(&work.join(".dist.broadside-spare"))
            } else {
                Tree::new()
            };
            if matches!(start, Start::Older) {
                assert!(
                    spare
                        == old_spare
                            .into_iter()
                            .map(|(p, b)| (
                                p.strip_prefix(".dist.broadside-spare")
                                    .unwrap()
                                    .to_path_buf(),
                                b
                            ))
                            .collect::<Tree>(),
                    "{what}"
                );
            } else {
                assert!(
                    spare.keys().all(|p| !is_kept(p)),
                    "{what}: the spare holds a kept file"
                );
                assert!(
                    !spare
                        .keys()
                        .any(|p| p.starts_with("notes.md") || p.starts_with("drafts")),
                    "{what}: the spare holds a user's file"
                );
            }
        }
    }
}

#[test]
fn a_kept_file_found_twice_after_a_kill_stops_the_build() {
    let dir = TestSite::new();
    let work = dir.path();
    write_content(&work.join("content"), 3);
    assert!(run(work, 0, &[], None).success());
    let kept = add_deploy_files(&work.join("dist"), 10);
    // Killed after moving the first kept entry (`.git`) out of the output.
    assert!(run(work, 1, &[], Some("carrying")).code().is_none());
    assert!(!work.join("dist/.git").exists());
    // Someone makes a new `.git` there before the next build.
    std::fs::create_dir(work.join("dist/.git")).unwrap();
    std::fs::write(work.join("dist/.git/HEAD"), "a new one\n").unwrap();
    let refused = Run::of(build(work).stderr(Stdio::piped()));
    let stderr = &refused.stderr;
    assert_eq!(refused.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: a build that was killed left your `.git` in `.dist.broadside-spare`, and `dist` holds a `.git` too"),
        "{stderr}"
    );
    assert!(stderr.contains("help: keep the one you want"), "{stderr}");
    // Both are still there; once one is moved away, the build goes on.
    assert_eq!(
        std::fs::read_to_string(work.join("dist/.git/HEAD")).unwrap(),
        "a new one\n"
    );
    std::fs::remove_dir_all(work.join("dist/.git")).unwrap();
    assert!(run(work, 1, &[], None).success());
    assert!(kept_part(tree(&work.join("dist"))) == kept);
}
