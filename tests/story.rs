//! The story page end to end: the real binary over fixture folders.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use common::tree;

mod common;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// Builds `content` into a fresh temporary folder.
fn build(content: &Path, extra: &[&str]) -> (Output, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let output = Command::cargo_bin("broadside")
        .unwrap()
        .current_dir(repo())
        .env("NO_COLOR", "1")
        // "Now" for stories dated in the future or expired: 2026-01-01.
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .arg("build")
        .arg("--content")
        .arg(content)
        .arg("--out")
        .arg(out.path().join("site"))
        .args(extra)
        .output()
        .unwrap();
    (output, out)
}

fn build_ok(content: &Path) -> (String, tempfile::TempDir) {
    let (output, dir) = build(content, &[]);
    assert!(
        output.status.success(),
        "build of {} failed:\n{}",
        content.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let page = std::fs::read_to_string(dir.path().join("site/index.html")).unwrap();
    (page, dir)
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
    let text = text.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
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
    assert!(page.contains(&format!("<h1>{title}</h1>")), "headline missing");
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
    assert!(text.contains(&plain_quotes(&format!("Share this article: {title}"))), "share bar heading");
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
    let (output, dir) = build(&repo().join("content"), &["--templates", "templates"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let built = tree(&dir.path().join("site"));
    let committed = tree(&repo().join("dist"));
    let manifest = String::from_utf8_lossy(&built[Path::new(".broadside-manifest")]).into_owned();
    assert!(manifest.starts_with("broadside manifest 1: ") && manifest.ends_with("\nindex.html\n"), "{manifest}");
    assert_eq!(
        built.keys().collect::<Vec<_>>(),
        committed.keys().collect::<Vec<_>>(),
        "dist/ holds other files than a build makes: run `cargo run --release` and commit dist/"
    );
    for (path, bytes) in &built {
        assert!(committed[path] == *bytes, "dist/{} is stale: run `cargo run --release` and commit dist/", path.display());
    }
}

#[test]
fn toml_and_yaml_front_matter_read_alike() {
    for name in ["toml-front-matter", "yaml-front-matter"] {
        let (page, _dir) = build_ok(&fixture(name));
        assert!(page.contains("<h1>Council Approves New Library</h1>"), "{name}");
        assert!(page.contains("<p class=\"standfirst\">The city council voted 7–2 to fund a new central library.</p>"), "{name}");
        assert!(page.contains("<time datetime=\"2024-05-02T09:30:00+01:00\">2 May 2024</time>"), "{name}");
        assert!(page.contains("By Ana Ruiz"), "{name}");
        assert!(page.contains("<meta property=\"article:tag\" content=\"libraries\">"), "{name}");
        assert!(page.contains("\"datePublished\":\"2024-05-02T09:30:00+01:00\""), "{name}");
    }
    let (toml, _dir) = build_ok(&fixture("toml-front-matter"));
    assert!(toml.contains("<html lang=\"en-GB\">"));
    assert!(toml.contains("By Ana Ruiz, Tom Berg"));
    assert!(toml.contains("Updated <time datetime=\"2024-05-03\">3 May 2024</time>"));
    assert!(toml.contains("\"dateModified\":\"2024-05-03\""));
}

#[test]
fn a_zola_post_builds_as_it_is() {
    let (output, dir) = build(&fixture("zola-post"), &[]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(output.stderr.is_empty(), "Zola's own keys are not warned about: {}", String::from_utf8_lossy(&output.stderr));
    let page = std::fs::read_to_string(dir.path().join("site/index.html")).unwrap();
    assert!(page.contains("<h1>Winter Solstice Brings Crowds to the Stones</h1>"));
    assert!(page.contains("By Mira Patel"));
    assert!(page.contains("<meta property=\"article:tag\" content=\"heritage\">"), "taxonomies.tags are the tags");
    assert!(page.contains("<h2 id=\"at-the-stones\">At the stones</h2>"));
}

#[test]
fn local_images_are_inlined_with_their_sizes() {
    let (page, _dir) = build_ok(&fixture("images-inlined"));
    assert!(page.contains("<figure class=\"lead\">\n<img src=\"data:image/png;base64,"));
    assert!(page.contains("alt=\"Boats tied up along the harbour wall\" width=\"64\" height=\"36\">"));
    assert!(page.contains("<figcaption>The harbour on Monday morning.</figcaption>"));
    // An image alone in its paragraph is a figure captioned by its title.
    assert!(page.contains("<figure><img src=\"data:image/svg+xml;base64,"));
    assert!(page.contains("width=\"120\" height=\"60\" decoding=\"async\"><figcaption>Arrivals by day</figcaption></figure>"));
    // An image inside a sentence stays inline.
    assert!(page.contains("<p>The gate logo <img src=\"data:image/gif;base64,"));
    assert!(page.contains("alt=\"gate logo\" width=\"20\" height=\"10\""));
    assert!(!page.contains("src=\"lead.png\"") && !page.contains("src=\"chart.svg\""));
}

#[test]
fn footnotes_tables_and_other_extensions() {
    let (page, _dir) = build_ok(&fixture("footnotes-and-tables"));
    assert!(page.contains("<sup class=\"footnote-reference\" id=\"fnref-turnout\"><a href=\"#fn-turnout\">1</a></sup>"));
    assert!(page.contains("<div class=\"footnote-definition\" id=\"fn-turnout\">"));
    assert!(page.contains("href=\"#fnref-turnout\""));
    assert!(page.contains("<th scope=\"col\" class=\"align-right\">Turnout</th>"));
    assert!(page.contains("<td class=\"align-center\">+6.1</td>"));
    assert!(page.contains("<del>Provisional</del>"));
    assert!(page.contains("<input type=\"checkbox\" disabled checked aria-label=\"Done\">"));
    assert!(!page.contains(" style="), "no inline styles: the CSP forbids them");
}

/// The story body of a built page, without the page around it.
fn body_of(page: &str) -> &str {
    let start = page.find("class=\"story-body\">").expect("a story body");
    let end = page[start..].find("<section class=\"share\"").map_or(page.len(), |i| start + i);
    &page[start..end]
}

#[test]
fn images_inside_text_links_lists_and_tables_lose_nothing() {
    let (page, _dir) = build_ok(&fixture("images-in-text"));
    let body = body_of(&page);
    // What follows an image is kept: text, the link's end, the item's, the cell's.
    assert!(body.contains("<p>Build status <img src=\"data:image/png;base64,"), "{body}");
    assert!(body.contains("alt=\"passing\" width=\"64\" height=\"36\" decoding=\"async\"> is green.</p>"), "{body}");
    assert!(body.contains("decoding=\"async\"></a></p>\n<p>The paragraph after the linked logo stays outside the link.</p>"), "{body}");
    assert!(body.contains("decoding=\"async\"></li>\n<li>Second crossing</li>\n</ul>"), "{body}");
    assert!(body.contains("decoding=\"async\"></td></tr>\n<tr><td>South</td>"), "{body}");
    // Remote images too.
    assert!(body.contains("<td><img src=\"https://example.com/badge.png\" alt=\"remote badge\" decoding=\"async\"></td></tr>"), "{body}");
    assert!(body.contains("alt=\"remote badge\" decoding=\"async\"> in a sentence, then the rest of it.</p>"), "{body}");
    assert_eq!(body.matches("<a ").count(), body.matches("</a>").count(), "{body}");
}

#[test]
fn a_link_to_a_local_file_publishes_it_beside_the_page_or_is_left_out() {
    let content = fixture("linked-local-files");
    let (output, dir) = build(&content, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let site = dir.path().join("site");
    // The chart's link works: the file is published beside the page.
    let page = std::fs::read_to_string(site.join("harbour/index.html")).unwrap();
    assert!(page.contains("<p><a href=\"chart.png\"><img src=\"data:image/png;base64,"), "{page}");
    assert_eq!(
        std::fs::read(site.join("harbour/chart.png")).unwrap(),
        std::fs::read(content.join("harbour/chart.png")).unwrap()
    );
    // A file outside the story's folder is not published: its link goes, with a warning.
    assert!(page.contains("<p>The raw notes are kept by the harbour office.</p>"), "{page}");
    assert!(!dir.path().join("site/shared").exists() && !site.join("notes.txt").exists());
    assert!(
        stderr.contains("warning: the link `../shared/notes.txt` points to a file outside the story's folder, which is not published with the page; the link is left out"),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("--> {}:10:17", content.join("harbour/index.md").display())), "{stderr}");
    assert!(stderr.contains("help: move the file into the story's folder"), "{stderr}");
    // A link to no file is left for `check` to report.
    assert!(page.contains("<a href=\"minutes.pdf\">minutes</a>"), "{page}");
}

#[test]
fn a_raw_img_without_alt_gets_an_empty_one_and_a_warning() {
    let content = fixture("raw-img-without-alt");
    let (output, dir) = build(&content, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let page = std::fs::read_to_string(dir.path().join("site/index.html")).unwrap();
    assert!(body_of(&page).contains("<img alt=\"\" src=\"data:image/png;base64,"), "{page}");
    assert_eq!(stderr.matches("warning:").count(), 1, "{stderr}");
    assert!(stderr.contains("warning: the image `pixel.png` has no description: its <img> tag has no alt attribute"), "{stderr}");
    assert!(stderr.contains(&format!("--> {}:9:1", content.join("story.md").display())), "{stderr}");
    assert!(stderr.contains("help: say what the picture shows"), "{stderr}");
}

#[test]
fn headings_start_at_h2_and_skip_no_level() {
    let (page, _dir) = build_ok(&fixture("headings-from-h3"));
    let body = body_of(&page);
    assert!(body.contains("<h2 id=\"weekdays\">Weekdays</h2>"), "{body}");
    assert!(body.contains("<h3 id=\"reading-rooms\">Reading rooms</h3>"), "{body}");
    assert!(body.contains("<h3 id=\"study-booths\">Study booths</h3>"), "{body}");
    assert!(body.contains("<h2 id=\"weekends\">Weekends</h2>"), "{body}");
    assert!(!body.contains("<h4") && !body.contains("<h5"), "{body}");
}

#[test]
fn kramdown_attribute_lists_definition_lists_and_named_anchors() {
    let (page, _dir) = build_ok(&fixture("kramdown-post"));
    let body = body_of(&page);
    // The attribute lists are gone; the image with one is still a figure, with its class.
    assert!(!body.contains("{:"), "{body}");
    assert!(body.contains("<figure class=\"center\"><img src=\"data:image/png;base64,"), "{body}");
    assert!(body.contains("<figcaption>The planned route</figcaption></figure>"), "{body}");
    assert!(body.contains("see <a href=\"#tool\">the tool</a> for the timetable.\n</p>"), "{body}");
    assert!(!body.contains("<p></p>"), "a paragraph of attribute lists goes whole: {body}");
    // Term / : Definition is a definition list.
    assert!(body.contains("<dl>\n<dt>Tram</dt>\n<dd>A rail vehicle that runs on the street.</dd>"), "{body}");
    // <a name> keeps its target as an id.
    assert!(body.contains("<a id=\"tool\"></a>"), "{body}");
    assert!(!body.contains("name="), "{body}");
}

#[test]
fn unknown_keys_are_kept_and_near_misses_warned() {
    let (output, dir) = build(&fixture("unknown-keys"), &[]);
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unknown front matter key `descripton`: did you mean `description`?"), "{stderr}");
    assert!(stderr.contains("unknown-keys/story.md:3:1"), "{stderr}");
    assert!(!stderr.contains("mood"), "a key that is no near miss is kept quietly: {stderr}");
    assert!(dir.path().join("site/index.html").is_file());
}

#[test]
fn many_stories_give_a_page_each_a_front_page_a_feed_and_a_sitemap() {
    let (output, dir) = build(&fixture("many-stories"), &[]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let site = dir.path().join("site");
    let read = |p: &str| std::fs::read_to_string(site.join(p)).unwrap();
    let front = read("index.html");
    let order: Vec<usize> = ["story-4/", "story-3/", "story-2/", "story-1/", "notice/"]
        .iter()
        .map(|s| front.find(&format!("href=\"{s}index.html\"")).unwrap_or_else(|| panic!("{s} not listed")))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "front page lists newest first, undated last");

    // Each footer: the other stories newest first, up to the count (3).
    let story2 = read("story-2/index.html");
    let footer = &story2[story2.find("more-from-heading").unwrap()..];
    let links: Vec<&str> = footer.match_indices("href=\"").map(|(i, _)| &footer[i + 6..i + 6 + footer[i + 6..].find('"').unwrap()]).collect();
    assert_eq!(links, ["../story-4/index.html", "../story-3/index.html", "../story-1/index.html"]);
    let notice = read("notice/index.html");
    assert!(notice.contains("<link rel=\"canonical\" href=\"https://gazette.example/notice/\">"));

    // The feed parses and has Atom's required elements.
    let feed_text = read("atom.xml");
    let feed = roxmltree::Document::parse(&feed_text).expect("atom.xml is XML");
    let root = feed.root_element();
    assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2005/Atom"));
    for required in ["id", "title", "updated"] {
        assert!(root.children().any(|n| n.has_tag_name(required)), "feed lacks <{required}>");
    }
    let entries: Vec<_> = root.children().filter(|n| n.has_tag_name("entry")).collect();
    assert_eq!(entries.len(), 5);
    for entry in &entries {
        for required in ["id", "title", "updated", "link"] {
            assert!(entry.children().any(|n| n.has_tag_name(required)), "entry lacks <{required}>");
        }
    }
    // The sitemap lists every page.
    let sitemap_text = read("sitemap.xml");
    let sitemap = roxmltree::Document::parse(&sitemap_text).expect("sitemap.xml is XML");
    let locs: Vec<&str> = sitemap.descendants().filter(|n| n.has_tag_name("loc")).filter_map(|n| n.text()).collect();
    for page in ["", "story-1/", "story-2/", "story-3/", "story-4/", "notice/"] {
        assert!(locs.contains(&format!("https://gazette.example/{page}").as_str()), "sitemap lacks {page}");
    }
    assert_eq!(locs.len(), 6);
}

#[test]
fn one_story_with_a_base_url_gets_every_share_link() {
    let (output, dir) = build(&repo().join("content"), &["--base-url", "https://news.example/nato/"]);
    assert!(output.status.success());
    let page = std::fs::read_to_string(dir.path().join("site/index.html")).unwrap();
    assert!(page.contains("<link rel=\"canonical\" href=\"https://news.example/nato/\">"));
    for network in ["x", "facebook", "linkedin", "reddit", "email"] {
        assert!(page.contains(&format!("class=\"share-{network}\"")), "{network}");
    }
    assert!(page.contains("https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fnews.example%2Fnato%2F\""));
}

#[test]
fn cli_basics() {
    let bin = || Command::cargo_bin("broadside").unwrap();
    let help = bin().arg("--help").output().unwrap();
    assert!(help.status.success() && String::from_utf8_lossy(&help.stdout).contains("--content"));
    let version = bin().arg("--version").output().unwrap();
    assert!(String::from_utf8_lossy(&version.stdout).starts_with("broadside "));
    let usage = bin().arg("--no-such-flag").output().unwrap();
    assert_eq!(usage.status.code(), Some(2));
    // No subcommand builds content/ into dist/ of the current folder.
    let site = tempfile::tempdir().unwrap();
    copy_dir(&fixture("minimal-site"), &site.path().join("content"));
    let run = bin().current_dir(site.path()).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.starts_with("wrote dist/index.html: "), "one line on success: {stdout}");
    assert_eq!(stdout.lines().count(), 1);
    assert!(site.path().join("dist/index.html").is_file());
}

/// A build that succeeds: its stderr, and a reader of its files.
fn build_site(content: &Path, extra: &[&str]) -> (String, impl Fn(&str) -> String + use<>, tempfile::TempDir) {
    let (output, dir) = build(content, extra);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "build of {} failed:\n{stderr}", content.display());
    let site = dir.path().join("site");
    let read = move |p: &str| std::fs::read_to_string(site.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    (stderr, read, dir)
}

/// The story pages a built site holds (not its listing pages), as paths
/// relative to it.
fn story_pages(dir: &tempfile::TempDir) -> Vec<String> {
    let listing = ["archive/", "tags/", "categories/", "page/"];
    pages(dir).into_iter().filter(|p| !listing.iter().any(|l| p.starts_with(l))).collect()
}

/// The pages a built site holds, as paths relative to it.
fn pages(dir: &tempfile::TempDir) -> Vec<String> {
    let pages = tree(&dir.path().join("site")).into_keys().map(|p| p.display().to_string());
    pages.filter(|p| p.ends_with(".html")).collect()
}

#[test]
fn a_jekyll_site_builds_every_post_in_posts() {
    let content = fixture("jekyll-site");
    let (stderr, read, dir) = build_site(&content, &[]);
    // .markdown, .mdown and .md alike, at Jekyll's dated addresses.
    assert_eq!(
        story_pages(&dir),
        [
            "2014/05/06/harbour-turns-two/index.html",
            "2015/01/20/storm-season-ends/index.html",
            "2016/03/04/ferry-timetable/index.html",
            "index.html"
        ]
    );
    // No title: it comes from the file name, with a warning; the date too.
    let post = content.join("_posts/2014-05-06-harbour-turns-two.markdown");
    assert!(stderr.contains("warning: the story has no title; it takes \"Harbour Turns Two\" from its file name"), "{stderr}");
    assert!(stderr.contains(&format!("--> {}:1:1", post.display())), "{stderr}");
    let first = read("2014/05/06/harbour-turns-two/index.html");
    assert!(first.contains("<h1>Harbour Turns Two</h1>") && first.contains("<time datetime=\"2014-05-06\">6 May 2014</time>"));
    // Newest first on the front page.
    let front = read("index.html");
    let order: Vec<usize> = ["2016/03/04/", "2015/01/20/", "2014/05/06/"]
        .iter()
        .map(|s| front.find(&format!("href=\"{s}")).unwrap_or_else(|| panic!("{s} not listed")))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "newest first");
    // Jekyll's forms: words for tags, a date in UTC, an image table, an excerpt.
    let storm = read("2015/01/20/storm-season-ends/index.html");
    assert!(storm.contains("<time datetime=\"2015-01-20T10:00:00Z\">20 January 2015</time>"));
    assert!(storm.contains("<meta property=\"article:tag\" content=\"harbour\">\n<meta property=\"article:tag\" content=\"storm\">"));
    let ferry = read("2016/03/04/ferry-timetable/index.html");
    assert!(ferry.contains("<figure class=\"lead\">\n<img src=\"data:image/png;base64,"));
    assert!(ferry.contains("alt=\"Boats tied up along the harbour wall\" width=\"64\" height=\"36\">"));
    assert!(ferry.contains("<meta name=\"description\" content=\"Sailings every forty minutes, and a late boat on Fridays.\">"));
    // The draft, the post marked `published: false` and the one dated after
    // "now" wait.
    assert!(!stderr.contains("regatta") && !stderr.contains("harbour-at-fifty"), "named only with --verbose: {stderr}");
}

#[test]
fn stories_left_out_and_unused_files_are_named_with_verbose() {
    let content = fixture("jekyll-site");
    let (output, _dir) = build(&content, &[]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.ends_with(" (3 stories not built, 4 files not used; --verbose names them)\n"), "{stdout}");
    let (stderr, _, _dir) = build_site(&content, &["--verbose"]);
    let at = |p: &str| content.join(p).display().to_string();
    for line in [
        format!("not built: {}: a draft (--drafts builds it)", at("_drafts/ferry-strike-rumours.md")),
        format!("not built: {}: marked `published: false` (--drafts builds it)", at("_posts/2017-08-09-regatta-results.md")),
        format!("not built: {}: dated 2030-06-01, in the future (--future builds it)", at("_posts/2030-06-01-harbour-at-fifty.md")),
        format!("not used: {}: names starting with `_` are not stories", at("_config.yml")),
        format!("not used: {}: folders starting with `_` are not read (1 Markdown file in it)", at("_includes")),
        format!("not used: {}: folders starting with `_` are not read", at("_layouts")),
        format!("not used: {}: no story uses it", at("assets/old-masthead.gif")),
    ] {
        assert!(stderr.contains(&line), "expected {line:?} in:\n{stderr}");
    }
    assert!(!stderr.contains("harbour-wall.png"), "the lead image is used: {stderr}");
    // --drafts and --future build them.
    let (_, read, dir) = build_site(&content, &["--drafts", "--future"]);
    assert_eq!(story_pages(&dir).len(), 7, "{:?}", story_pages(&dir));
    assert!(read("ferry-strike-rumours/index.html").contains("<h1>Ferry Strike Rumours</h1>"), "a Jekyll draft");
    assert!(read("index.html").find("2030/06/01/harbour-at-fifty/") < read("index.html").find("2017/08/09/regatta-results/"));
}

#[test]
fn hugo_front_matter_forms_build() {
    let content = fixture("hugo-forms");
    let (stderr, read, dir) = build_site(&content, &[]);
    assert!(stderr.is_empty(), "no warning (not even `images`: did you mean `image`?): {stderr}");
    assert_eq!(story_pages(&dir), ["0-9-harbour-release/index.html", "announcing-async-tides/index.html", "index.html"]);
    // Blank lines and spaces before `---`; `images`: the first is the lead.
    let release = read("0-9-harbour-release/index.html");
    assert!(release.contains("<h1>harbour-fmt 0.9: Faster Tide Tables</h1>"));
    assert!(release.contains("<figure class=\"lead\">\n<img src=\"data:image/png;base64,"));
    assert!(release.contains("Updated <time datetime=\"2020-11-02\">2 November 2020</time>"), "lastmod is updated");
    // JSON front matter, `summary` as the description, a date in UTC.
    let json = read("announcing-async-tides/index.html");
    assert!(json.contains("<meta name=\"description\" content=\"Tide tables can now be read without blocking.\">"));
    assert!(json.contains("<time datetime=\"2021-02-03T09:00:00Z\">3 February 2021</time>"));
    assert!(json.contains("<meta property=\"article:tag\" content=\"async\">"));
    // The draft and the expired notice wait, until asked for.
    let (stderr, _, _dir) = build_site(&content, &["--verbose"]);
    let at = |p: &str| content.join(p).display().to_string();
    assert!(stderr.contains(&format!("not built: {}: a draft (--drafts builds it)", at("news/harbour-fmt-1.0-plans.md"))), "{stderr}");
    assert!(
        stderr.contains(&format!("not built: {}: past its expiry date, 2019-04-01 (--expired builds it)", at("news/old-notice/index.md"))),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("not used: {}: names starting with `_` are not stories", at("news/_index.md"))), "{stderr}");
    assert!(stderr.contains(&format!("not used: {}: no story uses it", at("news/0.9-harbour-release/chart.svg"))), "{stderr}");
    let (_, read, dir) = build_site(&content, &["--drafts", "--expired"]);
    assert_eq!(story_pages(&dir).len(), 5);
    let notice = read("old-notice/index.html");
    assert!(notice.contains("<meta name=\"description\" content=\"The east quay is closed until the end of March.\">"));
}

#[test]
fn inline_markdown_in_a_title_is_rendered_in_the_headline_only() {
    let (_, read, _dir) = build_site(&fixture("hugo-forms"), &[]);
    let page = read("announcing-async-tides/index.html");
    assert!(page.contains("<h1>Announcing <code>async fn</code> in Tide Tables</h1>"));
    assert!(page.contains("<title>Announcing async fn in Tide Tables | Harbour Tools News</title>"));
    assert!(page.contains("<meta property=\"og:title\" content=\"Announcing async fn in Tide Tables\">"));
    assert!(page.contains("<meta name=\"twitter:title\" content=\"Announcing async fn in Tide Tables\">"));
    assert!(page.contains("\"headline\":\"Announcing async fn in Tide Tables\""));
    assert!(!page.contains('`'), "no backtick is left anywhere");
    let front = read("index.html");
    assert!(front.contains(">Announcing <code>async fn</code> in Tide Tables</a></h2>"));
}

#[test]
fn undated_stories_take_the_date_their_address_holds() {
    let (_, read, _dir) = build_site(&fixture("undated-archive"), &[]);
    let front = read("index.html");
    let order: Vec<usize> = [
        "2021/03/15/announcing-harbour-fmt/",
        "inside-harbour/2020/07/27/tide-gauge-testing/",
        "2019-11-04-quay-lights/",
        "2021/04/harbour-history/",
    ]
    .iter()
    .map(|s| front.find(&format!("href=\"{s}")).unwrap_or_else(|| panic!("{s} not listed")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "newest first, the one with no date anywhere last:\n{front}");
    let gauge = read("inside-harbour/2020/07/27/tide-gauge-testing/index.html");
    assert!(gauge.contains("<time datetime=\"2020-07-27\">27 July 2020</time>"));
    let lights = read("2019-11-04-quay-lights/index.html");
    assert!(lights.contains("<time datetime=\"2019-11-04\">4 November 2019</time>"));
    assert!(!read("2021/04/harbour-history/index.html").contains("<time"), "a year and month are no date");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The `<style>` of a page and the `style-src` hash its policy allows.
fn style_and_policy(page: &str) -> (&str, String) {
    let style = page.split_once("<style>").and_then(|(_, s)| s.split_once("</style>")).map(|(s, _)| s).unwrap();
    let page = page.replace("&#39;", "'");
    let csp = page.split_once("style-src ").and_then(|(_, s)| s.split_once(';')).map(|(s, _)| s).unwrap();
    (style, csp.to_string())
}

fn sha256_source(text: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(text.as_bytes())))
}

#[test]
fn code_blocks_are_highlighted_with_only_the_rules_they_use() {
    let (page, _dir) = build_ok(&fixture("web/code"));
    for lang in ["rust", "toml", "sh", "python", "js", "html", "json", "yaml", "diff", "css"] {
        let block = format!("<pre class=\"code\" tabindex=\"0\"><code class=\"language-{lang}\">");
        let at = page.find(&block).unwrap_or_else(|| panic!("no highlighted {lang} block"));
        let code = &page[at..at + page[at..].find("</pre>").unwrap()];
        assert!(code.contains("<span class=\"h"), "{lang} has no token: {code}");
    }
    // An unknown language is plain code, not an error.
    assert!(page.contains("<pre><code class=\"language-tidescript\">HIGH 14:05 2.5m\n</code></pre>"));
    assert!(page.contains("<span class=\"hd\">-    let amplitude = 2.4;"), "diff lines are classed");
    // The stylesheet has the code block's rules and only the classes used,
    // and the policy allows exactly that stylesheet.
    let (style, csp) = style_and_policy(&page);
    assert!(style.starts_with(".code{white-space:pre;overflow-x:auto"), "{style}");
    for used in [".hk{", ".hs{", ".hc{", ".hi{", ".hd{"] {
        assert!(style.contains(used), "{used} missing");
    }
    let classes_in_page: Vec<&str> = ["hk", "hs", "hc", "hn", "he", "hf", "ht", "hg", "ha", "hi", "hd", "hh"]
        .into_iter()
        .filter(|c| page.contains(&format!("<span class=\"{c}\">")))
        .collect();
    for class in ["hk", "hs", "hc", "hn", "he", "hf", "ht", "hg", "ha", "hi", "hd", "hh"] {
        assert_eq!(style.contains(&format!(".{class}{{")), classes_in_page.contains(&class), "{class}");
    }
    assert_eq!(csp, sha256_source(style));
}

#[test]
fn a_long_story_gets_a_table_of_contents_and_math_as_mathml() {
    let (page, _dir) = build_ok(&fixture("web/long-toc"));
    let toc = &page[page.find("<nav class=\"toc\" aria-label=\"Contents\">").expect("a table of contents")..];
    let toc = &toc[..toc.find("</nav>").unwrap()];
    assert!(toc.contains("<li><a href=\"#the-storm\">The storm</a><ol>\n<li><a href=\"#the-storm-the-details\">"), "{toc}");
    for id in ["what-the-gauges-said", "the-ferry", "repairs", "what-comes-next"] {
        assert!(toc.contains(&format!("href=\"#{id}\"")) && page.contains(&format!("<h2 id=\"{id}\">")), "{id}");
    }
    assert!(page.contains("<math display=\"block\"><semantics><mrow><mi>E</mi>"), "display math");
    assert!(page.contains("<math display=\"inline\">"), "inline math");
    assert!(page.contains("<annotation encoding=\"application/x-tex\">E = \\frac{1}{8} \\rho g H^2</annotation>"));
    let (style, csp) = style_and_policy(&page);
    assert!(style.starts_with(".toc{") && csp == sha256_source(style));

    // Fewer than three headings, or no `toc = true`: no table of contents.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.md"), "+++\ntitle = \"T\"\ntoc = true\n+++\n\n## A\n\ntext\n\n## B\n\ntext\n").unwrap();
    let (page, _out) = build_ok(dir.path());
    assert!(!page.contains("class=\"toc\"") && !page.contains(".toc{"));
}

#[test]
fn a_formula_that_does_not_parse_is_an_error_at_its_line_and_prices_are_not_math() {
    let dir = tempfile::tempdir().unwrap();
    let story = "+++\ntitle = \"T\"\nmath = true\n+++\n\nFine: $x^2$.\n\nBroken: $\\nosuchcommand{a}$ here.\n";
    std::fs::write(dir.path().join("s.md"), story).unwrap();
    let (output, _out) = build(dir.path(), &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("s.md:8:") && stderr.contains("does not parse"), "{stderr}");
    // Without `math = true` (the default), dollars are text.
    std::fs::write(dir.path().join("s.md"), "+++\ntitle = \"T\"\n+++\n\nTickets cost $5-$10.\n").unwrap();
    let (page, _out) = build_ok(dir.path());
    assert!(page.contains("Tickets cost $5-$10.") && !page.contains("<math"));
}

/// A content folder of `n` stories with tags, one a day from `start`.
fn tagged_site(n: usize, start: (i32, u32, u32), site_toml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("site.toml"), site_toml).unwrap();
    for i in 0..n {
        let day = chrono::NaiveDate::from_ymd_opt(start.0, start.1, start.2).unwrap() + chrono::Days::new(i as u64);
        let tags = if i % 3 == 0 { "[\"Rust\", \"Harbour News\"]" } else { "[\"Harbour News\"]" };
        let story = format!(
            "+++\ntitle = \"Story {i}\"\ndate = {day}\ntags = {tags}\ncategories = [\"Local\"]\n+++\n\nThe text of story {i}.\n"
        );
        std::fs::write(dir.path().join(format!("story-{i:04}.md")), story).unwrap();
    }
    dir
}

#[test]
fn tags_get_pages_the_front_page_is_paged_and_the_archive_goes_by_year() {
    let content = tagged_site(45, (2023, 12, 1), "name = \"Gazette\"\n[front]\nper_page = 20\n");
    let (_, read, dir) = build_site(content.path(), &["--base-url", "https://gazette.example/"]);
    // The front page: the 20 newest, then page/2/ and page/3/, linked both ways.
    let front = read("index.html");
    assert_eq!(front.matches("<li><article>").count(), 20);
    assert!(front.contains("href=\"story-0044/index.html\"") && !front.contains("story-0024/"));
    assert!(front.contains("<link rel=\"next\" href=\"page/2/index.html\">") && !front.contains("rel=\"prev\""));
    let page2 = read("page/2/index.html");
    assert!(page2.contains("<link rel=\"prev\" href=\"../../index.html\">"));
    assert!(page2.contains("<a rel=\"next\" href=\"../../page/3/index.html\">Older →</a>"));
    assert!(page2.contains("href=\"../../story-0024/index.html\"") && page2.contains("Page 2 of 3"));
    let page3 = read("page/3/index.html");
    assert_eq!(page3.matches("<li><article>").count(), 5);
    assert!(!page3.contains("rel=\"next\""));
    // Tags: every tag with its count; each tag's stories newest first, with a feed.
    let tags = read("tags/index.html");
    assert!(tags.contains("<a href=\"harbour-news/index.html\">Harbour News</a> <span class=\"count\">(45)</span>"), "{tags}");
    assert!(tags.contains("<a href=\"rust/index.html\">Rust</a> <span class=\"count\">(15)</span>"));
    let rust = read("tags/rust/index.html");
    assert!(rust.contains("Stories tagged <span class=\"term\">Rust</span>"));
    let (newest, older) = (rust.find("story-0042/").unwrap(), rust.find("story-0039/").unwrap());
    assert!(newest < older && !rust.contains("story-0041/"));
    assert!(rust.contains("href=\"https://gazette.example/tags/rust/atom.xml\""));
    let feed_text = read("tags/rust/atom.xml");
    let feed = roxmltree::Document::parse(&feed_text).expect("a tag's feed is XML");
    assert_eq!(feed.descendants().filter(|n| n.has_tag_name("entry")).count(), 15);
    assert!(read("tags/harbour-news/page/3/index.html").contains("Page 3 of 3"));
    // Jekyll's categories get the same pages.
    assert!(read("categories/index.html").contains("<a href=\"local/index.html\">Local</a>"));
    assert!(read("categories/local/index.html").contains("story-0044/"));
    // The story's tags link to their pages.
    let story = read("story-0042/index.html");
    assert!(story.contains("<a href=\"../tags/harbour-news/index.html\" rel=\"tag\">Harbour News</a>"));
    assert!(story.contains("<a href=\"../tags/rust/index.html\" rel=\"tag\">Rust</a>"));
    // The archive: each year, newest first, with its stories.
    let archive = read("archive/index.html");
    let (y2024, y2023) = (archive.find(">2024</a>").unwrap(), archive.find(">2023</a>").unwrap());
    assert!(y2024 < y2023 && archive.contains("<a href=\"2023/index.html\">2023</a> <span class=\"count\">(31)</span>"));
    assert_eq!(read("archive/2024/index.html").matches("<li><article>").count(), 14);
    // Every listing page has a policy that allows its stylesheet.
    for page in ["index.html", "page/2/index.html", "tags/index.html", "tags/rust/index.html", "archive/index.html"] {
        let html = read(page);
        let (style, csp) = style_and_policy(&html);
        assert_eq!(csp, sha256_source(style), "{page}");
    }
    drop(dir);
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
