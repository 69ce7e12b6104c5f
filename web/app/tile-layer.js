import { readTile } from './mvt.js';
import { currentKey } from './session.js';

// One collection drawn from the service's Mapbox Vector Tiles on canvas tiles, with the style function of its
// GeoJSON layer over Leaflet's own defaults, so both look alike. Each tile keeps its features in pixels for
// featureAt(), the click that opens a popup.

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

const dashes = (dashArray) => (dashArray ? String(dashArray).split(/[ ,]+/).map(Number) : []);

function trace(ctx, feature, radius) {
  ctx.beginPath();
  for (const line of feature.pixels) {
    if (feature.type === 'Point') {
      ctx.moveTo(line[0] + radius, line[1]);
      ctx.arc(line[0], line[1], radius, 0, Math.PI * 2);
      continue;
    }
    ctx.moveTo(line[0], line[1]);
    for (let i = 2; i < line.length; i += 2) ctx.lineTo(line[i], line[i + 1]);
  }
}

/** Draws as Leaflet's canvas renderer does (fill, then stroke, each with its opacity). */
function paint(ctx, feature, options) {
  trace(ctx, feature, options.radius);
  if (options.fill && feature.type !== 'LineString') {
    ctx.globalAlpha = options.fillOpacity;
    ctx.fillStyle = options.fillColor || options.color;
    ctx.fill(options.fillRule || 'evenodd');
  }
  if (options.stroke && options.weight !== 0) {
    ctx.setLineDash(dashes(options.dashArray));
    feature.dashes = ctx.getLineDash().join(' ');
    ctx.globalAlpha = options.opacity;
    ctx.lineWidth = options.weight;
    ctx.strokeStyle = options.color;
    ctx.lineCap = options.lineCap;
    ctx.lineJoin = options.lineJoin;
    ctx.stroke();
  }
}

function insideRings(lines, x, y) {
  let inside = false;
  for (const ring of lines) {
    for (let i = 0, j = ring.length - 2; i < ring.length; j = i, i += 2) {
      const [xi, yi, xj, yj] = [ring[i], ring[i + 1], ring[j], ring[j + 1]];
      if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

function nearLine(line, x, y, tolerance) {
  for (let i = 2; i < line.length; i += 2) {
    const [ax, ay, bx, by] = [line[i - 2], line[i - 1], line[i], line[i + 1]];
    const length = (bx - ax) ** 2 + (by - ay) ** 2;
    const t = length ? Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / length)) : 0;
    if ((x - ax - t * (bx - ax)) ** 2 + (y - ay - t * (by - ay)) ** 2 <= tolerance ** 2) return true;
  }
  return false;
}

function hits(feature, options, x, y) {
  if (feature.type === 'Point') return feature.pixels.some((p) => (p[0] - x) ** 2 + (p[1] - y) ** 2 <= (options.radius + 2) ** 2);
  if (feature.type === 'Polygon' && insideRings(feature.pixels, x, y)) return true;
  return feature.pixels.some((line) => nearLine(line, x, y, options.weight / 2 + 2));
}

export const VectorTileLayer = L.GridLayer.extend({
  /**
   * `style(properties)` is the GeoJSON layer's; `toDisplay([lon, lat])` where a position is drawn (the
   * basemap's datum shift, or none).
   */
  initialize(collection, style, toDisplay, options) {
    L.GridLayer.prototype.initialize.call(this, { keepBuffer: 1, updateWhenZooming: false, ...options });
    this.collection = collection;
    this.style = style;
    this.toDisplay = toDisplay;
    this.drawn = new Map();
    this.on('tileunload', (e) => {
      const key = this.keyOf(e.coords);
      this.drawn.get(key)?.controller.abort();
      this.drawn.delete(key);
    });
  },

  keyOf: (coords) => `${coords.z}/${coords.x}/${coords.y}`,

  setDisplay(toDisplay) {
    this.toDisplay = toDisplay;
    this.redraw();
  },

  createTile(coords, done) {
    const size = this.getTileSize();
    const ratio = window.devicePixelRatio || 1;
    const canvas = L.DomUtil.create('canvas', 'vector-tile');
    canvas.width = size.x * ratio;
    canvas.height = size.y * ratio;
    canvas.dataset.collection = this.collection;
    const tile = { controller: new AbortController(), features: [] };
    this.drawn.set(this.keyOf(coords), tile);
    const sources = this.sourcesOf(coords);
    Promise.all(sources.map((source) => this.load(source, tile.controller.signal)))
      .then((layers) => {
        const ctx = canvas.getContext('2d');
        ctx.scale(ratio, ratio);
        layers.forEach((layer, i) => {
          if (!layer) return;
          const { features, clip } = this.place(layer, sources[i], coords);
          // Each source tile draws only its own square: its buffer, clipped by the service, is its neighbour's part.
          ctx.save();
          ctx.beginPath();
          ctx.rect(clip[0], clip[1], size.x, size.y);
          ctx.clip();
          for (const feature of features) paint(ctx, feature, feature.options);
          ctx.restore();
          tile.features.push(...features);
        });
        canvas.dataset.features = String(tile.features.length);
        done(null, canvas);
      })
      .catch((error) => { if (!tile.controller.signal.aborted) done(error, canvas); });
    return canvas;
  },

  /** The tile's layer of this collection; a 204 has none. The browser revalidates by ETag (no-cache). */
  async load(coords, signal) {
    const key = currentKey();
    const url = `collections/${encodeURIComponent(this.collection)}/tiles/WebMercatorQuad/${coords.z}/${coords.y}/${coords.x}`;
    const response = await fetch(url, { signal, headers: key ? { 'X-API-Key': key } : {} });
    if (!response.ok) throw new Error(`${response.status} ${url}`);
    if (response.status === 204) return null;
    return readTile(await response.arrayBuffer()).get(this.collection) ?? null;
  },

  /**
   * The service's tiles whose features a canvas shows. Unshifted, its own. Shifted (GCJ-02 on Gaode, ≈ 22 px east at
   * zoom 12, more than the tiles' 4 px buffer), the features drawn here come from the square the shift moved here,
   * which overlaps up to four tiles.
   */
  sourcesOf(coords) {
    if (!this.toDisplay) return [coords];
    const size = this.getTileSize();
    const [dx, dy] = this.shiftOf(coords, size)(size.x / 2, size.y / 2);
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

  /**
   * A source tile's features in the pixels of the canvas at `coords`, each with its style, and where the source's
   * square is drawn there. A datum shift (GCJ-02 on Gaode) moves each vertex by the shift interpolated from the
   * source tile's corners: at these zooms it varies by well under a pixel across a tile.
   */
  place(layer, source, coords) {
    const size = this.getTileSize();
    const scale = size.x / layer.extent;
    const shift = this.shiftOf(source, size);
    const [ox, oy] = [(source.x - coords.x) * size.x, (source.y - coords.y) * size.y];
    const features = layer.features.map((f) => {
      const pixels = f.lines.map((line) => {
        const out = new Array(line.length);
        for (let i = 0; i < line.length; i += 2) {
          const [x, y] = [line[i] * scale, line[i + 1] * scale];
          const [dx, dy] = shift(x, y);
          out[i] = ox + x + dx;
          out[i + 1] = oy + y + dy;
        }
        return out;
      });
      return { id: f.properties.id, type: f.type, properties: f.properties, pixels, options: { ...defaults[f.type], ...this.style(f.properties) } };
    });
    const [cx, cy] = shift(size.x / 2, size.y / 2);
    return { features, clip: [ox + cx, oy + cy] };
  },

  shiftOf(coords, size) {
    if (!this.toDisplay) return () => [0, 0];
    const corner = (cx, cy) => {
      const at = L.point((coords.x + cx) * size.x, (coords.y + cy) * size.y);
      const position = this._map.unproject(at, coords.z);
      const [lon, lat] = this.toDisplay([position.lng, position.lat]);
      const moved = this._map.project(L.latLng(lat, lon), coords.z);
      return [moved.x - at.x, moved.y - at.y];
    };
    const [a, b, c, d] = [corner(0, 0), corner(1, 0), corner(0, 1), corner(1, 1)];
    return (x, y) => {
      const [u, v] = [x / size.x, y / size.y];
      return [0, 1].map((k) => (a[k] * (1 - u) + b[k] * u) * (1 - v) + (c[k] * (1 - u) + d[k] * u) * v);
    };
  },

  /** The topmost feature drawn under a map position, or null. */
  featureAt(latlng) {
    if (!this._map) return null;
    const z = Math.round(this._map.getZoom());
    const size = this.getTileSize();
    const point = this._map.project(latlng, z);
    const coords = { z, x: Math.floor(point.x / size.x), y: Math.floor(point.y / size.y) };
    const tile = this.drawn.get(this.keyOf(coords));
    if (!tile) return null;
    const [x, y] = [point.x - coords.x * size.x, point.y - coords.y * size.y];
    for (let i = tile.features.length - 1; i >= 0; i -= 1) {
      if (hits(tile.features[i], tile.features[i].options, x, y)) return tile.features[i];
    }
    return null;
  },

  /** Every feature in the tiles loaded now, once per id (a feature crossing tiles is in each): for the tests and the console. */
  drawnFeatures() {
    const byId = new Map();
    for (const tile of this.drawn.values()) for (const f of tile.features) byId.set(f.id, { id: f.id, properties: f.properties, dashes: f.dashes ?? '' });
    return [...byId.values()];
  },
});
