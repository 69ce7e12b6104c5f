import { t } from './i18n.js';

// Basemaps: none by default (offline); OSM; 天地图 (CGCS2000, no offset, needs a tk key);
// 高德 in GCJ-02, for which our data is shifted for display only.
export function basemapLayer(kind) {
  switch (kind) {
    case 'osm':
      return L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', { maxZoom: 19, attribution: '© OpenStreetMap' });
    case 'tianditu': {
      let key = localStorage.getItem('spatial.tianditu');
      if (!key) {
        key = window.prompt(t('tiandituKey')) ?? '';
        if (key) localStorage.setItem('spatial.tianditu', key);
      }
      const url = (layer) => `https://t{s}.tianditu.gov.cn/DataServer?T=${layer}_w&x={x}&y={y}&l={z}&tk=${encodeURIComponent(key)}`;
      const options = { subdomains: '01234567', maxZoom: 18, attribution: '© 天地图' };
      return L.layerGroup([L.tileLayer(url('vec'), options), L.tileLayer(url('cva'), options)]);
    }
    case 'gaode':
      return L.tileLayer('https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}',
        { subdomains: '1234', maxZoom: 18, attribution: '© 高德地图' });
    default:
      return null;
  }
}

export const isGcj = (kind) => kind === 'gaode';

/** CGCS2000/WGS84 → GCJ-02 for display on Gaode tiles; a deep copy, never sent back. */
export const toDisplay = (kind) => (geojson) =>
  (isGcj(kind) ? window.gcoord.transform(structuredClone(geojson), window.gcoord.WGS84, window.gcoord.GCJ02) : geojson);

/** The same for one [lon, lat] position (the vector tiles' vertices); null when nothing is shifted. */
export const toDisplayPosition = (kind) =>
  (isGcj(kind) ? (position) => window.gcoord.transform(position, window.gcoord.WGS84, window.gcoord.GCJ02) : null);

/** What the user drew on the screen, back to CGCS2000/WGS84 before it is checked. */
export const fromDisplay = (kind) => (geojson) =>
  (isGcj(kind) ? window.gcoord.transform(structuredClone(geojson), window.gcoord.GCJ02, window.gcoord.WGS84) : geojson);
