// @ts-check
// Generated from rapport-core (crates/rapport-core/src/domain.rs); do not edit. After a change
// there, `RAPPORT_WRITE_GENERATED=1 cargo test -p rapport-tests --test generated` writes it anew.

/** The domain's words and bounds, as core defines them. */
export const DOMAIN = Object.freeze({
  "channels": [
    "in_person",
    "call",
    "video",
    "email",
    "message",
    "social",
    "event",
    "letter",
    "other"
  ],
  "value_kinds": [
    "introduction",
    "advice",
    "knowledge",
    "help",
    "referral",
    "recommendation",
    "gift",
    "other"
  ],
  "strength_parts": [
    "intimacy",
    "intensity",
    "duration",
    "services"
  ],
  "index_components": [
    "depth",
    "breadth",
    "reciprocity",
    "generosity",
    "follow_through",
    "reach"
  ],
  "cadence_statuses": [
    "on_track",
    "due",
    "overdue",
    "never"
  ],
  "layers": [
    {
      "rank": 1,
      "default_size": 5,
      "default_cadence_days": 7.0
    },
    {
      "rank": 2,
      "default_size": 15,
      "default_cadence_days": 30.0
    },
    {
      "rank": 3,
      "default_size": 50,
      "default_cadence_days": 90.0
    },
    {
      "rank": 4,
      "default_size": 150,
      "default_cadence_days": 365.0
    }
  ],
  "settings": [
    {
      "path": "channel_weights.in_person",
      "kind": "weight"
    },
    {
      "path": "channel_weights.call",
      "kind": "weight"
    },
    {
      "path": "channel_weights.video",
      "kind": "weight"
    },
    {
      "path": "channel_weights.email",
      "kind": "weight"
    },
    {
      "path": "channel_weights.message",
      "kind": "weight"
    },
    {
      "path": "channel_weights.social",
      "kind": "weight"
    },
    {
      "path": "channel_weights.event",
      "kind": "weight"
    },
    {
      "path": "channel_weights.letter",
      "kind": "weight"
    },
    {
      "path": "channel_weights.other",
      "kind": "weight"
    },
    {
      "path": "value_weights.introduction",
      "kind": "weight"
    },
    {
      "path": "value_weights.advice",
      "kind": "weight"
    },
    {
      "path": "value_weights.knowledge",
      "kind": "weight"
    },
    {
      "path": "value_weights.help",
      "kind": "weight"
    },
    {
      "path": "value_weights.referral",
      "kind": "weight"
    },
    {
      "path": "value_weights.recommendation",
      "kind": "weight"
    },
    {
      "path": "value_weights.gift",
      "kind": "weight"
    },
    {
      "path": "value_weights.other",
      "kind": "weight"
    },
    {
      "path": "strength_weights.intimacy",
      "kind": "weight"
    },
    {
      "path": "strength_weights.intensity",
      "kind": "weight"
    },
    {
      "path": "strength_weights.duration",
      "kind": "weight"
    },
    {
      "path": "strength_weights.services",
      "kind": "weight"
    },
    {
      "path": "index_weights.depth",
      "kind": "weight"
    },
    {
      "path": "index_weights.breadth",
      "kind": "weight"
    },
    {
      "path": "index_weights.reciprocity",
      "kind": "weight"
    },
    {
      "path": "index_weights.generosity",
      "kind": "weight"
    },
    {
      "path": "index_weights.follow_through",
      "kind": "weight"
    },
    {
      "path": "index_weights.reach",
      "kind": "weight"
    },
    {
      "path": "base_half_life_days",
      "kind": "positive",
      "max": 3650.0
    },
    {
      "path": "kin_half_life_factor",
      "kind": "positive",
      "max": 10.0
    },
    {
      "path": "intensity_reference",
      "kind": "positive",
      "max": 1000.0
    },
    {
      "path": "intimacy_reference",
      "kind": "positive",
      "max": 1000.0
    },
    {
      "path": "services_reference",
      "kind": "positive",
      "max": 1000.0
    },
    {
      "path": "reply_window_days",
      "kind": "positive",
      "max": 365.0
    },
    {
      "path": "window_days",
      "kind": "positive",
      "max": 3650.0
    },
    {
      "path": "question_grace_days",
      "kind": "positive",
      "max": 365.0
    },
    {
      "path": "generosity_target",
      "kind": "positive",
      "max": 1.0
    },
    {
      "path": "reach_window_days",
      "kind": "positive",
      "max": 3650.0
    },
    {
      "path": "due_ratio",
      "kind": "positive",
      "max": 100.0
    },
    {
      "path": "overdue_ratio",
      "kind": "positive",
      "max": 100.0
    },
    {
      "path": "layer_min_share",
      "kind": "positive",
      "max": 1.0
    },
    {
      "path": "conversation_gap_days",
      "kind": "positive",
      "max": 365.0
    },
    {
      "path": "rhythm_overdue_ratio",
      "kind": "positive",
      "max": 100.0
    },
    {
      "path": "evidence_half_life_days",
      "kind": "positive",
      "max": 3650.0
    },
    {
      "path": "fade_half_life_factor",
      "kind": "positive",
      "max": 100.0
    },
    {
      "path": "duration_full_days",
      "kind": "positive",
      "max": 36500.0
    },
    {
      "path": "breadth_exponent",
      "kind": "positive",
      "max": 1.0
    },
    {
      "path": "follow_through_mine_weight",
      "kind": "positive",
      "max": 100.0
    },
    {
      "path": "reconnect_ratio_cap",
      "kind": "positive",
      "max": 1000.0
    },
    {
      "path": "band_max_interval_width",
      "kind": "positive",
      "max": 100.0
    },
    {
      "path": "layer_sizes.0",
      "kind": "whole",
      "min": 1.0,
      "max": 100000.0
    },
    {
      "path": "layer_cadence_days.0",
      "kind": "positive",
      "max": 3650.0
    },
    {
      "path": "layer_sizes.1",
      "kind": "whole",
      "min": 1.0,
      "max": 100000.0
    },
    {
      "path": "layer_cadence_days.1",
      "kind": "positive",
      "max": 3650.0
    },
    {
      "path": "layer_sizes.2",
      "kind": "whole",
      "min": 1.0,
      "max": 100000.0
    },
    {
      "path": "layer_cadence_days.2",
      "kind": "positive",
      "max": 3650.0
    },
    {
      "path": "layer_sizes.3",
      "kind": "whole",
      "min": 1.0,
      "max": 100000.0
    },
    {
      "path": "layer_cadence_days.3",
      "kind": "positive",
      "max": 3650.0
    },
    {
      "path": "own_rhythm_min_gaps",
      "kind": "whole",
      "min": 0.0,
      "max": 1000.0
    },
    {
      "path": "reach_reference_posts",
      "kind": "whole",
      "min": 1.0,
      "max": 1000.0
    },
    {
      "path": "generosity_first_bonus",
      "kind": "weight"
    },
    {
      "path": "closeness_layers.0",
      "kind": "whole",
      "min": 1.0,
      "max": 4.0
    },
    {
      "path": "closeness_layers.1",
      "kind": "whole",
      "min": 1.0,
      "max": 4.0
    },
    {
      "path": "closeness_layers.2",
      "kind": "whole",
      "min": 1.0,
      "max": 4.0
    },
    {
      "path": "closeness_layers.3",
      "kind": "whole",
      "min": 1.0,
      "max": 4.0
    },
    {
      "path": "closeness_layers.4",
      "kind": "whole",
      "min": 1.0,
      "max": 4.0
    },
    {
      "path": "unstated_layer",
      "kind": "whole",
      "min": 1.0,
      "max": 4.0
    },
    {
      "path": "own_rhythm_max_gaps",
      "kind": "whole",
      "min": 1.0,
      "max": 1000.0
    },
    {
      "path": "only_take_min_received",
      "kind": "whole",
      "min": 1.0,
      "max": 1000.0
    },
    {
      "path": "only_broadcast_min_touches",
      "kind": "whole",
      "min": 1.0,
      "max": 1000.0
    },
    {
      "path": "why_days",
      "kind": "whole",
      "min": 1.0,
      "max": 3650.0
    },
    {
      "path": "quiet_turn_days",
      "kind": "whole",
      "min": 1.0,
      "max": 3650.0
    },
    {
      "path": "depth_per_hour",
      "kind": "range",
      "min": 0.0,
      "max": 10.0
    },
    {
      "path": "depth_max_hours",
      "kind": "range",
      "min": 0.0,
      "max": 24.0
    },
    {
      "path": "group_size_exponent",
      "kind": "range",
      "min": 0.0,
      "max": 2.0
    },
    {
      "path": "reciprocity_initiative_share",
      "kind": "range",
      "min": 0.0,
      "max": 1.0
    },
    {
      "path": "intimacy_closeness_share",
      "kind": "range",
      "min": 0.0,
      "max": 1.0
    },
    {
      "path": "reciprocity_tie_exponent",
      "kind": "range",
      "min": 0.0,
      "max": 1.0
    },
    {
      "path": "only_take_max_share",
      "kind": "range",
      "min": 0.0,
      "max": 1.0
    },
    {
      "path": "only_broadcast_max_answered",
      "kind": "range",
      "min": 0.0,
      "max": 1.0
    },
    {
      "path": "follow_through_theirs_weight",
      "kind": "weight"
    }
  ],
  "increasing": [
    "layer_sizes",
    "layer_cadence_days"
  ],
  "agenda_days": 14
});
