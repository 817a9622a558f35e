//! `broadside import wordpress EXPORT.xml`: a WordPress export (WXR) into
//! stories and a `site.toml` in the content folder, losing nothing without
//! saying so in `import-report.md`.
//!
//! The steps, each in its own file: read the export (`wxr`), decide what
//! each item becomes (`plan`), convert each story's body (`body`, through
//! `blocks` or `wpautop`, `shortcodes`, `media`, `markdown`), write its
//! front matter (`story`), the `site.toml` (`site`) and the report
//! (`report`), then write every file at once or none (`write`).

mod blocks;
mod body;
mod cards;
mod markdown;
mod media;
mod plan;
mod report;
mod shortcodes;
mod site;
mod story;
#[cfg(test)]
mod tests;
mod text;
mod tidy;
mod wpautop;
mod write;
mod wxr;

use std::path::PathBuf;

pub use report::Counts;

use crate::error::Diagnostic;
use body::{Body, Context};
use media::{Found, Uploads};
use write::Contents;

/// The report's file name in the content folder; a build does not take
/// it for a story.
pub const REPORT: &str = crate::content::IMPORT_REPORT;

/// What to import, and where.
#[derive(Debug, Clone)]
pub struct Options {
    pub export: PathBuf,
    pub content_dir: PathBuf,
    /// A local copy of `wp-content/uploads`.
    pub uploads: Option<PathBuf>,
    /// Overwrite files that exist.
    pub force: bool,
    /// Download uploads when there is no local copy.
    pub fetch: bool,
}

/// What an import did.
#[derive(Debug)]
pub struct Imported {
    pub written: Vec<PathBuf>,
    pub counts: Counts,
    pub report: PathBuf,
    pub warnings: Vec<Diagnostic>,
}

/// Runs the import; on an error nothing has been written.
pub fn import(options: &Options) -> Result<Imported, Diagnostic> {
    let export_path = &options.export;
    let bytes = std::fs::read(export_path).map_err(|e| {
        Diagnostic::error(format!(
            "cannot read the export `{}`: {e}",
            export_path.display()
        ))
        .help("give the XML file WordPress writes at Tools → Export")
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid = String::from_utf8_lossy(&e.as_bytes()[..offset]).into_owned();
        Diagnostic::error("the export is not UTF-8 text")
            .in_file(export_path)
            .at(crate::error::Location::at_offset(&valid, offset, 1))
            .help("WordPress writes exports in UTF-8; convert the file (e.g. with iconv) and import it again")
    })?;
    if let Some(dir) = &options.uploads
        && !dir.is_dir()
    {
        return Err(Diagnostic::error(format!(
            "the uploads folder `{}` does not exist",
            dir.display()
        ))
        .help("give a copy of the site's wp-content/uploads folder, or leave out --uploads"));
    }
    let mut warnings = Vec::new();
    let export = wxr::read(export_path, &text, &mut warnings)?;
    let plan = plan::plan(&export);
    let index = body::Items::new(&export.items);
    let mut uploads = Uploads::new(options.uploads.as_deref(), &export.items, options.fetch);
    let mut files: Vec<(PathBuf, Contents)> = Vec::new();
    let mut notes = Vec::new();
    let mut remote_images = false;
    let mut signed = Vec::new();
    for story in &plan.stories {
        let cx = Context {
            plan: &plan,
            items: &index,
            site_link: &export.site.link,
        };
        let mut body = if story.item.protected {
            Body::default()
        } else {
            body::convert(story.item, &cx, &mut uploads)
        };
        let lead = if story.item.protected {
            None
        } else {
            lead(story.item, &index, &mut uploads, &mut body)
        };
        remote_images |= body.remote_images;
        if !story.item.creator.trim().is_empty() {
            signed.push(story.item.creator.clone());
        }
        let folder = PathBuf::from(&story.folder);
        files.push((
            folder.join("index.md"),
            Contents::Text(story::write(story, &body, lead.as_ref())),
        ));
        for (name, source) in std::mem::take(&mut body.files) {
            files.push((folder.join(name), Contents::Copy(source)));
        }
        notes.push(report::StoryNotes {
            unmapped: body.unmapped,
            remote: body.remote,
        });
    }
    let comments = export.items.iter().map(|i| i.comments).sum();
    let counts = report::counts(&plan, &notes, comments);
    let export_name = export_path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    files.push((
        PathBuf::from("site.toml"),
        Contents::Text(site::write(&export, &signed, remote_images)),
    ));
    files.push((
        PathBuf::from(REPORT),
        Contents::Text(report::write(&export_name, &plan, &notes, &counts)),
    ));
    if counts.remote > 0 {
        warnings.push(
            Diagnostic::warning(format!(
                "{} files stayed on the old server: the pages link to them there",
                counts.remote
            ))
            .in_file(export_path)
            .help(format!(
                "pass a copy of wp-content/uploads with --uploads (and --force) to bring them in; {REPORT} lists each"
            )),
        );
    }
    let written = write::write_all(&options.content_dir, &files, options.force)?;
    Ok(Imported {
        written,
        counts,
        report: options.content_dir.join(REPORT),
        warnings,
    })
}

/// The featured image (`_thumbnail_id`) as the lead photo, with its alt
/// text and caption.
fn lead(
    item: &wxr::Item,
    items: &body::Items,
    uploads: &mut Uploads,
    body: &mut Body,
) -> Option<story::Lead> {
    let id: u64 = item.meta.get("_thumbnail_id")?.trim().parse().ok()?;
    let attachment = *items.attachments.get(&id)?;
    let url = attachment.attachment_url.trim();
    let image = match uploads.resolve(url) {
        Some(Found::Local(path, source)) => body::place(body, &path, source),
        Some(Found::Remote(why)) => {
            body.remote.push((url.to_string(), why));
            body.remote_images = true;
            url.to_string()
        }
        None => url.to_string(),
    };
    Some(story::Lead {
        image,
        alt: attachment
            .meta
            .get("_wp_attachment_image_alt")
            .cloned()
            .unwrap_or_default(),
        caption: text::plain_text(&attachment.excerpt),
    })
}
