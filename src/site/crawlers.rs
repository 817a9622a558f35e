//! `news-sitemap.xml`, in Google's news sitemap format: the stories
//! published in the two days before the build's time (`SOURCE_DATE_EPOCH`,
//! else now), at most 1,000, newest first, each with its publication (the
//! site's name and language), publication date and title; and
//! `robots.txt`, naming both sitemaps and adding `[robots]`'s rules.

use crate::config::{RobotsConfig, SiteConfig};
use crate::content::Story;

/// How far back the news sitemap reaches, as the format asks.
const NEWS_WINDOW: i64 = 2 * 24 * 60 * 60;
/// The most URLs a news sitemap may hold.
const NEWS_MAX: usize = 1000;

/// The news sitemap of `stories` (in site order, newest first) at `now`.
pub(crate) fn news_sitemap(config: &SiteConfig, base: &str, stories: &[Story], now: i64) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n",
    );
    let recent = stories
        .iter()
        .filter(|s| {
            s.front
                .date
                .is_some_and(|d| d.timestamp() <= now && now - d.timestamp() <= NEWS_WINDOW)
        })
        .take(NEWS_MAX);
    for story in recent {
        let Some(date) = story.front.date else {
            continue;
        };
        let lang = news_language(story.front.lang.as_deref().unwrap_or(&config.language));
        xml.push_str(&format!(
            "<url><loc>{}</loc><news:news><news:publication><news:name>{}</news:name><news:language>{}</news:language></news:publication><news:publication_date>{}</news:publication_date><news:title>{}</news:title></news:news></url>\n",
            escape(&format!("{base}{}", story.url_path)),
            escape(&config.name),
            escape(&lang),
            date.rfc3339(),
            escape(&story.front.title),
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}

/// The language code the news sitemap wants: ISO 639 (`de`), but for
/// Chinese, whose script it tells apart (`zh-cn`, `zh-tw`).
fn news_language(tag: &str) -> String {
    let lang = crate::lang::Lang::new(tag);
    match lang.language.as_str() {
        "zh" if lang.is_traditional_chinese() => "zh-tw".to_string(),
        "zh" => "zh-cn".to_string(),
        other => other.to_string(),
    }
}

/// `robots.txt`: `[robots]`'s rules, and the sitemaps when there is a base URL.
pub(crate) fn robots(robots: &RobotsConfig, base: Option<&str>) -> String {
    let mut text = String::new();
    for agent in &robots.block {
        text.push_str(&format!("User-agent: {}\nDisallow: /\n\n", one_line(agent)));
    }
    text.push_str("User-agent: *\n");
    for path in &robots.allow {
        text.push_str(&format!("Allow: {}\n", one_line(path)));
    }
    for path in &robots.disallow {
        text.push_str(&format!("Disallow: {}\n", one_line(path)));
    }
    if robots.allow.is_empty() && robots.disallow.is_empty() {
        text.push_str("Disallow:\n");
    }
    if let Some(base) = base {
        text.push_str(&format!(
            "\nSitemap: {base}sitemap.xml\nSitemap: {base}news-sitemap.xml\n"
        ));
    }
    text
}

fn one_line(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .to_string()
}

pub(super) fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn robots_names_the_sitemaps_and_rules() {
        let rules = RobotsConfig {
            disallow: vec!["/drafts/".into()],
            allow: vec!["/drafts/ok/".into()],
            block: vec!["GPTBot".into()],
        };
        assert_eq!(
            robots(&rules, Some("https://e.com/")),
            "User-agent: GPTBot\nDisallow: /\n\nUser-agent: *\nAllow: /drafts/ok/\nDisallow: /drafts/\n\nSitemap: https://e.com/sitemap.xml\nSitemap: https://e.com/news-sitemap.xml\n"
        );
        assert_eq!(
            robots(&RobotsConfig::default(), None),
            "User-agent: *\nDisallow:\n"
        );
    }

    #[test]
    fn news_languages() {
        assert_eq!(news_language("de-AT"), "de");
        assert_eq!(news_language("zh-Hant"), "zh-tw");
        assert_eq!(news_language("zh"), "zh-cn");
    }
}
