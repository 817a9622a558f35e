//! Reading time: words a minute for languages that separate words with
//! spaces, characters a minute for Chinese, Japanese and Korean.
//!
//! Rates: English 238 words a minute (Brysbaert 2019, silent reading of
//! non-fiction), and the per-language figures of the International Reading
//! Speed Texts (Trauzettel-Klosinski and Dietz 2012) scaled by the same
//! factor (238/228, their English); Chinese 439 and Japanese 653 characters
//! a minute as Zola counts them; Korean, which no study above measures, 500
//! syllables a minute, between the two.

use super::Lang;

/// Whether `c` is a Han character, kana or a Hangul syllable: one unit of
/// reading each.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F | 0xFF66..=0xFF9D | 0x20000..=0x3134F)
}

/// The units of reading in `text`: each CJK character, and each word of
/// other characters. Text without CJK counts as many as it has words.
pub(crate) fn units(text: &str) -> usize {
    text.split_whitespace()
        .map(|word| {
            let cjk = word.chars().filter(|&c| is_cjk(c)).count();
            if cjk == 0 {
                1
            } else {
                cjk + usize::from(word.chars().any(|c| c.is_alphanumeric() && !is_cjk(c)))
            }
        })
        .sum()
}

/// Units read a minute in `lang`.
pub(crate) fn per_minute(lang: &Lang) -> usize {
    match lang.language.as_str() {
        "zh" => 439,
        "ja" => 653,
        "ko" => 500,
        "ar" => 144,
        "de" => 187,
        "fi" => 168,
        "fr" => 204,
        "he" => 195,
        "it" => 196,
        "nl" => 211,
        "pl" => 173,
        "pt" => 189,
        "ru" => 192,
        "sl" => 188,
        "es" => 228,
        "sv" => 208,
        "tr" => 173,
        _ => 238,
    }
}

/// Whole minutes, at least one.
pub(crate) fn minutes(units: usize, lang: &Lang) -> usize {
    units.div_ceil(per_minute(lang)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_counts_characters_and_others_count_words() {
        assert_eq!(units("The quick brown fox"), 4);
        assert_eq!(units("東京で会議が開かれた。"), 10);
        assert_eq!(
            units("NATOは 声明を出した"),
            8,
            "NATO counts once, then each kana and kanji"
        );
        assert_eq!(units("북대서양 조약 기구"), 8);
    }

    #[test]
    fn rates_follow_the_language() {
        assert_eq!(minutes(238, &Lang::new("en")), 1);
        assert_eq!(minutes(239, &Lang::new("en-GB")), 2);
        assert_eq!(minutes(653, &Lang::new("ja")), 1);
        assert_eq!(minutes(1000, &Lang::new("zh-Hans")), 3);
        assert_eq!(minutes(0, &Lang::new("de")), 1);
    }
}
