// The staff side of the case channel against the real server (issue 11): a case is made over the
// API as the applicant's device makes it (a public key, the SHA-256 of a token), an intake worker
// finds it in the cases list, opens it, replies and adds an internal note. The server accepts what
// the page sealed only when its recipients are exactly the current office key and the case key
// (the reply) or the office key alone (the note), so the 201s prove the page sealed them right.
// The applicant's own API then lists the reply and never the note; opened again, the staff page
// decrypts both from what the server stored. Driven by role and accessible name, as in
// staff_accounts.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, UI, ADMIN, servedApp, StaffUser, formatted as fmt } from './harness.mjs';

const WORKER = { name: 'worker', role: 'intake', passphrase: 'Posteingang am Montag früh' };
const env = servedApp([ADMIN, WORKER]);

const ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';

// A case as POST /api/cases takes it. The staff page only seals to the public key, so any 32
// bytes do; the token is what the applicant's side would show as its bearer.
async function makeCase() {
  const locator = Array.from(randomBytes(4), (b) => ALPHABET[b % ALPHABET.length]).join('');
  const token = randomBytes(32);
  const body = {
    locator,
    salt: randomBytes(16).toString('base64'),
    public_key: randomBytes(32).toString('base64'),
    token_sha256: createHash('sha256').update(token).digest('hex'),
    opslimit: 3,
    memlimit: 32 * 1024 * 1024,
  };
  const r = await fetch(env.server.url + '/api/cases', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  assert.equal(r.status, 201, await r.text());
  return { locator, bearer: token.toString('base64url') };
}

// What the applicant's side is given: GET /api/cases/{locator} with the token.
async function applicantView(c) {
  const r = await fetch(`${env.server.url}/api/cases/${c.locator}`, { headers: { Authorization: `Bearer ${c.bearer}` } });
  assert.equal(r.status, 200);
  return r.json();
}

// axe-core audits what assistive technology gets, as in staff_accounts.test.mjs.
const AXE_SOURCE = readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
async function axeViolations(page) {
  if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

// Every field of a page has a name of its own: a screen reader user tells them apart by it.
async function fieldNames(page) {
  return page.evaluate(() => [...document.querySelectorAll('[data-role^="textbox"]')].map((e) => e.getAttribute('aria-label')));
}

test('an intake worker opens a case, replies and adds a note; the applicant is given the reply only', async () => {
  const c = await makeCase();
  const u = await StaffUser.open(env, { bypassCSP: true }); // axe is injected
  await u.signIn(WORKER);
  await u.onPage(UI['staff.list.title']);
  // A case holding nothing yet is not the office's list's (a draft saved under it, say), but
  // it opens by its locator.
  await u.activate('link', UI['staff.nav.cases']);
  await u.onPage(UI['staff.cases.title']);
  await u.page.waitForFunction(() => window.anl.widgets.some((w) => w.id === 'cases.refresh') &&
    !window.anl.widgets.some((w) => w.id === 'cases.loading'));   // the list has come
  assert.equal(await u.page.evaluate((id) => window.anl.widgets.some((w) => w.id === id), `case.${c.locator}`), false);
  await u.openCase(c.locator, { typed: true });
  await u.waitWidget('case.no_items');
  const names = await fieldNames(u.page);
  assert.ok(names.length >= 6, names.join(' | '));
  assert.equal(new Set(names).size, names.length, names.join(' | '));

  const reply = 'Guten Tag, bitte senden Sie uns den Mietvertrag.';
  await u.type(UI['staff.case.reply.label'], reply);
  await u.activate('button', UI['staff.case.reply.send']);
  await u.waitText('case.sent', UI['staff.case.sent.reply']);
  await u.waitText('item.0.text', reply);

  const note = 'Vermieter anrufen';
  await u.type(UI['staff.case.note.label'], note);
  await u.activate('button', UI['staff.case.note.send']);
  await u.waitText('case.sent', UI['staff.case.sent.note']);

  // The applicant's API lists the reply (by the office) and not the note.
  const mine = await applicantView(c);
  assert.equal(mine.items.length, 1);
  assert.equal(mine.items[0].author, 'office');

  // Opened again, both come back from the server and open with the office keyring.
  await u.activate('link', UI['staff.cases.back']);
  await u.onPage(UI['staff.cases.title']);
  const prefix = UI['staff.cases.row'].split('{locator}')[0] + c.locator;
  await u.activate('button', new RegExp(`^${prefix}`));
  await u.onPage(fmt('staff.case.title', { locator: c.locator }));
  await u.waitText('item.0.text', reply);
  await u.waitText('item.1.text', fmt('staff.case.kind.note', { text: note }));
  assert.deepEqual(await axeViolations(u.page), [], 'the case page');

  // A locator that names no case says so.
  await u.activate('link', UI['staff.cases.back']);
  await u.onPage(UI['staff.cases.title']);
  const none = c.locator === 'ZZZZ' ? 'YYYY' : 'ZZZZ';
  await u.type(UI['staff.cases.locator'], none.toLowerCase());
  await u.activate('button', UI['staff.cases.open']);
  await u.onPage(fmt('staff.case.title', { locator: none }));
  await u.waitText('case.error', UI['staff.case.not_found']);
  await u.activate('link', UI['staff.cases.back']);
  await u.onPage(UI['staff.cases.title']);
  await u.waitWidget(`case.${c.locator}`);
  assert.deepEqual(await axeViolations(u.page), [], 'the cases list');

  assert.deepEqual(u.errors, []);
  await u.context.close();
});
