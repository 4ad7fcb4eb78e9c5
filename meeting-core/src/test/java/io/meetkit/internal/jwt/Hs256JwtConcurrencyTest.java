package io.meetkit.internal.jwt;

import static io.meetkit.internal.jwt.TokenForge.API_KEY;
import static io.meetkit.internal.jwt.TokenForge.SECRET;
import static io.meetkit.internal.jwt.TokenForge.SECRET_BYTES;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class Hs256JwtConcurrencyTest {

    private static final int THREADS = 8;
    private static final int TOKENS_PER_THREAD = 2_000;

    @Test
    void eightThreadsSignAndVerifyConcurrently() throws Exception {
        Hs256Jwt jwt = Hs256Jwt.builder().issuer(API_KEY).secret(SECRET).build();
        WebhookSignatureVerifier webhooks = new WebhookSignatureVerifier(jwt);
        Instant now = Instant.parse("2026-05-01T10:00:00Z");
        long t = now.getEpochSecond();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int n = 0; n < THREADS; n++) {
                int thread = n;
                futures.add(pool.submit(() -> {
                    start.await();
                    List<String> tokens = new ArrayList<>();
                    for (int i = 0; i < TOKENS_PER_THREAD; i++) {
                        String identity = "t" + thread + "-" + i;
                        String token = jwt.sign(c -> c.iss(API_KEY)
                                .sub(identity)
                                .exp(t + 600)
                                .metadata("{\"i\":" + "x".repeat(thread * 40) + "}")
                                .startObject("video")
                                .bool("roomJoin", true)
                                .string("room", identity)
                                .endObject());
                        JwtClaims claims = jwt.verify(token, now);
                        assertThat(claims.sub()).contains(identity);
                        assertThat(claims.video().orElseThrow().get("room").textValue())
                                .isEqualTo(identity);
                        byte[] body = identity.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                        String hook = jwt.sign(c -> c.iss(API_KEY).exp(t + 300).sha256(TokenForge.bodyHash(body)));
                        assertThat(webhooks.verify(body, hook, now).iss()).isEqualTo(API_KEY);
                        tokens.add(token);
                    }
                    return tokens;
                }));
            }
            start.countDown();

            List<String> all = new ArrayList<>();
            for (Future<List<String>> f : futures) {
                all.addAll(f.get(60, TimeUnit.SECONDS));
            }

            assertThat(all).hasSize(THREADS * TOKENS_PER_THREAD).doesNotHaveDuplicates();
            MACVerifier nimbus = new MACVerifier(SECRET_BYTES);
            for (String token : all) {
                assertThat(SignedJWT.parse(token).verify(nimbus)).as(token).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
