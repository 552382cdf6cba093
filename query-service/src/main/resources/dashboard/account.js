// The account view: balance and state, budget, spending summary, category and daily charts,
// alerts, the bill of a postpaid account and the newest entries of one account.

import { getJson, isAbort, ProblemError } from './api.js';
import { changePercent, chartNumber, dateTime, exactMoney, figure, isoDate, isoMonth, money, percent, shortDate,
  signedPercent, wholeNumber, words } from './format.js';
import { clear, colors, draw } from './charts.js';
import * as panels from './panels.js';
import * as start from './start.js';
import { BILLS_READ, isPostpaid, renderBill } from './bill.js';
import { budgetPace, daysSoFar, equalPeriodBefore, periodLabel, todayIn } from './spending.js';
import { accountLink, nameLinks, remember as rememberName } from './names.js';
import { loadEntries } from './entries.js';

const ACCOUNT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const PERIOD_DAYS = 30;
const TOP_MERCHANTS_SHOWN = 5;

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
  start.init();
  panels.csvLink($('bill-csv'));
  panels.csvLink($('bills-csv'));
  $('entries-more').addEventListener('click', () => {
    if (current && current.nextCursor) {
      loadEntries(current, current.nextCursor, isCurrent(current));
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
    start.show();
    document.body.dataset.accountState = 'empty';
    return;
  }
  start.hide();
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
  start.remember(account.accountId);
  rememberName(account.accountId, account.displayName);
  lookup.currency = account.currency;
  // Only a postpaid account is billed; the panel shows for another one only if it has bills from before.
  $('panel-bill').hidden = !isPostpaid(account);
  const named = account.displayName ? `${account.displayName} (${account.accountId})` : `Account ${account.accountId}`;
  $('lookup-message').textContent = `${named}, ${account.kind.toLowerCase()}, in ${account.currency}`
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
        .then(spending => current === lookup ? renderSpending(spending, account.currency, base, signal) : null,
            fresh(spendingFailed)),
    getJson(`${base}/alerts`, signal)
        .then(fresh(renderAlerts), fresh(failure => sectionFailed('panel-alerts', failure))),
    getJson(`${base}/bills?limit=${BILLS_READ}`, signal)
        .then(bills => current === lookup ? renderBill(bills, account, signal) : null,
            fresh(failure => sectionFailed('panel-bill', failure))),
    loadEntries(lookup, null, isCurrent(lookup)),
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
  // The cards read as people read amounts; the exact amount is one hover away.
  for (const [id, amount] of [['account-balance', account.balance], ['account-available', account.available],
    ['account-pending', account.pending], ['account-credit-limit', account.creditLimit]]) {
    $(id).textContent = money(amount, currency);
    $(id).title = exactMoney(amount, currency);
  }
  $('account-status').replaceChildren(panels.element('span', { className: `badge ${account.status}` }, account.status));
  $('account-kind').textContent = account.kind;
}

/** Whether the lookup is still the one shown: answers for an older one are dropped. */
function isCurrent(lookup) {
  return () => current === lookup;
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

/** Fills the spending panels; the comparison with the month before needs one more answer, awaited here. */
async function renderSpending(spending, currency, base, signal) {
  const today = todayIn(spending.timezone);
  const before = equalPeriodBefore(spending.from, spending.to, today);
  renderBudget(spending.budget, currency);
  renderSummary(spending, currency, before);
  renderCategories(spending.byCategory || [], currency);
  renderDaily(daysSoFar(spending.daily || [], today), currency);
  await Promise.all([nameLinks($('top-merchants'), signal), before ? compare(before, spending, currency, base, signal) : null]);
}

/** The month so far against as many days of the month before. */
async function compare(before, spending, currency, base, signal) {
  const lookup = current;
  let previous;
  try {
    previous = await getJson(`${base}/spending?from=${before.from}&to=${before.to}`, signal);
  } catch (failure) {
    if (!isAbort(failure) && current === lookup) {
      setComparison(panels.describe(failure));
    }
    return;
  }
  if (current === lookup) {
    const change = changePercent(spending.spent, previous.spent);
    setComparison(`${change === null ? 'nothing before' : signedPercent(change)} (${money(previous.spent, currency)} then)`);
  }
}

function setComparison(text) {
  const value = $('spending-comparison');
  if (value) {
    value.textContent = text;
  }
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
  const pace = budgetPace(budget);
  const tone = pace.code === 'OVER' ? '#d14343' : pace.code === 'AHEAD' ? '#d98a00' : '#1f9d55';
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
      panels.element('span', { className: 'small' }, `${figure(budget.used, currency)} of ${money(budget.monthly, currency)}`));
  panels.facts($('budget-facts'), [
    ['Pace', panels.element('span', { className: `badge ${pace.code}`, id: 'budget-pace' }, pace.text)],
    ['Projected this month', money(budget.projectedSpend, currency)],
  ]);
}

function renderSummary(spending, currency, before) {
  const panel = $('panel-summary');
  const small = spending.smallPayments;
  const rows = [
    ['Period', `${shortDate(spending.from)} – ${shortDate(spending.to)}`],
    ['Spent', money(spending.spent, currency)],
    ['Received', money(spending.received, currency)],
    ['Payments', spending.count ?? '–'],
    ['Average payment', money(spending.averagePayment, currency)],
    ['Largest payment', money(spending.largestPayment, currency)],
  ];
  if (small) {
    rows.push([`Small payments (up to ${money(small.threshold, currency)} each)`,
      `${wholeNumber(small.count)} adding up to ${money(small.total, currency)}`]);
  }
  if (before) {
    // A month is compared with as many days of the month before as it has had so far.
    rows.push([`Against ${periodLabel(before)}`, panels.element('span', { id: 'spending-comparison' }, '…')]);
  } else if (spending.previousPeriodSpent !== undefined && spending.previousPeriodSpent !== null) {
    const change = spending.changePercent === null || spending.changePercent === undefined ? 'nothing before'
      : signedPercent(spending.changePercent);
    rows.push(['Against the days before', panels.element('span', { id: 'spending-comparison' },
        `${change} (${money(spending.previousPeriodSpent, currency)} then)`)]);
  }
  for (const decline of spending.declines || []) {
    rows.push([`Declined: ${words(decline.reason)}`, decline.count]);
  }
  panels.facts($('spending-facts'), rows);
  // Where the money went, by the names people know the merchants by.
  const merchants = (spending.topMerchants || []).slice(0, TOP_MERCHANTS_SHOWN);
  $('top-merchants-title').hidden = merchants.length === 0;
  $('top-merchants').replaceChildren(...merchants.map(merchant => panels.element('li', {}, accountLink(merchant.accountId),
      panels.element('span', { className: 'sub' }, `${money(merchant.total, currency)} · ${wholeNumber(merchant.count)}`
          + ` payment${Number(merchant.count) === 1 ? '' : 's'}`))));
  const limits = $('spending-limits');
  limits.replaceChildren();
  for (const limit of spending.limits || []) {
    const value = chartNumber(limit.value);
    const share = value > 0 ? Math.min(chartNumber(limit.used) / value, 1) : 0;
    const tone = share >= 1 ? 'reached' : share >= 0.8 ? 'near' : '';
    const bar = panels.element('div', { className: 'bar' }, panels.element('span', { style: `width: ${(share * 100).toFixed(1)}%` }));
    limits.append(panels.element('div', { className: `limit ${tone}` },
        `${limit.limit} limit: ${figure(limit.used, currency)} of ${money(limit.value, currency)} used, ${money(limit.remaining, currency)} left`, bar));
  }
  panels.ready(panel);
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
      // The legend carries each category's amount: a reader should not have to hover for it.
      labels: rows.map(row => `${row.category || 'uncategorised'} · ${money(row.total, currency)}`),
      datasets: [{ data: rows.map(row => chartNumber(row.total)), backgroundColor: colors(rows.length), borderWidth: 1 }],
    },
    options: {
      plugins: {
        legend: { position: narrow() ? 'bottom' : 'right' },
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
  // The days arrive up to today only: the rest of the month has not happened yet.
  let running = 0;
  const cumulative = days.map(day => {
    running += chartNumber(day.spent);
    return Math.round(running * 1e6) / 1e6;
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
      plugins: {
        tooltip: { callbacks: { label: item => item.datasetIndex === 0
          ? ` spent ${money(days[item.dataIndex].spent, currency)}`
          : ` so far ${money(cumulative[item.dataIndex].toFixed(6), currency)}` } },
      },
      scales: {
        y: { beginAtZero: true, title: { display: true, text: `${currency} per day` } },
        total: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false }, title: { display: true, text: `${currency} so far` } },
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

/** A phone-sized window, where a legend goes below its chart. */
function narrow() {
  return window.matchMedia('(max-width: 600px)').matches;
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
