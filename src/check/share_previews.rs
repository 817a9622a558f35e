//! What `broadside check` says about how a story will look where it is
//! shared: a lead photo too small for large previews, or a headline longer
//! than Google shows. (A lead photo with no alt text is already an error of
//! `check`.) Advice only: builds do not print it.

use crate::error::Diagnostic;
use crate::pipeline::StorySource;

/// Large previews (Open Graph, Google Discover) want photos this wide.
pub(super) const SHARE_MIN_WIDTH: u64 = 1200;
/// Google uses headlines of at most this many characters.
pub(super) const HEADLINE_MAX: usize = 110;

/// The advice for every story, at the front matter key it is about.
pub(super) fn advice(stories: &[StorySource]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for story in stories {
        let at = |d: Diagnostic, place: &Option<crate::error::Location>| match place {
            Some(location) => d.in_file(&story.path).at(location.clone()),
            None => d.in_file(&story.path),
        };
        if story.title_chars > HEADLINE_MAX {
            let d = Diagnostic::warning(format!(
                "the headline is {} characters long; Google shows at most {HEADLINE_MAX}",
                story.title_chars
            ))
            .help(format!("shorten `title` to {HEADLINE_MAX} characters or fewer, so it is not cut off where it is shared"));
            out.push(at(d, &story.title_at));
        }
        if let Some(width) = story.lead_width.filter(|w| *w < SHARE_MIN_WIDTH) {
            let d = Diagnostic::warning(format!(
                "the lead image is {width} pixels wide; large previews in search and social feeds need at least {SHARE_MIN_WIDTH}"
            ))
            .help("use the photographer's original file (broadside makes the smaller copies itself)");
            out.push(at(d, &story.lead_at));
        }
    }
    out
}
