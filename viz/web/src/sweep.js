// A sweep's index.h5 (docs/sweeps.md): its runs as a table with their axes and KPIs, sorted by a
// clicked column; a click on a run asks main.js to open its results file (/runs/file, relative to
// the index: runs/ID.h5).
import { readPaths } from './results.js';
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Reads the index open in res.slot into {name, n, cols, id, file, status, error}. */
export async function loadSweep(res) {
  const s = res.slot;
  const r = await readPaths(s, ['/runs/id', '/runs/status'], ['/runs/task', '/runs/scenario', '/runs/parameters', '/runs/seed',
    '/runs/wall_time_s', '/runs/kpi_names', '/runs/file', '/runs/error', '/runs/param']);
  const v = (p) => (r[p] ? r[p].value : null);
  const n = v('/runs/id').length;
  // the axes in the order of the sweep file (as in /runs/parameters "key=value, ..."), else by name
  let axes = r['/runs/param'] && r['/runs/param'].group ? r['/runs/param'].keys.slice() : [];
  const params = v('/runs/parameters');
  if (params && params.length) {
    const at = (k) => { const i = params[0].indexOf(`${k}=`); return i < 0 ? Infinity : i; };
    axes.sort((a, b) => at(a) - at(b));
  }
  const ar = axes.length ? await readPaths(s, [], axes.map((k) => `/runs/param/${k}`)) : {};
  axes = axes.filter((k) => ar[`/runs/param/${k}`]);
  const kn = v('/runs/kpi_names') || [];
  const kr = kn.length ? await readPaths(s, [], kn.map((k) => `/runs/kpi/${k}`)) : {};
  const cols = [
    { key: 'task', label: '#', v: v('/runs/task') || Array.from({ length: n }, (_, i) => i) },
    { key: 'id', label: 'run', v: v('/runs/id') },
    { key: 'scenario', label: 'scenario', v: v('/runs/scenario') },
    ...axes.map((k) => ({ key: `param:${k}`, label: k, axis: true, v: ar[`/runs/param/${k}`].value })),
    ...(axes.length ? [] : [{ key: 'parameters', label: 'parameters', v: params }]),
    { key: 'seed', label: 'seed', v: v('/runs/seed') },
    { key: 'status', label: 'status', v: v('/runs/status') },
    { key: 'wall_time_s', label: 'wall time', units: 's', v: v('/runs/wall_time_s') },
    ...kn.map((k) => ({ key: `kpi:${k}`, label: k, kpi: true, units: kr[`/runs/kpi/${k}`] ? kr[`/runs/kpi/${k}`].attrs.units || '' : '', v: kr[`/runs/kpi/${k}`] ? kr[`/runs/kpi/${k}`].value : null })),
  ].filter((c) => c.v && c.v.length === n);
  return {
    name: res.attrs.sweep_name || res.file.name, n, cols, axes,
    id: v('/runs/id'), status: v('/runs/status'), error: v('/runs/error'), file: v('/runs/file'),
  };
}

// as the KPI table: integers whole, others to 4 significant digits (runs differ in the small ones)
const fmt = (x) => (!Number.isFinite(x) ? String(x) : Number.isInteger(x) ? x.toLocaleString('en-US') : Math.abs(x) >= 1000 ? x.toLocaleString('en-US', { maximumFractionDigits: 1 }) : Number(x.toPrecision(4)).toString());

// numbers (and texts that are numbers, as axis values are) by value, NaN and empty last; other
// texts alphabetically
function sortKey(x) {
  if (typeof x === 'number') return x;
  const t = String(x).trim();
  return t !== '' && Number.isFinite(Number(t)) ? Number(t) : t;
}
function compare(x, y) {
  const a = sortKey(x), b = sortKey(y);
  const na = typeof a === 'number', nb = typeof b === 'number';
  if (na && nb) return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : Number.isNaN(b) ? -1 : a - b;
  if (na !== nb) return na ? -1 : 1;
  return a.localeCompare(b, 'en', { numeric: true });
}

/**
 * Draws the table into `el`: onOpen(i) when run i is clicked, onClose (if given) for the button
 * back to the map. The sort order is kept in sw.view, so the table comes back as it was left.
 */
export function renderSweep(sw, el, { onOpen, onClose, source, current }) {
  const view = sw.view || (sw.view = { key: null, asc: true, left: 0, top: 0 });
  const complete = sw.status.filter((s) => s === 'complete').length;
  const draw = () => {
    const order = Array.from({ length: sw.n }, (_, i) => i);
    const sc = sw.cols.find((c) => c.key === view.key);
    if (sc) order.sort((a, b) => { const c = compare(sc.v[a], sc.v[b]); return (view.asc || Number.isNaN(sortKey(sc.v[a])) || Number.isNaN(sortKey(sc.v[b])) ? c : -c) || a - b; });
    const head = sw.cols.map((c) => {
      const arrow = c.key === view.key ? (view.asc ? ' ▲' : ' ▼') : '';
      const units = c.units && c.units !== '1' ? ` <span class="units">[${esc(c.units)}]</span>` : '';
      return `<th data-key="${esc(c.key)}" class="${c.axis ? 'axis' : c.kpi ? 'kpi' : ''}" ${c.key === view.key ? `aria-sort="${view.asc ? 'ascending' : 'descending'}"` : ''} title="sort by ${esc(c.label)}">${esc(c.label)}${units}${arrow}</th>`;
    }).join('');
    const rows = order.map((i) => {
      const ok = sw.status[i] === 'complete';
      const tip = ok ? `open ${sw.file && sw.file[i] ? sw.file[i] : `runs/${sw.id[i]}.h5`}` : `${sw.status[i]}${sw.error && sw.error[i] ? ': ' + sw.error[i] : ''}`;
      const cells = sw.cols.map((c) => {
        const x = c.v[i];
        const num = typeof x === 'number';
        return `<td data-key="${esc(c.key)}" data-value="${esc(String(x))}" class="${num ? 'num' : ''}">${num ? (c.key === 'task' || c.key === 'seed' ? String(x) : fmt(x)) : esc(x)}</td>`;
      }).join('');
      return `<tr class="run${ok ? '' : ' failed'}${i === current ? ' current' : ''}" data-run="${i}" data-id="${esc(sw.id[i])}" title="${esc(tip)}">${cells}</tr>`;
    }).join('');
    el.innerHTML = `<div class="sweep-head"><div><h2>Sweep ${esc(sw.name)}: ${sw.n} runs, ${complete} complete</h2>
      <div class="small">${esc(source)}. Click a column to sort, a run to open its results file${sw.axes.length ? `; axes: ${sw.axes.map(esc).join(', ')}` : ''}.</div></div>
      ${onClose ? '<button id="sweepClose" title="back to the map">×</button>' : ''}</div>
      <div class="sweep-scroll"><table id="sweepTable"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>`;
    // where the table was scrolled to stays (a click on a KPI far right, coming back from a run)
    const scroller = el.querySelector('.sweep-scroll');
    scroller.scrollLeft = view.left; scroller.scrollTop = view.top;
    scroller.addEventListener('scroll', () => { view.left = scroller.scrollLeft; view.top = scroller.scrollTop; });
    el.querySelectorAll('th').forEach((th) => th.addEventListener('click', () => {
      view.asc = view.key === th.dataset.key ? !view.asc : true;
      view.key = th.dataset.key;
      draw();
    }));
    el.querySelectorAll('tr.run').forEach((tr) => tr.addEventListener('click', () => onOpen(Number(tr.dataset.run))));
    if (onClose) el.querySelector('#sweepClose').addEventListener('click', onClose);
  };
  draw();
  el.hidden = false;
}
