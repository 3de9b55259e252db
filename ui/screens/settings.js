// @ts-check
// The Settings screen (Ctrl+2): appearance (theme, language), the model's every number
// (weights, half-lives, windows, references), Dunbar's layers and their cadences, and where the
// data lives. The model's numbers are checked here first, with messages naming the field in the
// window's language; core checks them again on save (its refusals, in English, are the fallback).

import * as api from "../api.js";
import { ApiError } from "../api.js";
import { t, number, percent, dateTime, date, languageName, languageFor, currentLocale } from "../lib/i18n.js";
import { THEMES, LANGUAGES, themeChoice, setTheme, languageChoice, setLanguage, systemLanguage } from "../lib/prefs.js";
import { coreText } from "../lib/format.js";
import { $, h, icon, dialogOpen } from "../lib/dom.js";
import { toast, showError, formError, messageOf, sentence, savedNotice } from "../lib/notices.js";
import { state } from "../lib/state.js";
import { beginPane, setPane } from "../lib/pane.js";
import { go } from "../lib/events.js";
import { afterWrite } from "../lib/changes.js";
import { DOMAIN } from "../gen/domain.js";
import { isModelUnreadable, modelUnreadableNotice } from "../components/model-unreadable.js";
import { aboutMeasures } from "../components/about-measures.js";
import { calibrationSection, loadCalibrationStatus } from "../components/calibration.js";
import { openRating } from "../components/rate-dialog.js";

// The lists and every field's bound come from core (ui/gen/domain.js), so this form and
// ModelSettings::validate cannot disagree.
const CHANNELS = DOMAIN.channels;
const KINDS = DOMAIN.value_kinds;
const COMPONENTS = DOMAIN.index_components;
const STRENGTH_PARTS = DOMAIN.strength_parts;
/** @type {Map<string, { kind: string, min?: number, max?: number }>} */
const BOUNDS = new Map(DOMAIN.settings.map((b) => [b.path, b]));

/**
 * Core's bound of the setting at `path`, in the form's terms.
 * @param {string} path
 * @returns {{ min?: number, max: number, above?: number, whole?: boolean }}
 */
function bounded(path) {
  const b = BOUNDS.get(path);
  if (!b) throw new Error(`core has no bound for ${path}`);
  if (b.kind === "weight") return { min: 0, max: 100 };
  if (b.kind === "positive") return { above: 0, max: b.max ?? 0 };
  if (b.kind === "range") return { min: b.min ?? 0, max: b.max ?? 0 };
  return { whole: true, min: b.min ?? 0, max: b.max ?? 0 };
}

/**
 * @param {string} path
 * @param {string} label
 * @param {string} about
 */
const weight = (path, label, about) => ({ path, label, about, ...bounded(path), unit: undefined });
/**
 * @param {string} name
 * @param {string} [unit]
 */
const setting = (name, unit = "model.default") => ({
  path: name,
  label: `model.field.${name}`,
  about: `model.about.${name}`,
  ...bounded(name),
  unit,
});
const LAYER_INDEXES = [0, 1, 2, 3];
const CLOSENESS_INDEXES = [0, 1, 2, 3, 4];

/**
 * The settings the screen edits, by their path in core's ModelSettings, grouped as shown.
 * `sum` groups are relative weights (a live share is shown; they cannot all be zero); `grow`
 * groups must increase from field to field.
 */
const MODEL_GROUPS = [
  {
    key: "index",
    section: "model",
    title: "model.index",
    share: "model.share",
    sum: true,
    fields: COMPONENTS.map((c) => weight(`index_weights.${c}`, `component.${c}`, `component_about.${c}`)),
  },
  {
    key: "strength",
    section: "model",
    title: "model.strength",
    share: "model.strength_share",
    sum: true,
    fields: STRENGTH_PARTS.map((p) => weight(`strength_weights.${p}`, `m.part.${p}`, `m.part_about.${p}`)),
  },
  {
    key: "channels",
    section: "model",
    title: "model.channels",
    fields: CHANNELS.map((c) => weight(`channel_weights.${c}`, `channel.${c}`, "model.about.channel")),
  },
  {
    key: "values",
    section: "model",
    title: "model.values",
    fields: KINDS.map((k) => weight(`value_weights.${k}`, `kind.${k}`, "model.about.value")),
  },
  {
    key: "time",
    rows: true,
    section: "model",
    title: "model.time",
    fields: [
      setting("base_half_life_days", "model.default_days"),
      setting("kin_half_life_factor", "model.default_times"),
      setting("window_days", "model.default_days"),
      setting("reply_window_days", "model.default_days"),
      setting("evidence_half_life_days", "model.default_days"),
      setting("question_grace_days", "model.default_days"),
      setting("reach_window_days", "model.default_days"),
    ],
  },
  {
    key: "references",
    rows: true,
    section: "model",
    title: "model.references",
    fields: [
      setting("intensity_reference", "model.default"),
      setting("intimacy_reference", "model.default_touches"),
      setting("services_reference", "model.default"),
      setting("generosity_target", "model.default"),
      setting("generosity_first_bonus", "model.default"),
      setting("reach_reference_posts", "model.default_posts"),
    ],
  },
  {
    key: "touch",
    rows: true,
    section: "model",
    title: "model.touch",
    fields: [
      setting("depth_per_hour", "model.default_per_hour"),
      setting("depth_max_hours", "model.default_hours"),
      setting("group_size_exponent", "model.default_power"),
      setting("fade_half_life_factor", "model.default_times"),
      setting("duration_full_days", "model.default_days"),
    ],
  },
  {
    key: "components",
    rows: true,
    section: "model",
    title: "model.components",
    fields: [
      setting("reciprocity_initiative_share", "model.default_share"),
      setting("reciprocity_tie_exponent", "model.default_power"),
      setting("breadth_exponent", "model.default_power"),
      setting("follow_through_mine_weight", "model.default"),
      setting("follow_through_theirs_weight", "model.default"),
      setting("band_max_interval_width", "model.default_points"),
    ],
  },
  {
    key: "suggestions",
    rows: true,
    section: "model",
    title: "model.suggestions",
    fields: [
      setting("reconnect_ratio_cap", "model.default_times"),
      setting("only_take_min_received", "model.default_items"),
      setting("only_take_max_share", "model.default_share"),
      setting("only_broadcast_min_touches", "model.default_touches"),
      setting("only_broadcast_max_answered", "model.default_share"),
      setting("why_days", "model.default_days"),
      setting("quiet_turn_days", "model.default_days"),
    ],
  },
  {
    key: "layer_sizes",
    section: "cadences",
    title: "model.layer_sizes",
    grow: true,
    fields: LAYER_INDEXES.map((i) => ({
      path: `layer_sizes.${i}`,
      label: "model.layer",
      about: "model.about.layer_size",
      params: { i: i + 1 },
      ...bounded(`layer_sizes.${i}`),
      unit: "model.default_people",
    })),
  },
  {
    key: "layer_cadences",
    section: "cadences",
    title: "model.layer_cadences",
    grow: true,
    fields: LAYER_INDEXES.map((i) => ({
      path: `layer_cadence_days.${i}`,
      label: "model.layer",
      about: "model.about.layer_cadence",
      params: { i: i + 1 },
      ...bounded(`layer_cadence_days.${i}`),
      unit: "model.default_days",
    })),
  },
  {
    key: "closeness",
    rows: true,
    section: "cadences",
    title: "model.closeness",
    fields: [
      ...CLOSENESS_INDEXES.map((i) => ({
        path: `closeness_layers.${i}`,
        label: "model.closeness_of",
        about: "model.about.closeness_layer",
        params: { i: i + 1 },
        ...bounded(`closeness_layers.${i}`),
        unit: "model.default_layer",
      })),
      setting("unstated_layer", "model.default_layer"),
      setting("intimacy_closeness_share", "model.default_share"),
    ],
  },
  {
    key: "rhythm",
    rows: true,
    section: "cadences",
    title: "model.rhythm",
    fields: [
      setting("due_ratio", "model.default_times"),
      setting("overdue_ratio", "model.default_times"),
      setting("rhythm_overdue_ratio", "model.default_times"),
      setting("layer_min_share", "model.default"),
      setting("own_rhythm_min_gaps", "model.default_gaps"),
      setting("own_rhythm_max_gaps", "model.default_gaps"),
      setting("conversation_gap_days", "model.default_days"),
    ],
  },
];

const ALL_FIELDS = MODEL_GROUPS.flatMap((g) => g.fields.map((f) => ({ ...f, group: g })));

const getPath = (obj, path) => path.split(".").reduce((o, key) => o?.[key], obj);

function setPath(obj, path, value) {
  const keys = path.split(".");
  const last = keys.pop();
  keys.reduce((o, key) => o[key], obj)[last] = value;
}

const inputId = (path) => `model-${path.replace(/\./g, "-")}`;
const fieldLabel = (f) => t(f.label, f.params ?? {});

/** Core's refusal to read the saved model, while it cannot: Settings stays open, with the way out. */
/** @type {ApiError | null} */
let unreadable = null;

/** The model's settings as stored, and core's defaults (asked once), into the window's state. A
 * saved model core cannot read leaves `state.settings` empty and is said on the Settings screen. */
export async function loadSettings() {
  const [settings, defaults] = await Promise.all([
    api.getModelSettings().then(
      (value) => ((unreadable = null), value),
      (error) => {
        if (!isModelUnreadable(error)) throw error;
        unreadable = error;
        return null;
      },
    ),
    state.defaults ?? api.defaultModelSettings(),
  ]);
  state.settings = settings;
  state.defaults = defaults;
  // Whether the strengths shown are calibrated: said beside each of them.
  await loadCalibrationStatus();
}

/**
 * Saves core's defaults over a model it cannot read, and shows the form again.
 * @param {HTMLButtonElement} button
 */
async function restoreDefaults(button) {
  button.disabled = true;
  try {
    state.settings = await api.setModelSettings(state.defaults);
    unreadable = null;
    setPane(settingsScreen());
    toast(t("model.restored"));
  } catch (error) {
    showError(error);
    button.disabled = false;
  }
}

/** Shows the screen (Ctrl+2, G then S, the sidebar, the dashboard), with the settings reloaded. */
export async function openSettings() {
  if (dialogOpen()) return;
  await loadSettings();
  beginPane("settings", { busy: false });
  setPane(settingsScreen());
  $("#settings-title").focus();
}

function settingsScreen() {
  /** @type {[string, string, HTMLElement | null][]} */
  const sections = [
    ["appearance", "settings.appearance", appearanceSection()],
    ["reminders", "settings.reminders", remindersSection()],
    ["model", "settings.model", null],
    ["cadences", "settings.cadences", null],
    ["calibration", "settings.calibration", calibrationSection({ reopen: () => reopenAt("calibration"), rate: () => openRating(() => reopenAt("calibration")) })],
    ["data", "settings.data", dataSection()],
  ];
  const form = modelForm();
  const toc = h(
    "nav",
    { class: "settings-toc", "aria-label": t("settings.sections") },
    sections.map(([key, title]) =>
      h(
        "button",
        {
          type: "button",
          class: "btn btn-quiet",
          onclick: () => document.getElementById(`settings-${key}`)?.scrollIntoView({ block: "start", behavior: "smooth" }),
        },
        t(title),
      ),
    ),
  );
  return h(
    "section",
    { class: "sheet settings", "data-testid": "settings" },
    h(
      "header",
      { class: "sheet-head" },
      h("h1", { id: "settings-title", tabindex: "-1" }, t("settings.title")),
      h("p", { class: "lead" }, t("settings.lead")),
    ),
    toc,
    sections[0][2],
    sections[1][2],
    form,
    sections[4][2],
    sections[5][2],
  );
}

/**
 * Draws the settings again (the model's weights changed, or ratings were added) and goes back to
 * the section the user was in.
 * @param {string} key
 */
export async function reopenAt(key) {
  if (state.view !== "settings") return;
  await loadSettings();
  setPane(settingsScreen());
  document.getElementById(`settings-${key}`)?.scrollIntoView({ block: "start" });
}

// ---------------------------------------------------------------------------------------------
// Appearance: theme and language, applied at once

function appearanceSection() {
  const theme = themeChoice();
  const themes = h(
    "div",
    { class: "segmented", role: "radiogroup", "aria-labelledby": "settings-theme-label" },
    THEMES.map((value) =>
      h(
        "label",
        { "data-testid": `theme-${value}` },
        h("input", {
          type: "radio",
          name: "theme",
          value,
          checked: value === theme,
          onchange: () => setTheme(value),
        }),
        h("span", {}, t(`settings.theme.${value}`)),
      ),
    ),
  );

  const language = languageChoice();
  const select = h(
    "select",
    {
      id: "settings-language",
      "data-testid": "settings-language",
      // Every string of the window was built in the old language: start it again in the new one,
      // back on this screen.
      onchange: (event) => {
        setLanguage(event.target.value);
        window.location.hash = "#settings";
        window.location.reload();
      },
    },
    LANGUAGES.map((code) =>
      h(
        "option",
        { value: code, selected: code === language },
        // Each language in its own words, so that someone lost in the wrong one finds theirs.
        code === "system" ? t("settings.language.system", { name: languageName(languageFor(systemLanguage())) }) : endonym(code),
      ),
    ),
  );

  return h(
    "section",
    { class: "card settings-section", id: "settings-appearance", "aria-labelledby": "settings-appearance-title" },
    h("h2", { class: "settings-title", id: "settings-appearance-title" }, t("settings.appearance")),
    h(
      "div",
      { class: "settings-row" },
      h("div", { class: "field" }, h("span", { class: "label", id: "settings-theme-label" }, t("settings.theme")), themes),
      h("div", { class: "field" }, h("label", { class: "label", for: "settings-language" }, t("settings.language")), select),
    ),
    h("p", { class: "fine" }, t("settings.appearance_hint")),
  );
}

// ---------------------------------------------------------------------------------------------
// The daily reminder (src-tauri's notify.rs): one summary of This week a day, at a chosen time,
// while the app runs. Each change is kept at once, as the appearance is.

/** The window's language, in which the summary is written ("en", "fr"). */
const windowLanguage = () => languageFor(currentLocale());

/** "09:00" in the window's language ("9:00 AM", "09:00"). @param {string} hhmm */
function timeLabel(hhmm) {
  const [hours, minutes] = hhmm.split(":").map(Number);
  return new Intl.DateTimeFormat(currentLocale(), { hour: "numeric", minute: "2-digit" }).format(new Date(2000, 0, 1, hours, minutes));
}

/** Every half hour of the day, and `kept` when it is not one of them. @param {string} kept */
function reminderTimes(kept) {
  const times = Array.from({ length: 48 }, (_, i) => `${String(Math.floor(i / 2)).padStart(2, "0")}:${i % 2 ? "30" : "00"}`);
  return times.includes(kept) ? times : [...times, kept].sort();
}

function remindersSection() {
  const body = h("div", { class: "reminders-body", "aria-busy": "true" }, h("p", { class: "fine" }, t("agenda.loading")));
  const section = h(
    "section",
    { class: "card settings-section reminders", id: "settings-reminders", "aria-labelledby": "settings-reminders-title", "data-testid": "reminders" },
    h("h2", { class: "settings-title", id: "settings-reminders-title" }, t("settings.reminders")),
    h("p", { class: "fine" }, t("reminders.lead")),
    body,
  );
  /** @param {any} kept what the shell answered */
  const draw = (kept) => {
    body.removeAttribute("aria-busy");
    const on = h("input", { type: "checkbox", id: "reminders-on", "data-testid": "reminders-on", checked: kept.on });
    const time = h(
      "select",
      { id: "reminders-time", "data-testid": "reminders-time" },
      reminderTimes(kept.time).map((value) => h("option", { value, selected: value === kept.time }, timeLabel(value))),
    );
    const save = async () => {
      try {
        const changed = document.activeElement?.id;
        draw(await api.setReminderSettings({ on: on.checked, time: time.value, lang: windowLanguage() }));
        if (changed) document.getElementById(changed)?.focus();
      } catch (error) {
        showError(error);
      }
    };
    on.addEventListener("change", save);
    time.addEventListener("change", save);
    const test = h(
      "button",
      {
        type: "button",
        class: "btn",
        "data-testid": "reminders-test",
        onclick: async () => {
          try {
            await api.sendTestReminder(windowLanguage());
            toast(t("reminders.test_sent"));
          } catch (error) {
            showError(error);
          }
        },
      },
      t("reminders.test"),
    );
    body.replaceChildren(
      h(
        "div",
        { class: "settings-row" },
        h("label", { class: "check reminders-switch" }, on, h("span", {}, t("reminders.on"))),
        h("div", { class: "field" }, h("label", { class: "label", for: "reminders-time" }, t("reminders.time")), time),
        test,
      ),
      h(
        "p",
        { class: kept.permission === "blocked" ? "form-error reminders-permission" : "fine reminders-permission", "data-testid": "reminders-permission", "data-state": kept.permission },
        t(`reminders.permission.${kept.permission}`),
      ),
      ...(kept.last_day ? [h("p", { class: "fine", "data-testid": "reminders-last" }, t("reminders.last", { day: date(`${kept.last_day}T12:00:00`) }))] : []),
    );
  };
  api
    .reminderSettings()
    .then(draw)
    .catch((error) => {
      body.removeAttribute("aria-busy");
      body.replaceChildren(h("p", { class: "form-error" }, messageOf(error)));
    });
  return section;
}

/**
 * The reminder's side of the window, once at start: a click on the notification shows This week,
 * a notification that could not show is a notice that stays (the shell logs it too), and the
 * summary follows the window's language.
 */
export async function watchReminders() {
  const listen = window.__TAURI__?.event?.listen;
  if (!listen) return;
  await listen("open-this-week", async () => {
    await go({ view: "dashboard" });
    // The dashboard may still be drawn or redrawn (a warm-up after start replaces its cards):
    // the card that shows in the next few seconds takes the focus, until the user acts.
    const focusCard = () => {
      const card = document.querySelector('[data-testid="agenda"]');
      if (!(card instanceof HTMLElement) || document.activeElement === card) return;
      card.setAttribute("tabindex", "-1");
      card.scrollIntoView({ block: "start" });
      card.focus();
    };
    focusCard();
    const watch = new MutationObserver(focusCard);
    watch.observe(document.body, { childList: true, subtree: true });
    const stop = () => {
      watch.disconnect();
      for (const kind of ["keydown", "pointerdown"]) window.removeEventListener(kind, stop, true);
    };
    for (const kind of ["keydown", "pointerdown"]) window.addEventListener(kind, stop, true);
    setTimeout(stop, 5000);
  });
  await listen("notification-failed", (event) => {
    const failed = /** @type {{ failure: { key: string, params: Record<string, unknown>, message: string }, log: string | null }} */ (
      event.payload
    );
    const reason = sentence(coreText(failed.failure.key, failed.failure.params, failed.failure.message));
    const ended = /[.!?…]$/.test(reason) ? reason : `${reason}.`;
    toast(failed.log ? t("reminders.failed", { reason: ended, log: failed.log }) : ended, "error", null, { stay: true });
  });
  const kept = await api.reminderSettings().catch(() => null);
  if (kept?.on && kept.lang !== windowLanguage()) {
    await api.setReminderSettings({ on: kept.on, time: kept.time, lang: windowLanguage() });
  }
}

function endonym(code) {
  const name = new Intl.DisplayNames([code], { type: "language" }).of(code) ?? code;
  return name[0].toLocaleUpperCase(code) + name.slice(1);
}

// ---------------------------------------------------------------------------------------------
// The model and the cadences: one form, saved through core

function modelForm() {
  const about = (f) => t(f.about, { h: number(state.defaults?.base_half_life_days ?? 60), ...(f.params ?? {}) });
  const group = (g) =>
    // A labelled group rather than a fieldset: WebKit pads a fieldset's legend twice.
    h(
      "div",
      { class: "model-group", role: "group", "aria-labelledby": `model-group-${g.key}`, dataset: { group: g.key } },
      h("h3", { class: "model-group-title", id: `model-group-${g.key}` }, t(g.title)),
      h(
        "div",
        // A group of like weights is a compact grid (the hint on hover); a group of settings
        // that each mean something else is a list, each with its hint in words.
        { class: g.rows ? "model-fields model-rows" : "model-fields" },
        g.fields.map((f) => {
          const id = inputId(f.path);
          const hint = g.rows ? h("p", { class: "model-hint", id: `${id}-hint` }, about(f)) : null;
          return h(
            "div",
            { class: "field model-field", dataset: { path: f.path } },
            h("label", { class: "label", for: id, title: about(f) }, fieldLabel(f)),
            hint,
            // Text rather than type=number: WebKit's number field takes neither shows a decimal
            // comma, and a French speaker types 0,25.
            h("input", {
              id,
              name: f.path,
              type: "text",
              autocomplete: "off",
              spellcheck: "false",
              inputmode: f.whole ? "numeric" : "decimal",
              "data-testid": `model-${f.path}`,
              "aria-describedby": hint ? `${id}-hint model-error-${g.key}` : `model-error-${g.key}`,
              oninput: () => updateNotes(form, state.defaults),
            }),
            h(
              "span",
              { class: "field-note" },
              h("span", { class: "model-default" }),
              g.share ? h("span", { class: "model-share", title: t(g.share) }) : null,
            ),
          );
        }),
        // The refusal, under the row of the field it names (which turns red).
        h("p", { class: "field-error", id: `model-error-${g.key}`, role: "alert", "data-testid": `model-error-${g.key}`, hidden: true }),
      ),
    );
  const sectionOf = (key, title, lead) =>
    h(
      "section",
      { class: "card settings-section", id: `settings-${key}`, "aria-labelledby": `settings-${key}-title` },
      h("h2", { class: "settings-title", id: `settings-${key}-title` }, t(title)),
      h("p", { class: "lead" }, t(lead)),
      // The plain-words summary of docs/model.md, which the installed app does not ship.
      key === "model" ? aboutMeasures() : null,
      h("div", { class: "model-groups" }, MODEL_GROUPS.filter((g) => g.section === key).map(group)),
    );

  const save = h("button", { type: "submit", class: "btn btn-primary", id: "model-save", "data-testid": "model-save" }, t("model.save"));
  // A saved model core cannot read: the form shows the defaults, under what is wrong and the
  // button that saves them.
  let broken = null;
  if (unreadable) {
    const restore = h("button", { type: "button", class: "btn btn-primary", "data-testid": "model-restore-defaults" }, t("model.reset"));
    restore.addEventListener("click", () => restoreDefaults(restore));
    broken = h("div", { class: "model-unreadable-box" }, modelUnreadableNotice(unreadable, { button: false }), restore);
  }
  const form = h(
    "form",
    { id: "model-form", class: "settings-model", novalidate: true, "data-testid": "model-form" },
    broken,
    h(
      "div",
      { class: "form-error", role: "alert", "data-testid": "model-error", hidden: true },
      icon("i-alert"),
      h("span", { class: "form-error-text" }),
    ),
    sectionOf("model", "settings.model", "settings.model_lead"),
    sectionOf("cadences", "settings.cadences", "settings.cadences_lead"),
    // Save first, on the left, where the eye starts.
    h(
      "footer",
      { class: "form-actions settings-actions" },
      save,
      h(
        "button",
        {
          type: "button",
          class: "btn",
          id: "model-cancel",
          "data-testid": "model-cancel",
          onclick: () => {
            fill(form, state.settings ?? state.defaults, state.defaults);
            clearErrors(form);
          },
        },
        t("model.cancel"),
      ),
      h("span", { class: "spacer" }),
      h(
        "button",
        {
          type: "button",
          class: "btn btn-quiet",
          id: "model-reset",
          "data-testid": "model-reset",
          onclick: () => {
            fill(form, state.defaults, state.defaults);
            clearErrors(form);
          },
        },
        t("model.reset"),
      ),
    ),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    saveModel(form, save).catch(showError);
  });
  fill(form, state.settings ?? state.defaults, state.defaults);
  return form;
}

const input = (form, path) => form.querySelector(`[name="${path}"]`);

/** The window's decimal separator: "." in English, "," in French. */
const decimalSeparator = () => number(1.5, 1).replace(/\d/g, "");

/** A number as typed in the window's language ("0,25" in French; "0.25" is understood too). */
export function parseNumber(text) {
  let s = String(text).replace(/[\s\u00a0\u202f]/g, "");
  // Where the comma is the decimal separator, "." is one too (a habit from elsewhere); where it
  // is not, a comma only groups thousands.
  s = decimalSeparator() === "," ? s.replace(",", ".") : s.replace(/,/g, "");
  return s === "" ? NaN : Number(s);
}

const showNumber = (value) => String(value).replace(".", decimalSeparator());

function fill(form, settings, defaults) {
  for (const f of ALL_FIELDS) input(form, f.path).value = showNumber(getPath(settings, f.path));
  updateNotes(form, defaults);
}

/** Each field's default, marked when the value differs from it, and each weight's live share. */
function updateNotes(form, defaults) {
  for (const g of MODEL_GROUPS) {
    const values = g.fields.map((f) => parseNumber(input(form, f.path).value));
    const sum = values.reduce((a, v) => a + (Number.isFinite(v) && v > 0 ? v : 0), 0);
    g.fields.forEach((f, i) => {
      const field = form.querySelector(`[data-path="${f.path}"]`);
      const fallback = getPath(defaults, f.path);
      const note = field.querySelector(".model-default");
      note.textContent = t(f.unit ?? "model.default", { value: number(fallback, 2) });
      note.classList.toggle("changed", values[i] !== fallback);
      const share = field.querySelector(".model-share");
      if (share) share.textContent = sum > 0 && values[i] >= 0 ? percent(values[i] / sum) : "";
    });
  }
}

function clearErrors(form) {
  form.querySelector(".form-error").hidden = true;
  for (const el of form.querySelectorAll(".field-error")) el.hidden = true;
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
}

/** Shows what is wrong under the group of `path`, marks its input and takes the focus there. */
function fieldError(form, path, message) {
  const field = form.querySelector(`[data-path="${path}"]`);
  const box = field.closest(".model-group").querySelector(".field-error");
  box.textContent = message;
  box.hidden = false;
  const el = field.querySelector("input");
  el.setAttribute("aria-invalid", "true");
  el.focus();
}

/**
 * The form's values as a ModelSettings, or the first problem as { path, message } naming the
 * field in the window's language. The same rules as core's ModelSettings::validate.
 */
export function readModel(values, base) {
  const next = structuredClone(base);
  const num = (v) => number(v, 2);
  for (const f of ALL_FIELDS) {
    const value = parseNumber(values[f.path] ?? "");
    const field = fieldLabel(f);
    if (!Number.isFinite(value)) return { path: f.path, message: t("model.err.number", { field }) };
    if (f.whole && (!Number.isInteger(value) || value < f.min || value > f.max)) {
      return { path: f.path, message: t("model.err.whole", { field, min: num(f.min), max: num(f.max) }) };
    }
    if (f.above !== undefined && !(value > f.above && value <= f.max)) {
      return { path: f.path, message: t("model.err.positive", { field, max: num(f.max) }) };
    }
    if (f.min !== undefined && !f.whole && !(value >= f.min && value <= f.max)) {
      return { path: f.path, message: t("model.err.range", { field, min: num(f.min), max: num(f.max) }) };
    }
    setPath(next, f.path, value);
  }
  for (const g of MODEL_GROUPS) {
    const vals = g.fields.map((f) => getPath(next, f.path));
    if (g.sum && vals.every((v) => v <= 0)) {
      return { path: g.fields[0].path, message: t("model.err.all_zero", { group: t(g.title) }) };
    }
    const shrink = g.grow ? vals.findIndex((v, i) => i > 0 && v <= vals[i - 1]) : -1;
    if (shrink > 0) return { path: g.fields[shrink].path, message: t("model.err.grow", { group: t(g.title) }) };
  }
  if (next.overdue_ratio < next.due_ratio) {
    const label = (name) => t(`model.field.${name}`);
    return { path: "overdue_ratio", message: t("model.err.overdue", { overdue: label("overdue_ratio"), due: label("due_ratio") }) };
  }
  return { settings: next };
}

async function saveModel(form, save) {
  clearErrors(form);
  const values = Object.fromEntries(ALL_FIELDS.map((f) => [f.path, input(form, f.path).value]));
  const read = readModel(values, state.settings ?? state.defaults);
  if (!read.settings) {
    fieldError(form, read.path, read.message);
    return;
  }
  save.disabled = true;
  try {
    state.settings = await api.setModelSettings(read.settings);
    // Weights set by hand are no longer the calibrated ones.
    await loadCalibrationStatus();
    // Saved, the model is readable again.
    if (unreadable) {
      unreadable = null;
      form.querySelector(".model-unreadable-box")?.remove();
    }
    fill(form, state.settings, state.defaults);
    toast(t("model.saved"));
  } catch (error) {
    showCoreError(form, error);
  } finally {
    save.disabled = false;
  }
}

/** Core's refusal, next to the field it names when it names one. */
function showCoreError(form, error) {
  // Core names the setting in its reason's params ("base_half_life_days"): the sentence then
  // names it by its label, next to its input.
  const name = error instanceof ApiError && error.code === "invalid" ? error.params?.name : null;
  const f = name && ALL_FIELDS.find((x) => x.path === name);
  if (f) {
    fieldError(form, f.path, sentence(coreText(error.key, { ...error.params, name: fieldLabel(f) }, error.message)));
    return;
  }
  formError(form, error);
  if (error instanceof ApiError && error.field === "model") {
    form.querySelector(".form-error-text").textContent = sentence(coreText(error.key, error.params, error.message));
  }
}

// ---------------------------------------------------------------------------------------------
// Data: where the database file is

function dataSection() {
  const path = state.info?.db_path_display ?? "";
  const field = h("input", {
    id: "settings-data-path",
    class: "path",
    "data-testid": "settings-data-path",
    readonly: true,
    value: path,
    onfocus: (event) => event.target.select(),
  });
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(path);
      toast(t("settings.copied"));
    } catch {
      // The webview may refuse the async clipboard; the selection and the old command still work.
      field.select();
      if (document.execCommand("copy")) toast(t("settings.copied"));
      else toast(t("settings.copy_failed"), "error");
    }
  };
  return h(
    "section",
    { class: "card settings-section", id: "settings-data", "aria-labelledby": "settings-data-title" },
    h("h2", { class: "settings-title", id: "settings-data-title" }, t("settings.data")),
    h(
      "div",
      { class: "field" },
      h("label", { class: "label", for: "settings-data-path" }, t("settings.data_file")),
      h(
        "div",
        { class: "settings-path" },
        field,
        h("button", { type: "button", class: "btn", "data-testid": "settings-copy-path", onclick: () => copy() }, icon("i-copy"), t("settings.copy")),
      ),
    ),
    h("p", { class: "fine" }, t("settings.data_hint")),
    backupsBlock(),
    encryptionBlock(),
  );
}

// ---------------------------------------------------------------------------------------------
// Encryption at rest (docs/security.md, section 4): its state, and turning it on, with the
// recovery passphrase shown once

function encryptionBlock() {
  const body = h("div", { class: "encryption-body", "aria-live": "polite" });
  const render = (status) => {
    if (!status.available) {
      body.replaceChildren(h("p", { class: "fine", "data-testid": "encryption-unavailable" }, t("settings.enc_unavailable")));
    } else if (status.encrypted) {
      body.replaceChildren(
        h("p", { class: "encryption-state", "data-testid": "encryption-on" }, icon("i-lock"), t("settings.enc_on")),
        h(
          "p",
          { class: "fine", "data-testid": "encryption-keychain" },
          status.key_in_keychain ? t("settings.enc_keychain") : t("settings.enc_no_keychain"),
        ),
      );
    } else {
      const start = h(
        "button",
        { type: "button", class: "btn", "data-testid": "encryption-enable", onclick: () => confirmEncryption(refresh) },
        t("settings.enc_enable"),
      );
      body.replaceChildren(h("p", { class: "fine", "data-testid": "encryption-off" }, t("settings.enc_off")), h("div", {}, start));
    }
  };
  const refresh = () =>
    api
      .encryptionStatus()
      .then(render)
      .catch((error) => body.replaceChildren(h("p", { class: "form-error" }, messageOf(error))));
  refresh();
  return h(
    "div",
    { class: "field encryption", "data-testid": "encryption" },
    h("h3", { class: "label" }, t("settings.encryption")),
    body,
  );
}

/** The dialog that says what encrypting does and asks before doing it; then the passphrase. */
function confirmEncryption(refresh) {
  if (document.querySelector("dialog[open]")) return;
  const error = h("p", { class: "form-error", role: "alert", hidden: true });
  const busy = h("p", { class: "busy", role: "status", hidden: true }, h("span", { class: "spinner", "aria-hidden": "true" }), h("span", {}, t("settings.enc_busy")));
  const cancel = h("button", { type: "button", class: "btn btn-quiet", onclick: () => dialog.close() }, t("settings.enc_cancel"));
  const go = h("button", { type: "submit", class: "btn btn-primary", "data-testid": "encryption-confirm" }, t("settings.enc_confirm"));
  let working = false;
  const dialog = h(
    "dialog",
    { class: "dialog dialog-small", "data-testid": "encryption-dialog", "aria-labelledby": "encryption-title" },
    h(
      "form",
      {
        method: "dialog",
        onsubmit: async (event) => {
          event.preventDefault();
          working = true;
          go.disabled = cancel.disabled = true;
          busy.hidden = false;
          error.hidden = true;
          try {
            const enabled = await api.enableEncryption();
            working = false;
            dialog.close();
            showPassphrase(enabled, refresh);
          } catch (e) {
            working = false;
            error.textContent = messageOf(e);
            error.hidden = false;
            go.disabled = cancel.disabled = false;
            busy.hidden = true;
            refresh();
          }
        },
      },
      h("header", { class: "dialog-head" }, h("h2", { id: "encryption-title" }, t("settings.enc_title"))),
      h(
        "div",
        { class: "dialog-body" },
        h("p", {}, t("settings.enc_what")),
        h(
          "ul",
          { class: "encryption-points" },
          ["settings.enc_point_key", "settings.enc_point_passphrase", "settings.enc_point_backups", "settings.enc_point_disk"].map((key) =>
            h("li", {}, t(key)),
          ),
        ),
        error,
        busy,
      ),
      h("footer", { class: "form-actions dialog-foot" }, cancel, go),
    ),
  );
  // Escape must not close the dialog while the file is being rewritten.
  dialog.addEventListener("cancel", (event) => {
    if (working) event.preventDefault();
  });
  dialog.addEventListener("close", () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  go.focus();
}

/** The recovery passphrase, shown this once: it closes only once the user says it is stored. */
function showPassphrase(enabled, refresh) {
  const field = h("input", {
    id: "encryption-passphrase",
    class: "passphrase",
    "data-testid": "encryption-passphrase",
    readonly: true,
    value: enabled.recovery_passphrase,
    onfocus: (event) => event.target.select(),
  });
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(enabled.recovery_passphrase);
      toast(t("settings.enc_copied"));
    } catch {
      field.select();
      if (document.execCommand("copy")) toast(t("settings.enc_copied"));
      else toast(t("settings.copy_failed"), "error");
    }
  };
  const done = h("button", { type: "submit", class: "btn btn-primary", "data-testid": "encryption-done", disabled: true }, t("settings.enc_done"));
  const stored = h("input", {
    type: "checkbox",
    id: "encryption-stored",
    "data-testid": "encryption-stored",
    onchange: (event) => (done.disabled = !event.target.checked),
  });
  const dialog = h(
    "dialog",
    // Wide enough for the whole passphrase on one line: it must be read, not scrolled through.
    { class: "dialog dialog-passphrase", "data-testid": "passphrase-dialog", "aria-labelledby": "passphrase-title" },
    h(
      "form",
      {
        method: "dialog",
        onsubmit: (event) => {
          event.preventDefault();
          if (stored.checked) dialog.close();
        },
      },
      h("header", { class: "dialog-head" }, h("h2", { id: "passphrase-title" }, t("settings.enc_passphrase_title"))),
      h(
        "div",
        { class: "dialog-body" },
        h("p", {}, t("settings.enc_passphrase_lead")),
        h(
          "div",
          { class: "field" },
          h("label", { class: "label", for: "encryption-passphrase" }, t("settings.enc_passphrase")),
          h(
            "div",
            { class: "settings-path" },
            field,
            h("button", { type: "button", class: "btn", "data-testid": "encryption-copy", onclick: () => copy() }, icon("i-copy"), t("settings.enc_copy")),
          ),
        ),
        h(
          "p",
          { class: enabled.keychain_error ? "form-error" : "fine", "data-testid": "encryption-keychain-note" },
          enabled.keychain_error ? t("settings.enc_no_keychain_now", { why: enabled.keychain_error }) : t("settings.enc_keychain_now"),
        ),
        h("label", { class: "check check-wrap", for: "encryption-stored" }, stored, h("span", {}, t("settings.enc_stored"))),
      ),
      h("footer", { class: "form-actions dialog-foot" }, done),
    ),
  );
  // Shown once: Escape does not dismiss it before the box is ticked.
  dialog.addEventListener("cancel", (event) => {
    if (!stored.checked) event.preventDefault();
  });
  dialog.addEventListener("close", () => {
    dialog.remove();
    toast(t("settings.enc_enabled"));
    refresh();
  });
  document.body.append(dialog);
  dialog.showModal();
  field.focus();
}

// ---------------------------------------------------------------------------------------------
// Backups: made now or daily by the app, listed newest first, restored after a confirmation

function backupsBlock() {
  const list = h("ul", { class: "backup-list", "data-testid": "backup-list" });
  /** @type {Map<string, HTMLElement>} each row's mark of its quick check, by backup name */
  const marks = new Map();
  const render = (backups) => {
    marks.clear();
    list.replaceChildren(
      ...(backups.length
        ? backups.map((b) => backupRow(b, refresh, marks))
        : [h("li", { class: "fine" }, t("settings.backup_none"))]),
    );
  };
  // The quick check of every backup takes a second or more per large one: the list shows first,
  // each mark when the checks are done.
  const markChecks = () =>
    api.checkBackups().then((checked) => {
      for (const b of checked) {
        const mark = marks.get(b.name);
        if (!mark) continue;
        mark.textContent = t(b.newest_good ? "settings.backup_check.newest_good" : `settings.backup_check.${b.check}`);
        mark.dataset.check = b.newest_good ? "newest_good" : b.check;
      }
    }, showError);
  const refresh = () =>
    api
      .listBackups()
      .then(render)
      .then(markChecks)
      .catch((error) => list.replaceChildren(h("li", { class: "form-error" }, messageOf(error))));
  const now = h(
    "button",
    {
      type: "button",
      class: "btn",
      "data-testid": "backup-now",
      onclick: async () => {
        now.disabled = true;
        try {
          const made = await api.backupNow();
          savedNotice(t("settings.backup_made", { name: made.name }), made);
          await refresh();
        } catch (error) {
          showError(error);
        } finally {
          now.disabled = false;
        }
      },
    },
    t("settings.backup_now"),
  );
  refresh();
  return h(
    "div",
    { class: "field backups" },
    h("div", { class: "backups-head" }, h("h3", { class: "label" }, t("settings.backups")), now),
    h("p", { class: "fine" }, t("settings.backup_hint")),
    list,
  );
}

/**
 * @param {any} backup
 * @param {() => Promise<unknown>} refresh
 * @param {Map<string, HTMLElement>} marks where the row's check mark is put, by name
 */
function backupRow(backup, refresh, marks) {
  const when = new Date(backup.created_at);
  const row = h("li", { class: "backup-row", "data-testid": "backup-row", "data-name": backup.name });
  const mark = h("span", { class: "fine backup-check", "data-testid": "backup-check" });
  marks.set(backup.name, mark);
  const plain = () => {
    row.replaceChildren(
      h("span", { class: "backup-when" }, dateTime(when)),
      h("span", { class: "fine" }, t(`settings.backup_kind.${backup.kind}`), " · ", bytes(backup.size_bytes)),
      mark,
      h("button", { type: "button", class: "btn btn-quiet", "data-testid": "backup-restore", onclick: confirm }, t("settings.restore")),
    );
  };
  const confirm = () => {
    const yes = h(
      "button",
      {
        type: "button",
        class: "btn btn-danger",
        "data-testid": "backup-restore-confirm",
        onclick: async () => {
          yes.disabled = true;
          try {
            const report = await api.restoreBackup(backup.name);
            toast(t("settings.restored", { when: dateTime(when), saved: report.pre_restore_backup.name }));
            // Everything changed: the list and the badge follow the shell's event, and these
            // settings are drawn again once it is heard.
            await afterWrite(() => go({ view: "settings" }));
          } catch (error) {
            showError(error);
            await refresh();
          }
        },
      },
      t("settings.restore_confirm"),
    );
    row.replaceChildren(
      h("span", { class: "backup-ask" }, t("settings.restore_ask", { when: dateTime(when) })),
      yes,
      h("button", { type: "button", class: "btn btn-quiet", onclick: plain }, t("settings.restore_cancel")),
    );
    yes.focus();
  };
  plain();
  return row;
}

function bytes(n) {
  return n >= 1 << 20 ? t("settings.size_mb", { n: number(n / (1 << 20), 1) }) : t("settings.size_kb", { n: number(Math.max(1, Math.round(n / 1024))) });
}
