//! The reference of template variables (`docs/templates.md`, "Variables")
//! checked against the data the templates really receive: a site using
//! every feature is rendered, each template's data recorded as JSON, and
//! every field path in it (`page.lead_image.alt`, `share[].url`) must be
//! listed under a heading naming that template, and every path listed must
//! be given to it. A field added to a view model without a line in the
//! guide, or a line left after its field went, fails here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use crate::{BuildOptions, LiveReload};

/// Free-form data of the writer's own: listed, not descended into.
const OPAQUE: &[&str] = &["page.extra", "page.taxonomies"];
/// A nested list with the fields of its parent's items.
const RECURSIVE: &str = "page.toc[].children[]";

const STORY: &str = r#"+++
title = "Harbour Reopens After Storm"
description = "Boats returned on Monday."
date = 2024-03-04T08:00:00Z
updated = 2024-03-05T09:00:00Z
authors = ["Ana Ruiz"]
tags = ["harbour"]
lang = "de-DE"
image = "lead.png"
image_alt = "Boats along the harbour wall"
image_caption = "The harbour on Monday."
aliases = ["/old/harbour/"]
toc = true
kicker = "Storm"
[taxonomies]
categories = ["news"]
+++

## One

### One and a half

## Two

## Three
"#;

const OTHER: &str = "+++\ntitle = \"Ferry Resumes\"\ndate = 2024-03-06\ntags = [\"ferry\"]\n+++\n\nThe ferry runs again.\n";

/// Every template rendered for a rich site, with the data each was given.
fn rendered_data() -> Vec<(String, Value)> {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    std::fs::copy(
        fixtures.join("serve-feed-and-lead-image/lead.png"),
        content.join("lead.png"),
    )
    .unwrap();
    std::fs::write(
        content.join("site.toml"),
        "name = \"Harbour Times\"\nbase_url = \"https://example.com/news/\"\n\
         home_url = \"https://example.com/\"\ndescription = \"News from the harbour.\"\n\
         [more_from]\nlinks = [{ title = \"Home\", url = \"https://example.com/\" }]\n",
    )
    .unwrap();
    std::fs::write(content.join("harbour.md"), STORY).unwrap();
    std::fs::write(content.join("ferry.md"), OTHER).unwrap();
    let mut seen = Vec::new();
    for live_reload in [
        None,
        Some(LiveReload {
            endpoint: "/__broadside/events".into(),
            tag: "1".into(),
        }),
    ] {
        let options = BuildOptions {
            content_dir: content.clone(),
            out_dir: dir.path().join("dist"),
            no_cache: true,
            live_reload,
            ..BuildOptions::default()
        };
        let (site, templates) =
            crate::pipeline::load(&options, &()).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
        site.render_only(&templates, 0, options.live_reload.as_ref(), &(), &|_| true)
            .unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
        seen.extend(templates.seen.into_inner().unwrap());
    }
    seen
}

/// Every field path in `value`, `[]` marking a list's items.
fn paths(value: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                out.insert(path.clone());
                if !OPAQUE.contains(&path.as_str()) {
                    paths(v, &path, out);
                }
            }
        }
        Value::Array(items) if prefix != RECURSIVE.trim_end_matches("[]") => {
            for item in items {
                paths(item, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

/// The guide's variables by template: every path in backticks in the
/// first column of the tables under each `###` heading of "## Variables",
/// for every template the heading names.
fn documented() -> BTreeMap<String, BTreeSet<String>> {
    let guide = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/templates.md");
    let text = std::fs::read_to_string(guide).unwrap();
    let variables = &text[text.find("\n## Variables").expect("## Variables")..];
    let mut by_template: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut templates: Vec<String> = Vec::new();
    for line in variables.lines() {
        if let Some(heading) = line.strip_prefix("### ") {
            templates = code_spans(heading)
                .filter(|s| s.contains('.'))
                .map(str::to_string)
                .collect();
        } else if let Some(row) = line.strip_prefix("| `") {
            let first = row.split(" | ").next().unwrap_or("");
            for name in code_spans(&format!("`{first}")) {
                let name = name.trim_end_matches("[]").to_string();
                for t in &templates {
                    by_template
                        .entry(t.clone())
                        .or_default()
                        .insert(name.clone());
                }
            }
        }
    }
    by_template
}

fn code_spans(text: &str) -> impl Iterator<Item = &str> {
    text.split('`').skip(1).step_by(2)
}

#[test]
fn every_template_variable_is_documented_and_every_documented_one_is_given() {
    let documented = documented();
    let mut given: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (template, data) in rendered_data() {
        paths(&data, "", given.entry(template).or_default());
    }
    let mut problems = Vec::new();
    for (template, paths) in &given {
        let listed = documented.get(template).cloned().unwrap_or_default();
        for path in paths {
            let path = path.trim_end_matches("[]");
            // `page`, `card`: named by the paths under them.
            let parent_of_listed = listed.iter().any(|l| l.starts_with(&format!("{path}.")));
            if !listed.contains(path) && !parent_of_listed {
                problems.push(format!(
                    "{template} gets `{path}`, which docs/templates.md does not list"
                ));
            }
        }
    }
    for (template, listed) in &documented {
        let paths = given.get(template).cloned().unwrap_or_default();
        for path in listed {
            if !paths.contains(path) {
                problems.push(format!(
                    "docs/templates.md lists `{path}` for {template}, which it does not get"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The test sees what matters: the fields issue 29 found missing.
    let story = &given["story.html"];
    for path in [
        "page.og_locale",
        "page.share_image.url",
        "page.dir",
        "live_reload.script",
    ] {
        assert!(story.contains(path), "{path}");
    }
}
