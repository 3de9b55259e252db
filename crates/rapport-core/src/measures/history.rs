//! The input of every measure: a plain, time-sorted copy of the user's logged history.
//! Loading it is the store's job ([`crate::Store::history`]); everything after is pure.

use serde::{Deserialize, Serialize};

use crate::model::*;

/// Seconds since the Unix epoch, UTC. Measures work in seconds for speed and convert at the edges.
pub type Secs = i64;
pub const DAY: f64 = 86_400.0;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct History {
    pub contacts: Vec<ContactFacts>,
    /// Sorted by `at`.
    pub interactions: Vec<Touch>,
    /// Sorted by `at`.
    pub value_items: Vec<ValueFact>,
    /// Sorted by `asked_at`.
    pub questions: Vec<QuestionFact>,
    /// Sorted by `at`.
    pub posts: Vec<PostFact>,
    pub reactions: Vec<ReactionFact>,
    /// Each answered question with the interaction that answered it, by question id: a message
    /// of theirs in which I answered holds my reply (see `exchange::Move`).
    #[serde(default)]
    pub answered_in: Vec<(QuestionId, InteractionId)>,
    /// My replies to comments on my posts (`rapport reply`): each reply's interaction and the
    /// platform of the post commented on. The questions asked in them make the essay's statistic.
    #[serde(default)]
    pub comment_replies: Vec<CommentReply>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CommentReply {
    pub interaction: InteractionId,
    pub platform: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ContactFacts {
    pub id: ContactId,
    pub name: String,
    pub is_kin: bool,
    pub closeness: Option<u8>,
    /// The contact's own keep-in-touch goal.
    pub cadence_days: Option<u32>,
    /// The shortest keep-in-touch goal among the contact's circles.
    pub circle_cadence_days: Option<u32>,
    /// The day the user says they met, as an instant (midnight UTC).
    pub met_at: Option<Secs>,
    pub archived: bool,
    /// What `closeness` and `cadence_days` were before, and since when, oldest first: a measure
    /// at a past date reads the value then in force (see [`ContactFacts::closeness_at`]). Empty
    /// for a fact never changed: its value held always.
    #[serde(default)]
    pub changes: Vec<FactChange>,
}

/// One value of a contact fact and the instant it took effect (`None`: before any history).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactChange {
    pub fact: ContactFact,
    pub value: Option<u32>,
    pub since: Option<Secs>,
}

impl ContactFacts {
    /// The self-rated closeness in force at `at`.
    pub fn closeness_at(&self, at: Secs) -> Option<u8> {
        self.fact_at(ContactFact::Closeness, self.closeness.map(u32::from), at).and_then(|c| u8::try_from(c).ok())
    }

    /// The contact's own keep-in-touch goal in force at `at`.
    pub fn cadence_days_at(&self, at: Secs) -> Option<u32> {
        self.fact_at(ContactFact::CadenceDays, self.cadence_days, at)
    }

    /// The latest change of `fact` made by `at`; `current` when the fact never changed, and
    /// nothing when every change came later (the first one records what held before it).
    fn fact_at(&self, fact: ContactFact, current: Option<u32>, at: Secs) -> Option<u32> {
        let mut of_fact = self.changes.iter().filter(|c| c.fact == fact).peekable();
        if of_fact.peek().is_none() {
            return current;
        }
        of_fact.take_while(|c| c.since.is_none_or(|since| since <= at)).last().and_then(|c| c.value)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Touch {
    pub id: InteractionId,
    pub at: Secs,
    pub channel: Channel,
    pub initiated_by: Party,
    pub duration_min: Option<u32>,
    pub participants: Vec<ContactId>,
    /// The UTC offset (minutes) the user was at: `at + offset_min·60` falls on the day they lived.
    pub offset_min: i32,
    /// Who started it when it was not me and it had several participants; `None` otherwise.
    pub initiator: Option<ContactId>,
    /// The earlier interaction this one answers, if the user said so.
    pub in_reply_to: Option<InteractionId>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ValueFact {
    pub contact: ContactId,
    pub direction: Direction,
    pub kind: ValueKind,
    pub weight: Option<f64>,
    pub at: Secs,
    /// The interaction it was given or received in, if any: one item given to a group is logged
    /// once per participant and shares this.
    pub interaction: Option<InteractionId>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QuestionFact {
    pub id: QuestionId,
    pub contact: ContactId,
    pub asked_by: Party,
    pub text: String,
    pub asked_at: Secs,
    pub answered_at: Option<Secs>,
    /// The interaction it was asked in (`None` only in histories built by hand): one question put
    /// to a group is stored once per participant and shares this.
    pub asked_in: Option<InteractionId>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PostFact {
    pub id: PostId,
    pub at: Secs,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReactionFact {
    pub post: PostId,
    pub contact: Option<ContactId>,
    pub kind: ReactionKind,
    pub count: u32,
    /// When it happened; reactions logged without a time count from the post's time.
    pub at: Secs,
    pub replied: bool,
    /// When I replied, if known (a reply recorded before schema version 5 has no date).
    pub replied_at: Option<Secs>,
}

impl History {
    /// The instant of the first logged event, if any.
    pub fn first_event(&self) -> Option<Secs> {
        [
            self.interactions.first().map(|t| t.at),
            self.value_items.first().map(|v| v.at),
            self.questions.first().map(|q| q.asked_at),
            self.posts.first().map(|p| p.at),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// Sorts every list by time, for histories built by hand (tests, generators).
    pub fn sort(&mut self) {
        sort_interactions(&mut self.interactions);
        self.value_items.sort_by_key(|v| v.at);
        self.questions.sort_by_key(|q| (q.asked_at, q.id));
        self.posts.sort_by_key(|p| (p.at, p.id));
        self.reactions.sort_by_key(|r| r.at);
        self.answered_in.sort();
    }

    /// The interaction that answered question `q`, if any.
    pub fn answered_in(&self, q: QuestionId) -> Option<InteractionId> {
        let i = self.answered_in.partition_point(|(id, _)| *id < q);
        self.answered_in.get(i).filter(|(id, _)| *id == q).map(|(_, by)| *by)
    }
}

/// Interactions by time, then id: what happened at one instant is read in the order it was
/// logged (ids grow with each insert), as the History screen lists it. "She called, then I
/// emailed her" in the same minute leaves my email last. Cheap on lists already sorted by time.
pub fn sort_interactions(touches: &mut [Touch]) {
    let key = |t: &Touch| (t.at, t.id);
    // Loaded histories come in this order already: the check spares the sort's buffer of half
    // the list (half a million interactions on a large history).
    if !touches.is_sorted_by_key(key) {
        touches.sort_by_key(key);
    }
}

/// Serialises an instant in seconds as an RFC 3339 UTC string, like every other time in
/// Rapport's JSON, and reads it back.
pub mod iso {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(secs: &i64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&crate::time::utc(*secs).to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        let text = String::deserialize(d)?;
        chrono::DateTime::parse_from_rfc3339(&text).map(|t| t.timestamp()).map_err(serde::de::Error::custom)
    }

    /// The same for an optional instant (`null` when absent).
    pub mod opt {
        use serde::{Deserialize, Deserializer, Serializer};

        pub fn serialize<S: Serializer>(secs: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
            match secs {
                Some(v) => super::serialize(v, s),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
            let text = Option::<String>::deserialize(d)?;
            text.map(|t| {
                chrono::DateTime::parse_from_rfc3339(&t).map(|t| t.timestamp()).map_err(serde::de::Error::custom)
            })
            .transpose()
        }
    }
}
