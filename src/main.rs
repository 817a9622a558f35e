//! The `broadside` command line: parses arguments, runs a command, reports.
//! Exit status: 0 built, 1 a content/template/output error, 2 a usage error.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use broadside::error::stderr_wants_color;
use broadside::{BuildFailure, BuildOptions, Diagnostic};
use clap::{Args, Parser, Subcommand};

#[derive(Parser)]
#[command(name = "broadside", version, about = "One news story in Markdown to one self-contained HTML page.")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Build options, for `broadside` with no subcommand.
    #[command(flatten)]
    build: BuildArgs,
    #[command(flatten)]
    verbosity: Verbosity,
}

#[derive(Args, Clone, Copy)]
struct Verbosity {
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print each file written.
    #[arg(short, long, global = true)]
    verbose: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build the content folder into the output folder (the default).
    Build(BuildArgs),
}

#[derive(Args, Clone)]
struct BuildArgs {
    /// The folder holding the stories and site.toml.
    #[arg(long, value_name = "DIR", default_value = "content")]
    content: PathBuf,
    /// The templates folder; the built-in templates when it does not exist.
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Where the built site goes; replaced whole on every build.
    #[arg(long, value_name = "DIR", default_value = "dist")]
    out: PathBuf,
    /// The URL the site will be served from (overrides base_url in site.toml).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
}

impl BuildArgs {
    fn options(&self) -> Result<BuildOptions, Diagnostic> {
        let templates_dir = match &self.templates {
            Some(dir) if !dir.is_dir() => {
                return Err(Diagnostic::error(format!("the templates folder `{}` does not exist", dir.display()))
                    .help("leave out --templates to use the built-in templates, or make a copy with `broadside init`"));
            }
            Some(dir) => Some(dir.clone()),
            None => Some(PathBuf::from("templates")).filter(|d| d.is_dir()),
        };
        Ok(BuildOptions {
            content_dir: self.content.clone(),
            templates_dir,
            out_dir: self.out.clone(),
            base_url: self.base_url.clone(),
        })
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let verbosity = cli.verbosity;
    let result = match &cli.command {
        Some(Command::Build(args)) => build(args, verbosity),
        None => build(&cli.build, verbosity),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            report(&failure.diagnostics, verbosity);
            let errors = failure.errors().count();
            eprintln!("build failed: {errors} error{}; nothing was written", if errors == 1 { "" } else { "s" });
            ExitCode::from(1)
        }
    }
}

fn build(args: &BuildArgs, verbosity: Verbosity) -> Result<(), BuildFailure> {
    let started = Instant::now();
    let options = args.options()?;
    let built = broadside::build(&options)?;
    report(&built.warnings, verbosity);
    if verbosity.verbose {
        for file in &built.files {
            eprintln!("  {} ({} bytes)", options.out_dir.join(&file.path).display(), file.bytes.len());
        }
    }
    if !verbosity.quiet {
        let elapsed = started.elapsed();
        let what = if built.files.len() == 1 {
            options.out_dir.join(&built.files[0].path).display().to_string()
        } else {
            format!("{} pages ({} files) to {}", built.pages, built.files.len(), options.out_dir.display())
        };
        println!("wrote {what}: {} bytes in {:.1} ms", built.bytes(), elapsed.as_secs_f64() * 1000.0);
    }
    Ok(())
}

fn report(diagnostics: &[Diagnostic], verbosity: Verbosity) {
    let color = stderr_wants_color();
    for d in diagnostics {
        if verbosity.quiet && !d.is_error() {
            continue;
        }
        eprintln!("{}", d.render(color));
    }
}
