//! The generator a site was moved from (Jekyll, Hugo or Zola), found from
//! the files around the content folder or named in `site.toml`, and what
//! broadside keeps of it so readers' old links still answer: the old site's
//! address (its `url`, `baseURL` or `base_url`), a post's old address
//! (Jekyll's `permalink`, `jekyll`), the feed's old address, the site
//! folder's own files (`statics`), and the Markdown dialect's heading ids.
//!
//! The source's settings are read once, when the site is read; a setting it
//! cannot read is taken as unset (its own generator would have refused it).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::config::SourceConfig;
use crate::error::Diagnostic;
use crate::markdown::HeadingIds;

pub(crate) mod jekyll;
mod statics;

pub(crate) use jekyll::old_address;
pub(crate) use statics::static_files;

/// The generators broadside knows the ways of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generator {
    Jekyll,
    Hugo,
    Zola,
}

impl Generator {
    fn named(name: &str) -> Option<Generator> {
        match name.to_ascii_lowercase().as_str() {
            "jekyll" => Some(Generator::Jekyll),
            "hugo" => Some(Generator::Hugo),
            "zola" => Some(Generator::Zola),
            _ => None,
        }
    }
}

/// The site a content folder was moved from.
#[derive(Debug, Clone, Default)]
pub struct SourceSite {
    pub generator: Option<Generator>,
    /// The source site's folder: the content folder for Jekyll, the folder
    /// holding `content/` for Hugo and Zola.
    pub root: PathBuf,
    /// The old site's address (`https://blog.example.com/news`), no `/` at
    /// the end.
    pub url: Option<String>,
    /// Jekyll's `permalink` (a style name or a pattern).
    pub permalink: Option<String>,
    /// Jekyll's `exclude` list, added to its defaults.
    pub exclude: Vec<String>,
    /// Whether Jekyll's `timezone` is set (dates then keep their day).
    pub timezone: bool,
    /// The feed's addresses on the old site (`feed.xml`, `index.xml`).
    pub feeds: Vec<String>,
    /// Zola's `[markdown] bottom_footnotes`.
    pub bottom_footnotes: Option<bool>,
    /// Hugo's Goldmark `linkify`.
    pub linkify: bool,
    /// How heading ids are made: `broadside`, `kramdown`, `github`, `zola`.
    pub heading_ids: Option<String>,
}

impl SourceSite {
    /// The source of the site in `content_dir`: named by `[source]` in
    /// site.toml, else found from its files.
    pub fn find(content_dir: &Path, config: &SourceConfig) -> Result<SourceSite, Diagnostic> {
        let named = match config.generator.as_deref() {
            Some(name) => Some(Generator::named(name).ok_or_else(|| {
                Diagnostic::error(format!("[source] generator `{name}` is not one broadside knows"))
                    .in_file(content_dir.join("site.toml"))
                    .help("write generator = \"jekyll\", \"hugo\" or \"zola\", or leave it out to find it from the site's files")
            })?),
            None => None,
        };
        let mut site = detect(content_dir, named).unwrap_or_default();
        if named.is_some() {
            site.generator = named;
        }
        if let Some(url) = &config.url {
            site.url = Some(url.trim_end_matches('/').to_string());
        }
        if let Some(ids) = &config.heading_ids {
            if HeadingIds::named(ids).is_none() {
                return Err(Diagnostic::error(format!(
                    "[source] heading_ids `{ids}` is not a style broadside knows"
                ))
                .in_file(content_dir.join("site.toml"))
                .help("write heading_ids = \"kramdown\" (Jekyll), \"github\" (Hugo), \"zola\" or \"broadside\""));
            }
            site.heading_ids = Some(ids.clone());
        }
        Ok(site)
    }

    /// The style of heading ids, for the Markdown renderer.
    pub fn heading_style(&self) -> HeadingIds {
        HeadingIds::named(self.heading_ids()).unwrap_or_default()
    }

    /// The style of heading ids: site.toml's, else the generator's.
    pub fn heading_ids(&self) -> &str {
        match (&self.heading_ids, self.generator) {
            (Some(ids), _) => ids,
            (None, Some(Generator::Jekyll)) => "kramdown",
            (None, Some(Generator::Hugo)) => "github",
            (None, Some(Generator::Zola)) => "zola",
            (None, None) => "broadside",
        }
    }
}

/// The source site found around `content_dir`, if any.
fn detect(content_dir: &Path, named: Option<Generator>) -> Option<SourceSite> {
    let jekyll_config = ["_config.yml", "_config.yaml"]
        .iter()
        .map(|n| content_dir.join(n))
        .find(|p| p.is_file());
    if let Some(file) = jekyll_config.filter(|_| named.is_none_or(|g| g == Generator::Jekyll)) {
        return Some(jekyll::read_config(content_dir, &file));
    }
    if named == Some(Generator::Jekyll) {
        return Some(SourceSite {
            generator: Some(Generator::Jekyll),
            root: content_dir.to_path_buf(),
            feeds: vec!["feed.xml".into()],
            ..SourceSite::default()
        });
    }
    let real = content_dir.canonicalize().ok()?;
    let root = real
        .ancestors()
        .find(|a| a.file_name().is_some_and(|n| n == "content"))?
        .parent()?;
    let read = |name: &str| -> Option<Value> {
        let text = std::fs::read_to_string(root.join(name)).ok()?;
        if name.ends_with(".toml") {
            toml::from_str(&text).ok()
        } else {
            serde_saphyr::from_str(&text).ok()
        }
    };
    let hugo_files = [
        "hugo.toml",
        "hugo.yaml",
        "hugo.yml",
        "config.yaml",
        "config.yml",
        "config/_default/hugo.toml",
        "config/_default/config.toml",
    ];
    let zola = read("config.toml").filter(|c| c.get("base_url").is_some());
    if let Some(config) = zola.filter(|_| named.is_none_or(|g| g == Generator::Zola)) {
        return Some(zola_site(root, &config));
    }
    let hugo = hugo_files
        .iter()
        .find_map(|n| read(n))
        .or_else(|| read("config.toml"));
    let hugo = hugo.filter(|_| named.is_none_or(|g| g == Generator::Hugo))?;
    let markup = read("config/_default/markup.toml")
        .map(|m| serde_json::json!({ "markup": m }))
        .unwrap_or_default();
    Some(hugo_site(root, &hugo, &markup))
}

fn zola_site(root: &Path, config: &Value) -> SourceSite {
    let feeds = match config.get("feed_filenames").and_then(Value::as_array) {
        Some(names) => names
            .iter()
            .filter_map(Value::as_str)
            .filter(|n| n.ends_with(".xml"))
            .map(str::to_string)
            .collect(),
        None => vec![
            config
                .get("feed_filename")
                .and_then(Value::as_str)
                .unwrap_or("atom.xml")
                .to_string(),
        ],
    };
    SourceSite {
        generator: Some(Generator::Zola),
        root: root.to_path_buf(),
        url: string(config, &["base_url"]),
        feeds,
        bottom_footnotes: config
            .pointer("/markdown/bottom_footnotes")
            .and_then(Value::as_bool),
        ..SourceSite::default()
    }
}

fn hugo_site(root: &Path, config: &Value, markup: &Value) -> SourceSite {
    let goldmark = |key: &str| {
        [config, markup]
            .iter()
            .find_map(|c| c.pointer(&format!("/markup/goldmark/{key}")).cloned())
    };
    let linkify = goldmark("extensions/linkify")
        .and_then(|v| v.as_bool())
        .unwrap_or(true);
    let ids = goldmark("parser/autoHeadingIDType")
        .and_then(|v| v.as_str().map(str::to_string))
        .map(|t| {
            if t == "blackfriday" {
                t
            } else {
                "github".into()
            }
        });
    SourceSite {
        generator: Some(Generator::Hugo),
        root: root.to_path_buf(),
        url: string(config, &["baseURL", "baseurl", "baseUrl"]),
        feeds: vec!["index.xml".into()],
        linkify,
        heading_ids: ids,
        ..SourceSite::default()
    }
}

/// The source site's own files to publish as they are, and its feed
/// addresses to publish the feed at too; one that would take the place of
/// a file broadside makes is left out, with a warning.
/// `taken` holds the paths of the files the site makes of its stories.
pub(crate) fn published(
    site: &SourceSite,
    mut taken: HashSet<String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<(String, PathBuf)>, Vec<String>) {
    taken.extend(
        ["index.html", "atom.xml", "sitemap.xml"]
            .iter()
            .map(|s| s.to_string()),
    );
    let mut files = static_files(site);
    files.retain(|(path, file)| {
        let free = !taken.contains(path);
        if !free {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "the site's file `{path}` is not published: broadside writes a page there"
                ))
                .in_file(file)
                .help("rename the file, or move the page (`path`, `slug`) if the file should stay"),
            );
        }
        free
    });
    taken.extend(files.iter().map(|(p, _)| p.clone()));
    let feeds = site
        .feeds
        .iter()
        .filter(|f| !taken.contains(f.as_str()))
        .cloned()
        .collect();
    (files, feeds)
}

/// The first of `keys` in `config` that is a string, without a `/` at the end.
fn string(config: &Value, keys: &[&str]) -> Option<String> {
    keys.iter()
        .find_map(|k| config.get(*k).and_then(Value::as_str))
        .map(|s| s.trim_end_matches('/').to_string())
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests;
