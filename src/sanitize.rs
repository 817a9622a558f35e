//! The sanitiser for raw HTML in stories (ammonia): harmless markup stays;
//! scripts, event handlers, inline styles and unsafe URL schemes go; the
//! images of raw `<img>` tags are inlined like Markdown images, so raw HTML
//! cannot make the page load anything either.
//!
//! The HTML parser behind ammonia takes time that grows with the square of
//! the nesting depth, so absurdly deep markup is refused before it gets there
//! ([`html_nesting_depth`]).

use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::html::Flow;
use crate::image_refs::{ImageProblem, ImageResolver};

/// The deepest nesting the sanitiser is given: far beyond any real story,
/// and what browsers themselves stop at (Blink: 512).
pub(crate) const MAX_SANITIZED_DEPTH: usize = 512;

/// An image kept as written (its file does not exist), by its `src`, and
/// what the story should be told about it.
pub(crate) type Note = (String, ImageProblem);

/// Sanitises `html`, inlining the images of `<img>` tags from `dir`.
/// Returns the notes about images kept as written, or every image that
/// could not be used.
pub(crate) fn clean(
    html: &str,
    resolver: &ImageResolver,
    dir: &Path,
) -> Result<(String, Vec<Note>), Vec<ImageProblem>> {
    let unwrapped = unwrap_noscript(html);
    let html = unwrapped.as_deref().unwrap_or(html);
    let problems = Arc::new(Mutex::new(Vec::new()));
    let notes = Arc::new(Mutex::new(Vec::new()));
    let images = RawImages {
        resolver: resolver.clone(),
        dir: dir.to_path_buf(),
        problems: problems.clone(),
        notes: notes.clone(),
    };
    let cleaned = sanitizer(images).clean(html).to_string();
    fn take<T>(list: &Mutex<Vec<T>>) -> Vec<T> {
        std::mem::take(&mut *list.lock().unwrap_or_else(|e| e.into_inner()))
    }
    let problems = take(&problems);
    if problems.is_empty() {
        Ok((cleaned, take(&notes)))
    } else {
        Err(problems)
    }
}

/// `html` with every `<noscript>` unwrapped; None when it has none (or
/// lol_html cannot read it). The page runs no script, so what a
/// `<noscript>` holds (often the real `<img>` behind a lazy-loading one) is
/// what its readers are to see; left in, the parser behind the sanitiser
/// would read it as text and print its tags as words.
fn unwrap_noscript(html: &str) -> Option<String> {
    if !html.contains("<noscript") && !html.contains("<NOSCRIPT") {
        return None;
    }
    let unwrap = lol_html::element!("noscript", |el| {
        el.remove_and_keep_content();
        Ok(())
    });
    lol_html::rewrite_str(
        html,
        lol_html::RewriteStrSettings::new().append_element_content_handler(unwrap),
    )
    .ok()
}

/// What the sanitiser needs to inline the images of raw `<img>` tags.
struct RawImages {
    resolver: ImageResolver,
    dir: std::path::PathBuf,
    problems: Arc<Mutex<Vec<ImageProblem>>>,
    /// What the story should be told about images kept as written.
    notes: Arc<Mutex<Vec<Note>>>,
}

/// The elements kept besides ammonia's own: harmless ones a writer uses
/// (`<progress>` bars in a table, `<meter>`, `<details>`).
const ADDED_TAGS: [&str; 11] = [
    "figure",
    "figcaption",
    "mark",
    "input",
    "section",
    "details",
    "summary",
    "time",
    "progress",
    "meter",
    "output",
];

/// Whether the sanitiser keeps the element `tag` (lower case).
pub(crate) fn keeps(tag: &str) -> bool {
    static KEPT: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
        std::sync::LazyLock::new(|| {
            let mut tags = ammonia::Builder::default().clone_tags();
            tags.extend(ADDED_TAGS);
            // Unwrapped before the sanitiser sees it: what it holds stays.
            tags.insert("noscript");
            tags
        });
    KEPT.contains(tag)
}

fn sanitizer(images: RawImages) -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(ADDED_TAGS)
        .add_generic_attributes([
            "id",
            "class",
            "dir",
            "aria-label",
            "aria-hidden",
            "role",
            "tabindex",
        ])
        .add_tag_attributes("img", ["width", "height", "loading", "decoding"])
        .add_tag_attributes("input", ["type", "disabled", "checked"])
        .add_tag_attributes("time", ["datetime"])
        .add_tag_attributes("progress", ["value", "max"])
        .add_tag_attributes("meter", ["value", "min", "max", "low", "high", "optimum"])
        .add_tag_attributes("output", ["for"])
        .add_tag_attributes("th", ["scope"])
        .add_url_schemes(["data"])
        .link_rel(None)
        .attribute_filter(move |element, attribute, value| {
            let is_data = value
                .trim_start()
                .get(..5)
                .is_some_and(|s| s.eq_ignore_ascii_case("data:"));
            match (element, attribute) {
                ("input", "type") if value != "checkbox" => None,
                ("img", "src") if is_data && !value.trim_start()[5..].starts_with("image/") => None,
                ("img", "src") => match images.resolver.resolve_noting(&images.dir, value) {
                    Ok((image, note)) => {
                        if let Some(note) = note {
                            images
                                .notes
                                .lock()
                                .unwrap_or_else(|e| e.into_inner())
                                .push((value.to_string(), note));
                        }
                        Some(image.src.into())
                    }
                    Err(problem) => {
                        images
                            .problems
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push(problem);
                        None
                    }
                },
                // HTML sizes are whole pixels: `300px`, as old posts write
                // it, is 300; anything else (`50%`, `auto`) goes.
                ("img", "width" | "height") => {
                    let number = value.trim();
                    let number = number.strip_suffix("px").unwrap_or(number).trim();
                    number.parse::<u32>().ok().map(|n| n.to_string().into())
                }
                (_, "href" | "cite" | "action") if is_data => None,
                _ => Some(value.into()),
            }
        });
    builder
}

/// How deep the elements of `html` nest, as an HTML parser would roughly see
/// it: void elements and those whose end tag may be left out (`p`, `li`, ...)
/// are not counted, and an end tag closes back to its matching start tag.
/// An estimate that errs on the low side, so it never refuses a real story.
/// Stops counting just past [`MAX_SANITIZED_DEPTH`], so it stays linear.
pub(crate) fn html_nesting_depth(html: &str) -> usize {
    const UNCOUNTED: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot",
        "option", "optgroup", "rb", "rt", "rp", "colgroup", "caption",
    ];
    let mut stack: Vec<String> = Vec::new();
    let mut max = 0;
    crate::html::tags(html, |tag| {
        if tag.end {
            if let Some(at) = stack.iter().rposition(|open| open == tag.name) {
                stack.truncate(at);
            }
        } else if !UNCOUNTED.contains(&tag.name) {
            stack.push(tag.name.to_string());
            max = max.max(stack.len());
            if max > MAX_SANITIZED_DEPTH {
                return Flow::Stop;
            }
        }
        Flow::Continue
    });
    max
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_depth_counts_open_elements_and_errs_low() {
        assert_eq!(html_nesting_depth("<p>a</p>"), 0);
        assert_eq!(
            html_nesting_depth("<div><div><b>x</b></div><span></span></div>"),
            3
        );
        // End tags close back to their start tag; unclosed <li> and <p> do not count.
        assert_eq!(
            html_nesting_depth("<ul><li>a<li>b<li><em>c</ul><ul><li>d</ul>"),
            2
        );
        assert_eq!(html_nesting_depth("<br><img src=x><hr><!-- <div> -->"), 0);
        assert_eq!(
            html_nesting_depth(&"<blockquote>".repeat(100_000)),
            MAX_SANITIZED_DEPTH + 1
        );
    }

    #[test]
    fn progress_bars_and_meters_are_kept() {
        let html = "<td><progress value=\"3\" max=\"8\"></progress></td><meter min=\"0\" max=\"1\" value=\"0.4\" onclick=\"x()\">40%</meter>";
        let dir = tempfile::tempdir().unwrap();
        let resolver = ImageResolver::new(dir.path(), false).unwrap();
        let (cleaned, _) = clean(html, &resolver, dir.path()).unwrap();
        assert!(
            cleaned.contains("<progress value=\"3\" max=\"8\"></progress>"),
            "{cleaned}"
        );
        assert!(
            cleaned.contains("<meter min=\"0\" max=\"1\" value=\"0.4\">40%</meter>"),
            "{cleaned}"
        );
        assert!(keeps("progress") && keeps("p") && !keeps("script") && !keeps("iframe"));
    }

    #[test]
    fn what_a_noscript_holds_is_shown_not_printed_as_text() {
        let html = "<p>Before</p>\n<noscript><img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"A chart\"></noscript>\n";
        let dir = tempfile::tempdir().unwrap();
        let resolver = ImageResolver::new(dir.path(), false).unwrap();
        let (cleaned, _) = clean(html, &resolver, dir.path()).unwrap();
        assert!(
            cleaned.contains("<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"A chart\">"),
            "{cleaned}"
        );
        assert!(
            !cleaned.contains("&lt;") && !cleaned.contains("noscript"),
            "{cleaned}"
        );
    }

    #[test]
    fn scripts_go_harmless_markup_stays() {
        let dir = tempfile::tempdir().unwrap();
        let resolver = ImageResolver::new(dir.path(), false).unwrap();
        let html = clean(
            "<script>x</script><p onclick=y><sup>2</sup><a id=t>t</a></p>",
            &resolver,
            dir.path(),
        )
        .unwrap();
        assert_eq!(html.0, "<p><sup>2</sup><a id=\"t\">t</a></p>");
        let (html, notes) = clean("<img src=missing.png alt=\"\">", &resolver, dir.path()).unwrap();
        assert_eq!(html, "<img src=\"missing.png\" alt=\"\">");
        assert_eq!(notes[0].0, "missing.png");
        assert!(notes[0].1.message.contains("missing.png"), "{notes:?}");
        std::fs::write(dir.path().join("broken.png"), "not a PNG").unwrap();
        let problems = clean("<img src=broken.png alt=\"\">", &resolver, dir.path()).unwrap_err();
        assert!(problems[0].message.contains("broken.png"), "{problems:?}");
    }

    #[test]
    fn image_sizes_are_whole_pixels() {
        let dir = tempfile::tempdir().unwrap();
        let resolver = ImageResolver::new(dir.path(), true).unwrap();
        let html = clean(
            "<img src=\"https://e.com/a.png\" alt=\"A\" width=\"300px\" height=\"50%\">",
            &resolver,
            dir.path(),
        )
        .unwrap();
        assert_eq!(
            html.0,
            "<img src=\"https://e.com/a.png\" alt=\"A\" width=\"300\">"
        );
    }
}
