//! Threads: which interaction a new one would reply to, for the quick log's "reply to" and
//! `rapport log --reply`.

use chrono::{DateTime, FixedOffset, Utc};
use rapport_core::measures::exchange::open_exchange;
use rapport_core::*;
use serde::Serialize;

use crate::{Result, Service};

/// The interaction to offer as "reply to": the latest of an exchange with the contact that is
/// still open (see core's `exchange::open_exchange`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReplyCandidate {
    pub id: InteractionId,
    pub at: DateTime<FixedOffset>,
    pub channel: Channel,
    pub summary: String,
}

impl Service {
    /// The latest open exchange with `contact` now, from their own part of the history; `None`
    /// when their conversation with me is settled (or never started). An unknown contact is
    /// `not_found`.
    pub fn reply_candidate(&self, contact: ContactId) -> Result<Option<ReplyCandidate>> {
        let at = Utc::now().timestamp();
        self.read(|s| {
            let history = s.contact_history(contact)?;
            let Some(id) = open_exchange(&history, contact, at, &s.model_settings()?) else { return Ok(None) };
            let it = s.interaction(id)?;
            Ok(Some(ReplyCandidate { id: it.id, at: it.at, channel: it.channel, summary: it.summary }))
        })
    }
}
