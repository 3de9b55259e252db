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
/// drift apart: a variant without a key or a sentence does not compile.
macro_rules! reasons {
    ($( $variant:ident { $($field:ident : $ty:ty),* $(,)? } = $key:literal => $english:expr; )*) => {
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(tag = "key", content = "params")]
        pub enum Reason {
            $( #[serde(rename = $key)] $variant { $($field: $ty),* }, )*
        }

        impl Reason {
            /// Every key a reason can have, in declaration order.
            pub const KEYS: &'static [&'static str] = &[$($key),*];

            pub fn key(&self) -> &'static str {
                match self {
                    $( Reason::$variant { .. } => $key, )*
                }
            }
        }

        impl std::fmt::Display for Reason {
            #[allow(unused_variables)]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    $( Reason::$variant { $($field),* } => write!(f, "{}", $english), )*
                }
            }
        }
    };
}

reasons! {
    // Text fields
    TooLong { n: usize, max: usize } = "too_long" => format!("is {n} characters long; the limit is {max}");
    Nul {} = "nul" => "contains a NUL character (U+0000), which text cannot hold";
    DateRange { value: String, earliest: i32, latest: i32 } = "date_range" =>
        format!("{value} is out of range; dates must fall between {earliest} and {latest}");
    SecondsRange { secs: i64, earliest: i32, latest: i32 } = "seconds_range" =>
        format!("{secs} seconds is out of range; dates must fall between {earliest} and {latest}");
    UnknownValue { value: String, choices: Vec<String> } = "unknown_value" =>
        format!("unknown value {value:?}; expected one of {}", choices.join(", "));

    // Contacts
    NeedName {} = "need_name" => "a contact needs a name";
    ContactEmpty {} = "contact_empty" => "is empty; give an id or a name";
    Closeness { value: i64 } = "closeness" => format!("is {value}; it must be from 1 (distant) to 5 (closest)");
    Cadence { value: i64 } = "cadence" => format!("is {value}; it must be from 1 to 3650 days");
    NotEmail { value: String } = "not_email" => format!("{value:?} is not an email address");
    NotBirthday { value: String } = "not_birthday" =>
        format!("{value:?} is not a date; use YYYY-MM-DD, or --MM-DD without a year");
    NoContactMatches { text: String } = "no_contact_matches" => format!("no contact matches {text:?}");
    AmbiguousContact { text: String, n: usize, names: Vec<String> } = "ambiguous_contact" =>
        format!("{text:?} matches {n} contacts: {}; use an id", names.join(", "));
    ArchivedNoMeasures { name: String } = "archived_no_measures" =>
        format!("{name} is archived, and archived contacts have no measures; restore them to see their measures");

    // Circles
    CircleExists { name: String } = "circle_exists" => format!("a circle named {name:?} already exists");
    CircleNeedsName {} = "circle_needs_name" => "a circle needs a name";

    // Interactions, questions, value items
    NeedParticipant {} = "need_participant" => "an interaction needs at least one contact";
    TooManyParticipants { n: usize, max: usize } = "too_many_participants" =>
        format!("{n} contacts; the limit is {max}");
    Duration { value: i64 } = "duration" => format!("is {value} minutes; the limit is one week");
    QuestionText {} = "question_text" => "a question needs its text";
    NotParticipant { what: String, contact: i64 } = "not_participant" =>
        format!("a {what} names contact #{contact}, who is not a participant of this interaction");
    Weight { value: f64 } = "weight" => format!("is {value}; a weight must be above 0 and at most 100");
    SinceAfterUntil {} = "since_after_until" => "the start of the period is after its end (until)";
    AlreadyAnswered { question: i64, interaction: i64 } = "already_answered" =>
        format!("question #{question} was already answered in interaction #{interaction}; reopen it first");
    AnswerSame {} = "answer_same" => "a question cannot be answered in the interaction that asked it";
    AnswerBefore { interaction: i64, answered_at: String, question: i64, asked_at: String } = "answer_before" =>
        format!("interaction #{interaction} ({answered_at}) happened before question #{question} was asked ({asked_at})");
    AnswerBeforeThis { answered_at: String, question: i64, asked_at: String } = "answer_before_this" =>
        format!("this interaction ({answered_at}) happened before question #{question} was asked ({asked_at})");
    AnswerNotWith { interaction: i64, contact: i64, question: i64 } = "answer_not_with" =>
        format!("interaction #{interaction} does not include contact #{contact}, whom question #{question} is with");
    AnswerNotWithThis { contact: i64, question: i64 } = "answer_not_with_this" =>
        format!("this interaction does not include contact #{contact}, whom question #{question} is with");

    // Posts and reactions
    NeedPlatform {} = "need_platform" => "say where it was published (LinkedIn, a blog...)";
    ReactionCount { value: i64, max: i64 } = "reaction_count" => format!("is {value}; it must be from 1 to {max}");
    NamedCountsOnce {} = "named_counts_once" =>
        "a reaction by a named contact counts once; leave the contact out for anonymous counts";
    OnlyComment {} = "only_comment" => "only a comment has a text or a reply; record it with kind comment";
    ReactionBeforePost {} = "reaction_before_post" => "a reaction cannot come before the post was published";

    // Merges
    MergeSelf {} = "merge_self" => "a contact cannot be merged into themselves; pick two different contacts";
    AlreadyMerged { contact: i64, into: i64 } = "already_merged" =>
        format!("contact {contact} was already merged into contact {into}");
    MergeLater { later: i64 } = "merge_later" =>
        format!("merge {later} came after this one and involves the same contacts; undo it first");

    // Model settings
    WeightRange { name: String, value: f64 } = "weight_range" => format!("{name} is {value}; it must be between 0 and 100");
    StrengthWeightsZero {} = "strength_weights_zero" => "the strength weights cannot all be zero";
    IndexWeightsZero {} = "index_weights_zero" => "the index weights cannot all be zero";
    ModelRange { name: String, value: f64, max: f64 } = "model_range" =>
        format!("{name} is {value}; it must be above 0 and at most {max}");
    ModelWhole { name: String, value: f64, min: f64, max: f64 } = "model_whole" =>
        format!("{name} is {value}; it must be a whole number from {min} to {max}");
    OverdueBelowDue {} = "overdue_below_due" => "overdue_ratio must not be below due_ratio";
    LayerSizes {} = "layer_sizes" => "layer_sizes must grow from layer to layer, e.g. [5, 15, 50, 150]";
    LayerCadence {} = "layer_cadence" =>
        "layer_cadence_days must grow from layer to layer, each above 0 and at most 3650";
    ModelUnreadable { detail: String } = "model_unreadable" =>
        format!("the saved model settings cannot be read ({detail}); reset them");
    SettingName { name: String } = "setting_name" =>
        format!("{name:?} is not a setting name (letters, digits, . _ -)");
    SettingTooLarge {} = "setting_too_large" => "is larger than 100 kB";

    // Database, backups, files
    NotFound { entity: String, id: i64 } = "not_found" => format!("no {entity} with id {id}");
    NewerSchema { path: String, found: i64, supported: i64 } = "newer_schema" => format!(
        "the database {path} has schema version {found}, but this Rapport only knows versions up to {supported}; \
         upgrade Rapport to open it (the file was not changed)"
    );
    Migration { version: i64, detail: String, backup: String } = "migration" => format!(
        "migration to schema version {version} failed: {detail} (the database was left as it was; \
         a copy from before the migration is at {backup})"
    );
    Busy { seconds: u64, detail: String } = "busy" => format!(
        "the database is busy: another Rapport (the app or a `rapport` command) kept it locked for over {seconds} \
         seconds; nothing was saved, try again in a moment ({detail})"
    );
    Database { detail: String } = "database" => format!("database error: {detail}");
    Io { path: String, detail: String } = "io" => format!("file error on {path}: {detail}");
    Json { detail: String } = "json" => format!("JSON error: {detail}");
    Cancelled {} = "cancelled" => "cancelled; nothing was written";
    Internal { detail: String } = "internal" => detail;
    NoAppData { env: String } = "no_app_data" =>
        format!("no app-data directory on this system; set {env} or pass --db");
    ForeignDatabase { path: String } = "foreign_database" =>
        format!("{path} is a SQLite database that Rapport did not create; choose another file");
    InMemoryNoBackups {} = "in_memory_no_backups" => "an in-memory database has no backups";
    DemoNotEmpty {} = "demo_not_empty" => "the database already has contacts; the demo network loads only into an \
         empty database (use a new database file to try it)";
    HeavyNotEmpty {} = "heavy_not_empty" => "the heavy network is built into an empty database only";
    FromTo { min: i64, max: i64 } = "from_to" => format!("from {min} to {max}");
    FileExists { path: String } = "file_exists" => format!("{path} already exists; choose a new file name");
    ExportOverDatabase { path: String } = "export_over_database" => format!(
        "{path} is the database itself (or one of the files SQLite keeps beside it); writing there would \
         destroy it, so nothing was written: choose another file"
    );
    BackupOfDamaged { path: String, detail: String } = "backup_of_damaged" => format!(
        "{path} is damaged (quick check: {detail}); no backup was taken, so the existing backups stay as they are"
    );
    StayedLocked {} = "stayed_locked" => "the database stayed locked; try again in a moment";
    BackupNameTooLong { max: usize, n: usize } = "backup_name_too_long" =>
        format!("a backup's name has at most {max} characters; this one has {n}");
    NoBackupNamed { name: String, dir: String } = "no_backup_named" =>
        format!("no backup named {name:?} in {dir}; list them with `rapport backup list`");
    NotAFile { path: String } = "not_a_file" => format!("{path} is not a file");
    CannotOpenDatabase { path: String, detail: String } = "cannot_open_database" =>
        format!("{path} cannot be opened as a database: {detail}");
    NotReadableDatabase { path: String, detail: String } = "not_readable_database" =>
        format!("{path} is not a readable database: {detail}");
    Damaged { path: String, detail: String } = "damaged" => format!("{path} is damaged (integrity check: {detail})");
    NotRapportDatabase { path: String } = "not_rapport_database" => format!("{path} is not a Rapport database");
    RestoreSelf {} = "restore_self" => "that file is the database itself";
    RestoreInTransaction {} = "restore_in_transaction" => "cannot restore inside a transaction";
    RestoreEncrypted { source: String, db: String } = "restore_encrypted" => format!(
        "Rapport cannot restore a backup of an encrypted database yet; with Rapport closed, copy {source} over {db} \
         (a backup of an encrypted database opens with the same key)"
    );
    NoFreeName { name: String, dir: String } = "no_free_name" =>
        format!("{name} and 998 numbered copies already exist in {dir}");
    Csv { detail: String } = "csv" => detail;

    // Encryption
    NoEncryption {} = "no_encryption" =>
        "this build of Rapport has no encryption; build it with `--features encryption`";
    EncryptedNoSupport { path: String } = "encrypted_no_support" => format!(
        "{path} is encrypted, and this build of Rapport has no encryption support (build it with `--features encryption`)"
    );
    KeyFileUnreadable { path: String, key_file: String, detail: String } = "key_file_unreadable" => format!(
        "{path} is encrypted but its key file {key_file} cannot be read ({detail}); without it only the OS keychain can open it"
    );
    KeychainKeyWrong { path: String } = "keychain_key_wrong" =>
        format!("the key in the keychain does not open {path}; unlock it with the recovery passphrase");
    KeychainEmpty { path: String } = "keychain_empty" => format!(
        "{path} is encrypted and the keychain has no key for it; unlock it with its recovery passphrase (`rapport encryption unlock`)"
    );
    KeychainUnavailable { path: String, detail: String } = "keychain_unavailable" => format!(
        "{path} is encrypted and the keychain is unavailable ({detail}); unlock it with its recovery passphrase (`rapport encryption unlock`)"
    );
    NoRandomness { detail: String } = "no_randomness" => format!("no system randomness: {detail}");
    KeyDerivation { detail: String } = "key_derivation" => format!("cannot derive a key: {detail}");
    NotAKey { detail: String } = "not_a_key" => format!("not a key: {detail}");
    BadArgon { detail: String } = "bad_argon" => format!("bad Argon2 parameters: {detail}");
    BadSalt { detail: String } = "bad_salt" => format!("bad salt: {detail}");
    KeyLength {} = "key_length" => "a key is 32 bytes";
    NotAKeyFile { path: String, detail: String } = "not_a_key_file" =>
        format!("{path} is not a Rapport key file: {detail}");
    KeyFileFormat { path: String } = "key_file_format" => format!("{path} has an unknown format");
    NoSqlcipherExport {} = "no_sqlcipher_export" => "SQLCipher did not register sqlcipher_export";
    AlreadyEncrypted { path: String } = "already_encrypted" => format!("{path} is already encrypted");
    PassphraseMissing {} = "passphrase_missing" => "type the recovery passphrase";
    PassphraseTooLong { max: usize } = "passphrase_too_long" =>
        format!("a recovery passphrase is at most {max} characters; this is not one");
    NotLocked {} = "not_locked" => "the database is not locked; there is nothing to unlock";
    NoFileToEncrypt {} = "no_file_to_encrypt" => "this database has no file to encrypt";
    ClosedForEncryption {} = "closed_for_encryption" =>
        "the database was closed to be encrypted and could not be reopened; restart Rapport";
    WrongPassphrase { path: String } = "wrong_passphrase" =>
        format!("this recovery passphrase does not open {path}; the file was not changed");

    // Charts
    UnknownChart { value: String, choices: Vec<String> } = "unknown_chart" =>
        format!("unknown chart {value:?}; expected one of {}", choices.join(", "));
    ChartSize {} = "chart_size" => "width must be 320 to 8000 pixels and height 200 to 8000";
    PeriodOrder {} = "period_order" => "the start of the period must be before its end";
    ChartNeedsContact { chart: String } = "chart_needs_contact" => format!("the {chart} chart needs a contact");
    ChartWholeNetwork { chart: String } = "chart_whole_network" => format!("the {chart} chart is about the whole network");
    Missing {} = "missing" => "missing";
    DrawingFailed { detail: String } = "drawing_failed" => format!("drawing failed: {detail}");

    // Import: the file as a whole
    UnknownFormat { file: String, formats: Vec<String> } = "unknown_format" => format!(
        "cannot tell what kind of file {file} is; name the format with --format ({})", formats.join(", ")
    );
    NoKnownColumn { columns: Vec<String> } = "no_known_column" => format!(
        "no column of this CSV is one Rapport recognises ({}); say which is which with --map COLUMN=FIELD",
        columns.join(", ")
    );
    NoSuchColumn { column: String, columns: Vec<String> } = "no_such_column" =>
        format!("the CSV has no column {column:?} (its columns: {})", columns.join(", "));
    NotAField { value: String, choices: Vec<String> } = "not_a_field" =>
        format!("{value:?} is not a field; expected one of {}", choices.join(", "));
    MeNotFound { names: Vec<String> } = "me_not_found" => format!("nobody in the file is {}", names.join(" or "));
    NulBytes { line: usize, file: String } = "nul_bytes" => format!(
        "line {line}, file: {file} holds NUL bytes: it is UTF-16 without a byte-order mark, or not text; save it as UTF-8"
    );
    EmptyHeader {} = "empty_header" => "line 1, header: the file is empty or unreadable";
    MissingColumns { columns: Vec<String> } = "missing_columns" => format!(
        "line 1, header: missing the column{} {}: is this LinkedIn's messages.csv?",
        if columns.len() == 1 { "" } else { "s" },
        columns.join(", ")
    );
    NoHeaderRow {} = "no_header_row" => "the file is empty: no header row";
    HeaderUnreadable { line: usize, detail: String } = "header_unreadable" => format!("line {line}, header: {detail}");
    NotAnExport { line: usize, column: usize, detail: String } = "not_an_export" =>
        format!("line {line}, column {column}: not a Rapport export: {detail}");
    ExportFormat { found: String, expected: String } = "export_format" =>
        format!("field format: {found:?} is not {expected:?}: this JSON is not a Rapport export");
    ExportNewer { found: i64, latest: i64 } = "export_newer" => format!(
        "field schema_version: the export is from a newer Rapport (schema {found}, this one knows {latest})"
    );
    NotACalendar {} = "not_a_calendar" => "file: no BEGIN:VCALENDAR; this is not a calendar";
    CalendarRefused { line: usize, field: String, problem: Box<Reason> } = "calendar_refused" =>
        format!("line {line}, {field}: {problem}; the calendar was not imported");
    ImportRefused { first: String } = "import_refused" =>
        format!("{first}; nothing was imported (leave out the bad records with --skip-invalid)");
    ImportRefusedMore { first: String, n: usize } = "import_refused_more" => format!(
        "{first} (and {n} more problem{}); nothing was imported (leave out the bad records with --skip-invalid)",
        if *n == 1 { "" } else { "s" }
    );
    // Import: one record's problems (shown in the preview)
    NoColonAfterName { text: String } = "no_colon_after_name" => format!("no ':' after the property name in {text}");
    NotPropertyName { text: String } = "not_property_name" => format!("{text} is not a property name");
    UnclosedQuote { name: String } = "unclosed_quote" => format!("a parameter of {name} opens a quote it never closes");
    EmptyParameter { name: String } = "empty_parameter" => format!("{name} has an empty parameter (two ';' in a row)");
    NoColonBeforeValue { name: String } = "no_colon_before_value" => format!("no ':' before the value of {name}");
    NotComponentName { text: String } = "not_component_name" => format!("{text} is not a component name");
    EndClosesNothing { name: String } = "end_closes_nothing" => format!("END:{name} closes nothing");
    EndMismatch { name: String, open: String, line: usize } = "end_mismatch" =>
        format!("END:{name} where BEGIN:{open} (line {line}) expects its END");
    PropertyBeforeBegin {} = "property_before_begin" => "a property before any BEGIN";
    NeverClosed { name: String } = "never_closed" => format!("BEGIN:{name} is never closed: is the file truncated?");
    NotATime { value: String } = "not_a_time" => format!("{value} is not a time");
    NotDateOrTime { value: String } = "not_date_or_time" => format!("{value} is not a date or date-time");
    NotADuration { value: String } = "not_a_duration" => format!("{value} is not a duration");
    PropertyAfterEnd {} = "property_after_end" => "a property after the end of the calendar; ignored";
    UnknownTimeZone { zone: String } = "unknown_time_zone" =>
        format!("the time zone {zone:?} is not described in the file; its times are read as UTC");
    EventNoStart {} = "event_no_start" => "the event has no start; left out";
    NotRealInstant {} = "not_real_instant" => "is not a real instant";
    CardNotEnded {} = "card_not_ended" => "the card has no END:VCARD before the next BEGIN:VCARD";
    EndWithoutBegin {} = "end_without_begin" => "END:VCARD without a BEGIN:VCARD before it";
    PropertyOutsideCard {} = "property_outside_card" => "a property outside any BEGIN:VCARD … END:VCARD";
    CardTruncated {} = "card_truncated" => "the file ends inside this card (no END:VCARD): is it truncated?";
    NoVcard {} = "no_vcard" => "no vCard in this file (no BEGIN:VCARD line)";
    FreeTextDate { value: String } = "free_text_date" => format!("{value:?} is free text, not a date; left out");
    VcardDate { value: String } = "vcard_date" =>
        format!("{value:?} is not a date (expected YYYY-MM-DD, YYYYMMDD or --MMDD)");
    EmailLeftOut { value: String } = "email_left_out" => format!("{value} is not an email address; left out");
    DateLeftOut { value: String } = "date_left_out" => format!("{value} is not a date; left out");
    CardNoName {} = "card_no_name" => "the card has no name, organisation, email or phone";
    NotAmongContacts { contact: i64 } = "not_among_contacts" =>
        format!("names contact #{contact}, who is not among the export's contacts");
    ReactionNotAmong { contact: i64 } = "reaction_not_among" =>
        format!("a reaction names contact #{contact}, who is not among the export's contacts");
    IsEmpty {} = "is_empty" => "is empty";
    RaggedRow { n: usize, header: usize } = "ragged_row" =>
        format!("has {n} fields but the header has {header}: a ragged row");
    RaggedCsvRow { n: usize, header: usize } = "ragged_csv_row" =>
        format!("has {n} fields but the header has {header}: a ragged row (a missing or extra comma?)");
    NotDateAndTime { value: String } = "not_date_and_time" =>
        format!("{value:?} is not a date and time (expected e.g. 2025-07-26 14:05:00 UTC)");
    SenderUnknown {} = "sender_unknown" => "the sender has no name and no profile URL";
    NotValidText {} = "not_valid_text" => "is not valid text";
    NotADate { value: String } = "not_a_date" => format!("{value:?} is not a date");
    NotADay { value: String } = "not_a_day" =>
        format!("{value:?} is not a date (a day that does not exist, or an unknown format)");
    RowNoName {} = "row_no_name" => "the row has no name, company or email";
    AfterMerge { contact: i64, problem: Box<Reason> } = "after_merge" =>
        format!("after merging into contact #{contact}: {problem}");
    ImportParticipants { n: usize, max: usize } = "import_participants" => format!("{n} people; the limit is {max}");
    Other { detail: String } = "other" => detail;

    NoImportJob { id: u64 } = "no_import_job" =>
        format!("no import job {id}: it finished, was cancelled, or never started");
    FileNameLength {} = "file_name_length" => "the file's name must be 1 to 1024 bytes";
    JobHeader {} = "job_header" => "the x-import-job header must name the job that import_start gave";
    BodyNotBytes {} = "body_not_bytes" => "send the file's bytes as the body (an ArrayBuffer), not JSON";
    FileTooBig { mb: usize, max_mb: usize } = "file_too_big" => format!("{mb} MB is more than the {max_mb} MB one import takes");
    PreviewFirst {} = "preview_first" => "preview the file before importing it";
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
