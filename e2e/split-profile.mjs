// Records which wasm functions a first visit runs, for `cargo xtask dist`'s split (see
// xtask/src/split.rs). Usage: node split-profile.mjs SITE_DIR NORMAL_OUT SLOW_OUT, where
// SITE_DIR holds the site with the wasm instrumented by `wasm-split --instrument`; the two
// profiles (a visit at full speed, one with the CPU slowed down) are merged by xtask.
//
// The visit: a fresh origin (empty storage), the page loads with the tutorial's Compose file in
// the editor, becomes usable (the terminal's input has the focus), and then idles for a few
// seconds of ticking clock, autosave and validation. Everything a visitor then does (typing a
// command, opening a menu) may use the lazy half of the wasm.

import { writeFile } from 'node:fs/promises';
import { launchChromium, serveDir } from './harness.mjs';

const [site, ...outs] = process.argv.slice(2);
if (!site || outs.length !== 2) {
  console.error('usage: node split-profile.mjs SITE_DIR NORMAL_OUT SLOW_OUT');
  process.exit(2);
}

/**
 * One first visit; with `slowdown` > 1 Chromium runs the page's CPU that many times slower, so
 * the paths a busy machine takes (long frames, the simulator's slices running out) are recorded
 * too.
 */
async function visit(browser, slowdown, out) {
  const server = await serveDir(site);
  const page = await browser.context.newPage();
  try {
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    if (slowdown > 1) {
      const cdp = await browser.context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: slowdown });
    }
    await page.addInitScript(() => {
      addEventListener('TrunkApplicationStarted', (e) => {
        window.__muelleWasm = e.detail.wasm;
      });
      // The split page's loader, as a first visit sees it until the lazy half arrives: what the
      // page defers until then (autosave's writes) is not part of what it needs to be usable.
      window.muelleLazy = { loaded: false, syncLoads: 0 };
    });
    await page.goto(server.url);
    await page.waitForFunction(() => document.activeElement?.dataset.testid === 'terminal-input', null, {
      timeout: 60_000,
    });
    await page.getByTestId('editor').waitFor();
    await page.waitForTimeout(4_000);
    if (errors.length) throw new Error(`the instrumented page failed: ${errors.join('; ')}`);
    const bytes = await page.evaluate(() => {
      const wasm = window.__muelleWasm;
      const size = wasm.__write_profile(0, 0);
      const at = wasm.__wbindgen_malloc(size, 8);
      const written = wasm.__write_profile(at, size);
      return Array.from(new Uint8Array(wasm.memory.buffer, at, written));
    });
    await writeFile(out, Buffer.from(bytes));
    console.log(`profile of a first visit${slowdown > 1 ? ` at 1/${slowdown} speed` : ''}: ${bytes.length} bytes`);
  } finally {
    await page.close();
    await server.close();
  }
}

const browser = await launchChromium();
try {
  await visit(browser, 1, outs[0]);
  await visit(browser, 8, outs[1]);
} finally {
  await browser.close();
}
