package dev.microledger.bench.fault;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What one kill of the fault run ends with SIGKILL. The first three are one child of the
 * launcher, which the launcher's supervision starts again; the last two take the whole system
 * down, and the fault run starts the launcher again on the same data directory.
 */
public enum KillKind {

    /** The Kafka broker: payments go on, the outbox keeps their events until it is back. */
    BROKER("broker", false),
    /** ledger-service: payments stop until the launcher has started it again. */
    LEDGER_SERVICE("ledger-service", false),
    /** query-service: payments go on, the projection catches up once it is back. */
    QUERY_SERVICE("query-service", false),
    /**
     * The launcher's JVM alone: its children end by themselves, as they do when the launcher dies
     * (the services and the broker through their parent watch, PostgreSQL through its pipe).
     */
    LAUNCHER("launcher", true),
    /** The launcher and every process under it at the same moment, PostgreSQL's included: nothing shuts down. */
    ALL_PROCESSES("all-processes", true);

    private final String label;
    private final boolean wholeSystem;

    KillKind(String label, boolean wholeSystem) {
        this.label = label;
        this.wholeSystem = wholeSystem;
    }

    @JsonValue
    public String label() {
        return label;
    }

    /** Whether the whole system goes down with it, so the fault run starts the launcher again. */
    public boolean wholeSystem() {
        return wholeSystem;
    }

    /**
     * The kind with this command-line name.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static KillKind fromLabel(String label) {
        for (KillKind kind : values()) {
            if (kind.label.equals(label.trim().toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown kill kind '" + label
                + "'; known: broker, ledger-service, query-service, launcher, all-processes");
    }
}
