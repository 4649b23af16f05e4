// The playground around the terminal: files and editor, topology, timeline, browser pane, and what
// survives a reload. Each test opens the built page in Chromium; screenshots land in screenshots/.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, openPage, run, screenshot, toolbarControl } from './harness.mjs';

let browser;

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});



const node = (page, key) => page.locator(`[data-node="${key}"]`);

test('la primera carga muestra proyecto, editor, topología, línea de tiempo y navegador', async () => {
  const { page, errors } = await openPage(browser);
  for (const id of ['editor', 'terminal-input', 'topology', 'timeline', 'browser-pane']) {
    assert.ok(await page.getByTestId(id).isVisible(), `${id} is visible`);
  }
  assert.equal(await page.getByTestId('terminal-output').count(), 1);
  assert.ok(await node(page, 'host').count(), 'the host is drawn');
  assert.ok(await node(page, 'network:bridge').count(), 'the default bridge is drawn');
  // A first visit finds the tutorial's Compose example.
  const yaml = await page.getByTestId('editor').inputValue();
  assert.match(yaml, /services:/);
  assert.match(yaml, /image: postgres:9\.6/);
  assert.match(yaml, /context: \.\/main_app/);
  assert.ok(await page.locator('[data-path="main_app/Dockerfile"]').count(), 'main_app/Dockerfile is listed');
  assert.equal(await page.locator('html').getAttribute('lang'), 'es');
  await screenshot(page, 'playground-inicio');

  // English, then dark, then back.
  await page.getByTestId('lang').click();
  await page.getByText('Topology', { exact: true }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await (await toolbarControl(page, 'theme')).selectOption('dark');
  assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
  await screenshot(page, 'playground-inicio-en-oscuro');
  await page.getByTestId('lang').click();
  await (await toolbarControl(page, 'theme')).selectOption('system');
  // The narrowest supported window still shows every panel without a horizontal scrollbar.
  await page.setViewportSize({ width: 1024, height: 768 });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 1024), 'no sideways scrolling at 1024 px');
  await screenshot(page, 'playground-1024');
  assert.deepEqual(errors, []);
  await page.close();
});

test('docker run -d --name web nginx dibuja container:web en marcha; un clic abre una shell dentro', async () => {
  const { page, errors } = await openPage(browser, { colorScheme: 'dark' });
  await run(page, 'docker run -d --name web nginx');
  await page.locator('[data-node="container:web"][data-state="running"]').waitFor({ timeout: 10_000 });
  await page.getByTestId('timeline').getByText('web arrancó').waitFor({ timeout: 5_000 });

  await node(page, 'container:web').click();
  await page.waitForFunction(
    () => document.querySelector('[data-testid=terminal-output]')?.textContent.includes('docker exec -it web sh'),
    null,
    { timeout: 5_000 },
  );
  await page.getByTestId('terminal-prompt').filter({ hasText: '#' }).waitFor({ timeout: 10_000 });
  await run(page, 'hostname');
  assert.match(await page.getByTestId('terminal-output').textContent(), /hostname\n[0-9a-f]{12}\n/);
  assert.equal(await page.locator('.tab').count(), 2, 'a second tab opened');

  await run(page, 'exit');
  await page.locator('.tab-label').first().click();
  await run(page, 'docker stop web');
  await page.locator('[data-node="container:web"][data-state="exited"]').waitFor({ timeout: 15_000 });
  await page.getByTestId('timeline-filter').selectOption('web');
  const shown = await page.getByTestId('timeline').textContent();
  assert.match(shown, /web terminó con el código 0/);
  await screenshot(page, 'playground-web-parado');
  assert.deepEqual(errors, []);
  await page.close();
});

test('el navegador muestra «Welcome to nginx!» tras docker run -d -p 8080:80 nginx', async () => {
  const { page, errors } = await openPage(browser);
  await run(page, 'docker run -d -p 8080:80 nginx');
  // nginx needs a moment of simulated time before it listens: ask again until it answers.
  // (The frame runs no script, so its document is read from what it was given: srcdoc.)
  const shown = () =>
    page.evaluate(() => document.querySelector('[data-testid=browser-frame]')?.getAttribute('srcdoc') ?? '');
  let answered = false;
  for (let i = 0; i < 20 && !answered; i++) {
    await page.getByTestId('browser-go').click();
    answered = await page
      .waitForFunction(
        () => document.querySelector('[data-testid=browser-frame]')?.getAttribute('srcdoc')?.includes('<h1>Welcome to nginx!</h1>'),
        null,
        { timeout: 1_000 },
      )
      .then(() => true)
      .catch(() => false);
  }
  if (!answered) await screenshot(page, 'playground-navegador-fallo');
  assert.ok(answered, `the page shows nginx's welcome, not:\n${await shown()}`);
  assert.equal(await page.getByTestId('browser-frame').getAttribute('sandbox'), '');
  assert.match(await page.getByTestId('browser-status').textContent(), /200 OK/);
  await screenshot(page, 'playground-navegador');

  await page.getByTestId('browser-address').fill('localhost:9999/');
  await page.getByTestId('browser-go').click();
  await page.getByText('No se pudo conectar').waitFor({ timeout: 5_000 });
  assert.match(await page.getByTestId('browser-pane').textContent(), /9999/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('lo que se edita en web/index.html llega al navegador a través de un bind mount', async () => {
  const { page, errors } = await openPage(browser);
  // The untouched tutorial example is replaced without a question.
  await page.getByTestId('examples').selectOption('web');
  await page.locator('[data-path="web/index.html"]').waitFor();
  await run(page, 'docker run -d --name sitio -p 8080:80 -v ./web:/usr/share/nginx/html nginx');
  await page.locator('[data-path="web/index.html"]').click();
  const editor = page.getByTestId('editor');
  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('<p>Cambiado desde el editor</p>');
  await page.waitForTimeout(600);
  await page.getByTestId('editor-saved').waitFor({ timeout: 5_000 });
  let shown = '';
  for (let i = 0; i < 20 && !shown.includes('Cambiado desde el editor'); i++) {
    await page.getByTestId('browser-go').click();
    await page.waitForTimeout(250);
    shown = await page.evaluate(
      () => document.querySelector('[data-testid=browser-frame]')?.getAttribute('srcdoc') ?? '',
    );
  }
  assert.match(shown, /Hola desde un contenedor/);
  assert.match(shown, /Cambiado desde el editor/);
  await screenshot(page, 'playground-bind-mount');
  assert.deepEqual(errors, []);
  await page.close();
});

test('recargar conserva un archivo editado y el historial', async () => {
  const { page, errors } = await openPage(browser);
  const editor = page.getByTestId('editor');
  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('# editado en la prueba');
  // Saved shortly after typing stops.
  await page.waitForTimeout(600);
  await page.getByTestId('editor-saved').waitFor({ timeout: 5_000 });
  await run(page, 'docker run -d --name persistente nginx');
  await run(page, 'cat docker-compose.yaml');
  assert.match(await page.getByTestId('terminal-output').textContent(), /# editado en la prueba/);
  // The page saves about once a second.
  await page.waitForTimeout(1_500);
  await page.reload();
  await page.getByTestId('terminal-input').waitFor();
  assert.match(await page.getByTestId('editor').inputValue(), /# editado en la prueba$/);
  // The simulated host came back too: the container still runs and the terminal shows its past.
  await page.locator('[data-node="container:persistente"][data-state="running"]').waitFor({ timeout: 5_000 });
  assert.match(await page.getByTestId('terminal-output').textContent(), /docker run -d --name persistente nginx/);

  await page.getByTestId('terminal-input').press('ArrowUp');
  assert.equal(await page.getByTestId('terminal-input').inputValue(), 'cat docker-compose.yaml');
  await page.getByTestId('terminal-input').fill('');
  await run(page, 'docker ps --format "{{.Names}} {{.Status}}"');
  assert.match(await page.getByTestId('terminal-output').textContent(), /persistente Up (\d+ seconds?|Less than a second)/);
  await screenshot(page, 'playground-recargada');
  assert.deepEqual(errors, []);
  await page.close();
});

test('el menú de ejemplos pide confirmación si hay cambios; la semilla reinicia Docker', async () => {
  const { page, errors } = await openPage(browser);
  await run(page, 'echo mío > notas.txt');
  await run(page, 'docker network create mynet');
  // Declining keeps everything.
  page.once('dialog', (d) => d.dismiss());
  await page.getByTestId('examples').selectOption('completo');
  await page.waitForTimeout(300);
  assert.ok(await page.locator('[data-path="notas.txt"]').count(), 'notas.txt is still there');
  // Accepting loads the example into a fresh Docker.
  page.once('dialog', (d) => d.accept());
  await page.getByTestId('examples').selectOption('completo');
  await page.locator('[data-path="web/app.py"]').waitFor();
  assert.equal(await page.locator('[data-path="notas.txt"]').count(), 0);
  assert.match(await page.getByTestId('editor').inputValue(), /neo4j:5/);
  // Its x-muelle block is Muelle's own: the editor says real Docker Compose ignores it.
  const note = page.getByTestId('editor-xmuelle-note');
  await note.locator('summary').click();
  assert.ok(await note.locator('p').isVisible(), 'the note opens');
  assert.match(await note.textContent(), /Docker Compose real lo ignora/);
  await note.locator('summary').click();
  await run(page, 'docker compose up -d', { timeout: 120_000 });
  await page.locator('[data-node="container:proyecto-web-1"]').waitFor({ timeout: 30_000 });
  await screenshot(page, 'ejemplo-completo');
  // Another seed: a clean host again, same files.
  await (await toolbarControl(page, 'seed')).fill('7');
  await page.getByTestId('seed').press('Enter');
  await page.locator('[data-node="container:proyecto-web-1"]').waitFor({ state: 'detached', timeout: 5_000 });
  assert.ok(await page.locator('[data-path="web/app.py"]').count(), 'the files stay');
  await run(page, 'docker network ls');
  assert.doesNotMatch(await page.getByTestId('terminal-output').textContent(), /mynet/);
  // Reset: the same, with the seed kept.
  await run(page, 'docker volume create datos2');
  await page.getByTestId('reset').click();
  await page.getByTestId('terminal-prompt').waitFor();
  await run(page, 'docker volume ls');
  assert.doesNotMatch(await page.getByTestId('terminal-output').textContent(), /datos2/);
  assert.equal(await page.getByTestId('seed').inputValue(), '7');
  assert.deepEqual(errors, []);
  await page.close();
});
