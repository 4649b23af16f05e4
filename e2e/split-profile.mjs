// Records which wasm functions a first visit runs, for `cargo xtask dist`'s split (see
// xtask/src/split.rs). Usage: node split-profile.mjs SITE_DIR OUT_FILE, where SITE_DIR holds
// the site with the wasm instrumented by `wasm-split --instrument`.
//
// The visit: a fresh origin (empty storage), the page loads with the tutorial's Compose file in
// the editor, becomes usable (the terminal's input has the focus), and then idles for a few
// seconds of ticking clock, autosave and validation. Everything a visitor then does (typing a
// command, opening a menu) may use the lazy half of the wasm.

import { writeFile } from 'node:fs/promises';
import { launchChromium, serveDir } from './harness.mjs';

const [site, out] = process.argv.slice(2);
if (!site || !out) {
  console.error('usage: node split-profile.mjs SITE_DIR OUT_FILE');
  process.exit(2);
}

const server = await serveDir(site);
const browser = await launchChromium();
try {
  const page = await browser.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => {
    addEventListener('TrunkApplicationStarted', (e) => {
      window.__muelleWasm = e.detail.wasm;
    });
  });
  await page.goto(server.url);
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'terminal-input', null, {
    timeout: 30_000,
  });
  await page.getByTestId('editor').waitFor();
  await page.waitForTimeout(3_000);
  if (errors.length) throw new Error(`the instrumented page failed: ${errors.join('; ')}`);
  const bytes = await page.evaluate(() => {
    const wasm = window.__muelleWasm;
    const size = wasm.__write_profile(0, 0);
    const at = wasm.__wbindgen_malloc(size, 8);
    const written = wasm.__write_profile(at, size);
    return Array.from(new Uint8Array(wasm.memory.buffer, at, written));
  });
  await writeFile(out, Buffer.from(bytes));
  console.log(`profile of a first visit: ${bytes.length} bytes`);
} finally {
  await browser.close();
  await server.close();
}
