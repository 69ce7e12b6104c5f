// The overview layers and the project symbols are drawn on Leaflet canvases, one per pane, so a zoom's end
// repaints a few canvases instead of re-writing thousands of SVG paths. Leaflet's canvas hit-tests only its own
// shapes and hands a miss to the map, never to the panes below it: as many canvases over the whole map would keep
// every click and hover from the shapes under them (the tile features, the dense layers' SVG shapes from zoom 13).
// So these canvases let pointer events through (style.css), and a click or a hover finds the shape under the pointer
// here, as L.Canvas does for its own events.

/** A canvas renderer for a pane, whose canvas lets pointer events through to what is below it. */
export function passThroughCanvas(map, pane) {
  map.getPane(pane).classList.add('pointer-through');
  return L.canvas({ pane });
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

/** The pointer cursor over the map wherever `clickable(layerPoint)` says a canvas shape is, checked once a frame. */
export function pointerOverShapes(map, clickable) {
  const container = map.getContainer();
  let frame = null;
  let last = null;
  map.on('mousemove', (e) => {
    last = e.layerPoint;
    frame ??= requestAnimationFrame(() => {
      frame = null;
      container.classList.toggle('over-shape', last !== null && !map.dragging.moving() && clickable(last));
    });
  });
  map.on('mouseout dragstart', () => {
    last = null;
    container.classList.remove('over-shape');
  });
}
