package io.meetkit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetkit.internal.jwt.JwtClaims;
import io.meetkit.participant.ParticipantToken;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Runs each {@link IssueBenchmarks} method a few times without JMH and checks that the baseline signs what
 * {@code issue} signs, and that the loop neither fills the meeting nor keeps reservations.
 */
class IssueBenchmarksSmokeTest {

    @Test
    void baselineSignsTheSameClaimsAsIssue() {
        IssueBenchmarks b = new IssueBenchmarks();
        b.setUp();
        try {
            IssueBenchmarks.Participant p = new IssueBenchmarks.Participant();
            p.setUp(b);

            ParticipantToken issued = b.issueRejoin(p);
            JwtClaims fromIssue = b.signer.verify(issued.token(), Instant.now());
            JwtClaims fromBaseline = b.signer.verify(b.baseline(p), Instant.now());

            assertThat(fromBaseline.sub()).isEqualTo(fromIssue.sub());
            assertThat(fromBaseline.name()).isEqualTo(fromIssue.name());
            assertThat(fromBaseline.metadata()).isEqualTo(fromIssue.metadata());
            assertThat(fromBaseline.video()).isEqualTo(fromIssue.video());
            assertThat(fromBaseline.exp() - fromBaseline.nbf().getAsLong())
                    .isEqualTo(fromIssue.exp() - fromIssue.nbf().getAsLong());
        } finally {
            b.tearDown();
        }
    }

    @Test
    void theLoopsKeepOneReservationPerRejoiningParticipantAndNoneForNewNames() {
        IssueBenchmarks b = new IssueBenchmarks();
        b.setUp();
        try {
            IssueBenchmarks.Participant p = new IssueBenchmarks.Participant();
            p.setUp(b);

            for (int i = 0; i < 200; i++) {
                assertThat(b.issueRejoin(p).displayName()).isEqualTo(Fixtures.NAME);
                assertThat(b.issueNewName(p).displayName()).isEqualTo("Guest 1");
            }

            assertThat(b.tokens.reservedNames(b.meetingId))
                    .singleElement()
                    .satisfies(r -> assertThat(r.identity()).isEqualTo(p.identity));
        } finally {
            b.tearDown();
        }
    }
}
