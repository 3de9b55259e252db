//! Every tunable number of the model, with its default. docs/model.md gives the source of each.
//! Stored in the `settings` table under the key [`SETTINGS_KEY`] as JSON; a stored document may
//! hold only some fields, the rest keep their defaults.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Reason, Result};
use crate::model::{Channel, ValueKind};

pub const SETTINGS_KEY: &str = "model";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ModelSettings {
    /// Weight of one interaction by channel, in-person = 1.
    pub channel_weights: ChannelWeights,
    /// Half-life of an interaction's weight, in days, before the tie's own cadence stretches it.
    pub base_half_life_days: f64,
    /// Kin decay this many times more slowly (Roberts & Dunbar 2011).
    pub kin_half_life_factor: f64,
    /// Intensity at which the intensity score reaches 63 (1 − 1/e); about a weekly coffee kept up for months.
    pub intensity_reference: f64,
    /// Value-exchange volume at which the services score reaches 63.
    pub services_reference: f64,
    pub strength_weights: StrengthWeights,
    /// Dunbar's cumulative layer sizes (the 15 strongest ties make depth, 150 is breadth's
    /// reference) and the contact cadence expected in each layer, in days.
    pub layer_sizes: [usize; 4],
    pub layer_cadence_days: [f64; 4],
    /// A tie is in a layer when it had at least this share of the layer's expected contact days
    /// in the window.
    pub layer_min_share: f64,
    /// A tie needs this many gaps between contacts before its own rhythm sets its cadence (Miritello et al. 2013).
    pub own_rhythm_min_gaps: usize,
    /// Cadence ratio thresholds: below `due` on track, up to `overdue` due, above it overdue.
    pub due_ratio: f64,
    pub overdue_ratio: f64,
    /// A written touch counts as answered if the other side writes back within this many days (Kooti et al. 2015).
    pub reply_window_days: f64,
    /// Window, in days, for initiative, conversation, give/take and reactions.
    pub window_days: f64,
    /// An open question only counts against follow-through after this many days.
    pub question_grace_days: f64,
    /// Weight of each kind of value item.
    pub value_weights: ValueWeights,
    /// Share of value given at which generosity scores 100.
    pub generosity_target: f64,
    /// Window, in days, of posts counted in reach.
    pub reach_window_days: f64,
    /// Distinct reacting contacts at which reach's audience part reaches 63.
    pub reach_reference: f64,
    pub index_weights: IndexWeights,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChannelWeights {
    pub in_person: f64,
    pub call: f64,
    pub video: f64,
    pub email: f64,
    pub message: f64,
    pub social: f64,
    pub event: f64,
    pub letter: f64,
    pub other: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StrengthWeights {
    pub intimacy: f64,
    pub intensity: f64,
    pub duration: f64,
    pub services: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ValueWeights {
    pub introduction: f64,
    pub advice: f64,
    pub knowledge: f64,
    pub help: f64,
    pub referral: f64,
    pub recommendation: f64,
    pub gift: f64,
    pub other: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IndexWeights {
    pub depth: f64,
    pub breadth: f64,
    pub reciprocity: f64,
    pub generosity: f64,
    pub follow_through: f64,
    pub reach: f64,
}

impl Default for ModelSettings {
    fn default() -> Self {
        ModelSettings {
            channel_weights: ChannelWeights::default(),
            base_half_life_days: 60.0,
            kin_half_life_factor: 2.0,
            intensity_reference: 6.0,
            services_reference: 4.0,
            strength_weights: StrengthWeights::default(),
            layer_sizes: [5, 15, 50, 150],
            layer_cadence_days: [7.0, 30.0, 90.0, 365.0],
            layer_min_share: 0.5,
            own_rhythm_min_gaps: 4,
            due_ratio: 1.0,
            overdue_ratio: 1.5,
            reply_window_days: 7.0,
            window_days: 365.0,
            question_grace_days: 7.0,
            value_weights: ValueWeights::default(),
            generosity_target: 0.6,
            reach_window_days: 180.0,
            reach_reference: 15.0,
            index_weights: IndexWeights::default(),
        }
    }
}

impl Default for ChannelWeights {
    fn default() -> Self {
        ChannelWeights {
            in_person: 1.0,
            video: 0.8,
            call: 0.7,
            event: 0.5,
            letter: 0.5,
            email: 0.4,
            message: 0.3,
            other: 0.3,
            social: 0.15,
        }
    }
}

impl Default for StrengthWeights {
    fn default() -> Self {
        // Gilbert & Karahalios (2009): intimacy, then intensity, then duration, then services.
        StrengthWeights { intimacy: 0.35, intensity: 0.30, duration: 0.20, services: 0.15 }
    }
}

impl Default for ValueWeights {
    fn default() -> Self {
        ValueWeights {
            introduction: 3.0,
            referral: 3.0,
            help: 2.0,
            advice: 1.5,
            recommendation: 1.5,
            knowledge: 1.0,
            gift: 1.0,
            other: 1.0,
        }
    }
}

impl Default for IndexWeights {
    fn default() -> Self {
        IndexWeights {
            depth: 0.25,
            reciprocity: 0.20,
            breadth: 0.15,
            generosity: 0.15,
            follow_through: 0.15,
            reach: 0.10,
        }
    }
}

impl ChannelWeights {
    pub fn of(&self, c: Channel) -> f64 {
        match c {
            Channel::InPerson => self.in_person,
            Channel::Call => self.call,
            Channel::Video => self.video,
            Channel::Email => self.email,
            Channel::Message => self.message,
            Channel::Social => self.social,
            Channel::Event => self.event,
            Channel::Letter => self.letter,
            Channel::Other => self.other,
        }
    }
}

impl ValueWeights {
    pub fn of(&self, k: ValueKind) -> f64 {
        match k {
            ValueKind::Introduction => self.introduction,
            ValueKind::Advice => self.advice,
            ValueKind::Knowledge => self.knowledge,
            ValueKind::Help => self.help,
            ValueKind::Referral => self.referral,
            ValueKind::Recommendation => self.recommendation,
            ValueKind::Gift => self.gift,
            ValueKind::Other => self.other,
        }
    }
}

impl ModelSettings {
    /// Refuses numbers that would make a measure meaningless (negative weights, zero half-lives...).
    pub fn validate(&self) -> Result<()> {
        let c = &self.channel_weights;
        let v = &self.value_weights;
        let s = &self.strength_weights;
        let i = &self.index_weights;
        let non_negative = [
            ("channel_weights.in_person", c.in_person),
            ("channel_weights.call", c.call),
            ("channel_weights.video", c.video),
            ("channel_weights.email", c.email),
            ("channel_weights.message", c.message),
            ("channel_weights.social", c.social),
            ("channel_weights.event", c.event),
            ("channel_weights.letter", c.letter),
            ("channel_weights.other", c.other),
            ("value_weights.introduction", v.introduction),
            ("value_weights.advice", v.advice),
            ("value_weights.knowledge", v.knowledge),
            ("value_weights.help", v.help),
            ("value_weights.referral", v.referral),
            ("value_weights.recommendation", v.recommendation),
            ("value_weights.gift", v.gift),
            ("value_weights.other", v.other),
            ("strength_weights.intimacy", s.intimacy),
            ("strength_weights.intensity", s.intensity),
            ("strength_weights.duration", s.duration),
            ("strength_weights.services", s.services),
            ("index_weights.depth", i.depth),
            ("index_weights.breadth", i.breadth),
            ("index_weights.reciprocity", i.reciprocity),
            ("index_weights.generosity", i.generosity),
            ("index_weights.follow_through", i.follow_through),
            ("index_weights.reach", i.reach),
        ];
        for (name, value) in non_negative {
            if !(value.is_finite() && (0.0..=100.0).contains(&value)) {
                return Err(Error::invalid("model", Reason::WeightRange { name: name.to_owned(), value }));
            }
        }
        if s.intimacy + s.intensity + s.duration + s.services <= 0.0 {
            return Err(Error::invalid("model", Reason::StrengthWeightsZero {}));
        }
        if i.depth + i.breadth + i.reciprocity + i.generosity + i.follow_through + i.reach <= 0.0 {
            return Err(Error::invalid("model", Reason::IndexWeightsZero {}));
        }
        let positive = [
            ("base_half_life_days", self.base_half_life_days, 3650.0),
            ("kin_half_life_factor", self.kin_half_life_factor, 10.0),
            ("intensity_reference", self.intensity_reference, 1000.0),
            ("services_reference", self.services_reference, 1000.0),
            ("reply_window_days", self.reply_window_days, 365.0),
            ("window_days", self.window_days, 3650.0),
            ("question_grace_days", self.question_grace_days, 365.0),
            ("generosity_target", self.generosity_target, 1.0),
            ("reach_window_days", self.reach_window_days, 3650.0),
            ("reach_reference", self.reach_reference, 100_000.0),
            ("due_ratio", self.due_ratio, 100.0),
            ("overdue_ratio", self.overdue_ratio, 100.0),
            ("layer_min_share", self.layer_min_share, 1.0),
        ];
        for (name, value, max) in positive {
            if !(value.is_finite() && value > 0.0 && value <= max) {
                return Err(Error::invalid("model", Reason::ModelRange { name: name.to_owned(), value, max }));
            }
        }
        if self.overdue_ratio < self.due_ratio {
            return Err(Error::invalid("model", Reason::OverdueBelowDue {}));
        }
        if !self.layer_sizes.windows(2).all(|w| w[0] < w[1]) || self.layer_sizes[0] == 0 {
            return Err(Error::invalid("model", Reason::LayerSizes {}));
        }
        if !self.layer_cadence_days.iter().all(|d| d.is_finite() && *d > 0.0 && *d <= 3650.0)
            || !self.layer_cadence_days.windows(2).all(|w| w[0] < w[1])
        {
            return Err(Error::invalid("model", Reason::LayerCadence {}));
        }
        Ok(())
    }
}
