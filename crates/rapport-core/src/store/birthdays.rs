//! Birthdays, for the agenda and its calendar file.

use super::Store;
use crate::error::Result;
use crate::model::ContactId;

/// A contact's birthday as stored: `YYYY-MM-DD`, or `--MM-DD` when the year is unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BirthdayRow {
    pub contact: ContactId,
    pub name: String,
    pub birthday: String,
}

impl Store {
    /// The birthdays of every contact who is not archived, by contact id.
    pub fn birthdays(&self) -> Result<Vec<BirthdayRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, display_name, birthday FROM contacts
             WHERE birthday IS NOT NULL AND birthday <> '' AND archived = 0 ORDER BY id",
        )?;
        let rows =
            stmt.query_map([], |r| Ok(BirthdayRow { contact: r.get(0)?, name: r.get(1)?, birthday: r.get(2)? }))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
