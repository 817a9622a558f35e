//! A build with nothing changed since the last build of the same output is
//! skipped (the record beside the output, `src/output/record.rs`); any
//! change to what the site reads makes the next build a full one. Each
//! test changes one kind of input, builds over the previous output, and
//! compares that output byte for byte with a clean build of the same
//! input: a stale page written, or a page left stale, fails it.

use std::path::Path;

use crate::support::{TestSite, copy_dir, fixture, repo, tree, write};

fn story(title: &str, date: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\ndate = {date}\ntags = [\"harbour\"]\n+++\n\n{body}\n")
}

/// A site of four stories, one with an inlined image, with a base URL (so
/// a feed and a sitemap) and its own templates folder.
fn site() -> TestSite {
    let site = TestSite::new()
        .file(
            "content/site.toml",
            "name = \"Quay Post\"\nbase_url = \"https://example.com/\"\n",
        )
        .file("content/a.md", story("Alpha", "2024-03-01", "First story."))
        .file(
            "content/b.md",
            story(
                "Bravo",
                "2024-03-02",
                "Second story.\n\n![The wall](wall.png)",
            ),
        )
        .file(
            "content/c.md",
            story("Charlie", "2024-03-03", "Third story."),
        )
        .file(
            "content/d.md",
            story("Delta", "2024-03-04", "Fourth story."),
        );
    std::fs::copy(
        fixture("check-missing-alt/pixel.png"),
        site.join("content/wall.png"),
    )
    .unwrap();
    copy_dir(&repo().join("templates"), &site.join("templates"));
    site
}

/// Builds `site` over its previous output, then checks the output against
/// a clean build (a new output folder, nothing to reuse). Returns what the
/// cached build printed.
fn build_and_compare(site: &TestSite, what: &str) -> String {
    let cached = site.build(&[]).ok();
    let fresh = tempfile::tempdir().unwrap();
    let clean_out = fresh.path().join("clean");
    let clean = site
        .build(&["--no-cache", "--out", clean_out.to_str().unwrap()])
        .ok();
    assert!(!clean.stdout.contains("up to date"), "{}", clean.stdout);
    let (got, want) = (tree(&site.join("dist")), tree(&clean_out));
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>(),
        "after {what}: not the same files"
    );
    for (path, bytes) in &want {
        assert!(
            got[path] == *bytes,
            "after {what}: {} differs from a clean build",
            path.display()
        );
    }
    cached.stdout
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from:?} not in {}", path.display());
    write(path, text.replace(from, to));
}

/// The build after a change must render again (and match a clean build);
/// the build after that, with nothing changed, is skipped.
fn changed(site: &TestSite, what: &str) {
    let first = build_and_compare(site, what);
    assert!(
        !first.contains("up to date"),
        "after {what}, the build was skipped: {first}"
    );
    let again = build_and_compare(site, &format!("{what}, then nothing"));
    assert!(
        again.contains("up to date"),
        "nothing changed after {what}, yet: {again}"
    );
}

#[test]
fn a_build_with_nothing_changed_is_skipped_and_leaves_the_same_output() {
    let site = site();
    let first = build_and_compare(&site, "the first build");
    assert!(first.starts_with("wrote "), "{first}");
    let second = build_and_compare(&site, "nothing");
    assert!(
        second.contains("dist is up to date: nothing changed since the last build"),
        "{second}"
    );
    // The record sits beside the output, never in it.
    assert!(site.join(".dist.broadside-record").is_file());
    assert!(
        !tree(&site.join("dist"))
            .keys()
            .any(|p| p.to_string_lossy().contains("record"))
    );
}

#[test]
fn every_kind_of_change_gives_what_a_clean_build_gives() {
    let site = site();
    build_and_compare(&site, "the first build");
    let content = site.join("content");
    edit(
        &content.join("a.md"),
        "First story.",
        "First story, corrected.",
    );
    changed(&site, "an edit to a story's text");
    // Alpha becomes the newest: it moves to the top of the front page and
    // into the "More from" footer of every other story.
    edit(
        &content.join("a.md"),
        "date = 2024-03-01",
        "date = 2024-03-09",
    );
    changed(&site, "a date that reorders the front page");
    edit(
        &content.join("c.md"),
        "title = \"Charlie\"",
        "title = \"Charlie Returns\"",
    );
    changed(&site, "a title shown in other stories' footers");
    edit(
        &site.join("templates/story.html"),
        "</article>",
        "</article><!-- edited -->",
    );
    changed(&site, "a template");
    edit(&site.join("templates/style.css"), "body", "body ");
    changed(&site, "the stylesheet");
    edit(&content.join("site.toml"), "Quay Post", "Quay Herald");
    changed(&site, "site.toml");
    std::fs::copy(fixture("web/features/photo.png"), content.join("wall.png")).unwrap();
    changed(&site, "an inlined image");
    std::fs::remove_file(content.join("d.md")).unwrap();
    changed(&site, "a deleted story");
    write(
        &content.join("e.md"),
        story("Echo", "2024-03-05", "A new story."),
    );
    changed(&site, "an added story");
    // An image from Zola's and Hugo's `static/` beside `content/`.
    std::fs::create_dir_all(site.join("static/images")).unwrap();
    std::fs::copy(
        fixture("check-missing-alt/pixel.png"),
        site.join("static/images/quay.png"),
    )
    .unwrap();
    write(
        &content.join("f.md"),
        story(
            "Foxtrot",
            "2024-03-06",
            "The quay.\n\n![The quay](/images/quay.png)",
        ),
    );
    changed(&site, "a story with an image from static/");
    std::fs::copy(
        fixture("web/features/photo.png"),
        site.join("static/images/quay.png"),
    )
    .unwrap();
    changed(&site, "an image in static/");
}

#[test]
fn a_page_changed_in_the_output_is_written_again() {
    let site = site();
    build_and_compare(&site, "the first build");
    let page = site.join("dist/c/index.html");
    let text = std::fs::read_to_string(&page).unwrap();
    // The same length, so only the time and the bytes tell.
    write(&page, text.replacen("Charlie", "Ch4rlie", 1));
    changed(&site, "a page edited in the output");
    std::fs::remove_file(site.join("dist/atom.xml")).unwrap();
    changed(&site, "a file deleted from the output");
    write(&site.join("dist/stray.html"), "<p>stray</p>");
    // A file broadside did not write: the build refuses the folder, as it
    // would have without the record.
    let refused = site.build(&[]);
    assert_eq!(refused.code(), Some(1), "{}", refused.stderr);
}

#[test]
fn other_options_are_other_builds() {
    let site = site();
    build_and_compare(&site, "the first build");
    let out = site
        .build(&["--base-url", "https://news.example.org/"])
        .ok();
    assert!(out.stdout.starts_with("wrote "), "{}", out.stdout);
    assert!(
        site.build(&["--base-url", "https://news.example.org/"])
            .ok()
            .stdout
            .contains("up to date")
    );
    let drafts = site.build(&["--drafts"]).ok();
    assert!(drafts.stdout.starts_with("wrote "), "{}", drafts.stdout);
    let epoch = site
        .command()
        .args(["build"])
        .env("SOURCE_DATE_EPOCH", "1767225601")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&epoch.stdout).starts_with("wrote "));
}

#[test]
fn a_site_that_fetches_images_is_never_skipped() {
    let site = site();
    let toml = site.join("content/site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    write(&toml, format!("{text}[images]\nfetch = true\n"));
    build_and_compare(&site, "the first build");
    // What a server answers is not an input the fingerprint sees.
    let again = build_and_compare(&site, "nothing");
    assert!(again.starts_with("wrote "), "{again}");
}

#[test]
fn a_file_rewritten_with_its_old_size_and_time_is_read_again() {
    // The build reads a file's bytes again only when its metadata changed:
    // files older than a second are kept in the record by their metadata.
    // Here the story is rewritten with the same length, and its
    // modification time put back; its change time still tells.
    let site = site();
    std::thread::sleep(std::time::Duration::from_millis(2100));
    build_and_compare(&site, "the first build");
    let record = std::fs::read_to_string(site.join(".dist.broadside-record")).unwrap();
    assert!(
        record
            .lines()
            .any(|l| l.starts_with("input ") && l.ends_with("/content/a.md")),
        "the record keeps the story by its metadata: {record}"
    );
    let story = site.join("content/a.md");
    let modified = std::fs::metadata(&story).unwrap().modified().unwrap();
    edit(&story, "First story.", "Frist story.");
    std::fs::File::options()
        .write(true)
        .open(&story)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    assert_eq!(
        std::fs::metadata(&story).unwrap().modified().unwrap(),
        modified
    );
    changed(
        &site,
        "a rewrite that keeps the size and the modification time",
    );
    assert!(
        tree(&site.join("dist"))
            .values()
            .any(|bytes| String::from_utf8_lossy(bytes).contains("Frist story."))
    );
}
