// Amounts arrive as exact decimal strings ("4.9975", "-1.5"); they are shown as they are, only
// grouped and padded to two decimals, never rounded. Numbers are made of them only for charts.

export function money(amount, currency) {
  if (amount === null || amount === undefined || amount === '') {
    return '–';
  }
  const text = String(amount);
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const decimals = fraction.length >= 2 ? fraction : fraction.padEnd(2, '0');
  return `${negative ? '−' : ''}${grouped}.${decimals}${currency ? ' ' + currency : ''}`;
}

/** A count, with grouped thousands. */
export function wholeNumber(value) {
  const number = Number(value);
  return Number.isInteger(number) ? String(number).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : '–';
}

/** A decimal string as a number, for drawing only. */
export function chartNumber(amount) {
  const value = Number(amount);
  return Number.isFinite(value) ? value : 0;
}

export function dateTime(iso) {
  if (!iso) {
    return '–';
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  return date.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function shortDate(isoDate) {
  const date = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) {
    return isoDate;
  }
  return date.toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

export function percent(value) {
  const number = Number(value);
  return Number.isFinite(number) ? `${Math.round(number * 10) / 10} %` : '–';
}

/** A UTC calendar date, yyyy-mm-dd. */
export function isoDate(date) {
  return date.toISOString().slice(0, 10);
}

/** A month of the local calendar, yyyy-mm. */
export function isoMonth(date) {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`;
}

export function words(code) {
  return String(code || '').toLowerCase().replaceAll('_', ' ');
}
