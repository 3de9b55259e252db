//! `rapport import`: a phone number written the national way matches the same number written
//! internationally in the region `--region` or the system's locale names (issue 16); and a folder
//! given with another format than email gets its own sentence.

mod common;

use std::path::Path;
use std::process::Output;

use common::contact_count as contacts;

/// `rapport --db DB ARGS` with `locale` as the system's locale (no other locale variable).
fn rapport(db: &Path, locale: &str, args: &[&str]) -> Output {
    let mut cmd = common::process_on(db, args);
    for v in ["LC_ALL", "LC_TELEPHONE", "LC_MESSAGES", "LANG", "LANGUAGE"] {
        cmd.env_remove(v);
    }
    cmd.env("LANG", locale);
    cmd.output().unwrap()
}

fn ok(db: &Path, locale: &str, args: &[&str]) -> String {
    let out = rapport(db, locale, args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn card(dir: &Path, file: &str, name: &str, tel: &str) -> String {
    let path = dir.join(file);
    std::fs::write(&path, format!("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nTEL:{tel}\r\nEND:VCARD\r\n")).unwrap();
    path.to_str().unwrap().to_owned()
}

/// A database holding Ann, whose card has her number as the French write it.
fn with_ann(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("rapport.db");
    ok(&db, "C", &["import", &card(dir, "ann.vcf", "Ann Martin", "06 12 34 56 78")]);
    db
}

#[test]
fn a_french_locale_finds_the_card_written_the_french_way() {
    let dir = tempfile::tempdir().unwrap();
    let db = with_ann(dir.path());
    let annie = card(dir.path(), "annie.vcf", "Annie", "+33 6 12 34 56 78");
    let out = ok(&db, "fr_FR.UTF-8", &["import", &annie, "--dry-run"]);
    assert!(out.contains("Contacts: 0 would be created"), "{out}");
    // --region says where the user is, whatever the locale.
    let out = ok(&db, "C", &["import", &annie, "--dry-run", "--region", "fr"]);
    assert!(out.contains("Contacts: 0 would be created"), "{out}");
    // In Britain 06 12 34 56 78 is another line; with no region at all, a national number
    // matches no international one.
    let out = ok(&db, "fr_FR.UTF-8", &["import", &annie, "--dry-run", "--region", "GB"]);
    assert!(out.contains("Contacts: 1 would be created"), "{out}");
    let out = ok(&db, "C.UTF-8", &["import", &annie, "--dry-run"]);
    assert!(out.contains("Contacts: 1 would be created"), "{out}");
    ok(&db, "fr_FR.UTF-8", &["import", &annie]);
    assert_eq!(contacts(&db), 1, "one Ann");
}

#[test]
fn an_unknown_region_is_refused_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = with_ann(dir.path());
    let annie = card(dir.path(), "annie.vcf", "Annie", "+33 6 12 34 56 78");
    let out = rapport(&db, "C", &["import", &annie, "--region", "Francia"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("“Francia” is not a region Rapport knows: give a two-letter country code"), "{err}");
    assert_eq!(contacts(&db), 1, "nothing imported");
}

#[test]
fn a_folder_with_another_format_than_email_is_refused_with_its_own_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    let folder = dir.path().join("export");
    std::fs::create_dir(&folder).unwrap();
    card(&folder, "ann.vcf", "Ann Martin", "06 12 34 56 78");
    let path = folder.to_str().unwrap();
    for format in ["vcard", "google_csv", "linkedin_connections", "csv", "ics", "linkedin_messages", "json", "whatsapp"]
    {
        let out = rapport(&db, "C", &["import", path, "--format", format]);
        assert!(!out.status.success(), "{format}");
        let err = String::from_utf8_lossy(&out.stderr);
        let said = format!(
            "{path} is a folder: only email is imported from a folder (the .eml files in it); give a file for {format}"
        );
        assert!(err.contains(&said), "{format}: {err}");
    }
    // Without a format, or with email's, a folder is a folder of .eml messages: this one has none.
    for args in [vec!["import", path], vec!["import", path, "--format", "email"]] {
        let err = String::from_utf8(rapport(&db, "C", &args).stderr).unwrap();
        assert!(err.contains(&format!("{path} holds no .eml file")), "{args:?}: {err}");
    }
    // A folder of .eml messages named as vCards is refused too, not read as email behind the
    // user's back.
    let eml = "From: Ann <ann@example.test>\r\nTo: Me <me@example.test>\r\nDate: Mon, 5 Jan 2026 10:00:00 +0000\r\n\
               Message-ID: <1@example.test>\r\nSubject: Hi\r\n\r\nHello\r\n";
    std::fs::write(folder.join("1.eml"), eml).unwrap();
    let out = rapport(&db, "C", &["import", path, "--format", "vcard", "--me", "me@example.test"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is a folder: only email is imported from a folder"));
    assert_eq!(contacts(&db), 0, "nothing imported");
}
