// Class mode (issue 16): a lesson with per-student variables and run buttons (lessons/05-tu-red.yaml),
// the <muelle-playground> custom element on a course page of another origin, and the learning
// records of a lesson an element's `load-lesson` pointed at an LRS: the student's values and their
// session travel in the statements, and the teacher's dashboard shows the values and links to the
// session's replay. Screenshots land in screenshots/.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUTH, skip as noRalph, startLrs } from './lrs.mjs';
import { DIST, launchChromium, run, screenshot, serveDir } from './harness.mjs';

let server;
let browser;
let host;
let hostDir;

/** The course page: a <muelle-playground> from Muelle's site (another origin), its events kept. */
const COURSE = (muelle, attrs) => `<!doctype html>
<html lang="es"><head><meta charset="utf-8"><title>Curso de Docker</title>
<script src="${muelle}static/muelle-element.js"></script>
<style>body{font-family:sans-serif;margin:1rem} muelle-playground{height:620px;border:1px solid #888}</style>
</head><body>
<h1>Curso de Docker · Redes</h1>
<muelle-playground id="m" ${attrs}></muelle-playground>
<script>
  window.events = [];
  for (const t of ['ready', 'command', 'step-completed', 'hint-shown', 'lesson-completed', 'state'])
    document.getElementById('m').addEventListener(t, (e) => window.events.push(e.detail));
</script>
</body></html>`;

before(async () => {
  server = await serveDir(DIST);
  browser = await launchChromium();
  hostDir = await mkdtemp(join(tmpdir(), 'muelle-course-'));
  await writeFile(join(hostDir, 'index.html'), COURSE(server.url, 'lesson="redes" panels="lessons,terminal" lang="es"'));
  await writeFile(join(hostDir, 'variantes.html'), COURSE(server.url, 'panels="lessons,terminal,topology" lang="es"'));
  host = await serveDir(hostDir);
});

after(async () => {
  await browser?.close();
  await server?.close();
  await host?.close();
  if (hostDir) await rm(hostDir, { recursive: true, force: true });
});

/** The values the intro of `tu-red` shows: [network, container, port]. */
async function introValues(scope) {
  const intro = scope.locator('.lesson-intro p');
  const codes = await intro.locator(':scope > code').allTextContents();
  const port = /(\d{4})\. /.exec(await intro.textContent())?.[1];
  return [codes[0], codes[1], port];
}

test('una lección con variables: cada estudiante ve sus valores, y los botones ▶ escriben en la terminal', async () => {
  const open = async (actor, lang, size = { width: 1366, height: 768 }) => {
    const page = await browser.context.newPage();
    await page.setViewportSize(size);
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const q = new URLSearchParams({ lesson: 'tu-red', lang, actor: JSON.stringify({ mbox: `mailto:${actor}@example.org` }) });
    await page.goto(`${server.url}?embed&${q}`);
    await page.getByTestId('terminal-input').waitFor({ timeout: 15_000 });
    await page.locator('[data-testid=lessons][data-lesson=tu-red]').waitFor();
    return { page, errors };
  };
  const { page, errors } = await open('ana', 'es');
  await page.getByTestId('speed').selectOption('10');
  const [red, web, port] = await introValues(page);
  assert.match(red, /^[a-z]+\d{2}$/, 'a name drawn from the seed');
  assert.match(web, /^[a-z]+\d{2}$/);
  assert.ok(Number(port) >= 8000 && Number(port) <= 8999, port);
  const body = await page.getByTestId('lessons').textContent();
  assert.ok(!body.includes('{{'), 'no {{variable}} left in what the student reads');
  assert.ok(!body.includes('{run'), 'run buttons are buttons, not text');
  // The same student gets the same values again; another student gets others.
  const again = await open('ana', 'es');
  assert.deepEqual(await introValues(again.page), [red, web, port]);
  await again.page.close();
  const luis = await open('luis', 'es');
  assert.notDeepEqual(await introValues(luis.page), [red, web, port]);
  await luis.page.close();

  // The intro's button types `docker network ls` into the first terminal, as if typed.
  const buttons = page.getByTestId('lesson-run');
  const first = page.locator('.lesson-intro').getByTestId('lesson-run');
  assert.equal(await first.getAttribute('aria-label'), 'Escribir en la primera terminal: docker network ls');
  await first.click();
  await page.waitForFunction(() =>
    /\$ docker network ls\n[\s\S]*bridge/.test(document.querySelector('[data-testid=terminal-output]')?.textContent ?? ''),
  );
  await page.waitForTimeout(500);
  assert.equal(await page.getByTestId('lesson-hint').count(), 0, "a lesson's own button is never a wrong try");
  // Step 1's button: the student's own network, which the step's check looks for.
  const step = (n) => page.getByTestId('lesson-step').nth(n - 1);
  // "What is checked" names this student's network too.
  assert.match(await step(1).locator('.step-checks').textContent(), new RegExp(`"${red}"|«${red}»`));
  const b1 = step(1).getByTestId('lesson-run');
  assert.equal(await b1.textContent(), `▶docker network create ${red}`);
  await b1.click();
  await page.locator('[data-testid=lesson-step][data-done=true]').first().waitFor({ timeout: 15_000 });
  // Another network does not do step 2's part: the checks use this student's names.
  await run(page, `docker run -d --name ${web} --network ${red} -p ${port}:80 nginx`);
  await step(2).and(page.locator('[data-done=true]')).waitFor({ timeout: 30_000 });
  // Step 3's button names a terminal, `cliente`: a new tab of that name opens and the ping runs there.
  const tabs = () => page.locator('.tab-label').allTextContents();
  assert.deepEqual(await tabs(), ['anfitrión']);
  const b3 = step(3).getByTestId('lesson-run');
  assert.equal(await b3.getAttribute('data-terminal'), 'cliente');
  assert.match(await b3.getAttribute('aria-label'), /^Escribir en la terminal «cliente»: docker run --name cliente/);
  await b3.click();
  await page.getByTestId('lesson-complete').waitFor({ timeout: 30_000 });
  assert.deepEqual(await tabs(), ['anfitrión', 'cliente']);
  assert.match(await page.getByTestId('terminal-output').textContent(), new RegExp(`ping -c 1 ${web}[\\s\\S]*1 packets received`));
  assert.equal(await buttons.count(), 3, 'the second hint (with its button) never showed: no wrong try');
  for (const [width, height] of [
    [1366, 768],
    [390, 844],
  ]) {
    await page.setViewportSize({ width, height });
    await screenshot(page, `leccion-variantes-es-${width}x${height}`);
  }
  assert.deepEqual(errors, []);
  await page.close();

  // English, and keyboard: a run button is a button (Tab reaches it, Enter presses it).
  const en = await open('ana', 'en', { width: 390, height: 844 });
  assert.deepEqual((await introValues(en.page)).slice(0, 2), [red, web], 'the values do not depend on the language');
  const enFirst = en.page.locator('.lesson-intro').getByTestId('lesson-run');
  assert.equal(await enFirst.getAttribute('aria-label'), 'Type into the first terminal: docker network ls');
  await enFirst.focus();
  await en.page.keyboard.press('Enter');
  await en.page.waitForFunction(() =>
    /\$ docker network ls\n/.test(document.querySelector('[data-testid=terminal-output]')?.textContent ?? ''),
  );
  await screenshot(en.page, 'lesson-variants-en-390x844');
  await en.page.setViewportSize({ width: 1366, height: 768 });
  await screenshot(en.page, 'lesson-variants-en-1366x768');
  assert.deepEqual(en.errors, []);
  await en.page.close();
});

test('<muelle-playground> en una página de otro origen: atributos, eventos y órdenes como el iframe', async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1200, height: 800 });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${host.url}index.html`);
  await page.waitForFunction(() => window.events.some((e) => e.type === 'ready'), null, { timeout: 20_000 });
  const events = (type) => page.evaluate((t) => window.events.filter((e) => e.type === t), type);
  assert.deepEqual(await events('ready'), [{ source: 'muelle', version: 1, type: 'ready', lesson: 'redes' }]);
  // The iframe lives in the element's shadow DOM, made from its attributes, on the page's origin.
  const src = await page.evaluate(() => document.getElementById('m').shadowRoot.querySelector('iframe').src);
  const url = new URL(src);
  assert.equal(url.origin + url.pathname, `${server.url}index.html`);
  assert.equal(url.searchParams.get('lesson'), 'redes');
  assert.equal(url.searchParams.get('panels'), 'lessons,terminal');
  assert.equal(url.searchParams.get('origin'), host.url.replace(/\/$/, ''));
  const frame = page.frameLocator('muelle-playground iframe');
  await frame.locator('[data-testid=lessons][data-lesson=redes]').waitFor();
  assert.equal(await frame.getByTestId('editor').count(), 0, 'panels="lessons,terminal"');

  // runCommand: typed in the terminal; its `command` event comes back as a DOM event.
  await page.evaluate(() => document.getElementById('m').runCommand('docker network create mynet'));
  await page.waitForFunction(() => window.events.some((e) => e.type === 'command'), null, { timeout: 15_000 });
  const [cmd] = await events('command');
  assert.deepEqual([cmd.command, cmd.status, cmd.terminal], ['docker network create mynet', 0, 0]);
  // A DOM event bubbles out of the element like any other.
  const bubbled = await page.evaluate(
    () =>
      new Promise((ok) => {
        document.body.addEventListener('command', (e) => ok(e.detail.command), { once: true });
        document.getElementById('m').runCommand('docker network ls');
      }),
  );
  assert.equal(bubbled, 'docker network ls');

  // Changing the `lesson` attribute loads that lesson (a `load-lesson`, the page is not reloaded).
  await page.evaluate(() => document.getElementById('m').setAttribute('lesson', 'volumenes'));
  await frame.locator('[data-testid=lessons][data-lesson=volumenes]').waitFor({ timeout: 15_000 });
  assert.equal((await events('ready')).length, 1, 'not reloaded');
  // Another page's messages are not the element's events.
  await page.evaluate(() => window.postMessage({ source: 'muelle', version: 1, type: 'lesson-completed', lesson: 'x' }, '*'));
  await page.waitForTimeout(300);
  assert.equal((await events('lesson-completed')).length, 0);
  await screenshot(page, 'elemento-muelle-playground');
  assert.deepEqual(errors, []);
  await page.close();
});

/** Types `line` into the visible terminal of `frame` and waits for the prompt to come back. */
async function runIn(frame, line) {
  const input = frame.getByTestId('terminal-input');
  await input.fill(line);
  await input.press('Enter');
  await frame.getByTestId('terminal-output').filter({ hasText: ` ${line}\n` }).waitFor({ timeout: 5_000 });
  await frame.getByTestId('terminal-prompt').waitFor({ state: 'visible', timeout: 60_000 });
}

test('registros de una lección con variables: sus valores y su sesión llegan al LRS, y el panel los muestra', { skip: noRalph }, async () => {
  const lrs = await startLrs(server.url.replace(/\/$/, ''));
  try {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1200, height: 800 });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${host.url}variantes.html`);
    await page.waitForFunction(() => window.events.some((e) => e.type === 'ready'), null, { timeout: 20_000 });
    const frame = page.frameLocator('muelle-playground iframe');
    // The LRS comes with the `load-lesson` message (the element's loadLesson), not in the address.
    const actor = { objectType: 'Agent', account: { homePage: 'https://campus.example', name: 'alumna-9' } };
    await page.evaluate(([endpoint, auth, actor]) => document.getElementById('m').loadLesson('tu-red', { endpoint, auth, actor }), [
      lrs.url,
      AUTH,
      actor,
    ]);
    await frame.locator('[data-testid=lessons][data-lesson=tu-red]').waitFor({ timeout: 15_000 });
    await frame.getByTestId('speed').selectOption('10');
    const [red, web, port] = await introValues(frame);
    const step = (n) => frame.getByTestId('lesson-step').nth(n - 1);
    await step(1).getByTestId('lesson-run').click();
    // The button's command first (it waits for a free terminal): then the network exists.
    await frame.locator('[data-testid=lesson-step][data-done=true]').first().waitFor({ timeout: 30_000 });
    await runIn(frame, `docker run -d --name ${web} --network ${red} -p ${port}:80 nginx`);
    await step(3).getByTestId('lesson-run').click();
    await page.waitForFunction(() => window.events.some((e) => e.type === 'lesson-completed'), null, { timeout: 60_000 });
    const events = (type) => page.evaluate((t) => window.events.filter((e) => e.type === t), type);
    const [done] = await events('lesson-completed');
    const values = { red, web, puerto: port };
    assert.deepEqual(done.values, values, "the student's values, in the event");
    assert.match(done.replay, /^#w=[A-Za-z0-9_-]+$/, 'the session as a share fragment');
    assert.ok(done.replay.length < 64 * 1024);
    assert.deepEqual((await events('step-completed')).map((e) => [e.step, e.values]), [
      [1, values],
      [2, values],
      [3, values],
    ]);

    // In the LRS: the launch, the commands, three steps and the lesson, each lesson statement
    // with the values; the completion with the session.
    const theirs = async () => (await lrs.get()).filter((s) => s.actor.account?.name === 'alumna-9');
    for (let i = 0; ; i++) {
      const got = await theirs();
      if (got.some((s) => s.object.id === `${server.url}lessons/tu-red` && s.verb.id.endsWith('/completed'))) break;
      if (i > 120) throw new Error(`statements not stored: ${JSON.stringify(got.map((s) => s.verb.display))}`);
      await new Promise((ok) => setTimeout(ok, 250));
    }
    const statements = await theirs();
    const vocab = `${server.url}xapi/`;
    const completed = statements.find((s) => s.object.id === `${server.url}lessons/tu-red` && s.verb.id.endsWith('/completed'));
    assert.equal(completed.result.extensions[`${vocab}replay`], done.replay);
    assert.deepEqual(completed.context.extensions[`${vocab}values`], values);
    const launched = statements.find((s) => s.verb.id.endsWith('/launched'));
    assert.equal(launched.object.id, `${server.url}lessons/tu-red`, 'a load-lesson with an LRS records the launch');
    const steps = statements.filter((s) => /\/steps\/\d+$/.test(s.object.id));
    assert.equal(steps.length, 3);
    for (const s of steps) assert.deepEqual(s.context.extensions[`${vocab}values`], values);
    const commands = statements.filter((s) => s.verb.id.endsWith('/interacted')).map((s) => s.result.response);
    assert.deepEqual(commands.sort(), [
      `docker network create ${red}`,
      `docker run --name cliente --network ${red} busybox ping -c 1 ${web}`,
      `docker run -d --name ${web} --network ${red} -p ${port}:80 nginx`,
    ].sort(), 'run buttons are journaled and recorded as typed commands');
    assert.deepEqual(errors, []);
    await page.close();

    // The dashboard: the student's values in their row, and their session's replay link.
    const dash = await browser.context.newPage();
    await dash.setViewportSize({ width: 1366, height: 768 });
    await dash.goto(`${server.url}static/profesor.html?${new URLSearchParams({ endpoint: lrs.url, auth: AUTH, lang: 'es' })}`);
    await dash.waitForFunction(() => Number(document.querySelector('[data-testid=dashboard]').dataset.loaded) > 0);
    const lesson = dash.locator('[data-testid=lesson-summary][data-lesson="tu-red"]');
    const row = lesson.locator('[data-testid=stuck][data-student="alumna-9"]');
    assert.equal(await row.locator('[data-testid=values]').textContent(), `red = ${red}, web = ${web}, puerto = ${port}`);
    assert.match(await lesson.locator('thead', { hasText: 'Estudiante' }).textContent(), /Sus valores/);
    const student = dash.locator('[data-testid=student][data-student="alumna-9"]');
    await student.locator('summary').click();
    const link = student.locator('[data-testid=replay]');
    const href = await link.getAttribute('href');
    assert.equal(href, `${server.url}index.html?player${done.replay}`);
    await screenshot(dash, 'panel-profesor-valores-1366x768');
    await dash.setViewportSize({ width: 390, height: 844 });
    await screenshot(dash, 'panel-profesor-valores-390x844');
    const [player] = await Promise.all([dash.context().waitForEvent('page'), link.click()]);
    await player.getByTestId('terminal-input').waitFor({ timeout: 20_000 });
    // The player (issue 15) opens read-only at the session's start; End goes to its last moment.
    await player.getByTestId('player').waitFor({ timeout: 20_000 });
    await player.waitForFunction(() => document.querySelector('[data-viewing]')?.dataset.viewing === 'past', null, {
      timeout: 20_000,
    });
    const scrubber = player.getByTestId('timeline-scrubber');
    await scrubber.focus();
    await scrubber.press('End');
    await player.waitForFunction(
      () => {
        const s = document.querySelector('[data-testid=timeline-scrubber]');
        return s.getAttribute('aria-valuenow') === s.getAttribute('aria-valuemax') && s.dataset.shownAt === s.getAttribute('aria-valuenow');
      },
      null,
      { timeout: 20_000 },
    );
    // The student's host, replayed: their container and network.
    await player.waitForFunction(
      ([web, red]) => {
        const t = document.querySelector('[data-testid=topology]')?.textContent ?? '';
        return t.includes(web) && t.includes(red);
      },
      [web, red],
      { timeout: 20_000 },
    );
    await player.close();
    await dash.close();
  } finally {
    await lrs.stop();
  }
});
