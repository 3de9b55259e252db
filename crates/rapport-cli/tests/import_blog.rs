//! `rapport import` of blog comments (issue 16): a WordPress export previewed with `--dry-run`
//! (posts, comments, my replies and what is left out, nothing written), imported with `--json`,
//! imported again (nothing added), and the essay's statistic in `rapport report --json`: of my
//! two questions in replies, Ann answered one and Bob did not, so half went unanswered.

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
