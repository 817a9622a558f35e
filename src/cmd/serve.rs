//! `broadside serve`: a preview on this machine that rebuilds and reloads
//! as the writer saves, until Ctrl-C.

use std::sync::Arc;

use broadside::serve::ServeOptions;

use super::Failed;
use crate::cli::ServeArgs;
use crate::messages::Console;

pub(crate) fn serve(args: &ServeArgs, console: Console) -> Result<(), Failed> {
    let failed = |d| {
        console.error(&d);
        Failed
    };
    let build = args.source.options().map_err(failed)?;
    let options = ServeOptions {
        build,
        bind: args.bind,
        port: args.port,
        allow_hosts: args.allow_host.clone(),
    };
    broadside::serve::serve(&options, Arc::new(console)).map_err(failed)
}
