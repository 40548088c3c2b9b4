// Colour scales (look-up tables of 256 RGB entries) and legends.

function lerp(a, b, t) { return a + (b - a) * t; }

function rampLut(stops) {
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = i / 255;
    let k = 0;
    while (k < stops.length - 2 && t > stops[k + 1][0]) k++;
    const [t0, c0] = stops[k];
    const [t1, c1] = stops[k + 1];
    const u = t1 > t0 ? Math.min(1, Math.max(0, (t - t0) / (t1 - t0))) : 0;
    for (let j = 0; j < 3; j++) lut[i * 3 + j] = Math.round(lerp(c0[j], c1[j], u));
  }
  return lut;
}

// sequential: light yellow -> orange -> red -> dark purple (volumes, queues, populations)
export const SEQ = rampLut([
  [0, [255, 237, 160]], [0.25, [254, 178, 76]], [0.5, [240, 59, 32]], [0.75, [189, 0, 38]], [1, [74, 20, 90]],
]);
// viridis-like (accessibility shares, times)
export const VIR = rampLut([
  [0, [68, 1, 84]], [0.25, [59, 82, 139]], [0.5, [33, 145, 140]], [0.75, [94, 201, 98]], [1, [253, 231, 37]],
]);
// red (slow) -> yellow -> green (fast): speeds
export const SPEED = rampLut([[0, [215, 25, 28]], [0.5, [255, 255, 140]], [1, [26, 150, 65]]]);
// green (free) -> yellow -> red -> dark red (v/c)
export const VC = rampLut([[0, [26, 150, 65]], [0.45, [166, 217, 106]], [0.7, [255, 255, 140]], [0.85, [253, 174, 97]], [1, [165, 0, 38]]]);
// diverging: blue (A below B) -> neutral grey -> red (A above B)
export const NEUTRAL = [170, 170, 170];
export const DIV = rampLut([[0, [33, 102, 172]], [0.5, NEUTRAL], [1, [178, 24, 43]]]);

export function lutCss(lut, t) {
  const i = Math.max(0, Math.min(255, Math.round(t * 255))) * 3;
  return `rgb(${lut[i]},${lut[i + 1]},${lut[i + 2]})`;
}

export function niceNumber(v) {
  if (!isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 1e6) return (v / 1e6).toFixed(a >= 1e7 ? 0 : 1) + 'M';
  if (a >= 1e4) return (v / 1e3).toFixed(a >= 1e5 ? 0 : 1) + 'k';
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v.toPrecision(2);
}

/** A legend: a gradient bar with ticks, or (for diverging) symmetric ticks. */
export function legendHtml({ title, units, lut, min, max, note, diverging, swatches }) {
  const stops = [];
  for (let i = 0; i <= 10; i++) stops.push(`${lutCss(lut, i / 10)} ${i * 10}%`);
  const ticks = diverging ? [min, 0, max] : [min, (min + max) / 2, max];
  let html = `<div class="legend-title">${title}${units ? ` <span class="units">[${units}]</span>` : ''}</div>`;
  html += `<div class="legend-bar" style="background: linear-gradient(to right, ${stops.join(',')})"></div>`;
  html += `<div class="legend-ticks">${ticks.map((t) => `<span>${niceNumber(t)}</span>`).join('')}</div>`;
  if (swatches) html += swatches.map(([c, label]) => `<div class="legend-swatch"><i style="background:${c}"></i>${label}</div>`).join('');
  if (note) html += `<div class="legend-note">${note}</div>`;
  return html;
}
