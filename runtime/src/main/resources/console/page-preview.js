// Preview: the built-in service's emails for every usage type and language, rendered by the server
// exactly as they would be sent, without and with the tenant's branding, side by side.
import {h, replace, emailFrame, badge} from './dom.js';
import {get, post, ApiError} from './api.js';
import {draft} from './state.js';
import {BUILT_IN} from './page-setup.js';

const TYPE_NAMES = {
  Register: 'Register', SignIn: 'Sign in', ForgotPassword: 'Forgot password', Generic: 'Generic',
  OrganizationInvitation: 'Organization invitation', UserPermissionValidation: 'User permission validation',
  BindNewIdentifier: 'Bind new identifier', MfaVerification: 'MFA verification', BindMfa: 'Bind MFA',
};

export function languageName(tag) {
  try {
    const names = new Intl.DisplayNames([navigator.language || 'en'], {type: 'language'});
    return `${names.of(tag)} (${tag})`;
  } catch (e) {
    return tag;
  }
}

export async function previewPage(el) {
  const [options, connectors] = await Promise.all([get('/api/preview/options'), get('/api/connectors').catch(() => [])]);
  const saved = (connectors || []).find((c) => c.factoryId === BUILT_IN);
  const usingDraft = Boolean(draft.branding);
  const branding = usingDraft ? draft.branding : (saved ? saved.config : null);

  const type = h('select', {id: 'preview-type'},
    options.types.map((t) => h('option', {value: t, selected: t === 'SignIn'}, TYPE_NAMES[t] || t)));
  const language = h('select', {id: 'preview-language'},
    options.languages.map((l) => h('option', {value: l}, languageName(l))));
  const preferred = (navigator.language || 'en');
  const match = options.languages.find((l) => l.toLowerCase() === preferred.toLowerCase())
    || options.languages.find((l) => l.split('-')[0] === preferred.split('-')[0]);
  if (match) language.value = match;

  const plain = pane('plain', 'Without branding', 'The defaults every tenant starts with.');
  const branded = pane('branded', 'With your branding',
    usingDraft ? 'The branding being set up (not saved yet).' : saved ? 'The branding saved for this tenant.'
      : 'No branding is saved yet: set up the built-in service to add one.');
  const status = h('p', {class: 'muted', role: 'status', 'aria-live': 'polite', id: 'preview-status'});

  let sequence = 0;
  const update = async () => {
    const current = ++sequence;
    replace(status, 'Rendering…');
    const body = {type: type.value, locale: language.value};
    const results = await Promise.allSettled([
      post('/api/preview', body),
      post('/api/preview', {...body, branding: branding || {}}),
    ]);
    if (current !== sequence) return; // a newer choice is on its way
    show(plain, results[0]);
    show(branded, results[1]);
    replace(status, `Showing ${TYPE_NAMES[type.value] || type.value}, ${languageName(language.value)}.`);
  };
  type.addEventListener('change', update);
  language.addEventListener('change', update);

  replace(el,
    draft.back ? h('p', {class: 'breadcrumb'}, h('a', {href: draft.back}, '← Back to set up')) : null,
    h('h1', {}, 'Preview the built-in emails'),
    h('p', {class: 'lead'}, 'Every email of the built-in service, rendered by the server exactly as it will be sent (sample code 123456). ',
      'Sender address: ', h('code', {}, options.from), '.'),
    h('div', {class: 'toolbar', role: 'group', 'aria-label': 'Choose the email'},
      h('div', {class: 'field'}, h('label', {for: 'preview-type'}, 'Usage type'), type),
      h('div', {class: 'field'}, h('label', {for: 'preview-language'}, 'Language'), language),
      usingDraft ? h('div', {class: 'field draft-note'}, badge('Unsaved branding', 'warn'), ' ',
        h('button', {type: 'button', class: 'button subtle', onclick: () => {
          draft.branding = null;
          draft.back = null;
          previewPage(el);
        }}, saved ? 'Show the saved branding' : 'Show without a draft')) : null),
    status,
    h('div', {class: 'side-by-side'}, plain.el, branded.el));
  await update();
}

function pane(id, title, note) {
  const meta = h('dl', {class: 'email-meta'});
  const frameHolder = h('div', {class: 'frame-holder'});
  const text = h('pre', {class: 'email-text'});
  const error = h('div', {class: 'error', role: 'alert', hidden: true});
  const el = h('section', {class: 'card preview-pane', id: `preview-${id}`, 'aria-labelledby': `preview-${id}-title`},
    h('h2', {id: `preview-${id}-title`}, title),
    h('p', {class: 'muted'}, note),
    error, meta, frameHolder,
    h('details', {}, h('summary', {}, 'Text version'), text));
  return {el, meta, frameHolder, text, error, title};
}

function show(p, result) {
  if (result.status === 'rejected') {
    const e = result.reason;
    replace(p.error, h('p', {}, e instanceof ApiError ? `${e.code}: ${e.message}` : String(e)),
      e instanceof ApiError && e.details.length ? h('ul', {}, e.details.map((d) => h('li', {}, `${d.path}: ${d.message}`))) : null);
    p.error.hidden = false;
    replace(p.meta);
    replace(p.frameHolder);
    replace(p.text);
    return;
  }
  const email = result.value;
  p.error.hidden = true;
  replace(p.meta,
    h('dt', {}, 'From'), h('dd', {}, email.fromName ? `${email.fromName} <${email.from || ''}>` : (email.from || '')),
    h('dt', {}, 'Subject'), h('dd', {class: 'subject'}, email.subject),
    h('dt', {}, 'Language'), h('dd', {}, languageName(email.language || '')));
  replace(p.frameHolder, emailFrame(email.html, `${p.title}: ${email.subject}`));
  replace(p.text, email.text);
}
