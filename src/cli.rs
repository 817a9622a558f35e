//! The command line, as clap reads it: the commands, their flags, and the
//! build options they stand for. Nothing here runs anything.

use std::path::PathBuf;

use broadside::unbuilt::Include;
use broadside::{BuildOptions, Diagnostic};
use clap::{Args, Parser, Subcommand, ValueHint};

#[derive(Parser)]
#[command(
    name = "broadside",
    version = env!("BROADSIDE_VERSION"),
    about = "One news story in Markdown to one self-contained HTML page."
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Option<Command>,
    /// Build options, for `broadside` with no subcommand.
    #[command(flatten)]
    pub(crate) build: BuildArgs,
    #[command(flatten)]
    pub(crate) verbosity: Verbosity,
}

/// How much the commands print.
#[derive(Args, Clone, Copy, Debug, Default)]
pub(crate) struct Verbosity {
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub(crate) quiet: bool,
    /// Print each file written, and each story not built and each file of
    /// the content folder not used, with the reason.
    #[arg(short, long, global = true)]
    pub(crate) verbose: bool,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
    /// Start a new story: content/<slug>.md with the title, the date and
    /// time now (or SOURCE_DATE_EPOCH), the site's default author and an
    /// empty description. Prints its path; never overwrites a file.
    New(NewArgs),
    /// Print the completion script for a shell, to install as that shell
    /// expects (see docs/installing.md).
    Completions(CompletionsArgs),
    /// Write the man pages: broadside.1 and one for each command
    /// (broadside-build.1, …).
    Man(ManArgs),
    /// Bring an archive in from another publishing system.
    Import(ImportArgs),
}

#[derive(Args, Clone)]
pub(crate) struct ImportArgs {
    #[command(subcommand)]
    pub(crate) from: ImportFrom,
}

#[derive(Subcommand, Clone)]
pub(crate) enum ImportFrom {
    /// A WordPress export (WXR, from Tools → Export): its posts and pages
    /// as stories, its authors and settings in site.toml, and
    /// import-report.md saying what came of every item. Overwrites nothing
    /// without --force; writes nothing if it fails.
    Wordpress(WordpressArgs),
}

#[derive(Args, Clone)]
pub(crate) struct WordpressArgs {
    /// The export file (XML).
    #[arg(value_name = "EXPORT.xml")]
    pub(crate) export: PathBuf,
    /// The folder to write the stories, site.toml and import-report.md into.
    #[arg(long, value_name = "DIR", default_value = "content")]
    pub(crate) content: PathBuf,
    /// A local copy of the site's wp-content/uploads folder. Without it,
    /// images are downloaded (within the [images] fetch limits), or left
    /// on the old server with a warning.
    #[arg(long, value_name = "DIR")]
    pub(crate) uploads: Option<PathBuf>,
    /// Overwrite files that exist in the content folder.
    #[arg(long)]
    pub(crate) force: bool,
    /// Download nothing: uploads not in --uploads stay on the old server.
    #[arg(long)]
    pub(crate) no_fetch: bool,
}

/// Where the sources are: every command that builds reads these.
#[derive(Args, Clone)]
pub(crate) struct SourceArgs {
    /// The folder holding the stories and site.toml.
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath, default_value = "content")]
    pub(crate) content: PathBuf,
    /// The templates folder; the built-in templates when it does not exist.
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath)]
    pub(crate) templates: Option<PathBuf>,
}

impl SourceArgs {
    /// The options of a build that writes nothing (`serve`, `check`): it
    /// compiles every template, used or not.
    pub(crate) fn options(&self) -> Result<BuildOptions, Diagnostic> {
        Ok(BuildOptions {
            content_dir: self.content.clone(),
            templates_dir: self.templates_dir()?,
            out_dir: PathBuf::from("dist"),
            every_template: true,
            ..BuildOptions::default()
        })
    }

    /// `--templates`, else `templates/` when it exists, else the built-in ones.
    fn templates_dir(&self) -> Result<Option<PathBuf>, Diagnostic> {
        match &self.templates {
            Some(dir) if !dir.is_dir() => Err(Diagnostic::error(format!(
                "the templates folder `{}` does not exist",
                dir.display()
            ))
            .help("leave out --templates to use the built-in templates, or make a copy with `broadside init`")),
            Some(dir) => Ok(Some(dir.clone())),
            None => Ok(Some(PathBuf::from("templates")).filter(|d| d.is_dir())),
        }
    }
}

#[derive(Args, Clone)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    pub(crate) source: SourceArgs,
    /// The port to listen on; 0 for any free port.
    #[arg(long, value_name = "N", default_value_t = 1111)]
    pub(crate) port: u16,
    /// The address to listen on; only this machine can connect unless it is
    /// another interface's (0.0.0.0 for all).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub(crate) bind: std::net::IpAddr,
    /// Also answer requests addressed to NAME (a host name or IP address);
    /// by default only localhost, 127.0.0.1, [::1] and the --bind address.
    /// Repeatable.
    #[arg(long = "allow-host", value_name = "NAME", value_parser = broadside::serve::allowed_host)]
    pub(crate) allow_host: Vec<String>,
}

#[derive(Args, Clone)]
pub(crate) struct InitArgs {
    /// The folder for the new site; made if missing.
    #[arg(value_name = "DIR", value_hint = ValueHint::DirPath, default_value = ".")]
    pub(crate) dir: PathBuf,
}

#[derive(Args, Clone)]
pub(crate) struct NewArgs {
    /// The story's title; its file name is made from it.
    #[arg(value_name = "TITLE")]
    pub(crate) title: String,
    /// The folder holding the stories and site.toml.
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath, default_value = "content")]
    pub(crate) content: PathBuf,
    /// Mark the story a draft (`draft = true`): not built until that line goes.
    #[arg(long)]
    pub(crate) draft: bool,
}

#[derive(Args, Clone)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_name = "SHELL", value_enum)]
    pub(crate) shell: clap_complete::Shell,
}

#[derive(Args, Clone)]
pub(crate) struct ManArgs {
    /// The folder to write the pages into; made if missing.
    #[arg(value_name = "DIR", value_hint = ValueHint::DirPath, default_value = ".")]
    pub(crate) dir: PathBuf,
}

#[derive(Args, Clone)]
pub(crate) struct BuildArgs {
    #[command(flatten)]
    pub(crate) source: SourceArgs,
    /// Where the built site goes; replaced whole on every build, keeping
    /// its dotfiles, CNAME and the files named in [output] keep.
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath, default_value = "dist")]
    pub(crate) out: PathBuf,
    /// The URL the site will be served from, an absolute http or https URL
    /// (overrides base_url in site.toml).
    #[arg(long, value_name = "URL", value_parser = base_url_arg)]
    pub(crate) base_url: Option<String>,
    /// Build drafts too (`draft: true`, `published: false`).
    #[arg(long)]
    pub(crate) drafts: bool,
    /// Build stories dated in the future too.
    #[arg(long)]
    pub(crate) future: bool,
    /// Build stories whose `expiryDate` has passed too.
    #[arg(long)]
    pub(crate) expired: bool,
    /// Replace an output folder broadside did not make, deleting what it
    /// holds but its dotfiles, CNAME and the files named in [output] keep.
    /// Never the home folder, /, the current directory, or a folder that
    /// holds or is inside the content or templates.
    #[arg(long)]
    pub(crate) force: bool,
    /// Use no cache: render every page even when nothing changed since
    /// the last build of the output folder, and process every image
    /// afresh, neither reading nor filling the image cache.
    #[arg(long)]
    pub(crate) no_cache: bool,
    /// Make every warning an error, for CI: nothing is written while one
    /// stands (as `strict = true` under [build] in site.toml does).
    #[arg(long)]
    pub(crate) strict: bool,
    /// Write the output files this build added or changed (`+path`) and
    /// removed (`-path`), one a line, to FILE: the list a deploy uploads
    /// and deletes. Written only when the build succeeds.
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub(crate) changes: Option<PathBuf>,
}

impl BuildArgs {
    pub(crate) fn options(&self) -> Result<BuildOptions, Diagnostic> {
        Ok(BuildOptions {
            out_dir: self.out.clone(),
            base_url: self.base_url.clone(),
            force: self.force,
            no_cache: self.no_cache,
            strict: self.strict,
            every_template: false,
            changes: self.changes.is_some(),
            include: Include {
                drafts: self.drafts,
                future: self.future,
                expired: self.expired,
            },
            ..self.source.options()?
        })
    }
}

/// `--base-url`: anything but an absolute http(s) URL is a usage error.
fn base_url_arg(url: &str) -> Result<String, String> {
    broadside::config::check_base_url(url)
        .map(|()| url.to_string())
        .map_err(|why| format!("{why}; expected an absolute http or https URL, e.g. --base-url https://example.com/news/"))
}
