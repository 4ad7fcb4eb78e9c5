package io.meetkit.participant;

import io.meetkit.InvalidRequestException.Violation;
import io.meetkit.rules.InputRules;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Validation of what participants and applications send in. Stateless. */
public final class ParticipantInput {

    private ParticipantInput() {}

    /**
     * Normalizes a display name by {@link InputRules#normalizeDisplayName(String)}, validates it by
     * {@link InputRules#displayNameProblem(String)} and returns it normalized.
     *
     * @return the normalized name, or {@code null} if it is invalid (a violation was added)
     */
    public static @Nullable String displayName(String raw, List<Violation> violations) {
        String name = InputRules.normalizeDisplayName(raw);
        String problem = InputRules.displayNameProblem(name);
        if (problem != null) {
            violations.add(new Violation("displayName", problem));
            return null;
        }
        return name;
    }

    /** Validates an identity given by the application, by {@link InputRules#identityProblem(String)}. */
    public static void identity(String identity, List<Violation> violations) {
        String problem = InputRules.identityProblem(identity);
        if (problem != null) {
            violations.add(new Violation("identity", problem));
        }
    }

    /** Validates token attributes by {@link InputRules#tokenAttributes(Map, java.util.function.BiConsumer)}. */
    public static void attributes(Map<String, String> attributes, List<Violation> violations) {
        InputRules.tokenAttributes(attributes, (field, message) -> violations.add(new Violation(field, message)));
    }

    /** A short, printable form of an untrusted value for an error message. */
    public static String describe(String untrusted) {
        if (untrusted.length() > ParticipantRole.MAX_NAME_LENGTH || InputRules.hasControl(untrusted)) {
            return "(not shown)";
        }
        return "'" + untrusted + "'";
    }
}
