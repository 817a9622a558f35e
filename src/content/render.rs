//! Rendering a story read and placed: its Markdown to HTML, its lead
//! image inlined, and the newsroom's facts about it.

use std::path::{Path, PathBuf};

use super::{Head, LoadSettings, Loaded, Story};
use crate::addresses::Addresses;
use crate::error::{Diagnostic, Location};
use crate::file_info::FileInfo;
use crate::frontmatter::FrontMatter;
use crate::image_refs::{ImageProblem, ImageSource};
use crate::markdown::{LinkBase, Rendered, Source};

/// Renders the Markdown of a story read by [`super::read`] and placed, and
/// inlines its lead image. Every problem found is returned.
pub fn render(
    head: Head,
    settings: &LoadSettings<'_>,
    addresses: &Addresses,
) -> Result<Loaded, Vec<Diagnostic>> {
    let Head {
        file,
        front,
        text,
        body_start,
        body_line,
        warnings,
        url_path,
    } = head;
    let body_text = text.get(body_start..).unwrap_or("");
    let mut found = Problems {
        errors: Vec::new(),
        warnings,
    };
    let source = Source {
        text: body_text,
        first_line: body_line,
        file: &file,
    };
    let page = LinkBase {
        url_path: &url_path,
        addresses,
    };
    let mut body = markdown(settings, &source, &page, &front, &mut found);
    let (lead_image, lead_image_file) = match &front.image {
        None => (None, None),
        Some(image) => inline_lead_image(settings, &file, &text, image, &mut found),
    };
    let news = news_of(&front, &mut body, &source, settings, &mut found);
    let Problems {
        mut errors,
        warnings,
    } = found;
    if !errors.is_empty() {
        errors.extend(warnings);
        return Err(errors);
    }
    let story = Story {
        file,
        front,
        body,
        lead_image,
        lead_image_file,
        url_path,
        redirects: Vec::new(),
        news,
    };
    Ok((story, warnings))
}

/// The newsroom's facts of a story (authors, corrections, live updates),
/// read from its front matter and its rendered `body` once the body had no
/// error; their problems added to `found`.
fn news_of(
    front: &FrontMatter,
    body: &mut Rendered,
    source: &Source<'_>,
    settings: &LoadSettings<'_>,
    found: &mut Problems,
) -> crate::newsroom::News {
    if !found.errors.is_empty() {
        return crate::newsroom::News::default();
    }
    crate::newsroom::of_story(
        front,
        body,
        (source.text, source.first_line),
        &source.file.path,
        settings.news,
        &mut found.warnings,
    )
    .unwrap_or_else(|errors| {
        found.errors.extend(errors);
        crate::newsroom::News::default()
    })
}

/// The errors and the warnings found while rendering a story, so far.
struct Problems {
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

/// The story's Markdown rendered; empty when it gave errors.
fn markdown(
    settings: &LoadSettings<'_>,
    source: &Source<'_>,
    page: &LinkBase<'_>,
    front: &FrontMatter,
    found: &mut Problems,
) -> Rendered {
    match settings
        .markdown
        .render_page(source, page, front.lang.as_deref(), front.math)
    {
        Ok((body, warnings)) => {
            found.warnings.extend(warnings);
            body
        }
        Err(errors) => {
            found.errors.extend(errors);
            Rendered::default()
        }
    }
}

/// The lead image `image` named in the story `file` (whose text is
/// `text`), inlined, and its file; nothing, with an error, when it cannot be.
fn inline_lead_image(
    settings: &LoadSettings<'_>,
    file: &FileInfo,
    text: &str,
    image: &str,
    found: &mut Problems,
) -> (Option<ImageSource>, Option<PathBuf>) {
    let path = file.path.as_path();
    match lead_image(settings, file.dir(), image) {
        Ok((source, file, note)) => {
            if let Some(note) = note {
                found.warnings.push(
                    Diagnostic::warning(format!("lead image: {}", note.message))
                        .in_file(path)
                        .help(note.help),
                );
            }
            (source, file)
        }
        Err(problem) => {
            let mut d = Diagnostic::error(format!("lead image: {}", problem.message))
                .in_file(path)
                .help(problem.help);
            if let Some(offset) = text.find(image) {
                d = d.at(Location::at_offset(text, offset, 1));
            }
            found.errors.push(d);
            (None, None)
        }
    }
}

/// The lead image, its file, and a note about it: beside the story, else
/// (Hugo's `images` name files of the site, not of the page) from the
/// site's root.
fn lead_image(
    settings: &LoadSettings<'_>,
    dir: &Path,
    image: &str,
) -> Result<LeadImage, ImageProblem> {
    let resolver = settings.markdown.images();
    let from_root = format!("/{image}");
    let (reference, (source, note)) = if !image.starts_with('/')
        && !crate::paths::has_scheme(image)
        && !dir.join(image).exists()
        && (resolver.file_of(dir, &from_root).is_some() || resolver.allows_remote())
    {
        (from_root.clone(), resolver.resolve_noting(dir, &from_root)?)
    } else {
        (image.to_string(), resolver.resolve_noting(dir, image)?)
    };
    let file = if source.src.starts_with("data:") {
        resolver.file_of(dir, &reference)
    } else {
        None
    };
    Ok((Some(source), file, note))
}

/// A lead image, the file it came from, and a note for the story.
type LeadImage = (Option<ImageSource>, Option<PathBuf>, Option<ImageProblem>);
