//! The scan over a story's Markdown: each tag found is handed to what
//! handles its form and name, and replaced by what it stands for.
//! Text between tags is copied as it is; a block's closing tag (of a
//! highlighted block, an unknown paired shortcode) is found when the block
//! opens, so the block's inside is known before it is read.

use std::borrow::Cow;
use std::ops::Range;

use super::native;
use super::syntax::{self, Call, Form, Tag};
use super::{Context, Expanded, Met, OffsetMap, Problem, shown};
use crate::markdown::stories::{self, By};
use crate::markdown::{TAGS_RENDERED_HELP, tag_left_out_message};

pub(super) struct Scanner<'t, 'c> {
    text: &'t str,
    context: &'c Context<'c>,
    /// A Jekyll post: every `{{ … }}` is Liquid.
    jekyll: bool,
    /// Code spans and blocks (and highlighted blocks' insides), in order.
    code: Vec<Range<usize>>,
    out: String,
    /// The end of what has been copied or replaced.
    copied: usize,
    map: OffsetMap,
    met: Vec<Met>,
    problems: Vec<Problem>,
    /// Blocks open, innermost last.
    open: Vec<Open>,
}

enum Open {
    /// A highlighted block: its fence, and where its closing tag starts.
    Fence { fence: String, closer: usize },
    /// An unknown paired tag, left out, its inside kept: where its closing tag starts.
    Dropped { closer: usize },
}

impl Open {
    fn closer(&self) -> usize {
        match self {
            Open::Fence { closer, .. } | Open::Dropped { closer } => *closer,
        }
    }
}

impl<'t, 'c> Scanner<'t, 'c> {
    pub(super) fn new(text: &'t str, code: Vec<Range<usize>>, context: &'c Context<'c>) -> Self {
        Scanner {
            text,
            context,
            jekyll: context.file.is_jekyll(),
            code,
            out: String::new(),
            copied: 0,
            map: OffsetMap::default(),
            met: Vec::new(),
            problems: Vec::new(),
            open: Vec::new(),
        }
    }

    pub(super) fn run(mut self) -> Expanded<'t> {
        let mut at = 0;
        while let Some(found) = self.text.get(at..).and_then(|rest| rest.find('{')) {
            let start = at + found;
            at = match syntax::tag_at(self.text, start) {
                Some(tag) => self.tag(tag),
                None => start + 1,
            };
        }
        let text = if self.map.edits.is_empty() {
            Cow::Borrowed(self.text)
        } else {
            self.out
                .push_str(self.text.get(self.copied..).unwrap_or(""));
            Cow::Owned(self.out)
        };
        Expanded {
            text,
            map: self.map,
            met: self.met,
            problems: self.problems,
        }
    }

    /// Handles `tag`; returns where the scan goes on.
    fn tag(&mut self, tag: Tag<'t>) -> usize {
        let range = tag.range.clone();
        if self
            .open
            .last()
            .is_some_and(|open| open.closer() == range.start)
        {
            match self.open.pop() {
                Some(Open::Fence { fence, .. }) => {
                    let fence = self.on_own_line(&range, fence);
                    self.replace(&range, &fence);
                }
                _ => self.replace(&range, ""),
            }
            return range.end;
        }
        if let Some(escaped) = &tag.escaped {
            self.replace(&range, escaped);
            return range.end;
        }
        let call = syntax::call(tag.inner);
        if self.in_code(range.start) {
            if self.jekyll && tag.form == Form::Statement && call.name == "raw" {
                return self.raw(&tag);
            }
            return range.end;
        }
        let is_call = call.parenthesised && is_identifier(&call.name);
        match tag.form {
            Form::Statement if is_call => self.zola_block(&tag, &call),
            Form::Statement => self.liquid(&tag, &call),
            Form::Output if is_call => self.shortcode(&tag, &call),
            Form::Output if self.jekyll => {
                match native::liquid_output(
                    &syntax::arguments(tag.inner),
                    self.context.page.addresses,
                ) {
                    Some(value) => self.rendered(&tag, &value),
                    None => self.unknown(&tag, false),
                }
                range.end
            }
            // Text, as Hugo and Zola leave it.
            Form::Output => range.start + 1,
            Form::Shortcode => self.shortcode(&tag, &call),
        }
    }

    /// A Liquid tag, `{% name … %}`.
    fn liquid(&mut self, tag: &Tag<'t>, call: &Call) -> usize {
        let written = || {
            call.args
                .first()
                .map(|a| a.value.clone())
                .unwrap_or_default()
        };
        match call.name.as_str() {
            "raw" => return self.raw(tag),
            "comment" => match self.closer(tag.range.end, |t| is_statement(t, "endcomment")) {
                Some(end) => {
                    self.met(tag, true);
                    self.replace(&(tag.range.start..end.range.end), "");
                    return end.range.end;
                }
                None => self.unclosed(tag, "{% endcomment %}"),
            },
            "highlight" => {
                return self.fence(
                    tag,
                    |_| native::language(call),
                    "{% endhighlight %}",
                    |t| is_statement(t, "endhighlight"),
                );
            }
            "link" => self.story_link(tag, &written(), By::JekyllLink),
            "post_url" => self.story_link(tag, &written(), By::JekyllPost),
            _ => self.unknown(tag, false),
        }
        tag.range.end
    }

    /// A Hugo shortcode (`{{< name … >}}`) or a Zola call (`{{ name(…) }}`).
    fn shortcode(&mut self, tag: &Tag<'t>, call: &Call) -> usize {
        let made = match call.name.as_str() {
            "figure" => native::figure(call),
            "youtube" | "vimeo" => native::video(&call.name, call),
            "gist" => native::gist(call),
            "ref" | "relref" => {
                let written = call.arg("path", Some(0)).unwrap_or_default().to_string();
                self.story_link(tag, &written, By::Hugo);
                return tag.range.end;
            }
            "highlight" if tag.form == Form::Shortcode => {
                return self.paired_fence(tag, call, |_| native::language(call));
            }
            name if tag.form == Form::Shortcode && native::CODE_SHORTCODES.contains(&name) => {
                return self.paired_fence(tag, call, |body| native::enclosed_language(call, body));
            }
            _ => None,
        };
        match made {
            Some(markdown) => self.rendered(tag, &markdown),
            None if tag.form == Form::Shortcode && !call.name.starts_with('/') => {
                let closing = format!("/{}", call.name);
                let closer = self.closer(tag.range.end, |t| {
                    t.form == Form::Shortcode && syntax::call(t.inner).name == closing
                });
                self.unknown(tag, closer.is_some());
                if let Some(closer) = closer {
                    self.open.push(Open::Dropped {
                        closer: closer.range.start,
                    });
                }
            }
            None => self.unknown(tag, false),
        }
        tag.range.end
    }

    /// A Zola shortcode with a body, `{% name(…) %}` … `{% end %}`.
    fn zola_block(&mut self, tag: &Tag<'t>, call: &Call) -> usize {
        if call.name == "highlight" {
            return self.fence(
                tag,
                |_| native::language(call),
                "{% end %}",
                |t| is_statement(t, "end"),
            );
        }
        let closer = self.closer(tag.range.end, |t| is_statement(t, "end"));
        self.unknown(tag, closer.is_some());
        if let Some(closer) = closer {
            self.open.push(Open::Dropped {
                closer: closer.range.start,
            });
        }
        tag.range.end
    }

    /// `{% raw %}` … `{% endraw %}`: the inside is kept exactly as written.
    fn raw(&mut self, tag: &Tag<'t>) -> usize {
        let Some(end) = self.closer(tag.range.end, |t| is_statement(t, "endraw")) else {
            self.unclosed(tag, "{% endraw %}");
            return tag.range.end;
        };
        self.met(tag, true);
        self.replace(&tag.range, "");
        self.replace(&end.range, "");
        end.range.end
    }

    /// A Hugo shortcode whose inside is code, up to `{{< /name >}}`: a
    /// fenced code block in the language `language` gives for its inside.
    fn paired_fence(
        &mut self,
        tag: &Tag<'t>,
        call: &Call,
        language: impl FnOnce(&str) -> String,
    ) -> usize {
        let closing = format!("/{}", call.name);
        let shown = format!("{{{{< {closing} >}}}}");
        self.fence(tag, language, &shown, |t| {
            t.form == Form::Shortcode && syntax::call(t.inner).name == closing
        })
    }

    /// A highlighted block: a fenced code block in the language that
    /// `language` gives for its inside, up to the closing tag that
    /// `is_closer` recognises.
    fn fence(
        &mut self,
        tag: &Tag<'t>,
        language: impl FnOnce(&str) -> String,
        closing: &str,
        is_closer: impl Fn(&Tag<'_>) -> bool,
    ) -> usize {
        let Some(closer) = self.closer(tag.range.end, is_closer) else {
            self.unclosed(tag, closing);
            return tag.range.end;
        };
        let body = tag.range.end..closer.range.start;
        let inside = self.text.get(body.clone()).unwrap_or("");
        let fence = native::fence(inside);
        let open = self.on_own_line(&tag.range, format!("{fence}{}", language(inside)));
        self.met(tag, true);
        self.replace(&tag.range, &open);
        let at = self.code.partition_point(|r| r.start < body.start);
        self.code.insert(at, body);
        self.open.push(Open::Fence {
            fence,
            closer: closer.range.start,
        });
        tag.range.end
    }

    /// `link`, `post_url`, `ref` and `relref`: the address of another story.
    fn story_link(&mut self, tag: &Tag<'t>, written: &str, by: By) {
        match stories::resolve(self.context.page, self.context.file, written, by) {
            Ok(url) => self.rendered(tag, &url),
            Err(why) => {
                self.met(tag, true);
                self.replace(&tag.range, "");
                let tag_text = shown(self.text.get(tag.range.clone()).unwrap_or(""));
                self.problems.push(Problem {
                    offset: tag.range.start,
                    error: false,
                    message: format!("`{tag_text}`: {}", why.message),
                    help: why.help,
                });
            }
        }
    }

    /// The first tag from `from` on that `is_closer` recognises.
    fn closer(&self, from: usize, is_closer: impl Fn(&Tag<'_>) -> bool) -> Option<Tag<'t>> {
        let mut at = from;
        while let Some(found) = self.text.get(at..).and_then(|rest| rest.find('{')) {
            let start = at + found;
            match syntax::tag_at(self.text, start) {
                Some(tag) if is_closer(&tag) => return Some(tag),
                Some(tag) => at = tag.range.end,
                None => at = start + 1,
            }
        }
        None
    }

    fn in_code(&self, offset: usize) -> bool {
        let index = self.code.partition_point(|r| r.start <= offset);
        index
            .checked_sub(1)
            .and_then(|i| self.code.get(i))
            .is_some_and(|r| offset < r.end)
    }

    /// `text` with line breaks added so that it stands on a line of its
    /// own where `range` is (a code fence must).
    fn on_own_line(&self, range: &Range<usize>, text: String) -> String {
        let before = self.text.get(..range.start).unwrap_or("");
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let after = self.text.get(range.end..).unwrap_or("");
        let rest_of_line = after.split('\n').next().unwrap_or("");
        let mut out = String::new();
        if !before.get(line_start..).unwrap_or("").trim().is_empty() {
            out.push('\n');
        }
        out.push_str(&text);
        if !rest_of_line.trim().is_empty() {
            out.push('\n');
        }
        out
    }

    fn rendered(&mut self, tag: &Tag<'t>, text: &str) {
        self.met(tag, true);
        self.replace(&tag.range, text);
    }

    /// A tag broadside does not render: left out, with a warning.
    fn unknown(&mut self, tag: &Tag<'t>, paired: bool) {
        self.met(tag, false);
        self.replace(&tag.range, "");
        let tag_text = shown(self.text.get(tag.range.clone()).unwrap_or(""));
        let inside = if paired {
            "; what it encloses is kept"
        } else {
            ""
        };
        self.problems.push(Problem {
            offset: tag.range.start,
            error: false,
            message: format!("{}{inside}", tag_left_out_message(&tag_text)),
            help: TAGS_RENDERED_HELP.to_string(),
        });
    }

    fn unclosed(&mut self, tag: &Tag<'t>, closing: &str) {
        self.met(tag, false);
        self.replace(&tag.range, "");
        let tag_text = shown(self.text.get(tag.range.clone()).unwrap_or(""));
        self.problems.push(Problem {
            offset: tag.range.start,
            error: true,
            message: format!("the template tag `{tag_text}` is never closed"),
            help: format!("add {closing} where the block ends"),
        });
    }

    fn met(&mut self, tag: &Tag<'t>, rendered: bool) {
        let written = shown(self.text.get(tag.range.clone()).unwrap_or(""));
        self.met.push(Met {
            offset: tag.range.start,
            tag: written,
            rendered,
        });
    }

    /// Replaces `range` of the story's text by `text`.
    fn replace(&mut self, range: &Range<usize>, text: &str) {
        self.out
            .push_str(self.text.get(self.copied..range.start).unwrap_or(""));
        let start = self.out.len();
        self.out.push_str(text);
        self.map.push(start..self.out.len(), range.clone());
        self.copied = range.end;
    }
}

fn is_statement(tag: &Tag<'_>, name: &str) -> bool {
    tag.form == Form::Statement && syntax::call(tag.inner).name == name
}

fn is_identifier(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}
