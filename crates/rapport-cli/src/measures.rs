//! `rapport report`, `why`, `suggest` and `model`: the measures of rapport-core, in words and
//! tables for people and as JSON for programs (shapes in docs/cli.md).

use std::io::Write;

use chrono::{DateTime, FixedOffset, Local, TimeZone, Utc};
use rapport_core::measures::contact::{CadenceStatus, ContactMeasures, TurnReason};
use rapport_core::measures::{Band, ModelSettings, Secs};
use rapport_core::Party;

use crate::cli::{ModelCommand, ReportArgs, SuggestArgs, WhyArgs};
use crate::error::{CliError, Result};
use crate::output::{self, clip, Align, Table};
use crate::resolve::resolve;
use crate::Ctx;

fn secs(at: Option<DateTime<FixedOffset>>) -> Secs {
    at.map(|t| t.timestamp()).unwrap_or_else(|| Utc::now().timestamp())
}

fn day(secs: Secs) -> String {
    Local.timestamp_opt(secs, 0).single().map(|t| t.format("%Y-%m-%d").to_string()).unwrap_or_default()
}

fn pct(x: Option<f64>) -> String {
    x.map(|v| format!("{:.0}%", 100.0 * v)).unwrap_or_else(|| "—".into())
}

/// A rate with its 80% interval: "40% (80%: 17–67%)"; "—" without a rate.
fn pct_within(x: Option<f64>, interval: Option<[f64; 2]>) -> String {
    match (x, interval) {
        (Some(_), Some([lo, hi])) => format!("{} (80%: {:.0}–{:.0}%)", pct(x), 100.0 * lo, 100.0 * hi),
        _ => pct(x),
    }
}

/// A tie's rates with their 80% intervals and counts, one line each ("my turns answered: 0%
/// (80%: 0–68%), n = 1"); those without a rate are left out.
pub(crate) fn rate_lines(m: &ContactMeasures) -> Vec<String> {
    let c = &m.conversation;
    [
        ("my turns answered", c.answered_share, c.answered_share_interval, c.answered_share_n),
        ("value from me", m.give_take.balance, m.give_take.interval, m.give_take.n),
        ("my questions answered", m.my_questions.rate, m.my_questions.interval, m.my_questions.n),
        ("their questions answered", m.their_questions.rate, m.their_questions.interval, m.their_questions.n),
        ("my posts they reacted to", m.reactions.rate, m.reactions.interval, m.reactions.n),
    ]
    .into_iter()
    .filter(|(_, rate, _, _)| rate.is_some())
    .map(|(label, rate, interval, n)| format!("{label}: {}, n = {n}", pct_within(rate, interval)))
    .collect()
}

/// A score's 80% interval, 0–100: "33–50".
fn range(interval: [f64; 2]) -> String {
    format!("{:.0}–{:.0}", interval[0], interval[1])
}

/// A count of evidence, faded counts with a decimal while they are small: "0", "0.6", "12".
fn evidence(n: f64) -> String {
    if n == 0.0 || n >= 10.0 {
        format!("{n:.0}")
    } else {
        format!("{n:.1}")
    }
}

/// The band in words, or that it is too early to say.
fn band_words(band: Band) -> &'static str {
    match band {
        Band::Weak => "weak",
        Band::Fair => "fair",
        Band::Strong => "strong",
        Band::TooEarly => "too early to say",
    }
}

/// "today", "1 day ago", "12 days ago".
fn ago(d: f64) -> String {
    if d < 1.0 {
        "today".into()
    } else {
        format!("{} ago", days(d))
    }
}

fn days(d: f64) -> String {
    if d < 1.0 {
        "today".into()
    } else if d < 2.0 {
        "1 day".into()
    } else {
        format!("{:.0} days", d)
    }
}

pub fn report(ctx: &mut Ctx, args: ReportArgs) -> Result<()> {
    let at = secs(args.at);
    let settings = ctx.service.model_settings()?;
    let report = ctx.service.report(at)?;
    if let Some(text) = args.contact {
        let id = resolve(&ctx.service, &text, "--contact")?;
        let m = report.contacts.iter().find(|m| m.contact == id).ok_or_else(|| {
            CliError::failure(format!(
                "--contact: {text} is archived; bring them back with `rapport contact archive --undo`"
            ))
        })?;
        return if ctx.json { output::json(ctx.out, m) } else { print_contact(ctx.out, m, at, &settings) };
    }
    if ctx.json {
        return output::json(ctx.out, &report);
    }
    let n = &report.network;
    writeln!(
        ctx.out,
        "Network Value Index on {}: {:.0} (80%: {}), {}",
        day(at),
        n.index,
        range(n.interval),
        band_words(n.band)
    )?;
    let mut t = Table::new(&[
        ("component", Align::Left),
        ("score", Align::Right),
        ("80%", Align::Right),
        ("n", Align::Right),
        ("weight", Align::Right),
        ("points", Align::Right),
        ("made of", Align::Left),
    ]);
    for c in &n.components {
        t.row(vec![
            c.name.label().into(),
            c.score.map(|v| format!("{v:.0}")).unwrap_or_else(|| "no data".into()),
            range(c.interval),
            evidence(c.n),
            format!("{:.2}", c.weight),
            format!("{:.1}", c.contribution),
            c.detail.clone(),
        ]);
    }
    t.print_indented(ctx.out, "  ")?;
    let l = n.layer_counts;
    writeln!(
        ctx.out,
        "Layers: {} · {} · {} · {} ties in the {} layers; {} active in the last year",
        l[0],
        l[1],
        l[2],
        l[3],
        settings.layer_sizes.map(|size| size.to_string()).join(" · "),
        n.active_ties
    )?;
    if let Some(line) = n.reply_questions.english() {
        writeln!(ctx.out, "Replies: {line}")?;
    }
    if args.top == 0 || report.contacts.is_empty() {
        return Ok(());
    }
    writeln!(ctx.out, "\nStrongest ties")?;
    let mut t = Table::new(&[
        ("id", Align::Right),
        ("name", Align::Left),
        ("strength", Align::Right),
        ("layer", Align::Right),
        ("last contact", Align::Left),
        ("cadence", Align::Left),
        ("answered", Align::Right),
        ("given", Align::Right),
        ("turn", Align::Left),
    ]);
    for m in report.contacts.iter().take(args.top) {
        t.row(vec![
            m.contact.to_string(),
            clip(&m.name, 28),
            format!("{:.0}", m.strength),
            layer_size(m, &settings).map(|size| size.to_string()).unwrap_or_else(|| "—".into()),
            m.cadence.days_since_last.map(ago).unwrap_or_else(|| "never".into()),
            status(m.cadence.status).into(),
            pct(m.conversation.answered_share),
            pct(m.give_take.balance),
            turn_word(m),
        ]);
    }
    t.print_indented(ctx.out, "  ")?;
    Ok(())
}

fn status(s: CadenceStatus) -> &'static str {
    match s {
        CadenceStatus::OnTrack => "on track",
        CadenceStatus::Due => "due",
        CadenceStatus::Overdue => "overdue",
        CadenceStatus::Never => "never",
    }
}

fn turn_word(m: &ContactMeasures) -> String {
    match m.turn.whose {
        Some(Party::Me) => "mine".into(),
        Some(Party::Them) => "theirs".into(),
        None => "—".into(),
    }
}

/// The size of the tie's layer as the settings have it (Dunbar's notation: the 15-layer); core
/// gives the layer's rank, 1 to 4.
fn layer_size(m: &ContactMeasures, settings: &ModelSettings) -> Option<usize> {
    m.layer.and_then(|rank| settings.layer_sizes.get(rank.checked_sub(1)?).copied())
}

fn print_contact(out: &mut dyn Write, m: &ContactMeasures, at: Secs, settings: &ModelSettings) -> Result<()> {
    let p = &m.strength_parts;
    writeln!(out, "{} on {}", m.name, day(at))?;
    writeln!(
        out,
        "  Strength {:.0}{}: intensity {:.0}, intimacy {:.0}, duration {:.0}, services {:.0}; fade {:.2} (half-life {:.0} days)",
        m.strength,
        layer_size(m, settings).map(|size| format!(" ({size}-layer)")).unwrap_or_default(),
        p.intensity,
        p.intimacy,
        p.duration,
        p.services,
        p.fade,
        p.half_life_days
    )?;
    let c = &m.cadence;
    writeln!(
        out,
        "  Cadence: {} — last contact {}, expected every {:.0} days ({})",
        status(c.status),
        c.days_since_last.map(ago).unwrap_or_else(|| "never".into()),
        c.expected_days,
        serde_json::to_value(c.source)?.as_str().unwrap_or("").replace('_', " ")
    )?;
    let i = &m.initiative;
    writeln!(
        out,
        "  Initiative (last year): they reached out {} times, I did {}{}",
        i.by_them,
        i.by_me,
        i.balance.map(|b| format!(" (balance {b:+.2})")).unwrap_or_default()
    )?;
    let cv = &m.conversation;
    writeln!(
        out,
        "  Conversation: {} of my {} turns answered ({}); {} of all turns two-way",
        cv.my_turns_answered,
        cv.my_turns,
        pct_within(cv.answered_share, cv.answered_share_interval),
        pct(cv.ratio)
    )?;
    let g = &m.give_take;
    writeln!(
        out,
        "  Give/take (last year): gave {} items ({:.1}), received {} ({:.1}): {} given",
        g.items_given,
        g.given,
        g.items_received,
        g.received,
        pct_within(g.balance, g.interval)
    )?;
    let first = &m.give_first;
    if let (Some(who), Some(since)) = (first.first, first.since) {
        let back = match (who, first.returned_after_days) {
            (Party::Me, Some(d)) => format!("I gave first ({}); value came back after {}", day(since), days(d)),
            (Party::Me, None) => format!("I gave first ({}); nothing came back yet", day(since)),
            (Party::Them, Some(d)) => format!("they gave first ({}); I gave back after {}", day(since), days(d)),
            (Party::Them, None) => format!("they gave first ({}); I have not given back yet", day(since)),
        };
        writeln!(out, "  Giving first: {back}")?;
    }
    for (label, f) in [("My questions to them", &m.my_questions), ("Their questions to me", &m.their_questions)] {
        writeln!(
            out,
            "  {label}: {} of {} answered (rate {}{})",
            f.answered,
            f.asked,
            pct_within(f.rate, f.interval),
            f.median_delay_days.map(|d| format!(", median {d:.1} days")).unwrap_or_default()
        )?;
        for q in &f.open {
            writeln!(out, "    open {}: #{} {}", days(q.age_days), q.id, clip(&q.text, 70))?;
        }
    }
    let turn = match (m.turn.whose, m.turn.reason) {
        (None, _) => "nobody owes anything".to_owned(),
        (Some(who), reason) => format!(
            "{} since {} ({})",
            if who == Party::Me { "mine" } else { "theirs" },
            m.turn.since.map(day).unwrap_or_default(),
            match reason {
                TurnReason::TheirQuestion => "their question is open",
                TurnReason::MyQuestion => "my question is open",
                TurnReason::TheirMessage => "their message waits for my reply",
                TurnReason::MyMessage => "my message waits for their reply",
                TurnReason::Settled => "",
            }
        ),
    };
    writeln!(out, "  Whose turn: {turn}")?;
    let r = &m.reactions;
    writeln!(
        out,
        "  Reactions (last year): reacted to {} of my {} posts ({}); {} comments, {} replied to",
        r.posts_reacted,
        r.posts,
        pct_within(r.rate, r.interval),
        r.comments,
        r.comments_replied
    )?;
    Ok(())
}

pub fn why(ctx: &mut Ctx, args: WhyArgs) -> Result<()> {
    let (from, to) = (args.from.timestamp(), secs(args.to));
    if from >= to {
        return Err(CliError::usage("--from must come before --to"));
    }
    let w = ctx.service.why(from, to)?;
    if ctx.json {
        return output::json(ctx.out, &w);
    }
    writeln!(
        ctx.out,
        "Network Value Index {:.1} on {} → {:.1} on {} ({:+.1}; 80% then: {}, now: {})",
        w.from.index,
        day(from),
        w.to.index,
        day(to),
        w.change,
        range(w.from.interval),
        range(w.to.interval)
    )?;
    if w.band_moved {
        writeln!(ctx.out, "  Band: {} → {}", band_words(w.from.band), band_words(w.to.band))?;
    }
    for m in &w.moves {
        writeln!(ctx.out, "  {}", m.text)?;
    }
    Ok(())
}

pub fn suggest(ctx: &mut Ctx, args: SuggestArgs) -> Result<()> {
    // Core's suggestions leave out a turn of mine quiet for over the model's quiet_turn_days, the rule Open
    // loops (the window's and `rapport loops`) folds them by.
    let s = ctx.service.suggestions(secs(args.at))?;
    if ctx.json {
        return output::json(ctx.out, &s);
    }
    let mut empty = true;
    let mut section = |out: &mut dyn Write, title: &str, lines: Vec<String>| -> Result<()> {
        if lines.is_empty() {
            return Ok(());
        }
        empty = false;
        writeln!(out, "{title}")?;
        for l in lines {
            writeln!(out, "  {l}")?;
        }
        Ok(())
    };
    section(
        ctx.out,
        "Reconnect",
        s.reconnect
            .iter()
            .map(|r| {
                format!(
                    "{} (#{}): silent {}, usually every {:.0} days; strength was {:.0}",
                    r.name,
                    r.contact,
                    days(r.days_silent),
                    r.expected_days,
                    r.strength_then
                )
            })
            .collect(),
    )?;
    section(
        ctx.out,
        "Questions I owe",
        s.questions_i_owe
            .iter()
            .take(15)
            .map(|q| format!("#{} from {}, {} old: {}", q.question, q.name, days(q.age_days), clip(&q.text, 60)))
            .collect(),
    )?;
    section(
        ctx.out,
        "My turn to write",
        s.my_turn
            .iter()
            .map(|t| format!("{} (#{}): their message waits since {}", t.name, t.contact, day(t.since)))
            .collect(),
    )?;
    section(
        ctx.out,
        "Where I only take",
        s.only_take
            .iter()
            .map(|i| format!("{} (#{}): received {}, gave {}", i.name, i.contact, i.items_received, i.items_given))
            .collect(),
    )?;
    section(
        ctx.out,
        "Where I only broadcast",
        s.only_broadcast
            .iter()
            .map(|b| format!("{} (#{}): {} of my {} turns answered", b.name, b.contact, b.answered, b.my_turns))
            .collect(),
    )?;
    if empty {
        writeln!(ctx.out, "Nothing to suggest: no tie overdue, no question owed, no conversation waiting on you.")?;
    }
    Ok(())
}

pub fn model(ctx: &mut Ctx, command: ModelCommand) -> Result<()> {
    match command {
        ModelCommand::Show => output::json(ctx.out, &ctx.service.model_settings()?),
        ModelCommand::Calibrate { apply, chart } => crate::calibrate::calibrate(ctx, apply, chart),
        ModelCommand::Reset => {
            // The calibration's record goes with the weights it named.
            ctx.service.reset_model_settings()?;
            if !ctx.json {
                writeln!(ctx.out, "The model's settings are back to their defaults.")?;
            }
            Ok(())
        }
        ModelCommand::Set { key, value } => {
            let new_value: serde_json::Value = serde_json::from_str(&value)
                .map_err(|e| CliError::usage(format!("{key}: {value:?} is not a JSON value ({e})")))?;
            let mut doc = serde_json::to_value(ctx.service.model_settings()?)?;
            let slot = key
                .split('.')
                // `layer_sizes.0`: a number names a place in a list.
                .try_fold(&mut doc, |node, part| match (node.is_array(), part.parse::<usize>()) {
                    (true, Ok(i)) => node.get_mut(i),
                    _ => node.get_mut(part),
                })
                .ok_or_else(|| CliError::usage(format!("{key:?} is not a setting; `rapport model show` lists them")))?;
            if slot.is_object() {
                return Err(CliError::usage(format!("{key:?} is a group of settings; name one of its fields")));
            }
            *slot = new_value;
            let settings: ModelSettings = serde_json::from_value(doc)
                .map_err(|e| CliError::usage(format!("{key}: {value} does not fit ({e})")))?;
            ctx.service.set_model_settings(&settings)?;
            if ctx.json {
                return output::json(ctx.out, &settings);
            }
            writeln!(ctx.out, "{key} = {value}")?;
            Ok(())
        }
    }
}
