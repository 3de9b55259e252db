//! `rapport encryption status|enable|unlock` end to end. The OS keychain is left alone
//! (`RAPPORT_NO_KEYCHAIN=1`): these runs take the "keychain unavailable" path, where the recovery
//! passphrase opens the database. With the `encryption` feature (`make test-encryption`) the
//! database is really encrypted; without it, `enable` says how to get a build that can.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;

/// With no passphrase from the environment and the keychain left alone.
fn rapport(db: &std::path::Path, args: &[&str]) -> Command {
    let mut cmd = common::rapport(db, args);
    cmd.env_remove("RAPPORT_PASSPHRASE").env("RAPPORT_NO_KEYCHAIN", "1");
    cmd
}

#[cfg(not(feature = "encryption"))]
#[test]
fn without_the_feature_enable_is_refused_and_says_how_to_get_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    rapport(&db, &["contact", "add", "Ana"]).assert().success();
    rapport(&db, &["encryption", "enable"]).assert().code(1).stderr(predicate::str::contains("--features encryption"));
    rapport(&db, &["encryption", "status"]).assert().success().stdout(predicate::str::contains("not encrypted"));
    rapport(&db, &["contact", "list"]).assert().success().stdout(predicate::str::contains("Ana"));
}

#[cfg(feature = "encryption")]
#[test]
fn enable_then_the_passphrase_opens_it_and_a_wrong_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    rapport(&db, &["contact", "add", "Ana Secretname"]).assert().success();

    let out = rapport(&db, &["--json", "encryption", "enable"]).assert().success().get_output().stdout.clone();
    let enabled: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let passphrase = enabled["recovery_passphrase"].as_str().unwrap().to_owned();
    assert!(enabled["keychain_error"].as_str().unwrap().contains("RAPPORT_NO_KEYCHAIN"));
    let bytes = std::fs::read(&db).unwrap();
    assert!(!bytes.windows(10).any(|w| w == b"Secretname"), "the name is not on disk in clear");

    // No keychain, no passphrase: refused, with the way out.
    rapport(&db, &["contact", "list"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is encrypted").and(predicate::str::contains("rapport encryption unlock")));
    rapport(&db, &["encryption", "status"])
        .assert()
        .success()
        .stdout(predicate::str::contains("encrypted (SQLCipher)"));

    // The passphrase, from the environment or on standard input.
    rapport(&db, &["contact", "list"])
        .env("RAPPORT_PASSPHRASE", &passphrase)
        .assert()
        .success()
        .stdout(predicate::str::contains("Ana Secretname"));
    rapport(&db, &["encryption", "unlock"])
        .write_stdin(format!("{passphrase}\n"))
        .assert()
        .success()
        .stdout(predicate::str::contains("The passphrase opens"));
    rapport(&db, &["encryption", "unlock"])
        .write_stdin("aaaaa-bbbbb-ccccc-ddddd-eeeee-fffff\n")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("this recovery passphrase does not open"));
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "a refused passphrase changes nothing");

    rapport(&db, &["encryption", "enable"]).assert().code(1).stderr(predicate::str::contains("already encrypted"));
}
