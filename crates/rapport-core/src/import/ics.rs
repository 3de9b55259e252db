//! iCalendar (`.ics`, RFC 5545): each event with attendees becomes an interaction with the
//! attendees who are known contacts (matched by email; nobody is created from a calendar).
//!
//! The whole file is checked first: every line must be a property, every BEGIN must meet its END,
//! and in each event the dates (DTSTART, DTEND, RECURRENCE-ID, EXDATE, RDATE) and DURATION must be
//! readable. A file that fails is refused as a whole with the line and property named: a calendar
//! that half-parses is more likely corrupt than partly right.
//!
//! An event becomes one interaction at its start (a recurring event: its first occurrence), lasting
//! DTEND − DTSTART (or DURATION) when under a week; `video` when its location or description holds
//! a meeting link, `in_person` when it has a location, `event` otherwise; initiated by me when I am
//! the organiser (or there is none), by them otherwise. Cancelled events and declined attendees are
//! left out. Times with a TZID use the file's VTIMEZONE (its standard and daylight offsets by
//! month); a TZID the file does not describe is read as UTC, with a warning.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

use super::lines::{self, unescape, ContentLine};
use super::{ImportOptions, IncomingInteraction, Parsed, Problem, Record, Ticker, Who};
use crate::error::{Error, Reason, Result};
use crate::model::{Channel, Party};

/// A component (VCALENDAR, VEVENT, VTIMEZONE, STANDARD...) with its properties and children.
#[derive(Debug, Default)]
struct Component {
    name: String,
    line: usize,
    props: Vec<ContentLine>,
    /// An event's properties as the file wrote them (see [`Component::expanded`]).
    raw: String,
    children: Vec<Component>,
}

impl Component {
    fn prop(&self, name: &str) -> Option<&ContentLine> {
        self.props.iter().find(|p| p.name == name)
    }

    /// Keeps a property as its text: an event is held until the file ends (a time zone may be
    /// described after the events that use it), and its text costs a third of the property
    /// read into its parts. Each is the line number, a tab, the text's length, a tab, the text.
    fn keep_raw(&mut self, line: usize, text: &str) {
        use std::fmt::Write as _;
        let _ = write!(self.raw, "{line}\t{}\t{text}", text.len());
    }

    /// The component with the properties kept as text read again (as they were when first
    /// read, which succeeded).
    fn expanded(&self) -> Component {
        let mut props = self.props.clone();
        let mut rest = self.raw.as_str();
        while !rest.is_empty() {
            let mut parts = rest.splitn(3, '\t');
            let (Some(line), Some(len), Some(tail)) = (parts.next(), parts.next(), parts.next()) else { break };
            let (Ok(line), Ok(len)) = (line.parse::<usize>(), len.parse::<usize>()) else { break };
            let Some(text) = tail.get(..len) else { break };
            if let Ok(prop) = lines::parse_line(line, text) {
                props.push(prop);
            }
            rest = &tail[len..];
        }
        Component { name: self.name.clone(), line: self.line, props, raw: String::new(), children: Vec::new() }
    }
}

/// Components read for nothing (an event's alarms): dropped when they end, unless an event or
/// a time zone was found inside, or they are at the top.
fn is_read(name: &str) -> bool {
    matches!(name, "VCALENDAR" | "VEVENT" | "VTIMEZONE" | "STANDARD" | "DAYLIGHT")
}

fn refuse(line: usize, field: &str, problem: Reason) -> Error {
    Error::BadInput(Reason::CalendarRefused { line, field: field.to_owned(), problem: Box::new(problem) })
}

/// The component tree of the file, or the first structural error.
/// The properties read below (of events and time zones); the others are dropped as they are read.
const KEPT: &[&str] = &[
    "DTSTART",
    "DTEND",
    "DURATION",
    "RECURRENCE-ID",
    "EXDATE",
    "RDATE",
    "STATUS",
    "ORGANIZER",
    "ATTENDEE",
    "LOCATION",
    "DESCRIPTION",
    "URL",
    "CONFERENCE",
    "SUMMARY",
    "TZID",
    "TZOFFSETTO",
    "RRULE",
];

/// The calendar's components, read one logical line at a time; returns them with the encoding
/// the text was read in.
fn read_tree(
    text: impl std::io::BufRead,
    ticker: &mut Ticker<'_>,
    warnings: &mut Vec<Problem>,
) -> Result<(Vec<Component>, &'static str)> {
    let mut logical = lines::Unfolded::new(text);
    let mut stack: Vec<Component> = Vec::new();
    let mut top: Vec<Component> = Vec::new();
    let mut i = 0usize;
    while let Some((line_no, raw)) = logical.next_line().map_err(super::read_failed)? {
        i += 1;
        if i.is_multiple_of(1024) {
            ticker.tick(logical.physical().consumed())?;
        }
        let prop = lines::parse_line(line_no, &raw).map_err(|e| refuse(e.line, "line", e.reason))?;
        match prop.name.as_str() {
            "BEGIN" => {
                let name = prop.value.trim().to_ascii_uppercase();
                if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                    return Err(refuse(prop.line, "BEGIN", Reason::NotComponentName { text: lines::excerpt(&name) }));
                }
                stack.push(Component { name, line: prop.line, ..Default::default() });
            }
            "END" => {
                let name = prop.value.trim().to_ascii_uppercase();
                let Some(mut open) = stack.pop() else {
                    return Err(refuse(prop.line, "END", Reason::EndClosesNothing { name }));
                };
                // Held until the file ends: without the room the list grew into.
                open.props.shrink_to_fit();
                if open.name != name {
                    return Err(refuse(
                        prop.line,
                        "END",
                        Reason::EndMismatch { name, open: open.name.clone(), line: open.line },
                    ));
                }
                match stack.last_mut() {
                    Some(_) if !is_read(&open.name) && open.children.is_empty() => {}
                    Some(parent) => parent.children.push(open),
                    None => top.push(open),
                }
            }
            // Only what an event or a time zone is read for is kept (a description can be long).
            _ if !KEPT.contains(&prop.name.as_str()) && stack.last().is_some() => {}
            _ => match stack.last_mut() {
                Some(c) if c.name == "VEVENT" => c.keep_raw(line_no, &raw),
                Some(c) => c.props.push(prop),
                // A comment some servers append after a complete calendar: nothing to lose.
                None if !top.is_empty() => warnings.push(Problem::warning(
                    None,
                    Some(prop.line),
                    prop.name.clone(),
                    Reason::PropertyAfterEnd {},
                )),
                None => return Err(refuse(prop.line, &prop.name, Reason::PropertyBeforeBegin {})),
            },
        }
    }
    if let Some(open) = stack.pop() {
        return Err(refuse(open.line, "END", Reason::NeverClosed { name: open.name.clone() }));
    }
    if top.is_empty() {
        return Err(Error::BadInput(Reason::NotACalendar {}));
    }
    Ok((top, logical.physical().encoding()))
}

/// A date or date-time value and whether it had a time.
#[derive(Debug, Clone, Copy)]
enum When {
    Date(NaiveDate),
    /// UTC (`Z`).
    Utc(NaiveDateTime),
    /// Local to a TZID, or floating.
    Local(NaiveDateTime, Option<usize>),
}

fn parse_when(value: &str, tzid: Option<usize>) -> Option<When> {
    let v = value.trim();
    if let Some(utc) = v.strip_suffix('Z') {
        return NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").ok().map(When::Utc);
    }
    if v.len() == 8 {
        return NaiveDate::parse_from_str(v, "%Y%m%d").ok().map(When::Date);
    }
    NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%S").ok().map(|t| When::Local(t, tzid))
}

/// `[+-]P[nW][nD][T[nH][nM][nS]]`, refused when absurd (over a hundred years) or malformed.
fn parse_duration(text: &str) -> Option<Duration> {
    let t = text.trim();
    let (sign, t) = match t.as_bytes().first()? {
        b'-' => (-1, &t[1..]),
        b'+' => (1, &t[1..]),
        _ => (1, t),
    };
    let t = t.strip_prefix('P')?;
    let mut seconds: i64 = 0;
    let mut number = String::new();
    let mut in_time = false;
    let mut any = false;
    for c in t.chars() {
        match c {
            '0'..='9' => number.push(c),
            'T' if !in_time && number.is_empty() => in_time = true,
            'W' | 'D' | 'H' | 'M' | 'S' => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                let unit = match (c, in_time) {
                    ('W', false) => 7 * 86_400,
                    ('D', false) => 86_400,
                    ('H', true) => 3_600,
                    ('M', true) => 60,
                    ('S', true) => 1,
                    _ => return None,
                };
                seconds = seconds.checked_add(n.checked_mul(unit)?)?;
                any = true;
            }
            _ => return None,
        }
    }
    if !number.is_empty() || !any || seconds > 100 * 366 * 86_400 {
        return None;
    }
    Some(Duration::seconds(sign * seconds))
}

/// A VTIMEZONE reduced to what an import needs: each onset month with the offset it brings.
struct Zone {
    id: String,
    /// `(month the rule starts, offset)`.
    rules: Vec<(u32, FixedOffset)>,
}

fn parse_offset(text: &str) -> Option<FixedOffset> {
    let t = text.trim();
    let sign = match t.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits = &t[1..];
    if !(digits.len() == 4 || digits.len() == 6) || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let h: i32 = digits[..2].parse().ok()?;
    let m: i32 = digits[2..4].parse().ok()?;
    let s: i32 = if digits.len() == 6 { digits[4..].parse().ok()? } else { 0 };
    FixedOffset::east_opt(sign * (h * 3600 + m * 60 + s))
}

fn zones(tree: &[Component]) -> Vec<Zone> {
    let mut out = Vec::new();
    let mut visit = |c: &Component| {
        for z in c.children.iter().filter(|c| c.name == "VTIMEZONE") {
            let Some(id) = z.prop("TZID").map(|p| p.value.trim().to_owned()) else { continue };
            let mut rules = Vec::new();
            for part in z.children.iter().filter(|c| c.name == "STANDARD" || c.name == "DAYLIGHT") {
                let offset = part.prop("TZOFFSETTO").and_then(|p| parse_offset(&p.value));
                let month = part
                    .prop("RRULE")
                    .and_then(|r| r.value.split(';').find_map(|kv| kv.strip_prefix("BYMONTH=")))
                    .and_then(|m| m.split(',').next()?.parse::<u32>().ok())
                    .or_else(|| part.prop("DTSTART").and_then(|d| parse_when(&d.value, None)).map(|w| month_of(&w)));
                if let (Some(o), Some(m)) = (offset, month) {
                    rules.push((m, o));
                }
            }
            rules.sort_by_key(|(m, _)| *m);
            out.push(Zone { id, rules });
        }
    };
    for c in tree {
        visit(c);
    }
    out
}

fn month_of(w: &When) -> u32 {
    match w {
        When::Date(d) => d.month(),
        When::Utc(t) | When::Local(t, _) => t.month(),
    }
}

/// The rule in force in `month`: the last onset at or before it, else the year's last one.
fn zone_offset(zone: &Zone, month: u32) -> Option<FixedOffset> {
    zone.rules.iter().rev().find(|(m, _)| *m <= month).or(zone.rules.last()).map(|(_, o)| *o)
}

fn instant(w: When, zones: &[Zone]) -> Option<DateTime<FixedOffset>> {
    let utc = FixedOffset::east_opt(0)?;
    match w {
        When::Date(d) => utc.from_local_datetime(&d.and_hms_opt(0, 0, 0)?).single(),
        When::Utc(t) => Some(Utc.from_utc_datetime(&t).fixed_offset()),
        When::Local(t, zone) => {
            let offset = zone.and_then(|z| zone_offset(&zones[z], t.month())).unwrap_or(utc);
            offset.from_local_datetime(&t).single()
        }
    }
}

fn email_of(p: &ContentLine) -> Option<String> {
    let v = p.value.trim();
    let lower = v.to_ascii_lowercase();
    let address = lower.strip_prefix("mailto:").map(|_| &v[7..]).unwrap_or(v).trim();
    address.contains('@').then(|| address.to_owned())
}

const MEETING_LINKS: &[&str] =
    &["zoom.us/", "meet.google.com/", "teams.microsoft.com/", "webex.com/", "whereby.com/", "meet.jit.si/"];

pub(crate) fn parse(text: impl std::io::BufRead, options: &ImportOptions, ticker: &mut Ticker<'_>) -> Result<Parsed> {
    let mut problems = Vec::new();
    let (tree, encoding) = read_tree(text, ticker, &mut problems)?;
    let mut parsed = Parsed::new(super::Format::Ics, encoding);
    parsed.problems = problems;
    let zones = zones(&tree);
    let me: Vec<String> = options.me.iter().map(|m| m.trim().trim_start_matches("mailto:").to_lowercase()).collect();
    let mut events: Vec<&Component> = Vec::new();
    fn collect<'a>(c: &'a Component, out: &mut Vec<&'a Component>) {
        if c.name == "VEVENT" {
            out.push(c);
        }
        for child in &c.children {
            collect(child, out);
        }
    }
    for c in &tree {
        collect(c, &mut events);
    }
    // First pass: every date of every event must read; one that does not refuses the file.
    for event in &events {
        let event = event.expanded();
        for p in &event.props {
            let tzid = p.param("TZID").map(|id| zones.iter().position(|z| z.id == id.trim()));
            match p.name.as_str() {
                "DTSTART" | "DTEND" | "RECURRENCE-ID" | "EXDATE" | "RDATE" => {
                    let is_time = p.param("VALUE").is_some_and(|v| v.eq_ignore_ascii_case("TIME"));
                    for v in p.value.split(',') {
                        if is_time {
                            let t = v.trim().trim_end_matches('Z');
                            if chrono::NaiveTime::parse_from_str(t, "%H%M%S").is_err() {
                                return Err(refuse(p.line, &p.name, Reason::NotATime { value: lines::excerpt(v) }));
                            }
                            continue;
                        }
                        // RDATE may hold periods: "start/end" or "start/duration".
                        let start = v.split('/').next().unwrap_or("");
                        let ok = parse_when(start, tzid.flatten()).is_some()
                            && v.split('/')
                                .nth(1)
                                .is_none_or(|end| parse_when(end, None).is_some() || parse_duration(end).is_some());
                        if !ok {
                            return Err(refuse(p.line, &p.name, Reason::NotDateOrTime { value: lines::excerpt(v) }));
                        }
                    }
                    if let Some(None) = tzid {
                        let id = p.param("TZID").unwrap_or("").trim();
                        if !matches!(id.to_ascii_uppercase().as_str(), "UTC" | "GMT" | "ETC/UTC" | "Z") {
                            parsed.problems.push(Problem::warning(
                                None,
                                Some(p.line),
                                p.name.clone(),
                                Reason::UnknownTimeZone { zone: id.to_owned() },
                            ));
                        }
                    }
                }
                "DURATION" if parse_duration(&p.value).is_none() => {
                    return Err(refuse(p.line, "DURATION", Reason::NotADuration { value: lines::excerpt(&p.value) }));
                }
                _ => {}
            }
        }
    }
    for (n, event) in events.iter().enumerate() {
        let event = &event.expanded();
        let record = Record { kind: "event", number: n + 1, line: Some(event.line) };
        let Some(start) = event.prop("DTSTART") else {
            parsed.problems.push(Problem::warning(Some(record), record.line, "DTSTART", Reason::EventNoStart {}));
            continue;
        };
        if event.prop("STATUS").is_some_and(|s| s.value.trim().eq_ignore_ascii_case("CANCELLED")) {
            continue;
        }
        let tz_of = |p: &ContentLine| p.param("TZID").and_then(|id| zones.iter().position(|z| z.id == id.trim()));
        let Some(begin) = parse_when(&start.value, tz_of(start)) else { continue };
        let Some(at) = instant(begin, &zones) else {
            parsed.problems.push(Problem::error(Some(record), Some(start.line), "DTSTART", Reason::NotRealInstant {}));
            continue;
        };
        let end = event
            .prop("DTEND")
            .and_then(|p| parse_when(&p.value, tz_of(p)).and_then(|w| instant(w, &zones)))
            .or_else(|| event.prop("DURATION").and_then(|d| parse_duration(&d.value)).map(|d| at + d));
        let timed = !matches!(begin, When::Date(_));
        let duration_min = end
            .filter(|_| timed)
            .map(|e| (e - at).num_minutes())
            .filter(|m| (0..=7 * 24 * 60).contains(m))
            .map(|m| m as u32);
        let organizer = event.prop("ORGANIZER").and_then(email_of);
        let organized_by_me = organizer.as_ref().is_none_or(|o| me.contains(&o.to_lowercase()));
        let mut participants: Vec<Who> = Vec::new();
        // A set beside the list: an event may name thousands of attendees.
        let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
        let people = event
            .props
            .iter()
            .filter(|p| p.name == "ATTENDEE")
            .filter(|p| !p.param("PARTSTAT").is_some_and(|s| s.eq_ignore_ascii_case("DECLINED")))
            .filter_map(email_of)
            .chain(organizer.clone());
        for email in people {
            let email = email.to_lowercase();
            if !me.contains(&email) && seen.insert(email.clone()) {
                participants.push(Who::Email(email));
            }
        }
        if event.props.iter().all(|p| p.name != "ATTENDEE") {
            // An event with nobody invited is a note in my calendar, not an exchange.
            continue;
        }
        let text_of = |name: &str| event.prop(name).map(|p| unescape(p.value.trim())).unwrap_or_default();
        let (location, description) = (text_of("LOCATION"), text_of("DESCRIPTION"));
        let haystack = format!("{location} {description} {}", text_of("URL")).to_lowercase();
        let channel = if MEETING_LINKS.iter().any(|l| haystack.contains(l)) || event.prop("CONFERENCE").is_some() {
            Channel::Video
        } else if !location.trim().is_empty() {
            Channel::InPerson
        } else {
            Channel::Event
        };
        let summary: String = text_of("SUMMARY").chars().take(2_000).collect();
        let interaction = IncomingInteraction {
            record,
            at,
            channel,
            initiated_by: if organized_by_me { Party::Me } else { Party::Them },
            duration_min,
            summary,
            participants,
            questions: Vec::new(),
            value_items: Vec::new(),
            original_id: None,
            // The organizer started it: with several attendees, the one to name.
            initiator: organizer.filter(|_| !organized_by_me).map(|o| Who::Email(o.to_lowercase())),
            in_reply_to: None,
        };
        ticker.interaction(&mut parsed, interaction)?;
    }
    parsed.records = events.len();
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_and_absurd_ones_refused() {
        assert_eq!(parse_duration("PT1H30M"), Some(Duration::minutes(90)));
        assert_eq!(parse_duration("P1W"), Some(Duration::days(7)));
        assert_eq!(parse_duration("-P1DT2H"), Some(-Duration::hours(26)));
        assert_eq!(parse_duration("P999999999999999999W"), None);
        assert_eq!(parse_duration("P1H"), None, "hours need the T");
        assert_eq!(parse_duration("P"), None);
    }

    #[test]
    fn offsets_and_zone_rules() {
        assert_eq!(parse_offset("-0500"), FixedOffset::west_opt(5 * 3600));
        assert_eq!(parse_offset("+053000"), FixedOffset::east_opt(5 * 3600 + 30 * 60));
        assert_eq!(parse_offset("0500"), None);
        let zone = Zone {
            id: "Europe/Paris".into(),
            rules: vec![(3, FixedOffset::east_opt(7200).unwrap()), (10, FixedOffset::east_opt(3600).unwrap())],
        };
        assert_eq!(zone_offset(&zone, 7), FixedOffset::east_opt(7200));
        assert_eq!(zone_offset(&zone, 1), FixedOffset::east_opt(3600), "January is still last October's rule");
    }
}
