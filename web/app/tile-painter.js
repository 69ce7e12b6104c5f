import { inFrames } from './frame-budget.js';
import { featureCount, featureOf } from './tile-decoder.js';

// Paints decoded tiles (tile-decoder.js) onto their canvases as Leaflet's canvas renderer would, a feature at a time
// within the frames' budget (frame-budget.js), so a tile of thousands of outlines is spread over several frames.

const dashes = (dashArray) => (dashArray ? String(dashArray).split(/[ ,]+/).map(Number) : []);

function trace(ctx, layer, feature, radius) {
  const { coords, lines } = layer;
  ctx.beginPath();
  for (let l = feature.first; l < feature.last; l += 1) {
    const [start, end] = [lines[l], lines[l + 1]];
    if (feature.type === 'Point') {
      ctx.moveTo(coords[start] + radius, coords[start + 1]);
      ctx.arc(coords[start], coords[start + 1], radius, 0, Math.PI * 2);
      continue;
    }
    ctx.moveTo(coords[start], coords[start + 1]);
    for (let i = start + 2; i < end; i += 2) ctx.lineTo(coords[i], coords[i + 1]);
  }
}

/** Draws as Leaflet's canvas renderer does (fill, then stroke, each with its opacity). */
function paint(ctx, layer, feature, options) {
  trace(ctx, layer, feature, options.radius);
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

/**
 * Paints a tile's decoded layers in order, each clipped to its square `{ layer, clip: [x, y, width, height] }`, on the
 * canvas `canvas()` gives (its context is made in the first frame that paints it), within the frames' budget.
 * `painted(feature)` is told of each feature just before it is painted, with its options `styleOf(feature)`.
 * Resolves once everything is painted; never settles when `signal` aborts first.
 */
export function paintTile(canvas, parts, { styleOf, painted }, signal) {
  return new Promise((resolve, reject) => {
    const job = { canvas, parts, styleOf, painted, resolve, part: 0, feature: 0 };
    inFrames((deadline) => paintSome(job, deadline), signal, reject);
  });
}

/** Paints the job's features until the deadline; true once it has painted them all (and resolved). */
function paintSome(job, deadline) {
  while (job.part < job.parts.length) {
    job.ctx ??= job.canvas();
    const { ctx } = job;
    const { layer, clip } = job.parts[job.part];
    const count = featureCount(layer);
    ctx.save();
    ctx.beginPath();
    ctx.rect(...clip);
    ctx.clip();
    while (job.feature < count && performance.now() < deadline) {
      const feature = featureOf(layer, job.feature);
      feature.options = job.styleOf(feature);
      job.painted(feature);
      paint(ctx, layer, feature, feature.options);
      job.feature += 1;
    }
    ctx.restore();
    if (job.feature < count) return false;
    job.part += 1;
    job.feature = 0;
  }
  job.resolve();
  return true;
}
