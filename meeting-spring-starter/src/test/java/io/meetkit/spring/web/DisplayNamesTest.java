package io.meetkit.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.user.DefaultOAuth2User;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** The default display name of a token request, from Spring Security's real principal types. */
class DisplayNamesTest {

    static final DisplayNames DEFAULT = new DisplayNames(List.of("preferred_username", "name"));

    static Authentication jwt(Map<String, Object> claims) {
        Jwt.Builder b = Jwt.withTokenValue("t")
                .header("alg", "HS256")
                .subject("2f0c1a9e-5b7d-4c4e-9a57-1f3f3c7d2b10")
                .issuedAt(Instant.parse("2026-01-01T00:00:00Z"))
                .expiresAt(Instant.parse("2026-01-01T01:00:00Z"));
        claims.forEach(b::claim);
        return new JwtAuthenticationToken(b.build());
    }

    @Test
    @DisplayName("a JWT: preferred_username first, then name, then the subject")
    void jwtClaimsInOrder() {
        assertThat(DEFAULT.of(jwt(Map.of("preferred_username", "alice", "name", "Alice Liddell"))))
                .isEqualTo("alice");
        assertThat(DEFAULT.of(jwt(Map.of("name", "Alice Liddell")))).isEqualTo("Alice Liddell");
        assertThat(DEFAULT.of(jwt(Map.of("preferred_username", "  ", "name", " Alice "))))
                .isEqualTo("Alice");
        assertThat(DEFAULT.of(jwt(Map.of("preferred_username", 42)))).isEqualTo("2f0c1a9e-5b7d-4c4e-9a57-1f3f3c7d2b10");
        assertThat(DEFAULT.of(jwt(Map.of()))).isEqualTo("2f0c1a9e-5b7d-4c4e-9a57-1f3f3c7d2b10");
    }

    @Test
    @DisplayName("configured claims replace the defaults; none configured means the principal name")
    void configured() {
        Authentication a = jwt(Map.of("username", "bob", "preferred_username", "robert"));
        assertThat(new DisplayNames(List.of("username")).of(a)).isEqualTo("bob");
        assertThat(new DisplayNames(List.of()).of(a)).isEqualTo("2f0c1a9e-5b7d-4c4e-9a57-1f3f3c7d2b10");
    }

    @Test
    @DisplayName("OAuth2 principals (OIDC login users, opaque bearer tokens) by their attributes")
    void oauth2Attributes() {
        DefaultOAuth2User user = new DefaultOAuth2User(
                List.of(new SimpleGrantedAuthority("ROLE_USER")), Map.of("sub", "u-1", "name", "Carol"), "sub");
        Authentication bearer = new BearerTokenAuthentication(
                user,
                new OAuth2AccessToken(
                        OAuth2AccessToken.TokenType.BEARER,
                        "opaque",
                        Instant.parse("2026-01-01T00:00:00Z"),
                        Instant.parse("2026-01-01T01:00:00Z")),
                user.getAuthorities());
        assertThat(DEFAULT.of(bearer)).isEqualTo("Carol");
    }

    @Test
    @DisplayName("a principal without claims (HTTP Basic, a UserDetails) gives its name")
    void noClaims() {
        assertThat(DEFAULT.of(UsernamePasswordAuthenticationToken.authenticated(
                        org.springframework.security.core.userdetails.User.withUsername("dave")
                                .password("x")
                                .roles("USER")
                                .build(),
                        null,
                        List.of())))
                .isEqualTo("dave");
    }
}
