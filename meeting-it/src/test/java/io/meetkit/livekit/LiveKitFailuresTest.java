package io.meetkit.livekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meetkit.ConflictException;
import io.meetkit.InvalidRequestException;
import io.meetkit.LiveKitMisconfiguredException;
import io.meetkit.LiveKitUnavailableException;
import io.meetkit.MeetKit;
import io.meetkit.MeetingException;
import io.meetkit.NotFoundException;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.Meeting;
import io.meetkit.testkit.FakeLiveKitExtension;
import io.meetkit.testkit.FakeLiveKitServer;
import io.meetkit.testkit.Fault;
import io.meetkit.testkit.TwirpCode;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** LiveKit failures reach the caller as MeetKit's exceptions, and leave the store unchanged. */
class LiveKitFailuresTest {

    @RegisterExtension
    static final FakeLiveKitExtension LIVEKIT = new FakeLiveKitExtension();

    FakeLiveKitServer fake;
    MeetKit kit;
    Meeting meeting;

    @BeforeEach
    void setUp() {
        fake = LIVEKIT.server();
        kit = MeetKit.builder()
                .liveKitUrl(fake.url())
                .apiKey(fake.apiKey())
                .apiSecret(fake.apiSecret())
                .callTimeout(Duration.ofMillis(500))
                .build();
        meeting = kit.meetings().create(CreateMeeting.builder("Faults", "admin").build());
        fake.joinParticipant(meeting.roomName(), "alice");
    }

    @AfterEach
    void tearDown() {
        fake.clearFaults();
        kit.close();
    }

    static Stream<Arguments> twirpCodes() {
        return Stream.of(
                Arguments.of(TwirpCode.NOT_FOUND, NotFoundException.class, false),
                Arguments.of(TwirpCode.UNAUTHENTICATED, LiveKitMisconfiguredException.class, false),
                Arguments.of(TwirpCode.PERMISSION_DENIED, LiveKitMisconfiguredException.class, false),
                Arguments.of(TwirpCode.BAD_ROUTE, LiveKitMisconfiguredException.class, false),
                Arguments.of(TwirpCode.UNIMPLEMENTED, LiveKitMisconfiguredException.class, false),
                Arguments.of(TwirpCode.INVALID_ARGUMENT, InvalidRequestException.class, false),
                Arguments.of(TwirpCode.MALFORMED, InvalidRequestException.class, false),
                Arguments.of(TwirpCode.OUT_OF_RANGE, InvalidRequestException.class, false),
                Arguments.of(TwirpCode.ALREADY_EXISTS, ConflictException.class, false),
                Arguments.of(TwirpCode.ABORTED, ConflictException.class, false),
                Arguments.of(TwirpCode.FAILED_PRECONDITION, ConflictException.class, false),
                Arguments.of(TwirpCode.RESOURCE_EXHAUSTED, LiveKitUnavailableException.class, true),
                Arguments.of(TwirpCode.UNAVAILABLE, LiveKitUnavailableException.class, true),
                Arguments.of(TwirpCode.DEADLINE_EXCEEDED, LiveKitUnavailableException.class, true),
                Arguments.of(TwirpCode.INTERNAL, LiveKitUnavailableException.class, true),
                Arguments.of(TwirpCode.UNKNOWN, LiveKitUnavailableException.class, true),
                Arguments.of(TwirpCode.CANCELED, LiveKitUnavailableException.class, true),
                Arguments.of(TwirpCode.DATA_LOSS, LiveKitUnavailableException.class, true));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("twirpCodes")
    void eachTwirpCodeReachesTheCallerAsItsMappedException(
            TwirpCode code, Class<? extends MeetingException> expected, boolean retryable) {
        fake.failNext(1, Fault.twirp(code, "injected " + code.code()));
        assertThatThrownBy(() -> {
                    try (LiveKitServerGateway gateway = MeetKit.liveKitGateway(
                            fake.url(), fake.apiKey(), fake.apiSecret(), Duration.ofSeconds(2))) {
                        gateway.listParticipants(meeting.roomName());
                    }
                })
                .isInstanceOfSatisfying(expected, e -> {
                    assertThat(e.twirpCode()).contains(code.code());
                    assertThat(e.retryable()).isEqualTo(retryable);
                    assertThat(e.getMessage()).contains("ListParticipants").contains("injected");
                });
    }

    @Test
    void http503IsRetryableAndTheMeetingIsUnchanged() {
        fake.failNext(1, Fault.http(503));
        assertThatThrownBy(() -> kit.meetings().end(meeting.id()))
                .isInstanceOfSatisfying(
                        LiveKitUnavailableException.class,
                        e -> assertThat(e.retryable()).isTrue());
        assertThat(kit.meetings().require(meeting.id())).isEqualTo(meeting);
        assertThat(fake.room(meeting.roomName())).isPresent();
    }

    @Test
    void aDelayPastTheCallTimeoutIsRetryable() {
        fake.failNext(1, Fault.delay(Duration.ofSeconds(3)));
        assertThatThrownBy(() -> kit.meetings().kick(meeting.id(), "alice"))
                .isInstanceOfSatisfying(LiveKitUnavailableException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("RemoveParticipant");
                });
        assertThat(kit.meetings().require(meeting.id())).isEqualTo(meeting);
    }

    @Test
    void aDroppedConnectionIsRetryable() {
        fake.failNext(1, Fault.dropConnection());
        assertThatThrownBy(() -> kit.meetings().participants(meeting.id()))
                .isInstanceOfSatisfying(
                        LiveKitUnavailableException.class,
                        e -> assertThat(e.retryable()).isTrue());
    }

    @Test
    void aWrongSecretIsAMisconfigurationNotRetryable() {
        try (MeetKit wrong = MeetKit.builder()
                .liveKitUrl(fake.url())
                .apiKey(fake.apiKey())
                .apiSecret("another-secret-that-is-at-least-32-bytes-long")
                .build()) {
            Meeting m = wrong.meetings()
                    .create(CreateMeeting.builder("Wrong", "admin").build());
            assertThatThrownBy(() -> wrong.meetings().participants(m.id()))
                    .isInstanceOfSatisfying(LiveKitMisconfiguredException.class, e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).doesNotContain("another-secret");
                    });
        }
    }
}
