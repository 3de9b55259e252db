//! Rapport's core: everything the desktop app and the CLI share, with no Tauri dependency.
//!
//! - [`model`]: the domain types (contacts, interactions, value items, questions, posts...).
//! - [`store`]: the SQLite store, one typed method per operation, each validated and atomic.
//! - [`backup`]: online backups, the daily rotation, restore.
//! - [`db`]: where the database lives, connection pragmas, versioned migrations.
//! - [`charts`]: the charts of the measures over time, drawn with plotters to SVG and PNG.
//! - [`crypt`]: optional encryption at rest (SQLCipher, feature `encryption`), key in the OS keychain.
//! - [`demo`]: a seeded generator of a believable demo network.
//!
//! To add a table: write the next numbered file in `migrations/`, add it to [`db::MIGRATIONS`],
//! add its types to `model` and its methods in a new `store/<entity>.rs`.

pub mod backup;
pub mod charts;
pub mod crypt;
pub mod db;
pub mod demo;
pub mod directory;
pub mod error;
pub mod import;
pub mod measures;
pub mod model;
pub mod reason;
pub mod store;
pub mod synthetic;
pub mod time;

pub use error::{Error, Reason, Result};
pub use model::*;
pub use store::Store;
