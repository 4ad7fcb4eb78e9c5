package io.meetkit.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputRulesTest {

    @Test
    void identitiesAreCountedInCodePointsAndRefuseControlCharacters() {
        assertThat(InputRules.identityProblem("user-42")).isNull();
        assertThat(InputRules.identityProblem("😀".repeat(255))).isNull();
        assertThat(InputRules.identityProblem("😀".repeat(256))).isEqualTo("must be at most 255 characters");
        assertThat(InputRules.identityProblem(null)).isEqualTo("must not be blank");
        assertThat(InputRules.identityProblem(" \t")).isEqualTo("must not be blank");
        assertThat(InputRules.identityProblem("a\u0007b")).isEqualTo("must not contain control characters");
        assertThat(InputRules.identityProblem("a\uDC00")).isEqualTo("must be valid Unicode text");
    }

    @Test
    void meetingAttributeKeysArePlainWhileTokenAttributeKeysAreAnyText() {
        List<String> problems = new ArrayList<>();
        InputRules.meetingAttributes(Map.of("team.name", "core"), (f, m) -> problems.add(f + ": " + m));
        InputRules.tokenAttributes(Map.of("équipe", "core"), (f, m) -> problems.add(f + ": " + m));
        assertThat(problems).isEmpty();

        InputRules.meetingAttributes(Map.of("équipe", "core"), (f, m) -> problems.add(f + ": " + m));
        InputRules.tokenAttributes(Map.of("k", "v".repeat(1025)), (f, m) -> problems.add(f + ": " + m));
        assertThat(problems)
                .containsExactly(
                        "attributes: keys must be 1 to 64 letters, digits, '_', '.' or '-'",
                        "attributes.k: must be at most 1024 characters");
    }

    @Test
    void clockSkewIsBetweenZeroAndTenMinutes() {
        assertThat(InputRules.clockSkew(Duration.ZERO, "clockSkew")).isZero();
        assertThat(InputRules.clockSkew(Duration.ofMinutes(10), "clockSkew")).hasMinutes(10);
        assertThatThrownBy(() -> InputRules.clockSkew(Duration.ofSeconds(601), "clockSkew"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("clockSkew must be between PT0S and PT10M: PT10M1S");
        assertThatThrownBy(() -> InputRules.clockSkew(Duration.ofSeconds(-1), "skew"))
                .hasMessage("skew must be between PT0S and PT10M: PT-1S");
    }

    @Test
    void secretsNeedThirtyTwoBytesAndDurationsMustBePositive() {
        assertThat(InputRules.isLongEnoughSecret(32)).isTrue();
        assertThat(InputRules.isLongEnoughSecret(31)).isFalse();
        assertThatThrownBy(() -> InputRules.positive(Duration.ZERO, "ttl")).hasMessage("ttl must be positive: PT0S");
        assertThat(InputRules.positive(Duration.ofMillis(1), "ttl")).hasMillis(1);
    }
}
