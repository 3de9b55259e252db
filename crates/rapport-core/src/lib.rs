//! Rapport's core: everything the desktop app and the CLI share, with no Tauri dependency.
//!
//! - [`model`]: the domain types (contacts, interactions, value items, questions, posts...).
//! - [`store`]: the SQLite store, one typed method per operation, each validated and atomic.
//! - [`db`]: the database file: where it lives, pragmas, migrations, write transactions, copies,
//!   [`backup`]s (online backups, the daily rotation, restore) and [`crypt`] (encryption at rest).
//! - [`charts`]: the charts of the measures over time, drawn with plotters to SVG and PNG.
//!
//! To add a table: write the next numbered file in `migrations/`, add it to [`db::MIGRATIONS`],
//! add its types to `model` and its methods in a new `store/<entity>.rs`.

pub mod agenda;
pub mod charts;
pub mod db;
pub mod directory;
pub mod domain;
pub mod error;
pub mod import;
pub mod measures;
pub mod model;
mod progress;
pub mod reason;
pub mod store;
pub mod text;
pub mod time;

pub use db::{backup, crypt};
pub use error::{Error, Reason, Result};
pub use model::*;
pub use store::Store;
