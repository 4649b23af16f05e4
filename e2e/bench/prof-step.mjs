// Profiling aid (not a test): time travel's steps (ArrowLeft/ArrowRight on the scrubber) in the
// 30-minute session of `e2e/bench/jump.mjs`, with Chromium's trace; prints where the time from
// keydown to the next painted frame goes: the main thread's layout, style, paint and script (by
// function), and the worker's tasks.
//   MUELLE_JUMP_LINK=/tmp/jump.link MUELLE_DIST=dist node e2e/bench/prof-step.mjs
import { readFileSync } from 'node:fs';
import { DIST, launchChromium, serveDir } from '../harness.mjs';

const fragment = readFileSync(process.env.MUELLE_JUMP_LINK ?? '/tmp/jump.link', 'utf8').trim();
const STEPS = Number(process.env.STEPS ?? 10);
const server = await serveDir(DIST);
const browser = await launchChromium();
try {
  const p = await browser.context.newPage();
  await p.setViewportSize({ width: 1366, height: 768 });
  await p.goto(`${server.url}${fragment}`);
  await p.waitForFunction(
    () => Number(document.querySelector('[data-testid=timeline-scrubber]')?.getAttribute('aria-valuemax')) > 1_700_000,
    null,
    { timeout: 300_000 },
  );
  // A style to try (e.g. a panel hidden) while profiling.
  if (process.env.STYLE) await p.addStyleTag({ content: process.env.STYLE });
  const scrubber = p.getByTestId('timeline-scrubber');
  const box = await scrubber.boundingBox();
  await p.mouse.click(box.x + box.width * 0.5, box.y + box.height / 2);
  await p.waitForFunction(() => document.querySelector('[data-viewing=past]'));
  await p.waitForTimeout(500);
  await scrubber.focus();
  await p.evaluate(() => {
    window.__steps = [];
    addEventListener('keydown', () => {
      const t0 = performance.now();
      const s = document.querySelector('[data-testid=timeline-scrubber]');
      const asked = () => s.getAttribute('aria-valuenow');
      // Until the frame showing the moment asked for is painted (a task after its rAF).
      const poll = () => requestAnimationFrame(() => {
        if (s.dataset.shownAt === asked()) setTimeout(() => window.__steps.push(performance.now() - t0), 0);
        else poll();
      });
      poll();
    }, { capture: true });
  });
  const cdp = await p.context().newCDPSession(p);
  const events = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
  const traced = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await cdp.send('Tracing.start', { categories: `devtools.timeline,disabled-by-default-devtools.timeline,disabled-by-default-devtools.timeline.stack,blink${process.env.INVALIDATIONS ? ',disabled-by-default-devtools.timeline.invalidationTracking' : ''}`, transferMode: 'ReportEvents' });
  for (let i = 0; i < STEPS; i++) {
    await p.keyboard.press(i % 2 ? 'ArrowLeft' : 'ArrowRight');
    await p.waitForTimeout(300);
  }
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.send('Tracing.end');
  await traced;
  const steps = await p.evaluate(() => window.__steps);
  console.log('steps to paint (ms)', steps.map((k) => k.toFixed(1)).join(' '));
  const names = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(e.tid, e.args.name);
  const totals = new Map();
  for (const e of events) if (e.ph === 'X' && e.dur) {
    const k = `${e.name} ${names.get(e.tid) ?? e.tid}`;
    totals.set(k, (totals.get(k) ?? 0) + (e.tdur ?? e.dur) / 1000 / STEPS);
  }
  if (process.env.FORCED) {
    const forced = new Map();
    for (const e of events) if ((e.name === 'Layout' || e.name === 'UpdateLayoutTree') && e.dur) {
      const st = e.args?.beginData?.stackTrace ?? [];
      const k = e.name + ' ' + st.slice(0, 4).map((f) => `${f.functionName.replace(/::h[0-9a-f]{16}/, '')}@${f.url.split('/').pop()}`).join(' < ');
      forced.set(k, (forced.get(k) ?? 0) + e.dur / 1000 / STEPS);
      if (e.name === 'Layout' && e.dur > 2000) console.log('layout', (e.dur / 1000).toFixed(1), JSON.stringify(e.args?.beginData), JSON.stringify(e.args ?? {}).slice(0, 400));
    }
    for (const [k, v] of [...forced.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log('forced layout per step', v.toFixed(2).padStart(8), k);
  }
  if (process.env.INVALIDATIONS) {
    const why = new Map();
    for (const e of events) if (e.name === 'LayoutInvalidationTracking' || e.name === 'StyleRecalcInvalidationTracking') {
      const d = e.args?.data ?? {};
      const k = `${e.name.replace('InvalidationTracking', '')} ${d.reason ?? ''} ${d.nodeName ?? ''}`;
      why.set(k, (why.get(k) ?? 0) + 1 / STEPS);
    }
    for (const [k, v] of [...why.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log('invalidated per step', v.toFixed(1).padStart(6), k);
  }
  for (const [k, v] of [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log('per step', v.toFixed(2).padStart(8), k);
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, i) => {
    const f = byId.get(id).callFrame;
    const name = `${(f.functionName || '(anon)').replace(/::h[0-9a-f]{16}/, '')} ${f.url.split('/').pop()}`;
    self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000 / STEPS);
  });
  for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log('self per step', v.toFixed(2).padStart(8), k.slice(0, 140));
  if (process.env.CALLERS) {
    // Who calls the named function: its callers' chains, by time.
    const parent = new Map();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const chains = new Map();
    profile.samples.forEach((id, i) => {
      if (byId.get(id).callFrame.functionName !== process.env.CALLERS) return;
      const chain = [];
      for (let p = parent.get(id); p !== undefined && chain.length < 8; p = parent.get(p)) {
        const f = byId.get(p).callFrame;
        chain.push(`${f.functionName.replace(/::h[0-9a-f]{16}/, '') || '(anon)'}:${f.lineNumber}`);
      }
      const k = chain.join(' < ');
      chains.set(k, (chains.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000 / STEPS);
    });
    for (const [k, v] of [...chains.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log('called per step', v.toFixed(2).padStart(8), k);
  }
} finally {
  await browser.close();
  await server.close();
}
