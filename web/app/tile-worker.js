import { layerStyle } from './layer-styles.js';
import { readTile } from './mvt.js';
import { PaintedTiles } from './painted-tiles.js';
import { propertiesOf, typeCode, typeOf } from './tile-columns.js';
import { paintLayers, paintSymbols } from './tile-painter.js';

// The map's tile painter, a module worker (tile-decoder.js starts it): fetches a canvas tile's source tiles, every
// layer's, decodes them — every vertex in the canvas's pixels, shifted to the basemap's datum — and paints them on an OffscreenCanvas;
// the page gets a bitmap to show and the decoded layers (typed arrays, for clicks). What it painted it keeps a while
// (painted-tiles.js), to show again without decoding or painting. Decoding, drawing and rasterising thousands of
// outlines on the page's thread stalled its frames.

const fetching = new Map();
const queue = [];
let draining = false;

// Fetched tiles wait in a queue and each is painted in a task of its own, so a cancel message (the tile left the view
// or the zoom) is read before the tiles behind it are painted.
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
    const at = queue.findIndex((request) => request.job === data.cancel);
    if (at >= 0) queue.splice(at, 1);
    return;
  }
  load(data);
};

const painted = new PaintedTiles();

/** For the tests: how many tiles this worker has read, how many canvas tiles it has painted and shown again. */
self.tilesDecoded = 0;
self.tilesPainted = 0;
self.tilesReused = 0;

/**
 * Fetches one source tile (the browser revalidates it by ETag: no-cache): `{ bytes, etag }`, bytes null for a 204 (a
 * tile without the layer).
 */
async function fetchTile(url, key, signal) {
  const response = await fetch(url, { signal, headers: key ? { 'X-API-Key': key } : {} });
  if (!response.ok) {
    response.body?.cancel();
    throw new Error(`${response.status} ${url}`);
  }
  const etag = response.headers.get('ETag');
  return { bytes: response.status === 204 ? null : await response.arrayBuffer(), etag };
}

async function load(request) {
  const { job, key, sources } = request;
  const controller = new AbortController();
  fetching.set(job, controller);
  try {
    const fetched = await Promise.all(sources.map((source) => fetchTile(source.url, key, controller.signal)));
    if (!fetching.delete(job)) return;
    queue.push({ ...request, fetched });
    if (!draining) { draining = true; setTimeout(drain, 0); }
  } catch (error) {
    controller.abort();
    if (fetching.delete(job)) self.postMessage({ job, error: error.message });
  }
}

const arraysOf = (layer) => ['types', 'coords', 'lines', 'parts', 'tags', 'tagStarts', 'dashes'].filter((name) => layer[name]);

/**
 * Posts a canvas tile to the page, its bitmap and its layers' arrays moved, so the page's thread copies nothing. When
 * the worker keeps the tile (`kept`), what moves is a copy made here.
 */
async function show(job, { canvas, layers }, kept) {
  const bitmap = canvas && (kept ? await createImageBitmap(canvas) : canvas.transferToImageBitmap());
  const sent = kept ? layers.map((layer) => ({ ...layer, ...Object.fromEntries(arraysOf(layer).map((name) => [name, layer[name].slice()])) })) : layers;
  const moved = sent.flatMap((layer) => arraysOf(layer).map((name) => layer[name].buffer));
  self.postMessage({ job, bitmap, layers: sent }, bitmap ? [bitmap, ...moved] : moved);
}

function run(request) {
  const { job } = request;
  const collection = request.collections.join(', ');
  try {
    const key = PaintedTiles.keyOf(request, request.fetched);
    const known = key && painted.get(key);
    if (known) self.tilesReused += 1;
    const entry = known || paint(request);
    const kept = Boolean(known) || painted.put(key, entry);
    show(job, entry, kept).catch((error) => self.postMessage({ job, error: `${collection}: ${error.message}` }));
  } catch (error) {
    self.postMessage({ job, error: `${collection}: ${error.message}` });
  }
}

/**
 * Decodes the source tiles and paints them, layer by layer in the order of `collections` (bottom first), each layer
 * square by square, then the `symbols` over them: `{ canvas, layers }`, canvas null when there is nothing to draw; each layer names its `collection`.
 */
function paint({ fetched, collections, size, ratio, sources, defaults, indicative, symbols }) {
  const decoded = fetched.map(({ bytes }) => {
    if (!bytes) return null;
    self.tilesDecoded += 1;
    return readTile(bytes);
  });
  const parts = [];
  for (const collection of collections) {
    decoded.forEach((tile, i) => {
      const layer = tile?.get(collection);
      const { offset, corners, clip } = sources[i];
      if (layer) parts.push({ layer: { ...place(layer, size / layer.extent, offset, corners), collection }, clip });
    });
  }
  const layers = parts.map((part) => part.layer);
  if (!layers.some((layer) => layer.types.length) && !symbols.length) return { canvas: null, layers };
  const canvas = new OffscreenCanvas(size * ratio, size * ratio);
  const ctx = canvas.getContext('2d');
  ctx.scale(ratio, ratio);
  const standIns = new Set(indicative);
  const standIn = (source) => standIns.has(source);
  paintLayers(ctx, parts, (layer, f) => ({ ...defaults[typeOf(layer, f)], ...layerStyle(layer.collection)(propertiesOf(layer, f), standIn) }));
  paintSymbols(ctx, symbols);
  self.tilesPainted += 1;
  return { canvas, layers };
}

/**
 * The layer's features in columns, which the page reads far faster than an object per feature: feature i is of
 * geometry `types[i]` (typeOf() in tile-columns.js names it), its attributes are the pairs keys[tags[t]] =
 * values[tags[t + 1]] for t from tagStarts[i] to tagStarts[i + 1], and it owns lines parts[i] to parts[i + 1]; line k runs from lines[k] to lines[k + 1] in
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
  const types = new Uint8Array(count);
  const keys = new Indexed();
  const values = new Indexed();
  let [at, line, tag] = [0, 0, 0];
  layer.features.forEach((f, i) => {
    parts[i] = line;
    tagStarts[i] = tag;
    types[i] = typeCode(f.type);
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
