//! What the suite's modules share: the one way of launching the binary
//! ([`broadside`]), the fixtures ([`fixture`]), a temporary working folder
//! to build in ([`TestSite`]), what a run gave ([`Run`]), and whole folders
//! read for comparing ([`tree`]).

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};

/// "Now" for every run, as seconds since the Unix epoch: 2026-01-01, so
/// that stories dated in the future or expired stay so whatever the day.
pub const NOW: &str = "1767225600";

/// A story file with a title and a line of text, for sites that need one.
pub const STORY: &str = "+++\ntitle = \"Storm\"\n+++\n\nText.\n";

/// The repository's folder.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/<path>`.
pub fn fixture(path: &str) -> PathBuf {
    repo().join("tests/fixtures").join(path)
}

/// The binary, to be given its arguments: no colour, "now" at [`NOW`], no
/// failpoint from the caller's environment, nothing on standard input, a
/// home folder and an image cache of the suite's own (never the user's,
/// wherever the checkout, the temporary folder and `HOME` lie). Every test
/// launches it through this.
pub fn broadside() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_broadside"));
    command
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", NOW)
        .env(
            "BROADSIDE_CACHE_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("image-cache"),
        )
        .env("HOME", suite_home())
        .env_remove("XDG_CACHE_HOME")
        .env_remove("BROADSIDE_FAILPOINT")
        .stdin(Stdio::null());
    command
}

/// The home folder every launched binary is given: the suite's own, made
/// once.
pub fn suite_home() -> PathBuf {
    let home = Path::new(env!("CARGO_TARGET_TMPDIR")).join("home");
    std::fs::create_dir_all(&home).unwrap();
    home
}

/// What a run of the binary gave.
#[derive(Debug)]
pub struct Run {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
    /// The output folder: `--out`'s value, else `dist`, in the run's folder.
    out: PathBuf,
}

impl Run {
    /// Runs `command` to its end, capturing what it prints.
    pub fn of(command: &mut Command) -> Run {
        let cwd = command
            .get_current_dir()
            .map_or_else(|| std::env::current_dir().unwrap(), Path::to_path_buf);
        let args: Vec<&OsStr> = command.get_args().collect();
        let out = args
            .iter()
            .position(|a| *a == "--out")
            .and_then(|i| args.get(i + 1))
            .map_or(OsStr::new("dist"), |a| a);
        let out = cwd.join(out);
        let output = command.output().expect("run broadside");
        Run::from_output(output, out)
    }

    /// A run whose output was captured another way, writing to `out`.
    pub fn from_output(output: std::process::Output, out: PathBuf) -> Run {
        let text = |bytes: Vec<u8>| String::from_utf8_lossy(&bytes).into_owned();
        Run {
            status: output.status,
            stdout: text(output.stdout),
            stderr: text(output.stderr),
            out,
        }
    }

    /// The exit status, `None` when a signal ended the run.
    pub fn code(&self) -> Option<i32> {
        self.status.code()
    }

    /// Fails, showing standard error, unless the run succeeded.
    #[track_caller]
    pub fn ok(self) -> Run {
        assert!(
            self.status.success(),
            "broadside failed ({}):\n{}",
            self.status,
            self.stderr
        );
        self
    }

    /// The output folder.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// A file of the output, as text.
    #[track_caller]
    pub fn page(&self, path: &str) -> String {
        std::fs::read_to_string(self.out.join(path))
            .unwrap_or_else(|e| panic!("{}: {e}", self.out.join(path).display()))
    }
}

/// A temporary working folder to run the binary in, removed when dropped.
/// Content goes in `content/`, the default output is `dist/`:
///
/// ```ignore
/// let site = TestSite::new().file("content/story.md", STORY);
/// let page = site.build(&[]).ok().page("index.html");
/// ```
pub struct TestSite {
    dir: tempfile::TempDir,
    /// The site's own image cache, outside its folder.
    cache: tempfile::TempDir,
}

impl TestSite {
    /// An empty folder.
    pub fn new() -> TestSite {
        TestSite {
            dir: tempfile::tempdir().unwrap(),
            cache: tempfile::tempdir().unwrap(),
        }
    }

    /// With a copy of `tests/fixtures/<name>` as `content/`.
    pub fn fixture(self, name: &str) -> TestSite {
        copy_dir(&fixture(name), &self.join("content"));
        self
    }

    /// With the file `path` (relative to the folder) holding `contents`.
    pub fn file(self, path: &str, contents: impl AsRef<[u8]>) -> TestSite {
        write(&self.join(path), contents);
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, path: impl AsRef<Path>) -> PathBuf {
        self.dir.path().join(path)
    }

    /// [`broadside`], run in this folder, with an image cache of this
    /// site's own, so what a build finds there is what its earlier builds
    /// left.
    pub fn command(&self) -> Command {
        let mut command = broadside();
        command
            .current_dir(self.path())
            .env("BROADSIDE_CACHE_DIR", self.cache.path());
        command
    }

    /// `broadside ARGS` in this folder.
    pub fn run(&self, args: &[&str]) -> Run {
        Run::of(self.command().args(args))
    }

    /// `broadside build ARGS` in this folder: `content/` into `dist/`
    /// unless `ARGS` say otherwise.
    pub fn build(&self, args: &[&str]) -> Run {
        Run::of(self.command().arg("build").args(args))
    }

    /// [`Self::build`] without this test's own image cache, so that the
    /// site's `[images] cache_dir` is the one used.
    pub fn build_with_cache_dir(&self, args: &[&str]) -> Run {
        Run::of(
            self.command()
                .env_remove("BROADSIDE_CACHE_DIR")
                .arg("build")
                .args(args),
        )
    }
}

/// Writes `contents` to `path`, making the folders it needs.
pub fn write(path: &Path, contents: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

/// Copies the folder `from` to `to`, made if missing.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Puts what a deploy checkout holds into the output folder `dist`: a
/// `.git` with `objects` files and a `HEAD`, `.nojekyll`,
/// `.well-known/security.txt`, `CNAME` and `robots.txt`.
pub fn add_deploy_checkout(dist: &Path, objects: usize) {
    for i in 0..objects {
        write(
            &dist.join(format!(".git/objects/{:02x}/{i:06}", i % 256)),
            format!("object {i}\n"),
        );
    }
    write(&dist.join(".git/HEAD"), "ref: refs/heads/gh-pages\n");
    write(&dist.join(".nojekyll"), "");
    write(
        &dist.join(".well-known/security.txt"),
        "Contact: mailto:desk@example.com\n",
    );
    write(&dist.join("CNAME"), "news.example.com\n");
    write(&dist.join("robots.txt"), "User-agent: *\n");
}

/// Every file under a folder: relative path to bytes.
pub type Tree = BTreeMap<PathBuf, Vec<u8>>;

/// Every file under `dir` (following symbolic links), for comparing outputs
/// byte for byte.
pub fn tree(dir: &Path) -> Tree {
    fn walk(root: &Path, dir: &Path, out: &mut Tree) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.insert(
                    path.strip_prefix(root).unwrap().to_path_buf(),
                    std::fs::read(&path).unwrap(),
                );
            }
        }
    }
    let mut out = Tree::new();
    walk(dir, dir, &mut out);
    out
}
