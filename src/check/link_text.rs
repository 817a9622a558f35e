//! Links whose words say nothing about where they lead ("here", "click
//! here", "more", in the page's language): Lighthouse's link-text audit
//! marks the page down for each, and only the writer can fix it. Links
//! Lighthouse leaves alone are left alone here too: `rel="nofollow"`,
//! `javascript:` and `mailto:` ones, and those to a place on the same page.

use super::SourceMap;
use crate::error::Diagnostic;
use crate::html::anchors;
use crate::lang::{Lang, link_text::says_nothing};
use crate::output::OutputFile;

/// A warning for each link of the built pages whose text says nothing,
/// at the place its story writes it where that can be found.
pub(super) fn vague_links(files: &[OutputFile], sources: &SourceMap) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut pages: Vec<&OutputFile> = files.iter().filter(|f| f.path.ends_with(".html")).collect();
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    for file in pages {
        let (lang, links) = anchors(&String::from_utf8_lossy(&file.bytes));
        let lang = Lang::new(lang.as_deref().unwrap_or("en"));
        for link in links {
            let href = link.href.trim().to_ascii_lowercase();
            let ignored = href.is_empty()
                || href.starts_with('#')
                || href.starts_with("javascript:")
                || href.starts_with("mailto:")
                || link
                    .rel
                    .split_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("nofollow"));
            if ignored || !says_nothing(&lang, &link.text) {
                continue;
            }
            let words = link.text.split_whitespace().collect::<Vec<_>>().join(" ");
            let d = Diagnostic::warning(format!(
                "the link text \"{words}\" says nothing about where the link leads"
            ))
            .help(
                "write words that say what the reader finds there, e.g. [the full survey results](…) \
                 rather than [here](…): search engines and screen readers take a link's words out of \
                 their sentence (Lighthouse's link-text audit marks the page down for it)",
            );
            out.push(sources.locate_link(&file.path, &link.href, link.line, d));
        }
    }
    out
}
