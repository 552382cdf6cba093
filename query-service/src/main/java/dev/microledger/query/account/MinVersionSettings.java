package dev.microledger.query.account;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long a read with {@code ?minVersion=N} may wait for the projection to catch up. The
 * defaults live in {@code application.properties}.
 *
 * @param waitMillis    the longest a request waits before answering 503 projection_behind
 * @param recheckMillis the longest pause between two looks at the database while waiting, in case
 *                      a commit signal was missed
 * @param waitersMax    the most requests that may wait at once; more answer 503 at once, so that
 *                      a stuck projection cannot tie up every request thread
 */
@ConfigurationProperties(prefix = "query.min-version")
record MinVersionSettings(long waitMillis, long recheckMillis, int waitersMax) {

    MinVersionSettings {
        if (waitMillis < 0 || waitMillis > 60_000) {
            throw new IllegalArgumentException("query.min-version.wait-millis must be between 0 and 60000: " + waitMillis);
        }
        if (recheckMillis < 1 || recheckMillis > 10_000) {
            throw new IllegalArgumentException(
                    "query.min-version.recheck-millis must be between 1 and 10000: " + recheckMillis);
        }
        if (waitersMax < 1 || waitersMax > 10_000) {
            throw new IllegalArgumentException("query.min-version.waiters-max must be between 1 and 10000: " + waitersMax);
        }
    }
}
