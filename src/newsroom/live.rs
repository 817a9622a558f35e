//! Live coverage: in a `live = true` story, each level-2 heading that
//! starts with a time (`## 18:05 Ferries stay in port`, or with the day,
//! `## 2031-06-01 18:05 …`) is one update. The updates are shown newest
//! first, each under its heading with a `<time>` and its stable anchor
//! (the heading's id), and listed in the JSON-LD as `liveBlogUpdate`.
//!
//! A time alone is on the day of the story's `date`, or the day after when
//! it is earlier than the time of `date` (coverage past midnight). The zone
//! is the offset of `date`, else `timezone` in site.toml, else none.

use chrono::{FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

use crate::date::StoryDate;
use crate::error::{Diagnostic, Location};
use crate::markdown::HeadingFact;

/// One update of a live story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveUpdate {
    /// The heading's id: the update's anchor.
    pub id: String,
    /// The heading after its time.
    pub headline: String,
    pub time: StoryDate,
}

/// What reading a heading as an update gave.
enum Heading<'h> {
    /// Not an update: no time at its start.
    Plain,
    /// An update: its time, the day if written, the time as written, and
    /// the headline after it.
    Update(Option<NaiveDate>, NaiveTime, &'h str, &'h str),
    /// A time that cannot be: the words that look like one.
    Impossible(&'h str),
}

fn read(text: &str) -> Heading<'_> {
    let text = text.trim_start();
    let (first, rest) = text.split_once(' ').unwrap_or((text, ""));
    let looks_like_time = |w: &str| {
        let (h, m) = w.split_once(':').unwrap_or(("", ""));
        (1..=2).contains(&h.len())
            && m.len() == 2
            && h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit())
    };
    let time_of = |w: &'_ str| NaiveTime::parse_from_str(w, "%H:%M").ok();
    if looks_like_time(first) {
        return match time_of(first) {
            Some(t) => Heading::Update(None, t, first, rest.trim_start()),
            None => Heading::Impossible(first),
        };
    }
    let is_day = first.len() == 10
        && first.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    let (second, after) = rest.split_once(' ').unwrap_or((rest, ""));
    if !is_day || !looks_like_time(second) {
        return Heading::Plain;
    }
    let written = &text[..first.len() + 1 + second.len()];
    match (
        NaiveDate::parse_from_str(first, "%Y-%m-%d"),
        time_of(second),
    ) {
        (Ok(day), Some(t)) => Heading::Update(Some(day), t, written, after.trim_start()),
        _ => Heading::Impossible(written),
    }
}

/// The updates of a live story, newest first, and its body's HTML with
/// them in that order; an impossible time is an error at its line of
/// `source` (the Markdown body, whose first line is `first_line`).
pub(crate) fn updates(
    headings: &[HeadingFact],
    html: &str,
    date: Option<StoryDate>,
    zone: Option<FixedOffset>,
    (source, first_line): (&str, usize),
) -> Result<(Vec<LiveUpdate>, String), Vec<Diagnostic>> {
    let zone = match date {
        Some(StoryDate::Zoned(d)) => Some(*d.offset()),
        _ => zone,
    };
    let start = date.map(|d| match d {
        StoryDate::Date(day) => day.and_time(NaiveTime::MIN),
        StoryDate::Local(dt) => dt,
        StoryDate::Zoned(dt) => dt.naive_local(),
    });
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for h in headings.iter().filter(|h| h.level == 2) {
        match read(&h.text) {
            Heading::Plain => {}
            Heading::Impossible(written) => {
                let mut d = Diagnostic::error(format!(
                    "the live update `{}` has a time that cannot be: `{written}`",
                    h.text
                ))
                .help("start the heading with a time from 00:00 to 23:59, e.g. `## 18:05 Ferries stay in port`, or a day and a time, `## 2031-06-01 18:05 …`");
                if let Some(offset) = heading_offset(source, written) {
                    d = d.at(Location::at_offset(source, offset, first_line));
                }
                errors.push(d);
            }
            Heading::Update(day, time, written, headline) => {
                let Some(day) = day.or(start.map(|s| s.date())) else {
                    let mut d = Diagnostic::error(format!(
                        "the live update `{}` gives a time but the story has no date",
                        h.text
                    ))
                    .help("give the story a `date`, or write the day in the heading: `## 2031-06-01 18:05 …`");
                    if let Some(offset) = heading_offset(source, written) {
                        d = d.at(Location::at_offset(source, offset, first_line));
                    }
                    errors.push(d);
                    continue;
                };
                let mut at = day.and_time(time);
                if written.len() <= 5 && start.is_some_and(|s| at < s) {
                    at += chrono::Duration::days(1);
                }
                found.push((h, written, headline, at));
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let updates: Vec<LiveUpdate> = found
        .iter()
        .map(|(h, _, headline, at)| LiveUpdate {
            id: h.id.clone(),
            headline: headline.to_string(),
            time: stamp(*at, zone),
        })
        .collect();
    let html = newest_first(
        html,
        &found
            .iter()
            .map(|(h, w, _, _)| (h.id.as_str(), *w))
            .collect::<Vec<_>>(),
        &updates,
    );
    let mut updates = updates;
    updates.sort_by_key(|u| std::cmp::Reverse(u.time.timestamp()));
    Ok((updates, html))
}

fn stamp(at: NaiveDateTime, zone: Option<FixedOffset>) -> StoryDate {
    match zone.and_then(|z| z.from_local_datetime(&at).single()) {
        Some(zoned) => StoryDate::Zoned(zoned),
        None => StoryDate::Local(at),
    }
}

/// Where a heading starting with `written` is in the Markdown source.
fn heading_offset(source: &str, written: &str) -> Option<usize> {
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let text = line.trim_start_matches('#');
        if line.starts_with('#') && text.trim_start().starts_with(written) {
            return Some(offset + (line.len() - text.trim_start().len()));
        }
        offset += line.len();
    }
    None
}

/// The body's HTML with the updates' sections (each from its heading to
/// the next update's) in the order of `updates` newest first, each in a
/// `<div class="live-update">`, its time in a `<time>`.
fn newest_first(html: &str, written: &[(&str, &str)], updates: &[LiveUpdate]) -> String {
    let starts: Vec<Option<usize>> = written
        .iter()
        .map(|(id, _)| html.find(&format!("<h2 id=\"{id}\">")))
        .collect();
    if written.is_empty() || starts.iter().any(Option::is_none) {
        return html.to_string();
    }
    let starts: Vec<usize> = starts.into_iter().flatten().collect();
    if starts.windows(2).any(|w| w[0] >= w[1]) {
        return html.to_string();
    }
    let mut sections: Vec<(i64, String)> = Vec::with_capacity(starts.len());
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(html.len());
        let (id, time_text) = written[i];
        let open = format!("<h2 id=\"{id}\">");
        let section = &html[start..end];
        let inner = &section[open.len()..];
        let time = &updates[i].time;
        let heading = match inner.strip_prefix(time_text) {
            Some(rest) => format!(
                "{open}<time datetime=\"{}\">{time_text}</time>{rest}",
                time.iso()
            ),
            None => section.to_string(),
        };
        sections.push((
            time.timestamp(),
            format!(
                "<div class=\"live-update\">\n{}</div>\n",
                heading.trim_end_matches('\n').to_string() + "\n"
            ),
        ));
    }
    sections.sort_by_key(|(t, _)| std::cmp::Reverse(*t));
    let mut out = String::with_capacity(html.len() + 64 * sections.len());
    out.push_str(&html[..starts[0]]);
    out.push_str("<div class=\"live-updates\">\n");
    for (_, s) in sections {
        out.push_str(&s);
    }
    out.push_str("</div>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(id: &str, text: &str) -> HeadingFact {
        HeadingFact {
            level: 2,
            id: id.to_string(),
            text: text.to_string(),
        }
    }

    #[test]
    fn updates_newest_first_with_times_and_anchors() {
        let headings = [
            h("background", "Background"),
            h("1805-ferries", "18:05 Ferries stay in port"),
            h("2340-wind", "23:40 Wind drops"),
            h("0010-all-clear", "00:10 All clear"),
        ];
        let html = "<p>Intro.</p>\n<h2 id=\"background\">Background</h2>\n<p>B.</p>\n<h2 id=\"1805-ferries\">18:05 Ferries stay in port</h2>\n<p>F.</p>\n<h2 id=\"2340-wind\">23:40 Wind drops</h2>\n<p>W.</p>\n<h2 id=\"0010-all-clear\">00:10 All clear</h2>\n<p>C.</p>\n";
        let date = StoryDate::parse("2031-06-01T17:00:00+01:00");
        let (updates, out) = updates(&headings, html, date, None, ("", 1)).unwrap();
        let times: Vec<String> = updates.iter().map(|u| u.time.iso()).collect();
        assert_eq!(
            times,
            [
                "2031-06-02T00:10:00+01:00",
                "2031-06-01T23:40:00+01:00",
                "2031-06-01T18:05:00+01:00"
            ]
        );
        assert_eq!(updates[0].headline, "All clear");
        assert_eq!(updates[0].id, "0010-all-clear");
        let clear = out.find("All clear").unwrap();
        let ferries = out.find("Ferries stay").unwrap();
        assert!(
            out.find("Background").unwrap() < clear && clear < ferries,
            "{out}"
        );
        assert!(out.contains("<h2 id=\"2340-wind\"><time datetime=\"2031-06-01T23:40:00+01:00\">23:40</time> Wind drops</h2>\n<p>W.</p>\n</div>"), "{out}");
    }

    #[test]
    fn a_full_day_and_the_site_zone() {
        let headings = [h("a", "2031-06-03 09:00 Clean-up begins")];
        let zone = FixedOffset::east_opt(7200);
        let (u, _) = updates(&headings, "", StoryDate::parse("2031-06-01"), zone, ("", 1)).unwrap();
        assert_eq!(u[0].time.iso(), "2031-06-03T09:00:00+02:00");
        assert_eq!(u[0].headline, "Clean-up begins");
    }

    #[test]
    fn an_impossible_time_is_an_error_at_its_line() {
        let source = "Intro.\n\n## 18:05 Fine\n\n## 25:70 Nonsense\n";
        let headings = [
            h("a", "18:05 Fine"),
            h("b", "25:70 Nonsense"),
            h("c", "2031-02-30 10:00 No day"),
        ];
        let e = updates(
            &headings,
            "",
            StoryDate::parse("2031-06-01"),
            None,
            (source, 8),
        )
        .unwrap_err();
        let e: Vec<String> = e
            .into_iter()
            .map(|d| d.in_file(std::path::Path::new("s.md")).to_string())
            .collect();
        assert!(
            e[0].starts_with(
                "s.md:12:4: the live update `25:70 Nonsense` has a time that cannot be: `25:70`"
            ),
            "{e:?}"
        );
        assert!(e[1].contains("`2031-02-30 10:00`"), "{e:?}");
        assert_eq!(e.len(), 2);
    }
}
