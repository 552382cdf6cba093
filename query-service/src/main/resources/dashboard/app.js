// The dashboard's routes: #/account, #/account/{accountId} and #/analyst.

import * as account from './account.js';
import * as analyst from './analyst.js';

const views = {
  account: document.getElementById('view-account'),
  analyst: document.getElementById('view-analyst'),
};

function route() {
  const [, view = 'account', ...rest] = (location.hash || '#/account').split('/');
  const name = view === 'analyst' ? 'analyst' : 'account';
  for (const [key, section] of Object.entries(views)) {
    section.hidden = key !== name;
    document.getElementById(`nav-${key}`).classList.toggle('active', key === name);
  }
  if (name === 'analyst') {
    analyst.show();
    return;
  }
  account.show(decoded(rest.join('/')));
}

function decoded(text) {
  try {
    return decodeURIComponent(text);
  } catch (malformed) {
    return text;
  }
}

account.init(accountId => {
  const target = accountId ? `#/account/${encodeURIComponent(accountId)}` : '#/account';
  if (location.hash === target) {
    account.show(accountId);
  } else {
    location.hash = target;
  }
});
analyst.init();
window.addEventListener('hashchange', route);
route();
