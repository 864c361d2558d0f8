// Connectors: the tenant's chain (primary first, then fallbacks), each connector's factory, status
// (healthy / circuit open / failing) and recent delivery counts; reorder, enable, delete.
import {h, replace, localized, badge} from './dom.js';
import {get, put, patch, del, query, session, ApiError} from './api.js';
import {factoryLogo} from './page-setup.js';
import {listOf} from './page-messages.js';
import {flash} from './app.js';

export async function connectorsPage(el) {
  const [connectors, factories, health, recent] = await Promise.all([
    get('/api/connectors'),
    get('/api/connector-factories'),
    get('/health').catch((e) => (e instanceof ApiError && e.body && e.body.status ? e.body : null)),
    get(`/api/messages${query({limit: RECENT})}`).catch(() => []),
  ]);
  const status = summarize(health, listOf(recent));
  const byId = new Map(factories.map((f) => [f.id, f]));
  const list = h('div', {id: 'chain'});

  const render = (items) => {
    if (!items.length) {
      const configured = status && Array.isArray(status.configChain) ? status.configChain : [];
      replace(list,
        h('div', {class: 'card empty-chain'},
          h('p', {}, 'This tenant has no stored connectors.'),
          configured.length
            ? [h('p', {}, 'It sends through the configuration file\'s chain (primary first):'),
              h('ol', {class: 'config-chain'}, configured.map((c) => {
                const info = status.connectors[c.name] || {};
                return h('li', {}, h('code', {}, c.name), ' ',
                  badge(info.circuit === 'OPEN' ? 'circuit open' : info.failing ? 'failing' : 'healthy',
                    info.circuit === 'OPEN' ? 'error' : info.failing ? 'warn' : 'ok'),
                  ` delivered ${info.counts ? info.counts.delivered : 0}, failed ${info.counts ? info.counts.failed : 0}`);
              })),
              h('p', {}, 'Storing a connector here replaces that chain for this tenant.')]
            : null,
          h('p', {}, h('a', {class: 'button primary', href: '#/setup'}, 'Set up a connector'))));
      return;
    }
    replace(list, h('ol', {class: 'chain', 'aria-label': 'Connector chain, primary first'},
      items.map((c, i) => item(c, i, items))));
  };

  const item = (c, i, items) => {
    const factory = byId.get(c.factoryId);
    const info = (status && status.connectors && status.connectors[c.id]) || {};
    const state = !c.enabled ? ['disabled', 'muted'] : info.circuit === 'OPEN' ? ['circuit open', 'error']
      : info.circuit === 'HALF_OPEN' ? ['circuit half-open', 'warn'] : info.failing ? ['failing', 'warn'] : ['healthy', 'ok'];
    const counts = info.counts || {};
    const move = async (delta) => {
      const ids = items.map((x) => x.id);
      const [moved] = ids.splice(i, 1);
      ids.splice(i + delta, 0, moved);
      try {
        const reordered = await put('/api/connectors/order', {ids});
        render(listOf(reordered).length ? listOf(reordered) : await get('/api/connectors'));
        // Keep the keyboard where it was: on the moved connector's button (the other one at an end).
        const row = list.querySelector(`[data-connector="${CSS.escape(moved)}"]`);
        const same = row && row.querySelector(`.move-${delta < 0 ? 'up' : 'down'}`);
        const button = same && !same.disabled ? same : row && row.querySelector(`.move-${delta < 0 ? 'down' : 'up'}:not([disabled])`);
        if (button) button.focus();
        flash(`Moved ${localized(factory ? factory.name : c.factoryId)} to position ${i + delta + 1}.`, 'ok');
      } catch (e) {
        flash(`Could not reorder: ${e.message}`, 'error');
      }
    };
    const toggle = async () => {
      try {
        await patch(`/api/connectors/${encodeURIComponent(c.id)}`, {enabled: !c.enabled});
        render(await get('/api/connectors'));
      } catch (e) {
        flash(`Could not change it: ${e.message}`, 'error');
      }
    };
    const remove = async () => {
      if (!window.confirm(`Delete this ${localized(factory ? factory.name : c.factoryId)} connector?`)) return;
      try {
        await del(`/api/connectors/${encodeURIComponent(c.id)}`);
        flash('Connector deleted.', 'ok');
        render(await get('/api/connectors'));
      } catch (e) {
        flash(`Could not delete it: ${e instanceof ApiError ? e.message : e}`, 'error');
      }
    };
    const role = i === 0 ? 'Primary' : `Fallback ${i}`;
    return h('li', {class: 'card connector', dataset: {connector: c.id, factory: c.factoryId}},
      h('div', {class: 'connector-head'},
        h('span', {class: 'position'}, role),
        factoryLogo(factory),
        h('div', {class: 'connector-title'},
          h('h2', {}, h('a', {href: `#/connectors/${encodeURIComponent(c.id)}`}, localized(factory ? factory.name : c.factoryId))),
          h('p', {class: 'muted'}, h('code', {}, c.factoryId), ' · id ', h('code', {}, c.id))),
        h('span', {class: 'connector-status', dataset: {status: state[0]}}, badge(state[0], state[1]))),
      h('dl', {class: 'counts'},
        count('Delivered', counts.delivered), count('Failed', counts.failed), count('Retried', counts.retried),
        count('In queue', counts.queued)),
      info.lastError ? h('p', {class: 'muted small'}, 'Last error: ', h('code', {}, info.lastError)) : null,
      h('div', {class: 'actions'},
        h('button', {type: 'button', class: 'button subtle move-up', disabled: i === 0,
          'aria-label': `Move ${role} up`, onclick: () => move(-1)}, '↑ Up'),
        h('button', {type: 'button', class: 'button subtle move-down', disabled: i === items.length - 1,
          'aria-label': `Move ${role} down`, onclick: () => move(1)}, '↓ Down'),
        h('a', {class: 'button subtle', href: `#/connectors/${encodeURIComponent(c.id)}`}, 'Edit'),
        h('button', {type: 'button', class: 'button subtle', onclick: toggle}, c.enabled ? 'Disable' : 'Enable'),
        h('button', {type: 'button', class: 'button subtle danger', onclick: remove}, 'Delete')));
  };

  replace(el,
    h('div', {class: 'page-head'},
      h('h1', {}, 'Connectors'),
      h('a', {class: 'button primary', href: '#/setup'}, 'Add a connector')),
    h('p', {class: 'lead'}, `How tenant ${session.tenant || 'default'} sends email: the primary first; when it fails or its circuit is open, the next one takes over.`),
    h('p', {class: 'muted small'}, `Delivery counts are attempts among the latest ${RECENT} messages; the status comes from /health (circuit breakers) and the latest attempt.`),
    list);
  render(connectors);
}

const RECENT = 200;

/**
 * Per connector name: its circuit state (from /health, for the chain the tenant actually sends
 * through), attempt counts among recent messages, whether its latest attempt failed and with what.
 */
function summarize(health, messages) {
  const tenant = session.tenant || 'default';
  const chain = (health && health.tenants && health.tenants[tenant] && health.tenants[tenant].connectors) || [];
  const connectors = {};
  const of = (name) => (connectors[name] = connectors[name] || {counts: {delivered: 0, failed: 0, retried: 0, queued: 0}});
  for (const c of chain) of(c.name).circuit = c.circuit;
  // Messages come newest first, so the first attempt seen of a connector is its latest.
  for (const m of messages) {
    if ((m.status === 'QUEUED' || m.status === 'SENDING') && m.connector) of(m.connector).counts.queued += 1;
    const attempts = Array.isArray(m.attempts) ? [...m.attempts].reverse() : [];
    for (const a of attempts) {
      if (!a.connector) continue;
      const info = of(a.connector);
      const delivered = a.outcome === 'DELIVERED';
      if (delivered) info.counts.delivered += 1;
      else if (a.outcome === 'RETRYABLE_FAILURE') info.counts.retried += 1;
      else info.counts.failed += 1;
      if (info.failing === undefined) {
        info.failing = !delivered;
        if (!delivered) info.lastError = [a.errorCode, a.errorMessage].filter(Boolean).join(': ');
      }
    }
  }
  return {connectors, configChain: chain.map((c) => ({name: c.name}))};
}

function count(label, value) {
  return h('div', {}, h('dt', {}, label), h('dd', {}, value === undefined || value === null ? '–' : String(value)));
}
