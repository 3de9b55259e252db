//! `rapport loops`: the window's Open loops, from the same call (`Service::open_loops`): the
//! questions I owe, the conversations where it is my turn (those quiet for over
//! the model's `quiet_turn_days` folded under a count, as the window folds them, and out of what I owe), and
//! the questions waiting on others.

use chrono::Utc;
use rapport_core::directory::MyTurn;
use rapport_core::Question;

use crate::error::Result;
use crate::output::{self, clip, count};
use crate::when::{show_local_date, show_span};
use crate::Ctx;

pub fn run(ctx: &mut Ctx) -> Result<()> {
    let loops = ctx.service.open_loops()?;
    if ctx.json {
        return output::json(ctx.out, &loops);
    }
    let quiet_days = ctx.service.model_settings()?.quiet_turn_days;
    let out = &mut *ctx.out;
    writeln!(out, "{} waiting on me, {} on them", loops.owed, loops.waiting.len())?;

    writeln!(out, "\nQuestions I owe ({})", loops.i_owe.len())?;
    if loops.i_owe.is_empty() {
        writeln!(out, "  I have answered every question asked of me.")?;
    }
    for q in &loops.i_owe {
        let who = format!("{} asked me", clip(&q.contact_name, 40));
        writeln!(out, "  {}", question(q, &who))?;
    }

    let (quiet, recent): (Vec<&MyTurn>, Vec<&MyTurn>) = loops.my_turn.iter().partition(|t| t.quiet);
    writeln!(out, "\nMy turn to reply ({})", recent.len())?;
    if recent.is_empty() {
        writeln!(out, "  No message is waiting for my reply.")?;
    }
    for t in &recent {
        let since = match t.since {
            Some(since) => format!(" since {} ({})", show_local_date(&since), show_span(&since, &Utc::now())),
            None => String::new(),
        };
        writeln!(out, "  {} (#{}): their message waits{since}", clip(&t.name, 40), t.contact)?;
    }
    if !quiet.is_empty() {
        writeln!(
            out,
            "  and {}, quiet for over {quiet_days} days (--json lists them)",
            count(quiet.len(), "older conversation")
        )?;
    }

    writeln!(out, "\nWaiting on them ({})", loops.waiting.len())?;
    if loops.waiting.is_empty() {
        writeln!(out, "  None of my questions is waiting for an answer.")?;
    }
    for q in &loops.waiting {
        let who = format!("I asked {}", clip(&q.contact_name, 40));
        writeln!(out, "  {}", question(q, &who))?;
    }
    Ok(())
}

/// `#12 Ann Lee asked me 3 days ago: Coffee?`; `who` says who asked whom.
fn question(q: &Question, who: &str) -> String {
    format!("#{} {who} {} ago: {}", q.id, show_span(&q.asked_at, &Utc::now()), clip(&q.text, 70))
}
