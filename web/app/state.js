// Deep links: the URL hash keeps the language, the view, the visible layers and the selected county and project.
export function readState() {
  const params = new URLSearchParams(window.location.hash.slice(1));
  const number = (key) => (params.has(key) && !Number.isNaN(Number(params.get(key))) ? Number(params.get(key)) : null);
  return {
    zoom: number('z'), lat: number('lat'), lon: number('lon'),
    layers: params.has('layers') ? params.get('layers').split(',').filter(Boolean) : null,
    county: params.get('county'), project: params.get('project'), basemap: params.get('basemap'),
  };
}

export function writeState(state) {
  const params = new URLSearchParams();
  params.set('lang', state.lang);
  params.set('z', String(state.zoom));
  params.set('lat', state.lat.toFixed(5));
  params.set('lon', state.lon.toFixed(5));
  params.set('layers', state.layers.join(','));
  if (state.county) params.set('county', state.county);
  if (state.project) params.set('project', state.project);
  if (state.basemap && state.basemap !== 'none') params.set('basemap', state.basemap);
  history.replaceState(null, '', `#${params.toString()}`);
}
