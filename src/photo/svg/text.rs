//! The words of an SVG's `<foreignObject>` kept as SVG text when the
//! element goes. Drawing programs such as draw.io write each label as HTML
//! in a `<foreignObject>`, inside a `<switch>` whose fallback `<text>` holds
//! the label cut short ("Downloaded, p…"); the clean copy, which draws no
//! HTML, gives that `<text>` the label's whole words instead, in lines
//! wrapped as the label's box wraps them and centred on the fallback's
//! place. A `<foreignObject>` with no fallback becomes a `<text>` at its own
//! `x`/`y`.

use roxmltree::Node;

/// The line height draw.io gives its labels, in ems.
const LINE_HEIGHT: f64 = 1.2;
/// An average character's width, in ems, for wrapping a label as its box
/// does (Helvetica's and Arial's, near enough).
const CHAR_WIDTH: f64 = 0.5;
/// HTML elements a label's lines break at.
const LINE_BREAKS: &[&str] = &[
    "br", "div", "p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
];

/// Whether `node` is a `<foreignObject>`.
pub(super) fn is_foreign(node: Node<'_, '_>) -> bool {
    node.is_element() && node.tag_name().name() == "foreignObject"
}

/// The label of a `<foreignObject>`: its lines, wrapped, and its font size.
struct Label {
    lines: Vec<String>,
    font_size: Option<f64>,
}

/// The `<foreignObject>` a `<text>` stands in for: the element just before
/// it in a `<switch>`.
fn replaced_by<'a, 'i>(text: Node<'a, 'i>) -> Option<Node<'a, 'i>> {
    if text.tag_name().name() != "text" || text.parent()?.tag_name().name() != "switch" {
        return None;
    }
    text.prev_sibling_element().filter(|n| is_foreign(*n))
}

/// Whether the `<foreignObject>` `node` has a fallback `<text>` after it.
fn has_fallback(node: Node<'_, '_>) -> bool {
    node.next_sibling_element()
        .is_some_and(|n| replaced_by(n) == Some(node))
}

/// The words of the `<foreignObject>` a `<text>` stands in for, as the
/// `<text>`'s contents (after its start tag), when it stands in for one
/// that holds any.
pub(super) fn fallback_contents(text: Node<'_, '_>) -> Option<String> {
    let label = label(replaced_by(text)?)?;
    let mut out = String::new();
    let n = label.lines.len();
    if n == 1 {
        super::escape(&label.lines[0], &mut out, false);
        return Some(out);
    }
    // Centred on the fallback's one line, as the box centres the label.
    let first = -(n as f64 - 1.0) * LINE_HEIGHT / 2.0;
    write_lines(&label, text.attribute("x"), first, &mut out);
    Some(out)
}

/// A `<foreignObject>` with no fallback as a `<text>` at its own place, or
/// nothing when it holds no words or has a fallback.
pub(super) fn standalone(node: Node<'_, '_>, out: &mut String) {
    if has_fallback(node) {
        return;
    }
    let Some(label) = label(node) else {
        return;
    };
    let number = |name: &str| {
        node.attribute(name)
            .and_then(|v| v.trim().parse::<f64>().ok())
    };
    let x = number("x").unwrap_or(0.0);
    let size = label.font_size.unwrap_or(16.0);
    let y = number("y").unwrap_or(0.0) + size;
    out.push_str(&format!("<text x=\"{x}\" y=\"{y}\" font-size=\"{size}\">"));
    write_lines(&label, Some(&x.to_string()), 0.0, out);
    out.push_str("</text>");
}

/// Each line of `label` as a `<tspan>` at `x`, the first `first` ems from
/// the text's baseline, the others a line below the one before.
fn write_lines(label: &Label, x: Option<&str>, first: f64, out: &mut String) {
    for (i, line) in label.lines.iter().enumerate() {
        let dy = if i == 0 { first } else { LINE_HEIGHT };
        out.push_str("<tspan");
        if let Some(x) = x {
            out.push_str(" x=\"");
            super::escape(x, out, true);
            out.push('"');
        }
        out.push_str(&format!(" dy=\"{dy}em\">"));
        super::escape(line, out, false);
        out.push_str("</tspan>");
    }
}

/// The label a `<foreignObject>` holds; None when it holds no words.
fn label(node: Node<'_, '_>) -> Option<Label> {
    let mut read = Reading::default();
    read.element(node);
    read.end_line();
    let Reading {
        mut lines,
        font_size,
        width,
        nowrap,
        ..
    } = read;
    if lines.is_empty() {
        return None;
    }
    if let Some(width) = width.filter(|_| !nowrap) {
        let em = font_size.unwrap_or(12.0) * CHAR_WIDTH;
        let chars = (width / em).floor().max(1.0) as usize;
        lines = lines.iter().flat_map(|l| wrap(l, chars)).collect();
    }
    Some(Label { lines, font_size })
}

/// What the HTML of a label says, read so far.
#[derive(Default)]
struct Reading {
    lines: Vec<String>,
    line: String,
    /// The first font size, width and `white-space: nowrap` its styles give.
    font_size: Option<f64>,
    width: Option<f64>,
    nowrap: bool,
}

impl Reading {
    /// Reads the contents of `node`; a line ends at each element that breaks one.
    fn element(&mut self, node: Node<'_, '_>) {
        for child in node.children() {
            if child.is_text() {
                self.line.push_str(child.text().unwrap_or(""));
            } else if child.is_element() {
                let breaks = LINE_BREAKS.contains(&child.tag_name().name());
                let style = child.attribute("style").unwrap_or("");
                self.font_size = self
                    .font_size
                    .or(style_px(style, "font-size").filter(|s| *s > 0.0));
                self.width = self.width.or(style_px(style, "width"));
                self.nowrap |= style_value(style, "white-space") == Some("nowrap");
                if breaks {
                    self.end_line();
                }
                self.element(child);
                if breaks {
                    self.end_line();
                }
            }
        }
    }

    /// Ends the line being read, its spaces collapsed, when it holds words.
    fn end_line(&mut self) {
        let words: Vec<&str> = self.line.split_ascii_whitespace().collect();
        if !words.is_empty() {
            self.lines.push(words.join(" "));
        }
        self.line.clear();
    }
}

/// `line` in lines of at most `chars` characters, broken between words (a
/// longer word on a line of its own).
fn wrap(line: &str, chars: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in line.split(' ') {
        match lines.last_mut() {
            Some(last) if last.chars().count() + 1 + word.chars().count() <= chars => {
                last.push(' ');
                last.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// The value of the CSS property `name` in the inline `style`.
fn style_value<'s>(style: &'s str, name: &str) -> Option<&'s str> {
    style.split(';').find_map(|decl| {
        let (property, value) = decl.split_once(':')?;
        (property.trim().eq_ignore_ascii_case(name)).then(|| value.trim())
    })
}

/// The CSS property `name` of `style` in pixels, when it is given so.
fn style_px(style: &str, name: &str) -> Option<f64> {
    let value = style_value(style, name)?;
    value
        .strip_suffix("px")
        .unwrap_or(value)
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0)
}

#[cfg(test)]
mod tests {
    use super::super::clean;

    /// A diagram drawn as draw.io writes one: each label a `<switch>` of
    /// HTML in a `<foreignObject>` and a `<text>` cut short.
    const DIAGRAM: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120" viewBox="0 0 300 120">
<rect x="20" y="20" width="120" height="60" fill="#fff" stroke="#000"/>
<g transform="translate(-0.5 -0.5)"><switch><foreignObject style="overflow: visible; text-align: left;" pointer-events="none" width="100%" height="100%" requiredFeatures="http://www.w3.org/TR/SVG11/feature#Extensibility"><div xmlns="http://www.w3.org/1999/xhtml" style="display: flex; align-items: unsafe center; justify-content: unsafe center; width: 128px; height: 1px; padding-top: 50px; margin-left: 21px;"><div style="box-sizing: border-box; font-size: 0px; text-align: center;"><div style="display: inline-block; font-size: 12px; font-family: Helvetica; line-height: 1.2; white-space: normal;">Tide tables fetched, <b>checked</b> and stored</div></div></div></foreignObject><text x="80" y="54" fill="rgb(0, 0, 0)" font-family="Helvetica" font-size="12px" text-anchor="middle">Tide tables fet...</text></switch></g>
<g><switch><foreignObject pointer-events="none" width="100%" height="100%"><div xmlns="http://www.w3.org/1999/xhtml" style="width: 1px; white-space: nowrap; font-size: 11px;">Quay<br/>north</div></foreignObject><text x="200" y="54" font-size="11px" text-anchor="middle">Quay...</text></switch></g>
<foreignObject x="10" y="90" width="200" height="20"><div xmlns="http://www.w3.org/1999/xhtml" style="font-size: 10px;">Crane &amp; gantry</div></foreignObject>
</svg>"##;

    fn cleaned() -> String {
        let out = clean(DIAGRAM.as_bytes()).expect("a drawing");
        String::from_utf8(out.bytes).expect("UTF-8")
    }

    #[test]
    fn a_fallback_text_gets_the_labels_whole_words_wrapped_as_its_box() {
        let text = cleaned();
        assert!(
            !text.contains("foreignObject") && !text.contains("<div"),
            "{text}"
        );
        assert!(!text.contains("fet..."), "{text}");
        // 128px at 12px wraps "Tide tables fetched, checked and stored"
        // in lines of at most 21 characters, centred on the fallback's line.
        assert!(
            text.contains(r#"text-anchor="middle"><tspan x="80" dy="-0.6em">Tide tables fetched,</tspan><tspan x="80" dy="1.2em">checked and stored</tspan></text>"#),
            "{text}"
        );
        // A label that does not wrap keeps its own lines.
        assert!(
            text.contains(
                r#"<tspan x="200" dy="-0.6em">Quay</tspan><tspan x="200" dy="1.2em">north</tspan>"#
            ),
            "{text}"
        );
    }

    #[test]
    fn a_foreign_object_without_fallback_becomes_text_at_its_place() {
        let text = cleaned();
        assert!(
            text.contains(r#"<text x="10" y="100" font-size="10"><tspan x="10" dy="0em">Crane &amp; gantry</tspan></text>"#),
            "{text}"
        );
    }
}
