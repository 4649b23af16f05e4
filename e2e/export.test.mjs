// Exporting a workspace as a folder for real Docker: the page's zip, unpacked, must pass
// `docker-compose config` (docker-compose 1.29.2 from PyPI, which validates a project without a
// Docker engine; `cargo xtask test` installs it and passes its path in MUELLE_DOCKER_COMPOSE).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { access, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DIST, launchChromium, serveDir, toolbarControl } from './harness.mjs';

const run = promisify(execFile);
const COMPOSE =
  process.env.MUELLE_DOCKER_COMPOSE ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'muelle', 'tools', 'compose-venv', 'bin', 'docker-compose');
const haveCompose = await access(COMPOSE).then(
  () => true,
  () => false,
);

let server;
let browser;
let work;

before(async () => {
  server = await serveDir(DIST);
  browser = await launchChromium();
  work = await mkdtemp(join(tmpdir(), 'muelle-export-'));
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** Clicks the export button and unpacks the zip into `dir` (Python's zipfile: no other tool needed). */
async function exportFolder(page, dir) {
  const [download] = await Promise.all([page.waitForEvent('download'), (await toolbarControl(page, 'export-folder')).click()]);
  assert.equal(download.suggestedFilename(), 'muelle-proyecto.zip');
  const zip = join(dir, 'muelle-proyecto.zip');
  await download.saveAs(zip);
  await run('python3', ['-m', 'zipfile', '-e', zip, dir]);
  return join(dir, 'muelle-proyecto');
}

const skip = haveCompose ? false : `docker-compose is not installed at ${COMPOSE} (cargo xtask test installs it)`;

test('la carpeta exportada pasa docker-compose config (ejemplo inicial y lecciones de Compose)', { skip }, async () => {
  // A new origin (a new port): nothing an earlier test saved is replayed.
  await server?.close();
  server = await serveDir(DIST);
  const page = await browser.context.newPage();
  await page.goto(server.url);
  await page.getByTestId('terminal-input').waitFor({ timeout: 10_000 });
  const cases = [['inicial', null], ['compose', 'compose'], ['ejemplo-completo', 'ejemplo-completo']];
  for (const [name, lesson] of cases) {
    if (lesson) {
      if ((await page.getByTestId('lessons').count()) === 0) await page.getByTestId('lessons-toggle').click();
      if ((await page.getByTestId('lesson-back').count()) > 0) await page.getByTestId('lesson-back').click();
      await page.locator(`[data-testid=lesson-open][data-lesson="${lesson}"]`).click();
      await page.locator(`[data-testid=lessons][data-lesson="${lesson}"]`).waitFor();
    }
    const dir = join(work, name);
    const folder = await exportFolder(page, (await run('mkdir', ['-p', dir]), dir));
    const entries = await readdir(folder, { recursive: true });
    assert.ok(entries.some((e) => /^(docker-)?compose\.ya?ml$/.test(e)), `${name}: ${entries}`);
    const { stdout } = await run(COMPOSE, ['config'], { cwd: folder });
    assert.match(stdout, /^services:/m, `${name}: docker-compose config prints the project`);
    if (lesson === 'compose') {
      // Built from the exported Dockerfile; the file itself is byte for byte the workspace's.
      assert.match(stdout, /context: .*muelle-proyecto\/web/);
      assert.match(await readFile(join(folder, 'web', 'Dockerfile'), 'utf8'), /^FROM python/);
    }
  }
  await page.close();
});
