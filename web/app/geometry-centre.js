// Where a label or a symbol stands on an outline: its largest ring's area centroid ([lon, lat]); a point's own
// position; null for lines.

export function centreOf(geometry) {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : null;
  if (!polygons) return geometry.type === 'Point' ? geometry.coordinates : null;
  let best = null;
  for (const [ring] of polygons) {
    let [a, cx, cy] = [0, 0, 0];
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
      const cross = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
      a += cross;
      cx += (ring[j][0] + ring[i][0]) * cross;
      cy += (ring[j][1] + ring[i][1]) * cross;
    }
    if (a !== 0 && (!best || Math.abs(a) > best.area)) best = { area: Math.abs(a), at: [cx / (3 * a), cy / (3 * a)] };
  }
  return best?.at ?? null;
}
