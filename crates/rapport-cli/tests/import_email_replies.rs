//! `rapport import` of this month's mailbox after last month's (issue 16): a reply to a message
//! of the earlier import is linked to that message's interaction and answers its question, and
//! importing either mailbox again adds nothing.

mod common;

use common::{json, mail};

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

    json(&db, &["import", february, "--me", "me@rapport.test"]);
    let done = json(&db, &["import", march]);
    assert_eq!((done["interactions_created"].as_i64(), done["interactions_duplicate"].as_i64()), (Some(1), Some(0)));

    // Newest first: her reply, then my message, which it replies to and whose question it answers.
    let listed = json(&db, &["interactions"]);
    let (reply, asked) = (&listed[0], &listed[1]);
    assert_eq!(reply["in_reply_to"], asked["id"], "{listed}");
    assert_eq!(asked["questions"][0]["answered_in"], reply["id"], "{listed}");

    for file in [february, march] {
        let again = json(&db, &["import", file]);
        assert_eq!(
            (again["interactions_created"].as_i64(), again["interactions_duplicate"].as_i64()),
            (Some(0), Some(1))
        );
    }
}
