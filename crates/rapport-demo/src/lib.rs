//! Rapport's generated networks, written through rapport-core's store and kept out of the core:
//!
//! - the **demo network** ([`load_demo`], [`load_demo_in`]): about 150 contacts and three years
//!   of history that tell recognisable stories, what a first run offers and what screenshots and
//!   tests use, in English or French; it writes through the store's ordinary validated calls;
//! - the **synthetic heavy network** of the benchmark ([`synthetic::generate`]): by default
//!   10,000 contacts and 1,000,000 interactions, written through the store's bulk API
//!   ([`rapport_core::store::Bulk`]).
//!
//! Both are seeded and deterministic. Neither holds any SQL: what they write goes through
//! [`rapport_core::Store`], so the schema stays the store's business (a test of this crate checks
//! its sources for SQL).
//!
//! The desktop app (through rapport-service's `load_demo`) and the CLI (`rapport demo`,
//! `rapport bench`) use it.

mod demo;
pub mod synthetic;

pub use demo::{
    load_demo, load_demo_in, DemoSummary, Lang, BEST_FRIEND, BROADCAST, DEMO_SEED, DEMO_SETTING, DEMO_STORIES, ENGAGED,
    FADING, HISTORY_DAYS, I_OWE_ANSWERS, MENTEE, MENTOR, OWES_ME_ANSWERS, RECONNECTED, TAKER,
};

#[cfg(test)]
mod no_sql {
    //! The promise of the crate doc: no SQL in this crate. Its sources (this file included) are
    //! read as text, comments left out, and searched for the calls that run SQL and for the
    //! statements' words; and the crate does not depend on rusqlite. The patterns are built from
    //! pieces so that they do not find themselves.

    use std::path::{Path, PathBuf};

    fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// What a line that runs or writes SQL contains, in lower case.
    fn sql_in(line: &str) -> Option<String> {
        let line = line.to_lowercase();
        let join = |a: &str, b: &str| format!("{a}{b}");
        let calls = [
            join("execute", "("),
            join("execute", "_batch"),
            join("prepare", "("),
            join("prepare", "_cached"),
            join("query", "_row"),
            join("query", "_map"),
            join("pragma", "_"),
            join("connection", "("),
            join("rusq", "lite"),
        ];
        let statements = [
            join("insert ", "into "),
            join("delete ", "from "),
            join("create ", "table"),
            join("create ", "index"),
            join("pragma", " "),
            join("begin ", "immediate"),
        ];
        let select = line.contains(&join("select", " ")) && line.contains(&join(" from", " "));
        let update = line.contains(&join("update", " ")) && line.contains(&join(" set", " "));
        calls
            .iter()
            .chain(&statements)
            .find(|p| line.contains(p.as_str()))
            .cloned()
            .or_else(|| (select || update).then(|| "a statement".to_owned()))
    }

    #[test]
    fn the_crate_holds_no_sql() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        sources(&root.join("src"), &mut files);
        sources(&root.join("tests"), &mut files);
        assert!(files.len() >= 6, "the sources were found: {files:?}");
        let mut found = Vec::new();
        for file in &files {
            let text = std::fs::read_to_string(file).unwrap();
            for (n, line) in text.lines().enumerate() {
                let code = line.trim_start();
                if code.starts_with("//") {
                    continue;
                }
                if let Some(what) = sql_in(code) {
                    found.push(format!("{}:{}: {what}: {code}", file.display(), n + 1));
                }
            }
        }
        assert!(found.is_empty(), "SQL in rapport-demo:\n{}", found.join("\n"));
        let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
        assert!(sql_in(&manifest).is_none(), "rapport-demo depends on the SQLite crate");
    }

    #[test]
    fn the_check_finds_sql() {
        let q = |parts: &[&str]| parts.concat();
        for line in [
            q(&["conn.exe", "cute(\"x\", [])?;"]),
            q(&["store.connec", "tion().query", "_row(\"x\")"]),
            q(&["\"SEL", "ECT id FROM contacts\""]),
            q(&["\"ins", "ert into posts (id) values (1)\""]),
            q(&["let s = \"UPD", "ATE contacts SET archived = 1\";"]),
        ] {
            assert!(sql_in(&line).is_some(), "{line}");
        }
        assert!(sql_in("\"A quick update on the move, selected from the shortlist\"").is_none());
    }
}
