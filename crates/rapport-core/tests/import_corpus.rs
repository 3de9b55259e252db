//! The real-world corpus of tests/fixtures/corpus: every valid file imports without losing a
//! supported field, the same person from several files becomes one contact, and every broken
//! file is refused with a message naming its line, leaving the database as it was.

use std::path::PathBuf;

use rapport_core::import::{self, ImportOptions, Parsed, Preview, Severity};
use rapport_core::{ContactQuery, Store};

mod common;
use common::import::{contact_named, fixture};

fn corpus(dir: &str) -> PathBuf {
    fixture("corpus").join(dir)
}

fn files(dir: &str, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(corpus(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    out.sort();
    out
}

fn parse(path: &std::path::Path) -> Parsed {
    let bytes = std::fs::read(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    common::import::parse(&bytes, &name, &ImportOptions::default())
}

fn apply(store: &mut Store, parsed: &Parsed) -> Preview {
    common::import::apply(store, parsed, &ImportOptions::default())
}

#[test]
fn every_corpus_vcard_parses_with_no_error() {
    let all = files("vcard", "vcf");
    assert_eq!(all.len(), 18);
    for path in &all {
        let parsed = parse(path);
        let errors: Vec<_> = parsed.problems.iter().filter(|p| p.severity == Severity::Error).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        assert_eq!(parsed.contacts.len(), parsed.records, "{}: every card becomes a contact", path.display());
    }
}

#[test]
fn vcard_21_quoted_printable_charset_and_soft_breaks() {
    let parsed = parse(&corpus("vcard").join("John_Doe_ANDROID.vcf"));
    let names: Vec<&str> = parsed.contacts.iter().map(|c| c.fields.display_name.as_str()).collect();
    assert_eq!(names[0], "john.doe@company.com", "a card with only an email is named by it");
    assert_eq!(names[2], "Ñ Ñ Ñ Ñ Ñ");
    assert_eq!(names[3], "Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ", "a soft line break joins the value");
    let fourth = &parsed.contacts[3].fields;
    let phones: Vec<&str> = fourth.phones.iter().map(|p| p.value.as_str()).collect();
    assert_eq!(phones, ["123456", "234567", "3456789", "45678901"]);
    assert_eq!(fourth.phones[0].label.as_deref(), Some("mobile"));
    assert_eq!(fourth.circles, ["My Contacts"]);
    // The 2.1 base64 photo with its blank line does not break the card after it.
    assert_eq!(parsed.contacts.len(), 6);
    let outlook = parse(&corpus("vcard").join("outlook-2003.vcf"));
    let f = &outlook.contacts[0].fields;
    assert_eq!(
        f.notes, "This is the note field!!\nSecond line\n\nThird line is empty",
        "CRLF inside a value becomes LF"
    );
    assert_eq!(
        (f.birthday.as_deref(), f.company.as_deref(), f.role.as_deref()),
        (Some("1980-03-21"), Some("Company, The"), Some("The Job Title"))
    );
    assert_eq!(f.location.as_deref(), Some("Austin, TX, United States of America"));
}

#[test]
fn vcard_3_and_4_fields_groups_and_birthdays_without_year() {
    let rfc = parse(&corpus("vcard").join("rfc6350-example.vcf"));
    let f = &rfc.contacts[0].fields;
    assert_eq!(f.birthday.as_deref(), Some("--02-03"));
    assert_eq!(f.phones[0].value, "+1-418-656-9254;ext=102");
    assert_eq!(f.emails[0].value, "simon.perreault@viagenie.ca");
    assert_eq!((f.given_name.as_deref(), f.family_name.as_deref()), (Some("Simon"), Some("Perreault")));
    let lower = parse(&corpus("vcard").join("rfc2426-example.vcf"));
    assert_eq!(lower.contacts.len(), 2, "BEGIN:vCard in mixed case");
    let gmail = parse(&corpus("vcard").join("gmail-single2.vcf"));
    let g = &gmail.contacts[0].fields;
    let custom = g.emails.iter().find(|e| e.value == "customcategory@example.com").unwrap();
    assert_eq!(custom.label.as_deref(), Some("customemailcategory"), "itemN.X-ABLabel labels its group");
    assert_eq!(
        g.links.iter().find(|l| l.value == "http://www.example4.com").unwrap().label.as_deref(),
        Some("homepage")
    );
    let thunderbird = parse(&corpus("vcard").join("thunderbird-MoreFunctionsForAddressBook-extension.vcf"));
    assert_eq!(thunderbird.contacts[0].fields.circles, ["category1", "category2", "category3"]);
    assert!(thunderbird.contacts[0].fields.notes.contains("even curse words."));
}

#[test]
fn the_whole_vcard_corpus_imports_and_the_same_person_becomes_one_contact() {
    let mut store = Store::open_in_memory().unwrap();
    let mut expected_emails = Vec::new();
    for path in files("vcard", "vcf") {
        let parsed = parse(&path);
        for c in &parsed.contacts {
            expected_emails.extend(c.fields.emails.iter().map(|e| e.value.to_lowercase()));
        }
        let done = apply(&mut store, &parsed);
        assert!(done.applied);
    }
    // John Doe arrives from Gmail, iPhone, Lotus Notes, the Mac and Outlook: one contact.
    let john =
        store.list_contacts(&ContactQuery { search: Some("john.doe@ibm.com".into()), ..Default::default() }).unwrap();
    assert_eq!(john.len(), 1, "{john:?}");
    let john = store.contact(john[0].id).unwrap();
    for phone in ["905-555-1234", "905-777-1234", "905-222-1234"] {
        assert!(john.fields.phones.iter().any(|p| p.value == phone), "{phone} in {:?}", john.fields.phones);
    }
    assert!(john.fields.emails.iter().any(|e| e.value == "billy_bob@gmail.com"), "Lotus Notes' second email is kept");
    assert_eq!(john.fields.birthday.as_deref(), Some("1980-03-22"));
    // Not one email address of the corpus is lost.
    let export = store.export().unwrap();
    let stored: std::collections::HashSet<String> =
        export.contacts.iter().flat_map(|c| c.fields.emails.iter().map(|e| e.value.to_lowercase())).collect();
    for e in &expected_emails {
        assert!(stored.contains(e), "{e} was lost");
    }
    assert_eq!(contact_named(&store, "Simon Perreault").fields.birthday.as_deref(), Some("--02-03"));
}

#[test]
fn importing_the_corpus_twice_creates_nothing_new() {
    let mut store = Store::open_in_memory().unwrap();
    for path in files("vcard", "vcf") {
        apply(&mut store, &parse(&path));
    }
    let before = store.export().unwrap();
    for path in files("vcard", "vcf") {
        let again = apply(&mut store, &parse(&path));
        assert_eq!(again.contacts_created, 0, "{}", path.display());
        assert_eq!(again.contacts_merged, 0, "{}: {:?}", path.display(), again.contacts);
    }
    let after = store.export().unwrap();
    assert_eq!(before.contacts.len(), after.contacts.len());
    assert_eq!(
        before.contacts.iter().map(|c| &c.fields).collect::<Vec<_>>(),
        after.contacts.iter().map(|c| &c.fields).collect::<Vec<_>>()
    );
}

/// The corpus files Rapport refuses, each with what is wrong in it.
const BROKEN_ICS: &[(&str, &str)] = &[
    ("Index_Error.ics", "line 1, line: \"!ßbEGÉN\" is not a property name"),
    ("Type_Error.ics", "line 1, line: \"(EBEGIN\" is not a property name"),
    ("big_bad_calendar.ics", "BEGIN:VCALENDAR is never closed"),
    ("broken_dtstart.ics", "line 6, DTSTART: \"INVALID-DATE\" is not a date"),
    ("broken_ical.ics", "line 4, line: DTSTART has an empty parameter"),
    ("fuzz-timezone_rdate.ics", "line 53, line: no ‘:’ after the property name in \"SUMMARY=testevent\""),
    ("fuzz-timezone_same_start_and_offset.ics", "line 23, END: END:VCALENDARD where BEGIN:VCALENDAR (line 1)"),
    (
        "fuzz_testcase_0_char_in_component_name.ics",
        "line 1, file: fuzz_testcase_0_char_in_component_name.ics holds NUL bytes",
    ),
    ("fuzz_testcase_invalid_month.ics", "BEGIN:V is never closed"),
    ("invalid_duration.ics", "line 8, DURATION: \"P999999999999999999W\" is not a duration"),
    ("issue_104_broken_calendar.ics", "line 13, line: no ‘:’ after the property name in \"X\""),
    ("issue_104_mark_events_broken.ics", "line 9, line: no ‘:’"),
    ("issue_1081_empty_rdate.ics", "line 7, RDATE: \"\" is not a date"),
    ("issue_1081_invalid_start_and_end.ics", "line 6, DTSTART"),
    ("issue_1081_invalid_start_valid_end.ics", "line 6, DTSTART"),
    ("issue_168_input.ics", "line 6, line: no ‘:’ after the property name in \"X-APPLE-RADIUS"),
    ("issue_348_exception_parsing_value.ics", "line 8, line: no ‘:’ before the value of ORGANIZER"),
    ("issue_351_whitespace_in_property_and_params.ics", "line 4, line: \"REFRESH - INTERVAL\" is not a property name"),
    ("issue_464_invalid_rdate.ics", "line 6, RDATE: \"199709T180000Z/PT5H30M\""),
    ("parsing_error.ics", "line 19, EXDATE: \"\" is not a date"),
    ("pr_480_summary_with_colon.ics", "BEGIN:VCALENDAR is never closed"),
    ("small_bad_calendar.ics", "BEGIN:VCALENDAR is never closed"),
    ("timezone_rdate.ics", "line 53, line: no ‘:’"),
    ("timezone_same_start_and_offset.ics", "line 23, END: END:VCALENDARD"),
];

#[test]
fn every_ics_file_imports_or_is_refused_naming_its_line() {
    let all = files("ics", "ics");
    assert_eq!(all.len(), 150);
    let mut store = Store::open_in_memory().unwrap();
    // Contacts for the corpus's attendees, so its events have someone to become interactions with.
    for email in ["xyz@xyz.com", "rembrand@xs4all.nl", "rembrand@daxlab.com", "niccokunzmann@googlemail.com"] {
        let fields = rapport_core::ContactFields {
            emails: vec![rapport_core::Labeled::new(email)],
            ..rapport_core::ContactFields::named(email)
        };
        store.add_contact(&fields).unwrap();
    }
    let mut refused = Vec::new();
    let mut interactions = 0;
    for path in &all {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(path).unwrap();
        let before = store.export().unwrap();
        match import::parse(&bytes, &name, &ImportOptions::default(), &mut |_| true) {
            Ok(parsed) => {
                let errors: Vec<_> = parsed.problems.iter().filter(|p| p.severity == Severity::Error).collect();
                assert!(errors.is_empty(), "{name}: {errors:?}");
                interactions += apply(&mut store, &parsed).interactions_created;
            }
            Err(e) => {
                let message = e.to_string();
                let expected = BROKEN_ICS.iter().find(|(n, _)| *n == name).map(|(_, m)| *m);
                let expected = expected.unwrap_or_else(|| panic!("{name} was refused: {message}"));
                assert!(message.contains(expected), "{name}: {message}");
                assert!(message.contains("line "), "{name}: the message names the line: {message}");
                assert_eq!(store.export().unwrap(), before, "{name}: a refused file changes nothing");
                refused.push(name);
            }
        }
    }
    let expected: Vec<&str> = BROKEN_ICS.iter().map(|(n, _)| *n).collect();
    assert_eq!(refused, expected, "exactly the broken files are refused");
    // property_params.ics (two of its attendees are contacts) and the khal file (xyz@xyz.com); the
    // Google alarm files name their address only in a VALARM, which is no meeting.
    assert_eq!(interactions, 2, "events with known attendees become interactions");
}
