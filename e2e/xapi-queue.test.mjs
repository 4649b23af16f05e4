// static/xapi.js without a browser: the launch parameters, the statements each page event
// becomes, and the queue and its sender against a fake LRS that stores by statement id (as
// xAPI says an LRS does). No dist/ needed: the file is read from static/ and run in a Node `vm`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const here = dirname(fileURLToPath(import.meta.url));
const source = await readFile(join(here, '..', 'static', 'xapi.js'), 'utf8');

/** A fresh copy of the module (its own globals), as `MuelleXapi`. */
function load() {
  const sandbox = { URL, URLSearchParams, console: { warn() {} }, Uint8Array };
  vm.createContext(sandbox);
  vm.runInContext(source, sandbox);
  return sandbox.MuelleXapi;
}

function memoryStorage() {
  const m = new Map();
  return {
    getItem: (k) => (m.has(k) ? m.get(k) : null),
    setItem: (k, v) => m.set(k, String(v)),
    removeItem: (k) => m.delete(k),
  };
}

const PAGE = 'https://muelle.example/curso/index.html?embed&lesson=redes';
const ACTOR = { objectType: 'Agent', account: { homePage: 'https://campus.example', name: 'alumno-7' } };
const REGISTRATION = '760e3480-ba55-4991-94b0-01820dbd23a2';

function launchQuery(extra = {}) {
  const q = new URLSearchParams({
    endpoint: 'https://lrs.example/xAPI/',
    auth: 'Basic dGVhY2hlcjpzZWNyZXQ=',
    actor: JSON.stringify(ACTOR),
    registration: REGISTRATION,
    ...extra,
  });
  return '?' + q.toString();
}

const ev = (type, rest = {}) => JSON.stringify({ source: 'muelle', version: 1, type, ...rest });

test('los parámetros de lanzamiento: todos o ninguno, el actor tal cual', () => {
  const x = load();
  const l = x.parseLaunch(launchQuery(), PAGE);
  assert.equal(l.error, undefined);
  assert.equal(l.statements, 'https://lrs.example/xAPI/statements');
  assert.deepEqual(JSON.parse(JSON.stringify(l.actor)), ACTOR); // this realm's objects
  assert.equal(l.registration, REGISTRATION);
  assert.equal(l.root, 'https://muelle.example/curso/');
  assert.equal(l.vocabulary, 'https://muelle.example/curso/xapi/');
  // Without a trailing slash the endpoint still ends in /statements.
  assert.equal(x.parseLaunch(launchQuery({ endpoint: 'https://lrs.example/xAPI' }), PAGE).statements, 'https://lrs.example/xAPI/statements');
  assert.match(x.parseLaunch('?endpoint=https://lrs.example/&auth=x', PAGE).error, /actor/);
  assert.match(x.parseLaunch(launchQuery({ endpoint: 'ftp://x/' }), PAGE).error, /http/);
  assert.match(x.parseLaunch(launchQuery({ actor: '{"name":"Ana"}' }), PAGE).error, /no mbox/);
  assert.match(x.parseLaunch(launchQuery({ actor: '{"name":["Ana"],"mbox":["mailto:a@b.c"]}' }), PAGE).error, /Tin Can/);
  assert.match(x.parseLaunch(launchQuery({ actor: '{"mbox":"a@b.c"}' }), PAGE).error, /mailto/);
  assert.match(x.parseLaunch(launchQuery({ actor: 'no' }), PAGE).error, /JSON/);
  // A registration that is not a UUID is left out, not invented.
  assert.equal(x.parseLaunch(launchQuery({ registration: 'abc' }), PAGE).registration, null);
  // activity_id roots Muelle's activities and groups every statement.
  const withId = x.parseLaunch(launchQuery({ activity_id: 'https://campus.example/curso/42/muelle' }), PAGE);
  assert.equal(withId.root, 'https://campus.example/curso/42/muelle/');
});

test('cada evento de la página es un enunciado xAPI: lanzado, orden, pista, paso, lección con nota y duración', () => {
  const x = load();
  const storage = memoryStorage();
  const queue = new x.Queue(storage);
  let now = Date.parse('2026-03-10T10:00:00Z');
  let n = 0;
  const env = { now: () => now, uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, storage, queue };
  const r = new x.Recorder(x.parseLaunch(launchQuery(), PAGE), env);
  r.handle(ev('ready', { lesson: 'redes' }));
  now += 5_000;
  r.handle(ev('command', { command: 'docker ps', status: 0, terminal: 0 }));
  // The page posts objects (structured clones); their JSON text is read the same.
  assert.equal(r.handle({ source: 'muelle', version: 1, type: 'hint-shown', lesson: 'redes', step: 1, hint: 1 }).length, 1);
  r.handle(ev('command', { command: 'ping db', status: 1, terminal: 0, cause: "ping: bad address 'db'" }));
  r.handle(ev('state', { containers: [], networks: [] }));
  r.handle('not json');
  r.handle(JSON.stringify({ source: 'otro', type: 'ready' }));
  now += 60_000;
  for (const step of [1, 2, 3, 4]) r.handle(ev('step-completed', { lesson: 'redes', step, steps: 4 }));
  r.handle(ev('lesson-completed', { lesson: 'redes' }));

  // Plain objects of this realm (deepEqual compares prototypes).
  const all = JSON.parse(JSON.stringify(queue.all()));
  assert.ok(all.every((e) => e.endpoint === 'https://lrs.example/xAPI/statements' && e.auth === 'Basic dGVhY2hlcjpzZWNyZXQ='));
  const s = all.map((e) => e.statement);
  assert.deepEqual(
    s.map((x) => x.verb.display['en-US']),
    ['launched', 'interacted', 'experienced', 'interacted', 'completed', 'completed', 'completed', 'completed', 'completed'],
  );
  assert.equal(new Set(s.map((x) => x.id)).size, s.length, 'one id each');
  for (const x of s) {
    assert.deepEqual(x.actor, ACTOR, 'the actor exactly as launched');
    assert.equal(x.context.registration, REGISTRATION);
    assert.ok(x.timestamp.endsWith('Z'));
  }
  const lesson = 'https://muelle.example/curso/lessons/redes';
  assert.equal(s[0].object.id, lesson);
  assert.equal(s[1].result.response, 'docker ps');
  assert.equal(s[1].result.success, true);
  assert.deepEqual(s[1].context.contextActivities.parent, [{ objectType: 'Activity', id: lesson }]);
  assert.equal(s[3].result.success, false);
  assert.deepEqual(s[3].result.extensions, {
    'https://muelle.example/curso/xapi/exit-status': 1,
    'https://muelle.example/curso/xapi/cause': "ping: bad address 'db'",
  });
  assert.equal(s[3].context.extensions['https://muelle.example/curso/xapi/terminal'], 0);
  assert.equal(s[2].object.id, `${lesson}/steps/1/hints/1`);
  assert.equal(s[4].object.id, `${lesson}/steps/1`);
  const done = s[8];
  assert.equal(done.object.id, lesson);
  // Four steps, one of them needed a hint: 3 of 4. From launch to completion: 65 s.
  assert.deepEqual(done.result, {
    completion: true,
    success: true,
    duration: 'PT1M5S',
    score: { raw: 3, min: 0, max: 4, scaled: 0.75 },
  });
  assert.equal(x.isoDuration(3_723_450), 'PT1H2M3.45S');
  assert.equal(x.isoDuration(0), 'PT0S');
});

/** A fake LRS: stores statements by id (a second copy of an id is not stored again). */
function fakeLrs() {
  const stored = new Map();
  const lrs = {
    stored,
    posts: 0,
    down: false,
    /** Stores, then loses the answer (the network failed on the way back). */
    loseAnswer: false,
    refuse: null,
    fetch: async (url, init) => {
      lrs.posts++;
      assert.equal(init.method, 'POST');
      assert.equal(init.headers['X-Experience-API-Version'], '1.0.3');
      assert.equal(init.headers.Authorization, 'Basic dGVhY2hlcjpzZWNyZXQ=');
      if (lrs.down) throw new TypeError('Failed to fetch');
      const batch = JSON.parse(init.body);
      if (lrs.refuse && batch.some((s) => s.id === lrs.refuse)) return { status: 400 };
      for (const s of batch) if (!stored.has(s.id)) stored.set(s.id, s);
      if (lrs.loseAnswer) {
        lrs.loseAnswer = false;
        throw new TypeError('Failed to fetch');
      }
      return { status: 200 };
    },
  };
  return lrs;
}

function sender(x, queue, lrs) {
  const timers = [];
  const s = new x.Sender(queue, {
    fetch: lrs.fetch,
    online: () => !lrs.down,
    setTimeout: (f, ms) => timers.push({ f, ms }),
    clearTimeout: () => {},
  });
  return { s, timers };
}

function queued(x, storage, count, from = 0) {
  const q = new x.Queue(storage);
  q.add(
    Array.from({ length: count }, (_, i) => ({
      endpoint: 'https://lrs.example/xAPI/statements',
      auth: 'Basic dGVhY2hlcjpzZWNyZXQ=',
      statement: { id: `00000000-0000-4000-8000-${String(from + i).padStart(12, '0')}` },
    })),
  );
  return q;
}

test('la cola: sin red no se pierde nada, y lo que se reenvía no se duplica', async () => {
  const x = load();
  const storage = memoryStorage();
  const queue = queued(x, storage, 30);
  const lrs = fakeLrs();
  const { s, timers } = sender(x, queue, lrs);

  lrs.down = true;
  await s.flush();
  assert.equal(lrs.posts, 0, 'offline: no attempt, the online event sends');
  assert.equal(queue.all().length, 30);
  assert.equal(timers.at(-1).ms, 1000, 'or the timer, if the browser never says it is online');
  Object.assign(s, { delay: 0, timer: null });
  timers.length = 0;

  lrs.down = false;
  lrs.loseAnswer = true; // the first batch arrives, its answer does not
  await s.flush();
  assert.equal(queue.all().length, 30, 'an unanswered batch stays queued');
  assert.equal(timers.at(-1).ms, 1000, 'and is retried after a second');
  await s.flush();
  assert.equal(queue.all().length, 0);
  assert.equal(lrs.stored.size, 30, 'each statement once, although the first 25 went twice');

  // A new page (a reload) finds what the last one left and sends it.
  queued(x, storage, 3, 100);
  const again = sender(x, new x.Queue(storage), lrs);
  await again.s.flush();
  assert.equal(lrs.stored.size, 33);
  assert.equal(new x.Queue(storage).all().length, 0);
});

test('la cola: un enunciado que el LRS rechaza no bloquea a los demás', async () => {
  const x = load();
  const storage = memoryStorage();
  const queue = queued(x, storage, 5);
  const lrs = fakeLrs();
  lrs.refuse = '00000000-0000-4000-8000-000000000002';
  const { s } = sender(x, queue, lrs);
  await s.flush();
  assert.equal(queue.all().length, 0);
  assert.equal(lrs.stored.size, 4);
  const rejected = JSON.parse(storage.getItem('muelle-xapi.rejected')); // this realm's JSON
  assert.deepEqual(
    rejected.map((r) => [r.why, r.statement.id]),
    [['HTTP 400', lrs.refuse]],
  );
  // Back-off doubles up to a minute.
  const q2 = queued(x, storage, 1, 50);
  lrs.down = true;
  const { s: s2, timers } = sender(x, q2, { ...lrs, fetch: async () => ({ status: 503 }) });
  const delays = [];
  for (let i = 0; i < 8; i++) {
    await s2.flush.call(Object.assign(s2, { env: { ...s2.env, online: () => true } }));
    delays.push(timers.at(-1).ms);
    s2.timer = null;
  }
  assert.deepEqual(delays, [1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
});
