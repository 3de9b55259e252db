//! Encryption at rest (src/db/crypt.rs). With the `encryption` feature (`make test-encryption`, part of
//! `make test`): a plain database is encrypted in place, reopens with the key from a keychain, and,
//! with the keychain gone, with its recovery passphrase; a wrong passphrase is refused and the file
//! stays as it was. Without the feature: an encrypted file is refused with a sentence.

use rapport_core::crypt::{self, MemoryKeychain, NoKeychain};

#[cfg(not(feature = "encryption"))]
#[test]
fn without_the_feature_an_encrypted_file_is_refused_with_a_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rapport.db");
    // An encrypted database: no SQLite header, and its key file beside it.
    std::fs::write(&path, [7u8; 4096]).unwrap();
    std::fs::write(crypt::key_file_path(&path), "{}").unwrap();
    let e = rapport_core::Store::open_with_key(&path, &NoKeychain("none".into()), None).err().unwrap();
    assert_eq!(e.code(), "locked");
    assert!(e.to_string().contains("--features encryption"), "{e}");
    let e = crypt::enable(&path, &MemoryKeychain::default()).unwrap_err();
    assert!(e.to_string().contains("--features encryption"), "{e}");
}

#[cfg(feature = "encryption")]
mod with_sqlcipher {
    use super::*;
    use std::path::Path;

    use rapport_core::{ContactFields, Store};

    fn plain_db_with(dir: &Path, name: &str) -> std::path::PathBuf {
        let path = dir.join("rapport.db");
        let mut store = Store::open(&path).unwrap();
        store.add_contact(&ContactFields::named(name)).unwrap();
        path
    }

    fn names(store: &Store) -> Vec<String> {
        store.list_contacts(&Default::default()).unwrap().into_iter().map(|c| c.display_name).collect()
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn a_plain_database_is_encrypted_in_place_and_reopens_with_the_keychains_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = plain_db_with(dir.path(), "Zoé Secretname");
        assert!(!crypt::is_encrypted(&path).unwrap());
        assert!(contains(&std::fs::read(&path).unwrap(), b"Secretname"), "plain SQLite keeps text readable");

        let keychain = MemoryKeychain::default();
        let enabled = crypt::enable(&path, &keychain).unwrap();
        assert_eq!(enabled.keychain_error, None);
        assert_eq!(enabled.recovery_passphrase.len(), 35, "6 groups of 5 and 5 dashes");

        let bytes = std::fs::read(&path).unwrap();
        assert!(crypt::is_encrypted(&path).unwrap());
        assert!(!contains(&bytes, b"Secretname"), "the name is not on disk in clear");
        assert!(!contains(&bytes, b"SQLite format 3"));
        for suffix in ["-wal", "-shm", ".encrypting"] {
            let leftover = format!("{}{suffix}", path.display());
            if let Ok(b) = std::fs::read(&leftover) {
                assert!(!contains(&b, b"Secretname"), "{leftover} holds the name in clear");
            }
        }
        // The key file holds no key in clear: only the salt and the wrapped key.
        let key_file = std::fs::read_to_string(crypt::key_file_path(&path)).unwrap();
        let stored = keychain.0.lock().unwrap().values().next().unwrap().clone();
        assert!(!key_file.contains(&stored), "the key file must not hold the raw key");

        // Plain SQLite (no key) cannot read it.
        let plain = rusqlite::Connection::open(&path).unwrap();
        assert!(plain.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)).is_err());
        drop(plain);

        let mut store = rapport_core::Store::open_with_key(&path, &keychain, None).unwrap();
        assert_eq!(names(&store), ["Zoé Secretname"]);
        assert_eq!(store.schema_version().unwrap(), rapport_core::db::latest_schema_version());
        store.add_contact(&ContactFields::named("Written encrypted")).unwrap();
        drop(store);
        let store = rapport_core::Store::open_with_key(&path, &keychain, None).unwrap();
        assert_eq!(names(&store), ["Written encrypted", "Zoé Secretname"]);

        let e = crypt::enable(&path, &keychain).unwrap_err();
        assert!(e.to_string().contains("already encrypted"), "{e}");
    }

    #[test]
    fn with_the_keychain_unavailable_the_passphrase_opens_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = plain_db_with(dir.path(), "Ana");
        let unavailable = NoKeychain("no Secret Service on this bus".into());
        let enabled = crypt::enable(&path, &unavailable).unwrap();
        assert_eq!(enabled.keychain_error.as_deref(), Some("no Secret Service on this bus"));

        // No key anywhere: refused, with what to do.
        let e = rapport_core::Store::open_with_key(&path, &unavailable, None).err().unwrap();
        assert_eq!(e.code(), "locked");
        assert!(e.to_string().contains("keychain is unavailable") && e.to_string().contains("passphrase"), "{e}");

        // The passphrase, typed with other case and spacing, opens it.
        let typed = enabled.recovery_passphrase.to_uppercase().replace('-', " ");
        let store = rapport_core::Store::open_with_key(&path, &unavailable, Some(&typed)).unwrap();
        assert_eq!(names(&store), ["Ana"]);
        drop(store);

        // A keychain that is back gets the key on the passphrase unlock; then no passphrase is needed.
        let keychain = MemoryKeychain::default();
        assert!(rapport_core::Store::open_with_key(&path, &keychain, None).is_err());
        rapport_core::Store::open_with_key(&path, &keychain, Some(&enabled.recovery_passphrase)).unwrap();
        assert_eq!(names(&rapport_core::Store::open_with_key(&path, &keychain, None).unwrap()), ["Ana"]);
        let status = crypt::status(&path, &keychain).unwrap();
        assert!(status.encrypted && status.supported);
        assert!(status.keychain.unwrap().contains("holds the key"));
    }

    #[test]
    fn a_wrong_passphrase_is_refused_and_the_file_is_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = plain_db_with(dir.path(), "Bob");
        let enabled = crypt::enable(&path, &NoKeychain("none".into())).unwrap();
        let before = std::fs::read(&path).unwrap();
        let key_before = std::fs::read(crypt::key_file_path(&path)).unwrap();

        let mut wrong = enabled.recovery_passphrase.clone();
        wrong.replace_range(0..1, if wrong.starts_with('a') { "b" } else { "a" });
        let e = rapport_core::Store::open_with_key(&path, &MemoryKeychain::default(), Some(&wrong)).err().unwrap();
        assert_eq!(e.code(), "invalid");
        assert!(e.to_string().starts_with("passphrase: this recovery passphrase does not open"), "{e}");

        assert_eq!(std::fs::read(&path).unwrap(), before, "the database file is byte for byte the same");
        assert_eq!(std::fs::read(crypt::key_file_path(&path)).unwrap(), key_before);
        // And the right one still opens it.
        let store =
            rapport_core::Store::open_with_key(&path, &NoKeychain("none".into()), Some(&enabled.recovery_passphrase))
                .unwrap();
        assert_eq!(names(&store), ["Bob"]);
    }

    #[test]
    fn a_wrong_key_in_the_keychain_is_locked_not_a_crash() {
        let dir = tempfile::tempdir().unwrap();
        let path = plain_db_with(dir.path(), "Chen");
        let keychain = MemoryKeychain::default();
        crypt::enable(&path, &keychain).unwrap();
        for secret in keychain.0.lock().unwrap().values_mut() {
            *secret = "00".repeat(32);
        }
        let e = rapport_core::Store::open_with_key(&path, &keychain, None).err().unwrap();
        assert_eq!(e.code(), "locked");
        assert!(e.to_string().contains("does not open"), "{e}");
    }

    #[test]
    fn a_backup_of_an_encrypted_database_is_encrypted_with_its_key_and_restore_says_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let path = plain_db_with(dir.path(), "Dana Secretname");
        let keychain = MemoryKeychain::default();
        crypt::enable(&path, &keychain).unwrap();
        let mut store = rapport_core::Store::open_with_key(&path, &keychain, None).unwrap();
        let made = store.backup_now().unwrap();
        let daily = store.daily_backup_if_due().unwrap().expect("no daily backup yet today");

        let key = keychain.0.lock().unwrap().values().next().unwrap().clone();
        for copy in [&made.path, &daily.path] {
            let bytes = std::fs::read(copy).unwrap();
            assert!(!crypt::has_sqlite_header(copy).unwrap(), "{} is plain SQLite", copy.display());
            assert!(!contains(&bytes, b"Secretname"), "no name in clear in {}", copy.display());
            // The database's own key opens it.
            let conn = rusqlite::Connection::open(copy).unwrap();
            conn.execute_batch(&format!("PRAGMA key = \"x'{key}'\";")).unwrap();
            let name: String = conn.query_row("SELECT display_name FROM contacts", [], |r| r.get(0)).unwrap();
            assert_eq!(name, "Dana Secretname");
            let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
            assert_eq!(version, rapport_core::db::latest_schema_version());
            // Self-contained, as a plain backup: no -wal needed (or left) beside it.
            let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
            assert_eq!(mode, "delete", "{} is in rollback-journal mode", copy.display());
            drop(conn);
            for suffix in ["-wal", "-shm"] {
                assert!(!Path::new(&format!("{}{suffix}", copy.display())).exists(), "{suffix} beside the copy");
            }
        }
        assert_eq!(store.list_backups().unwrap().len(), 2);

        // Restoring would need SQLite's online backup, which cannot read or write SQLCipher files:
        // refused with what to do instead, and nothing changes.
        store.add_contact(&ContactFields::named("Added after")).unwrap();
        let e = store.restore_backup(&made.name).unwrap_err();
        assert_eq!(e.code(), "invalid");
        assert!(e.to_string().contains("cannot restore into an encrypted database"), "{e}");
        assert!(!e.to_string().contains("copy"), "no advice to copy a file over the database: {e}");
        assert_eq!(names(&store), ["Added after", "Dana Secretname"]);
        assert_eq!(store.list_backups().unwrap().len(), 2, "no pre-restore backup was taken");
    }

    /// The key file is not trusted (issue 17, item 11): a forged one that asks Argon2id for
    /// terabytes of memory aborted the app, billions of passes hung it. Each is refused before
    /// any derivation, quickly, with a sentence naming the file and the parameter.
    #[test]
    fn a_forged_key_file_is_refused_quickly_with_a_sentence_and_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = plain_db_with(dir.path(), "Eve");
        let enabled = crypt::enable(&path, &NoKeychain("none".into())).unwrap();
        let key_path = crypt::key_file_path(&path);
        let genuine: serde_json::Value = serde_json::from_slice(&std::fs::read(&key_path).unwrap()).unwrap();
        let before = std::fs::read(&path).unwrap();

        let forged = |field: &str, value: serde_json::Value| {
            let mut file = genuine.clone();
            file[field] = value;
            file
        };
        let cases = [
            (forged("m_kib", serde_json::json!(u32::MAX)), "m_kib"),
            (forged("m_kib", serde_json::json!(512 * 1024)), "m_kib"),
            (forged("m_kib", serde_json::json!(0)), "m_kib"),
            (forged("t_cost", serde_json::json!(u32::MAX)), "t_cost"),
            (forged("t_cost", serde_json::json!(11)), "t_cost"),
            (forged("t_cost", serde_json::json!(0)), "t_cost"),
            (forged("p_cost", serde_json::json!(1000)), "p_cost"),
            (forged("p_cost", serde_json::json!(0)), "p_cost"),
            (forged("salt", serde_json::json!("00")), "salt"),
            (forged("salt", serde_json::json!("ab".repeat(4096))), "salt"),
            (forged("wrapped_key", serde_json::json!("ab".repeat(16))), "wrapped_key"),
            (forged("wrapped_key", serde_json::json!("ab".repeat(33))), "wrapped_key"),
            // Not hexadecimal at all: named like the others (it gave "bad salt: Invalid character").
            (forged("salt", serde_json::json!("zz".repeat(16))), "salt"),
            (forged("wrapped_key", serde_json::json!("zz".repeat(32))), "wrapped_key"),
        ];
        for (file, parameter) in cases {
            std::fs::write(&key_path, serde_json::to_vec_pretty(&file).unwrap()).unwrap();
            let started = std::time::Instant::now();
            let e = Store::open_with_key(&path, &MemoryKeychain::default(), Some(&enabled.recovery_passphrase))
                .err()
                .expect("a forged key file opens nothing");
            let took = started.elapsed();
            let message = e.to_string();
            assert_eq!((e.code(), e.reason().key()), ("invalid", "key_file_parameter"), "{parameter}: {message}");
            assert!(message.contains(&key_path.display().to_string()), "names the key file: {message}");
            assert!(message.contains(parameter), "names {parameter}: {message}");
            assert!(took < std::time::Duration::from_millis(200), "{parameter}: refused in {took:?}, not derived");
            assert_eq!(std::fs::read(&path).unwrap(), before, "{parameter}: the database is untouched");
        }

        // A key file of megabytes is not even read.
        std::fs::write(&key_path, vec![b' '; 1 << 20]).unwrap();
        let e =
            Store::open_with_key(&path, &MemoryKeychain::default(), Some(&enabled.recovery_passphrase)).err().unwrap();
        assert_eq!(e.reason().key(), "key_file_parameter", "{e}");

        // The genuine key file still opens it, and is within the bounds it is held to.
        std::fs::write(&key_path, serde_json::to_vec_pretty(&genuine).unwrap()).unwrap();
        let store =
            Store::open_with_key(&path, &NoKeychain("none".into()), Some(&enabled.recovery_passphrase)).unwrap();
        assert_eq!(names(&store), ["Eve"]);
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn a_new_database_can_be_encrypted_before_it_holds_anything() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.db");
        let keychain = MemoryKeychain::default();
        crypt::enable(&path, &keychain).unwrap();
        let store = rapport_core::Store::open_with_key(&path, &keychain, None).unwrap();
        assert!(store.is_empty().unwrap());
    }
}
