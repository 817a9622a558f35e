//! The imported site's `site.toml`: the outlet's name, language and
//! address from the export, its authors by display name (never their
//! emails), and `[images] allow_remote` when some image stayed remote.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use toml::Value;

use super::wxr::Export;

/// An author's id in `authors = […]` and `[authors.<id>]`: the login,
/// made a slug.
pub(crate) fn author_id(login: &str) -> String {
    let id = slug::slugify(login.trim());
    if id.is_empty() {
        "author".to_string()
    } else {
        id
    }
}

/// `site.toml`. `used` holds the logins that signed an imported story.
pub(crate) fn write(export: &Export, used: &[String], remote_images: bool) -> String {
    let site = &export.site;
    let mut out = String::from(
        "# Imported from a WordPress export by `broadside import wordpress`.\n# Every setting is explained in site.toml of `broadside init`.\n",
    );
    let name = super::text::plain_text(&site.title);
    let _ = writeln!(
        out,
        "name = {}",
        Value::String(if name.is_empty() {
            "broadside".into()
        } else {
            name
        })
    );
    let language = site.language.trim();
    if !language.is_empty() {
        let _ = writeln!(out, "language = {}", Value::String(language.to_string()));
    }
    let description = super::text::plain_text(&site.description);
    if !description.is_empty() {
        let _ = writeln!(out, "description = {}", Value::String(description));
    }
    if let Ok(url) = url::Url::parse(site.link.trim())
        && matches!(url.scheme(), "http" | "https")
    {
        let mut base = url.to_string();
        if !base.ends_with('/') {
            base.push('/');
        }
        out.push_str(
            "# The old site's address, so each story's canonical URL is its old permalink.\n",
        );
        let _ = writeln!(out, "base_url = {}", Value::String(base));
    }
    if remote_images {
        out.push_str("\n[images]\n# Some images were neither in --uploads nor downloadable: pages load them\n# from the old server (see import-report.md). Make them local, then remove this.\nallow_remote = true\n");
    }
    let names: BTreeMap<String, String> = export
        .authors
        .iter()
        .map(|a| {
            let name = a.display_name.trim();
            let name = if name.is_empty() {
                a.login.trim()
            } else {
                name
            };
            (author_id(&a.login), name.to_string())
        })
        .collect();
    let mut ids: Vec<String> = used.iter().map(|l| author_id(l)).collect();
    ids.sort();
    ids.dedup();
    for id in ids {
        let name = names.get(&id).cloned().unwrap_or_else(|| id.clone());
        let _ = writeln!(
            out,
            "\n[authors.{}]\nname = {}",
            key(&id),
            Value::String(name)
        );
    }
    out
}

/// A TOML key: bare when it can be.
fn key(id: &str) -> String {
    if id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        id.to_string()
    } else {
        Value::String(id.to_string()).to_string()
    }
}
