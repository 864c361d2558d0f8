// Domains: the sender-domain doctor (GET /api/domains/{domain}/check). Each check shows pass, warn or
// fail, what DNS holds and the exact record to publish.
import {h, replace, badge, spinner} from './dom.js';
import {get, query, ApiError} from './api.js';

const TONE = {pass: 'ok', warn: 'warn', fail: 'error'};

export function domainsPage(el) {
  const domain = h('input', {id: 'domain-name', name: 'domain', type: 'text', placeholder: 'example.com',
    autocomplete: 'off', required: true, 'aria-describedby': 'domain-help'});
  const selector = h('input', {id: 'domain-selector', name: 'selector', type: 'text', placeholder: 's2026',
    autocomplete: 'off', 'aria-describedby': 'selector-help'});
  const result = h('div', {id: 'domain-result', 'aria-live': 'polite'});
  const form = h('form', {class: 'card', 'aria-labelledby': 'domain-form-title', novalidate: true},
    h('h2', {id: 'domain-form-title'}, 'Check a sender domain'),
    h('div', {class: 'field'}, h('label', {for: 'domain-name'}, 'Domain'), domain,
      h('p', {class: 'help', id: 'domain-help'}, 'The domain of your From address.')),
    h('div', {class: 'field'}, h('label', {for: 'domain-selector'}, 'DKIM selectors (optional)'), selector,
      h('p', {class: 'help', id: 'selector-help'},
        'Besides the keys your connectors sign with; comma-separated.')),
    h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'button primary'}, 'Check')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = domain.value.trim();
    if (!name) {
      replace(result, h('p', {class: 'field-error', role: 'alert'}, 'Enter a domain.'));
      domain.focus();
      return;
    }
    replace(result, spinner('Asking DNS…'));
    try {
      const report = await get(`/api/domains/${encodeURIComponent(name)}/check${query({selector: selector.value.trim()})}`);
      replace(result, render(report));
    } catch (e) {
      replace(result, h('p', {class: 'error', role: 'alert'},
        e instanceof ApiError ? `${e.code || ''} ${e.message}` : `The check failed: ${e.message}`));
    }
  });
  replace(el, h('h1', {}, 'Domains'),
    h('p', {class: 'lead'}, 'Whether receivers will trust mail from your domain: MX, SPF, DKIM and DMARC.'),
    form, result);
}

function render(report) {
  return h('section', {class: 'card domain-report', 'aria-labelledby': 'domain-report-title'},
    h('h2', {id: 'domain-report-title'}, report.domain, ' ', badge(report.status, TONE[report.status])),
    h('p', {class: 'muted'}, `Asked ${report.resolver}.`),
    h('ul', {class: 'domain-checks'}, report.checks.map((c) => h('li', {dataset: {check: c.check}},
      h('h3', {}, badge(c.status, TONE[c.status]), ' ', c.check),
      h('p', {}, c.detail),
      c.found ? h('p', {class: 'muted'}, 'Found: ', h('code', {}, c.found)) : h('p', {class: 'muted'}, 'Nothing found.'),
      c.fix ? h('div', {class: 'fix'},
        h('p', {}, `Publish this ${c.fix.type} record at `, h('code', {}, c.fix.name), ':'),
        h('pre', {class: 'email-text'}, c.fix.value)) : null))));
}
