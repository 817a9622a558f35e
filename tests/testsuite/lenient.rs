//! One post's problem never stops an archive (issue 26): what leaves a
//! sensible page is a warning at its place and the build goes on; `build
//! --strict` (or `strict = true` under `[build]`) makes each warning an
//! error; `check` reports every warning and exits 1 for any. The fixture
//! `lenient-archive` imitates a migrated archive: a README and a code of
//! conduct without front matter, a post whose `date` cannot be read but
//! whose file name gives one, a link to a file that is not there, missing
//! images, `{% post_url %}` outside `_posts/`, and link text that says
//! nothing, in English and in German.

use crate::support::{TestSite, tree};

const LAUNCH: &str = "news/2023-01-29-ferry-launch.md";

/// The fixture as `content/` of a new site folder.
fn archive() -> TestSite {
    TestSite::new().fixture("lenient-archive")
}

/// `content/FILE:L:C`, as diagnostics print it from the site's folder.
fn at(file: &str, line_col: &str) -> String {
    format!("content/{file}:{line_col}")
}

#[track_caller]
fn says(stderr: &str, needles: &[&str]) {
    for needle in needles {
        assert!(stderr.contains(needle), "expected {needle:?} in:\n{stderr}");
    }
}

#[test]
fn an_archive_with_one_posts_problems_builds_with_warnings() {
    let site = archive();
    let run = site.build(&["--verbose"]).ok();
    says(
        &run.stderr,
        &[
            // The date from the file name.
            "warning: `date` is not a valid date: \"2023-01-29 18:30:22 2023 -0800\"; the story takes 2023-01-29 from its file name",
            &at(LAUNCH, "3:1"),
            // The dead link keeps its words.
            "warning: the link to `./vision-doc.md` points to no story: that file, from the story's folder, does not exist; the link is left out, its words kept",
            &at(LAUNCH, "7:30"),
            // Missing images keep their address.
            "warning: the image `gull-slipway.jpg` does not exist; the page keeps its address as written",
            &at(LAUNCH, "10:1"),
            "warning: the image `/img/ferry-route.png` does not exist; the page keeps its address as written",
            &at(LAUNCH, "12:1"),
            "warning: the image `crowd.jpg` does not exist; the page keeps its address as written",
            &at(LAUNCH, "14:11"),
            // Not stories, named by --verbose.
            "not used: content/README.md: it has no front matter",
            "not used: content/CODE_OF_CONDUCT.md: it has no front matter",
        ],
    );
    assert_eq!(run.stderr.matches("warning: ").count(), 5, "{}", run.stderr);
    let launch = run.page("news/2023-01-29-ferry-launch/index.html");
    assert!(
        launch.contains("are in the vision document, and"),
        "{launch}"
    );
    assert!(!launch.contains("vision-doc"), "{launch}");
    for src in ["gull-slipway.jpg", "/img/ferry-route.png", "crowd.jpg"] {
        assert!(
            launch.contains(&format!("<img src=\"{src}\"")),
            "{src}: {launch}"
        );
    }
    assert!(launch.contains("datetime=\"2023-01-29"), "{launch}");
    // {% post_url %} finds the Jekyll-named post outside any _posts/.
    let quay = run.page("news/quay-reopens/index.html");
    assert!(
        quay.contains("<a href=\"../../news/2023-01-29-ferry-launch/index.html\">ferry launched in January</a>"),
        "{quay}"
    );
    assert!(!run.out().join("README/index.html").exists());
    assert!(!run.out().join("CODE_OF_CONDUCT/index.html").exists());
}

#[test]
fn strict_makes_every_warning_an_error_and_writes_nothing() {
    let site = archive().file("dist/index.html", "previous build\n");
    let before = tree(&site.join("dist"));
    let run = site.build(&["--strict"]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    says(
        &run.stderr,
        &[
            "error: the image `gull-slipway.jpg` does not exist",
            "error: `date` is not a valid date",
            "--strict (or strict = true under [build] in site.toml) makes every warning an error",
            "build failed: 6 errors; nothing was written",
        ],
    );
    assert!(!run.stderr.contains("warning: "), "{}", run.stderr);
    // dist/ holds a file broadside did not write: that is said too.
    says(
        &run.stderr,
        &["error: refusing to write the site over `dist`: broadside did not make that folder"],
    );
    assert_eq!(tree(&site.join("dist")), before);

    // The same from site.toml; and without warnings, strict builds.
    let site = archive().file("content/site.toml", "[build]\nstrict = true\n");
    let run = site.build(&[]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    says(
        &run.stderr,
        &["build failed: 5 errors; nothing was written"],
    );
    TestSite::new()
        .file("content/story.md", crate::support::STORY)
        .build(&["--strict"])
        .ok();
}

#[test]
fn check_reports_every_warning_and_fails_for_any() {
    let site = archive();
    let run = site.run(&["check"]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    says(
        &run.stderr,
        &[
            "warning: the link text \"here\" says nothing about where the link leads",
            &at(LAUNCH, "8:11"),
            "warning: the link text \"hier\" says nothing about where the link leads",
            &at("news/hafen.md", "7:67"),
            "warning: Markdown not built: it has no front matter",
            "content/README.md",
            "warning: the image `gull-slipway.jpg` does not exist",
        ],
    );
    // "the harbour's front page" (`/`) says where it leads, and leads somewhere.
    assert!(!run.stderr.contains("`/`"), "{}", run.stderr);
    says(
        &run.stderr,
        &["check failed: checked 6 pages: 0 errors, 9 warnings"],
    );
    // --quiet shows them all the same: each is why the check failed.
    let quiet = site.run(&["check", "--quiet"]);
    assert_eq!(quiet.code(), Some(1));
    assert_eq!(
        quiet.stderr.matches("warning: ").count(),
        9,
        "{}",
        quiet.stderr
    );
}

#[test]
fn check_resolves_root_relative_links() {
    let story =
        "+++\ntitle = \"Storm\"\n+++\n\nSee [the front page](/) and [the old desk](/nowhere/).\n";
    let site = TestSite::new().file("content/story.md", story);
    let run = site.run(&["check"]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    says(
        &run.stderr,
        &[
            "error: the link `/nowhere/` points to no page or file of the built site",
            "content/story.md:5:44",
        ],
    );
    assert!(!run.stderr.contains("the link `/`"), "{}", run.stderr);
    // Under a base URL's path, `/news/` is the site's root; other paths of
    // the host are not the site's to know.
    let site = TestSite::new()
        .file("content/site.toml", "base_url = \"https://example.com/news/\"\n")
        .file(
            "content/story.md",
            "+++\ntitle = \"Storm\"\n+++\n\nSee [the front page](/news/), [the shop](/shop/) and [the old desk](/news/nowhere/).\n",
        );
    let run = site.run(&["check"]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    says(
        &run.stderr,
        &["error: the link `/news/nowhere/` points to no page"],
    );
    assert!(
        !run.stderr.contains("`/shop/`") && !run.stderr.contains("`/news/`"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_compiles_every_template_and_says_each_error() {
    let site = TestSite::new()
        .file("content/story.md", crate::support::STORY)
        .file("templates/archive.html", "{% extends \"base.html\" %}\n{% block main %}\n{{ page.title }\n{% endblock main %}\n")
        .file("templates/tag.html", "{% extends \"base.html\" %}\n{% block main %}\n{% for x in y %}\n{% endblock main %}\n");
    // A one-story site does not use them: the build goes on.
    site.build(&["--quiet"]).ok();
    let run = site.run(&["check"]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    says(
        &run.stderr,
        &[
            "error: template syntax error",
            "templates/archive.html:3:",
            "templates/tag.html:",
            "check failed: the site does not build: 2 errors",
        ],
    );
}

#[test]
fn a_readme_alone_is_no_story() {
    let site = TestSite::new().file("content/README.md", "# Notes\n\nNothing here yet.\n");
    let run = site.build(&[]);
    assert_eq!(run.code(), Some(1));
    says(
        &run.stderr,
        &[
            "error: the content folder `content` holds no story: content/README.md (it has no front matter)",
            "help: a story starts with front matter holding a title",
        ],
    );
    // In Jekyll's _posts/, a file without front matter is still a story's
    // mistake: an error.
    let site = TestSite::new()
        .file("content/_posts/2024-01-02-notes.md", "Just text.\n")
        .file("content/story.md", crate::support::STORY);
    let run = site.build(&[]);
    assert_eq!(run.code(), Some(1));
    says(
        &run.stderr,
        &["error: the story has no front matter, so it has no title"],
    );
}

#[test]
fn a_root_relative_image_found_nowhere_says_where_it_looked() {
    let site = TestSite::new().file("static/images/.keep", "").file(
        "content/story.md",
        "+++\ntitle = \"Storm\"\n+++\n\nText.\n\n![Gate](/images/gate.png)\n",
    );
    let run = site.build(&[]).ok();
    says(
        &run.stderr,
        &[
            "warning: the image `/images/gate.png` does not exist; the page keeps its address as written",
            "content/story.md:7:1",
            "static/images/gate.png",
            "allow_remote = true",
        ],
    );
    assert!(
        run.page("index.html")
            .contains("<img src=\"/images/gate.png\"")
    );
}
