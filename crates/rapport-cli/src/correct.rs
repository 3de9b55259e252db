//! `rapport interaction edit|delete`, `rapport value edit|delete`, `rapport question edit|delete`,
//! `rapport post delete` and `rapport contact delete`: correcting what was logged. A delete shows
//! what it would remove and stops unless --yes: the CLI has no undo.

use rapport_core::store::{InteractionEdit, QuestionEdit, Removed, ValueItemEdit};
use rapport_core::{
    Direction, Interaction, InteractionId, NewQuestion, Party, PostId, Question, QuestionId, Reason, ValueItem,
    ValueItemId,
};
use rapport_service::Deletion;

use crate::cli::{
    ContactDeleteArgs, InteractionCommand, InteractionDeleteArgs, InteractionEditArgs, ItemDeleteArgs, QuestionCommand,
    QuestionEditArgs, ValueCommand, ValueEditArgs,
};
use crate::error::{CliError, Result};
use crate::output;
use crate::resolve::resolve;
use crate::when::show_lived;
use crate::Ctx;

pub fn interaction(ctx: &mut Ctx, command: InteractionCommand) -> Result<()> {
    match command {
        InteractionCommand::Edit(args) => edit(ctx, args),
        InteractionCommand::Delete(args) => delete(ctx, args),
    }
}

fn edit(ctx: &mut Ctx, args: InteractionEditArgs) -> Result<()> {
    crate::when::refuse_future(args.at, args.future).map_err(CliError::usage)?;
    // Every name is resolved before anything is written.
    let participants = match args.with.is_empty() {
        true => None,
        false => Some(args.with.iter().map(|w| resolve(&ctx.service, w, "--with")).collect::<Result<Vec<_>>>()?),
    };
    let duration_min = match (args.duration_min, args.no_duration) {
        (Some(d), _) => Some(Some(d)),
        (None, true) => Some(None),
        (None, false) => None,
    };
    // Who started it is one of the participants it will have.
    let (initiated_by, initiator) = match &args.by {
        Some(by) => {
            let people = match &participants {
                Some(list) => list.clone(),
                None => ctx.service.interaction(InteractionId(args.id))?.participants.iter().map(|p| p.id).collect(),
            };
            let (party, who) = crate::interaction::who_started(ctx, by, &people)?;
            (Some(party), Some(who))
        }
        None => (None, None),
    };
    let in_reply_to = match (args.reply_to, args.no_reply_to) {
        (Some(id), _) => Some(Some(InteractionId(id))),
        (None, true) => Some(None),
        (None, false) => None,
    };
    let asked = |by: Party, texts: Vec<String>| {
        texts.into_iter().map(move |text| NewQuestion { asked_by: by, text, contact: None })
    };
    let edit = InteractionEdit {
        at: args.at,
        channel: args.channel,
        initiated_by,
        participants,
        duration_min,
        summary: args.note,
        initiator,
        in_reply_to,
        add_given: args.gave,
        add_received: args.received,
        add_questions: asked(Party::Me, args.asked).chain(asked(Party::Them, args.they_asked)).collect(),
        ..Default::default()
    };
    if edit.is_empty() {
        return Err(CliError::usage(Reason::NothingToEdit {}.to_string()));
    }
    let edited = ctx.service.edit_interaction(InteractionId(args.id), &edit)?;
    if ctx.json {
        return output::json(ctx.out, &edited);
    }
    writeln!(ctx.out, "interaction {} is now: {}", edited.id, described(&edited))?;
    // Each item with its id, for `value edit|delete` and `question edit|delete`.
    for v in &edited.value_items {
        writeln!(ctx.out, "value item {}: {}", v.id, item_described(ctx, v)?)?;
    }
    for q in &edited.questions {
        writeln!(ctx.out, "question {}: {}", q.id, question_described(q))?;
    }
    Ok(())
}

pub fn value(ctx: &mut Ctx, command: ValueCommand) -> Result<()> {
    match command {
        ValueCommand::Edit(args) => value_edit(ctx, args),
        ValueCommand::Delete(args) => {
            let id = ValueItemId(args.id);
            // Read first: an unknown id is refused by its own reason, with or without --yes.
            let item = ctx.service.read(|s| s.value_item(id))?;
            let what = format!("value item {}: {}", item.id, item_described(ctx, &item)?);
            confirmed(&args, &what)?;
            let deleted = ctx.service.delete_value_item(id)?;
            report_deleted(ctx, &deleted, &what)
        }
    }
}

fn value_edit(ctx: &mut Ctx, args: ValueEditArgs) -> Result<()> {
    let weight = match (args.weight, args.no_weight) {
        (Some(w), _) => Some(Some(w)),
        (None, true) => Some(None),
        (None, false) => None,
    };
    let edit = ValueItemEdit { direction: args.direction, kind: args.kind, weight, note: args.note };
    if edit == ValueItemEdit::default() {
        return Err(CliError::usage(Reason::NothingToEdit {}.to_string()));
    }
    let edited = ctx.service.edit_value_item(ValueItemId(args.id), &edit)?;
    if ctx.json {
        return output::json(ctx.out, &edited);
    }
    writeln!(ctx.out, "value item {} is now: {}", edited.id, item_described(ctx, &edited)?)?;
    Ok(())
}

pub fn question(ctx: &mut Ctx, command: QuestionCommand) -> Result<()> {
    match command {
        QuestionCommand::Edit(args) => question_edit(ctx, args),
        QuestionCommand::Delete(args) => {
            let id = QuestionId(args.id);
            let question = ctx.service.question(id)?;
            let what = format!("question {}: {}", question.id, question_described(&question));
            confirmed(&args, &what)?;
            let deleted = ctx.service.delete_question(id)?;
            report_deleted(ctx, &deleted, &what)
        }
    }
}

fn question_edit(ctx: &mut Ctx, args: QuestionEditArgs) -> Result<()> {
    let edit = QuestionEdit { asked_by: args.by, text: args.text };
    if edit == QuestionEdit::default() {
        return Err(CliError::usage(Reason::NothingToEdit {}.to_string()));
    }
    let edited = ctx.service.edit_question(QuestionId(args.id), &edit)?;
    if ctx.json {
        return output::json(ctx.out, &edited);
    }
    writeln!(ctx.out, "question {} is now: {}", edited.id, question_described(&edited))?;
    Ok(())
}

/// `rapport post delete ID [--yes]`: the post with its reactions.
pub fn delete_post(ctx: &mut Ctx, args: ItemDeleteArgs) -> Result<()> {
    let id = PostId(args.id);
    let post = ctx.service.read(|s| s.post(id))?;
    let mut what = format!("post {}: {} “{}”", post.id, post.platform, output::clip(&post.title, 60));
    if !post.reactions.is_empty() {
        let n = post.reactions.len();
        what.push_str(&format!(" with its {n} {}", if n == 1 { "reaction" } else { "reactions" }));
    }
    confirmed(&args, &what)?;
    let deleted = ctx.service.delete_post(id)?;
    report_deleted(ctx, &deleted, &what)
}

/// Stops with what would go unless --yes.
fn confirmed(args: &ItemDeleteArgs, what: &str) -> Result<()> {
    match args.yes {
        true => Ok(()),
        false => Err(CliError::failure(format!("this deletes {what}; run again with --yes to go ahead"))),
    }
}

fn report_deleted(ctx: &mut Ctx, deleted: &Deletion, what: &str) -> Result<()> {
    if ctx.json {
        return output::json(ctx.out, &deleted_json(deleted));
    }
    writeln!(ctx.out, "deleted {what}")?;
    Ok(())
}

/// "gave advice to Ana Lima: “on pricing” (interaction 3)".
fn item_described(ctx: &Ctx, v: &ValueItem) -> Result<String> {
    let name = ctx.service.contact(v.contact)?.fields.display_name;
    let way = match v.direction {
        Direction::Given => format!("gave {} to {name}", v.kind),
        Direction::Received => format!("received {} from {name}", v.kind),
    };
    let mut text = way;
    if !v.note.is_empty() {
        text.push_str(&format!(": “{}”", output::clip(&v.note, 60)));
    }
    if let Some(i) = v.interaction {
        text.push_str(&format!(" (interaction {i})"));
    }
    Ok(text)
}

/// "I asked Ana Lima: Lunch on Friday?" or "Ana Lima asked me: ...".
fn question_described(q: &Question) -> String {
    match q.asked_by {
        Party::Me => format!("I asked {}: {}", q.contact_name, q.text),
        Party::Them => format!("{} asked me: {}", q.contact_name, q.text),
    }
}

fn delete(ctx: &mut Ctx, args: InteractionDeleteArgs) -> Result<()> {
    let id = InteractionId(args.id);
    if !args.yes {
        let it = ctx.service.interaction(id)?;
        return Err(CliError::failure(format!(
            "this deletes interaction {}: {}, with its {} value items and {} questions asked in it; run again \
             with --yes to go ahead",
            it.id,
            described(&it),
            it.value_items.len(),
            it.questions.len()
        )));
    }
    let deleted = ctx.service.delete_interaction(id)?;
    if ctx.json {
        return output::json(ctx.out, &deleted_json(&deleted));
    }
    writeln!(ctx.out, "deleted interaction {}: {}", args.id, removed_sentence(&deleted.removed))?;
    Ok(())
}

pub fn delete_contact(ctx: &mut Ctx, args: ContactDeleteArgs) -> Result<()> {
    let id = resolve(&ctx.service, &args.contact.join(" "), "contact")?;
    let name = ctx.service.contact(id)?.fields.display_name;
    if !args.yes {
        let preview = ctx.service.preview_delete_contact(id)?;
        if ctx.json {
            output::json(ctx.out, &serde_json::json!({ "contact": id, "would_remove": preview }))?;
        }
        return Err(CliError::failure(format!(
            "deleting {name} (#{id}) {}; `rapport contact archive` keeps the history instead. Run again with --yes \
             to go ahead",
            removed_sentence(&preview)
        )));
    }
    let deleted = ctx.service.delete_contact(id)?;
    if ctx.json {
        return output::json(ctx.out, &deleted_json(&deleted));
    }
    writeln!(ctx.out, "deleted {name} (#{id}): {}", removed_sentence(&deleted.removed))?;
    Ok(())
}

/// A delete as `--json` prints it: what went and whose measures changed. The undo token is the
/// window's (the service keeps the rows while the app runs); this process ends here.
pub fn deleted_json(d: &Deletion) -> serde_json::Value {
    serde_json::json!({ "removed": d.removed, "contacts": d.contacts })
}

/// "2026-03-04 18:00 +01:00, call with Ana Lima, Ben Stone: “Lunch”".
fn described(it: &Interaction) -> String {
    let people: Vec<&str> = it.participants.iter().map(|p| p.display_name.as_str()).collect();
    let mut text = format!("{}, {} with {}", show_lived(&it.at), it.channel, people.join(", "));
    if !it.summary.is_empty() {
        text.push_str(&format!(": “{}”", output::clip(&it.summary, 60)));
    }
    text
}

/// "removes 12 interactions and 3 questions; 2 group interactions stay with the others".
pub fn removed_sentence(r: &Removed) -> String {
    let counted = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut parts =
        vec![counted(r.interactions, "interaction", "interactions"), counted(r.questions, "question", "questions")];
    if r.value_items > 0 {
        parts.push(counted(r.value_items, "value item", "value items"));
    }
    if r.reactions > 0 {
        parts.push(counted(r.reactions, "reaction", "reactions"));
    }
    let last = parts.pop().unwrap_or_default();
    let mut text = match parts.is_empty() {
        true => format!("removes {last}"),
        false => format!("removes {} and {last}", parts.join(", ")),
    };
    if r.shared_interactions > 0 {
        let shared = counted(r.shared_interactions, "group interaction stays", "group interactions stay");
        text.push_str(&format!("; {shared} with the others"));
    }
    text
}
