import { currentKey } from './session.js';

// The import contract of the service: the file as the part "file" of a multipart/form-data form, asked to
// answer at once (Prefer: respond-async → 202 and Location), then the import resource polled until it has
// ended. Answers are handed back with their status and problem rather than thrown.

/** The states an import ends in; before them it is queued, reading, checking or writing. */
export const endedStatuses = ['succeeded', 'rejected', 'failed', 'reverted'];

const pollEveryMs = 400;

async function answerOf(response) {
  const type = response.headers.get('content-type') ?? '';
  const text = await response.text();
  const body = text && type.includes('json') ? JSON.parse(text) : text ? { detail: text } : {};
  return { ok: response.ok, status: response.status, location: response.headers.get('location'), body };
}

const keyHeader = () => (currentKey() ? { 'X-API-Key': currentKey() } : {});

/** The query of an import: dry_run always, the rest only when chosen. */
export function importQuery({ dryRun, crs, sevenParameters, rotationConvention, fourParameters, encoding, layer, mapping }) {
  const query = new URLSearchParams({ dry_run: String(dryRun) });
  if (crs) query.set('crs', crs);
  if (sevenParameters) query.set('seven_parameters', sevenParameters);
  if (rotationConvention) query.set('rotation_convention', rotationConvention);
  if (fourParameters) query.set('four_parameters', fourParameters);
  if (encoding) query.set('encoding', encoding);
  if (layer) query.set('layer', layer);
  if (mapping) query.set('mapping', mapping);
  return query.toString();
}

/** Sends the file; resolves to the first answer (202 with the resource and its Location, or a problem). */
export async function startImport(collection, file, options) {
  const form = new FormData();
  form.append('file', file, file.name);
  const response = await fetch(`collections/${encodeURIComponent(collection)}/imports?${importQuery(options)}`, {
    method: 'POST',
    body: form,
    headers: { ...keyHeader(), Accept: 'application/json', Prefer: 'respond-async' },
    cache: 'no-store',
  });
  return answerOf(response);
}

/** The import resource now. */
export async function readImport(location) {
  return answerOf(await fetch(location, { headers: { ...keyHeader(), Accept: 'application/json' }, cache: 'no-store' }));
}

/**
 * Polls the import at `location` until it has ended, calling `onProgress` with each reading; resolves to
 * the last answer (the ended import, or the problem a reading was refused with).
 */
export async function followImport(location, onProgress) {
  for (;;) {
    const answer = await readImport(location);
    if (!answer.ok) return answer;
    onProgress(answer.body);
    if (endedStatuses.includes(answer.body.status)) return answer;
    await new Promise((resolve) => { setTimeout(resolve, pollEveryMs); });
  }
}

/** Where the import's CSV report is: the resource's describedby link, else its conventional path. */
export const reportUrl = (resource) =>
  resource.links?.find((link) => link.rel === 'describedby')?.href ?? `imports/${encodeURIComponent(resource.id)}/report.csv`;
