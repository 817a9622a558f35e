//! Story dates as writers type them: a plain date, an RFC 3339 date-time, a
//! TOML local date-time, or the `2020-01-04 09:15:00 +0000` and
//! `2020-01-04 09:15:00 UTC` forms Jekyll reads; and the dates that file
//! names and addresses hold (`2014-05-06-jekyll-turns-2.md`,
//! `inside-rust/2020/07/27/…`).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use serde::Serialize;

/// A date from front matter, kept as precise as it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoryDate {
    Date(NaiveDate),
    /// A date-time with no offset; shown and sorted as if it were UTC.
    Local(NaiveDateTime),
    Zoned(DateTime<FixedOffset>),
}

/// How the formats accepted are described to a writer who got one wrong.
pub const DATE_HELP: &str =
    "write a date as 2020-01-04, 2020-01-04T09:15:00Z or 2020-01-04 09:15:00 +0000";

const ZONED_FORMATS: &[&str] = &[
    "%Y-%m-%d %H:%M:%S %z",
    "%Y-%m-%d %H:%M:%S%.f %z",
    "%Y-%m-%d %H:%M %z",
];
const LOCAL_FORMATS: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
];

impl StoryDate {
    pub fn parse(text: &str) -> Option<StoryDate> {
        let text = text.trim();
        if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Some(StoryDate::Date(d));
        }
        if let Ok(dt) = DateTime::parse_from_rfc3339(text) {
            return Some(StoryDate::Zoned(dt));
        }
        if let Some(dt) = ZONED_FORMATS
            .iter()
            .find_map(|f| DateTime::parse_from_str(text, f).ok())
        {
            return Some(StoryDate::Zoned(dt));
        }
        if let Some(utc) = text
            .strip_suffix(" UTC")
            .or_else(|| text.strip_suffix(" GMT"))
        {
            return LOCAL_FORMATS
                .iter()
                .find_map(|f| NaiveDateTime::parse_from_str(utc, f).ok())
                .map(|dt| StoryDate::Zoned(dt.and_utc().fixed_offset()));
        }
        LOCAL_FORMATS
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
            .map(StoryDate::Local)
    }

    /// ISO 8601, for `<time datetime>`, JSON-LD and Open Graph.
    pub fn iso(&self) -> String {
        match self {
            StoryDate::Date(d) => d.format("%Y-%m-%d").to_string(),
            StoryDate::Local(dt) => dt.format("%Y-%m-%dT%H:%M:%S").to_string(),
            StoryDate::Zoned(dt) => dt.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        }
    }

    /// RFC 3339 with an offset, as Atom and sitemaps require.
    pub fn rfc3339(&self) -> String {
        match self {
            StoryDate::Zoned(dt) => dt.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            _ => self.naive().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        }
    }

    /// For readers: "4 January 2020". The day the writer wrote, in their zone.
    pub fn display(&self) -> String {
        self.day().format("%-d %B %Y").to_string()
    }

    /// The day the writer wrote, in their zone.
    pub fn day(&self) -> NaiveDate {
        match self {
            StoryDate::Date(d) => *d,
            StoryDate::Local(dt) => dt.date(),
            StoryDate::Zoned(dt) => dt.date_naive(),
        }
    }

    fn naive(&self) -> NaiveDateTime {
        match self {
            StoryDate::Date(d) => d.and_hms_opt(0, 0, 0).unwrap_or_default(),
            StoryDate::Local(dt) => *dt,
            StoryDate::Zoned(dt) => dt.naive_utc(),
        }
    }

    /// The year, for the archive.
    pub fn year(&self) -> i32 {
        chrono::Datelike::year(&self.naive())
    }

    /// Seconds since the Unix epoch (UTC), for ordering stories.
    pub fn timestamp(&self) -> i64 {
        self.naive().and_utc().timestamp()
    }
}

/// A date at the start of a file name, as Jekyll names posts:
/// `2014-05-06-jekyll-turns-2` gives 6 May 2014 and the rest,
/// `jekyll-turns-2` (empty when nothing follows the date).
pub(crate) fn leading_date(name: &str) -> Option<(NaiveDate, &str)> {
    let mut parts = name.splitn(4, '-');
    let date = ymd(parts.next()?, parts.next()?, parts.next()?)?;
    Some((date, parts.next().unwrap_or("")))
}

/// The date a path holds: three segments `YYYY/MM/DD`
/// (`inside-rust/2020/07/27/1.45.1-prerelease`), else a segment that starts
/// with one (`_posts/2014-05-06-jekyll-turns-2.md`).
pub(crate) fn date_in_path(path: &str) -> Option<NaiveDate> {
    let segments: Vec<&str> = path.split(['/', '\\']).collect();
    segments
        .windows(3)
        .find_map(|w| ymd(w[0], w[1], w[2]))
        .or_else(|| {
            segments
                .iter()
                .find_map(|s| leading_date(s).map(|(date, _)| date))
        })
}

/// A date from a four-digit year and a month and day of one or two digits.
fn ymd(year: &str, month: &str, day: &str) -> Option<NaiveDate> {
    let digits =
        |s: &str, max: usize| (1..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if year.len() != 4 || !digits(year, 4) || !digits(month, 2) || !digits(day, 2) {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

/// What templates see of a date.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    pub iso: String,
    pub rfc3339: String,
    pub display: String,
    pub timestamp: i64,
    /// The date and its time, for a date written with one
    /// ("4 January 2020 at 18:05"); else the date alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_time: Option<String>,
}

impl DateView {
    /// The date, shown as `lang` writes it.
    pub fn new(d: StoryDate, lang: &crate::lang::Lang) -> Self {
        let display = crate::lang::dates::long_date(d.day(), lang);
        DateView {
            iso: d.iso(),
            rfc3339: d.rfc3339(),
            display,
            timestamp: d.timestamp(),
            display_time: None,
        }
    }

    /// The date and its time (for a date written with one), shown as
    /// `lang` writes them: what a reader wants of an update.
    pub fn with_time(d: StoryDate, lang: &crate::lang::Lang) -> Self {
        let mut view = DateView::new(d, lang);
        let wall_clock = match d {
            StoryDate::Date(_) => None,
            StoryDate::Local(dt) => Some(dt),
            StoryDate::Zoned(dt) => Some(dt.naive_local()),
        };
        view.display_time = Some(match wall_clock {
            Some(at) => crate::lang::dates::long_date_time(at, lang),
            None => view.display.clone(),
        });
        view
    }
}

impl From<StoryDate> for DateView {
    fn from(d: StoryDate) -> Self {
        DateView {
            iso: d.iso(),
            rfc3339: d.rfc3339(),
            display: d.display(),
            timestamp: d.timestamp(),
            display_time: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_forms_writers_use() {
        assert_eq!(StoryDate::parse("2020-01-04").unwrap().iso(), "2020-01-04");
        assert_eq!(
            StoryDate::parse("2020-01-04T09:15:00Z").unwrap().iso(),
            "2020-01-04T09:15:00Z"
        );
        assert_eq!(
            StoryDate::parse("2020-01-04 09:15:00 +0100").unwrap().iso(),
            "2020-01-04T09:15:00+01:00"
        );
        assert_eq!(
            StoryDate::parse("2020-01-04T09:15:00").unwrap().iso(),
            "2020-01-04T09:15:00"
        );
        assert_eq!(
            StoryDate::parse("2020-01-04").unwrap().display(),
            "4 January 2020"
        );
        assert!(StoryDate::parse("2020-13-45").is_none());
        assert!(StoryDate::parse("yesterday").is_none());
    }

    #[test]
    fn accepts_a_named_utc_zone() {
        assert_eq!(
            StoryDate::parse("2020-01-05 10:00:00 UTC").unwrap().iso(),
            "2020-01-05T10:00:00Z"
        );
        assert_eq!(
            StoryDate::parse("2020-01-05 10:00 GMT").unwrap().rfc3339(),
            "2020-01-05T10:00:00Z"
        );
        assert!(StoryDate::parse("2020-01-05 UTC").is_none());
    }

    #[test]
    fn finds_dates_in_names_and_paths() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(
            leading_date("2014-05-06-jekyll-turns-2-0-0"),
            Some((d(2014, 5, 6).unwrap(), "jekyll-turns-2-0-0"))
        );
        assert_eq!(leading_date("2014-5-6"), Some((d(2014, 5, 6).unwrap(), "")));
        for name in [
            "2024-Edition-CFP",
            "2025-09-crates-io",
            "1-2-3-x",
            "4-Years-Of-Rust",
            "2020-13-01-x",
            "20200-01-01-x",
        ] {
            assert_eq!(leading_date(name), None, "{name}");
        }
        assert_eq!(
            date_in_path("inside-rust/2020/07/27/1.45.1-prerelease"),
            d(2020, 7, 27)
        );
        assert_eq!(date_in_path("2014/12/12/1.0-Timeline"), d(2014, 12, 12));
        assert_eq!(
            date_in_path("_posts/2014-05-06-jekyll-turns-2.md"),
            d(2014, 5, 6)
        );
        assert_eq!(date_in_path("2024/03/harbour"), None);
        assert_eq!(date_in_path("Rust-1.60.0/index.md"), None);
    }

    #[test]
    fn orders_by_instant() {
        let a = StoryDate::parse("2020-01-04T09:00:00+02:00").unwrap();
        let b = StoryDate::parse("2020-01-04T08:00:00Z").unwrap();
        assert!(a.timestamp() < b.timestamp());
    }
}
