//! Limits, through the real binary: big stories build, stories over the
//! size limit are refused with a clear error, and pathological Markdown
//! either builds or is refused cleanly: never a stack overflow, a panic or
//! a hang.

use std::io::Read;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Run, TestSite};

/// A build that takes longer than this (in a debug build, on a busy
/// machine) is taken to hang.
const HANG: Duration = Duration::from_secs(120);

const FRONT: &str = "+++\ntitle = \"Pathological\"\n+++\n\n";

struct Built {
    run: Run,
    _site: TestSite,
    took: Duration,
}

impl Built {
    fn stderr(&self) -> String {
        self.run.stderr.clone()
    }

    /// The built page; fails unless the build succeeded.
    fn page(&self) -> String {
        assert!(
            self.run.status.success(),
            "the build failed:\n{}",
            self.stderr()
        );
        self.run.page("index.html")
    }

    /// Fails unless the build was refused with status 1 and a clean message.
    fn refused(&self) -> String {
        let stderr = self.stderr();
        assert_eq!(self.run.code(), Some(1), "expected a refusal:\n{stderr}");
        assert!(
            !stderr.contains("panicked") && !stderr.contains("overflow"),
            "{stderr}"
        );
        assert!(
            stderr.starts_with("error: ") && stderr.contains("\nhelp: "),
            "{stderr}"
        );
        assert!(!self.run.out().exists(), "a refused build wrote output");
        stderr
    }
}

/// Builds one story whose file holds `bytes`, with `site_toml`.
fn build(bytes: &[u8], site_toml: &str) -> Built {
    run(TestSite::new()
        .file("content/site.toml", site_toml)
        .file("content/story.md", bytes))
}

/// Builds `content/` of `site` into `dist/`, killing the build if it hangs.
fn run(site: TestSite) -> Built {
    let started = Instant::now();
    let mut child = site
        .command()
        .args(["--content", "content", "--out", "dist"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read the pipes on threads so a chatty build cannot block on them.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        stdout.read_to_end(&mut buf).ok();
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        stderr.read_to_end(&mut buf).ok();
        buf
    });
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > HANG {
            child.kill().ok();
            child.wait().ok();
            panic!("the build hung: still running after {HANG:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let took = started.elapsed();
    let output = Output {
        status,
        stdout: out_reader.join().unwrap(),
        stderr: err_reader.join().unwrap(),
    };
    let run = Run::from_output(output, site.join("dist"));
    // A crash (a stack overflow is SIGSEGV or SIGABRT) has no exit code.
    assert!(
        run.code().is_some(),
        "the build crashed: {:?}\n{}",
        run.status,
        run.stderr
    );
    assert_ne!(run.code(), Some(101), "the build panicked:\n{}", run.stderr);
    Built {
        run,
        _site: site,
        took,
    }
}

fn markdown(body: &str) -> Vec<u8> {
    format!("{FRONT}{body}").into_bytes()
}

#[test]
fn a_20_mb_story_builds() {
    let paragraph = "The council met on Tuesday and heard from residents about the harbour plan, \
                     which would close the old pier for two years. **Many** objected; _some_ agreed.\n\n";
    let mut body = String::with_capacity(21 << 20);
    let mut n = 0;
    while body.len() < 20 << 20 {
        if n % 50 == 0 {
            body.push_str(&format!("## Part {n}\n\n"));
        }
        body.push_str(paragraph);
        n += 1;
    }
    let built = build(&markdown(&body), "");
    let page = built.page();
    assert!(page.len() > 20 << 20, "{} bytes", page.len());
    assert!(page.contains("<h2 id=\"part-0\">Part 0</h2>"));
    eprintln!("20 MB story: {:?}", built.took);
}

#[test]
fn a_story_over_the_configured_limit_is_refused() {
    let built = build(
        &markdown(&"word ".repeat(2000)),
        "[limits]\nmax_story_bytes = 1000\n",
    );
    let stderr = built.refused();
    assert!(
        stderr.contains("error: the story is 10032 bytes, over the limit of 1000 bytes"),
        "{stderr}"
    );
    assert!(stderr.contains("--> content/story.md"), "{stderr}");
    assert!(
        stderr.contains("raise `max_story_bytes` under [limits] in site.toml"),
        "{stderr}"
    );
}

#[test]
fn a_story_over_the_default_limit_is_refused_without_being_read() {
    // A sparse file just over 50 MB: refused on its size alone.
    let site = TestSite::new().file("content/story.md", "");
    std::fs::File::options()
        .write(true)
        .open(site.join("content/story.md"))
        .unwrap()
        .set_len(50 * 1024 * 1024 + 1)
        .unwrap();
    let built = run(site);
    let stderr = built.refused();
    assert!(
        stderr.contains("error: the story is 52428801 bytes, over the limit of 52428800 bytes"),
        "{stderr}"
    );
}

#[test]
fn ten_thousand_nested_block_quotes_build() {
    let built = build(&markdown(&format!("{}Deep.\n", "> ".repeat(10_000))), "");
    let page = built.page();
    assert_eq!(page.matches("<blockquote>").count(), 10_000);
    assert!(page.contains("Deep."));
}

#[test]
fn ten_thousand_nested_list_levels_build() {
    let built = build(&markdown(&format!("{}Deep.\n", "- ".repeat(10_000))), "");
    let page = built.page();
    assert_eq!(page.matches("<ul>").count(), 10_000);
    let built = build(&markdown(&format!("{}Deep.\n", "1. ".repeat(10_000))), "");
    assert_eq!(built.page().matches("<ol>").count(), 10_000);
}

#[test]
fn nesting_beyond_the_sanitiser_limit_with_raw_html_is_refused() {
    // Raw HTML sends the page through the HTML sanitiser, whose parser
    // slows down with the square of the depth: deep nesting is refused.
    for body in [
        format!("{}<b>Deep.</b>\n", "> ".repeat(10_000)),
        format!("{}Deep.\n", "<div>".repeat(10_000)),
    ] {
        let built = build(&markdown(&body), "");
        let stderr = built.refused();
        assert!(
            stderr.contains("error: the story nests elements more than 512 levels deep"),
            "{stderr}"
        );
        assert!(
            built.took < Duration::from_secs(30),
            "refusing took {:?}",
            built.took
        );
    }
    // Within the limit, it builds.
    let built = build(
        &markdown(&format!("{}<b>Deep.</b>\n", "> ".repeat(400))),
        "",
    );
    assert!(built.page().contains("<b>Deep.</b>"));
    // Without sanitising, there is no limit.
    let built = build(
        &markdown(&format!("{}<b>Deep.</b>\n", "> ".repeat(10_000))),
        "[markdown]\nallow_unsafe_html = true\n",
    );
    assert_eq!(built.page().matches("<blockquote>").count(), 10_000);
}

#[test]
fn a_single_one_megabyte_line_builds() {
    let line = "word ".repeat(200_000);
    let built = build(&markdown(&format!("{}\n", line.trim_end())), "");
    assert!(built.page().len() > 1_000_000);
    let built = build(&markdown(&format!("{}\n", "x".repeat(1 << 20))), "");
    assert!(built.page().contains(&"x".repeat(1 << 20)));
}

#[test]
fn a_hundred_thousand_footnotes_build() {
    let mut body = String::new();
    for i in 0..100_000 {
        body.push_str(&format!("Claim {i}.[^{i}]\n"));
    }
    body.push('\n');
    for i in 0..100_000 {
        body.push_str(&format!("[^{i}]: Source {i}.\n\n"));
    }
    let built = build(&markdown(&body), "");
    let page = built.page();
    assert!(page.contains("id=\"fn-99999\""));
    assert_eq!(
        page.matches("class=\"footnote-definition\"").count(),
        100_000
    );
}

#[test]
fn other_pathological_inputs_build_or_are_refused_cleanly() {
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "100,000 nested emphasis",
            markdown(&format!(
                "{}x{}\n",
                "*".repeat(100_000),
                "*".repeat(100_000)
            )),
        ),
        (
            "100,000 nested brackets",
            markdown(&format!(
                "{}x{}\n",
                "[".repeat(100_000),
                "]".repeat(100_000)
            )),
        ),
        (
            "100,000 nested links",
            markdown(&format!(
                "{}x{}\n",
                "[".repeat(50_000),
                "](u)".repeat(50_000)
            )),
        ),
        ("100,000 backticks", markdown(&"`".repeat(100_000))),
        (
            "100,000 table columns",
            markdown(&format!(
                "{}\n{}\n",
                "|a".repeat(100_000),
                "|-".repeat(100_000)
            )),
        ),
        (
            "100,000 nested TOML arrays",
            format!(
                "+++\ntitle = \"T\"\nx = {}{}\n+++\n",
                "[".repeat(100_000),
                "]".repeat(100_000)
            )
            .into_bytes(),
        ),
        (
            "100,000 nested TOML tables",
            format!(
                "+++\ntitle = \"T\"\nx = {}1{}\n+++\n",
                "{a=".repeat(50_000),
                "}".repeat(50_000)
            )
            .into_bytes(),
        ),
        (
            "100,000 nested YAML lists",
            format!(
                "---\ntitle: T\nx: {}{}\n---\n",
                "[".repeat(100_000),
                "]".repeat(100_000)
            )
            .into_bytes(),
        ),
        (
            "100,000 nested YAML maps",
            format!(
                "---\ntitle: T\nx: {}1{}\n---\n",
                "{a: ".repeat(50_000),
                "}".repeat(50_000)
            )
            .into_bytes(),
        ),
        (
            "100,000 YAML aliases",
            format!(
                "---\ntitle: T\na: &a [x]\nb: [{}]\n---\n",
                "*a, ".repeat(100_000)
            )
            .into_bytes(),
        ),
        (
            "100,000 headings with one name",
            markdown(&"# Same\n\n".repeat(100_000)),
        ),
        (
            "a million-column front matter line",
            format!("+++\ntitle = \"{}\"\n+++\n", "t".repeat(1 << 20)).into_bytes(),
        ),
        ("NUL bytes", markdown("a\0b\0\0c\n")),
    ];
    for (what, bytes) in cases {
        let built = build(&bytes, "");
        match built.run.code() {
            Some(0) => {
                built.page();
            }
            Some(1) => {
                built.refused();
            }
            other => panic!("{what}: exit status {other:?}\n{}", built.stderr()),
        }
        eprintln!("{what}: exit {:?} in {:?}", built.run.code(), built.took);
    }
}
