package dev.microledger.access;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a caller may do. A key holds one or more roles; each role does one job (docs/DECISIONS.md,
 * "Access"). The wire name is the lower-case name: {@code payments}, {@code treasury}, ...
 */
public enum Role {
    /** Payments whose debit account is a USER or MERCHANT account. */
    PAYMENTS,
    /** What payments may, plus transfers whose debit account is SYSTEM: the only way money comes into circulation. */
    TREASURY,
    /** Opens accounts and sets their limits, budgets and status. */
    ACCOUNTS,
    /** Reads one account at a time on query-service. */
    SUPPORT,
    /** What support may, plus the analytics across accounts. */
    ANALYST,
    /** Runs the system: projections, the demo clock, metrics. */
    OPERATOR,
    /** Creates, lists and revokes keys. */
    ADMIN;

    /** @return the name on the wire and in configuration, such as {@code payments} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the Spring Security authority for this role */
    public String authority() {
        return "ROLE_" + name();
    }

    /**
     * @param wireName a role's wire name, such as {@code treasury}
     * @return the role, or empty when there is none of that name (names are case-sensitive)
     */
    public static Optional<Role> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(role -> role.wireName().equals(wireName)).findFirst();
    }
}
