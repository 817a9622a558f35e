//! Links. One with an unsafe scheme (`javascript:`, `data:`, ...) loses its
//! link and keeps its text. One to a local file in the story's folder
//! (`[![Chart](chart.png)](chart.png)`) gets that file published beside the
//! page, so it works; one to a local file that cannot be published that
//! way (outside the story's folder, a story's Markdown) is left out, text
//! kept, with a warning. A link to another story by its file (Zola's
//! `@/news/post.md`, `./other-post.md`) becomes a link to that story's
//! page (`stories`), and so does a link to the site's own old address of a
//! page (`https://blog.example.com/2014/09/15/Rust-1.0.html`, `/old/`).
//! Every link is noted, with where its destination is
//! written, for `check`.

use std::ops::Range;
use std::path::{Path, PathBuf};

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::stories::{self, By};
use super::stream::Stream;
use super::{LinkBase, LinkFact, LinkedFile, Source};
use crate::paths::has_scheme;

/// The links open at this point of the story.
#[derive(Default)]
pub(super) struct OpenLinks {
    /// For each, whether its start was written (so its end must be).
    written: Vec<bool>,
    /// The story's folder, canonical; looked up once, when first needed.
    story_dir: Option<Option<PathBuf>>,
}

/// Where a link's destination is, for publishing.
pub(super) enum Local {
    /// Not a local file: another site, a page of this one, an anchor.
    Elsewhere,
    /// A file to publish beside the page.
    File(LinkedFile),
    /// A local file that is not published: the link is left out.
    Refused { message: String, help: String },
}

impl OpenLinks {
    /// Opens a link: its destination resolved (another story, a file
    /// published beside the page) and noted, or the link left out (text
    /// kept) when it cannot be written.
    pub(super) fn start<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>>(
        &mut self,
        stream: &mut Stream<'a, '_, I>,
        link_type: LinkType,
        dest_url: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
        range: Range<usize>,
    ) {
        let at = destination_offset(stream.source.text, range, &dest_url);
        let position = stream.positions.position(at);
        let page = stream.page;
        let to_page = page
            .addresses
            .old_page(&dest_url)
            .map(|(to, anchor)| crate::addresses::link_between(page.url_path, &to, &anchor));
        let destination = match to_page {
            Some(url) => Some(Ok(url)),
            None => story_destination(stream.source, page, &dest_url),
        };
        let (dest_url, to_story) = match destination {
            Some(Ok(url)) => (CowStr::from(url), Some(true)),
            Some(Err(why)) => {
                stream.warn_at(at, why.message, why.help);
                (dest_url, Some(false))
            }
            None => (fragment_escaped(dest_url), None),
        };
        stream.out.links.push(LinkFact {
            dest: dest_url.to_string(),
            at: position,
        });
        let write = if let Some(resolved) = to_story {
            resolved
        } else if is_unsafe_url(&dest_url) {
            false
        } else {
            match self.local_file(stream.source, &dest_url) {
                Local::Elsewhere => true,
                Local::File(file) => {
                    stream.out.files.push(file);
                    true
                }
                Local::Refused { message, help } => {
                    stream.warn_at(at, message, help);
                    false
                }
            }
        };
        self.written.push(write);
        if write {
            stream.emit(Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }));
        }
    }

    /// Closes the link opened last, if its start was written.
    pub(super) fn end<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>>(
        &mut self,
        stream: &mut Stream<'a, '_, I>,
    ) {
        if self.written.pop().unwrap_or(true) {
            stream.emit(Event::End(TagEnd::Link));
        }
    }

    /// Where `dest`, a link of the story `source`, leads: a file to publish
    /// beside the page, one refused, or elsewhere.
    pub(super) fn local_file(&mut self, source: &Source<'_>, dest: &str) -> Local {
        let path = dest.split(['#', '?']).next().unwrap_or("");
        if path.is_empty() || path.starts_with(['/', '\\']) || has_scheme(path) {
            return Local::Elsewhere;
        }
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let file = source.file.dir().join(decoded.as_ref());
        if !file.is_file() {
            return Local::Elsewhere;
        }
        let outside = || {
            Local::Refused {
            message: format!(
                "the link `{dest}` points to a file outside the story's folder, which is not published with the page; the link is left out"
            ),
            help: "move the file into the story's folder and link to it there, or link to its full address (https://…)"
                .to_string(),
        }
        };
        let segments: Vec<&str> = decoded
            .split('/')
            .filter(|s| !s.is_empty() && *s != ".")
            .collect();
        if segments.iter().any(|s| *s == ".." || s.contains('\\')) {
            return outside();
        }
        // The path stays inside; a symbolic link may still lead out.
        let inside = match (self.story_dir(source.file.dir()), file.canonicalize()) {
            (Some(dir), Ok(real)) => real.starts_with(dir),
            _ => false,
        };
        if !inside {
            return outside();
        }
        let path = segments.join("/");
        if path.to_ascii_lowercase().ends_with(".md") {
            return Local::Refused {
                message: format!(
                    "the link `{dest}` points to the Markdown of a story, which is not published; the link is left out"
                ),
                help:
                    "link to the story's page instead (its address on the site, e.g. ../its-slug/)"
                        .to_string(),
            };
        }
        if path == "index.html" {
            return Local::Refused {
                message: format!(
                    "the link `{dest}` points to a file that would take the place of the page; the link is left out"
                ),
                help: "rename the file".to_string(),
            };
        }
        Local::File(LinkedFile { path, file })
    }

    /// `text` with each bare URL in it (`https://…`, `www.…`) a link, as
    /// Hugo's Goldmark makes them when its `linkify` is on.
    pub(super) fn linkified<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>>(
        &mut self,
        stream: &mut Stream<'a, '_, I>,
        text: CowStr<'a>,
        range: Range<usize>,
    ) {
        if !text.contains("://") && !text.contains("www.") {
            stream.emit(Event::Text(text));
            return;
        }
        let mut finder = linkify::LinkFinder::new();
        finder
            .kinds(&[linkify::LinkKind::Url])
            .url_must_have_scheme(false);
        for span in finder.spans(&text) {
            let part = span.as_str().to_string();
            if span.kind().is_none() {
                stream.emit(Event::Text(CowStr::from(part)));
                continue;
            }
            let dest = if part.contains("://") {
                part.clone()
            } else {
                format!("http://{part}")
            };
            let empty = CowStr::from("");
            self.start(
                stream,
                LinkType::Autolink,
                dest.into(),
                empty.clone(),
                empty,
                range.clone(),
            );
            stream.emit(Event::Text(CowStr::from(part)));
            self.end(stream);
        }
    }
}

/// A link to another story by its file: Zola's `@/…`, or a relative
/// path to a Markdown file. None for any other link.
fn story_destination(
    source: &Source<'_>,
    page: &LinkBase<'_>,
    dest: &str,
) -> Option<Result<String, stories::Unresolved>> {
    if dest.starts_with("@/") {
        return Some(stories::resolve(page, source.file, dest, By::Zola));
    }
    let path = dest.split(['#', '?']).next().unwrap_or("");
    if path.is_empty()
        || path.starts_with(['/', '\\'])
        || has_scheme(path)
        || !crate::unbuilt::is_story_file(Path::new(path))
    {
        return None;
    }
    Some(stories::resolve(page, source.file, dest, By::Relative))
}

impl OpenLinks {
    /// Whether the text is inside a link.
    pub(super) fn is_empty(&self) -> bool {
        self.written.is_empty()
    }

    fn story_dir(&mut self, dir: &Path) -> Option<&Path> {
        self.story_dir
            .get_or_insert_with(|| dir.canonicalize().ok())
            .as_deref()
    }
}

/// Where a link's destination is written: in the link (after its text) when
/// it is there, else where the link starts (a reference link).
fn destination_offset(source: &str, range: Range<usize>, dest: &str) -> usize {
    let Some(written) = source.get(range.clone()) else {
        return range.start;
    };
    let after_text = written.rfind("](").map_or(0, |i| i + 2);
    let found = written[after_text..]
        .find(dest)
        .map(|i| after_text + i)
        .or_else(|| written.find(dest));
    range.start + found.unwrap_or(0)
}

/// `dest` with every `#` after the first written `%23`: a URL has one
/// fragment, and `#` is not allowed in it (`…?channels=##rust`).
fn fragment_escaped(dest: CowStr<'_>) -> CowStr<'_> {
    match dest.split_once('#') {
        Some((before, fragment)) if fragment.contains('#') => {
            CowStr::from(format!("{before}#{}", fragment.replace('#', "%23")))
        }
        _ => dest,
    }
}

/// True for link targets that could run code: `javascript:`, `vbscript:`,
/// `data:` and `file:`, however they are disguised with case or whitespace.
fn is_unsafe_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:", "file:"]
        .iter()
        .any(|s| cleaned.starts_with(s))
}
