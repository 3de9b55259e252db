//! vCard 2.1, 3.0 and 4.0 (`.vcf`), as phones, mail programs and address books write them.
//!
//! Kept: FN (else N, ORG or the first email as the name), N (given and family name), NICKNAME,
//! ORG (the organisation, not the department), TITLE (else ROLE), the first ADR with a place
//! (city, region, country), BDAY (with or without a year), NOTE, EMAIL, TEL, URL and
//! X-SOCIALPROFILE with their TYPE or `itemN.X-ABLabel` as label, CATEGORIES as circles.
//! Skipped: photos, logos, sounds and keys (binary), addresses' street lines, anniversaries,
//! and anything else Rapport has no field for.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::lines::{self, split_escaped, unescape, ContentLine};
use super::{
    IncomingContact, LeftOut, Parsed, Problem, Record, Ticker, MAX_CIRCLES, MAX_EMAILS, MAX_LINKS, MAX_PHONES,
};
use crate::error::{Reason, Result};
use crate::model::{ContactFields, Labeled};

/// A card's properties, gathered between BEGIN:VCARD and END:VCARD.
struct Card {
    record: Record,
    props: Vec<ContentLine>,
    errors: Vec<Problem>,
}

pub(crate) fn parse(text: impl std::io::BufRead, ticker: &mut Ticker<'_>) -> Result<Parsed> {
    let mut parsed = Parsed::new(super::Format::Vcard, "UTF-8");
    // One logical line at a time: only the open card's properties are held.
    let mut logical = lines::Unfolded::new(text);
    let mut card: Option<Card> = None;
    let mut count = 0;
    let mut i = 0usize;
    while let Some((line_no, raw)) = logical.next_line().map_err(super::read_failed)? {
        i += 1;
        if i.is_multiple_of(512) {
            ticker.tick(logical.physical().consumed())?;
        }
        let prop = match lines::parse_line(line_no, &raw) {
            Ok(p) => p,
            Err(e) => {
                let problem = Problem::error(card.as_ref().map(|c| c.record), Some(e.line), "line", e.reason);
                match card.as_mut() {
                    Some(c) => c.errors.push(problem),
                    None => parsed.problems.push(problem),
                }
                continue;
            }
        };
        let is = |what: &str| prop.value.trim().eq_ignore_ascii_case(what);
        match prop.name.as_str() {
            "BEGIN" if is("VCARD") => {
                if let Some(open) = card.take() {
                    parsed.problems.push(Problem::error(
                        Some(open.record),
                        Some(prop.line),
                        "END",
                        Reason::CardNotEnded {},
                    ));
                }
                count += 1;
                card = Some(Card {
                    record: Record { kind: "card", number: count, line: Some(prop.line) },
                    props: Vec::new(),
                    errors: Vec::new(),
                });
            }
            "END" if is("VCARD") => match card.take() {
                Some(c) => finish(c, &mut parsed, ticker)?,
                None => parsed.problems.push(Problem::error(None, Some(prop.line), "END", Reason::EndWithoutBegin {})),
            },
            _ => match card.as_mut() {
                Some(c) => c.props.push(prop),
                None => parsed.problems.push(Problem::error(
                    None,
                    Some(prop.line),
                    prop.name.clone(),
                    Reason::PropertyOutsideCard {},
                )),
            },
        }
    }
    if let Some(open) = card {
        parsed.problems.push(Problem::error(Some(open.record), None, "END", Reason::CardTruncated {}));
    }
    if count == 0 && parsed.problems.is_empty() {
        parsed.problems.push(Problem::error(None, None, "file", Reason::NoVcard {}));
    }
    parsed.records = count;
    parsed.encoding = logical.physical().encoding();
    Ok(parsed)
}

/// Turns a complete card into a contact, or into problems.
fn finish(card: Card, parsed: &mut Parsed, ticker: &mut Ticker<'_>) -> Result<()> {
    let record = card.record;
    if !card.errors.is_empty() {
        parsed.problems.extend(card.errors);
        return Ok(());
    }
    let mut problems = Vec::new();
    let fields = contact_fields(&card.props, record, &mut problems);
    let failed = problems.iter().any(|p: &Problem| p.severity == super::Severity::Error);
    parsed.problems.extend(problems);
    if let (false, Some(fields)) = (failed, fields) {
        ticker.contact(parsed, IncomingContact { record, fields, original: None })?;
    }
    Ok(())
}

/// The label an `itemN.X-ABLabel` gives to the other properties of its group (Apple, Google).
/// By group, so a card with many groups is read in linear time; the first label of a group wins.
fn group_labels(props: &[ContentLine]) -> HashMap<String, String> {
    let mut labels = HashMap::new();
    for p in props.iter().filter(|p| p.name == "X-ABLABEL") {
        let label = unescape(&p.value);
        let label = label.trim().trim_start_matches("_$!<").trim_end_matches(">!$_").trim().to_owned();
        if let (Some(group), false) = (&p.group, label.is_empty()) {
            labels.entry(group.clone()).or_insert(label);
        }
    }
    labels
}

/// A label from TYPE values, leaving out those that say nothing to a person.
fn type_label(prop: &ContentLine, groups: &HashMap<String, String>) -> Option<String> {
    if let Some(l) = prop.group.as_ref().and_then(|g| groups.get(g)) {
        return Some(l.to_ascii_lowercase());
    }
    let kept: Vec<String> = prop
        .types()
        .into_iter()
        .filter(|t| {
            !matches!(t.as_str(), "pref" | "internet" | "voice" | "x400" | "text" | "uri" | "postal" | "parcel")
        })
        .map(|t| if t == "cell" { "mobile".to_owned() } else { t })
        .collect();
    (!kept.is_empty()).then(|| kept.join(" "))
}

fn is_pref(prop: &ContentLine) -> bool {
    prop.types().iter().any(|t| t == "pref") || prop.param("PREF").is_some()
}

pub(crate) fn contact_fields(
    props: &[ContentLine],
    record: Record,
    problems: &mut Vec<Problem>,
) -> Option<ContactFields> {
    let groups = group_labels(props);
    let mut f = ContactFields::default();
    let text = |p: &ContentLine| unescape(p.value.trim());
    let mut org_name: Option<String> = None;
    let mut title: Option<String> = None;
    let mut role: Option<String> = None;
    let mut notes: Vec<String> = Vec::new();
    let mut place: Option<(bool, String)> = None;
    let mut left_out = LeftOut::default();
    for p in props {
        let warn = |problems: &mut Vec<Problem>, reason: Reason| {
            problems.push(Problem::warning(Some(record), Some(p.line), p.name.clone(), reason));
        };
        match p.name.as_str() {
            "FN" => {
                let v = text(p);
                if f.display_name.is_empty() && !v.trim().is_empty() {
                    f.display_name = v.trim().to_owned();
                }
            }
            "N" => {
                let parts: Vec<String> = split_escaped(&p.value, ';').into_iter().map(|s| unescape(s.trim())).collect();
                let pick = |i: usize| parts.get(i).map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
                if f.family_name.is_none() && f.given_name.is_none() {
                    f.family_name = pick(0);
                    f.given_name = pick(1);
                }
            }
            "NICKNAME" if f.nickname.is_none() => {
                f.nickname =
                    split_escaped(&p.value, ',').into_iter().map(|s| unescape(s.trim())).find(|s| !s.is_empty());
            }
            "ORG" if org_name.is_none() => {
                org_name = split_escaped(&p.value, ';').first().map(|s| unescape(s.trim())).filter(|s| !s.is_empty());
            }
            "TITLE" => title = title.or_else(|| Some(text(p)).filter(|s| !s.is_empty())),
            "ROLE" => role = role.or_else(|| Some(text(p)).filter(|s| !s.is_empty())),
            "NOTE" => {
                let v = text(p);
                let v = v.replace("\r\n", "\n");
                if !v.trim().is_empty() {
                    notes.push(v.trim().to_owned());
                }
            }
            "ADR" => {
                let parts: Vec<String> = split_escaped(&p.value, ';').into_iter().map(|s| unescape(s.trim())).collect();
                // Post box, extended, street, locality, region, postal code, country: the place is
                // the locality, region and country.
                let wanted: Vec<&str> = [3, 4, 6]
                    .iter()
                    .filter_map(|&i| parts.get(i).map(|s| s.trim()))
                    .filter(|s| !s.is_empty())
                    .collect();
                if !wanted.is_empty() {
                    let pref = is_pref(p);
                    if place.is_none() || (pref && !place.as_ref().is_some_and(|(had_pref, _)| *had_pref)) {
                        place = Some((pref, wanted.join(", ")));
                    }
                }
            }
            "BDAY" => {
                if f.birthday.is_some() {
                    continue;
                }
                let v = text(p);
                match birthday(&v) {
                    Some(b) => f.birthday = Some(b),
                    None if p.param("VALUE").is_some_and(|v| v.eq_ignore_ascii_case("text")) => {
                        warn(problems, Reason::FreeTextDate { value: v.clone() })
                    }
                    None => problems.push(Problem::error(
                        Some(record),
                        Some(p.line),
                        "BDAY",
                        Reason::VcardDate { value: v.clone() },
                    )),
                }
            }
            "EMAIL" => {
                let v = text(p);
                let v = v.trim().trim_start_matches("mailto:").trim();
                if v.is_empty() {
                    continue;
                }
                if v.contains('@') {
                    let label = type_label(p, &groups);
                    push_labeled(&mut f.emails, MAX_EMAILS, &mut left_out.emails, v, label, is_pref(p));
                } else {
                    warn(problems, Reason::EmailLeftOut { value: lines::excerpt(v) });
                }
            }
            "TEL" => {
                let v = text(p);
                let v = v.trim().trim_start_matches("tel:").trim();
                if !v.is_empty() {
                    let label = type_label(p, &groups);
                    push_labeled(&mut f.phones, MAX_PHONES, &mut left_out.phones, v, label, is_pref(p));
                }
            }
            "URL" | "X-SOCIALPROFILE" => {
                let v = text(p);
                if !v.trim().is_empty() {
                    let label =
                        type_label(p, &groups).or_else(|| p.param("X-SERVICE-TYPE").map(str::to_ascii_lowercase));
                    push_labeled(&mut f.links, MAX_LINKS, &mut left_out.links, v.trim(), label, is_pref(p));
                }
            }
            // Rapport's own vCard export keeps these two fields.
            "X-RAPPORT-HOW-MET" => f.how_met = Some(text(p)).filter(|s| !s.trim().is_empty()),
            "X-RAPPORT-MET-ON" => match NaiveDate::parse_from_str(p.value.trim(), "%Y-%m-%d") {
                Ok(d) => f.met_on = Some(d),
                Err(_) => warn(problems, Reason::DateLeftOut { value: lines::excerpt(&p.value) }),
            },
            "CATEGORIES" => {
                for c in split_escaped(&p.value, ',') {
                    let c = unescape(c.trim());
                    // Thunderbird escapes the commas it means as separators.
                    for c in c.split(',') {
                        let c = c.trim();
                        if c.is_empty() || f.circles.iter().any(|x| x.eq_ignore_ascii_case(c)) {
                            continue;
                        }
                        if f.circles.len() < MAX_CIRCLES {
                            f.circles.reserve_exact(1);
                            f.circles.push(c.to_owned());
                        } else {
                            left_out.circles += 1;
                        }
                    }
                }
            }
            _ => {}
        }
    }
    left_out.warn(record, record.line, ["EMAIL", "TEL", "URL", "CATEGORIES"], problems);
    f.company = org_name;
    f.role = title.or(role);
    f.notes = notes.join("\n\n");
    f.location = place.map(|(_, p)| p);
    if f.display_name.is_empty() {
        let composed =
            [f.given_name.as_deref(), f.family_name.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
        f.display_name = if !composed.trim().is_empty() {
            composed
        } else if let Some(org) = &f.company {
            org.clone()
        } else if let Some(e) = f.emails.first() {
            e.value.clone()
        } else if let Some(p) = f.phones.first() {
            p.value.clone()
        } else {
            problems.push(Problem::error(Some(record), record.line, "FN", Reason::CardNoName {}));
            return None;
        };
    }
    Some(f)
}

/// Adds a value once (case-insensitively), the preferred one first; a value that finds the list
/// full (`max` values) is counted in `left_out` instead. The scan is short: the list is capped.
fn push_labeled(
    list: &mut Vec<Labeled>,
    max: usize,
    left_out: &mut usize,
    value: &str,
    label: Option<String>,
    pref: bool,
) {
    if list.iter().any(|l| l.value.eq_ignore_ascii_case(value)) {
        return;
    }
    if list.len() >= max {
        *left_out += 1;
        return;
    }
    let item = Labeled { value: value.to_owned(), label };
    // Most people have one or two: a Vec's first push would make room for four.
    list.reserve_exact(1);
    if pref && !list.is_empty() {
        list.insert(0, item);
    } else {
        list.push(item);
    }
}

/// `YYYY-MM-DD`, `YYYYMMDD`, `--MMDD` or `--MM-DD` (no year), optionally followed by a time;
/// as the store keeps it: `YYYY-MM-DD` or `--MM-DD`. `None` for anything else, impossible
/// dates (31 February) included.
pub fn birthday(text: &str) -> Option<String> {
    let t = text.trim();
    let date_part = t.split('T').next().unwrap_or(t);
    if let Some(rest) = date_part.strip_prefix("--") {
        let digits: String = rest.chars().filter(|c| *c != '-').collect();
        if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let (m, d) = (&digits[..2], &digits[2..]);
        NaiveDate::parse_from_str(&format!("2000-{m}-{d}"), "%Y-%m-%d").ok()?;
        return Some(format!("--{m}-{d}"));
    }
    let d = NaiveDate::parse_from_str(date_part, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(date_part, "%Y%m%d"))
        .ok()?;
    let year = chrono::Datelike::year(&d);
    (crate::time::EARLIEST_YEAR..=crate::time::LATEST_YEAR).contains(&year).then(|| d.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{Progress, Stage};

    fn parse_str(text: &str) -> Parsed {
        let mut on = |_: Progress| true;
        let mut t = Ticker::new(&mut on, Stage::Reading, 1);
        parse(text.as_bytes(), &mut t).unwrap()
    }

    #[test]
    fn birthdays_with_and_without_year() {
        assert_eq!(birthday("19800322").as_deref(), Some("1980-03-22"));
        assert_eq!(birthday("1980-03-22T00:00:00Z").as_deref(), Some("1980-03-22"));
        assert_eq!(birthday("--0203").as_deref(), Some("--02-03"));
        assert_eq!(birthday("--02-29").as_deref(), Some("--02-29"));
        assert_eq!(birthday("1980-02-31"), None);
        assert_eq!(birthday("--1301"), None);
    }

    #[test]
    fn a_bad_card_is_reported_and_the_others_kept() {
        let p = parse_str(
            "begin:vcard\nversion:3.0\nfn:Ana\nend:vcard\nBEGIN:VCARD\nFN:Bo\nBDAY:2001-02-31\nEND:VCARD\n\
             BEGIN:VCARD\nFN:Cy\nitem1.EMAIL:cy@x.org\nitem1.X-ABLabel:_$!<Other>!$_\nEND:VCARD\n",
        );
        let names: Vec<&str> = p.contacts.iter().map(|c| c.fields.display_name.as_str()).collect();
        assert_eq!(names, ["Ana", "Cy"]);
        assert_eq!(p.contacts[1].fields.emails[0].label.as_deref(), Some("other"));
        assert_eq!(p.problems.len(), 1);
        let shown = p.problems[0].to_string();
        assert!(shown.contains("card 2") && shown.contains("line 7") && shown.contains("BDAY"), "{shown}");
    }

    #[test]
    fn a_truncated_file_names_the_open_card() {
        let p = parse_str("BEGIN:VCARD\nFN:Ana\nEND:VCARD\nBEGIN:VCARD\nFN:Bo\n");
        assert_eq!(p.contacts.len(), 1);
        assert!(p.problems[0].to_string().contains("card 2"), "{}", p.problems[0]);
    }
}
