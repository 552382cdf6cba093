package dev.microledger.query.analytics;

import dev.microledger.query.web.ProblemCode;
import dev.microledger.query.web.QueryProblem;
import org.springframework.http.MediaType;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * How an analytics answer is written: JSON, or the same rows as CSV with a header line. The
 * {@code format} parameter decides when given (a browser link cannot set headers); otherwise the
 * {@code Accept} header, read as HTTP content negotiation: each format takes the quality of the
 * most specific media range that matches it, the higher quality wins, a tie goes to the format
 * named more specifically, and then to JSON. No header, or one that accepts anything, is JSON;
 * a header that accepts neither (say {@code text/html}) is 406.
 */
public enum ReportFormat {
    JSON(MediaType.APPLICATION_JSON),
    CSV(new MediaType("text", "csv", StandardCharsets.UTF_8));

    private static final int HEADER_IN_DETAIL_MAX = 200;

    private final MediaType mediaType;

    ReportFormat(MediaType mediaType) {
        this.mediaType = mediaType;
    }

    public MediaType mediaType() {
        return mediaType;
    }

    public static ReportFormat choose(String format, String accept) {
        if (format != null) {
            return switch (format) {
                case "json" -> JSON;
                case "csv" -> CSV;
                default -> throw new QueryProblem(ProblemCode.VALIDATION_FAILED, "format must be json or csv");
            };
        }
        if (accept == null || accept.isBlank()) {
            return JSON;
        }
        List<MediaType> ranges;
        try {
            ranges = MediaType.parseMediaTypes(accept);
        } catch (IllegalArgumentException e) {
            throw notAcceptable("the Accept header could not be read", accept);
        }
        Match json = match(ranges, JSON.mediaType);
        Match csv = match(ranges, CSV.mediaType);
        if (json.quality() <= 0 && csv.quality() <= 0) {
            throw notAcceptable("the Accept header accepts neither", accept);
        }
        if (csv.quality() != json.quality()) {
            return csv.quality() > json.quality() ? CSV : JSON;
        }
        return csv.specificity() > json.specificity() ? CSV : JSON;
    }

    /** The quality and specificity of the most specific range that accepts {@code type}; quality 0 if none does. */
    private static Match match(List<MediaType> ranges, MediaType type) {
        Match best = new Match(0, -1);
        for (MediaType range : ranges) {
            if (!range.includes(type)) {
                continue;
            }
            int specificity = range.isWildcardType() ? 0 : range.isWildcardSubtype() ? 1 : 2;
            if (specificity > best.specificity()) {
                best = new Match(range.getQualityValue(), specificity);
            }
        }
        return best;
    }

    private static QueryProblem notAcceptable(String reason, String accept) {
        String shown = accept.length() > HEADER_IN_DETAIL_MAX ? accept.substring(0, HEADER_IN_DETAIL_MAX) + "…" : accept;
        return new QueryProblem(ProblemCode.NOT_ACCEPTABLE, "This answer is available as application/json or "
                + "text/csv (or with format=json or format=csv); " + reason + ": \"" + shown + "\"");
    }

    private record Match(double quality, int specificity) {
    }
}
