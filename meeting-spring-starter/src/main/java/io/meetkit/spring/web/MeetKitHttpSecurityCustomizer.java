package io.meetkit.spring.web;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;

/**
 * Adds to MeetKit's security filter chain for {@code /api/**}, for example the application's authentication
 * mechanism ({@code http.oauth2ResourceServer(...)}) next to or instead of HTTP Basic. The authorization rules are
 * MeetKit's; to replace the whole chain, define a {@code SecurityFilterChain} for {@code /api/**} with an order
 * lower than {@code meetkit.web.security-order}, or set {@code meetkit.web.enabled=false}.
 */
@FunctionalInterface
public interface MeetKitHttpSecurityCustomizer {

    /**
     * Changes the chain before it is built.
     *
     * @param http MeetKit's chain, its matcher and authorization rules already set
     * @throws Exception as Spring Security's configurers do
     */
    void customize(HttpSecurity http) throws Exception;
}
