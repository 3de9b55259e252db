//! Reach: how many reactions my posts draw, each post against my own usual.
//!
//! There is no population of other users to rank the user against (Klout had one; Rapport is
//! local), so each post is compared with the user's own recent posts: its reactions so far
//! (likes, shares and comments, anonymous counts included) against the median of the
//! `reach_reference_posts` posts published before it. A post at its usual level scores ½, one
//! drawing twice its usual ⅔, half its usual ⅓. Reach is the mean of these shares over all posts,
//! each weighted by 2^(−age/E) like the other faded evidence, so that it neither grows with the
//! number of posts nor rises while nothing happens (every weight shrinks by the same factor).

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::history::*;
use super::settings::ModelSettings;
use super::strength::decay;
use crate::model::{InteractionId, Party, PostId};

/// Reach at a date, with the evidence behind it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ReachScore {
    /// 0–100; `None` until a post has an earlier one to be compared with.
    pub score: Option<f64>,
    /// Posts scored (those with at least one earlier post).
    pub scored_posts: usize,
    /// Σ 2^(−age/E) over the scored posts, and Σ 2^(−age/E) · share: the score is 100 · the
    /// second over the first (the faded counts behind the mean, for its uncertainty).
    pub weight: f64,
    pub weighted_share: f64,
    /// The median reactions per post of the last `reach_reference_posts` posts: the level a new
    /// post would be compared with. `None` before the first post.
    pub usual: Option<f64>,
}

/// A post's share against its usual level: x / (x + usual), ½ when both are 0.
pub fn share_against_usual(reactions: f64, usual: f64) -> f64 {
    if reactions + usual > 0.0 {
        reactions / (reactions + usual)
    } else {
        0.5
    }
}

/// The median of a few totals (the mean of the middle two for an even count).
fn median(totals: &[u64]) -> Option<f64> {
    let mut sorted = totals.to_vec();
    sorted.sort_unstable();
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2] as f64),
        _ => Some((sorted[n / 2 - 1] as f64 + sorted[n / 2] as f64) / 2.0),
    }
}

/// The share of post `i` against the median of the posts before it (at most `k` of them).
fn post_share(totals: &[u64], i: usize, k: usize) -> Option<f64> {
    let usual = median(&totals[i.saturating_sub(k)..i])?;
    Some(share_against_usual(totals[i] as f64, usual))
}

/// Reach at `at` from the posts published by then (`posts`, in time order) and each one's
/// reactions so far (`totals`, aligned with `posts`; summed in `u64`, so no count wraps).
/// `shares` caches each post's share, `None` where it must be computed again.
fn reach_from(
    posts: &[PostFact],
    totals: &[u64],
    shares: &mut [Option<f64>],
    at: Secs,
    s: &ModelSettings,
) -> ReachScore {
    let k = s.reach_reference_posts.max(1);
    let (mut weight, mut weighted_share, mut scored_posts) = (0.0, 0.0, 0);
    for i in 1..posts.len() {
        let share = match shares[i] {
            Some(v) => v,
            None => {
                let v = post_share(totals, i, k).unwrap_or(0.5);
                shares[i] = Some(v);
                v
            }
        };
        let w = decay(at - posts[i].at, s.evidence_half_life_days);
        weight += w;
        weighted_share += w * share;
        scored_posts += 1;
    }
    let n = posts.len();
    ReachScore {
        score: (scored_posts > 0 && weight > 0.0).then(|| 100.0 * weighted_share / weight),
        scored_posts,
        weight,
        weighted_share,
        usual: median(&totals[n.saturating_sub(k)..n]),
    }
}

/// Reach at `at`, reading every reaction once.
pub fn scan(h: &History, at: Secs, s: &ModelSettings) -> ReachScore {
    let posts = &h.posts[..h.posts.partition_point(|p| p.at <= at)];
    let place: HashMap<PostId, usize> = posts.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
    let mut totals = vec![0u64; posts.len()];
    for r in h.reactions.iter().filter(|r| r.at <= at) {
        if let Some(&i) = place.get(&r.post) {
            totals[i] += u64::from(r.count);
        }
    }
    let mut shares = vec![None; posts.len()];
    reach_from(posts, &totals, &mut shares, at, s)
}

/// Reach at increasing dates, for the weekly series: the same numbers as [`scan`] at each date,
/// each reaction read once and a post's share computed again only when its reactions, or those
/// of the posts it is compared with, changed.
pub(crate) struct ReachWalk {
    posts: Vec<PostFact>,
    /// Each reaction as (when it counts, the post's place, count), by time.
    reactions: Vec<(Secs, usize, u64)>,
    next: usize,
    totals: Vec<u64>,
    shares: Vec<Option<f64>>,
}

impl ReachWalk {
    pub(crate) fn new(h: &History) -> ReachWalk {
        let place: HashMap<PostId, usize> = h.posts.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
        let mut reactions: Vec<(Secs, usize, u64)> = h
            .reactions
            .iter()
            .filter_map(|r| place.get(&r.post).map(|&i| (r.at.max(h.posts[i].at), i, u64::from(r.count))))
            .collect();
        reactions.sort_by_key(|r| r.0);
        let n = h.posts.len();
        ReachWalk { posts: h.posts.clone(), reactions, next: 0, totals: vec![0; n], shares: vec![None; n] }
    }

    /// Reach at `at`, which must not be earlier than the last date asked.
    pub(crate) fn at(&mut self, at: Secs, s: &ModelSettings) -> ReachScore {
        let k = s.reach_reference_posts.max(1);
        while let Some(&(_, i, count)) = self.reactions.get(self.next).filter(|r| r.0 <= at) {
            self.totals[i] += count;
            // This post's share, and those of the posts compared with it, are to be read again.
            for share in self.shares.iter_mut().skip(i).take(k + 1) {
                *share = None;
            }
            self.next += 1;
        }
        let n = self.posts.partition_point(|p| p.at <= at);
        reach_from(&self.posts[..n], &self.totals[..n], &mut self.shares[..n], at, s)
    }
}

/// The essay's statistic: the questions I ended my replies to comments with, and how many went
/// unanswered. A question still open within the grace days is `waiting`, neither answered nor
/// unanswered yet; past them, `unanswered`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReplyQuestions {
    pub asked: usize,
    pub answered: usize,
    pub unanswered: usize,
    pub waiting: usize,
    /// unanswered / (answered + unanswered), 0–1; `None` before any is either.
    pub unanswered_share: Option<f64>,
    /// The share's 80% interval (see [`super::uncertainty`]).
    pub interval: Option<[f64; 2]>,
}

/// The same for the replies on one platform (where the post commented on was published).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChannelReplyQuestions {
    pub channel: String,
    #[serde(flatten)]
    pub questions: ReplyQuestions,
}

impl ReplyQuestions {
    fn count(&mut self, answered_at: Option<Secs>, asked_at: Secs, at: Secs, grace: Secs) {
        self.asked += 1;
        match answered_at.filter(|a| *a <= at) {
            Some(_) => self.answered += 1,
            None if at - asked_at > grace => self.unanswered += 1,
            None => self.waiting += 1,
        }
    }

    /// The statistic in English: "2 of your 3 questions in replies to comments went unanswered
    /// (80% interval 31–90%)"; `None` before any question in a reply.
    pub fn english(&self) -> Option<String> {
        if self.asked == 0 {
            return None;
        }
        let counted = self.answered + self.unanswered;
        let mut line = match self.interval {
            Some([lo, hi]) => format!(
                "{} of your {} in replies to comments went unanswered (80% interval {:.0}–{:.0}%)",
                self.unanswered,
                super::words::count(counted, "question"),
                100.0 * lo,
                100.0 * hi
            ),
            None => "none of your questions in replies to comments has gone unanswered yet".to_owned(),
        };
        if self.waiting > 0 {
            line += &format!("; {} still within the grace days", self.waiting);
        }
        Some(line)
    }

    fn finish(mut self) -> ReplyQuestions {
        let counted = (self.answered + self.unanswered) as f64;
        self.unanswered_share = (counted > 0.0).then(|| self.unanswered as f64 / counted);
        self.interval = super::uncertainty::rate_interval(self.unanswered as f64, counted).map(|(lo, hi)| [lo, hi]);
        self
    }
}

/// The questions I asked in my replies to comments by `at`, over all and per platform (by name).
/// An archived contact's are set aside, as in Follow-through.
pub fn reply_questions(h: &History, at: Secs, s: &ModelSettings) -> (ReplyQuestions, Vec<ChannelReplyQuestions>) {
    if h.comment_replies.is_empty() {
        return (ReplyQuestions::default(), Vec::new());
    }
    let platform: HashMap<InteractionId, &str> =
        h.comment_replies.iter().map(|r| (r.interaction, r.platform.as_str())).collect();
    let grace = (s.question_grace_days * DAY) as Secs;
    let asked = &h.questions[..h.questions.partition_point(|q| q.asked_at <= at)];
    let mut all = ReplyQuestions::default();
    let mut by_channel: BTreeMap<&str, ReplyQuestions> = BTreeMap::new();
    for q in super::follow::counted_questions(h, asked) {
        let Some(&channel) = q.asked_in.and_then(|i| platform.get(&i)) else { continue };
        if q.asked_by != Party::Me {
            continue;
        }
        all.count(q.answered_at, q.asked_at, at, grace);
        by_channel.entry(channel).or_default().count(q.answered_at, q.asked_at, at, grace);
    }
    let by_channel = by_channel
        .into_iter()
        .map(|(channel, questions)| ChannelReplyQuestions {
            channel: channel.to_owned(),
            questions: questions.finish(),
        })
        .collect();
    (all.finish(), by_channel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_post_at_its_usual_level_scores_half_and_twice_two_thirds() {
        assert_eq!(share_against_usual(10.0, 10.0), 0.5);
        assert!((share_against_usual(20.0, 10.0) - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(share_against_usual(0.0, 0.0), 0.5);
        assert_eq!(median(&[3, 1, 2]), Some(2.0));
        assert_eq!(median(&[4, 1, 2, 3]), Some(2.5));
        assert_eq!(median(&[]), None);
    }
}
