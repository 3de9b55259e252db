//! Why something was refused, as data: a stable key, its parameters, and the English sentence.
//!
//! Every error the core can return and every problem an import preview lists carries a
//! [`Reason`]. Programs and the English CLI use its `Display`; the desktop window translates it by
//! `key` (its tables hold `error.<key>` in each language) and fills in `params`, falling back on
//! the English text for a key it does not know. Serialised as `{ "key": "...", "params": {...} }`.
//!
//! [`Reason::KEYS`] lists every key, so a test can check each one has a translation.

use serde::Serialize;

/// Declares the enum, its key list and its English text in one place, so the three cannot
/// drift apart: a variant without a key or a sentence does not compile. The English is a template
/// whose `{name}`s are the variant's fields; the window's English table is generated from the same
/// templates (`ui/gen/reasons-en.js`, see [`reasons_en_js`]), so each sentence is written once.
macro_rules! reasons {
    ($( $variant:ident { $($field:ident : $ty:ty),* $(,)? } = $key:literal => $english:literal; )*) => {
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(tag = "key", content = "params")]
        pub enum Reason {
            $( #[serde(rename = $key)] $variant { $($field: $ty),* }, )*
        }

        impl Reason {
            /// Every key a reason can have, in declaration order.
            pub const KEYS: &'static [&'static str] = &[$($key),*];

            /// Every key with its English template, in declaration order.
            pub const ENGLISH: &'static [(&'static str, &'static str)] = &[$(($key, $english)),*];

            pub fn key(&self) -> &'static str {
                match self {
                    $( Reason::$variant { .. } => $key, )*
                }
            }
        }

        impl std::fmt::Display for Reason {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    $( Reason::$variant { $($field),* } => {
                        fill(f, $key, $english, &[$((stringify!($field), as_param($field))),*])
                    } )*
                }
            }
        }
    };
}

fn as_param<T: Param>(value: &T) -> &dyn Param {
    value
}

/// A field of a reason, as its template shows it.
trait Param {
    /// This value as the parameter `name` of the reason `key`.
    fn show(&self, key: &str, name: &str) -> String;
}

macro_rules! shown_as_display {
    ($($t:ty),*) => { $( impl Param for $t { fn show(&self, _: &str, _: &str) -> String { self.to_string() } } )* };
}
shown_as_display!(usize, u64, i64, i32, f64);

impl Param for String {
    /// Text from a file or a user, with any control character escaped (`\u{1b}`), so a hostile
    /// name can never drive the terminal that prints the sentence.
    fn show(&self, _: &str, _: &str) -> String {
        self.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect()
    }
}

impl Param for Vec<String> {
    /// "a, b and c"; for a list to choose from, "a, b or c" (the window's own wording).
    fn show(&self, key: &str, name: &str) -> String {
        let items: Vec<String> = self.iter().map(|s| s.show(key, name)).collect();
        let choice = ALTERNATIVES.contains(&name) || (key == "me_not_found" && name == "names");
        let last_word = if choice { " or " } else { " and " };
        match items.split_last() {
            None => String::new(),
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{}{last_word}{last}", rest.join(", ")),
        }
    }
}

impl Param for Box<Reason> {
    fn show(&self, _: &str, _: &str) -> String {
        self.to_string()
    }
}

/// The list parameters that offer a choice, read with "or" (as the window reads them too).
const ALTERNATIVES: [&str; 2] = ["choices", "formats"];

/// Writes `template` with each `{name}` replaced by that parameter as shown.
fn fill(f: &mut std::fmt::Formatter<'_>, key: &str, template: &str, params: &[(&str, &dyn Param)]) -> std::fmt::Result {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        f.write_str(&rest[..open])?;
        let after = &rest[open + 1..];
        match after.find('}').map(|close| (&after[..close], close)) {
            Some((name, close)) if params.iter().any(|(n, _)| *n == name) => {
                let (_, value) = params.iter().find(|(n, _)| *n == name).expect("just found");
                f.write_str(&value.show(key, name))?;
                rest = &after[close + 1..];
            }
            _ => {
                f.write_str("{")?;
                rest = after;
            }
        }
    }
    f.write_str(rest)
}

/// The text of `ui/gen/reasons-en.js`: the window's English for every reason, from the same
/// templates as core's `Display`.
pub fn reasons_en_js() -> String {
    let table: serde_json::Map<String, serde_json::Value> =
        Reason::ENGLISH.iter().map(|(k, t)| (format!("error.{k}"), serde_json::Value::from(*t))).collect();
    let json = serde_json::to_string_pretty(&table).unwrap_or_default();
    format!(
        "// @ts-check\n\
         // Generated from rapport-core (crates/rapport-core/src/reason.rs); do not edit. After a change\n\
         // there, `RAPPORT_WRITE_GENERATED=1 cargo test -p rapport-tests --test generated` writes it anew.\n\n\
         /** @type {{Record<string, string>}} The English of every reason core can give. */\n\
         export const REASONS_EN = {json};\n"
    )
}

reasons! {
    // Text fields
    TooLong { n: usize, max: usize } = "too_long" => "is {n} characters long; the limit is {max}";
    Nul {} = "nul" => "contains a NUL character (U+0000), which text cannot hold";
    ControlCharacter { code: String } = "control_character" => "contains the control character {code}, which could drive a terminal or break a file; remove it";
    DirectionControl { code: String } = "direction_control" => "contains {code}, a direction control that can make a name read backwards; remove it";
    InvisibleName {} = "invisible_name" => "is made only of invisible characters; a name needs something that can be seen";
    ControlsRemoved { n: usize, codes: Vec<String> } = "controls_removed" => "control or direction characters taken out: {n} ({codes})";
    DateRange { value: String, earliest: i32, latest: i32 } = "date_range" => "{value} is out of range; dates must fall between {earliest} and {latest}";
    SecondsRange { secs: i64, earliest: i32, latest: i32 } = "seconds_range" => "{secs} seconds is out of range; dates must fall between {earliest} and {latest}";
    UnknownValue { value: String, choices: Vec<String> } = "unknown_value" => "unknown value “{value}”; expected one of {choices}";

    // Contacts
    NeedName {} = "need_name" => "a contact needs a name";
    ContactEmpty {} = "contact_empty" => "is empty; give an id or a name";
    Closeness { value: i64 } = "closeness" => "is {value}; it must be from 1 (distant) to 5 (closest)";
    Cadence { value: i64 } = "cadence" => "is {value}; it must be from 1 to 3650 days";
    NotEmail { value: String } = "not_email" => "“{value}” is not an email address";
    NotBirthday { value: String } = "not_birthday" => "“{value}” is not a date; use YYYY-MM-DD, or --MM-DD without a year";
    NoContactMatches { text: String } = "no_contact_matches" => "no contact matches “{text}”";
    AmbiguousContact { text: String, n: usize, names: Vec<String> } = "ambiguous_contact" => "“{text}” matches {n} contacts: {names}; use an id";
    ArchivedNoMeasures { name: String } = "archived_no_measures" => "{name} is archived, and archived contacts have no measures; restore them to see their measures";

    // Circles
    CircleExists { name: String } = "circle_exists" => "a circle named “{name}” already exists";
    CircleNeedsName {} = "circle_needs_name" => "a circle needs a name";

    // Interactions, questions, value items
    NeedParticipant {} = "need_participant" => "an interaction needs at least one contact";
    TooManyParticipants { n: usize, max: usize } = "too_many_participants" => "{n} contacts; the limit is {max}";
    Duration { value: i64 } = "duration" => "is {value} minutes; the limit is one week";
    QuestionText {} = "question_text" => "a question needs its text";
    NotParticipant { what: String, contact: i64 } = "not_participant" => "a {what} names contact #{contact}, who is not a participant of this interaction";
    Weight { value: f64 } = "weight" => "is {value}; a weight must be above 0 and at most 100";
    SinceAfterUntil {} = "since_after_until" => "the start of the period is after its end (until)";
    AlreadyAnswered { question: i64, interaction: i64 } = "already_answered" => "question #{question} was already answered in interaction #{interaction}; reopen it first";
    AnswerSame {} = "answer_same" => "a question cannot be answered in the interaction that asked it";
    AnswerBefore { interaction: i64, answered_at: String, question: i64, asked_at: String } = "answer_before" => "interaction #{interaction} ({answered_at}) happened before question #{question} was asked ({asked_at})";
    AnswerBeforeThis { answered_at: String, question: i64, asked_at: String } = "answer_before_this" => "this interaction ({answered_at}) happened before question #{question} was asked ({asked_at})";
    AnswerNotWith { interaction: i64, contact: i64, question: i64 } = "answer_not_with" => "interaction #{interaction} does not include contact #{contact}, whom question #{question} is with";
    AnswerNotWithThis { contact: i64, question: i64 } = "answer_not_with_this" => "this interaction does not include contact #{contact}, whom question #{question} is with";
    ParticipantHasItems { contact: i64 } = "participant_has_items" => "contact #{contact} has value items or questions in this interaction; delete those first, or keep them as a participant";
    NotInInteraction { what: String, id: i64 } = "not_in_interaction" => "{what} #{id} is not part of this interaction";
    InitiatorNotParticipant { contact: i64 } = "initiator_not_participant" => "contact #{contact} is named as who started it but is not a participant of this interaction";
    InitiatorButMe { contact: i64 } = "initiator_but_me" => "contact #{contact} is named as who started it, but it says I did; say “them”, or name no one";
    ThemInGroup { n: usize } = "them_in_group" => "“them” is ambiguous with {n} participants; name the one who started it (by id or name), or say “me”";
    ReplyToSelf {} = "reply_to_self" => "an interaction cannot reply to itself";
    ReplyToUnknown { interaction: i64 } = "reply_to_unknown" => "interaction #{interaction}, which this one would reply to, does not exist";
    ReplyToLater { interaction: i64, replied_at: String, at: String } = "reply_to_later" => "interaction #{interaction} ({replied_at}) does not come before this one ({at}); a reply comes after what it answers";
    ReplyNotShared { interaction: i64 } = "reply_not_shared" => "interaction #{interaction} has no participant in common with this one; a reply goes to someone who took part";
    ReplyWouldPrecede { reply: i64, reply_at: String, at: String } = "reply_would_precede" => "interaction #{reply} ({reply_at}) replies to this one, which would then come after it ({at})";
    NothingToEdit {} = "nothing_to_edit" => "nothing to change; give at least one field to edit";
    UndoConflict {} = "undo_conflict" => "cannot be undone: something written since is in the way (what it belonged to was deleted, or its place was taken); nothing was changed";
    UndoExpired { minutes: i64 } = "undo_expired" => "this delete can no longer be undone (an undo lasts {minutes} minutes after the delete, while the app stays open); nothing was changed";
    UndoUnreadable {} = "undo_unreadable" => "this undo cannot be read (it does not match the database's tables); nothing was changed";

    // Posts and reactions
    NeedPlatform {} = "need_platform" => "say where it was published (LinkedIn, a blog...)";
    ReactionCount { value: i64, max: i64 } = "reaction_count" => "is {value}; it must be from 1 to {max}";
    NamedCountsOnce {} = "named_counts_once" => "a reaction by a named contact counts once; leave the contact out for anonymous counts";
    OnlyComment {} = "only_comment" => "only a comment has a text or a reply; record it with kind comment";
    ReactionBeforePost {} = "reaction_before_post" => "a reaction cannot come before the post was published";
    ReplyBeforeComment {} = "reply_before_comment" => "a reply cannot come before the comment it answers";
    ReplyToAnonymous { reaction: i64 } = "reply_to_anonymous" => "reaction #{reaction} is an anonymous count; a reply goes to a named contact's comment";
    ReplyToNotComment { reaction: i64, kind: String } = "reply_to_not_comment" => "reaction #{reaction} is a {kind}, not a comment; only a comment can be replied to";

    // Merges
    MergeSelf {} = "merge_self" => "a contact cannot be merged into themselves; pick two different contacts";
    AlreadyMerged { contact: i64, into: i64 } = "already_merged" => "contact {contact} was already merged into contact {into}";
    MergeLater { later: i64 } = "merge_later" => "merge {later} came after this one and involves the same contacts; undo it first";

    // Model settings
    WeightRange { name: String, value: f64 } = "weight_range" => "{name} is {value}; it must be between 0 and 100";
    StrengthWeightsZero {} = "strength_weights_zero" => "the strength weights cannot all be zero";
    IndexWeightsZero {} = "index_weights_zero" => "the index weights cannot all be zero";
    ModelRange { name: String, value: f64, max: f64 } = "model_range" => "{name} is {value}; it must be above 0 and at most {max}";
    ModelWhole { name: String, value: f64, min: f64, max: f64 } = "model_whole" => "{name} is {value}; it must be a whole number from {min} to {max}";
    ModelBetween { name: String, value: f64, min: f64, max: f64 } = "model_between" => "{name} is {value}; it must be from {min} to {max}";
    OverdueBelowDue {} = "overdue_below_due" => "overdue_ratio must not be below due_ratio";
    LayerSizes {} = "layer_sizes" => "layer_sizes must grow from layer to layer, e.g. [5, 15, 50, 150]";
    LayerCadence {} = "layer_cadence" => "layer_cadence_days must grow from layer to layer, each above 0 and at most 3650";
    ModelUnreadable { detail: String } = "model_unreadable" => "the saved model settings cannot be read ({detail}); nothing can be measured until they are reset to their defaults: Settings, Restore defaults in the app, or `rapport model reset` in a terminal";
    CalibrationTooFew { rated: usize, min: usize } = "calibration_too_few" => "{rated} ties with a history are rated; calibration needs at least {min}: rate how close you are (1 to 5) to more of them, and nothing was changed";
    CalibrationNotBetter { fitted_rho: String, default_rho: String, fitted_within: String, default_within: String } = "calibration_not_better" => "the weights fitted to your ratings do not beat the default weights on ties they did not see (Spearman's ρ {fitted_rho} against {default_rho}, within one level {fitted_within} against {default_within}); the defaults are kept and nothing was changed";
    SettingName { name: String } = "setting_name" => "“{name}” is not a setting name (letters, digits, . _ -)";
    SettingTooLarge {} = "setting_too_large" => "is larger than 100 kB";

    // Database, backups, files
    NotFound { entity: String, id: i64 } = "not_found" => "no {entity} with id {id}";
    NewerSchema { path: String, found: i64, supported: i64 } = "newer_schema" => "the database {path} has schema version {found}, but this Rapport only knows versions up to {supported}; upgrade Rapport to open it (the file was not changed)";
    Migration { version: i64, detail: String, backup: String } = "migration" => "migration to schema version {version} failed: {detail} (the database was left as it was; a copy from before the migration is at {backup})";
    Busy { seconds: u64, detail: String } = "busy" => "the database is busy: another Rapport (the app or a `rapport` command) kept it locked for over {seconds} seconds; nothing was saved, try again in a moment ({detail})";
    Database { detail: String } = "database" => "database error: {detail}";
    Io { path: String, detail: String } = "io" => "file error on {path}: {detail}";
    Json { detail: String } = "json" => "JSON error: {detail}";
    Cancelled {} = "cancelled" => "cancelled; nothing was written";
    Internal { detail: String } = "internal" => "{detail}";
    NoAppData { env: String } = "no_app_data" => "no app-data directory on this system; set {env} or pass --db";
    ForeignDatabase { path: String } = "foreign_database" => "{path} is a SQLite database that Rapport did not create; choose another file";
    SchemaVersionReset { path: String, found: i64 } = "schema_version_reset" => "{path} carries Rapport’s mark, but its schema version is {found}, which no Rapport writes (it was changed by hand or by another program); Rapport changed nothing. Restore a backup of it, or open another file";
    ReadOnlyNeedsUpgrade { path: String, found: i64 } = "read_only_needs_upgrade" => "{path} is in a folder Rapport cannot write (read-only media?) and has schema version {found}, from an older Rapport: it must be upgraded before it can be read, which writes to it; copy it to a writable folder first (the file was not changed)";
    ReadOnlyDatabase { detail: String } = "read_only_database" => "the database is in a folder (or a file) Rapport cannot write, such as read-only media: it can be read but not changed, and nothing was written ({detail})";
    InMemoryNoBackups {} = "in_memory_no_backups" => "an in-memory database has no backups";
    DemoNotEmpty {} = "demo_not_empty" => "the database already has contacts; the demo network loads only into an empty database (use a new database file to try it)";
    HeavyNotEmpty {} = "heavy_not_empty" => "the heavy network is built into an empty database only";
    FromTo { min: i64, max: i64 } = "from_to" => "from {min} to {max}";
    FileExists { path: String } = "file_exists" => "{path} already exists; choose a new file name";
    ExportOverDatabase { path: String } = "export_over_database" => "{path} is the database itself (or one of the files SQLite keeps beside it); writing there would destroy it, so nothing was written: choose another file";
    BackupOfDamaged { path: String, detail: String } = "backup_of_damaged" => "{path} is damaged (quick check: {detail}); no backup was taken, so the existing backups stay as they are";
    BackupOfDamagedRestore { path: String, detail: String, name: String } = "backup_of_damaged_restore" => "{path} is damaged (quick check: {detail}); no backup was taken, so the existing backups stay as they are. The newest backup that passes the check is {name}: restoring it brings back what it holds";
    StayedLocked {} = "stayed_locked" => "the database stayed locked; try again in a moment";
    BackupNameTooLong { max: usize, n: usize } = "backup_name_too_long" => "a backup’s name has at most {max} characters; this one has {n}";
    NoBackupNamed { name: String, dir: String } = "no_backup_named" => "no backup named “{name}” in {dir}; list them with `rapport backup list`";
    NotAFile { path: String } = "not_a_file" => "{path} is not a file";
    CannotOpenDatabase { path: String, detail: String } = "cannot_open_database" => "{path} cannot be opened as a database: {detail}";
    NotReadableDatabase { path: String, detail: String } = "not_readable_database" => "{path} is not a readable database: {detail}";
    Damaged { path: String, detail: String } = "damaged" => "{path} is damaged (integrity check: {detail})";
    NotRapportDatabase { path: String } = "not_rapport_database" => "{path} is not a Rapport database";
    RestoreSelf {} = "restore_self" => "that file is the database itself";
    RestoreInTransaction {} = "restore_in_transaction" => "cannot restore inside a transaction";
    RestoreEncrypted { db: String } = "restore_encrypted" => "{db} is encrypted, and Rapport cannot restore into an encrypted database yet; nothing was changed, and the backup is kept as it is";
    NotSqliteFile { path: String, key_file: String } = "not_sqlite_file" => "{path} is not a SQLite database: its first bytes are not SQLite’s header. It may be damaged, another kind of file, or an encrypted database whose key file ({key_file}) is missing; Rapport changed nothing";
    NoFreeName { name: String, dir: String } = "no_free_name" => "{name} and 998 numbered copies already exist in {dir}";
    Csv { detail: String } = "csv" => "{detail}";

    // Encryption
    NoEncryption {} = "no_encryption" => "this build of Rapport has no encryption; build it with `--features encryption`";
    EncryptedNoSupport { path: String } = "encrypted_no_support" => "{path} is encrypted, and this build of Rapport has no encryption support (build it with `--features encryption`)";
    KeyFileUnreadable { path: String, key_file: String, detail: String } = "key_file_unreadable" => "{path} is encrypted but its key file {key_file} cannot be read ({detail}); without it only the OS keychain can open it";
    KeychainKeyWrong { path: String } = "keychain_key_wrong" => "the key in the keychain does not open {path}; unlock it with the recovery passphrase";
    KeychainEmpty { path: String } = "keychain_empty" => "{path} is encrypted and the keychain has no key for it; unlock it with its recovery passphrase (`rapport encryption unlock`)";
    KeychainUnavailable { path: String, detail: String } = "keychain_unavailable" => "{path} is encrypted and the keychain is unavailable ({detail}); unlock it with its recovery passphrase (`rapport encryption unlock`)";
    NoRandomness { detail: String } = "no_randomness" => "no system randomness: {detail}";
    KeyDerivation { detail: String } = "key_derivation" => "cannot derive a key: {detail}";
    NotAKey { detail: String } = "not_a_key" => "not a key: {detail}";
    BadArgon { detail: String } = "bad_argon" => "bad Argon2 parameters: {detail}";
    KeyLength {} = "key_length" => "a key is 32 bytes";
    NotAKeyFile { path: String, detail: String } = "not_a_key_file" => "{path} is not a Rapport key file: {detail}";
    KeyFileFormat { path: String } = "key_file_format" => "{path} has an unknown format";
    KeyFileParameter { key_file: String, parameter: String, value: String, allowed: String } = "key_file_parameter" => "the key file {key_file} holds {parameter} = {value}, outside what Rapport accepts ({allowed}); it was not used and the database was not touched (Rapport never writes such a file: put back the key file written when encryption was enabled)";
    NoSqlcipherExport {} = "no_sqlcipher_export" => "SQLCipher did not register sqlcipher_export";
    AlreadyEncrypted { path: String } = "already_encrypted" => "{path} is already encrypted";
    PassphraseMissing {} = "passphrase_missing" => "type the recovery passphrase";
    PassphraseTooLong { max: usize } = "passphrase_too_long" => "a recovery passphrase is at most {max} characters; this is not one";
    NotLocked {} = "not_locked" => "the database is not locked; there is nothing to unlock";
    NoFileToEncrypt {} = "no_file_to_encrypt" => "this database has no file to encrypt";
    ClosedForEncryption {} = "closed_for_encryption" => "the database was closed to be encrypted and could not be reopened; restart Rapport";
    WrongPassphrase { path: String } = "wrong_passphrase" => "this recovery passphrase does not open {path}; the file was not changed";

    // Charts
    UnknownChart { value: String, choices: Vec<String> } = "unknown_chart" => "unknown chart “{value}”; expected one of {choices}";
    ChartSize {} = "chart_size" => "width must be 320 to 8000 pixels and height 200 to 8000";
    PeriodOrder {} = "period_order" => "the start of the period must be before its end";
    ChartNeedsContact { chart: String } = "chart_needs_contact" => "the {chart} chart needs a contact";
    ChartWholeNetwork { chart: String } = "chart_whole_network" => "the {chart} chart is about the whole network";
    Missing {} = "missing" => "missing";
    DrawingFailed { detail: String } = "drawing_failed" => "drawing failed: {detail}";

    // Import: the file as a whole
    UnknownFormat { file: String, formats: Vec<String> } = "unknown_format" => "cannot tell what kind of file {file} is; name the format with --format ({formats})";
    NoKnownColumn { columns: Vec<String> } = "no_known_column" => "no column of this CSV is one Rapport recognises ({columns}); say which is which with --map COLUMN=FIELD";
    NoSuchColumn { column: String, columns: Vec<String> } = "no_such_column" => "the CSV has no column “{column}” (its columns: {columns})";
    NotAField { value: String, choices: Vec<String> } = "not_a_field" => "“{value}” is not a field; expected one of {choices}";
    MeNotFound { names: Vec<String> } = "me_not_found" => "nobody in the file is {names}";
    NulBytes { line: usize, file: String } = "nul_bytes" => "line {line}, file: {file} holds NUL bytes: it is UTF-16 without a byte-order mark, or not text; save it as UTF-8";
    EmptyHeader {} = "empty_header" => "line 1, header: the file is empty or unreadable";
    MissingColumns { columns: Vec<String> } = "missing_columns" => "line 1, header: missing {columns}: is this LinkedIn’s messages.csv?";
    NoHeaderRow {} = "no_header_row" => "the file is empty: no header row";
    HeaderUnreadable { line: usize, detail: String } = "header_unreadable" => "line {line}, header: {detail}";
    NotAnExport { line: usize, column: usize, detail: String } = "not_an_export" => "line {line}, column {column}: not a Rapport export: {detail}";
    ExportField { field: String, line: usize, column: usize, detail: String } = "export_field" => "{field}: not a Rapport export: {detail} (line {line}, column {column})";
    ExportFormat { found: String, expected: String } = "export_format" => "field format: “{found}” is not “{expected}”: this JSON is not a Rapport export";
    ExportNewer { found: i64, latest: i64 } = "export_newer" => "field schema_version: the export is from a newer Rapport (schema {found}, this one knows {latest})";
    NotACalendar {} = "not_a_calendar" => "file: no BEGIN:VCALENDAR; this is not a calendar";
    CalendarRefused { line: usize, field: String, problem: Box<Reason> } = "calendar_refused" => "line {line}, {field}: {problem}; the calendar was not imported";
    ImportRefused { first: String } = "import_refused" => "{first}; nothing was imported (leave out the bad records with --skip-invalid)";
    ImportRefusedMore { first: String, n: usize } = "import_refused_more" => "{first} (and {n} more); nothing was imported (leave out the bad records with --skip-invalid)";
    // Import: one record's problems (shown in the preview)
    SharedEmail { email: String, other: String } = "shared_email" => "{email} is also the address of {other}, whose name and profile link differ: imported as another person";
    NoColonAfterName { text: String } = "no_colon_after_name" => "no ‘:’ after the property name in {text}";
    NotPropertyName { text: String } = "not_property_name" => "{text} is not a property name";
    UnclosedQuote { name: String } = "unclosed_quote" => "a parameter of {name} opens a quote it never closes";
    EmptyParameter { name: String } = "empty_parameter" => "{name} has an empty parameter (two ‘;’ in a row)";
    NoColonBeforeValue { name: String } = "no_colon_before_value" => "no ‘:’ before the value of {name}";
    NotComponentName { text: String } = "not_component_name" => "{text} is not a component name";
    EndClosesNothing { name: String } = "end_closes_nothing" => "END:{name} closes nothing";
    EndMismatch { name: String, open: String, line: usize } = "end_mismatch" => "END:{name} where BEGIN:{open} (line {line}) expects its END";
    PropertyBeforeBegin {} = "property_before_begin" => "a property before any BEGIN";
    NeverClosed { name: String } = "never_closed" => "BEGIN:{name} is never closed: is the file truncated?";
    NotATime { value: String } = "not_a_time" => "{value} is not a time";
    NotDateOrTime { value: String } = "not_date_or_time" => "{value} is not a date or date-time";
    NotADuration { value: String } = "not_a_duration" => "{value} is not a duration";
    PropertyAfterEnd {} = "property_after_end" => "a property after the end of the calendar; ignored";
    UnknownTimeZone { zone: String } = "unknown_time_zone" => "the time zone “{zone}” is not described in the file; its times are read as UTC";
    EventNoStart {} = "event_no_start" => "the event has no start; left out";
    RuleUnreadable { rule: String, problem: String } = "rule_unreadable" => "the recurrence rule “{rule}” cannot be expanded: {problem}";
    // Counts come after a colon ("…: 1"), so one reads as well as many.
    RecurringEvent { occurrences: usize, future: usize } = "recurring_event" => "a recurring event: occurrences up to the import date, each an interaction: {occurrences}; later ones, left out: {future}";
    RecurringEventPast { occurrences: usize } = "recurring_event_past" => "a recurring event that ends before the import date: occurrences, each an interaction: {occurrences}";
    RecurringEventEndless { occurrences: usize } = "recurring_event_endless" => "a recurring event without end: occurrences up to the import date, each an interaction: {occurrences}; the later ones are left out";
    FutureEventsLeftOut { n: usize } = "future_events_left_out" => "events after the import date left out: {n} (only what has happened becomes an interaction)";
    NotRealInstant {} = "not_real_instant" => "is not a real instant";
    CardNotEnded {} = "card_not_ended" => "the card has no END:VCARD before the next BEGIN:VCARD";
    EndWithoutBegin {} = "end_without_begin" => "END:VCARD without a BEGIN:VCARD before it";
    PropertyOutsideCard {} = "property_outside_card" => "a property outside any BEGIN:VCARD … END:VCARD";
    CardTruncated {} = "card_truncated" => "the file ends inside this card (no END:VCARD): is it truncated?";
    NoVcard {} = "no_vcard" => "no vCard in this file (no BEGIN:VCARD line)";
    FreeTextDate { value: String } = "free_text_date" => "“{value}” is free text, not a date; left out";
    VcardDate { value: String } = "vcard_date" => "“{value}” is not a date (expected YYYY-MM-DD, YYYYMMDD or --MMDD)";
    EmailLeftOut { value: String } = "email_left_out" => "{value} is not an email address; left out";
    DateLeftOut { value: String } = "date_left_out" => "{value} is not a date; left out";
    CardNoName {} = "card_no_name" => "the card has no name, organisation, email or phone";
    NotAmongContacts { contact: i64 } = "not_among_contacts" => "names contact #{contact}, who is not among the export’s contacts";
    ReactionNotAmong { contact: i64 } = "reaction_not_among" => "a reaction names contact #{contact}, who is not among the export’s contacts";
    IsEmpty {} = "is_empty" => "is empty";
    RaggedRow { n: usize, header: usize } = "ragged_row" => "fields in this row: {n}, in the header: {header}; a ragged row";
    RaggedCsvRow { n: usize, header: usize } = "ragged_csv_row" => "fields in this row: {n}, in the header: {header}; a ragged row (a missing or extra comma?)";
    NotDateAndTime { value: String } = "not_date_and_time" => "“{value}” is not a date and time (expected e.g. 2025-07-26 14:05:00 UTC)";
    SenderUnknown {} = "sender_unknown" => "the sender has no name and no profile URL";
    // Email import (import/email.rs).
    EmailMeNeeded {} = "email_me_needed" => "say which email addresses are yours (--me ADDRESS, or the Import screen’s “Who you are” field): an email import needs them to tell your messages from the others’, and remembers them";
    EmailHeadersTooLong { max_kb: usize } = "email_headers_too_long" => "the message’s headers are longer than {max_kb} kB: not a message a person wrote";
    EmailHeadersUnended {} = "email_headers_unended" => "the message’s headers never end (no blank line after them): the file is cut short or is not a mailbox";
    EmailHeaderLine { text: String } = "email_header_line" => "“{text}” is not a header line (Name: value): the message is damaged";
    EmailNoSender {} = "email_no_sender" => "the message has no From address";
    EmailNoDate {} = "email_no_date" => "the message has no Date header";
    EmailDate { value: String } = "email_date" => "“{value}” is not a date and time (expected e.g. Tue, 1 Jul 2025 10:52:37 +0200)";
    EmailTruncated {} = "email_truncated" => "the file ends in the middle of a line: it was cut short, so its last message is incomplete";
    EmailAutomatedLeftOut { n: usize } = "email_automated_left_out" => "messages from mailing lists or automated senders (List-Id, Precedence, Auto-Submitted, no-reply addresses) left out: {n} (to import them, tick “Include mailing lists and automated senders” on the Import screen, or give --include-lists)";
    EmailAutomatedKept { n: usize } = "email_automated_kept" => "messages from mailing lists or automated senders (List-Id, Precedence, Auto-Submitted, no-reply addresses) imported, as asked: {n}";
    EmailQuestionsFactOnly { n: usize } = "email_questions_fact_only" => "messages that ask a question (a sentence ending in ?): {n}; only that fact is kept, not the text";
    NotValidText {} = "not_valid_text" => "is not valid text";
    NotADate { value: String } = "not_a_date" => "“{value}” is not a date";
    NotADay { value: String } = "not_a_day" => "“{value}” is not a date (a day that does not exist, or an unknown format)";
    RowNoName {} = "row_no_name" => "the row has no name, company or email";
    AfterMerge { contact: i64, problem: Box<Reason> } = "after_merge" => "after merging into contact #{contact}: {problem}";
    ImportParticipants { n: usize, max: usize } = "import_participants" => "{n} people; the limit is {max}";
    ValuesLeftOut { n: usize, list: String, max: usize } = "values_left_out" => "{list} beyond the {max} a contact keeps, left out: {n}";
    Other { detail: String } = "other" => "{detail}";
    // Import: what a Rapport JSON export may not carry
    ImportedModel { detail: String } = "imported_model" => "is not model settings Rapport can read ({detail}); left out";
    SettingsIgnored { n: usize, names: Vec<String> } = "settings_ignored" => "settings Rapport does not know, ignored: {n} ({names})";
    DuplicateId { what: String, id: i64 } = "duplicate_id" => "{what} #{id} appears more than once in the export";
    AnswerNowhere { interaction: i64 } = "answer_nowhere" => "its answer, interaction #{interaction}, is not among the interactions imported";
    AnswerLeftOut { problem: Box<Reason> } = "answer_left_out" => "{problem}; the question is imported as still open";
    LinkLeftOut { problem: Box<Reason> } = "link_left_out" => "{problem}; the interaction is imported without this link";
    SourceKey { key: String } = "source_key" => "“{key}” is not a source key (a kind, a colon, then the source’s own id; 3 to 1100 characters): left out, the interaction is imported without it";
    ImportClash { record: String } = "import_clash" => "{record} clashes with a row written before it (the same id or name twice); nothing was imported";
    // Import: applied in slices (issue 17, item 10)
    ImportAnotherApplying {} = "import_another_applying" => "another import is being applied to this database; nothing was imported. Import the file again once it has finished";
    ImportContactChanged { name: String } = "import_contact_changed" => "{name} changed while the import was applied (another program edited, merged or deleted this contact); nothing was imported. Import the file again";
    ImportChangedMeanwhile {} = "import_changed_meanwhile" => "another program deleted or merged a contact, message or post the import names, or took an id it keeps, while the import was applied; nothing was imported. Import the file again";
    ImportNotTakenBack { problem: Box<Reason>, detail: String } = "import_not_taken_back" => "{problem}. But part of the import is still in the database: taking it back failed ({detail}); it is taken back the next time Rapport opens the database (or at the next import)";
    ImportLeftAtOpen { detail: String } = "import_left_at_open" => "part of an import that was cut short is still in the database: taking it back failed ({detail}); it is tried again the next time Rapport opens the database";
    ImportKeptSome { problem: Box<Reason>, contacts: usize, interactions: usize, other: usize } = "import_kept_some" => "{problem}. Except what another program changed or linked to while the import was applied, kept so that its writes are not lost. The import's rows that stay: contacts: {contacts}; interactions: {interactions}; posts, comments or circles: {other}";

    NoImportJob { id: u64 } = "no_import_job" => "no import job {id}: it finished, was cancelled, or never started";
    NoSavedFile { id: u64 } = "no_saved_file" => "no file {id} was saved from this window since it opened";
    NoPickedFile { id: u64 } = "no_picked_file" => "no file {id} was chosen in this window’s Open dialog";
    FileNameLength {} = "file_name_length" => "the file’s name must be 1 to 1024 bytes";
    JobHeader {} = "job_header" => "the x-import-job header must name the job that import_start gave";
    BodyNotBytes {} = "body_not_bytes" => "send the file’s bytes as the body (an ArrayBuffer), not JSON";
    DropFirst {} = "drop_first" => "send the dropped file’s bytes (import_drop) before its preview";
    FileTooBig { mb: usize, max_mb: usize } = "file_too_big" => "{mb} MB is more than the {max_mb} MB one import takes";
    ImportTooBig { path: String, mb: usize, max_mb: usize } = "import_too_big" => "{path} is {mb} MB, more than the {max_mb} MB one import takes";
    PreviewFirst {} = "preview_first" => "preview the file before importing it";
    ImportNotRegular { path: String } = "import_not_regular" => "{path} is not a regular file (a folder, a pipe or a device): Rapport imports only ordinary files";
    EmailFolderEmpty { path: String } = "email_folder_empty" => "{path} holds no .eml file: a folder is imported as the .eml messages in it";
    ImportFolderNotEmail { path: String, format: String } = "import_folder_not_email" => "{path} is a folder: only email is imported from a folder (the .eml files in it); give a file for {format}";
    UnknownRegion { region: String } = "unknown_region" => "“{region}” is not a region Rapport knows: give a two-letter country code (ISO 3166), such as FR, GB or US";
    ImportFileChanged { path: String } = "import_file_changed" => "{path} changed while it was imported; nothing was written. Import it again to see what it holds now";
    XmlRefused { line: usize, detail: String } = "xml_refused" => "line {line}: the file is not well-formed XML ({detail}); nothing was imported";
    XmlTruncated { line: usize, open: String } = "xml_truncated" => "line {line}: the file ends inside <{open}>: is it truncated? Nothing was imported";
    NotBlogExport { found: String, expected: String } = "not_blog_export" => "the file starts with <{found}> where a blog export starts with <{expected}>";
    BlogDate { value: String } = "blog_date" => "“{value}” is not a date";
    WhatsappNotAChat {} = "whatsapp_not_a_chat" => "line 1 is not a WhatsApp message line (such as “31/12/2024, 21:41 - Ann: text” or “[31/12/2024, 21:41:05] Ann: text”): is this a WhatsApp chat export?";
    WhatsappBrokenLine {} = "whatsapp_broken_line" => "starts with a date but its time or the separator after it cannot be read (a line cut short?)";
    WhatsappWhoIsMe { names: Vec<String> } = "whatsapp_who_is_me" => "say which participant is you (--me NAME, or the Import screen’s “me” field); the chat’s participants are {names}";
    WhatsappDateOrder { order: String } = "whatsapp_date_order" => "no date in the file settles whether the day or the month comes first; read as {order}";
    WhatsappSkippedTime {} = "whatsapp_skipped_time" => "the clocks skipped this time in the chat’s time zone (daylight saving time began): read with the offset before the change; if the chat was written in another zone, import it with that zone (--zone)";
    UnknownZone { zone: String } = "unknown_zone" => "“{zone}” is not a time zone name: give an IANA name such as Europe/Paris or America/New_York";
    ZipNoChat { names: Vec<String> } = "zip_no_chat" => "the .zip holds no chat .txt file (it holds {names})";
    ZipManyChats { names: Vec<String> } = "zip_many_chats" => "the .zip holds several .txt files ({names}); a WhatsApp export holds one: unzip it and import the chat’s .txt";
    ZipTooBig { name: String, mb: usize, max_mb: usize } = "zip_too_big" => "{name} in the .zip unpacks to more than {max_mb} MB ({mb} MB or more): refused, as a zip bomb could be";
    ZipUnreadable { detail: String } = "zip_unreadable" => "the .zip cannot be read: {detail}";
    AgendaDays { days: i64, max: i64 } = "agenda_days" => "{days} days: the agenda looks 1 to {max} days ahead";
    ReminderTime { time: String } = "reminder_time" => "{time} is not a time of day: write it as HH:MM, from 00:00 to 23:59";
    NotificationFailed { detail: String } = "notification_failed" => "the notification could not be shown ({detail}); This week on the dashboard still lists everything";
}

impl Reason {
    /// The parameters alone, as JSON (an empty object when there are none).
    pub fn params(&self) -> serde_json::Value {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::Object(mut map)) => map.remove("params").unwrap_or_default(),
            _ => serde_json::Value::Null,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_snake_case() {
        let mut seen = std::collections::BTreeSet::new();
        for key in Reason::KEYS {
            assert!(seen.insert(key), "{key} twice");
            assert!(key.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{key}");
        }
    }

    #[test]
    fn serialises_as_key_and_params() {
        let r = Reason::TooLong { n: 250, max: 200 };
        assert_eq!(r.key(), "too_long");
        assert_eq!(r.to_string(), "is 250 characters long; the limit is 200");
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            serde_json::json!({ "key": "too_long", "params": { "n": 250, "max": 200 } })
        );
        assert_eq!(Reason::NeedName {}.params(), serde_json::json!({}));
    }
}
