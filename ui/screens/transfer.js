// @ts-check
// The Import / Export screen: choose a file (the shell's Open dialog, or a file dropped anywhere
// on the window), see what importing it would do (created, merged, unchanged, skipped, and each
// problem by record, line and field), then import it in one transaction or cancel; and export
// everything as JSON, CSV or vCard where the user chooses. Long steps show their progress,
// polled from the job while it runs.

import * as api from "../api.js";
import { t, has, number } from "../lib/i18n.js";
import { coreText } from "../lib/format.js";
import { $, h, dialogOpen } from "../lib/dom.js";
import { toast, showError, messageOf, savedNotice } from "../lib/notices.js";
import { beginPane, setPane } from "../lib/pane.js";
import { afterWrite } from "../lib/changes.js";
import { go } from "../lib/events.js";
import { systemLanguage } from "../lib/prefs.js";
import { bindLocal } from "../lib/shortcuts.js";

/**
 * The region of the system's locale ("fr-FR": "FR"), where a phone number written without a
 * country code is (docs/import.md, "Phone numbers"); null when the locale names none ("fr").
 * @returns {string | null}
 */
export function phoneRegion() {
  const region = /^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?-([A-Za-z]{2})(?:-|$)/.exec(systemLanguage());
  return region ? region[1].toUpperCase() : null;
}

const FORMATS = ["auto", "vcard", "google_csv", "linkedin_connections", "csv", "ics", "linkedin_messages", "json", "email", "whatsapp", "wxr", "disqus"];
const EXPORTS = ["json", "csv", "vcard"];
/** How many of the file's contacts the preview lists (the counts cover them all); the problems
 * are listed as the shell cut them (WINDOW_ROWS, and the notes about the whole file). */
const SHOWN = 50;

/**
 * What the screen does as soon as it opens: show the Open dialog (first run's "Import my
 * contacts"), or preview a file dropped on the window.
 * @type {{ pick: true } | { file: File } | null}
 */
let onOpen = null;
/** The import card's way to take a file, while the screen is shown. */
let takeFile = /** @type {((file: File) => void) | null} */ (null);
let pickFile = /** @type {(() => void) | null} */ (null);

/** Shows the screen (Ctrl+I). After an import the rest of the window follows the shell's `changed` event. */
export function openTransfer() {
  const then = onOpen;
  onOpen = null;
  if (dialogOpen()) return;
  beginPane("transfer", { busy: false });
  setPane(transferScreen());
  $("#transfer-title").focus();
  if (then && "file" in then) takeFile?.(then.file);
  else if (then) pickFile?.();
}

/** Opens the screen and its Open dialog at once (the first run's "Import my contacts"). */
export function openImport() {
  onOpen = { pick: true };
  return go({ view: "transfer" });
}

/**
 * A file dropped anywhere on the window opens this screen and previews it (the shell leaves
 * drops to the page: `dragDropEnabled` is off in tauri.conf.json). Once, at start.
 */
export function acceptDroppedFiles() {
  const carriesFiles = (/** @type {DragEvent} */ event) => event.dataTransfer?.types.includes("Files") ?? false;
  const dropping = (/** @type {boolean} */ on) => document.body.classList.toggle("is-dropping", on);
  window.addEventListener("dragover", (event) => {
    if (!carriesFiles(event)) return;
    // Without this the webview would refuse the drop.
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = "copy";
    dropping(true);
  });
  window.addEventListener("dragleave", (event) => {
    if (!event.relatedTarget) dropping(false);
  });
  window.addEventListener("drop", (event) => {
    dropping(false);
    const file = event.dataTransfer?.files?.[0];
    if (!file) return;
    event.preventDefault();
    if (dialogOpen() || !$("#app") || $("#app").hidden) return;
    onOpen = { file };
    go({ view: "transfer" }).catch(showError);
  });
}

function transferScreen() {
  return h(
    "section",
    { class: "sheet transfer", "data-testid": "transfer" },
    h(
      "header",
      { class: "sheet-head" },
      h("h1", { id: "transfer-title", tabindex: "-1" }, t("transfer.title")),
      h("p", { class: "lead" }, t("transfer.lead")),
    ),
    importCard(),
    exportCard(),
  );
}

function importCard() {
  let job = null;
  /** The records whose likely duplicate the user ticked in the preview shown. */
  let acceptedLikely = () => /** @type {number[]} */ ([]);
  /** The file to import: chosen in the Open dialog (a number and its name) or dropped (its bytes). */
  let file = /** @type {{ picked: number, name: string, folder?: boolean } | { dropped: File, name: string, folder?: boolean } | null} */ (null);
  let polling = null;

  const fileName = h("span", { class: "import-file-name", "data-testid": "import-file-name" }, t("transfer.no_file"));
  /** @param {{ picked: number, name: string, folder?: boolean } | { dropped: File, name: string, folder?: boolean }} chosen */
  const choose = (chosen) => {
    file = chosen;
    fileName.textContent = chosen.name;
    previewButton.disabled = false;
    clearResult();
    fillMe();
  };
  const fileInput = h(
    "button",
    {
      type: "button",
      class: "btn",
      id: "import-file",
      "data-testid": "import-open",
      onclick: async () => {
        try {
          const picked = await api.importOpen(t("transfer.open_filter"));
          if (picked) choose({ picked: picked.picked, name: picked.file_name });
        } catch (error) {
          showError(error);
        }
      },
    },
    t("transfer.open"),
  );
  // Email exported as one .eml file per message: the folder is the import.
  const folderInput = h(
    "button",
    {
      type: "button",
      class: "btn",
      "data-testid": "import-open-folder",
      onclick: async () => {
        try {
          const picked = await api.importOpen(t("transfer.open_filter"), true);
          if (picked) choose({ picked: picked.picked, name: picked.file_name, folder: true });
        } catch (error) {
          showError(error);
        }
      },
    },
    t("transfer.open_folder"),
  );
  pickFile = () => fileInput.click();
  takeFile = (dropped) => {
    choose({ dropped, name: dropped.name });
    form.requestSubmit();
  };
  const format = h(
    "select",
    { id: "import-format", "data-testid": "import-format" },
    FORMATS.map((f) => h("option", { value: f }, t(`transfer.format.${f}`))),
  );
  const me = h("input", {
    type: "text",
    id: "import-me",
    "data-testid": "import-me",
    maxlength: 500,
    placeholder: t("transfer.me_placeholder"),
  });
  const includeLists = h("input", { type: "checkbox", id: "import-include-lists", "data-testid": "import-include-lists" });
  // Only a mailbox has mailing lists: the box shows for an email source alone.
  const includeListsRow = h("label", { class: "check", hidden: true }, includeLists, " ", t("transfer.include_lists"));
  // The addresses remembered from the last email import fill "Who you are" once an email or a
  // calendar source is chosen (a calendar tells my meetings by my address; never for a chat,
  // where "me" is a name), until the user types others. The core uses them for both when the
  // field is left empty.
  let remembered = "";
  let filled = "";
  api
    .importEmailMe()
    .then((addresses) => {
      remembered = addresses.join(", ");
      fillMe();
    })
    .catch(showError);
  function fillMe() {
    const email = format.value === "email" || (file !== null && (file.folder || /\.(mbox|mbx|eml)$/i.test(file.name)));
    const calendar = format.value === "ics" || (format.value === "auto" && file !== null && !file.folder && /\.(ics|ical|ifb)$/i.test(file.name));
    const addresses = email || calendar;
    if (addresses && !me.value && remembered) me.value = filled = remembered;
    else if (!addresses && filled && me.value === filled) me.value = filled = "";
    includeListsRow.hidden = !email;
  }
  format.addEventListener("change", fillMe);
  const keepText = h("input", { type: "checkbox", id: "import-keep-text", "data-testid": "import-keep-text" });
  const skipInvalid = h("input", { type: "checkbox", id: "import-skip-invalid", "data-testid": "import-skip-invalid" });
  const previewButton = h(
    "button",
    { type: "submit", class: "btn btn-primary", "data-testid": "import-preview", disabled: true },
    t("transfer.preview"),
  );
  const progress = h("progress", { class: "transfer-progress", "data-testid": "import-progress", max: 1, value: 0, hidden: true });
  const progressText = h("p", { class: "fine", "aria-live": "polite" });
  // A running step (reading, matching, writing) can be stopped, by this button or Esc: its job
  // rolls back and nothing is written.
  const stopButton = h(
    "button",
    {
      type: "button",
      class: "btn",
      "data-testid": "import-stop",
      "aria-keyshortcuts": "Escape",
      title: t("transfer.stop_hint"),
      hidden: true,
      onclick: () => stop(),
    },
    t("transfer.cancel"),
  );
  /** Whether the user stopped the running step: its failure is then the cancel, not an error. */
  let stopping = false;
  let unbindEscape = () => {};
  const result = h("div", { class: "transfer-result", "data-testid": "import-result" });

  const options = () => ({
    format: format.value === "auto" ? null : format.value,
    me: me.value
      .split(/[,;]/)
      .map((s) => s.trim())
      .filter(Boolean),
    keep_message_text: keepText.checked,
    include_lists: includeLists.checked && !includeListsRow.hidden,
    skip_invalid: skipInvalid.checked,
    mapping: [],
    region: phoneRegion(),
  });

  function clearResult() {
    result.replaceChildren();
  }

  function busy(on) {
    for (const el of [fileInput, folderInput, format, me, keepText, includeLists, skipInvalid, previewButton]) el.disabled = on || (el === previewButton && !file);
    progress.hidden = !on;
    stopButton.hidden = !on;
    stopButton.disabled = false;
    stopping = false;
    // Esc is the shortcut table's (lib/shortcuts.js), bound here while a step runs.
    unbindEscape();
    unbindEscape = on ? bindLocal("stopImport", stopOnEscape) : () => {};
    if (!on) {
      clearInterval(polling);
      polling = null;
      progressText.textContent = "";
    }
  }

  /** Shows the job's progress until `busy(false)`. */
  function watch(id) {
    progress.removeAttribute("value");
    polling = setInterval(async () => {
      try {
        const p = await api.importProgress(id);
        if (!p || !polling) return;
        progress.max = Math.max(1, p.total);
        progress.value = p.done;
        progressText.textContent = t(`transfer.stage.${p.stage}`, {
          percent: number(Math.round((100 * p.done) / Math.max(1, p.total))),
        });
        // Indexing for search comes after the import is written: nothing is left to cancel, so
        // neither the button nor Esc (which checks it) offers to.
        if (p.stage === "indexing") stopButton.hidden = true;
      } catch {
        // The job ended between two polls: the call that runs it reports how.
      }
    }, 150);
  }

  /** Esc while a step runs stops it, as the button does (the table's dispatch leaves Esc to a
   * dialog or a field, such as the contact search, that takes it for itself). */
  function stopOnEscape() {
    if (stopButton.isConnected && !stopButton.hidden && !stopButton.disabled) stop();
  }

  /** Asks the running step to stop; the step's own call then ends in [`stopped`]. */
  async function stop() {
    if (stopping) return;
    stopping = true;
    stopButton.disabled = true;
    progressText.textContent = t("transfer.stopping");
    // Before the job has its number, the preview cancels it as soon as it gets one.
    if (job != null) await api.importCancel(job).catch(() => {});
  }

  /** The end of a step the user stopped: nothing was written. */
  function stopped() {
    if (job != null) api.importCancel(job).catch(() => {});
    job = null;
    busy(false);
    clearResult();
    toast(t("transfer.cancelled"));
  }

  async function preview(event) {
    event.preventDefault();
    if (!file) return;
    clearResult();
    busy(true);
    try {
      if (job != null) await api.importCancel(job).catch(() => {});
      const chosen = file;
      job = await api.importStart(chosen.name, options(), "picked" in chosen ? chosen.picked : null);
      if (stopping) return stopped();
      watch(job);
      // A dropped file's bytes go to disk first, in a request of their own, so that the shell
      // does not hold them through the preview.
      if ("dropped" in chosen) await api.importDrop(job, new Uint8Array(await chosen.dropped.arrayBuffer()));
      const p = await api.importPreview(job);
      // A preview that ended just as it was stopped wrote nothing either: it stays stopped.
      if (stopping) return stopped();
      busy(false);
      showPreview(p);
    } catch (error) {
      if (stopping) return stopped();
      busy(false);
      job = null;
      result.replaceChildren(h("p", { class: "form-error", role: "alert", "data-testid": "import-error" }, messageOf(error)));
    }
  }

  async function apply() {
    if (job == null) return;
    busy(true);
    const id = job;
    watch(id);
    try {
      // Written before the stop was heard: it is shown as done, since it was.
      const done = await api.importApply(id, acceptedLikely());
      job = null;
      busy(false);
      showPreview(done);
      toast(await importNotice(done));
      // The list and the badge follow the shell's `changed` event; this screen stays as it is.
      await afterWrite();
    } catch (error) {
      job = null;
      if (stopping) return stopped();
      busy(false);
      result.replaceChildren(h("p", { class: "form-error", role: "alert", "data-testid": "import-error" }, messageOf(error)));
    }
  }

  async function cancel() {
    if (job != null) await api.importCancel(job).catch(() => {});
    job = null;
    busy(false);
    clearResult();
    toast(t("transfer.cancelled"));
  }

  /**
   * A WhatsApp chat that does not say who the user is: its participants as buttons, one of which
   * fills in the "me" field and previews again.
   * @param {string[]} names
   */
  function meChoices(names) {
    return h(
      "span",
      { class: "import-me-choices", "data-testid": "import-me-choices" },
      t("transfer.me_pick"),
      " ",
      names.map((name) =>
        h(
          "button",
          {
            type: "button",
            class: "btn",
            "data-testid": "import-me-choice",
            onclick: () => {
              me.value = name;
              form.requestSubmit();
            },
          },
          name,
        ),
      ),
    );
  }

  function showPreview(p) {
    const counts = [
      ["contacts_created", p.contacts_created],
      ["contacts_merged", p.contacts_merged],
      ["contacts_unchanged", p.contacts_unchanged],
      // Records with an error: a skipped contact is one of them, so it is not added again.
      ["records_skipped", p.records_skipped],
      // A blog export counts its replies and their questions in `blog`, never here: zeros there
      // would say the file holds no conversation.
      ...(p.blog
        ? [
            ["posts_created", p.blog.posts_created],
            ["posts_duplicate", p.blog.posts_duplicate],
            ["comments_created", p.blog.comments_created],
            ["comments_duplicate", p.blog.comments_duplicate],
            ["replies_created", p.blog.replies_created],
            ["replies_duplicate", p.blog.replies_duplicate],
            ["blog_questions_created", p.blog.questions_created],
            ["answers_created", p.blog.answers_created],
          ]
        : [
            ["interactions_created", p.interactions_created],
            ["interactions_duplicate", p.interactions_duplicate],
            ["interactions_unmatched", p.interactions_unmatched],
            ["questions_created", p.questions_created],
          ]),
    ];
    const facts = h(
      "dl",
      { class: "transfer-counts" },
      counts.map(([key, n]) =>
        h(
          "div",
          { class: n ? "transfer-count" : "transfer-count is-zero" },
          h("dd", { "data-testid": `import-${key}` }, number(n)),
          h("dt", {}, t(`transfer.count.${key}`)),
        ),
      ),
    );
    const head = h(
      "p",
      { class: "fine", "data-testid": "import-summary" },
      t(p.applied ? "transfer.done_head" : "transfer.preview_head", {
        format: t(`transfer.format.${p.format}`),
        encoding: p.encoding,
        records: t("transfer.records", { n: p.records }),
      }),
    );
    // What a blog export left out (spam, unapproved...), each kind counted.
    const blogLeft = p.blog
      ? Object.entries(p.blog.left_out).filter(([, n]) => n > 0)
      : [];
    const leftOut = blogLeft.length
      ? h(
          "p",
          { class: "fine", "data-testid": "import-blog-left-out" },
          t("transfer.blog_left_out", { list: blogLeft.map(([k, n]) => t(`transfer.left.${k}`, { n: number(n) })).join(", ") }),
        )
      : null;
    // The shell sends the first rows of each long list and how many it held (WINDOW_ROWS).
    const problemsTotal = p.problems_total ?? p.problems.length;
    const contactsTotal = p.contacts_total ?? p.contacts.length;
    const problems = p.problems.length
      ? h(
          "div",
          { class: "transfer-problems" },
          h("h3", {}, t("transfer.problems", { errors: t("transfer.errors_n", { n: p.errors }), warnings: t("transfer.warnings_n", { n: p.warnings }) })),
          h(
            "ul",
            { "data-testid": "import-problems" },
            // The shell's rows as sent: the errors first, and every note about the whole file
            // (the "who is me" buttons among them) even past the first WINDOW_ROWS.
            p.problems.map((q) =>
              h(
                "li",
                { class: q.severity === "error" ? "problem-error" : "problem-warning" },
                q.file ? h("span", { class: "problem-file" }, `${q.file}: `) : null,
                h("span", { class: "problem-where" }, where(q)),
                " ",
                fieldName(h, q.field),
                " ",
                coreText(q.key, q.params, q.message),
                q.key === "whatsapp_who_is_me" ? meChoices(q.params.names) : null,
              ),
            ),
          ),
          problemsTotal > p.problems.length
            ? h("p", { class: "fine", "data-testid": "import-problems-more" }, t("transfer.more", { n: number(problemsTotal - p.problems.length) }))
            : null,
        )
      : null;
    const people = p.contacts.length
      ? h(
          "details",
          { class: "transfer-people" },
          h("summary", {}, t("transfer.people", { n: number(contactsTotal) })),
          h(
            "ul",
            {},
            p.contacts.slice(0, SHOWN).map((c) =>
              h(
                "li",
                {},
                h("span", { class: `action-pill action-${c.action}` }, t(`transfer.action.${c.action}`)),
                " ",
                c.name,
                c.matched_by ? h("span", { class: "fine" }, " · ", t(`transfer.matched.${c.matched_by}`)) : null,
                c.adds?.length ? h("span", { class: "fine" }, " · ", t("transfer.adds", { fields: c.adds.join(", ") })) : null,
              ),
            ),
          ),
        )
      : null;
    // A checkbox per likely duplicate, off by default: merged only when the user says so.
    const ticks = (p.likely_duplicates ?? []).map((d) => {
      const box = /** @type {HTMLInputElement} */ (
        h("input", { type: "checkbox", "data-testid": "import-likely-accept", "data-record": String(d.record.number), disabled: p.applied })
      );
      box.checked = d.accepted;
      return { d, box };
    });
    acceptedLikely = () => ticks.filter((x) => x.box.checked).map((x) => x.d.record.number);
    const likely = ticks.length
      ? h(
          "div",
          { class: "transfer-likely", "data-testid": "import-likely" },
          h("h3", {}, t("transfer.likely", { n: number(ticks.length) })),
          h("p", { class: "fine" }, t("transfer.likely_hint")),
          h(
            "ul",
            {},
            ticks.map(({ d, box }) =>
              h(
                "li",
                {},
                h(
                  "label",
                  { class: "check" },
                  box,
                  " ",
                  t("transfer.likely_pair", {
                    name: d.name,
                    other: d.contact_name,
                    evidence: d.evidence.map((/** @type {string} */ e) => t(`transfer.evidence.${e}`)).join(", "),
                  }),
                ),
              ),
            ),
          ),
        )
      : null;
    const refused = !p.applied && p.errors > 0 && !skipInvalid.checked;
    const actions = p.applied
      ? null
      : h(
          "div",
          { class: "form-actions" },
          h("button", { type: "button", class: "btn", "data-testid": "import-cancel", onclick: () => cancel() }, t("transfer.cancel")),
          h(
            "button",
            {
              type: "button",
              class: "btn btn-primary",
              "data-testid": "import-apply",
              disabled: refused,
              title: refused ? t("transfer.refused") : "",
              onclick: () => apply(),
            },
            t("transfer.apply"),
          ),
        );
    const parts = [head, facts, leftOut, refused ? h("p", { class: "form-error" }, t("transfer.refused")) : null, problems, likely, people, actions];
    result.replaceChildren(...parts.filter((part) => part != null));
    result.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }

  const form = h(
    "form",
    { class: "transfer-form", onsubmit: preview },
    h(
      "div",
      { class: "field" },
      h("label", { class: "label", for: "import-file" }, t("transfer.file")),
      h("div", { class: "import-file" }, fileInput, folderInput, fileName),
      h("p", { class: "fine" }, t("transfer.drop_hint")),
    ),
    h("div", { class: "field" }, h("label", { class: "label", for: "import-format" }, t("transfer.format")), format),
    h(
      "div",
      { class: "field" },
      h("label", { class: "label", for: "import-me" }, t("transfer.me")),
      me,
      h("p", { class: "fine" }, t("transfer.me_hint")),
    ),
    h("label", { class: "check" }, keepText, " ", t("transfer.keep_text")),
    includeListsRow,
    h("label", { class: "check" }, skipInvalid, " ", t("transfer.skip_invalid")),
    h("div", { class: "form-actions" }, previewButton),
  );
  return h(
    "section",
    { class: "card settings-section", "aria-labelledby": "transfer-import-title" },
    h("h2", { class: "settings-title", id: "transfer-import-title" }, t("transfer.import")),
    h("p", { class: "fine" }, t("transfer.import_hint")),
    form,
    progress,
    h("div", { class: "transfer-running" }, progressText, stopButton),
    result,
  );
}

/**
 * What an import did, in words: "1 new contact", "Merged into Ann Lee", "3 new contacts, 2 merged,
 * 12 new interactions", "2 new posts, 3 new comments, 3 replies of yours". A single merge names
 * the contact it went into.
 * @param {{ contacts_created: number, contacts_merged: number, interactions_created: number,
 *   contacts: { action: string, name: string, contact?: number }[],
 *   blog?: { posts_created: number, comments_created: number, replies_created: number } }} done
 */
export async function importNotice(done) {
  const parts = [];
  if (done.contacts_created) parts.push(t("transfer.new_contacts", { n: done.contacts_created }));
  if (done.contacts_merged === 1) {
    const merged = done.contacts.find((c) => c.action === "merge");
    const into = merged?.contact != null ? await api.getContact(merged.contact).catch(() => null) : null;
    parts.push(t("transfer.merged_into", { name: into?.display_name ?? merged?.name ?? "" }));
  } else if (done.contacts_merged) parts.push(t("transfer.merged_n", { n: done.contacts_merged }));
  if (done.interactions_created) parts.push(t("transfer.new_interactions", { n: done.interactions_created }));
  // A blog export writes posts, comments and replies, none of them counted above.
  if (done.blog?.posts_created) parts.push(t("transfer.new_posts", { n: done.blog.posts_created }));
  if (done.blog?.comments_created) parts.push(t("transfer.new_comments", { n: done.blog.comments_created }));
  if (done.blog?.replies_created) parts.push(t("transfer.new_replies", { n: done.blog.replies_created }));
  if (!parts.length) return t("transfer.nothing_new");
  const said = parts.join(", ");
  return said[0].toLocaleUpperCase() + said.slice(1);
}

/**
 * The field a problem is about: Rapport's own fields by their label, a file's own column or
 * property (BDAY, Email Address) as the file writes it.
 */
function fieldName(h, field) {
  return has(`field.${field}`) ? h("span", { class: "problem-field" }, t(`field.${field}`)) : h("code", {}, field);
}

/** "card 3 (line 40)", "row 12", "file". */
function where(problem) {
  const r = problem.record;
  if (!r) return problem.line ? t("transfer.where_line", { line: problem.line }) : t("transfer.where_file");
  const line = problem.line ?? r.line;
  const key = `transfer.kind.${r.kind.replace(/ /g, "_")}`;
  const kind = has(key) ? t(key) : r.kind;
  return line
    ? t("transfer.where_record_line", { kind, n: r.number, line })
    : t("transfer.where_record", { kind, n: r.number });
}

function exportCard() {
  const run = async (button, format) => {
    button.disabled = true;
    try {
      const saved = await api.exportData(format);
      // Null: the user cancelled the Save dialog.
      if (saved) savedNotice(t("transfer.exported", { path: saved.path_display }), saved);
    } catch (error) {
      showError(error);
    } finally {
      button.disabled = false;
    }
  };
  return h(
    "section",
    { class: "card settings-section", "aria-labelledby": "transfer-export-title" },
    h("h2", { class: "settings-title", id: "transfer-export-title" }, t("transfer.export")),
    h("p", { class: "fine" }, t("transfer.export_hint")),
    h(
      "div",
      { class: "form-actions transfer-exports" },
      EXPORTS.map((format) =>
        h(
          "button",
          { type: "button", class: "btn", "data-testid": `export-${format}`, onclick: (e) => run(e.currentTarget, format) },
          t(`transfer.export_${format}`),
        ),
      ),
    ),
  );
}
