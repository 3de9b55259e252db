//! The same person recognised by phone across formats (issue 16): a number matches by its country
//! code and national significant number, whichever way it was written, and a number written
//! without a country code is placed in the user's region (`ImportOptions::region`).

use rapport_core::import::{self, ContactAction, Evidence, ImportOptions, MatchedBy, Preview};
use rapport_core::{ContactFields, Labeled, Reason, Store};

mod common;
use common::import::{apply, fixture, parse};

fn in_region(region: &str) -> ImportOptions {
    ImportOptions { region: Some(region.to_owned()), ..Default::default() }
}

fn card(name: &str, tel: &str) -> String {
    format!("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nTEL:{tel}\r\nEND:VCARD\r\n")
}

fn import(store: &mut Store, text: &str, file: &str, options: &ImportOptions) -> Preview {
    apply(store, &parse(text, file, options), options)
}

fn with_phone(store: &mut Store, name: &str, phone: &str) -> rapport_core::ContactId {
    let fields = ContactFields { phones: vec![Labeled::new(phone)], ..ContactFields::named(name) };
    store.add_contact(&fields).unwrap().id
}

fn contacts(store: &Store) -> usize {
    store.list_contacts(&Default::default()).unwrap().len()
}

#[test]
fn three_ways_of_writing_one_french_number_find_one_contact_in_france() {
    let mut store = Store::open_in_memory().unwrap();
    let ann = with_phone(&mut store, "Ann Martin", "06 12 34 56 78");
    // Other names, so that only the phone can find her.
    for (name, tel) in
        [("Annie", "+33 6 12 34 56 78"), ("A. Martin", "0033 6 12 34 56 78"), ("Mme Martin", "06.12.34.56.78")]
    {
        let done = import(&mut store, &card(name, tel), "ann.vcf", &in_region("FR"));
        assert_eq!(done.contacts_created, 0, "{tel}: {done:?}");
        assert_eq!(done.contacts[0].contact, Some(ann), "{tel}");
        assert_eq!(done.contacts[0].matched_by, Some(MatchedBy::Phone), "{tel}");
    }
    assert_eq!(contacts(&store), 1);
    // The international forms are the number already held: not added beside it.
    let phones: Vec<String> = store.contact(ann).unwrap().fields.phones.into_iter().map(|p| p.value).collect();
    assert_eq!(phones, vec!["06 12 34 56 78".to_owned()]);
}

#[test]
fn a_whatsapp_sender_is_the_card_whose_number_is_written_the_french_way() {
    let mut store = Store::open_in_memory().unwrap();
    let max = with_phone(&mut store, "Max", "06 12 34 56 78");
    let chat = "[05/01/2026, 18:01:10] Sam: Dinner on Sunday?\n\
                [05/01/2026, 18:03:00] \u{202a}+33 6 12 34 56 78\u{202c}: Yes\n";
    let options = ImportOptions { me: vec!["Sam".into()], ..in_region("FR") };
    let done = import(&mut store, chat, "WhatsApp Chat - Family.txt", &options);
    assert_eq!((done.contacts_created, done.interactions_created), (0, 2), "{done:?}");
    assert_eq!(done.contacts[0].contact, Some(max));
    assert_eq!(contacts(&store), 1);
}

#[test]
fn a_london_number_is_not_a_french_number_with_the_same_digits() {
    // In France, 020 7946 0000 is +33 20 7946 0000: another line than London's +44 20 7946 0000.
    // Written in Britain, it is London's.
    for (region, same) in [("FR", false), ("GB", true)] {
        let mut store = Store::open_in_memory().unwrap();
        let claire = with_phone(&mut store, "Claire", "020 7946 0000");
        let done = import(&mut store, &card("Oliver", "+44 20 7946 0000"), "oliver.vcf", &in_region(region));
        assert_eq!(done.contacts[0].contact == Some(claire), same, "{region}: {done:?}");
        assert_eq!(contacts(&store), if same { 1 } else { 2 }, "{region}");
    }
}

#[test]
fn without_a_region_a_national_number_matches_only_the_same_national_number() {
    let mut store = Store::open_in_memory().unwrap();
    let ann = with_phone(&mut store, "Ann Martin", "06 12 34 56 78");
    let bob = with_phone(&mut store, "Bob Stone", "+33 7 11 22 33 44");
    let none = ImportOptions::default();
    let done = import(&mut store, &card("Annie", "06-12-34-56-78"), "a.vcf", &none);
    assert_eq!(done.contacts[0].contact, Some(ann), "the same national number, spaced otherwise");
    // Two international forms need no region.
    let done = import(&mut store, &card("Bobby", "0033 7 11 22 33 44"), "b.vcf", &none);
    assert_eq!(done.contacts[0].contact, Some(bob));
    // A national number could be in any country: it is not taken for an international one.
    let done = import(&mut store, &card("Ann M.", "+33 6 12 34 56 78"), "c.vcf", &none);
    assert_eq!(done.contacts[0].action, ContactAction::Create, "{done:?}");
    assert_eq!(contacts(&store), 3);
}

#[test]
fn a_local_number_too_short_to_name_one_line_matches_nobody() {
    let mut store = Store::open_in_memory().unwrap();
    with_phone(&mut store, "Ann Martin", "555 0123");
    let done = import(&mut store, &card("Bo Park", "555-0123"), "bo.vcf", &in_region("US"));
    assert_eq!(done.contacts_created, 1, "seven digits, no area code: {done:?}");
}

#[test]
fn an_unknown_region_is_refused_and_nothing_is_written() {
    let mut store = Store::open_in_memory().unwrap();
    with_phone(&mut store, "Ann Martin", "06 12 34 56 78");
    let before = store.export().unwrap();
    let text = card("Annie", "+33 6 12 34 56 78");
    let parsed = parse(text.as_bytes(), "a.vcf", &ImportOptions::default());
    let err = import::apply(&mut store, &parsed, &in_region("ZZ"), &mut |_| true).unwrap_err();
    assert_eq!(err.reason(), Reason::UnknownRegion { region: "ZZ".to_owned() });
    assert!(err.to_string().contains("“ZZ” is not a region Rapport knows"), "{err}");
    assert_eq!(store.export().unwrap().contacts, before.contacts);
}

#[test]
fn a_region_is_read_from_a_locale() {
    assert_eq!(import::region_of_locale("fr_FR.UTF-8"), Some("FR"));
    assert_eq!(import::region_of_locale("en-GB"), Some("GB"));
    assert_eq!(import::region_of_locale("zh-Hant-TW"), Some("TW"));
    assert_eq!(import::region_of_locale("de_DE@euro"), Some("DE"));
    assert_eq!(import::region_of_locale("C.UTF-8"), None);
    assert_eq!(import::region_of_locale("fr"), None);
    assert_eq!(import::region_of_locale("en_ZZ"), None, "no such region");
}

fn corpus_card(name: &str) -> Vec<u8> {
    std::fs::read(fixture("corpus/vcard").join(name)).unwrap()
}

/// The public corpus's John Doe (North American numbers written nationally, 905-555-1234, and
/// internationally, 00-1-212-555-7777) behaves as before when the region is the United States:
/// the four exports that share an address are one contact, and the Outlook one is proposed.
#[test]
fn the_corpus_john_doe_is_still_one_contact_and_one_proposal_in_the_united_states() {
    let mut store = Store::open_in_memory().unwrap();
    let us = in_region("US");
    for name in
        ["John_Doe_GMAIL.vcf", "John_Doe_IPHONE.vcf", "John_Doe_LOTUS_NOTES.vcf", "John_Doe_MAC_ADDRESS_BOOK.vcf"]
    {
        let parsed = parse(corpus_card(name), name, &us);
        apply(&mut store, &parsed, &us);
    }
    assert_eq!(contacts(&store), 1);
    let parsed = parse(corpus_card("John_Doe_MS_OUTLOOK.vcf"), "outlook.vcf", &us);
    let done = apply(&mut store, &parsed, &us);
    assert_eq!(done.likely_duplicates.len(), 1, "{done:?}");
    assert_eq!(done.likely_duplicates[0].evidence, vec![Evidence::Phone, Evidence::Name, Evidence::Organisation]);
    assert_eq!(contacts(&store), 2, "not accepted: created apart");
}

#[test]
fn my_number_given_the_french_way_finds_me_among_a_chats_international_senders() {
    let chat = "[05/01/2026, 18:01:10] \u{202a}+33 6 11 22 33 44\u{202c}: Dinner on Sunday?\n\
                [05/01/2026, 18:03:00] \u{202a}+33 6 12 34 56 78\u{202c}: Yes\n";
    let options = ImportOptions { me: vec!["06 11 22 33 44".into()], ..in_region("FR") };
    let mut store = Store::open_in_memory().unwrap();
    let done = import(&mut store, chat, "WhatsApp Chat - Dinner.txt", &options);
    assert_eq!(done.errors, 0, "{:?}", done.problems);
    assert_eq!((done.contacts_created, done.interactions_created), (1, 2), "only the other sender is a contact");
    let other = store.list_contacts(&Default::default()).unwrap();
    assert_eq!(other[0].display_name, "+33 6 12 34 56 78");
}
