import { loadFeatures } from './api.js';
import { el } from './dom.js';
import { hectares, money, mu } from './format.js';
import { lang, nameOf, t } from './i18n.js';

export const zoneColors = {
  medicinal_herbs: '#2e7d32', rice: '#d4b106', corn: '#fa8c16', soybean: '#7cb305', cash_crops: '#eb2f96',
  facility_vegetables: '#13c2c2', forest_food: '#135200', edible_fungi: '#8c564b', aquaculture: '#1677ff',
};
const zoneNames = {
  medicinal_herbs: ['中草药', 'Medicinal herbs'], rice: ['水稻', 'Rice'], corn: ['玉米', 'Corn'], soybean: ['大豆', 'Soybean'],
  cash_crops: ['经济作物', 'Cash crops'], facility_vegetables: ['设施蔬菜', 'Greenhouse vegetables'], forest_food: ['森林食品', 'Forest food'],
  edible_fungi: ['食用菌', 'Edible fungi'], aquaculture: ['水产养殖', 'Aquaculture'],
};
export const sectorColors = {
  biomedicine: '#cf1322', bio_agriculture: '#389e0d', bio_energy: '#d46b08', bio_manufacturing: '#531dab',
  bio_environmental: '#08979c', biomedical_engineering: '#c41d7f', bio_services: '#595959',
};
export const sectorNames = {
  biomedicine: ['生物医药', 'Biomedicine'], bio_agriculture: ['生物农业', 'Bio-agriculture'], bio_energy: ['生物能源', 'Bio-energy'],
  bio_manufacturing: ['生物制造', 'Bio-manufacturing'], bio_environmental: ['生物环保', 'Bio-environmental'],
  biomedical_engineering: ['生物医学工程', 'Biomedical engineering'], bio_services: ['生物服务', 'Bio-services'],
};
export const label = (names, code) => (names[code] ? names[code][lang() === 'zh' ? 0 : 1] : code);

const indicative = (p) => p.geometry_source === 'indicative';
const styled = (p, color, fillOpacity) => ({
  color, weight: 2, fillColor: color, fillOpacity: indicative(p) ? fillOpacity * 0.6 : fillOpacity, dashArray: indicative(p) ? '6 4' : null,
});

// The layers of the plan's 图1, bottom to top.
export const definitions = [
  { id: 'counties', key: 'layerCounties', on: true, style: () => ({ color: '#555', weight: 1.5, fill: true, fillOpacity: 0.02 }) },
  { id: 'water-bodies', key: 'layerWater', on: true, style: () => ({ color: '#1d39c4', weight: 1, fillColor: '#69b1ff', fillOpacity: 0.6 }) },
  { id: 'rivers', key: 'layerRivers', on: true, style: () => ({ color: '#2f54eb', weight: 1.5 }) },
  { id: 'borders', key: 'layerBorders', on: true, style: () => ({ color: '#000', weight: 2, dashArray: '10 4 2 4' }) },
  { id: 'ecological-areas', key: 'layerEco', on: true, style: (p) => styled(p, '#0958d9', 0.25) },
  { id: 'planting-zones', key: 'layerZones', on: true, style: (p) => styled(p, zoneColors[p.category] ?? '#888', 0.35) },
  { id: 'industrial-parks', key: 'layerParks', on: true, style: (p) => ({ ...styled(p, '#722ed1', 0.12), weight: 2.5 }) },
  { id: 'projects', key: 'layerProjects', on: true, style: (p) => styled(p, sectorColors[p.sector] ?? '#333', 0.7) },
  { id: 'enterprises', key: 'layerEnterprises', on: true, style: (p) => ({ radius: 5, color: '#fff', weight: 1, fillColor: sectorColors[p.sector] ?? '#333', fillOpacity: 0.95 }) },
];

const attributeLabels = {
  zh: {
    id: '编号', name_zh: '名称', name_en: '英文名称', sector_zh: '领域', category_zh: '类别', crops_zh: '作物', county_name_zh: '县（市）区',
    park_id: '所在园区', investment_cny: '投资', land_area_m2: '占地面积（m²）', building_area_m2: '建筑面积（m²）', status: '状态',
    summary_zh: '重点内容', area_mu: '面积（亩）', area_ha: '面积（公顷）', geometry_source: '几何来源', location_note: '位置说明',
    source_ref: '规划出处', plan: '规划', township_zh: '乡镇', operator_zh: '经营主体', townships_zh: '乡镇', kind: '类型', level: '级别',
    sectors: '主导产业', aliases_zh: '简称', products_zh: '产品', city_zh: '地级市', code: '代码',
  },
  en: {
    id: 'Id', name_zh: 'Name (Chinese)', name_en: 'Name', sector_zh: 'Sector', category_zh: 'Category', crops_en: 'Crops', county_name_en: 'County',
    park_id: 'Park', investment_cny: 'Investment', land_area_m2: 'Land area (m²)', building_area_m2: 'Building area (m²)', status: 'Status',
    summary_zh: 'Summary', area_mu: 'Area (mu)', area_ha: 'Area (ha)', geometry_source: 'Geometry source', location_note: 'Location note',
    source_ref: 'Source in the plan', plan: 'Plan', township_zh: 'Township', operator_zh: 'Operator', townships_zh: 'Townships', kind: 'Kind',
    level: 'Level', sectors: 'Designated sectors', aliases_zh: 'Aliases', products_zh: 'Products', city_en: 'City', code: 'Code',
  },
};

const codeLabels = {
  status: {
    planned: ['计划建设', 'planned'], under_construction: ['在建', 'under construction'], completed: ['已建成', 'completed'],
    proposed: ['谋划/拟建', 'proposed'], ongoing: ['持续推进', 'ongoing'],
  },
  plan: { 'jixi-2022': ['鸡西市“十四五”生物经济发展规划', 'Jixi bio-economy plan (2022)'], 'suifenhe-2022': ['绥芬河市生物经济发展实施方案', 'Suifenhe implementation plan (2022)'] },
  kind: { lake: ['湖泊', 'lake'], reservoir: ['水库', 'reservoir'], wetland: ['湿地', 'wetland'], island: ['岛屿湿地', 'island'] },
  level: { national: ['国家级', 'national'], provincial: ['省级', 'provincial'] },
};

function value(key, v) {
  if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) return null;
  if (codeLabels[key]?.[v]) return codeLabels[key][v][lang() === 'zh' ? 0 : 1];
  if (key === 'investment_cny') return money(v);
  if (key === 'area_mu') return mu(v);
  if (key === 'area_ha') return hectares(v);
  if (key === 'geometry_source') return t(v);
  if (key === 'sectors') return v.map((s) => label(sectorNames, s)).join('、');
  return Array.isArray(v) ? v.join('、') : v;
}

/** Every attribute of a feature, labelled in the current language, then any `extra` content. */
export function popupContent(feature, ...extra) {
  const p = feature.properties;
  const labels = attributeLabels[lang()];
  const rows = Object.entries({ id: feature.id, ...p })
    .filter(([key]) => labels[key])
    .map(([key, v]) => [labels[key], value(key, v)])
    .filter(([, v]) => v !== null)
    .map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, String(v))));
  return el('div', { class: 'popup', 'data-feature': feature.id }, el('strong', {}, nameOf(p)), el('table', {}, rows), ...extra);
}

const bboxOf = (bounds) => [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]
  .map((v, i) => (i % 2 === 0 ? Math.max(-180, Math.min(180, v)) : Math.max(-90, Math.min(90, v))));

/** Map layers fed from the OGC API by bbox, kept per collection; features are remembered by id. */
export class PlanLayers {
  constructor(map, displayTransform) {
    this.map = map;
    // One pane per layer, stacked in the order of `definitions`: the order on screen never depends on
    // which page of features arrived first.
    definitions.forEach((d, i) => { map.createPane(`plan-${d.id}`).style.zIndex = String(410 + i); });
    this.transform = displayTransform;
    // Enterprises crowd into the same parks at county zoom: they cluster until the streets show.
    this.groups = new Map(definitions.map((d) => [d.id, d.id === 'enterprises'
      ? L.markerClusterGroup({ disableClusteringAtZoom: 12, showCoverageOnHover: false, maxClusterRadius: 40 })
      : L.featureGroup()]));
    this.features = new Map(definitions.map((d) => [d.id, new Map()]));
    this.leaflet = new Map();
    this.loadedBounds = null;
    /** More content for a feature's popup, e.g. the editor's 编辑 button: (collection, feature) => nodes. */
    this.popupExtras = () => [];
  }

  visible(id) { return this.map.hasLayer(this.groups.get(id)); }

  /** Loads what the view shows (padded), page by page, once per area already covered. */
  async refresh() {
    const bounds = this.map.getBounds().pad(0.5);
    if (this.loadedBounds?.contains(bounds)) return;
    this.loadedBounds = this.loadedBounds ? this.loadedBounds.extend(bounds) : bounds;
    await Promise.all(definitions.map((d) => loadFeatures(d.id, bboxOf(bounds), (features) => this.add(d, features))));
  }

  /** After a write: the stored feature replaces the one drawn (null: it is gone). */
  replace(collection, id, feature) {
    const key = `${collection}/${id}`;
    if (this.leaflet.has(key)) this.groups.get(collection).removeLayer(this.leaflet.get(key));
    this.leaflet.delete(key);
    this.features.get(collection).delete(id);
    if (feature) this.add(definitions.find((d) => d.id === collection), [feature]);
  }

  /**
   * Loads a collection again over the area already shown, past the browser's cache (a write changed the
   * layer's ETag): features changed or deleted meanwhile, by anyone, are redrawn or removed.
   */
  async reload(collection) {
    if (!this.loadedBounds) return;
    const fresh = new Map();
    await loadFeatures(collection, bboxOf(this.loadedBounds), (features) => features.forEach((f) => fresh.set(f.id, f)), '', { fresh: true });
    const known = this.features.get(collection);
    for (const id of [...known.keys()]) if (!fresh.has(id)) this.replace(collection, id, null);
    for (const [id, feature] of fresh) {
      if (JSON.stringify(known.get(id)) !== JSON.stringify(feature)) this.replace(collection, id, feature);
    }
  }

  add(definition, features) {
    const known = this.features.get(definition.id);
    for (const feature of features) {
      if (known.has(feature.id) || !feature.geometry) continue;
      known.set(feature.id, feature);
      this.draw(definition, feature);
    }
  }

  draw(definition, feature) {
    // Each shape names its feature (class "feature-projects-JX-01"), for styling and for tests.
    const className = `feature-${definition.id}-${String(feature.id).replace(/[^A-Za-z0-9_-]/g, '_')}`;
    const pane = `plan-${definition.id}`;
    const layer = L.geoJSON(this.transform(feature), {
      pane,
      style: (f) => ({ ...definition.style(f.properties), className }),
      pointToLayer: (f, latlng) => L.circleMarker(latlng, { ...definition.style(f.properties), className, pane }),
    });
    layer.bindPopup(() => popupContent(feature, this.popupExtras(definition.id, feature)), { maxWidth: 440 });
    if (definition.id === 'counties') {
      layer.bindTooltip(() => el('span', {}, nameOf(feature.properties)), { permanent: true, direction: 'center', className: 'county-label' });
    }
    layer.addTo(this.groups.get(definition.id));
    this.leaflet.set(`${definition.id}/${feature.id}`, layer);
  }

  /** Redraws everything, e.g. after switching to or from the GCJ-02 display. */
  redraw(displayTransform) {
    this.transform = displayTransform;
    for (const d of definitions) {
      this.groups.get(d.id).clearLayers();
      for (const feature of this.features.get(d.id).values()) this.draw(d, feature);
    }
  }

  layerOf(collection, id) { return this.leaflet.get(`${collection}/${id}`); }

  /** Re-labels what is on the map in the current language. */
  relabel() {
    for (const [key, layer] of this.leaflet) {
      if (key.startsWith('counties/')) layer.setTooltipContent(el('span', {}, nameOf(this.features.get('counties').get(key.slice('counties/'.length)).properties)));
    }
  }
}

/** The legend's entries: zone categories, sectors, then the other layers. */
export function legendItems() {
  const item = (color, text, dashed = false) => {
    const swatch = el('span', { class: dashed ? 'swatch indicative' : 'swatch' });
    // Set through the CSSOM: a style attribute would be an inline style, which the CSP refuses.
    swatch.style.borderColor = color;
    swatch.style.background = `${color}55`;
    return el('div', { class: 'legend-item' }, swatch, text);
  };
  return [
    el('h4', {}, t('layerZones')), Object.keys(zoneColors).map((c) => item(zoneColors[c], label(zoneNames, c))),
    el('h4', {}, t('layerProjects')), Object.keys(sectorColors).map((s) => item(sectorColors[s], label(sectorNames, s))),
    item('#722ed1', t('layerParks')), item('#0958d9', t('layerEco')), item('#555', t('indicative'), true),
  ];
}
