//! The database file and its connections: where it lives, opening it (pragmas and migrations),
//! the one way to open a write transaction, copies, backups, and encryption at rest. Only the
//! store and this folder speak SQL to the file.
//!
//! The files depend on each other in one direction, so each can be read and changed alone:
//! `file` (names and paths) ← `cipher` (what copying needs of SQLCipher) ← `copy` (whole-database
//! copies) ← `open` (connections, pragmas, migrations, which copy the file first) ← `backup` and
//! `crypt` (keys, the keychain, encrypting in place). `tx` stands alone.
//!
//! To change the schema: write the next numbered file in `migrations/` and add it to
//! [`MIGRATIONS`]; never edit one that has shipped.

pub mod backup;
mod cipher;
mod copy;
pub mod crypt;
mod file;
mod open;
mod tx;

pub use file::*;
pub use open::*;
pub(crate) use tx::{data_token, renew_data_token, write_tx};
