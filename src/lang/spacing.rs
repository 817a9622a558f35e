//! Spaces a copy editor of the language would set: French puts a narrow
//! no-break space (U+202F) before `; : ! ?`, before `»` and after `«`;
//! Czech, Slovak and Polish let no line break fall after a one-letter
//! preposition or conjunction (`v Praze`, `w domu`); and in every language
//! no line break falls between a number and its unit (`15 km`, `20 %`).
//!
//! Spaces are only changed or added, never removed, and only in the text
//! of a block: code, URLs in link targets and raw HTML never reach here.
//! A URL written as text keeps its `:` and `?` (they are not followed by a
//! space), and so do times (`10:30`).

use super::Lang;

/// U+202F NARROW NO-BREAK SPACE.
pub(crate) const NNBSP: char = '\u{202F}';
/// U+00A0 NO-BREAK SPACE.
pub(crate) const NBSP: char = '\u{A0}';
/// Stands in the text of a block for something that is not text (code, an
/// inline image): not a space, not punctuation.
pub(crate) const OBJECT: char = '\u{FFFC}';

/// The rules of one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rules {
    french: bool,
    /// The one-letter words no line may end with.
    one_letter: &'static str,
}

pub(crate) fn rules_for(lang: &Lang) -> Rules {
    let one_letter = match lang.language.as_str() {
        "cs" | "sk" => "AaIiKkOoSsUuVvZz",
        "pl" => "AaIiOoUuWwZz",
        _ => "",
    };
    Rules {
        french: lang.language == "fr",
        one_letter,
    }
}

/// A change to the character at an index of the block's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Edit {
    Before(char),
    Replace(char),
    After(char),
}

/// Unit symbols that stay on the line of their number.
const UNITS: &[&str] = &[
    "%", "‰", "°", "°C", "°F", "K", "km", "m", "cm", "mm", "µm", "nm", "mi", "ft", "in", "kg", "g",
    "mg", "µg", "t", "lb", "oz", "l", "L", "ml", "mL", "cl", "dl", "hl", "h", "min", "s", "ms",
    "km/h", "m/s", "mph", "kn", "ha", "m²", "m³", "km²", "cm²", "W", "kW", "MW", "GW", "kWh",
    "MWh", "GWh", "TWh", "V", "kV", "A", "mA", "Hz", "kHz", "MHz", "GHz", "B", "kB", "KB", "MB",
    "GB", "TB", "bit", "dB", "Pa", "hPa", "kPa", "bar", "kcal", "cal", "ppm", "px", "€", "$", "£",
    "¥", "₽", "₺", "₹", "₪", "Mio.", "Mrd.", "Tsd.", "млн", "млрд", "тыс.", "км", "м", "см", "мм",
    "кг", "г", "т", "л", "ч", "мин", "с", "км/ч", "°С", "Вт", "кВт", "МВт", "ГВт", "كم", "كغ",
    "سم", "ملم", "ק״מ", "ק״ג", "מ׳", "ס״מ",
];

/// The edits `rules` make to `text`, the whole text of one block (every
/// character of its text, a space for each line break, [`OBJECT`] for what
/// is not text), by index, in order.
pub(crate) fn edits(text: &[char], rules: Rules) -> Vec<(usize, Edit)> {
    let mut out = Vec::new();
    for (i, &c) in text.iter().enumerate() {
        let before = i.checked_sub(1).map(|b| text[b]);
        let after = text.get(i + 1).copied();
        let is_space = matches!(c, ' ' | '\n' | NBSP);
        if is_space && before.is_some_and(|b| b.is_numeric()) && starts_with_unit(&text[i + 1..]) {
            out.push((i, Edit::Replace(NBSP)));
            continue;
        }
        if is_space
            && !rules.one_letter.is_empty()
            && before.is_some_and(|b| rules.one_letter.contains(b))
        {
            let start_of_word =
                i < 2 || text[i - 2].is_whitespace() || "([{„«‚‘“\"'".contains(text[i - 2]);
            if start_of_word {
                out.push((i, Edit::Replace(NBSP)));
                continue;
            }
        }
        if rules.french
            && let Some(edit) = french(c, before, after)
        {
            out.push((i, edit));
        }
    }
    out
}

/// The French rule for the character `c` between `before` and `after`.
fn french(c: char, before: Option<char>, after: Option<char>) -> Option<Edit> {
    let before_word = before.is_some_and(|b| !b.is_whitespace() && !"«;:!?".contains(b));
    match c {
        ' ' | NBSP if before_word && after.is_some_and(|a| ";:!?".contains(a)) => {
            Some(Edit::Replace(NNBSP))
        }
        ' ' | NBSP if after == Some('»') && before.is_some_and(|b| !b.is_whitespace()) => {
            Some(Edit::Replace(NNBSP))
        }
        ' ' | NBSP if before == Some('«') => Some(Edit::Replace(NNBSP)),
        ';' | '!' | '?' if before_word && after.is_none_or(|a| !a.is_alphanumeric()) => {
            Some(Edit::Before(NNBSP))
        }
        ':' if before_word && after.is_none_or(|a| a.is_whitespace() || "»”’\")".contains(a)) => {
            Some(Edit::Before(NNBSP))
        }
        '«' if after.is_some_and(|a| !a.is_whitespace()) => Some(Edit::After(NNBSP)),
        '»' if before.is_some_and(|b| !b.is_whitespace()) && before != Some('«') => {
            Some(Edit::Before(NNBSP))
        }
        _ => None,
    }
}

/// Units that are English words too: "in", "A", "bar".
const WORDS_TOO: &[&str] = &["in", "A", "bar"];

/// Whether `rest` starts with a unit symbol, then a space, punctuation or
/// the end.
fn starts_with_unit(rest: &[char]) -> bool {
    let word: String = rest
        .iter()
        .take_while(|&&c| !c.is_whitespace() && c != OBJECT && !super::reading::is_cjk(c))
        .collect();
    // The word, then less one trailing punctuation mark at a time (`km,`, `Mio.`, `كم،`).
    let mut candidate = word.as_str();
    let ends_phrase = rest.len() == word.chars().count();
    loop {
        if UNITS.contains(&candidate) {
            // A unit that is also a word (`2025 in Seattle`) only before
            // punctuation or at the end (`a 27 in.`).
            return !WORDS_TOO.contains(&candidate) || candidate != word || ends_phrase;
        }
        match candidate
            .chars()
            .next_back()
            .filter(|&c| super::quotes::is_punctuation(c))
        {
            Some(c) => candidate = candidate.strip_suffix(c).unwrap_or(""),
            None => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` with the edits of `lang` made.
    fn space(text: &str, lang: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut edits = edits(&chars, rules_for(&Lang::new(lang)))
            .into_iter()
            .peekable();
        let mut out = String::new();
        for (i, &c) in chars.iter().enumerate() {
            let mut now = c;
            let mut after = None;
            while let Some(&(_, edit)) = edits.peek().filter(|(at, _)| *at == i) {
                edits.next();
                match edit {
                    Edit::Before(b) => out.push(b),
                    Edit::Replace(r) => now = r,
                    Edit::After(a) => after = Some(a),
                }
            }
            out.push(now);
            out.extend(after);
        }
        out.replace(NNBSP, "⍽").replace(NBSP, "~")
    }

    #[test]
    fn french_spaces_high_punctuation_and_guillemets() {
        assert_eq!(
            space("Quoi? Non! Ah; bon: oui.", "fr"),
            "Quoi⍽? Non⍽! Ah⍽; bon⍽: oui."
        );
        assert_eq!(space("Quoi ?! Vraiment !", "fr"), "Quoi⍽?! Vraiment⍽!");
        assert_eq!(
            space("«Bonjour» et « salut »", "fr"),
            "«⍽Bonjour⍽» et «⍽salut⍽»"
        );
        assert_eq!(space("Il dit : « Oui ! »", "fr-CA"), "Il dit⍽: «⍽Oui⍽!⍽»");
    }

    #[test]
    fn french_leaves_urls_times_and_other_languages_alone() {
        assert_eq!(
            space("https://example.com/a?b=1 à 10:30", "fr"),
            "https://example.com/a?b=1 à 10:30"
        );
        assert_eq!(space("Quoi? Non!", "en"), "Quoi? Non!");
        assert_eq!(space("Was? Nein!", "de"), "Was? Nein!");
    }

    #[test]
    fn numbers_keep_their_units() {
        assert_eq!(
            space("15 km and 20 % and 3 Mio. Euro", "de"),
            "15~km and 20~% and 3~Mio. Euro"
        );
        assert_eq!(space("In 2019 many people", "en"), "In 2019 many people");
        // "in" as a word is no inch.
        assert_eq!(
            space("RustConf 2025 in Seattle, a 27 in.", "en"),
            "RustConf 2025 in Seattle, a 27~in."
        );
        assert_eq!(space("5 kg, 10 €.", "fr"), "5~kg, 10~€.");
        assert_eq!(space("12 км от Москвы", "ru"), "12~км от Москвы");
        assert_eq!(space("طوله 12 كم، تقريباً", "ar"), "طوله 12~كم، تقريباً");
        assert_eq!(space("全長12 kmで", "ja"), "全長12~kmで");
    }

    #[test]
    fn czech_and_polish_one_letter_words_keep_their_word() {
        assert_eq!(
            space("Byl v Praze a s námi k večeru.", "cs"),
            "Byl v~Praze a~s~námi k~večeru."
        );
        assert_eq!(space("Był w domu i z nami.", "pl"), "Był w~domu i~z~nami.");
        assert_eq!(space("I was in a house", "en"), "I was in a house");
        assert_eq!(space("(v Brně)", "cs"), "(v~Brně)");
    }
}
