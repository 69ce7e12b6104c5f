import { el } from './dom.js';
import { t } from './i18n.js';
import { editorName, keyPrefix, onSessionChange, role, roleName, signIn, signOut, signedIn } from './session.js';

// The 登录 button of the top bar and its dialog: the key is asked once per browser session; signed in,
// the bar names the person and role the service gives for the key and offers 退出.

const dialog = () => document.getElementById('sign-in-dialog');

export function askSignIn() {
  document.getElementById('sign-in-error').replaceChildren();
  document.getElementById('api-key').value = '';
  dialog().showModal();
  document.getElementById('api-key').focus();
}

/** The bar's sign-in state, in the current language. */
export function renderSignIn() {
  const bar = document.getElementById('session');
  if (!signedIn()) {
    const button = el('button', { type: 'button', id: 'sign-in' }, t('signIn'));
    button.addEventListener('click', askSignIn);
    bar.replaceChildren(button);
    return;
  }
  const out = el('button', { type: 'button', id: 'sign-out' }, t('signOut'));
  out.addEventListener('click', signOut);
  bar.replaceChildren(el('span', { id: 'signed-in' }, `${t('signedInAs')} ${editorName()}（${roleName(role()) || t('editor')}）`, ' ', el('code', {}, keyPrefix())), out);
}

export function setUpSignIn() {
  const form = document.getElementById('sign-in-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const error = document.getElementById('sign-in-error');
    error.replaceChildren(t('checkingKey'));
    try {
      const refused = await signIn(document.getElementById('api-key').value);
      if (refused === null) dialog().close();
      else error.replaceChildren(refused === '' ? t('keyMissing') : `${t('keyRefused')}${refused}`);
    } catch (failure) {
      error.replaceChildren(`${t('apiError')}${failure.message}`);
    }
  });
  document.getElementById('sign-in-cancel').addEventListener('click', () => dialog().close());
  onSessionChange(renderSignIn);
  renderSignIn();
}
