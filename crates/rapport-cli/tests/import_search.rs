//! `rapport import` writes its rows' search index after its move, in short slices (issue 17,
//! item 10), and returns once it is written: an imported contact is found by `contact list
//! --search` right after. An import killed while it indexed leaves the rest owed, and the next
//! `rapport` command finishes it before it runs.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;

use common::{process_on, rapport, Db};

/// `n` cards, `Person i Zed` with the email `pi@cards.test`.
fn write_cards(path: &Path, n: usize) {
    let mut text = String::with_capacity(n * 80);
    for i in 0..n {
        text.push_str(&format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i} Zed\r\nEMAIL:p{i}@cards.test\r\nORG:Firm {i}\r\nEND:VCARD\r\n"
        ));
    }
    std::fs::write(path, text).unwrap();
}

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
    assert_eq!(owed(&db.path), 0);
    assert_eq!(names(&db, "p13999@cards"), ["Person 13999 Zed"]);
    assert_eq!(names(&db, "firm 4242"), ["Person 4242 Zed"]);
}

/// A real kill (SIGKILL) once the import says it is indexing: its rows are all in, some of their
/// search rows owed; the next command indexes them before it searches.
#[cfg(unix)]
#[test]
fn an_import_killed_while_it_indexes_is_finished_by_the_next_command() {
    use std::os::unix::process::ExitStatusExt;
    use std::process::Stdio;

    let db = Db::new();
    let cards = db.dir.path().join("cards.vcf");
    write_cards(&cards, 40_000);
    let mut child = process_on(&db.path, &["import", cards.to_str().unwrap()])
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
