//! Footnotes: numbered in the order first met, with ids prefixed so they
//! cannot clash with headings (`fn-name`, `fnref-name`), and a link back
//! from each note to where it is first referenced.

use std::collections::HashMap;

use pulldown_cmark::{Event, Tag, TagEnd};

/// The footnotes met so far.
#[derive(Default)]
pub(super) struct Footnotes {
    /// Footnote name to (number, referenced yet).
    numbers: HashMap<String, (usize, bool)>,
    /// The definitions being written (they do not nest, but a stack costs
    /// nothing and cannot go wrong).
    open: Vec<String>,
    /// The label of the link back, in the story's language (else English).
    pub(super) back_label: Option<String>,
}

impl Footnotes {
    /// The HTML for a footnote reference or the start or end of a
    /// definition; nothing for any other event.
    pub(super) fn html(&mut self, event: Event<'_>) -> String {
        match event {
            Event::FootnoteReference(name) => {
                let (number, first) = self.reference(&name);
                let id = footnote_id(&name);
                let back = if first {
                    format!(" id=\"fnref-{id}\"")
                } else {
                    String::new()
                };
                format!(
                    "<sup class=\"footnote-reference\"{back}><a href=\"#fn-{id}\">{number}</a></sup>"
                )
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                let number = self.number(&name);
                let id = footnote_id(&name);
                self.open.push(name.to_string());
                format!(
                    "<div class=\"footnote-definition\" id=\"fn-{id}\"><span class=\"footnote-definition-label\">{number}.</span>"
                )
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                let name = self.open.pop().unwrap_or_default();
                let id = footnote_id(&name);
                let referenced = self.numbers.get(&name).is_some_and(|(_, seen)| *seen);
                if referenced {
                    let label = self.back_label.as_deref().unwrap_or("Back to the text");
                    let mut escaped = String::new();
                    let _ = pulldown_cmark_escape::escape_html(&mut escaped, label);
                    format!(
                        " <a class=\"footnote-back\" href=\"#fnref-{id}\" aria-label=\"{escaped}\">↩</a></div>\n"
                    )
                } else {
                    "</div>\n".to_string()
                }
            }
            _ => String::new(),
        }
    }

    fn number(&mut self, name: &str) -> usize {
        let next = self.numbers.len() + 1;
        self.numbers
            .entry(name.to_string())
            .or_insert((next, false))
            .0
    }

    /// The footnote's number, and whether this is its first reference.
    fn reference(&mut self, name: &str) -> (usize, bool) {
        let next = self.numbers.len() + 1;
        let entry = self
            .numbers
            .entry(name.to_string())
            .or_insert((next, false));
        let first = !entry.1;
        entry.1 = true;
        (entry.0, first)
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
