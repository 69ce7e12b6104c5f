// Labels that would overlap are not drawn: the map's permanent labels (tooltips with class `placed-label`) are
// placed greedily, highest priority first (data-priority on the label's content, e.g. a county's size), and a
// label whose box meets one already placed is hidden until a zoom or a language leaves it room.

const meets = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

export function declutter(container) {
  const labels = [...container.querySelectorAll('.placed-label')];
  labels.forEach((label) => label.classList.remove('label-hidden'));
  const ranked = labels
    .map((label) => ({ label, box: label.getBoundingClientRect(), priority: Number(label.firstElementChild?.dataset.priority ?? 0) }))
    .sort((a, b) => b.priority - a.priority);
  const placed = [];
  for (const { label, box } of ranked) {
    if (placed.some((other) => meets(other, box))) label.classList.add('label-hidden');
    else placed.push(box);
  }
}

/** Declutters once per frame however often it is asked, after Leaflet has placed the labels. */
export function declutterSoon(map) {
  if (map._declutterFrame) return;
  map._declutterFrame = requestAnimationFrame(() => {
    map._declutterFrame = null;
    declutter(map.getContainer());
  });
}
