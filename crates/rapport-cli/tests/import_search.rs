//! `rapport import` writes its rows' search index after its move, in short slices (issue 17,
//! item 10), and returns once it is written: an imported contact is found by `contact list
//! --search` right after. An import killed while it indexed leaves the rest owed, and the next
//! `rapport` command finishes it before it runs.

mod common;

use std::path::Path;

use common::cards::write_cards;
use common::{rapport, Db};

fn names(db: &Db, search: &str) -> Vec<String> {
    let list = db.json(&["contact", "list", "--search", search]);
    list.as_array().unwrap().iter().map(|c| c["display_name"].as_str().unwrap().to_owned()).collect()
}

fn owed(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("SELECT coalesce(sum(last_id - first_id + 1), 0) FROM search_backlog", [], |r| r.get(0)).unwrap()
}

#[test]
fn an_imported_contact_is_found_by_search_as_soon_as_the_import_returns() {
    let db = Db::new();
    let cards = db.dir.path().join("cards.vcf");
    // Over a megabyte: the meter shows the stages on stderr.
    write_cards(&cards, 14_000);
    assert!(std::fs::metadata(&cards).unwrap().len() > 1024 * 1024);
    let out = rapport(&db.path, &["import", cards.to_str().unwrap()]).assert().success().get_output().clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("import: indexing for search 100%"), "{stderr}");
    // English writes a percentage with no space before its sign (issue 16): "2%", never "2 %".
    for line in stderr.lines().filter(|l| l.starts_with("import: ")) {
        let number = line.strip_suffix('%').and_then(|l| l.rsplit(' ').next()).unwrap_or_default();
        assert!(number.parse::<u8>().is_ok_and(|n| n <= 100), "a stage and its percentage: {line:?}");
    }
    assert_eq!(owed(&db.path), 0);
    assert_eq!(names(&db, "p13999@cards"), ["Person 13999 Zed"]);
    assert_eq!(names(&db, "firm 4242"), ["Person 4242 Zed"]);
}

/// A real kill (SIGKILL) once the import says it is indexing: its rows are all in, some of their
/// search rows owed; the next command indexes them before it searches.
#[cfg(unix)]
#[test]
fn an_import_killed_while_it_indexes_is_finished_by_the_next_command() {
    use std::io::{BufRead, BufReader};
    use std::os::unix::process::ExitStatusExt;
    use std::process::Stdio;

    let db = Db::new();
    let cards = db.dir.path().join("cards.vcf");
    write_cards(&cards, 40_000);
    let mut child = common::process_on(&db.path, &["import", cards.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let indexing = lines.by_ref().map_while(Result::ok).any(|line| line.starts_with("import: indexing for search"));
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(indexing, "the import reported its indexing stage");
    assert_eq!(status.signal(), Some(9), "killed before it finished indexing");

    let conn = rusqlite::Connection::open(&db.path).unwrap();
    let contacts: i64 = conn.query_row("SELECT count(*) FROM contacts", [], |r| r.get(0)).unwrap();
    drop(conn);
    assert_eq!(contacts, 40_000, "the move had committed every contact");
    assert!(owed(&db.path) > 0, "killed during the slices: some search rows are owed");

    assert_eq!(names(&db, "p39999@cards"), ["Person 39999 Zed"]);
    assert_eq!(names(&db, "p0@cards"), ["Person 0 Zed"]);
    assert_eq!(owed(&db.path), 0, "the command finished the index before it searched");
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    let indexed: i64 = conn.query_row("SELECT count(*) FROM contact_search", [], |r| r.get(0)).unwrap();
    assert_eq!(indexed, 40_000);
}

/// A Rapport JSON restore keeps its file's ids: two contacts whose ids are 1 and 4e18 (an edited
/// export) owe one range of 4e18 ids holding two rows. The import and the next command finish
/// at once (the slices walked the span, 2,000 ids at a time: the import never returned and every
/// later command waited for it, so the data could not even be exported). A minute's guard turns
/// a hang into a failure.
#[test]
fn a_restore_with_ids_far_apart_neither_hangs_the_import_nor_the_next_command() {
    use std::time::Duration;

    let source = Db::new();
    source.add_contact(&["Ada Near"]);
    source.add_contact(&["Bo Far"]);
    let mut doc: serde_json::Value = serde_json::from_str(&source.ok(&["export", "--format", "json"])).unwrap();
    doc["contacts"][1]["id"] = serde_json::json!(4_000_000_000_000_000_000_i64);
    let file = source.dir.path().join("far.json");
    std::fs::write(&file, serde_json::to_vec(&doc).unwrap()).unwrap();

    let db = Db::new();
    let guard = Duration::from_secs(60);
    db.cmd(&["import", file.to_str().unwrap()]).timeout(guard).assert().success();
    let list = db.cmd(&["contact", "list", "--search", "Far", "--json"]).timeout(guard).assert().success();
    let found: serde_json::Value = serde_json::from_slice(&list.get_output().stdout).unwrap();
    assert_eq!(found[0]["display_name"], "Bo Far", "{found}");
    assert_eq!(found[0]["id"], 4_000_000_000_000_000_000_i64, "the restore kept the file's id");
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    let ranges: i64 = conn.query_row("SELECT count(*) FROM search_backlog", [], |r| r.get(0)).unwrap();
    assert_eq!(ranges, 0, "nothing is owed");
}

/// A backup taken between two slices of an import's indexing carries the ranges still owed:
/// `rapport restore` indexes them before it returns, as an import does (the restore started the
/// indexing in the background, which the command's exit stopped: the rows stayed owed until the
/// next command).
#[test]
fn a_restore_indexes_what_its_backup_owes_before_it_returns() {
    let source = Db::new();
    let cards = source.dir.path().join("cards.vcf");
    write_cards(&cards, 3_000);
    source.ok(&["import", cards.to_str().unwrap()]);
    let backup = source.json(&["backup", "now"]);
    let backup = backup["path"].as_str().unwrap().to_owned();
    // The backup as one taken between two slices: its contacts' search rows owed, not written.
    let conn = rusqlite::Connection::open(&backup).unwrap();
    conn.execute_batch(
        "DELETE FROM contact_search;
         INSERT INTO search_backlog (kind, first_id, last_id) SELECT 'contact', min(id), max(id) FROM contacts;",
    )
    .unwrap();
    drop(conn);
    assert_eq!(owed(Path::new(&backup)), 3_000);

    let db = Db::new();
    db.add_contact(&["Ana Before"]);
    db.ok(&["restore", &backup, "--yes"]);
    assert_eq!(owed(&db.path), 0, "indexed before the restore returned");
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    let indexed: i64 = conn.query_row("SELECT count(*) FROM contact_search", [], |r| r.get(0)).unwrap();
    assert_eq!(indexed, 3_000);
}
