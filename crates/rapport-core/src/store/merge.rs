//! Merging two contacts who are the same person, and undoing it exactly.
//!
//! A merge moves every row that belongs to the merged contact (addresses, circles, interactions,
//! value items, questions, reactions) to the kept one, and marks the merged contact
//! `merged_into` the kept one, which hides them from lists and measures. Where the kept contact
//! already has the same link (both were in one interaction, or one circle) the merged contact's
//! copy is deleted instead. The `merge_moves` journal lists each row moved or deleted, so
//! [`Store::undo_merge`] restores the database as it was, row for row.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::Store;
use crate::db::write_tx;
use crate::error::{Error, Reason, Result};
use crate::model::*;
use crate::time::now;

/// Tables whose rows have their own id and a `contact_id`: moved by updating that column.
const OWNED_TABLES: &[&str] =
    &["contact_emails", "contact_phones", "contact_links", "value_items", "questions", "reactions"];

/// Tables that link a contact to something else (`other` column, an id of `target`), one row per pair.
const LINK_TABLES: &[(&str, &str, &str)] =
    &[("interaction_participants", "interaction_id", "interactions"), ("contact_circles", "circle_id", "circles")];

/// One merge, as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Merge {
    pub id: i64,
    pub kept: ContactId,
    pub merged: ContactId,
    /// How many rows moved to the kept contact (or were folded into a link they already had).
    pub rows_moved: usize,
}

impl Store {
    /// Merges `merged` into `kept`: `kept` keeps its own fields and gains everything of
    /// `merged`, who disappears from lists and measures. Undo with [`Store::undo_merge`].
    pub fn merge_contacts(&mut self, kept: ContactId, merged: ContactId) -> Result<Merge> {
        if kept == merged {
            return Err(Error::invalid("merged", Reason::MergeSelf {}));
        }
        let tx = write_tx(&mut self.conn)?;
        let live = |id: ContactId, field: &'static str| -> Result<i64> {
            let row: Option<(Option<i64>, i64)> = tx
                .query_row("SELECT merged_into, updated_at FROM contacts WHERE id = ?1", [id], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?;
            match row {
                None => Err(Error::not_found("contact", id.0)),
                Some((Some(into), _)) => Err(Error::invalid(field, Reason::AlreadyMerged { contact: id.0, into })),
                Some((None, updated_at)) => Ok(updated_at),
            }
        };
        live(kept, "kept")?;
        let merged_updated_at = live(merged, "merged")?;
        tx.execute(
            "INSERT INTO merges (kept, merged, merged_at, merged_updated_at) VALUES (?1, ?2, ?3, ?4)",
            params![kept, merged, now(), merged_updated_at],
        )?;
        let merge_id = tx.last_insert_rowid();
        let mut rows_moved = 0;
        for table in OWNED_TABLES {
            rows_moved += tx.execute(
                &format!(
                    "INSERT INTO merge_moves (merge_id, tbl, row_key) SELECT ?1, '{table}', id FROM {table} WHERE contact_id = ?2"
                ),
                params![merge_id, merged],
            )?;
            tx.execute(&format!("UPDATE {table} SET contact_id = ?1 WHERE contact_id = ?2"), params![kept, merged])?;
        }
        for (table, other, _) in LINK_TABLES {
            // Links the kept contact already has are dropped; the others move.
            rows_moved += tx.execute(
                &format!(
                    "INSERT INTO merge_moves (merge_id, tbl, row_key, dropped)
                     SELECT ?1, '{table}', m.{other},
                            EXISTS (SELECT 1 FROM {table} k WHERE k.contact_id = ?3 AND k.{other} = m.{other})
                     FROM {table} m WHERE m.contact_id = ?2"
                ),
                params![merge_id, merged, kept],
            )?;
            tx.execute(
                &format!(
                    "DELETE FROM {table} WHERE contact_id = ?2
                       AND {other} IN (SELECT {other} FROM {table} WHERE contact_id = ?1)"
                ),
                params![kept, merged],
            )?;
            tx.execute(&format!("UPDATE {table} SET contact_id = ?1 WHERE contact_id = ?2"), params![kept, merged])?;
        }
        tx.execute(
            "UPDATE contacts SET merged_into = ?1, updated_at = ?3 WHERE id = ?2",
            params![kept, merged, now()],
        )?;
        tx.commit()?;
        Ok(Merge { id: merge_id, kept, merged, rows_moved })
    }

    /// Undoes merge `id`: every row it moved goes back to the merged contact, every link it
    /// folded is restored, and the merged contact reappears as they were. Only the latest merge
    /// that touched either contact can be undone (a later one may have moved the same rows on).
    pub fn undo_merge(&mut self, id: i64) -> Result<Contact> {
        let tx = write_tx(&mut self.conn)?;
        let (kept, merged, updated_at): (ContactId, ContactId, i64) = tx
            .query_row("SELECT kept, merged, merged_updated_at FROM merges WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?
            .ok_or_else(|| Error::not_found("merge", id))?;
        let later: Option<i64> = tx
            .query_row(
                "SELECT id FROM merges WHERE id > ?1 AND (kept IN (?2, ?3) OR merged IN (?2, ?3)) ORDER BY id DESC LIMIT 1",
                params![id, kept, merged],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(later) = later {
            return Err(Error::invalid("merge", Reason::MergeLater { later }));
        }
        for table in OWNED_TABLES {
            tx.execute(
                &format!(
                    "UPDATE {table} SET contact_id = ?2
                     WHERE contact_id = ?3 AND id IN (SELECT row_key FROM merge_moves WHERE merge_id = ?1 AND tbl = '{table}')"
                ),
                params![id, merged, kept],
            )?;
        }
        for (table, other, target) in LINK_TABLES {
            tx.execute(
                &format!(
                    "UPDATE {table} SET contact_id = ?2
                     WHERE contact_id = ?3
                       AND {other} IN (SELECT row_key FROM merge_moves WHERE merge_id = ?1 AND tbl = '{table}' AND dropped = 0)"
                ),
                params![id, merged, kept],
            )?;
            // A dropped link comes back unless what it linked to has been deleted since.
            tx.execute(
                &format!(
                    "INSERT OR IGNORE INTO {table} (contact_id, {other})
                     SELECT ?2, row_key FROM merge_moves
                     WHERE merge_id = ?1 AND tbl = '{table}' AND dropped = 1
                       AND EXISTS (SELECT 1 FROM {target} t WHERE t.id = row_key)"
                ),
                params![id, merged],
            )?;
        }
        tx.execute(
            "UPDATE contacts SET merged_into = NULL, updated_at = ?2 WHERE id = ?1",
            params![merged, updated_at],
        )?;
        tx.execute("DELETE FROM merges WHERE id = ?1", [id])?;
        tx.commit()?;
        self.contact(merged)
    }
}
