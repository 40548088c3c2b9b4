#!/usr/bin/env node
// Files for the browser test (browser.mjs --sweep/--twin), made with ogan from the small OKU
// scenario of the bad-input catalogue (a 1 % sample, one iteration: about 1.5 s a run):
//
//   node viz/web/test/fixtures.mjs --ogan OGAN --scenario oku_small.yaml --results oku_small.h5 \
//        --policy scenarios/sweeps/policies/kemalaraja_servers.yaml -o OUT
//
// OUT/sweep/index.h5   ogan sweep: demand.work_from_home 0, 0.15 and 0.3 (3 runs, seed 3)
// OUT/twin.h5          ogan fork of the run with observations, saved at 10:00, with the policy
// OUT/observations/    6 count stations on busy links spread over the town (at least 1.5 km
//                      apart), hourly counts 06:00-18:00: the simulated counts of the run
//                      (oku_small.h5, seed 3) times made-up factors 0.75-1.25 (illustrative)
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import h5wasm from 'h5wasm/node';

const args = process.argv.slice(2);
const opt = {};
for (let i = 0; i < args.length; i += 2) opt[args[i].replace(/^-+/, '')] = args[i + 1];
const need = ['ogan', 'scenario', 'results', 'policy', 'o'];
for (const k of need) {
  if (!opt[k]) {
    console.error('usage: node fixtures.mjs --ogan OGAN --scenario SCENARIO.yaml --results RESULTS.h5 --policy POLICY.yaml -o OUT');
    process.exit(2);
  }
}
const out = path.resolve(opt.o);
const scenario = path.resolve(opt.scenario);
const seed = '3'; // as the catalogue's run (catalogue.results), whose counts the observations follow
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(path.join(out, 'observations'), { recursive: true });
const ogan = (...a) => {
  const t = Date.now();
  execFileSync(opt.ogan, a, { stdio: ['ignore', 'ignore', 'inherit'] });
  console.log(`ogan ${a.join(' ')}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
};

// ------------------------------------------------------------ observations
await h5wasm.ready;
{
  const f = new h5wasm.File(path.resolve(opt.results), 'r');
  const vol = f.get('traffic/links/volume_veh');
  const [T, L, M] = vol.shape;
  const v = vol.value;
  const off = f.get('network/links/geometry_offset').value;
  const gx = f.get('network/links/geometry_x').value, gy = f.get('network/links/geometry_y').value;
  const interval = Number(f.get('time/interval_start_s').value[1]);
  f.close();
  const day = new Float64Array(L);
  for (let i = 0; i < T * L * M; i++) day[Math.floor(i / M) % L] += v[i];
  const mid = (l) => { const m = (off[l] + off[l + 1] - 1) >> 1; return [gx[m], gy[m]]; };
  const order = Array.from({ length: L }, (_, l) => l).sort((a, b) => day[b] - day[a] || a - b);
  const chosen = [];
  for (const l of order) {
    const [x, y] = mid(l);
    if (chosen.every((c) => { const [cx, cy] = mid(c); return Math.hypot(x - cx, y - cy) > 1500; })) chosen.push(l);
    if (chosen.length === 6) break;
  }
  const perHour = 3600 / interval;
  const sim = (l, h, mode) => {
    let s = 0;
    for (let t = h * perHour; t < (h + 1) * perHour; t++) for (let m = 0; m < M; m++) if (mode < 0 || m === mode) s += v[(t * L + l) * M + m];
    return s;
  };
  let stations = '# made up for the browser test (viz/web/test/fixtures.mjs)\nstation_id,link_id\n';
  let counts = '# simulated counts times made-up factors: illustrative, not measured\nstation_id,from,to,class,count\n';
  const hh = (h) => `${String(h).padStart(2, '0')}:00`;
  chosen.forEach((l, k) => {
    const id = `s${k + 1}`;
    stations += `${id},${l}\n`;
    for (let h = 6; h < 18; h++) {
      const factor = 0.75 + (0.5 * ((k * 7 + h * 13) % 10)) / 9;
      counts += `${id},${hh(h)},${hh(h + 1)},all,${Math.round(sim(l, h, -1) * factor)}\n`;
      if (k === 0) counts += `${id},${hh(h)},${hh(h + 1)},motorcycle,${Math.round(sim(l, h, 0) * (2 - factor))}\n`;
    }
  });
  fs.writeFileSync(path.join(out, 'observations', 'stations.csv'), stations);
  fs.writeFileSync(path.join(out, 'observations', 'counts.csv'), counts);
}

// ------------------------------------------------------------ the twin: a run with observations, forked at 10:00
const state = path.join(out, 'state-10h.h5');
ogan('run', scenario, '--seed', seed, '--observations', path.join(out, 'observations'), '--snapshot', `10:00=${state}`,
  '-o', path.join(out, 'twin_parent.h5'));
ogan('fork', state, '--policy', path.resolve(opt.policy), '-o', path.join(out, 'twin.h5'));
fs.rmSync(state);

// ------------------------------------------------------------ a sweep of 3 runs
fs.writeFileSync(path.join(out, 'sweep.yaml'), `# made by viz/web/test/fixtures.mjs for the browser test
name: web_test_sweep
base: ${JSON.stringify(scenario)}
axes:
  demand.work_from_home: [0.0, 0.15, 0.3]
seed: ${seed}
run: {sample_rate: 0.01, iterations: 1}
`);
ogan('sweep', path.join(out, 'sweep.yaml'), '-o', path.join(out, 'sweep'), '--jobs', '1');
console.log(`written: ${out}/sweep/index.h5, ${out}/twin.h5`);
