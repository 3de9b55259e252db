//! `rapport log`, `answer`, `questions` and `interactions`: the history and its open loops.

use std::io::Write;

use chrono::{Local, Utc};
use rapport_core::{
    ContactId, Direction, Interaction, InteractionId, InteractionQuery, NewInteraction, NewQuestion, Party, Question,
    QuestionId, QuestionQuery, Reason,
};

use crate::cli::{AnswerArgs, InteractionsArgs, LogArgs, QuestionsArgs};
use crate::error::{CliError, Result};
use crate::output::{self, clip, Align, Table};
use crate::resolve::resolve;
use crate::when::{show_lived, show_span};
use crate::Ctx;

pub fn log(ctx: &mut Ctx, args: LogArgs) -> Result<()> {
    crate::when::refuse_future(args.at, args.future).map_err(CliError::usage)?;
    // Every name is resolved before anything is written, so one bad --with leaves no trace.
    let participants = args.with.iter().map(|w| resolve(&ctx.service, w, "--with")).collect::<Result<Vec<_>>>()?;
    let (initiated_by, initiator) = who_started(ctx, &args.by, &participants)?;
    let in_reply_to = match (args.reply_to, args.reply) {
        (Some(id), _) => Some(InteractionId(id)),
        (None, true) => Some(open_exchange_with(ctx, initiator, &participants)?),
        (None, false) => None,
    };
    let at = args.at.unwrap_or_else(|| Local::now().fixed_offset());
    let mut new = NewInteraction::new(at, args.channel, initiated_by, participants);
    new.initiator = initiator;
    new.in_reply_to = in_reply_to;
    new.duration_min = args.duration_min;
    new.summary = args.note.unwrap_or_default();
    new.given = args.gave;
    new.received = args.received;
    let asked = |by: Party, texts: Vec<String>| {
        texts.into_iter().map(move |text| NewQuestion { asked_by: by, text, contact: None })
    };
    new.questions = asked(Party::Me, args.asked).chain(asked(Party::Them, args.they_asked)).collect();
    new.answers = args.answers.into_iter().map(QuestionId).collect();
    let interaction = ctx.service.log_interaction(&new)?;
    if ctx.json {
        return output::json(ctx.out, &interaction);
    }
    print_created(ctx.out, &interaction)
}

/// Who started an interaction with `participants`, from `--by`: `me`; `them` when there is one
/// participant (with several it would not say which); or the participant named (id or name).
pub fn who_started(ctx: &Ctx, by: &str, participants: &[ContactId]) -> Result<(Party, Option<ContactId>)> {
    match by.trim() {
        "me" => Ok((Party::Me, None)),
        "them" if participants.len() == 1 => Ok((Party::Them, None)),
        "them" => Err(CliError::usage(format!("--by: {}", Reason::ThemInGroup { n: participants.len() }))),
        name => {
            let who = resolve(&ctx.service, name, "--by")?;
            if !participants.contains(&who) {
                let reason = Reason::InitiatorNotParticipant { contact: who.0 };
                return Err(CliError::usage(format!("--by: {reason}; add them with --with")));
            }
            Ok((Party::Them, Some(who)))
        }
    }
}

/// `--reply`: the latest exchange still open with the contact who started it, or with the only
/// participant.
fn open_exchange_with(ctx: &Ctx, initiator: Option<ContactId>, participants: &[ContactId]) -> Result<InteractionId> {
    let contact =
        match (initiator, participants) {
            (Some(who), _) => who,
            (None, [only]) => *only,
            (None, _) => return Err(CliError::usage(
                "--reply: with several participants, name who wrote with --by NAME, or give --reply-to INTERACTION_ID",
            )),
        };
    match ctx.service.reply_candidate(contact)? {
        Some(open) => Ok(open.id),
        None => Err(CliError::failure(format!(
            "--reply: nothing is waiting for a reply with contact #{contact}; give --reply-to INTERACTION_ID"
        ))),
    }
}

/// The new interaction's id alone on the first line (for scripts), then one line per question it
/// asked or answered.
pub(crate) fn print_created(out: &mut dyn Write, interaction: &Interaction) -> Result<()> {
    writeln!(out, "{}", interaction.id)?;
    if let Some(earlier) = interaction.in_reply_to {
        writeln!(out, "replies to interaction {earlier}")?;
    }
    for q in &interaction.questions {
        writeln!(out, "question {} ({}): {}", q.id, who_asked(q), q.text)?;
    }
    for q in &interaction.answers {
        writeln!(out, "answers question {q}")?;
    }
    Ok(())
}

/// "I asked Ann Lee" or "Ann Lee asked me".
fn who_asked(q: &Question) -> String {
    match q.asked_by {
        Party::Me => format!("I asked {}", q.contact_name),
        Party::Them => format!("{} asked me", q.contact_name),
    }
}

pub fn answer(ctx: &mut Ctx, args: AnswerArgs) -> Result<()> {
    let question = ctx.service.question(QuestionId(args.question))?;
    if args.reopen {
        let q = ctx.service.reopen_question(question.id)?;
        if ctx.json {
            return output::json(ctx.out, &q);
        }
        writeln!(ctx.out, "question {} is open again", q.id)?;
        return Ok(());
    }
    if let Some(interaction) = args.in_interaction {
        let q = ctx.service.answer_question(question.id, InteractionId(interaction))?;
        if ctx.json {
            return output::json(ctx.out, &q);
        }
        writeln!(ctx.out, "question {} answered in interaction {interaction}", q.id)?;
        return Ok(());
    }
    // A new interaction carries the answer: whoever was asked is the one who replies, and by
    // default on the channel the question came in.
    let asked_in = ctx.service.interaction(question.asked_in)?;
    let replier = match question.asked_by {
        Party::Me => Party::Them,
        Party::Them => Party::Me,
    };
    let at = args.at.unwrap_or_else(|| Local::now().fixed_offset());
    // Checked here so the message speaks of --at, not of an interaction id that was never kept.
    if at < question.asked_at {
        return Err(CliError::failure(format!(
            "--at: the answer ({}) cannot come before the question, asked {}",
            show_lived(&at),
            show_lived(&question.asked_at)
        )));
    }
    let mut new = NewInteraction::new(at, args.channel.unwrap_or(asked_in.channel), replier, vec![question.contact]);
    new.summary = args.note.unwrap_or_default();
    new.answers = vec![question.id];
    let interaction = ctx.service.log_interaction(&new)?;
    if ctx.json {
        return output::json(ctx.out, &interaction);
    }
    print_created(ctx.out, &interaction)
}

pub fn questions(ctx: &mut Ctx, args: QuestionsArgs) -> Result<()> {
    let contact = args.contact.as_deref().map(|c| resolve(&ctx.service, c, "--contact")).transpose()?;
    let asked_by = match (args.mine, args.theirs) {
        (true, _) => Some(Party::Me),
        (_, true) => Some(Party::Them),
        _ => None,
    };
    let questions = ctx.service.list_questions(&QuestionQuery { contact, open_only: args.open, asked_by })?;
    if ctx.json {
        return output::json(ctx.out, &questions);
    }
    if questions.is_empty() {
        writeln!(ctx.out, "No questions. Record them when logging: `rapport log --with NAME --asked TEXT`.")?;
        return Ok(());
    }
    let now = Utc::now();
    let mut table = Table::new(&[
        ("id", Align::Right),
        ("contact", Align::Left),
        ("asked by", Align::Left),
        ("asked on", Align::Left),
        ("status", Align::Left),
        ("question", Align::Left),
    ]);
    for q in &questions {
        let status = match (&q.answered_in, &q.answered_at) {
            (Some(i), Some(at)) => format!("answered after {} (#{i})", show_span(&q.asked_at, at)),
            _ => format!("open {}", show_span(&q.asked_at, &now)),
        };
        table.row(vec![
            q.id.to_string(),
            clip(&q.contact_name, 30),
            q.asked_by.to_string(),
            q.asked_at.format("%Y-%m-%d").to_string(),
            status,
            clip(&q.text, 60),
        ]);
    }
    table.print(ctx.out)
}

pub fn list(ctx: &mut Ctx, args: InteractionsArgs) -> Result<()> {
    let contact = args.contact.as_deref().map(|c| resolve(&ctx.service, c, "--contact")).transpose()?;
    let interactions =
        ctx.service.list_interactions(&InteractionQuery { contact, limit: args.limit, ..Default::default() })?;
    if ctx.json {
        return output::json(ctx.out, &interactions);
    }
    if interactions.is_empty() {
        writeln!(ctx.out, "No interactions yet. Log one with `rapport log --with NAME`.")?;
        return Ok(());
    }
    table(&interactions).print(ctx.out)
}

/// Interactions as a table, as `interactions` and `contact show` print them.
pub fn table(interactions: &[Interaction]) -> Table {
    let mut table = Table::new(&[
        ("id", Align::Right),
        ("when", Align::Left),
        ("channel", Align::Left),
        ("by", Align::Left),
        ("with", Align::Left),
        ("gave", Align::Right),
        ("got", Align::Right),
        ("questions", Align::Right),
        ("summary", Align::Left),
    ]);
    for i in interactions {
        let names: Vec<&str> = i.participants.iter().map(|p| p.display_name.as_str()).collect();
        let count = |d: Direction| i.value_items.iter().filter(|v| v.direction == d).count().to_string();
        table.row(vec![
            i.id.to_string(),
            show_lived(&i.at),
            i.channel.to_string(),
            started_by(i),
            clip(&names.join(", "), 30),
            count(Direction::Given),
            count(Direction::Received),
            i.questions.len().to_string(),
            clip(&i.summary, 40),
        ]);
    }
    table
}

/// "me", "them", or the name of the participant who started it.
fn started_by(i: &Interaction) -> String {
    let named = i.initiator.and_then(|who| i.participants.iter().find(|p| p.id == who));
    match named {
        Some(p) => clip(&p.display_name, 20),
        None => i.initiated_by.to_string(),
    }
}
