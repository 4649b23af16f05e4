// Profiling aid (not a test): the page's threads, from Chromium's trace, during `docker compose
// up -d` of 1,000 services and then while the 1,000 containers ping each other. Wall-clock frame
// figures are noisy on a shared machine; the work done per thread is what this prints: the main
// thread's tasks (total, longest), its layout, style, paint and script, the compositor's raster
// and the worker's tasks. `MUELLE_DIST=dist node bench/prof-frames.mjs` (`STEADY_MS`, default 5000).
import { launchChromium, serveDir } from '../harness.mjs';

const DIST = process.env.MUELLE_DIST;
const STEADY_MS = Number(process.env.STEADY_MS ?? 5000);
const server = await serveDir(DIST);
const browser = await launchChromium();
try {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(server.url);
  await page.getByTestId('terminal-input').waitFor();
  // Each pings the next one once all have started (a ping of a name not yet up fails and ends).
  let many = 'services:\n';
  for (let i = 0; i < 1000; i++) many += `  s${i}:\n    image: alpine\n    command: sh -c "sleep 3; ping s${(i + 1) % 1000}"\n`;
  await page.evaluate((t) => {
    window.__frames = [];
    let last = performance.now();
    const tick = (now) => {
      window.__frames.push(now - last);
      last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const ta = document.querySelector('[data-testid=editor]');
    ta.setRangeText(t, 0, ta.value.length, 'end');
    ta.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  }, many);
  await page.getByTestId('editor-saved').waitFor({ timeout: 30_000 });
  // A style to try (e.g. a panel hidden) while profiling.
  if (process.env.STYLE) await page.addStyleTag({ content: process.env.STYLE });
  const cdp = await page.context().newCDPSession(page);
  const trace = async (run) => {
    const events = [];
    const onData = (d) => events.push(...d.value);
    cdp.on('Tracing.dataCollected', onData);
    const done = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
    await cdp.send('Tracing.start', {
      categories: 'devtools.timeline,disabled-by-default-devtools.timeline,toplevel,cc,blink',
      transferMode: 'ReportEvents',
    });
    await page.evaluate(() => (window.__frames = []));
    const t0 = Date.now();
    await run();
    const wall = Date.now() - t0;
    const frames = await page.evaluate(() => window.__frames.splice(0));
    const { profile } = await cdp.send('Profiler.stop');
    await cdp.send('Tracing.end');
    await done;
    cdp.off('Tracing.dataCollected', onData);
    return { events, wall, frames, profile };
  };
  const summary = (label, { events, wall, frames, profile }) => {
    const names = new Map();
    for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
    // The page's main thread: the renderer whose thread runs the most `Layout`.
    const layoutsBy = new Map();
    for (const e of events) if (e.name === 'Layout') layoutsBy.set(`${e.pid}:${e.tid}`, (layoutsBy.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
    const main = [...layoutsBy.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    const pid = main?.split(':')[0];
    const dur = (e) => (e.tdur ?? e.dur ?? 0) / 1000;
    const wallDur = (e) => (e.dur ?? 0) / 1000;
    const on = (key) => events.filter((e) => e.ph === 'X' && `${e.pid}:${e.tid}` === key);
    const sum = (xs, f = dur) => xs.reduce((a, e) => a + f(e), 0);
    const mainEvents = on(main);
    // Top-level tasks only (a task's trace can hold nested ones).
    const tasks = [];
    let end = -1;
    for (const e of mainEvents.filter((e) => /RunTask$/.test(e.name)).sort((a, b) => a.ts - b.ts))
      if (e.ts >= end) {
        tasks.push(e);
        end = e.ts + (e.dur ?? 0);
      }
    // On a shared machine a task's wall time holds the time its thread waited for a core: the
    // longest are told by their thread time.
    const longest = tasks.map(dur).sort((a, b) => b - a);
    const by = (name) => sum(mainEvents.filter((e) => e.name === name));
    // What the longest tasks did: the trace's events inside each, and the page's functions sampled
    // then (self time).
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    let at = profile.startTime;
    const stamps = profile.timeDeltas.map((d) => (at += d));
    const long = [];
    for (const task of [...tasks].sort((a, b) => dur(b) - dur(a)).slice(0, Number(process.env.LONGEST ?? 0))) {
      const inside = new Map();
      for (const e of mainEvents)
        if (e !== task && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= task.ts + task.dur && !/RunTask/.test(e.name))
          inside.set(e.name, (inside.get(e.name) ?? 0) + dur(e));
      const fns = new Map();
      profile.samples.forEach((id, i) => {
        if (stamps[i] < task.ts || stamps[i] > task.ts + task.dur) return;
        const name = (byId.get(id).callFrame.functionName || '(anon)').replace(/::h[0-9a-f]{16}/, '').slice(0, 70);
        fns.set(name, (fns.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
      });
      const top = (m, n) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${k} ${v.toFixed(0)}`).join('; ');
      long.push(`  long task ${dur(task).toFixed(0)} ms cpu (${wallDur(task).toFixed(0)} wall): ${top(inside, 6)}\n    self: ${top(fns, 6)}`);
    }
    const sorted = [...frames].sort((a, b) => a - b);
    const pct = (p) => sorted[Math.floor(sorted.length * p)]?.toFixed(1);
    console.log(`== ${label}: ${(wall / 1000).toFixed(1)} s wall, ${frames.length} frames, p50 ${pct(0.5)} p95 ${pct(0.95)} max ${sorted.at(-1)?.toFixed(0)} ms (wall, measured under load)`);
    console.log(
      `main thread: tasks ${sum(tasks).toFixed(0)} ms cpu (${sum(tasks, wallDur).toFixed(0)} wall) in ${tasks.length}; longest (cpu) ${longest.slice(0, 5).map((x) => x.toFixed(0)).join(', ')} ms; tasks over 16 ms cpu ${longest.filter((x) => x > 16).length}, over 33 ms ${longest.filter((x) => x > 33).length}`,
    );
    console.log(
      `  layout ${by('Layout').toFixed(0)}, style ${by('UpdateLayoutTree').toFixed(0)}, paint ${by('Paint').toFixed(0)}, prepaint ${by('PrePaint').toFixed(0)}, layerize ${by('Layerize').toFixed(0)}, script ${(by('FunctionCall') + by('EvaluateScript') + by('v8.callFunction')).toFixed(0)}, animation frames ${by('FireAnimationFrame').toFixed(0)}, messages ${by('EventDispatch').toFixed(0)} ms`,
    );
    const threads = new Map();
    for (const e of events)
      if (e.ph === 'X' && `${e.pid}` === pid) {
        const n = names.get(`${e.pid}:${e.tid}`) ?? `tid${e.tid}`;
        if (/RunTask|RasterTask|TaskGraphRunner::RunTask/.test(e.name)) threads.set(n, (threads.get(n) ?? 0) + dur(e));
      }
    for (const line of long) console.log(line);
    if (process.env.PAINTS) {
      // Which layers and areas paint (to tell a repainted panel).
      const paints = new Map();
      for (const e of mainEvents.filter((e) => e.name === 'Paint')) {
        const c = e.args?.data?.clip;
        const k = c ? `${Math.round(c[0])},${Math.round(c[1])} ${Math.round(c[2] - c[0])}x${Math.round(c[5] - c[1])}` : JSON.stringify(e.args?.data ?? {}).slice(0, 80);
        paints.set(k, (paints.get(k) ?? 0) + 1);
      }
      console.log('  paints', [...paints.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `${k} ×${v}`).join('; '));
    }
    const raster = events.filter((e) => e.ph === 'X' && e.name === 'RasterTask');
    console.log(
      `  raster tasks ${sum(raster).toFixed(0)} ms cpu in ${raster.length}; renderer threads (tasks, cpu ms): ${[...threads.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}`,
    );
    // The page's script by function (inclusive: a sample counts once for each function on its stack).
    const parent = new Map();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const incl = new Map();
    profile.samples.forEach((id, i) => {
      const seen = new Set();
      for (let at = id; at !== undefined; at = parent.get(at)) {
        const name = (byId.get(at).callFrame.functionName || '(anon)').replace(/::h[0-9a-f]{16}/, '');
        if (!seen.has(name)) {
          seen.add(name);
          incl.set(name, (incl.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
        }
      }
    });
    const top = [...incl.entries()].filter(([k]) => !/^\((root|program|idle)\)$/.test(k)).sort((a, b) => b[1] - a[1]);
    for (const [k, v] of top.slice(0, Number(process.env.FUNCS ?? 12))) console.log(`  js ${v.toFixed(0).padStart(6)} ${k.slice(0, 120)}`);
  };
  const term = page.getByTestId('terminal-input');
  const up = await trace(async () => {
    await term.fill('docker compose up -d');
    await term.press('Enter');
    await page.getByTestId('terminal-prompt').waitFor({ state: 'visible', timeout: 600_000 });
  });
  summary('compose up -d, 1,000 services', up);
  if (process.env.SHOT) await page.screenshot({ path: `${process.env.SHOT}-up.png` });
  const steady = await trace(() => page.waitForTimeout(STEADY_MS));
  summary(`1,000 pinging, ${STEADY_MS / 1000} s`, steady);
  if (process.env.SHOT) await page.screenshot({ path: `${process.env.SHOT}-pings.png` });
} finally {
  await browser.close();
  await server.close();
}
