//! The JSON-LD `NewsArticle` of a story page, which search engines read,
//! escaped so it cannot end its `<script>` element.

use serde_json::{Value, json};

use super::StoryView;
use crate::config::SiteConfig;
use crate::content::Story;

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
    fn json_ld_cannot_close_its_script() {
        let s = script_safe_json(&json!({"headline": "</script><!--"}));
        assert!(!s.contains('<') && !s.contains('>'), "{s}");
    }
}
