// Every string the window shows, in one table per language, so a translation is one new table.
// Static text in index.html names its key in data-i18n (text), data-i18n-placeholder,
// data-i18n-title or data-i18n-aria-label; app.js calls t(key, params) for the rest.
// Plural forms are objects keyed by Intl.PluralRules categories ("one", "other", ...).

const en = {
  "app.name": "Rapport",
  "app.tagline": "Your network, measured by what you actually do.",

  "first.title": "Welcome to Rapport",
  "first.lead":
    "Rapport keeps your contacts and what happens between you: who reached out, what you gave and received, which questions are still waiting for an answer.",
  "first.private": "Everything stays on this computer. No account, no network.",
  "first.demo": "Load the demo network",
  "first.demo_hint": "About 150 fictional people and two years of history, to explore right away.",
  "first.empty": "Start empty",
  "first.empty_hint": "Add your first contact and log what you do together.",
  "first.loading": "Loading the demo network…",
  "first.db": "Your data lives in {path}",

  "fatal.title": "Rapport can’t open its database",
  "fatal.hint": "Nothing was changed. Quit Rapport, then fix the cause above or point RAPPORT_DB at another file.",
  "fatal.path": "Database: {path}",

  "side.home": "Overview of your network",
  "side.search": "Search contacts",
  "side.search_label": "Search contacts",
  "side.add": "Add contact",
  "side.add_title": "Add a contact (Ctrl+N)",
  "side.log": "Log interaction",
  "side.count": { one: "{n} contact", other: "{n} contacts" },
  "side.matches": { one: "{n} match", other: "{n} matches" },
  "side.none": "No contacts yet.",
  "side.no_match": "No one matches “{q}”.",
  "side.open_q": { one: "{n} open question", other: "{n} open questions" },
  "side.never": "No contact yet",
  "side.list_label": "Contacts",

  "home.title": "Your network",
  "home.lead": "Pick someone on the left, or log what just happened with Ctrl+K.",
  "home.contacts": "Contacts",
  "home.interactions_30": "Interactions, last 30 days",
  "home.you_owe": "Questions you owe",
  "home.they_owe": "Waiting for their answer",
  "home.recent": "Recent interactions",
  "home.no_recent": "Nothing logged yet. Press Ctrl+K to log your first interaction.",
  "home.owed": "Questions you owe an answer to",
  "home.nothing_owed": "You owe no answers. Well done.",

  "contact.log": "Log interaction",
  "contact.edit": "Edit",
  "contact.archive": "Archive",
  "contact.unarchive": "Restore",
  "contact.archived": "Archived",
  "contact.last": "Last contact",
  "contact.interactions": "Interactions",
  "contact.give_take": "Given · received",
  "contact.open": "You owe · they owe",
  "contact.details": "Details",
  "contact.questions": "Open questions",
  "contact.history": "History",
  "contact.no_history": "Nothing logged with {name} yet.",
  "contact.no_history_cta": "Log an interaction",
  "contact.show_all": "Show all {n}",
  "contact.more_questions": { one: "{n} more", other: "{n} more" },
  "contact.never": "never",
  "contact.since": "In Rapport since {date}",

  "field.display_name": "Name",
  "field.demo": "Demo network",
  "field.company": "Company",
  "field.role": "Role",
  "field.location": "Location",
  "field.emails": "Email",
  "field.phones": "Phone",
  "field.how_met": "How we met",
  "field.circles": "Circles",
  "field.circles_hint": "e.g. family, climbing club",
  "field.closeness": "Closeness",
  "field.notes": "Notes",
  "field.participants": "With",
  "field.channel": "Channel",
  "field.initiated_by": "Who reached out",
  "field.at": "When",
  "field.duration_min": "Minutes",
  "field.summary": "Summary",
  "field.questions": "Question",
  "field.answered_in": "Answer",
  "field.cadence_days": "Keep in touch every (days)",
  "field.birthday": "Birthday",
  "field.met_on": "Met on",

  "closeness.none": "Not rated",
  "closeness.1": "1 · distant",
  "closeness.2": "2",
  "closeness.3": "3",
  "closeness.4": "4",
  "closeness.5": "5 · closest",

  "form.new_title": "Add a contact",
  "form.edit_title": "Edit {name}",
  "form.new_lead": "Only the name is needed; everything else can come later.",
  "form.save_new": "Add contact",
  "form.save_edit": "Save changes",
  "form.cancel": "Cancel",
  "form.required": "required",

  "log.title": "Log an interaction",
  "log.with_placeholder": "Type a name…",
  "log.remove": "Remove {name}",
  "log.me": "I did",
  "log.them": "They did",
  "log.summary_placeholder": "What happened, in a line",
  "log.value": "Value exchanged",
  "log.gave": "I gave",
  "log.received": "I received",
  "log.nothing": "Nothing",
  "log.asked_me": "I asked",
  "log.asked_them": "They asked",
  "log.asked_me_placeholder": "A question you asked them",
  "log.asked_them_placeholder": "A question they asked you",
  "log.answers": "This answers",
  "log.submit": "Log it",
  "log.cancel": "Cancel",
  "log.shortcut": "Ctrl K",
  "log.no_match": "No contact matches “{q}”",
  "log.done": "Logged: {channel} with {names}.",

  "channel.in_person": "In person",
  "channel.call": "Call",
  "channel.video": "Video",
  "channel.email": "Email",
  "channel.message": "Message",
  "channel.social": "Social",
  "channel.event": "Event",
  "channel.letter": "Letter",
  "channel.other": "Other",

  "kind.introduction": "Introduction",
  "kind.advice": "Advice",
  "kind.knowledge": "Knowledge",
  "kind.help": "Help",
  "kind.referral": "Referral",
  "kind.recommendation": "Recommendation",
  "kind.gift": "Gift",
  "kind.other": "Other",

  "item.given": "Gave {kind}",
  "item.received": "Received {kind}",
  "party.me_reached": "You reached out",
  "party.them_reached": "They reached out",
  "party.me_asked": "You asked",
  "party.them_asked": "They asked",
  "question.open": "open",
  "question.answered": "answered",
  "question.asked_ago": "asked {ago}",
  "question.you_owe": "You owe an answer",
  "question.awaiting": "Awaiting their answer",
  "interaction.with": "with {names}",
  "interaction.minutes": "{n} min",

  "toast.close": "Dismiss",
  "toast.added": "Added {name}.",
  "toast.saved": "Saved {name}.",
  "toast.archived": "Archived {name}.",
  "toast.restored": "Restored {name}.",
  "toast.demo": "Loaded the demo network: {contacts} contacts and {interactions} interactions.",
  "error.title": "That didn’t work",
  "error.unknown": "Something went wrong: {detail}",
  "error.no_tauri": "This page must run inside the Rapport app.",
};

const tables = { en };
let locale = "en";
let table = en;
let plurals = new Intl.PluralRules(locale);
// Intl formatters are costly to build and a list of thousands of contacts formats a date per row:
// build each once per locale.
let formatters = new Map();

function formatter(kind, options) {
  const key = `${kind}:${JSON.stringify(options)}`;
  if (!formatters.has(key)) formatters.set(key, new Intl[kind](locale, options));
  return formatters.get(key);
}

export function setLocale(name) {
  if (!tables[name]) return;
  locale = name;
  table = tables[name];
  plurals = new Intl.PluralRules(locale);
  formatters = new Map();
  document.documentElement.lang = name;
}

/** Whether `key` has a string (to fall back gracefully for field names core may add later). */
export function has(key) {
  return key in table || key in en;
}

export function currentLocale() {
  return locale;
}

/** The string for `key` with `{param}` placeholders filled; `params.n` picks a plural form. */
export function t(key, params = {}) {
  let entry = table[key] ?? en[key];
  if (entry === undefined) {
    console.warn(`i18n: missing key ${key}`);
    return key;
  }
  if (typeof entry === "object") {
    entry = entry[plurals.select(params.n ?? 0)] ?? entry.other;
  }
  return entry.replace(/\{(\w+)\}/g, (m, name) => (name in params ? formatParam(params[name]) : m));
}

function formatParam(value) {
  return typeof value === "number" ? value.toLocaleString(locale) : String(value);
}

/** Fills the static text of `root` from its data-i18n* attributes. */
export function translatePage(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll("[data-i18n-title]")) el.title = t(el.dataset.i18nTitle);
  for (const el of root.querySelectorAll("[data-i18n-aria-label]")) {
    el.setAttribute("aria-label", t(el.dataset.i18nAriaLabel));
  }
}

const relative = () => formatter("RelativeTimeFormat", { numeric: "auto" });

/** "today", "yesterday", "3 days ago", "2 weeks ago", "4 months ago"... */
export function ago(when, now = new Date()) {
  const days = Math.round((startOfDay(now) - startOfDay(new Date(when))) / 86_400_000);
  const rtf = relative();
  if (Math.abs(days) < 14) return rtf.format(-days, "day");
  if (Math.abs(days) < 60) return rtf.format(-Math.round(days / 7), "week");
  if (Math.abs(days) < 365) return rtf.format(-Math.round(days / 30.4), "month");
  return rtf.format(-Math.round(days / 365.25), "year");
}

function startOfDay(d) {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** A date and time as people read them: "Thu 20 Nov, 18:30", with the year when it is not this one. */
export function dateTime(when, now = new Date()) {
  const d = new Date(when);
  const opts = { weekday: "short", day: "numeric", month: "short", hour: "numeric", minute: "2-digit" };
  if (d.getFullYear() !== now.getFullYear()) opts.year = "numeric";
  return formatter("DateTimeFormat", opts).format(d);
}

export function date(when) {
  return formatter("DateTimeFormat", { day: "numeric", month: "long", year: "numeric" }).format(new Date(when));
}

/** "Ana, Bob and Chloé" */
export function list(items) {
  return formatter("ListFormat", { style: "long", type: "conjunction" }).format(items);
}
