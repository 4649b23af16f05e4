// The page part loaded when first opened (ARCHITECTURE.md, "Page parts"): issue 15's inspector
// and comparison. index.html's `muellePart(host, kind, line)` imports this module the first time
// the scrubber opens one of them and calls `show`; `cargo xtask dist` names it by a hash of its
// bytes and the service worker precaches it, so it works offline. It talks to the simulator's
// worker directly: it posts `{part, a, b}` (sim_core's `Driver::part`) and the worker answers
// `{muellePart, html}` with markup made and worded there (sim_core's `inspect::markup` and
// `compare::markup`), again whenever the hops shown change. The page's wasm only has the toggles
// and the host element. Here: inserting that markup, the inspector's filters (rows left out are
// removed), one hop selected (`aria-current`, whose fields and explanation the style shows),
// stepping (↑/↓ buttons, ArrowUp/ArrowDown or k/j in the list), a click on a row, and the
// comparison's button. The worker is `window.muelleWorker.current` (app/src/worker_link.rs sets
// it; a new worker after a restart is noticed and asked again).
'use strict';

// The part's style, with it rather than in the page's stylesheet (a first visit does not need it).
const STYLE = [
  '.inspector,.compare{display:flex;flex:3 1 12rem;flex-direction:column;min-height:12rem;overflow:auto;border-bottom:1px solid var(--border);}',
  '.inspector .hops{min-height:8rem;}',
  '.hop:not([aria-current]) .why,.hop:not([aria-current]) .hop-fields{display:none;}',
  '.inspector .hops:empty::before{content:attr(data-empty);display:block;padding:0.75rem;color:var(--muted);}',
  '.inspector-bar{display:flex;flex-wrap:wrap;gap:0.4rem;align-items:end;padding:0.3rem 0.6rem;}',
  '.hop{grid-template-columns:4.3rem 6.5rem minmax(0,1fr);cursor:pointer;}',
  '.hop[aria-current]{background:var(--sel);}',
  '.hop-fields{display:grid;grid-column:1 / -1;grid-template-columns:max-content minmax(0,1fr);gap:0 0.8rem;margin:0.2rem 0 0.2rem 4.7rem;font-family:var(--mono);font-size:0.8rem;}',
  '.hop-fields dt{color:var(--muted);}',
  '.hop-fields dd{margin:0;overflow-wrap:anywhere;}',
  '.compare-table{width:calc(100% - 1.2rem);table-layout:fixed;margin:0 0.6rem 0.4rem;border-collapse:collapse;font-size:0.85rem;}',
  '.compare-table :is(th,td){padding:0.15rem 0.5rem;border-bottom:1px solid var(--border);text-align:left;overflow-wrap:anywhere;}',
].join('\n');
const style = document.createElement('style');
style.textContent = STYLE;
document.head.appendChild(style);

let host = null;
let kind = '';
let bound = null;
let timer = 0;
// The inspector's state, kept across new markup: filters (container, network, kind), the hop
// selected (its `data-i`), every row.
let filters = ['', '', ''];
let selected = null;
let rows = [];

function worker() {
  const w = window.muelleWorker;
  return (w && (w.current || w.worker)) || null;
}

function post(a, b) {
  const w = worker();
  if (w) w.postMessage({ part: kind, a: a || '', b: b || '' });
}

/** Listens to the current worker; true when it changed (a restart: ask again). */
function bind() {
  const w = worker();
  if (w === bound) return false;
  if (bound) bound.removeEventListener('message', onMessage);
  bound = w;
  if (w) w.addEventListener('message', onMessage);
  return true;
}

function ask() {
  if (kind === 'inspect') post('1');
  else if (kind === 'compare') post('', '');
}

function onMessage(event) {
  const d = event.data;
  if (!host || !d || typeof d !== 'object' || d.muellePart !== kind || typeof d.html !== 'string') return;
  const active = document.activeElement;
  const focus = active && host.contains(active) ? (active.tagName === 'OL' ? 'ol' : active.dataset.testid) : null;
  host.innerHTML = d.html;
  if (kind === 'inspect') {
    rows = [...host.querySelectorAll('[data-testid=inspector-event]')];
    host.querySelectorAll('select').forEach((s, i) => {
      if ([...s.options].some((o) => o.value === filters[i])) s.value = filters[i];
      else filters[i] = '';
    });
    // A terminal's click on a failure: the worker picked its hop; the filters are cleared.
    const pick = host.querySelector('section')?.dataset.pick;
    if (pick !== undefined) {
      selected = pick;
      filters = ['', '', ''];
      host.querySelectorAll('select').forEach((s) => (s.value = ''));
    }
    apply();
  }
  if (focus) {
    const again = focus === 'ol' ? host.querySelector('ol') : host.querySelector(`[data-testid="${focus}"]`);
    if (again) again.focus();
  }
}

function matches(r) {
  const [c, n, k] = filters;
  const d = r.dataset;
  return (!c || d.from === c || d.to === c) && (!n || d.net === n) && (!k || d.kind === k);
}

/** The rows the filters keep, in the list; the selected one marked. */
function apply() {
  const ol = host && host.querySelector('ol');
  if (!ol) return;
  const shown = rows.filter(matches);
  ol.replaceChildren(...shown);
  for (const r of rows) {
    if (r.dataset.i === selected) r.setAttribute('aria-current', 'true');
    else r.removeAttribute('aria-current');
  }
  return shown;
}

function step(forward) {
  const shown = rows.filter(matches);
  const pos = shown.findIndex((r) => r.dataset.i === selected);
  let next;
  if (pos < 0) next = shown[shown.length - 1];
  else if (forward) next = shown[pos + 1] || shown[pos];
  else next = shown[Math.max(pos - 1, 0)];
  if (!next) return;
  selected = next.dataset.i;
  apply();
  next.scrollIntoView({ block: 'nearest' });
}

function onClick(event) {
  const t = event.target;
  if (!(t instanceof Element)) return;
  if (kind === 'compare') {
    if (t.closest('[data-testid=compare-go]')) {
      const value = (id) => host.querySelector(`[data-testid=${id}]`)?.value || '';
      post(value('compare-a'), value('compare-b'));
    }
    return;
  }
  if (t.closest('[data-testid=inspector-prev]')) return step(false);
  if (t.closest('[data-testid=inspector-next]')) return step(true);
  const row = t.closest('[data-testid=inspector-event]');
  if (row) {
    selected = row.dataset.i;
    apply();
  }
}

function onChange(event) {
  const s = event.target;
  if (kind !== 'inspect' || !(s instanceof HTMLSelectElement)) return;
  const slot = [...host.querySelectorAll('.inspector-bar select')].indexOf(s);
  if (slot < 0) return;
  filters[slot] = s.value;
  apply();
}

function onKey(event) {
  if (kind !== 'inspect' || !(event.target instanceof Element) || event.target.tagName !== 'OL') return;
  const forward = { ArrowDown: true, j: true, ArrowUp: false, k: false }[event.key];
  if (forward === undefined) return;
  event.preventDefault();
  step(forward);
}

/** The scrubber's toggles say which one is open. */
function expanded() {
  for (const [k, id] of [
    ['inspect', 'inspector-toggle'],
    ['compare', 'compare-toggle'],
  ]) {
    document.querySelector(`[data-testid=${id}]`)?.setAttribute('aria-expanded', String(kind === k));
  }
}

function close() {
  if (kind === 'inspect') post('');
  kind = '';
  expanded();
  rows = [];
  if (host) host.textContent = '';
  clearInterval(timer);
  timer = 0;
}

/**
 * Opens `next` (`inspect` or `compare`) in `el`, or closes it if it is open (a toggle's click);
 * with `line`, a terminal line clicked (index.html), opens the inspector and has the worker
 * pick the hop of that failure.
 */
export function show(el, next, line) {
  if (host !== el) {
    if (host) close();
    host = el;
    el.addEventListener('click', onClick);
    el.addEventListener('change', onChange);
    el.addEventListener('keydown', onKey);
  }
  const toggled = next === kind && typeof line !== 'string';
  if (next !== kind || toggled) {
    close();
    if (toggled || !next) return;
    kind = next;
    expanded();
    bind();
    ask();
  }
  if (kind === 'inspect' && typeof line === 'string') post('1', line);
  // A restarted worker is a new one: listen to it and ask again; a host gone closes.
  timer = setInterval(() => {
    if (!host || !host.isConnected) return close();
    if (bind()) ask();
  }, 500);
}
