// Suppressions: the tenant's list of addresses not to send to (GET/POST/DELETE /api/suppressions).
// Hard bounces, complaints and manual entries block sends; soft bounces are only recorded.
import {h, replace, time, badge} from './dom.js';
import {get, post, del, query, ApiError} from './api.js';
import {flash} from './app.js';

const REASONS = ['hard-bounce', 'complaint', 'manual', 'soft-bounce'];
const TONES = {'hard-bounce': 'error', complaint: 'error', manual: 'warn', 'soft-bounce': 'muted'};

export async function suppressionsPage(el) {
  const filter = h('select', {id: 'suppression-filter', name: 'reason'},
    h('option', {value: ''}, 'Any reason'), REASONS.map((r) => h('option', {value: r}, r)));
  const results = h('div', {id: 'suppression-results'});
  const count = h('p', {class: 'muted', role: 'status', 'aria-live': 'polite'});

  const load = async () => {
    replace(count, 'Loading…');
    const entries = await get(`/api/suppressions${query({reason: filter.value, limit: 1000})}`);
    replace(count, entries.length === 1 ? '1 address.' : `${entries.length} addresses.`);
    replace(results, entries.length ? table(entries, load) : h('p', {class: 'empty'}, 'No address is listed.'));
  };
  filter.addEventListener('change', load);

  const address = h('input', {id: 'suppression-address', name: 'address', type: 'email', autocomplete: 'off',
    required: true, placeholder: 'jane@example.com', 'aria-describedby': 'suppression-address-help'});
  const reason = h('select', {id: 'suppression-reason', name: 'reason'},
    REASONS.map((r) => h('option', {value: r, selected: r === 'manual' ? true : undefined}, r)));
  const error = h('p', {class: 'field-error', id: 'suppression-error', role: 'alert'});
  const form = h('form', {class: 'card', 'aria-labelledby': 'suppression-form-title', novalidate: true},
    h('h2', {id: 'suppression-form-title'}, 'Add an address'),
    h('div', {class: 'field'}, h('label', {for: 'suppression-address'}, 'Address'), address,
      h('p', {class: 'help', id: 'suppression-address-help'},
        'Sends to it are refused with 422 recipient.suppressed (unless the reason is soft-bounce).')),
    h('div', {class: 'field'}, h('label', {for: 'suppression-reason'}, 'Reason'), reason),
    error,
    h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'button primary'}, 'Add')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(error);
    const value = address.value.trim();
    if (!value) {
      replace(error, 'Enter an address.');
      address.focus();
      return;
    }
    try {
      await post('/api/suppressions', {address: value, reason: reason.value});
      address.value = '';
      flash('Address added to the suppression list.', 'ok');
      await load();
    } catch (e) {
      replace(error, e instanceof ApiError ? e.message : `Could not add it: ${e.message}`);
    }
  });

  replace(el, h('h1', {}, 'Suppressions'),
    h('p', {class: 'lead'}, 'Addresses that bounced or complained, from provider events, SMTP refusals and by hand.'),
    form,
    h('form', {class: 'toolbar', role: 'search', 'aria-label': 'Filter suppressions'},
      h('div', {class: 'field'}, h('label', {for: 'suppression-filter'}, 'Show reason'), filter)),
    count, results);
  await load();
}

function table(entries, reload) {
  return h('table', {class: 'data suppressions'},
    h('caption', {class: 'visually-hidden'}, 'Suppressed addresses'),
    h('thead', {}, h('tr', {}, ['Address', 'Reason', 'Source', 'First seen', 'Last seen', 'Count', '']
      .map((t) => h('th', {scope: 'col'}, t)))),
    h('tbody', {}, entries.map((s) => h('tr', {dataset: {address: s.address}},
      h('td', {}, h('code', {}, s.address)),
      h('td', {}, badge(s.reason, TONES[s.reason] || ''), s.blocks ? '' : h('span', {class: 'muted small'}, ' recorded only')),
      h('td', {}, h('code', {}, s.source)),
      h('td', {}, time(s.firstSeen)),
      h('td', {}, time(s.lastSeen)),
      h('td', {}, String(s.count)),
      h('td', {}, h('button', {type: 'button', class: 'button subtle small remove', 'aria-label': `Remove ${s.address}`,
        onclick: async () => {
          try {
            await del(`/api/suppressions/${encodeURIComponent(s.address)}`);
            flash('Address removed: sends to it are accepted again.', 'ok');
            await reload();
          } catch (e) {
            flash(`Could not remove it: ${e.message}`, 'error');
          }
        }}, 'Remove'))))));
}
