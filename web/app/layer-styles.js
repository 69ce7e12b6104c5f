// How each layer of the plan's 图1 is drawn, by code. Colours are presentation, kept here; names come from the
// service's vocabulary. A code without a colour here (say a sector added to the database since) still draws, in the
// fallback colour, and the legend shows it with its served label. Imports nothing: the tile worker paints with it too.

const zoneColors = {
  medicinal_herbs: '#2e7d32', rice: '#d4b106', corn: '#fa8c16', soybean: '#7cb305', cash_crops: '#eb2f96',
  facility_vegetables: '#13c2c2', forest_food: '#135200', edible_fungi: '#8c564b', aquaculture: '#1677ff',
};
const sectorColors = {
  biomedicine: '#cf1322', bio_agriculture: '#389e0d', bio_energy: '#d46b08', bio_manufacturing: '#531dab',
  bio_environmental: '#08979c', biomedical_engineering: '#c41d7f', bio_services: '#595959',
};
const fallbackColor = '#333333';
export const zoneColor = (code) => zoneColors[code] ?? fallbackColor;
export const sectorColor = (code) => sectorColors[code] ?? fallbackColor;

// `indicative(geometrySource)`: whether the source marks a stand-in outline (the vocabulary's geometry_sources).
const styled = (p, indicative, color, fillOpacity) => {
  const standIn = indicative(p.geometry_source);
  return { color, weight: 2, fillColor: color, fillOpacity: standIn ? fillOpacity * 0.6 : fillOpacity, dashArray: standIn ? '6 4' : null };
};

const layerStyles = {
  counties: () => ({ color: '#555', weight: 1.5, fill: true, fillOpacity: 0.02 }),
  'water-bodies': () => ({ color: '#1d39c4', weight: 1, fillColor: '#69b1ff', fillOpacity: 0.6 }),
  rivers: () => ({ color: '#2f54eb', weight: 1.5 }),
  borders: () => ({ color: '#000', weight: 2, dashArray: '10 4 2 4' }),
  'ecological-areas': (p, indicative) => styled(p, indicative, '#0958d9', 0.25),
  'planting-zones': (p, indicative) => styled(p, indicative, zoneColor(p.category), 0.35),
  'industrial-parks': (p, indicative) => ({ ...styled(p, indicative, '#722ed1', 0.12), weight: 2.5 }),
  projects: (p, indicative) => styled(p, indicative, sectorColor(p.sector), 0.7),
  enterprises: (p) => ({ radius: 5, color: '#fff', weight: 1, fillColor: sectorColor(p.sector), fillOpacity: 0.95 }),
};

/** The style of a layer's feature from its properties, over Leaflet's defaults; a layer not known here in the fallback colour. */
export const layerStyle = (layer) => layerStyles[layer] ?? ((p, indicative) => styled(p, indicative, fallbackColor, 0.3));
