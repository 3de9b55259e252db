//! Crash safety: a child process (`crash_writer`) writes through the real store (contacts,
//! interactions with questions, answers, and imports of a LinkedIn messages file through the
//! importer users run) and is killed with SIGKILL at
//! random moments, again and again on the same file. After each kill the database must open,
//! pass SQLite's integrity check, hold every write the child acknowledged (and the one it had
//! begun, only if that one committed whole), show no part of an unfinished import, and give the
//! same content and the same measures as a database rebuilt from scratch from those writes.
//!
//! The seed (RAPPORT_CRASH_SEED to change it) picks the child's writes and the kill delays; the
//! moment a kill lands still depends on timing, which is the point.

#![cfg(unix)]

use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use chrono::TimeZone;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rapport_core::{measures, Store};
use rapport_tests::crash::{Op, IMPORT_SIZE};
use serde_json::Value;

const KILLS: u32 = 60;
const DEFAULT_SEED: u64 = 0x5241_5050_0007;

/// Every row of every table, as text, without the columns that record when a row was written
/// (the wall clock of the child versus the replay's). Left out: the data's token (a random number
/// each write draws, so the child's and the replay's differ by design) and the search index's
/// tables (derived from the rows compared here, by the triggers or an import's slices; checked
/// apart by `search_is_complete`).
fn content(store: &Store) -> Vec<(String, String)> {
    let conn = store.connection();
    let mut stmt = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name != 'data_token' AND name NOT LIKE '%\\_search%' ESCAPE '\\' ORDER BY name",
        )
        .unwrap();
    let tables: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    let mut out = Vec::new();
    for table in tables {
        let mut info = conn.prepare(&format!("SELECT name FROM pragma_table_info('{table}')")).unwrap();
        let columns: Vec<String> = info
            .query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .map(Result::unwrap)
            .filter(|c| c != "created_at" && c != "updated_at")
            .collect();
        let sql = format!("SELECT {} FROM {table} ORDER BY 1, 2", columns.join(", "));
        let mut rows_stmt = conn.prepare(&sql).unwrap();
        let mut rows = rows_stmt.query([]).unwrap();
        let mut text = String::new();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..columns.len() {
                let v: rusqlite::types::Value = row.get(i).unwrap();
                text.push_str(&format!("{v:?}|"));
            }
            text.push('\n');
        }
        out.push((table, text));
    }
    out
}

/// Every contact and interaction has its one search row, and a search finds every contact of
/// each import by its tag.
fn search_is_complete(store: &Store, run: u32) {
    let conn = store.connection();
    let number = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    let missing = number("SELECT count(*) FROM contacts c WHERE NOT EXISTS (SELECT 1 FROM contact_search s WHERE s.rowid = c.id)")
        + number(
            "SELECT count(*) FROM interactions i WHERE NOT EXISTS (SELECT 1 FROM interaction_search s WHERE s.rowid = i.id)",
        );
    assert_eq!(missing, 0, "run {run}: rows with no search row");
    assert_eq!(number("SELECT count(*) FROM contact_search"), number("SELECT count(*) FROM contacts"), "run {run}");
    assert_eq!(
        number("SELECT count(*) FROM interaction_search"),
        number("SELECT count(*) FROM interactions"),
        "run {run}"
    );
    let mut stmt = conn.prepare("SELECT DISTINCT substr(display_name, 1, instr(display_name, ' #') - 1) FROM contacts WHERE display_name LIKE 'import %'").unwrap();
    let tags: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    for tag in tags {
        let query = rapport_core::ContactQuery { search: Some(tag.clone()), ..Default::default() };
        let found = store.list_contacts(&query).unwrap();
        let of_tag = found.iter().filter(|c| c.display_name.starts_with(&format!("{tag} #"))).count();
        assert_eq!(of_tag, IMPORT_SIZE, "run {run}: a search for {tag} finds every contact it imported");
    }
}

fn measures_of(store: &Store) -> Value {
    let at = chrono::Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap().timestamp();
    let report = measures::report(&store.history().unwrap(), at, &store.model_settings().unwrap());
    serde_json::to_value(report).unwrap()
}

#[test]
fn the_database_survives_sigkill_at_random_moments() {
    let seed = std::env::var("RAPPORT_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(DEFAULT_SEED);
    println!("crash test seed: {seed} (set RAPPORT_CRASH_SEED to replay another)");
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    let mut replay = Store::open_in_memory().unwrap();
    let (mut acked_total, mut pending_committed, mut pending_lost, mut killed_before_ready) = (0, 0, 0, 0);
    // Kills that landed while an import was running: its file parsed, matched and written, or not.
    let mut imports_killed = 0;
    // Kills that landed after an import's move, while it indexed its rows for search in slices.
    let mut killed_while_indexing = 0;

    for run in 0..KILLS {
        let mut child = Command::new(env!("CARGO_BIN_EXE_crash_writer"))
            .arg(&db)
            .arg(seed.to_string())
            .arg(run.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, lines) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        // One kill in eight lands while the child is still opening the database; the others
        // once it is writing, after a random delay.
        if rng.random_ratio(1, 8) {
            killed_before_ready += 1;
            std::thread::sleep(Duration::from_micros(rng.random_range(0..3000)));
        } else {
            let first = lines.recv_timeout(Duration::from_secs(20)).expect("the child starts writing");
            assert_eq!(first, "ready");
            std::thread::sleep(Duration::from_micros(rng.random_range(0..200_000)));
        }
        child.kill().unwrap();
        let status = child.wait().unwrap();
        reader.join().unwrap();
        if status.signal() != Some(9) {
            let mut err = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
            panic!("run {run}: the child ended by itself ({status}) before the kill: {err}");
        }

        // What the child said: ops it acknowledged, and at most one it had begun.
        let mut acked = Vec::new();
        let mut pending: Option<Op> = None;
        for line in lines.try_iter() {
            if line == "ack" {
                acked.push(pending.take().expect("ack follows try"));
            } else if let Some(json) = line.strip_prefix("try ") {
                pending = Some(serde_json::from_str(json).unwrap());
            }
        }

        let mut store = Store::open(&db).unwrap_or_else(|e| panic!("run {run}: the database does not open: {e}"));
        let integrity: String = store.connection().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(integrity, "ok", "run {run}");
        // What the CLI and the app do when they open the database: finish the search index an
        // import killed after its move left owed.
        if store.search_owed().unwrap() > 0 {
            killed_while_indexing += 1;
            store.index_owed_search(&mut |_| true).unwrap();
        }
        search_is_complete(&store, run);
        for op in &acked {
            assert!(op.is_in(&store).unwrap(), "run {run}: an acknowledged write is missing: {op:?}");
            op.apply(&mut replay).unwrap();
        }
        acked_total += acked.len();
        if let Some(op) = pending {
            imports_killed += usize::from(matches!(op, Op::Import { .. }));
            if op.is_in(&store).unwrap() {
                op.apply(&mut replay).unwrap();
                pending_committed += 1;
            } else {
                pending_lost += 1;
            }
        }
        // No import is visible in part: each one has all its contacts, each with its message.
        let mut stmt = store
            .connection()
            .prepare(
                // The child logs calls; only an import brings messages.
                "SELECT c.display_name,
                        (SELECT count(*) FROM interaction_participants p JOIN interactions i ON i.id = p.interaction_id
                         WHERE p.contact_id = c.id AND i.channel <> 'call')
                 FROM contacts c WHERE c.display_name LIKE 'import %'",
            )
            .unwrap();
        let mut imports: std::collections::BTreeMap<String, (usize, i64)> = Default::default();
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))).unwrap() {
            let (name, messages) = row.unwrap();
            let tag = name.rsplit_once(" #").map_or(name.clone(), |(tag, _)| tag.to_owned());
            let seen = imports.entry(tag).or_default();
            seen.0 += 1;
            seen.1 += messages;
        }
        for (tag, (contacts, messages)) in imports {
            assert_eq!((contacts, messages as usize), (IMPORT_SIZE, IMPORT_SIZE), "run {run}: {tag} is half there");
        }
        assert!(content(&store) == content(&replay), "run {run}: the database differs from the replay of its writes");
        assert!(measures_of(&store) == measures_of(&replay), "run {run}: measures differ from a recompute");
    }
    let export = replay.export().unwrap();
    println!(
        "crash test: {KILLS} kills ({killed_before_ready} while the child was starting), {acked_total} acknowledged writes \
         checked, in-flight write committed {pending_committed} times and rolled back {pending_lost} times \
         ({imports_killed} of them imports), {killed_while_indexing} kills while an import indexed for search; \
         final database: {} contacts, {} interactions",
        export.contacts.len(),
        export.interactions.len()
    );
    assert!(acked_total >= KILLS as usize, "the child must get real writes done between kills");
}
