package io.meetkit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetkit.internal.jwt.Hs256Jwt;
import io.meetkit.internal.jwt.JwtClaims;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs every benchmark method once, without JMH, and checks that the variants do the same job: every minted token
 * verifies and carries the same claims, and every verifier accepts the token. A benchmark that measured a broken
 * variant would be worthless.
 */
class BenchmarksSmokeTest {

    private final Hs256Jwt meetkit = Fixtures.meetkit();

    @Test
    void everySignerMintsAnEquivalentToken() throws Exception {
        SignBenchmarks sign = new SignBenchmarks();
        sign.setUp();
        SignBenchmarks.ThreadMac mac = new SignBenchmarks.ThreadMac();
        mac.setUp();

        List<String> tokens = List.of(
                sign.meetkit(),
                sign.meetkitViaValueObject(),
                sign.livekitAccessToken(),
                sign.nimbus(),
                sign.baseline(mac));

        for (String token : tokens) {
            JwtClaims claims = meetkit.verify(token, Instant.now());
            assertThat(claims.sub()).as(token).contains(Fixtures.IDENTITY);
            assertThat(claims.name()).contains(Fixtures.NAME);
            assertThat(claims.metadata()).contains(Fixtures.METADATA);
            assertThat(claims.nbf()).isPresent();
            assertThat(claims.exp() - claims.nbf().getAsLong())
                    .isBetween(Fixtures.TTL_SECONDS - 1, Fixtures.TTL_SECONDS + 1);
            assertThat(claims.video().orElseThrow().size()).isEqualTo(6);
            assertThat(claims.video().orElseThrow().get("room").textValue()).isEqualTo(Fixtures.ROOM);
        }
        assertThat(tokens.get(0).length()).isBetween(700, 800);
        assertThat(sign.hmacInput.length).isBetween(650, 760);
        assertThat(sign.hmacOnly(mac)).hasSize(32);
    }

    @Test
    void everyVerifierAcceptsTheToken() throws Exception {
        VerifyBenchmarks verify = new VerifyBenchmarks();
        verify.setUp();
        SignBenchmarks.ThreadMac mac = new SignBenchmarks.ThreadMac();
        mac.setUp();

        assertThat(verify.meetkit().sub()).contains(Fixtures.IDENTITY);
        assertThat(verify.javaJwt().getSubject()).isEqualTo(Fixtures.IDENTITY);
        assertThat(verify.nimbus().getSubject()).isEqualTo(Fixtures.IDENTITY);
        assertThat(verify.baseline(mac).get("sub").textValue()).isEqualTo(Fixtures.IDENTITY);
    }

    @Test
    void bothWebhookVariantsAcceptTheWebhook() {
        WebhookBenchmarks webhook = new WebhookBenchmarks();
        webhook.setUp();
        WebhookBenchmarks.ThreadCrypto crypto = new WebhookBenchmarks.ThreadCrypto();
        crypto.setUp();

        assertThat(WebhookBenchmarks.BODY.length).isBetween(1200, 1600);
        assertThat(webhook.meetkit().sha256()).isPresent();
        assertThat(webhook.baseline(crypto).get("sha256").textValue())
                .isEqualTo(webhook.meetkit().sha256().get());
    }
}
