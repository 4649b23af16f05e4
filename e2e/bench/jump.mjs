// Time travel in the page (issue 15's budgets: a jump ≤ 200 ms, a step ≤ 16 ms), against the
// release site in dist/: the 30-minute session of `jump_figures` (320 commands, 25 restarting
// containers, pings, volumes, file writes) opened from a share link, replayed by the worker, then
// jumps and steps on the scrubber as a student makes them (keys and clicks on the slider).
// A figure is from the input event (a capturing listener's `performance.now()`) to the first
// frame whose scrubber says the moment asked for is the one shown (`data-shown-at` equals
// `aria-valuenow`, seen in an animation-frame callback): the worker's replay, the frame back and
// the page's redraw; and, in brackets, to that frame painted (a task queued from that callback
// runs after the frame's layout and paint). Median and worst of 5 jumps and of 15 steps (three
// forward-and-back pairs after each jump back).
//
// `cargo xtask bench page` runs it after page.mjs; alone:
//   MUELLE_JUMP_LINK=/tmp/jump.link cargo test -p app --lib jump_session -- --ignored
//   MUELLE_JUMP_LINK=/tmp/jump.link node e2e/bench/jump.mjs
//
// Prints the figures; it is a measurement, not a test.

import { readFileSync } from 'node:fs';
import { DIST, launchChromium, serveDir } from '../harness.mjs';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

const fragment = readFileSync(process.env.MUELLE_JUMP_LINK ?? '/tmp/jump.link', 'utf8').trim();
const server = await serveDir(DIST);
const browser = await launchChromium();
try {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.addInitScript(() => {
    for (const kind of ['keydown', 'pointerdown']) {
      addEventListener(kind, () => (window.muelleInputAt = performance.now()), true);
    }
  });
  const opened = Date.now();
  await page.goto(`${server.url}${fragment}`);
  await page.waitForFunction(
    () => Number(document.querySelector('[data-testid=timeline-scrubber]')?.getAttribute('aria-valuemax')) > 1_700_000,
    null,
    { timeout: 300_000 },
  );
  console.log(`the session replayed on opening: ${Date.now() - opened} ms (navigation to its end shown)`);
  const scrubber = page.getByTestId('timeline-scrubber');
  const box = await scrubber.boundingBox();

  /** Runs `input`, returns ms from its event to the frame showing the moment asked for, and to
   * that frame painted. */
  const timed = async (input) => {
    await page.evaluate(() => {
      window.muelleInputAt = undefined;
      window.muellePainted = undefined;
    });
    await input();
    const handle = await page.waitForFunction(
      () => {
        const s = document.querySelector('[data-testid=timeline-scrubber]');
        const asked = s?.getAttribute('aria-valuenow');
        if (window.muelleInputAt === undefined || s?.dataset.shownAt !== asked) return false;
        const at = window.muelleInputAt;
        setTimeout(() => (window.muellePainted = performance.now() - at), 0);
        return performance.now() - at;
      },
      null,
      { polling: 'raf', timeout: 60_000 },
    );
    const shown = await handle.jsonValue();
    const painted = await (await page.waitForFunction(() => window.muellePainted)).jsonValue();
    return { shown, painted };
  };
  const at = (fraction) => () => page.mouse.click(box.x + box.width * fraction, box.y + box.height / 2);
  const key = (k) => async () => {
    await scrubber.focus();
    await page.keyboard.press(k);
  };

  const figures = { start: [], middle: [], end: [], back: [], stepForward: [], stepBack: [] };
  for (let i = 0; i < 5; i++) {
    figures.start.push(await timed(key('Home')));
    figures.middle.push(await timed(at(0.5)));
    figures.end.push(await timed(at(0.97)));
    figures.back.push(await timed(at(0.1 + i * 0.05)));
    for (let j = 0; j < 3; j++) {
      figures.stepForward.push(await timed(key('ArrowRight')));
      figures.stepBack.push(await timed(key('ArrowLeft')));
    }
  }
  const line = (name, fs) => {
    const [xs, ps] = [fs.map((f) => f.shown), fs.map((f) => f.painted)];
    const fig = (v) => v.toFixed(0);
    console.log(
      `${name}: median ${fig(median(xs))} ms (painted ${fig(median(ps))}), worst ${fig(Math.max(...xs))} ms (painted ${fig(Math.max(...ps))}) [${xs.map(fig).join(', ')}]`,
    );
  };
  line('jump to the start (Home)', figures.start);
  line('jump forward from the start to the middle (click)', figures.middle);
  line('jump forward from the middle to the end (click)', figures.end);
  line('jump back from the end to 10–30 % (click: a replay from the seed)', figures.back);
  line('step one event forward (ArrowRight)', figures.stepForward);
  line('step one event back (ArrowLeft)', figures.stepBack);
  const memory = await page.evaluate(() => performance.memory?.usedJSHeapSize);
  if (memory) console.log(`page heap after: ${(memory / 1e6).toFixed(1)} MB (the worker's is not visible here)`);
} finally {
  await browser.close();
  await server.close();
}
