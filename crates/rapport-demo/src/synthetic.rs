//! A synthetic heavy network for the performance benchmark (`rapport bench`, docs/benchmark.md).
//!
//! [`generate`] writes a seeded, deterministic network into a fresh database through the store's
//! bulk API ([`Store::bulk`]), in one transaction: by default 10,000 contacts and 1,000,000 interactions over ten years
//! ([`HeavySpec::default`]), with value items, questions and answers, posts and reactions. The
//! same spec gives the same rows whenever it is built: the network is drawn ending at a fixed
//! date and moved by whole days to end within a day before `until`. It is not a story like the
//! demo network: it is a load with the shape of a real heavy user, so the measures do the work
//! they would do on one.
//!
//! The shape:
//! - Interactions are spread over contacts by a power law of their rank, `(rank + r0)^-1.6`
//!   with `r0` = 0.6% of the contacts: by default a few dozen close ties have thousands of
//!   interactions over ten years (from several a week to a few a day, the busiest about
//!   12,000 with group interactions), the next thousand or so have hundreds down to about a
//!   hundred, and the long tail has a handful each (the median contact about 10, the last 2).
//! - Close ties span the years (some fade out before the end); the middle has a stretch of a few
//!   years; a tail contact is a burst of a few weeks or months at some point in the history.
//! - Channels follow the tier (close ties message, call and meet; the tail emails and meets at
//!   events), each contact has its own share of initiative, and spoken channels have durations.
//! - 88% of interactions have one participant, 8% two and 4% three; 30% have a short summary.
//! - 15% carry a value item (given or received, by the contact's own bias), and a few items
//!   are recorded outside any interaction. 10% ask a question; most are answered in the next
//!   interaction with that contact when it comes within ten days, some later, the rest stay open.
//! - About 500 posts (one per 2,000 interactions) with named reactions from an audience that
//!   leans to the close ties, comments (some replied to) and anonymous counts.
//! - Circles with cadences, closeness, kin, keep-in-touch goals, met-on dates, emails and a few
//!   archived contacts, so every input of the measures is exercised.
//!
//! Every row obeys the schema's CHECK constraints and the store's rules: participants exist
//! and are distinct, an answer comes in a later interaction that includes the question's
//! contact, value items and questions name a participant, reactions come after their post and
//! a named reaction counts once. Ids follow time, as in a database filled by logging.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rapport_core::measures::{Secs, DAY};
use rapport_core::model::*;
use rapport_core::store::{
    Bulk, BulkContact, BulkInteraction, BulkPost, BulkQuestion, BulkReaction, BulkValueItem, Durability,
};
use rapport_core::time::{check_in_range, utc};
use rapport_core::{Error, Reason, Result, Store};

/// The default seed: changing it changes the whole network.
pub const HEAVY_SEED: u64 = 0x5241_5050_4245_4e43;

/// How big a network to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeavySpec {
    pub contacts: usize,
    pub interactions: usize,
    /// The history ends within a day before the `until` given to [`generate`] and starts this
    /// many years before.
    pub years: u32,
    pub seed: u64,
}

impl Default for HeavySpec {
    /// The size the benchmark issue asks for: 10,000 contacts, 1,000,000 interactions, 10 years.
    fn default() -> Self {
        HeavySpec { contacts: 10_000, interactions: 1_000_000, years: 10, seed: HEAVY_SEED }
    }
}

/// What [`generate`] wrote.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HeavyStats {
    pub contacts: usize,
    pub circles: usize,
    pub circle_memberships: usize,
    pub emails: usize,
    pub interactions: usize,
    pub participants: usize,
    pub value_items: usize,
    pub questions: usize,
    pub answered_questions: usize,
    pub posts: usize,
    pub reactions: usize,
    /// The contact with the most interactions, and how many.
    pub busiest_contact: ContactId,
    pub busiest_interactions: usize,
    /// The median contact's number of interactions, and the fewest any contact has.
    pub median_interactions: usize,
    pub fewest_interactions: usize,
    /// The first and last logged instants.
    pub first_at: Secs,
    pub last_at: Secs,
}

impl HeavyStats {
    /// Every row written, over all tables.
    pub fn rows(&self) -> usize {
        self.contacts
            + self.circles
            + self.circle_memberships
            + self.emails
            + self.interactions
            + self.participants
            + self.value_items
            + self.questions
            + self.posts
            + self.reactions
    }
}

const YEAR_SECS: f64 = 365.25 * DAY;
/// The power of the rank law that spreads interactions over contacts.
const RANK_POWER: f64 = 1.6;
/// Every network is drawn ending at this instant (2100-01-01T00:00:00Z), then moved to its `until`.
const REFERENCE_END: Secs = 4_102_444_800;
/// Report progress every this many rows.
const PROGRESS_STEP: usize = 16_384;

/// Builds the heavy network described by `spec` into `store`, which must hold no contact,
/// circle, interaction or post yet, with every event at or before `until`. `progress(done, total)`
/// counts rows written; it is called often during the write and once with `done == total`.
pub fn generate(
    store: &mut Store,
    spec: &HeavySpec,
    until: Secs,
    mut progress: impl FnMut(u64, u64),
) -> Result<HeavyStats> {
    check_spec(store, spec, until)?;
    // Drawn at a fixed end and moved by whole days, so the network is the same whatever the
    // day and hour it is built: only its dates move.
    let mut plan = Plan::draw(spec, REFERENCE_END);
    plan.shift_to(until);
    let total = plan.rows();
    let mut done = 0usize;
    let mut step = |n: usize| {
        let before = done / PROGRESS_STEP;
        done += n;
        if done / PROGRESS_STEP != before {
            progress(done as u64, total as u64);
        }
    };
    // A generated database can be built again, so it is written without the fsyncs.
    let contacts = store.bulk(Durability::Rebuildable, |b| {
        // Checked again under the write lock, so nothing can slip in between.
        if !b.is_blank()? {
            return Err(not_blank());
        }
        plan.write(b, &mut step)
    })?;
    progress(total as u64, total as u64);
    Ok(plan.stats(Some(&contacts)))
}

fn not_blank() -> Error {
    Error::invalid("database", Reason::HeavyNotEmpty {})
}

fn check_spec(store: &Store, spec: &HeavySpec, until: Secs) -> Result<()> {
    if spec.contacts == 0 || spec.contacts > 10_000_000 {
        return Err(Error::invalid("contacts", Reason::FromTo { min: 1, max: 10_000_000 }));
    }
    if spec.interactions == 0 || spec.interactions > 100_000_000 {
        return Err(Error::invalid("interactions", Reason::FromTo { min: 1, max: 100_000_000 }));
    }
    if !(1..=100).contains(&spec.years) {
        return Err(Error::invalid("years", Reason::FromTo { min: 1, max: 100 }));
    }
    check_in_range("until", utc(until))?;
    check_in_range("years", utc(until - (spec.years as f64 * YEAR_SECS) as Secs))?;
    // Refused before the network is drawn (seconds at the full size).
    if !store.is_blank()? {
        return Err(not_blank());
    }
    Ok(())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tier {
    Close,
    Middle,
    Tail,
}

struct Person {
    name: String,
    tier: Tier,
    /// When their interactions start and end.
    from: Secs,
    to: Secs,
    quota: usize,
    me_share: f64,
    give_share: f64,
    closeness: Option<u8>,
    is_kin: bool,
    cadence_days: Option<u32>,
    met_on: Option<NaiveDate>,
    company: Option<&'static str>,
    role: Option<&'static str>,
    email: bool,
    archived: bool,
    circles: Vec<usize>,
}

/// One planned interaction; `people[..n]` are contact indexes (id − 1), sorted.
#[derive(Clone, Copy)]
struct Event {
    at: Secs,
    offset: i16,
    channel: u8,
    me: bool,
    duration: Option<u16>,
    summary: u8,
    n: u8,
    people: [u32; 3],
}

struct Value {
    contact: u32,
    /// Index of the interaction in time order; `None` for an item recorded on its own.
    interaction: Option<u32>,
    given: bool,
    kind: u8,
    weight: Option<f64>,
    note: u8,
    at: Secs,
}

struct Ask {
    contact: u32,
    asked_in: u32,
    me: bool,
    text: u8,
    answered_in: Option<u32>,
}

struct PostPlan {
    at: Secs,
    offset: i16,
    platform: u8,
    title: usize,
}

struct ReactionPlan {
    post: u32,
    contact: Option<u32>,
    kind: ReactionKind,
    count: u32,
    at: Option<Secs>,
    comment: Option<u8>,
    replied: bool,
}

struct Plan {
    until: Secs,
    people: Vec<Person>,
    events: Vec<Event>,
    values: Vec<Value>,
    asks: Vec<Ask>,
    posts: Vec<PostPlan>,
    reactions: Vec<ReactionPlan>,
}

impl Plan {
    fn draw(spec: &HeavySpec, until: Secs) -> Plan {
        let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
        let start = until - (spec.years as f64 * YEAR_SECS) as Secs;
        let quotas = quotas(spec.contacts, spec.interactions);
        // Ranks go to contact ids in a shuffled order, as people are added in no order of closeness.
        let mut rank_of: Vec<usize> = (0..spec.contacts).collect();
        for i in (1..rank_of.len()).rev() {
            rank_of.swap(i, rng.random_range(0..=i));
        }
        let close_n = (spec.contacts * 4 / 1000).clamp(1, 60);
        let middle_n = (spec.contacts * 15 / 100).max(close_n);
        let mut names = HashSet::new();
        let people: Vec<Person> = rank_of
            .iter()
            .map(|&rank| {
                let tier = if rank < close_n {
                    Tier::Close
                } else if rank < middle_n {
                    Tier::Middle
                } else {
                    Tier::Tail
                };
                person(&mut rng, &mut names, tier, quotas[rank], start, until)
            })
            .collect();

        // Extra participants are drawn by the same law as interactions, so groups gather close ties.
        let cumulative: Vec<f64> = people
            .iter()
            .scan(0.0, |sum, p| {
                *sum += p.quota as f64 + 0.5;
                Some(*sum)
            })
            .collect();
        let draw_person = |rng: &mut ChaCha8Rng| -> u32 {
            let x = rng.random::<f64>() * cumulative.last().copied().unwrap_or(0.0);
            cumulative.partition_point(|&c| c <= x).min(cumulative.len() - 1) as u32
        };

        let mut events = Vec::with_capacity(spec.interactions);
        for (i, p) in people.iter().enumerate() {
            for _ in 0..p.quota {
                let mut e = Event {
                    at: 0,
                    offset: 0,
                    channel: 0,
                    me: rng.random_bool(p.me_share),
                    duration: None,
                    summary: 0,
                    n: 1,
                    people: [i as u32, 0, 0],
                };
                let roll = rng.random::<f64>();
                let extra = if spec.contacts < 3 {
                    0
                } else if roll < 0.04 {
                    2
                } else if roll < 0.12 {
                    1
                } else {
                    0
                };
                while (e.n as usize) < 1 + extra {
                    let other = draw_person(&mut rng);
                    if !e.people[..e.n as usize].contains(&other) {
                        e.people[e.n as usize] = other;
                        e.n += 1;
                    }
                }
                e.people[..e.n as usize].sort_unstable();
                let channel = pick_weighted(&mut rng, channel_weights(p.tier, e.n > 1));
                e.channel = channel as u8;
                e.duration = duration(&mut rng, Channel::ALL[channel]);
                (e.at, e.offset) = waking_time(&mut rng, p.from, p.to, until);
                if rng.random_bool(0.3) {
                    e.summary = rng.random_range(1..=SUMMARIES.len()) as u8;
                }
                events.push(e);
            }
        }
        events.sort_by_key(|e| e.at);

        // Each contact's interactions in time order, to answer a question in a later one.
        let mut by_contact: Vec<Vec<u32>> = people.iter().map(|p| Vec::with_capacity(p.quota)).collect();
        for (i, e) in events.iter().enumerate() {
            for &p in &e.people[..e.n as usize] {
                by_contact[p as usize].push(i as u32);
            }
        }
        let mut seen = vec![0usize; people.len()];
        let mut values = Vec::with_capacity(spec.interactions / 6);
        let mut asks = Vec::with_capacity(spec.interactions / 9);
        for (i, e) in events.iter().enumerate() {
            let mut position = [0usize; 3];
            for (k, &p) in e.people[..e.n as usize].iter().enumerate() {
                position[k] = seen[p as usize];
                seen[p as usize] += 1;
            }
            if rng.random_bool(0.15) {
                let k = rng.random_range(0..e.n as usize);
                let c = e.people[k];
                values.push(value(&mut rng, &people[c as usize], c, Some(i as u32), e.at));
            }
            if rng.random_bool(0.005) && e.at + 7_200 <= until {
                let c = e.people[0];
                let mut v = value(&mut rng, &people[c as usize], c, None, e.at + 7_200);
                v.kind = ValueKind::ALL.iter().position(|k| *k == ValueKind::Gift).unwrap_or(0) as u8;
                values.push(v);
            }
            if rng.random_bool(0.10) {
                let questions = if rng.random_bool(0.1) { 2 } else { 1 };
                for _ in 0..questions {
                    let k = rng.random_range(0..e.n as usize);
                    let c = e.people[k];
                    let later = &by_contact[c as usize][position[k] + 1..];
                    let soon = |j: u32| events[j as usize].at - e.at <= 10 * 86_400;
                    let answered_in = match later {
                        [next, after, ..] if soon(*next) && rng.random_bool(0.85) => {
                            Some(if soon(*after) && rng.random_bool(0.3) { *after } else { *next })
                        }
                        [next, ..] if soon(*next) && rng.random_bool(0.85) => Some(*next),
                        [next, ..] if !soon(*next) && rng.random_bool(0.35) => Some(*next),
                        _ => None,
                    };
                    asks.push(Ask {
                        contact: c,
                        asked_in: i as u32,
                        me: rng.random_bool(0.55),
                        text: rng.random_range(0..QUESTIONS.len()) as u8,
                        answered_in,
                    });
                }
            }
        }
        values.sort_by_key(|v| v.at);

        let (posts, reactions) = posts(&mut rng, spec, &people, start, until);
        Plan { until, people, events, values, asks, posts, reactions }
    }

    /// Moves every instant by the whole number of days that brings the end closest to `until`
    /// without passing it.
    fn shift_to(&mut self, until: Secs) {
        let day = DAY as Secs;
        let days = (until - self.until).div_euclid(day);
        let by = days * day;
        for p in &mut self.people {
            (p.from, p.to) = (p.from + by, p.to + by);
            p.met_on = p.met_on.and_then(|d| d.checked_add_signed(chrono::Duration::days(days)));
        }
        for e in &mut self.events {
            e.at += by;
        }
        for v in &mut self.values {
            v.at += by;
        }
        for p in &mut self.posts {
            p.at += by;
        }
        for r in &mut self.reactions {
            r.at = r.at.map(|t| t + by);
        }
        self.until = until;
    }

    fn rows(&self) -> usize {
        // The ids the store gives play no part in the count.
        self.stats(None).rows()
    }

    /// What the plan holds; `contacts` are the ids the people were written with.
    fn stats(&self, contacts: Option<&[ContactId]>) -> HeavyStats {
        let mut counts = vec![0usize; self.people.len()];
        for e in &self.events {
            for &p in &e.people[..e.n as usize] {
                counts[p as usize] += 1;
            }
        }
        let (busiest, busiest_n) =
            counts.iter().enumerate().max_by_key(|(i, n)| (**n, std::cmp::Reverse(*i))).unwrap_or((0, &0));
        let mut sorted = counts.clone();
        sorted.sort_unstable();
        HeavyStats {
            contacts: self.people.len(),
            circles: CIRCLES.len(),
            circle_memberships: self.people.iter().map(|p| p.circles.len()).sum(),
            emails: self.people.iter().filter(|p| p.email).count(),
            interactions: self.events.len(),
            participants: self.events.iter().map(|e| e.n as usize).sum(),
            value_items: self.values.len(),
            questions: self.asks.len(),
            answered_questions: self.asks.iter().filter(|a| a.answered_in.is_some()).count(),
            posts: self.posts.len(),
            reactions: self.reactions.len(),
            busiest_contact: contacts.map_or(ContactId(0), |ids| ids[busiest]),
            busiest_interactions: *busiest_n,
            median_interactions: sorted.get(sorted.len() / 2).copied().unwrap_or(0),
            fewest_interactions: sorted.first().copied().unwrap_or(0),
            first_at: self.events.first().map(|e| e.at).unwrap_or(self.until),
            last_at: self.events.last().map(|e| e.at).unwrap_or(self.until),
        }
    }

    /// Writes every row; `step(n)` after each `n` rows. Returns the people's contact ids.
    fn write(&self, b: &mut Bulk<'_>, step: &mut dyn FnMut(usize)) -> Result<Vec<ContactId>> {
        let created = self.until;
        let mut circles = Vec::with_capacity(CIRCLES.len());
        for (name, cadence) in CIRCLES {
            circles.push(b.circle(name, *cadence, created)?);
        }
        step(CIRCLES.len());
        let mut contacts = Vec::with_capacity(self.people.len());
        for p in &self.people {
            let id = b.contact(&BulkContact {
                display_name: &p.name,
                company: p.company,
                role: p.role,
                met_on: p.met_on,
                closeness: p.closeness,
                is_kin: p.is_kin,
                cadence_days: p.cadence_days,
                archived: p.archived,
                created_at: created,
            })?;
            for c in &p.circles {
                b.circle_member(id, circles[*c])?;
            }
            if p.email {
                let address = format!("{}.{id}@example.test", p.name.to_ascii_lowercase().replace([' ', '.'], ""));
                b.contact_email(id, &address, "personal")?;
            }
            contacts.push(id);
            step(1 + p.circles.len() + p.email as usize);
        }
        let mut interactions = Vec::with_capacity(self.events.len());
        let mut people = Vec::with_capacity(3);
        for e in &self.events {
            people.clear();
            people.extend(e.people[..e.n as usize].iter().map(|&p| contacts[p as usize]));
            interactions.push(b.interaction(&BulkInteraction {
                at: e.at,
                utc_offset_min: e.offset.into(),
                channel: Channel::ALL[e.channel as usize],
                initiated_by: if e.me { Party::Me } else { Party::Them },
                duration_min: e.duration.map(u32::from),
                summary: if e.summary == 0 { "" } else { SUMMARIES[e.summary as usize - 1] },
                participants: &people,
                created_at: e.at,
            })?);
            step(1 + e.n as usize);
        }
        for v in &self.values {
            b.value_item(&BulkValueItem {
                contact: contacts[v.contact as usize],
                interaction: v.interaction.map(|i| interactions[i as usize]),
                direction: if v.given { Direction::Given } else { Direction::Received },
                kind: ValueKind::ALL[v.kind as usize],
                weight: v.weight,
                note: if v.note == 0 { "" } else { NOTES[v.note as usize - 1] },
                at: v.at,
            })?;
            step(1);
        }
        for a in &self.asks {
            b.question(&BulkQuestion {
                contact: contacts[a.contact as usize],
                asked_in: interactions[a.asked_in as usize],
                asked_by: if a.me { Party::Me } else { Party::Them },
                text: QUESTIONS[a.text as usize],
                answered_in: a.answered_in.map(|i| interactions[i as usize]),
            })?;
            step(1);
        }
        let mut posts = Vec::with_capacity(self.posts.len());
        for (i, p) in self.posts.iter().enumerate() {
            let (platform, host) = PLATFORMS[p.platform as usize];
            let title = format!("{} ({})", TOPICS[p.title % TOPICS.len()], p.title / TOPICS.len() + 1);
            // Numbered in posting order.
            let url = format!("https://{host}/posts/{}", i + 1);
            posts.push(b.post(&BulkPost {
                platform,
                at: p.at,
                utc_offset_min: p.offset.into(),
                title: &title,
                url: Some(&url),
            })?);
            step(1);
        }
        for r in &self.reactions {
            b.reaction(&BulkReaction {
                post: posts[r.post as usize],
                contact: r.contact.map(|c| contacts[c as usize]),
                kind: r.kind,
                count: r.count,
                at: r.at,
                comment: r.comment.map(|c| COMMENTS[c as usize]),
                replied: r.replied,
                // Replied to some hours after the comment.
                replied_at: r.at.filter(|_| r.replied).map(|t| t + 6 * 3_600),
            })?;
            step(1);
        }
        Ok(contacts)
    }
}

/// Interactions per contact rank: `(rank + r0)^-1.6` scaled to `total`, at least one each when
/// there are enough to go round, summing to exactly `total`.
fn quotas(contacts: usize, total: usize) -> Vec<usize> {
    let r0 = (contacts as f64 * 0.006).max(2.0);
    let weights: Vec<f64> = (0..contacts).map(|r| (r as f64 + r0).powf(-RANK_POWER)).collect();
    let sum: f64 = weights.iter().sum();
    let floor = usize::from(total >= 2 * contacts);
    let mut quotas: Vec<usize> = weights.iter().map(|w| ((w / sum * total as f64) as usize).max(floor)).collect();
    let mut assigned: usize = quotas.iter().sum();
    // Round off at the top, where one more or less changes nothing.
    let mut rank = 0;
    while assigned < total {
        quotas[rank % contacts] += 1;
        assigned += 1;
        rank += 1;
    }
    rank = 0;
    while assigned > total {
        if quotas[rank % contacts] > floor {
            quotas[rank % contacts] -= 1;
            assigned -= 1;
        }
        rank += 1;
    }
    quotas
}

fn person(
    rng: &mut ChaCha8Rng,
    names: &mut HashSet<String>,
    tier: Tier,
    quota: usize,
    start: Secs,
    until: Secs,
) -> Person {
    let span = (until - start) as f64;
    let day = DAY as Secs;
    let (from, to) = match tier {
        Tier::Close => {
            let from = start + (rng.random::<f64>() * 0.3 * span) as Secs;
            let to = if rng.random_bool(0.15) { until - (rng.random_range(0.05..0.3) * span) as Secs } else { until };
            (from, to.max(from + 30 * day))
        }
        Tier::Middle => {
            let from = start + (rng.random::<f64>() * 0.8 * span) as Secs;
            let to = if rng.random_bool(0.3) {
                until
            } else {
                from + (rng.random_range(0.15..1.0) * (until - from) as f64) as Secs
            };
            (from, to.max(from + 14 * day))
        }
        Tier::Tail => {
            let from = start + (rng.random::<f64>() * span) as Secs;
            (from, from + rng.random_range(14..400) * day)
        }
    };
    let (from, to) = (from.min(until - day), to.min(until));
    let name = loop {
        let candidate = format!(
            "{} {}. {}",
            GIVEN[rng.random_range(0..GIVEN.len())],
            (b'A' + rng.random_range(0..26u8)) as char,
            FAMILY[rng.random_range(0..FAMILY.len())]
        );
        if names.insert(candidate.clone()) || names.len() > GIVEN.len() * FAMILY.len() * 20 {
            break candidate;
        }
    };
    let me_share = match rng.random::<f64>() {
        x if x < 0.03 => 0.95,
        x if x < 0.06 => 0.1,
        _ => rng.random_range(0.3..0.7),
    };
    let is_kin = match tier {
        Tier::Close => rng.random_bool(0.2),
        Tier::Middle => rng.random_bool(0.02),
        Tier::Tail => false,
    };
    let closeness = match tier {
        Tier::Close => Some(rng.random_range(4..=5)),
        Tier::Middle => rng.random_bool(0.5).then(|| rng.random_range(2..=4)),
        Tier::Tail => rng.random_bool(0.1).then_some(1),
    };
    let cadence_days = match tier {
        Tier::Close if rng.random_bool(0.3) => Some([7, 14, 30][rng.random_range(0..3)]),
        Tier::Middle if rng.random_bool(0.05) => Some([30, 90, 180][rng.random_range(0..3)]),
        _ => None,
    };
    let met_on = rng.random_bool(0.6).then(|| {
        let before = rng.random_range(0..365) * day;
        utc(from - before).date_naive()
    });
    let mut circles = Vec::new();
    if is_kin {
        circles.push(0);
    }
    let (friend, work, club, alumni) = match tier {
        Tier::Close => (0.5, 0.3, 0.1, 0.1),
        Tier::Middle => (0.1, 0.35, 0.08, 0.1),
        Tier::Tail => (0.0, 0.1, 0.02, 0.1),
    };
    for (circle, p) in [(1, friend), (2, work), (3, club), (4, alumni)] {
        if !is_kin && rng.random_bool(p) {
            circles.push(circle);
        }
    }
    let company = rng.random_bool(0.6).then(|| COMPANIES[rng.random_range(0..COMPANIES.len())]);
    let role = company.and(rng.random_bool(0.7).then(|| ROLES[rng.random_range(0..ROLES.len())]));
    Person {
        name,
        tier,
        from,
        to,
        quota,
        me_share,
        give_share: rng.random_range(0.2..0.8),
        closeness,
        is_kin,
        cadence_days,
        met_on,
        company,
        role,
        email: rng.random_bool(0.7),
        archived: tier == Tier::Tail && rng.random_bool(0.01),
        circles,
    }
}

/// Weights over [`Channel::ALL`]: in person, call, video, email, message, social, event, letter, other.
fn channel_weights(tier: Tier, group: bool) -> &'static [f64] {
    if group {
        return &[35.0, 5.0, 25.0, 20.0, 5.0, 0.0, 10.0, 0.0, 0.0];
    }
    match tier {
        Tier::Close => &[20.0, 15.0, 8.0, 5.0, 45.0, 4.0, 2.0, 0.5, 0.5],
        Tier::Middle => &[12.0, 8.0, 8.0, 25.0, 30.0, 8.0, 6.0, 1.0, 2.0],
        Tier::Tail => &[10.0, 4.0, 6.0, 35.0, 20.0, 12.0, 10.0, 1.0, 2.0],
    }
}

fn pick_weighted(rng: &mut ChaCha8Rng, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    let mut x = rng.random::<f64>() * total;
    for (i, w) in weights.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= w;
    }
    weights.len() - 1
}

/// Minutes for spoken channels (one in ten left blank), none for written ones.
fn duration(rng: &mut ChaCha8Rng, channel: Channel) -> Option<u16> {
    let (least, mean) = match channel {
        Channel::InPerson => (20.0, 70.0),
        Channel::Call => (2.0, 15.0),
        Channel::Video => (10.0, 30.0),
        Channel::Event => (60.0, 90.0),
        _ => return None,
    };
    if rng.random_bool(0.1) {
        return None;
    }
    let minutes = least + exponential(rng, mean);
    Some(minutes.min(600.0) as u16)
}

fn exponential(rng: &mut ChaCha8Rng, mean: f64) -> f64 {
    -(1.0 - rng.random::<f64>()).ln() * mean
}

/// An instant between `from` and `to` (and not after `until`) at a waking hour in Paris-like
/// offsets: UTC+2 from April to October, UTC+1 otherwise.
fn waking_time(rng: &mut ChaCha8Rng, from: Secs, to: Secs, until: Secs) -> (Secs, i16) {
    let day = DAY as Secs;
    let first_day = from.div_euclid(day);
    let last_day = to.div_euclid(day).max(first_day);
    for _ in 0..8 {
        let d = rng.random_range(first_day..=last_day);
        let offset: i16 = if (4..=10).contains(&utc(d * day).month()) { 120 } else { 60 };
        let local_minute = rng.random_range(7 * 60 + 30..23 * 60);
        let at = d * day + (local_minute - offset as i64) * 60 + rng.random_range(0..60);
        if at <= until && at >= from - day {
            return (at, offset);
        }
    }
    (until.min(to), 0)
}

fn value(rng: &mut ChaCha8Rng, p: &Person, contact: u32, interaction: Option<u32>, at: Secs) -> Value {
    Value {
        contact,
        interaction,
        given: rng.random_bool(p.give_share),
        kind: pick_weighted(rng, &[10.0, 25.0, 20.0, 20.0, 5.0, 10.0, 7.0, 3.0]) as u8,
        weight: rng.random_bool(0.3).then(|| rng.random_range(1..=10) as f64),
        note: if rng.random_bool(0.3) { rng.random_range(1..=NOTES.len()) as u8 } else { 0 },
        at,
    }
}

/// About one post per 2,000 interactions (5 to 500), each with named reactions from an audience
/// that leans to the closest ties, and anonymous counts from everyone else.
fn posts(
    rng: &mut ChaCha8Rng,
    spec: &HeavySpec,
    people: &[Person],
    start: Secs,
    until: Secs,
) -> (Vec<PostPlan>, Vec<ReactionPlan>) {
    let n = (spec.interactions / 2_000).clamp(5, 500);
    let mut posts: Vec<PostPlan> = (0..n)
        .map(|i| {
            let (at, offset) = waking_time(rng, start, until - DAY as Secs, until);
            PostPlan { at, offset, platform: pick_weighted(rng, &[6.0, 2.0, 2.0]) as u8, title: i }
        })
        .collect();
    posts.sort_by_key(|p| p.at);
    // The audience: the busiest twentieth of contacts react most.
    let mut by_quota: Vec<u32> = (0..people.len() as u32).collect();
    by_quota.sort_by_key(|&i| std::cmp::Reverse(people[i as usize].quota));
    let core = &by_quota[..(people.len() / 20).max(1)];
    let mut reactions = Vec::new();
    for (i, post) in posts.iter().enumerate() {
        let named = rng.random_range(3..=60usize).min(people.len());
        let mut chosen = HashSet::new();
        while chosen.len() < named {
            let c = if rng.random_bool(0.7) {
                core[rng.random_range(0..core.len())]
            } else {
                rng.random_range(0..people.len() as u32)
            };
            chosen.insert(c);
        }
        let mut chosen: Vec<u32> = chosen.into_iter().collect();
        chosen.sort_unstable();
        for c in chosen {
            let kind = ReactionKind::ALL[pick_weighted(rng, &[75.0, 7.0, 18.0])];
            let delay = exponential(rng, 8.0 * 3_600.0) as Secs;
            let at = (rng.random_bool(0.85) && post.at + delay <= until).then_some(post.at + delay);
            let comment = (kind == ReactionKind::Comment).then(|| rng.random_range(0..COMMENTS.len()) as u8);
            let replied = comment.is_some() && rng.random_bool(0.55);
            reactions.push(ReactionPlan { post: i as u32, contact: Some(c), kind, count: 1, at, comment, replied });
        }
        let likes = 5 + exponential(rng, 200.0) as u32;
        reactions.push(ReactionPlan {
            post: i as u32,
            contact: None,
            kind: ReactionKind::Like,
            count: likes,
            at: None,
            comment: None,
            replied: false,
        });
        if rng.random_bool(0.4) {
            reactions.push(ReactionPlan {
                post: i as u32,
                contact: None,
                kind: ReactionKind::Share,
                count: rng.random_range(1..40),
                at: None,
                comment: None,
                replied: false,
            });
        }
    }
    (posts, reactions)
}

/// (name, keep-in-touch cadence in days).
const CIRCLES: &[(&str, Option<u32>)] = &[
    ("Family", Some(30)),
    ("Close friends", Some(14)),
    ("Work", Some(90)),
    ("Climbing club", Some(60)),
    ("Alumni", None),
];

#[rustfmt::skip]
const GIVEN: &[&str] = &[
    "Ana", "Bruno", "Chloé", "David", "Emma", "Farid", "Grace", "Hugo", "Inès", "Jonas", "Kenji", "Lucia", "Mehdi",
    "Nora", "Omar", "Paula", "Quentin", "Rosa", "Samir", "Tina", "Ugo", "Vera", "Wen", "Xavier", "Yara", "Zoé",
    "Alice", "Basile", "Clara", "Diego", "Elif", "Felix", "Giulia", "Hana", "Ivan", "Julia", "Karim", "Léa",
    "Marco", "Nadia", "Oscar", "Priya", "Raphaël", "Sofia", "Théo", "Uma", "Victor", "Willa", "Yusuf", "Zeno",
];

#[rustfmt::skip]
const FAMILY: &[&str] = &[
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon",
    "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel",
    "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier",
    "Faure", "Rousseau", "Blanc", "Guerin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu",
    "Clement", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Nguyen",
];

#[rustfmt::skip]
const COMPANIES: &[&str] = &[
    "Acme", "Lumen", "Northwind", "Globex", "Initech", "Umbrella Labs", "Hooli", "Vandelay", "Stark Studio",
    "Wayne Works", "Soylent", "Tyrell", "Aperture", "Cyberdyne", "Oscorp", "Pied Piper",
];

#[rustfmt::skip]
const ROLES: &[&str] = &[
    "Engineer", "Designer", "Product manager", "Founder", "CTO", "Researcher", "Consultant", "Sales lead",
    "Recruiter", "Teacher", "Doctor", "Lawyer",
];

const SUMMARIES: &[&str] = &[
    "Coffee near the office, caught up on work and family",
    "Quick call about the project timeline",
    "Long dinner, talked about moving abroad",
    "Exchanged links about the conference",
    "Birthday wishes",
    "Asked for feedback on the draft",
    "Lunch; they are hiring again",
    "Video call with the kids waving",
    "Shared photos from the trip",
    "Talked through a hard decision",
    "Met at the meetup, short chat",
    "Sent the article we discussed",
    "Planning the weekend climb",
    "Thank-you note after the intro",
    "Catch-up after a long silence",
    "Discussed the job offer",
];

const NOTES: &[&str] = &[
    "intro to a recruiter",
    "advice on the negotiation",
    "book recommendation",
    "helped with the move",
    "a small gift",
];

const QUESTIONS: &[&str] = &[
    "How did the interview go?",
    "Can you send me the slides?",
    "Do you know someone in Berlin who hires designers?",
    "What did you think of the proposal?",
    "Are you free next Thursday?",
    "Which lawyer did you use for the lease?",
    "How is your mother doing?",
    "Did the funding round close?",
    "Could you review my CV?",
    "What are you reading these days?",
    "Any advice on pricing the consulting work?",
    "When do you move?",
];

const COMMENTS: &[&str] = &[
    "Great point!",
    "Congratulations!",
    "I disagree about the second part.",
    "Thanks for sharing this.",
    "We should talk about this over coffee.",
    "Saved for later.",
    "Could you expand on the last section?",
];

/// (platform, host for the post's address).
const PLATFORMS: &[(&str, &str)] =
    &[("LinkedIn", "linkedin.example"), ("Blog", "blog.example"), ("Mastodon", "mastodon.example")];

const TOPICS: &[&str] = &[
    "What I learned from ten years of networking",
    "Notes from the product conference",
    "Why small teams ship faster",
    "On mentoring",
    "Hiring your first engineer",
    "A year of remote work",
    "Reading list",
    "Lessons from a failed launch",
    "How we price our services",
    "Climbing and focus",
];

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use rapport_core::measures;

    use super::*;

    const UNTIL: Secs = 1_767_225_600; // 2026-01-01T00:00:00Z

    fn small() -> HeavySpec {
        HeavySpec { contacts: 50, interactions: 2_000, years: 2, seed: 7 }
    }

    fn build(spec: &HeavySpec) -> (Store, HeavyStats) {
        let mut store = Store::open_in_memory().unwrap();
        let mut calls = Vec::new();
        let stats = generate(&mut store, spec, UNTIL, |done, total| calls.push((done, total))).unwrap();
        let last = *calls.last().unwrap();
        assert_eq!(last.0, last.1, "the last progress call reports the end");
        assert_eq!(last.1 as usize, stats.rows());
        (store, stats)
    }

    /// FNV-1a over the whole database as the store exports it: every table, in id order.
    fn checksum(store: &Store) -> u64 {
        let json = serde_json::to_string(&store.export().unwrap()).unwrap();
        json.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, b| (hash ^ b as u64).wrapping_mul(0x0100_0000_01b3))
    }

    #[test]
    fn the_same_seed_builds_the_same_network() {
        let (a, stats_a) = build(&small());
        let (b, stats_b) = build(&small());
        assert_eq!(stats_a, stats_b);
        assert_eq!(checksum(&a), checksum(&b));
        // Built a day and an hour later, only the dates move.
        let mut later = Store::open_in_memory().unwrap();
        let stats_later = generate(&mut later, &small(), UNTIL + 25 * 3_600, |_, _| {}).unwrap();
        assert_eq!(stats_later.first_at - stats_a.first_at, 86_400);
        assert_eq!(HeavyStats { first_at: stats_a.first_at, last_at: stats_a.last_at, ..stats_later }, stats_a);
        let times = |store: &Store, shift: Secs| -> Vec<(Secs, Channel)> {
            let export = store.export().unwrap();
            export.interactions.iter().map(|i| (i.at.timestamp() - shift, i.channel)).collect()
        };
        assert_eq!(times(&later, 86_400), times(&a, 0));
        let (c, _) = build(&HeavySpec { seed: 8, ..small() });
        assert_ne!(checksum(&a), checksum(&c), "another seed builds another network");
    }

    #[test]
    fn the_network_has_the_size_and_shape_asked_for() {
        let (store, s) = build(&small());
        assert_eq!((s.contacts, s.interactions), (50, 2_000));
        let export = store.export().unwrap();
        let all = &export.interactions;
        let reactions: Vec<&Reaction> = export.posts.iter().flat_map(|p| &p.reactions).collect();
        let sum = |n: fn(&Interaction) -> usize| all.iter().map(n).sum::<usize>();
        for (table, written, read) in [
            ("contacts", s.contacts, export.contacts.len()),
            ("circles", s.circles, export.circles.len()),
            ("circle memberships", s.circle_memberships, export.contacts.iter().map(|c| c.fields.circles.len()).sum()),
            ("emails", s.emails, export.contacts.iter().map(|c| c.fields.emails.len()).sum()),
            ("interactions", s.interactions, all.len()),
            ("participants", s.participants, sum(|i| i.participants.len())),
            ("value items", s.value_items, sum(|i| i.value_items.len()) + export.value_items.len()),
            ("questions", s.questions, sum(|i| i.questions.len())),
            ("answers", s.answered_questions, sum(|i| i.answers.len())),
            ("posts", s.posts, export.posts.len()),
            ("reactions", s.reactions, reactions.len()),
        ] {
            assert_eq!(read, written, "{table}");
        }
        let share = |n: usize| n as f64 / s.interactions as f64;
        assert!((1.05..1.3).contains(&share(s.participants)), "mostly one participant: {s:?}");
        assert!((0.1..0.22).contains(&share(s.value_items)), "{s:?}");
        assert!((0.07..0.15).contains(&share(s.questions)), "{s:?}");
        assert!(s.answered_questions * 2 > s.questions, "most questions are answered: {s:?}");
        assert!(s.busiest_interactions > 10 * s.median_interactions.max(1), "skewed: {s:?}");
        assert!(s.fewest_interactions >= 1);
        assert!(s.first_at >= UNTIL - 2 * YEAR_SECS as Secs && s.last_at <= UNTIL);
        let busiest = all.iter().filter(|i| i.participants.iter().any(|p| p.id == s.busiest_contact)).count();
        assert_eq!(busiest, s.busiest_interactions, "the busiest contact is named by its id");
        assert!(reactions.iter().any(|r| r.contact.is_some()), "named reactions");
        assert!(reactions.iter().any(|r| r.contact.is_none() && r.count > 1), "anonymous counts");
        let written = [Channel::Email, Channel::Message, Channel::Social, Channel::Letter];
        assert!(
            all.iter().all(|i| i.duration_min.is_none() || !written.contains(&i.channel)),
            "only spoken channels have a duration"
        );
    }

    #[test]
    fn every_row_keeps_the_store_rules() {
        let (store, _) = build(&small());
        let export = store.export().unwrap();
        let by_id: HashMap<InteractionId, &Interaction> = export.interactions.iter().map(|i| (i.id, i)).collect();
        let with = |i: &Interaction, c: ContactId| i.participants.iter().any(|p| p.id == c);
        for i in &export.interactions {
            assert!(!i.participants.is_empty(), "every interaction has a participant");
            for v in &i.value_items {
                assert!(with(i, v.contact), "a value item names a participant");
                assert_eq!(
                    v.at,
                    i.at.with_timezone(&chrono::Utc),
                    "a value item of an interaction happens at its time"
                );
            }
            for q in &i.questions {
                assert!(with(i, q.contact), "a question names a participant");
                if let Some(answer) = q.answered_in {
                    let w = by_id[&answer];
                    assert!(w.id != i.id && w.at >= i.at, "an answer comes later, in another interaction");
                    assert!(with(w, q.contact), "with the question's contact");
                }
            }
        }
        assert!(export.interactions.windows(2).all(|w| w[0].at <= w[1].at), "ids follow time");
        for p in &export.posts {
            for r in &p.reactions {
                assert!(r.at.iter().all(|t| *t >= p.at), "a reaction comes after its post");
                assert!(r.contact.is_none() || r.count == 1, "a named reaction counts once");
                assert!(
                    r.kind == ReactionKind::Comment || (r.comment.is_none() && !r.replied),
                    "only comments have text"
                );
            }
        }
    }

    #[test]
    fn the_measures_run_on_it() {
        let (store, s) = build(&small());
        let history = store.history().unwrap();
        assert_eq!(history.interactions.len(), s.interactions);
        let settings = store.model_settings().unwrap();
        let report = measures::report(&history, UNTIL, &settings);
        assert!(!report.contacts.is_empty());
        assert!(report.network.index.is_finite());
        let busiest = measures::contact_measures(&history, s.busiest_contact, UNTIL, &settings);
        assert!(busiest.is_some_and(|m| m.interactions == s.busiest_interactions));
    }

    #[test]
    fn a_used_database_is_refused() {
        let (mut store, _) = build(&small());
        let err = generate(&mut store, &small(), UNTIL, |_, _| {}).unwrap_err();
        assert!(err.to_string().contains("empty database"), "{err}");
        let mut empty = Store::open_in_memory().unwrap();
        let err = generate(&mut empty, &HeavySpec { contacts: 0, ..small() }, UNTIL, |_, _| {}).unwrap_err();
        assert!(err.to_string().contains("contacts"), "{err}");
        // A circle alone is enough to refuse: the network brings its own.
        empty.add_circle("Family", None).unwrap();
        let err = generate(&mut empty, &small(), UNTIL, |_, _| {}).unwrap_err();
        assert!(err.to_string().contains("empty database"), "{err}");
    }
}
