//! Loading the history the measures read, and the model's settings.

use std::collections::HashMap;

use super::Store;
use crate::error::{Error, Result};
use crate::measures::history::sort_interactions;
use crate::measures::history::*;
use crate::measures::settings::{ModelSettings, SETTINGS_KEY};
use crate::model::*;

// The whole network's lists, each read in its table's own order (no sort in SQLite, no lookup
// per row); what needs time order is sorted in memory, where it is often sorted already.
const ALL_INTERACTIONS: &str =
    "SELECT id, occurred_at, channel, initiated_by, duration_min, utc_offset_min, initiator_id, in_reply_to
     FROM interactions ORDER BY id";
/// The primary key's order: by interaction, then contact.
const ALL_PARTICIPANTS: &str =
    "SELECT interaction_id, contact_id FROM interaction_participants ORDER BY interaction_id, contact_id";
const ALL_QUESTIONS: &str = "SELECT id, contact_id, asked_by, text, asked_in, answered_in FROM questions ORDER BY id";
const ALL_VALUE_ITEMS: &str = "SELECT contact_id, direction, kind, weight, occurred_at, interaction_id FROM value_items
     WHERE ?1 = 0 ORDER BY id";
/// Through the index of replies: without INDEXED BY, SQLite scans every interaction for the few
/// that reply to a comment.
const COMMENT_REPLIES: &str = "SELECT i.id, p.platform FROM interactions i INDEXED BY interactions_by_reaction
     JOIN reactions r ON r.id = i.replies_to_reaction JOIN posts p ON p.id = r.post_id
     WHERE i.replies_to_reaction IS NOT NULL ORDER BY i.id";

/// Each interaction's time, by id.
type TimesById = Vec<(InteractionId, Secs)>;

impl Store {
    /// The whole logged history, time-sorted, in a handful of queries.
    pub fn history(&self) -> Result<History> {
        self.load_history(None)
    }

    /// One contact's part of the history: their interactions (with all their participants, which
    /// give group sizes), value items, questions and reactions, and every post (the rate of
    /// reactions counts the posts they did not react to). Enough for [`crate::measures::contact_measures`],
    /// at a cost that grows with that contact's history, not the whole network's.
    pub fn contact_history(&self, id: ContactId) -> Result<History> {
        let history = self.load_history(Some(id))?;
        if history.contacts.is_empty() {
            return Err(Error::not_found("contact", id.0));
        }
        Ok(history)
    }

    fn load_history(&self, only: Option<ContactId>) -> Result<History> {
        let c = &self.conn;
        // Each list has one query for the whole network and one, using the per-contact indexes,
        // for a single contact; both return rows in the same order.
        let pick = |all: &'static str, one: &'static str| if only.is_some() { one } else { all };
        let arg = only.map(|id| id.0).unwrap_or(0);

        let mut circle_cadence: HashMap<ContactId, u32> = HashMap::new();
        {
            let mut stmt = c.prepare_cached(
                "SELECT cc.contact_id, min(ci.cadence_days) FROM contact_circles cc
                 JOIN circles ci ON ci.id = cc.circle_id
                 WHERE ci.cadence_days IS NOT NULL AND (?1 = 0 OR cc.contact_id = ?1) GROUP BY cc.contact_id",
            )?;
            for row in stmt.query_map([arg], |r| Ok((r.get(0)?, r.get(1)?)))? {
                let (id, d) = row?;
                circle_cadence.insert(id, d);
            }
        }
        // Each contact's dated facts, oldest first (those held since before any history first).
        let mut changes: HashMap<ContactId, Vec<FactChange>> = HashMap::new();
        {
            let mut stmt = c.prepare_cached(
                "SELECT contact_id, fact, value, since FROM contact_fact_changes WHERE ?1 = 0 OR contact_id = ?1
                 ORDER BY contact_id, since IS NOT NULL, since, id",
            )?;
            for row in stmt.query_map([arg], |r| {
                Ok((r.get::<_, ContactId>(0)?, FactChange { fact: r.get(1)?, value: r.get(2)?, since: r.get(3)? }))
            })? {
                let (id, change) = row?;
                changes.entry(id).or_default().push(change);
            }
        }
        let mut stmt = c.prepare_cached(
            "SELECT id, display_name, is_kin, closeness, cadence_days, met_on, archived FROM contacts
             WHERE merged_into IS NULL AND (?1 = 0 OR id = ?1) ORDER BY id",
        )?;
        let contacts = stmt
            .query_map([arg], |r| {
                let id: ContactId = r.get(0)?;
                let met_on: Option<chrono::NaiveDate> = r.get(5)?;
                Ok(ContactFacts {
                    id,
                    name: r.get(1)?,
                    is_kin: r.get(2)?,
                    closeness: r.get(3)?,
                    cadence_days: r.get(4)?,
                    circle_cadence_days: circle_cadence.get(&id).copied(),
                    met_at: met_on.and_then(|d| d.and_hms_opt(0, 0, 0)).map(|d| d.and_utc().timestamp()),
                    archived: r.get(6)?,
                    changes: changes.remove(&id).unwrap_or_default(),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;

        let (interactions, times) = match only {
            None => self.all_touches()?,
            Some(id) => (self.contact_touches(id)?, Vec::new()),
        };

        // Value items in id order, then by time: items logged at one instant keep their order.
        let mut stmt = c.prepare_cached(pick(
            ALL_VALUE_ITEMS,
            "SELECT contact_id, direction, kind, weight, occurred_at, interaction_id FROM value_items WHERE contact_id = ?1
             ORDER BY id",
        ))?;
        let mut value_items = stmt
            .query_map([arg], |r| {
                Ok(ValueFact {
                    contact: r.get(0)?,
                    direction: r.get(1)?,
                    kind: r.get(2)?,
                    weight: r.get(3)?,
                    at: r.get(4)?,
                    interaction: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // Stable: the id order holds within an instant.
        value_items.sort_by_key(|v| v.at);

        // Each answered question with the interaction that answered it, read with the questions
        // (every question has the interaction it was asked in), then by question id.
        let mut answered_in: Vec<(QuestionId, InteractionId)> = Vec::new();
        let questions = match only {
            None => self.all_questions(&times, &mut answered_in)?,
            Some(id) => self.contact_questions(id, &mut answered_in)?,
        };
        answered_in.sort_unstable();

        let mut stmt = c.prepare_cached("SELECT id, posted_at FROM posts ORDER BY posted_at, id")?;
        let posts = stmt
            .query_map([], |r| Ok(PostFact { id: r.get(0)?, at: r.get(1)? }))?
            .collect::<rusqlite::Result<Vec<_>>>()?;

        let mut stmt = c.prepare_cached(pick(
            "SELECT r.post_id, r.contact_id, r.kind, r.count, coalesce(r.reacted_at, p.posted_at), r.replied, r.replied_at
             FROM reactions r JOIN posts p ON p.id = r.post_id WHERE ?1 = 0 ORDER BY 5, r.id",
            "SELECT r.post_id, r.contact_id, r.kind, r.count, coalesce(r.reacted_at, p.posted_at), r.replied, r.replied_at
             FROM reactions r JOIN posts p ON p.id = r.post_id WHERE r.contact_id = ?1 ORDER BY 5, r.id",
        ))?;
        let reactions = stmt
            .query_map([arg], |r| {
                Ok(ReactionFact {
                    post: r.get(0)?,
                    contact: r.get(1)?,
                    kind: r.get(2)?,
                    count: r.get(3)?,
                    at: r.get(4)?,
                    replied: r.get(5)?,
                    replied_at: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;

        let mut stmt = c.prepare_cached(COMMENT_REPLIES)?;
        let comment_replies = stmt
            .query_map([], |r| Ok(CommentReply { interaction: r.get(0)?, platform: r.get(1)? }))?
            .collect::<rusqlite::Result<Vec<_>>>()?;

        Ok(History { contacts, interactions, value_items, questions, posts, reactions, answered_in, comment_replies })
    }

    /// Every interaction with its participants, by time then id (see `sort_interactions`), and
    /// each interaction's time by id (those without participants too: a question may be asked
    /// in one). Two plain scans, each in its table's own order, merged by interaction id: no
    /// lookup per row and no sort in SQLite.
    fn all_touches(&self) -> Result<(Vec<Touch>, TimesById)> {
        let c = &self.conn;
        // Sized once: growing a million-element Vec by doubling copies about a million again.
        let expected: i64 = c.query_row("SELECT count(*) FROM interactions", [], |r| r.get(0))?;
        let mut touches: Vec<Touch> = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
        let mut stmt = c.prepare_cached(ALL_INTERACTIONS)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            touches.push(Touch {
                id: r.get(0)?,
                at: r.get(1)?,
                channel: r.get(2)?,
                initiated_by: r.get(3)?,
                duration_min: r.get(4)?,
                participants: Vec::new(),
                offset_min: r.get(5)?,
                initiator: r.get(6)?,
                in_reply_to: r.get(7)?,
            });
        }
        let times: TimesById = touches.iter().map(|t| (t.id, t.at)).collect();
        let mut stmt = c.prepare_cached(ALL_PARTICIPANTS)?;
        let mut rows = stmt.query([])?;
        let mut next = 0;
        while let Some(r) = rows.next()? {
            let id: InteractionId = r.get(0)?;
            while next < touches.len() && touches[next].id < id {
                next += 1;
            }
            // A foreign key keeps every participant's interaction: each finds its own.
            if let Some(t) = touches.get_mut(next).filter(|t| t.id == id) {
                t.participants.push(r.get(1)?);
            }
        }
        // An interaction whose participants were all deleted is no one's.
        touches.retain(|t| !t.participants.is_empty());
        sort_interactions(&mut touches);
        Ok((touches, times))
    }

    /// One contact's interactions with all their participants, by time then id.
    fn contact_touches(&self, id: ContactId) -> Result<Vec<Touch>> {
        // Rows come by time and interaction, so the participants of one interaction are consecutive.
        let mut stmt = self.conn.prepare_cached(
            "SELECT i.id, i.occurred_at, i.channel, i.initiated_by, i.duration_min, p.contact_id, i.utc_offset_min, i.initiator_id, i.in_reply_to
             FROM interaction_participants mine
             JOIN interactions i ON i.id = mine.interaction_id
             JOIN interaction_participants p ON p.interaction_id = i.id
             WHERE mine.contact_id = ?1 ORDER BY i.occurred_at, i.id",
        )?;
        let mut touches: Vec<Touch> = Vec::new();
        let mut rows = stmt.query([id])?;
        while let Some(r) = rows.next()? {
            let id: InteractionId = r.get(0)?;
            let contact: ContactId = r.get(5)?;
            match touches.last_mut() {
                Some(last) if last.id == id => last.participants.push(contact),
                _ => touches.push(Touch {
                    id,
                    at: r.get(1)?,
                    channel: r.get(2)?,
                    initiated_by: r.get(3)?,
                    duration_min: r.get(4)?,
                    participants: vec![contact],
                    offset_min: r.get(6)?,
                    initiator: r.get(7)?,
                    in_reply_to: r.get(8)?,
                }),
            }
        }
        for t in &mut touches {
            t.participants.sort();
        }
        sort_interactions(&mut touches);
        Ok(touches)
    }

    /// Every question by time asked, then id, its times read from `times` (each interaction's
    /// time, by id) rather than looked up in SQLite twice per question.
    fn all_questions(
        &self,
        times: &[(InteractionId, Secs)],
        answered_in: &mut Vec<(QuestionId, InteractionId)>,
    ) -> Result<Vec<QuestionFact>> {
        let time_of = |id: InteractionId| times.binary_search_by_key(&id, |(i, _)| *i).ok().map(|k| times[k].1);
        let mut stmt = self.conn.prepare_cached(ALL_QUESTIONS)?;
        let mut questions = Vec::new();
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let asked_in: InteractionId = r.get(4)?;
            let answered: Option<InteractionId> = r.get(5)?;
            // A foreign key keeps the interaction it was asked in.
            let Some(asked_at) = time_of(asked_in) else { continue };
            let id: QuestionId = r.get(0)?;
            if let Some(by) = answered {
                answered_in.push((id, by));
            }
            questions.push(QuestionFact {
                id,
                contact: r.get(1)?,
                asked_by: r.get(2)?,
                text: r.get(3)?,
                asked_at,
                answered_at: answered.and_then(time_of),
                asked_in: Some(asked_in),
            });
        }
        questions.sort_by_key(|q| (q.asked_at, q.id));
        Ok(questions)
    }

    /// One contact's questions by time asked, then id.
    fn contact_questions(
        &self,
        id: ContactId,
        answered_in: &mut Vec<(QuestionId, InteractionId)>,
    ) -> Result<Vec<QuestionFact>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT q.id, q.contact_id, q.asked_by, q.text, ai.occurred_at, wi.occurred_at, q.asked_in, q.answered_in
             FROM questions q JOIN interactions ai ON ai.id = q.asked_in
             LEFT JOIN interactions wi ON wi.id = q.answered_in
             WHERE q.contact_id = ?1 ORDER BY ai.occurred_at, q.id",
        )?;
        let questions = stmt
            .query_map([id], |r| {
                let fact = QuestionFact {
                    id: r.get(0)?,
                    contact: r.get(1)?,
                    asked_by: r.get(2)?,
                    text: r.get(3)?,
                    asked_at: r.get(4)?,
                    answered_at: r.get(5)?,
                    asked_in: r.get(6)?,
                };
                Ok((fact, r.get::<_, Option<InteractionId>>(7)?))
            })?
            .map(|row| {
                let (fact, by) = row?;
                if let Some(by) = by {
                    answered_in.push((fact.id, by));
                }
                Ok(fact)
            })
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(questions)
    }

    /// The model's settings: the defaults, overridden by whatever the user saved.
    pub fn model_settings(&self) -> Result<ModelSettings> {
        ModelSettings::from_stored(self.setting_text(SETTINGS_KEY)?.as_deref())
    }

    /// Saves the model's settings after checking them; nothing is written if they are invalid.
    pub fn set_model_settings(&mut self, settings: &ModelSettings) -> Result<()> {
        settings.validate()?;
        self.set_setting(SETTINGS_KEY, &serde_json::to_value(settings)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SQLite's plan of `sql`, one step a line.
    fn plan(store: &Store, sql: &str) -> String {
        let mut stmt = store.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let steps = stmt.query_map([], |r| r.get::<_, String>(3)).unwrap();
        steps.map(|s| s.unwrap()).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn the_whole_history_is_read_without_a_sort_or_a_scan_in_sqlite_beyond_each_lists_own() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("plan.db")).unwrap();
        // Each list is one scan of its own table, in its stored order.
        for sql in [ALL_INTERACTIONS, ALL_PARTICIPANTS, ALL_QUESTIONS, ALL_VALUE_ITEMS] {
            let plan = plan(&store, &sql.replace("?1", "0"));
            assert!(!plan.contains("TEMP B-TREE"), "{sql}\n{plan}");
            assert_eq!(plan.lines().filter(|l| l.starts_with("SCAN")).count(), 1, "{sql}\n{plan}");
        }
        // The few replies to comments are found by index (and only they are sorted).
        let plan = plan(&store, COMMENT_REPLIES);
        assert!(!plan.lines().any(|l| l.starts_with("SCAN")), "{plan}");
    }
}
