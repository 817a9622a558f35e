//! What a story page shows and tells of its life in the newsroom: the
//! byline with a link to each writer's page, the date of the last change,
//! the corrections, the live updates; and the same facts in the JSON-LD
//! (`author` as `Person`s, `correction`, `dateModified`, and for a live
//! story `LiveBlogPosting` with its `liveBlogUpdate`s).

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::content::Story;
use crate::date::DateView;
use crate::lang::{Lang, Strings};
use crate::newsroom::authors::{AUTHORS, join};

/// A writer in the byline.
#[derive(Debug, Clone, Serialize)]
pub struct BylineView {
    pub name: String,
    /// Their author page, relative; None on a one-story site.
    pub url: Option<String>,
}

/// A correction as the page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct CorrectionView {
    pub date: DateView,
    /// The text, inline Markdown rendered, for `| safe`.
    pub html: String,
}

/// What the page says of a live story.
#[derive(Debug, Clone, Serialize)]
pub struct LiveView {
    /// When the coverage ended, if it has.
    pub ended: Option<DateView>,
    /// How many updates it holds.
    pub updates: usize,
}

/// The writers of `story`, each with a link to their page when the site
/// has author pages (`root` leads to the site's root).
pub(crate) fn bylines(story: &Story, root: Option<&str>) -> Vec<BylineView> {
    story
        .news
        .authors
        .iter()
        .map(|a| BylineView {
            name: a.name.clone(),
            url: root.map(|root| format!("{root}{AUTHORS}{}/index.html", a.id)),
        })
        .collect()
}

/// The byline as text ("By Ana Ruiz and Li Wei") and as HTML, each name
/// linking to its page; None without writers.
pub(crate) fn byline(t: &Strings, lang: &Lang, bylines: &[BylineView]) -> Option<(String, String)> {
    if bylines.is_empty() {
        return None;
    }
    let names: Vec<&str> = bylines.iter().map(|b| b.name.as_str()).collect();
    let list = join(&names, lang, &t.list_separator);
    // The names are found in the list in order, and linked where they are.
    let mut html = String::with_capacity(list.len() * 2);
    let mut rest = list.as_str();
    for byline in bylines {
        let Some(at) = rest.find(byline.name.as_str()) else {
            continue;
        };
        html.push_str(&escape(&rest[..at]));
        match &byline.url {
            // Isolated, so a Latin name in an Arabic byline (or the other
            // way round) does not carry the dates after it along.
            Some(url) => html.push_str(&format!(
                "<a href=\"{}\" rel=\"author\" dir=\"auto\">{}</a>",
                escape(url),
                escape(&byline.name)
            )),
            None => html.push_str(&format!("<bdi>{}</bdi>", escape(&byline.name))),
        }
        rest = &rest[at + byline.name.len()..];
    }
    html.push_str(&escape(rest));
    let text = t.by.replace("{authors}", &list);
    let by = escape(&t.by);
    Some((text, by.replace("{authors}", &html)))
}

/// The corrections of `story`, oldest first, dated in `lang`.
pub(crate) fn corrections(story: &Story, lang: &Lang) -> Vec<CorrectionView> {
    story
        .front
        .corrections
        .iter()
        .map(|c| CorrectionView {
            date: DateView::with_time(c.date, lang),
            html: c.html.clone(),
        })
        .collect()
}

/// What the page says of a live story; None for any other.
pub(crate) fn live(story: &Story, lang: &Lang) -> Option<LiveView> {
    story.front.live.then(|| LiveView {
        ended: story.front.live_end.map(|d| DateView::with_time(d, lang)),
        updates: story.news.live.len(),
    })
}

/// The newsroom's fields of the JSON-LD of `story` at `canonical`:
/// `author_urls` gives each writer's page, when they have one.
pub(crate) fn json_ld_fields(
    fields: &mut Map<String, Value>,
    story: &Story,
    canonical: Option<&str>,
    author_urls: &dyn Fn(&crate::newsroom::Author) -> Option<String>,
) {
    if let (Some(date), Some(modified)) = (story.front.date, story.news.modified) {
        let modified = if modified.timestamp() < date.timestamp() {
            date
        } else {
            modified
        };
        fields.insert("dateModified".into(), json!(modified.iso()));
    }
    let authors: Vec<Value> = story
        .news
        .authors
        .iter()
        .map(|a| {
            let mut person = json!({"@type": "Person", "name": a.name});
            // Their page here; their own page elsewhere is the same person.
            match (author_urls(a), &a.url) {
                (Some(page), own) => {
                    person["url"] = json!(page);
                    if let Some(own) = own {
                        person["sameAs"] = json!(own);
                    }
                }
                (None, Some(own)) => person["url"] = json!(own),
                (None, None) => {}
            }
            person
        })
        .collect();
    if !authors.is_empty() {
        fields.insert("author".into(), Value::Array(authors));
    }
    let corrections: Vec<Value> = story
        .front
        .corrections
        .iter()
        .map(|c| json!({"@type": "CorrectionComment", "text": c.text, "datePublished": c.date.iso()}))
        .collect();
    if !corrections.is_empty() {
        fields.insert("correction".into(), Value::Array(corrections));
    }
    if !story.front.live {
        return;
    }
    fields.insert("@type".into(), json!("LiveBlogPosting"));
    let start = story.front.date.or(story.news.live.last().map(|u| u.time));
    if let Some(start) = start {
        fields.insert("coverageStartTime".into(), json!(start.iso()));
    }
    if let Some(end) = story.front.live_end {
        fields.insert("coverageEndTime".into(), json!(end.iso()));
    }
    let updates: Vec<Value> = story
        .news
        .live
        .iter()
        .map(|u| {
            let mut update = json!({
                "@type": "BlogPosting",
                "headline": u.headline,
                "datePublished": u.time.iso(),
            });
            if let Some(page) = canonical {
                update["url"] = json!(format!("{page}#{}", u.id));
            }
            update
        })
        .collect();
    fields.insert("liveBlogUpdate".into(), Value::Array(updates));
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byline_links_each_name_in_the_languages_list() {
        let b = |name: &str, url: Option<&str>| BylineView {
            name: name.to_string(),
            url: url.map(str::to_string),
        };
        let bylines = [
            b("Ana <Ruiz>", Some("../authors/ana-ruiz/index.html")),
            b("Li Wei", None),
        ];
        let de = Lang::new("de");
        let t = Strings::new(&de, &Default::default());
        let (text, html) = byline(&t, &de, &bylines).unwrap();
        assert_eq!(text, "Von Ana <Ruiz> und Li Wei");
        assert_eq!(
            html,
            "Von <a href=\"../authors/ana-ruiz/index.html\" rel=\"author\" dir=\"auto\">Ana &lt;Ruiz&gt;</a> und <bdi>Li Wei</bdi>"
        );
        assert!(byline(&t, &de, &[]).is_none());
    }
}
