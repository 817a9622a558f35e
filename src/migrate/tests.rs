//! Finding the source site from its files.

use super::*;

fn write(root: &Path, name: &str, text: &str) {
    let path = root.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn find(content: &Path) -> SourceSite {
    SourceSite::find(content, &SourceConfig::default()).unwrap()
}

#[test]
fn jekyll_from_its_config() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "_config.yml",
        "url: \"https://tides.example.org/\"\nbaseurl: /news\npermalink: pretty\nexclude: [drafts-old]\n",
    );
    let site = find(root);
    assert_eq!(site.generator, Some(Generator::Jekyll));
    assert_eq!(site.url.as_deref(), Some("https://tides.example.org/news"));
    assert_eq!(site.permalink.as_deref(), Some("pretty"));
    assert_eq!(site.exclude, ["drafts-old"]);
    assert_eq!(site.feeds, ["feed.xml"]);
    assert_eq!(site.heading_ids(), "kramdown");
}

#[test]
fn zola_and_hugo_from_the_folder_above_content() {
    let dir = tempfile::tempdir().unwrap();
    let zola = dir.path().join("zola");
    write(
        &zola,
        "config.toml",
        "base_url = \"https://quay.example.org\"\nfeed_filenames = [\"feed.xml\", \"releases.json\"]\n[markdown]\nbottom_footnotes = true\n",
    );
    write(&zola, "content/posts/a.md", "+++\ntitle = \"A\"\n+++\n");
    let site = find(&zola.join("content/posts"));
    assert_eq!(site.generator, Some(Generator::Zola));
    assert_eq!(site.url.as_deref(), Some("https://quay.example.org"));
    assert_eq!(site.feeds, ["feed.xml"]);
    assert_eq!(site.bottom_footnotes, Some(true));
    assert_eq!(site.heading_ids(), "zola");

    let hugo = dir.path().join("hugo");
    write(
        &hugo,
        "hugo.toml",
        "baseURL = \"https://harbour.example.org/\"\n",
    );
    write(
        &hugo,
        "config/_default/markup.toml",
        "[goldmark.extensions]\nlinkify = false\n",
    );
    write(&hugo, "content/en/news/a.md", "---\ntitle: A\n---\n");
    let site = find(&hugo.join("content/en/news"));
    assert_eq!(site.generator, Some(Generator::Hugo));
    assert_eq!(site.url.as_deref(), Some("https://harbour.example.org"));
    assert_eq!(site.feeds, ["index.xml"]);
    assert!(!site.linkify);
    assert_eq!(site.heading_ids(), "github");
}

#[test]
fn site_toml_names_the_source() {
    let dir = tempfile::tempdir().unwrap();
    let config = SourceConfig {
        generator: Some("Jekyll".into()),
        url: Some("https://old.example.org/".into()),
        heading_ids: Some("github".into()),
    };
    let site = SourceSite::find(dir.path(), &config).unwrap();
    assert_eq!(site.generator, Some(Generator::Jekyll));
    assert_eq!(site.url.as_deref(), Some("https://old.example.org"));
    assert_eq!(site.heading_ids(), "github");
    let none = find(dir.path());
    assert_eq!(none.generator, None);
    assert_eq!(none.heading_ids(), "broadside");
    let bad = SourceConfig {
        generator: Some("wordpress".into()),
        ..SourceConfig::default()
    };
    assert!(SourceSite::find(dir.path(), &bad).is_err());
}
