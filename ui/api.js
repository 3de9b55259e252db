// @ts-check
// The only module that talks to Rust. One function per app command; each returns what the
// command returns, or throws an ApiError carrying the command's { code, message, key, params }.
// Argument names are camelCase here (Tauri maps them to the commands' snake_case parameters);
// the records inside them keep the store's snake_case field names.

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
  try {
    return await invoke(cmd, args, options);
  } catch (raw) {
    throw toApiError(raw);
  }
}

export const appInfo = () => call("app_info");
/** @param {Record<string, unknown>} [query] */
export const listContacts = (query = {}) => call("list_contacts", { query });
/** @param {number} id */
export const getContact = (id) => call("get_contact", { id });
/** @param {Record<string, unknown>} fields */
export const addContact = (fields) => call("add_contact", { fields });
/** @param {number} id @param {Record<string, unknown>} fields */
export const updateContact = (id, fields) => call("update_contact", { id, fields });
/** @param {number} id @param {boolean} archived */
export const archiveContact = (id, archived) => call("archive_contact", { id, archived });
/** @param {Record<string, unknown>} interaction */
export const logInteraction = (interaction) => call("log_interaction", { interaction });
/** @param {Record<string, unknown>} [query] */
export const listInteractions = (query = {}) => call("list_interactions", { query });
/** @param {Record<string, unknown>} [query] */
export const listQuestions = (query = {}) => call("list_questions", { query });
/** @param {number} question @param {number} answeredIn */
export const answerQuestion = (question, answeredIn) => call("answer_question", { question, answeredIn });
/** The demo network, its words in `lang` ("en" or "fr", the window's language). */
/** @param {"en" | "fr"} lang */
export const loadDemo = (lang) => call("load_demo", { lang });

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
// The same chart saved as a file ("svg" or "png") in the Downloads folder; returns where.
/** @param {{ kind: string, contact?: number | null, theme?: string, lang?: string, format: "svg" | "png" }} chart */
export const saveChart = ({ kind, contact = null, theme = "light", lang = "en", format }) =>
  call("save_chart", { kind, contact, theme, lang, format });
export const getModelSettings = () => call("get_model_settings");
/** @param {Record<string, unknown>} settings */
export const setModelSettings = (settings) => call("set_model_settings", { settings });
export const defaultModelSettings = () => call("default_model_settings");

// Import: a job per file. The page reads the file the user picked and sends its bytes as the raw
// body of import_preview (no command takes a path); import_progress is polled while a step runs.
/** @param {string} fileName @param {Record<string, unknown>} options */
export const importStart = (fileName, options) => call("import_start", { fileName, options });
/** @param {number} job @param {Uint8Array} bytes */
export const importPreview = (job, bytes) => call("import_preview", bytes, { headers: { "x-import-job": String(job) } });
/** @param {number} job */
export const importApply = (job) => call("import_apply", { job });
/** @param {number} job */
export const importProgress = (job) => call("import_progress", { job });
/** @param {number} job */
export const importCancel = (job) => call("import_cancel", { job });
// Everything, as "json", "csv" (a folder of tables) or "vcard", into the Downloads folder.
/** @param {string} format */
export const exportData = (format) => call("export_data", { format });
// Backups beside the database: made now, listed newest first, restored by name.
export const backupNow = () => call("backup_now");
export const listBackups = () => call("list_backups");
/** @param {string} name */
export const restoreBackup = (name) => call("restore_backup", { name });
// The contact list, a page at a time, filtered and sorted from the measures core keeps.
/** @param {Record<string, unknown>} [query] */
export const contactPage = (query = {}) => call("contact_page", { query });
export const listCircles = () => call("list_circles");
export const openLoops = () => call("open_loops");
/** @param {number} kept @param {number} merged */
export const mergeContacts = (kept, merged) => call("merge_contacts", { kept, merged });
/** @param {number} id */
export const undoMerge = (id) => call("undo_merge", { id });
/** @param {number} contact */
export const listValueItems = (contact) => call("list_value_items", { contact });
export const listPosts = () => call("list_posts");
/** @param {Record<string, unknown>} post */
export const addPost = (post) => call("add_post", { post });
/** @param {number} id */
export const deletePost = (id) => call("delete_post", { id });
/** @param {Record<string, unknown>} reaction */
export const addReaction = (reaction) => call("add_reaction", { reaction });
/** @param {number} id */
export const deleteReaction = (id) => call("delete_reaction", { id });

export const encryptionStatus = () => call("encryption_status");
/** @param {string} passphrase */
export const unlockDatabase = (passphrase) => call("unlock_database", { passphrase });
export const enableEncryption = () => call("enable_encryption");
