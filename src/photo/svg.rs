//! SVGs stay SVGs, rewritten from their parsed tree with only what draws:
//! elements and attributes of the SVG namespace. Metadata (`<metadata>`,
//! RDF, editor namespaces such as Inkscape's, comments, processing
//! instructions), scripts, `on…` handlers, `<foreignObject>` and every
//! reference outside the file (`href`s and `url(…)`s that are not `#…`) are
//! left out (a link's drawing stays, as a group); the words of a
//! `<foreignObject>` stay, as SVG text (`text.rs`). The size is read the
//! same way: from the root's `width`/`height`, else its `viewBox`.

use roxmltree::{Document, Node, NodeType, ParsingOptions};

use super::Processed;

mod text;

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";
/// Elements dropped with everything inside them.
const DROPPED: &[&str] = &["script", "metadata", "foreignObject"];

/// The cleaned SVG, with the size it declares.
pub(crate) fn clean(bytes: &[u8]) -> Result<Processed, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "the SVG is not UTF-8 text".to_string())?;
    let doc = Document::parse_with_options(text, parsing_options())
        .map_err(|e| format!("the SVG cannot be read: {e}"))?;
    let root = doc.root_element();
    // Without the namespace a browser draws nothing; the clean copy has it.
    if root.tag_name().name() != "svg" || !drawn_namespace(root) {
        return Err(
            "the file is XML but not an SVG image (its root is not <svg> in the SVG namespace)"
                .into(),
        );
    }
    let mut out = String::with_capacity(text.len());
    write_element(root, &mut out, true);
    let (width, height) = size(out.as_bytes()).unwrap_or((300, 150));
    let (width, height) = (width as u32, height as u32);
    Ok(Processed {
        mime: "image/svg+xml".into(),
        bytes: out.into_bytes(),
        width,
        height,
        source_width: width,
        source_height: height,
    })
}

/// A DOCTYPE is common in SVG files drawing programs write; roxmltree
/// guards against entity expansion attacks, and the node limit bounds the
/// rest. The cleaned copy never holds the DOCTYPE.
fn parsing_options<'input>() -> ParsingOptions<'input> {
    ParsingOptions {
        allow_dtd: true,
        nodes_limit: 1_000_000,
        ..ParsingOptions::default()
    }
}

/// The size of an SVG from its root element's `width`/`height`, else its
/// `viewBox`, else the 300×150 a browser gives a replaced element. None when
/// the bytes are not an SVG document. Read with an XML parser: a document
/// that is not well-formed XML is not an image a browser would show.
pub(crate) fn size(bytes: &[u8]) -> Option<(u64, u64)> {
    let text = std::str::from_utf8(bytes).ok()?;
    let doc = Document::parse_with_options(text, parsing_options()).ok()?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" {
        return None;
    }
    let length = |name: &str| root.attribute(name).and_then(length);
    let view_box = || -> Option<(f64, f64)> {
        let parts: Vec<f64> = root
            .attribute("viewBox")?
            .split([' ', ',', '\t', '\n'])
            .filter_map(|p| p.parse().ok())
            .collect();
        match parts.as_slice() {
            [_, _, w, h] if *w > 0.0 && *h > 0.0 => Some((*w, *h)),
            _ => None,
        }
    };
    let (w, h) = match (length("width"), length("height"), view_box()) {
        (Some(w), Some(h), _) => (w, h),
        // One side given: the other follows the viewBox's proportions.
        (Some(w), None, Some((vw, vh))) => (w, w * vh / vw),
        (None, Some(h), Some((vw, vh))) => (h * vw / vh, h),
        (_, _, Some(size)) => size,
        _ => (300.0, 150.0),
    };
    let clamp = |v: f64| {
        if v.is_finite() {
            v.round().clamp(1.0, 100_000.0) as u64
        } else {
            1
        }
    };
    Some((clamp(w), clamp(h)))
}

/// An SVG length in CSS pixels: a plain number or one in `px`. Percentages
/// and other units have no intrinsic size, so they give None.
fn length(value: &str) -> Option<f64> {
    let value = value.trim();
    let number = value.strip_suffix("px").unwrap_or(value).trim();
    number
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v > 0.0)
}

fn write_element(node: Node<'_, '_>, out: &mut String, root: bool) {
    // A link cannot be followed from an <img>; its drawing stays, as a group.
    let name = match node.tag_name().name() {
        "a" => "g",
        name => name,
    };
    out.push('<');
    out.push_str(name);
    if root {
        out.push_str(" xmlns=\"");
        out.push_str(SVG_NS);
        out.push('"');
    }
    for attr in node.attributes() {
        let attr_name = match attr.namespace() {
            None => attr.name(),
            Some(XLINK_NS) if attr.name() == "href" => "href",
            Some(_) => continue,
        };
        let value = attr.value();
        if attr_name.to_ascii_lowercase().starts_with("on") || !local_only(attr_name, value) {
            continue;
        }
        out.push(' ');
        out.push_str(attr_name);
        out.push_str("=\"");
        escape(value, out, true);
        out.push('"');
    }
    // A draw.io label's fallback text: the whole label instead.
    if let Some(contents) = text::fallback_contents(node) {
        out.push('>');
        out.push_str(&contents);
        out.push_str("</text>");
        return;
    }
    let children: Vec<Node<'_, '_>> = node
        .children()
        .filter(|c| keep(*c) || text::is_foreign(*c))
        .collect();
    if children.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    for child in children {
        match child.node_type() {
            NodeType::Element if text::is_foreign(child) => text::standalone(child, out),
            NodeType::Element => write_element(child, out, false),
            NodeType::Text => {
                let text = child.text().unwrap_or("");
                if name == "style" && !local_only("style", text) {
                    continue;
                }
                escape(text, out, false);
            }
            _ => {}
        }
    }
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

fn keep(node: Node<'_, '_>) -> bool {
    match node.node_type() {
        NodeType::Element => drawn_namespace(node) && !DROPPED.contains(&node.tag_name().name()),
        NodeType::Text => true,
        _ => false,
    }
}

/// True for an element of the SVG namespace, or of none (an SVG written
/// without `xmlns`, drawn once the clean copy declares it).
fn drawn_namespace(node: Node<'_, '_>) -> bool {
    matches!(node.tag_name().namespace(), None | Some(SVG_NS))
}

/// False when `value` of attribute `name` points outside the file.
fn local_only(name: &str, value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    if name == "href" {
        return value.trim_start().starts_with('#');
    }
    if lower.contains("@import") {
        return false;
    }
    let mut rest = lower.as_str();
    while let Some(at) = rest.find("url(") {
        rest = &rest[at + 4..];
        let target = rest.trim_start().trim_start_matches(['"', '\'']);
        if !target.starts_with('#') {
            return false;
        }
    }
    true
}

fn escape(text: &str, out: &mut String, attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_drawing_drops_the_rest() {
        let svg = br##"<?xml version="1.0"?>
<!-- Created with Inkscape -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" width="20" height="10"
     inkscape:version="1.2" onload="alert(1)">
  <metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">secret</rdf:RDF></metadata>
  <script>alert(2)</script>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#f00"/></linearGradient></defs>
  <rect width="20" height="10" fill="url(#g)" onclick="x()"/>
  <image xlink:href="https://tracker.example/p.png" width="1" height="1"/>
  <use xlink:href="#g"/>
  <rect fill="url(https://tracker.example/x)" width="1" height="1"/>
  <style>@import url(https://tracker.example/a.css);</style>
  <text x="1" y="9">A &amp; B</text>
</svg>"##;
        let out = clean(svg).unwrap();
        let text = String::from_utf8(out.bytes).unwrap();
        for gone in [
            "Inkscape", "inkscape", "secret", "alert", "onclick", "tracker", "<!--", "<?xml",
            "@import",
        ] {
            assert!(!text.contains(gone), "{gone} survived in {text}");
        }
        assert!(text.contains(r##"fill="url(#g)""##), "{text}");
        assert!(text.contains(r##"<use href="#g"/>"##), "{text}");
        assert!(text.contains("A &amp; B"), "{text}");
        assert_eq!((out.width, out.height), (20, 10));
        let with_entity = clean(b"<!DOCTYPE svg [<!ENTITY a \"b\">]><svg xmlns=\"http://www.w3.org/2000/svg\"><text>&a;</text></svg>");
        let text = String::from_utf8(with_entity.unwrap().bytes).unwrap();
        assert!(
            !text.contains("DOCTYPE") && text.contains("<text>b</text>"),
            "{text}"
        );
    }

    #[test]
    fn svg_size_from_attributes_or_view_box() {
        assert_eq!(
            size(br#"<svg xmlns="x" width="20" height="10"></svg>"#),
            Some((20, 10))
        );
        assert_eq!(size(br#"<svg viewBox="0 0 64 32"></svg>"#), Some((64, 32)));
        assert_eq!(size(b"hello"), None);
        assert_eq!(
            size(br#"<svg width="40" viewBox="0 0 20 10"/>"#),
            Some((40, 20))
        );
        assert_eq!(
            size(br#"<svg width="100%" height="50%"/>"#),
            Some((300, 150))
        );
        // Found by review: slicing by byte offsets panicked on multi-byte text.
        assert_eq!(
            size("<svg width=\"é1é\" height=\"é\"></svg>".as_bytes()),
            Some((300, 150))
        );
        assert_eq!(size("<svg width=é1é>".as_bytes()), None);
        assert_eq!(size(br#"<html><svg width="1" height="1"/></html>"#), None);
        let with_doctype = br#"<?xml version="1.0"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 501 394" width="501pt" height="394pt"/>"#;
        assert_eq!(
            size(with_doctype),
            Some((501, 394)),
            "a drawing program's SVG, with a DOCTYPE"
        );
    }
}
