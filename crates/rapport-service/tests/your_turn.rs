//! "Your turn" is one rule with one count: the dashboard's suggestions, Open loops (and the
//! sidebar's badge drawn from it) and This week list the same conversations.

use chrono::{Duration, Local};
use rapport_core::{Channel, ContactFields, NewInteraction, Party};
use rapport_service::Service;

/// A contact whose last message, `days_ago`, waits for my reply.
fn waiting(service: &Service, name: &str, days_ago: i64) -> rapport_core::ContactId {
    let contact = service.add_contact(&ContactFields::named(name)).unwrap();
    let at = (Local::now() - Duration::days(days_ago)).fixed_offset();
    service.log_interaction(&NewInteraction::new(at, Channel::Message, Party::Them, vec![contact.id])).unwrap();
    contact.id
}

#[test]
fn the_dashboard_open_loops_the_badge_and_this_week_count_the_same_turns() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::open(&dir.path().join("rapport.db"));
    // Quiet only after 400 days, longer than the measures' one-year window: a message of 380 days
    // ago is still a reply I owe, everywhere.
    let mut model = service.model_settings().unwrap();
    model.quiet_turn_days = 400;
    assert!(model.window_days < 380.0, "the case needs a window shorter than the turn's age");
    service.set_model_settings(&model).unwrap();
    let recent = waiting(&service, "Ana", 3);
    let past_the_window = waiting(&service, "Bo", 380);
    waiting(&service, "Cy", 500); // quiet: folded everywhere
    let archived = waiting(&service, "Dee", 2);
    service.set_archived(archived, true).unwrap();

    let suggested: Vec<_> =
        service.dashboard_view(None).unwrap().dashboard.suggestions.my_turn.iter().map(|t| t.contact).collect();
    let loops = service.open_loops().unwrap();
    let listed: Vec<_> = loops.my_turn.iter().filter(|t| !t.quiet).map(|t| t.contact).collect();
    let this_week: Vec<_> = service.agenda(14).unwrap().my_turn.iter().map(|t| t.contact).collect();

    assert_eq!(listed, [past_the_window, recent], "oldest first");
    assert_eq!(suggested, listed, "the dashboard's Your turn");
    assert_eq!(this_week, listed, "This week's");
    assert_eq!(loops.counts.my_turn, 2);
    assert_eq!(loops.counts.my_turn_quiet, 1);
    assert_eq!(loops.owed, 2, "the badge");
    assert_eq!(service.loops_owed().unwrap(), 2);
}
