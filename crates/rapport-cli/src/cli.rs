//! The command line, as clap types. Values are checked here where a flag alone can be judged
//! (dates, enumerations, ranges), so the error names the flag; what needs the database (names,
//! ids) is checked by the commands.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, NaiveDate};
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};
use rapport_core::{Channel, Direction, NewValueItem, Party, ReactionKind, ValueKind};

use crate::when;

/// A parser that accepts exactly the snake_case names of one of the core's enumerations and lists
/// them in `--help`.
macro_rules! choice {
    ($enum:ty) => {
        PossibleValuesParser::new(<$enum>::ALL.iter().map(|v| v.as_str())).try_map(|s| s.parse::<$enum>())
    };
}

#[derive(Debug, Parser)]
#[command(
    name = "rapport",
    version,
    about = "Rapport from a terminal: contacts, interactions, questions, posts and reactions.",
    long_about = "Rapport from a terminal: contacts, interactions, questions, posts and reactions.\n\n\
        The database is the same file the desktop app uses: --db PATH, else $RAPPORT_DB, else rapport.db \
        in the OS's app-data directory. Every command takes --json; the JSON shapes are documented in docs/cli.md."
)]
pub struct Cli {
    /// Database file [default: $RAPPORT_DB, else rapport.db in the app-data directory]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Print JSON instead of text (created objects, listings); shapes in docs/cli.md
    #[arg(long, global = true)]
    pub json: bool,

    #[command(subcommand)]
    pub command: Command,
}

// Parsed once per run: the size of the largest variant costs nothing worth boxing for.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add, list, show, edit and archive contacts
    #[command(subcommand)]
    Contact(ContactCommand),
    /// Log one interaction with one or several contacts
    Log(LogArgs),
    /// Close an open question, in an existing interaction or a new one
    Answer(AnswerArgs),
    /// List questions asked by me or by them (open loops)
    Questions(QuestionsArgs),
    /// List interactions, newest first
    Interactions(InteractionsArgs),
    /// Correct a logged interaction: edit it, or delete it (needs --yes)
    #[command(subcommand)]
    Interaction(InteractionCommand),
    /// Correct a value item (something given or received): edit it, or delete it (needs --yes)
    #[command(subcommand)]
    Value(ValueCommand),
    /// Correct a question: edit who asked it or its words, or delete it (needs --yes)
    #[command(subcommand)]
    Question(QuestionCommand),
    /// Record and list the posts I published
    #[command(subcommand)]
    Post(PostCommand),
    /// Record a reaction (like, share, comment) to one of my posts
    React(ReactArgs),
    /// Record my reply to a comment on one of my posts, with the questions I asked in it
    #[command(after_help = "The reply is logged as a social interaction with the commenter, started by me, and the \
        comment is marked replied at that date. Close a question when they answer with `rapport answer QUESTION_ID`. \
        `rapport report --json` counts these questions in network.reply_questions (how many went unanswered).")]
    Reply(ReplyArgs),
    /// List, add and edit circles (groups of contacts with a keep-in-touch cadence)
    #[command(subcommand)]
    Circle(CircleCommand),
    /// The Network Value Index and every tie's measures at a date, or one contact's
    Report(ReportArgs),
    /// Why the Network Value Index moved between two dates, component by component
    Why(WhyArgs),
    /// Whom to reconnect with, the questions I owe, where it is my turn, where I only take or broadcast
    Suggest(SuggestArgs),
    /// Open loops: the questions I owe, where it is my turn to reply, the questions waiting on others
    #[command(after_help = "The window's Open loops: a conversation where it is my turn but quiet for over 90 days \
        (`rapport model set quiet_turn_days N`) is folded under a count and not counted as owed (the suggestions leave it out too); --json lists it with \
        \"quiet\": true.")]
    Loops,
    /// This week: ties due for a catch-up, birthdays, questions I owe, where it is my turn; or a calendar file
    #[command(
        after_help = "Catch-ups are the ties due or overdue against their keep-in-touch gap, the most worth one first \
        (strength now times how many gaps the silence spans, capped at five). Birthdays are those from today to \
        --days - 1 days ahead; a 29 February birthday falls on 28 February in a common year. With --ics FILE, writes \
        an iCalendar file (RFC 5545) a phone's calendar imports: every birthday as a yearly all-day event, each \
        catch-up as a to-do due the day its gap was reached."
    )]
    Agenda(AgendaArgs),
    /// Draw a chart of the measures over time to an SVG or PNG file (docs/charts.md)
    #[command(
        after_help = "KIND: index (the Network Value Index by component, its biggest move marked), contact (one \
        contact's strength, interactions by channel, cadence band, open questions; needs --contact), give_take \
        (given above, received below, by month), follow_through (questions asked by month, answered or open, both \
        ways), layers (ties in each Dunbar layer), calendar (a year of interactions, day by day) or reactions \
        (reactions to each post, by kind, with reach). give_take, follow_through and calendar take --contact for \
        one contact. The file's extension (.svg or .png) chooses the format."
    )]
    Chart(ChartArgs),
    /// Show or change the model's settings (weights, half-lives, cadences)
    #[command(subcommand)]
    Model(ModelCommand),
    /// Fill an empty database with the demo network
    #[command(
        after_help = "With --contacts, writes a synthetic network of that size instead (the one `rapport bench` \
        measures), to try the app at scale."
    )]
    Demo(DemoArgs),
    /// Import contacts and history from a file (vCard, CSV, iCalendar, LinkedIn, Rapport JSON); docs/import.md
    #[command(
        after_help = "Shows what will be created, merged and skipped, and every problem by record, line and field, \
        then imports everything in one transaction. Any error refuses the whole file unless --skip-invalid. \
        Importing the same file again creates no duplicates. FORMAT: vcard, google_csv, linkedin_connections, \
        linkedin_messages, csv, ics or json (detected when omitted)."
    )]
    Import(ImportArgs),
    /// Write the whole database as JSON, CSV files (one per entity) or vCard 4.0
    Export(ExportArgs),
    /// Back up the database to a file (`backup PATH`), into its backups folder (`backup now`), or list those
    #[command(
        args_conflicts_with_subcommands = true,
        after_help = "A backup is a consistent copy taken with SQLite's online backup, safe while the desktop app \
        is writing. The backups folder is `backups/` beside the database; the app adds one backup a day there and \
        keeps the last seven (docs/reliability.md)."
    )]
    Backup(BackupArgs),
    /// Replace the database's content with a backup (a name from `backup list`, or a file); needs --yes
    Restore(RestoreArgs),
    /// Check the database for damage (SQLite's quick check, or --full) and name the backup to restore
    #[command(
        after_help = "Reads the database only. Exits 1 when it is damaged, naming the newest backup that passes the \
        check and the command that restores it. Commands that write to a database of up to 5 MB run the quick \
        check first and refuse to write to a damaged one; the desktop app checks its database shortly after start \
        (docs/reliability.md)."
    )]
    Check(CheckArgs),
    /// Time the measures on a synthetic heavy network built in a new database (docs/benchmark.md)
    #[command(
        after_help = "The network goes to a temporary database, removed afterwards unless --keep. With --db PATH \
        it goes to that file instead, which must not exist yet and is kept. $RAPPORT_DB and the app's database are \
        never used. Build with --release for real figures."
    )]
    Bench(BenchArgs),
    /// Encrypt the database at rest (SQLCipher; builds with `--features encryption`), see its status, unlock it
    #[command(subcommand)]
    Encryption(EncryptionCommand),
}

#[derive(Debug, Subcommand)]
pub enum EncryptionCommand {
    /// Whether the database is encrypted and where its key is
    Status,
    /// Encrypt the database in place; prints the recovery passphrase, once
    Enable,
    /// Open an encrypted database with its recovery passphrase, read from standard input, and put
    /// its key back in the keychain
    Unlock,
}

#[derive(Debug, Subcommand)]
pub enum ContactCommand {
    /// Add a contact; prints its id
    Add(ContactAddArgs),
    /// List contacts by name with their activity
    List(ContactListArgs),
    /// Show a contact's profile, recent interactions, open questions and value exchanged
    Show(ContactShowArgs),
    /// Change some fields of a contact (only the flags given change; an empty value clears)
    Edit(ContactEditArgs),
    /// Archive a contact (hidden from listings, history kept), or bring one back with --undo
    Archive(ContactArchiveArgs),
    /// Delete a contact with everything only they took part in; shows what goes, and needs --yes
    #[command(
        after_help = "Group interactions stay, with the other participants. Archiving (`contact archive`) is the \
        gentle option: it keeps the history. The window can undo a delete for a while; the CLI cannot, hence --yes."
    )]
    Delete(ContactDeleteArgs),
}

#[derive(Debug, Args)]
pub struct ContactDeleteArgs {
    /// Id, exact name or unambiguous part of a name
    #[arg(required = true, value_name = "ID|NAME")]
    pub contact: Vec<String>,
    /// Delete for real; without it the command only says what would go
    #[arg(long)]
    pub yes: bool,
}

// Parsed once per run, as `Command`: the edit's lists cost nothing worth boxing for.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum InteractionCommand {
    /// Change some fields of a logged interaction (only the flags given change)
    Edit(InteractionEditArgs),
    /// Delete a logged interaction with its value items and the questions asked in it; needs --yes
    Delete(InteractionDeleteArgs),
}

#[derive(Debug, Args)]
pub struct InteractionEditArgs {
    /// The interaction's id (see `rapport interactions`)
    #[arg(value_name = "ID")]
    pub id: i64,
    /// When it happened: now, today, yesterday, YYYY-MM-DD, "YYYY-MM-DD HH:MM" (local time) or RFC 3339
    #[arg(long, value_name = "WHEN", value_parser = when::parse_when)]
    pub at: Option<DateTime<FixedOffset>>,
    /// Accept an --at in the future (refused without it: a slip of the year is the usual cause)
    #[arg(long)]
    pub future: bool,
    /// How it happened
    #[arg(long, value_parser = choice!(Channel))]
    pub channel: Option<Channel>,
    /// Who reached out: me, them (with one participant), or the participant who did (id or name)
    #[arg(long = "by", value_name = "WHO")]
    pub by: Option<String>,
    /// The earlier interaction it replies to
    #[arg(long = "reply-to", value_name = "INTERACTION_ID", conflicts_with = "no_reply_to")]
    pub reply_to: Option<i64>,
    /// Forget which interaction it replies to
    #[arg(long)]
    pub no_reply_to: bool,
    /// Everyone who took part, replacing the participants (repeat for several)
    #[arg(long = "with", value_name = "ID|NAME")]
    pub with: Vec<String>,
    /// The summary (an empty text clears it)
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// How long it lasted, in minutes
    #[arg(long = "duration", value_name = "MINUTES", conflicts_with = "no_duration")]
    pub duration_min: Option<u32>,
    /// Forget how long it lasted
    #[arg(long)]
    pub no_duration: bool,
    /// Add something I gave, KIND[:NOTE] as for `log` (repeat for several)
    #[arg(long, value_name = "KIND[:NOTE]", value_parser = parse_value_item)]
    pub gave: Vec<NewValueItem>,
    /// Add something I received, KIND[:NOTE] (repeat for several)
    #[arg(long, value_name = "KIND[:NOTE]", value_parser = parse_value_item)]
    pub received: Vec<NewValueItem>,
    /// Add a question I asked in it (one per participant; repeat for several)
    #[arg(long, value_name = "TEXT")]
    pub asked: Vec<String>,
    /// Add a question they asked me in it (one per participant; repeat for several)
    #[arg(long, value_name = "TEXT")]
    pub they_asked: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum ValueCommand {
    /// Change some fields of a value item (only the flags given change)
    Edit(ValueEditArgs),
    /// Delete a value item; shows it, and needs --yes
    Delete(ItemDeleteArgs),
}

#[derive(Debug, Args)]
pub struct ValueEditArgs {
    /// The value item's id (in `rapport interactions --json` or `contact show --json`)
    #[arg(value_name = "ID")]
    pub id: i64,
    /// Which way it went: given (by me) or received
    #[arg(long, value_parser = choice!(Direction))]
    pub direction: Option<Direction>,
    /// What kind of value it was
    #[arg(long, value_parser = choice!(ValueKind))]
    pub kind: Option<ValueKind>,
    /// What it was (an empty text clears it)
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// How much it weighed, above 0 and up to 100
    #[arg(long, value_name = "W", conflicts_with = "no_weight")]
    pub weight: Option<f64>,
    /// Forget its weight (the kind's default applies)
    #[arg(long)]
    pub no_weight: bool,
}

#[derive(Debug, Subcommand)]
pub enum QuestionCommand {
    /// Change who asked a question, or its words (only the flags given change)
    Edit(QuestionEditArgs),
    /// Delete a question; shows it, and needs --yes
    Delete(ItemDeleteArgs),
}

#[derive(Debug, Args)]
pub struct QuestionEditArgs {
    /// The question's id (see `rapport questions`)
    #[arg(value_name = "ID")]
    pub id: i64,
    /// Who asked it: me or them
    #[arg(long = "by", value_parser = choice!(Party))]
    pub by: Option<Party>,
    /// Its words
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,
}

/// A value item, question or post to delete.
#[derive(Debug, Args)]
pub struct ItemDeleteArgs {
    #[arg(value_name = "ID")]
    pub id: i64,
    /// Delete for real; without it the command only shows what would go
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct InteractionDeleteArgs {
    /// The interaction's id (see `rapport interactions`)
    #[arg(value_name = "ID")]
    pub id: i64,
    /// Delete for real; without it the command only shows the interaction
    #[arg(long)]
    pub yes: bool,
}

/// The editable fields of a contact, shared by `add` and `edit`.
#[derive(Debug, Clone, Default, PartialEq, Args)]
pub struct ContactFieldArgs {
    /// Email address (repeat for several)
    #[arg(long = "email", value_name = "EMAIL")]
    pub emails: Vec<String>,
    /// Phone number (repeat for several)
    #[arg(long = "phone", value_name = "PHONE")]
    pub phones: Vec<String>,
    /// Profile or web address (repeat for several)
    #[arg(long = "link", value_name = "URL")]
    pub links: Vec<String>,
    /// First name, when it is not obvious from the name shown
    #[arg(long, value_name = "TEXT")]
    pub given_name: Option<String>,
    /// Last name
    #[arg(long, value_name = "TEXT")]
    pub family_name: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub nickname: Option<String>,
    /// Where they work
    #[arg(long, value_name = "TEXT")]
    pub company: Option<String>,
    /// Their job title
    #[arg(long, value_name = "TEXT")]
    pub role: Option<String>,
    /// Where they live (city, country)
    #[arg(long, value_name = "TEXT")]
    pub location: Option<String>,
    /// How we met
    #[arg(long, value_name = "TEXT")]
    pub how_met: Option<String>,
    /// When we met
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = or_empty(when::parse_calendar_date))]
    pub met_on: Option<OrEmpty<NaiveDate>>,
    /// Birthday: YYYY-MM-DD, or --MM-DD without a year
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub birthday: Option<String>,
    /// Self-rated closeness, 1 (distant) to 5 (closest)
    #[arg(long, value_name = "1-5", value_parser = or_empty(parse_closeness))]
    pub closeness: Option<OrEmpty<u8>>,
    /// Family: their tie fades much more slowly without contact
    #[arg(long)]
    pub kin: bool,
    /// Circle (created if new; repeat for several)
    #[arg(long = "circle", value_name = "NAME")]
    pub circles: Vec<String>,
    /// Keep-in-touch goal in days (overrides the circles' cadence)
    #[arg(long, value_name = "DAYS", value_parser = or_empty(parse_cadence))]
    pub cadence: Option<OrEmpty<u32>>,
    /// Free notes
    #[arg(long, value_name = "TEXT")]
    pub notes: Option<String>,
}

#[derive(Debug, Args)]
pub struct ContactAddArgs {
    /// The name to show (several words are joined: `contact add Ann Lee`)
    #[arg(required = true, value_name = "NAME")]
    pub name: Vec<String>,
    #[command(flatten)]
    pub fields: ContactFieldArgs,
}

#[derive(Debug, Args)]
pub struct ContactListArgs {
    /// Only contacts whose name, company, role, location, email or notes contain TEXT
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Only members of this circle (name or id)
    #[arg(long, value_name = "NAME")]
    pub circle: Option<String>,
    /// Include archived contacts
    #[arg(long)]
    pub archived: bool,
    /// At most N contacts
    #[arg(long, value_name = "N")]
    pub limit: Option<u32>,
}

#[derive(Debug, Args)]
pub struct ContactShowArgs {
    /// Id, exact name or unambiguous part of a name
    #[arg(required = true, value_name = "ID|NAME")]
    pub contact: Vec<String>,
    /// How many recent interactions to show
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub recent: u32,
}

#[derive(Debug, Args)]
pub struct ContactEditArgs {
    /// Id, exact name or unambiguous part of a name
    #[arg(required = true, value_name = "ID|NAME")]
    pub contact: Vec<String>,
    /// New name to show
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    #[command(flatten)]
    pub fields: ContactFieldArgs,
    /// Not family after all
    #[arg(long, conflicts_with = "kin")]
    pub no_kin: bool,
    /// Add to a circle, keeping the others (repeat for several)
    #[arg(long, value_name = "NAME")]
    pub add_circle: Vec<String>,
    /// Remove from a circle (repeat for several)
    #[arg(long, value_name = "NAME")]
    pub remove_circle: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ContactArchiveArgs {
    /// Id, exact name or unambiguous part of a name
    #[arg(required = true, value_name = "ID|NAME")]
    pub contact: Vec<String>,
    /// Unarchive instead
    #[arg(long)]
    pub undo: bool,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// A contact who took part: id, exact name or unambiguous part of a name (repeat for several)
    #[arg(long = "with", required = true, value_name = "ID|NAME")]
    pub with: Vec<String>,
    /// How it happened
    #[arg(long, default_value = "message", value_parser = choice!(Channel))]
    pub channel: Channel,
    /// Who reached out: me, them (with one participant), or the participant who did, by id or
    /// name (with several)
    #[arg(long = "by", value_name = "WHO", default_value = "me")]
    pub by: String,
    /// The earlier interaction this one replies to (see `rapport interactions`)
    #[arg(long = "reply-to", value_name = "INTERACTION_ID", conflicts_with = "reply")]
    pub reply_to: Option<i64>,
    /// Reply to the latest exchange still open with the contact (the one --by names, or the only
    /// participant)
    #[arg(long)]
    pub reply: bool,
    /// When it happened [default: now]: now, today, yesterday, YYYY-MM-DD, "YYYY-MM-DD HH:MM"
    /// (local time) or RFC 3339 with an offset
    #[arg(long, value_name = "WHEN", value_parser = when::parse_when)]
    pub at: Option<DateTime<FixedOffset>>,
    /// Accept an --at in the future (refused without it: a slip of the year is the usual cause)
    #[arg(long)]
    pub future: bool,
    /// How long it lasted, in minutes
    #[arg(long = "duration", value_name = "MINUTES")]
    pub duration_min: Option<u32>,
    /// A short summary
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Something I gave, KIND[:NOTE], KIND one of introduction, advice, knowledge, help, referral,
    /// recommendation, gift, other (repeat for several)
    #[arg(long, value_name = "KIND[:NOTE]", value_parser = parse_value_item)]
    pub gave: Vec<NewValueItem>,
    /// Something I received, KIND[:NOTE] as for --gave (repeat for several)
    #[arg(long, value_name = "KIND[:NOTE]", value_parser = parse_value_item)]
    pub received: Vec<NewValueItem>,
    /// A question I asked (one per contact of the interaction; repeat for several)
    #[arg(long, value_name = "TEXT")]
    pub asked: Vec<String>,
    /// A question they asked me (one per contact of the interaction; repeat for several)
    #[arg(long, value_name = "TEXT")]
    pub they_asked: Vec<String>,
    /// An open question that this interaction answers (repeat for several)
    #[arg(long = "answers", value_name = "QUESTION_ID")]
    pub answers: Vec<i64>,
}

#[derive(Debug, Args)]
pub struct AnswerArgs {
    /// The question to close
    #[arg(value_name = "QUESTION_ID")]
    pub question: i64,
    /// The existing interaction that answered it; without it a new interaction is logged
    #[arg(long = "in", value_name = "INTERACTION_ID", conflicts_with_all = ["at", "channel", "note"])]
    pub in_interaction: Option<i64>,
    /// When the answer came [default: now]
    #[arg(long, value_name = "WHEN", value_parser = when::parse_when)]
    pub at: Option<DateTime<FixedOffset>>,
    /// How the answer came [default: the channel of the question]
    #[arg(long, value_parser = choice!(Channel))]
    pub channel: Option<Channel>,
    /// A short summary of the answer
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Open the question again (undoes a mistaken answer)
    #[arg(long, conflicts_with_all = ["in_interaction", "at", "channel", "note"])]
    pub reopen: bool,
}

#[derive(Debug, Args)]
pub struct QuestionsArgs {
    /// Only questions still waiting for an answer
    #[arg(long)]
    pub open: bool,
    /// Only questions with this contact
    #[arg(long, value_name = "ID|NAME")]
    pub contact: Option<String>,
    /// Only questions I asked
    #[arg(long, conflicts_with = "theirs")]
    pub mine: bool,
    /// Only questions they asked
    #[arg(long)]
    pub theirs: bool,
}

#[derive(Debug, Args)]
pub struct InteractionsArgs {
    /// Only interactions with this contact
    #[arg(long, value_name = "ID|NAME")]
    pub contact: Option<String>,
    /// At most N interactions
    #[arg(long, value_name = "N")]
    pub limit: Option<u32>,
}

#[derive(Debug, Subcommand)]
pub enum PostCommand {
    /// Record something I published; prints its id
    Add(PostAddArgs),
    /// List my posts, newest first, with their reactions
    List,
    /// Delete a post with its reactions; shows it, and needs --yes
    Delete(ItemDeleteArgs),
}

#[derive(Debug, Args)]
pub struct PostAddArgs {
    /// Where it was published (LinkedIn, blog, Mastodon...)
    #[arg(long, value_name = "NAME")]
    pub platform: String,
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// When it was published [default: now]
    #[arg(long, value_name = "WHEN", value_parser = when::parse_when)]
    pub at: Option<DateTime<FixedOffset>>,
}

#[derive(Debug, Args)]
pub struct ReactArgs {
    /// The post reacted to
    #[arg(value_name = "POST_ID")]
    pub post: i64,
    /// What they did
    #[arg(long, value_parser = choice!(ReactionKind))]
    pub kind: ReactionKind,
    /// Who reacted (id or name); leave out to record anonymous reactions
    #[arg(long = "by", value_name = "ID|NAME")]
    pub by: Option<String>,
    /// How many anonymous reactions
    #[arg(long, value_name = "N", default_value_t = 1, conflicts_with = "by")]
    pub count: u32,
    /// The text of a comment
    #[arg(long, value_name = "TEXT")]
    pub comment: Option<String>,
    /// I replied to this comment
    #[arg(long)]
    pub replied: bool,
    /// When it happened [default: unknown]
    #[arg(long, value_name = "WHEN", value_parser = when::parse_when)]
    pub at: Option<DateTime<FixedOffset>>,
}

#[derive(Debug, Args)]
pub struct ReplyArgs {
    /// The comment replied to (its id, from `rapport post list --json` or `rapport react`)
    #[arg(value_name = "REACTION_ID")]
    pub reaction: i64,
    /// A question I asked in the reply (repeat for several)
    #[arg(long, value_name = "TEXT")]
    pub asked: Vec<String>,
    /// When I replied [default: now]
    #[arg(long, value_name = "WHEN", value_parser = when::parse_when)]
    pub at: Option<DateTime<FixedOffset>>,
}

#[derive(Debug, Subcommand)]
pub enum CircleCommand {
    /// List circles with their cadence and member count
    List,
    /// Add a circle; prints its id
    Add(CircleAddArgs),
    /// Rename a circle or change its cadence
    Edit(CircleEditArgs),
}

#[derive(Debug, Args)]
pub struct CircleAddArgs {
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Keep-in-touch goal in days for its members
    #[arg(long, value_name = "DAYS", value_parser = parse_cadence)]
    pub cadence: Option<u32>,
}

#[derive(Debug, Args)]
pub struct CircleEditArgs {
    /// Id or name of the circle
    #[arg(value_name = "ID|NAME")]
    pub circle: String,
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Keep-in-touch goal in days; an empty value removes it
    #[arg(long, value_name = "DAYS", value_parser = or_empty(parse_cadence))]
    pub cadence: Option<OrEmpty<u32>>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The date to measure at [default: now]; a bare date means the end of that day
    #[arg(long, value_name = "WHEN", value_parser = when::parse_until)]
    pub at: Option<DateTime<FixedOffset>>,
    /// Only this contact (id or name)
    #[arg(long, value_name = "CONTACT")]
    pub contact: Option<String>,
    /// How many ties to list (text output only)
    #[arg(long, value_name = "N", default_value_t = 15)]
    pub top: usize,
}

#[derive(Debug, Args)]
pub struct WhyArgs {
    /// Start of the period; a bare date means the end of that day
    #[arg(long, value_name = "WHEN", value_parser = when::parse_until)]
    pub from: DateTime<FixedOffset>,
    /// End of the period [default: now]
    #[arg(long, value_name = "WHEN", value_parser = when::parse_until)]
    pub to: Option<DateTime<FixedOffset>>,
}

#[derive(Debug, Args)]
pub struct ChartArgs {
    /// Which chart: index, contact, give_take, follow_through, layers, calendar or reactions
    #[arg(value_name = "KIND")]
    pub kind: String,
    /// The contact (id or name): needed by the contact chart, optional for give_take, follow_through, calendar
    #[arg(long, value_name = "CONTACT")]
    pub contact: Option<String>,
    /// Start of the period [default: the first logged event, at most ten years back]
    #[arg(long, value_name = "WHEN", value_parser = when::parse_until)]
    pub from: Option<DateTime<FixedOffset>>,
    /// End of the period [default: now]; a bare date means the end of that day
    #[arg(long, value_name = "WHEN", value_parser = when::parse_until)]
    pub to: Option<DateTime<FixedOffset>>,
    /// light or dark
    #[arg(long, value_name = "THEME", default_value = "light")]
    pub theme: String,
    /// en or fr [default: the system's language (LC_ALL, LC_MESSAGES, LANG), else en]
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Width in pixels
    #[arg(long, value_name = "PX", default_value_t = 960)]
    pub width: u32,
    /// Height in pixels
    #[arg(long, value_name = "PX", default_value_t = 360)]
    pub height: u32,
    /// The file to write: FILE.svg or FILE.png
    #[arg(long, value_name = "FILE")]
    pub out: std::path::PathBuf,
}

#[derive(Debug, Args)]
pub struct AgendaArgs {
    /// How many days ahead, today included (1 to 366)
    #[arg(long, value_name = "N", default_value_t = rapport_core::agenda::DEFAULT_DAYS, allow_negative_numbers = true)]
    pub days: i64,
    /// Write the agenda as an iCalendar file instead of printing it
    #[arg(long, value_name = "FILE")]
    pub ics: Option<PathBuf>,
    /// Replace the --ics file if it exists (never the database itself)
    #[arg(long, requires = "ics")]
    pub force: bool,
    /// The --ics file's words: en or fr [default: the system's language (LC_ALL, LC_MESSAGES, LANG), else en]
    #[arg(long, value_name = "LANG", requires = "ics")]
    pub lang: Option<String>,
}

#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// The date to suggest for [default: now]
    #[arg(long, value_name = "WHEN", value_parser = when::parse_until)]
    pub at: Option<DateTime<FixedOffset>>,
}

#[derive(Debug, Subcommand)]
pub enum ModelCommand {
    /// Print the model's settings as JSON (defaults with your changes)
    Show,
    /// Change one setting, e.g. `index_weights.reach 0.2` or `layer_cadence_days [7,30,90,365]`
    Set {
        /// Dotted path of the setting
        key: String,
        /// New value, as JSON (a number, a list...)
        #[arg(allow_hyphen_values = true)]
        value: String,
    },
    /// Go back to the default settings
    Reset,
    /// Fit the strength weights to your closeness ratings and compare them with the defaults
    #[command(
        after_help = "Needs at least 20 rated ties (`rapport contact edit ID --closeness N`, 1 to 5). Each rated tie's \
        strength is measured without its rating; the weights are fitted on some ratings and scored on the others \
        (5 folds, or leave-one-out below 40 ratings), beside the default weights on the same folds: Spearman's rho, \
        the share within one level of the rating, strong (4-5) vs weak (1-2) accuracy. docs/model.md, Calibration."
    )]
    Calibrate {
        /// Store the fitted weights; refused, nothing written, when they do not beat the defaults or fewer than 20 ties are rated
        #[arg(long)]
        apply: bool,
        /// Also write the chart of predicted against rated strengths to this .svg file (replaced if it exists), in the system's language
        #[arg(long, value_name = "FILE.svg")]
        chart: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file to import
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The file's format (detected from its content and name when omitted)
    #[arg(long, value_name = "FORMAT", value_parser = PossibleValuesParser::new(rapport_core::import::Format::ALL.iter().map(|f| f.as_str())).try_map(|s| s.parse::<rapport_core::import::Format>()))]
    pub format: Option<rapport_core::import::Format>,
    /// Show what would happen and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Import the good records and leave out those with errors (otherwise one error refuses the file)
    #[arg(long)]
    pub skip_invalid: bool,
    /// Merge the likely duplicates the preview lists: all of them, or =N,M for those records only
    /// (otherwise each is created as a new contact)
    #[arg(long, value_name = "RECORD,...", num_args = 0..=1, require_equals = true, value_delimiter = ',')]
    pub accept_likely: Option<Vec<usize>>,
    /// Me, in messages, calendars and blog exports: my name, email or profile URL (repeat for several)
    #[arg(long = "me", value_name = "NAME|EMAIL|URL")]
    pub me: Vec<String>,
    /// For a generic CSV: which column holds which field, e.g. --map "E-mail=email" (repeat)
    #[arg(long = "map", value_name = "COLUMN=FIELD", value_parser = parse_mapping)]
    pub map: Vec<(String, String)>,
    /// Keep the text of LinkedIn messages (by default only who wrote when, and the questions)
    #[arg(long)]
    pub keep_message_text: bool,
    /// For email: also import the messages of mailing lists and automated senders (List-Id,
    /// Precedence, Auto-Submitted, no-reply addresses), which are left out by default
    #[arg(long)]
    pub include_lists: bool,
    /// For a WhatsApp chat: the time zone its times were written in, an IANA name such as
    /// Europe/Paris (by default this computer's zone)
    #[arg(long, value_name = "ZONE")]
    pub zone: Option<String>,
    /// The country of phone numbers written without a country code, a two-letter code such as FR
    /// (by default the system's locale: LC_ALL, LC_TELEPHONE, LANG): 06 12 34 56 78 then matches
    /// +33 6 12 34 56 78
    #[arg(long, value_name = "COUNTRY")]
    pub region: Option<String>,
}

fn parse_mapping(s: &str) -> Result<(String, String), String> {
    match s.rsplit_once('=') {
        Some((column, field)) if !column.trim().is_empty() && !field.trim().is_empty() => {
            Ok((column.trim().to_owned(), field.trim().to_owned()))
        }
        _ => Err("expected COLUMN=FIELD, e.g. \"E-mail=email\"".to_owned()),
    }
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// json (everything, re-importable), csv (one file per entity, into the --out directory) or
    /// vcard (the contacts, vCard 4.0)
    #[arg(long, value_name = "FORMAT", default_value = "json")]
    pub format: String,
    /// The file to write (a directory for csv); json and vcard go to standard output without it
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Replace files that already exist (never the database itself)
    #[arg(long)]
    pub force: bool,
}

/// `rapport backup PATH`, `rapport backup now`, `rapport backup list`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    #[command(subcommand)]
    pub command: Option<BackupCommand>,
    /// Write the backup to this new file
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Take a backup into the backups folder beside the database
    Now,
    /// List the backups in the backups folder, newest first
    List,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// SQLite's integrity check instead of the quick check: also compares every index with its table (slower)
    #[arg(long)]
    pub full: bool,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A backup's name as `backup list` shows it, or the path of a Rapport database file
    #[arg(value_name = "BACKUP")]
    pub backup: String,
    /// Really replace the database (its current content is saved as a pre-restore backup first)
    #[arg(long)]
    pub yes: bool,
}

/// `rapport demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Write a synthetic network of N contacts instead of the demo story
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub contacts: Option<u64>,
    /// With --contacts: interactions over the whole synthetic history (default: 3 per contact)
    #[arg(long, value_name = "N", requires = "contacts", value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
    pub interactions: Option<u64>,
    /// The language of the demo's words (summaries, questions, notes, circles): en or fr; the
    /// people, dates and measures are the same in both
    #[arg(long, value_name = "LANG", default_value = "en", value_parser = ["en", "fr"], conflicts_with = "contacts")]
    pub lang: String,
}

/// `rapport bench`. The network goes to a temporary database, or to `--db PATH` (a new file,
/// kept); never to $RAPPORT_DB or the app's database.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Contacts in the synthetic network
    #[arg(long, value_name = "N", default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub contacts: u64,
    /// Interactions over the whole history
    #[arg(long, value_name = "N", default_value_t = 1_000_000, value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
    pub interactions: u64,
    /// Years of history, ending within a day before now
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub years: u32,
    /// Keep the temporary database afterwards (its path is printed)
    #[arg(long)]
    pub keep: bool,
    /// Run only one part: the measures on the synthetic network, or the imports
    #[arg(long, value_enum, value_name = "PART")]
    pub only: Option<BenchPart>,
    /// Cards in the generated vCard of the import benchmark
    #[arg(long, value_name = "N", default_value_t = 50_000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub cards: u64,
    /// Rows in the generated LinkedIn messages.csv of the import benchmark
    #[arg(long, value_name = "N", default_value_t = 1_000_000, value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
    pub message_rows: u64,
    /// Lines in the generated WhatsApp chat export of the import benchmark
    #[arg(long, value_name = "N", default_value_t = 500_000, value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
    pub whatsapp_lines: u64,
    /// Comments in the generated WordPress export of the import benchmark
    #[arg(long, value_name = "N", default_value_t = 100_000, value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
    pub blog_comments: u64,
    /// Messages in the generated mbox of the import benchmark
    #[arg(long, value_name = "N", default_value_t = 100_000, value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
    pub email_messages: u64,
}

/// The parts of `rapport bench`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BenchPart {
    /// The measures and charts on the synthetic heavy network
    Measures,
    /// Importing a large vCard and a large LinkedIn messages.csv, against a parse + raw insert baseline
    Import,
}

/// A flag value where an empty string means "clear this field" (`contact edit --met-on ""`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OrEmpty<T>(pub Option<T>);

fn or_empty<T: 'static>(
    parse: fn(&str) -> Result<T, String>,
) -> impl Fn(&str) -> Result<OrEmpty<T>, String> + Clone + Send + Sync + 'static {
    move |s: &str| if s.trim().is_empty() { Ok(OrEmpty(None)) } else { parse(s).map(|v| OrEmpty(Some(v))) }
}

fn parse_closeness(s: &str) -> Result<u8, String> {
    match s.trim().parse::<u8>() {
        Ok(n) if (1..=5).contains(&n) => Ok(n),
        _ => Err("closeness goes from 1 (distant) to 5 (closest)".to_owned()),
    }
}

fn parse_cadence(s: &str) -> Result<u32, String> {
    match s.trim().parse::<u32>() {
        Ok(n) if (1..=3650).contains(&n) => Ok(n),
        _ => Err("a cadence is a number of days from 1 to 3650".to_owned()),
    }
}

/// `KIND` or `KIND:NOTE`, e.g. `introduction:to Bob at Acme`.
fn parse_value_item(s: &str) -> Result<NewValueItem, String> {
    let (kind, note) = s.split_once(':').unwrap_or((s, ""));
    let kind: ValueKind = kind.parse().map_err(|_| {
        let kinds: Vec<&str> = ValueKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("{kind:?} is not a kind of value; expected one of {} (optionally :NOTE)", kinds.join(", "))
    })?;
    Ok(NewValueItem { note: note.trim().to_owned(), ..NewValueItem::of(kind) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn a_value_item_takes_an_optional_note() {
        let item = parse_value_item("introduction:to Bob").unwrap();
        assert_eq!((item.kind, item.note.as_str()), (ValueKind::Introduction, "to Bob"));
        assert_eq!(parse_value_item("advice").unwrap().note, "");
        assert!(parse_value_item("money").unwrap_err().contains("expected one of introduction"));
    }
}
