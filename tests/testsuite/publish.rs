//! What a publish costs: a new story changes only its own files and the
//! listings it enters, never an older story's page or a full listing page;
//! and `build --changes FILE` names exactly the files that changed.

use std::collections::BTreeSet;
use std::path::PathBuf;

use proptest::prelude::*;

use crate::support::{TestSite, Tree, tree, write};

const SECTIONS: [&str; 3] = ["Politics", "Sport", "Culture"];

/// Story `i` of a newsroom's archive: a section, a topic, a writer.
fn story(i: usize) -> String {
    let day = 1 + i % 28;
    let month = 1 + (i / 28) % 12;
    let year = 2020 + i / (28 * 12);
    format!(
        "+++\ntitle = \"Story {i}\"\ndate = {year}-{month:02}-{day:02}T09:00:00Z\ntags = [\"{}\", \"Topic {}\"]\nauthors = [\"writer-{}\"]\ndescription = \"The news of story {i}.\"\n+++\n\nThe text of story {i}.\n",
        SECTIONS[i % 3],
        i % 4,
        i % 2
    )
}

/// A site of `n` stories, 10 a listing page, with a base URL (feeds,
/// sitemaps and share cards).
fn newsroom(n: usize) -> TestSite {
    let mut site = TestSite::new().file(
        "content/site.toml",
        "name = \"Harbour Times\"\nbase_url = \"https://news.example.com/\"\n[front]\nper_page = 10\n",
    );
    for i in 0..n {
        site = site.file(&format!("content/story-{i:03}.md"), story(i));
    }
    site
}

fn build_listing_changes(site: &TestSite) -> (Tree, String) {
    site.build(&["--changes", "changes.txt"]).ok();
    let changes = std::fs::read_to_string(site.join("changes.txt")).unwrap();
    (site_files(site), changes)
}

/// The built site's files, without broadside's manifest.
fn site_files(site: &TestSite) -> Tree {
    let mut files = tree(&site.join("dist"));
    files.remove(&PathBuf::from(".broadside-manifest"));
    files
}

/// The changes between two trees, as `build --changes` lists them.
fn diff(before: &Tree, after: &Tree) -> String {
    let mut lines: BTreeSet<(String, char)> = BTreeSet::new();
    for (path, bytes) in after {
        if before.get(path) != Some(bytes) {
            lines.insert((path.display().to_string(), '+'));
        }
    }
    for path in before.keys().filter(|p| !after.contains_key(*p)) {
        lines.insert((path.display().to_string(), '-'));
    }
    lines
        .into_iter()
        .map(|(path, sign)| format!("{sign}{path}\n"))
        .collect()
}

#[test]
fn publishing_a_story_changes_no_older_story_and_no_full_listing_page() {
    let site = newsroom(45);
    let (before, first) = build_listing_changes(&site);
    // A first build lists every file it wrote.
    assert_eq!(first, diff(&Tree::new(), &before));

    write(&site.join("content/story-045.md"), story(45));
    let (after, changes) = build_listing_changes(&site);
    assert_eq!(changes, diff(&before, &after), "the list is what changed");
    let changed: Vec<&str> = changes.lines().collect();
    // The new story (its page and share card), the front page, the listing
    // pages it enters, the feeds and the sitemaps: no more.
    assert!(changed.len() <= 30, "{} files: {changes}", changed.len());
    for path in &changed {
        let path = path.strip_prefix('+').expect("nothing removed");
        let old_story = path.starts_with("story-") && !path.starts_with("story-045/");
        assert!(!old_story, "an older story's page changed: {path}");
        assert!(
            !path.starts_with("page/") && !path.contains("/page/1/"),
            "a full listing page changed: {path}"
        );
    }
    for path in [
        "+story-045/index.html",
        "+index.html",
        "+atom.xml",
        "+sitemap.xml",
        "+tags/politics/index.html",
        "+authors/writer-1/index.html",
    ] {
        assert!(changed.contains(&path), "{path} not in {changes}");
    }
    // The new story's footer names older stories, its own section first.
    let page = String::from_utf8(after[&PathBuf::from("story-045/index.html")].clone()).unwrap();
    let footer = &page[page.find("class=\"more-from\"").expect("a footer")..];
    let first_link = &footer[footer.find("href=\"").unwrap() + 6..];
    assert!(first_link.starts_with("../story-042/"), "{footer}");
}

#[test]
fn the_changes_list_names_edits_and_removals_and_nothing_when_nothing_changed() {
    let site = newsroom(25);
    let (before, _) = build_listing_changes(&site);
    write(
        &site.join("content/story-010.md"),
        story(10).replace("The text of story 10.", "The corrected text of story 10."),
    );
    std::fs::remove_file(site.join("content/story-020.md")).unwrap();
    let (after, changes) = build_listing_changes(&site);
    assert_eq!(changes, diff(&before, &after));
    assert!(changes.contains("+story-010/index.html\n"), "{changes}");
    assert!(changes.contains("-story-020/index.html\n"), "{changes}");
    // The kept files of a deploy are never listed.
    write(&site.join("dist/CNAME"), "news.example.com\n");
    let (_, nothing) = build_listing_changes(&site);
    assert_eq!(nothing, "", "a build with nothing to do lists nothing");
    write(&site.join("content/story-011.md"), story(11) + "More.\n");
    let (_, one) = build_listing_changes(&site);
    assert!(
        !one.contains("CNAME") && one.contains("+story-011/index.html\n"),
        "{one}"
    );
}

#[test]
fn a_changes_file_that_cannot_be_written_is_an_error() {
    let site = newsroom(2);
    let run = site.build(&["--changes", "no/such/folder/changes.txt"]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot write the list of changes") && run.stderr.contains("help:"),
        "{}",
        run.stderr
    );
}

/// One change a newsroom makes to its site between two builds.
#[derive(Debug, Clone)]
enum Change {
    Add(usize),
    EditText(usize),
    EditTitle(usize),
    EditDate(usize, u8),
    Retag(usize, usize),
    Delete(usize),
    Rename(usize),
    Template,
    Settings(usize),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        (0..40usize).prop_map(Change::Add),
        (0..40usize).prop_map(Change::EditText),
        (0..40usize).prop_map(Change::EditTitle),
        (0..40usize, 1..28u8).prop_map(|(i, d)| Change::EditDate(i, d)),
        (0..40usize, 0..3usize).prop_map(|(i, t)| Change::Retag(i, t)),
        (0..40usize).prop_map(Change::Delete),
        (0..40usize).prop_map(Change::Rename),
        Just(Change::Template),
        (1..6usize).prop_map(Change::Settings),
    ]
}

/// The story files of the site, by name.
fn stories(site: &TestSite) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(site.join("content"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    found.sort();
    found
}

/// Makes `change` to the site (a story picked by its number among those
/// there, modulo their count).
fn apply(site: &TestSite, change: &Change, step: usize) {
    let files = stories(site);
    let pick = |i: usize| files[i % files.len()].clone();
    let rewrite = |i: usize, f: &dyn Fn(String) -> String| {
        let path = pick(i);
        let text = std::fs::read_to_string(&path).unwrap();
        write(&path, f(text));
    };
    match *change {
        Change::Add(i) => write(
            &site.join(format!("content/new-{step}.md")),
            story(100 + i + step),
        ),
        Change::EditText(i) => rewrite(i, &|t| t + "\nA line added.\n"),
        Change::EditTitle(i) => rewrite(i, &|t| t.replacen("title = \"", "title = \"New: ", 1)),
        Change::EditDate(i, day) => rewrite(i, &|t| {
            let at = t.find("date = ").unwrap() + "date = 2020-01-".len();
            format!("{}{day:02}{}", &t[..at], &t[at + 2..])
        }),
        Change::Retag(i, tag) => rewrite(i, &|t| {
            let at = t.find("tags = [\"").unwrap() + "tags = [\"".len();
            let end = at + t[at..].find('"').unwrap();
            format!("{}{}{}", &t[..at], SECTIONS[tag], &t[end..])
        }),
        Change::Delete(i) if files.len() > 2 => std::fs::remove_file(pick(i)).unwrap(),
        Change::Delete(_) => {}
        Change::Rename(i) => {
            let from = pick(i);
            std::fs::rename(&from, site.join(format!("content/renamed-{step}.md"))).unwrap();
        }
        Change::Template => {
            let template = site.join("templates/story.html");
            let text = std::fs::read_to_string(&template).unwrap();
            let edited = text.replacen(
                "{% endblock main %}",
                "<p>Edited.</p>{% endblock main %}",
                1,
            );
            assert_ne!(edited, text, "the template edit changes the template");
            write(&template, edited);
        }
        Change::Settings(n) => {
            let settings = site.join("content/site.toml");
            let text = std::fs::read_to_string(&settings).unwrap();
            let at = text.find("per_page = ").unwrap() + "per_page = ".len();
            let end = at + text[at..].find('\n').unwrap();
            write(&settings, format!("{}{n}{}", &text[..at], &text[end..]));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, failure_persistence: None, ..ProptestConfig::default() })]

    /// After any sequence of changes, a build into the old output writes
    /// the same bytes as a clean build, and its `--changes` list names
    /// exactly the files that changed.
    #[test]
    fn a_build_after_any_changes_is_a_clean_build_and_lists_what_changed(
        changes in proptest::collection::vec(change(), 1..6)
    ) {
        let mut site = newsroom(8);
        crate::support::copy_dir(&crate::support::repo().join("templates"), &site.join("templates"));
        site = site.file("content/notes.txt", "kept as it is\n");
        let build = |out: &str, list: &str| {
            site.build(&["--templates", "templates", "--out", out, "--changes", list]).ok();
        };
        build("dist", "changes.txt");
        for (step, change) in changes.iter().enumerate() {
            let before = site_files(&site);
            apply(&site, change, step);
            build("dist", "changes.txt");
            let after = site_files(&site);
            let clean = site.join(format!("clean-{step}"));
            build(clean.to_str().unwrap(), "clean-changes.txt");
            let mut fresh = tree(&clean);
            fresh.remove(&PathBuf::from(".broadside-manifest"));
            prop_assert!(after == fresh, "after {change:?}, the build differs from a clean one");
            let listed = std::fs::read_to_string(site.join("changes.txt")).unwrap();
            prop_assert_eq!(listed, diff(&before, &after), "after {:?}", change);
        }
    }
}

#[test]
fn a_missing_address_answers_with_the_sites_404_page_in_its_language() {
    let site = newsroom(3).file(
        "content/site.toml",
        "name = \"Hafenblatt\"\nlanguage = \"de\"\nbase_url = \"https://news.example.com/\"\n",
    );
    site.build(&[]).ok();
    let page = std::fs::read_to_string(site.join("dist/404.html")).unwrap();
    for part in [
        "<meta name=\"robots\" content=\"noindex\">",
        "<title>Seite nicht gefunden | Hafenblatt</title>",
        "<h1 class=\"front-title\">Seite nicht gefunden</h1>",
        // Served at any depth: every link is absolute.
        "<a href=\"https://news.example.com/\">Hafenblatt</a>",
        "<a href=\"https://news.example.com/archive/\">Archiv</a>",
        "<a class=\"outlet\" dir=\"auto\" href=\"https://news.example.com/index.html\">",
    ] {
        assert!(page.contains(part), "{part} not in {page}");
    }
    assert!(
        !page.contains("href=\"../") && !page.contains("href=\"index.html"),
        "{page}"
    );
    // Not a page of the site's content: not in the sitemap.
    let sitemap = std::fs::read_to_string(site.join("dist/sitemap.xml")).unwrap();
    assert!(!sitemap.contains("404"), "{sitemap}");
    // Without a base URL its links could not be absolute: there is none.
    let local = newsroom(3).file("content/site.toml", "name = \"Hafenblatt\"\n");
    local.build(&[]).ok();
    assert!(!local.join("dist/404.html").exists());
}

#[test]
fn a_sites_own_404_page_wins() {
    // Kept in the output by [output] keep: the user's file stays.
    let kept = newsroom(2).file(
        "content/site.toml",
        "name = \"Harbour Times\"\nbase_url = \"https://news.example.com/\"\n[output]\nkeep = [\"404.html\"]\n",
    );
    kept.build(&[]).ok();
    write(&kept.join("dist/404.html"), "my own\n");
    kept.build(&[]).ok();
    assert_eq!(
        std::fs::read_to_string(kept.join("dist/404.html")).unwrap(),
        "my own\n"
    );
    // A file of the source site (Hugo's static/): published as it is.
    let hugo = newsroom(2)
        .file("static/404.html", "the old site's page\n")
        .file("config.toml", "baseURL = \"https://news.example.com/\"\n");
    hugo.build(&[]).ok();
    assert_eq!(
        std::fs::read_to_string(hugo.join("dist/404.html")).unwrap(),
        "the old site's page\n"
    );
}
