//! Dates, slugs and titles from file names and addresses.

use std::path::Path;

use super::*;

fn info(path: &str) -> FileInfo {
    FileInfo::new(Path::new("site"), Path::new(path))
}

#[test]
fn jekyll_posts_give_a_date_a_slug_and_a_title() {
    let post = info("site/_posts/2014-05-06-jekyll-turns-2-0-0.markdown");
    let (date, name) = post.jekyll_name().unwrap();
    assert_eq!(
        (date.map(|d| d.to_string()).as_deref(), name),
        (Some("2014-05-06"), "jekyll-turns-2-0-0")
    );
    assert_eq!(title_of_slug(name), "Jekyll Turns 2 0 0");
    assert_eq!(
        info("news/2014-05-06-jekyll.md").jekyll_name(),
        None,
        "only in _posts/"
    );
    assert_eq!(info("_posts/notes.md").jekyll_name(), None);
    let dated = |p: &str| info(p).dated_name().map(|(d, _)| d.to_string());
    assert_eq!(
        dated("news/2023-01-29-jekyll.md").as_deref(),
        Some("2023-01-29")
    );
    assert_eq!(
        dated("a/2014-05-06-storm/index.md").as_deref(),
        Some("2014-05-06")
    );
    assert_eq!(
        dated("news/2023-01-29.md"),
        None,
        "a date alone is no Jekyll name"
    );
    assert_eq!(
        info("site/_drafts/new-ferry.md").jekyll_name(),
        Some((None, "new-ferry"))
    );
    let mut front = FrontMatter::default();
    fill_from_file_name(&info("site/_drafts/new-ferry.md"), &mut front);
    assert!(front.draft && front.date.is_none());
    let front = FrontMatter::default();
    let date = date_from_address(&info("news/2014-05-06-jekyll.md"), &front);
    assert_eq!(date.map(|d| d.iso()).as_deref(), Some("2014-05-06"));
    let date = date_from_address(&info("news/2014-05-06-storm/index.md"), &front);
    assert_eq!(date.map(|d| d.iso()).as_deref(), Some("2014-05-06"));
}

#[test]
fn an_address_holding_a_date_dates_the_story() {
    let mut front = FrontMatter {
        path: Some("inside-rust/2020/07/27/1.45.1-prerelease".into()),
        ..FrontMatter::default()
    };
    let date = date_from_address(&info("2019-01-01-x.md"), &front);
    assert_eq!(
        date.map(|d| d.iso()).as_deref(),
        Some("2020-07-27"),
        "path before file name"
    );
    front.path = None;
    front
        .extra
        .insert("permalink".into(), "/2014/05/06/turns-two.html".into());
    let date = date_from_address(&info("turns-two.md"), &front);
    assert_eq!(date.map(|d| d.iso()).as_deref(), Some("2014-05-06"));
    assert_eq!(
        date_from_address(&info("1.0-Timeline.md"), &FrontMatter::default()),
        None
    );
}
