//! A story told through the public API: a freelancer's first months with Rapport, on a real file
//! that is closed and reopened along the way, as the CLI and the app do.

use chrono::{DateTime, Duration, FixedOffset, TimeZone};
use rapport_core::*;

fn paris(y: i32, m: u32, d: u32, h: u32) -> DateTime<FixedOffset> {
    FixedOffset::east_opt(3600).unwrap().with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
}

#[test]
fn a_freelancers_first_season_with_rapport() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested").join("rapport.db");

    // Week 1: she installs Rapport and adds the people she works with.
    let mut s = Store::open(&path).unwrap();
    assert!(s.is_empty().unwrap());
    let mut ana = ContactFields::named("Ana Lima");
    ana.company = Some("Globex".into());
    ana.emails = vec![Labeled::new("ana@example.com")];
    ana.circles = vec!["Clients".into()];
    let ana = s.add_contact(&ana).unwrap().id;
    let mut ben = ContactFields::named("Benoît Roy");
    ben.circles = vec!["Mentors".into()];
    ben.closeness = Some(4);
    let ben = s.add_contact(&ben).unwrap().id;
    let chloe = s.add_contact(&ContactFields::named("Chloé Martin")).unwrap().id;
    s.add_circle("Clients", None).unwrap_err(); // already made by Ana's card
    drop(s);

    // Week 2: a coffee with Ana; she asks for an introduction, I ask about her budget.
    let mut s = Store::open(&path).unwrap();
    let mut coffee = NewInteraction::new(paris(2026, 1, 12, 9), Channel::InPerson, Party::Me, vec![ana]);
    coffee.duration_min = Some(45);
    coffee.summary = "Coffee near her office".into();
    coffee.received.push(NewValueItem::of(ValueKind::Knowledge));
    coffee.questions.push(NewQuestion {
        asked_by: Party::Them,
        text: "Do you know a good UX writer?".into(),
        contact: None,
    });
    coffee.questions.push(NewQuestion { asked_by: Party::Me, text: "What is the Q2 budget?".into(), contact: None });
    let coffee = s.log_interaction(&coffee).unwrap();
    assert_eq!(coffee.questions.len(), 2);
    let (theirs, mine) = (coffee.questions[0].id, coffee.questions[1].id);

    // Week 3: I introduce Chloé to Ana by email, which answers Ana's question.
    let mut intro = NewInteraction::new(paris(2026, 1, 19, 17), Channel::Email, Party::Me, vec![ana, chloe]);
    intro.given.push(NewValueItem { contact: Some(ana), ..NewValueItem::of(ValueKind::Introduction) });
    intro.answers.push(theirs);
    let intro = s.log_interaction(&intro).unwrap();

    // A mentor call: advice received, my question to him still open.
    let mut call = NewInteraction::new(paris(2026, 1, 22, 18), Channel::Call, Party::Them, vec![ben]);
    call.received.push(NewValueItem { weight: Some(3.0), ..NewValueItem::of(ValueKind::Advice) });
    call.questions.push(NewQuestion { asked_by: Party::Me, text: "Should I raise my rates?".into(), contact: None });
    s.log_interaction(&call).unwrap();

    // An answer that claims to come before the question is refused, and changes nothing.
    let early = s.log_interaction(&NewInteraction::new(paris(2026, 1, 5, 9), Channel::Message, Party::Them, vec![ana]));
    let early = early.unwrap();
    assert!(s.answer_question(mine, early.id).is_err());

    // March: Ana answers the budget question in a video call.
    let video = s.log_interaction(&NewInteraction::new(paris(2026, 3, 2, 11), Channel::Video, Party::Them, vec![ana]));
    s.answer_question(mine, video.unwrap().id).unwrap();

    // She posts about giving first; Ana and Chloé react, and forty strangers like it.
    let post = s
        .add_post(&NewPost {
            platform: "LinkedIn".into(),
            at: paris(2026, 3, 10, 8),
            title: "Give before you take".into(),
            url: Some("https://example.org/give".into()),
        })
        .unwrap();
    for (who, kind) in
        [(Some(ana), ReactionKind::Comment), (Some(chloe), ReactionKind::Share), (None, ReactionKind::Like)]
    {
        let count = if who.is_some() { 1 } else { 40 };
        s.add_reaction(&NewReaction {
            post: post.id,
            kind,
            contact: who,
            count,
            at: Some((paris(2026, 3, 10, 8) + Duration::hours(3)).to_utc()),
            comment: None,
            replied: false,
        })
        .unwrap();
    }
    drop(s);

    // Reopened later: the history is all there, in order, with its loops.
    let mut s = Store::open(&path).unwrap();
    let people = s.list_contacts(&ContactQuery::default()).unwrap();
    let row = |id: ContactId| people.iter().find(|c| c.id == id).unwrap().clone();
    assert_eq!(row(ana).interaction_count, 4);
    assert_eq!(row(ana).open_questions, 0);
    assert_eq!(row(ben).open_questions, 1);
    assert_eq!(row(chloe).interaction_count, 1);
    let open = s.list_questions(&QuestionQuery { open_only: true, ..Default::default() }).unwrap();
    assert_eq!(open.iter().map(|q| q.text.as_str()).collect::<Vec<_>>(), vec!["Should I raise my rates?"]);
    let ledger = s.list_value_items(ana).unwrap();
    assert_eq!(
        ledger.iter().map(|v| (v.direction, v.kind)).collect::<Vec<_>>(),
        vec![(Direction::Received, ValueKind::Knowledge), (Direction::Given, ValueKind::Introduction)]
    );
    let answered = s.question(theirs).unwrap();
    assert_eq!(answered.answered_in, Some(intro.id));
    assert_eq!(s.list_posts().unwrap()[0].reactions.len(), 3);

    // Chloé moves away; archiving hides her but keeps her history.
    s.set_archived(chloe, true).unwrap();
    assert_eq!(s.list_contacts(&ContactQuery::default()).unwrap().len(), 2);
    assert_eq!(s.list_interactions(&InteractionQuery { contact: Some(chloe), ..Default::default() }).unwrap().len(), 1);

    // The export carries all of it and a backup copy opens as the same database.
    let export = s.export().unwrap();
    assert_eq!((export.contacts.len(), export.interactions.len(), export.posts.len()), (3, 5, 1));
    let copy = dir.path().join("backup.db");
    s.backup_to(&copy).unwrap();
    assert_eq!(Store::open(&copy).unwrap().export().unwrap(), export);
}
