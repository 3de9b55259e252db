//! Imports of a file read again at each step (`import::preview_file`, `import::apply_file`, what
//! `rapport import FILE` runs), against the same file parsed into memory first
//! (`import::parse`, then `preview` and `apply`, what the window runs): the same preview and
//! the same rows, for every format and for the cases the readings must agree on (a record
//! merged into an earlier new one, an existing contact, a bad record left out, questions
//! answered later in the file, a time zone described after its events). A file that changes
//! between two readings is refused and nothing is written.

use rapport_core::import::{self, ImportOptions, Stage};
use rapport_core::{ContactFields, Labeled, Store};

mod common;
use common::import::tables;

/// Every row of every table, as text, but the write times (`created_at`, `updated_at`: "now")
/// and the data's token.
fn rows(store: &Store) -> Vec<(String, Vec<String>)> {
    let conn = store.connection();
    tables(store)
        .into_iter()
        .filter(|t| t != "data_token" && !t.contains("search"))
        .map(|t| {
            let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
            let names: Vec<String> = stmt.column_names().map(str::to_owned).collect();
            let mut out = Vec::new();
            let mut rows = stmt.query([]).unwrap();
            while let Some(row) = rows.next().unwrap() {
                let cells: Vec<String> = (0..names.len())
                    .filter(|i| names[*i] != "created_at" && names[*i] != "updated_at")
                    .map(|i| format!("{:?}", row.get_ref(i).unwrap()))
                    .collect();
                out.push(cells.join("|"));
            }
            out.sort();
            (t, out)
        })
        .collect()
}

/// A database with one contact that a record of each file matches.
fn existing(dir: &std::path::Path, name: &str) -> Store {
    let mut store = Store::open(&dir.join(name)).unwrap();
    let ana = ContactFields { emails: vec![Labeled::new("ana@x.test")], ..ContactFields::named("Ana Existing") };
    store.add_contact(&ana).unwrap();
    store
}

const VCARD: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\nEMAIL:ana@x.test\r\nTEL:+1 555 0100 200\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Brun\r\nEMAIL:bo@x.test\r\nCATEGORIES:Clients,Friends\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cy\r\nBDAY:1990-02-31\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Brun\r\nEMAIL:bo@x.test\r\nTEL:+1 555 0100 300\r\nNOTE:Second card\r\nCATEGORIES:clients\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dee\r\nEMAIL:dee@x.test\r\nEND:VCARD\r\n";

const GOOGLE: &str = "First Name,Last Name,E-mail 1 - Value,Phone 1 - Value,Labels\r\n\
Ana,Existing,ana@x.test,+1 555 0100 200,* myContacts\r\n\
Eve,Ek,eve@x.test,,* myContacts ::: Team\r\n\
Eve,Ek,,+1 555 0100 400,* myContacts\r\n";

const MESSAGES: &str = "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n\
c1,,Me Myself,https://www.linkedin.com/in/me,Fay Fox,https://www.linkedin.com/in/fay,2025-03-01 10:00:00 UTC,,\"Free on Tuesday?\",INBOX\n\
c1,,Fay Fox,https://www.linkedin.com/in/fay,Me Myself,https://www.linkedin.com/in/me,2025-03-01 12:00:00 UTC,,\"Yes. Would Wednesday work too?\",INBOX\n\
c1,,Me Myself,https://www.linkedin.com/in/me,Fay Fox,https://www.linkedin.com/in/fay,2025-03-02 09:00:00 UTC,,\"It does.\",INBOX\n\
c2,,Gus Gray,https://www.linkedin.com/in/gus,Me Myself,https://www.linkedin.com/in/me,2025-03-03 09:00:00 UTC,,\"Hello\",INBOX\n";

const CALENDAR: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n\
BEGIN:VEVENT\r\nUID:1\r\nDTSTART;TZID=Europe/Paris:20250310T100000\r\nDURATION:PT1H\r\nSUMMARY:Coffee\r\n\
ORGANIZER:mailto:me@x.test\r\nATTENDEE:mailto:ana@x.test\r\nATTENDEE:mailto:me@x.test\r\n\
BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Soon\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:2\r\nDTSTART:20250311T090000Z\r\nDTEND:20250311T093000Z\r\nSUMMARY:Call\r\nLOCATION:Office\r\n\
ATTENDEE:mailto:stranger@x.test\r\nATTENDEE:mailto:me@x.test\r\nEND:VEVENT\r\n\
BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nTZOFFSETTO:+0100\r\n\
RRULE:FREQ=YEARLY;BYMONTH=10\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\nTZOFFSETTO:+0200\r\n\
RRULE:FREQ=YEARLY;BYMONTH=3\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\nEND:VCALENDAR\r\n";

#[test]
fn a_file_read_again_at_each_step_previews_and_imports_as_the_parsed_file() {
    let dir = tempfile::tempdir().unwrap();
    let me = |who: &str| ImportOptions { me: vec![who.to_owned()], skip_invalid: true, ..Default::default() };
    let cases = [
        ("contacts.vcf", VCARD, ImportOptions { skip_invalid: true, ..Default::default() }),
        ("google.csv", GOOGLE, ImportOptions::default()),
        ("messages.csv", MESSAGES, me("Me Myself")),
        ("calendar.ics", CALENDAR, me("me@x.test")),
    ];
    for (name, text, options) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let mut streamed = existing(dir.path(), &format!("streamed-{name}.db"));
        let mut held = existing(dir.path(), &format!("held-{name}.db"));

        let parsed = import::parse(text.as_bytes(), name, &options, &mut |_| true).unwrap();
        let from_memory = import::preview(&held, &parsed, &mut |_| true).unwrap();
        let from_file = import::preview_file(&streamed, &path, &options, &mut |_| true).unwrap();
        assert_eq!(from_file, from_memory, "{name}: the previews differ");
        assert!(from_memory.contacts_created + from_memory.interactions_created > 0, "{name} imports something");

        let done_memory = import::apply(&mut held, &parsed, &options, &mut |_| true).unwrap();
        let done_file = import::apply_file(&mut streamed, &path, &options, &mut |_| true).unwrap();
        assert_eq!(done_file, done_memory, "{name}: what was done differs");
        assert_eq!(rows(&streamed), rows(&held), "{name}: the rows differ");
    }
    // The search index holds the new contacts with their emails (written before the contacts).
    let store = Store::open(&dir.path().join("streamed-contacts.vcf.db")).unwrap();
    let query = rapport_core::ContactQuery { search: Some("bo@x.te".into()), ..Default::default() };
    let found: Vec<String> = store.list_contacts(&query).unwrap().into_iter().map(|c| c.display_name).collect();
    assert_eq!(found, ["Bo Brun"]);
    // What the cases are there for happened.
    let vcard = import::preview_file(
        &Store::open_in_memory().unwrap(),
        &dir.path().join("contacts.vcf"),
        &cases_options(),
        &mut |_| true,
    )
    .unwrap();
    assert_eq!((vcard.contacts_created, vcard.errors), (3, 1), "Bo's two cards make one contact; Cy's date is refused");
}

fn cases_options() -> ImportOptions {
    ImportOptions { skip_invalid: true, ..Default::default() }
}

#[test]
fn a_file_that_changes_between_two_readings_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("contacts.vcf");
    std::fs::write(&path, VCARD).unwrap();
    let mut store = existing(dir.path(), "changed.db");
    let before = rows(&store);
    let mut changed = false;
    let options = cases_options();
    let error = import::apply_file(&mut store, &path, &options, &mut |p| {
        if p.stage == Stage::Matching && !changed {
            let mut more = std::fs::read_to_string(&path).unwrap();
            more.push_str("BEGIN:VCARD\r\nFN:Late\r\nEND:VCARD\r\n");
            std::fs::write(&path, more).unwrap();
            changed = true;
        }
        true
    })
    .unwrap_err();
    assert!(changed);
    assert!(error.to_string().contains("changed while it was imported"), "{error}");
    assert!(error.to_string().contains("contacts.vcf"), "names the file: {error}");
    assert_eq!(rows(&store), before, "nothing was written");
}

/// While an import writes its rows (they are staged), it holds no write lock: another program
/// writes at once, with no busy timeout, and reads none of the import. Its write (here it deletes
/// the contact a card would merge into) makes the import match again, so the card creates a
/// contact instead of writing into one that is gone. Before the staging, the rows were written
/// inside the write transaction and the other program's write failed as busy.
#[test]
fn another_program_writes_while_an_import_writes_its_rows_and_the_import_matches_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("staged.db");
    let mut store = Store::open(&path).unwrap();
    let ana = ContactFields { emails: vec![Labeled::new("ana@x.test")], ..ContactFields::named("Ana") };
    let ana = store.add_contact(&ana).unwrap().id;
    let cards = "BEGIN:VCARD\r\nFN:Ana\r\nEMAIL:ana@x.test\r\nTEL:+1 555 0100 200\r\nEND:VCARD\r\n\
                 BEGIN:VCARD\r\nFN:Bo\r\nEMAIL:bo@x.test\r\nEND:VCARD\r\n";
    let options = ImportOptions::default();
    let parsed = import::parse(cards.as_bytes(), "ana.vcf", &options, &mut |_| true).unwrap();
    assert_eq!(import::preview(&store, &parsed, &mut |_| true).unwrap().contacts_merged, 1);

    let mut other_wrote = false;
    let mut seen_by_other = Vec::new();
    let done = import::apply(&mut store, &parsed, &options, &mut |p| {
        if p.stage == Stage::Writing && !other_wrote {
            let mut other = Store::open(&path).unwrap();
            other.connection().busy_timeout(std::time::Duration::ZERO).unwrap();
            seen_by_other.push(other.list_contacts(&rapport_core::ContactQuery::default()).unwrap().len());
            other.delete_contact(ana).expect("the import holds no write lock while it writes its rows");
            other_wrote = true;
        }
        true
    })
    .unwrap();
    assert!(other_wrote);
    assert_eq!(seen_by_other, [1], "the other program saw none of the import");
    assert_eq!((done.contacts_created, done.contacts_merged), (2, 0), "matched again after the delete");
    let all = store.list_contacts(&rapport_core::ContactQuery::default()).unwrap();
    assert_eq!(all.len(), 2);
    let created = all.iter().find(|c| c.display_name == "Ana").unwrap();
    assert_eq!(store.contact(created.id).unwrap().fields.phones[0].value, "+1 555 0100 200");
}
