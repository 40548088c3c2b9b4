// ogan viewer: results files opened in the browser, drawn with deck.gl over MapLibre.
import { Deck } from '@deck.gl/core';
import { PathLayer, PolygonLayer, SolidPolygonLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import { PolylineCanvas, lngLatToWorld } from './lines.js';
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import maplibreWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import './style.css';
import { h5 } from './h5client.js';
import { openFile, loadBase, readPaths, UserError } from './results.js';
import { SEQ, VIR, SPEED, VC, DIV, NEUTRAL, legendHtml, niceNumber } from './colors.js';
import { chartSvg, hhmm } from './chart.js';
import { loadSweep, renderSweep } from './sweep.js';
import { loadTwin, renderTwinPanel, stationChartSvg, STATION_FILL } from './twin.js';

const $ = (id) => document.getElementById(id);
const NONE = [205, 205, 205];
const UNMATCHED = [240, 160, 255];

// ---------------------------------------------------------------- state
const state = {
  A: null, B: null,
  layer: 'volume_pcu', t: 0, compare: false, sel: null,
  show: { links: true, zones: true, kec: true, river: true, fac: true, stations: true },
  playing: false,
  view: null,
  sweep: null, // {data (sweep.js), name, url, files, indexPath, run}: the sweep whose run is open
};
const stats = { linkDraws: 0, renders: 0, firstMapMs: null, fileSetAt: null, playFrames: 0 };
let deck = null, basemap = null;
let prepared = null; // {var, a, b, diff, domain, ...} for the active layer
let zoneGrid = null;

// ---------------------------------------------------------------- variables
const LINK_VARS = [
  { id: 'volume_pcu', label: 'Volume (pcu)', path: '/traffic/links/volume_pcu', lut: SEQ, width: true },
  { id: 'volume_veh', label: 'Volume, vehicles, all modes', path: '/traffic/links/volume_veh', mode: 'all', lut: SEQ, width: true },
  ...['motorcycle', 'car', 'angkot', 'ojek'].map((m) => ({ id: `volume_veh_${m}`, label: `Volume, vehicles: ${m}`, path: '/traffic/links/volume_veh', mode: m, lut: SEQ, width: true })),
  { id: 'vc', label: 'Volume / capacity', path: '/traffic/links/volume_capacity', lut: VC, fixed: [0, 1.2] },
  { id: 'speed', label: 'Mean speed', path: '/traffic/links/mean_speed_mps', factor: 3.6, units: 'km/h', lut: SPEED, zeroIsNone: true, reverseNote: 'grey: no vehicle left the link' },
  { id: 'queue', label: 'Queue at the link end', path: '/traffic/links/queue_pcu', lut: SEQ, width: true },
  { id: 'ttime', label: 'Mean link travel time', path: '/traffic/links/mean_travel_time_s', lut: SEQ, zeroIsNone: true },
].map((v) => ({ ...v, kind: 'link', timed: true }));
const FAC_VARS = [
  { id: 'fac_visits', label: 'Facilities: arrivals per day', path: '/services/day/arrivals', timed: false },
  { id: 'fac_served', label: 'Facilities: served per day', path: '/services/day/served', timed: false },
  { id: 'fac_queue', label: 'Facilities: queue', path: '/services/facilities/queue', timed: true },
  { id: 'fac_wait', label: 'Facilities: mean wait', path: '/services/facilities/mean_wait_s', timed: true, factor: 1 / 60, units: 'min' },
  { id: 'fac_util', label: 'Facilities: utilisation', path: '/services/facilities/utilisation', timed: true, fixed: [0, 1] },
].map((v) => ({ ...v, kind: 'facility', lut: SEQ }));
function zoneVars(res) {
  const vars = [
    { id: 'residents', label: 'Desa: residents', kind: 'zone', timed: false, lut: SEQ, units: 'persons', compute: (r) => Float64Array.from(r.zones.population) },
    { id: 'density', label: 'Desa: residents per km²', kind: 'zone', timed: false, lut: SEQ, units: 'persons/km²', compute: (r) => Float64Array.from(r.zones.population, (p, i) => (r.zones.area[i] > 0 ? p / r.zones.area[i] : 0)) },
    { id: 'present', label: 'People present (1 km grid)', kind: 'grid', timed: true, lut: SEQ, path: '/grids/present_population' },
  ];
  const acc = res.access;
  if (acc) {
    acc.types.forEach((type, j) => {
      vars.push({ id: `access30_${type}`, label: `Desa: share within 30 min of ${type} (motorcycle)`, kind: 'zone', timed: false, lut: VIR, fixed: [0, 1], path: '/services/accessibility/share_within_30min', column: j });
      vars.push({ id: `acctime_${type}`, label: `Desa: motorcycle time to ${type}`, kind: 'zone', timed: false, lut: SEQ, path: '/services/accessibility/motorcycle_time_s', column: j, factor: 1 / 60, units: 'min', negIsNone: true });
    });
  }
  return vars;
}
let VARS = [...LINK_VARS, ...FAC_VARS];
const varById = (id) => VARS.find((v) => v.id === id);

// ---------------------------------------------------------------- messages
function showError(msg) {
  const e = $('error');
  e.textContent = msg;
  e.hidden = !msg;
  document.body.dataset.error = msg ? '1' : '';
}
function status(msg) { $('status').textContent = msg || ''; }

window.addEventListener('unhandledrejection', (ev) => {
  ev.preventDefault();
  showError('Unexpected error: ' + (ev.reason && ev.reason.message ? ev.reason.message : ev.reason));
});
window.addEventListener('error', (ev) => {
  if (ev.error) showError('Unexpected error: ' + (ev.error.message || ev.error));
});

// ---------------------------------------------------------------- data preparation
const inflight = new Map();
async function dataset(res, path, optional = false) {
  const key = res.slot + path;
  if (res.cache.has(path)) return res.cache.get(path);
  if (inflight.has(key)) return inflight.get(key);
  const p = readPaths(res.slot, optional ? [] : [path], optional ? [path] : []).then((r) => {
    res.cache.set(path, r[path]);
    inflight.delete(key);
    return r[path];
  }, (e) => { inflight.delete(key); throw e; });
  inflight.set(key, p);
  return p;
}

/** Values of variable v in file res: {n, T, rows: Float32Array|Float64Array (T*n), units, raw?} */
async function varValues(res, v) {
  const ck = 'var:' + v.id;
  if (res.cache.has(ck)) return res.cache.get(ck);
  let n, T = v.timed ? res.T : 1, rows, units = v.units, raw = null;
  if (v.compute) {
    rows = v.compute(res); n = rows.length;
  } else {
    const d = await dataset(res, v.path, v.kind === 'grid');
    if (!d) return null;
    units = units || d.attrs.units;
    if (v.kind === 'link') {
      n = res.links.n;
      if (d.shape[0] !== res.T || d.shape[1] !== n) throw new UserError(`${v.path} has shape [${d.shape}], expected [${res.T}, ${n}, ...]`);
      if (v.mode) {
        const modes = String(d.attrs.modes || 'motorcycle,car,angkot,ojek').split(',');
        const M = d.shape[2];
        const col = v.mode === 'all' ? -1 : modes.indexOf(v.mode);
        if (v.mode !== 'all' && col < 0) throw new UserError(`${v.path} has no mode ${v.mode}`);
        rows = new Float32Array(T * n);
        const src = d.value;
        for (let i = 0; i < T * n; i++) {
          if (col >= 0) rows[i] = src[i * M + col];
          else { let s = 0; for (let m = 0; m < M; m++) s += src[i * M + m]; rows[i] = s; }
        }
      } else rows = d.value;
    } else if (v.kind === 'facility') {
      n = res.fac.n;
      rows = d.value;
      if (rows.length !== T * n) throw new UserError(`${v.path} has shape [${d.shape}], expected ${v.timed ? `[${T}, ${n}]` : `[${n}]`}`);
    } else if (v.kind === 'zone') {
      n = res.zones.n;
      const C = d.shape[1] || 1;
      rows = new Float64Array(n);
      for (let z = 0; z < n; z++) rows[z] = d.value[z * C + (v.column || 0)];
    } else if (v.kind === 'grid') {
      await gridGeometry(res);
      n = res.grid.nCells;
      rows = d.value;
      if (d.shape[0] !== T) throw new UserError(`${v.path}: ${d.shape[0]} time steps, expected ${T}`);
    }
    raw = rows;
    if (v.factor) { const s = new Float64Array(rows.length); for (let i = 0; i < rows.length; i++) s[i] = rows[i] * v.factor; rows = s; }
  }
  const out = { n, T, rows, units, raw };
  res.cache.set(ck, out);
  return out;
}

function percentileAbs(arr, q, step) {
  const sample = [];
  for (let i = 0; i < arr.length; i += step) { const a = Math.abs(arr[i]); if (a > 0 && isFinite(a)) sample.push(a); }
  if (!sample.length) return 0;
  sample.sort((a, b) => a - b);
  return sample[Math.min(sample.length - 1, Math.floor(q * sample.length))];
}

function matchIndex(A, B, kind) {
  // A row -> B row, -1 unmatched. Links: identical end-point coordinates; facilities: type + position; zones: code.
  const ck = 'match:' + kind;
  if (A.cache.has(ck) && A.cache.get(ck).B === B) return A.cache.get(ck).map;
  let ka, kb;
  if (kind === 'link') { ka = A.links.keys; kb = B.links.keys; }
  else if (kind === 'facility') { ka = Array.from(A.fac.x, (x, i) => `${A.fac.type[i]}|${x},${A.fac.y[i]}`); kb = Array.from(B.fac.x, (x, i) => `${B.fac.type[i]}|${x},${B.fac.y[i]}`); }
  else if (kind === 'zone') { ka = A.zones.code; kb = B.zones.code; }
  else return null;
  const m = new Map();
  for (let i = 0; i < kb.length; i++) { const list = m.get(kb[i]); if (list) list.push(i); else m.set(kb[i], [i]); }
  const map = new Int32Array(ka.length).fill(-1);
  const used = new Map();
  for (let i = 0; i < ka.length; i++) {
    const list = m.get(ka[i]);
    if (!list) continue;
    const k = used.get(ka[i]) || 0;
    if (k < list.length) { map[i] = list[k]; used.set(ka[i], k + 1); }
  }
  A.cache.set(ck, { B, map });
  return map;
}

async function prepare() {
  const v = varById(state.layer) || LINK_VARS[0];
  state.layer = v.id;
  const A = state.A;
  const a = await varValues(A, v);
  if (!a) { prepared = { v, missing: true }; return; }
  const p = { v, a, n: a.n, T: a.T, units: a.units };
  const diffable = state.compare && state.B && v.kind !== 'grid';
  if (diffable) {
    const b = await varValues(state.B, v);
    if (b && (!v.timed || b.T === a.T)) {
      const map = matchIndex(A, state.B, v.kind);
      const d = new Float64Array(a.T * a.n);
      let matched = 0;
      for (let t = 0; t < a.T; t++) {
        for (let i = 0; i < a.n; i++) {
          const j = map[i];
          d[t * a.n + i] = j >= 0 ? a.rows[t * a.n + i] - b.rows[t * b.n + j] : NaN;
        }
      }
      for (let i = 0; i < a.n; i++) if (map[i] >= 0) matched++;
      let nonzero = 0, maxAbs = 0;
      for (let i = 0; i < d.length; i++) { const x = Math.abs(d[i]); if (x > 0) { nonzero++; if (x > maxAbs) maxAbs = x; } }
      const lim = percentileAbs(d, 0.98, Math.max(1, Math.floor(d.length / 200000))) || 1;
      Object.assign(p, { b, map, diff: d, domain: [-lim, lim], matched, nonzero, maxAbs });
    } else if (b) {
      showError('B has a different number of time intervals than A: no difference shown.');
    }
  }
  if (!p.diff) {
    if (v.fixed) p.domain = v.fixed;
    else {
      const hi = percentileAbs(a.rows, 0.99, Math.max(1, Math.floor(a.rows.length / 200000)));
      p.domain = [0, hi > 0 ? hi : 1];
    }
  }
  prepared = p;
  updateLegend();
}

// ---------------------------------------------------------------- colours
const tmpColor = [0, 0, 0, 255];
function colorFor(val, p, alpha = 255) {
  if (p.diff) {
    if (Number.isNaN(val)) { tmpColor[0] = UNMATCHED[0]; tmpColor[1] = UNMATCHED[1]; tmpColor[2] = UNMATCHED[2]; tmpColor[3] = alpha; return tmpColor; }
    if (val === 0) { tmpColor[0] = NEUTRAL[0]; tmpColor[1] = NEUTRAL[1]; tmpColor[2] = NEUTRAL[2]; tmpColor[3] = alpha; return tmpColor; }
    let u = (val - p.domain[0]) / (p.domain[1] - p.domain[0]);
    u = u < 0 ? 0 : u > 1 ? 1 : u;
    const k = Math.round(u * 255) * 3;
    tmpColor[0] = DIV[k]; tmpColor[1] = DIV[k + 1]; tmpColor[2] = DIV[k + 2]; tmpColor[3] = alpha;
    return tmpColor;
  }
  if (!isFinite(val) || (p.v.zeroIsNone && val === 0) || (p.v.negIsNone && val < 0)) {
    tmpColor[0] = NONE[0]; tmpColor[1] = NONE[1]; tmpColor[2] = NONE[2]; tmpColor[3] = alpha; return tmpColor;
  }
  const lut = p.v.lut;
  let u = (val - p.domain[0]) / (p.domain[1] - p.domain[0]);
  u = u < 0 ? 0 : u > 1 ? 1 : u;
  const k = Math.round(u * 255) * 3;
  tmpColor[0] = lut[k]; tmpColor[1] = lut[k + 1]; tmpColor[2] = lut[k + 2]; tmpColor[3] = alpha;
  return tmpColor;
}
function frameValues(p) {
  const t = p.T > 1 ? Math.min(state.t, p.T - 1) : 0;
  const src = p.diff || p.a.rows;
  return src.subarray(t * p.n, (t + 1) * p.n);
}

function updateLegend() {
  const p = prepared;
  if (!p || p.missing) { $('legend').innerHTML = p && p.missing ? `<div class="legend-note">This file has no ${p.v.path}.</div>` : ''; return; }
  const v = p.v;
  const units = p.units === '1' ? '' : p.units;
  if (p.diff) {
    $('legend').innerHTML = legendHtml({ title: `${v.label}: A − B`, units, lut: DIV, min: p.domain[0], max: p.domain[1], diverging: true,
      swatches: [[`rgb(${NEUTRAL})`, 'no difference'], [`rgb(${UNMATCHED})`, 'no match in B']],
      note: `blue: A below B, red: A above B. ${v.kind === 'link' ? 'Links matched by identical end points' : v.kind === 'facility' ? 'Facilities matched by type and position' : 'Desa matched by code'}: ${p.matched} of ${p.n}.` });
    const di = $('diffinfo');
    di.dataset.matched = p.matched; di.dataset.n = p.n; di.dataset.nonzero = p.nonzero; di.dataset.maxAbs = p.maxAbs; di.dataset.layer = v.id;
    di.textContent = `${p.nonzero} non-zero differences over the day; largest |A − B| = ${niceNumber(p.maxAbs)} ${units}`;
  } else {
    $('legend').innerHTML = legendHtml({ title: v.label, units, lut: v.lut, min: p.domain[0], max: p.domain[1],
      swatches: v.zeroIsNone || v.negIsNone ? [[`rgb(${NONE})`, v.negIsNone ? 'unreachable' : 'no vehicles']] : null,
      note: v.fixed ? '' : `scale: 0 to the 99th percentile ${v.timed ? 'over the day' : 'of all ' + (v.kind === 'facility' ? 'facilities' : 'desa')}; above it, the darkest colour.` + (v.width ? ' Width by the same value.' : '') });
    $('diffinfo').textContent = '';
    delete $('diffinfo').dataset.nonzero;
  }
}

// ---------------------------------------------------------------- layers
let frameKey = 0;
function buildLayers() {
  const A = state.A;
  if (!A) return [];
  const p = prepared && !prepared.missing ? prepared : null;
  const v = p ? p.v : null;
  const vals = p ? frameValues(p) : null;
  const key = `${state.layer}|${p && p.T > 1 ? state.t : ''}|${p && p.diff ? 'd' : 'a'}|${frameKey}`;
  const layers = [];
  const zoneActive = v && v.kind === 'zone';
  if (zoneActive) {
    layers.push(new PolygonLayer({
      id: 'zones', data: A.zones.parts, getPolygon: (d) => d.polygon, filled: true, stroked: false, pickable: true,
      getFillColor: (d) => colorFor(vals[d.item], p, 150),
      updateTriggers: { getFillColor: key },
    }));
  }
  if (v && v.kind === 'grid' && A.grid) {
    layers.push(new SolidPolygonLayer({
      id: 'grid', data: A.grid.cells, getPolygon: (d) => d.polygon, pickable: true,
      getFillColor: (d) => { const x = vals[d.cell]; return x > 0 ? colorFor(x, p, 170) : [0, 0, 0, 0]; },
      updateTriggers: { getFillColor: key },
    }));
  }
  const selLink = state.sel && state.sel.kind === 'link' ? state.sel.index : state.sel && state.sel.kind === 'station' && A.obs && state.sel.index < A.obs.S ? A.obs.links[state.sel.index] : -1;
  if (selLink >= 0 && selLink < A.links.n) {
    const l = selLink, off = A.links.offsets, path = [];
    for (let i = off[l]; i < off[l + 1]; i++) path.push([A.links.positions[2 * i], A.links.positions[2 * i + 1]]);
    layers.push(new PathLayer({ id: 'sel-link', data: [{ path }], getPath: (d) => d.path, getColor: [0, 0, 0, 200], widthUnits: 'pixels', getWidth: 8, pickable: false }));
  }
  if (state.show.kec && A.kec && A.kec.labels.length) {
    layers.push(new TextLayer({ id: 'kec-names', data: A.kec.labels, getPosition: (d) => d.pos, getText: (d) => d.name,
      getSize: 13, getColor: [30, 30, 30], fontWeight: 600, outlineWidth: 3, outlineColor: [255, 255, 255, 220], fontSettings: { sdf: true },
      pickable: false }));
  }
  if (state.show.fac) {
    const facActive = v && v.kind === 'facility';
    const F = A.fac;
    const wmax = p ? Math.max(1e-9, p.domain[1]) : 1;
    layers.push(new ScatterplotLayer({
      id: 'facilities', data: { length: F.n }, pickable: true, autoHighlight: true, stroked: true,
      radiusUnits: 'pixels', lineWidthUnits: 'pixels', getLineWidth: 1, getLineColor: [20, 20, 20, 230],
      getPosition: (_, { index, target }) => { target[0] = F.pos[2 * index]; target[1] = F.pos[2 * index + 1]; target[2] = 0; return target; },
      getFillColor: facActive ? (_, { index }) => (F.servers[index] > 0 || p.diff ? colorFor(vals[index], p) : [255, 255, 255, 160]) : [255, 255, 255, 220],
      getRadius: facActive ? (_, { index }) => (F.servers[index] > 0 || p.diff ? 4 + 8 * Math.sqrt(Math.min(1, Math.abs(vals[index]) / wmax) || 0) : 2.5) : 3.5,
      updateTriggers: { getFillColor: key, getRadius: key },
    }));
    if (state.sel && state.sel.kind === 'facility' && state.sel.index < F.n) {
      const i = state.sel.index;
      layers.push(new ScatterplotLayer({ id: 'sel-fac', data: [0], getPosition: [F.pos[2 * i], F.pos[2 * i + 1]], radiusUnits: 'pixels', getRadius: 14,
        filled: false, stroked: true, lineWidthUnits: 'pixels', getLineWidth: 2.5, getLineColor: [0, 0, 0], pickable: false }));
    }
  }
  const O = A.obs;
  if (O && state.show.stations) {
    // count stations of /observations: squares a little left of their link's middle
    layers.push(new ScatterplotLayer({
      id: 'stations', data: { length: O.S }, pickable: true, autoHighlight: true, stroked: true, filled: true,
      radiusUnits: 'pixels', getRadius: 6.5, lineWidthUnits: 'pixels', getLineWidth: 1.5, getLineColor: [255, 255, 255, 255], getFillColor: STATION_FILL,
      getPosition: (_, { index, target }) => { target[0] = O.pos[2 * index]; target[1] = O.pos[2 * index + 1]; target[2] = 0; return target; },
    }));
    layers.push(new TextLayer({ id: 'station-labels', data: { length: O.S }, pickable: false,
      getPosition: (_, { index, target }) => { target[0] = O.pos[2 * index]; target[1] = O.pos[2 * index + 1]; target[2] = 0; return target; },
      getText: (_, { index }) => O.ids[index], getSize: 12, getColor: STATION_FILL, fontWeight: 600, getTextAnchor: 'start', getPixelOffset: [10, 0],
      outlineWidth: 3, outlineColor: [255, 255, 255, 230], fontSettings: { sdf: true } }));
    if (state.sel && state.sel.kind === 'station' && state.sel.index < O.S) {
      const i = state.sel.index;
      layers.push(new ScatterplotLayer({ id: 'sel-station', data: [0], getPosition: [O.pos[2 * i], O.pos[2 * i + 1]], radiusUnits: 'pixels', getRadius: 13,
        filled: false, stroked: true, lineWidthUnits: 'pixels', getLineWidth: 2.5, getLineColor: [0, 0, 0], pickable: false }));
    }
  }
  return layers;
}

function redraw() {
  if (!deck) return;
  updateLinkStyle();
  updateContextStyle();
  deck.setProps({ layers: buildLayers() });
  drawCanvases();
}
// a new time step: recolour the links; deck's layers only when they show something timed
function redrawTime() {
  if (!deck) return;
  updateLinkStyle();
  const p = prepared && !prepared.missing ? prepared : null;
  if (p && p.v.kind !== 'link' && p.T > 1) deck.setProps({ layers: buildLayers() });
  drawLinks();
}

// ---------------------------------------------------------------- link and context lines (lines.js)
let ctxLines = null, linkLines = null;
function worldCoords(positions) {
  const w = new Float64Array(positions.length);
  for (let i = 0; i < positions.length; i += 2) { const [x, y] = lngLatToWorld(positions[i], positions[i + 1]); w[i] = x; w[i + 1] = y; }
  return w;
}
function buildSegments(res) {
  const L = res.links;
  const [[x0, y0], [x1, y1]] = res.bounds;
  const origin = lngLatToWorld((x0 + x1) / 2, (y0 + y1) / 2);
  // context: desa outlines, kecamatan outlines, the river (one polyline each ring / line)
  const verts = [], offs = [0], groups = [];
  const addLines = (lines, group) => {
    const from = offs.length - 1;
    for (const line of lines) { for (const [lon, lat] of line) { const w = lngLatToWorld(lon, lat); verts.push(w[0], w[1]); } offs.push(verts.length / 2); }
    groups.push({ group, from, to: offs.length - 1 });
  };
  addLines(res.zones.parts.flatMap((pt) => pt.polygon), 'zones');
  if (res.kec) addLines(res.kec.rings.map((r) => r.path), 'kec');
  if (res.river) addLines(res.river.map((r) => r.path), 'river');
  res.ctx = { groups };
  if (!linkLines) {
    const host = $('lines');
    ctxLines = new PolylineCanvas(host, 'ctx-lines', false);
    linkLines = new PolylineCanvas(host, 'link-lines');
  }
  ctxLines.setGeometry(Float64Array.from(verts), Uint32Array.from(offs), origin);
  const W = new Float64Array(L.positions.length);
  for (let i = 0; i < W.length; i += 2) { const w = lngLatToWorld(L.positions[i], L.positions[i + 1]); W[i] = w[0]; W[i + 1] = w[1]; }
  linkLines.setGeometry(W, L.offsets, origin);
}
const CTX_STYLE = { zones: [[125, 125, 125, 140], 0.7], kec: [[45, 45, 45, 235], 1.6], river: [[70, 140, 200, 255], 3] };
const rgba32 = (c) => ((c[3] << 24) | (c[2] << 16) | (c[1] << 8) | c[0]) >>> 0;
function updateContextStyle() {
  const A = state.A;
  if (!A || !ctxLines) return;
  for (const g of A.ctx.groups) {
    const [c, w] = CTX_STYLE[g.group];
    const on = state.show[g.group];
    ctxLines.colors.fill(rgba32(c), g.from, g.to);
    ctxLines.widths.fill(on ? w : 0, g.from, g.to);
  }
  ctxLines.projKey = ctxLines.projKey; // geometry unchanged
}
function updateLinkStyle() {
  const A = state.A;
  if (!A || !linkLines) return;
  const L = A.links;
  const p = prepared && !prepared.missing ? prepared : null;
  const linkActive = p && p.v.kind === 'link';
  const vals = linkActive ? frameValues(p) : null;
  const wide = linkActive && (p.v.width || p.diff);
  const wmax = p ? Math.max(Math.abs(p.domain[0]), Math.abs(p.domain[1])) : 1;
  const col = linkLines.colors, wid = linkLines.widths;
  const on = state.show.links;
  const grey = rgba32([150, 150, 150, 255]);
  for (let l = 0; l < L.n; l++) {
    col[l] = linkActive ? rgba32(colorFor(vals[l], p)) : grey;
    let w = 1.5;
    if (wide) { const x = Math.abs(vals[l]); w = isFinite(x) ? 1 + 6 * Math.sqrt(Math.min(1, x / wmax)) : 1; }
    wid[l] = on ? w : 0;
  }
}
function viewport() { try { return deck && deck.isInitialized ? deck.getViewports()[0] : null; } catch (e) { return null; } }
function drawLinks() {
  const vp = viewport();
  if (!vp || !linkLines) return;
  linkLines.draw(vp, ctxLines.canvas);
  stats.linkDraws++;
}
function drawCanvases() {
  const vp = viewport();
  if (!vp || !ctxLines) return;
  ctxLines.draw(vp);
  drawLinks();
}
function pickLinkCached(info) { return pickLink(info.x, info.y) >= 0; }
function pickLink(x, y) {
  const A = state.A, vp = viewport();
  if (!A || !vp || !state.show.links || !linkLines) return -1;
  return linkLines.pick(vp, x, y, 6);
}

// ---------------------------------------------------------------- tooltip & selection
function fmtVal(x, units) { return Number.isNaN(x) ? 'no match' : `${niceNumber(x)}${units && units !== '1' ? ' ' + units : ''}`; }
function tooltip(info) {
  const A = state.A;
  if (!A || info.index < 0 || !info.layer) return null;
  const p = prepared && !prepared.missing ? prepared : null;
  const i = info.index;
  const id = info.layer.id;
  let html = '';
  const valLine = (kind) => {
    if (!p || p.v.kind !== kind) return '';
    const t = p.T > 1 ? state.t : 0;
    const a = p.a.rows[t * p.n + i];
    let s = `<br>${p.v.label}: ${fmtVal(a, p.units)}`;
    if (p.diff) { const j = p.map[i]; s += j >= 0 ? `<br>B: ${fmtVal(p.b.rows[t * p.b.n + j], p.units)}<br>A − B: ${fmtVal(p.diff[t * p.n + i], p.units)}` : '<br>no match in B'; }
    return s;
  };
  if (id === 'links') {
    html = `<b>${A.links.name[i] || 'unnamed road'}</b> (link ${i})<br>capacity ${niceNumber(A.links.capacity[i])} pcu/h, free speed ${niceNumber(A.links.freeSpeed[i] * 3.6)} km/h` + valLine('link');
    // the other direction of a two-way road is drawn on the same line
    if (!A.links.reverse) {
      const byKey = new Map(A.links.keys.map((k, l) => [k, l]));
      A.links.reverse = Int32Array.from(A.links.keys, (k) => { const [a, b, c, d] = k.split(','); const j = byKey.get(`${c},${d},${a},${b}`); return j === undefined ? -1 : j; });
    }
    const j = A.links.reverse[i];
    if (j >= 0 && p && p.v.kind === 'link') {
      const t = p.T > 1 ? state.t : 0;
      html += `<br><i>other direction</i> (link ${j}): ${fmtVal((p.diff || p.a.rows)[t * p.n + j], p.units)}${p.diff ? ' (A − B)' : ''}`;
    }
  } else if (id === 'stations') {
    const O = A.obs, x = O.st[i], l = O.links[i];
    html = `<b>count station ${O.ids[i]}</b> on link ${l} (${A.links.name[l] || 'unnamed road'})<br>${x.records.length} records: observed ${niceNumber(x.observed)}, simulated ${niceNumber(x.simulated)} vehicles` +
      (x.gehN ? `<br>GEH below 5: ${x.gehBelow5} of ${x.gehN}` : '') + '<br><i>click: its counts over the day</i>';
  } else if (id === 'facilities') {
    html = `<b>${A.fac.name[i]}</b><br>${A.fac.type[i]}, servers ${A.fac.servers[i]}` + valLine('facility');
  } else if (id === 'zones') {
    const z = info.object.item;
    html = `<b>${A.zones.name[z]}</b> (${A.zones.code[z]})<br>residents ${A.zones.population[z]}`;
    if (p && p.v.kind === 'zone') html += `<br>${p.v.label}: ${fmtVal(p.a.rows[z], p.units)}` + (p.diff ? `<br>A − B: ${fmtVal(p.diff[z], p.units)}` : '');
  } else if (id === 'grid') {
    const c = info.object.cell;
    html = `1 km cell<br>present: ${fmtVal(p.a.rows[state.t * p.n + c], 'persons')}`;
  } else return null;
  return { html };
}

function onClick(info) {
  if (!state.A || !info) return;
  const id = info.layer && info.index >= 0 ? info.layer.id : null;
  if (id === 'facilities') return select({ kind: 'facility', index: info.index });
  if (id === 'stations') return select({ kind: 'station', index: info.index });
  const l = pickLink(info.x, info.y);
  if (l >= 0) return select({ kind: 'link', index: l });
  if (id === 'zones') select({ kind: 'zone', index: info.object.item });
}
function onHover(info) {
  const tip = $('tip');
  const picked = info && info.layer && info.index >= 0 && (info.layer.id === 'facilities' || info.layer.id === 'stations');
  const l = !picked && info && info.x >= 0 ? pickLink(info.x, info.y) : -1;
  if (l < 0) { tip.hidden = true; return; }
  const t = tooltip({ layer: { id: 'links' }, index: l });
  tip.innerHTML = t.html;
  tip.style.left = `${info.x + 12}px`; tip.style.top = `${info.y + 12}px`;
  tip.hidden = false;
}

function select(sel) {
  state.sel = sel;
  redraw();
  updateChart().catch(reportError);
  scheduleHash();
}

async function zonePresentSeries(res, z) {
  const v = VARS.find((x) => x.id === 'present');
  const d = v ? await varValues(res, v) : null;
  if (!d) return null;
  const g = res.grid;
  if (!g.cellZone) {
    g.cellZone = new Int32Array(g.nCells).fill(-1);
    const parts = res.zones.parts;
    const bbox = parts.map((pt) => { let a = Infinity, b = Infinity, c = -Infinity, e = -Infinity; for (const [x, y] of pt.polygon[0]) { a = Math.min(a, x); b = Math.min(b, y); c = Math.max(c, x); e = Math.max(e, y); } return [a, b, c, e]; });
    const inside = (ring, x, y) => { let c = false; for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) { const [xi, yi] = ring[i], [xj, yj] = ring[j]; if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c; } return c; };
    for (let c = 0; c < g.nCells; c++) {
      const [x, y] = g.centre[c];
      for (let k = 0; k < parts.length; k++) {
        const bb = bbox[k];
        if (x < bb[0] || x > bb[2] || y < bb[1] || y > bb[3]) continue;
        if (inside(parts[k].polygon[0], x, y) && !parts[k].polygon.slice(1).some((h) => inside(h, x, y))) { g.cellZone[c] = parts[k].item; break; }
      }
    }
  }
  const s = new Array(d.T).fill(0);
  for (let t = 0; t < d.T; t++) for (let c = 0; c < g.nCells; c++) if (g.cellZone[c] === z) s[t] += d.rows[t * d.n + c];
  return { values: s, units: 'persons' };
}

async function updateChart() {
  const A = state.A, sel = state.sel;
  const panel = $('chartPanel'), chart = $('chart');
  if (!A || !sel) { panel.hidden = true; return; }
  let v, title, units, series = [], rawValues = null;
  if (sel.kind === 'station') {
    if (!A.obs || sel.index >= A.obs.S) { panel.hidden = true; return; }
    const O = A.obs, l = O.links[sel.index];
    const { svg, records } = stationChartSvg(A, sel.index);
    $('chartTitle').textContent = `Count station ${O.ids[sel.index]}, link ${l} (${A.links.name[l] || 'unnamed road'})`;
    chart.innerHTML = svg;
    chart.dataset.kind = 'station';
    chart.dataset.index = sel.index;
    chart.dataset.variable = 'counts';
    chart.dataset.values = JSON.stringify(records);
    panel.hidden = false;
    return;
  }
  if (sel.kind === 'link') {
    if (sel.index >= A.links.n) { panel.hidden = true; return; }
    v = prepared && prepared.v.kind === 'link' ? prepared.v : LINK_VARS[0];
    title = `${A.links.name[sel.index] || 'unnamed road'} (link ${sel.index})`;
  } else if (sel.kind === 'facility') {
    if (sel.index >= A.fac.n) { panel.hidden = true; return; }
    v = prepared && prepared.v.kind === 'facility' && prepared.v.timed ? prepared.v : FAC_VARS.find((x) => x.id === 'fac_queue');
    title = `${A.fac.name[sel.index]} (${A.fac.type[sel.index]})`;
  } else if (sel.kind === 'zone') {
    if (sel.index >= A.zones.n) { panel.hidden = true; return; }
    title = `${A.zones.name[sel.index]} (${A.zones.code[sel.index]})`;
    const s = await zonePresentSeries(A, sel.index);
    if (!s) { chart.innerHTML = '<p>No present-population grid in this file.</p>'; panel.hidden = false; $('chartTitle').textContent = title; return; }
    series.push({ label: 'present (1 km cells centred in the desa)', values: s.values, color: '#c0392b' });
    rawValues = s.values; units = s.units;
    v = { id: 'present_zone', label: 'people present' };
  }
  if (!rawValues) {
    const a = await varValues(A, v);
    if (!a) { panel.hidden = true; return; }
    units = a.units;
    const n = a.n, i = sel.index;
    const disp = Array.from({ length: a.T }, (_, t) => a.rows[t * n + i]);
    rawValues = Array.from({ length: a.T }, (_, t) => (a.raw || a.rows)[t * n + i]);
    series.push({ label: `A: ${v.label}`, values: disp, color: '#c0392b' });
    if (state.compare && state.B) {
      const b = await varValues(state.B, v);
      const map = matchIndex(A, state.B, sel.kind);
      if (b && map[i] >= 0) series.push({ label: 'B', values: Array.from({ length: b.T }, (_, t) => b.rows[t * b.n + map[i]]), color: '#2c7fb8', dashed: true });
    }
    if (sel.kind === 'facility') {
      const arr = await varValues(A, FAC_VARS.find((x) => x.id === 'fac_queue'));
      if (v.id !== 'fac_queue' && arr) series.push({ label: 'queue', values: Array.from({ length: arr.T }, (_, t) => arr.rows[t * arr.n + i]), color: '#777', dashed: true });
    }
  }
  $('chartTitle').textContent = title;
  const marks = A.fork && Number.isFinite(A.fork.time) ? [{ t: A.fork.time, label: `fork ${hhmm(A.fork.time)}` }] : [];
  chart.innerHTML = chartSvg({ series, times: A.times, units: units === '1' ? '' : units, current: state.t, marks, width: 345, height: 190 });
  chart.dataset.kind = sel.kind;
  chart.dataset.index = sel.index;
  chart.dataset.variable = v.id;
  chart.dataset.values = JSON.stringify(rawValues);
  panel.hidden = false;
}

// ---------------------------------------------------------------- KPI table
function renderKpis() {
  const A = state.A, B = state.B;
  const tbl = $('kpi');
  if (!A) { $('kpiPanel').hidden = true; return; }
  const bMap = new Map(B ? B.summary.map((k) => [k.name, k]) : []);
  let html = B ? '<tr><th>KPI</th><th class="num">A</th><th class="num">B</th><th class="num">A − B</th><th>unit</th></tr>' : '<tr><th>KPI</th><th class="num">value</th><th>unit</th></tr>';
  const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  const fmt = (x) => (Number.isInteger(x) ? x.toLocaleString('en-US') : Math.abs(x) >= 100 ? x.toLocaleString('en-US', { maximumFractionDigits: 1 }) : Number(x.toPrecision(4)).toString());
  for (const k of A.summary) {
    html += `<tr data-name="${esc(k.name)}"><td class="name">${esc(k.name)}</td><td class="value" data-value="${String(k.value)}">${fmt(k.value)}</td>`;
    if (B) {
      const b = bMap.get(k.name);
      if (b) {
        const d = k.value - b.value;
        html += `<td class="value b" data-value="${String(b.value)}">${fmt(b.value)}</td><td class="delta ${d > 0 ? 'pos' : d < 0 ? 'neg' : ''}" data-value="${String(d)}">${d > 0 ? '+' : ''}${fmt(d)}</td>`;
      } else html += '<td class="value b">–</td><td class="delta">–</td>';
    }
    html += `<td class="unit">${esc(k.unit)}</td></tr>`;
  }
  if (B) for (const b of B.summary) if (!A.summary.some((k) => k.name === b.name)) {
    html += `<tr data-name="${esc(b.name)}" class="only-b"><td class="name">${esc(b.name)}</td><td class="value">–</td><td class="value b" data-value="${String(b.value)}">${fmt(b.value)}</td><td class="delta">–</td><td class="unit">${esc(b.unit)}</td></tr>`;
  }
  tbl.innerHTML = html;
  $('kpiPanel').hidden = false;
}

// ---------------------------------------------------------------- grid geometry
async function gridGeometry(res) {
  if (res.grid) return res.grid;
  const r = await readPaths(res.slot, ['/grids/x', '/grids/y']);
  const xs = r['/grids/x'].value, ys = r['/grids/y'].value;
  const dx = xs.length > 1 ? Math.abs(xs[1] - xs[0]) : 1000, dy = ys.length > 1 ? Math.abs(ys[1] - ys[0]) : 1000;
  const cells = [], centre = [];
  const o = [0, 0];
  const ll = (x, y) => { res.proj.toLonLat(x, y, o, 0); return [o[0], o[1]]; };
  for (let j = 0; j < ys.length; j++) for (let i = 0; i < xs.length; i++) {
    const x = xs[i], y = ys[j];
    const c = j * xs.length + i;
    cells.push({ cell: c, polygon: [ll(x - dx / 2, y - dy / 2), ll(x + dx / 2, y - dy / 2), ll(x + dx / 2, y + dy / 2), ll(x - dx / 2, y + dy / 2)] });
    centre.push(ll(x, y));
  }
  res.grid = { nCells: xs.length * ys.length, cells, centre };
  return res.grid;
}

// ---------------------------------------------------------------- time & play
function setTime(t, fromPlay = false) {
  if (!state.A) return;
  state.t = Math.max(0, Math.min(state.A.T - 1, t | 0));
  $('time').value = state.t;
  const s = state.A.times[state.t];
  const fork = state.A.fork && Number.isFinite(state.A.fork.time) ? (s < state.A.fork.time ? ' (parent)' : ' (fork)') : '';
  $('timeLabel').textContent = `${hhmm(s)}–${hhmm(s + state.A.intervalS)}${fork}`;
  redrawTime();
  if (!fromPlay) { scheduleHash(); if (state.sel) updateChart().catch(reportError); }
}
let playHandle = 0, lastStep = 0;
function play(on) {
  state.playing = on;
  $('play').textContent = on ? '❚❚' : '▶';
  cancelAnimationFrame(playHandle);
  if (!on) { scheduleHash(); if (state.sel) updateChart().catch(reportError); return; }
  lastStep = performance.now();
  const tick = (now) => {
    if (!state.playing) return;
    const rate = Number($('speed').value);
    if (rate === 0 || now - lastStep >= 1000 / rate) {
      lastStep = now;
      setTime((state.t + 1) % state.A.T, true);
      stats.playFrames++;
    }
    playHandle = requestAnimationFrame(tick);
  };
  playHandle = requestAnimationFrame(tick);
}

// ---------------------------------------------------------------- URL hash
function parseHash() {
  const h = new URLSearchParams(location.hash.replace(/^#/, ''));
  const o = {};
  if (h.has('layer')) o.layer = h.get('layer');
  if (h.has('t')) o.t = Number(h.get('t'));
  if (h.has('z') && h.has('c')) {
    const [lon, lat] = h.get('c').split(',').map(Number);
    const zoom = Number(h.get('z'));
    if (isFinite(lon) && isFinite(lat) && isFinite(zoom)) o.view = { longitude: lon, latitude: lat, zoom };
  }
  if (h.has('sel')) { const [kind, idx] = h.get('sel').split(':'); if (['link', 'facility', 'zone', 'station'].includes(kind) && isFinite(Number(idx))) o.sel = { kind, index: Number(idx) }; }
  if (h.has('cmp')) o.compare = h.get('cmp') === '1';
  if (h.has('tiles')) o.tiles = h.get('tiles');
  for (const k of ['links', 'zones', 'kec', 'river', 'fac', 'stations']) if (h.has('show_' + k)) o['show_' + k] = h.get('show_' + k) === '1';
  return o;
}
let hashTimer = 0;
function scheduleHash() {
  clearTimeout(hashTimer);
  hashTimer = setTimeout(writeHash, 250);
}
function writeHash() {
  if (!state.A) return;
  const h = new URLSearchParams();
  h.set('layer', state.layer);
  h.set('t', String(state.t));
  if (state.view) { h.set('z', state.view.zoom.toFixed(2)); h.set('c', `${state.view.longitude.toFixed(5)},${state.view.latitude.toFixed(5)}`); }
  if (state.sel) h.set('sel', `${state.sel.kind}:${state.sel.index}`);
  if (state.compare) h.set('cmp', '1');
  for (const k of Object.keys(state.show)) if (!state.show[k]) h.set('show_' + k, '0');
  if (initialHash.tiles) h.set('tiles', initialHash.tiles);
  const s = '#' + h.toString();
  if (s !== location.hash) history.replaceState(null, '', s);
}
const initialHash = parseHash();

// ---------------------------------------------------------------- map
function initMap(view) {
  if (deck) {
    deck.setProps({ initialViewState: { ...view } });
    state.view = view;
    if (basemap) basemap.jumpTo({ center: [view.longitude, view.latitude], zoom: view.zoom });
    return;
  }
  const tiles = initialHash.tiles || new URLSearchParams(location.search).get('tiles');
  const style = { version: 8, sources: {}, layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#f4f3ef' } }] };
  if (tiles) {
    style.sources.tiles = { type: 'raster', tiles: [tiles], tileSize: 256, attribution: 'base map: ' + tiles.replace(/\{.*$/, '') };
    style.layers.push({ id: 'tiles', type: 'raster', source: 'tiles', paint: { 'raster-opacity': 0.6 } });
  }
  try {
    maplibregl.setWorkerUrl(new URL(maplibreWorkerUrl, location.href).href);
    basemap = new maplibregl.Map({ container: 'basemap', style, interactive: false, center: [view.longitude, view.latitude], zoom: view.zoom, attributionControl: tiles ? {} : false, fadeDuration: 0 });
  } catch (e) {
    basemap = null; // no base map (e.g. WebGL unavailable for a second context): deck draws everything anyway
  }
  state.view = view;
  deck = new Deck({
    parent: $('map'),
    initialViewState: view,
    controller: { dragRotate: false, touchRotate: false },
    getTooltip: (info) => (info.layer && (info.layer.id === 'facilities' || info.layer.id === 'stations')) || (info.layer && !pickLinkCached(info)) ? tooltip(info) : null,
    onHover,
    onViewStateChange: ({ viewState }) => {
      state.view = viewState;
      if (basemap) basemap.jumpTo({ center: [viewState.longitude, viewState.latitude], zoom: viewState.zoom, bearing: viewState.bearing || 0, pitch: viewState.pitch || 0 });
      scheduleHash();
    },
    onAfterRender: () => {
      stats.renders++;
      if (state.A) drawCanvases();
      if (!warmed) { warmed = true; warmDone(); }
      if (stats.firstMapMs === null && state.A && prepared && linkLines && linkLines.n) {
        // the links and context are on the page with this frame
        stats.firstMapMs = -1;
        requestAnimationFrame(() => {
          stats.mapReadyAt = performance.now();
          stats.firstMapMs = stats.mapReadyAt - (stats.fileSetAt || 0);
          document.body.dataset.mapReady = '1';
        });
      }
    },
    onError: (e) => { showError('Map drawing failed: ' + (e && e.message ? e.message : e)); },
  });
}

function fitView(res) {
  const [[x0, y0], [x1, y1]] = res.bounds;
  const el = $('map');
  const w = el.clientWidth || 800, h = el.clientHeight || 600;
  const lonSpan = Math.max(1e-6, x1 - x0), latSpan = Math.max(1e-6, y1 - y0);
  const zx = Math.log2((w * 360) / (lonSpan * 512 * 1.1));
  const zy = Math.log2((h * 360) / (latSpan * 512 * 1.1 * (1 / Math.cos(((y0 + y1) / 2) * Math.PI / 180))));
  return { longitude: (x0 + x1) / 2, latitude: (y0 + y1) / 2, zoom: Math.min(zx, zy), pitch: 0, bearing: 0 };
}

// The renderer is set up while the page waits for a file: WebGL device, shaders of the layers of
// the first map (points, text) compiled with invisible layers, the HDF5 reader's WebAssembly.
let warmed = false;
let warmDone = () => {};
function warmUp() {
  const view = { longitude: 104.2, latitude: -4.13, zoom: 9, pitch: 0, bearing: 0 };
  const rendered = new Promise((r) => { warmDone = r; });
  initMap(view);
  deck.setProps({ layers: [
    new ScatterplotLayer({ id: 'warm-points', data: [0], getPosition: [view.longitude, view.latitude], radiusUnits: 'pixels', getRadius: 1, stroked: true, getFillColor: [0, 0, 0, 0], getLineColor: [0, 0, 0, 0] }),
    new TextLayer({ id: 'warm-text', data: [0], getPosition: [view.longitude, view.latitude], getText: () => 'ogan', getSize: 13, getColor: [0, 0, 0, 0], fontWeight: 600, outlineWidth: 3, outlineColor: [255, 255, 255, 0], fontSettings: { sdf: true } }),
  ] });
  Promise.all([h5.warmup(), rendered]).then(() => {
    if (!state.A) deck.setProps({ layers: [] });
    document.body.dataset.ready = '1';
  }, () => { document.body.dataset.ready = '1'; });
}

// ---------------------------------------------------------------- layer selector
function fillLayerSelect() {
  const sel = $('layer');
  const groups = [['Roads (per interval)', VARS.filter((v) => v.kind === 'link')], ['Desa and grid', VARS.filter((v) => v.kind === 'zone' || v.kind === 'grid')], ['Facilities', VARS.filter((v) => v.kind === 'facility')]];
  sel.innerHTML = groups.map(([g, vs]) => `<optgroup label="${g}">${vs.map((v) => `<option value="${v.id}">${v.label}</option>`).join('')}</optgroup>`).join('');
  sel.value = state.layer;
}

async function changeLayer(id) {
  state.layer = id;
  $('layer').value = id;
  status('reading…');
  try {
    await prepare();
    status('');
  } catch (e) { reportError(e); }
  frameKey++;
  redraw();
  scheduleHash();
  if (state.sel) updateChart().catch(reportError);
}

function reportError(e) {
  if (e && e.stack) console.error(e.stack);
  status('');
  showError(e instanceof UserError ? e.message : `Error: ${e && e.message ? e.message : e}`);
}

// ---------------------------------------------------------------- opening files
let loadSeq = 0;
const timing = [];
function mark(what) { timing.push([what, Math.round(performance.now() - stats.fileSetAt)]); }
// opts: url (where the file was downloaded from), siblings ([{path, file}] picked or dropped with
// it: a sweep's runs are looked for among them), path (its path among them), run (the row of
// state.sweep it is)
async function loadA(file, opts = {}) {
  const seq = ++loadSeq;
  stats.fileSetAt = performance.now();
  stats.firstMapMs = null;
  delete document.body.dataset.mapReady;
  showError('');
  status(`opening ${file.name}…`);
  play(false);
  try {
    const res = await openFile('A', file);
    mark('opened');
    if (seq !== loadSeq) return;
    if (res.kind === 'sweep') {
      const data = await loadSweep(res);
      if (seq !== loadSeq) return;
      closeResults();
      state.sweep = { data, name: file.name, url: opts.url || null, files: opts.siblings || null, indexPath: opts.path || file.webkitRelativePath || file.name, run: -1 };
      $('nameA').textContent = `${opts.url ? decodeURI(opts.url) : file.name}: sweep index ${data.name}, ${data.n} runs`;
      status('');
      showSweep(true);
      return;
    }
    await loadBase(res);
    mark('base');
    await loadTwin(res);
    const acc = await readPaths('A', [], ['/services/accessibility/share_within_30min']);
    const accD = acc['/services/accessibility/share_within_30min'];
    if (accD && accD.attrs.types) res.access = { types: String(accD.attrs.types).split(',') };
    if (seq !== loadSeq) return;
    if (state.B) { try { await h5.close('B'); } catch (e) { /* ignore */ } }
    state.A = res; state.B = null; state.compare = false; prepared = null;
    buildSegments(res);
    mark('segments');
    VARS = [...LINK_VARS, ...zoneVars(res), ...FAC_VARS];
    const h = initialHashUsed ? {} : parseHash();
    initialHashUsed = true;
    if (h.layer && varById(h.layer)) state.layer = h.layer;
    if (!varById(state.layer)) state.layer = 'volume_pcu';
    state.t = Number.isFinite(h.t) ? Math.max(0, Math.min(res.T - 1, h.t)) : Math.min(res.T - 1, Math.round((7 * 3600) / res.intervalS));
    state.sel = h.sel || null;
    for (const k of Object.keys(state.show)) if (('show_' + k) in h) state.show[k] = h['show_' + k];
    syncToggles();
    if (opts.run === undefined) state.sweep = null;
    else state.sweep.run = opts.run;
    const sw = state.sweep;
    const runOf = sw ? `run ${sw.data.id[opts.run]} of the sweep ${sw.data.name}${sw.data.axes.length ? ` (${sw.data.axes.map((k) => `${k} = ${sw.data.cols.find((c) => c.key === `param:${k}`).v[opts.run]}`).join(', ')})` : ''}; ` : '';
    $('nameA').textContent = `${opts.url ? decodeURI(opts.url) : file.name}: ${runOf}${res.attrs.scenario_name || ''}, format ${res.version.join('.')}, ${res.links.n} links, ${res.T} intervals, sample ${res.attrs.sample_rate}`;
    showSweep(false);
    $('nameB').textContent = '';
    $('fileB').disabled = false;
    $('compareBox').hidden = true;
    $('compare').checked = false;
    fillLayerSelect();
    $('time').max = res.T - 1;
    await prepare();
    mark('prepared');
    $('controls').hidden = false;
    $('timebar').hidden = false;
    $('empty').hidden = true;
    initMap(h.view || fitView(res));
    setTime(state.t);
    redraw();
    mark('drawn');
    renderKpis();
    status('');
    renderTwinPanel(res, $('twinPanel'), { onStation: (i) => select({ kind: 'station', index: i }) });
    $('showStationsBox').hidden = !res.obs;
    if (state.sel) updateChart().catch(reportError);
    else $('chartPanel').hidden = true;
  } catch (e) {
    if (seq === loadSeq) reportError(e);
  }
}
let initialHashUsed = false;

async function loadB(file) {
  if (!state.A) return;
  showError('');
  status(`opening ${file.name}…`);
  try {
    const res = await openFile('B', file);
    if (res.kind !== 'results') throw new UserError(`${file.name} is not a results file.`);
    await loadBase(res);
    if (res.T !== state.A.T) throw new UserError(`${file.name} has ${res.T} time intervals, A has ${state.A.T}: they cannot be compared.`);
    state.B = res;
    const m = matchIndex(state.A, res, 'link');
    let matched = 0; for (const j of m) if (j >= 0) matched++;
    $('nameB').textContent = `${file.name}: ${res.attrs.scenario_name || ''}, ${res.links.n} links, ${matched} of A's ${state.A.links.n} matched by end points`;
    $('compareBox').hidden = false;
    state.compare = true;
    $('compare').checked = true;
    renderKpis();
    await changeLayer(state.layer);
    status('');
  } catch (e) { reportError(e); }
}

function syncToggles() {
  $('showLinks').checked = state.show.links; $('showZones').checked = state.show.zones; $('showKec').checked = state.show.kec;
  $('showRiver').checked = state.show.river; $('showFac').checked = state.show.fac; $('showStations').checked = state.show.stations;
}

// ---------------------------------------------------------------- sweeps
// The results shown are dropped (a sweep index was opened in their worker slot).
function closeResults() {
  play(false);
  if (state.B) h5.close('B').catch(() => {});
  state.A = null; state.B = null; state.compare = false; state.sel = null; prepared = null;
  for (const id of ['controls', 'timebar', 'kpiPanel', 'chartPanel', 'twinPanel', 'compareBox']) $(id).hidden = true;
  $('nameB').textContent = '';
  $('fileB').disabled = true;
  $('empty').hidden = false;
  if (deck) deck.setProps({ layers: [] });
  for (const c of [ctxLines, linkLines]) if (c && c.canvas) c.canvas.getContext('2d').clearRect(0, 0, c.canvas.width, c.canvas.height);
}

// the sweep's table over the map (on) or the map with a button back to the table
function showSweep(on) {
  const sw = state.sweep, el = $('sweepView');
  $('sweepBack').hidden = !sw || on;
  if (!sw) { el.hidden = true; el.innerHTML = ''; return; }
  $('sweepBack').textContent = `◀ Sweep ${sw.data.name}: the table of its ${sw.data.n} runs`;
  if (!on) { el.hidden = true; return; }
  const source = sw.url ? `Index ${decodeURI(sw.url)}` : `Index ${sw.indexPath}${sw.files && sw.files.length > 1 ? `, with ${sw.files.length - 1} more files picked` : ''}`;
  renderSweep(sw.data, el, { onOpen: openSweepRun, onClose: state.A ? () => showSweep(false) : null, source, current: sw.run });
}

// a run's results file: downloaded next to the index's URL, or among the files picked with it
function openSweepRun(i) {
  const sw = state.sweep, d = sw.data;
  showError('');
  if (d.status[i] !== 'complete') {
    showError(`Run ${d.id[i]} is ${d.status[i]}${d.error && d.error[i] ? `: ${d.error[i]}` : ''}; it has no results file.`);
    return;
  }
  const rel = (d.file && d.file[i]) || `runs/${d.id[i]}.h5`;
  if (sw.url) { openUrl(new URL(rel, sw.url).href, { run: i }); return; }
  const dir = sw.indexPath.includes('/') ? sw.indexPath.slice(0, sw.indexPath.lastIndexOf('/') + 1) : '';
  const base = rel.split('/').pop();
  const files = sw.files || [];
  const hit = files.find((f) => f.path === dir + rel) || files.find((f) => f.path.split('/').pop() === base);
  if (hit) { loadA(hit.file, { run: i, siblings: files, path: hit.path }); return; }
  showError(`Run ${d.id[i]}: its results file ${rel} (in the folder of ${sw.indexPath}) was not among the files given to this page, and a page can read only those. ` +
    `Open ${dir}${rel} with "Results A", or open the sweep's whole folder ("Sweep folder", or drop the folder on the page).`);
}

// ?file=URL (relative to the page): downloaded, then opened as A
async function openUrl(url, opts = {}) {
  showError('');
  status(`downloading ${decodeURI(url)}…`);
  let file;
  try {
    let r;
    try { r = await fetch(url); } catch (e) { throw new UserError(`${decodeURI(url)} could not be downloaded (${e.message}).`); }
    if (!r.ok) throw new UserError(`${decodeURI(url)} could not be downloaded: the server answered ${r.status} ${r.statusText}.`);
    const blob = await r.blob();
    file = new File([blob], decodeURIComponent(new URL(url).pathname.split('/').pop()) || 'results.h5');
  } catch (e) { reportError(e); return; }
  await loadA(file, { ...opts, url });
}

// a folder (picked or dropped), or several files: a sweep's index.h5 and what came with it
function openFiles(list) {
  const idx = list.filter((f) => f.path.split('/').pop() === 'index.h5').sort((a, b) => a.path.length - b.path.length)[0];
  if (idx) return loadA(idx.file, { siblings: list, path: idx.path });
  const h5s = list.filter((f) => /\.h5$/i.test(f.path));
  if (h5s.length === 1 || (h5s.length && !list.some((f) => f.path.includes('/')))) {
    return loadA(h5s[0].file, { siblings: list, path: h5s[0].path }).then(() => { if (h5s[1] && state.A) loadB(h5s[1].file); });
  }
  showError(list.length ? `No index.h5 among the ${list.length} files given: a sweep's folder (ogan sweep -o DIR) holds DIR/index.h5 and DIR/runs/.` : 'The folder is empty.');
  return Promise.resolve();
}

// the files under dropped folders, with their paths
async function entriesFiles(entries) {
  const out = [];
  const walk = async (en) => {
    if (en.isFile) {
      const file = await new Promise((ok, no) => en.file(ok, no));
      out.push({ path: en.fullPath.replace(/^\//, ''), file });
    } else if (en.isDirectory) {
      const reader = en.createReader();
      for (;;) {
        const batch = await new Promise((ok, no) => reader.readEntries(ok, no));
        if (!batch.length) break;
        for (const e of batch) await walk(e);
      }
    }
  };
  for (const en of entries) await walk(en);
  return out;
}

// ---------------------------------------------------------------- wiring
function wire() {
  $('fileA').addEventListener('change', (e) => {
    const files = [...e.target.files];
    if (files.length === 1) loadA(files[0], { siblings: [{ path: files[0].name, file: files[0] }], path: files[0].name });
    else if (files.length > 1) openFiles(files.map((f) => ({ path: f.name, file: f })));
  });
  $('folderA').addEventListener('change', (e) => {
    const files = [...e.target.files];
    if (files.length) openFiles(files.map((f) => ({ path: f.webkitRelativePath || f.name, file: f })));
  });
  $('sweepBack').addEventListener('click', () => showSweep(true));
  $('fileB').addEventListener('change', (e) => { const f = e.target.files[0]; if (f) loadB(f); });
  $('layer').addEventListener('change', (e) => changeLayer(e.target.value));
  $('compare').addEventListener('change', (e) => { state.compare = e.target.checked; changeLayer(state.layer); });
  $('time').addEventListener('input', (e) => setTime(Number(e.target.value)));
  $('play').addEventListener('click', () => play(!state.playing));
  $('chartClose').addEventListener('click', () => select(null));
  // clicks on the map: our own (a press and release within a few pixels), picked with deck.gl
  let down = null;
  $('map').addEventListener('pointerdown', (e) => { down = [e.clientX, e.clientY]; });
  $('map').addEventListener('click', (e) => {
    if (!deck || !state.A || !down || Math.hypot(e.clientX - down[0], e.clientY - down[1]) > 5) return;
    const r = $('map').getBoundingClientRect();
    const x = e.clientX - r.left, y = e.clientY - r.top;
    let info = null;
    try { info = deck.pickObject({ x, y, radius: 3 }); } catch (err) { info = null; }
    onClick(info ? { ...info, x, y } : { x, y, index: -1, layer: null });
  });
  const toggles = { showLinks: 'links', showZones: 'zones', showKec: 'kec', showRiver: 'river', showFac: 'fac', showStations: 'stations' };
  for (const [id, k] of Object.entries(toggles)) $(id).addEventListener('change', (e) => { state.show[k] = e.target.checked; redraw(); scheduleHash(); });
  // drag and drop: on the map or box A -> A (two files: A and B); on box B -> B
  const over = $('drop-overlay');
  const prevent = (e) => { e.preventDefault(); e.stopPropagation(); };
  window.addEventListener('dragover', (e) => { prevent(e); over.hidden = false; });
  window.addEventListener('dragleave', (e) => { if (e.target === document.documentElement || !e.relatedTarget) over.hidden = true; });
  window.addEventListener('drop', (e) => {
    prevent(e); over.hidden = true;
    // a dropped folder (a sweep's): its entries must be taken now, before the event ends
    const entries = [...(e.dataTransfer?.items || [])].map((it) => (it.webkitGetAsEntry ? it.webkitGetAsEntry() : null)).filter(Boolean);
    if (entries.some((en) => en.isDirectory)) { entriesFiles(entries).then(openFiles, reportError); return; }
    const files = [...(e.dataTransfer?.files || [])];
    if (!files.length) return;
    if (files.length > 1 && files.some((f) => f.name === 'index.h5')) { openFiles(files.map((f) => ({ path: f.name, file: f }))); return; }
    const toB = $('dropB').contains(e.target) && state.A;
    if (toB) loadB(files[0]);
    else loadA(files[0]).then(() => { if (files[1] && state.A) loadB(files[1]); });
  });
  window.addEventListener('hashchange', () => {
    if (!state.A) return;
    const h = parseHash();
    if (h.layer && h.layer !== state.layer && varById(h.layer)) changeLayer(h.layer);
    if (Number.isFinite(h.t) && h.t !== state.t) setTime(h.t);
    if (h.view && deck) deck.setProps({ initialViewState: { ...h.view, pitch: 0, bearing: 0 } });
    if (h.sel && (!state.sel || h.sel.kind !== state.sel.kind || h.sel.index !== state.sel.index)) select(h.sel);
  });
  window.addEventListener('keydown', (e) => {
    if (!state.A || e.target.tagName === 'INPUT' && e.target.type !== 'range') return;
    if (e.key === ' ') { e.preventDefault(); play(!state.playing); }
  });
}

wire();
warmUp();
{
  // ?file=URL opens a file the server hands out (a sweep's runs are then fetched next to it)
  const f = new URLSearchParams(location.search).get('file');
  if (f) openUrl(new URL(f, location.href).href);
}

// hooks for the browser test and for scripting
window.__ogan = {
  state, stats, timing, get deck() { return deck; }, get lines() { return { ctxLines, linkLines, basemap }; },
  get prepared() { return prepared; },
  project(lon, lat) { const vp = viewport(); return vp ? vp.project([lon, lat]) : null; },
  facilityLonLat(i) { return state.A ? [state.A.fac.pos[2 * i], state.A.fac.pos[2 * i + 1]] : null; },
  setView(v) {
    if (!deck) return;
    const { longitude, latitude, zoom } = { ...state.view, ...v };
    initMap({ longitude, latitude, zoom, pitch: 0, bearing: 0 });
  },
  stationLonLat(i) { return state.A && state.A.obs ? [state.A.obs.pos[2 * i], state.A.obs.pos[2 * i + 1]] : null; },
  play, setTime, changeLayer, select,
};
