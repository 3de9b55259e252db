//! Who reaches out, who answers, and whose turn it is: a tie's touches as moves between the two
//! sides, grouped in turns and threads.

use super::history::*;
use super::settings::ModelSettings;
use super::strength::decay;
use super::tie::*;
use crate::model::*;

/// A touch as one tie sees it: which of the two started it, and whether it already holds the
/// other side's reply (a message of theirs in which I gave something or answered their question,
/// or mine in which they did).
#[derive(Debug, Clone, Copy)]
pub struct Move<'a> {
    pub touch: &'a Touch,
    pub by: Party,
    pub holds_reply: bool,
}

impl<'a> Move<'a> {
    /// Touch `t` as a move between me and `contact`; `None` when someone else started it.
    pub fn of(t: &'a Touch, contact: ContactId) -> Option<Move<'a>> {
        started_by(t, contact).map(|by| Move { touch: t, by, holds_reply: false })
    }
}

/// Who of the tie with `contact` started touch `t`: me; them, when they were its only participant
/// or are named as its initiator; `None` when another participant did, or when a group
/// interaction logged before initiators were kept says only "them" (someone in the group, not any
/// one tie). A message Cat sent to Bob and me is neither Bob reaching out nor Bob answering.
pub fn started_by(t: &Touch, contact: ContactId) -> Option<Party> {
    match t.initiated_by {
        Party::Me => Some(Party::Me),
        Party::Them if t.initiator == Some(contact) => Some(Party::Them),
        Party::Them if t.initiator.is_none() && t.participants == [contact] => Some(Party::Them),
        Party::Them => None,
    }
}

/// The tie's touches (time-sorted) as moves between me and `contact`, leaving out those another
/// person started. `values` and `questions` are the tie's own: an item given, or a question
/// answered, by the side that did not start a touch, in that touch, makes it hold a reply;
/// `answered_in` says which interaction answered a question (see [`Answers`]).
pub fn moves_of<'a>(
    contact: ContactId,
    touches: &[&'a Touch],
    values: &[&ValueFact],
    questions: &[&QuestionFact],
    answered_in: impl Fn(QuestionId) -> Option<InteractionId>,
) -> Vec<Move<'a>> {
    // (interaction, whether the reply it holds is mine)
    let mut replies: Vec<(InteractionId, bool)> = Vec::new();
    for v in values {
        if let Some(i) = v.interaction {
            // What I gave answers them; what I received answers me.
            replies.push((i, v.direction == Direction::Given));
        }
    }
    for q in questions {
        if let Some(i) = answered_in(q.id) {
            replies.push((i, q.asked_by == Party::Them));
        }
    }
    replies.sort();
    touches
        .iter()
        .filter_map(|t| Move::of(t, contact))
        .map(|mut m| {
            m.holds_reply = replies.binary_search(&(m.touch.id, m.by == Party::Them)).is_ok();
            m
        })
        .collect()
}

pub fn is_spoken(c: Channel) -> bool {
    matches!(c, Channel::InPerson | Channel::Call | Channel::Video | Channel::Event)
}

/// One turn of a conversation: consecutive moves from one side in one thread.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TurnOf {
    pub by: Party,
    /// Its first and latest touch.
    pub first: Secs,
    pub last: Secs,
    /// When it was answered: by the other side's next turn in its thread, or at once when
    /// it was spoken or holds the reply.
    pub answered_at: Option<Secs>,
}

impl TurnOf {
    pub fn answered_by(&self, at: Secs) -> bool {
        self.answered_at.is_some_and(|a| a <= at)
    }
}

/// The turns of `moves` (time-sorted) and, for each move, the turn it belongs to.
///
/// Each move follows an earlier one: the one it replies to (`in_reply_to`) when that is a move of
/// the tie, else the previous move when it came within the reply window; otherwise it starts a
/// thread. A written move that follows an open turn of its own side joins it (a burst of messages
/// is one turn); any other move starts a turn, and one from the other side answers the turn it
/// follows (a linked reply however late; an unlinked one only within the window). A spoken
/// move, or one that holds the other side's reply, is a turn answered in itself.
pub fn turns_of(moves: &[Move<'_>], s: &ModelSettings) -> (Vec<TurnOf>, Vec<usize>) {
    let window = (s.reply_window_days * DAY) as Secs;
    // Where each move is, to follow links; most histories have none.
    let place: std::collections::HashMap<InteractionId, usize> = if moves.iter().any(|m| m.touch.in_reply_to.is_some())
    {
        moves.iter().enumerate().map(|(i, m)| (m.touch.id, i)).collect()
    } else {
        Default::default()
    };
    let mut turns: Vec<TurnOf> = Vec::new();
    let mut last_move: Vec<usize> = Vec::new();
    let mut of_move: Vec<usize> = Vec::with_capacity(moves.len());
    for (i, m) in moves.iter().enumerate() {
        let t = m.touch;
        let follows = match t.in_reply_to {
            Some(id) => place.get(&id).copied().filter(|&p| p < i),
            None => i.checked_sub(1).filter(|&p| t.at - moves[p].touch.at <= window),
        };
        let spoken = is_spoken(t.channel);
        let joins = follows
            .filter(|&p| {
                let turn = &turns[of_move[p]];
                !spoken && turn.by == m.by && turn.answered_at.is_none() && last_move[of_move[p]] == p
            })
            .map(|p| of_move[p]);
        let k = match joins {
            Some(k) => {
                turns[k].last = t.at;
                last_move[k] = i;
                k
            }
            None => {
                if let Some(k) = follows.map(|p| of_move[p]) {
                    if turns[k].by != m.by && turns[k].answered_at.is_none() {
                        turns[k].answered_at = Some(t.at);
                    }
                }
                turns.push(TurnOf { by: m.by, first: t.at, last: t.at, answered_at: spoken.then_some(t.at) });
                last_move.push(i);
                turns.len() - 1
            }
        };
        if m.holds_reply && turns[k].answered_at.is_none() {
            turns[k].answered_at = Some(t.at);
        }
        of_move.push(k);
    }
    (turns, of_move)
}

/// The interaction a new touch with `contact` would reply to: the latest touch of their
/// conversation with me by `at`, when its turn is still open (written, unanswered, holding no
/// reply); `None` when the conversation is settled or there is none. What the quick log and
/// `rapport log --reply` offer as "reply to".
pub fn open_exchange(h: &History, contact: ContactId, at: Secs, s: &ModelSettings) -> Option<InteractionId> {
    let touches: Vec<&Touch> =
        h.interactions.iter().filter(|t| t.at <= at && t.participants.contains(&contact)).collect();
    let values: Vec<&ValueFact> = h.value_items.iter().filter(|v| v.contact == contact && v.at <= at).collect();
    let questions: Vec<&QuestionFact> =
        h.questions.iter().filter(|q| q.contact == contact && q.asked_at <= at).collect();
    let moves = moves_of(contact, &touches, &values, &questions, |q| h.answered_in(q));
    let (turns, of_move) = turns_of(&moves, s);
    let (last, k) = moves.last().zip(of_move.last())?;
    (!turns[*k].answered_by(at)).then_some(last.touch.id)
}

/// Who reaches out, in turns: a burst of messages is one reach-out.
pub fn initiative(turns: &[TurnOf]) -> Initiative {
    let by_me = turns.iter().filter(|t| t.by == Party::Me).count();
    let by_them = turns.len() - by_me;
    let balance = (!turns.is_empty()).then(|| (by_them as f64 - by_me as f64) / turns.len() as f64);
    Initiative { by_me, by_them, balance }
}

/// The conversation of `moves` (the window's) at `at`, counted in turns (see [`turns_of`]).
pub fn conversation(moves: &[Move<'_>], at: Secs, s: &ModelSettings) -> Conversation {
    conversation_in(moves, &turns_of(moves, s), at)
}

/// [`conversation`] from the turns of `moves`, already grouped.
pub fn conversation_in(moves: &[Move<'_>], (turns, of_move): &(Vec<TurnOf>, Vec<usize>), at: Secs) -> Conversation {
    let mine = |t: &&TurnOf| t.by == Party::Me;
    let exchanges = turns.iter().filter(|t| t.answered_by(at)).count();
    let my_turns = turns.iter().filter(mine).count();
    let my_turns_answered = turns.iter().filter(mine).filter(|t| t.answered_by(at)).count();
    let my_moves = moves.iter().zip(of_move).filter(|(m, _)| m.by == Party::Me);
    let (mut my_touches, mut my_touches_answered) = (0, 0);
    for (_, &k) in my_moves {
        my_touches += 1;
        my_touches_answered += usize::from(turns[k].answered_by(at));
    }
    let share = |a: usize, n: usize| (n > 0).then(|| a as f64 / n as f64);
    Conversation {
        touches: moves.len(),
        turns: turns.len(),
        exchanges,
        ratio: share(exchanges, turns.len()),
        my_touches,
        my_touches_answered,
        my_turns,
        my_turns_answered,
        answered_share: share(my_turns_answered, my_turns),
        answered_share_n: my_turns,
        answered_share_interval: interval_of(share(my_turns_answered, my_turns), my_turns),
    }
}

/// The tie's Reciprocity terms at `at` over all its turns, each weighted by the age of its latest
/// touch (see [`TieReciprocity`]).
pub fn tie_reciprocity(moves: &[Move<'_>], at: Secs, s: &ModelSettings) -> TieReciprocity {
    reciprocity_in(&turns_of(moves, s).0, at, s)
}

/// [`tie_reciprocity`] from the tie's turns, already grouped.
pub fn reciprocity_in(turns: &[TurnOf], at: Secs, s: &ModelSettings) -> TieReciprocity {
    let (mut evidence, mut mine, mut exchanges) = (0.0, 0.0, 0.0);
    for t in turns {
        let w = decay(at - t.last, s.evidence_half_life_days);
        evidence += w;
        if t.by == Party::Me {
            mine += w;
        }
        if t.answered_by(at) {
            exchanges += w;
        }
    }
    TieReciprocity::from_sums(evidence, mine, exchanges, s)
}

/// Whose move it is. An open question of the window (`since` onwards) outranks the last turn:
/// it is what was left hanging. Older open questions stay on the contact's page but no longer
/// decide the turn: after a year of other exchanges, they are not what the conversation waits on.
/// Otherwise the latest turn decides: written and unanswered, the other side's move; spoken, or
/// holding the other side's reply (their message in which I gave or answered), nobody's.
pub fn turn(moves: &[Move<'_>], questions: &[&QuestionFact], since: Secs, at: Secs, s: &ModelSettings) -> Turn {
    turn_in(&turns_of(moves, s), questions, since, at)
}

/// [`turn`] from the tie's turns, already grouped.
pub fn turn_in(
    (turns, of_move): &(Vec<TurnOf>, Vec<usize>),
    questions: &[&QuestionFact],
    since: Secs,
    at: Secs,
) -> Turn {
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
    match of_move.last().map(|&k| turns[k]) {
        Some(t) if !t.answered_by(at) => match t.by {
            Party::Them => Turn { whose: Some(Party::Me), since: Some(t.first), reason: TurnReason::TheirMessage },
            Party::Me => Turn { whose: Some(Party::Them), since: Some(t.first), reason: TurnReason::MyMessage },
        },
        _ => Turn { whose: None, since: None, reason: TurnReason::Settled },
    }
}
