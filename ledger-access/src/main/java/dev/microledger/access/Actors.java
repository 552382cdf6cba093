package dev.microledger.access;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who causes what. An event records its actor: the key id of an API key, the subject of a token,
 * or one of the ledger's own actors for work it does by itself. Never a secret.
 */
public final class Actors {

    /** The ledger itself, for work nobody asked for in a request, such as expiring holds. */
    public static final String LEDGER = "system:ledger";
    /** Hold expiry. */
    public static final String HOLD_EXPIRY = "system:hold-expiry";
    /** The ledger's job that closes billing periods that ended. */
    public static final String BILLING = "system:billing";
    /** The ledger's job that pays merchants out on their schedule. */
    public static final String PAYOUTS = "system:payouts";

    private Actors() {
    }

    /** @return the caller of the request being served on this thread, or {@link #LEDGER} outside one */
    public static String current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()
                || authentication.getName() == null || "anonymousUser".equals(authentication.getName())) {
            return LEDGER;
        }
        return authentication instanceof ApiKeyAuthentication ? authentication.getName() : "token:" + authentication.getName();
    }

    /** @return whether the caller of the request being served holds the role */
    public static boolean has(Role role) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getAuthorities().stream()
                .anyMatch(authority -> role.authority().equals(authority.getAuthority()));
    }
}
