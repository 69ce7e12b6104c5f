// A few milliseconds of each animation frame for the tile layers' painting, in the order it was asked for, so a pan
// or zoom that brings in dozens of dense tiles keeps its frames. Work whose signal aborted (its tile left the view or
// the zoom) is dropped, also half done.

/** Time per animation frame: half a 60 Hz frame, the rest is Leaflet's and the browser's. */
export const frameBudgetMs = 8;

const queue = [];
let scheduled = false;

/**
 * Runs `step(deadline)` in the coming frames until it returns true: each call does what it can before `deadline`
 * (a performance.now() time) and returns whether it is finished. A step that throws is dropped and its error given to
 * `failed`; the rest of the queue goes on.
 */
export function inFrames(step, signal, failed = (error) => console.error(error)) {
  queue.push({ step, signal, failed });
  if (!scheduled) { scheduled = true; requestAnimationFrame(runFrame); }
}

function runFrame() {
  const deadline = performance.now() + frameBudgetMs;
  while (queue.length && performance.now() < deadline) {
    const work = queue[0];
    try {
      if (work.signal.aborted || work.step(deadline)) queue.shift();
    } catch (error) {
      queue.shift();
      work.failed(error);
    }
  }
  scheduled = queue.length > 0;
  if (scheduled) requestAnimationFrame(runFrame);
}
