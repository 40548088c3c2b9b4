// A sweep's index.h5 (docs/sweeps.md): the runs as a sortable table with their KPIs.
import { readPaths } from './results.js';
import { niceNumber } from './colors.js';

export async function renderSweep(res, panel) {
  const base = ['/runs/id', '/runs/scenario', '/runs/parameters', '/runs/seed', '/runs/status', '/runs/wall_time_s', '/runs/kpi_names'];
  const r = await readPaths(res.slot, ['/runs/id', '/runs/status'], base.filter((p) => p !== '/runs/id' && p !== '/runs/status'));
  const kn = r['/runs/kpi_names'] ? r['/runs/kpi_names'].value : [];
  const kr = kn.length ? await readPaths(res.slot, [], kn.map((k) => `/runs/kpi/${k}`)) : {};
  const n = r['/runs/id'].value.length;
  const cols = [
    { name: 'id', units: '', v: r['/runs/id'].value },
    { name: 'scenario', units: '', v: r['/runs/scenario']?.value },
    { name: 'parameters', units: '', v: r['/runs/parameters']?.value },
    { name: 'seed', units: '', v: r['/runs/seed']?.value },
    { name: 'status', units: '', v: r['/runs/status'].value },
    { name: 'wall_time_s', units: 's', v: r['/runs/wall_time_s']?.value },
    ...kn.map((k) => ({ name: k, units: kr[`/runs/kpi/${k}`]?.attrs.units || '', v: kr[`/runs/kpi/${k}`]?.value })),
  ].filter((c) => c.v);
  let order = Array.from({ length: n }, (_, i) => i), sortCol = -1, asc = true;
  const draw = () => {
    const head = cols.map((c, j) => `<th data-col="${j}">${c.name}${c.units && c.units !== '1' ? ` [${c.units}]` : ''}${j === sortCol ? (asc ? ' ▲' : ' ▼') : ''}</th>`).join('');
    const rows = order.map((i) => `<tr>${cols.map((c) => `<td>${typeof c.v[i] === 'number' ? niceNumber(c.v[i]) : c.v[i]}</td>`).join('')}</tr>`).join('');
    panel.innerHTML = `<h2>Sweep: ${n} runs <span class="small">(click a column to sort)</span></h2><div style="overflow:auto;max-height:70vh"><table id="sweepTable"><tr>${head}</tr>${rows}</table></div>`;
    panel.querySelectorAll('th').forEach((th) => th.addEventListener('click', () => {
      const j = Number(th.dataset.col);
      asc = sortCol === j ? !asc : true; sortCol = j;
      const v = cols[j].v;
      order.sort((a, b) => { const x = v[a], y = v[b]; const c = typeof x === 'number' ? (Number.isNaN(x) ? 1 : Number.isNaN(y) ? -1 : x - y) : String(x).localeCompare(String(y)); return asc ? c : -c; });
      draw();
    }));
  };
  draw();
  panel.hidden = false;
}
