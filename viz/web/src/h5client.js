// Promise interface to the HDF5 worker.
let worker = null;
let nextId = 1;
const pending = new Map();

function ensure() {
  if (worker) return worker;
  worker = new Worker(new URL('./h5worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = (ev) => {
    const { id, ok, data, error } = ev.data;
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    if (ok) p.resolve(data); else p.reject(new Error(error));
  };
  worker.onerror = (ev) => {
    ev.preventDefault();
    const err = new Error('HDF5 reader failed: ' + (ev.message || 'worker error'));
    for (const p of pending.values()) p.reject(err);
    pending.clear();
    worker.terminate();
    worker = null; // a fresh worker next time
  };
  return worker;
}

function call(msg) {
  const w = ensure();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.postMessage({ ...msg, id });
  });
}

export const h5 = {
  warmup: () => call({ op: 'ping' }),
  open: (slot, file) => call({ op: 'open', slot, file }),
  read: (slot, paths) => call({ op: 'read', slot, paths }),
  close: (slot) => call({ op: 'close', slot }),
};
