package io.meetkit.examples.boot.auth;

import io.meetkit.spring.web.MeetKitHttpSecurityCustomizer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import javax.crypto.SecretKey;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Authentication: BCrypt passwords, HS256 access tokens checked by Spring Security's resource server (for the
 * application's endpoints and, through a {@link MeetKitHttpSecurityCustomizer}, for MeetKit's {@code /api/**}), the
 * application's security chain and the first admin.
 *
 * <p>Access tokens carry {@code roles: ["ADMIN"]} or {@code ["USER"]}; they become the authorities
 * {@code ROLE_ADMIN} and {@code ROLE_USER} that MeetKit's API expects by default.
 */
@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

    @Bean
    SecureRandom secureRandom() {
        return new SecureRandom();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    SecretKey accessTokenKey(AuthProperties properties, JdbcClient jdbc, SecureRandom random) {
        return SigningKeys.resolve(properties, jdbc, random);
    }

    @Bean
    AccessTokens accessTokens(SecretKey accessTokenKey, AuthProperties properties, Clock clock) {
        return new AccessTokens(accessTokenKey, properties.issuer(), properties.accessTokenTtl(), clock);
    }

    @Bean
    AuthService authService(
            UserRepository users,
            RefreshTokenRepository refreshTokens,
            AccessTokens accessTokens,
            PasswordEncoder passwords,
            TransactionTemplate tx,
            AuthProperties properties,
            Clock clock,
            SecureRandom random) {
        return new AuthService(
                users, refreshTokens, accessTokens, passwords, tx, properties.refreshTokenTtl(), clock, random);
    }

    @Bean
    AdminBootstrap adminBootstrap(AuthService auth, AuthProperties properties, SecureRandom random) {
        return new AdminBootstrap(auth, properties.admin(), random);
    }

    /**
     * Checks access tokens: HS256 only, the signature, {@code iss}, {@code exp} (required: a token without one would
     * never expire) and {@code nbf} (60 s skew).
     */
    @Bean
    JwtDecoder jwtDecoder(SecretKey accessTokenKey, AuthProperties properties, Clock clock) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(accessTokenKey)
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
        JwtTimestampValidator timestamps = new JwtTimestampValidator();
        timestamps.setClock(clock);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                timestamps,
                new JwtIssuerValidator(properties.issuer()),
                new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull)));
        return decoder;
    }

    /** {@code sub} (the user id) is the principal name; {@code roles} become {@code ROLE_*} authorities. */
    @Bean
    JwtAuthenticationConverter jwtAuthenticationConverter() {
        JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
        authorities.setAuthoritiesClaimName(AccessTokens.ROLES_CLAIM);
        authorities.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(authorities);
        return converter;
    }

    /** 401 and 403 as problem+json with a code, for both chains. */
    @Bean
    ProblemAuthHandlers problemAuthHandlers() {
        return new ProblemAuthHandlers();
    }

    /**
     * MeetKit's {@code /api/**} chain accepts the same bearer tokens; one that fails verification gets a 401 problem
     * with code {@code invalid_token}, not the resource server's empty body.
     */
    @Bean
    MeetKitHttpSecurityCustomizer meetKitBearerTokens(
            JwtDecoder decoder, JwtAuthenticationConverter converter, ProblemAuthHandlers problems) {
        return http ->
                http.oauth2ResourceServer(o -> o.jwt(j -> j.decoder(decoder).jwtAuthenticationConverter(converter))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems));
    }

    /**
     * Everything that is not MeetKit's ({@code /api/**} and the webhook have MeetKit's own chain, order 100): the
     * auth endpoints, the API documentation and the join page are open, actuator beyond health needs an admin, the rest a user.
     *
     * @throws Exception as Spring Security's configurers do
     */
    @Bean
    @Order(200)
    SecurityFilterChain applicationSecurity(
            HttpSecurity http, JwtDecoder decoder, JwtAuthenticationConverter converter, ProblemAuthHandlers problems)
            throws Exception {
        return http.authorizeHttpRequests(a -> a.requestMatchers(
                                HttpMethod.POST, "/auth/login", "/auth/refresh", "/auth/logout", "/auth/register")
                        .permitAll()
                        .requestMatchers(
                                HttpMethod.GET,
                                "/v3/api-docs",
                                "/v3/api-docs/**",
                                "/v3/api-docs.yaml",
                                "/swagger-ui.html",
                                "/swagger-ui/**",
                                // the join page and its scripts: it logs in itself, with POST /auth/login
                                "/join.html",
                                "/join.js",
                                "/vendor/**")
                        .permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/error")
                        .permitAll()
                        .requestMatchers("/actuator/**")
                        .hasRole(Role.ADMIN.name())
                        .anyRequest()
                        .authenticated())
                .oauth2ResourceServer(o -> o.jwt(j -> j.decoder(decoder).jwtAuthenticationConverter(converter))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .build();
    }
}
