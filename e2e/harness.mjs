// Shared pieces of the end-to-end tests: a static server for dist/ and Debian's Chromium.
//
// The server is a few lines of Node so the tests need nothing but `node --test` and
// playwright-core; it listens on a free port on 127.0.0.1, so parallel runs never collide.
// Chromium is the system one (/usr/bin/chromium): test tools must never download browsers here.

import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));

/** The built site: `MUELLE_DIST` (set by `cargo xtask test`) or ../dist. */
export const DIST = resolve(process.env.MUELLE_DIST ?? join(here, '..', 'dist'));
export const SCREENSHOTS = join(here, 'screenshots');
const CHROMIUM = process.env.MUELLE_CHROMIUM ?? '/usr/bin/chromium';

// Without the background-networking flags Chromium keeps dialling Google's hosts, which this
// machine's closed network refuses.
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves `root` on 127.0.0.1 at a free port. Returns `{ url, close }`. With `gzip`, text and wasm
 * go gzip'd to a client that accepts it, as a real site serves them. With `bytesPerSecond`, every
 * response shares that rate (one line for the whole page, its worker included, whatever the
 * browser's own emulation throttles), each starting after `latencyMs`: the slow-line benchmark.
 */
export async function serveDir(root, { gzip = false, bytesPerSecond = 0, latencyMs = 0 } = {}) {
  // The time (ms) the shared line is next free: each 8 KiB chunk waits for it and then holds it.
  let lineFree = 0;
  const send = async (res, body) => {
    if (!bytesPerSecond) return res.end(body);
    await new Promise((ok) => setTimeout(ok, latencyMs));
    for (let at = 0; at < body.length; at += 8192) {
      const chunk = body.subarray(at, at + 8192);
      const start = Math.max(Date.now(), lineFree);
      lineFree = start + (chunk.length / bytesPerSecond) * 1000;
      await new Promise((ok) => setTimeout(ok, lineFree - Date.now()));
      res.write(chunk);
    }
    res.end();
  };
  await stat(join(root, 'index.html')).catch(() => {
    throw new Error(`${root}/index.html is missing: build the site first (cargo xtask dist)`);
  });
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      let body = await readFile(file);
      const headers = {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      };
      if (gzip && /gzip/.test(req.headers['accept-encoding'] ?? '') && /\.(html|js|mjs|wasm|css|json|svg|txt)$/.test(file)) {
        body = gzipSync(body, { level: 9 });
        headers['content-encoding'] = 'gzip';
      }
      res.writeHead(200, headers);
      await send(res, body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((ok) => {
        server.close(ok);
        server.closeAllConnections();
      }),
  };
}

/** Starts headless Chromium with a fresh profile. Returns `{ context, close }`. */
export async function launchChromium() {
  const profile = await mkdtemp(join(tmpdir(), 'muelle-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1100, height: 720 },
    locale: 'es-ES',
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a screenshot of `page` as screenshots/<name>.png. */
export async function screenshot(page, name) {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/**
 * Types `line` + Enter into the visible terminal (as keystrokes with `keys`, else pasted) and
 * waits until the line is echoed and the prompt is back (the command finished).
 */
export async function run(page, line, { timeout = 60_000, keys = false } = {}) {
  const input = page.getByTestId('terminal-input');
  if (keys) {
    await input.pressSequentially(line);
  } else {
    await input.fill(line);
  }
  await input.press('Enter');
  await page.waitForFunction(
    (typed) => document.querySelector('[data-testid=terminal-output]')?.textContent.includes(typed),
    ` ${line}\n`,
    { timeout: 5_000 },
  );
  await page.getByTestId('terminal-prompt').waitFor({ state: 'visible', timeout });
}

/**
 * A new tab for the site on a new origin (its own server on a new port: nothing an earlier test
 * saved in the browser's storage is replayed), not yet navigated. Page errors and console errors
 * are collected in `errors`; closing the page stops its server.
 */
export async function newSitePage(browser) {
  const server = await serveDir(DIST);
  const page = await browser.context.newPage();
  page.on('close', () => server.close());
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  return { page, errors, server };
}

/** `newSitePage`, opened at the given size and colour scheme, once the terminal is there. */
export async function openPage(browser, { colorScheme = 'light', width = 1280, height = 800 } = {}) {
  const { page, errors, server } = await newSitePage(browser);
  await page.emulateMedia({ colorScheme });
  await page.setViewportSize({ width, height });
  await page.goto(server.url);
  await page.getByTestId('terminal-input').waitFor({ timeout: 10_000 });
  return { page, errors, server };
}

/**
 * A key of the work the page saved (IndexedDB "muelle", store "kv": see app/src/store.rs), or
 * null; `length: true` answers with the value's length (a 20 MB value stays in the page). Never
 * creates the database (that would leave it without its store for the page).
 */
export async function savedItem(page, key, { length = false } = {}) {
  return page.evaluate(
    async ([key, length]) => {
      const dbs = await indexedDB.databases();
      if (!dbs.some((d) => d.name === 'muelle')) return null;
      return new Promise((ok, bad) => {
        const r = indexedDB.open('muelle');
        r.onsuccess = () => {
          const db = r.result;
          if (!db.objectStoreNames.contains('kv')) {
            db.close();
            ok(null);
            return;
          }
          const g = db.transaction('kv').objectStore('kv').get(key);
          g.onsuccess = () => {
            db.close();
            const v = g.result ?? null;
            ok(length && v !== null ? v.length : v);
          };
          g.onerror = () => {
            db.close();
            bad(g.error);
          };
        };
        r.onerror = () => bad(r.error);
      });
    },
    [key, length],
  );
}

/** Waits until `check(savedItem(page, key, opts))` holds (the page saves about once a second). */
export async function waitSaved(page, key, check, { timeout = 10_000, length = false } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await savedItem(page, key, { length });
    if (check(v)) return v;
    if (Date.now() > end) throw new Error(`${key} never matched what was waited for (last: ${String(v).slice(0, 200)})`);
    await new Promise((ok) => setTimeout(ok, 200));
  }
}

/**
 * Messages that the simulator's worker answers (`sim_core::remote`: numbered envelopes as JSON;
 * its frames are postcard bytes), and
 * the check of its answers: one frame per post, acknowledging it, the first with the line's
 * output. The one place the end-to-end tests know the worker's protocol.
 */
export const WORKER_PROBES = [
  '[{"seq":1,"msg":{"Input":{"Submit":{"term":0,"line":"echo probe"}}}}]',
  '[{"seq":2,"msg":{"Input":"OpenTerminal"}}]',
];
export function expectWorkerReplies(replies) {
  assert.equal(replies.length, WORKER_PROBES.length, String(replies));
  // Frames are postcard bytes (arrays of numbers here, see `talkToWorker`); their first six
  // fields are varints: acked, now, revision, stamp (two), terminal_count.
  const frames = replies.map((bytes) => {
    assert.ok(Array.isArray(bytes), `a frame is bytes, not ${String(bytes).slice(0, 200)}`);
    let at = 0;
    const varint = () => {
      let [value, scale] = [0, 1];
      for (;;) {
        const byte = bytes[at++];
        value += (byte & 0x7f) * scale;
        if (byte < 0x80) return value;
        scale *= 128;
      }
    };
    const [acked, now, revision, stamp0, stamp1, terminalCount] = Array.from({ length: 6 }, varint);
    return { acked, now, revision, stamp0, stamp1, terminalCount, text: Buffer.from(bytes).toString('utf8') };
  });
  assert.deepEqual(frames.map((f) => f.acked), [1, 2]);
  // The terminal's output is a UTF-8 string inside the first frame.
  assert.ok(frames[0].text.includes('probe\n'), frames[0].text.slice(0, 500));
  assert.equal(frames[1].terminalCount, 2);
}

/**
 * Starts a new worker from `url` in the page, posts `probes` at once and collects what it says
 * until `want` messages and `wantErrors` error events came (or 15 s passed).
 */
export function talkToWorker(page, url, probes, want, wantErrors = 0) {
  return page.evaluate(
    ([url, probes, want, wantErrors]) =>
      new Promise((resolve) => {
        const replies = [];
        const errors = [];
        const worker = new Worker(url);
        let finished = false;
        const done = () => {
          if (finished) return;
          finished = true;
          worker.terminate();
          resolve({ replies, errors });
        };
        const check = () => replies.length >= want && errors.length >= wantErrors && done();
        worker.onmessage = (e) => {
          // Frames are bytes; a crash report is text.
          replies.push(e.data instanceof Uint8Array ? Array.from(e.data) : e.data);
          check();
        };
        worker.onerror = (e) => {
          e.preventDefault();
          errors.push(e.message || 'error');
          check();
        };
        // At once: the wasm is not there yet, so these wait in the loader.
        for (const p of probes) worker.postMessage(p);
        setTimeout(done, 15_000);
      }),
    [url, probes, want, wantErrors],
  );
}

/** The Spanish tutorial's compose example (`../shared/seeds/`), TABs and all, as a student pastes it. */
export function tutorialCompose() {
  const seeds = join(here, '..', '..', 'shared', 'seeds');
  assert.ok(existsSync(seeds), `the tutorial is not at ${seeds}: the tests need ../shared beside the repository`);
  for (const name of readdirSync(seeds)) {
    const text = readFileSync(join(seeds, name), 'utf8');
    const block = text.split('Un ejemplo del archivo `docker-compose.yaml`:\n\n```\n')[1];
    if (block) return block.split('```')[0];
  }
  assert.fail('no seed holds the tutorial\'s compose example');
}

/**
 * A toolbar control by its test id, opening the toolbar's «Más» first when the control waits
 * behind it (a phone, or a window up to 1366 px for the rarest: seed, files, theme).
 */
export async function toolbarControl(page, id) {
  const control = page.getByTestId(id);
  const more = page.getByTestId('toolbar-more');
  if (!(await control.isVisible()) && (await more.isVisible()) && (await more.getAttribute('aria-expanded')) !== 'true') {
    await more.click();
  }
  return control;
}
