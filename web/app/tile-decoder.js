// The page's side of tile-worker.js: one module worker for every tile layer, started on first use. The worker fetches
// and decodes a tile and the drawn layer moves back (transferred, not copied); a tile that leaves the view cancels its
// job, request and all.

let worker = null;
let next = 0;
const pending = new Map();

function started() {
  if (worker) return worker;
  worker = new Worker(new URL('./tile-worker.js', import.meta.url), { type: 'module', name: 'spatial-tiles' });
  worker.onmessage = ({ data }) => {
    const job = pending.get(data.job);
    if (!job) return;
    pending.delete(data.job);
    if (data.error) job.reject(new Error(data.error));
    else job.resolve(data.layer);
  };
  // A worker that cannot start (its script refused, a syntax error) fails every tile waiting for it, visibly; the next
  // tile starts a new one rather than waiting on a dead worker.
  worker.onerror = (event) => {
    for (const job of pending.values()) job.reject(new Error(`tile worker: ${event.message || 'failed to start'}`));
    pending.clear();
    worker.terminate();
    worker = null;
  };
  return worker;
}

/**
 * One collection's layer of the tile at `url` (absolute: the worker's own URL is not the page's), in the pixels of the
 * canvas that draws it, in columns of typed arrays (place() in tile-worker.js says how they are laid out; featureOf()
 * reads one feature), or null when the tile has no such layer (a 204). `key` is the API key to send, if any;
 * `placement` is `{ size, offset: [x, y], corners }`: the tile's size in pixels, where the tile's corner is on the
 * canvas and the datum shift at its corners (null: none).
 */
export function loadTile(url, key, collection, placement, signal) {
  const job = next;
  next += 1;
  return new Promise((resolve, reject) => {
    if (signal.aborted) { reject(signal.reason); return; }
    pending.set(job, { resolve, reject });
    signal.addEventListener('abort', () => {
      if (!pending.delete(job)) return;
      worker?.postMessage({ cancel: job });
      reject(signal.reason);
    }, { once: true });
    started().postMessage({ job, url, key, collection, ...placement });
  });
}

/** Feature `i` of a decoded layer: its id, geometry type and attributes, and the lines it owns in the layer's arrays. */
export function featureOf(layer, i) {
  const { keys, values, tags, tagStarts } = layer;
  const properties = {};
  for (let t = tagStarts[i]; t < tagStarts[i + 1]; t += 2) properties[keys[tags[t]]] = values[tags[t + 1]];
  return { id: properties.id, type: layer.types[i], properties, layer, first: layer.parts[i], last: layer.parts[i + 1] };
}

/** How many features a decoded layer holds. */
export const featureCount = (layer) => layer.parts.length - 1;
