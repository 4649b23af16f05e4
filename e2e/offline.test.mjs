// Offline: the built site asks for nothing beyond its own server, and after one visit the service
// worker's cache alone runs it — with the network cut, a reload still gives a working terminal.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIST, expectWorkerReplies, launchChromium, run, screenshot, serveDir, talkToWorker, WORKER_PROBES } from './harness.mjs';

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
  // The simulator's worker: its loader, wasm-bindgen glue and wasm.
  for (const part of [/-loader\.js$/, /sim-worker-[0-9a-f]{16}\.js$/, /sim-worker-[0-9a-f]{16}_bg\.wasm$/]) {
    assert.ok(cached.some((u) => part.test(u)), `the worker's ${part} is not cached: ${cached.join(', ')}`);
  }

  const foreign = requests.filter((u) => !u.startsWith(server.url) && !/^(data|blob):/.test(u));
  assert.deepEqual(foreign, [], 'every request stays on 127.0.0.1');
  const manifest = await page.evaluate(() => document.querySelector('link[rel=manifest]')?.href);
  assert.equal(manifest, `${server.url}manifest.webmanifest`);

  await context.setOffline(true);
  const workerResponses = [];
  context.on('response', (r) => /\/sim-worker-/.test(r.url()) && workerResponses.push(r));
  const response = await page.reload();
  assert.ok(response?.fromServiceWorker(), 'the reloaded page came from the service worker');
  await page.getByTestId('terminal-input').waitFor({ timeout: 10_000 });
  // The network really is cut: what the cache lacks cannot be fetched.
  const uncached = await page.evaluate(() => fetch('no-en-cache.txt').then((r) => `HTTP ${r.status}`, () => 'failed'));
  assert.equal(uncached, 'failed');
  // The simulator's worker comes from the cache too: the one index.html started loaded without
  // an error, and a new one answers.
  const workerUrl = await page.evaluate(() => window.muelleWorker.url);
  const { replies, errors: workerErrors } = await talkToWorker(page, workerUrl, WORKER_PROBES, WORKER_PROBES.length);
  assert.deepEqual(workerErrors, []);
  expectWorkerReplies(replies);
  assert.deepEqual(await page.evaluate(() => window.muelleWorker.errors), []);
  const workerFiles = workerResponses.map((r) => `${r.url().replace(server.url, '')} ${r.fromServiceWorker()}`);
  assert.ok(workerResponses.length >= 3, `the worker's files were seen: ${workerFiles.join(', ')}`);
  assert.ok(workerResponses.every((r) => r.fromServiceWorker()), `from the service worker: ${workerFiles.join(', ')}`);
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

// The lessons are not in the page's wasm but a file of the site, fetched when first needed
// (app/src/lessons/catalog.rs): the service worker precached it with the rest, so with the
// network cut the panel still lists them and a lesson opens.
test('sin red, las lecciones (un archivo del sitio) se abren desde la caché', async () => {
  const { context } = browser;
  await context.setOffline(true);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const lessonFiles = [];
  page.on('response', (r) => /\/lessons-[0-9a-f]{16}\.bin$/.test(r.url()) && lessonFiles.push(r));
  await page.goto(server.url);
  await page.getByTestId('terminal-input').waitFor({ timeout: 10_000 });
  assert.equal(lessonFiles.length, 0, 'a first view without lessons does not fetch them');
  await page.getByTestId('lessons-toggle').click();
  await page.locator('[data-testid=lesson-open][data-lesson=redes]').click();
  await page.locator('[data-testid=lessons][data-lesson=redes]').waitFor({ timeout: 10_000 });
  assert.equal(lessonFiles.length, 1, 'the lessons file was fetched once');
  assert.ok(lessonFiles[0].fromServiceWorker(), 'from the service worker');
  assert.deepEqual(errors, []);
  await page.close();
});
