//! Every tunable number of the model, with its default. docs/model.md gives the source of each.
//! Stored in the `settings` table under the key [`SETTINGS_KEY`] as JSON; a stored document may
//! hold only some fields, the rest keep their defaults.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Reason, Result};
use crate::model::{Channel, ValueKind};

pub const SETTINGS_KEY: &str = "model";

/// The parts of a tie's strength, as named in [`StrengthWeights`] (Gilbert & Karahalios's order).
pub const STRENGTH_PARTS: [&str; 4] = ["intimacy", "intensity", "duration", "services"];
/// The components of the Network Value Index, as named in [`IndexWeights`].
pub const INDEX_COMPONENTS: [&str; 6] = ["depth", "breadth", "reciprocity", "generosity", "follow_through", "reach"];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ModelSettings {
    /// Weight of one interaction by channel, in-person = 1.
    pub channel_weights: ChannelWeights,
    /// Half-life of an interaction's weight, in days, before the tie's own cadence stretches it.
    pub base_half_life_days: f64,
    /// Kin decay this many times more slowly (Roberts & Dunbar 2011 find kin lose little
    /// closeness when contact drops; the factor itself is Rapport's own assumption).
    pub kin_half_life_factor: f64,
    /// The layer (1 innermost to 4) a self-rated closeness of 1, 2, 3, 4 and 5 puts a tie in,
    /// for its half-life (our own assumption).
    pub closeness_layers: [usize; 5],
    /// The layer (1 to 4) whose cadence stretches the half-life of a tie with no goal and no
    /// closeness (our own assumption: the 50-layer's few months).
    pub unstated_layer: usize,
    /// A meeting weighs 1 + this much per hour of its length... (our own assumption)
    pub depth_per_hour: f64,
    /// ...counting at most this many hours (our own assumption).
    pub depth_max_hours: f64,
    /// An interaction with n participants weighs 1/n^this for each of them (our own assumption:
    /// 0.5, the square root; 0 ignores the group's size, 1 shares the interaction out).
    pub group_size_exponent: f64,
    /// Silence fades intimacy and duration with a half-life this many times the tie's half-life
    /// (our own assumption: half the speed of intensity).
    pub fade_half_life_factor: f64,
    /// Days of evidenced contact at which duration is full, on a log scale (our own assumption: ten years).
    pub duration_full_days: f64,
    /// Intensity at which the intensity score reaches 63 (1 − 1/e); about seven weekly coffees in a
    /// row for a tie with the default half-life (docs/model.md works it out).
    pub intensity_reference: f64,
    /// Rich one-to-one touches (in person, call, video; faded) at which intimacy's observed part
    /// reaches 63 (our own assumption: three recent meetings or calls).
    pub intimacy_reference: f64,
    /// Intimacy is this share of the user's closeness rating (when there is one) and the rest
    /// of the observed rich contact (our own assumption: half each).
    pub intimacy_closeness_share: f64,
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
    /// The tie's own rhythm is the median of this many of its latest silences (our own
    /// assumption: recent enough to follow a change, enough to be steady).
    pub own_rhythm_max_gaps: usize,
    /// Touches separated by more than this many days belong to different conversations; a tie's
    /// own rhythm is the silence between conversations (Rapport's own assumption: Kooti et al.
    /// 2015 find most replies within a day; three days keep a reply over a weekend in its
    /// conversation).
    pub conversation_gap_days: f64,
    /// A tie judged by its own rhythm is overdue once silent for more than this many times its
    /// usual silence (Navarro et al. 2017: ties silent for about 8 times their usual inter-contact
    /// time tend to decay).
    pub rhythm_overdue_ratio: f64,
    /// Cadence ratio thresholds: below `due` on track, up to `overdue` due, above it overdue.
    pub due_ratio: f64,
    pub overdue_ratio: f64,
    /// A written touch counts as answered if the other side writes back within this many days (Kooti et al. 2015).
    pub reply_window_days: f64,
    /// Half-life, in days, of the evidence behind Reciprocity, Generosity, Follow-through and
    /// Reach: old evidence fades instead of leaving a window at once, so no
    /// component rises without a new event (Rapport's own assumption: evidence a year old
    /// counts about a quarter).
    pub evidence_half_life_days: f64,
    /// Window, in days, for initiative, conversation, give/take and reactions.
    pub window_days: f64,
    /// A tie's Reciprocity score is this share of balanced initiative and the rest of two-way
    /// exchanges (our own assumption: half each).
    pub reciprocity_initiative_share: f64,
    /// Each tie weighs (its faded touches)^this in Reciprocity (our own assumption: 0.5, the
    /// square root, so that one chatty tie does not drown the others; 1 weighs every touch alike).
    pub reciprocity_tie_exponent: f64,
    /// Breadth = 100 · (active ties / the 150-layer's size)^this (our own assumption: 0.5, the
    /// square root, for diminishing returns).
    pub breadth_exponent: f64,
    /// Follow-through weighs my answer rate (questions put to me) and theirs (my questions) so,
    /// 2:1 by default: what I owe is mine to fix (our own assumption).
    pub follow_through_mine_weight: f64,
    pub follow_through_theirs_weight: f64,
    /// An open question only counts against follow-through after this many days.
    pub question_grace_days: f64,
    /// Weight of each kind of value item.
    pub value_weights: ValueWeights,
    /// Share of value given at which generosity scores 100.
    pub generosity_target: f64,
    /// An item I give while I owe that contact nothing (I give first, or again without a return)
    /// counts this much more in Generosity's share than one that pays back (our own assumption:
    /// half as much again).
    pub generosity_first_bonus: f64,
    /// Window, in days, of the posts and reactions Reach's line counts (its score reads every
    /// post, old ones faded).
    pub reach_window_days: f64,
    /// Reach compares each post's reactions with the median of this many posts published before
    /// it: the user's own usual (our own assumption: ten, recent enough to follow a change).
    pub reach_reference_posts: usize,
    pub index_weights: IndexWeights,
    /// The index's band is announced only when its 80% interval is at most this many points
    /// wide, "too early to say" before (our own assumption: 12, about half the fair band).
    pub band_max_interval_width: f64,
    /// Reconnect scores an overdue tie by its strength at the last contact × its cadence ratio,
    /// the ratio counting at most this much (our own assumption).
    pub reconnect_ratio_cap: f64,
    /// "Only take" lists a tie with at least this many items received in the window...
    pub only_take_min_received: usize,
    /// ...and less than this share of the value given (our own assumption).
    pub only_take_max_share: f64,
    /// "Only broadcast" lists a tie with at least this many touches from me in the window...
    pub only_broadcast_min_touches: usize,
    /// ...and less than this share of them answered (our own assumption).
    pub only_broadcast_max_answered: f64,
    /// The dashboard's "why it moved" compares today with this many days ago.
    pub why_days: u32,
    /// A conversation waiting on my reply for longer than this many days is a tie drifting, not
    /// a reply waiting: Open loops folds it, the suggestions leave it out (our own assumption:
    /// about a season).
    pub quiet_turn_days: u32,
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
            closeness_layers: [4, 4, 3, 2, 1],
            unstated_layer: 3,
            depth_per_hour: 0.25,
            depth_max_hours: 2.0,
            group_size_exponent: 0.5,
            fade_half_life_factor: 2.0,
            duration_full_days: 3650.0,
            intensity_reference: 6.0,
            intimacy_reference: 3.0,
            intimacy_closeness_share: 0.5,
            services_reference: 4.0,
            strength_weights: StrengthWeights::default(),
            layer_sizes: [5, 15, 50, 150],
            layer_cadence_days: [7.0, 30.0, 90.0, 365.0],
            layer_min_share: 0.5,
            own_rhythm_min_gaps: 4,
            own_rhythm_max_gaps: 10,
            conversation_gap_days: 3.0,
            rhythm_overdue_ratio: 8.0,
            evidence_half_life_days: 180.0,
            due_ratio: 1.0,
            overdue_ratio: 1.5,
            reply_window_days: 7.0,
            window_days: 365.0,
            reciprocity_initiative_share: 0.5,
            reciprocity_tie_exponent: 0.5,
            breadth_exponent: 0.5,
            follow_through_mine_weight: 2.0,
            follow_through_theirs_weight: 1.0,
            question_grace_days: 7.0,
            value_weights: ValueWeights::default(),
            generosity_target: 0.6,
            generosity_first_bonus: 0.5,
            reach_window_days: 180.0,
            reach_reference_posts: 10,
            index_weights: IndexWeights::default(),
            band_max_interval_width: 12.0,
            reconnect_ratio_cap: 5.0,
            only_take_min_received: 2,
            only_take_max_share: 0.25,
            only_broadcast_min_touches: 5,
            only_broadcast_max_answered: 0.2,
            why_days: 30,
            quiet_turn_days: 90,
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

/// How a setting's number is bounded, as [`ModelSettings::validate`] checks it and the window's
/// Settings form shows it (the form gets these from `ui/gen/domain.js`, generated from core).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Bound {
    /// A relative weight: from 0 to 100, both included.
    Weight,
    /// A positive number: above 0, at most `max`.
    Positive { max: f64 },
    /// A whole number from `min` to `max`, both included.
    Whole { min: f64, max: f64 },
    /// A number from `min` to `max`, both included.
    Range { min: f64, max: f64 },
}

/// One setting and its bound; `path` is the setting's place in the JSON of [`ModelSettings`]
/// (`channel_weights.call`, `layer_sizes.0`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SettingBound {
    pub path: String,
    #[serde(flatten)]
    pub bound: Bound,
}

/// The groups of settings that must grow from one value to the next (layer 1 to layer 4).
pub const INCREASING: [&str; 2] = ["layer_sizes", "layer_cadence_days"];

impl ModelSettings {
    /// Every setting's bound, in the order of the settings. A new setting gets its line here.
    pub fn bounds() -> Vec<SettingBound> {
        let b = |path: String, bound| SettingBound { path, bound };
        let mut all = Vec::new();
        all.extend(Channel::ALL.iter().map(|c| b(format!("channel_weights.{}", c.as_str()), Bound::Weight)));
        all.extend(ValueKind::ALL.iter().map(|k| b(format!("value_weights.{}", k.as_str()), Bound::Weight)));
        for part in STRENGTH_PARTS {
            all.push(b(format!("strength_weights.{part}"), Bound::Weight));
        }
        for component in INDEX_COMPONENTS {
            all.push(b(format!("index_weights.{component}"), Bound::Weight));
        }
        let positive = [
            ("base_half_life_days", 3650.0),
            ("kin_half_life_factor", 10.0),
            ("intensity_reference", 1000.0),
            ("intimacy_reference", 1000.0),
            ("services_reference", 1000.0),
            ("reply_window_days", 365.0),
            ("window_days", 3650.0),
            ("question_grace_days", 365.0),
            ("generosity_target", 1.0),
            ("reach_window_days", 3650.0),
            ("due_ratio", 100.0),
            ("overdue_ratio", 100.0),
            ("layer_min_share", 1.0),
            ("conversation_gap_days", 365.0),
            ("rhythm_overdue_ratio", 100.0),
            ("evidence_half_life_days", 3650.0),
            ("fade_half_life_factor", 100.0),
            ("duration_full_days", 36_500.0),
            ("breadth_exponent", 1.0),
            ("follow_through_mine_weight", 100.0),
            ("reconnect_ratio_cap", 1000.0),
            ("band_max_interval_width", 100.0),
        ];
        all.extend(positive.iter().map(|(name, max)| b((*name).to_owned(), Bound::Positive { max: *max })));
        for i in 0..4 {
            all.push(b(format!("layer_sizes.{i}"), Bound::Whole { min: 1.0, max: 100_000.0 }));
            all.push(b(format!("layer_cadence_days.{i}"), Bound::Positive { max: 3650.0 }));
        }
        all.push(b("own_rhythm_min_gaps".to_owned(), Bound::Whole { min: 0.0, max: 1000.0 }));
        all.push(b("reach_reference_posts".to_owned(), Bound::Whole { min: 1.0, max: 1000.0 }));
        // 0 turns the bonus off.
        all.push(b("generosity_first_bonus".to_owned(), Bound::Weight));
        for i in 0..5 {
            all.push(b(format!("closeness_layers.{i}"), Bound::Whole { min: 1.0, max: 4.0 }));
        }
        let whole = [
            ("unstated_layer", 1.0, 4.0),
            ("own_rhythm_max_gaps", 1.0, 1000.0),
            ("only_take_min_received", 1.0, 1000.0),
            ("only_broadcast_min_touches", 1.0, 1000.0),
            ("why_days", 1.0, 3650.0),
            ("quiet_turn_days", 1.0, 3650.0),
        ];
        all.extend(whole.iter().map(|(name, min, max)| b((*name).to_owned(), Bound::Whole { min: *min, max: *max })));
        let between = [
            ("depth_per_hour", 0.0, 10.0),
            ("depth_max_hours", 0.0, 24.0),
            ("group_size_exponent", 0.0, 2.0),
            ("reciprocity_initiative_share", 0.0, 1.0),
            ("intimacy_closeness_share", 0.0, 1.0),
            ("reciprocity_tie_exponent", 0.0, 1.0),
            ("only_take_max_share", 0.0, 1.0),
            ("only_broadcast_max_answered", 0.0, 1.0),
        ];
        all.extend(between.iter().map(|(name, min, max)| b((*name).to_owned(), Bound::Range { min: *min, max: *max })));
        all.push(b("follow_through_theirs_weight".to_owned(), Bound::Weight));
        all
    }

    /// The model as the `settings` table keeps it (`None`: never saved, the defaults). A text
    /// that is not the model, or numbers out of their bounds (written by an older Rapport, or
    /// by hand), are refused with [`Reason::ModelUnreadable`], which says how to recover: a
    /// measure computed from them would mislead.
    pub fn from_stored(text: Option<&str>) -> Result<ModelSettings> {
        let Some(text) = text else { return Ok(ModelSettings::default()) };
        let unreadable = |detail: String| Error::invalid("model", Reason::ModelUnreadable { detail });
        let settings: ModelSettings = serde_json::from_str(text).map_err(|e| unreadable(e.to_string()))?;
        settings.validate().map_err(|e| unreadable(e.reason().to_string()))?;
        Ok(settings)
    }

    /// The model of a file to import, held to the rules `rapport model set` and the Settings
    /// screen follow: a document that is not the model, or a number out of its bound, is refused
    /// naming it. Fields Rapport does not know are dropped with the document's parsing.
    pub fn from_imported(value: &serde_json::Value) -> Result<ModelSettings> {
        let settings = ModelSettings::deserialize(value)
            .map_err(|e| Error::invalid("model", Reason::ImportedModel { detail: e.to_string() }))?;
        settings.validate()?;
        Ok(settings)
    }

    /// Refuses numbers that would make a measure meaningless (negative weights, zero half-lives...).
    pub fn validate(&self) -> Result<()> {
        let json = serde_json::to_value(self)?;
        for SettingBound { path, bound } in Self::bounds() {
            let value = path.split('.').try_fold(&json, |v, key| match key.parse::<usize>() {
                Ok(i) => v.get(i),
                Err(_) => v.get(key),
            });
            // Serialised from the struct itself, every path is there; NaN serialises as null.
            let value = value.and_then(serde_json::Value::as_f64).unwrap_or(f64::NAN);
            let ok = value.is_finite()
                && match bound {
                    Bound::Weight => (0.0..=100.0).contains(&value),
                    Bound::Positive { max } => value > 0.0 && value <= max,
                    Bound::Whole { min, max } => value.fract() == 0.0 && (min..=max).contains(&value),
                    Bound::Range { min, max } => (min..=max).contains(&value),
                };
            if !ok {
                let name = path.clone();
                let reason = match bound {
                    Bound::Weight => Reason::WeightRange { name, value },
                    Bound::Positive { max } => Reason::ModelRange { name, value, max },
                    Bound::Whole { min, max } => Reason::ModelWhole { name, value, min, max },
                    Bound::Range { min, max } => Reason::ModelBetween { name, value, min, max },
                };
                return Err(Error::invalid("model", reason));
            }
        }
        let s = &self.strength_weights;
        let i = &self.index_weights;
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
            ("band_max_interval_width", self.band_max_interval_width, 100.0),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_named_parts_and_components_are_the_weights_keys() {
        let keys = |v: serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        let d = ModelSettings::default();
        let mut parts = STRENGTH_PARTS.map(String::from).to_vec();
        let mut components = INDEX_COMPONENTS.map(String::from).to_vec();
        parts.sort();
        components.sort();
        assert_eq!(keys(serde_json::to_value(&d.strength_weights).unwrap()), parts);
        assert_eq!(keys(serde_json::to_value(&d.index_weights).unwrap()), components);
    }

    #[test]
    fn every_bound_names_a_number_of_the_settings_and_the_defaults_pass() {
        let json = serde_json::to_value(ModelSettings::default()).unwrap();
        for b in ModelSettings::bounds() {
            let found = b.path.split('.').try_fold(&json, |v, k| k.parse::<usize>().map_or(v.get(k), |i| v.get(i)));
            assert!(found.and_then(serde_json::Value::as_f64).is_some(), "{}", b.path);
        }
        ModelSettings::default().validate().unwrap();
    }

    #[test]
    fn a_number_out_of_its_bound_is_refused_naming_it() {
        let s = ModelSettings { own_rhythm_min_gaps: 5000, ..Default::default() };
        let e = s.validate().unwrap_err();
        assert_eq!(e.reason().key(), "model_whole");
        assert!(e.to_string().contains("own_rhythm_min_gaps is 5000"), "{e}");
        let mut s = ModelSettings::default();
        s.channel_weights.video = -1.0;
        assert!(s.validate().unwrap_err().to_string().contains("channel_weights.video is -1"));
        let mut s = ModelSettings::default();
        s.layer_cadence_days[2] = f64::NAN;
        assert!(s.validate().unwrap_err().to_string().contains("layer_cadence_days.2"));
    }
}
