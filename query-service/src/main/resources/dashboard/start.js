// The account view's start: find an account by the start of its id, reopen one of the last few
// opened, or go to the analyst view.

import { getJson, isAbort } from './api.js';
import { money } from './format.js';
import * as panels from './panels.js';
import { accountLink, nameLinks, remember as rememberName } from './names.js';

// Only account ids are remembered, never figures; they outlive the tab (localStorage) so that the
// accounts someone works on are one click away tomorrow, and signing out forgets them.
const RECENT_ITEM = 'micro-ledger.recent-accounts';
const RECENT_MAX = 6;
const RESULTS_MAX = 10;
const SEARCH_DELAY_MILLIS = 250;
const ID_PREFIX = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

const $ = id => document.getElementById(id);

let controller = null;
let timer = null;

export function init() {
  $('search').addEventListener('submit', event => {
    event.preventDefault();
    clearTimeout(timer);
    search();
  });
  $('search-prefix').addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(search, SEARCH_DELAY_MILLIS);
  });
}

export function show() {
  $('start').hidden = false;
  renderRecent();
  if (!$('search-prefix').value.trim()) {
    panels.empty($('panel-search'), 'Type the start of an account id, e.g. "a" for alice.');
  }
}

export function hide() {
  $('start').hidden = true;
}

export function recentAccounts() {
  try {
    const stored = JSON.parse(localStorage.getItem(RECENT_ITEM) || '[]');
    return Array.isArray(stored) ? stored.filter(id => typeof id === 'string' && ID_PREFIX.test(id)).slice(0, RECENT_MAX) : [];
  } catch (unreadable) {
    return [];
  }
}

/** Puts the account first among the recent ones. */
export function remember(accountId) {
  const recent = [accountId, ...recentAccounts().filter(id => id !== accountId)].slice(0, RECENT_MAX);
  try {
    localStorage.setItem(RECENT_ITEM, JSON.stringify(recent));
  } catch (full) {
    // A browser that keeps nothing still shows the account; it is only not remembered.
  }
}

export function forget() {
  localStorage.removeItem(RECENT_ITEM);
}

function idLink(accountId) {
  return panels.element('a', { className: 'account-link', href: `#/account/${encodeURIComponent(accountId)}` }, accountId);
}

function renderRecent() {
  const recent = recentAccounts();
  $('recent-accounts').replaceChildren(...recent.map(id => panels.element('li', {}, accountLink(id))));
  if (recent.length === 0) {
    panels.empty($('panel-recent'), 'The accounts you open show here.');
  } else {
    panels.ready($('panel-recent'));
    nameLinks($('recent-accounts'));
  }
}

async function search() {
  const panel = $('panel-search');
  const prefix = $('search-prefix').value.trim();
  if (controller) {
    controller.abort();
  }
  $('search-results').replaceChildren();
  if (!prefix) {
    panels.empty(panel, 'Type the start of an account id, e.g. "a" for alice.');
    document.body.dataset.searchState = 'empty';
    return;
  }
  if (!ID_PREFIX.test(prefix)) {
    panels.empty(panel, 'Account ids are letters, digits and . _ : - , starting with a letter or digit.');
    document.body.dataset.searchState = 'empty';
    return;
  }
  controller = new AbortController();
  const signal = controller.signal;
  panels.loading(panel, 'Searching…');
  document.body.dataset.searchState = 'loading';
  let page;
  try {
    page = await getJson(`/accounts?idPrefix=${encodeURIComponent(prefix)}&limit=${RESULTS_MAX}`, signal);
  } catch (failure) {
    if (!isAbort(failure) && !signal.aborted) {
      panels.failed(panel, failure);
      document.body.dataset.searchState = 'failed';
    }
    return;
  }
  if (signal.aborted) {
    return;
  }
  const accounts = page.accounts || [];
  if (accounts.length === 0) {
    panels.empty(panel, `No account id starts with "${prefix}".`);
    document.body.dataset.searchState = 'ready';
    return;
  }
  accounts.forEach(account => rememberName(account.accountId, account.displayName));
  // A search is by id, so the id leads; the name follows.
  $('search-results').replaceChildren(...accounts.map(account => panels.element('li', {}, idLink(account.accountId),
      panels.element('span', { className: 'sub' }, [account.displayName, account.kind.toLowerCase(),
        money(account.balance, account.currency), account.status === 'OPEN' ? null : account.status.toLowerCase()]
          .filter(Boolean).join(' · ')))));
  panels.ready(panel);
  if (page.nextCursor) {
    $('search-results').append(panels.element('li', { className: 'more' }, 'More accounts start like this: type more of the id.'));
  }
  document.body.dataset.searchState = 'ready';
}
