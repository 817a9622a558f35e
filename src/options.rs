//! What a build is asked to do, and what it reads from the process around
//! it, gathered in one value before anything is read: the folders, the
//! command line's switches, and the environment (`SOURCE_DATE_EPOCH`, the
//! clock, the image cache's folder). Nothing below this reads the
//! environment or the clock itself, so a build is a function of its
//! options and its input files.

use std::ffi::OsString;
use std::path::PathBuf;

/// What to build and where.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub content_dir: PathBuf,
    /// None: the embedded default templates.
    pub templates_dir: Option<PathBuf>,
    pub out_dir: PathBuf,
    /// Overrides `base_url` in site.toml.
    pub base_url: Option<String>,
    /// Stories that are not public yet (or any more) to build anyway.
    pub include: Include,
    /// Replace an output folder broadside did not make (`--force`).
    pub force: bool,
    /// Use no cache (`--no-cache`): render every page even when nothing
    /// changed since the last build of the output, and process every image
    /// afresh, neither reading nor filling the image cache.
    pub no_cache: bool,
    /// Serve mode: every page carries the script that reloads it when the
    /// site is rebuilt. None for the files a build writes.
    pub live_reload: Option<LiveReload>,
    /// Every warning is an error (`--strict`; `strict = true` under
    /// `[build]` in site.toml does the same).
    pub strict: bool,
    /// Say which output files this build added, changed and removed against
    /// the old output (`build --changes FILE`, for a deploy).
    pub changes: bool,
    /// Compile every template, those the site does not use yet too
    /// (`check`, `serve`): a mistake in one is said before the day the
    /// site grows into it.
    pub every_template: bool,
    /// The clock and the environment, read once (by `Default`, from this
    /// process).
    pub env: Environment,
}

/// Which stories that are not public are built anyway (`--drafts`,
/// `--future`, `--expired`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Include {
    /// Drafts (`draft: true`) and unpublished stories (`published: false`).
    pub drafts: bool,
    /// Stories dated after now.
    pub future: bool,
    /// Stories whose `expiryDate` has passed.
    pub expired: bool,
}

/// What a page of `broadside serve` needs to reload itself: the templates
/// render [`LiveReload::SCRIPT`] with these two values as attributes, and
/// the page's Content-Security-Policy allows that script by its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveReload {
    /// The path the script asks for the next build (long polling).
    pub endpoint: String,
    /// Names the build the page comes from.
    pub tag: String,
}

impl LiveReload {
    /// The reload script; it reads the endpoint and the tag from its
    /// `<script>` element, so its text, and its hash, never change.
    pub const SCRIPT: &'static str = include_str!("serve/reload.js");
}

/// Told how far a build is: how many steps there are (each story is read,
/// then rendered), and each step done. The command decides how to show it.
pub trait Progress: Sync {
    fn total(&self, steps: u64);
    fn advance(&self);
}

/// No progress shown.
impl Progress for () {
    fn total(&self, _steps: u64) {}
    fn advance(&self) {}
}

/// What a build takes from the process: read once, by
/// [`Environment::from_process`], the one place these variables are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Environment {
    /// `SOURCE_DATE_EPOCH` (seconds since the Unix epoch), when it is set.
    pub source_date_epoch: Option<i64>,
    /// The clock when the options were made, in seconds since the epoch.
    pub clock: i64,
    /// `BROADSIDE_CACHE_DIR`: the image cache's folder, over any setting.
    pub cache_dir_override: Option<PathBuf>,
    /// Where the image cache lies when nothing else says:
    /// `$XDG_CACHE_HOME/broadside/images`, else `~/.cache/broadside/images`.
    pub cache_dir_default: Option<PathBuf>,
}

impl Default for Environment {
    fn default() -> Environment {
        Environment::from_process()
    }
}

impl Environment {
    /// This process's environment and clock.
    pub fn from_process() -> Environment {
        Environment::from_vars(
            |name| std::env::var_os(name).filter(|v| !v.is_empty()),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
        )
    }

    /// The environment `var` gives, at `clock`.
    pub(crate) fn from_vars(var: impl Fn(&str) -> Option<OsString>, clock: i64) -> Environment {
        let path = |name: &str| var(name).map(PathBuf::from);
        let cache_base = path("XDG_CACHE_HOME").or_else(|| path("HOME").map(|h| h.join(".cache")));
        Environment {
            source_date_epoch: var("SOURCE_DATE_EPOCH")
                .and_then(|s| s.to_str().and_then(|s| s.trim().parse().ok())),
            clock,
            cache_dir_override: path("BROADSIDE_CACHE_DIR"),
            cache_dir_default: cache_base.map(|b| b.join("broadside").join("images")),
        }
    }

    /// The time stamp for anything that must carry one and has no date of
    /// its own: `SOURCE_DATE_EPOCH` when set (reproducible builds), else 0.
    pub fn stamp(&self) -> i64 {
        self.source_date_epoch.unwrap_or(0)
    }

    /// Now, for what depends on the day of the build (stories dated in the
    /// future, expired ones): `SOURCE_DATE_EPOCH` when set, so a build can
    /// be repeated exactly; else the clock.
    pub fn now(&self) -> i64 {
        self.source_date_epoch.unwrap_or(self.clock)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_epoch_and_the_cache_folders_from_the_variables_given() {
        let env = Environment::from_vars(
            |name| match name {
                "SOURCE_DATE_EPOCH" => Some(" 1700000000 ".into()),
                "HOME" => Some("/home/ann".into()),
                _ => None,
            },
            5,
        );
        assert_eq!((env.now(), env.stamp()), (1_700_000_000, 1_700_000_000));
        assert_eq!(
            env.cache_dir_default,
            Some(PathBuf::from("/home/ann/.cache/broadside/images"))
        );
        assert_eq!(env.cache_dir_override, None);
        let unset = Environment::from_vars(|_| None, 5);
        assert_eq!((unset.now(), unset.stamp()), (5, 0));
        assert_eq!(unset.cache_dir_default, None);
    }
}
