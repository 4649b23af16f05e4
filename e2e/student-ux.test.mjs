// The page as a student lives in it (issue 14): every YAML problem at its line and column, notices
// that leave the terminal alone, and a page a keyboard user can walk without being trapped, focus
// always visible (axe-core injected: no serious or critical violation). Screenshots at 1366×768,
// 1024×700 and 390×844 land in screenshots/.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, newSitePage, run, screenshot, tutorialCompose } from './harness.mjs';

/** axe-core, installed pinned by `cargo xtask` into the tools folder (xtask/src/tools.rs). */
const AXE = join(
  process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
  'muelle',
  'tools',
  'node_modules',
  'axe-core',
  'axe.min.js',
);

const SIZES = [
  [1366, 768, '1366'],
  [1024, 700, '1024'],
  [390, 844, 'movil'],
];

let browser;

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

async function open(url = '', { width = 1366, height = 768 } = {}) {
  const { page, errors, server } = await newSitePage(browser);
  await page.setViewportSize({ width, height });
  await page.goto(server.url + url);
  await page.getByTestId('terminal-input').waitFor({ timeout: 15_000 });
  return { page, errors, server };
}

/** A screenshot at each of the three sizes, then back to 1366×768. */
async function shots(page, name, check = async () => {}) {
  for (const [width, height, tag] of SIZES) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(200);
    await check(tag);
    await screenshot(page, `${name}-${tag}`);
  }
  await page.setViewportSize({ width: 1366, height: 768 });
}

/** Puts `text` into the editor as a paste does. */
async function paste(page, text) {
  await page.evaluate((t) => {
    const ta = document.querySelector('[data-testid=editor]');
    ta.focus();
    ta.setRangeText(t, 0, ta.value.length, 'end');
    ta.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  }, text);
}

/** Every indentation holding a TAB: 1-based line and the column of its first TAB. */
function tabsOf(text) {
  const out = [];
  text.split('\n').forEach((l, i) => {
    const lead = l.match(/^[ \t]*/)[0];
    const col = lead.indexOf('\t');
    if (col >= 0) out.push({ line: String(i + 1), col: String(col + 1) });
  });
  return out;
}

async function problems(page) {
  return page.getByTestId('editor-problem').evaluateAll((els) =>
    els.map((e) => ({
      line: e.dataset.line,
      col: e.dataset.col,
      where: e.querySelector('.where')?.textContent ?? '',
      text: e.querySelector('.what')?.textContent ?? '',
      compose: e.querySelector('.docker-says')?.textContent ?? '',
    })),
  );
}

test('el YAML del tutorial pegado tal cual: cada TAB de la sangría en su línea y columna exactas', async () => {
  const { page, errors } = await open();
  const yaml = tutorialCompose();
  const want = tabsOf(yaml);
  assert.ok(want.length > 3, JSON.stringify(want));
  await paste(page, yaml);
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid=editor-check]')?.textContent === `${n} errores`,
    want.length,
    { timeout: 10_000 },
  );
  const got = await problems(page);
  assert.deepEqual(
    got.map(({ line, col }) => ({ line, col })),
    want,
    'every TAB, in order, at its line and column',
  );
  for (const [i, p] of got.entries()) {
    assert.equal(p.where, `línea ${p.line}:${p.col}`);
    assert.match(p.text, /TAB en la sangría: YAML solo admite espacios/);
    // Compose's own words stay beside ours.
    assert.match(p.compose, /found character that cannot start any token/);
    if (i === 0) assert.match(p.compose, new RegExp(`line ${p.line}:`));
  }
  assert.ok(await page.getByTestId('editor-fix-tabs').isVisible(), 'the fix is offered');
  await shots(page, 'tabs-todos', async (tag) => {
    if (tag === 'movil') await page.getByTestId('editor-problem').first().scrollIntoViewIfNeeded();
  });
  // English too.
  await page.getByTestId('lang').click();
  await page.waitForFunction(() => /TAB in the indentation/.test(document.querySelector('[data-testid=editor-problem] .what')?.textContent ?? ''), null, { timeout: 10_000 });
  assert.equal((await problems(page))[0].where, `line ${want[0].line}:${want[0].col}`);
  await page.getByTestId('lang').click();
  // The fix takes them all away.
  await page.getByTestId('editor-fix-tabs').click();
  await page.waitForFunction(() => ![...document.querySelectorAll('[data-testid=editor-problem]')].some((e) => /TAB/.test(e.textContent)), null, { timeout: 10_000 });

  // A TAB on line 7 of a small file is on line 7, column 1 (it was once said to be on line 6).
  const small = 'services:\n  web:\n    image: nginx\n    ports:\n      - 80:80\n    environment:\n\t  A: "1"\n';
  await paste(page, small);
  await page.waitForFunction(() => document.querySelector('[data-testid=editor-problem]')?.dataset.line === '7', null, { timeout: 10_000 });
  assert.equal(await page.getByTestId('editor-check').textContent(), '1 error');
  assert.deepEqual((await problems(page)).map(({ line, col }) => ({ line, col })), [{ line: '7', col: '1' }]);
  assert.deepEqual(errors, []);
  await page.close();
});

/** Whether the visible terminal's input line is inside its panel and the window, and no notice covers it. */
async function terminalClear(page) {
  return page.evaluate(() => {
    const body = document.querySelector('.terminal-body:not([hidden])');
    const input = body.querySelector('.terminal-line');
    const b = body.getBoundingClientRect();
    const r = input.getBoundingClientRect();
    const covered = [...document.querySelectorAll('.notice')].some((n) => {
      const o = n.getBoundingClientRect();
      return o.left < b.right && o.right > b.left && o.top < b.bottom && o.bottom > b.top;
    });
    return { inside: r.top >= b.top - 1 && r.bottom <= b.bottom + 1, covered };
  });
}

test('los avisos no tapan la terminal ni empujan el prompt, y se van solos', async () => {
  // A damaged share link: the page says so in its notice bar.
  const { page } = await open('#w=AAAA-dañado');
  const bad = page.getByTestId('bad-link');
  await bad.waitFor({ timeout: 5_000 });
  for (let i = 0; i < 12; i++) await run(page, `echo línea ${i}`);
  await shots(page, 'aviso', async (tag) => {
    // (A window resized keeps the terminal's scroll where it was: a line typed brings the end.)
    await run(page, `echo ${tag}`);
    if (tag === 'movil') await page.getByTestId('terminal-input').scrollIntoViewIfNeeded();
    await page.waitForTimeout(100);
    const clear = await terminalClear(page);
    assert.ok(!clear.covered, `${tag}: a notice covers the terminal`);
    assert.ok(clear.inside, `${tag}: the prompt is out of the terminal's view`);
    assert.ok(await bad.isVisible(), `${tag}: the notice is there`);
  });
  // More lines with the notice shown: the prompt stays in view.
  await page.setViewportSize({ width: 1024, height: 700 });
  for (let i = 0; i < 5; i++) await run(page, `echo otra ${i}`);
  await page.waitForTimeout(100);
  assert.ok((await terminalClear(page)).inside);
  // It goes by itself, and the prompt is still in view.
  await bad.waitFor({ state: 'detached', timeout: 20_000 });
  await page.waitForTimeout(200);
  assert.ok((await terminalClear(page)).inside, 'the prompt is in view once the notice is gone');
  await page.close();
});

/** What the keyboard walk learns of the focused element. */
async function focusInfo(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const probe = document.createElement('span');
    probe.style.color = 'var(--accent)';
    document.body.append(probe);
    const accent = getComputedStyle(probe).color;
    probe.remove();
    const outlined = (e) => {
      const s = getComputedStyle(e);
      return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
    };
    let ring = outlined(el);
    const wrap = el.closest('.editor-body, .terminal-body');
    if (!ring && wrap) ring = outlined(wrap);
    if (!ring && el instanceof SVGElement) {
      const r = el.querySelector('rect');
      ring = !!r && getComputedStyle(r).stroke === accent && parseFloat(getComputedStyle(r).strokeWidth) >= 2;
    }
    const rect = el.getBoundingClientRect();
    const hint = document.querySelector('[data-testid=editor-leave]');
    return {
      id:
        (el.dataset?.testid ?? '') +
        '|' +
        el.tagName +
        '|' +
        (el.getAttribute('aria-label') ?? el.textContent.trim().slice(0, 30)) +
        '|' +
        Math.round(rect.x) +
        ',' +
        Math.round(rect.y),
      ring,
      editor: el.dataset?.testid === 'editor',
      hint: hint ? getComputedStyle(hint).display !== 'none' : false,
    };
  });
}

test('con solo el teclado se recorre la página sin quedar atrapado, con el foco siempre visible; axe no ve fallos graves', async () => {
  const { page, errors } = await open();
  const editor = page.getByTestId('editor');
  const before = await editor.inputValue();
  // The terminal has the focus at first: Tab to the page's end, then round from its top to its
  // end again (each stop once).
  const seen = [];
  let last = null;
  let sawEditor = false;
  let wraps = 0;
  for (let i = 0; i < 400 && wraps < 2; i++) {
    await page.keyboard.press('Tab');
    const f = await focusInfo(page);
    if (f === null) {
      wraps += 1;
      last = null;
      continue;
    }
    if (wraps === 0) continue;
    assert.notEqual(f.id, last, `Tab did not move on from ${f.id}`);
    assert.ok(f.ring, `no visible focus ring on ${f.id}`);
    seen.push(f);
    last = f.id;
    if (f.editor) {
      sawEditor = true;
      assert.ok(f.hint, 'the editor says how to leave it');
      assert.match(await page.getByTestId('editor-leave').textContent(), /Esc y luego Tab/);
      if (seen.filter((s) => s.editor).length === 1) {
        await shots(page, 'teclado-editor', async (tag) => {
          if (tag === 'movil') await editor.scrollIntoViewIfNeeded();
        });
      }
      // As the hint says: Esc, then Tab leaves.
      await page.keyboard.press('Escape');
    }
  }
  assert.equal(wraps, 2, `the walk came round: ${seen.map((s) => s.id).join('\n')}`);
  assert.ok(seen.length > 5, JSON.stringify(seen.map((s) => s.id)));
  assert.ok(sawEditor, `the walk reached the editor: ${seen.map((s) => s.id).join('\n')}`);
  assert.ok(seen.some((s) => s.id.startsWith('terminal-input')), 'the walk reached the terminal');
  assert.equal(await editor.inputValue(), before, 'moving focus wrote nothing into the editor');
  assert.equal(await page.getByTestId('terminal-input').inputValue(), '');

  assert.ok(existsSync(AXE), `axe-core is not at ${AXE}: run cargo xtask test once to install it`);
  await page.addScriptTag({ content: readFileSync(AXE, 'utf8') });
  for (const [width, height, tag] of SIZES) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(200);
    const found = await page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ['violations'] });
      return r.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
    });
    assert.deepEqual(found, [], `${tag}: axe-core finds serious violations`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

// Issue 14, point 14: on a phone the toolbar took a quarter of the screen. It keeps one row
// (the brand, Lecciones, Pausar and «Más»); «Más» shows the rest, and wider windows never
// see the button.
test('en un móvil la barra ocupa una fila y «Más» muestra el resto de los controles', async () => {
  const { page, errors } = await open('', { width: 390, height: 844 });
  const toolbar = page.locator('header.toolbar');
  const more = page.getByTestId('toolbar-more');
  const height = async () => (await toolbar.boundingBox()).height;
  assert.ok(await more.isVisible(), '«Más» is drawn on a phone');
  assert.equal(await more.getAttribute('aria-expanded'), 'false');
  assert.ok(await page.getByTestId('lessons-toggle').isVisible());
  assert.ok(await page.getByTestId('pause').isVisible());
  assert.equal(await page.getByTestId('share').isVisible(), false, 'share waits behind «Más»');
  const closed = await height();
  const row = (await page.getByTestId('pause').boundingBox()).height;
  assert.ok(closed < 2 * row, `one row: the toolbar is ${closed}px high, a button ${row}px`);
  await screenshot(page, 'barra-movil-cerrada');
  await more.click();
  assert.equal(await more.getAttribute('aria-expanded'), 'true');
  for (const id of ['examples', 'speed', 'reset', 'seed', 'share', 'export', 'lang', 'theme']) {
    assert.ok(await page.getByTestId(id).isVisible(), `${id} is shown by «Más»`);
  }
  await screenshot(page, 'barra-movil-abierta');
  await page.getByTestId('share').click();
  await page.getByTestId('share-link').waitFor();
  // Wider than 1366 px, everything is in view and there is no «Más» (up to 1366 it keeps the
  // rarest controls, so the toolbar keeps one row: e2e/volumes.test.mjs).
  await page.setViewportSize({ width: 1440, height: 800 });
  await page.waitForTimeout(200);
  assert.equal(await more.isVisible(), false);
  assert.ok(await page.getByTestId('seed').isVisible());
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.waitForTimeout(200);
  assert.ok(await more.isVisible(), '«Más» is drawn up to 1366 px');
  assert.deepEqual(errors, []);
  await page.close();
});
