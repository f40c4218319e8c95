// How much of a 390 x 844 phone screen the page settings take before the form starts, per
// language and text size: where the folded language picker ends, where the 13 language names end
// when it is unfolded, and where the start button sits. Figures, not assertions (CSS px from the
// top of the page, read from what the app reports it drew).
//   node bench/phone_layout.mjs      (after scripts/build.sh)
import { startServer, launchBrowser, PHONE, officeStaff } from '../tests/e2e/harness.mjs';

const server = await startServer(officeStaff('benchmark passphrase only'));
const browser = await launchBrowser();
const bottom = (w) => (w ? Math.round(w.y + w.h) : NaN);

console.log('phone 390 x 844, DPR 3: bottom edge in CSS px (the screen is 844 tall)');
console.log('  lang  text   picker folded   names unfolded   start button');
for (const lang of ['de', 'ti', 'ar']) {
  for (const scale of [100, 200]) {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(`${server.url}/?lang=${lang}`);
    const widgets = () => page.evaluate(() => window.anl.widgets);
    const find = async (id) => (await widgets()).find((w) => w.id === id);
    await page.waitForFunction(() => window.anl && window.anl.widgets.some((w) => w.id === 'start'), null, { timeout: 60000 });
    // Mirror actions, as a screen reader would press them: display settings, then the text size.
    const press = (id) => page.evaluate((wid) => window.anl.nodes.get(wid).click(), id);
    if (scale !== 100) {
      await press('display.toggle');
      await page.waitForFunction((id) => window.anl.widgets.some((w) => w.id === id), `text_size.${scale}`);
      await press(`text_size.${scale}`);
      await page.waitForFunction(() => window.anl.widgets.some((w) => w.id === 'text_size.200' && w.current));
      await press('display.toggle');
      await page.waitForFunction(() => !window.anl.widgets.some((w) => w.id === 'text_size.200'));
    }
    const folded = await find('language.toggle');
    const start = await find('start');
    await press('language.toggle');
    await page.waitForFunction(() => window.anl.widgets.some((w) => w.id === 'lang.fa'));
    const names = (await widgets()).filter((w) => w.id.startsWith('lang.'));
    const lastName = names.reduce((a, b) => (b.y + b.h > a.y + a.h ? b : a));
    console.log(`  ${lang}    ${String(scale).padStart(3)} %  ${String(bottom(folded)).padStart(13)}` +
                `  ${String(bottom(lastName)).padStart(15)}  ${String(bottom(start)).padStart(13)}`);
    await context.close();
  }
}
await browser.close();
server.stop();
server.cleanup();
