//! The real command set, driven headlessly through Tauri's mock runtime: the same `build_app`,
//! the same compiled-in config, capabilities and permissions as the desktop window, on a
//! temporary database. What the window can do, these tests can do, with no display.

mod common;

use rapport_app::{AppState, COMMANDS};
use serde_json::{json, Value};
use tauri::ipc::InvokeBody;
use tauri::test::MockRuntime;
use tauri::{App, WebviewWindow};

/// Held by each test that points `RAPPORT_EXPORT_DIR` at a folder of its own: the variable is
/// the process's, and the tests run in parallel threads, so one test's folder (deleted when it
/// ends) must not be what another test's command reads.
fn export_folder_to_myself() -> std::sync::MutexGuard<'static, ()> {
    static EXPORT_DIR: std::sync::Mutex<()> = std::sync::Mutex::new(());
    EXPORT_DIR.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

struct Harness {
    // Dropped last: the app's store must close before the directory goes.
    window: WebviewWindow<MockRuntime>,
    _app: App<MockRuntime>,
    dir: tempfile::TempDir,
}

impl Harness {
    fn new() -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::open(&dir.path().join("rapport.db"));
        Harness::with_state(dir, state)
    }

    fn with_state(dir: tempfile::TempDir, state: AppState) -> Harness {
        let (app, window) = common::app_and_window(state);
        Harness { window, _app: app, dir }
    }

    /// Calls a command as the UI's `invoke(cmd, args)` would.
    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        common::call(&self.window, cmd, args)
    }

    /// Calls a command with raw bytes as its body, as `invoke(cmd, uint8Array, { headers })` does.
    fn call_raw(&self, cmd: &str, bytes: Vec<u8>, headers: &[(&'static str, String)]) -> Result<Value, Value> {
        let mut map = tauri::http::HeaderMap::new();
        for (name, value) in headers {
            map.insert(*name, value.parse().unwrap());
        }
        common::invoke(&self.window, cmd, InvokeBody::Raw(bytes), map)
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args).unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }

    /// A file dropped on the window, as the page sends it: its bytes to `import_drop`, then the
    /// preview of the job.
    fn drop_and_preview(&self, job: &Value, bytes: Vec<u8>) -> Result<Value, Value> {
        let header = [("x-import-job", job.to_string())];
        self.call_raw("import_drop", bytes, &header)?;
        let mut map = tauri::http::HeaderMap::new();
        map.insert("x-import-job", job.to_string().parse().unwrap());
        common::invoke(&self.window, "import_preview", InvokeBody::Json(json!({})), map)
    }

    /// The `{ code, message }` of a command that must fail.
    fn err(&self, cmd: &str, args: Value) -> (String, String) {
        let e = self.call(cmd, args).expect_err(&format!("{cmd} should have failed"));
        let code = e["code"].as_str().unwrap_or_else(|| panic!("{cmd}: no code in {e}")).to_owned();
        (code, e["message"].as_str().unwrap().to_owned())
    }

    /// The whole error of a command that must fail.
    fn err_value(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args).expect_err(&format!("{cmd} should have failed"))
    }

    fn add(&self, name: &str) -> i64 {
        self.ok("add_contact", json!({ "fields": { "display_name": name } }))["id"].as_i64().unwrap()
    }

    fn contact_count(&self) -> usize {
        self.ok("list_contacts", json!({ "query": {} })).as_array().unwrap().len()
    }
}

#[test]
fn a_new_database_reports_itself_empty() {
    let h = Harness::new();
    let info = h.ok("app_info", json!({}));
    assert_eq!(info["empty"], true);
    assert_eq!(info["open_error"], Value::Null);
    assert_eq!(info["schema_version"], info["supported_schema_version"]);
    assert_eq!(info["db_path"], h.dir.path().join("rapport.db").display().to_string());
    assert_eq!(info["app_version"], env!("CARGO_PKG_VERSION"));
}

#[test]
fn an_added_contact_is_listed_found_by_search_and_read_back() {
    let h = Harness::new();
    let added = h.ok(
        "add_contact",
        json!({ "fields": { "display_name": "  Zoé Testeur ", "company": "Acme", "emails": [{ "value": "zoe@example.org" }] } }),
    );
    assert_eq!(added["display_name"], "Zoé Testeur", "core trims the name");
    let id = added["id"].as_i64().unwrap();
    h.add("Bob Other");

    let found = h.ok("list_contacts", json!({ "query": { "search": "acme" } }));
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(found[0]["id"], id);
    assert_eq!(found[0]["company"], "Acme");
    assert_eq!(found[0]["interaction_count"], 0);

    let contact = h.ok("get_contact", json!({ "id": id }));
    assert_eq!(contact["emails"][0]["value"], "zoe@example.org");
    assert_eq!(h.ok("app_info", json!({}))["empty"], false);
}

#[test]
fn editing_and_archiving_a_contact() {
    let h = Harness::new();
    let id = h.add("Ana");
    let edited = h.ok("update_contact", json!({ "id": id, "fields": { "display_name": "Ana Lima", "role": "CTO" } }));
    assert_eq!(edited["display_name"], "Ana Lima");
    assert_eq!(edited["role"], "CTO");

    h.ok("archive_contact", json!({ "id": id, "archived": true }));
    assert_eq!(h.contact_count(), 0, "archived contacts leave the default list");
    let all = h.ok("list_contacts", json!({ "query": { "include_archived": true } }));
    assert_eq!(all[0]["archived"], true);
}

#[test]
fn every_write_sends_the_window_one_changed_event_saying_what_changed() {
    use tauri::Listener;
    let h = Harness::new();
    let heard = std::sync::Arc::new(std::sync::Mutex::new(Vec::<Value>::new()));
    let sink = std::sync::Arc::clone(&heard);
    h.window.listen(rapport_app::CHANGED_EVENT, move |event| {
        sink.lock().unwrap().push(serde_json::from_str(event.payload()).unwrap());
    });
    let zoe = h.add("Zoé Testeur");
    h.ok("contact_page", json!({ "query": {} }));
    h.ok("contact_view", json!({ "id": zoe, "chart": { "kind": "contact" } }));
    h.ok(
        "log_interaction",
        json!({ "interaction": { "at": "2026-11-20T18:30:00+01:00", "channel": "call",
                                 "initiated_by": "me", "participants": [zoe] } }),
    );
    h.err("add_contact", json!({ "fields": { "display_name": " " } }));
    h.ok("set_model_settings", json!({ "settings": h.ok("get_model_settings", json!({})) }));
    let heard = heard.lock().unwrap().clone();
    let contact = json!({ "scope": "contacts", "contacts": [zoe], "external": false });
    let everything = json!({ "scope": "everything", "external": false });
    assert_eq!(heard, [contact.clone(), contact, everything], "reads and refused writes send nothing");
}

#[test]
fn a_logged_interaction_shows_on_the_contact_with_its_open_question() {
    let h = Harness::new();
    let zoe = h.add("Zoé Testeur");
    let logged = h.ok(
        "log_interaction",
        json!({ "interaction": {
            "at": "2026-11-20T18:30:00+01:00",
            "channel": "call",
            "initiated_by": "me",
            "participants": [zoe],
            "summary": "Talked about her new job",
            "given": [{ "kind": "advice" }],
            "questions": [{ "asked_by": "me", "text": "How did the interview go?" }]
        } }),
    );
    assert_eq!(logged["participants"][0]["display_name"], "Zoé Testeur");
    assert_eq!(logged["at"], "2026-11-20T18:30:00+01:00", "the offset the user was at is kept");

    let listed = h.ok("list_interactions", json!({ "query": { "contact": zoe } }));
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["summary"], "Talked about her new job");
    assert_eq!(listed[0]["value_items"][0]["direction"], "given");

    let row = &h.ok("list_contacts", json!({ "query": {} }))[0];
    assert_eq!(row["interaction_count"], 1);
    assert_eq!(row["open_questions"], 1);
    assert_eq!(row["last_interaction_at"], "2026-11-20T17:30:00Z");

    let open = h.ok("list_questions", json!({ "query": { "contact": zoe, "open_only": true } }));
    assert_eq!(open[0]["text"], "How did the interview go?");

    // Her reply a day later answers it.
    let reply = h.ok(
        "log_interaction",
        json!({ "interaction": { "at": "2026-11-21T09:00:00+01:00", "channel": "message",
                                 "initiated_by": "them", "participants": [zoe] } }),
    );
    let answered = h.ok("answer_question", json!({ "question": open[0]["id"], "answeredIn": reply["id"] }));
    assert_eq!(answered["answered_in"], reply["id"]);
    assert_eq!(h.ok("list_questions", json!({ "query": { "open_only": true } })), json!([]));
}

#[test]
fn a_contact_view_is_the_whole_page_in_one_call_with_the_chart_it_asks_for() {
    let h = Harness::new();
    let zoe = h.add("Zoé Testeur");
    let bob = h.add("Bob Other");
    h.ok(
        "log_interaction",
        json!({ "interaction": { "at": "2026-11-20T18:30:00+01:00", "channel": "call", "initiated_by": "me",
                                 "participants": [zoe, bob], "summary": "Lunch",
                                 "given": [{ "kind": "advice", "contact": zoe }],
                                 "questions": [{ "asked_by": "them", "text": "Can you review my CV?", "contact": zoe }] } }),
    );
    h.ok(
        "log_interaction",
        json!({ "interaction": { "at": "2026-11-21T09:00:00+01:00", "channel": "email", "initiated_by": "them",
                                 "participants": [bob] } }),
    );

    let view = h.ok("contact_view", json!({ "id": zoe }));
    // The same parts the five separate calls answer, read under one lock.
    assert_eq!(view["contact"], h.ok("get_contact", json!({ "id": zoe })));
    assert_eq!(view["interactions"], h.ok("list_interactions", json!({ "query": { "contact": zoe } })));
    assert_eq!(view["interactions"].as_array().unwrap().len(), 1, "Bob's email is not hers");
    assert_eq!(
        view["open_questions"],
        h.ok("list_questions", json!({ "query": { "contact": zoe, "open_only": true } }))
    );
    assert_eq!(view["open_questions"][0]["text"], "Can you review my CV?");
    assert_eq!(view["value_items"], h.ok("list_value_items", json!({ "contact": zoe })));
    assert_eq!(view["value_items"][0]["kind"], "advice");
    let measures = h.ok("contact_measures", json!({ "id": zoe }));
    assert_eq!(view["measures"]["interactions"], measures["interactions"]);
    assert_eq!(view["measures"]["layer"], measures["layer"]);
    let (a, b) = (view["measures"]["strength"].as_f64().unwrap(), measures["strength"].as_f64().unwrap());
    assert!((a - b).abs() < 0.01, "measured a moment apart: {a} vs {b}");
    assert_eq!(view["no_measures"], Value::Null);
    assert_eq!((&view["chart"], &view["chart_error"]), (&Value::Null, &Value::Null), "no chart unless asked");

    // The chart the page opens on comes with it, drawn for this contact as asked.
    let with_chart = h.ok(
        "contact_view",
        json!({ "id": zoe, "chart": { "kind": "contact", "theme": "dark", "lang": "fr", "width": 700, "height": 300 } }),
    );
    let svg = with_chart["chart"].as_str().expect("the chart as SVG text");
    assert!(svg.contains("<svg") && svg.contains("width=\"700\"") && !svg.contains("NaN"), "{svg:.200}");
    assert_eq!(with_chart["chart_error"], Value::Null);
    assert_eq!(with_chart["interactions"], view["interactions"]);
    let calendar = h.ok("contact_view", json!({ "id": zoe, "chart": { "kind": "calendar" } }));
    assert!(calendar["chart"].as_str().unwrap().contains("<svg"));

    // Archived: the page still opens, history and all, with the reason instead of measures.
    h.ok("archive_contact", json!({ "id": zoe, "archived": true }));
    let archived = h.ok("contact_view", json!({ "id": zoe }));
    assert_eq!(archived["contact"]["archived"], true);
    assert_eq!(archived["interactions"].as_array().unwrap().len(), 1);
    assert_eq!(archived["measures"], Value::Null);
    assert_eq!(archived["no_measures"]["code"], "not_found");
    assert!(archived["no_measures"]["message"].as_str().unwrap().starts_with("Zoé Testeur is archived"), "{archived}");
    assert_eq!(archived["no_measures"]["key"], h.err_value("contact_measures", json!({ "id": zoe }))["key"]);

    let (code, message) = h.err("contact_view", json!({ "id": 999 }));
    assert_eq!((code.as_str(), message.as_str()), ("not_found", "no contact with id 999"));
    // An unknown chart is refused by serde before the store.
    assert!(h.call("contact_view", json!({ "id": bob, "chart": { "kind": "pie" } })).unwrap_err().is_string());
}

#[test]
fn unknown_ids_are_not_found() {
    let h = Harness::new();
    for (cmd, args) in [
        ("get_contact", json!({ "id": 999 })),
        ("update_contact", json!({ "id": 999, "fields": { "display_name": "X" } })),
        ("archive_contact", json!({ "id": 999, "archived": true })),
        (
            "log_interaction",
            json!({ "interaction": { "at": "2026-01-01T10:00:00Z", "channel": "email",
                                     "initiated_by": "me", "participants": [999] } }),
        ),
        ("answer_question", json!({ "question": 5, "answeredIn": 7 })),
    ] {
        let (code, message) = h.err(cmd, args);
        assert_eq!(code, "not_found", "{cmd}: {message}");
        assert!(message.contains("999") || message.contains("id"), "{cmd}: {message}");
    }
}

#[test]
fn an_empty_name_is_invalid_and_writes_nothing() {
    let h = Harness::new();
    h.add("Already here");
    let e = h.call("add_contact", json!({ "fields": { "display_name": "   " } })).unwrap_err();
    assert_eq!(
        e,
        json!({ "code": "invalid", "field": "display_name", "message": "display_name: a contact needs a name",
                "key": "need_name", "params": {} })
    );
    assert_eq!(h.contact_count(), 1);
}

#[test]
fn a_refusal_carries_its_key_and_params_for_the_window_to_translate() {
    let h = Harness::new();
    let long = "x".repeat(201);
    let e = h.call("add_contact", json!({ "fields": { "display_name": long } })).unwrap_err();
    assert_eq!((&e["code"], &e["field"], &e["key"]), (&json!("invalid"), &json!("display_name"), &json!("too_long")));
    assert_eq!(e["params"], json!({ "n": 201, "max": 200 }));
    // Errors that are not about a field carry theirs too.
    let e = h.call("get_contact", json!({ "id": 999 })).unwrap_err();
    assert_eq!((&e["code"], &e["key"]), (&json!("not_found"), &json!("not_found")));
    assert_eq!(e["params"], json!({ "entity": "contact", "id": 999 }));
}

#[test]
fn the_demo_speaks_the_language_asked_for_and_refuses_an_unknown_one() {
    let h = Harness::new();
    assert!(h.call("load_demo", json!({ "lang": "de" })).is_err());
    assert_eq!(h.contact_count(), 0);
    h.ok("load_demo", json!({ "lang": "fr" }));
    let circles = h.ok("list_circles", json!({})).to_string();
    assert!(circles.contains("Famille") && circles.contains("Club d’escalade"), "{circles}");
}

#[test]
fn an_interaction_that_breaks_a_rule_writes_nothing() {
    let h = Harness::new();
    let ana = h.add("Ana");
    let (code, _) = h.err(
        "log_interaction",
        json!({ "interaction": { "at": "2026-01-01T10:00:00Z", "channel": "email", "initiated_by": "me",
                                 "participants": [ana], "questions": [{ "asked_by": "them", "text": "  " }] } }),
    );
    assert_eq!(code, "invalid");
    assert_eq!(h.ok("list_interactions", json!({ "query": {} })), json!([]));
}

#[test]
fn malformed_arguments_are_refused_before_the_store() {
    let h = Harness::new();
    let e = h.call("log_interaction", json!({ "interaction": { "channel": "telepathy" } })).unwrap_err();
    assert!(e.as_str().is_some_and(|m| m.contains("interaction")), "{e}");
    assert_eq!(h.ok("list_interactions", json!({ "query": {} })), json!([]));
}

#[test]
fn a_database_from_a_newer_rapport_is_reported_not_blank() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rapport.db");
    {
        let store = rapport_core::Store::open(&path).unwrap();
        store.connection().pragma_update(None, "user_version", 99).unwrap();
    }
    let h = Harness::with_state(dir, AppState::open(&path));
    let info = h.ok("app_info", json!({}));
    assert_eq!(info["open_error"]["code"], "newer_schema");
    assert!(info["open_error"]["message"].as_str().unwrap().contains("upgrade Rapport"));
    let (code, _) = h.err("list_contacts", json!({ "query": {} }));
    assert_eq!(code, "newer_schema");
}

#[test]
fn every_command_is_registered_and_granted_and_nothing_else_is() {
    let h = Harness::new();
    let caps: Value =
        serde_json::from_str(include_str!("../capabilities/main.json")).expect("capabilities/main.json is JSON");
    let mut granted: Vec<&str> = caps["permissions"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
    let mut wanted: Vec<String> = COMMANDS.iter().map(|c| format!("allow-{}", c.replace('_', "-"))).collect();
    // ...and listening to the shell's `changed` event (tests/security.rs keeps it to these two).
    wanted.extend(["core:event:allow-listen".to_owned(), "core:event:allow-unlisten".to_owned()]);
    granted.sort_unstable();
    wanted.sort_unstable();
    assert_eq!(granted, wanted, "capabilities/main.json must grant exactly the app's commands and listening");
    assert_eq!(caps["windows"], json!(["main"]));

    for cmd in COMMANDS.iter().filter(|c| **c != "load_demo") {
        if let Err(e) = h.call(cmd, json!({})) {
            let text = e.to_string();
            assert!(!text.contains("not found") && !text.contains("not allowed"), "{cmd}: {text}");
        }
    }
    // The window may listen to events but no more of the core plugins: emitting is refused by the
    // real capability.
    let refused = h.call("plugin:event|emit", json!({ "event": "changed", "payload": null }));
    assert!(refused.unwrap_err().to_string().contains("not allowed"));
    h.ok("plugin:event|listen", json!({ "event": "changed", "target": { "kind": "Any" }, "handler": 0 }));
}

#[test]
fn the_demo_network_fills_an_empty_database() {
    let h = Harness::new();
    let summary = h.ok("load_demo", json!({}));
    let contacts = summary["contacts"].as_u64().unwrap() as usize;
    assert!(contacts >= 100, "{summary}");
    assert_eq!(h.contact_count(), contacts);
    assert!(summary["interactions"].as_u64().unwrap() > 0);
    assert_eq!(h.ok("app_info", json!({}))["empty"], false);

    let (code, message) = h.err("load_demo", json!({}));
    assert_eq!(code, "invalid", "a second load would mix the demo into real data: {message}");
    assert_eq!(h.contact_count(), contacts);
}

/// The demo network, loaded once per test that needs it, and an instant to measure it at: the
/// same `at` for every call of a test, so two dashboards differ only by what the test changed.
fn demo() -> (Harness, Value) {
    let h = Harness::new();
    h.ok("load_demo", json!({}));
    let at = json!(chrono::Utc::now().to_rfc3339());
    (h, at)
}

fn contributions(dashboard: &Value) -> f64 {
    dashboard["network"]["components"].as_array().unwrap().iter().map(|c| c["contribution"].as_f64().unwrap()).sum()
}

#[test]
fn the_dashboard_of_the_demo_network_explains_its_index() {
    let (h, at) = demo();
    let d = h.ok("dashboard", json!({ "at": at }));
    let index = d["network"]["index"].as_f64().unwrap();
    assert!((0.0..=100.0).contains(&index), "{index}");
    let names: Vec<&str> =
        d["network"]["components"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["depth", "breadth", "reciprocity", "generosity", "follow_through", "reach"]);
    assert!((contributions(&d) - index).abs() < 1e-6, "contributions {} vs index {index}", contributions(&d));
    assert!(["weak", "fair", "strong"].contains(&d["network"]["band"].as_str().unwrap()));

    // The moves of the last 30 days add up to the change, one per component.
    assert_eq!(d["why"]["moves"].as_array().unwrap().len(), 6);
    let moved: f64 = d["why"]["moves"].as_array().unwrap().iter().map(|m| m["points"].as_f64().unwrap()).sum();
    assert!((moved - d["why"]["change"].as_f64().unwrap()).abs() < 1e-6);
    for list in ["reconnect", "questions_i_owe", "my_turn", "only_take", "only_broadcast"] {
        assert!(d["suggestions"][list].is_array(), "{list}");
    }
    // Every contact a move names comes with their name, and no one else's: the window words the
    // moves without listing every contact.
    let mentioned: std::collections::BTreeSet<String> = d["why"]["moves"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["contacts"].as_array().unwrap().iter().map(|id| id.to_string()))
        .collect();
    assert!(!mentioned.is_empty(), "the demo's last 30 days name someone");
    let named: std::collections::BTreeSet<String> = d["names"].as_object().unwrap().keys().cloned().collect();
    assert_eq!(named, mentioned);
    for (id, name) in d["names"].as_object().unwrap() {
        assert_eq!(h.ok("get_contact", json!({ "id": id.parse::<i64>().unwrap() }))["display_name"], *name);
    }

    // The strongest tie, strongest first, and the same numbers on its own page.
    let strongest = d["strongest"].as_array().unwrap();
    assert!(!strongest.is_empty());
    let s: Vec<f64> = strongest.iter().map(|m| m["strength"].as_f64().unwrap()).collect();
    assert!(s.windows(2).all(|w| w[0] >= w[1]), "{s:?}");
    let first = &strongest[0];
    let m = h.ok("contact_measures", json!({ "id": first["contact"] }));
    assert_eq!(m["name"], first["name"]);
    let strength = m["strength"].as_f64().unwrap();
    assert!(strength > 0.0 && strength <= 100.0, "{strength}");
    // Measured from their own part of the history, a moment later: the same tie.
    assert!((strength - first["strength"].as_f64().unwrap()).abs() < 0.01, "{strength} vs {}", first["strength"]);
    assert_eq!(m["layer"], first["layer"]);
    assert_eq!(m["interactions"], first["interactions"]);
    for part in ["intensity", "intimacy", "duration", "services"] {
        let p = m["strength_parts"][part].as_f64().unwrap();
        assert!((0.0..=100.0).contains(&p), "{part} {p}");
    }
}

#[test]
fn a_changed_index_weight_changes_the_index_and_is_kept() {
    let (h, at) = demo();
    let before = h.ok("dashboard", json!({ "at": at }))["network"]["index"].as_f64().unwrap();

    let mut settings = h.ok("get_model_settings", json!({}));
    assert_eq!(settings, h.ok("default_model_settings", json!({})), "a new database uses the defaults");
    settings["index_weights"]["depth"] = json!(3.0);
    let saved = h.ok("set_model_settings", json!({ "settings": settings }));
    assert_eq!(saved["index_weights"]["depth"], 3.0);
    assert_eq!(h.ok("get_model_settings", json!({})), saved);

    let after = h.ok("dashboard", json!({ "at": at }));
    let index = after["network"]["index"].as_f64().unwrap();
    assert!((index - before).abs() > 0.01, "the index stayed at {before}");
    let depth = &after["network"]["components"][0];
    assert_eq!(depth["weight"], 3.0);
    assert!((contributions(&after) - index).abs() < 1e-6);

    // Back to the defaults, back to the same index.
    h.ok("set_model_settings", json!({ "settings": h.ok("default_model_settings", json!({})) }));
    let restored = h.ok("dashboard", json!({ "at": at }))["network"]["index"].as_f64().unwrap();
    assert!((restored - before).abs() < 1e-9, "{restored} vs {before}");
}

#[test]
fn an_invalid_model_setting_is_refused_and_nothing_is_written() {
    let h = Harness::new();
    let stored = h.ok("get_model_settings", json!({}));
    let mut bad = stored.clone();
    bad["index_weights"]["reach"] = json!(0.5);
    bad["base_half_life_days"] = json!(-5.0);
    let (code, message) = h.err("set_model_settings", json!({ "settings": bad }));
    assert_eq!(code, "invalid");
    assert!(message.contains("base_half_life_days"), "{message}");
    assert_eq!(h.ok("get_model_settings", json!({})), stored, "not even the valid part was saved");

    let e = h.call("set_model_settings", json!({ "settings": { "index_weights": { "depth": -1 } } })).unwrap_err();
    assert_eq!(e["code"], "invalid");
    assert_eq!(e["field"], "model");
    assert!(e["message"].as_str().unwrap().contains("index_weights.depth"), "{e}");
    assert_eq!(h.ok("get_model_settings", json!({})), stored);
}

#[test]
fn contact_measures_say_why_there_are_none() {
    let h = Harness::new();
    let (code, message) = h.err("contact_measures", json!({ "id": 999 }));
    assert_eq!(code, "not_found");
    assert_eq!(message, "no contact with id 999");

    // A contact with no history yet has measures: nothing, never in touch.
    let ana = h.add("Ana");
    let m = h.ok("contact_measures", json!({ "id": ana }));
    assert_eq!(m["strength"], 0.0);
    assert_eq!(m["cadence"]["status"], "never");
    assert_eq!(m["interactions"], 0);

    h.ok("archive_contact", json!({ "id": ana, "archived": true }));
    let (code, message) = h.err("contact_measures", json!({ "id": ana }));
    assert_eq!(code, "not_found");
    assert!(message.starts_with("Ana is archived"), "{message}");
}

#[test]
fn an_empty_database_has_a_dashboard_with_nothing_to_show() {
    let h = Harness::new();
    let d = h.ok("dashboard", json!({}));
    assert_eq!(d["network"]["components"].as_array().unwrap().len(), 6);
    assert_eq!(d["strongest"], json!([]));
    assert_eq!(d["suggestions"]["reconnect"], json!([]));
}

#[test]
fn charts_come_back_as_svg_text_for_the_network_and_a_contact() {
    let (h, at) = demo();
    let svg = h.ok("chart_svg", json!({ "kind": "index", "to": at, "theme": "dark" }));
    let svg = svg.as_str().unwrap();
    assert!(svg.contains("<svg") && svg.contains("Network Value Index") && !svg.contains("NaN"));

    let contact = h.ok("dashboard", json!({ "at": at }))["strongest"][0]["contact"].clone();
    let svg =
        h.ok("chart_svg", json!({ "kind": "contact", "contact": contact, "to": at, "width": 700, "height": 300 }));
    assert!(svg.as_str().unwrap().contains("width=\"700\""));

    let (code, _) = h.err("chart_svg", json!({ "kind": "contact" }));
    assert_eq!(code, "invalid", "the contact chart needs a contact");
    let (code, _) = h.err("chart_svg", json!({ "kind": "contact", "contact": 99999 }));
    assert_eq!(code, "not_found");
    // An unknown kind or theme is refused by serde before it reaches core.
    assert!(h.call("chart_svg", json!({ "kind": "pie" })).is_err());
}

#[test]
fn a_chart_is_saved_to_the_export_folder_in_the_window_language_never_over_a_file() {
    let (h, _) = demo();
    let _export_dir = export_folder_to_myself();
    let out = tempfile::tempdir().unwrap();
    // The command reads the variable on each call.
    std::env::set_var("RAPPORT_EXPORT_DIR", out.path());
    let saved = h.ok("save_chart", json!({ "kind": "index", "lang": "fr", "format": "svg" }));
    let path = std::path::PathBuf::from(saved["path"].as_str().unwrap());
    assert_eq!(path.parent().unwrap(), out.path());
    let name = path.file_name().unwrap().to_str().unwrap().to_owned();
    assert!(name.starts_with("rapport-index-") && name.ends_with(".svg"), "{name}");
    let svg = std::fs::read_to_string(&path).unwrap();
    assert_eq!(svg.len() as u64, saved["bytes"].as_u64().unwrap());
    assert!(svg.contains("Indice de valeur du réseau"), "drawn in the language asked for");

    let contact = h.ok("dashboard", json!({}))["strongest"][0]["contact"].clone();
    let png = h.ok("save_chart", json!({ "kind": "contact", "contact": contact, "format": "png" }));
    let bytes = std::fs::read(png["path"].as_str().unwrap()).unwrap();
    assert_eq!(&bytes[1..4], b"PNG");
    let again = h.ok("save_chart", json!({ "kind": "index", "lang": "fr", "format": "svg" }));
    assert_ne!(again["path"], saved["path"], "a second save gets a new name");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), svg, "and the first file is untouched");

    let (code, _) = h.err("save_chart", json!({ "kind": "contact", "contact": 99999, "format": "svg" }));
    assert_eq!(code, "not_found");
    assert!(h.call("save_chart", json!({ "kind": "index", "format": "exe" })).is_err());
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 3, "a refused call writes nothing");
}

fn corpus(name: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/corpus/vcard").join(name))
        .unwrap()
}

#[test]
fn a_vcard_sent_as_bytes_is_previewed_then_imported_and_again_creates_nothing() {
    let h = Harness::new();
    let job = h.ok("import_start", json!({ "fileName": "gmail-list.vcf", "options": {} }));
    let bytes = corpus("gmail-list.vcf");
    let preview = h.drop_and_preview(&job, bytes.clone()).unwrap();
    let created = preview["contacts_created"].as_u64().unwrap();
    assert!(created >= 2, "{preview}");
    assert_eq!(preview["applied"], json!(false));
    assert_eq!(h.ok("list_contacts", json!({ "query": {} })).as_array().unwrap().len(), 0, "a preview writes nothing");
    let progress = h.ok("import_progress", json!({ "job": job }));
    assert_eq!(progress["stage"], json!("matching"), "the last step reported: {progress}");

    let done = h.ok("import_apply", json!({ "job": job }));
    assert_eq!(done["applied"], json!(true));
    assert_eq!(h.ok("list_contacts", json!({ "query": {} })).as_array().unwrap().len() as u64, created);
    let (code, _) = h.err("import_apply", json!({ "job": job }));
    assert_eq!(code, "not_found", "a job is forgotten once applied");

    let again = h.ok("import_start", json!({ "fileName": "gmail-list.vcf", "options": {} }));
    let preview = h.drop_and_preview(&again, bytes).unwrap();
    assert_eq!(preview["contacts_created"], json!(0), "the same file again creates nobody: {preview}");
}

#[test]
fn a_cancelled_or_malformed_import_writes_nothing_and_says_why() {
    let h = Harness::new();
    let job = h.ok("import_start", json!({ "fileName": "gmail-single.vcf", "options": {} }));
    h.drop_and_preview(&job, corpus("gmail-single.vcf")).unwrap();
    h.ok("import_cancel", json!({ "job": job }));
    let (code, _) = h.err("import_apply", json!({ "job": job }));
    assert_eq!(code, "not_found");
    assert_eq!(h.ok("list_contacts", json!({ "query": {} })), json!([]));

    // The file as JSON instead of bytes, no job header, an unknown job, a preview of a drop
    // whose bytes were never sent, junk that is no vCard.
    let job = h.ok("import_start", json!({ "fileName": "x.vcf", "options": {} }));
    let mut map = tauri::http::HeaderMap::new();
    map.insert("x-import-job", job.to_string().parse().unwrap());
    let e = common::invoke(&h.window, "import_drop", InvokeBody::Json(json!({ "bytes": [1, 2, 3] })), map).unwrap_err();
    assert_eq!(e["code"], json!("invalid"), "JSON instead of bytes: {e}");
    let e = h.call_raw("import_drop", b"BEGIN:VCARD".to_vec(), &[]).unwrap_err();
    assert_eq!(e["code"], json!("invalid"), "{e}");
    let e = h.call_raw("import_drop", b"x".to_vec(), &[("x-import-job", "999".into())]).unwrap_err();
    assert_eq!(e["code"], json!("not_found"), "{e}");
    let never_sent = h.ok("import_start", json!({ "fileName": "y.vcf", "options": {} }));
    let mut map = tauri::http::HeaderMap::new();
    map.insert("x-import-job", never_sent.to_string().parse().unwrap());
    let e = common::invoke(&h.window, "import_preview", InvokeBody::Json(json!({})), map).unwrap_err();
    assert_eq!(e["code"], json!("invalid"), "{e}");
    assert!(e["message"].as_str().unwrap().contains("import_drop"), "{e}");
    let junk = vec![0u8, 159, 146, 150, 255, 0, 1];
    let result = h.drop_and_preview(&job, junk);
    if let Ok(preview) = &result {
        assert_eq!(preview["contacts_created"], json!(0), "junk creates nobody: {preview}");
    }
    let (code, _) = h.err("import_start", json!({ "fileName": "", "options": {} }));
    assert_eq!(code, "invalid");
    assert_eq!(h.ok("list_contacts", json!({ "query": {} })), json!([]), "nothing was written");
}

#[test]
fn everything_is_exported_into_the_export_folder_as_json_csv_or_vcard() {
    let (h, _) = demo();
    let _export_dir = export_folder_to_myself();
    let out = tempfile::tempdir().unwrap();
    std::env::set_var("RAPPORT_EXPORT_DIR", out.path());
    let json_file = h.ok("export_data", json!({ "format": "json" }));
    let text = std::fs::read_to_string(json_file["path"].as_str().unwrap()).unwrap();
    let parsed: Value = serde_json::from_str(&text).unwrap();
    assert!(parsed["contacts"].as_array().unwrap().len() >= 100);
    let csv = h.ok("export_data", json!({ "format": "csv" }));
    let folder = std::path::PathBuf::from(csv["path"].as_str().unwrap());
    assert!(folder.is_dir() && csv["files"].as_array().unwrap().iter().any(|f| f == "contacts.csv"), "{csv}");
    assert!(folder.join("contacts.csv").metadata().unwrap().len() > 1000);
    let vcf = h.ok("export_data", json!({ "format": "vcard" }));
    let cards = std::fs::read_to_string(vcf["path"].as_str().unwrap()).unwrap();
    assert!(cards.matches("BEGIN:VCARD").count() >= 100 && cards.contains("VERSION:4.0"));
    assert!(h.call("export_data", json!({ "format": "xls" })).is_err());
}

#[test]
fn the_contact_page_follows_every_write_without_a_stale_cache() {
    let h = Harness::new();
    let ana = h.add("Ana");
    h.add("Bea");
    let page = h.ok("contact_page", json!({ "query": { "sort": "strength", "limit": 1 } }));
    assert_eq!(page["total"], 2);
    assert_eq!(page["contacts"].as_array().unwrap().len(), 1);
    // Nobody has been in touch yet: both are "never", none overdue.
    assert_eq!(h.ok("contact_page", json!({ "query": { "cadence": "never" } }))["total"], 2);

    // A write drops the cached measures: the next page sees the interaction at once.
    h.ok(
        "log_interaction",
        json!({ "interaction": { "at": chrono::Utc::now().to_rfc3339(), "channel": "call", "initiated_by": "them",
                                 "participants": [ana],
                                 "questions": [{ "asked_by": "them", "text": "Lunch on Friday?" }] } }),
    );
    let page = h.ok("contact_page", json!({ "query": { "sort": "last_contact" } }));
    assert_eq!(page["contacts"][0]["display_name"], "Ana");
    assert_eq!(page["contacts"][0]["interaction_count"], 1);
    assert_eq!(page["contacts"][0]["open_questions"], 1);
    assert_eq!(h.ok("contact_page", json!({ "query": { "cadence": "never" } }))["total"], 1);
    h.ok("archive_contact", json!({ "id": ana, "archived": true }));
    assert_eq!(
        h.ok("contact_page", json!({ "query": { "archived": "archived" } }))["contacts"][0]["display_name"],
        "Ana"
    );

    // An unknown sort is refused by serde, before the store, naming what was wrong.
    let e = h.call("contact_page", json!({ "query": { "sort": "shoe_size" } })).unwrap_err();
    assert!(e.as_str().is_some_and(|m| m.contains("shoe_size")), "{e}");
}

#[test]
fn open_loops_list_the_question_i_owe_until_a_reply_answers_it() {
    let h = Harness::new();
    let zoe = h.add("Zoé");
    let asked = h.ok(
        "log_interaction",
        json!({ "interaction": { "at": "2026-11-20T18:30:00+01:00", "channel": "message", "initiated_by": "them",
                                 "participants": [zoe],
                                 "questions": [{ "asked_by": "them", "text": "Can you review my CV?" }] } }),
    );
    let loops = h.ok("open_loops", json!({}));
    assert_eq!(loops["i_owe"][0]["text"], "Can you review my CV?");
    assert_eq!(loops["waiting"], json!([]));
    // The badge's count alone, the same as the lists count.
    assert_eq!(loops["owed"], 1);
    assert_eq!(h.ok("loops_owed", json!({})), loops["owed"]);
    // The window's first page: each list cut short, the counts of the whole lists kept.
    let first = h.ok("open_loops", json!({ "rows": 0 }));
    assert_eq!(
        (first["i_owe"].clone(), first["counts"]["i_owe"].clone(), first["owed"].clone()),
        (json!([]), json!(1), json!(1))
    );
    assert_eq!(h.ok("open_loops", json!({ "rows": 1 }))["i_owe"], loops["i_owe"]);
    h.ok(
        "log_interaction",
        json!({ "interaction": { "at": "2026-11-21T09:00:00+01:00", "channel": "message", "initiated_by": "me",
                                 "participants": [zoe], "answers": [asked["questions"][0]["id"]] } }),
    );
    let loops = h.ok("open_loops", json!({}));
    assert_eq!(loops["i_owe"], json!([]));
    assert_eq!(loops["my_turn"], json!([]));
    assert_eq!(h.ok("loops_owed", json!({})), 0);
}

#[test]
fn merging_two_contacts_and_undoing_it() {
    let h = Harness::new();
    let a = h.add("Ana Lima");
    let b = h.add("Ana L.");
    h.ok(
        "log_interaction",
        json!({ "interaction": { "at": "2026-11-20T18:30:00+01:00", "channel": "call", "initiated_by": "me",
                                 "participants": [b], "given": [{ "kind": "advice" }] } }),
    );
    let merge = h.ok("merge_contacts", json!({ "kept": a, "merged": b }));
    assert_eq!(merge["kept"], a);
    let page = h.ok("contact_page", json!({ "query": {} }));
    assert_eq!(page["total"], 1);
    assert_eq!(page["contacts"][0]["interaction_count"], 1);
    assert_eq!(h.ok("list_value_items", json!({ "contact": a })).as_array().unwrap().len(), 1);

    let (code, message) = h.err("merge_contacts", json!({ "kept": a, "merged": a }));
    assert_eq!(code, "invalid");
    assert!(message.contains("themselves"), "{message}");

    let back = h.ok("undo_merge", json!({ "id": merge["id"] }));
    assert_eq!(back["display_name"], "Ana L.");
    assert_eq!(h.ok("contact_page", json!({ "query": {} }))["total"], 2);
    assert_eq!(h.ok("list_value_items", json!({ "contact": a })), json!([]));
    assert_eq!(h.err("undo_merge", json!({ "id": merge["id"] })).0, "not_found");
}

#[test]
fn a_post_gets_named_and_anonymous_reactions() {
    let h = Harness::new();
    let zoe = h.add("Zoé");
    let post = h.ok(
        "add_post",
        json!({ "post": { "platform": "LinkedIn", "at": "2026-11-20T08:00:00+01:00", "title": "New job" } }),
    );
    let like = h.ok("add_reaction", json!({ "reaction": { "post": post["id"], "kind": "like", "contact": zoe } }));
    h.ok("add_reaction", json!({ "reaction": { "post": post["id"], "kind": "like", "count": 12 } }));
    let posts = h.ok("list_posts", json!({}));
    assert_eq!(posts[0]["title"], "New job");
    assert_eq!(posts[0]["reactions"].as_array().unwrap().len(), 2);
    h.ok("delete_reaction", json!({ "id": like["id"] }));
    assert_eq!(h.ok("list_posts", json!({}))[0]["reactions"].as_array().unwrap().len(), 1);
    let edited =
        h.ok("edit_post", json!({ "id": post["id"], "edit": { "title": "New job!", "url": "https://example.org/j" } }));
    assert_eq!((edited["title"].as_str(), edited["url"].as_str()), (Some("New job!"), Some("https://example.org/j")));
    assert_eq!(h.err("edit_post", json!({ "id": post["id"], "edit": { "platform": " " } })).0, "invalid");
    let anonymous = h.ok("list_posts", json!({}))[0]["reactions"][0]["id"].clone();
    assert_eq!(h.ok("edit_reaction", json!({ "id": anonymous, "edit": { "count": 15 } }))["count"], 15);
    assert_eq!(h.err("edit_reaction", json!({ "id": anonymous, "edit": { "replied": true } })).0, "invalid");
    let (code, _) = h.err("add_post", json!({ "post": { "platform": "  ", "at": "2026-11-20T08:00:00+01:00" } }));
    assert_eq!(code, "invalid");
}

#[test]
fn a_huge_backup_name_is_refused_without_being_echoed() {
    let h = Harness::new();
    let (code, message) = h.err("restore_backup", json!({ "name": "a@b.".repeat(2000) }));
    assert_eq!(code, "invalid");
    assert!(message.len() < 200, "{message}");
}

#[test]
fn an_interaction_is_edited_deleted_and_undone_and_a_contact_deleted_after_a_preview() {
    let h = Harness::new();
    let ana = h.add("Ana");
    let ben = h.add("Ben");
    let log = |with: Value, at: &str, summary: &str| {
        h.ok(
            "log_interaction",
            json!({ "interaction": { "at": at, "channel": "call", "initiated_by": "me", "participants": with, "summary": summary } }),
        )
    };
    let call = log(json!([ana]), "2026-03-01T10:00:00+01:00", "Typo");
    log(json!([ana, ben]), "2026-03-02T20:00:00+01:00", "Dinner");
    let edited = h.ok(
        "edit_interaction",
        json!({ "id": call["id"], "edit": { "summary": "Fixed", "duration_min": 20, "participants": [ana, ben] } }),
    );
    assert_eq!(edited["summary"], "Fixed");
    assert_eq!(edited["participants"].as_array().unwrap().len(), 2);
    let (code, message) = h.err("edit_interaction", json!({ "id": call["id"], "edit": { "participants": [] } }));
    assert_eq!(
        (code.as_str(), message.as_str()),
        ("invalid", "participants: an interaction needs at least one contact")
    );

    let deleted = h.ok("delete_interaction", json!({ "id": call["id"] }));
    assert_eq!(deleted["removed"]["interactions"], 1);
    assert_eq!(h.ok("list_interactions", json!({ "query": {} })).as_array().unwrap().len(), 1);
    // The reply carries a token, not the rows: the service keeps them.
    assert!(deleted.get("snapshot").is_none(), "{deleted}");
    h.ok("undo_delete", json!({ "token": deleted["undo"] }));
    assert_eq!(h.ok("list_interactions", json!({ "query": {} })).as_array().unwrap().len(), 2);
    // The same undo twice: the token was used, so it is refused and changes nothing.
    let (code, message) = h.err("undo_delete", json!({ "token": deleted["undo"] }));
    assert_eq!(code, "invalid");
    assert!(message.contains("can no longer be undone"), "{message}");
    assert!(
        h.call("undo_delete", json!({ "snapshot": { "tables": [] } })).is_err(),
        "rows from the window are not taken"
    );

    let preview = h.ok("preview_delete_contact", json!({ "id": ana }));
    assert_eq!((preview["interactions"].as_i64(), preview["shared_interactions"].as_i64()), (Some(0), Some(2)));
    let gone = h.ok("delete_contact", json!({ "id": ana }));
    assert_eq!(gone["removed"], preview);
    assert_eq!(h.err("get_contact", json!({ "id": ana })).0, "not_found");
    let left = h.ok("list_interactions", json!({ "query": {} }));
    assert!(left
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["participants"] == json!([{ "id": ben, "display_name": "Ben" }])));
    h.ok("undo_delete", json!({ "token": gone["undo"] }));
    assert_eq!(h.ok("get_contact", json!({ "id": ana }))["display_name"], "Ana");
}

#[test]
fn the_agenda_and_its_calendar_file_come_from_the_demo_network() {
    let (h, _) = demo();
    let agenda = h.ok("agenda", json!({ "days": 14 }));
    assert_eq!(agenda["days"], 14);
    let catch_ups = agenda["catch_ups"].as_array().unwrap();
    // The card lists the first 20 ties due; the total counts them all.
    let due = agenda["catch_ups_total"].as_u64().unwrap() as usize;
    assert!(!catch_ups.is_empty() && catch_ups.len() == due.min(20), "{agenda}");
    assert!(catch_ups[0]["why"].as_str().unwrap().starts_with("silent for "), "{agenda}");
    // What I owe: the same count as the badge.
    let owed = agenda["questions_i_owe"].as_array().unwrap().len() + agenda["my_turn"].as_array().unwrap().len();
    assert_eq!(json!(owed), h.ok("loops_owed", json!({})));
    let (code, message) = h.err("agenda", json!({ "days": 0 }));
    assert_eq!(code, "invalid");
    assert!(message.contains("1 to 366 days"), "{message}");

    let _export_dir = export_folder_to_myself();
    let out = tempfile::tempdir().unwrap();
    std::env::set_var("RAPPORT_EXPORT_DIR", out.path());
    let saved = h.ok("save_agenda_calendar", json!({ "days": 14 }));
    let text = std::fs::read_to_string(saved["path"].as_str().unwrap()).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"));
    // The file carries every tie due, not only the card's (commit 3390482).
    assert_eq!(text.matches("BEGIN:VTODO\r\n").count(), due, "the card lists {}", catch_ups.len());
    assert!(text.contains("RRULE:FREQ=YEARLY\r\n"));
    assert!(saved["path"].as_str().unwrap().ends_with(".ics"), "{saved}");
    let french = h.ok("save_agenda_calendar", json!({ "days": 14, "lang": "fr" }));
    let text = std::fs::read_to_string(french["path"].as_str().unwrap()).unwrap();
    assert!(text.contains("SUMMARY:Anniversaire : ") && text.contains("SUMMARY:Reprendre contact avec "));
    assert_eq!(h.err("save_agenda_calendar", json!({ "days": 400 })).0, "invalid");
}

#[test]
fn reply_candidate_offers_the_latest_open_exchange_and_log_interaction_takes_the_link() {
    let h = Harness::new();
    let (zoe, yan) = (h.add("Zoé Testeur"), h.add("Yan Essai"));
    assert_eq!(h.ok("reply_candidate", json!({ "contact_id": zoe })), Value::Null);
    let hers = h.ok(
        "log_interaction",
        json!({ "interaction": { "at": "2026-11-20T18:30:00+01:00", "channel": "message",
                                 "initiated_by": "them", "participants": [zoe], "summary": "Dinner?" } }),
    );
    let offered = h.ok("reply_candidate", json!({ "contact_id": zoe }));
    assert_eq!(
        (&offered["id"], &offered["summary"], &offered["channel"]),
        (&hers["id"], &json!("Dinner?"), &json!("message"))
    );
    assert_eq!(offered["at"], "2026-11-20T18:30:00+01:00");
    // The quick log's two new fields: who started a group message, and what it replies to.
    let reply = h.ok(
        "log_interaction",
        json!({ "interaction": { "at": "2026-11-20T19:00:00+01:00", "channel": "message",
                                 "initiated_by": "them", "initiator": yan, "participants": [zoe, yan],
                                 "in_reply_to": hers["id"] } }),
    );
    assert_eq!((&reply["initiator"], &reply["in_reply_to"]), (&json!(yan), &hers["id"]));
    let refused = h.err_value(
        "log_interaction",
        json!({ "interaction": { "at": "2026-11-20T19:30:00+01:00", "channel": "message",
                                 "initiated_by": "me", "initiator": yan, "participants": [zoe, yan] } }),
    );
    assert_eq!((&refused["field"], &refused["key"]), (&json!("initiator"), &json!("initiator_but_me")), "{refused}");
    assert_eq!(h.err("reply_candidate", json!({ "contact_id": 999 })).0, "not_found");
}
