import { t } from './i18n.js';

// The signed-in editor of this browser session: the API key, entered once and kept in sessionStorage
// (gone when the browser closes), with the role it carries and the collections it may edit.
const storageKey = 'spatial.session';
const listeners = [];

function stored() {
  try {
    const value = JSON.parse(sessionStorage.getItem(storageKey) ?? 'null');
    return value && typeof value.key === 'string' && Array.isArray(value.editable) ? value : null;
  } catch {
    return null;
  }
}

let session = stored();

export const currentKey = () => session?.key ?? null;
export const signedIn = () => session !== null;
export const role = () => session?.role ?? null;
export const mayEdit = (collection) => session?.editable.includes(collection) ?? false;
/** A role's name in the current language (roles: viewer, planner, land_officer, admin). */
export const roleName = (code) => (code ? t(`role_${code}`) : '');
/** The key as people recognise it in a list: its first characters only. */
export const keyPrefix = () => (session ? `${session.key.slice(0, 8)}…` : '');

export function onSessionChange(listener) { listeners.push(listener); }

const changed = () => listeners.forEach((listener) => listener(session));

/**
 * What a key may do, asked of the service without writing anything: a PATCH without If-Match on each
 * collection is answered 401 (key refused), 405 (reference data), 403 (not this role's layer; the
 * problem names the role) or 428 (allowed, and only the ETag is missing). The service has no "who am I"
 * resource yet; when it has, this is one GET.
 */
async function identify(key) {
  const listing = await fetch('/collections', { headers: { Accept: 'application/json', 'X-API-Key': key }, cache: 'no-store' }).then((r) => r.json());
  if (!listing.collections) return { error: listing.detail ?? listing.title ?? '' };
  const probes = await Promise.all(listing.collections.map(async ({ id }) => {
    const response = await fetch(`/collections/${encodeURIComponent(id)}/items/-`, { method: 'PATCH', headers: { 'X-API-Key': key }, cache: 'no-store' });
    const problem = (response.headers.get('content-type') ?? '').includes('json') ? await response.json() : {};
    return { id, status: response.status, problem };
  }));
  const refused = probes.find((p) => p.status === 401);
  if (refused) return { error: refused.problem.detail ?? refused.problem.title ?? '401' };
  const editable = probes.filter((p) => p.status === 428).map((p) => p.id);
  const editableAtAll = probes.filter((p) => p.status === 428 || p.status === 403).length;
  // A role that edits only some layers is named by the 403 of another; the one that edits them all is admin.
  const named = probes.find((p) => p.status === 403 && p.problem.role)?.problem.role;
  return { key, editable, role: named ?? (editable.length > 0 && editable.length === editableAtAll ? 'admin' : null) };
}

/** Signs in with a key: resolves to null when accepted, else the service's reason for refusing it. */
export async function signIn(key) {
  const trimmed = key.trim();
  if (!trimmed) return '';
  const identity = await identify(trimmed);
  if (identity.error !== undefined) return identity.error;
  session = identity;
  sessionStorage.setItem(storageKey, JSON.stringify(session));
  changed();
  return null;
}

export function signOut() {
  session = null;
  sessionStorage.removeItem(storageKey);
  changed();
}
