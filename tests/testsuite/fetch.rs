//! `[images] fetch = true`: remote images downloaded at build time, against
//! a small HTTP server on 127.0.0.1 that answers well, slowly (past the
//! time limit), with 404, with 50 MB, in a redirect loop, and with an HTML
//! page called a PNG.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::Duration;

use crate::photos_support as photos;
use crate::support::{Run, TestSite};

/// Serves the routes of this test on a free port until the test ends.
fn server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let jpeg = photos::jpeg(&photos::synthetic_photo(1600, 1200, 6.0), 6, 85);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let jpeg = jpeg.clone();
            std::thread::spawn(move || {
                let mut request = [0u8; 2048];
                let n = stream.read(&mut request).unwrap_or(0);
                let line = String::from_utf8_lossy(&request[..n])
                    .lines()
                    .next()
                    .unwrap_or("")
                    .to_string();
                let path = line.split(' ').nth(1).unwrap_or("/").to_string();
                let reply = |stream: &mut std::net::TcpStream,
                             status: &str,
                             kind: &str,
                             body: &[u8]| {
                    let head = format!(
                        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    );
                    let _ = stream.write_all(head.as_bytes());
                    let _ = stream.write_all(body);
                };
                match path.as_str() {
                    "/photo.jpg" => reply(&mut stream, "200 OK", "image/jpeg", &jpeg),
                    "/slow.jpg" => {
                        std::thread::sleep(Duration::from_secs(4));
                        reply(&mut stream, "200 OK", "image/jpeg", &jpeg);
                    }
                    "/huge.jpg" => {
                        let head = "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: 52428800\r\nConnection: close\r\n\r\n";
                        let _ = stream.write_all(head.as_bytes());
                        let _ = stream.write_all(&jpeg[..1024]);
                        let chunk = vec![0u8; 1 << 20];
                        for _ in 0..50 {
                            if stream.write_all(&chunk).is_err() {
                                break;
                            }
                        }
                    }
                    "/loop.jpg" => {
                        let head = "HTTP/1.1 302 Found\r\nLocation: /loop.jpg\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                        let _ = stream.write_all(head.as_bytes());
                    }
                    "/fake.png" => reply(
                        &mut stream,
                        "200 OK",
                        "image/png",
                        b"<!doctype html><title>Not here</title><p>Sorry",
                    ),
                    _ => reply(
                        &mut stream,
                        "404 Not Found",
                        "text/html",
                        b"<p>no such file",
                    ),
                }
            });
        }
    });
    address
}

/// A story whose lead image is `image`, built with downloads on, a 1 s
/// time limit and a 20 MB size limit.
fn build(site: TestSite, image: &str, extra: &[&str]) -> (TestSite, Run) {
    let story = format!(
        "+++\ntitle = \"Harbour\"\nimage = \"{image}\"\nimage_alt = \"Boats\"\n+++\n\nText.\n"
    );
    let toml =
        "[images]\nfetch = true\nfetch_timeout = 1\nfetch_max_mb = 20\ncache_dir = \"../cache\"\n";
    let site = site
        .file("content/story.md", story)
        .file("content/site.toml", toml);
    let mut args = vec!["--base-url", "https://example.com/", "--verbose"];
    args.extend(extra);
    let run = site.build_with_cache_dir(&args);
    (site, run)
}

#[test]
fn a_remote_photo_is_downloaded_processed_and_cached() {
    let base = server();
    let url = format!("{base}/photo.jpg");
    let (site, run) = build(TestSite::new(), &url, &[]);
    let run = run.ok();
    let html = run.page("index.html");
    assert!(
        html.contains("<img src=\"data:image/webp;base64,"),
        "the page stays one file"
    );
    assert!(
        html.contains("width=\"750\" height=\"1000\""),
        "turned upright and resized"
    );
    assert!(
        !html.contains(&url),
        "the page does not load the remote image"
    );
    assert!(run.out().join("photo-share.jpg").is_file());
    // Download, page image, share crops (the share crops read the download
    // from the cache); then all from the cache.
    assert!(
        run.stderr.contains("images: 3 processed, 1 from the cache"),
        "{}",
        run.stderr
    );
    let (_, again) = build(site, &url, &[]);
    assert!(
        again
            .ok()
            .stderr
            .contains("images: 0 processed, 4 from the cache")
    );
}

#[test]
fn failed_downloads_are_errors_that_say_why() {
    let base = server();
    let cases = [
        ("missing.jpg", "the server answered HTTP 404 Not Found"),
        ("slow.jpg", "no complete answer within 1 s"),
        ("huge.jpg", "larger than the limit of 20971520 bytes"),
        ("loop.jpg", "redirect loop"),
        (
            "fake.png",
            "not an image: the server called it `image/png`, its bytes are markup",
        ),
    ];
    for (path, why) in cases {
        let url = format!("{base}/{path}");
        let (_, run) = build(TestSite::new(), &url, &["--no-cache"]);
        assert_eq!(run.code(), Some(1), "{path} built");
        let expected = format!("error: lead image: the image `{url}` could not be downloaded: ");
        assert!(
            run.stderr.contains(&expected) && run.stderr.contains(why),
            "{path}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("story.md:3:10"),
            "{path}: {}",
            run.stderr
        );
    }
}
