//! Any text through every step of the import: no step panics, whatever
//! the export holds (the steps' own tests are beside each of them).

use proptest::prelude::*;

use super::{blocks, markdown, shortcodes, wpautop, wxr};

/// Text made of the pieces WordPress content is made of, in any order.
fn wordpressish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<!-- wp:paragraph -->".to_string()),
        Just("<!-- /wp:paragraph -->".to_string()),
        Just("<!-- wp:block {\"ref\":1} /-->".to_string()),
        Just("<!-- wp:embed {\"url\":\"https://x\"} -->".to_string()),
        Just("<!-- /wp:embed -->".to_string()),
        Just("[caption]".to_string()),
        Just("[/caption]".to_string()),
        Just("[gallery ids=\"1,2\"]".to_string()),
        Just("[[x]]".to_string()),
        Just("<pre>".to_string()),
        Just("</pre>".to_string()),
        Just("<figure><img src=\"a.jpg\"><figcaption>c</figcaption></figure>".to_string()),
        Just("<table><tr><th>a</th></tr><tr><td>b</td></tr></table>".to_string()),
        Just("<dl class=\"wp-caption\"><dt>".to_string()),
        Just("<code>".to_string()),
        Just("<br />".to_string()),
        Just("\n\n".to_string()),
        Just("\n".to_string()),
        "[a-zé<>/\\[\\]\"'= {}-]{0,12}",
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn no_step_panics(text in wordpressish()) {
        let reusable = |_: u64| Some(text.as_str());
        let (html, _) = blocks::render(&text, &reusable);
        let html = shortcodes::expand(&wpautop::wpautop(&html), &|_| String::new());
        let _ = shortcodes::unknown(&text);
        let _ = markdown::convert(&html);
    }

    #[test]
    fn reading_any_xml_panics_never(text in "(<[a-z:]{0,6}>|</[a-z:]{0,6}>|<!\\[CDATA\\[|\\]\\]>|[a-z &;<>]){0,40}") {
        let export = format!("<rss><channel>{text}</channel></rss>");
        let _ = wxr::read(std::path::Path::new("x.xml"), &export, &mut Vec::new());
    }
}
