// Arabic, Persian and Tigrinya as their readers see them. The canvas is compared with the same
// strings rendered by Chromium's own HTML text engine, in the same fonts, at the same place:
// Arabic and Persian must be joined and right to left (the app has the browser draw them),
// Tigrinya must show the right Ethiopic glyphs (the app draws them with Dear ImGui's atlas).
//
// The measure is an ink difference: both images become ink (0 white .. 1 black), are softened by
// a 5 x 5 box blur (rasterisers differ by a pixel here and there), and compared at the best offset
// within ±3 px:
//   difference = Σ|a − b| / Σ(a + b)     (0: the same ink, 1: no ink in common).
// Threshold 0.25 (docs/ACCESSIBILITY.md, "Scripts", has the measured figures). Each comparison has
// a negative control that must differ by more than the threshold, so the test can fail: for Arabic
// script the same letters unjoined (each in its isolated form, as a renderer without shaping
// draws them) in the right order and place, for Persian "step 1 of 20" also in left-to-right
// order; for Tigrinya the same syllables in reverse order.
// The images are written to test-results/shaping/ to be looked at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, PHONE, DESKTOP, catalogStrings, servedApp, officeStaff, AppDriver } from './harness.mjs';

const THRESHOLD = 0.25;
const SHOTS = path.join(ROOT, 'test-results', 'shaping');
// Sizes as the app sets them (src/ui/theme.h, src/ui/text.cpp): body 22 px ImGui line height,
// headings 1.4 times that; the browser draws at the em of that line (Noto Sans: 1000/1362) with
// lines 1.5 ImGui lines tall, both rounded to device pixels.
const BODY = 22, HEADING_FACTOR = 1.4, EM_PER_LINE = 1000 / 1362, BROWSER_LINE = 1.5;

const env = servedApp(officeStaff('shaping test passphrase'));
mkdirSync(SHOTS, { recursive: true });

async function openApp(profile, lang) {
  const { context, page, errors } = await env.open(profile, `/?lang=${lang}&kiosk=1`);
  const app = new AppDriver(page, { touch: !!profile.hasTouch });
  await app.waitFor('title');
  return { context, page, app, errors };
}

// The ImGui line height of a face at device pixel ratio `dpr`: fonts are rasterised in device
// pixels, and Dear ImGui's atlas truncates a font's size to whole pixels.
function imguiSize(face, dpr) {
  const body = Math.round(BODY * dpr);
  return (face === 'heading' ? Math.trunc(body * HEADING_FACTOR) : body) / dpr;
}

// CSS for the browser-drawn text of `face`, exactly as web/platform.js draws it.
function browserCss(face, dpr) {
  const size = imguiSize(face, dpr);
  return {
    fontSize: `${Math.round(size * EM_PER_LINE * dpr) / dpr}px`,
    lineHeight: `${Math.round(size * BROWSER_LINE * dpr) / dpr}px`,
    fontWeight: face === 'body' ? '400' : '700',
  };
}

// Puts the same text as an HTML element over the canvas at `rect`, screenshots it, removes it.
async function htmlShot(page, rect, text, css) {
  await page.evaluate(({ rect, text, css }) => {
    const el = document.createElement('div');
    el.id = 'reference';
    Object.assign(el.style, {
      position: 'fixed', left: `${rect.x}px`, top: `${rect.y}px`, width: `${rect.width}px`, height: `${rect.height}px`,
      background: '#fff', color: '#0b0c0c', zIndex: 100000, margin: 0, padding: 0, whiteSpace: 'pre-wrap',
      fontFamily: '"Anl Noto Sans", "Anl Noto Sans Arabic", "Anl Arabic Names", sans-serif', ...css,
    });
    el.textContent = text;
    document.body.appendChild(el);
  }, { rect, text, css });
  await page.evaluate(() => document.fonts.ready);
  const png = await page.screenshot({ clip: rect });
  await page.evaluate(() => document.getElementById('reference').remove());
  return png;
}

// Ink difference of two PNGs of the same size (see the top of this file), computed in the page.
async function inkDifference(page, a, b) {
  return page.evaluate(async ({ a, b }) => {
    const ink = async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const c = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = c.getContext('2d');
      ctx.drawImage(bitmap, 0, 0);
      const { data, width, height } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
      const raw = new Float32Array(width * height);
      for (let i = 0; i < raw.length; i++)
        raw[i] = 1 - (0.2126 * data[4 * i] + 0.7152 * data[4 * i + 1] + 0.0722 * data[4 * i + 2]) / 255;
      const soft = new Float32Array(raw.length); // 5 x 5 box blur
      for (let y = 0; y < height; y++)
        for (let x = 0; x < width; x++) {
          let sum = 0, n = 0;
          for (let dy = -2; dy <= 2; dy++)
            for (let dx = -2; dx <= 2; dx++) {
              const xx = x + dx, yy = y + dy;
              if (xx >= 0 && yy >= 0 && xx < width && yy < height) { sum += raw[yy * width + xx]; n++; }
            }
          soft[y * width + x] = sum / n;
        }
      return { soft, width, height };
    };
    const A = await ink(a), B = await ink(b);
    let best = Infinity;
    for (let oy = -3; oy <= 3; oy++)
      for (let ox = -3; ox <= 3; ox++) {
        let diff = 0, total = 0;
        for (let y = 0; y < A.height; y++)
          for (let x = 0; x < A.width; x++) {
            const va = A.soft[y * A.width + x];
            const xb = x + ox, yb = y + oy;
            const vb = xb >= 0 && yb >= 0 && xb < B.width && yb < B.height ? B.soft[yb * B.width + xb] : 0;
            diff += Math.abs(va - vb);
            total += va + vb;
          }
        if (total > 0) best = Math.min(best, diff / total);
      }
    return best;
  }, { a: a.toString('base64'), b: b.toString('base64') });
}

// Without bidi ordering (Dear ImGui alone): letters in logical order, left to right, at the same
// right edge. Persian "step 1 of 20" has few joined letters; there the order is what matters.
const NO_BIDI = { direction: 'ltr', unicodeBidi: 'bidi-override', textAlign: 'right' };
// Arabic without shaping: a zero-width non-joiner between all letters keeps each in its
// isolated form; order and place stay right.
function unshaped(text) {
  return [...text].join('\u200C');
}

// Compares the canvas at `rect` with the HTML rendering and with the negative control; writes
// all three images; returns both differences.
async function compare(page, name, rect, text, css, wrongText, wrongCss = {}) {
  const w = rect.width ?? rect.w, h = rect.height ?? rect.h; // a widget record or a rectangle
  rect = { x: Math.floor(rect.x), y: Math.floor(rect.y), width: Math.ceil(w), height: Math.ceil(h) };
  const canvas = await page.screenshot({ clip: rect });
  const html = await htmlShot(page, rect, text, css);
  const wrong = await htmlShot(page, rect, wrongText, { ...css, ...wrongCss });
  writeFileSync(path.join(SHOTS, `${name}-canvas.png`), canvas);
  writeFileSync(path.join(SHOTS, `${name}-html.png`), html);
  writeFileSync(path.join(SHOTS, `${name}-control.png`), wrong);
  const same = await inkDifference(page, canvas, html);
  const control = await inkDifference(page, canvas, wrong);
  console.log(`# shaping: ${name}: difference ${same.toFixed(3)} (control ${control.toFixed(3)}, threshold ${THRESHOLD})`);
  return { same, control };
}

function assertMatches(name, { same, control }) {
  assert.ok(same < THRESHOLD, `${name}: canvas differs from Chromium's rendering by ${same.toFixed(3)}`);
  assert.ok(control > THRESHOLD, `${name}: the negative control should differ (${control.toFixed(3)})`);
}

const AR = { ...catalogStrings('assets/i18n/ar.json'), ...catalogStrings('assets/forms/i18n/ar.json') };
const FA = { ...catalogStrings('assets/i18n/fa.json'), ...catalogStrings('assets/forms/i18n/fa.json') };
const TI = { ...catalogStrings('assets/i18n/ti.json'), ...catalogStrings('assets/forms/i18n/ti.json') };
const RTL = { direction: 'rtl', textAlign: 'right' };

test('Arabic on a desktop: heading and a paragraph with numbers match Chromium\'s shaping, right to left', async () => {
  const { context, page, app, errors } = await openApp(DESKTOP, 'ar');
  const title = await app.widget('title');
  assertMatches('ar-title', await compare(page, 'ar-title', title, AR['form.social-assistance.title'],
    { ...browserCss('heading', 1), ...RTL }, unshaped(AR['form.social-assistance.title'])));
  const time = await app.widget('start.time'); // "10 to 20 minutes": digits inside Arabic
  assertMatches('ar-paragraph', await compare(page, 'ar-paragraph', time, AR['start.time'],
    { ...browserCss('body', 1), ...RTL }, unshaped(AR['start.time'])));
  assert.deepEqual(errors, []);
  await context.close();
});

test('Arabic on a phone (3 device pixels per CSS pixel): the heading matches, and a mixed name typed into a field', async () => {
  const { context, page, app, errors } = await openApp(PHONE, 'ar');
  const title = await app.widget('title');
  assertMatches('ar-phone-title', await compare(page, 'ar-phone-title', title, AR['form.social-assistance.title'],
    { ...browserCss('heading', 3), ...RTL }, unshaped(AR['form.social-assistance.title'])));
  await app.press('start');
  await app.waitFor('q.first_name');
  const typed = 'محمد Meier';           // an Arabic first name and a Latin family name, one field
  await app.fill('q.first_name', '', typed);
  await app.press('q.last_name');       // leave the field: the canvas draws the value again
  await page.waitForFunction((v) => window.anl.widgets.some((w) => w.id === 'q.first_name' && w.value === v), typed);
  await app.atRest();
  const field = await app.widget('q.first_name');
  const css = browserCss('body', 3);
  const inner = { x: field.x + 12, y: field.y + 12, width: field.w - 24, height: parseFloat(css.lineHeight) };
  assertMatches('ar-phone-field', await compare(page, 'ar-phone-field', inner, typed, { ...css, ...RTL },
    unshaped(typed)));
  assert.deepEqual(errors, []);
  await context.close();
});

test('Persian: "step 1 of 20" keeps its numbers in place within right-to-left text', async () => {
  const { context, page, app, errors } = await openApp(DESKTOP, 'fa');
  await app.press('start');
  const step = await app.waitFor('step');
  const format = new RegExp(`^${FA['flow.step'].replace('{number}', '1').replace('{count}', '\\d+')}$`);
  assert.match(step.label, format);
  const secondary = { color: '#505a5f' }; // theme.cpp: SecondaryText
  assertMatches('fa-step', await compare(page, 'fa-step', step, step.label, { ...browserCss('body', 1), ...RTL, ...secondary },
    unshaped(step.label), NO_BIDI));
  assert.deepEqual(errors, []);
  await context.close();
});

test('right-to-left layout: text, back link, buttons and choices start at the right', async () => {
  const { context, page, app, errors } = await openApp(DESKTOP, 'ar');
  const width = DESKTOP.viewport.width;
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
  const start = await app.widget('start');
  const title = await app.widget('title');
  assert.ok(Math.abs(start.x + start.w - (title.x + title.w)) < 1, 'the start button ends at the column\'s right edge');
  assert.ok(start.x > width / 2, 'and sits in the right half');
  await app.press('start');
  await app.waitFor('q.first_name');
  const back = await app.widget('back');
  assert.ok(back.x > width / 2, `the back link is at the right (x ${back.x})`);
  const next = await app.widget('continue');
  assert.ok(Math.abs(next.x + next.w - (title.x + title.w)) < 1, 'Continue ends at the right edge');
  await page.screenshot({ path: path.join(SHOTS, 'ar-desktop-question.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('Arabic on a phone at 200 % text size: everything still fits the screen, nothing is cut off at the left', async () => {
  const { context, page, app, errors } = await openApp(PHONE, 'ar');
  const before = await app.widget('title');
  await app.press('display.toggle');
  await app.press('text_size.200');
  await page.waitForFunction((h) => window.anl.widgets.some((w) => w.id === 'title' && w.h > 1.8 * h), before.h);
  const width = PHONE.viewport.width;
  const fits = async () => {
    for (const w of await page.evaluate(() => window.anl.widgets))
      assert.ok(w.x >= 0 && w.x + w.w <= width + 0.5, `${w.id} (${w.x}..${w.x + w.w}) fits the ${width}px screen`);
  };
  await fits();
  await page.screenshot({ path: path.join(SHOTS, 'ar-phone-200-start.png') });
  await app.press('start');
  await app.waitFor('q.first_name');
  await fits();
  await page.screenshot({ path: path.join(SHOTS, 'ar-phone-200.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('Tigrinya: the heading drawn by Dear ImGui matches Chromium\'s rendering of the same Ethiopic text', async () => {
  const { context, page, app, errors } = await openApp(DESKTOP, 'ti');
  // Chromium needs the same font: the very file the app loaded into its atlas.
  await page.evaluate(async (url) => {
    const face = new FontFace('Anl Noto Sans Arabic', `url(${url})`, { weight: '700' }); // a family in the stack
    document.fonts.add(await face.load());
  }, `${env.server.url}/fonts/NotoSansEthiopic-Bold.ttf`);
  const title = await app.widget('title');
  const size = imguiSize('heading', 1);
  // ImGui's line: the em is size × 1000/1362, the line box exactly `size` tall.
  const css = { fontSize: `${size * EM_PER_LINE}px`, lineHeight: `${size}px`, fontWeight: '700', direction: 'ltr' };
  const text = TI['form.social-assistance.title'];
  assertMatches('ti-title', await compare(page, 'ti-title', title, text, css, [...text].reverse().join(''), {}));
  assert.deepEqual(errors, []);
  await context.close();
});
