//! Turning a flag's value into the one contact it names, for every command that takes a contact.

use rapport_core::{ContactId, Store};

use crate::error::{CliError, Result};

/// The one contact that a flag's value names (an id, `#id`, an exact name or a unique part of
/// one); the flag prefixes the error so the user knows which value failed.
pub fn resolve(store: &Store, text: &str, flag: &str) -> Result<ContactId> {
    store.resolve_contact(text).map_err(|e| CliError::from(e).context(flag))
}
