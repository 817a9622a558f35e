//! `broadside import wordpress` on bad input: malformed XML at its line
//! and column, files that are not exports, a missing uploads folder, files
//! that exist already; each an error with a `help:` line, after which
//! nothing is written. And an export of another WXR writer, missing
//! optional elements, imports with warnings.

use crate::support::{TestSite, fixture, tree};
use crate::wordpress::{imported, read};

#[test]
fn malformed_xml_is_an_error_at_its_line_and_column_and_writes_nothing() {
    let site = TestSite::new();
    let export = fixture("wordpress/bad.xml");
    let run = site.run(&["import", "wordpress", export.to_str().unwrap()]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: the export is not well-formed XML"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("bad.xml:8:"), "{}", run.stderr);
    assert!(run.stderr.contains("\nhelp: "), "{}", run.stderr);
    assert!(
        run.stderr.contains("import failed: nothing was written"),
        "{}",
        run.stderr
    );
    assert!(!site.join("content").exists());
}

/// Runs an import that must fail, in an empty folder: status 1, the
/// message, a help line, and no content folder made.
fn import_fails(site: &TestSite, args: &[&str], says: &[&str]) {
    let mut all = vec!["import", "wordpress"];
    all.extend(args);
    let run = site.run(&all);
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    for needle in says
        .iter()
        .chain(&["\nhelp: ", "import failed: nothing was written"])
    {
        assert!(
            run.stderr.contains(needle),
            "{needle:?} missing in:\n{}",
            run.stderr
        );
    }
    assert!(!site.join("content").exists());
}

#[test]
fn other_bad_input_is_refused_with_help() {
    let site = TestSite::new()
        .file(
            "feed.xml",
            "<?xml version=\"1.0\"?>\n<feed><title>Atom</title></feed>\n",
        )
        .file(
            "latin1.xml",
            b"<?xml version=\"1.0\"?>\n<rss><channel><title>Caf\xe9</title></channel></rss>\n",
        );
    import_fails(
        &site,
        &["feed.xml"],
        &["feed.xml", "not a WordPress export"],
    );
    import_fails(&site, &["latin1.xml"], &["latin1.xml:2:", "not UTF-8"]);
    import_fails(
        &site,
        &["missing.xml"],
        &["cannot read the export `missing.xml`"],
    );
    let export = fixture("wordpress/blocks.xml");
    import_fails(
        &site,
        &[export.to_str().unwrap(), "--uploads", "no-such-folder"],
        &["the uploads folder `no-such-folder` does not exist"],
    );
}

#[test]
fn an_item_missing_optional_elements_imports_with_warnings() {
    let site = TestSite::new().file(
        "plugin.xml",
        "<?xml version=\"1.0\"?>\n<rss xmlns:wp=\"http://wordpress.org/export/1.1/\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n<channel>\n<title>Plugin export</title>\n<item>\n<title>Bare item</title>\n<link>https://bare.example/bare-item/</link>\n<content:encoded>Only words.</content:encoded>\n</item>\n</channel>\n</rss>\n",
    );
    let run = site.run(&["import", "wordpress", "plugin.xml"]).ok();
    assert!(
        run.stderr
            .contains("warning: an item has no <wp:post_type>"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("plugin.xml:5:1"), "{}", run.stderr);
    let story = read(&site, "content/posts/bare-item/index.md");
    assert!(
        story.contains("path = \"bare-item\"") && story.contains("Only words."),
        "{story}"
    );
    site.build(&[]).ok();
}

#[test]
fn an_import_overwrites_nothing_without_force() {
    let site = imported("newsroom.xml");
    let story = site.join("content/posts/storm-closes-quay/index.md");
    std::fs::write(&story, "edited by hand\n").unwrap();
    let before = tree(&site.join("content"));
    let export = fixture("wordpress/newsroom.xml");
    let run = site.run(&[
        "import",
        "wordpress",
        export.to_str().unwrap(),
        "--no-fetch",
    ]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(tree(&site.join("content")), before);
    let uploads = fixture("wordpress/uploads");
    site.run(&[
        "import",
        "wordpress",
        export.to_str().unwrap(),
        "--uploads",
        uploads.to_str().unwrap(),
        "--force",
    ])
    .ok();
    assert!(
        std::fs::read_to_string(&story)
            .unwrap()
            .contains("Waves broke over the wall")
    );
}
