//! `broadside serve` after each kind of edit: no page it serves is stale,
//! and every file it serves is what `broadside build` writes for the same
//! sources, but for the reload script and the policy that allows it. The
//! pages are asked for before each edit, so a page rendered before it and
//! kept would be caught. Nothing here depends on timing: each step waits
//! (with a generous deadline) for its edit to show, then compares.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::serve::{Reply, Server, request, tag_of};
use crate::support::{TestSite, fixture, repo};

const WAIT: Duration = Duration::from_secs(30);

fn story(title: &str, date: &str, tags: &str, text: &str) -> String {
    format!("+++\ntitle = \"{title}\"\ndate = {date}\ntags = [{tags}]\n+++\n\n{text}\n")
}

/// Eight stories (one a bundle with an inlined image and a linked file,
/// one with a lead image, one with an old address), a draft, a base URL (feed and sitemap), three to a page, and
/// a templates folder.
fn many_story_site() -> TestSite {
    let mut site = TestSite::new().file(
        "content/site.toml",
        "name = \"Quay Times\"\nbase_url = \"https://example.com/\"\n[front]\nper_page = 3\n",
    );
    for n in 1..=8 {
        let tags = if n % 2 == 0 {
            "\"harbour\""
        } else {
            "\"harbour\", \"storm\""
        };
        let text = format!("Story number {n} says this.");
        let path = if n == 2 {
            "content/s2/index.md".to_string()
        } else {
            format!("content/s{n}.md")
        };
        let mut text = story(&format!("Story {n}"), &format!("2024-01-0{n}"), tags, &text);
        if n == 2 {
            text.push_str("\n![The quay](photo.png)\n\nRead [the notes](notes.txt).\n");
        }
        if n == 5 {
            text = text.replacen(
                "tags",
                "image = \"lead.png\"\nimage_alt = \"The quay at dawn\"\ntags",
                1,
            );
        }
        if n == 3 {
            text = text.replacen("tags", "aliases = [\"/old/three/\"]\ntags", 1);
        }
        site = site.file(&path, text);
    }
    std::fs::copy(
        fixture("web/features/photo.png"),
        site.join("content/s2/photo.png"),
    )
    .unwrap();
    std::fs::copy(
        fixture("web/jekyll-post/flow.png"),
        site.join("content/lead.png"),
    )
    .unwrap();
    let site = site.file("content/s2/notes.txt", "Notes on the quay.\n");
    let site = site.file(
        "content/draft.md",
        "+++\ntitle = \"Draft\"\ndraft = true\n+++\n\nNot yet.\n",
    );
    std::fs::create_dir(site.join("templates")).unwrap();
    site
}

/// Every file `broadside build` writes for the server's sources, by path.
fn built(server: &Server) -> Vec<(String, Vec<u8>)> {
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().join("dist");
    server
        .dir
        .run(&[
            "build",
            "--quiet",
            "--no-cache",
            "--out",
            out_dir.to_str().unwrap(),
        ])
        .ok();
    let mut files = Vec::new();
    walk(&out_dir, &out_dir, &mut files);
    files.sort();
    files
}

fn walk(root: &Path, dir: &Path, files: &mut Vec<(String, Vec<u8>)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if path.is_dir() {
            walk(root, &path, files);
        } else if !name.starts_with('.') && !name.contains("/.") {
            files.push((name, std::fs::read(&path).unwrap()));
        }
    }
}

/// A page without what serving adds: the reload script and the policy
/// (which allows that script); anything else differs from the build.
fn without_live_reload(bytes: &[u8]) -> String {
    let mut html = String::from_utf8_lossy(bytes).into_owned();
    if let Some(start) = html.find("<script data-since=") {
        let end = start + html[start..].find("</script>\n").unwrap() + "</script>\n".len();
        html.replace_range(start..end, "");
    }
    let marker = "http-equiv=\"Content-Security-Policy\" content=\"";
    if let Some(start) = html.find(marker).map(|i| i + marker.len()) {
        let end = start + html[start..].find('"').unwrap();
        html.replace_range(start..end, "");
    }
    html
}

/// Asks the server for every file the build writes, and compares.
fn assert_serves_what_build_writes(server: &Server, step: &str) {
    let files = built(server);
    assert!(files.len() > 10, "{step}: {} files built", files.len());
    for published in [
        "s2/notes.txt",
        "s5/lead-share.jpg",
        "s5/lead-1x1.jpg",
        "s1/share-card.png",
        "old/three/index.html",
        "atom.xml",
        "sitemap.xml",
    ] {
        assert!(
            files.iter().any(|(path, _)| path == published),
            "{step}: the build writes no {published}"
        );
    }
    for (path, bytes) in &files {
        let reply = server.get(&format!("/{path}"));
        assert_eq!(reply.status, 200, "{step}: /{path}\n{}", reply.text());
        if path.ends_with(".html") {
            let served = without_live_reload(&reply.body);
            assert_eq!(
                served,
                without_live_reload(bytes),
                "{step}: /{path} is not what build writes"
            );
        } else {
            assert!(
                reply.body == *bytes,
                "{step}: /{path} is not what build writes"
            );
        }
    }
}

fn edit(path: &Path, change: impl Fn(&str) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    let changed = change(&text);
    assert_ne!(changed, text, "the edit changes {}", path.display());
    std::fs::write(path, changed).unwrap();
}

fn content(server: &Server, path: &str) -> PathBuf {
    server.dir.path().join("content").join(path)
}

#[test]
fn every_kind_of_edit_is_served_as_build_writes_it() {
    let server = Server::start_in(many_story_site());
    assert_serves_what_build_writes(&server, "first build");

    edit(&content(&server, "s5.md"), |t| {
        t.replace("Story number 5 says", "Story number 5 now says")
    });
    server.wait_for("/s5/", WAIT, |r| {
        r.text().contains("Story number 5 now says")
    });
    assert_serves_what_build_writes(&server, "a story's text");

    // The oldest story becomes the newest, with a new title: the front
    // page, the other stories' "More from", the tags, archive and feed.
    edit(&content(&server, "s1.md"), |t| {
        t.replace("Story 1", "Story One")
            .replace("2024-01-01", "2024-02-01")
    });
    server.wait_for("/", WAIT, |r| r.text().contains("Story One"));
    assert_serves_what_build_writes(&server, "a title and date");

    std::fs::write(
        content(&server, "s9.md"),
        story("Story 9", "2024-03-01", "\"quay\"", "A new story."),
    )
    .unwrap();
    server.wait_for("/s9/", WAIT, |r| r.status == 200);
    assert_serves_what_build_writes(&server, "a story added");

    std::fs::remove_file(content(&server, "s4.md")).unwrap();
    server.wait_for("/s4/", WAIT, |r| r.status == 404);
    assert_serves_what_build_writes(&server, "a story deleted");

    let before = server.get("/s2/").text();
    std::fs::copy(
        fixture("web/jekyll-post/badge.png"),
        content(&server, "s2/photo.png"),
    )
    .unwrap();
    server.wait_for("/s2/", WAIT, |r| {
        without_live_reload(&r.body) != without_live_reload(before.as_bytes())
    });
    assert_serves_what_build_writes(&server, "an inlined image");

    let template = std::fs::read_to_string(repo().join("templates/story.html")).unwrap();
    let marked = template.replacen(
        "{% block main %}",
        "{% block main %}<p>Template edited</p>",
        1,
    );
    assert_ne!(marked, template);
    std::fs::write(server.dir.join("templates/story.html"), marked).unwrap();
    server.wait_for("/s6/", WAIT, |r| r.text().contains("Template edited"));
    assert_serves_what_build_writes(&server, "a template");

    edit(&content(&server, "site.toml"), |t| {
        t.replace("Quay Times", "Quay Herald")
    });
    server.wait_for("/s7/", WAIT, |r| r.text().contains("Quay Herald"));
    assert_serves_what_build_writes(&server, "the settings");

    edit(&content(&server, "s6.md"), |t| {
        t.replace("date = 2024-01-06", "date = \"last Monday\"")
    });
    server.wait_for("/s8/", WAIT, |r| {
        r.status == 500 && r.text().contains("last Monday")
    });
    edit(&content(&server, "s6.md"), |t| {
        t.replace("date = \"last Monday\"", "date = 2024-01-16")
    });
    server.wait_for("/s8/", WAIT, |r| r.status == 200);
    assert_serves_what_build_writes(&server, "an error, fixed");
    // After a failure the next edit loads the whole site, and is served too.
    edit(&content(&server, "s7.md"), |t| {
        t.replace("Story number 7 says", "Story number 7 then says")
    });
    server.wait_for("/s7/", WAIT, |r| {
        r.text().contains("Story number 7 then says")
    });
    assert_serves_what_build_writes(&server, "an edit after a fix");
}

/// A tab's long poll, for the page at `path` of the site as tagged `since`.
fn wait_in_tab(server: &Server, path: &str, since: &str) -> std::thread::JoinHandle<Reply> {
    let port = server.port;
    let target = format!(
        "/__broadside/events?since={since}&page={}",
        path.replace('/', "%2F")
    );
    std::thread::spawn(move || request(port, "GET", &target))
}

#[test]
fn a_tab_reloads_only_when_its_page_changes() {
    let server = Server::start_in(many_story_site());
    // Story 1 is the oldest: no other story's "More from" lists it.
    let tag = tag_of(&server.get("/s8/").text());
    let tab = wait_in_tab(&server, "/s8/", &tag);
    let story_5 = wait_in_tab(&server, "/s5/", &tag);

    // Edits no reader of story 8 sees: a draft, and another story's text.
    edit(&content(&server, "draft.md"), |t| {
        t.replace("Not yet.", "Not yet, still.")
    });
    edit(&content(&server, "s1.md"), |t| {
        t.replace("Story number 1 says", "Story number 1 now says")
    });
    server.wait_for("/s1/", WAIT, |r| {
        r.text().contains("Story number 1 now says")
    });
    // Story 5 changes next; once it is served, every edit before it was seen.
    edit(&content(&server, "s5.md"), |t| {
        t.replace("Story number 5 says", "Story number 5 now says")
    });
    let (page, _) = server.wait_for("/s5/", WAIT, |r| {
        r.text().contains("Story number 5 now says")
    });
    let woke = story_5.join().unwrap();
    assert_eq!(
        woke.text(),
        tag_of(&page.text()),
        "the tab on story 5 reloads"
    );
    assert!(
        !tab.is_finished(),
        "the tab on story 8 does not reload: its page did not change"
    );

    // Story 7's title is in story 8's "More from": that tab reloads.
    edit(&content(&server, "s7.md"), |t| {
        t.replace("Story 7", "Story Seven")
    });
    let woke = tab.join().unwrap();
    assert_eq!(woke.status, 200);
    let page = server.get("/s8/").text();
    assert!(page.contains("Story Seven"), "{page}");
    assert_eq!(woke.text(), tag_of(&page));
}

#[test]
fn a_page_that_fails_to_render_shows_the_error_until_it_is_fixed() {
    let server = Server::start_in(many_story_site());
    let template = std::fs::read_to_string(repo().join("templates/story.html")).unwrap();
    let broken = template.replacen(
        "{% block main %}",
        "{% block main %}{{ page.no_such_field }}",
        1,
    );
    assert_ne!(broken, template);
    let path = server.dir.join("templates/story.html");
    std::fs::write(&path, broken).unwrap();
    let (reply, _) = server.wait_for("/s3/", WAIT, |r| r.status == 500);
    let html = reply.text();
    assert!(
        html.contains("template error") && html.contains("no_such_field"),
        "{html}"
    );
    assert!(html.contains("templates/story.html"), "{html}");
    assert!(
        !tag_of(&html).is_empty(),
        "the error page reloads by itself"
    );
    // Pages of other templates are served meanwhile.
    assert_eq!(server.get("/").status, 200);
    std::fs::write(&path, template).unwrap();
    server.wait_for("/s3/", WAIT, |r| r.status == 200);
    assert_serves_what_build_writes(&server, "a template fixed");
}
