import { el } from './dom.js';
import { t } from './i18n.js';
import { endedStatuses } from './import-api.js';
import { labelOf } from './vocabulary.js';

// What the import dialog shows of an import resource (/imports/{id}): its progress while it runs, then the
// report — counts by action, the features refused or warned about with every reason, the source fields
// nothing took, and how the file's encoding was known. Everything from the file or the service is text.

const actions = ['created', 'updated', 'unchanged', 'rejected'];

/** A state's name, from the service's import_statuses vocabulary. */
const statusName = (code) => labelOf('import_statuses', code);

const verdicts = { rejected: 'importRejected', failed: 'importFailed', reverted: 'importReverted' };

/** The progress bar and its words: done / total and the state; without a total yet, the bar only moves. */
export function progressView(resource) {
  const { total = 0, done = 0 } = resource.counts ?? {};
  const bar = el('progress', { id: 'import-progress', max: Math.max(total, 1), value: total > 0 ? done : null, 'data-status': resource.status });
  // An import that ended has done all it will do, whatever the counts say (a failure counts nothing).
  if (endedStatuses.includes(resource.status)) bar.value = bar.max;
  return el('div', { class: 'import-progress' }, bar,
    el('span', { id: 'import-progress-text' }, `${done} / ${total} · `, el('span', { id: 'import-status' }, statusName(resource.status))));
}

const place = (location) => (location ? ` (${location[0]}, ${location[1]})` : '');

function reasonItem(reason, kind) {
  return el('li', { class: kind === 'warning' ? 'sev-warn' : 'sev-fail' },
    el('code', {}, reason.code), reason.field ? ` [${reason.field}]` : '', ': ', el('span', { class: 'message' }, reason.message), place(reason.location));
}

/** The rows of the features the import refused or warned about, in file order. */
function featureTable(features) {
  const noted = features.filter((f) => f.action === 'rejected' || (f.warnings ?? []).length > 0);
  if (noted.length === 0) return null;
  return el('table', { id: 'import-features', class: 'import-features' },
    el('thead', {}, el('tr', {}, el('th', {}, '#'), el('th', {}, t('importFeature')), el('th', {}, t('importAction')), el('th', {}, t('reasons')))),
    el('tbody', {}, noted.map((f) => el('tr', { 'data-index': f.index, class: `action-${f.action}` },
      el('td', { class: 'num' }, String(f.index)),
      el('td', {}, f.name ?? '', f.id ? [' ', el('code', {}, f.id)] : null),
      el('td', {}, t(`importAction_${f.action}`)),
      el('td', {}, el('ul', { class: 'compact' },
        (f.reasons ?? []).map((r) => reasonItem(r, 'reason')), (f.warnings ?? []).map((w) => reasonItem(w, 'warning'))))))));
}

/** The report of an import that has ended. */
export function reportView(resource) {
  const counts = resource.counts ?? {};
  const encoding = resource.encoding;
  const unknown = resource.unknown_fields ?? [];
  const verdict = resource.status === 'succeeded' ? (resource.dry_run ? 'importDryRunPassed' : 'importWritten') : verdicts[resource.status];
  return el('section', { id: 'import-report', 'data-status': resource.status, 'data-dry-run': String(resource.dry_run) },
    el('p', { class: `import-verdict ${resource.status}`, id: 'import-verdict' }, verdict ? t(verdict) : statusName(resource.status),
      resource.failure && el('span', { id: 'import-failure' }, resource.failure)),
    el('table', { id: 'import-counts' }, el('tbody', {},
      actions.map((action) => el('tr', { 'data-action': action }, el('th', {}, t(`importAction_${action}`)), el('td', { class: 'num' }, String(counts[action] ?? 0)))),
      el('tr', { 'data-action': 'warnings' }, el('th', {}, t('importWarnings')), el('td', { class: 'num' }, String(counts.warnings ?? 0))),
      el('tr', { 'data-action': 'total' }, el('th', {}, t('total')), el('td', { class: 'num' }, String(counts.total ?? 0))))),
    encoding?.guessed && el('p', { class: 'sev-warn', id: 'import-encoding' }, `${t('importEncodingGuessed')}${encoding.used}`, encoding.why ? ` (${encoding.why})` : ''),
    unknown.length > 0 && el('p', { id: 'import-unknown-fields' }, t('importUnknownFields'), unknown.map((name, i) => [i > 0 ? '、' : '', el('code', {}, name)])),
    featureTable(resource.features ?? []));
}

const problemHeadings = {
  400: 'importBadRequest', 401: 'unauthorized', 403: 'forbidden', 404: 'gone', 413: 'importTooLarge', 415: 'importUnsupported', 422: 'invalid', 503: 'importBusy',
};

/** A refused request in words: what kind of refusal, the parameter at fault, and the service's own detail. */
export function problemView(answer, id = 'import-problem') {
  const problem = answer.body ?? {};
  const heading = problemHeadings[answer.status] ? t(problemHeadings[answer.status]) : `${answer.status} ${problem.title ?? ''}: `;
  return el('div', { class: 'edit-problem', id, role: 'alert', 'data-status': answer.status },
    el('p', {}, heading, problem.parameter ? [el('code', {}, problem.parameter), ' '] : null, problem.detail ?? problem.title ?? ''));
}
