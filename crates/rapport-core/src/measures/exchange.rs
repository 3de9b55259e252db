//! Who reaches out, who answers, and whose turn it is.

use super::contact::*;
use super::history::*;
use super::settings::ModelSettings;
use crate::model::*;

pub fn initiative(recent: &[&Touch]) -> Initiative {
    let by_me = recent.iter().filter(|t| t.initiated_by == Party::Me).count();
    let by_them = recent.len() - by_me;
    let balance = (!recent.is_empty()).then(|| (by_them as f64 - by_me as f64) / recent.len() as f64);
    Initiative { by_me, by_them, balance }
}

pub fn is_spoken(c: Channel) -> bool {
    matches!(c, Channel::InPerson | Channel::Call | Channel::Video | Channel::Event)
}

/// For each of `touches` (time-sorted), whether it was two-way by `at`: spoken, or written and
/// followed within the reply window (and by `at`) by a touch the other side initiated.
pub fn answered_by(touches: &[&Touch], at: Secs, s: &ModelSettings) -> Vec<bool> {
    let window = (s.reply_window_days * DAY) as Secs;
    touches
        .iter()
        .enumerate()
        .map(|(i, t)| {
            // Only what comes after answers: at the same instant, what was logged after.
            is_spoken(t.channel)
                || touches[i + 1..]
                    .iter()
                    .take_while(|later| later.at - t.at <= window && later.at <= at)
                    .any(|later| later.initiated_by != t.initiated_by)
        })
        .collect()
}

/// A spoken interaction is two-way by nature; a written one counts as an exchange when the other
/// side initiates a touch within the reply window after it (and before `at`).
pub fn conversation(recent: &[&Touch], at: Secs, s: &ModelSettings) -> Conversation {
    let answered = answered_by(recent, at, s);
    let mut exchanges = 0;
    let mut my_touches = 0;
    let mut my_touches_answered = 0;
    for (t, answered) in recent.iter().zip(answered) {
        exchanges += usize::from(answered);
        if t.initiated_by == Party::Me {
            my_touches += 1;
            my_touches_answered += usize::from(answered);
        }
    }
    let share = |a: usize, n: usize| (n > 0).then(|| a as f64 / n as f64);
    Conversation {
        touches: recent.len(),
        exchanges,
        ratio: share(exchanges, recent.len()),
        my_touches,
        my_touches_answered,
        answered_share: share(my_touches_answered, my_touches),
    }
}

/// The tie's Reciprocity terms at `at` over all its touches, old ones faded (see [`TieReciprocity`]).
pub fn tie_reciprocity(touches: &[&Touch], at: Secs, s: &ModelSettings) -> TieReciprocity {
    let answered = answered_by(touches, at, s);
    let (mut evidence, mut mine, mut exchanges) = (0.0, 0.0, 0.0);
    for (t, answered) in touches.iter().zip(answered) {
        let w = decay(at - t.at, s.evidence_half_life_days);
        evidence += w;
        if t.initiated_by == Party::Me {
            mine += w;
        }
        if answered {
            exchanges += w;
        }
    }
    TieReciprocity::from_sums(evidence, mine, exchanges)
}

/// Whose move it is. An open question of the window (`since` onwards) outranks the last message:
/// it is what was left hanging. Older open questions stay on the contact's page but no longer
/// decide the turn: after a year of other exchanges, they are not what the conversation waits on.
pub fn turn(touches: &[&Touch], questions: &[&QuestionFact], since: Secs, at: Secs) -> Turn {
    let oldest_open = |by: Party| {
        questions
            .iter()
            .filter(|q| q.asked_by == by && q.asked_at > since && q.answered_at.is_none_or(|a| a > at))
            .map(|q| q.asked_at)
            .min()
    };
    if let Some(since) = oldest_open(Party::Them) {
        return Turn { whose: Some(Party::Me), since: Some(since), reason: TurnReason::TheirQuestion };
    }
    if let Some(since) = oldest_open(Party::Me) {
        return Turn { whose: Some(Party::Them), since: Some(since), reason: TurnReason::MyQuestion };
    }
    match touches.last() {
        Some(t) if !is_spoken(t.channel) => match t.initiated_by {
            Party::Them => Turn { whose: Some(Party::Me), since: Some(t.at), reason: TurnReason::TheirMessage },
            Party::Me => Turn { whose: Some(Party::Them), since: Some(t.at), reason: TurnReason::MyMessage },
        },
        _ => Turn { whose: None, since: None, reason: TurnReason::Settled },
    }
}
