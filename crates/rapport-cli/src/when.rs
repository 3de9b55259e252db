//! Reading the dates and times people type (`--at`, `--met-on`) and showing stored ones.
//!
//! An instant typed without a UTC offset is taken in the local time zone, and the offset it had
//! at that moment is kept with it, so the history is shown later in the time it was lived.

use chrono::{DateTime, Datelike, FixedOffset, Local, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

/// What `--at` accepts, for help texts and error messages.
const WHEN_FORMATS: &str =
    "now, today, yesterday, YYYY-MM-DD, \"YYYY-MM-DD HH:MM\" (local time) or RFC 3339 with an offset \
     (2026-03-01T14:30:00+01:00)";

/// A time-less date stands for midday: far enough from midnight that the day does not change
/// when the same instant is shown in a neighbouring time zone.
const DATE_ONLY_TIME: NaiveTime = match NaiveTime::from_hms_opt(12, 0, 0) {
    Some(t) => t,
    None => panic!("12:00:00 is a valid time"),
};

/// How far ahead of the clock an `--at` may be without `--future`: a time typed to the minute,
/// or another device's clock a little ahead, is not a slip.
const FUTURE_SLACK_SECS: i64 = 5 * 60;

/// Refuses an `--at` later than now (beyond a few minutes) unless the user said `--future`: a
/// future interaction counts for nothing until its time comes and then reads "last contact: in
/// 2 years" meanwhile, so it is nearly always a slip of the year or the month.
pub fn refuse_future(at: Option<DateTime<FixedOffset>>, allowed: bool) -> Result<(), String> {
    refuse_future_at(at, allowed, Utc::now().timestamp())
}

fn refuse_future_at(at: Option<DateTime<FixedOffset>>, allowed: bool, now: i64) -> Result<(), String> {
    match at {
        Some(at) if !allowed && at.timestamp() > now + FUTURE_SLACK_SECS => Err(format!(
            "--at {} is in the future; check the date, or add --future to log it as it is",
            at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        )),
        _ => Ok(()),
    }
}

/// Parses a WHEN value relative to the current moment.
pub fn parse_when(text: &str) -> Result<DateTime<FixedOffset>, String> {
    parse_when_at(text, Local::now())
}

/// A date that ends a period (`report --at`, `why --from/--to`): a bare date means the end of
/// that day, so "the index on 2026-03-01" includes everything logged that day.
pub fn parse_until(text: &str) -> Result<DateTime<FixedOffset>, String> {
    let trimmed = text.trim();
    if let Ok(day) = NaiveDate::parse_from_str(trimmed, "%Y-%m-%d") {
        if trimmed.len() == 10 {
            let end = day.and_hms_opt(23, 59, 59).ok_or("out of range")?;
            return in_zone(&Local, end);
        }
    }
    parse_when(text)
}

/// The same, with "now" given, so the rules can be tested without a clock.
pub fn parse_when_at<Tz: TimeZone>(text: &str, now: DateTime<Tz>) -> Result<DateTime<FixedOffset>, String> {
    let text = text.trim();
    let zone = now.timezone();
    let now_fixed = now.fixed_offset();
    match text.to_ascii_lowercase().as_str() {
        "now" => return Ok(now_fixed),
        // Today at midday, unless that is still to come: a logged interaction is in the past.
        "today" => return Ok(in_zone(&zone, now.date_naive().and_time(DATE_ONLY_TIME))?.min(now_fixed)),
        "yesterday" => {
            let day = now.date_naive().pred_opt().ok_or("yesterday is out of range")?;
            return in_zone(&zone, day.and_time(DATE_ONLY_TIME));
        }
        _ => {}
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t);
    }
    let head = text.get(..10).unwrap_or(text);
    if !looks_like_date(head) {
        return Err(format!("{text:?} is not a date or time; expected {WHEN_FORMATS}"));
    }
    let date = parse_date(head)?;
    let rest = &text[10..];
    if rest.is_empty() {
        return in_zone(&zone, date.and_time(DATE_ONLY_TIME));
    }
    let time_text = rest.strip_prefix([' ', 'T', 't']).unwrap_or(rest).trim();
    // An offset after the time (2026-03-01 14:30+01:00) is honoured rather than rejected.
    for format in ["%Y-%m-%d %H:%M%:z", "%Y-%m-%d %H:%M:%S%:z", "%Y-%m-%d %H:%M %:z", "%Y-%m-%d %H:%M:%S %:z"] {
        if let Ok(t) = DateTime::parse_from_str(&format!("{date} {time_text}"), format) {
            return Ok(t);
        }
    }
    let time = NaiveTime::parse_from_str(time_text, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(time_text, "%H:%M:%S"))
        .map_err(|_| format!("{time_text:?} is not a time of day; use HH:MM (24-hour clock)"))?;
    in_zone(&zone, date.and_time(time))
}

/// `YYYY-MM-DD`, with an explanation when the date does not exist (2026-02-31).
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let text = text.trim();
    if !looks_like_date(text) {
        return Err(format!("{text:?} is not a date; use YYYY-MM-DD"));
    }
    let number = |range: std::ops::Range<usize>| text[range].parse::<u32>().unwrap_or(0);
    let (year, month, day) = (number(0..4) as i32, number(5..7), number(8..10));
    if let Some(d) = NaiveDate::from_ymd_opt(year, month, day) {
        return Ok(d);
    }
    if !(1..=12).contains(&month) {
        return Err(format!("{text} is not a date: there is no month {month}"));
    }
    Err(format!("{text} is not a date: {} {year} has {} days", MONTHS[month as usize - 1], days_in_month(year, month)))
}

/// A date for `--met-on`, within the years the store accepts.
pub fn parse_calendar_date(text: &str) -> Result<NaiveDate, String> {
    let d = parse_date(text)?;
    if !(rapport_core::time::EARLIEST_YEAR..=rapport_core::time::LATEST_YEAR).contains(&d.year()) {
        return Err(format!(
            "{d} is out of range; dates must fall between {} and {}",
            rapport_core::time::EARLIEST_YEAR,
            rapport_core::time::LATEST_YEAR
        ));
    }
    Ok(d)
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn looks_like_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let next =
        if month == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1) } else { NaiveDate::from_ymd_opt(year, month + 1, 1) };
    next.and_then(|d| d.pred_opt()).map(|d| d.day()).unwrap_or(31)
}

/// A wall-clock time in `zone`, keeping the offset it had then. A time that the clocks skipped
/// (a spring-forward gap) is refused; one they passed twice takes the earlier of the two.
fn in_zone<Tz: TimeZone>(zone: &Tz, local: NaiveDateTime) -> Result<DateTime<FixedOffset>, String> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Ok(t.fixed_offset()),
        LocalResult::None => Err(format!(
            "{} does not exist in the local time zone (the clocks skipped it); give a UTC offset, \
             e.g. {}+01:00",
            local.format("%Y-%m-%d %H:%M"),
            local.format("%Y-%m-%dT%H:%M:%S")
        )),
    }
}

/// An instant as it was lived: `2026-03-01 14:30 +01:00`.
pub fn show_lived(t: &DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%d %H:%M %:z").to_string()
}

/// The local calendar date of a UTC instant, for listings.
pub fn show_local_date(t: &DateTime<Utc>) -> String {
    t.with_timezone(&Local).format("%Y-%m-%d").to_string()
}

/// The time from `from` to `to` in the largest unit that reads well: "12 min", "5 h",
/// "1 day", "269 days". How long a question waited for its answer, or has been waiting.
pub fn show_span<A: TimeZone, B: TimeZone>(from: &DateTime<A>, to: &DateTime<B>) -> String {
    let secs = (to.timestamp() - from.timestamp()).max(0);
    match secs {
        // Under two minutes reads "1 min": "0 min ago" would look like a bug.
        s if s < 3_600 => format!("{} min", (s / 60).max(1)),
        s if s < 86_400 => format!("{} h", s / 3_600),
        s if s < 2 * 86_400 => "1 day".to_owned(),
        s => format!("{} days", s / 86_400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paris() -> FixedOffset {
        FixedOffset::east_opt(3600).unwrap()
    }

    fn at_paris(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<FixedOffset> {
        paris().with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    #[test]
    fn a_future_at_is_refused_unless_said_and_a_few_minutes_ahead_is_not_future() {
        let now = at_paris(2026, 3, 5, 9, 0).timestamp();
        let in_2028 = Some(at_paris(2028, 3, 5, 9, 0));
        let err = refuse_future_at(in_2028, false, now).unwrap_err();
        assert!(err.contains("2028-03-05T09:00:00+01:00") && err.contains("--future"), "{err}");
        assert_eq!(refuse_future_at(in_2028, true, now), Ok(()));
        assert_eq!(refuse_future_at(Some(at_paris(2026, 3, 5, 9, 4)), false, now), Ok(()), "4 minutes ahead");
        assert_eq!(refuse_future_at(None, false, now), Ok(()), "no --at: now");
    }

    #[test]
    fn rfc3339_keeps_its_own_offset() {
        let t = parse_when_at("2026-03-01T14:30:00-05:00", at_paris(2026, 3, 5, 9, 0)).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-03-01T14:30:00-05:00");
    }

    #[test]
    fn a_local_time_takes_the_local_offset() {
        let t = parse_when_at("2026-03-01 14:30", at_paris(2026, 3, 5, 9, 0)).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-03-01T14:30:00+01:00");
        let t = parse_when_at("2026-03-01T14:30:15", at_paris(2026, 3, 5, 9, 0)).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-03-01T14:30:15+01:00");
    }

    #[test]
    fn a_bare_date_means_midday() {
        let t = parse_when_at("2026-03-01", at_paris(2026, 3, 5, 9, 0)).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-03-01T12:00:00+01:00");
    }

    #[test]
    fn today_is_midday_or_now_if_earlier_and_yesterday_is_midday() {
        let morning = at_paris(2026, 3, 5, 9, 0);
        assert_eq!(parse_when_at("today", morning).unwrap(), morning);
        let evening = at_paris(2026, 3, 5, 20, 0);
        assert_eq!(parse_when_at("Today", evening).unwrap(), at_paris(2026, 3, 5, 12, 0));
        assert_eq!(parse_when_at("yesterday", morning).unwrap(), at_paris(2026, 3, 4, 12, 0));
        assert_eq!(parse_when_at("now", morning).unwrap(), morning);
    }

    #[test]
    fn impossible_dates_are_explained() {
        let now = at_paris(2026, 3, 5, 9, 0);
        let e = parse_when_at("2026-02-31", now).unwrap_err();
        assert!(e.contains("February 2026 has 28 days"), "{e}");
        let e = parse_when_at("2024-02-30 10:00", now).unwrap_err();
        assert!(e.contains("February 2024 has 29 days"), "{e}");
        let e = parse_when_at("2026-13-01", now).unwrap_err();
        assert!(e.contains("no month 13"), "{e}");
        let e = parse_when_at("2026-03-01 25:00", now).unwrap_err();
        assert!(e.contains("not a time of day"), "{e}");
        let e = parse_when_at("last tuesday", now).unwrap_err();
        assert!(e.contains("expected now, today"), "{e}");
    }

    #[test]
    fn an_offset_after_a_plain_time_is_honoured() {
        let t = parse_when_at("2026-03-01 14:30+02:00", at_paris(2026, 3, 5, 9, 0)).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-03-01T14:30:00+02:00");
    }

    #[test]
    fn spans_read_in_the_largest_sensible_unit() {
        let t = at_paris(2026, 3, 1, 14, 30);
        assert_eq!(show_span(&t, &at_paris(2026, 3, 1, 14, 42)), "12 min");
        assert_eq!(show_span(&t, &at_paris(2026, 3, 2, 9, 0)), "18 h");
        assert_eq!(show_span(&t, &at_paris(2026, 3, 3, 9, 0)), "1 day");
        assert_eq!(show_span(&t, &at_paris(2026, 3, 11, 15, 0)), "10 days");
        assert_eq!(show_span(&t, &at_paris(2026, 2, 1, 0, 0)), "1 min");
    }

    #[test]
    fn met_on_dates_are_checked_for_range() {
        assert!(parse_calendar_date("2019-06-01").is_ok());
        assert!(parse_calendar_date("1800-06-01").unwrap_err().contains("out of range"));
    }
}
