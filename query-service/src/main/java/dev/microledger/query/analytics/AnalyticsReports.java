package dev.microledger.query.analytics;

import dev.microledger.query.web.ProblemCode;
import dev.microledger.query.web.QueryProblem;
import dev.microledger.query.web.RequestChecks;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks an analyst request's parameters and builds its report: the period, the currency, the
 * row limit, and the rows cut to that limit with a word that they were cut.
 */
@Component
class AnalyticsReports {

    private static final Pattern CURRENCY = Pattern.compile("[A-Za-z0-9]{1,16}");

    private final AnalyticsQueries queries;
    private final AnalyticsSettings settings;
    private final Clock clock;

    AnalyticsReports(AnalyticsQueries queries, AnalyticsSettings settings, Clock clock) {
        this.queries = queries;
        this.settings = settings;
        this.clock = clock;
    }

    SpendingReport spending(String groupBy, String from, String to, String currency, String limit) {
        SpendingGroup group = SpendingGroup.of(groupBy);
        Request request = request(from, to, currency, limit);
        List<SpendingReport.Row> rows = queries.spending(group, request.period(), request.currency(), request.limit());
        return new SpendingReport(group.parameter(), request.period().from(), request.period().to(),
                request.currency(), request.limit(), rows.size() > request.limit(), cut(rows, request.limit()));
    }

    TransferSizeReport transferSizes(String from, String to, String currency, String limit) {
        Request request = request(from, to, currency, limit);
        List<AnalyticsQueries.BucketRow> found = queries.transferSizes(request.period(), request.currency(),
                request.limit());
        List<TransferSizeReport.Bucket> buckets = allBuckets(found, request);
        return new TransferSizeReport(request.period().from(), request.period().to(), request.currency(),
                request.limit(), buckets.size() > request.limit(), cut(buckets, request.limit()));
    }

    DeclineReport declines(String from, String to, String currency, String limit) {
        Request request = request(from, to, currency, limit);
        List<DeclineReport.Row> rows = queries.declines(request.period(), request.currency(), request.limit());
        return new DeclineReport(request.period().from(), request.period().to(), request.currency(), request.limit(),
                rows.size() > request.limit(), cut(rows, request.limit()));
    }

    /**
     * The five buckets of every currency found, the empty ones as zeros; with a currency filter,
     * that currency's five buckets even when it had no payments. The query returns up to
     * limit + 1 non-empty buckets in order; if it was cut there, the last currency may lack
     * buckets beyond the cut, but those fall beyond the limit and are cut from the answer anyway.
     */
    private List<TransferSizeReport.Bucket> allBuckets(List<AnalyticsQueries.BucketRow> found, Request request) {
        List<TransferSizeReport.Bucket> buckets = new ArrayList<>();
        if (found.isEmpty() && request.currency() != null) {
            addEmptyBuckets(buckets, request.currency(), 1, AnalyticsQueries.BUCKETS);
            return buckets;
        }
        String currency = null;
        int scale = -1;
        int next = 1;
        for (AnalyticsQueries.BucketRow row : found) {
            if (!row.currency().equals(currency) || row.scale() != scale) {
                if (currency != null) {
                    addEmptyBuckets(buckets, currency, next, AnalyticsQueries.BUCKETS);
                }
                currency = row.currency();
                scale = row.scale();
                next = 1;
            }
            addEmptyBuckets(buckets, currency, next, row.bucket() - 1);
            buckets.add(new TransferSizeReport.Bucket(AnalyticsQueries.BUCKET_UP_TO[row.bucket() - 1], row.count(),
                    row.total(), currency));
            next = row.bucket() + 1;
        }
        if (currency != null) {
            addEmptyBuckets(buckets, currency, next, AnalyticsQueries.BUCKETS);
        }
        return buckets;
    }

    private static void addEmptyBuckets(List<TransferSizeReport.Bucket> buckets, String currency, int first, int last) {
        for (int bucket = first; bucket <= last; bucket++) {
            buckets.add(new TransferSizeReport.Bucket(AnalyticsQueries.BUCKET_UP_TO[bucket - 1], 0, "0", currency));
        }
    }

    private Request request(String from, String to, String currency, String limit) {
        Period period = Period.parse(from, to, clock.instant(), settings.periodDaysDefault(), settings.periodDaysMax());
        int rows = RequestChecks.intInRange("limit", limit, settings.rowsDefault(), 1, settings.rowsMax());
        return new Request(period, knownCurrency(currency), rows);
    }

    /** The currency filter: null for all currencies, else a currency that some projected account holds. */
    private String knownCurrency(String currency) {
        if (currency == null) {
            return null;
        }
        if (!CURRENCY.matcher(currency).matches()) {
            throw new QueryProblem(ProblemCode.VALIDATION_FAILED, "currency must be 1 to 16 letters or digits");
        }
        if (queries.scaleOf(currency).isEmpty()) {
            throw new QueryProblem(ProblemCode.UNKNOWN_CURRENCY,
                    "no account holds the currency '" + currency + "' (codes are case-sensitive, e.g. USD)");
        }
        return currency;
    }

    private static <T> List<T> cut(List<T> rows, int limit) {
        return rows.size() > limit ? List.copyOf(rows.subList(0, limit)) : rows;
    }

    private record Request(Period period, String currency, int limit) {
    }
}
