// The applicant's journey as a stressed person meets it (issue 12): the browser's Back and
// Forward stay inside the service with the answers kept; a tab closed mid-form on one's own
// phone loses nothing and continues without a code; a page left alone on a kiosk warns, counts
// down and clears itself; the confirmation survives a reload and Back and Forward until "finish".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, PHONE, UI, servedApp, officeStaff, AppDriver, fillApplication, send } from './harness.mjs';

const env = servedApp(officeStaff('Birnenkompott im Dezember 77'));

// A page is known by a widget only it draws (its first field, the device choice, "Start now").
const NAME = 'q.first_name', BIRTH = 'q.birth_date', CONTACT = 'q.phone', DEVICE = 'q.device.own';

test('the browser\'s Back and Forward move between pages, answers kept, and never leave the service', async () => {
  const { context, page, errors } = await env.open(DESKTOP, '/');
  const app = new AppDriver(page, { touch: false });
  await app.press('start');
  await app.press('q.device.shared');
  await app.next();
  await app.fill('q.first_name', 'Mirjam');
  await app.fill('q.last_name', 'Beispiel');
  await app.next();
  await app.waitFor(BIRTH);
  const portal = page.url();

  await page.goBack();
  assert.equal((await app.waitFor(NAME)).value, 'Mirjam', 'the answer is still there');
  assert.equal(page.url(), portal, 'still in the service');
  await page.goForward();
  await app.waitFor(BIRTH);

  await page.goBack();
  await app.waitFor(NAME);
  await page.goBack();
  await app.waitFor(DEVICE);
  await page.goBack();
  await app.waitFor('start');
  // Forward again, all the way: the answers were never lost.
  await page.goForward();
  await app.waitFor(DEVICE);
  await page.goForward();
  assert.equal((await app.waitFor('q.last_name')).value, 'Beispiel');
  // The app's own Back link is one step of the same history: the browser's Forward returns.
  await page.goForward();
  await app.waitFor(BIRTH);
  await app.press('back');
  await app.waitFor(NAME);
  await page.goForward();
  await app.waitFor(BIRTH);
  // The history holds only numbers: no name, no page id.
  const state = JSON.stringify(await page.evaluate(() => history.state));
  assert.ok(!state.includes('Mirjam') && !state.includes('birth'), state);
  assert.deepEqual(errors, []);
  await context.close();
});

test('own phone: a tab closed mid-form loses nothing, and the start page continues without a code', async () => {
  const { context, page, errors } = await env.open(PHONE, '/');
  const app = new AppDriver(page, { touch: true });
  await app.press('start');
  assert.equal((await app.waitFor('device.title')).label, UI['device.title']);
  await app.press('q.device.own');
  await app.next();
  await app.fill('q.first_name', 'Selin');
  await app.fill('q.last_name', 'Yılmaz');
  await app.next();
  await app.fill('q.birth_date', '03.03.1991');
  await app.next();                                  // the contact page: the tab is killed here
  const stored = await page.evaluate(() => localStorage.getItem('anl.draft'));
  assert.ok(stored && !stored.includes('Selin'), 'kept sealed on the device');
  await page.close();

  const again = await context.newPage();
  const app2 = new AppDriver(again, { touch: true });
  await again.goto(env.server.url + '/');
  await app2.waitFor('start.continue');
  await app2.press('start.continue');
  await app2.waitFor(CONTACT, 60000);                // after the case code's Argon2id
  await app2.press('back');
  await app2.waitFor(BIRTH);
  assert.equal((await app2.widget(BIRTH)).value, '03.03.1991');
  await app2.press('back');
  assert.equal((await app2.waitFor(NAME)).value, 'Selin');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a kiosk left alone mid-form warns, counts down and clears itself; a tap keeps it', async () => {
  const { context, page, errors } = await env.open(DESKTOP, '/?kiosk=1', {},
    { beforeGoto: (ctx) => ctx.clock.install() });
  const app = new AppDriver(page, { touch: false });
  await app.press('start');
  await app.fill('q.first_name', 'Kioskperson');
  await app.press('continue');                       // the error summary: the last name is missing
  await app.waitFor('error-summary');

  await page.clock.fastForward('01:31');
  const warning = await app.waitFor('idle.warning');
  assert.equal(warning.label, UI['idle.warning_kiosk']);
  await page.waitForFunction(() => document.activeElement && document.activeElement.dataset.widget === 'idle.continue');
  assert.match((await app.widget('idle.countdown')).label, /0:[0-9]{2}/);
  await app.press('idle.continue');
  await app.waitGone('idle.warning');
  assert.equal((await app.widget('q.first_name')).value, 'Kioskperson', 'kept after the tap');

  await page.evaluate(() => { window.anlOldInstance = true; });
  await page.clock.fastForward('01:31');
  await app.waitFor('idle.warning');
  await page.clock.fastForward('00:31');
  await page.waitForFunction(() => !window.anlOldInstance && window.anl && window.anl.widgets.some((w) => w.id === 'start'),
    null, { timeout: 30000 });
  const text = await page.evaluate(() => document.body.innerText + JSON.stringify(window.anl.widgets));
  assert.ok(!text.includes('Kioskperson'), 'nothing of the last person');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the confirmation survives a reload and Back and Forward, until "finish"', async () => {
  const { context, page, app, errors } = await fillApplication(env, {
    firstName: 'Dragana', document: { name: 'ausweis.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%journey\n') },
  });
  const reference = await send(app);
  await page.reload();
  assert.equal((await app.waitFor('confirmation')).value, reference);
  await page.goBack();
  await app.atRest();
  assert.equal((await app.waitFor('confirmation')).value, reference, 'Back stays on the confirmation');
  assert.equal(await app.widget('q.first_name'), null);
  await page.goForward().catch(() => {});
  assert.equal((await app.waitFor('confirmation')).value, reference);

  const fresh = page.waitForEvent('load');
  await app.press('finish');
  await fresh;
  await app.waitFor('start');
  await page.reload();
  await app.waitFor('start');
  assert.equal(await app.widget('confirmation'), null, 'gone after finish');
  assert.equal(await page.evaluate(() => sessionStorage.length + localStorage.length), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a kiosk, ten people in a row: nobody meets anything of the people before, not their names nor their codes', async () => {
  const { context, page, errors } = await env.open(DESKTOP, '/?kiosk=1', {},
    { beforeGoto: (ctx) => ctx.clock.install() });
  const app = new AppDriver(page, { touch: false });
  const codes = [];   // the codes shown to those who saved: no later person may meet one
  // Ten people in a row (issue 12): every other one walks away mid-form, the others save and finish.
  const people = ['Erste', 'Zweiter', 'Dritte', 'Vierter', 'Fuenfte', 'Sechster', 'Siebte', 'Achter', 'Neunte', 'Zehnter'];
  for (let i = 0; i < people.length; i++) {
    const name = `${people[i]}Person${i}`;
    await app.waitFor('start');
    const before = [...people.slice(0, i).map((p, j) => `${p}Person${j}`), ...codes];
    const seen = await page.evaluate(() => document.documentElement.outerHTML + JSON.stringify(window.anl.widgets) +
      document.title + sessionStorage.length + localStorage.length);
    for (const earlier of before) assert.ok(!seen.includes(earlier), `person ${i + 1} sees ${earlier}`);
    // The live region says at most that the fresh page loaded (the page's markup is scanned above).
    assert.ok(['', UI['status.loading']].includes(await page.evaluate(() => document.getElementById('anl-live').textContent)));
    await app.press('start');
    await app.fill('q.first_name', name);
    await app.fill('q.last_name', 'Muster');
    await app.next();
    await page.evaluate(() => { window.anlOldInstance = true; });
    if (i % 2 === 0) {                                // walks away: the page clears itself
      await page.clock.fastForward('01:31');
      await app.waitFor('idle.warning');
      await page.clock.fastForward('00:31');
    } else {                                          // saves for later and finishes
      await app.press('save-later');
      const saved = await app.waitFor('saved', 60000);
      codes.push(saved.value);
      await app.press('save.finish');
    }
    await page.waitForFunction(() => !window.anlOldInstance && window.anl && window.anl.widgets.some((w) => w.id === 'start'),
      null, { timeout: 30000 });
    // The browser's Back from the fresh page brings back nothing of this person either.
    await page.goBack().catch(() => {});
    await app.waitFor('start');
    const after = await page.evaluate(() => document.documentElement.outerHTML + JSON.stringify(window.anl.widgets));
    assert.ok(!after.includes(name), `${name} is still on the page after Back`);
  }
  assert.equal(new Set(codes).size, 5, 'each person who saved got a code of their own');
  assert.deepEqual(errors, []);
  await context.close();
});
