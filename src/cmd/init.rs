//! `broadside init [DIR]`: a new site folder to start from, overwriting
//! nothing.

use super::Failed;
use crate::cli::InitArgs;
use crate::messages::Console;

pub(crate) fn init(args: &InitArgs, console: Console) -> Result<(), Failed> {
    match broadside::init::init(&args.dir) {
        Ok(written) => {
            console.initialised(&args.dir, &written);
            Ok(())
        }
        Err(d) => {
            console.init_failed(&d);
            Err(Failed)
        }
    }
}
