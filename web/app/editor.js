import { AttributeForm } from './attribute-form.js';
import { el } from './dom.js';
import { refusal, success, warning } from './edit-messages.js';
import { HistoryPanel } from './history-panel.js';
import { lang, nameOf, t } from './i18n.js';
import { OutlineEditor } from './outline-editor.js';
import { isAdmin, mayEdit, onSessionChange } from './session.js';
import { labelOf, vocabularyOf } from './vocabulary.js';
import { deleteFeature, patchFeature, readFeature, replaceOutline, restoreVersion, send } from './writes.js';

/**
 * The edit panel for signed-in users: one feature at a time, read fresh with its ETag; its attributes in
 * a form from the collection's schema, its outline on the map, its TXT outline (projects), delete, and its
 * history. Every write sends the ETag it read; a refusal is explained next to its cause.
 */
export class Editor {
  constructor(map, { toDisplay, fromDisplay, onWritten, showPanel, askSignIn }) {
    this.map = map;
    this.toDisplay = toDisplay;
    this.onWritten = onWritten;
    this.showPanel = showPanel;
    this.askSignIn = askSignIn;
    this.outline = new OutlineEditor(map, { toDisplay, fromDisplay });
    this.schemas = new Map();
    this.target = null;
    this.container = document.getElementById('editor');
    this.history = new HistoryPanel(map, {
      toDisplay,
      titleOf: (name) => this.form?.titleOf(name) ?? name,
      onRestore: (version) => this.restore(version),
    });
    onSessionChange(() => { if (this.target && !mayEdit(this.target.collection)) this.close(); else this.relabel(); });
    this.render();
  }

  setTransforms(toDisplay, fromDisplay) {
    this.toDisplay = toDisplay;
    this.history.toDisplay = toDisplay;
    this.outline.setTransforms(toDisplay, fromDisplay);
  }

  /** The 编辑 button of a popup, for a signed-in user who may edit the feature's collection. */
  popupButton(collection, feature) {
    if (!mayEdit(collection)) return null;
    const button = el('button', { type: 'button', class: 'edit-feature', 'data-edit': `${collection}/${feature.id}` }, t('edit'));
    button.addEventListener('click', () => this.open(collection, feature.id));
    return el('div', { class: 'row' }, button);
  }

  async schemaOf(collection) {
    if (!this.schemas.has(collection)) {
      const answer = await send('GET', `collections/${encodeURIComponent(collection)}/schema`);
      if (!answer.ok) throw new Error(`${answer.status} ${answer.body?.detail ?? ''}`);
      this.schemas.set(collection, answer.body);
    }
    return this.schemas.get(collection);
  }

  /** Opens a feature for editing: read it fresh (the ETag a write sends back) and show the panel. */
  async open(collection, id) {
    this.map.closePopup();
    this.outline.stop();
    this.history.clearOutlines();
    this.showPanel();
    const [schema, answer] = await Promise.all([this.schemaOf(collection), readFeature(collection, id)]);
    // A coded property's choices are the schema's enum; their names come from the vocabulary it belongs to.
    this.form = new AttributeForm(schema, (property, code) => (vocabularyOf(collection, property) ? labelOf(vocabularyOf(collection, property), code) : code));
    this.target = { collection, id, feature: answer.ok ? answer.body : null, etag: answer.etag, deleted: false };
    this.render({}, { keepReason: false });
    if (!answer.ok) this.explain(answer);
  }

  close() {
    this.outline.stop();
    this.history.clearOutlines();
    this.target = null;
    this.render();
  }

  /** Reads the feature again after a 412; what the user typed stays in the form, to be saved again. */
  async reload() {
    const { collection, id } = this.target;
    const pending = this.pendingValues();
    const answer = await readFeature(collection, id);
    if (!answer.ok) { this.explain(answer); return; }
    Object.assign(this.target, { feature: answer.body, etag: answer.etag });
    this.onWritten(collection, id, answer.body);
    this.render(pending);
    this.say(success(t('reloaded')));
  }

  pendingValues() {
    const changes = this.form?.fields.size ? this.form.changes() : {};
    return Object.fromEntries(Object.keys(changes).map((name) => [name, this.form.value(name)]));
  }

  /** Says why a request was refused, with the way on: reload after a 412, sign in again after a 401. */
  explain(answer, rest = []) {
    const actions = [];
    if (answer.status === 412) actions.push(this.button('reload-feature', 'reload', () => this.reload()));
    if (answer.status === 401) actions.push(this.button('sign-in-again', 'signIn', () => this.askSignIn()));
    this.say(refusal(answer, { titleOf: (name) => this.form.titleOf(name), actions, rest }));
  }

  say(message) {
    const area = document.getElementById('edit-message');
    if (!area) return;
    area.replaceChildren(message);
    area.scrollIntoView({ block: 'nearest' });
  }

  reason() { return document.getElementById('change-reason')?.value.trim() || undefined; }

  /** After a successful write: the new image and ETag, the map and lists redrawn, the message. */
  written(answer, text) {
    Object.assign(this.target, { feature: answer.body, etag: answer.etag });
    this.outline.stop();
    this.onWritten(this.target.collection, this.target.id, answer.body);
    this.render({}, { keepReason: false });
    this.say(success(text));
  }

  async saveAttributes() {
    const changes = this.form.changes();
    if (Object.keys(changes).length === 0) { this.say(success(t('nothingChanged'))); return; }
    const answer = await patchFeature(this.target.collection, this.target.id, { properties: changes }, this.target.etag, this.reason());
    if (answer.ok) this.written(answer, t('saved'));
    else this.explain(answer, answer.status === 422 ? this.form.showErrors(answer.body.errors ?? []) : []);
    document.querySelector('#attribute-form [aria-invalid="true"]')?.focus();
  }

  async saveOutline() {
    const geometry = this.outline.geometry();
    if (!geometry) { this.say(success(t('nothingChanged'))); return; }
    const answer = await patchFeature(this.target.collection, this.target.id, { geometry }, this.target.etag, this.reason());
    if (answer.ok) this.written(answer, t('outlineSaved'));
    else this.explain(answer, answer.status === 422 ? this.form.showErrors(answer.body.errors ?? []) : []);
  }

  /** The surveyed TXT replaces a project's outline; the footprint check's verdict decides, a fail needs an override with a reason. */
  async uploadOutline(file, override = false) {
    const answer = await replaceOutline(this.target.id, await file.arrayBuffer(), this.target.etag, { reason: this.reason(), override });
    if (answer.ok) {
      this.written(answer, `${t('outlineSaved')} ${t('verdict')}: ${t(answer.headers.get('Footprint-Verdict') ?? '')}`);
      return;
    }
    this.explain(answer, answer.status === 422 ? this.form.showErrors(answer.body.errors ?? []) : []);
    const report = answer.status === 422 ? answer.body.report : null;
    if (report) this.offerOverride(report, file);
  }

  offerOverride(report, file) {
    const message = (reason) => (lang() === 'en' ? reason.message_en : reason.message_zh);
    const override = el('button', { type: 'button', id: 'override-outline' }, t('saveAnyway'));
    const hint = el('p', { class: 'note', id: 'override-hint' }, t('overrideHint'));
    override.addEventListener('click', () => {
      if (this.reason()) { this.uploadOutline(file, true); return; }
      hint.className = 'sev-fail';
      document.getElementById('change-reason').focus();
    });
    document.getElementById('edit-message').append(el('div', { class: 'override', id: 'footprint-refusal' },
      el('p', {}, `${t('verdict')}: `, el('span', { class: `verdict ${report.verdict}` }, t(report.verdict))),
      el('ul', { class: 'compact' }, (report.reasons ?? []).map((r) => el('li', { class: `sev-${r.severity}` }, el('code', {}, r.code), ' ', message(r)))),
      hint, override));
  }

  async deleteConfirmed() {
    const answer = await deleteFeature(this.target.collection, this.target.id, this.target.etag, this.reason());
    if (!answer.ok) { this.explain(answer); return; }
    this.target.deleted = true;
    this.outline.stop();
    this.onWritten(this.target.collection, this.target.id, null);
    this.render({}, { keepReason: false });
    this.say(success(t('deleted')));
  }

  async restore(version) {
    const reason = this.reason();
    if (!reason) {
      this.say(warning(t('reasonRequired')));
      document.getElementById('change-reason').focus();
      return;
    }
    const answer = await restoreVersion(this.target.collection, this.target.id, version, reason, this.target.deleted ? undefined : this.target.etag);
    if (!answer.ok) { this.explain(answer); return; }
    this.target.deleted = false;
    this.written(answer, `${t('restored')} ${t('version')} ${version}`);
    await this.history.show(this.target.collection, this.target.id);
  }

  /** Writes the panel again in the current language, keeping what the user typed. */
  relabel() { this.render(this.pendingValues()); }

  takesDrawing() { return this.outline.waitingForDrawing; }

  drawn(layer) { this.outline.drawn(layer); }

  button(id, key, action, attributes = {}) {
    const button = el('button', { type: 'button', id, ...attributes }, t(key));
    button.addEventListener('click', action);
    return button;
  }

  /** Writes the panel; `pending` are typed values to keep, and the reason stays unless a write used it. */
  render(pending = {}, { keepReason = true } = {}) {
    const typedReason = keepReason ? document.getElementById('change-reason')?.value ?? '' : '';
    if (!this.target) {
      this.container.replaceChildren(el('p', { class: 'note' }, t('editHelp')));
      return;
    }
    const { collection, id, feature, deleted } = this.target;
    const heading = el('h3', { id: 'edit-title' }, feature ? nameOf(feature.properties) : id, ' ', el('code', {}, id));
    const message = el('div', { id: 'edit-message', 'aria-live': 'polite' });
    const reason = el('label', { class: 'reason' }, t('changeReason'), el('input', { id: 'change-reason', type: 'text', maxlength: 2000, value: typedReason }));
    const history = el('section', {}, el('h4', {}, t('history')),
      this.button('show-history', 'showHistory', () => this.history.show(collection, id)), this.history.element);
    this.history.onRestore = isAdmin() ? (version) => this.restore(version) : null;
    if (!feature || deleted) {
      this.container.replaceChildren(heading, message, reason, el('p', { class: 'note' }, deleted ? t('deletedHint') : ''), history);
      return;
    }
    const form = el('form', { id: 'attribute-form', novalidate: true }, this.form.render(feature, pending),
      el('div', { class: 'row' }, el('button', { type: 'submit', id: 'save-attributes' }, t('saveAttributes'))));
    form.addEventListener('submit', (e) => { e.preventDefault(); this.saveAttributes(); });
    const point = feature.geometry?.type === 'Point' || (!feature.geometry && collection === 'enterprises');
    const outlineFile = collection === 'projects' && el('input', { id: 'outline-file', type: 'file', accept: '.txt,text/plain' });
    if (outlineFile) outlineFile.addEventListener('change', () => outlineFile.files[0] && this.uploadOutline(outlineFile.files[0]));
    const confirm = el('div', { class: 'row confirm', id: 'delete-confirm', hidden: true },
      el('span', {}, t('confirmDelete')),
      this.button('confirm-delete', 'confirmDeleteButton', () => this.deleteConfirmed(), { class: 'danger' }),
      this.button('cancel-delete', 'cancel', () => { confirm.hidden = true; }));
    this.container.replaceChildren(
      heading, message, reason,
      el('section', {}, el('h4', {}, t('attributes')), form),
      el('section', {}, el('h4', {}, t('outline')),
        el('div', { class: 'row' },
          feature.geometry && this.button('edit-vertices', point ? 'movePoint' : 'editVertices', () => this.outline.start(this.target.feature, 'vertices')),
          feature.geometry && !point && this.button('move-outline', 'moveOutline', () => this.outline.start(this.target.feature, 'move')),
          this.button('redraw-outline', point ? 'placePoint' : 'redrawOutline', () => this.outline.redraw(point))),
        el('div', { class: 'row' },
          this.button('save-outline', 'saveOutline', () => this.saveOutline()),
          this.button('cancel-outline', 'cancel', () => this.outline.stop())),
        outlineFile && el('label', { class: 'file' }, t('outlineFromTxt'), outlineFile)),
      el('section', {}, el('h4', {}, t('deleteFeature')),
        this.button('delete-feature', 'deleteFeature', () => { confirm.hidden = false; }, { class: 'danger' }), confirm),
      history);
  }
}
