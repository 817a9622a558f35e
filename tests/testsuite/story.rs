//! The story page end to end: the real binary over fixture folders.

use std::path::Path;

use crate::support::{Run, TestSite, fixture, repo, tree};

/// Builds `content` into `site/` of a fresh temporary folder, from the
/// repository's folder (so with its `templates/`).
fn build(content: &Path, extra: &[&str]) -> (Run, TestSite) {
    let dir = TestSite::new();
    let mut command = dir.command();
    command
        .current_dir(repo())
        .arg("build")
        .arg("--content")
        .arg(content)
        .arg("--out")
        .arg(dir.join("site"));
    (Run::of(command.args(extra)), dir)
}

fn build_ok(content: &Path) -> (String, TestSite) {
    let (run, dir) = build(content, &[]);
    (run.ok().page("index.html"), dir)
}

/// The page's visible text: tags dropped, the few entities we emit decoded.
fn text_of(html: &str) -> String {
    let body = &html[html.find("<body>").unwrap()..];
    let mut text = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `html` with its tags taken out and nothing put in their place, as the
/// text of highlighted code reads.
fn untagged(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Straight and typographic quotes compare equal.
fn plain_quotes(s: &str) -> String {
    s.replace(['‘', '’'], "'").replace(['“', '”'], "\"")
}

#[test]
fn sample_page_carries_every_sentence_of_the_source() {
    let (page, _dir) = build_ok(&repo().join("content"));
    let text = plain_quotes(&text_of(&page));
    let seed = std::fs::read_to_string(fixture("seed/inquisitr-nato-training.txt")).unwrap();
    let mut lines = seed.lines().map(str::trim).filter(|l| !l.is_empty());
    let title = lines.next().unwrap();
    assert!(
        page.contains(&format!("<h1>{title}</h1>")),
        "headline missing"
    );
    assert!(page.contains(&format!("<title>{title} | Inquisitr</title>")));
    let mut checked = 0;
    for line in lines {
        if line.starts_with("Share this article:") || line == "More from Inquisitr" {
            continue; // page furniture, made by the templates
        }
        assert!(text.contains(&plain_quotes(line)), "the page lacks: {line}");
        checked += 1;
    }
    assert_eq!(checked, 10, "nine paragraphs and the caption of the source");
    // The furniture, as in the source.
    assert!(
        text.contains(&plain_quotes(&format!("Share this article: {title}"))),
        "share bar heading"
    );
    assert!(text.contains("More from Inquisitr"), "more-from footer");
    // The caption is a figure of its own, with no invented image.
    assert!(page.contains("<figure>\n<figcaption>President Donald Trump speaks during"));
    assert!(!page.contains("<img"), "the sample has no image to show");
    // No invented author or date; the publisher is the outlet.
    assert!(!page.contains("<time") && !page.contains("\"author\""));
    assert!(page.contains(r#""publisher":{"@type":"Organization","name":"Inquisitr""#));
}

#[test]
fn sample_page_snapshot() {
    let (page, _dir) = build_ok(&repo().join("content"));
    insta::assert_snapshot!("sample_page", page);
}

/// The committed dist/ is exactly what a build of content/ gives today,
/// its manifest (`.broadside-manifest`, listing the files written) included.
#[test]
fn committed_dist_is_fresh() {
    let (run, _dir) = build(&repo().join("content"), &["--templates", "templates"]);
    let built = tree(run.ok().out());
    let committed = tree(&repo().join("dist"));
    let manifest = String::from_utf8_lossy(&built[Path::new(".broadside-manifest")]).into_owned();
    assert!(
        manifest.starts_with("broadside manifest 1: ") && manifest.ends_with("\nindex.html\n"),
        "{manifest}"
    );
    assert_eq!(
        built.keys().collect::<Vec<_>>(),
        committed.keys().collect::<Vec<_>>(),
        "dist/ holds other files than a build makes: run `cargo run --release` and commit dist/"
    );
    for (path, bytes) in &built {
        assert!(
            committed[path] == *bytes,
            "dist/{} is stale: run `cargo run --release` and commit dist/",
            path.display()
        );
    }
}

#[test]
fn toml_and_yaml_front_matter_read_alike() {
    for name in ["toml-front-matter", "yaml-front-matter"] {
        let (page, _dir) = build_ok(&fixture(name));
        assert!(
            page.contains("<h1>Council Approves New Library</h1>"),
            "{name}"
        );
        assert!(page.contains("<p class=\"standfirst\">The city council voted 7–2 to fund a new central library.</p>"), "{name}");
        assert!(
            page.contains("<time datetime=\"2024-05-02T09:30:00+01:00\">2 May 2024</time>"),
            "{name}"
        );
        assert!(page.contains("By <bdi>Ana Ruiz</bdi>"), "{name}");
        assert!(
            page.contains("<meta property=\"article:tag\" content=\"libraries\">"),
            "{name}"
        );
        assert!(
            page.contains("\"datePublished\":\"2024-05-02T09:30:00+01:00\""),
            "{name}"
        );
    }
    let (toml, _dir) = build_ok(&fixture("toml-front-matter"));
    assert!(toml.contains("<html lang=\"en-GB\">"));
    // Joined by English's list pattern (CLDR), each name isolated.
    assert!(toml.contains("By <bdi>Ana Ruiz</bdi> and <bdi>Tom Berg</bdi>"));
    assert!(toml.contains("Updated <time datetime=\"2024-05-03\">3 May 2024</time>"));
    assert!(toml.contains("\"dateModified\":\"2024-05-03\""));
}

#[test]
fn a_zola_post_builds_as_it_is() {
    let (run, _dir) = build(&fixture("zola-post"), &[]);
    let run = run.ok();
    assert!(
        run.stderr.is_empty(),
        "Zola's own keys are not warned about: {}",
        run.stderr
    );
    let page = run.page("index.html");
    assert!(page.contains("<h1>Winter Solstice Brings Crowds to the Stones</h1>"));
    assert!(page.contains("By <bdi>Mira Patel</bdi>"));
    assert!(
        page.contains("<meta property=\"article:tag\" content=\"heritage\">"),
        "taxonomies.tags are the tags"
    );
    assert!(page.contains("<h2 id=\"at-the-stones\">At the stones</h2>"));
}

#[test]
fn local_images_are_inlined_with_their_sizes() {
    let (page, _dir) = build_ok(&fixture("images-inlined"));
    assert!(page.contains("<figure class=\"lead\">\n<img src=\"data:image/webp;base64,"));
    assert!(
        page.contains("alt=\"Boats tied up along the harbour wall\" width=\"64\" height=\"36\">")
    );
    assert!(page.contains("<figcaption>The harbour on Monday morning.</figcaption>"));
    // An image alone in its paragraph is a figure captioned by its title.
    assert!(page.contains("<figure><img src=\"data:image/svg+xml;base64,"));
    assert!(page.contains("width=\"120\" height=\"60\" decoding=\"async\"><figcaption>Arrivals by day</figcaption></figure>"));
    // An image inside a sentence stays inline.
    assert!(page.contains("<p>The gate logo <img src=\"data:image/webp;base64,"));
    assert!(page.contains("alt=\"gate logo\" width=\"20\" height=\"10\""));
    assert!(!page.contains("src=\"lead.png\"") && !page.contains("src=\"chart.svg\""));
}

#[test]
fn footnotes_tables_and_other_extensions() {
    let (page, _dir) = build_ok(&fixture("footnotes-and-tables"));
    assert!(page.contains(
        "<sup class=\"footnote-reference\" id=\"fnref-turnout\"><a href=\"#fn-turnout\">1</a></sup>"
    ));
    assert!(page.contains("<div class=\"footnote-definition\" id=\"fn-turnout\">"));
    assert!(page.contains("href=\"#fnref-turnout\""));
    assert!(page.contains("<th scope=\"col\" class=\"align-right\">Turnout</th>"));
    assert!(page.contains("<td class=\"align-center\">+6.1</td>"));
    assert!(page.contains("<del>Provisional</del>"));
    assert!(page.contains("<input type=\"checkbox\" disabled checked aria-label=\"Done\">"));
    assert!(
        !page.contains(" style="),
        "no inline styles: the CSP forbids them"
    );
}

/// The story body of a built page, without the page around it.
fn body_of(page: &str) -> &str {
    let start = page.find("class=\"story-body\">").expect("a story body");
    let end = page[start..]
        .find("<section class=\"share\"")
        .map_or(page.len(), |i| start + i);
    &page[start..end]
}

#[test]
fn images_inside_text_links_lists_and_tables_lose_nothing() {
    let (page, _dir) = build_ok(&fixture("images-in-text"));
    let body = body_of(&page);
    // What follows an image is kept: text, the link's end, the item's, the cell's.
    assert!(
        body.contains("<p>Build status <img src=\"data:image/webp;base64,"),
        "{body}"
    );
    assert!(
        body.contains(
            "alt=\"passing\" width=\"64\" height=\"36\" decoding=\"async\"> is green.</p>"
        ),
        "{body}"
    );
    assert!(body.contains("decoding=\"async\"></a></p>\n<p>The paragraph after the linked logo stays outside the link.</p>"), "{body}");
    assert!(
        body.contains("decoding=\"async\"></li>\n<li>Second crossing</li>\n</ul>"),
        "{body}"
    );
    assert!(
        body.contains("decoding=\"async\"></td></tr>\n<tr><td>South</td>"),
        "{body}"
    );
    // Remote images too.
    assert!(body.contains("<td><img src=\"https://example.com/badge.png\" alt=\"remote badge\" decoding=\"async\"></td></tr>"), "{body}");
    assert!(
        body.contains(
            "alt=\"remote badge\" decoding=\"async\"> in a sentence, then the rest of it.</p>"
        ),
        "{body}"
    );
    assert_eq!(
        body.matches("<a ").count(),
        body.matches("</a>").count(),
        "{body}"
    );
}

#[test]
fn a_link_to_a_local_file_publishes_it_beside_the_page_or_is_left_out() {
    let content = fixture("linked-local-files");
    let (run, _dir) = build(&content, &[]);
    let run = run.ok();
    let (stderr, site) = (&run.stderr, run.out());
    // The chart's link works: the file is published beside the page.
    let page = std::fs::read_to_string(site.join("harbour/index.html")).unwrap();
    assert!(
        page.contains("<p><a href=\"chart.png\"><img src=\"data:image/webp;base64,"),
        "{page}"
    );
    assert_eq!(
        std::fs::read(site.join("harbour/chart.png")).unwrap(),
        std::fs::read(content.join("harbour/chart.png")).unwrap()
    );
    // A file outside the story's folder is not published: its link goes, with a warning.
    assert!(
        page.contains("<p>The raw notes are kept by the harbour office.</p>"),
        "{page}"
    );
    assert!(!site.join("shared").exists() && !site.join("notes.txt").exists());
    assert!(
        stderr.contains("warning: the link `../shared/notes.txt` points to a file outside the story's folder, which is not published with the page; the link is left out"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "--> {}:10:17",
            content.join("harbour/index.md").display()
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("help: move the file into the story's folder"),
        "{stderr}"
    );
    // A link to no file is left for `check` to report.
    assert!(
        page.contains("<a href=\"minutes.pdf\">minutes</a>"),
        "{page}"
    );
}

#[test]
fn a_raw_img_without_alt_gets_an_empty_one_and_a_warning() {
    let content = fixture("raw-img-without-alt");
    let (run, _dir) = build(&content, &[]);
    let run = run.ok();
    let stderr = &run.stderr;
    let page = run.page("index.html");
    assert!(
        body_of(&page).contains("<img src=\"data:image/webp;base64,"),
        "{page}"
    );
    assert!(
        body_of(&page).contains("width=\"1\" height=\"1\" alt=\"\">"),
        "{page}"
    );
    assert_eq!(stderr.matches("warning:").count(), 1, "{stderr}");
    assert!(
        stderr.contains(
            "warning: the image `pixel.png` has no description: its <img> tag has no alt attribute"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("--> {}:9:1", content.join("story.md").display())),
        "{stderr}"
    );
    assert!(
        stderr.contains("help: say what the picture shows"),
        "{stderr}"
    );
}

#[test]
fn headings_start_at_h2_and_skip_no_level() {
    let (page, _dir) = build_ok(&fixture("headings-from-h3"));
    let body = body_of(&page);
    assert!(body.contains("<h2 id=\"weekdays\">Weekdays</h2>"), "{body}");
    assert!(
        body.contains("<h3 id=\"reading-rooms\">Reading rooms</h3>"),
        "{body}"
    );
    assert!(
        body.contains("<h3 id=\"study-booths\">Study booths</h3>"),
        "{body}"
    );
    assert!(body.contains("<h2 id=\"weekends\">Weekends</h2>"), "{body}");
    assert!(!body.contains("<h4") && !body.contains("<h5"), "{body}");
}

#[test]
fn kramdown_attribute_lists_definition_lists_and_named_anchors() {
    let (page, _dir) = build_ok(&fixture("kramdown-post"));
    let body = body_of(&page);
    // The attribute lists are gone; the image with one is still a figure, with its class.
    assert!(!body.contains("{:"), "{body}");
    assert!(
        body.contains("<figure class=\"center\"><img src=\"data:image/webp;base64,"),
        "{body}"
    );
    assert!(
        body.contains("<figcaption>The planned route</figcaption></figure>"),
        "{body}"
    );
    assert!(
        body.contains("see <a href=\"#tool\">the tool</a> for the timetable.\n</p>"),
        "{body}"
    );
    assert!(
        !body.contains("<p></p>"),
        "a paragraph of attribute lists goes whole: {body}"
    );
    // Term / : Definition is a definition list.
    assert!(
        body.contains("<dl>\n<dt>Tram</dt>\n<dd>A rail vehicle that runs on the street.</dd>"),
        "{body}"
    );
    // <a name> keeps its target as an id.
    assert!(body.contains("<a id=\"tool\"></a>"), "{body}");
    assert!(!body.contains("name="), "{body}");
}

#[test]
fn raw_html_that_breaks_the_content_model_is_repaired_and_noscript_unwrapped() {
    let (page, _dir) = build_ok(&fixture("kramdown-post"));
    let body = body_of(&page);
    // A paragraph inside a <span> inside a <summary> is unwrapped.
    assert!(
        body.contains("<summary><span>2 updates from the depot. \n</span></summary>"),
        "{body}"
    );
    // A summary written after the details' text moves to the front.
    assert!(
        body.contains("<details><summary>Why the second one was late</summary>\n<p>The second tram arrived on Tuesday.</p>"),
        "{body}"
    );
    assert_eq!(
        body.matches("Why the second one was late").count(),
        1,
        "{body}"
    );
    // A raw <h5> after an <h2> becomes an <h3>; its id stays.
    assert!(
        body.contains("<h3 id=\"night\">Night service</h3>"),
        "{body}"
    );
    // What a <noscript> holds is shown (the page runs no script), never printed as text.
    assert!(body.contains("alt=\"The night route, drawn\""), "{body}");
    assert!(
        !body.contains("&lt;img") && !body.contains("noscript"),
        "{body}"
    );
}

#[test]
fn unknown_keys_are_kept_and_near_misses_warned() {
    let (run, _dir) = build(&fixture("unknown-keys"), &[]);
    let run = run.ok();
    let stderr = &run.stderr;
    assert!(
        stderr.contains("unknown front matter key `descripton`: did you mean `description`?"),
        "{stderr}"
    );
    assert!(stderr.contains("unknown-keys/story.md:3:1"), "{stderr}");
    assert!(
        !stderr.contains("mood"),
        "a key that is no near miss is kept quietly: {stderr}"
    );
    assert!(run.out().join("index.html").is_file());
}

#[test]
fn many_stories_give_a_page_each_a_front_page_a_feed_and_a_sitemap() {
    let (run, dir) = build(&fixture("many-stories"), &[]);
    let run = run.ok();
    let read = |p: &str| run.page(p);
    let front = read("index.html");
    let order: Vec<usize> = ["story-4/", "story-3/", "story-2/", "story-1/", "notice/"]
        .iter()
        .map(|s| {
            front
                .find(&format!("href=\"{s}index.html\""))
                .unwrap_or_else(|| panic!("{s} not listed"))
        })
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "front page lists newest first, undated last"
    );

    // Each footer: the stories before this one (those sharing a tag first),
    // newest first, then the configured links, up to the count (3): never a
    // newer story, so a publish changes no older page.
    let story2 = read("story-2/index.html");
    let footer = &story2[story2.find("more-from-heading").unwrap()..];
    let links: Vec<&str> = footer
        .match_indices("href=\"")
        .map(|(i, _)| &footer[i + 6..i + 6 + footer[i + 6..].find('"').unwrap()])
        .collect();
    assert_eq!(
        links,
        [
            "../story-1/index.html",
            "../notice/index.html",
            "https://gazette.example/about/"
        ]
    );
    let notice = read("notice/index.html");
    assert!(notice.contains("<link rel=\"canonical\" href=\"https://gazette.example/notice/\">"));

    // The feed parses and has Atom's required elements.
    let feed_text = read("atom.xml");
    let feed = roxmltree::Document::parse(&feed_text).expect("atom.xml is XML");
    let root = feed.root_element();
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    for required in ["id", "title", "updated"] {
        assert!(
            root.children().any(|n| n.has_tag_name(required)),
            "feed lacks <{required}>"
        );
    }
    let entries: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    // The undated story is left out of the feed, never dated 1970.
    assert_eq!(entries.len(), 4);
    assert!(!feed_text.contains("/undated/") && !feed_text.contains("1970"));
    for entry in &entries {
        for required in ["id", "title", "updated", "link"] {
            assert!(
                entry.children().any(|n| n.has_tag_name(required)),
                "entry lacks <{required}>"
            );
        }
    }
    // The sitemap lists every page: the stories, and the listing pages.
    let sitemap_text = read("sitemap.xml");
    let sitemap = roxmltree::Document::parse(&sitemap_text).expect("sitemap.xml is XML");
    let mut locs: Vec<&str> = sitemap
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    for page in [
        "", "story-1/", "story-2/", "story-3/", "story-4/", "notice/",
    ] {
        assert!(
            locs.contains(&format!("https://gazette.example/{page}").as_str()),
            "sitemap lacks {page}"
        );
    }
    let listings: Vec<String> = pages(&dir)
        .into_iter()
        // The 404 page is no page of the site's content: not in the sitemap.
        .filter(|p| p != "index.html" && p != "404.html" && !story_pages(&dir).contains(p))
        .map(|p| {
            format!(
                "https://gazette.example/{}",
                p.strip_suffix("index.html").unwrap_or(&p)
            )
        })
        .collect();
    assert!(!listings.is_empty());
    for listing in &listings {
        assert!(
            locs.contains(&listing.as_str()),
            "sitemap lacks {listing}: {sitemap_text}"
        );
    }
    locs.retain(|loc| !listings.iter().any(|l| l == loc));
    assert_eq!(
        locs.len(),
        6,
        "the sitemap lists each listing page once, and nothing else: {sitemap_text}"
    );
}

#[test]
fn one_story_with_a_base_url_gets_every_share_link() {
    let (run, _dir) = build(
        &repo().join("content"),
        &["--base-url", "https://news.example/nato/"],
    );
    let page = run.ok().page("index.html");
    assert!(page.contains("<link rel=\"canonical\" href=\"https://news.example/nato/\">"));
    for network in ["x", "facebook", "linkedin", "reddit", "email"] {
        assert!(
            page.contains(&format!("class=\"share-{network}\"")),
            "{network}"
        );
    }
    assert!(page.contains(
        "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fnews.example%2Fnato%2F\""
    ));
}

#[test]
fn cli_basics() {
    let site = TestSite::new().fixture("minimal-site");
    let help = site.run(&["--help"]);
    assert!(help.status.success() && help.stdout.contains("--content"));
    let version = site.run(&["--version"]);
    assert!(version.stdout.starts_with("broadside "));
    let usage = site.run(&["--no-such-flag"]);
    assert_eq!(usage.code(), Some(2));
    // No subcommand builds content/ into dist/ of the current folder.
    let run = site.run(&[]).ok();
    let stdout = &run.stdout;
    assert!(
        stdout.starts_with("wrote dist/index.html: "),
        "one line on success: {stdout}"
    );
    assert_eq!(stdout.lines().count(), 1);
    assert!(site.path().join("dist/index.html").is_file());
}

/// A build that succeeds: its stderr, and a reader of its files.
fn build_site(
    content: &Path,
    extra: &[&str],
) -> (String, impl Fn(&str) -> String + use<>, TestSite) {
    let (run, dir) = build(content, extra);
    let run = run.ok();
    let stderr = run.stderr.clone();
    (stderr, move |p: &str| run.page(p), dir)
}

/// The story pages a built site holds (not its listing pages), as paths
/// relative to it.
fn story_pages(dir: &TestSite) -> Vec<String> {
    let listing = ["archive/", "tags/", "categories/", "page/", "authors/"];
    pages(dir)
        .into_iter()
        .filter(|p| !listing.iter().any(|l| p.starts_with(l)) && p != "404.html")
        .collect()
}

/// The pages a built site holds, as paths relative to it.
fn pages(dir: &TestSite) -> Vec<String> {
    let pages = tree(&dir.join("site"))
        .into_keys()
        .map(|p| p.display().to_string());
    pages.filter(|p| p.ends_with(".html")).collect()
}

#[test]
fn a_jekyll_site_builds_every_post_in_posts() {
    let content = fixture("jekyll-site");
    let (stderr, read, dir) = build_site(&content, &[]);
    // .markdown, .mdown and .md alike, at Jekyll's dated addresses; the
    // addresses Jekyll gave them (its categories first) redirect there.
    assert_eq!(
        story_pages(&dir),
        [
            "2014/05/06/harbour-turns-two/index.html",
            "2014/05/06/harbour-turns-two.html",
            "2015/01/20/storm-season-ends/index.html",
            "2016/03/04/ferry-timetable/index.html",
            "index.html",
            "news/2015/01/20/storm-season-ends.html",
            "transport/2016/03/04/ferry-timetable.html"
        ]
    );
    // No title: it comes from the file name, with a warning; the date too.
    let post = content.join("_posts/2014-05-06-harbour-turns-two.markdown");
    assert!(
        stderr.contains(
            "warning: the story has no title; it takes \"Harbour Turns Two\" from its file name"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("--> {}:1:1", post.display())),
        "{stderr}"
    );
    // A `date` Jekyll reads but broadside cannot: the file name's date, with a warning.
    assert!(
        stderr.contains("warning: `date` is not a valid date: \"2014-05-06 08:30:00 2014 -0800\"; the story takes 2014-05-06 from its file name"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("--> {}:4:1", post.display())),
        "{stderr}"
    );
    let first = read("2014/05/06/harbour-turns-two/index.html");
    assert!(
        first.contains("<h1>Harbour Turns Two</h1>")
            && first.contains("<time datetime=\"2014-05-06\">6 May 2014</time>")
    );
    // Newest first on the front page.
    let front = read("index.html");
    let order: Vec<usize> = ["2016/03/04/", "2015/01/20/", "2014/05/06/"]
        .iter()
        .map(|s| {
            front
                .find(&format!("href=\"{s}"))
                .unwrap_or_else(|| panic!("{s} not listed"))
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "newest first");
    // Jekyll's forms: words for tags, a date in UTC, an image table, an excerpt.
    let storm = read("2015/01/20/storm-season-ends/index.html");
    assert!(storm.contains("<time datetime=\"2015-01-20T10:00:00Z\">20 January 2015</time>"));
    assert!(storm.contains("<meta property=\"article:tag\" content=\"harbour\">\n<meta property=\"article:tag\" content=\"storm\">"));
    let ferry = read("2016/03/04/ferry-timetable/index.html");
    assert!(ferry.contains("<figure class=\"lead\">\n<img src=\"data:image/webp;base64,"));
    assert!(
        ferry.contains("alt=\"Boats tied up along the harbour wall\" width=\"64\" height=\"36\">")
    );
    assert!(ferry.contains("<meta name=\"description\" content=\"Sailings every forty minutes, and a late boat on Fridays.\">"));
    // The draft, the post marked `published: false` and the one dated after
    // "now" wait.
    assert!(
        !stderr.contains("regatta") && !stderr.contains("harbour-at-fifty"),
        "named only with --verbose: {stderr}"
    );
}

#[test]
fn stories_left_out_and_unused_files_are_named_with_verbose() {
    let content = fixture("jekyll-site");
    let (run, _dir) = build(&content, &[]);
    let stdout = &run.stdout;
    assert!(
        stdout.ends_with(" (3 stories not built, 3 files not used; --verbose names them)\n"),
        "{stdout}"
    );
    let (stderr, _, _dir) = build_site(&content, &["--verbose"]);
    let at = |p: &str| content.join(p).display().to_string();
    for line in [
        format!(
            "not built: {}: a draft (--drafts builds it)",
            at("_drafts/ferry-strike-rumours.md")
        ),
        format!(
            "not built: {}: marked `published: false` (--drafts builds it)",
            at("_posts/2017-08-09-regatta-results.md")
        ),
        format!(
            "not built: {}: dated 2030-06-01, in the future (--future builds it)",
            at("_posts/2030-06-01-harbour-at-fifty.md")
        ),
        format!(
            "not used: {}: names starting with `_` are not stories",
            at("_config.yml")
        ),
        format!(
            "not used: {}: folders starting with `_` are not read (1 Markdown file in it)",
            at("_includes")
        ),
        format!(
            "not used: {}: folders starting with `_` are not read",
            at("_layouts")
        ),
    ] {
        assert!(stderr.contains(&line), "expected {line:?} in:\n{stderr}");
    }
    assert!(
        !stderr.contains("harbour-wall.png: no story uses it"),
        "the lead image is used: {stderr}"
    );
    // A file of the site's folder that no story uses is published as
    // Jekyll publishes it.
    assert!(
        !stderr.contains("old-masthead.gif: no story uses it"),
        "{stderr}"
    );
    assert!(run.out().join("assets/old-masthead.gif").is_file());
    // --drafts and --future build them.
    let (_, read, dir) = build_site(&content, &["--drafts", "--future"]);
    // Seven pages, and a redirect at Jekyll's address of each of the five posts.
    assert_eq!(story_pages(&dir).len(), 12, "{:?}", story_pages(&dir));
    assert!(
        read("ferry-strike-rumours/index.html").contains("<h1>Ferry Strike Rumours</h1>"),
        "a Jekyll draft"
    );
    assert!(
        read("index.html").find("2030/06/01/harbour-at-fifty/")
            < read("index.html").find("2017/08/09/regatta-results/")
    );
}

#[test]
fn hugo_front_matter_forms_build() {
    let content = fixture("hugo-forms");
    let (stderr, read, dir) = build_site(&content, &[]);
    assert!(
        stderr.is_empty(),
        "no warning (not even `images`: did you mean `image`?): {stderr}"
    );
    // A bundle keeps its folder's name and both keep their section, as
    // Hugo publishes them; the section's `_index.md` is its listing page.
    assert_eq!(
        story_pages(&dir),
        [
            "index.html",
            "news/0.9-harbour-release/index.html",
            "news/announcing-async-tides/index.html",
            "news/index.html"
        ]
    );
    assert!(read("news/index.html").contains(">Harbour Tools News</h1>"));
    // Blank lines and spaces before `---`; `images`: the first is the lead.
    let release = read("news/0.9-harbour-release/index.html");
    assert!(release.contains("<h1>harbour-fmt 0.9: Faster Tide Tables</h1>"));
    assert!(release.contains("<figure class=\"lead\">\n<img src=\"data:image/webp;base64,"));
    assert!(
        release.contains("Updated <time datetime=\"2020-11-02\">2 November 2020</time>"),
        "lastmod is updated"
    );
    // JSON front matter, `summary` as the description, a date in UTC.
    let json = read("news/announcing-async-tides/index.html");
    assert!(json.contains(
        "<meta name=\"description\" content=\"Tide tables can now be read without blocking.\">"
    ));
    assert!(json.contains("<time datetime=\"2021-02-03T09:00:00Z\">3 February 2021</time>"));
    assert!(json.contains("<meta property=\"article:tag\" content=\"async\">"));
    // The draft and the expired notice wait, until asked for.
    let (stderr, _, _dir) = build_site(&content, &["--verbose"]);
    let at = |p: &str| content.join(p).display().to_string();
    assert!(
        stderr.contains(&format!(
            "not built: {}: a draft (--drafts builds it)",
            at("news/harbour-fmt-1.0-plans.md")
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "not built: {}: past its expiry date, 2019-04-01 (--expired builds it)",
            at("news/old-notice/index.md")
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("_index.md"), "a section is used: {stderr}");
    assert!(
        stderr.contains(&format!(
            "not used: {}: no story uses it",
            at("news/0.9-harbour-release/chart.svg")
        )),
        "{stderr}"
    );
    let (_, read, dir) = build_site(&content, &["--drafts", "--expired"]);
    // Four stories, the front page and the section's page.
    assert_eq!(story_pages(&dir).len(), 6);
    let notice = read("news/old-notice/index.html");
    assert!(notice.contains(
        "<meta name=\"description\" content=\"The east quay is closed until the end of March.\">"
    ));
}

#[test]
fn inline_markdown_in_a_title_is_rendered_in_the_headline_only() {
    let (_, read, _dir) = build_site(&fixture("hugo-forms"), &[]);
    let page = read("news/announcing-async-tides/index.html");
    assert!(page.contains("<h1>Announcing <code>async fn</code> in Tide Tables</h1>"));
    assert!(
        page.contains("<title>Announcing async fn in Tide Tables | Harbour Tools News</title>")
    );
    assert!(
        page.contains(
            "<meta property=\"og:title\" content=\"Announcing async fn in Tide Tables\">"
        )
    );
    assert!(
        page.contains(
            "<meta name=\"twitter:title\" content=\"Announcing async fn in Tide Tables\">"
        )
    );
    assert!(page.contains("\"headline\":\"Announcing async fn in Tide Tables\""));
    assert!(!page.contains('`'), "no backtick is left anywhere");
    let front = read("index.html");
    assert!(front.contains(">Announcing <code>async fn</code> in Tide Tables</a></h2>"));
}

#[test]
fn undated_stories_take_the_date_their_address_holds_and_blank_pages_are_not_stories() {
    let content = fixture("undated-archive");
    let (stderr, read, dir) = build_site(&content, &["--verbose"]);
    // A page with neither a title nor text (drawn by a Zola template of its
    // own) is not a story: named with --verbose, not an error.
    let blank = content.join("releases/latest.md");
    assert!(
        stderr.contains(&format!(
            "not used: {}: it has neither a title nor any text",
            blank.display()
        )),
        "{stderr}"
    );
    assert!(
        !story_pages(&dir).iter().any(|p| p.contains("latest")),
        "{:?}",
        story_pages(&dir)
    );
    let front = read("index.html");
    let order: Vec<usize> = [
        "2021/03/15/announcing-harbour-fmt/",
        "inside-harbour/2020/07/27/tide-gauge-testing/",
        "2019-11-04-quay-lights/",
        "2021/04/harbour-history/",
    ]
    .iter()
    .map(|s| {
        front
            .find(&format!("href=\"{s}"))
            .unwrap_or_else(|| panic!("{s} not listed"))
    })
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "newest first, the one with no date anywhere last:\n{front}"
    );
    let gauge = read("inside-harbour/2020/07/27/tide-gauge-testing/index.html");
    assert!(gauge.contains("<time datetime=\"2020-07-27\">27 July 2020</time>"));
    let lights = read("2019-11-04-quay-lights/index.html");
    assert!(lights.contains("<time datetime=\"2019-11-04\">4 November 2019</time>"));
    assert!(
        !read("2021/04/harbour-history/index.html").contains("<time"),
        "a year and month are no date"
    );
}

/// What a language decides on a page: the `<html>` element, the
/// `og:locale`, and the whole body.
fn language_parts(page: &str) -> String {
    let head: Vec<&str> = page
        .lines()
        .filter(|l| l.starts_with("<html") || l.contains("og:locale"))
        .collect();
    let body = page.find("<body>").map_or("", |at| &page[at..]);
    // No-break spaces shown, so the snapshot says where they are.
    format!("{}\n{body}", head.join("\n"))
        .replace('\u{202F}', "⟨NNBSP⟩")
        .replace('\u{A0}', "⟨NBSP⟩")
}

/// The fixture story in each language, with quotes nested two deep, an
/// apostrophe, a date, a number with its unit and a code span holding
/// quotes: set as that language sets them.
#[test]
fn stories_in_each_language_read_right() {
    for lang in ["de", "fr", "ru", "ja", "zh", "ar", "he"] {
        let (page, _dir) = build_ok(&fixture(&format!("web/{lang}")));
        insta::assert_snapshot!(format!("language_{lang}"), language_parts(&page));
        // Code spans keep their straight quotes, in every language.
        assert!(
            page.contains("\": \""),
            "{lang}: a code span lost its quotes"
        );
        assert!(
            page.contains("<time datetime=\"2020-01-04\">"),
            "{lang}: datetime stays ISO 8601"
        );
    }
    let page = |lang: &str| build_ok(&fixture(&format!("web/{lang}"))).0;
    let de = page("de");
    assert!(de.contains(
        "„Mein Vater sagte immer: ‚Das schaffen wir nie‘, und ich hätt’s ihm fast geglaubt.“"
    ));
    assert!(
        de.contains("4. Januar 2020")
            && de.contains("Diesen Artikel teilen:")
            && de.contains("12\u{A0}km")
    );
    assert!(de.contains("<meta property=\"og:locale\" content=\"de_DE\">"));
    let fr = page("fr");
    assert!(
        fr.contains("«\u{202F}Nous avons longtemps attendu\u{202F}»")
            && fr.contains("maintenant\u{202F}?")
    );
    assert!(fr.contains("4 janvier 2020"));
    let ja = page("ja");
    assert!(
        ja.contains("「父はいつも『絶対に無理だ』と言っていました」")
            && ja.contains("2020年1月4日")
    );
    let ar = page("ar");
    assert!(ar.contains("<html lang=\"ar\" dir=\"rtl\">") && !ar.contains("og:locale"));
    let he = page("he");
    assert!(
        he.contains("<html lang=\"he-IL\" dir=\"rtl\">")
            && he.contains("בצה״ל")
            && he.contains("4 בינואר 2020")
    );
}

/// `[strings]` in site.toml replaces the built-in words of any language.
#[test]
fn site_strings_override_the_built_in_words() {
    let site = TestSite::new()
        .file("content/site.toml", "name = \"Kurier\"\nlanguage = \"de\"\n[strings]\nmore_from = \"Weiteres aus dem {site}\"\nshare_this_article = \"Teilen:\"\n")
        .file("content/a.md", "+++\ntitle = \"A\"\n+++\n\nText.\n")
        .file("content/b.md", "+++\ntitle = \"B\"\n+++\n\nText.\n");
    let page = site.build(&[]).ok().page("a/index.html");
    assert!(
        page.contains(">Weiteres aus dem Kurier</h2>") && page.contains(">Teilen: <span"),
        "{page}"
    );
    assert!(
        page.contains("Veröffentlicht von Kurier."),
        "the rest stays German"
    );
    let site = site.file("content/site.toml", "[strings]\nmore_form = \"x\"\n");
    assert_eq!(
        site.build(&[]).code(),
        Some(1),
        "a misspelt phrase name is an error"
    );
}

#[test]
fn jekyll_liquid_tags_render_and_unknown_ones_are_left_out() {
    let content = fixture("template-tags-jekyll");
    let (stderr, read, dir) = build_site(&content, &[]);
    let post = read("2019/04/02/tide-tables-released/index.html");
    let body = body_of(&post);
    // {% highlight ruby %} is a code block in Ruby, its quotes straight.
    assert!(body.contains("<code class=\"language-ruby\">"), "{body}");
    assert!(
        untagged(body)
            .contains("gauge = Tide::Gauge.new(\"east-quay\")\nputs \"Level: #{gauge.level}\"\n"),
        "{body}"
    );
    assert!(
        !body.contains("<blockquote") && !body.contains('“'),
        "{body}"
    );
    // {% raw %} shows its inside as written, in a code span or a code block.
    assert!(
        body.contains("<code>{{ page.title }}</code>")
            && body.contains("<code>{% for tide in site.tides %}</code>"),
        "{body}"
    );
    assert!(body.contains("<code class=\"language-liquid\">"), "{body}");
    assert!(
        untagged(body).contains("{% for tide in site.tides %}{{ tide.level }}{% endfor %}"),
        "{body}"
    );
    // post_url and link lead to the post's page, the anchor kept; site.url, site.baseurl, relative_url.
    assert!(body.contains("<a href=\"../../../../2018/11/05/quay-reopens/index.html#the-new-wall\">the quay reopened</a>"), "{body}");
    assert!(
        body.contains("<a href=\"../../../../2018/11/05/quay-reopens/index.html\">same story</a>"),
        "{body}"
    );
    assert!(
        body.contains("<a href=\"https://harbour.example/blog/\">our site</a>"),
        "{body}"
    );
    assert!(
        body.contains("<a href=\"/blog/images/logo.png\">logo</a>"),
        "{body}"
    );
    // A root-relative image is found in the Jekyll site's folder.
    assert!(
        body.contains("<img src=\"data:image/webp;base64,"),
        "{body}"
    );
    // Comments go; tags broadside does not render go too, each named.
    assert!(
        !body.contains("changelog")
            && !body.contains("release-note")
            && !body.contains("site.repository"),
        "{body}"
    );
    assert!(
        body.contains("<p>Issues go to /issues, as always.</p>"),
        "{body}"
    );
    let file = content
        .join("_posts/2019-04-02-tide-tables-released.md")
        .display()
        .to_string();
    for (tag, place) in [
        ("{% include release-note.html version=\"2.0\" %}", "32:1"),
        ("{{ site.repository }}", "34:14"),
    ] {
        assert!(stderr.contains(&format!("warning: the template tag `{tag}` is not one broadside renders; it is left out of the page\n  --> {file}:{place}")), "{stderr}");
    }
    // permalink: honoured, and its old `.html` address redirects.
    assert_eq!(
        story_pages(&dir),
        [
            "2018/11/05/quay-reopens/index.html",
            "2018/11/05/quay-reopens.html",
            "2019/04/02/tide-tables-released/index.html",
            "index.html"
        ]
    );
    let redirect = read("2018/11/05/quay-reopens.html");
    assert!(redirect.contains("<meta http-equiv=\"refresh\" content=\"0; url=../../../2018/11/05/quay-reopens/index.html\">"), "{redirect}");
    assert!(redirect.contains("<link rel=\"canonical\" href=\"https://harbour.example/blog/2018/11/05/quay-reopens/\">"), "{redirect}");
    assert!(
        redirect.contains(
            "<a href=\"../../../2018/11/05/quay-reopens/index.html\">The East Quay Reopens</a>"
        ),
        "{redirect}"
    );
    assert!(redirect.contains("Content-Security-Policy"), "{redirect}");
}

#[test]
fn hugo_shortcodes_render_and_bundles_keep_their_addresses() {
    let content = fixture("template-tags-hugo/content");
    let (stderr, read, dir) = build_site(&content, &[]);
    // The bundle keeps its folder name (dots and all) and its sections; the alias redirects.
    assert_eq!(
        story_pages(&dir),
        [
            "index.html",
            "news/0.30-relnotes/index.html",
            "news/2021/0.91.2-relnotes/index.html",
            "news/storm-warning/index.html",
            "release-notes/index.html"
        ]
    );
    let redirect = read("release-notes/index.html");
    assert!(
        redirect.contains("content=\"0; url=../news/0.30-relnotes/index.html\""),
        "{redirect}"
    );
    let page = read("news/0.30-relnotes/index.html");
    let body = body_of(&page);
    // ref and relref, by file (anchor kept) and by bundle folder.
    assert!(
        body.contains(
            "<a href=\"../../news/storm-warning/index.html#when-to-stay-in\">storm warning</a>"
        ),
        "{body}"
    );
    assert!(
        body.contains("<a href=\"../../news/2021/0.91.2-relnotes/index.html\">next release</a>"),
        "{body}"
    );
    // figure: the bundle's image, inlined, captioned.
    assert!(
        body.contains("<figure><img src=\"data:image/webp;base64,"),
        "{body}"
    );
    assert!(
        body.contains("alt=\"Boats along the east quay\" title=\"The east quay. Monday, at dawn\""),
        "{body}"
    );
    assert!(
        body.contains("<figcaption>The east quay. Monday, at dawn</figcaption></figure>"),
        "{body}"
    );
    assert!(body.contains("<code class=\"language-go\">"), "{body}");
    assert!(
        untagged(body).contains("level := gauge.Read(\"east-quay\")\n"),
        "{body}"
    );
    // youtube, vimeo and gist: plain links, no frame, no script.
    assert!(body.contains("<p><a href=\"https://www.youtube.com/watch?v=w7Ft2ymGmfc\">Video on YouTube (w7Ft2ymGmfc)</a></p>"), "{body}");
    assert!(body.contains("<p><a href=\"https://vimeo.com/146022717\">Video on Vimeo: The quay from the air</a></p>"), "{body}");
    assert!(body.contains("<a href=\"https://gist.github.com/harbourmaster/7896402#file-tides-go\">Gist by harbourmaster: tides.go</a>"), "{body}");
    assert!(
        !page.contains("<iframe") && !page.contains("<script src"),
        "{page}"
    );
    // Unknown shortcodes go (a paired one keeps its inside); an escaped one is shown in code.
    assert!(
        body.contains("<p>Thanks to  for the release notes.</p>")
            && body.contains("<p>The old gauge still works.</p>"),
        "{body}"
    );
    assert!(
        body.contains("<code class=\"language-go-html-template\">{{&lt; figure src=")
            && untagged(body).contains("{{< figure src=\"quay.png\" >}}"),
        "{body}"
    );
    assert!(
        !body.contains("{{&lt; gh") && !body.contains("note &gt;}}"),
        "{body}"
    );
    let file = content
        .join("news/0.30-relnotes/index.md")
        .display()
        .to_string();
    assert!(stderr.contains(&format!("`{{{{< gh \"@mara\" >}}}}` is not one broadside renders; it is left out of the page\n  --> {file}:26:11")), "{stderr}");
    assert!(stderr.contains(&format!("`{{{{< note >}}}}` is not one broadside renders; it is left out of the page; what it encloses is kept\n  --> {file}:28:1")), "{stderr}");
    // Root-relative images and `images:` come from the site's static/ folder.
    assert!(
        body.contains("<img src=\"data:image/webp;base64,"),
        "{body}"
    );
    assert!(
        page.contains("<figure class=\"lead\">\n<img src=\"data:image/webp;base64,"),
        "{page}"
    );
    // One found nowhere here is left on the site's server (remote images are allowed), with a warning.
    assert!(
        body.contains(
            "<img src=\"/images/poster-0.29.png\" alt=\"Poster of 0.29\" decoding=\"async\">"
        ),
        "{body}"
    );
    assert!(stderr.contains(&format!("warning: the image `/images/poster-0.29.png` is not in the content folder; the page refers to it at `/images/poster-0.29.png` on the site's server\n  --> {file}:40:50")), "{stderr}");
}

#[test]
fn zola_shortcodes_links_by_file_and_images_of_other_bundles() {
    let content = fixture("template-tags-zola/content");
    let (stderr, read, dir) = build_site(&content, &[]);
    assert_eq!(
        story_pages(&dir),
        [
            "index.html",
            "inside-harbour/2024/05/07/tide-chart/index.html",
            "inside-harbour/2024/05/07/tide-chart.html",
            "inside-harbour/2024/06/01/gauge-update/index.html",
            "quay-lights/index.html"
        ]
    );
    let update = read("inside-harbour/2024/06/01/gauge-update/index.html");
    let body = body_of(&update);
    // @/…: the page of that file, anchor kept; from the content folder.
    assert!(body.contains("<a href=\"../../../../../inside-harbour/2024/05/07/tide-chart/index.html#readings\">chart of the tides</a>"), "{body}");
    assert!(
        body.contains("<a href=\"../../../../../quay-lights/index.html\">the quay lights</a>"),
        "{body}"
    );
    // An image written against the pages' addresses is the other bundle's file (an SVG with a DOCTYPE).
    assert!(
        body.contains("<figure><img src=\"data:image/svg+xml;base64,"),
        "{body}"
    );
    assert!(
        body.contains("alt=\"Bars of the tide levels\" width=\"120\" height=\"60\""),
        "{body}"
    );
    assert!(body.contains("<p><a href=\"https://www.youtube.com/watch?v=w7Ft2ymGmfc\">Video on YouTube (w7Ft2ymGmfc)</a></p>"), "{body}");
    assert!(body.contains("<code class=\"language-rust\">"), "{body}");
    assert!(
        untagged(body).contains("let level = gauge.read();\n"),
        "{body}"
    );
    assert!(
        body.contains("<code>{{ youtube(id=\"…\") }}</code>"),
        "{body}"
    );
    assert!(
        !body.contains("sponsor") && !body.contains("Harbour Board"),
        "{body}"
    );
    let file = content
        .join("inside-harbour/gauge-update/index.md")
        .display()
        .to_string();
    assert!(stderr.contains(&format!("`{{{{ sponsor(name=\"Harbour Board\") }}}}` is not one broadside renders; it is left out of the page\n  --> {file}:19:1")), "{stderr}");
    // figure as a Zola call; a relative link to a .md file.
    let chart = read("inside-harbour/2024/05/07/tide-chart/index.html");
    assert!(
        chart.contains("<figcaption>Spring tides, May 2024</figcaption>"),
        "{chart}"
    );
    let lights = read("quay-lights/index.html");
    assert!(
        lights.contains(
            "<a href=\"../inside-harbour/2024/06/01/gauge-update/index.html\">gauge update</a>"
        ),
        "{lights}"
    );
    let redirect = read("inside-harbour/2024/05/07/tide-chart.html");
    assert!(
        redirect.contains("url=../../../../inside-harbour/2024/05/07/tide-chart/index.html"),
        "{redirect}"
    );
}

/// The `<style>` of a page and the `style-src` hash its policy allows.
fn style_and_policy(page: &str) -> (&str, String) {
    let style = page
        .split_once("<style>")
        .and_then(|(_, s)| s.split_once("</style>"))
        .map(|(s, _)| s)
        .unwrap();
    let page = page.replace("&#39;", "'");
    let csp = page
        .split_once("style-src ")
        .and_then(|(_, s)| s.split_once(';'))
        .map(|(s, _)| s)
        .unwrap();
    (style, csp.to_string())
}

fn sha256_source(text: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(text.as_bytes()))
    )
}

#[test]
fn code_blocks_are_highlighted_with_only_the_rules_they_use() {
    let (page, _dir) = build_ok(&fixture("web/code"));
    for lang in [
        "rust", "toml", "sh", "python", "js", "html", "json", "yaml", "diff", "css",
    ] {
        let block = format!("<pre class=\"code\" tabindex=\"0\"><code class=\"language-{lang}\">");
        let at = page
            .find(&block)
            .unwrap_or_else(|| panic!("no highlighted {lang} block"));
        let code = &page[at..at + page[at..].find("</pre>").unwrap()];
        assert!(
            code.contains("<span class=\"h"),
            "{lang} has no token: {code}"
        );
    }
    // An unknown language is plain code, not an error.
    assert!(
        page.contains("<pre><code class=\"language-tidescript\">HIGH 14:05 2.5m\n</code></pre>")
    );
    assert!(
        page.contains("<span class=\"hd\">-    let amplitude = 2.4;"),
        "diff lines are classed"
    );
    // The stylesheet has the code block's rules and only the classes used,
    // and the policy allows exactly that stylesheet.
    let (style, csp) = style_and_policy(&page);
    assert!(
        style.starts_with(".code{white-space:pre;overflow-x:auto"),
        "{style}"
    );
    for used in [".hk{", ".hs{", ".hc{", ".hi{", ".hd{"] {
        assert!(style.contains(used), "{used} missing");
    }
    let classes_in_page: Vec<&str> = [
        "hk", "hs", "hc", "hn", "he", "hf", "ht", "hg", "ha", "hi", "hd", "hh",
    ]
    .into_iter()
    .filter(|c| page.contains(&format!("<span class=\"{c}\">")))
    .collect();
    for class in [
        "hk", "hs", "hc", "hn", "he", "hf", "ht", "hg", "ha", "hi", "hd", "hh",
    ] {
        assert_eq!(
            style.contains(&format!(".{class}{{")),
            classes_in_page.contains(&class),
            "{class}"
        );
    }
    assert_eq!(csp, sha256_source(style));
}

#[test]
fn a_long_story_gets_a_table_of_contents_and_math_as_mathml() {
    let (page, _dir) = build_ok(&fixture("web/long-toc"));
    let toc = &page[page
        .find("<nav class=\"toc\" aria-label=\"Contents\">")
        .expect("a table of contents")..];
    let toc = &toc[..toc.find("</nav>").unwrap()];
    assert!(
        toc.contains(
            "<li><a href=\"#the-storm\">The storm</a><ol>\n<li><a href=\"#the-storm-the-details\">"
        ),
        "{toc}"
    );
    for id in [
        "what-the-gauges-said",
        "the-ferry",
        "repairs",
        "what-comes-next",
    ] {
        assert!(
            toc.contains(&format!("href=\"#{id}\"")) && page.contains(&format!("<h2 id=\"{id}\">")),
            "{id}"
        );
    }
    assert!(
        page.contains("<math display=\"block\"><semantics><mrow><mi>E</mi>"),
        "display math"
    );
    assert!(page.contains("<math display=\"inline\">"), "inline math");
    assert!(page.contains(
        "<annotation encoding=\"application/x-tex\">E = \\frac{1}{8} \\rho g H^2</annotation>"
    ));
    let (style, csp) = style_and_policy(&page);
    assert!(style.starts_with(".toc{") && csp == sha256_source(style));

    // Fewer than three headings, or no `toc = true`: no table of contents.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("s.md"),
        "+++\ntitle = \"T\"\ntoc = true\n+++\n\n## A\n\ntext\n\n## B\n\ntext\n",
    )
    .unwrap();
    let (page, _out) = build_ok(dir.path());
    assert!(!page.contains("class=\"toc\"") && !page.contains(".toc{"));
}

#[test]
fn a_formula_that_does_not_parse_is_an_error_at_its_line_and_prices_are_not_math() {
    let dir = tempfile::tempdir().unwrap();
    let story = "+++\ntitle = \"T\"\nmath = true\n+++\n\nFine: $x^2$.\n\nBroken: $\\nosuchcommand{a}$ here.\n";
    std::fs::write(dir.path().join("s.md"), story).unwrap();
    let (run, _out) = build(dir.path(), &[]);
    let stderr = &run.stderr;
    assert_eq!(run.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("s.md:8:") && stderr.contains("does not parse"),
        "{stderr}"
    );
    // Without `math = true` (the default), dollars are text.
    std::fs::write(
        dir.path().join("s.md"),
        "+++\ntitle = \"T\"\n+++\n\nTickets cost $5-$10.\n",
    )
    .unwrap();
    let (page, _out) = build_ok(dir.path());
    assert!(page.contains("Tickets cost $5-$10.") && !page.contains("<math"));
}

/// A content folder of `n` stories with tags, one a day from `start`.
fn tagged_site(n: usize, start: (i32, u32, u32), site_toml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("site.toml"), site_toml).unwrap();
    for i in 0..n {
        let day = chrono::NaiveDate::from_ymd_opt(start.0, start.1, start.2).unwrap()
            + chrono::Days::new(i as u64);
        let tags = if i % 3 == 0 {
            "[\"Rust\", \"Harbour News\"]"
        } else {
            "[\"Harbour News\"]"
        };
        let story = format!(
            "+++\ntitle = \"Story {i}\"\ndate = {day}\ntags = {tags}\ncategories = [\"Local\"]\n+++\n\nThe text of story {i}.\n"
        );
        std::fs::write(dir.path().join(format!("story-{i:04}.md")), story).unwrap();
    }
    dir
}

#[test]
fn tags_get_pages_the_front_page_is_paged_and_the_archive_goes_by_year() {
    let content = tagged_site(
        45,
        (2023, 12, 1),
        "name = \"Gazette\"\n[front]\nper_page = 20\n",
    );
    let (_, read, dir) = build_site(content.path(), &["--base-url", "https://gazette.example/"]);
    // The front page: the 20 newest; then the full pages, numbered from
    // the oldest (page/1/ the oldest 20, page/2/ the next 20), linked both
    // ways; the 5 newest are on the front page alone.
    let front = read("index.html");
    assert_eq!(front.matches("<li><article>").count(), 20);
    assert!(front.contains("href=\"story-0044/index.html\"") && !front.contains("story-0024/"));
    assert!(
        front.contains("<link rel=\"next\" href=\"page/2/index.html\">")
            && !front.contains("rel=\"prev\"")
    );
    let page2 = read("page/2/index.html");
    assert!(page2.contains("<link rel=\"prev\" href=\"../../index.html\">"));
    assert!(page2.contains("<a rel=\"next\" href=\"../../page/1/index.html\">Older →</a>"));
    assert_eq!(page2.matches("<li><article>").count(), 20);
    assert!(
        page2.contains("href=\"../../story-0039/index.html\"")
            && page2.contains("href=\"../../story-0020/index.html\"")
            && page2.contains("<span>Page 2</span>"),
        "{page2}"
    );
    let page1 = read("page/1/index.html");
    assert_eq!(page1.matches("<li><article>").count(), 20);
    assert!(
        page1.contains("href=\"../../story-0000/index.html\"") && !page1.contains("rel=\"next\"")
    );
    assert!(page1.contains("<link rel=\"prev\" href=\"../../page/2/index.html\">"));
    // Tags: every tag with its count; each tag's stories newest first, with a feed.
    let tags = read("tags/index.html");
    assert!(
        tags.contains(
            "<a href=\"harbour-news/index.html\">Harbour News</a> <span class=\"count\">(45)</span>"
        ),
        "{tags}"
    );
    assert!(
        tags.contains("<a href=\"rust/index.html\">Rust</a> <span class=\"count\">(15)</span>")
    );
    let rust = read("tags/rust/index.html");
    assert!(rust.contains("Stories tagged <span class=\"term\">Rust</span>"));
    let (newest, older) = (
        rust.find("story-0042/").unwrap(),
        rust.find("story-0039/").unwrap(),
    );
    assert!(newest < older && !rust.contains("story-0041/"));
    assert!(rust.contains("href=\"https://gazette.example/tags/rust/atom.xml\""));
    let feed_text = read("tags/rust/atom.xml");
    let feed = roxmltree::Document::parse(&feed_text).expect("a tag's feed is XML");
    assert_eq!(
        feed.descendants()
            .filter(|n| n.has_tag_name("entry"))
            .count(),
        15
    );
    assert!(read("tags/harbour-news/page/2/index.html").contains("<span>Page 2</span>"));
    // Jekyll's categories get the same pages.
    assert!(read("categories/index.html").contains("<a href=\"local/index.html\">Local</a>"));
    assert!(read("categories/local/index.html").contains("story-0044/"));
    // The story's tags link to their pages.
    let story = read("story-0042/index.html");
    assert!(
        story.contains("<a href=\"../tags/harbour-news/index.html\" rel=\"tag\">Harbour News</a>")
    );
    assert!(story.contains("<a href=\"../tags/rust/index.html\" rel=\"tag\">Rust</a>"));
    // The archive: each year, newest first, with its stories.
    let archive = read("archive/index.html");
    let (y2024, y2023) = (
        archive.find(">2024</a>").unwrap(),
        archive.find(">2023</a>").unwrap(),
    );
    assert!(
        y2024 < y2023
            && archive
                .contains("<a href=\"2023/index.html\">2023</a> <span class=\"count\">(31)</span>")
    );
    assert_eq!(
        read("archive/2024/index.html")
            .matches("<li><article>")
            .count(),
        14
    );
    // Every listing page has a policy that allows its stylesheet.
    for page in [
        "index.html",
        "page/2/index.html",
        "tags/index.html",
        "tags/rust/index.html",
        "archive/index.html",
    ] {
        let html = read(page);
        let (style, csp) = style_and_policy(&html);
        assert_eq!(csp, sha256_source(style), "{page}");
    }
    drop(dir);
}

#[test]
fn listing_pages_speak_the_sites_language() {
    let content = tagged_site(
        25,
        (2023, 12, 20),
        "name = \"Kurier\"\nlanguage = \"de\"\n[front]\nper_page = 10\n",
    );
    let (_, read, _dir) = build_site(content.path(), &[]);
    let page2 = read("page/2/index.html");
    for words in [
        "<title>Kurier | Seite 2</title>",
        "<span>Seite 2</span>",
        "← Neuer</a>",
        "Älter →</a>",
        ">Alle Schlagwörter</a>",
        ">Archiv</a>",
        "aria-label=\"Seiten\"",
    ] {
        assert!(page2.contains(words), "{words} in {page2}");
    }
    let rust = read("tags/rust/index.html");
    assert!(
        rust.contains(
            "<h1 class=\"front-title\">Artikel zum Thema <span class=\"term\">Rust</span></h1>"
        ),
        "{rust}"
    );
    assert!(rust.contains("<meta name=\"description\" content=\"Artikel zum Thema Rust. Veröffentlicht von Kurier.\">"), "{rust}");
    assert!(read("tags/index.html").contains("<h1 class=\"front-title\">Schlagwörter</h1>"));
    assert!(read("archive/2024/index.html").contains("Artikel aus dem Jahr 2024"));
    let ja = tagged_site(3, (2024, 1, 1), "name = \"新聞\"\nlanguage = \"ja\"\n");
    let (_, read, _dir) = build_site(ja.path(), &[]);
    assert!(
        read("tags/rust/index.html")
            .contains("<h1 class=\"front-title\">「<span class=\"term\">Rust</span>」の記事</h1>")
    );
}

#[test]
fn every_listing_page_of_two_thousand_stories_stays_under_100_kb() {
    let content = tagged_site(2000, (2015, 1, 1), "name = \"Gazette\"\n");
    let (_, _read, dir) = build_site(content.path(), &[]);
    let site = dir.path().join("site");
    let mut listings = 0;
    for page in pages(&dir).iter().filter(|p| !p.starts_with("story-")) {
        let size = std::fs::metadata(site.join(page)).unwrap().len();
        assert!(size < 100 * 1024, "{page} is {size} bytes");
        listings += 1;
    }
    // 100 front pages, 2 tags pages, 3 tags' pages (100 + 34 + 100), the
    // archive and its years.
    assert!(listings > 300, "{listings} listing pages");
}
