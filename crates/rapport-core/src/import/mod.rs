//! Importing contacts and history from other programs' files, safely.
//!
//! Every import runs in three steps, so a screen or the CLI can show what will happen before
//! anything is written:
//!
//! 1. [`parse`] reads the file into [`Parsed`]: incoming contacts and interactions, each tied to
//!    its record (card, row, event, message) and line, plus every problem found, by record and field.
//!    Nothing touches the database.
//! 2. [`preview`] matches the incoming contacts against the database and each other (email, then
//!    profile URL, then phone, then name) and says what would be created, merged, left unchanged or
//!    skipped ([`Preview`]).
//! 3. [`apply`] does it, all or nothing: the rows are written into staging tables without the
//!    write lock, then moved into place in one short transaction (see [`apply`]). A problem of
//!    severity error refuses the whole import unless [`ImportOptions::skip_invalid`] is set (then
//!    the bad records are left out); cancelling through the progress callback leaves nothing.
//!    Importing the same file twice creates nothing the second time.
//!
//! [`preview_file`] and [`apply_file`] do steps 2 and 3 from a file without holding its records:
//! the file is read again at each step, one record at a time (what `rapport import` runs).
//!
//! Formats: vCard 2.1/3.0/4.0 ([`vcard`]), CSV ([`csv_file`]: Google Contacts, LinkedIn
//! `Connections.csv`, any CSV with a column mapping), iCalendar ([`ics`]), LinkedIn
//! `messages.csv` ([`messages`]) and Rapport's own JSON export ([`json`]). docs/import.md has the
//! rules: what each field becomes, what is skipped, how matching works.

pub mod blog;
mod clean;
pub mod csv_file;
pub mod email;
pub mod ics;
pub mod json;
mod keys;
pub mod lines;
pub mod messages;
mod plan;
mod records;
mod recur;
pub mod vcard;
pub mod whatsapp;

use std::io::Read;
use std::path::Path;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Reason, Result};
use crate::model::*;
use crate::Store;

pub use crate::progress::{OnProgress, Progress, Stage};
pub use keys::region_of_locale;
pub use plan::{ContactAction, ContactItem, Evidence, LikelyDuplicate, MatchedBy, Preview};

/// The file formats Rapport reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// vCard 2.1, 3.0 or 4.0 (`.vcf`).
    Vcard,
    /// Google Contacts' CSV export.
    GoogleCsv,
    /// LinkedIn's `Connections.csv`.
    LinkedinConnections,
    /// LinkedIn's `messages.csv`.
    LinkedinMessages,
    /// Any CSV, with a column mapping (or headers Rapport recognises).
    Csv,
    /// iCalendar (`.ics`): events with attendees become interactions.
    Ics,
    /// Rapport's own JSON export.
    Json,
    /// A WordPress export (WXR): posts and their comments.
    Wxr,
    /// A Disqus export: threads and their comments.
    Disqus,
    /// Email: an mbox file or one `.eml` message.
    Email,
    /// A WhatsApp chat export (`.txt`, or the `.zip` that holds it).
    Whatsapp,
}

impl Format {
    pub const ALL: &'static [Format] = &[
        Format::Vcard,
        Format::GoogleCsv,
        Format::LinkedinConnections,
        Format::LinkedinMessages,
        Format::Csv,
        Format::Ics,
        Format::Json,
        Format::Wxr,
        Format::Disqus,
        Format::Email,
        Format::Whatsapp,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Vcard => "vcard",
            Format::GoogleCsv => "google_csv",
            Format::LinkedinConnections => "linkedin_connections",
            Format::LinkedinMessages => "linkedin_messages",
            Format::Csv => "csv",
            Format::Ics => "ics",
            Format::Json => "json",
            Format::Wxr => "wxr",
            Format::Disqus => "disqus",
            Format::Email => "email",
            Format::Whatsapp => "whatsapp",
        }
    }

    /// The format of a file from its content first (a CSV's header says which CSV it is), then
    /// its extension.
    pub fn detect(file_name: &str, bytes: &[u8]) -> Result<Format> {
        let head = lines::decode_text(&bytes[..bytes.len().min(64 * 1024)]).0.to_ascii_uppercase();
        let start = head.trim_start();
        if start.starts_with("BEGIN:VCARD") {
            return Ok(Format::Vcard);
        }
        if start.starts_with("BEGIN:VCALENDAR") {
            return Ok(Format::Ics);
        }
        if start.starts_with('{') && head.contains(json::EXPORT_MARKER) {
            return Ok(Format::Json);
        }
        if head.contains("<DISQUS XMLNS") || head.contains("<DISQUS>") {
            return Ok(Format::Disqus);
        }
        if head.contains("<RSS") && head.contains("WORDPRESS.ORG/EXPORT/") {
            return Ok(Format::Wxr);
        }
        if email::looks_like_email(&head) {
            return Ok(Format::Email);
        }
        // A WhatsApp export: its chat's first line, or the .zip that holds it.
        if bytes.starts_with(whatsapp::ZIP_MAGIC) || whatsapp::looks_like(&head) {
            return Ok(Format::Whatsapp);
        }
        let ext = Path::new(file_name).extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        match ext.as_str() {
            "vcf" | "vcard" => return Ok(Format::Vcard),
            "ics" | "ical" | "ifb" => return Ok(Format::Ics),
            "json" => return Ok(Format::Json),
            "mbox" | "mbx" | "eml" => return Ok(Format::Email),
            _ => {}
        }
        if let Some(f) = csv_file::detect(&head) {
            return Ok(f);
        }
        if ext == "csv" || ext == "txt" {
            return Ok(Format::Csv);
        }
        Err(Error::invalid(
            "format",
            Reason::UnknownFormat {
                file: file_name.to_owned(),
                formats: Format::ALL.iter().map(|f| f.as_str().to_owned()).collect(),
            },
        ))
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Format {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let wanted = s.trim().to_ascii_lowercase().replace('-', "_");
        Format::ALL.iter().copied().find(|f| f.as_str() == wanted).ok_or_else(|| {
            let choices = Format::ALL.iter().map(|f| f.as_str().to_owned()).collect();
            Error::invalid("format", Reason::UnknownValue { value: s.to_owned(), choices })
        })
    }
}

/// How many values of each list one contact keeps, as the length of each value is capped: a
/// card with a hundred thousand addresses is a broken export or an attack, not a person, and
/// would make every later merge of that contact slow.
pub const MAX_EMAILS: usize = 50;
pub const MAX_PHONES: usize = 50;
pub const MAX_LINKS: usize = 50;
pub const MAX_CIRCLES: usize = 100;

/// Values of one record left out because their list was full, per list.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LeftOut {
    pub emails: usize,
    pub phones: usize,
    pub links: usize,
    pub circles: usize,
}

impl LeftOut {
    /// One counted warning per list that overflowed; `fields` names the record's field of each
    /// list (`EMAIL`, `TEL`, `URL`, `CATEGORIES` in a vCard).
    pub(crate) fn warn(&self, record: Record, line: Option<usize>, fields: [&str; 4], problems: &mut Vec<Problem>) {
        let lists = [
            (self.emails, "emails", MAX_EMAILS),
            (self.phones, "phones", MAX_PHONES),
            (self.links, "links", MAX_LINKS),
            (self.circles, "circles", MAX_CIRCLES),
        ];
        for ((n, list, max), field) in lists.into_iter().zip(fields) {
            if n > 0 {
                let reason = Reason::ValuesLeftOut { n, list: list.to_owned(), max };
                problems.push(Problem::warning(Some(record), line, field, reason));
            }
        }
    }
}

/// What the user chose for this import.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ImportOptions {
    /// The format; detected from the file when `None`.
    pub format: Option<Format>,
    /// For a generic CSV: `(column header, field)` pairs, fields as in docs/import.md
    /// (`display_name`, `given_name`, `email`, `phone`, `company`, ...). Empty: recognised headers.
    pub mapping: Vec<(String, String)>,
    /// Who "me" is in messages and calendars: my names, email addresses or profile URLs.
    pub me: Vec<String>,
    /// Keep the text of LinkedIn messages (off by default: only who wrote when, and questions).
    pub keep_message_text: bool,
    /// Email: also import the messages of mailing lists and automated senders (List-Id,
    /// Precedence, Auto-Submitted, no-reply addresses), left out by default; counted either way.
    pub include_lists: bool,
    /// Import the good records and leave out those with errors (otherwise any error refuses all).
    pub skip_invalid: bool,
    /// Merge every likely duplicate the preview proposes (see [`plan::LikelyDuplicate`]).
    pub accept_all_likely: bool,
    /// Merge the likely duplicates of these records (their numbers in the file, as the preview
    /// names them); the others are created as new contacts.
    pub accept_likely: Vec<usize>,
    /// A WhatsApp chat's turn answers the one before it when it came within this many days:
    /// the model's `reply_window_days`. `None`: the database's model settings when importing a
    /// file into one (see [`preview_file`]), else the model's default.
    pub reply_window_days: Option<f64>,
    /// The time zone (an IANA name, "Europe/Paris") a WhatsApp chat's wall-clock times were
    /// written in. `None`: this machine's zone.
    pub zone: Option<String>,
    /// The region (an ISO 3166 two-letter code, "FR") of phone numbers written without a country
    /// code: `06 12 34 56 78` is then `+33 6 12 34 56 78`. `None`: such a number matches only the
    /// same national number (docs/import.md, "Phone numbers"); an unknown region is refused.
    pub region: Option<String>,
    /// An mbox split on the calling thread rather than a thread of its own: for `rapport bench`,
    /// which times the reading's work that way too (the two threads' wall time hides it when a
    /// core is free). Never the window's to set.
    #[serde(skip)]
    pub split_on_one_thread: bool,
}

/// Where a record sits in its file, for messages that a person can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Record {
    /// "card", "row", "event", "message", "contact"...
    pub kind: &'static str,
    /// 1-based position among the file's records of that kind.
    pub number: usize,
    /// 1-based line where the record starts, when the format has lines.
    pub line: Option<usize>,
}

impl std::fmt::Display for Record {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.kind, self.number)?;
        if let Some(line) = self.line {
            write!(f, " (line {line})")?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The record cannot be imported as it is.
    Error,
    /// A value was left out; the rest of the record imports.
    Warning,
}

/// One thing wrong in the file, named by record, line and field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub severity: Severity,
    /// The record concerned; `None` for the file as a whole.
    pub record: Option<Record>,
    /// The exact line, when known (may differ from the record's first line).
    pub line: Option<usize>,
    /// The field or property (`BDAY`, `Email Address`, `DTSTART`...); `file` for the whole file.
    pub field: String,
    /// The English sentence (the CLI shows it).
    pub message: String,
    /// The same as a key and parameters (`"key"`, `"params"` beside `message` in JSON), for the
    /// window to word in its own language.
    #[serde(flatten)]
    pub reason: Reason,
    /// The file it is in, when one import reads several (a folder of `.eml` messages).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

impl Problem {
    pub fn error(record: Option<Record>, line: Option<usize>, field: impl Into<String>, reason: Reason) -> Self {
        Problem {
            severity: Severity::Error,
            record,
            line,
            field: field.into(),
            message: reason.to_string(),
            reason,
            file: None,
        }
    }

    pub fn warning(record: Option<Record>, line: Option<usize>, field: impl Into<String>, reason: Reason) -> Self {
        Problem {
            severity: Severity::Warning,
            record,
            line,
            field: field.into(),
            message: reason.to_string(),
            reason,
            file: None,
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}: ")?;
        }
        match (&self.record, self.line) {
            (Some(r), Some(line)) if r.line != Some(line) => write!(f, "{} {}, line {line}", r.kind, r.number)?,
            (Some(r), _) => write!(f, "{r}")?,
            (None, Some(line)) => write!(f, "line {line}")?,
            (None, None) => f.write_str("file")?,
        }
        write!(f, ", {}: {}", self.field, self.message)
    }
}

/// A person as a file describes them.
#[derive(Debug, Clone, PartialEq)]
pub struct IncomingContact {
    pub record: Record,
    pub fields: ContactFields,
    /// For a restore from Rapport's JSON: the original id, archived flag and timestamps.
    pub original: Option<json::Original>,
}

/// How an interaction names a participant.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Who {
    /// An incoming contact of the same file, by index.
    Incoming(usize),
    /// An existing or incoming contact with this email address (never created from it).
    Email(String),
    /// An existing or incoming contact with this profile URL.
    Link(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct IncomingQuestion {
    pub asked_by: Party,
    pub text: String,
    /// Whom it was asked of (or by); `None`: every participant.
    pub contact: Option<Who>,
    /// The index of the later incoming interaction that answered it.
    pub answered_by: Option<usize>,
    /// The original id, for a restore.
    pub original_id: Option<QuestionId>,
}

/// Whether `key` is a source key the schema takes: a namespace, `:`, and at most 1100 characters.
pub(crate) fn valid_source_key(key: &str) -> bool {
    (3..=1100).contains(&key.chars().count()) && key.find(':').is_some_and(|colon| colon > 0)
}

#[derive(Debug, Clone, PartialEq)]
pub struct IncomingInteraction {
    pub record: Record,
    pub at: DateTime<FixedOffset>,
    pub channel: Channel,
    pub initiated_by: Party,
    pub duration_min: Option<u32>,
    pub summary: String,
    pub participants: Vec<Who>,
    pub questions: Vec<IncomingQuestion>,
    /// Value items, for a restore from Rapport's JSON.
    pub value_items: Vec<IncomingValueItem>,
    /// The original id, for a restore.
    pub original_id: Option<InteractionId>,
    /// Which participant started it, for a restore.
    pub initiator: Option<Who>,
    /// The index of the earlier incoming interaction it replies to, for a restore.
    pub in_reply_to: Option<usize>,
    /// Where it came from, as keys namespaced by source (`email:` and a Message-ID): a key
    /// already in the database makes it a duplicate, and a later import finds it by its key.
    pub source_keys: Vec<String>,
    /// The key of the interaction it replies to, looked up in the database when that one is
    /// not written by this import (imported earlier, or already there).
    pub reply_key: Option<String>,
}

impl IncomingInteraction {
    /// An interaction a parser read: its record, time, channel, who started it and summary;
    /// nothing else yet (no participants, questions, value items, ids, thread or keys), which
    /// the parser adds as its file gives them.
    pub(crate) fn read(
        record: Record,
        at: DateTime<FixedOffset>,
        channel: Channel,
        initiated_by: Party,
        summary: String,
    ) -> IncomingInteraction {
        IncomingInteraction {
            record,
            at,
            channel,
            initiated_by,
            duration_min: None,
            summary,
            participants: Vec::new(),
            questions: Vec::new(),
            value_items: Vec::new(),
            original_id: None,
            initiator: None,
            in_reply_to: None,
            source_keys: Vec::new(),
            reply_key: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct IncomingValueItem {
    pub contact: Who,
    pub direction: Direction,
    pub kind: ValueKind,
    pub weight: Option<f64>,
    pub note: String,
    pub at: DateTime<chrono::Utc>,
    pub original_id: Option<ValueItemId>,
}

/// A file read into records, before any matching.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub format: Format,
    /// The text encoding the file was read in.
    pub encoding: &'static str,
    /// How many records the file holds (cards, rows, events, messages).
    pub records: usize,
    pub contacts: Vec<IncomingContact>,
    pub interactions: Vec<IncomingInteraction>,
    pub problems: Vec<Problem>,
    /// What only Rapport's own export carries (circles, posts, settings...).
    pub restore: Option<Box<json::Restore>>,
    /// Posts with their comments (blog comments).
    pub posts: Vec<blog::IncomingPost>,
    /// What a blog export held that is left out, counted.
    pub blog: Option<blog::LeftOut>,
}

impl Parsed {
    pub(crate) fn new(format: Format, encoding: &'static str) -> Parsed {
        Parsed {
            format,
            encoding,
            records: 0,
            contacts: Vec::new(),
            interactions: Vec::new(),
            problems: Vec::new(),
            restore: None,
            posts: Vec::new(),
            blog: None,
        }
    }
}

/// One record, as a step of an import reads it: an incoming contact or interaction with its
/// index among the file's contacts or interactions.
#[derive(Debug)]
pub enum Item<'r> {
    Contact(usize, &'r IncomingContact),
    Interaction(usize, &'r IncomingInteraction),
    /// A post of mine with its comments and my replies (blog comments).
    Post(usize, &'r blog::IncomingPost),
}

/// Where a streamed parse sends each record, cleaned, instead of keeping it in [`Parsed`].
pub(crate) type Each<'e> = &'e mut dyn FnMut(Item<'_>) -> Result<()>;

/// The records a streamed parse sent on, and the warnings their cleaning gave (kept apart so
/// they end up in the order [`clean::clean_parsed`] gives them: contacts' then interactions').
struct Sink<'a> {
    each: Each<'a>,
    contacts: usize,
    interactions: usize,
    posts: usize,
    contact_warnings: Vec<Problem>,
    interaction_warnings: Vec<Problem>,
}

/// Reports progress every `every` units, and stops when the callback says so. While a file is
/// parsed it also takes each record the parser emits ([`Ticker::contact`],
/// [`Ticker::interaction`]): into [`Parsed`], or to a sink when the parse is streamed.
pub(crate) struct Ticker<'a> {
    on: &'a mut dyn FnMut(Progress) -> bool,
    stage: Stage,
    total: u64,
    every: u64,
    next: u64,
    sink: Option<Sink<'a>>,
}

impl<'a> Ticker<'a> {
    pub(crate) fn new(on: &'a mut dyn FnMut(Progress) -> bool, stage: Stage, total: u64) -> Self {
        let every = (total / 200).max(1);
        Ticker { on, stage, total, every, next: 0, sink: None }
    }

    /// A contact the parser read; returns its index among the file's contacts.
    pub(crate) fn contact(&mut self, parsed: &mut Parsed, mut contact: IncomingContact) -> Result<usize> {
        let Some(sink) = self.sink.as_mut() else {
            parsed.contacts.push(contact);
            return Ok(parsed.contacts.len() - 1);
        };
        clean::clean_contact(&mut contact, &mut sink.contact_warnings);
        let i = sink.contacts;
        sink.contacts += 1;
        (sink.each)(Item::Contact(i, &contact))?;
        Ok(i)
    }

    /// An interaction the parser read.
    pub(crate) fn interaction(&mut self, parsed: &mut Parsed, mut it: IncomingInteraction) -> Result<()> {
        let Some(sink) = self.sink.as_mut() else {
            parsed.interactions.push(it);
            return Ok(());
        };
        clean::clean_interaction(&mut it, &mut sink.interaction_warnings);
        let k = sink.interactions;
        sink.interactions += 1;
        (sink.each)(Item::Interaction(k, &it))
    }

    /// An interaction whose texts the parser wrote itself (a summary such as "Email", a
    /// question's placeholder), borrowed: the parser fills it again for its next one. Nothing
    /// to clean, so a streamed parse hands it on as it stands; a held one keeps a copy (cleaned
    /// with the rest, which changes nothing).
    pub(crate) fn own_interaction_ref(&mut self, parsed: &mut Parsed, it: &IncomingInteraction) -> Result<()> {
        let Some(sink) = self.sink.as_mut() else {
            parsed.interactions.push(it.clone());
            return Ok(());
        };
        debug_assert!(needs_no_cleaning(it), "{it:?}");
        let k = sink.interactions;
        sink.interactions += 1;
        (sink.each)(Item::Interaction(k, it))
    }

    /// A post the parser read, with its comments (its texts cleaned by the parser).
    pub(crate) fn post(&mut self, parsed: &mut Parsed, post: blog::IncomingPost) -> Result<()> {
        let Some(sink) = self.sink.as_mut() else {
            parsed.posts.push(post);
            return Ok(());
        };
        let p = sink.posts;
        sink.posts += 1;
        (sink.each)(Item::Post(p, &post))
    }

    /// Whether the records stay in [`Parsed`] (not sent on to a sink as they are read).
    pub(crate) fn holds(&self) -> bool {
        self.sink.is_none()
    }

    /// The index the next interaction will have.
    pub(crate) fn next_interaction(&self, parsed: &Parsed) -> usize {
        self.sink.as_ref().map_or(parsed.interactions.len(), |s| s.interactions)
    }

    /// Reports `done` when a step's worth has passed; `Err(Cancelled)` if the user cancelled.
    pub(crate) fn tick(&mut self, done: u64) -> Result<()> {
        if done >= self.next {
            self.next = done + self.every;
            if !(self.on)(Progress { stage: self.stage, done, total: self.total }) {
                return Err(Error::Cancelled);
            }
        }
        Ok(())
    }

    pub(crate) fn finish(&mut self) -> Result<()> {
        if !(self.on)(Progress { stage: self.stage, done: self.total, total: self.total }) {
            return Err(Error::Cancelled);
        }
        Ok(())
    }
}

/// Whether cleaning `it` would change nothing (what [`Ticker::own_interaction_ref`] takes for granted).
fn needs_no_cleaning(it: &IncomingInteraction) -> bool {
    let mut cleaned = it.clone();
    clean::clean_interaction(&mut cleaned, &mut Vec::new());
    cleaned == *it
}

/// The largest file one import reads, as the window's: a million LinkedIn messages are about
/// 300 MB.
pub const MAX_IMPORT_BYTES: u64 = 1 << 30;

/// How much of a file's start says its format (and, for LinkedIn's connections, where the
/// header row is).
const HEAD_BYTES: u64 = 64 * 1024;

/// Opens a file to import, with its size. Only a regular file: a folder cannot be read, a pipe
/// can block for ever and a device such as `/dev/zero` never ends. At most [`MAX_IMPORT_BYTES`].
pub fn open_file(path: &Path) -> Result<(std::fs::File, u64)> {
    let io = |source| Error::Io { path: path.to_path_buf(), source };
    let not_regular = || Error::BadInput(Reason::ImportNotRegular { path: path.display().to_string() });
    // Asked before opening: opening a pipe for reading waits for a writer.
    if !std::fs::metadata(path).map_err(io)?.is_file() {
        return Err(not_regular());
    }
    let file = std::fs::File::open(path).map_err(io)?;
    // The file opened is the one checked, even if the path changed in between.
    let meta = file.metadata().map_err(io)?;
    if !meta.is_file() {
        return Err(not_regular());
    }
    if meta.len() > MAX_IMPORT_BYTES {
        let too_big = Reason::ImportTooBig {
            path: path.display().to_string(),
            mb: (meta.len() >> 20) as usize,
            max_mb: (MAX_IMPORT_BYTES >> 20) as usize,
        };
        return Err(Error::BadInput(too_big));
    }
    Ok((file, meta.len()))
}

/// Reads a file to import whole, with an error that names it (see [`open_file`]).
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    let (file, len) = open_file(path)?;
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(MAX_IMPORT_BYTES)
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    Ok(bytes)
}

/// Reads the file at `path` into records as [`parse`] does, streaming: the file is never held
/// whole (but for Rapport's JSON and UTF-16 text), so memory grows with what the file holds,
/// not with its size.
pub fn parse_file(path: &Path, options: &ImportOptions, progress: OnProgress<'_>) -> Result<Parsed> {
    if let Some(files) = records::email_folder(path, options.format)? {
        let total = email::folder_stamp(&files)?.0;
        return parse_folder_streamed(&files, total, options, progress, None).map(|p| p.0);
    }
    let (file, len) = open_file(path)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    parse_streamed_file(file, len, &name, options, progress, None).map(|p| p.0).map_err(|e| match e {
        // The readers below know the file by name only.
        Error::Io { source, .. } => Error::Io { path: path.to_path_buf(), source },
        other => other,
    })
}

/// Reads the file at `path` as `rapport import` reads it at each step: every record, cleaned,
/// is handed to `each` as soon as it is read and never held (but for Rapport's JSON, read
/// whole, whose records stay in the returned [`Parsed`]). Returns the file's description (its
/// problems, no records) and how many contacts and interactions were handed on.
pub fn parse_file_each(
    path: &Path,
    options: &ImportOptions,
    progress: OnProgress<'_>,
    each: &mut dyn FnMut(Item<'_>) -> Result<()>,
) -> Result<(Parsed, usize, usize)> {
    if let Some(files) = records::email_folder(path, options.format)? {
        let total = email::folder_stamp(&files)?.0;
        return parse_folder_streamed(&files, total, options, progress, Some(each));
    }
    let (file, len) = open_file(path)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    parse_streamed_file(file, len, &name, options, progress, Some(each)).map_err(|e| match e {
        Error::Io { source, .. } => Error::Io { path: path.to_path_buf(), source },
        other => other,
    })
}

/// A file that fails to read once it has given `left` bytes: one that grows past the limit while
/// it is read is refused rather than cut short in silence.
struct AtMost<R> {
    inner: R,
    left: u64,
}

impl<R: Read> Read for AtMost<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.left = self.left.checked_sub(n as u64).ok_or_else(|| {
            std::io::Error::other(format!("the file grew past {} MB while it was read", MAX_IMPORT_BYTES >> 20))
        })?;
        Ok(n)
    }
}

/// A read that failed part way (the caller knows which file it was).
pub(crate) fn read_failed(source: std::io::Error) -> Error {
    Error::Io { path: std::path::PathBuf::from("the file"), source }
}

/// Reads `bytes` (the file `file_name`) into records. Only an unreadable file as a whole is an
/// `Err`; problems with single records are in [`Parsed::problems`].
pub fn parse(bytes: &[u8], file_name: &str, options: &ImportOptions, progress: OnProgress<'_>) -> Result<Parsed> {
    if unzips(options) && bytes.starts_with(whatsapp::ZIP_MAGIC) {
        let options = ImportOptions { format: Some(Format::Whatsapp), ..options.clone() };
        return whatsapp::with_chat_in_zip(std::io::Cursor::new(bytes), |chat, len| {
            Ok(parse_streamed(chat, len, file_name, &options, progress, None)?.0)
        });
    }
    Ok(parse_streamed(bytes, bytes.len() as u64, file_name, options, progress, None)?.0)
}

/// Whether a `.zip` is opened as the WhatsApp chat inside it: unless another format is asked for.
fn unzips(options: &ImportOptions) -> bool {
    matches!(options.format, None | Some(Format::Whatsapp))
}

/// [`parse_streamed`] of an open file: of the chat inside it when it is a WhatsApp `.zip`.
pub(crate) fn parse_streamed_file<'a>(
    mut file: std::fs::File,
    len: u64,
    file_name: &str,
    options: &ImportOptions,
    progress: OnProgress<'a>,
    each: Option<Each<'a>>,
) -> Result<(Parsed, usize, usize)> {
    let io = |source| Error::Io { path: file_name.into(), source };
    if unzips(options) && whatsapp::is_zip(&mut file).map_err(io)? {
        let options = ImportOptions { format: Some(Format::Whatsapp), ..options.clone() };
        return whatsapp::with_chat_in_zip(file, |chat, chat_len| {
            parse_streamed(chat, chat_len, file_name, &options, progress, each)
        });
    }
    parse_streamed(AtMost { inner: file, left: MAX_IMPORT_BYTES }, len, file_name, options, progress, each)
}

/// Reads the file's records; with `each`, sends each record to it (cleaned) instead of keeping
/// it, and returns how many contacts and interactions it sent. Rapport's JSON is never sent
/// on: it is read whole (see [`streams`]).
fn parse_streamed<'a>(
    mut reader: impl Read + Send,
    total: u64,
    file_name: &str,
    options: &ImportOptions,
    progress: OnProgress<'a>,
    each: Option<Each<'a>>,
) -> Result<(Parsed, usize, usize)> {
    let io = |source| Error::Io { path: file_name.into(), source };
    let mut head = Vec::new();
    (&mut reader).take(HEAD_BYTES).read_to_end(&mut head).map_err(io)?;
    // Text formats only: NUL bytes mean UTF-16 without its byte-order mark, or not text at all.
    let start = &head[..head.len().min(4096)];
    let bom = encoding_rs::Encoding::for_bom(&head);
    if start.contains(&0) && bom.is_none() {
        let line = start.iter().take_while(|b| **b != 0).filter(|b| **b == b'\n').count() + 1;
        return Err(Error::BadInput(Reason::NulBytes { line, file: file_name.to_owned() }));
    }
    let format = match options.format {
        Some(f) => f,
        None => Format::detect(file_name, &head)?,
    };
    let mut ticker = Ticker::new(progress, Stage::Reading, total);
    ticker.sink = each.filter(|_| streams(format)).map(|each| Sink {
        each,
        contacts: 0,
        interactions: 0,
        posts: 0,
        contact_warnings: Vec::new(),
        interaction_warnings: Vec::new(),
    });
    let parsed = match bom {
        // UTF-16 (Excel's "Unicode text"): rare and small, so turned into UTF-8 whole.
        Some((encoding, _)) if encoding != encoding_rs::UTF_8 => {
            reader.read_to_end(&mut head).map_err(io)?;
            let text = encoding.decode_with_bom_removal(&head).0.into_owned();
            drop(head);
            let mut parsed = parse_format(format, file_name, Vec::new(), text.as_bytes(), options, &mut ticker)?;
            parsed.encoding = encoding.name();
            parsed
        }
        _ => parse_format(format, file_name, head, reader, options, &mut ticker)?,
    };
    finish_streamed(parsed, ticker)
}

/// [`parse_streamed`] of a folder of `.eml` messages (see [`email::folder_messages`]), as one
/// mailbox; `total` is the size of its files together.
pub(crate) fn parse_folder_streamed<'a>(
    files: &[std::path::PathBuf],
    total: u64,
    options: &ImportOptions,
    progress: OnProgress<'a>,
    each: Option<Each<'a>>,
) -> Result<(Parsed, usize, usize)> {
    let mut ticker = Ticker::new(progress, Stage::Reading, total);
    ticker.sink = each.map(|each| Sink {
        each,
        contacts: 0,
        interactions: 0,
        posts: 0,
        contact_warnings: Vec::new(),
        interaction_warnings: Vec::new(),
    });
    let parsed = email::parse_folder(files, options, &mut ticker)?;
    finish_streamed(parsed, ticker)
}

/// The end of a streamed reading: the sink's warnings, or the held records cleaned.
fn finish_streamed(mut parsed: Parsed, mut ticker: Ticker<'_>) -> Result<(Parsed, usize, usize)> {
    let sent = match ticker.sink.take() {
        Some(sink) => {
            parsed.problems.extend(sink.contact_warnings);
            parsed.problems.extend(sink.interaction_warnings);
            (sink.contacts, sink.interactions)
        }
        None => {
            clean::clean_parsed(&mut parsed);
            json::check_restore(&mut parsed);
            // Held until the import ends: without the room the vectors grew into.
            parsed.contacts.shrink_to_fit();
            parsed.interactions.shrink_to_fit();
            (0, 0)
        }
    };
    ticker.finish()?;
    Ok((parsed, sent.0, sent.1))
}

/// Whether a format's records can be sent on one by one as they are read: all but Rapport's
/// own JSON, whose parts refer to each other.
fn streams(format: Format) -> bool {
    format != Format::Json
}

/// Reads the stream `head` then `rest` as `format`.
fn parse_format(
    format: Format,
    file_name: &str,
    head: Vec<u8>,
    rest: impl Read + Send,
    options: &ImportOptions,
    ticker: &mut Ticker<'_>,
) -> Result<Parsed> {
    // The start read for detection, then the rest, through one buffer.
    fn text<R: Read>(head: &[u8], rest: R) -> std::io::BufReader<std::io::Chain<&[u8], R>> {
        std::io::BufReader::with_capacity(64 * 1024, head.chain(rest))
    }
    match format {
        Format::Vcard => vcard::parse(text(&head, rest), ticker),
        Format::GoogleCsv | Format::LinkedinConnections | Format::Csv => {
            csv_file::parse(&head, text(&head, rest), format, options, ticker)
        }
        Format::Ics => ics::parse(text(&head, rest), options, ticker),
        Format::LinkedinMessages => messages::parse(text(&head, rest), options, ticker),
        // Rapport's own export, one JSON document, read as it streams in.
        Format::Json => json::parse(text(&head, rest), ticker),
        Format::Wxr => blog::parse_wxr(text(&head, rest), options, ticker),
        Format::Disqus => blog::parse_disqus(text(&head, rest), options, ticker),
        Format::Email => email::parse(text(&head, rest), options, ticker),
        Format::Whatsapp => whatsapp::parse(text(&head, rest), file_name, options, ticker),
    }
}

/// What importing `parsed` would do to the database, without writing anything.
pub fn preview(store: &Store, parsed: &Parsed, progress: OnProgress<'_>) -> Result<Preview> {
    let plan =
        plan::plan(&mut store.import_reader(), &records::Records::Held(parsed), &ImportOptions::default(), progress)?;
    Ok(plan.preview)
}

/// What importing the file at `path` would do, without writing anything, reading the file
/// again for each step instead of holding it (see [`apply_file`]).
pub fn preview_file(store: &Store, path: &Path, options: &ImportOptions, progress: OnProgress<'_>) -> Result<Preview> {
    Ok(preview_file_stamped(store, path, options, progress)?.0)
}

/// A file's size and modification time when a preview first opened it: the apply of that
/// preview ([`apply_file_stamped`]) refuses a file that no longer has them, so what the user
/// saw is what is imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
}

/// [`preview_file`], with the file's stamp for [`apply_file_stamped`].
pub fn preview_file_stamped(
    store: &Store,
    path: &Path,
    options: &ImportOptions,
    progress: OnProgress<'_>,
) -> Result<(Preview, FileStamp)> {
    let options = &me_or_remembered(store, path, options)?;
    let file = records::FileRecords::new(path, options)?;
    let stamp = file.stamp();
    if file.format()? == Format::Json {
        let parsed = parse_file(path, options, &mut *progress)?;
        return Ok((preview(store, &parsed, progress)?, stamp));
    }
    let plan = plan::plan(&mut store.import_reader(), &records::Records::File(&file), options, progress)?;
    Ok((plan.preview, stamp))
}

/// [`apply_file`] of a file previewed by [`preview_file_stamped`]: refused, nothing written,
/// when the file no longer has the size and modification time the preview saw.
pub fn apply_file_stamped(
    store: &mut Store,
    path: &Path,
    options: &ImportOptions,
    previewed: FileStamp,
    progress: OnProgress<'_>,
) -> Result<Preview> {
    let options = &me_or_remembered(store, path, options)?;
    let file = records::FileRecords::new(path, options)?;
    if file.stamp() != previewed {
        return Err(file.changed());
    }
    Ok(apply_records(store, &file, path, options, progress)?.0)
}

/// Imports the file at `path` as [`apply`] imports a parsed one, reading the file again at
/// each step (matching, merging, interactions, writing) instead of holding its records: memory
/// grows with what matching keeps of each contact (its keys and the preview's line), not with
/// the file. A file that changes between two readings is refused, nothing written. Rapport's
/// JSON, whose parts refer to each other, is read whole.
pub fn apply_file(
    store: &mut Store,
    path: &Path,
    options: &ImportOptions,
    progress: OnProgress<'_>,
) -> Result<Preview> {
    Ok(apply_file_timed(store, path, options, progress)?.0)
}

/// [`apply_file`], with the longest time it held the write lock.
pub fn apply_file_timed(
    store: &mut Store,
    path: &Path,
    options: &ImportOptions,
    progress: OnProgress<'_>,
) -> Result<(Preview, std::time::Duration)> {
    let options = &me_or_remembered(store, path, options)?;
    let file = records::FileRecords::new(path, options)?;
    apply_records(store, &file, path, options, progress)
}

fn apply_records(
    store: &mut Store,
    file: &records::FileRecords,
    path: &Path,
    options: &ImportOptions,
    progress: OnProgress<'_>,
) -> Result<(Preview, std::time::Duration)> {
    if file.format()? == Format::Json {
        let parsed = parse_file(path, options, &mut *progress)?;
        return plan::apply(store, &records::Records::Held(&parsed), options, progress);
    }
    let done = plan::apply(store, &records::Records::File(file), options, progress)?;
    email::remember_me(store, file.format()?, options)?;
    Ok(done)
}

/// Imports `parsed`: all of it, or (on an error, or a cancel) nothing.
///
/// The matching only reads and the rows are written into staging tables only this connection
/// sees, both without the write lock; one short write transaction then moves them into place,
/// if nothing was written since the matching read the database (else it all runs again), so
/// what is matched is always what is written and no reader sees part of an import.
pub fn apply(store: &mut Store, parsed: &Parsed, options: &ImportOptions, progress: OnProgress<'_>) -> Result<Preview> {
    Ok(plan::apply(store, &records::Records::Held(parsed), options, progress)?.0)
}

/// [`apply`], with the longest time it held the database's write lock (what another program's
/// write would wait for): for `rapport bench`.
pub fn apply_timed(
    store: &mut Store,
    parsed: &Parsed,
    options: &ImportOptions,
    progress: OnProgress<'_>,
) -> Result<(Preview, std::time::Duration)> {
    plan::apply(store, &records::Records::Held(parsed), options, progress)
}

/// `options`, with the addresses remembered from an earlier email import when this one is an
/// email or calendar import that names none, and the database's reply window when they give none.
/// A calendar tells my meetings by my address too: without it, a meeting I organised would read
/// as initiated by the others.
// Here, not in email.rs: it opens the file through records.rs, which reads email folders.
fn me_or_remembered(store: &crate::Store, path: &std::path::Path, options: &ImportOptions) -> Result<ImportOptions> {
    let mut options = options.clone();
    if options.reply_window_days.is_none() {
        options.reply_window_days = Some(store.model_settings()?.reply_window_days);
    }
    if !options.me.is_empty()
        || !matches!(records::FileRecords::new(path, &options)?.format()?, Format::Email | Format::Ics)
    {
        return Ok(options);
    }
    options.me = email::remembered_me(store)?;
    Ok(options)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file that grows past the limit while it is read is an error, not an import cut short.
    #[test]
    fn a_file_read_past_its_limit_fails_instead_of_stopping_short() {
        let mut within = AtMost { inner: &b"0123456789"[..], left: 10 };
        let mut all = Vec::new();
        within.read_to_end(&mut all).unwrap();
        assert_eq!(all.len(), 10);
        let mut past = AtMost { inner: &b"0123456789"[..], left: 5 };
        let error = past.read_to_end(&mut Vec::new()).unwrap_err();
        assert!(error.to_string().contains("grew past 1024 MB"), "{error}");
    }
}
