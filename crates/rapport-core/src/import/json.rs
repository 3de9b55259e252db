//! Rapport's own JSON export (`rapport export --format json`), read back.
//!
//! Into an empty database it is a restore: every id and timestamp is kept, so exporting again
//! gives the same document. Into a database that has data it is an import like the others:
//! contacts are matched and merged, interactions, posts and standalone value items already there
//! (same time and contact) are not created again, and new rows get new ids.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{
    IncomingContact, IncomingInteraction, IncomingQuestion, IncomingValueItem, Parsed, Problem, Record, Ticker, Who,
};
use crate::error::{Error, Reason, Result};
use crate::model::*;
use crate::store::export::EXPORT_FORMAT;
use crate::store::{BulkPost, BulkReaction, BulkValueItem, ImportReader, ImportWriter};

/// What marks a Rapport export at the start of a file, upper-cased (format detection).
pub const EXPORT_MARKER: &str = "\"RAPPORT-EXPORT\"";

/// A contact's id, archived flag and timestamps in the export.
#[derive(Debug, Clone, PartialEq)]
pub struct Original {
    pub id: ContactId,
    pub archived: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What only Rapport's export carries besides contacts and interactions.
#[derive(Debug, Clone, PartialEq)]
pub struct Restore {
    pub circles: Vec<Circle>,
    pub posts: Vec<Post>,
    /// Standalone value items, with the index of their incoming contact.
    pub value_items: Vec<(usize, ValueItem)>,
    pub settings: std::collections::BTreeMap<String, serde_json::Value>,
    /// Export contact id → index among the incoming contacts.
    pub contact_index: HashMap<ContactId, usize>,
}

/// What a JSON import adds besides contacts and interactions.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RestoreCounts {
    /// True when the database was empty: ids and timestamps are kept as they were.
    pub exact_restore: bool,
    pub circles: usize,
    pub posts: usize,
    pub posts_duplicate: usize,
    pub reactions: usize,
    pub value_items: usize,
    pub settings: usize,
}

impl RestoreCounts {
    pub fn describe(&self) -> String {
        format!(
            "{} circles, {} posts ({} already there), {} reactions, {} value items, {} settings{}",
            self.circles,
            self.posts,
            self.posts_duplicate,
            self.reactions,
            self.value_items,
            self.settings,
            if self.exact_restore { " (an exact restore: ids and dates kept)" } else { "" }
        )
    }
}

pub(crate) fn parse(bytes: &[u8], ticker: &mut Ticker<'_>) -> Result<Parsed> {
    let export: Export = serde_json::from_slice(bytes).map_err(|e| {
        Error::BadInput(Reason::NotAnExport { line: e.line(), column: e.column(), detail: e.to_string() })
    })?;
    ticker.tick(bytes.len() as u64 / 2)?;
    if export.format != EXPORT_FORMAT {
        return Err(Error::BadInput(Reason::ExportFormat {
            found: export.format.clone(),
            expected: EXPORT_FORMAT.to_owned(),
        }));
    }
    let latest = crate::db::latest_schema_version();
    if export.schema_version > latest {
        return Err(Error::BadInput(Reason::ExportNewer { found: export.schema_version, latest }));
    }
    let mut parsed = Parsed::new(super::Format::Json, "UTF-8");
    parsed.records = export.contacts.len() + export.interactions.len() + export.posts.len();
    let mut contact_index = HashMap::new();
    for (i, c) in export.contacts.iter().enumerate() {
        contact_index.insert(c.id, i);
        parsed.contacts.push(IncomingContact {
            record: Record { kind: "contact", number: i + 1, line: None },
            fields: c.fields.clone(),
            original: Some(Original {
                id: c.id,
                archived: c.archived,
                created_at: c.created_at,
                updated_at: c.updated_at,
            }),
        });
    }
    let interaction_index: HashMap<InteractionId, usize> =
        export.interactions.iter().enumerate().map(|(i, it)| (it.id, i)).collect();
    let who = |id: ContactId| contact_index.get(&id).map(|i| Who::Incoming(*i));
    for (k, it) in export.interactions.iter().enumerate() {
        let record = Record { kind: "interaction", number: k + 1, line: None };
        let mut missing = |what: &str, id: ContactId| {
            parsed.problems.push(Problem::error(Some(record), None, what, Reason::NotAmongContacts { contact: id.0 }));
        };
        let mut participants = Vec::new();
        for p in &it.participants {
            match who(p.id) {
                Some(w) => participants.push(w),
                None => missing("participants", p.id),
            }
        }
        let mut questions = Vec::new();
        for q in &it.questions {
            let Some(contact) = who(q.contact) else {
                missing("questions", q.contact);
                continue;
            };
            questions.push(IncomingQuestion {
                asked_by: q.asked_by,
                text: q.text.clone(),
                contact: Some(contact),
                answered_by: q.answered_in.and_then(|a| interaction_index.get(&a).copied()),
                original_id: Some(q.id),
            });
        }
        let mut value_items = Vec::new();
        for v in &it.value_items {
            let Some(contact) = who(v.contact) else {
                missing("value_items", v.contact);
                continue;
            };
            value_items.push(IncomingValueItem {
                contact,
                direction: v.direction,
                kind: v.kind,
                weight: v.weight,
                note: v.note.clone(),
                at: v.at,
                original_id: Some(v.id),
            });
        }
        parsed.interactions.push(IncomingInteraction {
            record,
            at: it.at,
            channel: it.channel,
            initiated_by: it.initiated_by,
            duration_min: it.duration_min,
            summary: it.summary.clone(),
            participants,
            questions,
            value_items,
            original_id: Some(it.id),
        });
    }
    let mut value_items = Vec::new();
    for (n, v) in export.value_items.iter().enumerate() {
        match contact_index.get(&v.contact) {
            Some(i) => value_items.push((*i, v.clone())),
            None => parsed.problems.push(Problem::error(
                Some(Record { kind: "value item", number: n + 1, line: None }),
                None,
                "contact",
                Reason::NotAmongContacts { contact: v.contact.0 },
            )),
        }
    }
    for (n, p) in export.posts.iter().enumerate() {
        let record = Some(Record { kind: "post", number: n + 1, line: None });
        if p.platform.trim().is_empty() {
            parsed.problems.push(Problem::error(record, None, "platform", Reason::IsEmpty {}));
        }
        for r in &p.reactions {
            if let Some(c) = r.contact.filter(|c| !contact_index.contains_key(c)) {
                parsed.problems.push(Problem::error(
                    record,
                    None,
                    "reactions",
                    Reason::ReactionNotAmong { contact: c.0 },
                ));
            }
        }
    }
    parsed.restore = Some(Box::new(Restore {
        circles: export.circles,
        posts: export.posts,
        value_items,
        settings: export.settings,
        contact_index,
    }));
    Ok(parsed)
}

/// Whether a post of the file is already in the database (same platform, time and title).
fn post_exists(db: &mut ImportReader<'_>, p: &Post) -> Result<bool> {
    db.post_exists(p.platform.trim(), p.at.timestamp(), p.title.trim())
}

pub(crate) fn restore_counts(db: &mut ImportReader<'_>, r: &Restore, restoring: bool) -> Result<RestoreCounts> {
    let mut counts = RestoreCounts {
        exact_restore: restoring,
        circles: r.circles.len(),
        value_items: r.value_items.len(),
        settings: r.settings.len(),
        ..Default::default()
    };
    for p in &r.posts {
        if !restoring && post_exists(db, p)? {
            counts.posts_duplicate += 1;
        } else {
            counts.posts += 1;
            counts.reactions += p.reactions.len();
        }
    }
    Ok(counts)
}

/// Circles first, with their ids and cadences, before contacts join them by name.
pub(crate) fn restore_circles(db: &mut ImportWriter<'_>, r: &Restore) -> Result<()> {
    for c in &r.circles {
        db.circle(c.id, c.name.trim(), c.cadence_days, crate::time::now())?;
    }
    Ok(())
}

/// Posts with their reactions, standalone value items, settings and (when merging) the circles'
/// cadences. `contacts` gives each incoming contact's id in this database.
pub(crate) fn restore_rest(
    db: &mut ImportWriter<'_>,
    r: &Restore,
    restoring: bool,
    contacts: &[Option<ContactId>],
) -> Result<()> {
    let contact = |id: Option<ContactId>| -> Option<ContactId> {
        id.and_then(|id| r.contact_index.get(&id)).and_then(|i| contacts.get(*i).copied().flatten())
    };
    if !restoring {
        for c in &r.circles {
            db.circle_cadence_unless_set(c.name.trim(), c.cadence_days)?;
        }
    }
    for p in &r.posts {
        if !restoring && post_exists(db.reads(), p)? {
            continue;
        }
        let (at, offset) = crate::time::to_stored("at", p.at)?;
        let row = BulkPost {
            platform: p.platform.trim(),
            at,
            utc_offset_min: offset,
            title: p.title.trim(),
            url: p.url.as_deref(),
        };
        let post = db.post(Some(p.id).filter(|_| restoring), &row, crate::time::now())?;
        for x in &p.reactions {
            let who = contact(x.contact);
            if x.contact.is_some() && who.is_none() {
                continue;
            }
            let row = BulkReaction {
                post,
                contact: who,
                kind: x.kind,
                count: x.count,
                at: x.at.map(|t| t.timestamp()),
                comment: x.comment.as_deref(),
                replied: x.replied,
            };
            db.reaction(Some(x.id).filter(|_| restoring), &row)?;
        }
    }
    for (i, v) in &r.value_items {
        if let Some(c) = contacts.get(*i).copied().flatten() {
            let row = BulkValueItem {
                contact: c,
                interaction: None,
                direction: v.direction,
                kind: v.kind,
                weight: v.weight,
                note: &v.note,
                at: v.at.timestamp(),
            };
            db.standalone_value_item(Some(v.id).filter(|_| restoring), &row)?;
        }
    }
    // Settings: all of them in a restore; only those not set yet when merging.
    for (k, v) in &r.settings {
        db.setting(k, &serde_json::to_string(v)?, restoring)?;
    }
    Ok(())
}
