// The judgements the account view makes about spending: the days a period has had so far, the
// equal part of the month before to compare it with, and the budget's pace as a person reads it.

import { compareAmounts } from './format.js';

/** Today's date, yyyy-mm-dd, in the time zone the account's days are counted in. */
export function todayIn(timezone, now = new Date()) {
  try {
    // The Canadian English calendar writes dates as yyyy-mm-dd.
    return new Intl.DateTimeFormat('en-CA', { timeZone: timezone || 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' })
        .format(now);
  } catch (unknownZone) {
    return now.toISOString().slice(0, 10);
  }
}

function utcDate(isoDate) {
  const [year, month, day] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day));
}

function text(date) {
  return date.toISOString().slice(0, 10);
}

function isWholeMonth(from, to) {
  const start = utcDate(from);
  const end = utcDate(to);
  const last = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0));
  return start.getUTCDate() === 1 && text(end) === text(last);
}

/** The days of the series up to today; a period that is over keeps all of them. */
export function daysSoFar(days, today) {
  return days.filter(day => String(day.date) <= today);
}

/**
 * For a calendar month, the part of the month before to compare it with: as many days from its
 * first as this month has had up to today (all of them for a month that is over), no more than
 * that month has. Null for another period (its previous period is already as long) or a month
 * that has not begun.
 */
export function equalPeriodBefore(from, to, today) {
  if (!from || !to || !isWholeMonth(from, to) || today < from) {
    return null;
  }
  const start = utcDate(from);
  const elapsed = today > to ? utcDate(to).getUTCDate() : utcDate(today).getUTCDate();
  const previousStart = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() - 1, 1));
  const previousLength = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 0)).getUTCDate();
  const days = Math.min(elapsed, previousLength);
  const previousEnd = new Date(Date.UTC(previousStart.getUTCFullYear(), previousStart.getUTCMonth(), days));
  return { from: text(previousStart), to: text(previousEnd), days, elapsed };
}

/** "Nov 1–8": the previous days compared with. */
export function periodLabel(period) {
  const month = utcDate(period.from).toLocaleDateString('en-US', { month: 'short', timeZone: 'UTC' });
  return period.days === 1 ? `${month} 1` : `${month} 1–${period.days}`;
}

/**
 * The budget's pace as the page shows it. query-service judges the pace with a tolerance, so it
 * may say ON_TRACK while the month is projected to end over the budget; the page never puts "on
 * track" beside such a projection and says where the month is heading instead.
 */
export function budgetPace(budget) {
  const pace = budget.pace || 'ON_TRACK';
  if (pace !== 'ON_TRACK' || !budget.projectedSpend || !budget.monthly) {
    return { code: pace, text: pace === 'OVER' ? 'over budget' : pace === 'AHEAD' ? 'ahead of plan' : 'on track' };
  }
  if (compareAmounts(budget.projectedSpend, budget.monthly) > 0) {
    return { code: 'AHEAD', text: 'heading over budget' };
  }
  return { code: 'ON_TRACK', text: 'on track' };
}
