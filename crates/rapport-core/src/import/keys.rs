//! The keys a person is matched on (email, profile link, phone, name) and where an incoming
//! contact ends up: shared by the matching of plan.rs and the format parsers that match people
//! themselves (blog comments, email, WhatsApp, messages), and naming neither.

use crate::model::ContactId;

/// Where an incoming contact ends up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Target {
    Existing(ContactId),
    /// The incoming contact at this index creates the contact.
    New(usize),
}

pub(crate) fn email_key(e: &str) -> String {
    e.trim().trim_start_matches("mailto:").trim().to_lowercase()
}

/// A profile URL as a key; `None` for a bare site (`http://www.ibm.com`), which colleagues share.
pub(crate) fn link_key(u: &str) -> Option<String> {
    let u = u.trim().to_lowercase();
    let u = u.split_once("://").map(|(_, rest)| rest.to_owned()).unwrap_or(u);
    let u = u.strip_prefix("www.").map(str::to_owned).unwrap_or(u);
    let u = u.split(['?', '#']).next().unwrap_or("").trim_end_matches('/').to_owned();
    u.split_once('/').is_some_and(|(host, path)| !host.is_empty() && !path.is_empty()).then_some(u)
}

/// Digits only; `None` when too short to tell people apart.
pub(crate) fn phone_key(p: &str) -> Option<String> {
    let digits: String = p.chars().filter(char::is_ascii_digit).collect();
    (digits.len() >= 7).then_some(digits)
}

/// A name as matching compares it: spacing, case and Latin accents aside ("Zoé" is "zoe"), as
/// the directory's search finds names.
pub(crate) fn name_key(n: &str) -> String {
    n.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase().chars().map(without_accent).collect()
}

/// A lower-case Latin letter without its accent; any other character as it is.
fn without_accent(c: char) -> char {
    match c {
        'à'..='å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => 'e',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => 'g',
        'ĥ' | 'ħ' => 'h',
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => 'i',
        'ĵ' => 'j',
        'ķ' => 'k',
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => 'l',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'ò'..='ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => 'o',
        'ŕ' | 'ŗ' | 'ř' => 'r',
        'ś' | 'ŝ' | 'ş' | 'š' => 's',
        'ţ' | 'ť' | 'ŧ' => 't',
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => 'u',
        'ŵ' => 'w',
        'ý' | 'ÿ' | 'ŷ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        other => other,
    }
}
