//! What a story publishes beside its page for sharing, with a base URL:
//! the lead photo's crops ([`photo::share_crops`]), or a generated card
//! ([`photo::card`]) when it has no photo, and the view of them templates
//! get (`og:image`, the JSON-LD `image` list).

use crate::content::Story;
use crate::date::DateView;
use crate::error::Diagnostic;
use crate::lang::Lang;
use crate::output::OutputFile;
use crate::page::ShareImageView;
use crate::paths::is_remote;
use crate::photo::{self, Processed, card, decode};
use crate::render::Templates;

use super::Site;

/// A story's share image and the files that go with it.
pub(super) struct Shared {
    /// `og:image`: the 1.91:1 crop, the card, or a remote lead's own URL.
    pub image: Option<ShareImageView>,
    /// The JSON-LD `image` list: the 16:9, 4:3 and 1:1 crops.
    pub schema_images: Vec<String>,
    pub files: Vec<OutputFile>,
}

/// The name of a story's share card, beside its page.
const CARD: &str = "share-card.png";

impl Site {
    /// The names of the files [`Site::shared`] publishes beside `story`'s
    /// page, known without making them (`broadside serve` lists every file
    /// of the site before rendering any): the crops of a lead photo it has
    /// the bytes of, else nothing for a remote lead, else the card.
    pub(super) fn share_file_names(&self, story: &Story) -> Vec<String> {
        if self.config.base_url().is_none() {
            return Vec::new();
        }
        let lead = story.lead_image.as_ref();
        let has_bytes = story.lead_image_file.is_some()
            || (self.photos.fetches() && story.front.image.as_deref().is_some_and(is_remote));
        if has_bytes && !lead.is_some_and(|i| i.src.starts_with("data:image/svg+xml")) {
            let stem = share_stem(story);
            return photo::share_crops::CROPS
                .iter()
                .map(|&(crop, _, _)| format!("{}{stem}-{crop}.jpg", story.url_path))
                .collect();
        }
        if lead.is_some_and(|i| is_remote(&i.src)) {
            Vec::new()
        } else {
            vec![format!("{}{CARD}", story.url_path)]
        }
    }

    /// What `story` shares: with `base` (the site's base URL) its lead
    /// photo's crops, else a card; without one only a remote lead's URL.
    pub(super) fn shared(
        &self,
        story: &Story,
        templates: &Templates,
        base: Option<&str>,
    ) -> Result<Shared, Diagnostic> {
        let mut shared = Shared {
            image: None,
            schema_images: Vec::new(),
            files: Vec::new(),
        };
        let front = &story.front;
        let alt = front.image_alt.as_deref();
        let remote = story
            .lead_image
            .as_ref()
            .filter(|i| is_remote(&i.src))
            .map(|i| i.src.clone());
        let remote = remote.map(|url| ShareImageView::remote(url, alt));
        let Some(base) = base else {
            shared
                .schema_images
                .extend(remote.as_ref().map(|i| i.url.clone()));
            shared.image = remote;
            return Ok(shared);
        };
        if let Some(lead) = self.lead_bytes(story)? {
            for (crop, name, image) in self.share_images(&lead, story)? {
                let url = format!("{base}{}{name}", story.url_path);
                if crop == "share" {
                    shared.image = Some(ShareImageView::new(url, &image, alt));
                } else {
                    shared.schema_images.push(url);
                }
                shared.files.push(OutputFile {
                    path: format!("{}{name}", story.url_path),
                    bytes: image.bytes,
                });
            }
        }
        if shared.image.is_none() {
            shared.image = remote;
        }
        if shared.image.is_none() {
            let (name, card) = self.card(story, templates)?;
            let url = format!("{base}{}{name}", story.url_path);
            let alt = format!("{} — {}", front.title, self.config.name);
            shared.image = Some(ShareImageView::new(url, &card, Some(&alt)));
            shared.files.push(OutputFile {
                path: format!("{}{name}", story.url_path),
                bytes: card.bytes,
            });
        }
        if shared.schema_images.is_empty() {
            shared
                .schema_images
                .extend(shared.image.as_ref().map(|i| i.url.clone()));
        }
        Ok(shared)
    }

    /// The share card of a story with no photo, drawn from `card.svg`.
    fn card(
        &self,
        story: &Story,
        templates: &Templates,
    ) -> Result<(String, Processed), Diagnostic> {
        let lang = Lang::new(story.front.lang.as_deref().unwrap_or(&self.config.language));
        let date = story.front.date.map(|d| DateView::new(d, &lang).display);
        let card = card::view(
            &story.front.title,
            &self.config.name,
            date.as_deref(),
            &templates.stylesheet,
        );
        let svg = templates.render("card.svg", &serde_json::json!({ "card": card }))?;
        let failed = |reason: String| {
            Diagnostic::error(format!(
                "the share card of `{}index.html` cannot be drawn: {reason}",
                story.url_path
            ))
            .in_file(&story.file.path)
            .help("fix card.svg in the templates folder, or remove it to use the built-in card")
        };
        let png = self
            .photos
            .cached_or(svg.as_bytes(), card::CACHE_PURPOSE, || card::render(&svg))
            .map_err(failed)?;
        Ok((CARD.to_string(), png))
    }

    /// The bytes of the lead photo: its file, or its download (from the
    /// cache) when it is remote and `[images] fetch` is on.
    fn lead_bytes(&self, story: &Story) -> Result<Option<Vec<u8>>, Diagnostic> {
        let failed = |reason: String| {
            Diagnostic::error(format!(
                "the lead image cannot be read for its share images: {reason}"
            ))
            .in_file(&story.file.path)
        };
        if let Some(file) = &story.lead_image_file {
            return std::fs::read(file)
                .map(Some)
                .map_err(|e| failed(e.to_string()));
        }
        match &story.front.image {
            Some(url) if self.photos.fetches() && is_remote(url) => {
                self.photos.fetch(url).map(Some).map_err(failed)
            }
            _ => Ok(None),
        }
    }

    /// The lead photo's share crops (see [`photo::share_crops`]), named for
    /// publishing beside the page: `lead-share.jpg`, `lead-16x9.jpg`, …
    fn share_images(
        &self,
        bytes: &[u8],
        story: &Story,
    ) -> Result<Vec<(&'static str, String, Processed)>, Diagnostic> {
        if matches!(decode::sniff(bytes), Some(decode::Kind::Svg) | None) {
            return Ok(Vec::new());
        }
        let stem = share_stem(story);
        let failed = |reason: String| {
            Diagnostic::error(format!(
                "the share images of `{}index.html` cannot be made: {reason}",
                story.url_path
            ))
            .in_file(&story.file.path)
        };
        let settings = &self.photos.settings;
        let crops = self
            .photos
            .cached_or(bytes, "share", || {
                photo::share_crops::crops(bytes, settings)
            })
            .map_err(failed)?;
        Ok(photo::share_crops::CROPS
            .iter()
            .zip(crops)
            .map(|(&(crop, _, _), image)| (crop, format!("{stem}-{crop}.jpg"), image))
            .collect())
    }
}

/// What a story's share crops are named after: its lead image's file name,
/// as a slug (`Harbour Wall.jpg`: `harbour-wall-share.jpg`, …).
fn share_stem(story: &Story) -> String {
    let stem = story
        .front
        .image
        .as_deref()
        .unwrap_or("lead")
        .rsplit('/')
        .next()
        .unwrap_or("lead");
    let stem = slug::slugify(stem.rsplit_once('.').map_or(stem, |(s, _)| s));
    if stem.is_empty() {
        "lead".to_string()
    } else {
        stem
    }
}
