//! The keys a person is matched on (email, profile link, phone, name) and where an incoming
//! contact ends up: shared by the matching of plan.rs and the format parsers that match people
//! themselves (blog comments, email, WhatsApp, messages), and naming neither.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use crate::error::{Error, Reason, Result};
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

/// The shortest national significant number matched on: a shorter one is most often a local
/// number written without its area code, which lines in other towns share.
const MIN_SIGNIFICANT_DIGITS: usize = 8;

/// Where a number written without a country code ("06 12 34 56 78") is: the user's region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PhoneRegion {
    /// Its country calling code ("33").
    calling_code: &'static str,
    /// The trunk prefix dialled before a national number ("0"; empty where there is none).
    trunk: &'static str,
}

impl PhoneRegion {
    /// The region an ISO 3166-1 two-letter code names, any case; `None` when Rapport does not know it.
    pub(crate) fn named(code: &str) -> Option<PhoneRegion> {
        let code = code.trim().to_ascii_uppercase();
        REGIONS.iter().find(|r| r.0 == code).map(|&(_, calling_code, trunk)| PhoneRegion { calling_code, trunk })
    }

    /// The region the options name: none when they name none; refused when it is unknown.
    pub(crate) fn of(options: &super::ImportOptions) -> Result<Option<PhoneRegion>> {
        let Some(region) = options.region.as_deref().filter(|r| !r.trim().is_empty()) else { return Ok(None) };
        let known = PhoneRegion::named(region);
        known.map(Some).ok_or_else(|| Error::invalid("region", Reason::UnknownRegion { region: region.to_owned() }))
    }
}

/// The region a locale names ("fr_FR.UTF-8", "en-GB", "zh-Hant-TW") as its two-letter code, when
/// Rapport knows it; `None` for one without a region ("C", "fr").
pub fn region_of_locale(locale: &str) -> Option<&'static str> {
    let tag = locale.split(['.', '@']).next()?;
    // The first part is the language; the region is the two-letter part after it.
    let region = tag.split(['_', '-']).skip(1).find(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()))?;
    let region = region.to_ascii_uppercase();
    REGIONS.iter().find(|r| r.0 == region).map(|r| r.0)
}

/// A phone number as matching compares it: the country calling code and the national
/// significant number, `+33 612345678`, whichever way it was written (`+33 6 12 34 56 78`,
/// `0033 6 12 34 56 78`, and `06 12 34 56 78` when the region is France). A national number
/// with no region to place it keeps only its national significant number (`612345678`), so it
/// matches the same national number but no international one. `None` when the significant
/// number is shorter than [`MIN_SIGNIFICANT_DIGITS`]. docs/import.md, "Phone numbers".
pub(crate) fn phone_key_in(p: &str, region: Option<PhoneRegion>) -> Option<String> {
    let p = p.trim();
    let p = if p.get(..4).is_some_and(|s| s.eq_ignore_ascii_case("tel:")) { &p[4..] } else { p };
    // An extension, a pause or a parameter ends the number ("x12", "ext. 12", ";ext=12", ",,12").
    let number = p.split(|c: char| c.is_alphabetic() || matches!(c, ';' | ',' | '#' | '*')).next().unwrap_or("");
    // "+44 (0)20 …": the trunk prefix written in brackets after the country code is not dialled.
    let number = if number.contains("(0)") { Cow::Owned(number.replace("(0)", "")) } else { Cow::Borrowed(number) };
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let plus = number.chars().find(|c| c.is_ascii_digit() || *c == '+') == Some('+');
    let international = if plus {
        Some(digits.as_str())
    } else if let Some(rest) = digits.strip_prefix("00") {
        Some(rest)
    } else if region.is_some_and(|r| r.calling_code == "1") {
        // The North American international prefix.
        digits.strip_prefix("011")
    } else {
        None
    };
    let (code, significant) = match (international, region) {
        (Some(full), _) => match split_calling_code(full) {
            Some((code, rest)) => (Some(code), rest),
            // A calling code Rapport does not know: the whole number is the key.
            None => return (full.len() > MIN_SIGNIFICANT_DIGITS).then(|| format!("+{full}")),
        },
        (None, Some(r)) => (Some(r.calling_code), strip_trunk(&digits, r.trunk)),
        // No region: "0" is the most common trunk prefix, and only a national number compares.
        (None, None) => (None, strip_trunk(&digits, "0")),
    };
    if significant.len() < MIN_SIGNIFICANT_DIGITS {
        return None;
    }
    Some(match code {
        Some(code) => format!("+{code} {significant}"),
        None => significant.to_owned(),
    })
}

/// [`phone_key_in`] with no region: an international number, or the same national number.
pub(crate) fn phone_key(p: &str) -> Option<String> {
    phone_key_in(p, None)
}

/// `digits` without the trunk prefix `trunk` in front, if it has it.
fn strip_trunk<'d>(digits: &'d str, trunk: &str) -> &'d str {
    if trunk.is_empty() {
        return digits;
    }
    digits.strip_prefix(trunk).unwrap_or(digits)
}

/// An international number's calling code and national significant number; a trunk "0" written
/// after the code by mistake ("+33 06 …") is dropped where the trunk prefix is "0", since no
/// national significant number there starts with it. `None` for a code Rapport does not know.
fn split_calling_code(full: &str) -> Option<(&'static str, &str)> {
    // Calling codes are a prefix code: at most one of the first 1, 2 or 3 digits is one.
    (1..=3).filter(|&n| n <= full.len()).find_map(|n| {
        let (code, rest) = full.split_at(n);
        let (&code, &trunk) = calling_codes().get_key_value(code)?;
        let rest = if trunk == "0" { rest.strip_prefix('0').unwrap_or(rest) } else { rest };
        Some((code, rest))
    })
}

/// Each calling code with the trunk prefix of the first region listed with it: looked up for
/// every international number of an import, so a table rather than a scan of [`REGIONS`].
fn calling_codes() -> &'static HashMap<&'static str, &'static str> {
    static CODES: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    CODES.get_or_init(|| {
        let mut codes = HashMap::new();
        for &(_, code, trunk) in REGIONS {
            codes.entry(code).or_insert(trunk);
        }
        codes
    })
}

/// Every ISO 3166-1 region with its country calling code and trunk prefix (ITU-T E.164
/// assignments and the national numbering plans as of 2026). Where regions share a code the
/// first one listed gives the trunk prefix of an international number of that code.
#[rustfmt::skip]
const REGIONS: &[(&str, &str, &str)] = &[
    // North American Numbering Plan: trunk prefix 1 (no area code starts with 1).
    ("US", "1", "1"), ("CA", "1", "1"), ("AG", "1", "1"), ("AI", "1", "1"), ("AS", "1", "1"),
    ("BB", "1", "1"), ("BM", "1", "1"), ("BS", "1", "1"), ("DM", "1", "1"), ("DO", "1", "1"),
    ("GD", "1", "1"), ("GU", "1", "1"), ("JM", "1", "1"), ("KN", "1", "1"), ("KY", "1", "1"),
    ("LC", "1", "1"), ("MP", "1", "1"), ("MS", "1", "1"), ("PR", "1", "1"), ("SX", "1", "1"),
    ("TC", "1", "1"), ("TT", "1", "1"), ("UM", "1", "1"), ("VC", "1", "1"), ("VG", "1", "1"),
    ("VI", "1", "1"),
    ("RU", "7", "8"), ("KZ", "7", "8"),
    ("EG", "20", "0"), ("ZA", "27", "0"), ("GR", "30", ""), ("NL", "31", "0"), ("BE", "32", "0"),
    ("FR", "33", "0"), ("ES", "34", ""), ("HU", "36", "06"), ("IT", "39", ""), ("VA", "39", ""),
    ("RO", "40", "0"), ("CH", "41", "0"), ("AT", "43", "0"), ("GB", "44", "0"), ("GG", "44", "0"),
    ("IM", "44", "0"), ("JE", "44", "0"), ("DK", "45", ""), ("SE", "46", "0"), ("NO", "47", ""),
    ("SJ", "47", ""), ("BV", "47", ""), ("PL", "48", ""), ("DE", "49", "0"), ("PE", "51", "0"),
    ("MX", "52", ""), ("CU", "53", "0"), ("AR", "54", "0"), ("BR", "55", "0"), ("CL", "56", ""),
    ("CO", "57", ""), ("VE", "58", "0"), ("MY", "60", "0"), ("AU", "61", "0"), ("CX", "61", "0"),
    ("CC", "61", "0"), ("ID", "62", "0"), ("PH", "63", "0"), ("NZ", "64", "0"), ("PN", "64", "0"),
    ("SG", "65", ""), ("TH", "66", "0"), ("JP", "81", "0"), ("KR", "82", "0"), ("VN", "84", "0"),
    ("CN", "86", "0"), ("TR", "90", "0"), ("IN", "91", "0"), ("PK", "92", "0"), ("AF", "93", "0"),
    ("LK", "94", "0"), ("MM", "95", "0"), ("IR", "98", "0"),
    ("SS", "211", "0"), ("MA", "212", "0"), ("EH", "212", "0"), ("DZ", "213", "0"), ("TN", "216", ""),
    ("LY", "218", "0"), ("GM", "220", ""), ("SN", "221", ""), ("MR", "222", ""), ("ML", "223", ""),
    ("GN", "224", ""), ("CI", "225", ""), ("BF", "226", ""), ("NE", "227", ""), ("TG", "228", ""),
    ("BJ", "229", ""), ("MU", "230", ""), ("LR", "231", "0"), ("SL", "232", "0"), ("GH", "233", "0"),
    ("NG", "234", "0"), ("TD", "235", ""), ("CF", "236", ""), ("CM", "237", ""), ("CV", "238", ""),
    ("ST", "239", ""), ("GQ", "240", ""), ("GA", "241", ""), ("CG", "242", ""), ("CD", "243", "0"),
    ("AO", "244", ""), ("GW", "245", ""), ("IO", "246", ""), ("SC", "248", ""), ("SD", "249", "0"),
    ("RW", "250", "0"), ("ET", "251", "0"), ("SO", "252", "0"), ("DJ", "253", ""), ("KE", "254", "0"),
    ("TZ", "255", "0"), ("UG", "256", "0"), ("BI", "257", ""), ("MZ", "258", ""), ("ZM", "260", "0"),
    ("MG", "261", "0"), ("RE", "262", "0"), ("YT", "262", "0"), ("TF", "262", "0"), ("ZW", "263", "0"),
    ("NA", "264", "0"), ("MW", "265", "0"), ("LS", "266", ""), ("BW", "267", ""), ("SZ", "268", ""),
    ("KM", "269", ""), ("SH", "290", ""), ("ER", "291", "0"), ("AW", "297", ""), ("FO", "298", ""),
    ("GL", "299", ""),
    ("GI", "350", ""), ("PT", "351", ""), ("LU", "352", ""), ("IE", "353", "0"), ("IS", "354", ""),
    ("AL", "355", "0"), ("MT", "356", ""), ("CY", "357", ""), ("FI", "358", "0"), ("AX", "358", "0"),
    ("BG", "359", "0"), ("LT", "370", "0"), ("LV", "371", ""), ("EE", "372", ""), ("MD", "373", "0"),
    ("AM", "374", "0"), ("BY", "375", "8"), ("AD", "376", ""), ("MC", "377", ""), ("SM", "378", ""),
    ("UA", "380", "0"), ("RS", "381", "0"), ("ME", "382", "0"), ("XK", "383", "0"), ("HR", "385", "0"),
    ("SI", "386", "0"), ("BA", "387", "0"), ("MK", "389", "0"), ("CZ", "420", ""), ("SK", "421", "0"),
    ("LI", "423", ""),
    ("FK", "500", ""), ("GS", "500", ""), ("BZ", "501", ""), ("GT", "502", ""), ("SV", "503", ""),
    ("HN", "504", ""), ("NI", "505", ""), ("CR", "506", ""), ("PA", "507", ""), ("PM", "508", ""),
    ("HT", "509", ""), ("GP", "590", "0"), ("BL", "590", "0"), ("MF", "590", "0"), ("BO", "591", "0"),
    ("GY", "592", ""), ("EC", "593", "0"), ("GF", "594", "0"), ("PY", "595", "0"), ("MQ", "596", "0"),
    ("SR", "597", ""), ("UY", "598", "0"), ("CW", "599", ""), ("BQ", "599", ""),
    ("TL", "670", ""), ("AQ", "672", ""), ("NF", "672", ""), ("HM", "672", ""), ("BN", "673", ""),
    ("NR", "674", ""), ("PG", "675", ""), ("TO", "676", ""), ("SB", "677", ""), ("VU", "678", ""),
    ("FJ", "679", ""), ("PW", "680", ""), ("WF", "681", ""), ("CK", "682", ""), ("NU", "683", ""),
    ("WS", "685", ""), ("KI", "686", ""), ("NC", "687", ""), ("TV", "688", ""), ("PF", "689", ""),
    ("TK", "690", ""), ("FM", "691", ""), ("MH", "692", ""),
    ("KP", "850", "0"), ("HK", "852", ""), ("MO", "853", ""), ("KH", "855", "0"), ("LA", "856", "0"),
    ("BD", "880", "0"), ("TW", "886", "0"),
    ("MV", "960", ""), ("LB", "961", "0"), ("JO", "962", "0"), ("SY", "963", "0"), ("IQ", "964", "0"),
    ("KW", "965", ""), ("SA", "966", "0"), ("YE", "967", "0"), ("OM", "968", ""), ("PS", "970", "0"),
    ("AE", "971", "0"), ("IL", "972", "0"), ("BH", "973", ""), ("QA", "974", ""), ("BT", "975", ""),
    ("MN", "976", "0"), ("NP", "977", "0"), ("TJ", "992", ""), ("TM", "993", "8"), ("AZ", "994", "0"),
    ("GE", "995", "0"), ("KG", "996", "0"), ("UZ", "998", ""),
];

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

#[cfg(test)]
mod tests {
    use super::*;

    fn key(p: &str, region: Option<&str>) -> Option<String> {
        phone_key_in(p, region.map(|r| PhoneRegion::named(r).unwrap()))
    }

    #[test]
    fn a_number_is_keyed_by_its_calling_code_and_national_significant_number() {
        let paris = Some("+33 612345678".to_owned());
        for written in [
            "+33 6 12 34 56 78",
            "0033 6 12 34 56 78",
            "+33 (0)6 12 34 56 78",
            "+33 06 12 34 56 78",
            "tel:+33-6-12-34-56-78",
        ] {
            assert_eq!(key(written, None), paris, "{written}");
        }
        assert_eq!(key("06 12 34 56 78", Some("FR")), paris);
        assert_eq!(key("06 12 34 56 78", None), Some("612345678".to_owned()), "no region: national only");
        // North America: trunk prefix 1, international prefix 011.
        for written in ["(905) 555-1234", "1-905-555-1234", "+1 905 555 1234", "011 1 905 555 1234"] {
            assert_eq!(key(written, Some("US")), Some("+1 9055551234".to_owned()), "{written}");
        }
        // Italy keeps the 0 of its area codes; Hungary's trunk prefix is 06.
        assert_eq!(key("06 1234 5678", Some("IT")), Some("+39 0612345678".to_owned()));
        assert_eq!(key("+39 06 1234 5678", None), Some("+39 0612345678".to_owned()));
        assert_eq!(key("06 1 234 5678", Some("HU")), Some("+36 12345678".to_owned()));
    }

    #[test]
    fn an_extension_or_a_short_number_is_no_key() {
        assert_eq!(key("+1 905 555 1234 ext. 12", None), Some("+1 9055551234".to_owned()));
        assert_eq!(key("+1 905 555 1234;ext=12", None), Some("+1 9055551234".to_owned()));
        assert_eq!(key("555 0123", Some("US")), None, "seven digits without an area code");
        assert_eq!(key("123456", None), None);
        assert_eq!(key("", None), None);
        // A calling code Rapport does not know (a global service): all its digits.
        assert_eq!(key("+800 1234 5678", None), Some("+80012345678".to_owned()));
    }

    #[test]
    fn every_region_is_listed_once_and_the_calling_codes_form_a_prefix_code() {
        let mut names: Vec<&str> = REGIONS.iter().map(|r| r.0).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), REGIONS.len());
        for (_, a, _) in REGIONS {
            for (_, b, _) in REGIONS {
                assert!(a == b || !b.starts_with(a), "{a} is a prefix of {b}");
            }
        }
    }
}
