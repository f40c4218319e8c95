// What a first visit costs, per language: the bytes Chromium transfers (headers included, empty
// cache) until the start page is usable, and which font files are among them; then the time until
// usable on an old phone with little data: Lighthouse's "Slow 4G" (150 ms RTT, 1.6 Mbit/s down,
// 750 kbit/s up) and a 4x slower CPU, median of 3. Figures, not assertions.
//   node bench/first_load.mjs      (after scripts/build.sh)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, startServer, launchBrowser, officeStaff, PHONE } from '../tests/e2e/harness.mjs';

const server = await startServer(officeStaff('benchmark passphrase only'));
const browser = await launchBrowser();
const languages = JSON.parse(readFileSync(path.join(ROOT, 'assets/i18n/languages.json'), 'utf8'));

async function loadOnce(route, slow, ready) {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (slow) {
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  }
  let bytes = 0;
  const urls = new Map();
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  const fonts = [];
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength;
    const url = urls.get(e.requestId) || '';
    if (url.includes('/fonts/')) fonts.push(`${url.split('/fonts/')[1]} ${e.encodedDataLength}`);
  });
  const start = Date.now();
  await page.goto(server.url + route);
  await page.waitForFunction((id) => window.anl && window.anl.widgets.some((w) => w.id === id), ready,
    { timeout: 120000, polling: 50 });
  const ms = Date.now() - start;
  await page.waitForTimeout(300); // late font and catalog replies are part of the first load
  await context.close();
  return { ms, bytes, fonts };
}

console.log('first load per page, bytes transferred incl. headers (phone, empty cache):');
for (const { code, name } of languages) {
  const r = await loadOnce(`/?lang=${code}`, false, 'start');
  console.log(`  applicant ${code} ${name.padEnd(11)} ${String(r.bytes).padStart(8)}   fonts: ${r.fonts.sort().join(', ')}`);
}
const staff = await loadOnce('/staff', false, 'passphrase');
console.log(`  staff               ${String(staff.bytes).padStart(8)}   fonts: ${staff.fonts.sort().join(', ')}`);

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log('start page usable, Slow 4G + 4x CPU, empty cache (median of 3):');
for (const [label, code] of [['German', 'de'], ['Ukrainian', 'uk'], ['Tigrinya', 'ti'], ['Arabic', 'ar']]) {
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await loadOnce(`/?lang=${code}`, true, 'start'));
  console.log(`  ${label.padEnd(10)} ${(median(runs.map((r) => r.ms)) / 1000).toFixed(2)} s, ` +
              `${median(runs.map((r) => r.bytes))} bytes transferred`);
}
await browser.close();
server.stop();
server.cleanup();
