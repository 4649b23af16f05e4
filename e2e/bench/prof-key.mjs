// Profiling aid (not a test): a keystroke in a 1 MB file, with Chromium's trace; prints where
// the time from keydown to the next painted frame goes. BARE=1 measures a bare textarea instead.
import { launchChromium, serveDir } from '../harness.mjs';
const DIST = process.env.MUELLE_DIST;
const server = await serveDir(DIST);
const browser = await launchChromium();
try {
  const p = await browser.context.newPage();
  await p.setViewportSize({ width: 1366, height: 768 });
  const lines = ['grande:'];
  for (let i = 0, size = 0; size < 1024 * 1024; i++) {
    const l = `  clave${i}: "valor ${i}" # comentario ${i}`;
    lines.push(l);
    size += l.length + 1;
  }
  const mb = lines.join('\n') + '\n';
  if (process.env.BARE) {
    await p.goto('about:blank');
    await p.setContent(`<textarea data-testid=editor wrap=off style="width:600px;height:500px;font:13px monospace;line-height:1.5"></textarea>`);
    await p.evaluate((t) => { document.querySelector('textarea').value = t; }, mb);
  } else {
    await p.goto(server.url);
    await p.getByTestId('terminal-input').waitFor();
    await p.getByTestId('file-new').click();
    await p.getByTestId('file-name').fill('grande.yaml');
    await p.getByTestId('file-ok').click();
    await p.locator('.file-name', { hasText: 'grande.yaml' }).waitFor();
    await p.evaluate((t) => {
      const ta = document.querySelector('[data-testid=editor]');
      ta.focus();
      ta.setRangeText(t, 0, ta.value.length, 'end');
      ta.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
    }, mb);
    await p.getByTestId('editor-saved').waitFor({ timeout: 30_000 });
  }
  await p.evaluate(() => {
    window.__keys = [];
    const ta = document.querySelector('[data-testid=editor]');
    ta.addEventListener('keydown', () => {
      const t0 = performance.now();
      requestAnimationFrame(() => setTimeout(() => window.__keys.push(performance.now() - t0), 0));
    }, { capture: true });
    (document.querySelector('.code-scroll') ?? ta).scrollTop = 15_000 * 19.5;
  });
  await p.waitForTimeout(100);
  await p.evaluate(() => {
    // The textarea holds the lines in view (a window of a big file): the caret goes there.
    const ta = document.querySelector('[data-testid=editor]');
    const pos = ta.value.indexOf('clave15000:');
    ta.focus({ preventScroll: true });
    ta.setSelectionRange(pos, pos);
  });
  await p.waitForTimeout(500);
  const cdp = await p.context().newCDPSession(p);
  const events = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
  const traced = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,blink', transferMode: 'ReportEvents' });
  for (let i = 0; i < 11; i++) { await p.keyboard.press(i % 5 === 4 ? 'Enter' : 'x'); await p.waitForTimeout(80); }
  await p.waitForTimeout(200);
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.send('Tracing.end');
  await traced;
  const keys = await p.evaluate(() => window.__keys);
  const main = new Map();
  for (const e of events) if (e.ph === 'X' && e.dur) {
    const k = `${e.name} tid${e.tid}`;
    main.set(k, (main.get(k) ?? 0) + (e.tdur ?? e.dur) / 1000 / keys.length);
  }
  console.log('keys', keys.map((k) => k.toFixed(1)).join(' '));
  for (const [k, v] of [...main.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log('per key', v.toFixed(2).padStart(8), k);
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, i) => {
    const f = byId.get(id).callFrame;
    const name = `${(f.functionName || '(anon)').replace(/::h[0-9a-f]{16}/, '')} ${f.url.split('/').pop()}`;
    self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000 / keys.length);
  });
  for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log('self per key', v.toFixed(2).padStart(8), k.slice(0, 140));
} finally {
  await browser.close();
  await server.close();
}
