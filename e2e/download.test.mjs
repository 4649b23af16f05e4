// The page's download budget and the split wasm behind it (xtask/src/split.rs, index.html's
// loader): a first visit becomes usable with at most 400,000 bytes gzip, without the lazy half
// of the wasm; that half then arrives in the background, or at once when something needs it.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { launchChromium, newSitePage, run, screenshot } from './harness.mjs';

const BUDGET = 400_000;
const LAZY = /_lazy\.wasm$/;

let browser;

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

/** A new page on a new origin that records every response's body size, gzip -9. */
async function newPage() {
  const { page, errors, server } = await newSitePage(browser);
  const responses = [];
  page.on('response', async (response) => {
    const body = await response.body().catch(() => null);
    if (body) responses.push({ url: response.url(), gzip: gzipSync(body, { level: 9 }).length });
  });
  return { page, errors, responses, server };
}

const usable = (page) =>
  page.waitForFunction(() => document.activeElement?.dataset.testid === 'terminal-input', null, {
    timeout: 15_000,
  });

test('la primera visita es usable con menos de 400 KB gzip, sin la mitad diferida del wasm', async () => {
  const { page, errors, responses, server } = await newPage();
  let lazyAsked = 0;
  // The lazy half never arrives: the page must not need it to become usable.
  await page.route(LAZY, (route) => {
    lazyAsked += 1;
    return route.abort();
  });
  await page.goto(server.url);
  await usable(page);
  // What a first visit shows works without it: the tutorial's file checked in the editor, the
  // host and the default bridge in the graph.
  assert.match(await page.getByTestId('editor').inputValue(), /image: postgres:9\.6/);
  await page.locator('[data-node="network:bridge"]').waitFor();
  await page.waitForTimeout(1_500);
  assert.ok(await page.getByTestId('editor').isVisible());
  assert.ok(lazyAsked >= 1, 'the loader asked for the lazy half after the page was usable');
  assert.equal(await page.evaluate(() => window.muelleLazy.syncLoads), 0, 'nothing on the way needed the lazy half');
  const total = responses.filter((r) => !LAZY.test(r.url)).reduce((sum, r) => sum + r.gzip, 0);
  const list = responses.map((r) => `${r.url.replace(server.url, '')} ${r.gzip}`).join(', ');
  console.log(`# first visit: ${total} bytes gzip until usable (${list})`);
  assert.ok(total <= BUDGET, `first visit downloads ${total} bytes gzip (budget ${BUDGET}): ${list}`);
  // Only the aborted lazy fetch may complain.
  assert.deepEqual(
    errors.filter((e) => !/_lazy\.wasm|Failed to load resource|Failed to fetch/.test(e)),
    [],
  );
  await page.close();
});

test('la mitad diferida llega sola tras pintar la página, y las órdenes la usan', async () => {
  const { page, errors, server } = await newPage();
  await page.goto(server.url);
  await usable(page);
  await page.waitForFunction(() => window.muelleLazy?.loaded === true, null, { timeout: 10_000 });
  await run(page, 'docker run -d --name web -p 8080:80 nginx');
  await page.locator('[data-node="container:web"][data-state="running"]').waitFor({ timeout: 10_000 });
  await run(page, 'docker ps --format "{{.Names}} {{.Ports}}"');
  assert.match(await page.getByTestId('terminal-output').textContent(), /web 0\.0\.0\.0:8080->80\/tcp/);
  assert.equal(await page.evaluate(() => window.muelleLazy.syncLoads), 0, 'no synchronous load was needed');
  await screenshot(page, 'descarga-diferida');
  assert.deepEqual(errors, []);
  await page.close();
});

test('una orden tecleada antes de que llegue la mitad diferida la carga en el acto', async () => {
  const { page, errors, server } = await newPage();
  // The background fetch is held back; the command's call must load the module itself.
  let release;
  const held = new Promise((ok) => {
    release = ok;
  });
  let first = true;
  await page.route(LAZY, async (route) => {
    if (first) {
      first = false;
      await held;
    }
    await route.continue();
  });
  await page.goto(server.url);
  await usable(page);
  assert.equal(await page.evaluate(() => window.muelleLazy.loaded), false);
  const input = page.getByTestId('terminal-input');
  await input.fill('docker run --rm busybox echo hola desde busybox');
  await input.press('Enter');
  await page.waitForFunction(
    () => document.querySelector('[data-testid=terminal-output]')?.textContent.includes('hola desde busybox'),
    null,
    { timeout: 20_000 },
  );
  assert.ok((await page.evaluate(() => window.muelleLazy.syncLoads)) >= 1);
  release();
  await run(page, 'docker ps -a --format "{{.Image}}"');
  assert.deepEqual(errors, []);
  await page.close();
});

test('al recargar con una sesión guardada, la mitad diferida se carga antes de reproducirla', async () => {
  const { page, errors, server } = await newPage();
  await page.goto(server.url);
  await usable(page);
  await run(page, 'docker run -d --name db redis');
  await page.locator('[data-node="container:db"][data-state="running"]').waitFor({ timeout: 10_000 });
  await page.waitForTimeout(1_500);
  await page.reload();
  await usable(page);
  await page.locator('[data-node="container:db"][data-state="running"]').waitFor({ timeout: 10_000 });
  assert.equal(await page.evaluate(() => window.muelleLazy.syncLoads), 0, 'loaded before the replay, not during it');
  assert.deepEqual(errors, []);
  await page.close();
});
