//! A Rapport JSON export is held to the rules of every other write (issue 17, items 4 and 14):
//! its settings as `rapport model set` checks them, its texts, dates and answers as the store
//! checks them when each is added by hand. What breaks a rule is named in the preview and, unless
//! `--skip-invalid`, refuses the import leaving the database as it was; what is left out is said.
//! And a model already stored unreadable fails with a sentence that says how to recover.

use rapport_core::import::{self, ImportOptions, Preview, Severity};
use rapport_core::{
    Channel, ContactFields, Direction, NewInteraction, NewPost, NewQuestion, NewReaction, NewValueItem, Party,
    ReactionKind, Store, ValueKind,
};
use serde_json::{json, Value};

/// A small database with something of everything an export carries.
fn source() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    let ana = s.add_contact(&ContactFields { circles: vec!["Friends".into()], ..ContactFields::named("Ana") }).unwrap();
    let ben = s.add_contact(&ContactFields::named("Ben")).unwrap();
    let at = |d: &str| chrono::DateTime::parse_from_rfc3339(d).unwrap();
    let asked = s
        .log_interaction(&NewInteraction {
            questions: vec![NewQuestion {
                asked_by: Party::Them,
                text: "Can you read my draft?".into(),
                contact: None,
            }],
            ..NewInteraction::new(at("2025-03-01T10:00:00Z"), Channel::Call, Party::Them, vec![ana.id])
        })
        .unwrap();
    let q = asked.questions[0].id;
    s.log_interaction(&NewInteraction {
        answers: vec![q],
        ..NewInteraction::new(at("2025-03-05T10:00:00Z"), Channel::Email, Party::Me, vec![ana.id, ben.id])
    })
    .unwrap();
    let post = s
        .add_post(&NewPost {
            platform: "Blog".into(),
            at: at("2025-04-01T08:00:00Z"),
            title: "Notes".into(),
            url: None,
        })
        .unwrap();
    s.add_reaction(&NewReaction {
        post: post.id,
        kind: ReactionKind::Comment,
        contact: Some(ben.id),
        count: 1,
        at: Some(at("2025-04-02T08:00:00Z").with_timezone(&chrono::Utc)),
        comment: Some("Nice".into()),
        replied: false,
    })
    .unwrap();
    s.add_value_item(ben.id, Direction::Given, &NewValueItem::of(ValueKind::Gift), at("2025-05-01T08:00:00Z")).unwrap();
    s
}

fn export_of(s: &Store) -> Value {
    serde_json::to_value(s.export().unwrap()).unwrap()
}

fn parse(doc: &Value) -> import::Parsed {
    let bytes = serde_json::to_vec(doc).unwrap();
    import::parse(&bytes, "rapport.json", &ImportOptions::default(), &mut |_| true).unwrap()
}

fn preview(doc: &Value) -> Preview {
    import::preview(&Store::open_in_memory().unwrap(), &parse(doc), &mut |_| true).unwrap()
}

/// Applies `doc` to an empty database; with `skip`, the bad records are left out.
fn apply(doc: &Value, skip: bool) -> (Store, Result<Preview, rapport_core::Error>) {
    let mut store = Store::open_in_memory().unwrap();
    let options = ImportOptions { skip_invalid: skip, ..Default::default() };
    let done = import::apply(&mut store, &parse(doc), &options, &mut |_| true);
    (store, done)
}

/// Refused without `--skip-invalid`, naming what is wrong, and nothing written; returns the
/// refusal's sentence.
fn refused(doc: &Value) -> String {
    let (store, done) = apply(doc, false);
    let e = done.expect_err("refused");
    assert_eq!(e.code(), "bad_input", "{e}");
    let text = e.to_string();
    assert!(!text.contains("constraint") && !text.contains("SQLite"), "no SQLite text: {text}");
    let after = store.export().unwrap();
    assert!(after.contacts.is_empty() && after.posts.is_empty() && after.settings.is_empty(), "nothing written");
    text
}

/// A change made to an export, to break one rule.
type Edit = fn(&mut Value);
/// A change that puts `text` somewhere.
type Put = fn(&mut Value, &str);

/// The problem of severity `severity` with this key, as `(field, English)`.
fn problem(p: &Preview, severity: Severity, key: &str) -> (String, String) {
    let found = p.problems.iter().find(|x| x.severity == severity && x.reason.key() == key);
    let found = found.unwrap_or_else(|| panic!("no {key} among {:#?}", p.problems));
    (found.field.clone(), found.to_string())
}

#[test]
fn a_clean_export_restores_without_a_problem() {
    let doc = export_of(&source());
    let p = preview(&doc);
    assert!(p.problems.is_empty(), "{:#?}", p.problems);
    let (store, done) = apply(&doc, false);
    done.unwrap();
    assert_eq!(export_of(&store), doc);
}

/// The summary counts the value items written, those inside interactions too (it said "0 value
/// items" for the demo's 898, all written, as they are all inside interactions).
#[test]
fn the_summary_counts_every_value_item_written_those_of_interactions_too() {
    let mut s = source();
    let ana = rapport_core::ContactId(export_of(&s)["contacts"][0]["id"].as_i64().unwrap());
    let at = chrono::DateTime::parse_from_rfc3339("2025-06-01T10:00:00Z").unwrap();
    s.log_interaction(&NewInteraction {
        given: vec![NewValueItem::of(ValueKind::Gift), NewValueItem::of(ValueKind::Help)],
        received: vec![NewValueItem::of(ValueKind::Advice)],
        ..NewInteraction::new(at, Channel::Call, Party::Me, vec![ana])
    })
    .unwrap();
    let doc = export_of(&s);
    let in_interactions: usize =
        doc["interactions"].as_array().unwrap().iter().map(|i| i["value_items"].as_array().unwrap().len()).sum();
    let standalone = doc["value_items"].as_array().unwrap().len();
    assert_eq!((in_interactions, standalone), (3, 1));

    assert_eq!(preview(&doc).restored.unwrap().value_items, 4, "the preview counts what would be written");
    let (store, done) = apply(&doc, false);
    let done = done.unwrap();
    assert_eq!(done.restored.as_ref().unwrap().value_items, 4);
    assert!(done.restored.unwrap().describe().contains("4 value items"));
    assert_eq!(export_of(&store), doc, "all four were written");
}

/// A value of the wrong type is refused naming its field, not with serde's bare "expected u32 at
/// line 1 column 15".
#[test]
fn a_value_of_the_wrong_type_is_refused_naming_its_field() {
    let cases: [(&str, &str, Edit); 3] = [
        ("settings", "expected a map", |d| d["settings"] = json!([1])),
        ("posts[0].reactions[0].count", "expected u32", |d| d["posts"][0]["reactions"][0]["count"] = json!(-5)),
        ("interactions[1].duration_min", "expected u32", |d| d["interactions"][1]["duration_min"] = json!(-1)),
    ];
    for (field, expected, set) in cases {
        let mut doc = export_of(&source());
        set(&mut doc);
        let bytes = serde_json::to_vec(&doc).unwrap();
        let e = import::parse(&bytes, "rapport.json", &ImportOptions::default(), &mut |_| true).unwrap_err();
        let text = e.to_string();
        assert_eq!((e.code(), e.reason().key()), ("bad_input", "export_field"), "{text}");
        assert!(text.starts_with(&format!("{field}: not a Rapport export: ")), "names {field}: {text}");
        assert!(text.contains(expected) && text.contains("(line 1, column "), "{text}");
        assert!(!text.contains(" at line "), "the position is said once: {text}");
    }
}

#[test]
fn a_model_that_is_not_an_object_is_refused_by_name_and_left_out_with_skip_invalid() {
    let mut doc = export_of(&source());
    doc["settings"] = json!({ "model": "not an object" });
    let (field, text) = problem(&preview(&doc), Severity::Error, "imported_model");
    assert_eq!(field, "settings.model");
    assert!(text.contains("not model settings"), "{text}");
    assert!(refused(&doc).contains("settings.model"));

    let (store, done) = apply(&doc, true);
    done.unwrap();
    assert!(store.setting("model").unwrap().is_none(), "left out");
    store.model_settings().unwrap();
    assert_eq!(store.export().unwrap().contacts.len(), 2, "the rest imported");
}

#[test]
fn model_numbers_out_of_their_bounds_are_refused_with_the_model_set_message() {
    let mut doc = export_of(&source());
    doc["settings"] = json!({ "model": { "base_half_life_days": -30 } });
    let (field, text) = problem(&preview(&doc), Severity::Error, "model_range");
    assert_eq!(field, "settings.model");
    assert!(text.contains("base_half_life_days is -30; it must be above 0 and at most 3650"), "{text}");
    refused(&doc);

    // A valid model goes in, as the full document `model set` would save (a field Rapport does
    // not know, however large, is not kept).
    doc["settings"] = json!({ "model": { "window_days": 200, "junk": "x".repeat(2_000_000) } });
    let (store, done) = apply(&doc, false);
    done.unwrap();
    assert_eq!(store.model_settings().unwrap().window_days, 200.0);
    let stored = serde_json::to_string(&store.setting("model").unwrap().unwrap()).unwrap();
    assert!(stored.len() < 10_000 && !stored.contains("junk"), "{} bytes", stored.len());
}

#[test]
fn unknown_settings_are_ignored_with_one_warning_that_counts_them() {
    let mut doc = export_of(&source());
    let mut settings = serde_json::Map::new();
    for i in 0..100_000 {
        settings.insert(format!("k{i:06}"), json!(i));
    }
    settings.insert("huge".into(), json!("x".repeat(2_000_000)));
    doc["settings"] = Value::Object(settings);
    let p = preview(&doc);
    assert_eq!((p.errors, p.warnings), (0, 1), "{:#?}", p.problems);
    let (field, text) = problem(&p, Severity::Warning, "settings_ignored");
    assert_eq!(field, "settings");
    assert!(text.contains("settings Rapport does not know, ignored: 100001 (huge, k000000 and k000001)"), "{text}");
    assert_eq!(p.restored.as_ref().unwrap().settings, 0);
    let (store, done) = apply(&doc, false);
    done.unwrap();
    assert!(store.settings().unwrap().is_empty());
}

#[test]
fn the_demo_mark_is_kept_but_held_to_the_size_of_any_setting() {
    let mut doc = export_of(&source());
    doc["settings"] = json!({ "demo.loaded": { "seed": 1 } });
    let (store, done) = apply(&doc, false);
    done.unwrap();
    assert_eq!(store.setting("demo.loaded").unwrap(), Some(json!({ "seed": 1 })));

    doc["settings"] = json!({ "demo.loaded": "x".repeat(2_000_000) });
    let (field, _) = problem(&preview(&doc), Severity::Error, "setting_too_large");
    assert_eq!(field, "settings.demo.loaded");
    refused(&doc);
}

#[test]
fn a_model_already_stored_unreadable_fails_with_how_to_recover() {
    for stored in ["\"not an object\"", "{\"base_half_life_days\": -5}", "{not json"] {
        let mut store = source();
        store.connection().execute("INSERT INTO settings (key, value) VALUES ('model', ?1)", [stored]).unwrap();
        let e = store.model_settings().unwrap_err();
        assert_eq!(e.reason().key(), "model_unreadable", "{stored}: {e}");
        let text = e.to_string();
        assert!(text.contains("Restore defaults") && text.contains("rapport model reset"), "{text}");
        // Resetting it is the way out.
        store.set_model_settings(&rapport_core::measures::settings::ModelSettings::default()).unwrap();
        store.model_settings().unwrap();
    }
}

#[test]
fn texts_over_the_stores_limits_are_refused_by_record_and_field() {
    let long = "x".repeat(2_000_000);
    let cases: [(&str, Put); 5] = [
        ("title", |d, s| d["posts"][0]["title"] = json!(s)),
        ("comment", |d, s| d["posts"][0]["reactions"][0]["comment"] = json!(s)),
        ("note", |d, s| d["value_items"][0]["note"] = json!(s)),
        ("notes", |d, s| d["contacts"][0]["notes"] = json!(s)),
        ("summary", |d, s| d["interactions"][0]["summary"] = json!(s)),
    ];
    for (field, set) in cases {
        let mut doc = export_of(&source());
        set(&mut doc, &long);
        let (named, text) = problem(&preview(&doc), Severity::Error, "too_long");
        assert_eq!(named, field, "{text}");
        assert!(text.contains("2000000 characters"), "{text}");
        refused(&doc);
    }
}

#[test]
fn dates_out_of_range_and_a_reaction_before_its_post_are_refused() {
    let cases: [(&str, &str, Edit); 5] = [
        ("post 1", "date_range", |d| d["posts"][0]["at"] = json!("9999-01-01T00:00:00Z")),
        ("post 1", "date_range", |d| d["posts"][0]["reactions"][0]["at"] = json!("9999-01-01T00:00:00Z")),
        ("value item 1", "date_range", |d| d["value_items"][0]["at"] = json!("9999-01-01T00:00:00Z")),
        ("contact 1", "date_range", |d| d["contacts"][0]["created_at"] = json!("9999-01-01T00:00:00Z")),
        ("post 1", "reaction_before_post", |d| d["posts"][0]["reactions"][0]["at"] = json!("2025-03-31T08:00:00Z")),
    ];
    for (record, key, set) in cases {
        let mut doc = export_of(&source());
        set(&mut doc);
        let (_, text) = problem(&preview(&doc), Severity::Error, key);
        assert!(text.starts_with(record), "{text}");
        refused(&doc);
    }
}

#[test]
fn an_interaction_with_no_participant_is_an_error_and_skipped_with_skip_invalid() {
    let mut doc = export_of(&source());
    doc["interactions"][1]["participants"] = json!([]);
    let p = preview(&doc);
    let (field, text) = problem(&p, Severity::Error, "need_participant");
    assert_eq!(field, "participants");
    assert!(text.starts_with("interaction 2"), "{text}");
    assert_eq!(p.records_skipped, 1);
    refused(&doc);
    // Left out, the question it answered stays open, and the preview says so.
    let (_, text) = problem(&p, Severity::Warning, "answer_left_out");
    assert!(text.contains("is not among the interactions imported; the question is imported as still open"), "{text}");
    let (store, done) = apply(&doc, true);
    assert_eq!(done.unwrap().interactions_created, 1);
    let q = &store.export().unwrap().interactions[0].questions[0];
    assert_eq!(q.answered_in, None);
}

#[test]
fn answers_that_break_the_answering_rules_are_left_out_with_a_warning() {
    let mut doc = export_of(&source());
    let first = doc["interactions"][0]["id"].clone();
    let q = doc["interactions"][0]["questions"][0]["id"].clone();
    // Pointing nowhere.
    doc["interactions"][0]["questions"][0]["answered_in"] = json!(9999);
    let (field, text) = problem(&preview(&doc), Severity::Warning, "answer_left_out");
    assert_eq!(field, "questions");
    assert!(text.contains("interaction #9999"), "{text}");
    // In the interaction that asked it.
    doc["interactions"][0]["questions"][0]["answered_in"] = first;
    let (_, text) = problem(&preview(&doc), Severity::Warning, "answer_left_out");
    assert!(text.contains("cannot be answered in the interaction that asked it"), "{text}");
    // Before it was asked.
    let mut doc = export_of(&source());
    doc["interactions"][1]["at"] = json!("2025-02-01T10:00:00Z");
    let (_, text) = problem(&preview(&doc), Severity::Warning, "answer_left_out");
    assert!(text.contains(&format!("happened before question #{q} was asked")), "{text}");
    let (store, done) = apply(&doc, false);
    assert_eq!(done.unwrap().warnings, 1);
    assert_eq!(store.export().unwrap().interactions[0].questions[0].answered_in, None);
}

#[test]
fn a_circle_named_twice_or_an_id_used_twice_is_named_not_left_to_sqlite() {
    let mut doc = export_of(&source());
    let mut circle = doc["circles"][0].clone();
    circle["id"] = json!(77);
    circle["name"] = json!("FRIENDS");
    doc["circles"].as_array_mut().unwrap().push(circle);
    let (_, text) = problem(&preview(&doc), Severity::Error, "circle_exists");
    assert!(text.starts_with("circle 2"), "{text}");
    assert!(refused(&doc).contains("a circle named “FRIENDS” already exists"));

    let mut doc = export_of(&source());
    let twin = doc["posts"][0].clone();
    doc["posts"].as_array_mut().unwrap().push(twin);
    let (_, text) = problem(&preview(&doc), Severity::Error, "duplicate_id");
    assert!(text.starts_with("post 2") && text.contains("appears more than once"), "{text}");
    refused(&doc);
    let (store, done) = apply(&doc, true);
    done.unwrap();
    assert_eq!(store.export().unwrap().posts.len(), 1);
}
