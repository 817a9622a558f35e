//! A story's life in the newsroom, through the real binary, on the
//! `tests/fixtures/web/newsroom` site (a corrected story by two writers, a
//! live story, a corrected Arabic story): the page, the JSON-LD, the feeds
//! and the sitemaps; then read by the readers' own tools (feedparser and
//! extruct, from PyPI) in `tests/readers/check.py`.

use std::process::Command;

use serde_json::Value;

use crate::support::{Run, TestSite};

/// The build's time: 2026-06-04 08:00 UTC, the morning after the storm.
const BUILD_TIME: &str = "1780560000";

fn build(extra: &[&str]) -> (TestSite, Run) {
    let site = TestSite::new().fixture("web/newsroom");
    let run = Run::of(
        site.command()
            .env("SOURCE_DATE_EPOCH", BUILD_TIME)
            .arg("build")
            .args(extra),
    )
    .ok();
    (site, run)
}

/// The JSON-LD of a page, parsed.
fn json_ld(page: &str) -> Value {
    let start = page.find("<script type=\"application/ld+json\">").unwrap() + 35;
    let end = start + page[start..].find("</script>").unwrap();
    serde_json::from_str(&page[start..end]).unwrap()
}

#[test]
fn a_corrected_story_by_two_writers() {
    let (_site, run) = build(&[]);
    let page = run.page("ferry-fares/index.html");
    assert!(page.contains("<p class=\"byline\">By <a href=\"../authors/ana-ruiz/index.html\" rel=\"author\" dir=\"auto\">Ana Ruiz</a> and <a href=\"../authors/li-wei/index.html\" rel=\"author\" dir=\"auto\">Li Wei</a> · <time datetime=\"2026-06-01T09:30:00+01:00\">1 June 2026</time> · Updated <time datetime=\"2026-06-02T08:45:00+01:00\">2 June 2026 at 08:45</time>"), "{page}");
    assert!(page.contains("<h2 id=\"corrections-heading\">Corrections</h2>\n<p><strong>Correction</strong> · <time datetime=\"2026-06-02T08:45:00+01:00\">2 June 2026 at 08:45</time><br>An earlier version of this story gave the new adult fare as €3.40. It is <strong>€2.90</strong>.</p>"), "{page}");
    let ld = json_ld(&page);
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(
        ld["dateModified"], "2026-06-02T08:45:00+01:00",
        "the correction is the latest change"
    );
    assert_eq!(
        ld["author"][0]["url"],
        "https://courier.example/authors/ana-ruiz/"
    );
    assert_eq!(
        ld["author"][0]["sameAs"],
        "https://courier.example/staff/ana-ruiz/"
    );
    assert_eq!(ld["author"][1]["name"], "Li Wei");
    assert_eq!(ld["correction"][0]["@type"], "CorrectionComment");
    assert_eq!(
        ld["correction"][0]["datePublished"],
        "2026-06-02T08:45:00+01:00"
    );
    assert_eq!(
        ld["correction"][0]["text"],
        "An earlier version of this story gave the new adult fare as €3.40. It is €2.90."
    );
    // In Arabic: the list pattern, the labels and the dates of the page's language.
    let ar = run.page("port-ar/index.html");
    assert!(ar.contains("بقلم <a href=\"../authors/samir-haddad/index.html\" rel=\"author\" dir=\"auto\">سمير حداد</a> و<a href=\"../authors/ana-ruiz/index.html\" rel=\"author\" dir=\"auto\">Ana Ruiz</a>"), "{ar}");
    assert!(
        ar.contains("<h2 id=\"corrections-heading\">تصحيحات</h2>\n<p><strong>تصحيح</strong>"),
        "{ar}"
    );
}

#[test]
fn a_live_story() {
    let (_site, run) = build(&[]);
    let page = run.page("storm-live/index.html");
    let order: Vec<usize> = ["00:40", "23:10", "19:45", "17:20"]
        .iter()
        .map(|t| {
            page.find(&format!(">{t}</time>"))
                .unwrap_or_else(|| panic!("{t}: {page}"))
        })
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "newest first: {order:?}"
    );
    assert!(page.contains("<div class=\"live-update\">\n<h2 id=\"section-00-40-wind-easing\"><time datetime=\"2026-06-04T00:40:00+01:00\">00:40</time> Wind easing</h2>"), "past midnight is the next day: {page}");
    assert!(page.contains("<strong class=\"live\">Live</strong>"));
    let ld = json_ld(&page);
    assert_eq!(ld["@type"], "LiveBlogPosting");
    assert_eq!(ld["coverageStartTime"], "2026-06-03T17:00:00+01:00");
    assert_eq!(ld["dateModified"], "2026-06-04T00:40:00+01:00");
    let updates = ld["liveBlogUpdate"].as_array().unwrap();
    assert_eq!(updates.len(), 4);
    assert_eq!(updates[0]["headline"], "Wind easing");
    assert_eq!(
        updates[0]["url"],
        "https://courier.example/storm-live/#section-00-40-wind-easing"
    );
    assert_eq!(updates[3]["datePublished"], "2026-06-03T17:20:00+01:00");
}

#[test]
fn author_pages_feeds_and_sitemaps() {
    let (_site, run) = build(&[]);
    let li = run.page("authors/li-wei/index.html");
    assert!(
        li.contains("<h1 class=\"front-title\">Stories by Li Wei</h1>"),
        "{li}"
    );
    assert!(
        li.contains("<p>Li Wei reports on weather and transport.</p>"),
        "{li}"
    );
    let storm = li.find("Storm Closes the Harbour").unwrap();
    assert!(storm < li.find("Ferry Fares Rise").unwrap(), "newest first");
    let feed = run.page("authors/li-wei/atom.xml");
    assert_eq!(feed.matches("<entry>").count(), 2);
    assert!(
        feed.contains("<content type=\"html\">&lt;p&gt;The coastguard closed"),
        "{feed}"
    );
    assert!(!feed.contains("data:"), "{feed}");
    let news = run.page("news-sitemap.xml");
    assert_eq!(
        news.matches("<url>").count(),
        2,
        "the stories of the last two days: {news}"
    );
    assert!(news.contains("<news:publication><news:name>The Harbour Courier</news:name><news:language>ar</news:language></news:publication><news:publication_date>2026-06-02T10:00:00+01:00</news:publication_date>"), "{news}");
    assert!(!news.contains("ferry-fares"), "{news}");
    assert_eq!(
        run.page("robots.txt"),
        "User-agent: *\nDisallow: /drafts/\n\nSitemap: https://courier.example/sitemap.xml\nSitemap: https://courier.example/news-sitemap.xml\n"
    );
    let sitemap = run.page("sitemap.xml");
    assert!(sitemap.contains("<url><loc>https://courier.example/ferry-fares/</loc><lastmod>2026-06-02T08:45:00+01:00</lastmod></url>"), "{sitemap}");
    assert!(
        sitemap.contains("<url><loc>https://courier.example/authors/li-wei/</loc></url>"),
        "{sitemap}"
    );
}

#[test]
fn summaries_only_and_undated_stories_left_out_of_feeds() {
    let site = TestSite::new().fixture("web/newsroom").file(
        "content/undated.md",
        "+++\ntitle = \"Tide Tables\"\n+++\n\nThe tide tables for the summer.\n",
    );
    let toml = std::fs::read_to_string(site.join("content/site.toml")).unwrap();
    std::fs::write(
        site.join("content/site.toml"),
        format!("{toml}\n[feed]\nfull = false\n"),
    )
    .unwrap();
    let run = Run::of(
        site.command()
            .env("SOURCE_DATE_EPOCH", BUILD_TIME)
            .args(["build", "--verbose"]),
    )
    .ok();
    let feed = run.page("atom.xml");
    assert!(
        !feed.contains("<content") && feed.contains("<summary>"),
        "{feed}"
    );
    assert!(
        !feed.contains("Tide Tables") && !feed.contains("1970"),
        "{feed}"
    );
    assert!(
        run.page("sitemap.xml")
            .contains("<url><loc>https://courier.example/undated/</loc></url>")
    );
    assert!(
        run.stderr.contains("not in the feeds: ")
            && run.stderr.contains("undated.md: it has no date"),
        "{}",
        run.stderr
    );
}

#[test]
fn syndicated_story_points_at_the_original() {
    let site = TestSite::new().file(
        "content/story.md",
        "+++\ntitle = \"Bridge\"\ndate = 2025-12-01\ncanonical = \"https://partner.example/bridge/\"\n+++\n\nText.\n",
    );
    let page = site
        .build(&["--base-url", "https://courier.example/"])
        .ok()
        .page("index.html");
    assert!(
        page.contains("<link rel=\"canonical\" href=\"https://partner.example/bridge/\">"),
        "{page}"
    );
    assert!(
        page.contains("<meta property=\"og:url\" content=\"https://partner.example/bridge/\">"),
        "{page}"
    );
}

/// The Python that has feedparser and extruct: `BROADSIDE_READERS_PYTHON`,
/// else `tests/readers/.venv` (made by `scripts/test`).
fn readers_python() -> Option<std::path::PathBuf> {
    let venv = crate::support::repo().join("tests/readers/.venv/bin/python");
    std::env::var_os("BROADSIDE_READERS_PYTHON")
        .map(Into::into)
        .or_else(|| venv.is_file().then_some(venv))
}

#[test]
fn feedparser_and_extruct_read_it() {
    let Some(python) = readers_python() else {
        assert!(
            std::env::var_os("BROADSIDE_REQUIRE_READERS").is_none(),
            "feedparser and extruct are not installed (scripts/test installs them into tests/readers/.venv)"
        );
        eprintln!("skipped: no Python with feedparser and extruct (scripts/test installs them)");
        return;
    };
    let (_site, run) = build(&[]);
    let script = crate::support::repo().join("tests/readers/check.py");
    let out = Command::new(python)
        .arg(&script)
        .arg(run.out())
        .arg(BUILD_TIME)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("feeds: 8 read, 0 with errors") && text.contains("pages: 3 stories read"),
        "{text}"
    );
}

#[test]
fn warnings_about_dates_and_unknown_writers() {
    let site = TestSite::new()
        .file("content/site.toml", "[authors.ana-ruiz]\nname = \"Ana Ruiz\"\n")
        .file(
            "content/story.md",
            "+++\ntitle = \"Bridge\"\ndate = 2025-12-02\nupdated = 2025-12-01\nauthors = [\"ana-ruiz\", \"tom-berg\"]\n+++\n\nText.\n",
        );
    let run = site.build(&[]).ok();
    assert!(
        run.stderr.contains("content/story.md:4:1"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("warning: `updated` (2025-12-01) is earlier than `date` (2025-12-02)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("warning: the author `tom-berg` has no [authors.tom-berg] entry in site.toml; the byline shows `tom-berg` as written"), "{}", run.stderr);
    assert!(
        run.stderr.contains("content/story.md:5:1"),
        "{}",
        run.stderr
    );
    let page = run.page("index.html");
    assert!(
        page.contains("By <bdi>Ana Ruiz</bdi> and <bdi>tom-berg</bdi>"),
        "{page}"
    );
    assert!(
        !page.contains("Updated") && page.contains("\"dateModified\":\"2025-12-02\""),
        "an update before publication is none: {page}"
    );
}
