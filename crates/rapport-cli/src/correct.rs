//! `rapport interaction edit|delete` and `rapport contact delete`: correcting what was logged.
//! A delete shows what it would remove and stops unless --yes: the CLI has no undo.

use rapport_core::store::{InteractionEdit, Removed};
use rapport_core::{Interaction, InteractionId, Reason};

use crate::cli::{ContactDeleteArgs, InteractionCommand, InteractionDeleteArgs, InteractionEditArgs};
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
    let edit = InteractionEdit {
        at: args.at,
        channel: args.channel,
        initiated_by,
        participants,
        duration_min,
        summary: args.note,
        initiator,
        in_reply_to,
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
    Ok(())
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
        return output::json(ctx.out, &deleted);
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
        return output::json(ctx.out, &deleted);
    }
    writeln!(ctx.out, "deleted {name} (#{id}): {}", removed_sentence(&deleted.removed))?;
    Ok(())
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
