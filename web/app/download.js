import { showError } from './api.js';
import { el } from './dom.js';
import { currentKey } from './session.js';

// File downloads (CSV) that work when the service requires a key for reads: a plain link cannot send
// X-API-Key, and a key in a URL would end up in logs and the browser history. So the file is fetched with
// the session's key in its header and saved from memory (an object URL) under the name the service gives it.

/** The file name of a Content-Disposition header: filename* (RFC 5987, UTF-8) before the ASCII filename. */
export function fileNameOf(disposition, fallback) {
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (extended) {
    try { return decodeURIComponent(extended[1].trim()); } catch { /* a malformed escape: the plain name, below */ }
  }
  return /filename\s*=\s*"([^"]+)"/i.exec(disposition ?? '')?.[1] ?? fallback;
}

async function save(url, fallback) {
  const key = currentKey();
  const response = await fetch(url, { headers: key ? { 'X-API-Key': key } : {}, cache: 'no-store' });
  if (!response.ok) {
    const problem = (response.headers.get('content-type') ?? '').includes('json') ? await response.json() : {};
    throw new Error(`${response.status} ${problem.detail ?? problem.title ?? ''}`);
  }
  const href = URL.createObjectURL(await response.blob());
  const link = el('a', { href, download: fileNameOf(response.headers.get('content-disposition'), fallback), hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // The browser reads the object URL after this task ends; it is let go once the download has surely started.
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

/** A link that downloads `url` as `fallback` (unless the service names the file), with the session's key when signed in. */
export function downloadLink(url, fallback, attributes, ...children) {
  const link = el('a', { ...attributes, href: url, download: fallback }, ...children);
  link.addEventListener('click', (event) => {
    event.preventDefault();
    save(url, fallback).catch((error) => showError(error.message));
  });
  return link;
}
