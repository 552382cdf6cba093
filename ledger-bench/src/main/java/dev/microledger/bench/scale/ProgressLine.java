package dev.microledger.bench.scale;

import java.util.Locale;

/**
 * One progress line of a long phase, for a person watching: how much is done of how much, the
 * rate over the last interval and over the whole phase, and when it will be done at that rate.
 */
final class ProgressLine {

    private ProgressLine() {
    }

    static String format(String what, long done, long total, double elapsedSeconds, long doneBefore, double intervalSeconds) {
        double percent = total == 0 ? 100 : 100.0 * done / total;
        double recentRate = intervalSeconds > 0 ? (done - doneBefore) / intervalSeconds : 0;
        double averageRate = elapsedSeconds > 0 ? done / elapsedSeconds : 0;
        String eta = averageRate > 0 ? duration((total - done) / averageRate) : "unknown";
        return String.format(Locale.ROOT, "%s %,d / %,d (%.1f %%), %,.0f/s now, %,.0f/s on average, %s elapsed, ETA %s",
                what, done, total, percent, recentRate, averageRate, duration(elapsedSeconds), eta);
    }

    /** Seconds as "42 s", "7 min 05 s" or "1 h 02 min". */
    static String duration(double seconds) {
        long whole = Math.max(0, Math.round(seconds));
        if (whole < 60) {
            return whole + " s";
        }
        if (whole < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", whole / 60, whole % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", whole / 3600, (whole % 3600) / 60);
    }
}
