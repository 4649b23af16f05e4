// Profiling aid (not a test): the page's main thread during `compose up` of 1,000 services,
// with Chromium's CPU profiler; prints self time per function.
import { launchChromium, serveDir } from '../harness.mjs';
const DIST = process.env.MUELLE_DIST;
const server = await serveDir(DIST);
const browser = await launchChromium();
try {
  const big = await browser.context.newPage();
  await big.goto(server.url);
  await big.getByTestId('terminal-input').waitFor();
  let many = 'services:\n';
  for (let i = 0; i < 1000; i++) many += `  s${i}:\n    image: alpine\n    command: ping s${(i + 1) % 1000}\n`;
  await big.evaluate((t) => {
    window.__frames = [];
    let last = performance.now();
    const tick = (now) => { window.__frames.push(now - last); last = now; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    const ta = document.querySelector('[data-testid=editor]');
    ta.setRangeText(t, 0, ta.value.length, 'end');
    ta.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  }, many);
  await big.getByTestId('editor-saved').waitFor({ timeout: 30_000 });
  if (process.env.STYLE) await big.addStyleTag({ content: process.env.STYLE });
  if (process.env.HIDE) await big.addStyleTag({ content: `${process.env.HIDE} { display: none !important; }` });
  const cdp = await big.context().newCDPSession(big);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  const term = big.getByTestId('terminal-input');
  await big.evaluate(() => {
    window.__frames = [];
    window.__muts = {};
    new MutationObserver((list) => {
      for (const m of list) {
        const panel = m.target.closest?.('.strips, .events, select, svg, .terminal-body, section') ?? m.target.parentElement?.closest('.strips, .events, select, svg, section');
        let k = (panel ? panel.className || panel.tagName : 'none') + ' ' + m.type;
        if (m.target.classList?.contains('events')) k = 'OL ' + m.type + ' +' + [...m.addedNodes].map((n) => n.nodeName).join(',').slice(0, 30) + ' -' + m.removedNodes.length;
        window.__muts[k] = (window.__muts[k] ?? 0) + m.addedNodes.length + m.removedNodes.length + (m.type !== 'childList' ? 1 : 0);
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  const events = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
  const traced = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
  if (process.env.TRACE) await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  await cdp.send('Profiler.start');
  await term.fill('docker compose up -d');
  await term.press('Enter');
  await big.getByTestId('terminal-prompt').waitFor({ state: 'visible', timeout: 600_000 });
  const during = await big.evaluate(() => window.__frames.splice(0));
  console.log('mutations', await big.evaluate(() => JSON.stringify(window.__muts)));
  const phase = process.env.PHASE === 'steady';
  if (phase) { await cdp.send('Profiler.stop'); await cdp.send('Profiler.start'); await big.waitForTimeout(5000); }
  const { profile } = await cdp.send('Profiler.stop');
  if (process.env.TRACE) {
    await cdp.send('Tracing.end');
    await traced;
    const main = new Map();
    for (const e of events) if (e.ph === 'X' && e.dur) {
      const k = `${e.name} tid${e.tid}`;
      main.set(k, (main.get(k) ?? 0) + (e.tdur ?? e.dur) / 1000);
    }
    const lays = events.filter((e) => e.name === 'Layout' && e.ph === 'X').sort((a, b) => (b.tdur ?? b.dur) - (a.tdur ?? a.dur));
    console.log('layouts', lays.length);
    for (const e of lays.slice(0, 12)) console.log('layout', ((e.tdur ?? e.dur) / 1000).toFixed(1), JSON.stringify(e.args).slice(0, 300));
    for (const [k, v] of [...main.entries()].sort((a, b) => b[1] - a[1]).slice(0, 14)) console.log('trace cpu', v.toFixed(1).padStart(8), k);
  }
  const steady = await big.evaluate(() => window.__frames.splice(0));
  const xs = phase ? steady : during;
  const sorted = [...xs].sort((a, b) => a - b);
  console.log(`frames ${xs.length} p50 ${sorted[xs.length >> 1]?.toFixed(1)} p95 ${sorted[Math.floor(xs.length * 0.95)]?.toFixed(1)} max ${sorted.at(-1)?.toFixed(0)}`);
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    const name = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}`;
    self.set(name, (self.get(name) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  // Inclusive time: each sample counted once for every distinct function on its stack.
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const incl = new Map();
  profile.samples.forEach((id, i) => {
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at).callFrame;
      const name = (f.functionName || '(anon)').replace(/::h[0-9a-f]{16}/, '');
      if (!seen.has(name)) { seen.add(name); incl.set(name, (incl.get(name) ?? 0) + (dt[i] ?? 0) / 1000); }
    }
  });
  for (const [k, v] of [...incl.entries()].filter(([k]) => /app::|yew::html::component|sim_core|Reconcil|wbg/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log('incl', v.toFixed(1).padStart(8), k.slice(0, 140));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`total sampled ${total.toFixed(0)} ms`);
  for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 45)) console.log(v.toFixed(1).padStart(8), k.slice(0, 150));
} finally {
  await browser.close();
  await server.close();
}
