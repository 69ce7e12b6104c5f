import { el } from './dom.js';
import { t } from './i18n.js';
import { currentKey } from './session.js';

// One place for requests: a loading indicator while any is in flight, a clear message when one fails.
let inFlight = 0;
const status = () => document.getElementById('status');

/** A passing note in the status line, e.g. that the layers are shifted for the basemap. */
export function showNote(text) {
  status().replaceChildren(el('span', { class: 'loading' }, text));
}

function showLoading() {
  if (inFlight > 0) showNote(t('loading')); else status().replaceChildren();
}

export function showError(message) {
  status().replaceChildren(el('span', { class: 'error', role: 'alert' }, t('apiError'), message));
}

async function request(url, options = {}) {
  inFlight += 1;
  showLoading();
  try {
    // Signed in, reads carry the key too: a service set to require keys for reads answers them then.
    const key = currentKey();
    const response = await fetch(url, key ? { ...options, headers: { ...options.headers, 'X-API-Key': key } } : options);
    const type = response.headers.get('content-type') ?? '';
    const body = type.includes('json') ? await response.json() : await response.text();
    if (!response.ok) {
      const detail = typeof body === 'object' ? body.detail ?? body.title : body;
      throw new Error(`${response.status} ${detail}`);
    }
    return body;
  } catch (error) {
    showError(error.message);
    throw error;
  } finally {
    inFlight -= 1;
    if (!status().querySelector('.error')) showLoading();
  }
}

/** A GET; `fresh` revalidates with the service even when the browser holds a copy (after a write: the ETags changed). */
export const getJson = (url, { fresh = false } = {}) => request(url, { headers: { Accept: 'application/json' }, cache: fresh ? 'no-cache' : 'default' });

export const postFootprint = (body, contentType, query) =>
  request(`footprint-checks${query}`, { method: 'POST', body, headers: { 'Content-Type': contentType, Accept: 'application/json' } });

/**
 * All features of a collection inside a bbox (lon/lat, CRS84), following the OGC API 'next' links.
 * `onPage` receives each page's features as they arrive.
 */
export async function loadFeatures(collection, bbox, onPage, extra = '', { fresh = false } = {}) {
  let url = `collections/${collection}/items?limit=1000${bbox ? `&bbox=${bbox.map((v) => v.toFixed(5)).join(',')}` : ''}${extra}`;
  while (url) {
    const page = await getJson(url, { fresh });
    onPage(page.features);
    url = page.links.find((l) => l.rel === 'next')?.href ?? null;
  }
}
