// @ts-check
// The Import / Export screen: pick a file, see what importing it would do (created, merged,
// unchanged, skipped, and each problem by record, line and field), then import it in one
// transaction or cancel; and export everything as JSON, CSV or vCard. Long steps show their
// progress, polled from the job while it runs.

import * as api from "../api.js";
import { t, has, number } from "../lib/i18n.js";
import { coreText } from "../lib/format.js";
import { $, h, dialogOpen } from "../lib/dom.js";
import { toast, showError, messageOf } from "../lib/notices.js";
import { beginPane, setPane } from "../lib/pane.js";
import { afterWrite } from "../lib/changes.js";

const FORMATS = ["auto", "vcard", "google_csv", "linkedin_connections", "csv", "ics", "linkedin_messages", "json"];
const EXPORTS = ["json", "csv", "vcard"];
/** How many of the file's contacts and problems the preview lists (the counts cover them all). */
const SHOWN = 50;

/** Shows the screen (Ctrl+I). After an import the rest of the window follows the shell's `changed` event. */
export function openTransfer() {
  if (dialogOpen()) return;
  beginPane("transfer", { busy: false });
  setPane(transferScreen());
  $("#transfer-title").focus();
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
  let file = null;
  let polling = null;

  const fileInput = h("input", {
    type: "file",
    id: "import-file",
    "data-testid": "import-file",
    accept: ".vcf,.vcard,.csv,.ics,.ical,.json,text/vcard,text/csv,text/calendar,application/json",
    onchange: () => {
      file = fileInput.files?.[0] ?? null;
      previewButton.disabled = !file;
      clearResult();
    },
  });
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
  const keepText = h("input", { type: "checkbox", id: "import-keep-text", "data-testid": "import-keep-text" });
  const skipInvalid = h("input", { type: "checkbox", id: "import-skip-invalid", "data-testid": "import-skip-invalid" });
  const previewButton = h(
    "button",
    { type: "submit", class: "btn btn-primary", "data-testid": "import-preview", disabled: true },
    t("transfer.preview"),
  );
  const progress = h("progress", { class: "transfer-progress", "data-testid": "import-progress", max: 1, value: 0, hidden: true });
  const progressText = h("p", { class: "fine", "aria-live": "polite" });
  const result = h("div", { class: "transfer-result", "data-testid": "import-result" });

  const options = () => ({
    format: format.value === "auto" ? null : format.value,
    me: me.value
      .split(/[,;]/)
      .map((s) => s.trim())
      .filter(Boolean),
    keep_message_text: keepText.checked,
    skip_invalid: skipInvalid.checked,
    mapping: [],
  });

  function clearResult() {
    result.replaceChildren();
  }

  function busy(on) {
    for (const el of [fileInput, format, me, keepText, skipInvalid, previewButton]) el.disabled = on || (el === previewButton && !file);
    progress.hidden = !on;
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
      } catch {
        // The job ended between two polls: the call that runs it reports how.
      }
    }, 150);
  }

  async function preview(event) {
    event.preventDefault();
    if (!file) return;
    clearResult();
    busy(true);
    try {
      if (job != null) await api.importCancel(job).catch(() => {});
      job = await api.importStart(file.name, options());
      watch(job);
      const bytes = new Uint8Array(await file.arrayBuffer());
      const p = await api.importPreview(job, bytes);
      busy(false);
      showPreview(p);
    } catch (error) {
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
      const done = await api.importApply(id);
      job = null;
      busy(false);
      showPreview(done);
      toast(t("transfer.imported", { contacts: number(done.contacts_created), interactions: number(done.interactions_created) }));
      // The list and the badge follow the shell's `changed` event; this screen stays as it is.
      await afterWrite();
    } catch (error) {
      job = null;
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

  function showPreview(p) {
    const counts = [
      ["contacts_created", p.contacts_created],
      ["contacts_merged", p.contacts_merged],
      ["contacts_unchanged", p.contacts_unchanged],
      ["contacts_skipped", p.contacts_skipped + p.records_skipped],
      ["interactions_created", p.interactions_created],
      ["interactions_duplicate", p.interactions_duplicate],
      ["interactions_unmatched", p.interactions_unmatched],
      ["questions_created", p.questions_created],
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
    const problems = p.problems.length
      ? h(
          "div",
          { class: "transfer-problems" },
          h("h3", {}, t("transfer.problems", { errors: t("transfer.errors_n", { n: p.errors }), warnings: t("transfer.warnings_n", { n: p.warnings }) })),
          h(
            "ul",
            { "data-testid": "import-problems" },
            p.problems.slice(0, SHOWN).map((q) =>
              h(
                "li",
                { class: q.severity === "error" ? "problem-error" : "problem-warning" },
                h("span", { class: "problem-where" }, where(q)),
                " ",
                fieldName(h, q.field),
                " ",
                coreText(q.key, q.params, q.message),
              ),
            ),
          ),
          p.problems.length > SHOWN ? h("p", { class: "fine" }, t("transfer.more", { n: number(p.problems.length - SHOWN) })) : null,
        )
      : null;
    const people = p.contacts.length
      ? h(
          "details",
          { class: "transfer-people" },
          h("summary", {}, t("transfer.people", { n: number(p.contacts.length) })),
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
    const parts = [head, facts, refused ? h("p", { class: "form-error" }, t("transfer.refused")) : null, problems, people, actions];
    result.replaceChildren(...parts.filter((part) => part != null));
    result.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }

  const form = h(
    "form",
    { class: "transfer-form", onsubmit: preview },
    h("div", { class: "field" }, h("label", { class: "label", for: "import-file" }, t("transfer.file")), fileInput),
    h("div", { class: "field" }, h("label", { class: "label", for: "import-format" }, t("transfer.format")), format),
    h(
      "div",
      { class: "field" },
      h("label", { class: "label", for: "import-me" }, t("transfer.me")),
      me,
      h("p", { class: "fine" }, t("transfer.me_hint")),
    ),
    h("label", { class: "check" }, keepText, " ", t("transfer.keep_text")),
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
    progressText,
    result,
  );
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
      toast(t("transfer.exported", { path: saved.path_display }));
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
