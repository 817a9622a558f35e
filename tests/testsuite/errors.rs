//! The error catalogue: each kind of bad input, run through the real binary.
//!
//! Every case must exit with status 1, name the file (and the line and
//! column where there is one), say what is wrong and how to fix it (a
//! `help:` line), and leave the output folder exactly as it was. Cases live
//! in tests/fixtures/errors/<case>/ (a `content/` folder, sometimes a
//! `templates/` folder); those that cannot be committed sensibly (bytes that
//! are not UTF-8, symbolic links, missing folders) are made in a temporary
//! folder.

use std::path::{Path, PathBuf};

use crate::support::{self, Run, STORY, TestSite, tree};

/// `tests/fixtures/errors/<case>`.
fn fixture(case: &str) -> PathBuf {
    support::fixture("errors").join(case)
}

/// What a failed build printed.
struct Failure {
    stderr: String,
}

impl Failure {
    /// Asserts that every one of `needles` is in the output, and a `help:`.
    fn says(&self, needles: &[&str]) -> &Self {
        for needle in needles {
            assert!(
                self.stderr.contains(needle),
                "expected {needle:?} in:\n{}",
                self.stderr
            );
        }
        assert!(
            self.stderr.contains("\nhelp: "),
            "expected a help: line in:\n{}",
            self.stderr
        );
        self
    }

    fn error_count(&self) -> usize {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("error: "))
            .count()
    }
}

/// Runs a build in a fresh working folder whose output folder `dist/`
/// already holds a previous build (a sentinel file); checks that it fails
/// with status 1 and leaves `dist/` and the working folder as they were.
fn fails(content: &Path, extra: &[&str]) -> Failure {
    let work = TestSite::new()
        .file("dist/index.html", "previous build\n")
        .file("dist/old-story/index.html", "previous story\n");
    let out = work.join("dist");
    let before = tree(&out);
    let content = content.to_str().unwrap();
    let run = work.run(&[&["--content", content, "--out", "dist"], extra].concat());
    let stderr = run.stderr;
    assert_eq!(
        run.status.code(),
        Some(1),
        "expected exit status 1; stderr:\n{stderr}"
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(
        tree(&out),
        before,
        "the output folder changed; stderr:\n{stderr}"
    );
    let entries: Vec<_> = std::fs::read_dir(work.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        entries,
        vec![std::ffi::OsString::from("dist")],
        "a failed build left files behind"
    );
    Failure { stderr }
}

fn fails_fixture(case: &str) -> Failure {
    let dir = fixture(case);
    let templates = dir.join("templates");
    let templates = templates.to_str().unwrap();
    if Path::new(templates).is_dir() {
        fails(&dir.join("content"), &["--templates", templates])
    } else {
        fails(&dir.join("content"), &[])
    }
}

/// `content/story.md:L:C` of a fixture, as the diagnostics print it.
fn at(case: &str, file: &str, line_col: &str) -> String {
    format!(
        "{}:{line_col}",
        fixture(case).join("content").join(file).display()
    )
}

#[test]
fn toml_syntax_error() {
    fails_fixture("toml-syntax").says(&[
        &at("toml-syntax", "story.md", "4:21"),
        "error: invalid TOML in front matter: unclosed array, expected `]`",
        "authors = [\"Ann Lee\"",
    ]);
}

#[test]
fn yaml_syntax_error() {
    fails_fixture("yaml-syntax").says(&[
        &at("yaml-syntax", "story.md", "4:7"),
        "error: invalid YAML in front matter: unclosed bracket '['",
        "help: YAML needs `key: value`",
    ]);
}

#[test]
fn front_matter_that_never_closes() {
    fails_fixture("unclosed-front-matter").says(&[
        &at("unclosed-front-matter", "story.md", "1:1"),
        "error: the front matter opened on line 1 with `+++` never closes",
        "help: add a line holding only `+++`",
    ]);
}

#[test]
fn missing_title() {
    fails_fixture("missing-title").says(&[
        &at("missing-title", "story.md", "1:1"),
        "error: the story has no title",
        "help: add `title = \"Your headline\"` to the front matter",
    ]);
}

#[test]
fn empty_title() {
    fails_fixture("empty-title").says(&[
        &at("empty-title", "story.md", "2:1"),
        "error: the title is empty",
    ]);
}

#[test]
fn title_of_the_wrong_type() {
    fails_fixture("title-wrong-type").says(&[
        &at("title-wrong-type", "story.md", "2:1"),
        "error: the title must be text, not a number",
        "help: quote it: title = \"Your headline\"",
    ]);
}

#[test]
fn invalid_date() {
    fails_fixture("invalid-date").says(&[
        &at("invalid-date", "story.md", "3:1"),
        "error: `date` is not a valid date: \"2020-13-45\"",
        "help: write a date as 2020-01-04",
    ]);
}

#[test]
fn duplicate_key_in_toml() {
    fails_fixture("duplicate-key-toml").says(&[
        &at("duplicate-key-toml", "story.md", "4:1"),
        "error: invalid TOML in front matter: the key `title` is set twice",
        "help: each key may appear once",
    ]);
}

#[test]
fn duplicate_key_in_yaml() {
    fails_fixture("duplicate-key-yaml").says(&[
        &at("duplicate-key-yaml", "story.md", "4:1"),
        "error: invalid YAML in front matter: the key `title` is set twice",
        "help: each key may appear once",
    ]);
}

#[test]
fn a_number_in_a_list_of_tags() {
    fails_fixture("tags-with-a-number").says(&[
        &at("tags-with-a-number", "story.md", "4:1"),
        "error: `tags` must be a list of text, but `2019` in it is a number",
        "help: quote each item: tags: [\"2019\", \"review\"]",
    ]);
}

#[test]
fn json_syntax_error() {
    fails_fixture("json-syntax").says(&[
        &at("json-syntax", "story.md", "4:3"),
        "error: invalid JSON in front matter: key must be a string",
        "help: JSON front matter is one object",
    ]);
}

#[test]
fn a_dated_file_name_outside_posts_gives_no_title() {
    fails_fixture("dated-name-without-title").says(&[
        &at("dated-name-without-title", "2014-05-06-storm.md", "1:1"),
        "error: the story has no title",
        "help: add `title: \"Your headline\"` to the front matter",
    ]);
}

#[test]
fn nothing_to_publish_now() {
    let content = fixture("nothing-to-publish").join("content");
    fails(&content, &[]).says(&[
        &format!(
            "error: the content folder `{}` holds no story to publish now: ",
            content.display()
        ),
        &format!("{} is a draft; ", content.join("draft.md").display()),
        &format!(
            "{} is dated 2030-06-01, in the future",
            content.join("later.md").display()
        ),
        "help: build them anyway with --drafts --future",
    ]);
}

#[test]
fn file_that_is_not_utf8() {
    // "Café" in Latin-1: the é is the single byte 0xE9, at offset 16.
    let dir = TestSite::new().file(
        "content/story.md",
        b"+++\ntitle = \"Caf\xe9 opens\"\n+++\n\nThe caf\xe9 opened.\n",
    );
    let content = dir.join("content");
    fails(&content, &[]).says(&[
        &format!("{}:2:13", content.join("story.md").display()),
        "error: the story is not valid UTF-8 text: byte 16 (0xe9)",
        "help: save the file as UTF-8",
    ]);
}

#[test]
fn empty_file() {
    fails_fixture("empty-file").says(&[
        &fixture("empty-file")
            .join("content/story.md")
            .display()
            .to_string(),
        "error: the story file is empty",
    ]);
}

#[test]
fn missing_image() {
    fails_fixture("missing-image").says(&[
        &at("missing-image", "story.md", "7:1"),
        "error: the image `waves.jpg` does not exist",
        "help: looked for ",
    ]);
}

#[test]
fn root_relative_image_found_nowhere() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("site/content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::create_dir_all(dir.path().join("site/static/images")).unwrap();
    std::fs::write(
        content.join("story.md"),
        "+++\ntitle = \"Storm\"\n+++\n\nText.\n\n![Gate](/images/gate.png)\n",
    )
    .unwrap();
    let failure = fails(&content, &[]);
    failure.says(&[
        &format!("{}:7:1", content.join("story.md").display()),
        "error: the image `/images/gate.png` does not exist",
        "static/images/gate.png",
        "allow_remote = true",
    ]);
}

#[test]
fn image_path_that_leaves_the_content_folder() {
    fails_fixture("image-outside").says(&[
        &at("image-outside", "news/story.md", "7:1"),
        "error: the image path `../../outside.png` leaves the content folder",
        "help: copy the image into",
    ]);
}

#[cfg(unix)]
#[test]
fn image_symlink_that_leaves_the_content_folder() {
    let dir = TestSite::new().file(
        "content/story.md",
        format!("{STORY}\n![Waves](waves.png)\n"),
    );
    let content = dir.join("content");
    std::os::unix::fs::symlink(
        fixture("image-outside").join("outside.png"),
        content.join("waves.png"),
    )
    .unwrap();
    fails(&content, &[]).says(&[
        &format!("{}:7:1", content.join("story.md").display()),
        "error: the image path `waves.png` leaves the content folder through a symbolic link",
    ]);
}

#[test]
fn image_file_that_is_not_an_image() {
    fails_fixture("image-not-image").says(&[
        &at("image-not-image", "story.md", "7:1"),
        "error: the file `waves.png` is not an image broadside can inline",
        "help: use a PNG, JPEG, GIF, WebP, AVIF or SVG file",
    ]);
}

#[test]
fn image_that_does_not_decode() {
    fails_fixture("image-does-not-decode").says(&[
        &at("image-does-not-decode", "story.md", "7:1"),
        "error: the image `waves.jpg` cannot be used: the JPEG cannot be decoded",
        "help: open it in an image editor and save it again as JPEG, PNG or WebP",
    ]);
}

#[test]
fn hdr_avif_image() {
    fails_fixture("image-avif-hdr").says(&[
        &at("image-avif-hdr", "story.md", "7:1"),
        "error: the image `waves.avif` cannot be used: the AVIF is HDR (PQ transfer), and broadside does not tone-map HDR images",
        "help: export an SDR version of it (sRGB or Display P3), as AVIF, JPEG or PNG",
    ]);
}

/// Found by review: an SVG whose attributes hold multi-byte text made the
/// old hand-written reader slice inside a character and panic (exit 101).
#[test]
fn an_svg_that_is_not_well_formed_is_not_an_image() {
    let content = TestSite::new()
        .file(
            "story.md",
            "+++\ntitle = \"Chart\"\n+++\n\n![The chart](chart.svg)\n",
        )
        .file("chart.svg", "<svg width=\u{e9}1\u{e9} height=\u{e9}>");
    let failure = fails(content.path(), &[]);
    failure.says(&[
        &format!("{}:5:1", content.join("story.md").display()),
        "error: the file `chart.svg` is not an image broadside can inline",
    ]);
    assert!(!failure.stderr.contains("panicked"), "{}", failure.stderr);
}

#[test]
fn template_syntax_error() {
    let template = fixture("template-syntax").join("templates/story.html");
    fails_fixture("template-syntax").says(&[
        &format!("{}:4:21", template.display()),
        "error: template syntax error: ",
        "<h1>{{ page.title }</h1>",
    ]);
}

#[test]
fn template_with_an_undefined_variable() {
    let template = fixture("template-undefined-variable").join("templates/story.html");
    fails_fixture("template-undefined-variable").says(&[
        &format!("{}:5:", template.display()),
        "error: template error: ",
        "kicker` is not defined",
        "<p class=\"kicker\">{{ page.kicker }}</p>",
    ]);
}

#[test]
fn content_folder_that_does_not_exist() {
    let dir = TestSite::new();
    let missing = dir.join("no-such-folder");
    fails(&missing, &[]).says(&[
        &format!(
            "error: the content folder `{}` does not exist",
            missing.display()
        ),
        "help: run broadside from the folder that holds content/",
    ]);
}

#[test]
fn content_folder_with_no_story() {
    let content = fixture("no-story").join("content");
    fails(&content, &[]).says(&[
        &format!(
            "error: the content folder `{}` holds no story",
            content.display()
        ),
        "help: add a Markdown file",
    ]);
}

#[test]
fn two_stories_with_the_same_output_path() {
    fails_fixture("duplicate-output-path").says(&[
        &fixture("duplicate-output-path")
            .join("content/storm.md")
            .display()
            .to_string(),
        "error: two stories would both be written to storm/index.html",
        "storm-day-two.md",
        "help: give one of them a different `slug` or `path`",
    ]);
}

#[test]
fn output_path_whose_parent_is_a_file() {
    let dir = TestSite::new()
        .file("a-file", "not a folder")
        .file("content/story.md", STORY);
    let (file, content) = (dir.join("a-file"), dir.join("content"));
    let run = Run::of(
        dir.command()
            .arg("--content")
            .arg(&content)
            .arg("--out")
            .arg(file.join("dist")),
    );
    let stderr = &run.stderr;
    assert_eq!(run.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("is a file, not a folder") && stderr.contains("help: "),
        "{stderr}"
    );
    assert!(stderr.contains(&file.display().to_string()), "{stderr}");
    assert_eq!(std::fs::read(&file).unwrap(), b"not a folder");
}

#[test]
fn story_over_the_size_limit() {
    fails_fixture("story-too-large").says(&[
        &fixture("story-too-large")
            .join("content/story.md")
            .display()
            .to_string(),
        "error: the story is 120 bytes, over the limit of 64 bytes",
        "help: split the story, or raise `max_story_bytes` under [limits] in site.toml",
    ]);
}

#[test]
fn link_in_site_toml_that_is_not_http_mailto_or_relative() {
    fails_fixture("unsafe-link-in-settings").says(&[
        &at("unsafe-link-in-settings", "site.toml", "2:12"),
        "error: home_url `javascript:alert(document.domain)` is not an http(s), mailto: or relative URL",
        "help: every page links to it",
    ]);
    // The same for a link of the "More from" footer.
    let story = std::fs::read(fixture("unsafe-link-in-settings").join("content/story.md")).unwrap();
    let settings = "[more_from]\nlinks = [\n  { title = \"Home\", url = \"https://example.com/\" },\n  { title = \"Tip line\", url = \" JavaScript:alert(1)\" },\n]\n";
    let dir = TestSite::new()
        .file("content/story.md", story)
        .file("content/site.toml", settings);
    let content = dir.join("content");
    fails(&content, &[]).says(&[
        &format!("{}:4:31", content.join("site.toml").display()),
        "error: the [more_from] link ` JavaScript:alert(1)` is not an http(s), mailto: or relative URL",
    ]);
}

#[test]
fn every_broken_story_is_reported_not_only_the_first() {
    let failure = fails_fixture("two-broken-stories");
    failure.says(&[
        &at("two-broken-stories", "a-storm.md", "3:1"),
        "error: `date` is not a valid date: \"last tuesday\"",
        &at("two-broken-stories", "b-storm-day-two.md", "2:8"),
        "error: invalid YAML in front matter: unclosed bracket '['",
        "build failed: 2 errors",
    ]);
    assert_eq!(failure.error_count(), 2, "{}", failure.stderr);
}

/// The output folder may never be a folder the build reads, nor hold one,
/// nor be the current directory: it is replaced whole.
mod destination {
    use super::*;
    use crate::support::broadside;

    /// A working folder holding `content/` (one story) and `templates/`.
    fn site() -> TestSite {
        let dir = TestSite::new().file("content/story.md", STORY);
        std::fs::create_dir(dir.join("templates")).unwrap();
        dir
    }

    /// Runs a build in `dir` with `out`, expecting a refusal that names
    /// `what`, and checks nothing in `dir` changed.
    fn refused(dir: &Path, out: &str, what: &str) {
        let before = tree(dir);
        let run = Run::of(broadside().current_dir(dir).args([
            "--content",
            "content",
            "--templates",
            "templates",
            "--out",
            out,
        ]));
        let stderr = &run.stderr;
        assert_eq!(run.code(), Some(1), "--out {out}: {stderr}");
        assert!(
            stderr.contains("error: refusing to write the site"),
            "--out {out}: {stderr}"
        );
        assert!(
            stderr.contains(what),
            "--out {out}: expected {what:?} in {stderr}"
        );
        assert!(
            stderr.contains("help: the output folder is replaced whole on every build"),
            "{stderr}"
        );
        assert_eq!(tree(dir), before, "--out {out} changed the folder");
    }

    #[test]
    fn refuses_the_content_folder() {
        let dir = site();
        refused(dir.path(), "content", "it is `content`");
        refused(dir.path(), "./content/", "it is `content`");
    }

    #[test]
    fn refuses_the_templates_folder() {
        let dir = site();
        refused(dir.path(), "templates", "it is `templates`");
    }

    #[test]
    fn refuses_a_folder_that_holds_them() {
        let dir = site();
        refused(dir.path(), "..", "it holds `content`");
        let abs = dir.path().parent().unwrap().to_str().unwrap().to_string();
        refused(dir.path(), &abs, "it holds `content`");
    }

    #[test]
    fn refuses_the_current_directory() {
        let dir = site();
        refused(dir.path(), ".", "over the current directory");
        let abs = dir.path().to_str().unwrap().to_string();
        refused(dir.path(), &abs, "over the current directory");
        refused(dir.path(), "content/..", "over the current directory");
    }

    #[cfg(unix)]
    #[test]
    fn refuses_the_content_folder_through_a_symlink() {
        let dir = site();
        std::os::unix::fs::symlink(dir.path().join("content"), dir.path().join("link")).unwrap();
        refused(dir.path(), "link", "which the build reads");
    }

    #[test]
    fn accepts_a_folder_of_its_own() {
        let dir = site();
        let run = dir
            .run(&[
                "--content",
                "content",
                "--templates",
                "templates",
                "--out",
                "dist",
            ])
            .ok();
        assert!(run.out().join("index.html").is_file());
    }
}

/// `--base-url` and `base_url` take absolute http(s) URLs and nothing else.
mod base_url {
    use super::*;

    const BAD: &[&str] = &[
        "javascript:alert(1)",
        "not a url",
        "ftp://files.example.com/news/",
        "example.com/news/",
        "https://",
        "https:example.com",
        "file:///etc/passwd",
        "https://example.com/news/?utm=1",
        "https://user:pw@example.com/",
    ];

    fn story_dir() -> TestSite {
        TestSite::new().file("content/story.md", STORY)
    }

    #[test]
    fn a_bad_flag_is_a_usage_error() {
        let dir = story_dir();
        for url in BAD {
            let run = dir.build(&["--base-url", url]);
            let stderr = &run.stderr;
            assert_eq!(run.code(), Some(2), "--base-url {url}: {stderr}");
            assert!(
                stderr.contains(&format!("invalid value '{url}' for '--base-url <URL>'")),
                "{stderr}"
            );
            assert!(stderr.contains("expected an absolute http or https URL, e.g. --base-url https://example.com/news/"), "{stderr}");
            assert!(
                !dir.path().join("dist").exists(),
                "--base-url {url} wrote output"
            );
        }
    }

    #[test]
    fn a_bad_setting_points_at_site_toml() {
        for url in BAD {
            let dir = story_dir();
            let content = dir.join("content");
            std::fs::write(
                content.join("site.toml"),
                format!("name = \"Gazette\"\n\nbase_url = \"{url}\"\n"),
            )
            .unwrap();
            fails(&content, &[]).says(&[
                &format!("{}:3:12", content.join("site.toml").display()),
                &format!("error: base_url `{url}` is not an absolute http or https URL: "),
                "help: write the address the site is served from, e.g. base_url = \"https://example.com/news/\"",
            ]);
        }
    }

    #[test]
    fn good_ones_build() {
        let dir = story_dir();
        for url in [
            "https://news.example/",
            "http://localhost:8080/site",
            "https://news.example/a/b/",
        ] {
            let run = dir.build(&["--base-url", url]);
            assert!(run.status.success(), "{url}: {}", run.stderr);
        }
    }
}

#[test]
fn links_to_stories_that_do_not_exist_and_an_unclosed_highlight() {
    let case = "links-to-missing-stories";
    let failure = fails_fixture(case);
    failure.says(&[
        &at(case, "story.md", "5:17"),
        "error: the link to `@/news/storm.md` points to no story: that file of the content folder does not exist",
        &at(case, "story.md", "5:49"),
        "error: `{{< ref \"quay-reopens.md\" >}}`: the link to `quay-reopens.md` points to no story",
        &at(case, "story.md", "7:1"),
        "error: the template tag `{% highlight ruby %}` is never closed",
        "help: add {% endhighlight %} where the block ends",
    ]);
    assert_eq!(failure.error_count(), 3);
}

/// Pages are written as they are rendered: a page that fails to render
/// after others were written still leaves broadside's own output, and the
/// folder beside it, as they were; the fixed site then builds as a clean
/// build would.
#[test]
fn a_failed_build_takes_away_the_folders_it_made_for_the_output() {
    let template = "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ page.extra.kicker }}</p>\n{% endblock main %}\n";
    let site = TestSite::new()
        .file("templates/story.html", template)
        .file(
            "content/story.md",
            "+++\ntitle = \"No kicker\"\n+++\n\nText.\n",
        )
        .file("new/keep.txt", "the user's");
    // `fresh/` and all below it are made by the build; `new/` was there.
    for out in ["fresh/deeper/dist", "new/deeper/dist"] {
        let run = site.build(&["--templates", "templates", "--out", out]);
        assert_eq!(run.code(), Some(1), "{out}: {}", run.stderr);
        assert!(
            run.stderr.contains("kicker` is not defined"),
            "{out}: {}",
            run.stderr
        );
    }
    assert!(
        !site.join("fresh").exists(),
        "the failed build left the folders it made"
    );
    let names: Vec<_> = std::fs::read_dir(site.join("new"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        names,
        ["keep.txt"],
        "a folder that was there keeps what it held, and nothing more"
    );
}

#[test]
fn a_page_that_fails_after_others_were_written_leaves_the_output_as_it_was() {
    let story = |n: u32, kicker: &str| {
        format!(
            "+++\ntitle = \"Story {n}\"\ndate = 2024-03-{n:02}\n[extra]\n{kicker}\n+++\n\nText of story {n}.\n"
        )
    };
    let template = "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.title }}</h1>\n<p>{{ page.extra.kicker }}</p>\n{{ page.content | safe }}\n{% endblock main %}\n";
    let mut site = TestSite::new().file("templates/story.html", template);
    for n in 1..=12 {
        site = site.file(
            &format!("content/story-{n}.md"),
            story(n, &format!("kicker = \"Kicker {n}\"")),
        );
    }
    let build = |site: &TestSite| site.build(&["--templates", "templates"]);
    build(&site).ok();
    let beside = |site: &TestSite| {
        let mut names: Vec<_> = std::fs::read_dir(site.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        names
    };
    // Twice: with no spare beside the output, then with the spare the
    // second good build leaves.
    for round in 0..2 {
        // One story, in the middle of the site, has no kicker.
        support::write(&site.join("content/story-6.md"), story(6, ""));
        let (before, around) = (tree(&site.join("dist")), beside(&site));
        let run = build(&site);
        assert_eq!(run.code(), Some(1), "round {round}: {}", run.stderr);
        assert!(
            run.stderr.contains("kicker` is not defined"),
            "round {round}: {}",
            run.stderr
        );
        assert_eq!(
            tree(&site.join("dist")),
            before,
            "round {round}: the output changed"
        );
        let record = std::ffi::OsString::from(".dist.broadside-record");
        let around_without_record: Vec<_> =
            around.iter().filter(|n| **n != record).cloned().collect();
        assert_eq!(
            beside(&site),
            around_without_record,
            "round {round}: the failed build left something beside the output"
        );
        support::write(
            &site.join("content/story-6.md"),
            story(6, "kicker = \"Kicker 6\""),
        );
        build(&site).ok();
        let clean = TestSite::new().file("templates/story.html", template);
        support::copy_dir(&site.join("content"), &clean.join("content"));
        build(&clean).ok();
        assert_eq!(
            tree(&site.join("dist")),
            tree(&clean.join("dist")),
            "round {round}: the fixed build differs from a clean one"
        );
    }
}

#[test]
fn a_correction_without_a_valid_date() {
    fails_fixture("correction-bad-date").says(&[
        &at("correction-bad-date", "story.md", "5:9"),
        "error: correction 1 has a date that is not valid: \"the next day\"",
        "help: write a date as 2020-01-04",
    ]);
}

#[test]
fn a_live_update_at_an_impossible_time() {
    fails_fixture("live-impossible-time").says(&[
        &at("live-impossible-time", "story.md", "13:4"),
        "error: the live update `25:10 Power cut in the old town` has a time that cannot be: `25:10`",
        "help: start the heading with a time from 00:00 to 23:59",
    ]);
}

#[test]
fn a_canonical_address_that_is_not_absolute() {
    fails_fixture("canonical-not-absolute").says(&[
        &at("canonical-not-absolute", "story.md", "4:1"),
        "error: `canonical` `/bridge/` is not an absolute http(s) URL",
        "help: write the address where the story was first published",
    ]);
}

#[test]
fn an_author_url_that_runs_script() {
    fails_fixture("author-bad-url").says(&[
        &at("author-bad-url", "site.toml", "5:7"),
        "error: [authors.ana-ruiz] url `javascript:alert(1)` is not an http(s), mailto: or relative URL",
        "help: write the writer's page as",
    ]);
}

#[test]
fn a_timezone_that_is_not_an_offset() {
    fails_fixture("timezone-not-offset").says(&[
        &at("timezone-not-offset", "site.toml", "2:12"),
        "error: timezone `Europe/Lisbon` is not an offset from UTC",
        "help: write the offset of the newsroom's clocks",
    ]);
}
