//! The order in which a history was logged never changes a measure, except for what happened at
//! the very same instant, which is read in the order it was logged (issue 13, defect 12): the
//! same events, logged contact by contact or interaction by interaction in any order that keeps
//! same-instant events in their order, give the same report.

use chrono::{FixedOffset, TimeZone};
use proptest::prelude::*;
use rapport_core::measures::{report, ModelSettings};
use rapport_core::*;
use serde_json::Value;

const DAY: i64 = 86_400;

#[derive(Debug, Clone)]
struct Event {
    day: i64,
    minute: i64,
    second: i64,
    channel: Channel,
    by: Party,
    with: Vec<usize>,
    gave: Option<ValueKind>,
    question: Option<(Party, String)>,
    /// Index of a later event that answers this event's question.
    answered_by: Option<usize>,
}

fn events(contacts: usize) -> impl Strategy<Value = Vec<Event>> {
    let event = (
        0..60i64,
        // Few distinct instants, so that several events often share one.
        prop_oneof![Just(0i64), Just(600)],
        proptest::sample::select(Channel::ALL.to_vec()),
        prop_oneof![Just(Party::Me), Just(Party::Them)],
        proptest::collection::btree_set(0..contacts, 1..3),
        proptest::option::of(proptest::sample::select(ValueKind::ALL.to_vec())),
        proptest::option::of(prop_oneof![Just(Party::Me), Just(Party::Them)]),
        any::<prop::sample::Index>(),
    );
    proptest::collection::vec(event, 1..40).prop_map(|raw| {
        let mut evs: Vec<Event> = raw
            .into_iter()
            .map(|(day, minute, channel, by, with, gave, q, _)| Event {
                day,
                minute,
                second: 0,
                channel,
                by,
                with: with.into_iter().collect(),
                gave,
                question: q.map(|p| (p, "?".to_string())),
                answered_by: None,
            })
            .collect();
        evs.sort_by_key(|e| (e.day, e.minute));
        // A question is answered by the next later event that shares its first contact, if any.
        for i in 0..evs.len() {
            if evs[i].question.is_some() {
                let first = evs[i].with[0];
                let at = (evs[i].day, evs[i].minute);
                evs[i].answered_by =
                    (i + 1..evs.len()).find(|&j| (evs[j].day, evs[j].minute) > at && evs[j].with.contains(&first));
            }
        }
        evs
    })
}

fn load(names: &[String], evs: &[Event], contact_order: &[usize], event_order: &[usize]) -> Store {
    let mut s = Store::open_in_memory().unwrap();
    let mut ids = vec![ContactId(0); names.len()];
    for &c in contact_order {
        let mut f = ContactFields::named(names[c].clone());
        f.closeness = Some((c % 5) as u8 + 1);
        ids[c] = s.add_contact(&f).unwrap().id;
    }
    let t0 = FixedOffset::east_opt(3600).unwrap().with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
    let mut logged: Vec<Option<Interaction>> = vec![None; evs.len()];
    for &i in event_order {
        let e = &evs[i];
        let at = t0 + chrono::Duration::seconds(e.day * DAY + e.minute * 60 + e.second);
        let mut new = NewInteraction::new(at, e.channel, e.by, e.with.iter().map(|&c| ids[c]).collect());
        if let Some(k) = e.gave {
            new.given.push(NewValueItem::of(k));
        }
        if let Some((by, text)) = &e.question {
            new.questions.push(NewQuestion { asked_by: *by, text: text.clone(), contact: Some(ids[e.with[0]]) });
        }
        logged[i] = Some(s.log_interaction(&new).unwrap());
    }
    for &i in event_order {
        if let Some(j) = evs[i].answered_by {
            let q = logged[i].as_ref().unwrap().questions[0].id;
            s.answer_question(q, logged[j].as_ref().unwrap().id).unwrap();
        }
    }
    s
}

/// The report as JSON with ids removed (they depend on the order of insertion) and numbers
/// rounded (a sum in another order may differ in its last bits), contacts keyed by name.
fn comparable(s: &Store, at: i64) -> Value {
    let r = report(&s.history().unwrap(), at, &ModelSettings::default());
    let mut v = serde_json::to_value(&r).unwrap();
    fn scrub(v: &mut Value) {
        match v {
            Value::Object(map) => {
                map.remove("contact");
                map.remove("id");
                for x in map.values_mut() {
                    scrub(x);
                }
            }
            Value::Array(items) => items.iter_mut().for_each(scrub),
            Value::Number(n) => {
                if let Some(f) = n.as_f64() {
                    *v = serde_json::json!((f * 1e6).round() / 1e6);
                }
            }
            _ => {}
        }
    }
    scrub(&mut v);
    let mut contacts = v["contacts"].as_array().unwrap().clone();
    contacts.sort_by(|a, b| a["name"].as_str().cmp(&b["name"].as_str()));
    v["contacts"] = Value::Array(contacts);
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn the_order_in_which_history_was_logged_never_changes_a_result(
        evs in events(5),
        contact_shuffle in Just((0..5).collect::<Vec<usize>>()).prop_shuffle(),
        event_seed in any::<u64>(),
        at_day in 0..120i64,
    ) {
        let names: Vec<String> = ["Ana", "Ben", "Chloé", "Dan", "Emma"].iter().map(|s| s.to_string()).collect();
        let in_order: Vec<usize> = (0..evs.len()).collect();
        // A cheap deterministic shuffle of the events from the seed.
        let mut shuffled = in_order.clone();
        let mut x = event_seed | 1;
        for i in (1..shuffled.len()).rev() {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            shuffled.swap(i, (x % (i as u64 + 1)) as usize);
        }
        // Events of one instant keep their order among themselves: the slots the shuffle gave
        // that instant's events are refilled with them in their order.
        let instant = |i: usize| (evs[i].day, evs[i].minute);
        let mut by_instant: std::collections::BTreeMap<(i64, i64), Vec<usize>> = Default::default();
        for &i in &in_order {
            by_instant.entry(instant(i)).or_default().push(i);
        }
        let mut next: std::collections::BTreeMap<(i64, i64), usize> = Default::default();
        for slot in shuffled.iter_mut() {
            let key = instant(*slot);
            let k = next.entry(key).or_default();
            *slot = by_instant[&key][*k];
            *k += 1;
        }
        let a = load(&names, &evs, &[0, 1, 2, 3, 4], &in_order);
        let b = load(&names, &evs, &contact_shuffle, &shuffled);
        let at = FixedOffset::east_opt(3600).unwrap().with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap().timestamp() + at_day * DAY;
        prop_assert_eq!(comparable(&a, at), comparable(&b, at));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// What was logged at one instant reads as if each event came a second after the one logged
    /// before it: insertion order decides ties, in the conversation measures and the turn.
    #[test]
    fn insertion_order_decides_what_happened_at_one_instant(evs in events(3), at_day in 0..120i64) {
        let names: Vec<String> = ["Ana", "Ben", "Chloé"].iter().map(|s| s.to_string()).collect();
        let order: Vec<usize> = (0..evs.len()).collect();
        // The same events, each a second after the one logged before it at its instant.
        let mut spread = evs.clone();
        let mut seen: std::collections::HashMap<(i64, i64), i64> = Default::default();
        let mut seconds = vec![0i64; evs.len()];
        for (i, e) in evs.iter().enumerate() {
            let k = seen.entry((e.day, e.minute)).or_default();
            seconds[i] = *k;
            *k += 1;
        }
        let same = load(&names, &evs, &[0, 1, 2], &order);
        for (e, s) in spread.iter_mut().zip(&seconds) {
            // Minutes are 0 or 600 (ten hours): a few seconds never reach the next instant.
            e.second = *s;
        }
        let apart = load(&names, &spread, &[0, 1, 2], &order);
        let at = FixedOffset::east_opt(3600).unwrap().with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap().timestamp() + at_day * DAY + 3600;
        // Events fall on whole days or ten hours after: a reply window of seven and a half days
        // keeps its edge hours away from the seconds added.
        let s = ModelSettings { reply_window_days: 7.5, ..Default::default() };
        let (a, b) = (report(&same.history().unwrap(), at, &s), report(&apart.history().unwrap(), at, &s));
        for m in &a.contacts {
            let n = b.contacts.iter().find(|x| x.name == m.name).unwrap();
            prop_assert_eq!(m.conversation, n.conversation, "{}", m.name);
            prop_assert_eq!((m.initiative.by_me, m.initiative.by_them), (n.initiative.by_me, n.initiative.by_them));
            prop_assert_eq!((m.turn.whose, m.turn.reason), (n.turn.whose, n.turn.reason), "{}", m.name);
        }
    }
}
