// How long "My case" takes to open on an old phone: from pressing "Open my case" with the code
// typed until the case page is shown (the case's salt fetched, Argon2id t=3 m=32 MiB over the code
// in wasm, the case and its items fetched and opened). Phone profile with Lighthouse's "Slow 4G"
// (150 ms RTT, 1.6 Mbit/s down) and a 4x slower CPU, then without throttling; median of 3. The
// case is the one of tests/vectors/cases-v2.json (its salt, public key and token hash), made over
// the API as the applicant's page makes one. Figures, not assertions.
//   node bench/case_open.mjs      (after scripts/build.sh)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, startServer, launchBrowser, officeStaff, AppDriver, PHONE } from '../tests/e2e/harness.mjs';

const vector = JSON.parse(readFileSync(path.join(ROOT, 'tests/vectors/cases-v2.json'), 'utf8')).case;
const server = await startServer(officeStaff('benchmark passphrase only'));
const browser = await launchBrowser();

const made = await fetch(server.url + '/api/cases', {
  method: 'POST', headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ locator: vector.locator, salt: vector.salt, public_key: vector.public_key,
                         token_sha256: vector.token_sha256, opslimit: vector.kdf.opslimit, memlimit: vector.kdf.memlimit }),
});
if (made.status !== 201) throw new Error(`POST /api/cases: ${made.status} ${await made.text()}`);

async function openOnce(slow) {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await page.goto(server.url + '/');
  const app = new AppDriver(page, { touch: true });
  await app.press('start.case');
  await app.waitFor('q.case_code');
  await app.fill('q.case_code', vector.code_typed);
  if (slow) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  }
  const w = await app.waitFor('case.open');
  const start = Date.now();
  await page.touchscreen.tap(w.x + w.w / 2, w.y + w.h / 2);
  await app.waitFor('case.title', 120000);
  const ms = Date.now() - start;
  await context.close();
  return ms;
}

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [label, slow] of [['Slow 4G + 4x CPU', true], ['no throttling', false]]) {
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await openOnce(slow));
  console.log(`open a case from its code, phone profile, ${label}: median ${(median(runs) / 1000).toFixed(2)} s ` +
              `(runs: ${runs.map((ms) => (ms / 1000).toFixed(2)).join(', ')} s)`);
}
await browser.close();
server.stop();
server.cleanup();
