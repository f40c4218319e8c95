// The applicant's case channel against the real server (issue 11): the done page shows the case
// code next to the reference; a new browser context with nothing but that code opens "My case"
// from the start page (typed loosely: lower case, spaces), sees where the case stands, sends a
// question and finds it in the conversation after a fresh look, sends a document; a wrong code is said in an error
// summary. On the phone profile, by touch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, UI, servedApp, officeStaff, AppDriver, fillApplication, send, atRest } from './harness.mjs';

const env = servedApp(officeStaff('Apfelstrudel mit Vanillesauce 12'));

const widgets = (page) => page.evaluate(() => window.anl.widgets.map((w) => ({ id: w.id, label: w.label, value: w.value })));

// A fresh phone on the start page, "Already applied? Open my case", the code typed and sent.
async function openCase(typed) {
  const { context, page, errors } = await env.open(PHONE, '/');
  const app = new AppDriver(page, { touch: true });
  await app.press('start.case');
  await app.waitFor('q.case_code');
  await app.fill('q.case_code', typed);
  await app.press('case.open');
  return { context, page, app, errors };
}

test('the case code on the done page opens the case on another device; a question goes to the office', async () => {
  const { context, app, errors } = await fillApplication(env, {
    firstName: 'Fallcode', document: { name: 'ausweis.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') },
  });
  const reference = await send(app);
  const shown = await app.waitFor('case-code');
  assert.match(shown.value, /^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/, 'the case code, grouped');
  assert.equal(shown.label, UI['done.case_code_label']);
  assert.ok(await app.widget('done.case_code_note'), 'what the code is for');
  assert.ok(await app.widget('copy.case_code'), 'a copy button');
  assert.equal((await app.widget('confirmation')).value, reference, 'the reference still shows');
  // The code never rests in the browser's storage; the tab keeps the reference alone.
  assert.deepEqual(await app.page.evaluate(() => ({ local: localStorage.length, tab: Object.keys(sessionStorage) })),
    { local: 0, tab: ['anl.sent'] });
  assert.deepEqual(errors, []);
  await context.close();

  const typed = shown.value.toLowerCase().replaceAll('-', ' ');
  const visit = await openCase(typed);
  await visit.app.waitFor('case.title', 60000);
  const timeline = visit.page.locator('#anl-mirror').getByRole('list', { name: UI['case.status_title'] });
  assert.equal(await timeline.locator('[aria-current="step"]').textContent(),
    `${UI['case.status.received']} (${UI['timeline.current']}). ${UI['case.status.received.detail']}`);
  assert.ok(await visit.app.widget('case.messages_none'));
  assert.ok(await visit.app.widget('case.requests_none'));

  await visit.app.fill('q.case_question', 'Wann bekomme ich einen Termin?');
  await visit.app.press('case.send_question');
  await visit.page.waitForFunction((t) => document.getElementById('anl-live').textContent === t, UI['case.question_sent']);
  const mine = (await widgets(visit.page)).filter((w) => w.id.startsWith('case.item.'));
  assert.equal(mine.length, 1);
  assert.equal(mine[0].value, 'Wann bekomme ich einen Termin?');
  const [youBefore, youAfter] = UI['case.from_you_unread'].split('{when}');
  assert.ok(mine[0].label.startsWith(youBefore) && mine[0].label.endsWith(youAfter), 'who wrote it, not read yet');
  // A fresh look at the server lists it once, opened again from the case key.
  await visit.app.press('case.reload');
  await atRest(visit.page);
  const again = (await widgets(visit.page)).filter((w) => w.id.startsWith('case.item.'));
  assert.deepEqual(again.map((w) => w.value), ['Wann bekomme ich einen Termin?']);
  // The server holds ciphertext only.
  assert.doesNotMatch(env.server.log(), /Termin/);

  // "Send a document": picked as on the form, sealed here, uploaded in acknowledged chunks.
  const scan = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(700 * 1024, 0x41)]);
  const chooserOpened = visit.page.waitForEvent('filechooser');
  await visit.app.press('case.document.add');
  const chooser = await chooserOpened;
  await chooser.setFiles({ name: 'lohnabrechnung.pdf', mimeType: 'application/pdf', buffer: scan });
  await visit.page.waitForFunction((t) => window.anl.widgets.some((w) => w.id === 'case.notice' && w.label === t),
    UI['case.document_sent_notice'], { timeout: 60000 });
  const items = (await widgets(visit.page)).filter((w) => w.id.startsWith('case.item.'));
  assert.equal(items.length, 2, 'the question and the document');
  assert.equal(items[1].value, UI['case.document_sent']);

  // "Finish" clears the screen: a fresh page on the start page, nothing in storage.
  const reloaded = visit.page.waitForEvent('load');
  await visit.app.press('case.finish');
  await reloaded;
  await visit.app.waitFor('start');
  assert.equal(await visit.page.evaluate(() => localStorage.length + sessionStorage.length), 0);
  assert.deepEqual(visit.errors, []);
  await visit.context.close();
});

test('a wrong case code is said in an error summary on the code page', async () => {
  const visit = await openCase('ABCD-EFGH-JKMN-PQRS');
  const summary = await visit.app.waitFor('error-summary', 60000);
  assert.ok(summary);
  const field = await visit.app.widget('q.case_code');
  assert.ok(field, 'the field is still there to correct');
  assert.ok(JSON.stringify(await widgets(visit.page)).includes(UI['error.case_code.not_found']));
  assert.deepEqual(visit.errors, []);
  await visit.context.close();
});
