package dev.microledger.query.analytics;

import dev.microledger.query.web.ProblemCode;
import dev.microledger.query.web.QueryProblem;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * What spending rows are grouped by ({@code groupBy}), with the SQL expression of the group's key.
 * Days and hours are UTC: the key is the whole number of days or hours since 1970-01-01T00:00Z,
 * computed from the instant itself, so the session's time zone cannot shift a payment into
 * another day.
 */
enum SpendingGroup {
    CATEGORY("category", "e.category", true),
    MERCHANT("merchant", "e.counterparty_account_id", true),
    DAY("day", epochDivided("e.occurred_at", 86_400), false),
    HOUR("hour", epochDivided("e.occurred_at", 3_600), false);

    private final String parameter;
    private final String keySql;
    private final boolean textKey;

    SpendingGroup(String parameter, String keySql, boolean textKey) {
        this.parameter = parameter;
        this.keySql = keySql;
        this.textKey = textKey;
    }

    String parameter() {
        return parameter;
    }

    String keySql() {
        return keySql;
    }

    /** Categories and merchants are ordered by total, largest first; days and hours by time. */
    boolean orderedByTotal() {
        return textKey;
    }

    static SpendingGroup of(String groupBy) {
        if (groupBy == null) {
            return CATEGORY;
        }
        for (SpendingGroup group : values()) {
            if (group.parameter.equals(groupBy)) {
                return group;
            }
        }
        throw new QueryProblem(ProblemCode.VALIDATION_FAILED, "groupBy must be category, merchant, day or hour");
    }

    /** The key as the answer shows it: the text itself, {@code 2026-11-21} for a day, an instant for an hour. */
    String key(ResultSet row, String column) throws SQLException {
        return switch (this) {
            case CATEGORY, MERCHANT -> row.getString(column);
            case DAY -> LocalDate.ofEpochDay(row.getLong(column)).toString();
            case HOUR -> hour(row.getLong(column));
        };
    }

    static String hour(long hoursSinceEpoch) {
        return Instant.ofEpochSecond(Math.multiplyExact(hoursSinceEpoch, 3_600L)).toString();
    }

    /** The whole number of {@code seconds}-long periods since the epoch, as an SQL expression over {@code column}. */
    static String epochDivided(String column, int seconds) {
        return "CAST(FLOOR(EXTRACT(EPOCH FROM " + column + ") / " + seconds + ") AS BIGINT)";
    }
}
