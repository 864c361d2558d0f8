// Building the DOM without HTML strings: every value goes in as text (textContent / attributes),
// so data from the API can never become markup. innerHTML is never used.

const PROPERTIES = new Set(['value', 'checked', 'selected', 'disabled', 'srcdoc', 'hidden', 'multiple', 'readOnly', 'required']);

/** h('button', {type: 'button', onclick: f}, 'Save') → an element; children are nodes or text. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      el.className = value;
    } else if (name === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (PROPERTIES.has(name)) {
      el[name] = value;
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces an element's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

let ids = 0;
/** A fresh id for label/aria wiring. */
export function uid(prefix) {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** A localized text from a {languageTag: text} map: the browser's language, else English. */
export function localized(texts) {
  if (!texts) return '';
  if (typeof texts === 'string') return texts;
  for (const tag of navigator.languages || []) {
    if (texts[tag]) return texts[tag];
    const language = tag.split('-')[0];
    if (texts[language]) return texts[language];
  }
  return texts.en || Object.values(texts)[0] || '';
}

/** A date-time for people, in their locale; the ISO value stays in a <time>. */
export function time(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return h('time', {datetime: date.toISOString(), title: date.toISOString()},
    date.toLocaleString(undefined, {dateStyle: 'short', timeStyle: 'medium'}));
}

/** A sandboxed frame showing an email's HTML: no scripts, no same origin, no forms, no navigation. */
export function emailFrame(html, title) {
  return h('iframe', {class: 'email-frame', sandbox: '', referrerpolicy: 'no-referrer', title, srcdoc: html || ''});
}

/** A status badge. */
export function badge(text, tone) {
  return h('span', {class: `badge ${tone || ''}`}, text);
}

export function spinner(label) {
  return h('p', {class: 'loading', role: 'status'}, label || 'Loading…');
}
