//! Dates as the story's language writes them (`4. Januar 2020`,
//! `4 janvier 2020`, `2020年1月4日`), from CLDR's patterns and month names
//! through ICU4X (`icu_datetime` with its compiled data), in the calendar
//! the locale uses (Persian dates in the Solar Hijri calendar).
//!
//! Why ICU4X rather than chrono's `unstable-locales`: chrono's locale data
//! comes from glibc, which has month names but no long date pattern, so
//! every language's order, ordinal dot and particles (`4.`, `de`, `年`, the
//! Hebrew `ב`) would have to be written here by hand; ICU4X carries CLDR's
//! own. `datetime` attributes stay ISO 8601 (see `crate::date`).

use chrono::{Datelike, NaiveDate};
use icu_calendar::Date;
use icu_datetime::DateTimeFormatter;
use icu_datetime::fieldsets::YMD;
use icu_locale_core::Locale;

use super::Lang;

/// `date` written out in `lang`, long form (month by name). A language
/// CLDR has no data for gets international English: `4 January 2020`.
pub(crate) fn long_date(date: NaiveDate, lang: &Lang) -> String {
    let Ok(iso) = Date::try_new_iso(date.year(), date.month() as u8, date.day() as u8) else {
        return date.format("%Y-%m-%d").to_string();
    };
    let format = |locale: &Locale| {
        DateTimeFormatter::try_new(locale.into(), YMD::long())
            .ok()
            .map(|f| f.format(&iso).to_string())
    };
    let english =
        || format(&english_locale()).unwrap_or_else(|| date.format("%-d %B %Y").to_string());
    let Some(locale) = locale_of(lang) else {
        return english();
    };
    match (format(&locale), format(&Locale::UNKNOWN)) {
        // The root locale's `2020 M01 4` means CLDR knows nothing of the language.
        (Some(text), Some(root)) if text != root => text,
        _ => english(),
    }
}

/// The locale to format `lang` in. English without a region is written
/// day first, as broadside always has (CLDR's `en-001`, international
/// English): a US date is only for a tag that says `en-US`.
fn locale_of(lang: &Lang) -> Option<Locale> {
    if lang.language == "en" && lang.region.is_none() {
        return Some(english_locale());
    }
    let mut tag = lang.language.clone();
    for part in lang.script.iter().chain(lang.region.iter()) {
        tag.push('-');
        tag.push_str(part);
    }
    Locale::try_from_str(&tag).ok()
}

fn english_locale() -> Locale {
    Locale::try_from_str("en-001").unwrap_or(Locale::UNKNOWN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn long(tag: &str) -> String {
        long_date(
            NaiveDate::from_ymd_opt(2020, 1, 4).unwrap_or_default(),
            &Lang::new(tag),
        )
    }

    #[test]
    fn each_language_writes_its_own_date() {
        assert_eq!(long("en"), "4 January 2020");
        assert_eq!(long("en-GB"), "4 January 2020");
        assert_eq!(long("en-US"), "January 4, 2020");
        assert_eq!(long("de"), "4. Januar 2020");
        assert_eq!(long("fr"), "4 janvier 2020");
        assert_eq!(long("ru"), "4 января 2020\u{202F}г.");
        assert_eq!(long("ja"), "2020年1月4日");
        assert_eq!(long("zh"), "2020年1月4日");
        assert_eq!(long("ko"), "2020년 1월 4일");
        assert_eq!(long("he"), "4 בינואר 2020");
        assert_eq!(long("pl"), "4 stycznia 2020");
        assert_eq!(long("es"), "4 de enero de 2020");
    }

    #[test]
    fn an_unknown_language_gets_english() {
        assert_eq!(long("xx"), "4 January 2020");
        assert_eq!(long("not a tag"), "4 January 2020");
    }
}
