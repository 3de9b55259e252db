//! `rapport encryption status|enable|unlock`, and how every other command opens the database: an
//! encrypted one with the key from the OS keychain or, when the keychain cannot give it, with the
//! recovery passphrase in `$RAPPORT_PASSPHRASE`.

use std::io::{BufRead, Write};
use std::path::Path;

use rapport_core::crypt::{self, Keychain};
use rapport_core::Store;

use crate::cli::EncryptionCommand;
use crate::error::{CliError, Result};
use crate::output;

/// The recovery passphrase for commands run without a keychain (scripts, CI).
pub const PASSPHRASE_ENV: &str = "RAPPORT_PASSPHRASE";
/// Set to 1 to leave the OS keychain alone (no key is read from it or written to it).
pub const NO_KEYCHAIN_ENV: &str = "RAPPORT_NO_KEYCHAIN";

fn keychain() -> Box<dyn Keychain> {
    if std::env::var_os(NO_KEYCHAIN_ENV).is_some_and(|v| v == "1") {
        return Box::new(crypt::NoKeychain(format!("{NO_KEYCHAIN_ENV}=1")));
    }
    #[cfg(feature = "encryption")]
    return Box::new(crypt::OsKeychain);
    #[cfg(not(feature = "encryption"))]
    Box::new(crypt::NoKeychain(String::from("this build has no encryption support")))
}

fn env_passphrase() -> Option<String> {
    std::env::var(PASSPHRASE_ENV).ok().filter(|p| !p.trim().is_empty())
}

/// Opens the database for any command: plain as is, encrypted with the keychain's key or the
/// passphrase in `$RAPPORT_PASSPHRASE`.
pub fn open(path: &Path) -> rapport_core::Result<Store> {
    rapport_core::Store::open_with_key(path, keychain().as_ref(), env_passphrase().as_deref())
}

pub fn run(command: EncryptionCommand, path: &Path, json: bool, out: &mut dyn Write) -> Result<()> {
    let keychain = keychain();
    match command {
        EncryptionCommand::Status => {
            let status = crypt::status(path, keychain.as_ref())?;
            if json {
                return output::json(out, &status);
            }
            let state = if status.encrypted { "encrypted (SQLCipher)" } else { "not encrypted" };
            writeln!(out, "{}: {state}", status.db)?;
            if let Some(k) = &status.key_file {
                writeln!(out, "key file (the key, wrapped by the recovery passphrase): {k}")?;
            }
            if let Some(k) = &status.keychain {
                writeln!(out, "keychain: {k}")?;
            }
            if !status.supported {
                writeln!(out, "this build of rapport cannot encrypt (build it with --features encryption)")?;
            }
            Ok(())
        }
        EncryptionCommand::Enable => {
            let enabled = crypt::enable(path, keychain.as_ref())?;
            if json {
                return output::json(out, &enabled);
            }
            writeln!(out, "{} is now encrypted.", path.display())?;
            writeln!(out)?;
            writeln!(
                out,
                "Recovery passphrase (shown this once; write it down and keep it apart from this computer):"
            )?;
            writeln!(out)?;
            writeln!(out, "    {}", enabled.recovery_passphrase)?;
            writeln!(out)?;
            match &enabled.keychain_error {
                None => writeln!(out, "The key is in the OS keychain: Rapport opens the database without asking.")?,
                Some(e) => writeln!(
                    out,
                    "The keychain could not store the key ({e}): every run needs the passphrase \
                     (`rapport encryption unlock`, or ${PASSPHRASE_ENV})."
                )?,
            }
            writeln!(out, "Without the keychain's key and this passphrase the data cannot be recovered.")?;
            Ok(())
        }
        EncryptionCommand::Unlock => {
            let passphrase = match env_passphrase() {
                Some(p) => p,
                None => {
                    let mut line = String::new();
                    std::io::stdin().lock().read_line(&mut line)?;
                    line
                }
            };
            if passphrase.trim().is_empty() {
                return Err(CliError::usage("give the recovery passphrase on standard input"));
            }
            rapport_core::Store::open_with_key(path, keychain.as_ref(), Some(&passphrase))?;
            let status = crypt::status(path, keychain.as_ref())?;
            if json {
                return output::json(out, &status);
            }
            writeln!(out, "The passphrase opens {}.", path.display())?;
            if let Some(k) = status.keychain {
                writeln!(out, "keychain: {k}")?;
            }
            Ok(())
        }
    }
}
