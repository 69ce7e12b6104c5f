// A few milliseconds of each animation frame for the tile layers' work — starting tile requests, painting tiles — in
// the order it was asked for, so a pan or zoom that brings in dozens of dense tiles keeps its frames. Work whose
// signal aborted (its tile left the view or the zoom) is dropped, also half done.

/** Time per animation frame: half a 60 Hz frame, the rest is Leaflet's and the browser's. */
export const frameBudgetMs = 8;

// Short work (`first`: starting a request) goes before long work (painting), so the tiles a zoom brings in are asked
// for while the tiles before them are still painting.
const queues = { first: [], then: [] };
let scheduled = false;

/**
 * Runs `step(deadline)` in the coming frames until it returns true: each call does what it can before `deadline`
 * (a performance.now() time) and returns whether it is finished.
 */
export function inFrames(step, signal, { first = false } = {}) {
  queues[first ? 'first' : 'then'].push({ step, signal });
  if (!scheduled) { scheduled = true; requestAnimationFrame(runFrame); }
}

function runFrame() {
  const deadline = performance.now() + frameBudgetMs;
  for (const queue of [queues.first, queues.then]) {
    while (queue.length && performance.now() < deadline) {
      const work = queue[0];
      if (work.signal.aborted || work.step(deadline)) queue.shift();
    }
  }
  scheduled = queues.first.length + queues.then.length > 0;
  if (scheduled) requestAnimationFrame(runFrame);
}
