//! Issue 13, "every constant a setting": each number the measures used to hard-code is a field
//! of `ModelSettings`; changing it changes the measure docs/model.md says it changes, and a
//! value out of its bound is refused naming the setting.

use rapport_core::measures::contact::*;
use rapport_core::measures::history::*;
use rapport_core::measures::*;
use rapport_core::*;

mod common;
use common::*;

fn question(id: i64, contact: i64, by: Party, day: i64, answered: Option<i64>) -> QuestionFact {
    QuestionFact {
        id: QuestionId(id),
        contact: ContactId(contact),
        asked_by: by,
        text: "?".into(),
        asked_at: T0 + day * D,
        answered_at: answered.map(|d| T0 + d * D),
        asked_in: None,
    }
}

fn value(contact: i64, direction: Direction, day: i64) -> ValueFact {
    ValueFact {
        contact: ContactId(contact),
        direction,
        kind: ValueKind::Help,
        weight: None,
        at: T0 + day * D,
        interaction: None,
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

fn component(r: &Report, name: ComponentName) -> f64 {
    r.network.components.iter().find(|c| c.name == name).and_then(|c| c.score).unwrap()
}

/// Intensity: a meeting's depth (per hour, up to a cap) and the group's root are settings.
#[test]
fn the_depth_bonus_and_the_group_root_are_settings() {
    let mut t = touch(1, 0, Channel::InPerson, Party::Me, &[1, 2]);
    t.duration_min = Some(90);
    let s = ModelSettings { depth_per_hour: 0.5, depth_max_hours: 1.0, group_size_exponent: 1.0, ..Default::default() };
    // 1.0 × (1 + 0.5 × min(1.5, 1)) / 2¹ = 0.75
    assert!(close(touch_weight(&t, &s), 0.75), "{}", touch_weight(&t, &s));
    // No group penalty at exponent 0: 1 × (1 + 0.25 × 1.5) = 1.375.
    let s = ModelSettings { group_size_exponent: 0.0, ..Default::default() };
    assert!(close(touch_weight(&t, &s), 1.375));
    // And so the tie's intensity: one such dinner today, V = 1.375 → 100 (1 − e^(−1.375/6)).
    let p = strength_parts(&facts(1), &[&t], &[], t.at, 90.0, &s);
    assert!(close(p.intensity, 100.0 * (1.0 - (-1.375f64 / 6.0).exp())), "{}", p.intensity);
}

/// Strength: the fade of silence and the span of a full duration are settings.
#[test]
fn the_fade_factor_and_the_full_duration_are_settings() {
    let a = touch(1, 0, Channel::Call, Party::Me, &[1]);
    let b = touch(2, 99, Channel::Call, Party::Them, &[1]);
    let s = ModelSettings { fade_half_life_factor: 1.0, duration_full_days: 99.0, ..Default::default() };
    let p = strength_parts(&facts(1), &[&a, &b], &[], T0 + 159 * D, 60.0, &s);
    // 60 days of silence with a fade half-life of 1 × 60 days: one half.
    assert!(close(p.fade, 0.5), "{}", p.fade);
    // 99 days of evidenced contact, full at 99: 100.
    assert!(close(p.duration, 100.0), "{}", p.duration);
    let d = ModelSettings::default();
    let p = strength_parts(&facts(1), &[&a, &b], &[], T0 + 159 * D, 60.0, &d);
    assert!(close(p.fade, 0.5f64.sqrt()));
    assert!(close(p.duration, 100.0 * 100f64.ln() / 3651f64.ln()));
}

/// Half-life: the layer a self-rated closeness implies, and the one assumed when nothing is
/// said, are settings.
#[test]
fn the_closeness_map_and_the_unstated_layer_set_the_half_life() {
    let mut f = facts(1);
    let s = ModelSettings { unstated_layer: 4, ..Default::default() };
    assert_eq!(half_life_days(&f, 0, &ModelSettings::default()), 90.0);
    assert_eq!(half_life_days(&f, 0, &s), 365.0, "nothing said: the yearly layer's cadence");
    f.closeness = Some(3);
    assert_eq!(half_life_days(&f, 0, &ModelSettings::default()), 90.0);
    let s = ModelSettings { closeness_layers: [4, 4, 4, 2, 1], ..Default::default() };
    assert_eq!(half_life_days(&f, 0, &s), 365.0, "closeness 3 mapped to the yearly layer");
}

/// Own rhythm: how many of the latest silences its median reads.
#[test]
fn the_number_of_silences_in_the_own_rhythm_is_a_setting() {
    // Conversations on days 0, 10, 20, 30, 40, then 140, 240: silences 10 ×4, then 100, 100.
    let ts: Vec<Touch> = [0, 10, 20, 30, 40, 140, 240]
        .iter()
        .enumerate()
        .map(|(i, &d)| touch(i as i64, d, Channel::Call, Party::Me, &[1]))
        .collect();
    let refs: Vec<&Touch> = ts.iter().collect();
    assert_eq!(own_rhythm_days(&refs, &ModelSettings::default()), Some(10.0), "median of 10,10,10,10,100,100");
    let s = ModelSettings { own_rhythm_max_gaps: 3, ..Default::default() };
    assert_eq!(own_rhythm_days(&refs, &s), Some(100.0), "median of the last three: 10, 100, 100");
}

/// Reciprocity: the tie's mix of balance and two-way share, and each tie's weight in the index.
#[test]
fn the_reciprocity_mix_and_tie_weight_are_settings() {
    let mut h = History::default();
    h.contacts.push(facts(1));
    h.contacts.push(facts(2));
    // Tie 1: four emails of mine, never answered: balance −1, two-way 0 → score 0.
    for k in 0..4 {
        h.interactions.push(touch(k, k, Channel::Email, Party::Me, &[1]));
    }
    // Tie 2: one call each way the same day: balance 0, two-way 1 → score 100.
    h.interactions.push(touch(10, 3, Channel::Call, Party::Me, &[2]));
    h.interactions.push(touch(11, 3, Channel::Call, Party::Them, &[2]));
    h.sort();
    let at = T0 + 3 * D;
    let d = ModelSettings::default();
    let r = report(&h, at, &d);
    let tie = |r: &Report, id: i64| r.contacts.iter().find(|m| m.contact == ContactId(id)).unwrap().reciprocity;
    // Each tie weighs √(its faded touches); the component is their weighted mean.
    let (e1, e2) = (tie(&r, 1).evidence, tie(&r, 2).evidence);
    let expected = 100.0 * e2.sqrt() / (e1.sqrt() + e2.sqrt());
    assert!(close(component(&r, ComponentName::Reciprocity), expected));
    let s = ModelSettings { reciprocity_tie_exponent: 1.0, ..Default::default() };
    let r = report(&h, at, &s);
    assert!(close(component(&r, ComponentName::Reciprocity), 100.0 * e2 / (e1 + e2)));

    // A tie where I always reach out but every touch is spoken: balance −1, two-way 1.
    let mut h = History::default();
    h.contacts.push(facts(1));
    h.interactions.push(touch(1, 0, Channel::Call, Party::Me, &[1]));
    let score = |s: &ModelSettings| contact_measures(&h, ContactId(1), T0, s).unwrap().reciprocity.score.unwrap();
    assert!(close(score(&d), 50.0));
    assert!(close(score(&ModelSettings { reciprocity_initiative_share: 0.8, ..Default::default() }), 20.0));
}

/// Breadth: the exponent of its diminishing returns.
#[test]
fn breadth_s_exponent_is_a_setting() {
    let mut h = History::default();
    for id in 1..=6 {
        h.contacts.push(facts(id));
        h.interactions.push(touch(id, id, Channel::Call, Party::Me, &[id]));
    }
    h.sort();
    let at = T0 + 10 * D;
    // 6 of 150: √0.04 = 0.2; with an exponent of 1, 0.04.
    assert!(close(component(&report(&h, at, &ModelSettings::default()), ComponentName::Breadth), 20.0));
    let s = ModelSettings { breadth_exponent: 1.0, ..Default::default() };
    assert!(close(component(&report(&h, at, &s), ComponentName::Breadth), 4.0));
}

/// Follow-through: how my answer rate and theirs are weighed (2:1 by default). However each
/// rate is estimated, the score is 100 (w_mine · a + w_theirs · b) / (w_mine + w_theirs).
#[test]
fn follow_through_s_weights_are_settings() {
    let mut h = History::default();
    h.contacts.push(facts(1));
    h.interactions.push(touch(1, 0, Channel::Call, Party::Me, &[1]));
    // Asked of me and answered; mine, left open past the grace week.
    h.questions.push(question(1, 1, Party::Them, 0, Some(0)));
    h.questions.push(question(2, 1, Party::Me, 0, None));
    h.sort();
    let at = T0 + 20 * D;
    let score = |mine: f64, theirs: f64| {
        let s = ModelSettings {
            follow_through_mine_weight: mine,
            follow_through_theirs_weight: theirs,
            ..Default::default()
        };
        component(&report(&h, at, &s), ComponentName::FollowThrough)
    };
    // My rate alone, then theirs from a mix: a, b.
    let a = score(1.0, 0.0) / 100.0;
    let b = (score(1.0, 9.0) / 100.0 * 10.0 - a) / 9.0;
    assert!(a > b + 0.1, "I answered, they did not: {a} vs {b}");
    assert!(close(score(2.0, 1.0), 100.0 * (2.0 * a + b) / 3.0));
    assert!(close(ModelSettings::default().follow_through_mine_weight, 2.0));
    assert!(close(
        component(&report(&h, at, &ModelSettings::default()), ComponentName::FollowThrough),
        score(2.0, 1.0)
    ));
    assert!(close(score(1.0, 3.0), 100.0 * (a + 3.0 * b) / 4.0));
    assert!(score(1.0, 3.0) < score(2.0, 1.0) - 5.0, "weighing their rate more lowers the score");
}

/// Suggestions: the cap on Reconnect's ratio, and the thresholds of "only take" and "only
/// broadcast".
#[test]
fn the_suggestions_thresholds_are_settings() {
    let mut h = History::default();
    h.contacts.push(facts(1));
    h.contacts.push(facts(2));
    // 1: a yearly call, silent for 3 years (ratio 3); two favours received, one given.
    h.interactions.push(touch(1, 0, Channel::Call, Party::Me, &[1]));
    // 2: four unanswered emails of mine in the last weeks.
    for k in 0..4 {
        h.interactions.push(touch(10 + k, 1090 + k, Channel::Email, Party::Me, &[2]));
    }
    h.value_items.push(value(1, Direction::Received, 1080));
    h.value_items.push(value(1, Direction::Received, 1081));
    h.value_items.push(value(1, Direction::Given, 1082));
    h.sort();
    let at = T0 + 1095 * D;
    let d = ModelSettings::default();
    let sg = suggest(&h, at, &d);
    let r = &sg.reconnect[0];
    assert_eq!(r.contact, ContactId(1));
    // Its ratio: 1095 days over the yearly layer's 365 = 3, under the cap of 5.
    assert!(close(r.score, r.strength_then * 3.0));
    let s = ModelSettings { reconnect_ratio_cap: 2.0, ..Default::default() };
    let r = &suggest(&h, at, &s).reconnect[0];
    assert!(close(r.score, r.strength_then * 2.0), "{r:?}");

    // Given a third of the value: not under 25%; under 40%.
    assert!(sg.only_take.is_empty());
    let s = ModelSettings { only_take_max_share: 0.4, ..Default::default() };
    assert_eq!(suggest(&h, at, &s).only_take.iter().map(|i| i.contact).collect::<Vec<_>>(), vec![ContactId(1)]);
    let s = ModelSettings { only_take_max_share: 0.4, only_take_min_received: 3, ..Default::default() };
    assert!(suggest(&h, at, &s).only_take.is_empty(), "two items received, three needed");

    // My unanswered emails to 2: however many turns of mine they make, fewer than five.
    let mine = contact_measures(&h, ContactId(2), at, &d).unwrap().conversation;
    assert!(mine.my_turns >= 1 && mine.my_turns < 5 && mine.my_turns_answered == 0, "{mine:?}");
    assert!(sg.only_broadcast.is_empty());
    let s = ModelSettings { only_broadcast_min_touches: mine.my_turns, ..Default::default() };
    let listed = suggest(&h, at, &s).only_broadcast;
    assert_eq!(listed.iter().map(|b| b.contact).collect::<Vec<_>>(), vec![ContactId(2)]);
    let s = ModelSettings {
        only_broadcast_min_touches: mine.my_turns,
        only_broadcast_max_answered: 0.0,
        ..Default::default()
    };
    assert!(suggest(&h, at, &s).only_broadcast.is_empty(), "none answered is not below 0%");
}

/// The dashboard: how far back "why it moved" looks, and when a turn of mine is quiet.
#[test]
fn the_dashboard_period_and_the_quiet_turn_are_settings() {
    let mut h = History::default();
    h.contacts.push(facts(1));
    // Their message 60 days before the date: my turn, not yet quiet at 90 days; quiet at 45.
    h.interactions.push(touch(1, 0, Channel::Message, Party::Them, &[1]));
    h.sort();
    let at = T0 + 60 * D;
    let d = dashboard(&h, at, &ModelSettings::default());
    assert_eq!(d.why.from.at, at - 30 * D);
    assert_eq!(d.suggestions.my_turn.len(), 1);
    let s = ModelSettings { why_days: 7, quiet_turn_days: 45, ..Default::default() };
    let d = dashboard(&h, at, &s);
    assert_eq!(d.why.from.at, at - 7 * D);
    assert!(d.suggestions.my_turn.is_empty(), "quiet for 60 days, over 45");
    assert!(!turn_is_quiet(Some(T0), at, &ModelSettings::default()));
    assert!(turn_is_quiet(Some(T0), at, &s));
}

/// Every new setting refuses a value out of its bound, naming it, through the JSON import (the
/// path `model set` and the window take too: both end in `validate`).
#[test]
fn each_new_setting_out_of_its_bound_is_refused_naming_it() {
    let cases: [(&str, serde_json::Value); 20] = [
        ("depth_per_hour", (-0.1).into()),
        ("depth_max_hours", 25.into()),
        ("group_size_exponent", 3.into()),
        ("fade_half_life_factor", 0.into()),
        ("duration_full_days", 40_000.into()),
        ("unstated_layer", 5.into()),
        ("own_rhythm_max_gaps", 0.into()),
        ("reciprocity_initiative_share", 1.5.into()),
        ("reciprocity_tie_exponent", (-1).into()),
        ("breadth_exponent", 0.into()),
        ("follow_through_mine_weight", 0.into()),
        ("follow_through_theirs_weight", 101.into()),
        ("reconnect_ratio_cap", 0.into()),
        ("only_take_min_received", 0.into()),
        ("only_take_max_share", 2.into()),
        ("only_broadcast_min_touches", 0.into()),
        ("only_broadcast_max_answered", (-0.5).into()),
        ("why_days", 0.into()),
        ("quiet_turn_days", 4000.into()),
        ("closeness_layers", serde_json::json!([4, 4, 3, 2, 0])),
    ];
    for (key, bad) in cases {
        let mut doc = serde_json::to_value(ModelSettings::default()).unwrap();
        doc[key] = bad.clone();
        let error = ModelSettings::from_imported(&doc).unwrap_err().to_string();
        let named = if key == "closeness_layers" { "closeness_layers.4".to_owned() } else { key.to_owned() };
        assert!(error.contains(&format!("{named} is ")), "{key} = {bad}: {error}");
    }
}

/// "Why it moved" says the grace days the model uses, not "a week" whatever they are.
#[test]
fn why_follow_through_moved_says_the_grace_days_of_the_model() {
    let mut h = History::default();
    h.contacts.push(facts(1));
    h.interactions.push(touch(1, 0, Channel::Call, Party::Them, &[1]));
    // Asked of me on day 10, answered on day 11: follow-through moves with my answer.
    h.questions.push(question(1, 1, Party::Them, 10, Some(11)));
    h.sort();
    let s = ModelSettings { question_grace_days: 3.0, ..Default::default() };
    let w = why(&h, T0 + 5 * D, T0 + 20 * D, &s);
    let moved = w.moves.iter().find(|m| m.component == ComponentName::FollowThrough).unwrap();
    assert!(moved.text.contains("went past 3 days unanswered"), "{}", moved.text);
}
