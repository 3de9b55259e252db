//! Measures of one relationship at a date. Each function reads only the part of the history
//! before `at`, so any past date can be recomputed exactly.

use super::history::*;
use super::settings::ModelSettings;
use crate::model::*;

// The tie's measures live in one file per concern; their functions are re-exported here, so
// `contact::decay` and the like stay where callers expect them.
pub use super::exchange::*;
pub use super::follow::*;
pub use super::rhythm::*;
pub use super::strength::*;
// The tie's types, in a module of their own that those files read.
pub use super::tie::*;

/// Everything about one contact at `at`, from that contact's own history only.
pub fn measure(index: &Index<'_>, facts: &ContactFacts, at: Secs, s: &ModelSettings) -> ContactMeasures {
    let touches: Vec<&Touch> = index.touches_until(facts.id, at).collect();
    let slices = index.contacts.get(&facts.id);
    let h = index.history;
    let values: Vec<&ValueFact> = slices
        .map(|sl| sl.values.iter().map(|&i| &h.value_items[i]).filter(|v| v.at <= at).collect())
        .unwrap_or_default();
    let questions: Vec<&QuestionFact> = slices
        .map(|sl| sl.questions.iter().map(|&i| &h.questions[i]).filter(|q| q.asked_at <= at).collect())
        .unwrap_or_default();

    let last = touches.last().map(|t| t.at);
    let half_life = half_life_days(facts, at, s);
    let strength_parts = strength_parts(facts, &touches, &values, at, half_life, s);
    let strength = combine_strength(&strength_parts, s);
    let window_start = at - (s.window_days * DAY) as Secs;
    // The touches are in time order: a window is a suffix of them.
    let recent_from = touches.partition_point(|t| t.at <= window_start);
    let recent = &touches[recent_from..];
    // The touches between me and them, as moves of a conversation (a group message another
    // participant started is not one).
    let moves = moves_of(facts.id, &touches, &values, &questions, |q| index.answers.of(h, q));
    let recent_moves = &moves[moves.partition_point(|m| m.touch.at <= window_start)..];
    let (all_turns, recent_turns) = (turns_of(&moves, s), turns_of(recent_moves, s));
    let layer = layer_of(contact_days(recent), s);
    // The layer at the last contact sets the expected gap when nothing else does (see `cadence`).
    let layer_at_last = last.and_then(|last| {
        let start = last - (s.window_days * DAY) as Secs;
        let from = touches.partition_point(|t| t.at <= start);
        // Mostly the same touches as today's window: its layer then.
        if from == recent_from {
            layer
        } else {
            layer_of(contact_days(&touches[from..]), s)
        }
    });

    ContactMeasures {
        contact: facts.id,
        name: facts.name.clone(),
        strength,
        strength_parts,
        layer: layer.map(|k| k + 1),
        cadence: cadence(facts, &touches, layer_at_last.map(|k| s.layer_cadence_days[k]), at, s),
        interactions: touches.len(),
        last_interaction_at: last,
        initiative: initiative(&recent_turns.0),
        conversation: conversation_in(recent_moves, &recent_turns, at),
        reciprocity: reciprocity_in(&all_turns.0, at, s),
        give_take: give_take(values.iter().copied().filter(|v| v.at > window_start), s),
        my_questions: follow_through(questions.iter().copied().filter(|q| q.asked_by == Party::Me), at, s),
        their_questions: follow_through(questions.iter().copied().filter(|q| q.asked_by == Party::Them), at, s),
        turn: turn_in(&all_turns, &questions, window_start, at),
        reactions: reactions(index, facts.id, window_start, at),
        give_first: super::give_first::give_first(values.iter().copied()),
    }
}
