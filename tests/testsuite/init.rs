//! `broadside init`: a new site that builds and checks clean, and never a
//! file overwritten.

use std::path::Path;

use crate::support::{Run, TestSite, broadside, repo};

/// `broadside ARGS` in `dir`.
fn run_in(dir: &Path, args: &[&str]) -> Run {
    Run::of(broadside().current_dir(dir).args(args))
}

#[test]
fn makes_a_site_that_builds_and_checks_clean() {
    let dir = TestSite::new();
    let out = run_in(dir.path(), &["init", "my-site"]);
    assert!(out.status.success(), "{}", out.stderr);
    assert!(
        out.stdout.contains("made a new site in my-site"),
        "{}",
        out.stdout
    );
    let site = dir.path().join("my-site");
    let story = std::fs::read_to_string(site.join("content/story.md")).unwrap();
    assert!(story.starts_with("+++\ntitle = "), "{story}");
    assert!(story.contains("date = 2026-01-01\n"), "{story}");
    let settings = std::fs::read_to_string(site.join("content/site.toml")).unwrap();
    for setting in [
        "name = ",
        "language = ",
        "# base_url = ",
        "# home_url = ",
        "# description = ",
        "# logo = ",
        "[share]",
        "# networks = ",
        "[more_from]",
        "# count = ",
        "# links = ",
        "[markdown]",
        "# allow_unsafe_html = ",
        "[images]",
        "# allow_remote = ",
        "[limits]",
        "# max_story_bytes = ",
        "[build]",
        "# strict = ",
    ] {
        assert!(settings.contains(setting), "site.toml lacks {setting}");
    }
    // The templates are the built-in ones, so the page is the same with or without them.
    for name in [
        "base.html",
        "story.html",
        "index.html",
        "partials/head.html",
        "atom.xml",
        "style.css",
    ] {
        let copied = std::fs::read_to_string(site.join("templates").join(name)).unwrap();
        let original = std::fs::read_to_string(repo().join("templates").join(name)).unwrap();
        assert_eq!(copied, original, "templates/{name}");
    }

    let check = run_in(&site, &["check"]);
    assert!(check.status.success(), "{}", check.stderr);
    assert_eq!(check.stdout, "checked 1 page: no problems found\n");
    assert!(check.stderr.is_empty(), "{}", check.stderr);

    let build = run_in(&site, &["--quiet"]);
    assert!(build.status.success(), "{}", build.stderr);
    let page = std::fs::read_to_string(site.join("dist/index.html")).unwrap();
    assert!(page.contains("Harbour Bridge Reopens Two Weeks Early"));
}

#[test]
fn init_in_the_current_folder_by_default() {
    let dir = TestSite::new();
    let out = run_in(dir.path(), &["init", "--quiet"]);
    assert!(out.status.success(), "{}", out.stderr);
    assert!(out.stdout.is_empty());
    assert!(dir.path().join("content/story.md").is_file());
    assert!(dir.path().join("templates/partials/share.html").is_file());
}

#[test]
fn refuses_to_overwrite_and_writes_nothing() {
    let dir = TestSite::new();
    assert!(run_in(dir.path(), &["init", "site"]).status.success());
    let story = dir.path().join("site/content/story.md");
    std::fs::write(&story, "my own story").unwrap();
    let again = run_in(dir.path(), &["init", "site"]);
    assert_eq!(again.status.code(), Some(1));
    let stderr = &again.stderr;
    assert!(
        stderr.contains(
            "`site/content/story.md` already exists; broadside init does not overwrite files"
        ),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&story).unwrap(), "my own story");

    // One file in the way: nothing else is written either.
    let other = TestSite::new();
    std::fs::create_dir_all(other.path().join("templates")).unwrap();
    std::fs::write(other.path().join("templates/style.css"), "mine").unwrap();
    let refused = run_in(other.path(), &["init"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        refused
            .stderr
            .contains("`./templates/style.css` already exists"),
        "{}",
        refused.stderr
    );
    assert!(!other.path().join("content").exists());
    assert_eq!(
        std::fs::read_dir(other.path().join("templates"))
            .unwrap()
            .count(),
        1
    );
}
