package dev.microledger.bench.report;

/**
 * A target of the issue, reported against and never asserted.
 *
 * @param target   what the target is about
 * @param goal     the goal as stated
 * @param measured what this run measured, or why not
 * @param met      true or false; null when this run could not measure it
 */
public record TargetCheck(String target, String goal, String measured, Boolean met) {
}
