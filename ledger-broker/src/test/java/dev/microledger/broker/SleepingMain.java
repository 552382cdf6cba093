package dev.microledger.broker;

/** A child program that would run forever, for the parent-watch test. */
final class SleepingMain {

    private SleepingMain() {
    }

    public static void main(String[] arguments) throws InterruptedException {
        Thread.sleep(Long.MAX_VALUE);
    }
}
