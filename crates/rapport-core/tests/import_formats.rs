//! Each import format on a small realistic file of tests/fixtures/import.

use std::path::PathBuf;

use rapport_core::import::{self, Format, ImportOptions, Parsed, Preview};
use rapport_core::Store;

mod common;
use common::import::{contact_named, preview};

fn fixture(name: &str) -> PathBuf {
    common::import::fixture("import").join(name)
}

fn parse_with(name: &str, options: &ImportOptions) -> Parsed {
    let bytes = std::fs::read(fixture(name)).unwrap();
    common::import::parse(&bytes, name, options)
}

fn parse(name: &str) -> Parsed {
    parse_with(name, &ImportOptions::default())
}

fn apply(store: &mut Store, parsed: &Parsed) -> Preview {
    common::import::apply(store, parsed, &ImportOptions::default())
}

#[test]
fn google_contacts_csv() {
    let parsed = parse("google.csv");
    assert_eq!(parsed.format, Format::GoogleCsv);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let mut store = Store::open_in_memory().unwrap();
    let done = apply(&mut store, &parsed);
    assert_eq!(done.contacts_created, 3);
    let ana = contact_named(&store, "Ana Lima");
    let f = &ana.fields;
    assert_eq!(
        (f.nickname.as_deref(), f.company.as_deref(), f.role.as_deref()),
        (Some("Aninha"), Some("Globex"), Some("Product Lead"))
    );
    assert_eq!(f.birthday.as_deref(), Some("1988-04-12"));
    assert_eq!(f.notes, "Met at the Lisbon meetup.\nLikes climbing.");
    assert_eq!(
        f.emails.iter().map(|e| (e.value.as_str(), e.label.as_deref())).collect::<Vec<_>>(),
        [("ana.lima@globex.test", Some("work")), ("ana@home.test", Some("home"))]
    );
    assert_eq!(f.location.as_deref(), Some("Lisbon, Portugal"));
    assert_eq!(f.circles, ["Friends"], "Google's system groups are left out");
    let bruno = contact_named(&store, "Bruno Costa");
    assert_eq!(bruno.fields.emails.len(), 2, "' ::: ' separates several values");
    assert_eq!(bruno.fields.birthday.as_deref(), Some("--06-30"));
    assert_eq!(contact_named(&store, "Chloé").fields.circles, ["Family"]);
}

#[test]
fn linkedin_connections_skip_the_notes_and_merge_by_profile_url() {
    let parsed = parse("linkedin_connections.csv");
    assert_eq!(parsed.format, Format::LinkedinConnections);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    assert_eq!(parsed.contacts[0].record.line, Some(5), "line numbers count the notes before the header");
    let mut store = Store::open_in_memory().unwrap();
    apply(&mut store, &parse("google.csv"));
    let preview = preview(&store, &parsed);
    assert_eq!((preview.contacts_created, preview.contacts_merged), (2, 1));
    assert_eq!(preview.contacts[0].matched_by, Some(import::MatchedBy::Link), "Ana matches by her profile URL");
    apply(&mut store, &parsed);
    let ana = contact_named(&store, "Ana Lima");
    assert_eq!(ana.fields.met_on, chrono::NaiveDate::from_ymd_opt(2025, 7, 26), "Connected On is when we met");
    assert_eq!(ana.fields.how_met.as_deref(), Some("LinkedIn"));
    assert_eq!(contact_named(&store, "Emma").fields.company.as_deref(), Some("Müller & Söhne, GmbH"));
    let again = apply(&mut store, &parsed);
    assert_eq!((again.contacts_created, again.contacts_merged, again.contacts_unchanged), (0, 0, 3));
}

#[test]
fn a_mapped_csv_in_windows_1252_with_semicolons() {
    let options = ImportOptions {
        mapping: vec![
            ("Nom".into(), "display_name".into()),
            ("Courriel".into(), "email".into()),
            ("Société".into(), "company".into()),
            ("Anniversaire".into(), "birthday".into()),
        ],
        ..Default::default()
    };
    let parsed = parse_with("mapped_cp1252.csv", &options);
    assert_eq!((parsed.format, parsed.encoding), (Format::Csv, "Windows-1252"));
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let mut store = Store::open_in_memory().unwrap();
    apply(&mut store, &parsed);
    let f = contact_named(&store, "François Müller").fields;
    assert_eq!((f.company.as_deref(), f.birthday.as_deref()), (Some("Café de la Gare"), Some("1975-10-02")));
    assert_eq!(contact_named(&store, "Zoé Dupré").fields.emails[0].value, "zoe@exemple.test");
    let unmapped = import::parse(
        &std::fs::read(fixture("mapped_cp1252.csv")).unwrap(),
        "x.csv",
        &ImportOptions::default(),
        &mut |_| true,
    );
    assert!(
        unmapped.unwrap_err().to_string().contains("--map"),
        "with no mapping and no known header, the error says what to do"
    );
}

#[test]
fn calendar_events_with_known_attendees_become_interactions() {
    let mut store = Store::open_in_memory().unwrap();
    apply(&mut store, &parse("google.csv"));
    apply(&mut store, &parse("linkedin_connections.csv"));
    let options = ImportOptions { me: vec!["me@rapport.test".into()], ..Default::default() };
    let parsed = parse_with("meetings.ics", &options);
    assert_eq!(parsed.format, Format::Ics);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let done = common::import::apply(&mut store, &parsed, &options);
    // Lunch and the sync; the strangers' call matches nobody; the dentist has no attendee and the
    // cancelled meeting is left out.
    assert_eq!((done.interactions_created, done.interactions_unmatched), (2, 1));
    let ana = contact_named(&store, "Ana Lima");
    let mut with_ana = store
        .list_interactions(&rapport_core::InteractionQuery { contact: Some(ana.id), ..Default::default() })
        .unwrap();
    with_ana.reverse();
    let (sync, lunch) = (&with_ana[0], &with_ana[1]);
    assert_eq!(lunch.at.to_rfc3339(), "2025-06-12T12:30:00+02:00", "Paris summer time from the file's VTIMEZONE");
    assert_eq!(
        (lunch.channel, lunch.initiated_by, lunch.duration_min),
        (rapport_core::Channel::InPerson, rapport_core::Party::Me, Some(90))
    );
    assert_eq!(lunch.summary, "Lunch with Ana");
    assert_eq!(
        (sync.channel, sync.initiated_by, sync.duration_min),
        (rapport_core::Channel::Video, rapport_core::Party::Them, Some(45))
    );
    let names: Vec<&str> = sync.participants.iter().map(|p| p.display_name.as_str()).collect();
    assert_eq!(
        names,
        ["Ana Lima", "Dev Patel"],
        "the organiser takes part; Bruno declined; the stranger is no contact"
    );
    let again = common::import::apply(&mut store, &parsed, &options);
    assert_eq!((again.interactions_created, again.interactions_duplicate), (0, 2));
}

#[test]
fn linkedin_messages_become_exchanges_with_questions_and_replies() {
    let mut store = Store::open_in_memory().unwrap();
    apply(&mut store, &parse("linkedin_connections.csv"));
    let parsed = parse("messages.csv");
    assert_eq!(parsed.format, Format::LinkedinMessages);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let names: Vec<&str> = parsed.contacts.iter().map(|c| c.fields.display_name.as_str()).collect();
    assert_eq!(names, ["Ana Lima", "Dev Patel", "Marta Rossi"], "Sam, in every conversation, is me");
    let done = apply(&mut store, &parsed);
    assert_eq!((done.contacts_created, done.contacts_unchanged), (1, 2), "Ana and Dev match by profile URL");
    // Ana: my two messages (one turn), her reply, mine, then mine again five weeks later.
    let ana = contact_named(&store, "Ana Lima");
    let mut turns = store
        .list_interactions(&rapport_core::InteractionQuery { contact: Some(ana.id), ..Default::default() })
        .unwrap();
    turns.reverse();
    let sides: Vec<rapport_core::Party> = turns.iter().map(|t| t.initiated_by).collect();
    use rapport_core::Party::{Me, Them};
    assert_eq!(sides, [Me, Them, Me, Me, Me], "{turns:#?}");
    assert_eq!(turns[0].summary, "LinkedIn: 2 messages", "no message text without the opt-in");
    assert_eq!(turns[3].summary, "LinkedIn: 1 message (Climbing trip 2025)");
    let questions =
        store.list_questions(&rapport_core::QuestionQuery { contact: Some(ana.id), ..Default::default() }).unwrap();
    let state: Vec<(rapport_core::Party, bool)> =
        questions.iter().map(|q| (q.asked_by, q.answered_in.is_some())).collect();
    // My coffee question was answered by her reply; hers ("same café?") by my next message; the
    // launch question and the group question wait.
    assert_eq!(state, [(Me, true), (Them, true), (Me, false), (Me, false)], "{questions:#?}");
    assert_eq!(questions[0].text, rapport_core::import::messages::QUESTION_PLACEHOLDER);
    let dev = contact_named(&store, "Dev Patel");
    let from_dev = store
        .list_questions(&rapport_core::QuestionQuery { contact: Some(dev.id), open_only: true, ..Default::default() })
        .unwrap();
    assert_eq!(from_dev.len(), 1, "Dev asked, I never replied: a question I owe");
    assert_eq!(from_dev[0].asked_by, Them);
    let marta = contact_named(&store, "Marta Rossi");
    assert_eq!(marta.fields.links[0].value, "https://www.linkedin.com/in/marta-rossi-11");
    let again = apply(&mut store, &parsed);
    assert_eq!(again.interactions_created, 0, "a second import adds nothing");
}

#[test]
fn linkedin_message_text_is_kept_only_on_request() {
    let options = ImportOptions {
        keep_message_text: true,
        me: vec!["https://linkedin.com/in/sam-rivera/".into()],
        ..Default::default()
    };
    let parsed = parse_with("messages.csv", &options);
    let first = &parsed.interactions[0];
    assert!(first.summary.contains("Would you be up for a coffee next week?"), "{}", first.summary);
    assert_eq!(first.questions[0].text, "Would you be up for a coffee next week?");
}
