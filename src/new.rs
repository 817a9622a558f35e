//! `broadside new "Title"`: a new story file to start writing in.
//!
//! It is `content/<slug>.md`, the slug made from the title as a story's
//! address is (so the file's name is its address), holding TOML front
//! matter: the title, the date and time now (or `SOURCE_DATE_EPOCH`), the
//! site's default author (`author` in `site.toml`) and an empty
//! description. A file that exists is never overwritten.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::config::SiteConfig;
use crate::error::Diagnostic;

/// What the new story says.
#[derive(Debug, Clone)]
pub struct NewStory<'a> {
    pub title: &'a str,
    pub draft: bool,
}

/// Writes the new story into `content_dir`; returns its path.
pub fn new_story(content_dir: &Path, story: &NewStory<'_>) -> Result<PathBuf, Diagnostic> {
    let title = story.title.trim();
    if title.is_empty() {
        return Err(Diagnostic::error("the title is empty")
            .help("give the story its headline: broadside new \"Harbour Reopens After Storm\""));
    }
    if !content_dir.is_dir() {
        return Err(Diagnostic::error(format!(
            "the content folder `{}` does not exist",
            content_dir.display()
        ))
        .help("run broadside new in the site's folder (the one holding content/), name another with --content DIR, or make a site with `broadside init`"));
    }
    let config = SiteConfig::load(content_dir)?;
    let path = content_dir.join(format!("{}.md", crate::content::slugify(title)));
    let text = front_matter(
        title,
        config.author.as_deref(),
        story.draft,
        crate::options::Environment::from_process().now(),
    );
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path);
    match file.and_then(|mut f| f.write_all(text.as_bytes())) {
        Ok(()) => Ok(path),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(Diagnostic::error(format!(
            "`{}` already exists; broadside new does not overwrite a story",
            path.display()
        ))
        .help("edit that story, or give the new one another title")),
        Err(e) => Err(Diagnostic::error(format!(
            "cannot write `{}`: {e}",
            path.display()
        ))),
    }
}

/// The new story's text: TOML front matter and an empty body.
fn front_matter(title: &str, author: Option<&str>, draft: bool, now: i64) -> String {
    let date = chrono::DateTime::from_timestamp(now, 0)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%SZ");
    let authors = author
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(quoted)
        .unwrap_or_default();
    let draft = if draft { "draft = true\n" } else { "" };
    format!(
        "+++\ntitle = {}\ndescription = \"\"\ndate = {date}\nauthors = [{authors}]\n{draft}+++\n\n",
        quoted(title)
    )
}

/// `text` as a TOML basic string. JSON's escapes (`\"`, `\\`, `\n`,
/// `\u0001`, …) are all TOML's too.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter;

    /// The file reads back, through broadside's own front matter reader,
    /// as what was asked for, whatever the title holds.
    #[test]
    fn the_front_matter_reads_back_as_written() {
        for title in [
            "Harbour Reopens After Storm",
            "A \"quoted\" title with a \\ and a # and ''' and +++",
            "Überschwemmung in Köln",
            "港の嵐",
        ] {
            let text = front_matter(title, Some("Ana Ruiz"), true, 1_733_600_000);
            let split = frontmatter::parse(Path::new("new.md"), &text, Default::default())
                .unwrap_or_else(|e| panic!("{e:?}\n{text}"));
            assert!(split.warnings.is_empty(), "{:?}", split.warnings);
            let front = split.front;
            assert_eq!(front.title, title, "{text}");
            assert_eq!(front.authors, ["Ana Ruiz"], "{text}");
            assert!(front.draft && front.shown.description.is_none(), "{text}");
            assert_eq!(
                front.date.map(|d| d.timestamp()),
                Some(1_733_600_000),
                "{text}"
            );
        }
        let text = front_matter("No Author", None, false, 0);
        assert!(
            text.contains("authors = []\n") && !text.contains("draft"),
            "{text}"
        );
    }
}
