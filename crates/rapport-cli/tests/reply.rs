//! Issue 13 through the `rapport` binary: `rapport reply` records my reply to a comment with its
//! questions (the essay's statistic), dated, and refuses what is not a named comment.

mod common;

use common::Db;

impl Db {
    /// The error of a refused command, and that it left the database as it was.
    fn refused(&self, args: &[&str]) -> String {
        let before = self.ok(&["export", "--format", "json"]);
        let out = self.cmd(args).assert().failure().get_output().stderr.clone();
        assert_eq!(self.ok(&["export", "--format", "json"]), before, "{args:?} wrote something");
        String::from_utf8(out).unwrap()
    }
}

/// A LinkedIn post with comments by Ann and Ben, a like by Ann and 40 anonymous likes.
fn with_comments(db: &Db) -> [String; 4] {
    db.ok(&["contact", "add", "Ann"]);
    db.ok(&["contact", "add", "Ben"]);
    let post = db.ok(&["post", "add", "--platform", "LinkedIn", "--title", "Notes", "--at", "2026-03-01T09:00:00Z"]);
    let post = post.trim();
    let react = |args: &[&str]| db.ok(&[&["react", post][..], args].concat()).trim().to_owned();
    [
        react(&["--kind", "comment", "--by", "Ann", "--comment", "Great read", "--at", "2026-03-02T10:00:00Z"]),
        react(&["--kind", "comment", "--by", "Ben", "--comment", "Agreed", "--at", "2026-03-02T11:00:00Z"]),
        react(&["--kind", "like", "--by", "Ann"]),
        react(&["--kind", "like", "--count", "40"]),
    ]
}

#[test]
fn a_reply_with_questions_is_counted_in_the_report_and_answer_closes_them() {
    let db = Db::new();
    let [ann, ben, ..] = with_comments(&db);
    let reply = db.json(&["reply", &ann, "--asked", "What would you add?", "--at", "2026-03-03T08:00:00Z"]);
    assert_eq!(reply["channel"], "social");
    assert_eq!(reply["initiated_by"], "me");
    assert_eq!(reply["replies_to_reaction"].as_i64().unwrap().to_string(), ann);
    assert_eq!(reply["questions"][0]["asked_by"], "me");
    let text =
        db.ok(&["reply", &ben, "--asked", "Which part?", "--asked", "Did you try it?", "--at", "2026-03-03T09:00:00Z"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[1].starts_with("question ") && lines[1].ends_with("(I asked Ben): Which part?"), "{text}");

    // Ben answers one of his two on 5 March; a month later, two of the three went unanswered.
    let question = lines[1].split_whitespace().nth(1).unwrap();
    db.ok(&["answer", question, "--at", "2026-03-05T12:00:00Z"]);
    let report = db.json(&["report", "--at", "2026-04-01"]);
    let q = &report["network"]["reply_questions"];
    assert_eq!((q["asked"].as_u64(), q["answered"].as_u64(), q["unanswered"].as_u64()), (Some(3), Some(1), Some(2)));
    assert!((q["unanswered_share"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    let interval = q["interval"].as_array().unwrap();
    assert!(interval[0].as_f64().unwrap() < 2.0 / 3.0 && 2.0 / 3.0 < interval[1].as_f64().unwrap(), "{q}");
    let by_channel = report["network"]["reply_questions_by_channel"].as_array().unwrap();
    assert_eq!(by_channel.len(), 1);
    assert_eq!((by_channel[0]["channel"].as_str(), by_channel[0]["asked"].as_u64()), (Some("LinkedIn"), Some(3)));

    // Before the replies, the comments read unreplied; after, replied.
    let replied = |at: &str| {
        let r = db.json(&["report", "--at", at]);
        let ann = r["contacts"].as_array().unwrap().iter().find(|c| c["name"] == "Ann").unwrap().clone();
        ann["reactions"]["comments_replied"].as_u64().unwrap()
    };
    assert_eq!((replied("2026-03-02T23:00:00Z"), replied("2026-03-04")), (0, 1));
    // The text report says it in words.
    let text = db.ok(&["report", "--at", "2026-04-01"]);
    assert!(text.contains("2 of your 3 questions in replies to comments went unanswered"), "{text}");
}

#[test]
fn a_reply_is_refused_to_a_like_an_anonymous_count_an_unknown_id_and_before_the_comment() {
    let db = Db::new();
    let [ann, _, like, crowd] = with_comments(&db);
    assert!(db.refused(&["reply", &like, "--asked", "Why?"]).contains("is a like, not a comment"));
    assert!(db.refused(&["reply", &crowd]).contains("is a like, not a comment"));
    assert!(db.refused(&["reply", "999"]).contains("999"));
    let early = db.refused(&["reply", &ann, "--asked", "Why?", "--at", "2026-03-02T09:00:00Z"]);
    assert!(early.contains("a reply cannot come before the comment it answers"), "{early}");
    let post = db.json(&["post", "list"])[0]["id"].as_i64().unwrap().to_string();
    let anonymous = db.ok(&["react", &post, "--kind", "comment", "--count", "3"]);
    assert!(db.refused(&["reply", anonymous.trim()]).contains("anonymous count"));
}

#[test]
fn a_json_export_restored_keeps_the_reply_its_link_and_its_date() {
    let db = Db::new();
    let [ann, ..] = with_comments(&db);
    db.ok(&["reply", &ann, "--asked", "What would you add?", "--at", "2026-03-03T08:00:00Z"]);
    let file = db.path.with_file_name("export.json");
    db.ok(&["export", "--format", "json", "--out", file.to_str().unwrap()]);

    let other = Db::new();
    other.ok(&["import", file.to_str().unwrap()]);
    let comment = |d: &Db| {
        let posts = d.json(&["post", "list"]);
        posts[0]["reactions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"].as_i64().unwrap().to_string() == ann)
            .unwrap()
            .clone()
    };
    let back = comment(&other);
    assert_eq!((back["replied"].as_bool(), back["replied_at"].as_str()), (Some(true), Some("2026-03-03T08:00:00Z")));
    let replies = |d: &Db| {
        d.json(&["interactions"]).as_array().unwrap().iter().filter(|i| !i["replies_to_reaction"].is_null()).count()
    };
    assert_eq!(replies(&other), 1, "the reply is linked to its comment again");
    let statistic = |d: &Db| d.json(&["report", "--at", "2026-04-01"])["network"]["reply_questions"].clone();
    assert_eq!(statistic(&other), statistic(&db));
}

#[test]
fn a_contact_report_says_who_gave_first_and_when_value_came_back() {
    let db = Db::new();
    db.ok(&["contact", "add", "Ann"]);
    db.ok(&["log", "--with", "Ann", "--channel", "call", "--gave", "advice", "--at", "2026-03-01T10:00:00Z"]);
    db.ok(&["log", "--with", "Ann", "--channel", "call", "--received", "help", "--at", "2026-03-11T10:00:00Z"]);
    let ann = db.json(&["report", "--contact", "Ann", "--at", "2026-04-01"]);
    let first = &ann["give_first"];
    assert_eq!((first["first"].as_str(), first["since"].as_str()), (Some("me"), Some("2026-03-01T10:00:00Z")));
    assert_eq!(first["returned_after_days"].as_f64(), Some(10.0));
    let text = db.ok(&["report", "--contact", "Ann", "--at", "2026-04-01"]);
    assert!(text.contains("Giving first: I gave first (2026-03-01); value came back after 10 days"), "{text}");
}
