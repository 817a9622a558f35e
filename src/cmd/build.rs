//! `broadside build` (and `broadside` alone): the content folder into the
//! output folder, all of it or nothing.

use std::time::Instant;

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
