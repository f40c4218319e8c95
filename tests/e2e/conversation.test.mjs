// One whole conversation of the case channel against the real server (issue 11, item 8): an
// applicant sends the application on a phone and leaves with the case code; an intake worker asks
// for a document and replies with a file attached (a second one picked and removed again); the
// applicant comes back in a new browser context with nothing but the code, finds the request on
// the checklist and the reply, downloads the reply's file, and uploads the document over a
// connection that is cut in the middle of the upload (it resumes by itself); the worker then sees
// the request fulfilled and opens the document. Finally a scan of every file the server keeps
// (the SQLite file, its WAL, the blobs) finds none of the words anyone typed, nor the code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, UI, ADMIN, servedApp, StaffUser, AppDriver, fillApplication, send, filesContaining, formatted } from './harness.mjs';

const WORKER = { name: 'worker', role: 'intake', passphrase: 'Posteingang am Montag früh' };
const env = servedApp([ADMIN, WORKER]);

// Everything typed in this conversation, each unlikely to occur in any file by chance.
const TYPED = {
  firstName: 'Gesprächsprobe',
  request: 'Lohnabrechnungen Oktober und November bitte',
  why: 'Damit berechnen wir Ihr Einkommen genau.',
  reply: 'Danke, wir prüfen Ihren Antrag diese Woche.',
  fileName: 'lohn-oktober-vertraulich.pdf',
  replyFile: 'merkblatt-mietzins-intern.pdf',
};
// What the worker attaches to the reply: what the applicant downloads must be exactly this.
const REPLY_FILE = Buffer.concat([Buffer.from('%PDF-1.4\n% Merkblatt\n'), Buffer.alloc(40 * 1024, 0x4d)]);

const widgets = (page) => page.evaluate(() => window.anl.widgets.map((w) => ({ id: w.id, label: w.label, value: w.value })));

async function applicantSends() {
  const { context, app } = await fillApplication(env, {
    firstName: TYPED.firstName, document: { name: 'ausweis.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') },
  });
  await send(app);
  const code = (await app.waitFor('case-code')).value;
  await context.close();
  return code;
}

async function workerAsksAndReplies(locator) {
  const u = await StaffUser.open(env);
  await u.signIn(WORKER);
  await u.onPage(UI['staff.list.title']);
  await u.openCase(locator);
  const other = u.page.getByRole('radiogroup', { name: UI['staff.case.request.document'], exact: true })
    .getByRole('radio', { name: UI['staff.case.request.other'], exact: true });
  await other.waitFor({ state: 'attached', timeout: 30000 });
  await other.focus();
  await u.page.keyboard.press('Space');
  await u.type(UI['staff.case.request.text'], TYPED.request);
  await u.type(UI['staff.case.request.due'], '2030-01-31');
  await u.type(UI['staff.case.request.explanation'], TYPED.why);
  await u.activate('button', UI['staff.case.request.send']);
  await u.waitText('case.sent', UI['staff.case.sent.request']);
  await u.type(UI['staff.case.reply.label'], TYPED.reply);
  await attach(u, { name: 'falsch.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 falsch') });
  await attach(u, { name: TYPED.replyFile, mimeType: 'application/pdf', buffer: REPLY_FILE });
  await u.activate('link', formatted('form.document.remove_named', { name: 'falsch.pdf' }));
  await u.waitText('case.reply.file.0', formatted('form.document.file', { name: TYPED.replyFile, size: '40 KB' }));
  assert.equal(await u.widget('case.reply.file.1'), null, 'the removed file is gone');
  await u.activate('button', UI['staff.case.reply.send']);
  await u.waitText('case.sent', UI['staff.case.sent.reply']);
  return u;
}

// Picks `file` for the reply, as the browser's file chooser hands it over.
async function attach(u, file) {
  const chooser = u.page.waitForEvent('filechooser');
  await u.activate('button', UI['staff.case.reply.attach']);
  await (await chooser).setFiles(file);
  await u.page.waitForFunction((name) => window.anl.widgets.some((w) => w.id.startsWith('case.reply.file.') &&
    w.label.startsWith(name)), file.name, { timeout: 30000 });
}

// The bytes of a download, as the browser saved them.
async function downloaded(download) {
  const saved = await download;
  return new Promise((resolve, reject) => {
    const parts = [];
    saved.createReadStream().then((s) => s.on('data', (d) => parts.push(d)).on('end', () => resolve(Buffer.concat(parts))).on('error', reject));
  });
}

test('a conversation over the case code: request, reply, a document uploaded over a cut connection; the store keeps no plaintext', async () => {
  const code = await applicantSends();
  const locator = code.slice(0, 4);
  const worker = await workerAsksAndReplies(locator);

  // A new phone with only the code.
  const { context, page, errors } = await env.open(PHONE, '/');
  const app = new AppDriver(page, { touch: true });
  await app.press('start.case');
  await app.waitFor('q.case_code');
  await app.fill('q.case_code', code);
  await app.press('case.open');
  await app.waitFor('case.title', 60000);
  // The items are fetched and opened once the case is listed: wait for the office's reply.
  await page.waitForFunction((t) => window.anl.widgets.some((w) => w.id.startsWith('case.item.') && w.value === t),
    TYPED.reply, { timeout: 60000 });
  const shown = await widgets(page);
  assert.ok(shown.some((w) => w.id.startsWith('case.item.') && w.value === TYPED.reply), 'the reply');
  const request = shown.find((w) => /^case\.request\.[0-9a-f]{32}$/.test(w.id));
  assert.ok(request, 'the request on the checklist');
  assert.equal(request.label, TYPED.request);
  assert.equal(shown.find((w) => w.id === `${request.id}.why`).label, TYPED.why);
  // The reply's file, downloaded on the phone: the bytes the worker attached, under its name.
  const replyItem = shown.find((w) => w.id.startsWith('case.item.') && w.value === TYPED.reply);
  const fileButton = shown.find((w) => w.id === `${replyItem.id}.file.0`);
  assert.ok(fileButton, 'the reply has its file');
  assert.equal(fileButton.label, formatted('case.download', { name: TYPED.replyFile }));
  assert.ok(!shown.some((w) => w.id === `${replyItem.id}.file.1`), 'and only that one');
  const replyDownload = page.waitForEvent('download');
  await app.press(fileButton.id);
  const replySaved = await replyDownload;
  assert.equal(replySaved.suggestedFilename(), TYPED.replyFile);
  assert.ok((await downloaded(replySaved)).equals(REPLY_FILE), 'the phone opens exactly the bytes the office attached');

  // The second chunk of the upload dies with the connection; the page says so and goes on by
  // itself once the phone is back online.
  let patches = 0;
  await page.route('**/api/cases/*/uploads/*', async (route) => {
    if (route.request().method() === 'PATCH' && ++patches === 2) {
      await context.setOffline(true);
      return route.abort('internetdisconnected');
    }
    return route.continue();
  });
  const scan = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(900 * 1024, 0x42)]);
  const chooserOpened = page.waitForEvent('filechooser');
  await app.press(`${request.id}.add`);
  await (await chooserOpened).setFiles({ name: TYPED.fileName, mimeType: 'application/pdf', buffer: scan });
  await app.waitFor('case.upload.retrying', 30000);
  const during = await app.widget('case.upload');
  assert.ok(during, 'the progress bar stays while it waits');
  await context.setOffline(false);
  await page.waitForFunction((t) => window.anl.widgets.some((w) => w.id === 'case.notice' && w.label === t),
    UI['case.document_sent_notice'], { timeout: 90000 });
  assert.ok(patches >= 4, `the chunks after the cut were sent (${patches} PATCHes)`);
  await page.waitForFunction(([id, done]) => {
    const w = window.anl.widgets.find((x) => x.id === id);
    return w && w.value === done;
  }, [request.id, UI['case.request.fulfilled']], { timeout: 30000 });   // the checklist ticks it off
  assert.deepEqual(errors, []);
  await context.close();

  // The worker sees the request fulfilled and the document whole.
  await worker.activate('link', UI['staff.cases.back']);
  await worker.openCase(locator);
  const fulfilled = formatted('staff.case.request.state', { state: UI['staff.case.request.fulfilled'], date: '' });
  await worker.page.waitForFunction((t) => window.anl.widgets.some((w) => `${w.label} ${w.value || ''}`.includes(t)),
    fulfilled.replace(/\s*$/, ''), { timeout: 60000 });
  const download = worker.page.waitForEvent('download');
  await worker.activate('button', new RegExp(TYPED.fileName.replace(/[.]/g, '\\.')));
  assert.ok((await downloaded(download)).equals(scan), 'the office opens exactly the bytes the phone sent');
  assert.deepEqual(worker.errors, []);
  await worker.context.close();

  // The server's files hold ciphertext only.
  for (const [what, text] of Object.entries({ ...TYPED, code, secret: code.slice(5) }))
    assert.deepEqual(filesContaining(env.server.data, text), [], `${what} is nowhere in the server's files`);
});
