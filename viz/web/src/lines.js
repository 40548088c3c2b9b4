// Roads and map context drawn on 2D canvases under deck.gl's canvas.
//
// Why not deck.gl's PathLayer for the links: on a machine without a GPU (software WebGL,
// SwiftShader: CI, virtual machines, many laptops under remote desktop) recolouring 12,000 paths
// with deck.gl's general shaders costs about a second per frame, and every extra WebGL canvas
// costs a read-back per frame. Canvas 2D strokes the links, batched by colour and width, in a few
// milliseconds, and projects the vertices only when the view changes. Links are picked on the CPU.

const TILE = 512;
export function lngLatToWorld(lon, lat) {
  const lambda = (lon * Math.PI) / 180, phi = (lat * Math.PI) / 180;
  return [(TILE * (lambda + Math.PI)) / (2 * Math.PI), (TILE * (Math.PI + Math.log(Math.tan(Math.PI / 4 + phi / 2)))) / (2 * Math.PI)];
}

function mat4mul(a, b) { // column-major a*b
  const o = new Array(16);
  for (let c = 0; c < 4; c++) for (let r = 0; r < 4; r++) {
    let s = 0;
    for (let k = 0; k < 4; k++) s += a[k * 4 + r] * b[c * 4 + k];
    o[c * 4 + r] = s;
  }
  return o;
}

/**
 * Polylines (links, rings, rivers) with a colour and a width (CSS pixels) each.
 * world: Float64Array of vertices in deck's common (world) units; offsets: Uint32Array [n+1].
 */
export class PolylineCanvas {
  /** parent: the element it fills; attach = false keeps the canvas off the page (an underlay of another) */
  constructor(parent, className, attach = true) {
    this.parent = parent;
    this.canvas = document.createElement('canvas');
    this.canvas.className = className;
    Object.assign(this.canvas.style, { position: 'absolute', left: '0', top: '0', width: '100%', height: '100%', pointerEvents: 'none' });
    if (attach) parent.appendChild(this.canvas);
    this.g = this.canvas.getContext('2d');
    this.n = 0;
    this.projKey = '';
  }

  setGeometry(world, offsets, origin) {
    this.origin = origin;
    this.n = offsets.length - 1;
    this.offsets = offsets;
    const rel = new Float64Array(world.length);
    for (let i = 0; i < world.length; i += 2) { rel[i] = world[i] - origin[0]; rel[i + 1] = world[i + 1] - origin[1]; }
    this.rel = rel;
    this.px = new Float32Array(world.length);
    this.colors = new Uint32Array(this.n); // RGBA bytes (little-endian: R lowest)
    this.widths = new Float32Array(this.n);
    this.projKey = '';
  }

  project(viewport) {
    const W = this.parent.clientWidth, H = this.parent.clientHeight;
    const key = `${viewport.width}x${viewport.height}|${Array.from(viewport.viewProjectionMatrix).join(',')}|${W}x${H}`;
    if (key === this.projKey) return;
    this.projKey = key;
    const o = this.origin;
    const M = mat4mul(Array.from(viewport.viewProjectionMatrix), [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, o[0], o[1], 0, 1]);
    const rel = this.rel, px = this.px, hw = W / 2, hh = H / 2;
    for (let i = 0; i < rel.length; i += 2) {
      const X = rel[i], Y = rel[i + 1];
      const cw = M[3] * X + M[7] * Y + M[15];
      px[i] = ((M[0] * X + M[4] * Y + M[12]) / cw + 1) * hw;
      px[i + 1] = (1 - (M[1] * X + M[5] * Y + M[13]) / cw) * hh;
    }
  }

  /** underlay: a canvas of the same size drawn first (the static map context: one canvas on the page) */
  draw(viewport, underlay = null) {
    const c = this.canvas, g = this.g;
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(this.parent.clientWidth * dpr)), h = Math.max(1, Math.round(this.parent.clientHeight * dpr));
    if (c.width !== w || c.height !== h) { c.width = w; c.height = h; this.projKey = ''; }
    g.setTransform(1, 0, 0, 1, 0, 0);
    g.clearRect(0, 0, w, h);
    if (underlay && underlay.width === w && underlay.height === h) g.drawImage(underlay, 0, 0);
    if (!this.n || !viewport) return;
    this.project(viewport);
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.lineCap = 'round';
    g.lineJoin = 'round';
    // batch by colour and width (widths to 1/4 pixel)
    const groups = new Map();
    const col = this.colors, wid = this.widths;
    for (let i = 0; i < this.n; i++) {
      const wq = Math.round(wid[i] * 4);
      if (wq <= 0 || (col[i] >>> 24) === 0) continue;
      const k = col[i] * 64 + Math.min(63, wq);
      const list = groups.get(k);
      if (list) list.push(i); else groups.set(k, [i]);
    }
    // thin first, wide on top
    const keys = [...groups.keys()].sort((a, b) => (a % 64) - (b % 64));
    const px = this.px, off = this.offsets;
    for (const k of keys) {
      const c32 = Math.floor(k / 64), wq = k % 64;
      g.strokeStyle = `rgba(${c32 & 255},${(c32 >>> 8) & 255},${(c32 >>> 16) & 255},${((c32 >>> 24) & 255) / 255})`;
      g.lineWidth = wq / 4;
      g.beginPath();
      for (const i of groups.get(k)) {
        let v = off[i];
        g.moveTo(px[2 * v], px[2 * v + 1]);
        for (v++; v < off[i + 1]; v++) g.lineTo(px[2 * v], px[2 * v + 1]);
      }
      g.stroke();
    }
  }

  /** the polyline nearest to the pixel (x, y) within maxPx (CSS pixels), or -1; later ones win ties. */
  pick(viewport, x, y, maxPx) {
    if (!this.n) return -1;
    this.project(viewport);
    const px = this.px, off = this.offsets;
    let best = -1, bestD = maxPx * maxPx;
    for (let i = 0; i < this.n; i++) {
      if (this.widths[i] <= 0) continue;
      for (let v = off[i]; v < off[i + 1] - 1; v++) {
        const ax = px[2 * v], ay = px[2 * v + 1], bx = px[2 * v + 2], by = px[2 * v + 3];
        const dx = bx - ax, dy = by - ay;
        const L2 = dx * dx + dy * dy;
        let t = L2 > 0 ? ((x - ax) * dx + (y - ay) * dy) / L2 : 0;
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        const ex = ax + t * dx - x, ey = ay + t * dy - y;
        const d = ex * ex + ey * ey;
        if (d <= bestD) { bestD = d; best = i; }
      }
    }
    return best;
  }
}
