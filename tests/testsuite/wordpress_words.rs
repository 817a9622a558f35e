//! The word comparison of `broadside import wordpress`: every word a
//! WordPress post shows (its HTML, as the export holds it) must be on the
//! page broadside builds from it. Used by `wordpress.rs` on the fixtures
//! and, by hand, on real exports (`real_exports_lose_no_word`).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

/// A published post's words that its page lacks.
#[derive(Debug)]
pub struct Lost {
    pub title: String,
    pub page: String,
    pub words: Vec<String>,
}

/// What the comparison found over a whole export.
#[derive(Debug, Default)]
pub struct Comparison {
    pub posts: usize,
    pub words: usize,
    pub lost: Vec<Lost>,
}

impl Comparison {
    pub fn lost_words(&self) -> usize {
        self.lost.iter().map(|l| l.words.len()).sum()
    }
}

/// Compares each published post and page of `export` with its page in
/// `dist`, found through the story files the import wrote in `content`.
pub fn compare(export: &Path, content: &Path, dist: &Path) -> Comparison {
    let pages = pages_by_id(content);
    let text = std::fs::read_to_string(export).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let mut comparison = Comparison::default();
    for item in doc.descendants().filter(|n| n.has_tag_name("item")) {
        let field = |name: &str| {
            item.children()
                .find(|n| n.tag_name().name() == name)
                .and_then(|n| n.text())
                .unwrap_or("")
                .to_string()
        };
        let content_html = item
            .children()
            .find(|n| {
                n.tag_name().name() == "encoded"
                    && n.tag_name()
                        .namespace()
                        .is_some_and(|ns| ns.contains("content"))
            })
            .and_then(|n| n.text())
            .unwrap_or("")
            .to_string();
        let published = field("status") == "publish" && field("post_password").is_empty();
        if !published || !matches!(field("post_type").as_str(), "post" | "page") {
            continue;
        }
        let id: u64 = field("post_id").parse().unwrap();
        let address = pages
            .get(&id)
            .unwrap_or_else(|| panic!("no story for post {id}"));
        let page_file = dist.join(address).join("index.html");
        let page = std::fs::read_to_string(&page_file)
            .unwrap_or_else(|e| panic!("{}: {e}", page_file.display()));
        let wordpress = count(&words(&wordpress_text(&content_html)));
        let ours = count(&words(&page_text(&page)));
        comparison.posts += 1;
        comparison.words += wordpress.values().sum::<usize>();
        let mut lost = Vec::new();
        for (word, n) in &wordpress {
            let have = ours.get(word).copied().unwrap_or(0);
            for _ in have..*n {
                lost.push(word.clone());
            }
        }
        if !lost.is_empty() {
            comparison.lost.push(Lost {
                title: field("title"),
                page: address.clone(),
                words: lost,
            });
        }
    }
    comparison
}

/// WordPress post id → the address the import gave its story.
fn pages_by_id(content: &Path) -> BTreeMap<u64, String> {
    static PATH: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"(?m)^path = "([^"]*)""#).unwrap());
    static ID: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?m)^wordpress_id = (\d+)").unwrap());
    let mut pages = BTreeMap::new();
    for kind in ["posts", "pages"] {
        let Ok(entries) = std::fs::read_dir(content.join(kind)) else {
            continue;
        };
        for entry in entries {
            let story = std::fs::read_to_string(entry.unwrap().path().join("index.md")).unwrap();
            let path = PATH.captures(&story).unwrap()[1].replace("\\\"", "\"");
            let id = ID.captures(&story).unwrap()[1].parse().unwrap();
            pages.insert(id, path);
        }
    }
    pages
}

/// The text WordPress shows for a post's HTML: block comments and the
/// tags of the shortcodes it expands go; `[[x]]` shows as `[x]`.
fn wordpress_text(html: &str) -> String {
    static SHORTCODE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\[/?(?:caption|wp_caption|gallery|embed|video|audio|youtube)\b[^\]]*\]")
            .unwrap()
    });
    static COMMENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)<!--.*?-->").unwrap());
    let html = COMMENT.replace_all(html, " ");
    let html = SHORTCODE.replace_all(&html, " ");
    strip_tags(&html)
}

/// The text of a built page's story: its `<article>` (the masthead, the
/// share bar and the "More from" list are not the post's words).
fn page_text(html: &str) -> String {
    let start = html
        .find("<article")
        .expect("a story page has an <article>");
    let end = html.rfind("</article>").expect("and its end");
    strip_tags(&html[start..end])
}

fn strip_tags(html: &str) -> String {
    static SCRIPT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?is)<(script|style)\b.*?</(script|style)>").unwrap());
    static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)<[^>]*>").unwrap());
    let html = SCRIPT.replace_all(html, " ");
    decode(&TAG.replace_all(&html, " "))
}

/// Numeric entities and the named ones that carry letters or digits.
fn decode(text: &str) -> String {
    static ENTITY: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);").unwrap());
    ENTITY
        .replace_all(text, |c: &regex::Captures| {
            let name = &c[1];
            let code = if let Some(hex) = name.strip_prefix("#x") {
                u32::from_str_radix(hex, 16).ok()
            } else if let Some(dec) = name.strip_prefix('#') {
                dec.parse().ok()
            } else {
                None
            };
            match code.and_then(char::from_u32) {
                Some(c) => c.to_string(),
                None => " ".to_string(),
            }
        })
        .into_owned()
}

/// Lower-cased runs of letters and digits.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn count(words: &[String]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for word in words {
        *counts.entry(word.clone()).or_insert(0) += 1;
    }
    counts
}
