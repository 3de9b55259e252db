//! Properties every history must satisfy, checked on random histories (proptest).

use proptest::prelude::*;
use rapport_core::measures::contact::CadenceStatus;
use rapport_core::measures::history::*;
use rapport_core::measures::live::LiveMeasures;
use rapport_core::measures::*;
use rapport_core::*;

const D: i64 = 86_400;
const T0: i64 = 1_767_225_600;
const SPAN_DAYS: i64 = 3 * 365;

fn channel() -> impl Strategy<Value = Channel> {
    proptest::sample::select(Channel::ALL.to_vec())
}

fn party() -> impl Strategy<Value = Party> {
    prop_oneof![Just(Party::Me), Just(Party::Them)]
}

fn kind() -> impl Strategy<Value = ValueKind> {
    proptest::sample::select(ValueKind::ALL.to_vec())
}

/// A random history of up to 6 contacts over three years.
fn history() -> impl Strategy<Value = History> {
    let contacts = proptest::collection::vec(
        (any::<bool>(), proptest::option::of(1u8..=5), proptest::option::of(1u32..400), any::<bool>()),
        1..6,
    );
    contacts
        .prop_flat_map(|cs| {
            let n = cs.len() as i64;
            let touches = proptest::collection::vec(
                (
                    0..SPAN_DAYS * D,
                    channel(),
                    party(),
                    proptest::option::of(0u32..600),
                    proptest::collection::vec(1..=n, 1..3),
                    // The UTC offset the user was at: travel puts touches on other lived days.
                    proptest::sample::select(vec![0, 0, 60, -480, 540, 840, -600]),
                ),
                0..60,
            );
            let values = proptest::collection::vec(
                (0..SPAN_DAYS * D, 1..=n, any::<bool>(), kind(), proptest::option::of(0.1f64..10.0)),
                0..20,
            );
            let questions =
                proptest::collection::vec((0..SPAN_DAYS * D, 1..=n, party(), proptest::option::of(0..90 * D)), 0..20);
            let posts = proptest::collection::vec(
                (
                    0..SPAN_DAYS * D,
                    proptest::collection::vec(
                        (proptest::option::of(1..=n), 0usize..3, 1u32..50, 0..10 * D, any::<bool>()),
                        0..5,
                    ),
                ),
                0..6,
            );
            (Just(cs), touches, values, questions, posts)
        })
        .prop_map(|(cs, touches, values, questions, posts)| {
            let mut h = History::default();
            for (i, (kin, closeness, cadence, archived)) in cs.into_iter().enumerate() {
                h.contacts.push(ContactFacts {
                    id: ContactId(i as i64 + 1),
                    name: format!("C{i}"),
                    is_kin: kin,
                    closeness,
                    cadence_days: cadence,
                    circle_cadence_days: None,
                    met_at: None,
                    archived: archived && i > 0,
                    changes: Vec::new(),
                });
            }
            for (k, (at, channel, by, duration, mut with, offset_min)) in touches.into_iter().enumerate() {
                with.sort();
                with.dedup();
                h.interactions.push(Touch {
                    id: InteractionId(k as i64 + 1),
                    at: T0 + at,
                    channel,
                    initiated_by: by,
                    duration_min: duration,
                    participants: with.into_iter().map(ContactId).collect(),
                    offset_min,
                    initiator: None,
                    in_reply_to: None,
                });
            }
            for (at, c, given, kind, weight) in values {
                let direction = if given { Direction::Given } else { Direction::Received };
                h.value_items.push(ValueFact {
                    contact: ContactId(c),
                    direction,
                    kind,
                    weight,
                    at: T0 + at,
                    interaction: None,
                });
            }
            for (k, (at, c, by, delay)) in questions.into_iter().enumerate() {
                h.questions.push(QuestionFact {
                    id: QuestionId(k as i64 + 1),
                    contact: ContactId(c),
                    asked_by: by,
                    text: "?".into(),
                    asked_at: T0 + at,
                    answered_at: delay.map(|d| T0 + at + d),
                    asked_in: None,
                });
            }
            for (k, (at, reactions)) in posts.into_iter().enumerate() {
                let post = PostId(k as i64 + 1);
                h.posts.push(PostFact { id: post, at: T0 + at });
                for (contact, kind, count, delay, replied) in reactions {
                    let kind = [ReactionKind::Like, ReactionKind::Share, ReactionKind::Comment][kind];
                    let count = if contact.is_some() { 1 } else { count };
                    h.reactions.push(ReactionFact {
                        post,
                        contact: contact.map(ContactId),
                        kind,
                        count,
                        at: T0 + at + delay,
                        replied,
                        replied_at: None,
                    });
                }
            }
            h.sort();
            h
        })
}

fn in_unit(x: Option<f64>) -> bool {
    x.is_none_or(|v| v.is_finite() && (0.0..=1.0).contains(&v))
}

fn component(r: &Report, name: ComponentName) -> Option<f64> {
    r.network.components.iter().find(|c| c.name == name).and_then(|c| c.score)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn every_measure_is_finite_and_in_its_range(h in history(), day in 0..SPAN_DAYS + 400) {
        let s = ModelSettings::default();
        let r = report(&h, T0 + day * D, &s);
        prop_assert!(r.network.index.is_finite() && (0.0..=100.0).contains(&r.network.index));
        for c in &r.network.components {
            prop_assert!(c.score.is_none_or(|v| v.is_finite() && (0.0..=100.0).contains(&v)), "{:?}", c);
            prop_assert!(c.contribution.is_finite() && c.contribution >= 0.0);
        }
        for m in &r.contacts {
            prop_assert!(m.strength.is_finite() && (0.0..=100.0).contains(&m.strength), "{:?}", m);
            let p = m.strength_parts;
            for part in [p.intensity, p.intimacy, p.duration, p.services] {
                prop_assert!(part.is_finite() && (0.0..=100.0).contains(&part));
            }
            prop_assert!(m.initiative.balance.is_none_or(|b| b.is_finite() && (-1.0..=1.0).contains(&b)));
            prop_assert!(in_unit(m.conversation.ratio) && in_unit(m.conversation.answered_share));
            prop_assert!(in_unit(m.give_take.balance));
            prop_assert!(in_unit(m.my_questions.rate) && in_unit(m.their_questions.rate));
            prop_assert!(in_unit(m.reactions.rate));
            prop_assert!(m.cadence.expected_days.is_finite() && m.cadence.expected_days > 0.0);
            prop_assert!(m.cadence.ratio.is_none_or(|r| r.is_finite() && r >= 0.0));
        }
    }

    #[test]
    fn with_no_new_interaction_strength_never_rises(h in history(), day in 0..SPAN_DAYS, gap in 1..400i64) {
        let s = ModelSettings::default();
        let (t1, t2) = (T0 + day * D, T0 + (day + gap) * D);
        let quiet = |c: ContactId| {
            !h.interactions.iter().any(|t| t.at > t1 && t.at <= t2 && t.participants.contains(&c))
                && !h.value_items.iter().any(|v| v.at > t1 && v.at <= t2 && v.contact == c)
        };
        let (a, b) = (report(&h, t1, &s), report(&h, t2, &s));
        for m in b.contacts.iter().filter(|m| quiet(m.contact)) {
            let before = a.contacts.iter().find(|x| x.contact == m.contact).unwrap();
            prop_assert!(m.strength <= before.strength + 1e-9, "{} rose from {} to {}", m.name, before.strength, m.strength);
        }
    }

    #[test]
    fn with_no_new_interaction_a_cadence_status_never_improves(h in history(), day in 0..SPAN_DAYS, gap in 1..800i64) {
        let s = ModelSettings::default();
        let (t1, t2) = (T0 + day * D, T0 + (day + gap) * D);
        let rank = |c: CadenceStatus| match c {
            CadenceStatus::OnTrack => 0,
            CadenceStatus::Due => 1,
            CadenceStatus::Overdue => 2,
            CadenceStatus::Never => 3,
        };
        let (a, b) = (report(&h, t1, &s), report(&h, t2, &s));
        for m in &b.contacts {
            if h.interactions.iter().any(|t| t.at > t1 && t.at <= t2 && t.participants.contains(&m.contact)) {
                continue;
            }
            let before = a.contacts.iter().find(|x| x.contact == m.contact).unwrap();
            prop_assert!(rank(m.cadence.status) >= rank(before.cadence.status),
                "{} went from {:?} to {:?}", m.name, before.cadence, m.cadence);
        }
    }

    #[test]
    fn with_no_new_event_neither_the_index_nor_any_component_rises(h in history(), day in 0..SPAN_DAYS, gap in 1..800i64) {
        let s = ModelSettings::default();
        let (t1, t2) = (T0 + day * D, T0 + (day + gap) * D);
        // Nothing happens after t1: no interaction, item, question, answer, post or reaction.
        let mut quiet = h.clone();
        quiet.interactions.retain(|t| t.at <= t1);
        quiet.value_items.retain(|v| v.at <= t1);
        quiet.questions.retain(|q| q.asked_at <= t1);
        for q in &mut quiet.questions {
            q.answered_at = q.answered_at.filter(|a| *a <= t1);
        }
        quiet.posts.retain(|p| p.at <= t1);
        quiet.reactions.retain(|r| r.at <= t1);
        let (a, b) = (report(&quiet, t1, &s), report(&quiet, t2, &s));
        let tolerance = 1e-6;
        prop_assert!(b.network.index <= a.network.index + tolerance,
            "the index rose from {} to {}", a.network.index, b.network.index);
        for name in ComponentName::ALL {
            if let Some(x) = component(&a, name) {
                let y = component(&b, name);
                prop_assert!(y.is_some_and(|y| y <= x + tolerance), "{:?} went from {} to {:?}", name, x, y);
            }
        }
    }

    #[test]
    fn why_it_moved_is_told_from_the_terms_that_made_each_move(h in history(), day in 0..SPAN_DAYS, gap in 1..400i64) {
        use rapport_core::measures::explain::Reason;
        let s = ModelSettings::default();
        let (t1, t2) = (T0 + day * D, T0 + (day + gap) * D);
        let w = why(&h, t1, t2, &s);
        let score = |n: &NetworkIndex, name| n.components.iter().find(|c| c.name == name).and_then(|c| c.score);
        for m in &w.moves {
            let (Some(x), Some(y)) = (score(&w.from, m.component), score(&w.to, m.component)) else { continue };
            let change = y - x;
            match &m.reason {
                Reason::ReciprocitySteady => prop_assert!(change.abs() < 0.05 + 1e-6, "steady while {change}"),
                Reason::ReciprocityMoved { changes, rest } => {
                    let told = changes.iter().map(|c| c.change).sum::<f64>() + rest;
                    prop_assert!((told - change).abs() < 1e-6, "told {told}, moved {change}");
                    prop_assert!(changes.windows(2).all(|p| p[0].change.abs() >= p[1].change.abs()));
                }
                Reason::AnsweredAll { mine, theirs, .. } | Reason::Unanswered { mine, theirs, .. } => {
                    prop_assert!((mine + theirs - change).abs() < 1e-6, "{mine} + {theirs} vs {change}");
                    prop_assert!(mine.abs() >= theirs.abs(), "named my answers for a move of theirs");
                }
                Reason::TheyAnswered { mine, theirs, .. } | Reason::TheyLeftUnanswered { mine, theirs, .. } => {
                    prop_assert!((mine + theirs - change).abs() < 1e-6, "{mine} + {theirs} vs {change}");
                    prop_assert!(theirs.abs() > mine.abs(), "named their answers for a move of mine");
                }
                _ => {}
            }
            // The contacts named by a Follow-through reason are the ones on the side it names.
            let asker = match m.reason {
                Reason::Unanswered { .. } => Some(Party::Them),
                Reason::TheyLeftUnanswered { .. } => Some(Party::Me),
                _ => None,
            };
            if let Some(by) = asker {
                for c in &m.contacts {
                    prop_assert!(h.questions.iter().any(|q| q.contact == *c && q.asked_by == by && q.asked_at <= t2));
                }
            }
        }
    }

    #[test]
    fn answering_an_open_question_never_lowers_follow_through(h in history(), pick in any::<prop::sample::Index>(), day in 0..SPAN_DAYS + 200, delay in 0..60i64) {
        let s = ModelSettings::default();
        let at = T0 + day * D;
        let open: Vec<usize> = (0..h.questions.len()).filter(|&i| h.questions[i].asked_at <= at && h.questions[i].answered_at.is_none_or(|a| a > at)).collect();
        prop_assume!(!open.is_empty());
        let i = open[pick.index(open.len())];
        let mut answered = h.clone();
        let q = &mut answered.questions[i];
        q.answered_at = Some((q.asked_at + delay * D).min(at));
        let contact = q.contact;
        let (before, after) = (report(&h, at, &s), report(&answered, at, &s));
        if let (Some(x), Some(y)) = (component(&before, ComponentName::FollowThrough), component(&after, ComponentName::FollowThrough)) {
            prop_assert!(y >= x - 1e-9, "network follow-through fell from {x} to {y}");
        }
        let rate = |r: &Report| r.contacts.iter().find(|m| m.contact == contact).map(|m| (m.my_questions.rate, m.their_questions.rate));
        if let (Some((a1, b1)), Some((a2, b2))) = (rate(&before), rate(&after)) {
            prop_assert!(a2.unwrap_or(1.0) >= a1.unwrap_or(0.0) - 1e-9 || a1.is_none());
            prop_assert!(b2.unwrap_or(1.0) >= b1.unwrap_or(0.0) - 1e-9 || b1.is_none());
        }
    }

    #[test]
    fn giving_never_lowers_generosity(h in history(), contact in 1..6i64, day in 0..SPAN_DAYS, k in kind()) {
        let s = ModelSettings::default();
        prop_assume!(h.contacts.iter().any(|c| c.id == ContactId(contact)));
        let at = T0 + day * D;
        let mut more = h.clone();
        more.value_items.push(ValueFact { contact: ContactId(contact), direction: Direction::Given, kind: k, weight: None, at, interaction: None });
        more.sort();
        let (before, after) = (report(&h, at, &s), report(&more, at, &s));
        if let Some(x) = component(&before, ComponentName::Generosity) {
            let y = component(&after, ComponentName::Generosity).unwrap();
            prop_assert!(y >= x - 1e-9, "generosity fell from {x} to {y}");
        }
        let share = |r: &Report| r.contacts.iter().find(|m| m.contact == ContactId(contact)).and_then(|m| m.give_take.balance);
        if let (Some(x), Some(y)) = (share(&before), share(&after)) {
            prop_assert!(y >= x - 1e-9);
        }
    }

    #[test]
    fn a_measure_at_a_past_date_ignores_everything_after_it(h in history(), day in 0..SPAN_DAYS) {
        let s = ModelSettings::default();
        let at = T0 + day * D;
        let mut cut = h.clone();
        cut.interactions.retain(|t| t.at <= at);
        cut.value_items.retain(|v| v.at <= at);
        cut.questions.retain(|q| q.asked_at <= at);
        for q in &mut cut.questions {
            q.answered_at = q.answered_at.filter(|a| *a <= at);
        }
        cut.posts.retain(|p| p.at <= at);
        cut.reactions.retain(|r| r.at <= at);
        prop_assert_eq!(report(&h, at, &s), report(&cut, at, &s));
    }

    /// Uncertainty: the 80% interval of the index and of every component holds its score, and
    /// every rate of a tie lies within its own interval.
    #[test]
    fn an_interval_never_excludes_its_score(h in history(), day in 0..SPAN_DAYS) {
        let s = ModelSettings::default();
        let r = report(&h, T0 + day * D, &s);
        let [lo, hi] = r.network.interval;
        prop_assert!(lo <= r.network.index + 1e-9 && r.network.index <= hi + 1e-9, "{} outside {lo}–{hi}", r.network.index);
        for c in &r.network.components {
            let x = c.score.unwrap();
            prop_assert!(c.interval[0] <= x + 1e-9 && x <= c.interval[1] + 1e-9, "{:?} {x} outside {:?}", c.name, c.interval);
            prop_assert!(c.n >= 0.0);
        }
        for m in &r.contacts {
            for (rate, interval) in [
                (m.my_questions.rate, m.my_questions.interval),
                (m.their_questions.rate, m.their_questions.interval),
                (m.give_take.balance, m.give_take.interval),
                (m.conversation.answered_share, m.conversation.answered_share_interval),
                (m.reactions.rate, m.reactions.interval),
            ] {
                prop_assert_eq!(rate.is_some(), interval.is_some());
                if let (Some(x), Some([lo, hi])) = (rate, interval) {
                    prop_assert!(lo <= x + 1e-12 && x <= hi + 1e-12, "{x} outside {lo}–{hi}");
                }
            }
        }
    }

    /// Uncertainty: the same evidence twice over (every question and value item logged again,
    /// with the same outcome at the same time) never widens Follow-through's or Generosity's
    /// interval, nor the rates' intervals of a tie.
    #[test]
    fn the_same_evidence_twice_never_widens_an_interval(h in history(), day in 0..SPAN_DAYS) {
        let s = ModelSettings::default();
        let at = T0 + day * D;
        let mut twice = h.clone();
        let next = h.questions.iter().map(|q| q.id.0).max().unwrap_or(0) + 1;
        twice.questions.extend(
            h.questions.iter().enumerate().map(|(i, q)| QuestionFact { id: QuestionId(next + i as i64), asked_in: None, ..q.clone() }),
        );
        twice.value_items.extend(h.value_items.iter().map(|v| ValueFact { interaction: None, ..v.clone() }));
        twice.sort();
        let (before, after) = (report(&h, at, &s), report(&twice, at, &s));
        let width = |r: &Report, name: ComponentName| {
            let c = r.network.components.iter().find(|c| c.name == name).unwrap();
            c.interval[1] - c.interval[0]
        };
        // A score capped at 100 (Generosity at or beyond its target share) cuts its interval at
        // the cap: a narrower interval of the share that moved down then shows a wider capped
        // one. The property is about the evidence, so it is checked where no cap cuts.
        let capped = |r: &Report, name: ComponentName| {
            r.network.components.iter().find(|c| c.name == name).is_some_and(|c| c.interval[1] >= 100.0 - 1e-9)
        };
        for name in [ComponentName::FollowThrough, ComponentName::Generosity] {
            if capped(&before, name) || capped(&after, name) {
                continue;
            }
            let (x, y) = (width(&before, name), width(&after, name));
            prop_assert!(y <= x + 1e-9, "{:?}'s interval widened from {} to {}: {:?} then {:?}", name, x, y, before.network.components.iter().find(|c| c.name == name), after.network.components.iter().find(|c| c.name == name));
        }
        for m in &before.contacts {
            let n = after.contacts.iter().find(|n| n.contact == m.contact).unwrap();
            for (a, b) in [(m.my_questions.interval, n.my_questions.interval), (m.their_questions.interval, n.their_questions.interval)] {
                if let (Some([a0, a1]), Some([b0, b1])) = (a, b) {
                    prop_assert!(b1 - b0 <= a1 - a0 + 1e-12, "a tie's rate widened from {:?} to {:?}", a, b);
                }
            }
        }
    }

    /// "Why it moved" announces a move only out of the noise: a move is marked within the noise
    /// exactly when the component's score at the start lies within its interval at the end, and
    /// then says so; a band change is announced only when the start lies outside the end's interval.
    #[test]
    fn moves_inside_the_noise_are_not_announced(h in history(), day in 0..SPAN_DAYS, gap in 1..400i64) {
        let s = ModelSettings::default();
        let w = why(&h, T0 + day * D, T0 + (day + gap) * D, &s);
        for m in &w.moves {
            let before = w.from.components.iter().find(|c| c.name == m.component).and_then(|c| c.score).unwrap();
            let after = w.to.components.iter().find(|c| c.name == m.component).unwrap();
            let inside = after.interval[0] <= before && before <= after.interval[1];
            prop_assert_eq!(m.within_noise, inside);
            prop_assert_eq!(m.text.contains("within the noise"), inside, "{}", m.text);
        }
        // Moves out of the noise come first.
        prop_assert!(w.moves.windows(2).all(|p| !p[0].within_noise || p[1].within_noise));
        if w.band_moved {
            prop_assert!(w.from.band != w.to.band);
            prop_assert!(w.from.index < w.to.interval[0] || w.from.index > w.to.interval[1]);
        }
    }
}

/// Two indexes agree to within floating-point noise, component by component.
fn same_index(a: &NetworkIndex, b: &NetworkIndex) -> Result<(), String> {
    let close = |x: f64, y: f64| (x - y).abs() <= 1e-6 * (1.0 + x.abs().max(y.abs()));
    if a.at != b.at || !close(a.index, b.index) || a.layer_counts != b.layer_counts || a.active_ties != b.active_ties {
        return Err(format!("{a:?}\n  vs\n{b:?}"));
    }
    for (x, y) in a.components.iter().zip(&b.components) {
        let same = match (x.score, y.score) {
            (Some(p), Some(q)) => close(p, q),
            (None, None) => true,
            _ => false,
        };
        if x.name != y.name || !same || x.detail != y.detail {
            return Err(format!("{x:?}\n  vs\n{y:?}"));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn the_weekly_series_equals_a_recompute_from_scratch_at_every_date(h in history(), extra_days in 0..200i64) {
        let s = ModelSettings::default();
        let until = T0 + (SPAN_DAYS + extra_days) * D;
        let series = weekly_series(&h, until, &s);
        for point in &series {
            let fresh = report(&h, point.at, &s).network;
            if let Err(e) = same_index(point, &fresh) {
                return Err(TestCaseError::fail(e));
            }
        }
        if let Some(first) = h.first_event() {
            prop_assert_eq!(series.len() as i64, (until - first) / (7 * D) + 1);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn live_measures_after_logging_equal_a_recompute_from_scratch(
        h in history(),
        removed in proptest::collection::vec(any::<prop::sample::Index>(), 1..6),
        with_value in any::<bool>(),
        with_question in any::<bool>(),
        day in 0..SPAN_DAYS + 100,
    ) {
        let s = ModelSettings::default();
        let at = T0 + day * D;
        prop_assume!(!h.interactions.is_empty());
        // Take some interactions out; log them back one by one, each with or without a value
        // item and a question (an interaction alone leaves the index's value and question parts
        // to the live measures' cache), while the same facts go straight into the full history.
        let mut base = h.clone();
        let mut picks: Vec<usize> = removed.iter().map(|i| i.index(base.interactions.len())).collect();
        picks.sort();
        picks.dedup();
        let taken: Vec<Touch> = picks.iter().rev().map(|&i| base.interactions.remove(i)).collect();
        let mut full = base.clone();
        let mut live = LiveMeasures::new(base, at, &s);
        for (k, t) in taken.into_iter().enumerate() {
            let first = t.participants[0];
            let values = if with_value {
                vec![ValueFact { contact: first, direction: Direction::Given, kind: ValueKind::Help, weight: None, at: t.at, interaction: None }]
            } else {
                vec![]
            };
            let questions: Vec<QuestionFact> = with_question
                .then(|| QuestionFact {
                    id: QuestionId(10_000 + k as i64),
                    contact: first,
                    asked_by: Party::Them,
                    text: "?".into(),
                    asked_at: t.at,
                    answered_at: None,
                    asked_in: None,
                })
                .into_iter()
                .collect();
            full.interactions.push(t.clone());
            full.value_items.extend(values.clone());
            full.questions.extend(questions.clone());
            full.sort();
            live.log(t, values, questions);
        }
        let fresh = report(&full, at, &s);
        let incremental = live.report();
        prop_assert_eq!(
            serde_json::to_string(&incremental).unwrap(),
            serde_json::to_string(&fresh).unwrap()
        );
    }
}

/// `h` with each of `edits` (contact, fact, new value) made at `when` plus a second per edit, as
/// the store records them: the first change of a fact also keeps what held before it.
fn with_fact_edits(h: &History, edits: &[(prop::sample::Index, bool, Option<u32>)], when: Secs) -> History {
    let mut edited = h.clone();
    for (k, (who, closeness, value)) in edits.iter().enumerate() {
        let n = edited.contacts.len();
        let c = &mut edited.contacts[who.index(n)];
        let (fact, value, held) = if *closeness {
            (ContactFact::Closeness, value.map(|v| v % 5 + 1), c.closeness.map(u32::from))
        } else {
            (ContactFact::CadenceDays, *value, c.cadence_days)
        };
        if !c.changes.iter().any(|x| x.fact == fact) {
            c.changes.insert(0, FactChange { fact, value: held, since: None });
        }
        c.changes.push(FactChange { fact, value, since: Some(when + k as i64) });
        match fact {
            ContactFact::Closeness => c.closeness = value.map(|v| v as u8),
            ContactFact::CadenceDays => c.cadence_days = value,
        }
    }
    edited
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_measure_at_a_past_date_ignores_later_fact_edits(
        h in history(),
        day in 0..SPAN_DAYS,
        later in 0..400i64,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<bool>(), proptest::option::of(1u32..400)), 1..4),
    ) {
        let s = ModelSettings::default();
        let at = T0 + day * D;
        let edited = with_fact_edits(&h, &edits, at + 1 + later * D);
        prop_assert_eq!(report(&h, at, &s), report(&edited, at, &s));
    }

    #[test]
    fn the_weekly_series_follows_fact_edits_as_a_recompute_does(
        h in history(),
        day in 0..SPAN_DAYS,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<bool>(), proptest::option::of(1u32..400)), 1..4),
    ) {
        let s = ModelSettings::default();
        let edited = with_fact_edits(&h, &edits, T0 + day * D);
        let dates: Vec<Secs> = (0..SPAN_DAYS / 30).map(|k| T0 + k * 30 * D).collect();
        for c in edited.contacts.iter().filter(|c| !c.archived) {
            let walked = rapport_core::measures::series::contact_strength_at(&edited, c.id, &dates, &s).unwrap();
            for (strength, &at) in walked.iter().zip(&dates) {
                let fresh = contact_measures(&edited, c.id, at, &s).unwrap().strength;
                prop_assert!((strength - fresh).abs() <= 1e-6 * (1.0 + fresh), "{}: {strength} walked, {fresh} recomputed", c.name);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Defect 10: more history never lowers a tie. Touches added before the tie's first one
    /// (an import of older messages, calls or meetings) lower neither intimacy nor strength.
    #[test]
    fn older_touches_never_lower_intimacy_or_strength(
        h in history(),
        who in any::<prop::sample::Index>(),
        older in proptest::collection::vec((1..400 * D, channel(), party(), proptest::option::of(0u32..600), any::<bool>()), 1..30),
        day in 0..SPAN_DAYS + 200,
    ) {
        let s = ModelSettings::default();
        let at = T0 + day * D;
        let picked = &h.contacts[who.index(h.contacts.len())];
        prop_assume!(!picked.archived);
        let contact = picked.id;
        let first = h.interactions.iter().find(|t| t.participants.contains(&contact)).map_or(at, |t| t.at);
        let mut more = h.clone();
        for (k, (before, channel, by, duration, with_another)) in older.into_iter().enumerate() {
            let mut participants = vec![contact];
            if with_another {
                participants.extend(h.contacts.iter().map(|c| c.id).find(|c| *c != contact));
            }
            more.interactions.push(Touch {
                id: InteractionId(10_000 + k as i64),
                at: first - before,
                channel,
                initiated_by: by,
                duration_min: duration,
                participants,
                offset_min: 0,
                initiator: None,
                in_reply_to: None,
            });
        }
        more.sort();
        let (a, b) = (contact_measures(&h, contact, at, &s).unwrap(), contact_measures(&more, contact, at, &s).unwrap());
        prop_assert!(b.strength_parts.intimacy >= a.strength_parts.intimacy - 1e-9,
            "intimacy fell from {} to {}", a.strength_parts.intimacy, b.strength_parts.intimacy);
        prop_assert!(b.strength >= a.strength - 1e-9, "strength fell from {} to {}", a.strength, b.strength);
    }
}
