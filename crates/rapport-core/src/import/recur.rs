//! Time zones and recurrence rules of a calendar file.
//!
//! A TZID is read, in this order, as an IANA zone (chrono-tz's rules, also when a path such as
//! `/mozilla.org/20050126_1/Europe/Berlin` prefixes it), as a Windows zone name (the common ones),
//! or through the file's own VTIMEZONE: its STANDARD and DAYLIGHT observances give the instants
//! where the offset changes. IANA rules come first because files often carry only the current
//! year's rules, which are wrong for older events.
//!
//! A recurrence (RRULE) is expanded by the `rrule` crate on wall-clock times (recurrences repeat
//! at the same local time across daylight saving changes); each occurrence is then placed in its
//! zone.

use std::str::FromStr;

use chrono::{DateTime, Duration, FixedOffset, NaiveDateTime, Offset, TimeZone};

/// What a TZID resolves to.
#[derive(Debug, Clone)]
pub(super) enum Rules {
    Iana(chrono_tz::Tz),
    /// A VTIMEZONE's transitions: `(UTC instant, offset from then on)`, sorted, with the offset
    /// in force before the first.
    Observed {
        before: FixedOffset,
        changes: Vec<(NaiveDateTime, FixedOffset)>,
    },
}

/// Windows names (Outlook, Exchange) of the zones most calendars use, with their IANA zone.
const WINDOWS_ZONES: &[(&str, &str)] = &[
    ("GMT Standard Time", "Europe/London"),
    ("Greenwich Standard Time", "Atlantic/Reykjavik"),
    ("W. Europe Standard Time", "Europe/Berlin"),
    ("Romance Standard Time", "Europe/Paris"),
    ("Central Europe Standard Time", "Europe/Budapest"),
    ("Central European Standard Time", "Europe/Warsaw"),
    ("E. Europe Standard Time", "Europe/Chisinau"),
    ("FLE Standard Time", "Europe/Kiev"),
    ("GTB Standard Time", "Europe/Bucharest"),
    ("Russian Standard Time", "Europe/Moscow"),
    ("Eastern Standard Time", "America/New_York"),
    ("Central Standard Time", "America/Chicago"),
    ("Mountain Standard Time", "America/Denver"),
    ("US Mountain Standard Time", "America/Phoenix"),
    ("Pacific Standard Time", "America/Los_Angeles"),
    ("Alaskan Standard Time", "America/Anchorage"),
    ("Hawaiian Standard Time", "Pacific/Honolulu"),
    ("Atlantic Standard Time", "America/Halifax"),
    ("E. South America Standard Time", "America/Sao_Paulo"),
    ("India Standard Time", "Asia/Kolkata"),
    ("China Standard Time", "Asia/Shanghai"),
    ("Tokyo Standard Time", "Asia/Tokyo"),
    ("Korea Standard Time", "Asia/Seoul"),
    ("Singapore Standard Time", "Asia/Singapore"),
    ("Arabian Standard Time", "Asia/Dubai"),
    ("Israel Standard Time", "Asia/Jerusalem"),
    ("South Africa Standard Time", "Africa/Johannesburg"),
    ("AUS Eastern Standard Time", "Australia/Sydney"),
    ("New Zealand Standard Time", "Pacific/Auckland"),
    ("UTC", "UTC"),
];

/// The IANA or Windows zone a TZID names, if any.
pub(super) fn named_zone(tzid: &str) -> Option<chrono_tz::Tz> {
    let id = tzid.trim().trim_matches('"');
    if let Some((_, iana)) = WINDOWS_ZONES.iter().find(|(name, _)| name.eq_ignore_ascii_case(id)) {
        return chrono_tz::Tz::from_str(iana).ok();
    }
    // The whole id, then without each leading path segment in turn.
    let mut rest = id;
    loop {
        if let Ok(tz) = chrono_tz::Tz::from_str(rest) {
            return Some(tz);
        }
        rest = rest.split_once('/')?.1;
    }
}

/// One STANDARD or DAYLIGHT part of a VTIMEZONE, as read from the file.
pub(super) struct Observance {
    /// The first onset, in the local time in force before it (TZOFFSETFROM).
    pub start: NaiveDateTime,
    pub from: FixedOffset,
    pub to: FixedOffset,
    pub rrule: Option<String>,
    /// Further onsets (RDATE), local like `start`.
    pub rdates: Vec<NaiveDateTime>,
}

/// The transitions of a VTIMEZONE up to `horizon` (UTC); `None` when it has no usable observance.
pub(super) fn observed(observances: &[Observance], horizon: NaiveDateTime) -> Option<Rules> {
    let mut changes: Vec<(NaiveDateTime, FixedOffset, FixedOffset)> = Vec::new();
    for o in observances {
        let mut onsets = vec![o.start];
        onsets.extend(&o.rdates);
        if let Some(rule) = &o.rrule {
            // The horizon as this observance's local time; a rule that does not read adds nothing
            // beyond its first onset (the zone stays usable).
            let until_local = horizon + Duration::seconds(i64::from(o.from.local_minus_utc()));
            if let Ok(expanded) = expand(
                rule,
                o.start,
                |utc| utc + Duration::seconds(i64::from(o.from.local_minus_utc())),
                until_local,
                4_000,
                0,
            ) {
                onsets.extend(expanded.occurrences);
            }
        }
        for onset in onsets {
            let utc = onset - Duration::seconds(i64::from(o.from.local_minus_utc()));
            if utc <= horizon {
                changes.push((utc, o.from, o.to));
            }
        }
    }
    changes.sort_by_key(|c| c.0);
    changes.dedup_by_key(|c| c.0);
    let before = changes.first()?.1;
    Some(Rules::Observed { before, changes: changes.into_iter().map(|(at, _, to)| (at, to)).collect() })
}

impl Rules {
    /// The offset in force at a UTC instant.
    pub(super) fn offset_at(&self, utc: NaiveDateTime) -> FixedOffset {
        match self {
            Rules::Iana(tz) => tz.offset_from_utc_datetime(&utc).fix(),
            Rules::Observed { before, changes } => {
                let n = changes.partition_point(|(at, _)| *at <= utc);
                if n == 0 {
                    *before
                } else {
                    changes[n - 1].1
                }
            }
        }
    }

    /// The instant of a local time: the earlier one when the clocks go back and the time happens
    /// twice, and, when it does not exist (clocks go forward), read with the offset before the gap
    /// (RFC 5545, 3.3.5).
    pub(super) fn instant(&self, local: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
        let candidates: Vec<FixedOffset> = match self {
            Rules::Iana(tz) => {
                return match tz.from_local_datetime(&local) {
                    chrono::LocalResult::Single(t) => Some(t.fixed_offset()),
                    chrono::LocalResult::Ambiguous(a, b) => Some(a.min(b).fixed_offset()),
                    chrono::LocalResult::None => self.gap(local),
                }
            }
            Rules::Observed { before, changes } => {
                let mut all: Vec<FixedOffset> = changes.iter().map(|c| c.1).collect();
                all.push(*before);
                all.sort_by_key(|o| o.local_minus_utc());
                all.dedup();
                all
            }
        };
        candidates
            .into_iter()
            .filter_map(|o| {
                let utc = local - Duration::seconds(i64::from(o.local_minus_utc()));
                (self.offset_at(utc) == o).then(|| o.from_utc_datetime(&utc))
            })
            .min()
            .or_else(|| self.gap(local))
    }

    fn gap(&self, local: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
        // Changes are months apart: a day earlier, the offset before the gap is in force.
        let before = self.offset_at(local - Duration::days(1));
        let utc = local - Duration::seconds(i64::from(before.local_minus_utc()));
        Some(self.offset_at(utc).from_utc_datetime(&utc))
    }
}

/// A recurrence rule's occurrences (wall-clock times, the start included when it matches the rule).
pub(super) struct Expanded {
    /// Those up to `stop`, then, for a rule with an end, up to `later_limit` after it.
    pub occurrences: Vec<NaiveDateTime>,
    /// The rule has neither COUNT nor UNTIL.
    pub endless: bool,
    /// The rule has an end, but more than `later_limit` occurrences after `stop`: those past the
    /// limit were not counted.
    pub later_uncounted: bool,
}

/// Why a rule could not be expanded, for the user.
pub(super) type RuleError = String;

/// Expands an RRULE value from `start` (wall-clock) up to `stop` (wall-clock), then, when the
/// rule ends (COUNT or UNTIL), up to `later_limit` more, so that the caller can say how many
/// come later. `until_to_local` turns a UTC UNTIL into the event's wall-clock time. Refuses a rule
/// with more than `limit` occurrences up to `stop` (a minutely rule over years is not a meeting);
/// the later ones do not count toward it (a daily stand-up until 2099 is fine). COUNT counts from
/// `start` whatever the cut: the tenth occurrence is the tenth.
pub(super) fn expand(
    rule: &str,
    start: NaiveDateTime,
    until_to_local: impl Fn(NaiveDateTime) -> NaiveDateTime,
    stop: NaiveDateTime,
    limit: u16,
    later_limit: u16,
) -> Result<Expanded, RuleError> {
    // UNTIL is read here, not by the crate: a floating UNTIL would be read in the machine's zone.
    let mut until = None;
    let mut parts = Vec::new();
    for part in rule.trim().split(';').filter(|p| !p.is_empty()) {
        match part.split_once('=') {
            Some((key, value)) if key.trim().eq_ignore_ascii_case("UNTIL") => {
                let value = value.trim();
                until = Some(if let Some(utc) = value.strip_suffix('Z') {
                    until_to_local(parse_local(utc).ok_or_else(|| format!("UNTIL={value} is not a date or date-time"))?)
                } else if value.len() == 8 {
                    // A date: the whole day.
                    chrono::NaiveDate::parse_from_str(value, "%Y%m%d")
                        .map_err(|_| format!("UNTIL={value} is not a date"))?
                        .and_hms_opt(23, 59, 59)
                        .ok_or_else(|| format!("UNTIL={value} is not a date"))?
                } else {
                    parse_local(value).ok_or_else(|| format!("UNTIL={value} is not a date or date-time"))?
                });
            }
            _ => parts.push(part),
        }
    }
    let unvalidated: rrule::RRule<rrule::Unvalidated> =
        parts.join(";").parse().map_err(|e: rrule::RRuleError| e.to_string())?;
    let endless = until.is_none() && unvalidated.get_count().is_none();
    let floating = |t: NaiveDateTime| rrule::Tz::UTC.from_utc_datetime(&t);
    let mut unvalidated = unvalidated;
    if let Some(until) = until {
        if until < start {
            // Ends before it starts: only the start itself.
            return Ok(Expanded { occurrences: vec![start], endless: false, later_uncounted: false });
        }
        unvalidated = unvalidated.until(floating(until));
    }
    // The crate's limits on (its guard against a rule that matches nothing for ever, such as
    // 30 February): its iterator then ends early.
    let set = unvalidated.build(floating(start)).map_err(|e| e.to_string())?.limit();
    let mut occurrences = Vec::new();
    let (mut before_stop, mut later) = (0u16, 0u16);
    let mut later_uncounted = false;
    for date in &set {
        let t = date.naive_utc();
        if t <= stop {
            if before_stop == limit {
                return Err(format!("more than {limit} occurrences up to the import date"));
            }
            before_stop += 1;
        } else if endless {
            break;
        } else if later == later_limit {
            later_uncounted = true;
            break;
        } else {
            later += 1;
        }
        occurrences.push(t);
    }
    Ok(Expanded { occurrences, endless, later_uncounted })
}

fn parse_local(text: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text.trim(), "%Y%m%dT%H%M%S").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        parse_local(text).unwrap()
    }

    #[test]
    fn zone_names_iana_prefixed_and_windows() {
        assert_eq!(named_zone("Europe/Paris"), Some(chrono_tz::Europe::Paris));
        assert_eq!(named_zone("/mozilla.org/20050126_1/Europe/Berlin"), Some(chrono_tz::Europe::Berlin));
        assert_eq!(named_zone("\"W. Europe Standard Time\""), Some(chrono_tz::Europe::Berlin));
        assert_eq!(named_zone("Customized Time Zone"), None);
    }

    #[test]
    fn a_vtimezone_s_observances_place_times_on_both_sides_of_a_change() {
        let hours = |h: i32| FixedOffset::east_opt(h * 3600).unwrap();
        let observances = [
            Observance {
                start: at("19700329T020000"),
                from: hours(1),
                to: hours(2),
                rrule: Some("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU".into()),
                rdates: vec![],
            },
            Observance {
                start: at("19701025T030000"),
                from: hours(2),
                to: hours(1),
                rrule: Some("FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU".into()),
                rdates: vec![],
            },
        ];
        let rules = observed(&observances, at("20300101T000000")).unwrap();
        // 2024's change was on 31 March at 02:00 local.
        assert_eq!(rules.instant(at("20240331T010000")).unwrap().to_rfc3339(), "2024-03-31T01:00:00+01:00");
        assert_eq!(rules.instant(at("20240331T030000")).unwrap().to_rfc3339(), "2024-03-31T03:00:00+02:00");
        // 02:30 does not exist that day: read with the offset before the gap.
        assert_eq!(rules.instant(at("20240331T023000")).unwrap().to_rfc3339(), "2024-03-31T03:30:00+02:00");
        // 27 October 2024, 02:30 happened twice: the first.
        assert_eq!(rules.instant(at("20241027T023000")).unwrap().to_rfc3339(), "2024-10-27T02:30:00+02:00");
    }

    #[test]
    fn count_until_and_an_endless_rule() {
        let id = |t| t;
        let weekly = expand("FREQ=WEEKLY;COUNT=3", at("20240101T090000"), id, at("20990101T000000"), 100, 100).unwrap();
        assert_eq!(weekly.occurrences, vec![at("20240101T090000"), at("20240108T090000"), at("20240115T090000")]);
        assert!(!weekly.endless);
        let until =
            expand("FREQ=DAILY;UNTIL=20240103", at("20240101T090000"), id, at("20990101T000000"), 100, 100).unwrap();
        assert_eq!(until.occurrences.len(), 3, "a date UNTIL includes its day");
        let endless = expand("FREQ=DAILY", at("20240101T090000"), id, at("20240111T000000"), 100, 100).unwrap();
        assert_eq!(endless.occurrences.len(), 10);
        assert!(endless.endless);
        assert!(expand("FREQ=MINUTELY", at("20240101T090000"), id, at("20250101T000000"), 100, 100).is_err());
        assert!(expand("FREQ=SOMETIMES", at("20240101T090000"), id, at("20250101T000000"), 100, 100).is_err());
    }

    #[test]
    fn a_rule_with_an_end_is_cut_at_stop_and_only_what_comes_before_counts_toward_the_limit() {
        let id = |t| t;
        let stop = at("20240103T120000");
        // Ten days, three by the stop: all ten come back, the later ones counted, the tenth the
        // tenth day from the start whatever the cut.
        let ten = expand("FREQ=DAILY;COUNT=10", at("20240101T090000"), id, stop, 5, 100).unwrap();
        assert_eq!(ten.occurrences.len(), 10);
        assert_eq!(ten.occurrences[9], at("20240110T090000"));
        assert!(!ten.endless && !ten.later_uncounted);
        // More later ones than counted: cut after `later_limit`, and said so.
        let capped = expand("FREQ=DAILY;UNTIL=20991231T090000", at("20240101T090000"), id, stop, 5, 4).unwrap();
        assert_eq!(capped.occurrences.len(), 3 + 4);
        assert!(!capped.endless && capped.later_uncounted);
        // The limit is on those by the stop: four past the limit of three is refused.
        let refused = expand("FREQ=DAILY;COUNT=10", at("20240101T090000"), id, at("20240104T120000"), 3, 100);
        assert_eq!(refused.err().unwrap(), "more than 3 occurrences up to the import date");
    }
}
