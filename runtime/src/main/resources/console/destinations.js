// A stored connector's secrets come back as ******, and the API keeps a masked secret only while
// every destination key (configSpec entries with destination: true — host, port, endpoint, region,
// TLS trust) keeps its stored value; otherwise the stored secret would go to a server its owner
// never chose, so the API refuses the save or test send (400 connector.invalid_config). This module
// finds what the API would refuse, the way the runtime's ConfigSecrets does, so the console can say
// so next to the secret while the person edits, and send nothing until the secret is typed again.
import {MASK} from './form.js';

/**
 * Watches an edit of a stored connector.
 * @param spec the factory's configSpec
 * @param stored the stored connector's config as the API shows it (secrets masked)
 * @param form the form built by buildForm (its fields get the hints)
 * @param readConfig () => the config the page holds now, or null while it cannot be read
 * @param otherHint (message | null) => shows a hint for secrets that have no field of their own
 */
export function secretGuard({spec, stored, form, readConfig, otherHint}) {
  const labels = new Map([...form.fields].map(([key, field]) => [key, field.item.label || key]));
  const shown = new Map(); // key of a field -> the hint it shows
  const errored = new Set(); // keys whose field shows this guard's refusal as an error

  /** One problem per secret still masked while a destination changed: {path, key, message}. */
  const problems = (config) => {
    if (!config) return [];
    const masked = maskedSecrets(spec, config, stored);
    if (!masked.length) return [];
    const changed = changedDestinations(spec, config, stored);
    if (!changed.length) return [];
    const names = list(changed.map((path) => labels.get(path) || path));
    return masked.map((path) => ({
      path, key: path.split(/[.[]/)[0],
      message: `Changing ${names} sends the stored ${path} to another server: enter ${path} again `
        + `(in place of ${MASK}) to save or send a test.`,
    }));
  };

  /** Shows each problem's hint next to its field; clears the hints and refusals that no longer apply. */
  const update = () => {
    const config = readConfig();
    if (config === null) return; // e.g. unparseable JSON: keep what is shown until it parses
    const found = problems(config);
    const byKey = new Map();
    for (const p of found) byKey.set(p.key, [...(byKey.get(p.key) || []), p.message]);
    const elsewhere = [];
    for (const [key, field] of form.fields) {
      const messages = field.wrapper.hidden ? null : byKey.get(key);
      if (messages) byKey.delete(key);
      if (!messages && errored.has(key)) {
        field.error(null);
        errored.delete(key);
      }
      // a refusal shown as the field's error says the same: one message is enough
      const hint = messages && !field.wrapper.classList.contains('invalid') ? messages.join(' ') : null;
      if (shown.get(key) !== hint) {
        field.hint(hint);
        shown.set(key, hint);
      }
    }
    for (const messages of byKey.values()) elsewhere.push(...messages);
    otherHint(elsewhere.length ? elsewhere.join(' ') : null);
  };

  return {
    update,
    /** The API's refusal, as details for the form ({path: 'config.…', message}); remembers what it placed. */
    refusal(config) {
      const found = problems(config);
      for (const p of found) errored.add(p.key);
      return found.map((p) => ({path: `config.${p.path}`, message: p.message}));
    },
  };
}

/** Paths of the secrets in config that are still the mask of a secret stored at the same path. */
export function maskedSecrets(spec, config, stored, prefix = '') {
  const out = [];
  for (const key of spec || []) {
    if (!isObject(config) || !(key.key in config)) continue;
    const path = prefix ? `${prefix}.${key.key}` : key.key;
    const value = config[key.key];
    const old = isObject(stored) ? stored[key.key] : undefined;
    if (key.secret) {
      if (value === MASK && old !== undefined && old !== null) out.push(path);
    } else if (key.fields && key.type === 'object' && isObject(value)) {
      out.push(...maskedSecrets(key.fields, value, old, path));
    } else if (key.fields && key.type === 'list' && Array.isArray(value)) {
      const oldList = Array.isArray(old) ? old : [];
      value.forEach((item, i) => out.push(...maskedSecrets(key.fields, item, oldList[i], `${path}[${i}]`)));
    }
  }
  return out;
}

/** Paths of the destination keys whose value differs from the stored one (a missing value is the key's default). */
export function changedDestinations(spec, config, stored) {
  const now = new Map();
  const before = new Map();
  destinations(spec, config, '', now);
  destinations(spec, stored, '', before);
  const paths = [...new Set([...now.keys(), ...before.keys()])];
  return paths.filter((path) => JSON.stringify(now.get(path) ?? null) !== JSON.stringify(before.get(path) ?? null));
}

function destinations(spec, map, prefix, out) {
  const values = isObject(map) ? map : {};
  for (const key of spec || []) {
    const path = prefix ? `${prefix}.${key.key}` : key.key;
    const value = values[key.key];
    if (key.destination) out.set(path, comparable(value === undefined || value === null ? key.default : value));
    if (key.fields && key.type === 'object' && isObject(value)) {
      destinations(key.fields, value, path, out);
    } else if (key.fields && key.type === 'list' && Array.isArray(value)) {
      value.forEach((item, i) => { if (isObject(item)) destinations(key.fields, item, `${path}[${i}]`, out); });
    }
  }
}

const NUMERIC = /^-?\d+(\.\d+)?$/;

/** A value as the spec's coercion compares it: 587, 587.0 and "587" are one port; objects by their entries. */
function comparable(value) {
  if (typeof value === 'number' && NUMERIC.test(String(value))) return plainNumber(String(value));
  if (typeof value === 'string' && NUMERIC.test(value.trim())) return plainNumber(value.trim());
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return String(value);
  if (Array.isArray(value)) return value.map(comparable);
  if (isObject(value)) return Object.fromEntries(Object.keys(value).sort().map((k) => [k, comparable(value[k])]));
  return value ?? null;
}

/** Numeric text without leading zeros or trailing fraction zeros (Java's stripTrailingZeros().toPlainString()). */
function plainNumber(text) {
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace(/^-/, '').split('.');
  const digits = whole.replace(/^0+(?=\d)/, '');
  const rest = fraction.replace(/0+$/, '');
  const plain = rest ? `${digits}.${rest}` : digits;
  return negative && plain !== '0' ? `-${plain}` : plain;
}

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function list(names) {
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
