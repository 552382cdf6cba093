package dev.microledger.bench.fault;

/**
 * One kill and how the system came back from it.
 *
 * @param number              the kill's place in the run, from 1
 * @param kind                what was killed
 * @param killedAt            when the SIGKILL went out, ISO-8601 UTC
 * @param killedPids          the processes that got it
 * @param processesGoneMillis for a whole-system kill, how long until the launcher and every process under it had
 *                            exited; null otherwise
 * @param paymentMillis       from the kill until a payment was accepted again (201 or 200), null if none was in time
 * @param projectionMillis    from the kill until query-service showed every account at the versions acknowledged up to
 *                            that payment, null if it did not in time
 * @param launcherStarts      how often the fault run started the launcher for this kill: 1 after a whole-system
 *                            kill, more when a start failed or the launcher exited by itself
 * @param note                anything out of the ordinary, or null
 */
record KillRecord(
        int number,
        KillKind kind,
        String killedAt,
        String killedPids,
        Long processesGoneMillis,
        Long paymentMillis,
        Long projectionMillis,
        int launcherStarts,
        String note) {

    boolean recovered() {
        return paymentMillis != null && projectionMillis != null;
    }
}
