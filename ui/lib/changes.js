// @ts-check
// Keeping the screen in step with the data. After every write, the window's own or another
// program's (the CLI), the shell sends one `changed` event; api.js hears it and app.js passes it
// here through lib/events.js. Each change gets a number, and each part of the screen (the pane,
// the contact list, the open-loops badge) remembers the number it last asked for its data at. One
// refresh then asks again for exactly the parts a change made stale, so:
// - changes that arrive together (several writes in a row, an import, the CLI) make one refresh;
// - a part drawn after a change, such as the contact the quick log moves to, is not asked for twice;
// - a pane the change does not concern (another contact, a form being filled in) is left alone.

import { writesDone, ownChangeHeard } from "../api.js";
import { state } from "./state.js";
import { mark } from "./marks.js";

/** @typedef {import("../api.js").Change} Change */
/** @typedef {"pane" | "list" | "loops"} Part */

/** The number of the latest change heard. */
let latest = 0;
/** The changes not yet seen by every part, oldest first. */
/** @type {{ n: number, change: Change }[]} */
let recent = [];
/** The change number each part was last asked for at; -1: never drawn. */
/** @type {Record<Part, number>} */
const drawnAt = { pane: -1, list: -1, loops: -1 };

/** @type {(stale: (part: Part) => boolean) => Promise<void>} */
let refresher = async () => {};
/** A refresh waits to run, or runs. */
let scheduled = false;
/** @type {Promise<void> | null} */
let running = null;
/** @type {(() => void)[]} */
let idleWaiters = [];

/**
 * How the screen is refreshed: `refresh(stale)` redraws the parts for which `stale(part)` is true,
 * asked in the order it draws them (a part drawn by another, such as the badge by Open loops, is
 * then fresh). Set once by app.js, the module that knows the screens.
 * @param {(stale: (part: Part) => boolean) => Promise<void>} refresh
 */
export function setRefresher(refresh) {
  refresher = refresh;
}

/**
 * A part of the screen is asking for its data now: whatever changed so far, it will show.
 * @param {Part} part
 */
export function drawing(part) {
  drawnAt[part] = latest;
  const oldest = Math.min(drawnAt.pane, drawnAt.list, drawnAt.loops);
  recent = recent.filter((c) => c.n > oldest);
}

/**
 * Whether what the pane shows depends on `change`: a contact's page on changes to them, the
 * dashboard, Open loops and Posts on any change. Forms (a contact being edited, the settings, an
 * import) are never redrawn under the user's hands.
 * @param {Change} change
 */
function concernsPane(change) {
  if (state.view === "contact") return change.scope === "everything" || change.contacts.includes(state.selected ?? NaN);
  return state.view === "dashboard" || state.view === "loops" || state.view === "posts";
}

/**
 * Whether `part` shows data from before a change that concerns it.
 * @param {Part} part
 */
export function stale(part) {
  if (part !== "pane") return drawnAt[part] < latest;
  return recent.some((c) => c.n > drawnAt.pane && concernsPane(c.change));
}

/**
 * The data changed: numbers the change and schedules one refresh.
 * @param {Change} change
 */
export function noteChange(change) {
  latest++;
  recent.push({ n: latest, change });
  schedule();
}

function schedule() {
  if (scheduled) return;
  scheduled = true;
  (async () => {
    // One refresh at a time: changes heard meanwhile wait for it and make one more.
    if (running) await running;
    // A write on its way may have sent its event before its answer: the screen that wrote
    // decides where to go next once it answers, and that screen is drawn with the change.
    await writesDone();
    // Past the writer's own continuation (its next screen starts there, in this same turn).
    await new Promise((resolve) => setTimeout(resolve, 0));
    scheduled = false;
    const run = refresher(stale).catch(() => {});
    running = run;
    await run;
    running = null;
    if (!scheduled) for (const resolve of idleWaiters.splice(0)) resolve();
  })();
}

/** Resolves once no refresh waits or runs: what is on screen reflects every change heard. */
export function settled() {
  return scheduled || running ? new Promise((/** @type {(v?: unknown) => void} */ resolve) => idleWaiters.push(resolve)) : Promise.resolve();
}

/**
 * After a write of the window's own, resolves once its change has been heard; `go`, if given,
 * then shows the next screen, which is drawn once, with the change. Resolves when the screen is
 * up to date.
 * @param {(() => Promise<unknown>) | null} [next] shows the screen to go to
 */
export async function afterWrite(next = null) {
  await ownChangeHeard();
  mark("write-heard");
  if (next) await next();
  await settled();
}
