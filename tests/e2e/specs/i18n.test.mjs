// The translation tables, without a window: every language has every key, with the same
// {params} and the plural forms its rules need, and French follows French typography. Runs with
// the end-to-end specs (make test) because it needs only node; `node --test specs/i18n.test.mjs`
// runs it alone.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";

import { en, tables, languageFor, setLocale, t } from "../../../ui/lib/i18n.js";
import { coreText } from "../../../ui/lib/format.js";

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

// Each sentence of the import preview that carries a count, as the Import screen fills it: in
// every language, for 0, 1 and many, never "1 … s" (a plural form or a count after a colon).
test("every count of the import preview reads right for 0, 1 and many", () => {
  const own = [
    "transfer.records",
    "transfer.errors_n",
    "transfer.warnings_n",
    "transfer.more",
    "transfer.people",
    "transfer.likely",
    "transfer.new_contacts",
    "transfer.merged_n",
    "transfer.new_interactions",
    ...Object.keys(en).filter((k) => k.startsWith("transfer.left.")),
  ];
  // Core's reasons, with the parameters core sends.
  const reasons = (n) => ({
    settings_ignored: { n, names: ["theme.unknown"] },
    values_left_out: { n, list: "emails", max: 50 },
    ragged_row: { n, header: 3 },
    ragged_csv_row: { n, header: 3 },
    future_events_left_out: { n },
    email_automated_left_out: { n },
    email_automated_kept: { n },
    email_questions_fact_only: { n },
    recurring_event: { occurrences: n, future: n },
    recurring_event_past: { occurrences: n },
    recurring_event_endless: { occurrences: n },
    controls_removed: { n, codes: "U+0007" },
    import_refused_more: { first: "row 2: bad", n },
  });
  // The one or two words after a lone 1: none may be a plural ("1 settings", "1 more emails",
  // « 1 autres »); a few words that end in s without being plurals are let through.
  const notPlural = new Set(["is", "was", "has", "its", "this", "sans", "dans", "plus"]);
  const pluralAfterOne = (text) =>
    [...text.matchAll(/(?<![\d.,\u00a0\u202f])1[\s\u00a0\u202f]+(\p{L}+)(?:[\s\u00a0\u202f]+(\p{L}+))?/gu)]
      .flatMap((m) => [m[1], m[2]])
      .filter((w) => w && /[sx]$/.test(w) && !notPlural.has(w));
  try {
    for (const code of Object.keys(tables)) {
      setLocale(code);
      for (const n of [0, 1, 5]) {
        const texts = [
          ...own.map((k) => [k, t(k, { n, format: "vCard", encoding: "UTF-8", records: "", errors: "", warnings: "" })]),
          ...Object.entries(reasons(n)).map(([k, params]) => [k, coreText(k, params, "english fallback")]),
        ];
        for (const [key, text] of texts) {
          assert.ok(!/\{\w+\}|english fallback/.test(text), `${code} ${key} (${n}): ${text}`);
          assert.match(text.replace(/[\u00a0\u202f]/g, " "), new RegExp(`(^|\\D)${n}(\\D|$)`), `${code} ${key} shows its count ${n}: ${text}`);
          if (n === 1) assert.deepEqual(pluralAfterOne(text), [], `${code} ${key}: ${text}`);
        }
      }
    }
    setLocale("en");
    assert.equal(t("transfer.left.pingbacks", { n: 1 }), "1 pingback or trackback");
    assert.equal(t("transfer.left.pingbacks", { n: 5 }), "5 pingbacks or trackbacks");
    assert.equal(coreText("values_left_out", { n: 1, list: "phones", max: 50 }, ""), "phones beyond the 50 a contact keeps, left out: 1");
    setLocale("fr");
    assert.equal(t("transfer.more", { n: 1 }).split(" (")[0], "et 1 autre");
    assert.equal(
      coreText("values_left_out", { n: 1, list: "phones", max: 50 }, ""),
      "numéros de téléphone\u00a0: valeurs au-delà des 50 qu’un contact garde, laissées de côté\u00a0: 1",
    );
  } finally {
    setLocale("en");
  }
});

// A percentage: "2%" in English, with no space; "2\u00a0%" in French, with a no-break one (a
// narrow one too, as Intl writes it) (issue 16: the import's progress read "2 %" in English).
test("a percentage sign follows its number as each language writes it", () => {
  const bad = [];
  for (const [code, table] of Object.entries(tables)) {
    for (const [key, entry] of Object.entries(table)) {
      for (const text of typeof entry === "object" ? Object.values(entry) : [entry]) {
        // A sign after a number or a {param} (a "%" elsewhere is not a percentage).
        for (const m of text.matchAll(/([\d}])(\s*)%/gu)) {
          const spaced = code === "fr" ? ["\u00a0", "\u202f"].includes(m[2]) : m[2] === "";
          if (!spaced) bad.push(`${code} ${key}: ${JSON.stringify(text)}`);
        }
      }
    }
  }
  assert.deepEqual(bad, []);
  try {
    setLocale("en");
    assert.equal(t("transfer.stage.reading", { percent: "2" }), "Reading the file… 2%");
    setLocale("fr");
    assert.equal(t("transfer.stage.reading", { percent: "2" }), "Lecture du fichier… 2\u00a0%");
  } finally {
    setLocale("en");
  }
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

// The Import screen's hint lists what can be imported; it once stopped at the first sources and
// left out email, WhatsApp and blog comments. Each format the menu offers has a word the hint
// must carry, in every language; a new format must add its word here.
test("the Import screen's hint names every source its format menu offers", () => {
  const word = {
    vcard: "vCard",
    google_csv: "Google",
    linkedin_connections: "LinkedIn",
    csv: "CSV",
    ics: ".ics",
    linkedin_messages: "messages.csv",
    json: "JSON",
    email: "mbox",
    whatsapp: "WhatsApp",
    wxr: "WordPress",
    disqus: "Disqus",
  };
  const formats = Object.keys(en)
    .filter((k) => k.startsWith("transfer.format.") && k !== "transfer.format.auto")
    .map((k) => k.slice("transfer.format.".length));
  assert.deepEqual(formats.filter((f) => !(f in word)), [], "formats without a word to look for");
  for (const code of Object.keys(tables)) {
    const hint = tables[code]["transfer.import_hint"];
    const missing = formats.filter((f) => !hint.includes(word[f]));
    assert.deepEqual(missing, [], `${code}: the hint leaves out`);
  }
});
