import { featureCount, featureOf } from './tile-decoder.js';

// Paints decoded tiles (tile-decoder.js) onto their canvases a few milliseconds per animation frame, in the order the
// tiles arrived, so a pan or zoom that brings in tiles of thousands of outlines keeps its frames. A tile that left the
// view (its signal aborted) is dropped from the queue, also half painted.

/** Painting time per animation frame: half a 60 Hz frame, the rest is Leaflet's and the browser's. */
export const paintBudgetMs = 8;

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

const queue = [];
let scheduled = false;

/**
 * Paints a tile's decoded layers in order, each clipped to its square `{ layer, clip: [x, y, width, height] }`, on the
 * canvas `canvas()` gives (its context is made in the first frame that paints it). `painted(feature)` is told of each
 * feature just before it is painted, with its options `styleOf(feature)`. Resolves once everything is painted; never
 * settles when `signal` aborts first.
 */
export function paintTile(canvas, parts, { styleOf, painted }, signal) {
  return new Promise((resolve) => {
    queue.push({ canvas, parts, styleOf, painted, signal, resolve, part: 0, feature: 0 });
    if (!scheduled) { scheduled = true; requestAnimationFrame(paintFrame); }
  });
}

function paintFrame() {
  const deadline = performance.now() + paintBudgetMs;
  while (queue.length && performance.now() < deadline) {
    const job = queue[0];
    if (job.signal.aborted || paintSome(job, deadline)) queue.shift();
  }
  scheduled = queue.length > 0;
  if (scheduled) requestAnimationFrame(paintFrame);
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
