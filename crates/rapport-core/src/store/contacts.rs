//! Contacts: create, read, edit, archive, list, and resolve a name typed by the user.

use std::collections::{HashMap, HashSet};

use rusqlite::{params, Connection, OptionalExtension, Row, ToSql};

use super::{check_len, check_name, check_prose, clean, Store};
use crate::db::write_tx;
use crate::error::{Error, Reason, Result};
use crate::model::*;
use crate::time::{check_date, now, utc};

const MAX_NAME: usize = 200;
const MAX_FIELD: usize = 500;
const MAX_NOTES: usize = 100_000;

/// The filter every contact listing shares: not merged away, and in the circle `:circle` when
/// one is given. The search's own condition ([`Search::condition`]) is added to it. One text, so
/// the window's list and `rapport contact list --search` always find the same people.
const MATCHING: &str = "c.merged_into IS NULL
    AND (:circle IS NULL OR EXISTS (SELECT 1 FROM contact_circles cc WHERE cc.contact_id = c.id AND cc.circle_id = :circle))";

/// One contact a listing selected, before the directory adds its measures.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactMatch {
    pub id: ContactId,
    pub display_name: String,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub company: Option<String>,
    pub role: Option<String>,
    pub archived: bool,
}

impl Store {
    pub fn add_contact(&mut self, fields: &ContactFields) -> Result<Contact> {
        let fields = validate(fields)?;
        let tx = write_tx(&mut self.conn)?;
        let t = now();
        tx.execute(
            "INSERT INTO contacts (display_name, created_at, updated_at) VALUES (?1, ?2, ?2)",
            params![fields.display_name, t],
        )?;
        let id = ContactId(tx.last_insert_rowid());
        write_fields(&tx, id, &fields)?;
        tx.commit()?;
        self.contact(id)
    }

    /// Replaces every editable field of a contact.
    pub fn update_contact(&mut self, id: ContactId, fields: &ContactFields) -> Result<Contact> {
        let fields = validate(fields)?;
        let tx = write_tx(&mut self.conn)?;
        ensure_contact(&tx, id)?;
        let t = now();
        tx.execute("UPDATE contacts SET updated_at = ?2 WHERE id = ?1", params![id, t])?;
        record_fact_changes(&tx, id, &fields, t)?;
        write_fields(&tx, id, &fields)?;
        tx.commit()?;
        self.contact(id)
    }

    pub fn set_archived(&mut self, id: ContactId, archived: bool) -> Result<Contact> {
        let tx = write_tx(&mut self.conn)?;
        ensure_contact(&tx, id)?;
        tx.execute("UPDATE contacts SET archived = ?2, updated_at = ?3 WHERE id = ?1", params![id, archived, now()])?;
        tx.commit()?;
        self.contact(id)
    }

    pub fn contact(&self, id: ContactId) -> Result<Contact> {
        read_contact(&self.conn, id)
    }

    /// The display names of those of `ids` that exist (archived and merged ones included): one
    /// prepared statement, for a caller that names hundreds (the dashboard's "why it moved"),
    /// where [`Store::contact`] would read each whole.
    pub fn display_names(&self, ids: impl IntoIterator<Item = ContactId>) -> Result<HashMap<ContactId, String>> {
        let mut stmt = self.conn.prepare_cached("SELECT display_name FROM contacts WHERE id = ?1")?;
        let mut names = HashMap::new();
        for id in ids {
            if let Some(name) = stmt.query_row([id], |r| r.get::<_, String>(0)).optional()? {
                names.insert(id, name);
            }
        }
        Ok(names)
    }

    /// Contacts matching `query`, by name, with their activity figures. By the name without
    /// honorifics ("Mr. John Smith Sr." among the J's, see [`crate::model::name_core`]), case
    /// ignored, as the window's list sorts: SQL cannot order by that, so the page is cut here.
    pub fn list_contacts(&self, query: &ContactQuery) -> Result<Vec<ContactSummary>> {
        let search = Search::parse(query.search.as_deref().unwrap_or(""));
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT c.id, c.display_name, c.company, c.role, c.archived,
                    (SELECT count(*) FROM interaction_participants p WHERE p.contact_id = c.id),
                    (SELECT max(i.occurred_at) FROM interactions i
                       JOIN interaction_participants p ON p.interaction_id = i.id WHERE p.contact_id = c.id),
                    (SELECT count(*) FROM questions q WHERE q.contact_id = c.id AND q.answered_in IS NULL),
                    c.given_name, c.family_name
             FROM contacts c
             WHERE {MATCHING} AND {} AND (:include_archived OR c.archived = 0)",
            search.condition()
        ))?;
        let mut args: Vec<(&str, &dyn ToSql)> =
            vec![(":circle", &query.circle), (":include_archived", &query.include_archived)];
        search.bind(&mut args);
        let rows = stmt.query_map(args.as_slice(), |r| {
            let display_name: String = r.get(1)?;
            let given: Option<String> = r.get(8)?;
            let family: Option<String> = r.get(9)?;
            let sort_key = crate::model::name_core(&display_name, given.as_deref(), family.as_deref()).to_lowercase();
            let summary = ContactSummary {
                id: r.get(0)?,
                display_name,
                company: r.get(2)?,
                role: r.get(3)?,
                archived: r.get(4)?,
                interaction_count: r.get(5)?,
                last_interaction_at: r.get::<_, Option<i64>>(6)?.map(utc),
                open_questions: r.get(7)?,
            };
            Ok((sort_key, summary))
        })?;
        let mut sorted: Vec<(String, ContactSummary)> = rows.collect::<rusqlite::Result<_>>()?;
        sorted.sort_by(|(a, x), (b, y)| a.cmp(b).then(x.id.cmp(&y.id)));
        let limit = query.limit.map_or(usize::MAX, |n| n as usize);
        Ok(sorted.into_iter().skip(query.offset as usize).take(limit).map(|(_, c)| c).collect())
    }

    /// The contacts that `search` and `circle` select, archived or not as `archived` says, by
    /// name: the rows the directory completes with each contact's measures. Every word of
    /// `search`, in any order, must be part of the contact's name, company, role, nickname,
    /// place, email or notes, or of the summary of an interaction they took part in; case and
    /// accents do not count (see [`Search`]).
    pub fn matching_contacts(
        &self,
        search: Option<&str>,
        circle: Option<CircleId>,
        archived: ArchivedFilter,
    ) -> Result<Vec<ContactMatch>> {
        let search = Search::parse(search.unwrap_or(""));
        let (archived_min, archived_max) = match archived {
            ArchivedFilter::Active => (false, false),
            ArchivedFilter::Archived => (true, true),
            ArchivedFilter::All => (false, true),
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT c.id, c.display_name, c.company, c.role, c.archived, c.given_name, c.family_name FROM contacts c
             WHERE {MATCHING} AND {} AND c.archived BETWEEN :archived_min AND :archived_max
             ORDER BY c.display_name COLLATE NOCASE, c.id",
            search.condition()
        ))?;
        let mut args: Vec<(&str, &dyn ToSql)> =
            vec![(":circle", &circle), (":archived_min", &archived_min), (":archived_max", &archived_max)];
        search.bind(&mut args);
        let rows = stmt.query_map(args.as_slice(), |r| {
            Ok(ContactMatch {
                id: r.get(0)?,
                display_name: r.get(1)?,
                company: r.get(2)?,
                role: r.get(3)?,
                archived: r.get(4)?,
                given_name: r.get(5)?,
                family_name: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Why each of `contacts` matched `search` when it is not by their name: a short excerpt of
    /// their notes or details, or else of the latest summary of an interaction they took part
    /// in. Contacts whose name holds every word get none. Words shorter than three letters do
    /// not count here (the index cannot place them).
    ///
    /// Each index is searched once for the whole page (a search per contact costs a pass over
    /// the word's hits each time); the page's ids, integers, are written into the statements.
    pub fn search_excerpts(&self, search: &str, contacts: &[ContactId]) -> Result<HashMap<ContactId, Excerpt>> {
        let search = Search::parse(search);
        let mut out = HashMap::new();
        let Some(any_word) = search.any_long_word() else {
            return Ok(out);
        };
        if contacts.is_empty() {
            return Ok(out);
        }
        let ids = id_list(contacts.iter().map(|c| c.0));
        let in_name = format!("name : ({})", search.long.join(" "));
        let mut stmt = self.conn.prepare_cached("SELECT rowid FROM contact_search WHERE contact_search MATCH ?1")?;
        let by_name: HashSet<ContactId> = stmt.query_map([in_name], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;

        let mut stmt = self.conn.prepare(&format!(
            "SELECT rowid, {}, {} FROM contact_search WHERE contact_search MATCH ?1 AND +rowid IN ({ids})",
            snippet("contact_search", 2),
            snippet("contact_search", 1)
        ))?;
        let own =
            stmt.query_map([&any_word], |r| Ok((r.get::<_, ContactId>(0)?, r.get::<_, String>(1)?, r.get(2)?)))?;
        for row in own {
            let (id, notes, details): (ContactId, String, String) = row?;
            if by_name.contains(&id) {
                continue;
            }
            let hit = [(ExcerptSource::Notes, notes), (ExcerptSource::Details, details)]
                .into_iter()
                .find(|(_, text)| text.contains(HIT));
            if let Some((source, text)) = hit {
                out.insert(id, Excerpt { source, text: excerpt_line(&text) });
            }
        }

        // The others matched through a summary: the latest one of theirs that holds a word.
        let rest: Vec<ContactId> =
            contacts.iter().copied().filter(|id| !by_name.contains(id) && !out.contains_key(id)).collect();
        if rest.is_empty() {
            return Ok(out);
        }
        // The summaries that hold a word (one pass over the index), then the page's own
        // interactions, newest first: joined in SQL, the index was searched once per row.
        let mut stmt =
            self.conn.prepare_cached("SELECT rowid FROM interaction_search WHERE interaction_search MATCH ?1")?;
        let hits: HashSet<i64> = stmt.query_map([&any_word], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT p.contact_id, i.id FROM interaction_participants p JOIN interactions i ON i.id = p.interaction_id
             WHERE p.contact_id IN ({}) ORDER BY i.occurred_at DESC, i.id DESC",
            id_list(rest.iter().map(|c| c.0))
        ))?;
        let mut latest: HashMap<ContactId, i64> = HashMap::new();
        for row in stmt.query_map([], |r| Ok((r.get::<_, ContactId>(0)?, r.get::<_, i64>(1)?)))? {
            let (contact, interaction) = row?;
            if hits.contains(&interaction) {
                latest.entry(contact).or_insert(interaction);
            }
        }
        if latest.is_empty() {
            return Ok(out);
        }
        let mut stmt = self.conn.prepare(&format!(
            "SELECT rowid, {} FROM interaction_search WHERE interaction_search MATCH ?1 AND +rowid IN ({})",
            snippet("interaction_search", 0),
            id_list(latest.values().copied())
        ))?;
        let snippets: HashMap<i64, String> =
            stmt.query_map([&any_word], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        for (contact, interaction) in latest {
            if let Some(text) = snippets.get(&interaction) {
                out.insert(contact, Excerpt { source: ExcerptSource::Summary, text: excerpt_line(text) });
            }
        }
        Ok(out)
    }

    /// Finds the one contact that `text` names: an id, an exact name (any case), or the words of
    /// a name in any order, each a part of it, case and accents aside ("chloe" finds "Chloé
    /// Martin", so does "martin chlo"). Anything else is an error that lists the candidates.
    pub fn resolve_contact(&self, text: &str) -> Result<ContactId> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Error::invalid("contact", Reason::ContactEmpty {}));
        }
        if let Ok(n) = text.trim_start_matches('#').parse::<i64>() {
            let exists: bool =
                self.conn.query_row("SELECT EXISTS (SELECT 1 FROM contacts WHERE id = ?1)", [n], |r| r.get(0))?;
            return if exists { Ok(ContactId(n)) } else { Err(Error::not_found("contact", n)) };
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, display_name FROM contacts WHERE merged_into IS NULL AND display_name = ?1 COLLATE NOCASE ORDER BY id",
        )?;
        let mut found: Vec<(ContactId, String)> =
            stmt.query_map([text], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        if found.is_empty() {
            let search = Search::parse(text);
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT c.id, c.display_name FROM contacts c WHERE c.merged_into IS NULL AND {} ORDER BY c.id",
                search.name_condition()
            ))?;
            let mut args: Vec<(&str, &dyn ToSql)> = Vec::new();
            search.bind(&mut args);
            found =
                stmt.query_map(args.as_slice(), |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        }
        match found.as_slice() {
            [(id, _)] => Ok(*id),
            [] => Err(Error::NoMatch(Reason::NoContactMatches { text: text.to_owned() })),
            many => {
                let names: Vec<String> = many.iter().take(8).map(|(id, n)| format!("{n} (#{id})")).collect();
                Err(Error::Ambiguous(Reason::AmbiguousContact { text: text.to_owned(), n: many.len(), names }))
            }
        }
    }
}

/// The mark FTS5's `snippet()` puts around each hit, so that a column with a hit can be told
/// from one without; removed before the excerpt is shown.
const HIT: &str = "\u{1}";

/// An excerpt of about sixty letters around the hits in `column` of `table` (the trigram
/// tokenizer counts one token per letter or so), each hit between two [`HIT`] marks.
fn snippet(table: &str, column: usize) -> String {
    format!("snippet({table}, {column}, char(1), char(1), '…', 60)")
}

/// `1,2,3`: ids for an `IN (...)` list written into a statement (integers only, so nothing a
/// user typed).
fn id_list(ids: impl Iterator<Item = i64>) -> String {
    ids.map(|id| id.to_string()).collect::<Vec<_>>().join(",")
}

/// The excerpt on one line, starting at most a few words before its first hit so that a narrow
/// list shows the hit, without the hit marks.
fn excerpt_line(snippet: &str) -> String {
    const BEFORE_HIT: usize = 12;
    let line = snippet.split_whitespace().collect::<Vec<_>>().join(" ");
    let first_hit = line.find(HIT).unwrap_or(0);
    let lead = &line[..first_hit];
    let out = if lead.chars().count() <= BEFORE_HIT {
        line.clone()
    } else {
        // Start at the first word that begins within BEFORE_HIT letters of the hit.
        let keep_from = lead.char_indices().rev().nth(BEFORE_HIT - 1).map_or(0, |(i, _)| i);
        let start = lead[keep_from..].find(' ').map_or(first_hit, |space| keep_from + space + 1);
        format!("…{}", &line[start..])
    };
    out.replace(HIT, "")
}

/// A search typed by the user, split at spaces into words that must all match, in any order.
/// Words of three letters or more are matched by the full-text index (`contact_search`,
/// `interaction_search`, migration 0004), which ignores case and accents and also covers notes
/// and interaction summaries. Shorter words cannot be placed by a trigram index: they are
/// matched with LIKE in the contact's own fields (ASCII case ignored, accents not).
struct Search {
    /// Each long word as an FTS5 phrase: in double quotes, so that its punctuation is plain text.
    long: Vec<String>,
    /// Each short word as a LIKE pattern (see [`like_pattern`]).
    short: Vec<String>,
    /// The parameter names, `:w0`, `:w1`..., in the order of `long` then `short`.
    names: Vec<String>,
}

impl Search {
    fn parse(text: &str) -> Search {
        let (mut long, mut short) = (Vec::new(), Vec::new());
        for word in text.split_whitespace() {
            if word.chars().count() >= 3 {
                long.push(format!("\"{}\"", word.replace('"', "\"\"")));
            } else {
                short.push(like_pattern(word));
            }
        }
        let names = (0..long.len() + short.len()).map(|i| format!(":w{i}")).collect();
        Search { long, short, names }
    }

    /// The condition on the contact `c`: every word in their fields or one of their summaries.
    fn condition(&self) -> String {
        let mut parts = vec!["1".to_owned()];
        for name in &self.names[..self.long.len()] {
            parts.push(format!(
                "(c.id IN (SELECT rowid FROM contact_search WHERE contact_search MATCH {name})
                  OR c.id IN (SELECT p.contact_id FROM interaction_search
                                JOIN interaction_participants p ON p.interaction_id = interaction_search.rowid
                              WHERE interaction_search MATCH {name}))"
            ));
        }
        for name in &self.names[self.long.len()..] {
            parts.push(format!(
                "(c.display_name LIKE {name} ESCAPE '\\' OR c.company LIKE {name} ESCAPE '\\'
                  OR c.role LIKE {name} ESCAPE '\\' OR c.nickname LIKE {name} ESCAPE '\\'
                  OR c.location LIKE {name} ESCAPE '\\' OR c.notes LIKE {name} ESCAPE '\\'
                  OR EXISTS (SELECT 1 FROM contact_emails e WHERE e.contact_id = c.id AND e.email LIKE {name} ESCAPE '\\'))"
            ));
        }
        parts.join(" AND ")
    }

    /// The condition on the contact `c`: every word in their name or nickname.
    fn name_condition(&self) -> String {
        let mut parts = vec!["1".to_owned()];
        for name in &self.names[..self.long.len()] {
            parts.push(format!(
                "c.id IN (SELECT rowid FROM contact_search WHERE contact_search MATCH 'name : ' || {name})"
            ));
        }
        for name in &self.names[self.long.len()..] {
            parts.push(format!("(c.display_name LIKE {name} ESCAPE '\\' OR c.nickname LIKE {name} ESCAPE '\\')"));
        }
        parts.join(" AND ")
    }

    /// Binds each word to its parameter.
    fn bind<'a>(&'a self, args: &mut Vec<(&'a str, &'a dyn ToSql)>) {
        for (name, word) in self.names.iter().zip(self.long.iter().chain(&self.short)) {
            args.push((name, word));
        }
    }

    /// An FTS5 query matching a row that holds any of the long words, for the excerpts.
    fn any_long_word(&self) -> Option<String> {
        (!self.long.is_empty()).then(|| self.long.join(" OR "))
    }
}

/// One contact with its emails, phones, links and circles, on any connection (a transaction too).
pub(crate) fn read_contact(conn: &Connection, id: ContactId) -> Result<Contact> {
    let mut contact = conn
        .query_row(&format!("SELECT {CONTACT_COLUMNS} FROM contacts WHERE id = ?1"), [id], contact_from_row)
        .optional()?
        .ok_or_else(|| Error::not_found("contact", id.0))?;
    let labeled = |table: &str, column: &str| -> Result<Vec<Labeled>> {
        let mut stmt =
            conn.prepare_cached(&format!("SELECT {column}, label FROM {table} WHERE contact_id = ?1 ORDER BY id"))?;
        let rows = stmt.query_map([id], |r| Ok(Labeled { value: r.get(0)?, label: r.get(1)? }))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    contact.fields.emails = labeled("contact_emails", "email")?;
    contact.fields.phones = labeled("contact_phones", "phone")?;
    contact.fields.links = labeled("contact_links", "url")?;
    let mut stmt = conn.prepare_cached(
        "SELECT c.name FROM circles c JOIN contact_circles cc ON cc.circle_id = c.id
         WHERE cc.contact_id = ?1 ORDER BY c.name COLLATE NOCASE",
    )?;
    contact.fields.circles = stmt.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(contact)
}

pub(crate) const CONTACT_COLUMNS: &str = "id, display_name, given_name, family_name, nickname, company, role, location,
     how_met, met_on, birthday, closeness, is_kin, notes, cadence_days, archived, created_at, updated_at";

pub(crate) fn contact_from_row(r: &Row<'_>) -> rusqlite::Result<Contact> {
    Ok(Contact {
        id: r.get(0)?,
        fields: ContactFields {
            display_name: r.get(1)?,
            given_name: r.get(2)?,
            family_name: r.get(3)?,
            nickname: r.get(4)?,
            company: r.get(5)?,
            role: r.get(6)?,
            location: r.get(7)?,
            how_met: r.get(8)?,
            met_on: r.get(9)?,
            birthday: r.get(10)?,
            closeness: r.get(11)?,
            is_kin: r.get(12)?,
            notes: r.get(13)?,
            cadence_days: r.get(14)?,
            emails: Vec::new(),
            phones: Vec::new(),
            links: Vec::new(),
            circles: Vec::new(),
        },
        archived: r.get(15)?,
        created_at: utc(r.get(16)?),
        updated_at: utc(r.get(17)?),
    })
}

pub(crate) fn ensure_contact(tx: &Connection, id: ContactId) -> Result<()> {
    let exists: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM contacts WHERE id = ?1)", [id], |r| r.get(0))?;
    if exists {
        Ok(())
    } else {
        Err(Error::not_found("contact", id.0))
    }
}

/// `%text%` for LIKE, with the wildcards in `text` itself escaped.
fn like_pattern(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

/// Checks and normalises the fields: trimmed text, blank optional fields as `None`.
pub(crate) fn validate(f: &ContactFields) -> Result<ContactFields> {
    let display_name = f.display_name.trim().to_owned();
    if display_name.is_empty() {
        return Err(Error::invalid("display_name", Reason::NeedName {}));
    }
    check_name("display_name", &display_name, MAX_NAME)?;
    let mut out = ContactFields {
        display_name,
        given_name: clean(&f.given_name),
        family_name: clean(&f.family_name),
        nickname: clean(&f.nickname),
        company: clean(&f.company),
        role: clean(&f.role),
        location: clean(&f.location),
        how_met: clean(&f.how_met),
        met_on: f.met_on.map(|d| check_date("met_on", d)).transpose()?,
        birthday: clean(&f.birthday).map(|b| validate_birthday(&b)).transpose()?,
        closeness: f.closeness,
        is_kin: f.is_kin,
        notes: f.notes.trim().to_owned(),
        cadence_days: f.cadence_days,
        emails: clean_labeled("emails", &f.emails)?,
        phones: clean_labeled("phones", &f.phones)?,
        links: clean_labeled("links", &f.links)?,
        circles: Vec::new(),
    };
    for (field, value) in
        [("given_name", &out.given_name), ("family_name", &out.family_name), ("nickname", &out.nickname)]
    {
        if let Some(v) = value {
            check_name(field, v, MAX_FIELD)?;
        }
    }
    for (field, value) in
        [("company", &out.company), ("role", &out.role), ("location", &out.location), ("how_met", &out.how_met)]
    {
        if let Some(v) = value {
            check_len(field, v, MAX_FIELD)?;
        }
    }
    check_prose("notes", &out.notes, MAX_NOTES)?;
    if let Some(c) = out.closeness {
        if !(1..=5).contains(&c) {
            return Err(Error::invalid("closeness", Reason::Closeness { value: c.into() }));
        }
    }
    if let Some(d) = out.cadence_days {
        if !(1..=3650).contains(&d) {
            return Err(Error::invalid("cadence_days", Reason::Cadence { value: d.into() }));
        }
    }
    if let Some(bad) = out.emails.iter().find(|e| !e.value.contains('@')) {
        return Err(Error::invalid("emails", Reason::NotEmail { value: bad.value.clone() }));
    }
    for name in &f.circles {
        let name = name.trim();
        if name.is_empty() {
            continue;
        }
        check_name("circles", name, MAX_NAME)?;
        if !out.circles.iter().any(|c| c.eq_ignore_ascii_case(name)) {
            out.circles.push(name.to_owned());
        }
    }
    Ok(out)
}

fn clean_labeled(field: &'static str, items: &[Labeled]) -> Result<Vec<Labeled>> {
    let mut out: Vec<Labeled> = Vec::new();
    for item in items {
        let value = item.value.trim();
        if value.is_empty() {
            continue;
        }
        check_len(field, value, MAX_FIELD)?;
        if let Some(label) = &item.label {
            check_len(field, label, MAX_FIELD)?;
        }
        if !out.iter().any(|o| o.value.eq_ignore_ascii_case(value)) {
            out.push(Labeled { value: value.to_owned(), label: clean(&item.label) });
        }
    }
    Ok(out)
}

/// Accepts `YYYY-MM-DD` or `--MM-DD` (year unknown), and refuses impossible dates such as 02-31.
fn validate_birthday(text: &str) -> Result<String> {
    let bad = || Error::invalid("birthday", Reason::NotBirthday { value: text.to_owned() });
    if let Some(rest) = text.strip_prefix("--") {
        // 2000 is a leap year, so 29 February is accepted without a year.
        chrono::NaiveDate::parse_from_str(&format!("2000-{rest}"), "%Y-%m-%d").map_err(|_| bad())?;
        Ok(text.to_owned())
    } else {
        let d = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| bad())?;
        check_date("birthday", d)?;
        Ok(d.format("%Y-%m-%d").to_string())
    }
}

/// Dates a change of closeness or keep-in-touch goal that `f` is about to make: a measure of an
/// earlier date keeps reading the value held then. Call it before the contact's row changes. The
/// first change of a fact also records what held before it, as held since before any history.
/// Values given when a contact is created need no row: with none, a fact's value held always.
pub(crate) fn record_fact_changes(tx: &Connection, id: ContactId, f: &ContactFields, at: i64) -> Result<()> {
    let (closeness, cadence): (Option<u32>, Option<u32>) =
        tx.query_row("SELECT closeness, cadence_days FROM contacts WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    for (fact, old, new) in [
        (ContactFact::Closeness, closeness, f.closeness.map(u32::from)),
        (ContactFact::CadenceDays, cadence, f.cadence_days),
    ] {
        if old == new {
            continue;
        }
        let dated: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM contact_fact_changes WHERE contact_id = ?1 AND fact = ?2)",
            params![id, fact],
            |r| r.get(0),
        )?;
        if !dated {
            insert_fact_change(tx, id, fact, old, None)?;
        }
        insert_fact_change(tx, id, fact, new, Some(at))?;
    }
    Ok(())
}

pub(crate) fn insert_fact_change(
    tx: &Connection,
    id: ContactId,
    fact: ContactFact,
    value: Option<u32>,
    since: Option<i64>,
) -> Result<()> {
    tx.prepare_cached("INSERT INTO contact_fact_changes (contact_id, fact, value, since) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![id, fact, value, since])?;
    Ok(())
}

pub(crate) fn write_fields(tx: &Connection, id: ContactId, f: &ContactFields) -> Result<()> {
    tx.execute(
        "UPDATE contacts SET display_name = ?2, given_name = ?3, family_name = ?4, nickname = ?5, company = ?6,
            role = ?7, location = ?8, how_met = ?9, met_on = ?10, birthday = ?11, closeness = ?12, is_kin = ?13,
            notes = ?14, cadence_days = ?15
         WHERE id = ?1",
        params![
            id,
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
            f.cadence_days
        ],
    )?;
    for (table, column, items) in [
        ("contact_emails", "email", &f.emails),
        ("contact_phones", "phone", &f.phones),
        ("contact_links", "url", &f.links),
    ] {
        tx.execute(&format!("DELETE FROM {table} WHERE contact_id = ?1"), [id])?;
        let mut stmt =
            tx.prepare_cached(&format!("INSERT INTO {table} (contact_id, {column}, label) VALUES (?1, ?2, ?3)"))?;
        for item in items {
            stmt.execute(params![id, item.value, item.label])?;
        }
    }
    tx.execute("DELETE FROM contact_circles WHERE contact_id = ?1", [id])?;
    for name in &f.circles {
        let circle = super::circles::circle_id_creating(tx, name)?;
        tx.execute(
            "INSERT OR IGNORE INTO contact_circles (contact_id, circle_id) VALUES (?1, ?2)",
            params![id, circle],
        )?;
    }
    Ok(())
}
