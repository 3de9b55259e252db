//! `rapport import`: likely duplicates listed by the dry run, merged with --accept-likely, and
//! people sharing one email address kept apart with a warning (issue 16).

mod common;

use std::path::{Path, PathBuf};

use common::{json, ok};
use serde_json::Value;

fn card(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/corpus/vcard").join(name)
}

fn does(db: &Path) -> usize {
    json(db, &["contact", "list", "--search", "Doe"]).as_array().unwrap().len()
}

/// A database holding John Doe as Gmail, the iPhone and the Mac export him: one contact.
fn with_john(dir: &Path) -> PathBuf {
    let db = dir.join("rapport.db");
    for f in ["John_Doe_GMAIL.vcf", "John_Doe_IPHONE.vcf", "John_Doe_MAC_ADDRESS_BOOK.vcf"] {
        ok(&db, &["import", card(f).to_str().unwrap()]);
    }
    assert_eq!(does(&db), 1);
    db
}

#[test]
fn the_dry_run_lists_a_likely_duplicate_and_accept_likely_merges_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = with_john(dir.path());
    let outlook = card("John_Doe_MS_OUTLOOK.vcf");
    let outlook = outlook.to_str().unwrap();
    let out = ok(&db, &["import", outlook, "--dry-run"]);
    assert!(
        out.contains(
            "card 1 (line 1)  Mr. John Richter James Doe Sr. looks like Mr. John Richter, James Doe Sr. (contact #1): \
             same phone, name, organisation; would be created apart (--accept-likely merges it)"
        ),
        "{out}"
    );
    let accepted = ok(&db, &["import", outlook, "--dry-run", "--accept-likely"]);
    assert!(accepted.contains("same phone, name, organisation; would be merged"), "{accepted}");
    assert!(accepted.contains("Contacts: 0 would be created, 1 would be merged"), "{accepted}");
    assert_eq!(does(&db), 1, "a dry run writes nothing");

    let done: Value = serde_json::from_str(&ok(&db, &["import", outlook, "--accept-likely=1", "--json"])).unwrap();
    assert_eq!(done["contacts_merged"], 1, "{done}");
    assert_eq!(done["likely_duplicates"][0]["accepted"], true);
    assert_eq!(done["likely_duplicates"][0]["evidence"], serde_json::json!(["phone", "name", "organisation"]));
    assert_eq!(does(&db), 1, "one John Doe");
}

#[test]
fn without_accept_likely_the_likely_duplicate_is_created_apart_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let db = with_john(dir.path());
    let out = ok(&db, &["import", card("John_Doe_MS_OUTLOOK.vcf").to_str().unwrap()]);
    assert!(out.contains("Contacts: 1 created"), "{out}");
    assert!(out.contains("same phone, name, organisation; created apart"), "{out}");
    assert_eq!(does(&db), 2);
}

#[test]
fn two_connections_sharing_an_email_are_two_contacts_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    let csv = dir.path().join("Connections.csv");
    std::fs::write(
        &csv,
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
         Maria,Silva,https://www.linkedin.com/in/maria-silva-1,family@silva.test,Globex,Engineer,03 Feb 2021\n\
         Pedro,Silva,https://www.linkedin.com/in/pedro-silva-2,family@silva.test,Initech,Designer,04 Mar 2022\n",
    )
    .unwrap();
    let out = ok(&db, &["import", csv.to_str().unwrap()]);
    assert!(out.contains("Contacts: 2 created"), "{out}");
    assert!(
        out.contains("warning row 2 (line 3), email: family@silva.test is also the address of Maria Silva"),
        "{out}"
    );
    let v: Value = serde_json::from_str(&ok(&db, &["contact", "list", "--json"])).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
}
