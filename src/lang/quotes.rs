//! Quotation marks by language, and which straight quote of a block opens,
//! which closes and which is an apostrophe.
//!
//! The marks are CLDR's `delimiters` (quotationStart, quotationEnd,
//! alternateQuotationStart, alternateQuotationEnd; common/main/*.xml, CLDR
//! 44), with one change a French copy editor would make: CLDR gives « » for
//! both levels in French, and the Lexique des règles typographiques en usage
//! à l'Imprimerie nationale nests “ ” inside « ».
//!
//! Straight quotes are read as pulldown-cmark reads them (left- and
//! right-flanking, from the characters around each quote in the Markdown),
//! so English output is what pulldown-cmark's smart punctuation gives; but
//! pairs are matched on a stack, so quotes nest to any depth, and the level
//! decides the marks: the outermost quote takes the primary marks, unless it
//! is typed `'` and the language's alternate marks are single ones (English
//! ‘…’, German ‚…‘: a headline's 'quote' stays single); each quote inside
//! another takes the other pair. A `'` that closes nothing is an apostrophe.

use super::Lang;

/// The marks of one language: primary open and close, alternate open and close.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Marks {
    pub primary: (char, char),
    pub alternate: (char, char),
}

const fn marks(a: char, b: char, c: char, d: char) -> Marks {
    Marks {
        primary: (a, b),
        alternate: (c, d),
    }
}

const EN: Marks = marks('“', '”', '‘', '’');
const DE: Marks = marks('„', '“', '‚', '‘');
const SWISS: Marks = marks('«', '»', '‹', '›');
const GUILLEMETS_EN: Marks = marks('«', '»', '“', '”');
const RU: Marks = marks('«', '»', '„', '“');
const PL: Marks = marks('„', '”', '«', '»');
const CORNER: Marks = marks('「', '」', '『', '』');

/// The marks of `lang`; English ones for a language not in the table.
pub(crate) fn marks_for(lang: &Lang) -> Marks {
    let region = lang.region.as_deref();
    match lang.language.as_str() {
        "de" | "gsw" if matches!(region, Some("CH" | "LI")) => SWISS,
        "fr" | "it" if region == Some("CH") => SWISS,
        "de" | "cs" | "sk" | "is" | "lt" | "sl" | "bg" | "ka" => DE,
        "fr" | "it" | "el" | "ca" | "hy" | "sq" => GUILLEMETS_EN,
        "pt" if region.is_some_and(|r| r != "BR") => GUILLEMETS_EN,
        "ru" | "uk" | "be" | "lv" => RU,
        "pl" | "ro" => PL,
        "hu" => marks('„', '”', '»', '«'),
        "nl" => marks('‘', '’', '“', '”'),
        "sv" | "fi" => marks('”', '”', '’', '’'),
        "nb" | "nn" | "no" => marks('«', '»', '‘', '’'),
        "da" => EN,
        "he" => marks('”', '”', '’', '’'),
        "ar" | "ur" => marks('”', '“', '’', '‘'),
        "fa" => marks('«', '»', '”', '“'),
        "ja" => CORNER,
        "zh" if lang.is_traditional_chinese() => CORNER,
        _ => EN,
    }
}

/// The apostrophe (CLDR's `apostrophe` is ’ in every language it lists).
pub(crate) const APOSTROPHE: char = '’';

/// One straight quote of a block, as the Markdown writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Quote {
    /// `"` rather than `'`.
    pub double: bool,
    pub can_open: bool,
    pub can_close: bool,
}

impl Quote {
    /// A quote with `before` and `after` beside it in the Markdown (None at
    /// the start or end of the text), flanking as CommonMark defines it.
    pub(crate) fn new(double: bool, before: Option<char>, after: Option<char>) -> Quote {
        let after_space = after.is_none_or(char::is_whitespace);
        let before_space = before.is_none_or(char::is_whitespace);
        let can_open = !after_space
            && (before_space
                || before
                    .is_some_and(|c| is_punctuation(c) && (double || !matches!(c, ']' | ')'))));
        let can_close = !before_space && (after_space || after.is_some_and(is_punctuation));
        // Chinese and Japanese put no space around a quotation: a quote
        // with a CJK character on one side and no space on either could be
        // either, and closes when a quote of its kind is open.
        let cjk =
            before.is_some_and(super::reading::is_cjk) || after.is_some_and(super::reading::is_cjk);
        if cjk && !before_space && !after_space {
            return Quote {
                double,
                can_open: true,
                can_close: true,
            };
        }
        Quote {
            double,
            can_open,
            can_close,
        }
    }
}

/// What a quote between two Hebrew letters is in Hebrew: a geresh (׳, for
/// `ג'ירפה`) or gershayim (״, for `צה"ל`), not a quotation mark.
pub(crate) fn in_word_mark(
    lang: &Lang,
    double: bool,
    before: Option<char>,
    after: Option<char>,
) -> Option<char> {
    (is_hebrew(lang) && is_hebrew_letter(before) && is_hebrew_letter(after)).then_some(if double {
        '\u{05F4}'
    } else {
        '\u{05F3}'
    })
}

/// The apostrophe after `before`: in Hebrew, after a Hebrew letter, a
/// geresh (`ג'ורג'` is ג׳ורג׳).
pub(crate) fn apostrophe_after(lang: &Lang, before: Option<char>) -> char {
    if is_hebrew(lang) && is_hebrew_letter(before) {
        '\u{05F3}'
    } else {
        APOSTROPHE
    }
}

fn is_hebrew(lang: &Lang) -> bool {
    matches!(lang.language.as_str(), "he" | "iw" | "yi")
}

fn is_hebrew_letter(c: Option<char>) -> bool {
    c.is_some_and(|c| ('\u{05D0}'..='\u{05EA}').contains(&c))
}

/// Unicode punctuation and symbols, near enough: ASCII punctuation, and
/// anything else that is neither a letter, a digit, a mark nor a space.
pub(crate) fn is_punctuation(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    !(c.is_alphanumeric() || c.is_whitespace() || c.is_control() || is_combining(c))
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0591..=0x05C7 | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED
        | 0x0900..=0x0903 | 0x093A..=0x094F | 0x0951..=0x0957 | 0x0962..=0x0963 | 0x3099..=0x309A)
}

/// The marks the quotes of one block become, in order; None for an
/// apostrophe.
pub(crate) fn resolve(quotes: &[Quote], marks: Marks) -> Vec<Option<char>> {
    // Pass 1: match openers with closers on a stack.
    let mut partner: Vec<Option<usize>> = vec![None; quotes.len()];
    let mut open: Vec<usize> = Vec::new();
    for (i, q) in quotes.iter().enumerate() {
        let matching = if q.can_close {
            open.iter().rposition(|&o| quotes[o].double == q.double)
        } else {
            None
        };
        if let Some(at) = matching {
            let opener = open[at];
            partner[opener] = Some(i);
            partner[i] = Some(opener);
            // Single quotes left open inside a closed double are apostrophes.
            open.truncate(at);
        } else if q.can_open {
            open.push(i);
        }
    }
    // Pass 2: each matched pair takes the marks of its level.
    let mut out = Vec::with_capacity(quotes.len());
    // The open pairs: (index of the opener, uses the primary marks).
    let mut levels: Vec<(usize, bool)> = Vec::new();
    for (i, q) in quotes.iter().enumerate() {
        let primary_here = levels
            .last()
            .map_or(top_level_primary(q, marks), |&(_, primary)| !primary);
        match partner[i] {
            Some(closer) if closer > i => {
                levels.push((i, primary_here));
                out.push(Some(if primary_here {
                    marks.primary.0
                } else {
                    marks.alternate.0
                }));
            }
            Some(opener) => {
                let primary = match levels.iter().rposition(|&(o, _)| o == opener) {
                    Some(at) => levels.remove(at).1,
                    None => top_level_primary(q, marks),
                };
                out.push(Some(if primary {
                    marks.primary.1
                } else {
                    marks.alternate.1
                }));
            }
            // A lone `"` opens, as in pulldown-cmark; a lone `'` is an apostrophe.
            None if q.double => out.push(Some(if primary_here {
                marks.primary.0
            } else {
                marks.alternate.0
            })),
            None => out.push(None),
        }
    }
    out
}

/// Whether a quote outside any other takes the primary marks.
fn top_level_primary(q: &Quote, marks: Marks) -> bool {
    q.double || !matches!(marks.alternate.0, '‘' | '’' | '‚' | '‹' | '›')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` with its straight quotes set in `lang`, each quote read from
    /// its neighbours in `text`.
    fn set(text: &str, lang: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let quotes: Vec<Quote> = chars
            .iter()
            .enumerate()
            .filter(|(_, c)| matches!(c, '"' | '\''))
            .map(|(i, &c)| {
                Quote::new(
                    c == '"',
                    i.checked_sub(1).map(|b| chars[b]),
                    chars.get(i + 1).copied(),
                )
            })
            .collect();
        let mut marks = resolve(&quotes, marks_for(&Lang::new(lang))).into_iter();
        chars
            .iter()
            .map(|&c| {
                if matches!(c, '"' | '\'') {
                    marks.next().flatten().unwrap_or(APOSTROPHE)
                } else {
                    c
                }
            })
            .collect()
    }

    #[test]
    fn english_is_as_pulldown_cmark_sets_it() {
        assert_eq!(
            set("\"He said 'no' to it,\" she said.", "en"),
            "“He said ‘no’ to it,” she said."
        );
        assert_eq!(
            set("It's the 90s' music, 'tis true.", "en"),
            "It’s the 90s’ music, ’tis true."
        );
        assert_eq!(set("'Single' at the top", "en-GB"), "‘Single’ at the top");
        assert_eq!(set("a 5\" disk", "en"), "a 5“ disk");
    }

    #[test]
    fn nested_quotes_alternate_at_every_depth() {
        assert_eq!(set("\"a \"b \"c\" b\" a\"", "en"), "“a ‘b “c” b’ a”");
        assert_eq!(set("'a \"b\" a'", "en"), "‘a “b” a’");
        assert_eq!(
            set("\"Er sagte 'Nein' und ging.\"", "de"),
            "„Er sagte ‚Nein‘ und ging.“"
        );
        assert_eq!(set("\"a \"b\" a\"", "de"), "„a ‚b‘ a“");
    }

    #[test]
    fn each_language_has_its_marks() {
        let cases = [
            ("de", "„a ‚b‘ a“"),
            ("de-CH", "«a ‹b› a»"),
            ("fr", "«a “b” a»"),
            ("fr-CH", "«a ‹b› a»"),
            ("ru", "«a „b“ a»"),
            ("pl", "„a «b» a”"),
            ("ja", "「a 『b』 a」"),
            ("zh", "“a ‘b’ a”"),
            ("zh-TW", "「a 『b』 a」"),
            ("ar", "”a ’b‘ a“"),
            ("he", "”a ’b’ a”"),
            ("nl", "‘a “b” a’"),
            ("it", "«a “b” a»"),
            ("pt-PT", "«a “b” a»"),
            ("pt-BR", "“a ‘b’ a”"),
            ("tr", "“a ‘b’ a”"),
            ("xx", "“a ‘b’ a”"),
        ];
        for (lang, want) in cases {
            assert_eq!(set("\"a 'b' a\"", lang), want, "{lang}");
        }
    }

    #[test]
    fn apostrophes_inside_words_stay_apostrophes() {
        for lang in ["fr", "de", "it", "nl", "ru", "ja"] {
            let set = set("\"l'homme d'État\"", lang);
            assert_eq!(
                set.chars().skip(1).take(13).filter(|&c| c == '’').count(),
                2,
                "{lang}: {set}"
            );
        }
        assert_eq!(set("\"l'homme\"", "fr"), "«l’homme»");
        assert_eq!(
            set("'s Morgens zei hij 'nee'", "nl"),
            "’s Morgens zei hij ‘nee’"
        );
        assert_eq!(set("'a' and \"b\"", "fr"), "«a» and «b»");
    }

    #[test]
    fn cjk_quotes_need_no_spaces() {
        assert_eq!(
            set(
                "\"待っていました\"と市長は述べた。\"父は'無理だ'と言った\"。",
                "ja"
            ),
            "「待っていました」と市長は述べた。「父は『無理だ』と言った」。"
        );
        assert_eq!(
            set("市长说\"我们等了很久\"。", "zh"),
            "市长说“我们等了很久”。"
        );
        assert_eq!(
            set("\"我们等了很久，\"市长表示。\"我说：'做不到'，\"", "zh"),
            "“我们等了很久，”市长表示。“我说：‘做不到’，”"
        );
    }

    #[test]
    fn hebrew_geresh_and_gershayim() {
        let he = Lang::new("he");
        assert_eq!(in_word_mark(&he, true, Some('ה'), Some('ל')), Some('״'));
        assert_eq!(in_word_mark(&he, false, Some('ג'), Some('י')), Some('׳'));
        assert_eq!(in_word_mark(&he, true, Some(' '), Some('ל')), None);
        assert_eq!(
            in_word_mark(&Lang::new("en"), true, Some('ה'), Some('ל')),
            None
        );
        assert_eq!(apostrophe_after(&he, Some('ג')), '׳');
        assert_eq!(apostrophe_after(&Lang::new("en"), Some('s')), '’');
    }

    #[test]
    fn flanking_follows_commonmark() {
        let q = Quote::new(true, Some(' '), Some('a'));
        assert!(q.can_open && !q.can_close);
        let q = Quote::new(true, Some('a'), Some('.'));
        assert!(!q.can_open && q.can_close);
        let q = Quote::new(false, Some(')'), Some('a'));
        assert!(!q.can_open, "a ' after ) does not open");
        assert!(Quote::new(true, Some('*'), Some('a')).can_open);
        assert!(
            is_punctuation('«')
                && is_punctuation('。')
                && !is_punctuation('日')
                && !is_punctuation('é')
        );
    }
}
