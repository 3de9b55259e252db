//! Issue 13, defect 7, through the calls the window makes: setting a contact's closeness or
//! keep-in-touch goal in the contact form changes their chart from today on, not before.

use chrono::{Duration, FixedOffset, TimeZone, Utc};
use rapport_core::charts::{ChartKind, ChartOptions};
use rapport_core::*;
use rapport_service::Service;

#[test]
fn the_contact_form_dates_closeness_and_goal_so_last_months_chart_stays() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::open(&dir.path().join("rapport.db"));
    let ana = service.add_contact(&ContactFields::named("Ana")).unwrap();
    // A call every month for the last year.
    for months_ago in 1..=12 {
        let at = (Utc::now() - Duration::days(30 * months_ago)).naive_utc();
        let at = FixedOffset::east_opt(0).unwrap().from_utc_datetime(&at);
        service.log_interaction(&NewInteraction::new(at, Channel::Call, Party::Me, vec![ana.id])).unwrap();
    }
    let now = Utc::now().timestamp();
    let chart = |to: i64| {
        let options = ChartOptions { contact: Some(ana.id), ..ChartOptions::new(ChartKind::Contact, to) };
        service.chart_svg(&options).unwrap()
    };
    let last_month = now - 30 * 86_400;
    // Today's chart is drawn a minute ahead: the form's change is dated at the second it is saved,
    // and a chart ending at `now` missed it whenever that second came after `now` (a flake).
    let today = now + 60;
    let (past_before, today_before) = (chart(last_month), chart(today));
    let before = service.contact_measures(ana.id).unwrap().strength_parts;

    let fields = ContactFields { closeness: Some(5), cadence_days: Some(7), ..service.contact(ana.id).unwrap().fields };
    service.update_contact(ana.id, &fields).unwrap();

    assert_eq!(chart(last_month), past_before, "last month's chart");
    assert_ne!(chart(today), today_before, "today's chart sees the new closeness");
    let m = service.contact_measures(ana.id).unwrap();
    // Closeness 5 raises intimacy; a weekly goal shortens the half-life to the base 60 days.
    assert!(m.strength_parts.intimacy > before.intimacy, "{} then {}", before.intimacy, m.strength_parts.intimacy);
    assert_eq!((before.half_life_days, m.strength_parts.half_life_days), (90.0, 60.0));
    assert_eq!(m.cadence.expected_days, 7.0);
}
