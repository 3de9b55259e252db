//! iCalendar (`.ics`, RFC 5545): each event with attendees becomes an interaction with the
//! attendees who are known contacts (matched by email; nobody is created from a calendar).
//!
//! The whole file is checked first: every line must be a property, every BEGIN must meet its END,
//! and in each event the dates (DTSTART, DTEND, RECURRENCE-ID, EXDATE, RDATE) and DURATION must be
//! readable. A file that fails is refused as a whole with the line and property named: a calendar
//! that half-parses is more likely corrupt than partly right.
//!
//! An event becomes one interaction at its start, lasting DTEND − DTSTART (or DURATION) when
//! under a week; a recurring event (RRULE, RDATE) one per occurrence (see [`super::recur`]), less
//! its EXDATEs and the occurrences another VEVENT of the same UID overrides (RECURRENCE-ID: that
//! one imports at its own start). Only what happened by the import date is imported: a later
//! event or occurrence is left out and counted in the preview; `video` when its location or description holds
//! a meeting link, `in_person` when it has a location, `event` otherwise; initiated by me when I am
//! the organiser (or there is none), by them otherwise. Cancelled events and declined attendees are
//! left out. Times with a TZID use the zone's real rules: an IANA or Windows name through
//! chrono-tz, else the file's VTIMEZONE; a TZID neither names nor describes is read as UTC, with a
//! warning. Each interaction keeps the zone's UTC offset at its instant.

use std::collections::HashMap;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

use super::lines::{self, unescape, ContentLine};
use super::recur::{self, Observance, Rules};
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
    "TZOFFSETFROM",
    "RRULE",
    "UID",
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
        // Google writes its birthdays' RDATEs as dates with a Z: read as the date.
        if utc.len() == 8 {
            return NaiveDate::parse_from_str(utc, "%Y%m%d").ok().map(When::Date);
        }
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

/// A TZID of the file and the rules it resolves to (`None`: read as UTC, with a warning).
struct Zone {
    id: String,
    rules: Option<Rules>,
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

/// The zones the file describes, each resolved by its name when it names a real zone and by its
/// observances otherwise; transitions are worked out up to `horizon` (UTC).
fn zones(tree: &[Component], horizon: NaiveDateTime) -> Vec<Zone> {
    let mut out = Vec::new();
    for c in tree {
        for z in c.children.iter().filter(|c| c.name == "VTIMEZONE") {
            let Some(id) = z.prop("TZID").map(|p| p.value.trim().to_owned()) else { continue };
            let observances: Vec<Observance> = z
                .children
                .iter()
                .filter(|c| c.name == "STANDARD" || c.name == "DAYLIGHT")
                .filter_map(|part| {
                    let to = part.prop("TZOFFSETTO").and_then(|p| parse_offset(&p.value))?;
                    let from = part.prop("TZOFFSETFROM").and_then(|p| parse_offset(&p.value)).unwrap_or(to);
                    let local = |v: &str| match parse_when(v, None)? {
                        When::Date(d) => d.and_hms_opt(0, 0, 0),
                        When::Utc(t) | When::Local(t, _) => Some(t),
                    };
                    let start = local(&part.prop("DTSTART")?.value)?;
                    let rdates = part
                        .props
                        .iter()
                        .filter(|p| p.name == "RDATE")
                        .flat_map(|p| p.value.split(',').filter_map(local).collect::<Vec<_>>())
                        .collect();
                    Some(Observance { start, from, to, rrule: part.prop("RRULE").map(|r| r.value.clone()), rdates })
                })
                .collect();
            let rules = recur::named_zone(&id).map(Rules::Iana).or_else(|| recur::observed(&observances, horizon));
            out.push(Zone { id, rules });
        }
    }
    out
}

/// The index of a TZID among `zones`, adding a zone the file names without describing it.
fn zone_index(zones: &mut Vec<Zone>, id: &str) -> usize {
    let id = id.trim();
    if let Some(i) = zones.iter().position(|z| z.id == id) {
        return i;
    }
    zones.push(Zone { id: id.to_owned(), rules: recur::named_zone(id).map(Rules::Iana) });
    zones.len() - 1
}

fn instant(w: When, zones: &[Zone]) -> Option<DateTime<FixedOffset>> {
    let utc = FixedOffset::east_opt(0)?;
    match w {
        When::Date(d) => utc.from_local_datetime(&d.and_hms_opt(0, 0, 0)?).single(),
        When::Utc(t) => Some(Utc.from_utc_datetime(&t).fixed_offset()),
        When::Local(t, zone) => match zone.and_then(|z| zones[z].rules.as_ref()) {
            Some(rules) => rules.instant(t),
            None => utc.from_local_datetime(&t).single(),
        },
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

/// Occurrences of one event up to the import date past this many are refused: no meeting recurs
/// that often. Also the most later occurrences counted for the preview.
const MAX_OCCURRENCES: u16 = 20_000;

pub(crate) fn parse(text: impl std::io::BufRead, options: &ImportOptions, ticker: &mut Ticker<'_>) -> Result<Parsed> {
    // The import date: later events and occurrences are left out.
    let now = crate::time::utc(crate::time::now());
    let mut problems = Vec::new();
    let (tree, encoding) = read_tree(text, ticker, &mut problems)?;
    let mut parsed = Parsed::new(super::Format::Ics, encoding);
    parsed.problems = problems;
    let now_utc = now.naive_utc();
    let mut zones = zones(&tree, now_utc + Duration::days(800));
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
    // It also notes, by UID, the occurrences that another VEVENT overrides (RECURRENCE-ID).
    let mut overridden: HashMap<String, Vec<When>> = HashMap::new();
    for event in &events {
        let event = event.expanded();
        for p in &event.props {
            let tzid = p.param("TZID").map(|id| zone_index(&mut zones, id));
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
                        let ok = parse_when(start, tzid).is_some()
                            && v.split('/')
                                .nth(1)
                                .is_none_or(|end| parse_when(end, None).is_some() || parse_duration(end).is_some());
                        if !ok {
                            return Err(refuse(p.line, &p.name, Reason::NotDateOrTime { value: lines::excerpt(v) }));
                        }
                    }
                    if p.name == "RECURRENCE-ID" {
                        if let (Some(uid), Some(w)) = (event.prop("UID"), parse_when(&p.value, tzid)) {
                            overridden.entry(uid.value.trim().to_owned()).or_default().push(w);
                        }
                    }
                    if let Some(z) = tzid.filter(|z| zones[*z].rules.is_none()) {
                        let id = zones[z].id.clone();
                        if !matches!(id.to_ascii_uppercase().as_str(), "UTC" | "GMT" | "ETC/UTC" | "Z") {
                            parsed.problems.push(Problem::warning(
                                None,
                                Some(p.line),
                                p.name.clone(),
                                Reason::UnknownTimeZone { zone: id },
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
    let zones = zones;
    let mut future_events = 0usize;
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
        if event.props.iter().all(|p| p.name != "ATTENDEE") {
            // An event with nobody invited is a note in my calendar, not an exchange.
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
        let starts = match occurrences(event, begin, at, &zones, tz_of, &overridden, now_utc) {
            Ok(Some(o)) => {
                let occurrences = o.past.len();
                let reason = if o.endless {
                    Reason::RecurringEventEndless { occurrences }
                } else if o.future == 0 {
                    // Nothing is left out, so the sentence says nothing about later ones.
                    Reason::RecurringEventPast { occurrences }
                } else {
                    Reason::RecurringEvent { occurrences, future: o.future }
                };
                parsed.problems.push(Problem::warning(Some(record), record.line, o.field, reason));
                o.past
            }
            Ok(None) if at.naive_utc() > now_utc => {
                future_events += 1;
                continue;
            }
            Ok(None) => vec![at],
            Err((line, rule, problem)) => {
                let reason = Reason::RuleUnreadable { rule: lines::excerpt(&rule), problem };
                parsed.problems.push(Problem::error(Some(record), Some(line), "RRULE", reason));
                continue;
            }
        };
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
        for at in starts {
            let interaction = IncomingInteraction {
                record,
                at,
                channel,
                initiated_by: if organized_by_me { Party::Me } else { Party::Them },
                duration_min,
                summary: summary.clone(),
                participants: participants.clone(),
                questions: Vec::new(),
                value_items: Vec::new(),
                original_id: None,
                // The organizer started it: with several attendees, the one to name.
                initiator: organizer.as_ref().filter(|_| !organized_by_me).map(|o| Who::Email(o.to_lowercase())),
                in_reply_to: None,
                source_keys: Vec::new(),
                reply_key: None,
            };
            ticker.interaction(&mut parsed, interaction)?;
        }
    }
    if future_events > 0 {
        parsed.problems.push(Problem::warning(None, None, "DTSTART", Reason::FutureEventsLeftOut { n: future_events }));
    }
    parsed.records = events.len();
    Ok(parsed)
}

/// A recurring event's occurrences up to the import date, and how many come after.
struct Occurrences {
    past: Vec<DateTime<FixedOffset>>,
    future: usize,
    /// A rule without end, or with more later occurrences than counted: `future` is not their number.
    endless: bool,
    /// The property that made it recur (RRULE or RDATE), for the preview.
    field: &'static str,
}

/// The occurrences of a recurring event (`None` for an event that happens once, or that overrides
/// one occurrence of another): DTSTART, each RRULE's and RDATE's, less EXDATE and the occurrences
/// overridden elsewhere in the file. An RRULE that cannot be expanded is `Err((line, rule, why))`.
fn occurrences(
    event: &Component,
    begin: When,
    at: DateTime<FixedOffset>,
    zones: &[Zone],
    tz_of: impl Fn(&ContentLine) -> Option<usize>,
    overridden: &HashMap<String, Vec<When>>,
    now: NaiveDateTime,
) -> std::result::Result<Option<Occurrences>, (usize, String, String)> {
    let rules: Vec<&ContentLine> = event.props.iter().filter(|p| p.name == "RRULE").collect();
    let rdates: Vec<&ContentLine> = event.props.iter().filter(|p| p.name == "RDATE").collect();
    if event.prop("RECURRENCE-ID").is_some() || (rules.is_empty() && rdates.is_empty()) {
        return Ok(None);
    }
    let (wall, zone) = match begin {
        When::Date(d) => (d.and_hms_opt(0, 0, 0).unwrap_or_default(), None),
        When::Utc(t) => (t, None),
        When::Local(t, z) => (t, z.and_then(|z| zones[z].rules.as_ref())),
    };
    // The event's wall-clock time back to an instant, in the event's own terms (date, UTC, zone).
    let place = |t: NaiveDateTime| -> Option<DateTime<FixedOffset>> {
        match begin {
            When::Date(_) | When::Utc(_) => Some(Utc.from_utc_datetime(&t).fixed_offset()),
            When::Local(_, z) => instant(When::Local(t, z), zones),
        }
    };
    let to_wall = |utc: NaiveDateTime| {
        zone.map_or(utc, |r| utc + Duration::seconds(i64::from(r.offset_at(utc).local_minus_utc())))
    };
    // A day beyond now in wall-clock time: the exact cut is made on instants below.
    let stop = to_wall(now) + Duration::days(1);
    let mut all: Vec<DateTime<FixedOffset>> = vec![at];
    let mut endless = false;
    for rule in &rules {
        // Cut at the import date, a rule with an end too (only the past is imported, and only it
        // counts toward the limit); its later occurrences are counted for the preview, up to the
        // limit again, past which it reads as without end.
        let expanded = recur::expand(&rule.value, wall, to_wall, stop, MAX_OCCURRENCES, MAX_OCCURRENCES)
            .map_err(|why| (rule.line, rule.value.trim().to_owned(), why))?;
        endless |= expanded.endless || expanded.later_uncounted;
        all.extend(expanded.occurrences.into_iter().filter_map(place));
    }
    for p in &rdates {
        for v in p.value.split(',') {
            let start = v.split('/').next().unwrap_or("");
            all.extend(parse_when(start, tz_of(p)).and_then(|w| instant(w, zones)));
        }
    }
    all.sort_by_key(|t| t.timestamp());
    all.dedup_by_key(|t| t.timestamp());
    // Left out: each EXDATE and each occurrence another VEVENT overrides.
    let mut removed: Vec<When> = Vec::new();
    for p in event.props.iter().filter(|p| p.name == "EXDATE") {
        removed.extend(p.value.split(',').filter_map(|v| parse_when(v, tz_of(p))));
    }
    if let Some(uid) = event.prop("UID") {
        removed.extend(overridden.get(uid.value.trim()).into_iter().flatten().copied());
    }
    all.retain(|t| {
        !removed.iter().any(|w| match w {
            // A date removes the occurrence of that day (its wall-clock day).
            When::Date(d) => t.naive_local().date() == *d,
            w => instant(*w, zones).is_some_and(|r| r.timestamp() == t.timestamp()),
        })
    });
    let cut = all.partition_point(|t| t.naive_utc() <= now);
    let future = all.len() - cut;
    all.truncate(cut);
    Ok(Some(Occurrences { past: all, future, endless, field: if rules.is_empty() { "RDATE" } else { "RRULE" } }))
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
    fn offsets_read() {
        assert_eq!(parse_offset("-0500"), FixedOffset::west_opt(5 * 3600));
        assert_eq!(parse_offset("+053000"), FixedOffset::east_opt(5 * 3600 + 30 * 60));
        assert_eq!(parse_offset("0500"), None);
    }
}
