//! A loaded site brought up to date after stories are edited, for
//! `broadside serve`: each edited story is read and rendered again on its
//! own, with the addresses and Markdown settings the site was loaded with,
//! and put back in site order. An edit that could change another story
//! (a new or deleted story, a new address or old address, a draft
//! published or a story unpublished) asks for the whole site to be loaded
//! again instead.

use std::path::{Path, PathBuf};

use super::{Site, sort_stories};
use crate::content::{self, FileInfo, LoadSettings};
use crate::error::Diagnostic;
use crate::unbuilt::Unpublished;

/// What came of loading edited stories again.
#[derive(Debug)]
pub(crate) enum Update {
    /// The site holds the edits.
    Applied,
    /// The edits may change more than the stories edited: load the whole
    /// site again. The site may hold some of the edits.
    Reload,
    /// A story has errors. The site may hold some of the edits: load the
    /// whole site again once they are fixed.
    Failed(Vec<Diagnostic>),
}

/// Where a story's file is in the site.
enum Place {
    Built(usize),
    Skipped(usize),
}

impl Site {
    /// Loads the stories at `paths` again, when they are stories of the
    /// site that stay where they are.
    pub(crate) fn update_stories(&mut self, paths: &[PathBuf]) -> Update {
        for path in paths {
            match self.update_story(path) {
                Update::Applied => {}
                other => return other,
            }
        }
        sort_stories(&mut self.stories);
        Update::Applied
    }

    fn update_story(&mut self, path: &Path) -> Update {
        let Some(place) = self.place_of(path) else {
            return Update::Reload;
        };
        if !path.is_file() {
            return Update::Reload;
        }
        let file = FileInfo::new(&self.loader.content_dir, path);
        let head = match content::read(&file, self.config.limits.max_story_bytes) {
            Ok(Ok(head)) => head,
            Ok(Err(_)) => return Update::Reload,
            Err(problems) => return Update::Failed(problems),
        };
        let unpublished = Unpublished::of(&head.front, self.loader.now, self.loader.include);
        let i = match (place, unpublished) {
            // A draft edited, and a draft still: nothing a reader sees changes.
            (Place::Skipped(i), Some(why)) => {
                self.skipped[i].why = why;
                let (_, warnings) = head.into_path_and_warnings();
                self.replace_warnings(path, warnings);
                return Update::Applied;
            }
            (Place::Built(i), None) => i,
            _ => return Update::Reload,
        };
        let old = &self.stories[i];
        let url_path = if self.stories.len() == 1 {
            String::new()
        } else {
            match content::url_path_for(&head.front, &file) {
                Ok(url) => url,
                Err(d) => return Update::Failed(vec![d]),
            }
        };
        let redirects_of =
            |front| content::redirects_for(front, &url_path, &file, &self.loader.source).0;
        if url_path != old.url_path || redirects_of(&head.front) != redirects_of(&old.front) {
            return Update::Reload;
        }
        let mut head = head;
        head.url_path = url_path;
        let settings = LoadSettings {
            markdown: &self.loader.markdown,
            max_bytes: self.config.limits.max_story_bytes,
            news: &self.loader.news,
        };
        match content::render(head, &settings, &self.loader.addresses) {
            Ok((mut story, warnings)) => {
                story.redirects = std::mem::take(&mut self.stories[i].redirects);
                self.stories[i] = story;
                self.replace_warnings(path, warnings);
                Update::Applied
            }
            Err(problems) => Update::Failed(problems),
        }
    }

    /// Where the story file at `path` (as the file watcher names it) is.
    fn place_of(&self, path: &Path) -> Option<Place> {
        let absolute = |p: &Path| {
            std::env::current_dir()
                .map(|d| d.join(p))
                .unwrap_or_else(|_| p.to_path_buf())
        };
        let same = |p: &Path| p == path || absolute(p) == path;
        let built = self
            .stories
            .iter()
            .position(|s| same(&s.file.path))
            .map(Place::Built);
        built.or_else(|| {
            self.skipped
                .iter()
                .position(|s| same(&s.path))
                .map(Place::Skipped)
        })
    }

    /// The warnings about the file at `path` are now `warnings`.
    fn replace_warnings(&mut self, path: &Path, warnings: Vec<Diagnostic>) {
        self.warnings.retain(|d| d.path.as_deref() != Some(path));
        self.warnings.extend(warnings);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::Sources;

    fn story(title: &str, date: &str, text: &str) -> String {
        format!("+++\ntitle = \"{title}\"\ndate = {date}\n+++\n\n{text}\n")
    }

    fn load(dir: &Path) -> Site {
        let options = crate::options::BuildOptions {
            content_dir: dir.to_path_buf(),
            ..Default::default()
        };
        let sources = Sources::read(&options).unwrap();
        Site::from_sources(sources, &()).unwrap()
    }

    fn titles(site: &Site) -> Vec<&str> {
        site.stories
            .iter()
            .map(|s| s.front.title.as_str())
            .collect()
    }

    fn site() -> (tempfile::TempDir, Site) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), story("A", "2024-01-01", "First.")).unwrap();
        std::fs::write(dir.path().join("b.md"), story("B", "2024-01-02", "Second.")).unwrap();
        std::fs::write(
            dir.path().join("c.md"),
            "+++\ntitle = \"C\"\ndraft = true\n+++\n\nDraft.\n",
        )
        .unwrap();
        let site = load(dir.path());
        (dir, site)
    }

    #[test]
    fn an_edited_story_is_rendered_again_and_put_in_order() {
        let (dir, mut site) = site();
        assert_eq!(titles(&site), ["B", "A"]);
        let a = dir.path().join("a.md");
        std::fs::write(&a, story("A again", "2024-01-03", "First, *edited*.")).unwrap();
        assert!(matches!(site.update_stories(&[a]), Update::Applied));
        assert_eq!(titles(&site), ["A again", "B"]);
        assert!(
            site.stories[0].body.html.contains("<em>edited</em>"),
            "{}",
            site.stories[0].body.html
        );
        // The same as loading the site anew.
        let fresh = load(dir.path());
        assert_eq!(titles(&fresh), titles(&site));
        assert_eq!(fresh.stories[0].body.html, site.stories[0].body.html);
    }

    #[test]
    fn edits_that_can_change_other_stories_ask_for_a_reload() {
        let (dir, mut site) = site();
        let a = dir.path().join("a.md");
        std::fs::write(
            &a,
            "+++\ntitle = \"A\"\nslug = \"elsewhere\"\n+++\n\nMoved.\n",
        )
        .unwrap();
        assert!(
            matches!(
                site.update_stories(std::slice::from_ref(&a)),
                Update::Reload
            ),
            "a new address"
        );
        std::fs::write(
            &a,
            "+++\ntitle = \"A\"\naliases = [\"/old/\"]\n+++\n\nOld address.\n",
        )
        .unwrap();
        assert!(
            matches!(
                site.update_stories(std::slice::from_ref(&a)),
                Update::Reload
            ),
            "an old address"
        );
        std::fs::write(
            &a,
            "+++\ntitle = \"A\"\ndraft = true\n+++\n\nUnpublished.\n",
        )
        .unwrap();
        assert!(
            matches!(
                site.update_stories(std::slice::from_ref(&a)),
                Update::Reload
            ),
            "unpublished"
        );
        let new = dir.path().join("new.md");
        std::fs::write(&new, story("New", "2024-01-04", "New.")).unwrap();
        assert!(
            matches!(site.update_stories(&[new]), Update::Reload),
            "a new story"
        );
        std::fs::remove_file(&a).unwrap();
        assert!(
            matches!(site.update_stories(&[a]), Update::Reload),
            "a deleted story"
        );
        let c = dir.path().join("c.md");
        std::fs::write(&c, "+++\ntitle = \"C\"\n+++\n\nPublished.\n").unwrap();
        assert!(
            matches!(site.update_stories(&[c]), Update::Reload),
            "a draft published"
        );
    }

    #[test]
    fn a_draft_edited_changes_nothing_and_a_broken_story_fails() {
        let (dir, mut site) = site();
        let c = dir.path().join("c.md");
        std::fs::write(
            &c,
            "+++\ntitle = \"C, edited\"\ndraft = true\n+++\n\nStill a draft.\n",
        )
        .unwrap();
        assert!(matches!(site.update_stories(&[c]), Update::Applied));
        assert_eq!(titles(&site), ["B", "A"]);
        let b = dir.path().join("b.md");
        std::fs::write(
            &b,
            "+++\ntitle = \"B\"\ndate = \"last Monday\"\n+++\n\nBroken.\n",
        )
        .unwrap();
        let Update::Failed(problems) = site.update_stories(&[b]) else {
            panic!("a bad date fails")
        };
        assert!(
            problems.iter().any(|d| d.message.contains("date")),
            "{problems:?}"
        );
    }
}
