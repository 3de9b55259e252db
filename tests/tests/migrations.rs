//! Upgrading real databases: every schema version that shipped has a fixture file in
//! `tests/fixtures/`, and opening it with today's code must keep every row.

use std::collections::BTreeMap;
use std::path::Path;

use rapport_core::{db, ContactId, QuestionQuery, Store};
use rusqlite::Connection;

/// A fingerprint of every table of the v1 schema: row count and the rows themselves, as text.
fn table_contents(path: &Path) -> BTreeMap<String, (i64, String)> {
    let conn = Connection::open(path).unwrap();
    let tables: Vec<String> = {
        let mut stmt = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    let mut out = BTreeMap::new();
    for t in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {t} ORDER BY 1, 2")).unwrap();
        let columns = stmt.column_count();
        let mut text = String::new();
        let mut count = 0;
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            count += 1;
            for i in 0..columns {
                let v: rusqlite::types::Value = row.get(i).unwrap();
                text.push_str(&format!("{v:?}|"));
            }
            text.push('\n');
        }
        out.insert(t, (count, text));
    }
    out
}

fn copy_fixture(name: &str, dir: &Path) -> std::path::PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name);
    let dest = dir.join("rapport.db");
    std::fs::copy(src, &dest).unwrap();
    dest
}

#[test]
fn the_schema_v1_fixture_opens_with_nothing_lost() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_fixture("schema-v1.db", dir.path());
    let before = table_contents(&path);
    let fixture_version: i64 =
        Connection::open(&path).unwrap().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(fixture_version, 1);

    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), db::latest_schema_version());
    drop(store);

    // Every table of v1 still holds the same rows (later versions may add columns at the end,
    // so compare the v1 columns only once there is a v2; until then, compare whole rows).
    let after = table_contents(&path);
    for (table, (count, rows)) in &before {
        let (count_after, rows_after) = after.get(table).unwrap_or_else(|| panic!("table {table} disappeared"));
        assert_eq!(count, count_after, "row count of {table}");
        if db::latest_schema_version() == 1 {
            assert_eq!(rows, rows_after, "rows of {table}");
        }
    }
    if db::latest_schema_version() > 1 {
        assert!(db::backup_path_for(&path, 1).exists(), "a backup is written before migrating");
    }
}

#[test]
fn the_schema_v1_fixture_reads_back_through_the_api() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_fixture("schema-v1.db", dir.path());
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
