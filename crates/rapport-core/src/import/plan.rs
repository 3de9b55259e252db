//! Matching incoming records against the database (the preview) and writing them (the apply).
//!
//! A person is matched, in this order, on an email address (any case), a profile or web URL
//! (scheme, `www.` and a trailing `/` ignored), a phone number (its country code and national
//! significant number, at least eight digits: keys.rs),
//! then a name (any case, spaces collapsed, only when exactly one contact has it). The first
//! key that finds someone decides. An incoming record can match an existing contact or an
//! earlier record of the same file; either way the two become one, and a merge only fills what
//! is blank and adds emails, phones, links and circles that are missing: it never overwrites.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

// The keys live in keys.rs so that the format parsers can use them without naming this module.
pub(crate) use super::keys::{email_key, link_key, name_key, phone_key, phone_key_in, PhoneRegion, Target};
use super::records::{Records, Want};
use super::Item;
use super::{
    ImportOptions, IncomingContact, LeftOut, OnProgress, Problem, Progress, Record, Severity, Stage, Who, MAX_CIRCLES,
    MAX_EMAILS, MAX_LINKS, MAX_PHONES,
};
use crate::error::{Error, Reason, Result};
use crate::model::*;
use crate::store::contacts::validate;
use crate::store::{BulkInteraction, BulkValueItem, ContactRow, ImportReader, KeyKind, StagedContact, Stager};
use crate::time::{now, to_stored};
use crate::Store;

/// What happens to one incoming contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactAction {
    /// A new contact.
    Create,
    /// Merged into an existing contact, which gains fields.
    Merge,
    /// Matches an existing contact that already has everything this record says.
    Unchanged,
    /// The same person as an earlier record of this file.
    SameAsEarlier,
    /// Left out because of an error (see the problems).
    Skip,
}

/// Which key found the match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    Email,
    Link,
    Phone,
    Name,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContactItem {
    pub record: Record,
    pub action: ContactAction,
    pub name: String,
    /// The existing contact matched, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<ContactId>,
    /// The earlier record of the same file matched, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub same_as_record: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched_by: Option<MatchedBy>,
    /// What a merge adds to the existing contact.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub adds: Vec<String>,
}

/// What agrees between an incoming record and a contact it is not matched with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// A phone number, by its country code and national number (keys.rs, `phone_key_in`).
    Phone,
    /// The structured name (given and family), or the full name when neither has one.
    Name,
    /// The organisation.
    Organisation,
}

/// An incoming record that looks like a contact it was not matched with: the same name and a
/// phone or organisation agree, but each holds email addresses the other does not. Created as a
/// new contact unless the user accepts it ([`ImportOptions::accept_likely`]), then merged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LikelyDuplicate {
    pub record: Record,
    /// The incoming record's name.
    pub name: String,
    /// The existing contact it looks like, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<ContactId>,
    /// The earlier record of the same file it looks like, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub same_as_record: Option<usize>,
    /// That contact's (or earlier record's) name.
    pub contact_name: String,
    pub evidence: Vec<Evidence>,
    /// Merged (the user accepted it), else created as a new contact.
    pub accepted: bool,
}

/// What an import will do (or, after [`super::apply`], did).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Preview {
    pub format: super::Format,
    pub encoding: String,
    pub records: usize,
    pub contacts_created: usize,
    pub contacts_merged: usize,
    pub contacts_unchanged: usize,
    pub contacts_skipped: usize,
    /// Records of the file with an error (left out with `skip_invalid`, else the import is refused).
    pub records_skipped: usize,
    pub interactions_created: usize,
    /// Already in the database (same time, channel and contact): not created again.
    pub interactions_duplicate: usize,
    /// None of their people is a known contact (calendar events with strangers).
    pub interactions_unmatched: usize,
    pub questions_created: usize,
    /// Circles, posts, reactions, settings and value items of a JSON restore.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restored: Option<super::json::RestoreCounts>,
    /// Posts, comments and replies of a blog export, and what it left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blog: Option<super::blog::BlogCounts>,
    pub errors: usize,
    pub warnings: usize,
    pub problems: Vec<Problem>,
    pub contacts: Vec<ContactItem>,
    /// Records that look like a contact without matching it, for the user to accept or not.
    pub likely_duplicates: Vec<LikelyDuplicate>,
    /// True once written.
    pub applied: bool,
}

/// The match keys of the database and of the records seen so far.
#[derive(Default)]
struct Index {
    emails: HashMap<String, Target>,
    links: HashMap<String, Target>,
    phones: HashMap<String, Target>,
    /// `None` when several contacts share the name: a name alone then matches nobody.
    names: HashMap<String, Option<Target>>,
    /// The contacts with an email address: a phone or a name does not match across different
    /// addresses.
    with_email: HashSet<Target>,
    /// The contacts with a profile link: an email shared with a different link may be two people.
    with_link: HashSet<Target>,
    /// Where the numbers written without a country code are.
    region: Option<PhoneRegion>,
}

/// How an incoming record's keys found someone, before the evidence is weighed.
enum Found {
    Match(Target, MatchedBy),
    /// Only an email address found this contact, and each side has profile links the other has
    /// not: the same person only if the names agree.
    EmailOnly(Target, String),
    /// Nobody; these contacts share a phone (true) or the name (false) but hold other addresses.
    Nobody(Vec<(Target, bool)>),
}

/// Small hashes of what identifies a person beyond the keys: their name and organisation
/// (0: unknown). Kept per record instead of the texts, so matching stays small.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Identity {
    name: u64,
    organisation: u64,
}

impl Identity {
    fn of(f: &ContactFields) -> Identity {
        let hash = |s: &str| {
            use std::hash::{Hash, Hasher};
            if s.is_empty() {
                return 0;
            }
            let mut h = std::collections::hash_map::DefaultHasher::new();
            s.hash(&mut h);
            h.finish().max(1)
        };
        let part = |p: &Option<String>| p.as_deref().map(name_key).unwrap_or_default();
        // The structured name when there is one (full names differ in titles and order).
        let name = if f.given_name.is_some() || f.family_name.is_some() {
            format!("{}|{}", part(&f.given_name), part(&f.family_name))
        } else {
            name_key(&f.display_name)
        };
        Identity { name: hash(&name), organisation: hash(&part(&f.company)) }
    }

    /// What agrees with `other`, given whether a phone is shared.
    fn evidence(&self, other: &Identity, phone: bool) -> Vec<Evidence> {
        let same = |a: u64, b: u64| a != 0 && a == b;
        let mut e = Vec::new();
        if phone {
            e.push(Evidence::Phone);
        }
        if same(self.name, other.name) {
            e.push(Evidence::Name);
        }
        if same(self.organisation, other.organisation) {
            e.push(Evidence::Organisation);
        }
        e
    }
}

/// Likely the same person: the name agrees, and a phone or the organisation too.
fn likely(evidence: &[Evidence]) -> bool {
    evidence.contains(&Evidence::Name) && evidence.len() >= 2
}

impl Index {
    fn load(db: &ImportReader<'_>, region: Option<PhoneRegion>) -> Result<Index> {
        let mut index = Index { region, ..Index::default() };
        db.live_contact_keys(|kind, id, value| {
            let t = Target::Existing(id);
            match kind {
                KeyKind::Name => index.add_name(&value, t),
                KeyKind::Email => {
                    index.emails.entry(email_key(&value)).or_insert(t);
                    index.with_email.insert(t);
                }
                KeyKind::Link => {
                    if let Some(k) = link_key(&value) {
                        index.links.entry(k).or_insert(t);
                        index.with_link.insert(t);
                    }
                }
                KeyKind::Phone => {
                    if let Some(k) = phone_key_in(&value, region) {
                        index.phones.entry(k).or_insert(t);
                    }
                }
            }
        })?;
        Ok(index)
    }

    fn add_name(&mut self, name: &str, t: Target) {
        let key = name_key(name);
        if key.is_empty() {
            return;
        }
        self.names
            .entry(key)
            .and_modify(|existing| {
                if *existing != Some(t) {
                    *existing = None;
                }
            })
            .or_insert(Some(t));
    }

    fn find(&self, f: &ContactFields) -> Found {
        let link_keys: Vec<String> = f.links.iter().filter_map(|l| link_key(&l.value)).collect();
        let by_link = link_keys.iter().find_map(|k| self.links.get(k)).copied();
        let by_email = f.emails.iter().find_map(|e| self.emails.get(&email_key(&e.value)).map(|t| (e, *t)));
        if let Some((email, t)) = by_email {
            return match by_link {
                // A profile link names one person; a shared inbox may serve several.
                Some(u) if u != t => Found::Match(u, MatchedBy::Link),
                None if !link_keys.is_empty() && self.with_link.contains(&t) => {
                    Found::EmailOnly(t, email.value.trim().to_owned())
                }
                _ => Found::Match(t, MatchedBy::Email),
            };
        }
        if let Some(t) = by_link {
            return Found::Match(t, MatchedBy::Link);
        }
        // Both sides having email addresses, none shared, says two people: a shared landline or
        // a common name is not enough to merge them (the evidence is weighed, and proposed).
        let compatible = |t: &Target| f.emails.is_empty() || !self.with_email.contains(t);
        let mut blocked: Vec<(Target, bool)> = Vec::new();
        for t in f.phones.iter().filter_map(|p| phone_key_in(&p.value, self.region).and_then(|k| self.phones.get(&k))) {
            if compatible(t) {
                return Found::Match(*t, MatchedBy::Phone);
            }
            if !blocked.iter().any(|(b, _)| b == t) {
                blocked.push((*t, true));
            }
        }
        match self.names.get(&name_key(&f.display_name)) {
            Some(Some(t)) if compatible(t) => Found::Match(*t, MatchedBy::Name),
            Some(Some(t)) if !blocked.iter().any(|(b, _)| b == t) => {
                blocked.push((*t, false));
                Found::Nobody(blocked)
            }
            _ => Found::Nobody(blocked),
        }
    }

    fn add(&mut self, f: &ContactFields, t: Target) {
        for e in &f.emails {
            self.emails.entry(email_key(&e.value)).or_insert(t);
            self.with_email.insert(t);
        }
        for l in &f.links {
            if let Some(k) = link_key(&l.value) {
                self.links.entry(k).or_insert(t);
                self.with_link.insert(t);
            }
        }
        for p in &f.phones {
            if let Some(k) = phone_key_in(&p.value, self.region) {
                self.phones.entry(k).or_insert(t);
            }
        }
        self.add_name(&f.display_name, t);
    }
}

/// Fills the blanks of `base` from `extra` and adds the missing list items, as far as each list's
/// cap; returns what it added, and counts in `left_out` what found its list full.
pub(crate) fn merge_fields(
    base: &mut ContactFields,
    extra: &ContactFields,
    region: Option<PhoneRegion>,
    left_out: &mut LeftOut,
) -> Vec<String> {
    let mut added = Vec::new();
    macro_rules! fill {
        ($($field:ident),*) => {$(
            if base.$field.is_none() && extra.$field.is_some() {
                base.$field = extra.$field.clone();
                added.push(stringify!($field).to_owned());
            }
        )*};
    }
    fill!(
        given_name,
        family_name,
        nickname,
        company,
        role,
        location,
        how_met,
        met_on,
        birthday,
        closeness,
        cadence_days
    );
    if !extra.notes.trim().is_empty() && !base.notes.contains(extra.notes.trim()) {
        if !base.notes.is_empty() {
            base.notes.push_str("\n\n");
        }
        base.notes.push_str(extra.notes.trim());
        added.push("notes".to_owned());
    }
    if extra.is_kin && !base.is_kin {
        base.is_kin = true;
        added.push("is_kin".to_owned());
    }
    // By sets of keys: one look-up per incoming value, however long the lists.
    type Key<'k> = &'k dyn Fn(&str) -> String;
    let mut add_list = |what: &str, list: &mut Vec<Labeled>, more: &[Labeled], key: Key<'_>, max, left: &mut usize| {
        let mut have: HashSet<String> = list.iter().map(|x| key(&x.value)).collect();
        for item in more {
            if !have.insert(key(&item.value)) {
                continue;
            }
            if list.len() >= max {
                *left += 1;
                continue;
            }
            list.push(item.clone());
            added.push(format!("{what} {}", item.value));
        }
    };
    let link = |u: &str| link_key(u).unwrap_or_else(|| u.trim().to_lowercase());
    // "06 12 34 56 78" is not added beside "+33 6 12 34 56 78" when the region is France.
    let phone = |p: &str| phone_key_in(p, region).unwrap_or_else(|| p.trim().to_owned());
    add_list("email", &mut base.emails, &extra.emails, &email_key, MAX_EMAILS, &mut left_out.emails);
    add_list("link", &mut base.links, &extra.links, &link, MAX_LINKS, &mut left_out.links);
    add_list("phone", &mut base.phones, &extra.phones, &phone, MAX_PHONES, &mut left_out.phones);
    let mut have: HashSet<String> = base.circles.iter().map(|c| c.to_lowercase()).collect();
    for c in &extra.circles {
        if !have.insert(c.to_lowercase()) {
            continue;
        }
        if base.circles.len() >= MAX_CIRCLES {
            left_out.circles += 1;
            continue;
        }
        base.circles.push(c.clone());
        added.push(format!("circle {c}"));
    }
    added
}

/// `fields` with each list cut to its cap (a JSON export, or any caller that did not cap while
/// reading), and what was cut; `None` when every list is within its cap.
fn capped(fields: &ContactFields) -> Option<(ContactFields, LeftOut)> {
    let over = |n: usize, max: usize| n.saturating_sub(max);
    let left_out = LeftOut {
        emails: over(fields.emails.len(), MAX_EMAILS),
        phones: over(fields.phones.len(), MAX_PHONES),
        links: over(fields.links.len(), MAX_LINKS),
        circles: over(fields.circles.len(), MAX_CIRCLES),
    };
    if left_out == LeftOut::default() {
        return None;
    }
    let mut f = fields.clone();
    f.emails.truncate(MAX_EMAILS);
    f.phones.truncate(MAX_PHONES);
    f.links.truncate(MAX_LINKS);
    f.circles.truncate(MAX_CIRCLES);
    Some((f, left_out))
}

/// What the write step needs, per incoming contact and interaction.
pub(crate) struct Plan {
    pub preview: Preview,
    /// Per incoming contact: where it goes (`None`: skipped).
    pub targets: Vec<Option<Target>>,
    /// What to create, indexed like the incoming contacts (only for `Target::New(i)` roots).
    pub create: Vec<Option<Creation>>,
    /// Existing contacts to update, with their merged fields.
    pub update: Vec<(ContactId, ContactFields)>,
    /// Per incoming interaction: its resolved people, or `None` when it is not written.
    pub interactions: Vec<Option<Planned>>,
    /// The interactions that answer a question of another one written.
    pub answers: HashSet<usize>,
    /// Per incoming post (blog comments): what is written, or `None` when nothing is.
    pub posts: Vec<Option<super::blog::PlannedPost>>,
    /// A JSON export into a database that holds nothing: ids and timestamps are kept.
    pub restoring: bool,
}

/// An interaction's people, resolved.
pub(crate) struct Planned {
    pub people: Vec<Target>,
    /// Per question: whom it concerns (`None`: every participant; `Some(None)`: nobody known).
    pub questions: Vec<Option<Option<Target>>>,
    /// Per value item: whom it concerns.
    pub value_items: Vec<Option<Target>>,
    /// The participant who started it, when one is named and known.
    pub initiator: Option<Target>,
    /// The interaction already in the database that it replies to (found by its source key).
    pub reply_existing: Option<InteractionId>,
}

/// A contact to create. Most are the incoming record as it was read: those are not copied
/// (a file of a million rows would be held twice) but prepared again when written.
pub(crate) enum Creation {
    /// The incoming record's own fields, through [`prepared`].
    AsRead,
    /// Later records of the file were merged into it.
    Merged(Box<ContactFields>),
}

/// An incoming contact's fields as the store takes them: lists cut to their caps, validated,
/// circles kept (`validate` leaves them out). The second part says what the caps cut.
fn prepared(fields: &ContactFields) -> Result<(ContactFields, Option<LeftOut>)> {
    let cut = capped(fields);
    let fields = cut.as_ref().map_or(fields, |(f, _)| f);
    let mut f = validate(fields)?;
    f.circles = fields.circles.iter().map(|c| c.trim().to_owned()).filter(|c| !c.is_empty()).collect();
    Ok((f, cut.map(|(_, left_out)| left_out)))
}

fn field_of(e: &Error) -> (String, Reason) {
    match e {
        Error::Invalid { field, reason } => ((*field).to_owned(), reason.clone()),
        other => ("record".to_owned(), other.reason()),
    }
}

/// Matches the records against the database and each other, and says what importing them
/// would do. The records are read up to three times, so that only what matching needs is held
/// (the keys, each record's target, the preview's line): the contacts; the contacts again when
/// later records merge into earlier new ones (only those are held, merged); the interactions.
pub(crate) fn plan(
    db: &mut ImportReader<'_>,
    records: &Records<'_>,
    options: &ImportOptions,
    progress: OnProgress<'_>,
) -> Result<Plan> {
    let mut index = Index::load(db, PhoneRegion::of(options)?)?;
    if let Records::Held(parsed) = records {
        // Room for every incoming record at once: a table that doubles holds its old copy meanwhile.
        let n = parsed.contacts.len();
        index.names.reserve(n);
        index.emails.reserve(n);
        index.phones.reserve(n);
    }
    let restoring = records.restore().is_some() && db.holds_nothing()?;
    let mut problems: Vec<Problem> = Vec::new();
    let mut targets: Vec<Option<Target>> = Vec::new();
    let mut create: Vec<Option<Creation>> = Vec::new();
    let mut numbers: Vec<usize> = Vec::new();
    // New contacts that later records of the file merge into.
    let mut merge_roots: HashSet<usize> = HashSet::new();
    let mut existing: HashMap<ContactId, (ContactFields, Vec<String>)> = HashMap::new();
    let mut items: Vec<ContactItem> = Vec::new();
    // Per incoming record, its name and organisation hashed: whether a later look-alike agrees.
    let mut identities: Vec<Identity> = Vec::new();
    // The same for existing contacts, read when a record looks like one.
    let mut known: HashMap<ContactId, (Identity, String)> = HashMap::new();
    let mut likely_duplicates: Vec<LikelyDuplicate> = Vec::new();
    let accepts = |r: &Record| options.accept_all_likely || options.accept_likely.contains(&r.number);

    records.each(Want::Contacts, Stage::Matching, &mut *progress, &mut |item| {
        let Item::Contact(i, incoming) = item else { return Ok(()) };
        debug_assert_eq!(i, targets.len());
        targets.push(None);
        create.push(None);
        identities.push(Identity::default());
        numbers.push(incoming.record.number);
        let IncomingContact { record, fields, .. } = incoming;
        let mut item = ContactItem {
            record: *record,
            action: ContactAction::Skip,
            name: fields.display_name.clone(),
            contact: None,
            same_as_record: None,
            matched_by: None,
            adds: Vec::new(),
        };
        let fields = match prepared(fields) {
            Ok((f, cut)) => {
                if let Some(left_out) = cut {
                    left_out.warn(*record, record.line, ["emails", "phones", "links", "circles"], &mut problems);
                }
                f
            }
            Err(e) => {
                let (field, message) = field_of(&e);
                problems.push(Problem::error(Some(*record), record.line, field, message));
                items.push(item);
                return Ok(());
            }
        };
        let identity = Identity::of(&fields);
        identities[i] = identity;
        // Who a target is: its identity and name, an existing contact's read once.
        let mut who = |t: Target| -> Result<(Identity, String)> {
            Ok(match t {
                Target::New(j) => (identities[j], items[j].name.clone()),
                Target::Existing(id) => match known.get(&id) {
                    Some(k) => k.clone(),
                    None => {
                        let f = db.contact_fields(id)?;
                        let k = (Identity::of(&f), f.display_name);
                        known.insert(id, k.clone());
                        k
                    }
                },
            })
        };
        // A restore into an empty database keeps every contact as it was, even look-alikes.
        let found = if restoring {
            None
        } else {
            match index.find(&fields) {
                Found::Match(t, by) => Some((t, by)),
                Found::EmailOnly(t, email) => {
                    let (other, other_name) = who(t)?;
                    if other.name != 0 && identity.name != 0 && other.name != identity.name {
                        let reason = Reason::SharedEmail { email, other: other_name };
                        problems.push(Problem::warning(Some(*record), record.line, "email".to_owned(), reason));
                        None
                    } else {
                        Some((t, MatchedBy::Email))
                    }
                }
                Found::Nobody(look_alikes) => {
                    let mut proposed = None;
                    for (t, phone) in look_alikes {
                        let (other, other_name) = who(t)?;
                        let evidence = identity.evidence(&other, phone);
                        if likely(&evidence) {
                            proposed = Some((t, phone, other_name, evidence));
                            break;
                        }
                    }
                    match proposed {
                        None => None,
                        Some((t, phone, contact_name, evidence)) => {
                            let accepted = accepts(record);
                            likely_duplicates.push(LikelyDuplicate {
                                record: *record,
                                name: fields.display_name.clone(),
                                contact: match t {
                                    Target::Existing(id) => Some(id),
                                    Target::New(_) => None,
                                },
                                same_as_record: match t {
                                    Target::New(j) => Some(numbers[j]),
                                    Target::Existing(_) => None,
                                },
                                contact_name,
                                evidence,
                                accepted,
                            });
                            accepted.then_some((t, if phone { MatchedBy::Phone } else { MatchedBy::Name }))
                        }
                    }
                }
            }
        };
        match found {
            None => {
                targets[i] = Some(Target::New(i));
                index.add(&fields, Target::New(i));
                create[i] = Some(Creation::AsRead);
                item.action = ContactAction::Create;
            }
            Some((target, by)) => {
                targets[i] = Some(target);
                item.matched_by = Some(by);
                match target {
                    Target::New(j) => {
                        item.action = ContactAction::SameAsEarlier;
                        item.same_as_record = Some(numbers[j]);
                        // Merged when the contacts are read again, below.
                        merge_roots.insert(j);
                    }
                    Target::Existing(id) => {
                        item.contact = Some(id);
                        let entry = match existing.entry(id) {
                            std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
                            std::collections::hash_map::Entry::Vacant(v) => {
                                v.insert((db.contact_fields(id)?, Vec::new()))
                            }
                        };
                        let mut left_out = LeftOut::default();
                        let adds = merge_fields(&mut entry.0, &fields, index.region, &mut left_out);
                        left_out.warn(*record, record.line, ["emails", "phones", "links", "circles"], &mut problems);
                        item.action = if adds.is_empty() { ContactAction::Unchanged } else { ContactAction::Merge };
                        entry.1.extend(adds.iter().cloned());
                        item.adds = adds;
                    }
                }
                index.add(&fields, target);
            }
        }
        items.push(item);
        Ok(())
    })?;
    drop(numbers);
    let header = records.header();
    let mut problems = [header.problems, problems].concat();

    // Later records merged into the earlier new contact they match, in the file's order.
    if !merge_roots.is_empty() {
        let mut merged: HashMap<usize, (Record, Box<ContactFields>)> = HashMap::new();
        records.each(Want::Contacts, Stage::Matching, &mut *progress, &mut |item| {
            let Item::Contact(i, incoming) = item else { return Ok(()) };
            if merge_roots.contains(&i) {
                merged.insert(i, (incoming.record, Box::new(prepared(&incoming.fields)?.0)));
                return Ok(());
            }
            let Some(Target::New(j)) = targets[i] else { return Ok(()) };
            if let Some((_, base)) = merged.get_mut(&j) {
                let record = incoming.record;
                let mut left_out = LeftOut::default();
                merge_fields(base, &prepared(&incoming.fields)?.0, index.region, &mut left_out);
                left_out.warn(record, record.line, ["emails", "phones", "links", "circles"], &mut problems);
            }
            Ok(())
        })?;
        // A merge may push a new contact past a limit too (records as read were checked above).
        let mut roots: Vec<usize> = merged.keys().copied().collect();
        roots.sort();
        for j in roots {
            let (record, fields) = merged.remove(&j).expect("a key just listed");
            match validate(&fields) {
                Ok(_) => create[j] = Some(Creation::Merged(fields)),
                Err(e) => {
                    let (field, message) = field_of(&e);
                    problems.push(Problem::error(Some(record), None, field, message));
                    create[j] = None;
                }
            }
        }
    }

    // A merge may push a field past its limit (notes from many files): check the results too.
    let mut update = Vec::new();
    let mut ids: Vec<ContactId> = existing.keys().copied().collect();
    ids.sort();
    for id in ids {
        let (fields, adds) = existing.remove(&id).unwrap_or_default();
        if adds.is_empty() {
            continue;
        }
        match validate(&fields) {
            Ok(mut f) => {
                f.circles = fields.circles.clone();
                update.push((id, f));
            }
            Err(e) => {
                let (field, problem) = field_of(&e);
                let record = items.iter().find(|it| it.contact == Some(id)).map(|it| it.record);
                let reason = Reason::AfterMerge { contact: id.0, problem: Box::new(problem) };
                problems.push(Problem::error(record, None, field, reason));
            }
        }
    }

    // Interactions: resolve people, drop those with nobody known, and those already there.
    let mut interactions = Vec::with_capacity(header.interactions);
    // The source keys of the interactions this import writes: a second message with one is a copy.
    let mut keys_written: HashSet<String> = HashSet::new();
    let (mut created, mut duplicate, mut unmatched, mut questions) = (0, 0, 0, 0);
    // Interactions that answer a question of another one written.
    let mut answers: HashSet<usize> = HashSet::new();
    // Value items inside the interactions written: a JSON import counts them with its own.
    let mut interaction_value_items = 0;
    let mut posts: Vec<Option<super::blog::PlannedPost>> = Vec::new();
    let mut blog = header.blog.clone().map(super::blog::BlogCounts::new);
    if header.interactions > 0 || blog.is_some() {
        records.each(Want::Interactions, Stage::Matching, &mut *progress, &mut |item| {
            if let (Item::Post(p, post), Some(counts)) = (&item, blog.as_mut()) {
                debug_assert_eq!(*p, posts.len());
                let resolve = |who: &Who| match who {
                    Who::Incoming(i) => targets.get(*i).copied().flatten().filter(|t| match t {
                        Target::New(j) => create[*j].is_some(),
                        Target::Existing(_) => true,
                    }),
                    _ => None,
                };
                posts.push(super::blog::plan_post(db, post, &resolve, counts, &mut problems)?);
                return Ok(());
            }
            let Item::Interaction(k, it) = item else { return Ok(()) };
            debug_assert_eq!(k, interactions.len());
            let resolve = |who: &Who| -> Option<Target> {
                let t = match who {
                    Who::Incoming(i) => targets.get(*i).copied().flatten(),
                    Who::Email(e) => index.emails.get(&email_key(e)).copied(),
                    Who::Link(u) => link_key(u).and_then(|k| index.links.get(&k).copied()),
                };
                // A contact whose creation failed validation cannot take part.
                t.filter(|t| match t {
                    Target::New(j) => create[*j].is_some(),
                    Target::Existing(_) => true,
                })
            };
            let mut people: Vec<Target> = Vec::new();
            let mut seen: HashSet<Target> = HashSet::new();
            for who in &it.participants {
                if let Some(t) = resolve(who) {
                    if seen.insert(t) {
                        people.push(t);
                    }
                }
            }
            if people.is_empty() {
                unmatched += 1;
                interactions.push(None);
                return Ok(());
            }
            if let Err(e) = check_interaction(it) {
                let (field, message) = field_of(&e);
                problems.push(Problem::error(Some(it.record), it.record.line, field, message));
                interactions.push(None);
                return Ok(());
            }
            // A message whose key is there already, or written by this import, is a copy. One
            // with a key is the same as an interaction at the same time only if that one has no
            // key (logged by hand, or imported before keys were kept).
            let mut copy = false;
            for key in &it.source_keys {
                copy |= keys_written.contains(key) || db.interaction_by_source(key)?.is_some();
            }
            for t in &people {
                if let (Target::Existing(id), false) = (t, copy) {
                    let at = it.at.timestamp();
                    copy = if it.source_keys.is_empty() {
                        db.has_interaction_at(at, it.channel, *id)?
                    } else {
                        db.has_unkeyed_interaction_at(at, it.channel, *id)?
                    };
                }
            }
            if copy {
                duplicate += 1;
                interactions.push(None);
                return Ok(());
            }
            keys_written.extend(it.source_keys.iter().cloned());
            // A reply to a message this import does not write (imported earlier, or already
            // there): found by its key, when it is not later than the reply.
            let earlier_written = it.in_reply_to.is_some_and(|j| interactions.get(j).is_some_and(Option::is_some));
            let reply_existing = match &it.reply_key {
                Some(key) if !earlier_written => db
                    .interaction_by_source(key)?
                    .filter(|(_, earlier_at)| *earlier_at <= it.at.timestamp())
                    .map(|(id, _)| id),
                _ => None,
            };
            created += 1;
            questions += it.questions.len();
            answers.extend(it.questions.iter().filter_map(|q| q.answered_by));
            let planned = Planned {
                initiator: it.initiator.as_ref().and_then(&resolve).filter(|t| people.contains(t)),
                questions: it
                    .questions
                    .iter()
                    .map(|q| q.contact.as_ref().map(|w| resolve(w).filter(|t| people.contains(t))))
                    .collect(),
                value_items: it
                    .value_items
                    .iter()
                    .map(|v| resolve(&v.contact).filter(|t| people.contains(t)))
                    .collect(),
                people,
                reply_existing,
            };
            interaction_value_items += planned.value_items.iter().filter(|whom| whom.is_some()).count();
            interactions.push(Some(planned));
            Ok(())
        })?;
    }

    let count = |a: ContactAction| items.iter().filter(|i| i.action == a).count();
    // Decided here once for every list that shows the first rows (the window, the CLI's text).
    problems.sort_by_key(rank);
    let errors = problems.iter().filter(|p| p.severity == Severity::Error).count();
    let warnings = problems.len() - errors;
    let restored = match records.restore() {
        Some(r) => {
            let mut counts = super::json::restore_counts(db, r, restoring)?;
            counts.value_items += interaction_value_items;
            Some(counts)
        }
        None => None,
    };
    let preview = Preview {
        format: header.format,
        encoding: header.encoding.to_owned(),
        records: header.records,
        contacts_created: create.iter().filter(|c| c.is_some()).count(),
        contacts_merged: count(ContactAction::Merge),
        contacts_unchanged: count(ContactAction::Unchanged),
        contacts_skipped: count(ContactAction::Skip),
        records_skipped: {
            let mut bad: Vec<(&str, usize)> = problems
                .iter()
                .filter(|p| p.severity == Severity::Error)
                .filter_map(|p| p.record.map(|r| (r.kind, r.number)))
                .collect();
            bad.sort();
            bad.dedup();
            bad.len()
        },
        interactions_created: created,
        interactions_duplicate: duplicate,
        interactions_unmatched: unmatched,
        questions_created: questions,
        restored,
        blog,
        errors,
        warnings,
        problems,
        contacts: items,
        likely_duplicates,
        applied: false,
    };
    Ok(Plan { preview, targets, create, update, interactions, answers, posts, restoring })
}

/// A problem about the file as a whole ("who is me", the lists left out), not one of its records.
fn file_wide(p: &Problem) -> bool {
    p.record.is_none() && p.line.is_none()
}

/// Where a problem comes in a preview: the errors (those about the whole file first), then the
/// notes about the whole file, then the other warnings; each group in the order it was found.
/// A list cut to its first rows so never hides an error behind warnings (a calendar warns once
/// per recurring series), and the few file-wide notes come before the many per-record ones.
fn rank(p: &Problem) -> u8 {
    match (p.severity, file_wide(p)) {
        (Severity::Error, true) => 0,
        (Severity::Error, false) => 1,
        (Severity::Warning, true) => 2,
        (Severity::Warning, false) => 3,
    }
}

impl Preview {
    /// The problems a list of `rows` rows shows: the first `rows` (errors first), and any
    /// file-wide note past them (a few per file), so that none is ever hidden.
    pub fn problems_shown(&self, rows: usize) -> impl Iterator<Item = &Problem> {
        let (first, rest) = self.problems.split_at(rows.min(self.problems.len()));
        first.iter().chain(rest.iter().filter(|p| file_wide(p)).take(rows))
    }

    /// Keeps only [`Preview::problems_shown`] (the window is sent those rows, not a whole file's).
    pub fn keep_problems_shown(&mut self, rows: usize) {
        let rest = self.problems.split_off(rows.min(self.problems.len()));
        self.problems.extend(rest.into_iter().filter(file_wide).take(rows));
        self.problems.shrink_to_fit();
    }
}

fn check_interaction(it: &super::IncomingInteraction) -> Result<()> {
    to_stored("at", it.at)?;
    crate::store::check_prose("summary", &it.summary, 10_000)?;
    if let Some(d) = it.duration_min {
        if d > 7 * 24 * 60 {
            return Err(Error::invalid("duration_min", Reason::Duration { value: d.into() }));
        }
    }
    if it.participants.len() > 500 {
        return Err(Error::invalid("participants", Reason::ImportParticipants { n: it.participants.len(), max: 500 }));
    }
    for q in &it.questions {
        if q.text.trim().is_empty() {
            return Err(Error::invalid("questions", Reason::QuestionText {}));
        }
        crate::store::check_len("questions", q.text.trim(), 2_000)?;
    }
    Ok(())
}

/// The first error, named, and how many more: the message of a refused import.
pub(crate) fn refusal(problems: &[Problem]) -> Error {
    let errors: Vec<&Problem> = problems.iter().filter(|p| p.severity == Severity::Error).collect();
    let first = errors.first().map(|p| p.to_string()).unwrap_or_default();
    Error::BadInput(match errors.len() {
        0 | 1 => Reason::ImportRefused { first },
        n => Reason::ImportRefusedMore { first, n: n - 1 },
    })
}

/// How many times an import is planned and staged again when another program wrote in the
/// meantime, before it does everything inside one write transaction instead.
const ATTEMPTS: usize = 3;

/// Writes `parsed` into `store`: all of it or (on an error, or a cancel) nothing, and returns
/// what it did with the longest time it held the write lock.
///
/// The matching and the writing of every row happen without the write lock: the rows go into
/// staging tables only this connection sees ([`Store::import_stage`]), then [`Store::import_move`]
/// moves them into place in short slices noted in a journal (docs/import-slices-design.md), so
/// another program (the app) waits for one slice at most; an error or a cancel takes the slices
/// back. The move starts only if the data's token is the one the matching read; otherwise the
/// import is matched and staged again, and after [`ATTEMPTS`] tries (a database that keeps
/// changing) done inside one write transaction, as it is when the caller is already inside one.
pub(crate) fn apply(
    store: &mut Store,
    records: &Records<'_>,
    options: &ImportOptions,
    progress: OnProgress<'_>,
) -> Result<(Preview, std::time::Duration)> {
    // The new rows' search index is written after the move, in slices (`store/search_index.rs`),
    // when the import commits on its own; inside a caller's transaction, by the triggers.
    let own = store.connection().is_autocommit();
    let mut done = None;
    if own {
        for _ in 0..ATTEMPTS {
            done = apply_once(store, records, options, own, &mut *progress)?;
            if done.is_some() {
                break;
            }
        }
    }
    let (preview, lock_held) = match done {
        Some(done) => done,
        None => {
            let started = std::time::Instant::now();
            let (preview, _) = store
                .batch(|s| apply_once(s, records, options, own, &mut *progress))?
                .expect("inside a transaction the data cannot change");
            (preview, started.elapsed())
        }
    };
    // The import is in: only its search index is left, and `rapport import` returns once it is
    // written. Each slice holds the write lock far shorter than the move.
    let indexed = store.index_owed_search(progress)?;
    Ok((preview, lock_held.max(indexed.longest_slice)))
}

/// Plans, stages and moves once; `None` when the data changed between the plan and the move.
fn apply_once(
    store: &mut Store,
    records: &Records<'_>,
    options: &ImportOptions,
    defer_search: bool,
    progress: OnProgress<'_>,
) -> Result<Option<(Preview, std::time::Duration)>> {
    // Each contact the import merges into, as the plan read it: the last transaction refuses
    // to write over another program's change made while the slices ran.
    let ((plan, as_planned), token) = store.import_snapshot(|db| {
        let plan = plan(db, records, options, &mut *progress)?;
        let as_planned = plan.update.iter().map(|(id, _)| db.live_contact(*id)).collect::<Result<Vec<_>>>()?;
        Ok((plan, as_planned))
    })?;
    if plan.preview.errors > 0 && !options.skip_invalid {
        return Err(refusal(&plan.preview.problems));
    }
    // The last step of the staging, heard again between two slices: a cancel is still heard.
    let mut heard = Progress { stage: Stage::Writing, done: 0, total: 0 };
    store.import_stage(|stage| {
        stage_rows(stage, records, &plan, &mut |p| {
            heard = p;
            progress(p)
        })
    })?;
    let restoring = plan.restoring;
    let restore = records.restore();
    let moved = store.import_move(
        token,
        restore.is_some(),
        defer_search,
        |db| match (restoring, restore) {
            (true, Some(r)) => super::json::restore_circles(db, r),
            _ => Ok(()),
        },
        |db, new_ids| {
            let t = now();
            for ((id, f), planned) in plan.update.iter().zip(&as_planned) {
                if db.reads().live_contact(*id)? != *planned {
                    let name =
                        planned.as_ref().map_or_else(|| format!("contact #{}", id.0), |p| p.0.display_name.clone());
                    return Err(Error::BadInput(Reason::ImportContactChanged { name }));
                }
                db.update_contact(*id, f, t)?;
            }
            if let Some(r) = restore {
                let final_ids: Vec<Option<ContactId>> = plan
                    .targets
                    .iter()
                    .map(|t| match t {
                        Some(Target::Existing(id)) => Some(*id),
                        Some(Target::New(i)) => new_ids.get(i).copied(),
                        None => None,
                    })
                    .collect();
                super::json::restore_rest(db, r, restoring, &final_ids)?;
            }
            Ok(())
        },
        &mut || progress(heard),
    )?;
    Ok(moved.map(|((), moved)| {
        let mut preview = plan.preview;
        preview.applied = true;
        (preview, moved.lock_held)
    }))
}

/// A question read with its interaction, staged once every interaction is (its answer may
/// come later in the file).
struct PendingQuestion {
    original_id: Option<QuestionId>,
    whom: Vec<StagedContact>,
    asked_in: usize,
    at: i64,
    asked_by: Party,
    text: String,
    answered_by: Option<usize>,
}

/// Writes the rows `plan` decided on into the staging tables, reading the records once more,
/// in the order the old transaction wrote them (so new rows get the same ids): new contacts,
/// interactions with their people and value items, then the questions.
fn stage_rows(stage: &mut Stager<'_>, records: &Records<'_>, plan: &Plan, progress: OnProgress<'_>) -> Result<()> {
    let restoring = plan.restoring;
    let t = now();
    let resolve = |t: &Target| -> Option<StagedContact> {
        match t {
            Target::Existing(id) => Some(StagedContact::Existing(*id)),
            Target::New(i) => plan.create[*i].is_some().then_some(StagedContact::New(*i)),
        }
    };
    // The time and people of each interaction that answers another's question.
    let mut answers: HashMap<usize, (i64, Vec<StagedContact>)> = HashMap::new();
    let mut pending: Vec<PendingQuestion> = Vec::new();
    // (interaction, the earlier one it replies to), linked once all are staged.
    let mut replies: Vec<(usize, usize)> = Vec::new();
    // A blog export's replies are interactions staged after the file's own.
    let mut blog = super::blog::BlogStager::new(plan.interactions.len());
    records.each(Want::All, Stage::Writing, progress, &mut |item| match item {
        Item::Post(p, post) => match &plan.posts[p] {
            Some(planned) => blog.stage(stage, p, post, planned, &|t| resolve(t), t),
            None => Ok(()),
        },
        Item::Contact(i, incoming) => {
            let as_read;
            let f = match &plan.create[i] {
                None => return Ok(()),
                Some(Creation::Merged(f)) => f.as_ref(),
                Some(Creation::AsRead) => {
                    as_read = prepared(&incoming.fields)?.0;
                    &as_read
                }
            };
            let original = incoming.original.as_ref().filter(|_| restoring);
            let row = ContactRow {
                id: original.map(|o| o.id),
                archived: original.is_some_and(|o| o.archived),
                created_at: original.map_or(t, |o| o.created_at.timestamp()),
                updated_at: original.map_or(t, |o| o.updated_at.timestamp()),
            };
            stage.contact(i, f, row)
        }
        Item::Interaction(k, it) => {
            let Some(planned) = &plan.interactions[k] else { return Ok(()) };
            let people: Vec<StagedContact> = planned.people.iter().filter_map(resolve).collect();
            if people.is_empty() {
                return Ok(());
            }
            let (at, offset) = to_stored("at", it.at)?;
            let row = BulkInteraction {
                at,
                utc_offset_min: offset,
                channel: it.channel,
                initiated_by: it.initiated_by,
                duration_min: it.duration_min,
                summary: it.summary.trim(),
                participants: &[],
                created_at: t,
            };
            // A named initiator is kept with several people, as `rapport log` keeps it.
            let initiator = planned
                .initiator
                .as_ref()
                .and_then(resolve)
                .filter(|_| people.len() > 1 && it.initiated_by == Party::Them);
            stage.interaction(k, it.original_id.filter(|_| restoring), &row, &people, initiator)?;
            if let Some(earlier) = it.in_reply_to {
                replies.push((k, earlier));
            }
            if let Some(earlier) = planned.reply_existing {
                stage.reply_existing(k, earlier)?;
            }
            for key in &it.source_keys {
                stage.source_key(k, key)?;
            }
            for (v, whom) in it.value_items.iter().zip(&planned.value_items) {
                if let Some(c) = whom.as_ref().and_then(resolve) {
                    let row = BulkValueItem {
                        contact: ContactId(0),
                        interaction: None,
                        direction: v.direction,
                        kind: v.kind,
                        weight: v.weight,
                        note: &v.note,
                        at: v.at.timestamp(),
                    };
                    stage.value_item(v.original_id.filter(|_| restoring), k, c, &row)?;
                }
            }
            for (q, whom) in it.questions.iter().zip(&planned.questions) {
                let whom: Vec<StagedContact> = match whom {
                    Some(one) => one.as_ref().and_then(resolve).into_iter().collect(),
                    None => people.clone(),
                };
                pending.push(PendingQuestion {
                    original_id: q.original_id.filter(|_| restoring),
                    whom,
                    asked_in: k,
                    at,
                    asked_by: q.asked_by,
                    text: q.text.trim().to_owned(),
                    answered_by: q.answered_by,
                });
            }
            if plan.answers.contains(&k) {
                answers.insert(k, (at, people));
            }
            Ok(())
        }
    })?;
    for q in pending {
        // The answer must come later, in another interaction that includes the contact.
        let answer = q.answered_by.filter(|j| *j != q.asked_in).and_then(|j| answers.get(&j).map(|a| (j, a)));
        for c in q.whom {
            let answered_in = answer
                .filter(|(_, (answer_at, answer_people))| *answer_at >= q.at && answer_people.contains(&c))
                .map(|(j, _)| j);
            stage.question(q.original_id, c, q.asked_in, q.asked_by, &q.text, answered_in)?;
        }
    }
    for (k, earlier) in replies {
        stage.reply(k, earlier)?;
    }
    Ok(())
}
