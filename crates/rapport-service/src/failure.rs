//! What a failed call of the application layer tells its caller: `{ "code", "message", "key",
//! "params" }`, plus `"field"` when the input at fault is known.
//!
//! `code` is core's stable [`rapport_core::Error::code`] (`invalid`, `not_found`, ...), so a
//! caller branches on the kind of failure without matching text; `message` is the English
//! sentence. `key` and `params` are core's [`rapport_core::Reason`], from which the window words
//! the failure in its own language. Two codes belong to this layer: `internal`, for a bug (a panic
//! caught before it could take the app down), and `closed`, for a database that encryption closed
//! and could not reopen. Unlike core's error it is `Clone`, so the reason a database could not be
//! opened can be kept and given to every later call.

use rapport_core::Reason;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
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

pub type Result<T, E = Failure> = std::result::Result<T, E>;

impl Failure {
    /// A failure that is a bug in Rapport rather than something the user did.
    pub fn internal(message: impl Into<String>) -> Self {
        let message = message.into();
        Failure::from_reason("internal", Reason::Internal { detail: message.clone() }, message)
    }

    /// What a call meets when the connection was closed to be encrypted and could not be reopened.
    pub(crate) fn closed() -> Self {
        let reason = Reason::ClosedForEncryption {};
        let message = reason.to_string();
        Failure::from_reason("closed", reason, message)
    }

    fn from_reason(code: &'static str, reason: Reason, message: String) -> Self {
        Failure { code, message, field: None, key: reason.key(), params: reason.params() }
    }
}

impl From<rapport_core::Error> for Failure {
    fn from(e: rapport_core::Error) -> Self {
        let field = match &e {
            rapport_core::Error::Invalid { field, .. } => Some(*field),
            _ => None,
        };
        let reason = e.reason();
        Failure { code: e.code(), message: e.to_string(), field, key: reason.key(), params: reason.params() }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for Failure {}
