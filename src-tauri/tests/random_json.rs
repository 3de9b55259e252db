//! Random JSON sent to every command the window can call, through the mock runtime's IPC, exactly
//! as a compromised or buggy webview could send it. For each input:
//! - nothing panics (a caught panic comes back as `internal`, which fails the test too);
//! - a refused call answers with a readable error: Tauri's own text when the arguments do not
//!   parse, core's `{ code, message }` (a known code, a short message) when they parse but break a
//!   rule;
//! - a refused call leaves every row of every table as it was;
//! - a call that succeeds writes only the record it names (see [`check_write`]); a command this
//!   test does not know may not write at all.
//!
//! The test walks `COMMANDS`, so a command added later is covered without touching this file. The
//! inputs are generic (no generator per command): pure junk objects, and valid examples of every
//! known argument shape ([`templates`]) with one to three random mutations (a value replaced by
//! junk, a key removed, a junk key added). A command whose arguments none of this can parse would
//! only ever be refused by Tauri, which would prove little, so the test fails for such a command
//! and asks for an example of its arguments.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::panic::{catch_unwind, AssertUnwindSafe};

use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use rapport_app::{AppState, COMMANDS};
use rusqlite::{types::ValueRef, Connection, OpenFlags};
use serde_json::{json, Map, Value};
use tauri::test::MockRuntime;
use tauri::{App, WebviewWindow};

mod common;

/// Inputs per command. With 17 commands this is a few thousand calls, well under a minute.
const CASES_PER_COMMAND: u32 = 200;
/// Core's messages are for people: one that echoes a huge input back is a bug.
const MAX_MESSAGE_CHARS: usize = 1_000;
/// Commands this test leaves out. With the `encryption` feature, `enable_encryption` succeeds on
/// `{}` and turns the whole database into ciphertext that the reader connection cannot check
/// (tests/encryption.rs covers it); without the feature it is refused, and tested here.
const SKIPPED: &[&str] = if cfg!(feature = "encryption") { &["enable_encryption"] } else { &[] };
/// The codes a refusal may carry (core's `Error::code`); `internal` means a panic and is a failure.
const REFUSAL_CODES: &[&str] = &["invalid", "not_found", "ambiguous"];

struct Harness {
    window: WebviewWindow<MockRuntime>,
    _app: App<MockRuntime>,
    reader: Connection,
    _dir: tempfile::TempDir,
}

impl Harness {
    fn new() -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rapport.db");
        let (app, window) = common::app_and_window(AppState::open(&path));
        // A second, read-only connection sees every committed row (WAL) without touching them.
        let reader = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        Harness { window, _app: app, reader, _dir: dir }
    }

    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        common::call(&self.window, cmd, args)
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args).unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }

    /// Every row of every table, keyed by table and then by primary key (`id`, or the whole row
    /// for the link tables that have none). Left out: the data's token, which every write renews,
    /// and the search index's tables, which triggers keep in step: neither holds a record a call
    /// could name.
    fn snapshot(&self) -> Snapshot {
        let tables: Vec<String> = {
            let mut stmt = self
                .reader
                .prepare(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                       AND name <> 'data_token' AND name NOT LIKE '%search%' ORDER BY name",
                )
                .unwrap();
            let names = stmt.query_map([], |r| r.get(0)).unwrap();
            names.collect::<rusqlite::Result<_>>().unwrap()
        };
        let mut snapshot = Snapshot::new();
        for table in tables {
            let mut stmt = self.reader.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
            let columns: Vec<String> = stmt.column_names().map(str::to_owned).collect();
            let mut rows = stmt.query([]).unwrap();
            let entry = snapshot.entry(table).or_default();
            while let Some(r) = rows.next().unwrap() {
                let mut row = Map::new();
                for (i, c) in columns.iter().enumerate() {
                    let v = match r.get_ref(i).unwrap() {
                        ValueRef::Null => Value::Null,
                        ValueRef::Integer(n) => json!(n),
                        ValueRef::Real(f) => json!(f),
                        ValueRef::Text(t) => json!(String::from_utf8_lossy(t)),
                        ValueRef::Blob(b) => json!(b),
                    };
                    row.insert(c.clone(), v);
                }
                let key = match row.get("id") {
                    Some(id) => id.to_string(),
                    None => Value::Object(row.clone()).to_string(),
                };
                entry.insert(key, Value::Object(row));
            }
        }
        snapshot
    }
}

type Snapshot = BTreeMap<String, BTreeMap<String, Value>>;

/// One row that a call added, removed or changed.
struct Touched<'a> {
    table: &'a str,
    change: &'static str,
    row: &'a Value,
}

fn diff<'a>(before: &'a Snapshot, after: &'a Snapshot) -> Vec<Touched<'a>> {
    static EMPTY: BTreeMap<String, Value> = BTreeMap::new();
    let mut out = Vec::new();
    let tables: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    for table in tables {
        let (b, a) = (before.get(table).unwrap_or(&EMPTY), after.get(table).unwrap_or(&EMPTY));
        for (key, row) in a {
            match b.get(key) {
                None => out.push(Touched { table, change: "added", row }),
                Some(old) if old != row => out.push(Touched { table, change: "changed", row }),
                Some(_) => {}
            }
        }
        for (key, row) in b {
            if !a.contains_key(key) {
                out.push(Touched { table, change: "removed", row });
            }
        }
    }
    out
}

/// The record a touched row belongs to: `("contact", 3)` for a contact's row or one of its emails.
fn owner(t: &Touched) -> (&'static str, i64) {
    let col = |c: &str| t.row[c].as_i64().unwrap_or(i64::MIN);
    match t.table {
        "contacts" => ("contact", col("id")),
        // A contact's dated closeness and goal (a change of either is dated, issue 13) are theirs too.
        "contact_emails" | "contact_phones" | "contact_links" | "contact_circles" | "contact_fact_changes" => {
            ("contact", col("contact_id"))
        }
        "circles" if t.change == "added" => ("new circle", 0),
        "interactions" => ("interaction", col("id")),
        "interaction_participants" | "value_items" => ("interaction", col("interaction_id")),
        "questions" if t.change == "added" => ("interaction", col("asked_in")),
        "questions" => ("question", col("id")),
        "settings" => ("settings", 0),
        _ => ("other", 0),
    }
}

/// Which touched rows a writer may change, for the writers not covered by [`owner`].
type RowRule = Box<dyn Fn(&Touched) -> bool>;

/// A successful call may write, but only the record it names: what each writer may touch.
fn check_write(h: &Harness, cmd: &str, args: &Value, reply: &Value, touched: &[Touched]) -> Result<(), String> {
    let id = |v: &Value| v.as_i64().unwrap_or(i64::MIN);
    // Writers whose rows are named by another key than the owners below.
    let mine: Option<RowRule> = match cmd {
        // A merge (and its undo) moves every row of the two contacts it names, and journals it.
        "merge_contacts" | "undo_merge" => {
            let mut pair: Vec<i64> = vec![id(&args["kept"]), id(&args["merged"]), id(&reply["id"])];
            for t in touched.iter().filter(|t| t.table == "merges") {
                pair.extend([id(&t.row["kept"]), id(&t.row["merged"])]);
            }
            Some(Box::new(move |t: &Touched| {
                matches!(t.table, "merges" | "merge_moves")
                    || (t.table == "contacts" && pair.contains(&id(&t.row["id"])))
                    || pair.contains(&id(&t.row["contact_id"]))
            }))
        }
        "add_post" => {
            let post = id(&reply["id"]);
            Some(Box::new(move |t: &Touched| t.table == "posts" && id(&t.row["id"]) == post))
        }
        "delete_post" => {
            let post = id(&args["id"]);
            Some(Box::new(move |t: &Touched| {
                (t.table == "posts" && id(&t.row["id"]) == post)
                    || (t.table == "reactions" && id(&t.row["post_id"]) == post)
            }))
        }
        "add_reaction" => {
            let reaction = id(&reply["id"]);
            Some(Box::new(move |t: &Touched| t.table == "reactions" && id(&t.row["id"]) == reaction))
        }
        // My reply: its interaction (with participants and questions) and the comment it marks replied.
        "reply_to_comment" => {
            let (interaction, reaction) = (id(&reply["id"]), id(&args["reaction"]));
            Some(Box::new(move |t: &Touched| match t.table {
                "reactions" => id(&t.row["id"]) == reaction,
                "interactions" => id(&t.row["id"]) == interaction,
                "interaction_participants" => id(&t.row["interaction_id"]) == interaction,
                "questions" => id(&t.row["asked_in"]) == interaction,
                _ => false,
            }))
        }
        "delete_reaction" => {
            let reaction = id(&args["id"]);
            Some(Box::new(move |t: &Touched| t.table == "reactions" && id(&t.row["id"]) == reaction))
        }
        // Correcting what was logged: each edit and delete touches only the record it names.
        "edit_interaction" => {
            let x = id(&args["id"]);
            Some(Box::new(move |t: &Touched| match t.table {
                "interactions" => id(&t.row["id"]) == x,
                "interaction_participants" | "value_items" => id(&t.row["interaction_id"]) == x,
                _ => false,
            }))
        }
        "delete_interaction" => {
            let x = id(&args["id"]);
            Some(Box::new(move |t: &Touched| match (t.table, t.change) {
                ("interactions", "removed") => id(&t.row["id"]) == x,
                ("interaction_participants" | "value_items", "removed") => id(&t.row["interaction_id"]) == x,
                ("questions", "removed") => id(&t.row["asked_in"]) == x,
                // A question it answered is open again.
                ("questions", "changed") => t.row["answered_in"].is_null(),
                _ => false,
            }))
        }
        "delete_contact" => {
            let x = id(&args["id"]);
            Some(Box::new(move |t: &Touched| {
                t.change == "removed"
                    && match t.table {
                        "contacts" => id(&t.row["id"]) == x || !t.row["merged_into"].is_null(),
                        "interactions"
                        | "interaction_participants"
                        | "value_items"
                        | "questions"
                        | "merges"
                        | "merge_moves" => true,
                        _ => id(&t.row["contact_id"]) == x,
                    }
            }))
        }
        // The token names a delete the service kept: none here, so nothing may be written.
        "undo_delete" => Some(Box::new(|_: &Touched| false)),
        "edit_value_item" | "delete_value_item" => {
            let x = id(&args["id"]);
            Some(Box::new(move |t: &Touched| t.table == "value_items" && id(&t.row["id"]) == x))
        }
        "edit_reaction" => {
            let x = id(&args["id"]);
            Some(Box::new(move |t: &Touched| t.table == "reactions" && id(&t.row["id"]) == x))
        }
        "edit_post" => {
            let x = id(&args["id"]);
            Some(Box::new(move |t: &Touched| t.table == "posts" && id(&t.row["id"]) == x))
        }
        "edit_question" | "delete_question" => {
            let x = id(&args["id"]);
            Some(Box::new(move |t: &Touched| t.table == "questions" && id(&t.row["id"]) == x))
        }
        _ => None,
    };
    if let Some(mine) = mine {
        return match touched.iter().find(|t| !mine(t)) {
            Some(t) => Err(format!(
                "{cmd} succeeded and {} a row of {} that the call did not name: {}",
                t.change, t.table, t.row
            )),
            None => Ok(()),
        };
    }
    let allowed: Vec<(&str, i64)> = match cmd {
        "add_contact" => vec![("contact", id(&reply["id"])), ("new circle", 0)],
        "update_contact" => vec![("contact", id(&args["id"])), ("new circle", 0)],
        "archive_contact" => vec![("contact", id(&args["id"]))],
        "log_interaction" => {
            let mut ok = vec![("interaction", id(&reply["id"]))];
            let answers = args["interaction"]["answers"].as_array().cloned().unwrap_or_default();
            ok.extend(answers.iter().map(|q| ("question", id(q))));
            ok
        }
        "answer_question" => vec![("question", id(&args["question"]))],
        "set_model_settings" => vec![("settings", 0)],
        // Calibration (issue 14): the model's row and the record beside it; a rating, its contact.
        "apply_calibration" | "reset_calibration" => vec![("settings", 0)],
        "rate_contact" => vec![("contact", id(&args["id"]))],
        // The daily reminder's choice (issue 15): the settings row `reminders`.
        "set_reminder_settings" => vec![("settings", 0)],
        _ => vec![],
    };
    for t in touched {
        if !allowed.contains(&owner(t)) {
            return Err(format!(
                "{cmd} succeeded and {} a row of {} that the call did not name: {}",
                t.change, t.table, t.row
            ));
        }
    }
    // The same record, read back, is what the call answered.
    let read_back = match cmd {
        "add_contact" | "update_contact" | "archive_contact" | "rate_contact" => {
            h.call("get_contact", json!({ "id": reply["id"] }))
        }
        "set_model_settings" => h.call("get_model_settings", json!({})),
        "set_reminder_settings" => h.call("reminder_settings", json!({})),
        _ => return Ok(()),
    };
    match read_back {
        Ok(stored) if stored == *reply => Ok(()),
        other => Err(format!("{cmd} answered {} but the database now holds {other:?}", short(reply))),
    }
}

// ---- the inputs ----

/// Strings that mean something somewhere: enum values, dates good and impossible, injections.
const WORDS: &[&str] = &[
    "",
    " ",
    "me",
    "them",
    "call",
    "email",
    "in_person",
    "telepathy",
    "advice",
    "gift",
    "given",
    "index",
    "contact",
    "give_take",
    "dark",
    "light",
    "Ana",
    "zoe@example.org",
    "not an email",
    "2026-11-20T18:30:00+01:00",
    "2026-11-20T18:30:00Z",
    "2026-02-30T10:00:00Z",
    "2026-13-01T00:00:00Z",
    "1899-12-31T23:59:59Z",
    "0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "+275760-09-13T00:00:00Z",
    "2026-11-20",
    "2026-02-30",
    "--02-30",
    "--12-25",
    "1970-01-01T00:00:00-18:00",
    "'; DROP TABLE contacts; --",
    "%_\\",
    "<script>alert(1)</script>",
    "\u{0}",
    "\u{202e}gnp.exe",
    "../../../../etc/passwd",
];

fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        select(vec![0i64, 1, 2, 3, 4, 5, -1, -2, i64::MAX, i64::MIN, 1 << 31, 1 << 32, 1 << 53, 3650, 3651, 10_081])
            .prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        select(vec![0.0f64, -0.0, 0.5, -1.5, 100.0, 100.000_001, 1e308, -1e308, f64::MIN_POSITIVE])
            .prop_map(|f| json!(f)),
        any::<f64>()
            .prop_filter_map("JSON has no NaN or infinity", |f| serde_json::Number::from_f64(f).map(Value::Number)),
    ]
}

fn text() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => select(WORDS).prop_map(Value::from),
        3 => "\\PC{0,16}".prop_map(Value::from),
        1 => (0usize..100_000, select(vec!["x", "é", "😀", " ", "a@b."])).prop_map(|(n, s)| Value::from(s.repeat(n))),
    ]
}

fn key(names: Vec<String>) -> impl Strategy<Value = String> {
    prop_oneof![4 => select(names), 1 => "[A-Za-z_]{1,12}"]
}

/// Any JSON value, nested up to three levels, with keys mostly from the names the app knows.
fn junk(names: Vec<String>) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![Just(Value::Null), any::<bool>().prop_map(Value::from), number(), text()];
    leaf.prop_recursive(3, 32, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(key(names.clone()), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Valid arguments for each shape of call the window makes, on the seeded database (contacts 1-4,
/// interactions 1-3, questions 1-2). Offered to every command, not only its own.
fn templates(settings: &Value) -> Vec<Value> {
    let fields = json!({
        "display_name": "Zoé Testeur", "given_name": "Zoé", "family_name": "Testeur", "nickname": "Z",
        "company": "Acme", "role": "CTO", "location": "Lyon", "how_met": "school", "met_on": "2010-09-01",
        "birthday": "--03-14", "closeness": 4, "is_kin": false, "notes": "likes chess", "cadence_days": 30,
        "emails": [{ "value": "zoe@example.org", "label": "work" }], "phones": [{ "value": "+33 1 23 45 67 89" }],
        "links": [{ "value": "https://example.org/zoe" }], "circles": ["Friends"]
    });
    let interaction = json!({
        "at": "2026-11-20T18:30:00+01:00", "channel": "call", "initiated_by": "me", "participants": [1, 2],
        "duration_min": 30, "summary": "Talked",
        "given": [{ "kind": "advice", "contact": 1, "weight": 2.0, "note": "CV" }],
        "received": [{ "kind": "introduction" }],
        "questions": [{ "asked_by": "them", "text": "When is the launch?", "contact": 2 }],
        "answers": [1]
    });
    vec![
        json!({}),
        json!({ "id": 1 }),
        json!({ "id": 2, "chart": { "kind": "give_take", "theme": "dark", "lang": "fr", "width": 700, "height": 300 } }),
        json!({ "id": 2, "archived": true }),
        json!({ "fields": fields }),
        json!({ "id": 3, "fields": fields }),
        json!({ "query": { "search": "an", "circle": 1, "include_archived": true, "limit": 10, "offset": 1 } }),
        json!({ "interaction": interaction }),
        json!({ "query": { "contact": 1, "since": "2020-01-01T00:00:00Z", "until": "2027-01-01T00:00:00Z", "limit": 5 } }),
        json!({ "query": { "contact": 1, "open_only": true, "asked_by": "them" } }),
        json!({ "question": 2, "answeredIn": 3 }),
        json!({ "at": "2026-11-20T00:00:00Z" }),
        json!({ "kind": "contact", "contact": 1, "from": "2025-01-01T00:00:00Z", "to": "2026-11-20T00:00:00Z",
                "theme": "dark", "width": 700, "height": 300 }),
        json!({ "settings": settings }),
        json!({ "kind": "give_take", "contact": 1, "theme": "light", "lang": "fr", "format": "svg" }),
        json!({ "fileName": "contacts.vcf", "options": { "format": "vcard", "me": ["Zoé"], "skip_invalid": true } }),
        json!({ "job": 1 }),
        // The Open dialog's label, and the number of a file saved from the window (issue 15).
        json!({ "label": "Contacts" }),
        json!({ "file": 1 }),
        json!({ "lang": "fr" }),
        json!({ "days": 14 }),
        json!({ "days": 7, "lang": "fr" }),
        json!({ "format": "json" }),
        json!({ "name": "rapport-20261126-131502-manual.db" }),
        json!({ "kept": 1, "merged": 4 }),
        json!({ "contact": 1 }),
        // The quick log's "reply to" (reply_candidate, issue 13): its argument keeps its snake_case name.
        json!({ "contact_id": 2 }),
        json!({ "post": { "platform": "LinkedIn", "at": "2026-11-20T08:00:00+01:00", "title": "Give first", "url": "https://example.org/p/1" } }),
        json!({ "reaction": { "post": 1, "kind": "comment", "contact": 2, "comment": "Well said", "replied": true } }),
        json!({ "reaction": 1, "reply": { "at": "2026-11-21T09:00:00+01:00", "asked": ["What would you add?"] } }),
        json!({ "passphrase": "abcde-fghjk-mnpqr-stuvw-xyz23-45678" }),
        json!({ "id": 3, "edit": { "at": "2026-03-11T10:00:00Z", "channel": "video", "initiated_by": "me",
                                   "participants": [1, 2, 3], "duration_min": null, "summary": "Fixed" } }),
        json!({ "id": 1, "edit": { "direction": "given", "kind": "help", "weight": 2.0, "note": "CV" } }),
        json!({ "id": 1, "edit": { "asked_by": "me", "text": "Did you read it?" } }),
        json!({ "id": 1, "edit": { "kind": "comment", "count": 1, "comment": "Thanks", "replied": true } }),
        json!({ "id": 1, "edit": { "platform": "Blog", "at": "2026-11-19T08:00:00+01:00", "title": "Fixed", "url": null } }),
        json!({ "token": "1-1" }),
        // The calibration's queue and a rating (issue 14).
        json!({ "limit": 5 }),
        json!({ "id": 1, "closeness": 4 }),
        // The daily reminder's choice (issue 15).
        json!({ "settings": { "on": true, "time": "08:30", "lang": "fr" } }),
    ]
}

/// Every key that appears in the templates: the vocabulary junk objects are built from.
fn names_in(values: &[Value]) -> Vec<String> {
    fn walk(v: &Value, out: &mut BTreeSet<String>) {
        match v {
            Value::Object(m) => m.iter().for_each(|(k, v)| {
                out.insert(k.clone());
                walk(v, out)
            }),
            Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    values.iter().for_each(|v| walk(v, &mut out));
    out.into_iter().collect()
}

/// One edit of a template: at the `at`-th node (pre-order), replace it (0), remove it (1), or add
/// `key: junk` to it (2).
#[derive(Debug, Clone)]
struct Mutation {
    at: usize,
    op: u8,
    key: String,
    junk: Value,
}

fn pointers(v: &Value, here: String, out: &mut Vec<String>) {
    out.push(here.clone());
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                pointers(child, format!("{here}/{}", k.replace('~', "~0").replace('/', "~1")), out)
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                pointers(child, format!("{here}/{i}"), out)
            }
        }
        _ => {}
    }
}

fn mutate(mut v: Value, mutations: &[Mutation]) -> Value {
    for m in mutations {
        let mut all = Vec::new();
        pointers(&v, String::new(), &mut all);
        let at = &all[m.at % all.len()];
        let (parent, last) = at.rsplit_once('/').unwrap_or(("", ""));
        match m.op {
            0 if !at.is_empty() => *v.pointer_mut(at).unwrap() = m.junk.clone(),
            1 if !at.is_empty() => match v.pointer_mut(parent) {
                Some(Value::Object(o)) => {
                    o.remove(&last.replace("~1", "/").replace("~0", "~"));
                }
                Some(Value::Array(a)) => {
                    a.remove(last.parse::<usize>().unwrap());
                }
                _ => {}
            },
            _ => match v.pointer_mut(at).unwrap() {
                Value::Object(o) => {
                    o.insert(m.key.clone(), m.junk.clone());
                }
                Value::Array(a) => a.push(m.junk.clone()),
                other => *other = m.junk.clone(),
            },
        }
    }
    v
}

/// The inputs for one command: mostly mutations of the examples that parse for it (`own`), then
/// mutations of any example, then pure junk objects.
fn arguments(own: Vec<Value>, all: Vec<Value>) -> impl Strategy<Value = Value> {
    let names = names_in(&all);
    let mutation = (any::<usize>(), 0u8..3, key(names.clone()), junk(names.clone()))
        .prop_map(|(at, op, key, junk)| Mutation { at, op, key, junk })
        .boxed();
    let mutated = move |examples: Vec<Value>| {
        (select(examples), prop::collection::vec(mutation.clone(), 1..4))
            .prop_map(|(t, ms): (Value, Vec<Mutation>)| mutate(t, &ms))
    };
    prop_oneof![
        6 => mutated(own),
        2 => mutated(all),
        1 => prop::collection::btree_map(key(names.clone()), junk(names), 0..6)
            .prop_map(|m| Value::Object(m.into_iter().collect())),
    ]
}

/// The examples whose arguments parse for `cmd`, found on a database of their own (a valid example
/// of a writer writes). None at all means the inputs could never get past Tauri's parsing.
fn examples_for(cmd: &str, templates: &[Value]) -> Vec<Value> {
    let scratch = Harness::new();
    seed(&scratch);
    templates.iter().filter(|t| !matches!(scratch.call(cmd, (*t).clone()), Err(Value::String(_)))).cloned().collect()
}

/// A small network the ids of the templates point at.
fn seed(h: &Harness) {
    for name in ["Ana Lima", "Bob Stone", "Chen Wei", "Dana Old"] {
        h.ok("add_contact", json!({ "fields": { "display_name": name, "circles": ["Friends"] } }));
    }
    let log = |at: &str, questions: Value| {
        h.ok(
            "log_interaction",
            json!({ "interaction": { "at": at, "channel": "email", "initiated_by": "them",
                                     "participants": [1, 2], "questions": questions } }),
        )
    };
    log("2026-01-10T10:00:00Z", json!([{ "asked_by": "them", "text": "Can you review my CV?", "contact": 1 }]));
    log("2026-02-10T10:00:00Z", json!([{ "asked_by": "me", "text": "How was Lisbon?", "contact": 2 }]));
    log("2026-03-10T10:00:00Z", json!([]));
}

#[derive(Default, Debug)]
struct Tally {
    parse_refused: usize,
    core_refused: usize,
    succeeded: usize,
    wrote: usize,
}

/// What the test checks for one call; `Err` is the failure, in words.
fn check_call(h: &Harness, cmd: &str, args: &Value, tally: &mut Tally) -> Result<(), String> {
    let before = h.snapshot();
    let outcome = catch_unwind(AssertUnwindSafe(|| h.call(cmd, args.clone())))
        .map_err(|_| format!("{cmd} panicked on {}", short(args)))?;
    let after = h.snapshot();
    let touched = diff(&before, &after);
    match outcome {
        Err(Value::String(message)) => {
            // Tauri refused the arguments before the command ran.
            tally.parse_refused += 1;
            if !message.contains(cmd) && !message.contains("invalid args") {
                return Err(format!("{cmd}: the refusal does not say what was wrong: {}", short_str(&message)));
            }
        }
        Err(e) => {
            tally.core_refused += 1;
            let code = e["code"].as_str().ok_or_else(|| format!("{cmd}: an error with no code: {}", short(&e)))?;
            let message = e["message"].as_str().unwrap_or_default();
            if !REFUSAL_CODES.contains(&code) {
                return Err(format!("{cmd}: {code}: {} (on {})", short_str(message), short(args)));
            }
            if message.trim().is_empty() || message.chars().count() > MAX_MESSAGE_CHARS {
                return Err(format!(
                    "{cmd}: a message of {} characters is not readable: {}",
                    message.chars().count(),
                    short_str(message)
                ));
            }
            if let Some(field) = e["field"].as_str() {
                if !message.starts_with(field) {
                    return Err(format!("{cmd}: the message does not name the field {field}: {message}"));
                }
            }
        }
        Ok(reply) => {
            tally.succeeded += 1;
            if !touched.is_empty() {
                tally.wrote += 1;
                check_write(h, cmd, args, &reply, &touched).map_err(|e| format!("{e} (on {})", short(args)))?;
            }
            return Ok(());
        }
    }
    match touched.first() {
        Some(t) => {
            Err(format!("{cmd} was refused but {} a row of {}: {} (on {})", t.change, t.table, t.row, short(args)))
        }
        None => Ok(()),
    }
}

fn short(v: &Value) -> String {
    short_str(&v.to_string())
}

fn short_str(s: &str) -> String {
    let cut: String = s.chars().take(400).collect();
    if cut.len() < s.len() {
        format!("{cut}... ({} characters)", s.chars().count())
    } else {
        cut
    }
}

#[test]
fn random_json_to_every_command_is_refused_cleanly_or_writes_only_what_it_names() {
    // Charts and exports that succeed write their files here, not into the Downloads folder.
    let exports = tempfile::tempdir().unwrap();
    std::env::set_var("RAPPORT_EXPORT_DIR", exports.path());
    let h = Harness::new();
    seed(&h);
    let settings = h.ok("default_model_settings", json!({}));
    let templates = templates(&settings);

    let mut totals = Tally::default();
    let seed: u64 = std::env::var("RANDOM_JSON_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(2026);
    println!("seed {seed} (RANDOM_JSON_SEED)");
    for (index, cmd) in COMMANDS.iter().enumerate() {
        if SKIPPED.contains(cmd) {
            eprintln!("{cmd:>24}: skipped in this build (see SKIPPED)");
            continue;
        }
        let own = examples_for(cmd, &templates);
        assert!(
            !own.is_empty(),
            "{cmd}: no example in `templates` parses as its arguments, so random inputs would only test Tauri's \
             parsing; add a valid example of its arguments to `templates` in this file"
        );
        let strategy = arguments(own, templates.clone());
        let tally = RefCell::new(Tally::default());
        let started = std::time::Instant::now();
        // A fixed seed per command, so a red run is the same run again; RANDOM_JSON_SEED explores
        // other inputs (`RANDOM_JSON_SEED=$RANDOM cargo test -p rapport-app --test random_json`).
        let mut bytes = [0u8; 32];
        bytes[..8].copy_from_slice(&seed.to_le_bytes());
        bytes[8..16].copy_from_slice(&(index as u64).to_le_bytes());
        let config = Config { cases: CASES_PER_COMMAND, failure_persistence: None, ..Config::default() };
        let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes));
        let result = runner
            .run(&strategy, |args| check_call(&h, cmd, &args, &mut tally.borrow_mut()).map_err(TestCaseError::fail));
        if let Err(e) = result {
            panic!("{cmd}: {e}");
        }
        let t = tally.into_inner();
        let reached = t.core_refused + t.succeeded;
        eprintln!(
            "{cmd:>24}: {} inputs: {} refused by Tauri (arguments do not parse), {} refused by Rapport, {} succeeded ({} wrote) in {:.1} s",
            CASES_PER_COMMAND,
            t.parse_refused,
            t.core_refused,
            t.succeeded,
            t.wrote,
            started.elapsed().as_secs_f64()
        );
        // Inputs that never get past argument parsing test Tauri, not the command.
        assert!(
            reached * 20 >= CASES_PER_COMMAND as usize,
            "{cmd}: only {reached} of {CASES_PER_COMMAND} random inputs reached the command; add a valid example of \
             its arguments to `templates` in this file"
        );
        totals.parse_refused += t.parse_refused;
        totals.core_refused += t.core_refused;
        totals.succeeded += t.succeeded;
        totals.wrote += t.wrote;
    }
    eprintln!(
        "{} commands, {} inputs: {} refused by Tauri, {} refused by Rapport, {} succeeded ({} wrote, each only what it named)",
        COMMANDS.len(),
        COMMANDS.len() * CASES_PER_COMMAND as usize,
        totals.parse_refused,
        totals.core_refused,
        totals.succeeded,
        totals.wrote
    );
}

#[test]
fn the_mutations_reach_every_node_of_a_template() {
    let t = json!({ "a": { "b/c": [1, 2] }, "d": "x" });
    let removed = mutate(t.clone(), &[Mutation { at: 3, op: 1, key: String::new(), junk: Value::Null }]);
    assert_eq!(removed, json!({ "a": { "b/c": [2] }, "d": "x" }));
    let replaced = mutate(t.clone(), &[Mutation { at: 5, op: 0, key: String::new(), junk: json!(-1) }]);
    assert_eq!(replaced, json!({ "a": { "b/c": [1, 2] }, "d": -1 }));
    let added = mutate(t, &[Mutation { at: 1, op: 2, key: "k".into(), junk: json!(true) }]);
    assert_eq!(added, json!({ "a": { "b/c": [1, 2], "k": true }, "d": "x" }));
}
