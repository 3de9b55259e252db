//! `rapport circle list|add|edit`: groups of contacts and their keep-in-touch cadence.

use crate::cli::{CircleAddArgs, CircleCommand, CircleEditArgs, OrEmpty};
use crate::contact::find_circle;
use crate::error::{CliError, Result};
use crate::output::{self, Align, Table};
use crate::Ctx;

pub fn run(ctx: &mut Ctx, command: CircleCommand) -> Result<()> {
    match command {
        CircleCommand::List => list(ctx),
        CircleCommand::Add(args) => add(ctx, args),
        CircleCommand::Edit(args) => edit(ctx, args),
    }
}

fn list(ctx: &mut Ctx) -> Result<()> {
    let circles = ctx.service.list_circles()?;
    if ctx.json {
        return output::json(ctx.out, &circles);
    }
    if circles.is_empty() {
        writeln!(
            ctx.out,
            "No circles yet. Put a contact in one with `rapport contact edit NAME --add-circle CIRCLE`."
        )?;
        return Ok(());
    }
    let mut table =
        Table::new(&[("id", Align::Right), ("name", Align::Left), ("cadence", Align::Left), ("members", Align::Right)]);
    for c in &circles {
        let cadence = c.cadence_days.map(|d| format!("every {d} days")).unwrap_or_else(|| "-".to_owned());
        table.row(vec![c.id.to_string(), c.name.clone(), cadence, c.member_count.to_string()]);
    }
    table.print(ctx.out)
}

fn add(ctx: &mut Ctx, args: CircleAddArgs) -> Result<()> {
    let circle = ctx.service.add_circle(&args.name, args.cadence)?;
    if ctx.json {
        return output::json(ctx.out, &circle);
    }
    writeln!(ctx.out, "{}", circle.id)?;
    Ok(())
}

fn edit(ctx: &mut Ctx, args: CircleEditArgs) -> Result<()> {
    if args.name.is_none() && args.cadence.is_none() {
        return Err(CliError::usage("nothing to change: give --name or --cadence"));
    }
    let id = find_circle(&ctx.service, &args.circle)?;
    let current = ctx.service.circle(id)?;
    let name = args.name.unwrap_or(current.name);
    let cadence = match args.cadence {
        Some(OrEmpty(days)) => days,
        None => current.cadence_days,
    };
    let circle = ctx.service.update_circle(id, &name, cadence)?;
    if ctx.json {
        return output::json(ctx.out, &circle);
    }
    writeln!(ctx.out, "updated circle #{} {}", circle.id, circle.name)?;
    Ok(())
}
