package dev.microledger.query.alert;

/**
 * How far one kind of alert has gone in one period (a day such as {@code 2026-11-05} or a month
 * such as {@code 2026-11}), so that each alert is raised once per period: a level raised in an
 * earlier period counts as nothing in a new one.
 */
final class AlertMark {

    private String period;
    private int level;

    AlertMark(String period, int level) {
        if (level < 0 || (period == null && level != 0)) {
            throw new IllegalStateException("alert level " + level + " in period " + period);
        }
        this.period = period;
        this.level = level;
    }

    static AlertMark none() {
        return new AlertMark(null, 0);
    }

    int levelIn(String currentPeriod) {
        return currentPeriod.equals(period) ? level : 0;
    }

    void raise(String currentPeriod, int newLevel) {
        period = currentPeriod;
        level = newLevel;
    }

    /** Forgets what was raised: used when the limit or budget it was measured against changes. */
    void reset() {
        period = null;
        level = 0;
    }

    String period() {
        return period;
    }

    int level() {
        return level;
    }
}
