//! What a failed command sends to the window: `{ "code": "...", "message": "..." }`, plus
//! `"field"` when the input at fault is known.
//!
//! `code` is core's stable [`rapport_core::Error::code`] (`invalid`, `not_found`, `newer_schema`,
//! ...), so the UI can branch on the kind of failure without matching text; `message` is the
//! error's Display, written for a person and shown as is. Two codes belong to the shell alone:
//! `internal`, for a bug (a panic caught before it could take the window down), and `closed`, for
//! a database that `enable_encryption` closed and could not reopen. When the database could not
//! be opened, every command answers with that opening error, code and all.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommandError {
    pub code: &'static str,
    pub message: String,
    /// For `invalid`: the input at fault (`display_name`, `participants`...), so a form can point
    /// at it. The message then reads "field: what is wrong".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
}

impl CommandError {
    /// A failure that is a bug in Rapport rather than something the user did.
    pub(crate) fn internal(message: impl Into<String>) -> Self {
        CommandError { code: "internal", message: message.into(), field: None }
    }
}

impl From<rapport_core::Error> for CommandError {
    fn from(e: rapport_core::Error) -> Self {
        let field = match &e {
            rapport_core::Error::Invalid { field, .. } => Some(*field),
            _ => None,
        };
        CommandError { code: e.code(), message: e.to_string(), field }
    }
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for CommandError {}
