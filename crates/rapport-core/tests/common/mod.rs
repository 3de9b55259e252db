//! What the tests of hand-built histories share: the day, the origin of every case, a contact
//! with nothing stated, and a plain interaction; and, in `import`, what the import tests share.

// Each test file uses the part it needs.
#![allow(dead_code)]

use rapport_core::measures::history::*;
use rapport_core::*;

pub mod cards;
pub mod import;

pub const D: i64 = 86_400;
/// 2026-01-01T00:00:00Z: all cases count from here.
pub const T0: i64 = 1_767_225_600;

/// Contact `id`, named `C{id}`, with nothing stated about them.
pub fn facts(id: i64) -> ContactFacts {
    ContactFacts {
        id: ContactId(id),
        name: format!("C{id}"),
        is_kin: false,
        closeness: None,
        cadence_days: None,
        circle_cadence_days: None,
        met_at: None,
        archived: false,
        changes: Vec::new(),
    }
}

/// An interaction `day` days after [`T0`], at UTC, with no duration nor link.
pub fn touch(id: i64, day: i64, channel: Channel, by: Party, with: &[i64]) -> Touch {
    Touch {
        id: InteractionId(id),
        at: T0 + day * D,
        channel,
        initiated_by: by,
        duration_min: None,
        participants: with.iter().map(|&c| ContactId(c)).collect(),
        offset_min: 0,
        initiator: None,
        in_reply_to: None,
    }
}
