#!/usr/bin/env node
// Browser test of the ogan web viewer (viz/web): serves dist/ on 127.0.0.1, opens a results file
// in headless Chromium through the file input and checks the page against the file itself.
//
//   node viz/web/test/browser.mjs RESULTS.h5 [--full] [--screenshots DIR]
//
// --full enforces first map <= 3 s and >= 30 frames per second while playing (otherwise they are
// only printed: a loaded CI machine). Exits non-zero with a message on the first failure.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import h5wasm from 'h5wasm/node';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '..', 'dist');
const args = process.argv.slice(2);
let resultsPath = null, full = false, shotsDir = null;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--full') full = true;
  else if (args[i] === '--screenshots') shotsDir = args[++i];
  else if (args[i] === '-h' || args[i] === '--help') { console.log('usage: node viz/web/test/browser.mjs RESULTS.h5 [--full] [--screenshots DIR]'); process.exit(0); }
  else if (!resultsPath) resultsPath = path.resolve(args[i]);
  else fail(`unexpected argument ${args[i]}`);
}
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

let browser = null, server = null, tmp = null;
function fail(msg) {
  console.error(`FAIL: ${msg}`);
  cleanup().finally(() => process.exit(1));
  throw new Error('__exit__');
}
async function cleanup() {
  try { if (browser) await browser.close(); } catch (e) { /* ignore */ }
  try { if (server) server.close(); } catch (e) { /* ignore */ }
  try { if (tmp) fs.rmSync(tmp, { recursive: true, force: true }); } catch (e) { /* ignore */ }
}
function check(cond, msg) { if (!cond) fail(msg); }
function log(msg) { console.log(msg); }

// ------------------------------------------------------------------ inputs
if (!resultsPath) fail('usage: node viz/web/test/browser.mjs RESULTS.h5 [--full] [--screenshots DIR]');
check(fs.existsSync(resultsPath), `no such file: ${resultsPath}`);
check(fs.existsSync(path.join(dist, 'index.html')), `no ${dist}/index.html: run "npm run build" in viz/web first`);
check(fs.existsSync(chromiumPath), `no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM)`);
if (shotsDir) fs.mkdirSync(shotsDir, { recursive: true });

await h5wasm.ready;
tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ogan-web-test-'));
const expected = (() => {
  const f = new h5wasm.File(resultsPath, 'r');
  const clean = (s) => String(s).replace(/\0+$/, '');
  const names = f.get('summary/kpi_name').value.map(clean);
  const values = Array.from(f.get('summary/kpi_value').value);
  const units = f.get('summary/kpi_unit').value.map(clean);
  const q = f.get('services/facilities/queue');
  const [T, F] = q.shape;
  const queue = q.value;
  const servers = f.get('facilities/servers').value;
  const vol = f.get('traffic/links/volume_pcu');
  const L = vol.shape[1];
  const volv = vol.value;
  const tot = Array.from({ length: T }, (_, t) => { let s = 0; for (let l = 0; l < L; l++) s += volv[t * L + l]; return s; });
  f.close();
  // facility with the longest queue over the day
  let best = -1, bestSum = -1;
  for (let i = 0; i < F; i++) { let s = 0; for (let t = 0; t < T; t++) s += queue[t * F + i]; if (servers[i] > 0 && s > bestSum) { best = i; bestSum = s; } }
  const queueOf = (i) => Array.from({ length: T }, (_, t) => queue[t * F + i]);
  let tLow = 0, tHigh = 0;
  for (let t = 0; t < T; t++) { if (tot[t] < tot[tLow]) tLow = t; if (tot[t] > tot[tHigh]) tHigh = t; }
  return { kpis: names.map((n, i) => ({ name: n, value: values[i], unit: units[i] })), T, F, L, best, queueOf, tLow, tHigh };
})();

// bad inputs: a non-results HDF5 file, a truncated copy, a copy of format version 99.0
const badFiles = [];
{
  const p = path.join(tmp, 'not_results.h5');
  const f = new h5wasm.File(p, 'w');
  f.create_dataset({ name: 'data', data: new Float64Array([1, 2, 3]) });
  f.create_attribute('filetype', 'something-else');
  f.close();
  badFiles.push(['non-results HDF5 file', p]);
  const t = path.join(tmp, 'truncated.h5');
  const buf = fs.readFileSync(resultsPath);
  fs.writeFileSync(t, buf.subarray(0, Math.floor(buf.length / 2)));
  badFiles.push(['truncated copy', t]);
  // the whole file, with the metadata after the superblock overwritten (checksums must catch it)
  const c = path.join(tmp, 'corrupt.h5');
  const cb = Buffer.from(buf);
  for (let i = 48; i < 4096 && i < cb.length; i++) cb[i] = (i * 131) & 255;
  fs.writeFileSync(c, cb);
  badFiles.push(['corrupted copy', c]);
  const v = path.join(tmp, 'version99.h5');
  fs.copyFileSync(resultsPath, v);
  const g = new h5wasm.File(v, 'a');
  g.delete_attribute('format_version');
  g.create_attribute('format_version', new Int32Array([99, 0]), [2], '<i');
  g.close();
  badFiles.push(['format_version 99.0', v]);
}

// ------------------------------------------------------------------ static server
const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml' };
server = http.createServer((req, res) => {
  let u = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (u.endsWith('/')) u += 'index.html';
  const p = path.normalize(path.join(dist, u));
  if (!p.startsWith(dist) || !fs.existsSync(p) || !fs.statSync(p).isFile()) { res.writeHead(404); res.end('not found'); return; }
  res.writeHead(200, { 'Content-Type': MIME[path.extname(p)] || 'application/octet-stream' });
  fs.createReadStream(p).pipe(res);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/index.html`;

// ------------------------------------------------------------------ browser
browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'] });
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });

async function newPage() {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e && e.stack ? e.stack : e)));
  await page.goto(url);
  // the page sets up its renderer and HDF5 reader while waiting for a file
  await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 60000 });
  return { page, errors };
}

// PNG comparison and colour checks decoded by the browser itself
const helper = await context.newPage();
await helper.goto(url.replace('index.html', 'nonexistent-helper'));
async function pixels(png) {
  return helper.evaluate(async (b64) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    return { w: c.width, h: c.height, data: Array.from(g.getImageData(0, 0, c.width, c.height).data) };
  }, png.toString('base64'));
}
function diffCount(a, b) {
  let n = 0;
  for (let i = 0; i < a.data.length; i += 4) if (a.data[i] !== b.data[i] || a.data[i + 1] !== b.data[i + 1] || a.data[i + 2] !== b.data[i + 2]) n++;
  return n;
}
const waitFrames = (page, n = 3) => page.evaluate((k) => new Promise((r) => { let i = 0; const f = () => (++i >= k ? r() : requestAnimationFrame(f)); requestAnimationFrame(f); }), n);
const mapShot = async (page, name) => {
  const buf = await page.locator('#mapwrap').screenshot({ animations: 'disabled' });
  if (shotsDir && name) fs.writeFileSync(path.join(shotsDir, name), buf);
  return buf;
};
const shotPage = async (page, name) => { if (shotsDir) await page.screenshot({ path: path.join(shotsDir, name) }); };
async function setTime(page, t) {
  await page.$eval('#time', (el, v) => { el.value = String(v); el.dispatchEvent(new Event('input', { bubbles: true })); }, t);
  await waitFrames(page, 4);
}

try {
  // ---------------------------------------------------------------- open the file
  const { page, errors } = await newPage();
  await page.evaluate(() => { window.__t0 = performance.now(); });
  await page.setInputFiles('#fileA', resultsPath);
  await page.waitForFunction(() => document.body.dataset.mapReady === '1' || document.body.dataset.error === '1', null, { timeout: 120000, polling: 50 });
  // from before the file was set to the first frame with the links drawn, measured in the page
  const firstMap = await page.evaluate(() => (window.__ogan.stats.mapReadyAt - window.__t0) / 1000);
  const err0 = await page.$eval('#error', (e) => (e.hidden ? '' : e.textContent));
  check(!err0, `the viewer showed an error for ${resultsPath}: ${err0}`);
  check(errors.length === 0, `page errors: ${errors.join('\n')}`);
  log(`ok: opened ${path.basename(resultsPath)}, first map after ${firstMap.toFixed(2)} s`);

  // ---------------------------------------------------------------- KPI table
  const rows = await page.$$eval('#kpi tr[data-name]', (trs) => trs.map((tr) => ({
    name: tr.querySelector('td.name').textContent, value: tr.querySelector('td.value').dataset.value, unit: tr.querySelector('td.unit').textContent })));
  check(rows.length === expected.kpis.length, `KPI table has ${rows.length} rows, /summary has ${expected.kpis.length}`);
  for (let i = 0; i < rows.length; i++) {
    const e = expected.kpis[i], r = rows[i];
    const v = Number(r.value);
    check(r.name === e.name, `KPI row ${i}: name ${JSON.stringify(r.name)}, file ${JSON.stringify(e.name)}`);
    check(v === e.value || (Number.isNaN(v) && Number.isNaN(e.value)), `KPI ${e.name}: value ${r.value}, file ${e.value}`);
    check(r.unit === e.unit, `KPI ${e.name}: unit ${JSON.stringify(r.unit)}, file ${JSON.stringify(e.unit)}`);
  }
  log(`ok: KPI table equals /summary (${rows.length} KPIs)`);

  // ---------------------------------------------------------------- slider changes link colours
  const layer = await page.$eval('#layer', (e) => e.value);
  check(layer === 'volume_pcu', `default layer is ${layer}, expected volume_pcu`);
  await setTime(page, expected.tLow);
  const shotLow = await mapShot(page, null);
  await setTime(page, expected.tHigh);
  const shotHigh = await mapShot(page, 'volume_map.png');
  const tShown = await page.evaluate(() => window.__ogan.state.t);
  check(tShown === expected.tHigh, `slider set to ${expected.tHigh}, viewer at ${tShown}`);
  const changed = diffCount(await pixels(shotLow), await pixels(shotHigh));
  check(changed > 500, `moving the slider from interval ${expected.tLow} to ${expected.tHigh} changed only ${changed} pixels of the map`);
  log(`ok: slider ${expected.tLow} -> ${expected.tHigh} changed ${changed} map pixels`);

  // ---------------------------------------------------------------- frames per second while playing
  await page.selectOption('#speed', '0');
  const before = await page.evaluate(() => ({ r: window.__ogan.stats.linkDraws, s: window.__ogan.stats.playFrames, t: performance.now() }));
  await page.click('#play');
  await page.waitForTimeout(3000);
  await page.click('#play');
  const after = await page.evaluate(() => ({ r: window.__ogan.stats.linkDraws, s: window.__ogan.stats.playFrames, t: performance.now() }));
  const secs = (after.t - before.t) / 1000;
  const fps = Math.min(after.r - before.r, after.s - before.s) / secs;
  log(`ok: played ${after.s - before.s} intervals (one per animation frame), ${after.r - before.r} link redraws in ${secs.toFixed(2)} s`);
  check(errors.length === 0, `page errors while playing: ${errors.join('\n')}`);

  // ---------------------------------------------------------------- facility chart
  const fi = expected.best;
  check(fi >= 0, 'the file has no queueing facility');
  const [lon, lat] = await page.evaluate((i) => window.__ogan.facilityLonLat(i), fi);
  await page.evaluate(([x, y]) => window.__ogan.setView({ longitude: x, latitude: y, zoom: 15 }), [lon, lat]);
  await waitFrames(page, 5);
  const [px, py] = await page.evaluate(([x, y]) => window.__ogan.project(x, y), [lon, lat]);
  const box = await page.locator('#map').boundingBox();
  await page.mouse.click(box.x + px, box.y + py);
  await page.waitForSelector('#chartPanel:not([hidden]) #chart[data-values]', { timeout: 20000 }).catch(async () => {
    const diag = await page.evaluate(([x, y, bx, by]) => ({ pick: (() => { const o = window.__ogan.deck.pickObject({ x, y, radius: 3 }); return o ? [o.layer.id, o.index] : null; })(), el: (() => { const e = document.elementFromPoint(bx + x, by + y); return e ? e.tagName + '#' + e.id + '.' + e.className : null; })(), sel: window.__ogan.state.sel, error: document.getElementById('error').textContent, view: window.__ogan.state.view && [window.__ogan.state.view.longitude, window.__ogan.state.view.latitude, window.__ogan.state.view.zoom] }), [px, py, box.x, box.y]);
    fail(`clicking facility ${fi} at pixel (${px.toFixed(0)}, ${py.toFixed(0)}) opened no chart: ${JSON.stringify(diag)}`);
  });
  const chart = await page.$eval('#chart', (e) => ({ kind: e.dataset.kind, index: Number(e.dataset.index), variable: e.dataset.variable, values: JSON.parse(e.dataset.values) }));
  check(chart.kind === 'facility', `the click opened a chart of a ${chart.kind}, expected a facility`);
  check(chart.index === fi, `the click opened facility ${chart.index}, expected ${fi}`);
  const want = expected.queueOf(fi);
  check(chart.values.length === want.length, `the chart has ${chart.values.length} values, the file ${want.length}`);
  for (let t = 0; t < want.length; t++) check(chart.values[t] === want[t], `facility ${fi} chart, interval ${t}: ${chart.values[t]}, file queue ${want[t]}`);
  log(`ok: facility ${fi} chart equals /services/facilities/queue (${want.length} values)`);
  await shotPage(page, 'facility_chart.png');

  // ---------------------------------------------------------------- compare with itself
  await page.evaluate(() => window.__ogan.setView({ zoom: window.__ogan.state.view.zoom - 2 }));
  await page.setInputFiles('#fileB', resultsPath);
  await page.waitForSelector('#diffinfo[data-nonzero]', { timeout: 60000 });
  const di = await page.$eval('#diffinfo', (e) => ({ ...e.dataset }));
  check(di.layer === 'volume_pcu', `difference shown for ${di.layer}`);
  check(Number(di.matched) === expected.L && Number(di.n) === expected.L, `links matched A-B: ${di.matched} of ${di.n}, expected all ${expected.L}`);
  check(Number(di.nonzero) === 0, `a file diffed with itself: ${di.nonzero} non-zero differences`);
  const deltas = await page.$$eval('#kpi td.delta', (tds) => tds.map((td) => td.dataset.value));
  check(deltas.length === expected.kpis.length, `compare KPI table has ${deltas.length} deltas, expected ${expected.kpis.length}`);
  for (const d of deltas) check(Number(d) === 0 || d === 'NaN', `KPI delta of a file with itself: ${d}`);
  // only the links on the map: every pixel must be grey (neutral links on the neutral background)
  for (const id of ['#showZones', '#showKec', '#showRiver', '#showFac']) await page.uncheck(id);
  await page.mouse.move(2, 2);
  await setTime(page, expected.tHigh);
  const cmpShot = await mapShot(page, 'compare_view.png');
  const px2 = await pixels(cmpShot);
  const tb = await page.locator('#timebar').boundingBox(), mb = await page.locator('#mapwrap').boundingBox();
  const yMax = Math.floor(tb.y - mb.y) - 2;
  let coloured = 0, grey = 0;
  for (let y = 0; y < Math.min(px2.h, yMax); y++) for (let x = 0; x < px2.w; x++) {
    const i = (y * px2.w + x) * 4, r = px2.data[i], g = px2.data[i + 1], b = px2.data[i + 2];
    if (Math.max(r, g, b) - Math.min(r, g, b) > 12) coloured++;
    else if (r < 225) grey++;
  }
  check(grey > 500, `compare view: only ${grey} link pixels drawn`);
  check(coloured === 0, `a file diffed with itself: ${coloured} coloured (non-neutral) pixels on the map`);
  log(`ok: the file diffed with itself shows zero difference (${di.matched} links matched, ${grey} neutral link pixels, 0 coloured)`);
  for (const id of ['#showZones', '#showKec', '#showRiver', '#showFac']) await page.check(id);
  await waitFrames(page, 3);
  await shotPage(page, 'compare_page.png');
  check(errors.length === 0, `page errors: ${errors.join('\n')}`);

  // ---------------------------------------------------------------- the URL hash keeps the view
  await page.waitForTimeout(400);
  const hash = await page.evaluate(() => location.hash);
  for (const k of ['layer=volume_pcu', `t=${expected.tHigh}`, 'z=', 'c=', `sel=facility%3A${fi}`]) check(hash.includes(k), `URL hash ${hash} lacks ${k}`);
  log(`ok: URL hash ${hash}`);
  await page.close();

  // ---------------------------------------------------------------- bad files
  for (const [what, p] of badFiles) {
    const { page: bp, errors: berr } = await newPage();
    await bp.setInputFiles('#fileA', p);
    await bp.waitForSelector('#error:not([hidden])', { timeout: 60000 }).catch(() => fail(`${what}: no error message shown`));
    const msg = (await bp.$eval('#error', (e) => e.textContent)).trim();
    check(msg.length > 10, `${what}: empty error message`);
    await bp.waitForTimeout(300);
    check(berr.length === 0, `${what}: uncaught page errors: ${berr.join('\n')}`);
    check(!(await bp.evaluate(() => document.body.dataset.mapReady)), `${what}: a map was drawn`);
    log(`ok: ${what}: "${msg}"`);
    await bp.close();
  }

  console.log(`first_map_s=${firstMap.toFixed(2)} fps=${fps.toFixed(1)}`);
  if (full) {
    check(firstMap <= 3, `first map after ${firstMap.toFixed(2)} s, more than 3 s`);
    check(fps >= 30, `${fps.toFixed(1)} frames per second while playing, fewer than 30`);
  }
  console.log('PASS');
  await cleanup();
  process.exit(0);
} catch (e) {
  if (e && e.message === '__exit__') await new Promise(() => {});
  console.error(`FAIL: ${e && e.stack ? e.stack : e}`);
  await cleanup();
  process.exit(1);
}
