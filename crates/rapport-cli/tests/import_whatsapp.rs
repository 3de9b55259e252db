//! `rapport import` of a WhatsApp chat (issue 16): without `--me` a group chat is refused with its
//! participants named; with it, `--dry-run` previews the turns and `--json` imports them, once.

mod common;

use serde_json::Value;

const GROUP: &str = "\u{200e}[05/01/2026, 18:00:00] Family: \u{200e}Messages and calls are end-to-end encrypted.
[05/01/2026, 18:01:10] Sam: Dinner on Sunday?
[05/01/2026, 18:03:00] \u{202a}+33 6 12 34 56 78\u{202c}: \u{200e}image omitted
[05/01/2026, 18:04:00] Zoé Martin: Yes
[05/01/2026, 18:04:30] Zoé Martin: I bring dessert
[13/01/2026, 09:00:00] Zoé Martin: Thanks for Sunday
";

/// `rapport --db DB ARGS`, run; its outcome to check.
fn rapport(db: &std::path::Path, args: &[&str]) -> assert_cmd::assert::Assert {
    common::rapport(db, args).assert()
}

fn stdout(a: assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.success().get_output().stdout.clone()).unwrap()
}

#[test]
fn a_group_chat_needs_me_then_previews_and_imports_its_turns_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    let file = dir.path().join("WhatsApp Chat - Family.txt");
    std::fs::write(&file, GROUP).unwrap();
    let file = file.to_str().unwrap();

    // Nobody says who I am: refused, the participants named, nothing written.
    let refused = rapport(&db, &["import", file]).failure();
    let out = String::from_utf8(refused.get_output().stdout.clone()).unwrap()
        + &String::from_utf8(refused.get_output().stderr.clone()).unwrap();
    assert!(
        out.contains("say which participant is you (--me NAME, or the Import screen’s “me” field); the chat’s participants are Sam, +33 6 12 34 56 78 and Zoé Martin"),
        "{out}"
    );
    assert!(out.contains("nothing was imported"), "{out}");

    let preview = stdout(rapport(&db, &["import", file, "--me", "sam", "--dry-run"]));
    assert!(preview.contains("whatsapp"), "{preview}");
    assert!(preview.contains("Interactions: 4 would be created"), "{preview}");
    let listed: Value = serde_json::from_str(&stdout(rapport(&db, &["contact", "list", "--json"]))).unwrap();
    assert_eq!(listed.as_array().map(Vec::len), Some(0), "a dry run writes nothing: {listed}");

    let json: Value = serde_json::from_str(&stdout(rapport(&db, &["import", file, "--me", "Sam", "--json"]))).unwrap();
    assert_eq!(json["format"], "whatsapp", "{json}");
    assert_eq!(
        (json["contacts_created"].as_u64(), json["interactions_created"].as_u64()),
        (Some(2), Some(4)),
        "{json}"
    );
    // My question, asked of both; each answered it with their own turn.
    assert_eq!(json["questions_created"], 2, "{json}");
    let contacts: Value = serde_json::from_str(&stdout(rapport(&db, &["contact", "list", "--json"]))).unwrap();
    let mut names: Vec<&str> =
        contacts.as_array().unwrap().iter().map(|c| c["display_name"].as_str().unwrap()).collect();
    names.sort();
    assert_eq!(names, ["+33 6 12 34 56 78", "Zoé Martin"]);

    let again: Value = serde_json::from_str(&stdout(rapport(&db, &["import", file, "--me", "Sam", "--json"]))).unwrap();
    assert_eq!((again["interactions_created"].as_u64(), again["interactions_duplicate"].as_u64()), (Some(0), Some(4)));
}

/// A winter and a summer message with Ann.
const SEASONS: &str = "15/01/2026, 09:00 - Ann Lee: winter\n15/07/2026, 09:00 - Sam: summer\n";

/// The stored times of the interactions (`rapport interactions --json`), oldest first.
fn stored_times(db: &std::path::Path, zone_of_computer: &str) -> Vec<String> {
    let out = common::rapport(db, &["interactions", "--json"]).env("TZ", zone_of_computer).assert();
    let listed: Value = serde_json::from_str(&stdout(out)).unwrap();
    let mut at: Vec<String> = listed.as_array().unwrap().iter().map(|i| i["at"].as_str().unwrap().to_owned()).collect();
    at.reverse();
    at
}

#[test]
fn a_chat_is_read_in_this_computers_zone_or_the_one_given() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("WhatsApp Chat with Ann Lee.txt");
    std::fs::write(&file, SEASONS).unwrap();
    let file = file.to_str().unwrap();
    // The computer is in Paris: 09:00 is 09:00+01:00 in January, 09:00+02:00 in July.
    let paris = dir.path().join("paris.db");
    let import_in = |db: &std::path::Path, computer: &str, args: &[&str]| {
        common::rapport(db, &[&["import", file, "--json"], args].concat()).env("TZ", computer).assert()
    };
    stdout(import_in(&paris, "Europe/Paris", &[]));
    assert_eq!(stored_times(&paris, "UTC"), ["2026-01-15T09:00:00+01:00", "2026-07-15T09:00:00+02:00"]);
    // Written in New York, imported in Paris: --zone says so.
    let new_york = dir.path().join("new-york.db");
    stdout(import_in(&new_york, "Europe/Paris", &["--zone", "America/New_York"]));
    assert_eq!(stored_times(&new_york, "UTC"), ["2026-01-15T09:00:00-05:00", "2026-07-15T09:00:00-04:00"]);
    // A zone that is not one: refused, named, nothing written.
    let mars = dir.path().join("mars.db");
    let refused = import_in(&mars, "UTC", &["--zone", "Mars/Olympus_Mons"]).failure();
    let err = String::from_utf8(refused.get_output().stderr.clone()).unwrap();
    assert!(err.contains("“Mars/Olympus_Mons” is not a time zone name"), "{err}");
    assert_eq!(stored_times(&mars, "UTC"), Vec::<String>::new());
    // Only a chat's times have no zone: --zone with another format is refused, not ignored.
    let card = dir.path().join("ann.vcf");
    std::fs::write(&card, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEND:VCARD\r\n").unwrap();
    let refused = rapport(&mars, &["import", card.to_str().unwrap(), "--zone", "Europe/Paris"]).failure();
    let err = String::from_utf8(refused.get_output().stderr.clone()).unwrap();
    assert!(err.contains("--zone applies to WhatsApp chats only"), "{err}");
    let contacts: Value = serde_json::from_str(&stdout(rapport(&mars, &["contact", "list", "--json"]))).unwrap();
    assert_eq!(contacts.as_array().map(Vec::len), Some(0), "{contacts}");
}
