//! `Store::history` reads the whole network with plain table scans merged in memory, while
//! `Store::contact_history` still joins in SQLite: each contact's part of the first must equal the
//! second, whatever order things were logged in.

use chrono::{DateTime, FixedOffset};
use rapport_core::measures::history::{History, QuestionFact, Touch};
use rapport_core::*;

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

fn log(store: &mut Store, when: &str, by: Party, with: &[ContactId]) -> Interaction {
    store.log_interaction(&NewInteraction::new(at(when), Channel::Message, by, with.to_vec())).unwrap()
}

/// Interactions logged out of time order (ids that do not follow time), group participants
/// named in no particular order, two interactions at one instant, value items and questions
/// asked and answered, and an interaction whose participants were all removed.
fn tangled_store(dir: &std::path::Path) -> (Store, Vec<ContactId>) {
    let mut store = Store::open(&dir.join("tangled.db")).unwrap();
    let ids: Vec<ContactId> =
        ["Ada", "Bob", "Cat"].iter().map(|n| store.add_contact(&ContactFields::named(*n)).unwrap().id).collect();
    let (ada, bob, cat) = (ids[0], ids[1], ids[2]);
    // The latest first.
    log(&mut store, "2026-03-10T09:00:00+09:00", Party::Me, &[cat, ada]);
    log(&mut store, "2026-03-01T12:00:00+00:00", Party::Them, &[bob]);
    let mut asked = NewInteraction::new(at("2026-02-01T08:00:00-05:00"), Channel::Call, Party::Me, vec![bob, ada]);
    asked.duration_min = Some(30);
    asked.questions.push(NewQuestion { asked_by: Party::Me, text: "How was the move?".into(), contact: None });
    asked.given.push(NewValueItem::of(ValueKind::Advice));
    let asked = store.log_interaction(&asked).unwrap();
    // Two at one instant, and an answer logged before them in time but after them in ids.
    log(&mut store, "2026-02-05T10:00:00+00:00", Party::Them, &[ada]);
    log(&mut store, "2026-02-05T10:00:00+00:00", Party::Me, &[ada]);
    let mut answer = NewInteraction::new(at("2026-02-03T18:00:00+00:00"), Channel::Message, Party::Them, vec![ada]);
    answer.answers = asked.questions.iter().filter(|q| q.contact == ada).map(|q| q.id).collect();
    answer.received.push(NewValueItem::of(ValueKind::Help));
    store.log_interaction(&answer).unwrap();
    log(&mut store, "2025-12-24T20:00:00+01:00", Party::Me, &[cat, bob, ada]);
    // An interaction nobody is left in (as a hand-edited database could hold).
    let orphan = log(&mut store, "2026-01-15T10:00:00+00:00", Party::Me, &[cat]);
    store
        .connection()
        .execute("DELETE FROM interaction_participants WHERE interaction_id = ?1", [orphan.id.0])
        .unwrap();
    (store, ids)
}

fn touches_of(h: &History, id: ContactId) -> Vec<String> {
    h.interactions.iter().filter(|t| t.participants.contains(&id)).map(|t: &Touch| format!("{t:?}")).collect()
}

fn questions_of(h: &History, id: ContactId) -> Vec<String> {
    h.questions.iter().filter(|q| q.contact == id).map(|q: &QuestionFact| format!("{q:?}")).collect()
}

#[test]
fn the_whole_history_holds_each_contacts_own_as_contact_history_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let (store, ids) = tangled_store(dir.path());
    let all = store.history().unwrap();

    // By time, then id; each interaction's participants sorted; the emptied one left out.
    let order: Vec<(i64, InteractionId)> = all.interactions.iter().map(|t| (t.at, t.id)).collect();
    assert!(order.is_sorted(), "{order:?}");
    assert_eq!(all.interactions.len(), 7);
    assert!(all.interactions.iter().all(|t| !t.participants.is_empty() && t.participants.is_sorted()));
    assert!(all.value_items.is_sorted_by_key(|v| v.at));
    assert!(all.questions.is_sorted_by_key(|q| (q.asked_at, q.id)));
    assert!(all.answered_in.is_sorted());

    for id in ids {
        let own = store.contact_history(id).unwrap();
        assert_eq!(touches_of(&all, id), touches_of(&own, id), "contact {id}");
        assert_eq!(questions_of(&all, id), questions_of(&own, id), "contact {id}");
        let values = |h: &History| -> Vec<String> {
            h.value_items.iter().filter(|v| v.contact == id).map(|v| format!("{v:?}")).collect()
        };
        assert_eq!(values(&all), values(&own), "contact {id}");
        for q in &own.questions {
            assert_eq!(all.answered_in(q.id), own.answered_in(q.id), "question {}", q.id);
        }
    }
    // The question Ada answered has its answer's time, earlier than later logged ones.
    let answered: Vec<&QuestionFact> = all.questions.iter().filter(|q| q.answered_at.is_some()).collect();
    assert_eq!(answered.len(), 1);
    assert_eq!(answered[0].answered_at, Some(at("2026-02-03T18:00:00+00:00").timestamp()));
}
