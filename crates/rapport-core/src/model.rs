//! The domain types: ids, enumerations and the records the store reads and writes.
//! Everything here is plain data with serde derives; the JSON shapes are documented in
//! docs/cli.md and are part of the public contract, so rename fields only with a migration plan.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl rusqlite::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                self.0.to_sql()
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                i64::column_result(v).map($name)
            }
        }
    )*};
}

id_type!(
    /// A person in the user's network.
    ContactId,
    /// A named group of contacts (family, former colleagues, climbing club...).
    CircleId,
    /// One logged exchange with one or several contacts.
    InteractionId,
    /// One thing of value given or received.
    ValueItemId,
    /// One question asked by me or by them.
    QuestionId,
    /// Something the user published.
    PostId,
    /// A reaction to a post.
    ReactionId,
);

/// Text enumerations stored as snake_case strings, in the database and in JSON alike.
macro_rules! text_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $text:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $(#[serde(rename = $text)] $variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self> {
                let wanted = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
                $name::ALL.iter().copied().find(|v| v.as_str() == wanted).ok_or_else(|| {
                    let choices = $name::ALL.iter().map(|v| v.as_str().to_owned()).collect();
                    Error::invalid(stringify!($name), crate::Reason::UnknownValue { value: s.to_owned(), choices })
                })
            }
        }

        impl rusqlite::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.as_str().into())
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                // The store writes the exact text; matching it first spares the lenient parse
                // (and its allocations) on the million rows of a large history.
                let text = v.as_bytes()?;
                $(if text == $text.as_bytes() { return Ok($name::$variant); })*
                let s = v.as_str()?;
                s.parse().map_err(|e: Error| rusqlite::types::FromSqlError::Other(Box::new(e)))
            }
        }
    };
}

text_enum!(
    /// A fact about a contact that can change over time, kept with the date it changed.
    ContactFact {
        Closeness = "closeness",
        CadenceDays = "cadence_days",
    }
);

/// One dated value of a contact fact, as the JSON export carries it: `value` `None` is cleared,
/// `since` `None` held since before any history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactFactChange {
    pub contact: ContactId,
    pub fact: ContactFact,
    pub value: Option<u32>,
    pub since: Option<DateTime<Utc>>,
}

text_enum!(
    /// How an interaction happened. The order runs roughly from richest to thinnest.
    Channel {
        InPerson = "in_person",
        Call = "call",
        Video = "video",
        Email = "email",
        Message = "message",
        Social = "social",
        Event = "event",
        Letter = "letter",
        Other = "other",
    }
);

text_enum!(
    /// The two sides of every exchange: who initiated it, who asked a question.
    Party { Me = "me", Them = "them" }
);

text_enum!(
    /// Whether a value item went from me to them or from them to me.
    Direction { Given = "given", Received = "received" }
);

text_enum!(
    /// What kind of value changed hands.
    ValueKind {
        Introduction = "introduction",
        Advice = "advice",
        Knowledge = "knowledge",
        Help = "help",
        Referral = "referral",
        Recommendation = "recommendation",
        Gift = "gift",
        Other = "other",
    }
);

text_enum!(
    /// How someone reacted to a post.
    ReactionKind { Like = "like", Share = "share", Comment = "comment" }
);

/// An email address, phone number or link, with an optional label such as "work".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Labeled {
    pub value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

impl Labeled {
    pub fn new(value: impl Into<String>) -> Self {
        Labeled { value: value.into(), label: None }
    }
}

/// Everything about a contact that the user edits. Creating a contact takes these fields;
/// editing replaces them all (read, change, write back).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactFields {
    pub display_name: String,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub nickname: Option<String>,
    pub company: Option<String>,
    pub role: Option<String>,
    pub location: Option<String>,
    pub how_met: Option<String>,
    pub met_on: Option<NaiveDate>,
    /// `YYYY-MM-DD`, or `--MM-DD` when the year is unknown.
    pub birthday: Option<String>,
    /// Self-rated closeness, 1 (distant) to 5 (closest).
    pub closeness: Option<u8>,
    pub is_kin: bool,
    pub notes: String,
    /// Keep-in-touch goal in days; overrides the cadence of the contact's circles.
    pub cadence_days: Option<u32>,
    pub emails: Vec<Labeled>,
    pub phones: Vec<Labeled>,
    pub links: Vec<Labeled>,
    /// Circle names; circles that do not exist yet are created.
    pub circles: Vec<String>,
}

impl ContactFields {
    pub fn named(name: impl Into<String>) -> Self {
        ContactFields { display_name: name.into(), ..Default::default() }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub id: ContactId,
    #[serde(flatten)]
    pub fields: ContactFields,
    pub archived: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One row of a contact listing: enough to show and sort a list of thousands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactSummary {
    pub id: ContactId,
    pub display_name: String,
    pub company: Option<String>,
    pub role: Option<String>,
    pub archived: bool,
    pub interaction_count: i64,
    pub last_interaction_at: Option<DateTime<Utc>>,
    pub open_questions: i64,
}

/// Why a search found a contact whose name does not hold every word: a short piece of the text
/// that matched, and where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Excerpt {
    pub source: ExcerptSource,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExcerptSource {
    /// The contact's notes.
    Notes,
    /// Their company, role, place or an email.
    Details,
    /// The summary of an interaction they took part in (the latest that matched).
    Summary,
}

/// Which contacts a listing returns.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactQuery {
    /// Case-insensitive text matched against name, company, role, emails and notes.
    pub search: Option<String>,
    pub circle: Option<CircleId>,
    pub include_archived: bool,
    pub limit: Option<u32>,
    pub offset: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Circle {
    pub id: CircleId,
    pub name: String,
    pub cadence_days: Option<u32>,
    pub member_count: i64,
}

/// A value item to record with a new interaction. With no contact it goes to every participant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewValueItem {
    pub kind: ValueKind,
    #[serde(default)]
    pub contact: Option<ContactId>,
    #[serde(default)]
    pub weight: Option<f64>,
    #[serde(default)]
    pub note: String,
}

impl NewValueItem {
    pub fn of(kind: ValueKind) -> Self {
        NewValueItem { kind, contact: None, weight: None, note: String::new() }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValueItem {
    pub id: ValueItemId,
    pub contact: ContactId,
    pub interaction: Option<InteractionId>,
    pub direction: Direction,
    pub kind: ValueKind,
    pub weight: Option<f64>,
    pub note: String,
    pub at: DateTime<Utc>,
}

/// A question to record with a new interaction. With no contact, it is asked of (or by) every
/// participant, one question each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewQuestion {
    pub asked_by: Party,
    pub text: String,
    #[serde(default)]
    pub contact: Option<ContactId>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: QuestionId,
    pub contact: ContactId,
    pub contact_name: String,
    pub asked_by: Party,
    pub text: String,
    pub asked_in: InteractionId,
    pub asked_at: DateTime<FixedOffset>,
    pub answered_in: Option<InteractionId>,
    pub answered_at: Option<DateTime<FixedOffset>>,
}

/// Which questions a listing returns.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct QuestionQuery {
    pub contact: Option<ContactId>,
    pub open_only: bool,
    pub asked_by: Option<Party>,
}

/// One interaction to log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewInteraction {
    /// When it happened, with the UTC offset the user was at.
    pub at: DateTime<FixedOffset>,
    pub channel: Channel,
    pub initiated_by: Party,
    pub participants: Vec<ContactId>,
    #[serde(default)]
    pub duration_min: Option<u32>,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub given: Vec<NewValueItem>,
    #[serde(default)]
    pub received: Vec<NewValueItem>,
    #[serde(default)]
    pub questions: Vec<NewQuestion>,
    /// Open questions that this interaction answers.
    #[serde(default)]
    pub answers: Vec<QuestionId>,
    /// Who started it, when that was one of several participants (it implies `initiated_by` =
    /// them). With one participant it may name that participant, or be left out.
    #[serde(default)]
    pub initiator: Option<ContactId>,
    /// The earlier interaction this one replies to: a thread of turns.
    #[serde(default)]
    pub in_reply_to: Option<InteractionId>,
}

impl NewInteraction {
    pub fn new(at: DateTime<FixedOffset>, channel: Channel, initiated_by: Party, participants: Vec<ContactId>) -> Self {
        NewInteraction {
            at,
            channel,
            initiated_by,
            participants,
            duration_min: None,
            summary: String::new(),
            given: Vec::new(),
            received: Vec::new(),
            questions: Vec::new(),
            answers: Vec::new(),
            initiator: None,
            in_reply_to: None,
        }
    }
}

/// A participant as shown with an interaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactRef {
    pub id: ContactId,
    pub display_name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Interaction {
    pub id: InteractionId,
    pub at: DateTime<FixedOffset>,
    pub channel: Channel,
    pub initiated_by: Party,
    pub duration_min: Option<u32>,
    pub summary: String,
    pub participants: Vec<ContactRef>,
    pub value_items: Vec<ValueItem>,
    /// Questions asked in this interaction.
    pub questions: Vec<Question>,
    /// Questions (asked earlier) that this interaction answered.
    pub answers: Vec<QuestionId>,
    /// Who started it when it was one of several participants; `None` when I did, when the only
    /// participant did, or (rows from before schema version 5) when it is not known which one.
    #[serde(default)]
    pub initiator: Option<ContactId>,
    /// The earlier interaction this one replies to.
    #[serde(default)]
    pub in_reply_to: Option<InteractionId>,
    /// The comment on one of my posts that this interaction is my reply to (`rapport reply`).
    #[serde(default)]
    pub replies_to_reaction: Option<ReactionId>,
}

/// My reply to a comment on one of my posts: the questions I ended it with, and when.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NewReply {
    /// When I replied; `None`: now.
    #[serde(default)]
    pub at: Option<DateTime<FixedOffset>>,
    /// The questions I asked in the reply.
    #[serde(default)]
    pub asked: Vec<String>,
}

/// Which interactions a listing returns, newest first.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct InteractionQuery {
    pub contact: Option<ContactId>,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewPost {
    pub platform: String,
    pub at: DateTime<FixedOffset>,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Post {
    pub id: PostId,
    pub platform: String,
    pub at: DateTime<FixedOffset>,
    pub title: String,
    pub url: Option<String>,
    pub reactions: Vec<Reaction>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewReaction {
    pub post: PostId,
    pub kind: ReactionKind,
    /// Who reacted; `None` records an anonymous count.
    #[serde(default)]
    pub contact: Option<ContactId>,
    /// How many anonymous reactions; must be 1 when a contact is named.
    #[serde(default = "one")]
    pub count: u32,
    #[serde(default)]
    pub at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub comment: Option<String>,
    /// For a comment: whether I replied to it (recorded as of now; `rapport reply` dates it).
    #[serde(default)]
    pub replied: bool,
}

fn one() -> u32 {
    1
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reaction {
    pub id: ReactionId,
    pub post: PostId,
    pub kind: ReactionKind,
    pub contact: Option<ContactId>,
    pub contact_name: Option<String>,
    pub count: u32,
    pub at: Option<DateTime<Utc>>,
    pub comment: Option<String>,
    pub replied: bool,
    /// When I replied, so that a measure of an earlier date does not see the reply; `None` when
    /// not replied, or replied at a time not known (recorded before schema version 5).
    #[serde(default)]
    pub replied_at: Option<DateTime<Utc>>,
}

/// A whole database as one JSON document: what `rapport export --format json` writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Export {
    pub format: String,
    pub schema_version: i64,
    pub contacts: Vec<Contact>,
    pub circles: Vec<Circle>,
    pub interactions: Vec<Interaction>,
    pub posts: Vec<Post>,
    /// Value items recorded outside any interaction (those inside are with their interaction).
    #[serde(default)]
    pub value_items: Vec<ValueItem>,
    pub settings: std::collections::BTreeMap<String, serde_json::Value>,
    /// Each contact's closeness and keep-in-touch goal over time, by contact and date.
    #[serde(default)]
    pub contact_fact_changes: Vec<ContactFactChange>,
    /// Where imported interactions came from (an email's Message-ID), by key; left out when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interaction_sources: Vec<InteractionSource>,
}

/// A key of where an imported interaction came from, namespaced by its source (`email:` and the
/// message's Message-ID): a later import finds the interaction by it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InteractionSource {
    pub interaction: InteractionId,
    pub key: String,
}

/// Which archived contacts a listing shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArchivedFilter {
    /// Only contacts that are not archived.
    #[default]
    Active,
    /// Only archived contacts.
    Archived,
    /// Both.
    All,
}

/// The part of `display` from the given name to the family name (whichever comes first), when
/// both are in it: what an import's honorifics and suffixes ("Mr.", "Sr.", "PhD") surround, so
/// that they drive neither the order of the list nor a cut name. Otherwise `display` whole.
pub fn name_core<'a>(display: &'a str, given: Option<&str>, family: Option<&str>) -> &'a str {
    let (Some(given), Some(family)) = (given.map(str::trim), family.map(str::trim)) else { return display };
    if given.is_empty() || family.is_empty() {
        return display;
    }
    match (display.find(given), display.find(family)) {
        (Some(g), Some(f)) => {
            let start = g.min(f);
            let end = (g + given.len()).max(f + family.len());
            display[start..end].trim()
        }
        _ => display,
    }
}
