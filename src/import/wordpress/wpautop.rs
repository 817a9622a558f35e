//! `wpautop`: WordPress's own paragraph rules for posts written in the
//! classic editor, which keep paragraphs as blank lines rather than `<p>`
//! tags. A port of `wpautop()` in wp-includes/formatting.php, step for
//! step, so a post reads as WordPress showed it (Rust's regex engine has
//! no back-references or look-behind, so those two steps are done by hand).

use std::sync::LazyLock;

use regex::Regex;

const ALLBLOCKS: &str = "(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)";

fn re(pattern: &str) -> Regex {
    Regex::new(&pattern.replace("ALLBLOCKS", ALLBLOCKS)).expect("a valid pattern")
}

macro_rules! regex {
    ($name:ident = $pattern:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| re($pattern));
    };
}

regex!(DOUBLE_BR = r"<br\s*/?>\s*<br\s*/?>");
regex!(BLOCK_OPEN = r"(<ALLBLOCKS[\s/>])");
regex!(BLOCK_CLOSE = r"(</ALLBLOCKS>)");
regex!(HR = r"(<hr\s*?/?>)");
regex!(TAG_OR_COMMENT = r"(?s)<!--.*?-->|<[^>]*>");
regex!(OPTION_BEFORE = r"\s*<option");
regex!(OPTION_AFTER = r"</option>\s*");
regex!(OBJECT_OPEN = r"(<object[^>]*>)\s*");
regex!(OBJECT_CLOSE = r"\s*</object>");
regex!(PARAM = r"\s*(</?(?:param|embed)[^>]*>)\s*");
regex!(MEDIA_OPEN = r"([<\[](?:audio|video)[^>\]]*[>\]])\s*");
regex!(MEDIA_CLOSE = r"\s*([<\[]/(?:audio|video)[>\]])");
regex!(SOURCE = r"\s*(<(?:source|track)[^>]*>)\s*");
regex!(FIGCAPTION_OPEN = r"\s*(<figcaption[^>]*>)");
regex!(FIGCAPTION_CLOSE = r"</figcaption>\s*");
regex!(MANY_NEWLINES = r"\n\n+");
regex!(PARAGRAPH_SPLIT = r"\n\s*\n");
regex!(EMPTY_P = r"<p>\s*</p>");
regex!(UNCLOSED_P = r"<p>([^<]+)</(div|address|form)>");
regex!(WRAPPED_BLOCK = r"<p>\s*(</?ALLBLOCKS[^>]*>)\s*</p>");
regex!(WRAPPED_LI = r"<p>(<li.+?)</p>");
regex!(P_BLOCKQUOTE = r"(?i)<p><blockquote([^>]*)>");
regex!(P_BEFORE_BLOCK = r"<p>\s*(</?ALLBLOCKS[^>]*>)");
regex!(P_AFTER_BLOCK = r"(</?ALLBLOCKS[^>]*>)\s*</p>");
regex!(PRESERVED = r"(?s)<script.*?</script>|<style.*?</style>|<svg.*?</svg>|<math.*?</math>");
regex!(NEWLINE = r"\s*\n");
regex!(BR_AFTER_BLOCK = r"(</?ALLBLOCKS[^>]*>)\s*<br />");
regex!(BR_BEFORE_BLOCK = r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)");
regex!(LAST_NEWLINE = r"\n</p>$");

/// `wpautop($text, true)`.
pub(crate) fn wpautop(text: &str) -> String {
    if text.trim().is_empty() {
        return String::new();
    }
    let (mut text, pre_tags) = hide_pre(&format!("{text}\n"));
    text = DOUBLE_BR.replace_all(&text, "\n\n").into_owned();
    text = BLOCK_OPEN.replace_all(&text, "\n\n$1").into_owned();
    text = BLOCK_CLOSE.replace_all(&text, "$1\n\n").into_owned();
    text = HR.replace_all(&text, "$1\n\n").into_owned();
    text = text.replace("\r\n", "\n").replace('\r', "\n");
    text = TAG_OR_COMMENT
        .replace_all(&text, |c: &regex::Captures| {
            c[0].replace('\n', " <!-- wpnl --> ")
        })
        .into_owned();
    if text.contains("<option") {
        text = OPTION_BEFORE.replace_all(&text, "<option").into_owned();
        text = OPTION_AFTER.replace_all(&text, "</option>").into_owned();
    }
    if text.contains("</object>") {
        text = OBJECT_OPEN.replace_all(&text, "$1").into_owned();
        text = OBJECT_CLOSE.replace_all(&text, "</object>").into_owned();
        text = PARAM.replace_all(&text, "$1").into_owned();
    }
    if text.contains("<source") || text.contains("<track") {
        text = MEDIA_OPEN.replace_all(&text, "$1").into_owned();
        text = MEDIA_CLOSE.replace_all(&text, "$1").into_owned();
        text = SOURCE.replace_all(&text, "$1").into_owned();
    }
    if text.contains("<figcaption") {
        text = FIGCAPTION_OPEN.replace_all(&text, "$1").into_owned();
        text = FIGCAPTION_CLOSE
            .replace_all(&text, "</figcaption>")
            .into_owned();
    }
    text = MANY_NEWLINES.replace_all(&text, "\n\n").into_owned();
    let mut out = String::with_capacity(text.len() + 64);
    for paragraph in PARAGRAPH_SPLIT.split(&text).filter(|p| !p.is_empty()) {
        out.push_str("<p>");
        out.push_str(paragraph.trim_matches('\n'));
        out.push_str("</p>\n");
    }
    text = out;
    text = EMPTY_P.replace_all(&text, "").into_owned();
    text = UNCLOSED_P.replace_all(&text, "<p>$1</p></$2>").into_owned();
    text = WRAPPED_BLOCK.replace_all(&text, "$1").into_owned();
    text = WRAPPED_LI.replace_all(&text, "$1").into_owned();
    text = P_BLOCKQUOTE
        .replace_all(&text, "<blockquote$1><p>")
        .into_owned();
    text = text.replace("</blockquote></p>", "</p></blockquote>");
    text = P_BEFORE_BLOCK.replace_all(&text, "$1").into_owned();
    text = P_AFTER_BLOCK.replace_all(&text, "$1").into_owned();
    text = PRESERVED
        .replace_all(&text, |c: &regex::Captures| {
            c[0].replace('\n', "<WPPreserveNewline />")
        })
        .into_owned();
    text = text.replace("<br>", "<br />").replace("<br/>", "<br />");
    text = line_breaks(&text);
    text = text.replace("<WPPreserveNewline />", "\n");
    text = BR_AFTER_BLOCK.replace_all(&text, "$1").into_owned();
    text = BR_BEFORE_BLOCK.replace_all(&text, "$1").into_owned();
    text = LAST_NEWLINE.replace_all(&text, "</p>").into_owned();
    for (name, pre) in &pre_tags {
        text = text.replace(name, pre);
    }
    text.replace(" <!-- wpnl --> ", "\n")
        .replace("<!-- wpnl -->", "\n")
}

/// `<pre>` elements are left alone: each is swapped for a placeholder.
fn hide_pre(text: &str) -> (String, Vec<(String, String)>) {
    let mut pre_tags = Vec::new();
    if !text.contains("<pre") {
        return (text.to_string(), pre_tags);
    }
    let mut parts: Vec<&str> = text.split("</pre>").collect();
    let last = parts.pop().unwrap_or("");
    let mut out = String::with_capacity(text.len());
    for part in parts {
        match part.find("<pre") {
            None => out.push_str(part),
            Some(start) => {
                let name = format!("<pre wp-pre-tag-{}></pre>", pre_tags.len());
                pre_tags.push((name.clone(), format!("{}</pre>", &part[start..])));
                out.push_str(&part[..start]);
                out.push_str(&name);
            }
        }
    }
    out.push_str(last);
    (out, pre_tags)
}

/// `preg_replace('|(?<!<br />)\s*\n|', "<br />\n", $text)`.
fn line_breaks(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut from = 0;
    let mut search = 0;
    while let Some(m) = NEWLINE.find_at(text, search) {
        if text[..m.start()].ends_with("<br />") {
            // Look-behind failed here: PHP tries again one character on.
            let next = text[m.start()..].chars().next().map_or(1, char::len_utf8);
            search = m.start() + next;
            if m.as_str() == "\n" {
                search = m.end();
            }
            continue;
        }
        out.push_str(&text[from..m.start()]);
        out.push_str("<br />\n");
        from = m.end();
        search = m.end();
    }
    out.push_str(&text[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::wpautop;

    #[test]
    fn blank_lines_make_paragraphs_and_single_newlines_breaks() {
        assert_eq!(
            wpautop("First line\nsecond line\n\nNew paragraph"),
            "<p>First line<br />\nsecond line</p>\n<p>New paragraph</p>\n"
        );
    }

    #[test]
    fn block_elements_are_not_wrapped_and_pre_is_kept() {
        let out = wpautop("<h2>Title</h2>\nText\n\n<pre>a\n\nb</pre>\n\n<ul>\n<li>one</li>\n</ul>");
        assert!(out.contains("<h2>Title</h2>\n<p>Text</p>"), "{out}");
        assert!(out.contains("<pre>a\n\nb</pre>"), "{out}");
        assert!(out.contains("<ul>\n<li>one</li>\n</ul>"), "{out}");
        assert!(!out.contains("<p><ul>"), "{out}");
    }

    #[test]
    fn newlines_inside_tags_stay_newlines() {
        let out = wpautop("<a\nhref=\"x\">link</a> text");
        assert_eq!(out, "<p><a\nhref=\"x\">link</a> text</p>\n");
    }
}
