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

/// The example story `init` writes (`story.md` beside this file), dated
/// `today`.
fn example_story(today: &str) -> String {
    include_str!("story.md").replace("{today}", today)
}

/// `site.toml` as `init` writes it: every setting, explained, its default
/// shown (`site.toml` beside this file, its `{name}`s filled in).
fn site_toml() -> String {
    let networks = SHARE_NETWORKS
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ");
    include_str!("site.toml")
        .replace("{networks_plain}", &SHARE_NETWORKS.join(", "))
        .replace("{networks}", &networks)
        .replace("{count}", &MoreFromConfig::default().count.to_string())
        .replace("{max_story_bytes}", &DEFAULT_MAX_STORY_BYTES.to_string())
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
