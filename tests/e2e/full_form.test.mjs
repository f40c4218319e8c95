// The whole default form on a phone and on a desktop, the way a screen-reader user does it: every
// step through the accessibility mirror by role and accessible name (getByRole), never by
// coordinates. Two people in the household, a mistake the error summary catches, a change from the
// check page, leaving with a save code and coming back on another device, sending, and the intake
// worker reading it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, PHONE, DESKTOP, UI, formText, servedApp, officeStaff, filesContaining } from './harness.mjs';

const PASSPHRASE = 'staff passphrase for the full form test';
const SHOTS = path.join(ROOT, 'test-results');
const F = formText;

const env = servedApp(officeStaff(PASSPHRASE));
mkdirSync(SHOTS, { recursive: true });

// A screen-reader user's moves: focus a control by role and name, then use the keyboard.
class Reader {
  constructor(page) {
    this.page = page;
    this.pages = 0;     // "Continue" presses: pages completed
    this.actions = 0;   // every activation, choice and field filled
  }

  async heading(name) {
    await this.page.getByRole('heading', { level: 1, name, exact: true }).waitFor({ timeout: 30000 });
  }

  async press(name, role = 'button') {
    const target = this.page.getByRole(role, { name, exact: true });
    await target.waitFor({ state: 'attached', timeout: 30000 });
    await target.focus();
    await this.page.keyboard.press('Enter');
    this.actions++;
  }

  async next() {
    const title = await this.page.evaluate(() => (document.querySelector('#anl-mirror h1') || {}).textContent);
    await this.press(UI['flow.continue']);
    this.pages++;
    // Wait for the next page (or for the error summary on this one).
    await this.page.waitForFunction((t) => {
      const h1 = document.querySelector('#anl-mirror h1');
      return (h1 && h1.textContent !== t) || document.querySelector('#anl-mirror [role="alert"], #anl-mirror div[data-role="alert"]');
    }, title, { timeout: 30000 });
  }

  async fill(label, text) {
    const field = this.page.getByRole('textbox', { name: label, exact: true });
    await field.waitFor({ state: 'attached', timeout: 30000 });
    await field.focus();  // the real editing input takes over from the mirror node
    await this.page.waitForFunction(() => document.activeElement.classList.contains('anl-text'));
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.type(text);
    this.actions++;
  }

  // A radio inside its group: Space checks the focused one.
  async choose(group, option) {
    const radio = this.page.getByRole('radiogroup', { name: group, exact: true }).getByRole('radio', { name: option, exact: true });
    await radio.waitFor({ state: 'attached', timeout: 30000 });
    await radio.focus();
    await this.page.keyboard.press('Space');
    await this.page.waitForFunction((el) => el.checked, await radio.elementHandle());
    this.actions++;
  }

  async tick(group, option) {
    const box = this.page.getByRole('group', { name: group, exact: true }).getByRole('checkbox', { name: option, exact: true });
    await box.waitFor({ state: 'attached', timeout: 30000 });
    await box.focus();
    await this.page.keyboard.press('Space');
    await this.page.waitForFunction((el) => el.checked, await box.elementHandle());
    this.actions++;
  }
}

async function newDevice(profile) {
  const opened = await env.open(profile, '/', { acceptDownloads: true });
  return { ...opened, reader: new Reader(opened.page) };
}

for (const [device, profile] of [['phone', PHONE], ['desktop', DESKTOP]])
test(`${device}, screen-reader style: the whole social-assistance form, with household, mistake, change, save and return`, async () => {
  const yes = UI['choice.yes'], no = UI['choice.no'], unknown = UI['choice.unknown'];
  const first = await newDevice(profile);
  let r = first.reader;
  await r.heading(F('title'));
  await r.press(UI['start.button']);
  await r.heading(UI['device.title']);
  await r.choose(UI['device.label'], UI['device.own']);
  await r.next();

  await r.heading(F('page.name.title'));
  const stepText = await first.page.evaluate(() => window.anl.widgets.find((w) => w.id === 'step').label);
  assert.match(stepText, /^Schritt 1 von \d+$/);
  await r.fill(F('first_name.label'), 'Zoë');
  await r.fill(F('last_name.label'), 'Müller-Ağaoğlu');
  await r.next();

  // A mistake: the 13th month. The error summary takes focus and names the problem.
  await r.fill(F('birth_date.label'), '31.13.1985');
  await r.next();
  await first.page.locator('#anl-mirror').getByText(UI['error.summary_title'], { exact: true }).waitFor({ state: 'attached' });
  await first.page.waitForFunction((t) => document.activeElement && document.activeElement.getAttribute('role') === 'alert' &&
    document.activeElement.querySelector('h2').textContent === t, UI['error.summary_title']);
  const dateError = UI['error.date.month'].replace('{month}', '13');  // "Es gibt keinen Monat 13. ..."
  await first.page.getByRole('link', { name: dateError, exact: true }).waitFor({ state: 'attached' });
  assert.equal(await first.page.getByRole('textbox', { name: F('birth_date.label') }).getAttribute('aria-invalid'), 'true');
  await r.fill(F('birth_date.label'), '31.03.1985');
  await r.next();

  await r.heading(F('page.contact.title'));
  await r.next(); // phone and e-mail are optional
  await r.fill(F('street.label'), 'Langstrasse 1');
  await r.fill(F('postcode.label'), '8004');
  await r.fill(F('town.label'), 'Zürich');
  await r.next();
  await r.next(); // AHV number: optional
  await r.choose(F('nationality.label'), F('nationality.eu_efta'));
  await r.fill(F('nationality_country.label'), 'Portugal');  // appears once "EU/EFTA" is chosen
  await r.next();
  await r.choose(F('permit.label'), F('permit.b'));  // asked only of people who are not Swiss
  await r.next();
  await r.choose(F('marital_status.label'), F('marital_status.married'));
  await r.next();
  await r.choose(F('lives_with_others.label'), F('lives_with_others.yes'));
  await r.next();

  // Household: two people, each on their own page, listed with change and remove.
  const person = (n) => F('household.item_label').replace('{number}', String(n));
  await r.press(UI['repeat.add'].replace('{item}', person(1)));
  await r.heading(person(1));
  await r.fill(F('member_name.label'), 'Ana');
  await r.fill(F('member_birth_date.label'), '02.03.2015');
  await r.choose(F('member_relation.label'), F('member_relation.child'));
  await r.choose(F('member_in_school.label'), yes);
  await r.next();
  await r.press(UI['repeat.add'].replace('{item}', person(2)));
  await r.heading(person(2));
  await r.fill(F('member_name.label'), 'Rui');
  await r.fill(F('member_birth_date.label'), '1984-12-31');
  await r.choose(F('member_relation.label'), F('member_relation.partner'));
  await r.choose(F('member_has_income.label'), no);
  await r.next();
  await first.page.getByRole('link', { name: UI['repeat.remove_named'].replace('{item}', person(2)) }).waitFor({ state: 'attached' });
  await r.next();

  await r.choose(F('living_situation.label'), F('living_situation.tenant'));
  await r.next();
  await r.fill(F('rent_amount.label'), "1'450.50");
  await r.fill(F('utilities_amount.label'), '150');
  await r.next();
  await r.tick(F('employment_status.label'), F('employment_status.employed'));
  await r.next();
  await r.fill(F('wage_amount.label'), "2'100");
  await r.next();
  await r.tick(F('other_income.label'), F('other_income.none'));
  await r.next();
  await r.fill(F('cash_and_bank.label'), '120');
  await r.next();
  await r.choose(F('vehicle.label'), F('vehicle.no'));
  await r.choose(F('other_assets.label'), no);
  await r.next();
  await r.choose(F('health_insured.label'), yes);
  await r.fill(F('insurer.label'), 'Helsana');
  await r.choose(F('premium_reduction.label'), unknown);

  // Own device: the answers so far are in browser storage, but only as ciphertext.
  const stored = await first.page.evaluate(() => JSON.stringify(Object.assign({}, localStorage)));
  assert.ok(stored.length > 100, 'a draft is kept on the device');
  for (const typed of ['Zoë', 'Ağaoğlu', 'Langstrasse', 'Portugal', 'Ana', 'Rui', '1450'])
    assert.ok(!stored.includes(typed), `"${typed}" is not readable in browser storage`);

  // Leave: "save and continue later" gives a code; finish clears the screen.
  await r.press(UI['save.button']);
  await first.page.getByRole('heading', { name: UI['save.title'] }).or(first.page.getByText(UI['save.title'])).first()
    .waitFor({ state: 'attached', timeout: 30000 });
  const code = await first.page.evaluate(() => window.anl.widgets.find((w) => w.id === 'saved').value);
  assert.match(code, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/, 'the case code: the same code later opens the case');
  await first.page.screenshot({ path: path.join(SHOTS, `full-form-saved-${device}.png`) });
  const reloaded = first.page.waitForEvent('load');
  await r.press(UI['save.finish']);
  await reloaded;                                           // a fresh page on its start page
  await r.heading(F('title'));
  const counted = { pages: r.pages, actions: r.actions };
  assert.deepEqual(first.errors, []);
  await first.context.close();

  // Come back on another device with nothing but the code, typed loosely (lower case, spaces).
  const second = await newDevice(profile);
  r = second.reader;
  r.pages = counted.pages;
  r.actions = counted.actions;
  await r.heading(F('title'));
  await r.press(UI['start.code_button']);
  await r.heading(UI['code.title']);
  await r.fill(UI['code.label'], code.toLowerCase().replace(/-/g, ' '));
  await r.next();
  await r.heading(F('page.health_insurance.title'));
  assert.equal(await second.page.getByRole('textbox', { name: F('insurer.label') }).inputValue(), 'Helsana');
  await r.next();
  await r.fill(F('iban.label'), 'ch93 0076 2011 6238 5295 7');
  await r.next();
  await r.choose(F('gets_support.label'), no);
  await r.next();

  // The one required document: a photo of the ID, through the file picker.
  const marker = `ANL-FULL-FORM-${randomBytes(8).toString('hex')}`;
  const photo = Buffer.concat([Buffer.from(`\xff\xd8\xff\xe0 ${marker} `), randomBytes(60_000)]);
  const [chooser] = await Promise.all([second.page.waitForEvent('filechooser'), r.press(UI['form.document.add'])]);
  await chooser.setFiles({ name: 'Ausweis vorne.jpg', mimeType: 'image/jpeg', buffer: photo });
  await second.page.getByRole('link', { name: UI['form.document.remove_named'].replace('{name}', 'Ausweis vorne.jpg') })
    .waitFor({ state: 'attached' });
  await r.next();
  // Optional documents (lease, pay slips, bank statements, insurance policy) and the last page.
  while (!(await second.page.getByRole('heading', { level: 1, name: UI['check.title'] }).count())) {
    await r.next();
    assert.ok(r.pages < 80, 'the form ends');
  }

  // Check your answers: everything is there; change the rent and come straight back.
  const row = async (id) => second.page.evaluate((wid) => (window.anl.widgets.find((w) => w.id === wid) || {}).value, id);
  assert.equal(await row('check.first_name'), 'Zoë');
  assert.equal(await row('check.household[1].member_name'), 'Rui');
  assert.equal(await row('check.rent_amount'), "CHF\u00a01'450.50");
  assert.equal(await row('check.iban'), 'ch93 0076 2011 6238 5295 7'.replaceAll(' ', '\u00a0')); // as typed, unbreakable; staff get it normalised
  await r.press(UI['check.change_named'].replace('{item}', F('rent_amount.label')), 'link');
  await r.fill(F('rent_amount.label'), '1500');
  await r.press(UI['flow.save_and_check']);
  await r.heading(UI['check.title']);
  assert.equal(await row('check.rent_amount'), "CHF\u00a01'500.00");
  await second.page.screenshot({ path: path.join(SHOTS, `full-form-check-${device}.png`), fullPage: false });

  await r.press(UI['check.send']);
  await second.page.waitForFunction(() => window.anl.widgets.some((w) => w.id === 'confirmation'), null, { timeout: 60000 });
  const reference = await second.page.evaluate(() => window.anl.widgets.find((w) => w.id === 'confirmation').value);
  assert.match(reference, /^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  // One code: the case code on the confirmation is the code the answers were saved with.
  assert.equal(await second.page.evaluate(() => window.anl.widgets.find((w) => w.id === 'case-code').value), code);
  // The draft is gone from the server and the device once the application is sent.
  assert.equal(await second.page.evaluate(() => localStorage.length), 0);
  console.log(`# full form on a ${device}, typical path: ${r.pages} pages, ${r.actions} actions (fields, choices, buttons)`);
  assert.deepEqual(second.errors, []);
  await second.context.close();

  // The server holds none of it readably.
  for (const needle of ['Müller', 'Ağaoğlu', 'Langstrasse', 'Helsana', marker])
    assert.deepEqual(filesContaining(env.server.data, Buffer.from(needle, 'utf8')), [], `"${needle}" in server files`);

  // The intake worker opens it: labelled answers, the household, the changed rent, the photo.
  const staffContext = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const staff = await staffContext.newPage();
  await staff.goto(env.server.url + '/staff');
  await staff.getByRole('textbox', { name: UI['staff.login.name'] }).focus();
  await staff.waitForFunction(() => document.activeElement.classList.contains('anl-text'));
  await staff.keyboard.type('worker');
  await staff.getByRole('textbox', { name: UI['staff.login.passphrase'] }).focus();
  await staff.waitForFunction(() => document.activeElement.classList.contains('anl-text'));
  await staff.keyboard.type(PASSPHRASE);
  await staff.keyboard.press('Enter');  // submits, as in an HTML form: signs in
  const open = staff.getByRole('button', { name: new RegExp(`^${reference}`) });
  await open.waitFor({ state: 'attached', timeout: 30000 });
  await open.focus();
  await staff.keyboard.press('Enter');
  await staff.waitForFunction(() => window.anl.widgets.some((w) => w.id === 'answer.first_name'), null, { timeout: 30000 });
  const answer = (id) => staff.evaluate((wid) => (window.anl.widgets.find((w) => w.id === wid) || {}).value, id);
  assert.equal(await answer('answer.first_name'), 'Zoë');
  assert.equal(await answer('answer.last_name'), 'Müller-Ağaoğlu');
  assert.equal(await answer('answer.birth_date'), '31.03.1985');
  assert.equal(await answer('answer.household[0].member_name'), 'Ana');
  assert.equal(await answer('answer.household[1].member_birth_date'), '31.12.1984');
  assert.equal(await answer('answer.rent_amount'), "CHF\u00a01'500.00");
  assert.equal(await answer('answer.permit'), F('permit.b'));
  await staff.screenshot({ path: path.join(SHOTS, `full-form-staff-${device}.png`) });
  const [download] = await Promise.all([staff.waitForEvent('download'),
    staff.getByRole('button', { name: new RegExp('Ausweis vorne\\.jpg') }).focus().then(() => staff.keyboard.press('Enter'))]);
  assert.ok(readFileSync(await download.path()).equals(photo), 'the photo arrives byte for byte');
  await staffContext.close();
});
