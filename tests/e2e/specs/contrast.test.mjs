// Text contrast of both themes, from the colours in ui/styles/ (tokens.css): every text colour on every
// background it is used on must reach WCAG AA, 4.5:1. Needs only node (runs with the e2e specs
// in make test; `node --test specs/contrast.test.mjs` alone prints every ratio).

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

// Every stylesheet index.html links, in its order: the tokens first, the rules that use them after.
const ui = new URL("../../../ui/", import.meta.url);
const html = readFileSync(new URL("index.html", ui), "utf8");
const sheets = [...html.matchAll(/<link rel="stylesheet" href="([\w./-]+\.css)" \/>/g)].map((m) => m[1]);
assert.ok(sheets.length > 0, "index.html links no stylesheet");
const css = sheets.map((href) => readFileSync(new URL(href, ui), "utf8")).join("\n");

/** The custom properties declared in the first rule whose selector is exactly `selector`. */
function variables(selector) {
  const start = css.indexOf(`\n${selector} {`);
  assert.ok(start >= 0, `no "${selector}" rule in ui/styles/`);
  const body = css.slice(start, css.indexOf("\n}", start));
  return Object.fromEntries([...body.matchAll(/--([\w-]+):\s*([^;]+);/g)].map((m) => [m[1], m[2].trim()]));
}

const light = variables(":root");
const themes = { light, dark: { ...light, ...variables(':root[data-theme="dark"]') } };

function rgb(hex) {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  assert.ok(m, `not a #rrggbb colour: ${hex}`);
  return [0, 2, 4].map((i) => parseInt(m[1].slice(i, i + 2), 16));
}

/** WCAG 2 relative luminance of an sRGB colour. */
function luminance([r, g, b]) {
  const lin = (c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function ratio(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

/** color-mix(in srgb, a share%, b). */
const mix = (a, b, share) => a.map((c, i) => Math.round(c * share + b[i] * (1 - share)));

// The channel chips write the channel's colour drawn towards the text colour, on a tint of the
// channel's colour: read both shares from their rule, so the check follows the stylesheet.
const chip = /\n\.chip \{[^}]*?\n {2}color: color-mix\(in srgb, var\(--ch\) (\d+)%, var\(--text\)\);[^}]*?\n {2}background: color-mix\(in srgb, var\(--ch\) (\d+)%, transparent\);/.exec(css);
assert.ok(chip, "the .chip rule's colours are not the color-mix() this check knows");
const [chipText, chipTint] = [Number(chip[1]) / 100, Number(chip[2]) / 100];

// What is written on what, as the stylesheets use the colours. A [colour, background, true] triple is
// a channel chip: its text and its tint, both mixed from the channel's colour.
const PLAIN = ["text", "muted", "faint", "accent", "warn", "danger", "ok"];
const GROUNDS = ["bg", "surface", "surface-2"];
const PAIRS = [
  ...PLAIN.flatMap((fg) => GROUNDS.map((bg) => [fg, bg])),
  ["accent-text", "accent"], // primary buttons
  ["accent-text", "accent-hover"],
  ["accent", "accent-soft"], // the current nav item, the "fair" band, received items
  ["text", "accent-soft"],
  ["warn", "warn-soft"], // the "weak" band
  ["ok", "ok-soft"], // the "strong" band, given items
  ["danger", "danger-soft"], // form errors
  ...["in_person", "call", "video", "email", "message", "social", "event", "letter", "other"].map((ch) => [
    `ch-${ch}`,
    "surface",
    true,
  ]),
];

for (const [name, vars] of Object.entries(themes)) {
  test(`${name} theme: every text colour reaches 4.5:1 on its background`, () => {
    const low = [];
    for (const [fg, bg, isChip] of PAIRS) {
      const colour = rgb(vars[fg]);
      const text = isChip ? mix(colour, rgb(vars.text), chipText) : colour;
      const ground = isChip ? mix(colour, rgb(vars[bg]), chipTint) : rgb(vars[bg]);
      const r = ratio(text, ground);
      const label = isChip ? `a --${fg} chip on --${bg}` : `--${fg} on --${bg}`;
      if (process.env.CONTRAST_VERBOSE) console.log(`${name}: ${label}: ${r.toFixed(2)}`);
      if (r < 4.5) low.push(`${label}: ${r.toFixed(2)} (${vars[fg]} on ${vars[bg]})`);
    }
    assert.deepEqual(low, []);
  });
}

test("the ratio itself: black on white is 21, a colour on itself 1, #767676 on white about 4.54", () => {
  assert.equal(ratio([0, 0, 0], [255, 255, 255]).toFixed(2), "21.00");
  assert.equal(ratio([9, 99, 199], [9, 99, 199]), 1);
  assert.equal(ratio(rgb("#767676"), rgb("#ffffff")).toFixed(2), "4.54");
});
