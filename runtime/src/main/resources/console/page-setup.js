// Set up: pick a factory, fill in its form (or, for the built-in service, only the branding),
// preview, send a test through the unsaved configuration, save.
import {h, replace, localized, badge} from './dom.js';
import {get, post, patch, ApiError} from './api.js';
import {buildForm, finish} from './form.js';
import {secretGuard} from './destinations.js';
import {draft} from './state.js';
import {flash, navigate} from './app.js';

export const BUILT_IN = 'logto-email';
const BRANDING_KEYS = ['senderName', 'companyInformation', 'appLogo'];
const MAX_LOGO_BYTES = 256 * 1024;

/** The factory picker. */
export async function pickerPage(el) {
  const factories = await get('/api/connector-factories');
  factories.sort((a, b) => (a.id === BUILT_IN ? -1 : b.id === BUILT_IN ? 1 : localized(a.name).localeCompare(localized(b.name))));
  replace(el,
    h('h1', {}, 'Set up a connector'),
    h('p', {class: 'lead'}, 'Choose how this tenant sends email. The built-in service needs no provider: only your branding.'),
    h('ul', {class: 'factory-grid', 'aria-label': 'Connector factories'},
      factories.map((f) => h('li', {},
        h('a', {class: 'factory-card', href: `#/setup/${encodeURIComponent(f.id)}`, dataset: {factory: f.id}},
          factoryLogo(f),
          h('span', {class: 'factory-name'}, localized(f.name)),
          f.id === BUILT_IN ? badge('No provider needed', 'ok') : null,
          h('span', {class: 'factory-description'}, localized(f.description)),
          h('span', {class: 'factory-id'}, f.id))))));
}

export function factoryLogo(factory, size = 40) {
  if (factory && factory.logo) {
    return h('img', {class: 'factory-logo', src: factory.logo, alt: '', width: size, height: size});
  }
  const name = factory ? localized(factory.name) : '?';
  return h('span', {class: 'factory-logo initials', 'aria-hidden': 'true', style: null}, name.slice(0, 2).toUpperCase());
}

/** Set up a new connector ({factoryId}) or edit a stored one ({connectorId}). */
export async function setupPage(el, {factoryId, connectorId}) {
  let connector = null;
  if (connectorId) {
    connector = await get(`/api/connectors/${encodeURIComponent(connectorId)}`);
    factoryId = connector.factoryId;
  }
  const factory = await get(`/api/connector-factories/${encodeURIComponent(factoryId)}`);
  const builtIn = factory.id === BUILT_IN;
  const name = localized(factory.name);
  const initial = connector ? connector.config : (draft.factoryId === factory.id && draft.branding ? draft.branding : null);

  const summary = h('div', {class: 'error-summary', role: 'alert', hidden: true, tabindex: '-1'});
  const formBody = h('div', {class: 'form-fields'});
  let form;
  let otherSettings = null;
  if (builtIn) {
    const options = await get('/api/preview/options');
    formBody.append(h('div', {class: 'field'},
      h('label', {for: 'sender-address'}, 'Sender address'),
      h('input', {id: 'sender-address', type: 'text', readonly: true, value: options.from, 'aria-describedby': 'sender-address-help'}),
      h('p', {class: 'help', id: 'sender-address-help'},
        'Fixed by the platform operator and shared by every tenant of the built-in service: you set the name, not the address.')));
    const items = factory.formItems.filter((item) => BRANDING_KEYS.includes(item.key));
    form = buildForm(formBody, items, initial, {appLogo: logoField});
  } else {
    form = buildForm(formBody, factory.formItems, initial);
    const covered = new Set(factory.formItems.map((i) => i.key));
    const rest = {};
    for (const [key, value] of Object.entries(initial || {})) if (!covered.has(key)) rest[key] = value;
    otherSettings = h('textarea', {id: 'other-settings', class: 'code', rows: 4, spellcheck: 'false',
      'aria-describedby': 'other-settings-help other-settings-error',
      value: Object.keys(rest).length ? JSON.stringify(rest, null, 2) : ''});
    formBody.append(h('details', {class: 'field', open: Object.keys(rest).length > 0 || null},
      h('summary', {}, 'Other settings'),
      h('label', {for: 'other-settings'}, 'Other settings (JSON object)'),
      otherSettings,
      h('p', {class: 'help', id: 'other-settings-help'},
        'Keys without a field above, e.g. {"connectionTimeout": 10000}. See the connector\'s README for every key.'),
      h('p', {class: 'field-hint', id: 'other-settings-hint', role: 'status', hidden: true}),
      h('p', {class: 'field-error', id: 'other-settings-error', hidden: true})));
  }

  /** The config the page holds, read without showing anything; null while some JSON does not parse. */
  const peek = () => {
    const {config, problems} = form.collect();
    if (problems.length) return null; // JSON being typed: keep what is shown until it parses
    const raw = otherSettings ? otherSettings.value.trim() : '';
    if (!raw) return config;
    try {
      const extra = JSON.parse(raw);
      return typeof extra === 'object' && extra !== null && !Array.isArray(extra) ? {...config, ...extra} : null;
    } catch (e) {
      return null;
    }
  };
  // Editing a stored connector: a secret left as ****** must be typed again when a destination
  // (host, port, endpoint…) changes; say so next to it at once, and send nothing until it is.
  const guard = connector && !builtIn ? secretGuard({
    spec: factory.configSpec || [], stored: connector.config || {}, form, readConfig: peek,
    otherHint: (message) => {
      const hint = document.getElementById('other-settings-hint');
      replace(hint, message || '');
      hint.hidden = !message;
      otherSettings.setAttribute('aria-describedby',
        `other-settings-help${message ? ' other-settings-hint' : ''} other-settings-error`);
    },
  }) : null;

  // Once the person edits, the summary of the last answer is out of date (field errors clear themselves).
  formBody.addEventListener('input', () => {
    summary.hidden = true;
  });
  if (guard) {
    formBody.addEventListener('input', guard.update);
    formBody.addEventListener('change', guard.update);
  }

  /** The config the page holds, or null after showing the problems found locally. */
  const collect = () => {
    form.clearErrors();
    summary.hidden = true;
    const {config, problems} = form.collect();
    if (otherSettings) {
      const errorEl = document.getElementById('other-settings-error');
      errorEl.hidden = true;
      const raw = otherSettings.value.trim();
      if (raw) {
        try {
          const extra = JSON.parse(raw);
          if (typeof extra !== 'object' || extra === null || Array.isArray(extra)) throw new Error('must be a JSON object');
          Object.assign(config, extra);
        } catch (e) {
          replace(errorEl, `Not a JSON object: ${e.message}`);
          errorEl.hidden = false;
          otherSettings.focus();
          return null;
        }
      }
    }
    if (problems.length) {
      showProblems(problems);
      return null;
    }
    const refused = guard ? guard.refusal(config) : [];
    if (refused.length) {
      // what the API would answer (400 connector.invalid_config): shown without sending the stored secret anywhere
      showProblems(refused);
      guard.update();
      return null;
    }
    return config;
  };
  const showProblems = (details) => {
    const unplaced = form.showErrors(details);
    const placed = details.length - unplaced.length;
    replace(summary,
      h('p', {}, placed === 1 ? 'One problem, shown next to its field.' : placed > 1
        ? `${placed} problems, shown next to their fields.` : 'The configuration has problems:'),
      unplaced.length ? h('ul', {}, unplaced.map((l) => h('li', {}, l))) : null);
    summary.hidden = false;
    if (!placed) summary.focus();
  };
  const showApiError = (e) => {
    if (e instanceof ApiError && e.details.length) {
      showProblems(e.details);
    } else {
      replace(summary, h('p', {}, e instanceof ApiError ? `${e.code}: ${e.message}` : String(e.message || e)));
      summary.hidden = false;
      summary.focus();
    }
  };

  // Step 3: preview (built-in service only: its emails are ours to show).
  const previewSection = builtIn ? h('section', {id: 'step-preview', class: 'card step', 'aria-labelledby': 'step-preview-title'},
    h('h2', {id: 'step-preview-title'}, h('span', {class: 'step-number'}, '2'), 'Preview'),
    h('p', {}, 'See every email in every language, with and without this branding, exactly as it will be sent.'),
    h('button', {type: 'button', class: 'button', id: 'open-preview', onclick: () => {
      const config = collect();
      if (config === null) return;
      draft.branding = config;
      draft.factoryId = factory.id;
      draft.back = location.hash;
      navigate('#/preview');
    }}, 'Preview with this branding')) : null;

  // Step 4: send a test through the unsaved configuration.
  const testAddress = h('input', {id: 'test-email', type: 'email', autocomplete: 'email', placeholder: 'you@example.com',
    required: true, 'aria-describedby': 'test-email-help'});
  const testResult = h('div', {id: 'test-result', class: 'test-result', role: 'status', 'aria-live': 'polite'});
  const testButton = h('button', {type: 'button', class: 'button', id: 'send-test'}, 'Send test email');
  testButton.addEventListener('click', async () => {
    replace(testResult);
    const config = collect();
    if (config === null) return;
    const email = testAddress.value.trim();
    if (!email) {
      replace(testResult, h('p', {class: 'result error'}, 'Type the address to send the test email to.'));
      testAddress.focus();
      return;
    }
    testButton.disabled = true;
    replace(testResult, h('p', {class: 'loading'}, 'Sending…'));
    try {
      const body = {email, config, locale: navigator.language || 'en'};
      if (connector) body.connectorId = connector.id;
      const answer = await post(`/api/connectors/${encodeURIComponent(factory.id)}/test`, body);
      replace(testResult, h('p', {class: 'result ok', dataset: {outcome: 'delivered'}},
        badge('Delivered', 'ok'), ` The test email to ${email} was accepted`,
        answer && answer.providerMessageId ? [' (provider message id ', h('code', {}, answer.providerMessageId), ').'] : '.',
        answer && answer.providerMessageId && builtIn
          ? [' ', h('a', {href: `#/inbox/${encodeURIComponent(answer.providerMessageId)}`}, 'Open it in the inbox')] : null));
    } catch (e) {
      if (e instanceof ApiError && e.details.length) {
        showProblems(e.details);
        replace(testResult, h('p', {class: 'result error', dataset: {outcome: 'invalid'}}, badge('Not sent', 'error'),
          ' The configuration has problems: they are shown next to their fields.'));
      } else {
        const body = e instanceof ApiError ? e.body : {};
        replace(testResult, h('div', {class: 'result error', dataset: {outcome: 'failed'}},
          h('p', {}, badge('Failed', 'error'), ' ', h('code', {class: 'error-code'}, body.code || e.code),
            body.errorCode ? [' ', h('span', {class: 'muted'}, `(${body.errorCode}${body.retryable ? ', retryable' : ''})`)] : null),
          h('p', {class: 'error-message'}, body.message || e.message)));
      }
    } finally {
      testButton.disabled = false;
    }
  });
  const testSection = h('section', {id: 'step-test', class: 'card step', 'aria-labelledby': 'step-test-title'},
    h('h2', {id: 'step-test-title'}, h('span', {class: 'step-number'}, builtIn ? '3' : '2'), 'Send a test'),
    h('p', {}, 'Sends a Generic email with the code 000000 through this configuration, exactly as production sends, before anything is saved.'),
    h('div', {class: 'field'},
      h('label', {for: 'test-email'}, 'Send the test email to'),
      h('div', {class: 'inline'}, testAddress, testButton),
      h('p', {class: 'help', id: 'test-email-help'}, builtIn
        ? 'With the default platform transport the email lands in the Inbox of this console.' : 'A real email is sent.')),
    testResult);

  // Step 5: save.
  const position = connector ? null : h('select', {id: 'position'},
    h('option', {value: 'last'}, 'Fallback (after the existing connectors)'),
    h('option', {value: 'first'}, 'Primary (first in the chain)'));
  const enabled = h('input', {id: 'enabled', type: 'checkbox', checked: connector ? connector.enabled : true});
  const saveButton = h('button', {type: 'submit', class: 'button primary', id: 'save'}, connector ? 'Save changes' : 'Save connector');
  const saveSection = h('section', {id: 'step-save', class: 'card step', 'aria-labelledby': 'step-save-title'},
    h('h2', {id: 'step-save-title'}, h('span', {class: 'step-number'}, builtIn ? '4' : '3'), 'Save'),
    position ? h('div', {class: 'field'}, h('label', {for: 'position'}, 'Place in the chain'), position) : null,
    h('div', {class: 'field switch'}, h('div', {class: 'switch-row'}, enabled, h('label', {for: 'enabled'}, 'Enabled'))),
    h('div', {class: 'actions'}, saveButton, h('a', {class: 'button subtle', href: '#/connectors'}, 'Cancel')));

  const formEl = h('form', {id: 'setup-form', novalidate: true, 'aria-labelledby': 'setup-title'},
    h('section', {id: 'step-configure', class: 'card step', 'aria-labelledby': 'step-configure-title'},
      h('h2', {id: 'step-configure-title'}, h('span', {class: 'step-number'}, '1'), builtIn ? 'Branding' : 'Configure'),
      summary, formBody),
    previewSection, testSection, saveSection);
  formEl.addEventListener('submit', async (event) => {
    event.preventDefault();
    const config = collect();
    if (config === null) return;
    saveButton.disabled = true;
    try {
      if (connector) {
        await patch(`/api/connectors/${encodeURIComponent(connector.id)}`, {config, enabled: enabled.checked});
      } else {
        const body = {factoryId: factory.id, config, enabled: enabled.checked};
        if (position.value === 'first') body.position = 0;
        await post('/api/connectors', body);
      }
      if (builtIn) draft.branding = null;
      flash(`${name} saved.`, 'ok', {survive: true});
      navigate('#/connectors');
    } catch (e) {
      showApiError(e);
    } finally {
      saveButton.disabled = false;
    }
  });

  replace(el,
    h('p', {class: 'breadcrumb'}, h('a', {href: connector ? '#/connectors' : '#/setup'}, connector ? '← Connectors' : '← All connectors')),
    h('div', {class: 'page-title'}, factoryLogo(factory, 48),
      h('div', {}, h('h1', {id: 'setup-title'}, connector ? `Edit ${name}` : `Set up ${name}`),
        h('p', {class: 'lead'}, localized(factory.description)))),
    h('nav', {'aria-label': 'Steps', class: 'steps'}, h('ol', {},
      h('li', {}, h('a', {href: '#step-configure', onclick: jump}, builtIn ? 'Branding' : 'Configure')),
      builtIn ? h('li', {}, h('a', {href: '#step-preview', onclick: jump}, 'Preview')) : null,
      h('li', {}, h('a', {href: '#step-test', onclick: jump}, 'Send a test')),
      h('li', {}, h('a', {href: '#step-save', onclick: jump}, 'Save')))),
    formEl);
  if (guard) guard.update();
}

/** In-page step links: scroll and focus without changing the route. */
function jump(event) {
  event.preventDefault();
  const target = document.getElementById(event.currentTarget.getAttribute('href').slice(1));
  target.scrollIntoView({behavior: 'smooth', block: 'start'});
  const heading = target.querySelector('h2');
  heading.setAttribute('tabindex', '-1');
  heading.focus({preventScroll: true});
}

/** The logo: an uploaded PNG/JPEG (checked by its first bytes, at most 256 KB) or an https URL. */
function logoField(item, value) {
  const id = 'field-appLogo';
  let current = typeof value === 'string' && value ? value : '';
  const isUrl = (v) => /^https:\/\//i.test(v);
  const errorEl = h('p', {class: 'field-error', id: `${id}-error`, hidden: true});
  const preview = h('img', {class: 'logo-preview', alt: 'Logo preview', hidden: true});
  const empty = h('p', {class: 'muted logo-empty'}, 'No logo: the emails show the sender name instead.');
  const file = h('input', {id, type: 'file', accept: 'image/png,image/jpeg', 'aria-describedby': `${id}-help ${id}-error`});
  const url = h('input', {id: `${id}-url`, type: 'url', placeholder: item.placeholder || 'https://…',
    value: isUrl(current) ? current : '', 'aria-describedby': `${id}-help ${id}-error`});
  const remove = h('button', {type: 'button', class: 'button subtle', id: `${id}-remove`}, 'Remove logo');
  const show = () => {
    const src = current && !isUrl(current) && !current.startsWith('data:')
      ? `data:image/${current.startsWith('/9j/') ? 'jpeg' : 'png'};base64,${current}` : current;
    preview.hidden = !src;
    empty.hidden = Boolean(src);
    remove.hidden = !src;
    if (src) preview.src = src; else preview.removeAttribute('src');
  };
  const field = finish(item, null, file, () => ({value: current || undefined}), errorEl);
  file.addEventListener('change', async () => {
    field.error(null);
    const chosen = file.files && file.files[0];
    if (!chosen) return;
    if (chosen.size > MAX_LOGO_BYTES) {
      field.error(`The file is ${Math.round(chosen.size / 1024)} KB; a logo may be at most 256 KB.`);
      file.value = '';
      return;
    }
    const bytes = new Uint8Array(await chosen.arrayBuffer());
    const png = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
    const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
    if (!png && !jpeg) {
      field.error('Only a PNG or JPEG image can be uploaded (the file\'s content is neither).');
      file.value = '';
      return;
    }
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    current = `data:${png ? 'image/png' : 'image/jpeg'};base64,${btoa(binary)}`;
    url.value = '';
    show();
  });
  url.addEventListener('input', () => {
    field.error(null);
    current = url.value.trim();
    show();
  });
  remove.addEventListener('click', () => {
    current = '';
    url.value = '';
    file.value = '';
    show();
    file.focus();
  });
  const wrapper = h('fieldset', {class: 'field logo-field', dataset: {key: item.key}},
    h('legend', {}, item.label || 'Logo'),
    h('div', {class: 'logo-row'},
      h('div', {class: 'logo-box'}, preview, empty),
      h('div', {class: 'logo-inputs'},
        h('label', {for: id}, 'Upload a PNG or JPEG'), file,
        h('label', {for: `${id}-url`}, 'or give an https:// URL'), url,
        remove)),
    h('p', {class: 'help', id: `${id}-help`}, item.description || ''),
    errorEl);
  field.wrapper = wrapper;
  show();
  return field;
}
