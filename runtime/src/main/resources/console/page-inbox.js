// Inbox: the capture inbox (the embedded default transport): list, and read each email as HTML (in a
// sandboxed frame) and as text.
import {h, replace, time, emailFrame} from './dom.js';
import {get, query, ApiError} from './api.js';

export async function inboxPage(el, id) {
  const filter = h('input', {id: 'inbox-to', type: 'search', placeholder: 'user@example.com', autocomplete: 'off'});
  const list = h('div', {class: 'inbox-list', id: 'inbox-list'});
  const reader = h('div', {class: 'inbox-reader', id: 'inbox-reader'});
  const status = h('p', {class: 'muted', role: 'status', 'aria-live': 'polite'});

  const load = async () => {
    const emails = await get(`/api/inbox${query({to: filter.value.trim(), limit: 100})}`);
    replace(status, emails.length === 1 ? '1 email.' : `${emails.length} emails.`);
    replace(list, emails.length
      ? h('ul', {class: 'inbox-items'}, emails.map((e) => h('li', {},
        h('a', {href: `#/inbox/${encodeURIComponent(e.id)}`, class: 'inbox-item', dataset: {email: e.id},
          'aria-current': e.id === id ? 'true' : null},
          h('span', {class: 'subject'}, e.subject || '(no subject)'),
          h('span', {class: 'meta'}, `To ${e.to}`),
          h('span', {class: 'meta'}, time(e.receivedAt), e.type ? ` · ${e.type}` : '')))))
      : h('p', {class: 'empty'}, 'No captured emails yet. Send a test with the built-in service to see one here.'));
  };
  const form = h('form', {class: 'toolbar', role: 'search', 'aria-label': 'Filter the inbox'},
    h('div', {class: 'field'}, h('label', {for: 'inbox-to'}, 'Recipient'), filter),
    h('div', {class: 'field actions'}, h('button', {type: 'submit', class: 'button'}, 'Filter')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });

  replace(el, h('h1', {}, 'Inbox'),
    h('p', {class: 'lead'}, 'Emails captured by the built-in platform transport: nothing left this machine.'),
    form, status,
    h('div', {class: id ? 'inbox-layout reading' : 'inbox-layout'}, list, reader));
  await load();
  if (id) {
    await read(reader, id);
  } else {
    replace(reader, h('p', {class: 'muted'}, 'Choose an email to read it.'));
  }
}

async function read(reader, id) {
  let email;
  try {
    email = await get(`/api/inbox/${encodeURIComponent(id)}`);
  } catch (e) {
    replace(reader, h('p', {class: 'error', role: 'alert'}, e instanceof ApiError && e.status === 404
      ? 'This email is no longer in the inbox.' : `${e.code || ''} ${e.message}`));
    return;
  }
  const panels = {
    html: h('div', {id: 'panel-html', role: 'tabpanel', 'aria-labelledby': 'tab-html'},
      email.html ? emailFrame(email.html, `Email: ${email.subject}`) : h('p', {class: 'muted'}, 'This email has no HTML part.')),
    text: h('div', {id: 'panel-text', role: 'tabpanel', 'aria-labelledby': 'tab-text', hidden: true},
      h('pre', {class: 'email-text'}, email.text || '')),
    headers: h('div', {id: 'panel-headers', role: 'tabpanel', 'aria-labelledby': 'tab-headers', hidden: true},
      h('dl', {class: 'email-meta'}, Object.entries(email.headers || {}).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]))),
  };
  const names = {html: 'HTML', text: 'Text', headers: 'Headers'};
  const tabs = Object.keys(panels).map((key, i) => h('button', {type: 'button', role: 'tab', id: `tab-${key}`,
    'aria-controls': `panel-${key}`, 'aria-selected': String(i === 0), tabindex: i === 0 ? '0' : '-1'}, names[key]));
  const select = (tab) => {
    tabs.forEach((t) => {
      const on = t === tab;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
      panels[t.id.slice(4)].hidden = !on;
    });
    tab.focus();
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => select(tab));
    tab.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowRight') select(tabs[(i + 1) % tabs.length]);
      if (event.key === 'ArrowLeft') select(tabs[(i + tabs.length - 1) % tabs.length]);
    });
  });
  replace(reader,
    h('article', {class: 'card email', 'aria-labelledby': 'email-subject'},
      h('p', {class: 'breadcrumb mobile-only'}, h('a', {href: '#/inbox'}, '← All emails')),
      h('h2', {id: 'email-subject'}, email.subject),
      h('dl', {class: 'email-meta'},
        h('dt', {}, 'From'), h('dd', {}, email.fromName ? `${email.fromName} <${email.from || ''}>` : (email.from || '')),
        h('dt', {}, 'To'), h('dd', {}, email.to),
        email.replyTo ? [h('dt', {}, 'Reply to'), h('dd', {}, email.replyTo)] : null,
        h('dt', {}, 'Received'), h('dd', {}, time(email.receivedAt)),
        email.type ? [h('dt', {}, 'Usage type'), h('dd', {}, email.type)] : null,
        email.messageId ? [h('dt', {}, 'Message id'), h('dd', {}, h('code', {}, email.messageId))] : null),
      h('div', {role: 'tablist', 'aria-label': 'Show the email as', class: 'tabs'}, tabs),
      panels.html, panels.text, panels.headers));
}
