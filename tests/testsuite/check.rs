//! `broadside check`: the real binary over fixture folders. It writes
//! nothing, reports every problem with its file and line, and exits 1 for
//! any error or warning (it is strict: each is something to fix).

use std::path::Path;

use crate::support::{Run, TestSite, broadside, fixture};

/// `broadside check ARGS` run in `dir` (for its `templates/`, if any).
fn check_in(dir: &Path, args: &[&str]) -> Run {
    Run::of(broadside().current_dir(dir).arg("check").args(args))
}

/// Checks a fixture that is a content folder, from an empty folder.
fn check(name: &str, extra: &[&str]) -> Run {
    let empty = TestSite::new();
    let content = fixture(name);
    let result = check_in(
        empty.path(),
        &[&["--content", content.to_str().unwrap()], extra].concat(),
    );
    assert_eq!(
        std::fs::read_dir(empty.path()).unwrap().count(),
        0,
        "check wrote something"
    );
    result
}

#[test]
fn finds_broken_anchors_and_links() {
    let Run {
        status,
        stdout,
        stderr,
        ..
    } = check("check-broken-links", &[]);
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    let story = fixture("check-broken-links").join("story.md");
    // The anchor no heading has, at the line and column where it is written.
    assert!(
        stderr.contains("error: the link `#budget-details` points to no element of this page: none has the id `budget-details`"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("--> {}:6:14", story.display())),
        "{stderr}"
    );
    assert!(
        stderr
            .contains("error: the link `minutes.html` points to no page or file of the built site"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("--> {}:10:61", story.display())),
        "{stderr}"
    );
    // The anchor that does exist (`## The vote`) is fine.
    assert!(!stderr.contains("#the-vote`"), "{stderr}");
    assert!(
        stderr.contains("check failed: checked 1 page: 2 errors, 0 warnings"),
        "{stderr}"
    );
}

#[test]
fn finds_images_with_no_alt_text() {
    let Run { status, stderr, .. } = check("check-missing-alt", &[]);
    assert_eq!(status.code(), Some(1), "{stderr}");
    let story = fixture("check-missing-alt").join("story.md");
    assert_eq!(
        stderr.matches("error: an image has no alt text").count(),
        2,
        "{stderr}"
    );
    // The lead image (no image_alt) and `![](chart.svg)`; not the described one.
    assert!(
        stderr.contains(&format!("--> {}:3:1", story.display())),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("--> {}:8:1", story.display())),
        "{stderr}"
    );
    // Its lead image is also too small for large share previews.
    assert!(
        stderr.contains("warning: the lead image is 64 pixels wide"),
        "{stderr}"
    );
    assert!(
        stderr.contains("check failed: checked 1 page: 2 errors, 1 warning"),
        "{stderr}"
    );
}

#[test]
fn a_raw_img_without_alt_is_one_error_not_also_a_warning() {
    let Run { status, stderr, .. } = check("raw-img-without-alt", &[]);
    assert_eq!(status.code(), Some(1), "{stderr}");
    let story = fixture("raw-img-without-alt").join("story.md");
    // The image the build gave alt="" (and warned about), where it is written.
    assert_eq!(
        stderr.matches("error: an image has no alt text").count(),
        1,
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("--> {}:9:1", story.display())),
        "{stderr}"
    );
    assert!(
        !stderr.contains("warning:"),
        "said once, as the error: {stderr}"
    );
    assert!(
        stderr.contains("check failed: checked 1 page: 1 error, 0 warnings"),
        "{stderr}"
    );
}

#[test]
fn links_to_files_the_site_does_not_hold_are_reported_where_written() {
    let Run {
        status,
        stdout,
        stderr,
        ..
    } = check("linked-local-files", &[]);
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    let story = fixture("linked-local-files").join("harbour/index.md");
    assert!(
        stderr
            .contains("error: the link `minutes.pdf` points to no page or file of the built site"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("--> {}:12:15", story.display())),
        "{stderr}"
    );
    // The chart is published beside the page, so its link is fine; the notes
    // outside the story's folder lost their link, with a warning.
    assert!(!stderr.contains("`chart.png`"), "{stderr}");
    assert!(
        stderr.contains(
            "warning: the link `../shared/notes.txt` points to a file outside the story's folder"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("--> {}:10:17", story.display())),
        "{stderr}"
    );
    assert!(
        stderr.contains("check failed: checked 5 pages: 1 error, 1 warning"),
        "{stderr}"
    );
}

#[test]
fn real_post_forms_check_clean() {
    // Images inside text, headings from ###, kramdown attribute lists, a
    // definition list and an <a name> target: nothing to report.
    for name in ["images-in-text", "headings-from-h3", "kramdown-post"] {
        let Run {
            status,
            stdout,
            stderr,
            ..
        } = check(name, &[]);
        assert_eq!(status.code(), Some(0), "{name}: {stderr}");
        assert_eq!(stdout, "checked 1 page: no problems found\n", "{name}");
        assert!(stderr.is_empty(), "{name}: {stderr}");
    }
}

#[test]
fn a_long_description_is_a_warning_that_fails_the_check() {
    let Run {
        status,
        stdout,
        stderr,
        ..
    } = check("check-long-description", &[]);
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "warning: the description is 198 characters long; search engines show about 160"
        ),
        "{stderr}"
    );
    let story = fixture("check-long-description").join("story.md");
    assert!(
        stderr.contains(&format!("--> {}:3:1", story.display())),
        "{stderr}"
    );
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.ends_with("check failed: checked 1 page: 0 errors, 1 warning\n"),
        "{stderr}"
    );

    // --quiet still shows it: it is why the check failed.
    let Run {
        status,
        stdout,
        stderr,
        ..
    } = check("check-long-description", &["--quiet"]);
    assert_eq!(status.code(), Some(1));
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains("warning: the description is 198 characters long"),
        "{stderr}"
    );
}

#[test]
fn reports_every_front_matter_and_template_problem_at_once() {
    let site = fixture("check-template-and-front-matter-errors");
    let Run {
        status,
        stdout,
        stderr,
        ..
    } = check_in(&site, &[]);
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains("error: `date` is not a valid date: \"last Tuesday\""),
        "{stderr}"
    );
    assert!(stderr.contains("--> content/story.md:3:1"), "{stderr}");
    assert!(stderr.contains("error: template syntax error"), "{stderr}");
    assert!(stderr.contains("--> templates/story.html:3:"), "{stderr}");
    assert!(
        stderr.contains("check failed: the site does not build: 2 errors, 0 warnings"),
        "{stderr}"
    );
    assert!(!site.join("dist").exists());
}

#[test]
fn names_markdown_files_that_were_not_built() {
    let content = fixture("jekyll-site");
    let Run {
        status,
        stdout,
        stderr,
        ..
    } = check("jekyll-site", &[]);
    assert_eq!(status.code(), Some(1), "{stderr}");
    for (message, file) in [
        (
            "warning: this story was not built: it is marked `published: false`",
            "_posts/2017-08-09-regatta-results.md",
        ),
        (
            "warning: this story was not built: it is dated 2030-06-01, in the future",
            "_posts/2030-06-01-harbour-at-fifty.md",
        ),
        (
            "warning: this story was not built: it is a draft",
            "_drafts/ferry-strike-rumours.md",
        ),
        (
            "warning: Markdown not built: folders starting with `_` are not read (1 Markdown file in it)",
            "_includes",
        ),
    ] {
        assert!(
            stderr.contains(&format!(
                "{message}\n--> {}\n",
                content.join(file).display()
            )),
            "{message} in:\n{stderr}"
        );
    }
    assert!(
        stderr.contains("help: `broadside build --future` builds it"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("_config.yml") && !stderr.contains("old-masthead"),
        "only Markdown files: {stderr}"
    );
    // And one lead image too small for large share previews.
    let ferry = content.join("_posts/2016-03-04-ferry-timetable.md");
    assert!(stderr.contains(&format!("pixels wide; large previews in search and social feeds need at least 1200\n --> {}:7:1", ferry.display())), "{stderr}");
    // 12 pages, 3 redirects at Jekyll's own addresses, the page of the
    // site's one author and its 404.html.
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains("check failed: checked 20 pages: 0 errors, 7 warnings\n"),
        "{stderr}"
    );

    // A section's `_index.md` is built as its listing page: not named.
    let Run { stderr, .. } = check("hugo-forms", &[]);
    assert!(!stderr.contains("_index.md"), "{stderr}");
}

#[test]
fn a_clean_site_passes() {
    let Run {
        status,
        stdout,
        stderr,
        ..
    } = check("serve-feed-and-lead-image", &[]);
    assert_eq!(status.code(), Some(0), "{stderr}");
    // The story, and the site's 404.html (it has a base URL).
    assert_eq!(stdout, "checked 2 pages: no problems found\n");
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn no_colour_when_not_on_a_terminal() {
    // Output is piped here, so even without NO_COLOR there are no escapes.
    let empty = TestSite::new();
    let run = Run::of(
        empty
            .command()
            .env_remove("NO_COLOR")
            .args(["check", "--content"])
            .arg(fixture("check-broken-links")),
    );
    assert_eq!(run.code(), Some(1));
    assert!(!run.stderr.contains('\x1b'), "{}", run.stderr);
}

#[test]
fn lists_every_template_tag_left_out_where_it_is_written() {
    let Run {
        status,
        stdout,
        stderr,
        ..
    } = check("template-tags-hugo/content", &[]);
    assert_eq!(status.code(), Some(1), "{stderr}");
    let story = fixture("template-tags-hugo/content/news/0.30-relnotes/index.md");
    for (tag, place) in [("{{< gh \"@mara\" >}}", "26:11"), ("{{< note >}}", "28:1")] {
        let said = format!(
            "warning: the template tag `{tag}` is not one broadside renders; it is left out of the page\n  --> {}:{place}",
            story.display()
        );
        assert_eq!(
            stderr.matches(&said).count(),
            1,
            "{said:?} once in:\n{stderr}"
        );
    }
    assert!(
        stderr
            .contains("warning: the image `/images/poster-0.29.png` is not in the content folder"),
        "{stderr}"
    );
    // A lead image too small for large share previews.
    assert!(stderr.contains(&format!("warning: the lead image is 64 pixels wide; large previews in search and social feeds need at least 1200\n --> {}:4:1", story.display())), "{stderr}");
    // Five story pages and redirects, and the archive pages of two years.
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains("check failed: checked 8 pages: 0 errors, 4 warnings\n"),
        "{stderr}"
    );
    // A build names the first hundred of a story; check names them all.
    let mut story = String::from("+++\ntitle = \"Release notes\"\n+++\n\n");
    for n in 0..150 {
        story.push_str(&format!("- Fixed the gauge {{{{< gh {n} >}}}}\n"));
    }
    let dir = TestSite::new().file("story.md", story);
    let Run { status, stderr, .. } = check_in(dir.path(), &["--content", "."]);
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr.matches("is not one broadside renders").count(),
        150,
        "{stderr}"
    );
    assert!(
        stderr.contains("{{< gh 149 >}}") && stderr.contains("story.md:154:19"),
        "{stderr}"
    );
    assert!(!stderr.contains("more template tags"), "{stderr}");
}
