//! `broadside check`: builds the site in memory and reports every problem
//! without writing anything.
//!
//! Besides the build's own diagnostics (every front matter, settings and
//! template problem), the built pages are read back and checked for what a
//! reader or a search engine would trip over: local links and `#anchors`
//! that point nowhere, images without alt text, and a description longer
//! than search engines show. Each problem is pointed at the source file that
//! caused it where that can be found, else at the built page.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::process::ExitCode;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};

use crate::config::SiteConfig;
use crate::error::{Diagnostic, Location, stderr_wants_color};
use crate::markdown::{ImageFact, Position};
use crate::output::OutputFile;
use crate::page::DESCRIPTION_LENGTH;
use crate::{BuildOptions, StorySource};

/// How much a command prints: `--quiet` (errors only) or `--verbose`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Report {
    pub quiet: bool,
    pub verbose: bool,
}

impl Report {
    /// Prints diagnostics to stderr, in colour on a terminal without
    /// `NO_COLOR`; warnings are left out with `--quiet`.
    pub fn diagnostics(&self, diagnostics: &[Diagnostic]) {
        let color = stderr_wants_color();
        for d in diagnostics {
            if self.quiet && !d.is_error() {
                continue;
            }
            eprintln!("{}", d.render(color));
        }
    }
}

/// What `check` found.
#[derive(Debug, Default)]
pub struct Findings {
    /// Every problem, errors and warnings, in the order found.
    pub diagnostics: Vec<Diagnostic>,
    /// The pages checked (paths in the built site); none when the build failed.
    pub pages: Vec<String>,
    /// Whether the site built (when it did not, its pages could not be read).
    pub built: bool,
}

impl Findings {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// Builds in memory and checks the result. Writes nothing.
pub fn check(options: &BuildOptions) -> Findings {
    let built = match crate::build_in_memory(options) {
        Ok(built) => built,
        Err(failure) => return Findings { diagnostics: failure.diagnostics, pages: Vec::new(), built: false },
    };
    let sources = Sources::load(options, &built.story_sources);
    let found = check_pages(&built.files, &built.config, &sources);
    // A build warning that check finds to be an error at the same place (a
    // raw <img> with no alt) is said once, as the error.
    let places: HashSet<(Option<PathBuf>, usize, usize)> = found
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| d.location.as_ref().map(|l| (d.path.clone(), l.line, l.column)))
        .collect();
    // Template tags left out are listed from the facts, every one (the
    // build's warnings stop at a hundred a story).
    let tags = tags_left_out(&built.story_sources, &sources);
    let tag_places: HashSet<(Option<PathBuf>, usize, usize)> =
        tags.iter().filter_map(|d| d.location.as_ref().map(|l| (d.path.clone(), l.line, l.column))).collect();
    let mut diagnostics: Vec<Diagnostic> = built
        .warnings
        .iter()
        .filter(|w| w.location.as_ref().is_none_or(|l| !places.contains(&(w.path.clone(), l.line, l.column))))
        .filter(|w| w.location.as_ref().is_none_or(|l| !tag_places.contains(&(w.path.clone(), l.line, l.column))))
        .filter(|w| !w.message.ends_with(crate::markdown::MORE_TAGS))
        .cloned()
        .collect();
    diagnostics.extend(tags);
    diagnostics.extend(found);
    diagnostics.extend(crate::unbuilt::markdown_not_built(&built.skipped, &built.unused));
    let pages = built.files.iter().filter(|f| f.path.ends_with(".html")).map(|f| f.path.clone()).collect();
    Findings { diagnostics, pages, built: true }
}

/// A warning for each template tag that a story holds and broadside left
/// out, at the place it is written.
fn tags_left_out(story_sources: &[StorySource], sources: &Sources) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for story in story_sources {
        for tag in story.tags.iter().filter(|t| !t.rendered) {
            let d = Diagnostic::warning(crate::markdown::tag_left_out_message(&tag.tag))
                .help(crate::markdown::TAGS_RENDERED_HELP);
            out.push(match sources.stories.get(&story.page) {
                Some((path, text)) => d.in_file(path).at(Location::at_line(text, tag.at.line, tag.at.column)),
                None => d.in_file(&story.path),
            });
        }
    }
    out
}

/// `broadside check`: prints the findings; exit 1 when any is an error.
pub fn run(options: &BuildOptions, report: Report) -> ExitCode {
    let findings = check(options);
    if report.verbose {
        for page in &findings.pages {
            eprintln!("checked {page}");
        }
    }
    report.diagnostics(&findings.diagnostics);
    let (errors, warnings) = (findings.errors(), findings.warnings());
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if errors > 0 {
        let what = if findings.built {
            format!("checked {}", plural(findings.pages.len(), "page"))
        } else {
            "the site does not build".to_string()
        };
        eprintln!("check failed: {what}: {}, {}", plural(errors, "error"), plural(warnings, "warning"));
        return ExitCode::from(1);
    }
    if !report.quiet {
        let found = if warnings == 0 { "no problems found".to_string() } else { plural(warnings, "warning") };
        println!("checked {}: {found}", plural(findings.pages.len(), "page"));
    }
    ExitCode::SUCCESS
}

/// What a built page holds that can be checked.
#[derive(Debug, Default)]
struct PageScan {
    ids: HashSet<String>,
    /// `href`s and `src`s with the line of the built page they are on.
    links: Vec<(String, u64)>,
    /// Images that need alt text and have none, with their line.
    missing_alt: Vec<u64>,
    description: Option<String>,
}

struct ScanSink(RefCell<PageScan>);

impl TokenSink for ScanSink {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else { return TokenSinkResult::Continue };
        if tag.kind != TagKind::StartTag {
            return TokenSinkResult::Continue;
        }
        let attr = |name: &str| tag.attrs.iter().find(|a| &*a.name.local == name).map(|a| a.value.to_string());
        let mut scan = self.0.borrow_mut();
        if let Some(id) = attr("id") {
            scan.ids.insert(id);
        }
        match &*tag.name {
            "a" | "area" | "link" => {
                if &*tag.name == "a"
                    && let Some(name) = attr("name")
                {
                    scan.ids.insert(name);
                }
                if let Some(href) = attr("href") {
                    scan.links.push((href, line));
                }
            }
            "img" => {
                if let Some(src) = attr("src") {
                    scan.links.push((src, line));
                }
                // alt="" is right for a decorative image, when the page says so.
                let decorative = attr("role").is_some_and(|r| r == "presentation" || r == "none")
                    || attr("aria-hidden").is_some_and(|v| v == "true");
                if !decorative && attr("alt").is_none_or(|alt| alt.trim().is_empty()) {
                    scan.missing_alt.push(line);
                }
            }
            "meta" if attr("name").is_some_and(|n| n.eq_ignore_ascii_case("description")) => {
                scan.description = attr("content");
            }
            // The tree builder would switch the tokenizer for these; so must we.
            "script" => return TokenSinkResult::RawData(RawKind::ScriptData),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" => return TokenSinkResult::RawData(RawKind::Rawtext),
            "title" | "textarea" => return TokenSinkResult::RawData(RawKind::Rcdata),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

fn scan_page(html: &str) -> PageScan {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(ScanSink(RefCell::new(PageScan::default())), TokenizerOpts::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.take()
}

/// The source files a built page may have come from, to point problems at.
struct Sources {
    /// Built page path (`index.html`, `a/index.html`) to its story file.
    stories: HashMap<String, (PathBuf, String)>,
    /// Built page path to the images of its story's body.
    images: HashMap<String, Vec<ImageFact>>,
    /// Built page path to where each link destination is first written.
    link_places: HashMap<String, HashMap<String, Position>>,
    templates: Vec<(PathBuf, String)>,
}

impl Sources {
    fn load(options: &BuildOptions, story_sources: &[StorySource]) -> Sources {
        let stories = story_sources
            .iter()
            .filter_map(|s| std::fs::read_to_string(&s.path).ok().map(|text| (s.page.clone(), (s.path.clone(), text))))
            .collect();
        let images = story_sources.iter().map(|s| (s.page.clone(), s.images.clone())).collect();
        let link_places = story_sources
            .iter()
            // Reversed, so the first place a destination is written wins.
            .map(|s| (s.page.clone(), s.links.iter().rev().map(|l| (l.dest.clone(), l.at)).collect()))
            .collect();
        let templates = options
            .templates_dir
            .iter()
            .flat_map(|dir| crate::render::template_files(dir))
            .filter_map(|path| std::fs::read_to_string(&path).ok().map(|text| (path, text)))
            .collect();
        Sources { stories, images, link_places, templates }
    }

    /// Points `d` at where the link `href` is written in the page's story,
    /// else as [`Sources::locate`] does.
    fn locate_link(&self, page: &str, href: &str, line: u64, d: Diagnostic) -> Diagnostic {
        let written = self.link_places.get(page).and_then(|places| places.get(href));
        match (written, self.stories.get(page)) {
            (Some(at), Some((path, text))) => d.in_file(path).at(Location::at_line(text, at.line, at.column)),
            _ => self.locate(page, href, line, d),
        }
    }

    /// Points `d` at the first place `needle` is written in the page's story,
    /// else in a template, else at `line` of the built page.
    fn locate(&self, page: &str, needle: &str, line: u64, d: Diagnostic) -> Diagnostic {
        let story = self.stories.get(page);
        let found = story
            .into_iter()
            .chain(self.templates.iter())
            .find_map(|(path, text)| text.find(needle).map(|offset| (path, text, offset)));
        match found {
            Some((path, text, offset)) => d.in_file(path).at(Location::at_offset(text, offset, 1)),
            None => self.in_built_page(page, line, d),
        }
    }

    fn in_built_page(&self, page: &str, line: u64, d: Diagnostic) -> Diagnostic {
        match self.stories.get(page) {
            Some((path, _)) => {
                let message = format!("{} (line {line} of the built page `{page}`)", d.message);
                Diagnostic { message, ..d.in_file(path) }
            }
            None => {
                let message = format!("{} (line {line} of the built page)", d.message);
                Diagnostic { message, ..d.in_file(page) }
            }
        }
    }
}

fn check_pages(files: &[OutputFile], config: &SiteConfig, sources: &Sources) -> Vec<Diagnostic> {
    let known: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let scans: HashMap<&str, PageScan> = files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| (f.path.as_str(), scan_page(&String::from_utf8_lossy(&f.bytes))))
        .collect();
    // Root-relative links resolve inside the site only under base_url's path.
    let base_path = config.base_url().and_then(|u| {
        let rest = u.split_once("://")?.1;
        Some(rest.find('/').map_or("/".to_string(), |i| rest[i..].to_string()))
    });
    let mut pages: Vec<&str> = scans.keys().copied().collect();
    pages.sort();
    let mut out = Vec::new();
    for page in pages {
        let scan = &scans[page];
        for (href, line) in &scan.links {
            let (problem, help) = match resolve(page, href, base_path.as_deref()) {
                Target::External => continue,
                Target::Outside => (
                    format!("the link `{href}` points outside the site"),
                    "link to the page's full address (https://…) instead".to_string(),
                ),
                Target::Local { path, fragment } => {
                    let target = [path.clone(), format!("{path}index.html"), format!("{path}/index.html")]
                        .into_iter()
                        .find(|p| known.contains(p.as_str()));
                    match (target, fragment) {
                        (None, _) => (
                            format!("the link `{href}` points to no page or file of the built site"),
                            "check the spelling, or link to the full address (https://…) of a page elsewhere".to_string(),
                        ),
                        (Some(target), Some(fragment)) => match scans.get(target.as_str()) {
                            Some(t) if !t.ids.contains(&fragment) && !fragment.eq_ignore_ascii_case("top") => {
                                let problem = if target == page {
                                    format!("the link `{href}` points to no element of this page: none has the id `{fragment}`")
                                } else {
                                    format!("the link `{href}` points to `{target}`, which has no element with the id `{fragment}`")
                                };
                                let help = "check the spelling; headings get ids from their text, e.g. `## Who was there` becomes #who-was-there";
                                (problem, help.to_string())
                            }
                            _ => continue,
                        },
                        (Some(_), None) => continue,
                    }
                }
            };
            let d = Diagnostic::error(problem).help(help);
            out.push(sources.locate_link(page, href, *line, d));
        }
        out.extend(missing_alt(page, &scan.missing_alt, sources));
        if let Some(description) = &scan.description {
            let length = description.chars().count();
            if length > DESCRIPTION_LENGTH {
                let d = Diagnostic::warning(format!(
                    "the description is {length} characters long; search engines show about {DESCRIPTION_LENGTH}"
                ))
                .help(format!(
                    "shorten `description` in the front matter to {DESCRIPTION_LENGTH} characters or fewer, so it is not cut off in search results"
                ));
                let needle = description.chars().take(40).collect::<String>();
                let d = match sources.stories.get(page) {
                    Some((path, text)) => {
                        let at = front_matter_key(text, "description").or_else(|| text.find(&needle));
                        match at {
                            Some(offset) => d.in_file(path).at(Location::at_offset(text, offset, 1)),
                            None => d.in_file(path),
                        }
                    }
                    None => sources.locate(page, &needle, 1, d),
                };
                out.push(d);
            }
        }
    }
    out
}

/// One diagnostic for each image with no alt text. They are matched, in
/// order, with the images in the story that have none written (the lead
/// image first, as in the page); when the counts differ, the line in the
/// built page is given instead.
fn missing_alt(page: &str, lines: &[u64], sources: &Sources) -> Vec<Diagnostic> {
    let images = sources.images.get(page).map_or(&[][..], Vec::as_slice);
    let candidates = sources.stories.get(page).map(|(path, text)| (path, alt_less_images(text, images)));
    lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let d = Diagnostic::error("an image has no alt text")
                .help("describe the picture for readers who cannot see it: ![what the picture shows](file.jpg), or image_alt = \"…\" for the lead image");
            match &candidates {
                Some((path, locations)) if locations.len() == lines.len() => d.in_file(path).at(locations[i].clone()),
                _ => sources.in_built_page(page, *line, d),
            }
        })
        .collect()
}

/// Where the images of a story that have no alt text are written: a lead
/// `image` with no `image_alt` (first, as in the page), then the images of
/// the body with none, as rendering found them.
fn alt_less_images(text: &str, images: &[ImageFact]) -> Vec<Location> {
    let mut found = Vec::new();
    if let Some(offset) = front_matter_key(text, "image")
        && front_matter_key(text, "image_alt").is_none()
    {
        found.push(Location::at_offset(text, offset, 1));
    }
    let body = images.iter().filter(|image| !image.has_alt);
    found.extend(body.map(|image| Location::at_line(text, image.at.line, image.at.column)));
    found
}

/// The byte offset of `key` at the start of a line of the front matter.
fn front_matter_key(text: &str, key: &str) -> Option<usize> {
    let end = front_matter_end(text);
    let mut offset = 0;
    for line in text[..end].split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key)
            && rest.trim_start().starts_with(['=', ':'])
        {
            return Some(offset + (line.len() - trimmed.len()));
        }
        offset += line.len();
    }
    None
}

/// Where the front matter ends (0 when there is none).
fn front_matter_end(text: &str) -> usize {
    let text_start = text.strip_prefix('\u{feff}').map_or(0, |_| 3);
    let rest = &text[text_start..];
    for fence in ["+++", "---"] {
        if rest.starts_with(fence) {
            let mut offset = text_start;
            for (n, line) in rest.split_inclusive('\n').enumerate() {
                offset += line.len();
                if n > 0 && line.trim_end() == fence {
                    return offset;
                }
            }
        }
    }
    0
}

#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// Another site, a `mailto:` or `data:` URL, or a root-relative path
    /// that the site cannot know about: not checked.
    External,
    /// A relative path that climbs above the site root.
    Outside,
    /// A path within the built site (`""` for its root) and the fragment.
    Local { path: String, fragment: Option<String> },
}

/// Where `href`, found on the built page `page`, points.
fn resolve(page: &str, href: &str, base_path: Option<&str>) -> Target {
    let href = href.trim();
    let (rest, fragment) = match href.split_once('#') {
        Some((r, f)) => (r, Some(decode(f))),
        None => (href, None),
    };
    let fragment = fragment.filter(|f| !f.is_empty());
    let rest = rest.split('?').next().unwrap_or("");
    let has_scheme = rest
        .split_once(':')
        .is_some_and(|(s, _)| !s.is_empty() && !s.contains('/') && s.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c)));
    if has_scheme || rest.starts_with("//") {
        return Target::External;
    }
    let (mut parts, rest): (Vec<&str>, &str) = if let Some(absolute) = rest.strip_prefix('/') {
        match base_path.and_then(|b| format!("/{absolute}").strip_prefix(b).map(str::to_string)) {
            Some(inside) => return resolve_parts(Vec::new(), &inside, fragment),
            None => return Target::External,
        }
    } else {
        let dir: Vec<&str> = page.split('/').collect();
        (dir[..dir.len() - 1].to_vec(), rest)
    };
    if rest.is_empty() {
        // `#id` alone, or `?query`: this very page.
        return Target::Local { path: page.to_string(), fragment };
    }
    parts.retain(|p| !p.is_empty());
    resolve_parts(parts.into_iter().map(str::to_string).collect(), rest, fragment)
}

fn resolve_parts(mut parts: Vec<String>, rest: &str, fragment: Option<String>) -> Target {
    let decoded = decode(rest);
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            ".." => {
                if parts.pop().is_none() {
                    return Target::Outside;
                }
            }
            "." | "" => {}
            s => parts.push(s.to_string()),
        }
        // A path ending in a folder (`a/`, `..`, `.`) names that folder.
        if i == last && matches!(*segment, ".." | "." | "") && !parts.is_empty() {
            let mut path = parts.join("/");
            path.push('/');
            return Target::Local { path, fragment };
        }
    }
    Target::Local { path: parts.join("/"), fragment }
}

fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(path: &str, fragment: Option<&str>) -> Target {
        Target::Local { path: path.to_string(), fragment: fragment.map(str::to_string) }
    }

    #[test]
    fn resolves_links_relative_to_the_page() {
        assert_eq!(resolve("index.html", "#a", None), local("index.html", Some("a")));
        assert_eq!(resolve("a/b/index.html", "../c/", None), local("a/c/", None));
        assert_eq!(resolve("a/index.html", "../index.html#x", None), local("index.html", Some("x")));
        assert_eq!(resolve("a/index.html", "..", None), local("", None));
        assert_eq!(resolve("index.html", "../x.html", None), Target::Outside);
        assert_eq!(resolve("index.html", "https://e.com/#x", None), Target::External);
        assert_eq!(resolve("index.html", "mailto:?subject=a", None), Target::External);
        assert_eq!(resolve("index.html", "data:,", None), Target::External);
        assert_eq!(resolve("index.html", "//e.com/x", None), Target::External);
        assert_eq!(resolve("index.html", "/about/", None), Target::External);
        assert_eq!(resolve("index.html", "/news/a/#b", Some("/news/")), local("a/", Some("b")));
        assert_eq!(resolve("index.html", "caf%C3%A9.html", None), local("café.html", None));
        assert_eq!(resolve("index.html", "#caf%C3%A9", None), local("index.html", Some("café")));
    }

    #[test]
    fn scans_ids_links_images_and_description() {
        let html = r##"<!DOCTYPE html><html><head><meta name="description" content="D &amp; E">
<style>a[href="#nope"] { }</style><script>var s = "<a href='#no'>";</script></head>
<body><h2 id="one">One</h2><a name="two"></a><a href="#one">x</a>
<img src="data:," alt=""><img src="data:," alt="A cat"><img src="data:," alt="" role="presentation"></body></html>"##;
        let scan = scan_page(html);
        assert!(scan.ids.contains("one") && scan.ids.contains("two"));
        let links: Vec<&str> = scan.links.iter().map(|(h, _)| h.as_str()).collect();
        assert_eq!(links, ["#one", "data:,", "data:,", "data:,"]);
        assert_eq!(scan.missing_alt, [4]);
        assert_eq!(scan.description.as_deref(), Some("D & E"));
    }

    #[test]
    fn finds_images_without_alt_in_the_front_matter_and_the_facts() {
        let text = "+++\ntitle = \"T\"\nimage = \"a.png\"\n+++\n\n![](b.png) and ![Alt](c.png)\n<IMG src=d.png>\n";
        let image = |has_alt, line, column| ImageFact { src: String::new(), has_alt, at: Position { line, column } };
        let images = [image(false, 6, 1), image(true, 6, 16), image(false, 7, 1)];
        let places: Vec<(usize, usize)> = alt_less_images(text, &images).iter().map(|l| (l.line, l.column)).collect();
        assert_eq!(places, [(3, 1), (6, 1), (7, 1)]);
        assert_eq!(front_matter_key("---\ndescription: x\n---\n", "description"), Some(4));
        assert_eq!(front_matter_key("no front matter\ndescription = x", "description"), None);
    }
}
