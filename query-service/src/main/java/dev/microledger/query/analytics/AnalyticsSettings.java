package dev.microledger.query.analytics;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The bounds of the analyst queries. The defaults live in {@code application.properties}.
 *
 * @param rowsDefault         rows (or buckets) of an answer when the request sets no {@code limit}
 * @param rowsMax             the largest {@code limit} a request may set
 * @param periodDaysDefault   the length of the period when the request sets no {@code from}
 * @param periodDaysMax       the longest period one request may cover: the work of a query grows
 *                            with the entries in its period, so the period is what bounds it
 * @param queryTimeoutSeconds how long one analyst query may run in the database before it is
 *                            cancelled and answered 503 query_timeout
 */
@ConfigurationProperties(prefix = "query.analytics")
record AnalyticsSettings(int rowsDefault, int rowsMax, int periodDaysDefault, int periodDaysMax,
                         int queryTimeoutSeconds) {

    AnalyticsSettings {
        if (rowsMax < 1 || rowsMax > 100_000) {
            throw new IllegalArgumentException("query.analytics.rows-max must be between 1 and 100000: " + rowsMax);
        }
        if (rowsDefault < 1 || rowsDefault > rowsMax) {
            throw new IllegalArgumentException(
                    "query.analytics.rows-default must be between 1 and rows-max (" + rowsMax + "): " + rowsDefault);
        }
        if (periodDaysMax < 1 || periodDaysMax > 3660) {
            throw new IllegalArgumentException(
                    "query.analytics.period-days-max must be between 1 and 3660: " + periodDaysMax);
        }
        if (periodDaysDefault < 1 || periodDaysDefault > periodDaysMax) {
            throw new IllegalArgumentException("query.analytics.period-days-default must be between 1 and "
                    + "period-days-max (" + periodDaysMax + "): " + periodDaysDefault);
        }
        if (queryTimeoutSeconds < 1 || queryTimeoutSeconds > 3600) {
            throw new IllegalArgumentException(
                    "query.analytics.query-timeout-seconds must be between 1 and 3600: " + queryTimeoutSeconds);
        }
    }
}
