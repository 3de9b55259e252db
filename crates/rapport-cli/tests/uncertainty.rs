//! Issue 13, uncertainty, through the `rapport` binary: counts and 80% intervals beside every
//! rate and component, "too early to say" in place of a band the data cannot support, and moves
//! inside the noise told as such.

mod common;

use common::Db;

impl Db {
    /// The new user: 3 interactions with 2 people.
    fn three_interactions_with_two_people() -> Db {
        let db = Db::new();
        db.ok(&["contact", "add", "Ana"]);
        db.ok(&["contact", "add", "Ben"]);
        db.ok(&["log", "--with", "Ana", "--channel", "in_person", "--at", "2026-03-01 10:00"]);
        db.ok(&["log", "--with", "Ben", "--channel", "message", "--by", "them", "--at", "2026-03-02 10:00"]);
        db.ok(&["log", "--with", "Ben", "--channel", "message", "--at", "2026-03-02 11:00"]);
        db
    }
}

/// Defect 13: after 3 interactions with 2 people the report says it is too early for a band,
/// with the index's interval, and each component with its count and interval.
#[test]
fn a_new_users_report_is_too_early_to_say_with_intervals() {
    let db = Db::three_interactions_with_two_people();
    let text = db.ok(&["report", "--at", "2026-03-03T00:00:00Z"]);
    let first = text.lines().next().unwrap();
    assert!(first.contains("too early to say"), "{text}");
    assert!(first.contains("80%: "), "{text}");
    for name in ["Depth", "Reciprocity", "Generosity", "Follow-through", "Reach"] {
        let line = text.lines().find(|l| l.trim_start().starts_with(name)).unwrap_or_else(|| panic!("{text}"));
        assert!(line.contains('–'), "{name} without its interval: {line}");
    }
    let json = db.json(&["report", "--at", "2026-03-03T00:00:00Z"]);
    assert_eq!(json["network"]["band"], "too_early");
    let interval = json["network"]["interval"].as_array().unwrap();
    assert!(interval[1].as_f64().unwrap() - interval[0].as_f64().unwrap() > 12.0, "{}", json["network"]);
    for c in json["network"]["components"].as_array().unwrap() {
        assert!(c["n"].is_number() && c["interval"].is_array(), "{c}");
    }
}

/// Every rate of a tie shows its interval in `report --contact`, and JSON has n and interval.
#[test]
fn a_contacts_rates_show_their_intervals() {
    let db = Db::three_interactions_with_two_people();
    let text = db.ok(&["report", "--at", "2026-03-03T00:00:00Z", "--contact", "Ben"]);
    let line = text.lines().find(|l| l.contains("Conversation:")).unwrap_or_else(|| panic!("{text}"));
    // 0 of my 1 turn answered (Ben has not written back): Beta(2, 3), whose 90% is 0.6795, the
    // lower bound moved to the observed 0.
    assert!(line.contains("0% (80%: 0–68%)"), "{line}");
    let json = db.json(&["report", "--at", "2026-03-03T00:00:00Z", "--contact", "Ben"]);
    assert_eq!(json["conversation"]["answered_share_n"], 1);
    assert!(json["conversation"]["answered_share_interval"].is_array());
    assert_eq!(json["my_questions"]["n"], 0);
    assert!(json["my_questions"]["interval"].is_null());
    // `contact show` lists the same rates with their intervals and counts.
    let show = db.ok(&["contact", "show", "Ben"]);
    assert!(show.contains("my turns answered: 0% (80%: 0–68%), n = 1"), "{show}");
}

/// A move inside the noise is told as such, after the moves that stand out.
#[test]
fn why_tells_moves_inside_the_noise_apart() {
    let db = Db::three_interactions_with_two_people();
    db.ok(&["log", "--with", "Ana", "--channel", "message", "--at", "2026-03-05 10:00"]);
    let text = db.ok(&["why", "--from", "2026-03-03T00:00:00Z", "--to", "2026-03-06T00:00:00Z"]);
    assert!(text.lines().next().unwrap().contains("80% then: "), "{text}");
    assert!(text.contains("within the noise"), "{text}");
    let json = db.json(&["why", "--from", "2026-03-03T00:00:00Z", "--to", "2026-03-06T00:00:00Z"]);
    let moves = json["moves"].as_array().unwrap();
    assert!(moves.iter().any(|m| m["within_noise"] == true), "{json}");
    assert_eq!(json["band_moved"], false);
}
