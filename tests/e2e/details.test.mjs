// Issue 12, items 6 and 7 in the browser: the first visit's language, the note on machine-made
// translations, how much of a phone screen the page chrome takes above the question, and how
// long the check page of one household is on a phone.
//   NODE_PATH=/usr/share/nodejs node --test --test-concurrency=1 tests/e2e/details.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, UI, catalogStrings, servedApp, officeStaff, AppDriver } from './harness.mjs';

const env = servedApp(officeStaff('staff passphrase for the details test'));

// A first visit (no ?lang=) from a browser set to `locale`.
async function firstVisit(locale) {
  const opened = await env.open({ ...PHONE, locale }, '/');
  const app = new AppDriver(opened.page, { touch: true });
  await app.waitFor('start', 60000);
  return { ...opened, app };
}

test('first visit: a French-speaking browser (fr-CH) opens in French, a Japanese one in German', async () => {
  const FR = catalogStrings('assets/i18n/fr.json');
  const fr = await firstVisit('fr-CH');
  assert.equal((await fr.app.widget('start')).label, FR['start.button']);
  assert.equal(await fr.page.evaluate(() => document.documentElement.lang), 'fr');
  assert.equal(new URL(fr.page.url()).searchParams.get('lang'), 'fr', 'a reload stays in French');
  assert.deepEqual(fr.errors, []);
  await fr.context.close();

  const ja = await firstVisit('ja');
  assert.equal((await ja.app.widget('start')).label, UI['start.button']);
  assert.equal(await ja.page.evaluate(() => document.documentElement.lang), 'de');
  await ja.context.close();

  // (The order of a longer list, "ja, it" -> it, is tested natively: tests/core "[form_details]".)
});

test('machine-made translations say so: Turkish shows the note, French does not', async () => {
  const TR = catalogStrings('assets/i18n/tr.json');
  const tr = await firstVisit('tr-TR');
  const note = await tr.app.waitFor('machine_translated');
  assert.equal(note.label, TR['settings.machine_translated']);
  assert.ok(note.y + note.h < 300, `the note is near the top (ends at ${note.y + note.h} px)`);
  await tr.page.getByText(TR['settings.machine_translated'], { exact: true }).waitFor({ state: 'attached' });
  await tr.context.close();

  const fr = await firstVisit('fr-FR');
  assert.equal(await fr.app.widget('machine_translated'), null);
  await fr.context.close();
});

// The first question page on a 390 x 844 phone: where its heading starts is what the chrome above
// it (header bar, page settings, back link, section and step) takes of the screen. 200 CSS px is
// less than a quarter of the screen's height, so the question, its field and "Continue" share the
// first screen with the chrome even with the phone keyboard up (about 300 px of the 844).
test('phone: the page chrome above the first question takes less than 200 CSS px', async () => {
  const { context, page, app, errors } = await firstVisit('de-CH');
  await app.press('start');
  await app.press('q.device.shared');
  await app.next();
  const title = await app.waitFor('page.title');
  console.log(`# phone chrome: the first question's h1 starts at ${Math.round(title.y)} CSS px`);
  assert.ok(title.y < 200, `the h1 starts at ${title.y} px`);
  // Everything above it is still there and large enough to touch.
  for (const id of ['language.toggle', 'display.toggle', 'back']) {
    const w = await app.widget(id);
    assert.ok(w, id);
    assert.ok(w.h >= 44 && w.w >= 44, `${id} is ${w.w} x ${w.h}`);
    assert.ok(w.y + w.h <= title.y, `${id} is above the heading`);
  }
  const step = await app.widget('step');
  assert.match(step.label, /^Schritt 1 von \d+$/);
  assert.ok(step.y < title.y);
  assert.deepEqual(errors, []);
  await context.close();
});

// A single parent with one child, renting, working part-time: the way to the check page on a
// phone, and the check page's height in screens (its last control's bottom edge, plus the page's
// bottom margin, over 844).
test('phone: the check page of a single parent with one child, renting, part-time job', async () => {
  const { context, page, app, errors } = await firstVisit('de-CH');
  await app.press('start');
  await app.press('q.device.shared');
  await app.next();
  await app.fill('q.first_name', 'Zoë');
  await app.fill('q.last_name', 'Meier');
  await app.next();
  await app.fill('q.birth_date', '31.03.1985');
  await app.next();
  await app.next();                                     // contact: optional
  await app.fill('q.street', 'Langstrasse 1');
  await app.fill('q.postcode', '8004');
  await app.fill('q.town', 'Zürich');
  await app.next();
  await app.next();                                     // AHV number: optional
  await app.press('q.nationality.ch');
  await app.next();
  await app.press('q.marital_status.single');
  await app.next();
  await app.press('q.lives_with_others.yes');
  await app.next();
  // "Yes" with nobody added is refused, with the form's own words.
  const F = catalogStrings('assets/forms/i18n/de.json');
  await app.press('continue');
  await page.getByRole('link', { name: F['form.social-assistance.household.error.repeat.too_few'] })
    .waitFor({ state: 'attached', timeout: 30000 });
  await app.press('add');
  await app.fill('q.household[0].member_name', 'Ali');
  await app.fill('q.household[0].member_birth_date', '02.03.2015');
  await app.press('q.household[0].member_relation.child');
  await app.press('q.household[0].member_in_school.yes');
  await app.press('continue');
  await app.waitFor('item.0');
  await app.next();
  await app.press('q.living_situation.tenant');
  await app.next();
  await app.fill('q.rent_amount', '1450');
  await app.next();
  await app.press('q.employment_status.employed');
  await app.next();
  await app.fill('q.wage_amount', '1800');
  await app.next();
  await app.press('q.other_income.child_allowance');
  await app.next();
  await app.fill('q.child_allowance_amount', '200');
  await app.next();
  await app.fill('q.cash_and_bank', '300');
  await app.next();
  await app.press('q.vehicle.no');
  await app.press('q.other_assets.no');
  await app.next();
  await app.press('q.health_insured.yes');
  await app.fill('q.insurer', 'CSS');
  await app.press('q.premium_reduction.yes');
  await app.next();
  await app.next();                                     // bank account: optional
  await app.press('q.gets_support.no');
  await app.next();
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), app.press('q.id_document.add')]);
  await chooser.setFiles({ name: 'Ausweis.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
  await app.waitFor('q.id_document.f1');
  while (!(await app.widget('check.title'))) {          // the optional documents and the last page
    await app.next();
    if (app.pages > 60) throw new Error('the form does not end');
  }
  await app.atRest();
  const widgets = await page.evaluate(() => window.anl.widgets);
  const top = Math.min(...widgets.map((w) => w.y));
  const send = widgets.find((w) => w.id === 'send');
  const height = send.y + send.h + 48 - top;            // end_page's bottom margin
  console.log(`# phone check page: ${Math.round(height)} CSS px = ${(height / 844).toFixed(1)} screens;` +
              ` ${app.pages} pages, ${app.taps} taps`);
  // No row for an optional question left blank.
  assert.equal(widgets.some((w) => w.id === 'check.phone' || w.id === 'check.ahv_number' || w.id === 'check.message'), false);
  assert.ok(widgets.some((w) => w.id === 'check.rent_amount'));
  assert.ok(height / 844 < 9, `the check page is ${(height / 844).toFixed(1)} screens`);
  assert.deepEqual(errors, []);
  await context.close();
});

// Pinch-zoom (WCAG 1.4.4 on a phone): two fingers are the browser's (web/platform.css gives the
// canvas `touch-action: pinch-zoom`; src/platform/input.cpp leaves two-finger touches and every
// touchstart uncancelled), so spreading them zooms the page. Before, `touch-action: none` and a
// cancelled touchstart kept the scale at 1.
test('phone: spreading two fingers zooms the page', async () => {
  const { context, page, app, errors } = await firstVisit('de-CH');
  await app.atRest();
  assert.equal(await page.evaluate(() => window.visualViewport.scale), 1);
  const cdp = await context.newCDPSession(page);
  const fingers = (d) => [{ x: 195 - d, y: 400, id: 1 }, { x: 195 + d, y: 420, id: 2 }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: 175, y: 400, id: 1 }] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: fingers(20) });
  for (let d = 25; d <= 140; d += 5) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: fingers(d) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await page.waitForFunction(() => window.visualViewport.scale > 1.5, null, { timeout: 10000 });
  // The pinch pressed nothing: still the start page.
  assert.ok(await app.widget('start'));
  assert.equal(await app.widget('q.device.own'), null);
  assert.deepEqual(errors, []);
  await context.close();
});
