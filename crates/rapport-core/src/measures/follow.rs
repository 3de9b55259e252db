//! Value given and received, questions answered both ways, and reactions to my posts.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use super::history::*;
use super::rhythm::median;
use super::settings::ModelSettings;
use super::tie::*;
use crate::model::*;

pub fn give_take<'a>(values: impl Iterator<Item = &'a ValueFact>, s: &ModelSettings) -> GiveTake {
    let mut g =
        GiveTake { given: 0.0, received: 0.0, items_given: 0, items_received: 0, balance: None, n: 0, interval: None };
    for v in values {
        let w = s.value_weights.of(v.kind) * v.weight.unwrap_or(1.0);
        match v.direction {
            Direction::Given => {
                g.given += w;
                g.items_given += 1;
            }
            Direction::Received => {
                g.received += w;
                g.items_received += 1;
            }
        }
    }
    let total = g.given + g.received;
    g.balance = (total > 0.0).then(|| g.given / total);
    g.n = g.items_given + g.items_received;
    g.interval = interval_of(g.balance, g.n);
    g
}

/// Each value item once across the network: an item given to (or received from) a group is
/// stored once per participant, and those copies (same interaction, direction, kind and weight)
/// are one item. One talk at an event is one item given, not one per person in the room.
pub fn shared_items<'a>(items: impl IntoIterator<Item = &'a ValueFact>) -> impl Iterator<Item = &'a ValueFact> {
    let mut seen = HashSet::new();
    items.into_iter().filter(move |v| {
        v.interaction.is_none_or(|i| seen.insert((i, v.direction, v.kind, v.weight.map(f64::to_bits))))
    })
}

/// Each question once across the network: a question put to (or by) a group is stored once per
/// participant, and those copies (same interaction, asker and text) are one question, answered
/// when any of them is. Each is represented by its copy answered first (the first stored when
/// none is), so the order of `questions` is kept.
pub fn shared_questions<'a>(questions: impl IntoIterator<Item = &'a QuestionFact>) -> Vec<&'a QuestionFact> {
    let mut out: Vec<&QuestionFact> = Vec::new();
    let mut place: HashMap<(InteractionId, bool, &str), usize> = HashMap::new();
    for q in questions {
        let Some(asked_in) = q.asked_in else {
            out.push(q);
            continue;
        };
        match place.entry((asked_in, q.asked_by == Party::Me, q.text.as_str())) {
            Entry::Vacant(e) => {
                e.insert(out.len());
                out.push(q);
            }
            Entry::Occupied(e) => {
                let kept = &mut out[*e.get()];
                if q.answered_at.is_some_and(|a| kept.answered_at.is_none_or(|k| a < k)) {
                    *kept = q;
                }
            }
        }
    }
    out
}

/// The questions among `questions` that count in the index: an archived contact's are set aside
/// with the contact, as their tie is (and as Open loops and "Questions I owe" leave them out).
/// A question put to a group counts once, answered when anyone answered ([`shared_questions`]).
/// Here, beside it, so that the index and Reach both read it without naming each other.
pub(crate) fn counted_questions<'h>(h: &History, questions: &'h [QuestionFact]) -> Vec<&'h QuestionFact> {
    #[cfg(test)]
    COUNTED.with(|n| n.set(n.get() + 1));
    let archived: HashSet<ContactId> = h.contacts.iter().filter(|c| c.archived).map(|c| c.id).collect();
    shared_questions(questions.iter().filter(|q| !archived.contains(&q.contact)))
}

#[cfg(test)]
thread_local! {
    /// How many lists of questions this thread counted, for the tests of what counts them (a
    /// large network has a hundred thousand questions).
    static COUNTED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many lists of questions this thread counted with [`counted_questions`] so far.
#[cfg(test)]
pub(crate) fn lists_counted_here() -> usize {
    COUNTED.with(std::cell::Cell::get)
}

/// How many questions were asked, answered by `at`, and left open past the grace period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AnswerCounts {
    pub asked: usize,
    pub answered: usize,
    pub late_open: usize,
}

impl AnswerCounts {
    pub fn of<'a>(questions: impl Iterator<Item = &'a QuestionFact>, at: Secs, s: &ModelSettings) -> AnswerCounts {
        let grace = (s.question_grace_days * DAY) as Secs;
        let mut c = AnswerCounts::default();
        for q in questions {
            c.count(q, at, grace);
        }
        c
    }

    /// Counts one more question at `at`.
    pub fn count(&mut self, q: &QuestionFact, at: Secs, grace: Secs) {
        self.asked += 1;
        if q.answered_at.is_some_and(|a| a <= at) {
            self.answered += 1;
        } else if at - q.asked_at > grace {
            self.late_open += 1;
        }
    }

    /// answered / (answered + open past the grace period).
    pub fn rate(&self) -> Option<f64> {
        let counted = self.answered + self.late_open;
        (counted > 0).then(|| self.answered as f64 / counted as f64)
    }
}

pub fn follow_through<'a>(
    questions: impl Iterator<Item = &'a QuestionFact> + Clone,
    at: Secs,
    s: &ModelSettings,
) -> FollowThrough {
    let counts = AnswerCounts::of(questions.clone(), at, s);
    let mut delays = Vec::new();
    let mut open = Vec::new();
    for q in questions {
        match q.answered_at.filter(|a| *a <= at) {
            Some(answered) => delays.push((answered - q.asked_at).max(0) as f64 / DAY),
            None => open.push(OpenQuestion {
                id: q.id,
                text: q.text.clone(),
                asked_at: q.asked_at,
                age_days: (at - q.asked_at).max(0) as f64 / DAY,
            }),
        }
    }
    FollowThrough {
        asked: counts.asked,
        answered: counts.answered,
        rate: counts.rate(),
        n: counts.answered + counts.late_open,
        interval: interval_of(counts.rate(), counts.answered + counts.late_open),
        median_delay_days: median(delays),
        open,
    }
}

pub(crate) fn reactions(index: &Index<'_>, id: ContactId, window_start: Secs, at: Secs) -> Reactions {
    let h = index.history;
    // Posts are in time order: the window's are a slice of them.
    let posts = &h.posts[h.posts.partition_point(|p| p.at <= window_start)..h.posts.partition_point(|p| p.at <= at)];
    let mine: Vec<&ReactionFact> = index
        .contacts
        .get(&id)
        .map(|sl| sl.reactions.iter().map(|&i| &h.reactions[i]).filter(|r| r.at <= at).collect())
        .unwrap_or_default();
    let posts_reacted = posts.iter().filter(|p| mine.iter().any(|r| r.post == p.id)).count();
    let comments: Vec<&&ReactionFact> =
        mine.iter().filter(|r| r.kind == ReactionKind::Comment && r.at > window_start).collect();
    let rate = (!posts.is_empty()).then(|| posts_reacted as f64 / posts.len() as f64);
    Reactions {
        posts: posts.len(),
        posts_reacted,
        rate,
        n: posts.len(),
        interval: interval_of(rate, posts.len()),
        comments: comments.len(),
        // A reply counts from its date; one recorded without a date (before schema version 5)
        // counts from the comment's.
        comments_replied: comments.iter().filter(|r| r.replied && r.replied_at.is_none_or(|t| t <= at)).count(),
    }
}
