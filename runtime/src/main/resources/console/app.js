// The console's shell: sign-in, navigation (hash routes, so every page is a link), flash messages.
import {h, replace} from './dom.js';
import {session, get, ApiError} from './api.js';
import {connectorsPage} from './page-connectors.js';
import {pickerPage, setupPage} from './page-setup.js';
import {previewPage} from './page-preview.js';
import {messagesPage} from './page-messages.js';
import {inboxPage} from './page-inbox.js';
import {domainsPage} from './page-domains.js';
import {suppressionsPage} from './page-suppressions.js';

const main = document.getElementById('main');
const flashArea = document.getElementById('flash');

const ROUTES = [
  [/^#\/connectors$/, 'connectors', () => connectorsPage],
  [/^#\/connectors\/([\w.-]+)$/, 'connectors', (m) => (el) => setupPage(el, {connectorId: m[1]})],
  [/^#\/setup$/, 'setup', () => pickerPage],
  [/^#\/setup\/([\w.-]+)$/, 'setup', (m) => (el) => setupPage(el, {factoryId: m[1]})],
  [/^#\/preview$/, 'preview', () => previewPage],
  [/^#\/messages$/, 'messages', () => messagesPage],
  [/^#\/inbox$/, 'inbox', () => (el) => inboxPage(el, null)],
  [/^#\/inbox\/([\w.-]+)$/, 'inbox', (m) => (el) => inboxPage(el, m[1])],
  [/^#\/domains$/, 'domains', () => domainsPage],
  [/^#\/suppressions$/, 'suppressions', () => suppressionsPage],
];

let keepFlash = false;

/**
 * Shows a message for the person in the live region (announced by screen readers). With
 * {survive: true} it stays through the next navigation (for "saved", then back to the list).
 */
export function flash(text, tone = 'info', {survive = false} = {}) {
  keepFlash = survive;
  replace(flashArea, h('p', {class: `flash ${tone}`}, text,
    h('button', {type: 'button', class: 'button subtle close', 'aria-label': 'Dismiss message',
      onclick: () => replace(flashArea)}, '×')));
}

export function navigate(hash) {
  if (location.hash === hash) route(); else location.hash = hash;
}

function signInPage(el) {
  const keyField = h('input', {id: 'api-key', name: 'key', type: 'password', autocomplete: 'off', required: true,
    'aria-describedby': 'api-key-help'});
  const tenantField = h('input', {id: 'tenant', name: 'tenant', type: 'text', placeholder: 'default', autocomplete: 'off',
    'aria-describedby': 'tenant-help'});
  const error = h('p', {class: 'field-error', id: 'sign-in-error', role: 'alert'});
  const form = h('form', {class: 'card sign-in', 'aria-labelledby': 'sign-in-title', novalidate: true},
    h('h1', {id: 'sign-in-title', tabindex: '-1'}, 'Sign in'),
    h('p', {}, 'Paste the admin API key that ', h('code', {}, 'authmail serve'),
      ' printed on its first start (or the value of AUTHMAIL_ADMIN_KEY).'),
    h('div', {class: 'field'},
      h('label', {for: 'api-key'}, 'Admin API key'),
      keyField,
      h('p', {class: 'help', id: 'api-key-help'}, 'Kept in this tab only (session storage), sent as a bearer header.')),
    h('div', {class: 'field'},
      h('label', {for: 'tenant'}, 'Tenant'),
      tenantField,
      h('p', {class: 'help', id: 'tenant-help'}, 'The tenant to manage; empty means the default tenant.')),
    error,
    h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'button primary'}, 'Sign in')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(error);
    const key = keyField.value.trim();
    const tenant = tenantField.value.trim();
    if (!key) {
      replace(error, 'Enter the API key.');
      keyField.focus();
      return;
    }
    try {
      await get('/api/connectors', {key, tenant});
      session.signIn(key, tenant);
      shell();
      navigate(location.hash && location.hash !== '#/sign-in' ? location.hash : '#/connectors');
    } catch (e) {
      replace(error, e instanceof ApiError && (e.status === 401 || e.status === 403)
        ? 'This key is not accepted: check it and sign in again (the admin key is needed to manage connectors).'
        : `Sign-in failed: ${e.message}`);
      keyField.focus();
    }
  });
  replace(el, form);
  keyField.focus();
}

function shell() {
  const signedIn = Boolean(session.key);
  document.getElementById('nav').hidden = !signedIn;
  document.getElementById('session').hidden = !signedIn;
  replace(document.getElementById('tenant-name'), signedIn ? `Tenant: ${session.tenant || 'default'}` : '');
}

async function route() {
  shell();
  if (!session.key) {
    signInPage(main);
    return;
  }
  const hash = location.hash || '#/connectors';
  let page = null;
  let section = null;
  for (const [pattern, name, make] of ROUTES) {
    const match = hash.match(pattern);
    if (match) {
      page = make(match);
      section = name;
      break;
    }
  }
  if (!page) {
    navigate('#/connectors');
    return;
  }
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  replace(main);
  try {
    await page(main);
  } catch (e) {
    replace(main, h('h1', {tabindex: '-1'}, 'Something went wrong'),
      h('p', {class: 'error', role: 'alert'}, e instanceof ApiError ? `${e.code}: ${e.message}` : String(e.message || e)));
  }
  // Move focus to the page's heading so keyboard and screen-reader users start at the new content.
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({preventScroll: true});
  }
}

document.getElementById('sign-out').addEventListener('click', () => {
  session.signOut();
  replace(flashArea);
  location.hash = '#/sign-in';
  route();
});
window.addEventListener('authmail:unauthorized', () => {
  session.signOut();
  flash('The key was refused; sign in again.', 'error');
  route();
});
window.addEventListener('hashchange', () => {
  if (keepFlash) keepFlash = false; else replace(flashArea);
  route();
});
route();
