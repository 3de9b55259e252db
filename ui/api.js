// @ts-check
// The only module that talks to Rust. One function per app command; each returns what the
// command returns, or throws an ApiError carrying the command's { code, message, key, params }.
// Argument names are camelCase here (Tauri maps them to the commands' snake_case parameters);
// the records inside them keep the store's snake_case field names.
//
// It also hears the shell's `changed` event, sent after every write (the window's own and other
// programs'), and knows which calls write: lib/changes.js redraws the screen from those events.

export class ApiError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   * @param {string | null} [field]
   * @param {string | null} [key]
   * @param {Record<string, unknown>} [params]
   */
  constructor(code, message, field = null, key = null, params = {}) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    // For "invalid": the input at fault, so the form can point at it.
    this.field = field;
    // Core's reason: a stable key and its values, which the window words in its own language.
    this.key = key;
    this.params = params ?? {};
  }
}

/**
 * @param {unknown} raw what invoke() rejected with
 * @returns {ApiError}
 */
function toApiError(raw) {
  if (raw && typeof raw === "object" && "code" in raw && typeof raw.code === "string") {
    const r = /** @type {{ code: string, message: string, field?: string | null, key?: string | null, params?: Record<string, unknown> }} */ (raw);
    // With a field, core's message reads "field: what is wrong"; the form shows the field's own
    // label instead of its code name.
    const prefix = r.field ? `${r.field}: ` : "";
    const message = prefix && r.message.startsWith(prefix) ? r.message.slice(prefix.length) : r.message;
    return new ApiError(r.code, message, r.field, r.key ?? null, r.params);
  }
  // Tauri's own refusals (malformed arguments, a command not granted) arrive as plain strings.
  const message = raw && typeof raw === "object" && "message" in raw ? raw.message : null;
  return new ApiError("ipc", typeof raw === "string" ? raw : String(message ?? raw));
}

/** The commands sent so far: how many, and the names of the latest. The end-to-end specs count
 * the calls a screen makes with it (specs/refresh.test.mjs imports this module again, which
 * gives the same instance); nothing global is added for them. */
export const sent = { total: 0, latest: /** @type {string[]} */ ([]) };
const SENT_KEPT = 100;

/**
 * Core's answer to `cmd`: JSON as the command's Rust type serialises it.
 * @param {string} cmd
 * @param {unknown} [args]
 * @param {{ headers: Record<string, string> }} [options]
 * @returns {Promise<any>}
 */
async function call(cmd, args = {}, options = undefined) {
  const invoke = window.__TAURI__?.core?.invoke;
  if (!invoke) throw new ApiError("no_tauri", "window.__TAURI__ is missing");
  sent.total++;
  if (sent.latest.push(cmd) > SENT_KEPT) sent.latest.shift();
  try {
    return await invoke(cmd, args, options);
  } catch (raw) {
    throw toApiError(raw);
  }
}

// ---------------------------------------------------------------------------------------------
// Writes and the changes they make
//
// After a write the shell emits `changed`; the window redraws from that event, never from the
// write's answer. The event and the answer travel separately, in either order, so while a write
// is on its way the window holds its refresh (`writesDone`), and a screen that moves on after a
// write first waits for its event (`ownChangeHeard`): the next screen is then drawn once, with it.

/**
 * What a write changed, as the shell's `changed` event says it: a few contacts, or everything
 * (settings, merges, imports, a restore, another program's write); `external` when another
 * program (the CLI) wrote.
 * @typedef {{ scope: "contacts", contacts: number[], external: boolean }
 *   | { scope: "everything", external: boolean }} Change
 */

/** How long a write's change may take to be heard before the window assumes it was lost and
 * refreshes everything: the event is sent before the answer, so it normally follows within ms. */
const CHANGE_GRACE_MS = 1500;

/** Writes on their way, and who waits for there to be none. */
let writing = 0;
/** @type {(() => void)[]} */
let writesDoneWaiters = [];
/** Changes the window's own writes made, heard so far. */
let ownHeard = 0;
/** The timers of writes that answered before their change was heard, oldest first. */
/** @type {number[]} */
const unheard = [];
/** @type {(() => void)[]} */
let heardWaiters = [];
/** @type {((change: Change) => void) | null} */
let onChange = null;

/**
 * A call that writes: counted while on its way, and its change expected after it answers.
 * @param {string} cmd
 * @param {unknown} [args]
 * @param {{ headers: Record<string, string> }} [options]
 * @returns {Promise<any>}
 */
async function write(cmd, args = {}, options = undefined) {
  writing++;
  const before = ownHeard;
  try {
    const answer = await call(cmd, args, options);
    if (ownHeard === before) expectChange();
    return answer;
  } finally {
    if (--writing === 0) for (const resolve of writesDoneWaiters.splice(0)) resolve();
  }
}

/** A write answered and its change is still to come. */
function expectChange() {
  const timer = window.setTimeout(() => {
    unheard.splice(unheard.indexOf(timer), 1);
    // Never heard (no listener, or the event was lost): better redraw everything than show stale data.
    onChange?.({ scope: "everything", external: false });
    if (!unheard.length) for (const resolve of heardWaiters.splice(0)) resolve();
  }, CHANGE_GRACE_MS);
  unheard.push(timer);
}

/** @param {Change} change */
function heard(change) {
  if (!change.external) {
    ownHeard++;
    const timer = unheard.shift();
    if (timer !== undefined) clearTimeout(timer);
  }
  // The listener first: it numbers the change before anyone waiting for it draws.
  onChange?.(change);
  if (!unheard.length) for (const resolve of heardWaiters.splice(0)) resolve();
}

/**
 * Calls `listener` with every change the shell announces. Once, at start.
 * @param {(change: Change) => void} listener
 */
export async function listenForChanges(listener) {
  onChange = listener;
  const listen = window.__TAURI__?.event?.listen;
  if (!listen) return;
  await listen("changed", (event) => heard(/** @type {Change} */ (event.payload)));
}

/** Resolves once every write the window made has been heard of (at once when none is due). */
export function ownChangeHeard() {
  return unheard.length ? new Promise((/** @type {(v?: unknown) => void} */ resolve) => heardWaiters.push(resolve)) : Promise.resolve();
}

/** Resolves once no write is on its way. */
export function writesDone() {
  return writing ? new Promise((/** @type {(v?: unknown) => void} */ resolve) => writesDoneWaiters.push(resolve)) : Promise.resolve();
}

// ---------------------------------------------------------------------------------------------
// The commands

export const appInfo = () => call("app_info");
/** @param {Record<string, unknown>} [query] */
export const listContacts = (query = {}) => call("list_contacts", { query });
/** @param {number} id */
export const getContact = (id) => call("get_contact", { id });
/**
 * A contact's page in one call: `contact`, `interactions` (newest first), `open_questions`,
 * `value_items`, `measures` or, when there are none, `no_measures` (an ApiError saying why), and
 * with `chart` the SVG text of that chart in `chart` (or an ApiError in `chart_error`).
 * @param {number} id
 * @param {{ kind: string, theme?: string, lang?: string, width?: number | null } | null} [chart]
 */
export async function contactView(id, chart = null) {
  const view = await call("contact_view", { id, chart });
  view.no_measures = view.no_measures && toApiError(view.no_measures);
  view.chart_error = view.chart_error && toApiError(view.chart_error);
  return view;
}
/** @param {Record<string, unknown>} fields */
export const addContact = (fields) => write("add_contact", { fields });
/** @param {number} id @param {Record<string, unknown>} fields */
export const updateContact = (id, fields) => write("update_contact", { id, fields });
/** @param {number} id @param {boolean} archived */
export const archiveContact = (id, archived) => write("archive_contact", { id, archived });
/** @param {Record<string, unknown>} interaction */
export const logInteraction = (interaction) => write("log_interaction", { interaction });
/** @param {Record<string, unknown>} [query] */
export const listInteractions = (query = {}) => call("list_interactions", { query });
/** The latest exchange with a contact still open ({ id, at, channel, summary }), or null: the quick log's "reply to". */
/** @param {number} contactId */
export const replyCandidate = (contactId) => call("reply_candidate", { contact_id: contactId });
/** @param {Record<string, unknown>} [query] */
export const listQuestions = (query = {}) => call("list_questions", { query });
/** @param {number} question @param {number} answeredIn */
export const answerQuestion = (question, answeredIn) => write("answer_question", { question, answeredIn });
/** The demo network, its words in `lang` ("en" or "fr", the window's language). */
/** @param {"en" | "fr"} lang */
export const loadDemo = (lang) => write("load_demo", { lang });

// The measures. `at` (an ISO date) measures the network as it was then; by default, now.
export const dashboard = (at = null) => call("dashboard", { at });
/** @param {number} id */
export const contactMeasures = (id) => call("contact_measures", { id });
// A chart as SVG text (`kind`: "index" or "contact"), drawn by core; the window shows it as an image.
/**
 * @param {{ kind: string, contact?: number | null, from?: string | null, to?: string | null, theme?: string, lang?: string,
 *   width?: number | null, height?: number | null }} chart
 */
export const chartSvg = ({ kind, contact = null, from = null, to = null, theme = "light", lang = "en", width = null, height = null }) =>
  call("chart_svg", { kind, contact, from, to, theme, lang, width, height });
// The same chart saved as a file ("svg" or "png") where the user chooses in the Save dialog;
// returns where, with the number that shows it in its folder, or null when cancelled.
/** @param {{ kind: string, contact?: number | null, theme?: string, lang?: string, format: "svg" | "png" }} chart */
export const saveChart = ({ kind, contact = null, theme = "light", lang = "en", format }) =>
  call("save_chart", { kind, contact, theme, lang, format });
export const getModelSettings = () => call("get_model_settings");
/** @param {Record<string, unknown>} settings */
export const setModelSettings = (settings) => write("set_model_settings", { settings });
export const defaultModelSettings = () => call("default_model_settings");

// Import: a job per file. The file comes from the shell's Open dialog (importOpen gives a number,
// never a path) or is dropped on the window, whose bytes the page sends as the raw body of
// import_drop before the preview; import_progress is polled while a step runs.
/** @param {string} label the dialog's name for the files it lists @param {boolean} [folder] a folder of .eml messages */
export const importOpen = (label, folder = false) => call("import_open", { label, folder });
/** The addresses remembered from the last email import. @returns {Promise<string[]>} */
export const importEmailMe = () => call("import_email_me");
/** @param {string} fileName @param {Record<string, unknown>} options @param {number | null} [picked] */
export const importStart = (fileName, options, picked = null) => call("import_start", { fileName, options, picked });
/** A dropped file's bytes, written to disk for the job's preview and apply. @param {number} job @param {Uint8Array} bytes */
export const importDrop = (job, bytes) => call("import_drop", bytes, { headers: { "x-import-job": String(job) } });
/** @param {number} job */
export const importPreview = (job) => call("import_preview", {}, { headers: { "x-import-job": String(job) } });
/** @param {number} job @param {number[]} [acceptLikely] records whose likely duplicate is merged */
export const importApply = (job, acceptLikely = []) => write("import_apply", { job, acceptLikely });
/** @param {number} job */
export const importProgress = (job) => call("import_progress", { job });
/** @param {number} job */
export const importCancel = (job) => call("import_cancel", { job });
// Everything, as "json", "csv" (a folder of tables) or "vcard", where the user chooses in the
// Save dialog (null when cancelled).
/** @param {string} format */
export const exportData = (format) => call("export_data", { format });
// Backups beside the database: made now, listed newest first, restored by name.
export const backupNow = () => call("backup_now");
// Shows a file saved from this window (its `reveal` number) in the system's file manager.
/** @param {number} file */
export const showInFolder = (file) => call("show_in_folder", { file });
export const listBackups = () => call("list_backups");
// The daily reminder (src-tauri's notify.rs): its settings with what the system allows, the
// user's choice ({ on, time: "HH:MM", lang }), and a test notification now.
export const reminderSettings = () => call("reminder_settings");
/** @param {{ on: boolean, time: string, lang: string }} settings */
export const setReminderSettings = (settings) => call("set_reminder_settings", { settings });
/** @param {string} lang */
export const sendTestReminder = (lang) => call("send_test_reminder", { lang });
/** @param {string} name */
export const restoreBackup = (name) => write("restore_backup", { name });
// SQLite's quick check of the database: the one run shortly after start (null when none ran;
// the shell answers once it is done), one now, and one of each backup.
export const databaseHealth = () => call("database_health");
export const checkDatabase = () => call("check_database");
export const checkBackups = () => call("check_backups");
// The contact list, a page at a time, filtered and sorted from the measures core keeps.
/** @param {Record<string, unknown>} [query] */
export const contactPage = (query = {}) => call("contact_page", { query });
export const listCircles = () => call("list_circles");
// Every list whole, or with `rows`, the first rows of each and the counts of all.
/** @param {number | null} [rows] */
export const openLoops = (rows = null) => call("open_loops", { rows });
// What the Open loops badge counts, without the lists.
export const loopsOwed = () => call("loops_owed");
// This week: catch-ups, birthdays, questions I owe, my turns; and its calendar file (Save dialog).
/** @param {number} days */
export const agenda = (days) => call("agenda", { days });
/** @param {number} days @param {"en" | "fr"} lang the file's words */
export const saveAgendaCalendar = (days, lang) => call("save_agenda_calendar", { days, lang });
/** @param {number} kept @param {number} merged */
export const mergeContacts = (kept, merged) => write("merge_contacts", { kept, merged });
/** @param {number} id */
export const undoMerge = (id) => write("undo_merge", { id });
/** @param {number} contact */
export const listValueItems = (contact) => call("list_value_items", { contact });
export const listPosts = () => call("list_posts");
/** @param {Record<string, unknown>} post */
export const addPost = (post) => write("add_post", { post });
/** @param {number} id */
export const deletePost = (id) => write("delete_post", { id });
/** @param {Record<string, unknown>} reaction */
export const addReaction = (reaction) => write("add_reaction", { reaction });
/** @param {number} reaction @param {{ at?: string | null, asked: string[] }} reply */
export const replyToComment = (reaction, reply) => write("reply_to_comment", { reaction, reply });
/** @param {number} id */
export const deleteReaction = (id) => write("delete_reaction", { id });
// Correcting what was logged. Each delete answers { removed, contacts, undo }: the undo token,
// sent back to undo_delete within a few minutes, puts back the rows the shell kept (refused if a
// later write is in the way).
/** @param {number} id @param {Record<string, unknown>} edit */
export const editInteraction = (id, edit) => write("edit_interaction", { id, edit });
/** @param {number} id */
export const deleteInteraction = (id) => write("delete_interaction", { id });
/** @param {number} id */
export const previewDeleteContact = (id) => call("preview_delete_contact", { id });
/** @param {number} id */
export const deleteContact = (id) => write("delete_contact", { id });
/** @param {string} token */
export const undoDelete = (token) => write("undo_delete", { token });
/** @param {number} id @param {Record<string, unknown>} edit */
export const editValueItem = (id, edit) => write("edit_value_item", { id, edit });
/** @param {number} id */
export const deleteValueItem = (id) => write("delete_value_item", { id });
/** @param {number} id @param {Record<string, unknown>} edit */
export const editQuestion = (id, edit) => write("edit_question", { id, edit });
/** @param {number} id */
export const deleteQuestion = (id) => write("delete_question", { id });
/** @param {number} id @param {Record<string, unknown>} edit */
export const editPost = (id, edit) => write("edit_post", { id, edit });
/** @param {number} id @param {Record<string, unknown>} edit */
export const editReaction = (id, edit) => write("edit_reaction", { id, edit });

export const encryptionStatus = () => call("encryption_status");
/** @param {string} passphrase */
export const unlockDatabase = (passphrase) => call("unlock_database", { passphrase });
export const enableEncryption = () => call("enable_encryption");

// Calibration (issue 14): the ties worth rating, a dated rating, the cross-validated fit, and
// applying it or going back to the defaults.
/** @param {number} [limit] */
export const ratingQueue = (limit = 10) => call("rating_queue", { limit });
/** @param {number} id @param {number} closeness */
export const rateContact = (id, closeness) => write("rate_contact", { id, closeness });
/** @param {{ theme?: string, lang?: string }} [chart] the chart's theme and language */
export const calibration = (chart = {}) => call("calibration", chart);
export const calibrationStatus = () => call("calibration_status");
export const applyCalibration = () => write("apply_calibration");
export const resetCalibration = () => write("reset_calibration");
