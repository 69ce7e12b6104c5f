import { el } from './dom.js';
import { lang, t } from './i18n.js';
import { roleName } from './session.js';
import { readHistory, readVersion } from './writes.js';

// A feature's versions, newest first (GET …/history): who changed what, when and why, and for one version
// a before/after view — its changes as a table, and the outline before and after drawn on the map.

const beforeStyle = { color: '#595959', weight: 3, dashArray: '6 6', fillOpacity: 0.05, className: 'history-before' };
const afterStyle = { color: '#d4380d', weight: 3, fillColor: '#ff7a45', fillOpacity: 0.25, className: 'history-after' };

const shown = (value) => {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return t('noValue');
  if (Array.isArray(value)) return value.join('、');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
};
const when = (iso) => new Date(iso).toLocaleString(lang() === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'medium' });

export class HistoryPanel {
  /** `titleOf(property)` labels a property; `onRestore(version)` is offered on older versions when given. */
  constructor(map, { toDisplay, titleOf, onRestore }) {
    this.map = map;
    this.toDisplay = toDisplay;
    this.titleOf = titleOf;
    this.onRestore = onRestore;
    this.outlines = L.featureGroup().addTo(map);
    this.element = el('div', { class: 'history', id: 'history' });
  }

  /** Loads and lists the versions of a feature; resolves to the answer's problem when there is one. */
  async show(collection, id) {
    this.collection = collection;
    this.id = id;
    this.clearOutlines();
    this.element.replaceChildren(el('p', {}, t('loading')));
    const answer = await readHistory(collection, id);
    if (!answer.ok) {
      this.element.replaceChildren(el('p', { class: 'sev-fail', role: 'alert' }, `${answer.status} ${answer.body?.detail ?? answer.body?.title ?? ''}`));
      return answer;
    }
    this.versions = answer.body.versions;
    this.element.replaceChildren(
      el('ol', { class: 'versions', id: 'history-list' }, this.versions.map((v, i) => this.entry(v, i === 0))),
      el('div', { id: 'history-diff' }));
    return null;
  }

  entry(v, newest) {
    const compare = el('button', { type: 'button', class: 'link', 'data-compare': v.version }, t('compare'));
    compare.addEventListener('click', () => this.compare(v));
    const restore = !newest && v.operation !== 'delete' && this.onRestore
      && el('button', { type: 'button', class: 'link', 'data-restore': v.version }, t('restoreVersion'));
    if (restore) restore.addEventListener('click', () => this.onRestore(v.version));
    const operation = lang() === 'zh' ? v.operation_zh ?? v.operation : v.operation;
    return el('li', { 'data-version': v.version },
      el('div', {}, el('strong', {}, `${t('version')} ${v.version}`), ` · ${operation} · ${when(v.changed_at)}`),
      el('div', {}, el('span', { class: 'who' }, v.changed_by), v.role ? `（${roleName(v.role)}）` : '',
        v.footprint_verdict && el('span', { class: `verdict small ${v.footprint_verdict}` }, t(v.footprint_verdict))),
      v.reason && el('div', { class: 'reason' }, `${t('reason')}: `, el('q', {}, v.reason)),
      el('div', { class: 'row' }, compare, restore));
  }

  /** The before/after view of one version. */
  async compare(v) {
    const rows = (v.changes ?? []).map((c) => el('tr', { 'data-property': c.property },
      el('th', {}, this.titleOf(c.property)), el('td', { class: 'before' }, shown(c.before)), el('td', { class: 'after' }, shown(c.after))));
    if (v.geometry_changed) {
      rows.push(el('tr', { 'data-property': 'geometry' }, el('th', {}, t('outline')),
        el('td', { class: 'before' }, t('outlineBefore')), el('td', { class: 'after' }, t('outlineAfter'))));
    }
    document.getElementById('history-diff').replaceChildren(
      el('h4', {}, `${t('version')} ${v.version} · ${t('changesOf')}`),
      rows.length > 0
        ? el('table', { class: 'changes' }, el('tr', {}, el('th', {}, t('property')), el('th', {}, t('before')), el('th', {}, t('after'))), rows)
        : el('p', { class: 'note' }, t('noChanges')));
    await this.drawOutlines(v.version);
  }

  async drawOutlines(version) {
    this.clearOutlines();
    const [before, after] = await Promise.all([
      version > 1 ? readVersion(this.collection, this.id, version - 1) : null,
      readVersion(this.collection, this.id, version),
    ]);
    const draw = (answer, style) => {
      if (!answer?.ok || !answer.body?.geometry) return;
      L.geoJSON(this.toDisplay(answer.body), { pane: 'highlight', interactive: false, style: () => style,
        pointToLayer: (f, latlng) => L.circleMarker(latlng, { ...style, radius: 8, pane: 'highlight' }) }).addTo(this.outlines);
    };
    draw(before, beforeStyle);
    draw(after, afterStyle);
    if (this.outlines.getLayers().length > 0) this.map.fitBounds(this.outlines.getBounds(), { maxZoom: 16, padding: [40, 40] });
  }

  clearOutlines() { this.outlines.clearLayers(); }
}
