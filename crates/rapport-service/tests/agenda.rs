//! The agenda from the service (the cached directory, today's local date) and its calendar file
//! written through the routine exports use.

use std::path::{Path, PathBuf};

use chrono::{Duration, Local};
use rapport_core::charts::Lang;
use rapport_core::{Channel, ContactFields, NewInteraction, NewQuestion, Party};
use rapport_service::files::Destination;
use rapport_service::Service;

/// Ana: weekly calls, silent for 20 days with a 7-day goal, birthday tomorrow; Bo asked me a
/// question yesterday.
fn service(dir: &Path) -> Service {
    let service = Service::open(&dir.join("rapport.db"));
    let tomorrow = Local::now().date_naive() + Duration::days(1);
    let mut ana = ContactFields::named("Ana Lima");
    ana.cadence_days = Some(7);
    ana.birthday = Some(tomorrow.format("--%m-%d").to_string());
    let ana = service.add_contact(&ana).unwrap();
    let bo = service.add_contact(&ContactFields::named("Bo")).unwrap();
    for week in 3..15 {
        let at = (Local::now() - Duration::days(20) - Duration::weeks(week - 3)).fixed_offset();
        service.log_interaction(&NewInteraction::new(at, Channel::Call, Party::Me, vec![ana.id])).unwrap();
    }
    let mut asked = NewInteraction::new(
        (Local::now() - Duration::days(1)).fixed_offset(),
        Channel::Message,
        Party::Them,
        vec![bo.id],
    );
    asked.questions = vec![NewQuestion { asked_by: Party::Them, text: "Lunch?".into(), contact: None }];
    service.log_interaction(&asked).unwrap();
    service
}

fn named(path: PathBuf, force: bool) -> Destination {
    Destination::Named { path, force, field: "--ics" }
}

#[test]
fn the_agenda_lists_the_catch_up_the_birthday_and_the_question() {
    let dir = tempfile::tempdir().unwrap();
    let service = service(dir.path());
    let agenda = service.agenda(14).unwrap();
    assert_eq!(agenda.today, Local::now().date_naive());
    assert_eq!(agenda.catch_ups.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["Ana Lima"]);
    assert_eq!(agenda.catch_ups[0].why, "silent for 20 days, usually every 7 days");
    assert_eq!(agenda.birthdays.iter().map(|b| (b.name.as_str(), b.in_days)).collect::<Vec<_>>(), [("Ana Lima", 1)]);
    assert_eq!(agenda.questions_i_owe.iter().map(|q| q.text.as_str()).collect::<Vec<_>>(), ["Lunch?"]);
    assert!(service.agenda(1).unwrap().birthdays.is_empty(), "tomorrow is outside a one-day agenda");
    let err = service.agenda(0).unwrap_err();
    assert_eq!((err.key, err.field), ("agenda_days", Some("days")));
}

#[test]
fn the_calendar_file_goes_where_exports_go_and_never_over_anything_unforced() {
    let dir = tempfile::tempdir().unwrap();
    let service = service(dir.path());
    let downloads = dir.path().join("Downloads");
    let first = service.save_agenda_calendar_in(14, Lang::En, &downloads).unwrap();
    let second = service.save_agenda_calendar_in(14, Lang::En, &downloads).unwrap();
    assert!(first.path.ends_with(&format!("rapport-agenda-{}.ics", Local::now().format("%Y-%m-%d"))), "{}", first.path);
    assert!(second.path.ends_with(" (2).ics"), "{}", second.path);
    let text = std::fs::read_to_string(&first.path).unwrap();
    assert_eq!(first.bytes, text.len());
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"));
    assert!(text.contains("SUMMARY:Birthday: Ana Lima\r\n") && text.contains("SUMMARY:Catch up with Ana Lima\r\n"));

    let french = service.save_agenda_calendar_in(14, Lang::Fr, &downloads).unwrap();
    let text = std::fs::read_to_string(&french.path).unwrap();
    assert!(
        text.contains("SUMMARY:Anniversaire : Ana Lima\r\n")
            && text.contains("SUMMARY:Reprendre contact avec Ana Lima\r\n")
    );

    let file = dir.path().join("keep.ics");
    std::fs::write(&file, "keep me").unwrap();
    let err = service.save_agenda_calendar(14, Lang::En, &named(file.clone(), false)).unwrap_err();
    assert_eq!((err.key, err.field), ("file_exists", Some("--ics")));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
    service.save_agenda_calendar(14, Lang::En, &named(file.clone(), true)).unwrap();
    assert!(std::fs::read_to_string(&file).unwrap().starts_with("BEGIN:VCALENDAR"));

    let db = std::fs::read(dir.path().join("rapport.db")).unwrap();
    for target in ["rapport.db", "rapport.db-wal", "rapport.db-shm"] {
        let err = service.save_agenda_calendar(14, Lang::En, &named(dir.path().join(target), true)).unwrap_err();
        assert_eq!(err.key, "export_over_database", "{target}");
    }
    assert_eq!(std::fs::read(dir.path().join("rapport.db")).unwrap(), db, "the database untouched");
    let err = service.save_agenda_calendar(0, Lang::En, &named(dir.path().join("new.ics"), false)).unwrap_err();
    assert_eq!(err.key, "agenda_days");
    assert!(!dir.path().join("new.ics").exists(), "nothing written on a refusal");
}

#[test]
fn the_calendar_file_carries_every_due_catch_up_though_the_card_lists_twenty() {
    use rapport_core::agenda::MAX_CATCH_UPS;
    use rapport_core::import::lines;

    let dir = tempfile::tempdir().unwrap();
    let service = Service::open(&dir.path().join("rapport.db"));
    // Sixty weekly ties, each silent for a month: all overdue.
    let overdue = 60;
    for n in 0..overdue {
        let mut fields = ContactFields::named(format!("Tie {n:02}"));
        fields.cadence_days = Some(7);
        let id = service.add_contact(&fields).unwrap().id;
        let at = (Local::now() - Duration::days(30 + n)).fixed_offset();
        service.log_interaction(&NewInteraction::new(at, Channel::Call, Party::Me, vec![id])).unwrap();
    }
    let agenda = service.agenda(14).unwrap();
    assert_eq!((agenda.catch_ups.len(), agenda.catch_ups_total), (MAX_CATCH_UPS, overdue as usize), "the card");

    let saved = service.save_agenda_calendar(14, Lang::En, &named(dir.path().join("week.ics"), false)).unwrap();
    let text = std::fs::read_to_string(&saved.path).unwrap();
    // Read back as a calendar reads it: unfolded, each line parsed, the to-dos' summaries collected.
    let mut in_todo = false;
    let mut summaries = Vec::new();
    for (line, logical) in lines::unfold(&text) {
        let p = lines::parse_line(line, &logical).unwrap_or_else(|e| panic!("line {line}: {e:?}"));
        match (p.name.as_str(), p.value.as_str()) {
            ("BEGIN", "VTODO") => in_todo = true,
            ("END", "VTODO") => in_todo = false,
            ("SUMMARY", _) if in_todo => summaries.push(lines::unescape(&p.value)),
            _ => {}
        }
    }
    summaries.sort();
    let expected: Vec<String> = (0..overdue).map(|n| format!("Catch up with Tie {n:02}")).collect();
    assert_eq!(summaries, expected, "every overdue tie has its to-do");
}
