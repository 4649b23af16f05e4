import { launchChromium, openPage, run } from './harness.mjs';
const browser = await launchChromium();
const sizes = [[1366, 768, 'wide'], [1024, 700, 'mid'], [390, 844, 'phone']];
for (const [width, height, name] of sizes) {
  const { page, errors } = await openPage(browser, { width, height });
  await run(page, 'docker run -d --name web -p 8080:80 php:8.3-apache');
  await run(page, 'sleep 2');
  await run(page, 'curl -s localhost:8080/nada | head -4');
  await run(page, 'docker run --rm python:3.12 python3 -c "import sys; print(1); print(2, file=sys.stderr)" 2>/dev/null');
  await page.waitForTimeout(800);
  await page.screenshot({ path: `/tmp/look-${name}.png` });
  console.log(name, 'errors:', errors);
  await page.close();
}
await browser.close();
