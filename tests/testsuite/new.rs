//! `broadside new "Title"`: a story file named after its title in any
//! language, dated now (`SOURCE_DATE_EPOCH` here), signed with the site's
//! default author, that builds as it is; never over a file.

use crate::support::{Run, TestSite};

const SITE: &str = "name = \"Harbour Times\"\nauthor = \"Ana Ruiz\"\n";

#[test]
fn writes_a_story_that_builds_and_prints_its_path() {
    let site = TestSite::new().file("content/site.toml", SITE);
    let run = site.run(&["new", "Harbour Reopens After Storm"]).ok();
    assert_eq!(run.stdout, "content/harbour-reopens-after-storm.md\n");
    let text =
        std::fs::read_to_string(site.join("content/harbour-reopens-after-storm.md")).unwrap();
    assert_eq!(
        text,
        "+++\ntitle = \"Harbour Reopens After Storm\"\ndescription = \"\"\n\
         date = 2026-01-01T00:00:00Z\nauthors = [\"Ana Ruiz\"]\n+++\n\n"
    );
    // With a line of text, it is a story like any other, dated and signed.
    let story = site.join("content/harbour-reopens-after-storm.md");
    std::fs::write(&story, text + "Boats returned on Monday.\n").unwrap();
    let page = site.build(&[]).ok().page("index.html");
    assert!(
        page.contains("<h1>Harbour Reopens After Storm</h1>"),
        "{page}"
    );
    assert!(page.contains("datetime=\"2026-01-01T00:00:00Z\""), "{page}");
    assert!(page.contains("Ana Ruiz"), "{page}");
    assert!(
        page.contains("<meta name=\"description\" content=\"Boats returned on Monday.\">"),
        "{page}"
    );
}

#[test]
fn a_title_in_any_language_gives_a_readable_file_name() {
    let site = TestSite::new().file("content/site.toml", SITE);
    for (title, file) in [
        (
            "Überschwemmung in Köln: Pegel steigt",
            "uberschwemmung-in-koln-pegel-steigt.md",
        ),
        ("Шторм в гавани", "shtorm-v-gavani.md"),
        ("Ο λιμένας ξανανοίγει", "o-limenas-xananoigei.md"),
        ("港口重新开放", "gang-kou-zhong-xin-kai-fang.md"),
        ("L'été à Paris — « enfin »", "l-ete-a-paris-enfin.md"),
        ("???", "story.md"),
    ] {
        let run = site.run(&["new", title]).ok();
        assert_eq!(run.stdout, format!("content/{file}\n"), "{title}");
        let text = std::fs::read_to_string(site.join("content").join(file)).unwrap();
        assert!(text.contains(&format!("title = \"{title}\"\n")), "{text}");
    }
    // Each builds at the address its file name gives.
    let run = site.build(&["--drafts"]).ok();
    assert!(run.out().join("shtorm-v-gavani/index.html").is_file());
}

#[test]
fn never_overwrites_a_story() {
    let site = TestSite::new().file(
        "content/harbour.md",
        "+++\ntitle = \"Mine\"\n+++\n\nMine.\n",
    );
    let run = site.run(&["new", "Harbour"]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: `content/harbour.md` already exists; broadside new does not overwrite a story"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("help: "), "{}", run.stderr);
    let text = std::fs::read_to_string(site.join("content/harbour.md")).unwrap();
    assert_eq!(text, "+++\ntitle = \"Mine\"\n+++\n\nMine.\n");
}

#[test]
fn a_draft_is_left_out_of_the_build() {
    let site = TestSite::new()
        .file("content/site.toml", "name = \"Harbour Times\"\n")
        .file(
            "content/story.md",
            "+++\ntitle = \"Published\"\n+++\n\nText.\n",
        );
    site.run(&["new", "--draft", "Not Yet"]).ok();
    let text = std::fs::read_to_string(site.join("content/not-yet.md")).unwrap();
    // No author in site.toml: an empty list to fill in.
    assert!(text.contains("authors = []\ndraft = true\n+++"), "{text}");
    let run = site.build(&["--verbose"]).ok();
    assert!(!run.out().join("not-yet").exists());
    assert!(run.stderr.contains("not-yet.md"), "{}", run.stderr);
}

#[test]
fn other_content_folders_and_mistakes() {
    let site = TestSite::new().file("news/site.toml", SITE);
    let run = site.run(&["new", "--content", "news", "Quay Lights"]).ok();
    assert_eq!(run.stdout, "news/quay-lights.md\n");
    let quiet = site
        .run(&["new", "--content", "news", "--quiet", "Quiet One"])
        .ok();
    assert!(quiet.stdout.is_empty() && site.join("news/quiet-one.md").is_file());

    let missing: Run = site.run(&["new", "Nowhere"]);
    assert_eq!(missing.code(), Some(1));
    assert!(
        missing
            .stderr
            .contains("error: the content folder `content` does not exist")
            && missing.stderr.contains("help: "),
        "{}",
        missing.stderr
    );
    let empty = site.run(&["new", "--content", "news", "  "]);
    assert_eq!(empty.code(), Some(1));
    assert!(
        empty.stderr.contains("error: the title is empty"),
        "{}",
        empty.stderr
    );
    let bad = TestSite::new().file("content/site.toml", "author = 3\n");
    let run = bad.run(&["new", "Harbour"]);
    assert_eq!(run.code(), Some(1));
    assert!(
        run.stderr.contains("content/site.toml:1:"),
        "{}",
        run.stderr
    );
    assert!(!bad.join("content/harbour.md").exists());
}
