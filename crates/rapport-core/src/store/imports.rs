//! What the importer (`crate::import`) reads and writes. The importer decides what an import
//! does (matching, merging, what is a duplicate, what a restore keeps); this module only knows
//! how to ask the database and how to write the rows it decided on.
//!
//! Reads go through an [`ImportReader`], on one read snapshot ([`Store::import_snapshot`]),
//! which notes the data's token. The new rows are written by a [`Stager`] into staging tables
//! of the connection's private `temp` schema, without the write lock ([`Store::import_stage`]);
//! [`Store::import_move`] then moves them into place with a few `INSERT … SELECT`, in slices (short
//! write transactions noted in the import's journal, schema v8) between a first and a last
//! transaction that hold the changes an [`ImportWriter`] makes row by row (a restore's circles;
//! merges into existing contacts, a restore's posts and settings), and only if the token is
//! still the one the matching read. A failure, a refusal or a cancel rolls the slices back by the
//! journal, keeping only what another program changed or named meanwhile (and saying so);
//! readers may see part of an import while it applies (docs/import-slices-design.md). The rows
//! are checked by the importer (it validates every contact and interaction first), then by the
//! schema.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::{params, Connection, OptionalExtension, Statement};

use super::bulk::{blank, statement, BulkInteraction, BulkPost, BulkReaction, BulkValueItem};
use super::circles::circle_id_creating;
use super::contacts::{insert_fact_change, read_contact, record_fact_changes, write_fields};
use super::{owe_search, Indexed, Store, PAUSE_BETWEEN_SLICES};
use crate::db::write_tx;
use crate::error::{Error, Result};
use crate::measures::Secs;
use crate::model::*;
use crate::time::now;

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

    /// A contact's fields and when it was last updated, while it is there and not merged away:
    /// an import that merges into it checks before it writes that nothing else changed it since.
    pub(crate) fn live_contact(&self, id: ContactId) -> Result<Option<(ContactFields, Secs)>> {
        let updated: Option<Secs> = self
            .conn
            .query_row("SELECT updated_at FROM contacts WHERE id = ?1 AND merged_into IS NULL", [id], |r| r.get(0))
            .optional()?;
        match updated {
            Some(at) => Ok(Some((read_contact(self.conn, id)?.fields, at))),
            None => Ok(None),
        }
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
    CREATE TEMP TABLE import_contacts (seq INTEGER PRIMARY KEY, k INTEGER, id INTEGER, display_name, given_name,
        family_name, nickname, company, role, location, how_met, met_on, birthday, closeness, is_kin, notes,
        cadence_days, archived, created_at, updated_at);
    CREATE TEMP TABLE import_contact_values (n INTEGER PRIMARY KEY, seq INTEGER NOT NULL, kind INTEGER NOT NULL,
        value, label);
    CREATE INDEX temp.import_contact_values_by_seq ON import_contact_values(seq);
    CREATE TEMP TABLE import_circle_ids (name TEXT PRIMARY KEY, id INTEGER NOT NULL);
    CREATE TEMP TABLE import_interactions (seq INTEGER PRIMARY KEY, k INTEGER, id INTEGER, occurred_at,
        utc_offset_min, channel, initiated_by, duration_min, summary, created_at, initiator_existing INTEGER,
        initiator_new_seq INTEGER, reply_seq INTEGER, reaction_existing INTEGER, reaction_seq INTEGER,
        answers_existing INTEGER, reply_existing INTEGER);
    CREATE INDEX temp.import_interactions_by_reply_existing ON import_interactions(reply_existing)
        WHERE reply_existing IS NOT NULL;
    CREATE INDEX temp.import_interactions_by_reply_seq ON import_interactions(reply_seq)
        WHERE reply_seq IS NOT NULL;
    CREATE INDEX temp.import_interactions_by_answers ON import_interactions(answers_existing)
        WHERE answers_existing IS NOT NULL;
    CREATE INDEX temp.import_interactions_by_reaction ON import_interactions(reaction_seq, reaction_existing)
        WHERE reaction_existing IS NOT NULL OR reaction_seq IS NOT NULL;
    CREATE TEMP TABLE import_sources (key TEXT PRIMARY KEY, seq INTEGER NOT NULL);
    CREATE INDEX temp.import_sources_by_seq ON import_sources(seq);
    CREATE TEMP TABLE import_people (n INTEGER PRIMARY KEY, interaction_seq INTEGER NOT NULL, existing INTEGER,
        new_seq INTEGER);
    CREATE INDEX temp.import_people_by_interaction ON import_people(interaction_seq);
    CREATE TEMP TABLE import_value_items (n INTEGER PRIMARY KEY, id INTEGER, interaction_seq INTEGER NOT NULL,
        existing INTEGER, new_seq INTEGER, direction, kind, weight, note, occurred_at);
    CREATE INDEX temp.import_value_items_by_interaction ON import_value_items(interaction_seq);
    CREATE TEMP TABLE import_questions (n INTEGER PRIMARY KEY, id INTEGER, existing INTEGER, new_seq INTEGER,
        asked_in_seq INTEGER NOT NULL, asked_by, text, answered_in_seq INTEGER);
    CREATE TEMP TABLE import_posts (seq INTEGER PRIMARY KEY, k INTEGER NOT NULL, id INTEGER, platform, posted_at,
        utc_offset_min, title, url, created_at);
    CREATE TEMP TABLE import_reactions (seq INTEGER PRIMARY KEY, k INTEGER NOT NULL, id INTEGER,
        post_existing INTEGER, post_seq INTEGER, existing INTEGER, new_seq INTEGER, reacted_at);";

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

/// The parts of an import, in the order they are applied, each in slices of its staged rows
/// (`key` ranges of its staging table): the contacts first (everything else may name them),
/// then a blog export's posts and comments (an interaction may reply to a comment), the
/// interactions, and the questions (whose answer may come from any interaction).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Contacts,
    Posts,
    Reactions,
    Interactions,
    Questions,
}

const PARTS: [Part; 5] = [Part::Contacts, Part::Posts, Part::Reactions, Part::Interactions, Part::Questions];

impl Part {
    /// The staging table and the column the slices follow.
    fn staged(self) -> (&'static str, &'static str) {
        match self {
            Part::Contacts => ("temp.import_contacts", "seq"),
            Part::Posts => ("temp.import_posts", "seq"),
            Part::Reactions => ("temp.import_reactions", "seq"),
            Part::Interactions => ("temp.import_interactions", "seq"),
            Part::Questions => ("temp.import_questions", "n"),
        }
    }

    /// The table whose new ids the slices give and note in the journal. A question needs none:
    /// it goes with the interaction it was asked in (the schema's cascade), as do participants,
    /// value items and source keys; a contact's emails, phones, links and circles go with it.
    fn table(self) -> Option<&'static str> {
        match self {
            Part::Contacts => Some("contacts"),
            Part::Posts => Some("posts"),
            Part::Reactions => Some("reactions"),
            Part::Interactions => Some("interactions"),
            Part::Questions => None,
        }
    }

    /// The statements of one slice: the staged rows whose key is in `?1 < key <= ?2`, with
    /// their ids already given (in the staging table's `id`).
    fn statements(self) -> &'static [&'static str] {
        match self {
            Part::Contacts => SLICE_CONTACTS,
            Part::Posts => SLICE_POSTS,
            Part::Reactions => SLICE_REACTIONS,
            Part::Interactions => SLICE_INTERACTIONS,
            Part::Questions => SLICE_QUESTIONS,
        }
    }

    /// The search index this part's rows owe, when it is written after the import.
    fn indexed(self) -> Option<Indexed> {
        match self {
            Part::Contacts => Some(Indexed::Contacts),
            Part::Interactions => Some(Indexed::Interactions),
            _ => None,
        }
    }
}

/// A slice of new contacts with their emails, phones, links and circles.
const SLICE_CONTACTS: &[&str] = &[
    "INSERT INTO contacts (id, display_name, given_name, family_name, nickname, company, role, location, how_met,
        met_on, birthday, closeness, is_kin, notes, cadence_days, archived, created_at, updated_at)
      SELECT id, display_name, given_name, family_name, nickname, company, role, location,
        how_met, met_on, birthday, closeness, is_kin, notes, cadence_days, archived, created_at, updated_at
      FROM temp.import_contacts WHERE seq > ?1 AND seq <= ?2 ORDER BY seq",
    "INSERT INTO contact_emails (contact_id, email, label)
      SELECT c.id, v.value, v.label
      FROM temp.import_contact_values v JOIN temp.import_contacts c ON c.seq = v.seq
      WHERE v.seq > ?1 AND v.seq <= ?2 AND v.kind = 0 ORDER BY v.n",
    "INSERT INTO contact_phones (contact_id, phone, label)
      SELECT c.id, v.value, v.label
      FROM temp.import_contact_values v JOIN temp.import_contacts c ON c.seq = v.seq
      WHERE v.seq > ?1 AND v.seq <= ?2 AND v.kind = 1 ORDER BY v.n",
    "INSERT INTO contact_links (contact_id, url, label)
      SELECT c.id, v.value, v.label
      FROM temp.import_contact_values v JOIN temp.import_contacts c ON c.seq = v.seq
      WHERE v.seq > ?1 AND v.seq <= ?2 AND v.kind = 2 ORDER BY v.n",
    "INSERT OR IGNORE INTO contact_circles (contact_id, circle_id)
      SELECT c.id, m.id
      FROM temp.import_contact_values v JOIN temp.import_contacts c ON c.seq = v.seq
        JOIN temp.import_circle_ids m ON m.name = v.value
      WHERE v.seq > ?1 AND v.seq <= ?2 AND v.kind = 3 ORDER BY v.n",
];

/// A slice of a blog export's new posts.
const SLICE_POSTS: &[&str] = &["INSERT INTO posts (id, platform, posted_at, utc_offset_min, title, url, created_at)
      SELECT id, platform, posted_at, utc_offset_min, title, url, created_at
      FROM temp.import_posts WHERE seq > ?1 AND seq <= ?2 ORDER BY seq"];

/// A slice of a blog export's new comments.
const SLICE_REACTIONS: &[&str] =
    &["INSERT INTO reactions (id, post_id, contact_id, kind, count, reacted_at, replied, replied_at)
      SELECT r.id, coalesce(r.post_existing, p.id), coalesce(r.existing, c.id), 'comment', 1, r.reacted_at, 0, NULL
      FROM temp.import_reactions r LEFT JOIN temp.import_posts p ON p.seq = r.post_seq
        LEFT JOIN temp.import_contacts c ON c.seq = r.new_seq
      WHERE r.seq > ?1 AND r.seq <= ?2 ORDER BY r.seq"];

/// A slice of interactions, each written with who started it (a group message, issue 13), what
/// it replies to (an interaction of this import, or one already there: a message of an earlier
/// import found by its source key, or my reply a commenter answers) and the comment it answers,
/// as it goes in: no pass over every new interaction afterwards. A reply to an interaction of a
/// later slice gets its link when that one goes in (the second statement, for the earlier
/// slices' rows). Then the slice's participants, value items and source keys.
const SLICE_INTERACTIONS: &[&str] = &[
    "INSERT INTO interactions (id, occurred_at, utc_offset_min, channel, initiated_by, duration_min, summary,
        created_at, initiator_id, in_reply_to, replies_to_reaction)
      SELECT i.id, i.occurred_at, i.utc_offset_min, i.channel, i.initiated_by, i.duration_min, i.summary,
        i.created_at, coalesce(i.initiator_existing, c.id), coalesce(i.answers_existing, r.id, i.reply_existing),
        coalesce(i.reaction_existing, x.id)
      FROM temp.import_interactions i
        LEFT JOIN temp.import_contacts c ON c.seq = i.initiator_new_seq
        LEFT JOIN temp.import_interactions r ON r.seq = i.reply_seq
        LEFT JOIN temp.import_reactions x ON x.seq = i.reaction_seq
      WHERE i.seq > ?1 AND i.seq <= ?2 ORDER BY i.seq",
    "UPDATE interactions SET in_reply_to = s.rid
      FROM (SELECT i.id AS iid, r.id AS rid FROM temp.import_interactions r
              JOIN temp.import_interactions i ON i.reply_seq = r.seq
            WHERE r.seq > ?1 AND r.seq <= ?2 AND i.seq <= ?1 AND i.answers_existing IS NULL) AS s
      WHERE interactions.id = s.iid",
    "INSERT OR IGNORE INTO interaction_participants (interaction_id, contact_id)
      SELECT i.id, coalesce(p.existing, c.id) FROM temp.import_people p
        JOIN temp.import_interactions i ON i.seq = p.interaction_seq
        LEFT JOIN temp.import_contacts c ON c.seq = p.new_seq
      WHERE p.interaction_seq > ?1 AND p.interaction_seq <= ?2 ORDER BY p.n",
    "INSERT INTO value_items (id, contact_id, interaction_id, direction, kind, weight, note, occurred_at)
      SELECT v.id, coalesce(v.existing, c.id), i.id, v.direction, v.kind, v.weight, v.note, v.occurred_at
      FROM temp.import_value_items v JOIN temp.import_interactions i ON i.seq = v.interaction_seq
        LEFT JOIN temp.import_contacts c ON c.seq = v.new_seq
      WHERE v.interaction_seq > ?1 AND v.interaction_seq <= ?2 ORDER BY v.n",
    "INSERT INTO interaction_sources (key, interaction_id)
      SELECT s.key, i.id FROM temp.import_sources s JOIN temp.import_interactions i ON i.seq = s.seq
      WHERE s.seq > ?1 AND s.seq <= ?2 ORDER BY s.key",
];

/// A slice of questions, once every interaction has its id (an answer may come from a later one).
const SLICE_QUESTIONS: &[&str] = &["INSERT INTO questions (id, contact_id, asked_in, asked_by, text, answered_in)
      SELECT q.id, coalesce(q.existing, c.id), i.id, q.asked_by, q.text, a.id
      FROM temp.import_questions q JOIN temp.import_interactions i ON i.seq = q.asked_in_seq
        LEFT JOIN temp.import_contacts c ON c.seq = q.new_seq
        LEFT JOIN temp.import_interactions a ON a.seq = q.answered_in_seq
      WHERE q.n > ?1 AND q.n <= ?2 ORDER BY q.n"];

/// The last transaction's changes to rows that were there before the import (the slices only
/// add rows): the open questions of an earlier message that a new reply from the other side
/// answers, for the participants they share (as a reply within one file does); a commenter's
/// answer to a reply of mine closing its open questions; each comment replied to marked so at
/// its earliest reply (as `Store::reply_to_comment` marks it). Each bounded by the replies of
/// the file, not by the database.
const LAST_UPDATES: &str = "
    UPDATE questions SET answered_in = (
        SELECT min(i.id) FROM temp.import_interactions i
          JOIN interaction_participants p ON p.interaction_id = i.id
        WHERE i.reply_existing = questions.asked_in AND i.initiated_by <> questions.asked_by
          AND p.contact_id = questions.contact_id)
      WHERE answered_in IS NULL
        AND asked_in IN (SELECT reply_existing FROM temp.import_interactions WHERE reply_existing IS NOT NULL);
    -- `+` keeps SQLite off the index of unanswered questions: driven by it, the update read every
    -- staged answer for each open question (minutes for a 100,000-message mbox, issue 16).
    -- Only when a staged answer is there (the EXISTS, by its index, is tested once, before any
    -- row is read); then read from the staged answers, not the index, so that each finds its
    -- questions by the interaction they were asked in, instead of every question being read.
    UPDATE questions SET answered_in = s.iid
      FROM (SELECT i.id AS iid, i.answers_existing AS earlier
            FROM temp.import_interactions i NOT INDEXED WHERE i.answers_existing IS NOT NULL) AS s
      WHERE questions.asked_in = s.earlier AND questions.asked_by = 'me' AND +questions.answered_in IS NULL
        AND EXISTS (SELECT 1 FROM temp.import_interactions WHERE answers_existing IS NOT NULL);
    UPDATE reactions SET replied = 1, replied_at = min(coalesce(reactions.replied_at, s.first), s.first)
      FROM (SELECT coalesce(i.reaction_existing, x.id) AS rid, min(i.occurred_at) AS first
            FROM temp.import_interactions i LEFT JOIN temp.import_reactions x ON x.seq = i.reaction_seq
            WHERE i.reaction_existing IS NOT NULL OR i.reaction_seq IS NOT NULL GROUP BY 1) AS s
      WHERE reactions.id = s.rid;";

/// Whether a staged row names an existing contact that is now merged into another (merged by
/// another program while the slices ran: its rows would stay with the contact merged away).
const NAMES_A_MERGED_CONTACT: &str = "
    SELECT EXISTS (SELECT 1 FROM contacts c WHERE c.merged_into IS NOT NULL AND c.id IN (
        SELECT existing FROM temp.import_people WHERE existing IS NOT NULL
        UNION SELECT existing FROM temp.import_value_items WHERE existing IS NOT NULL
        UNION SELECT existing FROM temp.import_questions WHERE existing IS NOT NULL
        UNION SELECT initiator_existing FROM temp.import_interactions WHERE initiator_existing IS NOT NULL
        UNION SELECT existing FROM temp.import_reactions WHERE existing IS NOT NULL))";

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

/// What [`Store::import_move`] did.
pub(crate) struct Moved {
    /// The longest the write lock was held at a time (an import commits in several transactions).
    pub lock_held: Duration,
}

/// How many staged rows the first slice of each part takes; each next one is sized from the
/// time the last took, aiming at [`SLICE_AIM`] (a slice of contacts costs more than one of
/// interactions, and a loaded machine less than an idle one), within [`SLICE_ROWS_RANGE`].
const FIRST_SLICE_ROWS: i64 = 2_000;
const SLICE_AIM: Duration = Duration::from_millis(150);
const SLICE_ROWS_RANGE: (i64, i64) = (100, 500_000);

/// The pause after every [`LONG_PAUSE_EVERY`]-th slice: Rapport's connections try again every 2 ms
/// and get in during the short pause after each slice, but SQLite's own busy handler (the `sqlite3`
/// shell, Python, most other programs) sleeps up to 100 ms between tries and kept missing the
/// 15 ms: it waited 1.1-1.9 s during a 99 MB import (release, session 11). A pause longer than its
/// sleep lets it in within a few slices; it costs about 15% of the slices' time.
const LONG_PAUSE_EVERY: usize = 4;
const LONG_PAUSE: Duration = Duration::from_millis(110);

/// The pause after the `n`-th slice (from 1) of an import or of its rollback.
fn pause_after_slice(n: usize) {
    std::thread::sleep(if n.is_multiple_of(LONG_PAUSE_EVERY) { LONG_PAUSE } else { PAUSE_BETWEEN_SLICES });
}

/// How many times a failed import's rollback is tried, and the pause before each new try (each
/// try waits up to the busy timeout for the write lock).
const ROLLBACK_TRIES: usize = 3;
const PAUSE_BEFORE_ROLLBACK_AGAIN: Duration = Duration::from_secs(1);

/// A hook run after each committed transaction of an import (numbered from 1, the one that
/// starts it): for tests, which write from another connection there, copy the file, or fail
/// the import there (an error from the hook fails it as a slice's would).
pub type AfterTransaction = Box<dyn FnMut(usize) -> Result<()>>;

thread_local! {
    static SLICE_ROWS_HERE: Cell<Option<i64>> = const { Cell::new(None) };
    static AFTER_TRANSACTION_HERE: RefCell<Option<AfterTransaction>> = const { RefCell::new(None) };
}

/// Makes every slice of the imports this thread applies take `rows` staged rows (none: sized by
/// time). For tests, which run side by side in threads; a process is set by the environment
/// variable `RAPPORT_IMPORT_SLICE_ROWS` instead (the CLI's tests), read once.
#[doc(hidden)]
pub fn set_import_slice_rows_here(rows: Option<i64>) {
    SLICE_ROWS_HERE.with(|here| here.set(rows.map(|r| r.max(1))));
}

/// Runs `hook` after each committed transaction of the imports this thread applies (see
/// [`AfterTransaction`]); `None` removes it.
#[doc(hidden)]
pub fn after_each_import_transaction_here(hook: Option<AfterTransaction>) {
    AFTER_TRANSACTION_HERE.with(|here| *here.borrow_mut() = hook);
}

fn after_transaction(n: usize) -> Result<()> {
    // Taken out while it runs: a hook may run another import, which must not find it borrowed.
    let Some(mut hook) = AFTER_TRANSACTION_HERE.with(|here| here.borrow_mut().take()) else { return Ok(()) };
    let done = hook(n);
    AFTER_TRANSACTION_HERE.with(|here| {
        here.borrow_mut().get_or_insert(hook);
    });
    done
}

fn fixed_slice_rows() -> Option<i64> {
    static FROM_ENVIRONMENT: std::sync::OnceLock<Option<i64>> = std::sync::OnceLock::new();
    SLICE_ROWS_HERE.with(Cell::get).or_else(|| {
        *FROM_ENVIRONMENT.get_or_init(|| {
            let rows = std::env::var("RAPPORT_IMPORT_SLICE_ROWS").ok()?.trim().parse::<i64>().ok()?;
            (rows > 0).then_some(rows)
        })
    })
}

/// The size of the next slice.
struct SliceSize {
    rows: i64,
    fixed: bool,
}

impl SliceSize {
    fn new() -> SliceSize {
        match fixed_slice_rows() {
            Some(rows) => SliceSize { rows, fixed: true },
            None => SliceSize { rows: FIRST_SLICE_ROWS, fixed: false },
        }
    }

    /// After a slice of `self.rows` took `took`: the rows that would have taken the aim, at most
    /// four times more or fewer than the last.
    fn after(&mut self, took: Duration) {
        if self.fixed {
            return;
        }
        let scaled = (self.rows as f64 * SLICE_AIM.as_secs_f64() / took.as_secs_f64().max(1e-4)) as i64;
        self.rows =
            scaled.clamp(self.rows / 4, self.rows.saturating_mul(4)).clamp(SLICE_ROWS_RANGE.0, SLICE_ROWS_RANGE.1);
    }
}

/// The file beside a database that an import holds locked for as long as it applies: the OS
/// lets go of it when the process ends, however it ends, so a journal whose lock can be taken
/// is a dead import's. Kept between imports (removing it could let two processes lock two
/// files of one name).
struct ApplyLock {
    _file: std::fs::File,
}

fn apply_lock_path(db: &Path) -> PathBuf {
    // Beside the file itself, however it was reached: a symbolic link opened by another program
    // must find the same lock (a hard link cannot be told apart, a documented limit). The path
    // as given when it cannot be resolved (no file yet).
    let db = std::fs::canonicalize(db).unwrap_or_else(|_| db.to_path_buf());
    let mut name = db.as_os_str().to_owned();
    name.push("-import");
    PathBuf::from(name)
}

impl ApplyLock {
    /// The lock, or `None` when another connection holds it (an import applies).
    fn take(db: &Path) -> Result<Option<ApplyLock>> {
        let path = apply_lock_path(db);
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| Error::Io { path: path.clone(), source })?;
        match file.try_lock() {
            Ok(()) => Ok(Some(ApplyLock { _file: file })),
            Err(std::fs::TryLockError::WouldBlock) => Ok(None),
            Err(std::fs::TryLockError::Error(source)) => Err(Error::Io { path, source }),
        }
    }
}

/// A slice's refusal by a foreign key or a unique key, which the plan (made before any slice)
/// ruled out: another program deleted or merged what the import names, or took an id it keeps,
/// since. Any other error stays as it is.
fn changed_meanwhile(e: Error) -> Error {
    use rusqlite::ffi;
    match &e {
        Error::Sqlite(rusqlite::Error::SqliteFailure(f, _))
            if [
                ffi::SQLITE_CONSTRAINT_FOREIGNKEY,
                ffi::SQLITE_CONSTRAINT_PRIMARYKEY,
                ffi::SQLITE_CONSTRAINT_UNIQUE,
                ffi::SQLITE_CONSTRAINT_ROWID,
            ]
            .contains(&f.extended_code) =>
        {
            Error::BadInput(crate::Reason::ImportChangedMeanwhile {})
        }
        _ => e,
    }
}

/// Refuses to go on when another program deleted a row the import wrote (noted by the schema's
/// triggers): a later slice may name it, or its id be another row's by now.
fn nothing_written_is_gone(conn: &Connection, journal: i64) -> Result<()> {
    let gone: bool =
        conn.query_row("SELECT EXISTS (SELECT 1 FROM import_journal_gone WHERE journal_id = ?1)", [journal], |r| {
            r.get(0)
        })?;
    if gone {
        return Err(Error::BadInput(crate::Reason::ImportChangedMeanwhile {}));
    }
    Ok(())
}

/// Marks the journals as written by their own import (or its rollback) for the rest of this
/// transaction: the schema's triggers then leave these writes out of `import_journal_kept`. No
/// other connection sees the mark: [`owner_done`] takes it off before the transaction commits.
fn owner_writes(conn: &Connection) -> Result<()> {
    conn.execute("UPDATE import_journal SET state = 'writing'", [])?;
    Ok(())
}

/// Before an import's own transaction commits: other programs' writes are noted again.
fn owner_done(conn: &Connection) -> Result<()> {
    conn.execute("UPDATE import_journal SET state = 'applying'", [])?;
    Ok(())
}

/// What a rollback kept of the rows the import wrote, because another program changed them or
/// wrote rows naming them while the import applied (noted by the schema's triggers).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Kept {
    pub contacts: usize,
    pub interactions: usize,
    /// Posts, comments and circles.
    pub other: usize,
}

impl Kept {
    fn any(self) -> bool {
        self.contacts + self.interactions + self.other > 0
    }

    /// `problem`, saying what the rollback kept when it kept anything.
    fn told(self, problem: Error) -> Error {
        if !self.any() {
            return problem;
        }
        Error::BadInput(crate::Reason::ImportKeptSome {
            problem: Box::new(problem.reason()),
            contacts: self.contacts,
            interactions: self.interactions,
            other: self.other,
        })
    }
}

/// What a kept row needs to stay whole is kept too: the contacts of a kept interaction (its
/// participants, value items and questions would go with them), the post and contact of a kept
/// comment, then the circles of every kept contact. Driven by the kept rows (few), in the
/// journal's runs (what is left of them).
const KEEP_WHAT_KEPT_ROWS_NEED: [&str; 2] = [
    "INSERT INTO import_journal_kept (journal_id, tbl, id)
     SELECT DISTINCT ?1, n.tbl, n.id FROM (
         SELECT 'contacts' AS tbl, p.contact_id AS id FROM import_journal_kept k
           JOIN interaction_participants p ON p.interaction_id = k.id WHERE k.journal_id = ?1 AND k.tbl = 'interactions'
         UNION ALL SELECT 'contacts', v.contact_id FROM import_journal_kept k
           JOIN value_items v ON v.interaction_id = k.id WHERE k.journal_id = ?1 AND k.tbl = 'interactions'
         UNION ALL SELECT 'contacts', q.contact_id FROM import_journal_kept k
           JOIN questions q ON q.asked_in = k.id WHERE k.journal_id = ?1 AND k.tbl = 'interactions'
         UNION ALL SELECT 'contacts', r.contact_id FROM import_journal_kept k
           JOIN reactions r ON r.id = k.id WHERE k.journal_id = ?1 AND k.tbl = 'reactions'
         UNION ALL SELECT 'posts', r.post_id FROM import_journal_kept k
           JOIN reactions r ON r.id = k.id WHERE k.journal_id = ?1 AND k.tbl = 'reactions') n
     WHERE EXISTS (SELECT 1 FROM import_journal_spans s
                   WHERE s.journal_id = ?1 AND s.tbl = n.tbl AND n.id BETWEEN s.first_id AND s.last_id)
       AND NOT EXISTS (SELECT 1 FROM import_journal_kept k WHERE k.journal_id = ?1 AND k.tbl = n.tbl AND k.id = n.id)",
    "INSERT INTO import_journal_kept (journal_id, tbl, id)
     SELECT DISTINCT ?1, 'circles', m.circle_id FROM import_journal_kept k
       JOIN contact_circles m ON m.contact_id = k.id
     WHERE k.journal_id = ?1 AND k.tbl = 'contacts'
       AND EXISTS (SELECT 1 FROM import_journal_spans s
                   WHERE s.journal_id = ?1 AND s.tbl = 'circles' AND m.circle_id BETWEEN s.first_id AND s.last_id)
       AND NOT EXISTS (SELECT 1 FROM import_journal_kept x
                       WHERE x.journal_id = ?1 AND x.tbl = 'circles' AND x.id = m.circle_id)",
];

/// The table an import's journal names, as a name to put in a statement (the schema's CHECK
/// allows no other).
fn journal_table(name: &str) -> Option<&'static str> {
    ["interactions", "reactions", "posts", "contacts", "circles"].into_iter().find(|t| *t == name)
}

/// The first transaction's writes after the journal: `first` (a restore's circles), then the
/// circles the new contacts join, created when missing; those created noted in the journal.
fn begin(
    conn: &Connection,
    journal: Option<i64>,
    first: impl FnOnce(&mut ImportWriter<'_>) -> Result<()>,
) -> Result<()> {
    let circles_before: i64 = conn.query_row("SELECT coalesce(max(id), 0) FROM circles", [], |r| r.get(0))?;
    first(&mut ImportWriter::new(conn))?;
    let names: Vec<String> = {
        let mut stmt = conn.prepare("SELECT name FROM temp.import_circle_ids")?;
        let names = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        names
    };
    for name in names {
        let id = circle_id_creating(conn, &name)?;
        conn.execute("UPDATE temp.import_circle_ids SET id = ?2 WHERE name = ?1", params![name, id])?;
    }
    if let Some(journal) = journal {
        conn.execute(
            "INSERT INTO import_journal_spans (journal_id, tbl, first_id, last_id)
             SELECT ?1, 'circles', min(id), max(id)
             FROM (SELECT id, id - row_number() OVER (ORDER BY id) AS run FROM circles WHERE id > ?2) GROUP BY run",
            params![journal, circles_before],
        )?;
    }
    Ok(())
}

/// One slice of `part`: the next `rows` staged rows after the key `after`, given their ids (after
/// the largest in the table now, unless a restore keeps theirs), their id runs noted in the
/// journal and owed to the search index, then written. The key of its last row; `None` when no
/// row is left.
fn apply_slice(
    conn: &Connection,
    part: Part,
    after: i64,
    rows: i64,
    journal: Option<i64>,
    defer_search: bool,
) -> Result<Option<i64>> {
    let (staged, key) = part.staged();
    let sql = format!("SELECT max({key}) FROM (SELECT {key} FROM {staged} WHERE {key} > ?1 ORDER BY {key} LIMIT ?2)");
    let Some(end) = conn.query_row(&sql, params![after, rows], |r| r.get::<_, Option<i64>>(0))? else {
        return Ok(None);
    };
    if let Some(table) = part.table() {
        let largest: i64 = conn.query_row(&format!("SELECT coalesce(max(id), 0) FROM {table}"), [], |r| r.get(0))?;
        let sql = format!("SELECT min(k) FROM {staged} WHERE {key} > ?1 AND {key} <= ?2 AND id IS NULL");
        let first_rank: Option<i64> = conn.query_row(&sql, params![after, end], |r| r.get(0))?;
        if let Some(first_rank) = first_rank {
            // The k-th new row of the import is the (k - first + 1)-th of this slice.
            let sql = format!("UPDATE {staged} SET id = ?3 + k - ?4 WHERE {key} > ?1 AND {key} <= ?2 AND id IS NULL");
            conn.execute(&sql, params![after, end, largest, first_rank - 1])?;
        }
        let sql = format!(
            "SELECT min(id), max(id) FROM (SELECT id, id - row_number() OVER (ORDER BY id) AS run FROM {staged}
             WHERE {key} > ?1 AND {key} <= ?2) GROUP BY run"
        );
        let runs: Vec<(i64, i64)> = {
            let mut stmt = conn.prepare(&sql)?;
            let runs = stmt
                .query_map(params![after, end], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            runs
        };
        if let Some(journal) = journal {
            for (first, last) in &runs {
                conn.execute(
                    "INSERT INTO import_journal_spans (journal_id, tbl, first_id, last_id) VALUES (?1, ?2, ?3, ?4)",
                    params![journal, table, first, last],
                )?;
            }
        }
        let span = runs.first().zip(runs.last()).map(|(a, b)| (a.0, b.1));
        if let (true, Some(what), Some((first, last))) = (defer_search, part.indexed(), span) {
            // Before the rows go in, so that the search triggers leave them to the slices: one
            // range for the slice (a restore's ids far apart are one range, whose slices follow
            // its rows), taken on by the last slice's range when they meet.
            let extended = conn.execute(
                "UPDATE search_backlog SET last_id = ?3 WHERE rowid =
                     (SELECT rowid FROM search_backlog WHERE kind = ?1 AND last_id = ?2 - 1 LIMIT 1)",
                params![what.kind(), first, last],
            )?;
            if extended == 0 {
                owe_search(conn, what, first, last)?;
            }
        }
    }
    for sql in part.statements() {
        conn.prepare_cached(sql)?.execute(params![after, end])?;
    }
    Ok(Some(end))
}

/// The last transaction's work: refused when another program merged away a contact the slices
/// wrote rows for, then the updates of rows that were there before ([`LAST_UPDATES`]) and
/// `last` (merges into existing contacts, a restore's posts and settings); the journal goes.
fn finish<T>(
    conn: &Connection,
    journal: Option<i64>,
    merges_before: Option<i64>,
    want_ids: bool,
    last: impl FnOnce(&mut ImportWriter<'_>, &HashMap<usize, ContactId>) -> Result<T>,
) -> Result<T> {
    if let Some(journal) = journal {
        nothing_written_is_gone(conn, journal)?;
        owner_writes(conn)?;
    }
    if let (Some(before), Some(journal)) = (merges_before, journal) {
        let merged: bool =
            conn.query_row("SELECT EXISTS (SELECT 1 FROM merges WHERE id > ?1)", [before], |r| r.get(0))?;
        // A contact there before, or one of the import's own, merged away since the slices began.
        let merged_away = || -> Result<bool> {
            let own: bool = conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM merges m JOIN import_journal_spans s
                                  ON s.journal_id = ?2 AND s.tbl = 'contacts' AND m.merged BETWEEN s.first_id AND s.last_id
                                WHERE m.id > ?1)",
                params![before, journal],
                |r| r.get(0),
            )?;
            Ok(own || conn.query_row(NAMES_A_MERGED_CONTACT, [], |r| r.get::<_, bool>(0))?)
        };
        if merged && merged_away()? {
            return Err(Error::BadInput(crate::Reason::ImportChangedMeanwhile {}));
        }
    }
    conn.execute_batch(LAST_UPDATES)?;
    let mut contact_ids = HashMap::new();
    if want_ids {
        let mut stmt = conn.prepare("SELECT seq, id FROM temp.import_contacts")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            contact_ids.insert(r.get::<_, i64>(0)? as usize, ContactId(r.get(1)?));
        }
    }
    let value = last(&mut ImportWriter::new(conn), &contact_ids)?;
    if let Some(journal) = journal {
        conn.execute("DELETE FROM import_journal WHERE id = ?1", [journal])?;
    }
    Ok(value)
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
                circles: HashMap::new(),
            };
            let value = work(&mut stager)?;
            // The circles' ids are looked up (or the circles created) when the import starts.
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

    /// Writes the staged rows into place: all of it or nothing. When `token` is given and the
    /// data's token is no longer it (something was written since the import was planned),
    /// nothing is written and `Ok(None)` says so. `first` runs in the transaction that starts
    /// the import (a restore's circles), `last` in the one that ends it (merges into existing
    /// contacts, a restore's posts and settings, which need the new contacts' ids).
    ///
    /// Outside a transaction the rows go in slices, each its own short write transaction that
    /// notes in the import's journal the ids it gave (schema v8), with a pause after it so that
    /// other programs write in between; only the last transaction renews the data's token. A
    /// failure, a refusal by `last` or a cancel (`go_on` answers `false` between two slices)
    /// rolls back what the slices wrote, by the journal. Inside a caller's transaction it all
    /// goes in at once. With `defer_search`, the new rows' search index is left owed
    /// ([`owe_search`]) for [`Store::index_owed_search`] to write afterwards: the caller runs it.
    pub(crate) fn import_move<T>(
        &mut self,
        token: Option<i64>,
        want_ids: bool,
        defer_search: bool,
        first: impl FnOnce(&mut ImportWriter<'_>) -> Result<()>,
        last: impl FnOnce(&mut ImportWriter<'_>, &HashMap<usize, ContactId>) -> Result<T>,
        go_on: &mut dyn FnMut() -> bool,
    ) -> Result<Option<(T, Moved)>> {
        let applied = if self.conn.is_autocommit() {
            self.apply_in_slices(token, want_ids, defer_search, first, last, go_on)
        } else {
            self.apply_at_once(token, want_ids, first, last)
        };
        self.import_unstage();
        applied
    }

    fn apply_at_once<T>(
        &mut self,
        token: Option<i64>,
        want_ids: bool,
        first: impl FnOnce(&mut ImportWriter<'_>) -> Result<()>,
        last: impl FnOnce(&mut ImportWriter<'_>, &HashMap<usize, ContactId>) -> Result<T>,
    ) -> Result<Option<(T, Moved)>> {
        let tx = write_tx(&mut self.conn)?;
        let locked = Instant::now();
        if let Some(token) = token {
            if crate::db::data_token(&tx)? != token {
                return Ok(None);
            }
        }
        begin(&tx, None, first)?;
        for part in PARTS {
            apply_slice(&tx, part, -1, i64::MAX, None, false)?;
        }
        let value = finish(&tx, None, None, want_ids, last)?;
        tx.commit()?;
        Ok(Some((value, Moved { lock_held: locked.elapsed() })))
    }

    fn apply_in_slices<T>(
        &mut self,
        token: Option<i64>,
        want_ids: bool,
        defer_search: bool,
        first: impl FnOnce(&mut ImportWriter<'_>) -> Result<()>,
        last: impl FnOnce(&mut ImportWriter<'_>, &HashMap<usize, ContactId>) -> Result<T>,
        go_on: &mut dyn FnMut() -> bool,
    ) -> Result<Option<(T, Moved)>> {
        // On read-only media nothing can be applied: the first transaction says so.
        let _lock = match self.path.as_deref() {
            Some(db) if !self.conn.is_readonly(rusqlite::MAIN_DB)? => {
                Some(ApplyLock::take(db)?.ok_or(Error::BadInput(crate::Reason::ImportAnotherApplying {}))?)
            }
            _ => None,
        };
        // With the lock held, a journal left is a dead import's: rolled back first (which changes
        // the token, so this import is planned again).
        self.roll_back_journals()?;
        let (journal, merges_before, mut held) = {
            let tx = write_tx(&mut self.conn)?;
            let locked = Instant::now();
            if let Some(token) = token {
                if crate::db::data_token(&tx)? != token {
                    return Ok(None);
                }
            }
            tx.execute("INSERT INTO import_journal (state, started_at) VALUES ('writing', ?1)", [now()])?;
            let journal = tx.last_insert_rowid();
            let merges_before: i64 = tx.query_row("SELECT coalesce(max(id), 0) FROM merges", [], |r| r.get(0))?;
            begin(&tx, Some(journal), first)?;
            owner_done(&tx)?;
            tx.commit_keeping_token()?;
            (journal, merges_before, locked.elapsed())
        };
        match self.slices_then_last(journal, merges_before, want_ids, defer_search, last, go_on, &mut held) {
            Ok(value) => Ok(Some((value, Moved { lock_held: held }))),
            Err(e) => match self.roll_back_journal_trying(journal) {
                Ok(kept) => Err(kept.told(e)),
                // The journal stays for the next import or open to roll back: said.
                Err(failed) => Err(Error::BadInput(crate::Reason::ImportNotTakenBack {
                    problem: Box::new(e.reason()),
                    detail: failed.to_string(),
                })),
            },
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn slices_then_last<T>(
        &mut self,
        journal: i64,
        merges_before: i64,
        want_ids: bool,
        defer_search: bool,
        last: impl FnOnce(&mut ImportWriter<'_>, &HashMap<usize, ContactId>) -> Result<T>,
        go_on: &mut dyn FnMut() -> bool,
        held: &mut Duration,
    ) -> Result<T> {
        let mut transactions = 1;
        after_transaction(transactions)?;
        if !go_on() {
            return Err(Error::Cancelled);
        }
        for part in PARTS {
            let mut size = SliceSize::new();
            let mut after = -1;
            loop {
                let tx = write_tx(&mut self.conn)?;
                let locked = Instant::now();
                nothing_written_is_gone(&tx, journal)?;
                owner_writes(&tx)?;
                let Some(end) =
                    apply_slice(&tx, part, after, size.rows, Some(journal), defer_search).map_err(changed_meanwhile)?
                else {
                    break;
                };
                owner_done(&tx)?;
                tx.commit_keeping_token()?;
                let took = locked.elapsed();
                *held = (*held).max(took);
                size.after(took);
                after = end;
                transactions += 1;
                after_transaction(transactions)?;
                if !go_on() {
                    return Err(Error::Cancelled);
                }
                pause_after_slice(transactions);
            }
        }
        let tx = write_tx(&mut self.conn)?;
        let locked = Instant::now();
        let value = finish(&tx, Some(journal), Some(merges_before), want_ids, last)?;
        tx.commit()?;
        *held = (*held).max(locked.elapsed());
        Ok(value)
    }

    /// [`Store::roll_back_journal`], tried again after a pause when it fails (another program
    /// holding the write lock past the busy timeout, a disk full for a moment): a rollback cut
    /// short is taken up where it stopped.
    fn roll_back_journal_trying(&mut self, journal: i64) -> Result<Kept> {
        let mut tries = 1;
        loop {
            match self.roll_back_journal(journal) {
                Err(_) if tries < ROLLBACK_TRIES => {
                    tries += 1;
                    std::thread::sleep(PAUSE_BEFORE_ROLLBACK_AGAIN);
                }
                done => return done,
            }
        }
    }

    /// Rolls back every import journal there is. Only for a caller that holds the lock file
    /// (or a database in memory, which no other process sees).
    fn roll_back_journals(&mut self) -> Result<Kept> {
        let journals: Vec<i64> = {
            let mut stmt = self.conn.prepare("SELECT id FROM import_journal ORDER BY id")?;
            let ids = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            ids
        };
        let mut kept = Kept::default();
        for journal in journals {
            let more = self.roll_back_journal(journal)?;
            kept.contacts += more.contacts;
            kept.interactions += more.interactions;
            kept.other += more.other;
        }
        Ok(kept)
    }

    /// Deletes the rows an import's journal names, in slices (the rows that name them go by the
    /// schema's cascades), each slice shrinking the journal in its own transaction so that a
    /// rollback cut short is taken up where it stopped; then the journal. Each slice renews the
    /// data's token: the data changes. The rows another program changed or named meanwhile (and
    /// what they need) are kept: how many, the answer.
    fn roll_back_journal(&mut self, journal: i64) -> Result<Kept> {
        let mut size = SliceSize::new();
        let mut slices = 0;
        loop {
            let tx = write_tx(&mut self.conn)?;
            let locked = Instant::now();
            owner_writes(&tx)?;
            // Another program may have named one more of the import's rows since the last slice.
            for sql in KEEP_WHAT_KEPT_ROWS_NEED {
                tx.execute(sql, [journal])?;
            }
            // The interactions first: deleting a contact first would also clear the links of
            // interactions about to go.
            let span: Option<(i64, String, i64, i64)> = tx
                .query_row(
                    "SELECT rowid, tbl, first_id, last_id FROM import_journal_spans WHERE journal_id = ?1
                     ORDER BY CASE tbl WHEN 'interactions' THEN 0 WHEN 'reactions' THEN 1 WHEN 'posts' THEN 2
                                       WHEN 'contacts' THEN 3 ELSE 4 END, rowid DESC LIMIT 1",
                    [journal],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?;
            let Some((span, table, first, last)) = span else {
                // The search ranges the import owed, now with no row left in them.
                tx.execute_batch(
                    "DELETE FROM search_backlog WHERE kind = 'contact'
                       AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id BETWEEN first_id AND last_id);
                     DELETE FROM search_backlog WHERE kind = 'interaction'
                       AND NOT EXISTS (SELECT 1 FROM interactions i WHERE i.id BETWEEN first_id AND last_id);",
                )?;
                let mut kept = Kept::default();
                {
                    let mut stmt = tx.prepare(
                        "SELECT tbl, count(DISTINCT id) FROM import_journal_kept k WHERE journal_id = ?1
                           AND NOT EXISTS (SELECT 1 FROM import_journal_gone g
                                           WHERE g.journal_id = ?1 AND g.tbl = k.tbl AND g.id = k.id)
                         GROUP BY tbl",
                    )?;
                    let mut rows = stmt.query([journal])?;
                    while let Some(r) = rows.next()? {
                        let n = r.get::<_, i64>(1)? as usize;
                        match r.get::<_, String>(0)?.as_str() {
                            "contacts" => kept.contacts += n,
                            "interactions" => kept.interactions += n,
                            _ => kept.other += n,
                        }
                    }
                }
                tx.execute("DELETE FROM import_journal WHERE id = ?1", [journal])?;
                tx.commit()?;
                return Ok(kept);
            };
            let from = first.max(last.saturating_sub(size.rows - 1));
            // Off the journal first, so that the schema's triggers do not note these deletes as
            // another program's.
            if from > first {
                tx.execute("UPDATE import_journal_spans SET last_id = ?2 WHERE rowid = ?1", params![span, from - 1])?;
            } else {
                tx.execute("DELETE FROM import_journal_spans WHERE rowid = ?1", [span])?;
            }
            if let Some(table) = journal_table(&table) {
                // An id whose row another program deleted may be another row's now: left alone. A
                // row another program changed or named is kept.
                let sql = format!(
                    "DELETE FROM {table} WHERE id BETWEEN ?1 AND ?2
                       AND id NOT IN (SELECT id FROM import_journal_gone WHERE journal_id = ?3 AND tbl = '{table}')
                       AND id NOT IN (SELECT id FROM import_journal_kept WHERE journal_id = ?3 AND tbl = '{table}')"
                );
                tx.execute(&sql, params![from, last, journal])?;
            }
            owner_done(&tx)?;
            tx.commit()?;
            size.after(locked.elapsed());
            slices += 1;
            pause_after_slice(slices);
        }
    }

    /// Takes back an import another program left half-applied when it died (its journal is
    /// there and nobody holds its lock file), as the next open would: for a long-lived process
    /// (the app) that notices other programs' writes. True when there was one. Cheap when there
    /// is no journal (one read).
    pub fn take_back_dead_import(&mut self) -> Result<bool> {
        let any: bool = self.conn.query_row("SELECT EXISTS (SELECT 1 FROM import_journal)", [], |r| r.get(0))?;
        if !any {
            return Ok(false);
        }
        self.roll_back_dead_import()?;
        let left: bool = self.conn.query_row("SELECT EXISTS (SELECT 1 FROM import_journal)", [], |r| r.get(0))?;
        Ok(!left)
    }

    /// At an open for writing: rolls back an import that died while it applied (its journal is
    /// there and nobody holds its lock file). Nothing to do in memory or read-only, and nothing
    /// while the import that wrote the journal still applies.
    pub(crate) fn roll_back_dead_import(&mut self) -> Result<()> {
        let Some(db) = self.path.clone() else { return Ok(()) };
        if self.conn.is_readonly(rusqlite::MAIN_DB)? {
            return Ok(());
        }
        let any: bool = self.conn.query_row("SELECT EXISTS (SELECT 1 FROM import_journal)", [], |r| r.get(0))?;
        if !any {
            return Ok(());
        }
        let Some(_lock) = ApplyLock::take(&db)? else { return Ok(()) };
        self.roll_back_journals()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The statement of the last transaction that starts with `start`.
    fn move_statement(start: &str) -> String {
        let all = LAST_UPDATES;
        let code =
            |part: &str| part.lines().filter(|l| !l.trim_start().starts_with("--")).collect::<Vec<_>>().join("\n");
        let found = all.split(";\n").map(code).find(|part| part.trim_start().starts_with(start));
        found.unwrap_or_else(|| panic!("no statement of the last transaction starts with {start}"))
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
        // Whether a staged answer is there at all is read from its index, not from every staged row.
        assert!(plan.iter().any(|step| step.contains("import_interactions_by_answers")), "{plan:?}");
    }
}
