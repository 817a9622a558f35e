//! `broadside init`: a new site folder to start from.
//!
//! It holds an example story, a `site.toml` with every setting explained,
//! and a copy of the built-in templates to edit. Nothing that exists is
//! ever overwritten: when any of the files is already there, nothing at all
//! is written.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::config::{DEFAULT_MAX_STORY_BYTES, MoreFromConfig, SHARE_NETWORKS};
use crate::error::Diagnostic;

/// The files of a new site, by their path inside its folder.
pub fn files(today: &str) -> Vec<(String, String)> {
    let mut files = vec![
        ("content/story.md".to_string(), example_story(today)),
        ("content/site.toml".to_string(), site_toml()),
    ];
    files.extend(
        crate::render::default_files()
            .map(|(name, text)| (format!("templates/{name}"), text.to_string())),
    );
    files
}

/// Writes a new site into `dir` (made if missing). Returns the files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let files = files(&today());
    let refuse = |path: &Path| {
        Diagnostic::error(format!(
            "`{}` already exists; broadside init does not overwrite files",
            path.display()
        ))
        .help(
            "run it in a new or empty folder, e.g. `broadside init my-site`, or move the file away",
        )
    };
    // Check everything first, so a refusal leaves the folder as it was.
    for (name, _) in &files {
        let path = dir.join(name);
        if std::fs::symlink_metadata(&path).is_ok() {
            return Err(refuse(&path));
        }
    }
    let mut written = Vec::with_capacity(files.len());
    for (name, text) in &files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                Diagnostic::error(format!(
                    "cannot create the folder `{}`: {e}",
                    parent.display()
                ))
            })?;
        }
        // create_new: a file that appeared since the check is still not overwritten.
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path);
        let result = file.and_then(|mut f| f.write_all(text.as_bytes()));
        match result {
            Ok(()) => written.push(path),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(refuse(&path)),
            Err(e) => {
                return Err(Diagnostic::error(format!(
                    "cannot write `{}`: {e}",
                    path.display()
                )));
            }
        }
    }
    Ok(written)
}

/// Today's date (UTC), or that of `SOURCE_DATE_EPOCH` when it is set.
fn today() -> String {
    chrono::DateTime::from_timestamp(crate::options::Environment::from_process().now(), 0)
        .unwrap_or_default()
        .format("%Y-%m-%d")
        .to_string()
}

fn example_story(today: &str) -> String {
    format!(
        r#"+++
title = "Harbour Bridge Reopens Two Weeks Early"
description = "The town's oldest bridge carried traffic again on Monday after six months of repairs, two weeks ahead of schedule."
date = {today}
authors = ["Your Name"]
tags = ["transport", "local"]
+++

This is an example story made by `broadside init`. Replace it with your own: the block between
the `+++` lines at the top holds the headline and the facts about the story, and everything below
it is Markdown. Run `broadside serve` and the page in your browser follows every save.

The Harbour Bridge reopened to traffic on Monday morning, two weeks earlier than the council had
promised, after six months in which its 1890s iron deck was taken apart, repaired and put back.

"We asked a lot of the people who cross it every day," the council's engineer said at the
reopening. "They get their bridge back a little early."

## What was done

Crews replaced 140 rusted rivets, repainted the whole span and laid a new road surface. The
footpath is now wide enough for wheelchairs and prams to pass each other, which was the most
common request when the town was asked what it wanted.

## What comes next

The temporary ferry stops running on Friday. Read [what was done](#what-was-done) for the
details of the repair.

## Writing your own story

- **Headings** start with `##`; each gets an id, so you can link to it as `#what-comes-next`.
- **Links** are written `[the words](https://example.com/)`.
- **Pictures** go in the content folder beside the story, written as
  `![What the picture shows, for readers who cannot see it](photo.jpg)`; broadside puts the
  picture into the page itself.
- `broadside check` lists anything that needs fixing before you publish, and `broadside`
  writes the finished page to `dist/index.html`.
"#
    )
}

fn site_toml() -> String {
    let networks = SHARE_NETWORKS
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let count = MoreFromConfig::default().count;
    format!(
        r#"# The outlet's settings. Every setting is optional: a setting left out, or
# commented out with # as most are here, keeps the default shown.

# The outlet's name, shown in the masthead and as the publisher.
name = "Your Outlet"

# The language of the stories, as a BCP 47 tag: en, en-GB, fr, pt-BR...
# A story can set its own with `lang` in its front matter.
language = "en"

# Where the built page will live. Without it there is no canonical URL,
# Atom feed or sitemap, and only the share links that work without a URL
# are shown. `broadside --base-url URL` sets it for one build.
# base_url = "https://example.com/news/"

# The outlet's own home page, linked from the masthead.
# home_url = "https://example.com/"

# A line about the outlet, for the front page of a site of several stories.
# description = "News from the harbour town."

# The outlet's logo: an image file in the content folder, or a URL. Search
# engines show it as the publisher's logo; a local file is published beside
# the pages when base_url is set.
# logo = "logo.png"

# The author `broadside new` puts in each new story's front matter.
# author = "Your Name"

# The newsroom's offset from UTC, for the times of live coverage (the
# `## 18:05 Ferries stay in port` headings of a `live = true` story) in
# stories whose `date` names no offset.
# timezone = "+01:00"

[authors]
# The writers. A story's `authors = ["ana-ruiz", "li-wei"]` shows their
# names ("Ana Ruiz and Li Wei"), each linking to the writer's page at
# authors/<id>/ (name, bio, image and their stories, with a feed). An id
# with no entry here is shown as written, with a warning.
# [authors.ana-ruiz]
# name = "Ana Ruiz"
# url = "https://example.com/staff/ana-ruiz/"
# bio = "Ana Ruiz covers the harbour and the town council."
# image = "ana-ruiz.jpg"

[feed]
# Each Atom entry carries the whole story; false keeps the summaries only.
# full = true
# The most entries each feed holds, newest first.
# limit = 50

[robots]
# robots.txt names the sitemaps when base_url is set; these add rules.
# disallow = ["/drafts/"]
# allow = ["/drafts/public/"]
# Crawlers kept out of the whole site, by user agent.
# block = ["GPTBot"]

[share]
# Which share links to show, in this order: any of {networks_plain}.
# networks = [{networks}]

[more_from]
# How many links the "More from" footer shows at most.
# count = {count}
# Links shown after the site's other stories.
# links = [
#   {{ title = "Our home page", url = "https://example.com/" }},
# ]

[front]
# Stories on each listing page of a many-story site (the front page, tag
# pages); more go to page/2/, page/3/, ...
# per_page = 20

[markdown]
# Keep raw HTML in stories as written, unsanitised. Only for content you
# trust completely: otherwise HTML in a story is cleaned of scripts.
# allow_unsafe_html = false
# Read $...$ and $$...$$ as math (MathML) in every story; a story's
# `math = true` or `false` overrides it. Off, prices like $5-$10 stay text.
# math = false

[source]
# The generator this site was moved from: jekyll, hugo or zola. Found from
# the site's files (_config.yml; hugo.toml or Zola's config.toml above a
# content/ folder) when left out; see docs/migrating.md.
# generator = "jekyll"
# The old site's address: links to its pages lead to the new ones.
# url = "https://blog.example.com"
# How heading ids are made: kramdown (Jekyll), github (Hugo), zola, broadside.
# heading_ids = "kramdown"

[images]
# Let stories use images from other servers (http and https URLs). The page
# then makes requests to those servers when it is opened.
# allow_remote = false
# Photos are turned upright, stripped of all metadata (camera, GPS, author),
# converted to sRGB, shrunk to at most this many pixels wide and re-encoded
# as WebP (graphics with few colours: lossless).
# max_width = 1000
# WebP quality of photographs, 1-100.
# quality = 76
# A photo scoring under this in SSIMULACRA2 (70: "high quality") is encoded
# again at a higher quality; 0 turns the check off.
# min_ssimulacra2 = 70
# EXIF fields to keep on purpose: "copyright", "artist". Nothing else is kept.
# keep_metadata = []
# Processed images are cached here (relative to this folder); default: the
# user's cache folder. `broadside build --no-cache` skips the cache.
# cache_dir = "../.broadside-cache"
# The cache is trimmed to this many megabytes after each build.
# cache_max_mb = 1024
# Download http(s) images at build time (cached by URL) and inline them, so
# the page stays one file; a failed download is an error.
# fetch = false
# Downloads larger than this many megabytes, or slower than this many
# seconds, are errors.
# fetch_max_mb = 25
# fetch_timeout = 30

[limits]
# Story files larger than this many bytes are refused.
# max_story_bytes = {DEFAULT_MAX_STORY_BYTES}

[output]
# Your own files at the top of the output folder, which every build keeps
# there as they are. Dotfiles and dot-folders (.git, .nojekyll,
# .well-known) and CNAME always are; name any others here. A build refuses
# to replace an output folder holding a file it did not write and that is
# not kept, rather than delete it.
# keep = ["robots.txt"]

[build]
# Every warning is an error, as `broadside build --strict` makes it (for CI).
# strict = false

[strings]
# The page's own words come in the story's language (en, de, fr, es, it,
# pt, nl, pl, ru, tr, ar, he, ja, zh, ko, hi; others get English). Any of
# them can be replaced here; {{site}}, {{minutes}} and {{authors}} are filled in.
# share_this_article = "Share this article:"
# more_from = "More from {{site}}"
# reading_time = "{{minutes}} min read"
# published_by = "Published by {{site}}."
# by = "By {{authors}}"
# updated = "Updated"
# list_separator = ", "
# email = "Email"
# latest_stories = "Latest stories"
# latest_stories_from = "The latest stories from {{site}}."
# back_to_text = "Back to the text"
# done = "Done"
# not_done = "Not done"
# skip_to_story = "Skip to the story"
"#,
        networks_plain = SHARE_NETWORKS.join(", "),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SiteConfig;

    /// The settings file with every commented-out setting switched on.
    fn uncommented(text: &str) -> String {
        text.lines()
            .map(|line| match line.strip_prefix("# ") {
                Some(rest)
                    if rest.contains(" = ")
                        && rest.split(" = ").next().is_some_and(|k| {
                            k.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                        }) =>
                {
                    rest.to_string()
                }
                Some(rest) if rest.starts_with("  {") || rest == "]" || rest.starts_with('[') => {
                    rest.to_string()
                }
                _ => line.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn site_toml_parses_as_written_and_uncommented() {
        let text = site_toml();
        let config = SiteConfig::parse(&text).expect("site.toml as written");
        assert_eq!(config.name, "Your Outlet");
        let all = uncommented(&text);
        let config = SiteConfig::parse(&all).unwrap_or_else(|d| panic!("{d}\n{all}"));
        assert_eq!(
            config.base_url.as_deref(),
            Some("https://example.com/news/")
        );
        assert_eq!(config.more_from.links.len(), 1);
        assert_eq!(config.limits.max_story_bytes, DEFAULT_MAX_STORY_BYTES);
        assert_eq!(config.output.keep, ["robots.txt"]);
        assert_eq!(config.authors["ana-ruiz"].name, "Ana Ruiz");
        assert_eq!(config.robots.block, ["GPTBot"]);
    }

    #[test]
    fn site_toml_explains_every_setting() {
        fn keys(value: &serde_json::Value, prefix: &str, out: &mut Vec<String>) {
            if let serde_json::Value::Object(map) = value {
                for (k, v) in map {
                    out.push(format!("{prefix}{k}"));
                    if v.is_object() {
                        keys(v, &format!("{k}."), out);
                    }
                }
            }
        }
        let mut all = Vec::new();
        keys(
            &serde_json::to_value(SiteConfig::default()).unwrap(),
            "",
            &mut all,
        );
        let text = site_toml();
        for key in all {
            let (table, name) = key
                .rsplit_once('.')
                .map_or((None, key.as_str()), |(t, n)| (Some(t), n));
            if let Some(table) = table {
                assert!(
                    text.contains(&format!("[{table}]")),
                    "no [{table}] in site.toml"
                );
            }
            let as_setting = text.lines().any(|l| {
                l.trim_start_matches("# ")
                    .starts_with(&format!("{name} = "))
            });
            let as_table = table.is_none() && text.contains(&format!("[{name}]"));
            assert!(as_setting || as_table, "site.toml does not mention `{key}`");
        }
    }

    #[test]
    fn example_story_has_front_matter_and_a_date() {
        let story = example_story("2026-01-15");
        assert!(story.starts_with("+++\ntitle = "));
        assert!(story.contains("date = 2026-01-15\n"));
        assert_eq!(today().len(), 10);
    }
}
