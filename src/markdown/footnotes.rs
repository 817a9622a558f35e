//! Footnotes: numbered in the order first met, with ids prefixed so they
//! cannot clash with headings (`fn-name`, `fnref-name`), gathered at the
//! bottom of the story as every peer puts them (Zola's `bottom_footnotes`,
//! Hugo, Jekyll), in the order of their numbers, each with a link back to
//! every place it is referenced (`fnref-name`, `fnref-name-2`, …).

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event};

/// The footnotes met so far, and the definitions held for the bottom.
#[derive(Default)]
pub(super) struct Footnotes<'a> {
    /// Footnote name to (number, references so far).
    numbers: HashMap<String, (usize, usize)>,
    /// The definition being read: its name and events.
    open: Option<(String, Vec<Event<'a>>)>,
    /// The definitions read, for the bottom.
    done: Vec<(String, Vec<Event<'a>>)>,
    /// The label of the link back, in the story's language (else English).
    pub(super) back_label: Option<String>,
}

impl<'a> Footnotes<'a> {
    /// The HTML for a reference to the footnote `name`.
    pub(super) fn reference(&mut self, name: &str) -> String {
        let next = self.numbers.len() + 1;
        let entry = self.numbers.entry(name.to_string()).or_insert((next, 0));
        entry.1 += 1;
        let (number, nth) = *entry;
        let id = footnote_id(name);
        format!(
            "<sup class=\"footnote-reference\" id=\"{}\"><a href=\"#fn-{id}\">{number}</a></sup>",
            reference_id(&id, nth)
        )
    }

    /// Starts holding the definition of `name` for the bottom.
    pub(super) fn open(&mut self, name: &str) {
        let next = self.numbers.len() + 1;
        self.numbers.entry(name.to_string()).or_insert((next, 0));
        if let Some(open) = self.open.take() {
            self.done.push(open);
        }
        self.open = Some((name.to_string(), Vec::new()));
    }

    /// Ends the definition being held.
    pub(super) fn close(&mut self) {
        if let Some(open) = self.open.take() {
            self.done.push(open);
        }
    }

    /// Where an event goes while a definition is being read.
    pub(super) fn holding(&mut self) -> Option<&mut Vec<Event<'a>>> {
        self.open.as_mut().map(|(_, events)| events)
    }

    /// The footnotes, once the story is read: every definition in the
    /// order of its number, each with its links back; None when there are
    /// none (left).
    pub(super) fn bottom(&mut self) -> Option<Vec<Event<'a>>> {
        self.close();
        if self.done.is_empty() {
            return None;
        }
        let mut done = std::mem::take(&mut self.done);
        done.sort_by_key(|(name, _)| self.numbers.get(name).map_or(usize::MAX, |n| n.0));
        let html = |s: String| Event::Html(CowStr::from(s));
        let mut events = vec![html("<div class=\"footnotes\">\n".to_string())];
        let mut written = HashSet::new();
        for (name, body) in done {
            let id = footnote_id(&name);
            if !written.insert(id.clone()) {
                continue; // a second definition of one name: the first wins
            }
            let (number, references) = self.numbers.get(&name).copied().unwrap_or((0, 0));
            events.push(html(format!(
                "<div class=\"footnote-definition\" id=\"fn-{id}\"><span class=\"footnote-definition-label\">{number}.</span>"
            )));
            events.extend(body);
            events.push(html(format!(
                "{}</div>\n",
                self.back_links(&id, references)
            )));
        }
        events.push(html("</div>\n".to_string()));
        Some(events)
    }

    /// A link back to each reference of the note `id`: `↩`, `↩²`, ….
    fn back_links(&self, id: &str, references: usize) -> String {
        let label = self.back_label.as_deref().unwrap_or("Back to the text");
        let mut escaped = String::new();
        let _ = pulldown_cmark_escape::escape_html(&mut escaped, label);
        (1..=references)
            .map(|nth| {
                let (mark, label) = if nth == 1 {
                    (String::new(), escaped.clone())
                } else {
                    (format!("<sup>{nth}</sup>"), format!("{escaped} ({nth})"))
                };
                format!(
                    " <a class=\"footnote-back\" href=\"#{}\" aria-label=\"{label}\">↩{mark}</a>",
                    reference_id(id, nth)
                )
            })
            .collect()
    }
}

/// The id of the `nth` reference to the note `id`.
fn reference_id(id: &str, nth: usize) -> String {
    if nth <= 1 {
        format!("fnref-{id}")
    } else {
        format!("fnref-{id}-{nth}")
    }
}

/// A footnote name made safe for an id attribute.
fn footnote_id(name: &str) -> String {
    let id = slug::slugify(name);
    if id.is_empty() {
        "note".to_string()
    } else {
        id
    }
}
