package dev.microledger.events;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventChainTests {

    /** The key 0x00, 0x01, … 0x1f, as docs/events/integrity.md gives it for checking another implementation. */
    private static final String DOCUMENTED_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private final EventChain chain = EventChain.ofBase64(DOCUMENTED_KEY);

    @Test
    void linksAreTheDocumentedHmacOfThePreviousLinkAndTheValue() {
        byte[] first = chain.link(EventChain.start(), bytes("{\"specversion\":\"1.0\"}"));
        byte[] second = chain.link(first, bytes("second"));

        // Computed independently (Python's hmac module) and written in the integrity document.
        assertThat(EventChain.text(first)).isEqualTo("NlSEzEEls4vwAOh-sGOI8oKQLzd38g3b-D8th-7F09M");
        assertThat(EventChain.text(second)).isEqualTo("YhxWmJryEJdFNqKF3j978qVi4O6zdmo8CxJeZcqtNd0");
    }

    @Test
    void aLinkVerifiesOnlyWithItsOwnValuePredecessorAndKey() {
        byte[] value = bytes("{\"amount\":\"0.25\"}");
        byte[] link = chain.link(EventChain.start(), value);

        assertThat(chain.verifies(EventChain.start(), value, link)).isTrue();
        assertThat(chain.verifies(EventChain.start(), bytes("{\"amount\":\"0.26\"}"), link)).as("altered").isFalse();
        assertThat(chain.verifies(link, value, link)).as("another predecessor").isFalse();
        assertThat(new EventChain(new byte[32]).verifies(EventChain.start(), value, link)).as("another key").isFalse();
        assertThat(chain.verifies(EventChain.start(), value, null)).isFalse();
        assertThat(chain.verifies(EventChain.start(), value, new byte[5])).isFalse();
    }

    @Test
    void keysOfTheWrongLengthOrNotBase64AreRefused() {
        assertThatThrownBy(() -> new EventChain(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EventChain(new byte[65])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventChain.ofBase64(" ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> EventChain.ofBase64("not*base64")).hasMessageContaining("not base64");
        assertThat(EventChain.ofBase64(" " + DOCUMENTED_KEY + "\n")).isNotNull();
    }

    @Test
    void linkTextRoundTripsAndRejectsOtherText() {
        byte[] link = chain.link(EventChain.start(), bytes("x"));

        assertThat(EventChain.parseText(EventChain.text(link))).isEqualTo(link);
        assertThat(EventChain.parseText("short")).isNull();
        assertThat(EventChain.parseText("***")).isNull();
        assertThat(EventChain.parseText(null)).isNull();
    }

    @Test
    void startIsACopy() {
        byte[] start = EventChain.start();
        start[0] = 1;

        assertThat(EventChain.start()).containsOnly(0);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
