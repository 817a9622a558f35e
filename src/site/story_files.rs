//! The files one story makes: its page (with its "More from" footer and
//! its tags), its share images, its redirect pages, the images its feed
//! entry points at, and the local files it links to.

use super::Site;
use super::share_images::Shared;
use crate::content::Story;
use crate::csp;
use crate::date::DateView;
use crate::error::Diagnostic;
use crate::lang::Lang;
use crate::listing::{self, Taxonomy};
use crate::output::OutputFile;
use crate::page::{
    self, Chrome, ImageView, LinkView, RedirectPage, SiteView, StoryPage, StoryView, TagLink,
};
use crate::render::Templates;
use crate::styles::{self, Features};

impl Site {
    /// The paths of the files [`Site::render_story`] makes of `story`: its
    /// page, what it shares beside it (with a base URL), its redirect pages
    /// and the files it links to.
    pub(crate) fn files_of(&self, story: &Story) -> Vec<String> {
        let page = format!("{}index.html", story.url_path);
        let lead = self.share_file_names(story);
        let linked = story
            .body
            .files
            .iter()
            .map(|l| format!("{}{}", story.url_path, l.path));
        let feed_images = self
            .feed_images(story)
            .into_iter()
            .map(|image| format!("{}{}", story.url_path, image.name));
        std::iter::once(page)
            .chain(lead)
            .chain(story.redirects.iter().cloned())
            .chain(linked)
            .chain(feed_images)
            .collect()
    }

    /// The files of `story`: its page, what it shares, its redirect pages
    /// and the files beside its page (see [`Site::files_of`]).
    pub(super) fn render_story(
        &self,
        story: &Story,
        templates: &Templates,
        chrome: Chrome<'_>,
        (site, taxonomies): (&SiteView<'_>, &[Taxonomy]),
        policy: &dyn Fn(&str, Option<&str>) -> String,
    ) -> Result<Vec<OutputFile>, Diagnostic> {
        let own_url = site
            .base_url
            .as_ref()
            .map(|b| format!("{b}{}", story.url_path));
        // A story first published elsewhere points there.
        let canonical = story.front.canonical.clone().or(own_url);
        let mut shared = self.shared(story, templates, site.base_url.as_deref())?;
        let shared_files = std::mem::take(&mut shared.files);
        let view = self.story_view(story, &chrome, taxonomies, shared, canonical.clone());
        let html = self.story_page(story, templates, chrome, (site, view), policy)?;
        let mut files = vec![OutputFile {
            path: format!("{}index.html", story.url_path),
            bytes: html.into_bytes(),
        }];
        files.extend(shared_files);
        files.extend(self.redirect_pages(story, templates, site, canonical.as_deref(), policy)?);
        files.extend(self.files_beside(story)?);
        Ok(files)
    }

    /// What `story.html` shows of `story` as `page`.
    fn story_view<'s>(
        &'s self,
        story: &'s Story,
        chrome: &Chrome<'_>,
        taxonomies: &[Taxonomy],
        shared: Shared,
        canonical: Option<String>,
    ) -> StoryView<'s> {
        let front = &story.front;
        let lead_image = story.lead_image.as_ref().map(|image| ImageView {
            src: &image.src,
            width: image.size.map(|s| s.0),
            height: image.size.map(|s| s.1),
            alt: front.image_alt.as_deref().unwrap_or(""),
            caption: front.image_caption.as_deref(),
            public_url: shared.image.as_ref().map(|s| s.url.clone()),
        });
        let lang_tag = front.lang.as_deref().unwrap_or(&self.config.language);
        let lang = Lang::new(lang_tag);
        let minutes = page::reading_minutes(story.body.words, &lang);
        let has_author_pages = self.stories.len() > 1;
        let bylines = page::bylines(story, has_author_pages.then_some(chrome.root.as_str()));
        let (byline, byline_html) = page::byline(&chrome.t, &lang, &bylines).unzip();
        StoryView {
            title: &front.title,
            title_html: &front.title_html,
            shown: &front.shown,
            meta_description: page::meta_description(story),
            date: front.date.map(|d| DateView::new(d, &lang)),
            updated: story.news.modified.map(|d| DateView::with_time(d, &lang)),
            authors: story.news.authors.iter().map(|a| a.name.clone()).collect(),
            bylines,
            byline_html,
            corrections: page::corrections(story, &lang),
            live: page::live(story, &lang),
            tags: &front.tags,
            lang: lang_tag,
            dir: lang.dir(),
            og_locale: lang.og_locale(),
            reading_minutes: minutes,
            reading_time: page::reading_time(&chrome.t, minutes),
            byline,
            words: story.body.words,
            canonical_url: canonical,
            url_path: &story.url_path,
            lead_image,
            share_image: shared.image,
            schema_images: shared.schema_images,
            content: &story.body.html,
            extra: &front.extra,
            taxonomies: &front.taxonomies,
            toc: page::toc(&story.body.headings),
            show_toc: front.toc,
            tag_links: tag_links(story, taxonomies, &chrome.root),
        }
    }

    /// The story's page: `view` with its share links, its JSON-LD, and the
    /// stylesheet and policy its features need, through `story.html`.
    fn story_page<'t>(
        &self,
        story: &Story,
        templates: &'t Templates,
        mut chrome: Chrome<'t>,
        (site, view): (&SiteView<'_>, StoryView<'_>),
        policy: &dyn Fn(&str, Option<&str>) -> String,
    ) -> Result<String, Diagnostic> {
        let has_author_pages = self.stories.len() > 1;
        let author_url = |a: &crate::newsroom::Author| {
            site.base_url
                .as_ref()
                .filter(|_| has_author_pages)
                .map(|b| format!("{b}{}{}/", crate::newsroom::authors::AUTHORS, a.id))
        };
        let json_ld = page::json_ld(
            &self.config,
            story,
            &view,
            self.logo_url.as_deref(),
            &author_url,
        );
        let share = page::share_links(
            &self.config,
            &story.front.title,
            view.canonical_url.as_deref(),
            &chrome.t.email,
        );
        // Highlighted code, a table of contents and tags bring their rules.
        let features = Features {
            code: story.body.code_classes,
            toc: view.show_toc && !view.toc.is_empty(),
            tags: !view.tag_links.is_empty(),
            listing: false,
            newsroom: !view.corrections.is_empty() || view.live.is_some(),
        };
        let (stylesheet, style_hash) =
            styles::for_page(&templates.stylesheet, &templates.stylesheet_hash, features);
        chrome.csp = policy(&style_hash, Some(&csp::hash(&json_ld)));
        chrome.stylesheet = stylesheet;
        let context = StoryPage {
            chrome,
            page: view,
            share,
            json_ld,
        };
        templates.render("story.html", &context)
    }

    /// The pages at the story's old addresses, each sending the reader on.
    fn redirect_pages(
        &self,
        story: &Story,
        templates: &Templates,
        site: &SiteView<'_>,
        canonical: Option<&str>,
        policy: &dyn Fn(&str, Option<&str>) -> String,
    ) -> Result<Vec<OutputFile>, Diagnostic> {
        let mut files = Vec::with_capacity(story.redirects.len());
        for file in &story.redirects {
            // From the redirect's folder (one `../` for each `/` in its path).
            let target = format!(
                "{}{}index.html",
                "../".repeat(file.matches('/').count()),
                story.url_path
            );
            let redirect = RedirectPage {
                site,
                csp: policy(&templates.stylesheet_hash, None),
                title: &story.front.title,
                canonical: canonical.map_or_else(|| target.clone(), str::to_string),
                target,
            };
            let html = templates.render("redirect.html", &redirect)?;
            files.push(OutputFile {
                path: file.clone(),
                bytes: html.into_bytes(),
            });
        }
        Ok(files)
    }

    /// The files beside the story's page: the images its feed entry points
    /// at, and the local files it links to.
    fn files_beside(&self, story: &Story) -> Result<Vec<OutputFile>, Diagnostic> {
        let mut files = Vec::new();
        for image in self.feed_images(story) {
            if let Some(bytes) = image.bytes(&story.body.html) {
                files.push(OutputFile {
                    path: format!("{}{}", story.url_path, image.name),
                    bytes,
                });
            }
        }
        for linked in &story.body.files {
            let bytes = std::fs::read(&linked.file).map_err(|e| {
                Diagnostic::error(format!(
                    "cannot read `{}`, which the story links to: {e}",
                    linked.file.display()
                ))
                .in_file(&story.file.path)
                .help("check that the file is readable, or remove the link")
            })?;
            files.push(OutputFile {
                path: format!("{}{}", story.url_path, linked.path),
                bytes,
            });
        }
        Ok(files)
    }

    /// The "More from" links of the story at `current` (or of a listing
    /// page, which lists stories itself): stories published before it
    /// ([`listing::before`]), newest first, then the configured links. A
    /// story's footer never names a newer story, so publishing one changes
    /// no other story's page.
    pub(crate) fn more_from(
        &self,
        current: Option<usize>,
        root: &str,
        taxonomies: &[Taxonomy],
    ) -> Vec<LinkView> {
        let count = self.config.more_from.count;
        let before = current
            .map(|i| listing::before(&self.stories, i, taxonomies, count))
            .unwrap_or_default();
        let stories = before
            .into_iter()
            .filter_map(|i| self.stories.get(i))
            .map(|s| LinkView {
                title: s.front.title.clone(),
                url: page::link_to(root, s),
                date: s.front.date.map(|d| d.iso()),
            });
        let links = self.config.more_from.links.iter().map(|l| LinkView {
            title: l.title.clone(),
            url: l.url.clone(),
            date: None,
        });
        stories.chain(links).take(count).collect()
    }
}

/// The story's tags, linking to their pages (the tags page at `tags/`).
fn tag_links(story: &Story, taxonomies: &[Taxonomy], root: &str) -> Vec<TagLink> {
    let Some(tags) = taxonomies.iter().find(|t| t.name == "tags") else {
        return Vec::new();
    };
    let mut links: Vec<TagLink> = Vec::with_capacity(story.front.tags.len());
    for term in story
        .front
        .tags
        .iter()
        .filter_map(|name| tags.term(name.trim()))
    {
        if !links.iter().any(|l| l.name == term.name) {
            let url = format!("{root}{}/{}/index.html", tags.slug, term.slug);
            links.push(TagLink {
                name: term.name.clone(),
                url,
                count: term.stories.len(),
            });
        }
    }
    links
}
