//! The measures' formulas, each checked on a case computed by hand (see docs/model.md).

use rapport_core::measures::contact::*;
use rapport_core::measures::explain::{name_list, Reason};
use rapport_core::measures::history::*;
use rapport_core::measures::network::Band;
use rapport_core::measures::*;
use rapport_core::*;

mod common;
use common::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-3
}

/// Touches with contact 1 alone, as moves of that tie's conversation.
fn moves<'a>(ts: &[&'a Touch]) -> Vec<Move<'a>> {
    ts.iter().filter_map(|t| Move::of(t, ContactId(1))).collect()
}

#[test]
fn a_long_dinner_for_two_guests_weighs_channel_times_depth_over_root_of_group() {
    let mut t = touch(1, 0, Channel::InPerson, Party::Me, &[1, 2]);
    t.duration_min = Some(90);
    // 1.0 × (1 + 0.25 × 1.5) / √2 = 0.97227
    assert!(close(touch_weight(&t, &ModelSettings::default()), 0.97227));
}

#[test]
fn one_coffee_a_half_life_ago_leaves_half_its_weight() {
    let s = ModelSettings::default();
    let t = touch(1, 0, Channel::InPerson, Party::Me, &[1]);
    let p = strength_parts(&facts(1), &[&t], &[], T0 + 60 * D, 60.0, &s);
    // volume 0.5 → 100 × (1 − e^(−0.5/6)) = 7.996
    assert!(close(p.intensity, 7.996), "{}", p.intensity);
    // fade over two half-lives of 60 days, 60 days on: 2^(−0.5) = 0.7071
    assert!(close(p.fade, std::f64::consts::FRAC_1_SQRT_2), "{}", p.fade);
    // duration: first and last contact the same day → 0
    assert_eq!(p.duration, 0.0);
    // intimacy: 1 rich one-to-one touch, at the last contact itself: 100 × (1 − e^(−1/3)) = 28.347
    assert!(close(p.intimacy, 28.347), "{}", p.intimacy);
}

#[test]
fn strength_is_the_weighted_mean_of_its_parts_with_silence_fading_the_lasting_ones() {
    let s = ModelSettings::default();
    let p = StrengthParts {
        intensity: 50.0,
        intimacy: 80.0,
        duration: 40.0,
        services: 10.0,
        fade: 0.5,
        half_life_days: 60.0,
    };
    // (0.35 × 80 × 0.5 + 0.30 × 50 + 0.20 × 40 × 0.5 + 0.15 × 10) / 1.0 = 14 + 15 + 4 + 1.5 = 34.5
    assert!(close(combine_strength(&p, &s), 34.5));
}

#[test]
fn the_half_life_stretches_to_the_ties_cadence_and_doubles_for_kin() {
    let s = ModelSettings::default();
    let mut f = facts(1);
    assert_eq!(half_life_days(&f, 0, &s), 90.0, "nothing said: the 50-layer's 90 days");
    f.closeness = Some(5);
    assert_eq!(half_life_days(&f, 0, &s), 60.0, "an innermost tie: the base 60 days");
    f.circle_cadence_days = Some(200);
    assert_eq!(half_life_days(&f, 0, &s), 200.0, "a circle's goal wins over closeness");
    f.cadence_days = Some(365);
    assert_eq!(half_life_days(&f, 0, &s), 365.0, "the contact's own goal wins over the circle's");
    f.is_kin = true;
    assert_eq!(half_life_days(&f, 0, &s), 730.0);
}

#[test]
fn a_ties_own_rhythm_is_the_median_gap_once_it_has_four_gaps() {
    let s = ModelSettings::default();
    let days = [0, 7, 14, 21, 30];
    let ts: Vec<Touch> =
        days.iter().enumerate().map(|(i, &d)| touch(i as i64, d, Channel::Call, Party::Me, &[1])).collect();
    let refs: Vec<&Touch> = ts.iter().collect();
    assert_eq!(own_rhythm_days(&refs, &s), Some(7.0), "gaps 7, 7, 7, 9 → median 7");
    assert_eq!(own_rhythm_days(&refs[..4], &s), None, "three gaps are not enough");
}

#[test]
fn cadence_status_compares_silence_with_the_expected_gap() {
    let s = ModelSettings::default();
    let mut f = facts(1);
    f.cadence_days = Some(30);
    let t = touch(1, 0, Channel::Call, Party::Me, &[1]);
    let at = |days: i64| cadence(&f, &[&t], None, T0 + days * D, &s);
    assert_eq!(at(10).status, CadenceStatus::OnTrack);
    assert!(close(at(40).ratio.unwrap(), 1.3333));
    assert_eq!(at(40).status, CadenceStatus::Due);
    assert_eq!(at(50).status, CadenceStatus::Overdue);
    assert_eq!(at(50).source, CadenceSource::Contact);
    assert_eq!(cadence(&f, &[], None, T0, &s).status, CadenceStatus::Never);
}

#[test]
fn initiative_is_their_reach_outs_minus_mine_over_all() {
    // Ten days apart, beyond the reply window: four turns.
    let ts: Vec<Touch> = [Party::Me, Party::Me, Party::Me, Party::Them]
        .iter()
        .enumerate()
        .map(|(i, &p)| touch(i as i64, 10 * i as i64, Channel::Message, p, &[1]))
        .collect();
    let refs: Vec<&Touch> = ts.iter().collect();
    let i = initiative(&turns_of(&moves(&refs), &ModelSettings::default()).0);
    assert_eq!((i.by_me, i.by_them), (3, 1));
    assert!(close(i.balance.unwrap(), -0.5));
}

#[test]
fn a_written_touch_is_an_exchange_only_when_answered_within_the_reply_window() {
    let s = ModelSettings::default();
    let ts = [
        touch(1, 0, Channel::Email, Party::Me, &[1]),   // answered on day 2
        touch(2, 2, Channel::Email, Party::Them, &[1]), // my next touch is 8 days later: not answered
        touch(3, 10, Channel::Email, Party::Me, &[1]),  // never answered
        touch(4, 20, Channel::Call, Party::Me, &[1]),   // spoken: two-way by nature
    ];
    let refs: Vec<&Touch> = ts.iter().collect();
    let c = conversation(&moves(&refs), T0 + 30 * D, &s);
    assert_eq!((c.touches, c.exchanges, c.my_touches, c.my_touches_answered), (4, 2, 3, 2));
    assert!(close(c.ratio.unwrap(), 0.5));
    assert!(close(c.answered_share.unwrap(), 2.0 / 3.0));
}

#[test]
fn give_take_weighs_each_kind_and_the_items_own_weight() {
    let s = ModelSettings::default();
    let v = |direction, kind, weight| ValueFact {
        contact: ContactId(1),
        direction,
        kind,
        weight,
        at: T0,
        interaction: None,
    };
    let items = [
        v(Direction::Given, ValueKind::Introduction, None), // 3
        v(Direction::Given, ValueKind::Advice, None),       // 1.5
        v(Direction::Received, ValueKind::Gift, Some(2.0)), // 1 × 2
    ];
    let g = give_take(items.iter(), &s);
    assert!(close(g.given, 4.5) && close(g.received, 2.0));
    assert!(close(g.balance.unwrap(), 4.5 / 6.5));
}

#[test]
fn follow_through_ignores_questions_still_in_their_grace_week() {
    let s = ModelSettings::default();
    let q = |id: i64, asked_day: i64, answered_day: Option<i64>| QuestionFact {
        id: QuestionId(id),
        contact: ContactId(1),
        asked_by: Party::Them,
        text: format!("q{id}"),
        asked_at: T0 + asked_day * D,
        answered_at: answered_day.map(|d| T0 + d * D),
        asked_in: None,
    };
    let qs = [q(1, 0, Some(1)), q(2, 0, Some(3)), q(3, 10, None), q(4, 18, None), q(5, 19, Some(25))];
    // At day 20: q5's answer is in the future, so it is open and in its grace week.
    let f = follow_through(qs.iter(), T0 + 20 * D, &s);
    assert_eq!((f.asked, f.answered, f.open.len()), (5, 2, 3));
    assert!(close(f.rate.unwrap(), 2.0 / 3.0), "answered 2 of 2 + 1 late open");
    assert_eq!(f.median_delay_days, Some(2.0));
    assert!(close(f.open[0].age_days, 10.0));
}

#[test]
fn an_open_question_decides_whose_turn_it_is_before_the_last_message() {
    let t_mine = touch(1, 5, Channel::Message, Party::Me, &[1]);
    let t_theirs = touch(2, 6, Channel::Message, Party::Them, &[1]);
    let t_call = touch(3, 7, Channel::Call, Party::Me, &[1]);
    let asked = |by| QuestionFact {
        id: QuestionId(1),
        contact: ContactId(1),
        asked_by: by,
        text: "?".into(),
        asked_at: T0 + 2 * D,
        answered_at: None,
        asked_in: None,
    };
    let (since, at) = (T0 - 365 * D, T0 + 10 * D);
    let s = ModelSettings::default();
    assert_eq!(turn(&moves(&[&t_mine]), &[], since, at, &s).whose, Some(Party::Them));
    assert_eq!(turn(&moves(&[&t_mine, &t_theirs]), &[], since, at, &s).whose, Some(Party::Me));
    let all = moves(&[&t_mine, &t_theirs, &t_call]);
    assert_eq!(turn(&all, &[], since, at, &s).reason, TurnReason::Settled);
    let theirs = asked(Party::Them);
    let t = turn(&all, &[&theirs], since, at, &s);
    assert_eq!((t.whose, t.since, t.reason), (Some(Party::Me), Some(T0 + 2 * D), TurnReason::TheirQuestion));
    // A question older than the window no longer decides the turn.
    let t = turn(&all, &[&theirs], T0 + 3 * D, at, &s);
    assert_eq!(t.reason, TurnReason::Settled);
}

#[test]
fn layers_follow_contact_frequency_and_the_index_has_six_components() {
    let mut h = History::default();
    // Contact k is in touch every `gap` days over the last year.
    for (id, gap) in [(1, 7), (2, 3), (3, 30), (4, 50), (5, 200)] {
        h.contacts.push(facts(id));
        let mut day = 0;
        while day < 365 {
            h.interactions.push(touch(id * 1000 + day, day, Channel::InPerson, Party::Me, &[id]));
            day += gap;
        }
    }
    h.contacts.push(facts(9)); // never seen: no layer
    h.sort();
    let r = report(&h, T0 + 365 * D, &ModelSettings::default());
    let layer_of = |id: i64| r.contacts.iter().find(|m| m.contact == ContactId(id)).unwrap().layer;
    // 53 and 122 contact days: weekly layer (27+); 13 days: monthly (7+); 8 days: monthly too;
    // 2 days: yearly (3 are needed for the few-months layer).
    // Layers by rank: 1 is the innermost (weekly, about 5 people), 4 the yearly one (about 150).
    assert_eq!(layer_of(1), Some(1));
    assert_eq!(layer_of(2), Some(1));
    assert_eq!(layer_of(3), Some(2));
    assert_eq!(layer_of(4), Some(2));
    assert_eq!(layer_of(5), Some(4));
    assert_eq!(layer_of(9), None);
    assert_eq!(r.network.layer_counts, [2, 2, 0, 1]);
    assert_eq!(r.network.components.len(), 6);
    // No value items, questions or posts: those components are their prior (no evidence, n = 0),
    // counted at their weight (docs/model.md, "Uncertainty").
    let priors: Vec<_> = r.network.components.iter().filter(|c| c.n == 0.0).map(|c| c.name).collect();
    assert_eq!(priors, vec![ComponentName::Generosity, ComponentName::FollowThrough, ComponentName::Reach]);
    assert!(r.network.components.iter().all(|c| c.score.is_some() && c.contribution > 0.0));
    let sum: f64 = r.network.components.iter().map(|c| c.contribution).sum();
    assert!(close(sum, r.network.index));
    // Depth: mean of the 15 strongest, empty seats count zero.
    let top: f64 = r.contacts.iter().take(15).map(|m| m.strength).sum();
    let depth = r.network.components.iter().find(|c| c.name == ComponentName::Depth).unwrap();
    assert!(close(depth.score.unwrap(), top / 15.0));
    // Breadth: √(5 / 150) × 100 = 18.257
    let breadth = r.network.components.iter().find(|c| c.name == ComponentName::Breadth).unwrap();
    assert!(close(breadth.score.unwrap(), 18.257));
}

#[test]
fn the_bands_read_like_grades() {
    assert_eq!(Band::of(39.9), Band::Weak);
    assert_eq!(Band::of(40.0), Band::Fair);
    assert_eq!(Band::of(60.0), Band::Strong);
}

#[test]
fn names_read_as_a_sentence() {
    let n = |v: &[&str]| name_list(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    assert_eq!(n(&["Ana"]), "Ana");
    assert_eq!(n(&["Ana", "Ben"]), "Ana and Ben");
    assert_eq!(n(&["Ana", "Ben", "Chloé"]), "Ana, Ben and Chloé");
    assert_eq!(n(&["Ana", "Ben", "Chloé", "D", "E"]), "Ana, Ben, Chloé and 2 others");
}

#[test]
fn why_names_the_people_behind_unanswered_questions() {
    let mut h = History::default();
    for id in 1..=3 {
        h.contacts.push(facts(id));
        h.interactions.push(touch(id, 0, Channel::Message, Party::Them, &[id]));
        h.questions.push(QuestionFact {
            id: QuestionId(id),
            contact: ContactId(id),
            asked_by: Party::Them,
            text: "?".into(),
            asked_at: T0 + D,
            answered_at: None,
            asked_in: None,
        });
    }
    h.contacts[0].name = "Ana".into();
    h.contacts[1].name = "Ben".into();
    h.contacts[2].name = "Chloé".into();
    h.sort();
    let w = why(&h, T0 + 2 * D, T0 + 20 * D, &ModelSettings::default());
    let ft = w.moves.iter().find(|m| m.component == ComponentName::FollowThrough).unwrap();
    assert!(ft.text.starts_with("Follow-through"), "{}", ft.text);
    assert!(ft.text.contains("3 questions from Ana, Ben and Chloé unanswered for more than 7 days"), "{}", ft.text);
    assert!(ft.points < 0.0);
    // The same reason as data, for the window to write in its own language. No question counted
    // at the start: both rates are the prior's ½; then mine falls, theirs stays.
    let Reason::Unanswered { late: 3, answered: 0, grace_days, mine, theirs } = ft.reason.clone() else {
        panic!("{:?}", ft.reason)
    };
    assert!(grace_days == 7.0 && mine < -10.0 && theirs == 0.0, "{:?}", ft.reason);
    assert_eq!(ft.contacts, vec![ContactId(1), ContactId(2), ContactId(3)]);
    let json = serde_json::to_value(&ft.reason).unwrap();
    assert_eq!(
        json,
        serde_json::json!({ "kind": "unanswered", "late": 3, "answered": 0, "grace_days": 7.0, "mine": mine, "theirs": 0.0 })
    );
}

#[test]
fn suggestions_list_what_i_owe_and_whom_i_only_broadcast_to() {
    let mut h = History::default();
    h.contacts.push(facts(1));
    h.contacts.push(facts(2));
    for k in 0..6 {
        h.interactions.push(touch(10 + k, k * 20, Channel::Email, Party::Me, &[2]));
    }
    h.interactions.push(touch(1, 100, Channel::Message, Party::Them, &[1]));
    h.questions.push(QuestionFact {
        id: QuestionId(7),
        contact: ContactId(1),
        asked_by: Party::Them,
        text: "Can you introduce me to Dana?".into(),
        asked_at: T0 + 100 * D,
        answered_at: None,
        asked_in: None,
    });
    h.sort();
    let sg = suggest(&h, T0 + 130 * D, &ModelSettings::default());
    assert_eq!(sg.questions_i_owe.len(), 1);
    assert!(close(sg.questions_i_owe[0].age_days, 30.0));
    assert_eq!(sg.only_broadcast.len(), 1);
    assert_eq!(sg.only_broadcast[0].contact, ContactId(2));
}

#[test]
fn model_settings_round_trip_through_the_store_and_refuse_nonsense() {
    let mut store = Store::open_in_memory().unwrap();
    assert_eq!(store.model_settings().unwrap(), ModelSettings::default());
    let mut s = ModelSettings::default();
    s.index_weights.reach = 0.5;
    store.set_model_settings(&s).unwrap();
    assert_eq!(store.model_settings().unwrap().index_weights.reach, 0.5);
    s.base_half_life_days = 0.0;
    assert!(store.set_model_settings(&s).unwrap_err().to_string().contains("base_half_life_days"));
    assert_eq!(store.model_settings().unwrap().base_half_life_days, 60.0);
}

#[test]
fn the_history_loaded_from_the_store_is_what_was_logged() {
    use chrono::{FixedOffset, TimeZone};
    let mut store = Store::open_in_memory().unwrap();
    let a = store.add_contact(&ContactFields::named("Ana")).unwrap().id;
    let at = FixedOffset::east_opt(3600).unwrap().with_ymd_and_hms(2026, 1, 5, 10, 0, 0).unwrap();
    let mut new = NewInteraction::new(at, Channel::Call, Party::Them, vec![a]);
    new.given.push(NewValueItem::of(ValueKind::Advice));
    new.questions.push(NewQuestion { asked_by: Party::Them, text: "Free on Friday?".into(), contact: None });
    store.log_interaction(&new).unwrap();
    let h = store.history().unwrap();
    assert_eq!(h.contacts.len(), 1);
    assert_eq!(h.interactions[0].at, at.timestamp());
    assert_eq!(h.interactions[0].participants, vec![a]);
    assert_eq!(h.value_items.len(), 1);
    assert_eq!(h.questions[0].answered_at, None);
}

#[test]
fn the_moves_of_why_add_up_to_the_change_of_the_index() {
    let mut h = History::default();
    for id in 1..=4 {
        h.contacts.push(facts(id));
        for k in 0..id * 3 {
            h.interactions.push(touch(
                id * 100 + k,
                k * 11,
                Channel::Email,
                if k % 2 == 0 { Party::Me } else { Party::Them },
                &[id],
            ));
        }
    }
    h.value_items.push(ValueFact {
        contact: ContactId(2),
        direction: Direction::Given,
        kind: ValueKind::Help,
        weight: None,
        at: T0 + 50 * D,
        interaction: None,
    });
    h.sort();
    let w = why(&h, T0 + 20 * D, T0 + 200 * D, &ModelSettings::default());
    let sum: f64 = w.moves.iter().map(|m| m.points).sum();
    assert!(close(sum, w.change), "{sum} vs {}", w.change);
    // Moves out of the noise first, then those within it; the largest first in each.
    assert!(
        w.moves.windows(2).all(|p| (p[0].within_noise, -p[0].points.abs()) <= (p[1].within_noise, -p[1].points.abs())),
        "largest move first"
    );
}

#[test]
fn a_component_without_data_at_either_date_moves_nothing() {
    let mut h = History::default();
    h.contacts.push(facts(1));
    for k in 0..10 {
        h.interactions.push(touch(k, k * 5, Channel::Call, Party::Me, &[1]));
    }
    h.sort();
    let w = why(&h, T0 + 10 * D, T0 + 90 * D, &ModelSettings::default());
    for quiet in [ComponentName::Generosity, ComponentName::FollowThrough, ComponentName::Reach] {
        assert_eq!(w.moves.iter().find(|m| m.component == quiet).unwrap().points, 0.0);
    }
    let sum: f64 = w.moves.iter().map(|m| m.points).sum();
    assert!(close(sum, w.change));
}
