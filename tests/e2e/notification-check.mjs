// One pass of scripts/notification-check.sh, in one language: a REAL desktop notification, sent
// from Settings › Daily reminder with the keyboard, seen on the screen and clicked with the mouse.
//
//   node notification-check.mjs LANG OUT_DIR     (LANG: en or fr)
//
// Every key press and the click are real X input (xdotool), as a person would give them; WebDriver
// only reads what the window shows (which element has the focus, what Settings says) so that
// each step is checked, not just photographed. The notification service (dunst) and the session
// bus are the script's; the app runs WITHOUT the test seam (RAPPORT_E2E_DIALOG unset), so the
// notification goes through tauri-plugin-notification and its click through `on_action`.
// Writes OUT_DIR/{settings,bubble,after-click}-LANG.png and exits non-zero on the first failure.

import { execFileSync } from "node:child_process";
import { join } from "node:path";

import { byTestId, eventually, openApp, visible, By } from "./helpers.mjs";

const [lang, outDir] = process.argv.slice(2);
if (!["en", "fr"].includes(lang) || !outDir) throw new Error("usage: node notification-check.mjs en|fr OUT_DIR");

// What the window must say, in its language (ui/lib/i18n*.js).
const WORDS = {
  en: { granted: "The system shows Rapport’s notifications.", sent: "Test notification sent." },
  fr: { granted: "Le système affiche les notifications de Rapport.", sent: "Notification d’essai envoyée." },
}[lang];

const xdotool = (...args) => execFileSync("xdotool", args, { encoding: "utf8" }).trim();
const settle = (ms) => new Promise((r) => setTimeout(r, ms));
const step = (what) => console.log(`notification-check [${lang}]: ${what}`);

function shoot(name) {
  const file = join(outDir, `${name}-${lang}.png`);
  execFileSync("import", ["-window", "root", file]);
  step(`screenshot ${file}`);
}

/** The notification's bubble: dunst's mapped window taller than its 1-pixel strip, or null. */
function bubble() {
  let ids;
  try {
    ids = xdotool("search", "--onlyvisible", "--class", "Dunst");
  } catch {
    return null; // none mapped: xdotool exits 1
  }
  for (const id of ids.split("\n").filter(Boolean)) {
    const shape = Object.fromEntries(
      xdotool("getwindowgeometry", "--shell", id)
        .split("\n")
        .map((line) => line.split("="))
        .map(([k, v]) => [k, Number(v)]),
    );
    if (shape.HEIGHT > 10) return shape;
  }
  return null;
}

const focused = (driver) => driver.executeScript("return document.activeElement?.dataset?.testid ?? null");

const driver = await openApp();
try {
  await visible(driver, byTestId("nvi-value"), 120_000);
  await visible(driver, By.css("[data-testid=agenda] .agenda-body:not([aria-busy])"), 60_000);
  const pageLang = await driver.executeScript("return document.documentElement.lang");
  if (!pageLang.startsWith(lang)) throw new Error(`the window speaks ${pageLang}, not ${lang}`);
  step(`the window is up, in ${pageLang}`);

  // Keyboard only: focus the window, Ctrl+2, Tab to the "Daily reminder" section link, Enter,
  // then Tab on to "Send a test".
  const window = xdotool("search", "--onlyvisible", "--name", "^Rapport$").split("\n")[0];
  xdotool("windowfocus", "--sync", window);
  xdotool("mousemove", "1", "1"); // out of the way: no tooltip on the pictures
  xdotool("key", "ctrl+2");
  await visible(driver, byTestId("reminders-test"));
  xdotool("key", "Tab", "Tab", "Return");
  await eventually(driver, () => driver.executeScript("return document.activeElement?.textContent"), "a section link has the focus");
  for (let presses = 0; (await focused(driver)) !== "reminders-test"; presses++) {
    if (presses > 20) throw new Error("Tab never reached Send a test");
    xdotool("key", "Tab");
    await settle(100);
  }
  const permission = await visible(driver, byTestId("reminders-permission"));
  const state = await permission.getAttribute("data-state");
  const text = await permission.getText();
  step(`Settings says the permission is ${state}: "${text}"`);
  if (state !== "granted" || text !== WORDS.granted) throw new Error(`expected "${WORDS.granted}" (granted)`);
  await settle(500);
  shoot("settings");

  xdotool("key", "Return");
  const shape = await eventually(driver, async () => bubble(), "the notification shows on the screen", 10_000);
  step(`the bubble shows at ${shape.X},${shape.Y} (${shape.WIDTH}x${shape.HEIGHT})`);
  await eventually(
    driver,
    () => driver.executeScript("return Array.from(document.querySelectorAll('.toast-text'), (t) => t.textContent).includes(arguments[0])", WORDS.sent),
    "the window says the test was sent",
  );
  await settle(500);
  shoot("bubble");

  // A left click on the bubble: dunst's mouse_left_click = do_action, close_current invokes the
  // notification's default action, which the plugin reports to the app as `tap`.
  xdotool("mousemove", String(shape.X + Math.floor(shape.WIDTH / 2)), String(shape.Y + Math.floor(shape.HEIGHT / 2)), "click", "1");
  xdotool("mousemove", "1", "1");
  await eventually(driver, async () => (await focused(driver)) === "agenda", "This week has the focus after the click", 10_000);
  if (bubble()) throw new Error("the bubble is still shown after the click");
  step("the click opened This week, focused; the bubble is gone");
  await settle(1000); // the card scrolled into view, smoothly
  shoot("after-click");
} finally {
  await driver.quit();
}
