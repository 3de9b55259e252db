//! The search index's rows still owed (schema v7's `search_backlog`). The move of an import
//! notes the id ranges of the contacts and interactions it adds ([`owe_search`]), and the
//! search triggers leave the rows in those ranges out, so the move does not write the index
//! under its one long write lock (the index was 70% of it at 15 MB, 85% at 100 MB). The rows
//! are indexed afterwards by [`Store::index_owed_search`], in slices that are each their own
//! short write transaction, reading the rows as they are then: another program's edit, new
//! email or delete between two slices is simply what the next slice reads. Whoever opens the
//! database for writing after a crash finishes what is left.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use rusqlite::{params, Connection, OptionalExtension};

use super::Store;
use crate::db::write_tx;
use crate::error::Result;
use crate::progress::{OnProgress, Progress, Stage};

/// How many contacts one slice indexes: 2,000 took 100 ms (median) and 236 ms at most into an
/// index of 330,000 contacts on a loaded 2-vCPU machine (debug build; SQLite is optimised in
/// every profile), against the 200 ms aimed at; an interaction's row (its summary) costs about a
/// tenth of a contact's (2,000 took 7 ms, median), so a slice takes [`INTERACTIONS_PER_CONTACT`]
/// times as many.
pub const SEARCH_SLICE_ROWS: i64 = 2_000;

/// How many interactions a slice takes for each contact it would take.
const INTERACTIONS_PER_CONTACT: i64 = 4;

/// The pause after each slice, so that a write waiting for the lock (the app's next one) takes
/// it between two slices instead of after the last: every Rapport connection tries again every
/// 2 ms while the database is busy (`db::open`).
pub const PAUSE_BETWEEN_SLICES: Duration = Duration::from_millis(15);

static SLICE_ROWS: AtomicI64 = AtomicI64::new(SEARCH_SLICE_ROWS);

/// Sets the slice size of this process (at least one row). For the crash test's writer, whose
/// imports are small: one row a slice makes its kills land between slices too.
#[doc(hidden)]
pub fn set_search_slice_rows(rows: i64) {
    SLICE_ROWS.store(rows.max(1), Ordering::Relaxed);
}

/// The two search indexes, with the table whose rows each holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Indexed {
    Contacts,
    Interactions,
}

impl Indexed {
    pub(crate) fn kind(self) -> &'static str {
        match self {
            Indexed::Contacts => "contact",
            Indexed::Interactions => "interaction",
        }
    }

    fn from_kind(kind: &str) -> Option<Indexed> {
        match kind {
            "contact" => Some(Indexed::Contacts),
            "interaction" => Some(Indexed::Interactions),
            _ => None,
        }
    }

    /// How many rows of this kind one slice takes, when it takes `contacts` contacts.
    fn slice_rows(self, contacts: i64) -> i64 {
        match self {
            Indexed::Contacts => contacts,
            Indexed::Interactions => contacts.saturating_mul(INTERACTIONS_PER_CONTACT),
        }
    }

    fn table(self) -> &'static str {
        match self {
            Indexed::Contacts => "contacts",
            Indexed::Interactions => "interactions",
        }
    }

    /// Rewrites the search rows of the ids `first..=last` from the rows there now (the views of
    /// schema v7, which the triggers read too): a row already indexed is replaced, never doubled,
    /// and a row deleted meanwhile is not indexed.
    fn index(self, conn: &Connection, first: i64, last: i64) -> Result<usize> {
        let (delete, insert) = match self {
            Indexed::Contacts => (
                "DELETE FROM contact_search WHERE rowid BETWEEN ?1 AND ?2",
                "INSERT INTO contact_search (rowid, name, detail, notes)
                 SELECT s.id, s.name, s.detail, s.notes FROM contact_search_source s
                 WHERE s.id BETWEEN ?1 AND ?2 ORDER BY s.id",
            ),
            Indexed::Interactions => (
                "DELETE FROM interaction_search WHERE rowid BETWEEN ?1 AND ?2",
                "INSERT INTO interaction_search (rowid, summary)
                 SELECT s.id, s.summary FROM interaction_search_source s
                 WHERE s.id BETWEEN ?1 AND ?2 ORDER BY s.id",
            ),
        };
        conn.execute(delete, params![first, last])?;
        Ok(conn.execute(insert, params![first, last])?)
    }
}

/// Inside the move's transaction, before its rows go in: notes that the search rows of the ids
/// `first..=last` of `what` are owed, so the triggers leave them to the slices. Only when no row
/// there already has one of those ids (they are all the import's new rows); otherwise nothing is
/// noted and the triggers index them in the move, as before. Says whether it noted them.
pub(crate) fn owe_search(conn: &Connection, what: Indexed, first: i64, last: i64) -> Result<bool> {
    if first > last {
        return Ok(false);
    }
    let sql = format!("SELECT EXISTS (SELECT 1 FROM {} WHERE id BETWEEN ?1 AND ?2)", what.table());
    let taken: bool = conn.query_row(&sql, params![first, last], |r| r.get(0))?;
    if taken {
        return Ok(false);
    }
    conn.execute(
        "INSERT INTO search_backlog (kind, first_id, last_id) VALUES (?1, ?2, ?3)",
        params![what.kind(), first, last],
    )?;
    Ok(true)
}

/// What one slice did.
struct Slice {
    /// The rows of the table it took (each indexed, unless deleted meanwhile).
    taken: u64,
    /// The search rows it wrote.
    rows: usize,
    /// How long it held the write lock.
    held: Duration,
    /// Whether rows are still owed after it.
    more: bool,
}

/// What [`Store::index_owed_search`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SearchIndexed {
    /// Search rows written.
    pub rows: usize,
    /// Slices, each one write transaction.
    pub slices: usize,
    /// The longest a slice held the write lock.
    pub longest_slice: Duration,
}

impl Store {
    /// How many rows the search index still owes: those in the ranges noted, counted, not the
    /// ranges' spans (a restore keeps its file's ids, which may lie far apart). A range with no
    /// row left in it counts as one until a slice takes it off, so this is 0 exactly when the
    /// index is complete.
    pub fn search_owed(&self) -> Result<u64> {
        let owed: i64 = self.conn.query_row(
            "SELECT coalesce(sum(max(1, CASE b.kind
                 WHEN 'contact' THEN
                     (SELECT count(*) FROM contacts c WHERE c.id BETWEEN b.first_id AND b.last_id)
                 ELSE (SELECT count(*) FROM interactions i WHERE i.id BETWEEN b.first_id AND b.last_id)
             END)), 0) FROM search_backlog b",
            [],
            |r| r.get(0),
        )?;
        Ok(u64::try_from(owed).unwrap_or(0))
    }

    /// Indexes for search every row still owed, in slices of [`SEARCH_SLICE_ROWS`] contacts
    /// (four times as many interactions), each its own write transaction with a short pause
    /// after it, until none is owed: the rest of an import's work, or what a crash left.
    /// `progress` hears [`Stage::Indexing`] before the first slice and after each, counting
    /// rows; its answer is ignored (the rows are in the database already: only the index is
    /// left). Inside a transaction it does nothing. Another program may index the same rows
    /// meanwhile: each slice reads the backlog inside its own transaction, so the two share the
    /// work. The data's token is left as it was: the index is derived from the data, which did
    /// not change.
    pub fn index_owed_search(&mut self, progress: OnProgress<'_>) -> Result<SearchIndexed> {
        self.index_owed_search_while(progress, &mut || true)
    }

    /// [`Store::index_owed_search`], asking `go_on` after each slice whether to index the next:
    /// `false` stops it there, and the rest stays owed (a caller that must let go of the file).
    pub fn index_owed_search_while(
        &mut self,
        progress: OnProgress<'_>,
        go_on: &mut dyn FnMut() -> bool,
    ) -> Result<SearchIndexed> {
        let mut done = SearchIndexed::default();
        // Inside a transaction a slice could not commit on its own: the rows stay owed for the
        // caller to index once it committed.
        if !self.conn.is_autocommit() {
            return Ok(done);
        }
        let total = self.search_owed()?;
        if total == 0 {
            return Ok(done);
        }
        let mut indexed: u64 = 0;
        progress(Progress { stage: Stage::Indexing, done: 0, total });
        let contacts_per_slice = SLICE_ROWS.load(Ordering::Relaxed);
        while let Some(slice) = self.index_one_slice(contacts_per_slice)? {
            done.rows += slice.rows;
            done.slices += 1;
            done.longest_slice = done.longest_slice.max(slice.held);
            indexed = (indexed + slice.taken).min(total);
            progress(Progress { stage: Stage::Indexing, done: indexed, total });
            if !slice.more || !go_on() {
                break;
            }
            std::thread::sleep(PAUSE_BETWEEN_SLICES);
        }
        Ok(done)
    }

    /// One slice: the next rows of the first range owed (a slice's worth of rows that exist,
    /// however far apart their ids), indexed and taken off the range, in one write transaction
    /// (the token untouched). `None` when nothing is owed. Its work follows the rows, never the
    /// range's span.
    fn index_one_slice(&mut self, contacts_per_slice: i64) -> Result<Option<Slice>> {
        let tx = write_tx(&mut self.conn)?;
        let locked = Instant::now();
        let owed: Option<(i64, String, i64, i64)> = tx
            .query_row("SELECT rowid, kind, first_id, last_id FROM search_backlog ORDER BY rowid LIMIT 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?;
        let Some((range, kind, first, last)) = owed else {
            return Ok(None);
        };
        // The schema's CHECK allows no other kind.
        let what = Indexed::from_kind(&kind).unwrap_or(Indexed::Contacts);
        let limit = what.slice_rows(contacts_per_slice);
        let sql = format!(
            "SELECT count(*), max(id) FROM
                 (SELECT id FROM {} WHERE id BETWEEN ?1 AND ?2 ORDER BY id LIMIT ?3)",
            what.table()
        );
        let (taken, end): (i64, Option<i64>) =
            tx.query_row(&sql, params![first, last, limit], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let rows = match end {
            Some(end) => what.index(&tx, first, end)?,
            None => 0,
        };
        // A whole slice short of the range's end leaves the rest owed; fewer rows than a slice
        // takes (or none) means none is left in the range.
        match end {
            Some(end) if taken == limit && end < last => {
                tx.execute("UPDATE search_backlog SET first_id = ?2 WHERE rowid = ?1", params![range, end + 1])?;
            }
            _ => {
                tx.execute("DELETE FROM search_backlog WHERE rowid = ?1", [range])?;
            }
        }
        let more: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM search_backlog)", [], |r| r.get(0))?;
        tx.commit_keeping_token()?;
        Ok(Some(Slice { taken: u64::try_from(taken).unwrap_or(0), rows, held: locked.elapsed(), more }))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::import::{self, ImportOptions};
    use crate::progress::Stage;
    use crate::{ContactFields, ContactQuery, Store};

    /// An id as far from 1 as a hand-edited JSON file may put it.
    const FAR: i64 = 4_000_000_000_000_000_000;

    /// A restore keeps its file's ids, so its owed range runs from the smallest to the largest:
    /// here 4e18 ids holding two contacts. One slice indexes both, and the progress counts rows
    /// (the slices walked the span before, 2,000 ids each: they never ended, and every command
    /// after the import waited for them).
    #[test]
    fn a_restore_with_ids_far_apart_is_indexed_in_one_slice() {
        let dir = tempfile::tempdir().unwrap();
        let mut source = Store::open_in_memory().unwrap();
        source.add_contact(&ContactFields::named("Ada Near")).unwrap();
        source.add_contact(&ContactFields::named("Bo Far")).unwrap();
        let mut doc = serde_json::to_value(source.export().unwrap()).unwrap();
        doc["contacts"][1]["id"] = json!(FAR);
        let file = dir.path().join("far.json");
        std::fs::write(&file, serde_json::to_vec(&doc).unwrap()).unwrap();

        let mut store = Store::open(&dir.path().join("rapport.db")).unwrap();
        let mut heard: Vec<(u64, u64)> = Vec::new();
        import::apply_file(&mut store, &file, &ImportOptions::default(), &mut |p| {
            if p.stage == Stage::Indexing {
                heard.push((p.done, p.total));
                // Stops a run that would not end, with what it heard.
                assert!(heard.len() <= 3, "more than one slice for two rows: {heard:?}");
            }
            true
        })
        .unwrap();
        assert_eq!(heard, [(0, 2), (2, 2)], "heard before the first slice and after the only one");
        assert_eq!(store.search_owed().unwrap(), 0);
        let far: String = store
            .connection()
            .query_row("SELECT display_name FROM contacts WHERE id = ?1", [FAR], |r| r.get(0))
            .unwrap();
        assert_eq!(far, "Bo Far", "the restore kept the file's id");
        for (search, name) in [("Near", "Ada Near"), ("Far", "Bo Far")] {
            let query = ContactQuery { search: Some(search.into()), ..Default::default() };
            let found: Vec<String> = store.list_contacts(&query).unwrap().into_iter().map(|c| c.display_name).collect();
            assert_eq!(found, [name]);
        }
    }

    /// The rows of a range are taken a slice's worth at a time, however far apart: 5 rows spread
    /// over a span of 4e18 ids, 2 a slice, take 3 slices; a range whose rows were all deleted
    /// meanwhile is taken off by one slice that indexes nothing.
    #[test]
    fn a_slice_takes_the_next_rows_of_its_range_not_the_next_ids() {
        let mut store = Store::open_in_memory().unwrap();
        let ids = [1, 1_000, FAR / 2, FAR - 1, FAR];
        for (n, id) in ids.iter().enumerate() {
            store
                .connection()
                .execute(
                    "INSERT INTO contacts (id, display_name, created_at, updated_at) VALUES (?1, ?2, 0, 0)",
                    rusqlite::params![id, format!("Spread {n}")],
                )
                .unwrap();
        }
        store
            .connection()
            .execute_batch(&format!(
                "DELETE FROM contact_search;
                 INSERT INTO search_backlog (kind, first_id, last_id) VALUES ('contact', 1, {FAR});
                 INSERT INTO search_backlog (kind, first_id, last_id) VALUES ('interaction', 5, {FAR});"
            ))
            .unwrap();
        // The interactions' range holds no row: it counts as one until taken off.
        assert_eq!(store.search_owed().unwrap(), 6);

        // Two contacts a slice (eight interactions).
        let mut slices = Vec::new();
        while let Some(slice) = store.index_one_slice(2).unwrap() {
            slices.push((slice.taken, slice.rows, slice.more));
            assert!(slices.len() <= 4, "more slices than rows: {slices:?}");
        }
        assert_eq!(slices, [(2, 2, true), (2, 2, true), (1, 1, true), (0, 0, false)]);
        assert_eq!(store.search_owed().unwrap(), 0);
        let indexed: i64 =
            store.connection().query_row("SELECT count(*) FROM contact_search", [], |r| r.get(0)).unwrap();
        assert_eq!(indexed, 5);
    }
}
