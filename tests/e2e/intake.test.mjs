// The whole path, as people do it: an applicant fills the form on a phone (taps, on-screen keyboard,
// IME text) or a desktop (mouse, keyboard), attaches a document and sends it; an intake worker
// unlocks the office key, opens the submission and gets back exactly what was typed and the same
// file. Finally the server's files must hold none of it in plaintext.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, PHONE, DESKTOP, startServer, launchBrowser, filesContaining, allFiles, AppDriver } from './harness.mjs';

const PASSPHRASE = 'staff passphrase for the e2e test';
const NAME_TYPED = 'Zoë Müller-';
const NAME_IME = 'Ağaoğlu';
const MESSAGE_TYPED = 'Ich brauche Hilfe mit der Miete. Merci! ';
const MESSAGE_IME = 'ጤና ይስጥልኝ';
const SHOTS = path.join(ROOT, 'test-results');

let server, browser;
const sent = [];   // what each run typed and attached, for the plaintext scan at the end

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer(PASSPHRASE);
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) { server.stop(); server.cleanup(); }
});

async function openPage(profile, route, extra = {}) {
  const context = await browser.newContext({ ...profile, acceptDownloads: true, ...extra });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url + route);
  return { context, page, errors };
}

async function applicantSubmits(profile, label) {
  const { context, page, errors } = await openPage(profile, '/');
  const app = new AppDriver(page, { touch: !!profile.hasTouch });
  await app.waitFor('full_name');

  // Sharp: the canvas has one pixel per device pixel. Usable: every control is >= 44 CSS px tall.
  const canvas = await page.evaluate(() => {
    const c = document.getElementById('canvas');
    return { w: c.width, h: c.height, cssW: c.clientWidth, cssH: c.clientHeight, dpr: devicePixelRatio };
  });
  assert.equal(canvas.w, Math.round(canvas.cssW * canvas.dpr));
  assert.equal(canvas.h, Math.round(canvas.cssH * canvas.dpr));
  for (const w of await page.evaluate(() => window.anl.widgets))
    if (['button', 'textbox', 'textbox-multiline'].includes(w.role))
      assert.ok(w.h >= 44, `${w.id} is ${w.h} CSS px tall`);

  // Sending an empty form shows the error summary and keeps the applicant on the page.
  await app.press('send');
  const summary = await app.waitFor('error-summary');
  assert.equal(summary.role, 'alert');
  assert.ok(await app.widget('error-summary.full_name'), 'the summary links to the name field');

  const marker = `ANL-E2E-DOCUMENT-${label}-${randomBytes(8).toString('hex')}`;
  const fileBytes = Buffer.concat([Buffer.from(`%PDF-1.4\n% ${marker}\n`), randomBytes(150_000)]);
  const fileName = 'Mietvertrag März.pdf';

  await app.fill('full_name', NAME_TYPED, NAME_IME);
  await app.fill('birth_date', '01.04.1990');
  await app.fill('message', MESSAGE_TYPED, MESSAGE_IME);

  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), app.press('attachment.choose')]);
  await chooser.setFiles({ name: fileName, mimeType: 'application/pdf', buffer: fileBytes });
  const chosen = await app.waitFor('attachment.chosen');
  assert.match(chosen.label, /Mietvertrag März\.pdf/);

  // The fields show exactly what arrived through the DOM inputs.
  await page.waitForFunction((v) => window.anl.widgets.some((w) => w.id === 'message' && w.value === v),
    MESSAGE_TYPED + MESSAGE_IME);
  assert.equal((await app.widget('full_name')).value, NAME_TYPED + NAME_IME);
  assert.equal((await app.widget('message')).value, MESSAGE_TYPED + MESSAGE_IME);

  await app.press('send');
  const confirmation = await app.waitFor('confirmation', 30000);
  assert.match(confirmation.value, /^[A-Z2-9]{4}-[A-Z2-9]{4}$/, 'a case reference is shown');
  await page.screenshot({ path: path.join(SHOTS, `applicant-${label}.png`) });

  // Nothing of the application rests in browser storage.
  const stored = await page.evaluate(() => localStorage.length + sessionStorage.length);
  assert.equal(stored, 0);
  // At rest the page draws no frames.
  const idle = await app.frameCountAfterIdle();
  assert.equal(idle.after, idle.before, 'no frames are drawn while nothing changes');
  // "Finish" leaves the screen empty for the next person (kiosk, library PC).
  await app.press('finish');
  await app.waitFor('full_name');
  for (const id of ['full_name', 'birth_date', 'message'])
    assert.equal((await app.widget(id)).value, '', `${id} is empty after finish`);
  assert.equal(await app.widget('attachment.chosen'), null);
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
  await app.fill('passphrase', PASSPHRASE);
  await page.waitForFunction((n) => window.anl.widgets.some((w) => w.id === 'passphrase' && w.value.length === n),
    PASSPHRASE.length);
  const shown = await app.widget('passphrase');
  assert.equal(shown.value, '•'.repeat(PASSPHRASE.length), 'the passphrase is never exposed to page scripts');
  await app.press('unlock');
  await app.waitFor(`submission.${submission.reference}`, 30000);
  await page.screenshot({ path: path.join(SHOTS, `staff-list-${label}.png`) });
  await app.press(`submission.${submission.reference}`);

  const name = await app.waitFor('answer.full_name', 20000);
  assert.equal(name.value, NAME_TYPED + NAME_IME);
  assert.equal((await app.widget('answer.birth_date')).value, '01.04.1990');
  assert.equal((await app.widget('answer.message')).value, (MESSAGE_TYPED + MESSAGE_IME).trim());
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
  await app.fill('passphrase', 'not the passphrase at all');
  await app.press('unlock');
  const alert = await app.waitFor('unlock.error', 30000);
  assert.equal(alert.role, 'alert');
  assert.equal(await app.widget('submission.' + (sent[0] ? sent[0].reference : 'X')), null);
  await context.close();
});

test('the server stores none of the typed text or document bytes in plaintext', () => {
  assert.ok(sent.length >= 2, 'both runs sent an application');
  assert.ok(allFiles(server.data).some((f) => f.endsWith('.bin')), 'blobs were written');
  const needles = [NAME_IME, 'Müller', 'Zoë', 'Ağaoğlu', MESSAGE_IME, 'Hilfe mit der Miete', '1990-04-01',
    'Mietvertrag', ...sent.map((s) => s.marker)];
  for (const needle of needles)
    assert.deepEqual(filesContaining(server.data, Buffer.from(needle, 'utf8')), [], `"${needle}" found in server files`);
  for (const s of sent)
    assert.doesNotMatch(server.log(), new RegExp(s.reference), 'references are not logged');
});

test('keyboard only: Tab follows reading order, fields open on focus, buttons work with Enter', async () => {
  const { context, page, errors } = await openPage(DESKTOP, '/');
  const app = new AppDriver(page, { touch: false });
  await app.waitFor('full_name');
  const focused = () => page.evaluate(() => document.activeElement.getAttribute('aria-label') ||
    document.activeElement.textContent);
  // The page settings come first (languages, text size), then the form, in reading order.
  const order = [];
  for (let i = 0; i < 24; i++) {
    await page.keyboard.press('Tab');
    await page.waitForTimeout(50);
    if (await page.evaluate(() => document.activeElement.classList.contains('anl-text'))) break;
    order.push(await focused());
  }
  assert.deepEqual(order, ['Deutsch', 'Français', 'Italiano', 'English', 'Español', 'Português', 'Shqip', 'Türkçe',
    'Українська', 'Soomaali', 'ትግርኛ', 'Darstellung anpassen']);
  assert.equal(await focused(), 'Vollständiger Name');
  await page.keyboard.type('Keyboard Only');
  await page.keyboard.press('Tab');
  await page.waitForFunction(() => document.activeElement.getAttribute('aria-label') === 'Geburtsdatum');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('autocomplete')), 'bday');
  await page.keyboard.type('31031985');
  await page.keyboard.press('Tab');   // message
  await page.keyboard.press('Tab');   // "choose a document"
  await page.keyboard.press('Tab');   // "send"
  await page.waitForFunction(() => document.activeElement.textContent === 'Antrag senden');
  await page.keyboard.press('Enter'); // the message is missing: the error summary takes focus
  await page.waitForFunction(() => document.activeElement.textContent === 'Bitte prüfen Sie Ihre Angaben');
  assert.equal((await app.widget('full_name')).value, 'Keyboard Only');
  assert.equal((await app.widget('birth_date')).value, '31031985');
  assert.ok(await app.widget('error-summary.message'));
  assert.equal(await app.widget('error-summary.full_name'), null);
  assert.deepEqual(errors, []);
  await context.close();
});

test('screen-reader view: every control has a role and a name, and the form works by role alone', async () => {
  const { context, page, errors } = await openPage(DESKTOP, '/');
  await page.getByRole('heading', { level: 1, name: 'Beim Sozialdienst um Hilfe bitten' }).waitFor();
  // Chromium's own accessibility tree, as a screen reader gets it.
  const cdp = await context.newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  const controls = nodes.filter((n) => !n.ignored && ['button', 'textbox', 'link'].includes(n.role && n.role.value));
  assert.ok(controls.length >= 5, `controls in the accessibility tree: ${controls.length}`);
  for (const c of controls) assert.ok(c.name && c.name.value.trim(), `a ${c.role.value} without a name`);
  const names = controls.map((c) => c.name.value);
  for (const want of ['Vollständiger Name', 'Geburtsdatum', 'Wobei brauchen Sie Hilfe?', 'Dokument auswählen', 'Antrag senden'])
    assert.ok(names.includes(want), `"${want}" is in the accessibility tree`);
  const nameField = controls.find((c) => c.name.value === 'Vollständiger Name');
  const described = (nameField.description && nameField.description.value) || '';
  assert.match(described, /Ausweis/, 'the hint is the field description');

  await page.getByRole('textbox', { name: 'Vollständiger Name' }).focus();
  await page.keyboard.type('Rolle Only');
  await page.getByRole('textbox', { name: 'Geburtsdatum' }).focus();
  await page.keyboard.type('01.04.1990');
  await page.getByRole('textbox', { name: 'Wobei brauchen Sie Hilfe?' }).focus();
  await page.keyboard.type('Nur mit Rollen bedient.');
  await page.getByRole('button', { name: 'Antrag senden' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Antrag gesendet' }).or(page.getByText('Antrag gesendet')).first().waitFor({ timeout: 30000 });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a document over 20 MB is refused with a message, and the form keeps its answers', async () => {
  const { context, page, errors } = await openPage(DESKTOP, '/');
  const app = new AppDriver(page, { touch: false });
  await app.fill('full_name', 'Große Datei');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), app.press('attachment.choose')]);
  await chooser.setFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(20 * 1024 * 1024 + 1) });
  const alert = await app.waitFor('attachment.error');
  assert.match(alert.label, /20 MB/);
  assert.equal(await app.widget('attachment.chosen'), null);
  assert.equal((await app.widget('full_name')).value, 'Große Datei');
  assert.deepEqual(errors, []);
  await context.close();
});

// axe-core (npm) audits what assistive technology sees: the mirror, the shell and the overlay.
async function axeViolations(page) {
  await page.addScriptTag({ path: path.join(ROOT, 'node_modules/axe-core/axe.min.js') });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

test('axe-core finds no accessibility violations on the applicant and staff pages', async () => {
  // bypassCSP only so the audit script can be injected; the app itself runs under its real CSP.
  const { context, page } = await openPage(DESKTOP, '/', { bypassCSP: true });
  const app = new AppDriver(page, { touch: false });
  await app.waitFor('full_name');
  assert.deepEqual(await axeViolations(page), [], 'applicant form');
  await app.press('send');
  await app.waitFor('error-summary');
  assert.deepEqual(await axeViolations(page), [], 'applicant form with errors');
  await page.goto(server.url + '/staff');
  await app.waitFor('passphrase');
  assert.deepEqual(await axeViolations(page), [], 'staff unlock page');
  await context.close();
});

test('language picker: switching keeps the answers, and the choice is carried in the URL', async () => {
  const { context, page, errors } = await openPage(PHONE, '/');
  const app = new AppDriver(page, { touch: true });
  await app.fill('full_name', 'Zoë');
  const link = await app.waitFor('lang.fr');
  assert.equal(link.label, 'Français');
  await app.press('lang.fr');
  await page.getByRole('heading', { level: 1, name: 'Demander de l’aide au service social' }).waitFor();
  assert.equal(new URL(page.url()).searchParams.get('lang'), 'fr');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
  assert.equal((await app.widget('full_name')).value, 'Zoë');
  assert.equal((await app.widget('full_name')).label, 'Nom complet');
  assert.equal(await page.getByRole('link', { name: 'Deutsch' }).getAttribute('lang'), 'de');
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Demander de l’aide au service social' }).waitFor();
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
  await app.fill('full_name', 'Grosse Schrift');
  await page.waitForFunction(() => window.anl.widgets.some((w) => w.id === 'full_name' && w.value === 'Grosse Schrift'));
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
    await page.waitForTimeout(300);
    return { context, page, errors, fonts, title, app };
  };
  const de = await fontsFor('/');
  // Only the few letters of the language names ("Українська", "ትግርኛ") come along.
  assert.deepEqual(de.fonts.filter((f) => /Ethiopic|cyrillic/.test(f) && !f.includes('-names')), [],
    `German page fonts: ${de.fonts}`);
  await de.context.close();

  const ti = await fontsFor('/?lang=ti');
  assert.ok(ti.fonts.some((f) => f.startsWith('NotoSansEthiopic-Regular')), `Tigrinya page fonts: ${ti.fonts}`);
  assert.match(ti.title.label, /[\u1200-\u137F]/, 'the heading is in Ethiopic script');
  assert.equal(await ti.page.evaluate(() => document.documentElement.lang), 'ti');
  await ti.page.screenshot({ path: path.join(SHOTS, 'applicant-ti-phone.png') });
  assert.deepEqual(ti.errors, []);
  await ti.context.close();

  // Arabic is not offered until it is shaped right to left: the page falls back to German.
  const ar = await fontsFor('/?lang=ar');
  assert.equal(ar.title.label, 'Beim Sozialdienst um Hilfe bitten');
  assert.equal(await ar.app.widget('lang.ar'), null);
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
