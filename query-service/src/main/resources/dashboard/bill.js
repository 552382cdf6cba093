// The bill panel of the account view: a postpaid account's open bill (or its latest), with its
// lines and CSV downloads. A bill's amounts are shown exactly: they are what is paid.

import { chartNumber, dateTime, exactMoney, wholeNumber, words } from './format.js';
import * as panels from './panels.js';
import { accountLink, nameLinks } from './names.js';

/** Bills read to find the open one: a year of monthly bills. */
export const BILLS_READ = 12;
/** The most bills query-service answers with at once, for the CSV of all of them. */
const BILLS_MAX = 120;

const $ = id => document.getElementById(id);

export function isPostpaid(account) {
  return account.kind === 'USER' && chartNumber(account.creditLimit) > 0;
}

/** The bill still to pay, as that is what matters; without one, the newest bill. */
export function billToShow(bills) {
  return bills.find(bill => bill.status === 'OPEN') || bills[0] || null;
}

/** Fills the panel; the promise settles once the merchants' names are in. */
export function renderBill(answer, account, signal) {
  const panel = $('panel-bill');
  const bills = answer.bills || [];
  const bill = billToShow(bills);
  const body = $('bill-lines');
  body.replaceChildren();
  if (!bill) {
    $('bill-title').textContent = 'Bill';
    panels.empty(panel, 'No bill yet: the billing period closes at the end of the month.');
    return;
  }
  panel.hidden = false;
  const currency = bill.currency;
  const status = bill.overdue ? 'OVERDUE' : bill.status;
  $('bill-title').textContent = bill.status === 'OPEN' ? 'Open bill' : 'Latest bill';
  panels.facts($('bill-facts'), [
    ['Status', panels.element('span', { className: `badge bill ${status}` }, words(status))],
    ['Period', `${dateTime(bill.periodStart)} – ${dateTime(bill.periodEnd)}`],
    ['Amount due', exactMoney(bill.amountDue, currency)],
    ['Paid', exactMoney(bill.amountPaid, currency)],
    ['Due', dateTime(bill.dueAt)],
    ['Issued', dateTime(bill.issuedAt)],
  ]);
  for (const line of bill.lines || []) {
    body.append(panels.element('tr', {},
        panels.element('td', {}, accountLink(line.merchantAccountId)),
        panels.element('td', {}, line.category || ''),
        panels.element('td', { className: 'num' }, wholeNumber(line.count)),
        panels.element('td', { className: 'num' }, exactMoney(line.total, currency))));
  }
  const payments = (bill.lines || []).reduce((sum, line) => sum + (Number(line.count) || 0), 0);
  body.append(panels.element('tr', { className: 'total' }, panels.element('td', {}, 'Total'), panels.element('td', {}),
      panels.element('td', { className: 'num' }, wholeNumber(payments)),
      panels.element('td', { className: 'num' }, exactMoney(bill.amountDue, currency))));
  const accountId = encodeURIComponent(account.accountId);
  panels.csvTarget($('bill-csv'), `/bills/${encodeURIComponent(bill.billId)}?format=csv`, `${bill.billId}.csv`);
  panels.csvTarget($('bills-csv'), `/accounts/${accountId}/bills?format=csv&limit=${BILLS_MAX}`,
      `${account.accountId}-bills.csv`);
  panels.ready(panel);
  return nameLinks(body, signal);
}

