import { readTile } from './mvt.js';

// The map's tile reader, a module worker (tile-decoder.js starts it): fetches a tile, decodes it and hands back one
// layer ready to draw — every vertex already in the canvas's pixels, shifted to the basemap's datum — as typed arrays
// that move to the page without a copy. Fetching and decoding thousands of outlines on the page's thread stalled its
// frames.

const fetching = new Map();
const queue = [];
let draining = false;

// Fetched tiles wait in a queue and each is decoded in a task of its own, so a cancel message (the tile left the view
// or the zoom) is read before the tiles behind it are decoded.
function drain() {
  const job = queue.shift();
  if (job) run(job);
  if (queue.length) setTimeout(drain, 0);
  else draining = false;
}

self.onmessage = ({ data }) => {
  if (data.cancel !== undefined) {
    fetching.get(data.cancel)?.abort();
    fetching.delete(data.cancel);
    const at = queue.findIndex((job) => job.job === data.cancel);
    if (at >= 0) queue.splice(at, 1);
    return;
  }
  load(data);
};

/** For the tests: how many tiles this worker has read. */
self.tilesDecoded = 0;

/** Fetches the tile (the browser revalidates it by ETag: no-cache); a 204 is a tile without the layer. */
async function load(request) {
  const { job, url, key } = request;
  const controller = new AbortController();
  fetching.set(job, controller);
  try {
    const response = await fetch(url, { signal: controller.signal, headers: key ? { 'X-API-Key': key } : {} });
    if (!response.ok) {
      response.body?.cancel();
      throw new Error(`${response.status} ${url}`);
    }
    const bytes = response.status === 204 ? null : await response.arrayBuffer();
    if (!fetching.delete(job)) return;
    queue.push({ ...request, bytes });
    if (!draining) { draining = true; setTimeout(drain, 0); }
  } catch (error) {
    if (fetching.delete(job)) self.postMessage({ job, error: error.message });
  }
}

function run({ job, bytes, collection, size, offset, corners }) {
  try {
    const layer = bytes && readTile(bytes).get(collection);
    if (bytes) self.tilesDecoded += 1;
    if (!layer) { self.postMessage({ job, layer: null }); return; }
    const placed = place(layer, size / layer.extent, offset, corners);
    self.postMessage({ job, layer: placed }, [placed.coords, placed.lines, placed.parts, placed.tags, placed.tagStarts].map((a) => a.buffer));
  } catch (error) {
    self.postMessage({ job, error: `${collection}: ${error.message}` });
  }
}

/**
 * The layer's features in columns, which the page reads far faster than an object per feature: feature i is of
 * geometry `types[i]`, its attributes are the pairs keys[tags[t]] = values[tags[t + 1]] for t from tagStarts[i] to
 * tagStarts[i + 1], and it owns lines parts[i] to parts[i + 1]; line k runs from lines[k] to lines[k + 1] in
 * `coords`, x, y pairs in the canvas's pixels. `scale` is pixels per tile unit; `corners`, the datum shift in pixels
 * at the tile's four corners (none: no shift), is interpolated per vertex.
 */
function place(layer, scale, [ox, oy], corners) {
  const size = scale * layer.extent;
  const count = layer.features.length;
  let lineCount = 0;
  let valueCount = 0;
  let tagCount = 0;
  for (const f of layer.features) {
    lineCount += f.lines.length;
    for (const line of f.lines) valueCount += line.length;
    for (const key in f.properties) tagCount += 2;
  }
  const coords = new Float32Array(valueCount);
  const lines = new Uint32Array(lineCount + 1);
  const parts = new Uint32Array(count + 1);
  const tags = new Uint32Array(tagCount);
  const tagStarts = new Uint32Array(count + 1);
  const types = new Array(count);
  const keys = new Indexed();
  const values = new Indexed();
  let [at, line, tag] = [0, 0, 0];
  layer.features.forEach((f, i) => {
    parts[i] = line;
    tagStarts[i] = tag;
    types[i] = f.type;
    for (const key in f.properties) {
      tags[tag] = keys.of(key);
      tags[tag + 1] = values.of(f.properties[key]);
      tag += 2;
    }
    for (const vertices of f.lines) {
      lines[line] = at;
      line += 1;
      for (let k = 0; k < vertices.length; k += 2) {
        const x = vertices[k] * scale;
        const y = vertices[k + 1] * scale;
        coords[at] = ox + x + (corners ? shift(corners, 0, x / size, y / size) : 0);
        coords[at + 1] = oy + y + (corners ? shift(corners, 1, x / size, y / size) : 0);
        at += 2;
      }
    }
  });
  lines[line] = at;
  parts[count] = line;
  tagStarts[count] = tag;
  return { types, keys: keys.list, values: values.list, tags, tagStarts, coords, lines, parts };
}

/** Distinct values, each numbered once in the order first seen. */
class Indexed {
  constructor() { this.list = []; this.numbers = new Map(); }

  of(value) {
    let number = this.numbers.get(value);
    if (number === undefined) {
      number = this.list.length;
      this.list.push(value);
      this.numbers.set(value, number);
    }
    return number;
  }
}

/** The shift along axis k at (u, v) of the tile (0–1 across), bilinear between its corners [nw, ne, sw, se], each [dx, dy]. */
function shift([a, b, c, d], k, u, v) {
  return (a[k] * (1 - u) + b[k] * u) * (1 - v) + (c[k] * (1 - u) + d[k] * u) * v;
}
