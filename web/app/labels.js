// Labels that would overlap are not drawn: the map's permanent labels (tooltips with class `placed-label`) are
// placed greedily, highest priority first (data-priority on the label's content, e.g. a county's size), and a
// label whose box meets one already placed is hidden until a zoom or a language leaves it room.
//
// A zoom's end is the longest frame of a move, so the declutter forces no layout there: each label's size is read
// once per text and language (the first time it is seen), its box is placed from map.latLngToContainerPoint as
// Leaflet centres it, and visibility is written in one pass, only where it changes.

const meets = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

// Leaflet rounds a label's position to whole pixels: a box one pixel larger each side keeps labels that touch
// after rounding apart.
const roundingMargin = 1;

const sizes = new Map();

const sizeKey = (label) => [document.documentElement.lang, label.options.className, label.getElement().textContent].join('\n');

function placedLabels(map) {
  const labels = [];
  map.eachLayer((layer) => {
    if (layer instanceof PlacedLabel && layer.getElement() && layer.getLatLng()) labels.push({ layer, element: layer.getElement() });
  });
  return labels;
}

/** A label's size, read once per text and language (the first time it is seen) and remembered. */
function sizeOf(label) {
  const key = sizeKey(label);
  if (sizes.has(key)) return sizes.get(key);
  const element = label.getElement();
  const size = { width: element.offsetWidth, height: element.offsetHeight };
  // A label not laid out yet (its pane hidden) measures 0: measured again next time.
  if (size.width > 0) sizes.set(key, size);
  return size;
}

/**
 * A permanent label centred on its layer, positioned from its remembered size: Leaflet's own tooltip reads the
 * label's offsetWidth at every zoom step, a layout forced once per label per step.
 */
export const PlacedLabel = L.Tooltip.extend({
  options: { permanent: true, direction: 'center' },

  _setPosition(pos) {
    const { width, height } = sizeOf(this);
    L.DomUtil.addClass(this._container, 'leaflet-tooltip-center');
    L.DomUtil.setPosition(this._container, pos.subtract(L.point(width / 2, height / 2, true)).add(L.point(this.options.offset)));
  },
});

export function declutter(map) {
  const labels = placedLabels(map);
  const ranked = labels
    .map(({ layer, element }) => {
      const centre = map.latLngToContainerPoint(layer.getLatLng());
      const { width, height } = sizeOf(layer);
      const box = {
        left: centre.x - width / 2 - roundingMargin, right: centre.x + width / 2 + roundingMargin,
        top: centre.y - height / 2 - roundingMargin, bottom: centre.y + height / 2 + roundingMargin,
      };
      return { element, box, priority: Number(element.firstElementChild?.dataset.priority ?? 0) };
    })
    .sort((a, b) => b.priority - a.priority);
  const placed = [];
  const hidden = new Set();
  for (const { element, box } of ranked) {
    if (placed.some((other) => meets(other, box))) hidden.add(element);
    else placed.push(box);
  }
  for (const { element } of ranked) {
    if (element.classList.contains('label-hidden') !== hidden.has(element)) element.classList.toggle('label-hidden');
  }
}

/** Declutters once per frame however often it is asked, after Leaflet has placed the labels. */
export function declutterSoon(map) {
  if (map._declutterFrame) return;
  map._declutterFrame = requestAnimationFrame(() => {
    map._declutterFrame = null;
    declutter(map);
  });
}
