import { el } from './dom.js';
import { t } from './i18n.js';

// A feature's attributes as a form built from its collection's JSON Schema (/collections/{id}/schema):
// one field per property, choices from the property's `enum`, free text where there is none, and the
// properties the service derives (`readOnly`) shown but not editable. Only what the user changed is sent.

const fieldId = (name) => `edit-field-${name}`;
const isArray = (property) => property.type === 'array';
const choicesOf = (property) => (isArray(property) ? property.items?.enum : property.enum) ?? null;
const isLongText = (value) => typeof value === 'string' && (value.length > 60 || value.includes('\n'));

/** A value as the form compares it: missing, empty and [] are all "no value". */
function normalized(property, value) {
  if (value === undefined || value === null || value === '') return null;
  if (isArray(property)) return Array.isArray(value) && value.length > 0 ? value : null;
  return value;
}

export class AttributeForm {
  /** `choiceLabel(property, code)` names a code for people; the code itself when nothing better is known. */
  constructor(schema, choiceLabel = (property, code) => code) {
    this.schema = schema;
    this.choiceLabel = choiceLabel;
    this.fields = new Map();
  }

  /** The form for a feature's properties; `pending` are values the user typed before a reload, kept. */
  render(feature, pending = {}) {
    this.original = feature.properties ?? {};
    this.fields.clear();
    const rows = Object.entries(this.schema.properties ?? {}).map(([name, property]) => this.field(name, property, name in pending ? pending[name] : this.original[name]));
    return el('div', { class: 'attribute-form' }, rows);
  }

  field(name, property, value) {
    const control = this.control(name, property, value);
    const error = el('p', { class: 'field-error', id: `${fieldId(name)}-error`, hidden: true });
    this.fields.set(name, { property, control, error });
    const readOnly = property.readOnly === true;
    return el('div', { class: readOnly ? 'field readonly' : 'field', 'data-property': name },
      el('label', { for: fieldId(name) }, property.title ?? name, readOnly ? ` ${t('readOnly')}` : ''),
      control, error);
  }

  control(name, property, value) {
    const common = { id: fieldId(name), name, disabled: property.readOnly === true, 'aria-describedby': `${fieldId(name)}-error` };
    const choices = choicesOf(property);
    if (choices && isArray(property)) {
      const selected = new Set(Array.isArray(value) ? value : []);
      return el('fieldset', { ...common, class: 'choices' }, choices.map((code) =>
        el('label', {}, el('input', { type: 'checkbox', value: code, checked: selected.has(code), disabled: common.disabled }), ` ${this.choiceLabel(name, code)}`)));
    }
    if (choices) {
      // A stored code the vocabulary no longer lists stays selectable, so opening the form changes nothing.
      const codes = value && !choices.includes(value) ? [...choices, value] : choices;
      return el('select', common, el('option', { value: '' }, t('noValue')),
        codes.map((code) => el('option', { value: code, selected: code === value }, this.choiceLabel(name, code))));
    }
    if (isArray(property)) {
      return el('textarea', { ...common, rows: 3, placeholder: t('onePerLine') }, Array.isArray(value) ? value.join('\n') : '');
    }
    if (property.type === 'boolean') {
      return el('select', common, el('option', { value: '' }, t('noValue')),
        el('option', { value: 'true', selected: value === true }, t('yes')), el('option', { value: 'false', selected: value === false }, t('no')));
    }
    if (property.type === 'number' || property.type === 'integer') {
      return el('input', { ...common, type: 'number', step: property.type === 'integer' ? '1' : 'any', value: value ?? '' });
    }
    if (property.type === 'string' && !property.format && isLongText(value)) return el('textarea', { ...common, rows: 4 }, value);
    return el('input', { ...common, type: 'text', value: value ?? '' });
  }

  /** The value a field holds now, typed as the schema says. */
  value(name) {
    const { property, control } = this.fields.get(name);
    if (control.localName === 'fieldset') return [...control.querySelectorAll('input:checked')].map((box) => box.value);
    const text = control.value.trim();
    if (isArray(property)) return text.split('\n').map((line) => line.trim()).filter(Boolean);
    if (text === '') return null;
    if (property.type === 'boolean') return text === 'true';
    if (property.type === 'number' || property.type === 'integer') return Number(text);
    return text;
  }

  /** The properties the user changed, as a merge patch's `properties` (null clears one). */
  changes() {
    const patch = {};
    for (const [name, { property }] of this.fields) {
      if (property.readOnly === true) continue;
      const now = normalized(property, this.value(name));
      if (JSON.stringify(now) !== JSON.stringify(normalized(property, this.original[name]))) patch[name] = isArray(property) ? now ?? [] : now;
    }
    return patch;
  }

  /** Shows each of a 422's errors under its field; returns those that belong to no field (geometry, the whole feature). */
  showErrors(errors) {
    this.clearErrors();
    const elsewhere = [];
    for (const error of errors) {
      const name = error.pointer?.startsWith('/properties/') ? error.pointer.slice('/properties/'.length).replace(/~1/g, '/').replace(/~0/g, '~') : null;
      const field = name && this.fields.get(name);
      if (!field) { elsewhere.push(error); continue; }
      field.error.hidden = false;
      field.error.append(el('span', {}, error.detail));
      field.control.setAttribute('aria-invalid', 'true');
    }
    return elsewhere;
  }

  clearErrors() {
    for (const { control, error } of this.fields.values()) {
      error.hidden = true;
      error.replaceChildren();
      control.removeAttribute('aria-invalid');
    }
  }

  /** A property's title for messages, e.g. in "changed since you read it: 名称". */
  titleOf(name) { return this.schema.properties?.[name]?.title ?? name; }
}
