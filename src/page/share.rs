//! What a story page tells other sites: the share links (built from the
//! canonical URL and the title, each part URL-encoded) and the JSON-LD
//! `NewsArticle` that search engines read, escaped so it cannot end its
//! `<script>` element.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Value, json};

use super::{ShareLink, StoryView};
use crate::config::SiteConfig;
use crate::content::Story;

/// Characters left as they are in a URL query value: RFC 3986's unreserved.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The share links the site asks for that can be built: without a canonical
/// URL only those that make sense without one (X with the title, email).
pub fn share_links(
    config: &SiteConfig,
    title: &str,
    canonical: Option<&str>,
    email: &str,
) -> Vec<ShareLink> {
    let t = utf8_percent_encode(title, QUERY_VALUE).to_string();
    let u = canonical.map(|c| utf8_percent_encode(c, QUERY_VALUE).to_string());
    config
        .share
        .networks
        .iter()
        .filter_map(|network| {
            let (network, label, url) = match (network.as_str(), &u) {
                ("x", Some(u)) => (
                    "x",
                    "X",
                    format!("https://x.com/intent/post?url={u}&text={t}"),
                ),
                ("x", None) => ("x", "X", format!("https://x.com/intent/post?text={t}")),
                ("facebook", Some(u)) => (
                    "facebook",
                    "Facebook",
                    format!("https://www.facebook.com/sharer/sharer.php?u={u}"),
                ),
                ("linkedin", Some(u)) => (
                    "linkedin",
                    "LinkedIn",
                    format!("https://www.linkedin.com/sharing/share-offsite/?url={u}"),
                ),
                ("reddit", Some(u)) => (
                    "reddit",
                    "Reddit",
                    format!("https://www.reddit.com/submit?url={u}&title={t}"),
                ),
                ("email", Some(u)) => ("email", "Email", format!("mailto:?subject={t}&body={u}")),
                ("email", None) => ("email", "Email", format!("mailto:?subject={t}")),
                _ => return None,
            };
            let label = if network == "email" {
                email.to_string()
            } else {
                label.to_string()
            };
            Some(ShareLink {
                network,
                label,
                url,
            })
        })
        .collect()
}

/// The JSON-LD `NewsArticle` of a story, escaped for a `<script>` element.
pub fn json_ld(
    config: &SiteConfig,
    story: &Story,
    view: &StoryView<'_>,
    logo_url: Option<&str>,
    author_urls: &dyn Fn(&crate::newsroom::Author) -> Option<String>,
) -> String {
    let mut article = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.front.title,
        "description": view.meta_description,
        "inLanguage": view.lang,
        "wordCount": view.words,
    });
    let fields = article.as_object_mut().expect("a JSON object literal");
    let mut publisher = json!({"@type": "Organization", "name": config.name});
    if let Some(home) = config.home_url.as_ref().or(config.base_url.as_ref()) {
        publisher["url"] = json!(home);
    }
    if let Some(logo) = logo_url {
        publisher["logo"] = json!({"@type": "ImageObject", "url": logo});
    }
    if let Some(url) = &view.canonical_url {
        fields.insert("url".into(), json!(url));
        fields.insert(
            "mainEntityOfPage".into(),
            json!({"@type": "WebPage", "@id": url}),
        );
    }
    if let Some(date) = &view.date {
        fields.insert("datePublished".into(), json!(date.iso));
        fields.insert("dateModified".into(), json!(date.iso));
    }
    super::newsroom::json_ld_fields(fields, story, view.canonical_url.as_deref(), author_urls);
    if !view.schema_images.is_empty() {
        fields.insert("image".into(), json!(view.schema_images));
    }
    if !story.front.tags.is_empty() {
        fields.insert("keywords".into(), json!(story.front.tags.join(", ")));
    }
    fields.insert("publisher".into(), publisher);
    script_safe_json(&article)
}

/// JSON that cannot end its `<script>` element early or open a comment.
fn script_safe_json(value: &Value) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_links_are_encoded() {
        let config = SiteConfig::default();
        let links = share_links(
            &config,
            "A & B: \"C\"?",
            Some("https://e.com/a b/"),
            "Email",
        );
        let x = &links[0].url;
        assert_eq!(
            x,
            "https://x.com/intent/post?url=https%3A%2F%2Fe.com%2Fa%20b%2F&text=A%20%26%20B%3A%20%22C%22%3F"
        );
        assert_eq!(links.len(), 5);
        assert_eq!(share_links(&config, "T", None, "E-Mail")[1].label, "E-Mail");
    }

    #[test]
    fn json_ld_cannot_close_its_script() {
        let s = script_safe_json(&json!({"headline": "</script><!--"}));
        assert!(!s.contains('<') && !s.contains('>'), "{s}");
    }
}
