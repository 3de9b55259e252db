//! An import applied in slices (issue 17, item 10), through the `rapport` binary: the import
//! writes its rows in short write transactions recorded in a journal (`import_journal`, schema
//! v8), so another program's write waits for one slice, never for the whole import; and it stays
//! all or nothing. A SIGKILL at any moment leaves, once the next command has opened the database
//! for writing, either the database as it was or the whole import, never part of it; a second
//! import while one applies is refused; a contact deleted by another program between two slices
//! makes the import fail and take back everything it wrote.
//!
//! `RAPPORT_IMPORT_SLICE_ROWS` makes the slices small, so files of a few thousand records apply
//! in many slices.

#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{mail, ok, process_on};
use rusqlite::{Connection, OpenFlags};

/// The test hook that forces slices of at most this many rows.
const SLICE_ROWS_ENV: &str = "RAPPORT_IMPORT_SLICE_ROWS";

/// The columns that hold the moment a row was written: an import run twice gives them different
/// values, so they are left out where a killed import is compared with one that finished.
const WRITTEN_AT: [&str; 2] = ["created_at", "updated_at"];

/// The write every check runs after a kill: a command that opens the database for writing (and so
/// rolls back a dead import first) and changes one setting, nothing that carries a time.
const NEXT_WRITE: [&str; 4] = ["model", "set", "index_weights.reach", "0.2"];

/// Each table's rows as text, sorted, by table name.
type Dump = BTreeMap<String, Vec<String>>;

fn read_only(db: &Path) -> Connection {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    conn.busy_timeout(Duration::from_secs(10)).unwrap();
    conn
}

fn cell(value: rusqlite::types::ValueRef<'_>) -> String {
    use rusqlite::types::ValueRef;
    match value {
        ValueRef::Null => "NULL".to_owned(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => format!("{f:?}"),
        ValueRef::Text(t) => format!("{:?}", String::from_utf8_lossy(t)),
        ValueRef::Blob(b) => format!("x'{}'", b.iter().map(|x| format!("{x:02x}")).collect::<String>()),
    }
}

/// Every table of the database: the plain tables and what the two search indexes hold (not their
/// shadow tables, whose pages differ after rows are added and taken out again), but not the
/// data's token, which every write renews. With `mask`, the [`WRITTEN_AT`] columns read `*`.
fn dump(db: &Path, mask: bool) -> Dump {
    let conn = read_only(db);
    let tables: Vec<(String, String)> = conn
        .prepare("SELECT name, coalesce(sql, '') FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let shadow = |name: &str| ["contact_search_", "interaction_search_"].iter().any(|p| name.starts_with(p));
    let mut out = Dump::new();
    for (table, sql) in tables.iter().filter(|(name, _)| !shadow(name) && name != "data_token") {
        // A search index's rows are known by their rowid (the contact's or interaction's id).
        let columns = if sql.starts_with("CREATE VIRTUAL") { "rowid, *" } else { "*" };
        let mut stmt = conn.prepare(&format!("SELECT {columns} FROM \"{table}\"")).unwrap();
        let names: Vec<String> = stmt.column_names().map(str::to_owned).collect();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                let cells: Vec<String> = (0..names.len())
                    .map(|i| {
                        if mask && WRITTEN_AT.contains(&names[i].as_str()) {
                            "*".to_owned()
                        } else {
                            cell(r.get_ref(i).unwrap())
                        }
                    })
                    .collect();
                Ok(cells.join("|"))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        rows.sort();
        out.insert(table.clone(), rows);
    }
    out
}

/// The tables whose rows differ, with their row counts (the dumps can be large).
fn differences(found: &Dump, wanted: &Dump) -> Vec<String> {
    let empty = Vec::new();
    let mut tables: Vec<&String> = found.keys().chain(wanted.keys()).collect();
    tables.sort();
    tables.dedup();
    tables
        .into_iter()
        .filter(|t| found.get(*t) != wanted.get(*t))
        .map(|t| {
            let (f, w) = (found.get(t).unwrap_or(&empty), wanted.get(t).unwrap_or(&empty));
            let first = f.iter().zip(w).find(|(a, b)| a != b).map(|(a, b)| format!(", first difference {a} / {b}"));
            format!("{t}: {} rows, wanted {}{}", f.len(), w.len(), first.unwrap_or_default())
        })
        .collect()
}

fn integrity(db: &Path) -> String {
    read_only(db).query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap()
}

/// How many imports the journal records as under way (a read of its own: it never holds a lock
/// a writer waits for). Panics where the journal is missing (a database before schema v8).
fn journaled(conn: &Connection) -> i64 {
    conn.query_row("SELECT count(*) FROM import_journal", [], |r| r.get(0))
        .expect("the database has the import journal of schema v8 (import_journal)")
}

/// Writes every page to the database file and empties the WAL, so the file alone is the database
/// and can be copied.
fn settle(db: &Path) {
    let conn = Connection::open(db).unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).unwrap();
}

/// A copy of the (settled) database `from` as `rapport.db` in a new folder of `dir`.
fn copy_of(from: &Path, dir: &Path, name: &str) -> PathBuf {
    let folder = dir.join(name);
    std::fs::create_dir_all(&folder).unwrap();
    let db = folder.join("rapport.db");
    std::fs::copy(from, &db).unwrap();
    db
}

/// `rapport --db DB import FILE ARGS` started, its slices as small as `slice_rows` when given.
fn start_import(db: &Path, file: &Path, args: &[&str], slice_rows: Option<usize>) -> Child {
    let mut cmd = process_on(db, &[&["import", file.to_str().unwrap()], args].concat());
    if let Some(rows) = slice_rows {
        cmd.env(SLICE_ROWS_ENV, rows.to_string());
    }
    cmd.stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap()
}

fn stderr_of(child: &mut Child) -> String {
    let mut text = String::new();
    child.stderr.take().unwrap().read_to_string(&mut text).unwrap();
    text
}

/// Polls the journal every half millisecond until `until` holds for the number of journaled
/// imports or the child exits; true when `until` held.
fn wait_for_journal(child: &mut Child, journal: &Connection, until: impl Fn(i64) -> bool) -> bool {
    loop {
        if until(journaled(journal)) {
            return true;
        }
        if child.try_wait().unwrap().is_some() {
            return until(journaled(journal));
        }
        std::thread::sleep(Duration::from_micros(500));
    }
}

/// One import run to its end on a copy of `before`, watched: how long after its start the journal
/// showed it, and how long it showed it (its slices).
struct Reference {
    /// Every table once it finished and [`NEXT_WRITE`] ran, the [`WRITTEN_AT`] columns masked.
    dump: Dump,
    applying: Duration,
}

fn reference(before: &Path, dir: &Path, file: &Path, args: &[&str], slice_rows: usize) -> Reference {
    let db = copy_of(before, dir, "reference");
    let journal = read_only(&db);
    let mut child = start_import(&db, file, args, Some(slice_rows));
    let shown = wait_for_journal(&mut child, &journal, |n| n > 0);
    let began = Instant::now();
    let ended = wait_for_journal(&mut child, &journal, |n| n == 0);
    let applying = began.elapsed();
    let status = child.wait().unwrap();
    let said = stderr_of(&mut child);
    assert!(status.success(), "the import finished: {said}");
    assert!(shown && ended, "the import's slices were recorded in the journal while they applied");
    drop(journal);
    ok(&db, &NEXT_WRITE);
    assert_eq!(integrity(&db), "ok");
    Reference { dump: dump(&db, true), applying }
}

/// What one kill left, once the next command had run.
#[derive(Debug, PartialEq, Eq)]
enum Left {
    Before,
    Imported,
}

/// Kills `rapport import FILE` with SIGKILL at moments spread over its run on copies of `before`
/// (while it reads, at the first slice, evenly through its slices, after the last one), runs
/// [`NEXT_WRITE`] after each kill and checks that every table holds what `before` held or what
/// the whole import gives, never something in between, and that the file passes an integrity
/// check. A kill while the journal still showed the import must leave the database as it was.
/// Returns the whole import's tables.
fn kill_at_spread_moments(
    before: &Path,
    dir: &Path,
    file: &Path,
    args: &[&str],
    slice_rows: usize,
    kills: u32,
) -> Dump {
    let full = reference(before, dir, file, args, slice_rows);
    let expected_before = {
        let db = copy_of(before, dir, "expected-before");
        ok(&db, &NEXT_WRITE);
        (dump(&db, false), dump(&db, true))
    };
    assert!(
        full.applying > Duration::from_millis(100),
        "the slices took {:?}: too quick to be killed in the middle (make the file larger)",
        full.applying
    );
    let (mut mid_slices, mut rollbacks_cut, mut outcomes) = (0, 0, Vec::new());
    for k in 0..kills {
        let db = copy_of(before, dir, &format!("kill-{k}"));
        let journal = read_only(&db);
        let mut child = start_import(&db, file, args, Some(slice_rows));
        // The first kill lands while the file is read, the last two after the last slice (or
        // once the import has ended); the others evenly through the slices.
        let delay = match k {
            0 => None,
            k if k >= kills - 2 => Some(full.applying.mul_f64(1.1 + f64::from(k + 2 - kills))),
            k => Some(full.applying.mul_f64(f64::from(k - 1) / f64::from(kills - 3))),
        };
        if let Some(delay) = delay {
            wait_for_journal(&mut child, &journal, |n| n > 0);
            std::thread::sleep(delay);
        } else {
            std::thread::sleep(Duration::from_millis(5));
        }
        let _ = child.kill();
        child.wait().unwrap();
        let killed_mid_slices = journaled(&journal) > 0;
        mid_slices += u32::from(killed_mid_slices);
        // Every other time, the command that rolls the dead import back is killed too, in the
        // middle of its rollback: the next one takes it up where it stopped.
        if killed_mid_slices && k % 2 == 1 && kill_mid_rollback(&db, &journal, slice_rows) {
            rollbacks_cut += 1;
        }
        drop(journal);

        ok(&db, &NEXT_WRITE);
        assert_eq!(integrity(&db), "ok", "kill {k} ({delay:?} into the slices)");
        assert_eq!(journaled(&read_only(&db)), 0, "kill {k}: the next command rolled the dead import back");
        let left = if dump(&db, false) == expected_before.0 {
            Left::Before
        } else {
            let found = dump(&db, true);
            assert!(
                found == full.dump,
                "kill {k} ({delay:?} into the slices) left neither the database as it was nor the whole import: \
                 against before {:?}; against the whole import {:?}",
                differences(&found, &expected_before.1),
                differences(&found, &full.dump)
            );
            Left::Imported
        };
        if killed_mid_slices {
            assert_eq!(left, Left::Before, "kill {k}: killed while its journal showed it, the import is taken back");
        }
        outcomes.push(left);
    }
    println!(
        "{kills} kills over {:?} of slices: {mid_slices} while the journal showed the import, {rollbacks_cut} of \
         them with the next command killed in its rollback; left {outcomes:?}",
        full.applying
    );
    assert!(
        mid_slices >= kills / 2,
        "most kills landed between the first and the last slice ({mid_slices} of {kills})"
    );
    assert!(rollbacks_cut >= 1, "a rollback was cut short and taken up by the next command");
    assert!(outcomes.contains(&Left::Before) && outcomes.contains(&Left::Imported));
    full.dump
}

/// Runs [`NEXT_WRITE`] on a database a killed import left with its journal, and kills it with
/// SIGKILL once its rollback has taken out some of what the journal names (slices as small as
/// the import's); true when it was killed before the rollback ended.
fn kill_mid_rollback(db: &Path, journal: &Connection, slice_rows: usize) -> bool {
    let left = |journal: &Connection| -> i64 {
        journal
            .query_row("SELECT coalesce(sum(last_id - first_id + 1), 0) FROM import_journal_spans", [], |r| r.get(0))
            .unwrap()
    };
    let named = left(journal);
    let mut child = process_on(db, &NEXT_WRITE)
        .env(SLICE_ROWS_ENV, slice_rows.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    while left(journal) == named && child.try_wait().unwrap().is_none() {
        std::thread::sleep(Duration::from_micros(200));
    }
    let _ = child.kill();
    child.wait().unwrap();
    journaled(journal) > 0 && left(journal) < named
}

/// `n` vCards, `Person i Zed` with an email, a phone, a company and one of five circles.
fn write_vcards(path: &Path, n: usize) {
    let mut text = String::with_capacity(n * 140);
    for i in 0..n {
        text.push_str(&format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i} Zed\r\nEMAIL:p{i}@cards.test\r\nTEL:+1 555 {i:07}\r\n\
             ORG:Firm {i}\r\nCATEGORIES:Circle {}\r\nEND:VCARD\r\n",
            i % 5
        ));
    }
    std::fs::write(path, text).unwrap();
}

/// A WhatsApp group chat of `lines` lines between me and five people, some messages questions.
fn write_chat(path: &Path, lines: usize) {
    let names = ["Chat Me", "Ann Lee", "Bob Stone", "Zoé Martin", "Dan Ray", "Eve Moss"];
    let mut text = String::with_capacity(lines * 60);
    for i in 0..lines {
        let (day, minute) = (1 + (i / 400) % 28, (i % 400) * 3);
        let month = 1 + (i / (400 * 28)) % 12;
        let year = 2021 + i / (400 * 28 * 12);
        let sender = names[(i / 2 + i / 7) % names.len()];
        let words = if i % 9 == 0 { "Are we still on for tonight?" } else { "Sounds good, see you there" };
        text.push_str(&format!(
            "{day:02}/{month:02}/{year}, {:02}:{:02} - {sender}: {words} {i}\n",
            minute / 60,
            minute % 60
        ));
    }
    std::fs::write(path, text).unwrap();
}

/// A database with some people, history and a circle already there; a few of the people are in
/// the generated vCards and the chat, so the import merges into them and names them.
fn seeded(dir: &Path) -> PathBuf {
    let db = dir.join("before.db");
    for i in [0, 7, 1_500, 2_999] {
        let email = format!("p{i}@cards.test");
        ok(&db, &["contact", "add", &format!("Person {i} Zed"), "--email", &email, "--how-met", "school"]);
    }
    ok(&db, &["contact", "add", "Ann Lee", "--circle", "Circle 3", "--closeness", "4"]);
    ok(&db, &["contact", "add", "Zed Only Here", "--company", "Elsewhere"]);
    ok(&db, &["log", "--with", "Ann Lee", "--at", "2026-01-02", "--asked", "How was the trip?"]);
    ok(
        &db,
        &["log", "--with", "Person 7 Zed", "--with", "Zed Only Here", "--at", "2026-02-03", "--by", "Zed Only Here"],
    );
    settle(&db);
    db
}

#[test]
fn a_vcard_import_killed_at_any_moment_leaves_the_database_as_it_was_or_wholly_imported() {
    let dir = tempfile::tempdir().unwrap();
    let before = seeded(dir.path());
    let cards = dir.path().join("cards.vcf");
    write_vcards(&cards, 3_000);
    kill_at_spread_moments(&before, dir.path(), &cards, &[], 40, 12);
}

#[test]
fn a_chat_import_killed_at_any_moment_leaves_the_database_as_it_was_or_wholly_imported() {
    let dir = tempfile::tempdir().unwrap();
    let before = seeded(dir.path());
    let chat = dir.path().join("WhatsApp Chat - Slices.txt");
    write_chat(&chat, 4_000);
    kill_at_spread_moments(&before, dir.path(), &chat, &["--me", "Chat Me"], 60, 10);
}

/// Another program writing while an import applies, as the app's "Add contact" would: each write
/// a contact and an interaction in a transaction of its own, taken with `BEGIN IMMEDIATE`; the
/// busy handler retries every millisecond for up to SQLite's busy timeout (10 s), as the store's.
struct Writer {
    /// The longest a write waited for the write lock.
    longest_wait: Duration,
    /// Every write made.
    writes: usize,
    /// The writes made while the import's journal showed it (between two of its slices).
    between_slices: usize,
}

/// How the other program waits while the database is busy.
#[derive(Clone, Copy)]
enum Waiting {
    /// Tries again every millisecond, as Rapport's own connections do (every 2 ms).
    EveryMillisecond,
    /// SQLite's own busy handler (`sqlite3_busy_timeout`, what the `sqlite3` shell and Python
    /// use): sleeps 1, 2, 5, ... up to 100 ms between tries.
    SqlitesOwn,
}

fn write_meanwhile(db: &Path, stop: Arc<AtomicBool>, waiting: Waiting) -> std::thread::JoinHandle<Writer> {
    let db = db.to_path_buf();
    std::thread::spawn(move || {
        let mut conn = Connection::open(&db).unwrap();
        match waiting {
            Waiting::EveryMillisecond => conn
                .busy_handler(Some(|tries: i32| {
                    std::thread::sleep(Duration::from_millis(1));
                    tries < 10_000
                }))
                .unwrap(),
            Waiting::SqlitesOwn => conn.busy_timeout(Duration::from_secs(10)).unwrap(),
        }
        let mut writer = Writer { longest_wait: Duration::ZERO, writes: 0, between_slices: 0 };
        while !stop.load(Ordering::Relaxed) {
            let asked = Instant::now();
            conn.execute_batch("BEGIN IMMEDIATE").expect("the write lock within SQLite's busy timeout");
            writer.longest_wait = writer.longest_wait.max(asked.elapsed());
            let n = writer.writes;
            conn.execute(
                "INSERT INTO contacts (display_name, created_at, updated_at) VALUES (?1, 0, 0)",
                [format!("Writer {n}")],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO interactions (occurred_at, channel, initiated_by, summary, created_at)
                 VALUES (1700000000, 'call', 'me', ?1, 0)",
                [format!("written meanwhile {n}")],
            )
            .unwrap();
            let applying: i64 = conn.query_row("SELECT count(*) FROM import_journal", [], |r| r.get(0)).unwrap();
            conn.execute_batch("COMMIT").unwrap();
            writer.writes += 1;
            writer.between_slices += usize::from(applying > 0);
            std::thread::sleep(Duration::from_millis(2));
        }
        writer
    })
}

/// A chat of 600,000 lines (33 MB) applied as one transaction held the write lock 1.2-1.3 s
/// (debug build, 2026-12-06): another writer waited that long. Sliced by time (no test hook), no
/// write waits a second, and every write is there afterwards next to the whole import.
#[test]
fn another_program_writes_between_the_slices_of_a_large_import_and_keeps_every_write() {
    writes_between_the_slices(Waiting::EveryMillisecond);
}

/// A program waiting with SQLite's own busy handler, which sleeps up to 100 ms between tries,
/// missed the 15 ms pause after each slice: it waited 1.1-1.9 s during a 99 MB import (release,
/// session 11). The longer pause after every fourth slice lets it in.
#[test]
fn a_program_waiting_with_sqlites_own_busy_handler_gets_in_within_a_second() {
    writes_between_the_slices(Waiting::SqlitesOwn);
}

fn writes_between_the_slices(waiting: Waiting) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    ok(&db, &["contact", "add", "Seed Contact"]);
    let chat = dir.path().join("WhatsApp Chat - Large.txt");
    write_chat(&chat, 600_000);

    let stop = Arc::new(AtomicBool::new(false));
    let writer = write_meanwhile(&db, Arc::clone(&stop), waiting);
    let mut child = start_import(&db, &chat, &["--me", "Chat Me", "--json"], None);
    let status = child.wait().unwrap();
    stop.store(true, Ordering::Relaxed);
    let writer = writer.join().unwrap();
    let said = stderr_of(&mut child);
    assert!(status.success(), "the import finished: {said}");
    println!(
        "another writer: {} writes, {} between slices, longest wait {:?}",
        writer.writes, writer.between_slices, writer.longest_wait
    );

    let conn = read_only(&db);
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM contacts WHERE display_name LIKE 'Writer %'") as usize, writer.writes);
    assert_eq!(
        count("SELECT count(*) FROM interactions WHERE summary LIKE 'written meanwhile %'") as usize,
        writer.writes,
        "every write made during the import is there"
    );
    let imported = count("SELECT count(*) FROM interactions WHERE summary NOT LIKE 'written meanwhile %'");
    let participants = count("SELECT count(DISTINCT interaction_id) FROM interaction_participants");
    assert_eq!(participants, imported, "each imported message has its participants");
    assert!(imported > 100_000, "the chat was imported: {imported} interactions");
    assert_eq!(integrity(&db), "ok");
    assert!(writer.between_slices >= 3, "the writer got in between the slices ({} times)", writer.between_slices);
    assert!(
        writer.longest_wait < Duration::from_secs(1),
        "no write waited a second for the import (longest {:?})",
        writer.longest_wait
    );
}

#[test]
fn a_second_import_while_one_applies_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let before = seeded(dir.path());
    let cards = dir.path().join("cards.vcf");
    write_vcards(&cards, 3_000);
    let full = reference(&before, dir.path(), &cards, &[], 40);
    let other = dir.path().join("other.vcf");
    std::fs::write(&other, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Una Second\r\nEMAIL:una@second.test\r\nEND:VCARD\r\n")
        .unwrap();

    let db = copy_of(&before, dir.path(), "two-imports");
    let journal = read_only(&db);
    let mut first = start_import(&db, &cards, &[], Some(40));
    assert!(wait_for_journal(&mut first, &journal, |n| n > 0), "the first import applies");
    let second = process_on(&db, &["import", other.to_str().unwrap()]).output().unwrap();
    let still_applying = journaled(&journal) > 0;
    drop(journal);
    let said = String::from_utf8_lossy(&second.stderr);
    assert!(!second.status.success(), "the second import is refused while the first applies: {said}");
    assert!(said.contains("another import"), "{said}");
    assert!(still_applying, "the first import was still applying when the second was refused");

    let status = first.wait().unwrap();
    let first_said = stderr_of(&mut first);
    assert!(status.success(), "the first import finished: {first_said}");
    ok(&db, &NEXT_WRITE);
    let found = dump(&db, true);
    assert!(found == full.dump, "the database holds the first import alone: {:?}", differences(&found, &full.dump));
    assert_eq!(integrity(&db), "ok");
}

/// An mbox of `n` messages to me, one in three from `Kim Known <kim@known.test>` (last one
/// included), the others each from a sender of their own.
fn write_mailbox(path: &Path, n: usize) {
    let body = "Thanks for the notes, talk soon.\n";
    let text: String = (0..n)
        .map(|i| {
            let from = if i % 3 == 0 || i == n - 1 {
                "Kim Known <kim@known.test>".to_owned()
            } else {
                format!("Sender {i} <s{i}@mail.test>")
            };
            let date = format!("Mon, {} Mar 2026 09:{:02}:00 +0000", 1 + i % 28, i % 60);
            mail(&from, "Me <me@rapport.test>", &date, &format!("{i}@slices"), "", body)
        })
        .collect();
    std::fs::write(path, text).unwrap();
}

/// A contact the mailbox names all through is deleted by another program once the import has
/// begun applying: a later slice cannot name it, so the import fails, says so, and takes back
/// what it wrote. The database ends as it was, apart from that deletion.
#[test]
fn a_contact_deleted_between_two_slices_fails_the_import_and_leaves_the_database_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let before = seeded(dir.path());
    ok(&before, &["contact", "add", "Kim Known", "--email", "kim@known.test"]);
    ok(&before, &["log", "--with", "Kim Known", "--at", "2026-01-05", "--note", "Lunch"]);
    settle(&before);
    let mailbox = dir.path().join("mail.mbox");
    write_mailbox(&mailbox, 3_000);
    let args = ["--me", "me@rapport.test"];
    let full = reference(&before, dir.path(), &mailbox, &args, 20);

    let expected = copy_of(&before, dir.path(), "expected");
    ok(&expected, &["contact", "delete", "Kim Known", "--yes"]);
    ok(&expected, &NEXT_WRITE);

    let db = copy_of(&before, dir.path(), "deleted-meanwhile");
    let journal = read_only(&db);
    let mut child = start_import(&db, &mailbox, &args, Some(20));
    assert!(wait_for_journal(&mut child, &journal, |n| n > 0), "the import applies");
    std::thread::sleep(full.applying / 5);
    assert!(journaled(&journal) > 0, "the import is still applying when the contact is deleted");
    drop(journal);
    ok(&db, &["contact", "delete", "Kim Known", "--yes"]);
    let status = child.wait().unwrap();
    let said = stderr_of(&mut child);
    assert!(!status.success(), "the import failed: the contact it names was deleted meanwhile");
    assert!(said.starts_with("error: ") && said.contains("while the import was applied"), "said in a sentence: {said}");
    println!("the import said: {said}");

    ok(&db, &NEXT_WRITE);
    assert_eq!(integrity(&db), "ok");
    let (found, wanted) = (dump(&db, false), dump(&expected, false));
    assert!(found == wanted, "as before apart from the deletion: {:?}", differences(&found, &wanted));
}

/// An mbox of `n` messages to me from `senders` people in turn (`Sender k <sk@turns.test>`).
fn write_mailbox_in_turns(path: &Path, n: usize, senders: usize) {
    let body = "Thanks, that works for me.\n";
    let text: String = (0..n)
        .map(|i| {
            let k = i % senders;
            let date = format!("Tue, {} Mar 2026 10:{:02}:00 +0000", 1 + i % 28, i % 60);
            mail(
                &format!("Sender {k} <s{k}@turns.test>"),
                "Me <me@rapport.test>",
                &date,
                &format!("{i}@turns"),
                "",
                body,
            )
        })
        .collect();
    std::fs::write(path, text).unwrap();
}

/// Once an import has written its new contacts and goes on with their messages, another program
/// deletes the newest of them and adds a contact of its own, which SQLite gives the freed id.
/// The import then fails (a later slice names the deleted contact) and takes back what it wrote:
/// the other program's new contact is not the import's to take back, and stays.
#[test]
fn a_contact_added_meanwhile_is_kept_when_the_import_is_taken_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    ok(&db, &["contact", "add", "Seed Contact"]);
    let mailbox = dir.path().join("turns.mbox");
    write_mailbox_in_turns(&mailbox, 2_000, 100);
    let journal = read_only(&db);
    let mut child = start_import(&db, &mailbox, &["--me", "me@rapport.test"], Some(20));
    let spans_of = |table: &str| -> i64 {
        journal.query_row("SELECT count(*) FROM import_journal_spans WHERE tbl = ?1", [table], |r| r.get(0)).unwrap()
    };
    while spans_of("interactions") == 0 {
        assert!(child.try_wait().unwrap().is_none(), "the import is still applying");
        std::thread::sleep(Duration::from_micros(500));
    }
    let newest: i64 = journal.query_row("SELECT max(id) FROM contacts", [], |r| r.get(0)).unwrap();
    ok(&db, &["contact", "delete", &newest.to_string(), "--yes"]);
    let mine: i64 = ok(&db, &["contact", "add", "Mine Added Meanwhile"]).trim().parse().unwrap();
    assert_eq!(mine, newest, "SQLite gave the freed id to the new contact");
    assert!(journaled(&journal) > 0, "the import was still applying");
    drop(journal);
    let status = child.wait().unwrap();
    let said = stderr_of(&mut child);
    let conn = read_only(&db);
    let messages_of_mine: i64 = conn
        .query_row("SELECT count(*) FROM interaction_participants WHERE contact_id = ?1", [mine], |r| r.get(0))
        .unwrap();
    drop(conn);
    println!(
        "newest imported contact {newest}, the one added meanwhile {mine} ({messages_of_mine} messages); \
         the import said: {said}"
    );
    assert_eq!(messages_of_mine, 0, "the import gave none of its messages to the other program's new contact");
    assert!(!status.success(), "the import failed: a contact it wrote was deleted meanwhile");
    assert!(said.contains("while the import was applied"), "{said}");

    ok(&db, &NEXT_WRITE);
    let conn = read_only(&db);
    let names: Vec<String> = conn
        .prepare("SELECT display_name FROM contacts ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        names,
        ["Seed Contact", "Mine Added Meanwhile"],
        "the import is taken back, the other program's contact kept"
    );
    let interactions: i64 = conn.query_row("SELECT count(*) FROM interactions", [], |r| r.get(0)).unwrap();
    assert_eq!(interactions, 0);
    assert_eq!(integrity(&db), "ok");
}

/// Once an import has written its new contacts and goes on with their messages, the app merges
/// the newest of them into a contact of its own: no message of the import may end on the contact
/// merged away (where no list or measure shows it). The import follows the merge or fails and
/// takes back what it wrote.
#[test]
fn no_imported_message_ends_on_a_contact_merged_away_between_two_slices() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    let kept = ok(&db, &["contact", "add", "Seed Contact"]).trim().parse::<i64>().unwrap();
    let mailbox = dir.path().join("turns.mbox");
    write_mailbox_in_turns(&mailbox, 2_000, 100);
    let journal = read_only(&db);
    let mut child = start_import(&db, &mailbox, &["--me", "me@rapport.test"], Some(20));
    let spans_of = |table: &str| -> i64 {
        journal.query_row("SELECT count(*) FROM import_journal_spans WHERE tbl = ?1", [table], |r| r.get(0)).unwrap()
    };
    while spans_of("interactions") == 0 {
        assert!(child.try_wait().unwrap().is_none(), "the import is still applying");
        std::thread::sleep(Duration::from_micros(500));
    }
    let newest: i64 = journal.query_row("SELECT max(id) FROM contacts", [], |r| r.get(0)).unwrap();
    let mut app = rapport_core::Store::open(&db).unwrap();
    app.merge_contacts(rapport_core::ContactId(kept), rapport_core::ContactId(newest)).unwrap();
    drop(app);
    assert!(journaled(&journal) > 0, "the import was still applying");
    drop(journal);
    let status = child.wait().unwrap();
    let said = stderr_of(&mut child);
    ok(&db, &NEXT_WRITE);
    let conn = read_only(&db);
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    let on_merged = count(
        "SELECT count(*) FROM interaction_participants p JOIN contacts c ON c.id = p.contact_id
         WHERE c.merged_into IS NOT NULL",
    );
    println!(
        "merged {newest} into {kept}; the import {}: {said}; messages on the contact merged away: {on_merged}",
        if status.success() { "finished" } else { "failed" }
    );
    assert_eq!(on_merged, 0, "no message of the import on the contact merged away");
    assert_eq!(integrity(&db), "ok");
    if !status.success() {
        assert!(said.contains("while the import was applied"), "{said}");
        assert_eq!(count("SELECT count(*) FROM interactions"), 0, "the import is taken back whole");
    }
}

/// A Rapport JSON export restored into an empty database keeps its ids (slices of kept ids):
/// killed at any moment, it leaves the database empty or wholly restored.
#[test]
fn a_restore_killed_at_any_moment_leaves_the_database_empty_or_wholly_restored() {
    let dir = tempfile::tempdir().unwrap();
    let source = seeded(dir.path());
    let cards = dir.path().join("cards.vcf");
    write_vcards(&cards, 1_500);
    ok(&source, &["import", cards.to_str().unwrap()]);
    let chat = dir.path().join("WhatsApp Chat - Restore.txt");
    write_chat(&chat, 2_000);
    ok(&source, &["import", chat.to_str().unwrap(), "--me", "Chat Me"]);
    let export = dir.path().join("export.json");
    ok(&source, &["export", "--format", "json", "--out", export.to_str().unwrap()]);

    let empty = dir.path().join("empty.db");
    ok(&empty, &["contact", "list"]);
    settle(&empty);
    let restored = kill_at_spread_moments(&empty, dir.path(), &export, &[], 40, 8);
    let exported = dump(&source, true);
    // Contacts and interactions keep their ids; the rows under them are counted.
    for table in ["contacts", "interactions", "interaction_participants"] {
        assert!(restored[table] == exported[table], "{table} restored with the export's ids");
    }
    for table in ["contact_emails", "contact_phones", "contact_circles", "questions"] {
        assert_eq!(restored[table].len(), exported[table].len(), "{table}");
    }
}
