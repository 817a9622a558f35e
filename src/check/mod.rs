//! `broadside check`: builds the site in memory and reports every problem
//! without writing anything.
//!
//! Besides the build's own diagnostics (every front matter, settings and
//! template problem), the built pages are read back and checked for what a
//! reader or a search engine would trip over: local links and `#anchors`
//! that point nowhere, images without alt text, a description longer
//! than search engines show, link text that says nothing ("here"), and
//! (as advice) a lead photo too small or a
//! headline too long for a large share preview. Each problem is pointed at the source file that
//! caused it where that can be found, else at the built page.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use crate::config::SiteConfig;
use crate::error::{Diagnostic, Location};
use crate::markdown::{ImageFact, Position};
use crate::options::BuildOptions;
use crate::output::OutputFile;
use crate::page::DESCRIPTION_LENGTH;
use crate::pipeline::StorySource;

mod link_text;
mod links;
mod scan;
mod share_previews;

use links::{Href, resolve};
use scan::{PageScan, scan_page};

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
    let built = match crate::pipeline::build_in_memory(options) {
        Ok(built) => built,
        Err(failure) => {
            return Findings {
                diagnostics: failure.diagnostics,
                pages: Vec::new(),
                built: false,
            };
        }
    };
    let sources = SourceMap::load(options, &built.story_sources);
    let found = check_pages(&built.files, &built.config, &sources);
    // A build warning that check finds to be an error at the same place (a
    // raw <img> with no alt) is said once, as the error.
    let places: HashSet<(Option<PathBuf>, usize, usize)> = found
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| {
            d.location
                .as_ref()
                .map(|l| (d.path.clone(), l.line, l.column))
        })
        .collect();
    // Template tags left out are listed from the facts, every one (the
    // build's warnings stop at a hundred a story).
    let tags = tags_left_out(&built.story_sources, &sources);
    let tag_places: HashSet<(Option<PathBuf>, usize, usize)> = tags
        .iter()
        .filter_map(|d| {
            d.location
                .as_ref()
                .map(|l| (d.path.clone(), l.line, l.column))
        })
        .collect();
    let mut diagnostics: Vec<Diagnostic> = built
        .warnings
        .iter()
        .filter(|w| {
            w.location
                .as_ref()
                .is_none_or(|l| !places.contains(&(w.path.clone(), l.line, l.column)))
        })
        .filter(|w| {
            w.location
                .as_ref()
                .is_none_or(|l| !tag_places.contains(&(w.path.clone(), l.line, l.column)))
        })
        .filter(|w| !w.message.ends_with(crate::markdown::MORE_TAGS))
        .cloned()
        .collect();
    diagnostics.extend(tags);
    diagnostics.extend(found);
    diagnostics.extend(link_text::vague_links(&built.files, &sources));
    diagnostics.extend(share_previews::advice(&built.story_sources));
    diagnostics.extend(crate::unbuilt::markdown_not_built(
        &built.skipped,
        &built.unused,
    ));
    let pages = built
        .files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| f.path.clone())
        .collect();
    Findings {
        diagnostics,
        pages,
        built: true,
    }
}

/// A warning for each template tag that a story holds and broadside left
/// out, at the place it is written.
fn tags_left_out(story_sources: &[StorySource], sources: &SourceMap) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for story in story_sources {
        for tag in story.tags.iter().filter(|t| !t.rendered) {
            let d = Diagnostic::warning(crate::markdown::tag_left_out_message(&tag.tag))
                .help(crate::markdown::TAGS_RENDERED_HELP);
            out.push(match sources.stories.get(&story.page) {
                Some((path, text)) => {
                    d.in_file(path)
                        .at(Location::at_line(text, tag.at.line, tag.at.column))
                }
                None => d.in_file(&story.path),
            });
        }
    }
    out
}

/// The source files a built page may have come from, to point problems at.
struct SourceMap {
    /// Built page path (`index.html`, `a/index.html`) to its story file.
    stories: HashMap<String, (PathBuf, String)>,
    /// Built page path to the images of its story's body.
    images: HashMap<String, Vec<ImageFact>>,
    /// Built page path to where its lead image (with no alt) and its
    /// description are named in the front matter.
    front: HashMap<String, (Option<Location>, Option<Location>)>,
    /// Built page path to where each link destination is first written.
    link_places: HashMap<String, HashMap<String, Position>>,
    templates: Vec<(PathBuf, String)>,
}

impl SourceMap {
    fn load(options: &BuildOptions, story_sources: &[StorySource]) -> SourceMap {
        let stories = story_sources
            .iter()
            .filter_map(|s| {
                std::fs::read_to_string(&s.path)
                    .ok()
                    .map(|text| (s.page.clone(), (s.path.clone(), text)))
            })
            .collect();
        let images = story_sources
            .iter()
            .map(|s| (s.page.clone(), s.images.clone()))
            .collect();
        let front = story_sources
            .iter()
            .map(|s| {
                (
                    s.page.clone(),
                    (s.lead_without_alt.clone(), s.description_at.clone()),
                )
            })
            .collect();
        let link_places = story_sources
            .iter()
            // Reversed, so the first place a destination is written wins.
            .map(|s| {
                (
                    s.page.clone(),
                    s.links
                        .iter()
                        .rev()
                        .map(|l| (l.dest.clone(), l.at))
                        .collect(),
                )
            })
            .collect();
        let templates = options
            .templates_dir
            .iter()
            .flat_map(|dir| crate::render::template_files(dir))
            .filter_map(|path| std::fs::read_to_string(&path).ok().map(|text| (path, text)))
            .collect();
        SourceMap {
            stories,
            images,
            front,
            link_places,
            templates,
        }
    }

    /// Points `d` at where the link `href` is written in the page's story,
    /// else as [`SourceMap::locate`] does.
    fn locate_link(&self, page: &str, href: &str, line: u64, d: Diagnostic) -> Diagnostic {
        let written = self
            .link_places
            .get(page)
            .and_then(|places| places.get(href));
        match (written, self.stories.get(page)) {
            (Some(at), Some((path, text))) => d
                .in_file(path)
                .at(Location::at_line(text, at.line, at.column)),
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
                Diagnostic {
                    message,
                    ..d.in_file(path)
                }
            }
            None => {
                let message = format!("{} (line {line} of the built page)", d.message);
                Diagnostic {
                    message,
                    ..d.in_file(page)
                }
            }
        }
    }
}

fn check_pages(files: &[OutputFile], config: &SiteConfig, sources: &SourceMap) -> Vec<Diagnostic> {
    let known: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let scans: HashMap<&str, PageScan> = files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| {
            (
                f.path.as_str(),
                scan_page(&String::from_utf8_lossy(&f.bytes)),
            )
        })
        .collect();
    // Root-relative links resolve inside the site only under base_url's path.
    let base_path = config
        .base_url()
        .and_then(|u| url::Url::parse(&u).ok())
        .map(|u| u.path().to_string());
    let mut pages: Vec<&str> = scans.keys().copied().collect();
    pages.sort();
    let mut out = Vec::new();
    for page in pages {
        let scan = &scans[page];
        // An image the story names was judged by the build: one that is
        // not there kept its address, with a warning at its place.
        let story_images = sources.images.get(page).map_or(&[][..], Vec::as_slice);
        for (href, line) in &scan.links {
            if story_images.iter().any(|image| image.src == *href) {
                continue;
            }
            let (problem, help) = match resolve(page, href, base_path.as_deref()) {
                Href::External => continue,
                Href::Outside => (
                    format!("the link `{href}` points outside the site"),
                    "link to the page's full address (https://…) instead".to_string(),
                ),
                Href::Local { path, fragment } => {
                    let target = [
                        path.clone(),
                        format!("{path}index.html"),
                        format!("{path}/index.html"),
                    ]
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
                let written = sources
                    .front
                    .get(page)
                    .and_then(|(_, description)| description.clone());
                let d = match (sources.stories.get(page), written) {
                    (Some((path, _)), Some(at)) => d.in_file(path).at(at),
                    _ => sources.locate(page, &needle, 1, d),
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
fn missing_alt(page: &str, lines: &[u64], sources: &SourceMap) -> Vec<Diagnostic> {
    let images = sources.images.get(page).map_or(&[][..], Vec::as_slice);
    let lead = sources.front.get(page).and_then(|(lead, _)| lead.clone());
    let candidates = sources
        .stories
        .get(page)
        .map(|(path, text)| (path, alt_less_images(text, lead, images)));
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
/// image with no `image_alt` (first, as in the page), then the images of
/// the body with none, as rendering found them.
fn alt_less_images(text: &str, lead: Option<Location>, images: &[ImageFact]) -> Vec<Location> {
    let body = images.iter().filter(|image| !image.has_alt);
    lead.into_iter()
        .chain(body.map(|image| Location::at_line(text, image.at.line, image.at.column)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_images_without_alt_in_the_front_matter_and_the_facts() {
        let text = "+++\ntitle = \"T\"\nimage = \"a.png\"\n+++\n\n![](b.png) and ![Alt](c.png)\n<IMG src=d.png>\n";
        let image = |has_alt, line, column| ImageFact {
            src: String::new(),
            has_alt,
            at: Position { line, column },
        };
        let images = [image(false, 6, 1), image(true, 6, 16), image(false, 7, 1)];
        let lead =
            crate::frontmatter::parse(std::path::Path::new("s.md"), text, Default::default())
                .unwrap()
                .front
                .places
                .image;
        let places: Vec<(usize, usize)> = alt_less_images(text, lead, &images)
            .iter()
            .map(|l| (l.line, l.column))
            .collect();
        assert_eq!(places, [(3, 1), (6, 1), (7, 1)]);
    }
}
