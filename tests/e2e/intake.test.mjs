// The whole path, as people do it: an applicant fills the form on a phone (taps, on-screen keyboard,
// IME text) or a desktop (mouse, keyboard), attaches a document and sends it; an intake worker
// signs in with their own name and passphrase, opens the submission and gets back exactly what was typed and the same
// file. Finally the server's files must hold none of it in plaintext.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, PHONE, DESKTOP, UI, formText, catalogStrings, servedApp, officeStaff, filesContaining, allFiles,
  AppDriver, shortestPath as shortestPathFromFirstQuestion } from './harness.mjs';

const PASSPHRASE = 'staff passphrase for the e2e test';
const NAME_TYPED = 'Zoë Müller-';
const NAME_IME = 'Ağaoğlu';
const SHOTS = path.join(ROOT, 'test-results');
// axe-core, evaluated through the DevTools protocol, which the page's CSP does not govern.
const AXE_SOURCE = readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

const env = servedApp(officeStaff(PASSPHRASE));
mkdirSync(SHOTS, { recursive: true });
const sent = [];   // what each run typed and attached, for the plaintext scan at the end

const openPage = (profile, route, extra = {}) => env.open(profile, route, { acceptDownloads: true, ...extra });

const F = formText;

// From the start page to the first question, on a shared computer (nothing kept).
async function startForm(app) {
  await app.press('start');
  await app.press('q.device.shared');
  await app.next();
  await app.waitFor('q.first_name');
}

// From the start page through the shortest way (harness.mjs) to the check page.
async function shortestPath(app, page, { typedName, imeName, document }) {
  await startForm(app);
  await shortestPathFromFirstQuestion(app, { firstName: typedName, imeName, document });
}

async function applicantSubmits(profile, label) {
  const { context, page, errors } = await openPage(profile, '/');
  const app = new AppDriver(page, { touch: !!profile.hasTouch });
  await app.waitFor('start');

  // Sharp: the canvas has one pixel per device pixel.
  const canvas = await page.evaluate(() => {
    const c = document.getElementById('canvas');
    return { w: c.width, h: c.height, cssW: c.clientWidth, cssH: c.clientHeight, dpr: devicePixelRatio };
  });
  assert.equal(canvas.w, Math.round(canvas.cssW * canvas.dpr));
  assert.equal(canvas.h, Math.round(canvas.cssH * canvas.dpr));

  const marker = `ANL-E2E-DOCUMENT-${label}-${randomBytes(8).toString('hex')}`;
  const fileBytes = Buffer.concat([Buffer.from(`%PDF-1.4\n% ${marker}\n`), randomBytes(150_000)]);
  const fileName = 'Ausweis März.pdf';

  await shortestPath(app, page, {
    typedName: NAME_TYPED, imeName: NAME_IME,
    document: async () => {
      // Usable: every control on a page with choices, fields and buttons is >= 44 CSS px tall.
      for (const w of await page.evaluate(() => window.anl.widgets))
        if (['button', 'textbox', 'textbox-multiline', 'radio', 'checkbox'].includes(w.role))
          assert.ok(w.h >= 44, `${w.id} is ${w.h} CSS px tall`);
      // Continue without the required document: the error summary says so.
      await app.next();
      assert.ok(await app.waitFor('error-summary.q.id_document'), 'the summary links to the document');
      // A file over 20 MB is refused before it is read, with a message.
      let [chooser] = await Promise.all([page.waitForEvent('filechooser'), app.press('q.id_document.add')]);
      await chooser.setFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(20 * 1024 * 1024 + 1) });
      await page.waitForFunction(() => window.anl.widgets.some((w) => w.id === 'q.id_document' && /20 MB/.test(w.description)));
      [chooser] = await Promise.all([page.waitForEvent('filechooser'), app.press('q.id_document.add')]);
      await chooser.setFiles({ name: fileName, mimeType: 'application/pdf', buffer: fileBytes });
      await app.waitFor('q.id_document.f1');
      assert.match((await app.widget('q.id_document.f1')).label, /Ausweis März\.pdf/);
      await app.next();
    },
  });
  // Check your answers shows what arrived through the DOM inputs, IME text included.
  assert.equal((await app.widget('check.first_name')).value, NAME_TYPED + NAME_IME);
  assert.equal((await app.widget('check.birth_date')).value, '01.04.1990');
  assert.equal(await app.widget('check.rent_amount'), null, 'no rent for someone living with their parents rent-free');
  console.log(`# ${label}, shortest path: ${app.pages} pages, ${app.taps} taps (fields and choices included) to the check page`);

  await app.press('send');
  const confirmation = await app.waitFor('confirmation', 60000);
  assert.match(confirmation.value, /^[A-Z2-9]{4}-[A-Z2-9]{4}$/, 'a case reference is shown');
  // What happens next, as a timeline a screen reader reads as an ordered list with the current step.
  const timeline = page.locator('#anl-mirror').getByRole('list', { name: UI['done.next_title'] });
  const steps = await timeline.getByRole('listitem').allTextContents();
  assert.deepEqual(steps.map((t) => t.split(' (')[0]), [UI['timeline.sent'], UI['timeline.review'], UI['timeline.decision']]);
  assert.ok(steps[0].includes(`(${UI['timeline.done']})`) && steps[2].includes(`(${UI['timeline.upcoming']})`));
  assert.equal(await timeline.locator('[aria-current="step"]').textContent(),
    `${UI['timeline.review']} (${UI['timeline.current']}). ${UI['done.next_body']}`);
  assert.deepEqual(await axeViolations(page), [], 'confirmation page with the timeline');
  await page.screenshot({ path: path.join(SHOTS, `applicant-${label}.png`) });

  // Shared computer: nothing of the application rests in browser storage. The tab keeps the
  // reference alone (so that a reload shows the confirmation again), until "finish".
  const stored = await page.evaluate(() => ({ local: localStorage.length, tab: Object.keys(sessionStorage) }));
  assert.deepEqual(stored, { local: 0, tab: ['anl.sent'] });
  assert.equal(await page.evaluate(() => sessionStorage.getItem('anl.sent')), confirmation.value);
  // At rest the page draws no frames.
  assert.equal(await app.framesWhileIdle(), 0, 'no frames are drawn while nothing changes');
  // "Finish" leaves the screen empty for the next person (kiosk, library PC): the page starts
  // afresh, a new instance on its start page.
  const reloaded = page.waitForEvent('load');
  await app.press('finish');
  await reloaded;
  await app.waitFor('start');
  assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0, 'nothing after finish');
  await startForm(app);
  assert.equal((await app.widget('q.first_name')).value, '', 'the name is empty after finish');
  assert.equal(await page.evaluate(() => [...document.querySelectorAll('.anl-text')].map((e) => e.value).join('')), '');
  assert.deepEqual(errors, []);
  await context.close();
  const result = { reference: confirmation.value, fileBytes, fileName, marker };
  sent.push(result);
  return result;
}

async function staffReads(profile, label, submission) {
  const { context, page, errors } = await openPage(profile, '/staff');
  const app = new AppDriver(page, { touch: !!profile.hasTouch });
  await app.fill('name', 'worker');
  await app.fill('passphrase', PASSPHRASE);
  await page.waitForFunction((n) => window.anl.widgets.some((w) => w.id === 'passphrase' && w.value.length === n),
    PASSPHRASE.length);
  const shown = await app.widget('passphrase');
  assert.equal(shown.value, '•'.repeat(PASSPHRASE.length), 'the passphrase is never exposed to page scripts');
  await app.press('login');
  await app.waitFor(`submission.${submission.reference}`, 30000);
  await page.screenshot({ path: path.join(SHOTS, `staff-list-${label}.png`) });
  await app.press(`submission.${submission.reference}`);

  const name = await app.waitFor('answer.first_name', 20000);
  assert.equal(name.value, NAME_TYPED + NAME_IME);
  assert.equal((await app.widget('answer.birth_date')).value, '01.04.1990');
  assert.equal((await app.widget('answer.nationality')).label, F('nationality.label'));
  assert.equal((await app.widget('answer.nationality')).value, F('nationality.ch'));
  await page.screenshot({ path: path.join(SHOTS, `staff-detail-${label}.png`) });

  const [download] = await Promise.all([page.waitForEvent('download'), app.press('download.0')]);
  assert.equal(download.suggestedFilename(), submission.fileName);
  const got = readFileSync(await download.path());
  assert.ok(got.equals(submission.fileBytes), 'the downloaded document has the same bytes');
  assert.deepEqual(errors, []);
  await context.close();
}

test('phone: tap through the form, send, and read it back as staff', async () => {
  const submission = await applicantSubmits(PHONE, 'phone');
  await staffReads(PHONE, 'phone', submission);
});

test('desktop: click through the form, send, and read it back as staff', async () => {
  const submission = await applicantSubmits(DESKTOP, 'desktop');
  await staffReads(DESKTOP, 'desktop', submission);
});

test('a wrong staff passphrase is refused', async () => {
  const { context, page } = await openPage(DESKTOP, '/staff');
  const app = new AppDriver(page, { touch: false });
  await app.signIn('worker', 'not the passphrase at all', { waitList: false });
  const alert = await app.waitFor('login.error', 30000);
  assert.equal(alert.role, 'alert');
  assert.equal(alert.label, UI['staff.error.invalid_login']);
  assert.equal((await app.widget('passphrase')).value, '', 'the wrong passphrase is not kept');
  assert.equal((await app.widget('name')).value, 'worker', 'the name stays for the next try');
  assert.equal(await app.widget('submission.' + (sent[0] ? sent[0].reference : 'X')), null);
  await context.close();
});

test('the server stores none of the typed text or document bytes in plaintext', () => {
  assert.ok(sent.length >= 2, 'both runs sent an application');
  assert.ok(allFiles(env.server.data).some((f) => f.endsWith('.bin')), 'blobs were written');
  const needles = [NAME_IME, 'Müller', 'Zoë', 'Ağaoğlu', 'Bahnhofstrasse', '1990-04-01', 'with_parents',
    'Ausweis', ...sent.map((s) => s.marker)];
  for (const needle of needles)
    assert.deepEqual(filesContaining(env.server.data, Buffer.from(needle, 'utf8')), [], `"${needle}" found in server files`);
  for (const s of sent)
    assert.doesNotMatch(env.server.log(), new RegExp(s.reference), 'references are not logged');
});

test('screen-reader view on a desktop: every control has a role and a name; radios are grouped', async () => {
  const { context, page, errors } = await openPage(DESKTOP, '/');
  const app = new AppDriver(page, { touch: false });
  await page.getByRole('heading', { level: 1, name: F('title') }).waitFor();
  await page.getByRole('button', { name: UI['start.button'] }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('radio', { name: UI['device.shared'] }).focus();
  await page.keyboard.press('Space');
  await page.getByRole('button', { name: UI['flow.continue'] }).focus();
  await page.keyboard.press('Enter');
  const type = async (label, text) => {
    await page.getByRole('textbox', { name: label }).focus();
    await page.waitForFunction(() => document.activeElement.classList.contains('anl-text'));
    await page.keyboard.type(text);
  };
  await type(F('first_name.label'), 'Rolle');
  await type(F('last_name.label'), 'Only');
  await app.next();
  await type(F('birth_date.label'), '01.04.1990');
  await app.next();
  await app.next(); // contact: optional
  await type(F('street.label'), 'Weg 2');
  await type(F('postcode.label'), '3000');
  await type(F('town.label'), 'Bern');
  await app.next();
  await app.next(); // AHV: optional
  // Chromium's own accessibility tree, as a screen reader gets it, on the nationality page.
  await page.getByRole('radiogroup', { name: F('nationality.label') }).waitFor({ state: 'attached' });
  const cdp = await context.newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  const interactive = ['button', 'textbox', 'link', 'radio', 'checkbox'];
  const controls = nodes.filter((n) => !n.ignored && interactive.includes(n.role && n.role.value));
  for (const c of controls) assert.ok(c.name && c.name.value.trim(), `a ${c.role.value} without a name`);
  const radios = controls.filter((c) => c.role.value === 'radio').map((c) => c.name.value);
  assert.deepEqual(radios, [F('nationality.ch'), F('nationality.eu_efta'), F('nationality.other')]);
  const group = nodes.find((n) => !n.ignored && n.role && n.role.value === 'radiogroup');
  assert.equal(group.name.value, F('nationality.label'));
  // Every widget the canvas drew that takes input is in the tree, once.
  const drawn = (await page.evaluate(() => window.anl.widgets))
    .filter((w) => ['button', 'textbox', 'textbox-multiline', 'link', 'radio', 'checkbox'].includes(w.role));
  assert.equal(controls.length, drawn.length, 'one accessibility node per interactive widget');
  assert.deepEqual(errors, []);
  await context.close();
});

// axe-core (npm) audits what assistive technology sees: the mirror, the shell and the overlay.
async function axeViolations(page) {
  if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

test('axe-core finds no accessibility violations on the applicant and staff pages', async () => {
  // bypassCSP only so the audit script can be injected; the app itself runs under its real CSP.
  const { context, page } = await openPage(DESKTOP, '/', { bypassCSP: true });
  const app = new AppDriver(page, { touch: false });
  await app.waitFor('start');
  assert.deepEqual(await axeViolations(page), [], 'start page');
  await startForm(app);
  await app.next();
  await app.waitFor('error-summary');
  assert.deepEqual(await axeViolations(page), [], 'question page with errors');
  await app.fill('q.first_name', 'Axe');
  await app.fill('q.last_name', 'Audit');
  await app.next();
  await app.fill('q.birth_date', '01.04.1990');
  await app.next();
  await app.next();
  await app.fill('q.street', 'Weg 2');
  await app.fill('q.postcode', '3000');
  await app.fill('q.town', 'Bern');
  await app.next();
  await app.next();
  await app.waitFor('q.nationality');
  await app.press('q.nationality.other');
  await app.waitFor('q.nationality_country');
  assert.deepEqual(await axeViolations(page), [], 'page with a radio group and a conditional question');
  await page.goto(env.server.url + '/staff');
  await app.waitFor('passphrase');
  assert.deepEqual(await axeViolations(page), [], 'staff login page');
  await context.close();
});

test('language picker: switching keeps the answers, and the choice is carried in the URL', async () => {
  const { context, page, errors } = await openPage(PHONE, '/');
  const app = new AppDriver(page, { touch: true });
  await app.waitFor('start');
  await startForm(app);
  await app.fill('q.first_name', 'Zoë');
  // On a phone the languages are folded behind one globe link, so the form starts near the top.
  assert.equal(await app.widget('lang.fr'), null);
  const toggle = await app.waitFor('language.toggle');
  assert.equal(toggle.label, `${UI['settings.language']}: Deutsch`);
  assert.ok(toggle.y + toggle.h < 170, `the folded picker ends ${toggle.y + toggle.h}px from the top`);
  assert.equal(await page.getByRole('button', { name: toggle.label }).getAttribute('aria-expanded'), 'false');
  await app.press('language.toggle');
  const link = await app.waitFor('lang.fr');
  assert.equal(link.label, 'Français');
  await app.press('lang.fr');
  const FR = catalogStrings('assets/forms/i18n/fr.json');
  await page.waitForFunction((t) => window.anl.widgets.some((w) => w.id === 'q.first_name' && w.label === t),
    FR['form.social-assistance.first_name.label']);
  assert.equal(new URL(page.url()).searchParams.get('lang'), 'fr');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
  assert.equal((await app.widget('q.first_name')).value, 'Zoë', 'the answer stays');
  assert.equal(await app.widget('lang.de'), null, 'the picker folds again after a choice');
  await app.press('language.toggle');
  assert.equal(await page.getByRole('link', { name: 'Deutsch' }).getAttribute('lang'), 'de');
  await page.reload();
  await page.getByRole('heading', { level: 1, name: FR['form.social-assistance.title'] }).waitFor();
  assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('kiosk: "finish" leaves the page as it opened, in its language and text size, for the next person', async () => {
  const { context, page, errors } = await openPage(DESKTOP, '/?kiosk=1');
  const app = new AppDriver(page, { touch: false });
  await app.waitFor('start');
  const EN = catalogStrings('assets/i18n/en.json');
  await app.press('lang.en');
  await page.waitForFunction((t) => window.anl.widgets.some((w) => w.id === 'start' && w.label === t), EN['start.button']);
  await app.press('display.toggle');
  await app.press('text_size.150');
  await page.waitForFunction(() => window.anl.widgets.some((w) => w.id === 'text_size.150' && w.current));
  await app.press('start');                                 // a kiosk does not ask whose device it is
  await app.fill('q.first_name', 'Kiosk');
  await app.press('save-later');
  await app.waitFor('save.finish', 60000);
  const reloaded = page.waitForEvent('load');
  await app.press('save.finish');
  await reloaded;                                           // a fresh page, as it opened
  await page.waitForFunction((t) => window.anl.widgets.some((w) => w.id === 'start' && w.label === t), UI['start.button']);
  assert.equal(new URL(page.url()).searchParams.get('lang'), 'de');
  assert.equal(await app.widget('text_size.100'), null, 'display settings are folded again');
  await app.press('display.toggle');
  assert.ok((await app.waitFor('text_size.100')).current, 'the text size is back to 100 %');
  assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('text size 200 %: the page lays out again, larger, with nothing pushed off the side', async () => {
  const { context, page, errors } = await openPage(PHONE, '/');
  const app = new AppDriver(page, { touch: true });
  const before = await app.waitFor('title');
  assert.equal(await page.getByRole('button', { name: 'Darstellung anpassen' }).getAttribute('aria-expanded'), 'false');
  assert.equal(await app.widget('text_size.200'), null, 'display settings start folded');
  await app.press('display.toggle');
  await page.waitForFunction(() => document.querySelector('[data-widget="display.toggle"]').getAttribute('aria-expanded') === 'true');
  await app.press('text_size.200');
  await page.waitForFunction((h) => window.anl.widgets.some((w) => w.id === 'title' && w.h > 1.8 * h), before.h);
  const width = page.viewportSize().width;
  for (const w of await page.evaluate(() => window.anl.widgets))
    assert.ok(w.x >= 0 && w.x + w.w <= width + 0.5, `${w.id} fits the ${width}px screen`);
  assert.ok((await app.widget('text_size.200')).label === '200 %');
  // The form still works at this size.
  await startForm(app);
  await app.fill('q.first_name', 'Grosse Schrift');
  await page.waitForFunction(() => window.anl.widgets.some((w) => w.id === 'q.first_name' && w.value === 'Grosse Schrift'));
  for (const w of await page.evaluate(() => window.anl.widgets))
    assert.ok(w.x >= 0 && w.x + w.w <= width + 0.5, `${w.id} fits the ${width}px screen`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('fonts per language: the German page loads no Ethiopic or Cyrillic glyphs; Tigrinya renders in Ethiopic', async () => {
  const fontsFor = async (route) => {
    const { context, page, errors } = await openPage(PHONE, route);
    const fonts = [];
    page.on('request', (r) => { if (r.url().includes('/fonts/')) fonts.push(r.url().split('/fonts/')[1]); });
    await page.reload();
    const app = new AppDriver(page, { touch: true });
    const title = await app.waitFor('title');
    await page.waitForLoadState('networkidle');   // every font the first frames asked for has come
    await app.atRest();
    return { context, page, errors, fonts, title, app };
  };
  const de = await fontsFor('/');
  // Only the few letters of the language names ("Українська", "ትግርኛ") come along.
  assert.deepEqual(de.fonts.filter((f) => /Ethiopic|cyrillic/.test(f) && !f.includes('-names')), [],
    `German page fonts: ${de.fonts}`);
  await de.context.close();

  const ti = await fontsFor('/?lang=ti');
  assert.ok(ti.fonts.some((f) => f.startsWith('NotoSansEthiopic-Regular')), `Tigrinya page fonts: ${ti.fonts}`);
  assert.match((await ti.app.widget('banner')).label, /[\u1200-\u137F]/, 'the office name is in Ethiopic script');
  assert.equal(await ti.page.evaluate(() => document.documentElement.lang), 'ti');
  await ti.page.screenshot({ path: path.join(SHOTS, 'applicant-ti-phone.png') });
  assert.deepEqual(ti.errors, []);
  await ti.context.close();

  // Arabic loads Noto Sans Arabic for the browser's text engine, and no Ethiopic; the German page
  // only the few Arabic letters of "العربية" and "فارسی".
  assert.deepEqual(de.fonts.filter((f) => f.includes('Arabic')), ['NotoSansArabic-Regular-names.ttf']);
  const ar = await fontsFor('/?lang=ar');
  assert.equal(ar.title.label, catalogStrings('assets/forms/i18n/ar.json')['form.social-assistance.title']);
  assert.ok(ar.fonts.includes('NotoSansArabic-Regular.ttf') && ar.fonts.includes('NotoSansArabic-Bold.ttf'),
    `Arabic page fonts: ${ar.fonts}`);
  assert.deepEqual(ar.fonts.filter((f) => /Ethiopic|cyrillic/.test(f) && !f.includes('-names')), []);
  assert.equal(await ar.page.evaluate(() => document.documentElement.dir), 'rtl');
  assert.deepEqual(ar.errors, []);
  await ar.context.close();
});

test('high contrast follows prefers-contrast and can be switched on the page', async () => {
  const { context, page, errors } = await openPage(PHONE, '/');
  await page.emulateMedia({ contrast: 'more' });
  await page.reload();
  const app = new AppDriver(page, { touch: true });
  await app.press('display.toggle');
  await app.waitFor('contrast.high');
  assert.equal(await page.getByRole('link', { name: 'Hoch' }).getAttribute('aria-current'), 'true');
  assert.ok(await page.evaluate(() => document.body.classList.contains('anl-high-contrast')));
  await page.screenshot({ path: path.join(SHOTS, 'applicant-high-contrast-phone.png') });
  await app.press('contrast.standard');
  await page.waitForFunction(() => !document.body.classList.contains('anl-high-contrast') &&
    document.querySelector('[data-widget="contrast.standard"]').getAttribute('aria-current') === 'true');
  assert.deepEqual(errors, []);
  await context.close();
});
