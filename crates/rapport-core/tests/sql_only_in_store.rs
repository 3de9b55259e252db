//! SQL runs only in the store and in db/ (issue 12, "One house"): every other module of the core
//! (the importer, the directory, the measures, the charts) reads and writes through the store's
//! methods, so a statement has one place to be found, changed and reviewed, and a write cannot
//! open its own transaction. This scans the core's source for calls that run SQL and names any
//! found elsewhere. Comments, string and character literals and `#[cfg(test)]` items are left
//! out: a test may set up its case with SQL, and a sentence may name a method.

use std::path::{Path, PathBuf};

/// The folders of src/ that may run SQL.
const ALLOWED: &[&str] = &["store/", "db/"];

/// The rusqlite calls that run SQL (plus every `pragma_*`).
const SQL_CALLS: &[&str] = &[
    "prepare",
    "prepare_cached",
    "execute",
    "execute_batch",
    "query_row",
    "query_map",
    "query_and_then",
    "pragma",
    "transaction",
    "unchecked_transaction",
    "savepoint",
];

/// rusqlite's types whose methods run SQL, for a call by path (`Connection::execute(&conn, ...)`).
const SQL_TYPES: &[&str] = &["Connection", "Transaction", "Savepoint", "Statement", "CachedStatement"];

fn is_sql_call(name: &str) -> bool {
    SQL_CALLS.contains(&name) || name.starts_with("pragma_")
}

/// True for a path under src/ (with `/` separators) that may run SQL.
fn allowed(relative: &str) -> bool {
    ALLOWED.iter().any(|dir| relative.starts_with(dir))
}

/// `src` with comments and the content of string and character literals blanked out (newlines
/// kept, so line numbers stay right). A lifetime (`'a`) is left as it is.
fn code_only(src: &str) -> String {
    let s: Vec<char> = src.chars().collect();
    let mut out: Vec<char> = Vec::with_capacity(s.len());
    let blank = |out: &mut Vec<char>, c: char| out.push(if c == '\n' { '\n' } else { ' ' });
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        let next = s.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < s.len() && s[i] != '\n' {
                blank(&mut out, s[i]);
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < s.len() {
                if s[i] == '/' && s.get(i + 1) == Some(&'*') {
                    depth += 1;
                    blank(&mut out, s[i]);
                    blank(&mut out, s[i + 1]);
                    i += 2;
                } else if s[i] == '*' && s.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    blank(&mut out, s[i]);
                    blank(&mut out, s[i + 1]);
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, s[i]);
                    i += 1;
                }
            }
        } else if (c == 'r' || (c == 'b' && next == Some('r')))
            && (i == 0 || !ident(s[i - 1]))
            && raw_string_hashes(&s, i + if c == 'b' { 2 } else { 1 }).is_some()
        {
            // r"...", r#"..."#, br"...": no escapes; ends at a quote and as many #.
            let start = i + if c == 'b' { 2 } else { 1 };
            let hashes = raw_string_hashes(&s, start).unwrap_or(0);
            let body = start + hashes + 1;
            out.extend(&s[i..body]);
            i = body;
            while i < s.len() {
                if s[i] == '"' && (1..=hashes).all(|k| s.get(i + k) == Some(&'#')) {
                    out.extend(&s[i..=i + hashes]);
                    i += hashes + 1;
                    break;
                }
                blank(&mut out, s[i]);
                i += 1;
            }
        } else if c == '"' {
            out.push('"');
            i += 1;
            while i < s.len() && s[i] != '"' {
                if s[i] == '\\' && i + 1 < s.len() {
                    blank(&mut out, s[i]);
                    i += 1;
                }
                blank(&mut out, s[i]);
                i += 1;
            }
            if i < s.len() {
                out.push('"');
                i += 1;
            }
        } else if c == '\'' {
            // A character literal ('x', '\n', '\u{1F600}', '\''), else a lifetime or a label.
            let end = if next == Some('\\') {
                (i + 3..s.len()).find(|&j| s[j] == '\'')
            } else if s.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            match end {
                Some(end) => {
                    out.push('\'');
                    for &ch in &s[i + 1..end] {
                        blank(&mut out, ch);
                    }
                    out.push('\'');
                    i = end + 1;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out.into_iter().collect()
}

/// The number of `#` of a raw string whose `r` is just before `at`, if one starts there.
fn raw_string_hashes(s: &[char], at: usize) -> Option<usize> {
    let hashes = s[at.min(s.len())..].iter().take_while(|c| **c == '#').count();
    (s.get(at + hashes) == Some(&'"')).then_some(hashes)
}

/// `code` (as [`code_only`] leaves it) with every `#[cfg(test)]` item blanked out: a module or
/// function to its closing brace, anything else to its `;`.
fn without_test_items(code: &str) -> String {
    const MARK: &str = "#[cfg(test)]";
    let mut s: Vec<char> = code.chars().collect();
    let mark: Vec<char> = MARK.chars().collect();
    let mut i = 0;
    while i + mark.len() <= s.len() {
        if s[i..i + mark.len()] != mark[..] {
            i += 1;
            continue;
        }
        let mut j = i + mark.len();
        while j < s.len() && s[j] != '{' && s[j] != ';' {
            j += 1;
        }
        if j < s.len() && s[j] == '{' {
            let mut depth = 0;
            while j < s.len() {
                match s[j] {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        let end = j.min(s.len() - 1);
        for ch in &mut s[i..=end] {
            if *ch != '\n' {
                *ch = ' ';
            }
        }
        i = end + 1;
    }
    s.into_iter().collect()
}

/// The SQL-running calls of one file's source, as `(line, name)`: a method (`.execute(`) or a
/// call by path on a rusqlite type (`Connection::execute(`), a turbofish allowed before the
/// parenthesis.
fn sql_calls(src: &str) -> Vec<(usize, String)> {
    let code: Vec<char> = without_test_items(&code_only(src)).chars().collect();
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut found = Vec::new();
    let mut i = 0;
    while i < code.len() {
        if !ident(code[i]) || (i > 0 && ident(code[i - 1])) {
            i += 1;
            continue;
        }
        let start = i;
        while i < code.len() && ident(code[i]) {
            i += 1;
        }
        let name: String = code[start..i].iter().collect();
        if !is_sql_call(&name) {
            continue;
        }
        let mut before = start;
        while before > 0 && code[before - 1].is_whitespace() {
            before -= 1;
        }
        let on_something = if before > 0 && code[before - 1] == '.' {
            true
        } else if before > 1 && code[before - 2..before] == [':', ':'] {
            // A path call counts on rusqlite's types only: `index::prepare(` is the charts'.
            let end = before - 2;
            let mut from = end;
            while from > 0 && ident(code[from - 1]) {
                from -= 1;
            }
            let owner: String = code[from..end].iter().collect();
            SQL_TYPES.contains(&owner.as_str())
        } else {
            false
        };
        let mut after = i;
        while after < code.len() && code[after].is_whitespace() {
            after += 1;
        }
        if code.get(after..after + 3) == Some(&[':', ':', '<'][..]) {
            let mut depth = 0;
            while after < code.len() {
                match code[after] {
                    '<' => depth += 1,
                    '>' => {
                        depth -= 1;
                        if depth == 0 {
                            after += 1;
                            break;
                        }
                    }
                    _ => {}
                }
                after += 1;
            }
            while after < code.len() && code[after].is_whitespace() {
                after += 1;
            }
        }
        if on_something && code.get(after) == Some(&'(') {
            let line = code[..start].iter().filter(|c| **c == '\n').count() + 1;
            found.push((line, name));
        }
    }
    found
}

/// Every `.rs` file under `dir`, with its path relative to `root` (`/` separators).
fn rust_files(root: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(root, &path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path.strip_prefix(root).unwrap().components();
            let relative: Vec<String> = relative.map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            files.push((relative.join("/"), path));
        }
    }
}

fn core_sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &root, &mut files);
    assert!(files.len() > 20, "found the core's source under {}", root.display());
    files.into_iter().map(|(relative, path)| (relative, std::fs::read_to_string(path).unwrap())).collect()
}

#[test]
fn sql_runs_only_in_the_store_and_db() {
    let mut outside = Vec::new();
    let mut inside = 0;
    for (relative, src) in core_sources() {
        let calls = sql_calls(&src);
        if allowed(&relative) {
            inside += calls.len();
        } else {
            outside.extend(calls.into_iter().map(|(line, name)| format!("src/{relative}:{line}: .{name}(")));
        }
    }
    assert!(
        outside.is_empty(),
        "SQL outside src/store/ and src/db/: move these into a store method\n{}",
        outside.join("\n")
    );
    // The scan sees the calls where they are allowed: it is not blind.
    assert!(inside > 50, "only {inside} SQL calls found in store/ and db/");
}

#[test]
fn the_importer_does_not_name_rusqlite() {
    let named: Vec<String> = core_sources()
        .into_iter()
        .filter(|(relative, _)| relative.starts_with("import/"))
        .filter(|(_, src)| without_test_items(&code_only(src)).contains("rusqlite"))
        .map(|(relative, _)| relative)
        .collect();
    assert!(named.is_empty(), "the importer reads and writes through the store, yet names rusqlite in {named:?}");
}

#[test]
fn the_check_finds_sql_calls() {
    let src = r#"
use rusqlite::Connection;

fn count(conn: &Connection) -> i64 {
    conn.query_row("SELECT count(*) FROM contacts", [], |r| r.get(0)).unwrap()
}

fn write(conn: &Connection) {
    let quote = '"';
    conn
        .execute_batch("DELETE FROM contacts")
        .unwrap();
    let mut stmt = conn.prepare_cached("SELECT 1").unwrap();
    let n = stmt.query_map::<i64, _, _>([], |r| r.get(0));
    conn.pragma_update(None, "synchronous", "OFF").unwrap();
    Connection::execute(conn, "UPDATE contacts SET notes = ''", []).unwrap();
    let tx = conn.unchecked_transaction().unwrap();
}
"#;
    let found = sql_calls(src);
    let names: Vec<(usize, &str)> = found.iter().map(|(line, name)| (*line, name.as_str())).collect();
    assert_eq!(
        names,
        [
            (5, "query_row"),
            (11, "execute_batch"),
            (13, "prepare_cached"),
            (14, "query_map"),
            (15, "pragma_update"),
            (16, "execute"),
            (17, "unchecked_transaction"),
        ]
    );
    assert!(!allowed("import/plan.rs") && !allowed("directory.rs") && !allowed("measures/live.rs"));
    assert!(allowed("store/imports.rs") && allowed("db/tx.rs"));
}

#[test]
fn the_check_ignores_comments_strings_and_tests() {
    let src = r##"
//! Run `conn.execute(...)` to see.
/// Calls `.prepare("SELECT 1")` on the store.
fn explain() -> &'static str {
    /* conn.execute("x", []) /* nested: conn.prepare("y") */ still a comment: conn.query_row() */
    let a = "conn.execute(\"DELETE FROM contacts\", [])";
    let b = r#"conn.prepare("SELECT 1")"#;
    let c = b".execute(";
    let d = ['(', '\'', '"'];
    a
}

fn execute(plan: &Plan) {} // a function of that name is no call
fn lifetimes<'a>(x: &'a str) -> &'a str { x.trim() }
fn chart(h: &History) -> Data { index::prepare(h) }

#[cfg(test)]
mod tests {
    fn setup(conn: &rusqlite::Connection) {
        conn.execute_batch("INSERT INTO contacts (display_name) VALUES ('a')").unwrap();
        { conn.execute("nested braces", []).unwrap(); }
    }
}

fn after_the_tests(conn: &Connection) {
    conn.execute("still found", []).unwrap();
}
"##;
    let found = sql_calls(src);
    assert_eq!(found, [(26, "execute".to_owned())], "only the call after the test module");
    assert!(!without_test_items(&code_only(src)).contains("rusqlite"));
}
