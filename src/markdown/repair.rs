//! Repairs what a story's raw HTML gets wrong about which element may hold
//! which, after it is sanitised, so that real posts give valid pages
//! without losing a word:
//!
//! - a `<p>` or `<div>` inside an element that holds only text-level
//!   content (`<span><p>…</p></span>`, `<summary><p>…</p></summary>`) is
//!   unwrapped: its content stays where it is;
//! - a `<details>` whose `<summary>` comes after other content gets that
//!   summary moved to the front, where browsers show it anyway;
//! - a raw heading that skips a level (`<h5>` after `<h3>`) takes the level
//!   after the one before it, as Markdown headings do ([`super::headings`]).
//!
//! The sanitiser's output is well formed (every element closed), so a stack
//! of open elements kept beside lol_html's stream knows each element's
//! parent. What is not changed comes out byte for byte.

use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

use lol_html::html_content::ContentType;
use lol_html::{RewriteStrSettings, element, end_tag, rewrite_str};

/// Elements whose content model is text-level (phrasing) content only.
const PHRASING_ONLY: &[&str] = &[
    "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "h1", "h2", "h3", "h4", "h5",
    "h6", "i", "kbd", "label", "mark", "p", "q", "s", "samp", "small", "span", "strong", "sub",
    "summary", "sup", "time", "u", "var",
];

/// Elements that are unwrapped where only text-level content may stand.
const UNWRAPPED: &[&str] = &["p", "div"];

/// `html` with the repairs above; None when nothing needed repairing, or
/// lol_html could not read it (then it goes on as it is).
pub(super) fn repair(html: &str) -> Option<String> {
    let moves = if html.contains("<details") {
        misplaced_summaries(html)?
    } else {
        Vec::new()
    };
    let state = Rc::new(RefCell::new(State::default()));
    let changed = RefCell::new(!moves.is_empty());
    let every = element!("*", |el| {
        let name = el.tag_name();
        let mut st = state.borrow_mut();
        let parent = st.open.last().cloned();
        let mut effective = name.clone();
        if UNWRAPPED.contains(&name.as_str())
            && parent
                .as_deref()
                .is_some_and(|p| PHRASING_ONLY.contains(&p))
        {
            el.remove_and_keep_content();
            // The text of two unwrapped paragraphs must not run together.
            el.after(" ", ContentType::Text);
            effective = parent.unwrap_or_default();
            *changed.borrow_mut() = true;
        }
        if let Some(level) = heading_level(&name) {
            let fitting = st.fit(level);
            if fitting != level {
                el.set_tag_name(&format!("h{fitting}"))?;
                effective = format!("h{fitting}");
                *changed.borrow_mut() = true;
            }
        }
        if name == "details" {
            let index = st.details;
            st.details += 1;
            if let Some(summary) = moves.iter().find(|m| m.details == index) {
                el.prepend(&html[summary.range.clone()], ContentType::Html);
            }
        }
        if name == "summary" {
            let index = st.summaries;
            st.summaries += 1;
            if moves.iter().any(|m| m.summary == index) {
                el.remove();
            }
        }
        if el.can_have_content() {
            st.open.push(effective);
            let state = Rc::clone(&state);
            el.on_end_tag(end_tag!(move |_| {
                state.borrow_mut().open.pop();
                Ok(())
            }))?;
        }
        Ok(())
    });
    let rewritten = rewrite_str(
        html,
        RewriteStrSettings::new().append_element_content_handler(every),
    )
    .ok()?;
    changed.into_inner().then_some(rewritten)
}

/// The open elements (as their content sees them), the headings that
/// enclose the next one, and how many `<details>` and `<summary>` elements
/// have started.
#[derive(Default)]
struct State {
    open: Vec<String>,
    /// Each enclosing heading: the level written and the level it took.
    outline: Vec<(u8, u8)>,
    details: usize,
    summaries: usize,
}

impl State {
    /// The level a heading written at `level` takes: one under the nearest
    /// heading before it written shallower, the same as one written at its
    /// level, so a run of siblings (`h3, h5, h5`) stays siblings
    /// (`h3, h4, h4`).
    fn fit(&mut self, level: u8) -> u8 {
        while self.outline.last().is_some_and(|&(w, _)| w > level) {
            self.outline.pop();
        }
        let shown = match self.outline.last() {
            Some(&(w, shown)) if w == level => {
                self.outline.pop();
                shown
            }
            Some(&(_, shown)) => shown + 1,
            None => 2,
        };
        let shown = shown.min(level);
        self.outline.push((level, shown));
        shown
    }
}

/// A `<summary>` to move to the front of its `<details>`: which ones, by
/// their order in the document, and where the summary is written.
struct Move {
    details: usize,
    summary: usize,
    range: Range<usize>,
}

/// Every `<details>` whose first element is not its `<summary>`, with the
/// first summary among its children. None when lol_html cannot read `html`.
fn misplaced_summaries(html: &str) -> Option<Vec<Move>> {
    /// An open element: for a `<details>`, its number and whether it has
    /// met a child element yet.
    struct Open {
        details: Option<(usize, bool)>,
    }
    let open: Rc<RefCell<Vec<Open>>> = Rc::default();
    let moves: Rc<RefCell<Vec<Move>>> = Rc::default();
    let counts = RefCell::new((0usize, 0usize));
    let every = element!("*", |el| {
        let name = el.tag_name();
        let mut stack = open.borrow_mut();
        let mut counts = counts.borrow_mut();
        let mut details = None;
        if name == "details" {
            details = Some((counts.0, false));
            counts.0 += 1;
        }
        let summary = (name == "summary").then(|| {
            counts.1 += 1;
            counts.1 - 1
        });
        if let Some(Open {
            details: Some((index, seen)),
            ..
        }) = stack.last_mut()
        {
            let first = !*seen;
            *seen = true;
            let moved = moves.borrow().iter().any(|m| m.details == *index);
            if let Some(summary) = summary
                && !first
                && !moved
            {
                let start = el.source_location().bytes().start;
                let (index, moves) = (*index, Rc::clone(&moves));
                el.on_end_tag(end_tag!(move |end| {
                    let range = start..end.source_location().bytes().end;
                    moves.borrow_mut().push(Move {
                        details: index,
                        summary,
                        range,
                    });
                    Ok(())
                }))?;
            } else if first && summary.is_some() {
                // In its place: nothing to move for this one.
                moves.borrow_mut().push(Move {
                    details: *index,
                    summary: usize::MAX,
                    range: 0..0,
                });
            }
        }
        if el.can_have_content() {
            stack.push(Open { details });
            let open = Rc::clone(&open);
            el.on_end_tag(end_tag!(move |_| {
                open.borrow_mut().pop();
                Ok(())
            }))?;
        }
        Ok(())
    });
    rewrite_str(
        html,
        RewriteStrSettings::new().append_element_content_handler(every),
    )
    .ok()?;
    let mut moves = Rc::try_unwrap(moves).ok()?.into_inner();
    moves.retain(|m| m.summary != usize::MAX);
    Some(moves)
}

/// 2 for `h2`, …; None for any other element.
fn heading_level(name: &str) -> Option<u8> {
    match name.as_bytes() {
        [b'h', digit @ b'1'..=b'6'] => Some(digit - b'0'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::repair;

    #[test]
    fn a_paragraph_inside_text_level_content_is_unwrapped() {
        let html =
            "<details><summary><span><p>1 update.</p>\n</span></summary><p>Body</p></details>";
        assert_eq!(
            repair(html).as_deref(),
            Some("<details><summary><span>1 update. \n</span></summary><p>Body</p></details>")
        );
    }

    #[test]
    fn a_late_summary_moves_to_the_front_of_its_details() {
        let html = "<details>\n<p>Body</p>\n<summary>Two <em>updates</em></summary>\n</details>";
        assert_eq!(
            repair(html).as_deref(),
            Some("<details><summary>Two <em>updates</em></summary>\n<p>Body</p>\n\n</details>")
        );
    }

    #[test]
    fn a_raw_heading_that_skips_a_level_takes_the_next_one() {
        let html = "<h2 id=\"a\">A</h2><h3>B</h3><h5 id=\"c\">C</h5><h3>D</h3>";
        assert_eq!(
            repair(html).as_deref(),
            Some("<h2 id=\"a\">A</h2><h3>B</h3><h4 id=\"c\">C</h4><h3>D</h3>")
        );
        // A run of siblings stays a run of siblings.
        assert_eq!(
            repair("<h3>Goals</h3><h5>One</h5><h5>Two</h5><h5>Three</h5>").as_deref(),
            Some("<h2>Goals</h2><h3>One</h3><h3>Two</h3><h3>Three</h3>")
        );
    }

    #[test]
    fn valid_html_is_left_alone() {
        assert_eq!(
            repair(
                "<details><summary>S</summary><div><p>x</p></div></details><h2>A</h2><h3>B</h3>"
            ),
            None
        );
    }
}
