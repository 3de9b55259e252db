// @ts-check
// Posts & reactions: log a post, then record who reacted and how (a like, a share, a comment and
// whether I replied), or an anonymous count. A reaction's kind and count can be edited; removing
// one can be undone from its notice.
// "Reply…" on a named comment records my reply (dated, with the questions I asked in it) as an
// interaction with the commenter, as `rapport reply` does.

import * as api from "../api.js";
import { t, dateTime, number } from "../lib/i18n.js";
import { $, h, icon, focusFirst } from "../lib/dom.js";
import { toast, showError, formError } from "../lib/notices.js";
import { state } from "../lib/state.js";
import { beginPane, setPane, setPaneInPlace } from "../lib/pane.js";
import { whenField } from "../components/when-field.js";
import { go } from "../lib/events.js";
import { afterWrite } from "../lib/changes.js";
import { contactPicker } from "../components/picker.js";
import { openEditPost, openEditReaction } from "./correct.js";

const KINDS = ["like", "share", "comment"];
/** Posts drawn before "Show more": a heavy user has hundreds. */
const POSTS_SHOWN = 20;

let shown = POSTS_SHOWN;

/**
 * Shows the posts. After a write the shell's `changed` event redraws them where they are
 * (`inPlace`: the scroll and, with `keepFocus`, the focused control stay).
 * @param {{ keepFocus?: boolean, inPlace?: boolean }} [options]
 */
export async function showPosts({ keepFocus = false, inPlace = false } = {}) {
  const seq = beginPane("posts", { busy: !inPlace });
  const posts = await api.listPosts();
  if (seq !== state.paneSeq) return;
  const focused = keepFocus && document.activeElement instanceof HTMLElement ? document.activeElement.dataset.testid : null;
  const platforms = [...new Set(posts.map((p) => p.platform))].sort();
  (inPlace ? setPaneInPlace : setPane)(
    h(
      "article",
      { class: "sheet posts", "data-testid": "posts" },
      h("header", { class: "sheet-head" }, h("h1", {}, t("posts.title")), h("p", { class: "lead" }, t("posts.lead"))),
      postForm(platforms),
      posts.length
        ? h("ol", { class: "post-list", "data-testid": "post-list" }, posts.slice(0, shown).map(postCard))
        : h("p", { class: "empty-note" }, t("posts.none")),
      posts.length > shown
        ? h(
            "button",
            {
              type: "button",
              class: "btn btn-quiet more",
              onclick: () => {
                shown += POSTS_SHOWN;
                showPosts().catch(showError);
              },
            },
            t("posts.more", { n: posts.length - shown }),
          )
        : null,
    ),
  );
  if (focused) focusFirst(`[data-testid="${focused}"]`);
}

function postForm(platforms) {
  const listId = "post-platforms";
  // When it was posted: empty is now (said beside it); an impossible date is refused, a future one asked about.
  const when = whenField({ name: "at", testid: "post-at", emptyMeansNow: true });
  const form = h(
    "form",
    { class: "card post-form", "data-testid": "post-form", novalidate: true },
    h("h2", {}, t("posts.new")),
    h("div", { class: "form-error", role: "alert", hidden: true }, icon("i-alert"), h("span", { class: "form-error-text" })),
    h(
      "div",
      { class: "post-fields" },
      h(
        "label",
        { class: "field" },
        h("span", { class: "label" }, t("posts.platform")),
        h("input", { name: "platform", list: listId, autocomplete: "off", required: true, "data-testid": "post-platform", placeholder: t("posts.platform_hint") }),
        h("datalist", { id: listId }, platforms.map((p) => h("option", { value: p }))),
      ),
      h(
        "label",
        { class: "field post-title-field" },
        h("span", { class: "label" }, t("posts.post_title")),
        h("input", { name: "title", autocomplete: "off", "data-testid": "post-title" }),
      ),
      h(
        "label",
        { class: "field" },
        h("span", { class: "label" }, t("posts.url")),
        h("input", { name: "url", type: "url", autocomplete: "off", "data-testid": "post-url" }),
      ),
      h(
        "label",
        { class: "field" },
        h("span", { class: "label" }, t("posts.when")),
        when.root,
      ),
    ),
    h("div", { class: "form-actions" }, h("button", { type: "submit", class: "btn btn-primary", "data-testid": "post-save" }, t("posts.save"))),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    /** @param {string} name */
    const value = (name) => /** @type {HTMLInputElement} */ (form.elements.namedItem(name)).value;
    formError(form, null);
    try {
      const at = when.read();
      const post = await api.addPost({ platform: value("platform"), title: value("title"), url: value("url").trim() || null, at });
      toast(t("posts.saved", { platform: post.platform }));
      shown = POSTS_SHOWN;
      // Drawn once the shell's `changed` event is heard, from the top, the new post first.
      await afterWrite(() => go({ view: "posts" }));
      focusFirst('[data-testid="post-card"] [data-testid="reaction-pick"]');
    } catch (error) {
      formError(form, error);
    }
  });
  return form;
}

function postCard(post) {
  const totals = Object.fromEntries(KINDS.map((k) => [k, 0]));
  for (const r of post.reactions) totals[r.kind] += r.count;
  const named = post.reactions.filter((r) => r.contact != null);
  const anonymous = post.reactions.filter((r) => r.contact == null);
  return h(
    "li",
    { class: "card post-card", "data-testid": "post-card", dataset: { id: post.id } },
    h(
      "header",
      { class: "post-head" },
      h("span", { class: "chip" }, post.platform),
      h("h2", { class: "post-title" }, post.title || t("posts.untitled")),
      h("span", { class: "muted small" }, dateTime(post.at)),
      h(
        "button",
        { type: "button", class: "btn btn-small btn-quiet post-delete", "data-testid": "post-edit", onclick: () => openEditPost(post) },
        t("correct.edit"),
      ),
      h(
        "button",
        { type: "button", class: "btn btn-small btn-quiet", "data-testid": "post-delete", onclick: () => removePost(post) },
        t("correct.delete"),
      ),
    ),
    post.url ? h("p", { class: "fine path" }, post.url) : null,
    h(
      "p",
      { class: "post-totals", "data-testid": "post-totals" },
      KINDS.map((k) => h("span", { class: `react-total react-${k}` }, t(`posts.total_${k}`, { n: totals[k] }))).flatMap((el, i) => (i ? [" · ", el] : [el])),
    ),
    named.length || anonymous.length
      ? h(
          "ul",
          { class: "reaction-list" },
          named.map((r) => reactionRow(post, r)),
          anonymous.map((r) => reactionRow(post, r)),
        )
      : null,
    reactionForm(post),
  );
}

function reactionRow(post, r) {
  const what = t(`posts.did_${r.kind}`);
  return h(
    "li",
    { class: "reaction", "data-testid": "reaction" },
    r.contact != null
      ? h("button", { type: "button", class: "link", onclick: () => go({ view: "contact", id: r.contact }) }, r.contact_name)
      : h("span", {}, t("posts.others", { n: number(r.count) })),
    h("span", { class: "muted" }, ` ${what}`),
    r.comment ? h("span", { class: "reaction-comment" }, `“${r.comment}”`) : null,
    // Whether I replied, corrected with one click (the shell's `changed` event redraws it).
    r.kind === "comment" && r.contact != null
      ? h(
          "button",
          {
            type: "button",
            class: `badge badge-button ${r.replied ? "badge-ok" : "badge-q"}`,
            "data-testid": "reaction-replied-toggle",
            "aria-pressed": r.replied ? "true" : "false",
            onclick: () => api.editReaction(r.id, { replied: !r.replied }).catch(showError),
          },
          t(r.replied ? "posts.replied" : "posts.not_replied"),
        )
      : null,
    r.kind === "comment" && r.contact != null
      ? h(
          "button",
          {
            type: "button",
            class: "btn btn-small btn-quiet",
            "data-testid": "reaction-reply",
            "aria-expanded": "false",
            onclick: (/** @type {MouseEvent} */ event) => toggleReplyForm(/** @type {HTMLElement} */ (event.currentTarget), r),
          },
          t("posts.reply"),
        )
      : null,
    h(
      "button",
      {
        type: "button",
        class: "icon-btn",
        "data-testid": "reaction-edit",
        "aria-label": t("correct.edit_reaction", { what: r.contact_name ?? t("posts.others", { n: r.count }) }),
        onclick: () => openEditReaction(r),
      },
      icon("i-log"),
    ),
    h(
      "button",
      {
        type: "button",
        class: "icon-btn",
        "data-testid": "reaction-remove",
        "aria-label": t("posts.remove", { what: r.contact_name ?? t("posts.others", { n: r.count }) }),
        onclick: () => removeReaction(r),
      },
      icon("i-close"),
    ),
  );
}

/**
 * Opens (or closes) the form of my reply under a comment: when I replied (empty: now) and the
 * questions I asked in it, one a line. Saved, it is an interaction with the commenter, and the
 * comment reads replied from that date.
 * @param {HTMLElement} button
 * @param {{ id: number, contact_name: string }} r
 */
function toggleReplyForm(button, r) {
  const row = /** @type {HTMLElement} */ (button.closest("li"));
  const open = row.querySelector('[data-testid="reply-form"]');
  if (open) {
    open.remove();
    row.classList.remove("replying");
    button.setAttribute("aria-expanded", "false");
    return;
  }
  const when = whenField({ name: "at", testid: "reply-at", emptyMeansNow: true });
  const asked = /** @type {HTMLTextAreaElement} */ (
    h("textarea", { name: "asked", rows: 2, "data-testid": "reply-asked", placeholder: t("posts.reply_asked_placeholder") })
  );
  const form = h(
    "form",
    { class: "reply-form", "data-testid": "reply-form", novalidate: true },
    h("div", { class: "form-error", role: "alert", hidden: true }, icon("i-alert"), h("span", { class: "form-error-text" })),
    h("label", { class: "field" }, h("span", { class: "label" }, t("posts.reply_when")), when.root),
    h("label", { class: "field" }, h("span", { class: "label" }, t("posts.reply_asked", { name: r.contact_name })), asked),
    h(
      "div",
      { class: "form-actions" },
      h("button", { type: "submit", class: "btn btn-primary btn-small", "data-testid": "reply-save" }, t("posts.reply_save")),
    ),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    formError(form, null);
    try {
      const questions = asked.value.split("\n").map((q) => q.trim()).filter(Boolean);
      await api.replyToComment(r.id, { at: when.read(), asked: questions });
      toast(t("posts.reply_saved", { name: r.contact_name, n: questions.length }));
    } catch (error) {
      formError(form, error);
    }
  });
  row.append(form);
  row.classList.add("replying");
  button.setAttribute("aria-expanded", "true");
  asked.focus();
}

async function removeReaction(r) {
  try {
    const deleted = await api.deleteReaction(r.id);
    // The shell's `changed` event redraws the posts, here and after Undo, which puts the same
    // reaction back (its id too).
    toast(t("posts.removed"), "info", { label: t("toast.undo"), run: () => api.undoDelete(deleted.undo) });
  } catch (error) {
    showError(error);
  }
}

/** Deletes a post with its reactions; the notice can put them back. */
async function removePost(post) {
  try {
    const deleted = await api.deletePost(post.id);
    toast(t("posts.post_deleted", { platform: post.platform }), "info", { label: t("toast.undo"), run: () => api.undoDelete(deleted.undo) });
  } catch (error) {
    showError(error);
  }
}

/** Who reacted: pick a person (Enter adds them with the kind chosen), or give an anonymous count. */
function reactionForm(post) {
  const kind = h(
    "select",
    { "aria-label": t("posts.kind"), "data-testid": "reaction-kind" },
    KINDS.map((k) => h("option", { value: k }, t(`posts.kind_${k}`))),
  );
  const comment = h("input", { type: "text", "aria-label": t("posts.comment"), placeholder: t("posts.comment"), "data-testid": "reaction-comment", hidden: true });
  const replied = h("label", { class: "check", hidden: true }, h("input", { type: "checkbox", "data-testid": "reaction-replied" }), h("span", {}, t("posts.i_replied")));
  kind.addEventListener("change", () => {
    comment.hidden = kind.value !== "comment";
    replied.hidden = kind.value !== "comment";
  });
  const add = async (reaction) => {
    try {
      // The shell's `changed` event redraws the posts where they are, the focus kept.
      await api.addReaction({ post: post.id, kind: kind.value, at: null, ...reaction });
    } catch (error) {
      showError(error);
    }
  };
  const picker = contactPicker({
    label: t("posts.who"),
    testid: "reaction-pick",
    placeholder: t("posts.who_placeholder"),
    onPick: (c) =>
      add({
        contact: c.id,
        count: 1,
        comment: kind.value === "comment" ? comment.value.trim() || null : null,
        replied: kind.value === "comment" && /** @type {HTMLInputElement} */ ($("input", replied)).checked,
      }),
  });
  const count = h("input", { type: "number", min: "1", step: "1", "aria-label": t("posts.count"), placeholder: t("posts.count_placeholder"), class: "react-count", "data-testid": "reaction-count" });
  const addCount = h(
    "button",
    {
      type: "button",
      class: "btn",
      onclick: () => {
        const n = Math.round(Number(count.value));
        if (n >= 1) add({ contact: null, count: n, comment: null, replied: false });
        else count.focus();
      },
    },
    t("posts.add_count"),
  );
  return h("div", { class: "reaction-form" }, h("div", { class: "field" }, h("span", { class: "label" }, t("posts.kind")), kind), picker.root, comment, replied, h("div", { class: "react-anon" }, count, addCount));
}
