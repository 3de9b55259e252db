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
    ContactFacts {
        id: ContactId(id),
        name: format!("C{id}"),
        is_kin: false,
        closeness: None,
        cadence_days: None,
        circle_cadence_days: None,
        met_at: None,
        archived: false,
    }
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
