//! Hostile text through the `rapport` binary (issue 17, items 5, 6 and 8): control characters
//! and direction overrides typed in are refused with the field named; those already in a database
//! (written before the rules) or in a previewed file never reach the terminal raw; a CSV export
//! quotes what a spreadsheet would run as a formula.

mod common;

use std::path::{Path, PathBuf};

use common::{contact_count, ok, rapport};
use serde_json::Value;

/// ESC with a title-setting sequence, BEL, CR, the one-byte CSI of C1, and a right-to-left override.
const HOSTILE_NAME: &str = "Eve\u{1b}]0;owned\u{7}\r\u{9b}2J Moss\u{202e}";

/// Panics on any character in `text` a terminal would act on: C0 but tab and newline, DEL, C1,
/// and direction controls.
fn assert_inert(what: &str, text: &str) {
    let bad: Vec<char> = text
        .chars()
        .filter(|c| {
            (c.is_control() && *c != '\n' && *c != '\t')
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .collect();
    assert!(bad.is_empty(), "{what} prints {bad:?} raw:\n{text}");
}

fn new_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rapport.db");
    (dir, path)
}

#[test]
fn typed_controls_overrides_and_invisible_names_are_refused_with_the_field_named() {
    let (_dir, db) = new_db();
    ok(&db, &["contact", "add", "Ann Lee"]);
    let cases: &[(&[&str], &str, &str)] = &[
        (&["contact", "add", "Eve\u{1b}[2J Moss"], "display_name", "U+001B"),
        (&["contact", "add", "Eve\u{7} Moss"], "display_name", "U+0007"),
        (&["contact", "add", "Eve\r Moss"], "display_name", "U+000D"),
        (&["contact", "add", "Eve\u{9b}2J Moss"], "display_name", "U+009B"),
        (&["contact", "add", "Ann \u{202e}moc.evil"], "display_name", "U+202E"),
        (&["contact", "add", "\u{200b}\u{200d}"], "display_name", "invisible"),
        (&["contact", "add", "Eve", "--company", "Acme\u{1b}[31m"], "company", "U+001B"),
        (&["log", "--with", "Ann", "--note", "met \u{1b}]0;x\u{7} here"], "summary", "U+001B"),
        (&["log", "--with", "Ann", "--asked", "Lunch\r?"], "questions", "U+000D"),
    ];
    for (args, field, says) in cases {
        let out = rapport(&db, args).assert().failure().code(1).get_output().clone();
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(field) && err.contains(says), "{args:?}: {err}");
        assert_inert("the error", &err);
    }
    assert_eq!(contact_count(&db), 1, "nothing was written");
    assert_eq!(ok(&db, &["interactions", "--json"]).trim(), "[]");
}

/// A database whose text holds controls, as one written before Rapport refused them.
fn old_database(db: &Path) -> i64 {
    let id: i64 = ok(db, &["contact", "add", "Eve Moss", "--company", "Acme"]).trim().parse().unwrap();
    ok(db, &["log", "--with", "Eve", "--at", "2026-03-01", "--note", "talk", "--they-asked", "why?"]);
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute("UPDATE contacts SET display_name = ?1, company = ?1, notes = ?1", [HOSTILE_NAME]).unwrap();
    conn.execute("UPDATE interactions SET summary = ?1", [HOSTILE_NAME]).unwrap();
    conn.execute("UPDATE questions SET text = ?1", [HOSTILE_NAME]).unwrap();
    id
}

#[test]
fn text_already_in_the_database_reaches_the_terminal_escaped() {
    let (_dir, db) = new_db();
    let id = old_database(&db).to_string();
    for args in [
        vec!["contact", "list"],
        vec!["contact", "show", &id],
        vec!["interactions"],
        vec!["questions"],
        vec!["why", "--from", "2026-02-20", "--to", "2026-03-10"],
        vec!["report", "--at", "2026-03-10"],
    ] {
        let text = ok(&db, &args);
        assert_inert(&args.join(" "), &text);
        if args[0] != "why" && args[0] != "report" {
            // Escaped, not dropped: what the text holds stays visible (a listing cell is on one
            // line, so there CR is a space).
            assert!(
                text.contains("Eve\\u{1b}]0;owned\\u{7}") && text.contains("\\u{9b}2J Moss\\u{202e}"),
                "{args:?}: {text}"
            );
        }
    }
    // JSON escapes them too, and a JSON reader gets the stored text back exactly.
    let listed = ok(&db, &["contact", "list", "--json"]);
    assert_inert("contact list --json", &listed);
    let v: Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(v[0]["display_name"], HOSTILE_NAME);
    // The chart of that contact is still an SVG (its XML is checked in core's tests).
    let file = db.with_file_name("eve.svg");
    ok(&db, &["chart", "contact", "--contact", &id, "--out", file.to_str().unwrap()]);
    let svg = std::fs::read_to_string(file).unwrap();
    assert!(svg.contains("<svg") && !svg.contains('\u{1b}'));
}

#[test]
fn a_previewed_vcard_cannot_drive_the_terminal_and_its_controls_are_taken_out() {
    let (dir, db) = new_db();
    let vcf = dir.path().join("hostile.vcf");
    let card =
        format!("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{}\r\nNOTE:hi\u{7}\r\nEND:VCARD\r\n", HOSTILE_NAME.replace('\r', ""));
    std::fs::write(&vcf, card).unwrap();
    let preview = ok(&db, &["import", vcf.to_str().unwrap(), "--dry-run"]);
    assert_inert("import --dry-run", &preview);
    assert!(preview.contains("control or direction characters taken out"), "{preview}");
    assert_eq!(contact_count(&db), 0, "a dry run writes nothing");
    ok(&db, &["import", vcf.to_str().unwrap()]);
    let v: Value = serde_json::from_str(&ok(&db, &["contact", "list", "--json"])).unwrap();
    assert_eq!(v[0]["display_name"], "Eve]0;owned2J Moss");
}

#[test]
fn a_csv_export_quotes_formulas_and_reads_back_as_it_was() {
    let (dir, db) = new_db();
    ok(
        &db,
        &[
            "contact",
            "add",
            "=HYPERLINK(\"http://evil.test\",\"Click\")",
            "--company",
            "@SUM(1+1)",
            "--phone",
            "+33 6 12",
        ],
    );
    let out = dir.path().join("csv");
    ok(&db, &["export", "--format", "csv", "--out", out.to_str().unwrap()]);
    let contacts = std::fs::read_to_string(out.join("contacts.csv")).unwrap();
    assert!(
        contacts.contains("\"'=HYPERLINK") && contacts.contains(",'@SUM(1+1),") && contacts.contains(",'+33 6 12,")
    );
    let (_other_dir, other) = new_db();
    ok(&other, &["import", out.join("contacts.csv").to_str().unwrap()]);
    let v: Value = serde_json::from_str(&ok(&other, &["contact", "show", "1", "--json"])).unwrap();
    assert_eq!(v["contact"]["display_name"], "=HYPERLINK(\"http://evil.test\",\"Click\")");
    assert_eq!(v["contact"]["company"], "@SUM(1+1)");
}
