//! Where a setting is written in `site.toml`, for pointing a message at it.

use crate::error::Location;

/// A step into a TOML document: a key of a table, or an item of an array.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Step<'a> {
    Key(&'a str),
    Item(usize),
}

/// Where the value at `path` is written in the TOML document `text`, when
/// the document parses and holds it: for pointing a message at a setting.
pub(crate) fn locate(text: &str, path: &[Step<'_>]) -> Option<Location> {
    let table = toml::de::DeTable::parse(text).ok()?;
    let (span, table) = (table.span(), table.into_inner());
    let root = toml::Spanned::new(span, toml::de::DeValue::Table(table));
    let mut value = &root;
    for step in path {
        value = match step {
            Step::Key(key) => value.get_ref().get(*key)?,
            Step::Item(index) => value.get_ref().get(*index)?,
        };
    }
    Some(Location::at_offset(text, value.span().start, 1))
}
