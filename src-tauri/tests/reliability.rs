//! Backups through the app's commands, and the app and the CLI on one database at once: several
//! threads call the real command handlers (mock runtime, as the window does) while other threads
//! write through their own core stores, opened per operation as the `rapport` CLI does. No call
//! may fail (no "database is locked" reaching anyone), and the final database must equal a serial
//! replay of every acknowledged write.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Barrier};

use chrono::{DateTime, Duration, FixedOffset, TimeZone};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rapport_app::AppState;
use rapport_core::{
    Channel, ContactFields, ContactId, ContactQuery, InteractionQuery, NewInteraction, NewQuestion, Party, Store,
};
use serde_json::{json, Value};
use tauri::test::MockRuntime;
use tauri::{App, WebviewWindow};

mod common;
use common::call;

struct Harness {
    window: WebviewWindow<MockRuntime>,
    _app: App<MockRuntime>,
    path: PathBuf,
    _dir: tempfile::TempDir,
}

impl Harness {
    fn new() -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rapport.db");
        let (app, window) = common::app_and_window(AppState::open(&path));
        Harness { window, _app: app, path, _dir: dir }
    }

    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        call(&self.window, cmd, args)
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args).unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }
}

fn names(h: &Harness) -> Vec<String> {
    let list = h.ok("list_contacts", json!({ "query": {} }));
    list.as_array().unwrap().iter().map(|c| c["display_name"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn backup_now_lists_and_restores_by_name_only() {
    let h = Harness::new();
    h.ok("add_contact", json!({ "fields": { "display_name": "Ana" } }));
    assert_eq!(h.ok("list_backups", json!({})), json!([]));
    let made = h.ok("backup_now", json!({}));
    assert_eq!(made["kind"], "manual");
    let name = made["name"].as_str().unwrap().to_owned();
    assert!(name.starts_with("rapport-") && name.ends_with("-manual.db"), "{name}");
    assert_eq!(h.ok("list_backups", json!({}))[0]["name"], name.as_str());

    h.ok("add_contact", json!({ "fields": { "display_name": "Bruno" } }));
    let report = h.ok("restore_backup", json!({ "name": name }));
    assert_eq!(report["pre_restore_backup"]["kind"], "pre-restore");
    assert_eq!(names(&h), ["Ana"], "the window's own connection sees the restored content");
    let kinds: Vec<Value> =
        h.ok("list_backups", json!({})).as_array().unwrap().iter().map(|b| b["kind"].clone()).collect();
    assert_eq!(kinds.len(), 2);
    assert!(kinds.contains(&json!("pre-restore")));

    // A path, even to a real backup or the database, is not a backup's name.
    let full = made["path"].as_str().unwrap();
    for bad in [full, "../rapport.db", "/etc/passwd", ""] {
        let e = h.call("restore_backup", json!({ "name": bad })).unwrap_err();
        assert_eq!(e["code"], "not_found", "{bad}: {e}");
    }
    assert_eq!(names(&h), ["Ana"]);
}

#[test]
fn the_daily_backup_is_taken_once_a_day_off_the_window_thread() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rapport.db");
    let state = AppState::open(&path);
    let first = state.start_daily_backup().unwrap().join().unwrap().expect("the first start of the day backs up");
    assert_eq!(first.kind, rapport_core::backup::BackupKind::Daily);
    assert!(state.start_daily_backup().unwrap().join().unwrap().is_none(), "one a day");
    assert!(first.path.starts_with(dir.path().join("backups")));
}

// ---------------------------------------------------------------------------------------------
// The load test.

const APP_THREADS: usize = 4;
const STORE_THREADS: usize = 2;
const OPS_PER_THREAD: usize = 400;

/// A write, by names (ids differ between the shared database and the replay). Each thread writes
/// only its own contacts, in its own order, so the final state does not depend on how threads
/// interleave: replaying thread after thread must give it.
#[derive(Debug, Clone)]
enum Write {
    Add { name: String },
    Log { summary: String, with: Vec<String>, at: DateTime<FixedOffset>, question: Option<String> },
    SetCompany { name: String, company: String },
    Archive { name: String, archived: bool },
}

fn fields(name: &str, company: Option<&str>) -> ContactFields {
    ContactFields { display_name: name.to_owned(), company: company.map(str::to_owned), ..Default::default() }
}

fn interaction(ids: Vec<ContactId>, summary: &str, at: DateTime<FixedOffset>, q: &Option<String>) -> NewInteraction {
    let mut i = NewInteraction::new(at, Channel::Message, Party::Me, ids);
    i.summary = summary.to_owned();
    if let Some(text) = q {
        i.questions.push(NewQuestion { asked_by: Party::Them, text: text.clone(), contact: None });
    }
    i
}

/// Where a thread sends its operations: the app's commands, or a core store opened for each
/// operation (as each `rapport` command opens the database afresh).
enum Target {
    App(Box<WebviewWindow<MockRuntime>>),
    Cli(PathBuf),
}

/// One thread's operations. Returns its acknowledged writes, in order, and how many reads it made.
fn worker(thread: usize, target: Target, start: Arc<Barrier>) -> (Vec<Write>, usize) {
    let mut rng = ChaCha8Rng::seed_from_u64(0xC0C0 + thread as u64);
    let base = FixedOffset::east_opt(0).unwrap().with_ymd_and_hms(2025, 1, 1, 8, 0, 0).unwrap();
    let mut ids: HashMap<String, i64> = HashMap::new();
    let mut mine: Vec<String> = Vec::new();
    let mut archived: HashMap<String, bool> = HashMap::new();
    let (mut writes, mut reads) = (Vec::new(), 0);
    start.wait();
    for k in 0..OPS_PER_THREAD {
        let roll = rng.random_range(0..100);
        let pick = |rng: &mut ChaCha8Rng| mine[rng.random_range(0..mine.len())].clone();
        let write = if mine.is_empty() || roll < 30 {
            Some(Write::Add { name: format!("T{thread} contact {k}") })
        } else if roll < 60 {
            let first = pick(&mut rng);
            let second = pick(&mut rng);
            let mut with = vec![first.clone()];
            if second != first && rng.random_bool(0.3) {
                with.push(second);
            }
            let question = rng.random_bool(0.3).then(|| format!("T{thread} question {k}?"));
            let at = base + Duration::minutes((thread * OPS_PER_THREAD + k) as i64);
            Some(Write::Log { summary: format!("T{thread} talk {k}"), with, at, question })
        } else if roll < 68 {
            Some(Write::SetCompany { name: pick(&mut rng), company: format!("Company {k}") })
        } else if roll < 72 {
            let name = pick(&mut rng);
            let now = !archived.get(&name).copied().unwrap_or(false);
            Some(Write::Archive { name, archived: now })
        } else {
            None
        };
        match write {
            Some(w) => {
                apply(&target, &w, &mut ids, k);
                match &w {
                    Write::Add { name } => mine.push(name.clone()),
                    Write::Archive { name, archived: a } => {
                        archived.insert(name.clone(), *a);
                    }
                    _ => {}
                }
                writes.push(w);
            }
            None => {
                read(&target, roll, ids[&mine[k % mine.len()]], thread);
                reads += 1;
            }
        }
    }
    (writes, reads)
}

/// Sends one write and records new ids. Panics on any error: none may reach a user.
fn apply(target: &Target, w: &Write, ids: &mut HashMap<String, i64>, k: usize) {
    let id_of = |n: &String| ids[n];
    match target {
        Target::App(window) => {
            let (cmd, args) = match w {
                Write::Add { name } => ("add_contact", json!({ "fields": { "display_name": name } })),
                Write::Log { summary, with, at, question } => {
                    let i = interaction(with.iter().map(|n| ContactId(id_of(n))).collect(), summary, *at, question);
                    ("log_interaction", json!({ "interaction": i }))
                }
                Write::SetCompany { name, company } => (
                    "update_contact",
                    json!({ "id": id_of(name), "fields": { "display_name": name, "company": company } }),
                ),
                Write::Archive { name, archived } => {
                    ("archive_contact", json!({ "id": id_of(name), "archived": archived }))
                }
            };
            let reply = call(window, cmd, args).unwrap_or_else(|e| panic!("op {k}: {cmd} failed: {e}"));
            if let Write::Add { name } = w {
                ids.insert(name.clone(), reply["id"].as_i64().unwrap());
            }
        }
        Target::Cli(path) => {
            let mut store = Store::open(path).unwrap_or_else(|e| panic!("op {k}: opening failed: {e} ({})", e.code()));
            let id = apply_to_store(&mut store, w, &|n| ContactId(id_of(n)))
                .unwrap_or_else(|e| panic!("op {k}: {w:?} failed: {e} ({})", e.code()));
            if let Some(id) = id {
                ids.insert(contact_name(w), id.0);
            }
        }
    }
}

fn contact_name(w: &Write) -> String {
    match w {
        Write::Add { name } | Write::SetCompany { name, .. } | Write::Archive { name, .. } => name.clone(),
        Write::Log { summary, .. } => summary.clone(),
    }
}

fn apply_to_store(
    store: &mut Store,
    w: &Write,
    id_of: &dyn Fn(&String) -> ContactId,
) -> rapport_core::Result<Option<ContactId>> {
    match w {
        Write::Add { name } => Ok(Some(store.add_contact(&fields(name, None))?.id)),
        Write::Log { summary, with, at, question } => {
            store.log_interaction(&interaction(with.iter().map(id_of).collect(), summary, *at, question))?;
            Ok(None)
        }
        Write::SetCompany { name, company } => {
            store.update_contact(id_of(name), &fields(name, Some(company)))?;
            Ok(None)
        }
        Write::Archive { name, archived } => {
            store.set_archived(id_of(name), *archived)?;
            Ok(None)
        }
    }
}

/// A read the window or the CLI makes; the heavy ones (the dashboard) rarely.
fn read(target: &Target, roll: u32, id: i64, thread: usize) {
    match target {
        Target::App(window) => {
            let (cmd, args) = match roll {
                72..=79 => ("list_contacts", json!({ "query": { "search": format!("T{thread}") } })),
                80..=87 => ("list_interactions", json!({ "query": { "contact": id, "limit": 20 } })),
                88..=93 => ("get_contact", json!({ "id": id })),
                94..=97 => ("list_questions", json!({ "query": { "open_only": true } })),
                98 => ("dashboard", json!({})),
                // A backup while the other threads write (checked after the run).
                _ => ("backup_now", json!({})),
            };
            call(window, cmd, args).unwrap_or_else(|e| panic!("{cmd} failed: {e}"));
        }
        Target::Cli(path) => {
            let store = Store::open(path).unwrap_or_else(|e| panic!("opening failed: {e} ({})", e.code()));
            let result = match roll {
                72..=85 => store.list_contacts(&ContactQuery::default()).map(drop),
                86..=97 => store
                    .list_interactions(&InteractionQuery { contact: Some(ContactId(id)), ..Default::default() })
                    .map(drop),
                _ => store.history().map(drop),
            };
            result.unwrap_or_else(|e| panic!("a read failed: {e} ({})", e.code()));
        }
    }
}

/// The database as people see it, by names: contacts with company and archived flag, and
/// interactions with their participants and questions.
fn state_of(store: &Store) -> BTreeMap<String, String> {
    let export = store.export().unwrap();
    let mut out = BTreeMap::new();
    for c in export.contacts {
        out.insert(format!("contact {}", c.fields.display_name), format!("{:?} {}", c.fields.company, c.archived));
    }
    for i in export.interactions {
        let mut who: Vec<String> = i.participants.iter().map(|p| p.display_name.clone()).collect();
        who.sort();
        let questions: Vec<String> = i.questions.iter().map(|q| format!("{} to {}", q.text, q.contact_name)).collect();
        out.insert(format!("talk {}", i.summary), format!("{} {:?} {:?}", i.at, who, questions));
    }
    out
}

#[test]
fn the_app_and_the_cli_on_one_database_lose_nothing_and_never_report_locked() {
    let h = Harness::new();
    let start = Arc::new(Barrier::new(APP_THREADS + STORE_THREADS));
    let mut handles = Vec::new();
    for t in 0..APP_THREADS + STORE_THREADS {
        let target =
            if t < APP_THREADS { Target::App(Box::new(h.window.clone())) } else { Target::Cli(h.path.clone()) };
        let start = Arc::clone(&start);
        handles.push(std::thread::spawn(move || worker(t, target, start)));
    }
    let results: Vec<(Vec<Write>, usize)> = handles.into_iter().map(|t| t.join().expect("no thread fails")).collect();

    // Serial replay: each thread's writes, thread after thread, into a fresh database.
    let mut replay = Store::open_in_memory().unwrap();
    let mut ids: HashMap<String, ContactId> = HashMap::new();
    for (writes, _) in &results {
        for w in writes {
            let id_of = |n: &String| ids[n];
            if let Some(id) = apply_to_store(&mut replay, w, &id_of).unwrap() {
                ids.insert(contact_name(w), id);
            }
        }
    }
    let shared = Store::open(&h.path).unwrap();
    let integrity: String = shared.connection().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(integrity, "ok");
    let (got, want) = (state_of(&shared), state_of(&replay));
    assert_eq!(got.len(), want.len());
    assert!(got == want, "the shared database differs from the serial replay");

    // Every backup taken during the run is a sound Rapport database.
    let backups = shared.list_backups().unwrap();
    assert!(!backups.is_empty(), "the app threads took backups during the run");
    for b in &backups {
        rapport_core::backup::validate(&b.path).unwrap_or_else(|e| panic!("{}: {e}", b.name));
    }

    let writes: usize = results.iter().map(|(w, _)| w.len()).sum();
    let reads: usize = results.iter().map(|(_, r)| r).sum();
    println!(
        "load test: {APP_THREADS} app threads (commands) + {STORE_THREADS} CLI threads (a store opened per \
         operation), {} operations: {writes} writes, {reads} reads ({} of them app backups, all valid), 0 errors; \
         final state ({} contacts and interactions) equals the serial replay",
        writes + reads,
        backups.len(),
        got.len()
    );
}
