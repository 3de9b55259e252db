//! Contacts from CSV: Google Contacts' export, LinkedIn's `Connections.csv`, and any other CSV
//! whose columns are mapped to fields (by `--map COLUMN=FIELD`, else by recognised headers).
//!
//! The text is UTF-8 when it is valid UTF-8 (with or without a BOM), UTF-16 with a BOM, and
//! otherwise Windows-1252 (Excel's "CSV" on Windows). Rows with more or fewer fields than the
//! header are refused, naming the row, its line and the counts.

use std::io::Read;

use chrono::NaiveDate;

use super::vcard::birthday;
use super::{
    Format, ImportOptions, IncomingContact, LeftOut, Parsed, Problem, Record, Ticker, MAX_CIRCLES, MAX_EMAILS,
    MAX_LINKS, MAX_PHONES,
};
use crate::error::{Error, Reason, Result};
use crate::model::{ContactFields, Labeled};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    DisplayName,
    GivenName,
    MiddleName,
    FamilyName,
    Nickname,
    Company,
    Role,
    /// Parts are joined with ", " (city, region, country).
    Location,
    HowMet,
    MetOn,
    Birthday,
    Notes,
    /// A value; in Google's export the label sits in another column of the same row.
    Email {
        label_column: Option<usize>,
    },
    Phone {
        label_column: Option<usize>,
    },
    Link {
        label_column: Option<usize>,
    },
    Circles,
}

impl Field {
    /// The field names a mapping may use (docs/import.md).
    pub const NAMES: &'static [&'static str] = &[
        "display_name",
        "given_name",
        "middle_name",
        "family_name",
        "nickname",
        "company",
        "role",
        "location",
        "how_met",
        "met_on",
        "birthday",
        "notes",
        "email",
        "phone",
        "link",
        "circles",
        "ignore",
    ];

    fn from_name(name: &str) -> Option<Option<Field>> {
        let f = match name.trim().to_ascii_lowercase().replace(['-', ' '], "_").as_str() {
            "display_name" | "name" => Field::DisplayName,
            "given_name" | "first_name" => Field::GivenName,
            "middle_name" => Field::MiddleName,
            "family_name" | "last_name" => Field::FamilyName,
            "nickname" => Field::Nickname,
            "company" => Field::Company,
            "role" | "title" => Field::Role,
            "location" => Field::Location,
            "how_met" => Field::HowMet,
            "met_on" => Field::MetOn,
            "birthday" => Field::Birthday,
            "notes" => Field::Notes,
            "email" => Field::Email { label_column: None },
            "phone" => Field::Phone { label_column: None },
            "link" | "url" => Field::Link { label_column: None },
            "circles" | "circle" => Field::Circles,
            "ignore" => return Some(None),
            _ => return None,
        };
        Some(Some(f))
    }
}

/// Which CSV this is, from the upper-cased start of the file.
pub(crate) fn detect(head_upper: &str) -> Option<Format> {
    let first = head_upper.lines().next().unwrap_or("");
    if first.contains("CONVERSATION ID") && first.contains("FROM") {
        return Some(Format::LinkedinMessages);
    }
    if head_upper.contains("FIRST NAME,LAST NAME,URL") || head_upper.contains("CONNECTED ON") {
        return Some(Format::LinkedinConnections);
    }
    if first.contains("E-MAIL 1 - VALUE") || first.contains("GIVEN NAME,ADDITIONAL NAME") {
        return Some(Format::GoogleCsv);
    }
    None
}

/// A header with only letters and digits, lower case: "E-mail 1 - Value" → "email1value".
fn squash(header: &str) -> String {
    header.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase()
}

/// The field a header means, for Google's export and for common headers of any CSV.
fn recognise(headers: &[String], i: usize) -> Option<Field> {
    let h = squash(&headers[i]);
    let label_of = |value_suffix: &str| {
        // "E-mail 1 - Value" is labelled by "E-mail 1 - Type" (old export) or "- Label" (new).
        let stem = headers[i].trim_end().strip_suffix(value_suffix)?.to_owned();
        headers.iter().position(|o| *o == format!("{stem}Type") || *o == format!("{stem}Label"))
    };
    if h.starts_with("email") && h.ends_with("value") {
        return Some(Field::Email { label_column: label_of("Value") });
    }
    if h.starts_with("phone") && h.ends_with("value") {
        return Some(Field::Phone { label_column: label_of("Value") });
    }
    if h.starts_with("website") && h.ends_with("value") {
        return Some(Field::Link { label_column: label_of("Value") });
    }
    let f = match h.as_str() {
        "name" | "fullname" | "displayname" | "contactname" => Field::DisplayName,
        "givenname" | "firstname" => Field::GivenName,
        "additionalname" | "middlename" => Field::MiddleName,
        "familyname" | "lastname" | "surname" => Field::FamilyName,
        "nickname" => Field::Nickname,
        "company" | "organization" | "organisation" | "organizationname" | "organization1name" | "employer" => {
            Field::Company
        }
        "title" | "jobtitle" | "position" | "role" | "organizationtitle" | "organization1title" => Field::Role,
        "location" | "city" | "address1city" | "address1region" | "address1country" => Field::Location,
        "howmet" | "howwemet" => Field::HowMet,
        "meton" | "connectedon" | "met" => Field::MetOn,
        "birthday" | "birthdate" | "dateofbirth" | "bday" => Field::Birthday,
        "notes" | "note" | "comments" => Field::Notes,
        "email" | "emails" | "emailaddress" | "mail" => Field::Email { label_column: None },
        "phone" | "phones" | "phonenumber" | "mobile" | "telephone" | "tel" => Field::Phone { label_column: None },
        "url" | "links" | "website" | "profile" | "profileurl" | "linkedin" => Field::Link { label_column: None },
        "groupmembership" | "labels" | "groups" | "tags" | "circles" | "categories" => Field::Circles,
        _ => return None,
    };
    Some(f)
}

/// Reads a date as people and programs write it: `2025-07-26`, `26 Jul 2025`, `Jul 26, 2025`,
/// `26/07/2025` (day first unless that is impossible and month first is not), `26.07.2025`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    let t = t.split(['T', ' ']).next().filter(|d| d.len() == 10 && d.as_bytes()[4] == b'-').unwrap_or(t);
    const FORMATS: &[&str] = &[
        "%Y-%m-%d",
        "%d %b %Y",
        "%d %B %Y",
        "%b %d, %Y",
        "%B %d, %Y",
        "%d/%m/%Y",
        "%m/%d/%Y",
        "%d.%m.%Y",
        "%Y%m%d",
        "%Y/%m/%d",
    ];
    FORMATS.iter().find_map(|f| NaiveDate::parse_from_str(t, f).ok())
}

/// CSV rows as text, read as a stream: each field is UTF-8 when it is valid UTF-8, else
/// Windows-1252 (Excel's "CSV" on Windows), as a whole file of either kind reads.
pub(crate) struct TextRows<R> {
    reader: csv::Reader<R>,
    row: csv::ByteRecord,
    fell_back: bool,
}

impl<R: Read> TextRows<R> {
    pub(crate) fn new(builder: &mut csv::ReaderBuilder, reader: R) -> Self {
        TextRows {
            reader: builder.flexible(true).has_headers(false).from_reader(reader),
            row: csv::ByteRecord::new(),
            fell_back: false,
        }
    }

    /// The next row, or what is wrong with it; `None` at the end. A failed read ends the import.
    pub(crate) fn next_row(&mut self) -> Result<Option<std::result::Result<csv::StringRecord, csv::Error>>> {
        match self.reader.read_byte_record(&mut self.row) {
            Ok(false) => Ok(None),
            Ok(true) => Ok(Some(Ok(self.text()))),
            Err(e) if e.is_io_error() => match e.into_kind() {
                csv::ErrorKind::Io(source) => Err(super::read_failed(source)),
                _ => Err(super::read_failed(std::io::Error::other("read error"))),
            },
            Err(e) => Ok(Some(Err(e))),
        }
    }

    fn text(&mut self) -> csv::StringRecord {
        match csv::StringRecord::from_byte_record(self.row.clone()) {
            Ok(text) => text,
            Err(e) => {
                self.fell_back = true;
                let bytes = e.into_byte_record();
                let mut text: csv::StringRecord =
                    bytes.iter().map(|f| encoding_rs::WINDOWS_1252.decode(f).0.into_owned()).collect();
                text.set_position(bytes.position().cloned());
                text
            }
        }
    }

    /// UTF-8, or Windows-1252 if any field needed it.
    pub(crate) fn encoding(&self) -> &'static str {
        if self.fell_back {
            "Windows-1252"
        } else {
            "UTF-8"
        }
    }
}

/// Reads a contacts CSV from `text`, whose first bytes `head` are (for the header's delimiter
/// and, in LinkedIn's export, where the header starts).
pub(crate) fn parse(
    head: &[u8],
    mut text: impl Read,
    format: Format,
    options: &ImportOptions,
    ticker: &mut Ticker<'_>,
) -> Result<Parsed> {
    // LinkedIn puts a few "Notes:" lines before the header.
    let (start, skipped_lines) = if format == Format::LinkedinConnections { header_start(head) } else { (0, 0) };
    std::io::copy(&mut (&mut text).take(start as u64), &mut std::io::sink()).map_err(super::read_failed)?;
    let mut rows = TextRows::new(csv::ReaderBuilder::new().delimiter(delimiter(&head[start..])), text);
    let headers: Vec<String> = match rows.next_row()? {
        Some(Ok(h)) => h.iter().map(|s| s.trim().trim_start_matches('\u{feff}').to_owned()).collect(),
        Some(Err(e)) => return Err(csv_error(e, skipped_lines)),
        None => return Err(Error::BadInput(Reason::NoHeaderRow {})),
    };
    let columns = map_columns(&headers, options)?;
    let mut parsed = Parsed::new(format, "UTF-8");
    let mut number = 0;
    while let Some(row) = rows.next_row()? {
        number += 1;
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize + skipped_lines);
                let record = Record { kind: "row", number, line };
                parsed.problems.push(Problem::error(Some(record), line, "row", csv_message(&e)));
                continue;
            }
        };
        let line = row.position().map(|p| p.line() as usize + skipped_lines);
        let record = Record { kind: "row", number, line };
        if number % 1024 == 0 {
            ticker.tick(start as u64 + row.position().map_or(0, |p| p.byte()))?;
        }
        if row.iter().all(|f| f.trim().is_empty()) {
            number -= 1;
            continue;
        }
        if row.len() != headers.len() {
            parsed.problems.push(Problem::error(
                Some(record),
                line,
                "row",
                Reason::RaggedCsvRow { n: row.len(), header: headers.len() },
            ));
            continue;
        }
        let mut problems = Vec::new();
        if let Some(mut fields) = contact_from_row(&row, &headers, &columns, record, &mut problems) {
            if format == Format::LinkedinConnections && fields.how_met.is_none() {
                fields.how_met = Some("LinkedIn".to_owned());
            }
            if problems.iter().all(|p| p.severity != super::Severity::Error) {
                ticker.contact(&mut parsed, IncomingContact { record, fields, original: None })?;
            }
        }
        parsed.problems.extend(problems);
    }
    parsed.records = number;
    parsed.encoding = rows.encoding();
    Ok(parsed)
}

/// `,`, `;` (Excel where the decimal mark is a comma) or a tab: whichever the header uses most.
fn delimiter(head: &[u8]) -> u8 {
    let header = head.split(|b| *b == b'\n').next().unwrap_or(b"");
    [b',', b';', b'\t'].into_iter().max_by_key(|d| header.iter().filter(|b| *b == d).count()).unwrap_or(b',')
}

/// Where the header row starts in the file's first bytes, and how many lines come before it:
/// the first line that names a first-name column.
fn header_start(head: &[u8]) -> (usize, usize) {
    let mut offset = 0;
    for (n, line) in head.split_inclusive(|b| *b == b'\n').enumerate() {
        let bare = if n == 0 { line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line) } else { line };
        let upper = bare.to_ascii_uppercase();
        if upper.starts_with(b"FIRST NAME") || upper.starts_with(b"\"FIRST NAME\"") {
            return (offset, n);
        }
        offset += line.len();
    }
    (0, 0)
}

fn csv_message(e: &csv::Error) -> Reason {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => Reason::NotValidText {},
        _ => Reason::Csv { detail: e.to_string() },
    }
}

fn csv_error(e: csv::Error, skipped: usize) -> Error {
    let line = e.position().map(|p| p.line() as usize + skipped).unwrap_or(1);
    Error::BadInput(Reason::HeaderUnreadable { line, detail: csv_message(&e).to_string() })
}

fn map_columns(headers: &[String], options: &ImportOptions) -> Result<Vec<(usize, Field)>> {
    let mut columns = Vec::new();
    if options.mapping.is_empty() {
        for i in 0..headers.len() {
            if let Some(f) = recognise(headers, i) {
                columns.push((i, f));
            }
        }
        if columns.is_empty() {
            let columns = headers.iter().take(8).map(|h| format!("{h:?}")).collect();
            return Err(Error::invalid("map", Reason::NoKnownColumn { columns }));
        }
    } else {
        for (column, field) in &options.mapping {
            let i = headers.iter().position(|h| h.eq_ignore_ascii_case(column.trim())).ok_or_else(|| {
                Error::invalid("map", Reason::NoSuchColumn { column: column.clone(), columns: headers.to_vec() })
            })?;
            let f = Field::from_name(field).ok_or_else(|| {
                Error::invalid(
                    "map",
                    Reason::NotAField {
                        value: field.clone(),
                        choices: Field::NAMES.iter().map(|n| (*n).to_owned()).collect(),
                    },
                )
            })?;
            if let Some(f) = f {
                columns.push((i, f));
            }
        }
    }
    Ok(columns)
}

fn contact_from_row(
    row: &csv::StringRecord,
    headers: &[String],
    columns: &[(usize, Field)],
    record: Record,
    problems: &mut Vec<Problem>,
) -> Option<ContactFields> {
    let mut f = ContactFields::default();
    let mut middle: Option<String> = None;
    let mut place: Vec<String> = Vec::new();
    let mut left_out = LeftOut::default();
    let label = |c: Option<usize>| -> Option<String> {
        c.and_then(|c| row.get(c))
            .map(|l| l.trim().trim_start_matches("* ").to_ascii_lowercase())
            .filter(|l| !l.is_empty())
    };
    for &(i, field) in columns {
        let raw = row.get(i).unwrap_or("");
        // Without the `'` a spreadsheet-safe export (Rapport's own) put before a formula's start.
        let value = crate::text::csv_unsafe(raw.trim());
        if value.is_empty() {
            continue;
        }
        let column = headers[i].clone();
        let set = |slot: &mut Option<String>| {
            if slot.is_none() {
                *slot = Some(value.to_owned());
            }
        };
        // Google separates several values in one cell with " ::: ", Rapport's own export with
        // "; " (and a label in parentheses after each value).
        let many = || value.split(":::").flat_map(|v| v.split("; ")).map(str::trim).filter(|v| !v.is_empty());
        match field {
            Field::DisplayName => {
                if f.display_name.is_empty() {
                    f.display_name = value.to_owned();
                }
            }
            Field::GivenName => set(&mut f.given_name),
            Field::MiddleName => set(&mut middle),
            Field::FamilyName => set(&mut f.family_name),
            Field::Nickname => set(&mut f.nickname),
            Field::Company => set(&mut f.company),
            Field::Role => set(&mut f.role),
            Field::Location => place.push(value.to_owned()),
            Field::HowMet => set(&mut f.how_met),
            Field::Notes => {
                if !f.notes.is_empty() {
                    f.notes.push_str("\n\n");
                }
                f.notes.push_str(value);
            }
            Field::MetOn => match parse_date(value) {
                Some(d) => f.met_on = Some(d),
                None => problems.push(Problem::error(
                    Some(record),
                    record.line,
                    column,
                    Reason::NotADate { value: value.to_owned() },
                )),
            },
            Field::Birthday => {
                match birthday(value).or_else(|| parse_date(value).map(|d| d.format("%Y-%m-%d").to_string())) {
                    Some(b) => f.birthday = Some(b),
                    None => problems.push(Problem::error(
                        Some(record),
                        record.line,
                        column,
                        Reason::NotADay { value: value.to_owned() },
                    )),
                }
            }
            Field::Email { label_column } => {
                for v in many() {
                    let (v, own) = split_label(v);
                    if v.contains('@') {
                        push(&mut f.emails, MAX_EMAILS, &mut left_out.emails, v, own.or_else(|| label(label_column)));
                    } else {
                        problems.push(Problem::error(
                            Some(record),
                            record.line,
                            column.clone(),
                            Reason::NotEmail { value: v.to_owned() },
                        ));
                    }
                }
            }
            Field::Phone { label_column } => many().map(split_label).for_each(|(v, own)| {
                push(&mut f.phones, MAX_PHONES, &mut left_out.phones, v, own.or_else(|| label(label_column)));
            }),
            Field::Link { label_column } => many().map(split_label).for_each(|(v, own)| {
                push(&mut f.links, MAX_LINKS, &mut left_out.links, v, own.or_else(|| label(label_column)));
            }),
            Field::Circles => {
                for c in many().flat_map(|v| v.split([',', ';'])).map(|c| c.trim().trim_start_matches("* ").trim()) {
                    // Google's system groups say nothing about the person.
                    if c.is_empty()
                        || c.eq_ignore_ascii_case("myContacts")
                        || c.eq_ignore_ascii_case("starred")
                        || f.circles.iter().any(|x| x.eq_ignore_ascii_case(c))
                    {
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
    }
    left_out.warn(record, record.line, ["email", "phone", "link", "circles"], problems);
    if !place.is_empty() {
        f.location = Some(place.join(", "));
    }
    if f.display_name.is_empty() {
        let composed = [f.given_name.as_deref(), middle.as_deref(), f.family_name.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        f.display_name = if !composed.is_empty() {
            composed
        } else if let Some(c) = &f.company {
            c.clone()
        } else if let Some(e) = f.emails.first() {
            e.value.clone()
        } else {
            problems.push(Problem::error(Some(record), record.line, "name", Reason::RowNoName {}));
            return None;
        };
    }
    Some(f)
}

/// `"ana@x.org (work)"` → `("ana@x.org", Some("work"))`, as Rapport's CSV export writes labels.
fn split_label(v: &str) -> (&str, Option<String>) {
    match v.strip_suffix(')').and_then(|rest| rest.rsplit_once(" (")) {
        Some((value, label)) if !value.trim().is_empty() => (value.trim(), Some(label.trim().to_owned())),
        _ => (v, None),
    }
}

/// Adds a value once (any case); one that finds the list full (`max`) is counted in `left_out`.
fn push(list: &mut Vec<Labeled>, max: usize, left_out: &mut usize, value: &str, label: Option<String>) {
    if list.iter().any(|l| l.value.eq_ignore_ascii_case(value)) {
        return;
    }
    if list.len() < max {
        // Most people have one or two: a Vec's first push would make room for four.
        list.reserve_exact(1);
        list.push(Labeled { value: value.to_owned(), label });
    } else {
        *left_out += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_people_write_them() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(parse_date("26 Jul 2025"), d(2025, 7, 26));
        assert_eq!(parse_date("2025-07-26"), d(2025, 7, 26));
        assert_eq!(parse_date("Jul 26, 2025"), d(2025, 7, 26));
        assert_eq!(parse_date("26/07/2025"), d(2025, 7, 26));
        assert_eq!(parse_date("07/26/2025"), d(2025, 7, 26));
        assert_eq!(parse_date("31/02/2025"), None);
        assert_eq!(parse_date("yesterday"), None);
    }

    #[test]
    fn csv_kinds_are_told_apart_by_their_header() {
        assert_eq!(
            detect("CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL"),
            Some(Format::LinkedinMessages)
        );
        assert_eq!(
            detect("NOTES:\n\"...\"\n\nFIRST NAME,LAST NAME,URL,EMAIL ADDRESS"),
            Some(Format::LinkedinConnections)
        );
        assert_eq!(detect("FIRST NAME,MIDDLE NAME,LAST NAME,E-MAIL 1 - VALUE"), Some(Format::GoogleCsv));
        assert_eq!(detect("NAME,EMAIL"), None);
    }
}
