//! The same person, recognised (issue 16): a card whose email differs but whose name, phones and
//! organisation agree is proposed as a likely duplicate, merged only when the user accepts it;
//! and two people sharing one email address are not merged in silence.

use std::path::PathBuf;

use rapport_core::import::{ContactAction, Evidence, ImportOptions, Parsed, Severity};
use rapport_core::{ContactQuery, Store};

mod common;
use common::import::{apply, fixture, parse, preview};

fn corpus_card(name: &str) -> PathBuf {
    fixture("corpus/vcard").join(name)
}

fn parse_bytes(bytes: &[u8], name: &str) -> Parsed {
    parse(bytes, name, &ImportOptions::default())
}

fn parse_card(name: &str) -> Parsed {
    parse_bytes(&std::fs::read(corpus_card(name)).unwrap(), name)
}

fn search(store: &Store, text: &str) -> Vec<rapport_core::ContactSummary> {
    store.list_contacts(&ContactQuery { search: Some(text.to_owned()), ..Default::default() }).unwrap()
}

/// John Doe as Gmail, iPhone, Lotus Notes and the Mac export him: one contact.
fn store_with_john() -> (Store, rapport_core::ContactId) {
    let mut store = Store::open_in_memory().unwrap();
    for name in
        ["John_Doe_GMAIL.vcf", "John_Doe_IPHONE.vcf", "John_Doe_LOTUS_NOTES.vcf", "John_Doe_MAC_ADDRESS_BOOK.vcf"]
    {
        apply(&mut store, &parse_card(name), &ImportOptions::default());
    }
    let john = search(&store, "john.doe@ibm.com");
    assert_eq!(john.len(), 1, "{john:?}");
    (store, john[0].id)
}

fn johns(store: &Store) -> usize {
    store.export().unwrap().contacts.iter().filter(|c| c.fields.family_name.as_deref() == Some("Doe")).count()
}

#[test]
fn the_outlook_john_doe_is_proposed_as_a_likely_duplicate_and_created_apart_unless_accepted() {
    let (mut store, john) = store_with_john();
    let outlook = parse_card("John_Doe_MS_OUTLOOK.vcf");
    let preview = preview(&store, &outlook);
    assert_eq!(preview.likely_duplicates.len(), 1, "{preview:?}");
    let likely = &preview.likely_duplicates[0];
    assert_eq!(likely.contact, Some(john));
    assert_eq!(likely.record.number, 1);
    assert_eq!(likely.evidence, vec![Evidence::Phone, Evidence::Name, Evidence::Organisation]);
    assert!(!likely.accepted);
    assert_eq!(preview.contacts_created, 1, "not accepted: created as a new contact");

    let done = apply(&mut store, &outlook, &ImportOptions::default());
    assert_eq!(done.contacts_created, 1);
    assert_eq!(done.likely_duplicates.len(), 1, "the applied preview still lists it");
    assert_eq!(johns(&store), 2, "two John Does when the proposal is not accepted");
}

#[test]
fn an_accepted_likely_duplicate_merges_into_the_contact() {
    for options in [
        ImportOptions { accept_all_likely: true, ..Default::default() },
        ImportOptions { accept_likely: vec![1], ..Default::default() },
    ] {
        let (mut store, john) = store_with_john();
        let done = apply(&mut store, &parse_card("John_Doe_MS_OUTLOOK.vcf"), &options);
        assert_eq!(done.contacts_created, 0, "{done:?}");
        assert_eq!(done.contacts_merged, 1);
        assert_eq!(done.contacts[0].action, ContactAction::Merge);
        assert_eq!(done.contacts[0].contact, Some(john));
        assert!(done.likely_duplicates[0].accepted);
        assert_eq!(johns(&store), 1, "one John Doe once accepted");
        let emails: Vec<String> = store.contact(john).unwrap().fields.emails.into_iter().map(|e| e.value).collect();
        assert!(emails.contains(&"john.doe@ibm.cm".to_owned()), "{emails:?}");
    }
    // Accepting another record's number leaves this one created apart.
    let (mut store, _) = store_with_john();
    let done = apply(
        &mut store,
        &parse_card("John_Doe_MS_OUTLOOK.vcf"),
        &ImportOptions { accept_likely: vec![2], ..Default::default() },
    );
    assert_eq!(done.contacts_created, 1);
    assert_eq!(johns(&store), 2);
}

#[test]
fn a_shared_phone_with_another_name_is_no_likely_duplicate() {
    // Colleagues at one switchboard: same phone and organisation, other names and addresses.
    let cards = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lee;Ann;;;\r\nFN:Ann Lee\r\nORG:Acme\r\nTEL:+1 555 010 2000\r\n\
                 EMAIL:ann@acme.test\r\nEND:VCARD\r\n\
                 BEGIN:VCARD\r\nVERSION:3.0\r\nN:Park;Bo;;;\r\nFN:Bo Park\r\nORG:Acme\r\nTEL:+1 555 010 2000\r\n\
                 EMAIL:bo@acme.test\r\nEND:VCARD\r\n";
    let mut store = Store::open_in_memory().unwrap();
    let done = apply(&mut store, &parse_bytes(cards.as_bytes(), "acme.vcf"), &ImportOptions::default());
    assert_eq!(done.contacts_created, 2);
    assert!(done.likely_duplicates.is_empty(), "{:?}", done.likely_duplicates);
    // Within one file too: the same person under two addresses is proposed against the earlier card.
    let cards = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lee;Ann;;;\r\nFN:Ann Lee\r\nORG:Acme\r\nTEL:+1 555 010 3000\r\n\
                 EMAIL:ann@home.test\r\nEND:VCARD\r\n\
                 BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lee;Ann;;;\r\nFN:Ann Lee\r\nORG:Acme\r\nTEL:(555) 010-3000\r\n\
                 EMAIL:ann.lee@work.test\r\nEND:VCARD\r\n";
    let empty = Store::open_in_memory().unwrap();
    let preview = preview(&empty, &parse_bytes(cards.as_bytes(), "ann.vcf"));
    assert_eq!(preview.likely_duplicates.len(), 1, "{preview:?}");
    assert_eq!(preview.likely_duplicates[0].record.number, 2);
    assert_eq!(preview.likely_duplicates[0].same_as_record, Some(1));
}

const SHARED_INBOX: &str = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
    Maria,Silva,https://www.linkedin.com/in/maria-silva-1,family@silva.test,Globex,Engineer,03 Feb 2021\n\
    Pedro,Silva,https://www.linkedin.com/in/pedro-silva-2,family@silva.test,Initech,Designer,04 Mar 2022\n";

#[test]
fn two_linkedin_connections_sharing_one_email_stay_two_people_with_a_warning() {
    let mut store = Store::open_in_memory().unwrap();
    let parsed = parse_bytes(SHARED_INBOX.as_bytes(), "Connections.csv");
    let done = apply(&mut store, &parsed, &ImportOptions::default());
    assert_eq!(done.contacts_created, 2, "{done:?}");
    let warnings: Vec<String> =
        done.problems.iter().filter(|p| p.severity == Severity::Warning).map(|p| p.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("family@silva.test") && warnings[0].contains("Maria Silva"), "{warnings:?}");
    assert_eq!(search(&store, "Pedro").len(), 1);
    assert_eq!(search(&store, "Maria").len(), 1);
    // Again, into the database that holds both: each row finds its own by its profile link.
    let again = apply(&mut store, &parsed, &ImportOptions::default());
    assert_eq!(again.contacts_created, 0, "{again:?}");
    assert_eq!(again.contacts_unchanged, 2);
    assert_eq!(store.export().unwrap().contacts.len(), 2);
}

#[test]
fn one_email_with_the_same_name_and_another_link_is_still_one_person() {
    // The same person whose profile address changed: the names agree, so the email decides.
    let csv = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
        Maria,Silva,https://www.linkedin.com/in/maria-silva-1,maria@silva.test,Globex,Engineer,03 Feb 2021\n\
        Maria,Silva,https://www.linkedin.com/in/msilva,maria@silva.test,Globex,Engineer,03 Feb 2021\n";
    let mut store = Store::open_in_memory().unwrap();
    let done = apply(&mut store, &parse_bytes(csv.as_bytes(), "Connections.csv"), &ImportOptions::default());
    assert_eq!(done.contacts_created, 1, "{done:?}");
    assert!(done.problems.is_empty(), "{:?}", done.problems);
}
