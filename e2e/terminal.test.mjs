// The page as a visitor meets it: served from dist/, in Chromium, typed into with a keyboard.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, openPage, run, screenshot } from './harness.mjs';

const PROMPT = 'alumno@muelle:~/proyecto$';

let browser;

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});


const output = (page) => page.getByTestId('terminal-output').textContent();


test('la página carga con el prompt visible y el foco en la entrada', async () => {
  const { page, errors } = await openPage(browser);
  assert.match(await page.locator('h1').textContent(), /Muelle/);
  const prompt = page.getByTestId('terminal-prompt');
  // The simulator starts in its worker beside the page: on a busy machine it answers later.
  await page.waitForFunction(
    (p) => document.querySelector('[data-testid=terminal-prompt]')?.textContent.includes(p),
    PROMPT,
    { timeout: 20_000 },
  );
  assert.ok(await prompt.isVisible(), 'the prompt is visible');
  assert.ok((await prompt.textContent()).includes(PROMPT), await prompt.textContent());
  const focused = await page.evaluate(() => document.activeElement?.dataset.testid);
  assert.equal(focused, 'terminal-input');
  await screenshot(page, 'inicio');
  assert.deepEqual(errors, []);
  await page.close();
});

// Needs the real simulator (the stub facade only echoes the line back).
test('echo hola muestra hola', async () => {
  const { page, errors } = await openPage(browser);
  await run(page, 'echo hola', { timeout: 30_000, keys: true });
  const lines = (await output(page)).split('\n');
  await screenshot(page, 'echo');
  assert.ok(lines.includes('hola'), `no line "hola" in:\n${lines.join('\n')}`);
  assert.deepEqual(errors, []);
  await page.close();
});

// Needs the real simulator.
test('docker run -d --name web nginx aparece en docker ps', async () => {
  const { page, errors } = await openPage(browser);
  await run(page, 'docker run -d --name web nginx', { timeout: 60_000, keys: true });
  await run(page, 'docker ps', { timeout: 30_000, keys: true });
  await screenshot(page, 'docker-ps');
  const text = await output(page);
  const lines = text.split('\n');
  const header = lines.findLastIndex((l) => l.startsWith('CONTAINER ID'));
  assert.ok(header >= 0, `no docker ps table in:\n${text}`);
  const row = lines
    .slice(header + 1)
    .find((l) => /\bnginx\b/.test(l) && /\bweb\b/.test(l) && /\bUp\b/.test(l));
  assert.ok(row, `no row with nginx, web and Up after the header in:\n${text}`);
  assert.deepEqual(errors, []);
  await page.close();
});

// Ctrl-D is end of input, as in a real terminal: it leaves a container's shell (the container
// of an attached `run -it … sh` stops with it) and Python's prompt; at the host's prompt it
// does nothing (and never reaches the browser, whose Ctrl-D would bookmark the page).
test('Ctrl-D sale de la shell de un contenedor y del prompt de Python', async () => {
  const { page, errors } = await openPage(browser);
  const input = page.getByTestId('terminal-input');
  const promptHas = (text) =>
    page.waitForFunction(
      (t) => document.querySelector('[data-testid=terminal-prompt]')?.textContent.includes(t),
      text,
      { timeout: 60_000 },
    );
  await input.fill('docker run -it --name sh1 alpine sh');
  await input.press('Enter');
  await promptHas('/ #');
  await input.press('Control+d');
  await promptHas(PROMPT);
  assert.ok((await output(page)).includes('/ # \n'), 'ash ends the line at end of input');
  await input.fill('docker run -it --name repl python:3.12');
  await input.press('Enter');
  await page.waitForFunction(
    () => document.querySelector('[data-testid=terminal-output]')?.textContent.endsWith('>>> '),
    null,
    { timeout: 60_000 },
  );
  await input.press('Control+d');
  await promptHas(PROMPT);
  const before = await output(page);
  await input.press('Control+d');
  await page.waitForTimeout(300);
  assert.equal(await output(page), before, 'at the host prompt Ctrl-D changes nothing');
  await run(page, "docker ps -a --format '{{.Names}} {{.Status}}'");
  const text = await output(page);
  assert.match(text, /sh1 Exited \(0\)/, text);
  assert.match(text, /repl Exited \(0\)/, text);
  assert.deepEqual(errors, []);
  await page.close();
});

test('Tab completa órdenes, nombres de contenedores y lista las opciones con un segundo Tab', async () => {
  const { page, errors } = await openPage(browser);
  await run(page, 'docker run -d --name servidor-web nginx', { timeout: 60_000, keys: true });
  const input = page.getByTestId('terminal-input');
  // The simulator (in its worker) answers a Tab in its next frame: wait for the line to change.
  const becomes = (value) =>
    page.waitForFunction((v) => document.querySelector('[data-testid=terminal-input]').value === v, value, {
      timeout: 5_000,
    });
  await input.pressSequentially('docker net');
  await input.press('Tab');
  await becomes('docker network ');
  await input.fill('docker logs serv');
  await input.press('Tab');
  await becomes('docker logs servidor-web ');
  // Several candidates and nothing shared beyond what is typed: a second Tab lists them.
  await input.fill('docker network c');
  await input.press('Tab');
  // The answer adds nothing (after it had time to come).
  await page.waitForTimeout(500);
  assert.equal(await input.inputValue(), 'docker network c');
  await input.press('Tab');
  await page.waitForFunction(() =>
    document.querySelector('[data-testid=terminal-output]')?.textContent.includes('connect  create'),
  );
  // On an empty line Tab leaves the terminal (keyboard users are never trapped).
  await input.fill('');
  await input.press('Tab');
  const focused = await page.evaluate(() => document.activeElement?.dataset.testid ?? '');
  assert.notEqual(focused, 'terminal-input');
  await screenshot(page, 'tab-completion');
  assert.deepEqual(errors, []);
  await page.close();
});

// The terminal and the timeline keep their newest line in view as output and events pour in
// (the timeline's rows out of view are not laid out, so its end is found over a few frames).
test('la terminal y la línea de tiempo siguen lo último que pasa', async () => {
  const { page, errors } = await openPage(browser, { width: 1366, height: 768 });
  await run(page, 'for i in $(seq 40); do docker run -d --name c$i alpine sleep 1000; done', { timeout: 60_000 });
  await run(page, 'docker run --rm alpine ping -c 1 nadie', { timeout: 30_000 });
  const atEnd = (testid) =>
    page.evaluate((testid) => {
      const el = document.querySelector(`[data-testid=${testid}]`);
      const box = testid === 'timeline' ? el : el.closest('.terminal-body');
      return { gap: box.scrollHeight - box.scrollTop - box.clientHeight, scrolls: box.scrollHeight > box.clientHeight };
    }, testid);
  await page.waitForFunction(() => {
    const rows = document.querySelectorAll('[data-testid=timeline] li.event');
    // While it follows the end the timeline keeps its 40 newest rows (issue 13's frame budget).
    return rows.length >= 40 && rows[rows.length - 1].textContent.includes('eliminado');
  });
  await page.waitForTimeout(300);
  for (const testid of ['terminal-output', 'timeline']) {
    const { gap, scrolls } = await atEnd(testid);
    assert.ok(scrolls, `${testid} holds more than it shows`);
    assert.ok(gap <= 2, `${testid} is scrolled to its end (${gap}px short)`);
  }
  // The newest row is in view.
  const last = page.locator('[data-testid=timeline] li.event').last();
  assert.ok(await last.isVisible());
  const [list, row] = await Promise.all([page.getByTestId('timeline').boundingBox(), last.boundingBox()]);
  assert.ok(row.y + row.height <= list.y + list.height + 1 && row.y >= list.y - 1, JSON.stringify({ list, row }));
  assert.deepEqual(errors, []);
  await page.close();
});

// Faults too fast to watch at 1×: paused, "Paso" moves simulated time to the next event only,
// so each restart of a crashing container shows by itself; slow motion is in the speed list.
test('en pausa, «Paso» avanza hasta el siguiente evento y nada más', async () => {
  const { page, errors } = await openPage(browser, { width: 1366, height: 768 });
  assert.equal(await page.getByTestId('step').count(), 0, 'no step while time runs');
  const speeds = await page.getByTestId('speed').locator('option').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(speeds.slice(0, 2), ['0.1', '0.25']);
  await run(page, 'docker run -d --restart always --name cae alpine false', { timeout: 30_000 });
  // Past the first restarts: the back-off is 400 ms and more, so a step shows on the clock.
  await page.waitForFunction(() => document.querySelector('[data-testid=timeline]').textContent.includes('n.º 3'));
  await page.getByTestId('pause').click();
  const rows = () => page.locator('[data-testid=timeline] li.event').count();
  const clock = () => page.getByTestId('sim-clock').textContent();
  // What was on its way when the clock paused lands; then nothing happens.
  let before = await rows();
  for (let again = true; again; ) {
    await page.waitForTimeout(700);
    const now = await rows();
    again = now !== before;
    before = now;
  }
  const at = await clock();
  await page.getByTestId('step').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=timeline] li.event').length > n, before);
  const once = await rows();
  // The clock moved to the event (drawn at the next render).
  await page.waitForFunction((t) => document.querySelector('[data-testid=sim-clock]').textContent !== t, at, { timeout: 2_000 });
  await page.waitForTimeout(700);
  assert.equal(await rows(), once, 'one step, then still paused');
  assert.match(await page.locator('[data-testid=timeline] li.event').last().textContent(), /cae/);
  assert.deepEqual(errors, []);
  await page.close();
});
