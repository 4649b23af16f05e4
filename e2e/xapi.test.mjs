// Learning records in a real LRS: the test starts ralph (ralph-malph from PyPI, a learning record
// store; `cargo xtask test` installs it and passes its path in MUELLE_RALPH), opens a lesson with
// the xAPI launch parameters, types commands (one that fails), cuts the network midway, restores
// it, and reads back from the LRS exactly the statements expected: none lost, none twice.
// Without the parameters the page loads no xapi.js and sends nothing. docs/teachers.md.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTOR, AUTH, REGISTRATION, skip, startLrs } from './lrs.mjs';
import { DIST, launchChromium, run, screenshot, serveDir } from './harness.mjs';

let server;
let browser;
let lrs;

before(async () => {
  if (skip) return;
  server = await serveDir(DIST);
  browser = await launchChromium();
  lrs = await startLrs(server.url.replace(/\/$/, ''));
});

after(async () => {
  await lrs?.stop();
  await browser?.close();
  await server?.close();
});

test('sin parámetros de LRS la página no carga xapi.js y nada sale de ella', { skip }, async () => {
  const page = await browser.context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${server.url}?embed&lesson=redes`);
  await page.getByTestId('terminal-input').waitFor({ timeout: 15_000 });
  await run(page, 'docker ps');
  await page.waitForTimeout(500);
  assert.deepEqual(
    requests.filter((u) => !u.startsWith(server.url)),
    [],
    'every request goes to the site itself',
  );
  assert.ok(!requests.some((u) => u.includes('xapi.js')), 'xapi.js is not loaded');
  assert.equal(await page.evaluate(() => typeof window.muelleRecords), 'undefined');
  await page.close();
});

test('una lección con LRS: los enunciados llegan todos y una sola vez, aunque la red se corte', { skip }, async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1200, height: 800 });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Every statement id in a POST the LRS answered, and how it answered (200 stored, 204 known).
  const posted = [];
  const answers = [];
  page.on('requestfinished', (r) => {
    if (r.method() !== 'POST' || !r.url().startsWith(lrs.url)) return;
    answers.push(
      r.response().then((response) => {
        for (const s of JSON.parse(r.postData())) posted.push({ id: s.id, status: response?.status() });
      }),
    );
  });
  const query = new URLSearchParams({
    lesson: 'redes',
    endpoint: lrs.url,
    auth: AUTH,
    actor: JSON.stringify(ACTOR),
    registration: REGISTRATION,
  });
  await page.goto(`${server.url}?embed&${query}`);
  await page.getByTestId('terminal-input').waitFor({ timeout: 15_000 });
  await page.getByTestId('speed').selectOption('10');
  const queued = () => page.evaluate(() => JSON.parse(localStorage.getItem('muelle-xapi.queue') ?? '[]').length);
  const stored = async () => (await lrs.get()).length;

  // A wrong try (a hint appears), a step's first half, and a command that fails: busybox's ping
  // cannot resolve a name on the default bridge, and Muelle says why.
  await run(page, 'docker ps');
  await run(page, 'docker run -d --name solo nginx');
  await run(page, 'docker run --name prueba busybox ping -c 1 solo');
  // launched, docker ps + its hint, solo, step 1 + the failed ping.
  await waitFor(async () => (await stored()) === 6 && (await queued()) === 0, 'the first six statements stored');

  // The network goes; the rest of the lesson is done offline and waits in the browser.
  await browser.context.setOffline(true);
  await run(page, 'docker network create mynet');
  await run(page, 'docker run -d --network mynet --name=container1 -p 80 nginx');
  await run(page, 'docker run --network mynet --name=container2 busybox ping -c 3 container1');
  await page.getByTestId('lesson-complete').waitFor({ timeout: 30_000 });
  // network + step 2, container1 + step 3, ping + step 4 + the lesson.
  await waitFor(async () => (await queued()) === 7, 'seven statements waiting offline');
  await page.waitForTimeout(2_500); // retries meanwhile fail without losing anything
  assert.equal(await queued(), 7);
  assert.equal(await stored(), 6, 'nothing reached the LRS offline');
  await screenshot(page, 'xapi-sin-red');

  await browser.context.setOffline(false);
  await waitFor(async () => (await queued()) === 0, 'the queue sent once the network is back');

  const statements = await lrs.get();
  assert.equal(statements.length, 13, JSON.stringify(statements.map((s) => s.verb.display), null, 1));
  const ids = statements.map((s) => s.id);
  assert.equal(new Set(ids).size, 13, 'no id twice');
  // The LRS stored each statement from one POST only (a resend would have been answered 204).
  await page.waitForTimeout(500);
  await Promise.all(answers);
  const storedFrom = posted.filter((p) => p.status === 200).map((p) => p.id);
  assert.deepEqual([...storedFrom].sort(), [...ids].sort(), 'each statement stored by exactly one POST');
  assert.ok(posted.every((p) => p.status === 200 || p.status === 204), JSON.stringify(posted));

  const lesson = `${server.url}lessons/redes`;
  const vocab = `${server.url}xapi/`;
  for (const s of statements) {
    assert.deepEqual(s.actor, ACTOR, 'the actor exactly as launched');
    assert.equal(s.context.registration, REGISTRATION);
  }
  // In the order they happened (the LRS answers newest first). A step may complete while its
  // command still runs or in the tick it ends, so steps and commands are compared as sets, and
  // their order only where it is certain.
  const byTime = [...statements].sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  const what = (s) => [s.verb.id.split('/').pop(), s.object.id.replace(server.url, ''), s.result?.response ?? null];
  const summary = byTime.map(what);
  const cmd = (line) => ['interacted', 'terminal', line];
  const step = (n) => ['completed', `lessons/redes/steps/${n}`, null];
  assert.deepEqual(summary[0], ['launched', 'lessons/redes', null]);
  assert.deepEqual(
    [...summary].sort(),
    [
      ['launched', 'lessons/redes', null],
      ['experienced', 'lessons/redes/steps/1/hints/1', null],
      cmd('docker ps'),
      cmd('docker run -d --name solo nginx'),
      step(1),
      cmd('docker run --name prueba busybox ping -c 1 solo'),
      step(2),
      cmd('docker network create mynet'),
      step(3),
      cmd('docker run -d --network mynet --name=container1 -p 80 nginx'),
      step(4),
      ['completed', 'lessons/redes', null],
      cmd('docker run --network mynet --name=container2 busybox ping -c 3 container1'),
    ].sort(),
  );
  const at = (w) => summary.findIndex((x) => JSON.stringify(x) === JSON.stringify(w));
  for (const n of [1, 2, 3]) assert.ok(at(step(n)) < at(step(n + 1)), `step ${n} before step ${n + 1}`);
  assert.ok(at(step(4)) < at(['completed', 'lessons/redes', null]), 'the steps before the lesson');
  assert.ok(at(cmd('docker ps')) < at(cmd('docker run -d --name solo nginx')), 'commands in the order typed');
  const find = (w) => byTime[at(w)];
  const failed = find(cmd('docker run --name prueba busybox ping -c 1 solo'));
  assert.equal(failed.result.success, false);
  assert.notEqual(failed.result.extensions[`${vocab}exit-status`], 0);
  assert.match(failed.result.extensions[`${vocab}cause`], /bridge/, 'Muelle says why: the default bridge has no DNS');
  assert.deepEqual(failed.context.contextActivities.parent, [{ objectType: 'Activity', id: lesson }]);
  assert.equal(find(cmd('docker ps')).result.extensions[`${vocab}exit-status`], 0);
  assert.equal(find(cmd('docker ps')).result.extensions[`${vocab}cause`], undefined);
  const completed = find(['completed', 'lessons/redes', null]);
  assert.equal(completed.result.completion, true);
  assert.deepEqual(completed.result.score, { raw: 3, min: 0, max: 4, scaled: 0.75 }, 'one of four steps needed a hint');
  assert.match(completed.result.duration, /^PT(\d+M)?\d+(\.\d+)?S$/);
  assert.deepEqual(errors, []);
  await screenshot(page, 'xapi-leccion-completa');
  await page.close();
});

test('el panel del profesor lee el LRS: quién llega a cada paso, quién se atasca y por qué', { skip }, async () => {
  // A second student, in a browser of their own: step 1 done, then a ping that fails on the
  // default bridge, and no further.
  const other = await launchChromium();
  try {
    const page = await other.context.newPage();
    const actor = { objectType: 'Agent', account: { homePage: 'https://campus.example', name: 'alumno-8' } };
    const query = new URLSearchParams({
      lesson: 'redes',
      endpoint: lrs.url,
      auth: AUTH,
      actor: JSON.stringify(actor),
      registration: 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e',
    });
    await page.goto(`${server.url}?embed&${query}`);
    await page.getByTestId('terminal-input').waitFor({ timeout: 15_000 });
    await run(page, 'docker run -d --name solo nginx');
    await run(page, 'docker run --name prueba busybox ping -c 1 solo');
    const theirs = async () => (await lrs.get()).filter((s) => s.actor.account?.name === 'alumno-8');
    // launched, solo + step 1, the failed ping.
    await waitFor(async () => (await theirs()).length === 4, "the second student's statements stored");
  } finally {
    await other.close();
  }

  const dash = await browser.context.newPage();
  const errors = [];
  dash.on('pageerror', (e) => errors.push(e.message));
  await dash.goto(`${server.url}static/profesor.html?${new URLSearchParams({ endpoint: lrs.url, auth: AUTH, lang: 'es' })}`);
  await dash.waitForFunction(() => Number(document.querySelector('[data-testid=dashboard]').dataset.loaded) > 0);
  const lesson = dash.locator('[data-testid=lesson-summary][data-lesson=redes]');
  const stuck = lesson.locator('[data-testid=stuck][data-student="alumno-8"]');
  assert.equal(await stuck.getAttribute('data-stuck-step'), '2', 'stuck at the step after the one done');
  assert.match(await stuck.textContent(), /atascado en el paso 2/);
  assert.match(await stuck.textContent(), /ping -c 1 solo/);
  // The failure and Muelle's cause, counted across students (the first test's student failed it too).
  const failure = lesson.locator('[data-testid=failure]').filter({ hasText: 'ping -c 1 solo' });
  assert.match(await failure.textContent(), /bridge/);
  assert.ok(Number(await failure.getAttribute('data-times')) >= 1);
  assert.match(await failure.textContent(), /alumno-8/);
  const step1 = Number(await lesson.locator('[data-testid=step-count][data-step="1"]').getAttribute('data-count'));
  assert.ok(step1 >= 1, 'someone reached step 1');
  // Each student's timeline, in order (a step may complete in the tick a later command starts,
  // as in the test above: the launch first, then the rest as a set).
  const timeline = dash.locator('[data-testid=student][data-student="alumno-8"] li');
  const kinds = await timeline.evaluateAll((li) => li.map((l) => l.dataset.kind));
  assert.equal(kinds[0], 'launched');
  assert.deepEqual(kinds.slice(1).sort(), ['command', 'command', 'step']);
  assert.deepEqual(errors, []);
  for (const [width, height] of [
    [1366, 768],
    [390, 844],
  ]) {
    await dash.setViewportSize({ width, height });
    await screenshot(dash, `panel-profesor-${width}x${height}`);
  }
  await dash.close();
});

// The full page's first visit on an origin moves the `muelle.…` keys of localStorage into
// IndexedDB (app/src/store.rs): the queue's keys are named apart so it is not taken with them.
test('la página completa (sin embed) también manda sus registros con los parámetros', { skip }, async () => {
  const page = await browser.context.newPage();
  const registration = 'a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d';
  const query = new URLSearchParams({ endpoint: lrs.url, auth: AUTH, actor: JSON.stringify(ACTOR), registration });
  await page.goto(`${server.url}?${query}`);
  await page.getByTestId('terminal-input').waitFor({ timeout: 15_000 });
  await run(page, 'docker network create redes-sin-embed');
  const mine = async () => (await lrs.get()).filter((s) => s.context?.registration === registration);
  await waitFor(async () => (await mine()).length === 2, 'launched and the command');
  const [a, b] = (await mine()).sort((x, y) => x.timestamp.localeCompare(y.timestamp));
  assert.equal(a.verb.id, 'http://adlnet.gov/expapi/verbs/launched');
  assert.equal(a.object.id, server.url, 'no lesson open: the playground itself');
  assert.equal(b.result.response, 'docker network create redes-sin-embed');
  assert.equal(b.result.success, true);
  assert.deepEqual(b.actor, ACTOR);
  await page.close();
});

async function waitFor(condition, what, timeout = 30_000) {
  const end = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}\n${lrs.log.slice(-20).join('')}`);
    await new Promise((ok) => setTimeout(ok, 250));
  }
}
