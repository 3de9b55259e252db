//! An import's search index, written after its move in short slices (issue 17, item 10): the
//! move holds the write lock without the index (70% of it at 15 MB, 85% at 100 MB), then each
//! slice of [`SEARCH_SLICE_ROWS`] rows is its own write transaction. What is bounded here is
//! what each transaction writes, not its time: the move writes no search row, a slice at most a
//! slice's worth. The rows stay right when another program writes between two slices, and a
//! slice writes the row the triggers would.

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};

use rapport_core::import::{self, ImportOptions, Stage};
use rapport_core::store::SEARCH_SLICE_ROWS;
use rapport_core::{Channel, ContactFields, ContactId, ContactQuery, Labeled, NewInteraction, Party, Store};

use common::cards::write_cards;

fn found(store: &Store, text: &str) -> Vec<String> {
    let query = ContactQuery { search: Some(text.into()), ..Default::default() };
    store.list_contacts(&query).unwrap().into_iter().map(|c| c.display_name).collect()
}

fn number(store: &Store, sql: &str) -> i64 {
    store.connection().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn id_of(store: &Store, name: &str) -> ContactId {
    store.connection().query_row("SELECT id FROM contacts WHERE display_name = ?1", [name], |r| r.get(0)).unwrap()
}

/// What a reader saw at each step of the indexing stage: (ids done, contacts, contact search rows).
type Seen = Vec<(u64, i64, i64)>;

#[test]
fn a_big_imports_move_writes_no_search_row_and_each_slice_writes_at_most_a_slice() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    let mut store = Store::open(&db).unwrap();
    store.add_contact(&ContactFields::named("Ewa Existing")).unwrap();
    let cards = dir.path().join("cards.vcf");
    write_cards(&cards, 50_000);

    // Another connection, as the app's, looks at what is committed each time the import says
    // where its indexing is: before the first slice (just after the move), then after each.
    let reader = Store::open(&db).unwrap();
    let mut seen: Seen = Vec::new();
    let preview = import::apply_file(&mut store, &cards, &ImportOptions::default(), &mut |p| {
        if p.stage == Stage::Indexing {
            let contacts = number(&reader, "SELECT count(*) FROM contacts");
            seen.push((p.done, contacts, number(&reader, "SELECT count(*) FROM contact_search")));
        }
        true
    })
    .unwrap();
    assert_eq!(preview.contacts_created, 50_000);

    let (first_done, contacts, indexed) = seen[0];
    assert_eq!((first_done, contacts), (0, 50_001), "the move committed every contact");
    assert_eq!(indexed, 1, "the move wrote no search row: only the contact there before has one");
    for step in seen.windows(2) {
        let written = step[1].2 - step[0].2;
        assert!(written > 0 && written <= SEARCH_SLICE_ROWS, "a slice wrote {written} search rows: {step:?}");
    }
    assert_eq!(seen.len() as i64 - 1, 50_000 / SEARCH_SLICE_ROWS, "one step per slice");
    assert_eq!(seen.last().unwrap().2, 50_001, "every contact is indexed at the end");
    assert_eq!(store.search_owed().unwrap(), 0);
    assert_eq!(found(&store, "p49999@cards"), ["Person 49999 Zed"]);
    assert_eq!(found(&store, "firm 31337"), ["Person 31337 Zed"]);
    assert_eq!(found(&store, "ewa"), ["Ewa Existing"]);
}

#[test]
fn an_imports_events_are_indexed_for_search_after_the_move_too() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    let mut store = Store::open(&db).unwrap();
    // Fifty people, then five thousand meetings with them (a calendar keeps its events' titles).
    let mut cards = String::new();
    for who in 0..50 {
        cards.push_str(&format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Writer {who}\r\nEMAIL:writer{who}@mail.test\r\nEND:VCARD\r\n"
        ));
    }
    let people = dir.path().join("people.vcf");
    std::fs::write(&people, cards).unwrap();
    import::apply_file(&mut store, &people, &ImportOptions::default(), &mut |_| true).unwrap();
    let mut calendar = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Rapport tests//slices//EN\r\n");
    let start = chrono::DateTime::parse_from_rfc3339("2025-01-01T08:00:00Z").unwrap();
    for i in 0..5_000 {
        let when = (start + chrono::Duration::minutes(i)).format("%Y%m%dT%H%M%SZ");
        calendar.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:event-{i}@slices.test\r\nDTSTAMP:20250101T000000Z\r\nDTSTART:{when}\r\n\
             SUMMARY:Note number {i} about kayaks\r\nATTENDEE:mailto:writer{}@mail.test\r\n\
             ATTENDEE:mailto:me@rapport.test\r\nEND:VEVENT\r\n",
            i % 50
        ));
    }
    calendar.push_str("END:VCALENDAR\r\n");
    let file = dir.path().join("meetings.ics");
    std::fs::write(&file, calendar).unwrap();

    let reader = Store::open(&db).unwrap();
    let mut first: Option<(i64, i64)> = None;
    let options = ImportOptions { me: vec!["me@rapport.test".into()], ..Default::default() };
    let preview = import::apply_file(&mut store, &file, &options, &mut |p| {
        if p.stage == Stage::Indexing && first.is_none() {
            let interactions = number(&reader, "SELECT count(*) FROM interactions");
            first = Some((interactions, number(&reader, "SELECT count(*) FROM interaction_search")));
        }
        true
    })
    .unwrap();
    assert_eq!(preview.interactions_created, 5_000);
    assert_eq!(first, Some((5_000, 0)), "the move committed every event and indexed none of them");
    assert_eq!(number(&store, "SELECT count(*) FROM interaction_search"), 5_000);
    assert_eq!(found(&store, "number 4321 about"), ["Writer 21"]);
    assert_eq!(store.search_owed().unwrap(), 0);
}

/// Between two slices, another program edits, gives an email to and deletes contacts whose
/// rows are still owed, and one already indexed; a search row is already there for one owed.
#[test]
fn what_another_program_writes_between_two_slices_is_what_search_finds() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    let mut store = Store::open(&db).unwrap();
    let cards = dir.path().join("cards.vcf");
    write_cards(&cards, 5_000);
    let mut other = Store::open(&db).unwrap();
    let mut gone = None;
    let mut stale = None;
    import::apply_file(&mut store, &cards, &ImportOptions::default(), &mut |p| {
        if p.stage != Stage::Indexing {
            return true;
        }
        if p.done == 0 {
            // All still owed: the last slice will read these.
            let renamed = id_of(&other, "Person 4500 Zed");
            let mut fields = other.contact(renamed).unwrap().fields;
            fields.display_name = "Renamed Quokka".into();
            other.update_contact(renamed, &fields).unwrap();

            let given = id_of(&other, "Person 4600 Zed");
            let mut fields = other.contact(given).unwrap().fields;
            fields.emails.push(Labeled::new("extra.wombat@mail.test"));
            other.update_contact(given, &fields).unwrap();

            let deleted = id_of(&other, "Person 4700 Zed");
            other.delete_contact(deleted).unwrap();
            gone = Some(deleted);

            let indexed_already = id_of(&other, "Person 4800 Zed");
            other
                .connection()
                .execute(
                    "INSERT INTO contact_search (rowid, name, detail, notes) VALUES (?1, 'stale words', '', '')",
                    [indexed_already],
                )
                .unwrap();
            stale = Some(indexed_already);
        } else if p.done == SEARCH_SLICE_ROWS as u64 {
            // Indexed by the first slice: the triggers follow it again.
            let early = id_of(&other, "Person 10 Zed");
            let mut fields = other.contact(early).unwrap().fields;
            fields.display_name = "Renamed Platypus".into();
            other.update_contact(early, &fields).unwrap();
        }
        true
    })
    .unwrap();
    let (gone, stale) = (gone.expect("the indexing stage was reported"), stale.unwrap());

    assert_eq!(found(&store, "quokka"), ["Renamed Quokka"]);
    assert!(found(&store, "person 4500").is_empty(), "the old name is not searchable");
    assert_eq!(found(&store, "wombat"), ["Person 4600 Zed"]);
    assert_eq!(found(&store, "platypus"), ["Renamed Platypus"]);
    assert!(!found(&store, "person 10 zed").contains(&"Person 10 Zed".to_owned()));
    let rows_of =
        |id: ContactId| number(&store, &format!("SELECT count(*) FROM contact_search WHERE rowid = {}", id.0));
    assert_eq!(rows_of(gone), 0, "a contact deleted before its slice is not indexed");
    assert_eq!(rows_of(stale), 1, "never a second search row");
    assert!(found(&store, "stale").is_empty(), "the row already there was replaced by the contact's own");
    assert_eq!(found(&store, "person 4800"), ["Person 4800 Zed"]);
    assert_eq!(
        number(&store, "SELECT count(*) FROM contact_search"),
        number(&store, "SELECT count(*) FROM contacts"),
        "one search row per contact"
    );
    assert_eq!(store.search_owed().unwrap(), 0);
}

/// The slices read the rows through the same views as the triggers: a contact imported (its
/// row written by a slice) has the search row of the same contact added by hand (its row written
/// by the trigger), emails included; so has an interaction.
#[test]
fn a_slice_writes_the_search_row_the_triggers_write() {
    let dir = tempfile::tempdir().unwrap();
    let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Noor Haddad\r\nNICKNAME:Nono\r\nORG:Tidewater Labs\r\n\
                TITLE:Glassblower\r\nADR;TYPE=home:;;1 Quay St;Porto;;4000;Portugal\r\n\
                EMAIL:noor@tidewater.test\r\nEMAIL:n.haddad@mail.test\r\nNOTE:Likes ferries\r\nEND:VCARD\r\n";
    let file = dir.path().join("noor.vcf");
    std::fs::write(&file, card).unwrap();
    let mut sliced = Store::open(&dir.path().join("sliced.db")).unwrap();
    let mut owed_after_move = None;
    import::apply_file(&mut sliced, &file, &ImportOptions::default(), &mut |p| {
        if p.stage == Stage::Indexing && owed_after_move.is_none() {
            owed_after_move = Some(p.total);
        }
        true
    })
    .unwrap();
    assert_eq!(owed_after_move, Some(1), "the imported contact's row was owed, then written by a slice");
    let imported = id_of(&sliced, "Noor Haddad");
    let fields = sliced.contact(imported).unwrap().fields;
    assert_eq!(fields.emails.len(), 2);
    assert!(fields.location.is_some() && fields.role.is_some() && fields.nickname.is_some());

    let mut by_hand = Store::open(&dir.path().join("by_hand.db")).unwrap();
    let added = by_hand.add_contact(&fields).unwrap().id;
    let row = |store: &Store, id: ContactId| -> (String, String, Option<String>) {
        store
            .connection()
            .query_row("SELECT name, detail, notes FROM contact_search WHERE rowid = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap()
    };
    let slice_row = row(&sliced, imported);
    assert_eq!(slice_row, row(&by_hand, added));
    assert!(slice_row.1.contains("noor@tidewater.test n.haddad@mail.test"), "{slice_row:?}");

    // An interaction: logged by hand (trigger), then its row owed and written again by a slice.
    let at = chrono::DateTime::parse_from_rfc3339("2025-05-01T09:00:00+01:00").unwrap();
    let mut logged = NewInteraction::new(at, Channel::Call, Party::Me, vec![added]);
    logged.summary = "Talked about the harbour ferries".into();
    let interaction = by_hand.log_interaction(&logged).unwrap().id;
    let summary = |store: &Store| -> String {
        store
            .connection()
            .query_row("SELECT summary FROM interaction_search WHERE rowid = ?1", [interaction], |r| r.get(0))
            .unwrap()
    };
    let by_trigger = summary(&by_hand);
    by_hand
        .connection()
        .execute_batch(&format!(
            "DELETE FROM interaction_search WHERE rowid = {0};
             INSERT INTO search_backlog (kind, first_id, last_id) VALUES ('interaction', {0}, {0});",
            interaction.0
        ))
        .unwrap();
    let done = by_hand.index_owed_search(&mut |_| true).unwrap();
    assert_eq!((done.rows, done.slices), (1, 1));
    assert_eq!(summary(&by_hand), by_trigger);
}

/// A kill after the move (here a panic in the progress call at the indexing stage, which stops
/// the import where a kill would) leaves every row in and their search rows owed; the next
/// indexing, which the CLI and the app run when they open the database, finishes it.
#[test]
fn an_import_stopped_after_its_move_leaves_its_index_owed_and_the_next_indexing_finishes_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    let cards = dir.path().join("cards.vcf");
    write_cards(&cards, 3_000);
    let mut store = Store::open(&db).unwrap();
    let stopped = catch_unwind(AssertUnwindSafe(|| {
        import::apply_file(&mut store, &cards, &ImportOptions::default(), &mut |p| {
            if p.stage == Stage::Indexing {
                panic!("killed after the move");
            }
            true
        })
    }));
    assert!(stopped.is_err());
    drop(store);

    let mut store = Store::open(&db).unwrap();
    assert_eq!(number(&store, "SELECT count(*) FROM contacts"), 3_000, "the move committed");
    assert_eq!(store.search_owed().unwrap(), 3_000);
    assert!(found(&store, "p2999@cards").is_empty(), "meanwhile a search misses them");
    let done = store.index_owed_search(&mut |_| true).unwrap();
    assert_eq!((done.rows, done.slices), (3_000, 2));
    assert_eq!(store.search_owed().unwrap(), 0);
    assert_eq!(found(&store, "p2999@cards"), ["Person 2999 Zed"]);
    assert_eq!(found(&store, "p0@cards"), ["Person 0 Zed"]);
}

/// A write of another program that comes while an import indexes (the app's "Add contact")
/// takes the lock between two slices, not after the last: the slices pause, and every Rapport
/// connection tries again every 2 ms while the database is busy (SQLite's own handler backs off
/// to every 100 ms, and kept missing the gaps).
#[test]
fn a_write_that_comes_while_an_import_indexes_goes_in_between_two_slices() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    let cards = dir.path().join("cards.vcf");
    write_cards(&cards, 40_000);
    let mut store = Store::open(&db).unwrap();
    let mut other = Some(Store::open(&db).unwrap());
    let written = Arc::new(AtomicBool::new(false));
    let mut writer = None;
    // (ids indexed, whether the other write was in) at each step after the first.
    let mut steps: Vec<(u64, bool)> = Vec::new();
    import::apply_file(&mut store, &cards, &ImportOptions::default(), &mut |p| {
        if p.stage != Stage::Indexing {
            return true;
        }
        if let Some(mut other) = other.take() {
            let written = Arc::clone(&written);
            writer = Some(std::thread::spawn(move || {
                other.add_contact(&ContactFields::named("Written Meanwhile")).unwrap();
                written.store(true, Ordering::SeqCst);
            }));
        } else {
            steps.push((p.done, written.load(Ordering::SeqCst)));
        }
        true
    })
    .unwrap();
    writer.expect("the indexing stage was reported").join().unwrap();
    assert_eq!(steps.len(), 20, "{steps:?}");
    let first_in = steps.iter().position(|(_, written)| *written);
    assert!(
        first_in.is_some_and(|step| step < steps.len() - 1),
        "the other write waited for the last slice: {steps:?}"
    );
    assert_eq!(found(&store, "written meanwhile"), ["Written Meanwhile"]);
}
