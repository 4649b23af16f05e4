// Embedding: the teacher's example page (static/ejemplo-profesor.html, served from dist/) embeds
// a lesson in an <iframe>, drives it with postMessage and receives its events; a page Muelle does
// not trust gets nothing and commands nothing. Screenshots land in screenshots/.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIST, launchChromium, savedItem, screenshot, serveDir, toolbarControl } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await serveDir(DIST);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens the teacher's page; returns it and the embedded Muelle's frame. */
async function teacherPage(query) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1100, height: 1000 });
  const warnings = [];
  page.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
  });
  await page.goto(`${server.url}static/ejemplo-profesor.html${query}`);
  const frame = page.frameLocator('#muelle');
  await frame.getByTestId('terminal-input').waitFor({ timeout: 15_000 });
  // Ten times faster simulated time, so apt-get and the pulls take a moment only.
  await frame.getByTestId('speed').selectOption('10');
  return { page, frame, warnings };
}

const events = (page, type) => page.evaluate((t) => window.muelleEvents.filter((e) => e.type === t), type);

test('una página de profesor carga una lección, la resuelve por postMessage y recibe lesson-completed', async () => {
  const { page, frame, warnings } = await teacherPage('?leccion=redes');
  await page.waitForFunction(() => window.muelleEvents.some((e) => e.type === 'ready'), null, { timeout: 10_000 });
  const [ready] = await events(page, 'ready');
  assert.deepEqual(ready, { source: 'muelle', version: 1, type: 'ready', lesson: 'redes' });
  // The embedded page is compact: the lesson and the chosen panels only, nothing to share or import.
  await frame.locator('[data-testid=lessons][data-lesson=redes]').waitFor();
  assert.equal(await frame.getByTestId('share').count(), 0);
  assert.equal(await frame.getByTestId('editor').count(), 0, 'panels=lessons,terminal,topology hides the editor');

  // A message of an unknown type is refused with a console warning, and runs nothing.
  await page.evaluate(() =>
    document.getElementById('muelle').contentWindow.postMessage(
      { source: 'muelle-host', version: 1, type: 'format-disk' },
      location.origin,
    ),
  );
  await page.waitForFunction(() => true);
  await page.waitForTimeout(300);
  assert.ok(warnings.some((w) => /Muelle: message from .* ignored: unknown "type"/.test(w)), warnings.join('\n'));

  await page.getByRole('button', { name: /solución/ }).click();
  await page.waitForFunction(() => window.muelleEvents.some((e) => e.type === 'lesson-completed'), null, {
    timeout: 90_000,
  });
  const steps = await events(page, 'step-completed');
  assert.deepEqual(
    steps.map((s) => [s.lesson, s.step, s.steps]),
    [
      ['redes', 1, 4],
      ['redes', 2, 4],
      ['redes', 3, 4],
      ['redes', 4, 4],
    ],
  );
  const commands = await events(page, 'command');
  const network = commands.find((c) => c.command === 'docker network create mynet');
  assert.equal(network?.status, 0, 'a command event carries the line and its exit status');
  const failed = commands.find((c) => c.command.startsWith('docker run --name prueba'));
  assert.notEqual(failed?.status, 0, 'ping to a name on bridge fails');
  const states = await events(page, 'state');
  const last = states.at(-1);
  assert.ok(last.networks.includes('mynet'), JSON.stringify(last));
  assert.ok(last.containers.some((c) => c.name === 'container1' && c.state === 'running'), JSON.stringify(last));
  await frame.getByTestId('lesson-complete').waitFor();
  assert.match(await page.locator('#estado').textContent(), /Lección completada/);
  await screenshot(page, 'embed-profesor');
  await page.close();
});

test('los mensajes de un origen no autorizado se ignoran y no se le envían eventos', async () => {
  const { page, frame } = await teacherPage('?leccion=redes&origen=https://otro.example');
  await frame.locator('[data-testid=lessons][data-lesson=redes]').waitFor();
  await page.getByRole('button', { name: /solución/ }).click();
  await page.waitForTimeout(2_000);
  assert.doesNotMatch(await frame.getByTestId('terminal-output').textContent(), /solo/, 'no command ran');
  assert.deepEqual(await page.evaluate(() => window.muelleEvents), [], 'events go to the trusted origin only');
  await page.close();
});

test('el modo embed lee sus parámetros: run=, readonly, lang, theme', async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1024, height: 700 });
  const run = encodeURIComponent('docker network create aula\ndocker network ls');
  await page.goto(`${server.url}?embed&lang=en&theme=dark&readonly=1&panels=editor,terminal&run=${run}`);
  await page.getByTestId('terminal-input').waitFor();
  await page.waitForFunction(() => /aula/.test(document.querySelector('[data-testid=terminal-output]')?.textContent ?? ''), null, {
    timeout: 10_000,
  });
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
  assert.notEqual(await page.getByTestId('editor').getAttribute('readonly'), null, 'the editor is read-only');
  assert.equal(await page.getByTestId('file-new').isVisible(), false, 'no file actions when read-only');
  assert.equal(await page.locator('.topology').count(), 0);
  await screenshot(page, 'embed-parametros');
  // Nothing of the embed is saved over the student's own workspace.
  assert.equal(await page.evaluate(() => localStorage.getItem('muelle.files')), null);
  assert.equal(await savedItem(page, 'muelle.files'), null);
  await page.close();
});

test('el botón de código para insertar da un <iframe> que abre la misma lección', async () => {
  // A new origin (a new port): nothing an earlier test saved is replayed.
  await server?.close();
  server = await serveDir(DIST);
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto(server.url);
  await page.getByTestId('lessons-toggle').click();
  await page.locator('[data-testid=lesson-open][data-lesson=volumenes]').click();
  await page.locator('[data-testid=lessons][data-lesson=volumenes]').waitFor();
  await (await toolbarControl(page, 'embed-code')).click();
  const snippet = await page.getByTestId('embed-snippet').inputValue();
  assert.match(snippet, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?embed&amp;lesson=volumenes&amp;lang=es" /);
  assert.match(snippet, / title="Muelle" loading="lazy"/);

  // The snippet's address, in English and dark: the lesson alone, without the list to leave it.
  const src = snippet.match(/src="([^"]+)"/)[1].replaceAll('&amp;', '&');
  await page.goto(`${src}&lang=en&theme=dark`);
  await page.locator('[data-testid=lessons][data-lesson=volumenes]').waitFor({ timeout: 10_000 });
  assert.equal(await page.getByTestId('lesson-back').count(), 0);
  assert.match(await page.locator('.lessons h2').textContent(), /Volumes/);
  await page.getByTestId('terminal-input').fill('docker ps');
  await page.getByTestId('terminal-input').press('Enter');
  await page.getByTestId('lesson-hint').waitFor({ timeout: 5_000 });
  await screenshot(page, 'embed-leccion-oscuro');
  await page.close();
});
