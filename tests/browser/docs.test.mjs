// The docs page in headless Chromium, against a running `vorgaenge serve --demo`:
// `/` lands on /docs, every operation of /openapi.json is listed, a demo token got with the
// page's own form is sent by the reference's test-request client, and the answer shown is
// 200. Nothing is fetched from anywhere but the server. `scripts/browser-test` runs it.
//
//   BASE_URL=http://127.0.0.1:8080 node docs.test.mjs
//
// BROWSER_SCREENSHOT (default target/browser/docs.png): the page once the answer is shown;
// the same name with `-page` before the extension: the page with its token, before that.
// CHROMIUM: the browser (default /usr/bin/chromium, Debian's).

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { chromium } from 'playwright-core';

const base = process.env.BASE_URL;
assert.ok(base, 'BASE_URL names the server, e.g. http://127.0.0.1:8080');
const screenshot = process.env.BROWSER_SCREENSHOT ?? 'target/browser/docs.png';
const pageScreenshot = screenshot.replace(/(\.[a-z]+)?$/, '-page$1');
const origin = new URL(base).origin;
mkdirSync(dirname(screenshot), { recursive: true });

// The operation tried from the page: the list of cases, which a demo advisor may read.
const TRIED = { method: 'GET', path: '/v2/vorgaenge' };
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const spec = await (await fetch(`${base}/openapi.json`)).json();
const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
  METHODS.filter((m) => item[m]).map((m) => ({
    method: m.toUpperCase(),
    path,
    title: item[m].summary ?? path,
  })),
);
assert.ok(operations.length > 0, 'the document has no operations');
assert.ok(
  operations.some((o) => o.method === TRIED.method && o.path === TRIED.path),
  `the document lacks ${TRIED.method} ${TRIED.path}`,
);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  // Chromium's sandbox refuses root (CI containers); /dev/shm is small in containers.
  args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '--disable-dev-shm-usage'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(30_000);
  const elsewhere = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.origin !== origin && url.protocol !== 'data:' && url.protocol !== 'blob:') {
      elsewhere.push(r.url());
    }
  });
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));

  await page.goto(`${base}/`);
  assert.equal(new URL(page.url()).pathname, '/docs', 'the root leads to /docs');

  // Every operation, in the sidebar under its summary.
  const entry = (o) => page.locator(`li[data-sidebar-id$="/${o.method}${o.path}"]`).first();
  await entry(operations[0]).waitFor();
  const missing = [];
  for (const o of operations) {
    const item = entry(o);
    if ((await item.count()) === 0) {
      missing.push(`${o.method} ${o.path}: not listed`);
      continue;
    }
    const text = (await item.innerText()).replace(/\s+/g, ' ');
    if (!text.includes(o.title.replace(/\s+/g, ' ').trim())) {
      missing.push(`${o.method} ${o.path}: listed as "${text}", not "${o.title}"`);
    }
  }
  assert.deepEqual(missing, [], `operations missing from the page:\n${missing.join('\n')}`);
  console.log(`listed: all ${operations.length} operations of /openapi.json`);

  // A token from the page's own form (its first client: the demo advisor).
  await page.getByRole('button', { name: /Token holen/ }).click();
  const result = page.locator('#token-result[data-token]');
  await result.waitFor();
  const token = await result.getAttribute('data-token');
  assert.ok(token, `no token: ${await page.locator('#token-result').innerText()}`);

  // The reference is mounted anew with the token; try the operation from its client.
  await entry(TRIED).waitFor();
  await page.screenshot({ path: pageScreenshot });
  await entry(TRIED).locator('a').click();
  const trying = new RegExp(`Test Request\\s*\\(${TRIED.method.toLowerCase()} ${TRIED.path}\\)`);
  await page.getByRole('button', { name: trying }).click();
  const answered = page.waitForResponse(
    (r) => new URL(r.url()).pathname === TRIED.path && r.request().method() === TRIED.method,
  );
  await page.locator('button[data-addressbar-action="send"]:visible').click();
  const response = await answered;
  assert.equal(response.request().headers().authorization, `Bearer ${token}`);
  assert.equal(response.status(), 200, await response.text());

  // What the reader sees: the status in the client's response heading.
  const heading = page.locator('[aria-live="polite"]').filter({ hasText: 'Status:' }).first();
  await heading.waitFor();
  const shown = (await heading.innerText()).replace(/\s+/g, ' ');
  assert.match(shown, /\b200 OK\b/, `the page shows: ${shown}`);
  console.log(`tried: ${TRIED.method} ${TRIED.path} with a demo token, the page shows ${shown}`);

  await page.screenshot({ path: screenshot });
  console.log(`screenshots: ${pageScreenshot}, ${screenshot}`);

  assert.deepEqual(elsewhere, [], 'the page fetched from elsewhere than the server');
} finally {
  await browser.close();
}
