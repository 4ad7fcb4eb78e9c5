package io.meetkit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetkit.store.InMemoryParticipantNameStore;
import io.meetkit.store.NameReservation;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The display-name policy (issue 13, path 3) as a table: each spoofing trick, what the normalized name is, whether it
 * is refused and with which message, and which key it collides on.
 */
class DisplayNamePolicyTest {

    private static final String INVISIBLE = "must not contain invisible or text-direction characters";
    private static final String BLANK = "must not be blank";

    /** raw name, the normalized name, the problem (null = accepted), the collision key (for accepted names). */
    static Stream<Arguments> table() {
        return Stream.of(
                row("Alice", "Alice", null, "alice"),
                row("ALICE", "ALICE", null, "alice"),
                // compatibility variants collide through NFKC
                row("\uFF21lice", "\uFF21lice", null, "alice"), // full-width A
                row("\uFF21\uFF4C\uFF49\uFF43\uFF45", "\uFF21\uFF4C\uFF49\uFF43\uFF45", null, "alice"),
                row("\uFB01sh", "\uFB01sh", null, "fish"), // the ligature fi
                row("Stra\u00DFe", "Stra\u00DFe", null, "strasse"), // case fold, not only lower case
                // canonical equivalents are one name (NFC)
                row("Zoe\u0308", "Zo\u00EB", null, "zo\u00EB"),
                // format characters (Cf): zero-width joiner, zero-width space, word joiner, BOM, soft hyphen
                row("Al\u200Dice", null, INVISIBLE, null),
                row("Al\u200Bice", null, INVISIBLE, null),
                row("Alice\u200B", null, INVISIBLE, null),
                row("\u200B\u2060\uFEFF", null, INVISIBLE, null),
                row("\u200B", null, INVISIBLE, null),
                row("\u2060", null, INVISIBLE, null),
                row("\uFEFF", null, INVISIBLE, null),
                row("Al\u00ADice", null, INVISIBLE, null),
                // bidi controls
                row("\u202EecilA", null, INVISIBLE, null),
                row("Alice\u202E\u202C", null, INVISIBLE, null),
                row("\u2066Alice\u2069", null, INVISIBLE, null),
                row("Alice\u200F", null, INVISIBLE, null),
                row("Alice\u061C", null, INVISIBLE, null),
                // blank-looking letters
                row("\u3164", null, INVISIBLE, null),
                row("Alice\u3164", null, INVISIBLE, null),
                row("\u2800", null, INVISIBLE, null),
                // nothing visible
                row("\u00A0", null, BLANK, null),
                row("\u2007\u202F\u3000", null, BLANK, null),
                row("\u0301\u0308", null, BLANK, null),
                // Unicode whitespace is trimmed and collapsed, not only ASCII
                row("Alice\u00A0", "Alice", null, "alice"),
                row("\u3000Alice\u2003", "Alice", null, "alice"),
                row("Alice\u00A0\u00A0Smith", "Alice Smith", null, "alice smith"),
                row("Alice \u2009 Smith", "Alice Smith", null, "alice smith"),
                // controls stay refused
                row("A\nB", null, "must not contain control characters", null),
                row("A\tB", null, "must not contain control characters", null),
                // emoji written with a zero-width joiner between two symbols are names
                row("\uD83D\uDC69\u200D\uD83D\uDCBB dev", "\uD83D\uDC69\u200D\uD83D\uDCBB dev", null, null),
                row("\uD83D\uDC69\u200Da", null, INVISIBLE, null),
                // unassigned and private use
                row("Alice\uE000", null, "must not contain unassigned or private-use characters", null));
    }

    private static Arguments row(
            String raw, @Nullable String normalized, @Nullable String problem, @Nullable String key) {
        return Arguments.of(raw, normalized, problem, key);
    }

    @ParameterizedTest(name = "[{index}] {3}")
    @MethodSource("table")
    void eachTrickIsRefusedOrCollides(
            String raw, @Nullable String normalized, @Nullable String problem, @Nullable String key) {
        String name = InputRules.normalizeDisplayName(raw);
        assertThat(InputRules.displayNameProblem(name)).isEqualTo(problem);
        if (problem == null) {
            assertThat(name).isEqualTo(normalized);
            if (key != null) {
                assertThat(InputRules.displayNameKey(raw)).isEqualTo(key);
            }
        }
    }

    @Test
    void theLengthLimitCountsTheNormalizedName() {
        String spaced = "A" + "\u00A0".repeat(40) + "B".repeat(48); // 89 code points, 50 after collapsing
        assertThat(InputRules.displayNameProblem(InputRules.normalizeDisplayName(spaced)))
                .isNull();
        String fiftyOne = "A " + "B".repeat(49);
        assertThat(InputRules.displayNameProblem(InputRules.normalizeDisplayName(fiftyOne)))
                .isEqualTo("must be at most 50 characters: 51");
    }

    @Test
    void caseFoldingDoesNotDependOnTheDefaultLocaleTurkishIncluded() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            assertThat(InputRules.displayNameKey("IVAN")).isEqualTo(InputRules.displayNameKey("ivan"));
            assertThat(InputRules.displayNameKey("IVAN")).isEqualTo("ivan");

            InMemoryParticipantNameStore store = new InMemoryParticipantNameStore();
            UUID meeting = UUID.randomUUID();
            Instant now = Instant.parse("2026-03-01T09:00:00Z");
            store.reserve(meeting, "ivan", null, "SPEAKER", now, now.plusSeconds(60));
            NameReservation upper = store.reserve(meeting, "IVAN", null, "SPEAKER", now, now.plusSeconds(60));
            assertThat(upper.displayName()).isEqualTo("IVAN_2");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void compatibilityVariantsOfAReservedNameGetANumberInsteadOfTheirOwnName() {
        InMemoryParticipantNameStore store = new InMemoryParticipantNameStore();
        UUID meeting = UUID.randomUUID();
        Instant now = Instant.parse("2026-03-01T09:00:00Z");
        store.reserve(meeting, "Alice", null, "SPEAKER", now, now.plusSeconds(60));

        NameReservation fullWidth = store.reserve(meeting, "\uFF21lice", null, "SPEAKER", now, now.plusSeconds(60));

        assertThat(fullWidth.displayName()).isEqualTo("\uFF21lice_2");
    }
}
