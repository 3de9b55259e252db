//! Rapport's own JSON export, read back.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::{Parsed, Ticker};
use crate::error::{Error, Result};
use crate::model::*;

/// The text that marks a Rapport export (its `format` field).
pub const EXPORT_MARKER: &str = "RAPPORT-EXPORT";

/// A contact's id, archived flag and timestamps in the export.
#[derive(Debug, Clone, PartialEq)]
pub struct Original {
    pub id: ContactId,
    pub archived: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Restore {}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RestoreCounts {}

impl RestoreCounts {
    pub fn describe(&self) -> String {
        String::new()
    }
}

pub(crate) fn parse(_bytes: &[u8], _ticker: &mut Ticker<'_>) -> Result<Parsed> {
    Err(Error::invalid("format", "JSON import is not available yet"))
}

pub(crate) fn database_is_empty(conn: &Connection) -> Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT (SELECT count(*) FROM contacts) + (SELECT count(*) FROM interactions) + (SELECT count(*) FROM posts)
              + (SELECT count(*) FROM circles) + (SELECT count(*) FROM value_items)",
        [],
        |r| r.get(0),
    )?;
    Ok(n == 0)
}

pub(crate) fn restore_counts(_conn: &Connection, _r: &Restore, _restoring: bool) -> Result<RestoreCounts> {
    Ok(RestoreCounts {})
}

pub(crate) fn restore_circles(_conn: &Connection, _r: &Restore) -> Result<()> {
    Ok(())
}

pub(crate) fn restore_rest(
    _conn: &Connection,
    _r: &Restore,
    _restoring: bool,
    _parsed: &Parsed,
    _ids: &[Option<ContactId>],
) -> Result<()> {
    Ok(())
}
