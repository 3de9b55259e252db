//! The `rapport` binary end to end, each test on its own fresh database file.

mod common;

use std::path::Path;

use common::{bare, contact_count, names_in, Db};
use predicates::prelude::*;
use serde_json::Value;

#[test]
fn a_contact_can_be_added_listed_shown_edited_and_archived() {
    let db = Db::new();
    let ann = db.add_contact(&[
        "Ann",
        "Lee",
        "--email",
        "ann@acme.test",
        "--company",
        "Acme",
        "--role",
        "CTO",
        "--circle",
        "Work",
        "--closeness",
        "4",
        "--met-on",
        "2024-05-02",
        "--birthday",
        "--03-14",
    ]);
    let bob = db.add_contact(&["Bob Ray", "--kin", "--cadence", "30"]);
    assert_ne!(ann, bob);

    let list = db.ok(&["contact", "list"]);
    let header = list.lines().next().unwrap();
    for column in ["id", "name", "company", "interactions", "last contact", "open questions"] {
        assert!(header.contains(column), "{header}");
    }
    assert!(list.contains("Ann Lee") && list.contains("Acme") && list.contains("Bob Ray"), "{list}");

    let listed = db.json(&["contact", "list"]);
    assert_eq!(listed.as_array().unwrap().len(), 2);
    assert_eq!(listed[0]["display_name"], "Ann Lee");
    assert_eq!(listed[0]["interaction_count"], 0);
    assert_eq!(listed[0]["last_interaction_at"], Value::Null);

    let shown = db.json(&["contact", "show", "ann lee"]);
    let c = &shown["contact"];
    assert_eq!(c["id"], ann);
    assert_eq!(c["emails"][0]["value"], "ann@acme.test");
    assert_eq!(c["circles"], serde_json::json!(["Work"]));
    assert_eq!((c["closeness"].as_i64(), c["met_on"].as_str()), (Some(4), Some("2024-05-02")));
    assert_eq!(c["birthday"], "--03-14");
    assert_eq!(shown["interaction_count"], 0);

    let text = db.ok(&["contact", "show", &ann.to_string()]);
    assert!(text.starts_with(&format!("Ann Lee #{ann}")), "{text}");
    assert!(text.contains("CTO, Acme") && text.contains("No interactions yet"), "{text}");

    let edited =
        db.json(&["contact", "edit", "Bob", "--name", "Robert Ray", "--company", "Globex", "--add-circle", "Family"]);
    assert_eq!(edited["display_name"], "Robert Ray");
    assert_eq!(edited["company"], "Globex");
    assert_eq!(edited["cadence_days"], 30, "fields not given stay as they were");
    assert_eq!(edited["is_kin"], true);
    assert_eq!(edited["circles"], serde_json::json!(["Family"]));

    let cleared = db.json(&["contact", "edit", "Robert", "--company", "", "--cadence", "", "--no-kin"]);
    assert_eq!(
        (&cleared["company"], &cleared["cadence_days"], &cleared["is_kin"]),
        (&Value::Null, &Value::Null, &Value::Bool(false))
    );

    assert_eq!(db.ok(&["contact", "archive", "Robert"]).trim(), format!("archived #{bob} Robert Ray"));
    let names: Vec<Value> =
        db.json(&["contact", "list"]).as_array().unwrap().iter().map(|c| c["display_name"].clone()).collect();
    assert_eq!(names, vec![Value::from("Ann Lee")], "archived contacts leave the list");
    assert_eq!(db.json(&["contact", "list", "--archived"]).as_array().unwrap().len(), 2);

    let back = db.json(&["contact", "archive", &bob.to_string(), "--undo"]);
    assert_eq!(back["archived"], false);
    assert_eq!(db.json(&["contact", "list"]).as_array().unwrap().len(), 2);
}

#[test]
fn contact_add_prints_only_the_new_id_and_with_json_the_created_contact() {
    let db = Db::new();
    assert_eq!(db.ok(&["contact", "add", "Ann Lee"]), "1\n");
    let created = db.json(&["contact", "add", "Bob", "--company", "Acme"]);
    assert_eq!((created["id"].as_i64(), created["company"].as_str()), (Some(2), Some("Acme")));
    assert_eq!(created["archived"], false);
}

#[test]
fn contact_edit_without_any_change_is_a_usage_error() {
    let db = Db::new();
    db.add_contact(&["Ann"]);
    let err = db.fails(&["contact", "edit", "Ann"], 2);
    assert!(err.starts_with("error: nothing to change"), "{err}");
}

#[test]
fn contact_list_filters_by_search_circle_and_limit() {
    let db = Db::new();
    db.add_contact(&["Ann Lee", "--company", "Acme", "--circle", "Work"]);
    db.add_contact(&["Bob Ray", "--circle", "Climbing"]);
    db.add_contact(&["Cleo Diaz", "--notes", "met at Acme's party"]);
    let names = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["contact", "list"];
        all.extend_from_slice(args);
        db.json(&all).as_array().unwrap().iter().map(|c| c["display_name"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(names(&["--search", "acme"]), ["Ann Lee", "Cleo Diaz"]);
    assert_eq!(names(&["--circle", "climbing"]), ["Bob Ray"]);
    assert_eq!(names(&["--limit", "1"]), ["Ann Lee"]);
    let err = db.fails(&["contact", "list", "--circle", "Chess"], 1);
    assert!(err.contains("no circle named \"Chess\"") && err.contains("Climbing, Work"), "{err}");
    let circles = db.json(&["circle", "list"]);
    assert_eq!(circles.as_array().unwrap().len(), 2);
    assert_eq!(circles[0]["name"], "Climbing");
    assert_eq!(circles[0]["member_count"], 1);
}

#[test]
fn log_with_several_names_records_questions_both_ways_and_answer_closes_them() {
    let db = Db::new();
    let ann = db.add_contact(&["Ann Lee"]);
    let bob = db.add_contact(&["Bob Ray"]);

    let out = db.ok(&[
        "log",
        "--with",
        "ann",
        "--with",
        "Bob Ray",
        "--channel",
        "call",
        "--by",
        "Ann",
        "--at",
        "2026-03-01T14:30:00+01:00",
        "--duration",
        "30",
        "--note",
        "Catch-up",
        "--gave",
        "introduction:to Cleo",
        "--received",
        "advice",
        "--asked",
        "Can you intro me to Dan?",
        "--they-asked",
        "Will you come Friday?",
    ]);
    let mut lines = out.lines();
    let first: i64 = lines.next().unwrap().parse().expect("the first line is the interaction id");
    let question_lines: Vec<&str> = lines.collect();
    assert_eq!(question_lines.len(), 4, "one question per contact and per --asked/--they-asked: {out}");
    assert!(question_lines.contains(&"question 1 (I asked Ann Lee): Can you intro me to Dan?"), "{out}");
    assert!(question_lines.contains(&"question 4 (Bob Ray asked me): Will you come Friday?"), "{out}");

    let it = &db.json(&["interactions"])[0];
    assert_eq!(it["id"], first);
    assert_eq!(it["at"], "2026-03-01T14:30:00+01:00", "the typed offset is kept");
    assert_eq!((it["channel"].as_str(), it["initiated_by"].as_str()), (Some("call"), Some("them")));
    assert_eq!(it["initiator"].as_i64(), it["participants"][0]["id"].as_i64(), "Ann Lee started it");
    assert_eq!((it["duration_min"].as_i64(), it["summary"].as_str()), (Some(30), Some("Catch-up")));
    assert_eq!(it["participants"].as_array().unwrap().len(), 2);
    let given: Vec<&Value> =
        it["value_items"].as_array().unwrap().iter().filter(|v| v["direction"] == "given").collect();
    assert_eq!(given.len(), 2, "one introduction to each participant");
    assert_eq!((given[0]["kind"].as_str(), given[0]["note"].as_str()), (Some("introduction"), Some("to Cleo")));

    let open = db.json(&["questions", "--open", "--contact", "Ann Lee"]);
    assert_eq!(open.as_array().unwrap().len(), 2);
    let mine = db.json(&["questions", "--mine"]);
    assert!(mine.as_array().unwrap().iter().all(|q| q["asked_by"] == "me"));
    let theirs = &db.json(&["questions", "--theirs", "--contact", &bob.to_string()])[0];
    assert_eq!((theirs["asked_by"].as_str(), theirs["text"].as_str()), (Some("them"), Some("Will you come Friday?")));

    let err = db.fails(&["answer", "3", "--at", "2026-02-28"], 1);
    assert!(err.contains("--at: the answer") && err.contains("cannot come before the question"), "{err}");

    // Ann asked me (question 3): answering it logs a new interaction, initiated by me, on the
    // question's channel.
    let answer_out = db.ok(&["answer", "3", "--at", "2026-03-02 09:00", "--note", "Yes, Friday"]);
    let answer_id: i64 = answer_out.lines().next().unwrap().parse().unwrap();
    assert!(answer_out.contains("answers question 3"), "{answer_out}");
    let answering = &db.json(&["interactions", "--limit", "1"])[0];
    assert_eq!(answering["id"], answer_id);
    assert_eq!((answering["initiated_by"].as_str(), answering["channel"].as_str()), (Some("me"), Some("call")));
    assert_eq!(answering["participants"][0]["id"], ann);
    assert_eq!(answering["answers"], serde_json::json!([3]));

    // I asked Bob (question 2): he answered in an interaction logged separately.
    let reply: i64 = db.ok(&["log", "--with", "Bob", "--by", "them", "--at", "2026-03-03"]).trim().parse().unwrap();
    let closed = db.json(&["answer", "2", "--in", &reply.to_string()]);
    assert_eq!(closed["answered_in"], reply);
    assert_eq!(closed["answered_at"], "2026-03-03T12:00:00Z", "a bare date is midday local time");

    let still_open: Vec<i64> =
        db.json(&["questions", "--open"]).as_array().unwrap().iter().map(|q| q["id"].as_i64().unwrap()).collect();
    assert_eq!(still_open, [1, 4]);
    let human = db.ok(&["questions"]);
    assert!(human.contains("answered after 19 h (#2)"), "{human}");
    assert!(human.contains("answered after 1 day (#") && human.contains("open "), "{human}");

    let err = db.fails(&["answer", "2", "--in", &reply.to_string()], 1);
    assert!(err.contains("already answered"), "{err}");
    assert_eq!(db.json(&["answer", "2", "--reopen"])["answered_in"], Value::Null);
}

#[test]
fn log_answers_flag_closes_questions_in_the_same_command() {
    let db = Db::new();
    db.add_contact(&["Ann"]);
    db.ok(&["log", "--with", "Ann", "--at", "2026-03-01", "--they-asked", "Lunch?"]);
    let created = db.json(&["log", "--with", "Ann", "--at", "2026-03-02", "--answers", "1"]);
    assert_eq!(created["answers"], serde_json::json!([1]));
    assert_eq!(db.json(&["questions", "--open"]), serde_json::json!([]));
}

#[test]
fn an_ambiguous_with_name_fails_listing_the_candidates_and_writes_nothing() {
    let db = Db::new();
    db.add_contact(&["Ann Lee"]);
    db.add_contact(&["Ann Smith"]);
    db.add_contact(&["Bob Ray"]);
    let err = db.fails(&["log", "--with", "Bob", "--with", "Ann", "--asked", "Coffee?"], 1);
    assert!(err.starts_with("error: --with:"), "{err}");
    assert!(err.contains("Ann Lee (#1)") && err.contains("Ann Smith (#2)"), "{err}");
    assert_eq!(err.lines().count(), 1, "one line, no Rust debug dump: {err}");
    assert_eq!(db.json(&["interactions"]), serde_json::json!([]));
    assert_eq!(db.json(&["questions"]), serde_json::json!([]));
}

#[test]
fn an_impossible_at_date_fails_naming_the_flag() {
    let db = Db::new();
    db.add_contact(&["Ann"]);
    let err = db.fails(&["log", "--with", "Ann", "--at", "2026-02-31"], 2);
    assert!(err.contains("--at") && err.contains("February 2026 has 28 days"), "{err}");
    let err = db.fails(&["log", "--with", "Ann", "--at", "next week"], 2);
    assert!(err.contains("--at") && err.contains("YYYY-MM-DD"), "{err}");
    let err = db.fails(&["contact", "add", "Bob", "--met-on", "2025-04-31"], 2);
    assert!(err.contains("--met-on") && err.contains("April 2025 has 30 days"), "{err}");
    assert_eq!(db.json(&["interactions"]), serde_json::json!([]));
}

#[test]
fn a_local_time_without_an_offset_keeps_the_local_zones_offset_of_that_day() {
    let db = Db::new();
    db.add_contact(&["Ann"]);
    // Central European time as a POSIX rule, so the test needs no time-zone database.
    let paris = "CET-1CEST,M3.5.0,M10.5.0/3";
    let summer =
        db.cmd(&["--json", "log", "--with", "Ann", "--at", "2026-07-01 09:00"]).env("TZ", paris).assert().success();
    let summer: Value = serde_json::from_slice(&summer.get_output().stdout).unwrap();
    assert_eq!(summer["at"], "2026-07-01T09:00:00+02:00");
    let winter =
        db.cmd(&["--json", "log", "--with", "Ann", "--at", "2026-01-15 09:00"]).env("TZ", paris).assert().success();
    let winter: Value = serde_json::from_slice(&winter.get_output().stdout).unwrap();
    assert_eq!(winter["at"], "2026-01-15T09:00:00+01:00");
}

#[test]
fn an_unknown_id_fails_with_a_non_zero_exit_and_a_message_on_stderr() {
    let db = Db::new();
    db.add_contact(&["Ann"]);
    for (args, message) in [
        (vec!["contact", "show", "99"], "error: no contact with id 99"),
        (vec!["contact", "archive", "Zed"], "error: no contact matches “Zed”"),
        (vec!["log", "--with", "42"], "error: --with: no contact with id 42"),
        (vec!["answer", "7"], "error: no question with id 7"),
        (vec!["react", "5", "--kind", "like"], "error: no post with id 5"),
    ] {
        let err = db.fails(&args, 1);
        assert_eq!(err.trim_end(), message, "{args:?}");
    }
}

#[test]
fn a_bad_command_line_is_a_usage_error_with_exit_code_2() {
    let db = Db::new();
    db.cmd(&["contact", "frobnicate"]).assert().code(2).stderr(predicate::str::starts_with("error:"));
    let err = db.fails(&["log", "--with", "Ann", "--channel", "fax"], 2);
    assert!(err.contains("--channel") && err.contains("in_person"), "{err}");
    let err = db.fails(&["contact", "add", "Ann", "--closeness", "9"], 2);
    assert!(err.contains("--closeness"), "{err}");
}

#[test]
fn a_post_collects_reactions_from_contacts_and_anonymous_counts() {
    let db = Db::new();
    db.add_contact(&["Ann Lee"]);
    db.add_contact(&["Bob Ray"]);
    let post: i64 = db
        .ok(&["post", "add", "--platform", "LinkedIn", "--title", "Why give first", "--at", "2026-03-02 08:00"])
        .trim()
        .parse()
        .unwrap();
    assert_eq!(db.ok(&["react", &post.to_string(), "--kind", "like", "--by", "Bob"]), "1\n");
    db.ok(&["react", &post.to_string(), "--kind", "like", "--count", "40"]);
    let comment = db.json(&[
        "react",
        &post.to_string(),
        "--kind",
        "comment",
        "--by",
        "Ann",
        "--comment",
        "Great piece",
        "--replied",
        "--at",
        "2026-03-02T10:00:00Z",
    ]);
    assert_eq!(comment["contact_name"], "Ann Lee");
    assert_eq!((comment["replied"].as_bool(), comment["at"].as_str()), (Some(true), Some("2026-03-02T10:00:00Z")));

    let posts = db.json(&["post", "list"]);
    assert_eq!(posts[0]["title"], "Why give first");
    assert_eq!(posts[0]["at"], "2026-03-02T08:00:00Z", "a zero offset is written Z");
    let reactions = posts[0]["reactions"].as_array().unwrap();
    assert_eq!(reactions.len(), 3);
    assert_eq!((reactions[1]["contact"].clone(), reactions[1]["count"].as_i64()), (Value::Null, Some(40)));

    let table = db.ok(&["post", "list"]);
    let row = table.lines().nth(1).unwrap();
    assert!(row.contains("LinkedIn") && row.contains("41"), "likes add the anonymous count: {table}");

    let err = db.fails(&["react", &post.to_string(), "--kind", "like", "--comment", "hi"], 2);
    assert!(err.contains("--kind comment"), "{err}");
    let err = db.fails(&["react", &post.to_string(), "--kind", "like", "--at", "2026-03-01"], 1);
    assert!(err.contains("before the post"), "{err}");
}

#[test]
fn export_json_parses_and_contains_what_was_added() {
    let db = Db::new();
    db.add_contact(&["Ann Lee", "--email", "ann@acme.test", "--circle", "Work"]);
    db.ok(&["log", "--with", "Ann", "--at", "2026-03-01", "--asked", "Coffee?", "--gave", "advice"]);
    db.ok(&["post", "add", "--platform", "Blog", "--url", "https://example.test/p"]);

    let stdout = db.ok(&["export", "--format", "json"]);
    let export: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(export["format"], "rapport-export");
    assert_eq!(export["contacts"][0]["emails"][0]["value"], "ann@acme.test");
    assert_eq!(export["circles"][0]["name"], "Work");
    assert_eq!(export["interactions"][0]["questions"][0]["text"], "Coffee?");
    assert_eq!(export["interactions"][0]["value_items"][0]["kind"], "advice");
    assert_eq!(export["posts"][0]["url"], "https://example.test/p");

    let file = db.dir.path().join("backup").join("export.json");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let said = db.ok(&["export", "--out", file.to_str().unwrap()]);
    assert!(said.starts_with("Exported 1 contact, 1 interaction and 1 post to "), "{said}");
    let from_file: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(from_file, export);
}

#[test]
fn export_never_writes_over_the_database_by_any_path() {
    let db = Db::new();
    db.add_contact(&["Ann Lee"]);
    db.ok(&["log", "--with", "Ann", "--at", "2026-03-01", "--asked", "Coffee?"]);
    let dir = db.dir.path();
    let before = std::fs::read(&db.path).unwrap();
    let wal = dir.join("rapport.db-wal");
    let through_dots = dir.join("sub").join("..").join("rapport.db");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    let link = dir.join("link.json");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&db.path, &link).unwrap();
    let hard = dir.join("hard.vcf");
    std::fs::hard_link(&db.path, &hard).unwrap();
    for target in [&db.path, &wal, &through_dots, &link, &hard] {
        for format in ["json", "vcard"] {
            let out = target.to_str().unwrap();
            // Not even --force replaces the database.
            let err = db.fails(&["export", "--format", format, "--out", out, "--force"], 1);
            assert!(err.contains("is the database itself"), "{format} to {out}: {err}");
        }
    }
    assert_eq!(std::fs::read(&db.path).unwrap(), before, "the database file is untouched");
    assert_eq!(contact_count(&db.path), 1);
    let questions = db.json(&["questions"]);
    assert_eq!(questions.as_array().unwrap().len(), 1, "{questions}");
}

#[test]
fn export_replaces_an_existing_file_only_with_force() {
    let db = Db::new();
    db.add_contact(&["Ann Lee"]);
    let file = db.dir.path().join("export.json");
    std::fs::write(&file, "keep me").unwrap();
    let err = db.fails(&["export", "--out", file.to_str().unwrap()], 1);
    assert!(err.contains("already exists") && err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");

    let csv = db.dir.path().join("csv");
    std::fs::create_dir_all(&csv).unwrap();
    std::fs::write(csv.join("posts.csv"), "keep me too").unwrap();
    let err = db.fails(&["export", "--format", "csv", "--out", csv.to_str().unwrap()], 1);
    assert!(err.contains("posts.csv already exists"), "{err}");
    assert_eq!(std::fs::read_dir(&csv).unwrap().count(), 1, "a refused CSV export writes no file at all");

    db.ok(&["export", "--out", file.to_str().unwrap(), "--force"]);
    let export: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(export["contacts"][0]["display_name"], "Ann Lee");
    db.ok(&["export", "--format", "csv", "--out", csv.to_str().unwrap(), "--force"]);
    assert!(std::fs::read_to_string(csv.join("posts.csv")).unwrap().starts_with("id,"));
}

#[test]
fn export_in_an_unknown_format_names_the_supported_ones() {
    let db = Db::new();
    let err = db.fails(&["export", "--format", "xml"], 2);
    assert!(err.contains("\"xml\" is not an export format; expected one of json, csv, vcard"), "{err}");
    let err = db.fails(&["export", "--format", "csv"], 2);
    assert!(err.contains("--out DIR"), "{err}");
}

/// The demo's JSON round trip says how many value items it wrote: all of them (it said 0, as
/// they are all inside interactions).
#[test]
fn a_json_round_trip_of_the_demo_counts_the_value_items_it_writes() {
    let db = Db::new();
    let demo = db.json(&["demo"]);
    let value_items = demo["value_items"].as_u64().unwrap();
    assert!(value_items > 0, "{demo}");
    let file = db.dir.path().join("demo.json");
    db.ok(&["export", "--format", "json", "--out", file.to_str().unwrap()]);

    let other = Db::new();
    let said = other.ok(&["import", file.to_str().unwrap()]);
    assert!(said.contains(&format!(", {value_items} value items,")), "{said}");
    // And that is what was written.
    let back = other.dir.path().join("back.json");
    other.ok(&["export", "--format", "json", "--out", back.to_str().unwrap()]);
    let back: Value = serde_json::from_slice(&std::fs::read(&back).unwrap()).unwrap();
    let inside: usize =
        back["interactions"].as_array().unwrap().iter().map(|i| i["value_items"].as_array().unwrap().len()).sum();
    assert_eq!((inside + back["value_items"].as_array().unwrap().len()) as u64, value_items);
}

#[test]
fn export_csv_and_vcard_then_import_them_back() {
    let db = Db::new();
    db.add_contact(&["Ann Lee", "--email", "ann@acme.test", "--company", "Acme", "--circle", "Work"]);
    db.add_contact(&["Bo Chen", "--phone", "+44 20 7946 0000"]);
    let dir = db.dir.path().join("csv");
    let said = db.json(&["export", "--format", "csv", "--out", dir.to_str().unwrap()]);
    assert_eq!(said["files"].as_array().unwrap().len(), 8);
    let contacts_csv = std::fs::read_to_string(dir.join("contacts.csv")).unwrap();
    assert!(contacts_csv.lines().nth(1).unwrap().contains("Ann Lee"), "{contacts_csv}");
    let vcf = db.dir.path().join("all.vcf");
    let said = db.ok(&["export", "--format", "vcard", "--out", vcf.to_str().unwrap()]);
    assert!(said.starts_with("Exported 2 contacts to "), "{said}");

    let other = Db::new();
    let done = other.json(&["import", vcf.to_str().unwrap()]);
    assert_eq!((done["contacts_created"].as_u64(), done["applied"].as_bool()), (Some(2), Some(true)));
    let again = other.ok(&["import", dir.join("contacts.csv").to_str().unwrap()]);
    assert!(again.contains("Contacts: 0 created, 0 merged, 2 already up to date, 0 skipped"), "{again}");
}

#[test]
fn import_dry_run_shows_matches_and_writes_nothing() {
    let db = Db::new();
    db.add_contact(&["Ann Lee", "--email", "ann@acme.test"]);
    let file = db.dir.path().join("people.vcf");
    std::fs::write(
        &file,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEMAIL:ANN@acme.test\r\nTEL:+1 555 0100 200\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cy Diaz\r\nEND:VCARD\r\n",
    )
    .unwrap();
    let out = db.ok(&["import", file.to_str().unwrap(), "--dry-run"]);
    assert!(out.contains("Contacts: 1 would be created, 1 would be merged"), "{out}");
    assert!(
        out.contains("card 1 (line 1)  Ann Lee: merge into contact #1 by email, adding phone +1 555 0100 200"),
        "{out}"
    );
    assert!(out.contains("Dry run: nothing was written."), "{out}");
    assert_eq!(contact_count(&db.path), 1);
    let done = db.json(&["import", file.to_str().unwrap()]);
    assert_eq!(done["contacts_created"], 1);
    assert_eq!(contact_count(&db.path), 2);
}

#[test]
fn import_refuses_a_file_with_an_error_unless_told_to_skip_it() {
    let db = Db::new();
    let file = db.dir.path().join("bad.vcf");
    std::fs::write(&file, "BEGIN:VCARD\nFN:Ann\nEND:VCARD\nBEGIN:VCARD\nFN:Bo\nBDAY:2001-02-31\nEND:VCARD\n").unwrap();
    let out = db.cmd(&["import", file.to_str().unwrap()]).assert().failure().code(1).get_output().clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stdout.contains("error   card 2, line 6, BDAY: “2001-02-31” is not a date"), "{stdout}");
    assert!(stderr.contains("1 error in bad.vcf; nothing was imported"), "{stderr}");
    assert_eq!(contact_count(&db.path), 0);
    let done = db.json(&["import", file.to_str().unwrap(), "--skip-invalid"]);
    assert_eq!((done["contacts_created"].as_u64(), done["records_skipped"].as_u64()), (Some(1), Some(1)));
    assert_eq!(contact_count(&db.path), 1);
}

#[test]
fn the_db_flag_wins_over_rapport_db_which_wins_over_the_default() {
    let db = Db::new();
    let other = db.dir.path().join("other.db");
    bare().env("RAPPORT_DB", &other).args(["contact", "add", "Only In Other"]).assert().success();
    assert_eq!(contact_count(&other), 1);
    bare()
        .env("RAPPORT_DB", &other)
        .arg("--db")
        .arg(&db.path)
        .args(["contact", "add", "Only In Flagged"])
        .assert()
        .success()
        .stdout("1\n");
    assert_eq!(contact_count(&other), 1);
    assert_eq!(contact_count(&db.path), 1);
}

#[test]
fn demo_refuses_a_database_that_already_holds_contacts() {
    let db = Db::new();
    db.add_contact(&["Ann"]);
    let err = db.fails(&["demo"], 1);
    assert!(err.contains("only goes into an empty database"), "{err}");
    assert_eq!(contact_count(&db.path), 1);
}

#[test]
fn demo_then_contact_list_json_shows_the_demo_network() {
    let db = Db::new();
    let summary = db.json(&["demo"]);
    let contacts = db.json(&["contact", "list"]);
    let n = contacts.as_array().unwrap().len();
    assert!((120..=180).contains(&n), "about 150 contacts, got {n}");
    let with_archived = db.json(&["contact", "list", "--archived"]).as_array().unwrap().len();
    assert_eq!(summary["contacts"].as_u64(), Some(with_archived as u64));
    assert!(contacts.as_array().unwrap().iter().any(|c| c["interaction_count"].as_i64() > Some(0)));
    assert!(summary["interactions"].as_u64() > Some(0));
}

#[test]
fn demo_lang_fr_writes_the_same_network_in_french_words() {
    let db = Db::new();
    db.fails(&["demo", "--lang", "de"], 2);
    let summary = db.json(&["demo", "--lang", "fr"]);
    let english = Db::new();
    assert_eq!(english.json(&["demo"]), summary, "the same counts in both languages");
    let circles = |db: &Db| db.json(&["circle", "list"]).to_string();
    assert!(circles(&db).contains("Famille") && !circles(&db).contains("\"Family\""), "{}", circles(&db));
    assert!(circles(&english).contains("Family"));
}

#[test]
fn demo_with_contacts_writes_a_synthetic_network_of_that_size() {
    let db = Db::new();
    let stats = db.json(&["demo", "--contacts", "300", "--interactions", "900"]);
    assert_eq!(stats["contacts"], 300);
    assert_eq!(stats["interactions"], 900);
    let with_archived = db.json(&["contact", "list", "--archived"]).as_array().unwrap().len();
    assert_eq!(with_archived, 300);
    // Like the demo story, it only goes into an empty database.
    let err = db.fails(&["demo", "--contacts", "10"], 1);
    assert!(err.contains("only goes into an empty database"), "{err}");
    // --interactions needs --contacts.
    db.fails(&["demo", "--interactions", "10"], 2);
}

#[test]
fn report_shows_the_index_with_six_components_that_add_up() {
    let db = Db::new();
    let ana = db.add_contact(&["Ana Lima"]);
    db.ok(&["log", "--with", "Ana Lima", "--channel", "in_person", "--at", "2026-03-02 10:00", "--gave", "advice"]);
    db.ok(&["log", "--with", "Ana Lima", "--channel", "email", "--by", "them", "--at", "2026-03-05 10:00"]);
    let report = db.json(&["report", "--at", "2026-03-10"]);
    let components = report["network"]["components"].as_array().unwrap();
    assert_eq!(components.len(), 6);
    let sum: f64 = components.iter().map(|c| c["contribution"].as_f64().unwrap()).sum();
    assert!((sum - report["network"]["index"].as_f64().unwrap()).abs() < 1e-6);
    assert_eq!(report["contacts"][0]["contact"], ana);
    assert_eq!(report["contacts"][0]["give_take"]["items_given"], 1);
    let text = db.ok(&["report", "--at", "2026-03-10"]);
    assert!(text.starts_with("Network Value Index on 2026-03-10:"), "{text}");
    // No question yet: Follow-through is its prior, 50, from no evidence (n = 0), with its interval.
    let line = text.lines().find(|l| l.trim_start().starts_with("Follow-through")).unwrap_or_else(|| panic!("{text}"));
    let cells: Vec<&str> = line.split_whitespace().collect();
    assert_eq!((cells[1], cells[3]), ("50", "0"), "{line}");
    // The same contact alone, by name.
    let one = db.json(&["report", "--contact", "Ana", "--at", "2026-03-10"]);
    assert_eq!(one["initiative"]["by_them"], 1);
    assert_eq!(one["last_interaction_at"], "2026-03-05T10:00:00Z");
}

#[test]
fn a_report_before_anything_happened_ignores_the_later_history() {
    let db = Db::new();
    db.add_contact(&["Ana Lima"]);
    db.ok(&["log", "--with", "Ana Lima", "--at", "2026-03-02 10:00"]);
    let report = db.json(&["report", "--at", "2026-01-01"]);
    assert_eq!(report["contacts"][0]["interactions"], 0);
    assert_eq!(report["contacts"][0]["cadence"]["status"], "never");
}

#[test]
fn why_names_the_questions_left_unanswered() {
    let db = Db::new();
    db.add_contact(&["Ana Lima"]);
    db.ok(&[
        "log",
        "--with",
        "Ana",
        "--by",
        "them",
        "--at",
        "2026-03-02 10:00",
        "--they-asked",
        "Can you intro me to Ben?",
    ]);
    let why = db.json(&["why", "--from", "2026-03-03", "--to", "2026-03-20"]);
    let moves = why["moves"].as_array().unwrap();
    assert_eq!(moves.len(), 6);
    let ft = moves.iter().find(|m| m["component"] == "follow_through").unwrap();
    assert!(ft["text"].as_str().unwrap().contains("1 question from Ana Lima unanswered"), "{ft}");
    let text = db.ok(&["why", "--from", "2026-03-03", "--to", "2026-03-20"]);
    assert!(text.contains("Follow-through −"), "{text}");
    assert!(db
        .fails(&["why", "--from", "2026-03-20", "--to", "2026-03-03"], 2)
        .contains("--from must come before --to"));
}

#[test]
fn suggest_lists_the_question_i_owe() {
    let db = Db::new();
    db.add_contact(&["Ana Lima"]);
    db.ok(&["log", "--with", "Ana", "--by", "them", "--at", "2026-03-02 10:00", "--they-asked", "Lunch?"]);
    let s = db.json(&["suggest", "--at", "2026-03-20"]);
    assert_eq!(s["questions_i_owe"][0]["text"], "Lunch?");
    let text = db.ok(&["suggest", "--at", "2026-03-20"]);
    assert!(text.contains("Questions I owe") && text.contains("from Ana Lima, 19 days old: Lunch?"), "{text}");
}

#[test]
fn model_settings_can_be_changed_and_bad_values_are_refused() {
    let db = Db::new();
    db.ok(&["model", "set", "index_weights.reach", "0.3"]);
    let shown: Value = serde_json::from_str(&db.ok(&["model", "show"])).unwrap();
    assert_eq!(shown["index_weights"]["reach"], 0.3);
    assert!(db.fails(&["model", "set", "base_half_life_days", "-3"], 1).contains("base_half_life_days is -3"));
    assert!(db.fails(&["model", "set", "index_weights.nope", "1"], 2).contains("is not a setting"));
    assert!(db.fails(&["model", "set", "index_weights", "1"], 2).contains("group of settings"));
    db.ok(&["model", "reset"]);
    let shown: Value = serde_json::from_str(&db.ok(&["model", "show"])).unwrap();
    assert_eq!(shown["index_weights"]["reach"], 0.1);
}

/// Issue 13: every constant of the measures is a setting `model show` lists and `model set`
/// changes (a list's items by their place), refused out of its bound naming it; the measure
/// it names changes with it.
#[test]
fn the_measures_former_constants_are_settings_of_the_model_command() {
    let db = Db::new();
    db.add_contact(&["Ana"]);
    db.ok(&["log", "--with", "Ana", "--channel", "call", "--at", "2026-03-01"]);
    let breadth = |db: &Db| {
        let report = db.json(&["report", "--at", "2026-03-10"]);
        let components = report["network"]["components"].as_array().unwrap().clone();
        components.into_iter().find(|c| c["name"] == "breadth").unwrap()["score"].as_f64().unwrap()
    };
    // One active tie of 150: 100 · √(1/150) = 8.16; with an exponent of 1, 0.67.
    assert!((breadth(&db) - 100.0 * (1.0f64 / 150.0).sqrt()).abs() < 1e-6);
    db.ok(&["model", "set", "breadth_exponent", "1"]);
    assert!((breadth(&db) - 100.0 / 150.0).abs() < 1e-6);

    let shown: Value = serde_json::from_str(&db.ok(&["model", "show"])).unwrap();
    for key in ["depth_per_hour", "fade_half_life_factor", "reconnect_ratio_cap", "why_days", "quiet_turn_days"] {
        assert!(shown[key].is_number(), "{key} is not shown: {shown}");
    }
    db.ok(&["model", "set", "closeness_layers.2", "4"]);
    db.ok(&["model", "set", "layer_sizes.0", "6"]);
    let shown: Value = serde_json::from_str(&db.ok(&["model", "show"])).unwrap();
    assert_eq!(shown["closeness_layers"], serde_json::json!([4, 4, 4, 2, 1]));
    assert_eq!(shown["layer_sizes"][0], 6);
    assert!(db.fails(&["model", "set", "closeness_layers.2", "7"], 1).contains("closeness_layers.2 is 7"));
    assert!(db.fails(&["model", "set", "only_take_max_share", "1.5"], 1).contains("only_take_max_share is 1.5"));
    // A list is set whole, as a list.
    assert!(db.fails(&["model", "set", "closeness_layers", "1"], 2).contains("does not fit"));
    // Refused: nothing changed.
    let after: Value = serde_json::from_str(&db.ok(&["model", "show"])).unwrap();
    assert_eq!(after, shown);
    db.ok(&["model", "set", "closeness_layers", "[4, 3, 3, 2, 1]"]);
    let shown: Value = serde_json::from_str(&db.ok(&["model", "show"])).unwrap();
    assert_eq!(shown["closeness_layers"], serde_json::json!([4, 3, 3, 2, 1]));
}

#[test]
fn chart_writes_svg_and_png_files_of_the_requested_size() {
    let db = Db::new();
    db.ok(&["demo"]);
    let svg = db.dir.path().join("index.svg");
    let written = db.json(&["chart", "index", "--theme", "dark", "--out", svg.to_str().unwrap()]);
    assert_eq!(written["format"], "svg");
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.contains("<svg") && text.contains("Network Value Index"));

    let png = db.dir.path().join("contact.png");
    let out = db.ok(&[
        "chart",
        "contact",
        "--contact",
        "1",
        "--width",
        "800",
        "--height",
        "400",
        "--out",
        png.to_str().unwrap(),
    ]);
    assert!(out.starts_with("wrote "), "{out}");
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    // The IHDR chunk holds the width and height, big-endian, right after the signature.
    assert_eq!(u32::from_be_bytes(bytes[16..20].try_into().unwrap()), 800);
    assert_eq!(u32::from_be_bytes(bytes[20..24].try_into().unwrap()), 400);

    assert!(db.fails(&["chart", "contact", "--out", png.to_str().unwrap()], 2).contains("--contact"));
    assert!(db.fails(&["chart", "index", "--out", "chart.gif"], 2).contains(".svg or .png"));
    assert!(db.fails(&["chart", "pie", "--out", svg.to_str().unwrap()], 1).contains("unknown chart"));
    assert!(db.fails(&["chart", "index", "--theme", "blue", "--out", svg.to_str().unwrap()], 1).contains("theme"));
}

#[test]
fn import_a_csv_with_a_column_mapping_and_linkedin_messages_with_me() {
    let db = Db::new();
    let csv = db.dir.path().join("people.txt");
    std::fs::write(&csv, "Who;Mail\nAnn Lee;ann@acme.test\n").unwrap();
    let err = db.fails(&["import", csv.to_str().unwrap(), "--format", "csv", "--map", "Who"], 2);
    assert!(err.contains("COLUMN=FIELD"), "{err}");
    let done =
        db.json(&["import", csv.to_str().unwrap(), "--format", "csv", "--map", "Who=name", "--map", "Mail=email"]);
    assert_eq!((done["format"].as_str(), done["contacts_created"].as_u64()), (Some("csv"), Some(1)));
    let messages = db.dir.path().join("messages.csv");
    std::fs::write(
        &messages,
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n\
         c1,,Me Myself,https://www.linkedin.com/in/me,Ann Lee,https://www.linkedin.com/in/ann,2025-03-01 10:00:00 UTC,,How are you?,INBOX\n\
         c1,,Ann Lee,https://www.linkedin.com/in/ann,Me Myself,https://www.linkedin.com/in/me,2025-03-02 09:00:00 UTC,,Fine!,INBOX\n",
    )
    .unwrap();
    let done = db.json(&["import", messages.to_str().unwrap(), "--me", "Me Myself"]);
    assert_eq!(done["format"], "linkedin_messages");
    assert_eq!((done["interactions_created"].as_u64(), done["questions_created"].as_u64()), (Some(2), Some(1)));
    // Ann matched by name (no email on LinkedIn's side, no conflicting one either).
    assert_eq!(done["contacts_merged"], 1, "{done}");
    let questions = db.json(&["questions"]);
    assert_eq!(questions[0]["text"], "A question in a LinkedIn message (text not kept)");
    assert!(questions[0]["answered_in"].is_number(), "her reply answers my question");
}

/// A date `days` ago, as `--at` takes it.
/// This time of day, `days` days ago: a date alone reads as noon, so "5 days ago" would be
/// 4.5 days before midday.
fn days_ago(days: i64) -> String {
    (chrono::Local::now() - chrono::Duration::days(days)).format("%Y-%m-%d %H:%M").to_string()
}

#[test]
fn loops_lists_what_i_owe_my_turns_with_quiet_ones_folded_and_what_i_wait_for() {
    let db = Db::new();
    for name in ["Ann Lee", "Bob Ray", "Cleo Diaz", "Dan Wu"] {
        db.add_contact(&[name]);
    }
    // Their last message waits for my reply: 10 days ago for Ann, 200 (quiet) for Bob.
    db.ok(&["log", "--with", "Ann", "--by", "them", "--channel", "message", "--at", &days_ago(10)]);
    db.ok(&["log", "--with", "Bob", "--by", "them", "--channel", "message", "--at", &days_ago(200)]);
    db.ok(&["log", "--with", "Cleo", "--by", "them", "--they-asked", "Lunch on Friday?", "--at", &days_ago(5)]);
    db.ok(&["log", "--with", "Dan", "--asked", "Coffee next week?", "--at", &days_ago(3)]);

    let loops = db.json(&["loops"]);
    assert_eq!(loops["i_owe"][0]["text"], "Lunch on Friday?", "{loops}");
    assert_eq!(loops["waiting"][0]["text"], "Coffee next week?", "{loops}");
    let turns: Vec<(&str, bool)> = loops["my_turn"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["name"].as_str().unwrap(), t["quiet"].as_bool().unwrap()))
        .collect();
    assert_eq!(turns, [("Bob Ray", true), ("Ann Lee", false)], "oldest first, Bob's quiet");
    assert_eq!(loops["owed"], 2, "Cleo's question and Ann's turn; Bob's quiet turn is not owed");

    let text = db.ok(&["loops"]);
    assert!(text.starts_with("2 waiting on me, 1 on them\n"), "{text}");
    assert!(text.contains("Cleo Diaz asked me 5 days ago: Lunch on Friday?"), "{text}");
    assert!(text.contains("My turn to reply (1)\n  Ann Lee (#1): their message waits since"), "{text}");
    assert!(text.contains("and 1 older conversation, quiet for over 90 days"), "{text}");
    assert!(!text.contains("Bob"), "the quiet turn is folded under its count: {text}");
    assert!(text.contains("I asked Dan Wu 3 days ago: Coffee next week?"), "{text}");

    // The suggestions follow the same rule: Ann's turn is there, Bob's is not.
    let suggested = db.json(&["suggest"]);
    let names: Vec<&str> =
        suggested["my_turn"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Ann Lee"], "{suggested}");
}

#[test]
fn loops_on_an_empty_database_says_there_is_nothing_waiting() {
    let db = Db::new();
    let text = db.ok(&["loops"]);
    assert!(text.starts_with("0 waiting on me, 0 on them"), "{text}");
    assert!(text.contains("No message is waiting for my reply."), "{text}");
    let loops = db.json(&["loops"]);
    let counts = serde_json::json!({ "i_owe": 0, "waiting": 0, "my_turn": 0, "my_turn_quiet": 0 });
    assert_eq!(loops, serde_json::json!({ "i_owe": [], "waiting": [], "my_turn": [], "owed": 0, "counts": counts }));
}

#[test]
fn a_csv_export_that_fails_half_way_leaves_the_old_set_whole_and_no_debris() {
    let db = Db::new();
    db.add_contact(&["Ann Lee"]);
    let csv = db.dir.path().join("csv");
    db.ok(&["export", "--format", "csv", "--out", csv.to_str().unwrap()]);
    let old: Vec<(String, Vec<u8>)> =
        names_in(&csv).into_iter().map(|n| (n.clone(), std::fs::read(csv.join(&n)).unwrap())).collect();
    assert_eq!(old.len(), 8);

    // A new contact, so a new export differs; one of the eight targets is now a folder, which
    // no file can replace: the fifth of the eight, after four would have been written.
    db.add_contact(&["Bo Chen"]);
    std::fs::remove_file(csv.join("questions.csv")).unwrap();
    std::fs::create_dir(csv.join("questions.csv")).unwrap();
    std::fs::write(csv.join("questions.csv").join("keep.txt"), "mine").unwrap();
    let err = db.fails(&["export", "--format", "csv", "--out", csv.to_str().unwrap(), "--force"], 1);
    assert!(err.contains("questions.csv") && err.contains("folder"), "{err}");
    for (name, bytes) in old.iter().filter(|(n, _)| n != "questions.csv") {
        assert_eq!(&std::fs::read(csv.join(name)).unwrap(), bytes, "{name} is still the old one");
    }
    assert_eq!(names_in(&csv), old.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>(), "no temporary file left");

    // With the folder gone, --force replaces the whole set at once.
    std::fs::remove_dir_all(csv.join("questions.csv")).unwrap();
    db.ok(&["export", "--format", "csv", "--out", csv.to_str().unwrap(), "--force"]);
    assert!(std::fs::read_to_string(csv.join("contacts.csv")).unwrap().contains("Bo Chen"));
    assert_eq!(names_in(&csv).len(), 8, "the old files went with the temporary folder");
}

#[test]
fn a_csv_export_into_a_new_folder_creates_it_whole_beside_no_debris() {
    let db = Db::new();
    db.add_contact(&["Ann Lee"]);
    let parent = db.dir.path().join("exports");
    let csv = parent.join("today");
    db.ok(&["export", "--format", "csv", "--out", csv.to_str().unwrap()]);
    assert_eq!(names_in(&parent), ["today"], "the set was written aside and renamed into place");
    assert_eq!(names_in(&csv).len(), 8);
    // A folder that is the database's own companion file is refused like the file itself.
    let wal = db.dir.path().join("rapport.db-wal");
    let err = db.fails(&["export", "--format", "csv", "--out", wal.to_str().unwrap()], 1);
    assert!(err.contains("is the database itself"), "{err}");
    assert!(!wal.is_dir());
}

#[test]
fn an_unreadable_model_is_named_with_the_way_out_by_every_measure_and_reset_recovers() {
    let db = Db::new();
    let ann = db.add_contact(&["Ann Lee"]);
    db.ok(&["log", "--with", &ann.to_string(), "--at", "2026-03-01"]);
    // What an older Rapport let a JSON import store.
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('model', '\"not an object\"')", []).unwrap();
    drop(conn);
    let svg = db.dir.path().join("index.svg");
    for args in [
        vec!["report"],
        vec!["suggest"],
        vec!["why", "--from", "2026-01-01"],
        vec!["model", "show"],
        vec!["chart", "index", "--out", svg.to_str().unwrap()],
    ] {
        let out = db.cmd(&args).assert().failure().get_output().clone();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains("the saved model settings cannot be read"), "{args:?}: {stderr}");
        assert!(stderr.contains("`rapport model reset`"), "{args:?}: {stderr}");
    }
    db.ok(&["model", "reset"]);
    assert!(db.ok(&["report"]).contains("Network Value Index"));
}

#[test]
fn a_json_import_holds_its_settings_and_texts_to_the_rules_and_says_what_it_left_out() {
    let db = Db::new();
    db.add_contact(&["Ann Lee"]);
    let mut doc: Value = serde_json::from_str(&db.ok(&["export", "--format", "json"])).unwrap();
    doc["settings"] = serde_json::json!({ "model": "not an object", "theme.unknown": 1 });
    doc["contacts"][0]["notes"] = Value::from("n".repeat(2_000_000));
    let file = db.dir.path().join("hostile.json");
    std::fs::write(&file, serde_json::to_vec(&doc).unwrap()).unwrap();

    let other = Db::new();
    let out = other.cmd(&["import", file.to_str().unwrap()]).assert().failure().code(1).get_output().clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stdout.contains("settings.model: is not model settings Rapport can read"), "{stdout}");
    assert!(stdout.contains("contact 1, notes: is 2000000 characters long"), "{stdout}");
    assert!(stdout.contains("settings Rapport does not know, ignored: 1 (theme.unknown)"), "{stdout}");
    assert!(stderr.contains("nothing was imported"), "{stderr}");
    assert!(!stderr.contains("constraint") && !stdout.contains("constraint"), "{stderr}");
    assert_eq!(contact_count(&other.path), 0);

    doc["contacts"][0]["notes"] = Value::from("");
    std::fs::write(&file, serde_json::to_vec(&doc).unwrap()).unwrap();
    other.json(&["import", file.to_str().unwrap(), "--skip-invalid"]);
    assert_eq!(contact_count(&other.path), 1);
    // The model was left out: the measures work.
    assert!(other.ok(&["report"]).contains("Network Value Index"));
}

/// A pipe and a device are refused at once, naming the path (issue 17, item 9): before,
/// `/dev/zero` was read until memory ran out and a pipe blocked for ever. A folder with no .eml
/// file is refused naming it too.
#[cfg(unix)]
#[test]
fn import_refuses_what_is_not_a_regular_file_without_reading_it() {
    let db = Db::new();
    let fifo = db.dir.path().join("contacts.vcf");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    for path in [fifo.as_path(), Path::new("/dev/zero"), db.dir.path()] {
        let out = db
            .cmd(&["import", path.to_str().unwrap(), "--format", "vcard"])
            .timeout(std::time::Duration::from_secs(20))
            .assert()
            .failure()
            .code(1)
            .get_output()
            .clone();
        let stderr = String::from_utf8(out.stderr).unwrap();
        // Only email is imported from a folder (issue 16): named as vCards, it is refused as such.
        let refusal = if path.is_dir() {
            "is a folder: only email is imported from a folder (the .eml files in it); give a file for vcard"
        } else {
            "is not a regular file"
        };
        assert!(stderr.contains(&format!("{} {refusal}", path.display())), "{stderr}");
    }
    assert_eq!(contact_count(&db.path), 0);
}

/// One card with 100,000 email addresses imports with its first 50 and a counted warning
/// (issue 17, item 10; `rapport bench` times it, this test does not).
#[test]
fn import_of_a_card_with_a_hundred_thousand_emails_keeps_fifty_and_says_so() {
    let db = Db::new();
    let file = db.dir.path().join("wide.vcf");
    let emails: String = (0..100_000).map(|i| format!("EMAIL:w{i}@x.test\r\n")).collect();
    std::fs::write(&file, format!("BEGIN:VCARD\r\nFN:Wide Card\r\n{emails}END:VCARD\r\n")).unwrap();
    let done = db.json(&["import", file.to_str().unwrap()]);
    assert_eq!((done["contacts_created"].as_u64(), done["warnings"].as_u64()), (Some(1), Some(1)));
    assert_eq!(done["problems"][0]["key"], "values_left_out");
    assert_eq!(done["problems"][0]["params"], serde_json::json!({ "n": 99_950, "list": "emails", "max": 50 }));
    let shown: Value = serde_json::from_str(&db.ok(&["contact", "show", "Wide Card", "--json"])).unwrap();
    assert_eq!(shown["contact"]["emails"].as_array().unwrap().len(), 50);
}

#[test]
fn agenda_lists_catch_ups_birthdays_questions_and_turns_and_writes_a_calendar() {
    let db = Db::new();
    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1)).format("--%m-%d").to_string();
    db.add_contact(&["Ann Lee", "--cadence", "7", "--birthday", &tomorrow]);
    db.add_contact(&["Bob Ray"]);
    db.add_contact(&["Cleo Diaz"]);
    for days in [20, 27, 34, 41] {
        db.ok(&["log", "--with", "Ann", "--channel", "call", "--at", &days_ago(days)]);
    }
    db.ok(&["log", "--with", "Bob", "--by", "them", "--channel", "message", "--at", &days_ago(2)]);
    db.ok(&["log", "--with", "Bob", "--by", "them", "--channel", "message", "--at", &days_ago(200)]);
    db.ok(&["log", "--with", "Cleo", "--by", "them", "--they-asked", "Lunch on Friday?", "--at", &days_ago(5)]);

    let agenda = db.json(&["agenda"]);
    assert_eq!(agenda["days"], 14);
    assert_eq!(agenda["catch_ups"][0]["name"], "Ann Lee", "{agenda}");
    assert_eq!(agenda["catch_ups"][0]["why"], "silent for 20 days, usually every 7 days");
    assert_eq!(agenda["catch_ups_total"], 1);
    assert_eq!(agenda["birthdays"][0]["in_days"], 1, "{agenda}");
    assert_eq!(agenda["questions_i_owe"][0]["text"], "Lunch on Friday?");
    assert_eq!(agenda["my_turn"][0]["name"], "Bob Ray");
    assert_eq!(agenda["quiet_turns"], 0);

    let text = db.ok(&["agenda", "--days", "7"]);
    assert!(text.starts_with("Agenda from "), "{text}");
    assert!(text.contains("(7 days)"), "{text}");
    assert!(
        text.contains("Catch up (1)\n  Ann Lee (#1): overdue, silent for 20 days, usually every 7 days\n"),
        "{text}"
    );
    assert!(text.contains("(tomorrow): Ann Lee (#1)\n"), "{text}");
    assert!(text.contains("Cleo Diaz asked me 5 days ago: Lunch on Friday?"), "{text}");
    assert!(text.contains("My turn to reply (1)\n  Bob Ray (#2): their message waits since"), "{text}");
    let none = db.ok(&["agenda", "--days", "1"]);
    assert!(none.contains("Birthdays (0)\n  No birthday in the next 1 day."), "{none}");

    for bad in ["0", "367", "-2"] {
        let err = db.fails(&["agenda", "--days", bad], 1);
        assert!(err.contains("the agenda looks 1 to 366 days ahead"), "{bad}: {err}");
    }

    let ics = db.dir.path().join("week.ics");
    let wrote = db.ok(&["agenda", "--ics", ics.to_str().unwrap()]);
    assert!(wrote.starts_with("Wrote the calendar to "), "{wrote}");
    let calendar = std::fs::read_to_string(&ics).unwrap();
    assert!(calendar.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"), "{calendar}");
    assert!(calendar.contains("SUMMARY:Birthday: Ann Lee\r\n") && calendar.contains("BEGIN:VTODO\r\n"), "{calendar}");
    let err = db.fails(&["agenda", "--ics", ics.to_str().unwrap()], 1);
    assert!(err.contains("already exists; choose a new file name, or pass --force"), "{err}");
    db.ok(&["agenda", "--ics", ics.to_str().unwrap(), "--force", "--lang", "fr"]);
    let french = std::fs::read_to_string(&ics).unwrap();
    assert!(french.contains("SUMMARY:Anniversaire : Ann Lee\r\n"), "{french}");
    let err = db.fails(&["agenda", "--ics", ics.to_str().unwrap(), "--force", "--lang", "xx"], 1);
    assert!(err.contains("--lang"), "{err}");
    let err = db.fails(&["agenda", "--ics", db.path.to_str().unwrap(), "--force"], 1);
    assert!(err.contains("database"), "{err}");
    let json = db.json(&["agenda", "--ics", db.dir.path().join("b.ics").to_str().unwrap()]);
    assert!(json["bytes"].as_u64().unwrap() > 0, "{json}");
}
