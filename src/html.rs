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
        // The tree builder would switch the tokenizer for these; so must we.
        match &*tag.name {
            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
                TokenSinkResult::RawData(RawKind::Rawtext)
            }
            "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
            _ => TokenSinkResult::Continue,
        }
    }
}
