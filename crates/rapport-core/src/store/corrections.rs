//! Correcting what was logged: editing an interaction, a value item, a question or a post, and
//! deleting any of them (or a whole contact) with a way back.
//!
//! A delete returns a [`Deleted`]: what it removed, counted, and a [`Snapshot`] of every row it
//! removed, as plain data. [`Store::undo_delete`] puts those rows back with their own ids in one
//! transaction, or refuses, writing nothing, when something written since is in the way (the
//! same id taken again, a contact or an interaction they point to deleted meanwhile). Keeping the
//! snapshot is the caller's business: the window holds it while its Undo notice shows.
//!
//! [`Store::preview_delete_contact`] reads the same snapshot without deleting, so what the window
//! announces ("this removes 12 interactions") is exactly what the delete removes.

use std::collections::BTreeSet;

use chrono::{DateTime, FixedOffset};
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::contacts::ensure_contact;
use super::interactions::{
    check_reply, check_value_item, distinct_participants, group_initiator, insert_items, MAX_DURATION_MIN,
    MAX_QUESTION, MAX_SUMMARY,
};
use super::{check_len, check_prose, Store};
use crate::db::write_tx;
use crate::error::{Error, Reason, Result};
use crate::model::*;
use crate::time::{to_stored, utc};

/// The tables a delete can take rows from, in the order undo puts them back (each after the
/// rows it points to).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Table {
    Contacts,
    ContactEmails,
    ContactPhones,
    ContactLinks,
    ContactCircles,
    ContactFactChanges,
    Merges,
    MergeMoves,
    Interactions,
    InteractionParticipants,
    InteractionSources,
    ValueItems,
    Questions,
    Posts,
    Reactions,
}

impl Table {
    fn name(self) -> &'static str {
        match self {
            Table::Contacts => "contacts",
            Table::ContactEmails => "contact_emails",
            Table::ContactPhones => "contact_phones",
            Table::ContactLinks => "contact_links",
            Table::ContactCircles => "contact_circles",
            Table::ContactFactChanges => "contact_fact_changes",
            Table::Merges => "merges",
            Table::MergeMoves => "merge_moves",
            Table::Interactions => "interactions",
            Table::InteractionParticipants => "interaction_participants",
            Table::InteractionSources => "interaction_sources",
            Table::ValueItems => "value_items",
            Table::Questions => "questions",
            Table::Posts => "posts",
            Table::Reactions => "reactions",
        }
    }
}

/// The rows of one table a delete removed, each in the table's own column order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableRows {
    pub table: Table,
    pub rows: Vec<Vec<serde_json::Value>>,
}

/// Everything one delete removed, enough to put it back as it was.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub tables: Vec<TableRows>,
    /// Questions that stay but lost their answer with the deleted interaction: `(question,
    /// interaction)`, answered again on undo.
    #[serde(default)]
    pub answers: Vec<(QuestionId, InteractionId)>,
    /// Interactions that stay but lost their reply link with the deleted one: `(reply, replied
    /// to)`, linked again on undo.
    #[serde(default)]
    pub replies: Vec<(InteractionId, InteractionId)>,
}

/// What a delete removed, counted for the sentence that announces it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    pub contacts: usize,
    pub interactions: usize,
    pub questions: usize,
    pub value_items: usize,
    pub posts: usize,
    pub reactions: usize,
    /// Interactions shared with others, which stay without this contact.
    pub shared_interactions: usize,
}

/// The answer of every delete: what went, and how to bring it back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deleted {
    pub removed: Removed,
    /// Contacts whose measures the delete changed (participants, the contact of an item).
    pub contacts: Vec<ContactId>,
    pub snapshot: Snapshot,
}

impl Snapshot {
    fn rows(&self, table: Table) -> usize {
        self.tables.iter().filter(|t| t.table == table).map(|t| t.rows.len()).sum()
    }

    /// The ids in column `column` of `table`'s rows.
    fn ids(&self, table: Table, column: usize) -> BTreeSet<i64> {
        self.tables
            .iter()
            .filter(|t| t.table == table)
            .flat_map(|t| t.rows.iter().filter_map(|r| r.get(column).and_then(serde_json::Value::as_i64)))
            .collect()
    }

    /// The contacts whose measures these rows are part of; `None` when they hold contacts or
    /// posts themselves, which move the whole network.
    pub fn touched(&self) -> Option<Vec<ContactId>> {
        if self.rows(Table::Contacts) > 0 || self.rows(Table::Posts) > 0 || self.rows(Table::Reactions) > 0 {
            return None;
        }
        // The contact column of participants (1), value items (1) and questions (1).
        let mut ids = self.ids(Table::InteractionParticipants, 1);
        ids.extend(self.ids(Table::ValueItems, 1));
        ids.extend(self.ids(Table::Questions, 1));
        Some(ids.into_iter().map(ContactId).collect())
    }

    fn removed(&self, shared_interactions: usize) -> Removed {
        Removed {
            contacts: self.rows(Table::Contacts),
            interactions: self.rows(Table::Interactions),
            questions: self.rows(Table::Questions),
            value_items: self.rows(Table::ValueItems),
            posts: self.rows(Table::Posts),
            reactions: self.rows(Table::Reactions),
            shared_interactions,
        }
    }
}

/// What may change in a logged interaction; a field left out stays as it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InteractionEdit {
    pub at: Option<DateTime<FixedOffset>>,
    pub channel: Option<Channel>,
    pub initiated_by: Option<Party>,
    pub participants: Option<Vec<ContactId>>,
    /// `Some(None)` (JSON `null`) clears the duration.
    #[serde(deserialize_with = "present")]
    pub duration_min: Option<Option<u32>>,
    pub summary: Option<String>,
    /// Changes to value items of this interaction, saved with it.
    pub value_items: Vec<ValueItemChange>,
    /// Changes to questions asked in this interaction, saved with it.
    pub questions: Vec<QuestionChange>,
    /// Value items to add, given by me and received, as `log` takes them: one naming no contact
    /// goes to each participant (after the edit).
    pub add_given: Vec<NewValueItem>,
    pub add_received: Vec<NewValueItem>,
    /// Questions to add, asked in this interaction, as `log` takes them.
    pub add_questions: Vec<NewQuestion>,
    /// Which participant started it (implies `initiated_by` = them); `Some(None)` (JSON `null`)
    /// clears it. Saying `initiated_by` = me clears it too.
    #[serde(deserialize_with = "present")]
    pub initiator: Option<Option<ContactId>>,
    /// The earlier interaction it replies to; `Some(None)` (JSON `null`) clears the link.
    #[serde(deserialize_with = "present")]
    pub in_reply_to: Option<Option<InteractionId>>,
}

/// One value item of an interaction, and what changes in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValueItemChange {
    pub id: ValueItemId,
    pub edit: ValueItemEdit,
}

/// One question asked in an interaction, and what changes in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionChange {
    pub id: QuestionId,
    pub edit: QuestionEdit,
}

impl InteractionEdit {
    pub fn is_empty(&self) -> bool {
        *self == InteractionEdit::default()
    }
}

/// What may change in a value item; a field left out stays as it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ValueItemEdit {
    pub direction: Option<Direction>,
    pub kind: Option<ValueKind>,
    #[serde(deserialize_with = "present")]
    pub weight: Option<Option<f64>>,
    pub note: Option<String>,
}

/// What may change in a question; a field left out stays as it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct QuestionEdit {
    pub asked_by: Option<Party>,
    pub text: Option<String>,
}

/// What may change in a post; a field left out stays as it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PostEdit {
    pub platform: Option<String>,
    pub at: Option<DateTime<FixedOffset>>,
    pub title: Option<String>,
    /// `Some(None)` (JSON `null`) clears the address.
    #[serde(deserialize_with = "present")]
    pub url: Option<Option<String>>,
}

/// What may change in a reaction; a field left out stays as it is. Who reacted and to which
/// post stay: a reaction by someone else is another reaction.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReactionEdit {
    pub kind: Option<ReactionKind>,
    pub count: Option<u32>,
    /// `Some(None)` (JSON `null`) clears the comment.
    #[serde(deserialize_with = "present")]
    pub comment: Option<Option<String>>,
    pub replied: Option<bool>,
}

/// A field that is there, even as `null` (which then means "clear it").
fn present<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> std::result::Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

impl Store {
    /// Changes a logged interaction. Refused, writing nothing: an unknown interaction or
    /// contact, no participant left, a participant removed while their value items or questions
    /// stay in it, a new time that would put an answer before its question, and a value item or
    /// question added that `log` would refuse (one for someone not taking part, an empty question).
    /// Returns the interaction as it is now, with the participants it had before.
    pub fn edit_interaction(
        &mut self,
        id: InteractionId,
        edit: &InteractionEdit,
    ) -> Result<(Interaction, Vec<ContactId>)> {
        let before = self.interaction(id)?;
        let old_people: Vec<ContactId> = before.participants.iter().map(|p| p.id).collect();
        let people = match &edit.participants {
            Some(list) => distinct_participants(list)?,
            None => old_people.clone(),
        };
        let at = match edit.at {
            Some(at) => to_stored("at", at)?,
            None => to_stored("at", before.at)?,
        };
        let duration = edit.duration_min.unwrap_or(before.duration_min);
        if let Some(d) = duration {
            if d > MAX_DURATION_MIN {
                return Err(Error::invalid("duration_min", Reason::Duration { value: d.into() }));
            }
        }
        let summary = edit.summary.as_deref().map(str::trim).unwrap_or(&before.summary).to_owned();
        check_prose("summary", &summary, MAX_SUMMARY)?;
        // Naming who started it says "them"; saying "me" forgets who did.
        let initiated_by = match (edit.initiated_by, edit.initiator) {
            (Some(by), _) => by,
            (None, Some(Some(_))) => Party::Them,
            (None, _) => before.initiated_by,
        };
        let initiator = match edit.initiator {
            Some(named) => named,
            None if initiated_by == Party::Me => None,
            None => before.initiator,
        };
        let initiator = group_initiator(initiated_by, initiator, &people)?;
        let in_reply_to = edit.in_reply_to.unwrap_or(before.in_reply_to);
        let mut items = Vec::new();
        for change in &edit.value_items {
            let Some(old) = before.value_items.iter().find(|v| v.id == change.id) else {
                return Err(Error::invalid(
                    "value_items",
                    Reason::NotInInteraction { what: "value item".into(), id: change.id.0 },
                ));
            };
            items.push((change.id, merged_value_item(old, &change.edit)?));
        }
        let mut questions = Vec::new();
        for change in &edit.questions {
            let Some(old) = before.questions.iter().find(|q| q.id == change.id) else {
                return Err(Error::invalid(
                    "questions",
                    Reason::NotInInteraction { what: "question".into(), id: change.id.0 },
                ));
            };
            questions.push((change.id, merged_question(old, &change.edit)?));
        }

        let tx = write_tx(&mut self.conn)?;
        for p in &people {
            ensure_contact(&tx, *p)?;
        }
        for gone in old_people.iter().filter(|p| !people.contains(p)) {
            let kept: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM value_items WHERE interaction_id = ?1 AND contact_id = ?2)
                     OR EXISTS (SELECT 1 FROM questions WHERE (asked_in = ?1 OR answered_in = ?1) AND contact_id = ?2)",
                params![id, gone],
                |r| r.get(0),
            )?;
            if kept {
                return Err(Error::invalid("participants", Reason::ParticipantHasItems { contact: gone.0 }));
            }
        }
        check_answers_in_order(&tx, id, at.0)?;
        if let Some(earlier) = in_reply_to {
            check_reply(&tx, Some(id), at.0, &people, earlier)?;
        }
        check_replies_still_follow(&tx, id, at.0, &people)?;
        tx.execute(
            "UPDATE interactions SET occurred_at = ?2, utc_offset_min = ?3, channel = ?4, initiated_by = ?5,
                 duration_min = ?6, summary = ?7, initiator_id = ?8, in_reply_to = ?9 WHERE id = ?1",
            params![
                id,
                at.0,
                at.1,
                edit.channel.unwrap_or(before.channel),
                initiated_by,
                duration,
                summary,
                initiator,
                in_reply_to
            ],
        )?;
        // Value items logged with an interaction happened when it did.
        tx.execute("UPDATE value_items SET occurred_at = ?2 WHERE interaction_id = ?1", params![id, at.0])?;
        for (item, fields) in &items {
            update_value_item(&tx, *item, fields)?;
        }
        for (question, fields) in &questions {
            update_question(&tx, *question, fields)?;
        }
        for gone in old_people.iter().filter(|p| !people.contains(p)) {
            tx.execute(
                "DELETE FROM interaction_participants WHERE interaction_id = ?1 AND contact_id = ?2",
                params![id, gone],
            )?;
        }
        for added in people.iter().filter(|p| !old_people.contains(p)) {
            tx.execute(
                "INSERT INTO interaction_participants (interaction_id, contact_id) VALUES (?1, ?2)",
                params![id, added],
            )?;
        }
        // After the participants: a new item or question is for those it has now.
        insert_items(&tx, id, at.0, &people, [&edit.add_given, &edit.add_received], &edit.add_questions)?;
        tx.commit()?;
        Ok((self.interaction(id)?, old_people))
    }

    /// One value item.
    pub fn value_item(&self, id: ValueItemId) -> Result<ValueItem> {
        self.value_items_where("id = ?1", id.0)?.pop().ok_or_else(|| Error::not_found("value item", id.0))
    }

    /// Changes a value item's direction, kind, weight or note.
    pub fn edit_value_item(&mut self, id: ValueItemId, edit: &ValueItemEdit) -> Result<ValueItem> {
        let before =
            self.value_items_where("id = ?1", id.0)?.pop().ok_or_else(|| Error::not_found("value item", id.0))?;
        let fields = merged_value_item(&before, edit)?;
        let tx = write_tx(&mut self.conn)?;
        update_value_item(&tx, id, &fields)?;
        tx.commit()?;
        self.value_items_where("id = ?1", id.0)?.pop().ok_or_else(|| Error::not_found("value item", id.0))
    }

    /// Changes who asked a question, or its words.
    pub fn edit_question(&mut self, id: QuestionId, edit: &QuestionEdit) -> Result<Question> {
        let before = self.question(id)?;
        let fields = merged_question(&before, edit)?;
        let tx = write_tx(&mut self.conn)?;
        update_question(&tx, id, &fields)?;
        tx.commit()?;
        self.question(id)
    }

    /// Changes a post's platform, time, title or address. Refused when the new time comes after
    /// one of its reactions.
    pub fn edit_post(&mut self, id: PostId, edit: &PostEdit) -> Result<Post> {
        let before = self.post(id)?;
        let platform = edit.platform.as_deref().unwrap_or(&before.platform).trim().to_owned();
        let title = edit.title.as_deref().unwrap_or(&before.title).trim().to_owned();
        let url = edit.url.clone().unwrap_or(before.url.clone());
        let url = super::clean(&url);
        super::posts::check_post(&platform, &title, url.as_deref())?;
        let (at, offset) = to_stored("at", edit.at.unwrap_or(before.at))?;
        let tx = write_tx(&mut self.conn)?;
        let earlier: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM reactions WHERE post_id = ?1 AND reacted_at < ?2)",
            params![id, at],
            |r| r.get(0),
        )?;
        if earlier {
            return Err(Error::invalid("at", Reason::ReactionBeforePost {}));
        }
        tx.execute(
            "UPDATE posts SET platform = ?2, posted_at = ?3, utc_offset_min = ?4, title = ?5, url = ?6 WHERE id = ?1",
            params![id, platform, at, offset, title, url],
        )?;
        tx.commit()?;
        self.post(id)
    }

    /// Changes a reaction's kind, count, comment or whether I replied, by the rules a new
    /// reaction follows.
    pub fn edit_reaction(&mut self, id: ReactionId, edit: &ReactionEdit) -> Result<Reaction> {
        let before = self.reaction(id)?;
        let kind = edit.kind.unwrap_or(before.kind);
        let count = edit.count.unwrap_or(before.count);
        let comment = super::clean(&edit.comment.clone().unwrap_or(before.comment.clone()));
        let replied = edit.replied.unwrap_or(before.replied);
        let reacted_at =
            super::posts::check_reaction(kind, before.contact, count, before.at, comment.as_deref(), replied)?;
        // A reply already recorded keeps its date; one recorded now is dated now.
        let replied_at = match (replied, before.replied_at) {
            (true, Some(t)) if before.replied => Some(t.timestamp()),
            _ => super::posts::replied_at(replied, None, reacted_at)?,
        };
        let tx = write_tx(&mut self.conn)?;
        tx.execute(
            "UPDATE reactions SET kind = ?2, count = ?3, comment = ?4, replied = ?5, replied_at = ?6 WHERE id = ?1",
            params![id, kind, count, comment, replied, replied_at],
        )?;
        tx.commit()?;
        self.reaction(id)
    }

    /// Deletes an interaction with its participants' links, value items and the questions asked
    /// in it; questions it answered become open again (and answered again on undo).
    pub fn delete_interaction(&mut self, id: InteractionId) -> Result<Deleted> {
        let tx = write_tx(&mut self.conn)?;
        let exists: bool =
            tx.query_row("SELECT EXISTS (SELECT 1 FROM interactions WHERE id = ?1)", [id], |r| r.get(0))?;
        if !exists {
            return Err(Error::not_found("interaction", id.0));
        }
        let snapshot = capture(&tx, &[], &[id.0])?;
        tx.execute("DELETE FROM interactions WHERE id = ?1", [id])?;
        tx.commit()?;
        let contacts = snapshot.ids(Table::InteractionParticipants, 1).into_iter().map(ContactId).collect();
        Ok(Deleted { removed: snapshot.removed(0), contacts, snapshot })
    }

    /// What deleting a contact would remove, without removing it.
    pub fn preview_delete_contact(&self, id: ContactId) -> Result<Removed> {
        ensure_contact(&self.conn, id)?;
        let (snapshot, shared) = capture_contact(&self.conn, id)?;
        Ok(snapshot.removed(shared))
    }

    /// Deletes a contact with everything only they took part in: their interactions with no one
    /// else, their questions, value items, reactions and the contacts merged into them. Group
    /// interactions stay, with the others.
    pub fn delete_contact(&mut self, id: ContactId) -> Result<Deleted> {
        let tx = write_tx(&mut self.conn)?;
        ensure_contact(&tx, id)?;
        let (snapshot, shared) = capture_contact(&tx, id)?;
        let people = ids_json(snapshot.ids(Table::Contacts, 0));
        let interactions = ids_json(snapshot.ids(Table::Interactions, 0));
        tx.execute("DELETE FROM contacts WHERE id IN (SELECT value FROM json_each(?1))", [&people])?;
        tx.execute("DELETE FROM interactions WHERE id IN (SELECT value FROM json_each(?1))", [&interactions])?;
        tx.commit()?;
        Ok(Deleted { removed: snapshot.removed(shared), contacts: vec![id], snapshot })
    }

    pub fn delete_value_item(&mut self, id: ValueItemId) -> Result<Deleted> {
        self.delete_one(Table::ValueItems, "value item", id.0, 1)
    }

    pub fn delete_question(&mut self, id: QuestionId) -> Result<Deleted> {
        self.delete_one(Table::Questions, "question", id.0, 1)
    }

    /// Deletes a post with its reactions.
    pub fn delete_post(&mut self, id: PostId) -> Result<Deleted> {
        let tx = write_tx(&mut self.conn)?;
        let mut snapshot = Snapshot::default();
        push_rows(&tx, &mut snapshot, Table::Posts, "id = ?1", id.0)?;
        if snapshot.rows(Table::Posts) == 0 {
            return Err(Error::not_found("post", id.0));
        }
        push_rows(&tx, &mut snapshot, Table::Reactions, "post_id = ?1", id.0)?;
        tx.execute("DELETE FROM posts WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(Deleted { removed: snapshot.removed(0), contacts: Vec::new(), snapshot })
    }

    pub fn delete_reaction(&mut self, id: ReactionId) -> Result<Deleted> {
        self.delete_one(Table::Reactions, "reaction", id.0, 2)
    }

    /// Deletes the row `id` of a table nothing else points to; `contact_column` is where its
    /// contact is.
    fn delete_one(&mut self, table: Table, entity: &'static str, id: i64, contact_column: usize) -> Result<Deleted> {
        let tx = write_tx(&mut self.conn)?;
        let mut snapshot = Snapshot::default();
        push_rows(&tx, &mut snapshot, table, "id = ?1", id)?;
        if snapshot.rows(table) == 0 {
            return Err(Error::not_found(entity, id));
        }
        tx.execute(&format!("DELETE FROM {} WHERE id = ?1", table.name()), [id])?;
        tx.commit()?;
        let contacts = snapshot.ids(table, contact_column).into_iter().map(ContactId).collect();
        Ok(Deleted { removed: snapshot.removed(0), contacts, snapshot })
    }

    /// Puts back what a delete removed, with the same ids, all or nothing. Refused with the
    /// reason, writing nothing, when something written since conflicts with it.
    pub fn undo_delete(&mut self, snapshot: &Snapshot) -> Result<()> {
        let tx = write_tx(&mut self.conn)?;
        let mut tables: Vec<&TableRows> = snapshot.tables.iter().collect();
        tables.sort_by_key(|t| t.table);
        for part in tables {
            let columns = columns_of(&tx, part.table)?;
            let rows = in_insert_order(part, &columns);
            let marks = vec!["?"; columns.len()].join(", ");
            let sql = format!("INSERT INTO {} ({}) VALUES ({marks})", part.table.name(), columns.join(", "));
            let mut stmt = tx.prepare(&sql)?;
            for row in rows {
                if row.len() != columns.len() {
                    return Err(Error::invalid("snapshot", Reason::UndoUnreadable {}));
                }
                let values = row.iter().map(to_sql_value).collect::<Result<Vec<Value>>>()?;
                stmt.execute(rusqlite::params_from_iter(values)).map_err(conflict)?;
            }
        }
        for (question, interaction) in &snapshot.answers {
            let n = tx.execute(
                "UPDATE questions SET answered_in = ?2 WHERE id = ?1 AND answered_in IS NULL",
                params![question, interaction],
            )?;
            if n == 0 {
                return Err(Error::invalid("snapshot", Reason::UndoConflict {}));
            }
        }
        for (reply, earlier) in &snapshot.replies {
            let n = tx.execute(
                "UPDATE interactions SET in_reply_to = ?2 WHERE id = ?1 AND in_reply_to IS NULL",
                params![reply, earlier],
            )?;
            if n == 0 {
                return Err(Error::invalid("snapshot", Reason::UndoConflict {}));
            }
        }
        tx.commit()?;
        Ok(())
    }
}

/// A value item's fields after `edit`, checked.
fn merged_value_item(before: &ValueItem, edit: &ValueItemEdit) -> Result<(Direction, ValueKind, Option<f64>, String)> {
    let weight = edit.weight.unwrap_or(before.weight);
    let note = edit.note.as_deref().map(str::trim).unwrap_or(&before.note).to_owned();
    check_value_item(weight, &note)?;
    Ok((edit.direction.unwrap_or(before.direction), edit.kind.unwrap_or(before.kind), weight, note))
}

fn update_value_item(tx: &Connection, id: ValueItemId, f: &(Direction, ValueKind, Option<f64>, String)) -> Result<()> {
    tx.execute(
        "UPDATE value_items SET direction = ?2, kind = ?3, weight = ?4, note = ?5 WHERE id = ?1",
        params![id, f.0, f.1, f.2, f.3],
    )?;
    Ok(())
}

/// A question's fields after `edit`, checked.
fn merged_question(before: &Question, edit: &QuestionEdit) -> Result<(Party, String)> {
    let text = edit.text.as_deref().map(str::trim).unwrap_or(&before.text).to_owned();
    if text.is_empty() {
        return Err(Error::invalid("text", Reason::QuestionText {}));
    }
    check_len("text", &text, MAX_QUESTION)?;
    Ok((edit.asked_by.unwrap_or(before.asked_by), text))
}

fn update_question(tx: &Connection, id: QuestionId, f: &(Party, String)) -> Result<()> {
    tx.execute("UPDATE questions SET asked_by = ?2, text = ?3 WHERE id = ?1", params![id, f.0, f.1])?;
    Ok(())
}

/// Refuses a time or participants for interaction `id` that would leave a reply to it before it,
/// or with no one in common.
fn check_replies_still_follow(tx: &Connection, id: InteractionId, at: i64, people: &[ContactId]) -> Result<()> {
    let stamp = |secs: i64| utc(secs).format("%Y-%m-%d %H:%M UTC").to_string();
    let mut stmt = tx.prepare_cached("SELECT id, occurred_at FROM interactions WHERE in_reply_to = ?1 ORDER BY id")?;
    let replies: Vec<(InteractionId, i64)> =
        stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    for (reply, reply_at) in replies {
        if reply_at < at || (reply_at == at && reply < id) {
            return Err(Error::invalid(
                "at",
                Reason::ReplyWouldPrecede { reply: reply.0, reply_at: stamp(reply_at), at: stamp(at) },
            ));
        }
        let shared: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM interaction_participants WHERE interaction_id = ?1
                 AND contact_id IN (SELECT value FROM json_each(?2)))",
            params![reply, ids_json(people.iter().map(|p| p.0))],
            |r| r.get(0),
        )?;
        if !shared {
            return Err(Error::invalid("participants", Reason::ReplyNotShared { interaction: reply.0 }));
        }
    }
    Ok(())
}

/// Refuses a time for interaction `id` that would put one of its answers before the question,
/// or one of its questions after the answer.
fn check_answers_in_order(tx: &Connection, id: InteractionId, at: i64) -> Result<()> {
    let stamp = |secs: i64| utc(secs).format("%Y-%m-%d %H:%M UTC").to_string();
    let asked_here: Option<(i64, i64, i64)> = tx
        .query_row(
            "SELECT q.id, q.answered_in, i.occurred_at FROM questions q JOIN interactions i ON i.id = q.answered_in
             WHERE q.asked_in = ?1 AND i.occurred_at < ?2 ORDER BY i.occurred_at LIMIT 1",
            params![id, at],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    if let Some((question, answered_in, answered_at)) = asked_here {
        return Err(Error::invalid(
            "at",
            Reason::AnswerBefore {
                interaction: answered_in,
                answered_at: stamp(answered_at),
                question,
                asked_at: stamp(at),
            },
        ));
    }
    let answered_here: Option<(i64, i64)> = tx
        .query_row(
            "SELECT q.id, i.occurred_at FROM questions q JOIN interactions i ON i.id = q.asked_in
             WHERE q.answered_in = ?1 AND i.occurred_at > ?2 ORDER BY i.occurred_at DESC LIMIT 1",
            params![id, at],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((question, asked_at)) = answered_here {
        return Err(Error::invalid(
            "at",
            Reason::AnswerBefore { interaction: id.0, answered_at: stamp(at), question, asked_at: stamp(asked_at) },
        ));
    }
    Ok(())
}

fn ids_json(ids: impl IntoIterator<Item = i64>) -> String {
    serde_json::Value::from(ids.into_iter().collect::<Vec<i64>>()).to_string()
}

/// The snapshot of deleting contact `id` (and the contacts merged into them), and how many
/// interactions they shared with others.
fn capture_contact(conn: &Connection, id: ContactId) -> Result<(Snapshot, usize)> {
    let mut stmt = conn.prepare(
        "WITH RECURSIVE gone(id) AS (SELECT ?1 UNION SELECT c.id FROM contacts c JOIN gone g ON c.merged_into = g.id)
         SELECT id FROM gone",
    )?;
    let people: Vec<i64> = stmt.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let people_json = ids_json(people.iter().copied());
    // Interactions where every participant goes.
    let mut stmt = conn.prepare(
        "SELECT DISTINCT p.interaction_id, NOT EXISTS (SELECT 1 FROM interaction_participants o
              WHERE o.interaction_id = p.interaction_id AND o.contact_id NOT IN (SELECT value FROM json_each(?1)))
         FROM interaction_participants p WHERE p.contact_id IN (SELECT value FROM json_each(?1))",
    )?;
    let theirs: Vec<(i64, bool)> =
        stmt.query_map([&people_json], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    let only_theirs: Vec<i64> = theirs.iter().filter(|(_, only)| *only).map(|(i, _)| *i).collect();
    let shared = theirs.len() - only_theirs.len();
    Ok((capture(conn, &people, &only_theirs)?, shared))
}

/// Reads every row that deleting the contacts `people` and the interactions `interactions`
/// removes, through the schema's cascades.
fn capture(conn: &Connection, people: &[i64], interactions: &[i64]) -> Result<Snapshot> {
    let p = ids_json(people.iter().copied());
    let i = ids_json(interactions.iter().copied());
    let in_p = |col: &str| format!("{col} IN (SELECT value FROM json_each(?1))");
    let in_i = |col: &str| format!("{col} IN (SELECT value FROM json_each(?2))");
    let merges = format!("{} OR {}", in_p("kept"), in_p("merged"));
    let parts: Vec<(Table, String)> = vec![
        (Table::Contacts, in_p("id")),
        (Table::ContactEmails, in_p("contact_id")),
        (Table::ContactPhones, in_p("contact_id")),
        (Table::ContactLinks, in_p("contact_id")),
        (Table::ContactCircles, in_p("contact_id")),
        (Table::ContactFactChanges, in_p("contact_id")),
        (Table::Merges, merges.clone()),
        (Table::MergeMoves, format!("merge_id IN (SELECT id FROM merges WHERE {merges})")),
        (Table::Interactions, in_i("id")),
        (Table::InteractionParticipants, format!("{} OR {}", in_p("contact_id"), in_i("interaction_id"))),
        // An imported interaction's keys go with it (the schema's cascade) and come back with it.
        (Table::InteractionSources, in_i("interaction_id")),
        (Table::ValueItems, format!("{} OR {}", in_p("contact_id"), in_i("interaction_id"))),
        (Table::Questions, format!("{} OR {}", in_p("contact_id"), in_i("asked_in"))),
        (Table::Reactions, in_p("contact_id")),
    ];
    let mut snapshot = Snapshot::default();
    for (table, condition) in parts {
        let columns = columns_of(conn, table)?;
        let sql = format!("SELECT {} FROM {} WHERE {condition}", columns.join(", "), table.name());
        let mut stmt = conn.prepare(&sql)?;
        // A condition on contacts only has no ?2, and SQLite wants exactly the parameters it has.
        let n = stmt.parameter_count();
        let rows = read_rows(&mut stmt, columns.len(), rusqlite::params_from_iter([&p, &i].into_iter().take(n)))?;
        if !rows.is_empty() {
            snapshot.tables.push(TableRows { table, rows });
        }
    }
    // Questions that stay (asked in an interaction that stays) but were answered in one that goes.
    let mut stmt = conn.prepare(&format!(
        "SELECT id, answered_in FROM questions WHERE {} AND NOT ({} OR {})",
        in_i("answered_in"),
        in_p("contact_id"),
        in_i("asked_in")
    ))?;
    snapshot.answers =
        stmt.query_map(params![p, i], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    // Interactions that stay but reply to one that goes (the link is cleared with it).
    let mut stmt = conn.prepare(&format!(
        "SELECT id, in_reply_to FROM interactions WHERE {} AND NOT {}",
        in_i("in_reply_to"),
        in_i("id")
    ))?;
    snapshot.replies =
        stmt.query_map(params![p, i], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    Ok(snapshot)
}

/// Adds to `snapshot` the rows of `table` where `condition` holds for `id` (`?1`).
fn push_rows(conn: &Connection, snapshot: &mut Snapshot, table: Table, condition: &str, id: i64) -> Result<()> {
    let columns = columns_of(conn, table)?;
    let sql = format!("SELECT {} FROM {} WHERE {condition}", columns.join(", "), table.name());
    let mut stmt = conn.prepare(&sql)?;
    let rows = read_rows(&mut stmt, columns.len(), params![id])?;
    if !rows.is_empty() {
        snapshot.tables.push(TableRows { table, rows });
    }
    Ok(())
}

fn read_rows(
    stmt: &mut rusqlite::Statement<'_>,
    width: usize,
    args: impl rusqlite::Params,
) -> Result<Vec<Vec<serde_json::Value>>> {
    let mut rows = stmt.query(args)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let mut values = Vec::with_capacity(width);
        for c in 0..width {
            values.push(match row.get::<_, Value>(c)? {
                Value::Null => serde_json::Value::Null,
                Value::Integer(n) => n.into(),
                Value::Real(x) => x.into(),
                Value::Text(s) => s.into(),
                // No column of these tables holds bytes.
                Value::Blob(_) => return Err(Error::invalid("snapshot", Reason::UndoUnreadable {})),
            });
        }
        out.push(values);
    }
    Ok(out)
}

/// A table's columns as the schema has them now, never as a snapshot says.
fn columns_of(conn: &Connection, table: Table) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
    let names = stmt.query_map([table.name()], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

/// Contacts in an order where each one merged into another comes after it.
fn in_insert_order<'r>(part: &'r TableRows, columns: &[String]) -> Vec<&'r Vec<serde_json::Value>> {
    let rows: Vec<&Vec<serde_json::Value>> = part.rows.iter().collect();
    let Some(merged_into) = columns.iter().position(|c| c == "merged_into").filter(|_| part.table == Table::Contacts)
    else {
        return rows;
    };
    let mut placed: BTreeSet<i64> = BTreeSet::new();
    let ids: BTreeSet<i64> = rows.iter().filter_map(|r| r.first().and_then(serde_json::Value::as_i64)).collect();
    let mut pending = rows;
    let mut ordered = Vec::new();
    while !pending.is_empty() {
        let (ready, wait): (Vec<_>, Vec<_>) =
            pending.into_iter().partition(|r| match r.get(merged_into).and_then(serde_json::Value::as_i64) {
                Some(target) => !ids.contains(&target) || placed.contains(&target),
                None => true,
            });
        if ready.is_empty() {
            // A cycle cannot come from the database; insert the rest and let the schema judge.
            ordered.extend(wait);
            break;
        }
        placed.extend(ready.iter().filter_map(|r| r.first().and_then(serde_json::Value::as_i64)));
        ordered.extend(ready);
        pending = wait;
    }
    ordered
}

fn to_sql_value(v: &serde_json::Value) -> Result<Value> {
    Ok(match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Integer(i64::from(*b)),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().ok_or_else(|| Error::invalid("snapshot", Reason::UndoUnreadable {}))?),
        },
        serde_json::Value::String(s) => Value::Text(s.clone()),
        _ => return Err(Error::invalid("snapshot", Reason::UndoUnreadable {})),
    })
}

/// A row that cannot go back (its id taken again, or what it points to deleted since).
fn conflict(e: rusqlite::Error) -> Error {
    if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) {
        Error::invalid("snapshot", Reason::UndoConflict {})
    } else {
        e.into()
    }
}
