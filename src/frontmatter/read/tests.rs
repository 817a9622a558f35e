//! Keys in the forms other generators write them, and their errors.

use std::path::Path;

use crate::frontmatter::{FrontMatter, parse};

fn front(text: &str) -> FrontMatter {
    let split = parse(Path::new("s.md"), text, super::FromName::default())
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert!(split.warnings.is_empty(), "{:?}", split.warnings);
    split.front
}

fn error(text: &str) -> String {
    let e = parse(Path::new("s.md"), text, super::FromName::default()).unwrap_err();
    assert_eq!(e.len(), 1, "{e:?}");
    e[0].to_string()
}

#[test]
fn tags_and_categories_as_words() {
    let f = front("---\ntitle: A\ntags: harbour storm\ncategories: news\ncategory: local\n---\n");
    assert_eq!(f.tags, ["harbour", "storm"]);
    assert_eq!(f.taxonomies["categories"], ["news", "local"]);
    let f = front(
        "+++\ntitle = \"A\"\ncategories = [\"Releases\"]\n[taxonomies]\ncategories = [\"Releases\", \"x\"]\n+++\n",
    );
    assert_eq!(f.taxonomies["categories"], ["Releases", "x"]);
}

#[test]
fn a_number_in_a_list_of_tags_is_named() {
    let e = error("---\ntitle: A\ntags: [2019, release]\n---\n");
    assert!(
        e.starts_with("s.md:3:1: `tags` must be a list of text, but `2019` in it is a number"),
        "{e}"
    );
    assert!(
        e.contains("quote each item: tags: [\"2019\", \"release\"]"),
        "{e}"
    );
    let e = error("+++\ntitle = \"A\"\ntags = 3\n+++\n");
    assert!(
        e.contains("`tags` must be a list of text, e.g. [\"a\", \"b\"], not a number"),
        "{e}"
    );
}

#[test]
fn image_tables_and_hugo_images() {
    for table in [
        "{ path: lead.png, alt: Boats }",
        "{ src: lead.png, alt: Boats }",
        "{ url: lead.png, alt: Boats }",
    ] {
        let f = front(&format!("---\ntitle: A\nimage: {table}\n---\n"));
        assert_eq!(
            (f.image.as_deref(), f.image_alt.as_deref()),
            (Some("lead.png"), Some("Boats"))
        );
    }
    let f = front("---\ntitle: A\nimages:\n- first.png\n- second.png\n---\n");
    assert_eq!(f.image.as_deref(), Some("first.png"));
    assert_eq!(f.extra["images"][1], "second.png");
    let f = front("---\ntitle: A\nimage: own.png\nimages: [first.png]\n---\n");
    assert_eq!(f.image.as_deref(), Some("own.png"));
    let e = error("---\ntitle: A\nimage: { alt: Boats }\n---\n");
    assert!(
        e.contains("s.md:3:1: the `image` table has no `path`, `src` or `url`"),
        "{e}"
    );
}

#[test]
fn other_generators_names_for_known_things() {
    let f = front(
        "---\ntitle: A\nlastmod: 2020-02-01\nsummary: Short.\nexpiryDate: 2021-01-01\npublished: false\n---\n",
    );
    assert_eq!(f.updated.map(|d| d.iso()).as_deref(), Some("2020-02-01"));
    assert_eq!(f.shown.description.as_deref(), Some("Short."));
    assert_eq!(f.expiry.map(|d| d.iso()).as_deref(), Some("2021-01-01"));
    assert!(f.unpublished);
    let f = front("---\ntitle: A\nexcerpt: Shorter.\npublished: 2020-01-01\n---\n");
    assert_eq!(f.shown.description.as_deref(), Some("Shorter."));
    assert!(!f.unpublished && f.extra["published"] == "2020-01-01");
    let f = front("---\ntitle: A\ndescription: D\nsummary: S\n---\n");
    assert_eq!(
        (f.shown.description.as_deref(), f.extra["summary"].as_str()),
        (Some("D"), Some("S"))
    );
}

#[test]
fn inline_markdown_in_the_title() {
    let f = front("---\ntitle: Announcing `async fn` in traits\n---\n");
    assert_eq!(f.title, "Announcing async fn in traits");
    assert_eq!(f.title_html, "Announcing <code>async fn</code> in traits");
}
