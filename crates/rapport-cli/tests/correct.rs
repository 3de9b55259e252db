//! `rapport interaction edit|delete` and `rapport contact delete`, end to end on a fresh file.

mod common;

use common::Db;
use serde_json::Value;

impl Db {
    /// Everything in the database, as the export writes it.
    fn everything(&self) -> Value {
        let file = self.dir.path().join(format!("export-{}.json", rand_suffix()));
        self.ok(&["export", "--format", "json", "--out", file.to_str().unwrap()]);
        let mut all: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        all["exported_at"] = Value::Null;
        all
    }
}

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Ana and Ben; a call with Ana that asks a question, a dinner with both that answers it, and
/// a call with Ana alone.
fn network(db: &Db) -> (i64, i64, i64) {
    db.ok(&["contact", "add", "Ana Lima"]);
    db.ok(&["contact", "add", "Ben Stone"]);
    let ask = db.json(&[
        "log",
        "--with",
        "Ana",
        "--at",
        "2026-03-01 10:00",
        "--channel",
        "call",
        "--they-asked",
        "Read my draft?",
    ]);
    let q = ask["questions"][0]["id"].as_i64().unwrap().to_string();
    let dinner = db.json(&[
        "log",
        "--with",
        "Ana",
        "--with",
        "Ben",
        "--at",
        "2026-03-05 20:00",
        "--note",
        "Dinner",
        "--answers",
        &q,
    ]);
    db.ok(&["log", "--with", "Ana", "--at", "2026-03-06 09:00", "--note", "Coffee"]);
    (ask["id"].as_i64().unwrap(), dinner["id"].as_i64().unwrap(), q.parse().unwrap())
}

#[test]
fn interaction_edit_changes_only_the_fields_given() {
    let db = Db::new();
    let (_, dinner, _) = network(&db);
    let id = dinner.to_string();
    let edited = db.json(&[
        "interaction",
        "edit",
        &id,
        "--note",
        "Dinner at Léa's",
        "--channel",
        "in_person",
        "--duration",
        "120",
        "--by",
        "Ben",
    ]);
    assert_eq!(edited["summary"], "Dinner at Léa's");
    assert_eq!(edited["channel"], "in_person");
    // A group dinner has one initiator: "them" would not say which.
    assert_eq!(edited["initiated_by"], "them");
    assert_eq!(edited["initiator"], 2);
    assert_eq!(edited["duration_min"], 120);
    assert_eq!(edited["participants"].as_array().unwrap().len(), 2, "participants unchanged");
    let text = db.ok(&["interaction", "edit", &id, "--no-duration", "--at", "2026-03-05 21:00"]);
    assert!(text.starts_with(&format!("interaction {dinner} is now: 2026-03-05 21:00")), "{text}");
}

#[test]
fn interaction_edit_refuses_bad_input_with_the_reason_and_writes_nothing() {
    let db = Db::new();
    let (ask, dinner, q) = network(&db);
    let before = db.everything();
    let (_, err) = db.failure(&["interaction", "edit", &dinner.to_string(), "--at", "2026-02-01"], 1);
    assert!(err.contains(&format!("happened before question #{q} was asked")), "{err}");
    let (_, err) = db.failure(&["interaction", "edit", &ask.to_string(), "--with", "Ben"], 1);
    assert!(err.contains("has value items or questions in this interaction"), "{err}");
    let (_, err) = db.failure(&["interaction", "edit", "999", "--note", "x"], 1);
    assert!(err.contains("no interaction with id 999"), "{err}");
    let (_, err) = db.failure(&["interaction", "edit", &ask.to_string(), "--with", "Nobody"], 1);
    assert!(err.contains("--with: no contact matches"), "{err}");
    let (_, err) = db.failure(&["interaction", "edit", &ask.to_string()], 2);
    assert!(err.contains("nothing to change"), "{err}");
    assert_eq!(db.everything(), before);
}

#[test]
fn interaction_delete_needs_yes_and_reopens_what_it_answered() {
    let db = Db::new();
    let (_, dinner, q) = network(&db);
    let before = db.everything();
    let (out, err) = db.failure(&["interaction", "delete", &dinner.to_string()], 1);
    assert_eq!(out, "");
    assert!(err.contains("Dinner") && err.contains("--yes"), "{err}");
    assert_eq!(db.everything(), before, "without --yes nothing goes");
    let deleted = db.json(&["interaction", "delete", &dinner.to_string(), "--yes"]);
    assert_eq!(deleted["removed"]["interactions"], 1);
    assert_eq!(deleted["contacts"], serde_json::json!([1, 2]));
    let open = db.json(&["questions", "--open"]);
    assert_eq!(open[0]["id"], q, "the question is open again");
    let (_, err) = db.failure(&["interaction", "delete", &dinner.to_string(), "--yes"], 1);
    assert!(err.contains(&format!("no interaction with id {dinner}")), "{err}");
}

#[test]
fn contact_delete_shows_what_goes_then_with_yes_keeps_group_interactions() {
    let db = Db::new();
    let (_, dinner, _) = network(&db);
    let before = db.everything();
    let (_, err) = db.failure(&["contact", "delete", "Ana"], 1);
    assert!(
        err.contains(
            "deleting Ana Lima (#1) removes 2 interactions and 1 question; 1 group interaction stays with the others"
        ),
        "{err}"
    );
    assert!(err.contains("--yes"), "{err}");
    let (out, _) = db.failure(&["contact", "delete", "Ana", "--json"], 1);
    let preview: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(preview["would_remove"]["interactions"], 2);
    assert_eq!(db.everything(), before, "without --yes nothing goes");

    let text = db.ok(&["contact", "delete", "Ana", "--yes"]);
    assert!(text.starts_with("deleted Ana Lima (#1): removes 2 interactions"), "{text}");
    let left = db.json(&["interactions"]);
    assert_eq!(left.as_array().unwrap().len(), 1);
    assert_eq!(left[0]["id"], dinner);
    assert_eq!(left[0]["participants"][0]["display_name"], "Ben Stone");
    let (_, err) = db.failure(&["contact", "delete", "Ana", "--yes"], 1);
    assert!(err.contains("no contact matches"), "{err}");
}

#[test]
fn contact_list_sorts_by_the_structured_name_not_the_honorifics() {
    let db = Db::new();
    db.ok(&["contact", "add", "Mr. John Smith Sr.", "--given-name", "John", "--family-name", "Smith"]);
    db.ok(&["contact", "add", "Ann Lee"]);
    db.ok(&["contact", "add", "Kim Park"]);
    db.ok(&["contact", "add", "Dr. Zoe Adams", "--given-name", "Zoe", "--family-name", "Adams"]);
    let names = |listed: Value| -> Vec<String> {
        listed.as_array().unwrap().iter().map(|c| c["display_name"].as_str().unwrap().to_owned()).collect()
    };
    // Among the J's and the Z's, as the window's list has them.
    assert_eq!(names(db.json(&["contact", "list"])), ["Ann Lee", "Mr. John Smith Sr.", "Kim Park", "Dr. Zoe Adams"]);
    assert_eq!(names(db.json(&["contact", "list", "--limit", "2"])), ["Ann Lee", "Mr. John Smith Sr."]);
    let text = db.ok(&["contact", "list"]);
    let order: Vec<usize> =
        ["Ann Lee", "John Smith", "Kim Park", "Zoe Adams"].iter().map(|n| text.find(n).unwrap()).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
}

#[test]
fn interaction_edit_adds_value_items_and_questions_and_each_can_be_edited_after() {
    let db = Db::new();
    let (_, _, _) = network(&db);
    let coffee = db.json(&["interactions", "--limit", "1"])[0]["id"].as_i64().unwrap().to_string();
    let edited = db.json(&[
        "interaction",
        "edit",
        &coffee,
        "--gave",
        "advice:on pricing",
        "--received",
        "gift",
        "--they-asked",
        "Lunch on Friday?",
    ]);
    let items = edited["value_items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{edited}");
    assert_eq!((items[0]["direction"].as_str(), items[0]["kind"].as_str()), (Some("given"), Some("advice")));
    assert_eq!(items[0]["note"], "on pricing");
    assert_eq!(edited["questions"][0]["text"], "Lunch on Friday?");
    assert_eq!(edited["questions"][0]["asked_by"], "them");
    let item = items[0]["id"].as_i64().unwrap().to_string();
    let question = edited["questions"][0]["id"].as_i64().unwrap().to_string();

    // The text lists each item with the id the next commands take.
    let text = db.ok(&["interaction", "edit", &coffee, "--asked", "Still on for June?"]);
    assert!(text.contains(&format!("value item {item}: gave advice to Ana Lima: “on pricing”")), "{text}");
    assert!(text.contains(&format!("question {question}: Ana Lima asked me: Lunch on Friday?")), "{text}");
    assert!(text.contains(": I asked Ana Lima: Still on for June?"), "{text}");

    let changed = db.json(&["value", "edit", &item, "--direction", "received", "--kind", "help", "--note", "CV"]);
    assert_eq!((changed["direction"].as_str(), changed["kind"].as_str()), (Some("received"), Some("help")));
    assert_eq!(changed["note"], "CV");
    let text = db.ok(&["question", "edit", &question, "--by", "me", "--text", "Lunch on Monday?"]);
    assert_eq!(text, format!("question {question} is now: I asked Ana Lima: Lunch on Monday?\n"));
    let before = db.everything();
    let (_, err) = db.failure(&["value", "edit", &item], 2);
    assert!(err.contains("nothing to change"), "{err}");
    let (_, err) = db.failure(&["value", "edit", &item, "--weight", "500"], 1);
    assert!(err.contains("weight"), "{err}");
    let (_, err) = db.failure(&["question", "edit", &question, "--text", " "], 1);
    assert!(err.contains("text"), "{err}");
    let (_, err) = db.failure(&["interaction", "edit", &coffee, "--gave", "money"], 2);
    assert!(err.contains("not a kind of value"), "{err}");
    assert_eq!(db.everything(), before, "nothing written by a refusal");
}

#[test]
fn value_question_and_post_delete_show_what_goes_need_yes_and_refuse_unknown_ids() {
    let db = Db::new();
    let (ask, _, q) = network(&db);
    let item = db.json(&["interaction", "edit", &ask.to_string(), "--gave", "introduction:to Cleo"])["value_items"][0]
        ["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let post = db.ok(&["post", "add", "--platform", "LinkedIn", "--title", "Why I give first"]).trim().to_owned();
    db.ok(&["react", &post, "--kind", "like", "--by", "Ben"]);
    let before = db.everything();
    for (args, shown) in [
        (vec!["value", "delete", &item], format!("this deletes value item {item}: gave introduction to Ana Lima")),
        (
            vec!["question", "delete", &q.to_string()],
            format!("this deletes question {q}: Ana Lima asked me: Read my draft?"),
        ),
        (
            vec!["post", "delete", &post],
            format!("this deletes post {post}: LinkedIn “Why I give first” with its 1 reaction"),
        ),
    ] {
        let (out, err) = db.failure(&args, 1);
        assert_eq!(out, "");
        assert!(err.contains(&shown) && err.contains("--yes"), "{err}");
    }
    for (kind, what) in [("value", "value item"), ("question", "question"), ("post", "post")] {
        let (_, err) = db.failure(&[kind, "delete", "999", "--yes"], 1);
        assert!(err.contains(&format!("no {what} with id 999")), "{err}");
    }
    assert_eq!(db.everything(), before, "without --yes, or with an unknown id, nothing goes");

    let deleted = db.json(&["value", "delete", &item, "--yes"]);
    assert_eq!(
        (deleted["removed"]["value_items"].as_i64(), deleted["contacts"].clone()),
        (Some(1), serde_json::json!([1]))
    );
    let text = db.ok(&["question", "delete", &q.to_string(), "--yes"]);
    assert!(text.starts_with(&format!("deleted question {q}: ")), "{text}");
    let deleted = db.json(&["post", "delete", &post, "--yes"]);
    assert_eq!((deleted["removed"]["posts"].as_i64(), deleted["removed"]["reactions"].as_i64()), (Some(1), Some(1)));
    assert!(db.json(&["post", "list"]).as_array().unwrap().is_empty());
    assert!(db.json(&["questions"]).as_array().unwrap().iter().all(|x| x["id"] != q));
    let (_, err) = db.failure(&["value", "delete", &item, "--yes"], 1);
    assert!(err.contains(&format!("no value item with id {item}")), "{err}");
}
