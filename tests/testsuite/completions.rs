//! `broadside completions SHELL`, `broadside man DIR` and `--version`:
//! the scripts parse in their shells (and bash's completes), the pages
//! render with `man`, the version names a commit. bash, zsh and man are
//! installed by `scripts/test`.

use std::process::{Command, Stdio};

use crate::support::{Run, TestSite, broadside};

fn completions(shell: &str) -> String {
    let run = Run::of(broadside().args(["completions", shell])).ok();
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    run.stdout
}

/// `shell ARGS` with `script` on its standard input: what it printed.
fn shell(shell: &str, args: &[&str], script: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = Command::new(shell)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{shell} is needed (scripts/test installs it): {e}"));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn bash_and_zsh_parse_their_scripts() {
    for sh in ["bash", "zsh"] {
        let script = completions(sh);
        assert!(script.contains("broadside"), "{script}");
        let out = shell(sh, &["-n"], &script);
        assert!(
            out.status.success() && out.stderr.is_empty(),
            "{sh} -n: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    for sh in ["fish", "powershell", "elvish"] {
        let script = completions(sh);
        for word in ["serve", "base-url", "completions"] {
            assert!(script.contains(word), "{sh} lacks {word}");
        }
    }
}

#[test]
fn bash_completes_commands_and_flags() {
    let script = completions("bash");
    let complete = |line: &str| {
        let words: Vec<&str> = line.split(' ').collect();
        let test = format!(
            "{script}\nCOMP_WORDS=({words})\nCOMP_CWORD={cword}\nCOMP_LINE='{line}'\nCOMP_POINT={point}\n\
             _broadside broadside '{last}' '{prev}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
            words = words
                .iter()
                .map(|w| format!("'{w}'"))
                .collect::<Vec<_>>()
                .join(" "),
            cword = words.len() - 1,
            point = line.len(),
            last = words[words.len() - 1],
            prev = words[words.len() - 2],
        );
        let out = shell("bash", &[], &test);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let commands = complete("broadside ");
    for command in [
        "build",
        "serve",
        "check",
        "init",
        "new",
        "completions",
        "man",
    ] {
        assert!(
            commands.lines().any(|l| l == command),
            "{command} in {commands}"
        );
    }
    let flags = complete("broadside build --base");
    assert_eq!(flags.trim(), "--base-url");
    let shells = complete("broadside completions z");
    assert_eq!(shells.trim(), "zsh");
}

#[test]
fn man_pages_render_for_every_command() {
    let site = TestSite::new();
    let run = site.run(&["man", "man1"]).ok();
    assert!(
        run.stdout.contains("wrote 9 man pages into man1"),
        "{}",
        run.stdout
    );
    for (page, expect) in [
        ("broadside", "broadside-build"),
        ("broadside-build", "--base-url"),
        ("broadside-serve", "--allow-host"),
        ("broadside-check", "--templates"),
        ("broadside-init", "DIR"),
        ("broadside-new", "--draft"),
        ("broadside-completions", "zsh"),
        ("broadside-man", "DIR"),
    ] {
        let path = site.join(format!("man1/{page}.1"));
        let out = Command::new("man")
            .arg("-l")
            .arg(&path)
            .env("MANWIDTH", "80")
            .env("MANPAGER", "cat")
            .env("PAGER", "cat")
            .output()
            .unwrap_or_else(|e| panic!("man is needed (scripts/test installs it): {e}"));
        let text = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && stderr.is_empty(),
            "man -l {page}.1: {stderr}"
        );
        // groff may hyphenate words and turn '-' into its own minus sign.
        let text = text.replace(['\u{2010}', '\u{2212}'], "-");
        assert!(
            text.contains("NAME") && text.contains(page),
            "{page}: {text}"
        );
        assert!(text.contains(expect), "{page} lacks {expect}: {text}");
    }
}

#[test]
fn version_names_the_version_and_the_commit() {
    let run = Run::of(broadside().arg("--version")).ok();
    let version = run.stdout.trim();
    let checkout = Command::new("git")
        .args(["rev-parse", "--show-toplevel"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .is_ok_and(|o| o.status.success());
    if !checkout {
        // Built from a source archive: the version alone.
        assert_eq!(version, format!("broadside {}", env!("CARGO_PKG_VERSION")));
        return;
    }
    let expected = format!("broadside {} ", env!("CARGO_PKG_VERSION"));
    assert!(version.starts_with(&expected), "{version}");
    // This test runs in a git checkout: `(<12 hex digits>[-dirty] <date>)`.
    let inside = version[expected.len()..]
        .strip_prefix('(')
        .and_then(|v| v.strip_suffix(')'))
        .unwrap_or_else(|| panic!("{version}"));
    let (hash, date) = inside
        .split_once(' ')
        .unwrap_or_else(|| panic!("{version}"));
    let hash = hash.trim_end_matches("-dirty");
    assert!(
        hash.len() == 12 && hash.chars().all(|c| c.is_ascii_hexdigit()),
        "{version}"
    );
    assert!(
        chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok(),
        "{version}"
    );
    let head = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let head = String::from_utf8_lossy(&head.stdout);
    // The binary was built from a commit of this checkout (HEAD, unless a
    // commit came after the build).
    let known = Command::new("git")
        .args(["cat-file", "-e", &format!("{hash}^{{commit}}")])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .unwrap();
    assert!(known.success(), "{version} (HEAD is {head})");
}

/// Every command `broadside --help` lists is in the guide: a line of
/// `docs/commands.md`'s synopsis, a heading of that page, and the guide's
/// index. (`import` was missing from all three, found by a new user reading
/// `--help`.)
#[test]
fn every_command_is_in_the_guide() {
    let help = Run::of(broadside().arg("--help")).ok().stdout;
    let commands: Vec<&str> = help
        .split("Commands:\n")
        .nth(1)
        .unwrap_or_else(|| panic!("no Commands: in --help: {help}"))
        .lines()
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(commands.len() >= 8, "{commands:?}");
    let page = std::fs::read_to_string(crate::support::repo().join("docs/commands.md")).unwrap();
    let synopsis = page
        .split("```")
        .nth(1)
        .expect("docs/commands.md opens with a synopsis block");
    let index = std::fs::read_to_string(crate::support::repo().join("docs/README.md")).unwrap();
    for command in commands {
        assert!(
            synopsis.lines().any(|l| {
                let mut words = l.split_whitespace();
                words.next() == Some("broadside")
                    && words.next().map(|w| w.trim_matches(['[', ']'])) == Some(command)
            }),
            "docs/commands.md's synopsis has no line for `broadside {command}`"
        );
        assert!(
            page.lines()
                .filter_map(|l| l.strip_prefix("## "))
                .any(|heading| heading.split_whitespace().any(|w| w == command)),
            "docs/commands.md has no heading for `{command}`"
        );
        assert!(
            index.contains(&format!("`{command}`")),
            "docs/README.md's index does not name `{command}`"
        );
    }
}
