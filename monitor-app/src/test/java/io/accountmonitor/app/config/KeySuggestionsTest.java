package io.accountmonitor.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class KeySuggestionsTest {
    private static final List<String> KEYS = List.of("type", "name", "url", "password", "namespace", "fallbackInterval",
            "clientId");

    @ParameterizedTest
    @CsvSource({
        "nmespace, namespace",
        "namespce, namespace",
        "pasword, password",
        "tpye, type",
        "clientID, clientId",
        "URL, url",
        "fallback, fallbackInterval",
    })
    void suggestsCloseKey(String typed, String expected) {
        assertThat(KeySuggestions.closest(typed, KEYS)).contains(expected);
    }

    @ParameterizedTest
    @CsvSource({"color", "endpoint", "x", "passwordHash"})
    void suggestsNothingForDistantKey(String typed) {
        assertThat(KeySuggestions.closest(typed, KEYS)).isEmpty();
    }

    @Test
    void messageWithSuggestionListsKnownKeys() {
        assertThat(KeySuggestions.unknownKeyMessage("nmespace", List.of("url", "namespace")))
                .isEqualTo("unknown key; did you mean 'namespace'? Known keys: url, namespace");
    }

    @Test
    void messageWithoutSuggestionListsKnownKeys() {
        assertThat(KeySuggestions.unknownKeyMessage("color", List.of("url", "namespace")))
                .isEqualTo("unknown key; known keys: url, namespace");
    }

    @Test
    void messageForSectionWithoutKeys() {
        assertThat(KeySuggestions.unknownKeyMessage("color", List.of()))
                .isEqualTo("unknown key; this section takes no keys");
    }

    @Test
    void editDistanceCountsSwapAsOne() {
        assertThat(KeySuggestions.editDistance("tpye", "type")).isEqualTo(1);
        assertThat(KeySuggestions.editDistance("kitten", "sitting")).isEqualTo(3);
        assertThat(KeySuggestions.editDistance("", "abc")).isEqualTo(3);
    }
}
