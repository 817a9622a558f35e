//! The listing pages of a many-story site, rendered: the paged front page,
//! every taxonomy's terms and each term's pages (with its feed), the
//! sections' pages (`sections.rs`), and the archive by year. What they hold is worked out in `crate::listing`.

use super::Site;
use crate::content::Story;
use crate::date::DateView;
use crate::lang::strings::{Strings, fill};
use crate::listing::{
    ARCHIVE, ARCHIVE_PER_PAGE, Kit, Output, Taxonomy, Term, feed_of, page_path, paging, push,
    term_slug, title_case,
};
use crate::page::{self, AuthorCard, IndexEntry, IndexPage, TagLink, TermsPage};

impl Site {
    /// Every listing page, and the feeds of the tags.
    pub(crate) fn render_listings(
        &self,
        kit: &Kit<'_, '_>,
        taxonomies: &[Taxonomy],
        epoch: i64,
    ) -> Output {
        let mut out: Output = Vec::new();
        let t = page::words_for(&self.config, kit.lang);
        let per_page = self.config.front.per_page.max(1);
        let all: Vec<usize> = (0..self.stories.len()).collect();
        let tags = taxonomies
            .iter()
            .find(|t| t.name == "tags")
            .map(|t| format!("{}/", t.slug));
        self.listing(
            kit,
            &mut out,
            ("index.html", ""),
            (None, None),
            &all,
            per_page,
            (None, tags.as_deref(), None),
        );
        for taxonomy in taxonomies {
            let folder = format!("{}/", taxonomy.slug);
            let heading = if taxonomy.name == "tags" {
                t.tags.clone()
            } else {
                title_case(&taxonomy.name)
            };
            let terms = term_links(taxonomy);
            self.terms_page(kit, &mut out, ("tags.html", &folder), heading, terms);
            for term in &taxonomy.terms {
                let term_folder = format!("{folder}{}/", term.slug);
                let feed = kit
                    .site
                    .base_url
                    .as_ref()
                    .map(|base| format!("{base}{term_folder}atom.xml"));
                self.term_feed(kit, &mut out, &term_folder, term, epoch);
                let heading = Some(term.name.clone());
                self.listing(
                    kit,
                    &mut out,
                    ("tag.html", &term_folder),
                    (heading, None),
                    &term.stories,
                    per_page,
                    (feed, tags.as_deref(), None),
                );
            }
        }
        for section in &self.sections {
            self.listing(
                kit,
                &mut out,
                ("index.html", &section.url_path),
                (Some(section.heading.clone()), section.intro.as_deref()),
                &section.stories,
                per_page,
                (None, tags.as_deref(), None),
            );
        }
        self.archive(kit, &mut out, tags.as_deref(), &t);
        out.extend(self.render_authors(kit, epoch, tags.as_deref()));
        out
    }

    /// A term's Atom feed, at `term_folder` (`tags/rust/`), when the site
    /// has a base URL and the feed is asked for.
    fn term_feed(
        &self,
        kit: &Kit<'_, '_>,
        out: &mut Output,
        term_folder: &str,
        term: &Term,
        epoch: i64,
    ) {
        let Some(base) = kit
            .site
            .base_url
            .as_ref()
            .filter(|_| (kit.wants)(&format!("{term_folder}atom.xml")))
        else {
            return;
        };
        let stories: Vec<&Story> = term
            .stories
            .iter()
            .filter_map(|&i| self.stories.get(i))
            .take(self.config.feed.limit)
            .collect();
        let title = format!("{}: {}", kit.site.name, term.name);
        let feed = feed_of(
            kit.site,
            (base, term_folder),
            title,
            &stories,
            (epoch, self.feed_kind()),
        );
        push(
            kit,
            out,
            format!("{term_folder}atom.xml"),
            kit.templates.render("atom.xml", &feed),
        );
    }

    /// The archive: every year with its count, and each year's stories.
    fn archive(&self, kit: &Kit<'_, '_>, out: &mut Output, tags: Option<&str>, t: &Strings) {
        // Newest year first; undated stories (last in site order) after.
        let mut years: Vec<(String, Vec<usize>)> = Vec::new();
        for (i, story) in self.stories.iter().enumerate() {
            let year = story
                .front
                .date
                .map_or_else(|| t.undated.clone(), |d| d.year().to_string());
            match years.last_mut() {
                Some((y, list)) if *y == year => list.push(i),
                _ => years.push((year, vec![i])),
            }
        }
        let terms = years
            .iter()
            .map(|(year, list)| TagLink {
                name: year.clone(),
                url: format!("{}/index.html", term_slug(year)),
                count: list.len(),
            })
            .collect();
        self.terms_page(
            kit,
            out,
            ("archive.html", ARCHIVE),
            t.archive.clone(),
            terms,
        );
        for (year, list) in &years {
            let folder = format!("{ARCHIVE}{}/", term_slug(year));
            // Undated stories are headed just so.
            let dated = year.bytes().all(|b| b.is_ascii_digit());
            let heading = Some(if dated {
                fill(&t.stories_from_year, "year", year)
            } else {
                year.clone()
            });
            self.listing(
                kit,
                out,
                ("index.html", &folder),
                (heading, None),
                list,
                ARCHIVE_PER_PAGE,
                (None, tags, None),
            );
        }
    }

    /// A page listing `terms` (tags with their counts, or years).
    fn terms_page(
        &self,
        kit: &Kit<'_, '_>,
        out: &mut Output,
        (template, folder): (&str, &str),
        heading: String,
        terms: Vec<TagLink>,
    ) {
        if !(kit.wants)(&format!("{folder}index.html")) {
            return;
        }
        let root = page::root_of(folder);
        let view = TermsPage {
            chrome: kit.chrome_at(root.clone(), self.more_from(None, &root, &[])),
            heading,
            terms,
            canonical_url: kit.site.base_url.as_ref().map(|b| format!("{b}{folder}")),
        };
        push(
            kit,
            out,
            format!("{folder}index.html"),
            kit.templates.render(template, &view),
        );
    }

    /// The pages of a listing of `stories`, in `folder`, with `template`,
    /// under its heading and introduction (HTML), if any.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn listing(
        &self,
        kit: &Kit<'_, '_>,
        out: &mut Output,
        (template, folder): (&str, &str),
        (heading, intro): (Option<String>, Option<&str>),
        stories: &[usize],
        per_page: usize,
        (feed_url, tags, author): (Option<String>, Option<&str>, Option<&AuthorCard>),
    ) {
        for (n, range) in crate::listing::pages(stories.len(), per_page) {
            let chunk = stories.get(range).unwrap_or_default();
            let path = page_path(folder, n);
            if !(kit.wants)(&format!("{path}index.html")) {
                continue;
            }
            let root = page::root_of(&path);
            let entries = chunk
                .iter()
                .filter_map(|&i| self.stories.get(i))
                .map(|s| IndexEntry {
                    title: &s.front.title,
                    title_html: &s.front.title_html,
                    url: page::link_to(&root, s),
                    description: page::meta_description(s),
                    date: s.front.date.map(|d| DateView::new(d, kit.lang)),
                })
                .collect();
            let view = IndexPage {
                chrome: kit.chrome_at(root.clone(), self.more_from(None, &root, &[])),
                heading: heading.clone(),
                intro: intro.map(str::to_string),
                stories: entries,
                paging: paging(folder, n, stories.len(), per_page),
                canonical_url: kit.site.base_url.as_ref().map(|b| format!("{b}{path}")),
                feed_url: feed_url.clone(),
                tags_url: tags.map(|t| format!("{root}{t}index.html")),
                archive_url: format!("{root}{ARCHIVE}index.html"),
                author: author.cloned(),
            };
            push(
                kit,
                out,
                format!("{path}index.html"),
                kit.templates.render(template, &view),
            );
        }
    }
}

/// The terms of a taxonomy as links to their pages, with their counts.
fn term_links(taxonomy: &Taxonomy) -> Vec<TagLink> {
    taxonomy
        .terms
        .iter()
        .map(|t| TagLink {
            name: t.name.clone(),
            url: format!("{}/index.html", t.slug),
            count: t.stories.len(),
        })
        .collect()
}
