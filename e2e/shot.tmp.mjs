import { launchChromium, openPage, run } from './harness.mjs';
const b = await launchChromium();
for (const [w, h, tag] of [[1366, 768, 'wide'], [1024, 700, 'mid'], [390, 844, 'phone']]) {
  const { page, errors } = await openPage(b, { width: w, height: h });
  await run(page, 'docker network create red');
  await run(page, 'docker run -d --name web-servidor-principal --network red -p 8080:80 -v datos:/usr/share/nginx/html nginx');
  await run(page, 'docker run -d --name cliente --network red alpine sleep 1000');
  await page.waitForTimeout(1500);
  await run(page, 'curl -s localhost:8080 | head -3');
  await page.waitForTimeout(250);
  await page.screenshot({ path: `/tmp/shot-${tag}-a.png` });
  await run(page, 'docker exec cliente ping -c 2 web-servidor-principal');
  await page.waitForTimeout(200);
  await page.screenshot({ path: `/tmp/shot-${tag}-b.png` });
  console.log(tag, errors);
  await page.close();
}
await b.close();
