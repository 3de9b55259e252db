//! What the import tests share: where the fixtures are, a parse and an apply that are never
//! cancelled, the errors of a parse, and a fingerprint of the database that shows a refused
//! import changed nothing.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use rapport_core::import::{self, ImportOptions, Parsed, Preview, Severity};
use rapport_core::{Contact, ContactQuery, Store};

/// A path below tests/fixtures, such as `fixture("corpus/vcard").join("a.vcf")`.
pub fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures").join(path)
}

/// `bytes` (or text) read as the file named `file`.
pub fn parse(bytes: impl AsRef<[u8]>, file: &str, options: &ImportOptions) -> Parsed {
    import::parse(bytes.as_ref(), file, options, &mut |_| true).unwrap()
}

/// The file or folder at `path`, read whole.
pub fn parse_file(path: &Path, options: &ImportOptions) -> Parsed {
    import::parse_file(path, options, &mut |_| true).unwrap()
}

/// What applying `parsed` would do.
pub fn preview(store: &Store, parsed: &Parsed) -> Preview {
    import::preview(store, parsed, &mut |_| true).unwrap()
}

pub fn apply(store: &mut Store, parsed: &Parsed, options: &ImportOptions) -> Preview {
    import::apply(store, parsed, options, &mut |_| true).unwrap()
}

/// What importing the file at `path` would do, the file read as `rapport import` reads it.
pub fn preview_file(store: &Store, path: &Path, options: &ImportOptions) -> Preview {
    import::preview_file(store, path, options, &mut |_| true).unwrap()
}

pub fn apply_file(store: &mut Store, path: &Path, options: &ImportOptions) -> Preview {
    import::apply_file(store, path, options, &mut |_| true).unwrap()
}

/// Writes `bytes` to `dir/name` and returns its path.
pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The errors of a parse, as (line, field, reason key).
pub fn errors(parsed: &Parsed) -> Vec<(Option<usize>, String, &'static str)> {
    parsed
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| (p.line, p.field.clone(), p.reason.key()))
        .collect()
}

/// The text in the first column of each row `sql` selects.
pub fn texts(store: &Store, sql: &str) -> Vec<String> {
    let mut stmt = store.connection().prepare(sql).unwrap();
    let rows = stmt.query_map([], |r| r.get(0)).unwrap();
    rows.collect::<Result<_, _>>().unwrap()
}

/// The database's own tables, by name.
pub fn tables(store: &Store) -> Vec<String> {
    texts(store, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
}

/// A hash of each table's rows (sorted, so that only what is stored counts), by table name.
pub fn fingerprint(store: &Store) -> Vec<(String, u64)> {
    let conn = store.connection();
    tables(store)
        .into_iter()
        .map(|table| {
            let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
            let width = stmt.column_count();
            let mut rows = stmt.query([]).unwrap();
            let mut all = Vec::new();
            while let Some(row) = rows.next().unwrap() {
                all.push((0..width).map(|c| format!("{:?}", row.get_ref(c).unwrap())).collect::<Vec<_>>());
            }
            all.sort();
            let mut hasher = DefaultHasher::new();
            all.hash(&mut hasher);
            (table, hasher.finish())
        })
        .collect()
}

/// [`fingerprint`] but the data token, which every write transaction renews, even one that
/// finds nothing to add.
pub fn data_fingerprint(store: &Store) -> Vec<(String, u64)> {
    fingerprint(store).into_iter().filter(|(table, _)| table != "data_token").collect()
}

/// How many rows `table` holds.
pub fn count(store: &Store, table: &str) -> i64 {
    store.connection().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

/// The one contact a search for `search` finds.
pub fn contact_named(store: &Store, search: &str) -> Contact {
    let found = store.list_contacts(&ContactQuery { search: Some(search.to_owned()), ..Default::default() }).unwrap();
    assert_eq!(found.len(), 1, "one contact matches {search:?}: {found:?}");
    store.contact(found[0].id).unwrap()
}

/// Sets this thread's import slices to `rows` rows, and removes this thread's import hooks (the
/// slice size and the hook after each transaction) when a test ends, passed or failed.
pub struct Hooks;

impl Hooks {
    pub fn slices_of(rows: i64) -> Hooks {
        rapport_core::store::set_import_slice_rows_here(Some(rows));
        Hooks
    }
}

impl Drop for Hooks {
    fn drop(&mut self) {
        rapport_core::store::set_import_slice_rows_here(None);
        rapport_core::store::after_each_import_transaction_here(None);
    }
}
