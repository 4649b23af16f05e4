// The simulator's Web Worker in the built site (sim-worker/, index.html's early start,
// ARCHITECTURE.md "Two threads"): the page starts it before its own wasm loads, its files have
// hashed names, it answers messages — also those posted before its wasm was there, in order —
// and a worker that cannot load says so (a crash message and an `error` event).
//
// With the stub `sim_core::remote::Driver` (sim-core/src/remote.rs) the worker echoes each
// message; `WORKER_PROBES` and `expectWorkerReplies` (harness.mjs) are the one place that knows
// the protocol.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectWorkerReplies, launchChromium, newSitePage, talkToWorker, WORKER_PROBES } from './harness.mjs';

let browser;

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

test('la página arranca el worker del simulador al empezar, y contesta', async () => {
  const { page, errors, server } = await newSitePage(browser);
  await page.goto(server.url);
  const early = await page.evaluate(() => ({
    url: window.muelleWorker?.url,
    started: window.muelleWorker?.worker instanceof Worker,
    errors: window.muelleWorker?.errors,
  }));
  assert.match(early.url, /^http:\/\/127\.0\.0\.1:\d+\/sim-worker-[0-9a-f]{16}-loader\.js$/);
  assert.ok(early.started, 'index.html started the worker');
  await page.getByTestId('terminal-input').waitFor({ timeout: 10_000 });
  const { replies, errors: workerErrors } = await talkToWorker(page, early.url, WORKER_PROBES, WORKER_PROBES.length);
  assert.deepEqual(workerErrors, []);
  expectWorkerReplies(replies);
  assert.deepEqual(await page.evaluate(() => window.muelleWorker.errors), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('un worker que no puede cargar su wasm lo dice: mensaje de fallo y evento error', async () => {
  const { page, server } = await newSitePage(browser);
  await page.goto(server.url);
  await page.getByTestId('terminal-input').waitFor({ timeout: 10_000 });
  // The built loader, from a blob, with its glue at its real address and its wasm at a missing one.
  const url = await page.evaluate(async () => {
    const loader = await (await fetch(window.muelleWorker.url)).text();
    const base = new URL('./', window.muelleWorker.url).href;
    const source = loader
      .replace(/'\.\/(sim-worker-[0-9a-f]+\.js)'/, (_, name) => `'${base}${name}'`)
      .replace(/'\.\/sim-worker-[0-9a-f]+_bg\.wasm'/, `'${base}no-existe_bg.wasm'`);
    return URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  });
  const { replies, errors } = await talkToWorker(page, url, [], 1, 1);
  assert.equal(replies.length, 1, `one crash message: ${JSON.stringify(replies)}`);
  assert.match(JSON.parse(replies[0]).crashed, /the simulator did not load/);
  assert.equal(errors.length, 1, `one error event: ${JSON.stringify(errors)}`);
  assert.match(errors[0], /the simulator did not load/);
  await page.close();
});
