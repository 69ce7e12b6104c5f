import { getJson, loadFeatures } from './api.js';
import { el } from './dom.js';
import { hectares, money, mu } from './format.js';
import { lang, nameOf } from './i18n.js';
import { centreOf } from './geometry-centre.js';
import { declutterSoon, PlacedLabel } from './labels.js';
import { layerStyle, sectorColor, zoneColor } from './layer-styles.js';
import { VectorTileLayer } from './tile-layer.js';
import { indicativeLabel, isIndicative, labelOf, layerList, layerName, terms, vocabularyOf } from './vocabulary.js';

/**
 * Below this zoom every layer is drawn from the service's vector tiles, all on one canvas per tile: a request per
 * tile however many features there are, and nothing for the page's thread to project, clip or composite layer by
 * layer at a zoom's end. From it on they are GeoJSON pages by bbox, whose shapes can be selected, edited and named
 * (class "feature-projects-JX-01"); a view then holds a few thousand features at most.
 */
export const tileZoomBelow = 13;

// The counties' features are read at every zoom: their labels stand at the overview too.
const readAtEveryZoom = new Set(['counties']);

/** The layers to draw, bottom to top, as the service lists them, each with its style. */
export const layerDefinitions = () => layerList().map((layer) => ({ id: layer.id, style: (p) => layerStyle(layer.id)(p, isIndicative) }));

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

function value(layer, key, v) {
  if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) return null;
  const vocabulary = vocabularyOf(layer, key);
  if (vocabulary) return Array.isArray(v) ? v.map((code) => labelOf(vocabulary, code)).join('、') : labelOf(vocabulary, v);
  if (key === 'investment_cny') return money(v);
  if (key === 'area_mu') return mu(v);
  if (key === 'area_ha') return hectares(v);
  return Array.isArray(v) ? v.join('、') : v;
}

/** Every attribute of a feature, labelled in the current language, then any `extra` content. */
export function popupContent(layer, feature, ...extra) {
  const p = feature.properties;
  const labels = attributeLabels[lang()];
  const rows = Object.entries({ id: feature.id, ...p })
    .filter(([key]) => labels[key])
    .map(([key, v]) => [labels[key], value(layer, key, v)])
    .filter(([, v]) => v !== null)
    .map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, String(v))));
  return el('div', { class: 'popup', 'data-feature': feature.id }, el('strong', {}, nameOf(p)), el('table', {}, rows), ...extra);
}

// The larger county keeps its label where two would overlap (the small urban districts of Jixi at the overview).
function countyLabel(layer, feature) {
  const b = layer.getBounds();
  return el('span', { 'data-priority': String((b.getEast() - b.getWest()) * (b.getNorth() - b.getSouth())) }, nameOf(feature.properties));
}

const bboxOf = (bounds) => [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]
  .map((v, i) => (i % 2 === 0 ? Math.max(-180, Math.min(180, v)) : Math.max(-90, Math.min(90, v))));

/**
 * The plan's layers on the map, one pane each, and the tiles below them all. `groups` holds what the layer list
 * switches on and off: per layer a group that holds, from tileZoomBelow on, its GeoJSON features (the counties' also
 * their labels, at every zoom), and whose being on the map puts the layer on the vector tiles drawn below that zoom
 * (`tiles`, one layer for all). Features read as GeoJSON are remembered by id.
 */
export class PlanLayers {
  constructor(map, displayTransform, displayPosition) {
    this.map = map;
    this.definitions = layerDefinitions();
    // One pane per layer, stacked in the order of the definitions: the order on screen never depends on
    // which page of features arrived first.
    this.definitions.forEach((d, i) => { map.createPane(`plan-${d.id}`).style.zIndex = String(410 + i); });
    this.transform = displayTransform;
    this.shapes = new Map(this.definitions.map((d) => [d.id, L.featureGroup()]));
    // The tile layer asks for no tiles from tileZoomBelow on (maxZoom), also while the map animates to that zoom.
    map.createPane('plan-tiles').style.zIndex = '405';
    this.tiles = new VectorTileLayer(this.definitions, displayPosition, { pane: 'plan-tiles', maxZoom: tileZoomBelow - 1 });
    /** The counties' labels by id: PlacedLabels of their own, standing where no shape is drawn (below tileZoomBelow). */
    this.labels = new Map();
    this.labelGroup = L.layerGroup();
    this.groups = new Map(this.definitions.map((d) => [d.id, L.layerGroup(d.id === 'counties' ? [this.labelGroup] : [])]));
    for (const group of this.groups.values()) group.on('add remove', () => this.showTilesSoon());
    this.features = new Map(this.definitions.map((d) => [d.id, new Map()]));
    this.leaflet = new Map();
    this.loadedBounds = new Map();
    this.loads = new Map();
    /** More content for a feature's popup, e.g. the editor's 编辑 button: (collection, feature) => nodes. */
    this.popupExtras = () => [];
    /** Opens the popup of a symbol painted on the tiles at a map position, if there is one: (latlng) => whether it did. */
    this.openSymbolAt = () => false;
    this.showTilesOrShapes();
    map.on('zoomend', () => { this.showTilesOrShapes(); declutterSoon(map); });
    map.on('click', (e) => this.openTileFeature(e));
  }

  visible(id) { return this.map.hasLayer(this.groups.get(id)); }

  tiled() { return this.map.getZoom() < tileZoomBelow; }

  /** Once the layer list has switched what it switches in this task, the tiles draw the layers then on. */
  showTilesSoon() {
    if (this.showing) return;
    this.showing = true;
    queueMicrotask(() => {
      this.showing = false;
      const shown = this.definitions.filter((d) => this.visible(d.id)).map((d) => d.id);
      if (!this.tiles.show(shown)) return;
      if (!shown.length) this.map.removeLayer(this.tiles);
      else if (this.map.hasLayer(this.tiles)) this.tiles.repaint();
      else this.tiles.addTo(this.map);
    });
  }

  showTilesOrShapes() {
    for (const id of this.groups.keys()) {
      if (this.tiled()) this.groups.get(id).removeLayer(this.shapes.get(id));
      else this.groups.get(id).addLayer(this.shapes.get(id));
    }
  }

  /**
   * Loads what the view shows (padded) of each layer drawn as GeoJSON, page by page, once per area already
   * covered; resolves when the view's features are there, also when an earlier call is still reading them.
   */
  async refresh() {
    const bounds = this.map.getBounds().pad(0.5);
    await Promise.all(this.definitions.filter((d) => !this.tiled() || readAtEveryZoom.has(d.id)).map((d) => {
      const loaded = this.loadedBounds.get(d.id);
      if (loaded?.contains(bounds)) return this.loads.get(d.id);
      this.loadedBounds.set(d.id, loaded ? loaded.extend(bounds) : L.latLngBounds(bounds.getSouthWest(), bounds.getNorthEast()));
      const load = loadFeatures(d.id, bboxOf(bounds), (features) => this.add(d, features));
      this.loads.set(d.id, load);
      return load;
    }));
  }

  /**
   * A click on a feature drawn from tiles opens the popup its GeoJSON shape would: at once with the tile's
   * attributes, then with every attribute of the feature read by id (or at once, when it is already read whole). A shape of a higher layer, or one that is
   * not the plan's (a drawing, an outline being edited), keeps the click. Clicks come from the map and from the
   * plan's GeoJSON shapes.
   */
  openTileFeature(e) {
    if (this.map.pm?.globalDrawModeEnabled()) return;
    const panes = this.definitions.map((d) => `plan-${d.id}`);
    // Leaflet hands the map the click of a shape that does not stop it as the map's own: the element clicked tells
    // whether it was a shape that is not the plan's (an outline being edited, a footprint's overlap), which keeps it.
    const shapeClicked = e.originalEvent?.target?.closest?.('.leaflet-interactive');
    if (shapeClicked && !panes.some((pane) => this.map.getPane(pane).contains(shapeClicked))) return;
    const clicked = e.sourceTarget === this.map ? -1 : panes.indexOf(e.sourceTarget?.options?.pane);
    if (clicked === -1 && e.sourceTarget !== this.map) return;
    // The symbols are painted over every layer of the tiles.
    if (clicked === -1 && this.tiled() && this.openSymbolAt(e.latlng)) return;
    for (let i = this.definitions.length - 1; i > clicked; i -= 1) {
      const id = this.definitions[i].id;
      const found = this.tiled() && this.visible(id) ? this.tiles.featureAt(e.latlng, id) : null;
      if (!found) continue;
      // The counties are read whole at every zoom (for their labels): their popup needs no second read of the outline.
      const known = readAtEveryZoom.has(id) ? this.features.get(id).get(found.id) : undefined;
      const shown = known ?? found;
      const popup = L.popup({ maxWidth: 440 }).setLatLng(e.latlng)
        .setContent(popupContent(id, shown, this.popupExtras(id, shown))).openOn(this.map);
      if (known) return;
      getJson(`collections/${encodeURIComponent(id)}/items/${encodeURIComponent(found.id)}`)
        .then((feature) => { if (popup.isOpen()) popup.setContent(popupContent(id, feature, this.popupExtras(id, feature))); })
        .catch(() => {});
      return;
    }
  }

  /** After a write: the stored feature replaces the one drawn (null: it is gone). */
  replace(collection, id, feature) {
    const key = `${collection}/${id}`;
    if (this.leaflet.has(key)) this.shapes.get(collection).removeLayer(this.leaflet.get(key));
    this.leaflet.delete(key);
    if (collection === 'counties' && this.labels.has(id)) {
      this.labelGroup.removeLayer(this.labels.get(id));
      this.labels.delete(id);
    }
    this.features.get(collection).delete(id);
    if (feature) this.add(this.definitions.find((d) => d.id === collection), [feature]);
  }

  /**
   * Loads a collection again after a write, past the browser's cache (the layer's ETags changed): its tiles
   * are asked for anew, and its GeoJSON over the area already shown, so features changed or deleted meanwhile,
   * by anyone, are redrawn or removed.
   */
  async reload(collection) {
    if (this.tiles.shown.includes(collection)) this.tiles.repaint();
    const loaded = this.loadedBounds.get(collection);
    if (!loaded) return;
    const fresh = new Map();
    await loadFeatures(collection, bboxOf(loaded), (features) => features.forEach((f) => fresh.set(f.id, f)), '', { fresh: true });
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
    layer.bindPopup(() => popupContent(definition.id, feature, this.popupExtras(definition.id, feature)), { maxWidth: 440 });
    // Leaflet's popup stops the click before the map hears it: a feature drawn from tiles over this shape (a project
    // in its county) is looked for here too, and its popup, opened after this one, replaces it.
    layer.on('click', (e) => this.openTileFeature(e));
    const centre = definition.id === 'counties' && centreOf(this.transform(feature).geometry);
    if (centre) {
      const label = new PlacedLabel({ className: 'county-label placed-label' }).setLatLng([centre[1], centre[0]]).setContent(countyLabel(layer, feature));
      this.labels.set(feature.id, label.addTo(this.labelGroup));
      declutterSoon(this.map);
    }
    layer.addTo(this.shapes.get(definition.id));
    this.leaflet.set(`${definition.id}/${feature.id}`, layer);
  }

  /** Redraws everything, e.g. after switching to or from the GCJ-02 display. */
  redraw(displayTransform, displayPosition) {
    this.transform = displayTransform;
    this.labelGroup.clearLayers();
    this.labels.clear();
    for (const d of this.definitions) {
      this.shapes.get(d.id).clearLayers();
      for (const feature of this.features.get(d.id).values()) this.draw(d, feature);
    }
    this.tiles.setDisplay(displayPosition);
  }

  layerOf(collection, id) { return this.leaflet.get(`${collection}/${id}`); }

  /** Re-labels what is on the map in the current language. */
  relabel() {
    for (const [id, label] of this.labels) label.setContent(countyLabel(this.layerOf('counties', id), this.features.get('counties').get(id)));
    declutterSoon(this.map);
  }
}

/** The legend's entries: zone categories, sectors, then the other layers and the stand-in outlines. */
export function legendItems() {
  const item = (color, text, attributes = {}, dashed = false) => {
    const swatch = el('span', { class: dashed ? 'swatch indicative' : 'swatch' });
    // Set through the CSSOM: a style attribute would be an inline style, which the CSP refuses.
    swatch.style.borderColor = color;
    swatch.style.background = `${color}55`;
    return el('div', { class: 'legend-item', ...attributes }, swatch, text);
  };
  const coded = (vocabulary, color) => terms(vocabulary).map((entry) =>
    item(color(entry.code), labelOf(vocabulary, entry.code), { 'data-vocabulary': vocabulary, 'data-code': entry.code }));
  return [
    el('h4', {}, layerName('planting-zones')), coded('zone_categories', zoneColor),
    el('h4', {}, layerName('projects')), coded('sectors', sectorColor),
    item('#722ed1', layerName('industrial-parks')), item('#0958d9', layerName('ecological-areas')), item('#555', indicativeLabel(), {}, true),
  ];
}
