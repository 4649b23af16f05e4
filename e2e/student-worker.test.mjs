// The simulator in its Web Worker, as a student meets it: a line typed before the worker is ready
// waits visibly and then runs; a long `docker compose up` never takes the editor away; a reload
// brings the session back from the worker's replay; a worker that dies shows the way back.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, newSitePage, openPage, run, screenshot } from './harness.mjs';

let browser;

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

const output = (page) => page.getByTestId('terminal-output').textContent();

test('una orden escrita mientras el simulador arranca espera a la vista y se ejecuta', async () => {
  const { page, errors, server } = await newSitePage(browser);
  // Hold the worker's files back for a while, as a slow line would.
  let held = 0;
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    if (/worker/i.test(url.split('/').pop() ?? '')) {
      held += 1;
      await new Promise((ok) => setTimeout(ok, 2_500));
    }
    await route.continue();
  });
  await page.goto(server.url);
  const input = page.getByTestId('terminal-input');
  await input.waitFor({ timeout: 10_000 });
  assert.ok(held > 0, 'the worker was fetched');
  const starting = page.locator('.terminal-starting');
  await starting.waitFor({ state: 'visible', timeout: 2_000 });
  assert.match(await starting.textContent(), /Iniciando el simulador/);
  await screenshot(page, 'simulador-arrancando');
  await input.fill('echo temprano');
  await input.press('Enter');
  // Nothing is lost: the line is shown at once and runs once the worker is there.
  await page.waitForFunction(() =>
    document.querySelector('[data-testid=terminal-output]')?.textContent.split('\n').includes('temprano'),
  { timeout: 20_000 });
  await starting.waitFor({ state: 'hidden', timeout: 5_000 });
  await page.getByTestId('terminal-prompt').waitFor({ state: 'visible', timeout: 5_000 });
  assert.deepEqual(errors, []);
  await page.close();
});

test('un compose up de 300 servicios no quita el editor ni pierde teclas', async () => {
  const { page, errors } = await openPage(browser);
  const services = 300;
  await run(
    page,
    `printf 'services:\\n' > compose.yaml; for i in $(seq ${services}); do printf '  s%s:\\n    image: alpine\\n    command: sleep 1000\\n' $i >> compose.yaml; done`,
    { timeout: 60_000 },
  );
  const input = page.getByTestId('terminal-input');
  await input.fill('docker compose up -d');
  await input.press('Enter');
  // While it runs, the student types in the editor: every key lands.
  const editor = page.getByTestId('editor');
  await editor.click();
  await page.keyboard.press('Control+End');
  const typed = '# escrito mientras sube\n';
  await page.keyboard.type(typed, { delay: 5 });
  const text = await editor.inputValue();
  assert.ok(text.endsWith(typed) || text.includes(typed), 'every key typed during the up is in the editor');
  await page.getByTestId('terminal-prompt').waitFor({ state: 'visible', timeout: 120_000 });
  await input.click();
  await run(page, 'docker ps -q | wc -l', { timeout: 30_000 });
  const lines = (await output(page)).trim().split('\n');
  assert.equal(lines.at(-1).trim(), String(services), lines.slice(-4).join('\n'));
  assert.deepEqual(errors, []);
  await page.close();
});

test('recargar trae de vuelta los contenedores desde la repetición del simulador', async () => {
  const { page, errors } = await openPage(browser);
  await run(page, 'docker run -d --name persiste nginx', { timeout: 60_000 });
  // Autosave writes about once a second.
  await page.waitForTimeout(2_500);
  await page.reload();
  await page.getByTestId('terminal-input').waitFor({ timeout: 10_000 });
  await page.getByTestId('terminal-prompt').waitFor({ state: 'visible', timeout: 30_000 });
  await run(page, 'docker ps --format {{.Names}}', { timeout: 30_000 });
  assert.ok((await output(page)).split('\n').includes('persiste'), await output(page));
  assert.deepEqual(errors, []);
  await page.close();
});

test('mientras baja la página, el HTML ya dice que Muelle está cargando; luego se va', async () => {
  const { page, errors, server } = await newSitePage(browser);
  // Hold the page's wasm back, as a slow line would.
  const asked = [];
  await page.route('**/*', async (route) => {
    const name = route.request().url().split('/').pop() ?? '';
    asked.push(name);
    if (/^app-.*_bg\.wasm$/.test(name)) await new Promise((ok) => setTimeout(ok, 2_000));
    await route.continue();
  });
  await page.goto(server.url, { waitUntil: 'domcontentloaded' });
  const loading = page.locator('#muelle-loading');
  await loading.waitFor({ state: 'visible', timeout: 1_500 });
  assert.match(await loading.textContent(), /Cargando Muelle/);
  assert.equal(await page.getByTestId('terminal-input').count(), 0);
  await screenshot(page, 'cargando');
  await page.getByTestId('terminal-input').waitFor({ timeout: 15_000 });
  assert.equal(await loading.count(), 0, 'the page took the loading note away');
  assert.ok(asked.some((n) => /sim-worker.*loader/.test(n)), asked.join(', '));
  await run(page, 'echo listo', { timeout: 30_000 });
  assert.deepEqual(errors, []);
  await page.close();
});
