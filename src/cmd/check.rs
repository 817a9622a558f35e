//! `broadside check`: builds in memory and reports every problem found,
//! writing nothing.

use super::Failed;
use crate::cli::SourceArgs;
use crate::messages::Console;

pub(crate) fn check(args: &SourceArgs, console: Console) -> Result<(), Failed> {
    let options = args.options().map_err(|d| {
        console.error(&d);
        Failed
    })?;
    let findings = broadside::check::check(&options);
    if console.checked(&findings) {
        Err(Failed)
    } else {
        Ok(())
    }
}
