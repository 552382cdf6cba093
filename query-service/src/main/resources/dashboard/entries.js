// The newest entries of the account view, a page at a time. An entry's amounts are shown exactly
// as booked: an entry is the account's receipt.

import { getJson, isAbort } from './api.js';
import { dateTime, exactFigure, words } from './format.js';
import * as panels from './panels.js';
import { accountLink, nameLinks } from './names.js';

const ENTRIES_PAGE = 20;

const $ = id => document.getElementById(id);

/**
 * Shows a page of the account's entries, newest first: the first page replaces what was shown,
 * a later one ({@code cursor}) is added below. {@code isCurrent()} says whether the lookup is still shown.
 */
export async function loadEntries(lookup, cursor, isCurrent) {
  const panel = $('panel-entries');
  const query = `limit=${ENTRIES_PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
  let page;
  try {
    page = await getJson(`/accounts/${encodeURIComponent(lookup.accountId)}/entries?${query}`, lookup.controller.signal);
  } catch (failure) {
    if (isCurrent() && !isAbort(failure)) {
      panels.failed(panel, failure);
    }
    return;
  }
  if (!isCurrent()) {
    return;
  }
  const body = $('entries');
  if (!cursor) {
    body.replaceChildren();
  }
  const entries = page.entries || [];
  if (!cursor && entries.length === 0) {
    panels.empty(panel, 'No entries yet.');
    $('entries-more').hidden = true;
    return;
  }
  for (const entry of entries) {
    body.append(entryRow(entry, lookup.currency));
  }
  lookup.nextCursor = page.nextCursor || null;
  $('entries-more').hidden = !lookup.nextCursor;
  panels.ready(panel);
  await nameLinks(body, lookup.controller.signal);
}

function entryRow(entry, currency) {
  const credit = entry.direction === 'CREDIT';
  const counterparty = entry.counterpartyAccountId ? accountLink(entry.counterpartyAccountId) : '–';
  return panels.element('tr', {},
      panels.element('td', {}, dateTime(entry.occurredAt)),
      panels.element('td', {}, counterparty),
      panels.element('td', {}, entry.category || ''),
      panels.element('td', {}, entry.kind ? words(entry.kind) : ''),
      panels.element('td', {}, panels.element('span', { className: `badge ${entry.status}` }, words(entry.status))),
      panels.element('td', { className: `num ${credit ? 'credit' : 'debit'}` }, `${credit ? '+' : '−'}${exactFigure(entry.amount, currency)}`),
      panels.element('td', { className: 'num' }, exactFigure(entry.balanceAfter, currency)));
}
