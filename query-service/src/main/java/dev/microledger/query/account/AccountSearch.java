package dev.microledger.query.account;

import dev.microledger.query.web.ProblemCode;
import dev.microledger.query.web.QueryProblem;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds accounts for support staff: by kind, status, currency, id prefix and when they were
 * opened, in id order (byte order, the same on every database), a page at a time. The cursor is the
 * last id of the page before; with the index {@code account_view_id_bytes} a page costs a range scan
 * whatever its position, and an id prefix is a range too.
 */
@Repository
class AccountSearch {

    static final int LIMIT_DEFAULT = 100;
    static final int LIMIT_MAX = 1000;
    static final Set<String> KINDS = Set.of("USER", "MERCHANT", "SYSTEM");
    static final Set<String> STATUSES = Set.of("OPEN", "FROZEN", "CLOSED");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final String CURSOR_PREFIX = "after:";

    /** The filters of a search; null fields do not filter. */
    record Filter(String kind, String status, String currency, String idPrefix, Instant openedFrom, Instant openedTo) {

        Filter {
            if (kind != null && !KINDS.contains(kind)) {
                throw invalid("kind must be one of " + KINDS);
            }
            if (status != null && !STATUSES.contains(status)) {
                throw invalid("status must be one of " + STATUSES);
            }
            if (currency != null && !CURRENCY.matcher(currency).matches()) {
                throw invalid("currency must be a three-letter code such as USD");
            }
            if (idPrefix != null && !PREFIX.matcher(idPrefix).matches()) {
                throw invalid("idPrefix must be the start of an account id: 1 to 64 letters, digits and . _ : -");
            }
            if (openedFrom != null && openedTo != null && openedFrom.isAfter(openedTo)) {
                throw invalid("openedFrom is after openedTo");
            }
        }
    }

    record Page(List<AccountRow> accounts, String nextCursor) {
    }

    private final JdbcTemplate jdbc;

    AccountSearch(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Page search(Filter filter, String cursor, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM account_view WHERE TRUE");
        List<Object> arguments = new ArrayList<>();
        if (cursor != null) {
            sql.append(" AND account_id COLLATE \"C\" > ?");
            arguments.add(decode(cursor));
        }
        if (filter.idPrefix() != null) {
            // The prefix has no LIKE wildcards (its syntax allows none but '_', which is escaped).
            sql.append(" AND account_id COLLATE \"C\" LIKE ? ESCAPE '\\'");
            arguments.add(filter.idPrefix().replace("_", "\\_") + "%");
        }
        if (filter.kind() != null) {
            sql.append(" AND kind = ?");
            arguments.add(filter.kind());
        }
        if (filter.status() != null) {
            sql.append(" AND status = ?");
            arguments.add(filter.status());
        }
        if (filter.currency() != null) {
            sql.append(" AND currency = ?");
            arguments.add(filter.currency());
        }
        if (filter.openedFrom() != null) {
            sql.append(" AND opened_at >= ?");
            arguments.add(OffsetDateTime.ofInstant(filter.openedFrom(), ZoneOffset.UTC));
        }
        if (filter.openedTo() != null) {
            sql.append(" AND opened_at < ?");
            arguments.add(OffsetDateTime.ofInstant(filter.openedTo(), ZoneOffset.UTC));
        }
        sql.append(" ORDER BY account_id COLLATE \"C\" FETCH FIRST ").append(limit + 1).append(" ROWS ONLY");
        List<AccountRow> rows = jdbc.query(sql.toString(), (row, number) -> AccountRow.read(row), arguments.toArray());
        if (rows.size() <= limit) {
            return new Page(rows, null);
        }
        List<AccountRow> page = rows.subList(0, limit);
        return new Page(List.copyOf(page), encode(page.get(page.size() - 1).accountId()));
    }

    static String encode(String lastAccountId) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((CURSOR_PREFIX + lastAccountId).getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String cursor) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid("cursor is not one this service gave out");
        }
        if (!text.startsWith(CURSOR_PREFIX) || !PREFIX.matcher(text.substring(CURSOR_PREFIX.length())).matches()) {
            throw invalid("cursor is not one this service gave out");
        }
        return text.substring(CURSOR_PREFIX.length());
    }

    private static QueryProblem invalid(String detail) {
        return new QueryProblem(ProblemCode.VALIDATION_FAILED, detail);
    }
}
