//! `broadside completions SHELL` and `broadside man [DIR]`: the shell
//! completion scripts (clap_complete) and the man pages (clap_mangen), made
//! from the same definitions as `--help`.

use std::path::Path;

use clap::CommandFactory;

use super::Failed;
use crate::cli::{Cli, CompletionsArgs, ManArgs};
use crate::messages::Console;
use broadside::Diagnostic;

pub(crate) fn completions(args: &CompletionsArgs) -> Result<(), Failed> {
    let mut command = Cli::command();
    clap_complete::generate(
        args.shell,
        &mut command,
        "broadside",
        &mut std::io::stdout(),
    );
    Ok(())
}

pub(crate) fn man(args: &ManArgs, console: Console) -> Result<(), Failed> {
    match write_pages(&args.dir) {
        Ok(written) => {
            console.man_pages_written(&args.dir, &written);
            Ok(())
        }
        Err(d) => {
            console.error(&d);
            Err(Failed)
        }
    }
}

/// `broadside.1`, then `broadside-COMMAND.1` for each command, into `dir`.
fn write_pages(dir: &Path) -> Result<Vec<String>, Diagnostic> {
    std::fs::create_dir_all(dir).map_err(|e| {
        Diagnostic::error(format!("cannot create the folder `{}`: {e}", dir.display()))
    })?;
    let root = Cli::command();
    let version = root.get_version().map(str::to_string);
    let mut pages = vec![("broadside".to_string(), root.clone())];
    for sub in root.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("broadside-{}", sub.get_name());
        let mut page = sub.clone().name(name.clone()).display_name(name.clone());
        if let Some(v) = &version {
            page = page.version(v.clone());
        }
        pages.push((name, page));
    }
    let mut written = Vec::new();
    for (name, command) in pages {
        let file = format!("{name}.1");
        let mut bytes = Vec::new();
        let man = clap_mangen::Man::new(command);
        let rendered = man.render(&mut bytes);
        let path = dir.join(&file);
        rendered
            .and_then(|()| std::fs::write(&path, &bytes))
            .map_err(|e| Diagnostic::error(format!("cannot write `{}`: {e}", path.display())))?;
        written.push(file);
    }
    Ok(written)
}
