//! broadside: one news story in Markdown to one self-contained HTML page.
//!
//! This file only names the modules and what the command line uses; the
//! layers, from the bottom up, and what flows between them are in
//! `docs/architecture.md` (a test holds the code to that map). In short,
//! data flows one way: the options are read once ([`options`]), the
//! content folder is read into a [`Site`] (settings, then each story's
//! front matter and Markdown), the site is rendered through the
//! [`Templates`] page by page, and each page goes either into memory or
//! into the output folder, swapped in with one atomic step ([`pipeline`]).

pub(crate) mod addresses;
pub mod check;
pub mod config;
pub(crate) mod content;
mod csp;
pub(crate) mod date;
pub mod error;
pub mod file_info;
mod fingerprint;
pub(crate) mod frontmatter;
mod html;
pub mod image_refs;
pub mod import;
pub mod init;
pub(crate) mod lang;
mod listing;
pub mod markdown;
pub mod migrate;
pub mod new;
pub mod newsroom;
pub mod options;
pub mod output;
pub(crate) mod page;
mod parallel;
mod paths;
pub(crate) mod photo;
pub mod pipeline;
pub(crate) mod render;
pub(crate) mod sanitize;
pub mod serve;
pub(crate) mod site;
mod styles;
pub mod unbuilt;

pub use error::{BuildFailure, Diagnostic};
pub use frontmatter::known_keys;
pub use options::{BuildOptions, Environment, Include, LiveReload, Progress};
pub use output::{FileSize, OutputFile};
pub use photo::ImageWork;
pub use pipeline::{Built, StorySource, build, build_in_memory, build_in_memory_with_progress};
