// Nothing typed outlives the session (issue 9, item 5): after a staff member's "Lock", and after
// an applicant's "Finish" on a shared computer or a kiosk, the page is a fresh instance that shows
// the login or start page at once, and a scan of everything a page script can reach finds none of
// the strings typed before: the wasm memory (UTF-8 and UTF-16LE), the whole document (markup, the
// accessibility mirror, the values of inputs), localStorage and sessionStorage, history.state, the
// title and URL, window.anl and the window's string globals. The same after "Finish" on the case
// page: the case code, the question sent and the office's reply are gone. Each test first runs the same scan
// on the live session and requires it to find every string, so the scan can fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { DESKTOP, UI, servedApp, officeStaff, AppDriver, StaffUser, fillApplication, send, sendApplication } from './harness.mjs';

const PASSPHRASE = 'Quittengelee schmeckt nach Oktober 58';
const env = servedApp(officeStaff(PASSPHRASE));

const pdf = (tag) => ({ name: `ausweis-${tag}.pdf`, mimeType: 'application/pdf',
  buffer: Buffer.concat([Buffer.from(`%PDF-1.4\n% ${tag}\n`), randomBytes(2000)]) });

// Where in the page each of `needles` is: a list of "needle: place" (empty: nowhere).
function traces(page, needles) {
  return page.evaluate((list) => {
    const found = [];
    const memory = typeof wasmMemory !== 'undefined' ? new Uint8Array(wasmMemory.buffer) // eslint-disable-line no-undef
      : (typeof HEAPU8 !== 'undefined' ? HEAPU8 : null); // eslint-disable-line no-undef
    if (!memory || memory.length < 1 << 20) found.push(`no wasm memory to scan (${memory && memory.length})`);
    const contains = (hay, pattern) => {
      for (let i = hay.indexOf(pattern[0]); i >= 0 && i <= hay.length - pattern.length; i = hay.indexOf(pattern[0], i + 1)) {
        let j = 1;
        while (j < pattern.length && hay[i + j] === pattern[j]) j++;
        if (j === pattern.length) return true;
      }
      return false;
    };
    const utf16le = (text) => {
      const out = new Uint8Array(text.length * 2);
      for (let i = 0; i < text.length; i++) { out[2 * i] = text.charCodeAt(i) & 255; out[2 * i + 1] = text.charCodeAt(i) >> 8; }
      return out;
    };
    const fields = [...document.querySelectorAll('input, textarea')].map((e) => e.value).join('\n');
    const storage = (s) => Array.from({ length: s.length }, (_, i) => s.key(i) + '=' + s.getItem(s.key(i))).join('\n');
    const state = (() => {
      try { return JSON.stringify(history.state); } catch (e) { return String(history.state); }
    })();
    // window.anl without its DOM nodes (the document is scanned whole above); Maps and Sets as lists.
    const anl = JSON.stringify(window.anl || {}, (k, v) => (v instanceof Node ? undefined
      : v instanceof Map ? [...v.keys()] : v instanceof Set ? [...v] : v));
    const globals = Object.getOwnPropertyNames(window).map((name) => {
      try { return typeof window[name] === 'string' ? window[name] : ''; } catch (e) { return ''; }
    }).join('\n');
    const places = {
      'the document': document.documentElement.outerHTML, 'an input\'s value': fields,
      localStorage: storage(localStorage), sessionStorage: storage(sessionStorage), 'history.state': state,
      'the title or URL': document.title + '\n' + location.href, 'window.anl': anl, 'a global string': globals,
    };
    for (const needle of list) {
      if (memory && contains(memory, new TextEncoder().encode(needle))) found.push(`${needle}: wasm memory (UTF-8)`);
      if (memory && contains(memory, utf16le(needle))) found.push(`${needle}: wasm memory (UTF-16LE)`);
      for (const [place, text] of Object.entries(places))
        if (text.includes(needle)) found.push(`${needle}: ${place}`);
    }
    return found;
  }, needles);
}

// The scan finds every needle in the live page (before the session ends), in the wasm memory.
async function assertFound(page, needles) {
  const found = await traces(page, needles);
  for (const needle of needles)
    assert.ok(found.includes(`${needle}: wasm memory (UTF-8)`), `the scan does not see "${needle}" yet: ${found.join(' | ')}`);
}

// Marks the running instance, so that waiting for the next page cannot stop at this one.
function markInstance(page) {
  return page.evaluate(() => { window.anlOldInstance = true; });
}

async function waitFreshInstanceWith(page, widgetId) {
  await page.waitForFunction((id) => !window.anlOldInstance && window.anl && window.anl.widgets.some((w) => w.id === id),
    widgetId, { timeout: 30000 });
}

test('after "Lock", the staff page is a fresh login page holding none of the passphrase or the decrypted answers', async () => {
  const applicant = { firstName: 'Wendelgard', lastName: 'Quastenberg', street: 'Zypressenhalde 77',
    message: 'Bitte rufen Sie mich nach dem Schichtende an, Kennwort Heidelbeermond.' };
  const reference = await sendApplication(env, { ...applicant, document: pdf('lock') });
  const { context, page, errors } = await env.open(DESKTOP, '/staff');
  const app = new AppDriver(page, { touch: false });
  await app.waitFor('passphrase');
  await app.fill('name', 'worker');
  await app.fill('passphrase', PASSPHRASE);
  await page.waitForFunction((n) => window.anl.widgets.some((w) => w.id === 'passphrase' && w.value.length === n),
    PASSPHRASE.length);
  await assertFound(page, [PASSPHRASE]);
  await app.press('login');
  await app.waitFor(`submission.${reference}`, 60000);
  await app.press(`submission.${reference}`);
  assert.equal((await app.waitFor('answer.first_name', 30000)).value, applicant.firstName);
  const answers = Object.values(applicant);
  await assertFound(page, answers);

  await markInstance(page);
  await app.press('lock');
  await waitFreshInstanceWith(page, 'passphrase');
  assert.deepEqual(await traces(page, [PASSPHRASE, ...answers, reference]), []);
  assert.deepEqual(errors, []);
  await context.close();
});

for (const [where, route] of [['a shared computer', '/'], ['a kiosk', '/?kiosk=1']]) {
  test(`after "Finish" on ${where}, the page is a fresh start page holding nothing the applicant typed`, async () => {
    const tag = route === '/' ? 'Gemeinschaftsrechner' : 'Kioskterminal';
    const typed = { firstName: `Ottilie${tag}`, lastName: 'Brombeerstrauch', street: `Holunderstieg 41 ${tag}`,
      message: `Ich komme am Dienstag mit meiner Schwester vorbei (${tag}, Stichwort Sanddornbeere).` };
    const { context, page, app, errors } = await fillApplication(env, { ...typed, route, document: pdf(tag) });
    const needles = Object.values(typed);
    await assertFound(page, needles);
    const reference = await send(app);
    await markInstance(page);
    await app.press('finish');
    await waitFreshInstanceWith(page, 'start');
    assert.deepEqual(await traces(page, [...needles, reference]), []);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('after "Finish" on the case page, nothing of the case stays: the code, the question sent, the office\'s reply', async () => {
  const sent = await fillApplication(env, { firstName: 'Fallgedächtnis', document: pdf('case') });
  await send(sent.app);
  const code = (await sent.app.waitFor('case-code')).value;
  await sent.context.close();
  const reply = 'Wir haben Ihre Unterlagen erhalten, Stichwort Mirabellenkompott.';
  const worker = await StaffUser.open(env);
  await worker.signIn({ name: 'worker', passphrase: PASSPHRASE });
  await worker.onPage(UI['staff.list.title']);
  await worker.openCase(code.slice(0, 4));
  await worker.type(UI['staff.case.reply.label'], reply);
  await worker.activate('button', UI['staff.case.reply.send']);
  await worker.waitText('case.sent', UI['staff.case.sent.reply']);
  await worker.close();

  const question = 'Kann ich am Donnerstag vorbeikommen, Stichwort Quittenbrot?';
  const { context, page, errors } = await env.open(DESKTOP, '/');
  const app = new AppDriver(page, { touch: false });
  await app.press('start.case');
  await app.fill('q.case_code', code);
  await page.waitForFunction((n) => window.anl.widgets.some((w) => w.id === 'q.case_code' && w.value.length === n),
    code.length);
  await assertFound(page, [code]);
  await app.press('case.open');
  await page.waitForFunction((t) => window.anl.widgets.some((w) => w.id.startsWith('case.item.') && w.value === t),
    reply, { timeout: 60000 });
  await app.fill('q.case_question', question);
  await app.press('case.send_question');
  await page.waitForFunction((t) => document.getElementById('anl-live').textContent === t, UI['case.question_sent']);
  await assertFound(page, [question, reply]);
  await markInstance(page);
  await app.press('case.finish');
  await waitFreshInstanceWith(page, 'start');
  assert.deepEqual(await traces(page, [code, code.replaceAll('-', ''), question, reply]), []);
  assert.deepEqual(errors, []);
  await context.close();
});
