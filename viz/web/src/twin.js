// The twin's side of a results file (docs/twin.md): the parent and fork time of a fork, the events
// applied to the day, and /observations: count stations (drawn on the map by main.js), observed
// against simulated counts as a scatter, per station as a chart, and the comparison's KPIs.
import { readPaths } from './results.js';
import { niceNumber } from './colors.js';
import { hhmm } from './chart.js';

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
export const STATION_FILL = [118, 42, 131];
const CLASS_COLORS = { all: '#c0392b', motorcycle: '#2c7fb8', car: '#31a354', angkot: '#d08c00', ojek: '#756bb1' };
// the smallest of 1, 2, 2.5, 5 x 10^k at or above x (an axis' end, so that its quarters are round)
function niceCeil(x) {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  return [1, 2, 2.5, 4, 5, 10].map((m) => m * p).find((v) => v >= x * (1 - 1e-9));
}

/** Adds res.fork ({state, sha256, time}), res.events and res.obs (count stations and records). */
export async function loadTwin(res) {
  const a = res.attrs;
  res.fork = a.parent_state !== undefined || a.parent_time_s !== undefined
    ? { state: String(a.parent_state || ''), sha256: String(a.parent_sha256 || ''), time: Number(a.parent_time_s) } : null;
  const P = '/observations/';
  const names = ['stations/id', 'stations/link', 'stations/how', 'stations/snap_distance_m', 'counts/station', 'counts/from_s', 'counts/to_s',
    'counts/class', 'counts/observed', 'counts/simulated', 'counts/geh', 'summary/kpi_name', 'summary/kpi_value', 'summary/kpi_unit'];
  const r = await readPaths(res.slot, [], ['/scenario/events', ...names.map((n) => P + n)]);
  res.events = r['/scenario/events'] ? Array.from(r['/scenario/events'].value).filter((e) => e !== '') : [];
  const g = (n) => (r[P + n] ? r[P + n].value : null);
  res.obs = null;
  const ids = g('stations/id'), links = g('stations/link');
  const c = { station: g('counts/station'), from: g('counts/from_s'), to: g('counts/to_s'), cls: g('counts/class'),
    observed: g('counts/observed'), simulated: g('counts/simulated'), geh: g('counts/geh') };
  if (!ids || !links || !c.station || !c.observed || !c.simulated || !c.from || !c.to) return res;
  const S = ids.length, N = c.station.length;
  const classes = String((r[P + 'counts/class'] && r[P + 'counts/class'].attrs.classes) || 'motorcycle,car,angkot,ojek,all').split(',');
  const st = Array.from({ length: S }, () => ({ records: [], observed: 0, simulated: 0, gehBelow5: 0, gehN: 0 }));
  for (let i = 0; i < N; i++) {
    const s = c.station[i];
    if (!(s >= 0 && s < S)) continue;
    const x = st[s];
    x.records.push(i);
    if (Number.isFinite(c.observed[i]) && Number.isFinite(c.simulated[i])) { x.observed += c.observed[i]; x.simulated += c.simulated[i]; }
    if (c.geh && Number.isFinite(c.geh[i])) { x.gehN++; if (c.geh[i] < 5) x.gehBelow5++; }
  }
  // each station a little to the left of its link's middle (traffic keeps left in Indonesia), so
  // that the stations of a road's two directions stand apart
  const L = res.links, pos = new Float64Array(2 * S);
  for (let s = 0; s < S; s++) {
    const l = links[s];
    if (!(l >= 0 && l < L.n)) { pos[2 * s] = pos[2 * s + 1] = NaN; continue; }
    const a0 = L.offsets[l], b0 = L.offsets[l + 1] - 1;
    let m = (a0 + b0) >> 1;
    if (m >= b0) m = Math.max(a0, b0 - 1);
    const p = L.positions;
    const x0 = p[2 * m], y0 = p[2 * m + 1], x1 = p[2 * (m + 1)], y1 = p[2 * (m + 1) + 1];
    const k = Math.cos(((y0 + y1) / 2) * Math.PI / 180);
    const dx = (x1 - x0) * k, dy = y1 - y0, len = Math.hypot(dx, dy) || 1;
    const off = 14 / 111320; // 14 m in degrees of latitude
    pos[2 * s] = (x0 + x1) / 2 + (-dy / len) * off / k;
    pos[2 * s + 1] = (y0 + y1) / 2 + (dx / len) * off;
  }
  const kn = g('summary/kpi_name'), kv = g('summary/kpi_value'), ku = g('summary/kpi_unit');
  res.obs = {
    S, N, ids, links, how: g('stations/how'), classes, counts: c, st, pos,
    kpis: kn && kv ? Array.from(kn, (n, i) => ({ name: n, value: kv[i], unit: ku ? ku[i] : '' })) : [],
  };
  return res;
}

/** The records of station s as plain objects (what its chart shows). */
export function stationRecords(obs, s) {
  const c = obs.counts;
  return obs.st[s].records.map((i) => ({ from: c.from[i], to: c.to[i], class: obs.classes[c.cls ? c.cls[i] : obs.classes.length - 1], observed: c.observed[i], simulated: c.simulated[i], geh: c.geh ? c.geh[i] : NaN }));
}

function scatterSvg(obs) {
  const W = 340, H = 250, ml = 44, mb = 30, mt = 8, mr = 18;
  const c = obs.counts;
  let hi = 1;
  for (let i = 0; i < obs.N; i++) for (const v of [c.observed[i], c.simulated[i]]) if (Number.isFinite(v)) hi = Math.max(hi, v);
  hi = niceCeil(hi);
  const sx = (v) => ml + (v / hi) * (W - ml - mr), sy = (v) => H - mb - (v / hi) * (H - mb - mt);
  let svg = `<svg id="obsScatter" xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><rect x="${ml}" y="${mt}" width="${W - ml - mr}" height="${H - mb - mt}" fill="#fff" stroke="#ccc"/>`;
  for (let k = 0; k <= 4; k++) {
    const v = (hi * k) / 4;
    svg += `<line x1="${ml}" x2="${W - mr}" y1="${sy(v)}" y2="${sy(v)}" stroke="#f0f0f0"/><text x="${ml - 4}" y="${sy(v) + 4}" font-size="10" text-anchor="end">${niceNumber(v)}</text>`;
    svg += `<text x="${sx(v)}" y="${H - mb + 13}" font-size="10" text-anchor="middle">${niceNumber(v)}</text>`;
  }
  svg += `<line x1="${sx(0)}" y1="${sy(0)}" x2="${sx(hi)}" y2="${sy(hi)}" stroke="#999" stroke-dasharray="3 3"/>`;
  for (let i = 0; i < obs.N; i++) {
    const o = c.observed[i], m = c.simulated[i], s = c.station[i];
    if (!Number.isFinite(o) || !Number.isFinite(m) || !(s >= 0 && s < obs.S)) continue;
    const cls = obs.classes[c.cls ? c.cls[i] : obs.classes.length - 1];
    svg += `<circle class="obs" data-record="${i}" data-station="${s}" data-observed="${o}" data-simulated="${m}" cx="${sx(o).toFixed(1)}" cy="${sy(m).toFixed(1)}" r="3.5" fill="${CLASS_COLORS[cls] || '#2c7fb8'}" fill-opacity="0.65" stroke="#fff" stroke-width="0.5"><title>${esc(obs.ids[s])}, ${hhmm(c.from[i])}–${hhmm(c.to[i])}, ${esc(cls)}: observed ${niceNumber(o)}, simulated ${niceNumber(m)}${c.geh ? `, GEH ${niceNumber(c.geh[i])}` : ''}</title></circle>`;
  }
  svg += `<text x="${(ml + W - mr) / 2}" y="${H - 4}" font-size="10" text-anchor="middle">observed (vehicles per interval)</text>`;
  svg += `<text x="10" y="${(H - mb) / 2}" font-size="10" transform="rotate(-90 10 ${(H - mb) / 2})" text-anchor="middle">simulated</text></svg>`;
  return svg;
}

/** The side panel: fork, events, observations. Hidden when the file has none of them. */
export function renderTwinPanel(res, panel, { onStation }) {
  const parts = [];
  if (res.fork) {
    const f = res.fork;
    const base = f.state.split('/').pop();
    parts.push(`<div id="forkInfo" data-parent-state="${esc(f.state)}" data-parent-time-s="${f.time}" data-parent-sha256="${esc(f.sha256)}">
      <b>Fork</b> of the day saved in <code title="${esc(f.state)}">${esc(base)}</code> at <b>${hhmm(f.time)}</b>: up to ${hhmm(f.time)} the day is its parent's, after it the fork's
      ${f.sha256 ? `<span class="small">(state SHA-256 ${esc(f.sha256.slice(0, 12))}…)</span>` : ''}</div>`);
  }
  if (res.events.length) {
    parts.push(`<div class="small">Events applied to the day (/scenario/events):</div><ul id="events">${res.events.map((e) => `<li>${esc(e)}</li>`).join('')}</ul>`);
  }
  const o = res.obs;
  if (o) {
    parts.push(`<h3>Observed against simulated counts <span class="small">(/observations: ${o.S} stations, ${o.N} records)</span></h3>${scatterSvg(o)}`);
    const used = new Set(Array.from(o.counts.cls || [], (k) => o.classes[k]));
    parts.push(`<div class="legend-swatch">${[...used].map((k) => `<i style="background:${CLASS_COLORS[k] || '#2c7fb8'}"></i>${esc(k)}`).join(' ')} · dashed: simulated = observed</div>`);
    parts.push('<table id="stationTable"><tr><th>station</th><th>link</th><th class="num">records</th><th class="num">observed</th><th class="num">simulated</th><th class="num">GEH &lt; 5</th></tr>' +
      o.st.map((x, s) => `<tr data-station="${s}" title="chart of station ${esc(o.ids[s])}"><td>${esc(o.ids[s])}</td><td>${o.links[s]}</td><td class="num">${x.records.length}</td><td class="num">${niceNumber(x.observed)}</td><td class="num">${niceNumber(x.simulated)}</td><td class="num">${x.gehN ? Math.round((100 * x.gehBelow5) / x.gehN) + ' %' : '–'}</td></tr>`).join('') + '</table>');
    if (o.kpis.length) {
      parts.push('<table id="obsKpi">' + o.kpis.map((k) => `<tr data-name="${esc(k.name)}"><td class="name">${esc(k.name)}</td><td class="value" data-value="${String(k.value)}">${Number.isInteger(k.value) ? k.value.toLocaleString('en-US') : niceNumber(k.value)}</td><td class="unit">${esc(k.unit === '1' ? '' : k.unit)}</td></tr>`).join('') + '</table>');
    }
  }
  if (!parts.length) { panel.hidden = true; panel.innerHTML = ''; return; }
  panel.innerHTML = `<h2>Twin</h2>${parts.join('')}`;
  panel.querySelectorAll('#stationTable tr[data-station], #obsScatter circle.obs').forEach((e) => e.addEventListener('click', () => onStation(Number(e.dataset.station))));
  panel.hidden = false;
}

/** Observed (bars over the counted interval) and simulated (a line over it) counts of a station. */
export function stationChartSvg(res, s, { width = 345, height = 210 } = {}) {
  const rec = stationRecords(res.obs, s);
  const ml = 48, mr = 10, mt = 10, mb = 46;
  const Wp = width - ml - mr, Hp = height - mt - mb;
  let t0 = Infinity, t1 = -Infinity, hi = 1;
  for (const r of rec) {
    t0 = Math.min(t0, r.from); t1 = Math.max(t1, r.to);
    for (const v of [r.observed, r.simulated]) if (Number.isFinite(v)) hi = Math.max(hi, v);
  }
  if (res.fork && Number.isFinite(res.fork.time)) { t0 = Math.min(t0, res.fork.time); t1 = Math.max(t1, res.fork.time); }
  t0 = Math.max(0, Math.floor(t0 / 3600) * 3600 - 3600); t1 = Math.ceil(t1 / 3600) * 3600 + 3600;
  hi = niceCeil(hi * 1.02);
  const span = t1 - t0, step = span <= 8 * 3600 ? 3600 : span <= 16 * 3600 ? 7200 : 14400;
  const x = (t) => ml + ((t - t0) / span) * Wp, y = (v) => mt + Hp - (v / hi) * Hp;
  let svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect x="${ml}" y="${mt}" width="${Wp}" height="${Hp}" fill="#fff" stroke="#ccc"/>`;
  for (let k = 0; k <= 4; k++) {
    const v = (hi * k) / 4;
    svg += `<line x1="${ml}" x2="${ml + Wp}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/><text x="${ml - 4}" y="${y(v) + 4}" text-anchor="end" font-size="10">${niceNumber(v)}</text>`;
  }
  for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) {
    svg += `<line x1="${x(t)}" x2="${x(t)}" y1="${mt}" y2="${mt + Hp}" stroke="#eee"/><text x="${x(t)}" y="${mt + Hp + 13}" text-anchor="middle" font-size="10">${hhmm(t)}</text>`;
  }
  for (const r of rec) {
    const col = CLASS_COLORS[r.class] || '#2c7fb8';
    const tip = `<title>${hhmm(r.from)}–${hhmm(r.to)} ${esc(r.class)}: observed ${niceNumber(r.observed)}, simulated ${niceNumber(r.simulated)}${Number.isFinite(r.geh) ? `, GEH ${niceNumber(r.geh)}` : ''}</title>`;
    if (Number.isFinite(r.observed)) svg += `<rect x="${(x(r.from) + 1).toFixed(1)}" y="${y(r.observed).toFixed(1)}" width="${Math.max(1, x(r.to) - x(r.from) - 2).toFixed(1)}" height="${(y(0) - y(r.observed)).toFixed(1)}" fill="${col}" fill-opacity="0.22" stroke="${col}" stroke-opacity="0.5">${tip}</rect>`;
    if (Number.isFinite(r.simulated)) svg += `<line x1="${x(r.from).toFixed(1)}" x2="${x(r.to).toFixed(1)}" y1="${y(r.simulated).toFixed(1)}" y2="${y(r.simulated).toFixed(1)}" stroke="${col}" stroke-width="2.5">${tip}</line>`;
  }
  if (res.fork && Number.isFinite(res.fork.time)) {
    const fx = x(res.fork.time);
    svg += `<line class="fork" x1="${fx}" x2="${fx}" y1="${mt}" y2="${mt + Hp}" stroke="#762a83" stroke-width="1.5" stroke-dasharray="5 3"/><text x="${fx + 3}" y="${mt + 10}" font-size="10" fill="#762a83">fork ${hhmm(res.fork.time)}</text>`;
  }
  const used = [...new Set(rec.map((r) => r.class))];
  // legend: bars observed, lines simulated, a colour per vehicle class
  const ly = height - 8;
  svg += `<text x="${ml}" y="${ly - 12}" font-size="10" fill="#555">bars: observed, lines: simulated (vehicles per interval)</text>`;
  let lx = ml;
  for (const k of used) {
    const col = CLASS_COLORS[k] || '#2c7fb8';
    svg += `<rect x="${lx}" y="${ly - 8}" width="12" height="9" fill="${col}" fill-opacity="0.22" stroke="${col}" stroke-opacity="0.5"/><line x1="${lx}" x2="${lx + 12}" y1="${ly - 8}" y2="${ly - 8}" stroke="${col}" stroke-width="2.5"/><text x="${lx + 15}" y="${ly}" font-size="10">${esc(k)}</text>`;
    lx += 24 + k.length * 6;
  }
  svg += '</svg>';
  return { svg, records: rec };
}
