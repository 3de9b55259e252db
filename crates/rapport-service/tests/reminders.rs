//! The daily reminder through the service, with a fixed clock: when it is due, what it says, and
//! that the day it went is kept in the database (a restart sends nothing more that day).

use chrono::{Duration, Local, NaiveDateTime, NaiveTime};
use rapport_core::charts::Lang;
use rapport_core::{Channel, ContactFields, NewInteraction, NewQuestion, Party};
use rapport_service::reminders::{ReminderSettings, LAST_DAY_KEY};
use rapport_service::Service;

/// Ana: weekly calls, silent for 20 days with a 7-day goal, birthday tomorrow; Bo asked me two
/// questions yesterday.
fn busy_week(service: &Service) {
    let tomorrow = Local::now().date_naive() + Duration::days(1);
    let mut ana = ContactFields::named("Ana Lima");
    ana.cadence_days = Some(7);
    ana.birthday = Some(tomorrow.format("--%m-%d").to_string());
    let ana = service.add_contact(&ana).unwrap();
    let bo = service.add_contact(&ContactFields::named("Bo")).unwrap();
    for week in 0..12 {
        let at = (Local::now() - Duration::days(20) - Duration::weeks(week)).fixed_offset();
        service.log_interaction(&NewInteraction::new(at, Channel::Call, Party::Me, vec![ana.id])).unwrap();
    }
    let mut asked = NewInteraction::new(
        (Local::now() - Duration::days(1)).fixed_offset(),
        Channel::Message,
        Party::Them,
        vec![bo.id],
    );
    asked.questions = ["Lunch?", "Which book?"]
        .iter()
        .map(|q| NewQuestion { asked_by: Party::Them, text: (*q).into(), contact: None })
        .collect();
    service.log_interaction(&asked).unwrap();
}

fn on_at(time: &str, lang: Lang) -> ReminderSettings {
    ReminderSettings { on: true, time: time.into(), lang }
}

/// Today (the agenda's birthdays are counted from the day asked) at `time`.
fn today_at(time: &str) -> NaiveDateTime {
    Local::now().date_naive().and_time(NaiveTime::parse_from_str(time, "%H:%M").unwrap())
}

#[test]
fn one_summary_a_day_from_the_chosen_time_and_none_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rapport.db");
    let service = Service::open(&path);
    busy_week(&service);
    assert!(service.reminder_due(today_at("10:00")).unwrap().is_none(), "off until switched on");

    service.set_reminder_settings(&on_at("09:30", Lang::En)).unwrap();
    assert!(service.reminder_due(today_at("09:29")).unwrap().is_none(), "not before the time");
    let (lang, words) = service.reminder_due(today_at("09:30")).unwrap().expect("due at the time");
    assert_eq!(lang, Lang::En);
    assert!(words.starts_with("1 catch-up due, 1 birthday, 2 questions you owe"), "{words}");
    assert!(service.reminder_due(today_at("09:31")).unwrap().is_none(), "never twice a day");
    assert_eq!(service.reminder_state().unwrap().last_day, Some(Local::now().date_naive()));

    drop(service);
    let restarted = Service::open(&path);
    assert!(restarted.reminder_due(today_at("18:00")).unwrap().is_none(), "a restart sends nothing more");
    let tomorrow = today_at("09:30") + Duration::days(1);
    assert!(restarted.reminder_due(tomorrow - Duration::minutes(1)).unwrap().is_none());
    assert!(restarted.reminder_due(tomorrow).unwrap().is_some(), "the next day at the time");
}

#[test]
fn started_after_the_time_it_goes_at_the_first_tick_in_the_chosen_language() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::open(&dir.path().join("rapport.db"));
    busy_week(&service);
    service.set_reminder_settings(&on_at("08:00", Lang::Fr)).unwrap();
    let (lang, words) = service.reminder_due(today_at("14:12")).unwrap().expect("due at the first tick");
    assert_eq!(lang, Lang::Fr);
    assert!(words.starts_with("1 personne à recontacter, 1 anniversaire, 2 questions en attente de vous"), "{words}");
}

#[test]
fn an_empty_week_sends_nothing_and_counts_the_day_as_done() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::open(&dir.path().join("rapport.db"));
    service.set_reminder_settings(&on_at("09:00", Lang::En)).unwrap();
    assert!(service.reminder_due(today_at("09:00")).unwrap().is_none());
    assert_eq!(service.reminder_state().unwrap().last_day, Some(Local::now().date_naive()));
    // The test button still says something.
    let preview = service.reminder_preview(Local::now().date_naive(), Lang::En).unwrap();
    assert!(preview.starts_with("Nothing due"), "{preview}");
}

#[test]
fn a_time_that_is_not_hh_mm_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::open(&dir.path().join("rapport.db"));
    service.set_reminder_settings(&on_at("07:45", Lang::En)).unwrap();
    let err = service.set_reminder_settings(&on_at("25:00", Lang::Fr)).unwrap_err();
    assert_eq!((err.key, err.field), ("reminder_time", Some("time")));
    assert_eq!(err.message, "time: 25:00 is not a time of day: write it as HH:MM, from 00:00 to 23:59");
    assert_eq!(service.reminder_state().unwrap().settings, on_at("07:45", Lang::En));
    assert!(service.read(|s| s.setting(LAST_DAY_KEY)).unwrap().is_none());
}

#[test]
fn the_day_kept_is_not_taken_for_another_programs_write() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::open(&dir.path().join("rapport.db"));
    busy_week(&service);
    let heard = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = heard.clone();
    service.on_change(move |_| {
        counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    });
    service.set_reminder_settings(&on_at("09:00", Lang::En)).unwrap();
    service.reminder_due(today_at("09:00")).unwrap().expect("due");
    service.check_other_writers();
    assert_eq!(heard.load(std::sync::atomic::Ordering::SeqCst), 0, "the window redraws for nothing");
}
