import { featureCount, typeOf } from './tile-columns.js';

// Paints a tile's decoded layers as Leaflet's canvas renderer would, in the tile worker (tile-worker.js): its canvas is
// an OffscreenCanvas there, so the drawing and its software raster happen off the page's thread, which then only
// shows the finished bitmap.

const dashes = (dashArray) => (dashArray ? String(dashArray).split(/[ ,]+/).map(Number) : []);

function trace(ctx, layer, f, type, radius) {
  const { coords, lines, parts } = layer;
  ctx.beginPath();
  for (let l = parts[f]; l < parts[f + 1]; l += 1) {
    const [start, end] = [lines[l], lines[l + 1]];
    if (type === 'Point') {
      ctx.moveTo(coords[start] + radius, coords[start + 1]);
      ctx.arc(coords[start], coords[start + 1], radius, 0, Math.PI * 2);
      continue;
    }
    ctx.moveTo(coords[start], coords[start + 1]);
    for (let i = start + 2; i < end; i += 2) ctx.lineTo(coords[i], coords[i + 1]);
  }
}

/** Draws as Leaflet's canvas renderer does (fill, then stroke, each with its opacity); returns the dashes it stroked. */
function paint(ctx, layer, f, options) {
  const type = typeOf(layer, f);
  trace(ctx, layer, f, type, options.radius);
  if (options.fill && type !== 'LineString') {
    ctx.globalAlpha = options.fillOpacity;
    ctx.fillStyle = options.fillColor || options.color;
    ctx.fill(options.fillRule || 'evenodd');
  }
  if (!options.stroke || options.weight === 0) return '';
  ctx.setLineDash(dashes(options.dashArray));
  ctx.globalAlpha = options.opacity;
  ctx.lineWidth = options.weight;
  ctx.strokeStyle = options.color;
  ctx.lineCap = options.lineCap;
  ctx.lineJoin = options.lineJoin;
  ctx.stroke();
  return ctx.getLineDash().join(' ');
}

/**
 * Paints decoded layers in order, each clipped to its square `{ layer, clip: [x, y, width, height] }`, with the
 * options `styleOf(layer, i)` gives feature i. Each layer gains `dashes`: per feature, the number of its dash pattern
 * (as the canvas stroked it, '' for none or no stroke) in `dashList`.
 */
export function paintLayers(ctx, parts, styleOf) {
  for (const { layer, clip } of parts) {
    const count = featureCount(layer);
    const patterns = new Map();
    layer.dashes = new Uint16Array(count);
    layer.dashList = [];
    ctx.save();
    ctx.beginPath();
    ctx.rect(...clip);
    ctx.clip();
    for (let f = 0; f < count; f += 1) {
      const pattern = paint(ctx, layer, f, styleOf(layer, f));
      if (!patterns.has(pattern)) { patterns.set(pattern, layer.dashList.length); layer.dashList.push(pattern); }
      layer.dashes[f] = patterns.get(pattern);
    }
    ctx.restore();
  }
}

/**
 * Paints symbols over the layers, in order, as Leaflet's circle markers were: each `[x, y, radius, fillColor,
 * fillOpacity]`, filled, with a white outline of 1.5 px.
 */
export function paintSymbols(ctx, symbols) {
  ctx.setLineDash([]);
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = '#fff';
  for (const [x, y, radius, fillColor, fillOpacity] of symbols) {
    ctx.beginPath();
    ctx.arc(x, y, radius, 0, Math.PI * 2);
    ctx.globalAlpha = fillOpacity;
    ctx.fillStyle = fillColor;
    ctx.fill();
    ctx.globalAlpha = 1;
    ctx.stroke();
  }
}
