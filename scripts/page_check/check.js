// Opens REPORT_DIR/index.html in Debian's Chromium (headless, offline) and
// fails if an image does not load or decode, a link does not resolve to a
// file in the report, the page asks the network for anything, or it runs
// scripts, a chart in charts/ is not shown, or page and charts weigh over
// 5 MB. Writes a full-page screenshot to SCREENSHOT if given (only the
// element with id SECTION when that variable is set).
// Usage: node check.js REPORT_DIR [SCREENSHOT]
const { chromium } = require('playwright-core');
const fs = require('fs');
const path = require('path');
const { pathToFileURL, fileURLToPath } = require('url');

async function main() {
  const dir = path.resolve(process.argv[2] || '');
  const shot = process.argv[3];
  const index = path.join(dir, 'index.html');
  if (!fs.existsSync(index)) throw new Error(`no index.html in ${dir}`);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const problems = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) problems.push(`network request: ${r.url()}`);
    });
    page.on('requestfailed', (r) => problems.push(`failed to load ${r.url()}`));
    await page.goto(pathToFileURL(index).href, { waitUntil: 'load' });
    const images = await page.$$eval('img', (imgs) => imgs.map((i) => ({
      src: i.getAttribute('src'), ok: i.complete && i.naturalWidth > 0,
      alt: i.getAttribute('alt') || '',
    })));
    for (const img of images) {
      if (!img.ok) problems.push(`image did not load: ${img.src}`);
      if (!img.alt) problems.push(`image without alt text: ${img.src}`);
    }
    const links = await page.$$eval('a[href]', (as) => as.map((a) => a.href));
    for (const href of links) {
      if (!href.startsWith('file:')) { problems.push(`link leaves the report: ${href}`); continue; }
      const target = fileURLToPath(href.split('#')[0]);
      if (!fs.existsSync(target)) problems.push(`broken link: ${path.relative(dir, target)}`);
    }
    // Every chart written is shown on the page, and the page stays light.
    const chartsDir = path.join(dir, 'charts');
    const shown = new Set(images.map((i) => i.src));
    let bytes = fs.statSync(index).size;
    if (fs.existsSync(chartsDir)) {
      for (const f of fs.readdirSync(chartsDir)) {
        if (!shown.has(`charts/${f}`)) problems.push(`chart not shown on the page: charts/${f}`);
        bytes += fs.statSync(path.join(chartsDir, f)).size;
      }
    }
    const budget = 5 * 1024 * 1024;
    if (bytes > budget) problems.push(`page and charts weigh ${bytes} bytes, over ${budget}`);
    const scripts = await page.$$eval('script', (s) => s.length);
    if (scripts > 0) problems.push(`${scripts} <script> elements: the page must work without JavaScript`);
    const text = await page.innerText('body');
    if (!/Caveats/.test(text) || !/Findings/.test(text)) problems.push('page lacks its Caveats or Findings section');
    // SECTION=trust: only that element (e.g. the validation section).
    if (shot && process.env.SECTION) {
      const el = await page.$(`#${process.env.SECTION}`);
      if (!el) problems.push(`no element #${process.env.SECTION} to screenshot`);
      else await el.screenshot({ path: shot });
    } else if (shot) await page.screenshot({ path: shot, fullPage: true });
    console.log(`${path.basename(dir)}: ${images.length} images, ${links.length} links checked, ${Math.round(bytes / 1024)} KB`);
  } finally {
    await browser.close();
  }
  if (problems.length) {
    for (const p of problems) console.error(`page check: ${p}`);
    process.exit(1);
  }
}

main().catch((e) => { console.error(`page check: ${e.message}`); process.exit(1); });
