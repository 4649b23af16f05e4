// A real LRS for the end-to-end tests: ralph (ralph-malph from PyPI, installed by
// `cargo xtask test`, its path in MUELLE_RALPH), started and stopped by each test file.
// Used by xapi.test.mjs and class.test.mjs.

import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
export const RALPH =
  process.env.MUELLE_RALPH ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'muelle', 'tools', 'ralph-venv', 'bin', 'ralph');
const haveRalph = await access(RALPH).then(
  () => true,
  () => false,
);
// Only a developer's run without `cargo xtask test` may skip: CI sets MUELLE_RALPH (or CI), and
// then a missing ralph fails the test.
export const skip =
  haveRalph || process.env.MUELLE_RALPH || process.env.CI
    ? false
    : `ralph is not installed at ${RALPH} (cargo xtask test installs it)`;

export const USER = 'teacher';
export const PASSWORD = 'secreto-de-prueba';
export const AUTH = 'Basic ' + Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
export const ACTOR = { objectType: 'Agent', account: { homePage: 'https://campus.example', name: 'alumno-7' } };
export const REGISTRATION = '760e3480-ba55-4991-94b0-01820dbd23a2';

/** A free TCP port on 127.0.0.1. */
export async function freePort() {
  const s = createServer();
  await new Promise((ok) => s.listen(0, '127.0.0.1', ok));
  const { port } = s.address();
  await new Promise((ok) => s.close(ok));
  return port;
}

/** Starts ralph's LRS (file-system backend) allowing `origin`; returns `{url, get, stop}`. */
export async function startLrs(origin) {
  const dir = await mkdtemp(join(tmpdir(), 'muelle-lrs-'));
  const env = {
    ...process.env,
    RALPH_APP_DIR: join(dir, 'app'),
    RALPH_RUNSERVER_BACKEND: 'fs',
    RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH: dir,
    RALPH_RUNSERVER_CORS_ALLOW_ORIGINS: JSON.stringify([origin]),
    // e2e/ralph/sitecustomize.py: the fs backend appends instead of storing one POST only.
    PYTHONPATH: join(here, 'ralph'),
  };
  await promisify(execFile)(RALPH, ['auth', '-u', USER, '-p', PASSWORD, '-s', 'all', '-w', '-M', 'mailto:teacher@example.org'], {
    env,
  });
  const port = await freePort();
  const log = [];
  const child = spawn(RALPH, ['runserver', '-b', 'fs', '-h', '127.0.0.1', '-p', String(port)], {
    env,
    detached: true, // its own process group: uvicorn's reloader and server stop together
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => log.push(String(d)));
  child.stderr.on('data', (d) => log.push(String(d)));
  const url = `http://127.0.0.1:${port}/xAPI/`;
  const stop = async () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
    await new Promise((ok) => (child.exitCode !== null ? ok() : child.once('exit', ok)));
    await rm(dir, { recursive: true, force: true });
  };
  for (let i = 0; ; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/__lbheartbeat__`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (i > 150 || child.exitCode !== null) {
      await stop();
      throw new Error(`ralph did not start:\n${log.join('')}`);
    }
    await new Promise((ok) => setTimeout(ok, 200));
  }
  /** Every statement the LRS holds (following `more`). */
  const get = async () => {
    const all = [];
    let next = `${url}statements?limit=500`;
    while (next) {
      const r = await fetch(next, { headers: { Authorization: AUTH, 'X-Experience-API-Version': '1.0.3' } });
      assert.equal(r.status, 200, await r.clone().text());
      const body = await r.json();
      all.push(...body.statements);
      next = body.more ? new URL(body.more, url).href : null;
    }
    return all;
  };
  return { url, get, stop, log };
}

