// Offline: the built site asks for nothing beyond its own server, and after one visit the service
// worker's cache alone runs it — with the network cut, a reload still gives a working terminal.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIST, launchChromium, screenshot, serveDir, run } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await serveDir(DIST);
  browser = await launchChromium();
});

after(async () => {
  await browser?.context.setOffline(false);
  await browser?.close();
  await server?.close();
});


test('sin red, tras una primera visita, la página recarga y funciona', async () => {
  const { context } = browser;
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await page.goto(server.url);
  await page.getByTestId('terminal-input').waitFor({ timeout: 10_000 });
  // The worker installs (precaching the whole site) before it activates and takes the page.
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 20_000 });
  const cached = await page.evaluate(async () => {
    const names = await caches.keys();
    const cache = await caches.open(names.find((n) => n.startsWith('muelle-')));
    return (await cache.keys()).map((r) => r.url);
  });
  assert.ok(cached.some((u) => u.endsWith('.wasm')), `the wasm is not cached: ${cached.join(', ')}`);
  assert.ok(cached.includes(server.url), `the site's folder is not cached: ${cached.join(', ')}`);

  const foreign = requests.filter((u) => !u.startsWith(server.url) && !/^(data|blob):/.test(u));
  assert.deepEqual(foreign, [], 'every request stays on 127.0.0.1');
  const manifest = await page.evaluate(() => document.querySelector('link[rel=manifest]')?.href);
  assert.equal(manifest, `${server.url}manifest.webmanifest`);

  await context.setOffline(true);
  const response = await page.reload();
  assert.ok(response?.fromServiceWorker(), 'the reloaded page came from the service worker');
  await page.getByTestId('terminal-input').waitFor({ timeout: 10_000 });
  // The network really is cut: what the cache lacks cannot be fetched.
  const uncached = await page.evaluate(() => fetch('no-en-cache.txt').then((r) => `HTTP ${r.status}`, () => 'failed'));
  assert.equal(uncached, 'failed');
  // The lazy half of the wasm comes from the cache too, fetched in the background: a service
  // worker does not answer the synchronous request that is the loader's last resort, so that
  // must not have been needed.
  await page.waitForFunction(() => window.muelleLazy?.loaded === true, null, { timeout: 10_000 });
  assert.equal(await page.evaluate(() => window.muelleLazy.syncLoads), 0);
  await run(page, 'docker run -d --name web nginx', { timeout: 60_000, keys: true });
  await run(page, 'docker ps', { timeout: 30_000, keys: true });
  await screenshot(page, 'sin-red');
  const text = await page.getByTestId('terminal-output').textContent();
  const header = text.split('\n').findLastIndex((l) => l.startsWith('CONTAINER ID'));
  assert.ok(header >= 0, `no docker ps table in:\n${text}`);
  assert.ok(
    text.split('\n').slice(header + 1).some((l) => /\bweb\b/.test(l) && /\bnginx\b/.test(l)),
    `no web container after the header in:\n${text}`,
  );
  assert.deepEqual(errors, []);
  await page.close();
});
