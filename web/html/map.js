// The small map of an f=html page: draws the features of the page's JSON data block (its id in data-features) with
// Leaflet and fits the view to them. No basemap, so it works on an intranet; each feature's id shows on hover, as text.
(function () {
  const element = document.getElementById('map');
  const data = element && document.getElementById(element.dataset.features);
  if (!data) return;
  const features = JSON.parse(data.textContent);
  const map = L.map(element, { attributionControl: false });
  const style = { color: '#c0392b', weight: 2, fillOpacity: 0.25, className: 'page-feature' };
  const layer = L.geoJSON(features, {
    style: () => style,
    pointToLayer: (_, latlng) => L.circleMarker(latlng, { ...style, radius: 6 }),
    onEachFeature: (feature, shape) => {
      const label = document.createElement('span');
      label.textContent = feature.id;
      shape.bindTooltip(label);
    },
  }).addTo(map);
  const bounds = layer.getBounds();
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [12, 12], maxZoom: 14 });
  else map.setView([45.3, 131.5], 7);
  element.dataset.drawn = String(layer.getLayers().length);
})();
