//! Tables: wrapped in a focusable `<div>` so a wide table scrolls on a
//! narrow screen, header cells scoped to their column, and alignment given
//! by class, not by inline style (which the page's Content-Security-Policy
//! forbids).

use pulldown_cmark::{Alignment, Event, Tag, TagEnd};

/// Where the writer is in the current table.
#[derive(Default)]
pub(super) struct Table {
    alignments: Vec<Alignment>,
    in_head: bool,
    cell: usize,
}

impl Table {
    /// The HTML for a table event; nothing for any other event.
    pub(super) fn html(&mut self, event: Event<'_>) -> String {
        match event {
            Event::Start(Tag::Table(alignments)) => {
                *self = Table {
                    alignments,
                    in_head: false,
                    cell: 0,
                };
                "<div class=\"table-wrap\" tabindex=\"0\"><table>".into()
            }
            Event::End(TagEnd::Table) => "</tbody></table></div>\n".into(),
            Event::Start(Tag::TableHead) => {
                self.in_head = true;
                self.cell = 0;
                "<thead><tr>".into()
            }
            Event::End(TagEnd::TableHead) => {
                self.in_head = false;
                "</tr></thead><tbody>\n".into()
            }
            Event::Start(Tag::TableRow) => {
                self.cell = 0;
                "<tr>".into()
            }
            Event::End(TagEnd::TableRow) => "</tr>\n".into(),
            Event::Start(Tag::TableCell) => {
                let tag = if self.in_head {
                    "th scope=\"col\""
                } else {
                    "td"
                };
                let class = match self.alignments.get(self.cell) {
                    Some(Alignment::Left) => " class=\"align-left\"",
                    Some(Alignment::Center) => " class=\"align-center\"",
                    Some(Alignment::Right) => " class=\"align-right\"",
                    _ => "",
                };
                format!("<{tag}{class}>")
            }
            Event::End(TagEnd::TableCell) => {
                self.cell += 1;
                let tag = if self.in_head { "th" } else { "td" };
                format!("</{tag}>")
            }
            _ => String::new(),
        }
    }
}
