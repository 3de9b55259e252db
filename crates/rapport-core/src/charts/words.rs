//! Every word a chart draws, in English and French: one table per language, like the app's
//! `ui/lib/i18n.js`, so a chart reads in the language the window is in. Dates and decimals follow
//! the language too ("3 Mar 2024", "+2.6"; "3 mars 2024", "+2,6").

use serde::{Deserialize, Serialize};

use crate::measures::ComponentName;
use crate::model::Channel;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    En,
    Fr,
}

impl Lang {
    pub fn words(self) -> &'static Words {
        match self {
            Lang::En => &EN,
            Lang::Fr => &FR,
        }
    }
}

impl std::str::FromStr for Lang {
    type Err = crate::Error;
    /// "en", "fr", or a locale tag such as "fr-CA" or "en_GB.UTF-8".
    fn from_str(s: &str) -> crate::Result<Lang> {
        let lower = s.trim().to_ascii_lowercase();
        match lower.get(..2) {
            Some("en") if lower.len() == 2 || !lower.as_bytes()[2].is_ascii_alphabetic() => Ok(Lang::En),
            Some("fr") if lower.len() == 2 || !lower.as_bytes()[2].is_ascii_alphabetic() => Ok(Lang::Fr),
            _ => Err(crate::Error::invalid(
                "lang",
                crate::Reason::UnknownValue { value: s.to_owned(), choices: vec!["en".into(), "fr".into()] },
            )),
        }
    }
}

/// The words of one language. Sentences with numbers in them are functions, so each language
/// orders them its own way.
pub struct Words {
    pub months: [&'static str; 12],
    /// Monday, Wednesday, Friday, Sunday: the calendar's row labels.
    pub weekdays: [&'static str; 4],
    pub decimal: char,
    pub components: [&'static str; 6],
    pub bands: [&'static str; 3],
    /// In place of a band while the index's interval is too wide for one.
    pub too_early: &'static str,

    pub index_title: &'static str,
    pub index_line: &'static str,
    pub index_subtitle: fn(&str, &str, &str) -> String,
    pub index_empty: &'static str,
    pub index_one_week: &'static str,
    pub move_line: fn(&str, u32, &str) -> String,
    pub move_mostly: fn(&str, &str) -> String,

    pub channels: [&'static str; 9],
    pub cadence_every: fn(i64) -> String,
    pub contact_subtitle: fn(&str, usize, &str) -> String,
    pub contact_empty: &'static str,
    pub cadence_states: [&'static str; 3],
    pub open_question: fn(usize) -> String,
    pub they_asked: fn(&str) -> String,
    pub you_asked: fn(&str) -> String,

    pub give_take_title: &'static str,
    pub give_take_subtitle: fn(usize, usize) -> String,
    pub given: &'static str,
    pub received: &'static str,
    pub give_take_empty: &'static str,

    pub follow_title: &'static str,
    pub follow_subtitle: fn(usize, usize) -> String,
    pub follow_parts: [&'static str; 4],
    pub i_asked: &'static str,
    pub they_asked_axis: &'static str,
    pub follow_empty: &'static str,

    pub layers_title: &'static str,
    pub layer_names: [&'static str; 4],
    pub layers_subtitle: fn(&str) -> String,
    pub layers_empty: &'static str,

    pub activity_title: &'static str,
    pub activity_subtitle: fn(u32, usize) -> String,
    pub activity_empty: &'static str,
    pub week: &'static str,
    pub less: &'static str,
    pub more: &'static str,

    pub reactions_title: &'static str,
    pub reactions_subtitle: fn(usize, u64, usize) -> String,
    pub reactions_empty: &'static str,
    pub reaction_kinds: [&'static str; 3],
    pub people_reached: &'static str,

    pub calibration_title: &'static str,
    /// The two series: the fitted weights, the default weights.
    pub calibration_series: [&'static str; 2],
    pub calibration_x: &'static str,
}

impl Words {
    pub fn month(&self, m: u32) -> &'static str {
        self.months[(m.clamp(1, 12) - 1) as usize]
    }

    pub fn component(&self, c: ComponentName) -> &'static str {
        let k = ComponentName::ALL.iter().position(|x| *x == c).unwrap_or(0);
        self.components[k]
    }

    pub fn channel(&self, c: Channel) -> &'static str {
        let k = Channel::ALL.iter().position(|x| *x == c).unwrap_or(Channel::ALL.len() - 1);
        self.channels[k]
    }

    /// `x` with `decimals` digits after the language's decimal mark, and a true minus sign.
    pub fn number(&self, x: f64, decimals: usize) -> String {
        let s = format!("{:.*}", decimals, x.abs()).replace('.', &self.decimal.to_string());
        if x < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
            format!("−{s}")
        } else {
            s
        }
    }

    /// A change with its sign always shown: "+2.6", "−1.4".
    pub fn signed(&self, x: f64) -> String {
        let s = self.number(x, 1);
        if s.starts_with('−') {
            s
        } else {
            format!("+{s}")
        }
    }
}

impl std::fmt::Debug for Words {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Words({})", self.index_title)
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// French counts 0 and 1 as singular.
fn plural_fr(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n <= 1 { one } else { many })
}

static EN: Words = Words {
    months: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    weekdays: ["Mon", "Wed", "Fri", "Sun"],
    decimal: '.',
    components: ["Depth", "Breadth", "Reciprocity", "Generosity", "Follow-through", "Reach"],
    bands: ["weak", "fair", "strong"],
    too_early: "too early to say",

    index_title: "Network Value Index",
    index_line: "Index",
    index_subtitle: |now, band, since| format!("{now} now · {band} · weekly since {since}"),
    index_empty: "No history yet: log an interaction, or load the demo network",
    index_one_week: "One week of history so far: the chart grows with every week you log",
    move_line: |change, weeks, date| format!("{change} in {weeks} weeks, to {date}"),
    move_mostly: |component, points| format!("mostly {component} {points}"),

    channels: ["In person", "Call", "Video", "Email", "Message", "Social", "Event", "Letter", "Other"],
    cadence_every: |d| match d {
        1 => "daily".to_owned(),
        7 => "weekly".to_owned(),
        28..=31 => "monthly".to_owned(),
        365 => "yearly".to_owned(),
        d => format!("every {d} days"),
    },
    contact_subtitle: |strength, n, every| {
        format!("strength {strength} now · {} · expected {every}", plural(n, "interaction", "interactions"))
    },
    contact_empty: "No interaction with this contact yet: log one to start the chart",
    cadence_states: ["on track", "due", "overdue"],
    open_question: |owe| format!("open question ({owe} yours to answer)"),
    they_asked: |q| format!("They asked: {q}"),
    you_asked: |q| format!("You asked: {q}"),

    give_take_title: "Give and take",
    give_take_subtitle: |given, received| format!("{given} items given, {received} received, by month"),
    given: "given",
    received: "received",
    give_take_empty: "No value logged yet: note what you give and receive when you log an interaction",

    follow_title: "Follow-through",
    follow_subtitle: |owe, wait| format!("questions asked each month · {owe} you owe an answer, {wait} wait on them"),
    follow_parts: ["mine, answered", "mine, open", "theirs, answered", "theirs, open"],
    i_asked: "I asked",
    they_asked_axis: "they asked",
    follow_empty: "No questions yet: note the questions asked either way when you log an interaction",

    layers_title: "Dunbar layers",
    layer_names: ["weekly", "monthly", "every few months", "yearly"],
    layers_subtitle: |now| format!("now {now} (Dunbar: about 5 / 15 / 50 / 150)"),
    layers_empty: "Not enough history yet: log interactions for a few weeks",

    activity_title: "Activity",
    activity_subtitle: |total, days| format!("{total} interactions on {days} days in the last year"),
    activity_empty: "Nothing logged in this year: log an interaction to fill the calendar",
    week: "week",
    less: "less",
    more: "more",

    reactions_title: "Reactions to your posts",
    reactions_subtitle: |posts, total, people| {
        format!(
            "{} · {} · {} reacted",
            plural(posts, "post", "posts"),
            plural(total as usize, "reaction", "reactions"),
            plural(people, "person", "people")
        )
    },
    reactions_empty: "No posts yet: log what you publish to see who reacts",
    reaction_kinds: ["likes", "shares", "comments"],
    people_reached: "people reached",

    calibration_title: "Predicted strength against your rating",
    calibration_series: ["fitted weights (out of sample)", "default weights"],
    calibration_x: "your rating",
};

// French typography: a narrow no-break space before « : », decimal comma, lower-case months.
static FR: Words = Words {
    months: ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
    weekdays: ["lun.", "mer.", "ven.", "dim."],
    decimal: ',',
    components: ["Profondeur", "Étendue", "Réciprocité", "Générosité", "Suivi", "Portée"],
    bands: ["faible", "correct", "solide"],
    too_early: "trop tôt pour le dire",

    index_title: "Indice de valeur du réseau",
    index_line: "Indice",
    index_subtitle: |now, band, since| format!("{now} aujourd’hui · {band} · chaque semaine depuis le {since}"),
    index_empty: "Pas encore d’historique\u{202f}: notez une interaction ou chargez le réseau de démonstration",
    index_one_week: "Une semaine d’historique pour l’instant\u{202f}: le graphique s’étoffe chaque semaine",
    move_line: |change, weeks, date| format!("{change} en {weeks} semaines, jusqu’au {date}"),
    move_mostly: |component, points| format!("surtout {component} {points}"),

    channels: ["En personne", "Appel", "Visio", "E-mail", "Message", "Réseaux sociaux", "Événement", "Lettre", "Autre"],
    cadence_every: |d| match d {
        1 => "chaque jour".to_owned(),
        7 => "chaque semaine".to_owned(),
        28..=31 => "chaque mois".to_owned(),
        365 => "chaque année".to_owned(),
        d => format!("tous les {d} jours"),
    },
    contact_subtitle: |strength, n, every| {
        format!("force {strength} aujourd’hui · {} · rythme attendu {every}", plural_fr(n, "interaction", "interactions"))
    },
    contact_empty: "Aucune interaction avec ce contact pour l’instant\u{202f}: notez-en une pour lancer le graphique",
    cadence_states: ["dans les temps", "à relancer", "en retard"],
    open_question: |owe| format!("question en attente ({owe} à vous de répondre)"),
    they_asked: |q| format!("Sa question\u{202f}: {q}"),
    you_asked: |q| format!("Votre question\u{202f}: {q}"),

    give_take_title: "Donner et recevoir",
    give_take_subtitle: |given, received| format!("{given} apports donnés, {received} reçus, par mois"),
    given: "donné",
    received: "reçu",
    give_take_empty: "Aucun apport noté pour l’instant\u{202f}: indiquez ce que vous donnez et recevez en notant une interaction",

    follow_title: "Suivi des questions",
    follow_subtitle: |owe, wait| {
        format!("questions posées chaque mois · {owe} attendent votre réponse, {wait} la leur")
    },
    follow_parts: ["les miennes, répondues", "les miennes, en attente", "les leurs, répondues", "les leurs, en attente"],
    i_asked: "mes questions",
    they_asked_axis: "leurs questions",
    follow_empty: "Aucune question pour l’instant\u{202f}: notez les questions posées de part et d’autre en notant une interaction",

    layers_title: "Cercles de Dunbar",
    layer_names: ["chaque semaine", "chaque mois", "tous les quelques mois", "chaque année"],
    layers_subtitle: |now| format!("aujourd’hui {now} (Dunbar\u{202f}: environ 5 / 15 / 50 / 150)"),
    layers_empty: "Pas encore assez d’historique\u{202f}: notez des interactions pendant quelques semaines",

    activity_title: "Activité",
    activity_subtitle: |total, days| format!("{total} interactions sur {days} jours depuis un an"),
    activity_empty: "Rien de noté cette année\u{202f}: notez une interaction pour remplir le calendrier",
    week: "semaine",
    less: "moins",
    more: "plus",

    reactions_title: "Réactions à vos publications",
    reactions_subtitle: |posts, total, people| {
        format!(
            "{} · {} · {} {}",
            plural_fr(posts, "publication", "publications"),
            plural_fr(total as usize, "réaction", "réactions"),
            plural_fr(people, "personne", "personnes"),
            if people <= 1 { "a réagi" } else { "ont réagi" }
        )
    },
    reactions_empty: "Aucune publication pour l’instant\u{202f}: notez ce que vous publiez pour voir qui réagit",
    reaction_kinds: ["j’aime", "partages", "commentaires"],
    people_reached: "personnes touchées",

    calibration_title: "Force prédite selon votre note",
    calibration_series: ["poids ajustés (hors échantillon)", "poids par défaut"],
    calibration_x: "votre note",
};
