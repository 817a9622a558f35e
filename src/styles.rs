//! The rules of features only some pages have: highlighted code (only the
//! token classes the page uses), the table of contents, a story's tags, and
//! the listing pages' paging and term lists.
//!
//! A page's stylesheet is these rules, for the features it shows, followed
//! by the site's `style.css` (which may override any of them); so a page
//! without them — the sample story — carries not a byte more. A page with
//! its own stylesheet has its own hash in its Content-Security-Policy.

use std::borrow::Cow;

use crate::csp;
use crate::markdown::{TokenClasses, code_stylesheet};

/// The sans-serif stack of the default stylesheet.
macro_rules! sans {
    () => {
        r#"system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif"#
    };
}

const TOC: &str = concat!(
    ".toc{margin:1.5rem 0 .5rem;padding:.75rem 1rem;background:var(--chip);font:.95rem/1.5 ",
    sans!(),
    "}.toc h2{font-size:.85rem;text-transform:uppercase;letter-spacing:.06em;margin:0 0 .25rem}",
    ".toc ol{margin:0;padding-left:1.25rem}.toc a{display:inline-block;min-height:24px;padding:.1rem 0}"
);

const TAGS: &str = concat!(
    ".tags ul{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;margin:1.5rem 0 0;padding:0}",
    ".tags a{display:inline-flex;align-items:center;min-height:32px;padding:0 .75rem;border:1px solid var(--rule);",
    "border-radius:999px;background:var(--chip);color:var(--ink);font:.85rem/1 ",
    sans!(),
    ";text-decoration:none}.tags a:hover{border-color:var(--accent)}"
);

const LISTING: &str = concat!(
    ".paging{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;align-items:center;margin:1.5rem 0;font:.95rem/1.5 ",
    sans!(),
    "}.paging a{display:inline-flex;align-items:center;min-height:44px}",
    ".terms{columns:12rem;list-style:none;margin:1rem 0 2rem;padding:0}.terms li{break-inside:avoid;padding:.15rem 0}",
    ".terms a{display:inline-block;min-height:24px}.count{color:var(--muted);font-size:.9em}",
    ".author-card{display:flex;gap:1rem;align-items:flex-start;margin:0 0 1.5rem}",
    ".author-card img{width:96px;height:96px;object-fit:cover;border-radius:50%;flex:none}.author-card p{margin:0 0 .25rem;color:var(--muted)}",
    ".author-card a{display:inline-block;min-height:24px}"
);

/// A story's corrections and live updates, and an author page's card.
const NEWSROOM: &str = concat!(
    ".corrections{margin:2rem 0 1rem;padding:.75rem 1rem;border-inline-start:3px solid var(--accent);background:var(--chip);font:.95rem/1.5 ",
    sans!(),
    "}.corrections h2{font-size:.85rem;text-transform:uppercase;letter-spacing:.06em;margin:0 0 .25rem}.corrections p{margin:.25rem 0}",
    ".live{color:var(--accent);font-weight:700;text-transform:uppercase;letter-spacing:.06em}",
    ".live-update{border-top:1px solid var(--rule);margin-top:1.5rem}.live-update h2{margin-top:1rem}",
    ".live-update time{display:block;font:700 .9rem/1.5 ",
    sans!(),
    ";color:var(--accent)}"
);

/// What a page shows that needs rules of its own.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Features {
    pub code: TokenClasses,
    pub toc: bool,
    pub tags: bool,
    pub listing: bool,
    /// Corrections, live updates or an author's card.
    pub newsroom: bool,
}

/// The stylesheet of a page with `features`, and its CSP hash: the site's
/// own (`stylesheet`, `hash`) when the page needs nothing more.
pub(crate) fn for_page<'a>(
    stylesheet: &'a str,
    hash: &'a str,
    features: Features,
) -> (Cow<'a, str>, Cow<'a, str>) {
    if features.code.is_empty()
        && !features.toc
        && !features.tags
        && !features.listing
        && !features.newsroom
    {
        return (Cow::Borrowed(stylesheet), Cow::Borrowed(hash));
    }
    let mut css = code_stylesheet(features.code);
    for (wanted, rules) in [
        (features.toc, TOC),
        (features.tags, TAGS),
        (features.listing, LISTING),
        (features.newsroom, NEWSROOM),
    ] {
        if wanted {
            css.push_str(rules);
        }
    }
    css.push_str(stylesheet);
    let hash = csp::hash(&css);
    (Cow::Owned(css), Cow::Owned(hash))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_without_features_keeps_the_site_stylesheet() {
        let (css, hash) = for_page("body{}", "'sha256-x'", Features::default());
        assert!(matches!(css, Cow::Borrowed("body{}")) && hash == "'sha256-x'");
        let (css, hash) = for_page(
            "body{}",
            "'sha256-x'",
            Features {
                toc: true,
                ..Features::default()
            },
        );
        assert!(css.starts_with(".toc{") && css.ends_with("body{}"), "{css}");
        assert_eq!(hash, csp::hash(&css));
    }
}
