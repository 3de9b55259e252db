//! `Service::reply_candidate`: what the quick log offers as "reply to" (issue 13, threads).

use chrono::{Duration, FixedOffset, TimeZone, Utc};
use rapport_core::*;
use rapport_service::Service;

fn hours_ago(h: i64) -> chrono::DateTime<FixedOffset> {
    FixedOffset::east_opt(0).unwrap().from_utc_datetime(&(Utc::now() - Duration::hours(h)).naive_utc())
}

#[test]
fn the_reply_candidate_is_the_latest_open_exchange_with_the_contact() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::open(&dir.path().join("rapport.db"));
    let ana = service.add_contact(&ContactFields::named("Ana")).unwrap().id;
    let ben = service.add_contact(&ContactFields::named("Ben")).unwrap().id;
    assert_eq!(service.reply_candidate(ana).unwrap(), None, "no conversation yet");

    // Ana wrote twice (one turn); the latest of her messages is the one to reply to.
    let log = |at, by, with: Vec<ContactId>, summary: &str| {
        let mut new = NewInteraction::new(at, Channel::Message, by, with);
        new.summary = summary.into();
        service.log_interaction(&new).unwrap()
    };
    log(hours_ago(30), Party::Them, vec![ana], "Are you around?");
    let latest = log(hours_ago(29), Party::Them, vec![ana], "Lunch on Friday?");
    let offered = service.reply_candidate(ana).unwrap().expect("an open exchange");
    assert_eq!((offered.id, offered.summary.as_str()), (latest.id, "Lunch on Friday?"));
    assert_eq!((offered.at, offered.channel), (latest.at, Channel::Message));
    assert_eq!(service.reply_candidate(ben).unwrap(), None, "Ben's conversation is his own");

    // A call settles it.
    service.log_interaction(&NewInteraction::new(hours_ago(2), Channel::Call, Party::Me, vec![ana])).unwrap();
    assert_eq!(service.reply_candidate(ana).unwrap(), None);

    let unknown = service.reply_candidate(ContactId(99)).unwrap_err();
    assert_eq!(unknown.code, "not_found");
}
