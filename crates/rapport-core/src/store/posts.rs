//! Posts the user published and the reactions they drew.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

use super::contacts::ensure_contact;
use super::{check_len, check_prose, clean, Store};
use crate::db::write_tx;
use crate::error::{Error, Reason, Result};
use crate::model::*;
use crate::time::{check_in_range, from_stored, now, to_stored, utc};

const MAX_ANONYMOUS_COUNT: u32 = 100_000_000;

impl Store {
    pub fn add_post(&mut self, new: &NewPost) -> Result<Post> {
        check_post(&new.platform, &new.title, new.url.as_deref())?;
        let platform = new.platform.trim();
        let url = clean(&new.url);
        let (at, offset) = to_stored("at", new.at)?;
        let tx = write_tx(&mut self.conn)?;
        tx.execute(
            "INSERT INTO posts (platform, posted_at, utc_offset_min, title, url, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![platform, at, offset, new.title.trim(), url, now()],
        )?;
        let id = PostId(tx.last_insert_rowid());
        tx.commit()?;
        self.post(id)
    }

    pub fn post(&self, id: PostId) -> Result<Post> {
        let mut post = self
            .conn
            .query_row(
                "SELECT id, platform, posted_at, utc_offset_min, title, url FROM posts WHERE id = ?1",
                [id],
                post_from_row,
            )
            .optional()?
            .ok_or_else(|| Error::not_found("post", id.0))?;
        post.reactions = self.reactions_of(id)?;
        Ok(post)
    }

    /// Every post, newest first, with its reactions.
    pub fn list_posts(&self) -> Result<Vec<Post>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, platform, posted_at, utc_offset_min, title, url FROM posts ORDER BY posted_at DESC, id DESC",
        )?;
        let posts: Vec<Post> = stmt.query_map([], post_from_row)?.collect::<rusqlite::Result<_>>()?;
        posts
            .into_iter()
            .map(|mut p| {
                p.reactions = self.reactions_of(p.id)?;
                Ok(p)
            })
            .collect()
    }

    pub fn add_reaction(&mut self, new: &NewReaction) -> Result<Reaction> {
        let at = check_reaction(new.kind, new.contact, new.count, new.at, new.comment.as_deref(), new.replied)?;
        let replied_at = replied_at(new.replied, None, at)?;
        let comment = clean(&new.comment);
        let tx = write_tx(&mut self.conn)?;
        let posted_at: i64 = tx
            .query_row("SELECT posted_at FROM posts WHERE id = ?1", [new.post], |r| r.get(0))
            .optional()?
            .ok_or_else(|| Error::not_found("post", new.post.0))?;
        if let Some(c) = new.contact {
            ensure_contact(&tx, c)?;
        }
        if let Some(t) = at {
            if t < posted_at {
                return Err(Error::invalid("at", Reason::ReactionBeforePost {}));
            }
        }
        tx.execute(
            "INSERT INTO reactions (post_id, contact_id, kind, count, reacted_at, comment, replied, replied_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![new.post, new.contact, new.kind, new.count, at, comment, new.replied, replied_at],
        )?;
        let id = ReactionId(tx.last_insert_rowid());
        tx.commit()?;
        self.reactions_where("r.id = ?1", id.0)?.pop().ok_or_else(|| Error::not_found("reaction", id.0))
    }

    /// Records whether I replied to a comment, dated now (a reply already recorded keeps its date).
    pub fn set_reaction_replied(&mut self, id: ReactionId, replied: bool) -> Result<Reaction> {
        let tx = write_tx(&mut self.conn)?;
        let sql = "UPDATE reactions SET replied = ?2,
                   replied_at = CASE WHEN NOT ?2 THEN NULL WHEN replied THEN replied_at
                                     ELSE max(?3, coalesce(reacted_at, ?3)) END
                   WHERE id = ?1";
        if tx.execute(sql, params![id, replied, now()])? == 0 {
            return Err(Error::not_found("reaction", id.0));
        }
        tx.commit()?;
        self.reactions_where("r.id = ?1", id.0)?.pop().ok_or_else(|| Error::not_found("reaction", id.0))
    }

    /// Records my reply to a comment on one of my posts: a social interaction with the commenter,
    /// started by me, linked to the comment, carrying the questions I asked in it; the comment is
    /// marked replied at that date (its earliest reply's, if there were several). Refuses an
    /// unknown reaction, one that is not a comment, an anonymous one, and a reply dated before
    /// the comment, writing nothing.
    pub fn reply_to_comment(&mut self, id: ReactionId, reply: &NewReply) -> Result<Interaction> {
        let comment = self.reaction(id)?;
        if comment.kind != ReactionKind::Comment {
            let kind = comment.kind.as_str().to_owned();
            return Err(Error::invalid("reaction", Reason::ReplyToNotComment { reaction: id.0, kind }));
        }
        let Some(commenter) = comment.contact else {
            return Err(Error::invalid("reaction", Reason::ReplyToAnonymous { reaction: id.0 }));
        };
        let at = reply.at.unwrap_or_else(|| utc(now()).fixed_offset());
        let commented_at = match comment.at {
            Some(t) => t.timestamp(),
            None => self.post(comment.post)?.at.timestamp(),
        };
        if at.timestamp() < commented_at {
            return Err(Error::invalid("at", Reason::ReplyBeforeComment {}));
        }
        let mut new = NewInteraction::new(at, Channel::Social, Party::Me, vec![commenter]);
        new.questions = reply
            .asked
            .iter()
            .map(|text| NewQuestion { asked_by: Party::Me, text: text.clone(), contact: None })
            .collect();
        // One transaction: the interaction (a nested write), its link and the comment's date.
        let nested = !self.conn.is_autocommit();
        self.conn.execute_batch(if nested { "SAVEPOINT reply_scope" } else { "BEGIN IMMEDIATE" })?;
        let written = self.log_interaction(&new).and_then(|it| {
            self.conn.execute("UPDATE interactions SET replies_to_reaction = ?2 WHERE id = ?1", params![it.id, id])?;
            self.conn.execute(
                "UPDATE reactions SET replied = 1, replied_at = min(coalesce(replied_at, ?2), ?2) WHERE id = ?1",
                params![id, at.timestamp()],
            )?;
            Ok(it.id)
        });
        let finished: Result<InteractionId> = written.and_then(|interaction| {
            if nested {
                self.conn.execute_batch("RELEASE reply_scope")?;
            } else {
                crate::db::renew_data_token(&self.conn)?;
                self.conn.execute_batch("COMMIT")?;
            }
            Ok(interaction)
        });
        match finished {
            Ok(interaction) => self.interaction(interaction),
            Err(e) => {
                let undo = if nested { "ROLLBACK TO reply_scope; RELEASE reply_scope" } else { "ROLLBACK" };
                let _ = self.conn.execute_batch(undo);
                Err(e)
            }
        }
    }

    pub fn reaction(&self, id: ReactionId) -> Result<Reaction> {
        self.reactions_where("r.id = ?1", id.0)?.pop().ok_or_else(|| Error::not_found("reaction", id.0))
    }

    fn reactions_of(&self, post: PostId) -> Result<Vec<Reaction>> {
        self.reactions_where("r.post_id = ?1", post.0)
    }

    fn reactions_where(&self, condition: &str, arg: i64) -> Result<Vec<Reaction>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT r.id, r.post_id, r.kind, r.contact_id, c.display_name, r.count, r.reacted_at, r.comment, r.replied,
                    r.replied_at
             FROM reactions r LEFT JOIN contacts c ON c.id = r.contact_id
             WHERE {condition} ORDER BY r.id"
        ))?;
        let rows = stmt.query_map([arg], |r| {
            Ok(Reaction {
                id: r.get(0)?,
                post: r.get(1)?,
                kind: r.get(2)?,
                contact: r.get(3)?,
                contact_name: r.get(4)?,
                count: r.get(5)?,
                at: r.get::<_, Option<i64>>(6)?.map(utc),
                comment: r.get(7)?,
                replied: r.get(8)?,
                replied_at: r.get::<_, Option<i64>>(9)?.map(utc),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// The rules of a post's text, for a new post and for one imported (its time is checked as it is
/// stored).
pub(crate) fn check_post(platform: &str, title: &str, url: Option<&str>) -> Result<()> {
    let platform = platform.trim();
    if platform.is_empty() {
        return Err(Error::invalid("platform", Reason::NeedPlatform {}));
    }
    check_len("platform", platform, 100)?;
    check_len("title", title, 1_000)?;
    if let Some(u) = url.map(str::trim).filter(|u| !u.is_empty()) {
        check_len("url", u, 2_000)?;
    }
    Ok(())
}

/// The rules of a reaction, for a new one and for one imported, except the one that needs its
/// post (not before it was published). Returns its time in seconds.
pub(crate) fn check_reaction(
    kind: ReactionKind,
    contact: Option<ContactId>,
    count: u32,
    at: Option<DateTime<Utc>>,
    comment: Option<&str>,
    replied: bool,
) -> Result<Option<i64>> {
    if count == 0 || count > MAX_ANONYMOUS_COUNT {
        return Err(Error::invalid(
            "count",
            Reason::ReactionCount { value: count.into(), max: MAX_ANONYMOUS_COUNT.into() },
        ));
    }
    if contact.is_some() && count != 1 {
        return Err(Error::invalid("count", Reason::NamedCountsOnce {}));
    }
    let at = at.map(|t| check_in_range("at", t)).transpose()?;
    let comment = comment.map(str::trim).filter(|c| !c.is_empty());
    if kind != ReactionKind::Comment && (comment.is_some() || replied) {
        return Err(Error::invalid("kind", Reason::OnlyComment {}));
    }
    if let Some(c) = comment {
        check_prose("comment", c, 10_000)?;
    }
    Ok(at)
}

/// When a reply to a comment is recorded: the date given (checked, and not before the comment at
/// `reacted_at`), or now; `None` when there is no reply.
pub(crate) fn replied_at(replied: bool, given: Option<DateTime<Utc>>, reacted_at: Option<i64>) -> Result<Option<i64>> {
    if !replied {
        return Ok(None);
    }
    let at = match given {
        Some(t) => check_in_range("replied_at", t)?,
        None => now().max(reacted_at.unwrap_or(i64::MIN)),
    };
    if reacted_at.is_some_and(|r| at < r) {
        return Err(Error::invalid("replied_at", Reason::ReplyBeforeComment {}));
    }
    Ok(Some(at))
}

fn post_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Post> {
    Ok(Post {
        id: r.get(0)?,
        platform: r.get(1)?,
        at: from_stored(r.get(2)?, r.get(3)?),
        title: r.get(4)?,
        url: r.get(5)?,
        reactions: Vec::new(),
    })
}
