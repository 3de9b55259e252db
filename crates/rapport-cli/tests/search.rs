//! The CLI finds people as typed: case, accents and word order aside, in `--with`, `--contact`,
//! `contact show NAME` and `contact list --search`.

mod common;

use common::Db;
use serde_json::Value;

fn participants(interaction: &Value) -> Vec<i64> {
    let mut ids: Vec<i64> =
        interaction["participants"].as_array().unwrap().iter().map(|p| p["id"].as_i64().unwrap()).collect();
    ids.sort();
    ids
}

#[test]
fn log_with_a_name_typed_without_accents_or_in_another_order_finds_the_contact() {
    let db = Db::new();
    let chloe = db.add_contact(&["Chloé Martin"]);
    let emile = db.add_contact(&["Émile Zola"]);
    db.add_contact(&["Benoît Roy"]);
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
    db.add_contact(&["Chloé Martin"]);
    db.add_contact(&["Chloe Dupont"]);
    let err = db.fails(&["log", "--with", "chloe", "--note", "Lunch"], 1);
    assert!(err.starts_with("error: --with:"), "{err}");
    assert!(err.contains("Chloé Martin (#1)") && err.contains("Chloe Dupont (#2)"), "{err}");
    assert_eq!(db.json(&["interactions"]), serde_json::json!([]));
    let err = db.fails(&["log", "--with", "zoe"], 1);
    assert!(err.contains("zoe"), "{err}");
    assert_eq!(db.json(&["interactions"]), serde_json::json!([]));
}
