//! The agenda ("This week") on a small network measured at a fixed date, and its calendar file
//! checked against RFC 5545 by the repository's iCalendar reader and a structural check here.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use rapport_core::agenda::{self, ics, Agenda};
use rapport_core::charts::Lang;
use rapport_core::directory::Directory;
use rapport_core::import::{self, lines, ImportOptions};
use rapport_core::measures::contact::CadenceStatus;
use rapport_core::*;

fn at(y: i32, m: u32, d: u32) -> DateTime<FixedOffset> {
    FixedOffset::east_opt(0).unwrap().with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()
}

fn person(s: &mut Store, name: &str, cadence: Option<u32>, birthday: Option<&str>) -> ContactId {
    let mut f = ContactFields::named(name);
    f.cadence_days = cadence;
    f.birthday = birthday.map(str::to_owned);
    s.add_contact(&f).unwrap().id
}

fn talk(s: &mut Store, with: ContactId, when: DateTime<FixedOffset>, by: Party) {
    s.log_interaction(&NewInteraction::new(when, Channel::Call, by, vec![with])).unwrap();
}

struct Network {
    store: Store,
    ana: ContactId,
    bea: ContactId,
    gus: ContactId,
    hal: ContactId,
    ivy: ContactId,
}

/// Ana: weekly calls for months, quiet since 20 May, a 7-day goal. Bea: one call in January, a
/// 30-day goal. Cy: never. Dan: on track. Eve: overdue but archived. Gus asked me a question;
/// Hal and Ivy wrote last (Ivy long ago: quiet). Birthdays: Ana in 4 days, Fay in 19, Eve in 2.
fn network() -> Network {
    let mut s = Store::open_in_memory().unwrap();
    let ana = person(&mut s, "Ana, \"the climber\"; Lee", Some(7), Some("--06-05"));
    let bea = person(&mut s, "Bea", Some(30), None);
    person(&mut s, "Cy", Some(30), None);
    let dan = person(&mut s, "Dan", Some(30), None);
    let eve = person(&mut s, "Eve", Some(7), Some("1980-06-03"));
    person(&mut s, "Fay", None, Some("1990-06-20"));
    let gus = person(&mut s, "Gus", None, None);
    let hal = person(&mut s, "Hal", None, None);
    let ivy = person(&mut s, "Ivy", None, None);
    for week in 0..20 {
        let day = at(2026, 1, 7) + chrono::Duration::weeks(week);
        talk(&mut s, ana, day, if week % 2 == 0 { Party::Me } else { Party::Them });
    }
    talk(&mut s, ana, at(2026, 5, 20), Party::Them);
    talk(&mut s, bea, at(2026, 1, 10), Party::Them);
    talk(&mut s, dan, at(2026, 5, 25), Party::Me);
    talk(&mut s, eve, at(2026, 1, 10), Party::Me);
    s.set_archived(eve, true).unwrap();
    let mut asked = NewInteraction::new(at(2026, 5, 30), Channel::Message, Party::Them, vec![gus]);
    asked.questions = vec![NewQuestion { asked_by: Party::Them, text: "Lunch next week?".into(), contact: None }];
    s.log_interaction(&asked).unwrap();
    s.log_interaction(&NewInteraction::new(at(2026, 5, 31), Channel::Message, Party::Them, vec![hal])).unwrap();
    s.log_interaction(&NewInteraction::new(at(2025, 12, 1), Channel::Message, Party::Them, vec![ivy])).unwrap();
    Network { store: s, ana, bea, gus, hal, ivy }
}

fn agenda_of(n: &Network, days: i64) -> Agenda {
    let directory = Directory::build(&n.store, at(2026, 6, 1).timestamp()).unwrap();
    let loops = directory.open_loops(&n.store).unwrap();
    agenda::agenda(&directory, loops, &n.store.birthdays().unwrap(), today(), days).unwrap()
}

#[test]
fn catch_ups_are_the_due_and_overdue_ties_ranked_with_why() {
    let n = network();
    let a = agenda_of(&n, 14);
    let who: Vec<ContactId> = a.catch_ups.iter().map(|c| c.contact).collect();
    // Cy was never in touch, Dan is on track, Eve is archived; Gus, Hal and Ivy have no goal and
    // a yearly default they are within.
    assert_eq!(who, [n.ana, n.bea], "the close tie a little late before the faint one long gone");
    assert_eq!(a.catch_ups_total, 2);
    let ana = &a.catch_ups[0];
    assert!(matches!(ana.status, CadenceStatus::Due | CadenceStatus::Overdue));
    assert_eq!(ana.due_on, NaiveDate::from_ymd_opt(2026, 5, 27).unwrap(), "20 May + 7 days");
    assert_eq!(ana.why, "silent for 12 days, usually every 7 days");
    let bea = &a.catch_ups[1];
    assert_eq!(bea.status, CadenceStatus::Overdue);
    assert_eq!(bea.why, "silent for 142 days, usually every 30 days");
    assert!(ana.strength > bea.strength);
}

#[test]
fn birthdays_loops_and_turns_follow_open_loops() {
    let n = network();
    let a = agenda_of(&n, 14);
    let birthdays: Vec<(&str, i64)> = a.birthdays.iter().map(|b| (b.name.as_str(), b.in_days)).collect();
    assert_eq!(birthdays, [("Ana, \"the climber\"; Lee", 4)], "Eve is archived, Fay is in 19 days");
    assert_eq!(agenda_of(&n, 20).birthdays.len(), 2, "Fay within 20 days");
    assert_eq!(
        a.questions_i_owe.iter().map(|q| (q.contact, q.text.as_str())).collect::<Vec<_>>(),
        [(n.gus, "Lunch next week?")]
    );
    assert_eq!(a.my_turn.iter().map(|t| t.contact).collect::<Vec<_>>(), [n.hal], "Ivy's is quiet");
    assert_eq!(a.quiet_turns, 1);
    let _ = n.ivy;
    // The same count as the sidebar's badge and Open loops.
    let directory = Directory::build(&n.store, at(2026, 6, 1).timestamp()).unwrap();
    assert_eq!(directory.open_loops(&n.store).unwrap().owed, a.questions_i_owe.len() + a.my_turn.len());
}

#[test]
fn a_look_ahead_outside_a_year_is_refused() {
    let n = network();
    let directory = Directory::build(&n.store, at(2026, 6, 1).timestamp()).unwrap();
    for days in [0, -1, 367] {
        let loops = directory.open_loops(&n.store).unwrap();
        let err = agenda::agenda(&directory, loops, &[], today(), days).unwrap_err();
        assert!(err.to_string().contains("the agenda looks 1 to 366 days ahead"), "{err}");
    }
}

/// Checks the calendar as RFC 5545 asks and returns its components' unescaped properties.
fn check_rfc5545(text: &str) -> Vec<(String, Vec<(String, String)>)> {
    assert!(text.ends_with("\r\n"), "the last line ends in CRLF");
    for (i, physical) in text.split("\r\n").enumerate() {
        assert!(!physical.contains('\n') && !physical.contains('\r'), "line {i}: a bare LF or CR");
        assert!(physical.len() <= 75, "line {i} is {} octets: {physical}", physical.len());
    }
    // Each open component with the properties read so far.
    let mut stack: Vec<(String, Vec<(String, String)>)> = Vec::new();
    let mut components = Vec::new();
    for (line, logical) in lines::unfold(text) {
        let p = lines::parse_line(line, &logical).unwrap_or_else(|e| panic!("line {line}: {e:?}"));
        match p.name.as_str() {
            "BEGIN" => stack.push((p.value.clone(), Vec::new())),
            "END" => {
                let open = stack.pop().unwrap_or_else(|| panic!("line {line}: END without BEGIN"));
                assert_eq!(open.0, p.value, "line {line}: END does not close the last BEGIN");
                components.push(open);
            }
            _ => stack
                .last_mut()
                .unwrap_or_else(|| panic!("line {line}: outside any component"))
                .1
                .push((p.name.clone(), lines::unescape(&p.value))),
        }
        if line == 1 {
            assert_eq!(logical, "BEGIN:VCALENDAR");
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    let calendar = components.last().expect("a VCALENDAR");
    assert_eq!(calendar.0, "VCALENDAR");
    for required in ["VERSION", "PRODID"] {
        assert_eq!(calendar.1.iter().filter(|(k, _)| k == required).count(), 1, "{required} once");
    }
    components
}

#[test]
fn the_calendar_file_is_valid_rfc_5545_with_yearly_birthdays_and_dated_to_dos() {
    let n = network();
    let mut store = n.store;
    // A long name with every reserved character, and a leap-day birthday.
    let long = format!("Zoé; {}, back\\slash", "Ånström-".repeat(8));
    let mut f = ContactFields::named(long.clone());
    f.birthday = Some("--02-29".into());
    store.add_contact(&f).unwrap();
    let directory = Directory::build(&store, at(2026, 6, 1).timestamp()).unwrap();
    let loops = directory.open_loops(&store).unwrap();
    let birthdays = store.birthdays().unwrap();
    let a = agenda::agenda(&directory, loops, &birthdays, today(), 14).unwrap();
    let stamp = Utc.with_ymd_and_hms(2026, 6, 1, 8, 30, 0).unwrap();
    let text = ics::calendar(&birthdays, &a.catch_ups, stamp, Lang::En);

    let components = check_rfc5545(&text);
    let events: Vec<&Vec<(String, String)>> = components.iter().filter(|c| c.0 == "VEVENT").map(|c| &c.1).collect();
    let todos: Vec<&Vec<(String, String)>> = components.iter().filter(|c| c.0 == "VTODO").map(|c| &c.1).collect();
    assert_eq!(events.len(), 3, "Ana, Fay and the leap-day contact; archived Eve left out");
    assert_eq!(todos.len(), 2, "Ana and Bea");
    let get = |props: &Vec<(String, String)>, key: &str| {
        props.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_else(|| panic!("{key} missing"))
    };
    for e in &events {
        for key in ["UID", "DTSTAMP", "DTSTART", "RRULE", "SUMMARY"] {
            get(e, key);
        }
        assert_eq!(get(e, "DTSTAMP"), "20260601T083000Z");
    }
    let summaries: Vec<String> = events.iter().map(|e| get(e, "SUMMARY")).collect();
    assert!(summaries.contains(&format!("Birthday: {long}")), "escaped and folded text reads back: {summaries:?}");
    let leap = events.iter().find(|e| get(e, "SUMMARY").contains("Zoé")).unwrap();
    assert_eq!(get(leap, "DTSTART"), "20000229");
    assert_eq!(get(leap, "RRULE"), "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1");
    let fay = events.iter().find(|e| get(e, "SUMMARY") == "Birthday: Fay").unwrap();
    assert_eq!(get(fay, "DTSTART"), "19900620");
    assert_eq!(get(fay, "RRULE"), "FREQ=YEARLY");
    assert!(text.contains("DTSTART;VALUE=DATE:19900620\r\n"), "an all-day DATE value");

    let ana = todos.iter().find(|t| get(t, "SUMMARY").starts_with("Catch up with Ana")).unwrap();
    assert_eq!(get(ana, "SUMMARY"), "Catch up with Ana, \"the climber\"; Lee");
    assert_eq!(get(ana, "DUE"), "20260527");
    assert_eq!(get(ana, "UID"), format!("catch-up-{}-20260527@rapport", n.ana));
    assert_eq!(get(ana, "DESCRIPTION"), "silent for 12 days, usually every 7 days");
    assert!(text.contains("SUMMARY:Catch up with Ana\\, \"the climber\"\\; Lee\r\n"), "commas and semicolons escaped");

    // UIDs are unique and stay the same from one file to the next.
    let uids: Vec<String> = events.iter().chain(&todos).map(|c| get(c, "UID")).collect();
    let mut unique = uids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), uids.len());
    let again = ics::calendar(&birthdays, &a.catch_ups, stamp + chrono::Duration::days(1), Lang::En);
    let again_uids: Vec<String> =
        check_rfc5545(&again).iter().filter(|c| c.0 != "VCALENDAR").map(|c| get(&c.1, "UID")).collect();
    assert_eq!(again_uids, uids);

    // In French, the same entries in the window's words.
    let french = ics::calendar(&birthdays, &a.catch_ups, stamp, Lang::Fr);
    let french_props = check_rfc5545(&french);
    let summaries: Vec<String> =
        french_props.iter().filter(|c| c.0 != "VCALENDAR").map(|c| get(&c.1, "SUMMARY")).collect();
    assert!(summaries.contains(&"Anniversaire : Fay".to_owned()), "{summaries:?}");
    assert!(summaries.iter().any(|s| s.starts_with("Reprendre contact avec Ana")), "{summaries:?}");
    assert!(french.contains("DESCRIPTION:silence depuis 12 jours\\, d’habitude tous les 7 jours\r\n"), "{french}");
    import::parse(french.as_bytes(), "agenda.ics", &ImportOptions::default(), &mut |_| true).unwrap();

    // The app's own iCalendar reader takes it whole (it refuses a file with any malformed line,
    // unmatched BEGIN/END or unreadable date).
    import::parse(text.as_bytes(), "agenda.ics", &ImportOptions::default(), &mut |_| true).unwrap();
}
