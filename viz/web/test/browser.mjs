#!/usr/bin/env node
// Browser test of the ogan web viewer (viz/web): serves dist/ on 127.0.0.1, opens a results file
// in headless Chromium through the file input and checks the page against the file itself.
//
//   node viz/web/test/browser.mjs RESULTS.h5 [--sweep INDEX.h5] [--twin TWIN.h5] [--ogan-viz OGAN_VIZ]
//        [--full] [--screenshots DIR] [--only base,sweep,twin,bad]
//
// --sweep: a sweep's index.h5 (its runs next to it, runs/ID.h5), served at /data/ and opened with
// ?file=data/index.h5, by `ogan-viz web --data` if --ogan-viz is given (else by this script's
// server); --twin: a results file with /observations, a fork (fixtures.mjs makes both).
// --full enforces first map <= 3 s and >= 30 frames per second while playing (otherwise they are
// only printed: a loaded CI machine). Exits non-zero with a message on the first failure.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import h5wasm from 'h5wasm/node';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '..', 'dist');
const args = process.argv.slice(2);
const USAGE = 'usage: node viz/web/test/browser.mjs RESULTS.h5 [--sweep INDEX.h5] [--twin TWIN.h5] [--ogan-viz OGAN_VIZ] [--full] [--screenshots DIR] [--only base,sweep,twin,bad]';
let resultsPath = null, full = false, shotsDir = null, sweepPath = null, twinPath = null, only = null, oganViz = null;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--full') full = true;
  else if (args[i] === '--screenshots') shotsDir = args[++i];
  else if (args[i] === '--sweep') sweepPath = path.resolve(args[++i]);
  else if (args[i] === '--twin') twinPath = path.resolve(args[++i]);
  else if (args[i] === '--only') only = new Set(args[++i].split(','));
  else if (args[i] === '--ogan-viz') oganViz = path.resolve(args[++i]);
  else if (args[i] === '-h' || args[i] === '--help') { console.log(USAGE); process.exit(0); }
  else if (!resultsPath) resultsPath = path.resolve(args[i]);
  else fail(`unexpected argument ${args[i]}`);
}
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

let browser = null, server = null, tmp = null, vizServer = null;
function fail(msg) {
  console.error(`FAIL: ${msg}`);
  cleanup().finally(() => process.exit(1));
  throw new Error('__exit__');
}
async function cleanup() {
  try { if (browser) await browser.close(); } catch (e) { /* ignore */ }
  try { if (server) server.close(); } catch (e) { /* ignore */ }
  try { if (vizServer) vizServer.kill(); } catch (e) { /* ignore */ }
  try { if (tmp) fs.rmSync(tmp, { recursive: true, force: true }); } catch (e) { /* ignore */ }
}
function check(cond, msg) { if (!cond) fail(msg); }
function log(msg) { console.log(msg); }

// ------------------------------------------------------------------ inputs
if (!resultsPath) fail(USAGE);
const part = (k) => !only || only.has(k);
for (const p of [resultsPath, sweepPath, twinPath, oganViz]) if (p) check(fs.existsSync(p), `no such file: ${p}`);
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
// the viewer at /, the sweep's folder (the index and its runs/) at /data/
const dataDir = sweepPath ? path.dirname(sweepPath) : null;
server = http.createServer((req, res) => {
  let u = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (u.endsWith('/')) u += 'index.html';
  const inData = dataDir && u.startsWith('/data/');
  const root = inData ? dataDir : dist;
  const p = path.normalize(path.join(root, inData ? u.slice(5) : u));
  if (!p.startsWith(root + path.sep) || !fs.existsSync(p) || !fs.statSync(p).isFile()) { res.writeHead(404); res.end('not found'); return; }
  res.writeHead(200, { 'Content-Type': MIME[path.extname(p)] || 'application/octet-stream' });
  fs.createReadStream(p).pipe(res);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/index.html`;

// ------------------------------------------------------------------ browser
browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'] });
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });

async function newPage(query = '', base = url) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e && e.stack ? e.stack : e)));
  await page.goto(base + query);
  // the page sets up its renderer and HDF5 reader while waiting for a file
  await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 60000 });
  return { page, errors };
}

// PNG comparison and colour checks decoded by the browser itself; only counts come back (the
// pixels themselves through the protocol would take seconds)
const helper = await context.newPage();
await helper.goto(url.replace('index.html', 'nonexistent-helper'));
await helper.evaluate(() => {
  window.decodePng = async (b64) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    return { w: c.width, h: c.height, data: g.getImageData(0, 0, c.width, c.height).data };
  };
});
// pixels that differ between two screenshots
const diffCount = (a, b) => helper.evaluate(async ([x, y]) => {
  const p = await window.decodePng(x), q = await window.decodePng(y);
  let n = 0;
  for (let i = 0; i < p.data.length; i += 4) if (p.data[i] !== q.data[i] || p.data[i + 1] !== q.data[i + 1] || p.data[i + 2] !== q.data[i + 2]) n++;
  return n;
}, [a.toString('base64'), b.toString('base64')]);
// coloured (not grey) pixels, and grey ones darker than the background, above row yMax
const greyAndColoured = (png, yMax) => helper.evaluate(async ([x, ym]) => {
  const p = await window.decodePng(x);
  let coloured = 0, grey = 0;
  for (let y = 0; y < Math.min(p.h, ym); y++) for (let xx = 0; xx < p.w; xx++) {
    const i = (y * p.w + xx) * 4, r = p.data[i], g = p.data[i + 1], b = p.data[i + 2];
    if (Math.max(r, g, b) - Math.min(r, g, b) > 12) coloured++;
    else if (r < 225) grey++;
  }
  return { coloured, grey };
}, [png.toString('base64'), yMax]);
// pixels within `radius` of (cx, cy) of colour rgb (each channel within tol)
const pixelsOfColour = (png, cx, cy, radius, rgb, tol) => helper.evaluate(async ([x, c]) => {
  const p = await window.decodePng(x);
  let n = 0;
  for (let y = Math.max(0, Math.round(c.cy - c.radius)); y <= Math.min(p.h - 1, Math.round(c.cy + c.radius)); y++) {
    for (let xx = Math.max(0, Math.round(c.cx - c.radius)); xx <= Math.min(p.w - 1, Math.round(c.cx + c.radius)); xx++) {
      const i = (y * p.w + xx) * 4;
      if (Math.abs(p.data[i] - c.rgb[0]) <= c.tol && Math.abs(p.data[i + 1] - c.rgb[1]) <= c.tol && Math.abs(p.data[i + 2] - c.rgb[2]) <= c.tol) n++;
    }
  }
  return n;
}, [png.toString('base64'), { cx, cy, radius, rgb, tol }]);
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

// ------------------------------------------------------------------ helpers of the sweep and twin parts
const clean = (x) => String(x).replace(/\0+$/, '');
const arr = (v) => (Array.isArray(v) || ArrayBuffer.isView(v) ? Array.from(v) : [v]);
const strs = (f, k) => arr(f.get(k).value).map(clean);
const nums = (f, k) => arr(f.get(k).value).map(Number);
const sameNumber = (a, b) => a === b || (Number.isNaN(a) && Number.isNaN(b));
const hhmm = (s) => `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}`;
function summaryOf(p) {
  const f = new h5wasm.File(p, 'r');
  const names = strs(f, 'summary/kpi_name'), values = nums(f, 'summary/kpi_value'), units = strs(f, 'summary/kpi_unit');
  const runId = f.attrs.run_id ? clean(f.attrs.run_id.value) : '';
  f.close();
  return { kpis: names.map((n, i) => ({ name: n, value: values[i], unit: units[i] })), runId };
}
async function checkKpiTable(page, want, what) {
  const rows = await page.$$eval('#kpi tr[data-name]', (trs) => trs.map((tr) => ({
    name: tr.querySelector('td.name').textContent, value: Number(tr.querySelector('td.value').dataset.value), unit: tr.querySelector('td.unit').textContent })));
  check(rows.length === want.length, `${what}: KPI table has ${rows.length} rows, /summary has ${want.length}`);
  rows.forEach((r, i) => check(r.name === want[i].name && sameNumber(r.value, want[i].value) && r.unit === want[i].unit,
    `${what}: KPI row ${i}: ${JSON.stringify(r)}, file ${JSON.stringify(want[i])}`));
}
async function waitMap(page, what) {
  await page.waitForFunction(() => document.body.dataset.mapReady === '1' || document.body.dataset.error === '1', null, { timeout: 120000, polling: 50 });
  const err = await page.$eval('#error', (e) => (e.hidden ? '' : e.textContent));
  check(!err, `${what}: the viewer showed an error: ${err}`);
}
// the order of rows sorted by values (numbers, or texts that are numbers), NaN last, ties by row
function sortedRuns(values, asc) {
  const key = values.map((v) => (typeof v === 'number' ? v : Number(v)));
  return key.map((_, i) => i).sort((a, b) => {
    const x = key[a], y = key[b];
    if (Number.isNaN(x) || Number.isNaN(y)) return (Number.isNaN(x) ? 1 : 0) - (Number.isNaN(y) ? 1 : 0) || a - b;
    return (asc ? x - y : y - x) || a - b;
  });
}

function readSweep(p) {
  const f = new h5wasm.File(p, 'r');
  const sw = { ids: strs(f, 'runs/id'), status: strs(f, 'runs/status'), file: strs(f, 'runs/file'), seed: nums(f, 'runs/seed'), axes: [], params: {}, kpiNames: strs(f, 'runs/kpi_names'), kpi: {} };
  const pg = f.get('runs/param');
  if (pg) for (const k of pg.keys()) { sw.axes.push(k); sw.params[k] = strs(f, `runs/param/${k}`); }
  for (const k of sw.kpiNames) sw.kpi[k] = nums(f, `runs/kpi/${k}`);
  f.close();
  return sw;
}

async function testSweep() {
  const sw = readSweep(sweepPath);
  const n = sw.ids.length, dir = path.dirname(sweepPath);
  check(n >= 2 && sw.axes.length >= 1, `the sweep ${sweepPath} has ${n} runs and ${sw.axes.length} axes: the test needs 2 runs and an axis`);
  // ---------------------------------------------------------------- served over http: ?file=
  let base = url, by = 'this test\'s server';
  if (oganViz) {
    // ogan-viz web DIST --data SWEEP, on a free port
    vizServer = spawn(oganViz, ['web', dist, '--port', '0', '--data', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise((ok, no) => {
      let text = '';
      vizServer.stdout.on('data', (d) => { text += d; const m = text.match(/http:\/\/127\.0\.0\.1:(\d+)\//); if (m) ok(Number(m[1])); });
      vizServer.on('exit', (code) => no(new Error(`ogan-viz web exited (${code}): ${text}`)));
    });
    base = `http://127.0.0.1:${port}/`;
    by = 'ogan-viz web --data';
  }
  const { page, errors } = await newPage(`?file=data/${path.basename(sweepPath)}`, base);
  await page.waitForSelector('#sweepTable tr.run', { timeout: 60000 }).catch(async () => fail(`?file=: no sweep table; ${await page.$eval('#error', (e) => e.textContent)}`));
  const readTable = () => page.$$eval('#sweepTable tbody tr.run', (trs) => trs.map((tr) => ({
    run: Number(tr.dataset.run), id: tr.dataset.id, v: Object.fromEntries([...tr.querySelectorAll('td')].map((td) => [td.dataset.key, td.dataset.value])) })));
  const heads = await page.$$eval('#sweepTable th', (ths) => ths.map((th) => th.dataset.key));
  for (const k of sw.axes) check(heads.includes(`param:${k}`), `the sweep table has no column for the axis ${k}: ${heads}`);
  const kpiHeads = heads.filter((h) => h.startsWith('kpi:'));
  check(JSON.stringify(kpiHeads) === JSON.stringify(sw.kpiNames.map((k) => `kpi:${k}`)), `the sweep table's KPI columns ${kpiHeads} are not /runs/kpi_names ${sw.kpiNames}`);
  const rows = await readTable();
  check(rows.length === n, `the sweep table has ${rows.length} runs, the index ${n}`);
  rows.forEach((r, i) => {
    check(r.run === i && r.id === sw.ids[i], `sweep row ${i}: run ${r.run} ${r.id}, index ${sw.ids[i]}`);
    check(r.v.status === sw.status[i], `run ${r.id}: status ${r.v.status}, index ${sw.status[i]}`);
    check(Number(r.v.seed) === sw.seed[i], `run ${r.id}: seed ${r.v.seed}, index ${sw.seed[i]}`);
    for (const k of sw.axes) check(r.v[`param:${k}`] === sw.params[k][i], `run ${r.id}: ${k} = ${r.v[`param:${k}`]}, index ${sw.params[k][i]}`);
    for (const k of sw.kpiNames) check(sameNumber(Number(r.v[`kpi:${k}`]), sw.kpi[k][i]), `run ${r.id}: ${k} = ${r.v[`kpi:${k}`]}, index ${sw.kpi[k][i]}`);
  });
  log(`ok: sweep table (index served over http by ${by}, ?file=): ${n} runs with ${sw.axes.length} axis and ${sw.kpiNames.length} KPIs equal /runs`);
  // ---------------------------------------------------------------- sorting by a clicked column
  const identity = JSON.stringify([...Array(n).keys()]);
  const kpiKey = sw.kpiNames.map((k) => ({ k, d: new Set(sw.kpi[k]).size })).filter((x) => JSON.stringify(sortedRuns(sw.kpi[x.k], true)) !== identity).sort((a, b) => b.d - a.d)[0];
  check(kpiKey, 'no KPI of the sweep orders the runs otherwise than the index does: the sorting cannot be seen');
  const sorts = [[`param:${sw.axes[0]}`, sw.params[sw.axes[0]]], [`kpi:${kpiKey.k}`, sw.kpi[kpiKey.k]]];
  for (const [key, values] of sorts) {
    for (const asc of [true, false]) {
      await page.click(`#sweepTable th[data-key="${key}"]`);
      const got = (await readTable()).map((r) => r.run), want = sortedRuns(values, asc);
      check(JSON.stringify(got) === JSON.stringify(want), `sorted by ${key} ${asc ? 'ascending' : 'descending'}: runs ${got}, expected ${want}`);
      const aria = await page.getAttribute(`#sweepTable th[data-key="${key}"]`, 'aria-sort');
      check(aria === (asc ? 'ascending' : 'descending'), `the sorted column ${key} has aria-sort ${aria}`);
    }
  }
  log(`ok: sorting by ${sorts.map((x) => x[0]).join(' and ')}, ascending and descending, orders the runs as their values`);
  // ---------------------------------------------------------------- a click on a run opens its results file
  const k = Number(await page.getAttribute('#sweepTable tbody tr.run:nth-child(2)', 'data-run'));
  await page.click(`#sweepTable tr.run[data-run="${k}"]`);
  await waitMap(page, `run ${sw.ids[k]} opened from the sweep table`);
  const run = summaryOf(path.join(dir, sw.file[k]));
  check(run.runId === sw.ids[k], `${sw.file[k]} has run_id ${run.runId}, the index says ${sw.ids[k]}`);
  await checkKpiTable(page, run.kpis, `run ${sw.ids[k]}`);
  const shown = await page.evaluate(() => ({ runId: window.__ogan.state.A.attrs.run_id, name: document.getElementById('nameA').textContent, table: !document.getElementById('sweepView').hidden, back: !document.getElementById('sweepBack').hidden }));
  check(shown.runId === sw.ids[k] && shown.name.includes(sw.file[k]), `after a click on run ${sw.ids[k]}: ${JSON.stringify(shown)}`);
  check(!shown.table && shown.back, `after opening a run: sweep table shown ${shown.table}, button back to it ${shown.back}`);
  log(`ok: a click on run ${sw.ids[k]} downloads ${sw.file[k]} next to the index and its KPI table equals its /summary (${run.kpis.length} KPIs)`);
  await page.click('#sweepBack');
  await page.waitForSelector('#sweepView:not([hidden]) #sweepTable');
  const back = await page.evaluate(() => ({ current: document.querySelector('#sweepTable tr.current')?.dataset.run, sort: document.querySelector('#sweepTable th[aria-sort]')?.dataset.key }));
  check(Number(back.current) === k && back.sort === sorts[1][0], `back at the sweep table: current run ${back.current}, sorted by ${back.sort}`);
  await page.setViewportSize({ width: 1600, height: 800 }); // the figure: the sorted KPI in view
  await shotPage(page, 'sweep_table.png');
  check(errors.length === 0, `page errors: ${errors.join('\n')}`);
  await page.close();
  if (vizServer) { vizServer.removeAllListeners('exit'); vizServer.kill(); vizServer = null; }

  // ---------------------------------------------------------------- files picked: the index alone, with a run, the folder
  const { page: p2, errors: e2 } = await newPage();
  const j = sw.status.findIndex((st, i) => st === 'complete' && i !== k);
  await p2.setInputFiles('#fileA', sweepPath);
  await p2.waitForSelector('#sweepTable tr.run', { timeout: 60000 });
  await p2.click(`#sweepTable tr.run[data-run="${j}"]`);
  await p2.waitForSelector('#error:not([hidden])', { timeout: 10000 }).catch(() => fail(`index picked alone: a click on run ${sw.ids[j]} showed no message`));
  const msg = await p2.$eval('#error', (e) => e.textContent);
  check(msg.includes(sw.file[j]) && msg.includes('Sweep folder'), `index picked alone: the message does not say to open ${sw.file[j]} or the folder: ${msg}`);
  check(!(await p2.evaluate(() => document.body.dataset.mapReady)), 'index picked alone: a map was drawn');
  log(`ok: index picked alone, a click on run ${sw.ids[j]}: "${msg}"`);
  await p2.setInputFiles('#fileA', [sweepPath, path.join(dir, sw.file[j])]);
  await p2.waitForFunction(() => window.__ogan.state.sweep && window.__ogan.state.sweep.files && window.__ogan.state.sweep.files.length === 2, null, { timeout: 60000 });
  await p2.click(`#sweepTable tr.run[data-run="${j}"]`);
  await waitMap(p2, `run ${sw.ids[j]} picked with the index`);
  await checkKpiTable(p2, summaryOf(path.join(dir, sw.file[j])).kpis, `run ${sw.ids[j]} picked with the index`);
  log(`ok: index and ${sw.file[j]} picked together: a click on the run opens it (KPI table equals its /summary)`);
  const m = sw.status.findIndex((st, i) => st === 'complete' && i !== j);
  await p2.setInputFiles('#folderA', dir);
  await p2.waitForSelector('#sweepView:not([hidden]) #sweepTable tr.run', { timeout: 60000 });
  await p2.click(`#sweepTable tr.run[data-run="${m}"]`);
  await waitMap(p2, `run ${sw.ids[m]} of the picked folder`);
  await checkKpiTable(p2, summaryOf(path.join(dir, sw.file[m])).kpis, `run ${sw.ids[m]} of the picked folder`);
  log(`ok: the sweep's folder picked: a click on run ${sw.ids[m]} opens ${sw.file[m]} (KPI table equals its /summary)`);
  check(e2.length === 0, `page errors: ${e2.join('\n')}`);
  await p2.close();
}

function readTwin(p) {
  const f = new h5wasm.File(p, 'r');
  const at = (k) => (f.attrs[k] ? f.attrs[k].value : undefined);
  const o = 'observations/';
  const tw = {
    parentState: at('parent_state') === undefined ? null : clean(at('parent_state')), parentTime: Number(at('parent_time_s')),
    events: f.get('scenario/events') ? strs(f, 'scenario/events').filter((e) => e !== '') : [],
    ids: strs(f, o + 'stations/id'), links: nums(f, o + 'stations/link'),
    station: nums(f, o + 'counts/station'), from: nums(f, o + 'counts/from_s'), to: nums(f, o + 'counts/to_s'), cls: nums(f, o + 'counts/class'),
    observed: nums(f, o + 'counts/observed'), simulated: nums(f, o + 'counts/simulated'),
    classes: clean(f.get(o + 'counts/class').attrs.classes.value).split(','),
    kpis: strs(f, o + 'summary/kpi_name').map((n, i, a) => ({ name: n, value: nums(f, o + 'summary/kpi_value')[i] })),
  };
  f.close();
  return tw;
}

async function testTwin() {
  const tw = readTwin(twinPath);
  check(tw.parentState !== null, `${twinPath} is not a fork (no parent_state)`);
  const { page, errors } = await newPage();
  await page.setInputFiles('#fileA', twinPath);
  await waitMap(page, path.basename(twinPath));
  // ---------------------------------------------------------------- the fork: parent and time
  const fk = await page.$eval('#forkInfo', (e) => ({ ...e.dataset, text: e.textContent }));
  check(fk.parentState === tw.parentState && Number(fk.parentTimeS) === tw.parentTime, `fork shown: ${JSON.stringify(fk)}, file: ${tw.parentState} at ${tw.parentTime}`);
  check(fk.text.includes(path.basename(tw.parentState)) && fk.text.includes(hhmm(tw.parentTime)), `the fork's text does not name ${path.basename(tw.parentState)} and ${hhmm(tw.parentTime)}: ${fk.text}`);
  const events = await page.$$eval('#events li', (lis) => lis.map((li) => li.textContent));
  check(JSON.stringify(events) === JSON.stringify(tw.events), `events shown ${JSON.stringify(events)}, /scenario/events ${JSON.stringify(tw.events)}`);
  log(`ok: fork of ${path.basename(tw.parentState)} at ${hhmm(tw.parentTime)} shown, with its ${events.length} event(s)`);
  // ---------------------------------------------------------------- observed against simulated
  const pts = await page.$$eval('#obsScatter circle.obs', (cs) => cs.map((c) => ({ i: Number(c.dataset.record), s: Number(c.dataset.station), o: Number(c.dataset.observed), m: Number(c.dataset.simulated) })));
  const want = tw.observed.map((_, i) => i).filter((i) => Number.isFinite(tw.observed[i]) && Number.isFinite(tw.simulated[i]));
  check(pts.length === want.length && want.length > 0, `the scatter has ${pts.length} points, /observations/counts ${want.length} records with both counts`);
  pts.forEach((p, q) => {
    const i = want[q];
    check(p.i === i && p.s === tw.station[i] && p.o === tw.observed[i] && p.m === tw.simulated[i], `scatter point ${q}: ${JSON.stringify(p)}, record ${i}: station ${tw.station[i]}, observed ${tw.observed[i]}, simulated ${tw.simulated[i]}`);
  });
  const okpi = await page.$$eval('#obsKpi tr[data-name]', (trs) => trs.map((tr) => ({ name: tr.dataset.name, value: Number(tr.querySelector('td.value').dataset.value) })));
  check(okpi.length === tw.kpis.length && okpi.every((r, i) => r.name === tw.kpis[i].name && sameNumber(r.value, tw.kpis[i].value)), `observation KPIs shown ${JSON.stringify(okpi)}, file ${JSON.stringify(tw.kpis)}`);
  const sids = await page.$$eval('#stationTable tr[data-station] td:first-child', (tds) => tds.map((td) => td.textContent));
  check(JSON.stringify(sids) === JSON.stringify(tw.ids), `station table ${sids}, /observations/stations/id ${tw.ids}`);
  log(`ok: observed against simulated: ${pts.length} points equal /observations/counts, ${okpi.length} KPIs, ${sids.length} stations`);
  // ---------------------------------------------------------------- a station on the map, clicked
  const s = 0;
  const [lon, lat] = await page.evaluate((i) => window.__ogan.stationLonLat(i), s);
  await page.evaluate(([x, y]) => window.__ogan.setView({ longitude: x, latitude: y, zoom: 15 }), [lon, lat]);
  await page.mouse.move(2, 2);
  await waitFrames(page, 5);
  const [px, py] = await page.evaluate(([x, y]) => window.__ogan.project(x, y), [lon, lat]);
  const fill = [118, 42, 131];
  const on = await pixelsOfColour(await mapShot(page, null), px, py, 4, fill, 10);
  await page.uncheck('#showStations');
  await waitFrames(page, 4);
  const off = await pixelsOfColour(await mapShot(page, null), px, py, 4, fill, 10);
  await page.check('#showStations');
  await waitFrames(page, 4);
  check(on >= 20 && off === 0, `station ${tw.ids[s]} at pixel (${px.toFixed(0)}, ${py.toFixed(0)}): ${on} station-coloured pixels with the stations shown, ${off} without`);
  const box = await page.locator('#map').boundingBox();
  await page.mouse.click(box.x + px, box.y + py);
  await page.waitForSelector('#chartPanel:not([hidden]) #chart[data-kind="station"]', { timeout: 20000 }).catch(() => fail(`a click on station ${tw.ids[s]} opened no chart`));
  const chart = await page.$eval('#chart', (e) => ({ index: Number(e.dataset.index), values: JSON.parse(e.dataset.values), fork: !!e.querySelector('line.fork') }));
  const recs = tw.station.map((_, i) => i).filter((i) => tw.station[i] === s).map((i) => ({ from: tw.from[i], to: tw.to[i], class: tw.classes[tw.cls[i]], observed: tw.observed[i], simulated: tw.simulated[i] }));
  check(chart.index === s && chart.values.length === recs.length, `station chart of ${chart.index} with ${chart.values.length} records, expected station ${s} with ${recs.length}`);
  chart.values.forEach((r, q) => check(['from', 'to', 'class', 'observed', 'simulated'].every((f) => r[f] === recs[q][f]), `station ${tw.ids[s]} record ${q}: chart ${JSON.stringify(r)}, file ${JSON.stringify(recs[q])}`));
  check(chart.fork, 'the station chart has no line at the fork time');
  log(`ok: station ${tw.ids[s]} drawn at its link (${on} pixels, none when hidden); a click charts its ${recs.length} records as in the file, with the fork time`);
  await page.evaluate((l) => window.__ogan.select({ kind: 'link', index: l }), tw.links[s]);
  await page.waitForSelector('#chart[data-kind="link"] line.mark', { state: 'attached', timeout: 10000 }).catch(() => fail('a link chart of the fork has no line at the fork time'));
  log('ok: the link chart of the fork marks the fork time');
  // for the figure: the stations around the town, one station's chart and the twin panel beside
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.evaluate((i) => window.__ogan.select({ kind: 'station', index: i }), s);
  await page.$eval('#chartPanel', (e) => e.scrollIntoView());
  const all = await Promise.all(tw.ids.map((_, i) => page.evaluate((q) => window.__ogan.stationLonLat(q), i)));
  const lons = all.map((p) => p[0]), lats = all.map((p) => p[1]);
  const mb2 = await page.locator('#map').boundingBox();
  const span = Math.max(Math.max(...lons) - Math.min(...lons), (Math.max(...lats) - Math.min(...lats)) * mb2.width / mb2.height, 0.01);
  await page.evaluate((v) => window.__ogan.setView(v), { longitude: (Math.max(...lons) + Math.min(...lons)) / 2, latitude: (Math.max(...lats) + Math.min(...lats)) / 2, zoom: Math.log2((mb2.width * 360) / (span * 512 * 1.25)) });
  await page.mouse.move(2, 2);
  await waitFrames(page, 5);
  await shotPage(page, 'twin_view.png');
  check(errors.length === 0, `page errors: ${errors.join('\n')}`);
  await page.close();
}

let firstMap = NaN, fps = NaN;
try {
  if (part('base')) {
    // ---------------------------------------------------------------- open the file
    const { page, errors } = await newPage();
    await page.evaluate(() => { window.__t0 = performance.now(); });
    await page.setInputFiles('#fileA', resultsPath);
    await page.waitForFunction(() => document.body.dataset.mapReady === '1' || document.body.dataset.error === '1', null, { timeout: 120000, polling: 50 });
    // from before the file was set to the first frame with the links drawn, measured in the page
    firstMap = await page.evaluate(() => (window.__ogan.stats.mapReadyAt - window.__t0) / 1000);
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
    const changed = await diffCount(shotLow, shotHigh);
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
    fps = Math.min(after.r - before.r, after.s - before.s) / secs;
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
    const tb = await page.locator('#timebar').boundingBox(), mb = await page.locator('#mapwrap').boundingBox();
    const { coloured, grey } = await greyAndColoured(cmpShot, Math.floor(tb.y - mb.y) - 2);
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
  }

  if (sweepPath && part('sweep')) await testSweep();
  if (twinPath && part('twin')) await testTwin();

  // ---------------------------------------------------------------- bad files, one after the other on one page
  if (part('bad')) {
    const { page: bp, errors: berr } = await newPage();
    for (const [what, p] of badFiles) {
      await bp.evaluate(() => { const e = document.getElementById('error'); e.hidden = true; e.textContent = ''; });
      await bp.setInputFiles('#fileA', p);
      await bp.waitForSelector('#error:not([hidden])', { timeout: 60000 }).catch(() => fail(`${what}: no error message shown`));
      const msg = (await bp.$eval('#error', (e) => e.textContent)).trim();
      check(msg.length > 10 && msg.includes(path.basename(p)), `${what}: the message does not name ${path.basename(p)}: ${msg}`);
      await bp.waitForTimeout(300);
      check(berr.length === 0, `${what}: uncaught page errors: ${berr.join('\n')}`);
      check(!(await bp.evaluate(() => document.body.dataset.mapReady)), `${what}: a map was drawn`);
      log(`ok: ${what}: "${msg}"`);
    }
    await bp.close();
  }

  if (part('base')) console.log(`first_map_s=${firstMap.toFixed(2)} fps=${fps.toFixed(1)}`);
  if (full && part('base')) {
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
