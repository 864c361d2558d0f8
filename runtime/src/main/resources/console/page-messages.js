// Messages: the tenant's recent messages with status and attempts, filterable by status and usage type.
import {h, replace, time, badge, localized} from './dom.js';
import {get, query} from './api.js';

export const STATUSES = ['QUEUED', 'SENDING', 'DELIVERED', 'FAILED', 'EXPIRED', 'CANCELLED'];
const TYPES = ['Register', 'SignIn', 'ForgotPassword', 'Generic', 'OrganizationInvitation', 'UserPermissionValidation',
  'BindNewIdentifier', 'MfaVerification', 'BindMfa'];
const TONES = {DELIVERED: 'ok', FAILED: 'error', EXPIRED: 'warn', CANCELLED: 'muted', QUEUED: 'info', SENDING: 'info'};

/** The list out of an answer that is either an array or {messages|items: [...]}. */
export function listOf(answer) {
  if (Array.isArray(answer)) return answer;
  return (answer && (answer.messages || answer.items || answer.data)) || [];
}

export function statusBadge(status) {
  const s = String(status || '').toUpperCase();
  return badge(s.toLowerCase(), TONES[s] || '');
}

export async function messagesPage(el) {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const status = h('select', {id: 'filter-status', name: 'status'},
    h('option', {value: ''}, 'Any status'), STATUSES.map((s) => h('option', {value: s}, s.toLowerCase())));
  const type = h('select', {id: 'filter-type', name: 'type'},
    h('option', {value: ''}, 'Any usage type'), TYPES.map((t) => h('option', {value: t}, t)));
  status.value = params.get('status') || '';
  type.value = params.get('type') || '';
  const results = h('div', {id: 'messages-results'});
  const count = h('p', {class: 'muted', role: 'status', 'aria-live': 'polite'});

  // Stored connectors are named by their id in the chain: show which factory each one is.
  const names = new Map();
  try {
    const [connectors, factories] = await Promise.all([get('/api/connectors'), get('/api/connector-factories')]);
    const factoryNames = new Map(factories.map((f) => [f.id, localized(f.name)]));
    for (const c of connectors) names.set(c.id, factoryNames.get(c.factoryId) || c.factoryId);
  } catch (e) {
    // names are a convenience; the ids still say which connector it was
  }
  label = (name) => (names.has(name) ? [names.get(name), ' ', h('code', {class: 'id'}, name)] : name || '');

  const load = async () => {
    replace(count, 'Loading…');
    const answer = await get(`/api/messages${query({status: status.value, type: type.value, limit: 100})}`);
    const messages = listOf(answer);
    replace(count, messages.length === 1 ? '1 message.' : `${messages.length} messages.`);
    replace(results, messages.length ? table(messages) : h('p', {class: 'empty'}, 'No messages match.'));
  };
  const filters = h('form', {class: 'toolbar', role: 'search', 'aria-label': 'Filter messages'},
    h('div', {class: 'field'}, h('label', {for: 'filter-status'}, 'Status'), status),
    h('div', {class: 'field'}, h('label', {for: 'filter-type'}, 'Usage type'), type),
    h('div', {class: 'field actions'}, h('button', {type: 'submit', class: 'button'}, 'Refresh')));
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
  status.addEventListener('change', load);
  type.addEventListener('change', load);

  replace(el, h('h1', {}, 'Messages'),
    h('p', {class: 'lead'}, 'Recent messages of this tenant, newest first. Recipients and codes are never shown.'),
    filters, count, results);
  await load();
}

let label = (name) => name || '';

function table(messages) {
  return h('table', {class: 'data messages'},
    h('caption', {class: 'visually-hidden'}, 'Messages'),
    h('thead', {}, h('tr', {},
      h('th', {scope: 'col'}, 'Accepted'), h('th', {scope: 'col'}, 'Type'), h('th', {scope: 'col'}, 'Status'),
      h('th', {scope: 'col'}, 'Connector'), h('th', {scope: 'col'}, 'Attempts'), h('th', {scope: 'col'}, 'Message id'))),
    messages.map((m) => row(m)));
}

function row(m) {
  const attempts = Array.isArray(m.attempts) ? m.attempts : null;
  const detailId = `attempts-${m.id}`;
  const detail = h('tr', {class: 'attempts-row', id: detailId, hidden: true},
    h('td', {colspan: 6}, attempts ? attemptsTable(attempts, m) : h('p', {class: 'loading'}, 'Loading…')));
  const toggle = h('button', {type: 'button', class: 'button subtle small', 'aria-expanded': 'false', 'aria-controls': detailId},
    attempts ? `${attempts.length} ▾` : 'Show ▾');
  toggle.addEventListener('click', async () => {
    const open = detail.hidden;
    detail.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    if (open && !attempts) {
      const full = await get(`/api/messages/${encodeURIComponent(m.id)}`);
      replace(detail.firstChild, attemptsTable(full.attempts || [], full));
    }
  });
  return h('tbody', {dataset: {message: m.id, status: String(m.status || '')}},
    h('tr', {},
      h('td', {}, time(m.createdAt || m.acceptedAt)),
      h('td', {}, m.type || ''),
      h('td', {}, statusBadge(m.status), m.lastErrorCode ? h('span', {class: 'muted small'}, ` ${m.lastErrorCode}`) : null),
      h('td', {}, label(m.connector)),
      h('td', {}, toggle),
      h('td', {}, h('code', {class: 'id'}, m.id))),
    detail);
}

function attemptsTable(attempts, m) {
  if (!attempts.length) {
    return h('p', {class: 'muted'}, m.status === 'CANCELLED' ? 'Replaced by a newer message before it was sent.'
      : m.status === 'EXPIRED' ? 'Expired before an attempt could be made.' : 'No attempt yet.');
  }
  return h('table', {class: 'data attempts'},
    h('caption', {}, `Attempts of ${m.id}`),
    h('thead', {}, h('tr', {}, ['#', 'Connector', 'Started', 'Finished', 'Outcome', 'Error', 'Provider message id']
      .map((t) => h('th', {scope: 'col'}, t)))),
    h('tbody', {}, attempts.map((a) => h('tr', {},
      h('td', {}, String(a.number ?? '')),
      h('td', {}, label(a.connector)),
      h('td', {}, time(a.startedAt)),
      h('td', {}, time(a.finishedAt)),
      h('td', {}, a.outcome ? badge(String(a.outcome).toLowerCase().replace(/_/g, ' '),
        a.outcome === 'DELIVERED' ? 'ok' : a.outcome === 'PERMANENT_FAILURE' ? 'error' : 'warn') : ''),
      h('td', {}, a.errorCode ? [h('code', {}, a.errorCode), a.errorMessage ? ` ${a.errorMessage}` : ''] : ''),
      h('td', {}, a.providerMessageId ? h('code', {class: 'id'}, a.providerMessageId) : '')))));
}
