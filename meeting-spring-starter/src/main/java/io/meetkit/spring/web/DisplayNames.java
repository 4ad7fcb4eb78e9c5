package io.meetkit.spring.web;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;

/**
 * The display name of a token request that names none: the first of the configured claims
 * ({@code meetkit.web.display-name-claims}, by default {@code preferred_username} then {@code name}) that the
 * authenticated principal carries as a non-blank string, otherwise the principal's name ({@code sub} for a JWT).
 *
 * <p>Claims are read from principals that expose them the way Spring Security's OAuth2 types do, without a compile
 * dependency on them: a public {@code getClaims()} (a {@code Jwt}, any {@code ClaimAccessor}) or
 * {@code getAttributes()} (an {@code OAuth2AuthenticatedPrincipal}: OIDC users, opaque tokens) returning a map.
 * Thread-safe.
 */
final class DisplayNames {

    private static final ClassValue<Optional<Method>> CLAIMS = new ClassValue<>() {
        @Override
        protected Optional<Method> computeValue(Class<?> type) {
            for (String name : List.of("getClaims", "getAttributes")) {
                try {
                    Method m = type.getMethod(name);
                    if (Map.class.isAssignableFrom(m.getReturnType())
                            && Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
                        return Optional.of(m);
                    }
                } catch (NoSuchMethodException e) {
                    // next
                }
            }
            return Optional.empty();
        }
    };

    private final List<String> claims;

    DisplayNames(List<String> claims) {
        this.claims = List.copyOf(Objects.requireNonNull(claims, "claims"));
    }

    /** The display name for this user. */
    String of(Authentication auth) {
        Map<?, ?> found = claimsOf(auth.getPrincipal());
        if (found != null) {
            for (String claim : claims) {
                if (found.get(claim) instanceof String s && !s.isBlank()) {
                    return s.strip();
                }
            }
        }
        return auth.getName();
    }

    private static @Nullable Map<?, ?> claimsOf(@Nullable Object principal) {
        if (principal == null) {
            return null;
        }
        Optional<Method> m = CLAIMS.get(principal.getClass());
        if (m.isEmpty()) {
            return null;
        }
        try {
            return (Map<?, ?>) m.get().invoke(principal);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
