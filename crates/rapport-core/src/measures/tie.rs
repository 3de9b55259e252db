//! A tie's types: where each contact's part of the history lies ([`Index`]) and what a tie's
//! measures hold ([`ContactMeasures`] and its parts). contact.rs computes them with strength,
//! rhythm, exchange and follow, which read these types from here, not from contact.rs (that
//! would make each of them and contact.rs name each other). contact.rs re-exports them.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::history::*;
use super::settings::ModelSettings;
use crate::model::*;

/// Where to find each contact's part of the history, built once per history.
pub struct Index<'h> {
    pub history: &'h History,
    pub contacts: HashMap<ContactId, ContactSlices>,
    /// Which interaction answered each question, looked up by id (see [`Answers`]).
    pub answers: Answers,
}

/// Which interaction answered each question: a table at each question's id, built once per
/// history, so a tie's pass looks each answer up instead of searching the network-wide
/// `History::answered_in` (a hundred thousand entries on a large network) per question. An id
/// beyond the table, or an empty table (an index kept across live updates), asks the history.
#[derive(Default)]
pub struct Answers {
    by_id: Vec<Option<InteractionId>>,
}

impl Answers {
    pub fn new(history: &History) -> Answers {
        // Question ids are small numbers in a store; a history built by hand with large ones
        // keeps the search rather than a huge table.
        let size = 4 * history.questions.len() + 64;
        let mut by_id = vec![None; size];
        for (q, by) in &history.answered_in {
            if let Some(i) = usize::try_from(q.0).ok().filter(|&i| i < size) {
                by_id[i] = Some(*by);
            }
        }
        Answers { by_id }
    }

    /// The interaction that answered question `q` in `history`, if any.
    pub fn of(&self, history: &History, q: QuestionId) -> Option<InteractionId> {
        match usize::try_from(q.0).ok().and_then(|i| self.by_id.get(i)) {
            Some(by) => *by,
            None => history.answered_in(q),
        }
    }
}

#[derive(Default)]
pub struct ContactSlices {
    /// Positions in `history.interactions`, in time order.
    pub touches: Vec<usize>,
    pub values: Vec<usize>,
    pub questions: Vec<usize>,
    pub reactions: Vec<usize>,
}

impl<'h> Index<'h> {
    pub fn new(history: &'h History) -> Self {
        // The store's contact ids are small numbers: each one's slices sit at its id in a table,
        // which spares a hash per participant of a million interactions; an id beyond the table
        // (a history built by hand) goes to a map.
        let mut table = SlicesTable::new(4 * history.contacts.len() + 64);
        for c in &history.contacts {
            table.of(c.id);
        }
        for (i, t) in history.interactions.iter().enumerate() {
            for p in &t.participants {
                table.of(*p).touches.push(i);
            }
        }
        for (i, v) in history.value_items.iter().enumerate() {
            table.of(v.contact).values.push(i);
        }
        for (i, q) in history.questions.iter().enumerate() {
            table.of(q.contact).questions.push(i);
        }
        for (i, r) in history.reactions.iter().enumerate() {
            if let Some(c) = r.contact {
                table.of(c).reactions.push(i);
            }
        }
        let contacts = table.into_map();
        Index { history, contacts, answers: Answers::new(history) }
    }

    /// The contact's interactions up to `at`, in time order.
    pub fn touches_until(&self, id: ContactId, at: Secs) -> impl Iterator<Item = &'h Touch> + '_ {
        let all = &self.history.interactions;
        let slice = self.contacts.get(&id).map(|s| s.touches.as_slice()).unwrap_or(&[]);
        let end = slice.partition_point(|&i| all[i].at <= at);
        slice[..end].iter().map(move |&i| &all[i])
    }
}

/// Contacts' slices by id while an [`Index`] is built: a table for small ids, a map beyond.
struct SlicesTable {
    table: Vec<Option<ContactSlices>>,
    beyond: HashMap<ContactId, ContactSlices>,
}

impl SlicesTable {
    fn new(size: usize) -> SlicesTable {
        let mut table = Vec::new();
        table.resize_with(size, || None);
        SlicesTable { table, beyond: HashMap::new() }
    }

    fn of(&mut self, id: ContactId) -> &mut ContactSlices {
        match usize::try_from(id.0).ok().filter(|&i| i < self.table.len()) {
            Some(i) => self.table[i].get_or_insert_with(ContactSlices::default),
            None => self.beyond.entry(id).or_default(),
        }
    }

    fn into_map(self) -> HashMap<ContactId, ContactSlices> {
        let in_table = self.table.into_iter().enumerate().filter_map(|(i, s)| Some((ContactId(i as i64), s?)));
        in_table.chain(self.beyond).collect()
    }
}

/// The measures of one relationship at one date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactMeasures {
    pub contact: ContactId,
    pub name: String,
    /// 0–100; see `strength_parts` for how it is made.
    pub strength: f64,
    pub strength_parts: StrengthParts,
    /// The rank of the Dunbar layer the tie's contact frequency in the window puts it in: 1 (the
    /// innermost, weekly layer, about 5 people) to 4 (yearly, about 150); `None` when it had no
    /// contact in the window. A rank, not a size: the sizes are settings
    /// (`layer_sizes[rank - 1]`), and a label must not change when a user changes them.
    pub layer: Option<usize>,
    pub cadence: Cadence,
    pub interactions: usize,
    #[serde(with = "super::history::iso::opt")]
    pub last_interaction_at: Option<Secs>,
    pub initiative: Initiative,
    pub conversation: Conversation,
    /// The tie's part in the index's Reciprocity, from its whole history with old touches faded.
    pub reciprocity: TieReciprocity,
    pub give_take: GiveTake,
    /// Questions I asked them.
    pub my_questions: FollowThrough,
    /// Questions they asked me.
    pub their_questions: FollowThrough,
    pub turn: Turn,
    pub reactions: Reactions,
    /// Who gave first in this tie and how long before value came back (all its history).
    pub give_first: super::give_first::GiveFirst,
}

/// The four parts of strength, each 0–100, and the fade that silence applies to the lasting ones.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StrengthParts {
    pub intensity: f64,
    pub intimacy: f64,
    pub duration: f64,
    pub services: f64,
    /// 1 right after contact, halving every two half-lives of silence; multiplies intimacy and duration.
    pub fade: f64,
    pub half_life_days: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CadenceSource {
    /// The contact's own keep-in-touch goal.
    Contact,
    /// The goal of one of their circles.
    Circle,
    /// Their usual silence between conversations (median of the last ten).
    OwnRhythm,
    /// The expected cadence of their Dunbar layer.
    Layer,
    /// No layer yet: a yearly cadence.
    Default,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CadenceStatus {
    OnTrack,
    Due,
    Overdue,
    /// Never in contact.
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Cadence {
    pub expected_days: f64,
    pub source: CadenceSource,
    pub days_since_last: Option<f64>,
    /// Days since last contact / expected days.
    pub ratio: Option<f64>,
    pub status: CadenceStatus,
    /// The day the expected gap after the last contact ends, on the user's calendar then (the
    /// last contact's local time plus the expected days); `None` without contact.
    pub due_on: Option<chrono::NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Initiative {
    pub by_me: usize,
    pub by_them: usize,
    /// (by them − by me) / (both), −1 (always me) to +1 (always them); `None` with no contact in the window.
    pub balance: Option<f64>,
}

/// Sums over the tie's touches up to the date, each weighted 2^(−age/H) with H the evidence
/// half-life: the same H for every tie, so that with no new touch every sum shrinks by the same
/// factor and the ratios made of them hold still.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TieReciprocity {
    /// All touches: how much evidence there is. Its square root is the tie's weight in the index.
    pub evidence: f64,
    /// Touches I initiated.
    pub mine: f64,
    /// Touches that had become two-way exchanges by the date.
    pub exchanges: f64,
    /// 100 · (s (1 − |initiative balance|) + (1 − s) two-way share), s =
    /// `reciprocity_initiative_share` (½), both from the sums above;
    /// `None` without touches.
    pub score: Option<f64>,
}

impl TieReciprocity {
    pub fn from_sums(evidence: f64, mine: f64, exchanges: f64, s: &ModelSettings) -> TieReciprocity {
        let score = (evidence > 0.0).then(|| {
            let balance = ((evidence - 2.0 * mine) / evidence).clamp(-1.0, 1.0);
            let two_way = (exchanges / evidence).clamp(0.0, 1.0);
            let share = s.reciprocity_initiative_share;
            100.0 * (share * (1.0 - balance.abs()) + (1.0 - share) * two_way)
        });
        TieReciprocity { evidence, mine, exchanges, score }
    }
}

/// The window's conversation between me and the contact, in turns: a burst of messages from one
/// side is one turn (see `exchange::turns_of`). Touches another participant started are not part
/// of it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Conversation {
    /// Touches started by me or by them.
    pub touches: usize,
    pub turns: usize,
    /// Turns that were two-way: spoken (in person, call, video, event), holding the other side's
    /// reply, or answered by the other side's next turn in their thread.
    pub exchanges: usize,
    /// exchanges / turns, 0–1.
    pub ratio: Option<f64>,
    pub my_touches: usize,
    /// My touches whose turn was answered.
    pub my_touches_answered: usize,
    pub my_turns: usize,
    pub my_turns_answered: usize,
    /// Share of my turns that got an answer, 0–1: low means I broadcast to them.
    pub answered_share: Option<f64>,
    /// The answered share's count (my turns) and 80% interval (docs/model.md, "Uncertainty").
    pub answered_share_n: usize,
    pub answered_share_interval: Option<[f64; 2]>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GiveTake {
    /// Weighted value given and received in the window.
    pub given: f64,
    pub received: f64,
    pub items_given: usize,
    pub items_received: usize,
    /// given / (given + received), 0–1; 0.5 is balance.
    pub balance: Option<f64>,
    /// The balance's count (items given and received) and 80% interval, the balance taken as
    /// the share of the items given.
    pub n: usize,
    pub interval: Option<[f64; 2]>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowThrough {
    pub asked: usize,
    pub answered: usize,
    /// answered / (answered + open past the grace period), 0–1.
    pub rate: Option<f64>,
    /// The rate's count (answered + open past the grace period) and 80% interval.
    pub n: usize,
    pub interval: Option<[f64; 2]>,
    pub median_delay_days: Option<f64>,
    pub open: Vec<OpenQuestion>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenQuestion {
    pub id: QuestionId,
    pub text: String,
    #[serde(with = "super::history::iso")]
    pub asked_at: Secs,
    pub age_days: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TurnReason {
    /// They asked a question that is still open.
    TheirQuestion,
    /// I asked a question that is still open.
    MyQuestion,
    /// Their last written message has no reply from me.
    TheirMessage,
    /// My last written message has no reply from them.
    MyMessage,
    /// The last exchange was spoken, or nothing is pending.
    Settled,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Turn {
    /// `me`: the ball is in my court; `them`: in theirs; `None`: nobody owes anything.
    pub whose: Option<Party>,
    #[serde(with = "super::history::iso::opt")]
    pub since: Option<Secs>,
    pub reason: TurnReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Reactions {
    /// My posts in the window.
    pub posts: usize,
    /// Of those, how many they reacted to.
    pub posts_reacted: usize,
    pub rate: Option<f64>,
    /// The rate's count (my posts) and 80% interval.
    pub n: usize,
    pub interval: Option<[f64; 2]>,
    pub comments: usize,
    pub comments_replied: usize,
}

/// The 80% interval of `rate` observed over `n` trials, as JSON shows it (docs/model.md,
/// "Uncertainty"); `None` without a rate.
pub fn interval_of(rate: Option<f64>, n: usize) -> Option<[f64; 2]> {
    let (lo, hi) = super::uncertainty::rate_interval(rate? * n as f64, n as f64)?;
    Some([lo, hi])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measures::contact::{measure, moves_of};

    fn touch(id: i64, at: Secs, by: Party, contact: i64) -> Touch {
        Touch {
            id: InteractionId(id),
            at,
            channel: Channel::Email,
            initiated_by: by,
            duration_min: None,
            participants: vec![ContactId(contact)],
            offset_min: 0,
            initiator: None,
            in_reply_to: None,
        }
    }

    fn question(id: i64, at: Secs, by: Party, asked_in: i64) -> QuestionFact {
        QuestionFact {
            id: QuestionId(id),
            contact: ContactId(1),
            asked_by: by,
            text: "how was the move?".into(),
            asked_at: at,
            answered_at: None,
            asked_in: Some(InteractionId(asked_in)),
        }
    }

    /// Bea asks me two questions; her later message holds my answer to the first (I answered
    /// in a message she started). A question id far beyond the table (a history built by hand)
    /// and a negative one are answered there too.
    fn history() -> History {
        let day = DAY as Secs;
        let mut h = History {
            contacts: vec![ContactFacts {
                id: ContactId(1),
                name: "Bea".into(),
                is_kin: false,
                closeness: None,
                cadence_days: None,
                circle_cadence_days: None,
                met_at: None,
                archived: false,
                changes: Vec::new(),
            }],
            interactions: vec![
                touch(1, 10 * day, Party::Them, 1),
                touch(2, 11 * day, Party::Me, 1),
                touch(3, 40 * day, Party::Them, 1),
            ],
            questions: vec![
                question(7, 10 * day, Party::Them, 1),
                question(8, 40 * day, Party::Them, 3),
                question(5_000_000, 40 * day, Party::Them, 3),
                question(-4, 40 * day, Party::Them, 3),
            ],
            answered_in: vec![
                (QuestionId(7), InteractionId(3)),
                (QuestionId(5_000_000), InteractionId(3)),
                (QuestionId(-4), InteractionId(3)),
            ],
            ..History::default()
        };
        h.sort();
        h
    }

    #[test]
    fn the_answer_table_gives_what_the_history_s_search_gives_for_every_id() {
        let h = history();
        let answers = Answers::new(&h);
        for q in (-10..200).chain([4_999_999, 5_000_000, 5_000_001, i64::MIN, i64::MAX]) {
            assert_eq!(answers.of(&h, QuestionId(q)), h.answered_in(QuestionId(q)), "question {q}");
        }
        assert_eq!(answers.of(&h, QuestionId(7)), Some(InteractionId(3)));
        assert_eq!(answers.of(&h, QuestionId(5_000_000)), Some(InteractionId(3)));
        assert_eq!(answers.of(&h, QuestionId(8)), None);
        // Without a table (the live index), the history's search answers.
        assert_eq!(Answers::default().of(&h, QuestionId(7)), Some(InteractionId(3)));
    }

    #[test]
    fn a_tie_measured_with_the_answer_table_equals_one_measured_with_the_search() {
        let h = history();
        let with_table = Index::new(&h);
        let with_search = Index { history: &h, contacts: Index::new(&h).contacts, answers: Answers::default() };
        let s = ModelSettings::default();
        let at = 60 * DAY as Secs;
        // Bea's later message holds my answer to her first question, found through the table.
        let touches: Vec<&Touch> = with_table.touches_until(ContactId(1), at).collect();
        let questions: Vec<&QuestionFact> = h.questions.iter().collect();
        let moves = moves_of(ContactId(1), &touches, &[], &questions, |q| with_table.answers.of(&h, q));
        assert!(moves[2].holds_reply && moves[2].by == Party::Them);
        assert!(!moves[0].holds_reply && !moves[1].holds_reply);
        let facts = &h.contacts[0];
        assert_eq!(measure(&with_table, facts, at, &s), measure(&with_search, facts, at, &s));
    }
}
