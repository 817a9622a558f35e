//! The built-in phrases: every language has each one, and overrides win.

use super::*;

#[test]
fn every_language_has_every_phrase() {
    for tag in LANGUAGES {
        let s = Strings::new(&Lang::new(tag), &StringsConfig::default());
        let json = serde_json::to_value(&s).unwrap();
        for (key, value) in json.as_object().unwrap() {
            assert!(!value.as_str().unwrap().trim().is_empty(), "{tag}: {key}");
        }
        assert!(
            s.more_from.contains("{site}") && s.published_by.contains("{site}"),
            "{tag}"
        );
        assert!(
            s.reading_time.contains("{minutes}") && s.by.contains("{authors}"),
            "{tag}"
        );
        assert!(
            s.page_number.contains("{page}")
                && s.page_of.contains("{page}")
                && s.page_of.contains("{pages}"),
            "{tag}"
        );
        assert!(
            s.stories_tagged.contains("{tag}")
                && s.stories_from_year.contains("{year}")
                && s.stories_by.contains("{author}"),
            "{tag}"
        );
        if *tag != "en" {
            assert_ne!(s.share_this_article, EN.share_this_article, "{tag}");
        }
    }
}

#[test]
fn regions_fall_back_to_their_language_and_overrides_win() {
    let overrides: StringsConfig = toml::from_str("more_from = \"Weiteres aus {site}\"").unwrap();
    let s = Strings::new(&Lang::new("de-AT"), &overrides);
    assert_eq!(s.more_from, "Weiteres aus {site}");
    assert_eq!(s.share_this_article, "Diesen Artikel teilen:");
    assert_eq!(
        Strings::new(&Lang::new("zh-TW"), &StringsConfig::default()).reading_time,
        "閱讀約需{minutes}分鐘"
    );
    assert_eq!(
        Strings::new(&Lang::new("xx"), &StringsConfig::default()),
        Strings::default()
    );
    assert!(
        toml::from_str::<StringsConfig>("more_form = \"x\"").is_err(),
        "a typo is an error"
    );
    assert_eq!(
        fill("More from {site}", "site", "Inquisitr"),
        "More from Inquisitr"
    );
}
