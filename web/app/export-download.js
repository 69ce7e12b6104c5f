import { currentKey } from './session.js';

// Files from the service saved by the browser: fetched (the key travels as a header, never in a URL a
// download link, the history or a log would keep), then handed to the browser as a Blob under the name
// the service gives in Content-Disposition.

/** The file name of a Content-Disposition header: RFC 8187's filename* (UTF-8) first, else the plain filename. */
export function fileNameOf(disposition) {
  if (!disposition) return null;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (extended) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // a malformed escape: the plain name below
    }
  }
  return /filename\s*=\s*"([^"]*)"/i.exec(disposition)?.[1] ?? /filename\s*=\s*([^;\s]+)/i.exec(disposition)?.[1] ?? null;
}

function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the Blob once the click's task has run.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * Fetches `url` and saves what it answers; `fallbackName` when the answer names no file. Resolves to
 * { ok: true, name } or { ok: false, status, problem } (the service's problem+json, or its text).
 */
export async function downloadFile(url, fallbackName) {
  const key = currentKey();
  const response = await fetch(url, { headers: key ? { 'X-API-Key': key } : {}, cache: 'no-store' });
  if (!response.ok) {
    const type = response.headers.get('content-type') ?? '';
    const problem = type.includes('json') ? await response.json() : { detail: await response.text() };
    return { ok: false, status: response.status, problem };
  }
  const name = fileNameOf(response.headers.get('content-disposition')) ?? fallbackName;
  save(await response.blob(), name);
  return { ok: true, name };
}
