//! What `site.toml` may not say though it parses: an unknown share
//! network, a base URL or link that is not safe, an EXIF field that cannot
//! be kept, an image setting out of range, a `keep` name that is a path.

use super::locate::{Step, locate};
use super::newsroom;
use super::urls::{check_base_url, is_safe_link};
use super::{DEFAULT_MAX_WIDTH, DEFAULT_QUALITY, KEEPABLE_METADATA, SHARE_NETWORKS, SiteConfig};
use crate::error::{Diagnostic, Location};

impl SiteConfig {
    /// What the settings may not say though they parse, and where `text`
    /// (the file) says it.
    pub(super) fn validate(&self, text: &str) -> Result<(), Diagnostic> {
        share_networks(self, text)?;
        base_url(self, text)?;
        links(self, text)?;
        keep_metadata(self, text)?;
        image_ranges(self, text)?;
        keep(self, text)?;
        newsroom::check_authors(&self.authors, text)?;
        if let Some(zone) = &self.timezone {
            newsroom::check_timezone(zone, text)?;
        }
        Ok(())
    }
}

/// Every share network named is one broadside knows.
fn share_networks(config: &SiteConfig, text: &str) -> Result<(), Diagnostic> {
    for network in &config.share.networks {
        if !SHARE_NETWORKS.contains(&network.as_str()) {
            let mut d = Diagnostic::error(format!("unknown share network `{network}`"))
                .help(format!("use some of: {}", SHARE_NETWORKS.join(", ")));
            if let Some(offset) = text.find(&format!("\"{network}\"")) {
                d = d.at(Location::at_offset(text, offset, 1));
            }
            return Err(d);
        }
    }
    Ok(())
}

/// `base_url` is an absolute http(s) URL.
fn base_url(config: &SiteConfig, text: &str) -> Result<(), Diagnostic> {
    if let Some(url) = &config.base_url
        && let Err(why) = check_base_url(url)
    {
        let mut d = Diagnostic::error(format!("base_url `{url}` is not an absolute http or https URL: {why}"))
            .help("write the address the site is served from, e.g. base_url = \"https://example.com/news/\"");
        if let Some(location) = locate(text, &[Step::Key("base_url")]) {
            d = d.at(location);
        }
        return Err(d);
    }
    Ok(())
}

/// `home_url` and the `[more_from]` links are safe to put on every page.
fn links(config: &SiteConfig, text: &str) -> Result<(), Diagnostic> {
    let home = config
        .home_url
        .iter()
        .map(|url| ("home_url", url, vec![Step::Key("home_url")]));
    let links = config.more_from.links.iter().enumerate().map(|(i, link)| {
        (
            "the [more_from] link",
            &link.url,
            vec![
                Step::Key("more_from"),
                Step::Key("links"),
                Step::Item(i),
                Step::Key("url"),
            ],
        )
    });
    for (what, url, path) in home.chain(links) {
        if !is_safe_link(url) {
            // Every page links to it, and a `javascript:` link runs when clicked.
            let mut d = Diagnostic::error(format!(
                "{what} `{}` is not an http(s), mailto: or relative URL",
                url.escape_debug()
            ))
            .help("every page links to it: write an address such as \"https://example.com/\", a mailto: address, or a path");
            if let Some(location) = locate(text, &path) {
                d = d.at(location);
            }
            return Err(d);
        }
    }
    Ok(())
}

/// `[images] keep_metadata` names only fields broadside can keep.
fn keep_metadata(config: &SiteConfig, text: &str) -> Result<(), Diagnostic> {
    for (i, field) in config.images.keep_metadata.iter().enumerate() {
        if !KEEPABLE_METADATA.contains(&field.to_ascii_lowercase().as_str()) {
            let mut d = Diagnostic::error(format!(
                "[images] keep_metadata names `{field}`, which broadside cannot keep"
            ))
            .help(format!(
                "use some of: {}; every other field is always removed",
                KEEPABLE_METADATA.join(", ")
            ));
            if let Some(location) = locate(
                text,
                &[
                    Step::Key("images"),
                    Step::Key("keep_metadata"),
                    Step::Item(i),
                ],
            ) {
                d = d.at(location);
            }
            return Err(d);
        }
    }
    Ok(())
}

/// `[images]` numbers are in range.
fn image_ranges(config: &SiteConfig, text: &str) -> Result<(), Diagnostic> {
    let images = &config.images;
    let bad = [
        (
            "quality",
            !(1.0..=100.0).contains(&images.quality),
            format!("between 1 and 100, e.g. quality = {DEFAULT_QUALITY}"),
        ),
        (
            "max_width",
            images.max_width < 16,
            format!("at least 16, e.g. max_width = {DEFAULT_MAX_WIDTH}"),
        ),
        (
            "min_ssimulacra2",
            !(0.0..=100.0).contains(&images.min_ssimulacra2),
            "between 0 (no check) and 100, e.g. min_ssimulacra2 = 70".to_string(),
        ),
    ];
    if let Some((key, _, want)) = bad.into_iter().find(|(_, wrong, _)| *wrong) {
        let mut d = Diagnostic::error(format!("[images] {key} is out of range"))
            .help(format!("it must be {want}"));
        if let Some(location) = locate(text, &[Step::Key("images"), Step::Key(key)]) {
            d = d.at(location);
        }
        return Err(d);
    }
    Ok(())
}

/// `[output] keep` names only files and folders at the top of the output.
fn keep(config: &SiteConfig, text: &str) -> Result<(), Diagnostic> {
    for (i, name) in config.output.keep.iter().enumerate() {
        if let Err(why) = check_keep_name(name) {
            let mut d = Diagnostic::error(format!("[output] keep cannot name `{name}`: {why}"))
                .help("keep takes the names of files and folders at the top of the output folder, e.g. keep = [\"CNAME\", \"robots.txt\"]");
            if let Some(location) = locate(
                text,
                &[Step::Key("output"), Step::Key("keep"), Step::Item(i)],
            ) {
                d = d.at(location);
            }
            return Err(d);
        }
    }
    Ok(())
}

/// The name of a broadside's manifest, which `keep` may not name.
const MANIFEST_NAME: &str = ".broadside-manifest";

/// Why `name` cannot be an entry of `[output] keep`, if it cannot.
fn check_keep_name(name: &str) -> Result<(), &'static str> {
    if name.is_empty() {
        Err("the name is empty")
    } else if name.contains('/') || name.contains('\\') {
        Err("it is a path, and keep names files and folders at the top of the output folder only")
    } else if name == "." || name == ".." {
        Err("it is not the name of a file")
    } else if name == MANIFEST_NAME {
        Err("that is broadside's own record of what it wrote")
    } else {
        Ok(())
    }
}
