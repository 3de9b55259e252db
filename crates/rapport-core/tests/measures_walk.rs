//! The weekly walk and the live measures keep what they can from one date (or one logged
//! interaction) to the next; these properties check they still give a recompute's numbers where
//! the shortcuts matter: value items and questions shared by a group (one copy per participant,
//! copies that a window can split), archived contacts, and interactions logged without them.

use proptest::prelude::*;
use rapport_core::measures::history::*;
use rapport_core::measures::live::LiveMeasures;
use rapport_core::measures::*;
use rapport_core::*;

const D: i64 = 86_400;
const T0: i64 = 1_767_225_600;

/// A plan of one interaction: its day, its participants (of four contacts), whether I started
/// it, whether a value item and a question go with it (copied to every participant), and for
/// each copy how many days later its question was answered (if ever) and how many days its
/// own date lags (a hand-built history can date copies apart; the store never does).
type Plan = (i64, Vec<i64>, bool, Option<bool>, bool, Vec<(Option<i64>, i64)>);

fn plan() -> impl Strategy<Value = Plan> {
    (
        0..900i64,
        prop::collection::vec(1..=4i64, 1..4),
        any::<bool>(),
        prop::option::of(any::<bool>()),
        any::<bool>(),
        prop::collection::vec((prop::option::of(0..60i64), prop_oneof![4 => Just(0i64), 1 => 0..400i64]), 3),
    )
}

fn build(plans: Vec<Plan>, archived: Option<i64>) -> History {
    let mut h = History::default();
    for i in 1..=4 {
        h.contacts.push(ContactFacts {
            id: ContactId(i),
            name: format!("C{i}"),
            is_kin: false,
            closeness: None,
            cadence_days: None,
            circle_cadence_days: None,
            met_at: None,
            archived: archived == Some(i),
            changes: Vec::new(),
        });
    }
    for (k, (day, mut with, mine, value, question, copies)) in plans.into_iter().enumerate() {
        with.sort();
        with.dedup();
        let id = InteractionId(k as i64 + 1);
        let at = T0 + day * D;
        let by = if mine { Party::Me } else { Party::Them };
        for (n, (&c, &(answer, lag))) in with.iter().zip(copies.iter()).enumerate() {
            let copy_at = at + lag * D;
            if let Some(given) = value {
                let direction = if given { Direction::Given } else { Direction::Received };
                h.value_items.push(ValueFact {
                    contact: ContactId(c),
                    direction,
                    kind: ValueKind::Help,
                    weight: None,
                    at: copy_at,
                    interaction: Some(id),
                });
            }
            if question {
                h.questions.push(QuestionFact {
                    id: QuestionId(10 * k as i64 + n as i64 + 1),
                    contact: ContactId(c),
                    asked_by: by,
                    text: "how are you?".into(),
                    asked_at: copy_at,
                    answered_at: answer.map(|d| copy_at + d * D),
                    asked_in: Some(id),
                });
            }
        }
        h.interactions.push(Touch {
            id,
            at,
            channel: Channel::Email,
            initiated_by: by,
            duration_min: None,
            participants: with.into_iter().map(ContactId).collect(),
            offset_min: 0,
            initiator: None,
            in_reply_to: None,
        });
    }
    h.sort();
    h
}

fn component(n: &NetworkIndex, name: ComponentName) -> &Component {
    n.components.iter().find(|c| c.name == name).expect("every component is there")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Generosity's and Follow-through's lines count the window's shared items and questions
    /// once, in the weekly series as in a recompute, however the window splits their copies.
    #[test]
    fn the_weekly_series_counts_shared_items_and_questions_as_a_recompute_does(
        plans in prop::collection::vec(plan(), 1..30),
        archived in prop::option::of(2..=4i64),
    ) {
        let h = build(plans, archived);
        let s = ModelSettings::default();
        for point in weekly_series(&h, T0 + 1_400 * D, &s) {
            let fresh = report(&h, point.at, &s).network;
            for name in [ComponentName::Generosity, ComponentName::FollowThrough] {
                let (walked, recomputed) = (component(&point, name), component(&fresh, name));
                prop_assert_eq!(&walked.facts, &recomputed.facts, "{:?} at {}", name, point.at);
                prop_assert_eq!(&walked.detail, &recomputed.detail);
            }
        }
    }

    /// Logging interactions alone (the live measures keep the index's value and question parts)
    /// or with shared items and questions gives a recompute's report.
    #[test]
    fn the_live_measures_after_logging_equal_a_recompute(
        plans in prop::collection::vec(plan(), 2..30),
        logged in prop::collection::vec(plan(), 1..5),
        archived in prop::option::of(2..=4i64),
    ) {
        let s = ModelSettings::default();
        let at = T0 + 1_000 * D;
        let base = build(plans.clone(), archived);
        let mut all = plans;
        let mut live = LiveMeasures::new(base.clone(), at, &s);
        for (k, p) in logged.into_iter().enumerate() {
            all.push(p);
            let full = build(all.clone(), archived);
            // The new interaction and its facts, as the full history holds them.
            let id = InteractionId((full.interactions.len()) as i64);
            let touch = full.interactions.iter().find(|t| t.id == id).cloned().expect("logged");
            let values = full.value_items.iter().filter(|v| v.interaction == Some(id)).cloned().collect();
            let questions = full.questions.iter().filter(|q| q.asked_in == Some(id)).cloned().collect();
            live.log(touch, values, questions);
            let fresh = report(&full, at, &s);
            prop_assert_eq!(
                serde_json::to_string(&live.report()).unwrap(),
                serde_json::to_string(&fresh).unwrap(),
                "after logging {}", k
            );
        }
    }
}
