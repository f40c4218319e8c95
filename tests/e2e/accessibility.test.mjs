// What a screen reader and assistive software get on every state of the applicant's pages (issue
// 12, items 4, 5 and 8): each page has one h1, which takes the focus when the page appears (read
// from Chromium's accessibility tree); document.title names the page, "Error: " first while the
// error summary shows; the summary is an alert that holds its title and its links; a page with one
// question has the question as its heading; axe-core finds nothing; the applicant's own fields
// say their input purpose on their own device and nothing on a shared one; the confirmation's
// phone number is a tel: link, "Copy" says that it copied, and printing prints the text. The
// same for "My case": the code page and the case page (issue 11).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, DESKTOP, PHONE, UI, formText, servedApp, officeStaff, AppDriver, atRest } from './harness.mjs';

const F = formText;
const env = servedApp(officeStaff('staff passphrase for the accessibility test'));
// axe-core, evaluated through the DevTools protocol, which the page's CSP does not govern.
const AXE_SOURCE = readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

async function axeViolations(page) {
  if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

// The node that has the focus, as Chromium's accessibility tree (what a screen reader reads) has it.
async function focusedNode(page) {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  const prop = (n, name) => ((n.properties || []).find((p) => p.name === name) || { value: {} }).value.value;
  const node = nodes.find((n) => n.role && n.role.value !== 'RootWebArea' && prop(n, 'focused'));
  return node ? { role: node.role.value, name: node.name ? node.name.value : '', level: prop(node, 'level') || 0 } : null;
}

const title = (heading, error) => UI[error ? 'app.page_title_error' : 'app.page_title']
  .replace('{page}', heading).replace('{office}', UI['app.office_name']);

// One page state: one h1 in the mirror; after a page change its heading has the focus (or, with
// an error summary, the summary); document.title names it; axe finds nothing.
async function checkPage(page, what, { first = false } = {}) {
  await atRest(page);
  const h1s = await page.locator('#anl-mirror h1').allTextContents();
  assert.equal(h1s.length, 1, `${what}: one h1 (${h1s.join(' | ')})`);
  const heading = h1s[0];
  assert.ok(heading.trim(), `${what}: the h1 says something`);
  const summary = page.locator('#anl-mirror [role="alert"]');
  const error = (await summary.count()) > 0;
  const focused = await focusedNode(page);
  if (error) {
    // The summary: an alert with its title and, inside it, a link per error; it has the focus.
    assert.equal(await summary.count(), 1, `${what}: one error summary`);
    assert.equal(await summary.locator('h2').textContent(), UI['error.summary_title'], `${what}: the summary's title`);
    const links = await summary.getByRole('link').allTextContents();
    assert.ok(links.length > 0 && links.every((t) => t.trim()), `${what}: the summary holds its error links`);
    assert.equal(focused && focused.role, 'alert', `${what}: the error summary has the focus`);
  } else if (!first) {
    assert.deepEqual(focused, { role: 'heading', name: heading, level: 1 }, `${what}: the page's h1 has the focus`);
  }
  assert.equal(await page.title(), title(heading, error), `${what}: document.title`);
  assert.deepEqual(await axeViolations(page), [], `${what}: axe-core`);
  return heading;
}

// Runs `action` and waits until the page's h1 says something else (a new page), or, with
// `error`, until an error summary shows.
async function toPage(app, action, { error = false } = {}) {
  const before = await app.page.evaluate(() => (document.querySelector('#anl-mirror h1') || {}).textContent || '');
  await action();
  await app.page.waitForFunction(([t, err]) => (err ? !!document.querySelector('#anl-mirror [role="alert"]')
    : ((document.querySelector('#anl-mirror h1') || {}).textContent || '') !== t), [before, error], { timeout: 30000 });
}

const mirrorField = (page, label) => page.locator('#anl-mirror input, #anl-mirror textarea').and(
  page.locator(`[aria-label="${label}"]`));

test('every applicant page state: an h1 with the focus, document.title, the error summary, axe finds nothing', async () => {
  const { context, page, errors } = await env.open(DESKTOP, '/');
  const app = new AppDriver(page, { touch: false });
  // Every focus move, to see the pages that are only there for a moment ("sending").
  await page.evaluate(() => {
    window.focusLog = [];
    document.addEventListener('focusin', (e) => window.focusLog.push(e.target.tagName + ':' + e.target.textContent));
  });
  await app.waitFor('start');
  // The first page after loading keeps the focus where a page load leaves it.
  assert.equal(await checkPage(page, 'start page', { first: true }), F('title'));

  await toPage(app, () => app.press('start.case'));
  assert.equal(await checkPage(page, 'code page'), UI['code.title']);
  await toPage(app, () => app.press('back'));
  assert.equal(await checkPage(page, 'start page again'), F('title'));

  await toPage(app, () => app.press('start'));
  assert.equal(await checkPage(page, 'device page'), UI['device.title']);
  await toPage(app, () => app.press('continue'), { error: true });
  await checkPage(page, 'device page with an error');
  await app.press('q.device.shared');
  await toPage(app, () => app.press('continue'));
  assert.equal(await checkPage(page, 'name page'), F('page.name.title'));
  await toPage(app, () => app.press('continue'), { error: true });
  await checkPage(page, 'name page with errors');
  const summaryLinks = await page.locator('#anl-mirror [role="alert"] a').allTextContents();
  assert.deepEqual(summaryLinks, [F('first_name.error.text.required'), F('last_name.error.text.required')]);
  await app.fill('q.first_name', 'Alex');
  await app.fill('q.last_name', 'Muster');
  await toPage(app, () => app.press('continue'));
  // One question: the question is the heading, and still names its field.
  assert.equal(await checkPage(page, 'birth date page'), F('birth_date.label'));
  assert.equal(await mirrorField(page, F('birth_date.label')).count(), 1, 'the field keeps its label');
  assert.equal(await page.locator('#anl-mirror').getByText(F('page.birth.title'), { exact: true }).count(), 0,
    'no second title above the question');
  await app.fill('q.birth_date', '01.04.1990');
  await toPage(app, () => app.press('continue'));
  assert.equal(await checkPage(page, 'contact page'), F('page.contact.title'));

  // Save and continue later: the page with the save code, "Copy" says it copied.
  await toPage(app, () => app.press('save-later'));
  assert.equal(await checkPage(page, 'saved page'), UI['save.title']);
  await app.press('copy');
  await page.waitForFunction((t) => document.getElementById('anl-live').textContent === t, UI['save.copied']);
  await toPage(app, () => app.press('save.continue'));
  assert.equal(await checkPage(page, 'contact page after saving'), F('page.contact.title'));

  await toPage(app, () => app.press('continue'));
  await app.fill('q.street', 'Bahnhofstrasse 1');
  await app.fill('q.postcode', '8001');
  await app.fill('q.town', 'Zürich');
  await toPage(app, () => app.press('continue'));
  await checkPage(page, 'AHV page');
  await toPage(app, () => app.press('continue'));
  await app.press('q.nationality.ch');
  await toPage(app, () => app.press('continue'));
  assert.equal(await checkPage(page, 'marital status page (one radio question)'), F('marital_status.label'));
  await app.press('q.marital_status.single');
  await toPage(app, () => app.press('continue'));
  await app.press('q.lives_with_others.yes');
  await toPage(app, () => app.press('continue'));

  // The household: its list, one person, removing one.
  assert.equal(await checkPage(page, 'household list'), F('page.household_member.title'));
  await toPage(app, () => app.press('add'));
  const person = F('household.item_label').replace('{number}', '1');
  assert.equal(await checkPage(page, 'household item'), person);
  await toPage(app, () => app.press('continue'), { error: true });
  await checkPage(page, 'household item with errors');
  await app.fill('q.household[0].member_name', 'Kim');
  await app.fill('q.household[0].member_birth_date', '02.03.2015');
  await app.press('q.household[0].member_relation.child');
  await app.press('q.household[0].member_in_school.yes');
  await toPage(app, () => app.press('continue'));
  assert.equal(await checkPage(page, 'household list with one person'), F('page.household_member.title'));
  await toPage(app, () => app.press('item.0.remove'));
  assert.equal(await checkPage(page, 'remove page'), UI['repeat.remove_title'].replace('{item}', person));
  await toPage(app, () => app.press('remove.no'));
  await checkPage(page, 'household list after keeping the person');
  await toPage(app, () => app.press('continue'));

  await app.press('q.living_situation.with_parents');
  await app.press('q.pays_for_housing.no');
  await toPage(app, () => app.press('continue'));
  // Work: checkboxes and a text field (a page axe found aria-required on a group on).
  await checkPage(page, 'work page');
  await toPage(app, () => app.press('continue'), { error: true });
  await checkPage(page, 'work page with an error');
  await app.press('q.employment_status.unemployed');
  await toPage(app, () => app.press('continue'));
  // A checkbox question (the page axe found aria-required on a group on).
  assert.equal(await checkPage(page, 'other income page'), F('other_income.label'));
  await toPage(app, () => app.press('continue'), { error: true });
  await checkPage(page, 'other income page with an error');
  await app.press('q.other_income.none');
  await toPage(app, () => app.press('continue'));
  await app.fill('q.cash_and_bank', '0');
  await toPage(app, () => app.press('continue'));
  await app.press('q.vehicle.no');
  await app.press('q.other_assets.no');
  await toPage(app, () => app.press('continue'));
  await app.press('q.health_insured.no');
  await toPage(app, () => app.press('continue'));
  await toPage(app, () => app.press('continue'));   // bank account: optional
  await app.press('q.gets_support.no');
  await toPage(app, () => app.press('continue'));
  // The ID document (a document group): the required error, then a file.
  await checkPage(page, 'ID document page');
  await toPage(app, () => app.press('continue'), { error: true });
  await checkPage(page, 'ID document page with an error');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), app.press('q.id_document.add')]);
  await chooser.setFiles({ name: 'ausweis.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 test') });
  await app.waitFor('q.id_document.f1');
  while (!(await app.widget('check.title'))) {         // optional documents, the last question
    await toPage(app, () => app.press('continue'));
    if (!(await app.widget('check.title'))) await checkPage(page, 'a page after the ID document');
  }
  assert.equal(await checkPage(page, 'check page'), UI['check.title']);

  await toPage(app, () => app.press('send'));
  await app.waitFor('confirmation', 60000);
  assert.equal(await checkPage(page, 'confirmation page'), UI['done.title']);
  const focusLog = await page.evaluate(() => window.focusLog);
  assert.ok(focusLog.includes('H1:' + UI['form.sending']), 'the sending page took the focus to its heading');
  assert.ok(focusLog.includes('H1:' + UI['status.working']), 'so did "one moment"');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the load error page has its heading and its title', async () => {
  const context = await env.browser.newContext(DESKTOP);
  await context.route('**/api/config', (route) => route.abort());
  const page = await context.newPage();
  await page.goto(env.server.url + '/');
  await page.waitForFunction(() => window.anl && window.anl.widgets.some((w) => w.id === 'load.title'), null,
    { timeout: 30000 });
  assert.equal(await checkPage(page, 'load error', { first: true }), UI['error.load_title']);
  await context.close();
});

// The applicant's own fields with their purpose (WCAG 1.3.5) on the mirror's node, and on the
// input typed in, with the keyboard's capitals; `purposes` maps a widget id to [purpose, capitals].
async function checkPurposes(page, app, purposes, shared) {
  for (const [id, [purpose, capitals]] of Object.entries(purposes)) {
    const node = page.locator(`#anl-mirror [data-widget="${id}"]`);
    assert.equal(await node.getAttribute('autocomplete'), shared ? 'off' : purpose, `${id}: the mirror's field`);
    await app.press(id);
    await page.waitForFunction(() => document.activeElement.classList.contains('anl-text'));
    const typed = await page.evaluate(() => [document.activeElement.getAttribute('autocomplete'),
      document.activeElement.getAttribute('autocapitalize')]);
    assert.deepEqual(typed, [shared ? 'off' : purpose, capitals], `${id}: the input typed in`);
  }
}

const NAME = { 'q.first_name': ['given-name', 'words'], 'q.last_name': ['family-name', 'words'] };
const BIRTH = { 'q.birth_date': ['bday', 'off'] };
const CONTACT = { 'q.phone': ['tel', 'off'], 'q.email': ['email', 'off'] };
const ADDRESS = { 'q.street': ['street-address', 'words'], 'q.postcode': ['postal-code', 'off'],
  'q.town': ['address-level2', 'words'] };

async function purposesOn(profile, route, device) {
  const { context, page, errors } = await env.open(profile, route);
  const app = new AppDriver(page, { touch: !!profile.hasTouch });
  await app.waitFor('start');
  await app.press('start');
  if (device) {
    await app.press(`q.device.${device}`);
    await app.next();
  }
  await app.waitFor('q.first_name');
  const shared = device !== 'own';
  await checkPurposes(page, app, NAME, shared);
  await app.fill('q.first_name', 'Alex');
  await app.fill('q.last_name', 'Muster');
  await app.next();
  await checkPurposes(page, app, BIRTH, shared);
  await app.fill('q.birth_date', '01.04.1990');
  await app.next();
  await checkPurposes(page, app, CONTACT, shared);
  await app.next();
  await checkPurposes(page, app, ADDRESS, shared);
  assert.deepEqual(errors, []);
  await context.close();
}

test('own phone: name, date of birth, contact and address fields say their input purpose', async () => {
  await purposesOn(PHONE, '/', 'own');
});

test('shared computer and kiosk: autocomplete is off on every field', async () => {
  await purposesOn(DESKTOP, '/', 'shared');
  await purposesOn(DESKTOP, '/?kiosk=1', null);
});

test('confirmation: the phone is a tel: link, "Copy" says it copied, printing prints the reference and the case code', async () => {
  const { fillApplication, send } = await import('./harness.mjs');
  const { context, page, app, errors } = await fillApplication(env, {
    firstName: 'Print', document: { name: 'ausweis.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') },
  });
  const reference = await send(app);
  await atRest(page);
  const phone = page.locator('#anl-mirror').getByRole('link', { name: UI['app.office_phone'], exact: true });
  assert.equal(await phone.getAttribute('href'), 'tel:' + UI['app.office_phone'].replace(/\s/g, ''));
  assert.equal(await phone.textContent(), UI['app.office_phone'], 'the link shows the number');

  await app.press('copy');
  await page.waitForFunction((t) => document.getElementById('anl-live').textContent === t, UI['done.copied']);
  assert.equal(await page.locator('#anl-mirror [data-widget="copy.copied"]').textContent(), UI['done.copied'],
    'the note stays on the page');
  await atRest(page);
  assert.deepEqual(await axeViolations(page), [], 'confirmation page after copying');

  // Printing: the canvas is left out, the mirror's text is shown in flow.
  const caseCode = (await app.widget('case-code')).value;
  await page.emulateMedia({ media: 'print' });
  const printed = await page.evaluate(([ref, next, finish, code]) => {
    const shown = (el) => {
      let opacity = 1;
      for (let e = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
      const r = el.getBoundingClientRect();
      return opacity === 1 && r.width > 0 && r.height > 0 && el.checkVisibility({ visibilityProperty: true });
    };
    const all = [...document.querySelectorAll('#anl-mirror *')];
    const byText = (t) => all.find((e) => e.textContent.includes(t) && ![...e.children].some((c) => c.textContent.includes(t)));
    return {
      canvas: getComputedStyle(document.getElementById('canvas')).display,
      reference: shown(byText(ref)),
      caseCode: shown(byText(code)),
      next: shown(byText(next)),
      finish: shown(byText(finish)),
    };
  }, [reference, UI['done.next_body'], UI['done.finish'], caseCode]);
  assert.deepEqual(printed, { canvas: 'none', reference: true, caseCode: true, next: true, finish: false });
  await page.emulateMedia({ media: 'screen' });

  // My case with that code (issue 11): the code page, with its error; the case page with its
  // status, with an error, with the question sent, and while a document is on its way.
  const finished = page.waitForEvent('load');
  await app.press('finish');
  await finished;
  await app.waitFor('start');
  await toPage(app, () => app.press('start.case'));
  assert.equal(await checkPage(page, 'case code page'), UI['code.title']);
  await app.fill('q.case_code', caseCode.slice(0, 9));
  await toPage(app, () => app.press('case.open'), { error: true });
  await checkPage(page, 'case code page with an error');
  assert.deepEqual(await page.locator('#anl-mirror [role="alert"] a').allTextContents(), [UI['error.case_code.format']]);
  await app.fill('q.case_code', caseCode.slice(9)); // the rest of it after what is there
  await toPage(app, () => app.press('case.open'));
  await app.waitFor('case.title', 60000);
  assert.equal(await checkPage(page, 'case page'), UI['case.title']);
  await toPage(app, () => app.press('case.send_question'), { error: true });
  await checkPage(page, 'case page with an error');
  assert.deepEqual(await page.locator('#anl-mirror [role="alert"] a').allTextContents(),
    [UI['error.case.question_required']]);
  await app.fill('q.case_question', 'Wann ist mein Termin?');
  await app.press('case.send_question');
  await page.waitForFunction((t) => document.getElementById('anl-live').textContent === t, UI['case.question_sent']);
  await checkPage(page, 'case page with a message', { first: true });
  // The upload's chunks wait until the page in progress was audited.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await context.route('**/uploads/*', async (route) => {
    if (route.request().method() === 'PATCH') await held;
    await route.continue();
  });
  const [picker] = await Promise.all([page.waitForEvent('filechooser'), app.press('case.document.add')]);
  await picker.setFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(300 * 1024, 0x41) });
  await app.waitFor('case.upload', 30000);
  await checkPage(page, 'case page while a document is on its way', { first: true });
  release();
  await page.waitForFunction((t) => window.anl.widgets.some((w) => w.id === 'case.notice' && w.label === t),
    UI['case.document_sent_notice'], { timeout: 60000 });
  await checkPage(page, 'case page with the document sent', { first: true });
  assert.deepEqual(errors, []);
  await context.close();
});
