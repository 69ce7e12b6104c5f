import { t } from './i18n.js';

// The signed-in editor of this browser session: the API key, entered once and kept in sessionStorage
// (gone when the browser closes), with the name, role and collections the service gives for it (/me).
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
export const editorName = () => session?.name ?? '';
export const isAdmin = () => session?.admin === true;
export const mayEdit = (collection) => session?.editable.includes(collection) ?? false;
/** A role's name in the current language (roles: viewer, planner, land_officer, admin). */
export const roleName = (code) => (code ? t(`role_${code}`) : '');
/** The key as people recognise it in a list: its first characters only. */
export const keyPrefix = () => (session ? `${session.key.slice(0, 8)}…` : '');

export function onSessionChange(listener) { listeners.push(listener); }

const changed = () => listeners.forEach((listener) => listener(session));

/** Who the key belongs to and what its role edits, as the service says (GET /me); `error` is its reason for refusing the key. */
async function identify(key) {
  const response = await fetch('me', { headers: { Accept: 'application/json', 'X-API-Key': key }, cache: 'no-store' });
  const body = (response.headers.get('content-type') ?? '').includes('json') ? await response.json() : {};
  if (!response.ok) return { error: body.detail ?? body.title ?? String(response.status) };
  return { key, name: body.name, role: body.role, editable: body.editable_collections, admin: body.admin === true };
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
