// The names people know accounts by (an account's displayName, from its metadata), shown in place
// of ids: "Daily Herald" rather than daily-herald. An account without one keeps its id.

import { getJson } from './api.js';
import * as panels from './panels.js';

/** Names kept for this page's life; beyond this many the oldest are dropped. */
const NAMES_KEPT_MAX = 500;
/** Accounts asked for at once, so that a page of entries never floods query-service. */
const LOOKUPS_AT_ONCE_MAX = 6;

const names = new Map();

/** A link to the account's view, showing its id until its name is known (see {@link nameLinks}). */
export function accountLink(accountId) {
  const link = panels.element('a', { className: 'account-link', href: `#/account/${encodeURIComponent(accountId)}`,
    'data-account-id': accountId, title: accountId }, names.get(accountId) || accountId);
  return link;
}

/** Fills in the names of the account links inside {@code container}, asking query-service for those not known yet. */
export async function nameLinks(container, signal) {
  const links = [...container.querySelectorAll('a.account-link[data-account-id]')];
  const unknown = [...new Set(links.map(link => link.dataset.accountId))].filter(id => !names.has(id));
  for (let from = 0; from < unknown.length; from += LOOKUPS_AT_ONCE_MAX) {
    await Promise.allSettled(unknown.slice(from, from + LOOKUPS_AT_ONCE_MAX).map(id => learn(id, signal)));
    if (signal && signal.aborted) {
      return;
    }
  }
  for (const link of links) {
    const name = names.get(link.dataset.accountId);
    if (name) {
      link.textContent = name;
    }
  }
}

async function learn(accountId, signal) {
  try {
    const account = await getJson(`/accounts/${encodeURIComponent(accountId)}`, signal);
    remember(accountId, account.displayName || null);
  } catch (failure) {
    // An account that cannot be read keeps showing its id; the panel itself has nothing wrong.
  }
}

/** Names already in an answer (a search, an account looked up) need no request of their own. */
export function remember(accountId, displayName) {
  if (names.size >= NAMES_KEPT_MAX) {
    names.delete(names.keys().next().value);
  }
  names.set(accountId, displayName || null);
}

/** The account's name if known, else its id. */
export function nameOf(accountId) {
  return names.get(accountId) || accountId;
}
