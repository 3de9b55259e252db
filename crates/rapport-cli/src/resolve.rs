//! Turning a flag's value into the one contact it names, for every command that takes a contact.

use rapport_core::ContactId;
use rapport_service::Service;

use crate::error::{CliError, Result};

/// The one contact that a flag's value names (an id, `#id`, an exact name or a unique part of
/// one); the flag prefixes the error so the user knows which value failed.
pub fn resolve(service: &Service, text: &str, flag: &str) -> Result<ContactId> {
    service.resolve_contact(text).map_err(|e| CliError::from(e).context(flag))
}
