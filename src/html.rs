//! Reading HTML with a real tokenizer (html5ever's), for the few places that
//! look at markup without building a tree: the sanitiser's nesting guard and
//! `check`'s scan of finished pages. Start and end tags come out with their
//! attributes and line; the contents of `<script>`, `<style>` and the like
//! are passed over, as the tree builder would. A body's text as a reader
//! sees it (`prose`), for an HTML story's words and first paragraph.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// One tag of a document, as the tokenizer saw it.
pub(crate) struct Tag<'t> {
    /// Lower case, as HTML names are.
    pub(crate) name: &'t str,
    pub(crate) end: bool,
    /// The line of the document it is on (1-based).
    pub(crate) line: u64,
    attrs: &'t [html5ever::Attribute],
}

impl Tag<'_> {
    /// The value of the attribute `name`, if the tag has it.
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| &*a.name.local == name)
            .map(|a| &*a.value)
    }
}

/// Whether to go on after a tag.
pub(crate) enum Flow {
    Continue,
    Stop,
}

/// Calls `visit` with every tag of `html`, in order, until it says stop.
/// Linear in the length of `html`, whatever its nesting.
pub(crate) fn tags(html: &str, visit: impl FnMut(&Tag<'_>) -> Flow) {
    tokenize(
        html,
        Sink {
            visit: RefCell::new(visit),
            stopped: RefCell::new(false),
        },
    );
}

/// Runs html5ever's tokenizer over the whole of `html` into `sink`, and
/// gives the sink back with what it gathered.
fn tokenize<S: TokenSink>(html: &str, sink: S) -> S {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink
}

struct Sink<F> {
    visit: RefCell<F>,
    stopped: RefCell<bool>,
}

impl<F: FnMut(&Tag<'_>) -> Flow> TokenSink for Sink<F> {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        if *self.stopped.borrow() {
            return TokenSinkResult::Continue;
        }
        let end = tag.kind == TagKind::EndTag;
        let seen = Tag {
            name: &tag.name,
            end,
            line,
            attrs: &tag.attrs,
        };
        if let Flow::Stop = (self.visit.borrow_mut())(&seen) {
            *self.stopped.borrow_mut() = true;
        }
        if end {
            return TokenSinkResult::Continue;
        }
        raw_data_after(&tag.name)
    }
}

/// What the tokenizer reads after the start tag `name`: the tree builder
/// would switch it to raw text for these, so must we.
fn raw_data_after(name: &str) -> TokenSinkResult<()> {
    match name {
        "script" => TokenSinkResult::RawData(RawKind::ScriptData),
        "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
            TokenSinkResult::RawData(RawKind::Rawtext)
        }
        "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
        _ => TokenSinkResult::Continue,
    }
}

/// A link of a document (`<a href>`): where it leads, the words inside it
/// as a reader sees them, and the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Anchor {
    pub(crate) href: String,
    pub(crate) text: String,
    pub(crate) rel: String,
    pub(crate) line: u64,
}

/// The `lang` of the document's `<html>` element, and every link in it.
pub(crate) fn anchors(html: &str) -> (Option<String>, Vec<Anchor>) {
    let sink = tokenize(html, AnchorSink::default());
    (sink.lang.into_inner(), sink.done.into_inner())
}

#[derive(Default)]
struct AnchorSink {
    lang: RefCell<Option<String>>,
    open: RefCell<Option<Anchor>>,
    done: RefCell<Vec<Anchor>>,
}

impl AnchorSink {
    fn close(&self) {
        if let Some(anchor) = self.open.borrow_mut().take() {
            self.done.borrow_mut().push(anchor);
        }
    }
}

impl TokenSink for AnchorSink {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        let tag = match token {
            Token::CharacterTokens(text) => {
                if let Some(anchor) = self.open.borrow_mut().as_mut() {
                    anchor.text.push_str(&text);
                }
                return TokenSinkResult::Continue;
            }
            Token::TagToken(tag) => tag,
            _ => return TokenSinkResult::Continue,
        };
        let attr = |name: &str| {
            tag.attrs
                .iter()
                .find(|a| &*a.name.local == name)
                .map(|a| a.value.to_string())
        };
        match (&*tag.name, tag.kind) {
            ("a", TagKind::EndTag) => self.close(),
            ("a", TagKind::StartTag) => {
                // An <a> inside another closes it, as the tree builder does.
                self.close();
                if let Some(href) = attr("href") {
                    *self.open.borrow_mut() = Some(Anchor {
                        href,
                        text: String::new(),
                        rel: attr("rel").unwrap_or_default(),
                        line,
                    });
                }
            }
            ("html", TagKind::StartTag) if self.lang.borrow().is_none() => {
                *self.lang.borrow_mut() = attr("lang");
            }
            (name, TagKind::StartTag) => return raw_data_after(name),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// The text of a first paragraph and of the whole of `html` (a story's
/// body), as a reader sees them: what `<script>`, `<style>` and
/// `<template>` hold is not text, and every tag but those within a line
/// (`<a>`, `<em>`, …) is a word break.
pub(crate) fn prose(html: &str) -> (String, String) {
    let sink = tokenize(html, ProseSink::default());
    (sink.first.into_inner(), sink.text.into_inner())
}

/// Where the first paragraph stands while the tokens go by.
#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum First {
    #[default]
    NotYet,
    In,
    Done,
}

#[derive(Default)]
struct ProseSink {
    first: RefCell<String>,
    text: RefCell<String>,
    /// How many elements that hold no text are open.
    hidden: RefCell<usize>,
    state: RefCell<First>,
}

/// Elements within a line of text, which break no word.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd",
    "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
];

/// Elements that end a paragraph when they start (HTML closes an open `<p>`
/// there), besides `</p>` itself.
const CLOSES_PARAGRAPH: &[&str] = &[
    "p",
    "div",
    "ul",
    "ol",
    "dl",
    "table",
    "pre",
    "blockquote",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "section",
    "details",
];

impl TokenSink for ProseSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let tag = match token {
            Token::CharacterTokens(text) => {
                if *self.hidden.borrow() == 0 {
                    self.text.borrow_mut().push_str(&text);
                    if *self.state.borrow() == First::In {
                        self.first.borrow_mut().push_str(&text);
                    }
                }
                return TokenSinkResult::Continue;
            }
            Token::TagToken(tag) => tag,
            _ => return TokenSinkResult::Continue,
        };
        let name = &*tag.name;
        let breaks = !INLINE.contains(&name);
        if breaks {
            self.text.borrow_mut().push(' ');
        }
        let hides = matches!(name, "script" | "style" | "template" | "noscript");
        let state = *self.state.borrow();
        match tag.kind {
            TagKind::StartTag if hides => *self.hidden.borrow_mut() += 1,
            TagKind::EndTag if hides => {
                let mut hidden = self.hidden.borrow_mut();
                *hidden = hidden.saturating_sub(1);
            }
            TagKind::StartTag if state == First::In && CLOSES_PARAGRAPH.contains(&name) => {
                *self.state.borrow_mut() = First::Done;
            }
            TagKind::StartTag if state == First::NotYet && name == "p" => {
                *self.state.borrow_mut() = First::In;
            }
            TagKind::EndTag if state == First::In && name == "p" => {
                *self.state.borrow_mut() = First::Done;
            }
            _ => {}
        }
        if breaks && *self.state.borrow() == First::In {
            self.first.borrow_mut().push(' ');
        }
        match tag.kind {
            TagKind::StartTag => raw_data_after(name),
            TagKind::EndTag => TokenSinkResult::Continue,
        }
    }
}
