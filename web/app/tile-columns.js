// Reading a decoded tile layer, as tile-worker.js lays it out in columns (see place() there): on the page for clicks
// and in the worker for painting.

const typeNames = [null, 'Point', 'LineString', 'Polygon'];

/** The number a geometry type is kept as in a layer's `types` (a Uint8Array), as the vector tile specification numbers them. */
export const typeCode = (type) => Math.max(0, typeNames.indexOf(type));

/** The geometry type of feature `i`: 'Point', 'LineString', 'Polygon', or null (one the tile does not say). */
export const typeOf = (layer, i) => typeNames[layer.types[i]];

/** How many features a decoded layer holds. */
export const featureCount = (layer) => layer.parts.length - 1;

/** The attributes of feature `i`. */
export function propertiesOf(layer, i) {
  const { keys, values, tags, tagStarts } = layer;
  const properties = {};
  for (let t = tagStarts[i]; t < tagStarts[i + 1]; t += 2) properties[keys[tags[t]]] = values[tags[t + 1]];
  return properties;
}

/** Feature `i` of a decoded layer: its id, geometry type and attributes, and the lines it owns in the layer's arrays. */
export function featureOf(layer, i) {
  const properties = propertiesOf(layer, i);
  return { id: properties.id, type: typeOf(layer, i), properties, layer, first: layer.parts[i], last: layer.parts[i + 1] };
}
