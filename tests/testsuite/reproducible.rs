//! Reproducible output: the same input gives byte-identical output whatever
//! the working folder, time zone, locale, thread count or day, and the only
//! time stamp broadside invents (the feed's, when no story has a date) comes
//! from `SOURCE_DATE_EPOCH`.

use std::path::{Path, PathBuf};

use crate::support::{Run, TestSite, Tree, broadside, fixture, tree, write};

/// A site with a base URL (so a feed and a sitemap), several stories, an
/// inlined image, dates in several zones, and `dated` or undated stories.
fn site(dir: &Path, dated: bool) -> PathBuf {
    let content = dir.join("content");
    write(
        &content.join("site.toml"),
        "name = \"Coast News\"\nbase_url = \"https://example.com/news/\"\nlanguage = \"en\"\n",
    );
    let dates = [
        "2020-01-04T23:30:00-08:00",
        "2020-01-05 09:15:00 +1400",
        "2020-01-03",
    ];
    for (i, date) in dates.iter().enumerate() {
        let date = if dated {
            format!("date = \"{date}\"\n")
        } else {
            String::new()
        };
        write(
            &content.join(format!("story-{i}.md")),
            format!(
                "+++\ntitle = \"Storm day {i}\"\n{date}authors = [\"Ann Lee\"]\ntags = [\"weather\"]\n+++\n\n\
                 The storm came ashore on day {i}.\n\n## Damage\n\nRoofs[^1] were lost. <abbr title=\"Coast Guard\">CG</abbr>\n\n\
                 | Town | Homes |\n|:--|--:|\n| Ayr | {i} |\n\n[^1]: Many roofs.\n"
            ),
        );
    }
    let date = if dated { "date: 2020-01-02\n" } else { "" };
    write(
        &content.join("harbour/index.md"),
        format!(
            "---\ntitle: Harbour closed\n{date}image: boats.png\nimage_alt: Boats in the harbour\n---\n\nThe harbour closed.\n\n![Boats](boats.png \"The harbour\")\n"
        ),
    );
    std::fs::copy(
        fixture("errors/image-outside/outside.png"),
        content.join("harbour/boats.png"),
    )
    .unwrap();
    content
}

/// Builds `content` from `cwd` into `out` with no `SOURCE_DATE_EPOCH` but
/// what `env` says.
fn build(cwd: &Path, content: &Path, out: &Path, env: &[(&str, &str)]) -> Tree {
    let mut command = broadside();
    command
        .current_dir(cwd)
        .env_remove("SOURCE_DATE_EPOCH")
        .arg("--content")
        .arg(content)
        .arg("--out")
        .arg(out);
    Run::of(command.envs(env.iter().copied())).ok();
    tree(&cwd.join(out))
}

fn assert_same(a: &Tree, b: &Tree, what: &str) {
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "{what}: different files"
    );
    for (path, bytes) in a {
        assert!(bytes == &b[path], "{what}: {} differs", path.display());
    }
}

#[test]
fn same_input_same_bytes_from_anywhere_in_any_zone_and_locale() {
    let dir = TestSite::new();
    let content = site(dir.path(), true);
    let reference = build(
        dir.path(),
        Path::new("content"),
        Path::new("dist"),
        &[("TZ", "UTC"), ("LC_ALL", "C")],
    );
    assert!(
        reference.contains_key(Path::new("atom.xml"))
            && reference.contains_key(Path::new("sitemap.xml")),
        "{:?}",
        reference.keys()
    );
    assert!(reference.len() >= 7, "{:?}", reference.keys());

    // Another working folder, absolute paths, other zones and locales,
    // one thread or several.
    let elsewhere = TestSite::new();
    let variants: &[(&str, &[(&str, &str)])] = &[
        ("another working folder", &[("TZ", "UTC"), ("LC_ALL", "C")]),
        (
            "TZ=Pacific/Kiritimati",
            &[("TZ", "Pacific/Kiritimati"), ("LC_ALL", "C")],
        ),
        ("TZ=America/Los_Angeles", &[("TZ", "America/Los_Angeles")]),
        (
            "LC_ALL=de_DE.UTF-8",
            &[("LC_ALL", "de_DE.UTF-8"), ("LANG", "de_DE.UTF-8")],
        ),
        (
            "LC_ALL=tr_TR.UTF-8",
            &[("LC_ALL", "tr_TR.UTF-8"), ("TZ", "Asia/Kolkata")],
        ),
        ("one thread", &[("RAYON_NUM_THREADS", "1")]),
        ("eight threads", &[("RAYON_NUM_THREADS", "8")]),
    ];
    for (i, (what, env)) in variants.iter().enumerate() {
        let out = elsewhere.path().join(format!("out-{i}"));
        let built = build(elsewhere.path(), &content, &out, env);
        assert_same(&reference, &built, what);
    }
    // And again into the same folder, replacing the previous output.
    let again = build(dir.path(), Path::new("content"), Path::new("dist"), &[]);
    assert_same(&reference, &again, "a second build");
}

fn now() -> chrono::DateTime<chrono::Utc> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    chrono::DateTime::from_timestamp(secs as i64, 0).unwrap()
}

/// Today, in the forms a time stamp could take.
fn today() -> Vec<String> {
    let now = now();
    vec![
        now.format("%Y-%m-%d").to_string(),
        now.format("%Y%m%d").to_string(),
        now.format("%-d %B %Y").to_string(),
        now.format("%d/%m/%Y").to_string(),
        now.format("%b %-d, %Y").to_string(),
    ]
}

#[test]
fn no_time_stamp_of_the_build_leaks_into_the_output() {
    let dir = TestSite::new();
    for dated in [true, false] {
        let work = dir.path().join(format!("dated-{dated}"));
        let content = site(&work, dated);
        let built = build(&work, &content, &work.join("dist"), &[]);
        let year = now().format("%Y").to_string();
        for (path, bytes) in &built {
            let text = String::from_utf8_lossy(bytes);
            for stamp in today() {
                assert!(
                    !text.contains(&stamp),
                    "{} holds today's date {stamp}",
                    path.display()
                );
            }
            // Nothing in the content is from this year (the image is
            // base64, which could hold four digits by chance; skip it).
            if year != "2020" && path.extension().is_some_and(|e| e != "png") {
                let without_images: String = text
                    .split("data:image/")
                    .map(|s| s.split_once('"').map_or(s, |p| p.1))
                    .collect();
                assert!(
                    !without_images.contains(&year),
                    "{} holds this year, {year}",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn source_date_epoch_dates_the_feed_of_undated_stories() {
    let dir = TestSite::new();
    let content = site(dir.path(), false);
    let feed = |env: &[(&str, &str)], out: &str| {
        let built = build(dir.path(), &content, &dir.path().join(out), env);
        (
            String::from_utf8(built[Path::new("atom.xml")].clone()).unwrap(),
            built,
        )
    };

    let (atom, first) = feed(&[("SOURCE_DATE_EPOCH", "1577934900")], "a");
    assert!(
        atom.contains("<updated>2020-01-02T03:15:00Z</updated>"),
        "{atom}"
    );
    assert!(!atom.contains("1970-01-01"), "{atom}");
    // Reproducible: the same epoch in another zone gives the same bytes.
    let (_, second) = feed(
        &[
            ("SOURCE_DATE_EPOCH", "1577934900"),
            ("TZ", "Pacific/Kiritimati"),
        ],
        "b",
    );
    assert_same(&first, &second, "SOURCE_DATE_EPOCH in another zone");

    // Another epoch moves the feed's date and nothing else in the pages.
    let (atom, third) = feed(&[("SOURCE_DATE_EPOCH", "1600000000")], "c");
    assert!(
        atom.contains("<updated>2020-09-13T12:26:40Z</updated>"),
        "{atom}"
    );
    for (path, bytes) in &first {
        if path.extension().is_some_and(|e| e == "html") {
            assert!(
                bytes == &third[path],
                "{} depends on SOURCE_DATE_EPOCH",
                path.display()
            );
        }
    }

    // Without it, the fallback is fixed (the Unix epoch), not the clock.
    let (atom, _) = feed(&[], "d");
    assert!(
        atom.contains("<updated>1970-01-01T00:00:00Z</updated>"),
        "{atom}"
    );
}

#[test]
fn dated_stories_date_the_feed_whatever_source_date_epoch_says() {
    let dir = TestSite::new();
    let content = site(dir.path(), true);
    let a = build(
        dir.path(),
        &content,
        &dir.path().join("a"),
        &[("SOURCE_DATE_EPOCH", "1600000000")],
    );
    let b = build(dir.path(), &content, &dir.path().join("b"), &[]);
    assert_same(&a, &b, "SOURCE_DATE_EPOCH with dated stories");
    let atom = String::from_utf8_lossy(&a[Path::new("atom.xml")]);
    // The newest story: 2020-01-05 09:15 at +14:00.
    assert!(
        atom.contains("<updated>2020-01-05T09:15:00+14:00</updated>"),
        "{atom}"
    );
}
