//! The `broadside` command line: reads the arguments, runs one command and
//! decides the exit status, in this one place: 0 done, 1 a content,
//! template or output error (said by the command), 2 a usage error (said
//! by clap).

mod cli;
mod cmd;
mod messages;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};
use messages::Console;

fn main() -> ExitCode {
    match try_main() {
        Ok(()) => ExitCode::SUCCESS,
        Err(cmd::Failed) => ExitCode::from(1),
    }
}

fn try_main() -> Result<(), cmd::Failed> {
    let cli = Cli::parse();
    let console = Console::new(cli.verbosity);
    match &cli.command {
        Some(Command::Build(args)) => cmd::build(args, console),
        Some(Command::Serve(args)) => cmd::serve(args, console),
        Some(Command::Check(args)) => cmd::check(args, console),
        Some(Command::Init(args)) => cmd::init(args, console),
        Some(Command::New(args)) => cmd::new(args, console),
        Some(Command::Completions(args)) => cmd::completions(args),
        Some(Command::Man(args)) => cmd::man(args, console),
        Some(Command::Import(args)) => cmd::import(args, console),
        None => cmd::build(&cli.build, console),
    }
}
