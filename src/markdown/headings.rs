//! Headings: a stable unique id for each, and levels fit for a page whose
//! headline is its only `<h1>`.
//!
//! Levels are shifted so that the body's shallowest heading is an `<h2>`
//! and no level is skipped: a post that starts at `###` gets `<h2>`, its
//! `####` under that `<h3>`, and so on. Each heading is placed under the
//! nearest heading before it that was written shallower, so the outline
//! the writer meant is kept; ids do not change with the level.
//!
//! A migrated site's ids follow its old generator's rules ([`HeadingIds`]),
//! so links to `#whats-in-11-stable` or `#128-bit-integers` still land,
//! made from the heading's text as written (before typography).

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::kramdown;
use super::stream::Stream;

/// A heading attribute: name and value (`{key=value}`).
type Attribute<'a> = (CowStr<'a>, Option<CowStr<'a>>);

/// How ids are made from a heading's text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum HeadingIds {
    /// A slug (`what-s-new`), `section-` before one that would start with
    /// a digit.
    #[default]
    Broadside,
    /// Jekyll's kramdown with its GFM input (Jekyll's default): lower case,
    /// every character but letters, digits, `_`, `-` and spaces left out,
    /// spaces made `-` (`What's in 1.1` gives `whats-in-11`).
    Kramdown,
    /// GitHub's, as Hugo's Goldmark makes them: the same as kramdown's, but
    /// other white space counts as a space too.
    Github,
    /// Zola's: a slug, which may start with a digit (`128-bit-integers`).
    Zola,
}

impl HeadingIds {
    /// The style named in `site.toml` (`kramdown`, `github`, `zola`,
    /// `broadside`; `gfm`, `hugo`, `jekyll` too).
    pub fn named(name: &str) -> Option<HeadingIds> {
        match name.to_ascii_lowercase().as_str() {
            "broadside" => Some(HeadingIds::Broadside),
            "kramdown" | "jekyll" => Some(HeadingIds::Kramdown),
            "github" | "gfm" | "hugo" | "goldmark" => Some(HeadingIds::Github),
            "zola" => Some(HeadingIds::Zola),
            _ => None,
        }
    }

    /// The id made of `text` (before it is made unique).
    fn of(self, text: &str) -> String {
        match self {
            HeadingIds::Broadside => {
                let base = slug::slugify(text);
                if base.is_empty() || base.starts_with(|c: char| c.is_ascii_digit()) {
                    format!("section-{base}").trim_end_matches('-').to_string()
                } else {
                    base
                }
            }
            HeadingIds::Zola => slug::slugify(text),
            HeadingIds::Kramdown | HeadingIds::Github => {
                let github = self == HeadingIds::Github;
                text.trim()
                    .chars()
                    .filter_map(|c| {
                        if c.is_alphanumeric() || c == '_' || c == '-' {
                            Some(c.to_lowercase().collect::<String>())
                        } else if c == ' ' || c == '\t' || (github && c.is_whitespace()) {
                            Some("-".to_string())
                        } else {
                            None
                        }
                    })
                    .collect()
            }
        }
    }
}

/// The ids given so far and the open outline.
pub(super) struct Headings {
    used_ids: HashSet<String>,
    /// For each generated id, the first number suffix not yet tried.
    next_suffix: HashMap<String, usize>,
    /// When true, `used_ids` starts with the hand-written ids, and an empty
    /// hand-written id (`{#}`) asks for a generated one.
    reserved: bool,
    /// The headings that enclose the next one: level written, level shown.
    outline: Vec<(usize, usize)>,
    /// The level shown for the heading being written.
    current: HeadingLevel,
    style: HeadingIds,
}

impl Headings {
    pub(super) fn new(used_ids: HashSet<String>, reserved: bool, style: HeadingIds) -> Self {
        Headings {
            style,
            used_ids,
            next_suffix: HashMap::new(),
            reserved,
            outline: Vec::new(),
            current: HeadingLevel::H2,
        }
    }

    /// The level to show for a heading written at `written`.
    fn open(&mut self, written: HeadingLevel) -> HeadingLevel {
        let written = written as usize;
        while self.outline.last().is_some_and(|&(w, _)| w > written) {
            self.outline.pop();
        }
        let shown = match self.outline.last() {
            Some(&(w, shown)) if w == written => {
                self.outline.pop();
                shown
            }
            Some(&(_, shown)) => shown + 1,
            None => 2,
        };
        let shown = shown.min(6);
        self.outline.push((written, shown));
        self.current = HeadingLevel::try_from(shown).unwrap_or(HeadingLevel::H6);
        self.current
    }

    /// The id written by hand, else one made from the heading's text.
    fn id<'a>(&mut self, written: Option<CowStr<'a>>, text: &str) -> CowStr<'a> {
        match written {
            Some(id) if !self.reserved || !id.is_empty() => {
                self.used_ids.insert(id.to_string());
                id
            }
            _ => CowStr::from(self.unique_id(text)),
        }
    }

    fn unique_id(&mut self, text: &str) -> String {
        let mut base = self.style.of(text);
        if base.is_empty() {
            base = "section".to_string();
        }
        let mut id = base.clone();
        // Start after the suffixes already taken, so many headings with one
        // name cost linear time, not quadratic.
        let mut n = self.next_suffix.get(&base).copied().unwrap_or(1);
        while !self.used_ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.next_suffix.insert(base, n);
        id
    }

    /// Takes `id` for an element other than a heading (`<a name>`); false
    /// when something already has it.
    pub(super) fn claim(&mut self, id: &str) -> bool {
        self.used_ids.insert(id.to_string())
    }
}

impl Headings {
    /// Opens a heading: its level shown, its id, its fact noted.
    pub(super) fn start<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>>(
        &mut self,
        stream: &mut Stream<'a, '_, I>,
        level: HeadingLevel,
        id: Option<CowStr<'a>>,
        classes: Vec<CowStr<'a>>,
        attrs: Vec<Attribute<'a>>,
    ) {
        let (text, written) = heading_text(stream);
        let level = self.open(level);
        let from = if self.style == HeadingIds::Broadside {
            &text
        } else {
            &written
        };
        let id = self.id(id, from);
        stream.out.headings.push(super::HeadingFact {
            level: level as u8,
            id: id.to_string(),
            text: text.trim().to_string(),
        });
        let (classes, attrs) = attributes(classes, attrs);
        stream.emit(Event::Start(Tag::Heading {
            level,
            id: Some(id),
            classes,
            attrs,
        }));
    }

    /// Closes the heading opened last, at the level it was shown.
    pub(super) fn end<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>>(
        &self,
        stream: &mut Stream<'a, '_, I>,
    ) {
        stream.emit(Event::End(TagEnd::Heading(self.current)));
    }
}

/// The text of the heading just opened, read ahead (not taken): as
/// shown, and as written (before typography: `--`, `'`).
fn heading_text<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>>(
    stream: &mut Stream<'a, '_, I>,
) -> (String, String) {
    let mut text = String::new();
    let mut written = String::new();
    let source = stream.source;
    let mut n = 0;
    while let Some((event, range)) = stream.peek(n) {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) => {
                text.push_str(t);
                let raw = source.text.get(range.clone()).unwrap_or(t);
                written.push_str(&unescaped(raw));
            }
            Event::Code(t) => {
                text.push_str(t);
                written.push_str(t);
            }
            _ => {}
        }
        n += 1;
    }
    let clean = |t: String| {
        if t.contains("{:") {
            kramdown::remove_from(&t)
        } else {
            t
        }
    };
    (clean(text), clean(written))
}

/// Markdown's backslash escapes taken out (`\\_` is `_`).
fn unescaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek() {
            Some(&next) if c == '\\' && next.is_ascii_punctuation() => {}
            _ => out.push(c),
        }
    }
    out
}

/// A heading's classes and attributes, with kramdown's (`{:class="x"}`,
/// which pulldown-cmark reads as an attribute named `:class`) made classes
/// and its other `:`-attributes, which are no HTML, left out.
fn attributes<'a>(
    mut classes: Vec<CowStr<'a>>,
    attrs: Vec<Attribute<'a>>,
) -> (Vec<CowStr<'a>>, Vec<Attribute<'a>>) {
    let mut kept = Vec::with_capacity(attrs.len());
    for (name, value) in attrs {
        if name.as_ref() == ":class" || name.as_ref() == "class" {
            let value = value.as_deref().unwrap_or("").trim_matches(['"', '\'']);
            classes.extend(
                value
                    .split_whitespace()
                    .filter(|c| kramdown::is_safe_class(c))
                    .map(|c| CowStr::from(c.to_string())),
            );
        } else if !name.starts_with(':') {
            kept.push((name, value));
        }
    }
    (classes, kept)
}
