//! The window's first views kept between runs (`kept.rs`): used at the next start only while the
//! data's token, the day and the version agree; measured again by the warm-up, which fills every
//! cache from one load of the history and makes the window's calls wait for it rather than
//! measure twice.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{FixedOffset, TimeZone, Utc};
use rapport_core::charts::{ChartKind, ChartOptions, Lang};
use rapport_core::directory::ContactListQuery;
use rapport_core::*;
use rapport_service::{Changed, Service};

/// A call `days` ago that I started, with `who`.
fn call_with(who: ContactId, days: i64) -> NewInteraction {
    let at = (Utc::now() - chrono::Duration::days(days)).naive_utc();
    NewInteraction::new(FixedOffset::east_opt(0).unwrap().from_utc_datetime(&at), Channel::Call, Party::Me, vec![who])
}

/// A database with a few contacts and a year of calls.
fn network(path: &std::path::Path) {
    let mut store = Store::open(path).unwrap();
    for (n, name) in ["Ana", "Bo", "Chloé", "Dee"].iter().enumerate() {
        let c = store.add_contact(&ContactFields::named(*name)).unwrap();
        for k in 0..(6 * (n + 1)) {
            store.log_interaction(&call_with(c.id, 2 + (k * 53 / (n + 1)) as i64)).unwrap();
        }
    }
}

fn index_chart() -> ChartOptions {
    ChartOptions { lang: Lang::En, ..ChartOptions::new(ChartKind::Index, Utc::now().timestamp()) }
}

#[test]
fn the_first_views_are_kept_across_runs_while_the_data_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let (db, cache) = (dir.path().join("rapport.db"), dir.path().join("cache"));
    network(&db);

    let first = Service::open(&db).keep_views_in(&cache);
    assert!(!first.opened_on_kept_views(), "nothing kept yet");
    let warm = first.warm_up().unwrap().expect("a plain database on disk is warmed up");
    assert!(warm.kept, "and its views kept");
    let dashboard = first.dashboard_now().unwrap();
    let page = first.contact_page(&ContactListQuery::default()).unwrap();
    let loops = first.open_loops().unwrap();
    let chart = first.chart_svg(&index_chart()).unwrap();
    drop(first);

    let second = Service::open(&db).keep_views_in(&cache);
    assert!(second.opened_on_kept_views(), "the same data, the same day: the kept views are used");
    assert_eq!(second.dashboard_now().unwrap(), dashboard);
    assert_eq!(second.contact_page(&ContactListQuery::default()).unwrap(), page);
    assert_eq!(second.open_loops().unwrap(), loops);
    assert_eq!(second.chart_svg(&index_chart()).unwrap(), chart, "the index chart, drawn from the kept numbers");

    // A write in this run: the caches follow it, nothing kept is claimed any more, and a moment
    // later the views are measured again in the background and kept under the new token.
    let ana = second.resolve_contact("Ana").unwrap();
    second.log_interaction(&call_with(ana, 1)).unwrap();
    assert!(!second.opened_on_kept_views());
    // Before any live parts, the kept dashboard stays on screen marked as being brought up to
    // date until the warm-up lands (8d29f68); it is never passed off as current.
    let after = second.dashboard_view(None).unwrap();
    assert!(after.updating || after.dashboard != dashboard, "the dashboard of before the write, unmarked");
    let waited = std::time::Instant::now();
    while !second.opened_on_kept_views() {
        assert!(waited.elapsed() < Duration::from_secs(30), "measured again after the change");
        std::thread::sleep(Duration::from_millis(20));
    }
    let measured = second.dashboard_view(None).unwrap();
    assert!(!measured.updating, "the warm-up's dashboard is current");
    assert_ne!(measured.dashboard, dashboard, "and it counts the call logged");
    let page_after = second.contact_page(&ContactListQuery::default()).unwrap();
    drop(second);

    let third = Service::open(&db).keep_views_in(&cache);
    assert!(third.opened_on_kept_views(), "the copy kept after the write describes the data");
    assert_eq!(third.contact_page(&ContactListQuery::default()).unwrap(), page_after);
}

#[test]
fn another_programs_write_between_runs_makes_the_kept_views_unused() {
    let dir = tempfile::tempdir().unwrap();
    let (db, cache) = (dir.path().join("rapport.db"), dir.path().join("cache"));
    network(&db);
    let first = Service::open(&db).keep_views_in(&cache);
    first.warm_up().unwrap().unwrap();
    let before = first.contact_page(&ContactListQuery::default()).unwrap();
    drop(first);

    let mut cli = Store::open(&db).unwrap();
    let eve = cli.add_contact(&ContactFields::named("Eve")).unwrap();
    drop(cli);

    let next = Service::open(&db).keep_views_in(&cache);
    assert!(!next.opened_on_kept_views());
    let after = next.contact_page(&ContactListQuery::default()).unwrap();
    assert_eq!(after.total, before.total + 1);
    assert!(after.contacts.iter().any(|r| r.id == eve.id), "the CLI's contact is listed at the next start");
}

#[test]
fn a_damaged_or_foreign_kept_file_is_ignored_and_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let (db, cache) = (dir.path().join("rapport.db"), dir.path().join("cache"));
    network(&db);
    Service::open(&db).keep_views_in(&cache).warm_up().unwrap().unwrap();
    let file = std::fs::read_dir(&cache).unwrap().next().unwrap().unwrap().path();
    for junk in [&b"{\"app_version\": 7}"[..], b"not json at all", b""] {
        std::fs::write(&file, junk).unwrap();
        let service = Service::open(&db).keep_views_in(&cache);
        assert!(!service.opened_on_kept_views(), "{:?} is not a kept copy", String::from_utf8_lossy(junk));
        assert_eq!(service.contact_page(&ContactListQuery::default()).unwrap().total, 4);
    }
    Service::open(&db).keep_views_in(&cache).warm_up().unwrap().unwrap();
    assert!(Service::open(&db).keep_views_in(&cache).opened_on_kept_views(), "the warm-up wrote a good copy again");
    let leftovers: Vec<_> = std::fs::read_dir(&cache).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(leftovers.len(), 1, "one file per database, no partial file left: {leftovers:?}");
}

#[test]
fn the_warm_up_fills_every_view_and_the_first_calls_wait_for_it_instead_of_measuring_twice() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    network(&db);
    let service = Service::open(&db);
    let fresh = Store::open(&db).unwrap();
    let expected = rapport_core::directory::Directory::build(&fresh, Utc::now().timestamp())
        .unwrap()
        .page(&fresh, &ContactListQuery::default())
        .unwrap();

    let heard: Arc<Mutex<Vec<Changed>>> = Arc::default();
    let sink = Arc::clone(&heard);
    service.on_change(move |c| sink.lock().unwrap().push(c.clone()));
    service.warm_up_in_background();
    // Asked at once, as the window does at start: answered from what the warm-up measured.
    let page = service.contact_page(&ContactListQuery::default()).unwrap();
    assert_eq!(page.total, expected.total);
    let names = |p: &rapport_core::directory::ContactPage| p.contacts.iter().map(|r| r.id).collect::<Vec<_>>();
    assert_eq!(names(&page), names(&expected));
    let strengths = |p: &rapport_core::directory::ContactPage| {
        p.contacts.iter().map(|r| r.strength.map(|s| (s * 1e6).round())).collect::<Vec<_>>()
    };
    assert_eq!(strengths(&page), strengths(&expected), "the same measures as a directory built afresh");
    for kind in ChartKind::ALL.into_iter().filter(|k| !k.needs_contact()) {
        for lang in [Lang::En, Lang::Fr] {
            let o = ChartOptions { lang, ..ChartOptions::new(kind, Utc::now().timestamp()) };
            let svg = service.chart_svg(&o).unwrap();
            assert!(svg.starts_with("<svg"), "{kind:?} in {lang:?}");
        }
    }
    std::thread::sleep(Duration::from_millis(100));
    assert!(heard.lock().unwrap().is_empty(), "nothing was shown before the warm-up: no redraw to ask for");
}

#[test]
fn an_in_memory_database_is_not_warmed_up() {
    let service = Service::from_store(Store::open_in_memory().unwrap());
    assert_eq!(service.warm_up().unwrap(), None);
}

#[test]
fn views_kept_from_before_another_tools_edit_are_dropped_when_they_cannot_be_measured_again() {
    let dir = tempfile::tempdir().unwrap();
    let (db, cache) = (dir.path().join("rapport.db"), dir.path().join("cache"));
    network(&db);
    Service::open(&db).keep_views_in(&cache).warm_up().unwrap().unwrap();
    // Another tool (sqlite3 by hand) leaves a model that is not one, without renewing the token.
    let store = Store::open(&db).unwrap();
    store.connection().execute("UPDATE settings SET value = '\"not an object\"' WHERE key = 'model'", []).unwrap();
    store
        .connection()
        .execute("INSERT OR IGNORE INTO settings (key, value) VALUES ('model', '\"not an object\"')", [])
        .unwrap();
    drop(store);

    let service = Service::open(&db).keep_views_in(&cache);
    assert!(service.opened_on_kept_views(), "the token did not move: the kept views are shown first");
    let heard: Arc<Mutex<Vec<Changed>>> = Arc::default();
    let sink = Arc::clone(&heard);
    service.on_change(move |c| sink.lock().unwrap().push(c.clone()));
    service.warm_up_in_background();
    let waited = std::time::Instant::now();
    while service.opened_on_kept_views() {
        assert!(waited.elapsed() < Duration::from_secs(30), "the failed warm-up drops the kept views");
        std::thread::sleep(Duration::from_millis(20));
    }
    let refused = service.dashboard_now().unwrap_err();
    assert_eq!(refused.key, "model_unreadable", "{refused:?}");
    assert!(heard.lock().unwrap().iter().any(|c| c.external), "the window is told to ask again");
}
