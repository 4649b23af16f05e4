// Validation as you type in the editor, and sharing the workspace through a link. Each test opens
// the built page in Chromium; screenshots land in screenshots/.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIST, launchChromium, savedItem, screenshot, serveDir, toolbarControl, tutorialCompose, waitSaved } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await serveDir(DIST);
  browser = await launchChromium();
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function openPage(url = server.url, { onDialog = null } = {}) {
  const page = await browser.context.newPage();
  if (onDialog) page.on('dialog', onDialog);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(url);
  await page.getByTestId('terminal-input').waitFor({ timeout: 10_000 });
  return page;
}

async function run(page, line) {
  const input = page.getByTestId('terminal-input');
  await input.fill(line);
  await input.press('Enter');
  await page.getByTestId('terminal-prompt').waitFor({ state: 'visible', timeout: 30_000 });
}

/** Waits for the editor's verdict to read `want`. */
async function verdict(page, want) {
  await page.waitForFunction(
    (w) => document.querySelector('[data-testid=editor-check]')?.textContent === w,
    want,
    { timeout: 5_000 },
  );
}

test('el editor marca un error de Compose en su línea mientras se escribe', async () => {
  const page = await openPage();
  await verdict(page, '✔ válido');
  const editor = page.getByTestId('editor');
  await editor.fill('services:\n  web:\n    image: nginx\n    portz:\n      - "8080:80"\n');
  await verdict(page, '1 error');
  const mark = page.locator('.mark-msg[data-line="4"]');
  assert.equal(await mark.count(), 1, 'the message sits beside line 4');
  assert.match(await mark.textContent(), /portz/);
  assert.equal(await page.locator('.mark-line.err').count(), 1);
  const item = page.locator('[data-testid=editor-problem][data-line="4"]');
  assert.match(await item.textContent(), /línea 4/);
  assert.match(await item.locator('.docker-says').textContent(), /portz/, "Docker's own text is shown");
  await screenshot(page, 'editor-validacion');

  // Two errors, then fixed again.
  await editor.fill('services:\n  web:\n    image: nginx\n    portz: []\n  db:\n    imagen: postgres\n');
  await verdict(page, '2 errores');
  await editor.fill('services:\n  web:\n    image: nginx\n');
  await verdict(page, '✔ válido');
  assert.equal(await page.locator('.mark-line').count(), 0);

  // A 200-service file: time validation + redraw per keystroke (the page writes data-check-ms).
  const big =
    'services:\n' +
    Array.from(
      { length: 200 },
      (_, i) =>
        `  svc${i}:\n    image: nginx:1.27\n    environment:\n      - N=${i}\n    ports:\n      - "${10000 + i}:80"\n` +
        `    depends_on:\n      - svc${i === 0 ? 1 : 0}\n`,
    ).join('');
  await editor.fill(big);
  await verdict(page, '✔ válido');
  const times = [];
  for (let i = 0; i < 6; i++) {
    await page.evaluate(() => document.querySelector('.editor').removeAttribute('data-check-ms'));
    await editor.press('End');
    await editor.type(i % 2 ? '#' : ' ');
    await page.waitForFunction(() => document.querySelector('.editor').hasAttribute('data-check-ms'), null, {
      timeout: 5_000,
    });
    times.push(Number(await page.locator('.editor').getAttribute('data-check-ms')));
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`200 services (${big.length} bytes): validate + redraw ${times.join(', ')} ms (median ${median})`);
  assert.ok(median < 50, `validation + redraw of 200 services took ${median} ms`);
  await page.close();
});

test('un enlace compartido abre el mismo espacio de trabajo en otra página', async () => {
  const page = await openPage();
  await run(page, 'echo "desde el enlace" > nota.txt');
  await run(page, 'mkdir -p conf && echo "A=1" > conf/app.env');
  // The Docker host travels too (its journal, replayed on opening).
  await run(page, 'docker network create red && docker run -d --name compartido --network red nginx');
  await page.getByTestId('lang').click();
  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();
  assert.match(link, /#w=[A-Za-z0-9_-]+$/);
  const copied = await page.evaluate(() => navigator.clipboard.readText()).catch(() => link);
  assert.equal(copied, link, 'the link is on the clipboard');
  const files = await waitSaved(page, 'muelle.files', (f) => f?.includes('conf/app.env'));
  console.log(`share link: ${link.length} characters (${files.length} bytes of files in storage)`);
  await screenshot(page, 'compartir-enlace');

  // Change things afterwards, so the other page can only get them from the link.
  await page.getByTestId('lang').click();
  await run(page, 'rm nota.txt');
  await waitSaved(page, 'muelle.files', (f) => f !== null && !f.includes('nota.txt'));

  // This origin has saved edited work (the page above), so opening the link asks first and keeps
  // that work aside (see persistence.test.mjs).
  const asked = [];
  const other = await openPage(link, {
    onDialog: (d) => {
      asked.push(d.message());
      d.accept();
    },
  });
  assert.equal(asked.length, 1);
  assert.match(asked[0], /sustituye tus archivos/);
  assert.equal(await other.locator('html').getAttribute('lang'), 'en', 'the language travels with the link');
  assert.equal(new URL(other.url()).hash, '', 'the fragment is cleared once read');
  const cat = async (p) => {
    await run(other, `cat ${p}`);
    return other.getByTestId('terminal-output').textContent();
  };
  assert.match(await cat('nota.txt'), /desde el enlace/);
  assert.match(await cat('conf/app.env'), /A=1/);
  // The same containers and networks as the sender's, running.
  await other.locator('[data-node="container:compartido"]').waitFor({ timeout: 10_000 });
  await run(other, 'docker ps --format "{{.Names}} {{.Status}} {{.Networks}}"');
  assert.match(await other.getByTestId('terminal-output').textContent(), /compartido Up .* red/);
  assert.match(await other.getByTestId('editor').inputValue(), /services:/);
  // The history came along: ArrowUp on a fresh prompt walks back through the shared commands.
  // (Above the commands typed here since: the three `cat`s and `docker ps`, then the sender's.)
  const input = other.getByTestId('terminal-input');
  await input.fill('');
  const walked = [];
  for (let i = 0; i < 8 && !/mkdir -p conf/.test(walked.at(-1) ?? ''); i++) {
    await input.press('ArrowUp');
    walked.push(await input.inputValue());
  }
  assert.match(walked.at(-1), /mkdir -p conf/, walked.join(' | '));
  assert.ok(walked.some((l) => /docker run -d --name compartido/.test(l)), 'the sender\'s last command is there');
  await other.close();
  await page.close();
});

test('exportar e importar el espacio de trabajo como JSON', async () => {
  const page = await openPage();
  await run(page, 'echo exportado > exportado.txt');
  const [download] = await Promise.all([page.waitForEvent('download'), (await toolbarControl(page, 'export')).click()]);
  const json = JSON.parse(await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString()));
  assert.equal(json.muelle, 1);
  assert.match(json.journal, /exportado/, 'the host travels as its journal');
  assert.ok(json.files.some((f) => f.path === 'exportado.txt' && f.content === 'exportado\n'));
  json.files.push({ path: 'importado.txt', content: 'importado\n' });
  // Importing over edited files asks first (they are kept aside: see persistence.test.mjs).
  page.once('dialog', (d) => d.accept());
  await page.getByTestId('import').setInputFiles({
    name: 'muelle.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(json)),
  });
  await page.waitForFunction(() => document.querySelector('.files')?.textContent.includes('importado.txt'), null, {
    timeout: 5_000,
  });
  await run(page, 'cat importado.txt');
  assert.match(await page.getByTestId('terminal-output').textContent(), /importado/);
  // The import says what it opened: the files, and the host rebuilt from the journal.
  // (In the language the earlier test left the page in.)
  assert.match(
    await page.getByTestId('import-note').textContent(),
    /Importado: \d+ archivos y el anfitrión de Docker, reconstruido repitiendo \d+ entradas|Imported: \d+ files and the Docker host, rebuilt by replaying \d+ inputs/,
  );
  await page.getByTestId('import').setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{') });
  await page.getByTestId('import-error').waitFor({ timeout: 5_000 });
  await page.close();
});

test('los TAB del tutorial se ven en el editor y un botón los cambia por espacios', async () => {
  // An origin of its own: nothing the other tests saved is opened instead of the compose file.
  const own = await serveDir(DIST);
  const page = await openPage(own.url);
  const yaml = tutorialCompose();
  assert.ok(yaml.includes('\t'), 'the tutorial example has its TABs');
  await page.evaluate((t) => {
    const ta = document.querySelector('[data-testid=editor]');
    ta.focus();
    ta.setRangeText(t, 0, ta.value.length, 'end');
    ta.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  }, yaml);
  // One error per indentation with a TAB (this file has no other error).
  const tabbed = yaml.split('\n').filter((l) => /^[ \t]*\t/.test(l)).length;
  assert.ok(tabbed > 1, 'the tutorial example has several TABs');
  await verdict(page, `${tabbed} errores`);
  // The first TAB is where the problem says, and every TAB in view is drawn as one.
  const first = yaml.split('\n').findIndex((l) => l.includes('\t')) + 1;
  assert.equal(await page.getByTestId('editor-problem').first().getAttribute('data-line'), String(first));
  const drawn = await page.locator('.code-hl .hl-tab').count();
  assert.equal(drawn, (yaml.match(/\t/g) ?? []).length);
  await screenshot(page, 'editor-tabs');
  await page.getByTestId('editor-fix-tabs').click();
  const fixed = await page.getByTestId('editor').inputValue();
  assert.ok(!fixed.includes('\t'), JSON.stringify(fixed));
  assert.match(fixed, /\n {6}build: \n {8}context: \.\/main_app\n {6}entrypoint: \/code\/main\.py\n/);
  assert.equal(await page.locator('.code-hl .hl-tab').count(), 0);
  // What is left is Compose's own complaint about `version: 3`, not the TABs.
  await page.waitForFunction(() => document.querySelector('[data-testid=editor-problem]')?.dataset.line === '1', null, { timeout: 5_000 });
  assert.equal(await page.getByTestId('editor-fix-tabs').count(), 0);
  await waitSaved(page, 'muelle.files', (v) => v.includes('        context: ./main_app'));
  await page.close();
  await own.close();
});
