//! The demo network: what a first-time user sees, and what screenshots and tests use.
//!
//! [`load_demo`] fills an empty database with about 150 contacts spread over Dunbar's layers
//! (5 intimate, 10 close, 35 "every few months", 100 outer) and three years of history ending
//! at `now`: about 3,900 interactions, value given and received, questions asked both ways
//! (most answered after a realistic delay; questions put to me get a late answer when they are
//! more than six weeks old, so only a handful stay open, mostly recent), and 25 posts with their
//! reactions. [`load_demo_in`] writes its words in English or French: the same network either way.
//! It is deterministic: the same `now` gives the same data (only the wall-clock `created_at` and
//! `updated_at` of contacts differ), because everything comes from one seeded ChaCha8 generator
//! and the whole plan is drawn before anything is written.
//!
//! The history tells recognisable stories, each through a named character ([`DEMO_STORIES`]):
//!
//! 1. **Chloé Martin**, best friend: seen or called every week for three years, initiative
//!    balanced, favours both ways.
//! 2. **Julien Moreau**, **Sarah Cohen**, **Maxime Girard**: ties fading out, frequent in the
//!    first year, rarer in the second, silent for the last eight months or more.
//! 3. **Thibault Roussel** only takes: he gets in touch only to ask for an introduction, advice,
//!    a referral; I give, he never gives back.
//! 4. **Vincent Dubois** is someone I only broadcast to: every touch is mine, no question of
//!    mine ever answered.
//! 5. Open loops both ways: **Anaïs Lefèvre**'s questions to me wait (one from last week, one
//!    from seven weeks ago); my questions to **Marc Fontaine** wait (the latest six days old,
//!    the oldest eleven weeks). Outer-layer contacts leave more questions open than close ones.
//! 6. **Léa Nguyen** in Montréal: close in the first year, dormant for more than a year,
//!    revived three months ago (video calls, then dinner during a trip).
//! 7. **Hélène Rousseau**, mentor, from whom advice and introductions flow; **Yanis Benali**,
//!    mentee met two years ago, to whom they flow.
//! 8. Posts on LinkedIn, a blog and Mastodon: a core audience (Sophie Laurent, Camille
//!    Bernard, Karim Haddad...) likes, comments and shares often; some comments got a reply and
//!    some did not; anonymous counts stand for the wider audience.
//!
//! The user has rated 40 ties' closeness ([`DEMO_RATED`]): every tie of the two inner layers and
//! a draw of the others, from the closeness each person's history was drawn from (their layer
//! and rhythm), a quarter of the ratings one level off; the rest are unrated. Calibrating on them
//! beats the default weights, not perfectly (issue 14).
//!
//! Kin (parents, brother, cousins, an aunt) keep a high closeness with slower contact, as
//! Roberts & Dunbar (2011) found. Times are at waking hours in the offset the user was at:
//! Paris with its summer time, or the local offset when meeting someone abroad.
//!
//! The characters and scenes are tables in `demo/cast.rs`; how each kind of relationship talks
//! (its typical interactions, what changes hands, who asks and who answers) is in `demo/talk.rs`.

mod cast;
mod fr;
mod talk;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Timelike, Utc, Weekday};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

pub use rapport_core::charts::Lang;
use rapport_core::model::*;
use rapport_core::store::{BulkReaction, Durability};
use rapport_core::{Error, Reason, Result, Store};

pub use cast::{
    BEST_FRIEND, BROADCAST, ENGAGED, FADING, I_OWE_ANSWERS, MENTEE, MENTOR, OWES_ME_ANSWERS, RECONNECTED, TAKER,
};

/// The seed of the generator: changing it changes the whole network.
pub const DEMO_SEED: u64 = 0x5241_5050_4445_4d4f;
/// How far back the history goes: three years.
pub const HISTORY_DAYS: i64 = 3 * 365;
/// Questions put to me older than this are answered late when the draws left them open.
const CATCH_UP_DAYS: i64 = 45;
/// How long after a comment the demo's user replies to it, in seconds: the same afternoon.
const DEMO_REPLY_DELAY: i64 = 3 * 3600;
/// The setting that marks a database as holding the demo network (the UI can offer to clear it).
pub const DEMO_SETTING: &str = rapport_core::import::json::DEMO_MARK;

/// The stories the demo tells: (contact display name, one line).
pub const DEMO_STORIES: &[(&str, &str)] = &[
    (BEST_FRIEND, "Best friend, seen or called every week for three years; initiative and favours go both ways."),
    (FADING[0], "Closest colleague at Lumen: weekly in year one, rarer in year two, silent for the last nine months."),
    (FADING[1], "Climbing friend who moved to Grenoble: the tie fades out, nothing for the last eight months."),
    (FADING[2], "Former client in Lyon: regular in year one, occasional in year two, then nothing."),
    (TAKER, "Only takes: gets in touch when he needs an introduction, advice or a referral; never gives back."),
    (BROADCAST, "Broadcast only: I email and message him, he never replies nor answers a question."),
    (I_OWE_ANSWERS, "I owe her answers: her questions about her pitch deck and the Lyon incubator are still open."),
    (OWES_ME_ANSWERS, "He owes me answers: three follow-ups on the partnership proposal, the latest last week."),
    (RECONNECTED, "Friend in Montréal: close in year one, dormant for more than a year, revived three months ago."),
    (MENTOR, "Mentor: advice, introductions and knowledge flow from her to me."),
    (MENTEE, "Mentee met two years ago: I give advice, referrals and introductions; he asks many questions."),
    (ENGAGED[0], "Core audience: likes, comments on and shares most of my posts."),
];

/// What [`load_demo`] created.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DemoSummary {
    pub contacts: usize,
    pub circles: usize,
    pub interactions: usize,
    pub questions: usize,
    /// Questions still waiting for an answer at `now`, both ways.
    pub open_questions: usize,
    pub value_items: usize,
    pub posts: usize,
    pub reactions: usize,
}

/// Fills an empty database with the demo network whose history ends at `now`, in one transaction.
/// A database that already has contacts is refused and left as it was.
pub fn load_demo(store: &mut Store, now: DateTime<Utc>) -> Result<DemoSummary> {
    load_demo_in(store, now, Lang::En)
}

/// [`load_demo`] with its words (summaries, questions, notes, circles, post titles) in `lang`.
/// The network is drawn in English and translated as it is written: the same people, dates and
/// measures in every language.
pub fn load_demo_in(store: &mut Store, now: DateTime<Utc>, lang: Lang) -> Result<DemoSummary> {
    let not_empty = || Error::invalid("demo", Reason::DemoNotEmpty {});
    // Refused before the network is planned (tens of milliseconds), so repeated calls cost nothing.
    if !store.is_empty()? {
        return Err(not_empty());
    }
    let demo = Demo::plan(now);
    store.batch(|s| {
        // Checked again inside the transaction, which holds the write lock, so nothing can slip in between.
        if !s.is_empty()? {
            return Err(not_empty());
        }
        demo.write(s, now, &Words::new(lang))
    })
}

/// The demo's texts in one language: English as drawn, or looked up in `fr.rs`.
struct Words(Option<HashMap<&'static str, &'static str>>);

impl Words {
    fn new(lang: Lang) -> Words {
        Words(match lang {
            Lang::En => None,
            Lang::Fr => Some(fr::FRENCH.iter().copied().collect()),
        })
    }

    fn get(&self, text: &str) -> String {
        match &self.0 {
            None => text.to_owned(),
            // An outer contact without a company is a freelancer: "Freelance designer".
            Some(fr) => match text.strip_prefix("Freelance ") {
                Some(role) if !fr.contains_key(text) => {
                    let mut chars = role.chars();
                    let cap: String = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
                    fr.get(cap.as_str()).map_or_else(|| text.to_owned(), |f| format!("{f} freelance"))
                }
                _ => fr.get(text).map_or_else(|| text.to_owned(), |f| (*f).to_owned()),
            },
        }
    }

    fn contact(&self, f: &ContactFields) -> ContactFields {
        ContactFields {
            role: f.role.as_deref().map(|r| self.get(r)),
            how_met: f.how_met.as_deref().map(|h| self.get(h)),
            notes: self.get(&f.notes),
            circles: f.circles.iter().map(|c| self.get(c)).collect(),
            ..f.clone()
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The vocabulary of the tables in cast.rs and talk.rs.

/// A time zone reduced to what the demo needs: a standard offset and its summer-time rule.
#[derive(Debug, Clone, Copy)]
enum Zone {
    /// EU rule: summer time from the last Sunday of March to the last Sunday of October.
    Europe(i32),
    /// US and Canada rule: from the second Sunday of March to the first Sunday of November.
    America(i32),
    Fixed(i32),
}

const PARIS: Zone = Zone::Europe(60);

impl Zone {
    /// The offset on `date`, in minutes (switching at midnight rather than at 01:00 UTC is close enough).
    fn minutes(self, date: NaiveDate) -> i32 {
        let y = date.year();
        let sunday = |month, n| NaiveDate::from_weekday_of_month_opt(y, month, Weekday::Sun, n);
        let last_sunday = |month| sunday(month, 5).or_else(|| sunday(month, 4));
        let between =
            |a: Option<NaiveDate>, b: Option<NaiveDate>| matches!((a, b), (Some(a), Some(b)) if date >= a && date < b);
        match self {
            Zone::Europe(std) => std + if between(last_sunday(3), last_sunday(10)) { 60 } else { 0 },
            Zone::America(std) => std + if between(sunday(3, 2), sunday(11, 1)) { 60 } else { 0 },
            Zone::Fixed(m) => m,
        }
    }

    /// `hour:minute` local time on `date`.
    fn at(self, date: NaiveDate, hour: u32, minute: u32) -> DateTime<FixedOffset> {
        local(date, hour, minute, self.minutes(date))
    }
}

fn local(date: NaiveDate, hour: u32, minute: u32, offset_min: i32) -> DateTime<FixedOffset> {
    let naive = date.and_hms_opt(hour, minute, 0).expect("hour and minute are in range");
    let offset = FixedOffset::east_opt(offset_min * 60).expect("demo offsets are in range");
    (naive - Duration::minutes(i64::from(offset_min))).and_utc().with_timezone(&offset)
}

/// Telephone numbers come from ranges reserved for fiction.
#[derive(Debug, Clone, Copy)]
enum Country {
    France,
    /// With its area code: numbers are 555-01xx.
    NorthAmerica(&'static str),
    Uk,
    Other,
}

#[derive(Debug)]
struct City {
    name: &'static str,
    location: &'static str,
    country: Country,
    zone: Zone,
}

/// When in the day an interaction happens, local time.
#[derive(Debug, Clone, Copy)]
enum When {
    Morning,
    Lunch,
    Afternoon,
    Evening,
    Day,
    Any,
}

impl When {
    /// `[from, to)` hours.
    fn hours(self) -> (u32, u32) {
        match self {
            When::Morning => (8, 11),
            When::Lunch => (12, 14),
            When::Afternoon => (14, 18),
            When::Evening => (18, 22),
            When::Day => (9, 19),
            When::Any => (8, 22),
        }
    }
}

/// A typical interaction of a relationship.
#[derive(Debug)]
struct Beat {
    weight: u32,
    channel: Channel,
    when: When,
    /// Duration range; (0, 0) for channels without one.
    minutes: (u32, u32),
    summary: &'static str,
}

/// A question, and the reply that answers it with what that reply gives the asker.
#[derive(Debug)]
struct Ask {
    text: &'static str,
    reply: &'static str,
    value: Option<ValueKind>,
}

/// How a kind of relationship talks.
#[derive(Debug)]
struct Archetype {
    beats: &'static [Beat],
    /// Probability that I am the one reaching out.
    me_share: f64,
    /// (probability per interaction, kinds) of value I give and receive.
    give: (f64, &'static [ValueKind]),
    receive: (f64, &'static [ValueKind]),
    /// (probability per one-to-one interaction, questions) that I ask, and that they ask.
    my_asks: (f64, &'static [Ask]),
    their_asks: (f64, &'static [Ask]),
    /// Probability that they answer my question, and that I answer theirs.
    they_answer: f64,
    i_answer: f64,
}

/// How a tie's rhythm changes over the three years (days ago).
#[derive(Debug, Clone, Copy)]
enum Shape {
    Steady,
    /// Steady until `ends_at` days ago, then silent.
    Until(f64),
    /// Regular, three and a half times rarer from `slows_at`, silent from `ends_at`.
    Fading {
        slows_at: f64,
        ends_at: f64,
    },
    /// Regular until `sleeps_at`, silent, then regular again from `wakes_at`.
    Revived {
        sleeps_at: f64,
        wakes_at: f64,
    },
}

/// A hand-written character of the inner layers.
#[derive(Debug)]
struct Character {
    name: &'static str,
    nickname: Option<&'static str>,
    company: Option<&'static str>,
    role: Option<&'static str>,
    city: &'static str,
    how_met: &'static str,
    met_years_ago: f64,
    /// How the first meeting is logged when it falls inside the three years.
    first: (Channel, &'static str),
    layer: u8,
    closeness: u8,
    kin: bool,
    circles: &'static [&'static str],
    cadence_days: Option<u32>,
    arch: &'static Archetype,
    /// Average days between two touches (meetings, calls and messages all count).
    gap_days: f64,
    shape: Shape,
    birthday: Option<&'static str>,
    notes: &'static str,
    phone: bool,
    work_email: bool,
}

/// A scripted moment of a story. `ask` is (who asks, the question, answered after so many days
/// or never).
#[derive(Debug)]
struct Scene {
    who: &'static str,
    days_ago: f64,
    channel: Channel,
    by: Party,
    when: When,
    minutes: u32,
    summary: &'static str,
    received: &'static [ValueKind],
    ask: Option<(Party, &'static Ask, Option<f64>)>,
}

/// Who comes to a group interaction: the named people, then members of the circles, among
/// those whose tie is active at the time (and who live in Paris, for local get-togethers).
#[derive(Debug)]
struct Crowd {
    names: &'static [&'static str],
    circles: &'static [&'static str],
    max: usize,
    paris_only: bool,
}

/// A recurring group interaction.
#[derive(Debug)]
struct Gathering {
    crowd: Crowd,
    min_people: usize,
    gap_days: f64,
    channel: Channel,
    when: When,
    minutes: (u32, u32),
    me_share: f64,
    summaries: &'static [&'static str],
}

/// A one-off group interaction.
#[derive(Debug)]
struct Occasion {
    days_ago: f64,
    channel: Channel,
    by: Party,
    when: When,
    minutes: u32,
    summary: &'static str,
    crowd: Crowd,
    city: &'static str,
}

#[derive(Debug)]
struct PostSeed {
    days_ago: f64,
    platform: &'static str,
    title: &'static str,
    /// The blog's path or the Mastodon status; LinkedIn posts carry no link.
    slug: &'static str,
}

// ---------------------------------------------------------------------------------------------
// The plan: everything drawn first, then written in time order.

/// A contact with what the planner needs to know about them.
struct Person {
    fields: ContactFields,
    city: &'static City,
    arch: &'static Archetype,
    layer: u8,
    /// (from, to, average gap), in days ago: when the tie is active and how often it is touched.
    spans: Vec<(f64, f64, f64)>,
    /// The first meeting, when it falls inside the three years: (days ago, channel, summary).
    first: Option<(f64, Channel, String)>,
}

impl Person {
    fn active(&self, days_ago: f64) -> bool {
        self.spans.iter().any(|&(from, to, _)| (to..=from).contains(&days_ago))
    }
}

/// One interaction to log. Questions it answers point at (plan index, question index).
struct Plan {
    at: DateTime<FixedOffset>,
    channel: Channel,
    by: Party,
    people: Vec<usize>,
    minutes: Option<u32>,
    summary: String,
    given: Vec<(ValueKind, &'static str)>,
    received: Vec<(ValueKind, &'static str)>,
    asks: Vec<(Party, &'static Ask)>,
    answers: Vec<(usize, usize)>,
    /// A moment of a story (`cast::SCENES`), whose open questions are part of what it tells.
    scripted: bool,
}

impl Plan {
    fn new(at: DateTime<FixedOffset>, channel: Channel, by: Party, people: Vec<usize>, summary: &str) -> Plan {
        Plan {
            at,
            channel,
            by,
            people,
            minutes: None,
            summary: summary.to_owned(),
            given: Vec::new(),
            received: Vec::new(),
            asks: Vec::new(),
            answers: Vec::new(),
            scripted: false,
        }
    }
}

struct ReactionPlan {
    kind: ReactionKind,
    who: Option<usize>,
    count: u32,
    at: Option<DateTime<Utc>>,
    comment: Option<&'static str>,
    replied: bool,
}

struct PostPlan {
    post: NewPost,
    reactions: Vec<ReactionPlan>,
}

/// The whole demo network, drawn but not yet written.
struct Demo {
    people: Vec<Person>,
    plans: Vec<Plan>,
    posts: Vec<PostPlan>,
}

impl Demo {
    fn plan(now: DateTime<Utc>) -> Demo {
        let mut rng = ChaCha8Rng::seed_from_u64(DEMO_SEED);
        let today = now.date_naive();
        let mut people: Vec<Person> =
            cast::CHARACTERS.iter().enumerate().map(|(i, c)| character(c, i, today)).collect();
        let mut taken: HashSet<String> = people.iter().map(|p| p.fields.display_name.clone()).collect();
        for i in 0..100 {
            let person = outer(&mut rng, people.len() + i, today, &mut taken);
            people.push(person);
        }

        let mut planner = Planner::new(rng, now, &people);
        for who in 0..people.len() {
            planner.rhythm(who);
        }
        for scene in cast::SCENES {
            planner.scene(scene);
        }
        for g in cast::GATHERINGS {
            planner.gathering(g);
        }
        for o in cast::OCCASIONS {
            planner.occasion(o);
        }
        planner.christmases();
        planner.birthdays();
        // How many Christmases and birthdays fall in the three years depends on the day: the
        // posts draw from a generator of their own so that count does not shift them.
        planner.rng = ChaCha8Rng::seed_from_u64(DEMO_SEED ^ 0x504f_5354);
        let posts = cast::POSTS.iter().map(|p| planner.post(p)).collect();
        planner.catch_up();
        let plans = planner.plans;
        rate_some(&mut people);
        Demo { people, plans, posts }
    }

    fn write(&self, store: &mut Store, now: DateTime<Utc>, words: &Words) -> Result<DemoSummary> {
        let mut summary = DemoSummary::default();
        for (name, cadence) in cast::CIRCLES {
            store.add_circle(&words.get(name), *cadence)?;
        }
        let mut ids = Vec::with_capacity(self.people.len());
        for p in &self.people {
            ids.push(store.add_contact(&words.contact(&p.fields))?.id);
        }
        summary.contacts = ids.len();
        summary.circles = store.list_circles()?.len();

        // Logged in time order, as a user would have, so a reply always finds its question.
        let mut order: Vec<usize> = (0..self.plans.len()).collect();
        order.sort_by_key(|&i| (self.plans[i].at.timestamp(), i));
        let mut asked: Vec<Vec<QuestionId>> = vec![Vec::new(); self.plans.len()];
        let note = |items: &[(ValueKind, &str)]| -> Vec<NewValueItem> {
            items.iter().map(|(kind, note)| NewValueItem { note: words.get(note), ..NewValueItem::of(*kind) }).collect()
        };
        for i in order {
            let p = &self.plans[i];
            let new = NewInteraction {
                duration_min: p.minutes,
                summary: words.get(&p.summary),
                given: note(&p.given),
                received: note(&p.received),
                questions: p
                    .asks
                    .iter()
                    .map(|(by, ask)| NewQuestion { asked_by: *by, text: words.get(ask.text), contact: None })
                    .collect(),
                answers: p.answers.iter().map(|&(plan, k)| asked[plan][k]).collect(),
                // A group scene started by them was started by the first one named in it.
                initiator: (p.by == Party::Them && p.people.len() > 1).then(|| ids[p.people[0]]),
                ..NewInteraction::new(p.at, p.channel, p.by, p.people.iter().map(|&w| ids[w]).collect())
            };
            let logged = store.log_interaction(&new)?;
            asked[i] = logged.questions.iter().map(|q| q.id).collect();
            summary.interactions += 1;
            summary.questions += logged.questions.len();
            summary.open_questions += logged.questions.len();
            summary.open_questions -= logged.answers.len();
            summary.value_items += logged.value_items.len();
        }

        for p in &self.posts {
            let post = store.add_post(&NewPost { title: words.get(&p.post.title), ..p.post.clone() })?;
            summary.posts += 1;
            // Through the bulk writer, which takes the date of my reply: add_reaction dates it at
            // the clock's now, not the demo's (a reply years after its comment, different at each load).
            let comments: Vec<Option<String>> = p.reactions.iter().map(|r| r.comment.map(|c| words.get(c))).collect();
            let end = now.timestamp();
            store.bulk(Durability::Full, |b| {
                for (r, comment) in p.reactions.iter().zip(&comments) {
                    let at = r.at.map(|t| t.timestamp());
                    // My reply, a few hours after the comment, and never after the history ends.
                    let replied_at = at.map_or(end, |at| (at + DEMO_REPLY_DELAY).min(end).max(at));
                    b.reaction(&BulkReaction {
                        post: post.id,
                        contact: r.who.map(|w| ids[w]),
                        kind: r.kind,
                        count: r.count,
                        at,
                        comment: comment.as_deref(),
                        replied: r.replied,
                        replied_at: r.replied.then_some(replied_at),
                    })?;
                }
                Ok(())
            })?;
            summary.reactions += p.reactions.len();
        }
        store.set_setting(
            DEMO_SETTING,
            &serde_json::json!({ "seed": DEMO_SEED, "history_ends_at": now.to_rfc3339(), "summary": summary }),
        )?;
        Ok(summary)
    }
}

/// How many ties the demo's user has rated (issue 14: enough to calibrate on, as a user would
/// after a few minutes of "How close are you?").
pub const DEMO_RATED: usize = 40;
/// The seed of the ratings' own draws, apart from the network's: rating changes no history.
const RATING_SEED: u64 = DEMO_SEED ^ 0x5241_5445;

/// Each person's closeness as drawn (a character's, an outer tie's 1 or 2) is the hidden truth
/// their history was shaped from: their layer and rhythm. The user rated 40 of them: every tie
/// of the two inner layers and a draw of the others, each rating the truth give or take one
/// level a quarter of the time, as people misjudge. The rest carry no rating.
fn rate_some(people: &mut [Person]) {
    let mut rng = ChaCha8Rng::seed_from_u64(RATING_SEED);
    let inner: Vec<usize> = (0..people.len()).filter(|&i| people[i].layer <= 2).collect();
    let mut others: Vec<usize> = (0..people.len()).filter(|&i| people[i].layer > 2).collect();
    others.shuffle(&mut rng);
    let rated: HashSet<usize> =
        inner.iter().copied().chain(others.into_iter().take(DEMO_RATED - inner.len())).collect();
    for (i, p) in people.iter_mut().enumerate() {
        let truth = p.fields.closeness.unwrap_or(1);
        p.fields.closeness = rated.contains(&i).then(|| match rng.random_range(0..8) {
            0 => truth.saturating_sub(1).max(1),
            1 => (truth + 1).min(5),
            _ => truth,
        });
    }
}

fn city(name: &str) -> &'static City {
    cast::CITIES.iter().find(|c| c.name == name).unwrap_or(&cast::CITIES[0])
}

fn days_before(today: NaiveDate, days: f64) -> NaiveDate {
    today - Duration::days(days.round() as i64)
}

/// When the tie is active and how often it is touched, from its shape.
fn spans(met_days_ago: f64, gap: f64, shape: Shape) -> Vec<(f64, f64, f64)> {
    let start = met_days_ago.min(HISTORY_DAYS as f64);
    match shape {
        Shape::Steady => vec![(start, 0.0, gap)],
        Shape::Until(end) => vec![(start, end, gap)],
        Shape::Fading { slows_at, ends_at } => vec![(start, slows_at, gap), (slows_at, ends_at, gap * 3.5)],
        Shape::Revived { sleeps_at, wakes_at } => vec![(start, sleeps_at, gap), (wakes_at, 0.0, gap * 0.8)],
    }
}

/// ASCII, lower-case, for email addresses: "Anaïs Lefèvre" → "anais", "lefevre".
fn ascii_slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.to_lowercase().chars() {
        let plain = match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' | 'ı' => 'i',
            'ô' | 'ö' | 'ó' | 'õ' => 'o',
            'û' | 'ü' | 'ù' | 'ú' => 'u',
            'ç' | 'č' => 'c',
            'ñ' => 'n',
            'ÿ' => 'y',
            c if c.is_ascii_alphanumeric() || c == '-' => c,
            _ => continue,
        };
        out.push(plain);
    }
    out
}

/// Personal and work addresses at the reserved example domains, and a phone number from a
/// range reserved for fiction in the contact's country.
fn reachability(fields: &mut ContactFields, index: usize, country: Country, phone: bool, work: bool, personal: bool) {
    let given = ascii_slug(fields.given_name.as_deref().unwrap_or_default());
    let family = ascii_slug(fields.family_name.as_deref().unwrap_or_default());
    if personal {
        fields.emails.push(Labeled { value: format!("{given}.{family}@example.com"), label: Some("personal".into()) });
    }
    if work {
        let initial: String = given.chars().take(1).collect();
        fields.emails.push(Labeled { value: format!("{initial}{family}@example.org"), label: Some("work".into()) });
    }
    if phone {
        let n = index % 100;
        let number = match country {
            Country::France => Some(format!("+33 6 00 00 {:02} {:02}", (index * 37 + 13) % 100, n)),
            Country::NorthAmerica(area) => Some(format!("+1 {area} 555 01{n:02}")),
            Country::Uk => Some(format!("+44 7700 900{:03}", index % 1000)),
            Country::Other => None,
        };
        if let Some(value) = number {
            fields.phones.push(Labeled { value, label: Some("mobile".into()) });
        }
    }
}

fn split_name(name: &str) -> (Option<String>, Option<String>) {
    match name.split_once(' ') {
        Some((given, family)) => (Some(given.to_owned()), Some(family.to_owned())),
        None => (Some(name.to_owned()), None),
    }
}

fn character(c: &Character, index: usize, today: NaiveDate) -> Person {
    let met_days = c.met_years_ago * 365.25;
    let (given_name, family_name) = split_name(c.name);
    let home = city(c.city);
    let mut fields = ContactFields {
        display_name: c.name.to_owned(),
        given_name,
        family_name,
        nickname: c.nickname.map(str::to_owned),
        company: c.company.map(str::to_owned),
        role: c.role.map(str::to_owned),
        location: Some(home.location.to_owned()),
        how_met: Some(c.how_met.to_owned()),
        met_on: Some(days_before(today, met_days)),
        birthday: c.birthday.map(str::to_owned),
        closeness: Some(c.closeness),
        is_kin: c.kin,
        notes: c.notes.to_owned(),
        cadence_days: c.cadence_days,
        circles: c.circles.iter().map(|s| (*s).to_owned()).collect(),
        ..ContactFields::default()
    };
    reachability(&mut fields, index, home.country, c.phone, c.work_email, true);
    let first = (met_days < HISTORY_DAYS as f64).then(|| {
        let summary = if c.first.1.is_empty() { c.how_met } else { c.first.1 };
        (met_days, c.first.0, summary.to_owned())
    });
    Person { fields, city: home, arch: c.arch, layer: c.layer, spans: spans(met_days, c.gap_days, c.shape), first }
}

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

fn pick_weighted<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T], weight: impl Fn(&T) -> u32) -> &'a T {
    let total: u32 = items.iter().map(&weight).sum();
    let mut roll = rng.random_range(0..total.max(1));
    for item in items {
        let w = weight(item);
        if roll < w {
            return item;
        }
        roll -= w;
    }
    &items[items.len() - 1]
}

/// One person of the outer layer (yearly or rarer), drawn from the pools.
fn outer(rng: &mut ChaCha8Rng, index: usize, today: NaiveDate, taken: &mut HashSet<String>) -> Person {
    let french = rng.random_bool(0.6);
    let (givens, families, cities) =
        if french { (cast::FRENCH_GIVEN, cast::FRENCH_FAMILY, cast::FRENCH_CITIES) } else { *pick(rng, cast::WORLD) };
    let (given, family) = loop {
        let (g, f) = (*pick(rng, givens), *pick(rng, families));
        if taken.insert(format!("{g} {f}")) {
            break (g, f);
        }
    };
    let &(_, how_met, circle, first_channel, first_summary) = pick_weighted(rng, cast::HOW_MET, |h| h.0);
    // The club, the building and most of the founders' network are in Paris.
    let local = match circle {
        Some("Climbing club" | "Neighbours") => true,
        Some("Founders' network") => rng.random_bool(0.7),
        _ => false,
    };
    let home = if local { city("Paris") } else { city(pick::<&str>(rng, cities)) };
    // Colleagues and classmates go back further than three years; the rest may be recent.
    let long_ago = how_met.starts_with("Worked") || how_met.starts_with("University");
    let met_years: f64 =
        if !long_ago && rng.random_bool(0.3) { rng.random_range(0.15..2.9) } else { rng.random_range(3.2..14.0) };
    let met_days = met_years * 365.25;
    let arch: &'static Archetype = match circle {
        Some("Founders' network") => &talk::FOUNDER,
        Some("Former colleagues at Lumen" | "Former colleagues at Orizon") => &talk::COLLEAGUE,
        Some("Climbing club") => &talk::CLIMBER,
        Some("Neighbours") => &talk::NEIGHBOUR,
        _ => &talk::ACQUAINTANCE,
    };
    let company = rng.random_bool(0.85).then(|| (*pick(rng, cast::COMPANIES)).to_owned());
    let role = (*pick(rng, cast::ROLES)).to_owned();
    let mut fields = ContactFields {
        display_name: format!("{given} {family}"),
        given_name: Some(given.to_owned()),
        family_name: Some(family.to_owned()),
        role: Some(if company.is_some() { role } else { format!("Freelance {}", role.to_lowercase()) }),
        company,
        location: Some(home.location.to_owned()),
        how_met: Some(how_met.to_owned()),
        met_on: Some(days_before(today, met_days)),
        closeness: Some(if rng.random_bool(0.4) { 2 } else { 1 }),
        circles: circle.map(|c| vec![c.to_owned()]).unwrap_or_default(),
        ..ContactFields::default()
    };
    let (phone, personal) = (rng.random_bool(0.25), rng.random_bool(0.85));
    reachability(&mut fields, index, home.country, phone, !personal, personal);
    // The closeness drawn above is the tie's hidden truth (issue 14): a 2 is in touch more often than a 1.
    let gap = if fields.closeness == Some(2) { rng.random_range(220.0..450.0) } else { rng.random_range(380.0..700.0) };
    Person {
        fields,
        city: home,
        arch,
        layer: 4,
        spans: spans(met_days, gap, Shape::Steady),
        first: (met_days < HISTORY_DAYS as f64).then(|| (met_days, first_channel, first_summary.to_owned())),
    }
}

struct Planner<'p> {
    rng: ChaCha8Rng,
    now: DateTime<Utc>,
    people: &'p [Person],
    by_name: HashMap<&'p str, usize>,
    members: HashMap<&'p str, Vec<usize>>,
    plans: Vec<Plan>,
}

impl<'p> Planner<'p> {
    fn new(rng: ChaCha8Rng, now: DateTime<Utc>, people: &'p [Person]) -> Planner<'p> {
        let mut members: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, p) in people.iter().enumerate() {
            for c in &p.fields.circles {
                members.entry(c.as_str()).or_default().push(i);
            }
        }
        let by_name = people.iter().enumerate().map(|(i, p)| (p.fields.display_name.as_str(), i)).collect();
        Planner { rng, now, people, by_name, members, plans: Vec::new() }
    }

    fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    fn date(&self, days_ago: f64) -> NaiveDate {
        (self.now - Duration::seconds((days_ago * 86_400.0) as i64)).date_naive()
    }

    fn days_ago(&self, date: NaiveDate) -> f64 {
        (self.today() - date).num_days() as f64
    }

    /// A moment on `date` at a plausible hour, never after now.
    fn at_on(&mut self, date: NaiveDate, when: When, zone: Zone) -> DateTime<FixedOffset> {
        let (from, to) = when.hours();
        let hour = self.rng.random_range(from..to);
        let minute = self.rng.random_range(0..12) * 5;
        let mut at = zone.at(date, hour, minute);
        while at.timestamp() > self.now.timestamp() {
            at -= Duration::days(1);
        }
        at
    }

    /// Moves a moment that fell in the night to the next morning.
    fn awake(&mut self, at: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        let offset = at.offset().local_minus_utc() / 60;
        let minute = self.rng.random_range(0..60);
        match at.hour() {
            0..=6 => local(at.date_naive(), self.rng.random_range(7..9), minute, offset),
            23 => local(at.date_naive() + Duration::days(1), self.rng.random_range(7..9), minute, offset),
            _ => at,
        }
    }

    fn minutes(&mut self, (from, to): (u32, u32)) -> Option<u32> {
        (to > 0).then(|| self.rng.random_range(from..=to) / 5 * 5)
    }

    fn value(&mut self, kinds: &[ValueKind]) -> (ValueKind, &'static str) {
        let kind = *pick(&mut self.rng, kinds);
        (kind, *pick(&mut self.rng, talk::value_notes(kind)))
    }

    fn push(&mut self, plan: Plan) -> usize {
        self.plans.push(plan);
        self.plans.len() - 1
    }

    /// How long an answer takes, in hours. After Kooti et al. (2015) for email: most replies
    /// within the hour or the day; a tail of days and weeks where threads get lost.
    fn reply_delay(&mut self) -> f64 {
        let roll: f64 = self.rng.random();
        let range = match roll {
            r if r < 0.45 => 0.1..1.0,
            r if r < 0.75 => 1.0..8.0,
            r if r < 0.9 => 24.0..72.0,
            _ => 96.0..504.0,
        };
        self.rng.random_range(range)
    }

    /// Records a question in plan `idx`; if it is to be answered, plans the reply that answers it.
    /// A reply that would land after now is dropped: the question is still open today.
    fn ask(&mut self, idx: usize, asker: Party, ask: &'static Ask, answer_after_hours: Option<f64>) {
        let k = self.plans[idx].asks.len();
        self.plans[idx].asks.push((asker, ask));
        let Some(hours) = answer_after_hours else { return };
        let (parent_at, parent_channel, who) = {
            let p = &self.plans[idx];
            (p.at, p.channel, p.people[0])
        };
        let at = self.awake(parent_at + Duration::minutes((hours * 60.0).round().max(5.0) as i64));
        if at.timestamp() > self.now.timestamp() {
            return;
        }
        let channel = match parent_channel {
            Channel::Email | Channel::Letter => Channel::Email,
            Channel::Message | Channel::Social => Channel::Message,
            _ if self.rng.random_bool(0.6) => Channel::Message,
            _ => Channel::Email,
        };
        let answerer = if asker == Party::Me { Party::Them } else { Party::Me };
        let mut reply = Plan::new(at, channel, answerer, vec![who], ask.reply);
        if let Some(kind) = ask.value {
            let item = (kind, *pick(&mut self.rng, talk::value_notes(kind)));
            match answerer {
                Party::Me => reply.given.push(item),
                Party::Them => reply.received.push(item),
            }
        }
        reply.answers.push((idx, k));
        self.push(reply);
    }

    /// One ordinary interaction with `who`, shaped by their archetype.
    fn touch(&mut self, who: usize, days_ago: f64) {
        let person = &self.people[who];
        let arch = person.arch;
        let beat = pick_weighted(&mut self.rng, arch.beats, |b| b.weight);
        let by = if self.rng.random_bool(arch.me_share) { Party::Me } else { Party::Them };
        // Met in person abroad means I was there: the moment is in their offset.
        let zone = if matches!(beat.channel, Channel::InPerson | Channel::Event) { person.city.zone } else { PARIS };
        let at = self.at_on(self.date(days_ago), beat.when, zone);
        let mut plan = Plan::new(at, beat.channel, by, vec![who], beat.summary);
        plan.minutes = self.minutes(beat.minutes);
        if self.rng.random_bool(arch.give.0) {
            plan.given.push(self.value(arch.give.1));
        }
        if self.rng.random_bool(arch.receive.0) {
            plan.received.push(self.value(arch.receive.1));
        }
        let idx = self.push(plan);
        for (asker, (p, asks), answer_p) in
            [(Party::Me, arch.my_asks, arch.they_answer), (Party::Them, arch.their_asks, arch.i_answer)]
        {
            if !asks.is_empty() && self.rng.random_bool(p) {
                let ask = pick(&mut self.rng, asks);
                let delay = self.reply_delay();
                let answered = self.rng.random_bool(answer_p);
                self.ask(idx, asker, ask, answered.then_some(delay));
            }
        }
    }

    /// The ordinary life of a tie: touches spaced around its average gap, over its active spans.
    fn rhythm(&mut self, who: usize) {
        let person = &self.people[who];
        if let Some((days_ago, channel, summary)) = &person.first {
            let zone = if matches!(channel, Channel::InPerson | Channel::Event) { person.city.zone } else { PARIS };
            let at = self.at_on(self.date(*days_ago), When::Day, zone);
            let mut plan = Plan::new(at, *channel, Party::Them, vec![who], summary);
            plan.minutes = match channel {
                Channel::InPerson | Channel::Video | Channel::Call => Some(45),
                Channel::Event => Some(120),
                _ => None,
            };
            self.push(plan);
        }
        let mut touches = 0;
        for &(from, to, gap) in &person.spans {
            let mut d = from - gap * self.rng.random::<f64>();
            // No August lull: where the Augusts fall moves with the day the demo is loaded,
            // and thinning a yearly tie's touches by the calendar changed its measured
            // strength (and the calibration's result) from one day to the next. Its coin is
            // still tossed, so the draws that follow stay those the stories were checked on.
            while d > to {
                let _former_august_coin = self.rng.random_bool(0.5);
                self.touch(who, d);
                touches += 1;
                d -= gap * self.rng.random_range(0.5..1.5);
            }
        }
        if touches == 0 && person.first.is_none() {
            let (from, to, _) = person.spans[0];
            self.touch(who, (from + to) / 2.0);
        }
    }

    /// Questions put to me that the draws left unanswered get a late answer once they are more
    /// than [`CATCH_UP_DAYS`] old: someone who keeps a ledger of their network ends up answering,
    /// so only recent questions (and the stories' scripted ones) stay open, as in a real history.
    /// Drawn from a generator of its own, so the rest of the network stays exactly as drawn.
    fn catch_up(&mut self) {
        let mut rng = ChaCha8Rng::seed_from_u64(DEMO_SEED ^ 0x4c41_5445);
        let answered: HashSet<(usize, usize)> = self.plans.iter().flat_map(|p| p.answers.iter().copied()).collect();
        let cutoff = self.now - Duration::days(CATCH_UP_DAYS);
        let mut replies = Vec::new();
        for (idx, p) in self.plans.iter().enumerate() {
            if p.scripted || p.at.with_timezone(&Utc) > cutoff {
                continue;
            }
            for (k, &(asker, ask)) in p.asks.iter().enumerate() {
                if asker != Party::Them || answered.contains(&(idx, k)) {
                    continue;
                }
                let date = (p.at + Duration::days(rng.random_range(3..30))).date_naive();
                let at = PARIS.at(date, rng.random_range(9..21), rng.random_range(0..60));
                let channel = if p.channel == Channel::Email { Channel::Email } else { Channel::Message };
                let mut reply = Plan::new(at, channel, Party::Me, vec![p.people[0]], ask.reply);
                if let Some(kind) = ask.value {
                    reply.given.push((kind, *pick(&mut rng, talk::value_notes(kind))));
                }
                reply.answers.push((idx, k));
                replies.push(reply);
            }
        }
        self.plans.extend(replies);
    }

    fn scene(&mut self, s: &Scene) {
        let Some(&who) = self.by_name.get(s.who) else { return };
        let zone = if s.channel == Channel::InPerson { self.people[who].city.zone } else { PARIS };
        let at = self.at_on(self.date(s.days_ago), s.when, zone);
        let mut plan = Plan::new(at, s.channel, s.by, vec![who], s.summary);
        plan.minutes = (s.minutes > 0).then_some(s.minutes);
        plan.scripted = true;
        for kind in s.received {
            plan.received.push(self.value(&[*kind]));
        }
        let idx = self.push(plan);
        if let Some((asker, ask, after_days)) = s.ask {
            self.ask(idx, asker, ask, after_days.map(|d| d * 24.0));
        }
    }

    /// Up to `size` people for a group interaction `days_ago`: the named ones first, then a
    /// random draw from the circles.
    fn crowd(&mut self, c: &Crowd, days_ago: f64, size: usize) -> Vec<usize> {
        let people = self.people;
        let fits = |i: usize| people[i].active(days_ago) && (!c.paris_only || people[i].city.name == "Paris");
        let mut chosen: Vec<usize> =
            c.names.iter().filter_map(|n| self.by_name.get(n).copied()).filter(|&i| fits(i)).collect();
        let mut pool: Vec<usize> = Vec::new();
        for circle in c.circles {
            for &i in self.members.get(circle).map(Vec::as_slice).unwrap_or_default() {
                if fits(i) && !chosen.contains(&i) && !pool.contains(&i) {
                    pool.push(i);
                }
            }
        }
        while chosen.len() < size && !pool.is_empty() {
            let k = self.rng.random_range(0..pool.len());
            chosen.push(pool.swap_remove(k));
        }
        chosen.sort_unstable();
        chosen
    }

    fn gathering(&mut self, g: &Gathering) {
        let mut d = HISTORY_DAYS as f64 - g.gap_days * self.rng.random::<f64>();
        while d > 0.0 {
            let size = self.rng.random_range(g.min_people..=g.crowd.max.max(g.min_people));
            let people = self.crowd(&g.crowd, d, size);
            if people.len() >= g.min_people {
                let by = if self.rng.random_bool(g.me_share) { Party::Me } else { Party::Them };
                let summary = *pick(&mut self.rng, g.summaries);
                let at = self.at_on(self.date(d), g.when, PARIS);
                let mut plan = Plan::new(at, g.channel, by, people, summary);
                plan.minutes = self.minutes(g.minutes);
                self.push(plan);
            }
            d -= g.gap_days * self.rng.random_range(0.6..1.4);
        }
    }

    fn occasion(&mut self, o: &Occasion) {
        let people = self.crowd(&o.crowd, o.days_ago, o.crowd.max);
        if people.len() >= 2 {
            let at = self.at_on(self.date(o.days_ago), o.when, city(o.city).zone);
            let mut plan = Plan::new(at, o.channel, o.by, people, o.summary);
            plan.minutes = Some(o.minutes);
            self.push(plan);
        }
    }

    /// Christmas Eve with the family, every year of the history.
    fn christmases(&mut self) {
        let family = Crowd { names: &[], circles: &["Family"], max: 12, paris_only: false };
        for year in self.today().year() - 3..=self.today().year() {
            let Some(date) = NaiveDate::from_ymd_opt(year, 12, 24) else { continue };
            let days_ago = self.days_ago(date);
            if days_ago <= 0.0 || days_ago >= HISTORY_DAYS as f64 {
                continue;
            }
            let people = self.crowd(&family, days_ago, family.max);
            let at = self.at_on(date, When::Evening, PARIS);
            let mut plan =
                Plan::new(at, Channel::InPerson, Party::Them, people, "Christmas Eve at my parents' in Lyon");
            plan.minutes = Some(300);
            self.push(plan);
        }
    }

    /// Their birthdays (the two inner layers get a call or a message from me) and mine (they
    /// send wishes). Everyone who ever wrote back sends wishes; the broadcast contact does not.
    fn birthdays(&mut self) {
        let people = self.people;
        let (from_year, to_year) = (self.today().year() - 3, self.today().year());
        for (who, p) in people.iter().enumerate().filter(|(_, p)| p.layer <= 2) {
            let theirs = p.fields.birthday.as_deref().and_then(month_day);
            for year in from_year..=to_year {
                let dates = [(theirs, Party::Me), (Some(cast::MY_BIRTHDAY), Party::Them)];
                for (md, by) in dates {
                    let Some(date) = md.and_then(|(m, d)| NaiveDate::from_ymd_opt(year, m, d)) else {
                        continue;
                    };
                    let days_ago = self.days_ago(date);
                    if days_ago < 0.0 || days_ago >= HISTORY_DAYS as f64 || !p.active(days_ago) {
                        continue;
                    }
                    let (channel, summary) = match (by, p.fields.is_kin) {
                        (Party::Me, true) => (Channel::Call, "Birthday call"),
                        (Party::Me, false) => (Channel::Message, "Happy birthday message"),
                        (Party::Them, true) => (Channel::Call, "Called to wish me a happy birthday"),
                        (Party::Them, false) => (Channel::Message, "Wished me a happy birthday"),
                    };
                    let at = self.at_on(date, When::Any, PARIS);
                    let mut plan = Plan::new(at, channel, by, vec![who], summary);
                    plan.minutes = (channel == Channel::Call).then_some(15);
                    if p.layer == 1 && !p.fields.is_kin {
                        let gift = (ValueKind::Gift, "Birthday present");
                        match by {
                            Party::Me => plan.given.push(gift),
                            Party::Them => plan.received.push(gift),
                        }
                    }
                    self.push(plan);
                }
            }
        }
    }

    /// A post and its reactions: the engaged core often, the rest of the network now and then,
    /// and anonymous counts for everyone else.
    fn post(&mut self, seed: &PostSeed) -> PostPlan {
        let hours = [(When::Morning, 3), (When::Lunch, 1), (When::Evening, 2)];
        let when = pick_weighted(&mut self.rng, &hours, |h| h.1).0;
        let at = self.at_on(self.date(seed.days_ago), when, PARIS);
        let url = match seed.platform {
            "Blog" => Some(format!("https://blog.example.org/{}", seed.slug)),
            "Mastodon" => Some(format!("https://social.example.org/@rapport/{}", seed.slug)),
            _ => None,
        };
        let post = NewPost { platform: seed.platform.to_owned(), at, title: seed.title.to_owned(), url };
        let buzz: f64 = self.rng.random_range(0.5..2.0)
            * match seed.platform {
                "LinkedIn" => 1.5,
                "Mastodon" => 0.6,
                _ => 0.8,
            };
        let engaged: Vec<usize> = cast::ENGAGED.iter().filter_map(|n| self.by_name.get(n).copied()).collect();
        let mut reactions = Vec::new();
        let people = self.people;
        for (who, p) in people.iter().enumerate() {
            if !p.active(seed.days_ago) {
                continue;
            }
            let core = engaged.contains(&who);
            let chance = if core { 0.65 } else { (0.03 * buzz).min(0.2) };
            if !self.rng.random_bool(chance) {
                continue;
            }
            let kinds = [(ReactionKind::Like, 70), (ReactionKind::Comment, 20), (ReactionKind::Share, 10)];
            let kind = pick_weighted(&mut self.rng, &kinds, |k| k.1).0;
            let comment = (kind == ReactionKind::Comment).then(|| *pick(&mut self.rng, talk::COMMENTS));
            let replied = comment.is_some() && self.rng.random_bool(if core { 0.75 } else { 0.5 });
            let at = Some(self.reaction_time(at));
            reactions.push(ReactionPlan { kind, who: Some(who), count: 1, at, comment, replied });
        }
        let base = match seed.platform {
            "LinkedIn" => 45.0,
            "Mastodon" => 18.0,
            _ => 12.0,
        };
        for (kind, share) in [(ReactionKind::Like, 1.0), (ReactionKind::Share, 0.08), (ReactionKind::Comment, 0.06)] {
            let count = (base * buzz * share * self.rng.random_range(0.7..1.3)).round() as u32;
            if count >= 2 {
                reactions.push(ReactionPlan { kind, who: None, count, at: None, comment: None, replied: false });
            }
        }
        PostPlan { post, reactions }
    }

    /// Reactions come mostly within hours of the post, a few over the following days.
    fn reaction_time(&mut self, posted: DateTime<FixedOffset>) -> DateTime<Utc> {
        let roll: f64 = self.rng.random();
        let minutes = (-(1.0 - roll).ln() * 8.0 * 60.0).min(5.0 * 24.0 * 60.0) as i64 + 3;
        (posted.with_timezone(&Utc) + Duration::minutes(minutes)).min(self.now)
    }
}

/// (month, day) of a birthday written `YYYY-MM-DD` or `--MM-DD`.
fn month_day(text: &str) -> Option<(u32, u32)> {
    let md = text.strip_prefix("--").unwrap_or_else(|| text.get(5..).unwrap_or_default());
    let (m, d) = md.split_once('-')?;
    Some((m.parse().ok()?, d.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};

    use chrono::TimeZone;

    use super::*;

    fn summer_now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 6, 1, 17, 30, 0).unwrap()
    }

    fn fresh(now: DateTime<Utc>) -> (Store, DemoSummary) {
        let mut store = Store::open_in_memory().unwrap();
        let summary = load_demo(&mut store, now).unwrap();
        (store, summary)
    }

    /// One demo network shared by the tests that only read it: loading takes a second or two.
    fn demo() -> MutexGuard<'static, (Store, DemoSummary)> {
        static DEMO: OnceLock<Mutex<(Store, DemoSummary)>> = OnceLock::new();
        DEMO.get_or_init(|| Mutex::new(fresh(summer_now()))).lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn id(store: &Store, name: &str) -> ContactId {
        store.resolve_contact(name).unwrap()
    }

    fn history(store: &Store, name: &str) -> Vec<Interaction> {
        let query = InteractionQuery { contact: Some(id(store, name)), ..Default::default() };
        store.list_interactions(&query).unwrap()
    }

    fn days_ago(i: &Interaction) -> f64 {
        (summer_now() - i.at.with_timezone(&Utc)).num_minutes() as f64 / 1440.0
    }

    fn value(store: &Store, name: &str, direction: Direction) -> usize {
        store.list_value_items(id(store, name)).unwrap().iter().filter(|v| v.direction == direction).count()
    }

    /// The export without the wall-clock stamps of contacts.
    fn comparable(store: &Store) -> serde_json::Value {
        let mut json = serde_json::to_value(store.export().unwrap()).unwrap();
        for c in json["contacts"].as_array_mut().unwrap() {
            let c = c.as_object_mut().unwrap();
            c.remove("created_at");
            c.remove("updated_at");
        }
        json
    }

    #[test]
    fn the_demo_network_is_the_same_every_time() {
        let shared = demo();
        let (again, summary) = fresh(summer_now());
        assert_eq!(shared.1, summary);
        assert!(comparable(&shared.0) == comparable(&again), "two loads at the same `now` differ");
    }

    /// Issue 14: the demo's 40 ratings follow the truth its history was drawn from, with
    /// noise: calibrating on them beats the default weights out of sample, and is not perfect.
    #[test]
    fn the_demos_calibration_beats_the_defaults_without_being_perfect() {
        let demo = demo();
        let store = &demo.0;
        let at = summer_now().timestamp();
        let c = rapport_core::measures::calibrate::calibrate_history(
            &store.history().unwrap(),
            at,
            &store.model_settings().unwrap(),
        )
        .unwrap();
        assert_eq!(c.rated, DEMO_RATED);
        assert!(c.beats_default, "fitted {:?}, default {:?}", c.fitted, c.default);
        assert!(c.fitted.spearman < 0.95, "{:?}", c.fitted);
        assert!(c.fitted.within_one < 1.0, "{:?}", c.fitted);
    }

    #[test]
    fn the_demo_network_has_about_150_contacts_over_dunbar_layers() {
        let demo = demo();
        let (store, summary) = (&demo.0, &demo.1);
        let contacts = store.export().unwrap().contacts;
        assert_eq!(summary.contacts, contacts.len());
        assert!((140..=160).contains(&contacts.len()), "{} contacts", contacts.len());
        // 40 rated ties (issue 14), every level among them; the others unrated.
        let closeness = |c: u8| contacts.iter().filter(|k| k.fields.closeness == Some(c)).count();
        assert_eq!((1..=5).map(closeness).sum::<usize>(), DEMO_RATED);
        assert!((1..=5).all(|c| closeness(c) >= 3), "{:?}", (1..=5).map(closeness).collect::<Vec<_>>());
        assert!(contacts.iter().filter(|c| c.fields.is_kin).count() >= 5, "kin");
        let names: HashSet<&str> = contacts.iter().map(|c| c.fields.display_name.as_str()).collect();
        assert_eq!(names.len(), contacts.len(), "display names are unique");
        for c in &contacts {
            for e in &c.fields.emails {
                assert!(e.value.ends_with("@example.com") || e.value.ends_with("@example.org"), "{}", e.value);
            }
        }
        let circles = store.list_circles().unwrap();
        assert_eq!(circles.len(), cast::CIRCLES.len(), "no circle created by accident");
        assert!(circles.iter().all(|c| c.member_count > 0), "{circles:?}");
        assert!(circles.iter().filter(|c| c.cadence_days.is_some()).count() >= 4);
    }

    #[test]
    fn the_history_spans_three_years_and_ends_now() {
        for now in [summer_now(), Utc.with_ymd_and_hms(2026, 1, 10, 7, 5, 0).unwrap()] {
            let (store, summary) = fresh(now);
            let all = store.list_interactions(&InteractionQuery::default()).unwrap();
            assert_eq!(all.len(), summary.interactions);
            assert!((3_000..=6_000).contains(&all.len()), "{} interactions", all.len());
            let newest = all.first().unwrap().at.with_timezone(&Utc);
            let oldest = all.last().unwrap().at.with_timezone(&Utc);
            assert!(newest <= now, "{newest} is after now");
            assert!(now - newest < Duration::days(2), "the history reaches now");
            assert!(oldest >= now - Duration::days(HISTORY_DAYS + 1), "{oldest} is more than three years back");
            assert!(oldest < now - Duration::days(HISTORY_DAYS - 15), "{oldest}: the history starts three years back");
            for p in store.list_posts().unwrap() {
                assert!(p.at.with_timezone(&Utc) <= now);
                assert!(p.reactions.iter().all(|r| r.at.iter().all(|t| *t <= now)));
            }
        }
    }

    #[test]
    fn interactions_happen_at_waking_hours_in_plausible_offsets() {
        let demo = demo();
        let store = &demo.0;
        let all = store.list_interactions(&InteractionQuery::default()).unwrap();
        let mut offsets = HashSet::new();
        for i in &all {
            let hour = i.at.hour();
            assert!((7..23).contains(&hour), "{} at {}", i.summary, i.at);
            offsets.insert(i.at.offset().local_minus_utc() / 60);
        }
        assert!(offsets.contains(&60) && offsets.contains(&120), "Paris winter and summer: {offsets:?}");
        assert!(offsets.len() >= 4, "some moments abroad: {offsets:?}");
        let group = all.iter().filter(|i| i.participants.len() >= 3).count();
        assert!(group >= 50, "{group} group interactions");
        assert!(all.iter().any(|i| i.participants.len() >= 10), "an event with many people");
        for channel in Channel::ALL.iter().filter(|c| **c != Channel::Other) {
            assert!(all.iter().any(|i| i.channel == *channel), "no {channel} interaction");
        }
        let calls = all.iter().filter(|i| matches!(i.channel, Channel::Call | Channel::InPerson | Channel::Video));
        assert!(calls.clone().all(|i| i.duration_min.is_some()), "calls and meetings have a duration");
        assert!(all.iter().filter(|i| i.channel == Channel::Email).all(|i| i.duration_min.is_none()));
    }

    #[test]
    fn the_close_friend_is_seen_every_week_for_three_years() {
        let demo = demo();
        let store = &demo.0;
        let all = history(store, BEST_FRIEND);
        assert!(all.len() >= 100, "{} interactions", all.len());
        assert!(all.iter().any(|i| days_ago(i) < 10.0), "seen in the last ten days");
        for quarter in 0..12 {
            let (from, to) = (quarter as f64 * 91.0, (quarter + 1) as f64 * 91.0);
            let n = all.iter().filter(|i| (from..to).contains(&days_ago(i))).count();
            assert!(n >= 13, "only {n} interactions {from}-{to} days ago");
        }
        let by_me = all.iter().filter(|i| i.initiated_by == Party::Me).count() as f64 / all.len() as f64;
        assert!((0.35..0.65).contains(&by_me), "initiative is balanced: {by_me}");
        assert!(all.iter().filter(|i| matches!(i.channel, Channel::InPerson | Channel::Call)).count() > all.len() / 3);
        assert!(value(store, BEST_FRIEND, Direction::Given) >= 5);
        assert!(value(store, BEST_FRIEND, Direction::Received) >= 5);
    }

    #[test]
    fn the_fading_ties_go_silent() {
        let demo = demo();
        let store = &demo.0;
        for name in FADING {
            let all = history(store, name);
            let in_year = |y: f64| {
                all.iter()
                    .filter(|i| (y * 365.0..(y + 1.0) * 365.0).contains(&(HISTORY_DAYS as f64 - days_ago(i))))
                    .count()
            };
            assert!(in_year(0.0) >= 20, "{name}: {} in the first year", in_year(0.0));
            assert!(in_year(1.0) * 2 < in_year(0.0), "{name}: rarer in the second year");
            assert!(all.iter().all(|i| days_ago(i) > 240.0), "{name}: nothing in the last eight months");
        }
    }

    #[test]
    fn the_taker_only_takes() {
        let demo = demo();
        let store = &demo.0;
        assert!(value(store, TAKER, Direction::Given) >= 10);
        assert_eq!(value(store, TAKER, Direction::Received), 0);
        let all = history(store, TAKER);
        // When he reaches out, it is to ask for something.
        for i in all.iter().filter(|i| i.initiated_by == Party::Them) {
            let asks = i.questions.iter().any(|q| q.asked_by == Party::Them);
            let takes = i.value_items.iter().any(|v| v.direction == Direction::Given);
            assert!(asks || takes, "{} ({})", i.summary, i.at);
        }
        let mine = QuestionQuery { contact: Some(id(store, TAKER)), asked_by: Some(Party::Me), ..Default::default() };
        assert!(store.list_questions(&mine).unwrap().iter().all(|q| q.answered_in.is_none()));
    }

    #[test]
    fn the_broadcast_contact_never_answers() {
        let demo = demo();
        let store = &demo.0;
        let all = history(store, BROADCAST);
        assert!(all.len() >= 20);
        let mine = all.iter().filter(|i| i.initiated_by == Party::Me).count();
        assert!(mine * 100 >= all.len() * 95, "{mine} of {} initiated by me", all.len());
        let query = QuestionQuery { contact: Some(id(store, BROADCAST)), ..Default::default() };
        let questions = store.list_questions(&query).unwrap();
        assert!(questions.len() >= 5);
        assert!(questions.iter().all(|q| q.asked_by == Party::Me && q.answered_in.is_none()));
    }

    #[test]
    fn open_questions_wait_in_both_directions() {
        let demo = demo();
        let (store, summary) = (&demo.0, &demo.1);
        let all = store.list_questions(&QuestionQuery::default()).unwrap();
        assert_eq!(all.len(), summary.questions);
        let open: Vec<&Question> = all.iter().filter(|q| q.answered_in.is_none()).collect();
        assert_eq!(open.len(), summary.open_questions);
        assert!(open.len() * 2 < all.len(), "most questions get answered: {} open of {}", open.len(), all.len());
        let age = |q: &Question| (summer_now() - q.asked_at.with_timezone(&Utc)).num_days();
        for by in [Party::Me, Party::Them] {
            let mine: Vec<_> = open.iter().filter(|q| q.asked_by == by).collect();
            assert!(mine.iter().any(|q| age(q) > 30), "an old open question asked by {by}");
            assert!(mine.iter().any(|q| age(q) < 14), "a recent open question asked by {by}");
        }
        let open_with = |name: &str, by: Party| {
            let q = QuestionQuery { contact: Some(id(store, name)), open_only: true, asked_by: Some(by) };
            store.list_questions(&q).unwrap()
        };
        assert!(open_with(I_OWE_ANSWERS, Party::Them).len() >= 2);
        assert!(open_with(OWES_ME_ANSWERS, Party::Me).len() >= 3);
        // Answers come in later interactions, after a delay, and carry what was asked for.
        let answered: Vec<&Question> = all.iter().filter(|q| q.answered_in.is_some()).collect();
        assert!(answered.iter().all(|q| q.answered_at.unwrap() > q.asked_at));
        let within_a_day = answered.iter().filter(|q| q.answered_at.unwrap() - q.asked_at <= Duration::days(1)).count();
        assert!(within_a_day * 2 > answered.len(), "most answers come within a day");
        assert!(answered.iter().any(|q| q.answered_at.unwrap() - q.asked_at > Duration::days(7)), "some take weeks");
    }

    #[test]
    fn only_a_handful_of_questions_i_owe_stay_open_and_mostly_recent_ones() {
        let demo = demo();
        let q = QuestionQuery { open_only: true, asked_by: Some(Party::Them), ..Default::default() };
        let owed = demo.0.list_questions(&q).unwrap();
        let age = |q: &Question| (summer_now() - q.asked_at.with_timezone(&Utc)).num_days();
        assert!(!owed.is_empty() && owed.len() < 10, "{} open questions I owe", owed.len());
        let recent = owed.iter().filter(|q| age(q) <= CATCH_UP_DAYS).count();
        assert!(recent * 2 > owed.len(), "mostly recent: {recent} of {}", owed.len());
        // The older ones are the story's: Anaïs Lefèvre waits for my answers.
        let anais = id(&demo.0, I_OWE_ANSWERS);
        assert!(owed.iter().filter(|q| age(q) > CATCH_UP_DAYS).all(|q| q.contact == anais));
    }

    #[test]
    fn the_french_demo_is_the_same_network_in_french_words() {
        let now = summer_now();
        let mut french = Store::open_in_memory().unwrap();
        let summary = load_demo_in(&mut french, now, Lang::Fr).unwrap();
        let demo = demo();
        let english = &demo.0;
        assert_eq!(summary, demo.1, "the same counts");
        // The same people, dates, questions and measures: the history and the dashboard, less the
        // questions' words (the dashboard quotes them in its suggestions).
        fn wordless(v: &mut serde_json::Value) {
            match v {
                serde_json::Value::Object(map) => {
                    map.remove("text");
                    map.values_mut().for_each(wordless);
                }
                serde_json::Value::Array(items) => items.iter_mut().for_each(wordless),
                _ => {}
            }
        }
        let facts = |store: &Store| {
            let history = store.history().unwrap();
            let settings = rapport_core::measures::ModelSettings::default();
            let dashboard = rapport_core::measures::dashboard(&history, now.timestamp(), &settings);
            let mut value = serde_json::json!({ "history": history, "dashboard": dashboard });
            wordless(&mut value);
            value
        };
        assert!(facts(english) == facts(&french), "the French network differs from the English one beyond its words");
        // Only the words change, and every one the English demo writes has its French.
        let circles: Vec<String> = french.list_circles().unwrap().into_iter().map(|c| c.name).collect();
        assert!(
            circles.iter().any(|c| c == "Famille") && circles.iter().any(|c| c == "Club d’escalade"),
            "{circles:?}"
        );
        let texts = |store: &Store| -> Vec<String> {
            let mut texts = Vec::new();
            for i in store.list_interactions(&InteractionQuery::default()).unwrap() {
                texts.push(i.summary);
                texts.extend(i.value_items.into_iter().map(|v| v.note));
                texts.extend(i.questions.into_iter().map(|q| q.text));
            }
            for c in store.list_contacts(&ContactQuery::default()).unwrap() {
                let c = store.contact(c.id).unwrap();
                texts.extend(c.fields.role);
                texts.extend(c.fields.how_met);
                texts.push(c.fields.notes);
            }
            texts
        };
        let (en_texts, fr_texts) = (texts(english), texts(&french));
        assert_eq!(en_texts.len(), fr_texts.len());
        let words = Words::new(Lang::Fr);
        let table = words.0.as_ref().unwrap();
        let known = |t: &str| {
            table.contains_key(t)
                || t.strip_prefix("Freelance ").is_some_and(|role| table.keys().any(|k| k.eq_ignore_ascii_case(role)))
        };
        let missing: Vec<&String> = en_texts.iter().filter(|t| !t.is_empty() && !known(t)).collect();
        assert!(missing.is_empty(), "no French for {missing:?}");
        assert!(fr_texts.iter().any(|t| t == "Dîner ensemble dans le 11e"), "a French summary");
        assert!(fr_texts.iter().any(|t| t == "Tu es libre pour grimper jeudi\u{202f}?"), "a French question");
    }

    #[test]
    fn the_reconnected_friend_was_dormant_for_a_year() {
        let demo = demo();
        let store = &demo.0;
        let all = history(store, RECONNECTED);
        assert!(all.iter().filter(|i| days_ago(i) > 560.0).count() >= 20, "close in the first year");
        assert!(all.iter().all(|i| !(100.0..530.0).contains(&days_ago(i))), "dormant for more than a year");
        assert!(all.iter().filter(|i| days_ago(i) < 100.0).count() >= 5, "revived recently");
        let abroad = all.iter().any(|i| i.channel == Channel::InPerson && i.at.offset().local_minus_utc() < 0);
        assert!(abroad, "met in Montréal, in Montréal's offset");
    }

    #[test]
    fn the_mentor_gives_and_the_mentee_receives() {
        let demo = demo();
        let store = &demo.0;
        let (from_mentor, to_mentor) =
            (value(store, MENTOR, Direction::Received), value(store, MENTOR, Direction::Given));
        assert!(from_mentor >= 20 && from_mentor >= 3 * to_mentor, "mentor: {from_mentor} received, {to_mentor} given");
        let (to_mentee, from_mentee) =
            (value(store, MENTEE, Direction::Given), value(store, MENTEE, Direction::Received));
        assert!(to_mentee >= 20 && to_mentee >= 3 * from_mentee, "mentee: {to_mentee} given, {from_mentee} received");
        let mentee = store.contact(id(store, MENTEE)).unwrap();
        let met = mentee.fields.met_on.unwrap();
        assert!(history(store, MENTEE).iter().all(|i| i.at.date_naive() >= met), "no history before we met");
    }

    #[test]
    fn posts_draw_reactions_from_contacts_and_crowds() {
        let demo = demo();
        let (store, summary) = (&demo.0, &demo.1);
        let posts = store.list_posts().unwrap();
        assert_eq!(posts.len(), summary.posts);
        assert!((20..=30).contains(&posts.len()));
        let platforms: HashSet<&str> = posts.iter().map(|p| p.platform.as_str()).collect();
        assert_eq!(platforms.len(), 3);
        let reactions: Vec<&Reaction> = posts.iter().flat_map(|p| &p.reactions).collect();
        assert_eq!(reactions.len(), summary.reactions);
        assert!(reactions.iter().any(|r| r.contact.is_none() && r.count > 1), "anonymous counts");
        assert!(reactions.iter().all(|r| r.contact.is_some() || r.count > 1));
        let comments: Vec<_> =
            reactions.iter().filter(|r| r.kind == ReactionKind::Comment && r.contact.is_some()).collect();
        assert!(comments.iter().any(|r| r.replied) && comments.iter().any(|r| !r.replied));
        assert!(comments.iter().all(|r| r.comment.is_some()));
        let by_contact = |name: &str| {
            let who = id(store, name);
            posts.iter().filter(|p| p.reactions.iter().any(|r| r.contact == Some(who))).count()
        };
        assert!(by_contact(ENGAGED[0]) * 2 >= posts.len(), "the core audience reacts to most posts");
        let distinct: HashSet<ContactId> = reactions.iter().filter_map(|r| r.contact).collect();
        assert!(distinct.len() >= 20, "{} distinct contacts reacted", distinct.len());
    }

    #[test]
    fn the_demo_refuses_a_database_that_already_has_contacts() {
        let mut store = Store::open_in_memory().unwrap();
        store.add_contact(&ContactFields::named("Someone Real")).unwrap();
        let err = load_demo(&mut store, summer_now()).unwrap_err();
        assert_eq!(err.code(), "invalid");
        assert!(err.to_string().contains("empty database"), "{err}");
        let export = store.export().unwrap();
        assert_eq!(export.contacts.len(), 1);
        assert!(export.interactions.is_empty() && export.posts.is_empty() && export.circles.is_empty());
        assert!(export.settings.is_empty());
    }

    #[test]
    fn every_story_names_a_contact() {
        let demo = demo();
        let store = &demo.0;
        for (name, story) in DEMO_STORIES {
            assert!(!story.is_empty());
            assert!(!history(store, name).is_empty(), "{name}");
        }
        assert!(store.setting(DEMO_SETTING).unwrap().is_some());
    }

    #[test]
    fn email_slugs_are_plain_ascii() {
        assert_eq!(ascii_slug("Anaïs"), "anais");
        assert_eq!(ascii_slug("O'Brien"), "obrien");
        assert_eq!(ascii_slug("Jean-Pierre"), "jean-pierre");
        assert_eq!(ascii_slug("Da Silva"), "dasilva");
        assert_eq!(month_day("--07-08"), Some((7, 8)));
        assert_eq!(month_day("1990-04-17"), Some((4, 17)));
    }

    #[test]
    fn summer_time_follows_the_european_and_american_rules() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(PARIS.minutes(d(2025, 3, 29)), 60);
        assert_eq!(PARIS.minutes(d(2025, 3, 30)), 120);
        assert_eq!(PARIS.minutes(d(2025, 10, 25)), 120);
        assert_eq!(PARIS.minutes(d(2025, 10, 26)), 60);
        let montreal = Zone::America(-300);
        assert_eq!(montreal.minutes(d(2025, 3, 8)), -300);
        assert_eq!(montreal.minutes(d(2025, 3, 9)), -240);
        assert_eq!(montreal.minutes(d(2025, 11, 2)), -300);
    }
}
