//! What a story's text adds up to: its words (for the reading time) and
//! its first paragraph's text (for the page's description).

/// Words and the first paragraph's text, for the reading time and the
/// page's description.
#[derive(Default)]
pub(super) struct Summary {
    pub first_paragraph: String,
    pub words: usize,
    paragraphs_seen: usize,
    in_first: bool,
}

impl Summary {
    pub(super) fn note(&mut self, text: &str) {
        self.words += crate::lang::reading::units(text);
        if self.in_first {
            self.first_paragraph.push_str(text);
        }
    }

    pub(super) fn space(&mut self) {
        if self.in_first {
            self.first_paragraph.push(' ');
        }
    }

    pub(super) fn start_paragraph(&mut self) {
        self.paragraphs_seen += 1;
        self.in_first = self.paragraphs_seen == 1;
    }

    pub(super) fn end_paragraph(&mut self) {
        self.in_first = false;
    }
}
