//! `broadside import wordpress EXPORT.xml`: an archive brought in from
//! WordPress, with a report of what came of every item.

use super::Failed;
use crate::cli::{ImportArgs, ImportFrom};
use crate::messages::Console;
use broadside::import::wordpress;

pub(crate) fn import(args: &ImportArgs, console: Console) -> Result<(), Failed> {
    let ImportFrom::Wordpress(args) = &args.from;
    let options = wordpress::Options {
        export: args.export.clone(),
        content_dir: args.content.clone(),
        uploads: args.uploads.clone(),
        force: args.force,
        fetch: !args.no_fetch,
    };
    match wordpress::import(&options) {
        Ok(imported) => {
            console.imported(&imported);
            Ok(())
        }
        Err(d) => {
            console.error(&d);
            console.import_failed();
            Err(Failed)
        }
    }
}
