//! The site's files that follow its stories' life in the newsroom: the
//! feeds and sitemaps (`atom.xml`, `sitemap.xml`, `news-sitemap.xml`),
//! `robots.txt`, each author's pages and feed (`authors/<id>/`), and the
//! images a full feed points at instead of the page's `data:` URIs.

use std::collections::BTreeMap;

use super::Site;
use super::crawlers::{news_sitemap, robots};
use crate::content::Story;
use crate::error::Diagnostic;
use crate::image_refs::ImageSource;
use crate::lang::strings::fill;
use crate::listing::{FeedKind, Kit, Output, feed_of, push};
use crate::newsroom::Author;
use crate::newsroom::authors::AUTHORS;
use crate::newsroom::feed::{FeedImage, images};
use crate::output::OutputFile;
use crate::page::{AuthorCard, SiteView};
use crate::render::Templates;

impl Site {
    /// What the feeds carry: the whole stories, unless `[feed] full = false`.
    pub(crate) fn feed_kind(&self) -> FeedKind {
        if self.config.feed.full {
            FeedKind::Full
        } else {
            FeedKind::Summaries
        }
    }

    /// The `data:` images of `story` that its feed entry points at as
    /// files beside the page: none without a base URL or full feeds.
    pub(crate) fn feed_images(&self, story: &Story) -> Vec<FeedImage> {
        if self.config.base_url.is_none()
            || self.feed_kind() != FeedKind::Full
            || story.front.date.is_none()
        {
            return Vec::new();
        }
        images(&story.body.html)
    }

    /// Whether broadside writes `404.html`: with a base URL, unless the
    /// site has its own (kept in the output by `[output] keep`, a file of
    /// the source site, or a story's old address).
    pub(super) fn writes_not_found(&self) -> bool {
        const NAME: &str = "404.html";
        self.config.base_url.is_some()
            && !self.config.output.keep.iter().any(|k| k == NAME)
            && !self.static_files.iter().any(|(path, _)| path == NAME)
            && !self
                .stories
                .iter()
                .any(|s| s.redirects.iter().any(|r| r == NAME))
    }

    /// Whether broadside writes `robots.txt`: with a base URL or rules,
    /// unless `[output] keep` names the site's own.
    fn writes_robots(&self) -> bool {
        let robots = &self.config.robots;
        let rules =
            !(robots.allow.is_empty() && robots.disallow.is_empty() && robots.block.is_empty());
        // The user's own `robots.txt` wins: kept in the output, or the
        // source site's file published as it is.
        (self.config.base_url.is_some() || rules)
            && !self.config.output.keep.iter().any(|k| k == "robots.txt")
            && !self
                .static_files
                .iter()
                .any(|(path, _)| path == "robots.txt")
    }

    /// `atom.xml` (also at the source site's feed addresses), the sitemap
    /// (with `listing_pages`), `news-sitemap.xml` and `robots.txt`, those
    /// `wants` asks for.
    pub(super) fn render_site_files(
        &self,
        (site, templates): (&SiteView<'_>, &Templates),
        epoch: i64,
        listing_pages: &[String],
        wants: &(dyn Fn(&str) -> bool + Sync),
        put: &(dyn Fn(OutputFile) + Sync),
    ) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        let base = self.config.base_url();
        if self.writes_robots() && wants("robots.txt") {
            put(OutputFile {
                path: "robots.txt".to_string(),
                bytes: robots(&self.config.robots, base.as_deref()).into_bytes(),
            });
        }
        let Some(base) = base else {
            return errors;
        };
        if wants("news-sitemap.xml") {
            put(OutputFile {
                path: "news-sitemap.xml".to_string(),
                bytes: news_sitemap(&self.config, &base, &self.stories, self.loader.now)
                    .into_bytes(),
            });
        }
        let stories: Vec<&Story> = self.stories.iter().take(self.config.feed.limit).collect();
        for name in self.feed_files() {
            if !wants(name) {
                continue;
            }
            let feed = feed_of(
                site,
                (&base, ""),
                self.config.name.clone(),
                &stories,
                (epoch, self.feed_kind()),
            );
            match templates.render("atom.xml", &feed) {
                Ok(text) => put(OutputFile {
                    path: name.to_string(),
                    bytes: text.into_bytes(),
                }),
                Err(d) => errors.push(d),
            }
        }
        errors.extend(self.render_sitemaps(
            (site, templates),
            (&base, epoch),
            listing_pages,
            wants,
            put,
        ));
        errors
    }

    /// Every writer with their stories (indices, newest first), by id.
    fn authors_and_stories(&self) -> BTreeMap<&str, (&Author, Vec<usize>)> {
        let mut found: BTreeMap<&str, (&Author, Vec<usize>)> = BTreeMap::new();
        for (i, story) in self.stories.iter().enumerate() {
            for author in &story.news.authors {
                found
                    .entry(&author.id)
                    .or_insert((author, Vec::new()))
                    .1
                    .push(i);
            }
        }
        found
    }

    /// Each writer's pages at `authors/<id>/` (paged like the front page)
    /// and their feed, `authors/<id>/atom.xml`.
    pub(super) fn render_authors(
        &self,
        kit: &Kit<'_, '_>,
        epoch: i64,
        tags: Option<&str>,
    ) -> Output {
        let mut out: Output = Vec::new();
        let t = crate::page::words_for(&self.config, kit.lang);
        let per_page = self.config.front.per_page.max(1);
        for (id, (author, stories)) in self.authors_and_stories() {
            let folder = format!("{AUTHORS}{id}/");
            let feed_path = format!("{folder}atom.xml");
            let feed_url = kit
                .site
                .base_url
                .as_ref()
                .map(|base| format!("{base}{feed_path}"));
            if let Some(base) = kit
                .site
                .base_url
                .as_ref()
                .filter(|_| (kit.wants)(&feed_path))
            {
                let list: Vec<&Story> = stories
                    .iter()
                    .filter_map(|&i| self.stories.get(i))
                    .take(self.config.feed.limit)
                    .collect();
                let title = format!("{}: {}", kit.site.name, author.name);
                let feed = feed_of(
                    kit.site,
                    (base, &folder),
                    title,
                    &list,
                    (epoch, self.feed_kind()),
                );
                push(
                    kit,
                    &mut out,
                    feed_path,
                    kit.templates.render("atom.xml", &feed),
                );
            }
            let entry = self.config.authors.get(id).filter(|_| author.known);
            let card = AuthorCard {
                name: author.name.clone(),
                url: author.url.clone(),
                bio: entry.and_then(|e| e.bio.clone()),
                image: self
                    .author_images
                    .get(id)
                    .cloned()
                    .map(|i: ImageSource| i.src),
            };
            let heading = Some(fill(&t.stories_by, "author", &author.name));
            self.listing(
                kit,
                &mut out,
                ("author.html", &folder),
                (heading, None),
                &stories,
                per_page,
                (feed_url, tags, Some(&card)),
            );
        }
        out
    }
}
