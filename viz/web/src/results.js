// Reading an ogan results file (docs/results-format.md) into the viewer's model, lazily.
import { h5 } from './h5client.js';
import { projectionFromWkt, projectArrays } from './proj.js';

export class UserError extends Error {}

const SIG = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

async function checkHeader(file) {
  let head;
  try {
    head = new Uint8Array(await file.slice(0, 48).arrayBuffer());
  } catch (e) {
    throw new UserError(`${file.name}: the file could not be read (${e.message})`);
  }
  if (head.length < 9 || SIG.some((b, i) => head[i] !== b)) {
    throw new UserError(`${file.name} is not an HDF5 file (no HDF5 signature at its start): not an ogan results file.`);
  }
  if (head[8] < 2) {
    throw new UserError(`${file.name}: HDF5 superblock of version ${head[8]}, the older unchecksummed container of results format 1.4 and older: run the scenario again with this ogan.`);
  }
  // superblock 2/3: base address, extension address, end-of-file address (size-of-offsets bytes each)
  const so = head[9];
  if ((so === 4 || so === 8) && head.length >= 12 + 3 * so) {
    const dv = new DataView(head.buffer, head.byteOffset, head.byteLength);
    const rd = (o) => (so === 8 ? Number(dv.getBigUint64(o, true)) : dv.getUint32(o, true));
    const base = rd(12), eof = rd(12 + 2 * so);
    if (base + eof > file.size) {
      throw new UserError(`${file.name} is truncated: ${file.size.toLocaleString('en-US')} bytes, its HDF5 superblock says ${(base + eof).toLocaleString('en-US')}. Copy the file again, completely.`);
    }
  }
}

/** Opens `file` in worker slot `slot`; returns {kind: 'results'|'sweep', attrs, ...} or throws UserError. */
export async function openFile(slot, file) {
  await checkHeader(file);
  let info;
  try {
    info = await h5.open(slot, file);
  } catch (e) {
    throw new UserError(`${file.name}: ${e.message}`);
  }
  const a = info.attrs;
  const ft = a.filetype;
  const fv = a.format_version;
  if (ft === 'ogan-sweep-index') {
    if (!Array.isArray(fv) || fv[0] !== 1) throw new UserError(`${file.name}: sweep index of format version ${Array.isArray(fv) ? fv.join('.') : fv}, this viewer reads major version 1.`);
    return { kind: 'sweep', slot, file, attrs: a };
  }
  if (ft !== 'ogan-results') {
    throw new UserError(`${file.name} is an HDF5 file but not an ogan results file (root attribute filetype = ${ft === undefined ? 'missing' : JSON.stringify(ft)}, expected "ogan-results").`);
  }
  if (!Array.isArray(fv) || fv.length < 1 || typeof fv[0] !== 'number') {
    throw new UserError(`${file.name}: the root attribute format_version is missing or malformed.`);
  }
  if (fv[0] !== 1) {
    throw new UserError(`${file.name}: results format version ${fv.join('.')} is not supported: this viewer reads major version 1 (a newer ogan wrote this file?).`);
  }
  return { kind: 'results', slot, file, attrs: a, version: fv };
}

/** Reads datasets; `optional` paths may be missing. Returns {path: {value, shape, attrs}}. */
export async function readPaths(slot, paths, optional = []) {
  let r;
  try {
    r = await h5.read(slot, [...paths, ...optional]);
  } catch (e) {
    throw new UserError(`reading failed: ${e.message}`);
  }
  for (const p of paths) {
    if (r[p].error) throw new UserError(`the file is damaged: ${r[p].error}`);
    if (r[p].missing) throw new UserError(`the file has no dataset ${p}`);
  }
  for (const p of optional) if (r[p].error || r[p].missing) r[p] = null;
  return r;
}

function polygonsFromCsr(proj, rOff, vOff, hole, xs, ys, nItems) {
  // returns [{item, polygon: [ring(outer), holes...]}], rings as [[lon,lat],...]
  const parts = [];
  for (let z = 0; z < nItems; z++) {
    let cur = null;
    for (let r = rOff[z]; r < rOff[z + 1]; r++) {
      const ring = [];
      const o = [0, 0];
      for (let v = vOff[r]; v < vOff[r + 1]; v++) { proj.toLonLat(xs[v], ys[v], o, 0); ring.push([o[0], o[1]]); }
      if (!hole[r] || !cur) { cur = { item: z, polygon: [ring] }; parts.push(cur); } else cur.polygon.push(ring);
    }
  }
  return parts;
}

/** Loads what the first map needs. */
export async function loadBase(res) {
  const s = res.slot;
  const P = {
    kn: '/summary/kpi_name', kv: '/summary/kpi_value', ku: '/summary/kpi_unit',
    ts: '/time/interval_start_s',
    go: '/network/links/geometry_offset', gx: '/network/links/geometry_x', gy: '/network/links/geometry_y',
    ln: '/network/links/name', cap: '/network/links/capacity_pcu_h', fs: '/network/links/free_speed_mps',
    zro: '/zones/geometry/ring_offset', zvo: '/zones/geometry/vertex_offset', zh: '/zones/geometry/ring_is_hole',
    zx: '/zones/geometry/x', zy: '/zones/geometry/y', zname: '/zones/name', zcode: '/zones/code',
    zpop: '/zones/population', zarea: '/zones/area_km2',
    fname: '/facilities/name', ftype: '/facilities/type', fx: '/facilities/x', fy: '/facilities/y', fserv: '/facilities/servers',
  };
  const O = {
    kro: '/context/kecamatan/geometry/ring_offset', kvo: '/context/kecamatan/geometry/vertex_offset',
    kh: '/context/kecamatan/geometry/ring_is_hole', kx: '/context/kecamatan/geometry/x', ky: '/context/kecamatan/geometry/y',
    kname: '/context/kecamatan/name', klx: '/context/kecamatan/label_x', kly: '/context/kecamatan/label_y',
    ro: '/context/river/geometry_offset', rx: '/context/river/x', ry: '/context/river/y', rname: '/context/river/name',
  };
  const r = await readPaths(s, Object.values(P), Object.values(O));
  const g = (k) => (P[k] ? r[P[k]] : r[O[k]]);
  const proj = projectionFromWkt(res.attrs.crs);
  res.proj = proj;
  const names = g('kn').value, vals = g('kv').value, units = g('ku').value;
  if (names.length !== vals.length || units.length !== vals.length) throw new UserError('the /summary datasets differ in length');
  res.summary = Array.from(names, (n, i) => ({ name: n, value: vals[i], unit: units[i] }));
  res.times = Array.from(g('ts').value);
  res.T = res.times.length;
  res.intervalS = g('ts').attrs.interval_s || (res.T > 1 ? res.times[1] - res.times[0] : 900);
  // links
  const off = g('go').value, gx = g('gx').value, gy = g('gy').value;
  const L = off.length - 1;
  if (L < 0 || off[L] > gx.length || gx.length !== gy.length) throw new UserError('the link geometry (/network/links/geometry_*) is inconsistent');
  const positions = projectArrays(proj, gx.subarray(0, off[L]), gy.subarray(0, off[L]));
  const keys = new Array(L);
  const mid = new Float64Array(L * 2);
  for (let l = 0; l < L; l++) {
    const a = off[l], b = off[l + 1] - 1;
    keys[l] = `${gx[a]},${gy[a]},${gx[b]},${gy[b]}`;
    const m = (a + b) >> 1;
    mid[2 * l] = positions[2 * m]; mid[2 * l + 1] = positions[2 * m + 1];
  }
  let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
  for (let i = 0; i < positions.length; i += 2) {
    const x = positions[i], y = positions[i + 1];
    if (x < minLon) minLon = x; if (x > maxLon) maxLon = x; if (y < minLat) minLat = y; if (y > maxLat) maxLat = y;
  }
  res.links = {
    n: L, offsets: off, positions, keys, mid, name: g('ln').value, capacity: g('cap').value, freeSpeed: g('fs').value,
    binary: { length: L, startIndices: off.subarray(0, L), attributes: { getPath: { value: positions, size: 2 } } },
  };
  res.bounds = [[minLon, minLat], [maxLon, maxLat]];
  // zones
  const Z = g('zname').value.length;
  res.zones = {
    n: Z, name: g('zname').value, code: g('zcode').value, population: g('zpop').value, area: g('zarea').value,
    parts: polygonsFromCsr(proj, g('zro').value, g('zvo').value, g('zh').value, g('zx').value, g('zy').value, Z),
  };
  // facilities
  const F = g('fname').value.length;
  res.fac = { n: F, name: g('fname').value, type: g('ftype').value, x: g('fx').value, y: g('fy').value, servers: g('fserv').value,
    pos: projectArrays(proj, g('fx').value, g('fy').value) };
  // context (since 1.1)
  if (g('kro') && g('kvo') && g('kh') && g('kx') && g('ky') && g('kname')) {
    const K = g('kname').value.length;
    const parts = polygonsFromCsr(proj, g('kro').value, g('kvo').value, g('kh').value, g('kx').value, g('ky').value, K);
    const labels = [];
    if (g('klx') && g('kly')) {
      for (let k = 0; k < K; k++) { const o = [0, 0]; proj.toLonLat(g('klx').value[k], g('kly').value[k], o, 0); labels.push({ name: g('kname').value[k], pos: o }); }
    }
    res.kec = { n: K, name: g('kname').value, rings: parts.flatMap((p) => p.polygon.map((ring) => ({ item: p.item, path: ring }))), labels };
  }
  if (g('ro') && g('rx') && g('ry')) {
    const ro = g('ro').value, rx = g('rx').value, ry = g('ry').value;
    const lines = [];
    for (let i = 0; i + 1 < ro.length; i++) {
      const path = [];
      for (let v = ro[i]; v < ro[i + 1]; v++) { const o = [0, 0]; proj.toLonLat(rx[v], ry[v], o, 0); path.push(o); }
      lines.push({ name: g('rname') ? g('rname').value[i] : 'river', path });
    }
    res.river = lines;
  }
  res.cache = new Map();
  return res;
}

/** A dataset, cached. */
export async function dataset(res, path, optional = false) {
  if (res.cache.has(path)) return res.cache.get(path);
  const r = await readPaths(res.slot, optional ? [] : [path], optional ? [path] : []);
  const d = r[path];
  res.cache.set(path, d);
  return d;
}
