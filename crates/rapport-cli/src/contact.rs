//! `rapport contact add|list|show|edit|archive` (`delete` is in correct.rs).

use chrono::{DateTime, FixedOffset, Utc};
use rapport_core::{
    CircleId, Contact, ContactFields, ContactQuery, Direction, Interaction, Labeled, Question, ValueItem, ValueKind,
};
use rapport_service::Service;
use serde::Serialize;

use crate::cli::{
    ContactAddArgs, ContactArchiveArgs, ContactCommand, ContactEditArgs, ContactFieldArgs, ContactListArgs,
    ContactShowArgs, OrEmpty,
};
use crate::error::{CliError, Result};
use crate::output::{self, clip, or_dash, Align, Table};
use crate::when::{show_lived, show_local_date, show_span};
use crate::Ctx;

pub fn run(ctx: &mut Ctx, command: ContactCommand) -> Result<()> {
    match command {
        ContactCommand::Add(args) => add(ctx, args),
        ContactCommand::List(args) => list(ctx, args),
        ContactCommand::Show(args) => show(ctx, args),
        ContactCommand::Edit(args) => edit(ctx, args),
        ContactCommand::Archive(args) => archive(ctx, args),
        ContactCommand::Delete(args) => crate::correct::delete_contact(ctx, args),
    }
}

/// Positional words joined back into one name: `contact show Ann Lee`.
fn joined(words: &[String]) -> String {
    words.join(" ")
}

fn add(ctx: &mut Ctx, args: ContactAddArgs) -> Result<()> {
    let mut fields = ContactFields::named(joined(&args.name));
    apply(&mut fields, &args.fields);
    let contact = ctx.service.add_contact(&fields)?;
    if ctx.json {
        return output::json(ctx.out, &contact);
    }
    writeln!(ctx.out, "{}", contact.id)?;
    Ok(())
}

/// Copies the flags that were given onto `fields`. Empty text clears a field (the store turns a
/// blank optional field into none); a repeated flag such as `--email` replaces the whole list.
fn apply(fields: &mut ContactFields, args: &ContactFieldArgs) {
    let labeled = |values: &[String]| values.iter().map(Labeled::new).collect::<Vec<_>>();
    if !args.emails.is_empty() {
        fields.emails = labeled(&args.emails);
    }
    if !args.phones.is_empty() {
        fields.phones = labeled(&args.phones);
    }
    if !args.links.is_empty() {
        fields.links = labeled(&args.links);
    }
    for (target, value) in [
        (&mut fields.given_name, &args.given_name),
        (&mut fields.family_name, &args.family_name),
        (&mut fields.nickname, &args.nickname),
        (&mut fields.company, &args.company),
        (&mut fields.role, &args.role),
        (&mut fields.location, &args.location),
        (&mut fields.how_met, &args.how_met),
        (&mut fields.birthday, &args.birthday),
    ] {
        if let Some(v) = value {
            *target = Some(v.clone());
        }
    }
    if let Some(OrEmpty(d)) = args.met_on {
        fields.met_on = d;
    }
    if let Some(OrEmpty(c)) = args.closeness {
        fields.closeness = c;
    }
    if let Some(OrEmpty(d)) = args.cadence {
        fields.cadence_days = d;
    }
    if args.kin {
        fields.is_kin = true;
    }
    if !args.circles.is_empty() {
        fields.circles = args.circles.clone();
    }
    if let Some(n) = &args.notes {
        fields.notes = n.clone();
    }
}

fn edit(ctx: &mut Ctx, args: ContactEditArgs) -> Result<()> {
    let nothing_given = args.name.is_none()
        && args.fields == ContactFieldArgs::default()
        && !args.no_kin
        && args.add_circle.is_empty()
        && args.remove_circle.is_empty();
    if nothing_given {
        return Err(CliError::usage(
            "nothing to change: give the fields to change, e.g. --company ACME (see `rapport contact edit --help`)",
        ));
    }
    let id = ctx.service.resolve_contact(&joined(&args.contact))?;
    let mut fields = ctx.service.contact(id)?.fields;
    apply(&mut fields, &args.fields);
    if let Some(name) = &args.name {
        fields.display_name = name.clone();
    }
    if args.no_kin {
        fields.is_kin = false;
    }
    for name in &args.remove_circle {
        let before = fields.circles.len();
        fields.circles.retain(|c| !c.trim().eq_ignore_ascii_case(name.trim()));
        if fields.circles.len() == before {
            return Err(CliError::failure(format!(
                "--remove-circle: {} is not in a circle named {name:?}",
                fields.display_name
            )));
        }
    }
    fields.circles.extend(args.add_circle.iter().cloned());
    let contact = ctx.service.update_contact(id, &fields)?;
    if ctx.json {
        return output::json(ctx.out, &contact);
    }
    writeln!(ctx.out, "updated #{} {}", contact.id, contact.fields.display_name)?;
    Ok(())
}

fn archive(ctx: &mut Ctx, args: ContactArchiveArgs) -> Result<()> {
    let id = ctx.service.resolve_contact(&joined(&args.contact))?;
    let contact = ctx.service.set_archived(id, !args.undo)?;
    if ctx.json {
        return output::json(ctx.out, &contact);
    }
    let verb = if args.undo { "unarchived" } else { "archived" };
    writeln!(ctx.out, "{verb} #{} {}", contact.id, contact.fields.display_name)?;
    Ok(())
}

/// A circle named by the user: an id, or a name in any case.
pub fn find_circle(service: &Service, text: &str) -> Result<CircleId> {
    let circles = service.list_circles()?;
    let text = text.trim();
    let wanted = text.trim_start_matches('#').parse::<i64>().ok();
    circles.iter().find(|c| Some(c.id.0) == wanted || c.name.eq_ignore_ascii_case(text)).map(|c| c.id).ok_or_else(
        || {
            let names: Vec<&str> = circles.iter().map(|c| c.name.as_str()).collect();
            let known = if names.is_empty() { "there are no circles yet".to_owned() } else { names.join(", ") };
            CliError::failure(format!("no circle named {text:?} (circles: {known})"))
        },
    )
}

fn list(ctx: &mut Ctx, args: ContactListArgs) -> Result<()> {
    let circle =
        args.circle.as_deref().map(|c| find_circle(&ctx.service, c).map_err(|e| e.context("--circle"))).transpose()?;
    let query =
        ContactQuery { search: args.search, circle, include_archived: args.archived, limit: args.limit, offset: 0 };
    let contacts = ctx.service.list_contacts(&query)?;
    if ctx.json {
        return output::json(ctx.out, &contacts);
    }
    if contacts.is_empty() {
        let hint = if ctx.service.is_empty()? {
            "No contacts yet. Add one with `rapport contact add NAME`, or load the demo network with `rapport demo`."
        } else {
            "No contact matches."
        };
        writeln!(ctx.out, "{hint}")?;
        return Ok(());
    }
    let mut table = Table::new(&[
        ("id", Align::Right),
        ("name", Align::Left),
        ("company", Align::Left),
        ("interactions", Align::Right),
        ("last contact", Align::Left),
        ("open questions", Align::Right),
    ]);
    for c in &contacts {
        let name = if c.archived { format!("{} (archived)", c.display_name) } else { c.display_name.clone() };
        table.row(vec![
            c.id.to_string(),
            clip(&name, 40),
            clip(&or_dash(c.company.as_deref()), 30),
            c.interaction_count.to_string(),
            c.last_interaction_at.as_ref().map(show_local_date).unwrap_or_else(|| "-".to_owned()),
            c.open_questions.to_string(),
        ]);
    }
    table.print(ctx.out)
}

/// What `contact show --json` prints.
#[derive(Serialize)]
struct ContactDetail {
    contact: Contact,
    interaction_count: usize,
    last_interaction_at: Option<DateTime<FixedOffset>>,
    recent_interactions: Vec<Interaction>,
    open_questions: Vec<Question>,
    value_items: Vec<ValueItem>,
}

fn show(ctx: &mut Ctx, args: ContactShowArgs) -> Result<()> {
    let id = ctx.service.resolve_contact(&joined(&args.contact))?;
    // The window's contact page, read in one call: its parts agree with each other.
    let view = ctx.service.contact_view(id)?;
    let measures = view.measures;
    let mut interactions = view.interactions;
    let detail = ContactDetail {
        interaction_count: interactions.len(),
        last_interaction_at: interactions.first().map(|i| i.at),
        recent_interactions: {
            interactions.truncate(args.recent as usize);
            interactions
        },
        open_questions: view.open_questions,
        value_items: view.value_items,
        contact: view.contact,
    };
    if ctx.json {
        return output::json(ctx.out, &detail);
    }
    print_detail(ctx, &detail)?;
    // The tie's rates with their 80% intervals (the full measures: `report --contact`).
    let lines = measures.as_ref().map(crate::measures::rate_lines).unwrap_or_default();
    if !lines.is_empty() {
        writeln!(ctx.out)?;
        writeln!(ctx.out, "Rates (last year, with their 80% intervals)")?;
        for line in lines {
            writeln!(ctx.out, "  {line}")?;
        }
    }
    Ok(())
}

fn print_detail(ctx: &mut Ctx, d: &ContactDetail) -> Result<()> {
    let out = &mut *ctx.out;
    let f = &d.contact.fields;
    let archived = if d.contact.archived { "  (archived)" } else { "" };
    writeln!(out, "{} #{}{archived}", f.display_name, d.contact.id)?;
    let join = |items: &[Labeled]| items.iter().map(|l| l.value.as_str()).collect::<Vec<_>>().join(", ");
    let work = match (&f.role, &f.company) {
        (Some(r), Some(c)) => Some(format!("{r}, {c}")),
        (r, c) => r.clone().or(c.clone()),
    };
    let full_name = [f.given_name.as_deref(), f.family_name.as_deref()].into_iter().flatten().collect::<Vec<_>>();
    let lines: Vec<(&str, Option<String>)> = vec![
        ("Full name", Some(full_name.join(" ")).filter(|s| !s.is_empty() && *s != f.display_name)),
        ("Nickname", f.nickname.clone()),
        ("Work", work),
        ("Email", Some(join(&f.emails)).filter(|s| !s.is_empty())),
        ("Phone", Some(join(&f.phones)).filter(|s| !s.is_empty())),
        ("Links", Some(join(&f.links)).filter(|s| !s.is_empty())),
        ("Location", f.location.clone()),
        ("How we met", f.how_met.clone()),
        ("Met on", f.met_on.map(|d| d.to_string())),
        ("Birthday", f.birthday.clone()),
        ("Closeness", f.closeness.map(|c| format!("{c}/5"))),
        ("Kin", f.is_kin.then(|| "yes".to_owned())),
        ("Circles", Some(f.circles.join(", ")).filter(|s| !s.is_empty())),
        ("Cadence", f.cadence_days.map(|d| format!("every {d} days"))),
        ("Notes", Some(f.notes.clone()).filter(|s| !s.is_empty())),
    ];
    for (label, value) in lines {
        if let Some(v) = value {
            writeln!(out, "  {label:<11} {v}")?;
        }
    }

    writeln!(out)?;
    match &d.last_interaction_at {
        None => writeln!(out, "No interactions yet: log one with `rapport log --with {}`.", d.contact.id)?,
        Some(last) => {
            let ago = show_span(last, &Utc::now());
            writeln!(
                out,
                "{}, the last on {} ({ago} ago)",
                output::count(d.interaction_count, "interaction"),
                show_lived(last)
            )?;
            writeln!(out)?;
            writeln!(out, "Recent interactions")?;
            crate::interaction::table(&d.recent_interactions).print_indented(out, "  ")?;
        }
    }

    if !d.open_questions.is_empty() {
        writeln!(out)?;
        writeln!(out, "Open questions")?;
        for q in &d.open_questions {
            let who = if q.asked_by == rapport_core::Party::Me { "I asked" } else { "they asked" };
            let open = show_span(&q.asked_at, &Utc::now());
            writeln!(
                out,
                "  #{} {who} on {}, open {open}: {}",
                q.id,
                q.asked_at.format("%Y-%m-%d"),
                clip(&q.text, 80)
            )?;
        }
    }

    if !d.value_items.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "Value exchanged: gave {}, received {}",
            tally(&d.value_items, Direction::Given),
            tally(&d.value_items, Direction::Received)
        )?;
    }
    Ok(())
}

/// "3 (advice 2, introduction 1)": how many items went one way, by kind.
fn tally(items: &[ValueItem], direction: Direction) -> String {
    let mine: Vec<&ValueItem> = items.iter().filter(|i| i.direction == direction).collect();
    if mine.is_empty() {
        return "nothing".to_owned();
    }
    let kinds: Vec<String> = ValueKind::ALL
        .iter()
        .filter_map(|k| {
            let n = mine.iter().filter(|i| i.kind == *k).count();
            (n > 0).then(|| format!("{k} {n}"))
        })
        .collect();
    format!("{} ({})", mine.len(), kinds.join(", "))
}
