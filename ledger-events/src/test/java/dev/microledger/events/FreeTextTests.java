package dev.microledger.events;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class FreeTextTests {

    @ParameterizedTest
    @ValueSource(strings = {"", "news", "Zeitung für Kinder", "소액결제", "emoji 🎮 ok", "=HYPERLINK(\"x\")", "a b"})
    void printableUnicodeIsValid(String text) {
        assertThat(FreeText.problem(text, 64)).isNull();
        assertThat(FreeText.isValid(text, 64)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"0", "9", "10", "13", "27", "127", "128", "159"})
    void controlCharactersAreRefused(int codePoint) {
        String text = "ab" + (char) codePoint + "c";
        assertThat(FreeText.problem(text, 64)).contains("control character").contains("position 2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\uD800", "a\uDC00", "\uD83Cx", "x\uD83C"})
    void unpairedSurrogatesAreRefused(String text) {
        assertThat(FreeText.problem(text, 64)).contains("unpaired surrogate");
    }

    @org.junit.jupiter.api.Test
    void lengthIsCountedInCodePoints() {
        String fourEmoji = "🎮🎮🎮🎮";
        assertThat(fourEmoji.length()).isEqualTo(8);
        assertThat(FreeText.isValid(fourEmoji, 4)).isTrue();
        assertThat(FreeText.problem(fourEmoji + "a", 4)).contains("longer than 4");
    }
}
