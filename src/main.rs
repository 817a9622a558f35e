//! The `broadside` command line: parses arguments, runs a command, reports.
//! Exit status: 0 built, 1 a content/template/output error, 2 a usage error.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use broadside::error::stderr_wants_color;
use broadside::unbuilt::Include;
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
    /// Print each file written, and each story not built and each file of
    /// the content folder not used, with the reason.
    #[arg(short, long, global = true)]
    verbose: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build the content folder into the output folder (the default).
    Build(BuildArgs),
    /// Preview the site: build in memory, serve it on this machine, rebuild
    /// on every change and reload the open browser tab.
    Serve(ServeArgs),
    /// Build in memory and report every problem (broken links and anchors,
    /// images with no alt text, long descriptions) without writing anything.
    Check(SourceArgs),
    /// Make a new site folder: an example story, a commented site.toml and
    /// the templates to edit. Never overwrites a file.
    Init(InitArgs),
}

#[derive(Args, Clone)]
struct SourceArgs {
    /// The folder holding the stories and site.toml.
    #[arg(long, value_name = "DIR", default_value = "content")]
    content: PathBuf,
    /// The templates folder; the built-in templates when it does not exist.
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
}

impl SourceArgs {
    fn options(&self) -> Result<BuildOptions, Diagnostic> {
        let build = BuildArgs {
            content: self.content.clone(),
            templates: self.templates.clone(),
            out: PathBuf::from("dist"),
            base_url: None,
            force: false,
            drafts: false,
            future: false,
            expired: false,
        };
        build.options()
    }
}

#[derive(Args, Clone)]
struct ServeArgs {
    #[command(flatten)]
    source: SourceArgs,
    /// The port to listen on; 0 for any free port.
    #[arg(long, value_name = "N", default_value_t = 1111)]
    port: u16,
    /// The address to listen on; only this machine can connect unless it is
    /// another interface's (0.0.0.0 for all).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Also answer requests addressed to NAME (a host name or IP address);
    /// by default only localhost, 127.0.0.1, [::1] and the --bind address.
    /// Repeatable.
    #[arg(long = "allow-host", value_name = "NAME", value_parser = broadside::serve::allowed_host)]
    allow_host: Vec<String>,
}

#[derive(Args, Clone)]
struct InitArgs {
    /// The folder for the new site; made if missing.
    #[arg(value_name = "DIR", default_value = ".")]
    dir: PathBuf,
}

#[derive(Args, Clone)]
struct BuildArgs {
    /// The folder holding the stories and site.toml.
    #[arg(long, value_name = "DIR", default_value = "content")]
    content: PathBuf,
    /// The templates folder; the built-in templates when it does not exist.
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Where the built site goes; replaced whole on every build, keeping
    /// its dotfiles, CNAME and the files named in [output] keep.
    #[arg(long, value_name = "DIR", default_value = "dist")]
    out: PathBuf,
    /// The URL the site will be served from, an absolute http or https URL
    /// (overrides base_url in site.toml).
    #[arg(long, value_name = "URL", value_parser = base_url_arg)]
    base_url: Option<String>,
    /// Build drafts too (`draft: true`, `published: false`).
    #[arg(long)]
    drafts: bool,
    /// Build stories dated in the future too.
    #[arg(long)]
    future: bool,
    /// Build stories whose `expiryDate` has passed too.
    #[arg(long)]
    expired: bool,
    /// Replace an output folder broadside did not make, deleting what it
    /// holds but its dotfiles, CNAME and the files named in [output] keep.
    /// Never the home folder, /, the current directory, or a folder that
    /// holds or is inside the content or templates.
    #[arg(long)]
    force: bool,
}

/// `--base-url`: anything but an absolute http(s) URL is a usage error.
fn base_url_arg(url: &str) -> Result<String, String> {
    broadside::config::check_base_url(url)
        .map(|()| url.to_string())
        .map_err(|why| format!("{why}; expected an absolute http or https URL, e.g. --base-url https://example.com/news/"))
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
            live_reload: None,
            force: self.force,
            include: Include { drafts: self.drafts, future: self.future, expired: self.expired },
        })
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let verbosity = cli.verbosity;
    let result = match &cli.command {
        Some(Command::Build(args)) => build(args, verbosity),
        Some(Command::Serve(args)) => return serve(args, verbosity),
        Some(Command::Check(args)) => return check(args, verbosity),
        Some(Command::Init(args)) => return broadside::init::run(&args.dir, report_of(verbosity)),
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
    let progress = progress_bar(verbosity);
    let built = broadside::build_with_progress(&options, &progress)?;
    report(&built.warnings, verbosity);
    if verbosity.verbose {
        for file in &built.files {
            eprintln!("  {} ({} bytes)", options.out_dir.join(&file.path).display(), file.bytes.len());
        }
        print_left_out(&built);
    }
    if !verbosity.quiet {
        let elapsed = started.elapsed();
        let what = if built.files.len() == 1 {
            options.out_dir.join(&built.files[0].path).display().to_string()
        } else {
            let others = built.files.len() - built.pages;
            let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
            let others = if others == 0 { String::new() } else { format!(" and {}", plural(others, "other file")) };
            format!("{}{others} to {}", plural(built.pages, "page"), options.out_dir.display())
        };
        println!("wrote {what}: {} bytes in {:.1} ms{}", built.bytes(), elapsed.as_secs_f64() * 1000.0, left_out(&built, verbosity));
    }
    Ok(())
}

/// With `--verbose`: each story not built and each file not used, and why.
fn print_left_out(built: &broadside::Built) {
    for skipped in &built.skipped {
        eprintln!("not built: {}: {} ({} builds it)", skipped.path.display(), skipped.why, skipped.why.flag());
    }
    for unused in &built.unused {
        eprintln!("not used: {}: {}", unused.path.display(), unused.why);
    }
}

/// What the success line adds when stories or files were left out.
fn left_out(built: &broadside::Built, verbosity: Verbosity) -> String {
    let mut parts = Vec::new();
    match built.skipped.len() {
        0 => {}
        1 => parts.push("1 story not built".to_string()),
        n => parts.push(format!("{n} stories not built")),
    }
    match built.unused.len() {
        0 => {}
        1 => parts.push("1 file not used".to_string()),
        n => parts.push(format!("{n} files not used")),
    }
    match (parts.is_empty(), verbosity.verbose) {
        (true, _) => String::new(),
        (false, true) => format!(" ({})", parts.join(", ")),
        (false, false) => format!(" ({}; --verbose names them)", parts.join(", ")),
    }
}

/// A progress bar on stderr for builds of many stories, only on a terminal.
fn progress_bar(verbosity: Verbosity) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if verbosity.quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} stories read and rendered")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    // A build of one story is over before a bar could be seen.
    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr_with_hz(10));
    bar
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

fn report_of(verbosity: Verbosity) -> broadside::check::Report {
    broadside::check::Report { quiet: verbosity.quiet, verbose: verbosity.verbose }
}

fn serve(args: &ServeArgs, verbosity: Verbosity) -> ExitCode {
    let build = match args.source.options() {
        Ok(options) => options,
        Err(d) => return fail(d, verbosity),
    };
    let options =
        broadside::serve::ServeOptions { build, bind: args.bind, port: args.port, allow_hosts: args.allow_host.clone() };
    broadside::serve::run(&options, report_of(verbosity))
}

fn check(args: &SourceArgs, verbosity: Verbosity) -> ExitCode {
    match args.options() {
        Ok(options) => broadside::check::run(&options, report_of(verbosity)),
        Err(d) => fail(d, verbosity),
    }
}

fn fail(d: Diagnostic, verbosity: Verbosity) -> ExitCode {
    report(&[d], verbosity);
    ExitCode::from(1)
}
