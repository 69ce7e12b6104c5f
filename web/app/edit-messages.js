import { el } from './dom.js';
import { lang, t } from './i18n.js';

// What the editor says when a write is refused, built from the service's problem (RFC 9457): the status
// in words, the problem's own detail verbatim, and for a 412 who changed the feature, when, what and why.

const when = (iso) => (iso ? new Date(iso).toLocaleString(lang() === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'medium' }) : '');
const list = (items) => items.join(lang() === 'zh' ? '、' : ', ');

/** The 412 in words: "已被他人修改：李华 于 … 修改了 名称（原因：…）". */
export function conflictText(problem, titleOf) {
  const changed = (problem.changedProperties ?? []).map((name) => (name === 'geometry' ? t('outline') : titleOf(name)));
  return [
    t('conflict'),
    problem.changedBy ? `${problem.changedBy} ` : '',
    problem.changedAt ? `${t('at')} ${when(problem.changedAt)} ` : '',
    changed.length > 0 ? `${t('changedWhat')} ${list(changed)}` : t('changedIt'),
    problem.reason ? `（${t('reason')}: ${problem.reason}）` : '',
    t('conflictHint'),
  ].join('');
}

const headings = { 401: 'unauthorized', 403: 'forbidden', 404: 'gone', 412: 'conflict', 422: 'invalid', 428: 'preconditionRequired' };

/**
 * The message for a refused write; `actions` are buttons shown beside it (reload on a 412, sign in on
 * a 401). `rest` are the 422 errors that belong to no form field, listed under the message.
 */
export function refusal(answer, { titleOf, actions = [], rest = [] }) {
  const problem = typeof answer.body === 'object' && answer.body !== null ? answer.body : { detail: answer.body };
  const text = answer.status === 412
    ? conflictText(problem, titleOf)
    : `${headings[answer.status] ? t(headings[answer.status]) : `${answer.status} ${problem.title ?? ''}: `}${problem.detail ?? problem.title ?? ''}`;
  return el('div', { class: 'edit-problem', 'data-status': answer.status, role: 'alert' },
    el('p', {}, text),
    rest.length > 0 && el('ul', { class: 'compact' }, rest.map((e) => el('li', {}, el('code', {}, e.pointer || '/'), ' ', e.detail))),
    actions.length > 0 && el('div', { class: 'row' }, actions));
}

export const success = (text) => el('div', { class: 'edit-done', role: 'status' }, el('p', {}, text));

export const warning = (text) => el('div', { class: 'edit-problem', role: 'alert' }, el('p', {}, text));
