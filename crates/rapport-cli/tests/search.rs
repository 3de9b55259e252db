//! The CLI finds people as typed: case, accents and word order aside, in `--with`, `--contact`,
//! `contact show NAME` and `contact list --search`.

use assert_cmd::cargo::cargo_bin_cmd;
use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

struct Db {
    _dir: TempDir,
    path: std::path::PathBuf,
}

impl Db {
    fn new() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rapport.db");
        Db { _dir: dir, path }
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = cargo_bin_cmd!("rapport");
        cmd.env_remove("RAPPORT_DB").env_remove("RUST_BACKTRACE").env("TZ", "UTC");
        cmd.arg("--db").arg(&self.path).args(args);
        cmd
    }

    fn json(&self, args: &[&str]) -> Value {
        let out = self.cmd(args).arg("--json").assert().success().get_output().stdout.clone();
        serde_json::from_slice(&out).expect("stdout is JSON")
    }

    fn fails(&self, args: &[&str]) -> String {
        let out = self.cmd(args).assert().failure().code(1).stdout("").get_output().stderr.clone();
        String::from_utf8(out).unwrap()
    }

    fn add(&self, name: &str) -> i64 {
        let out = self.cmd(&["contact", "add", name]).assert().success().get_output().stdout.clone();
        String::from_utf8(out).unwrap().trim().parse().unwrap()
    }
}

fn participants(interaction: &Value) -> Vec<i64> {
    let mut ids: Vec<i64> =
        interaction["participants"].as_array().unwrap().iter().map(|p| p["id"].as_i64().unwrap()).collect();
    ids.sort();
    ids
}

#[test]
fn log_with_a_name_typed_without_accents_or_in_another_order_finds_the_contact() {
    let db = Db::new();
    let chloe = db.add("Chloé Martin");
    let emile = db.add("Émile Zola");
    db.add("Benoît Roy");
    let logged = db.json(&["log", "--with", "chloe", "--note", "Café au lait"]);
    assert_eq!(participants(&logged), [chloe]);
    let logged = db.json(&["log", "--with", "EMILE", "--with", "martin chloe"]);
    assert_eq!(participants(&logged), [chloe, emile]);
    // --contact and `contact show` resolve the same way.
    let listed = db.json(&["interactions", "--contact", "CHLOE MARTIN"]);
    assert_eq!(listed.as_array().unwrap().len(), 2);
    assert_eq!(db.json(&["contact", "show", "zola", "emile"])["contact"]["id"], emile);
    // The list's search folds accents too and reaches a summary.
    let names = |search: &str| -> Vec<String> {
        let list = db.json(&["contact", "list", "--search", search]);
        list.as_array().unwrap().iter().map(|c| c["display_name"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(names("benoit"), ["Benoît Roy"]);
    assert_eq!(names("cafe"), ["Chloé Martin"]);
}

#[test]
fn an_ambiguous_name_without_accents_is_refused_naming_the_candidates_and_writes_nothing() {
    let db = Db::new();
    db.add("Chloé Martin");
    db.add("Chloe Dupont");
    let err = db.fails(&["log", "--with", "chloe", "--note", "Lunch"]);
    assert!(err.starts_with("error: --with:"), "{err}");
    assert!(err.contains("Chloé Martin (#1)") && err.contains("Chloe Dupont (#2)"), "{err}");
    assert_eq!(db.json(&["interactions"]), serde_json::json!([]));
    let err = db.fails(&["log", "--with", "zoe"]);
    assert!(err.contains("zoe"), "{err}");
    assert_eq!(db.json(&["interactions"]), serde_json::json!([]));
}
