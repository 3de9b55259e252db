//! `rapport import` of this month's mailbox after last month's (issue 16): a reply to a message
//! of the earlier import is linked to that message's interaction and answers its question, and
//! importing either mailbox again adds nothing.

use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;
use assert_cmd::Command;
use serde_json::Value;

fn rapport(db: &Path, args: &[&str]) -> Command {
    let mut cmd = cargo_bin_cmd!("rapport");
    cmd.env_remove("RAPPORT_DB").env_remove("RUST_BACKTRACE").env("TZ", "UTC").arg("--db").arg(db).args(args);
    cmd
}

fn json(db: &Path, args: &[&str]) -> Value {
    let out = rapport(db, args).assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).unwrap()
}

fn mail(from: &str, to: &str, date: &str, id: &str, extra: &str, body: &str) -> String {
    format!(
        "From sender Mon Jan  1 00:00:00 2026\nFrom: {from}\nTo: {to}\nDate: {date}\nMessage-ID: <{id}>\n{extra}\n{body}\n"
    )
}

#[test]
fn a_reply_in_a_later_mailbox_is_linked_to_the_message_of_the_earlier_import() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    let (me, ann) = ("Me <me@rapport.test>", "Ann Lee <ann@example.org>");
    let february = dir.path().join("february.mbox");
    let question = "Are you coming on Friday?\n";
    std::fs::write(&february, mail(me, ann, "Fri, 27 Feb 2026 09:00:00 +0000", "m1@r", "", question)).unwrap();
    let march = dir.path().join("march.mbox");
    let reply = mail(ann, me, "Mon, 2 Mar 2026 15:00:00 +0000", "a2@r", "In-Reply-To: <m1@r>\n", "Yes.\n");
    std::fs::write(&march, reply).unwrap();
    let (february, march) = (february.to_str().unwrap(), march.to_str().unwrap());

    json(&db, &["import", february, "--me", "me@rapport.test", "--json"]);
    let done = json(&db, &["import", march, "--json"]);
    assert_eq!((done["interactions_created"].as_i64(), done["interactions_duplicate"].as_i64()), (Some(1), Some(0)));

    // Newest first: her reply, then my message, which it replies to and whose question it answers.
    let listed = json(&db, &["interactions", "--json"]);
    let (reply, asked) = (&listed[0], &listed[1]);
    assert_eq!(reply["in_reply_to"], asked["id"], "{listed}");
    assert_eq!(asked["questions"][0]["answered_in"], reply["id"], "{listed}");

    for file in [february, march] {
        let again = json(&db, &["import", file, "--json"]);
        assert_eq!(
            (again["interactions_created"].as_i64(), again["interactions_duplicate"].as_i64()),
            (Some(0), Some(1))
        );
    }
}
