// @ts-check
// "About the measures": the plain-words summary of docs/model.md, in the app itself (the
// installed package ships no docs folder). Each measure said plainly; where it comes from last.

import { t } from "../lib/i18n.js";
import { h } from "../lib/dom.js";

/** The measures it explains, in the order a person meets them. */
const TOPICS = ["index", "strength", "layers", "rhythm", "exchange", "uncertainty", "sources"];

/** A disclosure that opens on the summary: closed at first, so it costs no room. */
export function aboutMeasures() {
  return h(
    "details",
    { class: "about-measures", "data-testid": "about-measures" },
    h("summary", {}, t("about.title")),
    TOPICS.map((topic) => h("section", { class: "about-topic" }, h("h4", {}, t(`about.${topic}.title`)), h("p", {}, t(`about.${topic}`)))),
  );
}
