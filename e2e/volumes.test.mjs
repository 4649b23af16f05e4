// Volumes in the graph (issue 14, point 6): a compose stack with a named volume mounted twice by
// one service and once by another, and a bind mount of the project's folder. Every mount is an
// edge of its own labelled with its path in the container, the bind mount comes from a host
// folder's node, names are whole on hover and focus, and «Ampliar» gives the graph room enough to
// read after «Encajar» at 1366×768 (remembered after a reload; Esc gives the room back). The
// toolbar keeps one row from 1024 to 1366 px. Screenshots at 1366×768, 1024×700 and 390×844.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, openPage, run, screenshot } from './harness.mjs';

const AXE = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'muelle', 'tools', 'node_modules', 'axe-core', 'axe.min.js');

let browser;

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

const COMPOSE =
  "mkdir -p html && printf 'services:\\n  web:\\n    image: nginx\\n    volumes:\\n      - datos:/datos\\n      - datos:/copia:ro\\n      - ./html:/usr/share/nginx/html\\n  almacen-de-datos-largo:\\n    image: redis\\n    volumes:\\n      - datos:/data\\nvolumes:\\n  datos:\\n' > compose.yaml";

/** The mounts drawn: `[from, to, target, label]`, in drawing order. */
const mounts = (page) =>
  page.locator('g.mount').evaluateAll((gs) =>
    gs.map((g) => [g.dataset.from, g.dataset.to, g.dataset.target, g.querySelector('.edge-label').textContent]),
  );

/** The screen height (px) of the smallest text in the graph. */
const smallestText = (page) =>
  page.getByTestId('topology').evaluate((svg) => {
    const scale = svg.getBoundingClientRect().width / Number(svg.getAttribute('viewBox').split(' ')[2]);
    const sizes = [...svg.querySelectorAll('.edge-label, .topo-name, .topo-vol text')].map(
      (t) => parseFloat(getComputedStyle(t).fontSize) * scale,
    );
    return Math.min(...sizes);
  });

test('cada montaje es una arista con su ruta; el bind sale de una carpeta del host; «Ampliar» se lee', async () => {
  const { page, errors } = await openPage(browser, { width: 1366, height: 768 });
  await run(page, COMPOSE);
  await run(page, 'docker compose up -d');
  await page.locator('[data-node="container:proyecto-web-1"][data-state="running"]').waitFor({ timeout: 15_000 });
  await page.locator('[data-node="container:proyecto-almacen-de-datos-largo-1"][data-state="running"]').waitFor();

  // One edge per mount, each labelled with its path; the named volume is drawn once.
  const drawn = await mounts(page);
  const key = (m) => m.slice(0, 3).join(' ');
  const folder = await page.locator('[data-node^="bind:"]').getAttribute('data-node');
  assert.match(folder, /^bind:\/.*\/html$/, 'the bind mount comes from the project folder on the host');
  const want = [
    ['container:proyecto-web-1', 'volume:proyecto_datos', '/datos'],
    ['container:proyecto-web-1', 'volume:proyecto_datos', '/copia (ro)'],
    ['container:proyecto-web-1', folder, '/usr/share/nginx/html'],
    ['container:proyecto-almacen-de-datos-largo-1', 'volume:proyecto_datos', '/data'],
  ];
  assert.deepEqual(drawn.map(key).sort(), want.map((m) => m.join(' ')).sort(), JSON.stringify(drawn));
  for (const [, , target, label] of drawn) assert.equal(label, target, 'the whole path is written');
  assert.equal(await page.locator('[data-node="volume:proyecto_datos"]').count(), 1);
  // The three mounts of `datos` enter it at three different places.
  const ends = await page.locator('g.mount[data-to="volume:proyecto_datos"] path').evaluateAll((ps) =>
    ps.map((p) => p.getAttribute('d').split(' L').pop()),
  );
  assert.equal(new Set(ends).size, 3, `separate entries: ${ends}`);

  // Whole names on hover (title) and focus (aria-label), though the node's text is cut.
  const ct = page.locator('[data-node="container:proyecto-almacen-de-datos-largo-1"]');
  assert.match(await ct.locator('title').textContent(), /^proyecto-almacen-de-datos-largo-1 /);
  const bind = page.locator('[data-node^="bind:"]');
  assert.equal(await bind.getAttribute('tabindex'), '0');
  assert.equal(await bind.getAttribute('aria-label'), `Carpeta del host: ${folder.slice(5)}`);
  await bind.focus();
  assert.equal(await page.evaluate(() => document.activeElement.dataset.node), folder, 'the folder takes the focus');
  await screenshot(page, 'volumenes-1366');

  // «Ampliar» by keyboard: the graph gets the workspace, and after «Encajar» its text stays readable.
  const panel = page.locator('section.topology');
  const small = await panel.boundingBox();
  await page.getByTestId('graph-wide').focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.getByTestId('graph-wide').getAttribute('aria-pressed'), 'true');
  await page.waitForTimeout(300);
  const big = await panel.boundingBox();
  assert.ok(big.width > 2.5 * small.width && big.height > 1.6 * small.height, `${JSON.stringify(small)} → ${JSON.stringify(big)}`);
  await page.getByTestId('zoom-fit').click();
  const smallest = await smallestText(page);
  assert.ok(smallest >= 11, `the smallest text after fit is ${smallest.toFixed(1)} px`);
  // Beside the bands, each label has its own line: none overlaps another.
  const boxes = await page.locator('.edge-label').evaluateAll((ts) => ts.map((t) => t.getBoundingClientRect().toJSON()));
  for (const [i, a] of boxes.entries()) {
    for (const b of boxes.slice(i + 1)) {
      const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
      assert.ok(apart, `labels overlap: ${JSON.stringify(a)} ${JSON.stringify(b)}`);
    }
  }
  await screenshot(page, 'volumenes-1366-ampliado');

  if (existsSync(AXE)) {
    await page.addScriptTag({ content: readFileSync(AXE, 'utf8') });
    const found = await page.evaluate(async () => {
      // The graph and the toolbar (what this test changes).
      const r = await window.axe.run(
        { include: [['section.topology'], ['header.toolbar']] },
        { resultTypes: ['violations'] },
      );
      return r.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
    });
    assert.deepEqual(found, [], 'axe-core finds serious violations with the graph enlarged');
  }

  // Remembered after a reload; Esc gives the panel its place back.
  // What it covers is hidden meanwhile (nothing out of sight takes the focus).
  await page.reload();
  await page.locator('[data-testid="graph-wide"][aria-pressed="true"]').waitFor({ timeout: 15_000 });
  assert.equal(await page.getByTestId('terminal-input').isVisible(), false, 'the terminal is covered');
  await page.locator('.topology-scroll').focus();
  await page.keyboard.press('Escape');
  assert.equal(await page.getByTestId('graph-wide').getAttribute('aria-pressed'), 'false');
  await page.getByTestId('terminal-input').waitFor();

  // Narrower windows: the labels are still whole and the toolbar keeps one row.
  for (const [width, height, name] of [
    [1024, 700, 'volumenes-1024'],
    [390, 844, 'volumenes-movil'],
  ]) {
    await page.setViewportSize({ width, height });
    await page.locator('[data-node="volume:proyecto_datos"]').waitFor();
    await page.waitForTimeout(300);
    const labels = (await mounts(page)).map((m) => m[3]);
    assert.ok(labels.includes('/usr/share/nginx/html'), `${width}: ${labels}`);
    await screenshot(page, name);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('la barra de herramientas ocupa una fila de 1024 a 1366 px', async () => {
  const { page, errors } = await openPage(browser, { width: 1366, height: 768 });
  for (const width of [1366, 1280, 1100, 1024]) {
    await page.setViewportSize({ width, height: 700 });
    await page.waitForTimeout(100);
    const tops = await page
      .locator('.toolbar > *, .toolbar .controls > *, .toolbar .toolbar-more > *')
      .evaluateAll((els) =>
        els
          .filter((e) => getComputedStyle(e).display !== 'contents' && e.getBoundingClientRect().height > 0)
          .map((e) => Math.round(e.getBoundingClientRect().top)),
      );
    const rows = new Set(tops.map((t) => Math.round(t / 20)));
    const height = (await page.locator('.toolbar').boundingBox()).height;
    assert.ok(height < 56, `${width}: the toolbar is ${height} px tall (${[...rows]})`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});
