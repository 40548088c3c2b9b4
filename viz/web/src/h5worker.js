// HDF5 reading in a Web Worker: h5wasm on the user's File objects through Emscripten's WORKERFS,
// which reads byte ranges on demand (FileReaderSync), so only the datasets a view asks for are read.
import h5wasm from 'h5wasm';

let FS = null;
const ready = h5wasm.ready.then((m) => { FS = m.FS; return m; });
const files = new Map(); // slot -> { file: h5wasm.File, mount }

function clean(s) {
  return typeof s === 'string' ? s.replace(/\0+$/g, '') : s;
}

function plainValue(v) {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') return clean(v);
  if (v instanceof BigInt64Array || v instanceof BigUint64Array) return Array.from(v, Number);
  if (ArrayBuffer.isView(v)) return Array.from(v);
  if (Array.isArray(v)) return v.map(plainValue);
  return v;
}

function attrsOf(obj) {
  const out = {};
  let names = [];
  try { names = Object.keys(obj.attrs); } catch (e) { return out; }
  for (const k of names) {
    if (k === 'DIMENSION_LIST' || k === 'REFERENCE_LIST') continue;
    try { out[k] = plainValue(obj.attrs[k].value); } catch (e) { /* unreadable attribute type */ }
  }
  return out;
}

function exists(f, path) {
  // walk the path with keys() so that HDF5 never prints errors for missing names
  const parts = path.split('/').filter(Boolean);
  let g = f;
  for (let i = 0; i < parts.length; i++) {
    if (!(g instanceof h5wasm.Group) && !(g instanceof h5wasm.File)) return null;
    if (!g.keys().includes(parts[i])) return null;
    g = g.get(parts[i]);
    if (!g) return null;
  }
  return g;
}

function readDataset(f, path) {
  const d = exists(f, path);
  if (!d) return { missing: true };
  if (!(d instanceof h5wasm.Dataset)) {
    if (d instanceof h5wasm.Group) return { group: true, keys: d.keys(), attrs: attrsOf(d) };
    return { missing: true };
  }
  let value = d.value;
  const transfer = [];
  if (value instanceof BigInt64Array || value instanceof BigUint64Array) {
    value = Float64Array.from(value, Number);
  }
  if (Array.isArray(value)) value = value.map(clean);
  else if (typeof value === 'string') value = [clean(value)];
  else if (typeof value === 'number' || typeof value === 'bigint') value = [Number(value)];
  if (ArrayBuffer.isView(value)) {
    // copy out of the wasm heap view if needed, then transfer
    if (value.buffer instanceof ArrayBuffer && value.byteOffset === 0 && value.byteLength === value.buffer.byteLength) {
      transfer.push(value.buffer);
    } else {
      value = value.slice();
      transfer.push(value.buffer);
    }
  }
  return { value, shape: d.shape, dtype: String(d.dtype), attrs: attrsOf(d), transfer };
}

function unmount(slot) {
  const s = files.get(slot);
  if (!s) return;
  try { s.file.close(); } catch (e) { /* ignore */ }
  try { FS.unmount(s.mount); } catch (e) { /* ignore */ }
  try { FS.rmdir(s.mount); } catch (e) { /* ignore */ }
  files.delete(slot);
}

let mountCounter = 0;

async function handle(msg) {
  await ready;
  if (msg.op === 'ping') return { ok: true };
  if (msg.op === 'open') {
    unmount(msg.slot);
    const mount = `/m${++mountCounter}`;
    FS.mkdir(mount);
    FS.mount(FS.filesystems.WORKERFS, { files: [msg.file] }, mount);
    let f;
    try {
      f = new h5wasm.File(`${mount}/${msg.file.name}`, 'r');
      // h5wasm does not always throw on failure: check that the file has a valid id
      if (!f || !f.file_id || Number(f.file_id) < 0) throw new Error('HDF5 could not open the file');
      f.keys();
    } catch (e) {
      try { FS.unmount(mount); FS.rmdir(mount); } catch (e2) { /* ignore */ }
      const detail = e && e.message ? e.message : String(e);
      throw new Error(`the file is damaged: HDF5 could not open it (its metadata fails HDF5's checks${/name not defined/.test(detail) ? '' : ': ' + detail}).`);
    }
    files.set(msg.slot, { file: f, mount });
    return { attrs: attrsOf(f), keys: f.keys() };
  }
  const s = files.get(msg.slot);
  if (!s) throw new Error('no file open in slot ' + msg.slot);
  if (msg.op === 'read') {
    const out = {};
    const transfer = [];
    for (const p of msg.paths) {
      try {
        const r = readDataset(s.file, p);
        if (r.transfer) { transfer.push(...r.transfer); delete r.transfer; }
        out[p] = r;
      } catch (e) {
        out[p] = { error: `could not read ${p}: ${e && e.message ? e.message : e}` };
      }
    }
    return { result: out, transfer };
  }
  if (msg.op === 'close') { unmount(msg.slot); return { ok: true }; }
  throw new Error('unknown op ' + msg.op);
}

self.onmessage = async (ev) => {
  const msg = ev.data;
  try {
    const r = await handle(msg);
    const transfer = r.transfer || [];
    delete r.transfer;
    self.postMessage({ id: msg.id, ok: true, data: r.result !== undefined ? r.result : r }, transfer);
  } catch (e) {
    self.postMessage({ id: msg.id, ok: false, error: e && e.message ? e.message : String(e) });
  }
};
