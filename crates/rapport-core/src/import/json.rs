//! Rapport's own JSON export (`rapport export --format json`), read back.
//!
//! Into an empty database it is a restore: every id and timestamp is kept, so exporting again
//! gives the same document. Into a database that has data it is an import like the others:
//! contacts are matched and merged, interactions, posts and standalone value items already there
//! (same time and contact) are not created again, and new rows get new ids.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

use super::{
    IncomingContact, IncomingInteraction, IncomingQuestion, IncomingValueItem, Parsed, Problem, Record, Ticker, Who,
};
use crate::error::{Error, Reason, Result};
use crate::measures::settings::{ModelSettings, SETTINGS_KEY};
use crate::model::*;
use crate::store::export::EXPORT_FORMAT;
use crate::store::{clash, rules, BulkPost, BulkReaction, BulkValueItem, ImportReader, ImportWriter};
use crate::time::{check_in_range, to_stored};

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
    /// Standalone value items, with the index of their incoming contact ([`UNKNOWN_CONTACT`]
    /// for one the file does not hold: left out).
    pub value_items: Vec<(usize, ValueItem)>,
    /// The settings Rapport knows, checked.
    pub settings: BTreeMap<String, serde_json::Value>,
    /// Export contact id → index among the incoming contacts.
    pub contact_index: HashMap<ContactId, usize>,
    /// The ids of the value items of the interactions imported: a standalone one may not reuse one.
    pub value_item_ids: HashSet<ValueItemId>,
    /// The contacts' dated closeness and goals, checked: written back in an exact restore.
    pub fact_changes: Vec<ContactFactChange>,
    /// My replies to comments: each reply's interaction and the comment, linked again in an
    /// exact restore (ids kept); a merge keeps the reply as an interaction, without the link.
    pub comment_replies: Vec<(InteractionId, ReactionId)>,
}

/// The place of a standalone value item's contact when the file does not hold that contact.
pub const UNKNOWN_CONTACT: usize = usize::MAX;

/// The demo network's mark (`rapport-demo` writes it when it loads): a setting Rapport knows.
pub const DEMO_MARK: &str = "demo.loaded";

/// What a JSON import adds besides contacts and interactions.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RestoreCounts {
    /// True when the database was empty: ids and timestamps are kept as they were.
    pub exact_restore: bool,
    pub circles: usize,
    pub posts: usize,
    pub posts_duplicate: usize,
    pub reactions: usize,
    /// Every value item written: those of the interactions written and the standalone ones.
    pub value_items: usize,
    pub settings: usize,
}

impl RestoreCounts {
    /// "1 circle, 2 posts (0 already there), …" in English.
    pub fn describe(&self) -> String {
        let count = |n: usize, noun: &str| if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") };
        format!(
            "{}, {} ({} already there), {}, {}, {}{}",
            count(self.circles, "circle"),
            count(self.posts, "post"),
            self.posts_duplicate,
            count(self.reactions, "reaction"),
            count(self.value_items, "value item"),
            count(self.settings, "setting"),
            if self.exact_restore { " (an exact restore: ids and dates kept)" } else { "" }
        )
    }
}

/// Rapport's export as this reader needs it. Interactions, most of a large file, are read
/// without the names and times the export repeats beside each id (a participant's name, a
/// question's contact and times), which matching does not use.
#[derive(Deserialize)]
struct Incoming {
    format: String,
    schema_version: i64,
    contacts: Vec<Contact>,
    circles: Vec<Circle>,
    interactions: Vec<InInteraction>,
    posts: Vec<Post>,
    #[serde(default)]
    value_items: Vec<ValueItem>,
    settings: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    contact_fact_changes: Vec<ContactFactChange>,
    #[serde(default)]
    interaction_sources: Vec<InteractionSource>,
}

#[derive(Deserialize)]
struct InInteraction {
    id: InteractionId,
    at: DateTime<FixedOffset>,
    channel: Channel,
    initiated_by: Party,
    duration_min: Option<u32>,
    summary: String,
    participants: Vec<InRef>,
    value_items: Vec<ValueItem>,
    questions: Vec<InQuestion>,
    #[serde(default)]
    initiator: Option<ContactId>,
    #[serde(default)]
    in_reply_to: Option<InteractionId>,
    #[serde(default)]
    replies_to_reaction: Option<ReactionId>,
}

#[derive(Deserialize)]
struct InRef {
    id: ContactId,
}

#[derive(Deserialize)]
struct InQuestion {
    id: QuestionId,
    contact: ContactId,
    asked_by: Party,
    text: String,
    answered_in: Option<InteractionId>,
}

/// Counts the bytes read, for the progress.
struct Counted<R> {
    inner: R,
    read: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

/// Reads the export from `reader` (buffered by the caller) straight into records: the file is
/// never held whole, so memory grows with what it holds (issue 17 item 9).
pub(crate) fn parse(reader: impl Read, ticker: &mut Ticker<'_>) -> Result<Parsed> {
    let mut counted = Counted { inner: reader, read: 0 };
    let mut reading = serde_json::Deserializer::from_reader(&mut counted);
    let export: Incoming = serde_path_to_error::deserialize(&mut reading).map_err(|e| {
        let field = e.path().to_string();
        let e = e.into_inner();
        if e.is_io() {
            return super::read_failed(e.into());
        }
        let (line, column) = (e.line(), e.column());
        // serde's sentence ends with the position, which the reason gives on its own.
        let detail = e.to_string();
        let detail = detail.strip_suffix(&format!(" at line {line} column {column}")).unwrap_or(&detail).to_owned();
        if field == "." {
            Error::BadInput(Reason::NotAnExport { line, column, detail })
        } else {
            Error::BadInput(Reason::ExportField { field, line, column, detail })
        }
    })?;
    ticker.tick(counted.read / 2)?;
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
    let Incoming {
        contacts,
        circles,
        interactions,
        posts,
        value_items,
        settings,
        contact_fact_changes,
        interaction_sources,
        ..
    } = export;
    let mut parsed = Parsed::new(super::Format::Json, "UTF-8");
    parsed.records = contacts.len() + interactions.len() + posts.len();

    // Each interaction's source keys; one the schema would refuse is left out with a warning.
    let mut sources: HashMap<InteractionId, Vec<String>> = HashMap::new();
    for (n, source) in interaction_sources.into_iter().enumerate() {
        if crate::import::valid_source_key(&source.key) {
            sources.entry(source.interaction).or_default().push(source.key);
        } else {
            let record = Record { kind: "interaction source", number: n + 1, line: None };
            let reason = Reason::SourceKey { key: source.key.chars().take(80).collect() };
            parsed.problems.push(Problem::warning(Some(record), None, "interaction_sources", reason));
        }
    }

    // Contacts: an id twice, or a time out of the store's range, leaves the record out.
    let mut contact_index = HashMap::new();
    for (n, c) in contacts.into_iter().enumerate() {
        let record = Record { kind: "contact", number: n + 1, line: None };
        let checked = if contact_index.contains_key(&c.id) {
            Err(Error::invalid("id", Reason::DuplicateId { what: "contact".into(), id: c.id.0 }))
        } else {
            check_in_range("created_at", c.created_at).and_then(|_| check_in_range("updated_at", c.updated_at))
        };
        if let Err(e) = checked {
            parsed.problems.push(problem(record, e));
            continue;
        }
        contact_index.insert(c.id, parsed.contacts.len());
        parsed.contacts.push(IncomingContact {
            record,
            original: Some(Original {
                id: c.id,
                archived: c.archived,
                created_at: c.created_at,
                updated_at: c.updated_at,
            }),
            fields: c.fields,
        });
    }

    // Interactions: first which can be imported, then those, with the answers that hold.
    let mut ids = Ids::default();
    let keep: Vec<bool> = interactions
        .iter()
        .enumerate()
        .map(|(k, it)| match check_people(it, &contact_index, &mut ids) {
            Ok(()) => true,
            Err(e) => {
                parsed.problems.push(problem(Record { kind: "interaction", number: k + 1, line: None }, e));
                false
            }
        })
        .collect();
    // The interactions imported, by id: their place among the incoming ones, time and people.
    let mut kept: HashMap<InteractionId, (usize, i64, Vec<ContactId>)> = HashMap::new();
    for it in interactions.iter().zip(&keep).filter(|(_, k)| **k).map(|(it, _)| it) {
        let place = kept.len();
        kept.insert(it.id, (place, it.at.timestamp(), it.participants.iter().map(|p| p.id).collect()));
    }
    let mut incoming = Vec::with_capacity(kept.len());
    // Taken apart as they go, so that their texts move rather than being copied.
    // Kept interactions that reply to a comment, linked again in an exact restore.
    let comment_replies: Vec<(InteractionId, ReactionId)> = interactions
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .filter_map(|(it, _)| it.replies_to_reaction.map(|r| (it.id, r)))
        .collect();
    for (k, it) in interactions.into_iter().enumerate().filter(|(k, _)| keep[*k]) {
        let record = Record { kind: "interaction", number: k + 1, line: None };
        let who = |id: ContactId| Who::Incoming(contact_index[&id]);
        // Who started it and what it replies to, held to the rules of `rapport log`; a link that
        // breaks them is left out with a warning (the interaction itself is fine).
        let mut link = |checked: Result<(), Reason>| match checked {
            Ok(()) => true,
            Err(reason) => {
                let left_out = Reason::LinkLeftOut { problem: Box::new(reason) };
                parsed.problems.push(Problem::warning(Some(record), None, "interaction", left_out));
                false
            }
        };
        let initiator = it.initiator.filter(|&c| link(initiator_rule(&it, c))).map(who);
        let in_reply_to =
            it.in_reply_to.and_then(|earlier| reply_place(&it, earlier, &kept).map_err(|r| link(Err(r))).ok());
        let mut questions = Vec::with_capacity(it.questions.len());
        for q in &it.questions {
            let answered_by = match q.answered_in.map(|a| answer(q, &it, a, &kept)) {
                Some(Err(reason)) => {
                    let left_out = Reason::AnswerLeftOut { problem: Box::new(reason) };
                    parsed.problems.push(Problem::warning(Some(record), None, "questions", left_out));
                    None
                }
                Some(Ok(place)) => Some(place),
                None => None,
            };
            questions.push((q.id, q.asked_by, who(q.contact), answered_by));
        }
        let questions = questions
            .into_iter()
            .zip(it.questions)
            .map(|((id, asked_by, contact, answered_by), q)| IncomingQuestion {
                asked_by,
                text: q.text,
                contact: Some(contact),
                answered_by,
                original_id: Some(id),
            })
            .collect();
        incoming.push(IncomingInteraction {
            initiator,
            in_reply_to,
            record,
            at: it.at,
            channel: it.channel,
            initiated_by: it.initiated_by,
            duration_min: it.duration_min,
            summary: it.summary,
            participants: it.participants.iter().map(|p| who(p.id)).collect(),
            questions,
            value_items: it
                .value_items
                .into_iter()
                .map(|v| IncomingValueItem {
                    contact: who(v.contact),
                    direction: v.direction,
                    kind: v.kind,
                    weight: v.weight,
                    note: v.note,
                    at: v.at,
                    original_id: Some(v.id),
                })
                .collect(),
            source_keys: sources.remove(&it.id).unwrap_or_default(),
            reply_key: None,
            original_id: Some(it.id),
        });
    }
    drop(kept);
    parsed.interactions = incoming;

    let mut standalone = Vec::with_capacity(value_items.len());
    for (n, v) in value_items.into_iter().enumerate() {
        let contact = contact_index.get(&v.contact).copied().unwrap_or_else(|| {
            let record = Record { kind: "value item", number: n + 1, line: None };
            let reason = Reason::NotAmongContacts { contact: v.contact.0 };
            parsed.problems.push(Problem::error(Some(record), None, "contact", reason));
            UNKNOWN_CONTACT
        });
        standalone.push((contact, v));
    }
    let settings = checked_settings(settings, &mut parsed.problems);
    let mut fact_changes = Vec::with_capacity(contact_fact_changes.len());
    for (n, change) in contact_fact_changes.into_iter().enumerate() {
        match check_fact_change(&change, &contact_index) {
            Ok(()) => fact_changes.push(change),
            Err(e) => parsed.problems.push(problem(Record { kind: "contact fact", number: n + 1, line: None }, e)),
        }
    }
    parsed.restore = Some(Box::new(Restore {
        circles,
        posts,
        value_items: standalone,
        settings,
        contact_index,
        value_item_ids: ids.value_items,
        fact_changes,
        comment_replies,
    }));
    Ok(parsed)
}

/// A dated closeness or goal names a contact of the file and holds a value the contact could.
fn check_fact_change(change: &ContactFactChange, contacts: &HashMap<ContactId, usize>) -> Result<()> {
    if !contacts.contains_key(&change.contact) {
        return Err(Error::invalid("contact", Reason::NotAmongContacts { contact: change.contact.0 }));
    }
    match (change.fact, change.value) {
        (ContactFact::Closeness, Some(c)) if !(1..=5).contains(&c) => {
            return Err(Error::invalid("closeness", Reason::Closeness { value: c.into() }))
        }
        (ContactFact::CadenceDays, value) => rules::check_cadence(value)?,
        _ => {}
    }
    if let Some(since) = change.since {
        check_in_range("since", since)?;
    }
    Ok(())
}

/// The ids of rows a restore keeps, seen so far: each may be used once.
#[derive(Default)]
struct Ids {
    interactions: HashSet<InteractionId>,
    questions: HashSet<QuestionId>,
    value_items: HashSet<ValueItemId>,
}

/// The rules of an interaction that need the rest of the file: its id is its own, it has people,
/// all of them among the file's contacts, and its questions and value items are with them. (Its
/// time, summary, duration and question texts are checked with every other import's.)
fn check_people(it: &InInteraction, contacts: &HashMap<ContactId, usize>, ids: &mut Ids) -> Result<()> {
    let twice = |what: &str, id: i64| Error::invalid("id", Reason::DuplicateId { what: what.into(), id });
    if !ids.interactions.insert(it.id) {
        return Err(twice("interaction", it.id.0));
    }
    if it.participants.is_empty() {
        return Err(Error::invalid("participants", Reason::NeedParticipant {}));
    }
    let known = |field: &'static str, id: ContactId| {
        if contacts.contains_key(&id) {
            Ok(())
        } else {
            Err(Error::invalid(field, Reason::NotAmongContacts { contact: id.0 }))
        }
    };
    let takes_part = |what: &str, id: ContactId| {
        if it.participants.iter().any(|p| p.id == id) {
            Ok(())
        } else {
            Err(Error::invalid("contact", Reason::NotParticipant { what: what.into(), contact: id.0 }))
        }
    };
    for p in &it.participants {
        known("participants", p.id)?;
    }
    for q in &it.questions {
        known("questions", q.contact)?;
        takes_part("question", q.contact)?;
        if !ids.questions.insert(q.id) {
            return Err(twice("question", q.id.0));
        }
    }
    for v in &it.value_items {
        known("value_items", v.contact)?;
        takes_part("value item", v.contact)?;
        rules::check_value_item(v.weight, &v.note)?;
        check_in_range("at", v.at)?;
        if !ids.value_items.insert(v.id) {
            return Err(twice("value item", v.id.0));
        }
    }
    Ok(())
}

/// Where question `q` of `asked` was answered, among the incoming interactions, if the answer
/// follows the rules of `rapport question answer`; otherwise why not.
fn answer(
    q: &InQuestion,
    asked: &InInteraction,
    answered_in: InteractionId,
    kept: &HashMap<InteractionId, (usize, i64, Vec<ContactId>)>,
) -> Result<usize, Reason> {
    let Some((place, at, people)) = kept.get(&answered_in) else {
        return Err(Reason::AnswerNowhere { interaction: answered_in.0 });
    };
    if answered_in == asked.id {
        return Err(Reason::AnswerSame {});
    }
    if *at < asked.at.timestamp() {
        let day = |t: DateTime<Utc>| t.format("%Y-%m-%d %H:%M UTC").to_string();
        return Err(Reason::AnswerBefore {
            interaction: answered_in.0,
            answered_at: day(crate::time::utc(*at)),
            question: q.id.0,
            asked_at: day(asked.at.with_timezone(&Utc)),
        });
    }
    if !people.contains(&q.contact) {
        return Err(Reason::AnswerNotWith { interaction: answered_in.0, contact: q.contact.0, question: q.id.0 });
    }
    Ok(*place)
}

/// The rule of an interaction's initiator: one of its participants, and "them" started it.
fn initiator_rule(it: &InInteraction, who: ContactId) -> Result<(), Reason> {
    if !it.participants.iter().any(|p| p.id == who) {
        return Err(Reason::InitiatorNotParticipant { contact: who.0 });
    }
    if it.initiated_by == Party::Me {
        return Err(Reason::InitiatorButMe { contact: who.0 });
    }
    Ok(())
}

/// Where the interaction `it` replies to is among the incoming ones, if the link follows the
/// store's rules (it is imported, comes before, and shares a participant); otherwise why not.
fn reply_place(
    it: &InInteraction,
    earlier: InteractionId,
    kept: &HashMap<InteractionId, (usize, i64, Vec<ContactId>)>,
) -> Result<usize, Reason> {
    let Some((place, at, people)) = kept.get(&earlier) else {
        return Err(Reason::ReplyToUnknown { interaction: earlier.0 });
    };
    if earlier == it.id {
        return Err(Reason::ReplyToSelf {});
    }
    let this = it.at.timestamp();
    if !(*at < this || (*at == this && earlier < it.id)) {
        let day = |t: i64| crate::time::utc(t).format("%Y-%m-%d %H:%M UTC").to_string();
        return Err(Reason::ReplyToLater { interaction: earlier.0, replied_at: day(*at), at: day(this) });
    }
    if !it.participants.iter().any(|p| people.contains(&p.id)) {
        return Err(Reason::ReplyNotShared { interaction: earlier.0 });
    }
    Ok(*place)
}

/// A refused record as a problem of the preview, naming its field.
fn problem(record: Record, e: Error) -> Problem {
    match e {
        Error::Invalid { field, reason } => Problem::error(Some(record), None, field, reason),
        other => Problem::error(Some(record), None, "record", other.reason()),
    }
}

/// The settings Rapport knows, held to the rules their own screens follow: the model as
/// `rapport model set` checks it, the demo's mark as any setting. Others are left out, with one
/// warning that counts them; a known one that breaks its rules is an error that names it.
fn checked_settings(
    settings: BTreeMap<String, serde_json::Value>,
    problems: &mut Vec<Problem>,
) -> BTreeMap<String, serde_json::Value> {
    let mut kept = BTreeMap::new();
    let mut unknown = Vec::new();
    for (key, value) in settings {
        let checked = match key.as_str() {
            SETTINGS_KEY => ModelSettings::from_imported(&value).and_then(|m| Ok(serde_json::to_value(m)?)),
            DEMO_MARK => serde_json::to_string(&value)
                .map_err(Error::from)
                .and_then(|text| rules::check_setting(&key, &text))
                .map(|()| value),
            _ => {
                unknown.push(key);
                continue;
            }
        };
        match checked {
            Ok(value) => {
                kept.insert(key, value);
            }
            Err(e) => problems.push(Problem::error(None, None, format!("settings.{key}"), e.reason())),
        }
    }
    if !unknown.is_empty() {
        // A few names are enough to recognise them; a hostile file may hold thousands.
        let names = unknown.iter().take(3).map(|k| k.chars().take(40).collect()).collect();
        problems.push(Problem::warning(None, None, "settings", Reason::SettingsIgnored { n: unknown.len(), names }));
    }
    kept
}

/// The rules of what only Rapport's export carries (circles, posts and their reactions, value
/// items of no interaction), the same as when each is added by hand. Run once the texts are
/// cleaned (see `clean.rs`), so that a control character is taken out with a warning, as in
/// every other import, rather than refusing the record. A record that breaks a rule is left out
/// with an error that names it; a reaction alone is left out of its post.
pub(crate) fn check_restore(parsed: &mut Parsed) {
    let Some(r) = parsed.restore.as_mut() else { return };
    let problems = &mut parsed.problems;
    let at = |kind: &'static str, n: usize| Record { kind, number: n + 1, line: None };
    let twice = |what: &str, id: i64| Error::invalid("id", Reason::DuplicateId { what: what.into(), id });

    let (mut ids, mut names) = (HashSet::new(), HashSet::new());
    for (n, c) in std::mem::take(&mut r.circles).into_iter().enumerate() {
        let checked = if ids.insert(c.id) {
            rules::circle_name(&c.name).and_then(|name| {
                rules::check_cadence(c.cadence_days)?;
                // The schema's NOCASE folds ASCII letters only.
                match names.insert(name.to_ascii_lowercase()) {
                    true => Ok(()),
                    false => Err(Error::invalid("name", Reason::CircleExists { name })),
                }
            })
        } else {
            Err(twice("circle", c.id.0))
        };
        match checked {
            Ok(()) => r.circles.push(c),
            Err(e) => problems.push(problem(at("circle", n), e)),
        }
    }

    let (mut post_ids, mut reaction_ids) = (HashSet::new(), HashSet::new());
    for (n, mut p) in std::mem::take(&mut r.posts).into_iter().enumerate() {
        let checked = if post_ids.insert(p.id) {
            rules::check_post(&p.platform, &p.title, p.url.as_deref()).and_then(|()| to_stored("at", p.at))
        } else {
            Err(twice("post", p.id.0))
        };
        let posted_at = match checked {
            Ok((secs, _)) => secs,
            Err(e) => {
                problems.push(problem(at("post", n), e));
                continue;
            }
        };
        let reactions = std::mem::take(&mut p.reactions);
        for x in reactions {
            let checked = if !reaction_ids.insert(x.id) {
                Err(twice("reaction", x.id.0))
            } else if let Some(c) = x.contact.filter(|c| !r.contact_index.contains_key(c)) {
                Err(Error::invalid("reactions", Reason::ReactionNotAmong { contact: c.0 }))
            } else {
                rules::check_reaction(x.kind, x.contact, x.count, x.at, x.comment.as_deref(), x.replied).and_then(
                    |when| match when {
                        Some(t) if t < posted_at => Err(Error::invalid("at", Reason::ReactionBeforePost {})),
                        _ => Ok(()),
                    },
                )
            };
            match checked {
                Ok(()) => p.reactions.push(x),
                Err(e) => problems.push(problem(at("post", n), e)),
            }
        }
        r.posts.push(p);
    }

    for (n, (contact, v)) in std::mem::take(&mut r.value_items).into_iter().enumerate() {
        if contact == UNKNOWN_CONTACT {
            continue; // already said, by `parse`
        }
        let checked = if r.value_item_ids.insert(v.id) {
            rules::check_value_item(v.weight, &v.note).and_then(|()| check_in_range("at", v.at).map(|_| ()))
        } else {
            Err(twice("value item", v.id.0))
        };
        match checked {
            Ok(()) => r.value_items.push((contact, v)),
            Err(e) => problems.push(problem(at("value item", n), e)),
        }
    }
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
        let name = c.name.trim();
        db.circle(c.id, name, c.cadence_days, crate::time::now()).map_err(|e| clash(e, format!("circle “{name}”")))?;
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
            let name = c.name.trim();
            db.circle_cadence_unless_set(name, c.cadence_days).map_err(|e| clash(e, format!("circle “{name}”")))?;
        }
    }
    for p in &r.posts {
        if !restoring && post_exists(db.reads(), p)? {
            continue;
        }
        let (at, offset) = to_stored("at", p.at)?;
        let row = BulkPost {
            platform: p.platform.trim(),
            at,
            utc_offset_min: offset,
            title: p.title.trim(),
            url: p.url.as_deref(),
        };
        let post = db
            .post(Some(p.id).filter(|_| restoring), &row, crate::time::now())
            .map_err(|e| clash(e, format!("post #{}", p.id.0)))?;
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
                replied_at: x.replied_at.map(|t| t.timestamp()).filter(|_| x.replied),
            };
            db.reaction(Some(x.id).filter(|_| restoring), &row)
                .map_err(|e| clash(e, format!("reaction #{}", x.id.0)))?;
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
            db.standalone_value_item(Some(v.id).filter(|_| restoring), &row)
                .map_err(|e| clash(e, format!("value item #{}", v.id.0)))?;
        }
    }
    // Dated closeness and goals: in a restore, as they were. Merged into a database that has
    // contacts, an imported contact takes its current values (dated now when they change an
    // existing contact's), and its earlier ones are left out.
    if restoring {
        for f in &r.fact_changes {
            if let Some(c) = contact(Some(f.contact)) {
                db.fact_change(c, f.fact, f.value, f.since.map(|t| t.timestamp()))
                    .map_err(|e| clash(e, format!("contact #{}'s {}", f.contact.0, f.fact)))?;
            }
        }
    }
    if restoring {
        for &(interaction, reaction) in &r.comment_replies {
            db.comment_reply(interaction, reaction)
                .map_err(|e| clash(e, format!("interaction #{}'s reply to reaction #{}", interaction.0, reaction.0)))?;
        }
    }
    // Settings: all of them in a restore; only those not set yet when merging.
    for (k, v) in &r.settings {
        db.setting(k, &serde_json::to_string(v)?, restoring).map_err(|e| clash(e, format!("setting {k}")))?;
    }
    Ok(())
}
