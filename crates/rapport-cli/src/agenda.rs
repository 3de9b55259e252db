//! `rapport agenda`: the window's This week card, from the same call (`Service::agenda`), or its
//! calendar file (`--ics FILE`, written as exports are: never over the database, over a file that
//! exists only with --force).

use chrono::{Duration, Utc};
use rapport_core::charts::Lang;
use rapport_core::measures::contact::CadenceStatus;
use rapport_service::files::Destination;

use crate::chart::system_lang;
use crate::cli::AgendaArgs;
use crate::data::refusal;
use crate::error::{CliError, Result};
use crate::output::{self, clip, count};
use crate::when::{show_local_date, show_span};
use crate::Ctx;

pub fn run(ctx: &mut Ctx, args: AgendaArgs) -> Result<()> {
    if let Some(path) = args.ics {
        let lang: Lang = match &args.lang {
            Some(l) => l.parse().map_err(|e| CliError::from(e).context("--lang"))?,
            None => system_lang(),
        };
        let to = Destination::Named { path: path.clone(), force: args.force, field: "--ics" };
        let saved = ctx.service.save_agenda_calendar(args.days, lang, &to).map_err(refusal)?;
        if ctx.json {
            return output::json(ctx.out, &serde_json::json!({ "file": saved.path, "bytes": saved.bytes }));
        }
        writeln!(ctx.out, "Wrote the calendar to {} ({} bytes)", path.display(), saved.bytes)?;
        return Ok(());
    }
    let agenda = ctx.service.agenda(args.days)?;
    if ctx.json {
        return output::json(ctx.out, &agenda);
    }
    let quiet_days = ctx.service.model_settings()?.quiet_turn_days;
    let out = &mut *ctx.out;
    let last = agenda.today + Duration::days(agenda.days - 1);
    writeln!(out, "Agenda from {} to {} ({})", agenda.today, last, count(agenda.days as usize, "day"))?;

    writeln!(out, "\nCatch up ({})", agenda.catch_ups_total)?;
    if agenda.catch_ups.is_empty() {
        writeln!(out, "  No tie is due for a catch-up.")?;
    }
    for c in &agenda.catch_ups {
        let status = if c.status == CadenceStatus::Overdue { "overdue" } else { "due" };
        writeln!(out, "  {} (#{}): {status}, {}", clip(&c.name, 40), c.contact, c.why)?;
    }
    if agenda.catch_ups_total > agenda.catch_ups.len() {
        writeln!(out, "  and {} more, lower in the ranking", agenda.catch_ups_total - agenda.catch_ups.len())?;
    }

    writeln!(out, "\nBirthdays ({})", agenda.birthdays.len())?;
    if agenda.birthdays.is_empty() {
        writeln!(out, "  No birthday in the next {}.", count(agenda.days as usize, "day"))?;
    }
    for b in &agenda.birthdays {
        let when = match b.in_days {
            0 => "today".to_owned(),
            1 => "tomorrow".to_owned(),
            n => format!("in {n} days"),
        };
        let turns = b.turns.map(|age| format!(", turns {age}")).unwrap_or_default();
        writeln!(out, "  {} {} ({when}): {} (#{}){turns}", b.on.format("%a"), b.on, clip(&b.name, 40), b.contact)?;
    }

    writeln!(out, "\nQuestions I owe ({})", agenda.questions_i_owe.len())?;
    if agenda.questions_i_owe.is_empty() {
        writeln!(out, "  I have answered every question asked of me.")?;
    }
    for q in &agenda.questions_i_owe {
        let ago = show_span(&q.asked_at, &Utc::now());
        writeln!(out, "  #{} {} asked me {ago} ago: {}", q.id, clip(&q.contact_name, 40), clip(&q.text, 70))?;
    }

    writeln!(out, "\nMy turn to reply ({})", agenda.my_turn.len())?;
    if agenda.my_turn.is_empty() {
        writeln!(out, "  No message is waiting for my reply.")?;
    }
    for t in &agenda.my_turn {
        let since = match t.since {
            Some(since) => format!(" since {} ({})", show_local_date(&since), show_span(&since, &Utc::now())),
            None => String::new(),
        };
        writeln!(out, "  {} (#{}): their message waits{since}", clip(&t.name, 40), t.contact)?;
    }
    if agenda.quiet_turns > 0 {
        writeln!(
            out,
            "  and {}, quiet for over {quiet_days} days (rapport loops lists them)",
            count(agenda.quiet_turns, "older conversation")
        )?;
    }
    Ok(())
}
