import { currentKey } from './session.js';
import { featureCount, featureOf } from './tile-columns.js';
import { loadTile } from './tile-decoder.js';
import { indicativeSources } from './vocabulary.js';

// The plan's layers drawn from the service's Mapbox Vector Tiles, all of them on one canvas per tile, bottom layer
// first, each with the style of its GeoJSON layer (layer-styles.js) over Leaflet's own defaults, so both look alike. A
// worker fetches, decodes and paints each tile (tile-decoder.js, tile-worker.js); the page only shows its bitmap. One
// canvas per tile, not one per layer: a software-composited page spent most of its frames compositing canvases. Each
// tile keeps its decoded features, in pixels, for featureAt(), the click that opens a popup.

// Leaflet's option defaults, flattened: a class's options inherit its parent's through the prototype chain.
const flat = (options) => {
  const all = {};
  for (const key in options) all[key] = options[key];
  return all;
};
const defaults = {
  Point: flat(L.CircleMarker.prototype.options),
  LineString: flat(L.Polyline.prototype.options),
  Polygon: flat(L.Polygon.prototype.options),
};

function insideRings({ coords, lines }, feature, x, y) {
  let inside = false;
  for (let l = feature.first; l < feature.last; l += 1) {
    const [start, end] = [lines[l], lines[l + 1]];
    for (let i = start, j = end - 2; i < end; j = i, i += 2) {
      const [xi, yi, xj, yj] = [coords[i], coords[i + 1], coords[j], coords[j + 1]];
      if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

function nearLine(coords, start, end, x, y, tolerance) {
  for (let i = start + 2; i < end; i += 2) {
    const [ax, ay, bx, by] = [coords[i - 2], coords[i - 1], coords[i], coords[i + 1]];
    const length = (bx - ax) ** 2 + (by - ay) ** 2;
    const t = length ? Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / length)) : 0;
    if ((x - ax - t * (bx - ax)) ** 2 + (y - ay - t * (by - ay)) ** 2 <= tolerance ** 2) return true;
  }
  return false;
}

function hits(feature, options, x, y) {
  const { layer } = feature;
  const { coords, lines } = layer;
  if (feature.type === 'Polygon' && insideRings(layer, feature, x, y)) return true;
  for (let l = feature.first; l < feature.last; l += 1) {
    const start = lines[l];
    if (feature.type === 'Point') {
      if ((coords[start] - x) ** 2 + (coords[start + 1] - y) ** 2 <= (options.radius + 2) ** 2) return true;
    } else if (nearLine(coords, start, lines[l + 1], x, y, options.weight / 2 + 2)) return true;
  }
  return false;
}

export const VectorTileLayer = L.GridLayer.extend({
  /**
   * `definitions` are the layers it can draw, bottom first, each `{ id, style }`: `style(properties)` is the GeoJSON
   * layer's, which the worker paints with too (layer-styles.js); here it gives a click its tolerance. It draws those
   * show() names. `toDisplay([lon, lat])` where a position is drawn (the basemap's datum shift, or none).
   */
  initialize(definitions, toDisplay, options) {
    // noWrap: no world copies, so a tile's coordinates are the service's and its key is its own (the plan lies far
    // from the antimeridian).
    L.GridLayer.prototype.initialize.call(this, { keepBuffer: 1, updateWhenZooming: false, noWrap: true, ...options });
    this.styles = new Map(definitions.map((d) => [d.id, d.style]));
    this.shown = [];
    this.symbols = { collection: null, list: [], below: 0, projected: new Map() };
    this.toDisplay = toDisplay;
    this.drawn = new Map();
    this.on('tileunload', (e) => {
      const key = this.keyOf(e.coords);
      this.drawn.get(key)?.controller.abort();
      this.drawn.delete(key);
    });
  },

  keyOf: (coords) => `${coords.z}/${coords.x}/${coords.y}`,

  /** Draws these of its layers; says whether that changed (repaint() then paints the tiles shown again). */
  show(ids) {
    const shown = [...this.styles.keys()].filter((id) => ids.includes(id));
    if (shown.join() === this.shown.join()) return false;
    this.shown = shown;
    return true;
  },

  /**
   * Symbols painted over every layer, in list order, on tiles below zoom `below` while `collection` is shown: each
   * `{ id, lon, lat (where it is drawn), radius (px), fillColor, fillOpacity }`, with a white outline.
   */
  setSymbols(collection, list, below) {
    this.symbols = { collection, list, below, projected: new Map() };
    this.repaint();
  },

  /** The symbols a tile shows, in its pixels: `{ id, x, y, radius, fillColor, fillOpacity }`. */
  symbolsOf(coords) {
    const { collection, list, below, projected } = this.symbols;
    if (coords.z >= below || !this.shown.includes(collection)) return [];
    if (!projected.has(coords.z)) projected.set(coords.z, list.map((s) => this._map.project(L.latLng(s.lat, s.lon), coords.z)));
    const size = this.getTileSize();
    const [left, top] = [coords.x * size.x, coords.y * size.y];
    return list.flatMap((s, i) => {
      const [x, y] = [projected.get(coords.z)[i].x - left, projected.get(coords.z)[i].y - top];
      const r = s.radius + 1;
      return x + r < 0 || y + r < 0 || x - r > size.x || y - r > size.y ? [] : [{ ...s, x, y }];
    });
  },

  setDisplay(toDisplay) {
    this.toDisplay = toDisplay;
    this.repaint();
  },

  /**
   * Paints every tile shown again, each in place: its old bitmap stays until the new one comes (Leaflet's redraw()
   * would blank them all, and load tiles past maxZoom).
   */
  repaint() {
    if (!this._map) return;
    for (const { el, coords } of Object.values(this._tiles)) this.paint(el, coords);
  },

  createTile(coords, done) {
    const size = this.getTileSize();
    const ratio = window.devicePixelRatio || 1;
    const canvas = L.DomUtil.create('canvas', 'vector-tile');
    canvas.width = size.x * ratio;
    canvas.height = size.y * ratio;
    this.paint(canvas, coords, done);
    return canvas;
  },

  /**
   * Has the worker paint the tile at `coords` of the layers shown and shows it on its canvas; Leaflet's `done` is
   * called once, when the tile first shows (or fails), also if a repaint overtook the first painting.
   */
  paint(canvas, coords, done) {
    const key = this.keyOf(coords);
    const previous = this.drawn.get(key);
    previous?.controller.abort();
    const tile = { controller: new AbortController(), layers: previous?.layers ?? [], symbols: previous?.symbols ?? [], done: previous ? previous.done : done, painting: true };
    if (previous) previous.done = null;
    const { signal } = tile.controller;
    this.drawn.set(key, tile);
    const size = this.getTileSize();
    // Each source tile draws only its own square: its buffer, clipped by the service, is its neighbour's part.
    const sources = this.sourcesOf(coords).map((source) => ({
      url: this.urlOf(source),
      offset: this.offsetOf(source, coords),
      corners: this.cornersOf(source, size),
      clip: [...this.clipOf(source, coords), size.x, size.y],
    }));
    const collections = this.shown;
    if (!previous) canvas.dataset.collections = collections.join(' ');
    const symbols = this.symbolsOf(coords);
    const request = {
      collections, key: currentKey(), size: size.x, ratio: canvas.width / size.x, sources, defaults, indicative: indicativeSources(),
      symbols: symbols.map((s) => [s.x, s.y, s.radius, s.fillColor, s.fillOpacity]),
    };
    const shown = (error) => {
      tile.painting = false;
      tile.done?.(error, canvas);
      tile.done = null;
    };
    const show = (bitmap, layers, painted) => {
      tile.layers = layers;
      tile.symbols = painted;
      // null clears the canvas: a repainted tile may have nothing left to show.
      canvas.getContext('bitmaprenderer').transferFromImageBitmap(bitmap);
      canvas.dataset.collections = collections.join(' ');
      canvas.dataset.features = String(layers.reduce((sum, layer) => sum + featureCount(layer), 0));
    };
    loadTile(request, signal)
      .then(({ bitmap, layers }) => {
        if (signal.aborted) { bitmap?.close(); return; }
        show(bitmap, layers, symbols);
        shown(null);
      })
      .catch((error) => {
        if (signal.aborted) return;
        // A repaint that fails shows nothing rather than layers switched off or stale; Leaflet's done is long called.
        if (!tile.done) {
          show(null, [], []);
          this.fire('tileerror', { error, tile: canvas, coords });
        }
        shown(error);
      });
  },

  /** Whether a tile is being painted: loading, or painted again (repaint(), which Leaflet's isLoading() does not see). */
  isPainting() {
    return [...this.drawn.values()].some((tile) => tile.painting);
  },

  /**
   * The absolute URL of a source tile with a layer per collection shown (the worker's own URL is not the page's):
   * one request per tile, however many layers.
   */
  urlOf(source) {
    const path = `tiles/WebMercatorQuad/${source.z}/${source.y}/${source.x}?collections=${this.shown.map(encodeURIComponent).join(',')}`;
    return new URL(path, document.baseURI).href;
  },

  /**
   * The service's tiles whose features a canvas shows. Unshifted, its own. Shifted (GCJ-02 on Gaode, ≈ 22 px east at
   * zoom 12, more than the tiles' 4 px buffer), the features drawn here come from the square the shift moved here,
   * which overlaps up to four tiles.
   */
  sourcesOf(coords) {
    if (!this.toDisplay) return [coords];
    const size = this.getTileSize();
    const [dx, dy] = this.centreShiftOf(coords);
    const last = 2 ** coords.z - 1;
    const range = (at, d, side) => [Math.floor((at * side - d) / side), Math.floor((at * side - d + side - 1e-6) / side)];
    const [x0, x1] = range(coords.x, dx, size.x);
    const [y0, y1] = range(coords.y, dy, size.y);
    const sources = [];
    for (let x = x0; x <= x1; x += 1) {
      for (let y = y0; y <= y1; y += 1) if (x >= 0 && y >= 0 && x <= last && y <= last) sources.push({ z: coords.z, x, y });
    }
    return sources;
  },

  /** Where the source tile's corner is on the canvas at `coords`, in pixels. */
  offsetOf(source, coords) {
    const size = this.getTileSize();
    return [(source.x - coords.x) * size.x, (source.y - coords.y) * size.y];
  },

  /**
   * Where the source tile's square is drawn on the canvas at `coords`: moved by the datum shift (GCJ-02 on Gaode) at
   * its centre. The worker moves each vertex by the shift interpolated from the source tile's corners: at these zooms
   * it varies by well under a pixel across a tile.
   */
  clipOf(source, coords) {
    const size = this.getTileSize();
    const [ox, oy] = this.offsetOf(source, coords);
    const [cx, cy] = this.centreShiftOf(source);
    return [ox + cx, oy + cy];
  },

  /** The datum shift in pixels at the tile's corners [nw, ne, sw, se], or null without a shift. */
  cornersOf(coords, size) {
    if (!this.toDisplay) return null;
    const corner = (cx, cy) => {
      const at = L.point((coords.x + cx) * size.x, (coords.y + cy) * size.y);
      const position = this._map.unproject(at, coords.z);
      const [lon, lat] = this.toDisplay([position.lng, position.lat]);
      const moved = this._map.project(L.latLng(lat, lon), coords.z);
      return [moved.x - at.x, moved.y - at.y];
    };
    return [corner(0, 0), corner(1, 0), corner(0, 1), corner(1, 1)];
  },

  /** The datum shift in pixels at the tile's centre: the mean of its corners' (bilinear at the middle). */
  centreShiftOf(coords) {
    const corners = this.cornersOf(coords, this.getTileSize());
    if (!corners) return [0, 0];
    return [0, 1].map((k) => corners.reduce((sum, corner) => sum + corner[k], 0) / 4);
  },

  /** The tile shown under a map position and the position in its pixels, or null. */
  tileAt(latlng) {
    if (!this._map) return null;
    const z = Math.round(this._map.getZoom());
    const size = this.getTileSize();
    const point = this._map.project(latlng, z);
    const coords = { z, x: Math.floor(point.x / size.x), y: Math.floor(point.y / size.y) };
    const tile = this.drawn.get(this.keyOf(coords));
    return tile ? { tile, x: point.x - coords.x * size.x, y: point.y - coords.y * size.y } : null;
  },

  /** The id of the symbol painted topmost under a map position (within its outline), or null. */
  symbolAt(latlng) {
    const at = this.tileAt(latlng);
    const symbols = at?.tile.symbols ?? [];
    for (let i = symbols.length - 1; i >= 0; i -= 1) {
      const s = symbols[i];
      if ((s.x - at.x) ** 2 + (s.y - at.y) ** 2 <= (s.radius + 1) ** 2) return s.id;
    }
    return null;
  },

  /** Every symbol painted in the tiles loaded now, once per id: `{ id, lon, lat, radius }`, for the tests and the console. */
  drawnSymbols() {
    const byId = new Map();
    for (const tile of this.drawn.values()) for (const { id, lon, lat, radius } of tile.symbols ?? []) byId.set(id, { id, lon, lat, radius });
    return [...byId.values()];
  },

  /** The topmost feature of a collection drawn under a map position, or null. */
  featureAt(latlng, collection) {
    const at = this.tileAt(latlng);
    if (!at) return null;
    const { tile, x, y } = at;
    const style = this.styles.get(collection);
    for (let l = tile.layers.length - 1; l >= 0; l -= 1) {
      if (tile.layers[l].collection !== collection) continue;
      for (let i = featureCount(tile.layers[l]) - 1; i >= 0; i -= 1) {
        const feature = featureOf(tile.layers[l], i);
        if (hits(feature, { ...defaults[feature.type], ...style(feature.properties) }, x, y)) return feature;
      }
    }
    return null;
  },

  /**
   * Every feature of a collection painted in the tiles loaded now, once per id (a feature crossing tiles is in each):
   * for the tests and the console.
   */
  drawnFeatures(collection) {
    const byId = new Map();
    for (const tile of this.drawn.values()) {
      for (const layer of tile.layers.filter((l) => l.collection === collection)) {
        for (let i = 0; i < featureCount(layer); i += 1) {
          const { id, properties } = featureOf(layer, i);
          byId.set(id, { id, properties, dashes: layer.dashList[layer.dashes[i]] });
        }
      }
    }
    return [...byId.values()];
  },
});
