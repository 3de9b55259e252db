//! Correcting what was logged: editing interactions, value items and questions; deleting an
//! interaction, a contact, a value item, a question, a post or a reaction, and undoing it.

use chrono::{DateTime, FixedOffset, TimeZone};
use rapport_core::store::{InteractionEdit, QuestionChange, QuestionEdit, ValueItemChange, ValueItemEdit};
use rapport_core::*;

fn store() -> Store {
    Store::open_in_memory().unwrap()
}

fn at(day: u32, hour: u32) -> DateTime<FixedOffset> {
    FixedOffset::east_opt(3600).unwrap().with_ymd_and_hms(2026, 3, day, hour, 0, 0).unwrap()
}

fn person(s: &mut Store, name: &str) -> ContactId {
    s.add_contact(&ContactFields::named(name)).unwrap().id
}

fn talk(s: &mut Store, with: &[ContactId], when: DateTime<FixedOffset>) -> Interaction {
    s.log_interaction(&NewInteraction::new(when, Channel::Call, Party::Me, with.to_vec())).unwrap()
}

/// Every row of every table of the domain, as text: two equal dumps are the same data.
fn dump(s: &Store) -> Vec<String> {
    let tables = [
        "contacts",
        "contact_emails",
        "contact_phones",
        "contact_links",
        "circles",
        "contact_circles",
        "merges",
        "merge_moves",
        "interactions",
        "interaction_participants",
        "value_items",
        "questions",
        "posts",
        "reactions",
        "settings",
    ];
    let mut out = Vec::new();
    for t in tables {
        let mut stmt = s.connection().prepare(&format!("SELECT * FROM {t} ORDER BY 1, 2")).unwrap();
        let width = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let cells: Vec<String> =
                (0..width).map(|c| format!("{:?}", r.get::<_, rusqlite::types::Value>(c).unwrap())).collect();
            out.push(format!("{t}: {}", cells.join(" | ")));
        }
    }
    out
}

/// Ana and Ben: a call with Ana that asks a question (with a value item), a group dinner that
/// answers it, and a call with Ben alone.
fn network(s: &mut Store) -> (ContactId, ContactId, Interaction, Interaction, Interaction) {
    let a = person(s, "Ana");
    let b = person(s, "Ben");
    let mut ask = NewInteraction::new(at(3, 9), Channel::Call, Party::Me, vec![a]);
    ask.questions.push(NewQuestion { asked_by: Party::Them, text: "Can you read my draft?".into(), contact: None });
    ask.received.push(NewValueItem::of(ValueKind::Advice));
    let ask = s.log_interaction(&ask).unwrap();
    let mut dinner = NewInteraction::new(at(5, 20), Channel::InPerson, Party::Them, vec![a, b]);
    dinner.answers.push(ask.questions[0].id);
    dinner.given.push(NewValueItem { contact: Some(b), ..NewValueItem::of(ValueKind::Gift) });
    let dinner = s.log_interaction(&dinner).unwrap();
    let solo = talk(s, &[b], at(6, 9));
    (a, b, ask, dinner, solo)
}

#[test]
fn an_edit_changes_every_field_of_an_interaction_and_its_value_items_follow_its_time() {
    let mut s = store();
    let (a, b, ask, _, _) = network(&mut s);
    let edit = InteractionEdit {
        at: Some(at(4, 8)),
        channel: Some(Channel::Video),
        initiated_by: Some(Party::Them),
        participants: Some(vec![a, b]),
        duration_min: Some(Some(45)),
        summary: Some("  Draft of the grant  ".into()),
        value_items: vec![ValueItemChange {
            id: ask.value_items[0].id,
            edit: ValueItemEdit { note: Some("on the budget".into()), ..Default::default() },
        }],
        questions: vec![QuestionChange {
            id: ask.questions[0].id,
            edit: QuestionEdit { text: Some("Can you read the grant?".into()), ..Default::default() },
        }],
        initiator: None,
        in_reply_to: None,
        ..Default::default()
    };
    let (after, before) = s.edit_interaction(ask.id, &edit).unwrap();
    assert_eq!(after.value_items[0].note, "on the budget");
    assert_eq!(after.questions[0].text, "Can you read the grant?");
    assert_eq!(before, vec![a]);
    assert_eq!(after.at, at(4, 8));
    assert_eq!(after.channel, Channel::Video);
    assert_eq!(after.initiated_by, Party::Them);
    assert_eq!(after.duration_min, Some(45));
    assert_eq!(after.summary, "Draft of the grant");
    assert_eq!(after.participants.iter().map(|p| p.id).collect::<Vec<_>>(), vec![a, b]);
    assert_eq!(after.value_items[0].at, at(4, 8).with_timezone(&chrono::Utc));
    // Clearing the duration is an edit too; fields left out stay.
    let (cleared, _) =
        s.edit_interaction(ask.id, &InteractionEdit { duration_min: Some(None), ..Default::default() }).unwrap();
    assert_eq!(cleared.duration_min, None);
    assert_eq!(cleared.summary, "Draft of the grant");
}

#[test]
fn an_edit_that_breaks_a_rule_is_refused_and_writes_nothing() {
    let mut s = store();
    let (a, b, ask, dinner, solo) = network(&mut s);
    let before = dump(&s);
    let refuse = |s: &mut Store, id: InteractionId, edit: InteractionEdit| s.edit_interaction(id, &edit).unwrap_err();

    // The answer would come before its question.
    let e = refuse(&mut s, dinner.id, InteractionEdit { at: Some(at(2, 9)), ..Default::default() });
    assert!(e.to_string().contains("happened before question"), "{e}");
    let e = refuse(&mut s, ask.id, InteractionEdit { at: Some(at(6, 9)), ..Default::default() });
    assert!(e.to_string().contains("happened before question"), "{e}");
    // No participant left.
    let e = refuse(&mut s, solo.id, InteractionEdit { participants: Some(vec![]), ..Default::default() });
    assert_eq!(e.to_string(), "participants: an interaction needs at least one contact");
    // Ana's question and answer are in the dinner: she cannot leave it silently.
    let e = refuse(&mut s, dinner.id, InteractionEdit { participants: Some(vec![b]), ..Default::default() });
    assert!(e.to_string().contains(&format!("contact #{a} has value items or questions")), "{e}");
    // Unknown ids, and a summary with a NUL.
    assert_eq!(refuse(&mut s, InteractionId(999), InteractionEdit::default()).code(), "not_found");
    assert_eq!(
        refuse(&mut s, solo.id, InteractionEdit { participants: Some(vec![ContactId(999)]), ..Default::default() })
            .code(),
        "not_found"
    );
    let e = refuse(&mut s, solo.id, InteractionEdit { summary: Some("a\0b".into()), ..Default::default() });
    assert_eq!(e.code(), "invalid");
    let e = refuse(&mut s, solo.id, InteractionEdit { duration_min: Some(Some(20_000)), ..Default::default() });
    assert!(e.to_string().contains("limit is one week"), "{e}");
    // A value item or question of another interaction; a change that breaks its own rule, with
    // a valid summary beside it that must not be saved either.
    let other = ValueItemChange { id: ask.value_items[0].id, edit: ValueItemEdit::default() };
    let e = refuse(&mut s, solo.id, InteractionEdit { value_items: vec![other], ..Default::default() });
    assert_eq!(
        e.to_string(),
        format!("value_items: value item #{} is not part of this interaction", ask.value_items[0].id)
    );
    let blank =
        QuestionChange { id: ask.questions[0].id, edit: QuestionEdit { text: Some(" ".into()), ..Default::default() } };
    let e = refuse(
        &mut s,
        ask.id,
        InteractionEdit { summary: Some("Fine".into()), questions: vec![blank], ..Default::default() },
    );
    assert!(e.to_string().contains("a question needs its text"), "{e}");
    assert_eq!(dump(&s), before);
}

#[test]
fn deleting_an_interaction_and_undoing_it_gives_back_the_same_rows() {
    let mut s = store();
    let (a, b, _, dinner, _) = network(&mut s);
    let before = dump(&s);
    let deleted = s.delete_interaction(dinner.id).unwrap();
    assert_eq!(deleted.contacts, vec![a, b]);
    assert_eq!(deleted.removed.interactions, 1);
    assert_eq!(deleted.removed.value_items, 1);
    let q = deleted.snapshot.answers[0].0;
    assert_eq!(s.question(q).unwrap().answered_in, None, "the question it answered is open again");
    // The snapshot travels as JSON (the window keeps it) and comes back whole.
    let json = serde_json::to_string(&deleted.snapshot).unwrap();
    s.undo_delete(&serde_json::from_str(&json).unwrap()).unwrap();
    assert_eq!(dump(&s), before);
    assert_eq!(s.question(q).unwrap().answered_in, Some(dinner.id));
}

#[test]
fn an_undo_in_conflict_with_a_later_write_is_refused_and_writes_nothing() {
    let mut s = store();
    let (a, b, _, dinner, _) = network(&mut s);
    let deleted = s.delete_interaction(dinner.id).unwrap();
    // Ben was deleted meanwhile: the dinner cannot come back with him.
    s.delete_contact(b).unwrap();
    let before = dump(&s);
    let e = s.undo_delete(&deleted.snapshot).unwrap_err();
    assert!(e.to_string().contains("cannot be undone"), "{e}");
    assert_eq!(dump(&s), before);
    // The same id taken again by a new interaction.
    let mut s = store();
    let (_, _, _, _, solo) = network(&mut s);
    let deleted = s.delete_interaction(solo.id).unwrap();
    let again = talk(&mut s, &[a], at(7, 9));
    assert_eq!(again.id, solo.id, "SQLite gives the last id again");
    let before = dump(&s);
    assert!(s.undo_delete(&deleted.snapshot).is_err());
    assert_eq!(dump(&s), before);
}

#[test]
fn a_snapshot_that_does_not_fit_the_tables_is_refused() {
    let mut s = store();
    let (_, _, _, _, solo) = network(&mut s);
    let mut deleted = s.delete_interaction(solo.id).unwrap();
    deleted.snapshot.tables[0].rows[0].pop();
    let before = dump(&s);
    assert!(s.undo_delete(&deleted.snapshot).unwrap_err().to_string().contains("cannot be read"));
    assert_eq!(dump(&s), before);
}

#[test]
fn deleting_a_contact_says_first_what_goes_keeps_group_interactions_and_undoes_whole() {
    let mut s = store();
    let (a, b, _, dinner, _) = network(&mut s);
    s.update_contact(
        a,
        &ContactFields {
            emails: vec![Labeled::new("ana@example.org")],
            circles: vec!["Friends".into()],
            ..ContactFields::named("Ana")
        },
    )
    .unwrap();
    let before = dump(&s);
    let preview = s.preview_delete_contact(a).unwrap();
    assert_eq!(dump(&s), before, "a preview writes nothing");
    assert_eq!((preview.interactions, preview.questions, preview.shared_interactions), (1, 1, 1));
    let deleted = s.delete_contact(a).unwrap();
    assert_eq!(deleted.removed, preview, "the preview is what the delete removes");
    let left = s.interaction(dinner.id).unwrap();
    assert_eq!(left.participants.iter().map(|p| p.id).collect::<Vec<_>>(), vec![b], "the dinner stays with Ben");
    assert_eq!(left.value_items.len(), 1, "Ben's gift stays");
    assert_eq!(s.contact(a).unwrap_err().code(), "not_found");
    s.undo_delete(&deleted.snapshot).unwrap();
    assert_eq!(dump(&s), before);
    assert_eq!(s.contact(a).unwrap().fields.emails[0].value, "ana@example.org");
}

#[test]
fn deleting_a_contact_takes_the_contacts_merged_into_them_and_undo_puts_the_merge_back() {
    let mut s = store();
    let a = person(&mut s, "Ana");
    let twin = person(&mut s, "Ana L.");
    talk(&mut s, &[twin], at(2, 9));
    let merge = s.merge_contacts(a, twin).unwrap();
    let before = dump(&s);
    let deleted = s.delete_contact(a).unwrap();
    assert_eq!(deleted.removed.contacts, 2);
    assert_eq!(s.contact(twin).unwrap_err().code(), "not_found", "the merged twin does not reappear");
    s.undo_delete(&deleted.snapshot).unwrap();
    assert_eq!(dump(&s), before);
    s.undo_merge(merge.id).unwrap();
    assert_eq!(s.contact(twin).unwrap().fields.display_name, "Ana L.");
}

#[test]
fn deleting_a_contact_that_does_not_exist_is_refused() {
    let mut s = store();
    assert_eq!(s.delete_contact(ContactId(4)).unwrap_err().code(), "not_found");
    assert_eq!(s.preview_delete_contact(ContactId(4)).unwrap_err().code(), "not_found");
}

#[test]
fn value_items_and_questions_are_edited_deleted_and_undone() {
    let mut s = store();
    let (_, _, ask, _, _) = network(&mut s);
    let item = ask.value_items[0].id;
    let edited = s
        .edit_value_item(
            item,
            &ValueItemEdit {
                kind: Some(ValueKind::Help),
                weight: Some(Some(3.0)),
                note: Some(" grant ".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!((edited.kind, edited.weight, edited.note.as_str()), (ValueKind::Help, Some(3.0), "grant"));
    let before = dump(&s);
    assert!(s.edit_value_item(item, &ValueItemEdit { weight: Some(Some(0.0)), ..Default::default() }).is_err());
    assert_eq!(dump(&s), before);
    let deleted = s.delete_value_item(item).unwrap();
    assert_eq!(deleted.removed.value_items, 1);
    s.undo_delete(&deleted.snapshot).unwrap();
    assert_eq!(dump(&s), before);

    let q = ask.questions[0].id;
    assert_eq!(
        s.edit_question(q, &QuestionEdit { text: Some("Read the draft?".into()), ..Default::default() }).unwrap().text,
        "Read the draft?"
    );
    let before = dump(&s);
    assert!(s.edit_question(q, &QuestionEdit { text: Some("  ".into()), ..Default::default() }).is_err());
    assert_eq!(dump(&s), before);
    let deleted = s.delete_question(q).unwrap();
    assert_eq!(s.question(q).unwrap_err().code(), "not_found");
    s.undo_delete(&deleted.snapshot).unwrap();
    assert_eq!(dump(&s), before);
}

#[test]
fn posts_and_reactions_are_deleted_and_undone() {
    let mut s = store();
    let a = person(&mut s, "Ana");
    let post =
        s.add_post(&NewPost { platform: "Blog".into(), at: at(1, 9), title: "Hello".into(), url: None }).unwrap();
    let like = NewReaction {
        post: post.id,
        kind: ReactionKind::Like,
        contact: Some(a),
        count: 1,
        at: None,
        comment: None,
        replied: false,
    };
    let reaction = s.add_reaction(&like).unwrap();
    let before = dump(&s);
    let deleted = s.delete_reaction(reaction.id).unwrap();
    assert_eq!(deleted.contacts, vec![a]);
    s.undo_delete(&deleted.snapshot).unwrap();
    assert_eq!(dump(&s), before);
    let deleted = s.delete_post(post.id).unwrap();
    assert_eq!((deleted.removed.posts, deleted.removed.reactions), (1, 1));
    s.undo_delete(&deleted.snapshot).unwrap();
    assert_eq!(dump(&s), before);
    assert_eq!(s.delete_post(PostId(99)).unwrap_err().code(), "not_found");
}

#[test]
fn a_post_is_edited_and_a_time_after_its_reactions_is_refused() {
    use rapport_core::store::PostEdit;
    let mut s = store();
    let a = person(&mut s, "Ana");
    let post = s
        .add_post(&NewPost {
            platform: "Blog".into(),
            at: at(1, 9),
            title: "Helo".into(),
            url: Some("https://x.test".into()),
        })
        .unwrap();
    let reacted = Some(at(2, 9).with_timezone(&chrono::Utc));
    let like = NewReaction {
        post: post.id,
        kind: ReactionKind::Like,
        contact: Some(a),
        count: 1,
        at: reacted,
        comment: None,
        replied: false,
    };
    s.add_reaction(&like).unwrap();
    let edited = s
        .edit_post(post.id, &PostEdit { title: Some(" Hello ".into()), url: Some(None), ..Default::default() })
        .unwrap();
    assert_eq!((edited.title.as_str(), edited.url.as_deref(), edited.platform.as_str()), ("Hello", None, "Blog"));
    let before = dump(&s);
    let e = s.edit_post(post.id, &PostEdit { at: Some(at(3, 9)), ..Default::default() }).unwrap_err();
    assert!(e.to_string().contains("cannot come before the post"), "{e}");
    assert!(s.edit_post(post.id, &PostEdit { platform: Some(" ".into()), ..Default::default() }).is_err());
    assert_eq!(s.edit_post(PostId(9), &PostEdit::default()).unwrap_err().code(), "not_found");
    assert_eq!(dump(&s), before);
}

#[test]
fn a_reaction_is_edited_by_the_rules_of_a_new_one() {
    use rapport_core::store::ReactionEdit;
    let mut s = store();
    let a = person(&mut s, "Ana");
    let post = s.add_post(&NewPost { platform: "Blog".into(), at: at(1, 9), title: "Hi".into(), url: None }).unwrap();
    let comment = NewReaction {
        post: post.id,
        kind: ReactionKind::Comment,
        contact: Some(a),
        count: 1,
        at: None,
        comment: Some("Nice".into()),
        replied: false,
    };
    let r = s.add_reaction(&comment).unwrap();
    let edited = s
        .edit_reaction(
            r.id,
            &ReactionEdit { replied: Some(true), comment: Some(Some("Nice one".into())), ..Default::default() },
        )
        .unwrap();
    assert_eq!((edited.replied, edited.comment.as_deref()), (true, Some("Nice one")));
    let before = dump(&s);
    // A named contact counts once; a like has no text nor reply.
    assert!(s.edit_reaction(r.id, &ReactionEdit { count: Some(3), ..Default::default() }).is_err());
    let e = s.edit_reaction(r.id, &ReactionEdit { kind: Some(ReactionKind::Like), ..Default::default() }).unwrap_err();
    assert!(e.to_string().contains("only a comment has a text or a reply"), "{e}");
    assert_eq!(s.edit_reaction(ReactionId(42), &ReactionEdit::default()).unwrap_err().code(), "not_found");
    assert_eq!(dump(&s), before);
}

#[test]
fn an_edit_adds_value_items_and_questions_for_the_people_it_has_after_it() {
    let mut s = store();
    let a = person(&mut s, "Ana");
    let b = person(&mut s, "Ben");
    let call = talk(&mut s, &[a], at(2, 10));
    let mut advice = NewValueItem::of(ValueKind::Advice);
    advice.note = "  pricing ".into();
    let edit = InteractionEdit {
        participants: Some(vec![a, b]),
        add_given: vec![NewValueItem { contact: Some(b), ..NewValueItem::of(ValueKind::Introduction) }],
        add_received: vec![advice],
        add_questions: vec![NewQuestion { asked_by: Party::Them, text: "Lunch Friday?".into(), contact: Some(a) }],
        ..Default::default()
    };
    let (edited, _) = s.edit_interaction(call.id, &edit).unwrap();
    let items: Vec<(ContactId, Direction, ValueKind, &str)> =
        edited.value_items.iter().map(|v| (v.contact, v.direction, v.kind, v.note.as_str())).collect();
    // The received advice names no one: each participant it has now gets it.
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(items.contains(&(b, Direction::Given, ValueKind::Introduction, "")));
    assert!(items.contains(&(a, Direction::Received, ValueKind::Advice, "pricing")));
    assert!(items.contains(&(b, Direction::Received, ValueKind::Advice, "pricing")));
    assert!(edited.value_items.iter().all(|v| v.at == edited.at), "dated as the interaction");
    let asked: Vec<(ContactId, Party, &str)> =
        edited.questions.iter().map(|q| (q.contact, q.asked_by, q.text.as_str())).collect();
    assert_eq!(asked, [(a, Party::Them, "Lunch Friday?")]);
    assert_eq!(s.list_questions(&QuestionQuery { open_only: true, ..Default::default() }).unwrap().len(), 1);
}

#[test]
fn an_added_item_the_log_would_refuse_refuses_the_whole_edit() {
    let mut s = store();
    let a = person(&mut s, "Ana");
    let b = person(&mut s, "Ben");
    let call = talk(&mut s, &[a], at(2, 10));
    let before = dump(&s);
    let for_ben = InteractionEdit {
        summary: Some("Changed".into()),
        add_given: vec![NewValueItem { contact: Some(b), ..NewValueItem::of(ValueKind::Help) }],
        ..Default::default()
    };
    let e = s.edit_interaction(call.id, &for_ben).unwrap_err();
    assert!(e.to_string().contains("not a participant"), "{e}");
    let empty = InteractionEdit {
        add_questions: vec![NewQuestion { asked_by: Party::Me, text: "  ".into(), contact: None }],
        ..Default::default()
    };
    assert!(s.edit_interaction(call.id, &empty).is_err());
    assert_eq!(dump(&s), before, "nothing written, the summary neither");
}
