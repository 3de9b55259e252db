// @ts-check
// The quick log (Ctrl+K or Ctrl+L anywhere; Esc closes): who, by which channel, who started it,
// what was given or received (several items each way, each with a note), questions either way,
// and when; it can also close open questions with these people. The dialog's markup is in
// index.html; the participants field is the shared contact picker, the When field the shared
// date field (components/when-field.js).
//
// "With whom" is never in doubt: the dialog always opens in the With field (a contact opened
// from their page shows as a chip there), a name left typed but not picked is refused rather
// than dropped, and a Summary that is only another contact's name is refused too.
//
// A new person ("Create “X”" in the picker) is added when Save is pressed, then the interaction
// is logged: two writes, and if the second fails the first is undone (the person deleted).

import * as api from "../api.js";
import { ApiError } from "../api.js";
import { t, ago, list, dateTime } from "../lib/i18n.js";
import { $, h, icon, dialogOpen } from "../lib/dom.js";
import { toast, showError, formError } from "../lib/notices.js";
import { state } from "../lib/state.js";
import { go } from "../lib/events.js";
import { afterWrite } from "../lib/changes.js";
import { mark } from "../lib/marks.js";
import { contactPicker } from "../components/picker.js";
import { whenField } from "../components/when-field.js";
import { DOMAIN } from "../gen/domain.js";

// The channels and kinds of value, in core's order (ui/gen/domain.js).
const CHANNELS = DOMAIN.channels;
const KINDS = DOMAIN.value_kinds;

/** @typedef {import("../lib/events.js").Person} Person */
/** @typedef {import("../components/picker.js").Contact} Contact */

// The dialog's parts, found or built once by setupQuickLog; `preselect` holds the questions to
// tick when they show (the quick log opened from one), `initiated` the choice asked for.
/** @type {{ dialog: HTMLDialogElement, form: HTMLFormElement, picker: ReturnType<typeof contactPicker>,
 *   when: ReturnType<typeof whenField>, preselect: Set<number>, initiated: string, reply: { id: number } | null }} */
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
  const picker = contactPicker({
    multiple: true,
    create: true,
    label: t("field.participants"),
    placeholder: t("log.with_placeholder"),
    id: "ql-with",
    testid: "ql-with",
    listId: "ql-suggestions",
    listTestid: "ql-suggestions",
    optionTestid: "ql-option",
    chips: { id: "ql-chips", testid: "ql-chips", chipTestid: "ql-chip" },
    onChange: () => {
      drawInitiators();
      refreshAnswerChoices().catch(showError);
      refreshReply().catch(showError);
    },
  });
  $("#ql-participants").replaceWith(picker.root);
  const when = whenField({ name: "at", testid: "ql-at", emptyMeansNow: true });
  when.input.id = "ql-at-input";
  $("#ql-at").replaceWith(when.root);
  log = { dialog: $("#quick-log"), form: $("#log-form"), picker, when, preselect: new Set(), initiated: "me", reply: null };
  log.form.addEventListener("submit", (event) => {
    event.preventDefault();
    submitQuickLog();
  });
  // Enter in any one-line field saves, as the hint says, without leaning on the browser's implicit
  // submission (WebKit skipped it here when the dialog was opened from a button of Open loops).
  // The picker's own Enter (picking a typed name) comes first and stops it.
  log.form.addEventListener("keydown", (event) => {
    const target = event.target;
    const oneLine = target instanceof HTMLInputElement && !["checkbox", "radio", "button", "submit"].includes(target.type);
    if (event.key !== "Enter" || event.defaultPrevented || event.isComposing || !(oneLine || target instanceof HTMLSelectElement)) return;
    event.preventDefault();
    log.form.requestSubmit();
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
  log.initiated = initiatedBy ?? "me";
  // Drawn again for these people, with the choice asked for (not the last one's).
  $("#ql-initiated").replaceChildren();
  log.picker.reset();
  log.picker.set(prefill);
  resetValueRows();
  radio("channel", state.lastChannel).checked = true;
  log.when.reset();
  log.dialog.showModal();
  /** @type {HTMLElement} */ ($(".dialog-body", log.dialog)).scrollTop = 0;
  // Always in With: the person chosen shows as a chip beside the cursor, and a name typed next
  // adds someone there rather than becoming the summary.
  log.picker.input.focus();
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

/**
 * Who started it: me or them with one person, me or one of them with several (issue 13: a group
 * interaction has one initiator). The choice made survives a redraw when it is still offered.
 */
function drawInitiators() {
  const box = $("#ql-initiated");
  const checked = /** @type {HTMLInputElement | null} */ (box.querySelector("input:checked"));
  if (checked) log.initiated = checked.value;
  const people = log.picker.chosen();
  /** @type {[string, string][]} */
  const choices = [["me", t("log.me")]];
  if (people.length > 1) for (const p of people) choices.push([`c${p.id}`, t("log.them_one", { name: p.display_name })]);
  else choices.push(["them", people.length ? t("log.them_one", { name: firstName(people[0].display_name) }) : t("log.them")]);
  if (people.length > 1 && log.initiated === "them") log.initiated = "me";
  if (people.length <= 1 && log.initiated.startsWith("c")) log.initiated = "them";
  box.replaceChildren(
    ...choices.map(([value, label]) =>
      h(
        "label",
        {},
        h("input", { type: "radio", name: "initiated_by", value, checked: value === log.initiated || null, "data-testid": `ql-by-${value}` }),
        h("span", {}, label),
      ),
    ),
  );
  if (!box.querySelector("input:checked")) /** @type {HTMLInputElement} */ (box.querySelector("input")).checked = true;
}

/** @param {string} name */
const firstName = (name) => name.split(/\s+/)[0];

/** Open questions with the chosen people: ticking one records that this interaction answers it. */
async function refreshAnswerChoices() {
  const ids = stored(log.picker.chosen()).map((c) => c.id);
  const lists = await Promise.all(ids.map((contact) => api.listQuestions({ contact, open_only: true })));
  if (ids.join() !== stored(log.picker.chosen()).map((c) => c.id).join()) return;
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

/**
 * The people already in the database (a new person has no questions, no exchanges yet).
 * @param {Contact[]} people
 */
const stored = (people) => people.filter((c) => !c.isNew);

/**
 * "Reply to": with one person, the latest exchange with them still open (core's
 * reply_candidate), offered as a box to tick; hidden otherwise.
 */
async function refreshReply() {
  const box = $("#ql-reply-box");
  const people = log.picker.chosen();
  const one = people.length === 1 && !people[0].isNew ? people[0].id : null;
  log.reply = null;
  box.hidden = true;
  /** @type {HTMLInputElement} */ ($("#ql-reply")).checked = false;
  if (one == null) return;
  const candidate = await api.replyCandidate(one);
  if (!candidate || log.picker.chosen().length !== 1 || log.picker.chosen()[0].id !== one) return;
  log.reply = candidate;
  const summary = candidate.summary ? ` — ${candidate.summary}` : "";
  $("#ql-reply-text").textContent = `${dateTime(candidate.at)} · ${t(`channel.${candidate.channel}`).toLowerCase()}${summary}`;
  box.hidden = false;
}

/**
 * A row of value given or received: its kind, a note, and a button that removes it (or, on the
 * last row, adds another below).
 * @param {"gave" | "received"} direction
 */
function valueRow(direction) {
  const rows = $(`#ql-${direction}-rows`);
  const kind = h(
    "select",
    { "aria-label": t(direction === "gave" ? "log.gave" : "log.received"), "data-testid": `ql-${direction}`, class: "value-kind" },
    h("option", { value: "" }, t("log.nothing")),
    KINDS.map((k) => h("option", { value: k }, t(`kind.${k}`))),
  );
  const note = h("input", { type: "text", autocomplete: "off", placeholder: t("field.note"), "aria-label": t("field.note"), "data-testid": `ql-${direction}-note`, class: "value-note" });
  const row = h("li", { class: "value-row" }, kind, note);
  const more = h(
    "button",
    {
      type: "button",
      class: "icon-btn value-more",
      "aria-label": t("log.add_item"),
      "data-testid": `ql-${direction}-add`,
      onclick: () => {
        const next = valueRow(direction);
        rows.append(next);
        /** @type {HTMLSelectElement} */ (next.querySelector("select")).focus();
      },
    },
    icon("i-plus"),
  );
  const remove = h(
    "button",
    {
      type: "button",
      class: "icon-btn value-remove",
      "aria-label": t("log.remove_item"),
      onclick: () => {
        // Only rows after the first can go: the first, with its + button, stays.
        row.remove();
        /** @type {HTMLElement | null | undefined} */ (rows.lastElementChild?.querySelector("select"))?.focus();
      },
    },
    icon("i-close"),
  );
  row.append(rows.children.length ? remove : more);
  return row;
}

function resetValueRows() {
  for (const direction of /** @type {const} */ (["gave", "received"])) {
    // Emptied first: a row drawn into an empty list is the first one, with the + button.
    $(`#ql-${direction}-rows`).replaceChildren();
    $(`#ql-${direction}-rows`).append(valueRow(direction));
  }
}

/**
 * The value items of one direction: a row with a kind chosen is an item, its note with it.
 * @param {"gave" | "received"} direction
 */
function valueItems(direction) {
  return Array.from($(`#ql-${direction}-rows`).querySelectorAll("li"), (row) => ({
    kind: /** @type {HTMLSelectElement} */ (row.querySelector("select")).value,
    note: /** @type {HTMLInputElement} */ (row.querySelector("input")).value.trim(),
  })).filter((item) => item.kind);
}

/** @param {string} text */
const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().trim();

/**
 * Refuses what would log the interaction with someone other than meant: a name typed in With but
 * not picked, or a summary that is only the name of another contact (typed there by mistake).
 */
function checkWithWhom() {
  const typed = log.picker.input.value.trim();
  if (typed) throw new ApiError("invalid", t("log.with_unpicked", { name: typed }), "participants");
  const summary = fold(/** @type {HTMLInputElement} */ ($("#ql-summary")).value);
  const chosen = new Set(log.picker.chosen().map((c) => c.id));
  const other = summary && state.contacts.find((c) => fold(c.display_name) === summary && !chosen.has(c.id));
  if (other) throw new ApiError("invalid", t("log.summary_is_name", { name: other.display_name }), "summary");
}

/**
 * The form, as core's NewInteraction; `ids` maps a new person's temporary id to the stored one.
 * @param {string} at
 * @param {Map<number, number>} ids
 */
function readQuickLog(at, ids) {
  /** @param {string} name */
  const field = (name) => /** @type {HTMLInputElement} */ (log.form.elements.namedItem(name));
  const questions = [];
  if (field("asked_me").value.trim()) questions.push({ asked_by: "me", text: field("asked_me").value });
  if (field("asked_them").value.trim()) questions.push({ asked_by: "them", text: field("asked_them").value });
  const duration = field("duration_min").value.trim();
  const by = /** @type {HTMLInputElement | null} */ ($("#ql-initiated").querySelector("input:checked"))?.value ?? "me";
  /** @param {number} id */
  const real = (id) => ids.get(id) ?? id;
  return {
    at,
    channel: field("channel").value || state.lastChannel,
    initiated_by: by === "me" ? "me" : "them",
    // One of several participants, by id (issue 13); null when I started it or with one person.
    initiator: by.startsWith("c") ? real(Number(by.slice(1))) : null,
    in_reply_to: log.reply && /** @type {HTMLInputElement} */ ($("#ql-reply")).checked ? log.reply.id : null,
    participants: log.picker.chosen().map((c) => real(c.id)),
    duration_min: duration ? Math.round(Number(duration)) : null,
    summary: field("summary").value,
    given: valueItems("gave"),
    received: valueItems("received"),
    questions,
    answers: Array.from(log.form.querySelectorAll('input[name="answers"]:checked'), (box) => Number(/** @type {HTMLInputElement} */ (box).value)),
  };
}

/**
 * Adds the new people chosen, then logs the interaction; if logging fails, the people just added
 * are deleted again, so that a refused log leaves nothing behind.
 * @param {string} at
 */
async function logWithNewPeople(at) {
  /** @type {Map<number, number>} */
  const ids = new Map();
  try {
    for (const person of log.picker.chosen().filter((c) => c.isNew)) {
      const added = await api.addContact({ display_name: person.display_name });
      ids.set(person.id, added.id);
    }
    const sent = readQuickLog(at, ids);
    return { sent, logged: await api.logInteraction(sent) };
  } catch (error) {
    for (const id of ids.values()) await api.deleteContact(id).catch(showError);
    throw error;
  }
}

async function submitQuickLog() {
  // From here to "log-refreshed": Save to the screen redrawn (specs/refresh.test.mjs prints it).
  mark("log-save");
  const submit = /** @type {HTMLButtonElement} */ ($("#ql-submit"));
  submit.disabled = true;
  formError(log.form, null);
  try {
    checkWithWhom();
    const at = /** @type {string} */ (log.when.read());
    const { sent, logged } = await logWithNewPeople(at);
    mark("log-written");
    state.lastChannel = logged.channel;
    log.dialog.close();
    // The shell's `changed` event redraws the list, the badge and the screen shown. From the
    // open loops or the posts, stay there; elsewhere, show the person just logged, drawn once
    // the event is heard so that their page is asked for once.
    const stay = state.view === "loops" || state.view === "posts";
    try {
      await afterWrite(stay ? null : () => go({ view: "contact", id: sent.participants[0] }));
      mark("log-refreshed");
    } finally {
      // Said once the screen shows the interaction: a notice laid out before the redraw (the
      // page kept clear of it is measured at once) held it back by 12 to 40 ms on a large network.
      toast(
        t("log.done", {
          channel: t(`channel.${logged.channel}`).toLowerCase(),
          names: list(logged.participants.map((/** @type {Person} */ p) => p.display_name)),
        }),
      );
    }
  } catch (error) {
    formError(log.form, error);
  } finally {
    submit.disabled = false;
  }
}
