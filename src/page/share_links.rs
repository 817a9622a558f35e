//! A story page's share links, built from the canonical URL and the title,
//! each part URL-encoded. (The JSON-LD search engines read is
//! `json_ld.rs`.)

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::ShareLink;
use crate::config::SiteConfig;

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
}
