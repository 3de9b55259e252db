//! What the importer (`crate::import`) reads and writes. The importer decides what an import
//! does (matching, merging, what is a duplicate, what a restore keeps); this module only knows
//! how to ask the database and how to write the rows it decided on.
//!
//! Reads go through an [`ImportReader`], on one read snapshot ([`Store::import_snapshot`]),
//! which notes the data's token. The new rows are written by a [`Stager`] into staging tables
//! of the connection's private `temp` schema, without the write lock ([`Store::import_stage`]);
//! [`Store::import_move`] then moves them into place in one write transaction (opened like every
//! other, see `bulk.rs`) with a few `INSERT … SELECT`, after the changes an [`ImportWriter`]
//! makes row by row (merges into existing contacts, a restore's circles, posts and settings),
//! and only if the token is still the one the matching read: all of the import or none of it,
//! and no reader ever sees part of it. The rows are checked by the importer (it validates every
//! contact and interaction first), then by the schema.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, Statement};

use super::bulk::{blank, statement, BulkInteraction, BulkPost, BulkReaction, BulkValueItem};
use super::circles::circle_id_creating;
use super::contacts::{insert_fact_change, read_contact, record_fact_changes, write_fields};
use super::{owe_search, Indexed, Store};
use crate::db::write_tx;
use crate::error::{Error, Result};
use crate::measures::Secs;
use crate::model::*;

/// The rules every other write of these rows follows, for the importer to hold a file to the
/// same ones, with the same messages.
pub(crate) mod rules {
    pub(crate) use super::super::circles::{check_cadence, circle_name};
    pub(crate) use super::super::interactions::check_value_item;
    pub(crate) use super::super::posts::{check_post, check_reaction};
    pub(crate) use super::super::settings::check_setting;
}

/// A refusal by the schema (a constraint), named by the record that caused it instead of
/// SQLite's own text; any other error as it was.
pub(crate) fn clash(e: Error, record: impl std::fmt::Display) -> Error {
    match &e {
        Error::Sqlite(s) if s.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) => {
            Error::BadInput(crate::Reason::ImportClash { record: record.to_string() })
        }
        _ => e,
    }
}

/// Which of a live contact's match keys a value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyKind {
    Name,
    Email,
    Link,
    Phone,
}

/// What a new contact keeps of another database: its id, archived flag and timestamps in a
/// restore; otherwise a new id, not archived, created and updated now.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ContactRow {
    pub id: Option<ContactId>,
    pub archived: bool,
    pub created_at: Secs,
    pub updated_at: Secs,
}

impl Store {
    /// Reads for an import's preview.
    pub(crate) fn import_reader(&self) -> ImportReader<'_> {
        ImportReader::new(&self.conn)
    }

    /// Runs `work` on one read snapshot (a read transaction, which takes no lock from writers),
    /// and returns with its result the data's token at that snapshot: the write transaction can
    /// then tell whether anything was written since. Inside an outer transaction there is no
    /// snapshot of its own to give, and no token.
    pub(crate) fn import_snapshot<T>(
        &self,
        work: impl FnOnce(&mut ImportReader<'_>) -> Result<T>,
    ) -> Result<(T, Option<i64>)> {
        if !self.conn.is_autocommit() {
            return Ok((work(&mut ImportReader::new(&self.conn))?, None));
        }
        self.conn.execute_batch("BEGIN DEFERRED")?;
        let read = crate::db::data_token(&self.conn)
            .and_then(|token| Ok((work(&mut ImportReader::new(&self.conn))?, Some(token))));
        // A read transaction writes nothing: ending it only lets the snapshot go.
        let ended = self.conn.execute_batch("COMMIT");
        let value = read?;
        ended?;
        Ok(value)
    }
}

/// The queries matching needs, each prepared once: a check runs once per incoming row.
pub(crate) struct ImportReader<'c> {
    conn: &'c Connection,
    interaction_at: Option<Statement<'c>>,
    post: Option<Statement<'c>>,
    post_by_url: Option<Statement<'c>>,
    comment: Option<Statement<'c>>,
    comment_reply: Option<Statement<'c>>,
    by_source: Option<Statement<'c>>,
    unkeyed_at: Option<Statement<'c>>,
}

impl<'c> ImportReader<'c> {
    fn new(conn: &'c Connection) -> ImportReader<'c> {
        ImportReader {
            conn,
            interaction_at: None,
            post: None,
            post_by_url: None,
            comment: None,
            comment_reply: None,
            by_source: None,
            unkeyed_at: None,
        }
    }

    /// Every name, email, link and phone of the contacts not merged away, as `(kind, contact,
    /// value)`: the names first, then each kind in contact order, so that the first contact to
    /// hold a key keeps it.
    pub(crate) fn live_contact_keys(&self, mut each: impl FnMut(KeyKind, ContactId, String)) -> Result<()> {
        let names = "SELECT id, display_name FROM contacts WHERE merged_into IS NULL ORDER BY id".to_owned();
        let of = |table: &str, column: &str| {
            format!(
                "SELECT t.contact_id, t.{column} FROM {table} t JOIN contacts c ON c.id = t.contact_id
                 WHERE c.merged_into IS NULL ORDER BY t.contact_id"
            )
        };
        for (kind, sql) in [
            (KeyKind::Name, names),
            (KeyKind::Email, of("contact_emails", "email")),
            (KeyKind::Link, of("contact_links", "url")),
            (KeyKind::Phone, of("contact_phones", "phone")),
        ] {
            let mut stmt = self.conn.prepare(&sql)?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                each(kind, r.get(0)?, r.get(1)?);
            }
        }
        Ok(())
    }

    /// A contact's fields with its emails, phones, links and circles.
    pub(crate) fn contact_fields(&self, id: ContactId) -> Result<ContactFields> {
        Ok(read_contact(self.conn, id)?.fields)
    }

    /// True when `contact` already took part in an interaction on `channel` at exactly `at`.
    pub(crate) fn has_interaction_at(&mut self, at: Secs, channel: Channel, contact: ContactId) -> Result<bool> {
        let sql =
            "SELECT EXISTS (SELECT 1 FROM interactions i JOIN interaction_participants p ON p.interaction_id = i.id
                                  WHERE i.occurred_at = ?1 AND i.channel = ?2 AND p.contact_id = ?3)";
        Ok(statement(self.conn, &mut self.interaction_at, sql)?
            .query_row(params![at, channel, contact], |r| r.get(0))?)
    }

    /// The interaction a source key names (`email:` and a Message-ID), with its time.
    pub(crate) fn interaction_by_source(&mut self, key: &str) -> Result<Option<(InteractionId, Secs)>> {
        let sql = "SELECT s.interaction_id, i.occurred_at FROM interaction_sources s
                     JOIN interactions i ON i.id = s.interaction_id WHERE s.key = ?1";
        Ok(statement(self.conn, &mut self.by_source, sql)?
            .query_row([key], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// [`Self::has_interaction_at`] among the interactions with no source key: those logged by
    /// hand or imported before keys were kept (schema version 6), which a message with a key
    /// may be; one with another key is another message.
    pub(crate) fn has_unkeyed_interaction_at(
        &mut self,
        at: Secs,
        channel: Channel,
        contact: ContactId,
    ) -> Result<bool> {
        let sql =
            "SELECT EXISTS (SELECT 1 FROM interactions i JOIN interaction_participants p ON p.interaction_id = i.id
                                  WHERE i.occurred_at = ?1 AND i.channel = ?2 AND p.contact_id = ?3
                                    AND NOT EXISTS (SELECT 1 FROM interaction_sources s WHERE s.interaction_id = i.id))";
        Ok(statement(self.conn, &mut self.unkeyed_at, sql)?.query_row(params![at, channel, contact], |r| r.get(0))?)
    }

    /// True when a post on `platform` at `at` with this title exists (both already trimmed).
    pub(crate) fn post_exists(&mut self, platform: &str, at: Secs, title: &str) -> Result<bool> {
        let sql = "SELECT EXISTS (SELECT 1 FROM posts WHERE platform = ?1 AND posted_at = ?2 AND title = ?3)";
        Ok(statement(self.conn, &mut self.post, sql)?.query_row(params![platform, at, title], |r| r.get(0))?)
    }

    /// The post on `platform` that a blog export names: by its URL when it has one, else by its
    /// time and title.
    pub(crate) fn post_id(
        &mut self,
        platform: &str,
        url: Option<&str>,
        at: Secs,
        title: &str,
    ) -> Result<Option<PostId>> {
        let sql = "SELECT id FROM posts WHERE platform = ?1
                     AND (url = ?2 OR (?2 IS NULL AND posted_at = ?3 AND title = ?4)) ORDER BY id LIMIT 1";
        Ok(statement(self.conn, &mut self.post_by_url, sql)?
            .query_row(params![platform, url, at, title], |r| r.get(0))
            .optional()?)
    }

    /// The comment `contact` left on `post` at `at`, if it is there.
    pub(crate) fn comment_id(&mut self, post: PostId, contact: ContactId, at: Secs) -> Result<Option<ReactionId>> {
        let sql = "SELECT id FROM reactions WHERE post_id = ?1 AND contact_id = ?2 AND kind = 'comment'
                     AND reacted_at = ?3 ORDER BY id LIMIT 1";
        Ok(statement(self.conn, &mut self.comment, sql)?
            .query_row(params![post, contact, at], |r| r.get(0))
            .optional()?)
    }

    /// My reply at `at` to the comment `reaction`, if it is there.
    pub(crate) fn comment_reply_id(&mut self, reaction: ReactionId, at: Secs) -> Result<Option<InteractionId>> {
        let sql = "SELECT id FROM interactions WHERE replies_to_reaction = ?1 AND occurred_at = ?2
                     AND initiated_by = 'me' ORDER BY id LIMIT 1";
        Ok(statement(self.conn, &mut self.comment_reply, sql)?
            .query_row(params![reaction, at], |r| r.get(0))
            .optional()?)
    }

    /// True when the database holds none of what an export carries: a JSON import into it is
    /// an exact restore.
    /// The generator's question too (`bulk::blank`): value items need a contact, so no contact,
    /// circle, interaction or post means none of them either.
    pub(crate) fn holds_nothing(&self) -> Result<bool> {
        blank(self.conn)
    }
}

/// The statements of the writes, each prepared on its first use and kept until the
/// transaction ends.
#[derive(Default)]
struct Prepared<'c> {
    touch: Option<Statement<'c>>,
    standalone_item: Option<Statement<'c>>,
    circle: Option<Statement<'c>>,
    circle_cadence: Option<Statement<'c>>,
    post: Option<Statement<'c>>,
    reaction: Option<Statement<'c>>,
    setting_replace: Option<Statement<'c>>,
    setting_keep: Option<Statement<'c>>,
}

/// Writes what an import changes row by row, inside the transaction [`Store::import_move`]
/// opened. `id` arguments keep a restored row's id; `None` gives a new one.
pub(crate) struct ImportWriter<'c> {
    conn: &'c Connection,
    reads: ImportReader<'c>,
    prepared: Prepared<'c>,
}

impl<'c> ImportWriter<'c> {
    fn new(conn: &'c Connection) -> ImportWriter<'c> {
        ImportWriter { conn, reads: ImportReader::new(conn), prepared: Prepared::default() }
    }

    /// The reads, inside this transaction.
    pub(crate) fn reads(&mut self) -> &mut ImportReader<'c> {
        &mut self.reads
    }

    /// Replaces an existing contact's fields (merged by the importer) and marks it updated at `at`.
    pub(crate) fn update_contact(&mut self, id: ContactId, f: &ContactFields, at: Secs) -> Result<()> {
        let sql = "UPDATE contacts SET updated_at = ?2 WHERE id = ?1";
        statement(self.conn, &mut self.prepared.touch, sql)?.execute(params![id, at])?;
        record_fact_changes(self.conn, id, f, at)?;
        write_fields(self.conn, id, f)
    }

    /// One dated contact fact of a restored export, as it was.
    /// Links a restored interaction to the comment it replies to (both restored with their ids).
    pub(crate) fn comment_reply(&mut self, interaction: InteractionId, reaction: ReactionId) -> Result<()> {
        self.conn.execute(
            // A comment left out of the import (its contact was) leaves the reply unlinked.
            "UPDATE interactions SET replies_to_reaction = ?2
             WHERE id = ?1 AND EXISTS (SELECT 1 FROM reactions WHERE id = ?2)",
            rusqlite::params![interaction, reaction],
        )?;
        Ok(())
    }

    pub(crate) fn fact_change(
        &mut self,
        c: ContactId,
        fact: ContactFact,
        value: Option<u32>,
        since: Option<Secs>,
    ) -> Result<()> {
        insert_fact_change(self.conn, c, fact, value, since)
    }

    /// A value item of no interaction, unless the contact already has one of the same direction
    /// and kind at the same time. `v.interaction` is ignored.
    pub(crate) fn standalone_value_item(&mut self, id: Option<ValueItemId>, v: &BulkValueItem<'_>) -> Result<()> {
        let sql = "INSERT INTO value_items (id, contact_id, interaction_id, direction, kind, weight, note, occurred_at)
                   SELECT ?1, ?2, NULL, ?3, ?4, ?5, ?6, ?7
                   WHERE NOT EXISTS (SELECT 1 FROM value_items WHERE contact_id = ?2 AND interaction_id IS NULL
                                       AND direction = ?3 AND kind = ?4 AND occurred_at = ?7)";
        statement(self.conn, &mut self.prepared.standalone_item, sql)?.execute(params![
            id,
            v.contact,
            v.direction,
            v.kind,
            v.weight,
            v.note,
            v.at
        ])?;
        Ok(())
    }

    /// A circle with its id kept (a restore, before any contact joins it by name).
    pub(crate) fn circle(
        &mut self,
        id: CircleId,
        name: &str,
        cadence_days: Option<u32>,
        created_at: Secs,
    ) -> Result<()> {
        let sql = "INSERT INTO circles (id, name, cadence_days, created_at) VALUES (?1, ?2, ?3, ?4)";
        statement(self.conn, &mut self.prepared.circle, sql)?.execute(params![id, name, cadence_days, created_at])?;
        Ok(())
    }

    /// The circle called `name`, created when missing, gets `cadence_days` unless it has one.
    pub(crate) fn circle_cadence_unless_set(&mut self, name: &str, cadence_days: Option<u32>) -> Result<()> {
        // By SQLite's NOCASE, as an edit would find it: the cache folds non-ASCII case too.
        let id = circle_id_creating(self.conn, name)?;
        let sql = "UPDATE circles SET cadence_days = coalesce(cadence_days, ?2) WHERE id = ?1";
        statement(self.conn, &mut self.prepared.circle_cadence, sql)?.execute(params![id, cadence_days])?;
        Ok(())
    }

    pub(crate) fn post(&mut self, id: Option<PostId>, p: &BulkPost<'_>, created_at: Secs) -> Result<PostId> {
        let sql = "INSERT INTO posts (id, platform, posted_at, utc_offset_min, title, url, created_at)
                   VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
        statement(self.conn, &mut self.prepared.post, sql)?.execute(params![
            id,
            p.platform,
            p.at,
            p.utc_offset_min,
            p.title,
            p.url,
            created_at
        ])?;
        Ok(PostId(self.conn.last_insert_rowid()))
    }

    pub(crate) fn reaction(&mut self, id: Option<ReactionId>, r: &BulkReaction<'_>) -> Result<()> {
        let sql =
            "INSERT INTO reactions (id, post_id, contact_id, kind, count, reacted_at, comment, replied, replied_at)
                   VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
        statement(self.conn, &mut self.prepared.reaction, sql)?.execute(params![
            id,
            r.post,
            r.contact,
            r.kind,
            r.count,
            r.at,
            r.comment,
            r.replied,
            r.replied_at
        ])?;
        Ok(())
    }

    /// A setting as its JSON text: replacing the one there, or only when none is set yet.
    pub(crate) fn setting(&mut self, key: &str, json: &str, replace: bool) -> Result<()> {
        let stmt = if replace {
            let sql = "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)";
            statement(self.conn, &mut self.prepared.setting_replace, sql)?
        } else {
            let sql = "INSERT OR IGNORE INTO settings (key, value) VALUES (?1, ?2)";
            statement(self.conn, &mut self.prepared.setting_keep, sql)?
        };
        stmt.execute(params![key, json])?;
        Ok(())
    }
}

/// A contact a staged row names: one already in the database, or one this import creates
/// (by its incoming index).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum StagedContact {
    Existing(ContactId),
    New(usize),
}

impl StagedContact {
    fn columns(self) -> (Option<ContactId>, Option<i64>) {
        match self {
            StagedContact::Existing(id) => (Some(id), None),
            StagedContact::New(i) => (None, Some(i as i64)),
        }
    }
}

/// A post a staged comment is on: already in the database, or new (by its incoming index).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StagedPost {
    Existing(PostId),
    New(usize),
}

/// A comment a staged reply answers: already in the database, or staged (by its staging seq).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StagedReaction {
    Existing(ReactionId),
    New(usize),
}

/// The staging tables: in the connection's private `temp` schema, which no other connection
/// sees and whose writes take no lock on the database. They go with the connection, so a crash
/// leaves nothing behind. (An encrypted build keeps `temp` in memory, so no plain copy of the
/// rows reaches the disk.)
const STAGING: &str = "
    DROP TABLE IF EXISTS temp.import_contacts;
    DROP TABLE IF EXISTS temp.import_contact_values;
    DROP TABLE IF EXISTS temp.import_circle_ids;
    DROP TABLE IF EXISTS temp.import_interactions;
    DROP TABLE IF EXISTS temp.import_people;
    DROP TABLE IF EXISTS temp.import_value_items;
    DROP TABLE IF EXISTS temp.import_questions;
    DROP TABLE IF EXISTS temp.import_posts;
    DROP TABLE IF EXISTS temp.import_reactions;
    DROP TABLE IF EXISTS temp.import_sources;
    DROP TABLE IF EXISTS temp.import_counts;
    CREATE TEMP TABLE import_counts (new_contacts INTEGER NOT NULL, new_interactions INTEGER NOT NULL,
        first_restored_contact INTEGER, last_restored_contact INTEGER, first_restored_interaction INTEGER,
        last_restored_interaction INTEGER);
    CREATE TEMP TABLE import_contacts (seq INTEGER PRIMARY KEY, k INTEGER, id INTEGER, display_name, given_name,
        family_name, nickname, company, role, location, how_met, met_on, birthday, closeness, is_kin, notes,
        cadence_days, archived, created_at, updated_at);
    CREATE TEMP TABLE import_contact_values (n INTEGER PRIMARY KEY, seq INTEGER NOT NULL, kind INTEGER NOT NULL,
        value, label);
    CREATE TEMP TABLE import_circle_ids (name TEXT PRIMARY KEY, id INTEGER NOT NULL);
    CREATE TEMP TABLE import_interactions (seq INTEGER PRIMARY KEY, k INTEGER, id INTEGER, occurred_at,
        utc_offset_min, channel, initiated_by, duration_min, summary, created_at, initiator_existing INTEGER,
        initiator_new_seq INTEGER, reply_seq INTEGER, reaction_existing INTEGER, reaction_seq INTEGER,
        answers_existing INTEGER, reply_existing INTEGER);
    CREATE INDEX temp.import_interactions_by_reply_existing ON import_interactions(reply_existing)
        WHERE reply_existing IS NOT NULL;
    CREATE TEMP TABLE import_sources (key TEXT PRIMARY KEY, seq INTEGER NOT NULL);
    CREATE TEMP TABLE import_people (n INTEGER PRIMARY KEY, interaction_seq INTEGER NOT NULL, existing INTEGER,
        new_seq INTEGER);
    CREATE TEMP TABLE import_value_items (n INTEGER PRIMARY KEY, id INTEGER, interaction_seq INTEGER NOT NULL,
        existing INTEGER, new_seq INTEGER, direction, kind, weight, note, occurred_at);
    CREATE TEMP TABLE import_questions (n INTEGER PRIMARY KEY, id INTEGER, existing INTEGER, new_seq INTEGER,
        asked_in_seq INTEGER NOT NULL, asked_by, text, answered_in_seq INTEGER);
    CREATE TEMP TABLE import_posts (seq INTEGER PRIMARY KEY, k INTEGER NOT NULL, platform, posted_at,
        utc_offset_min, title, url, created_at);
    CREATE TEMP TABLE import_reactions (seq INTEGER PRIMARY KEY, k INTEGER NOT NULL, post_existing INTEGER,
        post_seq INTEGER, existing INTEGER, new_seq INTEGER, reacted_at);";

const UNSTAGING: &str = "
    DROP TABLE IF EXISTS temp.import_contacts;
    DROP TABLE IF EXISTS temp.import_contact_values;
    DROP TABLE IF EXISTS temp.import_circle_ids;
    DROP TABLE IF EXISTS temp.import_interactions;
    DROP TABLE IF EXISTS temp.import_people;
    DROP TABLE IF EXISTS temp.import_value_items;
    DROP TABLE IF EXISTS temp.import_questions;
    DROP TABLE IF EXISTS temp.import_posts;
    DROP TABLE IF EXISTS temp.import_reactions;
    DROP TABLE IF EXISTS temp.import_sources;
    DROP TABLE IF EXISTS temp.import_counts;";

/// The kinds of `import_contact_values`.
const EMAIL: i64 = 0;
const PHONE: i64 = 1;
const LINK: i64 = 2;
const CIRCLE: i64 = 3;

/// After [`MOVE_REST`]: who started each group interaction and what each replies to (issue 13),
/// once every interaction has its id: an interaction of this import, or one already there (a
/// message of an earlier import, found by its source key), whose open questions a reply from
/// the other side answers, for the participants they share, as a reply within one file does.
/// Then each new interaction's source keys.
/// One pass over the staged links, each interaction found by its id (a subquery matching on the
/// computed id would read every staged interaction for each one updated).
const MOVE_THREADS: &str = "
    UPDATE interactions SET initiator_id = s.initiator, in_reply_to = s.reply
      FROM (SELECT coalesce(i.id, ?2 + i.k) AS iid,
                   coalesce(i.initiator_existing, c.id, ?1 + c.k) AS initiator,
                   coalesce(r.id, ?2 + r.k, i.reply_existing) AS reply
            FROM temp.import_interactions i
              LEFT JOIN temp.import_contacts c ON c.seq = i.initiator_new_seq
              LEFT JOIN temp.import_interactions r ON r.seq = i.reply_seq
            WHERE i.initiator_existing IS NOT NULL OR i.initiator_new_seq IS NOT NULL
              OR i.reply_seq IS NOT NULL OR i.reply_existing IS NOT NULL) AS s
      WHERE interactions.id = s.iid;
    UPDATE questions SET answered_in = (
        SELECT min(coalesce(i.id, ?2 + i.k)) FROM temp.import_interactions i
          JOIN interaction_participants p ON p.interaction_id = coalesce(i.id, ?2 + i.k)
        WHERE i.reply_existing = questions.asked_in AND i.initiated_by <> questions.asked_by
          AND p.contact_id = questions.contact_id)
      WHERE answered_in IS NULL
        AND asked_in IN (SELECT reply_existing FROM temp.import_interactions WHERE reply_existing IS NOT NULL);
    INSERT INTO interaction_sources (key, interaction_id)
      SELECT s.key, coalesce(i.id, ?2 + i.k) FROM temp.import_sources s
        JOIN temp.import_interactions i ON i.seq = s.seq
      ORDER BY s.key;";

/// The final move: every staged row into its table, by a few `INSERT … SELECT`, no Rust between
/// rows. New rows get the ids after the largest there (as SQLite gives them: `?1 + k`, `?2 + k`
/// for the k-th new contact or interaction), unless a restore kept theirs. In parts:
/// [`MOVE_EMAILS`] and [`MOVE_CONTACTS`], in either order (see [`Store::import_move`]), then
/// [`MOVE_REST`] and [`MOVE_THREADS`].
const MOVE_EMAILS: &str = "
    INSERT INTO contact_emails (contact_id, email, label)
      SELECT coalesce(c.id, ?1 + c.k), v.value, v.label
      FROM temp.import_contact_values v JOIN temp.import_contacts c ON c.seq = v.seq
      WHERE v.kind = 0 ORDER BY v.n;";

const MOVE_CONTACTS: &str = "
    INSERT INTO contacts (id, display_name, given_name, family_name, nickname, company, role, location, how_met,
        met_on, birthday, closeness, is_kin, notes, cadence_days, archived, created_at, updated_at)
      SELECT coalesce(id, ?1 + k), display_name, given_name, family_name, nickname, company, role, location,
        how_met, met_on, birthday, closeness, is_kin, notes, cadence_days, archived, created_at, updated_at
      FROM temp.import_contacts ORDER BY seq;";

const MOVE_REST: &str = "
    INSERT INTO contact_phones (contact_id, phone, label)
      SELECT coalesce(c.id, ?1 + c.k), v.value, v.label
      FROM temp.import_contact_values v JOIN temp.import_contacts c ON c.seq = v.seq
      WHERE v.kind = 1 ORDER BY v.n;
    INSERT INTO contact_links (contact_id, url, label)
      SELECT coalesce(c.id, ?1 + c.k), v.value, v.label
      FROM temp.import_contact_values v JOIN temp.import_contacts c ON c.seq = v.seq
      WHERE v.kind = 2 ORDER BY v.n;
    INSERT OR IGNORE INTO contact_circles (contact_id, circle_id)
      SELECT coalesce(c.id, ?1 + c.k), m.id
      FROM temp.import_contact_values v JOIN temp.import_contacts c ON c.seq = v.seq
        JOIN temp.import_circle_ids m ON m.name = v.value
      WHERE v.kind = 3 ORDER BY v.n;
    INSERT INTO interactions (id, occurred_at, utc_offset_min, channel, initiated_by, duration_min, summary,
        created_at)
      SELECT coalesce(id, ?2 + k), occurred_at, utc_offset_min, channel, initiated_by, duration_min, summary,
        created_at
      FROM temp.import_interactions ORDER BY seq;
    INSERT OR IGNORE INTO interaction_participants (interaction_id, contact_id)
      SELECT coalesce(i.id, ?2 + i.k), coalesce(p.existing, c.id, ?1 + c.k) FROM temp.import_people p
        JOIN temp.import_interactions i ON i.seq = p.interaction_seq
        LEFT JOIN temp.import_contacts c ON c.seq = p.new_seq
      ORDER BY p.n;
    INSERT INTO value_items (id, contact_id, interaction_id, direction, kind, weight, note, occurred_at)
      SELECT v.id, coalesce(v.existing, c.id, ?1 + c.k), coalesce(i.id, ?2 + i.k), v.direction, v.kind, v.weight,
        v.note, v.occurred_at
      FROM temp.import_value_items v JOIN temp.import_interactions i ON i.seq = v.interaction_seq
        LEFT JOIN temp.import_contacts c ON c.seq = v.new_seq
      ORDER BY v.n;
    INSERT INTO questions (id, contact_id, asked_in, asked_by, text, answered_in)
      SELECT q.id, coalesce(q.existing, c.id, ?1 + c.k), coalesce(i.id, ?2 + i.k), q.asked_by, q.text,
        coalesce(a.id, ?2 + a.k)
      FROM temp.import_questions q JOIN temp.import_interactions i ON i.seq = q.asked_in_seq
        LEFT JOIN temp.import_contacts c ON c.seq = q.new_seq
        LEFT JOIN temp.import_interactions a ON a.seq = q.answered_in_seq
      ORDER BY q.n;";

/// After [`MOVE_THREADS`]: a blog export's new posts and comments, my replies linked to the
/// comments they answer, a commenter's answer to a reply of mine already there linked to it (and
/// closing its open questions), and each comment replied to marked so at its earliest reply (as
/// `Store::reply_to_comment` marks it). New posts and reactions get the ids after the largest
/// there (`?3 + k`, `?4 + k`).
const MOVE_POSTS: &str = "
    INSERT INTO posts (id, platform, posted_at, utc_offset_min, title, url, created_at)
      SELECT ?3 + k, platform, posted_at, utc_offset_min, title, url, created_at
      FROM temp.import_posts ORDER BY seq;
    INSERT INTO reactions (id, post_id, contact_id, kind, count, reacted_at, replied, replied_at)
      SELECT ?4 + r.k, coalesce(r.post_existing, ?3 + p.k), coalesce(r.existing, c.id, ?1 + c.k), 'comment', 1,
        r.reacted_at, 0, NULL
      FROM temp.import_reactions r LEFT JOIN temp.import_posts p ON p.seq = r.post_seq
        LEFT JOIN temp.import_contacts c ON c.seq = r.new_seq
      ORDER BY r.seq;
    UPDATE interactions SET replies_to_reaction = s.rid
      FROM (SELECT coalesce(i.id, ?2 + i.k) AS iid, coalesce(i.reaction_existing, ?4 + r.k) AS rid
            FROM temp.import_interactions i LEFT JOIN temp.import_reactions r ON r.seq = i.reaction_seq
            WHERE i.reaction_existing IS NOT NULL OR i.reaction_seq IS NOT NULL) AS s
      WHERE interactions.id = s.iid;
    UPDATE interactions SET in_reply_to = s.earlier
      FROM (SELECT coalesce(i.id, ?2 + i.k) AS iid, i.answers_existing AS earlier
            FROM temp.import_interactions i WHERE i.answers_existing IS NOT NULL) AS s
      WHERE interactions.id = s.iid;
    -- `+` keeps SQLite off the index of unanswered questions: driven by it, the update read every
    -- staged answer for each open question (minutes for a 100,000-message mbox, issue 16).
    UPDATE questions SET answered_in = s.iid
      FROM (SELECT coalesce(i.id, ?2 + i.k) AS iid, i.answers_existing AS earlier
            FROM temp.import_interactions i WHERE i.answers_existing IS NOT NULL) AS s
      WHERE questions.asked_in = s.earlier AND questions.asked_by = 'me' AND +questions.answered_in IS NULL;
    UPDATE reactions SET replied = 1, replied_at = min(coalesce(reactions.replied_at, s.first), s.first)
      FROM (SELECT replies_to_reaction AS rid, min(occurred_at) AS first FROM interactions
            WHERE id > ?2 AND replies_to_reaction IS NOT NULL GROUP BY replies_to_reaction) AS s
      WHERE reactions.id = s.rid;";

/// How many staged rows name an existing contact that is not there (the foreign keys' check,
/// for a move made with them off: the new rows name only rows the move itself wrote).
const MISSING_CONTACTS: &str = "
    SELECT (SELECT count(*) FROM temp.import_people p WHERE p.existing IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM contacts WHERE id = p.existing))
         + (SELECT count(*) FROM temp.import_value_items v WHERE v.existing IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM contacts WHERE id = v.existing))
         + (SELECT count(*) FROM temp.import_questions q WHERE q.existing IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM contacts WHERE id = q.existing))
         + (SELECT count(*) FROM temp.import_interactions i WHERE i.initiator_existing IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM contacts WHERE id = i.initiator_existing))
         + (SELECT count(*) FROM temp.import_reactions r WHERE r.existing IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM contacts WHERE id = r.existing))";

/// The statements of the staging writes.
#[derive(Default)]
struct StagePrepared<'c> {
    contact: Option<Statement<'c>>,
    value: Option<Statement<'c>>,
    interaction: Option<Statement<'c>>,
    person: Option<Statement<'c>>,
    value_item: Option<Statement<'c>>,
    question: Option<Statement<'c>>,
    post: Option<Statement<'c>>,
    reaction: Option<Statement<'c>>,
    source: Option<Statement<'c>>,
}

/// Writes an import's rows into the staging tables, where nothing reads them, before the
/// write lock is taken; [`Store::import_move`] then moves them into place in one transaction.
pub(crate) struct Stager<'c> {
    conn: &'c Connection,
    prepared: StagePrepared<'c>,
    /// New contacts and interactions staged so far: the next one's rank among the new ids.
    contacts: i64,
    interactions: i64,
    /// New posts and reactions staged so far (a blog export's).
    posts: i64,
    reactions: i64,
    /// The smallest and largest id a restore keeps, of the contacts and of the interactions.
    restored_contacts: Option<(i64, i64)>,
    restored_interactions: Option<(i64, i64)>,
    /// Each circle named, by its lower-cased name: the spelling it is created under (the first
    /// seen), so two spellings of one circle make one circle.
    circles: HashMap<String, String>,
}

impl<'c> Stager<'c> {
    /// A new contact (the incoming record `seq`): `row.id` keeps a restored id.
    pub(crate) fn contact(&mut self, seq: usize, f: &ContactFields, row: ContactRow) -> Result<()> {
        let rank = row.id.is_none().then(|| {
            self.contacts += 1;
            self.contacts
        });
        widen(&mut self.restored_contacts, row.id.map(|id| id.0));
        let sql = "INSERT INTO temp.import_contacts (seq, k, id, display_name, given_name, family_name, nickname,
                       company, role, location, how_met, met_on, birthday, closeness, is_kin, notes, cadence_days,
                       archived, created_at, updated_at)
                   VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)";
        statement(self.conn, &mut self.prepared.contact, sql)?.execute(params![
            seq as i64,
            rank,
            row.id,
            f.display_name,
            f.given_name,
            f.family_name,
            f.nickname,
            f.company,
            f.role,
            f.location,
            f.how_met,
            f.met_on,
            f.birthday,
            f.closeness,
            f.is_kin,
            f.notes,
            f.cadence_days,
            row.archived,
            row.created_at,
            row.updated_at,
        ])?;
        let sql = "INSERT INTO temp.import_contact_values (seq, kind, value, label) VALUES (?1, ?2, ?3, ?4)";
        let value = statement(self.conn, &mut self.prepared.value, sql)?;
        for (kind, items) in [(EMAIL, &f.emails), (PHONE, &f.phones), (LINK, &f.links)] {
            for item in items {
                value.execute(params![seq as i64, kind, item.value, item.label])?;
            }
        }
        for name in &f.circles {
            let spelling = self.circles.entry(name.to_lowercase()).or_insert_with(|| name.clone());
            value.execute(params![seq as i64, CIRCLE, &*spelling, None::<String>])?;
        }
        Ok(())
    }

    /// An interaction (the incoming record `seq`) and its participants, each once.
    pub(crate) fn interaction(
        &mut self,
        seq: usize,
        id: Option<InteractionId>,
        i: &BulkInteraction<'_>,
        people: &[StagedContact],
        initiator: Option<StagedContact>,
    ) -> Result<()> {
        let rank = id.is_none().then(|| {
            self.interactions += 1;
            self.interactions
        });
        widen(&mut self.restored_interactions, id.map(|id| id.0));
        let (initiator_existing, initiator_new_seq) = initiator.map_or((None, None), |c| c.columns());
        let sql = "INSERT INTO temp.import_interactions (seq, k, id, occurred_at, utc_offset_min, channel,
                       initiated_by, duration_min, summary, created_at, initiator_existing, initiator_new_seq)
                   VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
        statement(self.conn, &mut self.prepared.interaction, sql)?.execute(params![
            seq as i64,
            rank,
            id,
            i.at,
            i.utc_offset_min,
            i.channel,
            i.initiated_by,
            i.duration_min,
            i.summary,
            i.created_at,
            initiator_existing,
            initiator_new_seq
        ])?;
        let sql = "INSERT INTO temp.import_people (interaction_seq, existing, new_seq) VALUES (?1, ?2, ?3)";
        let person = statement(self.conn, &mut self.prepared.person, sql)?;
        for p in people {
            let (existing, new_seq) = p.columns();
            person.execute(params![seq as i64, existing, new_seq])?;
        }
        Ok(())
    }

    /// Links the staged interaction `seq` to the earlier staged `earlier` it replies to (nothing
    /// when that one was not staged: already there, or with nobody known).
    pub(crate) fn reply(&mut self, seq: usize, earlier: usize) -> Result<()> {
        self.conn.execute(
            "UPDATE temp.import_interactions SET reply_seq = ?2
             WHERE seq = ?1 AND EXISTS (SELECT 1 FROM temp.import_interactions WHERE seq = ?2)",
            params![seq as i64, earlier as i64],
        )?;
        Ok(())
    }

    /// Makes the staged interaction `seq` reply to `earlier`, already in the database (a message
    /// of an earlier import), and answer its open questions from the other side.
    pub(crate) fn reply_existing(&mut self, seq: usize, earlier: InteractionId) -> Result<()> {
        self.conn.execute(
            "UPDATE temp.import_interactions SET reply_existing = ?2 WHERE seq = ?1",
            params![seq as i64, earlier],
        )?;
        Ok(())
    }

    /// A key of where the staged interaction `seq` came from; the importer gives each key once.
    pub(crate) fn source_key(&mut self, seq: usize, key: &str) -> Result<()> {
        let sql = "INSERT INTO temp.import_sources (key, seq) VALUES (?1, ?2)";
        statement(self.conn, &mut self.prepared.source, sql)?.execute(params![key, seq as i64])?;
        Ok(())
    }

    /// A new post (the incoming post `seq`).
    pub(crate) fn post(&mut self, seq: usize, p: &BulkPost<'_>, created_at: Secs) -> Result<()> {
        self.posts += 1;
        let sql = "INSERT INTO temp.import_posts (seq, k, platform, posted_at, utc_offset_min, title, url, created_at)
                   VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
        statement(self.conn, &mut self.prepared.post, sql)?.execute(params![
            seq as i64,
            self.posts,
            p.platform,
            p.at,
            p.utc_offset_min,
            p.title,
            p.url,
            created_at
        ])?;
        Ok(())
    }

    /// A new comment (reaction `seq`) by `contact` on a post, at `at`.
    pub(crate) fn comment(&mut self, seq: usize, post: StagedPost, contact: StagedContact, at: Secs) -> Result<()> {
        self.reactions += 1;
        let (post_existing, post_seq) = match post {
            StagedPost::Existing(id) => (Some(id), None),
            StagedPost::New(s) => (None, Some(s as i64)),
        };
        let (existing, new_seq) = contact.columns();
        let sql = "INSERT INTO temp.import_reactions (seq, k, post_existing, post_seq, existing, new_seq, reacted_at)
                   VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
        statement(self.conn, &mut self.prepared.reaction, sql)?.execute(params![
            seq as i64,
            self.reactions,
            post_existing,
            post_seq,
            existing,
            new_seq,
            at
        ])?;
        Ok(())
    }

    /// Links the staged interaction `seq` (my reply) to the comment it replies to.
    pub(crate) fn replies_to_comment(&mut self, seq: usize, comment: StagedReaction) -> Result<()> {
        let (existing, staged) = match comment {
            StagedReaction::Existing(id) => (Some(id), None),
            StagedReaction::New(s) => (None, Some(s as i64)),
        };
        self.conn.execute(
            "UPDATE temp.import_interactions SET reaction_existing = ?2, reaction_seq = ?3 WHERE seq = ?1",
            params![seq as i64, existing, staged],
        )?;
        Ok(())
    }

    /// Makes the staged interaction `seq` (a commenter's answer) reply to my reply `earlier`,
    /// already in the database, and answer its open questions.
    pub(crate) fn answers_existing(&mut self, seq: usize, earlier: InteractionId) -> Result<()> {
        self.conn.execute(
            "UPDATE temp.import_interactions SET answers_existing = ?2 WHERE seq = ?1",
            params![seq as i64, earlier],
        )?;
        Ok(())
    }

    /// A value item of the staged interaction `interaction_seq`.
    pub(crate) fn value_item(
        &mut self,
        id: Option<ValueItemId>,
        interaction_seq: usize,
        contact: StagedContact,
        v: &BulkValueItem<'_>,
    ) -> Result<()> {
        let sql = "INSERT INTO temp.import_value_items (id, interaction_seq, existing, new_seq, direction, kind,
                       weight, note, occurred_at)
                   VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
        let (existing, new_seq) = contact.columns();
        statement(self.conn, &mut self.prepared.value_item, sql)?.execute(params![
            id,
            interaction_seq as i64,
            existing,
            new_seq,
            v.direction,
            v.kind,
            v.weight,
            v.note,
            v.at
        ])?;
        Ok(())
    }

    /// A question asked in the staged interaction `asked_in`, answered in `answered_in`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn question(
        &mut self,
        id: Option<QuestionId>,
        contact: StagedContact,
        asked_in: usize,
        asked_by: Party,
        text: &str,
        answered_in: Option<usize>,
    ) -> Result<()> {
        let sql = "INSERT INTO temp.import_questions (id, existing, new_seq, asked_in_seq, asked_by, text,
                       answered_in_seq)
                   VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
        let (existing, new_seq) = contact.columns();
        statement(self.conn, &mut self.prepared.question, sql)?.execute(params![
            id,
            existing,
            new_seq,
            asked_in as i64,
            asked_by,
            text,
            answered_in.map(|a| a as i64)
        ])?;
        Ok(())
    }
}

/// The smallest and largest id the move gives its new contacts and its new interactions (an
/// empty span, first above last, when there are none), after the largest ids there now: `?1 + k`
/// and `?2 + k` for the k-th new one, and those a restore keeps.
fn new_id_spans(conn: &Connection, contacts: i64, interactions: i64) -> Result<((i64, i64), (i64, i64))> {
    let counts = conn.query_row("SELECT * FROM temp.import_counts", [], |r| {
        Ok((
            (r.get::<_, i64>(0)?, r.get::<_, Option<i64>>(2)?, r.get::<_, Option<i64>>(3)?),
            (r.get::<_, i64>(1)?, r.get::<_, Option<i64>>(4)?, r.get::<_, Option<i64>>(5)?),
        ))
    })?;
    let span = |largest: i64, (new, first_kept, last_kept): (i64, Option<i64>, Option<i64>)| {
        let (mut first, mut last) = if new > 0 { (largest + 1, largest + new) } else { (i64::MAX, i64::MIN) };
        if let (Some(a), Some(b)) = (first_kept, last_kept) {
            (first, last) = (first.min(a), last.max(b));
        }
        (first, last)
    };
    Ok((span(contacts, counts.0), span(interactions, counts.1)))
}

/// Widens the span `seen` to take in `id`, when there is one.
fn widen(seen: &mut Option<(i64, i64)>, id: Option<i64>) {
    if let Some(id) = id {
        *seen = Some(seen.map_or((id, id), |(a, b)| (a.min(id), b.max(id))));
    }
}

/// What [`Store::import_move`] did.
pub(crate) struct Moved {
    /// How long the write lock was held.
    pub lock_held: std::time::Duration,
}

impl Store {
    /// Runs `work` with a [`Stager`] on fresh staging tables. Outside a transaction, the staging
    /// is one transaction of the `temp` schema alone, which takes no lock on the database:
    /// other connections write meanwhile. The staged rows stay for [`Store::import_move`] until
    /// the next staging or [`Store::import_unstage`].
    pub(crate) fn import_stage<T>(&self, work: impl FnOnce(&mut Stager<'_>) -> Result<T>) -> Result<T> {
        let own = self.conn.is_autocommit();
        if own {
            self.conn.execute_batch("BEGIN DEFERRED")?;
        }
        let staged = self.conn.execute_batch(STAGING).map_err(Error::from).and_then(|()| {
            let mut stager = Stager {
                conn: &self.conn,
                prepared: StagePrepared::default(),
                contacts: 0,
                interactions: 0,
                posts: 0,
                reactions: 0,
                restored_contacts: None,
                restored_interactions: None,
                circles: HashMap::new(),
            };
            let value = work(&mut stager)?;
            // What the move needs to tell the new rows' ids without reading every staged row.
            let (contacts, interactions) = (stager.restored_contacts, stager.restored_interactions);
            self.conn.execute(
                "INSERT INTO temp.import_counts VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    stager.contacts,
                    stager.interactions,
                    contacts.map(|r| r.0),
                    contacts.map(|r| r.1),
                    interactions.map(|r| r.0),
                    interactions.map(|r| r.1)
                ],
            )?;
            // The circles' ids are looked up (or the circles created) in the move.
            let names: Vec<String> = stager.circles.into_values().collect();
            let mut keep = self.conn.prepare("INSERT INTO temp.import_circle_ids (name, id) VALUES (?1, 0)")?;
            for name in names {
                keep.execute([name])?;
            }
            Ok(value)
        });
        if own {
            match &staged {
                Ok(_) => self.conn.execute_batch("COMMIT")?,
                Err(_) => {
                    let _ = self.conn.execute_batch("ROLLBACK");
                }
            }
        }
        if staged.is_err() {
            self.import_unstage();
        }
        staged
    }

    /// Drops the staging tables (nothing else reads them; a failure to drop them leaves them
    /// for the next staging, which drops them first).
    pub(crate) fn import_unstage(&self) {
        if self.conn.is_autocommit() {
            let _ = self.conn.execute_batch(UNSTAGING);
        }
    }

    /// Moves the staged rows into place in one write transaction, with `before` run first on
    /// an [`ImportWriter`] (a restore's circles, merges into existing contacts) and `after`
    /// last (a restore's posts and settings, which need the new contacts' ids): all of it or
    /// nothing. When `token` is given and the data's token is no longer it (something was
    /// written since the import was planned), nothing is written and `Ok(None)` says so.
    /// With `defer_search`, the new rows' search index is left owed ([`owe_search`]) for
    /// [`Store::index_owed_search`] to write once the move committed: the caller runs it.
    pub(crate) fn import_move<T>(
        &mut self,
        token: Option<i64>,
        want_ids: bool,
        defer_search: bool,
        before: impl FnOnce(&mut ImportWriter<'_>) -> Result<()>,
        after: impl FnOnce(&mut ImportWriter<'_>, &HashMap<usize, ContactId>) -> Result<T>,
    ) -> Result<Option<(T, Moved)>> {
        // Outside an outer transaction, the foreign keys are off for the move (this connection
        // only; a pragma cannot change inside a transaction): the emails can then go in before
        // their contacts, so that the search index reads each new contact once, its emails
        // included, instead of once more for every email (the triggers of schema v4). Checking
        // them deferred instead would scan every table that names a contact for each new one.
        // Not for a restore, whose posts and reactions are written row by row in the move.
        let emails_first = self.conn.is_autocommit() && !want_ids;
        if emails_first {
            self.conn.execute_batch("PRAGMA foreign_keys = OFF")?;
        }
        let moved = self.move_staged(token, want_ids, emails_first, defer_search, before, after);
        if emails_first {
            // Never left off: a failure here is the move's failure.
            if let Err(e) = self.conn.execute_batch("PRAGMA foreign_keys = ON") {
                self.import_unstage();
                return Err(e.into());
            }
        }
        self.import_unstage();
        moved
    }

    fn move_staged<T>(
        &mut self,
        token: Option<i64>,
        want_ids: bool,
        emails_first: bool,
        defer_search: bool,
        before: impl FnOnce(&mut ImportWriter<'_>) -> Result<()>,
        after: impl FnOnce(&mut ImportWriter<'_>, &HashMap<usize, ContactId>) -> Result<T>,
    ) -> Result<Option<(T, Moved)>> {
        let tx = write_tx(&mut self.conn)?;
        let locked = std::time::Instant::now();
        if let Some(token) = token {
            if crate::db::data_token(&tx)? != token {
                return Ok(None);
            }
        }
        let value = {
            let mut writer = ImportWriter::new(&tx);
            before(&mut writer)?;
            let names: Vec<String> = {
                let mut stmt = tx.prepare("SELECT name FROM temp.import_circle_ids")?;
                let names = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
                names
            };
            for name in names {
                let id = circle_id_creating(&tx, &name)?;
                tx.execute("UPDATE temp.import_circle_ids SET id = ?2 WHERE name = ?1", params![name, id])?;
            }
            let largest = |table: &str| -> Result<i64> {
                Ok(tx.query_row(&format!("SELECT coalesce(max(id), 0) FROM {table}"), [], |r| r.get(0))?)
            };
            let (contacts, interactions) = (largest("contacts")?, largest("interactions")?);
            let (posts, reactions) = (largest("posts")?, largest("reactions")?);
            if defer_search {
                // Before the rows go in, so that the search triggers leave them to the slices.
                let (contact_ids, interaction_ids) = new_id_spans(&tx, contacts, interactions)?;
                for (what, (first, last)) in
                    [(Indexed::Contacts, contact_ids), (Indexed::Interactions, interaction_ids)]
                {
                    owe_search(&tx, what, first, last)?;
                }
            }
            // Put in as text: `execute_batch` takes no parameters, and both are integers read above.
            let parts = if emails_first { [MOVE_EMAILS, MOVE_CONTACTS] } else { [MOVE_CONTACTS, MOVE_EMAILS] };
            let sql = [parts[0], parts[1], MOVE_REST, MOVE_THREADS, MOVE_POSTS].concat();
            tx.execute_batch(
                &sql.replace("?1", &contacts.to_string())
                    .replace("?2", &interactions.to_string())
                    .replace("?3", &posts.to_string())
                    .replace("?4", &reactions.to_string()),
            )?;
            if emails_first {
                let missing: i64 = tx.query_row(MISSING_CONTACTS, [], |r| r.get(0))?;
                if missing > 0 {
                    return Err(rusqlite::Error::SqliteFailure(
                        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY),
                        Some(format!("{missing} rows of the import name a contact that is gone")),
                    )
                    .into());
                }
            }
            let mut contact_ids = HashMap::new();
            if want_ids {
                let sql = format!("SELECT seq, coalesce(id, {contacts} + k) FROM temp.import_contacts");
                let mut stmt = tx.prepare(&sql)?;
                let mut rows = stmt.query([])?;
                while let Some(r) = rows.next()? {
                    contact_ids.insert(r.get::<_, i64>(0)? as usize, ContactId(r.get(1)?));
                }
            }
            after(&mut writer, &contact_ids)?
        };
        tx.commit()?;
        Ok(Some((value, Moved { lock_held: locked.elapsed() })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The statement of the final move that starts with `start`, its parameters put in as the
    /// move does.
    fn move_statement(start: &str) -> String {
        let all = [MOVE_EMAILS, MOVE_CONTACTS, MOVE_REST, MOVE_THREADS, MOVE_POSTS].concat();
        let code =
            |part: &str| part.lines().filter(|l| !l.trim_start().starts_with("--")).collect::<Vec<_>>().join("\n");
        let found = all.split(";\n").map(code).find(|part| part.trim_start().starts_with(start));
        let statement = found.unwrap_or_else(|| panic!("no statement of the move starts with {start}"));
        ["?1", "?2", "?3", "?4"].iter().fold(statement, |sql, p| sql.replace(p, "0"))
    }

    #[test]
    fn answers_to_my_questions_are_found_by_the_question_not_by_every_open_question() {
        let store = Store::open_in_memory().expect("store");
        store.conn.execute_batch(STAGING).expect("staging tables");
        let sql = format!("EXPLAIN QUERY PLAN {}", move_statement("UPDATE questions SET answered_in = s.iid"));
        let mut stmt = store.conn.prepare(&sql).expect("plan");
        let plan: Vec<String> =
            stmt.query_map([], |r| r.get(3)).expect("plan rows").collect::<rusqlite::Result<_>>().expect("plan");
        assert!(
            plan.iter().any(|step| step.contains("questions_by_asked_in")),
            "the questions must be searched by the interaction they were asked in: {plan:?}"
        );
        assert!(!plan.iter().any(|step| step.contains("questions_by_answered_in")), "{plan:?}");
    }
}
