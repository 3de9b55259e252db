// Import of a WhatsApp chat (issue 16) in the real window: the .zip that "Export chat" writes
// with its media is picked in the Open dialog; the preview says who I am is needed and lists the
// chat's participants; picking one previews the turns; importing them makes the contact, whose
// history then holds the day's turns; a second import adds nothing.
//
// The Open dialog is answered by the shell's test seam ($RAPPORT_E2E_DIALOG, see desktop.test.mjs).

import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { By, byTestId, eventually, importCount, interactionSummaries, invokeIn, openAppWithDemo, openContact, openImport, pickAndPreview, visible } from "../helpers.mjs";

const ANSWER = process.env.RAPPORT_E2E_DIALOG;
const SCRATCH = path.join(process.env.E2E_TMP ?? "/tmp", "import-whatsapp-spec");

let driver;
const invoke = (cmd, args = {}) => invokeIn(driver, cmd, args);

// A group chat from an iPhone: Sam (me), Walt and Wanda; my question on 5 January answered by both.
const CHAT = [
  "\u200e[05/01/2026, 18:00:00] Cousins: \u200eMessages and calls are end-to-end encrypted.",
  "[05/01/2026, 18:01:10] Sam: Dinner on Sunday?",
  "[05/01/2026, 18:03:00] Walt Whatsapp: Yes",
  "[05/01/2026, 18:03:30] Walt Whatsapp: \u200eimage omitted",
  "[05/01/2026, 18:04:00] Wanda Whatsapp: I bring dessert",
  "[13/01/2026, 09:00:00] Walt Whatsapp: Thanks for Sunday",
  "",
].join("\n");

/** CRC-32 of a buffer, as a zip entry carries it. */
function crc32(bytes) {
  let crc = ~0;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

/** A .zip of these [name, bytes] entries, deflated, as WhatsApp writes "with media". */
function zipOf(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const nameBytes = Buffer.from(name, "utf8");
    const packed = zlib.deflateRawSync(data);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(0x0800, 6); // UTF-8 names
    head.writeUInt16LE(8, 8); // deflate
    head.writeUInt32LE(crc32(data), 14);
    head.writeUInt32LE(packed.length, 18);
    head.writeUInt32LE(data.length, 22);
    head.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(head, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += head.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const shown = (id) => importCount(driver, id);

before(async () => {
  assert.ok(ANSWER, "RAPPORT_E2E_DIALOG is not set: run the specs through tests/e2e/run.sh");
  fs.mkdirSync(SCRATCH, { recursive: true });
  driver = await openAppWithDemo("nvi-value");
});

after(async () => {
  fs.rmSync(ANSWER, { force: true });
  fs.rmSync(SCRATCH, { recursive: true, force: true });
  await driver?.quit();
});

test("a WhatsApp .zip asks who I am among its participants, then imports the turns once", async () => {
  const file = path.join(SCRATCH, "WhatsApp Chat - Cousins.zip");
  fs.writeFileSync(file, zipOf([["IMG-20260105-WA0001.jpg", Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])], ["_chat.txt", Buffer.from(CHAT, "utf8")]]));
  await openImport(driver);
  await (await visible(driver, byTestId("import-me"))).clear();
  await pickAndPreview(driver, file);

  // Nobody said who I am: refused, the participants offered.
  const problems = await (await visible(driver, byTestId("import-problems"))).getText();
  assert.match(problems, /say which participant is you/);
  const choices = await driver.findElements(By.css("[data-testid='import-me-choice']"));
  const names = await Promise.all(choices.map((c) => c.getText()));
  assert.deepEqual(names, ["Sam", "Walt Whatsapp", "Wanda Whatsapp"]);
  // Brought to the middle of the pane first: the screen's sticky header would take the click.
  await driver.executeScript("arguments[0].scrollIntoView({ block: 'center' })", choices[0]);
  await choices[0].click();
  await eventually(
    driver,
    async () => (await driver.findElements(By.css("[data-testid='import-me-choice']"))).length === 0 && (await shown("import-interactions_created")) === 4,
    "picking Sam previews again: four turns",
    60_000,
  );
  assert.equal(await (await visible(driver, byTestId("import-me"))).getAttribute("value"), "Sam");
  assert.equal(await shown("import-contacts_created"), 2);
  assert.equal(await shown("import-questions_created"), 2, "my question, asked of each of them");

  const applyButton = await visible(driver, byTestId("import-apply"));
  await driver.executeScript("arguments[0].scrollIntoView({ block: 'center' })", applyButton);
  await applyButton.click();
  const walt = await eventually(
    driver,
    async () => (await invoke("list_contacts", { query: { search: "Walt Whatsapp" } }))[0],
    "Walt is a contact",
    60_000,
  );
  const history = await invoke("list_interactions", { query: { contact: walt.id } });
  // My turn (to both), his two turns (5 and 13 January).
  assert.equal(history.length, 3);

  // His page shows the history: three turns, no message text.
  await openContact(driver, "Walt Whatsapp", walt.id);
  const summaries = () => interactionSummaries(driver);
  await eventually(driver, async () => (await summaries()).length === 3, "his page lists the three turns", 30_000);
  assert.deepEqual(await summaries(), ["WhatsApp: 1 message", "WhatsApp: 2 messages", "WhatsApp: 1 message"]);

  await openImport(driver);
  await (await visible(driver, byTestId("import-me"))).sendKeys("Sam");
  await pickAndPreview(driver, file);
  assert.equal(await shown("import-interactions_created"), 0, "the same chat again adds nothing");
  assert.equal(await shown("import-interactions_duplicate"), 4);
});
