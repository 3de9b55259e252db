//! The real `rapport` binary, several copies at once, on a database another connection (the
//! desktop app, played by a thread with its own store) keeps writing to: every command succeeds,
//! none reports the database locked, and every write is there afterwards.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::bare;
use rapport_core::{ContactFields, ContactQuery, InteractionQuery, Store};

const PROCESS_THREADS: usize = 4;
const COMMANDS_PER_THREAD: usize = 15;
const IMPORT_SIZE: usize = 2_000;

#[test]
fn cli_processes_and_another_writer_share_the_database_without_errors() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    let mut app = Store::open(&db).unwrap();
    app.add_contact(&ContactFields::named("Shared")).unwrap();
    drop(app);

    let stop = Arc::new(AtomicBool::new(false));
    let app_writer = {
        let (db, stop) = (db.clone(), Arc::clone(&stop));
        std::thread::spawn(move || {
            let mut store = Store::open(&db).unwrap();
            // One import-sized batch first (hundreds of contacts in one transaction, the longest
            // the app holds the write lock), then single writes with a short pause between them:
            // the app's writes come from a person through the window, never back to back. (A
            // writer that never releases the lock for more than an instant would starve the
            // others: SQLite's lock is not a queue; docs/reliability.md.)
            let mut n = 0;
            store
                .batch(|s| {
                    for _ in 0..IMPORT_SIZE {
                        s.add_contact(&ContactFields::named(format!("App {n}")))?;
                        n += 1;
                    }
                    Ok(())
                })
                .expect("the import succeeds");
            while !stop.load(Ordering::Relaxed) {
                store.add_contact(&ContactFields::named(format!("App {n}"))).expect("the app's write succeeds");
                n += 1;
                std::thread::sleep(Duration::from_millis(2));
            }
            n
        })
    };
    let threads: Vec<_> = (0..PROCESS_THREADS)
        .map(|t| {
            let db = db.clone();
            std::thread::spawn(move || {
                for k in 0..COMMANDS_PER_THREAD {
                    let name = format!("Cli {t}-{k}");
                    let args: Vec<String> = match k % 3 {
                        0 => vec!["contact".into(), "add".into(), name],
                        1 => vec![
                            "log".into(),
                            "--with".into(),
                            "Shared".into(),
                            "--note".into(),
                            name,
                            "--channel".into(),
                            "call".into(),
                        ],
                        _ => vec!["contact".into(), "list".into(), "--json".into()],
                    };
                    let out = bare().arg("--db").arg(&db).args(&args).output().unwrap();
                    let stderr = String::from_utf8_lossy(&out.stderr);
                    assert!(out.status.success(), "rapport {args:?} failed: {stderr}");
                    assert!(!stderr.contains("locked"), "{stderr}");
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("every command succeeds");
    }
    stop.store(true, Ordering::Relaxed);
    let app_writes = app_writer.join().unwrap();

    let store = Store::open(&db).unwrap();
    let contacts = store.list_contacts(&ContactQuery::default()).unwrap();
    let interactions = store.list_interactions(&InteractionQuery::default()).unwrap();
    // Command k of each thread is an add when k % 3 is 0, a log when it is 1.
    let of_kind = |kind| PROCESS_THREADS * (0..COMMANDS_PER_THREAD).filter(|k| k % 3 == kind).count();
    let (cli_adds, cli_logs) = (of_kind(0), of_kind(1));
    assert_eq!(contacts.len(), 1 + app_writes + cli_adds);
    assert_eq!(interactions.len(), cli_logs);
    println!(
        "{} rapport processes ({PROCESS_THREADS} at a time) beside a writer that committed {app_writes} contacts: \
         0 errors, every write there",
        PROCESS_THREADS * COMMANDS_PER_THREAD
    );
}
