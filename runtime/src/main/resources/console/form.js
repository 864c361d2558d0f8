// A connector's set-up form generated from its factory's form items (Logto's shape):
// Text, Number, MultilineText, Switch, Select, MultiSelect, Json; confidential Text masked;
// items shown only while their showConditions hold; the API's validation details shown next to
// the field they concern.
import {h, replace, uid} from './dom.js';

export const MASK = '******';

/**
 * Builds the form fields into `container`.
 * @param items the factory's formItems
 * @param initial the current config (edit) or null (new: defaults apply)
 * @returns {{collect: () => {config, problems}, showErrors: (details) => string[], clearErrors: () => void}}
 */
export function buildForm(container, items, initial, renderers = {}) {
  const fields = new Map();
  for (const item of items) {
    const value = initial ? initial[item.key] : item.defaultValue;
    const field = renderers[item.key] ? renderers[item.key](item, value) : makeField(item, value, Boolean(initial));
    fields.set(item.key, field);
    container.append(field.wrapper);
  }
  const updateVisibility = () => {
    for (const field of fields.values()) {
      const conditions = field.item.showConditions || [];
      const visible = conditions.every((c) => {
        const target = fields.get(c.targetKey);
        return target && target.wrapper.hidden === false && same(target.read().value, c.expectValue);
      });
      field.wrapper.hidden = !visible;
    }
  };
  container.addEventListener('input', (event) => {
    // A changed value's old error no longer applies.
    const wrapper = event.target.closest('[data-key]');
    const field = wrapper && fields.get(wrapper.dataset.key);
    if (field) field.error(null);
    updateVisibility();
  });
  container.addEventListener('change', updateVisibility);
  updateVisibility();

  return {
    fields,
    /** The config the form holds, and the problems found without asking the server (unparseable JSON). */
    collect() {
      const config = {};
      const problems = [];
      for (const [key, field] of fields) {
        if (field.wrapper.hidden) continue;
        const {value, problem} = field.read();
        // an edit keeps a switch the stored config leaves out left out while it stays off: "off" and
        // "not set" mean the same to a connector, but the API compares destination keys as stored
        if (initial && field.item.type === 'Switch' && value === false && (initial[key] === undefined || initial[key] === null)) continue;
        if (problem) problems.push({path: key, message: problem});
        else if (value !== undefined) config[key] = value;
      }
      return {config, problems};
    },
    /** Shows each detail next to its field; returns the messages that concern no field. */
    showErrors(details) {
      const unplaced = [];
      let first = null;
      for (const detail of details) {
        const path = String(detail.path || '').replace(/^config\./, '');
        const key = path.split(/[.[]/)[0];
        const field = fields.get(key);
        if (field && !field.wrapper.hidden) {
          field.error(path === key ? detail.message : `${path}: ${detail.message}`);
          first = first || field;
        } else {
          unplaced.push(path ? `${path}: ${detail.message}` : detail.message);
        }
      }
      if (first) first.focus();
      return unplaced;
    },
    clearErrors() {
      for (const field of fields.values()) field.error(null);
    },
  };
}

function same(value, expected) {
  if (value === expected) return true;
  return value !== undefined && value !== null && String(value) === String(expected);
}

function makeField(item, value, editing) {
  const id = `field-${item.key}`;
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const describedBy = [item.description || item.tooltip ? helpId : null, errorId].filter(Boolean).join(' ');
  const errorEl = h('p', {class: 'field-error', id: errorId, hidden: true});
  const help = item.description || item.tooltip
    ? h('p', {class: 'help', id: helpId}, [item.description, item.tooltip].filter(Boolean).join(' ')) : null;
  const required = Boolean(item.required);
  const labelText = [item.label || item.key, required ? h('span', {class: 'required'}, ' (required)') : null];
  let control;
  let focusable;
  let read;
  const common = {id, name: item.key, 'aria-describedby': describedBy, required, 'aria-required': required ? 'true' : null};

  switch (item.type) {
    case 'Number': {
      // A text input: the raw text reaches the API, so "abc" gets the server's own message.
      control = h('input', {...common, type: 'text', inputmode: 'numeric', placeholder: item.placeholder || '',
        value: value === undefined || value === null ? '' : String(value)});
      read = () => {
        const text = control.value.trim();
        if (text === '') return {value: undefined};
        return {value: /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text};
      };
      break;
    }
    case 'MultilineText':
      control = h('textarea', {...common, rows: 4, placeholder: item.placeholder || '', value: value == null ? '' : String(value)});
      read = () => ({value: control.value === '' ? undefined : control.value});
      break;
    case 'Switch': {
      control = h('input', {...common, type: 'checkbox', role: 'switch', checked: value === true || value === 'true'});
      read = () => ({value: control.checked});
      const wrapper = h('div', {class: 'field switch', dataset: {key: item.key}},
        h('div', {class: 'switch-row'}, control, h('label', {for: id}, labelText)), help, errorEl);
      return finish(item, wrapper, control, read, errorEl);
    }
    case 'Select': {
      control = h('select', common,
        required ? null : h('option', {value: ''}, '(not set)'),
        (item.selectItems || []).map((s) => h('option', {value: JSON.stringify(s.value), selected: same(s.value, value)},
          s.title || String(s.value))));
      read = () => ({value: control.value === '' ? undefined : JSON.parse(control.value)});
      break;
    }
    case 'MultiSelect': {
      const chosen = Array.isArray(value) ? value : [];
      const boxes = (item.selectItems || []).map((s) => {
        const boxId = uid(id);
        const box = h('input', {type: 'checkbox', id: boxId, value: JSON.stringify(s.value),
          checked: chosen.some((c) => same(c, s.value))});
        return {box, el: h('div', {class: 'check'}, box, h('label', {for: boxId}, s.title || String(s.value)))};
      });
      const fieldset = h('fieldset', {id, 'aria-describedby': describedBy},
        h('legend', {}, labelText), boxes.map((b) => b.el));
      read = () => ({value: boxes.filter((b) => b.box.checked).map((b) => JSON.parse(b.box.value))});
      const wrapper = h('div', {class: 'field', dataset: {key: item.key}}, fieldset, help, errorEl);
      return finish(item, wrapper, boxes[0] ? boxes[0].box : fieldset, read, errorEl);
    }
    case 'Json': {
      const text = value === undefined || value === null ? '' : JSON.stringify(value, null, 2);
      control = h('textarea', {...common, class: 'code', rows: 6, spellcheck: 'false', placeholder: item.placeholder || '', value: text});
      read = () => {
        const raw = control.value.trim();
        if (raw === '') return {value: undefined};
        try {
          return {value: JSON.parse(raw)};
        } catch (e) {
          return {problem: `is not valid JSON: ${e.message}`};
        }
      };
      break;
    }
    case 'Text':
    default: {
      const secret = Boolean(item.isConfidential);
      control = h('input', {...common, type: secret ? 'password' : 'text', autocomplete: secret ? 'new-password' : 'off',
        placeholder: item.placeholder || '', value: value == null ? '' : String(value)});
      read = () => ({value: control.value === '' ? undefined : control.value});
      if (secret) {
        const toggle = h('button', {type: 'button', class: 'button subtle', 'aria-controls': id, 'aria-pressed': 'false'}, 'Show');
        toggle.addEventListener('click', () => {
          const show = control.type === 'password';
          control.type = show ? 'text' : 'password';
          toggle.setAttribute('aria-pressed', String(show));
          replace(toggle, show ? 'Hide' : 'Show');
        });
        const note = editing && value === MASK
          ? h('p', {class: 'help'}, 'Stored encrypted; leave ****** to keep it (while the server it goes to stays the same), or type a new value.') : null;
        const wrapper = h('div', {class: 'field', dataset: {key: item.key}},
          h('label', {for: id}, labelText), h('div', {class: 'inline'}, control, toggle), note, help, errorEl);
        return finish(item, wrapper, control, read, errorEl);
      }
    }
  }
  const extra = item.type === 'Json' && item.key === 'templates'
    ? h('div', {}, h('button', {type: 'button', class: 'button subtle', onclick: () => {
      control.value = JSON.stringify(STARTER_TEMPLATES, null, 2);
      control.dispatchEvent(new Event('input', {bubbles: true}));
    }}, 'Insert starter templates')) : null;
  const wrapper = h('div', {class: 'field', dataset: {key: item.key}}, h('label', {for: id}, labelText), control, extra, help, errorEl);
  return finish(item, wrapper, control, read, errorEl);
}

export function finish(item, wrapper, focusable, read, errorEl) {
  let hintEl = null;
  const field = {
    item, wrapper, read,
    focus: () => focusable.focus(),
    /** Shows (or, with null, removes) a warning about the field's value before anything is sent. */
    hint(message) {
      if (!hintEl && !message) return;
      if (!hintEl) {
        hintEl = h('p', {class: 'field-hint', id: uid(`hint-${item.key}`), role: 'status'});
        errorEl.before(hintEl);
        field.wrapper.querySelectorAll('input, select, textarea, fieldset').forEach((c) => {
          const ids = (c.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
          c.setAttribute('aria-describedby', [...ids, hintEl.id].join(' '));
        });
      }
      replace(hintEl, message || '');
      hintEl.hidden = !message;
    },
    error(message) {
      const controls = field.wrapper.querySelectorAll('input, select, textarea, fieldset');
      if (message) {
        replace(errorEl, message);
        errorEl.hidden = false;
        field.wrapper.classList.add('invalid');
        controls.forEach((c) => c.setAttribute('aria-invalid', 'true'));
      } else {
        replace(errorEl);
        errorEl.hidden = true;
        field.wrapper.classList.remove('invalid');
        controls.forEach((c) => c.removeAttribute('aria-invalid'));
      }
    },
  };
  return field;
}

/** Logto's required template types, with the {{code}} placeholder: a start a person edits. */
const STARTER_TEMPLATES = ['Register', 'SignIn', 'ForgotPassword', 'Generic'].map((usageType) => ({
  usageType,
  contentType: 'text/html',
  subject: {Register: 'Your sign-up code', SignIn: 'Your sign-in code', ForgotPassword: 'Your password reset code',
    Generic: 'Your verification code'}[usageType],
  content: '<p>Your verification code is <strong>{{code}}</strong>. It expires in 10 minutes.</p>',
}));
