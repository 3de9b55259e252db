//! Issue 13: measures read the days the user lived, the facts as they were at each date, and an
//! intimacy that more history cannot lower.

use rapport_core::measures::contact::*;
use rapport_core::measures::history::*;
use rapport_core::measures::series::contact_strength_at;
use rapport_core::measures::*;
use rapport_core::*;

const D: i64 = 86_400;
const H: i64 = 3_600;
/// 2026-01-01T00:00:00Z: all cases count from here.
const T0: i64 = 1_767_225_600;
const TOKYO: i32 = 540;

fn facts(id: i64) -> ContactFacts {
    ContactFacts {
        id: ContactId(id),
        name: format!("C{id}"),
        is_kin: false,
        closeness: None,
        cadence_days: None,
        circle_cadence_days: None,
        met_at: None,
        archived: false,
    }
}

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
