// Amounts arrive as exact decimal strings ("4.9975", "-1.5", "0.402386"). They are shown as people
// read them: in the currency's usual digits (two for USD, none for KRW and JPY), rounded half up in
// decimal arithmetic; an amount smaller than one of those digits (a 0.0025 USD article) keeps its
// digits, as rounding would show it as nothing. Where an amount must match a receipt (entries,
// bills) it is shown exactly. Numbers are made of amounts only for drawing.

const FALLBACK_DIGITS = 2;
const digitsByCurrency = new Map();

/** The fractional digits people use for the currency: 2 for USD and EUR, 0 for KRW and JPY. */
export function displayDigits(currency) {
  if (!currency) {
    return FALLBACK_DIGITS;
  }
  if (!digitsByCurrency.has(currency)) {
    let digits = FALLBACK_DIGITS;
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
    } catch (unknownCode) {
      // A currency code the browser does not know keeps the common two digits.
    }
    digitsByCurrency.set(currency, digits);
  }
  return digitsByCurrency.get(currency);
}

/** A plain decimal string as its sign, whole digits and fraction digits; null when it is none. */
function parts(amount) {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(String(amount).trim());
  if (!match) {
    return null;
  }
  return { negative: match[1] === '-', whole: match[2].replace(/^0+(?=\d)/, ''), fraction: match[3] || '' };
}

function isZero(digits) {
  return /^0*$/.test(digits);
}

function grouped(whole) {
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function joined(negative, whole, fraction) {
  const sign = negative && !(isZero(whole) && isZero(fraction)) ? '−' : '';
  return `${sign}${grouped(whole)}${fraction ? '.' + fraction : ''}`;
}

function missing(amount) {
  return amount === null || amount === undefined || amount === '';
}

/** An amount as people read it, without its currency: 0.402386 USD → "0.40", 0.0025 → "0.0025", 15000 KRW → "15,000". */
export function figure(amount, currency) {
  if (missing(amount)) {
    return '–';
  }
  const number = parts(amount);
  if (!number) {
    return String(amount);
  }
  const digits = displayDigits(currency);
  const kept = number.fraction.slice(0, digits).padEnd(digits, '0');
  const rest = number.fraction.slice(digits);
  if (isZero(rest)) {
    return joined(number.negative, number.whole, kept);
  }
  if (isZero(number.whole) && isZero(kept)) {
    // Below the currency's smallest usual digit: rounding would show it as nothing.
    return joined(number.negative, number.whole, number.fraction.replace(/0+$/, ''));
  }
  let scaled = BigInt(number.whole + kept);
  if (rest[0] >= '5') {
    scaled += 1n;
  }
  const text = scaled.toString().padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits);
  return joined(number.negative, whole, text.slice(text.length - digits));
}

/** An amount exactly, without its currency: at least the currency's usual digits, every other digit kept. */
export function exactFigure(amount, currency) {
  if (missing(amount)) {
    return '–';
  }
  const number = parts(amount);
  if (!number) {
    return String(amount);
  }
  const digits = displayDigits(currency);
  const significant = number.fraction.replace(/0+$/, '');
  const fraction = significant.length > digits ? significant : significant.padEnd(digits, '0');
  return joined(number.negative, number.whole, fraction);
}

/** An amount as people read it, with its currency: "0.40 USD". */
export function money(amount, currency) {
  const text = figure(amount, currency);
  return currency && text !== '–' ? `${text} ${currency}` : text;
}

/** An amount exactly, with its currency: "0.4975 USD". */
export function exactMoney(amount, currency) {
  const text = exactFigure(amount, currency);
  return currency && text !== '–' ? `${text} ${currency}` : text;
}

/** A decimal string as an integer at the given scale, exactly. */
function scaled(amount, scale) {
  const number = parts(amount);
  if (!number) {
    throw new Error(`not a decimal amount: ${amount}`);
  }
  const value = BigInt(number.whole + number.fraction.padEnd(scale, '0'));
  return number.negative ? -value : value;
}

function scaleOf(amount) {
  const number = parts(amount);
  return number ? number.fraction.length : 0;
}

/** Compares two decimal strings exactly: negative, zero or positive, as a − b is. */
export function compareAmounts(a, b) {
  const scale = Math.max(scaleOf(a), scaleOf(b));
  const difference = scaled(a, scale) - scaled(b, scale);
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}

/**
 * How much {@code current} changed against {@code previous}, in percent with one decimal (half
 * away from zero), computed exactly; null when there was nothing before to compare with.
 */
export function changePercent(current, previous) {
  const scale = Math.max(scaleOf(current), scaleOf(previous));
  const before = scaled(previous, scale);
  if (before <= 0n) {
    return null;
  }
  const tenths = (scaled(current, scale) - before) * 2000n;
  const halfAway = tenths >= 0n ? (tenths + before) / (2n * before) : (tenths - before) / (2n * before);
  return Number(halfAway) / 10;
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

/** A moment in the browser's time zone, with the zone named: "Dec 8, 09:15 AM UTC". */
export function dateTime(iso) {
  if (!iso) {
    return '–';
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  return date.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
    timeZoneName: 'short' });
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

/** A change in percent with its sign: "+12.5 %", "−57 %". */
export function signedPercent(value) {
  const number = Number(value);
  if (value === null || value === undefined || !Number.isFinite(number)) {
    return '–';
  }
  const rounded = Math.round(Math.abs(number) * 10) / 10;
  return `${number > 0 ? '+' : number < 0 ? '−' : ''}${rounded} %`;
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
