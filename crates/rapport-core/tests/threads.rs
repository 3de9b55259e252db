//! Who started a group interaction, and which earlier interaction one replies to (issue 13,
//! defect 5 and "threads and turns"): the store keeps both, refuses a link that breaks the rules
//! without writing anything, lets an edit change them, and the exports carry them.

use chrono::{DateTime, FixedOffset, TimeZone};
use rapport_core::import::{self, ImportOptions};
use rapport_core::store::InteractionEdit;
use rapport_core::*;

fn at(day: u32, hour: u32) -> DateTime<FixedOffset> {
    FixedOffset::east_opt(3600).unwrap().with_ymd_and_hms(2026, 3, day, hour, 0, 0).unwrap()
}

fn person(s: &mut Store, name: &str) -> ContactId {
    s.add_contact(&ContactFields::named(name)).unwrap().id
}

fn message(with: &[ContactId], when: DateTime<FixedOffset>, by: Party) -> NewInteraction {
    NewInteraction::new(when, Channel::Message, by, with.to_vec())
}

/// Every interaction row, as text.
fn interactions(s: &Store) -> Vec<String> {
    let mut stmt = s.connection().prepare("SELECT * FROM interactions ORDER BY id").unwrap();
    let width = stmt.column_count();
    let mut rows = stmt.query([]).unwrap();
    let mut out = Vec::new();
    while let Some(r) = rows.next().unwrap() {
        out.push(
            (0..width)
                .map(|c| format!("{:?}", r.get::<_, rusqlite::types::Value>(c).unwrap()))
                .collect::<Vec<_>>()
                .join(" | "),
        );
    }
    out
}

/// The reason's key of a refusal, after checking that nothing was written.
fn refused(s: &mut Store, new: &NewInteraction) -> (&'static str, &'static str) {
    let before = interactions(s);
    let e = s.log_interaction(new).expect_err("refused");
    assert_eq!(interactions(s), before, "nothing written");
    match e {
        Error::Invalid { field, reason } => (field, reason.key()),
        other => panic!("not a refusal naming a field: {other:?}"),
    }
}

#[test]
fn a_group_interaction_keeps_which_participant_started_it() {
    let mut s = Store::open_in_memory().unwrap();
    let (bob, cat) = (person(&mut s, "Bob"), person(&mut s, "Cat"));
    let new = NewInteraction { initiator: Some(cat), ..message(&[bob, cat], at(1, 9), Party::Them) };
    let logged = s.log_interaction(&new).unwrap();
    assert_eq!((logged.initiated_by, logged.initiator), (Party::Them, Some(cat)));
    assert_eq!(s.history().unwrap().interactions[0].initiator, Some(cat));

    // With one participant, "them" already says who: nothing more is kept.
    let alone = NewInteraction { initiator: Some(bob), ..message(&[bob], at(2, 9), Party::Them) };
    assert_eq!(s.log_interaction(&alone).unwrap().initiator, None);
}

#[test]
fn an_initiator_who_is_not_a_participant_or_contradicts_me_is_refused() {
    let mut s = Store::open_in_memory().unwrap();
    let (bob, cat, dan) = (person(&mut s, "Bob"), person(&mut s, "Cat"), person(&mut s, "Dan"));
    let stranger = NewInteraction { initiator: Some(dan), ..message(&[bob, cat], at(1, 9), Party::Them) };
    assert_eq!(refused(&mut s, &stranger), ("initiator", "initiator_not_participant"));
    let mine = NewInteraction { initiator: Some(cat), ..message(&[bob, cat], at(1, 9), Party::Me) };
    assert_eq!(refused(&mut s, &mine), ("initiator", "initiator_but_me"));
}

#[test]
fn a_reply_link_must_point_back_in_time_to_someone_who_took_part() {
    let mut s = Store::open_in_memory().unwrap();
    let (bob, cat) = (person(&mut s, "Bob"), person(&mut s, "Cat"));
    let first = s.log_interaction(&message(&[bob], at(2, 9), Party::Me)).unwrap();

    let nowhere = NewInteraction { in_reply_to: Some(InteractionId(99)), ..message(&[bob], at(3, 9), Party::Them) };
    assert_eq!(refused(&mut s, &nowhere), ("in_reply_to", "reply_to_unknown"));
    let earlier = NewInteraction { in_reply_to: Some(first.id), ..message(&[bob], at(1, 9), Party::Them) };
    assert_eq!(refused(&mut s, &earlier), ("in_reply_to", "reply_to_later"));
    let elsewhere = NewInteraction { in_reply_to: Some(first.id), ..message(&[cat], at(3, 9), Party::Them) };
    assert_eq!(refused(&mut s, &elsewhere), ("in_reply_to", "reply_not_shared"));

    // At the same instant, logged after: a reply.
    let same = NewInteraction { in_reply_to: Some(first.id), ..message(&[bob, cat], at(2, 9), Party::Them) };
    let reply = s.log_interaction(&NewInteraction { initiator: Some(bob), ..same }).unwrap();
    assert_eq!(reply.in_reply_to, Some(first.id));
    let history = s.history().unwrap();
    assert_eq!(history.interactions.iter().find(|t| t.id == reply.id).unwrap().in_reply_to, Some(first.id));
    let listed = s.list_interactions(&InteractionQuery::default()).unwrap();
    assert_eq!((listed[0].id, listed[0].in_reply_to, listed[0].initiator), (reply.id, Some(first.id), Some(bob)));
}

#[test]
fn an_edit_changes_the_initiator_and_the_reply_link_within_the_rules() {
    let mut s = Store::open_in_memory().unwrap();
    let (bob, cat) = (person(&mut s, "Bob"), person(&mut s, "Cat"));
    let first = s.log_interaction(&message(&[bob, cat], at(1, 9), Party::Me)).unwrap();
    let second = s.log_interaction(&message(&[bob, cat], at(2, 9), Party::Them)).unwrap();

    // Naming who started it says "them"; the link goes back to the first message.
    let edit = InteractionEdit { initiator: Some(Some(cat)), in_reply_to: Some(Some(first.id)), ..Default::default() };
    let (edited, _) = s.edit_interaction(second.id, &edit).unwrap();
    assert_eq!((edited.initiated_by, edited.initiator, edited.in_reply_to), (Party::Them, Some(cat), Some(first.id)));

    let before = interactions(&s);
    let key = |e: Error| match e {
        Error::Invalid { reason, .. } => reason.key(),
        other => panic!("{other:?}"),
    };
    // The first message cannot move after its reply, nor the reply link point forward.
    let late = InteractionEdit { at: Some(at(3, 9)), ..Default::default() };
    assert_eq!(key(s.edit_interaction(first.id, &late).unwrap_err()), "reply_would_precede");
    let forward = InteractionEdit { in_reply_to: Some(Some(second.id)), ..Default::default() };
    assert_eq!(key(s.edit_interaction(first.id, &forward).unwrap_err()), "reply_to_later");
    let itself = InteractionEdit { in_reply_to: Some(Some(second.id)), ..Default::default() };
    assert_eq!(key(s.edit_interaction(second.id, &itself).unwrap_err()), "reply_to_self");
    // Cat cannot leave while named as who started it.
    let without_cat = InteractionEdit { participants: Some(vec![bob]), ..Default::default() };
    assert_eq!(key(s.edit_interaction(second.id, &without_cat).unwrap_err()), "initiator_not_participant");
    assert_eq!(interactions(&s), before, "refused edits write nothing");

    // Saying I started it forgets who did; clearing the link unthreads it.
    let mine = InteractionEdit { initiated_by: Some(Party::Me), in_reply_to: Some(None), ..Default::default() };
    let (edited, _) = s.edit_interaction(second.id, &mine).unwrap();
    assert_eq!((edited.initiated_by, edited.initiator, edited.in_reply_to), (Party::Me, None, None));
}

#[test]
fn the_csv_export_shows_the_initiator_and_the_reply_link() {
    let mut s = Store::open_in_memory().unwrap();
    let (bob, cat) = (person(&mut s, "Bob"), person(&mut s, "Cat"));
    let first = s.log_interaction(&message(&[bob, cat], at(1, 9), Party::Me)).unwrap();
    let reply = NewInteraction {
        initiator: Some(cat),
        in_reply_to: Some(first.id),
        ..message(&[bob, cat], at(1, 12), Party::Them)
    };
    let reply = s.log_interaction(&reply).unwrap();
    let csv = s.export_csv().unwrap();
    let (_, bytes) = csv.iter().find(|(name, _)| *name == "interactions").unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    let mut lines = text.lines();
    assert!(lines.next().unwrap().ends_with(",initiator_id,in_reply_to"), "{text}");
    let row = lines.find(|l| l.starts_with(&format!("{},", reply.id))).unwrap();
    assert!(row.ends_with(&format!(",{},{}", cat, first.id)), "{row}");
}

/// Exports `s` and restores the document into an empty database.
fn restored(s: &Store) -> (Store, import::Preview, Vec<u8>) {
    let doc = serde_json::to_vec(&s.export().unwrap()).unwrap();
    let parsed = import::parse(&doc, "rapport.json", &ImportOptions::default(), &mut |_| true).unwrap();
    let mut restored = Store::open_in_memory().unwrap();
    let preview = import::apply(&mut restored, &parsed, &ImportOptions::default(), &mut |_| true).unwrap();
    (restored, preview, doc)
}

#[test]
fn the_json_export_restores_the_initiator_and_the_reply_link() {
    let mut s = Store::open_in_memory().unwrap();
    let (bob, cat) = (person(&mut s, "Bob"), person(&mut s, "Cat"));
    let first = s.log_interaction(&message(&[bob, cat], at(1, 9), Party::Me)).unwrap();
    let reply = NewInteraction {
        initiator: Some(cat),
        in_reply_to: Some(first.id),
        ..message(&[bob, cat], at(1, 12), Party::Them)
    };
    let reply = s.log_interaction(&reply).unwrap();
    let (restored, preview, doc) = restored(&s);
    assert!(preview.problems.is_empty(), "{:#?}", preview.problems);
    let again = restored.interaction(reply.id).unwrap();
    assert_eq!((again.initiator, again.in_reply_to), (Some(cat), Some(first.id)));
    assert_eq!(serde_json::to_vec(&restored.export().unwrap()).unwrap(), doc, "the same document again");
}

#[test]
fn a_json_link_that_breaks_the_rules_is_left_out_with_a_warning() {
    let mut s = Store::open_in_memory().unwrap();
    let (bob, cat) = (person(&mut s, "Bob"), person(&mut s, "Cat"));
    s.log_interaction(&message(&[bob], at(1, 9), Party::Me)).unwrap();
    s.log_interaction(&message(&[cat], at(2, 9), Party::Them)).unwrap();
    let mut doc = serde_json::to_value(s.export().unwrap()).unwrap();
    // Cat's message names Bob as who started it and replies to a message she was not part of.
    doc["interactions"][1]["initiator"] = serde_json::json!(bob.0);
    doc["interactions"][1]["in_reply_to"] = serde_json::json!(1);
    let bytes = serde_json::to_vec(&doc).unwrap();
    let parsed = import::parse(&bytes, "rapport.json", &ImportOptions::default(), &mut |_| true).unwrap();
    let mut restored = Store::open_in_memory().unwrap();
    let preview = import::apply(&mut restored, &parsed, &ImportOptions::default(), &mut |_| true).unwrap();
    let keys: Vec<String> = preview.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(keys.len(), 2, "{keys:#?}");
    assert!(keys[0].contains("is not a participant") && keys[0].contains("without this link"), "{keys:#?}");
    assert!(keys[1].contains("no participant in common"), "{keys:#?}");
    let cats = restored.list_interactions(&InteractionQuery { contact: Some(cat), ..Default::default() }).unwrap();
    assert_eq!((cats[0].initiator, cats[0].in_reply_to), (None, None), "the interaction kept, without the links");
}

#[test]
fn undoing_the_delete_of_a_message_links_its_reply_again() {
    let mut s = Store::open_in_memory().unwrap();
    let bob = person(&mut s, "Bob");
    let first = s.log_interaction(&message(&[bob], at(1, 9), Party::Me)).unwrap();
    let reply = NewInteraction { in_reply_to: Some(first.id), ..message(&[bob], at(1, 12), Party::Them) };
    let reply = s.log_interaction(&reply).unwrap();
    let before = interactions(&s);
    let deleted = s.delete_interaction(first.id).unwrap();
    assert_eq!(s.interaction(reply.id).unwrap().in_reply_to, None, "the link goes with what it pointed to");
    s.undo_delete(&deleted.snapshot).unwrap();
    assert_eq!(interactions(&s), before, "all as it was, the link included");
}
