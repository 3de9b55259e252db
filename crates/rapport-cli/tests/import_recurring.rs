//! `rapport import` of a calendar with a recurring meeting (issue 16): the preview says how many
//! occurrences the event expanded to (and how many later ones were left out, when there are); the import writes one
//! interaction per occurrence up to today, and a second import adds nothing.

mod common;

use common::ok;
use serde_json::Value;

const CALENDAR: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:weekly-ana\r\nSUMMARY:1:1\r\n\
ORGANIZER:mailto:me@rapport.test\r\nATTENDEE:mailto:ana@example.com\r\n\
DTSTART;TZID=Europe/Paris:20240108T100000\r\nRRULE:FREQ=WEEKLY;UNTIL=20241231T000000Z\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:later\r\nSUMMARY:Next year\r\nORGANIZER:mailto:me@rapport.test\r\n\
ATTENDEE:mailto:ana@example.com\r\nDTSTART:20990105T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

#[test]
fn the_preview_counts_a_recurring_event_s_occurrences_and_the_import_writes_each_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    let file = dir.path().join("work.ics");
    std::fs::write(&file, CALENDAR).unwrap();
    ok(&db, &["contact", "add", "Ana Lima", "--email", "ana@example.com"]);
    let file = file.to_str().unwrap();

    let preview = ok(&db, &["import", file, "--me", "me@rapport.test", "--dry-run"]);
    assert!(preview.contains("Interactions: 52 would be created"), "{preview}");
    assert!(
        preview.contains(
            "event 1 (line 3), RRULE: a recurring event that ends before the import date: occurrences, each an interaction: 52"
        ),
        "{preview}"
    );
    // None of its occurrences is after today, so the warning says nothing of later ones.
    assert!(!preview.contains("later ones"), "{preview}");
    assert!(
        preview.contains("file, DTSTART: events after the import date left out: 1 (only what has happened"),
        "{preview}"
    );

    let json: Value = serde_json::from_str(&ok(&db, &["import", file, "--me", "me@rapport.test", "--json"])).unwrap();
    assert_eq!(json["interactions_created"], 52, "{json}");
    let keys: Vec<&str> = json["problems"].as_array().unwrap().iter().map(|p| p["key"].as_str().unwrap()).collect();
    // The note about the whole file before the event's warning (a preview's order: plan.rs).
    assert_eq!(keys, ["future_events_left_out", "recurring_event_past"]);
    assert_eq!(json["problems"][1]["params"]["occurrences"], 52);

    let again: Value = serde_json::from_str(&ok(&db, &["import", file, "--me", "me@rapport.test", "--json"])).unwrap();
    assert_eq!((again["interactions_created"].as_u64(), again["interactions_duplicate"].as_u64()), (Some(0), Some(52)));
    let listed = ok(&db, &["interactions", "--json"]);
    let listed: Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(listed.as_array().map(Vec::len), Some(52), "{listed}");
}
