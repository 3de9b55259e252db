//! What the importer (`crate::import`) reads and writes. The importer decides what an import
//! does (matching, merging, what is a duplicate, what a restore keeps); this module only knows
//! how to ask the database and how to write the rows it decided on.
//!
//! Reads go through an [`ImportReader`], on the store for a preview or inside the write
//! transaction for an apply, so what is matched is what is written. Writes go through an
//! [`ImportWriter`] that [`Store::import_tx`] hands out inside one write transaction (opened
//! like every other, see `bulk.rs`): all of the import or, on an error or a cancel, none of it.
//! Each kind of row has one prepared statement, reused for every row, as in [`super::Bulk`].
//! The rows are checked by the importer (it validates every contact and interaction first),
//! then by the schema.

use std::collections::HashMap;

use rusqlite::{params, Connection, Statement};

use super::bulk::{blank, statement, BulkInteraction, BulkPost, BulkQuestion, BulkReaction, BulkValueItem};
use super::circles::circle_id_creating;
use super::contacts::{read_contact, write_fields};
use super::Store;
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

    /// Runs `work` with an [`ImportWriter`] in one write transaction, committed when it returns
    /// `Ok`; an error (a cancel too) rolls all of it back.
    pub(crate) fn import_tx<T>(&mut self, work: impl FnOnce(&mut ImportWriter<'_>) -> Result<T>) -> Result<T> {
        self.in_write_tx(|conn| work(&mut ImportWriter::new(conn)))
    }
}

/// The queries matching needs, each prepared once: a check runs once per incoming row.
pub(crate) struct ImportReader<'c> {
    conn: &'c Connection,
    interaction_at: Option<Statement<'c>>,
    post: Option<Statement<'c>>,
}

impl<'c> ImportReader<'c> {
    fn new(conn: &'c Connection) -> ImportReader<'c> {
        ImportReader { conn, interaction_at: None, post: None }
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

    /// True when a post on `platform` at `at` with this title exists (both already trimmed).
    pub(crate) fn post_exists(&mut self, platform: &str, at: Secs, title: &str) -> Result<bool> {
        let sql = "SELECT EXISTS (SELECT 1 FROM posts WHERE platform = ?1 AND posted_at = ?2 AND title = ?3)";
        Ok(statement(self.conn, &mut self.post, sql)?.query_row(params![platform, at, title], |r| r.get(0))?)
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
    contact: Option<Statement<'c>>,
    email: Option<Statement<'c>>,
    phone: Option<Statement<'c>>,
    link: Option<Statement<'c>>,
    member: Option<Statement<'c>>,
    touch: Option<Statement<'c>>,
    interaction: Option<Statement<'c>>,
    participant: Option<Statement<'c>>,
    value_item: Option<Statement<'c>>,
    standalone_item: Option<Statement<'c>>,
    question: Option<Statement<'c>>,
    circle: Option<Statement<'c>>,
    circle_cadence: Option<Statement<'c>>,
    post: Option<Statement<'c>>,
    reaction: Option<Statement<'c>>,
    setting_replace: Option<Statement<'c>>,
    setting_keep: Option<Statement<'c>>,
}

/// Writes an import's rows inside the transaction [`Store::import_tx`] opened. `id`
/// arguments keep a restored row's id; `None` gives a new one.
pub(crate) struct ImportWriter<'c> {
    conn: &'c Connection,
    reads: ImportReader<'c>,
    prepared: Prepared<'c>,
    /// Circle ids by lower-cased name, so each circle is looked up or created once.
    circles: HashMap<String, CircleId>,
}

impl<'c> ImportWriter<'c> {
    fn new(conn: &'c Connection) -> ImportWriter<'c> {
        ImportWriter { conn, reads: ImportReader::new(conn), prepared: Prepared::default(), circles: HashMap::new() }
    }

    /// The reads, inside this transaction.
    pub(crate) fn reads(&mut self) -> &mut ImportReader<'c> {
        &mut self.reads
    }

    /// The data's token inside this transaction (see [`Store::import_snapshot`]).
    pub(crate) fn data_token(&self) -> Result<i64> {
        crate::db::data_token(self.conn)
    }

    /// A new contact with its emails, phones, links and circles (created when missing).
    pub(crate) fn contact(&mut self, f: &ContactFields, row: ContactRow) -> Result<ContactId> {
        let sql = "INSERT INTO contacts (id, display_name, given_name, family_name, nickname, company, role, location,
                       how_met, met_on, birthday, closeness, is_kin, notes, cadence_days, archived, created_at, updated_at)
                   VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)";
        statement(self.conn, &mut self.prepared.contact, sql)?.execute(params![
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
        let id = ContactId(self.conn.last_insert_rowid());
        let p = &mut self.prepared;
        for (slot, sql, items) in [
            (&mut p.email, "INSERT INTO contact_emails (contact_id, email, label) VALUES (?1, ?2, ?3)", &f.emails),
            (&mut p.phone, "INSERT INTO contact_phones (contact_id, phone, label) VALUES (?1, ?2, ?3)", &f.phones),
            (&mut p.link, "INSERT INTO contact_links (contact_id, url, label) VALUES (?1, ?2, ?3)", &f.links),
        ] {
            if items.is_empty() {
                continue;
            }
            let stmt = statement(self.conn, slot, sql)?;
            for item in items {
                stmt.execute(params![id, item.value, item.label])?;
            }
        }
        for name in &f.circles {
            let circle = self.circle_named(name)?;
            let sql = "INSERT OR IGNORE INTO contact_circles (contact_id, circle_id) VALUES (?1, ?2)";
            statement(self.conn, &mut self.prepared.member, sql)?.execute(params![id, circle])?;
        }
        Ok(id)
    }

    /// The circle called `name` (any case), created when missing.
    fn circle_named(&mut self, name: &str) -> Result<CircleId> {
        let key = name.to_lowercase();
        if let Some(id) = self.circles.get(&key) {
            return Ok(*id);
        }
        let id = circle_id_creating(self.conn, name)?;
        self.circles.insert(key, id);
        Ok(id)
    }

    /// Replaces an existing contact's fields (merged by the importer) and marks it updated at `at`.
    pub(crate) fn update_contact(&mut self, id: ContactId, f: &ContactFields, at: Secs) -> Result<()> {
        let sql = "UPDATE contacts SET updated_at = ?2 WHERE id = ?1";
        statement(self.conn, &mut self.prepared.touch, sql)?.execute(params![id, at])?;
        write_fields(self.conn, id, f)
    }

    /// An interaction and its participants (a participant named twice is written once).
    pub(crate) fn interaction(&mut self, id: Option<InteractionId>, i: &BulkInteraction<'_>) -> Result<InteractionId> {
        let sql = "INSERT INTO interactions (id, occurred_at, utc_offset_min, channel, initiated_by, duration_min, summary, created_at)
                   VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
        statement(self.conn, &mut self.prepared.interaction, sql)?.execute(params![
            id,
            i.at,
            i.utc_offset_min,
            i.channel,
            i.initiated_by,
            i.duration_min,
            i.summary,
            i.created_at
        ])?;
        let id = InteractionId(self.conn.last_insert_rowid());
        let sql = "INSERT OR IGNORE INTO interaction_participants (interaction_id, contact_id) VALUES (?1, ?2)";
        let participant = statement(self.conn, &mut self.prepared.participant, sql)?;
        for contact in i.participants {
            participant.execute(params![id, contact])?;
        }
        Ok(id)
    }

    /// A value item of an interaction.
    pub(crate) fn value_item(&mut self, id: Option<ValueItemId>, v: &BulkValueItem<'_>) -> Result<()> {
        let sql = "INSERT INTO value_items (id, contact_id, interaction_id, direction, kind, weight, note, occurred_at)
                   VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
        statement(self.conn, &mut self.prepared.value_item, sql)?.execute(params![
            id,
            v.contact,
            v.interaction,
            v.direction,
            v.kind,
            v.weight,
            v.note,
            v.at
        ])?;
        Ok(())
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

    pub(crate) fn question(&mut self, id: Option<QuestionId>, q: &BulkQuestion<'_>) -> Result<()> {
        let sql = "INSERT INTO questions (id, contact_id, asked_in, asked_by, text, answered_in)
                   VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
        statement(self.conn, &mut self.prepared.question, sql)?.execute(params![
            id,
            q.contact,
            q.asked_in,
            q.asked_by,
            q.text,
            q.answered_in
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
        let sql = "INSERT INTO reactions (id, post_id, contact_id, kind, count, reacted_at, comment, replied)
                   VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
        statement(self.conn, &mut self.prepared.reaction, sql)?
            .execute(params![id, r.post, r.contact, r.kind, r.count, r.at, r.comment, r.replied])?;
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
