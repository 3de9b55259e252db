//! LinkedIn's `messages.csv` (CONVERSATION ID, CONVERSATION TITLE, FROM, SENDER PROFILE URL, TO,
//! RECIPIENT PROFILE URLS, DATE, SUBJECT, CONTENT, FOLDER): conversations become interactions.
//!
//! - **Me** is whoever `--me` names (a name or profile URL); without it, the person who takes part
//!   in the most conversations (the export is of my own inbox, so I am in all of them).
//! - **Exchanges**: in each conversation, in time order, consecutive messages from the same sender
//!   with no more than [`TURN_GAP_HOURS`] between them form one interaction, initiated by that
//!   sender. A message from someone else, or a longer silence, starts the next one. So "did the
//!   other side reply" is whether the next interaction is theirs, which is how the measures read
//!   written conversations.
//! - **Questions**: a message containing `?` asks a question (by me of everyone I wrote to, or by
//!   the sender of me); the other side's next interaction in the conversation answers it.
//! - **Text**: message bodies are not stored unless the user opts in (`keep_message_text`); without
//!   it the interaction says only how many messages it held, and a question's text is a placeholder.
//! - Everyone else becomes a contact (name and profile URL), matched like any import.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};

use super::csv_file::TextRows;
use super::plan::link_key;
use super::{
    ImportOptions, IncomingContact, IncomingInteraction, IncomingQuestion, Parsed, Problem, Record, Ticker, Who,
};
use crate::error::{Error, Reason, Result};
use crate::model::{Channel, ContactFields, Labeled, Party};

/// Messages from one sender closer together than this are one exchange.
pub const TURN_GAP_HOURS: i64 = 24;

/// A question's text when message bodies are not kept.
pub const QUESTION_PLACEHOLDER: &str = "A question in a LinkedIn message (text not kept)";

const COLUMNS: &[&str] = &[
    "CONVERSATION ID",
    "CONVERSATION TITLE",
    "FROM",
    "SENDER PROFILE URL",
    "TO",
    "RECIPIENT PROFILE URLS",
    "DATE",
    "CONTENT",
];

struct Message {
    row: usize,
    line: usize,
    conversation: u32,
    sender: u32,
    recipients: Vec<u32>,
    at: i64,
    /// The question sentence (or the placeholder) when the message asks one.
    question: Option<String>,
    content: Option<String>,
}

/// A person met in the file, keyed by profile URL (else name).
struct Person {
    name: String,
    url: Option<String>,
    conversations: u32,
    messages: u32,
    first_row: (usize, usize),
    last_conversation: u32,
}

pub fn parse_date(text: &str) -> Option<DateTime<FixedOffset>> {
    let t = text.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return Some(d);
    }
    let t = t.strip_suffix(" UTC").unwrap_or(t);
    NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M"))
        .ok()
        .map(|n| Utc.from_utc_datetime(&n).fixed_offset())
}

/// The sentence that ends in (or holds) the first question mark, trimmed to 300 characters.
fn question_sentence(content: &str) -> String {
    let q = content.find('?').unwrap_or(0);
    let start = content[..q].rfind(['.', '!', '\n', '?']).map_or(0, |i| i + 1);
    let s: String = content[start..=q].trim().chars().take(300).collect();
    if s.is_empty() {
        "?".to_owned()
    } else {
        s
    }
}

pub(crate) fn parse(text: impl std::io::Read, options: &ImportOptions, ticker: &mut Ticker<'_>) -> Result<Parsed> {
    let mut parsed = Parsed::new(super::Format::LinkedinMessages, "UTF-8");
    let mut rows = TextRows::new(&mut csv::ReaderBuilder::new(), text);
    let header: Vec<String> = match rows.next_row()? {
        Some(Ok(h)) => h.iter().map(|s| s.trim().trim_start_matches('\u{feff}').to_ascii_uppercase()).collect(),
        _ => return Err(Error::BadInput(Reason::EmptyHeader {})),
    };
    let col = |name: &str| header.iter().position(|h| h == name);
    let missing: Vec<&str> = COLUMNS.iter().copied().filter(|c| col(c).is_none()).collect();
    if !missing.is_empty() {
        let columns = missing.iter().map(|c| (*c).to_owned()).collect();
        return Err(Error::BadInput(Reason::MissingColumns { columns }));
    }
    let [c_conv, c_title, c_from, c_from_url, c_to, c_to_urls, c_date, c_content] =
        [0, 1, 2, 3, 4, 5, 6, 7].map(|i| col(COLUMNS[i]).unwrap_or(0));
    let mut people: Vec<Person> = Vec::new();
    let mut person_index: HashMap<String, u32> = HashMap::new();
    let mut conversations: HashMap<String, u32> = HashMap::new();
    let mut titles: Vec<String> = Vec::new();
    let mut messages: Vec<Message> = Vec::new();
    let mut person =
        |name: &str, url: &str, row: (usize, usize), conversation: u32, people: &mut Vec<Person>| -> Option<u32> {
            let url = url.trim();
            let key = link_key(url).unwrap_or_else(|| name.trim().to_lowercase());
            if key.is_empty() {
                return None;
            }
            let i = *person_index.entry(key).or_insert_with(|| {
                people.push(Person {
                    name: name.trim().to_owned(),
                    url: (!url.is_empty()).then(|| url.to_owned()),
                    conversations: 0,
                    messages: 0,
                    first_row: row,
                    last_conversation: u32::MAX,
                });
                (people.len() - 1) as u32
            });
            let p = &mut people[i as usize];
            if p.name.is_empty() && !name.trim().is_empty() {
                p.name = name.trim().to_owned();
            }
            if p.last_conversation != conversation {
                p.last_conversation = conversation;
                p.conversations += 1;
            }
            Some(i)
        };
    let mut number = 0;
    while let Some(row) = rows.next_row()? {
        number += 1;
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize);
                parsed.problems.push(Problem::error(
                    Some(Record { kind: "row", number, line }),
                    line,
                    "row",
                    Reason::Csv { detail: e.to_string() },
                ));
                continue;
            }
        };
        let line = row.position().map_or(0, |p| p.line() as usize);
        let record = Record { kind: "row", number, line: Some(line) };
        if number % 4096 == 0 {
            ticker.tick(row.position().map_or(0, |p| p.byte()))?;
        }
        if row.len() != header.len() {
            parsed.problems.push(Problem::error(
                Some(record),
                Some(line),
                "row",
                Reason::RaggedRow { n: row.len(), header: header.len() },
            ));
            continue;
        }
        let get = |i: usize| row.get(i).unwrap_or("");
        let Some(at) = parse_date(get(c_date)) else {
            parsed.problems.push(Problem::error(
                Some(record),
                Some(line),
                "DATE",
                Reason::NotDateAndTime { value: get(c_date).to_owned() },
            ));
            continue;
        };
        let conv_key = get(c_conv).trim();
        if conv_key.is_empty() {
            parsed.problems.push(Problem::error(Some(record), Some(line), "CONVERSATION ID", Reason::IsEmpty {}));
            continue;
        }
        let conversation = match conversations.get(conv_key) {
            Some(c) => *c,
            None => {
                let c = titles.len() as u32;
                conversations.insert(conv_key.to_owned(), c);
                titles.push(get(c_title).trim().to_owned());
                c
            }
        };
        let Some(sender) = person(get(c_from), get(c_from_url), (number, line), conversation, &mut people) else {
            parsed.problems.push(Problem::error(Some(record), Some(line), "FROM", Reason::SenderUnknown {}));
            continue;
        };
        people[sender as usize].messages += 1;
        let names: Vec<&str> = get(c_to).split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
        let urls: Vec<&str> = get(c_to_urls).split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
        let mut recipients = Vec::new();
        if urls.is_empty() {
            for n in &names {
                recipients.extend(person(n, "", (number, line), conversation, &mut people));
            }
        } else {
            for (k, u) in urls.iter().enumerate() {
                // Names line up with URLs only when there are as many of each.
                let name = if names.len() == urls.len() { names[k] } else { "" };
                recipients.extend(person(name, u, (number, line), conversation, &mut people));
            }
        }
        let content = get(c_content);
        let question = content.contains('?').then(|| {
            if options.keep_message_text {
                question_sentence(content)
            } else {
                QUESTION_PLACEHOLDER.to_owned()
            }
        });
        messages.push(Message {
            row: number,
            line,
            conversation,
            sender,
            recipients,
            at: at.timestamp(),
            question,
            content: options.keep_message_text.then(|| content.trim().to_owned()),
        });
    }
    parsed.records = number;
    parsed.encoding = rows.encoding();
    if messages.is_empty() {
        return Ok(parsed);
    }
    let me = find_me(&people, options)?;
    // Contacts: everyone but me, in order of first appearance.
    let mut contact_of: Vec<Option<usize>> = vec![None; people.len()];
    for (i, p) in people.iter().enumerate() {
        if me.contains(&(i as u32)) {
            continue;
        }
        let name = if p.name.is_empty() {
            p.url
                .as_deref()
                .and_then(|u| u.trim_end_matches('/').rsplit('/').next())
                .unwrap_or("LinkedIn member")
                .to_owned()
        } else {
            p.name.clone()
        };
        let mut fields = ContactFields::named(name);
        fields.links = p.url.iter().map(|u| Labeled { value: u.clone(), label: Some("linkedin".to_owned()) }).collect();
        let record = Record { kind: "row", number: p.first_row.0, line: Some(p.first_row.1) };
        contact_of[i] = Some(ticker.contact(&mut parsed, IncomingContact { record, fields, original: None })?);
    }
    build_interactions(&mut parsed, ticker, messages, &titles, &me, &contact_of, options.keep_message_text)?;
    Ok(parsed)
}

/// The people who are me: named by the options, else the one in the most conversations.
fn find_me(people: &[Person], options: &ImportOptions) -> Result<Vec<u32>> {
    if !options.me.is_empty() {
        let wanted: Vec<String> =
            options.me.iter().map(|m| link_key(m).unwrap_or_else(|| m.trim().to_lowercase())).collect();
        let found: Vec<u32> = people
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                wanted.contains(&p.name.to_lowercase())
                    || p.url.as_deref().and_then(link_key).is_some_and(|k| wanted.contains(&k))
            })
            .map(|(i, _)| i as u32)
            .collect();
        if found.is_empty() {
            return Err(Error::invalid("me", Reason::MeNotFound { names: options.me.clone() }));
        }
        return Ok(found);
    }
    let best = (0..people.len()).max_by_key(|&i| (people[i].conversations, people[i].messages, std::cmp::Reverse(i)));
    Ok(best.map(|i| vec![i as u32]).unwrap_or_default())
}

fn build_interactions(
    parsed: &mut Parsed,
    ticker: &mut Ticker<'_>,
    mut messages: Vec<Message>,
    titles: &[String],
    me: &[u32],
    contact_of: &[Option<usize>],
    keep_text: bool,
) -> Result<()> {
    messages.sort_by_key(|m| (m.conversation, m.at, m.row));
    let gap = TURN_GAP_HOURS * 3600;
    let is_me = |p: u32| me.contains(&p);
    let who = |p: u32| contact_of[p as usize].map(Who::Incoming);
    let mut start = 0;
    while start < messages.len() {
        let conv = messages[start].conversation;
        let mut end = start;
        while end < messages.len() && messages[end].conversation == conv {
            end += 1;
        }
        // Turns of this conversation: [from, to) ranges of messages.
        let mut turns: Vec<(usize, usize)> = Vec::new();
        let mut t = start;
        while t < end {
            let mut u = t + 1;
            while u < end && messages[u].sender == messages[t].sender && messages[u].at - messages[u - 1].at <= gap {
                u += 1;
            }
            turns.push((t, u));
            t = u;
        }
        let first_index = ticker.next_interaction(parsed);
        for (k, &(from, to)) in turns.iter().enumerate() {
            let first = &messages[from];
            let mine = is_me(first.sender);
            let mut participants: Vec<Who> = Vec::new();
            let mut add = |w: Option<Who>| {
                if let Some(w) = w {
                    if !participants.contains(&w) {
                        participants.push(w);
                    }
                }
            };
            if mine {
                for m in &messages[from..to] {
                    m.recipients.iter().filter(|r| !is_me(**r)).for_each(|r| add(who(*r)));
                }
            } else {
                add(who(first.sender));
            }
            // The next turn from the other side answers this one's questions.
            let answer = turns[k + 1..]
                .iter()
                .position(|&(f, _)| is_me(messages[f].sender) != mine)
                .map(|j| first_index + k + 1 + j);
            let questions = messages[from..to]
                .iter()
                .filter_map(|m| m.question.clone())
                .map(|text| IncomingQuestion {
                    asked_by: if mine { Party::Me } else { Party::Them },
                    text,
                    contact: if mine { None } else { who(first.sender) },
                    answered_by: answer,
                    original_id: None,
                })
                .collect();
            let count = to - from;
            let title = &titles[conv as usize];
            let mut summary = format!("LinkedIn: {count} message{}", if count == 1 { "" } else { "s" });
            if !title.is_empty() {
                summary.push_str(&format!(" ({title})"));
            }
            if keep_text {
                for m in &messages[from..to] {
                    if let Some(c) = m.content.as_deref().filter(|c| !c.is_empty()) {
                        summary.push_str("\n\n");
                        summary.push_str(c);
                    }
                }
                summary = summary.chars().take(10_000).collect();
            }
            let record = Record { kind: "row", number: first.row, line: Some(first.line) };
            let at = crate::time::utc(first.at).fixed_offset();
            let party = if mine { Party::Me } else { Party::Them };
            let interaction = IncomingInteraction {
                participants,
                questions,
                ..IncomingInteraction::read(record, at, Channel::Message, party, summary)
            };
            ticker.interaction(parsed, interaction)?;
        }
        start = end;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_question_sentences() {
        assert_eq!(parse_date("2025-07-26 14:05:00 UTC").unwrap().to_rfc3339(), "2025-07-26T14:05:00+00:00");
        assert!(parse_date("2025-02-31 10:00:00 UTC").is_none());
        assert_eq!(question_sentence("Great to meet you. Are you free on Tuesday? I am."), "Are you free on Tuesday?");
    }
}
