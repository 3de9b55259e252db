// The translation tables, without a window: every language has every key, with the same
// {params} and the plural forms its rules need, and French follows French typography. Runs with
// the end-to-end specs (make test) because it needs only node; `node --test specs/i18n.test.mjs`
// runs it alone.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";

import { en, tables, languageFor } from "../../../ui/lib/i18n.js";

const params = (entry) => {
  const forms = typeof entry === "object" ? Object.values(entry) : [entry];
  return [...new Set(forms.flatMap((s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1])))].sort();
};

const others = Object.keys(tables).filter((code) => code !== "en");

test("there is a language besides English", () => {
  assert.ok(others.includes("fr"), `languages: ${Object.keys(tables)}`);
});

for (const code of others) {
  const table = tables[code];

  test(`${code}: every key of the English table, and none it lacks`, () => {
    const missing = Object.keys(en).filter((k) => !(k in table));
    const extra = Object.keys(table).filter((k) => !(k in en));
    assert.deepEqual(missing, [], `keys missing in ${code}`);
    assert.deepEqual(extra, [], `keys in ${code} that English lacks`);
  });

  test(`${code}: the same {params} as English, key by key`, () => {
    const differ = Object.keys(en)
      .filter((k) => k in table)
      .filter((k) => params(en[k]).join() !== params(table[k]).join())
      .map((k) => `${k}: en {${params(en[k])}} ${code} {${params(table[k])}}`);
    assert.deepEqual(differ, []);
  });

  test(`${code}: plural entries where English has them, with the forms ${code} needs`, () => {
    const rules = new Intl.PluralRules(code);
    // Every category the language uses for whole numbers up to a million (French: one, other;
    // "many" only for 1e6 and such, which falls back to "other").
    const needed = [...new Set([0, 1, 2, 5, 11, 21, 101].map((n) => rules.select(n)))];
    const wrong = Object.keys(en)
      .filter((k) => k in table && typeof en[k] === "object")
      .filter((k) => typeof table[k] !== "object" || needed.some((c) => !(c in table[k])))
      .map((k) => k);
    assert.deepEqual(wrong, [], `plural forms needed: ${needed}`);
    const notPlural = Object.keys(table).filter((k) => typeof table[k] === "object" && typeof en[k] !== "object");
    assert.deepEqual(notPlural, []);
  });

  test(`${code}: no entry left empty or in English by mistake`, () => {
    const empty = Object.keys(table).filter((k) =>
      (typeof table[k] === "object" ? Object.values(table[k]) : [table[k]]).some((s) => !s.trim()),
    );
    assert.deepEqual(empty, []);
    // Sentences (four words or more) copied from English untranslated.
    const same = Object.keys(table).filter(
      (k) => typeof en[k] === "string" && en[k] === table[k] && en[k].split(" ").length >= 4,
    );
    assert.deepEqual(same, []);
  });
}

test("fr: a no-break space before : ; ? ! and inside « », never an ordinary one or none", () => {
  const bad = [];
  for (const [key, entry] of Object.entries(tables.fr)) {
    for (const text of typeof entry === "object" ? Object.values(entry) : [entry]) {
      // Skip what is code, not prose: a command line, a key name.
      // A time of day (21:41, 10:52:37, HH:MM) is a format, not a colon of French prose.
      const prose = text.replace(/rapport [a-z]+[^(]*?(?=\(|$)/g, "").replace(/\b(\d{1,2}|HH):(\d{2}|MM)(:\d{2})?\b/g, "");
      if (/[^\u00a0\u202f][:;?!]/u.test(prose.replace(/\(\?\)/g, "")) || /«[^\u00a0\u202f]|[^\u00a0\u202f]»/u.test(prose)) {
        bad.push(`${key}: ${text}`);
      }
      if (/"[^"]*"/.test(text)) bad.push(`${key}: English quotes in ${text}`);
    }
  }
  assert.deepEqual(bad, []);
});

test("a system language picks its table, and an unknown one falls back to English", () => {
  assert.equal(languageFor("fr-FR"), "fr");
  assert.equal(languageFor("fr_CA"), "fr");
  assert.equal(languageFor("en-GB"), "en");
  assert.equal(languageFor("de-DE"), "en");
  assert.equal(languageFor(undefined), "en");
});

test("every key the window names in full (t(\"…\"), data-i18n*) is in the English table", () => {
  const ui = new URL("../../../ui/", import.meta.url);
  const named = new Set();
  // Every folder of modules (lib/, components/, screens/), not the dev tools.
  const files = readdirSync(ui, { recursive: true }).filter((f) => !f.startsWith("dev") && (f.endsWith(".js") || f.endsWith(".html")));
  for (const file of files) {
    const text = readFileSync(new URL(file, ui), "utf8");
    for (const m of text.matchAll(/\bt\("([\w.]+)"/g)) named.add(m[1]);
    for (const m of text.matchAll(/data-i18n(?:-[a-z-]+)?="([\w.]+)"/g)) named.add(m[1]);
  }
  assert.ok(named.size > 100, `only ${named.size} keys found: the scan is broken`);
  assert.deepEqual([...named].filter((k) => !(k in en)), []);
});
