// What a student types must never kill the page, freeze it or leave Ctrl-C unanswered (issue 17,
// points 1, 2, 4 and the restart storm of 7). Each test types the input as a student would, then
// checks the page still answers: the command's real message is shown, the next command runs, a
// reload comes back.

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

/** The page still answers: a new command prints its output. */
async function stillAlive(page) {
  await run(page, 'echo sigo-vivo');
  assert.match(await output(page), /\nsigo-vivo\n/);
}

test('un script que se llama a sí mismo termina con el error de fork de bash, y la página sigue viva', async () => {
  const { page, errors } = await openPage(browser);
  await run(page, 'echo "bash x" > x');
  await run(page, 'bash x', { timeout: 120_000 });
  const text = await output(page);
  assert.match(text, /x: fork: retry: Resource temporarily unavailable/);
  assert.match(text, /x: fork: Resource temporarily unavailable/);
  await run(page, "echo 'echo $(sh x)' > x");
  await run(page, 'sh x', { timeout: 120_000 });
  await stillAlive(page);
  await screenshot(page, 'robustez-recursion');
  assert.deepEqual(errors, []);
  // A reload replays the journal, recursion included, and comes back.
  await page.reload();
  await page.getByTestId('terminal-input').waitFor({ timeout: 20_000 });
  await page.getByTestId('terminal-prompt').waitFor({ state: 'visible', timeout: 60_000 });
  await stillAlive(page);
  assert.deepEqual(errors, []);
  await page.close();
});

test('un enlace ?embed&run= con un script recursivo abre la página y no la mata', async () => {
  const { page, errors, server } = await newSitePage(browser);
  const script = encodeURIComponent('echo "bash x" > x\nbash x');
  await page.goto(`${server.url}?embed&run=${script}`);
  await page.getByTestId('terminal-input').waitFor({ timeout: 20_000 });
  await page.waitForFunction(
    () => /fork: Resource temporarily unavailable/.test(document.querySelector('[data-testid=terminal-output]')?.textContent ?? ''),
    null,
    { timeout: 120_000 },
  );
  await page.getByTestId('terminal-prompt').waitFor({ state: 'visible', timeout: 60_000 });
  await stillAlive(page);
  assert.deepEqual(errors, []);
  await page.close();
});

test('copiar o mover una carpeta dentro de sí misma se rechaza con el texto de coreutils', async () => {
  const { page, errors } = await openPage(browser);
  await run(page, 'mkdir a; cp -r a a/b');
  assert.match(await output(page), /cp: cannot copy a directory, 'a', into itself, 'a\/b'/);
  await run(page, 'mv ~ ~/x');
  assert.match(await output(page), /mv: cannot move '\/home\/alumno' to a subdirectory of itself, '\/home\/alumno\/x'/);
  await stillAlive(page);
  assert.deepEqual(errors, []);
  await page.close();
});

test('un camino de 5.000 bytes se rechaza con File name too long, también tras recargar', async () => {
  const { page, errors } = await openPage(browser);
  const deep = Array(2500).fill('a').join('/');
  await run(page, `mkdir -p ${deep}`, { timeout: 10_000 });
  assert.match(await output(page), /mkdir: cannot create directory '(a\/)+a?[^']*': File name too long/);
  await run(page, `echo hola > ${'b'.repeat(300)}`, { timeout: 10_000 });
  assert.match(await output(page), /: File name too long/);
  await stillAlive(page);
  await page.reload();
  await page.getByTestId('terminal-prompt').waitFor({ state: 'visible', timeout: 20_000 });
  await stillAlive(page);
  assert.deepEqual(errors, []);
  await page.close();
});

test('un glob patológico responde al momento', async () => {
  const { page, errors } = await openPage(browser);
  await run(page, `touch ${'a'.repeat(40)}`);
  const started = Date.now();
  await run(page, 'ls *a*a*a*a*a*a*a*a*a*b', { timeout: 10_000 });
  assert.ok(Date.now() - started < 10_000);
  assert.match(await output(page), /ls: cannot access '\*a\*a\*a\*a\*a\*a\*a\*a\*a\*b': No such file or directory/);
  await stillAlive(page);
  assert.deepEqual(errors, []);
  await page.close();
});

test('Ctrl-C corta un seq enorme y la terminal vuelve al prompt', async () => {
  const { page, errors } = await openPage(browser);
  const input = page.getByTestId('terminal-input');
  await input.fill('seq 1 100000000');
  await input.press('Enter');
  // The scrollback keeps only the newest lines: wait for five-digit numbers, seq is well under way.
  await page.waitForFunction(
    () => /\n\d{5,}\n/.test(document.querySelector('[data-testid=terminal-output]')?.textContent ?? ''),
    null,
    { timeout: 20_000 },
  );
  assert.equal(await page.getByTestId('terminal-prompt').isVisible(), false, 'seq is still running');
  await input.press('Control+c');
  await page.getByTestId('terminal-prompt').waitFor({ state: 'visible', timeout: 5_000 });
  await stillAlive(page);
  assert.deepEqual(errors, []);
  await page.close();
});

test('con cien contenedores en bucle de reinicio, Ctrl-C y la escritura siguen respondiendo', async () => {
  const { page, errors } = await openPage(browser);
  // A hundred containers that exit at once and restart for ever.
  const names = Array.from({ length: 100 }, (_, i) => `r${i}`);
  for (let i = 0; i < names.length; i += 25) {
    const line = names
      .slice(i, i + 25)
      .map((n) => `docker run -d --restart always --name ${n} alpine false`)
      .join(' > /dev/null; ');
    await run(page, `${line} > /dev/null`, { timeout: 120_000 });
  }
  const input = page.getByTestId('terminal-input');
  await input.fill('ping localhost');
  await input.press('Enter');
  await page.waitForFunction(
    () => /icmp_seq=2/.test(document.querySelector('[data-testid=terminal-output]')?.textContent ?? ''),
    null,
    { timeout: 30_000 },
  );
  const before = Date.now();
  await input.press('Control+c');
  await page.getByTestId('terminal-prompt').waitFor({ state: 'visible', timeout: 5_000 });
  const answered = Date.now() - before;
  await stillAlive(page);
  await screenshot(page, 'robustez-reinicios');
  assert.ok(answered < 5_000, `Ctrl-C answered after ${answered} ms`);
  assert.deepEqual(errors, []);
  await page.close();
});
