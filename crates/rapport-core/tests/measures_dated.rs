//! Issue 13: measures read the days the user lived, the facts as they were at each date, and an
//! intimacy that more history cannot lower.

use rapport_core::measures::contact::*;
use rapport_core::measures::history::*;
use rapport_core::measures::series::contact_strength_at;
use rapport_core::measures::*;
use rapport_core::*;

mod common;
use common::*;

const H: i64 = 3_600;
const TOKYO: i32 = 540;

fn call(id: i64, at: Secs, offset_min: i32) -> Touch {
    Touch {
        id: InteractionId(id),
        at,
        channel: Channel::Call,
        initiated_by: Party::Me,
        duration_min: None,
        participants: vec![ContactId(1)],
        offset_min,
        initiator: None,
        in_reply_to: None,
    }
}

/// Defect 6: in Tokyo, calls at 08:00 and 10:00 on 1 March (23:00 on 28 February and 01:00 on
/// 1 March in UTC) and at 10:00 on 2 March were made on two days the user lived, not three: the
/// tie has two contact days in the year, the yearly layer (rank 4), not the few-months one (3
/// days, rank 3).
#[test]
fn three_calls_on_two_days_lived_in_tokyo_are_two_contact_days() {
    let march_1 = T0 + 59 * D; // 2026-03-01T00:00Z
    let mut h = History::default();
    h.contacts.push(facts(1));
    h.interactions.push(call(1, march_1 - H, TOKYO)); // 08:00 JST on 1 March
    h.interactions.push(call(2, march_1 + H, TOKYO)); // 10:00 JST on 1 March
    h.interactions.push(call(3, march_1 + D + H, TOKYO)); // 10:00 JST on 2 March
    h.sort();
    let refs: Vec<&Touch> = h.interactions.iter().collect();
    assert_eq!(contact_days(&refs), 2);
    let at = march_1 + 10 * D;
    let s = ModelSettings::default();
    let m = contact_measures(&h, ContactId(1), at, &s).unwrap();
    assert_eq!(m.layer, Some(4), "two lived days: the yearly layer");
    // The weekly series counts the same days: its layer counts match the report's.
    let series = rapport_core::measures::series::series_at(&h, &[at], &s);
    assert_eq!(series[0].layer_counts, report(&h, at, &s).network.layer_counts);
    let _ = contact_strength_at(&h, ContactId(1), &[at], &s);
}

/// Defect 6: a flight west can put a later touch on an earlier lived day; each day counts once.
#[test]
fn a_lived_day_met_again_after_a_flight_is_counted_once() {
    let mut h = History::default();
    h.contacts.push(facts(1));
    // 23:00 UTC on 1 January in London (1 January), 01:00 UTC in Paris (02:00 on 2 January),
    // 03:00 UTC in Los Angeles (19:00 on 1 January again).
    h.interactions.push(call(1, T0 + 23 * H, 0));
    h.interactions.push(call(2, T0 + 25 * H, 60));
    h.interactions.push(call(3, T0 + 27 * H, -480));
    h.sort();
    let refs: Vec<&Touch> = h.interactions.iter().collect();
    assert_eq!(contact_days(&refs), 2);
    let s = ModelSettings::default();
    let at = T0 + 5 * D;
    let series = rapport_core::measures::series::series_at(&h, &[at], &s);
    assert_eq!(series[0].layer_counts, report(&h, at, &s).network.layer_counts);
}

/// A monthly call since the start of 2026, with a contact who says nothing about the tie.
fn monthly_calls() -> History {
    let mut h = History::default();
    h.contacts.push(facts(1));
    for k in 0..12 {
        h.interactions.push(call(k + 1, T0 + k * 30 * D, 0));
    }
    h.sort();
    h
}

/// Defect 7: closeness and a keep-in-touch goal set today leave every measure of last month as
/// it was; from today on they count.
#[test]
fn a_closeness_or_goal_set_today_does_not_change_last_month() {
    let s = ModelSettings::default();
    let today = T0 + 340 * D;
    let last_month = today - 30 * D;
    let before = monthly_calls();
    let mut edited = before.clone();
    let c = &mut edited.contacts[0];
    c.closeness = Some(5);
    c.cadence_days = Some(7);
    for fact in [ContactFact::Closeness, ContactFact::CadenceDays] {
        c.changes.push(FactChange { fact, value: None, since: None });
    }
    c.changes.push(FactChange { fact: ContactFact::Closeness, value: Some(5), since: Some(today) });
    c.changes.push(FactChange { fact: ContactFact::CadenceDays, value: Some(7), since: Some(today) });
    edited.contacts[0].changes.sort_by_key(|c| c.since);

    assert_eq!(report(&before, last_month, &s), report(&edited, last_month, &s));
    let dates = [last_month - 60 * D, last_month];
    assert_eq!(
        contact_strength_at(&before, ContactId(1), &dates, &s),
        contact_strength_at(&edited, ContactId(1), &dates, &s),
        "the contact's chart"
    );
    // Today the new facts count: the goal sets the expected gap, closeness raises intimacy.
    let now_before = contact_measures(&before, ContactId(1), today, &s).unwrap();
    let now_edited = contact_measures(&edited, ContactId(1), today, &s).unwrap();
    assert_eq!(now_edited.cadence.source, CadenceSource::Contact);
    assert_eq!(now_edited.cadence.expected_days, 7.0);
    assert!(now_edited.strength_parts.intimacy > now_before.strength_parts.intimacy);
    // The weekly series follows the facts date by date, as a recompute does.
    let weeks: Vec<Secs> = (0..8).map(|k| last_month - 21 * D + k * 7 * D).collect();
    let series = contact_strength_at(&edited, ContactId(1), &weeks, &s).unwrap();
    for (at, strength) in weeks.iter().zip(series) {
        let fresh = contact_measures(&edited, ContactId(1), *at, &s).unwrap().strength;
        assert!((strength - fresh).abs() < 1e-9, "at day {}: {strength} vs {fresh}", (at - T0) / D);
    }
}

fn message(id: i64, at: Secs) -> Touch {
    Touch { channel: Channel::Message, ..call(id, at, 0) }
}

/// Defect 10, the case: a close friend seen every month; importing 30 older messages
/// with her (thinner touches, before everything logged) must not lower her intimacy or strength.
#[test]
fn older_thinner_touches_do_not_lower_intimacy() {
    let s = ModelSettings::default();
    let mut friend = History::default();
    friend.contacts.push(ContactFacts { closeness: Some(4), ..facts(1) });
    for k in 0..8 {
        friend.interactions.push(Touch { channel: Channel::InPerson, ..call(k + 1, T0 + 300 * D + k * 30 * D, 0) });
    }
    friend.sort();
    let mut imported = friend.clone();
    for k in 0..30 {
        imported.interactions.push(message(100 + k, T0 + k * 7 * D));
    }
    imported.sort();
    let at = T0 + 300 * D + 7 * 30 * D + 10 * D;
    let before = contact_measures(&friend, ContactId(1), at, &s).unwrap();
    let after = contact_measures(&imported, ContactId(1), at, &s).unwrap();
    assert!(
        after.strength_parts.intimacy >= before.strength_parts.intimacy,
        "intimacy fell from {} to {}",
        before.strength_parts.intimacy,
        after.strength_parts.intimacy
    );
    assert!(after.strength >= before.strength, "strength fell from {} to {}", before.strength, after.strength);
}

fn person(name: &str, closeness: Option<u8>, cadence_days: Option<u32>) -> ContactFields {
    ContactFields { display_name: name.into(), closeness, cadence_days, ..Default::default() }
}

fn timeline(store: &Store, id: ContactId) -> Vec<(ContactFact, Option<u32>, bool)> {
    let h = store.contact_history(id).unwrap();
    h.contacts[0].changes.iter().map(|c| (c.fact, c.value, c.since.is_some())).collect()
}

/// Defect 7 in the store: an edit of closeness or goal is dated (the first one also keeps what
/// held before); a merge keeps the kept contact's timeline; a delete takes it, undo brings it back.
#[test]
fn the_store_dates_each_change_of_closeness_or_goal() {
    let mut store = Store::open_in_memory().unwrap();
    let ana = store.add_contact(&person("Ana", Some(3), None)).unwrap().id;
    assert_eq!(timeline(&store, ana), vec![], "values given at creation held always");
    store.update_contact(ana, &person("Ana", Some(3), None)).unwrap();
    assert_eq!(timeline(&store, ana), vec![], "an edit that changes neither is no change");
    store.update_contact(ana, &person("Ana", Some(5), Some(14))).unwrap();
    let dated = vec![
        (ContactFact::Closeness, Some(3), false),
        (ContactFact::CadenceDays, None, false),
        (ContactFact::Closeness, Some(5), true),
        (ContactFact::CadenceDays, Some(14), true),
    ];
    let mut sorted = timeline(&store, ana);
    sorted.sort_by_key(|c| c.2);
    assert_eq!(sorted, dated);
    let facts = &store.contact_history(ana).unwrap().contacts[0];
    let since = facts.changes.iter().find_map(|c| c.since).unwrap();
    assert_eq!((facts.closeness_at(since - 1), facts.closeness_at(since)), (Some(3), Some(5)));
    assert_eq!((facts.cadence_days_at(since - 1), facts.cadence_days_at(since)), (None, Some(14)));

    let bob = store.add_contact(&person("Bob", Some(1), None)).unwrap().id;
    store.update_contact(bob, &person("Bob", Some(2), None)).unwrap();
    let before = timeline(&store, ana);
    let merge = store.merge_contacts(ana, bob).unwrap();
    assert_eq!(timeline(&store, ana), before, "the kept contact keeps their own facts");
    store.undo_merge(merge.id).unwrap();
    assert_eq!(timeline(&store, bob).len(), 2);

    let deleted = store.delete_contact(ana).unwrap();
    assert!(store.export().unwrap().contact_fact_changes.iter().all(|c| c.contact != ana));
    store.undo_delete(&deleted.snapshot).unwrap();
    assert_eq!(timeline(&store, ana), before, "undo brings the dated facts back");
}

/// Defect 6 in the calendar chart: the Tokyo calls fall on the days they were made, 1 March
/// (two) and 2 March (one), not on 28 February in UTC.
#[test]
fn the_calendar_chart_puts_each_interaction_on_the_day_lived() {
    let march_1 = T0 + 59 * D;
    let mut h = History::default();
    h.contacts.push(facts(1));
    h.interactions.push(call(1, march_1 - H, TOKYO));
    h.interactions.push(call(2, march_1 + H, TOKYO));
    h.interactions.push(call(3, march_1 + D + H, TOKYO));
    h.sort();
    let to = march_1 + 2 * D + 12 * H;
    let options = rapport_core::charts::ChartOptions::new(rapport_core::charts::ChartKind::Calendar, to);
    let rapport_core::charts::ChartData::Calendar(calendar) =
        rapport_core::charts::prepare(&h, &options, &ModelSettings::default()).unwrap()
    else {
        panic!("a calendar")
    };
    let day = |date: chrono::NaiveDate| calendar.days[(date - calendar.first_monday).num_days() as usize];
    let march = |d| chrono::NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
    assert_eq!((day(march(1) - chrono::Duration::days(1)), day(march(1)), day(march(2))), (0, 2, 1));
}

/// Intimacy's blend of the user's closeness and the observed rich contact is a setting
/// (`intimacy_closeness_share`, ½ by default): 1 is the closeness alone, 0 the history alone.
#[test]
fn the_share_of_closeness_in_intimacy_is_a_setting() {
    // Closeness 3 leaves the half-life where nothing said puts it (90 days), so that only the
    // blend differs between the two histories.
    let mut h = monthly_calls();
    h.contacts[0].closeness = Some(3);
    let at = T0 + 340 * D;
    let intimacy = |share: f64| {
        let s = ModelSettings { intimacy_closeness_share: share, ..ModelSettings::default() };
        contact_measures(&h, ContactId(1), at, &s).unwrap().strength_parts.intimacy
    };
    let mut unrated = h.clone();
    unrated.contacts[0].closeness = None;
    let observed =
        contact_measures(&unrated, ContactId(1), at, &ModelSettings::default()).unwrap().strength_parts.intimacy;
    assert_eq!(intimacy(1.0), 50.0);
    assert!((intimacy(0.0) - observed).abs() < 1e-9);
    assert!((intimacy(0.5) - (25.0 + 0.5 * observed)).abs() < 1e-9);
    let refused = ModelSettings { intimacy_closeness_share: 1.5, ..ModelSettings::default() }.validate().unwrap_err();
    assert!(refused.to_string().contains("intimacy_closeness_share"), "{refused}");
}

/// Defect 6 in the agenda: a catch-up is due on a day the user lives. With a weekly goal, the
/// last call at 08:00 on 1 March in Tokyo (23:00 on 28 February in UTC) is due on 8 March.
#[test]
fn a_catch_up_is_due_on_the_lived_day() {
    let march_1 = T0 + 59 * D;
    let mut h = History::default();
    h.contacts.push(ContactFacts { cadence_days: Some(7), ..facts(1) });
    h.interactions.push(call(1, march_1 - H, TOKYO));
    let at = march_1 + 9 * D;
    let m = contact_measures(&h, ContactId(1), at, &ModelSettings::default()).unwrap();
    let catch_ups = rapport_core::agenda::catch_ups([&m].into_iter(), at);
    assert_eq!(catch_ups[0].due_on, chrono::NaiveDate::from_ymd_opt(2026, 3, 8).unwrap());
    assert_eq!(m.cadence.due_on, Some(chrono::NaiveDate::from_ymd_opt(2026, 3, 8).unwrap()));
}
