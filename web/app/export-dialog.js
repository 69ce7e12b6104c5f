import { el } from './dom.js';
import { downloadFile } from './export-download.js';
import { problemView } from './import-report.js';
import { t } from './i18n.js';
import { layerName } from './vocabulary.js';

// The 导出 dialog of a layer: a file for desktop GIS or CAD, of what the map shows now or of the whole layer,
// fetched from the layer's items (every filter of /items applies there) and saved under the service's name.

/** Each choice: the parameters it adds to /items, and the file's ending when the answer names none. */
const formats = [
  { id: 'gpkg', label: 'exportGpkg', query: { f: 'gpkg' }, extension: '.gpkg' },
  { id: 'shp-utf8', label: 'exportShpUtf8', query: { f: 'shp', encoding: 'UTF-8' }, extension: '.shp.zip' },
  { id: 'shp-gbk', label: 'exportShpGbk', query: { f: 'shp', encoding: 'GBK' }, extension: '.shp.zip' },
  { id: 'kml', label: 'exportKml', query: { f: 'kml' }, extension: '.kml' },
  { id: 'dxf', label: 'exportDxf', query: { f: 'dxf' }, extension: '.dxf' },
  // CSV and GeoJSON are pages of /items: the largest page the service gives.
  { id: 'csv', label: 'exportCsv', query: { f: 'csv', limit: '10000' }, extension: '.csv' },
  { id: 'geojson', label: 'exportGeoJson', query: { f: 'geojson', limit: '10000' }, extension: '.geojson' },
];

export class ExportDialog {
  /** `viewBbox()`: the map's view as [west, south, east, north] in CGCS2000 lon/lat. */
  constructor({ viewBbox }) {
    this.viewBbox = viewBbox;
    this.dialog = el('dialog', { id: 'export-dialog', 'aria-labelledby': 'export-title' });
    document.body.append(this.dialog);
    this.collection = null;
    this.choice = { format: 'gpkg', scope: 'view' };
  }

  open(collection) {
    this.collection = collection;
    this.render();
    if (!this.dialog.open) this.dialog.showModal();
  }

  relabel() { if (this.collection && this.dialog.open) this.render(); }

  /** The URL of the export as chosen now. */
  url() {
    const format = formats.find((f) => f.id === this.choice.format);
    const query = new URLSearchParams(format.query);
    if (this.choice.scope === 'view') query.set('bbox', this.viewBbox().map((v) => v.toFixed(6)).join(','));
    return `collections/${encodeURIComponent(this.collection)}/items?${query}`;
  }

  async download() {
    const format = formats.find((f) => f.id === this.choice.format);
    const note = this.dialog.querySelector('#export-result');
    note.replaceChildren(el('p', {}, t('loading')));
    const answer = await downloadFile(this.url(), `${this.collection}${format.extension}`);
    note.replaceChildren(answer.ok ? el('p', { class: 'edit-done', id: 'export-done' }, `${t('exportSaved')}${answer.name}`) : problemView(answer, 'export-problem'));
  }

  render() {
    const format = el('select', { id: 'export-format' },
      formats.map((f) => el('option', { value: f.id, selected: f.id === this.choice.format }, t(f.label))));
    format.addEventListener('change', () => { this.choice.format = format.value; });
    const scope = ['view', 'layer'].map((value) => {
      const radio = el('input', { type: 'radio', name: 'export-scope', id: `export-scope-${value}`, value, checked: this.choice.scope === value });
      radio.addEventListener('change', () => { this.choice.scope = value; });
      return el('label', { class: 'check' }, radio, ` ${t(value === 'view' ? 'exportView' : 'exportLayer')}`);
    });
    const start = el('button', { type: 'submit', id: 'export-start' }, t('exportDownload'));
    const close = el('button', { type: 'button', id: 'export-close' }, t('close'));
    close.addEventListener('click', () => this.dialog.close());
    const form = el('form', { id: 'export-form' },
      el('label', {}, t('exportFormat'), format),
      el('fieldset', { class: 'choices' }, el('legend', {}, t('exportScope')), scope),
      el('div', { class: 'row' }, start, close));
    form.addEventListener('submit', (e) => { e.preventDefault(); this.download(); });
    this.dialog.replaceChildren(el('h2', { id: 'export-title' }, `${t('exportTitle')} · ${layerName(this.collection)}`), form,
      el('div', { id: 'export-result', 'aria-live': 'polite' }));
  }
}
