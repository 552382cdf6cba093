package dev.microledger.query.analytics;

import dev.microledger.query.web.ProblemCode;
import dev.microledger.query.web.QueryProblem;
import dev.microledger.query.web.RequestChecks;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        List<AnalyticsQueries.SpendingSum> sums = queries.spending(group, request.period(), request.currency(),
                request.limit());
        Scales scales = new Scales();
        List<SpendingReport.Row> rows = new ArrayList<>(Math.min(sums.size(), request.limit()));
        for (int i = 0; i < sums.size() && i < request.limit(); i++) {
            AnalyticsQueries.SpendingSum sum = sums.get(i);
            rows.add(new SpendingReport.Row(sum.key(), scales.format(sum.currency(), sum.totalMinor()), sum.count(),
                    sum.payers(), sum.currency()));
        }
        return new SpendingReport(group.parameter(), request.period().from(), request.period().to(),
                request.currency(), request.limit(), sums.size() > request.limit(), rows);
    }

    TransferSizeReport transferSizes(String from, String to, String currency, String limit) {
        Request request = request(from, to, currency, limit);
        // Each currency has at most DECADES rows and gives BUCKETS buckets, so this many rows always
        // hold more than limit buckets; when the query stops there, the last currency may be incomplete
        // and is left out, and the answer is cut at the limit anyway.
        int rowsMax = Math.multiplyExact(request.limit() + 1, AnalyticsQueries.DECADES);
        List<AnalyticsQueries.DecadeSum> decades = queries.paymentsByDecade(request.period(), request.currency(),
                rowsMax);
        boolean queryCut = decades.size() >= rowsMax;
        List<TransferSizeReport.Bucket> buckets = buckets(decades, request.currency(), queryCut);
        return new TransferSizeReport(request.period().from(), request.period().to(), request.currency(),
                request.limit(), queryCut || buckets.size() > request.limit(), cut(buckets, request.limit()));
    }

    DeclineReport declines(String from, String to, String currency, String limit) {
        Request request = request(from, to, currency, limit);
        List<DeclineReport.Row> rows = queries.declines(request.period(), request.currency(), request.limit());
        return new DeclineReport(request.period().from(), request.period().to(), request.currency(), request.limit(),
                rows.size() > request.limit(), cut(rows, request.limit()));
    }

    /**
     * The five buckets of every currency found, in the order of the decades, the empty ones as
     * zeros; with a currency filter, that currency's five buckets even when it had no payments.
     */
    private List<TransferSizeReport.Bucket> buckets(List<AnalyticsQueries.DecadeSum> decades, String currencyFilter,
                                                    boolean lastCurrencyIncomplete) {
        List<TransferSizeReport.Bucket> buckets = new ArrayList<>();
        if (decades.isEmpty() && currencyFilter != null) {
            addBuckets(buckets, currencyFilter, new long[AnalyticsQueries.BUCKETS],
                    new BigDecimal[AnalyticsQueries.BUCKETS], 0);
            return buckets;
        }
        String lastCurrency = decades.isEmpty() ? null : decades.get(decades.size() - 1).currency();
        int first = 0;
        while (first < decades.size()) {
            String currency = decades.get(first).currency();
            int end = first;
            while (end < decades.size() && decades.get(end).currency().equals(currency)) {
                end++;
            }
            if (lastCurrencyIncomplete && currency.equals(lastCurrency)) {
                break;
            }
            addCurrencyBuckets(buckets, currency, decades.subList(first, end));
            first = end;
        }
        return buckets;
    }

    private void addCurrencyBuckets(List<TransferSizeReport.Bucket> buckets, String currency,
                                    List<AnalyticsQueries.DecadeSum> decades) {
        int scale = scaleOrFail(currency);
        long[] counts = new long[AnalyticsQueries.BUCKETS];
        BigDecimal[] totals = new BigDecimal[AnalyticsQueries.BUCKETS];
        for (AnalyticsQueries.DecadeSum decade : decades) {
            int bucket = bucketOf(decade.decade(), scale);
            counts[bucket] = Math.addExact(counts[bucket], decade.count());
            totals[bucket] = totals[bucket] == null ? decade.totalMinor() : totals[bucket].add(decade.totalMinor());
        }
        addBuckets(buckets, currency, counts, totals, scale);
    }

    private static void addBuckets(List<TransferSizeReport.Bucket> buckets, String currency, long[] counts,
                                   BigDecimal[] totals, int scale) {
        for (int bucket = 0; bucket < AnalyticsQueries.BUCKETS; bucket++) {
            BigDecimal total = totals[bucket] == null ? BigDecimal.ZERO : totals[bucket];
            buckets.add(new TransferSizeReport.Bucket(AnalyticsQueries.BUCKET_UP_TO[bucket], counts[bucket],
                    format(total, scale), currency));
        }
    }

    /**
     * The bucket (0 to 4) of the amounts in a decade: up to 0.01 major units is up to 10^(scale-2)
     * minor units, that is, decades up to scale - 2; and so on for 0.1, 1 and 10.
     */
    static int bucketOf(int decade, int scale) {
        for (int bucket = 0; bucket < AnalyticsQueries.BUCKETS - 1; bucket++) {
            if (decade <= scale - 2 + bucket) {
                return bucket;
            }
        }
        return AnalyticsQueries.BUCKETS - 1;
    }

    /** Minor units in major units, in plain notation without trailing zeros: 2500 at scale 6 is "0.0025". */
    static String format(BigDecimal minor, int scale) {
        return minor.movePointLeft(scale).stripTrailingZeros().toPlainString();
    }

    private int scaleOrFail(String currency) {
        return queries.scaleOf(currency).orElseThrow(() -> new IllegalStateException(
                "payments in " + currency + " were projected, but no account holds that currency"));
    }

    /** The scales of the currencies in one answer, each looked up once. */
    private final class Scales {

        private final Map<String, Integer> byCurrency = new HashMap<>();

        String format(String currency, BigDecimal minor) {
            Integer scale = byCurrency.get(currency);
            if (scale == null) {
                scale = scaleOrFail(currency);
                byCurrency.put(currency, scale);
            }
            return AnalyticsReports.format(minor, scale);
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
