//! Bulk writes: many rows in one write transaction, each kind through one prepared statement,
//! for a generated network (rapport-demo's synthetic one: a million interactions in seconds).
//!
//! [`Store::bulk`] opens the transaction the way every other write does ([`write_tx`]: an
//! IMMEDIATE transaction, or a savepoint inside [`Store::batch`]) and commits it when the work
//! returns `Ok`; an error or a panic rolls all of it back. Unlike the other store calls, a bulk
//! insert does not validate its row: the caller has drawn consistent data, and only the schema
//! checks it (its CHECK constraints and, as on every connection, its foreign keys), so a row
//! that breaks one fails the whole write.

use rusqlite::{params, Connection, Statement};

use super::Store;
use crate::db::write_tx;
use crate::error::Result;
use crate::measures::Secs;
use crate::model::*;

/// What a bulk write may trade for speed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// Committed like every other write: it survives a power cut.
    Full,
    /// For a database that can be built again (the benchmark's): no fsync while writing and a
    /// larger page cache; the connection's settings are put back after, and the write-ahead log
    /// is folded into the file so a plain file is left behind.
    Rebuildable,
}

/// A contact as a bulk write takes it. Created and updated at `created_at`.
#[derive(Debug, Clone, Copy, Default)]
pub struct BulkContact<'a> {
    pub display_name: &'a str,
    pub company: Option<&'a str>,
    pub role: Option<&'a str>,
    pub met_on: Option<chrono::NaiveDate>,
    pub closeness: Option<u8>,
    pub is_kin: bool,
    pub cadence_days: Option<u32>,
    pub archived: bool,
    pub created_at: Secs,
}

/// An interaction with its participants (at least one, each once).
#[derive(Debug, Clone, Copy)]
pub struct BulkInteraction<'a> {
    pub at: Secs,
    pub utc_offset_min: i32,
    pub channel: Channel,
    pub initiated_by: Party,
    pub duration_min: Option<u32>,
    /// Empty when there is none.
    pub summary: &'a str,
    pub participants: &'a [ContactId],
    pub created_at: Secs,
}

/// Something of value given or received, in an interaction or on its own.
#[derive(Debug, Clone, Copy)]
pub struct BulkValueItem<'a> {
    pub contact: ContactId,
    pub interaction: Option<InteractionId>,
    pub direction: Direction,
    pub kind: ValueKind,
    pub weight: Option<f64>,
    /// Empty when there is none.
    pub note: &'a str,
    pub at: Secs,
}

/// A question asked in an interaction, and the later one that answered it if any.
#[derive(Debug, Clone, Copy)]
pub struct BulkQuestion<'a> {
    pub contact: ContactId,
    pub asked_in: InteractionId,
    pub asked_by: Party,
    pub text: &'a str,
    pub answered_in: Option<InteractionId>,
}

/// A post, created when it was posted.
#[derive(Debug, Clone, Copy)]
pub struct BulkPost<'a> {
    pub platform: &'a str,
    pub at: Secs,
    pub utc_offset_min: i32,
    pub title: &'a str,
    pub url: Option<&'a str>,
}

/// A reaction to a post: a named contact's (count 1) or an anonymous count.
#[derive(Debug, Clone, Copy)]
pub struct BulkReaction<'a> {
    pub post: PostId,
    pub contact: Option<ContactId>,
    pub kind: ReactionKind,
    pub count: u32,
    pub at: Option<Secs>,
    pub comment: Option<&'a str>,
    pub replied: bool,
    /// When I replied, if known.
    pub replied_at: Option<Secs>,
}

impl Store {
    /// Runs `work` with a [`Bulk`] writer in one write transaction, committed once when it
    /// returns `Ok` (see the module's doc).
    pub fn bulk<T>(&mut self, durability: Durability, work: impl FnOnce(&mut Bulk<'_>) -> Result<T>) -> Result<T> {
        // Inside an outer transaction, its commit decides the durability.
        if durability == Durability::Full || !self.conn.is_autocommit() {
            return self.in_write_tx(|conn| work(&mut Bulk::new(conn)));
        }
        let cache: i64 = self.conn.pragma_query_value(None, "cache_size", |r| r.get(0))?;
        let synchronous: i64 = self.conn.pragma_query_value(None, "synchronous", |r| r.get(0))?;
        self.conn.pragma_update(None, "cache_size", -256 * 1024)?;
        self.conn.pragma_update(None, "synchronous", "OFF")?;
        let written = self.in_write_tx(|conn| work(&mut Bulk::new(conn)));
        self.conn.pragma_update(None, "synchronous", synchronous)?;
        self.conn.pragma_update(None, "cache_size", cache)?;
        let value = written?;
        self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(value)
    }

    /// Runs `work` on the connection inside one [`write_tx`], committed when it returns `Ok`:
    /// how [`Store::bulk`] and the importer's writer (`imports.rs`) open their transaction.
    pub(super) fn in_write_tx<T>(&mut self, work: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let tx = write_tx(&mut self.conn)?;
        let value = work(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// True when the database holds no contact, circle, interaction or post: what a generator
    /// that draws a whole network needs.
    pub fn is_blank(&self) -> Result<bool> {
        blank(&self.conn)
    }
}

/// No contact, circle, interaction or post (nor, through them, anything else a user logs).
pub(super) fn blank(conn: &Connection) -> Result<bool> {
    let used: i64 = conn.query_row(
        "SELECT (SELECT count(*) FROM contacts) + (SELECT count(*) FROM circles)
              + (SELECT count(*) FROM interactions) + (SELECT count(*) FROM posts)",
        [],
        |r| r.get(0),
    )?;
    Ok(used == 0)
}

/// The statements, each prepared on its first use and kept until the transaction ends.
#[derive(Default)]
struct Prepared<'c> {
    circle: Option<Statement<'c>>,
    contact: Option<Statement<'c>>,
    email: Option<Statement<'c>>,
    member: Option<Statement<'c>>,
    interaction: Option<Statement<'c>>,
    participant: Option<Statement<'c>>,
    value_item: Option<Statement<'c>>,
    question: Option<Statement<'c>>,
    post: Option<Statement<'c>>,
    reaction: Option<Statement<'c>>,
}

/// Writes rows inside the transaction [`Store::bulk`] opened. Each insert returns the new row's
/// id, to be named by the rows that refer to it.
pub struct Bulk<'c> {
    conn: &'c Connection,
    prepared: Prepared<'c>,
}

/// `slot`'s statement, prepared from `sql` the first time.
pub(super) fn statement<'s, 'c>(
    conn: &'c Connection,
    slot: &'s mut Option<Statement<'c>>,
    sql: &str,
) -> Result<&'s mut Statement<'c>> {
    if slot.is_none() {
        *slot = Some(conn.prepare(sql)?);
    }
    Ok(slot.as_mut().expect("prepared just above"))
}

impl<'c> Bulk<'c> {
    fn new(conn: &'c Connection) -> Bulk<'c> {
        Bulk { conn, prepared: Prepared::default() }
    }

    /// [`Store::is_blank`], read inside the transaction: with the write lock held, nothing can
    /// be written between this answer and the rows that rely on it.
    pub fn is_blank(&self) -> Result<bool> {
        blank(self.conn)
    }

    pub fn circle(&mut self, name: &str, cadence_days: Option<u32>, created_at: Secs) -> Result<CircleId> {
        let sql = "INSERT INTO circles (name, cadence_days, created_at) VALUES (?1, ?2, ?3)";
        statement(self.conn, &mut self.prepared.circle, sql)?.execute(params![name, cadence_days, created_at])?;
        Ok(CircleId(self.conn.last_insert_rowid()))
    }

    pub fn contact(&mut self, c: &BulkContact<'_>) -> Result<ContactId> {
        let sql = "INSERT INTO contacts (display_name, company, role, met_on, closeness, is_kin, cadence_days,
                       archived, created_at, updated_at)
                   VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)";
        statement(self.conn, &mut self.prepared.contact, sql)?.execute(params![
            c.display_name,
            c.company,
            c.role,
            c.met_on,
            c.closeness,
            c.is_kin,
            c.cadence_days,
            c.archived,
            c.created_at
        ])?;
        Ok(ContactId(self.conn.last_insert_rowid()))
    }

    pub fn contact_email(&mut self, contact: ContactId, email: &str, label: &str) -> Result<()> {
        let sql = "INSERT INTO contact_emails (contact_id, email, label) VALUES (?1, ?2, ?3)";
        statement(self.conn, &mut self.prepared.email, sql)?.execute(params![contact, email, label])?;
        Ok(())
    }

    pub fn circle_member(&mut self, contact: ContactId, circle: CircleId) -> Result<()> {
        let sql = "INSERT INTO contact_circles (contact_id, circle_id) VALUES (?1, ?2)";
        statement(self.conn, &mut self.prepared.member, sql)?.execute(params![contact, circle])?;
        Ok(())
    }

    /// The interaction and one row per participant.
    pub fn interaction(&mut self, i: &BulkInteraction<'_>) -> Result<InteractionId> {
        let sql = "INSERT INTO interactions (occurred_at, utc_offset_min, channel, initiated_by, duration_min, summary, created_at)
                   VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
        statement(self.conn, &mut self.prepared.interaction, sql)?.execute(params![
            i.at,
            i.utc_offset_min,
            i.channel,
            i.initiated_by,
            i.duration_min,
            i.summary,
            i.created_at
        ])?;
        let id = InteractionId(self.conn.last_insert_rowid());
        let sql = "INSERT INTO interaction_participants (interaction_id, contact_id) VALUES (?1, ?2)";
        let participant = statement(self.conn, &mut self.prepared.participant, sql)?;
        for contact in i.participants {
            participant.execute(params![id, contact])?;
        }
        Ok(id)
    }

    pub fn value_item(&mut self, v: &BulkValueItem<'_>) -> Result<ValueItemId> {
        let sql = "INSERT INTO value_items (contact_id, interaction_id, direction, kind, weight, note, occurred_at)
                   VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
        statement(self.conn, &mut self.prepared.value_item, sql)?.execute(params![
            v.contact,
            v.interaction,
            v.direction,
            v.kind,
            v.weight,
            v.note,
            v.at
        ])?;
        Ok(ValueItemId(self.conn.last_insert_rowid()))
    }

    pub fn question(&mut self, q: &BulkQuestion<'_>) -> Result<QuestionId> {
        let sql =
            "INSERT INTO questions (contact_id, asked_in, asked_by, text, answered_in) VALUES (?1, ?2, ?3, ?4, ?5)";
        statement(self.conn, &mut self.prepared.question, sql)?.execute(params![
            q.contact,
            q.asked_in,
            q.asked_by,
            q.text,
            q.answered_in
        ])?;
        Ok(QuestionId(self.conn.last_insert_rowid()))
    }

    pub fn post(&mut self, p: &BulkPost<'_>) -> Result<PostId> {
        let sql = "INSERT INTO posts (platform, posted_at, utc_offset_min, title, url, created_at)
                   VALUES (?1, ?2, ?3, ?4, ?5, ?2)";
        statement(self.conn, &mut self.prepared.post, sql)?.execute(params![
            p.platform,
            p.at,
            p.utc_offset_min,
            p.title,
            p.url
        ])?;
        Ok(PostId(self.conn.last_insert_rowid()))
    }

    pub fn reaction(&mut self, r: &BulkReaction<'_>) -> Result<ReactionId> {
        let sql = "INSERT INTO reactions (post_id, contact_id, kind, count, reacted_at, comment, replied, replied_at)
                   VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
        statement(self.conn, &mut self.prepared.reaction, sql)?.execute(params![
            r.post,
            r.contact,
            r.kind,
            r.count,
            r.at,
            r.comment,
            r.replied,
            r.replied_at
        ])?;
        Ok(ReactionId(self.conn.last_insert_rowid()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(store: &Store, table: &str) -> i64 {
        store.connection().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
    }

    /// One row of each kind, the ones that refer to others by the ids the inserts returned.
    fn one_of_each(b: &mut Bulk<'_>) -> Result<(ContactId, InteractionId)> {
        let family = b.circle("Family", Some(30), 100)?;
        let ana =
            b.contact(&BulkContact { display_name: "Ana", closeness: Some(5), created_at: 100, ..Default::default() })?;
        let bo = b.contact(&BulkContact { display_name: "Bo", created_at: 100, ..Default::default() })?;
        b.circle_member(ana, family)?;
        b.contact_email(ana, "ana@example.test", "personal")?;
        fn talk(at: Secs, participants: &[ContactId]) -> BulkInteraction<'_> {
            BulkInteraction {
                at,
                utc_offset_min: 60,
                channel: Channel::Call,
                initiated_by: Party::Me,
                duration_min: Some(12),
                summary: "",
                participants,
                created_at: at,
            }
        }
        let asked = b.interaction(&talk(1_000, &[ana, bo]))?;
        let answered = b.interaction(&talk(2_000, &[ana]))?;
        b.value_item(&BulkValueItem {
            contact: bo,
            interaction: Some(asked),
            direction: Direction::Given,
            kind: ValueKind::Advice,
            weight: None,
            note: "",
            at: 1_000,
        })?;
        b.question(&BulkQuestion {
            contact: ana,
            asked_in: asked,
            asked_by: Party::Them,
            text: "Free on Thursday?",
            answered_in: Some(answered),
        })?;
        let post = b.post(&BulkPost { platform: "Blog", at: 500, utc_offset_min: 0, title: "Notes", url: None })?;
        let like = |contact, count| BulkReaction {
            post,
            contact,
            kind: ReactionKind::Like,
            count,
            at: None,
            comment: None,
            replied: false,
            replied_at: None,
        };
        b.reaction(&like(Some(bo), 1))?;
        b.reaction(&like(None, 40))?;
        Ok((ana, asked))
    }

    #[test]
    fn a_bulk_write_reads_back_through_the_store() {
        let mut store = Store::open_in_memory().unwrap();
        assert!(store.is_blank().unwrap());
        let (ana, asked) = store.bulk(Durability::Full, one_of_each).unwrap();
        assert!(!store.is_blank().unwrap());
        let history = store.list_interactions(&InteractionQuery::default()).unwrap();
        assert_eq!(history.len(), 2);
        let first = history.iter().find(|i| i.id == asked).unwrap();
        assert_eq!(first.participants.len(), 2);
        assert_eq!((first.channel, first.duration_min), (Channel::Call, Some(12)));
        assert_eq!(first.value_items.len(), 1);
        let questions = store.list_questions(&QuestionQuery::default()).unwrap();
        assert!(questions.len() == 1 && questions[0].answered_in.is_some() && questions[0].contact == ana);
        let contact = store.contact(ana).unwrap();
        assert_eq!(contact.fields.circles, ["Family"]);
        assert_eq!(contact.fields.emails[0].value, "ana@example.test");
        let posts = store.list_posts().unwrap();
        assert_eq!(posts[0].reactions.len(), 2);
    }

    #[test]
    fn a_failed_bulk_write_leaves_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        let err = store
            .bulk(Durability::Full, |b| {
                one_of_each(b)?;
                // A participant who does not exist: the foreign key refuses it.
                let nobody = [ContactId(999)];
                b.interaction(&BulkInteraction {
                    at: 3_000,
                    utc_offset_min: 0,
                    channel: Channel::Email,
                    initiated_by: Party::Them,
                    duration_min: None,
                    summary: "",
                    participants: &nobody,
                    created_at: 3_000,
                })
            })
            .unwrap_err();
        assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
        assert!(store.is_blank().unwrap());
        assert_eq!(count(&store, "interaction_participants") + count(&store, "contact_emails"), 0);
        assert!(store.connection().is_autocommit(), "the transaction is closed");
        // The next write works.
        store.bulk(Durability::Full, one_of_each).unwrap();
        assert_eq!(count(&store, "interactions"), 2);
    }

    #[test]
    fn a_rebuildable_write_puts_the_connection_back_and_folds_the_log() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bulk.db");
        let mut store = Store::open(&path).unwrap();
        let pragma = |store: &Store, name: &str| -> i64 {
            store.connection().pragma_query_value(None, name, |r| r.get(0)).unwrap()
        };
        let before = (pragma(&store, "synchronous"), pragma(&store, "cache_size"));
        store
            .bulk(Durability::Rebuildable, |b| {
                assert_eq!(b.conn.pragma_query_value(None, "synchronous", |r| r.get::<_, i64>(0))?, 0, "OFF");
                one_of_each(b)
            })
            .unwrap();
        assert_eq!((pragma(&store, "synchronous"), pragma(&store, "cache_size")), before);
        let wal = dir.path().join("bulk.db-wal");
        assert_eq!(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0), 0, "the log is folded in");
        // An error puts the settings back too.
        let mut empty = Store::open(&dir.path().join("other.db")).unwrap();
        let failed: Result<()> = empty.bulk(Durability::Rebuildable, |b| {
            b.circle(" ", None, 0)?;
            Ok(())
        });
        assert!(failed.is_err(), "a blank circle name breaks the schema's CHECK");
        assert_eq!((pragma(&empty, "synchronous"), pragma(&empty, "cache_size")), before);
        assert!(empty.is_blank().unwrap());
    }

    #[test]
    fn inside_a_batch_a_bulk_write_is_part_of_it() {
        let mut store = Store::open_in_memory().unwrap();
        let failed: Result<()> = store.batch(|s| {
            s.bulk(Durability::Full, one_of_each)?;
            assert_eq!(count(s, "contacts"), 2);
            Err(crate::Error::invalid("test", crate::Reason::InMemoryNoBackups {}))
        });
        assert!(failed.is_err());
        assert!(store.is_blank().unwrap(), "the batch's rollback took the bulk write with it");
    }
}
