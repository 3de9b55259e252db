//! Interactions with their participants, value items and questions, and closing questions.

use std::collections::BTreeSet;

use chrono::{DateTime, FixedOffset};
use rusqlite::{params, Connection, OptionalExtension};

use super::contacts::ensure_contact;
use super::{check_len, check_prose, Store};
use crate::db::write_tx;
use crate::error::{Error, Reason, Result};
use crate::model::*;
use crate::time::{check_in_range, from_stored, now, to_stored, utc};

pub(crate) const MAX_SUMMARY: usize = 10_000;
pub(crate) const MAX_QUESTION: usize = 2_000;
pub(crate) const MAX_DURATION_MIN: u32 = 7 * 24 * 60;
const MAX_PARTICIPANTS: usize = 500;

const QUESTION_SELECT: &str = "SELECT q.id, q.contact_id, c.display_name, q.asked_by, q.text, q.asked_in,
        ai.occurred_at, ai.utc_offset_min, q.answered_in, wi.occurred_at, wi.utc_offset_min
     FROM questions q
     JOIN contacts c ON c.id = q.contact_id
     JOIN interactions ai ON ai.id = q.asked_in
     LEFT JOIN interactions wi ON wi.id = q.answered_in";

impl Store {
    /// Logs one interaction with everything that happened in it, all or nothing.
    pub fn log_interaction(&mut self, new: &NewInteraction) -> Result<Interaction> {
        let participants = distinct_participants(&new.participants)?;
        let (at, offset) = to_stored("at", new.at)?;
        if let Some(d) = new.duration_min {
            if d > MAX_DURATION_MIN {
                return Err(Error::invalid("duration_min", Reason::Duration { value: d.into() }));
            }
        }
        check_prose("summary", &new.summary, MAX_SUMMARY)?;
        let initiator = group_initiator(new.initiated_by, new.initiator, &participants)?;

        let tx = write_tx(&mut self.conn)?;
        for p in &participants {
            ensure_contact(&tx, *p)?;
        }
        if let Some(earlier) = new.in_reply_to {
            check_reply(&tx, None, at, &participants, earlier)?;
        }
        tx.execute(
            "INSERT INTO interactions (occurred_at, utc_offset_min, channel, initiated_by, duration_min, summary, created_at,
                 initiator_id, in_reply_to)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                at,
                offset,
                new.channel,
                new.initiated_by,
                new.duration_min,
                new.summary.trim(),
                now(),
                initiator,
                new.in_reply_to
            ],
        )?;
        let id = InteractionId(tx.last_insert_rowid());
        {
            let mut stmt =
                tx.prepare_cached("INSERT INTO interaction_participants (interaction_id, contact_id) VALUES (?1, ?2)")?;
            for p in &participants {
                stmt.execute(params![id, p])?;
            }
        }
        insert_items(&tx, id, at, &participants, [&new.given, &new.received], &new.questions)?;
        for q in &new.answers {
            close_question(&tx, *q, id, at, &participants).map_err(|e| match e {
                // The new interaction's id means nothing to the caller: it was never kept.
                Error::Invalid { field: "answered_in", reason } => Error::invalid("answers", about_this(reason, id)),
                other => other,
            })?;
        }
        tx.commit()?;
        self.interaction(id)
    }

    pub fn interaction(&self, id: InteractionId) -> Result<Interaction> {
        let base = self
            .conn
            .query_row(
                "SELECT id, occurred_at, utc_offset_min, channel, initiated_by, duration_min, summary, initiator_id, in_reply_to,
                    replies_to_reaction
                 FROM interactions WHERE id = ?1",
                [id],
                interaction_from_row,
            )
            .optional()?
            .ok_or_else(|| Error::not_found("interaction", id.0))?;
        self.fill_interaction(base)
    }

    fn fill_interaction(&self, mut it: Interaction) -> Result<Interaction> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id, c.display_name FROM interaction_participants p JOIN contacts c ON c.id = p.contact_id
             WHERE p.interaction_id = ?1 ORDER BY c.display_name COLLATE NOCASE",
        )?;
        it.participants = stmt
            .query_map([it.id], |r| Ok(ContactRef { id: r.get(0)?, display_name: r.get(1)? }))?
            .collect::<rusqlite::Result<_>>()?;
        it.value_items = self.value_items_where("interaction_id = ?1", it.id.0)?;
        it.questions = self.questions_where("q.asked_in = ?1", it.id.0)?;
        let mut stmt = self.conn.prepare_cached("SELECT id FROM questions WHERE answered_in = ?1 ORDER BY id")?;
        it.answers = stmt.query_map([it.id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(it)
    }

    /// Interactions matching `query`, newest first.
    pub fn list_interactions(&self, query: &InteractionQuery) -> Result<Vec<Interaction>> {
        let since = query.since.map(|t| check_in_range("since", t)).transpose()?;
        let until = query.until.map(|t| check_in_range("until", t)).transpose()?;
        if let (Some(s), Some(u)) = (since, until) {
            if s > u {
                return Err(Error::invalid("since", Reason::SinceAfterUntil {}));
            }
        }
        let by_contact = match query.contact {
            Some(c) => self.contact_first_reading(c, query.limit)?,
            None => false,
        };
        let mut stmt = self.conn.prepare_cached(if by_contact {
            "SELECT i.id, i.occurred_at, i.utc_offset_min, i.channel, i.initiated_by, i.duration_min, i.summary,
                 i.initiator_id, i.in_reply_to, i.replies_to_reaction
             FROM interaction_participants p JOIN interactions i ON i.id = p.interaction_id
             WHERE p.contact_id = ?1
               AND (?2 IS NULL OR i.occurred_at >= ?2)
               AND (?3 IS NULL OR i.occurred_at < ?3)
             ORDER BY i.occurred_at DESC, i.id DESC
             LIMIT ?4"
        } else {
            "SELECT id, occurred_at, utc_offset_min, channel, initiated_by, duration_min, summary, initiator_id, in_reply_to,
                    replies_to_reaction
             FROM interactions i
             WHERE (?1 IS NULL OR EXISTS (SELECT 1 FROM interaction_participants p
                                          WHERE p.interaction_id = i.id AND p.contact_id = ?1))
               AND (?2 IS NULL OR occurred_at >= ?2)
               AND (?3 IS NULL OR occurred_at < ?3)
             ORDER BY occurred_at DESC, id DESC
             LIMIT ?4"
        })?;
        let limit = query.limit.map(i64::from).unwrap_or(-1);
        let bases: Vec<Interaction> = stmt
            .query_map(params![query.contact, since, until, limit], interaction_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        bases.into_iter().map(|b| self.fill_interaction(b)).collect()
    }

    /// How to read one contact's latest interactions fastest: through their own list (read it all,
    /// then sort) or down the whole history by time until enough are found. Reading `n` of theirs
    /// costs about `n`; walking the history to find `limit` costs about `limit × total / n`. The
    /// first wins when `n² < limit × total`, and always without a limit.
    fn contact_first_reading(&self, contact: ContactId, limit: Option<u32>) -> Result<bool> {
        let Some(limit) = limit else { return Ok(true) };
        let theirs: i64 = self.conn.query_row(
            "SELECT count(*) FROM interaction_participants WHERE contact_id = ?1",
            [contact],
            |r| r.get(0),
        )?;
        // max(id) is read from the end of the table; count(*) would read all of it.
        let total: i64 = self.conn.query_row("SELECT coalesce(max(id), 0) FROM interactions", [], |r| r.get(0))?;
        Ok(theirs.saturating_mul(theirs) < i64::from(limit).saturating_mul(total))
    }

    /// Marks an open question as answered by a later interaction that includes its contact.
    pub fn answer_question(&mut self, question: QuestionId, answered_in: InteractionId) -> Result<Question> {
        let tx = write_tx(&mut self.conn)?;
        let (at, participants) = interaction_time_and_people(&tx, answered_in)?;
        close_question(&tx, question, answered_in, at, &participants)?;
        tx.commit()?;
        self.question(question)
    }

    /// Opens an answered question again (the undo of answering it).
    pub fn reopen_question(&mut self, question: QuestionId) -> Result<Question> {
        let tx = write_tx(&mut self.conn)?;
        if tx.execute("UPDATE questions SET answered_in = NULL WHERE id = ?1", [question])? == 0 {
            return Err(Error::not_found("question", question.0));
        }
        tx.commit()?;
        self.question(question)
    }

    pub fn question(&self, id: QuestionId) -> Result<Question> {
        self.questions_where("q.id = ?1", id.0)?.pop().ok_or_else(|| Error::not_found("question", id.0))
    }

    /// Questions matching `query`, oldest first (the longest-waiting open loop at the top).
    pub fn list_questions(&self, query: &QuestionQuery) -> Result<Vec<Question>> {
        // With a contact, a plain equality lets SQLite use the contact's index; "?1 IS NULL OR"
        // would read every question of the network.
        let by_contact = if query.contact.is_some() { "q.contact_id = ?1" } else { "?1 IS NULL" };
        let sql = format!(
            "{QUESTION_SELECT}
             WHERE {by_contact} AND (NOT ?2 OR q.answered_in IS NULL) AND (?3 IS NULL OR q.asked_by = ?3)
             ORDER BY ai.occurred_at, q.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![query.contact, query.open_only, query.asked_by], question_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn questions_where(&self, condition: &str, arg: i64) -> Result<Vec<Question>> {
        let mut stmt = self.conn.prepare_cached(&format!("{QUESTION_SELECT} WHERE {condition} ORDER BY q.id"))?;
        let rows = stmt.query_map([arg], question_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records a value item outside any interaction (a gift sent by post, say).
    pub fn add_value_item(
        &mut self,
        contact: ContactId,
        direction: Direction,
        item: &NewValueItem,
        at: DateTime<FixedOffset>,
    ) -> Result<ValueItem> {
        let (secs, _) = to_stored("at", at)?;
        let tx = write_tx(&mut self.conn)?;
        ensure_contact(&tx, contact)?;
        let id = insert_value_item(&tx, contact, None, direction, item, secs)?;
        tx.commit()?;
        self.value_items_where("id = ?1", id.0)?.pop().ok_or_else(|| Error::not_found("value item", id.0))
    }

    /// Value items exchanged with one contact, oldest first.
    pub fn list_value_items(&self, contact: ContactId) -> Result<Vec<ValueItem>> {
        self.value_items_where("contact_id = ?1", contact.0)
    }

    pub(crate) fn value_items_where(&self, condition: &str, arg: i64) -> Result<Vec<ValueItem>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id, contact_id, interaction_id, direction, kind, weight, note, occurred_at
             FROM value_items WHERE {condition} ORDER BY occurred_at, id"
        ))?;
        let rows = stmt.query_map([arg], |r| {
            Ok(ValueItem {
                id: r.get(0)?,
                contact: r.get(1)?,
                interaction: r.get(2)?,
                direction: r.get(3)?,
                kind: r.get(4)?,
                weight: r.get(5)?,
                note: r.get(6)?,
                at: utc(r.get(7)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// An interaction's own columns (id, time, offset, channel, initiated_by, duration, summary,
/// initiator, reply link); its participants, items and questions are filled in after.
fn interaction_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Interaction> {
    Ok(Interaction {
        id: r.get(0)?,
        at: from_stored(r.get(1)?, r.get(2)?),
        channel: r.get(3)?,
        initiated_by: r.get(4)?,
        duration_min: r.get(5)?,
        summary: r.get(6)?,
        participants: Vec::new(),
        value_items: Vec::new(),
        questions: Vec::new(),
        answers: Vec::new(),
        initiator: r.get(7)?,
        in_reply_to: r.get(8)?,
        replies_to_reaction: r.get(9)?,
    })
}

/// The initiator to store: a participant named as who started it (which says "them"), kept
/// only when there are several participants (with one, "them" already names them).
pub(crate) fn group_initiator(
    initiated_by: Party,
    initiator: Option<ContactId>,
    participants: &[ContactId],
) -> Result<Option<ContactId>> {
    let Some(who) = initiator else { return Ok(None) };
    if !participants.contains(&who) {
        return Err(Error::invalid("initiator", Reason::InitiatorNotParticipant { contact: who.0 }));
    }
    if initiated_by == Party::Me {
        return Err(Error::invalid("initiator", Reason::InitiatorButMe { contact: who.0 }));
    }
    Ok((participants.len() > 1).then_some(who))
}

/// The rules of a reply link from interaction `id` (`None`: the one being logged, which comes
/// after every existing one at its instant) at `at` with `participants` to `earlier`: it exists,
/// is another interaction, comes before (or at the same instant, logged before), and shares a
/// participant.
pub(crate) fn check_reply(
    tx: &Connection,
    id: Option<InteractionId>,
    at: i64,
    participants: &[ContactId],
    earlier: InteractionId,
) -> Result<()> {
    if id == Some(earlier) {
        return Err(Error::invalid("in_reply_to", Reason::ReplyToSelf {}));
    }
    let (earlier_at, earlier_people) = interaction_time_and_people(tx, earlier).map_err(|e| match e {
        Error::NotFound { .. } => Error::invalid("in_reply_to", Reason::ReplyToUnknown { interaction: earlier.0 }),
        other => other,
    })?;
    let before = earlier_at < at || (earlier_at == at && id.is_none_or(|id| earlier < id));
    if !before {
        let stamp = |secs: i64| utc(secs).format("%Y-%m-%d %H:%M UTC").to_string();
        return Err(Error::invalid(
            "in_reply_to",
            Reason::ReplyToLater { interaction: earlier.0, replied_at: stamp(earlier_at), at: stamp(at) },
        ));
    }
    if !earlier_people.iter().any(|p| participants.contains(p)) {
        return Err(Error::invalid("in_reply_to", Reason::ReplyNotShared { interaction: earlier.0 }));
    }
    Ok(())
}

fn question_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Question> {
    let answered_secs: Option<i64> = r.get(9)?;
    let answered_offset: Option<i32> = r.get(10)?;
    Ok(Question {
        id: r.get(0)?,
        contact: r.get(1)?,
        contact_name: r.get(2)?,
        asked_by: r.get(3)?,
        text: r.get(4)?,
        asked_in: r.get(5)?,
        asked_at: from_stored(r.get(6)?, r.get(7)?),
        answered_in: r.get(8)?,
        answered_at: answered_secs.map(|s| from_stored(s, answered_offset.unwrap_or(0))),
    })
}

pub(crate) fn distinct_participants(ids: &[ContactId]) -> Result<Vec<ContactId>> {
    if ids.is_empty() {
        return Err(Error::invalid("participants", Reason::NeedParticipant {}));
    }
    if ids.len() > MAX_PARTICIPANTS {
        return Err(Error::invalid(
            "participants",
            Reason::TooManyParticipants { n: ids.len(), max: MAX_PARTICIPANTS },
        ));
    }
    let mut seen = BTreeSet::new();
    Ok(ids.iter().copied().filter(|id| seen.insert(*id)).collect())
}

/// Records value items (`[given, received]`) and questions in interaction `id`, which happened at
/// `at` with `participants`: one naming no contact goes to each participant. For a new
/// interaction and for one edited.
pub(crate) fn insert_items(
    tx: &Connection,
    id: InteractionId,
    at: i64,
    participants: &[ContactId],
    [given, received]: [&Vec<NewValueItem>; 2],
    questions: &[NewQuestion],
) -> Result<()> {
    for (direction, items) in [(Direction::Given, given), (Direction::Received, received)] {
        for item in items {
            for contact in targets("value item", item.contact, participants)? {
                insert_value_item(tx, contact, Some(id), direction, item, at)?;
            }
        }
    }
    for q in questions {
        let text = q.text.trim();
        if text.is_empty() {
            return Err(Error::invalid("questions", Reason::QuestionText {}));
        }
        check_len("questions", text, MAX_QUESTION)?;
        for contact in targets("question", q.contact, participants)? {
            tx.execute(
                "INSERT INTO questions (contact_id, asked_in, asked_by, text) VALUES (?1, ?2, ?3, ?4)",
                params![contact, id, q.asked_by, text],
            )?;
        }
    }
    Ok(())
}

/// The contacts a value item or question applies to: the one named (who must take part), or all.
fn targets(what: &str, contact: Option<ContactId>, participants: &[ContactId]) -> Result<Vec<ContactId>> {
    match contact {
        None => Ok(participants.to_vec()),
        Some(c) if participants.contains(&c) => Ok(vec![c]),
        Some(c) => Err(Error::invalid("contact", Reason::NotParticipant { what: what.to_owned(), contact: c.0 })),
    }
}

fn insert_value_item(
    tx: &Connection,
    contact: ContactId,
    interaction: Option<InteractionId>,
    direction: Direction,
    item: &NewValueItem,
    at: i64,
) -> Result<ValueItemId> {
    check_value_item(item.weight, &item.note)?;
    tx.execute(
        "INSERT INTO value_items (contact_id, interaction_id, direction, kind, weight, note, occurred_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![contact, interaction, direction, item.kind, item.weight, item.note.trim(), at],
    )?;
    Ok(ValueItemId(tx.last_insert_rowid()))
}

/// The rules of a value item's weight and note, for a new one and for one imported.
pub(crate) fn check_value_item(weight: Option<f64>, note: &str) -> Result<()> {
    if let Some(w) = weight {
        if !(w.is_finite() && w > 0.0 && w <= 100.0) {
            return Err(Error::invalid("weight", Reason::Weight { value: w }));
        }
    }
    check_prose("note", note, MAX_SUMMARY)
}

fn interaction_time_and_people(tx: &Connection, id: InteractionId) -> Result<(i64, Vec<ContactId>)> {
    let at: i64 = tx
        .query_row("SELECT occurred_at FROM interactions WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::not_found("interaction", id.0))?;
    let mut stmt = tx.prepare_cached("SELECT contact_id FROM interaction_participants WHERE interaction_id = ?1")?;
    let people = stmt.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok((at, people))
}

/// The rules for answering: the question exists and is open, the answer comes later than the
/// question, in another interaction, and that interaction includes the question's contact.
fn close_question(
    tx: &Connection,
    question: QuestionId,
    answered_in: InteractionId,
    answered_at: i64,
    participants: &[ContactId],
) -> Result<()> {
    let (contact, asked_in, asked_at, already): (ContactId, InteractionId, i64, Option<InteractionId>) = tx
        .query_row(
            "SELECT q.contact_id, q.asked_in, i.occurred_at, q.answered_in
             FROM questions q JOIN interactions i ON i.id = q.asked_in WHERE q.id = ?1",
            [question],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?
        .ok_or_else(|| Error::not_found("question", question.0))?;
    if let Some(prev) = already {
        return Err(Error::invalid("question", Reason::AlreadyAnswered { question: question.0, interaction: prev.0 }));
    }
    if asked_in == answered_in {
        return Err(Error::invalid("answered_in", Reason::AnswerSame {}));
    }
    if answered_at < asked_at {
        return Err(Error::invalid(
            "answered_in",
            Reason::AnswerBefore {
                interaction: answered_in.0,
                answered_at: utc(answered_at).format("%Y-%m-%d %H:%M UTC").to_string(),
                question: question.0,
                asked_at: utc(asked_at).format("%Y-%m-%d %H:%M UTC").to_string(),
            },
        ));
    }
    if !participants.contains(&contact) {
        return Err(Error::invalid(
            "answered_in",
            Reason::AnswerNotWith { interaction: answered_in.0, contact: contact.0, question: question.0 },
        ));
    }
    tx.execute("UPDATE questions SET answered_in = ?2 WHERE id = ?1", params![question, answered_in])?;
    Ok(())
}

/// An answer refused while its interaction is being created: that interaction's id was never
/// kept, so the reason speaks of "this interaction" instead.
fn about_this(reason: Reason, id: InteractionId) -> Reason {
    match reason {
        Reason::AnswerBefore { interaction, answered_at, question, asked_at } if interaction == id.0 => {
            Reason::AnswerBeforeThis { answered_at, question, asked_at }
        }
        Reason::AnswerNotWith { interaction, contact, question } if interaction == id.0 => {
            Reason::AnswerNotWithThis { contact, question }
        }
        other => other,
    }
}
