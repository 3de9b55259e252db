//! Calendar import of recurring events and time zones (issue 16): a weekly one-to-one over a year
//! counts about fifty-two times, EXDATE and RECURRENCE-ID are applied, nothing after the import
//! date is imported (a rule with an end is cut there too), a time just after a daylight saving
//! change lands at the right instant, and the imported ties get the measures worked out by hand.

use chrono::{DateTime, Duration, TimeZone, Timelike, Utc};
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

/// The calendar of the story below, small enough to check by hand. Ann: a weekly 30-minute video
/// one-to-one that I organise, Mondays 10:00 in Paris from 1 April 2024, thirty times (the 30th
/// is 21 October, still summer time: +02:00 throughout), without 16 September (EXDATE) and with
/// 30 September moved to Tuesday 1 October 15:00. Bob: lunch in person, an hour, that he
/// organises, on the 15th of each month at 12:00 UTC, eight times (15 March to 15 October).
const ANN_AND_BOB: &str = "BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Rapport test//EN
BEGIN:VEVENT
UID:ann-weekly
SUMMARY:1:1 Ann
DTSTART;TZID=Europe/Paris:20240401T100000
DTEND;TZID=Europe/Paris:20240401T103000
RRULE:FREQ=WEEKLY;COUNT=30
EXDATE;TZID=Europe/Paris:20240916T100000
LOCATION:https://zoom.us/j/1234
ORGANIZER:mailto:me@rapport.test
ATTENDEE;PARTSTAT=ACCEPTED:mailto:ann@example.com
END:VEVENT
BEGIN:VEVENT
UID:ann-weekly
RECURRENCE-ID;TZID=Europe/Paris:20240930T100000
SUMMARY:1:1 Ann (moved)
DTSTART;TZID=Europe/Paris:20241001T150000
DTEND;TZID=Europe/Paris:20241001T153000
LOCATION:https://zoom.us/j/1234
ORGANIZER:mailto:me@rapport.test
ATTENDEE;PARTSTAT=ACCEPTED:mailto:ann@example.com
END:VEVENT
BEGIN:VEVENT
UID:bob-monthly
SUMMARY:Lunch with Bob
DTSTART:20240315T120000Z
DTEND:20240315T130000Z
RRULE:FREQ=MONTHLY;COUNT=8
LOCATION:Café Lune
ORGANIZER:mailto:bob@example.com
ATTENDEE;PARTSTAT=ACCEPTED:mailto:me@rapport.test
ATTENDEE;PARTSTAT=ACCEPTED:mailto:bob@example.com
END:VEVENT
END:VCALENDAR
";

/// A fresh store with Ann and Bob, `ics` imported into it; their ids.
fn ann_and_bob_after_importing(ics: &str) -> (Store, rapport_core::ContactId, rapport_core::ContactId) {
    use rapport_core::{ContactFields, Labeled};
    let mut store = Store::open_in_memory().unwrap();
    let mut add = |name: &str, email: &str| {
        let fields = ContactFields { emails: vec![Labeled::new(email)], ..ContactFields::named(name) };
        store.add_contact(&fields).unwrap().id
    };
    let (ann, bob) = (add("Ann Weekly", "ann@example.com"), add("Bob Monthly", "bob@example.com"));
    let text = ics.replace('\n', "\r\n");
    let done = apply(&mut store, &parse(&text), &options());
    assert_eq!(done.interactions_unmatched, 0, "every event is with Ann or Bob");
    (store, ann, bob)
}

/// A contact's measures at `at` as `rapport contact` gets them (the service's contact view): from
/// the contact's own history and the stored model.
fn measures_of(store: &Store, id: rapport_core::ContactId, at: i64) -> rapport_core::measures::ContactMeasures {
    let history = store.contact_history(id).unwrap();
    rapport_core::measures::contact_measures(&history, id, at, &store.model_settings().unwrap()).unwrap()
}

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

/// Days from `from` to `to` (24-hour days, as the model counts).
fn days(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    (to - from).num_seconds() as f64 / 86_400.0
}

/// Issue 16's story: a weekly one-to-one and a monthly lunch, imported from a calendar, give the
/// measures a person works out from the file and docs/model.md, and Ann's weekly tie comes out
/// closer than Bob's monthly one. Imported as single events (no expansion), the same file put
/// both in the outer layer with a yearly expected gap.
#[test]
fn a_weekly_one_to_one_and_a_monthly_lunch_give_the_measures_worked_out_by_hand() {
    let (store, ann, bob) = ann_and_bob_after_importing(ANN_AND_BOB);
    // Measured a week after Ann's last one-to-one: Monday 28 October 2024, 08:00 UTC.
    let at = utc("2024-10-28T08:00:00Z");
    let (a, b) = (measures_of(&store, ann, at.timestamp()), measures_of(&store, bob, at.timestamp()));

    // Ann's occurrences: the k-th (k = 0..29) is 1 April + 7k days, at 10:00 +02:00 = 08:00 UTC;
    // k = 24 (16 September) is removed, k = 26 (30 September) is at 1 October 13:00 UTC instead.
    // 30 − 1 = 29 interactions, the last on 21 October.
    let monday = |k: i64| utc("2024-04-01T08:00:00Z") + Duration::days(7 * k);
    let moved = utc("2024-10-01T13:00:00Z");
    let mut ann_at: Vec<DateTime<Utc>> = (0..30).filter(|k| *k != 24 && *k != 26).map(monday).collect();
    ann_at.push(moved);
    ann_at.sort();
    assert_eq!(a.interactions, 29);
    assert_eq!(a.last_interaction_at, Some(utc("2024-10-21T08:00:00Z").timestamp()));
    // Bob's: the 15th of March to October at 12:00 UTC, 8 interactions, the last on 15 October.
    let bob_at: Vec<DateTime<Utc>> = (3..=10).map(|m| utc(&format!("2024-{m:02}-15T12:00:00Z"))).collect();
    assert_eq!(b.interactions, 8);
    assert_eq!(b.last_interaction_at, Some(utc("2024-10-15T12:00:00Z").timestamp()));

    // Layer: contact days in the last 365 days against half the expected ones (27 for the
    // weekly layer, 7 for the monthly one: 0.5 × 365 / 30 = 6.08). Ann: 29 days → layer 1; Bob:
    // 8 days → layer 2.
    assert_eq!((a.layer, b.layer), (Some(1), Some(2)));

    // Rhythm: each meeting is its own conversation (all more than 3 days apart); the expected gap
    // is the median of the last ten silences. Ann's last ten, from 5 August: 7, 7, 7, 7, 7, then
    // 14 (9 → 23 September, the EXDATE), 8.21 (23 September 08:00 → 1 October 13:00), 5.79
    // (→ 7 October 08:00), 7, 7; sorted, the 5th and 6th are 7 and 7: 7 days. Bob's seven: 31
    // (March), 30, 31, 30, 31, 31, 30; sorted 30 30 30 [31] 31 31 31: 31 days.
    use rapport_core::measures::contact::{CadenceSource, CadenceStatus};
    assert_eq!((a.cadence.source, a.cadence.expected_days), (CadenceSource::OwnRhythm, 7.0));
    assert_eq!((b.cadence.source, b.cadence.expected_days), (CadenceSource::OwnRhythm, 31.0));
    // Ann: 7 days since 21 October, ratio 7 / 7 = 1: due, on 21 + 7 = 28 October. Bob: 12.83
    // days since 15 October 12:00, ratio 0.41: on track; due on 15 October + 31 = 15 November.
    assert_eq!((a.cadence.days_since_last, a.cadence.status), (Some(7.0), CadenceStatus::Due));
    assert_eq!(b.cadence.status, CadenceStatus::OnTrack);
    let date = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
    assert_eq!((a.cadence.due_on, b.cadence.due_on), (Some(date("2024-10-28")), Some(date("2024-11-15"))));

    // Strength (docs/model.md), nothing stated about either: H = max(60, 90) = 90 days.
    // Intensity: V = Σ weight · 2^(−age/90), weight = channel · (1 + 0.25 · hours) · 1 (one
    // person): Ann video 0.8 · 1.125 = 0.9, Bob in person 1 · 1.25 = 1.25; 100 · (1 − e^(−V/6)).
    // Intimacy: R = Σ 2^(−a/180), a the age at the last contact (all are rich one-to-ones);
    // 100 · (1 − e^(−R/3)). Duration: 100 · ln(1 + d) / ln(3651), d = first to last contact
    // (Ann 203 days, Bob 214). Fade: 2^(−days since last / 180). Services: 0.
    // strength = 0.35 · intimacy · fade + 0.30 · intensity + 0.20 · duration · fade.
    let by_hand = |times: &[DateTime<Utc>], weight: f64| {
        let last = *times.last().unwrap();
        let v: f64 = times.iter().map(|t| weight * (-days(*t, at) / 90.0).exp2()).sum();
        let r: f64 = times.iter().map(|t| (-days(*t, last) / 180.0).exp2()).sum();
        let intensity = 100.0 * (1.0 - (-v / 6.0).exp());
        let intimacy = 100.0 * (1.0 - (-r / 3.0).exp());
        let duration = 100.0 * (1.0 + days(times[0], last)).ln() / 3651f64.ln();
        let fade = (-days(last, at) / 180.0).exp2();
        (intensity, intimacy, duration, fade, 0.35 * intimacy * fade + 0.30 * intensity + 0.20 * duration * fade)
    };
    let close = |got: f64, want: f64, what: &str| assert!((got - want).abs() < 1e-6, "{what}: {got} against {want}");
    for (m, times, weight, name) in [(&a, &ann_at, 0.9, "Ann"), (&b, &bob_at, 1.25, "Bob")] {
        let (intensity, intimacy, duration, fade, strength) = by_hand(times, weight);
        let p = &m.strength_parts;
        close(p.intensity, intensity, &format!("{name}'s intensity"));
        close(p.intimacy, intimacy, &format!("{name}'s intimacy"));
        close(p.duration, duration, &format!("{name}'s duration"));
        close(p.fade, fade, &format!("{name}'s fade"));
        close(m.strength, strength, &format!("{name}'s strength"));
    }
    // The numbers: Ann V = 12.38, intensity 87.3, R = 19.98, intimacy 99.9, duration 64.8, fade
    // 0.973, strength 72.8; Bob V = 4.58, 53.4, R = 5.50, 84.0, 65.5, 0.952: 56.5. Ann is the
    // closer tie, first in the report.
    assert!((a.strength - 72.84).abs() < 0.005 && (b.strength - 56.46).abs() < 0.005, "{} {}", a.strength, b.strength);
    let report =
        rapport_core::measures::report(&store.history().unwrap(), at.timestamp(), &store.model_settings().unwrap());
    let order: Vec<_> = report.contacts.iter().map(|m| m.contact).collect();
    assert_eq!(order, [ann, bob]);

    // The same file read as single events (its RRULEs dropped): Ann has her first one-to-one and
    // the moved one (2 contact days, under the 3 of layer 3: layer 4), Bob his first lunch; too
    // few silences for a rhythm, so both are expected yearly (layer 4: 365 days).
    let single = ANN_AND_BOB.lines().filter(|l| !l.starts_with("RRULE")).collect::<Vec<_>>().join("\n");
    let (store, ann, bob) = ann_and_bob_after_importing(&single);
    let (a1, b1) = (measures_of(&store, ann, at.timestamp()), measures_of(&store, bob, at.timestamp()));
    assert_eq!((a1.interactions, b1.interactions), (2, 1));
    assert_eq!((a1.layer, b1.layer), (Some(4), Some(4)));
    assert_eq!((a1.cadence.source, a1.cadence.expected_days), (CadenceSource::Layer, 365.0));
    // Her strength from two touches (1 April, 1 October) is 28.1 instead of 72.8.
    assert!((a1.strength - 28.08).abs() < 0.005, "{}", a1.strength);
}

/// Issue 16, "stop at the import date": a rule with an end (COUNT, UNTIL) is cut there like an
/// endless one, so only its past occurrences count toward the limit of 20,000; a daily stand-up
/// until 2099 (about 27,000 days in all) used to refuse the whole calendar.
#[test]
fn a_rule_with_an_end_is_cut_at_the_import_date_and_only_its_past_counts_toward_the_limit() {
    let daily_since_2024 = |rule: &str| event("standup", &format!("DTSTART:20240101T090000Z\r\nRRULE:{rule}\r\n"));
    let before = Utc::now();
    let until_2099 = parse(&calendar(&daily_since_2024("FREQ=DAILY;UNTIL=20991231T090000Z")));
    let count_50000 = parse(&calendar(&daily_since_2024("FREQ=DAILY;COUNT=50000")));
    let endless = parse(&calendar(&daily_since_2024("FREQ=DAILY")));
    let after = Utc::now();
    // One a day at 09:00 UTC from 1 January 2024 to the import date.
    let start = Utc.with_ymd_and_hms(2024, 1, 1, 9, 0, 0).unwrap();
    let days_until = |now: DateTime<Utc>| ((now - start).num_seconds() / 86_400 + 1) as usize;
    let past = until_2099.interactions.len();
    assert!((days_until(before)..=days_until(after)).contains(&past), "{past} days to the import date");
    assert!(until_2099.interactions.iter().all(|i| i.at.with_timezone(&Utc) <= after), "nothing after the import date");
    assert_eq!(until_2099.interactions[0].at, start);
    // After the import date: 1 January 2024 to 31 December 2099 is 27,759 days, less the past
    // ones; past 20,000 they are not counted and the event reads as without end.
    let later = 27_759 - past;
    let expected = if later > 20_000 {
        Reason::RecurringEventEndless { occurrences: past }
    } else {
        Reason::RecurringEvent { occurrences: past, future: later }
    };
    assert_eq!(reasons(&until_2099), [&expected]);
    // COUNT=50000 from the same day: the same past occurrences, more than 20,000 later ones.
    assert_eq!(times(&count_50000), times(&until_2099));
    assert_eq!(reasons(&count_50000), [&Reason::RecurringEventEndless { occurrences: past }]);
    // The endless rule, as before.
    assert_eq!(times(&endless), times(&until_2099));
    assert_eq!(reasons(&endless), [&Reason::RecurringEventEndless { occurrences: past }]);

    // COUNT still counts from DTSTART: ten weekly meetings from five weeks and an hour ago are
    // six in the past (weeks 0 to 5) and four to come; the tenth is the tenth.
    let first = (Utc::now() - Duration::weeks(5) - Duration::hours(1)).with_nanosecond(0).unwrap();
    let ten = parse(&calendar(&event(
        "ten",
        &format!("DTSTART:{}\r\nRRULE:FREQ=WEEKLY;COUNT=10\r\n", first.format("%Y%m%dT%H%M%SZ")),
    )));
    let expected: Vec<String> = (0..6).map(|w| (first + Duration::weeks(w)).fixed_offset().to_rfc3339()).collect();
    assert_eq!(times(&ten), expected);
    assert_eq!(reasons(&ten), [&Reason::RecurringEvent { occurrences: 6, future: 4 }]);

    // The limit still holds on the past: a minutely rule until 2099 is refused, naming it.
    let minutely = parse(&calendar(&daily_since_2024("FREQ=MINUTELY;UNTIL=20991231T090000Z")));
    assert!(minutely.interactions.is_empty());
    assert_eq!((minutely.problems[0].severity, minutely.problems[0].field.as_str()), (Severity::Error, "RRULE"));
    assert!(
        minutely.problems[0].message.contains("more than 20000 occurrences up to the import date"),
        "{}",
        minutely.problems[0].message
    );
}
