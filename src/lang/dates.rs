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

/// `at` (a wall-clock date and time) written out in `lang`, the date long
/// and the time in hours and minutes, joined as CLDR joins them
/// (`4 January 2020 at 18:05`, `4. Januar 2020 um 18:05`).
pub(crate) fn long_date_time(at: chrono::NaiveDateTime, lang: &Lang) -> String {
    use chrono::Timelike;
    let date = at.date();
    let (Ok(day), Ok(time)) = (
        Date::try_new_iso(date.year(), date.month() as u8, date.day() as u8),
        icu_datetime::input::Time::try_new(at.hour() as u8, at.minute() as u8, 0, 0),
    ) else {
        return at.format("%Y-%m-%d %H:%M").to_string();
    };
    let input = icu_datetime::input::DateTime { date: day, time };
    let format = |locale: &Locale| {
        DateTimeFormatter::try_new(locale.into(), YMD::long().with_time_hm())
            .ok()
            .map(|f| f.format(&input).to_string())
    };
    let fallback = || format!("{}, {}", long_date(date, lang), at.format("%H:%M"));
    // International English (en-001) tells the time in 12 hours; British
    // English, written day first as broadside writes English, in 24.
    let locale = if lang.language == "en" && lang.region.is_none() {
        Locale::try_from_str("en-GB").ok()
    } else {
        locale_of(lang)
    };
    match (locale, format(&Locale::UNKNOWN)) {
        (Some(locale), Some(root)) => format(&locale)
            .filter(|t| *t != root)
            .unwrap_or_else(fallback),
        _ => fallback(),
    }
}

/// The locale to format `lang` in. English without a region is written
/// day first, as broadside always has (CLDR's `en-001`, international
/// English): a US date is only for a tag that says `en-US`.
pub(crate) fn locale_of(lang: &Lang) -> Option<Locale> {
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
    fn dates_with_times() {
        let at = NaiveDate::from_ymd_opt(2020, 1, 4)
            .and_then(|d| d.and_hms_opt(18, 5, 0))
            .unwrap_or_default();
        let t = |tag: &str| long_date_time(at, &Lang::new(tag));
        assert_eq!(t("en"), "4 January 2020 at 18:05");
        assert_eq!(t("de"), "4. Januar 2020 um 18:05");
        assert_eq!(t("en-US"), "January 4, 2020 at 6:05\u{202f}PM");
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
