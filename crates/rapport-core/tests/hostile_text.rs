//! Hostile text (issue 17, items 5 to 8): control characters that would drive a terminal or break
//! an SVG, direction overrides that make a name read backwards, names made only of invisible
//! characters, and cells a spreadsheet would run as formulas. Typed in, they are refused with the
//! field named and nothing written; imported, they are taken out with a warning; exported as CSV,
//! a formula's first character is quoted and comes back unquoted on import.

use rapport_core::charts::*;
use rapport_core::import::{self, ImportOptions, Severity};
use rapport_core::measures::history::*;
use rapport_core::*;

/// ESC (with a title-setting sequence), BEL, CR and the one-byte CSI of C1.
const CONTROLS: [&str; 4] = ["\u{1b}]0;owned\u{7}", "\u{7}", "\r", "\u{9b}2J"];

fn at() -> chrono::DateTime<chrono::FixedOffset> {
    "2026-03-01T10:00:00+00:00".parse().unwrap()
}

fn invalid_field(e: Error) -> (&'static str, &'static str) {
    match e {
        Error::Invalid { field, reason } => (field, reason.key()),
        other => panic!("expected a refusal naming a field, got {other:?}"),
    }
}

fn contacts(store: &Store) -> Vec<Contact> {
    let all = store.list_contacts(&ContactQuery { include_archived: true, ..Default::default() }).unwrap();
    all.iter().map(|c| store.contact(c.id).unwrap()).collect()
}

#[test]
fn typed_text_with_a_control_character_is_refused_naming_the_field() {
    let mut store = Store::open_in_memory().unwrap();
    let ann = store.add_contact(&ContactFields::named("Ann Lee")).unwrap().id;
    for bad in CONTROLS {
        let name = format!("Eve{bad} Moss");
        let e = store.add_contact(&ContactFields::named(name.as_str())).unwrap_err();
        assert_eq!(invalid_field(e), ("display_name", "control_character"), "{name:?}");
        let e = store
            .add_contact(&ContactFields { company: Some(format!("Acme{bad} Inc")), ..ContactFields::named("Eve") });
        assert_eq!(invalid_field(e.unwrap_err()), ("company", "control_character"));
        let e = store
            .add_contact(&ContactFields { notes: format!("met\n\tthen{bad} left"), ..ContactFields::named("Eve") });
        assert_eq!(invalid_field(e.unwrap_err()), ("notes", "control_character"));
        let e = store.add_circle(&format!("Team{bad} A"), None).unwrap_err();
        assert_eq!(invalid_field(e), ("name", "control_character"));

        let mut new = NewInteraction {
            at: at(),
            channel: Channel::Call,
            initiated_by: Party::Me,
            participants: vec![ann],
            duration_min: None,
            summary: format!("talked{bad} long"),
            given: vec![],
            received: vec![],
            questions: vec![],
            answers: vec![],
            initiator: None,
            in_reply_to: None,
        };
        assert_eq!(invalid_field(store.log_interaction(&new).unwrap_err()), ("summary", "control_character"));
        new.summary = "talked".into();
        new.questions = vec![NewQuestion { asked_by: Party::Me, text: format!("how{bad} now?"), contact: None }];
        assert_eq!(invalid_field(store.log_interaction(&new).unwrap_err()), ("questions", "control_character"));

        let post = NewPost { platform: "blog".into(), at: at(), title: format!("Hello{bad} all"), url: None };
        assert_eq!(invalid_field(store.add_post(&post).unwrap_err()), ("title", "control_character"));
    }
    // Nothing of it was written; notes keep their tabs and lines.
    assert_eq!(contacts(&store).len(), 1);
    assert!(store.list_interactions(&InteractionQuery::default()).unwrap().is_empty());
    assert!(store.list_circles().unwrap().is_empty() && store.list_posts().unwrap().is_empty());
    let kept =
        store.add_contact(&ContactFields { notes: "line one\n\tline two".into(), ..ContactFields::named("Eve") });
    assert_eq!(kept.unwrap().fields.notes, "line one\n\tline two");
    // The sentence names the character.
    let e = store.add_contact(&ContactFields::named("Eve\u{1b}")).unwrap_err();
    assert!(e.to_string().contains("U+001B"), "{e}");
}

#[test]
fn a_name_made_only_of_invisible_characters_is_refused_as_empty() {
    let mut store = Store::open_in_memory().unwrap();
    for invisible in ["\u{200B}", "\u{200B}\u{200C}\u{200D}", "\u{2060}", "\u{FEFF}", "\u{00AD}", " \u{200B} \u{3164}"]
    {
        let e = store.add_contact(&ContactFields::named(invisible)).unwrap_err();
        assert_eq!(invalid_field(e), ("display_name", "invisible_name"), "{invisible:?}");
        let e = store.add_contact(&ContactFields { nickname: Some(invisible.into()), ..ContactFields::named("Eve") });
        assert_eq!(invalid_field(e.unwrap_err()), ("nickname", "invisible_name"));
        let e = store.add_circle(invisible, None).unwrap_err();
        assert_eq!(invalid_field(e), ("name", "invisible_name"));
    }
    // Joiners inside a visible name are writing, not hiding (an emoji sequence, Persian).
    store.add_contact(&ContactFields::named("Ann 👩\u{200D}💻")).unwrap();
    store.add_contact(&ContactFields::named("می\u{200C}خواهم")).unwrap();
    assert_eq!(contacts(&store).len(), 2);
}

#[test]
fn a_direction_override_is_refused_in_a_name() {
    let mut store = Store::open_in_memory().unwrap();
    for control in
        ['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}']
    {
        // "Ann" then an override: "moc.evil" would read as "live.com".
        let name = format!("Ann {control}moc.live");
        let e = store.add_contact(&ContactFields::named(name.as_str())).unwrap_err();
        assert_eq!(invalid_field(e), ("display_name", "direction_control"), "{name:?}");
        let e = store.add_contact(&ContactFields { family_name: Some(name.clone()), ..ContactFields::named("Ann") });
        assert_eq!(invalid_field(e.unwrap_err()), ("family_name", "direction_control"));
        let e = store.add_circle(&name, None).unwrap_err();
        assert_eq!(invalid_field(e), ("name", "direction_control"));
    }
    assert!(contacts(&store).is_empty());
}

fn warnings(preview: &import::Preview) -> Vec<String> {
    preview.problems.iter().filter(|p| p.severity == Severity::Warning).map(|p| p.to_string()).collect()
}

#[test]
fn an_imported_vcard_loses_its_controls_with_a_counted_warning() {
    let vcf = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Eve\u{1b}]0;owned\u{7} Moss\u{9b}2J\r\nN:Moss\u{202E};Eve;;;\r\n\
               NOTE:first\\nsecond\u{8}\r\nORG:Acme\r\nEND:VCARD\r\n\
               BEGIN:VCARD\r\nVERSION:3.0\r\nFN:\u{200B}\u{200D}\r\nEMAIL:ghost@x.test\r\nEND:VCARD\r\n";
    let options = ImportOptions { skip_invalid: true, ..Default::default() };
    let parsed = import::parse(vcf.as_bytes(), "hostile.vcf", &options, &mut |_| true).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let preview = import::preview(&store, &parsed, &mut |_| true).unwrap();
    let said = warnings(&preview);
    assert!(
        said.iter().any(|w| w.contains("card 1")
            && w.contains("display_name")
            && w.contains("taken out: 3 (U+001B, U+0007 and U+009B)")),
        "{said:#?}"
    );
    assert!(said.iter().any(|w| w.contains("family_name") && w.contains("U+202E")), "{said:#?}");
    assert!(said.iter().any(|w| w.contains("notes") && w.contains("U+0008")), "{said:#?}");
    // The invisible name is an error of its card, not a contact.
    let error = preview.problems.iter().find(|p| p.severity == Severity::Error).expect("the invisible card");
    assert!(error.to_string().contains("card 2") && error.reason.key() == "invisible_name", "{error}");

    import::apply(&mut store, &parsed, &options, &mut |_| true).unwrap();
    let stored = contacts(&store);
    assert_eq!(stored.len(), 1);
    let eve = &stored[0].fields;
    assert_eq!(eve.display_name, "Eve]0;owned Moss2J");
    assert_eq!(eve.family_name.as_deref(), Some("Moss"));
    assert_eq!(eve.notes, "first\nsecond");
}

#[test]
fn an_imported_csv_and_json_lose_their_controls_too() {
    let csv = "Name,Email,Notes\nEve\u{1b}[2J Moss,eve@x.test,\"one\r\ntwo\u{7}\"\n";
    let parsed = import::parse(csv.as_bytes(), "people.csv", &ImportOptions::default(), &mut |_| true).unwrap();
    let store = Store::open_in_memory().unwrap();
    let preview = import::preview(&store, &parsed, &mut |_| true).unwrap();
    let said = warnings(&preview);
    assert!(
        said.iter().any(|w| w.contains("row 1") && w.contains("display_name") && w.contains("U+001B")),
        "{said:#?}"
    );
    // CR LF inside a cell is a line break, not a control to count.
    assert!(said.iter().any(|w| w.contains("notes") && w.contains("taken out: 1 (U+0007)")), "{said:#?}");
    assert_eq!(parsed.contacts[0].fields.notes, "one\ntwo");

    // Rapport's own JSON, edited by someone: the same cleaning, circles and posts included.
    let mut source = Store::open_in_memory().unwrap();
    source.add_contact(&ContactFields { circles: vec!["Team".into()], ..ContactFields::named("Ann Lee") }).unwrap();
    source.add_post(&NewPost { platform: "blog".into(), at: at(), title: "Hello".into(), url: None }).unwrap();
    let json = serde_json::to_string(&source.export().unwrap())
        .unwrap()
        .replace("Ann Lee", "Ann\\u001b]0;x\\u0007 Lee")
        .replace("\"Team\"", "\"Te\\u202eam\"")
        .replace("Hello", "Hel\\u009blo");
    let parsed = import::parse(json.as_bytes(), "export.json", &ImportOptions::default(), &mut |_| true).unwrap();
    let mut target = Store::open_in_memory().unwrap();
    let done = import::apply(&mut target, &parsed, &ImportOptions::default(), &mut |_| true).unwrap();
    assert!(done.warnings >= 3, "{:#?}", done.problems);
    assert_eq!(contacts(&target)[0].fields.display_name, "Ann]0;x Lee");
    assert_eq!(target.list_circles().unwrap()[0].name, "Team");
    assert_eq!(target.list_posts().unwrap()[0].title, "Hello");
}

#[test]
fn a_chart_of_a_name_with_every_control_is_well_formed_xml() {
    // Such a name can only come from a database written before the rules: draw it from facts.
    let every_c0: String = (0u8..0x20).map(char::from).chain(['\u{7f}', '\u{9b}', '\u{202e}']).collect();
    let name = format!("Eve {every_c0} <Moss> & \"co\"");
    let facts = ContactFacts {
        id: ContactId(1),
        name: name.clone(),
        is_kin: false,
        closeness: None,
        cadence_days: None,
        circle_cadence_days: None,
        met_at: None,
        archived: false,
        changes: Vec::new(),
    };
    let t0 = 1_767_225_600;
    let mut history = History { contacts: vec![facts], ..History::default() };
    history.interactions.push(Touch {
        id: InteractionId(1),
        at: t0,
        channel: Channel::Call,
        initiated_by: Party::Me,
        duration_min: Some(30),
        participants: vec![ContactId(1)],
        offset_min: 0,
        initiator: None,
        in_reply_to: None,
    });
    let settings = measures::settings::ModelSettings::default();
    for kind in ChartKind::ALL {
        let contact = kind.needs_contact().then_some(ContactId(1));
        let o = ChartOptions { contact, ..ChartOptions::new(kind, t0 + 30 * 86_400) };
        let svg = render_svg(&history, &o, &settings).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{kind:?}: not XML: {e}"));
        if kind == ChartKind::Contact {
            let labels: Vec<&str> = doc.descendants().filter_map(|n| n.attribute("aria-label")).collect();
            assert!(labels.contains(&"Eve  <Moss> & \"co\""), "the name, less its controls: {labels:?}");
        }
    }
}

fn csv_table<'a>(tables: &'a [(&str, Vec<u8>)], name: &str) -> &'a str {
    std::str::from_utf8(&tables.iter().find(|(n, _)| *n == name).unwrap().1).unwrap()
}

#[test]
fn a_csv_export_quotes_formulas_in_text_cells_and_reads_them_back() {
    let mut store = Store::open_in_memory().unwrap();
    let hostile = ContactFields {
        company: Some("@SUM(1+1)*cmd|' /C calc'!A0".into()),
        notes: "-2+3".into(),
        phones: vec![Labeled::new("+33 6 12 34 56 78")],
        circles: vec!["=Team".into()],
        ..ContactFields::named("=HYPERLINK(\"http://evil.test\",\"Click\")")
    };
    let plain = ContactFields { notes: "'=kept as typed".into(), ..ContactFields::named("Ann Lee") };
    let id = store.add_contact(&hostile).unwrap().id;
    store.add_contact(&plain).unwrap();
    store
        .log_interaction(&NewInteraction {
            at: at(),
            channel: Channel::Call,
            initiated_by: Party::Me,
            participants: vec![id],
            duration_min: Some(5),
            summary: "+1 for the idea".into(),
            given: vec![],
            received: vec![],
            questions: vec![NewQuestion { asked_by: Party::Them, text: "=1+1?".into(), contact: None }],
            answers: vec![],
            initiator: None,
            in_reply_to: None,
        })
        .unwrap();
    let tables = store.export_csv().unwrap();
    let contacts_csv = csv_table(&tables, "contacts");
    for quoted in ["'=HYPERLINK", "'@SUM", "'-2+3", "'+33 6", "'=Team", "''=kept"] {
        assert!(contacts_csv.contains(quoted), "{quoted} in {contacts_csv}");
    }
    assert!(csv_table(&tables, "interactions").contains(",'+1 for the idea"));
    assert!(csv_table(&tables, "questions").contains(",'=1+1?"));
    assert!(csv_table(&tables, "participants").contains("\"'=HYPERLINK"));
    // No cell of any table starts a formula: ids, numbers, dates and words are left alone.
    for (name, bytes) in &tables {
        let mut reader = csv::Reader::from_reader(&bytes[..]);
        for row in reader.records() {
            for cell in row.unwrap().iter() {
                assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{name}: {cell:?}");
            }
        }
    }
    assert!(contacts_csv.lines().nth(1).unwrap().starts_with(&format!("{},", id.0)));

    // Rapport reads its own CSV back as it was.
    let parsed = import::parse(contacts_csv.as_bytes(), "contacts.csv", &ImportOptions::default(), &mut |_| true);
    let mut again = Store::open_in_memory().unwrap();
    import::apply(&mut again, &parsed.unwrap(), &ImportOptions::default(), &mut |_| true).unwrap();
    let back = contacts(&again);
    let eve = back.iter().find(|c| c.fields.display_name.starts_with("=HYPERLINK")).expect("the name, unquoted");
    assert_eq!(eve.fields.display_name, hostile.display_name);
    assert_eq!(eve.fields.company, hostile.company);
    assert_eq!(eve.fields.notes, hostile.notes);
    assert_eq!(eve.fields.phones[0].value, "+33 6 12 34 56 78");
    assert_eq!(eve.fields.circles, vec!["=Team".to_owned()]);
    let ann = back.iter().find(|c| c.fields.display_name == "Ann Lee").unwrap();
    assert_eq!(ann.fields.notes, "'=kept as typed");
}
