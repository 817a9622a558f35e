//! The WordPress importer, from an export file to a content folder, and
//! that folder on to pages: the WXR reader (XML, CDATA, entities), the
//! blocks and shortcodes, `wpautop`, the plan of addresses and redirects,
//! and the stories it writes. The input is the export file, any bytes. An
//! import must either write a content folder or give an error; a written
//! folder must either build or give diagnostics. A panic, a stack overflow
//! or a hang is a bug.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use broadside::import::wordpress::{self, Options};
use libfuzzer_sys::fuzz_target;

mod built;

fn work_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("a temporary folder").keep())
}

fuzz_target!(|data: &[u8]| {
    let dir = work_dir();
    let export = dir.join("export.xml");
    let content = dir.join("content");
    let _ = std::fs::remove_dir_all(&content);
    std::fs::write(&export, data).expect("write the export");
    let options = Options {
        export,
        content_dir: content.clone(),
        uploads: None,
        force: true,
        fetch: false,
    };
    let Ok(imported) = wordpress::import(&options) else {
        return;
    };
    assert!(imported.report.is_file(), "an import writes its report");
    built::builds_or_says_why(&content, &dir.join("dist"));
});
