//! The CLI's error: a message for people and the exit code for scripts.

use std::fmt;

/// Exit status of a command that the store or the system refused (bad id, ambiguous name...).
pub const EXIT_FAILURE: i32 = 1;
/// Exit status of a command line that makes no sense, as clap uses for its own usage errors.
pub const EXIT_USAGE: i32 = 2;
/// Exit status of a bug in Rapport, as a Rust panic exits: the service turns a panic inside a
/// call into an `internal` failure, which keeps this status.
pub const EXIT_BUG: i32 = 101;

#[derive(Debug)]
pub struct CliError {
    pub message: String,
    pub exit_code: i32,
    /// The reader of our output went away (`rapport contact list | head`): not worth a message.
    pub broken_pipe: bool,
}

pub type Result<T, E = CliError> = std::result::Result<T, E>;

impl CliError {
    pub fn failure(message: impl Into<String>) -> Self {
        CliError { message: message.into(), exit_code: EXIT_FAILURE, broken_pipe: false }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        CliError { message: message.into(), exit_code: EXIT_USAGE, broken_pipe: false }
    }

    /// Prefixes the message with what was being done, e.g. the flag whose value failed.
    pub fn context(mut self, what: impl fmt::Display) -> Self {
        self.message = format!("{what}: {}", self.message);
        self
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<rapport_core::Error> for CliError {
    fn from(e: rapport_core::Error) -> Self {
        CliError::failure(e.to_string())
    }
}

impl From<rapport_service::Failure> for CliError {
    fn from(f: rapport_service::Failure) -> Self {
        // The message alone, as core's errors print: the code is for programs, not people.
        let exit_code = if f.code == "internal" { EXIT_BUG } else { EXIT_FAILURE };
        CliError { message: f.message, exit_code, broken_pipe: false }
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        let broken_pipe = e.kind() == std::io::ErrorKind::BrokenPipe;
        CliError { message: format!("cannot write the output: {e}"), exit_code: EXIT_FAILURE, broken_pipe }
    }
}

impl From<serde_json::Error> for CliError {
    fn from(e: serde_json::Error) -> Self {
        if e.is_io() {
            return std::io::Error::from(e).into();
        }
        CliError::failure(format!("cannot write JSON: {e}"))
    }
}
