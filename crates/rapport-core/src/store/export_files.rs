//! The other exports: one CSV table per entity, and the contacts as vCard 4.0 (RFC 6350).

use super::Store;
use crate::error::Result;
use crate::model::*;
use crate::text::csv_safe;

/// The CSV files of [`Store::export_csv`], in this order.
pub const CSV_TABLES: &[&str] =
    &["contacts", "circles", "interactions", "participants", "questions", "value_items", "posts", "reactions"];

fn csv_bytes(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| crate::Error::invalid("csv", crate::Reason::Csv { detail: e.to_string() });
    w.write_record(header).map_err(io)?;
    for row in rows {
        w.write_record(&row).map_err(io)?;
    }
    w.into_inner().map_err(|e| crate::Error::invalid("csv", crate::Reason::Csv { detail: e.to_string() }))
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(T::to_string).unwrap_or_default()
}

/// An optional text cell, quoted where a spreadsheet would read it as a formula ([`csv_safe`]).
fn text(v: &Option<String>) -> String {
    v.as_deref().map(csv_safe).unwrap_or_default()
}

fn joined(items: &[Labeled]) -> String {
    items
        .iter()
        .map(|l| match &l.label {
            Some(label) => format!("{} ({label})", l.value),
            None => l.value.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

impl Store {
    /// Every entity as its own CSV table (UTF-8, a header row, RFC 4180 quoting), named by
    /// [`CSV_TABLES`]. Lists inside a cell (a contact's emails) are separated by "; ". A text cell
    /// that a spreadsheet would run as a formula starts with `'` ([`csv_safe`]); ids, numbers,
    /// dates and fixed words never do.
    pub fn export_csv(&self) -> Result<Vec<(&'static str, Vec<u8>)>> {
        let all = self.export()?;
        let contacts = csv_bytes(
            &[
                "id",
                "display_name",
                "given_name",
                "family_name",
                "nickname",
                "company",
                "role",
                "location",
                "how_met",
                "met_on",
                "birthday",
                "closeness",
                "is_kin",
                "cadence_days",
                "archived",
                "emails",
                "phones",
                "links",
                "circles",
                "notes",
                "created_at",
                "updated_at",
            ],
            all.contacts.iter().map(|c| {
                let f = &c.fields;
                vec![
                    c.id.to_string(),
                    csv_safe(&f.display_name),
                    text(&f.given_name),
                    text(&f.family_name),
                    text(&f.nickname),
                    text(&f.company),
                    text(&f.role),
                    text(&f.location),
                    text(&f.how_met),
                    opt(&f.met_on),
                    opt(&f.birthday),
                    opt(&f.closeness),
                    f.is_kin.to_string(),
                    opt(&f.cadence_days),
                    c.archived.to_string(),
                    csv_safe(&joined(&f.emails)),
                    csv_safe(&joined(&f.phones)),
                    csv_safe(&joined(&f.links)),
                    csv_safe(&f.circles.join("; ")),
                    csv_safe(&f.notes),
                    c.created_at.to_rfc3339(),
                    c.updated_at.to_rfc3339(),
                ]
            }),
        )?;
        let circles = csv_bytes(
            &["id", "name", "cadence_days", "member_count"],
            all.circles
                .iter()
                .map(|c| vec![c.id.to_string(), csv_safe(&c.name), opt(&c.cadence_days), c.member_count.to_string()]),
        )?;
        let interactions = csv_bytes(
            &["id", "at", "channel", "initiated_by", "duration_min", "summary", "initiator_id", "in_reply_to"],
            all.interactions.iter().map(|i| {
                vec![
                    i.id.to_string(),
                    i.at.to_rfc3339(),
                    i.channel.to_string(),
                    i.initiated_by.to_string(),
                    opt(&i.duration_min),
                    csv_safe(&i.summary),
                    opt(&i.initiator),
                    opt(&i.in_reply_to),
                ]
            }),
        )?;
        let participants = csv_bytes(
            &["interaction_id", "contact_id", "contact_name"],
            all.interactions.iter().flat_map(|i| {
                i.participants.iter().map(|p| vec![i.id.to_string(), p.id.to_string(), csv_safe(&p.display_name)])
            }),
        )?;
        let questions = csv_bytes(
            &[
                "id",
                "contact_id",
                "contact_name",
                "asked_by",
                "text",
                "asked_in",
                "asked_at",
                "answered_in",
                "answered_at",
            ],
            all.interactions.iter().flat_map(|i| i.questions.iter()).map(|q| {
                vec![
                    q.id.to_string(),
                    q.contact.to_string(),
                    csv_safe(&q.contact_name),
                    q.asked_by.to_string(),
                    csv_safe(&q.text),
                    q.asked_in.to_string(),
                    q.asked_at.to_rfc3339(),
                    opt(&q.answered_in),
                    q.answered_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
                ]
            }),
        )?;
        let value_items = csv_bytes(
            &["id", "contact_id", "interaction_id", "direction", "kind", "weight", "note", "at"],
            all.interactions.iter().flat_map(|i| i.value_items.iter()).chain(all.value_items.iter()).map(|v| {
                vec![
                    v.id.to_string(),
                    v.contact.to_string(),
                    opt(&v.interaction),
                    v.direction.to_string(),
                    v.kind.to_string(),
                    opt(&v.weight),
                    csv_safe(&v.note),
                    v.at.to_rfc3339(),
                ]
            }),
        )?;
        let posts = csv_bytes(
            &["id", "platform", "at", "title", "url"],
            all.posts.iter().map(|p| {
                vec![p.id.to_string(), csv_safe(&p.platform), p.at.to_rfc3339(), csv_safe(&p.title), text(&p.url)]
            }),
        )?;
        let reactions = csv_bytes(
            &["id", "post_id", "kind", "contact_id", "contact_name", "count", "at", "comment", "replied"],
            all.posts.iter().flat_map(|p| p.reactions.iter()).map(|r| {
                vec![
                    r.id.to_string(),
                    r.post.to_string(),
                    r.kind.to_string(),
                    opt(&r.contact),
                    text(&r.contact_name),
                    r.count.to_string(),
                    r.at.map(|t| t.to_rfc3339()).unwrap_or_default(),
                    text(&r.comment),
                    r.replied.to_string(),
                ]
            }),
        )?;
        Ok(CSV_TABLES
            .iter()
            .copied()
            .zip([contacts, circles, interactions, participants, questions, value_items, posts, reactions])
            .collect())
    }

    /// Every contact (archived ones too) as one vCard 4.0 file, CRLF line ends, lines folded at
    /// 75 octets. Rapport-only fields go in `X-RAPPORT-*` properties that other programs ignore.
    pub fn export_vcard(&self) -> Result<String> {
        let all = self.export()?;
        let mut out = String::new();
        for c in &all.contacts {
            write_card(&mut out, c);
        }
        Ok(out)
    }
}

/// Escapes a text value (RFC 6350 §3.4).
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded so no physical line passes 75 octets.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for ch in content.chars() {
        if width + ch.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(ch);
        width += ch.len_utf8();
    }
    out.push_str("\r\n");
}

fn typed(name: &str, l: &Labeled) -> String {
    let value = esc(&l.value);
    match &l.label {
        Some(label) => format!("{name};TYPE=\"{}\":{value}", label.replace(['"', ';', ':', ','], " ").trim()),
        None => format!("{name}:{value}"),
    }
}

fn write_card(out: &mut String, c: &Contact) {
    let f = &c.fields;
    line(out, "BEGIN:VCARD");
    line(out, "VERSION:4.0");
    line(out, &format!("UID:urn:rapport:contact:{}", c.id));
    line(out, &format!("FN:{}", esc(&f.display_name)));
    if f.given_name.is_some() || f.family_name.is_some() {
        let part = |v: &Option<String>| v.as_deref().map(esc).unwrap_or_default();
        line(out, &format!("N:{};{};;;", part(&f.family_name), part(&f.given_name)));
    }
    if let Some(n) = &f.nickname {
        line(out, &format!("NICKNAME:{}", esc(n)));
    }
    if let Some(org) = &f.company {
        line(out, &format!("ORG:{}", esc(org)));
    }
    if let Some(role) = &f.role {
        line(out, &format!("TITLE:{}", esc(role)));
    }
    if let Some(place) = &f.location {
        // The whole place as the locality: re-importing gives it back as it was.
        line(out, &format!("ADR:;;;{};;;", esc(place)));
    }
    if let Some(b) = &f.birthday {
        let value = match b.strip_prefix("--") {
            Some(month_day) => format!("--{}", month_day.replace('-', "")),
            None => b.replace('-', ""),
        };
        line(out, &format!("BDAY:{value}"));
    }
    for e in &f.emails {
        line(out, &typed("EMAIL", e));
    }
    for p in &f.phones {
        line(out, &typed("TEL", p));
    }
    for u in &f.links {
        line(out, &typed("URL", u));
    }
    if !f.circles.is_empty() {
        line(out, &format!("CATEGORIES:{}", f.circles.iter().map(|c| esc(c)).collect::<Vec<_>>().join(",")));
    }
    if !f.notes.is_empty() {
        line(out, &format!("NOTE:{}", esc(&f.notes)));
    }
    if let Some(h) = &f.how_met {
        line(out, &format!("X-RAPPORT-HOW-MET:{}", esc(h)));
    }
    if let Some(d) = &f.met_on {
        line(out, &format!("X-RAPPORT-MET-ON:{d}"));
    }
    line(out, &format!("REV:{}", c.updated_at.format("%Y%m%dT%H%M%SZ")));
    line(out, "END:VCARD");
}
