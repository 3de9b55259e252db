//! The contact directory (list query with filters, sort and pages; open loops) and merging two
//! contacts with its exact undo.

use chrono::{DateTime, Duration, FixedOffset, TimeZone, Utc};
use rapport_core::directory::*;
use rapport_core::measures::contact::CadenceStatus;
use rapport_core::*;

fn at(day: u32, hour: u32) -> DateTime<FixedOffset> {
    FixedOffset::east_opt(0).unwrap().with_ymd_and_hms(2026, 3, day, hour, 0, 0).unwrap()
}

fn person(s: &mut Store, name: &str) -> ContactId {
    s.add_contact(&ContactFields::named(name)).unwrap().id
}

fn talk(s: &mut Store, with: &[ContactId], when: DateTime<FixedOffset>, by: Party) -> Interaction {
    s.log_interaction(&NewInteraction::new(when, Channel::Message, by, with.to_vec())).unwrap()
}

fn measured(s: &Store) -> Directory {
    Directory::build(s, at(28, 12).timestamp()).unwrap()
}

fn names(page: &ContactPage) -> Vec<&str> {
    page.contacts.iter().map(|c| c.display_name.as_str()).collect()
}

/// Ana talks often, Bea once long ago, Cy never; Dan is archived.
fn small_network() -> (Store, [ContactId; 4]) {
    let mut s = Store::open_in_memory().unwrap();
    let ana = person(&mut s, "Ana");
    let bea = person(&mut s, "Bea");
    let cy = person(&mut s, "Cy");
    let dan = person(&mut s, "Dan");
    for day in 1..=27 {
        talk(&mut s, &[ana], at(day, 9), Party::Me);
    }
    talk(&mut s, &[bea], at(2, 10), Party::Them);
    talk(&mut s, &[dan], at(3, 10), Party::Me);
    s.set_archived(dan, true).unwrap();
    (s, [ana, bea, cy, dan])
}

#[test]
fn the_list_sorts_by_name_strength_and_last_contact() {
    let (s, _) = small_network();
    let d = measured(&s);
    let by = |sort| d.page(&s, &ContactListQuery { sort, ..Default::default() }).unwrap();
    assert_eq!(names(&by(ContactSort::Name)), ["Ana", "Bea", "Cy"]);
    assert_eq!(names(&by(ContactSort::Strength)), ["Ana", "Bea", "Cy"]);
    let last = by(ContactSort::LastContact);
    assert_eq!(names(&last), ["Ana", "Bea", "Cy"]);
    assert_eq!(last.contacts[0].interaction_count, 27);
    assert_eq!(last.contacts[0].last_interaction_at, Some(at(27, 9).with_timezone(&Utc)));
    assert_eq!(last.contacts[2].last_interaction_at, None);
    let strengths: Vec<f64> = by(ContactSort::Strength).contacts.iter().map(|c| c.strength.unwrap()).collect();
    assert!(strengths[0] > strengths[1] && strengths[1] >= strengths[2], "{strengths:?}");
}

#[test]
fn the_list_filters_by_archive_cadence_layer_and_circle() {
    let (mut s, [ana, bea, cy, dan]) = small_network();
    let circle = s.add_circle("Climbing", None).unwrap();
    let mut fields = s.contact(bea).unwrap().fields;
    fields.circles = vec!["Climbing".into()];
    s.update_contact(bea, &fields).unwrap();
    let d = measured(&s);
    let page = |q: ContactListQuery| d.page(&s, &q).unwrap();

    let archived = page(ContactListQuery { archived: ArchivedFilter::Archived, ..Default::default() });
    assert_eq!(names(&archived), ["Dan"]);
    assert_eq!(archived.contacts[0].strength, None, "archived contacts have no measures");
    assert_eq!(page(ContactListQuery { archived: ArchivedFilter::All, ..Default::default() }).total, 4);

    let never = page(ContactListQuery { cadence: Some(CadenceStatus::Never), ..Default::default() });
    assert_eq!(names(&never), ["Cy"]);
    // Each status filter returns exactly the contacts measured with that status.
    let mut seen = 0;
    for status in [CadenceStatus::OnTrack, CadenceStatus::Due, CadenceStatus::Overdue, CadenceStatus::Never] {
        let got = page(ContactListQuery { cadence: Some(status), ..Default::default() });
        for row in &got.contacts {
            assert_eq!(d.measures(row.id).unwrap().cadence.status, status);
            assert_eq!(row.cadence, Some(status));
        }
        seen += got.total;
    }
    assert_eq!(seen, 3, "the four statuses split the active contacts");

    let ana_layer = d.measures(ana).unwrap().layer.unwrap() as u32;
    let in_layer = page(ContactListQuery { layer: Some(ana_layer), ..Default::default() });
    assert!(in_layer.contacts.iter().any(|c| c.id == ana));
    assert!(in_layer.contacts.iter().all(|c| c.layer == Some(ana_layer as usize)));
    let outside = page(ContactListQuery { layer: Some(0), ..Default::default() });
    assert!(outside.contacts.iter().any(|c| c.id == cy), "never contacted: outside every layer");
    assert!(outside.contacts.iter().all(|c| c.layer.is_none()));

    let climbers = page(ContactListQuery { circle: Some(circle.id), ..Default::default() });
    assert_eq!(climbers.contacts.iter().map(|c| c.id).collect::<Vec<_>>(), [bea]);
    let _ = dan;
}

#[test]
fn the_list_searches_and_pages_with_the_total_of_all_pages() {
    let mut s = Store::open_in_memory().unwrap();
    s.batch(|s| {
        for i in 0..250 {
            let name = if i % 10 == 0 { format!("Zoe {i:03}") } else { format!("Max {i:03}") };
            s.add_contact(&ContactFields::named(&name))?;
        }
        Ok(())
    })
    .unwrap();
    let d = measured(&s);
    let q = |search: &str, offset, limit| ContactListQuery {
        search: Some(search.into()),
        offset,
        limit: Some(limit),
        ..Default::default()
    };
    let first = d.page(&s, &q("zoe", 0, 10)).unwrap();
    assert_eq!(first.total, 25);
    assert_eq!(names(&first)[0], "Zoe 000");
    assert_eq!(first.contacts.len(), 10);
    let last = d.page(&s, &q("zoe", 20, 10)).unwrap();
    assert_eq!(names(&last), ["Zoe 200", "Zoe 210", "Zoe 220", "Zoe 230", "Zoe 240"]);
    let beyond = d.page(&s, &q("zoe", 40, 10)).unwrap();
    assert_eq!((beyond.total, beyond.contacts.len()), (25, 0));
    assert_eq!(d.page(&s, &q("  ", 0, 5)).unwrap().total, 250, "blank search matches everyone");
    assert_eq!(d.page(&s, &q("50%", 0, 5)).unwrap().total, 0, "LIKE wildcards are plain text");
}

#[test]
fn open_loops_list_what_i_owe_what_i_wait_for_and_whose_turn() {
    let mut s = Store::open_in_memory().unwrap();
    let ana = person(&mut s, "Ana");
    let bea = person(&mut s, "Bea");
    let cy = person(&mut s, "Cy");
    let mut asked = NewInteraction::new(at(1, 9), Channel::Message, Party::Them, vec![ana]);
    asked.questions = vec![NewQuestion { asked_by: Party::Them, text: "Coffee Tuesday?".into(), contact: None }];
    s.log_interaction(&asked).unwrap();
    let mut mine = NewInteraction::new(at(2, 9), Channel::Email, Party::Me, vec![bea]);
    mine.questions = vec![NewQuestion { asked_by: Party::Me, text: "Any news on the job?".into(), contact: None }];
    s.log_interaction(&mine).unwrap();
    // Cy wrote last, with no question: my turn.
    talk(&mut s, &[cy], at(3, 9), Party::Them);

    let loops = measured(&s).open_loops(&s).unwrap();
    assert_eq!(loops.i_owe.iter().map(|q| q.text.as_str()).collect::<Vec<_>>(), ["Coffee Tuesday?"]);
    assert_eq!(loops.waiting.iter().map(|q| q.text.as_str()).collect::<Vec<_>>(), ["Any news on the job?"]);
    assert_eq!(loops.my_turn.iter().map(|t| t.contact).collect::<Vec<_>>(), [cy]);
    assert_eq!(loops.my_turn[0].since, Some(at(3, 9).with_timezone(&Utc)));
    assert!(!loops.my_turn[0].quiet);
    assert_eq!(loops.owed, 2, "Ana's question and Cy's message");

    // Answering Ana's question closes that loop.
    let mut reply = NewInteraction::new(at(4, 9), Channel::Message, Party::Me, vec![ana]);
    reply.answers = vec![loops.i_owe[0].id];
    s.log_interaction(&reply).unwrap();
    talk(&mut s, &[cy], at(5, 9), Party::Me);
    let loops = measured(&s).open_loops(&s).unwrap();
    assert!(loops.i_owe.is_empty());
    assert!(loops.my_turn.is_empty());
    assert_eq!(loops.waiting.len(), 1);

    // Archived contacts' loops leave the lists.
    s.set_archived(bea, true).unwrap();
    assert!(measured(&s).open_loops(&s).unwrap().waiting.is_empty());
}

/// Every row of every table, as text, in a stable order: two equal dumps are the same data.
/// Left out: the data's token (every write renews it, an undo included) and the search index,
/// derived from these rows (an undo may lay its segments out anew).
fn dump(s: &Store) -> Vec<String> {
    let conn = s.connection();
    let mut tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name != 'data_token' AND name NOT LIKE '%\\_search%' ESCAPE '\\' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables.sort();
    let mut out = Vec::new();
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
        let n = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                let cells: Vec<String> = (0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect();
                Ok(format!("{table}: {}", cells.join(" | ")))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.sort();
        out.extend(rows);
    }
    out
}

#[test]
fn only_the_latest_merge_of_a_contact_can_be_undone() {
    let mut s = Store::open_in_memory().unwrap();
    let [a, b, c] = ["A", "B", "C"].map(|n| person(&mut s, n));
    talk(&mut s, &[a, b], at(1, 9), Party::Me);
    talk(&mut s, &[b, c], at(2, 9), Party::Them);
    let before = dump(&s);
    let first = s.merge_contacts(a, b).unwrap();
    let second = s.merge_contacts(a, c).unwrap();
    let err = s.undo_merge(first.id).unwrap_err();
    assert!(err.to_string().contains("undo it first"), "{err}");
    s.undo_merge(second.id).unwrap();
    s.undo_merge(first.id).unwrap();
    assert_eq!(dump(&s), before);
}

#[test]
fn a_merge_then_new_activity_then_undo_keeps_the_new_activity_with_the_kept_contact() {
    let mut s = Store::open_in_memory().unwrap();
    let [a, b] = ["A", "B"].map(|n| person(&mut s, n));
    talk(&mut s, &[b], at(1, 9), Party::Me);
    let merge = s.merge_contacts(a, b).unwrap();
    let later = talk(&mut s, &[a], at(2, 9) + Duration::hours(1), Party::Me);
    s.undo_merge(merge.id).unwrap();
    let of = |id| s.list_interactions(&InteractionQuery { contact: Some(id), ..Default::default() }).unwrap();
    assert_eq!(of(a).iter().map(|i| i.id).collect::<Vec<_>>(), [later.id]);
    assert_eq!(of(b).len(), 1);
}

#[test]
fn a_turn_quiet_for_a_season_is_folded_out_of_what_i_owe_and_out_of_the_suggestions() {
    let mut s = Store::open_in_memory().unwrap();
    let ana = person(&mut s, "Ana");
    let bea = person(&mut s, "Bea");
    let now = at(28, 12);
    let days_ago = |d: i64| now - Duration::days(d);
    talk(&mut s, &[ana], days_ago(i64::from(measures::ModelSettings::default().quiet_turn_days) - 1), Party::Them);
    talk(&mut s, &[bea], days_ago(i64::from(measures::ModelSettings::default().quiet_turn_days) + 1), Party::Them);

    let loops = measured(&s).open_loops(&s).unwrap();
    let turns: Vec<(ContactId, bool)> = loops.my_turn.iter().map(|t| (t.contact, t.quiet)).collect();
    assert_eq!(turns, [(bea, true), (ana, false)], "both listed, oldest first; Bea's is quiet");
    assert_eq!(loops.owed, 1, "the badge counts Ana's turn only");

    // The suggestions follow the same rule, so the window and `rapport suggest` agree.
    let suggested = measures::suggest(&s.history().unwrap(), now.timestamp(), &s.model_settings().unwrap());
    let mine: Vec<ContactId> = suggested.my_turn.iter().map(|t| t.contact).collect();
    assert_eq!(mine, [ana]);
}

#[test]
fn open_loops_cut_to_their_first_rows_keep_the_counts_of_the_whole_lists() {
    use rapport_core::directory::{LoopCounts, MyTurn, OpenLoops};
    let turn = |contact: i64, quiet: bool| MyTurn {
        contact: ContactId(contact),
        name: format!("C{contact}"),
        reason: rapport_core::measures::contact::TurnReason::TheirMessage,
        since: None,
        quiet,
    };
    let turns: Vec<MyTurn> = (1..=7).map(|c| turn(c, c % 2 == 0)).collect();
    let counts = LoopCounts { i_owe: 0, waiting: 0, my_turn: 4, my_turn_quiet: 3 };
    let loops = OpenLoops { i_owe: vec![], waiting: vec![], my_turn: turns, owed: 4, counts };
    let first = loops.clone().first(2);
    let ids: Vec<i64> = first.my_turn.iter().map(|t| t.contact.0).collect();
    assert_eq!(ids, [1, 2, 3, 4], "the first two recent turns and the first two quiet ones, in order");
    assert_eq!((first.counts, first.owed), (counts, 4));
    assert_eq!(loops.clone().first(10), loops);
}

#[test]
fn honorifics_around_the_structured_name_drive_neither_the_order_nor_the_shown_name() {
    let mut s = Store::open_in_memory().unwrap();
    person(&mut s, "Anna Zed");
    person(&mut s, "Karl Berg");
    let mut imported = ContactFields::named("Mr. John Smith Sr.");
    imported.given_name = Some("John".into());
    imported.family_name = Some("Smith".into());
    s.add_contact(&imported).unwrap();
    // Without both parts of the name, the display name is the name.
    let mut given_only = ContactFields::named("Dr. Zoe");
    given_only.given_name = Some("Zoe".into());
    s.add_contact(&given_only).unwrap();

    let page = measured(&s).page(&s, &ContactListQuery::default()).unwrap();
    assert_eq!(names(&page), ["Anna Zed", "Dr. Zoe", "Mr. John Smith Sr.", "Karl Berg"]);
    let shown: Vec<&str> = page.contacts.iter().map(|r| r.sort_name.as_str()).collect();
    assert_eq!(shown, ["Anna Zed", "Dr. Zoe", "John Smith", "Karl Berg"]);
    // Family name first in the display name: kept in that order.
    assert_eq!(directory::name_core("Dr. Kim Min-jun", Some("Min-jun"), Some("Kim")), "Kim Min-jun");
}

#[test]
fn the_name_order_is_sorted_once_and_a_write_to_a_few_contacts_puts_just_them_back_in_place() {
    let (mut s, [ana, bea, cy, _]) = small_network();
    let mut d = measured(&s);
    let queries = [
        ContactListQuery::default(),
        ContactListQuery { archived: ArchivedFilter::All, ..Default::default() },
        ContactListQuery { archived: ArchivedFilter::Archived, ..Default::default() },
        ContactListQuery { sort: ContactSort::Strength, ..Default::default() },
        ContactListQuery { sort: ContactSort::LastContact, offset: 1, limit: Some(2), ..Default::default() },
        ContactListQuery { search: Some("a".into()), ..Default::default() },
    ];
    assert_eq!(d.name_sorts(), 0, "read at the first page, not before");
    for q in &queries {
        d.page(&s, q).unwrap();
    }
    assert_eq!(d.name_sorts(), 1, "every page after the first starts from the kept order");

    // Cy renamed to the head of the list, Bea deleted, a new contact, a call with Ana.
    let mut fields = s.contact(cy).unwrap().fields;
    fields.display_name = "Aaron Cy".into();
    s.update_contact(cy, &fields).unwrap();
    s.delete_contact(bea).unwrap();
    let new = person(&mut s, "Zoe");
    talk(&mut s, &[ana], at(28, 9), Party::Them);
    d.refresh(&s, &[cy, bea, new, ana, ana], at(28, 12).timestamp()).unwrap();
    assert_eq!(d.name_sorts(), 1, "the write's contacts are put back in place, not the whole list sorted again");
    let fresh = measured(&s);
    for q in &queries {
        assert_eq!(d.page(&s, q).unwrap(), fresh.page(&s, q).unwrap(), "{q:?}");
    }
    assert_eq!(names(&d.page(&s, &queries[0]).unwrap()), ["Aaron Cy", "Ana", "Zoe"]);
}
