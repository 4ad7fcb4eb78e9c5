package io.meetkit.bench;

import static io.meetkit.bench.Fixtures.API_KEY;
import static io.meetkit.bench.Fixtures.IDENTITY;
import static io.meetkit.bench.Fixtures.METADATA;
import static io.meetkit.bench.Fixtures.NAME;
import static io.meetkit.bench.Fixtures.ROOM;
import static io.meetkit.bench.Fixtures.TTL_SECONDS;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.livekit.server.AccessToken;
import io.livekit.server.CanPublish;
import io.livekit.server.CanPublishData;
import io.livekit.server.CanSubscribe;
import io.livekit.server.CanUpdateOwnMetadata;
import io.livekit.server.RoomJoin;
import io.livekit.server.RoomName;
import io.meetkit.internal.jwt.Hs256Jwt;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Minting one participant token (iss, sub, name, nbf, exp, ~200-byte metadata, a video grant with 6 entries), each
 * variant doing what a caller does per token. {@code baseline} is {@link HandRolledHs256}; {@code hmacOnly} is the
 * physical floor (HMAC-SHA256 over the ~720-byte signing input).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class SignBenchmarks {

    Hs256Jwt meetkit;
    MACSigner nimbusSigner;
    byte[] hmacInput;

    /** One reused {@link Mac} per benchmark thread, for the hand-written variants. */
    @State(Scope.Thread)
    public static class ThreadMac {
        Mac mac;

        @Setup
        public void setUp() {
            mac = HandRolledHs256.newMac();
        }
    }

    @Setup
    public void setUp() throws JOSEException {
        meetkit = Fixtures.meetkit();
        nimbusSigner = new MACSigner(Fixtures.SECRET_BYTES);
        String token = Fixtures.participantToken(meetkit);
        hmacInput = token.substring(0, token.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
    }

    @Benchmark
    public String meetkit() {
        long now = System.currentTimeMillis() / 1000;
        return meetkit.sign(c -> c.iss(API_KEY)
                .sub(IDENTITY)
                .name(NAME)
                .nbf(now)
                .exp(now + TTL_SECONDS)
                .metadata(METADATA)
                .startObject("video")
                .bool("roomJoin", true)
                .string("room", ROOM)
                .bool("canPublish", true)
                .bool("canSubscribe", true)
                .bool("canPublishData", true)
                .bool("canUpdateOwnMetadata", false)
                .endObject());
    }

    /**
     * The alternative API design: an immutable claims value (record + grant map) built first, then written. Measured
     * to decide between a value type and the {@code JwtClaimsWriter} callback that MeetKit uses.
     */
    @Benchmark
    public String meetkitViaValueObject() {
        long now = System.currentTimeMillis() / 1000;
        Map<String, Object> video = new LinkedHashMap<>();
        video.put("roomJoin", true);
        video.put("room", ROOM);
        video.put("canPublish", true);
        video.put("canSubscribe", true);
        video.put("canPublishData", true);
        video.put("canUpdateOwnMetadata", false);
        ClaimsValue value =
                new ClaimsValue(API_KEY, IDENTITY, NAME, now, now + TTL_SECONDS, METADATA, Map.copyOf(video));
        return meetkit.sign(c -> {
            c.iss(value.iss())
                    .sub(value.sub())
                    .name(value.name())
                    .nbf(value.nbf())
                    .exp(value.exp())
                    .metadata(value.metadata())
                    .startObject("video");
            for (Map.Entry<String, Object> e : value.video().entrySet()) {
                if (e.getValue() instanceof Boolean) {
                    c.bool(e.getKey(), (Boolean) e.getValue());
                } else {
                    c.string(e.getKey(), (String) e.getValue());
                }
            }
            c.endObject();
        });
    }

    /** What {@code meetkitViaValueObject} stands for: a small immutable claims value. */
    record ClaimsValue(
            String iss, String sub, String name, long nbf, long exp, String metadata, Map<String, Object> video) {}

    @Benchmark
    public String livekitAccessToken() {
        AccessToken token = new AccessToken(API_KEY, Fixtures.SECRET);
        token.setIdentity(IDENTITY);
        token.setName(NAME);
        token.setMetadata(METADATA);
        token.setTtl(TTL_SECONDS * 1000);
        token.setNotBefore(new Date());
        token.addGrants(
                new RoomJoin(true),
                new RoomName(ROOM),
                new CanPublish(true),
                new CanSubscribe(true),
                new CanPublishData(true),
                new CanUpdateOwnMetadata(false));
        return token.toJwt();
    }

    @Benchmark
    public String nimbus() throws JOSEException {
        long nowMillis = System.currentTimeMillis();
        Map<String, Object> video = new LinkedHashMap<>();
        video.put("roomJoin", true);
        video.put("room", ROOM);
        video.put("canPublish", true);
        video.put("canSubscribe", true);
        video.put("canPublishData", true);
        video.put("canUpdateOwnMetadata", false);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(API_KEY)
                .subject(IDENTITY)
                .claim("name", NAME)
                .notBeforeTime(new Date(nowMillis))
                .expirationTime(new Date(nowMillis + TTL_SECONDS * 1000))
                .claim("metadata", METADATA)
                .claim("video", video)
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        jwt.sign(nimbusSigner);
        return jwt.serialize();
    }

    @Benchmark
    public String baseline(ThreadMac t) {
        return HandRolledHs256.sign(t.mac, System.currentTimeMillis() / 1000);
    }

    @Benchmark
    public byte[] hmacOnly(ThreadMac t) {
        return t.mac.doFinal(hmacInput);
    }
}
