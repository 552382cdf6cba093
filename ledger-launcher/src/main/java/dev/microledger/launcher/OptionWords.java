package dev.microledger.launcher;

import java.util.HashSet;
import java.util.Set;

/**
 * The words of a command line read as options, each given at most once, that take their value
 * as the next word or after {@code =} ({@code --name value} or {@code --name=value}).
 */
final class OptionWords {

    /**
     * One option as given.
     *
     * @param word        the word as typed
     * @param name        the option's name, without a value given after {@code =}
     * @param inlineValue the value given after {@code =}, or null
     */
    record Option(String word, String name, String inlineValue) {
    }

    private final String[] words;
    private final Set<String> seen = new HashSet<>();
    private int index;

    /**
     * @throws IllegalArgumentException for more than {@code wordsMax} words
     */
    OptionWords(String[] words, int wordsMax) {
        if (words.length > wordsMax) {
            throw new IllegalArgumentException("too many arguments (" + words.length + ")");
        }
        this.words = words;
    }

    boolean hasNext() {
        return index < words.length;
    }

    /**
     * The next option.
     *
     * @throws IllegalArgumentException for an option given before
     */
    Option next() {
        String word = words[index];
        index++;
        String name = word;
        String inlineValue = null;
        int equalsIndex = word.indexOf('=');
        if (word.startsWith("--") && equalsIndex > 0) {
            name = word.substring(0, equalsIndex);
            inlineValue = word.substring(equalsIndex + 1);
        }
        if (!seen.add(name)) {
            throw new IllegalArgumentException("option " + name + " is given more than once");
        }
        return new Option(word, name, inlineValue);
    }

    /**
     * The option's value: the one after {@code =}, or else the next word, which it then takes.
     *
     * @throws IllegalArgumentException when there is neither
     */
    String valueOf(Option option) {
        if (option.inlineValue() != null) {
            return option.inlineValue();
        }
        if (index >= words.length) {
            throw new IllegalArgumentException("option " + option.name() + " needs a value");
        }
        String value = words[index];
        index++;
        return value;
    }
}
