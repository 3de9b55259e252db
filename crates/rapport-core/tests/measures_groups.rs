//! Groups and turns (issue 13, defect 5 and "threads and turns"): a group interaction has one
//! initiator, and what is shared in it (a value item, a question) counts once; the conversation
//! measures count turns, a burst of messages from one side being one.

use proptest::prelude::*;
use rapport_core::measures::contact::*;
use rapport_core::measures::history::*;
use rapport_core::measures::network::{ComponentName, Facts};
use rapport_core::measures::*;
use rapport_core::*;

mod common;
use common::*;

const H: i64 = 3_600;
const ME: ContactId = ContactId(0);
const BOB: ContactId = ContactId(1);
const CAT: ContactId = ContactId(2);

/// A message at `at` from `by` (`ME`, or the contact who sent it) to `with`.
fn message(id: i64, at: Secs, by: ContactId, with: &[i64]) -> Touch {
    Touch {
        id: InteractionId(id),
        at,
        channel: Channel::Message,
        initiated_by: if by == ME { Party::Me } else { Party::Them },
        duration_min: None,
        participants: with.iter().map(|&c| ContactId(c)).collect(),
        offset_min: 0,
        initiator: (by != ME && with.len() > 1).then_some(by),
        in_reply_to: None,
    }
}

fn people(n: i64) -> History {
    History { contacts: (1..=n).map(facts).collect(), ..History::default() }
}

fn measures_of(h: &History, id: ContactId, at: Secs) -> ContactMeasures {
    contact_measures(h, id, at, &ModelSettings::default()).unwrap()
}

fn component(r: &Report, name: ComponentName) -> &network::Component {
    r.network.components.iter().find(|c| c.name == name).unwrap()
}

/// The measures of Bob's tie that are about our conversation.
fn conversation_of(m: &ContactMeasures) -> (Initiative, Conversation, TieReciprocity, Turn) {
    (m.initiative, m.conversation, m.reciprocity, m.turn)
}

/// The case: a message Cat sent to Bob and me is neither Bob reaching out nor Bob
/// answering the message I had sent him.
#[test]
fn a_message_cat_sent_to_bob_and_me_is_not_bob_reaching_out_nor_answering() {
    let mut h = people(2);
    h.interactions.push(message(1, T0, ME, &[1]));
    h.interactions.push(message(2, T0 + D, CAT, &[1, 2]));
    h.sort();
    let bob = measures_of(&h, BOB, T0 + 2 * D);
    assert_eq!((bob.initiative.by_me, bob.initiative.by_them), (1, 0));
    assert_eq!(bob.conversation.answered_share, Some(0.0), "my message to Bob is unanswered");
    assert_eq!(bob.turn.whose, Some(Party::Them), "Bob owes the answer, not me");
    let cat = measures_of(&h, CAT, T0 + 2 * D);
    assert_eq!((cat.initiative.by_me, cat.initiative.by_them), (0, 1), "Cat did reach out");
}

/// A group interaction logged before initiators were kept ("them", several participants): someone
/// in the group started it, no one tie did.
#[test]
fn a_group_started_by_someone_unknown_is_no_ties_reach_out() {
    let mut h = people(2);
    let mut legacy = message(1, T0, BOB, &[1, 2]);
    legacy.initiator = None;
    h.interactions.push(legacy);
    for id in [BOB, CAT] {
        let m = measures_of(&h, id, T0 + D);
        assert_eq!((m.initiative.by_me, m.initiative.by_them, m.conversation.turns), (0, 0, 0));
        assert_eq!(m.interactions, 1, "it still counts as contact");
    }
}

/// What turns are: five messages in a row from me are one turn, answered by Bob's one reply.
#[test]
fn a_burst_of_five_messages_is_one_turn() {
    let mut h = people(1);
    for k in 0..5 {
        h.interactions.push(message(k, T0 + k * H, ME, &[1]));
    }
    let m = measures_of(&h, BOB, T0 + D);
    let c = m.conversation;
    assert_eq!((c.touches, c.turns, c.my_turns, c.my_turns_answered), (5, 1, 1, 0));
    assert_eq!((m.initiative.by_me, m.initiative.by_them), (1, 0));
    assert_eq!(m.turn.since, Some(T0), "waiting since the burst began");

    h.interactions.push(message(9, T0 + 10 * H, BOB, &[1]));
    let c = measures_of(&h, BOB, T0 + D).conversation;
    assert_eq!((c.turns, c.exchanges, c.my_turns_answered, c.my_touches_answered), (2, 1, 1, 5));
    assert_eq!(c.answered_share, Some(1.0));
}

/// A reply linked to the message it answers answers it however late, and only it: a thread.
#[test]
fn a_linked_reply_answers_its_own_thread() {
    let mut h = people(1);
    h.interactions.push(message(1, T0, ME, &[1]));
    h.interactions.push(message(2, T0 + 5 * D, ME, &[1]));
    let mut late = message(3, T0 + 20 * D, BOB, &[1]);
    late.in_reply_to = Some(InteractionId(1));
    h.interactions.push(late);
    let c = measures_of(&h, BOB, T0 + 21 * D).conversation;
    // Without the link, 20 days is past the reply window: nothing would be answered.
    assert_eq!((c.my_turns, c.my_turns_answered), (1, 1), "the two messages a burst, answered by the link");
}

/// The words: a message from them in which I gave or answered is my reply, not my debt.
#[test]
fn their_message_in_which_i_gave_or_answered_leaves_the_turn_with_nobody() {
    let mut h = people(1);
    h.interactions.push(message(1, T0, BOB, &[1]));
    let before = measures_of(&h, BOB, T0 + D);
    assert_eq!((before.turn.whose, before.turn.reason), (Some(Party::Me), TurnReason::TheirMessage));

    let mut gave = h.clone();
    gave.value_items.push(ValueFact {
        contact: BOB,
        direction: Direction::Given,
        kind: ValueKind::Advice,
        weight: None,
        at: T0,
        interaction: Some(InteractionId(1)),
    });
    let m = measures_of(&gave, BOB, T0 + D);
    assert_eq!((m.turn.whose, m.turn.reason), (None, TurnReason::Settled));
    assert_eq!(m.conversation.exchanges, 1, "a two-way turn");

    // Bob asked me something the day before; his message carried my answer.
    let mut answered = h.clone();
    answered.interactions.push(message(0, T0 - D, BOB, &[1]));
    answered.questions.push(QuestionFact {
        id: QuestionId(1),
        contact: BOB,
        asked_by: Party::Them,
        text: "?".into(),
        asked_at: T0 - D,
        answered_at: Some(T0),
        asked_in: Some(InteractionId(0)),
    });
    answered.answered_in.push((QuestionId(1), InteractionId(1)));
    answered.sort();
    let m = measures_of(&answered, BOB, T0 + D);
    assert_eq!((m.turn.whose, m.turn.reason), (None, TurnReason::Settled));
}

/// Defect 5's "one talk at an event becomes you gave 3 items": an item given to a group is one.
#[test]
fn one_item_given_to_a_group_counts_once_in_generosity() {
    let s = ModelSettings::default();
    let with = |n: i64| {
        let mut h = people(n + 1);
        let everyone: Vec<i64> = (1..=n).collect();
        h.interactions.push(message(1, T0, ME, &everyone));
        h.interactions.push(message(2, T0 + D, ContactId(n + 1), &[n + 1]));
        for c in 1..=n {
            h.value_items.push(ValueFact {
                contact: ContactId(c),
                direction: Direction::Given,
                kind: ValueKind::Knowledge,
                weight: None,
                at: T0,
                interaction: Some(InteractionId(1)),
            });
        }
        h.value_items.push(ValueFact {
            contact: ContactId(n + 1),
            direction: Direction::Received,
            kind: ValueKind::Knowledge,
            weight: None,
            at: T0 + D,
            interaction: Some(InteractionId(2)),
        });
        h.sort();
        report(&h, T0 + 2 * D, &s)
    };
    let (one, three) = (with(1), with(3));
    let generosity = |r: &Report| component(r, ComponentName::Generosity).clone();
    assert_eq!(generosity(&three).score, generosity(&one).score);
    match generosity(&three).facts {
        Facts::Generosity { given, received, .. } => assert_eq!((given, received), (1, 1)),
        other => panic!("{other:?}"),
    }
}

/// One question put to a group is one question, answered when anyone answered: its place in
/// Follow-through does not depend on how many were asked.
fn one_question_to(n: i64, answered_by_first: bool) -> Report {
    let mut h = people(n);
    let everyone: Vec<i64> = (1..=n).collect();
    h.interactions.push(message(1, T0, ME, &everyone));
    h.interactions.push(message(2, T0 + D, BOB, &[1]));
    for c in 1..=n {
        let answered = answered_by_first && c == 1;
        h.questions.push(QuestionFact {
            id: QuestionId(c),
            contact: ContactId(c),
            asked_by: Party::Me,
            text: "Who comes on Friday?".into(),
            asked_at: T0,
            answered_at: answered.then_some(T0 + D),
            asked_in: Some(InteractionId(1)),
        });
        if answered {
            h.answered_in.push((QuestionId(c), InteractionId(2)));
        }
    }
    h.sort();
    report(&h, T0 + 60 * D, &ModelSettings::default())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Group invariance: adding messages that Cat started to Bob and me changes nothing in Bob's
    /// conversation with me (initiative, turns and answers, reciprocity, whose turn).
    #[test]
    fn messages_another_participant_started_leave_a_ties_conversation_as_it_was(
        ours in prop::collection::vec((0i64..2000, any::<bool>()), 1..30),
        cats in prop::collection::vec(0i64..2000, 1..10),
    ) {
        let mut h = people(2);
        for (k, (hours, mine)) in ours.iter().enumerate() {
            h.interactions.push(message(k as i64, T0 + hours * H, if *mine { ME } else { BOB }, &[1]));
        }
        h.sort();
        let at = T0 + 2100 * H;
        let alone = measures_of(&h, BOB, at);
        for (k, hours) in cats.iter().enumerate() {
            h.interactions.push(message(1000 + k as i64, T0 + hours * H, CAT, &[1, 2]));
        }
        h.sort();
        let with_cat = measures_of(&h, BOB, at);
        prop_assert_eq!(conversation_of(&with_cat), conversation_of(&alone));
    }

    /// Group invariance of the index: a question put to n people, answered by one, is one answered
    /// question; left unanswered by all, one unanswered question. Follow-through and its counts do
    /// not depend on n.
    #[test]
    fn one_question_to_a_group_weighs_the_same_whatever_its_size(n in 2i64..10, answered in any::<bool>()) {
        let (alone, group) = (one_question_to(1, answered), one_question_to(n, answered));
        let follow = |r: &Report| component(r, ComponentName::FollowThrough).clone();
        prop_assert_eq!(follow(&group).score, follow(&alone).score);
        prop_assert_eq!(follow(&group).facts, follow(&alone).facts);
    }
}

/// A history of bursts, group messages with named initiators, reply links (back to an earlier
/// message shared with someone) and items given in their messages.
fn threads() -> impl Strategy<Value = History> {
    let one = (0i64..3, 0i64..3, 0i64..400, any::<bool>(), 0usize..8, any::<bool>());
    prop::collection::vec(one, 1..40).prop_map(|plan| {
        let mut h = people(2);
        for (k, (sender, with, hours, link, back, gave)) in plan.into_iter().enumerate() {
            let id = k as i64;
            let with: &[i64] = match with {
                0 => &[1],
                1 => &[2],
                _ => &[1, 2],
            };
            // The sender is me or one of the participants.
            let by = if sender == 0 || !with.contains(&sender) { ME } else { ContactId(sender) };
            let mut t = message(id, T0 + hours * 7 * H, by, with);
            if link {
                let earlier = h
                    .interactions
                    .iter()
                    .filter(|e| e.at <= t.at && e.participants.iter().any(|p| t.participants.contains(p)))
                    .nth(back)
                    .map(|e| e.id);
                t.in_reply_to = earlier;
            }
            if gave && by != ME {
                h.value_items.push(ValueFact {
                    contact: by,
                    direction: Direction::Given,
                    kind: ValueKind::Help,
                    weight: None,
                    at: t.at,
                    interaction: Some(t.id),
                });
            }
            h.interactions.push(t);
        }
        h.sort();
        h
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The weekly series walks turns as a recompute at each date counts them.
    #[test]
    fn the_weekly_series_counts_turns_as_a_recompute_does(h in threads()) {
        let s = ModelSettings::default();
        for point in weekly_series(&h, T0 + 150 * D, &s) {
            let fresh = report(&h, point.at, &s).network;
            let score = |n: &network::NetworkIndex| {
                n.components.iter().find(|c| c.name == ComponentName::Reciprocity).and_then(|c| c.score)
            };
            match (score(&point), score(&fresh)) {
                (Some(a), Some(b)) => prop_assert!((a - b).abs() < 1e-6, "{} vs {} at {}", a, b, point.at),
                (a, b) => prop_assert_eq!(a, b),
            }
        }
    }
}
