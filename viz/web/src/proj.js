// Inverse Transverse Mercator (WGS 84) for the results' projected CRS (UTM 48S, EPSG:32748, for OKU).
// The parameters are read from the file's WKT (root attribute `crs`), so any WGS 84 UTM/TM works.

const A = 6378137.0;
const F = 1 / 298.257223563;

function param(wkt, names) {
  for (const n of names) {
    const m = new RegExp(`PARAMETER\\[\\s*"${n}"\\s*,\\s*(-?[0-9.eE+]+)`, 'i').exec(wkt);
    if (m) return Number(m[1]);
  }
  return undefined;
}

/** Returns {toLonLat(x, y, out, i), name} or throws with a clear message. */
export function projectionFromWkt(wkt) {
  if (typeof wkt !== 'string' || !wkt) throw new Error('the file has no CRS (root attribute `crs`)');
  let lon0 = param(wkt, ['central_meridian', 'longitude_of_central_meridian', 'Longitude of natural origin']);
  let k0 = param(wkt, ['scale_factor', 'scale_factor_at_central_meridian', 'Scale factor at natural origin']);
  let fe = param(wkt, ['false_easting', 'False easting']);
  let fn = param(wkt, ['false_northing', 'False northing']);
  let lat0 = param(wkt, ['latitude_of_origin', 'Latitude of natural origin']) || 0;
  const utm = /UTM zone (\d+)([NS])/i.exec(wkt);
  if (lon0 === undefined && utm) {
    lon0 = Number(utm[1]) * 6 - 183; k0 = 0.9996; fe = 500000; fn = utm[2].toUpperCase() === 'S' ? 10000000 : 0;
  }
  if (lon0 === undefined || !/Transverse_Mercator|UTM/i.test(wkt) || !/WGS.?84/i.test(wkt) || lat0 !== 0) {
    throw new Error('unsupported CRS (this viewer reads WGS 84 UTM / Transverse Mercator): ' + wkt.slice(0, 80));
  }
  if (k0 === undefined) k0 = 0.9996;
  fe = fe || 0; fn = fn || 0;
  const e2 = F * (2 - F);
  const ep2 = e2 / (1 - e2);
  const e1 = (1 - Math.sqrt(1 - e2)) / (1 + Math.sqrt(1 - e2));
  const mu0 = A * (1 - e2 / 4 - (3 * e2 * e2) / 64 - (5 * e2 * e2 * e2) / 256);
  const c1 = 1.5 * e1 - (27 / 32) * e1 ** 3;
  const c2 = (21 / 16) * e1 * e1 - (55 / 32) * e1 ** 4;
  const c3 = (151 / 96) * e1 ** 3;
  const c4 = (1097 / 512) * e1 ** 4;
  const D2R = Math.PI / 180;
  function toLonLat(x, y, out, i) {
    const xx = x - fe;
    const M = (y - fn) / k0;
    const mu = M / mu0;
    const phi1 = mu + c1 * Math.sin(2 * mu) + c2 * Math.sin(4 * mu) + c3 * Math.sin(6 * mu) + c4 * Math.sin(8 * mu);
    const s = Math.sin(phi1), c = Math.cos(phi1), t = Math.tan(phi1);
    const w = 1 - e2 * s * s;
    const N1 = A / Math.sqrt(w);
    const T1 = t * t;
    const C1 = ep2 * c * c;
    const R1 = (A * (1 - e2)) / (w * Math.sqrt(w));
    const D = xx / (N1 * k0);
    const D2 = D * D;
    const lat = phi1 - ((N1 * t) / R1) * (D2 / 2 - ((5 + 3 * T1 + 10 * C1 - 4 * C1 * C1 - 9 * ep2) * D2 * D2) / 24
      + ((61 + 90 * T1 + 298 * C1 + 45 * T1 * T1 - 252 * ep2 - 3 * C1 * C1) * D2 * D2 * D2) / 720);
    const lon = (D - ((1 + 2 * T1 + C1) * D2 * D) / 6
      + ((5 - 2 * C1 + 28 * T1 - 3 * C1 * C1 + 8 * ep2 + 24 * T1 * T1) * D2 * D2 * D) / 120) / c;
    out[i] = lon0 + lon / D2R;
    out[i + 1] = lat / D2R;
  }
  const name = utm ? `UTM zone ${utm[1]}${utm[2].toUpperCase()}` : 'Transverse Mercator';
  return { toLonLat, name };
}

/** Projects parallel x, y arrays into an interleaved Float64Array of lon, lat. */
export function projectArrays(proj, xs, ys) {
  const out = new Float64Array(xs.length * 2);
  for (let i = 0; i < xs.length; i++) proj.toLonLat(xs[i], ys[i], out, 2 * i);
  return out;
}
