package io.meetkit.examples.boot.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * Signs access tokens: HS256 JWTs with {@code iss}, {@code sub} (the user id), {@code username}, {@code roles},
 * {@code iat}, {@code nbf}, {@code exp} and {@code jti}, made with nimbus-jose-jwt. Spring Security's resource server
 * checks them with the same key. Thread-safe.
 */
final class AccessTokens {

    /** The claim with the user's roles, read by the resource server's authorities converter. */
    static final String ROLES_CLAIM = "roles";
    /** The claim with the username. */
    static final String USERNAME_CLAIM = "username";

    private final MACSigner signer;
    private final String issuer;
    private final Duration ttl;
    private final Clock clock;

    AccessTokens(SecretKey key, String issuer, Duration ttl, Clock clock) {
        try {
            this.signer = new MACSigner(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the access-token key must be at least 256 bits", e);
        }
        this.issuer = issuer;
        this.ttl = ttl;
        this.clock = clock;
    }

    Duration ttl() {
        return ttl;
    }

    /** Signs an access token for the user, valid from now for the configured TTL. */
    String issue(User user) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(user.id().toString())
                .claim(USERNAME_CLAIM, user.username())
                .claim(ROLES_CLAIM, List.of(user.role().name()))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign an access token", e);
        }
        return jwt.serialize();
    }
}
