// Time until the applicant form is usable on an old phone with little data: Lighthouse's
// "Slow 4G" (150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up) and a 4x slower CPU, empty cache.
// Prints the median of 3 loads per language and the bytes transferred. Figures, not assertions.
//   node bench/first_load.mjs      (after scripts/build.sh)
import { startServer, launchBrowser, PHONE } from '../tests/e2e/harness.mjs';

const server = await startServer('benchmark passphrase only');
const browser = await launchBrowser();

async function loadOnce(route) {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
  const start = Date.now();
  await page.goto(server.url + route);
  await page.waitForFunction(() => window.anl && window.anl.widgets.some((w) => w.id === 'full_name'),
    null, { timeout: 120000, polling: 50 });
  const ms = Date.now() - start;
  await context.close();
  return { ms, bytes };
}

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log('first usable form, Slow 4G + 4x CPU, empty cache (median of 3):');
for (const [label, route] of [['German', '/'], ['Ukrainian', '/?lang=uk'], ['Tigrinya', '/?lang=ti']]) {
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await loadOnce(route));
  console.log(`  ${label.padEnd(10)} ${(median(runs.map((r) => r.ms)) / 1000).toFixed(2)} s, ` +
              `${median(runs.map((r) => r.bytes))} bytes transferred`);
}
await browser.close();
server.stop();
server.cleanup();
