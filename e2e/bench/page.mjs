// Page benchmarks (run by `cargo xtask bench page` against the release site in dist/):
// - navigation to a usable page (the terminal's input is visible and focused), median of 9
//   fresh loads with empty storage, and to the simulator's worker (started by index.html before
//   the page's wasm) answering a first message posted to it at its start;
// - a keystroke in a 200-service Compose file: validation of the whole file plus the editor's
//   redraw, as the editor itself times it (`data-check-ms`), median of 15 keystrokes;
// - a keystroke in a 1 MB file (YAML, coloured): from the key's event to the next frame painted
//   after it (performance marks in the page: keydown, then requestAnimationFrame + a task),
//   median of 21 keystrokes, in the middle of the file and at its end.
// - navigation to the first command answered (`docker ps` typed as soon as the terminal takes
//   keys, until its header is drawn), median of 9, and both figures again on a slow line
//   (1.6 Mbit/s shared by every response, 100 ms before each: the test server's own line, the
//   site served gzip'd), median of 3;
// - Enter to `docker ps`'s output drawn, with 50 containers, median of 9.
// Prints the figures; it is a measurement, not a test.

import { DIST, launchChromium, serveDir, WORKER_PROBES } from '../harness.mjs';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

let server = await serveDir(DIST);
const browser = await launchChromium();
try {
  const loads = [];
  const answered = [];
  for (let i = 0; i < 9; i++) {
    // A new origin each time: empty storage, nothing to replay.
    await server.close();
    server = await serveDir(DIST);
    const page = await browser.context.newPage();
    // The first worker the page starts gets a probe at once; the time of its first answer is kept.
    await page.addInitScript((probe) => {
      const Original = window.Worker;
      window.Worker = function (url, options) {
        const worker = new Original(url, options);
        if (window.muelleWorkerAnswered === undefined) {
          window.muelleWorkerAnswered = null;
          worker.addEventListener('message', () => (window.muelleWorkerAnswered ??= performance.now()), { once: true });
          worker.postMessage(probe);
        }
        return worker;
      };
      window.Worker.prototype = Original.prototype;
    }, WORKER_PROBES[0]);
    await page.goto(server.url);
    await page.waitForFunction(
      () => document.activeElement?.dataset.testid === 'terminal-input',
      null,
      { timeout: 10_000, polling: 'raf' },
    );
    loads.push(await page.evaluate(() => performance.now()));
    await page.waitForFunction(() => window.muelleWorkerAnswered, null, { timeout: 10_000, polling: 'raf' });
    answered.push(await page.evaluate(() => window.muelleWorkerAnswered));
    await page.close();
  }
  // Navigation to the first command answered, on this machine and on a slow line.
  const firstCommand = async ({ slow }) => {
    await server.close();
    // The slow line is the test server's own: every response, the worker's included, shares
    // 1.6 Mbit/s after 100 ms (Chromium's network emulation does not hold back a worker's later
    // requests, so it would flatter the first command).
    server = await serveDir(DIST, slow ? { gzip: true, bytesPerSecond: 1_600_000 / 8, latencyMs: 100 } : {});
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => document.activeElement?.dataset.testid === 'terminal-input', null, {
      timeout: 60_000,
      polling: 'raf',
    });
    const usable = await page.evaluate(() => performance.now());
    await page.keyboard.type('docker ps');
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => document.querySelector('[data-testid=terminal-output]')?.textContent.includes('CONTAINER ID'),
      null,
      { timeout: 60_000, polling: 'raf' },
    );
    const answered = await page.evaluate(() => performance.now());
    await page.close();
    return [usable, answered];
  };
  for (const slow of [false, true]) {
    const runs = [];
    for (let i = 0; i < (slow ? 3 : 9); i++) runs.push(await firstCommand({ slow }));
    const where = slow ? 'on a 1.6 Mbit/s, 100 ms line' : 'on this machine';
    console.log(
      `${where}: navigation to usable median ${median(runs.map((r) => r[0])).toFixed(0)} ms, to the first command answered median ${median(runs.map((r) => r[1])).toFixed(0)} ms (runs: ${runs.map((r) => r.map((x) => x.toFixed(0)).join('/')).join(', ')})`,
    );
  }
  console.log(`navigation to usable page: median ${median(loads).toFixed(0)} ms (runs: ${loads.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(
    `navigation to the simulator's worker answering: median ${median(answered).toFixed(0)} ms (runs: ${answered.map((x) => x.toFixed(0)).join(', ')})`,
  );

  await server.close();
  server = await serveDir(DIST);
  const page = await browser.context.newPage();
  await page.goto(server.url);
  await page.getByTestId('terminal-input').waitFor();
  let yaml = 'services:\n';
  for (let i = 0; i < 200; i++) {
    yaml += `  svc${i}:\n    image: nginx\n    environment:\n      - N=${i}\n    ports:\n      - "${10000 + i}:80"\n    depends_on:\n      - svc${(i + 1) % 200 === 0 ? 1 : i + 1}\n`;
  }
  const editor = page.getByTestId('editor');
  await editor.fill(yaml);
  await page.waitForTimeout(1_000);
  const section = page.locator('[data-check-ms]');
  const times = [];
  for (let i = 0; i < 15; i++) {
    const before = await section.getAttribute('data-check-ms').catch(() => null);
    await editor.press('End');
    await editor.type(i % 2 ? 'x' : '#');
    await page.waitForFunction(
      (prev) => {
        const v = document.querySelector('[data-check-ms]')?.getAttribute('data-check-ms');
        return v && v !== prev;
      },
      before,
      { timeout: 10_000 },
    ).catch(() => {});
    times.push(Number(await section.getAttribute('data-check-ms')));
    await page.waitForTimeout(300);
  }
  console.log(`keystroke in a 200-service file (validation + redraw): median ${median(times).toFixed(1)} ms (runs: ${times.join(', ')})`);

  // Enter to `docker ps`'s output drawn, with 50 containers running.
  {
    const input = page.getByTestId('terminal-input');
    await input.fill('for i in $(seq 50); do docker run -d alpine sleep 100000 > /dev/null; done');
    await input.press('Enter');
    await page.getByTestId('terminal-prompt').waitFor({ state: 'visible', timeout: 120_000 });
    const enters = [];
    for (let i = 0; i < 9; i++) {
      await input.fill('docker ps');
      const took = await page.evaluate(
        () =>
          new Promise((done) => {
            const out = document.querySelector('[data-testid=terminal-output]');
            const before = out.textContent.split('CONTAINER ID').length;
            const input = document.querySelector('[data-testid=terminal-input]');
            const t0 = performance.now();
            const seen = new MutationObserver(() => {
              if (out.textContent.split('CONTAINER ID').length > before && out.textContent.trimEnd().split('\n').length > 50) {
                seen.disconnect();
                requestAnimationFrame(() => done(performance.now() - t0));
              }
            });
            seen.observe(out, { childList: true, subtree: true, characterData: true });
            input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
          }),
      );
      enters.push(took);
      await page.getByTestId('terminal-prompt').waitFor({ state: 'visible' });
    }
    console.log(`Enter to docker ps drawn with 50 containers: median ${median(enters).toFixed(1)} ms (runs: ${enters.map((x) => x.toFixed(1)).join(', ')})`);
  }

  // A 1 MB file: keystroke to painted frame.
  {
    await server.close();
    server = await serveDir(DIST);
    const p = await browser.context.newPage();
    await p.setViewportSize({ width: 1366, height: 768 });
    await p.goto(server.url);
    await p.getByTestId('terminal-input').waitFor();
    await p.getByTestId('file-new').click();
    await p.getByTestId('file-name').fill('grande.yaml');
    await p.getByTestId('file-ok').click();
    await p.locator('.file-name', { hasText: 'grande.yaml' }).waitFor();
    const lines = ['grande:'];
    for (let i = 0, size = 0; size < 1024 * 1024; i++) {
      const l = `  clave${i}: "valor ${i}" # comentario ${i}`;
      lines.push(l);
      size += l.length + 1;
    }
    const mb = lines.join('\n') + '\n';
    // As a paste: the text goes in and one input event follows (Playwright's fill of 1 MB is slow).
    await p.evaluate((t) => {
      const ta = document.querySelector('[data-testid=editor]');
      ta.focus();
      ta.setRangeText(t, 0, ta.value.length, 'end');
      ta.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
    }, mb);
    await p.waitForFunction((n) => document.querySelector('.gutter')?.dataset.lines === String(n), lines.length + 1);
    await p.getByTestId('editor-saved').waitFor({ timeout: 30_000 });
    await p.evaluate(() => {
      window.__keys = [];
      const ta = document.querySelector('[data-testid=editor]');
      ta.addEventListener(
        'keydown',
        () => {
          performance.mark('key');
          const t0 = performance.now();
          requestAnimationFrame(() => setTimeout(() => window.__keys.push(performance.now() - t0), 0));
        },
        { capture: true },
      );
    });
    const timeKeys = async (where) => {
      // Scroll first: for a big file the textarea holds the lines in view (a window), then the
      // caret goes to the line wanted in it.
      await p.evaluate((where) => {
        const sc = document.querySelector('.code-scroll');
        sc.scrollTop = where === 'end' ? sc.scrollHeight : 15_000 * 19.5;
      }, where);
      await p.waitForTimeout(100);
      await p.evaluate((where) => {
        const ta = document.querySelector('[data-testid=editor]');
        const pos = where === 'end' ? ta.value.length : ta.value.indexOf('clave15000:');
        if (pos < 0) throw new Error('line 15,000 is not in the textarea');
        ta.focus({ preventScroll: true });
        ta.setSelectionRange(pos, pos);
        window.__keys = [];
      }, where);
      await p.waitForTimeout(300);
      for (let i = 0; i < 21; i++) {
        await p.keyboard.press(i % 5 === 4 ? 'Enter' : 'x');
        await p.waitForTimeout(60);
      }
      await p.waitForTimeout(200);
      return p.evaluate(() => window.__keys.slice());
    };
    const mid = await timeKeys('middle');
    const end = await timeKeys('end');
    const nodes = await p.evaluate(() => document.querySelectorAll('.editor *').length);
    const fmt = (xs) => `median ${median(xs).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms`;
    console.log(`keystroke in a 1 MB file (${lines.length} lines) to painted frame: middle ${fmt(mid)}; end ${fmt(end)}; ${nodes} elements in the editor`);
    await p.close();
  }

  // 1,000 containers: `docker compose up -d` of a 1,000-service file, then 10 s of them running
  // (each pinging another), while the page's frames are timed (gaps between animation frames).
  await server.close();
  server = await serveDir(DIST);
  const big = await browser.context.newPage();
  await big.goto(server.url);
  await big.getByTestId('terminal-input').waitFor();
  // Each pings the next one once all have started: a ping of a name not up yet fails and ends,
  // and with `command: ping NEXT` the thousand containers had all exited before the 10 s below.
  let many = 'services:\n';
  for (let i = 0; i < 1000; i++) {
    many += `  s${i}:\n    image: alpine\n    command: sh -c "sleep 3; ping s${(i + 1) % 1000}"\n`;
  }
  await big.evaluate((text) => {
    window.__frames = [];
    let last = performance.now();
    const tick = (t) => {
      window.__frames.push(t - last);
      last = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    window.__many = text;
  }, many);
  // The editor has docker-compose.yaml open: the 1,000-service file replaces it.
  await big.evaluate((t) => {
    const ta = document.querySelector('[data-testid=editor]');
    ta.setRangeText(t, 0, ta.value.length, 'end');
    ta.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  }, many);
  await big.getByTestId('editor-saved').waitFor({ timeout: 30_000 });
  const term = big.getByTestId('terminal-input');
  const t0 = Date.now();
  await big.evaluate(() => (window.__frames = []));
  await term.fill('docker compose up -d');
  await term.press('Enter');
  await big.getByTestId('terminal-prompt').waitFor({ state: 'visible', timeout: 600_000 });
  const upSecs = (Date.now() - t0) / 1000;
  const during = await big.evaluate(() => window.__frames.splice(0));
  await big.waitForTimeout(10_000);
  const steady = await big.evaluate(() => window.__frames.splice(0));
  const running = await big.locator('[data-node^="container:"]').count();
  const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * p)] ?? 0;
  const show = (xs) =>
    `${xs.length} frames, median ${median(xs).toFixed(1)} ms, p95 ${pct(xs, 0.95).toFixed(1)} ms, max ${Math.max(...xs).toFixed(0)} ms`;
  console.log(`1,000 services: docker compose up -d took ${upSecs.toFixed(1)} s of wall clock; frames meanwhile: ${show(during)}`);
  console.log(`1,000 containers pinging, next 10 s: ${show(steady)} (${running} container nodes drawn around the view)`);
  const ps = await big.evaluate(() => document.querySelector('[data-testid=terminal-output]').textContent.slice(-300));
  console.log(ps.split('\n').slice(-3).join(' | '));
} finally {
  await browser.close();
  await server.close();
}
