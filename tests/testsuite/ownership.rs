//! Never destroy a file broadside did not write: what a build will and will
//! not replace, run through the real binary.
//!
//! A build replaces only a folder it made (marked by `.broadside-manifest`),
//! an empty one, or the output of an older broadside; anything else is
//! refused (exit 1) unless `--force`, and some folders are refused even
//! then. Dotfiles, `CNAME` and the names in `[output] keep` stay in the
//! output across every build. Kills during a build: `atomic`.

#![cfg(unix)]

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use crate::support::{Run, TestSite, Tree, add_deploy_checkout, broadside, tree, write};

/// A working folder holding `content/` with one story.
fn site() -> TestSite {
    let dir = TestSite::new();
    story(dir.path(), "storm", "Storm");
    dir
}

fn story(work: &Path, name: &str, title: &str) {
    write(
        &work.join(format!("content/{name}.md")),
        format!("+++\ntitle = \"{title}\"\n+++\n\nText about {title}.\n"),
    );
}

/// Runs `broadside --content content <args>` in `cwd`, with `HOME` set to
/// `home` (a folder of the test's, never the real one).
fn run_in(cwd: &Path, home: &Path, args: &[&str]) -> Run {
    Run::of(broadside().current_dir(cwd).env("HOME", home).args(args))
}

/// A home folder that holds none of the test's folders.
const NO_HOME: &str = "/nonexistent/broadside-test-home";

/// Runs a build in `work` with a home folder elsewhere.
fn run(work: &Path, args: &[&str]) -> Run {
    run_in(
        work,
        Path::new(NO_HOME),
        &[&["--content", "content"], args].concat(),
    )
}

/// Standard error of a build that must succeed.
fn ok(run: Run) -> String {
    run.ok().stderr
}

/// Asserts a refusal: exit 1, each of `needles`, a `help:` line.
fn refused(run: Run, needles: &[&str]) -> String {
    let text = run.stderr;
    assert_eq!(run.status.code(), Some(1), "expected a refusal:\n{text}");
    for needle in needles {
        assert!(text.contains(needle), "expected {needle:?} in:\n{text}");
    }
    assert!(
        text.contains("\nhelp: ") && text.contains("nothing was written"),
        "{text}"
    );
    text
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn manifest(dist: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(dist.join(".broadside-manifest")).unwrap();
    let mut lines = text.lines();
    assert!(
        lines.next().unwrap().starts_with("broadside manifest 1"),
        "{text}"
    );
    lines.map(str::to_string).collect()
}

#[test]
fn a_foreign_folder_is_refused_twice_and_left_as_it_was() {
    let dir = site();
    let work = dir.path();
    write(&work.join("papers/docs/thesis.txt"), "Chapter one.\n");
    write(&work.join("papers/notes.md"), "# Notes\n");
    write(&work.join("papers/.hidden"), "a dotfile\n");
    let before = tree(work);
    let beside = names(work);
    for _ in 0..2 {
        refused(
            run(work, &["--out", "papers"]),
            &[
                "error: refusing to write the site over `papers`",
                "broadside did not make that folder",
                "docs/thesis.txt",
                "notes.md",
                "--force",
            ],
        );
        assert_eq!(
            tree(work),
            before,
            "the refused folder, or something beside it, changed"
        );
        assert_eq!(
            names(work),
            beside,
            "a refused build left something beside the folder"
        );
    }
}

#[test]
fn a_refusal_names_a_few_files_not_all() {
    let dir = site();
    for i in 0..40 {
        write(&dir.path().join(format!("photos/img-{i:03}.jpg")), "jpeg");
    }
    let text = refused(
        run(dir.path(), &["--out", "photos"]),
        &["img-000.jpg", "img-004.jpg", "…"],
    );
    assert!(!text.contains("img-005.jpg"), "{text}");
}

#[test]
fn force_takes_a_foreign_folder_over_and_keeps_the_deploy_files() {
    let dir = site();
    let work = dir.path();
    write(&work.join("papers/docs/thesis.txt"), "Chapter one.\n");
    write(&work.join("papers/notes.md"), "# Notes\n");
    write(&work.join("papers/.git/HEAD"), "ref: refs/heads/main\n");
    write(&work.join("papers/CNAME"), "papers.example\n");
    ok(run(work, &["--out", "papers", "--force"]));
    assert_eq!(
        names(&work.join("papers")),
        [".broadside-manifest", ".git", "CNAME", "index.html"]
    );
    assert_eq!(
        std::fs::read_to_string(work.join("papers/.git/HEAD")).unwrap(),
        "ref: refs/heads/main\n"
    );
    // Beside it, only the record of the build (src/output/record.rs).
    assert_eq!(
        names(work),
        [".papers.broadside-record", "content", "papers"],
        "the taken-over files are not kept beside it"
    );
    // From now on it is broadside's own: no --force needed (--no-cache: each
    // build writes, rather than finding nothing changed).
    ok(run(work, &["--out", "papers", "--no-cache"]));
    ok(run(work, &["--out", "papers", "--no-cache"]));
    assert_eq!(
        names(&work.join("papers")),
        [".broadside-manifest", ".git", "CNAME", "index.html"]
    );
    assert_eq!(
        names(work),
        [".papers.broadside-spare", "content", "papers"]
    );
}

#[test]
fn never_the_home_folder_even_with_force() {
    let dir = TestSite::new();
    let home = dir.join("home/ann");
    let work = home.join("site");
    story(&work, "storm", "Storm");
    write(&home.join("letter.txt"), "Dear Bob\n");
    let before = tree(dir.path());
    let content = work.join("content");
    let content = content.to_str().unwrap();
    for out in [home.to_str().unwrap(), "..", "~"] {
        let out = if out == "~" {
            home.to_str().unwrap()
        } else {
            out
        };
        refused(
            run_in(
                &work,
                &home,
                &["--content", content, "--out", out, "--force"],
            ),
            &["refusing to write the site to", "it is the home folder"],
        );
    }
    // Nor a folder that holds it.
    let above = dir.path().join("home");
    refused(
        run_in(
            &work,
            &home,
            &[
                "--content",
                content,
                "--out",
                above.to_str().unwrap(),
                "--force",
            ],
        ),
        &["it holds the home folder"],
    );
    assert_eq!(tree(dir.path()), before);
}

#[test]
fn never_the_current_directory_even_with_force() {
    let dir = site();
    let work = dir.path();
    write(&work.join("notes.md"), "mine\n");
    let before = tree(work);
    for out in [".", work.to_str().unwrap()] {
        refused(
            run(work, &["--out", out, "--force"]),
            &["refusing to write the site over the current directory"],
        );
    }
    // Nor a folder that holds it.
    let deep = work.join("a/b");
    std::fs::create_dir_all(&deep).unwrap();
    let content = work.join("content");
    refused(
        run_in(
            &deep,
            Path::new(NO_HOME),
            &[
                "--content",
                content.to_str().unwrap(),
                "--out",
                "..",
                "--force",
            ],
        ),
        &["refusing to write the site to `..`: it holds the current directory"],
    );
    std::fs::remove_dir_all(work.join("a")).unwrap();
    assert_eq!(tree(work), before);
}

#[test]
fn never_inside_or_over_the_content_or_templates_even_with_force() {
    let dir = site();
    let work = dir.path();
    write(
        &work.join("templates/partials/extra.html"),
        "<p>extra</p>\n",
    );
    let before = tree(work);
    for force in [false, true] {
        let with = |out: &'static str| -> Vec<&'static str> {
            let mut args = vec!["--templates", "templates", "--out", out];
            if force {
                args.push("--force");
            }
            args
        };
        refused(
            run(work, &with("content/site")),
            &[
                "refusing to write the site to `content/site`: it is inside `content`, which the build reads",
            ],
        );
        refused(
            run(work, &with("templates/out")),
            &["it is inside `templates`"],
        );
        refused(run(work, &with("content")), &["it is `content`"]);
        refused(run(work, &with("..")), &["it holds `content`"]);
    }
    assert_eq!(
        tree(work),
        before,
        "nothing was written into the content or templates"
    );
    assert_eq!(names(work), ["content", "templates"]);
}

#[test]
fn an_empty_folder_or_one_holding_only_deploy_files_is_used() {
    let dir = site();
    let work = dir.path();
    std::fs::create_dir(work.join("empty")).unwrap();
    ok(run(work, &["--out", "empty"]));
    assert_eq!(
        names(&work.join("empty")),
        [".broadside-manifest", "index.html"]
    );
    write(&work.join("pages/.git/HEAD"), "ref: refs/heads/gh-pages\n");
    write(&work.join("pages/CNAME"), "news.example\n");
    ok(run(work, &["--out", "pages"]));
    assert_eq!(
        names(&work.join("pages")),
        [".broadside-manifest", ".git", "CNAME", "index.html"]
    );
}

#[test]
fn broadsides_own_output_is_rebuilt_and_its_manifest_lists_what_it_wrote() {
    let dir = site();
    let work = dir.path();
    std::fs::write(
        work.join("content/site.toml"),
        "base_url = \"https://news.example/\"\n",
    )
    .unwrap();
    story(work, "harbour", "Harbour");
    ok(run(work, &["--out", "dist"]));
    assert_eq!(
        manifest(&work.join("dist")),
        // With a base URL each story without a photo shares a generated
        // card, and the site has a 404.html.
        [
            "404.html",
            "archive/index.html",
            "archive/undated/index.html",
            "atom.xml",
            "harbour/index.html",
            "harbour/share-card.png",
            "index.html",
            "news-sitemap.xml",
            "robots.txt",
            "sitemap.xml",
            "storm/index.html",
            "storm/share-card.png"
        ]
    );
    // A story goes, another comes: the manifest follows, the old page goes.
    std::fs::remove_file(work.join("content/harbour.md")).unwrap();
    story(work, "flood", "Flood");
    ok(run(work, &["--out", "dist"]));
    assert_eq!(
        manifest(&work.join("dist")),
        [
            "404.html",
            "archive/index.html",
            "archive/undated/index.html",
            "atom.xml",
            "flood/index.html",
            "flood/share-card.png",
            "index.html",
            "news-sitemap.xml",
            "robots.txt",
            "sitemap.xml",
            "storm/index.html",
            "storm/share-card.png"
        ]
    );
    assert!(!work.join("dist/harbour").exists());
    ok(run(work, &["--out", "dist"]));
    assert_eq!(
        names(work),
        [
            ".dist.broadside-record",
            ".dist.broadside-spare",
            "content",
            "dist"
        ]
    );
    // The spare is broadside's too: marked, and holding only what it lists.
    let spare = work.join(".dist.broadside-spare");
    let listed: Vec<PathBuf> = manifest(&spare).iter().map(PathBuf::from).collect();
    let held: Vec<PathBuf> = tree(&spare)
        .into_keys()
        .filter(|p| p != Path::new(".broadside-manifest"))
        .collect();
    assert_eq!(held, listed);
}

#[test]
fn deploy_files_survive_three_rebuilds_in_place() {
    let dir = site();
    let work = dir.path();
    std::fs::write(
        work.join("content/site.toml"),
        "[output]\nkeep = [\"robots.txt\"]\n",
    )
    .unwrap();
    ok(run(work, &["--out", "dist"]));
    let dist = work.join("dist");
    add_deploy_checkout(&dist, 3000);
    let kept = |t: Tree| -> Tree {
        t.into_iter()
            .filter(|(p, _)| {
                !p.starts_with("index.html")
                    && !p.starts_with("archive")
                    && !p.starts_with(".broadside-manifest")
                    && !p.starts_with("storm")
                    && !p.starts_with("flood")
            })
            .collect()
    };
    let before = kept(tree(&dist));
    assert_eq!(before.len(), 3005);
    let inode = |p: &str| std::fs::symlink_metadata(dist.join(p)).unwrap().ino();
    let inodes: Vec<u64> = [
        ".git",
        ".git/HEAD",
        ".nojekyll",
        ".well-known",
        "CNAME",
        "robots.txt",
    ]
    .iter()
    .map(|p| inode(p))
    .collect();
    let mtime = std::fs::metadata(dist.join("CNAME")).unwrap().mtime();
    for round in 0..3 {
        story(work, "storm", &format!("Storm, update {round}"));
        if round == 1 {
            story(work, "flood", "Flood");
        }
        ok(run(work, &["--out", "dist"]));
        let page = std::fs::read_to_string(dist.join(if round == 0 {
            "index.html"
        } else {
            "storm/index.html"
        }))
        .unwrap();
        assert!(
            page.contains(&format!("Storm, update {round}")),
            "round {round}: the site was not rebuilt"
        );
        assert!(
            kept(tree(&dist)) == before,
            "round {round}: the deploy files changed"
        );
        let now: Vec<u64> = [
            ".git",
            ".git/HEAD",
            ".nojekyll",
            ".well-known",
            "CNAME",
            "robots.txt",
        ]
        .iter()
        .map(|p| inode(p))
        .collect();
        assert_eq!(
            now, inodes,
            "round {round}: deploy files were copied, not moved"
        );
        assert_eq!(
            std::fs::metadata(dist.join("CNAME")).unwrap().mtime(),
            mtime
        );
        let spare = tree(&work.join(".dist.broadside-spare"));
        assert!(
            spare.keys().all(|p| !p.starts_with(".git")
                && !p.starts_with("CNAME")
                && !p.starts_with("robots.txt")),
            "round {round}: a deploy file is in the spare"
        );
    }
}

#[test]
fn a_file_the_user_adds_to_the_output_is_refused_until_kept() {
    let dir = site();
    let work = dir.path();
    ok(run(work, &["--out", "dist"]));
    write(&work.join("dist/report.pdf"), "%PDF");
    let before = tree(work);
    refused(
        run(work, &["--out", "dist"]),
        &[
            "refusing to write the site over `dist`: it holds files broadside did not write: report.pdf",
            "[output] keep = [\"report.pdf\"]",
            "--force",
        ],
    );
    assert_eq!(tree(work), before);
    std::fs::write(
        work.join("content/site.toml"),
        "[output]\nkeep = [\"report.pdf\"]\n",
    )
    .unwrap();
    ok(run(work, &["--out", "dist"]));
    assert_eq!(
        std::fs::read(work.join("dist/report.pdf")).unwrap(),
        b"%PDF"
    );
    // A file among broadside's own pages cannot be kept by name: move it.
    story(work, "flood", "Flood");
    ok(run(work, &["--out", "dist"]));
    write(&work.join("dist/flood/notes.txt"), "mine");
    let text = refused(
        run(work, &["--out", "dist"]),
        &["flood/notes.txt", "move them out of `dist`"],
    );
    assert!(!text.contains("keep = ["), "{text}");
    // --force replaces the folder and deletes it, as the message says.
    ok(run(work, &["--out", "dist", "--force"]));
    assert!(!work.join("dist/flood/notes.txt").exists());
    assert!(work.join("dist/report.pdf").exists());
}

#[test]
fn keep_cannot_name_a_file_the_site_writes() {
    let dir = site();
    let work = dir.path();
    std::fs::write(
        work.join("content/site.toml"),
        "[output]\nkeep = [\"CNAME\", \"index.html\"]\n",
    )
    .unwrap();
    refused(
        run(work, &["--out", "dist"]),
        &[
            "error: [output] keep names `index.html`, which the site itself writes",
            "content/site.toml:2:18",
        ],
    );
    assert_eq!(names(work), ["content"]);
}

#[test]
fn a_story_may_not_write_over_a_kept_dot_folder() {
    let dir = site();
    let work = dir.path();
    std::fs::write(
        work.join("content/wk.md"),
        "+++\ntitle = \"Keys\"\npath = \".well-known/keys\"\n+++\n\nKeys.\n",
    )
    .unwrap();
    write(&work.join("dist/.well-known/security.txt"), "Contact: me\n");
    refused(
        run(work, &["--out", "dist"]),
        &["the site would write `.well-known`", "is kept as yours"],
    );
    assert_eq!(
        std::fs::read_to_string(work.join("dist/.well-known/security.txt")).unwrap(),
        "Contact: me\n"
    );
}

/// Needs the test-only failpoints (`cargo test --features failpoints`, as
/// `scripts/test` runs it).
#[cfg(feature = "failpoints")]
#[test]
fn stale_folders_of_killed_builds_are_cleaned_up_and_others_left_alone() {
    let dir = site();
    let work = dir.path();
    ok(run(work, &["--out", "dist"]));
    // A build killed after staging its site leaves a marked staging folder.
    let killed = broadside()
        .current_dir(work)
        .env("BROADSIDE_FAILPOINT", "staged")
        .args([
            "--content",
            "content",
            "--out",
            "dist",
            "--quiet",
            "--no-cache",
        ])
        .status()
        .unwrap();
    assert!(killed.code().is_none());
    // Copies of it under staging names, an empty one, a half-written journal.
    let copy = |to: &str| {
        std::fs::create_dir(work.join(to)).unwrap();
        for name in names(&work.join(".dist.broadside-spare")) {
            std::fs::copy(
                work.join(".dist.broadside-spare").join(&name),
                work.join(to).join(name),
            )
            .unwrap();
        }
    };
    copy(".dist.broadside-a1B2c3");
    std::fs::create_dir(work.join(".dist.broadside-d4E5f6")).unwrap();
    write(
        &work.join(".dist.broadside-transit.part"),
        "broadside transit 1: kept files moving into a new outp",
    );
    // Not broadside's, for all its name: left alone, with a warning.
    write(
        &work.join(".dist.broadside-Zz9Yy8/thesis.txt"),
        "Chapter one.\n",
    );
    let text = ok(run(work, &["--out", "dist"]));
    assert!(text.contains("warning: `.dist.broadside-Zz9Yy8` beside the output holds files broadside did not write (thesis.txt, …); it is left alone"), "{text}");
    assert_eq!(
        names(work),
        [
            ".dist.broadside-Zz9Yy8",
            ".dist.broadside-spare",
            "content",
            "dist"
        ]
    );
    assert_eq!(
        std::fs::read_to_string(work.join(".dist.broadside-Zz9Yy8/thesis.txt")).unwrap(),
        "Chapter one.\n"
    );
}

#[test]
fn a_spare_holding_a_users_files_is_left_alone() {
    let dir = site();
    let work = dir.path();
    ok(run(work, &["--out", "dist"]));
    // As an older broadside left it: the user's folder moved aside as the spare.
    std::fs::remove_dir_all(work.join(".dist.broadside-spare")).ok();
    write(&work.join(".dist.broadside-spare/notes.md"), "# Notes\n");
    for _ in 0..3 {
        // --no-cache: a build that finds nothing changed writes nothing, and
        // looks at nothing beside the output.
        let text = ok(run(work, &["--out", "dist", "--no-cache"]));
        assert!(text.contains("`.dist.broadside-spare` beside the output holds files broadside did not write (notes.md, …)"), "{text}");
        assert_eq!(names(&work.join(".dist.broadside-spare")), ["notes.md"]);
        assert_eq!(names(work), [".dist.broadside-spare", "content", "dist"]);
        assert_eq!(
            names(&work.join("dist")),
            [".broadside-manifest", "index.html"]
        );
    }
}

#[test]
fn the_output_of_an_older_broadside_is_rebuilt_and_a_look_alike_is_not() {
    let dir = site();
    let work = dir.path();
    ok(run(work, &["--out", "dist"]));
    let page = std::fs::read(work.join("dist/index.html")).unwrap();
    let older = |name: &str, bytes: &[u8]| {
        std::fs::create_dir(work.join(name)).unwrap();
        std::fs::write(work.join(name).join("index.html"), bytes).unwrap();
    };
    // As an older broadside wrote it, no manifest: the same page today.
    older("same", &page);
    ok(run(work, &["--out", "same"]));
    assert_eq!(manifest(&work.join("same")), ["index.html"]);
    // An older page, with the older broadside's spare beside it.
    older("rebuilt", b"<!doctype html><title>Storm, before</title>");
    write(
        &work.join(".rebuilt.broadside-spare/index.html"),
        "older still",
    );
    ok(run(work, &["--out", "rebuilt"]));
    assert_eq!(
        std::fs::read(work.join("rebuilt/index.html")).unwrap(),
        page
    );
    assert_eq!(
        std::fs::read_to_string(work.join(".rebuilt.broadside-spare/index.html")).unwrap(),
        "older still"
    );
    // A hand-made index.html, with no sign of broadside: refused.
    older("handmade", b"<h1>My home page</h1>");
    refused(
        run(work, &["--out", "handmade"]),
        &["broadside did not make that folder", "index.html"],
    );
    assert_eq!(
        std::fs::read(work.join("handmade/index.html")).unwrap(),
        b"<h1>My home page</h1>"
    );
}

#[test]
fn an_output_through_a_symbolic_link_is_the_folder_it_points_to() {
    let dir = site();
    let work = dir.path();
    write(&work.join("real/notes.md"), "mine");
    std::os::unix::fs::symlink(work.join("real"), work.join("link")).unwrap();
    refused(
        run(work, &["--out", "link"]),
        &["refusing to write the site over `link`", "notes.md"],
    );
    std::fs::remove_file(work.join("real/notes.md")).unwrap();
    ok(run(work, &["--out", "link"]));
    ok(run(work, &["--out", "link"]));
    assert!(
        std::fs::symlink_metadata(work.join("link"))
            .unwrap()
            .is_symlink()
    );
    assert_eq!(
        names(&work.join("link")),
        [".broadside-manifest", "index.html"]
    );
    assert_eq!(
        names(work),
        [
            ".real.broadside-record",
            ".real.broadside-spare",
            "content",
            "link",
            "real"
        ]
    );
}

#[test]
fn an_output_that_is_a_dangling_link_or_a_file_is_refused() {
    let dir = site();
    let work = dir.path();
    std::os::unix::fs::symlink(work.join("nowhere"), work.join("link")).unwrap();
    refused(
        run(work, &["--out", "link"]),
        &["refusing to write the site over `link`: it is a symbolic link that leads nowhere"],
    );
    write(&work.join("file"), "a file");
    refused(
        run(work, &["--out", "file"]),
        &["cannot write the site to `file`: it is a file, not a folder"],
    );
    assert_eq!(names(work), ["content", "file", "link"]);
    assert_eq!(std::fs::read(work.join("file")).unwrap(), b"a file");
}
