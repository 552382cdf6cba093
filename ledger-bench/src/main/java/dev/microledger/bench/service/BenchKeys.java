package dev.microledger.bench.service;

import dev.microledger.launcher.EmbeddedSystem;

/** The benchmark's key on a system it started, with every role its workloads need, kept with the system's data. */
public final class BenchKeys {

    private BenchKeys() {
    }

    public static String forSystem(EmbeddedSystem system) {
        return system.keptKey("benchmark.key", "benchmark", "payments", "treasury", "accounts", "support", "analyst", "operator");
    }
}
