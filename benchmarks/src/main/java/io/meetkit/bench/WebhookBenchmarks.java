package io.meetkit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.meetkit.internal.jwt.Hs256Jwt;
import io.meetkit.internal.jwt.JwtClaims;
import io.meetkit.internal.jwt.WebhookSignatureVerifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Authenticating one LiveKit webhook (token + SHA-256 of a ~1.4 KB egress_ended body), without parsing the body. */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class WebhookBenchmarks {

    /** A realistic egress_ended event in LiveKit's protojson (about 1.4 KB). */
    static final byte[] BODY = ("{\"event\":\"egress_ended\",\"egressInfo\":{\"egressId\":\"EG_hK3f9sQm2Lx7\","
                    + "\"roomId\":\"RM_Zp8cV4nB1wQe\",\"roomName\":\"" + Fixtures.ROOM
                    + "\",\"sourceType\":\"EGRESS_SOURCE_TYPE_WEB\","
                    + "\"status\":\"EGRESS_COMPLETE\",\"startedAt\":\"1777629000123456789\",\"endedAt\":\"1777632600987654321\","
                    + "\"updatedAt\":\"1777632601000000000\",\"roomComposite\":{\"roomName\":\"" + Fixtures.ROOM + "\","
                    + "\"layout\":\"grid\",\"audioMixing\":\"DEFAULT_MIXING\",\"fileOutputs\":[{\"fileType\":\"MP4\","
                    + "\"filepath\":\"recordings/" + Fixtures.ROOM
                    + "/{time}.mp4\",\"s3\":{\"accessKey\":\"AKIAEXAMPLE\","
                    + "\"region\":\"eu-west-1\",\"endpoint\":\"https://s3.eu-west-1.amazonaws.com\",\"bucket\":\"meetkit-rec\","
                    + "\"forcePathStyle\":true}}],\"preset\":\"H264_1080P_30\"},\"fileResults\":[{\"filename\":\"recordings/"
                    + Fixtures.ROOM + "/2026-05-01T100000.mp4\",\"startedAt\":\"1777629001000000000\","
                    + "\"endedAt\":\"1777632600000000000\",\"duration\":\"3599000000000\",\"size\":\"734003200\","
                    + "\"location\":\"https://meetkit-rec.s3.eu-west-1.amazonaws.com/recordings/" + Fixtures.ROOM
                    + "/2026-05-01T100000.mp4\"}],\"details\":\"\",\"manifestLocation\":\"\",\"backupStorageUsed\":false,"
                    + "\"retryCount\":0},\"id\":\"EV_9fKq2Lm7Xc4B\",\"createdAt\":\"1777632601\","
                    + "\"numDropped\":0}")
            .getBytes(StandardCharsets.UTF_8);

    WebhookSignatureVerifier meetkit;
    String token;

    /** Reused per benchmark thread by the hand-written variant. */
    @State(Scope.Thread)
    public static class ThreadCrypto {
        Mac mac;
        MessageDigest sha256;

        @Setup
        public void setUp() {
            mac = HandRolledHs256.newMac();
            sha256 = HandRolledHs256.newSha256();
        }
    }

    @Setup
    public void setUp() {
        Hs256Jwt jwt = Fixtures.meetkit();
        meetkit = new WebhookSignatureVerifier(jwt);
        String hash =
                Base64.getEncoder().encodeToString(HandRolledHs256.newSha256().digest(BODY));
        long now = System.currentTimeMillis() / 1000;
        token = jwt.sign(
                c -> c.iss(Fixtures.API_KEY).nbf(now).iat(now).exp(now + 86_400).sha256(hash));
    }

    @Benchmark
    public JwtClaims meetkit() {
        return meetkit.verify(BODY, token, Instant.now());
    }

    @Benchmark
    public JsonNode baseline(ThreadCrypto t) {
        return HandRolledHs256.verifyWebhook(t.mac, t.sha256, BODY, token, System.currentTimeMillis() / 1000);
    }
}
