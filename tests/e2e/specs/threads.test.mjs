// Threads and turns in the real window (issue 13): a burst of my messages is one turn, answered
// by the reply linked to it; the contact's page says so in turns, and before the reply the
// quick log's "reply to" candidate is my latest message.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { byTestId, openAppWithDemo, openContact, invokeIn, textMatching } from "../helpers.mjs";

let driver;

before(async () => {
  driver = await openAppWithDemo("contact-list");
});

after(async () => {
  await driver?.quit();
});

const invoke = (cmd, args = {}) => invokeIn(driver, cmd, args);

test("three messages in a row are one turn, answered by the reply linked to it", async () => {
  const theo = await invoke("add_contact", { fields: { display_name: "Théo Filament" } });
  const day = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
  const mine = [];
  for (const minute of ["10", "12", "15"]) {
    mine.push(
      await invoke("log_interaction", {
        interaction: { at: `${day}T09:${minute}:00Z`, channel: "message", initiated_by: "me", participants: [theo.id] },
      }),
    );
  }
  const offered = await invoke("reply_candidate", { contact_id: theo.id });
  assert.equal(offered.id, mine[2].id, "the latest message of my burst is the one to reply to");

  const reply = await invoke("log_interaction", {
    interaction: {
      at: `${day}T18:00:00Z`, channel: "message", initiated_by: "them", participants: [theo.id],
      in_reply_to: offered.id, summary: "Sounds good",
    },
  });
  assert.equal(reply.in_reply_to, offered.id);

  await openContact(driver, "Théo Filament", theo.id);
  // Read afresh each time: the page is redrawn a moment after the writes above.
  await textMatching(driver, byTestId("measure-conversation"), /100% of your turns answered/);
  await textMatching(driver, byTestId("measure-conversation"), /1 of 1/);
  await textMatching(driver, byTestId("measure-initiative"), /They reached out 1 · you 1/);
});
