// Staff accounts, each with their own key (issue 10): two intake workers with different
// passphrases each sign in and read the same submission; an admin adds a colleague (who must
// choose their own passphrase first), removes another (signed in elsewhere, they are sent back to
// the login page, and can no longer sign in), rotates the office key (an old and a new submission
// both open) and reads the activity log; an intake worker turns on two-step sign-in and signs in
// with a code computed here from the secret the page shows (RFC 6238, node:crypto HMAC).
// The staff side is driven like a screen-reader user does: by role and accessible name on the
// accessibility mirror (getByRole), Enter to activate, focus on each new page's heading.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, UI, ADMIN, servedApp, sendApplication, StaffUser, formatted as fmt } from './harness.mjs';

const WORKER = { name: 'worker', role: 'intake', passphrase: 'Posteingang am Montag früh' };
// NFD on purpose: "é" as e + combining accent. The page hands passphrases over in NFC, and
// keygen made the account from the NFC form, so this must sign in.
const COLLEAGUE = { name: 'kollege', role: 'intake', passphrase: 'Caf\u0065\u0301 au lait mit Zucker' };
const env = servedApp([ADMIN, WORKER, COLLEAGUE]);   // keygen takes the NFD line and normalises it too


// The staff page by role and name, as a screen reader reaches it.
// The staff member of these tests: also reads a submission and locks the page.
class Staff extends StaffUser {
  static async open(extra = {}) {
    const u = await StaffUser.open(env, extra);
    return new Staff(u.page, u.errors, u.context);
  }

  // Opens a submission from the list and reads the applicant's first name from it.
  async read(reference) {
    await this.activate('button', new RegExp(`^${reference}`));
    await this.onPage(fmt('staff.detail.title', { reference }));
    const answer = await this.waitWidget('answer.first_name');
    await this.activate('button', UI['staff.detail.back']);
    await this.onPage(UI['staff.list.title']);
    return answer.value;
  }

  async lock() {
    await this.activate('button', UI['staff.lock']);
    await this.onPage(UI['staff.login.title']);
    assert.equal(await this.page.evaluate(() => window.anl.widgets.some((w) => w.id.startsWith('submission.'))), false);
  }
}

const pdf = (tag) => ({ name: `ausweis-${tag}.pdf`, mimeType: 'application/pdf',
  buffer: Buffer.concat([Buffer.from(`%PDF-1.4\n% ${tag}\n`), randomBytes(2000)]) });

// RFC 6238 with the otpauth URI's parameters (SHA-1, 6 digits, 30 s), from the base32 secret.
function totpCode(secretB32, step) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, value = 0;
  const key = [];
  for (const c of secretB32.replace(/[\s=]/g, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) { key.push((value >>> (bits - 8)) & 255); bits -= 8; }
  }
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const h = createHmac('sha1', Buffer.from(key)).update(counter).digest();
  const o = h[19] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

let first = null;        // the submission sent before the rotation
let added = null;        // { name, passphrase } of the colleague the admin adds

test('two staff members with their own passphrases each sign in and read the same submission', async () => {
  first = await sendApplication(env, { firstName: 'Erstantrag', document: pdf('first') });
  const a = await Staff.open();
  await a.signIn(WORKER);
  await a.onPage(UI['staff.list.title']);
  assert.equal(await a.read(first), 'Erstantrag');
  await a.lock();
  await a.close();

  const b = await Staff.open();
  await b.signIn(COLLEAGUE); // typed in NFD, arrives in NFC
  await b.onPage(UI['staff.list.title']);
  assert.equal(await b.read(first), 'Erstantrag');
  // The list says when each submission is deleted.
  const row = await b.widget(`submission.${first}`);
  assert.match(row.label, new RegExp(UI['staff.list.expires'].replace('{date}', '.+')));
  await b.lock();
  await b.close();
});

test('a wrong passphrase and an unknown name get the same answer', async () => {
  const u = await Staff.open();
  await u.signIn({ name: WORKER.name, passphrase: 'not the passphrase at all' });
  await u.alert(UI['staff.error.invalid_login']);
  await u.page.reload();
  await u.onPage(UI['staff.login.title']);
  await u.signIn({ name: 'nobody', passphrase: 'not the passphrase at all' });
  await u.alert(UI['staff.error.invalid_login']);
  await u.close();
});

test('an admin adds a colleague, who chooses their own passphrase at the first sign-in', async () => {
  const admin = await Staff.open();
  await admin.signIn(ADMIN);
  await admin.onPage(UI['staff.list.title']);
  await admin.activate('link', UI['staff.nav.accounts']);
  await admin.onPage(UI['staff.accounts.title']);
  await admin.waitWidget(`account.${WORKER.name}`);
  await admin.activate('button', UI['staff.accounts.add']);
  await admin.onPage(UI['staff.add.title']);
  // Without a role the error summary says so.
  await admin.type(UI['staff.add.name'], 'Neu.Kollegin');  // typed with capitals: names are lower case
  await admin.activate('button', UI['staff.add.button']);
  await admin.waitWidget('error-summary');
  await admin.page.getByRole('radio', { name: UI['staff.add.role_intake'], exact: true }).focus();
  await admin.page.keyboard.press('Space');
  await admin.activate('button', UI['staff.add.button']);
  await admin.onPage(fmt('staff.added.title', { name: 'neu.kollegin' }));
  // Shown once, in two lines of three groups (a phone's width); the line break is not part of it.
  const shown = (await admin.widget('added.passphrase')).value.replace(/\s/g, '');
  assert.match(shown, /^([a-z2-9]{4}-){5}[a-z2-9]{4}$/, 'a generated first passphrase is shown once');
  added = { name: 'neu.kollegin', passphrase: shown };
  await admin.activate('button', UI['staff.added.done']);
  await admin.onPage(UI['staff.accounts.title']);
  const row = await admin.waitWidget('account.neu.kollegin');
  assert.match(row.value, new RegExp(UI['staff.accounts.first_passphrase']));
  await admin.lock();
  await admin.close();

  const n = await Staff.open();
  await n.signIn(added);
  await n.onPage(UI['staff.change.title']);                  // shown first
  assert.ok(await n.widget('must_change'));
  await n.type(UI['staff.change.new'], 'kurz');
  await n.type(UI['staff.change.repeat'], 'kurz');
  await n.activate('button', UI['staff.change.button']);
  const summary = await n.waitWidget('error-summary');
  assert.ok(summary);
  assert.ok((await n.widget('new_passphrase')).description.startsWith(UI['staff.passphrase.too_short']));
  const mine = 'Meine eigene Passphrase, gut gemerkt';
  await n.type(UI['staff.change.new'], mine);
  await n.type(UI['staff.change.repeat'], mine);
  await n.activate('button', UI['staff.change.button']);
  await n.onPage(UI['staff.list.title']);
  assert.equal((await n.waitWidget('notice')).label, UI['staff.change.done']);
  assert.equal(await n.read(first), 'Erstantrag', 'the admin sealed the office key to the new colleague');
  await n.lock();
  await n.signIn({ name: added.name, passphrase: mine });
  await n.onPage(UI['staff.list.title']);
  await n.lock();
  await n.close();
});

test('an admin removes a colleague through the admin pages; the removed one is signed out and cannot sign in again', async () => {
  const b = await Staff.open();                        // signed in elsewhere meanwhile
  await b.signIn(COLLEAGUE);
  await b.onPage(UI['staff.list.title']);

  const admin = await Staff.open();
  await admin.signIn(ADMIN);
  await admin.onPage(UI['staff.list.title']);
  await admin.activate('link', UI['staff.nav.accounts']);
  await admin.onPage(UI['staff.accounts.title']);
  // No "Remove" for oneself.
  await admin.waitWidget(`account.${COLLEAGUE.name}`);
  assert.equal(await admin.widget(`account.${ADMIN.name}.change`), null);
  await admin.activate('link', fmt('staff.accounts.remove_named', { name: COLLEAGUE.name }));
  await admin.onPage(fmt('staff.remove.title', { name: COLLEAGUE.name }));
  // "No" keeps them; Escape would too.
  await admin.activate('button', fmt('staff.remove.no', { name: COLLEAGUE.name }));
  await admin.onPage(UI['staff.accounts.title']);
  await admin.activate('link', fmt('staff.accounts.remove_named', { name: COLLEAGUE.name }));
  await admin.onPage(fmt('staff.remove.title', { name: COLLEAGUE.name }));
  await admin.activate('button', fmt('staff.remove.yes', { name: COLLEAGUE.name }));
  await admin.onPage(UI['staff.accounts.title']);
  assert.equal((await admin.waitWidget('notice')).label, fmt('staff.removed', { name: COLLEAGUE.name }));
  await admin.page.waitForFunction((id) => !window.anl.widgets.some((w) => w.id === id), `account.${COLLEAGUE.name}`);

  // The removed colleague's next request finds no session: back to the login page, told why,
  // and nothing of the session is left on the page.
  await b.activate('button', UI['staff.list.refresh']);
  await b.onPage(UI['staff.login.title']);
  await b.alert(UI['staff.error.session_ended']);
  await b.signIn(COLLEAGUE);
  await b.alert(UI['staff.error.invalid_login']);
  await b.close();
  await admin.lock();
  await admin.close();
});

test('after the admin rotates the office key, an old and a new submission both open', async () => {
  const before = await (await fetch(env.server.url + '/api/config')).json();
  const admin = await Staff.open();
  await admin.signIn(ADMIN);
  await admin.onPage(UI['staff.list.title']);
  await admin.activate('link', UI['staff.nav.accounts']);
  await admin.onPage(UI['staff.accounts.title']);
  await admin.activate('button', UI['staff.rotate.button']);
  await admin.onPage(UI['staff.rotate.title']);
  await admin.activate('button', UI['staff.rotate.yes']);
  await admin.onPage(UI['staff.accounts.title']);
  const after = await (await fetch(env.server.url + '/api/config')).json();
  assert.notEqual(after.office_key_id, before.office_key_id, 'new submissions use a new office key');
  assert.equal((await admin.waitWidget('notice')).label, fmt('staff.rotated', { key_id: after.office_key_id }));
  // The admin's own keyring took the new key at once: the old submission still opens here.
  await admin.activate('link', UI['staff.nav.submissions']);
  await admin.onPage(UI['staff.list.title']);
  assert.equal(await admin.read(first), 'Erstantrag');
  await admin.lock();
  await admin.close();

  const second = await sendApplication(env, { firstName: 'Zweitantrag', document: pdf('second') });
  const a = await Staff.open();
  await a.signIn(WORKER);
  await a.onPage(UI['staff.list.title']);
  assert.equal(await a.read(first), 'Erstantrag', 'sealed to the retired key');
  assert.equal(await a.read(second), 'Zweitantrag', 'sealed to the new key');
  await a.lock();
  await a.close();
  // The colleague added before the rotation reads both too.
  const n = await Staff.open();
  await n.signIn({ name: added.name, passphrase: 'Meine eigene Passphrase, gut gemerkt' });
  await n.onPage(UI['staff.list.title']);
  assert.equal(await n.read(second), 'Zweitantrag');
  await n.lock();
  await n.close();
});

test('two-step sign-in: turned on with a code from the shown secret, then asked for at sign-in', async () => {
  const a = await Staff.open();
  await a.signIn(WORKER);
  await a.onPage(UI['staff.list.title']);
  await a.activate('link', UI['staff.nav.two_step']);
  await a.onPage(UI['staff.totp.title']);
  await a.activate('button', UI['staff.totp.start']);
  const secret = (await a.waitWidget('totp.secret')).value;
  assert.match(secret, /^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/, 'the secret in groups of four');
  assert.match((await a.widget('totp.uri')).label, /^otpauth:\/\/totp\/.*secret=/);
  const step = Math.floor(Date.now() / 30000);
  await a.type(UI['staff.code.label'], totpCode(secret, step));
  await a.activate('button', UI['staff.totp.confirm']);
  await a.onPage(UI['staff.totp.title']);
  assert.equal((await a.waitWidget('notice')).label, UI['staff.totp.turned_on']);
  await a.lock();

  await a.signIn(WORKER);
  await a.onPage(UI['staff.code.title']);
  await a.type(UI['staff.code.label'], '000000' === totpCode(secret, step + 1) ? '111111' : '000000');
  await a.page.keyboard.press('Enter');
  await a.onPage(UI['staff.code.title']);
  await a.page.waitForFunction((t) => window.anl.widgets.some((w) => w.id === 'code' && w.description.startsWith(t)),
    UI['staff.error.invalid_totp']);
  // A code already used is refused as a replay; the next step's code (within the window) is not.
  await a.type(UI['staff.code.label'], totpCode(secret, step + 1));
  await a.page.keyboard.press('Enter');
  await a.onPage(UI['staff.list.title']);
  await a.lock();
  await a.close();
});

test('the admin reads the activity log, newest first', async () => {
  const admin = await Staff.open();
  await admin.signIn(ADMIN);
  await admin.onPage(UI['staff.list.title']);
  await admin.activate('link', UI['staff.nav.audit']);
  await admin.onPage(UI['staff.audit.title']);
  await admin.page.waitForFunction(() => window.anl.widgets.some((w) => w.id.startsWith('audit.') && w.role === 'definition'));
  const entries = await admin.page.evaluate(() =>
    window.anl.widgets.filter((w) => w.role === 'definition' && /^audit\.\d+$/.test(w.id)).map((w) => w.value));
  const action = (name) => UI[`staff.audit.action.${name}`];
  assert.equal(entries[0], fmt('staff.audit.entry', { actor: ADMIN.name, action: action('login') }),
    'the newest entry is this sign-in');
  for (const expected of [
    fmt('staff.audit.entry_target', { actor: ADMIN.name, action: action('account_remove'), target: COLLEAGUE.name }),
    fmt('staff.audit.entry_target', { actor: ADMIN.name, action: action('account_add'), target: 'neu.kollegin' }),
    fmt('staff.audit.entry', { actor: WORKER.name, action: action('totp_enable') }),
  ])
    assert.ok(entries.includes(expected), `the log has "${expected}"`);
  assert.ok(entries.some((e) => e.startsWith(`${ADMIN.name}: ${action('key_rotate')}`)));
  await admin.lock();
  await admin.close();
});

// axe-core (npm) audits what assistive technology gets on each staff page: the mirror, the shell,
// the overlay. bypassCSP only so that the audit script can be injected.
const AXE_SOURCE = readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
async function axeViolations(page) {
  if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

test('axe-core finds no accessibility violations on the signed-in staff pages', async () => {
  const admin = await Staff.open({ bypassCSP: true });
  const audit = async (what) => assert.deepEqual(await axeViolations(admin.page), [], what);
  await admin.signIn(ADMIN);
  await admin.onPage(UI['staff.list.title']);
  await admin.waitWidget(`submission.${first}`);
  await audit('submissions list');
  await admin.activate('link', UI['staff.nav.accounts']);
  await admin.onPage(UI['staff.accounts.title']);
  await admin.waitWidget(`account.${WORKER.name}`);
  await audit('staff accounts');
  await admin.activate('button', UI['staff.accounts.add']);
  await admin.onPage(UI['staff.add.title']);
  await admin.activate('button', UI['staff.add.button']);
  await admin.waitWidget('error-summary');
  await audit('add a staff member, with errors');
  await admin.type(UI['staff.add.name'], 'axe.check');
  await admin.page.getByRole('radio', { name: UI['staff.add.role_admin'], exact: true }).focus();
  await admin.page.keyboard.press('Space');
  await admin.activate('button', UI['staff.add.button']);
  await admin.onPage(fmt('staff.added.title', { name: 'axe.check' }));
  await audit('first passphrase of a new colleague');
  await admin.activate('button', UI['staff.added.done']);
  await admin.onPage(UI['staff.accounts.title']);
  await admin.activate('link', fmt('staff.accounts.remove_named', { name: 'axe.check' }));
  await admin.onPage(fmt('staff.remove.title', { name: 'axe.check' }));
  await audit('remove confirmation');
  await admin.page.keyboard.press('Escape');               // cancels, as "No" does
  await admin.onPage(UI['staff.accounts.title']);
  await admin.activate('button', UI['staff.rotate.button']);
  await admin.onPage(UI['staff.rotate.title']);
  await audit('rotation confirmation');
  await admin.activate('button', UI['staff.rotate.no']);
  await admin.onPage(UI['staff.accounts.title']);
  await admin.activate('link', UI['staff.nav.passphrase']);
  await admin.onPage(UI['staff.change.title']);
  await admin.activate('link', UI['staff.change.suggest']);
  await admin.waitWidget('suggested');
  await audit('change passphrase, with a suggestion');
  await admin.activate('link', UI['staff.nav.two_step']);
  await admin.onPage(UI['staff.totp.title']);
  await admin.activate('button', UI['staff.totp.start']);
  await admin.waitWidget('totp.secret');
  await audit('two-step sign-in set-up');
  await admin.activate('link', UI['staff.nav.audit']);
  await admin.onPage(UI['staff.audit.title']);
  await admin.page.waitForFunction(() => window.anl.widgets.some((w) => w.id === 'audit.end' || w.id === 'audit.more'));
  await audit('activity log');
  await admin.lock();
  await admin.close();
});

// Last in the file: its failed attempts count against this address too.
test('repeated wrong passphrases are slowed down, and the page says how long to wait', async () => {
  const u = await Staff.open();
  const waitText = UI['staff.error.wait_seconds'].match(/other \{([^#]*)#/)[1];
  let throttled = null;
  for (let i = 0; i < 12 && !throttled; i++) {
    const answer = u.page.waitForResponse((r) => r.url().endsWith('/api/staff/session'), { timeout: 60000 });
    if (i === 0) await u.signIn({ name: 'ghost', passphrase: 'not the passphrase at all' });
    else {
      await u.type(UI['staff.login.passphrase'], 'not the passphrase at all');
      await u.page.keyboard.press('Enter');
    }
    const r = await answer;
    if (r.status() === 429) throttled = Number(r.headers()['retry-after']);
    else {
      assert.equal(r.status(), 401);
      await u.alert(UI['staff.error.invalid_login']);
    }
  }
  assert.ok(throttled > 0, 'the server asked to wait');
  await u.page.waitForFunction((t) => window.anl.widgets.some((w) => w.role === 'alert' && w.label.startsWith(t)),
    waitText, { timeout: 30000 });
  const alert = await u.page.evaluate(() => window.anl.widgets.find((w) => w.role === 'alert').label);
  assert.match(alert, /\d+/, `the wait is said in numbers: "${alert}"`);
  await u.close();
});
