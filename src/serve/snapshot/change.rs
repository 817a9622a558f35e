//! What a batch of changed files asks the server to load again (some
//! stories and the templates, or everything), and what was loaded so far
//! (a save that changes nothing is no change).

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use crate::options::BuildOptions;

/// What a batch of changed files asks for.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Change {
    /// Story files and templates only: load those stories again, and
    /// compile the templates again if any changed.
    Edits {
        stories: Vec<PathBuf>,
        templates: bool,
    },
    /// Load everything.
    Everything,
}

/// Sorts the files `changed` by what they ask the server to load again.
pub(super) fn change_of(changed: &[PathBuf], options: &BuildOptions) -> Change {
    let in_templates = |p: &Path| {
        options
            .templates_dir
            .as_deref()
            .is_some_and(|t| p.starts_with(t) || absolute(p).starts_with(absolute(t)))
    };
    let (templates, others): (Vec<&PathBuf>, Vec<&PathBuf>) =
        changed.iter().partition(|p| in_templates(p));
    if others.iter().all(|p| crate::unbuilt::is_story_file(p)) {
        Change::Edits {
            stories: others.into_iter().cloned().collect(),
            templates: !templates.is_empty(),
        }
    } else {
        Change::Everything
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::env::current_dir()
        .map(|d| d.join(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// What the server loaded, so far.
#[derive(Default)]
pub(super) struct Generation {
    /// How many changes were served.
    pub(super) count: u64,
    /// The next change loads the whole site (after a failure).
    pub(super) reload_all: bool,
    /// The contents (hashed) of the files changed so far, as last loaded:
    /// a save that changes nothing (an editor saving twice) is no change.
    contents: HashMap<PathBuf, Option<u64>>,
}

impl Generation {
    /// Nothing loaded yet: the first load is of the whole site.
    pub(super) fn first() -> Generation {
        Generation {
            reload_all: true,
            ..Generation::default()
        }
    }

    /// Notes what the files `changed` hold now; false when each holds
    /// what it held when last loaded.
    pub(super) fn note(&mut self, changed: &[PathBuf]) -> bool {
        let mut any = false;
        for path in changed {
            let now = std::fs::read(path).ok().map(|bytes| {
                let mut hasher = std::collections::hash_map::DefaultHasher::new();
                bytes.hash(&mut hasher);
                hasher.finish()
            });
            any |= self.contents.insert(path.clone(), now) != Some(now);
        }
        any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_save_that_changes_nothing_is_no_change() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        std::fs::write(&file, "one").unwrap();
        let mut generation = Generation::default();
        assert!(
            generation.note(std::slice::from_ref(&file)),
            "not seen before"
        );
        assert!(
            !generation.note(std::slice::from_ref(&file)),
            "saved again as it was"
        );
        std::fs::write(&file, "two").unwrap();
        assert!(generation.note(std::slice::from_ref(&file)));
        std::fs::remove_file(&file).unwrap();
        assert!(generation.note(std::slice::from_ref(&file)), "deleted");
        assert!(
            !generation.note(std::slice::from_ref(&file)),
            "still deleted"
        );
    }

    #[test]
    fn changes_are_sorted_by_what_they_ask_for() {
        let options = BuildOptions {
            content_dir: "content".into(),
            templates_dir: Some("templates".into()),
            ..BuildOptions::default()
        };
        let paths = |ps: &[&str]| ps.iter().map(PathBuf::from).collect::<Vec<_>>();
        let edits = |stories: &[&str], templates| Change::Edits {
            stories: paths(stories),
            templates,
        };
        assert_eq!(
            change_of(&paths(&["content/a.md", "content/b/index.md"]), &options),
            edits(&["content/a.md", "content/b/index.md"], false)
        );
        assert_eq!(
            change_of(
                &paths(&["templates/story.html", "templates/style.css"]),
                &options
            ),
            edits(&[], true)
        );
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(
            change_of(&[cwd.join("templates/story.html")], &options),
            edits(&[], true)
        );
        assert_eq!(
            change_of(&paths(&["content/a.md", "templates/base.html"]), &options),
            edits(&["content/a.md"], true)
        );
        for everything in [
            &["content/site.toml"][..],
            &["content/lead.png"],
            &["content/a.md", "content/lead.png"],
        ] {
            assert_eq!(
                change_of(&paths(everything), &options),
                Change::Everything,
                "{everything:?}"
            );
        }
    }
}
