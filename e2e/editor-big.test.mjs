// Big files in the editor and file names no entry point accepts (issue 17, points 6 and 7).
// - 1 MB pasted: the DOM keeps a window of lines (not one node per token of the file), typing
//   still edits the right place, scrolling shows the right lines beside the right numbers;
// - 10 MB pasted: refused at once with a message, the text unchanged;
// - bad names (`\`, `:`, Windows' device names…) refused by the new-file form, a share link, an
//   import and an embedding page's `load-workspace`, each with the file and the character;
//   the zip export never carries them.
// Timing lives in `cargo xtask bench page`, not here. Screenshots land in screenshots/.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, launchChromium, openPage, run, screenshot, serveDir, toolbarControl } from './harness.mjs';

let browser;

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

/** About `bytes` of YAML, one numbered key per line: line n (1-based) is `  clave{n-2}: …`. */
function bigYaml(bytes) {
  const lines = ['grande:'];
  let size = 7;
  for (let i = 0; size < bytes; i++) {
    const l = `  clave${i}: "valor ${i}" # comentario ${i}`;
    lines.push(l);
    size += l.length + 1;
  }
  return lines.join('\n') + '\n';
}

/** Creates `name` with the file form and opens it. */
async function newFile(page, name) {
  await page.getByTestId('file-new').click();
  await page.getByTestId('file-name').fill(name);
  await page.getByTestId('file-ok').click();
}

/** Pastes `text` into the editor as the browser would (a paste event the page may refuse). */
async function paste(page, text) {
  return page.evaluate((t) => {
    const ta = document.querySelector('[data-testid=editor]');
    ta.focus();
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    const ev = new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true });
    const accepted = ta.dispatchEvent(ev);
    if (accepted) {
      // A synthetic paste inserts nothing by itself: do what the browser does when not refused.
      ta.setRangeText(t, ta.selectionStart, ta.selectionEnd, 'end');
      ta.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
    }
    return accepted;
  }, text);
}

const domSize = (page) => page.evaluate(() => document.querySelectorAll('.editor *').length);

/** Where line `i` (0-based) of the coloured layer is drawn, against where the textarea has it. */
async function lineOffset(page, i) {
  return page.evaluate(([i, want]) => {
    const ta = document.querySelector('[data-testid=editor]');
    const hl = document.querySelector('.code-hl');
    // The key is coloured: its own text node.
    const walker = document.createTreeWalker(hl, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.textContent !== want) continue;
      const r = document.createRange();
      r.selectNodeContents(n);
      const got = r.getBoundingClientRect().top;
      const pad = parseFloat(getComputedStyle(ta).paddingTop);
      const lh = parseFloat(getComputedStyle(ta).lineHeight);
      // The textarea holds lines `first…` of the file (a window of it, for a big file).
      const first = Number((ta.dataset.window ?? '0').split(' ')[0]);
      const expected = ta.getBoundingClientRect().top + pad + (i - first) * lh - ta.scrollTop;
      // The gutter's number for that line sits at the same height.
      const g = document.querySelector('.gutter');
      const gw = document.createTreeWalker(g, NodeFilter.SHOW_TEXT);
      let numberTop = null;
      for (let m = gw.nextNode(); m; m = gw.nextNode()) {
        const k = m.textContent.split('\n').indexOf(String(i + 1));
        if (k < 0) continue;
        const off = m.textContent.split('\n').slice(0, k).join('\n').length + (k ? 1 : 0);
        const gr = document.createRange();
        gr.setStart(m, off);
        gr.setEnd(m, off + String(i + 1).length);
        numberTop = gr.getBoundingClientRect().top;
      }
      return { got, expected, numberTop, lh };
    }
    return null;
  }, [i, i === 0 ? 'grande' : `clave${i - 1}`]);
}

test('un archivo de 1 MB: pocas líneas en el DOM, se escribe en su sitio y al desplazarse se ven las líneas correctas', async () => {
  const { page, errors } = await openPage(browser, { width: 1366, height: 768 });
  await newFile(page, 'grande.yaml');
  await page.locator('.file-name', { hasText: 'grande.yaml' }).waitFor();
  const yaml = bigYaml(1024 * 1024);
  const lines = yaml.split('\n').length;
  assert.ok(await paste(page, yaml), 'a 1 MB paste is accepted');
  await page.waitForFunction((n) => document.querySelector('.gutter')?.dataset.lines === String(n), lines);
  await page.getByTestId('editor-saved').waitFor({ timeout: 20_000 });
  const editor = page.getByTestId('editor');
  // The editor holds the whole text (its size in bytes; the file is ASCII), the textarea only
  // the lines around the view: a browser lays a textarea's whole text out on every key.
  const bytes = () => page.locator('.code-scroll').getAttribute('data-bytes').then(Number);
  assert.equal(await bytes(), yaml.length);
  const shown = await editor.inputValue();
  assert.ok(shown.startsWith('grande:\n  clave0: ') && shown.length < yaml.length / 10, `${shown.length} characters in the textarea`);
  assert.equal(await page.locator('.gutter').getAttribute('data-lines'), String(lines));
  const drawn = Number(await page.locator('.code-hl').getAttribute('data-drawn'));
  assert.ok(drawn > 20 && drawn < 200, `${drawn} lines drawn of ${lines}`);
  const nodes = await domSize(page);
  console.log(`1 MB (${lines} lines): ${drawn} lines drawn, ${nodes} elements in the editor`);
  assert.ok(nodes < 2_000, `${nodes} elements in the editor`);
  assert.equal(await page.locator('[data-testid=editor-refused]').count(), 0);

  // Unscrolled, the first line's text sits this far below its line box's top (half-leading).
  const first = await lineOffset(page, 0);
  const lead = first.got - first.expected;
  assert.ok(Math.abs(lead) < 6, `first line at ${first.got}, its box at ${first.expected}`);
  // Scroll to line 10,001: the coloured text and the number are drawn where the textarea has it.
  await page.evaluate(() => {
    const ta = document.querySelector('[data-testid=editor]');
    document.querySelector('.code-scroll').scrollTop = 10_000 * parseFloat(getComputedStyle(ta).lineHeight);
  });
  await page.waitForFunction(() => {
    const first = Number(document.querySelector('.code-hl')?.getAttribute('data-first'));
    return first > 9_000 && first <= 10_000;
  });
  await page.waitForTimeout(100);
  const at = await lineOffset(page, 10_000);
  assert.ok(at, 'line 10,001 is drawn');
  assert.ok(Math.abs(at.got - at.expected - lead) < 1.5, `coloured line at ${at.got}, textarea's at ${at.expected} + ${lead}`);
  assert.ok(Math.abs(at.numberTop - at.got) < 1.5, `number at ${at.numberTop}, line at ${at.got}`);
  assert.ok((await domSize(page)) < 2_000);
  await screenshot(page, 'editor-1mb-1366x768');

  // Type in the middle: the caret's line changes, and only it.
  const target = '  clave9999: "valor 9999"';
  await page.evaluate((t) => {
    const ta = document.querySelector('[data-testid=editor]');
    const pos = ta.value.indexOf(t) + t.length;
    if (pos < t.length) throw new Error('line 10,001 is not in the textarea');
    ta.focus({ preventScroll: true });
    ta.setSelectionRange(pos, pos);
  }, target);
  await page.keyboard.type(' X');
  await page.keyboard.press('Enter');
  await page.keyboard.type('nuevo: 1');
  const value = await editor.inputValue();
  assert.ok(value.includes(`${target} X\n  nuevo: 1 # comentario 9999\n`), value.slice(value.indexOf(target) - 10, value.indexOf(target) + 80));
  assert.equal(await bytes(), yaml.length + ' X\n  nuevo: 1'.length);
  // Saved to the simulated disk as typed.
  await page.getByTestId('editor-saved').waitFor({ timeout: 20_000 });
  await run(page, 'grep -c clave grande.yaml; grep "nuevo: 1" grande.yaml; wc -c grande.yaml');
  const out = await page.getByTestId('terminal-output').textContent();
  assert.match(out, /nuevo: 1 # comentario 9999/);
  assert.match(out, new RegExp(`\\b${lines - 2}\\b`), 'every line is still there');
  assert.match(out, new RegExp(`\\b${yaml.length + ' X\n  nuevo: 1'.length} grande\\.yaml`), 'every byte is saved');
  // The coloured layer shows the new line.
  await page.waitForFunction(() => document.querySelector('.code-hl').textContent.includes('nuevo: 1 # comentario 9999'));

  for (const [width, height] of [
    [1024, 700],
    [390, 844],
  ]) {
    await page.setViewportSize({ width, height });
    await page.locator('.panel.editor').scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    assert.ok((await domSize(page)) < 2_000);
    await screenshot(page, `editor-1mb-${width}x${height}`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('un archivo de 1 MB: deshacer, el cursor lejos de la vista, Ctrl+Fin y seleccionar todo cruzan la ventana', async () => {
  const { page, errors } = await openPage(browser, { width: 1366, height: 768 });
  await newFile(page, 'grande.yaml');
  await page.locator('.file-name', { hasText: 'grande.yaml' }).waitFor();
  const yaml = bigYaml(1024 * 1024);
  assert.ok(await paste(page, yaml));
  await page.getByTestId('editor-saved').waitFor({ timeout: 20_000 });
  const bytes = () => page.locator('.code-scroll').getAttribute('data-bytes').then(Number);
  const scrollTo = (line) =>
    page.evaluate((line) => {
      const sc = document.querySelector('.code-scroll');
      sc.scrollTop = line === 'end' ? sc.scrollHeight : line * parseFloat(getComputedStyle(sc).lineHeight);
    }, line);
  const windowOf = () => page.getByTestId('editor').getAttribute('data-window').then((w) => w.split(' ').map(Number));
  // The caret at the end of line 20,001.
  await scrollTo(20_000);
  await page.waitForFunction(() => document.querySelector('[data-testid=editor]').value.includes('clave19999:'));
  await page.evaluate(() => {
    const ta = document.querySelector('[data-testid=editor]');
    const t = '# comentario 19999';
    const pos = ta.value.indexOf(t) + t.length;
    ta.focus({ preventScroll: true });
    ta.setSelectionRange(pos, pos);
  });
  await page.keyboard.type(' uno');
  await page.keyboard.press('Enter');
  await page.keyboard.type('dos: 2');
  const typed = ' uno\n  dos: 2'.length;
  assert.equal(await bytes(), yaml.length + typed);

  // Scrolled far away, the textarea holds other lines; a key brings the caret back first.
  await scrollTo(100);
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=editor]').dataset.window.split(' ')[0]) < 1_000);
  const [far] = await windowOf();
  assert.ok(far < 1_000, `window at line ${far}`);
  await page.keyboard.type('!');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=editor]').dataset.window.split(' ')[0]) > 19_000);
  const value = await page.getByTestId('editor').inputValue();
  assert.ok(value.includes('# comentario 19999 uno\n  dos: 2!\n  clave20000:'), 'typed where the caret was');
  const view = await page.evaluate(() => {
    const sc = document.querySelector('.code-scroll');
    return sc.scrollTop / parseFloat(getComputedStyle(sc).lineHeight);
  });
  assert.ok(view > 19_900 && view < 20_100, `the view went back to the caret: line ${view}`);

  // Undo, step by step, across windows: «dos: 2!» (typed in one run), the new line, « uno».
  await scrollTo(5_000);
  await page.keyboard.press('Control+z');
  await page.waitForFunction((n) => Number(document.querySelector('.code-scroll').dataset.bytes) === n, yaml.length + ' uno\n  '.length);
  for (let i = 0; i < 2; i++) await page.keyboard.press('Control+z');
  await page.waitForFunction((n) => Number(document.querySelector('.code-scroll').dataset.bytes) === n, yaml.length);
  assert.ok((await page.getByTestId('editor').inputValue()).includes('# comentario 19999\n  clave20000:'));
  await page.keyboard.press('Control+y');
  await page.keyboard.press('Control+Shift+z');
  await page.waitForFunction((n) => Number(document.querySelector('.code-scroll').dataset.bytes) === n, yaml.length + ' uno\n  '.length);

  // Ctrl+End goes to the end of the file, not of the window.
  await scrollTo(300);
  await page.keyboard.press('Control+End');
  await page.keyboard.type('fin: 1');
  await page.getByTestId('editor-saved').waitFor({ timeout: 20_000 });
  await run(page, 'tail -c 30 grande.yaml; echo; wc -c grande.yaml');
  let out = await page.getByTestId('terminal-output').textContent();
  assert.match(out, /comentario 2\d+\nfin: 1/);
  assert.match(out, new RegExp(`\\b${yaml.length + ' uno\n  '.length + 'fin: 1'.length} grande\\.yaml`));

  // Ctrl+A selects the whole file, not the window: typing replaces all of it.
  await page.getByTestId('editor').focus();
  await page.keyboard.press('Control+a');
  await page.keyboard.type('vacio: 1');
  await page.waitForFunction(() => Number(document.querySelector('.code-scroll').dataset.bytes) === 'vacio: 1'.length);
  await page.getByTestId('editor-saved').waitFor({ timeout: 20_000 });
  await run(page, 'cat grande.yaml; echo "<"');
  out = await page.getByTestId('terminal-output').textContent();
  assert.match(out, /vacio: 1<\n/);
  // And one undo brings the whole file back.
  await page.getByTestId('editor').focus();
  await page.keyboard.press('Control+z');
  await page.waitForFunction((n) => Number(document.querySelector('.code-scroll').dataset.bytes) === n, yaml.length + ' uno\n  '.length + 'fin: 1'.length);
  assert.deepEqual(errors, []);
  await page.close();
});

test('pegar 10 MB se rechaza al momento con un mensaje, sin cambiar nada', async () => {
  const { page, errors } = await openPage(browser, { width: 1366, height: 768 });
  const editor = page.getByTestId('editor');
  const before = await editor.inputValue();
  const ten = bigYaml(10 * 1024 * 1024);
  const t0 = Date.now();
  assert.equal(await paste(page, ten), false, 'the paste event is cancelled');
  const refused = page.getByTestId('editor-refused');
  await refused.waitFor({ timeout: 2_000 });
  console.log(`10 MB paste refused after ${Date.now() - t0} ms`);
  assert.match(await refused.textContent(), /Demasiado grande: el archivo tendría 10,\d MB y el editor admite hasta 4,0 MB\. No se ha cambiado nada\./);
  assert.equal(await editor.inputValue(), before, 'the text is unchanged');
  assert.ok((await domSize(page)) < 2_000);
  await screenshot(page, 'editor-10mb-rechazado-1366x768');
  for (const [width, height] of [
    [1024, 700],
    [390, 844],
  ]) {
    await page.setViewportSize({ width, height });
    await page.locator('.panel.editor').scrollIntoViewIfNeeded();
    await screenshot(page, `editor-10mb-rechazado-${width}x${height}`);
  }
  // Typing afterwards works and clears the message.
  await editor.click();
  await page.keyboard.press('End');
  await page.keyboard.type('#');
  await refused.waitFor({ state: 'detached', timeout: 2_000 });
  assert.deepEqual(errors, []);
  await page.close();
});

test('nombres que Windows no admite se rechazan en el formulario, con el archivo y el carácter', async () => {
  const { page } = await openPage(browser, { width: 1366, height: 768 });
  const cases = [
    ['a:b.txt', /«a:b\.txt»: no puede llevar el carácter «:»/],
    ['web\\index.html', /«web\\index\.html»: no puede llevar el carácter «\\»/],
    ['CON', /«CON» es un nombre reservado de Windows/],
    ['web/nul.txt', /«nul\.txt» es un nombre reservado de Windows/],
    ['notas.', /«notas\.» termina en punto o espacio/],
  ];
  for (const [name, want] of cases) {
    await page.getByTestId('file-new').click();
    await page.getByTestId('file-name').fill(name);
    await page.getByTestId('file-ok').click();
    const error = page.getByTestId('file-name-error');
    await error.waitFor();
    assert.match(await error.textContent(), want, name);
    assert.match(await error.textContent(), /No se ha cambiado nada/);
    await page.keyboard.press('Escape');
  }
  await page.getByTestId('file-new').click();
  await page.getByTestId('file-name').fill('a:b.txt');
  await page.getByTestId('file-ok').click();
  await page.getByTestId('file-name-error').waitFor();
  await screenshot(page, 'nombre-rechazado-1366x768');
  assert.doesNotMatch(await page.getByTestId('files').textContent(), /a:b|CON|nul|notas\./);
  await page.close();
});

test('un enlace, una importación y load-workspace con un nombre prohibido se rechazan sin cambiar nada', async () => {
  // The simulated Linux host accepts `a:b`; a link made from it cannot be opened elsewhere.
  const { page } = await openPage(browser, { width: 1366, height: 768 });
  await run(page, "echo dos > 'a:b'");
  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();
  await page.close();

  const other = await browser.context.newPage();
  await other.setViewportSize({ width: 1024, height: 700 });
  const fresh = await serveDir(DIST);
  await other.goto(`${fresh.url}${new URL(link).hash}`);
  const bar = other.getByTestId('name-refused');
  await bar.waitFor({ timeout: 10_000 });
  assert.match(await bar.textContent(), /«a:b»: no puede llevar el carácter «:»/);
  assert.doesNotMatch(await other.getByTestId('files').textContent(), /a:b/, 'the link was not opened');
  await screenshot(other, 'enlace-rechazado-1024x700');

  // Import: the same refusal, naming the file.
  const json = {
    muelle: 1,
    lang: 'es',
    seed: 1,
    files: [
      { path: 'compose.yaml', content: 'services: {}\n' },
      { path: 'muelle-proyecto/..\\..\\..\\evil.bat', content: 'x' },
    ],
    history: [],
  };
  await other.getByTestId('import').setInputFiles({
    name: 'muelle.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(json)),
  });
  await other.waitForFunction(() =>
    document.querySelector('[data-testid=name-refused]')?.textContent.includes('evil.bat'),
  );
  assert.match(await bar.textContent(), /«muelle-proyecto\/\.\.\\\.\.\\\.\.\\evil\.bat»: no puede llevar el carácter «\\»/);
  assert.doesNotMatch(await other.getByTestId('files').textContent(), /evil/);
  await other.setViewportSize({ width: 390, height: 844 });
  await screenshot(other, 'importacion-rechazada-390x844');
  await other.close();
  await fresh.close();

  // An embedding page's load-workspace: refused, with a console warning and the page's message.
  const server = await serveDir(DIST);
  const teacher = await browser.context.newPage();
  await teacher.setViewportSize({ width: 1100, height: 1000 });
  const warnings = [];
  teacher.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  await teacher.goto(`${server.url}static/ejemplo-profesor.html?leccion=redes`);
  const frame = teacher.frameLocator('#muelle');
  await frame.getByTestId('terminal-input').waitFor({ timeout: 15_000 });
  await teacher.evaluate(() =>
    document.getElementById('muelle').contentWindow.postMessage(
      { source: 'muelle-host', version: 1, type: 'load-workspace', files: [{ path: 'LPT1.txt', content: 'x' }] },
      location.origin,
    ),
  );
  const embedded = frame.getByTestId('name-refused');
  await embedded.waitFor({ timeout: 5_000 });
  assert.match(await embedded.textContent(), /«LPT1\.txt» es un nombre reservado de Windows/);
  assert.ok(warnings.some((w) => /ignored: Invalid name: “LPT1\.txt”/.test(w)), warnings.join('\n'));
  await teacher.close();
  await server.close();
});

test('la carpeta exportada nunca lleva nombres peligrosos', async () => {
  const { page } = await openPage(browser, { width: 1366, height: 768 });
  await run(page, "echo malo > '..\\..\\..\\evil.bat'");
  await run(page, "echo dos > 'a:b'");
  await run(page, 'echo dev > con');
  await run(page, 'echo bien > bien.txt');
  const [download] = await Promise.all([page.waitForEvent('download'), (await toolbarControl(page, 'export-folder')).click()]);
  const dir = await mkdtemp(join(tmpdir(), 'muelle-zip-'));
  try {
    const zip = join(dir, 'p.zip');
    await download.saveAs(zip);
    const names = await new Promise((ok, fail) =>
      execFile(
        'python3',
        ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', zip],
        (e, out) => (e ? fail(e) : ok(out.trim().split('\n'))),
      ),
    );
    assert.ok(names.includes('muelle-proyecto/bien.txt'), names.join(', '));
    for (const n of names) {
      assert.ok(n.startsWith('muelle-proyecto/'), n);
      assert.doesNotMatch(n, /\\|:|\.\.|^\/|\/con$/i, n);
    }
    assert.equal((await readFile(zip)).includes(Buffer.from('evil.bat')), false, 'not even in the bytes');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  await page.close();
});
