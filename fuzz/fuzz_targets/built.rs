//! What both targets ask of a content folder: it builds (in memory, with
//! no cache) into at least one file, or fails saying why.

use std::path::Path;

use broadside::BuildOptions;

/// Builds `content` and checks the outcome; a panic inside is the bug.
pub fn builds_or_says_why(content: &Path, out: &Path) {
    let options = BuildOptions {
        content_dir: content.to_path_buf(),
        out_dir: out.to_path_buf(),
        no_cache: true,
        ..BuildOptions::default()
    };
    match broadside::build_in_memory(&options) {
        Ok(built) => assert!(!built.files.is_empty(), "a build that succeeds writes a page"),
        Err(failure) => assert!(failure.errors().count() > 0, "a failed build says why"),
    }
}
