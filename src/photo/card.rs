//! The share card of a story with no photo: a 1200 × 630 PNG with the
//! headline, the outlet's name and the date, in the stylesheet's colours,
//! drawn from the `card.svg` template with resvg.
//!
//! The one font is embedded (DejaVu Serif Bold, from Debian's
//! `fonts-dejavu-core`; its licence is `assets/fonts/LICENSE-DejaVu.txt`)
//! and no system font is ever loaded, so the PNG is byte-identical on every
//! machine. Templates get every text XML-escaped already (print it with
//! `| safe`) and the headline broken into lines that fit.

use std::sync::OnceLock;

use resvg::{tiny_skia, usvg};
use serde::Serialize;

use super::Processed;

mod colours;
mod indexed;

static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSerif-Bold.ttf");
const FONT_FAMILY: &str = "DejaVu Serif";
/// The card's name in the image cache: a new name when the same SVG
/// would give other bytes (2: indexed-colour PNG).
pub(crate) const CACHE_PURPOSE: &str = "card 2";
pub(crate) const WIDTH: u32 = 1200;
pub(crate) const HEIGHT: u32 = 630;
const MARGIN: u32 = 80;
/// Headline sizes tried, largest first, until the headline fits.
const SIZES: &[f32] = &[76.0, 68.0, 60.0, 52.0, 46.0, 40.0];
/// The headline's box: from below the outlet's name to above the date.
const HEADLINE_TOP: f32 = 180.0;
const HEADLINE_BOTTOM: f32 = 540.0;

#[derive(Debug, Serialize)]
pub(crate) struct CardView {
    pub width: u32,
    pub height: u32,
    pub margin: u32,
    pub font_family: &'static str,
    pub outlet: String,
    pub date: Option<String>,
    pub headline: Vec<Line>,
    pub headline_size: f32,
    pub background: String,
    pub ink: String,
    pub muted: String,
    pub accent: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct Line {
    pub text: String,
    pub y: f32,
}

/// The card's data: `stylesheet` gives the colours (its `--paper`,
/// `--ink`, `--muted` and `--accent`, the light scheme's).
pub(crate) fn view(headline: &str, outlet: &str, date: Option<&str>, stylesheet: &str) -> CardView {
    let [paper, ink, muted, accent] =
        colours::custom_properties(stylesheet, ["--paper", "--ink", "--muted", "--accent"]);
    let colour =
        |found: Option<String>, default: &str| found.unwrap_or_else(|| default.to_string());
    let face = ttf_parser::Face::parse(FONT, 0).ok();
    let measure = |text: &str, size: f32| -> f32 {
        let Some(face) = &face else {
            return text.chars().count() as f32 * size * 0.6;
        };
        let scale = size / f32::from(face.units_per_em());
        text.chars()
            .map(|c| {
                face.glyph_index(c)
                    .and_then(|g| face.glyph_hor_advance(g))
                    .map_or(size * 0.6, |a| f32::from(a) * scale)
            })
            .sum()
    };
    let width = (WIDTH - 2 * MARGIN) as f32;
    let (size, lines) = SIZES
        .iter()
        .map(|&size| (size, wrap(headline, width, |t| measure(t, size))))
        .find(|(size, lines)| lines.len() as f32 * size * 1.2 <= HEADLINE_BOTTOM - HEADLINE_TOP)
        .unwrap_or_else(|| {
            let size = SIZES[SIZES.len() - 1];
            let fit = ((HEADLINE_BOTTOM - HEADLINE_TOP) / (size * 1.2)) as usize;
            let mut lines = wrap(headline, width, |t| measure(t, size));
            lines.truncate(fit);
            if let Some(last) = lines.last_mut() {
                while !last.is_empty() && measure(&format!("{last}…"), size) > width {
                    last.pop();
                }
                last.push('…');
            }
            (size, lines)
        });
    let headline = lines
        .into_iter()
        .enumerate()
        .map(|(i, text)| Line {
            text: xml_escape(&text),
            y: HEADLINE_TOP + size * (1.0 + 1.2 * i as f32),
        })
        .collect();
    CardView {
        width: WIDTH,
        height: HEIGHT,
        margin: MARGIN,
        font_family: FONT_FAMILY,
        outlet: xml_escape(outlet),
        date: date.map(xml_escape),
        headline,
        headline_size: size,
        background: colour(paper, "#fdfcf8"),
        ink: colour(ink, "#1b1a18"),
        muted: colour(muted, "#57534e"),
        accent: colour(accent, "#9f1d20"),
    }
}

/// Words of `text` in lines no wider than `width`; a word wider than a
/// line is a line of its own.
fn wrap(text: &str, width: f32, measure: impl Fn(&str) -> f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if measure(&format!("{line} {word}")) <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The embedded font, parsed once for every card of the process.
fn fonts() -> std::sync::Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<std::sync::Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_font_data(FONT.to_vec());
            std::sync::Arc::new(db)
        })
        .clone()
}

/// Draws the card's SVG as a PNG, with the embedded font only.
pub(crate) fn render(svg: &str) -> Result<Processed, String> {
    let options = usvg::Options {
        font_family: FONT_FAMILY.to_string(),
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options)
        .map_err(|e| format!("the card template is not a valid SVG: {e}"))?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| "the card template's SVG has no size".to_string())?;
    resvg::render(
        &tree,
        tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    let (width, height) = (size.width(), size.height());
    let png = indexed::encode(&pixmap).map_err(|e| format!("the card cannot be encoded: {e}"))?;
    Ok(Processed {
        mime: "image/png".into(),
        bytes: png,
        width,
        height,
        source_width: width,
        source_height: height,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_and_escapes_the_headline() {
        let lines = wrap("one two three four", 9.0, |t| t.len() as f32);
        assert_eq!(lines, ["one two", "three", "four"]);
        let card = view("A <b> & c", "Daily", None, "");
        assert_eq!(card.headline[0].text, "A &lt;b&gt; &amp; c");
        let long = view(&"word ".repeat(80), "Daily", None, "");
        assert!(long.headline.last().unwrap().text.ends_with('…'));
    }
}
