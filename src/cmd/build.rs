//! `broadside build` (and `broadside` alone): the content folder into the
//! output folder, all of it or nothing.

use std::path::{Path, PathBuf};
use std::time::Instant;

use broadside::error::Diagnostic;
use broadside::output::Changes;

use super::Failed;
use crate::cli::BuildArgs;
use crate::messages::Console;

pub(crate) fn build(args: &BuildArgs, console: Console) -> Result<(), Failed> {
    let started = Instant::now();
    let options = args.options().map_err(|d| {
        console.build_failed(&d.into());
        Failed
    })?;
    let built = {
        let progress = console.progress();
        broadside::build(&options, &progress)
    };
    match built {
        Ok(built) => {
            if let (Some(file), Some(changes)) = (&args.changes, &built.changes) {
                write_changes(file, changes).map_err(|d| {
                    console.build_failed(&d.into());
                    Failed
                })?;
            }
            console.built(
                &options.out_dir,
                &built,
                started.elapsed().as_secs_f64() * 1000.0,
            );
            Ok(())
        }
        Err(failure) => {
            console.build_failed(&failure);
            Err(Failed)
        }
    }
}

/// Writes the deploy list to `file`, whole (by rename), or says why not.
fn write_changes(file: &Path, changes: &Changes) -> Result<(), Diagnostic> {
    let mut part = file.as_os_str().to_owned();
    part.push(".part");
    let part = PathBuf::from(part);
    std::fs::write(&part, changes.render())
        .and_then(|()| std::fs::rename(&part, file))
        .map_err(|e| {
            let _ = std::fs::remove_file(&part);
            Diagnostic::error(format!("cannot write the list of changes: {e}"))
                .in_file(file)
                .help("give --changes a file in a folder you can write to")
        })
}
