// The API client: the admin key lives in sessionStorage (gone when the tab closes) and travels only
// in the Authorization header, never in a URL.

const KEY = 'authmail.key';
const TENANT = 'authmail.tenant';

export const session = {
  get key() { return sessionStorage.getItem(KEY); },
  get tenant() { return sessionStorage.getItem(TENANT) || ''; },
  signIn(key, tenant) {
    sessionStorage.setItem(KEY, key);
    if (tenant) sessionStorage.setItem(TENANT, tenant); else sessionStorage.removeItem(TENANT);
  },
  signOut() {
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(TENANT);
  },
};

/** An error answer: {code, message, details?} with its HTTP status; body is the whole answer. */
export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
    this.code = (body && body.code) || `http.${status}`;
    this.details = (body && Array.isArray(body.details)) ? body.details : [];
  }
}

/** Calls the API; resolves to the parsed JSON (null for no content), rejects with ApiError. */
export async function api(method, path, body, options = {}) {
  const headers = {Accept: 'application/json'};
  const key = options.key || session.key;
  if (key) headers.Authorization = `Bearer ${key}`;
  const tenant = options.tenant === undefined ? session.tenant : options.tenant;
  if (tenant) headers['Authmail-Tenant'] = tenant;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method, headers, cache: 'no-store', credentials: 'omit',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, {code: 'network', message: `The server cannot be reached (${e.message}).`});
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      data = {code: `http.${response.status}`, message: text.slice(0, 200)};
    }
  }
  if (response.status === 401 && !options.key) {
    window.dispatchEvent(new CustomEvent('authmail:unauthorized'));
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

export const get = (path, options) => api('GET', path, undefined, options);
export const post = (path, body) => api('POST', path, body);
export const patch = (path, body) => api('PATCH', path, body);
export const put = (path, body) => api('PUT', path, body);
export const del = (path) => api('DELETE', path);

/** Query string from an object, skipping empty values. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
