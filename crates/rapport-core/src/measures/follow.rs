//! Value given and received, questions answered both ways, and reactions to my posts.

use super::contact::*;
use super::history::*;
use super::settings::ModelSettings;
use crate::model::*;

pub fn give_take<'a>(values: impl Iterator<Item = &'a ValueFact>, s: &ModelSettings) -> GiveTake {
    let mut g = GiveTake { given: 0.0, received: 0.0, items_given: 0, items_received: 0, balance: None };
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
    g
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
            c.asked += 1;
            if q.answered_at.is_some_and(|a| a <= at) {
                c.answered += 1;
            } else if at - q.asked_at > grace {
                c.late_open += 1;
            }
        }
        c
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
        median_delay_days: median(delays),
        open,
    }
}

pub(crate) fn reactions(index: &Index<'_>, id: ContactId, window_start: Secs, at: Secs) -> Reactions {
    let h = index.history;
    let posts: Vec<&PostFact> = h.posts.iter().filter(|p| p.at > window_start && p.at <= at).collect();
    let mine: Vec<&ReactionFact> = index
        .contacts
        .get(&id)
        .map(|sl| sl.reactions.iter().map(|&i| &h.reactions[i]).filter(|r| r.at <= at).collect())
        .unwrap_or_default();
    let posts_reacted = posts.iter().filter(|p| mine.iter().any(|r| r.post == p.id)).count();
    let comments: Vec<&&ReactionFact> =
        mine.iter().filter(|r| r.kind == ReactionKind::Comment && r.at > window_start).collect();
    Reactions {
        posts: posts.len(),
        posts_reacted,
        rate: (!posts.is_empty()).then(|| posts_reacted as f64 / posts.len() as f64),
        comments: comments.len(),
        // A reply counts from its date; one recorded without a date (before schema version 5)
        // counts from the comment's.
        comments_replied: comments.iter().filter(|r| r.replied && r.replied_at.is_none_or(|t| t <= at)).count(),
    }
}
