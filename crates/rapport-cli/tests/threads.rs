//! `rapport log --by` and `--reply-to` / `--reply` (issue 13, defect 5 and threads), and the same
//! in `rapport interaction edit`, end to end on a fresh file.

mod common;

use common::Db;

impl Db {
    /// Runs, expects exit `code`, and checks that nothing was logged; returns stderr.
    fn refused(&self, args: &[&str], code: i32) -> String {
        let before = self.ok(&["interactions", "--json"]);
        let out = self.cmd(args).assert().failure().code(code).get_output().clone();
        assert_eq!(self.ok(&["interactions", "--json"]), before, "nothing written by {args:?}");
        String::from_utf8(out.stderr).unwrap()
    }

    /// Logs and returns the new interaction's id (the first line).
    fn log(&self, args: &[&str]) -> String {
        let mut all = vec!["log"];
        all.extend_from_slice(args);
        self.ok(&all).lines().next().unwrap().to_owned()
    }
}

fn people(db: &Db) {
    for name in ["Bob Stone", "Cat Reed", "Dan Frey"] {
        db.ok(&["contact", "add", name]);
    }
}

#[test]
fn log_by_names_the_participant_who_started_a_group_message() {
    let db = Db::new();
    people(&db);
    let it = db.json(&["log", "--with", "Bob", "--with", "Cat", "--by", "Cat", "--at", "2026-03-01 10:00"]);
    assert_eq!((it["initiated_by"].as_str(), it["initiator"].as_i64()), (Some("them"), Some(2)));
    let by_id = db.json(&["log", "--with", "Bob", "--with", "Cat", "--by", "1", "--at", "2026-03-01 11:00"]);
    assert_eq!(by_id["initiator"].as_i64(), Some(1));
    // With one participant, "them" is enough; "me" stays the default.
    let alone = db.json(&["log", "--with", "Bob", "--by", "them", "--at", "2026-03-02 10:00"]);
    assert_eq!((alone["initiated_by"].as_str(), alone["initiator"].as_i64()), (Some("them"), None));
    let mine = db.json(&["log", "--with", "Bob", "--with", "Cat", "--at", "2026-03-03 10:00"]);
    assert_eq!((mine["initiated_by"].as_str(), mine["initiator"].as_i64()), (Some("me"), None));
    // The list shows who started it; its JSON carries both fields.
    let listed = db.ok(&["interactions", "--contact", "Cat"]);
    assert!(listed.lines().any(|l| l.matches("Cat Reed").count() == 2), "Cat in the by column: {listed}");
    let listed = db.json(&["interactions"]);
    assert_eq!(listed[3]["initiator"].as_i64(), Some(2));
    assert!(listed[0].get("in_reply_to").is_some());
}

#[test]
fn log_by_them_in_a_group_or_someone_absent_is_refused_naming_the_fix() {
    let db = Db::new();
    people(&db);
    let e = db.refused(&["log", "--with", "Bob", "--with", "Cat", "--by", "them"], 2);
    assert!(e.contains("--by") && e.contains("2 participants") && e.contains("name the one who started it"), "{e}");
    let e = db.refused(&["log", "--with", "Bob", "--with", "Cat", "--by", "Dan"], 2);
    assert!(e.contains("--by") && e.contains("#3") && e.contains("--with"), "{e}");
    let e = db.refused(&["log", "--with", "Bob", "--by", "Nobody"], 1);
    assert!(e.contains("--by") && e.contains("Nobody"), "{e}");
}

#[test]
fn log_reply_to_links_an_earlier_interaction_and_refuses_a_bad_link() {
    let db = Db::new();
    people(&db);
    let first = db.log(&["--with", "Bob", "--at", "2026-03-01 10:00"]);
    let out = db.ok(&["log", "--with", "Bob", "--by", "them", "--reply-to", &first, "--at", "2026-03-02 10:00"]);
    assert!(out.contains(&format!("replies to interaction {first}")), "{out}");
    let shown = db.json(&["interactions", "--contact", "Bob", "--limit", "1"]);
    assert_eq!(shown[0]["in_reply_to"].as_i64().map(|v| v.to_string()), Some(first.clone()));

    let e = db.refused(&["log", "--with", "Bob", "--reply-to", &first, "--at", "2026-02-01 10:00"], 1);
    assert!(e.contains(&format!("interaction #{first}")) && e.contains("does not come before this one"), "{e}");
    let e = db.refused(&["log", "--with", "Cat", "--reply-to", &first, "--at", "2026-03-05 10:00"], 1);
    assert!(e.contains("no participant in common"), "{e}");
    let e = db.refused(&["log", "--with", "Bob", "--reply-to", "999"], 1);
    assert!(e.contains("#999") && e.contains("does not exist"), "{e}");
}

#[test]
fn log_reply_picks_the_latest_open_exchange_with_the_contact() {
    let db = Db::new();
    people(&db);
    let e = db.refused(&["log", "--with", "Bob", "--reply"], 1);
    assert!(e.contains("nothing is waiting for a reply"), "{e}");
    db.log(&["--with", "Bob", "--at", "2026-03-01 10:00"]);
    let second = db.log(&["--with", "Bob", "--at", "2026-03-01 10:05"]);
    let reply = db.json(&["log", "--with", "Bob", "--by", "them", "--reply", "--at", "2026-03-01 12:00"]);
    assert_eq!(reply["in_reply_to"].as_i64().map(|v| v.to_string()), Some(second), "the latest of my burst");
    // A call settles it: nothing is open any more.
    db.log(&["--with", "Bob", "--channel", "call", "--at", "2026-03-02 09:00"]);
    let e = db.refused(&["log", "--with", "Bob", "--reply", "--at", "2026-03-02 10:00"], 1);
    assert!(e.contains("nothing is waiting for a reply"), "{e}");
    let e = db.refused(&["log", "--with", "Bob", "--with", "Cat", "--reply"], 2);
    assert!(e.contains("--by NAME") && e.contains("--reply-to"), "{e}");
}

#[test]
fn interaction_edit_changes_who_started_it_and_the_reply_link() {
    let db = Db::new();
    people(&db);
    let first = db.log(&["--with", "Bob", "--with", "Cat", "--at", "2026-03-01 10:00"]);
    let second = db.log(&["--with", "Bob", "--with", "Cat", "--at", "2026-03-02 10:00"]);
    let edited = db.json(&["interaction", "edit", &second, "--by", "Cat", "--reply-to", &first]);
    assert_eq!((edited["initiated_by"].as_str(), edited["initiator"].as_i64()), (Some("them"), Some(2)));
    assert_eq!(edited["in_reply_to"].as_i64().map(|v| v.to_string()), Some(first.clone()));
    let e = db.refused(&["interaction", "edit", &second, "--by", "them"], 2);
    assert!(e.contains("2 participants"), "{e}");
    let e = db.refused(&["interaction", "edit", &first, "--at", "2026-03-03 10:00"], 1);
    assert!(e.contains(&format!("interaction #{second}")) && e.contains("replies to this one"), "{e}");
    let edited = db.json(&["interaction", "edit", &second, "--by", "me", "--no-reply-to"]);
    assert_eq!((edited["initiator"].as_i64(), edited["in_reply_to"].as_i64()), (None, None));
}

#[test]
fn a_future_date_is_refused_unless_future_is_given_in_log_and_edit() {
    let db = Db::new();
    db.ok(&["contact", "add", "Ann"]);
    let err = db.refused(&["log", "--with", "Ann", "--at", "2099-01-01"], 2);
    assert!(err.contains("in the future") && err.contains("--future"), "{err}");
    let logged = db.json(&["log", "--with", "Ann", "--at", "2026-01-01"]);
    let id = logged["id"].as_i64().unwrap().to_string();
    let err = db.refused(&["interaction", "edit", &id, "--at", "2099-01-01"], 2);
    assert!(err.contains("--future"), "{err}");
    db.ok(&["interaction", "edit", &id, "--at", "2099-01-01", "--future"]);
    let future = db.json(&["log", "--with", "Ann", "--at", "2099-02-01", "--future"]);
    assert!(future["at"].as_str().unwrap().starts_with("2099-02-01"), "{future}");
}
