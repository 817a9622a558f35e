//! The sitemap. A site of at most 50,000 addresses (the protocol's limit
//! for one file) has one `sitemap.xml` listing them all. A bigger one has
//! a sitemap index at `sitemap.xml` naming parts in `sitemaps/`: the
//! stories by the month of their date (`sitemaps/2024-05.xml`, undated
//! ones in `sitemaps/undated.xml`; a month of more than 50,000 stories
//! goes on in `2024-05-2.xml`), and the listing pages (`pages.xml`,
//! `pages-2.xml`…). A month's part changes only when one of its stories
//! does, so publishing a story rewrites the index and one part, not a
//! list of every story.

use std::collections::BTreeMap;

use super::Site;
use super::crawlers::escape;
use crate::content::Story;
use crate::error::Diagnostic;
use crate::listing::{FeedKind, feed_of, last_changed};
use crate::output::OutputFile;
use crate::page::SiteView;
use crate::render::Templates;

/// The most addresses one sitemap file may hold.
pub(crate) const MAX_URLS: usize = 50_000;

/// The folder of the parts of a big site's sitemap.
const PARTS: &str = "sitemaps/";

/// A part of the sitemap: its path, and its stories or its pages.
struct Part<'s> {
    path: String,
    stories: Vec<&'s Story>,
    pages: Vec<String>,
    /// It lists the front page.
    home: bool,
}

impl Site {
    /// `sitemap.xml` (and its parts, for a big site), those `wants` asks for.
    pub(super) fn render_sitemaps(
        &self,
        (site, templates): (&SiteView<'_>, &Templates),
        (base, epoch): (&str, i64),
        listing_pages: &[String],
        wants: &(dyn Fn(&str) -> bool + Sync),
        put: &(dyn Fn(OutputFile) + Sync),
    ) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        let mut render = |part: &Part<'_>| {
            let mut feed = feed_of(
                site,
                (base, ""),
                self.config.name.clone(),
                &part.stories,
                (epoch, FeedKind::Sitemap),
            );
            feed.home = part.home;
            feed.pages = part.pages.iter().map(|p| format!("{base}{p}")).collect();
            match templates.render("sitemap.xml", &feed) {
                Ok(text) => put(OutputFile {
                    path: part.path.clone(),
                    bytes: text.into_bytes(),
                }),
                Err(d) => errors.push(d),
            }
        };
        // The front page, when there is one, is listed too.
        let home = self.stories.len() > 1;
        if self.stories.len() + listing_pages.len() + usize::from(home) <= MAX_URLS {
            if wants("sitemap.xml") {
                let whole = Part {
                    path: "sitemap.xml".to_string(),
                    stories: self.stories.iter().collect(),
                    pages: listing_pages.to_vec(),
                    home,
                };
                render(&whole);
            }
            return errors;
        }
        let parts = self.parts(listing_pages);
        for part in parts.iter().filter(|p| wants(&p.path)) {
            render(part);
        }
        if wants("sitemap.xml") {
            put(OutputFile {
                path: "sitemap.xml".to_string(),
                bytes: index(base, &parts).into_bytes(),
            });
        }
        errors
    }

    /// The parts of a big site's sitemap: the stories by month (in path
    /// order), then the listing pages.
    fn parts<'s>(&'s self, listing_pages: &[String]) -> Vec<Part<'s>> {
        let mut months: BTreeMap<String, Vec<&Story>> = BTreeMap::new();
        for story in &self.stories {
            let month = story.front.date.map_or_else(
                || "undated".to_string(),
                |d| d.day().format("%Y-%m").to_string(),
            );
            months.entry(month).or_default().push(story);
        }
        let mut parts = Vec::new();
        for (month, stories) in months {
            for (n, chunk) in stories.chunks(MAX_URLS).enumerate() {
                parts.push(Part {
                    path: part_path(&month, n),
                    stories: chunk.to_vec(),
                    pages: Vec::new(),
                    home: false,
                });
            }
        }
        // The front page goes first, with the listing pages.
        for (n, chunk) in listing_pages.chunks(MAX_URLS - 1).enumerate() {
            parts.push(Part {
                path: part_path("pages", n),
                stories: Vec::new(),
                pages: chunk.to_vec(),
                home: n == 0,
            });
        }
        parts
    }
}

/// `sitemaps/2024-05.xml`, and `sitemaps/2024-05-2.xml` for its second part.
fn part_path(name: &str, n: usize) -> String {
    if n == 0 {
        format!("{PARTS}{name}.xml")
    } else {
        format!("{PARTS}{name}-{}.xml", n + 1)
    }
}

/// The sitemap index naming every part, each with the time its newest
/// story last changed.
fn index(base: &str, parts: &[Part<'_>]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for part in parts {
        let lastmod = part
            .stories
            .iter()
            .filter_map(|s| last_changed(s))
            .max_by_key(|d| d.timestamp())
            .map(|d| format!("<lastmod>{}</lastmod>", d.rfc3339()))
            .unwrap_or_default();
        xml.push_str(&format!(
            "<sitemap><loc>{}</loc>{lastmod}</sitemap>\n",
            escape(&format!("{base}{}", part.path))
        ));
    }
    xml.push_str("</sitemapindex>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_named_by_month_and_number() {
        assert_eq!(part_path("2024-05", 0), "sitemaps/2024-05.xml");
        assert_eq!(part_path("2024-05", 1), "sitemaps/2024-05-2.xml");
        assert_eq!(part_path("pages", 0), "sitemaps/pages.xml");
    }
}
