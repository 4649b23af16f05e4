// Nothing a student does loses their work (issue 17): saving in IndexedDB and saying when it
// fails, two tabs agreeing on which one saves, share links and imports that ask and keep the
// previous work, and a page that survives a simulator failure (app/src/store.rs, leader.rs,
// recover.rs, guard.rs, boot.rs). Each test runs on a fresh origin (empty storage).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, newSitePage, run, savedItem, screenshot, waitSaved } from './harness.mjs';

let browser;

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

/** Opens (or reloads) `page` at `url` and waits for the terminal. */
async function open(page, url) {
  await page.goto(url);
  await page.getByTestId('terminal-input').waitFor({ timeout: 20_000 });
}

async function reload(page) {
  await page.reload();
  await page.getByTestId('terminal-input').waitFor({ timeout: 30_000 });
}

/** What `cat path` prints in the page's terminal (the whole output so far). */
async function cat(page, path) {
  await run(page, `cat ${path}`);
  return page.getByTestId('terminal-output').textContent();
}

/** Screenshots of `page` on a laptop and on a phone. */
async function shots(page, name) {
  await page.setViewportSize({ width: 1366, height: 768 });
  await screenshot(page, `${name}-1366`);
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `${name}-movil`);
  await page.setViewportSize({ width: 1366, height: 768 });
}

test('con el almacenamiento lleno la página lo dice y no dice «guardado»; al haber sitio, guarda', async () => {
  const { page, server } = await newSitePage(browser);
  // A full quota: IndexedDB refuses the project's files while window.__full is set.
  await page.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (value, key) {
      if (window.__full && key === 'muelle.files') {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return put.call(this, value, key);
    };
  });
  await open(page, server.url);
  await waitSaved(page, 'muelle.files', (f) => f?.includes('compose.yaml'));
  assert.equal(await page.getByTestId('editor-saved').isVisible(), true, '"guardado" while it is true');
  await page.evaluate(() => (window.__full = true));
  await run(page, 'echo "no se pierde" > nota.txt');
  const alert = page.getByTestId('save-failed');
  await alert.waitFor({ timeout: 5_000 });
  assert.match(await alert.textContent(), /almacenamiento del navegador está lleno/);
  assert.equal(await page.getByTestId('editor-saved').isVisible(), false, 'never "guardado" while nothing is saved');
  assert.equal(await savedItem(page, 'muelle.files').then((f) => f.includes('nota.txt')), false);
  await shots(page, 'guardar-fallido');
  // Space again: the next save writes the files and the message goes.
  await page.evaluate(() => (window.__full = false));
  await waitSaved(page, 'muelle.files', (f) => f?.includes('nota.txt'));
  await alert.waitFor({ state: 'detached', timeout: 5_000 });
  assert.equal(await page.getByTestId('editor-saved').isVisible(), true);
  await reload(page);
  assert.match(await cat(page, 'nota.txt'), /no se pierde/);
  await page.close();
});

test('un espacio de trabajo de 20 MB sobrevive a una recarga', async () => {
  const { page, server } = await newSitePage(browser);
  await open(page, server.url);
  const size = 5 * 1024 * 1024 + 123;
  const files = [0, 1, 2, 3].map((i) => ({ path: `datos/${i}.txt`, content: String(i).repeat(size - 1) + '\n' }));
  files.push({ path: 'compose.yaml', content: 'services:\n  web:\n    image: nginx\n' });
  const json = { muelle: 1, lang: 'es', seed: 1, files, history: ['ls datos'] };
  await page.getByTestId('import').setInputFiles({
    name: 'grande.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(json)),
  });
  const saved = await waitSaved(page, 'muelle.files', (n) => n > 20_000_000, { length: true, timeout: 30_000 });
  console.log(`saved files: ${saved} characters in IndexedDB`);
  await reload(page);
  await run(page, 'wc -c datos/0.txt');
  await run(page, 'wc -c datos/3.txt');
  const out = await page.getByTestId('terminal-output').textContent();
  assert.match(out, new RegExp(`${size} datos/0\\.txt`));
  assert.match(out, new RegExp(`${size} datos/3\\.txt`));
  assert.match(await cat(page, 'compose.yaml'), /image: nginx/);
  await page.close();
});

test('dos pestañas: la nueva guarda, la otra lo dice y puede tomar el relevo; nada se pisa en silencio', async () => {
  const { page: first, server } = await newSitePage(browser);
  await open(first, server.url);
  await run(first, 'echo primera > primera.txt');
  await waitSaved(first, 'muelle.files', (f) => f?.includes('primera.txt'));
  const second = await browser.context.newPage();
  await second.setViewportSize({ width: 1366, height: 768 });
  await open(second, server.url);
  const readOnly = first.getByTestId('read-only');
  await readOnly.waitFor({ timeout: 5_000 });
  assert.match(await readOnly.textContent(), /abierto en otra pestaña/);
  assert.equal(await second.getByTestId('read-only').count(), 0, 'the newest tab saves');
  assert.equal(await first.getByTestId('editor-saved').isVisible(), false);
  assert.match(await cat(second, 'primera.txt'), /primera/, 'the new tab starts from what the first saved');
  await shots(first, 'dos-pestanas');

  // The first tab's work is not written while the second saves...
  await run(first, 'echo solo-en-la-primera > x1.txt');
  await run(second, 'echo segunda > y2.txt');
  await waitSaved(second, 'muelle.files', (f) => f?.includes('y2.txt'));
  await first.waitForTimeout(1_500);
  assert.equal((await savedItem(second, 'muelle.files')).includes('x1.txt'), false);

  // ... until the student chooses to save from it: then the other one says so.
  await first.getByTestId('take-over').click();
  await readOnly.waitFor({ state: 'detached', timeout: 5_000 });
  await second.getByTestId('read-only').waitFor({ timeout: 5_000 });
  await waitSaved(first, 'muelle.files', (f) => f?.includes('x1.txt'));
  await first.close();
  await second.close();
});

test('un enlace sobre trabajo editado pregunta y guarda el anterior; uno inválido dice por qué', async () => {
  // A link with other files, made on another origin.
  const { page: maker, server: other } = await newSitePage(browser);
  await open(maker, other.url);
  await run(maker, 'echo "del enlace" > enlace.txt');
  await maker.getByTestId('share').click();
  const hash = new URL(await maker.getByTestId('share-link').inputValue()).hash;
  await maker.close();

  const { page, server } = await newSitePage(browser);
  await open(page, server.url);
  await run(page, 'echo "mi trabajo" > mio.txt');
  await waitSaved(page, 'muelle.files', (f) => f?.includes('mio.txt'));

  // Declined: nothing changes.
  let asked = null;
  page.once('dialog', (d) => {
    asked = d.message();
    d.dismiss();
  });
  await page.goto('about:blank');
  await open(page, server.url + hash);
  assert.match(asked ?? '', /sustituye tus archivos/);
  assert.match(await cat(page, 'mio.txt'), /mi trabajo/);

  // Accepted: the link's files, and the previous work is kept and comes back with one click.
  page.once('dialog', (d) => d.accept());
  await page.goto('about:blank');
  await open(page, server.url + hash);
  assert.match(await cat(page, 'enlace.txt'), /del enlace/);
  const kept = page.getByTestId('previous-kept');
  await kept.waitFor({ timeout: 5_000 });
  assert.match(await savedItem(page, 'muelle.files.previous'), /mio\.txt/);
  await shots(page, 'trabajo-anterior');
  await waitSaved(page, 'muelle.files', (f) => f?.includes('enlace.txt'));
  await Promise.all([page.waitForEvent('load'), page.getByTestId('restore-previous').click()]);
  await page.getByTestId('terminal-input').waitFor({ timeout: 20_000 });
  assert.match(await cat(page, 'mio.txt'), /mi trabajo/);
  assert.match(await savedItem(page, 'muelle.files.previous'), /enlace\.txt/, 'the link work is now the previous one');

  // A damaged link: said, translated, and nothing changes.
  await page.goto('about:blank');
  await open(page, server.url + hash.slice(0, hash.length - 7));
  const bad = page.getByTestId('bad-link');
  await bad.waitFor({ timeout: 5_000 });
  assert.match(await bad.textContent(), /incompleto o dañado/);
  assert.match(await cat(page, 'mio.txt'), /mi trabajo/);
  await page.getByTestId('lang').click();
  assert.match(await bad.textContent(), /incomplete or damaged/);
  await shots(page, 'enlace-invalido');
  await page.close();
});

test('importar sobre trabajo editado pregunta y guarda el anterior', async () => {
  const { page, server } = await newSitePage(browser);
  await open(page, server.url);
  await run(page, 'echo "mi trabajo" > mio.txt');
  const json = { muelle: 1, lang: 'es', seed: 1, files: [{ path: 'importado.txt', content: 'hola\n' }], history: [] };
  const importIt = () =>
    page.getByTestId('import').setInputFiles({
      name: 'otro.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(json)),
    });
  page.once('dialog', (d) => d.dismiss());
  await importIt();
  await page.waitForTimeout(500);
  assert.match(await cat(page, 'mio.txt'), /mi trabajo/);
  page.once('dialog', (d) => d.accept());
  await importIt();
  await page.getByTestId('previous-kept').waitFor({ timeout: 5_000 });
  assert.match(await savedItem(page, 'muelle.files.previous'), /mio\.txt/);
  await page.close();
});

test('un fallo del simulador muestra el aviso, conserva los archivos y se puede reiniciar', async () => {
  const { page, server } = await newSitePage(browser);
  await page.addInitScript(() => (window.__muelleTestHooks = true));
  await open(page, server.url);
  await run(page, 'echo "a salvo" > guardado.txt');
  await waitSaved(page, 'muelle.files', (f) => f?.includes('guardado.txt'));
  const overlay = page.getByTestId('crash');
  assert.equal(await overlay.isVisible(), false);
  await page.evaluate(() => window.muelleTest.panic()).catch(() => {});
  await overlay.waitFor({ state: 'visible', timeout: 5_000 });
  assert.match(await overlay.textContent(), /El simulador ha fallado.*archivos están guardados/s);
  assert.match(await page.evaluate(() => localStorage.getItem('muelle.crash')), /muelleTest\.panic/);
  await shots(page, 'fallo-simulador');
  await Promise.all([page.waitForEvent('load'), page.getByTestId('crash-restart').click()]);
  await page.getByTestId('terminal-input').waitFor({ timeout: 20_000 });
  assert.equal(new URL(page.url()).search, '', 'the restart parameter is removed');
  assert.match(await cat(page, 'guardado.txt'), /a salvo/);
  await page.getByTestId('journal-aside').waitFor({ timeout: 5_000 });
  assert.equal(await overlay.isVisible(), false);
  await page.close();
});

test('un error de la wasm que no pasa por el gancho de pánico también muestra el aviso', async () => {
  const { page, server } = await newSitePage(browser);
  await open(page, server.url);
  await page.evaluate(() => {
    setTimeout(() => {
      throw new RangeError('Maximum call stack size exceeded');
    });
  });
  await page.getByTestId('crash').waitFor({ state: 'visible', timeout: 5_000 });
  await page.close();
});

test('una sesión guardada que tumba la página al repetirse se aparta en la carga siguiente', async () => {
  const { page, server } = await newSitePage(browser);
  // The test's hook: the replay of the next load panics (once).
  await page.addInitScript(() => {
    if (localStorage.getItem('e2e.replay-panic')) {
      localStorage.removeItem('e2e.replay-panic');
      window.__muelleTestHooks = 'replay-panic';
    }
  });
  await open(page, server.url);
  await run(page, 'echo "sigo aquí" > x.txt');
  await run(page, 'docker network create aula');
  await waitSaved(page, 'muelle.journal', (j) => j?.includes('aula'));
  await waitSaved(page, 'muelle.files', (f) => f?.includes('x.txt'));
  await page.evaluate(() => localStorage.setItem('e2e.replay-panic', '1'));
  await page.reload();
  await page.getByTestId('crash').waitFor({ state: 'visible', timeout: 20_000 });
  assert.equal(await page.evaluate(() => localStorage.getItem('muelle.replaying')), '1');

  // A plain reload: the marker is still set, so the journal is set aside, not replayed again.
  await reload(page);
  const aside = page.getByTestId('journal-aside');
  await aside.waitFor({ timeout: 5_000 });
  assert.match(await aside.textContent(), /bloqueó la página/);
  assert.equal(await page.evaluate(() => localStorage.getItem('muelle.replaying')), null);
  assert.match(await cat(page, 'x.txt'), /sigo aquí/);
  assert.match(await savedItem(page, 'muelle.journal.aside'), /aula/);
  await shots(page, 'sesion-apartada');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-aside').click()]);
  const text = Buffer.concat(await (await download.createReadStream()).toArray()).toString();
  assert.match(text, /aula/);
  // The next reload replays normally (the new session) and says nothing more.
  await run(page, 'echo otra > y.txt');
  await waitSaved(page, 'muelle.journal', (j) => j?.includes('y.txt'));
  await reload(page);
  assert.equal(await page.getByTestId('journal-aside').count(), 0);
  assert.match(await cat(page, 'y.txt'), /otra/);
  await page.close();
});

test('lo que una versión anterior guardó en localStorage pasa a IndexedDB', async () => {
  const { page, server } = await newSitePage(browser);
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('e2e.seeded')) {
      sessionStorage.setItem('e2e.seeded', '1');
      localStorage.setItem('muelle.files', 'muelle1\n9:viejo.txt5:viejo');
    }
  });
  await open(page, server.url);
  assert.match(await cat(page, 'viejo.txt'), /viejo/);
  await waitSaved(page, 'muelle.files', (f) => f?.includes('viejo.txt'));
  await page.waitForFunction(() => localStorage.getItem('muelle.files') === null, null, { timeout: 5_000 });
  await reload(page);
  assert.match(await cat(page, 'viejo.txt'), /viejo/);
  await page.close();
});
