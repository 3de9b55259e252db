//! Who is in the demo network and what happens to them: the named characters of the inner
//! layers, the pools the outer layer is drawn from, the scripted scenes of the stories, the
//! group gatherings and the posts.
//!
//! The demo user is a Paris-based product consultant who co-founded a small startup about two
//! years ago, used to work at Lumen Analytics and Orizon Consulting, climbs, and has family in
//! Lyon. Every company and event name here is made up.

use super::talk;
use super::{Character, City, Country, Crowd, Gathering, Occasion, PostSeed, Scene, Shape, When, Zone};
use rapport_core::model::Channel::{self, *};
use rapport_core::model::Party::{self, *};
use rapport_core::model::ValueKind::*;

/// The names the stories are told through; tests and the UI find the characters by these.
pub const BEST_FRIEND: &str = "Chloé Martin";
pub const FADING: [&str; 3] = ["Julien Moreau", "Sarah Cohen", "Maxime Girard"];
pub const TAKER: &str = "Thibault Roussel";
pub const BROADCAST: &str = "Vincent Dubois";
/// Her questions to me are still open: I owe her answers.
pub const I_OWE_ANSWERS: &str = "Anaïs Lefèvre";
/// My questions to him are still open: he owes me answers.
pub const OWES_ME_ANSWERS: &str = "Marc Fontaine";
pub const RECONNECTED: &str = "Léa Nguyen";
pub const MENTOR: &str = "Hélène Rousseau";
pub const MENTEE: &str = "Yanis Benali";
/// The core audience that reacts to most posts.
pub const ENGAGED: [&str; 7] = [
    "Sophie Laurent",
    "Camille Bernard",
    "Karim Haddad",
    "Priya Raman",
    "Omar Diallo",
    "Hélène Rousseau",
    "Chloé Martin",
];

const EU_CET: Zone = Zone::Europe(60);
const EU_WET: Zone = Zone::Europe(0);
const NA_EASTERN: Zone = Zone::America(-300);

const fn city(name: &'static str, location: &'static str, country: Country, zone: Zone) -> City {
    City { name, location, country, zone }
}

pub(super) const CITIES: &[City] = &[
    city("Paris", "Paris, France", Country::France, EU_CET),
    city("Lyon", "Lyon, France", Country::France, EU_CET),
    city("Nantes", "Nantes, France", Country::France, EU_CET),
    city("Bordeaux", "Bordeaux, France", Country::France, EU_CET),
    city("Lille", "Lille, France", Country::France, EU_CET),
    city("Marseille", "Marseille, France", Country::France, EU_CET),
    city("Toulouse", "Toulouse, France", Country::France, EU_CET),
    city("Grenoble", "Grenoble, France", Country::France, EU_CET),
    city("Rennes", "Rennes, France", Country::France, EU_CET),
    city("Strasbourg", "Strasbourg, France", Country::France, EU_CET),
    city("Bruxelles", "Bruxelles, Belgium", Country::Other, EU_CET),
    city("Genève", "Genève, Switzerland", Country::Other, EU_CET),
    city("Lausanne", "Lausanne, Switzerland", Country::Other, EU_CET),
    city("Montréal", "Montréal, Canada", Country::NorthAmerica("514"), NA_EASTERN),
    city("New York", "New York, USA", Country::NorthAmerica("212"), NA_EASTERN),
    city("London", "London, UK", Country::Uk, EU_WET),
    city("Lisbon", "Lisbon, Portugal", Country::Other, EU_WET),
    city("Berlin", "Berlin, Germany", Country::Other, EU_CET),
    city("Barcelona", "Barcelona, Spain", Country::Other, EU_CET),
    city("Milan", "Milan, Italy", Country::Other, EU_CET),
    city("Amsterdam", "Amsterdam, Netherlands", Country::Other, EU_CET),
    city("Stockholm", "Stockholm, Sweden", Country::Other, EU_CET),
    city("Dakar", "Dakar, Senegal", Country::Other, Zone::Fixed(0)),
    city("Casablanca", "Casablanca, Morocco", Country::Other, Zone::Fixed(60)),
    city("Bangalore", "Bangalore, India", Country::Other, Zone::Fixed(330)),
    city("Singapore", "Singapore", Country::Other, Zone::Fixed(480)),
];

/// Circles and their keep-in-touch cadence in days.
pub(super) const CIRCLES: &[(&str, Option<u32>)] = &[
    ("Family", Some(21)),
    ("Close friends", Some(14)),
    ("Climbing club", Some(30)),
    ("Founders' network", Some(60)),
    ("Former colleagues at Lumen", Some(90)),
    ("Former colleagues at Orizon", None),
    ("Clients", Some(45)),
    ("Neighbours", None),
    ("Conference friends", None),
];

/// The defaults every character starts from.
const BASE: Character = Character {
    name: "",
    nickname: None,
    company: None,
    role: None,
    city: "Paris",
    how_met: "",
    met_years_ago: 5.0,
    first: (InPerson, ""),
    layer: 3,
    closeness: 3,
    kin: false,
    circles: &[],
    cadence_days: None,
    arch: &talk::ACQUAINTANCE,
    gap_days: 60.0,
    shape: Shape::Steady,
    birthday: None,
    notes: "",
    phone: false,
    work_email: false,
};

const FAMILY_CIRCLE: &[&str] = &["Family"];
const LUMEN: &[&str] = &["Former colleagues at Lumen"];
const CLIMBING: &[&str] = &["Climbing club"];
const FOUNDERS: &[&str] = &["Founders' network"];
const NEIGHBOURS: &[&str] = &["Neighbours"];
const CONFERENCE: &[&str] = &["Conference friends"];

/// The inner three layers, written by hand: 5 intimate, 10 close, 35 in the "few months" layer.
pub(super) const CHARACTERS: &[Character] = &[
    // Layer 1: about weekly.
    Character {
        name: BEST_FRIEND,
        company: Some("Atelier Nord"),
        role: Some("Architect"),
        how_met: "University in Lyon",
        met_years_ago: 14.0,
        layer: 1,
        closeness: 5,
        circles: &["Close friends", "Climbing club"],
        cadence_days: Some(7),
        arch: &talk::BEST_FRIEND,
        gap_days: 3.0,
        birthday: Some("1990-04-17"),
        notes: "Best friend since university. Climbing partner on Thursdays.",
        phone: true,
        ..BASE
    },
    Character {
        name: "Françoise Mercier",
        nickname: Some("Maman"),
        role: Some("Retired teacher"),
        city: "Lyon",
        how_met: "Family",
        met_years_ago: 36.0,
        layer: 1,
        closeness: 5,
        kin: true,
        circles: FAMILY_CIRCLE,
        arch: &talk::FAMILY,
        gap_days: 6.0,
        birthday: Some("1958-09-03"),
        notes: "Mum. Calls on Sunday evenings.",
        phone: true,
        ..BASE
    },
    Character {
        name: "Benoît Mercier",
        nickname: Some("Ben"),
        company: Some("Kestrel Health"),
        role: Some("Software engineer"),
        city: "Nantes",
        how_met: "Family",
        met_years_ago: 33.0,
        layer: 1,
        closeness: 5,
        kin: true,
        circles: FAMILY_CIRCLE,
        arch: &talk::FAMILY,
        gap_days: 8.0,
        birthday: Some("1988-11-22"),
        notes: "Little brother. Got married last year.",
        phone: true,
        work_email: true,
        ..BASE
    },
    Character {
        name: "Hugo Petit",
        company: Some("Bistrot Lamarck"),
        role: Some("Chef"),
        how_met: "Flatmates in our first Paris flat",
        met_years_ago: 11.0,
        layer: 1,
        closeness: 5,
        circles: &["Close friends", "Climbing club"],
        arch: &talk::FRIEND,
        gap_days: 4.0,
        birthday: Some("--07-08"),
        phone: true,
        ..BASE
    },
    Character {
        name: "Inès Bouchard",
        company: Some("Verdant Energy"),
        role: Some("Head of Data"),
        how_met: "Worked together at Lumen Analytics",
        met_years_ago: 8.0,
        layer: 1,
        closeness: 5,
        circles: &["Close friends", "Former colleagues at Lumen"],
        arch: &talk::FRIEND,
        gap_days: 4.5,
        birthday: Some("1989-02-14"),
        phone: true,
        work_email: true,
        ..BASE
    },
    // Layer 2: about monthly (the touches between the meetings are messages).
    Character {
        name: "Jean-Pierre Mercier",
        nickname: Some("Papa"),
        role: Some("Retired engineer"),
        city: "Lyon",
        how_met: "Family",
        met_years_ago: 36.0,
        layer: 2,
        closeness: 4,
        kin: true,
        circles: FAMILY_CIRCLE,
        arch: &talk::FAMILY,
        gap_days: 15.0,
        birthday: Some("1956-05-30"),
        notes: "Dad. Prefers calls to messages.",
        phone: true,
        ..BASE
    },
    Character {
        name: MENTOR,
        company: Some("Cobalt Ventures"),
        role: Some("Venture partner, former VP Product"),
        how_met: "Introduced by Inès Bouchard at a product conference",
        met_years_ago: 6.0,
        layer: 2,
        closeness: 4,
        circles: FOUNDERS,
        cadence_days: Some(30),
        arch: &talk::MENTOR,
        gap_days: 16.0,
        notes: "Mentor. Monthly lunch; generous with introductions.",
        phone: true,
        work_email: true,
        ..BASE
    },
    Character {
        name: MENTEE,
        company: Some("Studio Fauve"),
        role: Some("Junior product designer"),
        city: "Lille",
        how_met: "Student in the design bootcamp I taught",
        met_years_ago: 2.1,
        first: (InPerson, "Bootcamp demo day: met him and his project"),
        layer: 2,
        closeness: 4,
        cadence_days: Some(14),
        arch: &talk::MENTEE,
        gap_days: 8.0,
        notes: "Mentee since the bootcamp. Looking for his first senior role.",
        phone: true,
        ..BASE
    },
    Character {
        name: FADING[0],
        company: Some("Helio Systems"),
        role: Some("Engineering manager"),
        city: "Bordeaux",
        how_met: "Worked together at Lumen Analytics",
        met_years_ago: 9.0,
        layer: 2,
        closeness: 4,
        circles: LUMEN,
        arch: &talk::COLLEAGUE,
        gap_days: 5.0,
        shape: Shape::Fading { slows_at: 730.0, ends_at: 275.0 },
        birthday: Some("--03-21"),
        notes: "My closest colleague at Lumen. Moved to Bordeaux.",
        phone: true,
        ..BASE
    },
    Character {
        name: RECONNECTED,
        company: Some("Boréal Studio"),
        role: Some("UX researcher"),
        city: "Montréal",
        how_met: "Erasmus year in Barcelona",
        met_years_ago: 13.0,
        layer: 2,
        closeness: 4,
        circles: &["Close friends"],
        cadence_days: Some(45),
        arch: &talk::ABROAD,
        gap_days: 9.0,
        shape: Shape::Revived { sleeps_at: 560.0, wakes_at: 96.0 },
        birthday: Some("1991-10-02"),
        notes: "Moved to Montréal. We lost touch for a year, then she wrote again.",
        phone: true,
        ..BASE
    },
    Character {
        name: I_OWE_ANSWERS,
        company: Some("Papille"),
        role: Some("Founder & CEO"),
        how_met: "Founders' breakfast",
        met_years_ago: 4.0,
        layer: 2,
        closeness: 4,
        circles: FOUNDERS,
        arch: &talk::OWED,
        gap_days: 13.0,
        notes: "Founder friend, building a food-tech startup.",
        phone: true,
        work_email: true,
        ..BASE
    },
    Character {
        name: "Sophie Laurent",
        company: Some("Le Fil Numérique"),
        role: Some("Tech journalist"),
        how_met: "Friend of Chloé Martin",
        met_years_ago: 7.0,
        layer: 2,
        closeness: 4,
        circles: &["Close friends"],
        arch: &talk::FRIEND,
        gap_days: 12.0,
        birthday: Some("--12-05"),
        notes: "Reads and shares everything I publish.",
        phone: true,
        ..BASE
    },
    Character {
        name: "Nicolas Garnier",
        role: Some("Physiotherapist"),
        how_met: "Climbing club",
        layer: 2,
        closeness: 4,
        circles: CLIMBING,
        arch: &talk::CLIMBER,
        gap_days: 9.0,
        birthday: Some("--01-26"),
        phone: true,
        ..BASE
    },
    Character {
        name: "Émilie Chevalier",
        role: Some("Midwife"),
        city: "Marseille",
        how_met: "Cousin",
        met_years_ago: 33.0,
        layer: 2,
        closeness: 4,
        kin: true,
        circles: FAMILY_CIRCLE,
        arch: &talk::FAMILY,
        gap_days: 24.0,
        birthday: Some("--08-19"),
        ..BASE
    },
    Character {
        name: "Karim Haddad",
        company: Some("Helio Systems"),
        role: Some("CTO"),
        how_met: "My manager at Lumen Analytics",
        met_years_ago: 9.0,
        layer: 2,
        closeness: 4,
        circles: LUMEN,
        arch: &talk::COLLEAGUE,
        gap_days: 14.0,
        notes: "Former manager; always first to comment on my posts.",
        phone: true,
        work_email: true,
        ..BASE
    },
    // Layer 3: every few months.
    Character {
        name: FADING[1],
        role: Some("Mountain guide"),
        city: "Grenoble",
        how_met: "Climbing club",
        met_years_ago: 6.0,
        closeness: 3,
        circles: CLIMBING,
        arch: &talk::CLIMBER,
        gap_days: 10.0,
        shape: Shape::Fading { slows_at: 730.0, ends_at: 265.0 },
        notes: "Moved to Grenoble to guide full time.",
        phone: true,
        ..BASE
    },
    Character {
        name: FADING[2],
        company: Some("Brioche & Co"),
        role: Some("Marketing director"),
        city: "Lyon",
        how_met: "Client project at Orizon Consulting",
        met_years_ago: 5.0,
        circles: &["Clients"],
        arch: &talk::CLIENT,
        gap_days: 12.0,
        shape: Shape::Fading { slows_at: 730.0, ends_at: 300.0 },
        work_email: true,
        ..BASE
    },
    Character {
        name: TAKER,
        role: Some("Freelance growth consultant"),
        how_met: "Friend of a friend, met at a startup party",
        met_years_ago: 4.0,
        closeness: 2,
        arch: &talk::TAKER,
        gap_days: 38.0,
        phone: true,
        ..BASE
    },
    Character {
        name: BROADCAST,
        company: Some("Groupe Valmont"),
        role: Some("Director of Innovation"),
        how_met: "Met at a client's demo day",
        met_years_ago: 3.5,
        closeness: 2,
        arch: &talk::BROADCAST,
        gap_days: 30.0,
        notes: "Prospect. Never replies.",
        work_email: true,
        ..BASE
    },
    Character {
        name: OWES_ME_ANSWERS,
        company: Some("Orbital Media"),
        role: Some("Partnerships lead"),
        city: "Bruxelles",
        how_met: "Introduced by Karim Haddad",
        met_years_ago: 2.5,
        first: (Video, "First call, introduced by Karim Haddad"),
        arch: &talk::PARTNER,
        gap_days: 28.0,
        shape: Shape::Until(80.0),
        notes: "Working on a content partnership; waiting on his board.",
        work_email: true,
        ..BASE
    },
    Character {
        name: "Camille Bernard",
        company: Some("Mellow"),
        role: Some("Community manager"),
        how_met: "Meetup on community building",
        arch: &talk::FRIEND,
        gap_days: 40.0,
        ..BASE
    },
    Character {
        name: "Priya Raman",
        company: Some("Tessellate"),
        role: Some("Product lead"),
        city: "London",
        how_met: "Spoke on the same panel in London",
        met_years_ago: 4.0,
        circles: CONFERENCE,
        arch: &talk::ABROAD,
        gap_days: 45.0,
        phone: true,
        ..BASE
    },
    Character {
        name: "Omar Diallo",
        company: Some("Baobab Pay"),
        role: Some("Founder"),
        city: "Dakar",
        how_met: "Founders' network retreat",
        met_years_ago: 3.5,
        circles: FOUNDERS,
        arch: &talk::FOUNDER,
        gap_days: 50.0,
        ..BASE
    },
    Character {
        name: "Lucas Fournier",
        role: Some("Nurse"),
        how_met: "Climbing club",
        circles: CLIMBING,
        arch: &talk::CLIMBER,
        gap_days: 30.0,
        phone: true,
        ..BASE
    },
    Character {
        name: "Manon Lemaire",
        role: Some("Illustrator"),
        how_met: "Neighbour across the landing",
        met_years_ago: 4.0,
        circles: NEIGHBOURS,
        arch: &talk::NEIGHBOUR,
        gap_days: 30.0,
        phone: true,
        ..BASE
    },
    Character {
        name: "Antoine Perrin",
        company: Some("Lumen Analytics"),
        role: Some("Data scientist"),
        how_met: "Worked together at Lumen Analytics",
        met_years_ago: 8.0,
        circles: LUMEN,
        arch: &talk::COLLEAGUE,
        gap_days: 60.0,
        work_email: true,
        ..BASE
    },
    Character {
        name: "Clara Vidal",
        role: Some("Veterinarian"),
        how_met: "Climbing club",
        circles: CLIMBING,
        arch: &talk::CLIMBER,
        gap_days: 40.0,
        ..BASE
    },
    Character {
        name: "Romain Faure",
        company: Some("Quartz Logistics"),
        role: Some("Co-founder & COO"),
        how_met: "Founders' breakfast",
        met_years_ago: 3.0,
        circles: FOUNDERS,
        arch: &talk::FOUNDER,
        gap_days: 45.0,
        work_email: true,
        ..BASE
    },
    Character {
        name: "Justine Morel",
        role: Some("Primary school teacher"),
        how_met: "Neighbour on the third floor",
        met_years_ago: 4.0,
        circles: NEIGHBOURS,
        arch: &talk::NEIGHBOUR,
        gap_days: 45.0,
        ..BASE
    },
    Character {
        name: "Pauline André",
        role: Some("Pharmacist"),
        city: "Toulouse",
        how_met: "University in Lyon",
        met_years_ago: 14.0,
        arch: &talk::FRIEND,
        gap_days: 55.0,
        birthday: Some("--06-02"),
        phone: true,
        ..BASE
    },
    Character {
        name: "Guillaume Blanc",
        company: Some("Cabinet Blanc & Associés"),
        role: Some("Chartered accountant"),
        how_met: "Recommended by Hélène Rousseau",
        met_years_ago: 2.6,
        first: (InPerson, "First meeting at his office: he takes over our accounts"),
        closeness: 2,
        arch: &talk::ADVISOR,
        gap_days: 40.0,
        work_email: true,
        ..BASE
    },
    Character {
        name: "Elena Rossi",
        company: Some("Studio Orsa"),
        role: Some("Design lead"),
        city: "Milan",
        how_met: "Lisbon tech conference",
        met_years_ago: 4.0,
        circles: CONFERENCE,
        arch: &talk::ABROAD,
        gap_days: 70.0,
        ..BASE
    },
    Character {
        name: "David Kim",
        company: Some("Northbeam Capital"),
        role: Some("Investor"),
        city: "New York",
        how_met: "Introduced by Hélène Rousseau",
        met_years_ago: 3.0,
        arch: &talk::ABROAD,
        gap_days: 75.0,
        phone: true,
        work_email: true,
        ..BASE
    },
    Character {
        name: "Amélie Gauthier",
        company: Some("Kestrel Health"),
        role: Some("Product manager"),
        how_met: "Worked together at Lumen Analytics",
        met_years_ago: 7.0,
        circles: LUMEN,
        arch: &talk::COLLEAGUE,
        gap_days: 60.0,
        ..BASE
    },
    Character {
        name: "Mehdi Benaïssa",
        company: Some("Hélix Bio"),
        role: Some("CEO"),
        city: "Lyon",
        how_met: "Founders' network retreat",
        met_years_ago: 3.5,
        circles: FOUNDERS,
        arch: &talk::FOUNDER,
        gap_days: 55.0,
        work_email: true,
        ..BASE
    },
    Character {
        name: "Aurélie Masson",
        nickname: Some("Tatie Aurélie"),
        role: Some("Bookseller"),
        city: "Lyon",
        how_met: "Aunt",
        met_years_ago: 36.0,
        kin: true,
        circles: FAMILY_CIRCLE,
        arch: &talk::FAMILY,
        gap_days: 90.0,
        ..BASE
    },
    Character {
        name: "Théo Chevalier",
        role: Some("Student"),
        city: "Marseille",
        how_met: "Cousin",
        met_years_ago: 20.0,
        kin: true,
        circles: FAMILY_CIRCLE,
        arch: &talk::FAMILY,
        gap_days: 80.0,
        ..BASE
    },
    Character {
        name: "Lina Farah",
        company: Some("Escale Travel"),
        role: Some("Travel writer"),
        how_met: "Friend of Hugo Petit",
        met_years_ago: 4.0,
        arch: &talk::FRIEND,
        gap_days: 60.0,
        ..BASE
    },
    Character {
        name: "Sébastien Robin",
        role: Some("Firefighter"),
        how_met: "Climbing club",
        met_years_ago: 3.0,
        closeness: 2,
        circles: CLIMBING,
        arch: &talk::CLIMBER,
        gap_days: 45.0,
        ..BASE
    },
    Character {
        name: "Jonas Weber",
        company: Some("Fjord Data"),
        role: Some("Staff engineer"),
        city: "Berlin",
        how_met: "Worked together at Lumen Analytics",
        met_years_ago: 8.0,
        circles: LUMEN,
        arch: &talk::COLLEAGUE,
        gap_days: 70.0,
        ..BASE
    },
    Character {
        name: "Fatou Ndiaye",
        company: Some("Ivoire Design"),
        role: Some("Founder & creative director"),
        how_met: "Founders' breakfast",
        met_years_ago: 3.0,
        circles: FOUNDERS,
        arch: &talk::FOUNDER,
        gap_days: 60.0,
        phone: true,
        ..BASE
    },
    Character {
        name: "Laura García",
        company: Some("Sablier Games"),
        role: Some("Game designer"),
        city: "Barcelona",
        how_met: "Erasmus year in Barcelona",
        met_years_ago: 13.0,
        arch: &talk::ABROAD,
        gap_days: 80.0,
        birthday: Some("--11-11"),
        ..BASE
    },
    Character {
        name: "Mathilde Roy",
        company: Some("Mosaïque Learning"),
        role: Some("CEO"),
        city: "Rennes",
        how_met: "Founders' network retreat",
        met_years_ago: 3.5,
        closeness: 2,
        circles: FOUNDERS,
        arch: &talk::FOUNDER,
        gap_days: 60.0,
        ..BASE
    },
    Character {
        name: "Bastien Leroy",
        role: Some("Freelance developer"),
        how_met: "Coworking space in the 10th",
        arch: &talk::FRIEND,
        gap_days: 50.0,
        phone: true,
        ..BASE
    },
    Character {
        name: "Nadia Amrani",
        company: Some("TalentBridge"),
        role: Some("Tech recruiter"),
        how_met: "She recruited me for Lumen Analytics",
        met_years_ago: 9.0,
        closeness: 2,
        arch: &talk::ACQUAINTANCE,
        gap_days: 50.0,
        work_email: true,
        ..BASE
    },
    Character {
        name: "Olivier Marchand",
        company: Some("Granit Legal"),
        role: Some("Startup lawyer"),
        how_met: "Recommended by Anaïs Lefèvre",
        met_years_ago: 2.4,
        first: (InPerson, "First meeting about the company statutes"),
        closeness: 2,
        arch: &talk::ADVISOR,
        gap_days: 70.0,
        work_email: true,
        ..BASE
    },
    Character {
        name: "Zoé Lambert",
        role: Some("Cellist"),
        how_met: "Neighbour on the fifth floor",
        met_years_ago: 4.0,
        circles: NEIGHBOURS,
        arch: &talk::NEIGHBOUR,
        gap_days: 50.0,
        ..BASE
    },
    Character {
        name: "Hannah Schmidt",
        company: Some("Opale Insurance"),
        role: Some("Head of Design"),
        city: "Genève",
        how_met: "Lisbon tech conference",
        met_years_ago: 3.0,
        closeness: 2,
        circles: CONFERENCE,
        arch: &talk::ABROAD,
        gap_days: 80.0,
        ..BASE
    },
    Character {
        name: "Florian Noël",
        company: Some("Zéphyr Cloud"),
        role: Some("Sales director"),
        how_met: "Worked together at Lumen Analytics",
        met_years_ago: 8.0,
        closeness: 2,
        circles: LUMEN,
        arch: &talk::COLLEAGUE,
        gap_days: 65.0,
        ..BASE
    },
    Character {
        name: "Ana Costa",
        company: Some("Dune Labs"),
        role: Some("Data engineer"),
        city: "Lisbon",
        how_met: "Lisbon tech conference",
        met_years_ago: 2.3,
        first: (Event, "Met at the Lisbon tech conference"),
        closeness: 2,
        circles: CONFERENCE,
        arch: &talk::ABROAD,
        gap_days: 85.0,
        ..BASE
    },
];

/// The outer layer (about 100 people) is drawn from these pools, French-speaking names first
/// because the first users are French speakers.
#[rustfmt::skip]
pub(super) const FRENCH_GIVEN: &[&str] = &[
    "Adrien", "Agathe", "Alexandre", "Alice", "Arthur", "Baptiste", "Bérénice", "Capucine", "Cédric", "Charlotte",
    "Damien", "Delphine", "Élise", "Estelle", "Étienne", "Fanny", "François", "Gaëlle", "Gaspard", "Isabelle",
    "Jérôme", "Joséphine", "Juliette", "Laurent", "Léon", "Louise", "Lucie", "Margaux", "Marine", "Mathieu",
    "Mélanie", "Noémie", "Océane", "Paul", "Quentin", "Raphaël", "Rémi", "Solène", "Sylvain", "Tristan", "Valentin",
    "Victoire", "Virginie", "Xavier", "Yasmine", "Maëlle", "Loïc", "Cécile", "Hervé", "Gaël", "Nathalie", "Samuel",
];
#[rustfmt::skip]
pub(super) const FRENCH_FAMILY: &[&str] = &[
    "Dupuis", "Lemoine", "Carpentier", "Aubert", "Barbier", "Brunet", "Caron", "Colin", "Deschamps", "Dumont",
    "Fabre", "Fleury", "Gaillard", "Giraud", "Hubert", "Jacob", "Joly", "Lacroix", "Leclerc", "Leblanc", "Maréchal",
    "Meunier", "Michaud", "Millet", "Moulin", "Pelletier", "Picard", "Poirier", "Renard", "Rey", "Rivière", "Roche",
    "Rolland", "Schmitt", "Tessier", "Vasseur", "Weiss", "Benhamou", "Ouattara", "Traoré", "Nguyen-Van", "Da Silva",
];
/// Where the French-speaking half lives: mostly France.
#[rustfmt::skip]
pub(super) const FRENCH_CITIES: &[&str] = &[
    "Paris", "Paris", "Paris", "Paris", "Lyon", "Nantes", "Lille", "Bordeaux", "Rennes", "Strasbourg", "Bruxelles",
    "Lausanne",
];
/// The international half, by culture, so that given and family names go together and people
/// live where such names are common (or in Paris).
pub(super) const WORLD: &[(&[&str], &[&str], &[&str])] = &[
    (
        &["Carlos", "Mateo", "Javier", "Pedro", "Sofia", "Marta", "Tomás", "Lucía", "Inês", "João"],
        &["Fernández", "Moreno", "Santos", "Silva", "Navarro", "Ortega", "Costa Pereira"],
        &["Barcelona", "Lisbon", "Paris"],
    ),
    (
        &["Erik", "Lars", "Ingrid", "Astrid", "Lena", "Sanne", "Pieter", "Matthias"],
        &["Andersson", "Lindqvist", "Eriksen", "Bakker", "Jansen", "Müller", "Vogel"],
        &["Stockholm", "Amsterdam", "Berlin"],
    ),
    (
        &["Kofi", "Amara", "Kwame", "Aminata", "Moussa", "Adaeze"],
        &["Mensah", "Osei", "Okafor", "Abiodun", "Diop", "Sow"],
        &["Dakar", "London", "Paris"],
    ),
    (
        &["Farid", "Samir", "Nour", "Leila", "Rania", "Bilal", "Yasmina"],
        &["Haddou", "Tazi", "Alaoui", "Bensaïd", "El Idrissi"],
        &["Casablanca", "Paris", "Bruxelles"],
    ),
    (
        &["Sanjay", "Ravi", "Ananya", "Arjun", "Kavya", "Rohan"],
        &["Patel", "Sharma", "Iyer", "Menon", "Reddy"],
        &["Bangalore", "London", "Singapore"],
    ),
    (
        &["Akira", "Hiroshi", "Yuki", "Kenji", "Haruka"],
        &["Tanaka", "Nakamura", "Sato", "Watanabe"],
        &["Singapore", "London"],
    ),
    (&["Mei", "Wei", "Jun", "Xiaoling"], &["Chen", "Wang", "Lin", "Zhang"], &["Singapore", "Paris", "London"]),
    (
        &["Emma", "Liam", "Noah", "Mia", "Olivia", "James", "Grace"],
        &["O'Brien", "Walker", "Hughes", "Bennett", "Murphy"],
        &["London", "New York", "Montréal"],
    ),
    (
        &["Giulia", "Marco", "Nikos", "Eleni", "Luca", "Chiara"],
        &["Greco", "Rinaldi", "Papadakis", "Conti", "Ferrari"],
        &["Milan", "Berlin", "Paris"],
    ),
];
#[rustfmt::skip]
pub(super) const COMPANIES: &[&str] = &[
    "Lumen Analytics", "Orizon Consulting", "Kestrel Health", "Verdant Energy", "Helio Systems", "Studio Fauve",
    "Quartz Logistics", "Nébuleuse", "Ferro Robotics", "Alpage Foods", "Clairière Santé", "Dune Labs",
    "Escale Travel", "Fjord Data", "Hélix Bio", "Jasmin Retail", "Kairos HR", "Lagune Finance", "Mosaïque Learning",
    "Nacelle Drones", "Pivot Agency", "Rive Gauche Books", "Sablier Games", "Tilleul Energy", "Upcycle Works",
    "Wagon Bleu", "Zéphyr Cloud", "Tessellate", "Northbeam Capital", "Orbital Media",
];
#[rustfmt::skip]
pub(super) const ROLES: &[&str] = &[
    "Product manager", "Software engineer", "Designer", "Data scientist", "Sales director", "Founder", "CTO",
    "Marketing lead", "Recruiter", "Consultant", "Investor", "Head of Operations", "UX researcher", "Lawyer",
    "Engineering manager", "Customer success lead", "Researcher", "Community manager", "Photographer", "Teacher",
];
/// How the outer layer was met: the story, the circle it puts them in, and how the first
/// meeting is logged when it falls inside the three years.
pub(super) const HOW_MET: &[(u32, &str, Option<&str>, Channel, &str)] = &[
    (18, "Founders' network breakfast", Some("Founders' network"), Event, "Met at a founders' breakfast"),
    (12, "Worked together at Lumen Analytics", Some("Former colleagues at Lumen"), InPerson, "Welcome lunch at Lumen"),
    (
        10,
        "Worked together at Orizon Consulting",
        Some("Former colleagues at Orizon"),
        InPerson,
        "Met on an Orizon project",
    ),
    (10, "Client project", Some("Clients"), InPerson, "Kick-off meeting of the project"),
    (12, "Lisbon tech conference", Some("Conference friends"), Event, "Met at the Lisbon tech conference"),
    (10, "Product meetup", None, Event, "Met at a product meetup"),
    (5, "Introduced by Hélène Rousseau", None, InPerson, "Coffee after Hélène's introduction"),
    (5, "Friend of Chloé Martin", None, InPerson, "Met at one of Chloé's dinners"),
    (5, "Climbing club", Some("Climbing club"), InPerson, "First session together at the club"),
    (4, "Neighbour in the building", Some("Neighbours"), InPerson, "Introduced ourselves in the courtyard"),
    (6, "Connected on LinkedIn after a webinar", None, Social, "Connected after a webinar"),
    (5, "University in Lyon", None, InPerson, "Ran into each other at a reunion"),
];

/// Scripted moments of the stories, on top of each character's rhythm. A question with no
/// answer delay stays open.
const fn scene(who: &'static str, days_ago: f64, channel: Channel, by: Party, summary: &'static str) -> Scene {
    Scene { who, days_ago, channel, by, when: When::Day, minutes: 0, summary, received: &[], ask: None }
}

pub(super) const SCENES: &[Scene] = &[
    Scene {
        when: When::Evening,
        minutes: 150,
        ..scene(BEST_FRIEND, 2.2, InPerson, Them, "Dinner at Chloé's: her new project")
    },
    Scene {
        minutes: 30,
        ask: Some((Them, &INTRO_TO_MENTOR, Some(2.0))),
        ..scene(I_OWE_ANSWERS, 120.0, Call, Them, "Call about her seed round")
    },
    Scene {
        ask: Some((Them, &DECK_FEEDBACK, None)),
        ..scene(I_OWE_ANSWERS, 47.0, Email, Them, "She sent her pitch deck for feedback")
    },
    Scene {
        when: When::Evening,
        ask: Some((Them, &INCUBATOR, None)),
        ..scene(I_OWE_ANSWERS, 9.0, Message, Them, "Message about the Lyon incubator")
    },
    Scene {
        ask: Some((Me, &PROPOSAL, None)),
        ..scene(OWES_ME_ANSWERS, 75.0, Email, Me, "Sent the partnership proposal")
    },
    Scene {
        ask: Some((Me, &PROPOSAL_FEEDBACK, None)),
        ..scene(OWES_ME_ANSWERS, 38.0, Email, Me, "Followed up on the partnership proposal")
    },
    Scene {
        when: When::Morning,
        ask: Some((Me, &HALF_HOUR, None)),
        ..scene(OWES_ME_ANSWERS, 6.0, Message, Me, "Pinged him about a call")
    },
    Scene {
        when: When::Evening,
        ask: Some((Me, &NEXT_IN_PARIS, None)),
        ..scene(FADING[0], 280.0, Message, Me, "Congratulated him on the new job in Bordeaux")
    },
    Scene { when: When::Evening, ..scene(RECONNECTED, 96.5, Message, Them, "She wrote out of the blue after a year") },
    Scene {
        when: When::Evening,
        minutes: 80,
        ..scene(RECONNECTED, 94.0, Video, Me, "Long video call to catch up after a year apart")
    },
    Scene {
        when: When::Evening,
        minutes: 150,
        ..scene(RECONNECTED, 21.0, InPerson, Me, "Dinner in Montréal during a work trip")
    },
    Scene {
        when: When::Lunch,
        minutes: 90,
        received: &[Introduction, Introduction],
        ..scene(MENTOR, 400.0, InPerson, Me, "Lunch: she offered to introduce me to two investors")
    },
];

const INTRO_TO_MENTOR: super::Ask = super::Ask {
    text: "Could you introduce me to Hélène Rousseau?",
    reply: "Introduced her to Hélène Rousseau",
    value: Some(Introduction),
};
const DECK_FEEDBACK: super::Ask = super::Ask {
    text: "Could you give me feedback on the deck before the investor meeting?",
    reply: "Sent feedback on the deck",
    value: Some(Advice),
};
const INCUBATOR: super::Ask = super::Ask {
    text: "Do you know anyone at the Lyon incubator?",
    reply: "Introduced her to the incubator's director",
    value: Some(Introduction),
};
const PROPOSAL: super::Ask =
    super::Ask { text: "Does the proposal work for Orbital Media?", reply: "Answered about the proposal", value: None };
const PROPOSAL_FEEDBACK: super::Ask = super::Ask {
    text: "Any feedback from your team on the proposal?",
    reply: "Sent the team's feedback",
    value: Some(Knowledge),
};
const HALF_HOUR: super::Ask =
    super::Ask { text: "Could we find 30 minutes next week?", reply: "Proposed a slot", value: None };
const NEXT_IN_PARIS: super::Ask =
    super::Ask { text: "When are you next in Paris?", reply: "Gave the dates of his next trip", value: None };

/// Recurring group interactions, drawn from a circle's members who are active at the time.
pub(super) const GATHERINGS: &[Gathering] = &[
    Gathering {
        crowd: Crowd { names: &[], circles: CLIMBING, max: 5, paris_only: true },
        min_people: 3,
        gap_days: 14.0,
        channel: InPerson,
        when: When::Evening,
        minutes: (120, 180),
        me_share: 0.4,
        summaries: &["Club session at the wall", "Bouldering evening with the club", "Route-setting night at the club"],
    },
    Gathering {
        crowd: Crowd { names: &[BEST_FRIEND, "Hugo Petit"], circles: &["Close friends"], max: 4, paris_only: true },
        min_people: 3,
        gap_days: 42.0,
        channel: InPerson,
        when: When::Evening,
        minutes: (150, 240),
        me_share: 0.5,
        summaries: &["Dinner at Hugo's", "Dinner at ours", "Picnic by the canal", "Raclette night"],
    },
    Gathering {
        crowd: Crowd {
            names: &["Françoise Mercier", "Jean-Pierre Mercier"],
            circles: FAMILY_CIRCLE,
            max: 4,
            paris_only: false,
        },
        min_people: 2,
        gap_days: 55.0,
        channel: InPerson,
        when: When::Lunch,
        minutes: (120, 180),
        me_share: 0.3,
        summaries: &["Sunday lunch at my parents' in Lyon", "Family lunch"],
    },
    Gathering {
        crowd: Crowd { names: &[], circles: FOUNDERS, max: 14, paris_only: true },
        min_people: 5,
        gap_days: 62.0,
        channel: Event,
        when: When::Morning,
        minutes: (90, 120),
        me_share: 0.15,
        summaries: &["Founders' breakfast", "Founders' network meetup", "Founders' dinner"],
    },
    Gathering {
        crowd: Crowd { names: &[], circles: LUMEN, max: 7, paris_only: false },
        min_people: 3,
        gap_days: 130.0,
        channel: InPerson,
        when: When::Evening,
        minutes: (120, 180),
        me_share: 0.5,
        summaries: &["Drinks with the old Lumen team"],
    },
    Gathering {
        crowd: Crowd { names: &[], circles: &["Former colleagues at Orizon"], max: 5, paris_only: false },
        min_people: 3,
        gap_days: 240.0,
        channel: InPerson,
        when: When::Lunch,
        minutes: (90, 120),
        me_share: 0.5,
        summaries: &["Lunch with the Orizon alumni"],
    },
    Gathering {
        crowd: Crowd { names: &[], circles: NEIGHBOURS, max: 5, paris_only: true },
        min_people: 3,
        gap_days: 150.0,
        channel: InPerson,
        when: When::Evening,
        minutes: (90, 180),
        me_share: 0.5,
        summaries: &["Drinks in the courtyard with the neighbours", "Building party"],
    },
];

/// One-off group moments.
pub(super) const OCCASIONS: &[Occasion] = &[
    Occasion {
        days_ago: 1000.0,
        channel: InPerson,
        by: Them,
        when: When::Evening,
        minutes: 180,
        summary: "Farewell drinks for Karim leaving Lumen",
        crowd: Crowd { names: &["Karim Haddad"], circles: LUMEN, max: 15, paris_only: false },
        city: "Paris",
    },
    Occasion {
        days_ago: 700.0,
        channel: Event,
        by: Them,
        when: When::Day,
        minutes: 480,
        summary: "Founders' network retreat in Normandy",
        crowd: Crowd { names: &[], circles: FOUNDERS, max: 20, paris_only: false },
        city: "Paris",
    },
    Occasion {
        days_ago: 560.0,
        channel: InPerson,
        by: Me,
        when: When::Evening,
        minutes: 300,
        summary: "Housewarming party at ours",
        crowd: Crowd {
            names: &[],
            circles: &["Close friends", "Neighbours", "Climbing club"],
            max: 16,
            paris_only: true,
        },
        city: "Paris",
    },
    Occasion {
        days_ago: 430.0,
        channel: Event,
        by: Them,
        when: When::Day,
        minutes: 600,
        summary: "Benoît's wedding near Nantes",
        crowd: Crowd {
            names: &[BEST_FRIEND, "Hugo Petit", "Inès Bouchard"],
            circles: FAMILY_CIRCLE,
            max: 12,
            paris_only: false,
        },
        city: "Nantes",
    },
    Occasion {
        days_ago: 190.0,
        channel: Event,
        by: Them,
        when: When::Evening,
        minutes: 180,
        summary: "Speakers' dinner at the Lisbon tech conference",
        crowd: Crowd { names: &[], circles: CONFERENCE, max: 12, paris_only: false },
        city: "Lisbon",
    },
    Occasion {
        days_ago: 33.0,
        channel: Event,
        by: Them,
        when: When::Evening,
        minutes: 240,
        summary: "Chloé's birthday drinks",
        crowd: Crowd {
            names: &[BEST_FRIEND, "Hugo Petit", "Inès Bouchard", "Sophie Laurent"],
            circles: CLIMBING,
            max: 9,
            paris_only: true,
        },
        city: "Paris",
    },
];

/// The user's birthday (month, day): the closest layers send wishes.
pub(super) const MY_BIRTHDAY: (u32, u32) = (6, 12);

/// About 25 posts over three years, on LinkedIn, the user's blog and Mastodon.
pub(super) const POSTS: &[PostSeed] = &[
    PostSeed {
        days_ago: 1080.0,
        platform: "LinkedIn",
        title: "Three things I learned leaving a salaried job to go freelance",
        slug: "",
    },
    PostSeed {
        days_ago: 1040.0,
        platform: "Blog",
        title: "Pricing a product audit: my first year of numbers",
        slug: "pricing-a-product-audit",
    },
    PostSeed {
        days_ago: 990.0,
        platform: "Mastodon",
        title: "Thread: the tools I use to run a one-person consultancy",
        slug: "109",
    },
    PostSeed {
        days_ago: 950.0,
        platform: "LinkedIn",
        title: "We shipped a new onboarding for a client: 18% more activation",
        slug: "",
    },
    PostSeed {
        days_ago: 900.0,
        platform: "Blog",
        title: "Why I answer every question in my inbox (and how I keep up)",
        slug: "answer-every-question",
    },
    PostSeed {
        days_ago: 850.0,
        platform: "LinkedIn",
        title: "Looking for a freelance front-end developer in Paris",
        slug: "",
    },
    PostSeed {
        days_ago: 800.0,
        platform: "Mastodon",
        title: "Small rant about meetings that could have been an email",
        slug: "110",
    },
    PostSeed {
        days_ago: 760.0,
        platform: "Blog",
        title: "What climbing taught me about product discovery",
        slug: "climbing-and-product-discovery",
    },
    PostSeed { days_ago: 700.0, platform: "LinkedIn", title: "Happy to announce: I'm co-founding a company", slug: "" },
    PostSeed {
        days_ago: 660.0,
        platform: "Blog",
        title: "Our first ten customer interviews, annotated",
        slug: "ten-customer-interviews",
    },
    PostSeed { days_ago: 610.0, platform: "LinkedIn", title: "We're hiring our first engineer", slug: "" },
    PostSeed {
        days_ago: 560.0,
        platform: "Mastodon",
        title: "Reading list for founders who dislike hustle culture",
        slug: "111",
    },
    PostSeed { days_ago: 520.0, platform: "LinkedIn", title: "One year in: what went right, what didn't", slug: "" },
    PostSeed {
        days_ago: 470.0,
        platform: "Blog",
        title: "Give before you take: a year of keeping a networking ledger",
        slug: "give-before-you-take",
    },
    PostSeed {
        days_ago: 430.0,
        platform: "LinkedIn",
        title: "Speaking at the founders' breakfast next week",
        slug: "",
    },
    PostSeed {
        days_ago: 380.0,
        platform: "Mastodon",
        title: "Anyone tried running a company offline-first?",
        slug: "112",
    },
    PostSeed {
        days_ago: 330.0,
        platform: "Blog",
        title: "The follow-up problem: most questions never get an answer",
        slug: "the-follow-up-problem",
    },
    PostSeed { days_ago: 290.0, platform: "LinkedIn", title: "We closed our pre-seed round", slug: "" },
    PostSeed {
        days_ago: 240.0,
        platform: "Blog",
        title: "How we do customer support with three people",
        slug: "support-with-three-people",
    },
    PostSeed {
        days_ago: 188.0,
        platform: "LinkedIn",
        title: "Lisbon recap: five conversations worth the trip",
        slug: "",
    },
    PostSeed { days_ago: 150.0, platform: "Mastodon", title: "Photo from Fontainebleau this weekend", slug: "113" },
    PostSeed { days_ago: 110.0, platform: "LinkedIn", title: "Looking for beta testers for our new feature", slug: "" },
    PostSeed {
        days_ago: 70.0,
        platform: "Blog",
        title: "A Dunbar number for customers?",
        slug: "a-dunbar-number-for-customers",
    },
    PostSeed { days_ago: 35.0, platform: "LinkedIn", title: "Two years of co-founding: a thank-you post", slug: "" },
    PostSeed {
        days_ago: 6.0,
        platform: "Mastodon",
        title: "Quick poll: how do you keep track of the people you meet?",
        slug: "114",
    },
];
