// Time travel (issue 15) as a student meets it: a `docker compose down -v` deletes the data, the
// scrubber goes back to before it (the page read-only, showing that moment), "continue from
// here" makes it the present again with the volume back, and the future left is a branch to
// return to; branches survive a reload; an embedding page can turn the feature off.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, newSitePage, openPage, run, screenshot, waitSaved, toolbarControl } from './harness.mjs';

let browser;

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

const output = (page) => page.getByTestId('terminal-output').textContent();
const viewing = (page) => page.locator('[data-viewing]').first().getAttribute('data-viewing');
const branches = (page) =>
  page.locator('[data-testid=branch-list] [data-branch]').evaluateAll((els) => els.map((e) => e.dataset.branch));

const COMPOSE = "printf 'services:\\n  db:\\n    image: redis\\n    volumes:\\n      - datos:/data\\nvolumes:\\n  datos:\\n' > compose.yaml";

/** Steps the scrubber back one event at a time until the terminal no longer shows `line`. */
async function backBefore(page, line) {
  const scrubber = page.getByTestId('timeline-scrubber');
  await scrubber.focus();
  for (let i = 0; i < 80; i += 1) {
    const was = await scrubber.getAttribute('aria-valuenow');
    await scrubber.press('ArrowLeft');
    await page.waitForFunction(
      (was) => document.querySelector('[data-testid=timeline-scrubber]')?.getAttribute('aria-valuenow') !== was,
      was,
      { timeout: 5_000 },
    );
    // The past moment's view has arrived (the terminal shows it in the same redraw).
    await page.waitForFunction(
      () => {
        const s = document.querySelector('[data-testid=timeline-scrubber]');
        return s?.dataset.shownAt === s?.getAttribute('aria-valuenow');
      },
      null,
      { timeout: 10_000 },
    );
    await page.locator('.terminal-output.past').waitFor({ timeout: 5_000 });
    if (!(await output(page)).includes(line)) return;
  }
  assert.fail(`never got back before ${line}`);
}

test('volver antes de un compose down -v, seguir desde ahí y recuperar el volumen', async () => {
  const { page, errors } = await openPage(browser);
  await run(page, COMPOSE);
  await run(page, 'docker compose up -d', { timeout: 60_000 });
  await run(page, 'docker volume ls --format "{{.Name}}"');
  assert.match(await output(page), /proyecto_datos/);
  await run(page, 'docker compose down -v', { timeout: 60_000 });
  await run(page, 'docker volume ls -q');
  assert.doesNotMatch((await output(page)).split('docker volume ls -q').at(-1), /proyecto_datos/);

  const scrubber = page.getByTestId('timeline-scrubber');
  assert.equal(await scrubber.getAttribute('role'), 'slider');
  // Read at once: time runs while the present is shown.
  const [now, max] = await scrubber.evaluate((s) => [s.getAttribute('aria-valuenow'), s.getAttribute('aria-valuemax')]);
  assert.ok(Number(max) > 0, `aria-valuemax in simulated ms: ${max}`);
  assert.equal(now, max, 'the present at first');
  assert.equal(await viewing(page), 'live');
  assert.deepEqual(await branches(page), ['1']);

  await backBefore(page, 'docker compose down -v');
  assert.equal(await viewing(page), 'past');
  assert.ok(Number(await scrubber.getAttribute('aria-valuenow')) < Number(max));
  assert.match(await output(page), /docker compose up -d/);
  // Read-only: what is typed in the past does not run.
  assert.notEqual(await page.getByTestId('terminal-input').getAttribute('readonly'), null);
  await screenshot(page, 'tiempo-pasado');

  // End goes back to the present; Home to the start.
  await scrubber.press('End');
  await page.waitForFunction(() => document.querySelector('[data-viewing]')?.dataset.viewing === 'live');
  await scrubber.press('Home');
  await page.waitForFunction(() => document.querySelector('[data-viewing]')?.dataset.viewing === 'past');
  assert.equal(await scrubber.getAttribute('aria-valuenow'), '0');
  await page.getByTestId('time-live').click();
  await page.waitForFunction(() => document.querySelector('[data-viewing]')?.dataset.viewing === 'live');

  await backBefore(page, 'docker compose down -v');
  await page.getByTestId('branch-here').click();
  await page.waitForFunction(() => document.querySelector('[data-viewing]')?.dataset.viewing === 'live');
  await page.locator('[data-testid=branch-list] [data-branch="2"]').waitFor({ timeout: 10_000 });
  assert.deepEqual(await branches(page), ['1', '2']);
  await page.getByTestId('terminal-prompt').waitFor({ state: 'visible', timeout: 10_000 });
  await run(page, 'docker volume ls -q');
  assert.match((await output(page)).split('docker volume ls -q').at(-1), /proyecto_datos/, 'the volume is back');
  await screenshot(page, 'tiempo-rama');

  // The future left behind is there to return to.
  await page.locator('[data-testid=branch-list] [data-branch="1"] button').click();
  await page.waitForFunction(() => document.querySelector('[data-branch="1"] [aria-current=true]'), null, {
    timeout: 10_000,
  });
  await page.getByTestId('terminal-prompt').waitFor({ state: 'visible', timeout: 10_000 });
  await run(page, 'docker volume ls -q --filter name=datos');
  assert.doesNotMatch((await output(page)).split('--filter name=datos').at(-1), /proyecto_datos/);

  // Branches are saved with the session (beside the journal: branch 1 live, 2 left).
  await waitSaved(page, 'muelle.journal', (v) => /"current":"1"/.test(v ?? '') && /"name":"2"/.test(v ?? ''), {
    timeout: 20_000,
  });
  await page.reload();
  await page.getByTestId('terminal-input').waitFor({ timeout: 10_000 });
  await page.locator('[data-testid=branch-list] [data-branch="2"]').waitFor({ timeout: 20_000 });
  assert.deepEqual(await branches(page), ['1', '2']);
  assert.ok(await page.locator('[data-branch="1"] [aria-current=true]').count(), 'branch 1 is live');

  // They travel in a share link too: a browser of its own opening it has the host and both.
  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();
  const fresh = await launchChromium();
  try {
    const other = await fresh.context.newPage();
    await other.goto(link);
    await other.getByTestId('terminal-input').waitFor({ timeout: 15_000 });
    await other.locator('[data-testid=branch-list] [data-branch="2"]').waitFor({ timeout: 20_000 });
    assert.deepEqual(await branches(other), ['1', '2']);
    await run(other, 'docker volume ls -q');
    assert.doesNotMatch((await output(other)).split('docker volume ls -q').at(-1), /proyecto_datos/, 'live: after down -v');
    await other.locator('[data-testid=branch-list] [data-branch="2"] button').click();
    await other.waitForFunction(() => document.querySelector('[data-branch="2"] [aria-current=true]'), null, {
      timeout: 10_000,
    });
    await other.getByTestId('terminal-prompt').waitFor({ state: 'visible', timeout: 10_000 });
    await run(other, 'docker volume ls -q --filter name=datos');
    assert.match((await output(other)).split('--filter name=datos').at(-1), /proyecto_datos/, 'branch 2 came along');
  } finally {
    await fresh.close();
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('undo the last command, in English', async () => {
  const { page, errors } = await openPage(browser);
  await page.getByTestId('lang').click();
  await page.getByTestId('undo').filter({ hasText: 'Undo the last command' }).waitFor();
  await run(page, 'docker volume create keep');
  await run(page, 'docker volume rm keep');
  await page.getByTestId('undo').click();
  await page.locator('[data-testid=branch-list] [data-branch="2"]').waitFor({ timeout: 10_000 });
  await page.getByTestId('terminal-prompt').waitFor({ state: 'visible', timeout: 10_000 });
  await run(page, 'docker volume ls -q --filter name=keep');
  assert.match((await output(page)).split('--filter name=keep').at(-1), /keep/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('una página que incrusta Muelle puede quitar el viaje en el tiempo', async () => {
  const { page, errors, server } = await newSitePage(browser);
  await page.goto(`${server.url}?embed&timetravel=0`);
  await page.getByTestId('terminal-input').waitFor({ timeout: 10_000 });
  await page.getByTestId('timeline').waitFor();
  assert.equal(await page.getByTestId('timeline-scrubber').count(), 0);
  assert.equal(await page.getByTestId('inspector-toggle').count(), 0, 'nor the inspector');
  await page.goto(`${server.url}?embed`);
  await page.getByTestId('timeline-scrubber').waitFor({ timeout: 10_000 });
  assert.deepEqual(errors, []);
  await page.close();
});

/** Clicks the terminal's line holding `text` (where it is drawn, as a student would). */
async function clickLine(page, text) {
  const box = await page.evaluate((text) => {
    const pre = document.querySelector('[data-testid=terminal-output]');
    const node = [...pre.childNodes].find((n) => n.textContent.includes(text)) ?? pre.firstChild;
    const at = node.textContent.lastIndexOf(text);
    const range = document.createRange();
    range.setStart(node, at + 2);
    range.setEnd(node, at + 3);
    const r = range.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  }, text);
  await page.mouse.click(box.x, box.y);
}

const selectedHop = (page) => page.locator('[data-testid=inspector-event][aria-current=true]');

for (const [width, height] of [
  [1366, 768],
  [390, 844],
]) {
  test(`un ping db fallido en la bridge por defecto, abierto en el inspector (${width}×${height})`, async () => {
    const { page, errors } = await openPage(browser, { width, height });
    await run(page, 'docker run -d --name db redis', { timeout: 60_000 });
    await run(page, 'docker run --rm alpine ping -c 1 db', { timeout: 60_000 });
    assert.match(await output(page), /bad address 'db'/);
    // A click on the failure opens the inspector there, with Muelle's explanation.
    await clickLine(page, "bad address 'db'");
    await page.getByTestId('inspector').waitFor({ timeout: 10_000 });
    await selectedHop(page).waitFor({ timeout: 10_000 });
    assert.equal(await selectedHop(page).getAttribute('data-kind'), 'dns-nxdomain');
    const text = await selectedHop(page).textContent();
    assert.match(text, /NXDOMAIN db/);
    assert.match(text, /no tiene DNS/, text);
    assert.match(text, /192\.168\.1\.1/, 'the host resolver answered');
    assert.equal(await page.getByTestId('inspector-toggle').getAttribute('aria-expanded'), 'true');
    await selectedHop(page).scrollIntoViewIfNeeded();
    await screenshot(page, `inspector-${width}`);
    // One hop at a time by keyboard: the query before the answer.
    await page.locator('[data-testid=inspector] ol').focus();
    await page.keyboard.press('ArrowUp');
    await page.waitForFunction(
      () => document.querySelector('[data-testid=inspector-event][aria-current=true]')?.dataset.kind === 'dns-query',
    );
    // Filters: by kind.
    await page.getByTestId('inspector-kind').selectOption('dns-nxdomain');
    const kinds = await page
      .locator('[data-testid=inspector-event]')
      .evaluateAll((els) => [...new Set(els.map((e) => e.dataset.kind))]);
    assert.deepEqual(kinds, ['dns-nxdomain']);
    // In English, the worker words it again.
    await (await toolbarControl(page, 'lang')).click();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid=inspector-event]')].some((e) => e.textContent.includes('NXDOMAIN')),
    );
    await page.getByTestId('inspector-kind').selectOption('dns-nxdomain');
    await page.locator('[data-testid=inspector-event][data-kind=dns-nxdomain]').last().click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=inspector-event][aria-current=true]')?.textContent.includes('has no DNS'),
    );
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test('un paquete fallido en el grafo abre el inspector en ese fallo', async () => {
  const { page, errors } = await openPage(browser, { width: 1366, height: 768 });
  // Nothing travels with reduced motion: the failure's marker is drawn at once, for a few seconds.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await run(page, 'docker run -d --name db redis', { timeout: 60_000 });
  // From a container that stays: the packet is drawn from its node (a `--rm` one is gone).
  await run(page, 'docker run -d --name cli alpine sleep 1000', { timeout: 60_000 });
  await page.locator('[data-node="container:cli"][data-state="running"]').waitFor({ timeout: 10_000 });
  await run(page, 'docker exec cli ping -c 1 db', { timeout: 60_000 });
  const stop = page.locator('[data-testid=packet-stop]').last();
  await stop.waitFor({ timeout: 10_000 });
  assert.equal(await stop.getAttribute('data-clue'), 'packet:db');
  // The layer redraws its packets every few frames: click where the marker is, not the element.
  await stop.click({ force: true });
  await page.getByTestId('inspector').waitFor({ timeout: 10_000 });
  await selectedHop(page).waitFor({ timeout: 10_000 });
  assert.equal(await selectedHop(page).getAttribute('data-kind'), 'dns-nxdomain');
  assert.match(await selectedHop(page).textContent(), /NXDOMAIN db/);
  assert.equal(await page.getByTestId('inspector-toggle').getAttribute('aria-expanded'), 'true');
  await selectedHop(page).scrollIntoViewIfNeeded();
  await screenshot(page, 'inspector-desde-grafo');
  assert.deepEqual(errors, []);
  await page.close();
});

test('comparar dos ramas: el volumen y dónde se separan', async () => {
  const { page, errors } = await openPage(browser, { width: 1366, height: 768 });
  await run(page, 'docker volume create datos');
  await run(page, 'docker volume rm datos');
  await page.getByTestId('undo').click();
  await page.locator('[data-testid=branch-list] [data-branch="2"]').waitFor({ timeout: 10_000 });
  await page.getByTestId('terminal-prompt').waitFor({ state: 'visible', timeout: 10_000 });
  await page.getByTestId('compare-toggle').click();
  await page.getByTestId('compare').waitFor();
  assert.equal(await page.getByTestId('compare-a').inputValue(), '1');
  assert.equal(await page.getByTestId('compare-b').inputValue(), '2');
  await page.getByTestId('compare-go').click();
  const volume = page.locator('[data-testid=compare-row][data-aspect=volume]');
  await volume.waitFor({ timeout: 15_000 });
  assert.match(await volume.textContent(), /datos/);
  const diverge = await page.getByTestId('compare-diverge').textContent();
  assert.match(diverge, /docker volume rm datos/, diverge);
  await screenshot(page, 'comparar-ramas');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId('compare').scrollIntoViewIfNeeded();
  await screenshot(page, 'comparar-ramas-390');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a teacher opens a replay link: read-only, from the start, with the inspector', async () => {
  const { page, errors, server } = await openPage(browser, { width: 1366, height: 768 });
  await run(page, 'docker run -d --name db redis', { timeout: 60_000 });
  await run(page, 'docker run --rm alpine ping -c 1 db', { timeout: 60_000 });
  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();
  const fragment = link.slice(link.indexOf('#'));
  const player = await browser.context.newPage();
  const perrors = [];
  player.on('pageerror', (e) => perrors.push(e.message));
  await player.setViewportSize({ width: 1366, height: 768 });
  await player.goto(`${server.url}?player${fragment}`);
  await player.getByTestId('player').waitFor({ timeout: 20_000 });
  await player.waitForFunction(() => document.querySelector('[data-viewing]')?.dataset.viewing === 'past', null, {
    timeout: 20_000,
  });
  const scrubber = player.getByTestId('timeline-scrubber');
  assert.equal(await scrubber.getAttribute('aria-valuenow'), '0', 'from the start');
  assert.notEqual(await player.getByTestId('terminal-input').getAttribute('readonly'), null, 'cannot type');
  assert.equal(await player.getByTestId('time-live').count(), 0);
  assert.equal(await player.getByTestId('branch-here').count(), 0);
  // End: the session's last moment, still in the past.
  await scrubber.focus();
  await scrubber.press('End');
  await player.waitForFunction(() => {
    const s = document.querySelector('[data-testid=timeline-scrubber]');
    return s.getAttribute('aria-valuenow') === s.getAttribute('aria-valuemax') && s.dataset.shownAt === s.getAttribute('aria-valuenow');
  }, null, { timeout: 20_000 });
  assert.equal(await viewing(player), 'past');
  assert.match(await output(player), /bad address 'db'/);
  await player.getByTestId('inspector-toggle').click();
  await player.locator('[data-testid=inspector-event][data-kind=dns-nxdomain]').first().waitFor({ timeout: 10_000 });
  // A step back by keyboard, and the inspector follows the moment shown.
  await scrubber.press('Home');
  await player.waitForFunction(() => document.querySelector('[data-testid=timeline-scrubber]')?.getAttribute('aria-valuenow') === '0');
  await player.waitForFunction(() => !document.querySelector('[data-testid=inspector-event][data-kind=dns-nxdomain]'), null, {
    timeout: 10_000,
  });
  await screenshot(player, 'reproductor');
  assert.deepEqual(perrors, []);
  assert.deepEqual(errors, []);
  await player.close();
  await page.close();
});
