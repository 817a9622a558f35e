//! Stories on disk: finding them in the content folder and loading each one
//! into a [`Story`] (front matter parsed, Markdown rendered, images inlined).
//!
//! A story is a Markdown file (`.md`, `.markdown`, `.mdown`, …), or a folder
//! `NAME/` holding `index.md` with its images beside it (a page bundle).
//! Files and folders whose names start with `.` or `_` (such as Zola's
//! `_index.md`) are not stories, but for a Jekyll site's `_posts/` and
//! `_drafts/`. What is not a story is kept, so the build can say which files
//! it did not use.
//!
//! Finding them is `find.rs`; reading one's file and front matter,
//! `read.rs` (what its file name says, `file_name.rs`); rendering it,
//! `render.rs`; its page's URL path and old addresses, `url_path.rs`.

use std::path::PathBuf;

pub use crate::file_info::FileInfo;

mod file_name;
mod find;
mod read;
mod render;
mod url_path;

pub use find::discover;
pub use read::read;
pub use render::render;
pub(crate) use url_path::slugify;
pub use url_path::{redirects_for, url_path_for};

use crate::error::Diagnostic;
use crate::frontmatter::FrontMatter;
use crate::image_refs::ImageSource;
use crate::markdown::{MarkdownRenderer, Rendered};

/// The report `broadside import` writes at the top of the content
/// folder: never a story.
pub(crate) const IMPORT_REPORT: &str = "import-report.md";

/// One story, loaded and rendered to HTML, not yet placed in a page.
#[derive(Debug)]
pub struct Story {
    /// The story's file, as found under the content folder, and what its
    /// place and name say.
    pub file: FileInfo,
    pub front: FrontMatter,
    pub body: Rendered,
    /// The lead image from `image` in the front matter, inlined.
    pub lead_image: Option<ImageSource>,
    /// The lead image's file, for sites that publish it beside the page.
    pub lead_image_file: Option<PathBuf>,
    /// Where the page goes, relative to the site root: empty for the root,
    /// otherwise a path ending in `/`.
    pub url_path: String,
    /// The files of redirect pages at the story's old addresses
    /// (`old/index.html`, `2019/01/05/post.html`).
    pub redirects: Vec<String>,
    /// Its writers, last change and live updates.
    pub news: crate::newsroom::News,
}

/// The settings that decide how a story is loaded.
pub struct LoadSettings<'a> {
    pub markdown: &'a MarkdownRenderer,
    pub max_bytes: u64,
    pub news: &'a crate::newsroom::NewsSettings,
}

/// A story with the warnings found while loading it.
pub type Loaded = (Story, Vec<Diagnostic>);

/// A story file read and its front matter parsed, its Markdown not yet
/// rendered: enough to know whether it is published and where, so every
/// story's address is known before any is rendered (links between stories
/// need them).
#[derive(Debug)]
pub struct Head {
    pub file: FileInfo,
    pub front: FrontMatter,
    /// The whole file, without a byte order mark.
    text: String,
    /// Where the Markdown body starts in `text`, and on which line.
    body_start: usize,
    body_line: usize,
    warnings: Vec<Diagnostic>,
    /// Where the page goes (see [`Story::url_path`]), once placed.
    pub url_path: String,
}

impl Head {
    /// The story's file and the warnings its front matter gave, for a
    /// story that is not built.
    pub fn into_path_and_warnings(self) -> (PathBuf, Vec<Diagnostic>) {
        (self.file.path, self.warnings)
    }
}
