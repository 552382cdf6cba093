package dev.microledger.query.consuming;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class IdSyntaxTests {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    /** Every character the syntax allows, its neighbours in ASCII, and a few beyond it. */
    private static final String ALPHABET = "azAZ09._:-/;@[`{~ \t\u0000\u00e9\u0660\uff10\ud83d\ude00";

    @ParameterizedTest
    @ValueSource(strings = {"a", "Z", "7", "alice", "top-up-1", "a.b_c:d-e", "0000",
            "a123456789012345678901234567890123456789012345678901234567890123"})
    void acceptsIds(String id) {
        assertThat(IdSyntax.isId(id)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-a", ".a", "_a", ":a", "a b", "a/b", "al\u00efce", "\u0661", "a\u0000",
            "a1234567890123456789012345678901234567890123456789012345678901234"})
    void refusesNonIds(String text) {
        assertThat(IdSyntax.isId(text)).isFalse();
    }

    @Test
    void refusesNull() {
        assertThat(IdSyntax.isId(null)).isFalse();
    }

    @Test
    void agreesWithTheRegularExpressionOnRandomText() {
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            int length = random.nextInt(68);
            StringBuilder text = new StringBuilder(length);
            for (int j = 0; j < length; j++) {
                // Mostly allowed characters, so long valid ids and near misses both occur.
                text.append(random.nextInt(10) < 8
                        ? ALPHABET.charAt(random.nextInt(10))
                        : ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            String candidate = text.toString();
            assertThat(IdSyntax.isId(candidate)).as(candidate).isEqualTo(ID.matcher(candidate).matches());
        }
    }
}
