//! What a failed command sends to the window: `{ "code": "...", "message": "...", "key": "...",
//! "params": {...} }`, plus `"field"` when the input at fault is known.
//!
//! `code` is core's stable [`rapport_core::Error::code`] (`invalid`, `not_found`, `newer_schema`,
//! ...), so the UI can branch on the kind of failure without matching text; `message` is the
//! error's Display, in English. `key` and `params` are core's [`rapport_core::Reason`]: the window
//! words the error in its own language from them (its tables hold `error.<key>`), and shows
//! `message` only for a key it does not know. Two codes belong to the shell alone: `internal`, for
//! a bug (a panic caught before it could take the window down), and `closed`, for a database that
//! `enable_encryption` closed and could not reopen. When the database could not be opened, every
//! command answers with that opening error, code and all.

use rapport_core::Reason;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommandError {
    pub code: &'static str,
    pub message: String,
    /// For `invalid`: the input at fault (`display_name`, `participants`...), so a form can point
    /// at it. The message then reads "field: what is wrong".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
    /// What went wrong, as a stable key ([`rapport_core::Reason::KEYS`]) ...
    pub key: &'static str,
    /// ... and the values its sentence names (`{ "n": 250, "max": 200 }`).
    pub params: serde_json::Value,
}

impl CommandError {
    /// A failure that is a bug in Rapport rather than something the user did.
    pub(crate) fn internal(message: impl Into<String>) -> Self {
        let message = message.into();
        let reason = Reason::Internal { detail: message.clone() };
        CommandError { code: "internal", message, field: None, key: reason.key(), params: reason.params() }
    }
}

impl From<rapport_core::Error> for CommandError {
    fn from(e: rapport_core::Error) -> Self {
        let field = match &e {
            rapport_core::Error::Invalid { field, .. } => Some(*field),
            _ => None,
        };
        let reason = e.reason();
        CommandError { code: e.code(), message: e.to_string(), field, key: reason.key(), params: reason.params() }
    }
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for CommandError {}
