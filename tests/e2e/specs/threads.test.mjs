// Threads and turns in the real window (issue 13): a burst of my messages is one turn, answered
// by the reply linked to it; the contact's page says so in turns, and before the reply the
// quick log's "reply to" candidate is my latest message.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { byTestId, eventually, visible, openAppWithDemo, openContact, invokeIn } from "../helpers.mjs";

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
  const conversation = await visible(driver, byTestId("measure-conversation"));
  await eventually(
    driver,
    async () => {
      const shown = await conversation.getText();
      return shown.includes("100% of your turns answered") && shown.includes("1 of 1") && shown;
    },
    "the conversation is counted in turns: one of mine, answered",
  );
  const initiative = await (await visible(driver, byTestId("measure-initiative"))).getText();
  assert.match(initiative, /They reached out 1 · you 1/, initiative);
});
