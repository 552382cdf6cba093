// The analyst view: what aggregation saved, spending by category and by hour of day, payment
// sizes, declines and the trial balance, across all accounts for one currency and period.

import { getJson, isAbort } from './api.js';
import { chartNumber, figure, isoDate, money, percent, wholeNumber, words } from './format.js';
import { clear, colors, draw } from './charts.js';
import * as panels from './panels.js';

const FALLBACK_CURRENCIES = ['USD', 'EUR', 'GBP', 'KRW', 'JPY'];
const PERIOD_DAYS = 30;
const CSV_LINKS = ['savings-csv', 'category-csv', 'hour-csv', 'sizes-csv', 'declines-csv', 'trial-balance-csv'];
const $ = id => document.getElementById(id);

let controller = null;
let initialised = false;

export function init() {
  const today = new Date();
  $('analyst-to').value = isoDate(today);
  $('analyst-from').value = isoDate(new Date(today.getTime() - (PERIOD_DAYS - 1) * 86_400_000));
  $('analyst-filters').addEventListener('submit', event => {
    event.preventDefault();
    load();
  });
  $('analyst-currency').addEventListener('change', () => load());
  for (const id of CSV_LINKS) {
    panels.csvLink($(id));
  }
}

/** Shows the view; the first time, it learns the currencies from the trial balance first. */
export async function show() {
  if (!initialised) {
    initialised = true;
    await loadCurrencies();
  }
  await load();
}

async function loadCurrencies() {
  const select = $('analyst-currency');
  let currencies = FALLBACK_CURRENCIES;
  try {
    const rows = await getJson('/analytics/trial-balance');
    if (Array.isArray(rows) && rows.length > 0) {
      currencies = rows.map(row => row.currency);
    }
  } catch (failure) {
    // The trial balance panel reports the failure when it loads; the fallback list still works.
  }
  select.replaceChildren(...currencies.map(code => panels.element('option', { value: code }, code)));
  select.value = currencies.includes('USD') ? 'USD' : currencies[0];
}

async function load() {
  if (controller) {
    controller.abort();
  }
  controller = new AbortController();
  const signal = controller.signal;
  const currency = $('analyst-currency').value;
  const query = new URLSearchParams({ currency });
  if ($('analyst-from').value) {
    query.set('from', $('analyst-from').value);
  }
  if ($('analyst-to').value) {
    query.set('to', $('analyst-to').value);
  }
  document.body.dataset.analystState = 'loading';
  const sections = ['panel-analyst-savings', 'panel-analyst-category', 'panel-analyst-hour', 'panel-analyst-sizes',
    'panel-analyst-declines', 'panel-trial-balance'];
  sections.forEach(id => panels.loading($(id)));
  // An answer that arrives after newer filters were asked for is dropped.
  const section = (id, path, render) => getJson(path, signal).then(answer => {
    if (!signal.aborted) {
      render(answer, currency);
    }
  }, failure => {
    if (!isAbort(failure) && !signal.aborted) {
      panels.failed($(id), failure);
    }
  });
  // The panels' figures as files: the same answers as CSV, fetched with the key (see panels.csvLink).
  const period = `${currency}-${query.get('from') || ''}-${query.get('to') || ''}`;
  panels.csvTarget($('savings-csv'), `/analytics/savings?${query}&format=csv`, `savings-${period}.csv`);
  panels.csvTarget($('category-csv'), `/analytics/spending?groupBy=category&${query}&format=csv`,
      `spending-by-category-${period}.csv`);
  panels.csvTarget($('hour-csv'), `/analytics/spending?groupBy=hour&${query}&format=csv`, `spending-by-hour-${period}.csv`);
  panels.csvTarget($('sizes-csv'), `/analytics/transfer-sizes?${query}&format=csv`, `payment-sizes-${period}.csv`);
  panels.csvTarget($('declines-csv'), `/analytics/declines?${query}&format=csv`, `declines-${period}.csv`);
  panels.csvTarget($('trial-balance-csv'), '/analytics/trial-balance?format=csv', 'trial-balance.csv');
  await Promise.allSettled([
    section('panel-analyst-savings', `/analytics/savings?${query}`, renderSavings),
    section('panel-analyst-category', `/analytics/spending?groupBy=category&${query}`, renderCategories),
    section('panel-analyst-hour', `/analytics/spending?groupBy=hour&${query}`, renderHours),
    section('panel-analyst-sizes', `/analytics/transfer-sizes?${query}`, renderSizes),
    section('panel-analyst-declines', `/analytics/declines?${query}`, renderDeclines),
    section('panel-trial-balance', '/analytics/trial-balance', renderTrialBalance),
  ]);
  if (!signal.aborted) {
    document.body.dataset.analystState = 'ready';
  }
}

/**
 * The payments the ledger carried against what stood for them outside (top-ups and bill payments
 * coming in, payouts going out), and what card fees would have cost each way.
 */
function renderSavings(answer, currency) {
  const panel = $('panel-analyst-savings');
  const row = ofCurrency(answer.rows, currency)[0];
  if (!row || Number(row.payments) === 0) {
    clear($('chart-analyst-savings'));
    panels.empty(panel, `No ${currency} payments in this period.`);
    return;
  }
  const flow = (label, count, total) => panels.element('tr', {}, panels.element('td', {}, label),
      panels.element('td', { className: 'num' }, wholeNumber(count)), panels.element('td', { className: 'num' }, money(total, currency)));
  $('savings-flows').replaceChildren(
      flow('Payments carried in the ledger', row.payments, row.paymentsTotal),
      flow('External charges (top-ups, bill payments)', row.externalCharges, row.externalChargesTotal),
      flow('Payouts to merchants', row.payouts, row.payoutsTotal));
  const outside = (Number(row.externalCharges) || 0) + (Number(row.payouts) || 0);
  const facts = [
    ['Card fees, a charge per payment', money(row.perPaymentCardCost, currency)],
    ['Card fees, only the charges and payouts', money(row.aggregatedCardCost, currency)],
    ['Saved', `${money(row.saved, currency)}${row.savedPercent === null ? '' : ` (${percent(row.savedPercent)})`}`],
  ];
  if (outside > 0) {
    facts.push(['Payments per charge or payout', (Number(row.payments) / outside).toFixed(1)]);
  }
  panels.facts($('savings-facts'), facts);
  $('savings-model').textContent = `At ${percent(chartNumber(row.cardRate) * 100)} + ${money(row.cardFixed, currency)} a card charge.`;
  panels.ready(panel);
  draw($('chart-analyst-savings'), {
    type: 'bar',
    data: {
      labels: ['A card charge per payment', 'Only the charges and payouts'],
      datasets: [{ label: `Card fees (${currency})`, data: [chartNumber(row.perPaymentCardCost), chartNumber(row.aggregatedCardCost)],
        backgroundColor: ['#d14343', '#1f9d55'] }],
    },
    options: {
      indexAxis: 'y',
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: item => ` ${money(item.dataIndex === 0 ? row.perPaymentCardCost : row.aggregatedCardCost, currency)}` } },
      },
      scales: { x: { beginAtZero: true, title: { display: true, text: `card fees (${currency})` } } },
    },
  }, index => money(index === 0 ? row.perPaymentCardCost : row.aggregatedCardCost, currency));
}

/** Rows of the asked currency; rows without a currency field are taken as they are. */
function ofCurrency(rows, currency) {
  return (rows || []).filter(row => !row.currency || row.currency === currency);
}

function renderCategories(answer, currency) {
  const panel = $('panel-analyst-category');
  const rows = ofCurrency(answer.rows, currency);
  if (rows.length === 0) {
    clear($('chart-analyst-category'));
    panels.empty(panel, `No ${currency} payments in this period.`);
    return;
  }
  panels.ready(panel);
  draw($('chart-analyst-category'), {
    type: 'bar',
    data: {
      labels: rows.map(row => row.key || 'uncategorised'),
      datasets: [{ label: `Spent (${currency})`, data: rows.map(row => chartNumber(row.total)), backgroundColor: colors(rows.length) }],
    },
    options: {
      indexAxis: 'y',
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: item => {
          const row = rows[item.dataIndex];
          return ` ${money(row.total, currency)} · ${row.count} payments · ${row.payers ?? '?'} payers`;
        } } },
      },
      scales: { x: { beginAtZero: true, title: { display: true, text: `spent (${currency})` } } },
    },
  }, index => money(rows[index].total, currency));
}

/**
 * The rows are per UTC hour (the hour's start as an instant, or an hour of the day 0-23); they are
 * added up per hour of the day, which shows when people pay.
 */
export function foldHours(rows) {
  const totals = new Array(24).fill(0);
  const counts = new Array(24).fill(0);
  for (const row of rows) {
    const hour = hourOfDay(row.key);
    if (hour === null) {
      continue;
    }
    totals[hour] += chartNumber(row.total);
    counts[hour] += Number(row.count) || 0;
  }
  return { totals: totals.map(total => Math.round(total * 1e6) / 1e6), counts };
}

function hourOfDay(key) {
  if (/^\d{1,2}$/.test(String(key))) {
    const hour = Number(key);
    return hour >= 0 && hour < 24 ? hour : null;
  }
  const time = new Date(key);
  return Number.isNaN(time.getTime()) ? null : time.getUTCHours();
}

function renderHours(answer, currency) {
  const panel = $('panel-analyst-hour');
  const rows = ofCurrency(answer.rows, currency);
  if (rows.length === 0) {
    clear($('chart-analyst-hour'));
    panels.empty(panel, `No ${currency} payments in this period.`);
    return;
  }
  const { totals, counts } = foldHours(rows);
  panels.ready(panel);
  draw($('chart-analyst-hour'), {
    data: {
      labels: totals.map((_, hour) => `${String(hour).padStart(2, '0')}:00`),
      datasets: [
        { type: 'bar', label: `Spent (${currency})`, data: totals, backgroundColor: '#2f6fed', yAxisID: 'y' },
        { type: 'line', label: 'Payments', data: counts, borderColor: '#d98a00', backgroundColor: '#d98a00', pointRadius: 2, tension: 0.3, yAxisID: 'count' },
      ],
    },
    options: {
      interaction: { mode: 'index', intersect: false },
      scales: {
        y: { beginAtZero: true, title: { display: true, text: `spent (${currency})` } },
        count: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false }, title: { display: true, text: 'payments' } },
      },
    },
  });
}

function renderSizes(answer, currency) {
  const panel = $('panel-analyst-sizes');
  const buckets = ofCurrency(answer.buckets, currency);
  if (buckets.length === 0 || buckets.every(bucket => Number(bucket.count) === 0)) {
    clear($('chart-analyst-sizes'));
    panels.empty(panel, `No ${currency} payments in this period.`);
    return;
  }
  const labels = buckets.map((bucket, index) => (bucket.upTo === null || bucket.upTo === undefined)
    ? `over ${figure(index > 0 ? buckets[index - 1].upTo : '0', currency)}`
    : `up to ${figure(bucket.upTo, currency)}`);
  panels.ready(panel);
  draw($('chart-analyst-sizes'), {
    type: 'bar',
    data: { labels, datasets: [{ label: 'Payments', data: buckets.map(bucket => Number(bucket.count) || 0), backgroundColor: '#1f9d55' }] },
    options: {
      layout: { padding: { top: 18 } },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: item => ` ${buckets[item.dataIndex].count} payments, ${money(buckets[item.dataIndex].total, currency)}` } },
      },
      scales: {
        x: { title: { display: true, text: `payment size (${currency})` } },
        y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'payments' } },
      },
    },
  }, index => wholeNumber(buckets[index].count));
}

function renderDeclines(answer) {
  const panel = $('panel-analyst-declines');
  const byReason = new Map();
  for (const row of answer.rows || []) {
    const key = row.layer ? `${row.reason} (${row.layer})` : row.reason;
    const entry = byReason.get(key) || { reason: row.reason, layer: row.layer, count: 0 };
    entry.count += Number(row.count) || 0;
    byReason.set(key, entry);
  }
  const reasons = [...byReason.values()].sort((a, b) => b.count - a.count);
  const body = $('declines');
  body.replaceChildren();
  if (reasons.length === 0) {
    clear($('chart-analyst-declines'));
    panels.empty(panel, 'No declined payments in this period.');
    return;
  }
  for (const reason of reasons) {
    body.append(panels.element('tr', {}, panels.element('td', {}, words(reason.reason)),
        panels.element('td', {}, reason.layer || ''), panels.element('td', { className: 'num' }, reason.count)));
  }
  panels.ready(panel);
  draw($('chart-analyst-declines'), {
    type: 'bar',
    data: {
      labels: reasons.map(reason => words(reason.reason) + (reason.layer ? ` (${reason.layer})` : '')),
      datasets: [{ label: 'Declines', data: reasons.map(reason => reason.count), backgroundColor: '#d14343' }],
    },
    options: {
      layout: { padding: { top: 18 } },
      plugins: { legend: { display: false } },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'declines' } } },
    },
  }, index => wholeNumber(reasons[index].count));
}

function renderTrialBalance(rows) {
  const panel = $('panel-trial-balance');
  const body = $('trial-balance');
  body.replaceChildren();
  if (!Array.isArray(rows) || rows.length === 0) {
    panels.empty(panel, 'No accounts yet.');
    return;
  }
  for (const row of rows) {
    body.append(panels.element('tr', {}, panels.element('td', {}, row.currency),
        panels.element('td', { className: 'num' }, row.accounts),
        panels.element('td', { className: 'num' }, money(row.sumOfBalances, row.currency))));
  }
  panels.ready(panel);
}
