//! Encryption at rest, optional: with the cargo feature `encryption`, the database can be turned
//! into a SQLCipher file (AES-256 pages, each with an HMAC).
//!
//! The key is 256 random bits. It lives in the OS keychain (Secret Service on Linux, Keychain on
//! macOS, Credential Manager on Windows), so opening the database needs no typing. For the day the
//! keychain is gone (a new machine, a locked or missing keyring, CI), the same key is also kept
//! *wrapped* in `<db>.key.json` beside the database: XORed with a key derived from a recovery
//! passphrase by Argon2id. The passphrase is random, shown once when encryption is enabled, and
//! stored nowhere. A stolen copy of the database and its key file is therefore worth an Argon2id
//! search over ~148 bits.
//!
//! Whether a file is encrypted is read from its first bytes (a plain SQLite file starts with
//! `SQLite format 3`), not from the key file, so an interrupted `enable` (key file written, file
//! not yet swapped) leaves a plain database that opens as before.
//!
//! The keychain is behind the [`Keychain`] trait so tests run with one in memory or one that is
//! always unavailable.

use std::path::Path;

use rusqlite::Connection;

use super::cipher::not_sqlite;
#[cfg(feature = "encryption")]
use super::cipher::wait_for_sqlcipher_export;
pub use super::cipher::{has_sqlite_header, is_encrypted, key_file_path};
use super::open::open_path;
#[cfg(feature = "encryption")]
use super::open::open_path_or_read_only;
use crate::error::{Error, Reason, Result};

/// Where the database key is kept between runs. `get` answers `Ok(None)` when the keychain works
/// but holds no key for this database, and `Err` when the keychain itself cannot be used.
pub trait Keychain {
    fn get(&self, account: &str) -> std::result::Result<Option<String>, String>;
    fn set(&self, account: &str, secret: &str) -> std::result::Result<(), String>;
    /// Says where keys go, for `status`: "the OS keychain", "memory"...
    fn describe(&self) -> String;
}

/// A keychain that is never there: the "keychain unavailable" path, for tests and for users who
/// would rather type their passphrase each time.
pub struct NoKeychain(pub String);

impl Keychain for NoKeychain {
    fn get(&self, _: &str) -> std::result::Result<Option<String>, String> {
        Err(self.0.clone())
    }
    fn set(&self, _: &str, _: &str) -> std::result::Result<(), String> {
        Err(self.0.clone())
    }
    fn describe(&self) -> String {
        format!("no keychain ({})", self.0)
    }
}

/// A keychain in memory, for tests.
#[derive(Default)]
pub struct MemoryKeychain(pub std::sync::Mutex<std::collections::BTreeMap<String, String>>);

impl Keychain for MemoryKeychain {
    fn get(&self, account: &str) -> std::result::Result<Option<String>, String> {
        Ok(self.0.lock().unwrap_or_else(|p| p.into_inner()).get(account).cloned())
    }
    fn set(&self, account: &str, secret: &str) -> std::result::Result<(), String> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).insert(account.to_owned(), secret.to_owned());
        Ok(())
    }
    fn describe(&self) -> String {
        String::from("a keychain in memory")
    }
}

/// The keychain entry of a database: one per file, named by its absolute path.
pub fn keychain_account(db: &Path) -> String {
    let absolute = std::fs::canonicalize(db).unwrap_or_else(|_| db.to_path_buf());
    absolute.display().to_string()
}

/// What `rapport encryption status` shows.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Status {
    pub db: String,
    /// This build can encrypt (the `encryption` feature).
    pub supported: bool,
    pub encrypted: bool,
    pub key_file: Option<String>,
    /// For an encrypted database: whether the keychain holds its key, or why it cannot say.
    pub keychain: Option<String>,
}

pub fn status(db: &Path, keychain: &dyn Keychain) -> Result<Status> {
    let encrypted = is_encrypted(db)?;
    let key_file = key_file_path(db);
    let keychain = encrypted.then(|| match keychain.get(&keychain_account(db)) {
        Ok(Some(_)) => format!("{} holds the key", keychain.describe()),
        Ok(None) => {
            format!("{} has no key for this database; unlock it with the recovery passphrase", keychain.describe())
        }
        Err(e) => format!("the keychain is unavailable ({e}); unlock with the recovery passphrase"),
    });
    Ok(Status {
        db: db.display().to_string(),
        supported: cfg!(feature = "encryption"),
        encrypted,
        key_file: key_file.exists().then(|| key_file.display().to_string()),
        keychain,
    })
}

/// What `enable` hands back: the passphrase, to show once, and whether the keychain took the key.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Enabled {
    pub recovery_passphrase: String,
    pub key_file: String,
    /// `None` when the keychain stored the key; otherwise why not (the passphrase is then needed
    /// at every start).
    pub keychain_error: Option<String>,
}

/// The refusal of a build without the `encryption` feature, for every caller that would encrypt
/// or unlock (the CLI, the window).
pub fn not_in_this_build() -> Error {
    Error::invalid("encryption", Reason::NoEncryption {})
}

#[cfg(feature = "encryption")]
pub use enabled::{enable, open_connection, OsKeychain};

#[cfg(not(feature = "encryption"))]
pub use disabled::{enable, open_connection};

#[cfg(not(feature = "encryption"))]
mod disabled {
    use super::*;

    pub fn enable(_db: &Path, _keychain: &dyn super::Keychain) -> Result<Enabled> {
        Err(super::not_in_this_build())
    }

    /// Opens a plain database; an encrypted one is refused with a sentence, not "file is not a database".
    pub fn open_connection(
        db: &Path,
        _keychain: &dyn super::Keychain,
        _passphrase: Option<&str>,
    ) -> Result<Connection> {
        if is_encrypted(db)? {
            return Err(Error::Locked(Reason::EncryptedNoSupport { path: db.display().to_string() }));
        }
        if !has_sqlite_header(db)? {
            return Err(not_sqlite(db));
        }
        open_path(db)
    }
}

#[cfg(feature = "encryption")]
mod enabled {
    use std::path::PathBuf;

    use serde::{Deserialize, Serialize};

    use super::*;

    /// The keychain of the operating system, through the `keyring` crate.
    pub struct OsKeychain;

    const SERVICE: &str = super::super::file::APP_IDENTIFIER;

    impl Keychain for OsKeychain {
        fn get(&self, account: &str) -> std::result::Result<Option<String>, String> {
            let entry = keyring::Entry::new(SERVICE, account).map_err(|e| e.to_string())?;
            match entry.get_password() {
                Ok(secret) => Ok(Some(secret)),
                Err(keyring::Error::NoEntry) => Ok(None),
                Err(e) => Err(e.to_string()),
            }
        }
        fn set(&self, account: &str, secret: &str) -> std::result::Result<(), String> {
            let entry = keyring::Entry::new(SERVICE, account).map_err(|e| e.to_string())?;
            entry.set_password(secret).map_err(|e| e.to_string())
        }
        fn describe(&self) -> String {
            String::from("the OS keychain")
        }
    }

    const KEY_BYTES: usize = 32;
    /// Argon2id cost: 64 MiB, 3 passes (about half a second on a laptop, once per unlock).
    const M_KIB: u32 = 64 * 1024;
    const T_COST: u32 = 3;
    const P_COST: u32 = 1;
    /// No 0/o, 1/l/i: read off a screen and typed back without doubt. 31 symbols.
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    /// 30 symbols of 31: log2(31^30) ≈ 148 bits.
    const PASSPHRASE_SYMBOLS: usize = 30;

    /// `<db>.key.json`: the database key, wrapped by the recovery passphrase.
    #[derive(Serialize, Deserialize)]
    struct KeyFile {
        format: String,
        kdf: String,
        m_kib: u32,
        t_cost: u32,
        p_cost: u32,
        salt: String,
        wrapped_key: String,
    }

    const FORMAT: &str = "rapport-key-1";

    /// What a key file may ask of Argon2id and hold, checked before any derivation. The file is
    /// not trusted: a forged or damaged one asking for terabytes of memory would abort the app,
    /// and billions of passes would hang it on every unlock. The bounds sit around what Rapport
    /// writes (64 MiB, 3 passes, 1 lane) with room for a later, costlier default: at most
    /// 256 MiB, 10 passes and 8 lanes, a few seconds on a laptop.
    const M_KIB_ALLOWED: std::ops::RangeInclusive<u32> = 8 * 1024..=256 * 1024;
    const T_COST_ALLOWED: std::ops::RangeInclusive<u32> = 1..=10;
    const P_COST_ALLOWED: std::ops::RangeInclusive<u32> = 1..=8;
    const SALT_BYTES: usize = 16;
    /// A key file Rapport writes is under 400 bytes; a larger one is not read at all.
    const KEY_FILE_MAX_BYTES: u64 = 64 * 1024;

    fn random_bytes<const N: usize>() -> Result<[u8; N]> {
        let mut out = [0u8; N];
        getrandom::fill(&mut out)
            .map_err(|e| Error::invalid("encryption", Reason::NoRandomness { detail: e.to_string() }))?;
        Ok(out)
    }

    fn new_passphrase() -> Result<String> {
        let mut symbols = String::new();
        while symbols.len() < PASSPHRASE_SYMBOLS {
            for b in random_bytes::<64>()? {
                // Rejection sampling keeps every symbol equally likely: 248 = 8 × 31.
                if b < 248 && symbols.len() < PASSPHRASE_SYMBOLS {
                    symbols.push(ALPHABET[usize::from(b % 31)] as char);
                }
            }
        }
        let groups: Vec<&str> = (0..PASSPHRASE_SYMBOLS / 5).map(|i| &symbols[i * 5..i * 5 + 5]).collect();
        Ok(groups.join("-"))
    }

    /// The passphrase as typed: case, spaces and dashes do not matter.
    fn normalise(passphrase: &str) -> String {
        passphrase.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
    }

    fn derive(passphrase: &str, salt: &[u8], m_kib: u32, t_cost: u32, p_cost: u32) -> Result<[u8; KEY_BYTES]> {
        let params = argon2::Params::new(m_kib, t_cost, p_cost, Some(KEY_BYTES))
            .map_err(|e| Error::invalid("key_file", Reason::BadArgon { detail: e.to_string() }))?;
        let kdf = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
        let mut out = [0u8; KEY_BYTES];
        kdf.hash_password_into(normalise(passphrase).as_bytes(), salt, &mut out)
            .map_err(|e| Error::invalid("passphrase", Reason::KeyDerivation { detail: e.to_string() }))?;
        Ok(out)
    }

    fn xor(a: &[u8; KEY_BYTES], b: &[u8; KEY_BYTES]) -> [u8; KEY_BYTES] {
        std::array::from_fn(|i| a[i] ^ b[i])
    }

    fn key_from_hex(field: &'static str, text: &str) -> Result<[u8; KEY_BYTES]> {
        let bytes =
            hex::decode(text.trim()).map_err(|e| Error::invalid(field, Reason::NotAKey { detail: e.to_string() }))?;
        bytes.try_into().map_err(|_| Error::invalid(field, Reason::KeyLength {}))
    }

    /// SQLCipher's raw-key form: the 256 bits are the AES key, with no KDF of SQLCipher's own.
    fn raw_key(key: &[u8; KEY_BYTES]) -> String {
        format!("x'{}'", hex::encode(key))
    }

    fn open_keyed(db: &Path, key: &[u8; KEY_BYTES]) -> Result<Connection> {
        let raw = raw_key(key);
        open_path_or_read_only(db, &|conn: &Connection| {
            // A wrong key is our error to report; SQLCipher would also print its own lines to stderr.
            conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
            conn.execute_batch(&format!("PRAGMA key = \"{raw}\";"))?;
            // The first read checks the key: a wrong one fails here, before anything is written.
            conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))?;
            Ok(())
        })
    }

    fn is_wrong_key(e: &Error) -> bool {
        matches!(e, Error::Sqlite(s) if s.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase))
    }

    fn read_key_file(db: &Path) -> Result<KeyFile> {
        let path = key_file_path(db);
        let unreadable = |detail: String| {
            Error::Locked(Reason::KeyFileUnreadable {
                path: db.display().to_string(),
                key_file: path.display().to_string(),
                detail,
            })
        };
        let size = std::fs::metadata(&path).map_err(|e| unreadable(e.to_string()))?.len();
        if size > KEY_FILE_MAX_BYTES {
            return Err(refused_parameter(
                &path,
                "size",
                format!("{size} bytes"),
                format!("at most {KEY_FILE_MAX_BYTES}"),
            ));
        }
        let text = std::fs::read_to_string(&path).map_err(|e| unreadable(e.to_string()))?;
        let file: KeyFile = serde_json::from_str(&text).map_err(|e| {
            Error::invalid("key_file", Reason::NotAKeyFile { path: path.display().to_string(), detail: e.to_string() })
        })?;
        if file.format != FORMAT || file.kdf != "argon2id" {
            return Err(Error::invalid("key_file", Reason::KeyFileFormat { path: path.display().to_string() }));
        }
        let bounds = [
            ("m_kib (memory, KiB)", file.m_kib, &M_KIB_ALLOWED),
            ("t_cost (passes)", file.t_cost, &T_COST_ALLOWED),
            ("p_cost (lanes)", file.p_cost, &P_COST_ALLOWED),
        ];
        for (parameter, value, allowed) in bounds {
            if !allowed.contains(&value) {
                let allowed = format!("{} to {}", allowed.start(), allowed.end());
                return Err(refused_parameter(&path, parameter, value.to_string(), allowed));
            }
        }
        Ok(file)
    }

    fn refused_parameter(key_file: &Path, parameter: &str, value: String, allowed: String) -> Error {
        let key_file = key_file.display().to_string();
        Error::invalid(
            "key_file",
            Reason::KeyFileParameter { key_file, parameter: parameter.to_owned(), value, allowed },
        )
    }

    /// The salt and the wrapped key of a key file, their lengths checked before the slow derivation.
    fn salt_and_wrapped_key(db: &Path, file: &KeyFile) -> Result<(Vec<u8>, [u8; KEY_BYTES])> {
        let path = key_file_path(db);
        let not_hex = |parameter: &str, e: hex::FromHexError| {
            refused_parameter(&path, parameter, format!("text that is not hexadecimal ({e})"), "hex digits".into())
        };
        let salt = hex::decode(file.salt.trim()).map_err(|e| not_hex("salt", e))?;
        if salt.len() != SALT_BYTES {
            return Err(refused_parameter(
                &path,
                "salt",
                format!("{} bytes", salt.len()),
                format!("{SALT_BYTES} bytes"),
            ));
        }
        let wrapped = hex::decode(file.wrapped_key.trim()).map_err(|e| not_hex("wrapped_key", e))?;
        let wrapped: [u8; KEY_BYTES] = wrapped.as_slice().try_into().map_err(|_| {
            refused_parameter(&path, "wrapped_key", format!("{} bytes", wrapped.len()), format!("{KEY_BYTES} bytes"))
        })?;
        Ok((salt, wrapped))
    }

    fn unwrap_key(db: &Path, passphrase: &str) -> Result<[u8; KEY_BYTES]> {
        let file = read_key_file(db)?;
        let (salt, wrapped) = salt_and_wrapped_key(db, &file)?;
        let wrapping = derive(passphrase, &salt, file.m_kib, file.t_cost, file.p_cost)?;
        Ok(xor(&wrapped, &wrapping))
    }

    /// Encrypts the plain database at `db` in place and returns the recovery passphrase. The data
    /// is copied by `sqlcipher_export` into `<db>.encrypting`, which then replaces `db`; the key
    /// file is written before the swap, so no moment leaves an encrypted file without its key.
    pub fn enable(db: &Path, keychain: &dyn Keychain) -> Result<Enabled> {
        if is_encrypted(db)? {
            return Err(Error::invalid("encryption", Reason::AlreadyEncrypted { path: db.display().to_string() }));
        }
        let key: [u8; KEY_BYTES] = random_bytes()?;
        let passphrase = new_passphrase()?;
        let salt: [u8; 16] = random_bytes()?;
        let tmp = {
            let mut name = db.as_os_str().to_owned();
            name.push(".encrypting");
            PathBuf::from(name)
        };
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Io { path, source }
        };
        let _ = std::fs::remove_file(&tmp);
        wait_for_sqlcipher_export()?;
        {
            // Opening migrates a new or older file first, so what is encrypted is a current Rapport database.
            let conn = &open_path(db)?;
            conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
            let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
            conn.execute(
                "ATTACH DATABASE ?1 AS encrypted KEY ?2",
                rusqlite::params![tmp.display().to_string(), raw_key(&key)],
            )?;
            let exported = conn.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(())).and_then(|()| {
                conn.execute_batch(&format!(
                    "PRAGMA encrypted.user_version = {version}; PRAGMA encrypted.application_id = {app_id};"
                ))
            });
            let _ = conn.execute_batch("DETACH DATABASE encrypted;");
            if let Err(e) = exported {
                let _ = std::fs::remove_file(&tmp);
                return Err(e.into());
            }
        }
        std::fs::File::open(&tmp).and_then(|f| f.sync_all()).map_err(io(&tmp))?;

        let wrapping = derive(&passphrase, &salt, M_KIB, T_COST, P_COST)?;
        let file = KeyFile {
            format: FORMAT.into(),
            kdf: "argon2id".into(),
            m_kib: M_KIB,
            t_cost: T_COST,
            p_cost: P_COST,
            salt: hex::encode(salt),
            wrapped_key: hex::encode(xor(&key, &wrapping)),
        };
        let key_path = key_file_path(db);
        let key_tmp = tmp.with_extension("key.tmp");
        std::fs::write(&key_tmp, serde_json::to_vec_pretty(&file)?).map_err(io(&key_tmp))?;
        std::fs::File::open(&key_tmp).and_then(|f| f.sync_all()).map_err(io(&key_tmp))?;
        std::fs::rename(&key_tmp, &key_path).map_err(io(&key_path))?;
        std::fs::rename(&tmp, db).map_err(io(db))?;
        // The plain connection is closed and its WAL was checkpointed empty; leftovers would only confuse SQLite.
        for suffix in ["-wal", "-shm"] {
            let mut name = db.as_os_str().to_owned();
            name.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(name));
        }
        if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
            // The renames are durable once the directory is synced (no-op where directories cannot be opened).
            let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
        }

        // Proves the swap: the new file opens with the key and holds the same schema version.
        open_keyed(db, &key)?;
        let keychain_error = keychain.set(&keychain_account(db), &hex::encode(key)).err();
        Ok(Enabled { recovery_passphrase: passphrase, key_file: key_path.display().to_string(), keychain_error })
    }

    /// Opens `db`: a plain one as is; an encrypted one with the key from the keychain, or, given
    /// `passphrase`, with the key it unwraps (which then goes back into the keychain if it can).
    /// A wrong passphrase is `invalid` and reads nothing; a missing key is `locked`.
    pub fn open_connection(db: &Path, keychain: &dyn Keychain, passphrase: Option<&str>) -> Result<Connection> {
        if !is_encrypted(db)? {
            if !has_sqlite_header(db)? {
                return Err(not_sqlite(db));
            }
            return open_path(db);
        }
        let account = keychain_account(db);
        if let Some(passphrase) = passphrase {
            let key = unwrap_key(db, passphrase)?;
            let conn = open_keyed(db, &key).map_err(|e| {
                if is_wrong_key(&e) {
                    Error::invalid("passphrase", Reason::WrongPassphrase { path: db.display().to_string() })
                } else {
                    e
                }
            })?;
            // Best effort: the next start needs no passphrase if the keychain is back.
            let _ = keychain.set(&account, &hex::encode(key));
            return Ok(conn);
        }
        let path = db.display().to_string();
        Err(Error::Locked(match keychain.get(&account) {
            Ok(Some(secret)) => {
                let key = key_from_hex("keychain", &secret)?;
                return open_keyed(db, &key).map_err(|e| {
                    if is_wrong_key(&e) {
                        Error::Locked(Reason::KeychainKeyWrong { path: db.display().to_string() })
                    } else {
                        e
                    }
                });
            }
            Ok(None) => Reason::KeychainEmpty { path },
            Err(e) => Reason::KeychainUnavailable { path, detail: e.to_string() },
        }))
    }
}
