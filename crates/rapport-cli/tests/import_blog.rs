//! `rapport import` of blog comments (issue 16): a WordPress export previewed with `--dry-run`
//! (posts, comments, my replies and what is left out, nothing written), imported with `--json`,
//! imported again (nothing added), and the essay's statistic in `rapport report --json`: of my
//! two questions in replies, Ann answered one and Bob did not, so half went unanswered. The same
//! story as a Disqus export goes the same way, checked down to the posts, replies and questions.

mod common;

use common::ok;
use serde_json::Value;

fn story() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/import/blog_story.wxr.xml")
}

#[test]
fn a_wordpress_export_is_previewed_imported_once_and_counted_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    let file = story();
    let file = file.to_str().unwrap();

    let preview = ok(&db, &["import", file, "--dry-run"]);
    assert!(preview.contains("blog_story.wxr.xml: wxr (UTF-8)"), "{preview}");
    assert!(preview.contains("Contacts: 2 would be created"), "{preview}");
    assert!(
        preview.contains("Posts: 2 would be created, 0 already there; comments: 3 would be created, 0 already there"),
        "{preview}"
    );
    assert!(
        preview.contains("My replies: 3 would be created (2 ending with a question, 1 answered), 0 already there"),
        "{preview}"
    );
    assert!(
        preview.contains(
            "Left out: 1 spam, 1 awaiting approval, 1 pingback or trackback, 1 post not mine or not published"
        ),
        "{preview}"
    );
    let listed: Value = serde_json::from_str(&ok(&db, &["contact", "list", "--json"])).unwrap();
    assert_eq!(listed.as_array().map(Vec::len), Some(0), "a dry run writes nothing: {listed}");

    let done: Value = serde_json::from_str(&ok(&db, &["import", file, "--json"])).unwrap();
    assert_eq!(done["format"], "wxr");
    assert_eq!(done["applied"], true);
    assert_eq!(done["blog"]["comments_created"], 3, "{done}");
    assert_eq!(done["blog"]["left_out"]["spam"], 1, "{done}");

    let again: Value = serde_json::from_str(&ok(&db, &["import", file, "--json"])).unwrap();
    let blog = &again["blog"];
    assert_eq!((blog["posts_created"].as_u64(), blog["posts_duplicate"].as_u64()), (Some(0), Some(2)), "{again}");
    assert_eq!((blog["replies_created"].as_u64(), blog["replies_duplicate"].as_u64()), (Some(0), Some(3)));
    assert_eq!(again["contacts_created"], 0);

    let report: Value = serde_json::from_str(&ok(&db, &["report", "--json"])).unwrap();
    let q = &report["network"]["reply_questions"];
    assert_eq!(
        (q["asked"].as_u64(), q["answered"].as_u64(), q["unanswered"].as_u64()),
        (Some(2), Some(1), Some(1)),
        "{q}"
    );
    assert_eq!(q["unanswered_share"], 0.5);
}

#[test]
fn me_names_who_i_am_in_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    let file = story();
    let file = file.to_str().unwrap();
    // Someone else: none of the posts is mine, nothing would be imported.
    let json: Value =
        serde_json::from_str(&ok(&db, &["import", file, "--me", "else@where.example", "--dry-run", "--json"])).unwrap();
    assert_eq!((json["blog"]["posts_created"].as_u64(), json["contacts_created"].as_u64()), (Some(0), Some(0)));
    assert_eq!(json["blog"]["left_out"]["posts_left_out"], 3, "{json}");
    let json: Value =
        serde_json::from_str(&ok(&db, &["import", file, "--me", "Mo Writer", "--dry-run", "--json"])).unwrap();
    assert_eq!(json["blog"]["replies_created"], 3, "{json}");
}

fn disqus_story() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/import/blog_story.disqus.xml")
}

/// Everything the import writes, as the listings show it, to compare before and after a second import.
fn listings(db: &std::path::Path) -> [Value; 4] {
    ["contact list", "post list", "interactions", "questions"].map(|cmd| {
        serde_json::from_str(&ok(db, &[cmd.split(' ').collect::<Vec<_>>(), vec!["--json"]].concat())).unwrap()
    })
}

/// The story of the WordPress test from Disqus (core's `the_same_story_from_disqus_gives_the_same_numbers`):
/// the threads' author is me without `--me`; the same posts, comments, replies and questions; what
/// Disqus leaves out is its own (spam, a deleted comment, a comment on a deleted thread and that thread).
#[test]
fn a_disqus_export_is_previewed_imported_once_and_counted_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    let file = disqus_story();
    let file = file.to_str().unwrap();

    let preview = ok(&db, &["import", file, "--dry-run"]);
    assert!(preview.contains("blog_story.disqus.xml: disqus (UTF-8), 13 records"), "{preview}");
    assert!(
        preview.contains("Contacts: 2 would be created, 0 would be merged, 0 already up to date, 0 skipped"),
        "{preview}"
    );
    assert!(
        preview.contains("Posts: 2 would be created, 0 already there; comments: 3 would be created, 0 already there"),
        "{preview}"
    );
    assert!(
        preview.contains("My replies: 3 would be created (2 ending with a question, 1 answered), 0 already there"),
        "{preview}"
    );
    assert!(
        preview.contains(
            "Left out: 1 spam, 1 in the trash or deleted, 1 comment on a post left out, 1 post not mine or not published\n"
        ),
        "{preview}"
    );
    assert!(!preview.to_lowercase().contains("error"), "no problem in the story: {preview}");
    assert!(preview.contains("Dry run: nothing was written."), "{preview}");
    assert!(listings(&db).iter().all(|l| l.as_array().is_some_and(Vec::is_empty)), "a dry run writes nothing");

    let done = ok(&db, &["import", file]);
    assert!(done.contains("Contacts: 2 created, 0 merged, 0 already up to date, 0 skipped"), "{done}");
    assert!(done.contains("Posts: 2 created, 0 already there; comments: 3 created, 0 already there"), "{done}");
    assert!(done.contains("My replies: 3 created (2 ending with a question, 1 answered), 0 already there"), "{done}");

    // The threads are the posts, on the forum's platform, each comment a reaction with my reply's time.
    let posts: Value = serde_json::from_str(&ok(&db, &["post", "list", "--json"])).unwrap();
    // (title, platform, time, [(commenter, time, my reply's time)])
    type Row = (String, String, String);
    let mut seen: Vec<(String, String, String, Vec<Row>)> = posts
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let reactions = p["reactions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    assert!(r["kind"] == "comment" && r["comment"].is_null() && r["replied"] == true, "{r}");
                    let s = |k: &str| r[k].as_str().unwrap_or_default().to_owned();
                    (s("contact_name"), s("at"), s("replied_at"))
                })
                .collect();
            let s = |k: &str| p[k].as_str().unwrap_or_default().to_owned();
            (s("title"), s("platform"), s("at"), reactions)
        })
        .collect();
    seen.sort();
    let t = |a: &str, b: &str, c: &str| (a.to_owned(), b.to_owned(), c.to_owned());
    assert_eq!(
        seen,
        [
            (
                "On reach".to_owned(),
                "fieldnotes".to_owned(),
                "2025-01-20T09:00:00Z".to_owned(),
                vec![t("Ann Lee", "2025-01-21T09:00:00Z", "2025-01-22T09:00:00Z")]
            ),
            (
                "On rhythm".to_owned(),
                "fieldnotes".to_owned(),
                "2025-01-06T09:00:00Z".to_owned(),
                vec![
                    t("Ann Lee", "2025-01-06T12:00:00Z", "2025-01-07T08:00:00Z"),
                    t("Bob Stone", "2025-01-09T10:00:00Z", "2025-01-09T18:00:00Z")
                ]
            ),
        ]
    );

    // My three replies and Ann's answer, oldest first: who started each, and with whom.
    let interactions: Value = serde_json::from_str(&ok(&db, &["interactions", "--json"])).unwrap();
    let mut turns: Vec<(String, String, String, String)> = interactions
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let who =
                i["participants"].as_array().unwrap().iter().map(|p| p["display_name"].as_str().unwrap()).collect();
            let s = |k: &str| i[k].as_str().unwrap().to_owned();
            (s("at"), s("initiated_by"), who, s("summary"))
        })
        .collect();
    turns.sort();
    let turn = |at: &str, by: &str, who: &str, summary: &str| -> (String, String, String, String) {
        (at.into(), by.into(), who.into(), summary.into())
    };
    assert_eq!(
        turns,
        [
            turn("2025-01-07T08:00:00Z", "me", "Ann Lee", "My reply to a comment on “On rhythm”"),
            turn("2025-01-08T10:00:00Z", "them", "Ann Lee", "Reply to my reply on “On rhythm”"),
            turn("2025-01-09T18:00:00Z", "me", "Bob Stone", "My reply to a comment on “On rhythm”"),
            turn("2025-01-22T09:00:00Z", "me", "Ann Lee", "My reply to a comment on “On reach”"),
        ]
    );

    // My two questions: Ann's answered by her reply, Bob's still open.
    let questions: Value = serde_json::from_str(&ok(&db, &["questions", "--json"])).unwrap();
    let mut asked: Vec<(String, String, String)> = questions
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            assert_eq!(q["asked_by"], "me", "{q}");
            let s = |k: &str| q[k].as_str().unwrap_or("open").to_owned();
            (s("contact_name"), s("asked_at"), s("answered_at"))
        })
        .collect();
    asked.sort();
    assert_eq!(
        asked,
        [t("Ann Lee", "2025-01-07T08:00:00Z", "2025-01-08T10:00:00Z"), t("Bob Stone", "2025-01-09T18:00:00Z", "open")]
    );
    assert!(!questions.to_string().contains("Have you written"), "the reply's words are not kept: {questions}");

    let before = listings(&db);
    let again: Value = serde_json::from_str(&ok(&db, &["import", file, "--json"])).unwrap();
    assert_eq!((again["format"].as_str(), again["applied"].as_bool()), (Some("disqus"), Some(true)), "{again}");
    let blog = &again["blog"];
    let counts = |keys: [&str; 6]| keys.map(|k| blog[k].as_u64().unwrap());
    assert_eq!(
        counts([
            "posts_created",
            "comments_created",
            "replies_created",
            "questions_created",
            "answers_created",
            "posts_duplicate"
        ]),
        [0, 0, 0, 0, 0, 2],
        "{again}"
    );
    assert_eq!((blog["comments_duplicate"].as_u64(), blog["replies_duplicate"].as_u64()), (Some(3), Some(3)));
    assert_eq!((again["contacts_created"].as_u64(), again["contacts_unchanged"].as_u64()), (Some(0), Some(2)));
    assert_eq!(listings(&db), before, "the second import changes nothing");

    let report: Value = serde_json::from_str(&ok(&db, &["report", "--json"])).unwrap();
    let q = &report["network"]["reply_questions"];
    assert_eq!(
        (q["asked"].as_u64(), q["answered"].as_u64(), q["unanswered"].as_u64()),
        (Some(2), Some(1), Some(1)),
        "{q}"
    );
    assert_eq!(q["unanswered_share"], 0.5);
}
