//! An import applied in slices (issue 17, item 10): its rows go in several short write
//! transactions, each noting in the import's journal (schema v8) the ids it gave, so that no
//! transaction holds the write lock for long and the import stays all or nothing. Here the
//! slices are made tiny (one staged row each), so that even small files take many, and a hook
//! acts between two of them as another program (or a crash) would.

mod common;

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use chrono::TimeZone;
use rapport_core::import::{self, ImportOptions, Preview};
use rapport_core::store::after_each_import_transaction_here;
use rapport_core::{ContactFields, ContactId, Error, Labeled, Reason, Store};

use common::import::{fixture, tables, write, Hooks};

/// Columns set to the time of the write, which two runs of one import cannot share.
const CLOCK_COLUMNS: [&str; 4] = ["created_at", "updated_at", "since", "started_at"];

/// Every row of every table but the data's token and the search index's own tables (which
/// depend on how their writes were grouped, not on what they hold), without the columns of
/// [`CLOCK_COLUMNS`], sorted: what two databases must share to hold the same data.
fn rows(store: &Store) -> Vec<(String, Vec<Vec<String>>)> {
    let conn = store.connection();
    tables(store)
        .into_iter()
        .filter(|t| t != "data_token" && !t.starts_with("contact_search") && !t.starts_with("interaction_search"))
        .map(|table| {
            let mut info = conn.prepare(&format!("SELECT name FROM pragma_table_info('{table}')")).unwrap();
            let columns: Vec<String> = info
                .query_map([], |r| r.get::<_, String>(0))
                .unwrap()
                .map(Result::unwrap)
                .filter(|c| !CLOCK_COLUMNS.contains(&c.as_str()))
                .collect();
            let sql = format!("SELECT {} FROM \"{table}\"", columns.join(", "));
            let mut stmt = conn.prepare(&sql).unwrap();
            let mut found = stmt.query([]).unwrap();
            let mut all = Vec::new();
            while let Some(row) = found.next().unwrap() {
                all.push((0..columns.len()).map(|c| format!("{:?}", row.get_ref(c).unwrap())).collect::<Vec<_>>());
            }
            all.sort();
            (table, all)
        })
        .collect()
}

fn number(store: &Store, sql: &str) -> i64 {
    store.connection().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Counts the import transactions that committed, through the hook, over every import.
fn count_transactions() -> Rc<Cell<usize>> {
    let seen = Rc::new(Cell::new(0));
    let counter = seen.clone();
    after_each_import_transaction_here(Some(Box::new(move |_| {
        counter.set(counter.get() + 1);
        Ok(())
    })));
    seen
}

fn me(names: &[&str]) -> ImportOptions {
    ImportOptions { me: names.iter().map(|s| s.to_string()).collect(), ..Default::default() }
}

/// Five emails with Ann, two replies among them, and one to an earlier message already in the
/// database (`m0@r`, imported first), whose question it answers.
fn mbox(dir: &Path) -> (PathBuf, PathBuf) {
    let mail = |from: &str, to: &str, date: &str, id: &str, extra: &str, body: &str| {
        let sender = from.rsplit('<').next().unwrap_or(from).trim_end_matches('>').to_owned();
        format!(
            "From {sender} Mon Jan  1 00:00:00 2026\nFrom: {from}\nTo: {to}\nDate: {date}\nMessage-ID: <{id}>\n\
             Subject: hello\n{extra}\n{body}\n"
        )
    };
    let (ann, me) = ("Ann Lee <ann@example.org>", "Me <me@rapport.test>");
    let first = mail(me, ann, "Sun, 1 Mar 2026 09:00:00 +0000", "m0@r", "", "Did you get the tickets?\n");
    let rest = [
        mail(ann, me, "Sun, 1 Mar 2026 18:00:00 +0000", "a0@r", "In-Reply-To: <m0@r>\n", "Yes, two of them.\n"),
        mail(me, ann, "Mon, 2 Mar 2026 09:00:00 +0000", "m1@r", "", "Are you coming on Friday?\n"),
        mail(ann, me, "Mon, 2 Mar 2026 16:00:00 +0100", "a2@r", "In-Reply-To: <m1@r>\n", "Yes, see you there.\n"),
        mail(ann, me, "Tue, 10 Mar 2026 10:00:00 +0000", "a3@r", "", "Could you send me the slides?\n"),
        mail(me, ann, "Mon, 16 Mar 2026 08:00:00 +0000", "m4@r", "", "Here is the report.\n"),
        mail(ann, me, "Fri, 20 Mar 2026 12:00:00 +0000", "a5@r", "In-Reply-To: <m4@r>\n", "Thanks.\n"),
    ]
    .concat();
    (write(dir, "first.mbox", first), write(dir, "rest.mbox", rest))
}

/// A database with a few contacts, then every kind of file imported into it in turn: contacts
/// with circles, merges into them, messages with threads and questions (one answering a
/// message already there), chats, connections, meetings (one organised by another: who started
/// it), a blog with its
/// comments and my replies. Each import is applied in slices of `rows` staged rows.
fn import_everything(dir: &Path, rows: i64) -> (Store, Vec<Preview>, usize) {
    let _hooks = Hooks::slices_of(rows);
    let transactions = count_transactions();
    let mut store = Store::open(&dir.join(format!("rapport-{rows}.db"))).unwrap();
    let mut ana = ContactFields::named("Ana Lima");
    ana.emails.push(Labeled::new("ana.lima@globex.test"));
    store.add_contact(&ana).unwrap();
    store.add_contact(&ContactFields::named("Sam Rivera")).unwrap();
    let cards = write(
        dir,
        "cards.vcf",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ines Okafor\r\nEMAIL:ines@fixture.test\r\nTEL:+44 20 7946 0018\r\n\
         CATEGORIES:Choir,Work\r\nURL:https://example.org/ines\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Pavel Sorensen\r\nEMAIL:pavel@fixture.test\r\nCATEGORIES:choir\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\nEMAIL:ana.lima@globex.test\r\nTEL:+351 21 000 0000\r\nEND:VCARD\r\n",
    );
    let (first_mail, rest_mail) = mbox(dir);
    let group = write(
        dir,
        "WhatsApp Chat with Choir.txt",
        "01/02/2025, 09:00 - Ann Lee: Who is coming on Saturday?\n01/02/2025, 09:05 - Bo Ekberg: I am\n\
         01/02/2025, 09:10 - Me: Me too\n03/02/2025, 18:00 - Bo Ekberg: Any news?\n\
         03/02/2025, 18:30 - Ann Lee: Yes, the hall is booked\n",
    );
    let linkedin = ImportOptions { me: vec!["https://linkedin.com/in/sam-rivera/".into()], ..Default::default() };
    let files: Vec<(PathBuf, ImportOptions)> = vec![
        (fixture("import/google.csv"), ImportOptions::default()),
        (cards, ImportOptions::default()),
        (first_mail, me(&["me@rapport.test"])),
        (rest_mail, me(&["me@rapport.test"])),
        (fixture("import/messages.csv"), linkedin),
        (fixture("import/linkedin_connections.csv"), ImportOptions::default()),
        (fixture("import/meetings.ics"), me(&["me@rapport.test"])),
        (fixture("corpus/whatsapp/chat-miner_test_ddmmyy_24hrs.txt"), me(&["John Doe"])),
        (group, me(&["Me"])),
        (fixture("import/blog_story.wxr.xml"), ImportOptions::default()),
        (fixture("import/blog_story.disqus.xml"), ImportOptions::default()),
    ];
    let previews = files
        .iter()
        .map(|(file, options)| {
            import::apply_file(&mut store, file, options, &mut |_| true)
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()))
        })
        .collect();
    let made = transactions.get();
    (store, previews, made)
}

/// The rows of an import applied one staged row per transaction are exactly those of the same
/// import applied in one transaction per part, for every kind of file: the ids given slice by
/// slice, the links between rows of different slices (a reply to a message of an earlier
/// slice, a question answered in a later one), the merges. Before, the hook was never called:
/// an import was one transaction.
#[test]
fn an_import_in_many_slices_writes_exactly_the_rows_of_one_in_a_single_slice() {
    let dir = tempfile::tempdir().unwrap();
    let (whole, whole_previews, whole_transactions) = import_everything(dir.path(), i64::MAX);
    let (sliced, sliced_previews, sliced_transactions) = import_everything(dir.path(), 1);
    assert!(
        sliced_transactions > 20 && sliced_transactions > whole_transactions,
        "one staged row a slice makes many transactions: {sliced_transactions} against {whole_transactions}"
    );
    for (a, b) in whole_previews.iter().zip(&sliced_previews) {
        assert_eq!(
            (a.contacts_created, a.contacts_merged, a.interactions_created, a.questions_created),
            (b.contacts_created, b.contacts_merged, b.interactions_created, b.questions_created)
        );
    }
    assert!(number(&sliced, "SELECT count(*) FROM interactions WHERE in_reply_to IS NOT NULL") > 2);
    assert!(number(&sliced, "SELECT count(*) FROM interactions WHERE initiator_id IS NOT NULL") > 0);
    assert!(number(&sliced, "SELECT count(*) FROM questions WHERE answered_in IS NOT NULL") > 0);
    assert!(number(&sliced, "SELECT count(*) FROM reactions WHERE replied = 1") > 0);
    assert!(number(&sliced, "SELECT count(*) FROM contact_circles") > 0);
    assert_eq!(number(&sliced, "SELECT count(*) FROM import_journal"), 0, "the journal goes with the import");
    assert_eq!(sliced.search_owed().unwrap(), 0);
    let (whole_rows, sliced_rows) = (rows(&whole), rows(&sliced));
    for ((table, a), (_, b)) in whole_rows.iter().zip(&sliced_rows) {
        assert_eq!(a, b, "table {table}");
    }
    assert_eq!(whole_rows.len(), sliced_rows.len());
}

/// A copy of the database as it is now, taken through another connection.
fn copy_of(db: &Path, name: &str) -> PathBuf {
    let copy = db.with_file_name(name);
    Store::open(db).unwrap().backup_to(&copy).unwrap();
    copy
}

/// A database with two contacts and a message with Ann, and the vCard of fifty new people,
/// Ann's card with a new phone (a merge into her contact), and an mbox naming Ann.
fn database_and_files(dir: &Path) -> (PathBuf, Store, PathBuf, PathBuf) {
    let db = dir.join("rapport.db");
    let mut store = Store::open(&db).unwrap();
    let mut ann = ContactFields::named("Ann Lee");
    ann.emails.push(Labeled::new("ann@example.org"));
    store.add_contact(&ann).unwrap();
    store.add_contact(&ContactFields::named("Bo Ekberg")).unwrap();
    let mut cards = String::new();
    for n in 0..50 {
        cards.push_str(&format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {n}\r\nEMAIL:p{n}@cards.test\r\nCATEGORIES:Slices\r\nEND:VCARD\r\n"
        ));
    }
    cards.push_str(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEMAIL:ann@example.org\r\nTEL:+44 20 7946 0000\r\nEND:VCARD\r\n",
    );
    let cards = write(dir, "cards.vcf", cards);
    let (first, rest) = mbox(dir);
    import::apply_file(&mut store, &first, &me(&["me@rapport.test"]), &mut |_| true).unwrap();
    (db, store, cards, rest)
}

fn ann(store: &Store) -> ContactId {
    store.connection().query_row("SELECT id FROM contacts WHERE display_name = 'Ann Lee'", [], |r| r.get(0)).unwrap()
}

/// An error in the k-th transaction of an import (here from the hook, as a full disk or a
/// broken connection would fail it) leaves every table as it was, whichever k: the slices
/// before it are rolled back by the journal.
#[test]
fn an_error_between_any_two_slices_leaves_every_table_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut store, cards, mail) = database_and_files(dir.path());
    let _hooks = Hooks::slices_of(7);
    let before = rows(&store);
    for (file, options, at) in [
        (&cards, ImportOptions::default(), 1),
        (&cards, ImportOptions::default(), 5),
        (&mail, me(&["me@rapport.test"]), 3),
    ] {
        after_each_import_transaction_here(Some(Box::new(move |n| {
            if n == at {
                return Err(Error::Cancelled);
            }
            Ok(())
        })));
        let failed = import::apply_file(&mut store, file, &options, &mut |_| true);
        assert!(matches!(failed, Err(Error::Cancelled)), "failed at transaction {at}: {failed:?}");
        assert_eq!(rows(&store), before, "after a failure at transaction {at}");
    }
    // Without the failure, the same import goes in whole.
    after_each_import_transaction_here(None);
    let done = import::apply_file(&mut store, &cards, &ImportOptions::default(), &mut |_| true).unwrap();
    assert_eq!((done.contacts_created, done.contacts_merged), (50, 1));
}

/// Cancelled between two slices (the window's Cancel, the CLI's Ctrl-C), an import leaves
/// every table as it was: it stays cancellable until its last transaction.
#[test]
fn a_cancel_between_two_slices_leaves_every_table_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut store, cards, _) = database_and_files(dir.path());
    let _hooks = Hooks::slices_of(5);
    let before = rows(&store);
    let transactions = count_transactions();
    let seen = transactions.clone();
    let cancelled = import::apply_file(&mut store, &cards, &ImportOptions::default(), &mut |_| seen.get() < 4);
    assert!(matches!(cancelled, Err(Error::Cancelled)), "{cancelled:?}");
    assert_eq!(transactions.get(), 4, "cancelled after the fourth transaction");
    assert_eq!(rows(&store), before);
}

/// Another program deletes the contact a later slice names (Ann, in the mbox's messages)
/// between two slices: the slice is refused by the schema, the import fails with a sentence
/// saying so, and the database is as it was with that delete alone.
#[test]
fn a_contact_deleted_between_two_slices_fails_the_import_which_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut store, _, mail) = database_and_files(dir.path());
    let _hooks = Hooks::slices_of(1);
    let ann = ann(&store);
    let expected = {
        let copy = copy_of(&db, "expected.db");
        let mut other = Store::open(&copy).unwrap();
        other.delete_contact(ann).unwrap();
        rows(&other)
    };
    let other_db = db.clone();
    after_each_import_transaction_here(Some(Box::new(move |n| {
        if n == 1 {
            // Opened while the import applies: its journal is left alone.
            Store::open(&other_db)?.delete_contact(ann)?;
        }
        Ok(())
    })));
    let failed = import::apply_file(&mut store, &mail, &me(&["me@rapport.test"]), &mut |_| true).unwrap_err();
    assert!(matches!(&failed, Error::BadInput(Reason::ImportChangedMeanwhile {})), "{failed:?}");
    assert!(failed.to_string().contains("while the import was applied; nothing was imported"), "{failed}");
    assert_eq!(rows(&store), expected);
}

/// Another program edits a contact the import merges into (Ann's card brings a phone) between
/// two slices: the last transaction finds her changed since the plan and refuses to write over
/// the edit, the import is rolled back, and her contact keeps the other program's edit.
#[test]
fn an_edit_to_a_contact_the_import_merges_into_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut store, cards, _) = database_and_files(dir.path());
    let _hooks = Hooks::slices_of(10);
    let ann = ann(&store);
    let contacts = number(&store, "SELECT count(*) FROM contacts");
    let other_db = db.clone();
    after_each_import_transaction_here(Some(Box::new(move |n| {
        if n == 2 {
            let mut other = Store::open(&other_db)?;
            let mut fields = other.contact(ann)?.fields;
            fields.company = Some("Edited Elsewhere".into());
            other.update_contact(ann, &fields)?;
        }
        Ok(())
    })));
    let refused = import::apply_file(&mut store, &cards, &ImportOptions::default(), &mut |_| true).unwrap_err();
    assert!(
        matches!(&refused, Error::BadInput(Reason::ImportContactChanged { name }) if name == "Ann Lee"),
        "{refused:?}"
    );
    assert!(refused.to_string().starts_with("Ann Lee changed while the import was applied"), "{refused}");
    let now = store.contact(ann).unwrap().fields;
    assert_eq!(now.company.as_deref(), Some("Edited Elsewhere"));
    assert!(now.phones.is_empty(), "the import's merge was not written: {:?}", now.phones);
    assert_eq!(number(&store, "SELECT count(*) FROM contacts"), contacts, "no new contact is left");
    assert_eq!(number(&store, "SELECT count(*) FROM import_journal"), 0);
}

/// A copy of the file taken between two slices is a database whose import died there: its
/// journal says `applying` and nobody holds its lock file. The next open for writing rolls the
/// import back: every table as before the import.
#[test]
fn an_import_that_died_between_two_slices_is_rolled_back_by_the_next_open() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut store, cards, _) = database_and_files(dir.path());
    let _hooks = Hooks::slices_of(3);
    let before = copy_of(&db, "before.db");
    let other_db = db.clone();
    after_each_import_transaction_here(Some(Box::new(move |n| {
        if n == 9 {
            copy_of(&other_db, "died.db");
        }
        Ok(())
    })));
    import::apply_file(&mut store, &cards, &ImportOptions::default(), &mut |_| true).unwrap();
    let died = db.with_file_name("died.db");
    {
        let raw = rusqlite::Connection::open(&died).unwrap();
        let count = |sql: &str| -> i64 { raw.query_row(sql, [], |r| r.get(0)).unwrap() };
        assert_eq!(count("SELECT count(*) FROM import_journal WHERE state = 'applying'"), 1);
        assert!(count("SELECT count(*) FROM contacts") > 2, "the copy holds part of the import");
    }
    let reopened = Store::open(&died).unwrap();
    assert_eq!(number(&reopened, "SELECT count(*) FROM import_journal"), 0);
    assert_eq!(rows(&reopened), rows(&Store::open(&before).unwrap()));
}

/// While an import applies (its lock file held), a second import of the same database, from
/// another connection, is refused with a sentence and writes nothing; the first goes on.
#[test]
fn a_second_import_while_one_applies_is_refused_with_a_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut store, cards, mail) = database_and_files(dir.path());
    let _hooks = Hooks::slices_of(10);
    let refusal: Rc<Cell<Option<String>>> = Rc::new(Cell::new(None));
    let heard = refusal.clone();
    let other_db = db.clone();
    after_each_import_transaction_here(Some(Box::new(move |n| {
        if n == 2 {
            let mut other = Store::open(&other_db)?;
            let journal: i64 = other.connection().query_row("SELECT count(*) FROM import_journal", [], |r| r.get(0))?;
            assert_eq!(journal, 1, "opening beside a live import leaves its journal alone");
            let second = import::apply_file(&mut other, &mail, &me(&["me@rapport.test"]), &mut |_| true);
            heard.set(Some(match second {
                Err(e) => e.to_string(),
                Ok(p) => format!("imported {} interactions", p.interactions_created),
            }));
        }
        Ok(())
    })));
    let first = import::apply_file(&mut store, &cards, &ImportOptions::default(), &mut |_| true).unwrap();
    assert_eq!(first.contacts_created, 50);
    let said = refusal.take().expect("the second import ran");
    assert!(said.starts_with("another import is being applied to this database; nothing was imported"), "{said}");
    assert_eq!(number(&store, "SELECT count(*) FROM interactions"), 1, "only the message imported before");
}

/// A database opened only to read (a mounted backup, read-only media): an import is refused as
/// every write is, with the read-only sentence, before it makes its lock file beside the
/// database (on read-only media it could not, and the refusal would have been a file error).
#[test]
fn an_import_into_a_database_opened_read_only_is_refused_without_a_lock_file() {
    let dir = tempfile::tempdir().unwrap();
    let (db, store, cards, _) = database_and_files(dir.path());
    let before = rows(&store);
    drop(store);
    let lock = db.with_file_name("rapport.db-import");
    let _ = std::fs::remove_file(&lock);
    let mut read_only = Store::open_read_only(&db).unwrap();
    let refused = import::apply_file(&mut read_only, &cards, &ImportOptions::default(), &mut |_| true).unwrap_err();
    assert_eq!(refused.reason().key(), "read_only_database", "{refused}");
    assert!(!lock.exists(), "no lock file was made");
    assert_eq!(rows(&Store::open(&db).unwrap()), before);
}

/// A Rapport JSON export of [`import_everything`]'s database, restored into an empty one: the
/// restore keeps the file's ids, slice by slice.
fn export_of_everything(dir: &Path) -> PathBuf {
    let (source, _, _) = import_everything(dir, i64::MAX);
    let file = dir.join("export.json");
    std::fs::write(&file, serde_json::to_vec(&source.export().unwrap()).unwrap()).unwrap();
    file
}

/// A restore applied one staged row per slice writes exactly the rows of the same restore in one
/// slice per part: the kept ids, the circles, posts, comments and settings of the export.
#[test]
fn a_restore_in_many_slices_keeps_the_same_ids_and_rows_as_in_one() {
    let dir = tempfile::tempdir().unwrap();
    let export = export_of_everything(dir.path());
    let restored = |rows: i64| {
        let _hooks = Hooks::slices_of(rows);
        let transactions = count_transactions();
        let mut store = Store::open(&dir.path().join(format!("restored-{rows}.db"))).unwrap();
        import::apply_file(&mut store, &export, &ImportOptions::default(), &mut |_| true).unwrap();
        (store, transactions.get())
    };
    let (whole, whole_transactions) = restored(i64::MAX);
    let (sliced, sliced_transactions) = restored(1);
    assert!(sliced_transactions > 20 && sliced_transactions > whole_transactions, "{sliced_transactions}");
    assert!(number(&sliced, "SELECT count(*) FROM reactions") > 0);
    assert_eq!(rows(&sliced), rows(&whole));
}

/// Another program adds a contact while a restore applies its slices: the new contact takes the
/// next id, which the restore keeps for a contact of a later slice. That slice is refused, the
/// restore is rolled back with the sentence, and only the other program's contact is left.
#[test]
fn a_restore_whose_kept_id_another_program_takes_meanwhile_is_rolled_back() {
    let dir = tempfile::tempdir().unwrap();
    let export = export_of_everything(dir.path());
    let db = dir.path().join("restored.db");
    let mut store = Store::open(&db).unwrap();
    let _hooks = Hooks::slices_of(1);
    let other_db = db.clone();
    after_each_import_transaction_here(Some(Box::new(move |n| {
        if n == 2 {
            Store::open(&other_db)?.add_contact(&ContactFields::named("Quinn Meanwhile"))?;
        }
        Ok(())
    })));
    let refused = import::apply_file(&mut store, &export, &ImportOptions::default(), &mut |_| true).unwrap_err();
    assert!(matches!(&refused, Error::BadInput(Reason::ImportChangedMeanwhile {})), "{refused:?}");
    let names = common::import::texts(&store, "SELECT display_name FROM contacts");
    assert_eq!(names, ["Quinn Meanwhile"]);
    for table in ["interactions", "circles", "posts", "reactions", "import_journal", "search_backlog"] {
        assert_eq!(common::import::count(&store, table), 0, "{table}");
    }
}

/// Another program deletes the newest contact an import wrote, between two slices, then adds one
/// of its own, which SQLite gives the freed id. The import's next slice refuses to go on (the
/// schema noted the delete), and its rollback leaves the other program's contact alone though
/// its id lies among those the import wrote.
#[test]
fn a_contact_the_import_wrote_deleted_meanwhile_fails_it_and_the_id_given_again_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut store, cards, _) = database_and_files(dir.path());
    let _hooks = Hooks::slices_of(10);
    let before = rows(&store);
    let other_db = db.clone();
    let given_again = Rc::new(Cell::new(0));
    let seen = given_again.clone();
    after_each_import_transaction_here(Some(Box::new(move |n| {
        if n == 2 {
            let mut other = Store::open(&other_db)?;
            let newest: i64 = other.connection().query_row("SELECT max(id) FROM contacts", [], |r| r.get(0))?;
            other.delete_contact(ContactId(newest))?;
            let mine = other.add_contact(&ContactFields::named("Mine Added Meanwhile"))?;
            assert_eq!(mine.id.0, newest, "SQLite gave the freed id again");
            seen.set(newest);
        }
        Ok(())
    })));
    let failed = import::apply_file(&mut store, &cards, &ImportOptions::default(), &mut |_| true).unwrap_err();
    assert!(matches!(&failed, Error::BadInput(Reason::ImportChangedMeanwhile {})), "{failed:?}");
    assert!(given_again.get() > 0);
    let names = common::import::texts(&store, "SELECT display_name FROM contacts ORDER BY id");
    assert_eq!(names, ["Ann Lee", "Bo Ekberg", "Mine Added Meanwhile"]);
    let unchanged = |all: Vec<(String, Vec<Vec<String>>)>| -> Vec<(String, Vec<Vec<String>>)> {
        all.into_iter().filter(|(t, _)| !["contacts", "search_backlog"].contains(&t.as_str())).collect()
    };
    assert_eq!(unchanged(rows(&store)), unchanged(before));
    for table in ["import_journal", "import_journal_spans", "import_journal_gone"] {
        assert_eq!(common::import::count(&store, table), 0, "{table}");
    }
}

/// Another program merges a contact the import wrote into one of its own, between two slices:
/// the messages of later slices would go to the contact merged away, where nothing shows them.
/// The last transaction finds the merge and the import is rolled back with the sentence; the
/// contact merged away is kept (the merge names it, and undoing the merge needs it), and the
/// sentence says so.
#[test]
fn a_contact_the_import_wrote_merged_away_meanwhile_fails_it_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut store, _, _) = database_and_files(dir.path());
    let mut mails = String::new();
    for i in 0..10 {
        let k = i % 5;
        mails.push_str(&format!(
            "From s{k}@turns.test Mon Jan  1 00:00:00 2026\nFrom: Sender {k} <s{k}@turns.test>\n\
             To: Me <me@rapport.test>\nDate: Tue, {} Mar 2026 10:00:00 +0000\nMessage-ID: <{i}@turns>\n\
             Subject: turns\n\nThanks, that works for me.\n\n",
            1 + i
        ));
    }
    let mailbox = write(dir.path(), "turns.mbox", mails);
    let _hooks = Hooks::slices_of(1);
    let interactions = number(&store, "SELECT count(*) FROM interactions");
    let bo: i64 = number(&store, "SELECT id FROM contacts WHERE display_name = 'Bo Ekberg'");
    let other_db = db.clone();
    after_each_import_transaction_here(Some(Box::new(move |n| {
        // After the first transaction and the five new senders' slices.
        if n == 6 {
            let mut other = Store::open(&other_db)?;
            let newest: i64 = other.connection().query_row("SELECT max(id) FROM contacts", [], |r| r.get(0))?;
            other.merge_contacts(ContactId(bo), ContactId(newest))?;
        }
        Ok(())
    })));
    let failed = import::apply_file(&mut store, &mailbox, &me(&["me@rapport.test"]), &mut |_| true).unwrap_err();
    assert!(
        matches!(&failed, Error::BadInput(Reason::ImportKeptSome { problem, contacts: 1, interactions: 0, other: 0 })
            if **problem == Reason::ImportChangedMeanwhile {}),
        "{failed:?}"
    );
    assert!(failed.to_string().contains("contacts: 1; interactions: 0; posts, comments or circles: 0"), "{failed}");
    assert_eq!(
        number(&store, "SELECT count(*) FROM interactions"),
        interactions,
        "the import's messages are taken back"
    );
    let on_merged = "SELECT count(*) FROM interaction_participants p JOIN contacts c ON c.id = p.contact_id
                     WHERE c.merged_into IS NOT NULL";
    assert_eq!(number(&store, on_merged), 0);
    let kept = format!("SELECT count(*) FROM contacts WHERE display_name LIKE 'Sender %' AND merged_into = {bo}");
    assert_eq!(number(&store, &kept), 1, "the sender merged away is kept, merged into Bo");
    assert_eq!(number(&store, "SELECT count(*) FROM contacts WHERE display_name LIKE 'Sender %'"), 1);
    assert_eq!(number(&store, &format!("SELECT count(*) FROM merges WHERE kept = {bo}")), 1, "the merge can be undone");
}

/// Another program edits a message the import wrote (its summary) between two slices; the
/// import is then cancelled. The rollback keeps that message, and its sender (a contact of the
/// import, which the message names), and says so; the rest of the import is taken back.
#[test]
fn a_message_the_import_wrote_edited_meanwhile_is_kept_with_its_sender_by_the_rollback() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut store, _, _) = database_and_files(dir.path());
    let mut mails = String::new();
    for i in 0..10 {
        let k = i % 5;
        mails.push_str(&format!(
            "From s{k}@turns.test Mon Jan  1 00:00:00 2026\nFrom: Sender {k} <s{k}@turns.test>\n\
             To: Me <me@rapport.test>\nDate: Tue, {} Mar 2026 10:00:00 +0000\nMessage-ID: <{i}@turns>\n\
             Subject: turns\n\nThanks, that works for me.\n\n",
            1 + i
        ));
    }
    let mailbox = write(dir.path(), "turns.mbox", mails);
    let _hooks = Hooks::slices_of(1);
    let interactions = number(&store, "SELECT count(*) FROM interactions");
    let edited = Rc::new(Cell::new(0_i64));
    let seen = Rc::new(Cell::new(0));
    let (hook_edited, hook_seen) = (edited.clone(), seen.clone());
    after_each_import_transaction_here(Some(Box::new(move |n| {
        hook_seen.set(n);
        // After the first transaction, the five new senders' slices and one message's.
        if n == 7 {
            let mut other = Store::open(&db)?;
            let newest: i64 = other.connection().query_row("SELECT max(id) FROM interactions", [], |r| r.get(0))?;
            let edit = rapport_core::store::InteractionEdit {
                summary: Some("Edited by hand meanwhile".into()),
                ..Default::default()
            };
            other.edit_interaction(rapport_core::InteractionId(newest), &edit)?;
            hook_edited.set(newest);
        }
        Ok(())
    })));
    let failed =
        import::apply_file(&mut store, &mailbox, &me(&["me@rapport.test"]), &mut |_| seen.get() < 9).unwrap_err();
    assert!(edited.get() > 0, "the message was edited between two slices");
    assert!(
        matches!(&failed, Error::BadInput(Reason::ImportKeptSome { problem, contacts: 1, interactions: 1, other: 0 })
            if **problem == Reason::Cancelled {}),
        "{failed:?}"
    );
    assert_eq!(number(&store, "SELECT count(*) FROM interactions"), interactions + 1, "only the edited message stays");
    let kept = format!(
        "SELECT count(*) FROM interactions i JOIN interaction_participants p ON p.interaction_id = i.id
           JOIN contacts c ON c.id = p.contact_id
         WHERE i.id = {} AND i.summary = 'Edited by hand meanwhile' AND c.display_name LIKE 'Sender %'",
        edited.get()
    );
    assert_eq!(number(&store, &kept), 1, "the edited message keeps its sender");
    assert_eq!(number(&store, "SELECT count(*) FROM contacts WHERE display_name LIKE 'Sender %'"), 1);
    assert_eq!(number(&store, "SELECT count(*) FROM import_journal_kept"), 0, "the journal is gone");
}

/// Another program logs a call with a contact the import wrote (in a circle the import
/// created), then the import dies (a copy of the file taken between two slices): the next open
/// takes the import back but keeps that contact, the call's participant, and the circle.
#[test]
fn a_call_logged_meanwhile_with_a_dead_imports_contact_keeps_it_and_its_circle_at_the_next_open() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut store, cards, _) = database_and_files(dir.path());
    let contacts = number(&store, "SELECT count(*) FROM contacts");
    let _hooks = Hooks::slices_of(1);
    let (from, died) = (db.clone(), dir.path().join("died.db"));
    let to = died.clone();
    after_each_import_transaction_here(Some(Box::new(move |n| {
        if n == 3 {
            let mut other = Store::open(&from)?;
            let person: i64 =
                other
                    .connection()
                    .query_row("SELECT id FROM contacts WHERE display_name = 'Person 0'", [], |r| r.get(0))?;
            let at = chrono::FixedOffset::east_opt(0).unwrap().with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
            let call = rapport_core::NewInteraction::new(
                at,
                rapport_core::Channel::Call,
                rapport_core::Party::Me,
                vec![ContactId(person)],
            );
            other.log_interaction(&call)?;
        }
        if n == 4 {
            Store::open(&from)?.backup_to(&to)?;
        }
        Ok(())
    })));
    import::apply_file(&mut store, &cards, &ImportOptions::default(), &mut |_| true).unwrap();
    let reopened = Store::open(&died).unwrap();
    assert_eq!(number(&reopened, "SELECT count(*) FROM import_journal"), 0, "the dead import is taken back");
    assert_eq!(number(&reopened, "SELECT count(*) FROM contacts"), contacts + 1, "but for Person 0");
    let in_circle = "SELECT count(*) FROM contacts c JOIN contact_circles m ON m.contact_id = c.id
                       JOIN circles k ON k.id = m.circle_id
                     WHERE c.display_name = 'Person 0' AND k.name = 'Slices'";
    assert_eq!(number(&reopened, in_circle), 1, "Person 0 stays in the circle the import created");
    let call = "SELECT count(*) FROM interactions i JOIN interaction_participants p ON p.interaction_id = i.id
                  JOIN contacts c ON c.id = p.contact_id
                WHERE i.channel = 'call' AND c.display_name = 'Person 0'";
    assert_eq!(number(&reopened, call), 1, "the call logged meanwhile keeps its participant");
}
