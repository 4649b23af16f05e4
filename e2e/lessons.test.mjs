// Guided lessons in the page: each lesson of lessons/ completed by typing its reference solution
// into the terminal, hints after a wrong try, progress that survives a reload, and starting over.
// Screenshots land in screenshots/.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIST, launchChromium, screenshot, serveDir } from './harness.mjs';

const LESSONS = join(dirname(fileURLToPath(import.meta.url)), '..', 'lessons');

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

/**
 * A lesson file's id and its reference solution: the lines of its `solution:` lists (plain lists
 * of one-line strings), the lesson's own or every step's, in file order.
 */
async function lessonFile(name) {
  const text = await readFile(join(LESSONS, name), 'utf8');
  const id = text.match(/^id: (.+)$/m)[1].trim();
  const solution = [];
  for (const block of text.matchAll(/^( *)solution:\n((?:\1  - .+\n)+)/gm)) {
    for (const m of block[2].matchAll(/^ *- (.+)$/gm)) {
      const line = m[1].trim();
      solution.push(/^".*"$|^'.*'$/.test(line) ? line.slice(1, -1) : line);
    }
  }
  const steps = (text.match(/^  - text:$/gm) ?? []).length;
  return { id, solution, steps };
}

async function openPage(width = 1280) {
  // Each test gets a new origin (a new port), so nothing an earlier test saved is replayed.
  await server?.close();
  server = await serveDir(DIST);
  const page = await browser.context.newPage();
  await page.setViewportSize({ width, height: 800 });
  await page.goto(server.url);
  await page.getByTestId('terminal-input').waitFor({ timeout: 10_000 });
  // Ten times faster simulated time: `sleep 20` in a solution takes two seconds.
  await page.getByTestId('speed').selectOption('10');
  return page;
}

async function openLesson(page, id) {
  if ((await page.getByTestId('lessons').count()) === 0) await page.getByTestId('lessons-toggle').click();
  if ((await page.getByTestId('lesson-back').count()) > 0) await page.getByTestId('lesson-back').click();
  await page.locator(`[data-testid=lesson-open][data-lesson="${id}"]`).click();
  await page.locator(`[data-testid=lessons][data-lesson="${id}"]`).waitFor();
}

/**
 * Types `line` and waits for the prompt. A command still running after a while (a `docker run`
 * without -d streams its container's output) keeps running; the next line goes to a new terminal,
 * as `muelle lesson check` does.
 */
async function type(page, line) {
  const input = page.getByTestId('terminal-input');
  await input.fill(line);
  await input.press('Enter');
  const prompt = page.getByTestId('terminal-prompt');
  try {
    await prompt.waitFor({ state: 'visible', timeout: 8_000 });
  } catch {
    await page.getByTestId('new-terminal').click();
    await prompt.waitFor({ state: 'visible', timeout: 10_000 });
  }
}

const files = (await readdir(LESSONS)).filter((f) => f.endsWith('.yaml')).sort();

for (const file of files) {
  test(`la lección ${file} se completa tecleando su solución de referencia`, async () => {
    const { id, solution, steps } = await lessonFile(file);
    assert.ok(solution.length > 0 && steps > 0, `${file} has a solution and steps`);
    const page = await openPage();
    await openLesson(page, id);
    assert.equal(await page.getByTestId('lesson-step').count(), steps);
    assert.equal(await page.locator('[data-testid=lesson-step][data-done=true]').count(), 0);
    // A lesson with per-student variables: the solution typed with this student's values.
    const pairs = (await page.getByTestId('lessons').getAttribute('data-values')) ?? '';
    const values = Object.fromEntries(pairs.split(' ').filter(Boolean).map((p) => p.split('=')));
    for (const line of solution) {
      await type(page, line.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k) => values[k] ?? `{{${k}}}`));
    }
    await page.getByTestId('lesson-complete').waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('[data-testid=lesson-step][data-done=true]').count(), steps);
    assert.match(await page.getByTestId('lesson-progress').textContent(), new RegExp(`^${steps} de ${steps} pasos$`));
    await screenshot(page, `leccion-${id}-completa`);
    await page.close();
  });
}

test('una pista aparece tras un intento fallido; el progreso sobrevive a recargar; la lección se reinicia', async () => {
  const page = await openPage(1024);
  await openLesson(page, 'redes');
  assert.equal(await page.getByTestId('lesson-hint').count(), 0, 'no hint before trying');
  await type(page, 'docker ps');
  const hint = page.getByTestId('lesson-hint');
  await hint.waitFor({ timeout: 5_000 });
  assert.match(await hint.textContent(), /docker run -d --name solo nginx/);
  // The second step done first: it stays done, the first is still the current one.
  await type(page, 'docker network create mynet');
  const done = page.locator('[data-testid=lesson-step][data-done=true]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=lesson-step][data-done=true]').length === 1);
  assert.equal(await page.locator('[data-testid=lesson-step][aria-current=step]').count(), 1);
  await screenshot(page, 'lecciones-panel-1024');

  // Progress and the open lesson survive a reload.
  await page.waitForTimeout(1_500);
  await page.reload();
  await page.locator('[data-testid=lessons][data-lesson=redes]').waitFor({ timeout: 10_000 });
  assert.equal(await done.count(), 1, 'the done step is still done');
  assert.match(await page.getByTestId('lesson-progress').textContent(), /^1 de 4 pasos$/);

  // Starting over asks first, then clears progress and gives a clean Docker.
  await page.getByTestId('lesson-reset').click();
  const confirm = page.getByRole('alertdialog');
  await confirm.waitFor();
  await screenshot(page, 'lecciones-reiniciar');
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'lesson-reset-confirm');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=lesson-step][data-done=true]').length === 0);
  await type(page, 'docker network ls');
  assert.doesNotMatch(await page.getByTestId('terminal-output').textContent(), /mynet/);

  // Keyboard: the lesson list is reachable and opens with Enter.
  await page.getByTestId('lesson-back').click();
  const item = page.locator('[data-testid=lesson-open][data-lesson=compose]');
  await item.focus();
  await page.keyboard.press('Enter');
  await page.locator('[data-testid=lessons][data-lesson=compose]').waitFor();
  assert.match(await page.getByTestId('editor').inputValue(), /depends_on/, "the lesson's files are loaded");
  await screenshot(page, 'lecciones-compose');

  // With files of the student's own, opening another lesson asks first.
  await type(page, 'echo mío > notas.txt');
  await page.getByTestId('lesson-back').click();
  page.once('dialog', (d) => d.dismiss());
  await page.locator('[data-testid=lesson-open][data-lesson=volumenes]').click();
  await page.waitForTimeout(300);
  assert.equal(await page.locator('[data-testid=lessons][data-lesson=volumenes]').count(), 0, 'cancelled');
  page.once('dialog', (d) => d.accept());
  await page.locator('[data-testid=lesson-open][data-lesson=volumenes]').click();
  await page.locator('[data-testid=lessons][data-lesson=volumenes]').waitFor();
  await page.close();
});

// The lessons are a file of the site, fetched when the panel first shows (app/src/lessons/
// catalog.rs): meanwhile a loading note, and if the fetch fails, why (translated) and a button
// that tries again.
test('las lecciones se descargan al abrir el panel; si falla, lo dice y se reintenta', async () => {
  // Routed on the browser's context, before the page loads: the service worker's precache
  // (whose requests a page's route does not see) is refused too, so it cannot answer instead.
  let refuse = true;
  const fetched = [];
  const lessonsFile = /\/lessons-[0-9a-f]{16}\.bin$/;
  await browser.context.route(lessonsFile, (route) => {
    if (!route.request().serviceWorker()) fetched.push(route.request().url());
    return refuse ? route.abort() : route.continue();
  });
  const page = await openPage();
  await page.waitForTimeout(500);
  assert.equal(fetched.length, 0, 'not fetched by the page before the panel opens');
  await page.getByTestId('lessons-toggle').click();
  const failed = page.getByTestId('lessons-failed');
  await failed.waitFor({ timeout: 10_000 });
  assert.match(await failed.textContent(), /No se pudieron cargar las lecciones/);
  refuse = false;
  await page.getByTestId('lessons-retry').click();
  await page.locator('[data-testid=lesson-open][data-lesson=redes]').waitFor({ timeout: 10_000 });
  // The second try may be answered by the service worker (precached since), which page.route
  // does not see; the list showing is what counts.
  assert.ok(fetched.length >= 1, 'the refused fetch was seen');
  await browser.context.unroute(lessonsFile);
  await page.close();
});
