// Shared pieces of the browser tests: a real serve.py on loopback with a throw-away data directory
// and office key, Debian's Chromium through playwright-core, and helpers that drive the app the
// way a person does (tap or click where a widget is drawn, type on the keyboard).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// Both in Swiss German, as the tests read the German catalog: a first visit opens in the browser's
// language (tests/e2e/details.test.mjs changes it per context).
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true, locale: 'de-CH' };
export const DESKTOP = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, locale: 'de-CH' };

// The texts the app shows, from the same catalogs it loads: tests find controls by these names.
export function catalogStrings(file) {
  return JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')).strings;
}
export const UI = catalogStrings('assets/i18n/de.json');
// A German catalog string with its {placeholders} filled in.
export const formatted = (key, args) => Object.entries(args).reduce((s, [k, v]) => s.replace(`{${k}}`, v), UI[key]);
const FORM_TEXT = catalogStrings('assets/forms/i18n/de.json');
// A text of the social-assistance form in German; throws for a key the form does not have.
export function formText(key) {
  const text = FORM_TEXT[`form.social-assistance.${key}`];
  if (text === undefined) throw new Error(`no form text ${key}`);
  return text;
}

// The staff of a throw-away office (protocol v2: each has their own passphrase). keygen makes the
// accounts; the first one must be an admin, and no passphrase may contain its account's name.
export const ADMIN = { name: 'admin', role: 'admin', passphrase: 'Amtsleitung liest mit 2026' };
export function officeStaff(workerPassphrase) {
  return [ADMIN, { name: 'worker', role: 'intake', passphrase: workerPassphrase }];
}

// Starts serve.py with a fresh office key and these staff accounts; resolves to { url, data, stop }.
export async function startServer(staff) {
  const data = mkdtempSync(path.join(tmpdir(), 'anl-e2e-'));
  execFileSync(path.join(ROOT, 'build/native/anlaufstelle-keygen'),
    ['--out', path.join(data, 'office-key.json'), ...staff.flatMap((s) => ['--staff', `${s.name}:${s.role}`])],
    { input: staff.map((s) => s.passphrase + '\n').join(''), stdio: ['pipe', 'ignore', 'inherit'] });
  const proc = spawn('/usr/bin/python3', [path.join(ROOT, 'serve.py'), '--host', '127.0.0.1', '--port', '0', '--data', data],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stderr.on('data', (d) => { log += d; });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('serve.py did not start: ' + out + log)), 15000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/serving on (http:\/\/\S+)/);
      if (m) { clearTimeout(timer); resolve(m[1].replace(/\/$/, '')); }
    });
    proc.on('exit', (code) => reject(new Error(`serve.py exited with ${code}: ${out}${log}`)));
  });
  return {
    url, data,
    log: () => log,
    stop: () => { proc.kill('SIGTERM'); },
    cleanup: () => rmSync(data, { recursive: true, force: true }),
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-sandbox',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

// One throw-away serve.py and one Chromium for a test file: started before its first test and
// stopped after its last. `open` is a new device (a fresh browser context) on a route of the app;
// it collects the page's uncaught errors, which every test expects to stay empty.
export function servedApp(staff) {
  const env = {
    server: null,
    browser: null,
    // `beforeGoto(context)` runs before the page loads (e.g. to install a fake clock).
    async open(profile, route, extra = {}, { beforeGoto } = {}) {
      const context = await env.browser.newContext({ ...profile, ...extra });
      if (beforeGoto) await beforeGoto(context);
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(env.server.url + route);
      return { context, page, errors };
    },
  };
  before(async () => {
    env.server = await startServer(staff);
    env.browser = await launchBrowser();
  });
  after(async () => {
    if (env.browser) await env.browser.close();
    if (env.server) { env.server.stop(); env.server.cleanup(); }
  });
  return env;
}

// Every file below dir, recursively (the SQLite file, its WAL, the blobs).
export function allFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...allFiles(p));
    else out.push(p);
  }
  return out;
}

export function filesContaining(dir, needle) {
  return allFiles(dir).filter((f) => readFileSync(f).includes(needle));
}

// Waiting on the app instead of on the clock. The app draws on demand (web/platform.js publishes
// window.anl.frameCount and the widget tree with every frame it draws) and draws nothing at rest.

// Resolves once the app has let two browser animation frames pass without drawing: nothing moves
// (no scroll momentum, no animation, no pending redraw), so the canvas shows the tree last published.
export async function atRest(page, timeout = 10000) {
  const deadline = Date.now() + timeout;
  while (!(await page.evaluate(() => new Promise((resolve) => {
    const n = window.anl ? window.anl.frameCount : -1;
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(!!window.anl && window.anl.frameCount === n)));
  })))) {
    if (Date.now() > deadline) throw new Error('the app never came to rest');
  }
}

// Runs `action` (a key press, a click) and resolves once the app has drawn a frame after it, or
// at once if the focus is somewhere the app does not draw (it draws on every focus change within
// its mirror and text layer).
export async function frameAfter(page, action, timeout = 10000) {
  const before = await page.evaluate(() => window.anl.frameCount);
  await action();
  await page.waitForFunction((n) => window.anl.frameCount > n ||
    !(document.activeElement && document.activeElement.closest('#anl-mirror, #anl-text-layer')),
  before, { timeout, polling: 'raf' });
}

// Counts the frames the app draws while the browser draws `frames` animation frames (about 16 ms
// each): an app at rest draws none.
export function framesDrawnDuring(page, frames) {
  return page.evaluate((count) => new Promise((resolve) => {
    const start = window.anl.frameCount;
    let left = count;
    const tick = () => { if (--left > 0) requestAnimationFrame(tick); else resolve(window.anl.frameCount - start); };
    requestAnimationFrame(tick);
  }), frames);
}

// Drives one page of the app through what it draws (window.anl.widgets).
export class AppDriver {
  constructor(page, { touch }) {
    this.page = page;
    this.touch = touch;
    this.taps = 0;    // taps or clicks, fields included: what a person does
    this.pages = 0;   // "Continue" presses that moved on
  }

  widget(id) {
    return this.page.evaluate((wid) => (window.anl && window.anl.widgets || []).find((w) => w.id === wid) || null, id);
  }

  // The widget as drawn in the frame that first had it (read in the same evaluation, so a frame
  // drawn in between cannot take it away again).
  async waitFor(id, timeout = 20000) {
    const handle = await this.page.waitForFunction(
      (wid) => (window.anl && window.anl.widgets.find((w) => w.id === wid)) || null, id, { timeout });
    return handle.jsonValue();
  }

  async waitGone(id, timeout = 20000) {
    await this.page.waitForFunction((wid) => window.anl && !window.anl.widgets.some((w) => w.id === wid), id, { timeout });
  }

  // Scrolls (a finger drag on touch screens, the wheel on desktops) until the widget is in view.
  async scrollIntoView(id) {
    const vh = this.page.viewportSize().height;
    for (let i = 0; i < 12; i++) {
      const w = await this.waitFor(id);
      const cy = w.y + w.h / 2;
      if (cy > 70 && cy < vh - 70) {
        // A drag can still be scrolling the page (the last touch moves land over a few frames):
        // tap only where the widget has come to rest.
        await atRest(this.page);
        const again = await this.widget(id);
        if (again && again.y === w.y) return w;
        continue;
      }
      const delta = Math.max(-350, Math.min(350, cy - vh / 2));
      const before = w.y;
      if (this.touch) await this.drag(delta);
      else {
        await this.page.mouse.move(this.page.viewportSize().width / 2, vh / 2);
        await this.page.mouse.wheel(0, delta);
      }
      await this.page.waitForFunction(([wid, y]) => {
        const x = window.anl.widgets.find((v) => v.id === wid);
        return x && x.y !== y;
      }, [id, before], { timeout: 3000 }).catch(() => {});
    }
    throw new Error(`could not scroll ${id} into view`);
  }

  // A vertical finger drag by `dy` CSS px (positive: content moves up), through CDP touch events.
  async drag(dy) {
    const cdp = await this.page.context().newCDPSession(this.page);
    const x = 195, y0 = 500;
    const point = (y) => [{ x, y, id: 1 }];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point(y0) });
    const steps = 8;
    for (let s = 1; s <= steps; s++)
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: point(y0 - (dy * s) / steps) });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await cdp.detach();
  }

  // Taps (touch) or clicks (mouse) the centre of a widget, scrolling to it first.
  async press(id) {
    this.taps++;
    const w = await this.scrollIntoView(id);
    const x = w.x + w.w / 2, y = w.y + w.h / 2;
    if (this.touch) await this.page.touchscreen.tap(x, y);
    else await this.page.mouse.click(x, y);
  }

  // Taps a text field, waits for the real DOM input to take focus, and types.
  async fill(id, typed, imeText = '') {
    await this.press(id);
    await this.page.waitForFunction(() => document.activeElement && document.activeElement.classList.contains('anl-text'));
    await this.page.keyboard.type(typed);
    if (imeText) await this.page.keyboard.insertText(imeText); // how IME commits arrive
  }

  // Signs in on the staff page (name, passphrase, "Sign in") and waits for the submissions list;
  // `waitList: false` returns right after pressing (a refusal or the code page may follow).
  async signIn(name, passphrase, { waitList = true } = {}) {
    await this.waitFor('passphrase');
    await this.fill('name', name);
    await this.fill('passphrase', passphrase);
    await this.press('login');
    if (waitList) await this.page.waitForFunction(() => window.anl.widgets.some((w) => w.id === 'nav.list' && w.current),
      null, { timeout: 60000 });
  }

  // Presses "Continue" and waits for the next page (its heading changes) or, for a page that had
  // no error summary yet, for one. A summary still shown from an earlier try (a document added
  // since) says nothing about this press: then only the next page counts.
  async next() {
    const title = (await this.widget('page.title')) || (await this.widget('device.title')) || {};
    const hadSummary = !!(await this.widget('error-summary'));
    await this.press('continue');
    // The next page is there once its own heading is (not merely once the old one is gone: a
    // page in between, like "one moment", has neither).
    await this.page.waitForFunction(([t, had]) => window.anl.widgets.some((w) => (w.id === 'error-summary' && !had) ||
      (['page.title', 'device.title', 'check.title'].includes(w.id) && w.label !== t)), [title.label, hadSummary],
    { timeout: 30000 });
    if (!(await this.widget('error-summary'))) this.pages++;
  }

  // Once the app is at rest: the frames it draws while the browser draws `frames` more (about a
  // second's worth by default). Render on demand: none.
  async framesWhileIdle(frames = 60) {
    await atRest(this.page);
    return framesDrawnDuring(this.page, frames);
  }

  atRest() {
    return atRest(this.page);
  }
}

// The shortest way through the default form, from its first question to the check page: Swiss,
// single, alone, living with parents rent-free, no work and no income, no assets, not insured, no
// support; the ID document is the one document (`document()` attaches it); `message`, if given, is
// typed on the last page ("anything else").
export async function shortestPath(app, { firstName, imeName = '', lastName = 'Muster', street = 'Bahnhofstrasse 1',
  message = '', document }) {
  await app.fill('q.first_name', firstName, imeName);
  await app.fill('q.last_name', lastName);
  await app.next();
  await app.fill('q.birth_date', '01.04.1990');
  await app.next();
  await app.next();                                   // contact: optional
  await app.fill('q.street', street);
  await app.fill('q.postcode', '8001');
  await app.fill('q.town', 'Zürich');
  await app.next();
  await app.next();                                   // AHV number: optional
  await app.press('q.nationality.ch');
  await app.next();                                   // no permit question for Swiss citizens
  await app.press('q.marital_status.single');
  await app.next();
  await app.press('q.lives_with_others.no');
  await app.next();                                   // no household page
  await app.press('q.living_situation.with_parents');
  await app.press('q.pays_for_housing.no');
  await app.next();                                   // no rent page
  await app.press('q.employment_status.unemployed');
  await app.next();
  await app.press('q.other_income.none');
  await app.next();
  await app.fill('q.cash_and_bank', '0');
  await app.next();
  await app.press('q.vehicle.no');
  await app.press('q.other_assets.no');
  await app.next();
  await app.press('q.health_insured.no');
  await app.next();
  await app.next();                                   // bank account: optional
  await app.press('q.gets_support.no');
  await app.next();
  await document();
  while (!(await app.widget('check.title'))) {        // optional documents, the last question
    if (message && (await app.widget('q.message'))) await app.fill('q.message', message);
    await app.next();
    if (app.pages > 60) throw new Error('the form does not end');
  }
}

// An applicant on a desktop fills in the shortest application (shortestPath, `document` a file for
// the file picker) up to its check page, on a shared computer (or on a kiosk: `route`
// '/?kiosk=1', which does not ask whose device it is).
export async function fillApplication(env, { document, route = '/', ...answers }) {
  const { context, page, errors } = await env.open(DESKTOP, route);
  const app = new AppDriver(page, { touch: false });
  await app.waitFor('start');
  await app.press('start');
  if (!route.includes('kiosk=1')) {
    await app.press('q.device.shared');
    await app.next();
  }
  await shortestPath(app, { ...answers, document: async () => {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), app.press('q.id_document.add')]);
    await chooser.setFiles(document);
    await app.waitFor('q.id_document.f1');
  } });
  return { context, page, app, errors };
}

// Presses "Send" on the check page; resolves to the case reference on the confirmation page.
export async function send(app) {
  await app.press('send');
  return (await app.waitFor('confirmation', 60000)).value;
}

// The shortest application, sent (fillApplication's options); resolves to its case reference.
// For tests about what happens after sending (the staff side).
export async function sendApplication(env, options) {
  const { context, app, errors } = await fillApplication(env, options);
  const reference = await send(app);
  if (errors.length) throw new Error('page errors: ' + errors.join('; '));
  await context.close();
  return reference;
}

// A staff member on the staff page, driven by role and accessible name (what a screen reader
// user reaches): sign in, move between pages, type into fields, press buttons, open a case.
export class StaffUser {
  constructor(page, errors, context) { Object.assign(this, { page, errors, context }); }

  // `extra`: options of the browser context (acceptDownloads, bypassCSP to inject axe).
  static async open(env, extra = {}) {
    const { context, page, errors } = await env.open(DESKTOP, '/staff', { acceptDownloads: true, ...extra });
    const u = new StaffUser(page, errors, context);
    await u.onPage(UI['staff.login.title']);
    return u;
  }

  // Each page's heading takes the focus (a screen reader starts reading there).
  async onPage(title, timeout = 60000) {
    try {
      await this.page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor({ state: 'attached', timeout });
      await this.page.waitForFunction((t) => document.activeElement && document.activeElement.textContent === t, title,
        { timeout });
    } catch (e) {
      // Say where the page is instead, and what it says is wrong.
      const shown = await this.page.evaluate(() => window.anl.widgets.filter((w) =>
        ['heading', 'alert', 'status'].includes(w.role) || w.description).map((w) => `${w.id}: ${w.label} ${w.description}`));
      throw new Error(`not on "${title}": ${shown.join(' | ')}`, { cause: e });
    }
  }

  async type(label, text) {
    await this.page.getByRole('textbox', { name: label, exact: true }).focus();
    await this.page.waitForFunction(() => document.activeElement.classList.contains('anl-text'));
    await this.page.keyboard.type(text);
  }

  async activate(role, name) {
    const control = this.page.getByRole(role, { name, exact: true });
    await control.waitFor({ state: 'attached', timeout: 30000 });
    await control.focus();
    await this.page.keyboard.press('Enter');
  }

  widget(id) {
    return this.page.evaluate((wid) => window.anl.widgets.find((w) => w.id === wid) || null, id);
  }

  async waitWidget(id, timeout = 60000) {
    const handle = await this.page.waitForFunction((wid) => window.anl.widgets.find((w) => w.id === wid) || null, id,
      { timeout });
    return handle.jsonValue();
  }

  // Waits until widget `id` says `text` (its label).
  async waitText(id, text, timeout = 60000) {
    await this.page.waitForFunction(([wid, t]) => {
      const w = window.anl.widgets.find((x) => x.id === wid);
      return w && w.label === t;
    }, [id, text], { timeout });
  }

  // The page's alert says `text` (an earlier one may still be shown while signing in).
  async alert(text) {
    await this.page.waitForFunction((t) => window.anl.widgets.some((w) => w.role === 'alert' && w.label === t), text,
      { timeout: 60000 });
  }

  async signIn({ name, passphrase }) {
    await this.type(UI['staff.login.name'], name);
    await this.type(UI['staff.login.passphrase'], passphrase);
    await this.page.keyboard.press('Enter'); // Enter in a field submits the page: "Sign in"
  }

  // The case from the list, or ({ typed: true }) by its locator typed into "open by locator":
  // a case holding nothing yet is not listed to the office.
  async openCase(locator, { typed = false } = {}) {
    await this.activate('link', UI['staff.nav.cases']);
    await this.onPage(UI['staff.cases.title']);
    if (typed) {
      await this.type(UI['staff.cases.locator'], locator);
      await this.activate('button', UI['staff.cases.open']);
    } else {
      const prefix = UI['staff.cases.row'].split('{locator}')[0] + locator;
      await this.activate('button', new RegExp(`^${prefix}`));
    }
    await this.onPage(formatted('staff.case.title', { locator }));
  }

  async close() {
    if (this.errors.length) throw new Error(`page errors: ${this.errors.join(' | ')}`);
    await this.context.close();
  }
}
