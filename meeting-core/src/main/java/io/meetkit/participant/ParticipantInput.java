package io.meetkit.participant;

import io.meetkit.InvalidRequestException.Violation;
import io.meetkit.rules.InputRules;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Validation of what participants and applications send in. Stateless. */
final class ParticipantInput {

    private ParticipantInput() {}

    /**
     * Validates a display name by {@link InputRules#displayNameProblem(String)} and returns it trimmed.
     *
     * @return the trimmed name, or {@code null} if it is invalid (a violation was added)
     */
    static @Nullable String displayName(String raw, List<Violation> violations) {
        String name = raw.strip();
        String problem = InputRules.displayNameProblem(name);
        if (problem != null) {
            violations.add(new Violation("displayName", problem));
            return null;
        }
        return name;
    }

    /** Validates an identity given by the application, by {@link InputRules#identityProblem(String)}. */
    static void identity(String identity, List<Violation> violations) {
        String problem = InputRules.identityProblem(identity);
        if (problem != null) {
            violations.add(new Violation("identity", problem));
        }
    }

    /** Validates token attributes by {@link InputRules#tokenAttributes(Map, java.util.function.BiConsumer)}. */
    static void attributes(Map<String, String> attributes, List<Violation> violations) {
        InputRules.tokenAttributes(attributes, (field, message) -> violations.add(new Violation(field, message)));
    }

    /** A short, printable form of an untrusted value for an error message. */
    static String describe(String untrusted) {
        if (untrusted.length() > ParticipantRole.MAX_NAME_LENGTH || InputRules.hasControl(untrusted)) {
            return "(not shown)";
        }
        return "'" + untrusted + "'";
    }
}
