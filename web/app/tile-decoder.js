// The page's side of tile-worker.js: one module worker for every tile layer, started on first use. The worker fetches,
// decodes and paints a tile; its bitmap and decoded layers move back (transferred: the page's thread copies nothing); a
// tile that leaves the view cancels its job, requests and all (a bitmap that comes anyway is closed).

let worker = null;
let next = 0;
const pending = new Map();

function started() {
  if (worker) return worker;
  worker = new Worker(new URL('./tile-worker.js', import.meta.url), { type: 'module', name: 'spatial-tiles' });
  worker.onmessage = ({ data }) => {
    const job = pending.get(data.job);
    if (!job) {
      data.bitmap?.close();
      return;
    }
    pending.delete(data.job);
    if (data.error) job.reject(new Error(data.error));
    else job.resolve({ bitmap: data.bitmap, layers: data.layers });
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
 * One canvas tile of the collections, bottom first, painted by the worker: `{ bitmap, layers }`, the ImageBitmap to
 * show (null: nothing to draw) and, per collection and source tile that has its layer, the layer decoded into the
 * canvas's pixels, in columns of typed arrays (place() in tile-worker.js says how they are laid out; tile-columns.js
 * reads them), with its `collection`.
 * `request` is `{ collections, key, size, ratio, sources, defaults, indicative, symbols }`: the API key to send, if any; the
 * tile's size in CSS pixels and the device pixel ratio; per source tile (a layer per collection) `{ url (absolute: the
 * worker's own URL is not the page's), offset: [x, y] (where its corner is on the canvas), corners (the datum shift
 * there, null: none), clip }`;
 * Leaflet's default options per geometry type; the geometry sources drawn as stand-ins; the symbols to paint over the
 * layers, each `[x, y, radius, fillColor, fillOpacity]` in the canvas's pixels.
 */
export function loadTile(request, signal) {
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
    started().postMessage({ job, ...request });
  });
}
