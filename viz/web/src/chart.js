// A small SVG time-series chart (no chart library).
import { niceNumber } from './colors.js';

function hhmm(s) {
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/**
 * series: [{label, values: number[], color, dashed}]; times: seconds of interval starts.
 * current: index of the current interval (a vertical line); marks: [{t (s), label}] more vertical
 * lines (a fork's time).
 */
export function chartSvg({ series, times, units, current, marks = [], width = 360, height = 180 }) {
  const ml = 48, mr = 10, mt = 10, mb = 28;
  const W = width - ml - mr, H = height - mt - mb;
  let lo = 0, hi = 0;
  for (const s of series) for (const v of s.values) if (isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (hi === lo) hi = lo + 1;
  const n = times.length;
  const x = (i) => ml + (n > 1 ? (i / (n - 1)) * W : 0);
  const y = (v) => mt + H - ((v - lo) / (hi - lo)) * H;
  let svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`;
  svg += `<rect x="${ml}" y="${mt}" width="${W}" height="${H}" fill="#fff" stroke="#ccc"/>`;
  for (let k = 0; k <= 4; k++) {
    const v = lo + ((hi - lo) * k) / 4;
    svg += `<line x1="${ml}" x2="${ml + W}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/>`;
    svg += `<text x="${ml - 4}" y="${y(v) + 4}" text-anchor="end" font-size="10">${niceNumber(v)}</text>`;
  }
  for (let h = 0; h <= 24; h += 6) {
    const i = times.findIndex((t) => t >= h * 3600);
    const xi = i >= 0 ? x(i) : ml + W;
    svg += `<line x1="${xi}" x2="${xi}" y1="${mt}" y2="${mt + H}" stroke="#eee"/>`;
    svg += `<text x="${xi}" y="${mt + H + 14}" text-anchor="middle" font-size="10">${String(h).padStart(2, '0')}:00</text>`;
  }
  if (lo < 0) svg += `<line x1="${ml}" x2="${ml + W}" y1="${y(0)}" y2="${y(0)}" stroke="#888"/>`;
  for (const s of series) {
    const pts = s.values.map((v, i) => `${x(i).toFixed(1)},${y(isFinite(v) ? v : 0).toFixed(1)}`).join(' ');
    svg += `<polyline fill="none" stroke="${s.color}" stroke-width="1.6" ${s.dashed ? 'stroke-dasharray="4 3"' : ''} points="${pts}"/>`;
  }
  const dt = n > 1 ? times[1] - times[0] : 1;
  for (const m of marks) {
    const xm = x((m.t - times[0]) / dt);
    if (!(xm >= ml && xm <= ml + W)) continue;
    svg += `<line class="mark" x1="${xm}" x2="${xm}" y1="${mt}" y2="${mt + H}" stroke="#762a83" stroke-width="1.5" stroke-dasharray="5 3"/>`;
    svg += `<text x="${xm - 3}" y="${mt + 22}" font-size="10" text-anchor="end" fill="#762a83">${m.label}</text>`;
  }
  if (current >= 0 && current < n) {
    svg += `<line x1="${x(current)}" x2="${x(current)}" y1="${mt}" y2="${mt + H}" stroke="#333" stroke-dasharray="2 2"/>`;
    svg += `<text x="${x(current) + 3}" y="${mt + 10}" font-size="10">${hhmm(times[current])}</text>`;
  }
  svg += `<text x="4" y="${mt + 8}" font-size="10" fill="#555">${units || ''}</text>`;
  let lx = ml + 4;
  for (const s of series) {
    svg += `<rect x="${lx}" y="${height - 10}" width="10" height="3" fill="${s.color}"/><text x="${lx + 13}" y="${height - 6}" font-size="10">${s.label}</text>`;
    lx += 18 + s.label.length * 5.5;
  }
  svg += '</svg>';
  return svg;
}

export { hhmm };
