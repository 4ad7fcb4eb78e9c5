package io.meetkit.participant;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetkit.InvalidRequestException.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParticipantInputTest {

    @ParameterizedTest
    @ValueSource(strings = {"Alice", "  Alice  ", "Zoë", "李小龍", "O'Brien-Smith Jr.", "👩‍💻 dev"})
    void goodDisplayNamesAreTrimmed(String raw) {
        List<Violation> violations = new ArrayList<>();

        assertThat(ParticipantInput.displayName(raw, violations)).isEqualTo(raw.strip());
        assertThat(violations).isEmpty();
    }

    @Test
    void fiftyCodePointsAreTheLimitAfterTrimming() {
        List<Violation> violations = new ArrayList<>();
        String fiftyEmoji = "😀".repeat(50); // 100 UTF-16 chars, 50 characters

        assertThat(ParticipantInput.displayName(" " + "a".repeat(50) + " ", violations))
                .hasSize(50);
        assertThat(ParticipantInput.displayName(fiftyEmoji, violations)).isEqualTo(fiftyEmoji);
        assertThat(violations).isEmpty();
        assertThat(ParticipantInput.displayName("a".repeat(51), violations)).isNull();
        assertThat(violations)
                .singleElement()
                .extracting(Violation::message)
                .asString()
                .contains("at most 50");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "\t\n", "\u3000", "\u00A0", "\u2007\u202F"})
    void blankDisplayNamesAreRefused(String raw) {
        List<Violation> violations = new ArrayList<>();

        assertThat(ParticipantInput.displayName(raw, violations)).isNull();
        assertThat(violations).containsExactly(new Violation("displayName", "must not be blank"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "A\u0000B",
                "A\u0007B",
                "A\rB",
                "A\nB",
                "A\u001BB",
                "A\u007FB",
                "A\u0085B",
                "A\u009FB",
                "A\u2028B",
                "A\u2029B"
            })
    void controlCharactersAreRefused(String raw) {
        List<Violation> violations = new ArrayList<>();

        assertThat(ParticipantInput.displayName(raw, violations)).isNull();
        assertThat(violations).containsExactly(new Violation("displayName", "must not contain control characters"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"Al\u200Dice", "Al\u200Bice", "\u200B\u2060\uFEFF", "\u202EecilA", "Alice\u202E\u202C", "\u3164"
            })
    void invisibleAndBidiCharactersAreRefused(String raw) {
        List<Violation> violations = new ArrayList<>();

        assertThat(ParticipantInput.displayName(raw, violations)).isNull();
        assertThat(violations)
                .containsExactly(
                        new Violation("displayName", "must not contain invisible or text-direction characters"));
    }

    @Test
    void unicodeWhitespaceIsTrimmedAndCollapsed() {
        List<Violation> violations = new ArrayList<>();

        assertThat(ParticipantInput.displayName("Alice\u00A0", violations)).isEqualTo("Alice");
        assertThat(ParticipantInput.displayName("\u2003Alice\u00A0\u00A0Smith", violations))
                .isEqualTo("Alice Smith");
        assertThat(violations).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"A\uD800", "\uD800B", "A\uDC00B", "\uDBFF\uDBFF", "\uDE00\uD83D"})
    void unpairedSurrogatesAreRefusedBecauseTheyCannotBeSigned(String raw) {
        List<Violation> violations = new ArrayList<>();

        assertThat(ParticipantInput.displayName(raw, violations)).isNull();
        assertThat(violations).containsExactly(new Violation("displayName", "must be valid Unicode text"));
        assertThat(io.meetkit.rules.InputRules.hasUnpairedSurrogate("\uD83D\uDE00"))
                .as("a pair is fine")
                .isFalse();
    }

    @Test
    void identitiesAndAttributesAreBounded() {
        List<Violation> violations = new ArrayList<>();
        ParticipantInput.identity("user-42", violations);
        ParticipantInput.attributes(Map.of("team", "blue"), violations);
        assertThat(violations).isEmpty();

        ParticipantInput.identity(" ", violations);
        ParticipantInput.identity("x".repeat(256), violations);
        ParticipantInput.identity("a\u0000b", violations);
        ParticipantInput.attributes(Map.of("", "v"), violations);
        ParticipantInput.attributes(Map.of("k", "v".repeat(1025)), violations);
        ParticipantInput.identity("a\uD800", violations);
        ParticipantInput.attributes(Map.of("v", "\uDC00"), violations);
        assertThat(violations)
                .extracting(Violation::field)
                .containsExactly(
                        "identity", "identity", "identity", "attributes", "attributes.k", "identity", "attributes.v");
    }

    @Test
    void untrustedValuesAreShownOnlyWhenShortAndPrintable() {
        assertThat(ParticipantInput.describe("ADMIN")).isEqualTo("'ADMIN'");
        assertThat(ParticipantInput.describe("x".repeat(40))).isEqualTo("(not shown)");
        assertThat(ParticipantInput.describe("a\nb")).isEqualTo("(not shown)");
    }
}
