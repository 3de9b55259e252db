//! Calendar import of recurring events and time zones (issue 16): a weekly one-to-one over a year
//! counts about fifty-two times, EXDATE and RECURRENCE-ID are applied, nothing after the import
//! date is imported, and a time just after a daylight saving change lands at the right instant.

use chrono::{DateTime, Duration, TimeZone, Utc};
use rapport_core::import::{self, ImportOptions, Parsed, Severity};
use rapport_core::{Reason, Store};

mod common;
use common::import::{apply, fixture};

const ME: &str = "me@rapport.test";

fn options() -> ImportOptions {
    ImportOptions { me: vec![ME.into()], ..Default::default() }
}

/// A calendar of `body` (events, time zones), the events organised by me with Ana invited.
fn calendar(body: &str) -> String {
    format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{body}END:VCALENDAR\r\n")
}

fn event(uid: &str, lines: &str) -> String {
    format!(
        "BEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:1:1 with Ana\r\nORGANIZER:mailto:{ME}\r\n\
         ATTENDEE;PARTSTAT=ACCEPTED:mailto:ana@example.com\r\n{lines}END:VEVENT\r\n"
    )
}

fn parse(text: &str) -> Parsed {
    common::import::parse(text, "calendar.ics", &options())
}

fn times(parsed: &Parsed) -> Vec<String> {
    parsed.interactions.iter().map(|i| i.at.to_rfc3339()).collect()
}

fn reasons(parsed: &Parsed) -> Vec<&Reason> {
    parsed.problems.iter().map(|p| &p.reason).collect()
}

fn store_with_ana() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\nEMAIL:ana@example.com\r\nEND:VCARD\r\n";
    apply(&mut store, &common::import::parse(card, "ana.vcf", &ImportOptions::default()), &ImportOptions::default());
    store
}

#[test]
fn a_weekly_one_to_one_for_a_year_counts_fifty_two_times_and_once_on_a_second_import() {
    // Mondays at 10:00 in Paris from 8 January to 30 December 2024.
    let text = calendar(&event(
        "weekly-ana",
        "DTSTART;TZID=Europe/Paris:20240108T100000\r\nDTEND;TZID=Europe/Paris:20240108T103000\r\n\
         RRULE:FREQ=WEEKLY;UNTIL=20241231T000000Z\r\n",
    ));
    let parsed = parse(&text);
    let at = times(&parsed);
    assert_eq!(at.len(), 52, "{at:?}");
    assert_eq!(at[0], "2024-01-08T10:00:00+01:00");
    assert_eq!(at[26], "2024-07-08T10:00:00+02:00", "still 10:00 on the wall clock in summer");
    assert_eq!(at[51], "2024-12-30T10:00:00+01:00");
    assert!(parsed.interactions.iter().all(|i| i.duration_min == Some(30)));
    assert_eq!(reasons(&parsed), [&Reason::RecurringEventPast { occurrences: 52 }]);
    assert_eq!(parsed.problems[0].severity, Severity::Warning);

    let mut store = store_with_ana();
    let first = apply(&mut store, &parsed, &options());
    assert_eq!((first.interactions_created, first.interactions_duplicate), (52, 0));
    let again = apply(&mut store, &parse(&text), &options());
    assert_eq!((again.interactions_created, again.interactions_duplicate), (0, 52), "re-importing adds nothing");
}

#[test]
fn an_exdate_removes_one_occurrence_and_a_recurrence_id_moves_one() {
    let text = calendar(&format!(
        "{}{}",
        event(
            "moved",
            "DTSTART;TZID=Europe/Paris:20240108T100000\r\nRRULE:FREQ=WEEKLY;COUNT=5\r\n\
             EXDATE;TZID=Europe/Paris:20240122T100000\r\n",
        ),
        // The 15 January occurrence moved to Tuesday afternoon.
        event(
            "moved",
            "RECURRENCE-ID;TZID=Europe/Paris:20240115T100000\r\nDTSTART;TZID=Europe/Paris:20240116T150000\r\n",
        ),
    ));
    let parsed = parse(&text);
    assert_eq!(
        times(&parsed),
        [
            "2024-01-08T10:00:00+01:00",
            "2024-01-29T10:00:00+01:00",
            "2024-02-05T10:00:00+01:00",
            "2024-01-16T15:00:00+01:00"
        ]
    );
    assert_eq!(reasons(&parsed), [&Reason::RecurringEventPast { occurrences: 3 }]);
}

#[test]
fn a_cancelled_override_removes_its_occurrence_and_a_date_exdate_its_day() {
    let text = calendar(&format!(
        "{}{}",
        event("c", "DTSTART:20240101T090000Z\r\nRRULE:FREQ=DAILY;COUNT=4\r\nEXDATE;VALUE=DATE:20240103\r\n"),
        event("c", "RECURRENCE-ID:20240102T090000Z\r\nDTSTART:20240102T090000Z\r\nSTATUS:CANCELLED\r\n"),
    ));
    assert_eq!(times(&parse(&text)), ["2024-01-01T09:00:00+00:00", "2024-01-04T09:00:00+00:00"]);
}

#[test]
fn count_and_until_bound_a_rule() {
    let count = parse(&calendar(&event("n", "DTSTART:20240101T090000Z\r\nRRULE:FREQ=MONTHLY;COUNT=3\r\n")));
    assert_eq!(times(&count), ["2024-01-01T09:00:00+00:00", "2024-02-01T09:00:00+00:00", "2024-03-01T09:00:00+00:00"]);
    // A floating UNTIL is the event's own wall-clock time (New York), not the machine's.
    let until = parse(&calendar(&event(
        "u",
        "DTSTART;TZID=America/New_York:20240101T200000\r\nRRULE:FREQ=DAILY;UNTIL=20240103T200000\r\n",
    )));
    assert_eq!(times(&until), ["2024-01-01T20:00:00-05:00", "2024-01-02T20:00:00-05:00", "2024-01-03T20:00:00-05:00"]);
}

#[test]
fn an_endless_rule_stops_at_the_import_date_and_a_future_event_is_not_imported() {
    let start = Utc.with_ymd_and_hms(2025, 1, 6, 9, 0, 0).unwrap();
    let text = calendar(&format!(
        "{}{}{}",
        event("endless", "DTSTART:20250106T090000Z\r\nRRULE:FREQ=WEEKLY\r\n"),
        // Weekly from 1 December 2026 for two hundred weeks: mostly after the import date.
        event("long", "DTSTART:20261201T090000Z\r\nRRULE:FREQ=WEEKLY;COUNT=200\r\n"),
        event("later", "DTSTART:20990101T090000Z\r\n"),
    ));
    let before = Utc::now();
    let parsed = parse(&text);
    let after = Utc::now();
    let weeks_until =
        |now: DateTime<Utc>| ((now - start).num_seconds() / Duration::weeks(1).num_seconds() + 1) as usize;
    // The endless rule's occurrences are on Mondays, the long one's on Tuesdays.
    let endless = parsed.interactions.iter().filter(|i| i.at.format("%a").to_string() == "Mon").count();
    assert!((weeks_until(before)..=weeks_until(after)).contains(&endless), "{endless} weekly occurrences to now");
    assert!(parsed.interactions.iter().all(|i| i.at.with_timezone(&Utc) <= after), "nothing after the import date");
    let long_past = parsed.interactions.len() - endless;
    assert_eq!(
        reasons(&parsed),
        [
            &Reason::RecurringEventEndless { occurrences: endless },
            &Reason::RecurringEvent { occurrences: long_past, future: 200 - long_past },
            &Reason::FutureEventsLeftOut { n: 1 },
        ]
    );
}

#[test]
fn a_time_just_after_a_daylight_saving_change_lands_at_the_right_instant() {
    // A zone named but not described: the real rules (New York went to summer time on 10 March
    // 2024), not UTC.
    let named = parse(&calendar(&event("ny", "DTSTART;TZID=America/New_York:20240311T090000\r\n")));
    assert_eq!(times(&named), ["2024-03-11T09:00:00-04:00"]);
    assert!(named.problems.is_empty(), "{:?}", named.problems);
    // A zone only the file describes (Outlook's custom name, central European rules): the day
    // before and the day after the change of 31 March 2024.
    let custom = "BEGIN:VTIMEZONE\r\nTZID:Customized Time Zone\r\n\
        BEGIN:STANDARD\r\nDTSTART:16011028T030000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n\
        TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n\
        BEGIN:DAYLIGHT\r\nDTSTART:16010325T020000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n\
        TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n";
    let described = parse(&calendar(&format!(
        "{custom}{}{}",
        event("before", "DTSTART;TZID=Customized Time Zone:20240330T100000\r\n"),
        event("after", "DTSTART;TZID=Customized Time Zone:20240331T100000\r\n"),
    )));
    assert_eq!(times(&described), ["2024-03-30T10:00:00+01:00", "2024-03-31T10:00:00+02:00"]);
    // A Windows name.
    let windows = parse(&calendar(&event("w", "DTSTART;TZID=\"Pacific Standard Time\":20241104T090000\r\n")));
    assert_eq!(times(&windows), ["2024-11-04T09:00:00-08:00"]);
}

#[test]
fn an_unreadable_rule_is_an_error_naming_it() {
    let parsed = parse(&calendar(&event("bad", "DTSTART:20240101T090000Z\r\nRRULE:FREQ=SOMETIMES\r\n")));
    assert!(parsed.interactions.is_empty());
    let problem = &parsed.problems[0];
    assert_eq!((problem.severity, problem.field.as_str()), (Severity::Error, "RRULE"));
    assert!(problem.message.contains("FREQ=SOMETIMES"), "{}", problem.message);
}

fn corpus(name: &str) -> Parsed {
    common::import::parse(
        std::fs::read(fixture("corpus/ics-recur").join(name)).unwrap(),
        name,
        &ImportOptions::default(),
    )
}

#[test]
fn corpus_a_monthly_rule_with_a_floating_until_and_rdates() {
    // First Tuesdays from 2 October 2012 to the floating UNTIL of 31 December, plus two RDATEs;
    // Los Angeles left summer time on 4 November.
    let parsed = corpus("ical.js_recur_instances_finite.ics");
    let mut at = times(&parsed);
    at.sort();
    assert_eq!(
        at,
        [
            "2012-10-02T10:00:00-07:00",
            "2012-11-05T10:00:00-08:00",
            "2012-11-06T10:00:00-08:00",
            "2012-11-10T10:00:00-08:00",
            "2012-12-04T10:00:00-08:00"
        ]
    );
}

#[test]
fn corpus_two_rules_in_one_event_are_both_expanded() {
    // Weekly on Mondays from 26 March 2012, and every Sunday (a monthly rule on each Sunday), both
    // until 30 July 06:59:59 UTC: 18 Mondays (26 March to 23 July) and 18 Sundays (1 April to
    // 29 July).
    let parsed = corpus("ical.js_multiple_rrules.ics");
    assert_eq!(parsed.interactions.len(), 36);
    let sundays = parsed.interactions.iter().filter(|i| i.at.format("%a").to_string() == "Sun").count();
    assert_eq!(sundays, 18);
    assert_eq!(reasons(&parsed), [&Reason::RecurringEventPast { occurrences: 36 }]);
}

#[test]
fn every_recurrence_corpus_file_reads_without_error_but_the_broken_one() {
    let dir = fixture("corpus/ics-recur");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ics"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 16);
    for name in names {
        let bytes = std::fs::read(fixture("corpus/ics-recur").join(&name)).unwrap();
        let result = import::parse(&bytes, &name, &ImportOptions::default(), &mut |_| true);
        if name == "icalendar_timezone_rdate.ics" {
            // A fuzzed file: "SUMMARY=testevent" has no colon.
            let refused = result.unwrap_err().to_string();
            assert!(refused.contains("line 53"), "{refused}");
            continue;
        }
        let parsed = result.unwrap_or_else(|e| panic!("{name}: {e}"));
        let errors: Vec<_> = parsed.problems.iter().filter(|p| p.severity == Severity::Error).collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
}
