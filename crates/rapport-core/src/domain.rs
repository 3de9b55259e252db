//! The domain's vocabulary and bounds as one document, for the window: the channels, the kinds of
//! value, the parts of strength and of the index, the cadence statuses, Dunbar's layers by rank,
//! and every setting's bound. The window imports it from `ui/gen/domain.js`, which
//! [`domain_js`] writes and a test (`tests/tests/generated.rs`) keeps identical to it, so no list
//! or bound is ever copied into JavaScript by hand.
//!
//! A layer crosses to the window as its rank (1 = the innermost, weekly layer, to 4, the yearly
//! one), never as its size: sizes are settings a user may change.

use serde::Serialize;

use crate::measures::settings::{ModelSettings, SettingBound, INCREASING, INDEX_COMPONENTS, STRENGTH_PARTS};
use crate::model::{Channel, ValueKind};

/// One of Dunbar's layers, with the model's defaults.
#[derive(Debug, Clone, Serialize)]
pub struct Layer {
    /// 1 (innermost) to 4.
    pub rank: usize,
    pub default_size: usize,
    pub default_cadence_days: f64,
}

/// Everything the window needs to know of the domain's words and rules.
#[derive(Debug, Clone, Serialize)]
pub struct Domain {
    pub channels: Vec<&'static str>,
    pub value_kinds: Vec<&'static str>,
    pub strength_parts: [&'static str; 4],
    pub index_components: [&'static str; 6],
    /// A contact's keep-in-touch status, as the contact list filters it.
    pub cadence_statuses: [&'static str; 4],
    pub layers: Vec<Layer>,
    /// Every setting and its bound ([`ModelSettings::bounds`]).
    pub settings: Vec<SettingBound>,
    /// The settings whose values must grow from one to the next.
    pub increasing: [&'static str; 2],
    /// How many days This week looks ahead unless told ([`crate::agenda::DEFAULT_DAYS`]).
    pub agenda_days: i64,
}

pub fn domain() -> Domain {
    let defaults = ModelSettings::default();
    Domain {
        channels: Channel::ALL.iter().map(|c| c.as_str()).collect(),
        value_kinds: ValueKind::ALL.iter().map(|k| k.as_str()).collect(),
        strength_parts: STRENGTH_PARTS,
        index_components: INDEX_COMPONENTS,
        cadence_statuses: ["on_track", "due", "overdue", "never"],
        layers: (0..4)
            .map(|i| Layer {
                rank: i + 1,
                default_size: defaults.layer_sizes[i],
                default_cadence_days: defaults.layer_cadence_days[i],
            })
            .collect(),
        settings: ModelSettings::bounds(),
        increasing: INCREASING,
        agenda_days: crate::agenda::DEFAULT_DAYS,
    }
}

/// The text of `ui/gen/domain.js`.
pub fn domain_js() -> String {
    let json = serde_json::to_string_pretty(&domain()).unwrap_or_default();
    format!(
        "// @ts-check\n\
         // Generated from rapport-core (crates/rapport-core/src/domain.rs); do not edit. After a change\n\
         // there, `RAPPORT_WRITE_GENERATED=1 cargo test -p rapport-tests --test generated` writes it anew.\n\n\
         /** The domain's words and bounds, as core defines them. */\n\
         export const DOMAIN = Object.freeze({json});\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measures::contact::CadenceStatus;

    #[test]
    fn the_cadence_statuses_are_cores_own() {
        let names: Vec<String> =
            [CadenceStatus::OnTrack, CadenceStatus::Due, CadenceStatus::Overdue, CadenceStatus::Never]
                .iter()
                .map(|s| serde_json::to_value(s).unwrap().as_str().unwrap().to_owned())
                .collect();
        assert_eq!(names, domain().cadence_statuses);
    }
}
