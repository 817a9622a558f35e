//! Reading HTML with a real tokenizer (html5ever's), for the few places that
//! look at markup without building a tree: the sanitiser's nesting guard and
//! `check`'s scan of finished pages. Start and end tags come out with their
//! attributes and line; the contents of `<script>`, `<style>` and the like
//! are passed over, as the tree builder would.

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
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(
        Sink {
            visit: RefCell::new(visit),
            stopped: RefCell::new(false),
        },
        TokenizerOpts::default(),
    );
    let _ = tokenizer.feed(&input);
    tokenizer.end();
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
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(AnchorSink::default(), TokenizerOpts::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let sink = tokenizer.sink;
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
