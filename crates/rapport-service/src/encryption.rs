//! Encryption while the database is open: whether it is encrypted, unlocking a locked one with
//! its recovery passphrase, and encrypting the open plain one in place. The last two swap the
//! store: unlocking replaces the `locked` error by the store the passphrase opens; encrypting
//! closes the plain connection and puts the encrypted one in its place, inside the store's own
//! lock, so no call runs against either half.

use std::path::PathBuf;
use std::sync::Arc;

use rapport_core::crypt::{self, Enabled};
use rapport_core::{Error, Reason, Store};
use serde::Serialize;

use crate::{share, Failure, Result, Service, SharedKeychain};

/// The longest recovery passphrase `unlock` reads: Rapport's are 35 characters (30 symbols and
/// dashes); a longer one is not Rapport's, and Argon2 need not hash it.
pub const MAX_PASSPHRASE_CHARS: usize = 200;

/// Whether this build encrypts and what state the database is in.
#[derive(Debug, Clone, Serialize)]
pub struct EncryptionStatus {
    /// This build can encrypt (the cargo feature `encryption`).
    pub available: bool,
    pub encrypted: bool,
    /// Encrypted, and no key opened it: the window asks for the recovery passphrase.
    pub locked: bool,
    /// For an encrypted database: the keychain holds its key, so the app opens it without asking.
    pub key_in_keychain: bool,
    /// Why the keychain could not be asked, when it could not.
    pub keychain_error: Option<String>,
}

/// The OS keychain, unless `RAPPORT_NO_KEYCHAIN=1` (the passphrase at every start, and no key
/// left in the keychain) or the build has no encryption.
pub fn default_keychain() -> SharedKeychain {
    if std::env::var_os("RAPPORT_NO_KEYCHAIN").is_some_and(|v| v == "1") {
        return Arc::new(crypt::NoKeychain(String::from("RAPPORT_NO_KEYCHAIN=1")));
    }
    #[cfg(feature = "encryption")]
    return Arc::new(crypt::OsKeychain);
    #[cfg(not(feature = "encryption"))]
    Arc::new(crypt::NoKeychain(String::from("this build has no encryption support")))
}

impl Service {
    /// Whether this build encrypts, whether the database is encrypted, locked, and its key in
    /// the keychain. Reads the file's first bytes and asks the keychain (D-Bus on Linux).
    pub fn encryption_status(&self) -> Result<EncryptionStatus> {
        let path = self.db_path();
        let locked = matches!(self.shared(), Err(e) if e.code == "locked");
        let encrypted = match path {
            Some(p) => crypt::is_encrypted(p)?,
            None => false,
        };
        let (key_in_keychain, keychain_error) = match path {
            Some(p) if encrypted => match self.inner.keychain.get(&crypt::keychain_account(p)) {
                Ok(key) => (key.is_some(), None),
                Err(e) => (false, Some(e)),
            },
            _ => (false, None),
        };
        Ok(EncryptionStatus {
            available: cfg!(feature = "encryption"),
            encrypted,
            locked,
            key_in_keychain,
            keychain_error,
        })
    }

    /// Opens the locked database with its recovery passphrase (which puts the key back in the
    /// keychain when it can); from then on every call works. A wrong passphrase is `invalid` and
    /// changes nothing.
    pub fn unlock(&self, passphrase: &str) -> Result<()> {
        if !cfg!(feature = "encryption") {
            return Err(crypt::not_in_this_build().into());
        }
        if passphrase.trim().is_empty() {
            return Err(Error::invalid("passphrase", Reason::PassphraseMissing {}).into());
        }
        if passphrase.chars().count() > MAX_PASSPHRASE_CHARS {
            return Err(Error::invalid("passphrase", Reason::PassphraseTooLong { max: MAX_PASSPHRASE_CHARS }).into());
        }
        let path = self.file()?;
        match self.shared() {
            Err(e) if e.code == "locked" => {}
            Err(e) => return Err(e),
            Ok(_) => return Err(Error::invalid("encryption", Reason::NotLocked {}).into()),
        }
        // Argon2 takes about half a second: done before taking the slot, so nothing waits on it.
        let store = Store::open_with_key(&path, &*self.inner.keychain, Some(passphrase))?;
        let mut slot = self.inner.slot.write().unwrap_or_else(|p| p.into_inner());
        // Two unlocks at once: the first one in wins; the second store is dropped.
        if slot.is_err() {
            *slot = Ok(share(store));
        }
        drop(slot);
        // Locked at start, the database could not be indexed then.
        self.index_owed_search_after_swap();
        Ok(())
    }

    /// Encrypts the open plain database in place and reopens it encrypted; returns the recovery
    /// passphrase, to show once. The store's lock is held from before the plain connection closes
    /// until the encrypted one is in its place.
    pub fn enable_encryption(&self) -> Result<Enabled> {
        if !cfg!(feature = "encryption") {
            return Err(crypt::not_in_this_build().into());
        }
        let path = self.file()?;
        // The rewrite renames a new file over this one: every connection beside the lock is
        // closed first ([`crate::gate`]), and none opens until the encrypted store is in place.
        let swapping = self.inner.swap_gate.swap();
        let shared = self.shared()?;
        let keychain = &*self.inner.keychain;
        let mut guard = shared.lock().unwrap_or_else(|p| p.into_inner());
        if crypt::is_encrypted(&path)? {
            return Err(
                Error::invalid("encryption", Reason::AlreadyEncrypted { path: path.display().to_string() }).into()
            );
        }
        // SQLCipher rewrites the file from a connection of its own: ours must be closed first.
        drop(guard.take());
        let enabled = crypt::enable(&path, keychain);
        // Reopened with the passphrase just made, which also proves that it unwraps the key (and
        // works when the keychain refused it); plain as before if `enable` failed, since it leaves
        // the plain file untouched until its last rename.
        let reopened = match &enabled {
            Ok(e) => Store::open_with_key(&path, keychain, Some(&e.recovery_passphrase)),
            Err(_) => Store::open_with_key(&path, keychain, None),
        };
        match reopened {
            Ok(store) => *guard = Some(crate::Open::new(store)),
            // The passphrase must still reach the user: the error waits for the next call.
            Err(e) => *self.inner.slot.write().unwrap_or_else(|p| p.into_inner()) = Err(e.into()),
        }
        drop(guard);
        drop(swapping);
        // An indexing on a connection of its own let go of the plain file at its last slice
        // before the rewrite: what was owed then is owed in the encrypted file, indexed now.
        self.index_owed_search_after_swap();
        Ok(enabled?)
    }

    /// The database file, for encryption (an in-memory store has none).
    fn file(&self) -> Result<PathBuf> {
        self.db_path()
            .map(PathBuf::from)
            .ok_or_else(|| Failure::from(Error::invalid("encryption", Reason::NoFileToEncrypt {})))
    }
}
