package dev.microledger.query.support;

import dev.microledger.events.EventChain;
import dev.microledger.events.LedgerEvent;

import java.util.HashMap;
import java.util.Map;

/**
 * Plays the ledger's part of the event chain for tests that write events themselves: links each
 * event to the one before it of its account, per stream (a topic, or a projector fed directly),
 * with the tests' key. The key is the one in {@code config/application.properties}.
 */
public final class TestChain {

    /** The bytes 0x00 to 0x1f: the example key of docs/events/integrity.md, for tests only. */
    public static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    public static final EventChain CHAIN = EventChain.ofBase64(KEY);

    /** Links made so far, by stream, account and sequence. */
    private static final Map<String, byte[]> links = new HashMap<>();

    private TestChain() {
    }

    /**
     * The link of an event: it follows the link this class made for the account's previous
     * sequence in that stream, or starts the chain when there is none (the account's first event,
     * or a test that leaves a gap on purpose).
     *
     * @param stream the topic, or any name that keeps one test's accounts apart from another's
     * @param event the event, for its account and sequence
     * @param value its encoded bytes
     */
    public static byte[] link(String stream, LedgerEvent event, byte[] value) {
        return link(stream, event.subject(), event.data().sequence(), value);
    }

    /** The same for bytes that are not a known event, given their account and sequence. */
    public static synchronized byte[] link(String stream, String accountId, long sequence, byte[] value) {
        String account = stream + "\u0000" + accountId + "\u0000";
        byte[] previous = links.get(account + (sequence - 1));
        byte[] link = CHAIN.link(previous == null || sequence == 0 ? EventChain.start() : previous, value);
        links.put(account + sequence, link);
        return link;
    }
}
