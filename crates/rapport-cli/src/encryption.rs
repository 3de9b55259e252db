//! `rapport encryption status|enable|unlock`, and how every other command opens the database: an
//! encrypted one with the key from the OS keychain or, when the keychain cannot give it, with the
//! recovery passphrase in `$RAPPORT_PASSPHRASE`.
//!
//! The three subcommands work on the file, before any store is open: `enable` rewrites it (no
//! connection may be open), `status` reads its header and the key file, and `unlock` proves the
//! passphrase by opening it once.

use std::io::{BufRead, Write};
use std::path::Path;

use rapport_core::crypt;
use rapport_service::encryption::default_keychain;
use rapport_service::Service;

use crate::cli::EncryptionCommand;
use crate::error::{CliError, Result};
use crate::output;

/// The recovery passphrase for commands run without a keychain (scripts, CI).
pub const PASSPHRASE_ENV: &str = "RAPPORT_PASSPHRASE";

fn env_passphrase() -> Option<String> {
    std::env::var(PASSPHRASE_ENV).ok().filter(|p| !p.trim().is_empty())
}

/// Opens the database for any command: plain as is, encrypted with the keychain's key or the
/// passphrase in `$RAPPORT_PASSPHRASE`. The keychain is the OS's unless `RAPPORT_NO_KEYCHAIN=1`
/// (the service's rule, the window's too). Why it could not open is [`Service::open_error`].
pub fn open(path: &Path) -> Service {
    Service::open_with_passphrase(path, default_keychain(), env_passphrase().as_deref())
}

pub fn run(command: EncryptionCommand, path: &Path, json: bool, out: &mut dyn Write) -> Result<()> {
    let keychain = default_keychain();
    match command {
        EncryptionCommand::Status => {
            let status = crypt::status(path, &*keychain)?;
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
            let enabled = crypt::enable(path, &*keychain)?;
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
            let opened = Service::open_with_passphrase(path, keychain.clone(), Some(&passphrase));
            if let Some(e) = opened.open_error() {
                return Err(e.into());
            }
            drop(opened);
            let status = crypt::status(path, &*keychain)?;
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
