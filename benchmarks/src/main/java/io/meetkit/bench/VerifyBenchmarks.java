package io.meetkit.bench;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.auth0.jwt.interfaces.JWTVerifier;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.util.DateUtils;
import io.meetkit.internal.jwt.Hs256Jwt;
import io.meetkit.internal.jwt.JwtClaims;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Verifying one participant token (the same claims as {@link SignBenchmarks}) with every verifier reused across calls:
 * signature, HS256 pinned, exp/nbf with 60 s leeway, iss.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class VerifyBenchmarks {

    private static final int LEEWAY_SECONDS = 60;

    Hs256Jwt meetkit;
    JWTVerifier javaJwt;
    MACVerifier nimbusVerifier;
    String token;

    @Setup
    public void setUp() throws JOSEException {
        meetkit = Fixtures.meetkit();
        javaJwt = JWT.require(Algorithm.HMAC256(Fixtures.SECRET_BYTES))
                .withIssuer(Fixtures.API_KEY)
                .acceptLeeway(LEEWAY_SECONDS)
                .build();
        nimbusVerifier = new MACVerifier(Fixtures.SECRET_BYTES);
        token = Fixtures.participantToken(meetkit);
    }

    @Benchmark
    public JwtClaims meetkit() {
        return meetkit.verify(token, Instant.now());
    }

    @Benchmark
    public DecodedJWT javaJwt() {
        return javaJwt.verify(token);
    }

    @Benchmark
    public JWTClaimsSet nimbus() throws ParseException, JOSEException {
        SignedJWT jwt = SignedJWT.parse(token);
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(nimbusVerifier)) {
            throw new IllegalStateException("rejected");
        }
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        Date now = new Date();
        Date exp = claims.getExpirationTime();
        Date nbf = claims.getNotBeforeTime();
        if (exp == null
                || !DateUtils.isAfter(exp, now, LEEWAY_SECONDS)
                || (nbf != null && !DateUtils.isBefore(nbf, now, LEEWAY_SECONDS))
                || !Fixtures.API_KEY.equals(claims.getIssuer())) {
            throw new IllegalStateException("rejected");
        }
        return claims;
    }

    @Benchmark
    public JsonNode baseline(SignBenchmarks.ThreadMac t) {
        return HandRolledHs256.verify(t.mac, token, System.currentTimeMillis() / 1000);
    }
}
