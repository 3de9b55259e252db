//! How each kind of relationship talks: the typical interactions (beats), what changes hands,
//! which questions each side asks and how reliably the other side answers.
//!
//! Summaries are pronoun-free unless an archetype belongs to a single character, so they read
//! right whoever they are attached to.

use super::{Archetype, Ask, Beat, When};
use rapport_core::model::Channel::*;
use rapport_core::model::ValueKind::{self, *};

/// A beat: `weight` (relative frequency), channel, time of day, minutes (0 = no duration), summary.
const fn b(
    weight: u32,
    channel: rapport_core::model::Channel,
    when: When,
    minutes: (u32, u32),
    summary: &'static str,
) -> Beat {
    Beat { weight, channel, when, minutes, summary }
}

/// A question, the summary of the reply that answers it, and what that reply gives the asker.
const fn q(text: &'static str, reply: &'static str, value: Option<ValueKind>) -> Ask {
    Ask { text, reply, value }
}

const NONE: (u32, u32) = (0, 0);

pub(super) const BEST_FRIEND: Archetype = Archetype {
    beats: &[
        b(5, InPerson, When::Evening, (120, 180), "Dinner together in the 11th"),
        b(4, InPerson, When::Evening, (90, 150), "Climbing session at the wall"),
        b(3, InPerson, When::Morning, (30, 60), "Coffee before work"),
        b(2, InPerson, When::Evening, (60, 120), "Drinks after work"),
        b(1, InPerson, When::Day, (180, 300), "Day hike in the Chevreuse valley"),
        b(1, InPerson, When::Afternoon, (60, 120), "Sunday stroll through the flea market"),
        b(6, Message, When::Any, NONE, "Messages about the weekend"),
        b(4, Message, When::Any, NONE, "Swapped photos and news"),
        b(4, Call, When::Evening, (20, 60), "Long phone call, catching up on the week"),
        b(1, Video, When::Evening, (30, 60), "Video call while she was travelling"),
    ],
    me_share: 0.5,
    give: (0.07, &[Help, Advice, Gift, Recommendation]),
    receive: (0.07, &[Help, Advice, Gift, Recommendation]),
    my_asks: (
        0.1,
        &[
            q("Are you free for climbing on Thursday?", "Confirmed Thursday's climbing session", None),
            q("How did the client presentation go?", "Told me how the presentation went", None),
            q("Can you recommend a good physio?", "Sent me her physio's number", Some(Recommendation)),
            q("Could you feed the cat while I'm away?", "Said yes for the cat", Some(Help)),
        ],
    ),
    their_asks: (
        0.1,
        &[
            q("Can you help me move the sofa on Saturday?", "Said yes for Saturday's move", Some(Help)),
            q("What did you think of the flat we visited?", "Shared my thoughts on the flat", Some(Advice)),
            q("Which book should I take on holiday?", "Recommended a novel for her holiday", Some(Recommendation)),
            q("Are you coming to my birthday drinks?", "Confirmed for the birthday drinks", None),
        ],
    ),
    they_answer: 0.95,
    i_answer: 0.95,
};

pub(super) const FAMILY: Archetype = Archetype {
    beats: &[
        b(6, Call, When::Evening, (20, 45), "Sunday evening phone call"),
        b(3, Call, When::Lunch, (10, 20), "Quick call at lunchtime"),
        b(2, Video, When::Evening, (20, 40), "Video call to show the new flat"),
        b(4, Message, When::Any, NONE, "Messages about family news"),
        b(1, InPerson, When::Day, (240, 480), "Weekend visit"),
        b(1, InPerson, When::Lunch, (60, 120), "Lunch together while in Paris"),
        b(1, Letter, When::Day, NONE, "Postcard from the holidays"),
    ],
    me_share: 0.45,
    give: (0.05, &[Help, Gift, Advice]),
    receive: (0.06, &[Help, Gift, Advice]),
    my_asks: (
        0.08,
        &[
            q("Do you need anything for the house?", "Said what was needed for the house", None),
            q("Can you send me the photos from the weekend?", "Sent the weekend photos", Some(Gift)),
            q("Who is hosting Christmas this year?", "Sorted out the Christmas plans", None),
        ],
    ),
    their_asks: (
        0.1,
        &[
            q("When are you coming to Lyon next?", "Gave the dates of my next visit", None),
            q("Can you look at the computer? It's slow again", "Fixed the computer over a video call", Some(Help)),
            q("Do you want the old bookshelf?", "Said yes to the bookshelf", None),
        ],
    ),
    they_answer: 0.95,
    i_answer: 0.9,
};

pub(super) const FRIEND: Archetype = Archetype {
    beats: &[
        b(4, InPerson, When::Evening, (90, 180), "Dinner at a new place in Belleville"),
        b(3, InPerson, When::Lunch, (45, 90), "Lunch together"),
        b(3, InPerson, When::Evening, (60, 120), "Drinks on a terrace"),
        b(2, InPerson, When::Afternoon, (60, 120), "Coffee and a walk along the canal"),
        b(1, InPerson, When::Evening, (150, 240), "Board game evening"),
        b(1, InPerson, When::Lunch, (90, 150), "Sunday brunch"),
        b(3, Call, When::Evening, (20, 50), "Catch-up call"),
        b(5, Message, When::Any, NONE, "Messages about weekend plans"),
        b(2, Message, When::Any, NONE, "Sent an article we had talked about"),
    ],
    me_share: 0.5,
    give: (0.05, &[Help, Recommendation, Gift, Advice]),
    receive: (0.05, &[Help, Recommendation, Gift, Advice]),
    my_asks: (
        0.1,
        &[
            q("Do you still have the camping gear to lend?", "Lent the camping gear", Some(Help)),
            q("Any good series to recommend?", "Recommended a series", Some(Recommendation)),
            q("Are you in for the concert in June?", "Confirmed for the concert", None),
        ],
    ),
    their_asks: (
        0.1,
        &[
            q("Could you proofread my cover letter?", "Sent back the cover letter with edits", Some(Help)),
            q("Do you know a good plumber in the area?", "Sent the plumber's number", Some(Recommendation)),
            q("Shall we book the cottage for August?", "Agreed on the cottage dates", None),
        ],
    ),
    they_answer: 0.85,
    i_answer: 0.85,
};

pub(super) const COLLEAGUE: Archetype = Archetype {
    beats: &[
        b(3, InPerson, When::Lunch, (45, 90), "Lunch near the old office"),
        b(3, InPerson, When::Morning, (30, 60), "Coffee to trade industry news"),
        b(2, Call, When::Day, (20, 45), "Call about a job opening in their team"),
        b(3, Email, When::Day, NONE, "Email thread about a project retrospective"),
        b(3, Message, When::Any, NONE, "Messages about a conference talk"),
        b(1, Video, When::Day, (30, 60), "Video call to review a product spec"),
        b(1, Social, When::Any, NONE, "Comments on each other's LinkedIn news"),
    ],
    me_share: 0.5,
    give: (0.08, &[Knowledge, Referral, Advice, Introduction]),
    receive: (0.08, &[Knowledge, Referral, Advice, Introduction]),
    my_asks: (
        0.1,
        &[
            q("Is your team hiring designers?", "Shared the open roles in the team", Some(Knowledge)),
            q("Which analytics stack did you settle on?", "Explained the analytics stack", Some(Knowledge)),
            q("Would you be a reference for a client?", "Agreed to be a reference", Some(Referral)),
        ],
    ),
    their_asks: (
        0.1,
        &[
            q("Would you review my talk slides?", "Sent feedback on the slides", Some(Advice)),
            q("Do you know a freelance data engineer?", "Suggested two freelance data engineers", Some(Referral)),
            q("Can I use your onboarding case study in a talk?", "Said yes and sent the figures", Some(Knowledge)),
        ],
    ),
    they_answer: 0.8,
    i_answer: 0.85,
};

pub(super) const MENTOR: Archetype = Archetype {
    beats: &[
        b(4, InPerson, When::Lunch, (60, 105), "Monthly lunch: advice on pricing and positioning"),
        b(2, InPerson, When::Morning, (45, 75), "Breakfast: she reviewed the fundraising plan"),
        b(3, Call, When::Day, (25, 50), "Call to prepare a board meeting"),
        b(3, Email, When::Day, NONE, "Email with her notes on the pitch deck"),
        b(2, Message, When::Day, NONE, "Messages about an investor she knows"),
        b(1, Video, When::Day, (30, 60), "Video call on hiring the first engineer"),
    ],
    me_share: 0.65,
    give: (0.04, &[Gift, Knowledge]),
    receive: (0.45, &[Advice, Introduction, Knowledge, Recommendation]),
    my_asks: (
        0.3,
        &[
            q(
                "How would you price a three-month engagement?",
                "Explained how she prices long engagements",
                Some(Advice),
            ),
            q(
                "Would you introduce me to an investor in your network?",
                "Introduced me to a partner at Cobalt Ventures",
                Some(Introduction),
            ),
            q("Is it time to hire a first employee?", "Walked me through her hiring checklist", Some(Advice)),
            q("Which accountant would you trust with a startup?", "Recommended her accountant", Some(Recommendation)),
        ],
    ),
    their_asks: (
        0.05,
        &[q("Could you test a portfolio company's new app?", "Sent detailed feedback on the app", Some(Help))],
    ),
    they_answer: 0.9,
    i_answer: 1.0,
};

pub(super) const MENTEE: Archetype = Archetype {
    beats: &[
        b(3, Video, When::Evening, (30, 60), "Mentoring session: portfolio review"),
        b(2, InPerson, When::Morning, (45, 75), "Coffee: his first freelance contract"),
        b(2, Call, When::Day, (20, 40), "Call about his job search"),
        b(3, Email, When::Day, NONE, "Email with feedback on his case study"),
        b(3, Message, When::Any, NONE, "Messages about interview preparation"),
    ],
    me_share: 0.35,
    give: (0.45, &[Advice, Referral, Introduction, Knowledge, Recommendation]),
    receive: (0.03, &[Gift, Knowledge]),
    my_asks: (0.08, &[q("How did the interview go?", "Told me how the interview went", None)]),
    their_asks: (
        0.35,
        &[
            q("How should I price my first freelance mission?", "Sent my pricing grid with advice", Some(Advice)),
            q("Could you look at my portfolio before the interview?", "Reviewed the portfolio in detail", Some(Advice)),
            q("Do you know anyone hiring junior designers?", "Referred him to two studios", Some(Referral)),
            q(
                "Which books would you read to learn user research?",
                "Sent a reading list on user research",
                Some(Recommendation),
            ),
        ],
    ),
    they_answer: 0.85,
    i_answer: 0.95,
};

/// Gets in touch only to ask; every question of theirs comes with a favour to do.
pub(super) const TAKER: Archetype = Archetype {
    beats: &[
        b(3, Call, When::Day, (20, 40), "He called to pick my brain on his pitch"),
        b(3, Message, When::Day, NONE, "Message out of the blue: he needs a favour"),
        b(2, InPerson, When::Morning, (30, 45), "Coffee: he wanted an introduction"),
        b(2, Email, When::Day, NONE, "Email asking for a referral"),
        b(1, Social, When::Day, NONE, "LinkedIn message asking for a recommendation"),
    ],
    me_share: 0.0,
    give: (0.5, &[Advice, Help, Knowledge]),
    receive: (0.0, &[]),
    my_asks: (0.15, &[q("How did the meeting with the investor go?", "Told me how the meeting went", None)]),
    their_asks: (
        1.0,
        &[
            q(
                "Could you introduce me to someone at Cobalt Ventures?",
                "Introduced him to a partner at Cobalt Ventures",
                Some(Introduction),
            ),
            q(
                "Can you refer me to your clients for a growth audit?",
                "Referred him to a former client",
                Some(Referral),
            ),
            q(
                "Could you write me a LinkedIn recommendation?",
                "Wrote him a LinkedIn recommendation",
                Some(Recommendation),
            ),
            q("Can you share your investor deck template?", "Shared my deck template", Some(Knowledge)),
            q(
                "Do you know a developer who would work for equity?",
                "Introduced him to a freelance developer",
                Some(Introduction),
            ),
        ],
    ),
    they_answer: 0.0,
    i_answer: 0.9,
};

/// Every touch is mine; nothing comes back, not even an answer.
pub(super) const BROADCAST: Archetype = Archetype {
    beats: &[
        b(3, Email, When::Day, NONE, "Sent our quarterly newsletter"),
        b(2, Email, When::Day, NONE, "Shared a case study that fits his team"),
        b(2, Message, When::Day, NONE, "Congratulated him on the product launch"),
        b(2, Social, When::Any, NONE, "Commented on his LinkedIn post"),
        b(1, Email, When::Day, NONE, "Invited him to our demo day"),
        b(1, Message, When::Morning, NONE, "New year wishes"),
    ],
    me_share: 1.0,
    give: (0.25, &[Knowledge, Recommendation]),
    receive: (0.0, &[]),
    my_asks: (
        0.4,
        &[
            q("Would a 20-minute call next week work?", "Agreed to a call", None),
            q("Did the case study match what your team needs?", "Answered about the case study", None),
            q("Will you join our demo day?", "Answered about the demo day", None),
        ],
    ),
    their_asks: (0.0, &[]),
    they_answer: 0.0,
    i_answer: 1.0,
};

/// A client: workshops and reports; I bring most of the expertise.
pub(super) const CLIENT: Archetype = Archetype {
    beats: &[
        b(2, InPerson, When::Day, (120, 240), "Workshop with the marketing team"),
        b(3, Call, When::Day, (20, 45), "Call to review the campaign results"),
        b(3, Email, When::Day, NONE, "Email with the monthly report"),
        b(1, InPerson, When::Lunch, (60, 90), "Lunch in Lyon after the steering meeting"),
        b(2, Message, When::Day, NONE, "Messages to prepare the next sprint"),
    ],
    me_share: 0.55,
    give: (0.15, &[Knowledge, Advice]),
    receive: (0.05, &[Referral, Recommendation]),
    my_asks: (0.12, &[q("Can you share last month's sales figures?", "Sent the sales figures", Some(Knowledge))]),
    their_asks: (0.15, &[q("Could you add a slide on the competitors?", "Added the competitor slide", Some(Help))]),
    they_answer: 0.85,
    i_answer: 0.95,
};

/// A partner who is slow to answer: most of my questions wait.
pub(super) const PARTNER: Archetype = Archetype {
    beats: &[
        b(3, Video, When::Day, (30, 60), "Call about a content partnership"),
        b(3, Email, When::Day, NONE, "Email thread on the partnership terms"),
        b(1, InPerson, When::Lunch, (60, 90), "Lunch in Brussels"),
        b(2, Message, When::Day, NONE, "Messages to fix a meeting date"),
    ],
    me_share: 0.65,
    give: (0.1, &[Knowledge, Introduction]),
    receive: (0.08, &[Knowledge]),
    my_asks: (
        0.2,
        &[
            q("Can you send the audience figures?", "Sent the audience figures", Some(Knowledge)),
            q("Who signs on your side?", "Named the person who signs", None),
        ],
    ),
    their_asks: (0.1, &[q("Can you send a one-page summary?", "Sent a one-page summary", Some(Knowledge))]),
    they_answer: 0.55,
    i_answer: 0.95,
};

pub(super) const FOUNDER: Archetype = Archetype {
    beats: &[
        b(3, InPerson, When::Morning, (30, 60), "Coffee to compare notes on fundraising"),
        b(2, Call, When::Day, (20, 45), "Call about hiring a first salesperson"),
        b(2, Email, When::Day, NONE, "Email swapping supplier contacts"),
        b(3, Message, When::Any, NONE, "Messages about a founders' dinner"),
        b(1, Video, When::Day, (30, 45), "Video call: product feedback swap"),
        b(1, Social, When::Any, NONE, "Congratulated on the launch on LinkedIn"),
    ],
    me_share: 0.5,
    give: (0.1, &[Introduction, Advice, Knowledge, Referral]),
    receive: (0.1, &[Introduction, Advice, Knowledge, Referral]),
    my_asks: (
        0.12,
        &[
            q("Which payroll tool do you use?", "Recommended a payroll tool", Some(Recommendation)),
            q("Do you know a good startup lawyer?", "Sent the contact of a startup lawyer", Some(Introduction)),
            q("How did you structure your employee stock options?", "Explained the stock option plan", Some(Knowledge)),
        ],
    ),
    their_asks: (
        0.12,
        &[
            q("Could you introduce me to your designer?", "Introduced them to our designer", Some(Introduction)),
            q("What CRM do you use for sales?", "Explained our sales setup", Some(Knowledge)),
            q("Would you join a panel at our event?", "Agreed to join the panel", Some(Help)),
        ],
    ),
    they_answer: 0.8,
    i_answer: 0.85,
};

/// A founder friend whose questions I keep leaving open: the "you owe answers" story.
pub(super) const OWED: Archetype = Archetype { i_answer: 0.45, their_asks: (0.25, FOUNDER.their_asks.1), ..FOUNDER };

pub(super) const CLIMBER: Archetype = Archetype {
    beats: &[
        b(4, InPerson, When::Evening, (90, 150), "Bouldering session"),
        b(4, Message, When::Any, NONE, "Messages to plan a session"),
        b(1, InPerson, When::Day, (360, 600), "Day of climbing in Fontainebleau"),
        b(1, InPerson, When::Evening, (60, 90), "Beer after training"),
    ],
    me_share: 0.5,
    give: (0.04, &[Help, Recommendation, Gift]),
    receive: (0.04, &[Help, Recommendation, Gift]),
    my_asks: (
        0.08,
        &[
            q("Are you in for Fontainebleau on Sunday?", "Confirmed for Fontainebleau", None),
            q("Can I borrow your crash pad?", "Lent the crash pad", Some(Help)),
        ],
    ),
    their_asks: (
        0.08,
        &[
            q("Which shoes would you buy for a beginner?", "Recommended beginner shoes", Some(Recommendation)),
            q("Can you belay me on Tuesday?", "Said yes for Tuesday", None),
        ],
    ),
    they_answer: 0.85,
    i_answer: 0.85,
};

pub(super) const NEIGHBOUR: Archetype = Archetype {
    beats: &[
        b(4, InPerson, When::Evening, (10, 20), "Chat in the courtyard"),
        b(2, InPerson, When::Evening, (60, 120), "Drinks on the balcony"),
        b(3, Message, When::Any, NONE, "Messages about the building works"),
        b(1, InPerson, When::Afternoon, (15, 30), "Watered the plants during the holidays"),
    ],
    me_share: 0.5,
    give: (0.1, &[Help, Gift]),
    receive: (0.1, &[Help, Gift]),
    my_asks: (0.08, &[q("Could you take in a parcel for me?", "Took in the parcel", Some(Help))]),
    their_asks: (0.08, &[q("Can we borrow your drill?", "Lent the drill", Some(Help))]),
    they_answer: 0.9,
    i_answer: 0.9,
};

/// A friend abroad: video calls and messages across time zones, dinner when one of us travels.
pub(super) const ABROAD: Archetype = Archetype {
    beats: &[
        b(4, Video, When::Evening, (30, 75), "Video call across time zones"),
        b(4, Message, When::Any, NONE, "Voice notes and messages"),
        b(2, Email, When::Day, NONE, "Long email with news"),
        b(1, InPerson, When::Evening, (120, 180), "Dinner during a visit"),
        b(1, Social, When::Any, NONE, "Comments on each other's posts"),
    ],
    me_share: 0.5,
    give: (0.06, &[Knowledge, Recommendation, Introduction, Advice]),
    receive: (0.06, &[Knowledge, Recommendation, Introduction, Advice]),
    my_asks: (
        0.1,
        &[
            q("When are you next in Europe?", "Gave the dates of the next trip", None),
            q("How is the new job going?", "Told me about the new job", None),
        ],
    ),
    their_asks: (
        0.1,
        &[
            q(
                "Do you know anyone in Paris working on climate tech?",
                "Introduced them to a climate founder",
                Some(Introduction),
            ),
            q("Any tips for visiting Lisbon?", "Sent a list of places in Lisbon", Some(Recommendation)),
        ],
    ),
    they_answer: 0.8,
    i_answer: 0.85,
};

/// Service providers (accountant, lawyer): I mostly receive expertise and refer clients to them.
pub(super) const ADVISOR: Archetype = Archetype {
    beats: &[
        b(2, InPerson, When::Day, (45, 90), "Meeting about the annual accounts"),
        b(3, Email, When::Day, NONE, "Email about a filing deadline"),
        b(2, Call, When::Day, (15, 30), "Call about the shareholders' agreement"),
    ],
    me_share: 0.6,
    give: (0.08, &[Referral, Recommendation]),
    receive: (0.25, &[Advice, Knowledge, Help]),
    my_asks: (
        0.25,
        &[
            q("Can the new laptops be expensed this year?", "Explained the expense rules", Some(Advice)),
            q("Do we need a new clause for the freelancers?", "Drafted the clause", Some(Help)),
        ],
    ),
    their_asks: (0.2, &[q("Can you send the bank statements for March?", "Sent the statements", None)]),
    they_answer: 0.9,
    i_answer: 0.8,
};

/// The outer layer: rare, light touches; questions are the likeliest to be left open here.
pub(super) const ACQUAINTANCE: Archetype = Archetype {
    beats: &[
        b(3, Social, When::Any, NONE, "Congratulated on the new role"),
        b(2, Social, When::Any, NONE, "Quick exchange on LinkedIn"),
        b(2, Email, When::Day, NONE, "Emails about a job opening"),
        b(2, Call, When::Day, (15, 40), "Catch-up call, the first in a long time"),
        b(2, InPerson, When::Morning, (30, 60), "Coffee at a conference"),
        b(1, Event, When::Evening, (60, 180), "Ran into each other at a meetup"),
        b(1, Email, When::Day, NONE, "Asked for a quick opinion on a tool"),
    ],
    me_share: 0.55,
    give: (0.08, &[Knowledge, Referral, Introduction, Recommendation, Advice]),
    receive: (0.08, &[Knowledge, Referral, Introduction, Recommendation, Advice]),
    my_asks: (
        0.12,
        &[
            q("Would you have 20 minutes for a call next month?", "Proposed a time for the call", None),
            q(
                "Is your company open to freelance product work?",
                "Explained how they hire freelancers",
                Some(Knowledge),
            ),
            q("Could you share the slides of your talk?", "Sent the slides", Some(Knowledge)),
        ],
    ),
    their_asks: (
        0.12,
        &[
            q("Do you know a good UX designer for a short mission?", "Suggested a designer", Some(Referral)),
            q("Could we meet when you're in town?", "Proposed to meet for coffee", None),
            q("What did you think of our new product?", "Sent candid feedback on the product", Some(Advice)),
        ],
    ),
    they_answer: 0.6,
    i_answer: 0.75,
};

/// What the value items say, by kind: picked at random so the ledger reads like a real one.
pub(super) fn value_notes(kind: ValueKind) -> &'static [&'static str] {
    match kind {
        Introduction => &[
            "Introduction to a potential client",
            "Introduction to an investor",
            "Put in touch with a journalist",
            "Introduction to a designer looking for work",
        ],
        Advice => &["Advice on pricing", "Advice on a tricky negotiation", "Feedback on a pitch", "Career advice"],
        Knowledge => &[
            "Shared a market study",
            "Sent a useful article",
            "Shared a contract template",
            "Explained a new regulation",
        ],
        Help => &["Helped with a move", "Proofread a document", "Lent some equipment", "Covered for a day"],
        Referral => &["Referred for a freelance mission", "Referral for a job opening", "Passed on a client lead"],
        Recommendation => &[
            "Recommended a book",
            "Recommended a restaurant",
            "Recommended a good accountant",
            "Wrote a LinkedIn recommendation",
        ],
        Gift => &["Birthday present", "Bottle of wine", "A book as a thank-you", "Souvenir from a trip"],
        ValueKind::Other => &["Something else of value"],
    }
}

/// Comments people leave under posts.
pub(super) const COMMENTS: &[&str] = &[
    "Congrats, well deserved!",
    "So true, we saw exactly the same thing at our company.",
    "Great read, thanks for sharing.",
    "Would love to hear more about the pricing part.",
    "Saving this for later.",
    "Bravo !",
    "Interesting, but I'm not sure I agree with the second point.",
    "Let's talk about this over coffee.",
    "Sharing this with my team.",
    "How did you measure that?",
    "This is the post I needed this week.",
    "Félicitations à toute l'équipe !",
];
