//! Where a byte of the Markdown is in the story's file: its line and
//! column, through the map back from the Markdown parsed (template tags
//! replaced) to the story's own.

use super::Position;
use super::tags::OffsetMap;
use crate::error::Location;

/// Turns byte offsets of the Markdown that is parsed (template tags
/// replaced) into lines and columns of the story's file. Time is linear in
/// the text for offsets that mostly increase, so a story with a hundred
/// thousand links costs no more than reading it.
pub(super) struct Positions<'a> {
    /// The story's own Markdown.
    text: &'a str,
    /// Offsets of the parsed Markdown to offsets of `text`.
    map: OffsetMap,
    first_line: usize,
    line_starts: Vec<usize>,
    /// The last offset asked for and its column.
    cursor: (usize, usize),
}

impl<'a> Positions<'a> {
    pub(super) fn new(text: &'a str, first_line: usize, map: OffsetMap) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Positions {
            text,
            map,
            first_line,
            line_starts,
            cursor: (0, 1),
        }
    }

    /// The position of byte `offset` of the story's own Markdown.
    pub(super) fn position_in_source(&mut self, offset: usize) -> Position {
        let (index, column) = self.find_in_source(offset);
        Position {
            line: self.first_line + index,
            column,
        }
    }

    /// The line index (0-based) and column of byte `offset` of the parsed Markdown.
    fn find(&mut self, offset: usize) -> (usize, usize) {
        let offset = self.map.to_source(offset);
        self.find_in_source(offset)
    }

    /// The line index (0-based) and column of byte `offset` of the story's Markdown.
    fn find_in_source(&mut self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let index = self
            .line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1);
        let start = self.line_starts.get(index).copied().unwrap_or(0);
        let end = self
            .line_starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.text.len() + 1);
        let (at, column) = self.cursor;
        // Count from the last offset asked for when it is on the same line.
        let column = if (start..=offset).contains(&at) {
            column + self.text[at..offset].chars().count()
        } else if (offset..end).contains(&at) {
            column - self.text[offset..at].chars().count()
        } else {
            self.text[start..offset].chars().count() + 1
        };
        self.cursor = (offset, column);
        (index, column)
    }

    pub(super) fn position(&mut self, offset: usize) -> Position {
        let (index, column) = self.find(offset);
        Position {
            line: self.first_line + index,
            column,
        }
    }

    /// The location of byte `offset` of the parsed Markdown.
    pub(super) fn location(&mut self, offset: usize) -> Location {
        let offset = self.map.to_source(offset);
        self.location_in_source(offset)
    }

    /// The location of byte `offset` of the story's own Markdown.
    pub(super) fn location_in_source(&mut self, offset: usize) -> Location {
        let (index, column) = self.find_in_source(offset);
        let start = self.line_starts.get(index).copied().unwrap_or(0);
        let end = self
            .line_starts
            .get(index + 1)
            .map_or(self.text.len(), |next| next - 1);
        let line_text = self.text[start..end].trim_end_matches('\r').to_string();
        Location {
            line: self.first_line + index,
            column,
            line_text,
        }
    }
}
