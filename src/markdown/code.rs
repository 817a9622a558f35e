//! Code blocks: highlighted at build time into `<span class>` tokens.
//!
//! The language is the first word of the fence's info string (```` ```rust ````,
//! ```` ```sh,ignore ````). Grammars are bat's Sublime Text grammars (the
//! `two-face` crate) run by syntect with its pure-Rust regex engine; they are
//! loaded once, on the first code block with a language. An unknown
//! language, plain text, an over-long block or a grammar that fails is
//! written as plain code, never an error.
//!
//! Each token gets one of a dozen classes ([`CLASSES`]), chosen by scope
//! selectors the way a theme chooses colours: the theme below "colours"
//! each selector with its class number. The page records which classes it
//! used ([`TokenClasses`]), and its stylesheet carries only their rules
//! ([`stylesheet`]), in a light and a dark palette that meet WCAG AA on the
//! code block's background.

use std::ops::Range;
use std::str::FromStr;
use std::sync::OnceLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use pulldown_cmark_escape::{escape_html, escape_html_body_text};
use syntect::highlighting::{
    Color, HighlightIterator, HighlightState, Highlighter, ScopeSelectors, StyleModifier, Theme,
    ThemeItem,
};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::rewriter::Rewriter;

/// A token class: its CSS class, the scopes it takes, its colour on the
/// light and on the dark code background, and any other declarations.
struct TokenClass {
    class: &'static str,
    scopes: &'static str,
    light: &'static str,
    dark: &'static str,
    more: &'static str,
}

/// The token classes, numbered from 1 in this order; scopes that match
/// none (operators, punctuation, names) stay in the text colour.
/// Contrast on `--chip` (#f1eee7 light, #24221f dark) is at least 4.5:1
/// for every colour (`palette_meets_wcag_aa`).
const CLASSES: &[TokenClass] = &[
    TokenClass {
        class: "hk",
        scopes: "keyword, storage, variable.language, constant.language",
        light: "#8b1a6b",
        dark: "#eba1e4",
        more: "",
    },
    TokenClass {
        class: "hs",
        scopes: "string, markup.raw",
        light: "#1f6a2a",
        dark: "#a4d98e",
        more: "",
    },
    TokenClass {
        class: "hc",
        scopes: "comment, punctuation.definition.comment",
        light: "#5d5850",
        dark: "#aca69c",
        more: "font-style:italic",
    },
    TokenClass {
        class: "hn",
        scopes: "constant.numeric, constant.other, support.constant",
        light: "#8f4500",
        dark: "#f2b275",
        more: "",
    },
    TokenClass {
        class: "he",
        scopes: "constant.character.escape, string.regexp, constant.other.placeholder",
        light: "#7a4e00",
        dark: "#e9c46a",
        more: "",
    },
    TokenClass {
        class: "hf",
        scopes: "entity.name.function, support.function, variable.function, support.macro",
        light: "#1e4d9b",
        dark: "#93bdff",
        more: "",
    },
    TokenClass {
        class: "ht",
        scopes: "entity.name.type, entity.name.class, entity.name.struct, entity.name.enum, entity.name.trait, support.type, support.class, storage.type.numeric",
        light: "#00646c",
        dark: "#73d2d9",
        more: "",
    },
    TokenClass {
        class: "hg",
        scopes: "entity.name.tag, meta.mapping.key string, support.type.property-name, meta.object-literal.key",
        light: "#9f1d20",
        dark: "#ff9f94",
        more: "",
    },
    TokenClass {
        class: "ha",
        scopes: "entity.other.attribute-name, meta.attribute",
        light: "#7a4e00",
        dark: "#e9c46a",
        more: "",
    },
    TokenClass {
        class: "hi",
        scopes: "markup.inserted",
        light: "#1f6a2a",
        dark: "#a4d98e",
        more: "",
    },
    TokenClass {
        class: "hd",
        scopes: "markup.deleted",
        light: "#a3141b",
        dark: "#ff9f94",
        more: "",
    },
    TokenClass {
        class: "hh",
        scopes: "markup.heading, meta.diff.range, meta.diff.header, entity.name.section, entity.name.tag.table",
        light: "#1e4d9b",
        dark: "#93bdff",
        more: "font-weight:700",
    },
];

/// Scopes shown in the text colour even inside a classed scope.
const PLAIN_SCOPES: &str = "keyword.operator, punctuation.separator, punctuation.accessor, punctuation.terminator, punctuation.section";

/// Longer blocks, or blocks with longer lines, are left plain: the grammars'
/// backtracking regexes are not worth their time there.
const MAX_BLOCK_BYTES: usize = 256 * 1024;
const MAX_LINE_BYTES: usize = 4096;

/// The set of token classes a page uses, one bit per class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TokenClasses(u16);

impl TokenClasses {
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    fn insert(&mut self, number: u8) {
        self.0 |= 1 << number;
    }

    fn contains(self, number: usize) -> bool {
        self.0 & (1 << number) != 0
    }

    pub fn union(self, other: TokenClasses) -> TokenClasses {
        TokenClasses(self.0 | other.0)
    }
}

/// The rules a page with highlighted code needs: the code block (which
/// scrolls rather than wraps) and the palette of the classes it uses,
/// light then dark. Empty when it uses none.
pub fn stylesheet(used: TokenClasses) -> String {
    if used.is_empty() {
        return String::new();
    }
    let mut css = String::from(
        ".code{white-space:pre;overflow-x:auto;overflow-wrap:normal;tab-size:4}.code:focus-visible{outline:3px solid var(--accent)}",
    );
    let used_classes = || {
        CLASSES
            .iter()
            .enumerate()
            .filter(|(i, _)| used.contains(i + 1))
            .map(|(_, c)| c)
    };
    for c in used_classes() {
        let sep = if c.more.is_empty() { "" } else { ";" };
        css.push_str(&format!(".{}{{color:{}{sep}{}}}", c.class, c.light, c.more));
    }
    css.push_str("@media (prefers-color-scheme:dark){");
    for c in used_classes() {
        css.push_str(&format!(".{}{{color:{}}}", c.class, c.dark));
    }
    css.push_str("}@media print{.code{white-space:pre-wrap}}");
    css
}

/// The grammars and the class "theme", loaded once.
struct Grammars {
    syntaxes: SyntaxSet,
    theme: Theme,
}

fn grammars() -> &'static Grammars {
    static GRAMMARS: OnceLock<Grammars> = OnceLock::new();
    GRAMMARS.get_or_init(|| Grammars {
        syntaxes: two_face::syntax::extra_newlines(),
        theme: class_theme(),
    })
}

/// A theme whose "colour" for each selector is its class number (in red).
fn class_theme() -> Theme {
    let item = |scopes: &str, number: usize| {
        ScopeSelectors::from_str(scopes)
            .ok()
            .map(|scope| ThemeItem {
                scope,
                style: StyleModifier {
                    foreground: Some(Color {
                        r: u8::try_from(number).unwrap_or(0),
                        g: 0,
                        b: 0,
                        a: 0xff,
                    }),
                    background: None,
                    font_style: None,
                },
            })
    };
    let mut theme = Theme::default();
    theme.settings.foreground = Some(Color {
        r: 0,
        g: 0,
        b: 0,
        a: 0xff,
    });
    theme.scopes = CLASSES
        .iter()
        .enumerate()
        .filter_map(|(i, c)| item(c.scopes, i + 1))
        .collect();
    theme.scopes.extend(item(PLAIN_SCOPES, 0));
    theme
}

/// The language named by a fence's info string, lower-cased.
pub(super) fn language(info: &str) -> Option<String> {
    let word = info
        .split([' ', ',', '{', '\t'])
        .next()
        .unwrap_or("")
        .trim();
    (!word.is_empty()).then(|| word.to_ascii_lowercase())
}

/// The grammar for `language` (other tools' names too, see
/// [`super::languages`]); none for plain text or an unknown name.
fn grammar(language: &str) -> Option<&'static SyntaxReference> {
    let token = super::languages::token(language)?;
    let grammars = grammars();
    grammars
        .syntaxes
        .find_syntax_by_token(token)
        .filter(|s| s.name != "Plain Text")
}

/// A highlighted code block: `<pre class="code">` with its tokens, and the
/// classes it used; None when the block is to be written plain.
pub(super) fn highlight(language: &str, code: &str) -> Option<(String, TokenClasses)> {
    if code.len() > MAX_BLOCK_BYTES || code.split('\n').any(|line| line.len() > MAX_LINE_BYTES) {
        return None;
    }
    let syntax = grammar(language)?;
    let grammars = grammars();
    let highlighter = Highlighter::new(&grammars.theme);
    let mut parse = ParseState::new(syntax);
    let mut state = HighlightState::new(&highlighter, ScopeStack::new());
    let mut used = TokenClasses::default();
    let mut html = String::with_capacity(code.len() * 2 + 80);
    html.push_str("<pre class=\"code\" tabindex=\"0\"><code class=\"language-");
    escape_html(&mut html, language).ok()?;
    html.push_str("\">");
    // The open span's class number (0: none), so equal neighbours merge.
    let mut open = 0u8;
    for line in LinesWithEndings::from(code) {
        let ops = parse.parse_line(line, &grammars.syntaxes).ok()?;
        for (style, text) in HighlightIterator::new(&mut state, &ops, line, &highlighter) {
            let number = style.foreground.r;
            let number = if usize::from(number) <= CLASSES.len() {
                number
            } else {
                0
            };
            // White space never needs a colour of its own.
            if number != open && !text.trim().is_empty() {
                if open != 0 {
                    html.push_str("</span>");
                }
                if let Some(class) = CLASSES.get(usize::from(number).wrapping_sub(1)) {
                    html.push_str("<span class=\"");
                    html.push_str(class.class);
                    html.push_str("\">");
                    used.insert(number);
                }
                open = number;
            }
            escape_html_body_text(&mut html, text).ok()?;
        }
    }
    if open != 0 {
        html.push_str("</span>");
    }
    html.push_str("</code></pre>\n");
    Some((html, used))
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Rewriter<'a, '_, I> {
    /// A code block: highlighted when its fence names a known language,
    /// else passed on as it is.
    pub(super) fn start_code_block(&mut self, kind: CodeBlockKind<'a>) {
        let lang = match &kind {
            CodeBlockKind::Fenced(info) => language(info),
            CodeBlockKind::Indented => None,
        };
        let Some(lang) = lang else {
            self.in_code_block = true;
            self.emit(Event::Start(Tag::CodeBlock(kind)));
            return;
        };
        // The block's text, up to its end (which is taken too).
        let mut code = String::new();
        while let Some((event, _)) = self.pull() {
            match event {
                Event::Text(text) => code.push_str(&text),
                Event::End(TagEnd::CodeBlock) => break,
                _ => {}
            }
        }
        self.stream.summary.note(&code);
        match highlight(&lang, &code) {
            Some((html, used)) => {
                self.stream.out.code_classes = self.stream.out.code_classes.union(used);
                self.html(html);
            }
            None => {
                self.emit(Event::Start(Tag::CodeBlock(kind)));
                self.emit(Event::Text(CowStr::from(code)));
                self.emit(Event::End(TagEnd::CodeBlock));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG 2 relative luminance of `#rrggbb`.
    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let v = f64::from(u8::from_str_radix(hex.get(i..i + 2).unwrap(), 16).unwrap()) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (a, b) = (luminance(a), luminance(b));
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    #[test]
    fn palette_meets_wcag_aa() {
        // The code block's background (--chip) and the page's (--paper).
        for c in CLASSES {
            for light_bg in ["#f1eee7", "#fdfcf8"] {
                assert!(
                    contrast(c.light, light_bg) >= 4.5,
                    "{} light {:.2}",
                    c.class,
                    contrast(c.light, light_bg)
                );
            }
            for dark_bg in ["#24221f", "#141311"] {
                assert!(
                    contrast(c.dark, dark_bg) >= 4.5,
                    "{} dark {:.2}",
                    c.class,
                    contrast(c.dark, dark_bg)
                );
            }
        }
    }

    #[test]
    fn known_languages_get_tokens_and_unknown_ones_none() {
        for (lang, code) in [
            ("rust", "fn main() { let x = 1; // hi\n}\n"),
            ("toml", "[package]\nname = \"x\" # c\n"),
            ("sh", "echo \"hi\" # c\n"),
            ("python", "def f(x):\n    return 'a'  # c\n"),
            ("js", "const a = \"b\"; // c\n"),
            ("html", "<p class=\"a\">x</p>\n"),
            ("json", "{\"a\": 1}\n"),
            ("yaml", "a: \"b\" # c\n"),
            ("diff", "--- a\n+++ b\n@@ -1 +1 @@\n-old\n+new\n"),
        ] {
            let (html, used) =
                highlight(lang, code).unwrap_or_else(|| panic!("{lang} has no grammar"));
            assert!(
                !used.is_empty() && html.contains("<span class=\"h"),
                "{lang}: {html}"
            );
            assert!(
                html.starts_with("<pre class=\"code\" tabindex=\"0\"><code class=\"language-"),
                "{html}"
            );
        }
        assert!(highlight("no-such-language", "x").is_none());
        assert!(highlight("text", "x").is_none());
        assert_eq!(language("Rust,ignore"), Some("rust".into()));
        assert_eq!(language(""), None);
    }

    #[test]
    fn the_stylesheet_holds_only_the_classes_used() {
        let (_, used) = highlight("json", "{\"a\": 1}\n").unwrap();
        let css = stylesheet(used);
        assert!(css.contains(".hn{") && !css.contains(".hc{"), "{css}");
        assert_eq!(stylesheet(TokenClasses::default()), "");
    }
}
