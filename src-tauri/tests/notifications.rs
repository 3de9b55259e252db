//! The daily reminder through the real command set on the mock runtime: the window's settings,
//! the timer's tick (one summary a day, recorded by the test seam instead of shown), a click on it
//! bringing This week, and a notification that cannot show reported in the log and the window.

mod common;

use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::Local;
use common::{Harness, DIALOG_ANSWER};
use rapport_core::{Channel, ContactFields, NewInteraction, NewQuestion, Party};
use serde_json::{json, Value};
use tauri::{Listener, Manager};

/// The app's log goes under `$XDG_DATA_HOME`: one private folder for this test binary, set once
/// before any test asks (every test here sets the same value).
fn private_data_home() -> PathBuf {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = DIR.get_or_init(|| tempfile::tempdir().unwrap()).path().to_path_buf();
    std::env::set_var("XDG_DATA_HOME", &dir);
    dir
}

/// A harness whose database has Bo's two questions waiting on me, asked yesterday.
fn harness_with_questions() -> Harness {
    private_data_home();
    let h = Harness::new();
    // Written on a second connection, as the CLI would.
    let other = rapport_service::Service::open(&h.dir.path().join("rapport.db"));
    let bo = other.add_contact(&ContactFields::named("Bo")).unwrap();
    let mut asked = NewInteraction::new(
        (Local::now() - chrono::Duration::days(1)).fixed_offset(),
        Channel::Message,
        Party::Them,
        vec![bo.id],
    );
    asked.questions = ["Lunch?", "Which book?"]
        .iter()
        .map(|q| NewQuestion { asked_by: Party::Them, text: (*q).into(), contact: None })
        .collect();
    other.log_interaction(&asked).unwrap();
    h
}

fn seam(h: &Harness, suffix: &str) -> PathBuf {
    h.dir.path().join(format!("{DIALOG_ANSWER}{suffix}"))
}

fn recorded(h: &Harness) -> Vec<Value> {
    let text = std::fs::read_to_string(seam(h, ".notifications")).unwrap_or_default();
    text.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn heard(h: &Harness, event: &str) -> Arc<Mutex<Vec<Value>>> {
    let heard = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&heard);
    h.window.listen(event, move |e| sink.lock().unwrap().push(serde_json::from_str(e.payload()).unwrap()));
    heard
}

fn tick(h: &Harness) {
    rapport_app::reminder_tick(h.window.app_handle());
}

#[test]
fn one_summary_a_day_and_a_click_opens_this_week() {
    let h = harness_with_questions();
    let opened = heard(&h, rapport_app::OPEN_THIS_WEEK_EVENT);
    let settings = h.ok("reminder_settings", json!({}));
    assert_eq!(
        (&settings["on"], &settings["time"], &settings["permission"]),
        (&json!(false), &json!("09:00"), &json!("granted"))
    );
    tick(&h);
    assert!(recorded(&h).is_empty(), "off until switched on");

    // Midnight: due at the first tick whatever the time the test runs.
    let on = h.ok("set_reminder_settings", json!({ "settings": { "on": true, "time": "00:00", "lang": "en" } }));
    assert_eq!((&on["on"], &on["time"], &on["lang"]), (&json!(true), &json!("00:00"), &json!("en")));
    tick(&h);
    tick(&h);
    assert_eq!(recorded(&h), [json!({ "title": "This week", "body": "2 questions you owe" })], "one a day");
    assert_eq!(h.ok("reminder_settings", json!({}))["last_day"], json!(Local::now().date_naive()));

    std::fs::write(seam(&h, ".click"), "").unwrap();
    tick(&h);
    assert_eq!(opened.lock().unwrap().len(), 1, "a click opens This week");
    assert!(!seam(&h, ".click").exists(), "the click is taken once");
    tick(&h);
    assert_eq!(opened.lock().unwrap().len(), 1);

    // The test button sends now, in the language asked, and is not the day's summary.
    h.ok("send_test_reminder", json!({ "lang": "fr" }));
    let sent = recorded(&h);
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[1], json!({ "title": "Cette semaine", "body": "2 questions en attente de vous" }));
}

#[test]
fn a_bad_time_is_refused_and_nothing_is_kept() {
    let h = harness_with_questions();
    let err =
        h.call("set_reminder_settings", json!({ "settings": { "on": true, "time": "9h", "lang": "fr" } })).unwrap_err();
    assert_eq!((&err["key"], &err["field"]), (&json!("reminder_time"), &json!("time")));
    assert_eq!(h.ok("reminder_settings", json!({}))["on"], false);
    tick(&h);
    assert!(recorded(&h).is_empty());
}

#[test]
fn a_blocked_notification_is_a_notice_and_a_log_line_and_the_card_still_works() {
    let data_home = private_data_home();
    let h = harness_with_questions();
    std::fs::write(seam(&h, ".blocked"), "").unwrap();
    let failed = heard(&h, rapport_app::NOTIFICATION_FAILED_EVENT);
    assert_eq!(h.ok("reminder_settings", json!({}))["permission"], "blocked");

    h.ok("set_reminder_settings", json!({ "settings": { "on": true, "time": "00:00", "lang": "en" } }));
    tick(&h);
    tick(&h);
    assert!(recorded(&h).is_empty());
    let failed = failed.lock().unwrap().clone();
    assert_eq!(failed.len(), 1, "reported once, not at every tick: {failed:?}");
    assert_eq!(failed[0]["failure"]["key"], "notification_failed");
    let log = data_home.join("org.rapport.desktop").join("logs").join(rapport_app::LOG_FILE);
    let text = std::fs::read_to_string(&log).unwrap_or_else(|e| panic!("{}: {e}", log.display()));
    assert!(text.contains("the notification could not be shown (notifications are blocked by the system)"), "{text}");
    assert!(failed[0]["log"].as_str().unwrap().ends_with("logs/rapport.log"), "{failed:?}");

    let err = h.call("send_test_reminder", json!({ "lang": "en" })).unwrap_err();
    assert_eq!(err["key"], "notification_failed");
    // The card reads the same agenda, permission or not.
    assert_eq!(h.ok("agenda", json!({ "days": 14 }))["questions_i_owe"].as_array().unwrap().len(), 2);
}

/// A session bus whose notification service never answers (D-Bus activation can wait ~25 s):
/// Settings gets its reminder section at once, the permission said to be unknown for now.
#[test]
fn a_system_slow_to_say_whether_it_shows_notifications_does_not_hold_up_settings() {
    let h = harness_with_questions();
    std::fs::write(seam(&h, ".slow"), "").unwrap();
    let started = std::time::Instant::now();
    let settings = h.ok("reminder_settings", json!({}));
    let waited = started.elapsed();
    assert!(waited < std::time::Duration::from_secs(5), "Settings waited {waited:?}");
    assert_eq!((&settings["on"], &settings["permission"]), (&json!(false), &json!("unknown")));
}
