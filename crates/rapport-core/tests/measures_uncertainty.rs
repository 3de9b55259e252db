//! Issue 13, uncertainty: every rate and component carries its count and its 80% interval, a
//! component with no data is a neutral prior (defect 11), and a band is only announced when the
//! index's interval is narrow enough (defect 13).

use rapport_core::measures::history::*;
use rapport_core::measures::*;
use rapport_core::*;
use serde_json::Value;

mod common;
use common::*;

fn touch_at(id: i64, at: Secs, channel: Channel, by: Party, with: &[i64]) -> Touch {
    Touch {
        id: InteractionId(id),
        at,
        channel,
        initiated_by: by,
        duration_min: None,
        participants: with.iter().map(|&c| ContactId(c)).collect(),
        offset_min: 0,
        initiator: None,
        in_reply_to: None,
    }
}

fn value(contact: i64, direction: Direction, at: Secs) -> ValueFact {
    ValueFact { contact: ContactId(contact), direction, kind: ValueKind::Help, weight: None, at, interaction: None }
}

fn question(id: i64, contact: i64, by: Party, asked_at: Secs, answered_at: Option<Secs>) -> QuestionFact {
    QuestionFact {
        id: QuestionId(id),
        contact: ContactId(contact),
        asked_by: by,
        text: format!("q{id}"),
        asked_at,
        answered_at,
        asked_in: None,
    }
}

/// A new user's first months: calls and messages with eight people, nothing else logged.
fn interactions_only() -> History {
    let mut h = History::default();
    let mut id = 0;
    for c in 1..=8 {
        h.contacts.push(facts(c));
        for k in 0..(10 - c) {
            id += 1;
            let by = if k % 2 == 0 { Party::Me } else { Party::Them };
            let channel = if k % 3 == 0 { Channel::Call } else { Channel::Message };
            h.interactions.push(touch_at(id, T0 + (k * 9 + c) * D, channel, by, &[c]));
        }
    }
    h.sort();
    h
}

fn json(r: &Report) -> Value {
    serde_json::to_value(r).unwrap()
}

fn component<'a>(r: &'a Value, name: &str) -> &'a Value {
    r["network"]["components"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap()
}

fn interval(v: &Value) -> (f64, f64) {
    let i = v["interval"].as_array().unwrap_or_else(|| panic!("no interval in {v}"));
    (i[0].as_f64().unwrap(), i[1].as_f64().unwrap())
}

/// Defect 11: logging one favour received cut the index by about 20% (Generosity went from "no
/// data", left out, to 0 with its weight back in). A component with no data is now a neutral
/// prior, and one item moves it as one item of evidence should: a help (kind weight 2) moves
/// Generosity from 83 to 56, the index by about 9%, less than half the old cut.
#[test]
fn logging_one_favour_received_no_longer_cuts_the_index_by_a_fifth() {
    let s = ModelSettings::default();
    let mut h = interactions_only();
    let at = T0 + 100 * D;
    let before = report(&h, at, &s).network.index;
    h.value_items.push(value(1, Direction::Received, T0 + 90 * D));
    h.sort();
    let after = report(&h, at, &s).network.index;
    let cut = 1.0 - after / before;
    assert!(cut < 0.10, "one favour received cut the index by {:.0}% ({before:.1} → {after:.1})", 100.0 * cut);
    assert!(after <= before, "a favour received without giving does not raise the index");
}

/// Defect 11: with no data a component is the neutral prior, counted at its weight, with the
/// prior's wide interval; n is 0.
#[test]
fn a_component_without_data_is_a_neutral_prior_with_a_wide_interval() {
    let s = ModelSettings::default();
    let r = json(&report(&interactions_only(), T0 + 100 * D, &s));
    let g = component(&r, "generosity");
    // The prior's mean share, ½, against the target share 0.6.
    assert!((g["score"].as_f64().unwrap() - 100.0 * 0.5 / 0.6).abs() < 1e-9, "{g}");
    assert_eq!(g["n"].as_f64(), Some(0.0));
    // Its interval is the prior's, 19.6%–80.4% of the share given, mapped the same way.
    let (lo, hi) = interval(g);
    assert!((lo - 100.0 * 0.195_800_105_659_091_72 / 0.6).abs() < 1e-6 && hi == 100.0, "{g}");
    assert!(g["contribution"].as_f64().unwrap() > 0.0);
    let f = component(&r, "follow_through");
    assert!((f["score"].as_f64().unwrap() - 50.0).abs() < 1e-9, "{f}");
    // Two priors, weighed 2:1, each at its ends: the prior's own 19.6–80.4.
    let (lo, hi) = interval(f);
    let spread = 100.0 * (0.5 - 0.195_800_105_659_091_72);
    assert!((lo - (50.0 - spread)).abs() < 1e-6 && (hi - (50.0 + spread)).abs() < 1e-6, "{f}");
}

/// Defect 13: 3 interactions with 2 people read "Fair — an ordinary to good network". Too early.
#[test]
fn three_interactions_with_two_people_are_too_early_to_say() {
    let s = ModelSettings::default();
    let mut h = History::default();
    h.contacts.push(facts(1));
    h.contacts.push(facts(2));
    h.interactions.push(touch_at(1, T0, Channel::InPerson, Party::Me, &[1]));
    h.interactions.push(touch_at(2, T0 + D, Channel::Message, Party::Them, &[2]));
    h.interactions.push(touch_at(3, T0 + D + 3600, Channel::Message, Party::Me, &[2]));
    h.value_items.push(value(1, Direction::Given, T0));
    h.questions.push(question(1, 2, Party::Them, T0 + D, Some(T0 + D + 3600)));
    h.sort();
    let r = json(&report(&h, T0 + 2 * D, &s));
    assert_eq!(r["network"]["band"], "too_early", "{}", r["network"]);
    let (lo, hi) = interval(&r["network"]);
    assert!(hi - lo > s.band_max_interval_width, "{lo}–{hi}");
}

/// The demo network, a year of an active networker's life, has enough evidence for its band.
#[test]
fn a_well_logged_network_has_its_band() {
    let s = ModelSettings::default();
    let (h, at) = demo_history();
    let r = report(&h, at, &s);
    let v = json(&r);
    assert_ne!(v["network"]["band"], "too_early", "{}", v["network"]);
    let (lo, hi) = interval(&v["network"]);
    assert!(lo <= r.network.index && r.network.index <= hi);
    assert!(hi - lo <= s.band_max_interval_width, "{lo}–{hi}");
}

/// A year of steady, generous networking: 30 ties, a call every fortnight with each, each side
/// calling in turn; favours both ways; a question each way every month, answered the next day; a
/// post a week drawing reactions.
fn demo_history() -> (History, Secs) {
    let mut h = History::default();
    let mut id = 0;
    for c in 1..=30 {
        h.contacts.push(facts(c));
        for k in 0..26 {
            id += 1;
            let by = if k % 2 == 0 { Party::Me } else { Party::Them };
            h.interactions.push(touch_at(id, T0 + (k * 14 + c % 14) * D, Channel::Call, by, &[c]));
        }
        for k in 0..6 {
            h.value_items.push(value(c, Direction::Given, T0 + (k * 60 + c) * D));
        }
        for k in 0..4 {
            h.value_items.push(value(c, Direction::Received, T0 + (k * 90 + c) * D));
        }
        for k in 0..12 {
            let asked = T0 + (k * 30 + c % 30) * D;
            h.questions.push(question(id * 100 + 2 * k, c, Party::Me, asked, Some(asked + D)));
            h.questions.push(question(id * 100 + 2 * k + 1, c, Party::Them, asked, Some(asked + D)));
        }
    }
    for k in 0..52 {
        let post = PostId(k);
        h.posts.push(PostFact { id: post, at: T0 + k * 7 * D });
        for c in 1..=(5 + k % 7) {
            h.reactions.push(ReactionFact {
                post,
                contact: Some(ContactId(c)),
                kind: ReactionKind::Like,
                count: 1,
                at: T0 + k * 7 * D + 3600,
                replied: false,
                replied_at: None,
            });
        }
    }
    h.sort();
    (h, T0 + 365 * D)
}

/// Every rate of a tie carries its count and interval, and the interval holds the rate.
#[test]
fn every_rate_of_a_tie_carries_its_count_and_interval() {
    let s = ModelSettings::default();
    let mut h = interactions_only();
    h.questions.push(question(1, 1, Party::Me, T0 + 10 * D, Some(T0 + 11 * D)));
    h.questions.push(question(2, 1, Party::Me, T0 + 20 * D, None));
    h.questions.push(question(3, 1, Party::Them, T0 + 30 * D, Some(T0 + 31 * D)));
    h.value_items.push(value(1, Direction::Given, T0 + 40 * D));
    h.value_items.push(value(1, Direction::Received, T0 + 41 * D));
    h.value_items.push(value(1, Direction::Given, T0 + 42 * D));
    h.sort();
    let r = json(&report(&h, T0 + 100 * D, &s));
    let c = r["contacts"].as_array().unwrap().iter().find(|c| c["contact"] == 1).unwrap();
    for (path, rate, n, interval) in [
        ("my_questions", "rate", "n", "interval"),
        ("their_questions", "rate", "n", "interval"),
        ("give_take", "balance", "n", "interval"),
        ("conversation", "answered_share", "answered_share_n", "answered_share_interval"),
    ] {
        let part = &c[path];
        let count = part[n].as_f64().unwrap_or_else(|| panic!("no {n} in {path}: {part}"));
        assert!(count > 0.0, "{path}: {part}");
        let x = part[rate].as_f64().unwrap();
        let bounds = part[interval].as_array().unwrap_or_else(|| panic!("no {interval} in {path}: {part}"));
        let (lo, hi) = (bounds[0].as_f64().unwrap(), bounds[1].as_f64().unwrap());
        assert!(lo <= x && x <= hi && hi - lo > 0.0, "{path}: {part}");
    }
    // 1 of my 2 questions answered (the other past its grace days): Beta(3, 3), whose 10% and
    // 90% quantiles are 0.24664 and 0.75336 (mpmath 1.3).
    let (lo, hi) = interval(&c["my_questions"]);
    assert_eq!(c["my_questions"]["n"].as_f64(), Some(2.0));
    assert!((lo - 0.246_636_453_288_466_6).abs() < 1e-9 && (hi - 0.753_363_546_711_533_4).abs() < 1e-9, "{lo} {hi}");
    // No posts: no reaction rate, no interval.
    assert!(c["reactions"]["interval"].is_null());
    assert_eq!(c["reactions"]["n"].as_f64(), Some(0.0));
}
