// The contact form holds every field the model has: a contact created with all of them, then
// edited, reads back the same in the form after the window is reloaded (nothing kept only on the
// page), and its page shows them.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { byTestId, eventually, visible, By, openAppWithDemo, invokeIn } from "../helpers.mjs";

let driver;

before(async () => {
  driver = await openAppWithDemo("contact-list");
});

after(async () => {
  await driver?.quit();
});

/** Each field of the form by its name, and what is typed in it (in English, the run's language). */
const CREATED = {
  display_name: "Ottilie Formfield",
  given_name: "Ottilie",
  family_name: "Formfield",
  nickname: "Otti",
  company: "Field & Co",
  role: "Surveyor",
  location: "Lyon",
  how_met: "A climbing course",
  emails: "otti@work.test, otti@home.test",
  phones: "+33 6 12 34 56 78, +33 4 00 00 00 00",
  links: "https://example.org/otti",
  circles: "Climbing, Lyon friends",
  met_on: "6/1/2019",
  birthday: "03/14",
  cadence_days: "21",
  notes: "Prefers calls in the evening.",
};

/** What the form shows for each field once saved and read again. */
const formValues = () =>
  driver.executeScript(`
    const form = document.querySelector("[data-testid=contact-form]");
    const out = {};
    for (const el of form.querySelectorAll("input[name], select[name], textarea[name]")) {
      out[el.name] = el.type === "checkbox" ? el.checked : el.value;
    }
    return out;`);

async function fill(values) {
  for (const [name, text] of Object.entries(values)) {
    const input = await visible(driver, By.css(`[data-testid=contact-form] [name="${name}"]`));
    await input.clear();
    await input.sendKeys(text);
  }
}

async function save() {
  await (await visible(driver, byTestId("cf-save"))).click();
  await eventually(driver, async () => (await driver.findElements(byTestId("contact-form"))).length === 0, "the form closes");
}

/** Reloads the window, then opens the contact's edit form from their page. */
async function reloadAndEdit(id, name) {
  await driver.executeScript("setTimeout(() => location.reload(), 50)");
  await driver.sleep(500);
  const box = await visible(driver, byTestId("search"), 60_000);
  await box.sendKeys(name);
  await eventually(driver, async () => {
    await (await visible(driver, By.css(`[data-testid="contact-row"][data-id="${id}"]`))).click();
    return (await (await visible(driver, byTestId("contact-name"))).getText()) === name;
  }, `${name}'s page`);
  await (await visible(driver, byTestId("contact-edit"))).click();
  await visible(driver, byTestId("contact-form"));
}

test("a contact is created with every field, edited, and after a reload the form shows them all", async () => {
  await (await visible(driver, byTestId("add-contact-button"))).click();
  await visible(driver, byTestId("contact-form"));
  await fill(CREATED);
  await (await visible(driver, By.css("[data-testid=contact-form] [name=closeness]"))).sendKeys("4");
  await (await visible(driver, byTestId("cf-kin"))).click();
  await save();
  const [created] = (await invokeIn(driver, "contact_page", { query: { search: "Ottilie Formfield", limit: 1 } })).contacts;
  const stored = await invokeIn(driver, "get_contact", { id: created.id });
  assert.deepEqual(
    [stored.nickname, stored.company, stored.role, stored.location, stored.how_met, stored.met_on, stored.birthday, stored.cadence_days, stored.closeness, stored.is_kin, stored.notes],
    ["Otti", "Field & Co", "Surveyor", "Lyon", "A climbing course", "2019-06-01", "--03-14", 21, 4, true, "Prefers calls in the evening."],
  );
  assert.deepEqual(stored.emails.map((e) => e.value), ["otti@work.test", "otti@home.test"]);
  assert.deepEqual(stored.phones.map((p) => p.value), ["+33 6 12 34 56 78", "+33 4 00 00 00 00"]);
  assert.deepEqual([...stored.circles].sort(), ["Climbing", "Lyon friends"]);

  await reloadAndEdit(created.id, "Ottilie Formfield");
  const shown = await formValues();
  for (const name of ["display_name", "given_name", "family_name", "nickname", "company", "role", "location", "how_met", "emails", "phones", "links", "cadence_days", "notes"]) {
    assert.equal(shown[name], CREATED[name], `${name} after a reload`);
  }
  assert.equal(shown.closeness, "4");
  assert.equal(shown.is_kin, true);
  assert.ok(shown.met_on && shown.birthday, `both dates shown: ${shown.met_on}, ${shown.birthday}`);

  // Edit: another cadence, one email fewer, no longer kin, a new note.
  await fill({ cadence_days: "45", emails: "otti@home.test", notes: "Moved to Grenoble." });
  await (await visible(driver, byTestId("cf-kin"))).click();
  await save();
  await reloadAndEdit(created.id, "Ottilie Formfield");
  const edited = await formValues();
  assert.deepEqual([edited.cadence_days, edited.emails, edited.notes, edited.is_kin, edited.nickname], ["45", "otti@home.test", "Moved to Grenoble.", false, "Otti"]);
  const again = await invokeIn(driver, "get_contact", { id: created.id });
  assert.deepEqual([again.cadence_days, again.is_kin, again.met_on, again.birthday], [45, false, "2019-06-01", "--03-14"]);
});
