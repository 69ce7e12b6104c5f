// The overview layers and the project symbols are drawn on Leaflet canvases, one per pane, so a zoom's end
// repaints a few canvases instead of re-writing thousands of SVG paths. Leaflet's canvas hit-tests only its own
// shapes and hands a miss to the map, never to the panes below it: as many canvases over the whole map would keep
// every click and hover from the shapes under them (the tile features, the dense layers' SVG shapes from zoom 13).
// So these canvases let pointer events through (style.css), and a click or a hover finds the shape under the pointer
// here, as L.Canvas does for its own events.

// shapeAt() walks L.Canvas's list of its shapes and asks each whether it holds the point, as L.Canvas does itself:
// Leaflet internals (1.9), so a Leaflet without them stops the map here, not with clicks that silently open nothing.
if (typeof L.Polyline.prototype._containsPoint !== 'function' || typeof L.CircleMarker.prototype._containsPoint !== 'function'
  || !String(L.Canvas.prototype._initPath).includes('_drawFirst')) {
  throw new Error(`canvas-shapes.js: Leaflet ${L.version} has no _containsPoint or canvas draw list; clicks on canvas shapes need them`);
}

// A finger is less precise than a mouse: taps within this many pixels of a thin line or a small symbol reach it.
const touchTolerance = 6;

/** A canvas renderer for a pane, whose canvas lets pointer events through to what is below it. */
export function passThroughCanvas(map, pane) {
  map.getPane(pane).classList.add('pointer-through');
  return L.canvas({ pane, tolerance: window.matchMedia('(pointer: coarse)').matches ? touchTolerance : 0 });
}

/** The topmost interactive shape a canvas renderer drew at a layer point, or null. */
export function shapeAt(renderer, layerPoint) {
  let found = null;
  // L.Canvas's own hit test: its shapes in drawing order, the last one drawn on top.
  for (let order = renderer._drawFirst; order; order = order.next) {
    if (order.layer.options.interactive && order.layer._containsPoint(layerPoint)) found = order.layer;
  }
  return found;
}

/** Bounds as a box in the map container's pixels. */
export function pixelBox(map, bounds) {
  const northWest = map.latLngToContainerPoint(bounds.getNorthWest());
  const southEast = map.latLngToContainerPoint(bounds.getSouthEast());
  return { left: northWest.x, top: northWest.y, width: southEast.x - northWest.x, height: southEast.y - northWest.y };
}

/**
 * The pointer cursor over the map wherever `clickable(layerPoint)` says a canvas shape is, checked once a frame while
 * the mouse moves, and again where it rests once the map or its layers change under it.
 */
export function pointerOverShapes(map, clickable) {
  const container = map.getContainer();
  let frame = null;
  let last = null;
  const check = () => {
    frame ??= requestAnimationFrame(() => {
      frame = null;
      const over = last !== null && !map.dragging.moving() && clickable(map.containerPointToLayerPoint(last));
      container.classList.toggle('over-shape', over);
    });
  };
  map.on('mousemove', (e) => { last = e.containerPoint; check(); });
  map.on('zoomstart', () => container.classList.remove('over-shape'));
  map.on('moveend layeradd layerremove popupclose', () => { if (last !== null) check(); });
  map.on('mouseout dragstart', () => {
    last = null;
    container.classList.remove('over-shape');
  });
}
