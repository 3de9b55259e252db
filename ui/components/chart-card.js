// @ts-check
// Charts: drawn by core as SVG, shown as an image from a data: URL (never as markup in the page,
// which the CSP would refuse anyway), in the theme the window is in, and saved to a file on ask.

import * as api from "../api.js";
import { t } from "../lib/i18n.js";
import { currentTheme } from "../lib/prefs.js";
import { h } from "../lib/dom.js";
import { showError, messageOf, savedNotice } from "../lib/notices.js";

/** The dashboard's charts, and a contact's, in the order of their tabs. */
export const NETWORK_CHARTS = ["index", "layers", "give_take", "follow_through", "calendar", "reactions"];
export const CONTACT_CHARTS = ["contact", "give_take", "follow_through", "calendar"];

/** The window's language as core names it (charts, the demo): their words follow it. */
export function chartLang() {
  return (document.documentElement.lang || "en").toLowerCase().startsWith("fr") ? "fr" : "en";
}

/** The width each card (by its test id) last drew a chart at once laid out. A card drawn again,
 * as a page is after every change, asks for its chart at that width from the start, rather than
 * at 960 and then once more when it sees its own width. */
/** @type {Map<string, number>} */
const shownWidths = new Map();

/**
 * The width the card `testid` was last shown at, or null before it ever was.
 * @param {string} testid
 */
export const chartWidth = (testid) => shownWidths.get(testid) ?? null;

/**
 * Saves the chart on show to a file the user chooses in the Save dialog, and says where.
 * @param {HTMLButtonElement} button
 * @param {{ kind: string, contact: number | null, format: "svg" | "png" }} what
 */
async function saveChart(button, { kind, contact, format }) {
  button.disabled = true;
  try {
    const saved = await api.saveChart({ kind, contact, theme: currentTheme(), lang: chartLang(), format });
    // Null: the user cancelled the Save dialog.
    if (saved) savedNotice(t("chart.saved", { path: saved.path_display }), saved);
  } catch (error) {
    showError(error);
  } finally {
    button.disabled = false;
  }
}

/**
 * A card of charts with one tab each; the image fills in when core has drawn the chosen one.
 * `contact` draws the charts of one contact (`name` is for the image's description). It opens on
 * `kind` (the first tab by default); `drawn`, when given, is that chart already drawn (or why it
 * could not be), so opening costs no call; `drawnWidth` is the width it was drawn at. `onShow` hears
 * each tab the user picks. `updating`: the kinds served as measured before the latest writes while
 * they are measured again (the dashboard's `charts_updating`): their tab says so until the change
 * event that redraws the card.
 * @param {{ kinds: string[], contact?: number | null, name?: string, testid: string, kind?: string,
 *   drawn?: { svg: string | null, error: unknown } | null, drawnWidth?: number, onShow?: (kind: string) => void,
 *   updating?: string[] }} options
 */
export function chartCard({
  kinds,
  contact = null,
  name = "",
  testid,
  kind: first = kinds[0],
  drawn = null,
  drawnWidth = 960,
  onShow = () => {},
  updating = [],
}) {
  const img = h("img", { class: "chart", "data-testid": testid, width: 960, height: 360, alt: "" });
  const hint = h("p", { class: "chart-hint" });
  let seq = 0;
  /** The width the chart on show was asked for. */
  let drawnAt = drawnWidth;
  /** The width to draw at: the image's own once it is laid out, 480 to 960 px; before, the width
   * this card was last shown at. */
  const fittedWidth = () =>
    img.clientWidth ? Math.max(480, Math.min(960, Math.round(img.clientWidth / 40) * 40)) : (chartWidth(testid) ?? 960);
  /** @param {string} svg */
  const draw = (svg) => (img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
  /** @param {unknown} error */
  const fail = (error) => (hint.textContent = t("chart.failed", { message: messageOf(error) }));
  /** @param {string} kind */
  const select = (kind) => {
    for (const tab of tabs.children) tab.setAttribute("aria-selected", String(/** @type {HTMLElement} */ (tab).dataset.kind === kind));
    img.dataset.kind = kind;
    img.alt = t(`chart.alt.${kind}`, { name });
    const behind = updating.includes(kind);
    hint.textContent = behind ? t("chart.updating") : "";
    if (behind) hint.dataset.testid = "chart-updating";
    else delete hint.dataset.testid;
    return ++seq;
  };
  /** @param {string} kind */
  const show = (kind) => {
    const mine = select(kind);
    const width = fittedWidth();
    drawnAt = width;
    if (img.clientWidth) shownWidths.set(testid, width);
    api
      .chartSvg({ kind, contact, theme: currentTheme(), lang: chartLang(), width })
      .then((svg) => mine === seq && draw(svg))
      .catch((error) => mine === seq && fail(error));
  };
  const tabs = h(
    "div",
    { class: "chart-tabs", role: "tablist" },
    kinds.map((kind) =>
      h(
        "button",
        {
          type: "button",
          class: "chart-tab",
          role: "tab",
          "data-testid": `chart-tab-${kind}`,
          dataset: { kind },
          onclick: () => {
            show(kind);
            onShow(kind);
          },
        },
        t(`chart.tab.${kind}`),
      ),
    ),
  );
  /** @param {"svg" | "png"} format */
  const saveButton = (format) =>
    h(
      "button",
      {
        type: "button",
        class: "chart-save",
        "data-testid": `chart-save-${format}`,
        title: t(`chart.save_title.${format}`),
        "aria-label": t(`chart.save_title.${format}`),
        onclick: (/** @type {MouseEvent} */ event) =>
          saveChart(/** @type {HTMLButtonElement} */ (event.currentTarget), { kind: img.dataset.kind ?? kinds[0], contact, format }),
      },
      t(`chart.save.${format}`),
    );
  const save = h("div", { class: "chart-saves" }, saveButton("svg"), saveButton("png"));
  // Drawn at the width it is shown (by steps of 40 px), not shrunk from 960: in a small window a
  // scaled-down picture's labels became too small to read.
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let resized;
  const sized = new ResizeObserver(() => {
    clearTimeout(resized);
    resized = setTimeout(() => {
      // A card taken off the page (its page redrawn after a change) shrinks to 0: it must not ask
      // for a chart nobody sees, nor report that width as the one shown.
      if (!img.isConnected) return sized.disconnect();
      // Only for a real change of size: a scroll bar coming and going must not redraw it forever,
      // and a chart shown within an eighth of its drawn width (960 shown at 880 in the default
      // window) reads as well as redrawn, which would cost a call after every write.
      if (img.clientWidth && Math.abs(fittedWidth() - drawnAt) >= Math.max(80, drawnAt / 8)) show(img.dataset.kind ?? first);
    }, 150);
  });
  sized.observe(img);
  if (!drawn) show(first);
  else {
    select(first);
    if (drawn.svg != null) draw(drawn.svg);
    else fail(drawn.error);
  }
  return h("section", { class: "card chart-card" }, h("div", { class: "chart-bar" }, tabs, save), img, hint);
}
