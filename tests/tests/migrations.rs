//! Upgrading real databases: every schema version that shipped has a fixture file in
//! `tests/fixtures/` (`schema-vN.db`), and opening it with today's code must keep every row of
//! every table: same row counts, same checksums over the columns the fixture had. A migration
//! that fails half-way must leave the file byte for byte as it was, with the pre-migration backup
//! beside it. A new schema version only needs its fixture file added: these tests find it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rapport_core::{db, ContactId, QuestionQuery, Store};
use rusqlite::Connection;

/// Every `schema-vN.db` in `tests/fixtures/`, with N.
fn fixtures() -> Vec<(i64, PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut found: Vec<(i64, PathBuf)> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let version = name.strip_prefix("schema-v")?.strip_suffix(".db")?.parse().ok()?;
            Some((version, e.path()))
        })
        .collect();
    found.sort();
    assert!(found.iter().any(|(v, _)| *v == 1), "the v1 fixture is there");
    found
}

/// One table's fingerprint: row count and a checksum (FNV-1a, 64 bits) of its rows as text, in
/// primary-key order, over the given columns.
#[derive(Debug, PartialEq, Eq)]
struct Fingerprint {
    rows: i64,
    checksum: u64,
}

/// The columns of every table in the file, to fingerprint the same columns after an upgrade
/// (a later version may add columns; the old ones must keep their values).
fn columns_of(conn: &Connection) -> BTreeMap<String, Vec<String>> {
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap();
    let tables: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    tables
        .into_iter()
        .map(|t| {
            let mut info = conn.prepare(&format!("SELECT name FROM pragma_table_info('{t}') ORDER BY cid")).unwrap();
            let cols = info.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
            (t, cols)
        })
        .collect()
}

fn fingerprints(path: &Path, columns: &BTreeMap<String, Vec<String>>) -> BTreeMap<String, Fingerprint> {
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let mut out = BTreeMap::new();
    for (table, cols) in columns {
        let quoted: Vec<String> = cols.iter().map(|c| format!("\"{c}\"")).collect();
        let list = quoted.join(", ");
        let mut stmt = conn.prepare(&format!("SELECT {list} FROM \"{table}\" ORDER BY {list}")).unwrap();
        let mut rows = stmt.query([]).unwrap();
        let (mut count, mut hash) = (0, 0xcbf2_9ce4_8422_2325_u64);
        while let Some(row) = rows.next().unwrap() {
            count += 1;
            for i in 0..cols.len() {
                let v: rusqlite::types::Value = row.get(i).unwrap();
                for b in format!("{v:?}|").bytes().chain(std::iter::once(b'\n')) {
                    hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
                }
            }
        }
        out.insert(table.clone(), Fingerprint { rows: count, checksum: hash });
    }
    out
}

/// A copy of a fixture in a temporary directory, as Rapport itself leaves a database: in WAL
/// mode (every version has opened its files in WAL; the fixture script wrote a rollback-journal
/// file). Only the journal-mode bytes of the header change.
fn copy_fixture(src: &Path, dir: &Path) -> PathBuf {
    let dest = dir.join("rapport.db");
    std::fs::copy(src, &dest).unwrap();
    let conn = Connection::open(&dest).unwrap();
    let _: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0)).unwrap();
    drop(conn);
    dest
}

fn user_version(path: &Path) -> i64 {
    Connection::open(path).unwrap().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap()
}

#[test]
fn every_fixture_upgrades_to_the_latest_schema_with_every_table_intact() {
    for (version, fixture) in fixtures() {
        let dir = tempfile::tempdir().unwrap();
        let path = copy_fixture(&fixture, dir.path());
        assert_eq!(user_version(&path), version, "{}", fixture.display());
        let columns = columns_of(&Connection::open(&path).unwrap());
        let before = fingerprints(&path, &columns);
        assert!(before.values().any(|f| f.rows > 0), "the v{version} fixture holds data");

        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), db::latest_schema_version());
        let integrity: String = store.connection().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(integrity, "ok");
        drop(store);

        let after = fingerprints(&path, &columns);
        for (table, fp) in &before {
            assert_eq!(Some(fp), after.get(table), "v{version} → latest: table {table} (rows, checksum)");
        }
        let rows: i64 = before.values().map(|f| f.rows).sum();
        println!(
            "v{version} → v{}: {} tables, {rows} rows, checksums equal",
            db::latest_schema_version(),
            before.len()
        );
        let backup = db::backup_path_for(&path, version);
        if version < db::latest_schema_version() {
            assert_eq!(fingerprints(&backup, &columns), before, "the pre-migration backup holds the v{version} data");
        } else {
            assert!(!backup.exists(), "no migration, no backup");
        }
    }
}

#[test]
fn a_migration_failing_half_way_leaves_every_fixture_byte_for_byte_as_it_was() {
    // One more migration after today's: its first statement works, its second fails.
    let mut migrations = db::MIGRATIONS.to_vec();
    let next = db::latest_schema_version() + 1;
    migrations.push((
        next,
        "ALTER TABLE contacts ADD COLUMN pronouns TEXT;
         UPDATE contacts SET display_name = 'changed';
         INSERT INTO no_such_table VALUES (1);",
    ));
    for (version, fixture) in fixtures() {
        let dir = tempfile::tempdir().unwrap();
        let path = copy_fixture(&fixture, dir.path());
        let columns = columns_of(&Connection::open(&path).unwrap());
        let before = fingerprints(&path, &columns);
        let bytes = std::fs::read(&path).unwrap();

        let err = db::open_path_with_migrations(&path, &migrations).unwrap_err();
        assert_eq!(err.code(), "migration", "{err}");
        let backup = db::backup_path_for(&path, version);
        assert!(err.to_string().contains(&backup.display().to_string()), "the error points at the backup: {err}");

        assert!(std::fs::read(&path).unwrap() == bytes, "v{version}: the file changed");
        assert!(!Path::new(&format!("{}-wal", path.display())).exists(), "no WAL left behind");
        assert_eq!(user_version(&path), version);
        assert_eq!(fingerprints(&backup, &columns), before, "v{version}: the backup holds the data");
        // And the real upgrade still works afterwards.
        assert_eq!(Store::open(&path).unwrap().schema_version().unwrap(), db::latest_schema_version());
    }
}

#[test]
fn the_schema_v1_fixture_reads_back_through_the_api() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_fixture(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/schema-v1.db"), dir.path());
    let store = Store::open(&path).unwrap();
    let ana = store.contact(ContactId(1)).unwrap();
    assert_eq!(ana.fields.display_name, "Ana Lima");
    assert_eq!(ana.fields.emails[0].value, "ana@example.com");
    assert_eq!(ana.fields.circles, vec!["Climbing".to_string()]);
    let open = store.list_questions(&QuestionQuery { open_only: true, ..Default::default() }).unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].text, "How did the interview go?");
    let posts = store.list_posts().unwrap();
    assert_eq!(posts[0].reactions.iter().map(|r| r.count).sum::<u32>(), 43);
    assert_eq!(store.setting("theme").unwrap(), Some(serde_json::json!("dark")));
}

#[test]
fn the_merge_journaled_by_schema_v2_can_still_be_undone() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_fixture(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/schema-v2.db"), dir.path());
    let mut store = Store::open(&path).unwrap();
    assert!(store.contact(ContactId(1)).unwrap().fields.emails.iter().any(|e| e.value == "ana.lima@example.net"));
    let back = store.undo_merge(1).unwrap();
    assert_eq!(back.id, ContactId(4));
    assert_eq!(back.fields.display_name, "Ana L.");
    assert!(back.fields.emails.iter().any(|e| e.value == "ana.lima@example.net"), "her email moved back");
    assert!(!store.contact(ContactId(1)).unwrap().fields.emails.iter().any(|e| e.value == "ana.lima@example.net"));
}

#[test]
fn the_upgrade_to_schema_v4_indexes_the_rows_already_there_for_search() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_fixture(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/schema-v1.db"), dir.path());
    let store = Store::open(&path).unwrap();
    let found = |text: &str| -> Vec<String> {
        let query = rapport_core::ContactQuery { search: Some(text.into()), ..Default::default() };
        store.list_contacts(&query).unwrap().into_iter().map(|c| c.display_name).collect()
    };
    // Names with their accents folded, an email, notes, and a summary the fixture wrote.
    assert_eq!(found("benoit"), ["Benoît Roy"]);
    assert_eq!(found("martin CHLOE"), ["Chloé Martin"]);
    assert_eq!(found("ana@example"), ["Ana Lima"]);
    assert_eq!(found("gym"), ["Ana Lima"]);
    assert_eq!(found("dinner"), ["Ana Lima", "Chloé Martin"]);
    let excerpts = store.search_excerpts("dinner", &[ContactId(3)]).unwrap();
    assert_eq!(excerpts[&ContactId(3)].text, "…then dinner");
}

#[test]
fn the_upgrade_to_schema_v6_keeps_email_threads_and_a_reimport_of_the_old_mailbox_adds_nothing() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let dir = tempfile::tempdir().unwrap();
    let path = copy_fixture(&fixtures.join("schema-v5.db"), dir.path());
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), db::latest_schema_version());
    let conn = store.connection();
    let number = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    // The v5 import's thread and answered question are there; its messages have no key (v5 kept
    // no Message-ID).
    assert_eq!(number("SELECT count(*) FROM interactions WHERE channel = 'email' AND in_reply_to IS NOT NULL"), 1);
    assert_eq!(
        number("SELECT count(*) FROM questions WHERE answered_in IS NOT NULL AND text LIKE 'A question in an email%'"),
        1
    );
    assert_eq!(number("SELECT count(*) FROM interaction_sources"), 0);
    // Imported again, the same messages are known by their time and people, as before v6.
    let options = rapport_core::import::ImportOptions { me: vec!["me@rapport.test".into()], ..Default::default() };
    let again = rapport_core::import::apply_file(&mut store, &fixtures.join("schema-v5.mbox"), &options, &mut |_| true)
        .unwrap();
    assert_eq!((again.interactions_created, again.interactions_duplicate), (0, 2));
}

/// Schema v7 (issue 17, item 10): the search triggers skip the rows an import still owes, which
/// its slices index after its move. The v6 file's index is kept as it was, the new triggers
/// index a contact added or edited at once, and an import is indexed after its move.
#[test]
fn the_upgrade_to_schema_v7_keeps_the_search_index_and_indexes_an_import_after_its_move() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let dir = tempfile::tempdir().unwrap();
    let path = copy_fixture(&fixtures.join("schema-v6.db"), dir.path());
    let mut store = Store::open(&path).unwrap();
    assert!(store.schema_version().unwrap() >= 7);
    assert_eq!(store.search_owed().unwrap(), 0, "nothing owed after the upgrade");
    let found = |store: &Store, text: &str| -> Vec<String> {
        let query = rapport_core::ContactQuery { search: Some(text.into()), ..Default::default() };
        store.list_contacts(&query).unwrap().into_iter().map(|c| c.display_name).collect()
    };
    // Indexed by schema v6's triggers: accents folded, a second email, a note.
    assert_eq!(found(&store, "zoe ambar"), ["Zoë Ámbar"]);
    assert_eq!(found(&store, "o.brenner@example"), ["Oskar Brenner"]);
    assert_eq!(found(&store, "pottery"), ["Zoë Ámbar"]);

    // The triggers of v7: a contact added, one of v6 edited, an email added.
    store.add_contact(&rapport_core::ContactFields::named("Quentin Vale")).unwrap();
    assert_eq!(found(&store, "quentin"), ["Quentin Vale"]);
    let oskar = store.resolve_contact("Oskar Brenner").unwrap();
    let mut fields = store.contact(oskar).unwrap().fields;
    fields.company = Some("Mapworks".into());
    fields.emails.push(rapport_core::Labeled::new("oskar@mapworks.test"));
    store.update_contact(oskar, &fields).unwrap();
    assert_eq!(found(&store, "mapworks"), ["Oskar Brenner"]);

    // An import: its move owes its rows' index, its slices write it before it returns.
    let cards = dir.path().join("new.vcf");
    std::fs::write(
        &cards,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ilse Varga\r\nEMAIL:ilse@varga.test\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Tomás Quiroga\r\nORG:Andes Freight\r\nEND:VCARD\r\n",
    )
    .unwrap();
    let mut owed = None;
    rapport_core::import::apply_file(&mut store, &cards, &Default::default(), &mut |p| {
        if p.stage == rapport_core::import::Stage::Indexing {
            owed = owed.or(Some(p.total));
        }
        true
    })
    .unwrap();
    assert_eq!(owed, Some(2));
    assert_eq!(found(&store, "ilse@varga"), ["Ilse Varga"]);
    assert_eq!(found(&store, "tomas freight"), ["Tomás Quiroga"]);
    assert_eq!(store.search_owed().unwrap(), 0);
}

/// Schema v8 (issue 17, item 10): an import's journal, which its slices write and its end
/// empties. The v7 file keeps its contacts, circles and search index; an import into it after
/// the upgrade merges, creates, leaves the journal empty and is found by search.
#[test]
fn the_upgrade_to_schema_v8_keeps_the_data_and_an_import_leaves_its_journal_empty() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let dir = tempfile::tempdir().unwrap();
    let path = copy_fixture(&fixtures.join("schema-v7.db"), dir.path());
    assert_eq!(user_version(&path), 7);
    let mut store = Store::open(&path).unwrap();
    assert!(store.schema_version().unwrap() >= 8);
    let number = |store: &Store, sql: &str| -> i64 { store.connection().query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(number(&store, "SELECT count(*) FROM import_journal"), 0);
    assert_eq!(number(&store, "SELECT count(*) FROM import_journal_spans"), 0);
    assert_eq!(number(&store, "SELECT count(*) FROM import_journal_gone"), 0);
    // The v7 import: two contacts in the choir, Ines's phone, all found by search.
    let found = |store: &Store, text: &str| -> Vec<String> {
        let query = rapport_core::ContactQuery { search: Some(text.into()), ..Default::default() };
        store.list_contacts(&query).unwrap().into_iter().map(|c| c.display_name).collect()
    };
    assert_eq!(found(&store, "ines@fixture"), ["Ines Okafor"]);
    assert_eq!(found(&store, "sorensen"), ["Pavel Sórensen"]);
    assert_eq!(found(&store, "zoe ambar"), ["Zoë Ámbar"]);
    let ines = store.resolve_contact("Ines Okafor").unwrap();
    let fields = store.contact(ines).unwrap().fields;
    assert_eq!(fields.circles, ["Choir"]);
    assert_eq!(fields.phones.len(), 1);
    assert_eq!(number(&store, "SELECT count(*) FROM contacts"), 9);

    // An import after the upgrade: Pavel's card again with a note (a merge), and a new person.
    let cards = dir.path().join("more.vcf");
    std::fs::write(
        &cards,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Pavel Sórensen\r\nEMAIL:pavel@fixture.test\r\nNOTE:Tenor\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Runa Vik\r\nEMAIL:runa@fixture.test\r\nCATEGORIES:Choir\r\nEND:VCARD\r\n",
    )
    .unwrap();
    let done = rapport_core::import::apply_file(&mut store, &cards, &Default::default(), &mut |_| true).unwrap();
    assert_eq!((done.contacts_created, done.contacts_merged), (1, 1));
    assert_eq!(number(&store, "SELECT count(*) FROM import_journal"), 0);
    assert_eq!(number(&store, "SELECT count(*) FROM import_journal_spans"), 0);
    assert_eq!(found(&store, "runa"), ["Runa Vik"]);
    assert_eq!(found(&store, "tenor"), ["Pavel Sórensen"]);
    let choir = "SELECT count(*) FROM contact_circles m JOIN circles c ON c.id = m.circle_id WHERE c.name = 'Choir'";
    assert_eq!(number(&store, choir), 3);
}
