//! The store's rules, one behaviour per test, each on a fresh in-memory database.

use chrono::{DateTime, Duration, FixedOffset, TimeZone, Utc};
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

/// Every table's row count, to show that a refused write left the database as it was.
fn counts(s: &Store) -> Vec<(String, i64)> {
    let tables = [
        "contacts",
        "contact_emails",
        "contact_phones",
        "contact_links",
        "circles",
        "contact_circles",
        "interactions",
        "interaction_participants",
        "value_items",
        "questions",
        "posts",
        "reactions",
        "settings",
    ];
    tables
        .iter()
        .map(|t| {
            let n = s.connection().query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0)).unwrap();
            (t.to_string(), n)
        })
        .collect()
}

fn talk(s: &mut Store, with: &[ContactId], when: DateTime<FixedOffset>) -> Interaction {
    s.log_interaction(&NewInteraction::new(when, Channel::Call, Party::Me, with.to_vec())).unwrap()
}

#[test]
fn a_new_database_is_empty_and_at_the_latest_schema() {
    let s = store();
    assert!(s.is_empty().unwrap());
    assert_eq!(s.schema_version().unwrap(), db::latest_schema_version());
}

#[test]
fn a_contact_keeps_every_field_it_was_given() {
    let mut s = store();
    let fields = ContactFields {
        display_name: "  Chloé Martin ".into(),
        given_name: Some("Chloé".into()),
        family_name: Some("Martin".into()),
        nickname: None,
        company: Some("Atelier Nord".into()),
        role: Some("Designer".into()),
        location: Some("Lyon".into()),
        how_met: Some("Climbing club".into()),
        met_on: chrono::NaiveDate::from_ymd_opt(2019, 5, 4),
        birthday: Some("--02-29".into()),
        closeness: Some(4),
        is_kin: false,
        notes: "Likes long walks".into(),
        cadence_days: Some(30),
        emails: vec![Labeled { value: "chloe@example.org".into(), label: Some("home".into()) }],
        phones: vec![Labeled::new("+33 6 00 00 00 01")],
        links: vec![Labeled::new("https://www.linkedin.com/in/chloe-example")],
        circles: vec!["Climbing".into(), "climbing".into(), "Lyon".into()],
    };
    let c = s.add_contact(&fields).unwrap();
    let back = s.contact(c.id).unwrap();
    assert_eq!(back.fields.display_name, "Chloé Martin");
    assert_eq!(back.fields.company.as_deref(), Some("Atelier Nord"));
    assert_eq!(back.fields.birthday.as_deref(), Some("--02-29"));
    assert_eq!(back.fields.emails, fields.emails);
    assert_eq!(back.fields.phones.len(), 1);
    assert_eq!(back.fields.links.len(), 1);
    assert_eq!(back.fields.circles, vec!["Climbing".to_string(), "Lyon".to_string()], "circle names are deduplicated");
    assert_eq!(s.list_circles().unwrap().len(), 2);
}

#[test]
fn an_empty_name_is_refused_and_nothing_is_written() {
    let mut s = store();
    let before = counts(&s);
    let err = s.add_contact(&ContactFields::named("   ")).unwrap_err();
    assert_eq!(err.code(), "invalid");
    assert!(err.to_string().contains("display_name"), "{err}");
    assert_eq!(counts(&s), before);
}

#[test]
fn an_impossible_birthday_is_refused() {
    let mut s = store();
    let mut f = ContactFields::named("Ben");
    f.birthday = Some("1990-02-31".into());
    let err = s.add_contact(&f).unwrap_err();
    assert!(err.to_string().contains("birthday"), "{err}");
    f.birthday = Some("--13-01".into());
    assert!(s.add_contact(&f).is_err());
    assert!(s.is_empty().unwrap());
}

#[test]
fn closeness_outside_one_to_five_is_refused() {
    let mut s = store();
    let mut f = ContactFields::named("Ben");
    f.closeness = Some(6);
    assert!(s.add_contact(&f).unwrap_err().to_string().contains("closeness"));
}

#[test]
fn editing_a_contact_replaces_its_fields() {
    let mut s = store();
    let mut f = ContactFields::named("Ana");
    f.emails = vec![Labeled::new("ana@example.com")];
    f.circles = vec!["Work".into()];
    let c = s.add_contact(&f).unwrap();
    let mut edited = c.fields.clone();
    edited.display_name = "Ana Lima".into();
    edited.emails.clear();
    edited.circles = vec!["Friends".into()];
    let after = s.update_contact(c.id, &edited).unwrap();
    assert_eq!(after.fields.display_name, "Ana Lima");
    assert!(after.fields.emails.is_empty());
    assert_eq!(after.fields.circles, vec!["Friends".to_string()]);
}

#[test]
fn editing_an_unknown_contact_is_a_not_found_error() {
    let mut s = store();
    let err = s.update_contact(ContactId(42), &ContactFields::named("X")).unwrap_err();
    assert_eq!(err.code(), "not_found");
    assert_eq!(err.to_string(), "no contact with id 42");
    assert!(s.is_empty().unwrap());
}

#[test]
fn archived_contacts_leave_the_default_listing() {
    let mut s = store();
    let a = person(&mut s, "Ana");
    person(&mut s, "Ben");
    s.set_archived(a, true).unwrap();
    let names =
        |q: &ContactQuery| -> Vec<String> { s.list_contacts(q).unwrap().into_iter().map(|c| c.display_name).collect() };
    assert_eq!(names(&ContactQuery::default()), vec!["Ben"]);
    assert_eq!(names(&ContactQuery { include_archived: true, ..Default::default() }), vec!["Ana", "Ben"]);
}

#[test]
fn search_matches_name_company_and_email_ignoring_case() {
    let mut s = store();
    let mut f = ContactFields::named("Ana Lima");
    f.company = Some("Globex".into());
    s.add_contact(&f).unwrap();
    let mut g = ContactFields::named("Ben Okafor");
    g.emails = vec![Labeled::new("ben@initech.example")];
    s.add_contact(&g).unwrap();
    let search = |text: &str| -> Vec<String> {
        let q = ContactQuery { search: Some(text.into()), ..Default::default() };
        s.list_contacts(&q).unwrap().into_iter().map(|c| c.display_name).collect()
    };
    assert_eq!(search("lima"), vec!["Ana Lima"]);
    assert_eq!(search("GLOBEX"), vec!["Ana Lima"]);
    assert_eq!(search("initech"), vec!["Ben Okafor"]);
    assert!(search("100%").is_empty(), "LIKE wildcards in the search text are literal");
}

#[test]
fn the_listing_pages_with_limit_and_offset() {
    let mut s = store();
    for i in 0..25 {
        person(&mut s, &format!("Person {i:02}"));
    }
    let page = s.list_contacts(&ContactQuery { limit: Some(10), offset: 20, ..Default::default() }).unwrap();
    assert_eq!(page.len(), 5);
    assert_eq!(page[0].display_name, "Person 20");
}

#[test]
fn a_name_resolves_when_exact_or_unique_and_otherwise_lists_the_candidates() {
    let mut s = store();
    let ana = person(&mut s, "Ana Lima");
    let anab = person(&mut s, "Anabelle Roy");
    person(&mut s, "Ben Okafor");
    assert_eq!(s.resolve_contact("ana lima").unwrap(), ana);
    assert_eq!(s.resolve_contact("belle").unwrap(), anab);
    assert_eq!(s.resolve_contact(&ana.to_string()).unwrap(), ana);
    let err = s.resolve_contact("Ana").unwrap_err();
    assert_eq!(err.code(), "ambiguous");
    assert!(err.to_string().contains("Ana Lima") && err.to_string().contains("Anabelle Roy"), "{err}");
    assert_eq!(s.resolve_contact("Zoé").unwrap_err().code(), "not_found");
    assert_eq!(s.resolve_contact("999").unwrap_err().code(), "not_found");
}

#[test]
fn an_interaction_keeps_its_instant_offset_and_participants() {
    let mut s = store();
    let a = person(&mut s, "Ana");
    let b = person(&mut s, "Ben");
    let mut new = NewInteraction::new(at(14, 19), Channel::InPerson, Party::Them, vec![a, b, a]);
    new.duration_min = Some(90);
    new.summary = "Dinner".into();
    let it = s.log_interaction(&new).unwrap();
    assert_eq!(it.at, at(14, 19));
    assert_eq!(it.at.offset().local_minus_utc(), 3600);
    assert_eq!(it.participants.len(), 2, "a repeated participant counts once");
    let stored: i64 =
        s.connection().query_row("SELECT occurred_at FROM interactions WHERE id = ?1", [it.id], |r| r.get(0)).unwrap();
    assert_eq!(stored, at(14, 19).with_timezone(&Utc).timestamp(), "the instant is stored in UTC");
    let listed = s.list_contacts(&ContactQuery::default()).unwrap();
    assert!(listed.iter().all(|c| c.interaction_count == 1 && c.last_interaction_at.is_some()));
}

#[test]
fn an_interaction_with_an_unknown_contact_writes_nothing() {
    let mut s = store();
    let a = person(&mut s, "Ana");
    let before = counts(&s);
    let err = s.log_interaction(&NewInteraction::new(at(1, 9), Channel::Call, Party::Me, vec![a, ContactId(77)]));
    assert_eq!(err.unwrap_err().code(), "not_found");
    assert_eq!(counts(&s), before);
}

#[test]
fn an_interaction_needs_a_participant() {
    let mut s = store();
    let err = s.log_interaction(&NewInteraction::new(at(1, 9), Channel::Call, Party::Me, vec![])).unwrap_err();
    assert!(err.to_string().contains("participants"), "{err}");
}

#[test]
fn a_timestamp_out_of_range_is_refused() {
    let mut s = store();
    let a = person(&mut s, "Ana");
    let before = counts(&s);
    let far = FixedOffset::east_opt(0).unwrap().with_ymd_and_hms(2500, 1, 1, 0, 0, 0).unwrap();
    let err = s.log_interaction(&NewInteraction::new(far, Channel::Call, Party::Me, vec![a])).unwrap_err();
    assert!(err.to_string().contains("out of range"), "{err}");
    assert_eq!(counts(&s), before);
}

#[test]
fn value_items_without_a_contact_go_to_every_participant() {
    let mut s = store();
    let a = person(&mut s, "Ana");
    let b = person(&mut s, "Ben");
    let mut new = NewInteraction::new(at(2, 10), Channel::Video, Party::Me, vec![a, b]);
    new.given.push(NewValueItem::of(ValueKind::Advice));
    new.received.push(NewValueItem { contact: Some(b), ..NewValueItem::of(ValueKind::Introduction) });
    let it = s.log_interaction(&new).unwrap();
    assert_eq!(it.value_items.len(), 3);
    assert_eq!(s.list_value_items(a).unwrap().len(), 1);
    let ben: Vec<Direction> = s.list_value_items(b).unwrap().iter().map(|v| v.direction).collect();
    assert_eq!(ben, vec![Direction::Given, Direction::Received]);
}

#[test]
fn a_value_item_for_someone_absent_is_refused_whole() {
    let mut s = store();
    let a = person(&mut s, "Ana");
    let b = person(&mut s, "Ben");
    let before = counts(&s);
    let mut new = NewInteraction::new(at(2, 10), Channel::Video, Party::Me, vec![a]);
    new.given.push(NewValueItem { contact: Some(b), ..NewValueItem::of(ValueKind::Gift) });
    assert!(s.log_interaction(&new).unwrap_err().to_string().contains("not a participant"));
    assert_eq!(counts(&s), before);
}

#[test]
fn a_weight_outside_its_range_is_refused() {
    let mut s = store();
    let a = person(&mut s, "Ana");
    for bad in [0.0, -1.0, 101.0, f64::NAN, f64::INFINITY] {
        let mut new = NewInteraction::new(at(2, 10), Channel::Video, Party::Me, vec![a]);
        new.given.push(NewValueItem { weight: Some(bad), ..NewValueItem::of(ValueKind::Gift) });
        assert_eq!(s.log_interaction(&new).unwrap_err().code(), "invalid", "weight {bad}");
    }
    assert_eq!(s.list_interactions(&InteractionQuery::default()).unwrap().len(), 0);
}

#[test]
fn answering_a_question_closes_the_loop() {
    let mut s = store();
    let a = person(&mut s, "Ana");
    let mut ask = NewInteraction::new(at(3, 9), Channel::Email, Party::Me, vec![a]);
    ask.questions.push(NewQuestion { asked_by: Party::Me, text: "Can you review my deck?".into(), contact: None });
    let asked = s.log_interaction(&ask).unwrap();
    let q = asked.questions[0].id;
    let open = QuestionQuery { open_only: true, ..Default::default() };
    assert_eq!(s.list_questions(&open).unwrap().len(), 1);
    assert_eq!(s.list_contacts(&ContactQuery::default()).unwrap()[0].open_questions, 1);

    let reply = talk(&mut s, &[a], at(5, 18));
    let answered = s.answer_question(q, reply.id).unwrap();
    assert_eq!(answered.answered_in, Some(reply.id));
    assert_eq!(answered.answered_at, Some(at(5, 18)));
    assert!(s.list_questions(&open).unwrap().is_empty());
    assert_eq!(s.interaction(reply.id).unwrap().answers, vec![q]);
}

#[test]
fn a_question_can_be_answered_by_a_new_interaction_directly() {
    let mut s = store();
    let a = person(&mut s, "Ana");
    let mut ask = NewInteraction::new(at(3, 9), Channel::Message, Party::Them, vec![a]);
    ask.questions.push(NewQuestion { asked_by: Party::Them, text: "Lunch next week?".into(), contact: Some(a) });
    let q = s.log_interaction(&ask).unwrap().questions[0].id;
    let mut reply = NewInteraction::new(at(3, 12), Channel::Message, Party::Me, vec![a]);
    reply.answers.push(q);
    let r = s.log_interaction(&reply).unwrap();
    assert_eq!(s.question(q).unwrap().answered_in, Some(r.id));
}

#[test]
fn answering_in_an_interaction_that_happened_before_the_question_is_refused() {
    let mut s = store();
    let a = person(&mut s, "Ana");
    let earlier = talk(&mut s, &[a], at(1, 9));
    let mut ask = NewInteraction::new(at(3, 9), Channel::Email, Party::Me, vec![a]);
    ask.questions.push(NewQuestion { asked_by: Party::Me, text: "News?".into(), contact: None });
    let q = s.log_interaction(&ask).unwrap().questions[0].id;
    let err = s.answer_question(q, earlier.id).unwrap_err();
    assert!(err.to_string().contains("happened before"), "{err}");
    assert_eq!(s.question(q).unwrap().answered_in, None);
}

#[test]
fn answering_in_the_same_interaction_or_without_its_contact_is_refused() {
    let mut s = store();
    let a = person(&mut s, "Ana");
    let b = person(&mut s, "Ben");
    let mut ask = NewInteraction::new(at(3, 9), Channel::Email, Party::Me, vec![a]);
    ask.questions.push(NewQuestion { asked_by: Party::Me, text: "News?".into(), contact: None });
    let asked = s.log_interaction(&ask).unwrap();
    let q = asked.questions[0].id;
    assert!(s.answer_question(q, asked.id).is_err());
    let with_ben = talk(&mut s, &[b], at(4, 9));
    assert!(s.answer_question(q, with_ben.id).unwrap_err().to_string().contains("does not include"));
    assert_eq!(s.answer_question(q, InteractionId(999)).unwrap_err().code(), "not_found");
    assert_eq!(s.answer_question(QuestionId(999), with_ben.id).unwrap_err().code(), "not_found");
}

#[test]
fn a_question_answered_twice_is_refused_until_reopened() {
    let mut s = store();
    let a = person(&mut s, "Ana");
    let mut ask = NewInteraction::new(at(3, 9), Channel::Email, Party::Me, vec![a]);
    ask.questions.push(NewQuestion { asked_by: Party::Me, text: "News?".into(), contact: None });
    let q = s.log_interaction(&ask).unwrap().questions[0].id;
    let r1 = talk(&mut s, &[a], at(4, 9));
    let r2 = talk(&mut s, &[a], at(5, 9));
    s.answer_question(q, r1.id).unwrap();
    assert!(s.answer_question(q, r2.id).unwrap_err().to_string().contains("already answered"));
    s.reopen_question(q).unwrap();
    assert_eq!(s.answer_question(q, r2.id).unwrap().answered_in, Some(r2.id));
}

#[test]
fn deleting_the_answering_interaction_reopens_the_question() {
    let mut s = store();
    let a = person(&mut s, "Ana");
    let mut ask = NewInteraction::new(at(3, 9), Channel::Email, Party::Me, vec![a]);
    ask.questions.push(NewQuestion { asked_by: Party::Me, text: "News?".into(), contact: None });
    let q = s.log_interaction(&ask).unwrap().questions[0].id;
    let reply = talk(&mut s, &[a], at(4, 9));
    s.answer_question(q, reply.id).unwrap();
    s.delete_interaction(reply.id).unwrap();
    assert_eq!(s.question(q).unwrap().answered_in, None);
}

#[test]
fn listing_interactions_filters_by_contact_and_time_newest_first() {
    let mut s = store();
    let a = person(&mut s, "Ana");
    let b = person(&mut s, "Ben");
    talk(&mut s, &[a], at(1, 9));
    talk(&mut s, &[a, b], at(2, 9));
    talk(&mut s, &[b], at(3, 9));
    let of_a = s.list_interactions(&InteractionQuery { contact: Some(a), ..Default::default() }).unwrap();
    assert_eq!(of_a.iter().map(|i| i.at.day0()).collect::<Vec<_>>(), vec![1, 0]);
    let since = Some(at(2, 0).with_timezone(&Utc));
    assert_eq!(s.list_interactions(&InteractionQuery { since, ..Default::default() }).unwrap().len(), 2);
    assert_eq!(s.list_interactions(&InteractionQuery { limit: Some(1), ..Default::default() }).unwrap().len(), 1);
}

use chrono::Datelike;

#[test]
fn deleting_a_contact_removes_their_solo_interactions_but_keeps_shared_ones() {
    let mut s = store();
    let a = person(&mut s, "Ana");
    let b = person(&mut s, "Ben");
    talk(&mut s, &[a], at(1, 9));
    talk(&mut s, &[a, b], at(2, 9));
    s.delete_contact(a).unwrap();
    let left = s.list_interactions(&InteractionQuery::default()).unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].participants.len(), 1);
    assert_eq!(s.delete_contact(a).unwrap_err().code(), "not_found");
}

#[test]
fn a_reaction_by_a_contact_or_an_anonymous_count_attaches_to_a_post() {
    let mut s = store();
    let a = person(&mut s, "Ana");
    let post = s
        .add_post(&NewPost { platform: "LinkedIn".into(), at: at(10, 8), title: "On giving first".into(), url: None })
        .unwrap();
    let mine = NewReaction {
        post: post.id,
        kind: ReactionKind::Comment,
        contact: Some(a),
        count: 1,
        at: Some(at(10, 9).with_timezone(&Utc)),
        comment: Some("So true".into()),
        replied: false,
    };
    let r = s.add_reaction(&mine).unwrap();
    assert_eq!(r.contact_name.as_deref(), Some("Ana"));
    s.set_reaction_replied(r.id, true).unwrap();
    let crowd = NewReaction { contact: None, count: 37, kind: ReactionKind::Like, comment: None, ..mine.clone() };
    s.add_reaction(&crowd).unwrap();
    let back = s.post(post.id).unwrap();
    assert_eq!(back.reactions.len(), 2);
    assert!(back.reactions[0].replied);
    assert_eq!(back.reactions[1].count, 37);
}

#[test]
fn a_reaction_to_a_missing_post_is_refused() {
    let mut s = store();
    let before = counts(&s);
    let r = NewReaction {
        post: PostId(5),
        kind: ReactionKind::Like,
        contact: None,
        count: 1,
        at: None,
        comment: None,
        replied: false,
    };
    let err = s.add_reaction(&r).unwrap_err();
    assert_eq!(err.to_string(), "no post with id 5");
    assert_eq!(counts(&s), before);
}

#[test]
fn a_named_contact_cannot_react_more_than_once_in_one_row_nor_before_the_post() {
    let mut s = store();
    let a = person(&mut s, "Ana");
    let post =
        s.add_post(&NewPost { platform: "Blog".into(), at: at(10, 8), title: String::new(), url: None }).unwrap();
    let base = NewReaction {
        post: post.id,
        kind: ReactionKind::Like,
        contact: Some(a),
        count: 3,
        at: None,
        comment: None,
        replied: false,
    };
    assert!(s.add_reaction(&base).unwrap_err().to_string().contains("counts once"));
    let early = NewReaction { count: 1, at: Some(at(9, 8).with_timezone(&Utc)), ..base };
    assert!(s.add_reaction(&early).unwrap_err().to_string().contains("before the post"));
}

#[test]
fn circles_have_unique_names_and_cadences() {
    let mut s = store();
    let c = s.add_circle("Family", Some(14)).unwrap();
    assert_eq!(s.add_circle("family", None).unwrap_err().code(), "invalid");
    assert_eq!(s.add_circle("Friends", Some(0)).unwrap_err().code(), "invalid");
    let renamed = s.update_circle(c.id, "Kin", Some(21)).unwrap();
    assert_eq!((renamed.name.as_str(), renamed.cadence_days), ("Kin", Some(21)));
    s.delete_circle(c.id).unwrap();
    assert!(s.list_circles().unwrap().is_empty());
}

#[test]
fn settings_round_trip_as_json_and_bad_keys_are_refused() {
    let mut s = store();
    s.set_setting("weights.depth", &serde_json::json!(0.25)).unwrap();
    s.set_setting("theme", &serde_json::json!("dark")).unwrap();
    assert_eq!(s.setting("weights.depth").unwrap(), Some(serde_json::json!(0.25)));
    assert_eq!(s.settings().unwrap().len(), 2);
    assert!(s.set_setting("drop table", &serde_json::json!(1)).is_err());
    s.delete_setting("theme").unwrap();
    assert_eq!(s.setting("theme").unwrap(), None);
}

#[test]
fn a_batch_commits_together_or_not_at_all() {
    let mut s = store();
    let result: Result<()> = s.batch(|s| {
        s.add_contact(&ContactFields::named("Ana"))?;
        s.add_contact(&ContactFields::named(""))?;
        Ok(())
    });
    assert!(result.is_err());
    assert!(s.is_empty().unwrap(), "the first contact was rolled back with the batch");
    s.batch(|s| {
        s.add_contact(&ContactFields::named("Ana"))?;
        // A refused call inside a batch undoes only itself.
        assert!(s.add_contact(&ContactFields::named("")).is_err());
        s.add_contact(&ContactFields::named("Ben"))
    })
    .unwrap();
    assert_eq!(s.list_contacts(&ContactQuery::default()).unwrap().len(), 2);
}

#[test]
fn the_export_lists_everything_in_a_stable_order() {
    let mut s = store();
    let a = person(&mut s, "Ana");
    let b = person(&mut s, "Ben");
    talk(&mut s, &[b], at(2, 9));
    talk(&mut s, &[a], at(1, 9));
    let e = s.export().unwrap();
    assert_eq!(e.contacts.len(), 2);
    assert_eq!(e.interactions.len(), 2);
    assert!(e.interactions[0].id < e.interactions[1].id);
    let json = serde_json::to_string(&e).unwrap();
    let back: Export = serde_json::from_str(&json).unwrap();
    assert_eq!(back, e);
    assert_eq!(serde_json::to_string(&s.export().unwrap()).unwrap(), json);
}

#[test]
fn text_enumerations_parse_leniently_and_reject_unknown_values() {
    assert_eq!("In person".parse::<Channel>().unwrap(), Channel::InPerson);
    assert_eq!("in-person".parse::<Channel>().unwrap(), Channel::InPerson);
    assert_eq!("THEM".parse::<Party>().unwrap(), Party::Them);
    let err = "fax".parse::<Channel>().unwrap_err().to_string();
    assert!(err.contains("in_person") && err.contains("fax"), "{err}");
}

#[test]
fn utc_instants_round_trip_through_storage() {
    let now = Utc::now();
    let then = now - Duration::days(400);
    let fixed = then.with_timezone(&FixedOffset::west_opt(5 * 3600).unwrap());
    let (secs, off) = time::to_stored("at", fixed).unwrap();
    assert_eq!(time::from_stored(secs, off), fixed.with_nanosecond(0).unwrap());
}

use chrono::Timelike;

#[test]
fn answering_in_a_new_interaction_that_comes_too_early_names_this_interaction() {
    let mut s = store();
    let a = person(&mut s, "Ana");
    let mut ask = NewInteraction::new(at(3, 9), Channel::Email, Party::Me, vec![a]);
    ask.questions.push(NewQuestion { asked_by: Party::Me, text: "News?".into(), contact: None });
    let q = s.log_interaction(&ask).unwrap().questions[0].id;
    let before = counts(&s);
    let mut early = NewInteraction::new(at(2, 9), Channel::Email, Party::Them, vec![a]);
    early.answers.push(q);
    let err = s.log_interaction(&early).unwrap_err().to_string();
    assert!(err.starts_with("answers: this interaction"), "{err}");
    assert_eq!(counts(&s), before);
}

#[test]
fn only_a_comment_carries_a_text_or_a_reply() {
    let mut s = store();
    let post =
        s.add_post(&NewPost { platform: "Blog".into(), at: at(10, 8), title: String::new(), url: None }).unwrap();
    let like = NewReaction {
        post: post.id,
        kind: ReactionKind::Like,
        contact: None,
        count: 1,
        at: None,
        comment: Some("Nice".into()),
        replied: false,
    };
    assert!(s.add_reaction(&like).unwrap_err().to_string().starts_with("kind:"));
}

#[test]
fn a_panic_inside_a_batch_rolls_it_back() {
    let mut s = store();
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _ = s.batch(|s| -> Result<()> {
            s.add_contact(&ContactFields::named("Ana"))?;
            panic!("a bug");
        });
    }));
    assert!(caught.is_err());
    assert!(s.is_empty().unwrap());
    s.add_contact(&ContactFields::named("Ben")).unwrap();
}

#[test]
fn a_contacts_latest_interactions_are_the_same_whichever_way_they_are_read() {
    let mut s = store();
    let rare = person(&mut s, "Rare");
    let busy = person(&mut s, "Busy");
    for day in 1..=28 {
        let with = if day % 9 == 0 { vec![rare, busy] } else { vec![busy] };
        talk(&mut s, &with, at(day, 9));
    }
    // Rare has 3 of 28 (read through their own list), Busy all 28 (read down the history).
    for who in [rare, busy] {
        let all = s.list_interactions(&InteractionQuery { contact: Some(who), ..Default::default() }).unwrap();
        let some = s.list_interactions(&InteractionQuery { contact: Some(who), limit: Some(2), ..Default::default() });
        let ids = |v: &[Interaction]| v.iter().map(|i| i.id).collect::<Vec<_>>();
        assert_eq!(ids(&some.unwrap()), ids(&all[..2]));
    }
}

#[test]
fn text_with_a_nul_character_is_refused_naming_its_field_and_nothing_is_written() {
    let mut store = Store::open_in_memory().unwrap();
    let ana = store.add_contact(&ContactFields { display_name: "Ana".into(), ..Default::default() }).unwrap().id;
    let asked = NewInteraction {
        questions: vec![NewQuestion { asked_by: Party::Them, text: "\u{0}".into(), contact: None }],
        ..NewInteraction::new(chrono::Utc::now().fixed_offset(), Channel::Call, Party::Me, vec![ana])
    };
    let e = store.log_interaction(&asked).unwrap_err();
    assert_eq!(e.code(), "invalid");
    assert!(e.to_string().starts_with("questions: contains a NUL"), "{e}");
    let named = ContactFields { display_name: "Bob\u{0}".into(), ..Default::default() };
    assert_eq!(store.add_contact(&named).unwrap_err().code(), "invalid");
    assert_eq!(store.list_contacts(&ContactQuery::default()).unwrap().len(), 1);
    assert!(store.list_interactions(&InteractionQuery::default()).unwrap().is_empty());
}
