//! Issue 13: Reach per post against the user's own usual (defect 9), replies to comments dated
//! (defect 7, the comment half), the essay's statistic, and giving first.

use rapport_core::charts::{self, ChartKind, ChartOptions};
use rapport_core::measures::history::*;
use rapport_core::measures::*;
use rapport_core::*;

const D: i64 = 86_400;
/// 2026-01-01T00:00:00Z: all cases count from here.
const T0: i64 = 1_767_225_600;

fn facts(id: i64) -> ContactFacts {
    // Read from JSON, so that the facts Rapport adds later keep their defaults.
    let json = serde_json::json!({ "id": id, "name": format!("C{id}"), "is_kin": false, "closeness": null,
        "cadence_days": null, "circle_cadence_days": null, "met_at": null, "archived": false });
    serde_json::from_value(json).unwrap()
}

fn reaction(post: i64, contact: Option<i64>, kind: ReactionKind, count: u32, at: Secs) -> ReactionFact {
    ReactionFact {
        post: PostId(post),
        contact: contact.map(ContactId),
        kind,
        count,
        at,
        replied: false,
        replied_at: None,
    }
}

fn score(h: &History, at: Secs, name: ComponentName) -> Option<f64> {
    report(h, at, &ModelSettings::default()).network.components.iter().find(|c| c.name == name).unwrap().score
}

/// `posts` posts, one every `every_days` days from T0, each commented on by two contacts seen on
/// no other post and liked `likes` times anonymously.
fn posting(posts: i64, every_days: i64, likes: u32) -> History {
    let mut h = History::default();
    for k in 0..posts {
        let post = k + 1;
        let at = T0 + k * every_days * D;
        h.posts.push(PostFact { id: PostId(post), at });
        for c in [2 * k + 1, 2 * k + 2] {
            h.contacts.push(facts(c));
            h.reactions.push(reaction(post, Some(c), ReactionKind::Comment, 1, at + 3_600));
        }
        h.reactions.push(reaction(post, None, ReactionKind::Like, likes, at + 7_200));
    }
    h.sort();
    h
}

#[test]
fn a_thousand_more_anonymous_likes_raise_reach() {
    let h = posting(6, 14, 20);
    let at = T0 + 90 * D;
    let before = score(&h, at, ComponentName::Reach).unwrap();
    let mut more = h.clone();
    more.reactions.push(reaction(6, None, ReactionKind::Like, 1_000, T0 + 70 * D + 10_800));
    more.sort();
    let after = score(&more, at, ComponentName::Reach).unwrap();
    assert!(after > before + 1.0, "1,000 more likes moved Reach from {before} to {after}");
}

#[test]
fn posting_twice_as_often_with_the_same_reactions_per_post_does_not_raise_reach() {
    let at = T0 + 170 * D;
    // Twelve posts every fortnight, or twenty-four every week: as many reactions a post.
    let fortnightly = score(&posting(12, 14, 20), at, ComponentName::Reach).unwrap();
    let weekly = score(&posting(24, 7, 20), at, ComponentName::Reach).unwrap();
    assert!(weekly <= fortnightly + 1e-9, "twice the posts raised Reach from {fortnightly} to {weekly}");
}

#[test]
fn huge_anonymous_counts_do_not_wrap() {
    // 43 counts of a hundred million on the last post: 4.3 billion, above u32::MAX.
    let mut h = posting(3, 7, 5);
    for i in 0..43 {
        h.reactions.push(reaction(3, None, ReactionKind::Share, 100_000_000, T0 + 15 * D + i));
    }
    h.sort();
    let at = T0 + 20 * D;
    let huge = score(&h, at, ComponentName::Reach).unwrap();
    let plain = score(&posting(3, 7, 5), at, ComponentName::Reach).unwrap();
    assert!(huge > plain, "4.3 billion shares scored {huge}, against {plain} without them");
    let r = report(&h, at, &ModelSettings::default());
    let reach = r.network.components.iter().find(|c| c.name == ComponentName::Reach).unwrap();
    assert!(reach.detail.contains("4300000021 reactions"), "{}", reach.detail);
    // The chart of reactions counts them whole too.
    let svg = charts::render_svg(&h, &ChartOptions::new(ChartKind::Reactions, at), &ModelSettings::default()).unwrap();
    assert!(svg.contains("4300000021 reactions"), "the chart's total wrapped");
}

#[test]
fn reach_with_no_new_reaction_holds_and_the_weekly_series_agrees() {
    let mut h = posting(8, 10, 12);
    h.reactions.push(reaction(4, None, ReactionKind::Like, 300, T0 + 40 * D));
    h.sort();
    let s = ModelSettings::default();
    let dates: Vec<Secs> = (0..40).map(|w| T0 + 3 * D + w * 7 * D).collect();
    let series = series::series_at(&h, &dates, &s);
    for (n, &at) in series.iter().zip(&dates) {
        let walked = n.components.iter().find(|c| c.name == ComponentName::Reach).unwrap().score;
        let scanned = score(&h, at, ComponentName::Reach);
        match (walked, scanned) {
            (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{a} vs {b} at {at}"),
            (a, b) => assert_eq!(a, b),
        }
    }
    let after_last = T0 + 80 * D;
    let (a, b) = (
        score(&h, after_last, ComponentName::Reach).unwrap(),
        score(&h, after_last + 400 * D, ComponentName::Reach).unwrap(),
    );
    assert!((a - b).abs() < 1e-9, "Reach moved from {a} to {b} with nothing new");
}

/// Defect 7, the comment half: a reply is dated, and a measure of an earlier date does not see it.
#[test]
fn a_report_dated_before_the_reply_shows_the_comment_unreplied() {
    let mut h = History { contacts: vec![facts(1)], ..History::default() };
    h.posts.push(PostFact { id: PostId(1), at: T0 });
    let mut comment = reaction(1, Some(1), ReactionKind::Comment, 1, T0 + D);
    comment.replied = true;
    comment.replied_at = Some(T0 + 10 * D);
    h.reactions.push(comment);
    h.sort();
    let replied = |at: Secs| {
        let r = report(&h, at, &ModelSettings::default());
        let m = r.contacts.iter().find(|m| m.contact == ContactId(1)).unwrap();
        (m.reactions.comments, m.reactions.comments_replied)
    };
    assert_eq!(replied(T0 + 5 * D), (1, 0), "five days before the reply");
    assert_eq!(replied(T0 + 10 * D), (1, 1), "on the reply's date");
}

mod store {
    use chrono::{DateTime, FixedOffset, TimeZone};
    use rapport_core::measures::*;
    use rapport_core::*;

    fn at(day: u32) -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3600).unwrap().with_ymd_and_hms(2026, 3, day, 12, 0, 0).unwrap()
    }

    fn rows(s: &Store) -> Vec<i64> {
        ["interactions", "interaction_participants", "questions", "reactions"]
            .iter()
            .map(|t| s.connection().query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0)).unwrap())
            .collect()
    }

    /// A post on LinkedIn with Ann's comment (day 2), a like by Ann and an anonymous count.
    fn commented() -> (Store, ContactId, [ReactionId; 3]) {
        let mut s = Store::open_in_memory().unwrap();
        let ann = s.add_contact(&ContactFields::named("Ann")).unwrap().id;
        let post = s
            .add_post(&NewPost { platform: "LinkedIn".into(), at: at(1), title: "Notes".into(), url: None })
            .unwrap()
            .id;
        let react = |s: &mut Store, kind, contact, count, comment: Option<&str>| {
            s.add_reaction(&NewReaction {
                post,
                kind,
                contact,
                count,
                at: Some(at(2).to_utc()),
                comment: comment.map(String::from),
                replied: false,
            })
            .unwrap()
            .id
        };
        let comment = react(&mut s, ReactionKind::Comment, Some(ann), 1, Some("Great read"));
        let like = react(&mut s, ReactionKind::Like, Some(ann), 1, None);
        let crowd = react(&mut s, ReactionKind::Like, None, 40, None);
        (s, ann, [comment, like, crowd])
    }

    #[test]
    fn a_reply_to_a_comment_is_a_dated_interaction_carrying_my_question() {
        let (mut s, ann, [comment, ..]) = commented();
        let reply = NewReply { at: Some(at(5)), asked: vec!["What would you add?".into()] };
        let it = s.reply_to_comment(comment, &reply).unwrap();
        assert_eq!((it.channel, it.initiated_by, it.replies_to_reaction), (Channel::Social, Party::Me, Some(comment)));
        assert_eq!(it.participants.iter().map(|p| p.id).collect::<Vec<_>>(), vec![ann]);
        assert_eq!(it.questions.len(), 1);
        assert_eq!((it.questions[0].asked_by, it.questions[0].text.as_str()), (Party::Me, "What would you add?"));
        let r = s.reaction(comment).unwrap();
        assert_eq!((r.replied, r.replied_at), (true, Some(at(5).to_utc())));

        let h = s.history().unwrap();
        let settings = ModelSettings::default();
        let tie = |day: u32| {
            let r = report(&h, at(day).timestamp(), &settings);
            r.contacts.iter().find(|m| m.contact == ann).unwrap().reactions.comments_replied
        };
        assert_eq!((tie(4), tie(5)), (0, 1), "the day before the reply, and its day");
        // Twenty days on, the question went unanswered past the grace days: 1 of 1.
        let n = report(&h, at(25).timestamp(), &settings).network;
        let q = &n.reply_questions;
        assert_eq!((q.asked, q.answered, q.unanswered, q.waiting), (1, 0, 1, 0));
        assert_eq!(q.unanswered_share, Some(1.0));
        let [lo, hi] = q.interval.unwrap();
        assert!(lo < 1.0 && hi == 1.0, "{lo}–{hi}");
        assert_eq!(n.reply_questions_by_channel.len(), 1);
        assert_eq!(n.reply_questions_by_channel[0].channel, "LinkedIn");
        assert_eq!(n.reply_questions_by_channel[0].questions, n.reply_questions);
        // Within the grace days it is waiting, neither answered nor not.
        let early = report(&h, at(6).timestamp(), &settings).network.reply_questions;
        assert_eq!((early.asked, early.waiting, early.unanswered_share), (1, 1, None));
    }

    #[test]
    fn a_reply_is_refused_to_a_like_an_anonymous_count_an_unknown_reaction_and_before_the_comment() {
        let (mut s, _, [comment, like, crowd]) = commented();
        let before = rows(&s);
        let reply = |at_day: u32| NewReply { at: Some(at(at_day)), asked: vec!["Why?".into()] };
        let key = |e: Error| e.reason().key();
        assert_eq!(key(s.reply_to_comment(like, &reply(5)).unwrap_err()), "reply_to_not_comment");
        assert_eq!(key(s.reply_to_comment(crowd, &reply(5)).unwrap_err()), "reply_to_not_comment");
        assert_eq!(key(s.reply_to_comment(comment, &reply(1)).unwrap_err()), "reply_before_comment");
        assert!(matches!(s.reply_to_comment(ReactionId(999), &reply(5)).unwrap_err(), Error::NotFound { .. }));
        // An anonymous comment count.
        let post = s.reaction(comment).unwrap().post;
        let anonymous = s
            .add_reaction(&NewReaction {
                post,
                kind: ReactionKind::Comment,
                contact: None,
                count: 3,
                at: None,
                comment: None,
                replied: false,
            })
            .unwrap()
            .id;
        let before_anonymous = rows(&s);
        assert_eq!(key(s.reply_to_comment(anonymous, &reply(5)).unwrap_err()), "reply_to_anonymous");
        assert_eq!(rows(&s), before_anonymous);
        s.connection().execute("DELETE FROM reactions WHERE id = ?1", [anonymous.0]).unwrap();
        assert_eq!(rows(&s), before, "a refused reply wrote nothing");
        assert!(!s.reaction(comment).unwrap().replied);
    }

    #[test]
    fn marking_a_comment_replied_dates_it_now_and_unmarking_clears_the_date() {
        let (mut s, _, [comment, ..]) = commented();
        let before = chrono::Utc::now().timestamp();
        let r = s.set_reaction_replied(comment, true).unwrap();
        assert!(r.replied_at.is_some_and(|t| t.timestamp() >= before), "{r:?}");
        let r = s.set_reaction_replied(comment, false).unwrap();
        assert_eq!((r.replied, r.replied_at), (false, None));
    }
}

/// Give before take: the same items both ways, in the opposite order. Where I gave first my help
/// counts 1 + generosity_first_bonus; where I paid back help received, 1 (docs/model.md).
#[test]
fn giving_first_scores_higher_than_paying_back_the_same_totals() {
    let exchange = |i_first: bool| {
        let mut h = History { contacts: vec![facts(1)], ..History::default() };
        for (day, given) in [(10, i_first), (20, !i_first)] {
            h.value_items.push(ValueFact {
                contact: ContactId(1),
                direction: if given { Direction::Given } else { Direction::Received },
                kind: ValueKind::Help,
                weight: None,
                at: T0 + day * D,
                interaction: None,
            });
        }
        h.sort();
        h
    };
    let at = T0 + 30 * D;
    let (gave_first, paid_back) = (exchange(true), exchange(false));
    let (a, b) = (
        score(&gave_first, at, ComponentName::Generosity).unwrap(),
        score(&paid_back, at, ComponentName::Generosity).unwrap(),
    );
    assert!(a > b + 5.0, "gave first {a}, paid back {b}");
    let tie = |h: &History| report(h, at, &ModelSettings::default()).contacts[0].give_first;
    let (x, y) = (tie(&gave_first), tie(&paid_back));
    assert_eq!((x.first, x.since, x.returned_after_days), (Some(Party::Me), Some(T0 + 10 * D), Some(10.0)));
    assert_eq!((y.first, y.returned_after_days), (Some(Party::Them), Some(10.0)));
    // Before anything came back.
    let early = report(&gave_first, T0 + 15 * D, &ModelSettings::default()).contacts[0].give_first;
    assert_eq!((early.first, early.returned_after_days), (Some(Party::Me), None));
    // With the bonus off, giving first no longer scores higher (the older item given even fades
    // more): the difference is the bonus.
    let s = ModelSettings { generosity_first_bonus: 0.0, ..ModelSettings::default() };
    let off = |h: &History| {
        report(h, at, &s).network.components.iter().find(|c| c.name == ComponentName::Generosity).unwrap().score
    };
    assert!(off(&gave_first).unwrap() <= off(&paid_back).unwrap() + 1e-9);
}

/// Why Reach moved is told from its own terms: the posts and reactions of the period.
#[test]
fn why_reach_moved_names_the_reactions_of_the_period_and_nothing_when_none() {
    use rapport_core::measures::explain::Reason;
    let s = ModelSettings::default();
    let mut h = posting(6, 14, 20);
    let reach_move = |h: &History, from: Secs, to: Secs| {
        let w = why(h, from, to, &s);
        w.moves.into_iter().find(|m| m.component == ComponentName::Reach).unwrap()
    };
    // Nothing after the last post's reactions: Reach holds, and the reason says so.
    let quiet = reach_move(&h, T0 + 100 * D, T0 + 130 * D);
    assert!(matches!(quiet.reason, Reason::ReachQuiet { usual: Some(u) } if u == 22.0), "{:?}", quiet.reason);
    assert!(quiet.points.abs() < 1e-9 && quiet.contacts.is_empty());
    // 1,000 likes on the last post in the period, and a comment by contact 1.
    h.reactions.push(reaction(6, None, ReactionKind::Like, 1_000, T0 + 110 * D));
    h.reactions.push(reaction(6, Some(1), ReactionKind::Comment, 1, T0 + 111 * D));
    h.sort();
    let moved = reach_move(&h, T0 + 100 * D, T0 + 130 * D);
    assert!(
        matches!(moved.reason, Reason::ReachMoved { posts: 0, reactions: 1_001, named: 1, .. }),
        "{:?}",
        moved.reason
    );
    assert!(moved.points > 0.0);
    assert_eq!(moved.contacts, vec![ContactId(1)]);
    assert!(moved.text.contains("1001 reactions in this period, from C1 among others"), "{}", moved.text);
}
