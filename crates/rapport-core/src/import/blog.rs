//! Blog comments: a WordPress export (WXR) or a Disqus export, read as an XML stream.
//!
//! Each post of mine becomes a post; each comment by someone else a comment reaction by a
//! contact (matched by email, then name, created when new); each reply of mine to a comment a
//! dated social interaction with the commenter, linked to the comment, with one question when the
//! reply ends with a question mark; a later reply of theirs to that reply an interaction of
//! theirs that replies to mine and answers its question. Only the facts are kept: who, when,
//! which post, and whether a reply ended with a question, never a comment's text. Spam, trash,
//! unapproved comments, pingbacks and deleted threads are left out and counted
//! ([`LeftOut`]). docs/import.md has the exact fields read.

use std::cell::Cell;
use std::collections::HashMap;
use std::io::BufRead;

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};
use quick_xml::events::Event;
use serde::Serialize;

use super::keys::{email_key, name_key, Target};
use super::{Format, ImportOptions, IncomingContact, Parsed, Problem, Record, Ticker, Who};
use crate::error::{Error, Reason, Result};
use crate::model::*;
use crate::store::{rules, BulkInteraction, BulkPost, ImportReader, StagedContact, StagedPost, StagedReaction, Stager};
use crate::text::{self, Shape};
use crate::time::to_stored;

/// A post of mine, with the comments it drew that are imported.
#[derive(Debug, Clone, PartialEq)]
pub struct IncomingPost {
    pub record: Record,
    /// The site's name (a WordPress blog's title, a Disqus forum), else "blog".
    pub platform: String,
    pub at: DateTime<FixedOffset>,
    pub title: String,
    pub url: Option<String>,
    pub comments: Vec<IncomingComment>,
}

/// A comment by someone else on the post.
#[derive(Debug, Clone, PartialEq)]
pub struct IncomingComment {
    pub record: Record,
    pub by: Who,
    pub at: DateTime<FixedOffset>,
    /// My replies to it, and to its author's answers to them, in the file's order.
    pub replies: Vec<IncomingReply>,
}

/// A reply of mine to a comment.
#[derive(Debug, Clone, PartialEq)]
pub struct IncomingReply {
    pub record: Record,
    pub at: DateTime<FixedOffset>,
    /// It ends with a question (the text itself is not kept).
    pub asks: bool,
    /// The commenter's reply to it: where in the file, and when. Their turn in the conversation
    /// (an interaction that answers my question, if I asked one), not another comment.
    pub answer: Option<(Record, DateTime<FixedOffset>)>,
}

/// What the file holds that is not imported, counted for the preview.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    /// Marked as spam.
    pub spam: usize,
    /// In the trash, or deleted.
    pub trash: usize,
    /// Waiting for approval (WordPress `wp:comment_approved` 0).
    pub unapproved: usize,
    /// Pingbacks and trackbacks: other sites, not people.
    pub pingbacks: usize,
    /// Comments with neither a name nor an email address.
    pub anonymous: usize,
    /// Comments of a deleted thread, or of a post left out.
    pub on_posts_left_out: usize,
    /// Replies of mine to a comment that is not imported (or to nothing known).
    pub replies_to_nothing: usize,
    /// Posts by another author of the blog, drafts, pages not published, attachments.
    pub posts_left_out: usize,
}

/// The question a reply of mine opens: the fact, never its words.
pub(crate) fn question_text(title: &str) -> String {
    let title = title.trim();
    if title.is_empty() {
        "Question at the end of my reply to a comment".to_owned()
    } else {
        format!("Question at the end of my reply to a comment on “{}”", title.chars().take(200).collect::<String>())
    }
}

/// Whether a comment's text ends with a question: its last visible character, tags and
/// spaces left out, is a question mark.
fn ends_with_question(html: &str) -> bool {
    let mut visible = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => visible.push(c),
            _ => {}
        }
    }
    let end = visible.trim_end().trim_end_matches(|c: char| "\"'’”»)]*_".contains(c) || c.is_whitespace());
    end.ends_with('?') || end.ends_with('？')
}

/// A reader that counts the lines it has given, for problems named by line.
struct Lines<R> {
    inner: R,
    newlines: Cell<usize>,
    bytes: Cell<u64>,
}

impl<R: BufRead> std::io::Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.newlines.set(self.newlines.get() + buf[..n].iter().filter(|b| **b == b'\n').count());
        self.bytes.set(self.bytes.get() + n as u64);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Lines<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, amt: usize) {
        // The buffer is still the one `fill_buf` gave: no read happens here.
        if let Ok(buf) = self.inner.fill_buf() {
            let amt = amt.min(buf.len());
            self.newlines.set(self.newlines.get() + buf[..amt].iter().filter(|b| **b == b'\n').count());
        }
        self.bytes.set(self.bytes.get() + amt as u64);
        self.inner.consume(amt)
    }
}

/// One step through the XML: an element opened (with its `dsq:id`), or closed with the text it
/// held directly.
enum Node {
    Open { id: Option<String> },
    Close { text: String },
    End,
}

/// The XML stream, as a path of open elements and the text of the innermost.
struct Xml<R: BufRead> {
    reader: quick_xml::Reader<Lines<R>>,
    buf: Vec<u8>,
    path: Vec<String>,
    text: String,
    /// The element just closed, until the next step.
    closed: Option<String>,
}

impl<R: BufRead> Xml<R> {
    fn new(inner: R) -> Xml<R> {
        let lines = Lines { inner, newlines: Cell::new(0), bytes: Cell::new(0) };
        let mut reader = quick_xml::Reader::from_reader(lines);
        // `<a/>` comes as an open and a close, like `<a></a>`.
        reader.config_mut().expand_empty_elements = true;
        Xml { reader, buf: Vec::new(), path: Vec::new(), text: String::new(), closed: None }
    }

    fn line(&self) -> usize {
        self.reader.get_ref().newlines.get() + 1
    }

    fn bytes(&self) -> u64 {
        self.reader.get_ref().bytes.get()
    }

    fn refuse(&self, detail: impl std::fmt::Display) -> Error {
        Error::BadInput(Reason::XmlRefused { line: self.line(), detail: detail.to_string() })
    }

    /// Whether the open elements (the one just closed included, until the next step) end with
    /// `names`.
    fn at(&self, names: &[&str]) -> bool {
        let path = &self.path;
        path.len() >= names.len() && path[path.len() - names.len()..].iter().zip(names).all(|(a, b)| a == b)
    }

    fn next(&mut self) -> Result<Node> {
        if let Some(name) = self.closed.take() {
            debug_assert_eq!(self.path.last(), Some(&name));
            self.path.pop();
        }
        loop {
            self.buf.clear();
            let event = match self.reader.read_event_into(&mut self.buf) {
                Ok(e) => e,
                Err(quick_xml::Error::Io(e)) => {
                    return Err(super::read_failed(std::io::Error::new(e.kind(), e.to_string())))
                }
                Err(e) => {
                    let e = e.to_string();
                    return Err(self.refuse(e));
                }
            };
            match event {
                Event::Start(e) => {
                    let name = e.name().as_ref().to_owned();
                    let id = dsq_id(&e).map_err(|d| self.refuse(d))?;
                    self.path.push(name);
                    self.text.clear();
                    return Ok(Node::Open { id });
                }
                Event::End(_) => {
                    let name = self.path.last().cloned().unwrap_or_default();
                    self.closed = Some(name);
                    return Ok(Node::Close { text: std::mem::take(&mut self.text) });
                }
                Event::Text(t) => self.text.push_str(&t),
                Event::CData(t) => self.text.push_str(&t),
                Event::GeneralRef(r) => {
                    let c = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c),
                        Ok(None) => match &*r {
                            "lt" => Some('<'),
                            "gt" => Some('>'),
                            "amp" => Some('&'),
                            "apos" => Some('\''),
                            "quot" => Some('"'),
                            _ => None,
                        },
                        Err(e) => return Err(self.refuse(e)),
                    };
                    match c {
                        Some(c) => self.text.push(c),
                        None => {
                            self.text.push('&');
                            self.text.push_str(&r);
                            self.text.push(';');
                        }
                    }
                }
                Event::Eof => {
                    return match self.path.last() {
                        Some(open) => {
                            Err(Error::BadInput(Reason::XmlTruncated { line: self.line(), open: open.clone() }))
                        }
                        None => Ok(Node::End),
                    };
                }
                _ => {}
            }
        }
    }
}

/// The `dsq:id` attribute of a Disqus element, if any; an attribute that does not read is the
/// file's error.
fn dsq_id(e: &quick_xml::events::BytesStart<'_>) -> std::result::Result<Option<String>, String> {
    for a in e.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        if a.key.as_ref() == "dsq:id" {
            return Ok(Some(
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0).map_err(|e| e.to_string())?.trim().to_owned(),
            ));
        }
    }
    Ok(None)
}

/// Whether a comment may be imported, as its export marks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Approved,
    Unapproved,
    Spam,
    Trash,
    Pingback,
}

/// A comment as read, before it is placed in its thread.
struct RawComment {
    record: Record,
    id: String,
    parent: String,
    date: String,
    at: Option<DateTime<FixedOffset>>,
    name: String,
    email: String,
    user_id: String,
    username: String,
    asks: bool,
    status: Status,
}

impl RawComment {
    fn new(record: Record) -> RawComment {
        RawComment {
            record,
            id: String::new(),
            parent: String::new(),
            date: String::new(),
            at: None,
            name: String::new(),
            email: String::new(),
            user_id: String::new(),
            username: String::new(),
            asks: false,
            status: Status::Approved,
        }
    }
}

/// What a comment id of a thread became. Indices are `u32` (12 bytes, not 24): one is held for
/// every comment of a Disqus export until the file ends.
#[derive(Clone, Copy)]
enum Kept {
    /// Someone else's comment: its index among the post's comments.
    Theirs(u32),
    /// My reply to their comment: (comment, reply).
    MyReply(u32, u32),
    /// The commenter's answer to my reply, in the conversation of their comment.
    Answer(u32),
    /// Mine, replying to nothing imported.
    Mine,
}

/// The comment ids of a thread and what each became. Disqus and WordPress ids are numbers, kept
/// as such (no text per comment); any other id is kept as its text.
#[derive(Default)]
struct CommentIds {
    numbers: HashMap<u64, Kept>,
    others: HashMap<String, Kept>,
}

impl CommentIds {
    /// The id as a number, when it is one written without leading zeros ("007" is not "7").
    fn number(id: &str) -> Option<u64> {
        (id == "0" || !id.starts_with('0')).then(|| id.parse().ok()).flatten()
    }

    fn get(&self, id: &str) -> Option<Kept> {
        match Self::number(id) {
            Some(n) => self.numbers.get(&n).copied(),
            None => self.others.get(id).copied(),
        }
    }

    fn insert(&mut self, id: String, kept: Kept) {
        match Self::number(&id) {
            Some(n) => self.numbers.insert(n, kept),
            None => self.others.insert(id, kept),
        };
    }
}

/// An index among a post's comments or a comment's replies, as [`Kept`] holds it.
fn index32(i: usize) -> u32 {
    u32::try_from(i).expect("a file of at most 1 GiB holds fewer than 2^32 comments")
}

/// The commenters met so far, each sent once as an incoming contact (by email, else name).
#[derive(Default)]
struct People {
    by_email: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
}

impl People {
    fn who(
        &mut self,
        name: &str,
        email: &str,
        record: Record,
        parsed: &mut Parsed,
        ticker: &mut Ticker<'_>,
    ) -> Result<Option<Who>> {
        let email = email.trim();
        let email = (email.contains('@') && email.len() <= 320).then(|| email.to_owned());
        let mut name = name.trim().chars().take(200).collect::<String>();
        text::clean(&mut name, Shape::Name);
        if let Some(&i) = email.as_deref().and_then(|e| self.by_email.get(&email_key(e))) {
            return Ok(Some(Who::Incoming(i)));
        }
        // A name without an email is the same commenter as the earlier one of that name.
        if email.is_none() {
            if let Some(&i) = self.by_name.get(&name_key(&name)) {
                return Ok(Some(Who::Incoming(i)));
            }
        }
        if name.trim().is_empty() {
            match &email {
                Some(e) => name = e.split('@').next().unwrap_or(e).to_owned(),
                None => return Ok(None),
            }
        }
        let mut fields = ContactFields::named(name.clone());
        if let Some(e) = &email {
            fields.emails.push(Labeled { value: e.clone(), label: None });
        }
        let i = ticker.contact(parsed, IncomingContact { record, fields, original: None })?;
        if let Some(e) = &email {
            self.by_email.insert(email_key(e), i);
        }
        self.by_name.entry(name_key(&name)).or_insert(i);
        Ok(Some(Who::Incoming(i)))
    }
}

/// A post being read, with its comments so far.
struct Thread {
    post: IncomingPost,
    ids: CommentIds,
}

impl Thread {
    fn new(post: IncomingPost) -> Thread {
        Thread { post, ids: CommentIds::default() }
    }

    /// Places one comment: left out (counted), someone's comment, or my reply to one.
    fn add(
        &mut self,
        raw: RawComment,
        mine: bool,
        people: &mut People,
        left: &mut LeftOut,
        parsed: &mut Parsed,
        ticker: &mut Ticker<'_>,
    ) -> Result<()> {
        let counted = match raw.status {
            Status::Approved => None,
            Status::Unapproved => Some(&mut left.unapproved),
            Status::Spam => Some(&mut left.spam),
            Status::Trash => Some(&mut left.trash),
            Status::Pingback => Some(&mut left.pingbacks),
        };
        if let Some(n) = counted {
            *n += 1;
            return Ok(());
        }
        let Some(at) = raw.at else {
            let reason = Reason::BlogDate { value: raw.date.chars().take(100).collect() };
            parsed.problems.push(Problem::error(Some(raw.record), raw.record.line, "date", reason));
            return Ok(());
        };
        let parent = self.ids.get(raw.parent.trim()).filter(|_| !raw.parent.trim().is_empty());
        if mine {
            let kept = match parent {
                Some(Kept::Theirs(c) | Kept::Answer(c)) => {
                    let comment = &mut self.post.comments[c as usize];
                    if at < comment.at {
                        let reason = Reason::ReplyBeforeComment {};
                        parsed.problems.push(Problem::warning(Some(raw.record), raw.record.line, "date", reason));
                        left.replies_to_nothing += 1;
                        Kept::Mine
                    } else {
                        comment.replies.push(IncomingReply { record: raw.record, at, asks: raw.asks, answer: None });
                        Kept::MyReply(c, index32(comment.replies.len() - 1))
                    }
                }
                _ => {
                    // My own comment under the post, or a reply to a comment left out.
                    if !raw.parent.trim().is_empty() && raw.parent.trim() != "0" {
                        left.replies_to_nothing += 1;
                    }
                    Kept::Mine
                }
            };
            if !raw.id.is_empty() {
                self.ids.insert(raw.id, kept);
            }
            return Ok(());
        }
        if at < self.post.at {
            let reason = Reason::ReactionBeforePost {};
            parsed.problems.push(Problem::warning(Some(raw.record), raw.record.line, "date", reason));
            left.on_posts_left_out += 1;
            return Ok(());
        }
        let Some(by) = people.who(&raw.name, &raw.email, raw.record, parsed, ticker)? else {
            left.anonymous += 1;
            return Ok(());
        };
        // The commenter answering my reply (the first time) takes a turn in our conversation.
        if let Some(Kept::MyReply(c, r)) = parent {
            let comment = &mut self.post.comments[c as usize];
            let reply = &mut comment.replies[r as usize];
            if comment.by == by && reply.answer.is_none() && reply.at <= at {
                reply.answer = Some((raw.record, at));
                if !raw.id.is_empty() {
                    self.ids.insert(raw.id, Kept::Answer(c));
                }
                return Ok(());
            }
        }
        self.post.comments.push(IncomingComment { record: raw.record, by, at, replies: Vec::new() });
        if !raw.id.is_empty() {
            self.ids.insert(raw.id, Kept::Theirs(index32(self.post.comments.len() - 1)));
        }
        Ok(())
    }
}

/// Who "me" is: the `--me` names and addresses, lower-cased.
fn me_keys(options: &ImportOptions) -> Vec<String> {
    options.me.iter().map(|m| m.trim().to_lowercase()).filter(|m| !m.is_empty()).collect()
}

fn is_me(me: &[String], values: &[&str]) -> bool {
    values.iter().map(|v| v.trim().to_lowercase()).any(|v| !v.is_empty() && me.contains(&v))
}

/// `2010-07-19 14:24:22`, UTC (WordPress's `_gmt` dates); `None` for WordPress's zero date.
fn wp_date(value: &str) -> Option<DateTime<FixedOffset>> {
    let v = value.trim();
    if v.starts_with("0000") {
        return None;
    }
    let naive = NaiveDateTime::parse_from_str(v, "%Y-%m-%d %H:%M:%S").ok()?;
    Some(Utc.from_utc_datetime(&naive).fixed_offset())
}

fn line_text(value: &str, max: usize) -> String {
    let mut v = value.trim().chars().take(max).collect::<String>();
    text::clean(&mut v, Shape::Line);
    v.trim().to_owned()
}

fn record(kind: &'static str, number: usize, line: usize) -> Record {
    Record { kind, number, line: Some(line) }
}

/// What a post of either export says, as read.
struct PostFields<'a> {
    record: Record,
    /// Its date, or `None` when `date_text` (in the field `date_field`) is not one.
    at: Option<DateTime<FixedOffset>>,
    date_field: &'static str,
    date_text: &'a str,
    platform: &'a str,
    title: &'a str,
    /// Its addresses, the first not empty kept.
    urls: &'a [&'a str],
}

/// A post of either export as the import keeps it: the site's name ("blog" when it has none),
/// title and address on one line each. Without a date, an error on its line and `None`.
fn incoming_post(f: PostFields<'_>, parsed: &mut Parsed) -> Option<IncomingPost> {
    let Some(at) = f.at else {
        let reason = Reason::BlogDate { value: f.date_text.to_owned() };
        parsed.problems.push(Problem::error(Some(f.record), f.record.line, f.date_field, reason));
        return None;
    };
    let platform = line_text(f.platform, 100);
    Some(IncomingPost {
        record: f.record,
        platform: if platform.is_empty() { "blog".to_owned() } else { platform },
        at,
        title: line_text(f.title, 1_000),
        url: f.urls.iter().map(|u| line_text(u, 2_000)).find(|u| !u.is_empty()),
        comments: Vec::new(),
    })
}

/// Refuses a file whose root element is not `expected` (`None`: the file has no element).
fn check_root(root: Option<&str>, expected: &str) -> Result<()> {
    match root {
        Some(found) if found == expected => Ok(()),
        found => Err(Error::BadInput(Reason::NotBlogExport {
            found: found.unwrap_or_default().to_owned(),
            expected: expected.to_owned(),
        })),
    }
}

/// A WordPress author (`wp:author`).
#[derive(Default)]
struct Author {
    id: String,
    login: String,
    email: String,
    display_name: String,
}

/// An `<item>` being read.
#[derive(Default)]
struct Item {
    line: usize,
    title: String,
    link: String,
    guid: String,
    creator: String,
    post_type: String,
    status: String,
    date_gmt: String,
    date: String,
    pub_date: String,
    comments: Vec<RawComment>,
}

/// Reads a WordPress export: the authors, then each `<item>` with its `<wp:comment>`s, sent on
/// as a post when the item closes (a post and its comments are held, never the file).
pub(crate) fn parse_wxr(input: impl BufRead, options: &ImportOptions, ticker: &mut Ticker<'_>) -> Result<Parsed> {
    let mut parsed = Parsed::new(Format::Wxr, "UTF-8");
    let mut xml = Xml::new(input);
    let me = me_keys(options);
    let mut authors: Vec<Author> = Vec::new();
    let mut platform = String::new();
    let mut item: Option<Item> = None;
    let mut comment: Option<RawComment> = None;
    let mut people = People::default();
    let mut left = LeftOut::default();
    let (mut posts, mut comments) = (0, 0);
    let mut root_seen = false;
    loop {
        let node = xml.next()?;
        ticker.tick(xml.bytes())?;
        match node {
            Node::End => break,
            Node::Open { .. } => {
                if !root_seen {
                    root_seen = true;
                    check_root(Some(&xml.path[0]), "rss")?;
                }
                if xml.at(&["channel", "wp:author"]) {
                    authors.push(Author::default());
                } else if xml.at(&["channel", "item"]) {
                    item = Some(Item { line: xml.line(), ..Item::default() });
                } else if xml.at(&["item", "wp:comment"]) {
                    comments += 1;
                    comment = Some(RawComment::new(record("comment", comments, xml.line())));
                }
            }
            Node::Close { text } => {
                let path_len = xml.path.len();
                let leaf = xml.path[path_len - 1].as_str();
                if path_len == 3 && xml.at(&["rss", "channel", "title"]) {
                    platform = line_text(&text, 100);
                } else if xml.at(&["channel", "wp:author", leaf]) && path_len == 4 {
                    if let Some(a) = authors.last_mut() {
                        let v = text.trim().to_owned();
                        match leaf {
                            "wp:author_id" => a.id = v,
                            "wp:author_login" => a.login = v,
                            "wp:author_email" => a.email = v,
                            "wp:author_display_name" => a.display_name = v,
                            _ => {}
                        }
                    }
                } else if xml.at(&["item", "wp:comment", leaf]) && path_len == 5 {
                    if let Some(c) = comment.as_mut() {
                        let v = text.trim();
                        match leaf {
                            "wp:comment_id" => c.id = v.to_owned(),
                            "wp:comment_parent" => c.parent = v.to_owned(),
                            "wp:comment_author" => c.name = v.to_owned(),
                            "wp:comment_author_email" => c.email = v.to_owned(),
                            "wp:comment_user_id" => c.user_id = v.to_owned(),
                            "wp:comment_date_gmt" => {
                                c.date = v.to_owned();
                                c.at = wp_date(v).or(c.at);
                            }
                            // The blog's local time, when the UTC one is missing or zero.
                            "wp:comment_date" if c.at.is_none() => {
                                c.date = v.to_owned();
                                c.at = wp_date(v);
                            }
                            "wp:comment_approved" => {
                                c.status = match v {
                                    "1" | "approve" | "approved" => c.status,
                                    "spam" => Status::Spam,
                                    "trash" | "post-trashed" => Status::Trash,
                                    _ => Status::Unapproved,
                                }
                            }
                            "wp:comment_type" => {
                                if matches!(v, "pingback" | "trackback") {
                                    c.status = Status::Pingback;
                                }
                            }
                            "wp:comment_content" => c.asks = ends_with_question(v),
                            _ => {}
                        }
                    }
                } else if xml.at(&["channel", "item", "wp:comment"]) {
                    if let (Some(c), Some(it)) = (comment.take(), item.as_mut()) {
                        // Approval is read after the type: a pingback stays a pingback.
                        it.comments.push(c);
                    }
                } else if xml.at(&["channel", "item", leaf]) && path_len == 4 {
                    if let Some(it) = item.as_mut() {
                        let v = text.trim().to_owned();
                        match leaf {
                            "title" => it.title = v,
                            "link" => it.link = v,
                            "guid" => it.guid = v,
                            "dc:creator" => it.creator = v,
                            "wp:post_type" => it.post_type = v,
                            "wp:status" => it.status = v,
                            "wp:post_date_gmt" => it.date_gmt = v,
                            "wp:post_date" => it.date = v,
                            "pubDate" => it.pub_date = v,
                            _ => {}
                        }
                    }
                } else if xml.at(&["rss", "channel", "item"]) {
                    if let Some(it) = item.take() {
                        posts += 1;
                        wxr_item(it, posts, &platform, &authors, &me, &mut people, &mut left, &mut parsed, ticker)?;
                    }
                }
            }
        }
    }
    if !root_seen {
        check_root(None, "rss")?;
    }
    parsed.records = posts + comments;
    parsed.blog = Some(left);
    Ok(parsed)
}

#[allow(clippy::too_many_arguments)]
fn wxr_item(
    it: Item,
    number: usize,
    platform: &str,
    authors: &[Author],
    me: &[String],
    people: &mut People,
    left: &mut LeftOut,
    parsed: &mut Parsed,
    ticker: &mut Ticker<'_>,
) -> Result<()> {
    let rec = record("post", number, it.line);
    let author_is_me = |a: &Author| me.is_empty() || is_me(me, &[&a.login, &a.email, &a.display_name]);
    let creator_is_me = if me.is_empty() {
        true
    } else {
        is_me(me, &[&it.creator]) || authors.iter().any(|a| a.login == it.creator && author_is_me(a))
    };
    let published =
        matches!(it.post_type.as_str(), "post" | "page" | "") && matches!(it.status.as_str(), "publish" | "");
    if !published || !creator_is_me {
        left.posts_left_out += 1;
        left.on_posts_left_out += it.comments.len();
        return Ok(());
    }
    let fields = PostFields {
        record: rec,
        at: wp_date(&it.date_gmt)
            .or_else(|| DateTime::parse_from_rfc2822(it.pub_date.trim()).ok())
            .or_else(|| wp_date(&it.date)),
        date_field: "wp:post_date_gmt",
        date_text: [&it.date_gmt, &it.pub_date, &it.date].into_iter().find(|v| !v.trim().is_empty()).map_or("", |v| v),
        platform,
        title: &it.title,
        urls: &[&it.link, &it.guid],
    };
    let Some(post) = incoming_post(fields, parsed) else { return Ok(()) };
    let mut thread = Thread::new(post);
    for c in it.comments {
        let mine = if me.is_empty() {
            let user = c.user_id.trim();
            (user != "0" && !user.is_empty() && authors.iter().any(|a| a.id == user))
                || authors.iter().any(|a| !a.email.is_empty() && a.email.eq_ignore_ascii_case(c.email.trim()))
        } else {
            is_me(me, &[&c.name, &c.email])
                || authors.iter().any(|a| a.id == c.user_id.trim() && c.user_id.trim() != "0" && author_is_me(a))
        };
        thread.add(c, mine, people, left, parsed, ticker)?;
    }
    ticker.post(parsed, thread.post)
}

/// A Disqus `<thread>` being read.
#[derive(Default)]
struct DisqusThread {
    line: usize,
    id: String,
    link: String,
    title: String,
    created: String,
    forum: String,
    deleted: bool,
    author_email: String,
    author_name: String,
    author_username: String,
}

/// Reads a Disqus export: its threads come first, then every comment (`<post>`) naming its thread
/// and parent, in any order. The comments of a thread are kept (when, who, replying to what: no
/// text) until the file ends, then each thread is sent on as a post: a thread is complete only
/// then. What is held grows with the comments, not with their text: about 220 bytes a comment
/// over the whole import (measured, docs/import.md), less than the XML of the smallest `<post>`
/// (about 250 bytes), so less than the file itself (at most [`super::MAX_IMPORT_BYTES`]).
pub(crate) fn parse_disqus(input: impl BufRead, options: &ImportOptions, ticker: &mut Ticker<'_>) -> Result<Parsed> {
    let mut parsed = Parsed::new(Format::Disqus, "UTF-8");
    let mut xml = Xml::new(input);
    let me = me_keys(options);
    let mut threads: Vec<(Thread, DisqusThread)> = Vec::new();
    let mut thread_index: HashMap<String, usize> = HashMap::new();
    let mut thread: Option<DisqusThread> = None;
    let mut comment: Option<(RawComment, String)> = None;
    let mut people = People::default();
    let mut left = LeftOut::default();
    let (mut posts, mut comments) = (0, 0);
    let mut root_seen = false;
    loop {
        let node = xml.next()?;
        ticker.tick(xml.bytes())?;
        match node {
            Node::End => break,
            Node::Open { id } => {
                if !root_seen {
                    root_seen = true;
                    check_root(Some(&xml.path[0]), "disqus")?;
                }
                let depth = xml.path.len();
                if depth == 2 && xml.at(&["disqus", "thread"]) {
                    thread =
                        Some(DisqusThread { line: xml.line(), id: id.unwrap_or_default(), ..DisqusThread::default() });
                } else if depth == 2 && xml.at(&["disqus", "post"]) {
                    comments += 1;
                    let mut raw = RawComment::new(record("comment", comments, xml.line()));
                    raw.id = id.unwrap_or_default();
                    comment = Some((raw, String::new()));
                } else if depth == 3 && xml.at(&["post", "thread"]) {
                    if let Some((_, t)) = comment.as_mut() {
                        *t = id.unwrap_or_default();
                    }
                } else if depth == 3 && xml.at(&["post", "parent"]) {
                    if let Some((c, _)) = comment.as_mut() {
                        c.parent = id.unwrap_or_default();
                    }
                }
            }
            Node::Close { text } => {
                let depth = xml.path.len();
                let leaf = xml.path[depth - 1].clone();
                let v = text.trim();
                let yes = v.eq_ignore_ascii_case("true");
                if depth == 3 && xml.at(&["disqus", "thread", &leaf]) {
                    if let Some(t) = thread.as_mut() {
                        match leaf.as_str() {
                            "link" => t.link = v.to_owned(),
                            "title" => t.title = v.to_owned(),
                            "createdAt" => t.created = v.to_owned(),
                            "forum" => t.forum = v.to_owned(),
                            "isDeleted" => t.deleted = yes,
                            _ => {}
                        }
                    }
                } else if depth == 4 && xml.at(&["thread", "author", &leaf]) {
                    if let Some(t) = thread.as_mut() {
                        match leaf.as_str() {
                            "email" => t.author_email = v.to_owned(),
                            "name" => t.author_name = v.to_owned(),
                            "username" => t.author_username = v.to_owned(),
                            _ => {}
                        }
                    }
                } else if depth == 3 && xml.at(&["disqus", "post", &leaf]) {
                    if let Some((c, _)) = comment.as_mut() {
                        match leaf.as_str() {
                            "createdAt" => {
                                c.date = v.to_owned();
                                c.at = DateTime::parse_from_rfc3339(v).ok();
                            }
                            "isDeleted" if yes => c.status = Status::Trash,
                            "isSpam" if yes => c.status = Status::Spam,
                            "message" => c.asks = ends_with_question(v),
                            _ => {}
                        }
                    }
                } else if depth == 4 && xml.at(&["post", "author", &leaf]) {
                    if let Some((c, _)) = comment.as_mut() {
                        match leaf.as_str() {
                            "email" => c.email = v.to_owned(),
                            "name" => c.name = v.to_owned(),
                            "username" => c.username = v.to_owned(),
                            _ => {}
                        }
                    }
                } else if depth == 2 && xml.at(&["disqus", "thread"]) {
                    if let Some(t) = thread.take() {
                        posts += 1;
                        disqus_thread(t, posts, &mut threads, &mut thread_index, &mut parsed);
                    }
                } else if depth == 2 && xml.at(&["disqus", "post"]) {
                    if let Some((c, t)) = comment.take() {
                        let Some(&i) = thread_index.get(t.trim()).filter(|_| !t.trim().is_empty()) else {
                            left.on_posts_left_out += 1;
                            continue;
                        };
                        let (thread, info) = &mut threads[i];
                        if info.deleted {
                            left.on_posts_left_out += 1;
                            continue;
                        }
                        let mine = if me.is_empty() {
                            (!info.author_email.is_empty() && info.author_email.eq_ignore_ascii_case(c.email.trim()))
                                || (!info.author_username.is_empty() && info.author_username == c.username.trim())
                        } else {
                            is_me(&me, &[&c.name, &c.email, &c.username])
                        };
                        thread.add(c, mine, &mut people, &mut left, &mut parsed, ticker)?;
                    }
                }
            }
        }
    }
    if !root_seen {
        check_root(None, "disqus")?;
    }
    for (thread, info) in threads {
        if info.deleted {
            left.posts_left_out += 1;
        } else {
            ticker.post(&mut parsed, thread.post)?;
        }
    }
    parsed.records = posts + comments;
    parsed.blog = Some(left);
    Ok(parsed)
}

fn disqus_thread(
    t: DisqusThread,
    number: usize,
    threads: &mut Vec<(Thread, DisqusThread)>,
    index: &mut HashMap<String, usize>,
    parsed: &mut Parsed,
) {
    let fields = PostFields {
        record: record("post", number, t.line),
        at: DateTime::parse_from_rfc3339(t.created.trim()).ok(),
        date_field: "createdAt",
        date_text: &t.created,
        platform: &t.forum,
        title: &t.title,
        urls: &[&t.link],
    };
    let Some(post) = incoming_post(fields, parsed) else { return };
    if !t.id.is_empty() {
        index.insert(t.id.clone(), threads.len());
    }
    threads.push((Thread::new(post), t));
}

/// What a blog import does, for the preview.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BlogCounts {
    pub posts_created: usize,
    /// Already in the database (same platform and URL): their new comments are added to them.
    pub posts_duplicate: usize,
    pub comments_created: usize,
    /// Already there (same post, commenter and time).
    pub comments_duplicate: usize,
    /// My replies to comments, each a social interaction with the commenter.
    pub replies_created: usize,
    pub replies_duplicate: usize,
    /// Questions my replies ended with.
    pub questions_created: usize,
    /// Replies of the commenter to a reply of mine (answering its question, if it asked one).
    pub answers_created: usize,
    /// Records of the file a problem leaves out.
    pub left_out: LeftOut,
}

impl BlogCounts {
    pub(crate) fn new(left_out: LeftOut) -> BlogCounts {
        BlogCounts { left_out, ..BlogCounts::default() }
    }
}

/// What is written of one incoming post.
pub(crate) struct PlannedPost {
    /// The same post already in the database.
    existing: Option<PostId>,
    /// Per comment: what is written, or `None` (its commenter is left out, or a problem).
    comments: Vec<Option<PlannedComment>>,
}

pub(crate) struct PlannedComment {
    by: Target,
    /// The same comment already in the database.
    existing: Option<ReactionId>,
    /// Per reply of mine: written (else already there). Its answer is written with it.
    replies: Vec<bool>,
    /// Per reply of mine already there: its id, when the commenter's answer to it is new (an
    /// export newer than the one it came from).
    late_answers: Vec<Option<InteractionId>>,
}

/// Plans one post: the post, its comments and replies, each new or already there.
pub(crate) fn plan_post(
    db: &mut ImportReader<'_>,
    post: &IncomingPost,
    resolve: &dyn Fn(&Who) -> Option<Target>,
    counts: &mut BlogCounts,
    problems: &mut Vec<Problem>,
) -> Result<Option<PlannedPost>> {
    let record = Some(post.record);
    let checked =
        rules::check_post(&post.platform, &post.title, post.url.as_deref()).and_then(|()| to_stored("at", post.at));
    let at = match checked {
        Ok((at, _)) => at,
        Err(e) => {
            let (field, reason) = named(e);
            problems.push(Problem::error(record, post.record.line, field, reason));
            return Ok(None);
        }
    };
    let existing = db.post_id(post.platform.trim(), post.url.as_deref(), at, post.title.trim())?;
    if existing.is_some() {
        counts.posts_duplicate += 1;
    } else {
        counts.posts_created += 1;
    }
    let mut comments: Vec<Option<PlannedComment>> = Vec::with_capacity(post.comments.len());
    for c in &post.comments {
        let Some(by) = resolve(&c.by) else {
            comments.push(None);
            continue;
        };
        let answers = c.replies.iter().filter_map(|r| r.answer.map(|(_, at)| at));
        let in_range = std::iter::once(c.at)
            .chain(c.replies.iter().map(|r| r.at))
            .chain(answers)
            .try_for_each(|t| to_stored("at", t).map(drop));
        if let Err(e) = in_range {
            let (field, reason) = named(e);
            problems.push(Problem::error(Some(c.record), c.record.line, field, reason));
            comments.push(None);
            continue;
        }
        let known = match (existing, by) {
            (Some(p), Target::Existing(id)) => Some((p, id)),
            _ => None,
        };
        let reaction = match known {
            Some((p, id)) => db.comment_id(p, id, c.at.timestamp())?,
            None => None,
        };
        if reaction.is_some() {
            counts.comments_duplicate += 1;
        } else {
            counts.comments_created += 1;
        }
        let mut replies = Vec::with_capacity(c.replies.len());
        let mut late_answers = Vec::with_capacity(c.replies.len());
        for r in &c.replies {
            let there = match (reaction, by) {
                (Some(_), Target::Existing(id)) => db.has_interaction_at(r.at.timestamp(), Channel::Social, id)?,
                _ => false,
            };
            let late = match (there, reaction, by, r.answer) {
                (true, Some(comment), Target::Existing(id), Some((_, answer_at)))
                    if !db.has_interaction_at(answer_at.timestamp(), Channel::Social, id)? =>
                {
                    db.comment_reply_id(comment, r.at.timestamp())?
                }
                _ => None,
            };
            counts.answers_created += usize::from(late.is_some());
            late_answers.push(late);
            if there {
                counts.replies_duplicate += 1;
            } else {
                counts.replies_created += 1;
                counts.questions_created += usize::from(r.asks);
                counts.answers_created += usize::from(r.answer.is_some());
            }
            replies.push(!there);
        }
        comments.push(Some(PlannedComment { by, existing: reaction, replies, late_answers }));
    }
    Ok(Some(PlannedPost { existing, comments }))
}

fn named(e: Error) -> (String, Reason) {
    match e {
        Error::Invalid { field, reason } => (field.to_owned(), reason),
        other => ("record".to_owned(), other.reason()),
    }
}

/// Stages the planned posts, comments and replies, numbering the replies after the file's own
/// interactions.
pub(crate) struct BlogStager {
    next_interaction: usize,
    next_reaction: usize,
}

impl BlogStager {
    pub(crate) fn new(interactions: usize) -> BlogStager {
        BlogStager { next_interaction: interactions, next_reaction: 0 }
    }

    fn interaction_seq(&mut self) -> usize {
        self.next_interaction += 1;
        self.next_interaction - 1
    }

    pub(crate) fn stage(
        &mut self,
        stage: &mut Stager<'_>,
        p: usize,
        post: &IncomingPost,
        planned: &PlannedPost,
        resolve: &dyn Fn(&Target) -> Option<StagedContact>,
        created_at: i64,
    ) -> Result<()> {
        let on = match planned.existing {
            Some(id) => StagedPost::Existing(id),
            None => {
                let (at, utc_offset_min) = to_stored("at", post.at)?;
                let row = BulkPost {
                    platform: post.platform.trim(),
                    at,
                    utc_offset_min,
                    title: post.title.trim(),
                    url: post.url.as_deref(),
                };
                stage.post(p, &row, created_at)?;
                StagedPost::New(p)
            }
        };
        let text = question_text(&post.title);
        for (c, plan) in post.comments.iter().zip(&planned.comments) {
            let Some(plan) = plan else { continue };
            let Some(by) = resolve(&plan.by) else { continue };
            let comment = match plan.existing {
                Some(id) => StagedReaction::Existing(id),
                None => {
                    let seq = self.next_reaction;
                    self.next_reaction += 1;
                    stage.comment(seq, on, by, c.at.timestamp())?;
                    StagedReaction::New(seq)
                }
            };
            for ((r, new), late) in c.replies.iter().zip(&plan.replies).zip(&plan.late_answers) {
                if let (Some(earlier), Some((_, at))) = (late, r.answer) {
                    let theirs = self.interaction_seq();
                    let summary = format!("Reply to my reply on “{}”", post.title.trim());
                    stage_social(stage, theirs, at, Party::Them, &summary, by, created_at)?;
                    stage.answers_existing(theirs, *earlier)?;
                }
                if !new {
                    continue;
                }
                let mine = self.interaction_seq();
                let summary = format!("My reply to a comment on “{}”", post.title.trim());
                stage_social(stage, mine, r.at, Party::Me, &summary, by, created_at)?;
                stage.replies_to_comment(mine, comment)?;
                let answer = match r.answer {
                    Some((_, at)) => {
                        let theirs = self.interaction_seq();
                        let summary = format!("Reply to my reply on “{}”", post.title.trim());
                        stage_social(stage, theirs, at, Party::Them, &summary, by, created_at)?;
                        stage.reply(theirs, mine)?;
                        Some(theirs)
                    }
                    None => None,
                };
                if r.asks {
                    stage.question(None, by, mine, Party::Me, &text, answer)?;
                }
            }
        }
        Ok(())
    }
}

fn stage_social(
    stage: &mut Stager<'_>,
    seq: usize,
    at: DateTime<FixedOffset>,
    by: Party,
    summary: &str,
    with: StagedContact,
    created_at: i64,
) -> Result<()> {
    let (at, utc_offset_min) = to_stored("at", at)?;
    let row = BulkInteraction {
        at,
        utc_offset_min,
        channel: Channel::Social,
        initiated_by: by,
        duration_min: None,
        summary,
        participants: &[],
        created_at,
    };
    stage.interaction(seq, None, &row, &[with], None)
}

impl LeftOut {
    /// "1 spam, 1 awaiting approval, 2 pingbacks or trackbacks…" in English; `None` when nothing
    /// was left out.
    pub fn describe(&self) -> Option<String> {
        // Each kind as one and as several.
        let parts: Vec<String> = [
            (self.spam, "spam", "spam"),
            (self.trash, "in the trash or deleted", "in the trash or deleted"),
            (self.unapproved, "awaiting approval", "awaiting approval"),
            (self.pingbacks, "pingback or trackback", "pingbacks or trackbacks"),
            (self.anonymous, "with no name or email", "with no name or email"),
            (self.on_posts_left_out, "comment on a post left out", "comments on posts left out"),
            (self.replies_to_nothing, "reply of mine to a comment left out", "replies of mine to a comment left out"),
            (self.posts_left_out, "post not mine or not published", "posts not mine or not published"),
        ]
        .into_iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, one, many)| format!("{n} {}", if n == 1 { one } else { many }))
        .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_asks_when_its_last_visible_character_is_a_question_mark() {
        assert!(ends_with_question("<p>Which one did you try?</p>\n"));
        assert!(ends_with_question("What do you think?”"));
        assert!(!ends_with_question("Is it? I think not."));
        assert!(!ends_with_question(""));
    }

    #[test]
    fn comment_ids_are_numbers_when_written_as_numbers_and_text_otherwise() {
        let mut ids = CommentIds::default();
        ids.insert("5123456789".into(), Kept::Theirs(0));
        ids.insert("007".into(), Kept::Theirs(1));
        ids.insert("7".into(), Kept::Theirs(2));
        ids.insert("c-9".into(), Kept::Answer(3));
        let theirs = |k: Option<Kept>| match k {
            Some(Kept::Theirs(c) | Kept::Answer(c)) => Some(c),
            _ => None,
        };
        assert_eq!(theirs(ids.get("5123456789")), Some(0));
        assert_eq!((theirs(ids.get("007")), theirs(ids.get("7"))), (Some(1), Some(2)));
        assert_eq!(theirs(ids.get("c-9")), Some(3));
        assert_eq!(theirs(ids.get("99")), None);
        assert_eq!((ids.numbers.len(), ids.others.len()), (2, 2));
    }
}
