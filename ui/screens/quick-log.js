// @ts-check
// The quick log (Ctrl+K or Ctrl+L anywhere; Esc closes): who, by which channel, who reached
// out, when, what was given or received, and questions either way; it can also close open
// questions with these people. The dialog's markup is in index.html; the participants field is
// the shared contact picker.

import * as api from "../api.js";
import { t, ago, list } from "../lib/i18n.js";
import { $, h, dialogOpen } from "../lib/dom.js";
import { toast, showError, formError } from "../lib/notices.js";
import { state } from "../lib/state.js";
import { withOffset, localNow } from "../lib/time.js";
import { go } from "../lib/events.js";
import { afterWrite } from "../lib/changes.js";
import { mark } from "../lib/marks.js";
import { contactPicker } from "../components/picker.js";
import { DOMAIN } from "../gen/domain.js";

// The channels and kinds of value, in core's order (ui/gen/domain.js).
const CHANNELS = DOMAIN.channels;
const KINDS = DOMAIN.value_kinds;

/** @typedef {import("../lib/events.js").Person} Person */

// The dialog's parts, found or built once by setupQuickLog; `preselect` holds the questions to
// tick when they show (the quick log opened from one).
/** @type {{ dialog: HTMLDialogElement, form: HTMLFormElement, picker: ReturnType<typeof contactPicker>, preselect: Set<number> }} */
let log;

/** Fills the dialog's choices and wires it; once, at start. */
export function setupQuickLog() {
  $("#ql-channels").replaceChildren(
    ...CHANNELS.map((c) =>
      h(
        "label",
        { class: `pill ch-${c}` },
        h("input", { type: "radio", name: "channel", value: c, "data-testid": `ql-channel-${c}` }),
        h("span", {}, t(`channel.${c}`)),
      ),
    ),
  );
  for (const select of [$("#ql-gave"), $("#ql-received")]) {
    select.replaceChildren(h("option", { value: "" }, t("log.nothing")), ...KINDS.map((k) => h("option", { value: k }, t(`kind.${k}`))));
  }
  const picker = contactPicker({
    multiple: true,
    label: t("field.participants"),
    placeholder: t("log.with_placeholder"),
    id: "ql-with",
    testid: "ql-with",
    listId: "ql-suggestions",
    listTestid: "ql-suggestions",
    optionTestid: "ql-option",
    chips: { id: "ql-chips", testid: "ql-chips", chipTestid: "ql-chip" },
    onChange: () => refreshAnswerChoices().catch(showError),
  });
  $("#ql-participants").replaceWith(picker.root);
  log = { dialog: $("#quick-log"), form: $("#log-form"), picker, preselect: new Set() };
  log.form.addEventListener("submit", (event) => {
    event.preventDefault();
    submitQuickLog();
  });
  $("#ql-close").addEventListener("click", () => log.dialog.close());
  $("#ql-cancel").addEventListener("click", () => log.dialog.close());
}

/**
 * Opens the quick log, with people already chosen and questions already ticked.
 * @param {import("../lib/events.js").QuickLogRequest} request
 */
export function openQuickLog({ prefill = [], answers = [], initiatedBy = null }) {
  // One dialog at a time: the quick log does not open over the model's settings or the help.
  if (dialogOpen()) return;
  log.form.reset();
  formError(log.form, null);
  log.preselect = new Set(answers.map(Number));
  if (initiatedBy) radio("initiated_by", initiatedBy).checked = true;
  log.picker.reset();
  log.picker.set(prefill);
  radio("channel", state.lastChannel).checked = true;
  /** @type {HTMLInputElement} */ ($("#ql-at")).value = localNow();
  log.dialog.showModal();
  (prefill.length ? $("#ql-summary") : log.picker.input).focus();
}

/**
 * @param {string} name
 * @param {string} value
 * @returns {HTMLInputElement}
 */
const radio = (name, value) => $(`input[name="${name}"][value="${value}"]`, log.form);

/** The person on screen, for Ctrl+K from their page. */
export function prefillFromView() {
  if (state.view !== "contact" || state.selected == null) return [];
  const c = state.contacts.find((x) => x.id === state.selected);
  const name = c?.display_name ?? document.querySelector('[data-testid="contact-name"]')?.firstChild?.textContent;
  return name ? [{ id: state.selected, display_name: name }] : [];
}

/** Open questions with the chosen people: ticking one records that this interaction answers it. */
async function refreshAnswerChoices() {
  const ids = log.picker.chosen().map((c) => c.id);
  const lists = await Promise.all(ids.map((contact) => api.listQuestions({ contact, open_only: true })));
  if (ids.join() !== log.picker.chosen().map((c) => c.id).join()) return;
  /** @type {any[]} */
  const questions = lists.flat();
  $("#ql-answers-box").hidden = !questions.length;
  $("#ql-answers").replaceChildren(
    ...questions.map((q) =>
      h(
        "li",
        {},
        h(
          "label",
          { class: "check" },
          h("input", { type: "checkbox", name: "answers", value: q.id, checked: log.preselect.has(q.id) || null, "data-testid": "ql-answer" }),
          h(
            "span",
            {},
            q.text,
            h("span", { class: "muted" }, ` · ${q.contact_name}, ${(q.asked_by === "me" ? t("party.me_asked") : t("party.them_asked")).toLowerCase()} ${ago(q.asked_at)}`),
          ),
        ),
      ),
    ),
  );
}

/** The form, as core's NewInteraction. */
function readQuickLog() {
  /** @param {string} name */
  const field = (name) => /** @type {HTMLInputElement} */ (log.form.elements.namedItem(name));
  const questions = [];
  if (field("asked_me").value.trim()) questions.push({ asked_by: "me", text: field("asked_me").value });
  if (field("asked_them").value.trim()) questions.push({ asked_by: "them", text: field("asked_them").value });
  const duration = field("duration_min").value.trim();
  const gave = field("gave").value;
  const received = field("received").value;
  return {
    at: withOffset(field("at").value),
    channel: field("channel").value || state.lastChannel,
    initiated_by: field("initiated_by").value || "me",
    participants: log.picker.chosen().map((c) => c.id),
    duration_min: duration ? Math.round(Number(duration)) : null,
    summary: field("summary").value,
    given: gave ? [{ kind: gave }] : [],
    received: received ? [{ kind: received }] : [],
    questions,
    answers: Array.from(log.form.querySelectorAll('input[name="answers"]:checked'), (box) => Number(/** @type {HTMLInputElement} */ (box).value)),
  };
}

async function submitQuickLog() {
  // From here to "log-refreshed": Save to the screen redrawn (specs/refresh.test.mjs prints it).
  mark("log-save");
  const submit = /** @type {HTMLButtonElement} */ ($("#ql-submit"));
  submit.disabled = true;
  formError(log.form, null);
  try {
    await log.picker.pickTyped();
    const interaction = readQuickLog();
    const logged = await api.logInteraction(interaction);
    state.lastChannel = logged.channel;
    log.dialog.close();
    toast(
      t("log.done", {
        channel: t(`channel.${logged.channel}`).toLowerCase(),
        names: list(logged.participants.map((/** @type {Person} */ p) => p.display_name)),
      }),
    );
    // The shell's `changed` event redraws the list, the badge and the screen shown. From the
    // open loops or the posts, stay there; elsewhere, show the person just logged, drawn once
    // the event is heard so that their page is asked for once.
    const stay = state.view === "loops" || state.view === "posts";
    await afterWrite(stay ? null : () => go({ view: "contact", id: interaction.participants[0] }));
    mark("log-refreshed");
  } catch (error) {
    formError(log.form, error);
  } finally {
    submit.disabled = false;
  }
}
