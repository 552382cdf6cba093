// The account view: balance and state, budget, spending summary, category and daily charts,
// alerts, the bill of a postpaid account and the newest entries of one account.

import { getJson, isAbort, ProblemError } from './api.js';
import { chartNumber, dateTime, isoDate, isoMonth, money, percent, shortDate, wholeNumber, words } from './format.js';
import { clear, colors, draw } from './charts.js';
import * as panels from './panels.js';

const ACCOUNT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const ENTRIES_PAGE = 20;
const PERIOD_DAYS = 30;
/** Bills read to find the open one: a year of monthly bills. */
const BILLS_READ = 12;
/** The most bills query-service answers with at once, for the CSV of all of them. */
const BILLS_MAX = 120;

const $ = id => document.getElementById(id);

let current = null;

export function periods(today = new Date()) {
  const lastMonth = new Date(today.getFullYear(), today.getMonth() - 1, 1);
  return [
    { value: `month:${isoMonth(today)}`, label: `This month (${isoMonth(today)})` },
    { value: `month:${isoMonth(lastMonth)}`, label: `Last month (${isoMonth(lastMonth)})` },
    { value: `days:${PERIOD_DAYS}`, label: `Last ${PERIOD_DAYS} days` },
  ];
}

export function init(onLookup) {
  const select = $('lookup-period');
  for (const period of periods()) {
    select.append(panels.element('option', { value: period.value }, period.label));
  }
  $('lookup').addEventListener('submit', event => {
    event.preventDefault();
    onLookup($('lookup-id').value.trim());
  });
  select.addEventListener('change', () => {
    if (current) {
      show(current.accountId);
    }
  });
  panels.csvLink($('bill-csv'));
  panels.csvLink($('bills-csv'));
  $('entries-more').addEventListener('click', () => {
    if (current && current.nextCursor) {
      loadEntries(current, current.nextCursor);
    }
  });
}

/** Looks up one account and fills every panel; a newer lookup cancels this one. */
export async function show(accountId) {
  if (current) {
    current.controller.abort();
    current = null;
  }
  $('lookup-id').value = accountId;
  $('account-error').hidden = true;
  if (!accountId) {
    hideAccount('Enter an account id to see its balance, spending, alerts and recent entries.');
    document.body.dataset.accountState = 'empty';
    return;
  }
  if (!ACCOUNT_ID.test(accountId)) {
    hideAccount('');
    showProblem('Not an account id', 'Account ids are 1 to 64 letters, digits and . _ : - , starting with a letter or digit.');
    document.body.dataset.accountState = 'failed';
    return;
  }
  const lookup = { accountId, controller: new AbortController(), nextCursor: null };
  current = lookup;
  document.body.dataset.accountState = 'loading';
  $('lookup-message').textContent = `Loading account ${accountId}…`;
  const sections = ['panel-budget', 'panel-summary', 'panel-category', 'panel-daily', 'panel-alerts', 'panel-bill',
    'panel-entries'];
  sections.forEach(id => panels.loading($(id)));

  const base = `/accounts/${encodeURIComponent(accountId)}`;
  let account;
  try {
    account = await getJson(base, lookup.controller.signal);
  } catch (failure) {
    if (isAbort(failure) || current !== lookup) {
      return;
    }
    lookup.controller.abort();
    hideAccount('');
    if (failure instanceof ProblemError && failure.code === 'account_not_found') {
      showProblem(`No account '${accountId}'`, failure.detail, failure.code);
    } else if (failure instanceof ProblemError) {
      showProblem(failure.title, failure.detail, failure.code);
    } else {
      showProblem('The page failed', panels.describe(failure));
    }
    document.body.dataset.accountState = 'failed';
    return;
  }
  if (current !== lookup) {
    return;
  }
  renderAccount(account);
  // Only a postpaid account is billed; the panel shows for another one only if it has bills from before.
  $('panel-bill').hidden = !isPostpaid(account);
  $('lookup-message').textContent = `Account ${account.accountId}, ${account.kind.toLowerCase()}, in ${account.currency}`
      + ` · as of version ${account.version}, updated ${dateTime(account.updatedAt)}`;
  $('account').hidden = false;

  const signal = lookup.controller.signal;
  // An answer that arrives after a newer lookup began belongs to the old one and is dropped.
  const fresh = render => value => {
    if (current === lookup) {
      render(value);
    }
  };
  const work = [
    getJson(`${base}/spending?${periodQuery($('lookup-period').value)}`, signal)
        .then(fresh(spending => renderSpending(spending, account.currency)), fresh(spendingFailed)),
    getJson(`${base}/alerts`, signal)
        .then(fresh(renderAlerts), fresh(failure => sectionFailed('panel-alerts', failure))),
    getJson(`${base}/bills?limit=${BILLS_READ}`, signal)
        .then(fresh(bills => renderBill(bills, account)), fresh(failure => sectionFailed('panel-bill', failure))),
    loadEntries(lookup, null),
  ];
  await Promise.allSettled(work);
  if (current === lookup) {
    document.body.dataset.accountState = 'ready';
  }
}

function periodQuery(value) {
  const [kind, argument] = value.split(':');
  if (kind === 'month') {
    return `month=${encodeURIComponent(argument)}`;
  }
  const today = new Date();
  const from = new Date(today.getTime() - (Number(argument) - 1) * 86_400_000);
  return `from=${isoDate(from)}&to=${isoDate(today)}`;
}

function hideAccount(message) {
  $('account').hidden = true;
  $('lookup-message').textContent = message;
  for (const id of ['chart-budget', 'chart-account-category', 'chart-daily']) {
    clear($(id));
  }
}

function showProblem(title, detail, code) {
  const box = $('account-error');
  box.replaceChildren(panels.element('strong', {}, title), detail,
      code ? panels.element('span', {}, ' ', panels.element('code', {}, code)) : null);
  box.hidden = false;
}

function renderAccount(account) {
  const currency = account.currency;
  $('account-balance').textContent = money(account.balance, currency);
  $('account-available').textContent = money(account.available, currency);
  $('account-pending').textContent = money(account.pending, currency);
  $('account-credit-limit').textContent = money(account.creditLimit, currency);
  $('account-status').replaceChildren(panels.element('span', { className: `badge ${account.status}` }, account.status));
  $('account-kind').textContent = account.kind;
}

function sectionFailed(id, failure) {
  if (!isAbort(failure)) {
    panels.failed($(id), failure);
  }
}

function spendingFailed(failure) {
  for (const id of ['panel-budget', 'panel-summary', 'panel-category', 'panel-daily']) {
    sectionFailed(id, failure);
  }
}

function renderSpending(spending, currency) {
  renderBudget(spending.budget, currency);
  renderSummary(spending, currency);
  renderCategories(spending.byCategory || [], currency);
  renderDaily(spending.daily || [], currency);
}

function renderBudget(budget, currency) {
  const panel = $('panel-budget');
  if (!budget) {
    clear($('chart-budget'));
    $('budget-facts').replaceChildren();
    panels.empty(panel, 'No budget set for this account.');
    return;
  }
  const used = chartNumber(budget.used);
  const monthly = chartNumber(budget.monthly);
  const pace = budget.pace || 'ON_TRACK';
  const tone = pace === 'OVER' ? '#d14343' : pace === 'AHEAD' ? '#d98a00' : '#1f9d55';
  panels.ready(panel);
  draw($('chart-budget'), {
    type: 'doughnut',
    data: {
      labels: ['Used', 'Left'],
      datasets: [{ data: [Math.min(used, monthly), Math.max(monthly - used, 0)], backgroundColor: [tone, '#e4e7ec'], borderWidth: 0 }],
    },
    options: {
      rotation: -90,
      circumference: 180,
      cutout: '72%',
      plugins: { legend: { display: false }, tooltip: { enabled: false } },
    },
  });
  $('budget-text').replaceChildren(
      panels.element('span', { className: 'big' }, percent(budget.usedPercent)),
      panels.element('span', { className: 'small' }, `${money(budget.used)} of ${money(budget.monthly, currency)}`));
  panels.facts($('budget-facts'), [
    ['Pace', panels.element('span', { className: `badge ${pace}` }, words(pace))],
    ['Projected this month', money(budget.projectedSpend, currency)],
  ]);
}

function renderSummary(spending, currency) {
  const panel = $('panel-summary');
  const small = spending.smallPayments;
  const rows = [
    ['Period', `${spending.from || ''} – ${spending.to || ''}`],
    ['Spent', money(spending.spent, currency)],
    ['Received', money(spending.received, currency)],
    ['Payments', spending.count ?? '–'],
    ['Average payment', money(spending.averagePayment, currency)],
    ['Largest payment', money(spending.largestPayment, currency)],
  ];
  if (small) {
    rows.push([`Small payments (under ${money(small.threshold)})`, `${small.count} adding up to ${money(small.total, currency)}`]);
  }
  if (spending.previousPeriodSpent !== undefined && spending.previousPeriodSpent !== null) {
    const change = spending.changePercent === null || spending.changePercent === undefined ? '' : ` (${signed(spending.changePercent)} %)`;
    rows.push(['Previous period', `${money(spending.previousPeriodSpent, currency)}${change}`]);
  }
  for (const decline of spending.declines || []) {
    rows.push([`Declined: ${words(decline.reason)}`, decline.count]);
  }
  panels.facts($('spending-facts'), rows);
  const limits = $('spending-limits');
  limits.replaceChildren();
  for (const limit of spending.limits || []) {
    const value = chartNumber(limit.value);
    const share = value > 0 ? Math.min(chartNumber(limit.used) / value, 1) : 0;
    const tone = share >= 1 ? 'reached' : share >= 0.8 ? 'near' : '';
    const bar = panels.element('div', { className: 'bar' }, panels.element('span', { style: `width: ${(share * 100).toFixed(1)}%` }));
    limits.append(panels.element('div', { className: `limit ${tone}` },
        `${limit.limit} limit: ${money(limit.used)} of ${money(limit.value, currency)} used, ${money(limit.remaining, currency)} left`, bar));
  }
  panels.ready(panel);
}

function signed(value) {
  const number = Number(value);
  if (!Number.isFinite(number)) {
    return String(value);
  }
  return `${number > 0 ? '+' : ''}${Math.round(number * 10) / 10}`;
}

function renderCategories(rows, currency) {
  const panel = $('panel-category');
  if (rows.length === 0) {
    clear($('chart-account-category'));
    panels.empty(panel, 'No payments in this period.');
    return;
  }
  panels.ready(panel);
  draw($('chart-account-category'), {
    type: 'doughnut',
    data: {
      labels: rows.map(row => row.category || 'uncategorised'),
      datasets: [{ data: rows.map(row => chartNumber(row.total)), backgroundColor: colors(rows.length), borderWidth: 1 }],
    },
    options: {
      plugins: {
        legend: { position: 'right' },
        tooltip: { callbacks: { label: item => ` ${money(rows[item.dataIndex].total, currency)} in ${rows[item.dataIndex].count} payments` } },
      },
    },
  });
}

function renderDaily(days, currency) {
  const panel = $('panel-daily');
  if (days.length === 0 || days.every(day => chartNumber(day.spent) === 0)) {
    clear($('chart-daily'));
    panels.empty(panel, 'No spending in this period.');
    return;
  }
  // The running total stops today: the days of the month still to come have spent nothing yet.
  const today = isoDate(new Date());
  let running = 0;
  const cumulative = days.map(day => {
    running += chartNumber(day.spent);
    return String(day.date) > today ? null : Math.round(running * 1e6) / 1e6;
  });
  panels.ready(panel);
  draw($('chart-daily'), {
    data: {
      labels: days.map(day => shortDate(day.date)),
      datasets: [
        { type: 'bar', label: `Spent per day (${currency})`, data: days.map(day => chartNumber(day.spent)), backgroundColor: '#2f6fed', yAxisID: 'y' },
        { type: 'line', label: `Spent so far (${currency})`, data: cumulative, borderColor: '#d98a00', backgroundColor: '#d98a00', pointRadius: 0, tension: 0.2, yAxisID: 'total' },
      ],
    },
    options: {
      interaction: { mode: 'index', intersect: false },
      scales: {
        y: { beginAtZero: true, title: { display: true, text: 'per day' } },
        total: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false }, title: { display: true, text: 'so far' } },
      },
    },
  });
}

function renderAlerts(answer) {
  const panel = $('panel-alerts');
  const alerts = answer.alerts || [];
  const list = $('alerts');
  list.replaceChildren();
  if (alerts.length === 0) {
    panels.empty(panel, 'No alerts: nothing unusual on this account.');
    return;
  }
  for (const alert of alerts) {
    list.append(panels.element('li', {},
        panels.element('span', { className: 'when' }, dateTime(alert.at)),
        panels.element('span', { className: `type ${alert.type}` }, words(alert.type)),
        detailText(alert.detail)));
  }
  panels.ready(panel);
}

function isPostpaid(account) {
  return account.kind === 'USER' && chartNumber(account.creditLimit) > 0;
}

/** The bill still to pay, as that is what matters; without one, the newest bill. */
export function billToShow(bills) {
  return bills.find(bill => bill.status === 'OPEN') || bills[0] || null;
}

function renderBill(answer, account) {
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
    ['Amount due', money(bill.amountDue, currency)],
    ['Paid', money(bill.amountPaid, currency)],
    ['Due', dateTime(bill.dueAt)],
    ['Issued', dateTime(bill.issuedAt)],
  ]);
  for (const line of bill.lines || []) {
    body.append(panels.element('tr', {},
        panels.element('td', {}, panels.element('a', { className: 'account-link',
          href: `#/account/${encodeURIComponent(line.merchantAccountId)}` }, line.merchantAccountId)),
        panels.element('td', {}, line.category || ''),
        panels.element('td', { className: 'num' }, wholeNumber(line.count)),
        panels.element('td', { className: 'num' }, money(line.total, currency))));
  }
  const payments = (bill.lines || []).reduce((sum, line) => sum + (Number(line.count) || 0), 0);
  body.append(panels.element('tr', { className: 'total' }, panels.element('td', {}, 'Total'), panels.element('td', {}),
      panels.element('td', { className: 'num' }, wholeNumber(payments)),
      panels.element('td', { className: 'num' }, money(bill.amountDue, currency))));
  const accountId = encodeURIComponent(account.accountId);
  panels.csvTarget($('bill-csv'), `/bills/${encodeURIComponent(bill.billId)}?format=csv`, `${bill.billId}.csv`);
  panels.csvTarget($('bills-csv'), `/accounts/${accountId}/bills?format=csv&limit=${BILLS_MAX}`,
      `${account.accountId}-bills.csv`);
  panels.ready(panel);
}

function detailText(detail) {
  if (detail === null || detail === undefined) {
    return '';
  }
  if (typeof detail !== 'object') {
    return String(detail);
  }
  return Object.entries(detail).map(([key, value]) => `${key} ${value}`).join(', ');
}

async function loadEntries(lookup, cursor) {
  const panel = $('panel-entries');
  const query = `limit=${ENTRIES_PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
  let page;
  try {
    page = await getJson(`/accounts/${encodeURIComponent(lookup.accountId)}/entries?${query}`, lookup.controller.signal);
  } catch (failure) {
    if (current === lookup) {
      sectionFailed('panel-entries', failure);
    }
    return;
  }
  if (current !== lookup) {
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
    body.append(entryRow(entry));
  }
  lookup.nextCursor = page.nextCursor || null;
  $('entries-more').hidden = !lookup.nextCursor;
  panels.ready(panel);
}

function entryRow(entry) {
  const credit = entry.direction === 'CREDIT';
  const counterparty = entry.counterpartyAccountId
    ? panels.element('a', { className: 'account-link', href: `#/account/${encodeURIComponent(entry.counterpartyAccountId)}` },
        entry.counterpartyAccountId)
    : '–';
  return panels.element('tr', {},
      panels.element('td', {}, dateTime(entry.occurredAt)),
      panels.element('td', {}, counterparty),
      panels.element('td', {}, entry.category || ''),
      panels.element('td', {}, entry.kind ? words(entry.kind) : ''),
      panels.element('td', {}, panels.element('span', { className: `badge ${entry.status}` }, words(entry.status))),
      panels.element('td', { className: `num ${credit ? 'credit' : 'debit'}` }, `${credit ? '+' : '−'}${money(entry.amount)}`),
      panels.element('td', { className: 'num' }, money(entry.balanceAfter)));
}
