// The page's download: a first visit becomes usable with at most LIMIT bytes gzip of html, js,
// the page's wasm, css and the service worker (it reads 343,286 now, docs/benchmarks.md; the
// lessons are a file fetched when first needed, not part of it); 400,000 is what the split build
// held before the simulator moved to its worker (399,465). The
// issue's budget, BUDGET, is not reached yet (docs/benchmarks.md says where the bytes are); the
// test prints how far it is. The simulator's worker (its loader,
// wasm-bindgen glue and wasm: files named sim-worker-…) downloads in parallel from the first
// byte, started by index.html before the page's wasm loads; it does not count, but its size is
// reported, and it must have been asked for while the page was still loading.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { launchChromium, newSitePage } from './harness.mjs';

// What main held before this session (the lessons file took the page to 379 KB; the panels' splitters,
// the frames' throttling and class mode brought it back to 397 KB).
const LIMIT = 400_000;
const BUDGET = 250_000;
const WORKER = /\/sim-worker-[0-9a-f]{16}[-_.]/;

let browser;

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

test(
  'la primera visita es usable con menos de 400 KB gzip; el worker del simulador llega en paralelo',
  async () => {
    const { page, errors, server } = await newSitePage(browser);
    const responses = [];
    const events = [];
    page.on('request', (request) => events.push(`request ${request.url()}`));
    page.on('requestfinished', (request) => events.push(`finished ${request.url()}`));
    page.on('response', async (response) => {
      const body = await response.body().catch(() => null);
      if (body) responses.push({ url: response.url(), gzip: gzipSync(body, { level: 9 }).length });
    });
    await page.goto(server.url);
    await page.waitForFunction(() => document.activeElement?.dataset.testid === 'terminal-input', null, {
      timeout: 15_000,
    });
    const usable = responses.slice();
    // The worker's files are asked for while the page's own wasm is still on its way.
    const pageWasm = events.findIndex((e) => e.startsWith('finished') && /\/app-[^/]*_bg\.wasm$/.test(e));
    const workerAsked = events.findIndex((e) => e.startsWith('request') && WORKER.test(e));
    assert.ok(pageWasm >= 0, `the page's wasm was not seen: ${events.join(', ')}`);
    assert.ok(workerAsked >= 0 && workerAsked < pageWasm, `the worker was not asked for in parallel: ${events.join(', ')}`);
    // Its wasm arrives too (not counted, but reported).
    for (let i = 0; i < 100 && !responses.some((r) => WORKER.test(r.url) && r.url.endsWith('.wasm')); i++) {
      await page.waitForTimeout(100);
    }
    const worker = responses.filter((r) => WORKER.test(r.url));
    const workerWasm = worker.find((r) => r.url.endsWith('.wasm'));
    assert.ok(workerWasm, `the worker's wasm never arrived: ${responses.map((r) => r.url).join(', ')}`);
    const total = usable.filter((r) => !WORKER.test(r.url)).reduce((sum, r) => sum + r.gzip, 0);
    const list = usable.map((r) => `${r.url.replace(server.url, '')} ${r.gzip}`).join(', ');
    const workerTotal = worker.reduce((sum, r) => sum + r.gzip, 0);
    console.log(`# first visit: ${total} bytes gzip until usable (${list})`);
    console.log(`# the simulator's worker, in parallel: ${workerTotal} bytes gzip, its wasm ${workerWasm.gzip}`);
    assert.deepEqual(errors, []);
    await page.close();
    console.log(`# issue 13's budget: ${BUDGET}; ${total > BUDGET ? `${total - BUDGET} bytes over` : 'met'}`);
    assert.ok(total <= LIMIT, `first visit downloads ${total} bytes gzip (limit ${LIMIT}): ${list}`);
  },
);
