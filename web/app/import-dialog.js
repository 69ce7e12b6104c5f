import { el } from './dom.js';
import { downloadFile } from './export-download.js';
import { followImport, reportUrl, startImport } from './import-api.js';
import { datumFields, hasDatumOptions, isDatumParameter, isLegacyCrs, legacyCrsChoices } from './import-datum.js';
import { problemView, progressView, reportView } from './import-report.js';
import { lang, t } from './i18n.js';
import { layerName } from './vocabulary.js';

// The 导入 dialog of an editable collection: a file chosen or dropped, its CRS, encoding and layer when the
// file does not say, the datum parameters of a 西安1980 / 北京1954 file, which of its fields fill which property
// (mapping), a dry run first (on by default), then the progress and the report; after a dry run that refused
// nothing, the same file again for real; after a write, the collection's layer is reloaded.

const accepted = '.zip,.gpkg,.kml,.kmz,.dxf,.txt,.csv,.xlsx,.geojson,.json';

// The CRSs a file may be declared in (the service's list); their names here, the codes are the service's.
const crsChoices = [
  ['4490', 'CGCS2000 经纬度', 'CGCS2000 lon/lat'],
  ['CRS84', 'WGS84 经纬度（CRS84）', 'WGS84 lon/lat (CRS84)'],
  ['4326', 'WGS84（EPSG:4326）', 'WGS84 (EPSG:4326)'],
  ['4531', 'CGCS2000 3° 高斯-克吕格 43 带（含带号）', 'CGCS2000 3° Gauss–Krüger zone 43 (zone prefix)'],
  ['4532', 'CGCS2000 3° 高斯-克吕格 44 带（含带号）', 'CGCS2000 3° Gauss–Krüger zone 44 (zone prefix)'],
  ['4533', 'CGCS2000 3° 高斯-克吕格 45 带（含带号）', 'CGCS2000 3° Gauss–Krüger zone 45 (zone prefix)'],
  ['4552', 'CGCS2000 3° 高斯-克吕格 CM 129°E', 'CGCS2000 3° Gauss–Krüger CM 129°E'],
  ['4553', 'CGCS2000 3° 高斯-克吕格 CM 132°E', 'CGCS2000 3° Gauss–Krüger CM 132°E'],
  ['4554', 'CGCS2000 3° 高斯-克吕格 CM 135°E', 'CGCS2000 3° Gauss–Krüger CM 135°E'],
  ['3857', 'Web Mercator（EPSG:3857）', 'Web Mercator (EPSG:3857)'],
  ...legacyCrsChoices,
];

const noOptions = () => ({ dryRun: true, crs: '', sevenParameters: '', rotationConvention: '', fourParameters: '', encoding: '', layer: '', mapping: '' });

export class ImportDialog {
  /** `onImported(collection, resource)`: an import wrote features into the collection. */
  constructor({ onImported }) {
    this.onImported = onImported;
    this.dialog = el('dialog', { id: 'import-dialog', class: 'import-dialog', 'aria-labelledby': 'import-title' });
    document.body.append(this.dialog);
    this.collection = null;
    this.file = null;
    this.options = noOptions();
    // The service refused the file for want of datum parameters: their fields show until another file is chosen.
    this.datumNeeded = false;
    this.run = 0;
    this.outcome = null;
    // One input for the dialog's life: written anew with the dialog, it would forget the file it shows as chosen.
    this.fileInput = el('input', { type: 'file', id: 'import-file', accept: accepted });
    this.fileInput.addEventListener('change', () => this.choose(this.fileInput.files[0]));
  }

  open(collection) {
    if (collection !== this.collection) {
      this.collection = collection;
      this.file = null;
      this.fileInput.value = '';
      this.outcome = null;
      this.options = noOptions();
      this.datumNeeded = false;
      this.run += 1;
    }
    this.render();
    if (!this.dialog.open) this.dialog.showModal();
  }

  /** Writes the dialog again in the current language, keeping the file, the choices and the outcome. */
  relabel() { if (this.collection) this.render(); }

  choose(file) {
    if (!file) return;
    this.file = file;
    this.outcome = null;
    this.datumNeeded = false;
    this.render();
  }

  select(id, options, chosen, onChange) {
    const select = el('select', { id }, options.map(([value, label]) => el('option', { value, selected: value === chosen }, label)));
    select.addEventListener('change', () => onChange(select.value));
    return select;
  }

  form() {
    const input = this.fileInput;
    const drop = el('div', { class: 'drop', id: 'import-drop', tabindex: 0 }, this.file ? this.file.name : t('importDrop'));
    drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); this.choose(e.dataTransfer.files[0]); });
    drop.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') input.click(); });
    const named = (zh, en) => (lang() === 'zh' ? zh : en);
    const crs = this.select('import-crs', [['', t('importFromFile')], ...crsChoices.map(([code, zh, en]) => [code, `${code === 'CRS84' ? code : `EPSG:${code}`} ${named(zh, en)}`])],
      this.options.crs, (value) => {
        const shown = this.showsDatum();
        this.options.crs = value;
        if (this.showsDatum() !== shown) this.render();
      });
    const encoding = this.select('import-encoding', [['', t('importFromFile')], ['UTF-8', 'UTF-8'], ['GBK', 'GBK']],
      this.options.encoding, (value) => { this.options.encoding = value; });
    const layer = el('input', { type: 'text', id: 'import-layer', value: this.options.layer, maxlength: 200 });
    layer.addEventListener('input', () => { this.options.layer = layer.value.trim(); });
    const mapping = el('textarea', { id: 'import-mapping', rows: 2, maxlength: 8192, spellcheck: 'false', placeholder: '{"名称": "name_zh"}' });
    mapping.value = this.options.mapping;
    mapping.addEventListener('input', () => { this.options.mapping = mapping.value.trim(); });
    const dryRun = el('input', { type: 'checkbox', id: 'import-dry-run', checked: this.options.dryRun });
    dryRun.addEventListener('change', () => { this.options.dryRun = dryRun.checked; });
    const start = el('button', { type: 'submit', id: 'import-start', disabled: !this.file || this.running }, t('importStart'));
    const close = el('button', { type: 'button', id: 'import-close' }, t('close'));
    close.addEventListener('click', () => this.dialog.close());
    const form = el('form', { id: 'import-form' },
      el('p', { class: 'note' }, t('importHelp')),
      el('label', { class: 'file' }, t('importChoose'), input), drop,
      el('div', { class: 'import-options' },
        el('label', {}, t('importCrs'), crs),
        el('label', {}, t('importEncoding'), encoding),
        el('label', {}, t('importLayer'), layer)),
      this.showsDatum() && datumFields(this.options, this.datumNeeded),
      el('label', { class: 'mapping' }, t('importMapping'), mapping),
      el('label', { class: 'check' }, dryRun, ` ${t('importDryRun')}`),
      el('div', { class: 'row' }, start, close));
    form.addEventListener('submit', (e) => { e.preventDefault(); this.send(); });
    return form;
  }

  /** The datum fields show for a legacy CRS chosen, a refusal that asked for them, or parameters already given. */
  showsDatum() { return isLegacyCrs(this.options.crs) || this.datumNeeded || hasDatumOptions(this.options); }

  render() {
    this.dialog.replaceChildren(
      el('h2', { id: 'import-title' }, `${t('importTitle')} · ${layerName(this.collection)}`),
      this.form(),
      el('div', { id: 'import-result', 'aria-live': 'polite' }));
    this.renderOutcome();
  }

  renderOutcome() {
    const area = this.dialog.querySelector('#import-result');
    const outcome = this.outcome;
    if (!outcome) { area.replaceChildren(); return; }
    if (outcome.problem) { area.replaceChildren(progressOf(outcome.resource), problemView(outcome.problem)); return; }
    const resource = outcome.resource;
    const ended = outcome.ended;
    area.replaceChildren(progressView(resource), ended && reportView(resource), ended && this.actions(resource));
  }

  actions(resource) {
    const csv = el('button', { type: 'button', id: 'import-report-csv' }, t('importReportCsv'));
    csv.addEventListener('click', () => this.downloadReport(resource));
    const again = resource.status === 'succeeded' && resource.dry_run
      && el('button', { type: 'button', id: 'import-for-real', disabled: this.running }, t('importForReal'));
    if (again) again.addEventListener('click', () => { this.options.dryRun = false; this.send(); });
    return el('div', { class: 'row' }, csv, again);
  }

  async downloadReport(resource) {
    const answer = await downloadFile(reportUrl(resource), `import-${resource.id}.csv`);
    if (!answer.ok) this.dialog.querySelector('#import-result').append(problemView(answer));
  }

  /** Sends the file with the dialog's choices, then follows the import until it has ended. */
  async send() {
    if (!this.file || this.running) return;
    const run = ++this.run;
    const collection = this.collection;
    this.running = true;
    this.outcome = null;
    this.render();
    const current = () => run === this.run;
    try {
      const first = await startImport(collection, this.file, this.options);
      if (!current()) return;
      if (!first.ok && first.status !== 422) {
        this.outcome = { problem: first };
        if (isDatumParameter(first.body?.parameter)) this.datumNeeded = true;
        return;
      }
      this.outcome = { resource: first.body, ended: false };
      this.renderOutcome();
      const last = first.status === 202 && first.location
        ? await followImport(first.location, (resource) => { if (current()) { this.outcome = { resource, ended: false }; this.renderOutcome(); } })
        : first;
      if (!current()) return;
      this.outcome = last.ok || last.status === 422 ? { resource: last.body, ended: true } : { resource: this.outcome.resource, problem: last };
      // Refused without datum parameters: answered at once (a problem) or, after a 202, the failed import's problem.
      if (isDatumParameter((this.outcome.problem?.body ?? this.outcome.resource?.problem)?.parameter)) this.datumNeeded = true;
      if (this.outcome.ended && last.body.status === 'succeeded' && !last.body.dry_run) this.onImported(collection, last.body);
    } catch (failure) {
      if (current()) this.outcome = { problem: { status: 0, body: { detail: `${t('apiError')}${failure.message}` } } };
    } finally {
      if (current()) {
        this.running = false;
        this.render();
      }
    }
  }
}

const progressOf = (resource) => (resource ? progressView(resource) : null);
