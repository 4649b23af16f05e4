// The topology graph and the timeline as a student uses them: compose up draws running containers,
// a ping travels along the graph (and a failed lookup says why), a restart loop shows as a striped
// row, and the container menu's faults are real simulator events. Screenshots land in screenshots/.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, openPage, run, screenshot } from './harness.mjs';

let browser;

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});



const container = (page, name, state) =>
  page.locator(`[data-node="container:${name}"]${state ? `[data-state="${state}"]` : ''}`);

test('docker compose up -d con el ejemplo: el grafo muestra sus contenedores en marcha', async () => {
  const { page, errors } = await openPage(browser);
  // nginx serving the student's page: one service that keeps running, port 8080 published.
  await page.getByTestId('examples').selectOption('web');
  await page.locator('[data-path="web/index.html"]').waitFor();
  await run(page, 'docker compose up -d');
  await page.locator('[data-node^="container:"][data-state="running"]').first().waitFor({ timeout: 15_000 });
  const names = await page
    .locator('[data-node^="container:"]')
    .evaluateAll((nodes) => nodes.map((n) => [n.getAttribute('data-node'), n.getAttribute('data-state')]));
  assert.ok(names.length >= 1, 'containers are drawn');
  assert.ok(
    names.every(([, state]) => state === 'running'),
    `every container runs: ${JSON.stringify(names)}`,
  );
  assert.ok(await page.locator('[data-node="port:8080"]').count(), 'the published port is drawn');
  await screenshot(page, 'topologia-compose-up');

  // Zoom with the buttons and the keyboard; fit frames everything again.
  const viewBox = () => page.getByTestId('topology').getAttribute('viewBox');
  const before = await viewBox();
  await page.getByTestId('zoom-in').click();
  const zoomed = await viewBox();
  assert.notEqual(zoomed, before, 'zoom in changes the view');
  const width = (vb) => Number(vb.split(' ')[2]);
  assert.ok(width(zoomed) < width(before), 'zooming in shows less of the drawing');
  await page.locator('.topology-scroll').focus();
  await page.keyboard.press('-');
  await page.keyboard.press('-');
  assert.ok(width(await viewBox()) > width(zoomed), 'the minus key zooms out');
  await page.keyboard.press('ArrowRight');
  await page.getByTestId('zoom-fit').click();
  // The view survives the graph being redrawn (a new container).
  const fitted = await viewBox();
  await run(page, 'docker run -d --name otro alpine sleep 1000');
  await container(page, 'otro', 'running').waitFor({ timeout: 10_000 });
  assert.equal(await viewBox(), fitted, 'the view is kept across re-renders');
  assert.deepEqual(errors, []);
  await page.close();
});

test('un ping entre contenedores de la misma red anima un paquete; por nombre en bridge dice por qué falla', async () => {
  const { page, errors } = await openPage(browser, { colorScheme: 'dark' });
  await run(page, 'docker network create mynet');
  await run(page, 'docker run -d --name uno --network mynet alpine sleep 1000');
  await run(page, 'docker run -d --name dos --network mynet alpine sleep 1000');
  await container(page, 'dos', 'running').waitFor({ timeout: 10_000 });
  await run(page, 'docker exec uno ping -c 1 dos');
  await page.getByTestId('packet').first().waitFor({ timeout: 5_000 });
  assert.match(await page.getByTestId('packet-caption').textContent(), /ping uno → dos ✓/);
  await screenshot(page, 'topologia-ping');

  // On the default bridge there is no DNS: the lookup stops, and the graph says why in words.
  await run(page, 'docker run -d --name tres alpine sleep 1000');
  await run(page, 'docker run -d --name cuatro alpine sleep 1000');
  await container(page, 'cuatro', 'running').waitFor({ timeout: 10_000 });
  await run(page, 'docker exec tres ping -c 1 cuatro');
  await page.getByTestId('packet-stop').first().waitFor({ timeout: 5_000 });
  const caption = await page.getByTestId('packet-caption').textContent();
  assert.match(caption, /la red bridge por defecto no tiene DNS/);
  await screenshot(page, 'topologia-dns-falla');

  // With reduced motion nothing travels: the packet is drawn where it ends, at once.
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  await run(page, 'docker exec dos ping -c 1 uno');
  await page.locator('[data-testid=packet].still').first().waitFor({ timeout: 5_000 });
  assert.deepEqual(errors, []);
  await page.close();
});

test('un bucle de reinicios se ve en la franja de estados de la línea de tiempo', async () => {
  const { page, errors } = await openPage(browser);
  await run(page, "docker run -d --restart always --name loop alpine sh -c 'exit 1'");
  const strip = page.locator('[data-strip="loop"]');
  await strip.waitFor({ timeout: 10_000 });
  // The back-off doubles from 100 ms: a few seconds of simulated time give several restarts.
  await page.waitForFunction(
    () => Number(document.querySelector('[data-strip="loop"]')?.getAttribute('data-restarts')) >= 4,
    null,
    { timeout: 20_000 },
  );
  assert.ok((await strip.locator('.seg.st-restarting').count()) >= 4, 'restarting segments are drawn');
  assert.ok((await strip.locator('.seg.st-exited').count()) >= 4, 'each exit (1) is drawn');
  assert.match(await strip.getAttribute('aria-label'), /loop: \d+ reinicios/);
  await screenshot(page, 'timeline-bucle-reinicios');
  // Its name filters the list to its events.
  await strip.locator('.strip-name').click();
  assert.equal(await page.getByTestId('timeline-filter').inputValue(), 'loop');
  // English is complete too.
  await page.getByTestId('lang').click();
  await page.getByText('States per container').waitFor({ timeout: 5_000 });
  await page.waitForFunction(
    () => /^loop: \d+ restarts; now /.test(document.querySelector('[data-strip="loop"]')?.getAttribute('aria-label')),
    null,
    { timeout: 20_000 },
  );
  await page.getByTestId('lang').click();
  assert.deepEqual(errors, []);
  await page.close();
});

test('el menú de un contenedor: «matar» lo deja terminado con el código 137', async () => {
  const { page, errors } = await openPage(browser, { width: 1024, height: 768 });
  await run(page, 'docker run -d --name victima alpine sleep 1000');
  await container(page, 'victima', 'running').waitFor({ timeout: 10_000 });
  // From the keyboard: focus the node's menu button and press Enter.
  await page.locator('[data-menu="victima"]').focus();
  await page.keyboard.press('Enter');
  const menu = page.getByTestId('ct-menu');
  await menu.waitFor({ timeout: 5_000 });
  assert.equal(await menu.getAttribute('role'), 'menu');
  assert.equal(
    await page.evaluate(() => document.activeElement?.getAttribute('data-action')),
    'shell',
    'the first item has the focus',
  );
  await screenshot(page, 'topologia-menu');
  await menu.locator('[data-action="kill"]').click();
  await container(page, 'victima', 'exited').waitFor({ timeout: 5_000 });
  await page.getByTestId('timeline').getByText(/victima terminó con el código 137/).waitFor({ timeout: 5_000 });
  const strip = page.locator('[data-strip="victima"]');
  assert.ok(await strip.locator('.seg.st-exited').count(), 'the strip ends exited');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 1024), 'no sideways scrolling at 1024 px');
  await screenshot(page, 'topologia-matado');
  assert.deepEqual(errors, []);
  await page.close();
});

test('el menú: un fallo con código 3 bajo --restart on-failure reinicia; «docker logs» abre una pestaña', async () => {
  const { page, errors } = await openPage(browser);
  await run(page, 'docker run -d --restart on-failure --name fragil nginx');
  await container(page, 'fragil', 'running').waitFor({ timeout: 10_000 });
  await page.locator('[data-node="container:fragil"]').click({ button: 'right' });
  const menu = page.getByTestId('ct-menu');
  await menu.getByTestId('crash-code').fill('3');
  await menu.locator('[data-action="crash"]').click();
  await page.getByTestId('timeline').getByText(/fragil terminó con el código 3/).waitFor({ timeout: 5_000 });
  await page.waitForFunction(
    () => Number(document.querySelector('[data-strip="fragil"]')?.getAttribute('data-restarts')) >= 1,
    null,
    { timeout: 10_000 },
  );
  await container(page, 'fragil', 'running').waitFor({ timeout: 10_000 });

  await page.locator('[data-menu="fragil"]').click();
  await page.getByTestId('ct-menu').locator('[data-action="logs"]').click();
  await page.waitForFunction(
    () => document.querySelector('[data-testid=terminal-output]')?.textContent.includes('docker logs fragil'),
    null,
    { timeout: 5_000 },
  );
  assert.equal(await page.locator('.tab').count(), 2, 'a tab opened for the logs');
  assert.deepEqual(errors, []);
  await page.close();
});

test('la salud se ve en el grafo y en las franjas: sano y no sano', async () => {
  const { page, errors } = await openPage(browser, { colorScheme: 'dark' });
  await run(page, 'docker run -d --name sano --health-cmd true --health-interval 1s nginx');
  await run(page, 'docker run -d --name enfermo --health-cmd false --health-interval 1s --health-retries 1 nginx');
  await page.locator('[data-node="container:sano"][data-health="healthy"]').waitFor({ timeout: 15_000 });
  await page.locator('[data-node="container:enfermo"][data-health="unhealthy"]').waitFor({ timeout: 15_000 });
  await page.locator('[data-strip="sano"] .seg.healthy').waitFor({ timeout: 5_000 });
  await page.locator('[data-strip="enfermo"] .seg.st-unhealthy').waitFor({ timeout: 5_000 });
  assert.match(await page.locator('[data-strip="enfermo"]').getAttribute('aria-label'), /ahora no sano/);
  await screenshot(page, 'topologia-salud');
  assert.deepEqual(errors, []);
  await page.close();
});

test('160 servicios: el grafo dibuja solo lo que se ve y «encajar» lo enseña todo', async () => {
  const { page, errors } = await openPage(browser);
  const services = Array.from({ length: 160 }, (_, i) => `  s${i}:\n    image: alpine\n    command: sleep 1000\n`);
  await page.getByTestId('editor').fill(`services:\n${services.join('')}`);
  // The editor saves as it types; compose reads the file from the simulated disk.
  await page.waitForTimeout(500);
  await run(page, 'docker compose up -d', { timeout: 120_000 });
  const drawn = () => page.locator('[data-node^="container:"]').count();
  await page.waitForFunction(() => document.querySelectorAll('[data-node^="container:"]').length > 0);
  const near = await drawn();
  assert.ok(near > 0 && near < 160, `only the part near the view is drawn (${near} of 160)`);
  await page.getByTestId('zoom-fit').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-node^="container:"]').length === 160, null, {
    timeout: 5_000,
  });
  // Zooming in on the top brings the window back to a part.
  await page.locator('.topology-scroll').focus();
  for (let i = 0; i < 12; i++) await page.keyboard.press('+');
  await page.waitForFunction(() => document.querySelectorAll('[data-node^="container:"]').length < 160, null, {
    timeout: 5_000,
  });
  await screenshot(page, 'topologia-160');
  assert.deepEqual(errors, []);
  await page.close();
});

test('docker pause: el nodo y la franja dicen «en pausa»; unpause lo devuelve a «en marcha»', async () => {
  const { page, errors } = await openPage(browser);
  await run(page, 'docker run -d --name congelado nginx');
  await container(page, 'congelado', 'running').waitFor();
  await run(page, 'docker pause congelado');
  await container(page, 'congelado', 'paused').waitFor({ timeout: 5_000 });
  const timeline = page.getByTestId('timeline');
  await timeline.getByText('congelado en pausa: sus procesos están congelados').waitFor();
  // The strip gets a paused stretch.
  await page.getByTestId('strips').locator('.seg.st-paused').first().waitFor({ timeout: 5_000 });
  await screenshot(page, 'topologia-pausa');
  await run(page, 'docker unpause congelado');
  await container(page, 'congelado', 'running').waitFor({ timeout: 5_000 });
  assert.deepEqual(errors, []);
  await page.close();
});
