//! Every text a parser read, cleaned of the characters a stored text may not hold (see
//! [`crate::text`]): control characters everywhere, direction controls in names. One bad
//! character should not refuse a whole address book, so instead of an error each field cleaned
//! gets a warning in the preview that says how many characters were taken out, and which.

use super::{IncomingContact, IncomingInteraction, Parsed, Problem, Record};
use crate::text::{self, Shape};

/// Cleans `value`, adding a warning to `warnings` when characters were taken out.
fn fix(warnings: &mut Vec<Problem>, record: Option<Record>, field: &str, value: &mut String, shape: Shape) {
    let taken = text::clean(value, shape);
    if !taken.is_empty() {
        warnings.push(Problem::warning(record, None, field, text::removed(&taken)));
    }
}

/// Cleans every text field of `parsed` in place, adding one warning per field changed: the
/// contacts' first, then the interactions', then a restore's.
pub(crate) fn clean_parsed(parsed: &mut Parsed) {
    let mut warnings = Vec::new();
    for contact in &mut parsed.contacts {
        clean_contact(contact, &mut warnings);
    }
    for it in &mut parsed.interactions {
        clean_interaction(it, &mut warnings);
    }
    let mut fix = |record: Option<Record>, field: &str, value: &mut String, shape: Shape| {
        fix(&mut warnings, record, field, value, shape)
    };
    if let Some(restore) = &mut parsed.restore {
        let at = |kind: &'static str, i: usize| Some(Record { kind, number: i + 1, line: None });
        for (i, circle) in restore.circles.iter_mut().enumerate() {
            fix(at("circle", i), "name", &mut circle.name, Shape::Name);
        }
        for (i, post) in restore.posts.iter_mut().enumerate() {
            fix(at("post", i), "platform", &mut post.platform, Shape::Line);
            fix(at("post", i), "title", &mut post.title, Shape::Line);
            if let Some(url) = &mut post.url {
                fix(at("post", i), "url", url, Shape::Line);
            }
            for reaction in &mut post.reactions {
                if let Some(comment) = &mut reaction.comment {
                    fix(at("post", i), "comment", comment, Shape::Prose);
                }
            }
        }
        for (i, (_, item)) in restore.value_items.iter_mut().enumerate() {
            fix(at("value item", i), "note", &mut item.note, Shape::Prose);
        }
    }
    parsed.problems.extend(warnings);
}

/// Cleans one contact's texts (see [`clean_parsed`]).
pub(crate) fn clean_contact(contact: &mut IncomingContact, warnings: &mut Vec<Problem>) {
    let mut fix = |record: Option<Record>, field: &str, value: &mut String, shape: Shape| {
        fix(warnings, record, field, value, shape)
    };
    let r = Some(contact.record);
    let f = &mut contact.fields;
    fix(r, "display_name", &mut f.display_name, Shape::Name);
    for (field, value, shape) in [
        ("given_name", &mut f.given_name, Shape::Name),
        ("family_name", &mut f.family_name, Shape::Name),
        ("nickname", &mut f.nickname, Shape::Name),
        ("company", &mut f.company, Shape::Line),
        ("role", &mut f.role, Shape::Line),
        ("location", &mut f.location, Shape::Line),
        ("how_met", &mut f.how_met, Shape::Line),
        ("birthday", &mut f.birthday, Shape::Line),
    ] {
        if let Some(v) = value {
            fix(r, field, v, shape);
        }
    }
    fix(r, "notes", &mut f.notes, Shape::Prose);
    for (field, items) in [("emails", &mut f.emails), ("phones", &mut f.phones), ("links", &mut f.links)] {
        for item in items.iter_mut() {
            fix(r, field, &mut item.value, Shape::Line);
            if let Some(label) = &mut item.label {
                fix(r, field, label, Shape::Line);
            }
        }
    }
    for circle in &mut f.circles {
        fix(r, "circles", circle, Shape::Name);
    }
}

/// Cleans one interaction's texts (see [`clean_parsed`]).
pub(crate) fn clean_interaction(it: &mut IncomingInteraction, warnings: &mut Vec<Problem>) {
    let mut fix = |record: Option<Record>, field: &str, value: &mut String, shape: Shape| {
        fix(warnings, record, field, value, shape)
    };
    let r = Some(it.record);
    fix(r, "summary", &mut it.summary, Shape::Prose);
    for q in &mut it.questions {
        fix(r, "questions", &mut q.text, Shape::Line);
    }
    for v in &mut it.value_items {
        fix(r, "note", &mut v.note, Shape::Prose);
    }
}
