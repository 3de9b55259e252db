//! Encryption from the window: `encryption_status`, `enable_encryption` and `unlock_database`
//! through the mock runtime, with a keychain in memory (or none) instead of the OS's. Built with
//! the app's `encryption` feature (`make test-encryption`) it encrypts and unlocks; without it,
//! it checks that the window says this build has no encryption.

mod common;

use std::path::Path;
use std::sync::Arc;

use rapport_app::{AppState, SharedKeychain};
use serde_json::{json, Value};
use tauri::test::MockRuntime;
use tauri::{App, WebviewWindow};

struct Harness {
    // Dropped before the directory: the store closes first.
    window: WebviewWindow<MockRuntime>,
    _app: App<MockRuntime>,
}

impl Harness {
    fn open(path: &Path, keychain: SharedKeychain) -> Harness {
        let (app, window) = common::app_and_window(AppState::open_with_keychain(path, keychain));
        Harness { window, _app: app }
    }

    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        common::call(&self.window, cmd, args)
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args).unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }

    /// The error of a command that must fail.
    fn err(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args).expect_err(&format!("{cmd} should have failed"))
    }

    fn names(&self) -> Vec<String> {
        let list = self.ok("list_contacts", json!({ "query": {} }));
        list.as_array().unwrap().iter().map(|c| c["display_name"].as_str().unwrap().to_owned()).collect()
    }

    #[cfg(feature = "encryption")]
    fn page_names(&self) -> Vec<String> {
        let page = self.ok("contact_page", json!({ "query": {} }));
        let rows = page["contacts"].as_array().unwrap_or_else(|| panic!("a page has rows: {page}"));
        let mut names: Vec<String> = rows.iter().map(|r| r["display_name"].as_str().unwrap().to_owned()).collect();
        names.sort();
        names
    }
}

#[cfg(feature = "encryption")]
mod with_the_feature {
    use rapport_core::crypt::{MemoryKeychain, NoKeychain};

    use super::*;

    fn memory() -> Arc<MemoryKeychain> {
        Arc::new(MemoryKeychain::default())
    }

    fn seed(h: &Harness) {
        for name in ["Ana Lima", "Bob Stone"] {
            h.ok("add_contact", json!({ "fields": { "display_name": name } }));
        }
        h.ok(
            "log_interaction",
            json!({ "interaction": { "at": "2026-11-20T10:00:00Z", "channel": "call", "initiated_by": "me",
                                     "participants": [1, 2] } }),
        );
    }

    #[test]
    fn the_window_encrypts_its_database_and_the_passphrase_unlocks_it_where_the_keychain_has_no_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rapport.db");
        let passphrase = {
            let h = Harness::open(&path, memory());
            seed(&h);
            // Builds the directory cache, which must not outlive the plain connection.
            assert_eq!(h.page_names(), ["Ana Lima", "Bob Stone"]);
            let status = h.ok("encryption_status", json!({}));
            assert_eq!(status["available"], true);
            assert_eq!(status["encrypted"], false);
            assert_eq!(status["locked"], false);

            let enabled = h.ok("enable_encryption", json!({}));
            let passphrase = enabled["recovery_passphrase"].as_str().unwrap().to_owned();
            assert_eq!(passphrase.len(), 35, "six groups of five symbols: {passphrase}");
            assert_eq!(enabled["keychain_error"], Value::Null, "the keychain took the key");

            let bytes = std::fs::read(&path).unwrap();
            assert!(!bytes.starts_with(b"SQLite format 3"), "the file is no longer plain SQLite");
            assert!(!bytes.windows(8).any(|w| w == b"Ana Lima"), "no name in clear on disk");

            // The same window goes on, on the encrypted connection.
            let status = h.ok("encryption_status", json!({}));
            assert_eq!((status["encrypted"].clone(), status["key_in_keychain"].clone()), (json!(true), json!(true)));
            h.ok("add_contact", json!({ "fields": { "display_name": "Chen Wei" } }));
            assert_eq!(h.page_names(), ["Ana Lima", "Bob Stone", "Chen Wei"], "the cache was dropped");
            let again = h.err("enable_encryption", json!({}));
            assert_eq!(again["code"], "invalid");
            assert!(again["message"].as_str().unwrap().contains("already encrypted"), "{again}");
            passphrase
        };

        // Another computer, or a keyring that lost the key: the window starts locked.
        let keychain = memory();
        let h = Harness::open(&path, keychain.clone());
        let info = h.ok("app_info", json!({}));
        assert_eq!(info["open_error"]["code"], "locked", "{info}");
        let status = h.ok("encryption_status", json!({}));
        assert_eq!(status["locked"], true);
        assert_eq!(status["encrypted"], true);
        assert_eq!(status["key_in_keychain"], false);
        assert_eq!(h.err("list_contacts", json!({ "query": {} }))["code"], "locked");

        let before = std::fs::read(&path).unwrap();
        let wrong = h.err("unlock_database", json!({ "passphrase": "aaaaa-bbbbb-ccccc-ddddd-eeeee-fffff" }));
        assert_eq!(wrong["code"], "invalid");
        assert_eq!(wrong["field"], "passphrase");
        assert!(wrong["message"].as_str().unwrap().contains("does not open"), "{wrong}");
        let long = h.err("unlock_database", json!({ "passphrase": "a".repeat(rapport_app::MAX_PASSPHRASE_CHARS + 1) }));
        assert_eq!((long["code"].as_str(), long["field"].as_str()), (Some("invalid"), Some("passphrase")));
        assert_eq!(h.err("unlock_database", json!({ "passphrase": "  " }))["field"], "passphrase");
        assert_eq!(std::fs::read(&path).unwrap(), before, "a refused passphrase changes nothing on disk");
        assert_eq!(h.ok("app_info", json!({}))["open_error"]["code"], "locked", "still locked");
        assert_eq!(keychain.get_key_count(), 0, "nothing went into the keychain");

        // Typed as a person would: upper case, spaces for dashes.
        let typed = passphrase.replace('-', " ").to_uppercase();
        let status = h.ok("unlock_database", json!({ "passphrase": typed }));
        assert_eq!(status["locked"], false);
        assert_eq!(status["key_in_keychain"], true, "the key went back into the keychain");
        let info = h.ok("app_info", json!({}));
        assert_eq!(info["open_error"], Value::Null);
        assert_eq!(info["empty"], false);
        assert_eq!(h.names(), ["Ana Lima", "Bob Stone", "Chen Wei"]);
        assert_eq!(h.page_names(), ["Ana Lima", "Bob Stone", "Chen Wei"]);
        h.ok("add_contact", json!({ "fields": { "display_name": "Dana Old" } }));
        h.ok("dashboard", json!({}));
        h.ok("open_loops", json!({}));
        // A backup of the encrypted database is encrypted too; restoring it is refused, saying how.
        let backup = h.ok("backup_now", json!({}));
        let copy = std::fs::read(backup["path"].as_str().unwrap()).unwrap();
        assert!(!copy.starts_with(b"SQLite format 3") && !copy.windows(8).any(|w| w == b"Ana Lima"));
        assert_eq!(h.ok("list_backups", json!({})).as_array().unwrap().len(), 1);
        let restore = h.err("restore_backup", json!({ "name": backup["name"] }));
        assert_eq!(restore["code"], "invalid");
        assert!(restore["message"].as_str().unwrap().contains("encrypted"), "{restore}");
        let interactions = h.ok("list_interactions", json!({ "query": { "contact": 1 } }));
        assert_eq!(interactions.as_array().unwrap().len(), 1);
        let not_locked = h.err("unlock_database", json!({ "passphrase": passphrase }));
        assert_eq!(not_locked["code"], "invalid");
        drop(h);

        // The next start finds the key the passphrase put back, and asks for nothing.
        let h = Harness::open(&path, keychain);
        assert_eq!(h.ok("app_info", json!({}))["open_error"], Value::Null);
        assert_eq!(h.names(), ["Ana Lima", "Bob Stone", "Chen Wei", "Dana Old"]);
    }

    #[test]
    fn without_a_keychain_the_reply_says_so_and_the_window_still_works() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rapport.db");
        let none = || -> SharedKeychain { Arc::new(NoKeychain(String::from("no keyring in this test"))) };
        let passphrase = {
            let h = Harness::open(&path, none());
            seed(&h);
            let enabled = h.ok("enable_encryption", json!({}));
            let why = enabled["keychain_error"].as_str().expect("the keychain refused the key");
            assert!(why.contains("no keyring in this test"), "{why}");
            // Reopened with the passphrase, since no keychain holds the key.
            assert_eq!(h.names(), ["Ana Lima", "Bob Stone"]);
            let status = h.ok("encryption_status", json!({}));
            assert_eq!(status["key_in_keychain"], false);
            assert!(status["keychain_error"].as_str().unwrap().contains("no keyring"), "{status}");
            enabled["recovery_passphrase"].as_str().unwrap().to_owned()
        };
        let h = Harness::open(&path, none());
        assert_eq!(h.ok("encryption_status", json!({}))["locked"], true);
        h.ok("unlock_database", json!({ "passphrase": passphrase }));
        h.ok("add_contact", json!({ "fields": { "display_name": "Chen Wei" } }));
        assert_eq!(h.names(), ["Ana Lima", "Bob Stone", "Chen Wei"]);
    }

    /// How many keys a keychain in memory holds.
    trait Count {
        fn get_key_count(&self) -> usize;
    }

    impl Count for MemoryKeychain {
        fn get_key_count(&self) -> usize {
            self.0.lock().unwrap().len()
        }
    }
}

#[cfg(not(feature = "encryption"))]
#[test]
fn without_the_feature_the_window_says_this_build_has_no_encryption() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rapport.db");
    let keychain: SharedKeychain = Arc::new(rapport_core::crypt::NoKeychain(String::from("none")));
    let h = Harness::open(&path, keychain);
    h.ok("add_contact", json!({ "fields": { "display_name": "Ana Lima" } }));
    let status = h.ok("encryption_status", json!({}));
    assert_eq!(status["available"], false);
    assert_eq!(status["encrypted"], false);
    assert_eq!(status["locked"], false);
    for (cmd, args) in [("enable_encryption", json!({})), ("unlock_database", json!({ "passphrase": "abcde" }))] {
        let e = h.err(cmd, args);
        assert_eq!(e["code"], "invalid", "{cmd}: {e}");
        assert!(e["message"].as_str().unwrap().contains("has no encryption"), "{cmd}: {e}");
    }
    assert!(std::fs::read(&path).unwrap().starts_with(b"SQLite format 3"), "the file is still plain");
    assert_eq!(h.names(), ["Ana Lima"]);
}
