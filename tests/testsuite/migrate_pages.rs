//! A migrated site's pages that are not Markdown posts: a post written as
//! an HTML content file with front matter (Hugo and Jekyll build them),
//! and the sections' `_index.md` pages of Hugo and Zola.

use crate::support::{TestSite, copy_dir, fixture};

/// The fixture `name` as a whole site folder (its `content/` inside).
fn site_folder(name: &str) -> TestSite {
    let site = TestSite::new();
    copy_dir(&fixture(name), site.path());
    site
}

#[test]
fn an_html_content_file_with_front_matter_is_a_story() {
    let site = site_folder("migrate-hugo-pages");
    let run = site
        .build(&["--base-url", "https://cranes.example.org/"])
        .ok();
    let page = run.page("news/crane-benchmarks/index.html");
    // Its front matter gives the headline and the description.
    assert!(page.contains("Cranes on the new rails</h1>"), "{page}");
    assert!(
        page.contains(
            "content=\"The old crane and the new one, timed lifting the same containers.\""
        ),
        "{page}"
    );
    // Its body is raw HTML, kept, and made safe as raw HTML in Markdown is.
    assert!(
        page.contains("<li>The old crane is a 1998 gantry"),
        "{page}"
    );
    assert!(page.contains("one     91s     40s"), "{page}");
    assert!(!page.contains("document.title"), "{page}");
    assert!(page.contains("<h2>Lift times</h2>"), "{page}");
    // Links to it from other posts lead to it.
    let tides = run.page("news/tide-tables/index.html");
    assert!(
        tides.contains("href=\"../../news/crane-benchmarks/index.html\""),
        "{tides}"
    );
    // An HTML file without front matter stays a file, published as linked.
    assert!(
        run.out().join("news/tide-tables/demo.html").is_file(),
        "the demo page is published"
    );
    assert!(!run.out().join("news/tide-tables/demo/index.html").exists());
    // It is listed and in the feed.
    let front = run.page("index.html");
    assert!(front.contains("Cranes on the new rails"), "{front}");
    let feed = run.page("atom.xml");
    assert!(feed.contains("Cranes on the new rails"), "{feed}");
}

#[test]
fn an_html_storys_first_paragraph_and_words_are_read_from_its_html() {
    let words = "tide ".repeat(400);
    let site = TestSite::new()
        .file(
            "content/quay.htm",
            format!(
                "+++\ntitle = \"Quay\"\n+++\n<div><p>The <em>quay</em> opens,\n  at <a href=\"https://quay.example.org/\">noon</a>.</p><p>{words}</p></div>\n"
            ),
        )
        .file("content/plain.html", "<p>No front matter: not a story.</p>\n")
        .file("content/b.md", "+++\ntitle = \"B\"\n+++\nText\n");
    let run = site.build(&["--verbose"]).ok();
    let page = run.page("quay/index.html");
    assert!(
        page.contains("<meta name=\"description\" content=\"The quay opens, at noon.\">"),
        "{page}"
    );
    assert!(page.contains("2 min read"), "{page}");
    assert!(!run.out().join("plain/index.html").exists());
    assert!(
        run.stderr.contains("plain.html") || run.stdout.contains("plain.html"),
        "{}{}",
        run.stdout,
        run.stderr
    );
}

#[test]
fn a_hugo_section_is_a_listing_page_at_its_address() {
    let site = site_folder("migrate-hugo-pages");
    let run = site
        .build(&["--base-url", "https://cranes.example.org/"])
        .ok();
    let news = run.page("news/index.html");
    // The `_index.md`'s title heads it, its text introduces it, and its
    // stories follow, newest first; a story of another section does not.
    assert!(news.contains("<title>Yard news | "), "{news}");
    assert!(news.contains(">Yard news</h1>"), "{news}");
    assert!(
        news.contains(
            "Every lift, tide and <a href=\"../news/tide-tables/index.html\">timetable</a>"
        ),
        "{news}"
    );
    let crane = news
        .find("Cranes on the new rails")
        .expect("the HTML story is listed");
    let tides = news
        .find(">Tide tables<")
        .expect("the Markdown story is listed");
    assert!(crane < tides, "newest first: {news}");
    assert!(!news.contains("Gate closed"), "{news}");
    // Links to the section from posts lead to it.
    let gate = run.page("notices/gate-closed/index.html");
    assert!(gate.contains("href=\"../../news/index.html\""), "{gate}");
    // The content folder's own `_index.md` is the front page's: not a page.
    assert!(!run.out().join("index/index.html").exists());
    let sitemap = run.page("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://cranes.example.org/news/</loc>"),
        "{sitemap}"
    );
}

#[test]
fn a_zola_section_without_a_title_is_listed_under_its_folders_name() {
    let site = TestSite::new()
        .file(
            "config.toml",
            "base_url = \"https://rust.example.org\"\n",
        )
        .file(
            "content/inside-rust/_index.md",
            "+++\nsort_by = \"date\"\npaginate_by = 10\n+++\n",
        )
        .file(
            "content/inside-rust/compiler-team.md",
            "+++\ntitle = \"Compiler team\"\ndate = 2024-01-02\n+++\nNews of the team.\n",
        )
        .file(
            "content/release.md",
            "+++\ntitle = \"Release\"\ndate = 2024-01-03\n+++\nMore in [Inside Rust](@/inside-rust/_index.md) and [there](/inside-rust/).\n",
        );
    let run = site.build(&["--content", "content"]).ok();
    let inside = run.page("inside-rust/index.html");
    assert!(inside.contains(">Inside rust</h1>"), "{inside}");
    assert!(inside.contains("Compiler team"), "{inside}");
    let release = run.page("release/index.html");
    assert_eq!(
        release
            .matches("href=\"../inside-rust/index.html\"")
            .count(),
        2,
        "{release}"
    );
    assert!(!run.stderr.contains("_index.md"), "{}", run.stderr);
}

#[test]
fn a_section_whose_front_matter_cannot_be_read_is_built_with_a_warning() {
    let site = TestSite::new()
        .file(
            "content/quays/_index.md",
            "---\ntitle: [unclosed\n---\nText\n",
        )
        .file(
            "content/quays/north.md",
            "+++\ntitle = \"North\"\ndate = 2024-01-02\n+++\nText\n",
        )
        .file(
            "content/south.md",
            "+++\ntitle = \"South\"\ndate = 2024-01-03\n+++\nText\n",
        );
    let run = site.build(&[]).ok();
    let quays = run.page("quays/index.html");
    assert!(
        quays.contains(">Quays</h1>") && quays.contains("North"),
        "{quays}"
    );
    assert!(
        run.stderr.contains("warning: ")
            && run.stderr.contains("quays/_index.md")
            && run
                .stderr
                .contains("the section's page is listed under its folder's name until then"),
        "{}",
        run.stderr
    );
}
