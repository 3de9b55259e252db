//! `rapport post add|list` (`post delete` is with the corrections), `rapport react` and `rapport reply`: what I published, how my
//! network reacted, and my replies to their comments.

use chrono::{Local, Utc};
use rapport_core::{NewPost, NewReaction, NewReply, PostId, ReactionId, ReactionKind};

use crate::cli::{PostAddArgs, PostCommand, ReactArgs, ReplyArgs};
use crate::error::{CliError, Result};
use crate::output::{self, clip, or_dash, Align, Table};
use crate::resolve::resolve;
use crate::when::show_lived;
use crate::Ctx;

pub fn run(ctx: &mut Ctx, command: PostCommand) -> Result<()> {
    match command {
        PostCommand::Add(args) => add(ctx, args),
        PostCommand::List => list(ctx),
        PostCommand::Delete(args) => crate::correct::delete_post(ctx, args),
    }
}

fn add(ctx: &mut Ctx, args: PostAddArgs) -> Result<()> {
    let post = ctx.service.add_post(&NewPost {
        platform: args.platform,
        at: args.at.unwrap_or_else(|| Local::now().fixed_offset()),
        title: args.title.unwrap_or_default(),
        url: args.url,
    })?;
    if ctx.json {
        return output::json(ctx.out, &post);
    }
    writeln!(ctx.out, "{}", post.id)?;
    Ok(())
}

fn list(ctx: &mut Ctx) -> Result<()> {
    let posts = ctx.service.list_posts()?;
    if ctx.json {
        return output::json(ctx.out, &posts);
    }
    if posts.is_empty() {
        writeln!(ctx.out, "No posts yet. Record one with `rapport post add --platform NAME --title TEXT`.")?;
        return Ok(());
    }
    let mut table = Table::new(&[
        ("id", Align::Right),
        ("published", Align::Left),
        ("platform", Align::Left),
        ("title", Align::Left),
        ("likes", Align::Right),
        ("shares", Align::Right),
        ("comments", Align::Right),
        ("contacts", Align::Right),
    ]);
    for p in &posts {
        // Anonymous reactions are counts; a named contact's reaction counts once.
        let total = |kind: ReactionKind| {
            p.reactions.iter().filter(|r| r.kind == kind).map(|r| u64::from(r.count)).sum::<u64>().to_string()
        };
        let mut people: Vec<_> = p.reactions.iter().filter_map(|r| r.contact).collect();
        people.sort();
        people.dedup();
        let title = if p.title.is_empty() { or_dash(p.url.as_deref()) } else { p.title.clone() };
        table.row(vec![
            p.id.to_string(),
            show_lived(&p.at),
            clip(&p.platform, 20),
            clip(&title, 50),
            total(ReactionKind::Like),
            total(ReactionKind::Share),
            total(ReactionKind::Comment),
            people.len().to_string(),
        ]);
    }
    table.print(ctx.out)
}

pub fn react(ctx: &mut Ctx, args: ReactArgs) -> Result<()> {
    if args.kind != ReactionKind::Comment && (args.comment.is_some() || args.replied) {
        return Err(CliError::usage(format!(
            "--comment and --replied go with --kind comment, not --kind {}",
            args.kind
        )));
    }
    let contact = args.by.as_deref().map(|c| resolve(&ctx.service, c, "--by")).transpose()?;
    let reaction = ctx.service.add_reaction(&NewReaction {
        post: PostId(args.post),
        kind: args.kind,
        contact,
        count: args.count,
        at: args.at.map(|t| t.with_timezone(&Utc)),
        comment: args.comment,
        replied: args.replied,
    })?;
    if ctx.json {
        return output::json(ctx.out, &reaction);
    }
    writeln!(ctx.out, "{}", reaction.id)?;
    Ok(())
}

/// `rapport reply`: my reply to a comment, logged as an interaction carrying its questions.
pub fn reply(ctx: &mut Ctx, args: ReplyArgs) -> Result<()> {
    let interaction =
        ctx.service.reply_to_comment(ReactionId(args.reaction), &NewReply { at: args.at, asked: args.asked })?;
    if ctx.json {
        return output::json(ctx.out, &interaction);
    }
    crate::interaction::print_created(ctx.out, &interaction)
}
