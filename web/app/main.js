import { getJson, showNote } from './api.js';
import { basemapLayer, fromDisplay, isGcj, toDisplay, toDisplayPosition } from './basemaps.js';
import { showCounty } from './county.js';
import { el, nodes } from './dom.js';
import { Editor } from './editor.js';
import { ExportDialog } from './export-dialog.js';
import { FootprintPanel } from './footprint.js';
import { ImportDialog } from './import-dialog.js';
import { applyLabels, lang, nameOf, onLanguageChange, setLanguage, t } from './i18n.js';
import { PlanLayers, legendItems, popupContent } from './layers.js';
import { ProjectSymbols, symbolLegend } from './project-symbols.js';
import { mayEdit, onSessionChange, signedIn } from './session.js';
import { askSignIn, renderSignIn, setUpSignIn } from './sign-in.js';
import { readState, writeState } from './state.js';
import { labelOf, layerName, loadVocabulary, terms } from './vocabulary.js';

// Signing in comes before anything is read: a service that requires keys for reads answers nothing until then.
setUpSignIn();

// Layers, legend and choices are built from the service's vocabulary, so it comes first.
try {
  await loadVocabulary();
} catch (error) {
  document.body.dataset.ready = 'error';
  throw error;
}

const initial = readState();
// No fade: fading tiles in sets every new tile's opacity each frame, and software compositing redraws them all.
const map = L.map('map', { preferCanvas: false, maxZoom: 18, fadeAnimation: false }).setView([initial.lat ?? 45.25, initial.lon ?? 131.8], initial.zoom ?? 8);
L.control.scale({ imperial: false }).addTo(map);
let basemapKind = initial.basemap ?? 'none';
let basemap = null;
const layers = new PlanLayers(map, toDisplay(basemapKind), toDisplayPosition(basemapKind));
// For the browser's console and the tests: what is drawn, e.g. spatialMap.layers.tiles.drawnFeatures('projects').
window.spatialMap = { map, layers };
// At the overview each project is a symbol by sector and investment; its popup is the one its outline opens.
const symbols = new ProjectSymbols(layers.tiles, layers.definitions.find((d) => d.id === 'projects').style, (project, latlng) => {
  L.popup({ maxWidth: 440 }).setLatLng(latlng)
    .setContent(popupContent('projects', project, editor.popupButton('projects', project))).openOn(map);
});
layers.openSymbolAt = (latlng) => symbols.openAt(latlng);
const footprint = new FootprintPanel(map, { toDisplay: toDisplay(basemapKind), fromDisplay: fromDisplay(basemapKind) });
let selectedCounty = initial.county;
let selectedProject = initial.project;
const countyHighlight = L.featureGroup().addTo(map);

const urlWriteAfterRestMs = 250;

function saveState() {
  const c = map.getCenter();
  writeState({
    lang: lang(), zoom: map.getZoom(), lat: c.lat, lon: c.lng, basemap: basemapKind, county: selectedCounty, project: selectedProject,
    layers: layers.definitions.filter((d) => layers.visible(d.id)).map((d) => d.id),
  });
}

// Exports of any layer; imports into the layers the signed-in user edits.
const exportDialog = new ExportDialog({
  viewBbox: () => {
    const b = map.getBounds();
    const view = fromDisplay(basemapKind)({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[
      [b.getWest(), b.getSouth()], [b.getEast(), b.getSouth()], [b.getEast(), b.getNorth()], [b.getWest(), b.getNorth()], [b.getWest(), b.getSouth()]]] } });
    const ring = view.geometry.coordinates[0];
    const clamp = (v, limit) => Math.max(-limit, Math.min(limit, v));
    const xs = ring.map((c) => clamp(c[0], 180));
    const ys = ring.map((c) => clamp(c[1], 90));
    return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  },
});
const importDialog = new ImportDialog({
  onImported: async (collection) => {
    await layers.reload(collection).catch(() => {});
    if (collection === 'projects') {
      allProjects = (await getJson('collections/projects/items?limit=1000', { fresh: true })).features;
      fillLists();
    }
  },
});

function layerButton(kind, id, open) {
  const button = el('button', { type: 'button', class: 'link layer-action', [`data-${kind}`]: id }, t(`${kind}Button`));
  button.addEventListener('click', () => open(id));
  return button;
}

// Layer switches, in the panel so they are reachable by keyboard.
function renderLayerList() {
  document.getElementById('layer-list').replaceChildren(...layers.definitions.map((d) => {
    const box = el('input', { type: 'checkbox', 'data-layer': d.id, checked: layers.visible(d.id) });
    box.addEventListener('change', () => {
      const group = layers.groups.get(d.id);
      if (box.checked) group.addTo(map); else map.removeLayer(group);
      saveState();
    });
    return el('div', { class: 'legend-item layer-row' }, el('label', {}, box, ` ${layerName(d.id)}`),
      el('span', { class: 'layer-actions' },
        layerButton('export', d.id, (id) => exportDialog.open(id)),
        mayEdit(d.id) && layerButton('import', d.id, (id) => importDialog.open(id))));
  }));
  document.getElementById('legend').replaceChildren(...nodes(legendItems(), symbolLegend()));
}

for (const d of layers.definitions) {
  const on = initial.layers ? initial.layers.includes(d.id) : true;
  if (on) layers.groups.get(d.id).addTo(map);
}

function setBasemap(kind) {
  if (basemap) map.removeLayer(basemap);
  basemapKind = kind;
  basemap = basemapLayer(kind);
  if (basemap) basemap.addTo(map).bringToBack?.();
  layers.redraw(toDisplay(kind), toDisplayPosition(kind));
  symbols.update(allProjects, toDisplay(kind));
  footprint.setTransforms(toDisplay(kind), fromDisplay(kind));
  editor.setTransforms(toDisplay(kind), fromDisplay(kind));
  document.getElementById('basemap').value = kind;
  if (isGcj(kind)) showNote(t('gcjNote'));
  saveState();
}

// Tabs with arrow-key navigation.
const tabs = [...document.querySelectorAll('[role="tab"]')];
function selectTab(tab) {
  tabs.forEach((other) => {
    const selected = other === tab;
    other.setAttribute('aria-selected', String(selected));
    other.tabIndex = selected ? 0 : -1;
    document.getElementById(other.getAttribute('aria-controls')).hidden = !selected;
  });
  tab.focus();
}
tabs.forEach((tab, i) => {
  tab.tabIndex = i === 0 ? 0 : -1;
  tab.addEventListener('click', () => selectTab(tab));
  tab.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const shown = tabs.filter((other) => !other.hidden);
    const at = shown.indexOf(tab);
    selectTab(shown[(at + (e.key === 'ArrowRight' ? 1 : shown.length - 1)) % shown.length]);
  });
});

// Editing, for signed-in users: the 编辑 tab, the popups' 编辑 button, and the map redrawn after each write.
const editTab = document.getElementById('tab-edit');
const editor = new Editor(map, {
  toDisplay: toDisplay(basemapKind),
  fromDisplay: fromDisplay(basemapKind),
  showPanel: () => selectTab(editTab),
  askSignIn,
  onWritten: (collection, id, feature) => {
    layers.replace(collection, id, feature);
    if (collection === 'projects') {
      allProjects = feature ? [...allProjects.filter((p) => p.id !== id), feature] : allProjects.filter((p) => p.id !== id);
      fillLists();
    }
    layers.reload(collection).catch(() => {});
  },
});
layers.popupExtras = (collection, feature) => editor.popupButton(collection, feature);
function showEditing() {
  renderLayerList();
  editTab.hidden = !signedIn();
  if (editTab.hidden && editTab.getAttribute('aria-selected') === 'true') selectTab(tabs[0]);
  map.closePopup();
}
onSessionChange(showEditing);

// Counties: zoom-to and the agencies' panel.
async function selectCounty(code, zoom) {
  selectedCounty = code || null;
  document.getElementById('county-select').value = code ?? '';
  countyHighlight.clearLayers();
  if (code) {
    const county = await getJson(`collections/counties/items/${encodeURIComponent(code)}`);
    const outline = L.geoJSON(toDisplay(basemapKind)(county), { pane: 'highlight', interactive: false, style: { color: '#fa541c', weight: 4, fill: false } })
      .addTo(countyHighlight);
    if (zoom) map.fitBounds(outline.getBounds());
  }
  await showCounty(code, document.getElementById('county-result'));
  saveState();
}
document.getElementById('county-select').addEventListener('change', (e) => selectCounty(e.target.value, true));

// Search by project name or code.
let allProjects = [];
async function openProject(id) {
  const feature = allProjects.find((p) => p.id === id);
  if (!feature) return;
  selectedProject = id;
  const site = feature.geometry ? L.geoJSON(toDisplay(basemapKind)(feature)).getBounds() : null;
  if (site) {
    // Zoomed to the project, it is drawn as a shape of its own (below the tiles' zoom it is not one yet).
    map.fitBounds(site, { maxZoom: 16, animate: false });
    await layers.refresh();
  }
  const layer = layers.layerOf('projects', id);
  if (layer) layer.openPopup();
  else {
    const note = site ? [] : [el('p', { class: 'note' }, t('noSite'))];
    L.popup().setLatLng(site?.getCenter() ?? map.getCenter())
      .setContent(popupContent('projects', feature, ...note, editor.popupButton('projects', feature))).openOn(map);
  }
  saveState();
}

document.getElementById('search').addEventListener('change', (e) => {
  const text = e.target.value.trim();
  const match = allProjects.find((p) => p.id === text || p.id === text.split(' ')[0] || nameOf(p.properties) === text);
  if (match) openProject(match.id);
});

function fillLists() {
  symbols.update(allProjects, toDisplay(basemapKind));
  document.getElementById('project-list').replaceChildren(...allProjects.map((p) => el('option', { value: `${p.id} ${nameOf(p.properties)}` })));
  document.getElementById('unlocated').replaceChildren(...allProjects.filter((p) => !p.geometry).map((p) => {
    const open = el('button', { type: 'button', class: 'link', 'data-project': p.id }, p.id);
    open.addEventListener('click', () => openProject(p.id));
    return el('li', {}, open, ` ${nameOf(p.properties)}`);
  }));
  const sector = document.getElementById('sector');
  sector.replaceChildren(el('option', { value: '' }), ...terms('sectors').map((s) => el('option', { value: s.code }, labelOf('sectors', s.code))));
}

// Footprints: draw with Geoman, or upload / drop a file.
map.pm.setLang(lang() === 'zh' ? 'zh' : 'en');
document.getElementById('draw').addEventListener('click', () => map.pm.enableDraw('Polygon', { snappable: false }));
map.on('pm:create', (e) => (editor.takesDrawing() ? editor.drawn(e.layer) : footprint.checkDrawn(e.layer)));
// While drawing, clicks are vertices: the plan's shapes must not open popups or swallow them.
map.on('pm:drawstart', () => { map.closePopup(); map.getContainer().classList.add('drawing'); });
map.on('pm:drawend', () => map.getContainer().classList.remove('drawing'));
document.getElementById('file').addEventListener('change', (e) => e.target.files[0] && footprint.checkFile(e.target.files[0]));
const drop = document.getElementById('drop');
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); if (e.dataTransfer.files[0]) footprint.checkFile(e.dataTransfer.files[0]); });
drop.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') document.getElementById('file').click(); });

document.getElementById('basemap').addEventListener('change', (e) => setBasemap(e.target.value));
document.getElementById('lang').addEventListener('click', () => setLanguage(lang() === 'zh' ? 'en' : 'zh'));
onLanguageChange(async () => {
  saveState();
  renderLayerList();
  fillLists();
  layers.relabel();
  map.pm.setLang(lang() === 'zh' ? 'zh' : 'en');
  map.closePopup();
  footprint.render();
  renderSignIn();
  editor.relabel();
  importDialog.relabel();
  exportDialog.relabel();
  const counties = [...document.getElementById('county-select').options].slice(1);
  counties.forEach((o) => { o.textContent = nameOf(layers.features.get('counties').get(o.value)?.properties ?? {}) || o.value; });
  if (selectedCounty) await showCounty(selectedCounty, document.getElementById('county-result'));
});
// The URL is written once the map rests, not in the task that ends each zoom or pan step: a zoom's end is the
// longest frame of a move, and history.replaceState costs a few milliseconds each time.
let urlTimer = null;
const stopUrlWrite = () => { clearTimeout(urlTimer); urlTimer = null; };
map.on('movestart zoomstart', stopUrlWrite);
map.on('moveend', () => {
  stopUrlWrite();
  urlTimer = setTimeout(() => { urlTimer = null; saveState(); }, urlWriteAfterRestMs);
  layers.refresh().catch(() => {});
});

async function start() {
  applyLabels();
  showEditing();
  if (basemapKind !== 'none') setBasemap(basemapKind);
  const [counties] = await Promise.all([
    getJson('collections/counties/items?properties=name_zh,name_en&limit=100'),
    layers.refresh(),
    (async () => {
      const page = await getJson('collections/projects/items?limit=1000');
      allProjects = page.features;
    })(),
  ]);
  document.getElementById('county-select').replaceChildren(el('option', { value: '' }),
    ...counties.features.map((c) => el('option', { value: c.id }, nameOf(c.properties))));
  fillLists();
  if (selectedCounty) {
    selectTab(document.getElementById('tab-county'));
    await selectCounty(selectedCounty, false);
  }
  if (selectedProject) await openProject(selectedProject);
  saveState();
  document.body.dataset.ready = 'true';
}

start().catch((error) => { document.body.dataset.ready = 'error'; console.warn(error.message); });
