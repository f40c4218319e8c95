// Keyboard only, on a desktop: no mouse, no touch, no focus() from the test. A person moves with
// Tab and Shift+Tab, activates with Enter and Space, chooses within a radio group with the arrow
// keys, closes with Escape, and reads where the focus is (the canvas draws a focus ring; the test
// reads the focused element's accessible name). First the reading order and the error summary,
// then the whole shortest path from the start page to "sent", with a household member added, a
// removal cancelled with Escape, and a document attached through the file picker; finally the
// intake worker's side: sign in, open, download, lock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DESKTOP, UI, formText, servedApp, officeStaff, AppDriver, frameAfter } from './harness.mjs';

const F = formText;
const PASSPHRASE = 'staff passphrase for the keyboard test';
const env = servedApp(officeStaff(PASSPHRASE));
let sent = null;   // what the keyboard-only applicant sent, for the keyboard-only intake worker

// What a keyboard user does and sees. `keys` counts every key press, typing a word counts once.
class KeyboardUser {
  constructor(page) {
    this.page = page;
    this.keys = 0;
  }

  async key(name) {
    this.keys++;
    await this.page.keyboard.press(name);
  }

  // A key that moves the focus, then the frame the app draws for the move.
  async move(name) {
    this.keys++;
    await frameAfter(this.page, () => this.page.keyboard.press(name));
  }

  focused() {
    return this.page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return '';
      return (el.getAttribute('aria-label') || el.textContent || '').trim();
    });
  }

  // Tab (or Shift+Tab) until the control named `name` (a string, or a RegExp) has the focus; the
  // order wraps like a browser's does. Fails where a real user would be stuck.
  async tabTo(name, { back = false, max = 120 } = {}) {
    const wanted = (text) => (name instanceof RegExp ? name.test(text) : text === name);
    // A page's heading has the focus when the page appears; on a one-question page it says what
    // the field's label says, but it is not the control: Tab on from there.
    const onHeading = () => this.page.evaluate(() => /^H[1-6]$/.test(document.activeElement.tagName));
    for (let i = 0; i < max; i++) {
      if (wanted(await this.focused()) && !(await onHeading())) return;
      await this.move(back ? 'Shift+Tab' : 'Tab');
    }
    throw new Error(`Tab never reached "${name}" (focus is on "${await this.focused()}")`);
  }

  async activate(name, opts) {
    await this.tabTo(name, opts);
    await this.key('Enter');
  }

  // Tabs to a text field (the real editing input takes the focus) and types.
  async type(label, text) {
    await this.tabTo(label);
    await this.page.waitForFunction(() => document.activeElement.classList.contains('anl-text'));
    this.keys++;
    await this.page.keyboard.type(text);
  }

  // Tab into the radio group named `group` (one Tab stop), then arrow keys to `option`.
  async choose(group, option) {
    for (let i = 0; i < 120; i++) {
      const inGroup = await this.page.evaluate((g) => {
        const el = document.activeElement;
        const box = el && el.type === 'radio' && el.closest('[role="radiogroup"]');
        return !!box && box.getAttribute('aria-label') === g;
      }, group);
      if (inGroup) break;
      await this.move('Tab');
    }
    for (let i = 0; i < 12; i++) {
      if ((await this.focused()) === option) {
        if (!(await this.page.evaluate(() => document.activeElement.checked))) await this.key('Space');
        await this.page.waitForFunction(() => document.activeElement.checked);
        return;
      }
      await this.move('ArrowDown');
    }
    throw new Error(`no option "${option}" in "${group}"`);
  }

  async tick(label) {
    await this.tabTo(label);
    await this.key('Space');
    await this.page.waitForFunction(() => document.activeElement.checked);
  }

  heading() {
    return this.page.evaluate(() => (document.querySelector('#anl-mirror h1') || {}).textContent || '');
  }

  // Enter on "Continue"; resolves on the next page, whose heading takes the focus.
  async next() {
    await this.toNextPage(() => this.activate(UI['flow.continue']));
  }

  // Enter in the text field being typed in submits the page, as in an HTML form.
  async submitWithEnter() {
    await this.toNextPage(() => this.key('Enter'));
  }

  async toNextPage(action) {
    const before = await this.heading();
    await action();
    await this.page.waitForFunction((t) => {
      const h1 = document.querySelector('#anl-mirror h1');
      return h1 && h1.textContent !== t && document.activeElement === h1;
    }, before, { timeout: 30000 });
  }
}

// Pixels of the focus ring's yellow (#ffdd00, src/ui/theme.cpp) in a 6 px band around a widget,
// as the canvas shows it (screenshot decoded in the page).
async function focusRingPixels(page, app, id) {
  const w = await app.widget(id);
  const clip = { x: Math.max(0, w.x - 6), y: Math.max(0, w.y - 6), width: w.w + 12, height: w.h + 12 };
  const png = await page.screenshot({ clip });
  return page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const c = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d');
    c.drawImage(bitmap, 0, 0);
    const d = c.getImageData(0, 0, bitmap.width, bitmap.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4)
      if (Math.abs(d[i] - 255) < 40 && Math.abs(d[i + 1] - 221) < 40 && d[i + 2] < 60) n++;
    return n;
  }, png.toString('base64'));
}

const openPage = () => env.open(DESKTOP, '/');

test('keyboard only: Tab follows reading order, arrow keys choose within a radio group, Enter continues', async () => {
  const { context, page, errors } = await openPage();
  const app = new AppDriver(page, { touch: false });
  const k = new KeyboardUser(page);
  await app.waitFor('start');
  // The page settings come first (languages, display), then the start page, in reading order.
  const order = [];
  for (let i = 0; i < 16; i++) {
    await k.move('Tab');
    order.push(await k.focused());
  }
  assert.deepEqual(order, ['Deutsch', 'Français', 'Italiano', 'English', 'Español', 'Português', 'Shqip', 'Türkçe',
    'Українська', 'Soomaali', 'ትግርኛ', 'العربية', 'فارسی', UI['settings.display'], UI['start.button'],
    UI['start.code_button']]);

  // A disclosure opens with Enter; Escape folds it from inside and gives its toggle the focus.
  await k.activate(UI['settings.display'], { back: true });
  await page.waitForFunction(() => window.anl.widgets.some((w) => w.id === 'display.toggle' && w.expanded === 1));
  await k.tabTo('150 %');
  await k.key('Escape');
  await page.waitForFunction(() => window.anl.widgets.some((w) => w.id === 'display.toggle' && w.expanded === 0));
  await page.waitForFunction((t) => document.activeElement.textContent === t, UI['settings.display']);
  assert.equal(await app.widget('text_size.150'), null, 'the folded section is gone from the reading order');
  // The canvas draws the focus ring where the DOM focus is, and only there.
  await app.atRest();
  assert.ok(await focusRingPixels(page, app, 'display.toggle') > 100, 'a ring around the focused toggle');
  assert.equal(await focusRingPixels(page, app, 'start'), 0, 'no ring around the start button');
  await k.tabTo(UI['start.button']);
  await app.atRest();
  assert.ok(await focusRingPixels(page, app, 'start') > 100, 'the ring moved to the start button');
  assert.equal(await focusRingPixels(page, app, 'display.toggle'), 0, 'and left the toggle');

  await k.key('Enter');

  // Device page: one Tab stop for the radio group; arrow keys move and choose.
  await app.waitFor('device.title');
  await k.tabTo(UI['device.own']);
  await k.key('Space');
  await page.waitForFunction(() => window.anl.widgets.some((w) => w.id === 'q.device.own' && w.checked === 1));
  await k.key('ArrowDown');
  // The canvas takes a choice in the frame after it (immediate mode: the row above is already
  // drawn when the one below is chosen), so wait for the frame where only the new one is checked.
  await page.waitForFunction(() => window.anl.widgets.some((w) => w.id === 'q.device.shared' && w.checked === 1) &&
    window.anl.widgets.some((w) => w.id === 'q.device.own' && w.checked === 0), null, { timeout: 5000 });
  assert.equal(await k.focused(), UI['device.shared']);
  await k.key('Tab');
  await page.waitForFunction((t) => document.activeElement.textContent === t, UI['flow.continue']);
  await k.key('Enter');

  // First question page: Tab moves from field to field, typing goes into the focused one; Escape
  // only leaves the field.
  await app.waitFor('q.first_name');
  await k.type(F('first_name.label'), 'Keyboard');
  await k.key('Escape');
  await page.waitForFunction(() => !document.activeElement.classList.contains('anl-text'));
  await k.type(F('first_name.label'), ' User');
  await k.key('Tab');
  await page.waitForFunction((t) => document.activeElement.getAttribute('aria-label') === t, F('last_name.label'));
  await k.key('Tab');
  await page.waitForFunction((t) => document.activeElement.textContent === t, UI['flow.continue']);
  await k.key('Enter'); // the last name is missing: the error summary takes focus
  await page.waitForFunction((t) => document.activeElement.getAttribute('role') === 'alert' &&
    document.activeElement.querySelector('h2').textContent === t, UI['error.summary_title']);
  assert.equal((await app.widget('q.first_name')).value, 'Keyboard User');
  assert.ok(await app.widget('error-summary.q.last_name'));
  assert.equal(await app.widget('error-summary.q.first_name'), null);
  // The summary's link takes the focus to the field in question.
  await k.activate(F('last_name.error.text.required'));
  await page.waitForFunction((t) => document.activeElement.classList.contains('anl-text') &&
    document.activeElement.getAttribute('aria-label') === t, F('last_name.label'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('keyboard only: the whole form from the start page to "sent", household and document included', async () => {
  const { context, page, errors } = await openPage();
  const k = new KeyboardUser(page);
  await page.waitForFunction(() => window.anl && window.anl.widgets.some((w) => w.id === 'start'));
  await k.activate(UI['start.button']);
  await k.choose(UI['device.label'], UI['device.shared']);
  await k.next();

  await k.type(F('first_name.label'), 'Tastatur');
  await k.type(F('last_name.label'), 'Nutzerin');
  await k.next();
  await k.type(F('birth_date.label'), '01.04.1990');
  await k.next();
  await k.next();                                    // contact: optional
  await k.type(F('street.label'), 'Bahnhofstrasse 1');
  await k.type(F('postcode.label'), '8001');
  await k.type(F('town.label'), 'Zürich');
  await k.submitWithEnter();                         // Enter in a field continues, as in a web form
  await k.next();                                    // AHV number: optional
  await k.choose(F('nationality.label'), F('nationality.ch'));
  await k.next();
  await k.choose(F('marital_status.label'), F('marital_status.single'));
  await k.next();
  await k.choose(F('lives_with_others.label'), F('lives_with_others.yes'));
  await k.next();

  // Household: add one person; "remove" asks first, and Escape answers "no, keep".
  const person = F('household.item_label').replace('{number}', '1');
  await k.activate(UI['repeat.add'].replace('{item}', person));
  await page.waitForFunction((t) => document.activeElement.textContent === t, person);
  await k.type(F('member_name.label'), 'Mia');
  await k.type(F('member_birth_date.label'), '02.03.2015');
  await k.choose(F('member_relation.label'), F('member_relation.child'));
  await k.choose(F('member_in_school.label'), UI['choice.yes']);
  await k.next();
  const removeLink = UI['repeat.remove_named'].replace('{item}', person);
  await k.activate(removeLink);
  const removeTitle = UI['repeat.remove_title'].replace('{item}', person);
  await page.waitForFunction((t) => document.activeElement.textContent === t, removeTitle);
  await k.key('Escape');
  await page.waitForFunction((t) => (document.querySelector('#anl-mirror h1') || {}).textContent !== t, removeTitle);
  assert.ok(await page.evaluate((n) => window.anl.widgets.some((w) => w.label === n), removeLink),
    'Escape kept the person');
  await k.next();

  await k.choose(F('living_situation.label'), F('living_situation.with_parents'));
  await k.choose(F('pays_for_housing.label'), F('pays_for_housing.no'));
  await k.next();
  await k.tick(F('employment_status.unemployed'));
  await k.next();
  await k.tick(F('other_income.none'));
  await k.next();
  await k.type(F('cash_and_bank.label'), '0');
  await k.next();
  await k.choose(F('vehicle.label'), F('vehicle.no'));
  await k.choose(F('other_assets.label'), UI['choice.no']);
  await k.next();
  await k.choose(F('health_insured.label'), UI['choice.no']);
  await k.next();
  await k.next();                                    // bank account: optional
  await k.choose(F('gets_support.label'), UI['choice.no']);
  await k.next();

  // The ID: Enter on "add a photo or file" opens the browser's file picker.
  const marker = `ANL-KEYBOARD-${randomBytes(8).toString('hex')}`;
  const fileBytes = Buffer.from(`%PDF-1.4\n% ${marker}\n`);
  // Playwright turns on file-chooser interception when the first listener is added, which takes a
  // round trip: listen before reaching the button, not in the same moment as pressing it.
  const chooserOpened = page.waitForEvent('filechooser');
  await k.tabTo(UI['form.document.add']);
  await k.key('Enter');
  const chooser = await chooserOpened;
  await chooser.setFiles({ name: 'ausweis.pdf', mimeType: 'application/pdf', buffer: fileBytes });
  await page.waitForFunction(() => window.anl.widgets.some((w) => /ausweis\.pdf/.test(w.label)));
  while ((await k.heading()) !== UI['check.title']) {  // optional documents, the last question
    await k.next();
    assert.ok(k.keys < 2000, 'the form ends');
  }

  await k.activate(UI['check.send']);
  await page.waitForFunction(() => window.anl.widgets.some((w) => w.id === 'confirmation'), null, { timeout: 60000 });
  const reference = await page.evaluate(() => window.anl.widgets.find((w) => w.id === 'confirmation').value);
  assert.match(reference, /^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  console.log(`# keyboard only, shortest path with one household member: ${k.keys} key presses from the start page to "sent"`);
  assert.deepEqual(errors, []);
  await context.close();
  sent = { reference, fileBytes };
});

test('keyboard only, intake worker: sign in, open the submission, download the document, lock', async () => {
  assert.ok(sent, 'the keyboard-only applicant sent an application');
  const { context, page, errors } = await env.open(DESKTOP, '/staff', { acceptDownloads: true });
  const k = new KeyboardUser(page);
  await page.waitForFunction(() => window.anl && window.anl.widgets.some((w) => w.id === 'passphrase'));
  await k.type(UI['staff.login.name'], 'worker');
  await k.type(UI['staff.login.passphrase'], PASSPHRASE);
  await k.key('Enter');                              // Enter in the field submits: sign in
  // The list's heading takes the focus once the keys are unlocked; the new submission is in it.
  await page.waitForFunction((t) => document.activeElement.textContent === t, UI['staff.list.title'], { timeout: 60000 });
  await page.waitForFunction((r) => window.anl.widgets.some((w) => w.id === 'submission.' + r), sent.reference,
    { timeout: 30000 });
  await k.activate(new RegExp(`^${sent.reference}`));
  const title = UI['staff.detail.title'].replace('{reference}', sent.reference);
  await page.waitForFunction((t) => document.activeElement.textContent === t, title);
  await page.waitForFunction(() => window.anl.widgets.some((w) => w.id === 'answer.first_name'), null, { timeout: 30000 });
  assert.equal(await page.evaluate(() => window.anl.widgets.find((w) => w.id === 'answer.first_name').value), 'Tastatur');
  const downloaded = page.waitForEvent('download');
  await k.activate(UI['staff.detail.download'].replace('{name}', 'ausweis.pdf'));
  const download = await downloaded;
  assert.ok(readFileSync(await download.path()).equals(sent.fileBytes), 'the document arrives byte for byte');
  await k.activate(UI['staff.detail.back'], { back: true });
  await page.waitForFunction((t) => document.activeElement.textContent === t, UI['staff.list.title']);
  await k.activate(UI['staff.lock']);
  await page.waitForFunction((t) => document.activeElement.textContent === t, UI['staff.login.title']);
  assert.equal(await page.evaluate(() => window.anl.widgets.some((w) => w.id.startsWith('submission.'))), false);
  assert.deepEqual(errors, []);
  await context.close();
});
