import { currentKey } from './session.js';

// Every write and every read an edit depends on: the API key of the session on each request, the
// answer's status, ETag and problem (RFC 9457) handed back rather than thrown, so the editor can say
// precisely what went wrong (401, 403, 412, 422) next to what caused it.

/**
 * One request. Never served from the browser's cache: an edit needs the feature's current ETag.
 * Resolves to { ok, status, etag, headers, body } (body: parsed JSON, text, or null); rejects only
 * when the service cannot be reached.
 */
export async function send(method, url, { body, contentType, etag, reason, key = currentKey() } = {}) {
  const headers = { Accept: 'application/geo+json, application/json;q=0.9, application/problem+json;q=0.8' };
  if (key) headers['X-API-Key'] = key;
  if (contentType) headers['Content-Type'] = contentType;
  if (etag) headers['If-Match'] = etag;
  // Header values are ASCII: a reason in Chinese travels percent-encoded (the API decodes it).
  if (reason) headers['X-Change-Reason'] = encodeURIComponent(reason);
  const response = await fetch(url, { method, headers, body, cache: 'no-store' });
  const type = response.headers.get('content-type') ?? '';
  const text = await response.text();
  const parsed = text && type.includes('json') ? JSON.parse(text) : text || null;
  return { ok: response.ok, status: response.status, etag: response.headers.get('etag'), headers: response.headers, body: parsed };
}

export const itemUrl = (collection, id) => `collections/${encodeURIComponent(collection)}/items/${encodeURIComponent(id)}`;

/** The feature as stored now, with the ETag a write must send back in If-Match. */
export const readFeature = (collection, id) => send('GET', itemUrl(collection, id));

export const patchFeature = (collection, id, patch, etag, reason) =>
  send('PATCH', itemUrl(collection, id), { body: JSON.stringify(patch), contentType: 'application/merge-patch+json', etag, reason });

export const deleteFeature = (collection, id, etag, reason) => send('DELETE', itemUrl(collection, id), { etag, reason });

/** A project's outline from the surveyed land-parcel TXT, sent as the bytes of the file (GB18030 or UTF-8). */
export const replaceOutline = (id, file, etag, { reason, override = false } = {}) =>
  send('PUT', `${itemUrl('projects', id)}/outline${override ? '?override=true' : ''}`, { body: file, contentType: 'text/plain', etag, reason });

export const readHistory = (collection, id) => send('GET', `${itemUrl(collection, id)}/history`);

export const readVersion = (collection, id, version) => send('GET', `${itemUrl(collection, id)}/history/${version}`);

export const restoreVersion = (collection, id, version, reason, etag) =>
  send('POST', `${itemUrl(collection, id)}/history/${version}/restore`, { reason, etag });
