//! A site moved in from Jekyll, Hugo or Zola keeps its addresses and its
//! author's intent (`src/migrate/`): old post addresses answer, links to the
//! old site lead to the new pages, the feed and the site's own files are
//! where they were, heading ids are the old generator's, nothing raw HTML
//! holds vanishes without a word, footnotes sit at the bottom.

use crate::support::{TestSite, copy_dir, fixture};

/// The fixture `name` as a whole site folder (its `content/` inside).
fn site_folder(name: &str) -> TestSite {
    let site = TestSite::new();
    copy_dir(&fixture(name), site.path());
    site
}

/// The first index of each of `parts` in `page`, in order, or a panic.
#[track_caller]
fn in_order(page: &str, parts: &[&str]) {
    let mut from = 0;
    for part in parts {
        match page[from..].find(part) {
            Some(at) => from += at + part.len(),
            None => panic!("`{part}` not found (in this order) in:\n{page}"),
        }
    }
}

#[test]
fn a_jekyll_site_keeps_its_addresses_feed_and_files() {
    let site = TestSite::new().fixture("migrate-jekyll");
    let run = site
        .build(&["--base-url", "https://harbour.example.org/"])
        .ok();
    // Jekyll's own address, `/:year/:month/:day/:title.html`, case and dots
    // kept, leads to the page.
    let redirect = run.page("2019/03/02/Tide-Tables.html");
    assert!(
        redirect.contains("url=../../../2019/03/02/tide-tables/index.html"),
        "{redirect}"
    );
    assert!(run.out().join("2019/03/04/Quay-Works-1.0.html").is_file());
    // Links to the old site's addresses, absolute or from the root, lead
    // to the new page, the anchor kept.
    let quay = run.page("2019/03/04/quay-works-1-0/index.html");
    assert!(
        quay.contains("href=\"../../../../2019/03/02/tide-tables/index.html#whats-new-in-11\""),
        "{quay}"
    );
    assert!(
        quay.contains("href=\"../../../../2019/03/02/tide-tables/index.html\""),
        "{quay}"
    );
    // In raw HTML too.
    assert!(
        quay.contains("<a href=\"../../../../2019/03/02/tide-tables/index.html#whats-new-in-11\">raw tables</a>"),
        "{quay}"
    );
    assert!(
        quay.contains(
            "<a href=\"../../../../2019/03/02/tide-tables/index.html\">the same from the root</a>"
        ),
        "{quay}"
    );
    assert!(!quay.contains("harbour.example.org/2019/03/02"), "{quay}");
    assert!(!run.stderr.contains("Tide-Tables"), "{}", run.stderr);
    // The feed at Jekyll's address too; the site's own files as Jekyll
    // copies them, not what it renders or excludes.
    assert_eq!(run.page("feed.xml"), run.page("atom.xml"));
    assert_eq!(run.page("CNAME"), "harbour.example.org\n");
    assert_eq!(
        run.page("downloads/tide-table.txt"),
        "High water 06:12, low water 12:30.\n"
    );
    assert!(run.out().join("robots.txt").is_file());
    assert!(run.out().join("favicon.ico").is_file());
    for left in ["notes-for-editors.txt", "_config.yml", "site.toml"] {
        assert!(!run.out().join(left).exists(), "{left} was published");
    }
}

#[test]
fn a_site_file_where_a_page_goes_is_left_out_with_a_warning() {
    let site = TestSite::new()
        .fixture("migrate-jekyll")
        .file("content/index.html", "<p>The old front page</p>\n");
    let run = site.build(&[]).ok();
    assert!(
        run.stderr.contains(
            "warning: the site's file `index.html` is not published: broadside writes a page there"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.page("index.html").contains("The old front page"));
}

#[test]
fn jekyll_posts_keep_kramdowns_anchors_footnotes_and_flags() {
    let site = TestSite::new().fixture("migrate-jekyll");
    let page = site
        .build(&[])
        .ok()
        .page("2019/03/02/tide-tables/index.html");
    for id in [
        "id=\"whats-new-in-11\"",
        "id=\"cratesio-and-must_use-on-functions\"",
        "id=\"128-bit-integers\"",
    ] {
        assert!(page.contains(id), "{id} in {page}");
    }
    // The note at the bottom, after the last paragraph, with a link back
    // to each of its two references.
    in_order(
        &page,
        &[
            "id=\"fnref-quays\"",
            "id=\"fnref-quays-2\"",
            "Enough for every tide.",
            "<div class=\"footnotes\">",
            "The north and the east quay.",
            "href=\"#fnref-quays\"",
            "href=\"#fnref-quays-2\"",
        ],
    );
    // A flag keeps its two hyphens; "in" after a year is no inch.
    assert!(page.contains("--cfg=harbour"), "{page}");
    assert!(page.contains("2025 in Seattle"), "{page}");
    assert!(page.contains("27\u{a0}in."), "{page}");
}

#[test]
fn jekyll_links_go_where_kramdown_sends_them() {
    let site = TestSite::new().fixture("migrate-jekyll");
    let run = site.build(&[]).ok();
    let page = run.page("2019/03/06/dredging-plan/index.html");
    // A label defined twice: the last definition wins, as in kramdown, and
    // the file it names is published; the first is never linked.
    assert!(
        page.contains("<a href=\"/images/dredging/plan.svg\">plan</a>"),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"/images/dredging/plan.svg\">dredging plan</a>"),
        "{page}"
    );
    assert!(!page.contains("reference.example.org"), "{page}");
    assert!(run.out().join("images/dredging/plan.svg").is_file());
    // An address wrapped onto the next line is one link, without the break.
    assert!(
        page.contains(
            "<a href=\"https://survey.example.org/harbour/blob/5e1f/depths/soundings.md\">this markdown\nfile</a>"
        ),
        "{page}"
    );
    assert!(!page.contains("]("), "{page}");
}

#[test]
fn raw_html_keeps_progress_bars_and_makes_embeds_links() {
    let site = TestSite::new().fixture("migrate-jekyll");
    let run = site.build(&[]).ok();
    let page = run.page("2019/03/04/quay-works-1-0/index.html");
    assert!(
        page.contains("<progress value=\"3\" max=\"8\"></progress>"),
        "{page}"
    );
    assert!(
        page.contains(
            "<a href=\"https://www.youtube.com/watch?v=Qw7Ft2ymGmf\">Video on YouTube: The quay at dawn</a>"
        ),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"https://asciinema.org/a/12345\">Terminal recording on asciinema"),
        "{page}"
    );
    assert!(
        !page.contains("<iframe") && !page.contains("<object"),
        "{page}"
    );
    assert!(
        run.stderr.contains(
            "warning: the <object> is left out of the page: the page loads nothing from other sites\n  --> content/_posts/2019-03-04-Quay-Works-1.0.md:19:1"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_zola_site_publishes_linked_files_anchors_and_heading_runs() {
    let site = site_folder("migrate-zola");
    let run = site
        .build(&["--base-url", "https://quay.example.org/"])
        .ok();
    let page = run.page("news/survey/index.html");
    // Files linked from raw HTML are published beside the page.
    for file in ["where-do-you-live.png", "where-do-you-live.svg"] {
        assert!(run.out().join("news/survey").join(file).is_file(), "{file}");
    }
    // Zola's ids may start with a digit; a run of raw headings stays siblings.
    assert!(page.contains("id=\"128-bit-integers\""), "{page}");
    in_order(
        &page,
        &[
            "<h3>Goals</h3>",
            "<h4>North wall</h4>",
            "<h4>East wall</h4>",
            "<h4>Slipway</h4>",
        ],
    );
    // A link to an old address (an alias) leads to the page itself.
    assert!(
        page.contains("href=\"../../news/survey/index.html\""),
        "{page}"
    );
    assert_eq!(run.page("feed.xml"), run.page("atom.xml"));
    assert_eq!(run.page("robots.txt"), "User-agent: *\n");
}

#[test]
fn a_hugo_site_keeps_githubs_ids_and_its_feed_address() {
    let site = site_folder("migrate-hugo");
    let run = site
        .build(&["--base-url", "https://fast.example.org/"])
        .ok();
    let page = run.page("news/fast-quays/index.html");
    for id in ["and-its-faster", "minify---keep-comments", "the-road-to-10"] {
        assert!(page.contains(&format!("id=\"{id}\"")), "{id} in {page}");
    }
    assert!(
        page.contains("href=\"../../news/fast-quays/index.html#the-road-to-10\""),
        "{page}"
    );
    let slow = run.page("news/slow-quays/index.html");
    assert!(
        slow.contains("href=\"../../news/fast-quays/index.html\""),
        "{slow}"
    );
    // Goldmark's linkify, on by default in Hugo: bare URLs are links (one
    // to the site itself leads to the page), code stays code.
    assert!(
        slow.contains("<a href=\"../../news/fast-quays/index.html\">https://fast.example.org/news/fast-quays/</a>"),
        "{slow}"
    );
    assert!(
        slow.contains(
            "<a href=\"http://www.tides.example.org/spring\">www.tides.example.org/spring</a>"
        ),
        "{slow}"
    );
    assert!(
        slow.contains("<code>https://in.code.example.org/</code>"),
        "{slow}"
    );
    assert_eq!(run.page("index.xml"), run.page("atom.xml"));
}

#[test]
fn hugo_code_keeps_its_form_and_chromas_language_names() {
    let site = site_folder("migrate-hugo");
    let run = site.build(&[]).ok();
    let page = run.page("news/quay-settings/index.html");
    // What a code-toggle encloses is a code block, lines and straight
    // quotes kept, in the language it is written in.
    assert!(page.contains("<code class=\"language-yaml\">"), "{page}");
    let mut text = String::new();
    for piece in page.split('<') {
        text.push_str(piece.split_once('>').map_or(piece, |(_, after)| after));
    }
    assert!(
        text.contains("markup:\n  goldmark:\n    renderer:\n      unsafe: \"true\"\n"),
        "{text}"
    );
    assert!(
        !page.contains("markup: goldmark") && !page.contains('\u{201c}'),
        "{page}"
    );
    assert!(!run.stderr.contains("code-toggle"), "{}", run.stderr);
    // Chroma's name for Go's HTML templates finds a grammar.
    let template = page
        .split("<code class=\"language-go-html-template\">")
        .nth(1)
        .unwrap_or_else(|| panic!("no highlighted template in {page}"));
    assert!(template.contains("<span class=\"h"), "{template}");
}

#[test]
fn site_toml_names_the_source_and_its_heading_ids() {
    let site = TestSite::new()
        .file("content/site.toml", "[source]\nheading_ids = \"github\"\n")
        .file(
            "content/a.md",
            "+++\ntitle = \"A\"\n+++\n## The road to 1.0\n",
        );
    let page = site.build(&[]).ok().page("index.html");
    assert!(page.contains("id=\"the-road-to-10\""), "{page}");
    let bad = TestSite::new()
        .file(
            "content/site.toml",
            "[source]\nheading_ids = \"wordpress\"\n",
        )
        .file("content/a.md", "+++\ntitle = \"A\"\n+++\nText\n");
    let run = bad.build(&[]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: [source] heading_ids `wordpress` is not a style broadside knows"),
        "{}",
        run.stderr
    );
}
